package names

import "strings"

// joinSplitPostcodes returns s with each postcode written as two groups of
// digits joined into one word ("Chennai 600 036", "160 00 Praha", "157 72
// Athens"): read apart, neither group is a postcode (isPostcode asks for
// four digits), and "Town 600 036" was read as an organisation's name
// rather than its address. Two groups of two or three digits, five or six
// in all, one space between them, are joined when each stands alone: no
// letter or dash is run onto the first ("SE-100 44" is left as written,
// and read already), no other number stands beside either (a longer run
// of groups is a telephone's or a count's), and a word boundary follows.
// It returns s itself when it joins nothing.
func joinSplitPostcodes(s string) string {
	var b strings.Builder
	done := 0
	for i := 0; i < len(s); {
		if !isDigitByte(s[i]) {
			i++
			continue
		}
		j := digitsEnd(s, i)
		if k, ok := splitPostcodeAt(s, i, j); ok {
			b.WriteString(s[done:j])
			done = j + 1 // the space between the groups
			i = k
			continue
		}
		i = j
	}
	return Edited(&b, s, done)
}

// splitPostcodeAt reports whether the digits s[i:j] and the group after
// the space that follows them are one postcode written in two groups (see
// joinSplitPostcodes), and where the second group ends.
func splitPostcodeAt(s string, i, j int) (int, bool) {
	if j-i < 2 || j-i > 3 || j+1 >= len(s) || s[j] != ' ' || !isDigitByte(s[j+1]) {
		return 0, false
	}
	if i > 0 && strings.IndexByte(" ,;(", s[i-1]) < 0 || i > 1 && s[i-1] == ' ' && isDigitByte(s[i-2]) {
		return 0, false // run onto a word, or after another number
	}
	k := digitsEnd(s, j+1)
	if n := k - j - 1; n < 2 || n > 3 || j-i+n < 5 {
		return 0, false
	}
	if k < len(s) && (strings.IndexByte(" ,;.)", s[k]) < 0 || s[k] == ' ' && k+1 < len(s) && isDigitByte(s[k+1])) {
		return 0, false // run onto a word, or before another number
	}
	return k, true
}

// digitsEnd returns the end of the run of ASCII digits starting at s[i].
func digitsEnd(s string, i int) int {
	for i < len(s) && isDigitByte(s[i]) {
		i++
	}
	return i
}

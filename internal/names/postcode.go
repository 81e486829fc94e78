package names

import "strings"

// joinSplitPostcodes returns s with each postcode written as two groups of
// digits joined into one word: with a space between ("Chennai 600 036",
// "160 00 Praha", "157 72 Athens") or a hyphen ("305-8577 Tsukuba",
// "4710-057 Braga", "00-950 Warszawa"). Read apart, neither group is a
// postcode (isPostcode asks for four digits, and the tokens lose the
// hyphen), so the town before them was not read as the address, and "Town
// 600 036" was even read as an organisation's name. Groups of two or
// three digits, five or six in all, are joined across a space; across a
// hyphen, a first group of two to four digits and a second of three or
// four, five to seven in all (a United States ZIP+4, "93106-9530", has
// five before the hyphen and is read as written). They are joined only
// when they stand alone: no letter or dash is run onto the first ("SE-100
// 44" is left as written, and read already; a town's name hyphenated to it
// is, "Bangalore-560 012"), no other number stands beside them (a longer run of groups is a telephone's or a count's), and a word
// boundary follows. It returns s itself when it joins nothing.
func joinSplitPostcodes(s string) string {
	var b strings.Builder
	done := 0
	for i := nextDigit(s, 0); i < len(s); i = nextDigit(s, i) {
		j := digitsEnd(s, i)
		if k, ok := splitPostcodeAt(s, i, j); ok {
			b.WriteString(s[done:j])
			done = j + 1 // the space or hyphen between the groups
			i = k
			continue
		}
		i = j
	}
	return Edited(&b, s, done)
}

// splitPostcodeAt reports whether the digits s[i:j] and the group after
// the space or hyphen that follows them are one postcode written in two
// groups (see joinSplitPostcodes), and where the second group ends.
func splitPostcodeAt(s string, i, j int) (int, bool) {
	if j+1 >= len(s) || s[j] != ' ' && s[j] != '-' || !isDigitByte(s[j+1]) {
		return 0, false
	}
	if i > 0 && strings.IndexByte(" ,;(", s[i-1]) < 0 && !townHyphen(s, i, j) || i > 1 && s[i-1] == ' ' && isDigitByte(s[i-2]) {
		return 0, false // run onto a word, or after another number
	}
	k := digitsEnd(s, j+1)
	a, n := j-i, k-j-1
	if s[j] == ' ' && (a < 2 || a > 3 || n < 2 || n > 3 || a+n < 5) ||
		s[j] == '-' && (a < 2 || a > 4 || n < 3 || n > 4 || a+n < 5 || a+n > 7) {
		return 0, false
	}
	if k < len(s) && (strings.IndexByte(" ,;.)", s[k]) < 0 || s[k] == ' ' && k+1 < len(s) && isDigitByte(s[k+1])) {
		return 0, false // run onto a word, or before another number
	}
	return k, true
}

// townHyphen reports whether the first group s[i:j] of a postcode written
// across a space is hyphenated to a town's name of three letters or more
// ("Bangalore-560 012"), not to a country's letters ("SE-100 44", read as
// written).
func townHyphen(s string, i, j int) bool {
	if i < 4 || s[i-1] != '-' || s[j] != ' ' {
		return false
	}
	for k := i - 2; k >= i-4; k-- {
		if c := s[k] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// nextDigit returns the index of the first ASCII digit of s at or after
// i, or len(s). It reads eight bytes at a time: most of an affiliation's
// text holds none.
func nextDigit(s string, i int) int {
	for ; i+8 <= len(s); i += 8 {
		// Written byte by byte from one slice, the loads combine into
		// one. A byte is a digit when, less '0', it is below 10: the
		// test below finds whether any of the eight is (never a byte of
		// 0x80 or above, whose top bit stays set).
		b := s[i : i+8]
		w := uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
			uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
		x := w ^ 0x3030303030303030
		if (x-0x0a0a0a0a0a0a0a0a)&^x&0x8080808080808080 != 0 {
			break
		}
	}
	for i < len(s) && !isDigitByte(s[i]) {
		i++
	}
	return i
}

// digitsEnd returns the end of the run of ASCII digits starting at s[i].
func digitsEnd(s string, i int) int {
	for i < len(s) && isDigitByte(s[i]) {
		i++
	}
	return i
}

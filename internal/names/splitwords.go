package names

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// JoinWords returns s with the space removed between each two
// neighbouring words whose normalised forms are one of pairs, in order
// ("Accel erator" for the pair "accel", "erator"): a caller that found a
// word split in two by a stray space among the tokens rejoins it in the
// text. Only words written next to each other with one space between
// them, letters on either side of it, are joined; a hyphen before the
// space, where a line broke the word ("Univer- sity"), goes too. It
// returns s itself when it changes nothing.
func JoinWords(s string, pairs [][2]string) string {
	if len(pairs) == 0 {
		return s
	}
	var b strings.Builder
	done := 0
	prevStart, prevEnd := -1, -1 // the word before, as bytes of s
	eachWord(s, func(i, j int) {
		if prevEnd >= 0 && i == prevEnd+1 && letterAround(s, prevEnd, i) {
			a, z := Normalize(s[prevStart:prevEnd]), Normalize(s[i:j])
			for _, p := range pairs {
				if p[0] == a && p[1] == z {
					end := prevEnd
					if s[end-1] == '-' {
						end-- // a line's break ("Univer- sity")
					}
					b.WriteString(s[done:end])
					done = i
					break
				}
			}
		}
		prevStart, prevEnd = i, j
	})
	return Edited(&b, s, done)
}

// Edited returns s itself when a loop that copies s with edits into b
// copied nothing (done, the end of what b holds of s, is 0), else what b
// holds followed by the rest of s: the end every such loop shares.
func Edited(b *strings.Builder, s string, done int) string {
	if done == 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}

// eachWord calls fn with the bounds of each run of s between spaces, in
// order.
func eachWord(s string, fn func(start, end int)) {
	for i := 0; i < len(s); {
		if s[i] == ' ' {
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] != ' ' {
			j++
		}
		fn(i, j)
		i = j
	}
}

// letterAround reports whether the word ending at end and the one
// starting at start, with one space between, meet in letters: nothing
// ("Accel, erator") separates them but the space.
func letterAround(s string, end, start int) bool {
	before, n := utf8.DecodeLastRuneInString(s[:end])
	if before == '-' && end-n > 0 {
		// A hyphen where a line broke a word ("Univer- sity").
		before, _ = utf8.DecodeLastRuneInString(s[:end-n])
	}
	after, _ := utf8.DecodeRuneInString(s[start:])
	return s[end] == ' ' && unicode.IsLetter(before) && unicode.IsLetter(after)
}

// ReplaceWords returns s with each word whose normalised form is a key of
// repl written as its value instead, the marks and spaces around it kept
// and a capital first letter too ("Universitaet zu Koeln," for {"koeln":
// "koln"} gives "Universitaet zu Koln,"), each part of a word joined by
// hyphens, or of two joined by a comma or semicolon, read as a word. A
// caller that found a word the index does not know in a spelling of one
// it does rewrites it so. It returns s itself when it changes nothing.
func ReplaceWords(s string, repl map[string]string) string {
	if len(repl) == 0 {
		return s
	}
	var b strings.Builder
	done := 0
	eachWord(s, func(i, j int) {
		// The word's letters, without marks around them.
		lo, hi := i, j
		for lo < hi {
			r, n := utf8.DecodeRuneInString(s[lo:hi])
			if unicode.IsLetter(r) {
				break
			}
			lo += n
		}
		for hi > lo {
			r, n := utf8.DecodeLastRuneInString(s[lo:hi])
			if unicode.IsLetter(r) {
				break
			}
			hi -= n
		}
		if lo >= hi {
			return
		}
		// Each part of a word joined by hyphens is a word of its own
		// ("Erlangen-Nuernberg"), as is each part of two joined by a
		// comma or semicolon with no space after it ("Technolgy,Northtown").
		for lo <= hi {
			end := lo + strings.IndexAny(s[lo:hi], "-,;")
			if end < lo {
				end = hi
			}
			if v, ok := repl[Normalize(s[lo:end])]; ok && lo < end {
				b.WriteString(s[done:lo])
				if first, _ := utf8.DecodeRuneInString(s[lo:end]); unicode.IsUpper(first) {
					v = titleWord(v) // as written: "Calfornia" is "California"
				}
				b.WriteString(v)
				done = end
			}
			lo = end + 1
		}
	})
	return Edited(&b, s, done)
}

// CutGluedNumbers returns s without the footnotes' numbers that text
// taken from a PDF glues to the word they followed raised ("Department of
// Physics1, University of Westmoor2"): numbers of one or two digits
// (several with commas or dashes between: "1,2") ending a word of three
// letters or more ("Physics1", "CERN1", "Erlangen-Nürnberg2", "Univ.1")
// before a comma, a semicolon, a space or the end, when knows (of a
// normalised word: whether the registry holds it) holds the word without
// them and not with them. A word the registry writes with its digits
// ("BIO5" of the BIO5 Institute) is left. It returns s itself when it
// cuts nothing.
func CutGluedNumbers(s string, knows func(string) bool) string {
	if !gluedDigit(s) {
		return s // the common case
	}
	var b strings.Builder
	done := 0
	eachWord(s, func(i, j int) {
		w := strings.TrimRight(s[i:j], ",;.")
		end := i + len(w)
		// The numbers ending the word, then the letters before them
		// back to the first that is not one ("Erlangen-Nuremberg2"),
		// an abbreviation's stop between ("Univ.1").
		k := len(w)
		for k > 0 && strings.IndexByte("0123456789,-", w[k-1]) >= 0 {
			k--
		}
		for k < len(w) && (w[k] < '0' || w[k] > '9') {
			k++
		}
		if k == len(w) || !footnoteNumbers(w[k:]) {
			return
		}
		head := strings.TrimSuffix(w[:k], ".")
		l := len(head)
		for l > 0 {
			r, n := utf8.DecodeLastRuneInString(head[:l])
			if !unicode.IsLetter(r) {
				break
			}
			l -= n
		}
		letters := head[l:]
		if utf8.RuneCountInString(letters) < 3 || !knows(Normalize(letters)) || knows(Normalize(letters+w[k:])) {
			return
		}
		b.WriteString(s[done : i+k])
		done = end
	})
	return Edited(&b, s, done)
}

// footnoteNumbers reports whether t is one or more footnotes' numbers of
// one or two digits, separated by commas or dashes ("1", "12", "1,2",
// "1-3").
func footnoteNumbers(t string) bool {
	for _, n := range strings.FieldsFunc(t, func(r rune) bool { return r == ',' || r == '-' || r == '–' }) {
		if len(n) > 2 || strings.Trim(n, "0123456789") != "" {
			return false
		}
	}
	return t != "" && t[0] >= '0' && t[0] <= '9'
}

// gluedDigit reports whether s has a letter, or a stop, followed right
// away by a digit: an ASCII letter, or a byte of a letter's UTF-8.
func gluedDigit(s string) bool {
	for i := 1; i < len(s); i++ {
		if c := s[i-1] | 0x20; s[i] >= '0' && s[i] <= '9' && (c >= 'a' && c <= 'z' || s[i-1] >= 0x80 || c == '.') {
			return true
		}
	}
	return false
}

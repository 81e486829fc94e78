package names

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// minCaselessLetters is how many cased letters a string needs before
// Caseless reads it as written in one case on purpose: "MIT" or "NIH"
// alone is an acronym, not a shouted name.
const minCaselessLetters = 6

// Caseless reports whether s writes every cased letter in one case, all
// capitals ("DEPARTMENT OF PHYSICS, UNIVERSITY OF X") or all small letters
// ("department of physics, university of x"), over at least two words.
// Such a string carries none of the cues the parser reads from case: an
// acronym in capitals among words, a name that opens after "and" with a
// capital, two words glued where a capital starts the second.
func Caseless(s string) bool {
	upper, lower, words := 0, 0, 0
	inWord := false
	for _, r := range s {
		letter := true
		switch {
		case unicode.IsUpper(r):
			upper++
		case unicode.IsLower(r):
			lower++
		default:
			letter = false
		}
		if upper > 0 && lower > 0 {
			return false // most strings, within their first word
		}
		if letter && !inWord {
			words++
		}
		inWord = letter
	}
	return words >= 2 && upper+lower >= minCaselessLetters && (upper == 0 || lower == 0)
}

// CaseForms learns how a body of names writes its words (a registry's):
// for each word, the form most names give it ("of", "de", "CNRS",
// "McGill", and for most words the default, a capital first letter).
// Truecase reads it back. The zero value is empty and ready.
type CaseForms struct {
	counts map[string]int // each form as written → how many times
	forms  map[string]string
	// smallFirst holds the forms written with a small letter and then a
	// capital ("eScience", "cTRL"), whichever form most names give the
	// word.
	smallFirst map[string]bool
}

// Add counts the words of one name as it writes them. It must not be
// called after Finish.
func (c *CaseForms) Add(name string) {
	if c.counts == nil {
		c.counts = map[string]int{}
	}
	eachCasedWord(name, func(w string) { c.counts[w]++ })
}

// Finish keeps, for each word counted, its most frequent form (an empty
// one for the default, see CaseForms), and drops the counts.
func (c *CaseForms) Finish() {
	type best struct {
		form string
		n    int
	}
	bests := make(map[string]best, len(c.counts))
	for f, n := range c.counts {
		k := strings.ToLower(f)
		if b, ok := bests[k]; !ok || n > b.n || n == b.n && f < b.form {
			bests[k] = best{f, n}
		}
	}
	c.forms = make(map[string]string, len(bests))
	c.smallFirst = map[string]bool{}
	for f := range c.counts {
		if r, n := utf8.DecodeRuneInString(f); unicode.IsLower(r) && strings.ContainsFunc(f[n:], unicode.IsUpper) {
			c.smallFirst[f] = true
		}
	}
	for k, b := range bests {
		if b.form == titleWord(k) {
			b.form = "" // the default, kept to mark the word known
		}
		c.forms[k] = b.form
	}
	c.counts = nil
}

// Form returns the form names give the word lower (in small letters), and
// whether they write it at all.
func (c *CaseForms) Form(lower string) (string, bool) {
	f, ok := c.forms[lower]
	if ok && f == "" {
		f = titleWord(lower)
	}
	return f, ok
}

// WritesSmallFirst reports whether some name writes w exactly, a word
// opening with a small letter before a capital ("eScience", "cTRL"): a
// brand so written, though most names write the word otherwise.
func (c *CaseForms) WritesSmallFirst(w string) bool { return c.smallFirst[w] }

// maxKeptAcronym is the longest word Truecase keeps in capitals, when the
// forms do not know it and the string is written in capitals: a short
// unknown word so written is likelier an acronym than a name.
const maxKeptAcronym = 4

// Truecase rewrites a caseless string (see Caseless) as names write their
// words: each word as forms has it ("UNIVERSITY OF X AND NIHR" → "University
// of X and NIHR"). A word forms does not know is written in small letters
// if it is a stopword ("of", "and"), with a capital first letter if it
// abbreviates a word ("ACAD", "SCI"), in capitals if it has one or two
// letters (a code or initials: "fl", "tx"), kept in capitals if it has up
// to maxKeptAcronym letters and is so written (an acronym), and otherwise
// with a capital first letter. A state's or province's code ending its
// part is written in capitals. Everything but cased letters is left as it
// is. A string that is not caseless is returned unchanged.
func Truecase(s string, forms *CaseForms) string {
	if !Caseless(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	start := -1     // byte offset of the cased word being read, or -1
	var before rune // the rune before that word
	inPart := false // whether a word came before it in its part
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := s[start:end]
		start = -1
		k := strings.ToLower(w)
		if len(k) == 1 && (before == '\'' || before == '’') {
			b.WriteString(k) // a possessive's or contraction's letter: "Children's"
			return
		}
		if len(k) <= 3 && IsRegionCode(strings.ToUpper(k)) && !letterNext(s[end:]) {
			// A state's or province's code ending its part, as after a
			// town ("BLOOMINGTON IN 47405", "portland or"): in capitals,
			// as the parser reads a code, though the word ("in", "or")
			// is one of the registry's too.
			b.WriteString(strings.ToUpper(k))
			return
		}
		if f, ok := forms.Form(k); ok {
			if c, ok := canonical[k]; ok && c != k && f == w && utf8.RuneCountInString(k) > 2 && (inPart || letterNext(s[end:])) {
				// A word's abbreviation some name writes as an acronym,
				// among other words of its part: the abbreviation of an
				// abbreviated name ("CHINESE ACAD AGR SCI"), not the
				// acronym, which a part holds alone ("INT, Northtown").
				b.WriteString(titleWord(k))
				return
			}
			b.WriteString(f)
			return
		}
		if stopwords[k] {
			b.WriteString(k) // "of", "and", "de", whatever names do not write
			return
		}
		if c, ok := canonical[k]; ok && c != k {
			b.WriteString(titleWord(k)) // a word abbreviated: "ACAD", "SCI"
			return
		}
		if utf8.RuneCountInString(k) <= 2 {
			b.WriteString(strings.ToUpper(k)) // a code or initials: "fl", "tx"
			return
		}
		if w != k && utf8.RuneCountInString(w) <= maxKeptAcronym {
			b.WriteString(w) // in capitals, short and unknown: an acronym
			return
		}
		b.WriteString(titleWord(k))
	}
	for i, r := range s {
		if isCasedLetter(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		word := start >= 0
		flush(i)
		inPart = inPart || word
		b.WriteRune(r)
		before = r
		if r == ',' || r == ';' || r == '(' || r == ')' {
			inPart = false // a new part begins
		}
	}
	flush(len(s))
	return b.String()
}

// eachCasedWord calls f with every maximal run of cased letters in s.
func eachCasedWord(s string, f func(string)) {
	start := -1
	for i, r := range s {
		if isCasedLetter(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			f(s[start:i])
			start = -1
		}
	}
	if start >= 0 {
		f(s[start:])
	}
}

func isCasedLetter(r rune) bool {
	return unicode.IsUpper(r) || unicode.IsLower(r) || unicode.IsTitle(r)
}

// titleWord is w (in small letters) with its first letter a capital.
func titleWord(w string) string {
	r, n := utf8.DecodeRuneInString(w)
	if r == utf8.RuneError {
		return w
	}
	return string(unicode.ToTitle(r)) + w[n:]
}

// letterNext reports whether the first rune of s that is not a space is a
// letter: the word before s goes on in the same part.
func letterNext(s string) bool {
	for _, r := range s {
		if r != ' ' {
			return unicode.IsLetter(r)
		}
	}
	return false
}

// SmallStopwords rewrites a string written in title case, every word
// opening with a capital ("Department Of Surgery, University Of Northwold
// And NIHR Westhaven"), as names write their small words: each word
// written with a capital and then small letters that forms writes in small
// letters ("of", "and", "für"), or a stopword forms does not know, is
// written small, unless it opens a part (after a comma, a semicolon, an
// opening bracket or at the start: "…, The State University") or is a
// state's code ending its part. The parser reads "and" between two names
// as the join it is, and a name's small words as its own. A string with a
// word opening with a small letter, as most are, is returned unchanged.
func SmallStopwords(s string, forms *CaseForms) string {
	if !titleCased(s) {
		return s
	}
	var b strings.Builder
	copied := 0 // s[:copied] is written to b
	eachWordStart(s, func(start, end int, opens bool) {
		w := s[start:end]
		if opens || len(w) > maxSmallWord || !capitalThenSmall(w) {
			return
		}
		var buf [maxSmallWord]byte
		k := lowerInto(buf[:0], w) // no string built for most words
		if len(k) <= 3 && !letterNext(s[end:]) && IsRegionCode(strings.ToUpper(string(k))) {
			return // "Portland Or", "Bloomington In 47405"
		}
		if f, ok := forms.forms[string(k)]; ok && f != string(k) || !ok && !stopwords[string(k)] {
			return // (the form read as Form would, without building the default one)
		}
		if b.Len() == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[copied:start])
		b.Write(k)
		copied = end
	})
	return Edited(&b, s, copied)
}

// maxSmallWord is the longest word SmallStopwords writes small: the
// small words of names are short ("of", "and", "für", "della").
const maxSmallWord = 8

// lowerInto appends w in small letters to b: ASCII letters lowered byte
// by byte, any other text as strings.ToLower gives it.
func lowerInto(b []byte, w string) []byte {
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			return append(b[:0], strings.ToLower(w)...)
		}
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}

// titleCased reports whether every word of s opens with a capital, over
// two words at least. Most strings have a word opening with a small letter
// in their first few words, where it stops reading.
func titleCased(s string) bool {
	words := 0
	var before rune = ' '
	for _, r := range s {
		if isCasedLetter(r) && wordMay(before) {
			if unicode.IsLower(r) {
				return false
			}
			words++
		}
		before = r
	}
	return words >= 2
}

// wordMay reports whether a word may open after the rune before it: not
// after a letter, a digit or an apostrophe.
func wordMay(before rune) bool {
	return !unicode.IsLetter(before) && !unicode.IsDigit(before) && before != '\'' && before != '’'
}

// capitalThenSmall reports whether w is a capital followed by one small
// letter or more ("Of", not "OF" or "of").
func capitalThenSmall(w string) bool {
	r, n := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) || n == len(w) {
		return false
	}
	for _, r := range w[n:] {
		if !unicode.IsLower(r) {
			return false
		}
	}
	return true
}

// eachWordStart calls f with the bounds of every word of s (a run of
// cased letters not right after a letter, a digit or an apostrophe) and
// whether it opens a part: first in s, or first after a comma, a
// semicolon or an opening bracket.
func eachWordStart(s string, f func(start, end int, opens bool)) {
	opens := true
	var before rune = ' '
	start := -1
	for i, r := range s {
		if isCasedLetter(r) {
			if start < 0 && wordMay(before) {
				start = i
			}
			before = r
			continue
		}
		if start >= 0 {
			f(start, i, opens)
			start, opens = -1, false
		}
		switch r {
		case ',', ';', '(', '[':
			opens = true
		}
		before = r
	}
	if start >= 0 {
		f(start, len(s), opens)
	}
}

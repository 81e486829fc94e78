package evalset

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// This file holds the evaluation set's own, deliberately plain text
// handling. It is kept independent of internal/names so that the sets do not
// inherit the blind spots of the engine they measure: it only needs to be
// good enough to decide "is this the same written name" conservatively.

// stripMarks removes combining marks after NFD, so "Zürich" keys as "zurich".
var stripMarks = runes.Remove(runes.In(unicode.Mn))

// normKey folds a name to a comparison key: NFKC, lower case, diacritics
// removed, apostrophes dropped ("Xi'an" -> "xian"), "&" read as "and", other
// punctuation as space, a leading or standalone "the" dropped, spaces
// collapsed. Han text keeps its characters with spaces removed.
func normKey(s string) string {
	return strings.Join(tokens(s), " ")
}

// tokens splits a name into normalised word tokens (see normKey). A run of
// Han characters is one token.
func tokens(s string) []string {
	if !isASCII(s) {
		s = norm.NFKC.String(s)
		if t, _, err := transform.String(transform.Chain(norm.NFD, stripMarks, norm.NFC), s); err == nil {
			s = t
		}
	}
	s = strings.ToLower(s)
	var out []string
	var cur strings.Builder
	curHan := false
	flush := func() {
		if cur.Len() > 0 {
			w := cur.String()
			if w != "the" {
				out = append(out, w)
			}
			cur.Reset()
		}
	}
	for _, r := range s {
		switch {
		case r == '\'' || r == '’' || r == '‘' || r == '`':
			// apostrophes join: "xi'an" -> "xian", "people's" -> "peoples"
		case r == '&':
			flush()
			out = append(out, "and")
		case unicode.Is(unicode.Han, r):
			if !curHan {
				flush()
			}
			curHan = true
			cur.WriteRune(r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if curHan {
				flush()
			}
			curHan = false
			cur.WriteRune(r)
		default:
			flush()
			curHan = false
		}
	}
	flush()
	return out
}

// hasHan reports whether s contains at least one Han character.
func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// hanOnly returns only the Han characters of s, in order.
func hanOnly(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isHanName reports whether s is written essentially in Han script: it has
// Han characters and no Latin letters.
func isHanName(s string) bool {
	if !hasHan(s) {
		return false
	}
	for _, r := range s {
		if r < unicode.MaxASCII && unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// splitBilingual splits the ASPI "English (中文)" form into its English and
// Chinese parts. When the bracketed part is not Han script the value is
// returned whole as English.
func splitBilingual(v string) (en, zh string) {
	v = strings.TrimSpace(v)
	for i, r := range v {
		if r != '(' && r != '（' {
			continue
		}
		head := v[:i]
		if hasHan(head) {
			break
		}
		inner := strings.TrimSpace(v[i+utf8.RuneLen(r):])
		// drop the one closing bracket that ends the value, if any
		if strings.HasSuffix(inner, ")") {
			inner = strings.TrimSuffix(inner, ")")
		} else if strings.HasSuffix(inner, "）") && strings.Count(inner, "（") < strings.Count(inner, "）") {
			inner = strings.TrimSuffix(inner, "）")
		}
		inner = strings.TrimSpace(inner)
		if hasHan(inner) && strings.TrimSpace(head) != "" {
			return strings.TrimSpace(head), inner
		}
	}
	if isHanName(v) {
		return "", v
	}
	return v, ""
}

// stripParens removes bracketed parts: "Beihang University (BUAA)" ->
// "Beihang University".
func stripParens(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch r {
		case '(', '（', '[':
			depth++
		case ')', '）', ']':
			if depth > 0 {
				depth--
			}
		default:
			if depth == 0 {
				b.WriteRune(r)
			}
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// lowerNoPunct is the "lower" variant: lower case, punctuation replaced by
// spaces, spaces collapsed. Unlike normKey it keeps "the" and "&" is dropped
// rather than spelled out, as text pasted from a lower-cased export would be.
func lowerNoPunct(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r == '\'' || r == '’':
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		default:
			b.WriteRune(' ')
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// stopwords are dropped from loose keys.
var stopwords = map[string]bool{"of": true, "and": true, "the": true, "for": true, "in": true, "at": true, "on": true}

// legalWords are company legal-form words dropped from core keys.
var legalWords = map[string]bool{
	"co": true, "ltd": true, "limited": true, "company": true, "corp": true, "corporation": true,
	"inc": true, "incorporated": true, "llc": true, "plc": true, "group": true, "holdings": true,
	"有限公司": true, "有限责任公司": true, "集团": true, "股份有限公司": true,
}

// coreKey is normKey without legal-form words, so "X Co., Ltd." and
// "X Company Limited" key the same.
func coreKey(s string) string {
	var out []string
	for _, t := range tokens(s) {
		if !legalWords[t] {
			out = append(out, t)
		}
	}
	return strings.Join(out, " ")
}

// looseKey is a deliberately over-eager key used only to keep doubtful
// negatives out of the set: stopwords and legal forms dropped, the words for
// a university-like body collapsed to one, tokens sorted. "University of
// Science and Technology Beijing" and "Beijing University of Science and
// Technology" share a loose key, as do "Harbin Institute of Technology" and
// "Harbin University of Technology".
func looseKey(s string) string {
	var out []string
	for _, t := range tokens(s) {
		if stopwords[t] || legalWords[t] {
			continue
		}
		switch t {
		case "university", "institute", "college", "academy", "school", "polytechnic", "polytechnical":
			t = "~inst"
		case "technological", "technical":
			t = "technology"
		case "sciences":
			t = "science"
		case "defence":
			t = "defense"
		case "centre":
			t = "center"
		}
		out = append(out, t)
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

// containsSeq reports whether tokens hay contain needle as a contiguous
// run.
func containsSeq(hay, needle []string) bool {
	if len(needle) == 0 || len(needle) > len(hay) {
		return false
	}
outer:
	for i := 0; i+len(needle) <= len(hay); i++ {
		for j := range needle {
			if hay[i+j] != needle[j] {
				continue outer
			}
		}
		return true
	}
	return false
}

// runeLen counts runes.
func runeLen(s string) int { return len([]rune(s)) }

// isASCII reports whether s is plain ASCII, which needs no Unicode folding.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

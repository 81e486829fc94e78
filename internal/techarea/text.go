package techarea

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is one word of a text field: a maximal run of letters, digits and
// combining marks. Offsets are bytes into the field, so evidence can point at
// the exact span a reader sees.
type token struct {
	orig  string // as written, for case-sensitive phrases (acronyms)
	lower string // lower-cased, for prefix phrases
	norm  string // lower-cased with regular English plurals folded
	start int
	end   int
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// tokenize splits s into word tokens. It accepts any valid UTF-8 and never
// fails; text in scripts without spaces (Chinese, Japanese) becomes long
// tokens that simply match no English phrase.
func tokenize(s string, dst []token) []token {
	start := -1
	for i := 0; i < len(s); {
		c := s[i]
		var r rune
		size := 1
		if c < utf8.RuneSelf {
			r = rune(c)
		} else {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		word := false
		if c < utf8.RuneSelf {
			word = ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
		} else {
			word = isWordRune(r)
		}
		if word {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			dst = append(dst, newToken(s, start, i))
			start = -1
		}
		i += size
	}
	if start >= 0 {
		dst = append(dst, newToken(s, start, len(s)))
	}
	return dst
}

func newToken(s string, start, end int) token {
	orig := s[start:end]
	lower := strings.ToLower(orig)
	return token{orig: orig, lower: lower, norm: fold(lower), start: start, end: end}
}

// fold removes regular English plural endings from a lower-cased word so
// that "qubits" meets "qubit" and "batteries" meets "battery". It is applied
// identically to taxonomy phrases and to text, so an imperfect fold ("series"
// becomes "sery") still matches itself.
func fold(w string) string {
	n := len(w)
	if n <= 3 || w[n-1] != 's' {
		return w
	}
	switch {
	case strings.HasSuffix(w, "ies") && n > 4:
		return w[:n-3] + "y"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"), strings.HasSuffix(w, "xes"):
		return w[:n-2]
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"), strings.HasSuffix(w, "ys"):
		return w
	}
	return w[:n-1]
}

// phraseToken is one word of a compiled taxonomy phrase.
type phraseToken struct {
	text   string // normalised word, exact spelling (case-sensitive), or prefix
	prefix bool   // the phrase word ended in '*': match any word starting with text
}

// compilePhrase splits a taxonomy phrase into the tokens the matcher
// compares. It reports a problem as a message for the validator.
func compilePhrase(phrase string, caseSensitive bool) ([]phraseToken, string) {
	if strings.TrimSpace(phrase) == "" {
		return nil, "empty phrase"
	}
	if !utf8.ValidString(phrase) {
		return nil, "phrase is not valid UTF-8"
	}
	// A '*' is part of the word it ends; split words around other characters.
	var out []phraseToken
	fields := strings.FieldsFunc(phrase, func(r rune) bool { return !isWordRune(r) && r != '*' })
	for _, f := range fields {
		// Words joined by punctuation ("post-quantum") were split above; a
		// '*' inside a word is an error, at the end it marks a prefix.
		star := strings.IndexByte(f, '*')
		if star >= 0 && star != len(f)-1 {
			return nil, "'*' may only end a word"
		}
		if f == "*" {
			return nil, "'*' needs a word before it"
		}
		if star == len(f)-1 {
			p := strings.ToLower(f[:len(f)-1])
			if utf8.RuneCountInString(p) < 3 {
				return nil, "a prefix before '*' needs at least 3 letters"
			}
			if caseSensitive {
				return nil, "case-sensitive phrases cannot use '*'"
			}
			out = append(out, phraseToken{text: p, prefix: true})
			continue
		}
		if caseSensitive {
			out = append(out, phraseToken{text: f})
		} else {
			out = append(out, phraseToken{text: fold(strings.ToLower(f))})
		}
	}
	if len(out) == 0 {
		return nil, "phrase has no words"
	}
	if len(out) > maxPhraseWords {
		return nil, "phrase has more than 8 words"
	}
	return out, ""
}

// maxPhraseWords bounds phrase length, which bounds matching work per token.
const maxPhraseWords = 8

// phraseKey identifies a phrase after normalisation, for duplicate checks and
// for merging an override's terms with the default's.
func phraseKey(toks []phraseToken, caseSensitive bool) string {
	var b strings.Builder
	if caseSensitive {
		b.WriteString("=")
	}
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.text)
		if t.prefix {
			b.WriteByte('*')
		}
	}
	return b.String()
}

// Package names turns organisation and person names, in any script, into
// canonical tokens that the match engine compares. The same code runs at
// index time and at query time, so both sides meet on the same forms. It is
// pure: no I/O, no clock, and the same input always gives the same output.
package names

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"
	"golang.org/x/text/cases"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// t2s converts traditional Chinese to simplified. The dictionaries are
// embedded in the opencc module; the converter is immutable once built.
var t2s = sync.OnceValue(func() *opencc.OpenCC {
	cc, err := opencc.New("t2s")
	if err != nil {
		return nil // conversion is then skipped; names still normalise
	}
	return cc
})

var folder = cases.Fold()

// specialLetters are Latin letters that Unicode does not decompose into a
// base letter and a diacritic.
var specialLetters = map[rune]string{
	'ø': "o", 'Ø': "o", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe", 'đ': "d", 'Đ': "d", 'ł': "l", 'Ł': "l",
	'ß': "ss", 'þ': "th", 'ð': "d", 'ı': "i", 'ħ': "h",
}

// cyrillicLatin romanises Cyrillic letters (lower case, after folding) the
// way Russian and Ukrainian names are usually written in Latin script, so
// "Александр Петров" meets "Aleksandr Petrov".
var cyrillicLatin = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e", 'ж': "zh", 'з': "z", 'и': "i", 'й': "y",
	'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f",
	'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya",
	'і': "i", 'ї': "yi", 'є': "ye", 'ґ': "g", 'ў': "u",
}

// Normalize returns s in the canonical surface form the tokeniser works on:
// NFKC (which also folds full-width forms), case folding, diacritics
// stripped, traditional Chinese converted to simplified, apostrophes
// removed ("People's" → "peoples"), "&" spelled "and", invisible
// formatting characters (soft hyphens, zero-width spaces) dropped, all
// other punctuation turned into spaces, and whitespace collapsed. Invalid
// UTF-8 bytes are dropped.
func Normalize(s string) string {
	if isPlainASCII(s) {
		return normalizeASCII(s)
	}
	if f, ok := foldLatin(s); ok {
		return normalizeFolded(f)
	}
	return normalizeFolded(fold(s))
}

// fold is the first half of Normalize: NFKC, traditional to simplified
// Chinese, case folding and diacritics stripped.
func fold(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, " ")
	}
	s = norm.NFKC.String(s)
	if HasHan(s) {
		if cc := t2s(); cc != nil {
			if out, err := cc.Convert(s); err == nil {
				s = out
			}
		}
	}
	s = strings.ToLower(folder.String(s)) // ToLower settles scripts whose folding is upper case (Cherokee)
	s = stripMarks(s)
	if strings.Contains(s, "법인") || strings.Contains(s, "회사") {
		s = spaceKoreanLegal(s)
	}
	return s
}

// spaceKoreanLegal writes a space after a Korean corporate status (see
// koreanLegalForms) that opens a word and is run into the name after it
// ("학교법인서울…"), so that it is read as the legal-form word it is.
func spaceKoreanLegal(s string) string {
	for p := range koreanLegalForms {
		for from := 0; ; {
			i := strings.Index(s[from:], p)
			if i < 0 {
				break
			}
			i += from
			end := i + len(p)
			from = end
			if (i == 0 || s[i-1] == ' ') && end < len(s) && s[end] != ' ' {
				s = s[:end] + " " + s[end:]
			}
		}
	}
	return s
}

// foldRange is a block of runes whose fold foldLatin looks up.
type foldRange struct {
	lo  rune
	out []string // fold of lo+i, when ok[i]
	ok  []bool
}

// foldRanges hold, for the Latin letters with diacritics, the Latin
// punctuation and the typographic quotes and dashes, each rune's fold
// when folding a string is folding its runes one by one: the rune is its
// own NFKC form and a starter (no neighbour composes with it or reorders
// around it), as are the pieces left of its fold. TestFoldLatin checks
// that on every pair of them and of ASCII characters. The table is built
// on first use, which spares programs that never normalise the time.
var foldRanges = sync.OnceValue(func() []foldRange {
	var out []foldRange
	for _, blk := range [][2]rune{{0x80, 0x24F}, {0x1E00, 0x1EFF}, {0x2000, 0x206F}} {
		fr := foldRange{lo: blk[0]}
		for r := blk[0]; r <= blk[1]; r++ {
			out, ok := foldsAlone(r)
			fr.out = append(fr.out, out)
			fr.ok = append(fr.ok, ok)
		}
		out = append(out, fr)
	}
	return out
})

// foldsAlone returns fold(string(r)) and whether r may be folded on its
// own inside any string of such runes and ASCII.
func foldsAlone(r rune) (string, bool) {
	s := string(r)
	if !utf8.ValidRune(r) || unicode.IsSpace(r) || unicode.In(r, unicode.Mn, unicode.Mc, unicode.Me) || isHan(r) {
		return "", false
	}
	if norm.NFKC.String(s) != s {
		return "", false
	}
	p := norm.NFKC.PropertiesString(s)
	if p.CCC() != 0 || !p.BoundaryBefore() {
		return "", false
	}
	f := fold(s)
	for _, c := range f {
		q := norm.NFKC.PropertiesString(string(c))
		if c >= utf8.RuneSelf && (q.CCC() != 0 || !q.BoundaryBefore()) {
			return "", false
		}
	}
	return f, true
}

// foldLatin folds s rune by rune from foldRanges when it is valid UTF-8
// and all its runes are ASCII or in them, as most non-ASCII names are
// (accented Latin letters, typographic quotes): that gives what fold
// does without the four passes of the Unicode transforms. ok is false
// for any other string.
func foldLatin(s string) (string, bool) {
	var buf [256]byte
	b := buf[:0]
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			return "", false
		}
		ok := false
		frs := foldRanges()
		for k := range frs {
			fr := &frs[k]
			if j := int(r - fr.lo); j >= 0 && j < len(fr.ok) && fr.ok[j] {
				b = append(b, fr.out[j]...)
				ok = true
				break
			}
		}
		if !ok {
			return "", false
		}
		i += n
	}
	return string(b), true
}

// normalizeFolded is the second half of Normalize, on folded text.
func normalizeFolded(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true
	word := 0 // where the current word starts in b
	for i, r := range s {
		switch {
		case r == '\'' || r == '’' || r == '‘' || r == 'ʼ' || r == '`' || r == '´':
			if art, ok := elided(b.String()[word:], s[i+utf8.RuneLen(r):]); ok {
				cur := b.String()[:word]
				b.Reset()
				b.WriteString(cur)
				b.WriteString(art)
				b.WriteByte(' ')
				space, word = true, b.Len()
			}
			continue
		case r == '&':
			if !space {
				b.WriteByte(' ')
			}
			b.WriteString("and ")
			space = true
		case r >= 0x2E80 && isHan(r):
			// Han characters are kept contiguous; a space marks a boundary
			// between a Han run and other text.
			b.WriteRune(r)
			space = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if r < utf8.RuneSelf {
				b.WriteByte(byte(r)) // no ASCII letter is in the tables below
			} else if rep, ok := cyrillicLatin[r]; ok {
				b.WriteString(rep)
			} else if rep, ok := specialLetters[r]; ok {
				b.WriteString(rep)
			} else {
				b.WriteRune(r)
			}
			space = false
		case r >= 0x80 && unicode.Is(unicode.Cf, r):
			// An invisible formatting character (a soft hyphen, a
			// zero-width space, a direction mark) left by a PDF or a web
			// page joins what is either side of it.
			continue
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
			word = b.Len()
		}
	}
	return strings.TrimRight(b.String(), " ")
}

// elisions map a French or Italian article or preposition written elided
// before a vowel ("d'Ouest", "dell'Università", "l'Isola") to its full
// form, which is a stopword; the apostrophe otherwise joins the two words
// into one ("delluniversita") that no other spelling shares.
var elisions = map[string]string{
	"d": "de", "l": "la", "dell": "della", "all": "alla", "nell": "nella", "dall": "dalla", "sull": "sulla", "qu": "que",
}

// elided returns the full form of word when it is an elided article and
// rest goes on with a vowel or an h.
func elided(word, rest string) (string, bool) {
	art, ok := elisions[word]
	if !ok || rest == "" {
		return "", false
	}
	r, _ := utf8.DecodeRuneInString(rest)
	switch unicode.ToLower(r) {
	case 'a', 'e', 'i', 'o', 'u', 'h', 'à', 'â', 'é', 'è', 'ê', 'î', 'ô', 'û', 'ù':
		return art, true
	}
	return "", false
}

// isPlainASCII reports whether every byte of s is ASCII.
func isPlainASCII(s string) bool { return ASCIIPrefix(s) == len(s) }

// normalizeASCII is the fast path of Normalize for ASCII input.
func normalizeASCII(s string) string {
	// The text is built in a buffer on the stack when it fits, so the
	// result string is the only allocation.
	var buf [256]byte
	return string(normalizeASCIIInto(buf[:0], s))
}

// normalizeASCIIInto appends normalizeASCII(s) to b, which must be empty.
func normalizeASCIIInto(b []byte, s string) []byte {
	if cap(b) < len(s)+4 {
		b = make([]byte, 0, len(s)+4)
	}
	space := true
	word := 0 // where the current word starts in b
	for i := 0; i < len(s); i++ {
		c := s[i]
		if l := asciiWordByte[c]; l != 0 {
			b = append(b, l)
			space = false
			continue
		}
		switch {
		case c == '\'' || c == '`':
			if art, ok := elided(string(b[word:]), s[i+1:]); ok {
				b = append(append(b[:word], art...), ' ')
				space, word = true, len(b)
			}
			continue
		case c == '&':
			if !space {
				b = append(b, ' ')
			}
			b = append(b, "and "...)
			space = true
		default:
			if !space {
				b = append(b, ' ')
				space = true
			}
			word = len(b)
		}
	}
	for len(b) > 0 && b[len(b)-1] == ' ' {
		b = b[:len(b)-1]
	}
	return b
}

// asciiWordByte maps an ASCII letter or digit to itself in lower case,
// and every other byte to 0, so that normalizeASCII tells the bytes it
// keeps in one load.
var asciiWordByte = func() (t [256]byte) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = byte(c), byte(c)
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = byte(c)
	}
	return t
}()

var markStripper = sync.Pool{New: func() any {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}}

func stripMarks(s string) string {
	hasMark := false
	for _, r := range s {
		if r >= 0x80 && !isHan(r) {
			hasMark = true
			break
		}
	}
	if !hasMark {
		return s
	}
	t := markStripper.Get().(transform.Transformer)
	defer markStripper.Put(t)
	t.Reset()
	out, _, err := transform.String(t, s)
	if err != nil {
		return s
	}
	return out
}

// isHan reports whether r is a Chinese (Han) character.
func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// ASCIIPrefix returns the length of the longest prefix of s that is
// ASCII. It reads eight bytes at a time, so that scans for characters of
// other scripts pass over the mostly ASCII text of affiliations quickly.
func ASCIIPrefix(s string) int {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		// Written byte by byte from one slice, the loads combine into
		// one.
		b := s[i : i+8]
		w := uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
			uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
		if w&0x8080808080808080 != 0 {
			break
		}
	}
	for i < len(s) && s[i] < utf8.RuneSelf {
		i++
	}
	return i
}

// HasHan reports whether s contains any Chinese character.
func HasHan(s string) bool {
	// Every rune from U+2E80 up is written with a lead byte from 0xE2 up,
	// which is never a continuation byte: the bytes below are passed over
	// without decoding, and decoding starts where ranging over s would.
	for i := ASCIIPrefix(s); i < len(s); {
		if s[i] < 0xE2 {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r >= 0x2E80 && isHan(r) {
			return true
		}
		i += n
	}
	return false
}

// Script names the dominant non-Latin script of s as a language-ish tag
// ("zh", "ru", "ar", "ko", "ja", "el", "he"), or "" for Latin or mixed text.
// Readers use it to tag names whose source gives no language.
func Script(s string) string {
	counts := map[string]int{}
	for _, r := range s {
		switch {
		case r >= 0x2E80 && isHan(r):
			counts["zh"]++
		case unicode.Is(unicode.Cyrillic, r):
			counts["ru"]++
		case unicode.Is(unicode.Arabic, r):
			counts["ar"]++
		case unicode.Is(unicode.Hangul, r):
			counts["ko"]++
		case unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r):
			counts["ja"]++
		case unicode.Is(unicode.Greek, r):
			counts["el"]++
		case unicode.Is(unicode.Hebrew, r):
			counts["he"]++
		}
	}
	if counts["ja"] > 0 {
		return "ja"
	}
	best, n := "", 0
	for k, v := range counts {
		if v > n || (v == n && k < best) {
			best, n = k, v
		}
	}
	return best
}

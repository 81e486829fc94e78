package names

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// RepairMojibake returns s with UTF-8 text that was decoded as Latin-1 or
// Windows-1252 on its way into a record decoded again ("UniversitÃ¤t" for
// "Universität", "â€™" for "’"): read so, the words match nothing, or a
// namesake, as "UniversitÃ¤t Wien" had matched TU Wien. s is read back
// into the bytes that decoding made of it, and those bytes are taken when
// they are valid UTF-8 and differ from s; text with a character neither
// encoding has, or whose bytes are no UTF-8 ("SÃO PAULO", "Åbo"), is left
// as it is. ParseAffiliations repairs what it parses; a caller reading
// cues from the string before parsing repairs it first.
func RepairMojibake(s string) string {
	if !mayBeMojibake(s) {
		return s // the common case
	}
	b := make([]byte, 0, len(s))
	for _, r := range s {
		switch c, ok := charmap.Windows1252.EncodeRune(r); {
		case ok:
			b = append(b, c)
		case r < 0x100:
			// The five bytes Windows-1252 leaves undefined, decoded as
			// Latin-1 control characters.
			b = append(b, byte(r))
		case r == utf8.RuneError:
			// One of them decoded as the replacement character: the
			// byte the lead before it most often has, if one is.
			c := lostByte(b)
			if c == 0 {
				return s
			}
			b = append(b, c)
		default:
			return s
		}
	}
	if !utf8.Valid(b) {
		return s
	}
	return string(b)
}

// lostByte returns the continuation byte a decoder that replaced the five
// bytes Windows-1252 leaves undefined (81, 8D, 8F, 90, 9D) had most
// likely lost after the bytes read back so far, b: 9D after E2 80 (the
// closing quotation mark "”", of "â€�"), 81 after C5 ("Ł", of "Å�"), 8D
// after C4 ("č", of "Ä�"); 0 when no one byte is much likelier.
func lostByte(b []byte) byte {
	n := len(b)
	switch {
	case n >= 2 && b[n-2] == 0xE2 && b[n-1] == 0x80:
		return 0x9D
	case n >= 1 && b[n-1] == 0xC5:
		return 0x81
	case n >= 1 && b[n-1] == 0xC4:
		return 0x8D
	}
	return 0
}

// mayBeMojibake reports whether s holds one of "Â" to "ï" followed by a
// character that a UTF-8 continuation byte decodes to in Latin-1 or
// Windows-1252, or the replacement character a byte Windows-1252 leaves
// undefined may have been decoded to: how the lead byte of a two- or
// three-byte sequence (C2 to EF) reads when decoded so ("Ã¤" for "ä",
// "Å„" for "ń", "â€™" for "’").
func mayBeMojibake(s string) bool {
	for {
		// "Â" to "ï" are C3 82 to C3 AF in UTF-8.
		i := strings.IndexByte(s, 0xC3)
		if i < 0 || i+3 >= len(s) {
			return false
		}
		if s[i+1] >= 0x82 && s[i+1] <= 0xAF {
			r, _ := utf8.DecodeRuneInString(s[i+2:])
			if r >= 0x80 && r <= 0xBF || r == utf8.RuneError || strings.ContainsRune("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ", r) {
				return true
			}
		}
		s = s[i+1:]
	}
}

// dropLostLetters returns s without the marks a lost character leaves
// inside a word when text passes through an encoding that lacks it: the
// replacement character "\uFFFD" next to a letter, and "?" between two
// letters ("Universit\uFFFDt", "Aut?noma"). Split there, the word's halves
// matched other names' words ("Universit t Wien" read as TU Wien); joined,
// the word is one letter short and still matches its own.
func dropLostLetters(s string) string {
	if !strings.ContainsRune(s, utf8.RuneError) && strings.IndexByte(s, '?') < 0 {
		return s // the common case
	}
	rs := []rune(s)
	out := make([]rune, 0, len(rs))
	letter := func(i int) bool { return i >= 0 && i < len(rs) && unicode.IsLetter(rs[i]) }
	for i, r := range rs {
		switch {
		case r == utf8.RuneError && (letter(i-1) || letter(i+1)):
		case r == '?' && letter(i-1) && letter(i+1):
		default:
			out = append(out, r)
		}
	}
	return string(out)
}

package report

import (
	"fmt"
	"strings"
	"sync"
	"unicode"

	"github.com/mozillazg/go-pinyin"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// The PDF's Go fonts cover Latin, Greek and Cyrillic. Text in other
// scripts would print as blanks, silently dropping a partner's name from
// the case file; instead such runs are written in square brackets as a
// transliteration (pinyin for Chinese characters) or, failing that, as
// Unicode code points, and the report says so. The HTML report shows
// every name as written.

var (
	coverOnce sync.Once
	coverFont *sfnt.Font
	coverMu   sync.Mutex
	coverMemo = map[rune]bool{}
)

// inFont reports whether the PDF's text font has a glyph for r.
func inFont(r rune) bool {
	if r < 0x100 || unicode.IsSpace(r) { // Latin-1, and spaces
		return r >= 0x20 || unicode.IsSpace(r)
	}
	coverOnce.Do(func() {
		f, err := sfnt.Parse(goregular.TTF)
		if err == nil {
			coverFont = f
		}
	})
	if coverFont == nil {
		return false
	}
	coverMu.Lock()
	defer coverMu.Unlock()
	if ok, seen := coverMemo[r]; seen {
		return ok
	}
	var buf sfnt.Buffer
	gi, err := coverFont.GlyphIndex(&buf, r)
	ok := err == nil && gi != 0
	coverMemo[r] = ok
	return ok
}

var pinyinPlain = pinyin.NewArgs() // toneless: tone marks on ǎ etc. are outside the font too

// printable returns s with every run of characters the font cannot show
// replaced by a bracketed transliteration, and whether it replaced any.
func printable(s string) (string, bool) {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			return -1 // as the HTML shows them: not at all
		}
		return r
	}, s)
	ok := true
	for _, r := range s {
		if !inFont(r) {
			ok = false
			break
		}
	}
	if ok {
		return s, false
	}
	var b strings.Builder
	rs := []rune(s)
	for i := 0; i < len(rs); {
		if inFont(rs[i]) {
			b.WriteRune(rs[i])
			i++
			continue
		}
		j := i
		for j < len(rs) && (!inFont(rs[j]) || (rs[j] == ' ' && j+1 < len(rs) && !inFont(rs[j+1]))) {
			j++
		}
		b.WriteString("[" + transliterate(rs[i:j]) + "]")
		i = j
	}
	return b.String(), true
}

func transliterate(rs []rune) string {
	var parts []string
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case r == ' ':
			i++
			continue
		case unicode.Is(unicode.Han, r):
			j := i
			for j < len(rs) && unicode.Is(unicode.Han, rs[j]) {
				j++
			}
			if py := pinyin.LazyPinyin(string(rs[i:j]), pinyinPlain); len(py) > 0 {
				parts = append(parts, strings.Join(py, " "))
			}
			i = j
		default:
			parts = append(parts, fmt.Sprintf("U+%04X", r))
			i++
		}
	}
	return strings.Join(parts, " ")
}

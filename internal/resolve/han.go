package resolve

// Chinese (and Japanese kanji) affiliations run an institution's name and
// its units together without a separator: "中国科学院生物物理研究所重点实验室"
// is an institute of the academy followed by one of its laboratories. The
// registry's own names in Han script tell where the institution's name
// ends.

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/collabcheck/collabcheck/internal/names"
)

// hanNames holds the registry names written wholly in Han script,
// normalised (traditional characters as simplified), by their runes.
type hanNames struct {
	set      map[string]bool
	maxRunes int
}

// minHanPrefix is the fewest runes a registry name must have to end a run
// of Han text early: shorter ones ("中大") are abbreviations as often as
// names.
const minHanPrefix = 3

// add records a registry name when it is written in Han script (spaces
// and punctuation apart: "中国矿业大学（北京）").
func (h *hanNames) add(name string) {
	if !names.HasHan(name) {
		return
	}
	k := hanKey(names.Normalize(name))
	if !allHan(k) {
		return
	}
	if h.set == nil {
		h.set = map[string]bool{}
	}
	h.set[k] = true
	h.maxRunes = max(h.maxRunes, utf8.RuneCountInString(k))
}

// hanKey is normalised text without its spaces, which Chinese does not
// write between words and normalisation puts where punctuation was.
func hanKey(s string) string {
	if !strings.Contains(s, " ") {
		return s
	}
	return strings.ReplaceAll(s, " ", "")
}

// markUnits splits, in each organisation segment of Chinese text, the
// longest registry name that begins it and stops short of its end from
// the words after it, which become a department segment: the parser,
// which does not know the registry, ends the name at the first head word
// ("中国科学院", the academy) and would leave the institute after it
// ("生物物理研究所") as a unit of the academy. Written apart, the name is
// read as written out whole, as "Department of Physics, X University"
// writes it. A segment that is a registry name whole, or that no
// registry name begins, is left as parsed.
func (h *hanNames) markUnits(a *names.Affiliation) {
	if len(h.set) == 0 {
		return
	}
	for i := 0; i < len(a.Segments); i++ {
		sg := a.Segments[i]
		if sg.Role != names.RoleName || !names.HasHan(sg.Text) {
			continue
		}
		text := names.Normalize(sg.Text)
		end := h.prefixEnd(text)
		if end == 0 {
			continue
		}
		k := tokensWithin(sg.Tokens, text, end)
		if k == 0 || k == len(sg.Tokens) {
			continue
		}
		name := names.Segment{Text: text[:end], Role: names.RoleName, Tokens: sg.Tokens[:k:k]}
		unit := names.Segment{Text: strings.TrimSpace(text[end:]), Role: names.RoleDept, Tokens: sg.Tokens[k:]}
		for j := range name.Tokens {
			name.Tokens[j].Role = names.RoleName
		}
		for j := range unit.Tokens {
			unit.Tokens[j].Role = names.RoleDept
		}
		a.Segments = slices.Insert(a.Segments, i+1, unit)
		a.Segments[i] = name
		i++
	}
}

// prefixEnd is the byte length of the longest registry name, of at least
// minHanPrefix runes, that begins the normalised text and is followed by
// more Chinese text, or 0 when there is none or the text is a registry
// name whole. Spaces are passed over, as in the registry names.
func (h *hanNames) prefixEnd(text string) int {
	if h.set[hanKey(text)] {
		return 0
	}
	var key []byte
	end, runes := 0, 0
	for i, r := range text {
		if r == ' ' {
			continue
		}
		if !unicode.Is(unicode.Han, r) || runes >= h.maxRunes {
			break
		}
		runes++
		key = utf8.AppendRune(key, r)
		next := i + utf8.RuneLen(r)
		if runes >= minHanPrefix && h.set[string(key)] && hanFollows(text[next:]) {
			end = next
		}
	}
	return end
}

// hanFollows reports whether s, past its spaces, begins with Han script.
func hanFollows(s string) bool {
	r, _ := utf8.DecodeRuneInString(strings.TrimLeft(s, " "))
	return unicode.Is(unicode.Han, r)
}

// tokensWithin counts the tokens, from the first, whose written pieces lie
// within the first end bytes of the normalised text, or 0 when a piece
// straddles end or cannot be found. The tokens of one Chinese term share
// its surface; words the tokeniser drops ("与") are skipped over.
func tokensWithin(toks []names.Token, text string, end int) int {
	cur := 0
	for j := 0; j < len(toks); j++ {
		if j > 0 && toks[j].Surface == toks[j-1].Surface && !strings.HasPrefix(text[cur:], toks[j].Surface) {
			continue // the same term, read as several words
		}
		if cur >= end {
			return j
		}
		at := strings.Index(text[cur:], toks[j].Surface)
		if toks[j].Surface == "" || at < 0 {
			return 0
		}
		cur += at + len(toks[j].Surface)
		if cur > end {
			return 0
		}
	}
	return 0
}

// allHan reports whether s is Han script only.
func allHan(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return s != ""
}

package names

import (
	"strings"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"
)

// hanPiece is one segment of a Chinese run: the characters and the tokens
// they stand for.
type hanPiece struct {
	surface string
	tokens  []Token
}

// maxHanTerm is the length in characters of the longest lexicon entry.
var maxHanTerm = func() int {
	m := 0
	for k := range hanTerms {
		m = max(m, utf8.RuneCountInString(k))
	}
	for k := range hanPlaces {
		m = max(m, utf8.RuneCountInString(k))
	}
	return m
}()

// hanSuffixChars are single characters that end a word ("所" institute,
// "系" department, "市" city) and are split off unknown runs.
var hanSuffixChars = map[rune]bool{'所': true, '院': true, '系': true, '部': true, '室': true, '省': true, '市': true, '区': true, '县': true, '路': true, '号': true, '军': true, '核': true}

const hanNumerals = "零〇一二两三四五六七八九十百"

// segmentHan splits a normalised word that contains Chinese characters into
// pieces by forward maximum matching against the institutional lexicon and
// the place table. Characters in no entry are grouped into runs and
// transliterated to pinyin. Latin and digit parts become ordinary tokens.
func segmentHan(w string) []hanPiece {
	rs := []rune(w)
	var pieces []hanPiece
	unknownStart := -1
	flushUnknown := func(end int) {
		if unknownStart < 0 {
			return
		}
		pieces = append(pieces, unknownPieces(rs[unknownStart:end])...)
		unknownStart = -1
	}
	for i := 0; i < len(rs); {
		r := rs[i]
		if !isHan(r) {
			j := i
			for j < len(rs) && !isHan(rs[j]) {
				j++
			}
			flushUnknown(i)
			for _, word := range strings.Fields(string(rs[i:j])) {
				if t, ok := wordToken(word); ok {
					pieces = append(pieces, hanPiece{surface: word, tokens: []Token{t}})
				}
			}
			i = j
			continue
		}
		matched := false
		for l := min(maxHanTerm, len(rs)-i); l >= 2; l-- {
			cand := string(rs[i : i+l])
			if toks, ok := hanPlaces[cand]; ok {
				flushUnknown(i)
				pieces = append(pieces, makePiece(cand, toks, HowTransliterated))
				i += l
				matched = true
				break
			}
			if toks, ok := hanTerms[cand]; ok {
				flushUnknown(i)
				pieces = append(pieces, makePiece(cand, toks, HowTranslated))
				i += l
				matched = true
				break
			}
		}
		if matched {
			continue
		}
		if strings.ContainsRune(hanNumerals, r) {
			j := i
			for j < len(rs) && strings.ContainsRune(hanNumerals, rs[j]) {
				j++
			}
			if n := hanNumber(rs[i:j]); n != "" {
				flushUnknown(i)
				pieces = append(pieces, hanPiece{surface: string(rs[i:j]), tokens: []Token{{Text: n, Surface: string(rs[i:j]), How: HowTranslated}}})
				i = j
				continue
			}
		}
		if unknownStart < 0 {
			unknownStart = i
		}
		i++
	}
	flushUnknown(len(rs))
	return pieces
}

// unknownPieces turns a run of characters found in no lexicon entry into
// pieces: a single-character term stands for itself, a trailing suffix
// character is split off, and the rest is transliterated as one token.
func unknownPieces(run []rune) []hanPiece {
	if len(run) == 1 {
		if toks, ok := hanTerms[string(run)]; ok {
			return []hanPiece{makePiece(string(run), toks, HowTranslated)}
		}
	}
	// A run that starts with a word-ending character continues a name
	// that ended there ("防化学院光电…" → "…院" + "光电…").
	if len(run) >= 2 && hanSuffixChars[run[0]] {
		head := string(run[0])
		return append([]hanPiece{makePiece(head, hanTerms[head], HowTranslated)}, unknownPieces(run[1:])...)
	}
	var tail []hanPiece
	if len(run) >= 2 && hanSuffixChars[run[len(run)-1]] {
		last := string(run[len(run)-1])
		tail = []hanPiece{makePiece(last, hanTerms[last], HowTranslated)}
		run = run[:len(run)-1]
	}
	py := pinyinOf(string(run))
	if py == "" {
		return tail
	}
	p := hanPiece{surface: string(run), tokens: []Token{{Text: py, Surface: string(run), How: HowTransliterated}}}
	return append([]hanPiece{p}, tail...)
}

func makePiece(surface string, texts []string, how How) hanPiece {
	p := hanPiece{surface: surface}
	for _, t := range texts {
		tok := Token{Text: t, Surface: surface, How: how}
		if eq, ok := equivalentOf[t]; ok {
			tok.Text = eq
		}
		if form, ok := legalForms[t]; ok {
			tok.Text = form
			tok.Legal = true
		}
		p.tokens = append(p.tokens, tok)
	}
	return p
}

var pinyinArgs = pinyin.NewArgs()

// pinyinOf transliterates Chinese characters to toneless pinyin written as
// one word ("北京" → "beijing").
func pinyinOf(s string) string {
	return strings.Join(pinyin.LazyPinyin(s, pinyinArgs), "")
}

// hanNumber converts a Chinese numeral below 1000 ("十四" → "14"); it
// returns "" when the characters are not a well-formed number.
func hanNumber(rs []rune) string {
	digit := func(r rune) int { return strings.IndexRune("零一二三四五六七八九", r) }
	total, cur := 0, -1
	for _, r := range rs {
		switch {
		case r == '〇':
			cur = 0
		case r == '两':
			cur = 2
		case digit(r) >= 0:
			cur = digit(r) / 3 // IndexRune counts bytes; each numeral is 3 bytes
		case r == '十':
			if cur < 0 {
				cur = 1
			}
			total += cur * 10
			cur = -1
		case r == '百':
			if cur < 0 {
				return ""
			}
			total += cur * 100
			cur = -1
		default:
			return ""
		}
	}
	if cur > 0 {
		total += cur
	}
	if total == 0 {
		return ""
	}
	return itoa(total)
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [8]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// appendHan appends the tokens of a word containing Chinese characters.
func appendHan(out []Token, w string) []Token {
	for _, p := range segmentHan(w) {
		out = append(out, p.tokens...)
	}
	return out
}

// EndsWithUnit reports whether normalised Chinese, Japanese or Korean text
// ends with a word that ends a unit (a school, department, laboratory or
// hospital of an institution): what may follow an institution's name in
// such text run together with it.
func EndsWithUnit(s string) bool {
	s = strings.TrimRight(s, " ")
	for _, l := range [][]string{hanSubunits, cjkUnitWords} {
		for _, w := range l {
			if strings.HasSuffix(s, w) {
				return true
			}
		}
	}
	return false
}

// splitHanSubunit finds where an institution's own name ends in a Chinese
// run, so a following school, department or laboratory can be peeled off:
// "哈尔滨工业大学航天学院" splits after "大学". It returns the index of the
// first sub-unit piece, or -1 when there is no sub-unit.
func splitHanSubunit(pieces []hanPiece) int {
	for i, p := range pieces[:max(len(pieces)-1, 0)] {
		if !isHead(p.surface) {
			continue
		}
		last := pieces[len(pieces)-1].surface
		for _, s := range hanSubunits {
			if strings.HasSuffix(last, s) {
				return i + 1
			}
		}
		return -1
	}
	return -1
}

func isHead(s string) bool {
	for _, h := range hanHeads {
		if strings.HasSuffix(s, h) {
			return true
		}
	}
	return false
}

// IsChinesePlace reports whether w, a canonical token, is the
// romanisation of a Chinese province, region or city the lexicon knows
// ("guangdong", "harbin").
func IsChinesePlace(w string) bool { return chinesePlaceWords[w] }

var chinesePlaceWords = func() map[string]bool {
	out := map[string]bool{}
	for _, ws := range hanPlaces {
		if len(ws) == 1 {
			out[ws[0]] = true
		}
	}
	return out
}()

package resolve

// Chinese and Japanese affiliations run an institution's name and its
// units together without a separator: "中国科学院生物物理研究所重点实验室" is
// an institute of the academy followed by one of its laboratories; Korean
// ones write a college after the university's name ("서울대학교 공과대학")
// in words the registry does not hold. The registry's own names in these
// scripts tell where the institution's name ends.

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/collabcheck/collabcheck/internal/match"
	"github.com/collabcheck/collabcheck/internal/names"
)

// cjkNames holds the registry names written wholly in Chinese, Japanese or
// Korean script, normalised (traditional characters as simplified).
type cjkNames struct {
	set      map[string]bool
	maxRunes int
}

// minCJKPrefix is the fewest runes a registry name must have to end a run
// of such text early: shorter ones ("中大") are abbreviations as often as
// names.
const minCJKPrefix = 3

// add records a registry name when it is written in those scripts (spaces
// and punctuation apart: "中国矿业大学（北京）").
func (h *cjkNames) add(name string) {
	if !hasCJK(name) {
		return
	}
	k := cjkKey(names.Normalize(name))
	if !allCJK(k) {
		return
	}
	if h.set == nil {
		h.set = map[string]bool{}
	}
	h.set[k] = true
	h.maxRunes = max(h.maxRunes, utf8.RuneCountInString(k))
}

// cjkKey is normalised text without its spaces, which Chinese does not
// write between words and normalisation puts where punctuation was.
func cjkKey(s string) string {
	if !strings.Contains(s, " ") {
		return s
	}
	return strings.ReplaceAll(s, " ", "")
}

// markUnits splits, in each organisation segment of Chinese, Japanese or
// Korean text, the longest registry name that begins it and stops short
// of its end from the words after it, which become a department segment:
// the parser, which does not know the registry, ends the name at the
// first head word ("中国科学院", the academy) and would leave the institute
// after it ("生物物理研究所") as a unit of the academy. Written apart, the
// name is read as written out whole, as "Department of Physics, X
// University" writes it. A segment that is a registry name whole, or that
// no registry name begins, is left as parsed.
func (h *cjkNames) markUnits(a *names.Affiliation) {
	h.eachNameSegment(a, func(i int, text string) int {
		sg := a.Segments[i]
		end := h.prefixEnd(text)
		if end == 0 {
			return 1
		}
		k := tokensWithin(sg.Tokens, text, end)
		if k == 0 || k == len(sg.Tokens) {
			return 1
		}
		unit := names.Segment{Text: strings.TrimSpace(text[end:]), Role: names.RoleDept, Tokens: names.WithRole(sg.Tokens[k:], names.RoleDept)}
		a.Segments = slices.Insert(a.Segments, i+1, unit)
		a.Segments[i] = names.Segment{Text: text[:end], Role: names.RoleName, Tokens: names.WithRole(sg.Tokens[:k], names.RoleName)}
		return 2
	})
}

// eachNameSegment calls fn with the index and normalised text of each
// organisation segment of a written in those scripts; fn returns how
// many segments stand in its place after it (1 when it changed none).
func (h *cjkNames) eachNameSegment(a *names.Affiliation, fn func(i int, text string) int) {
	if len(h.set) == 0 {
		return
	}
	for i := 0; i < len(a.Segments); {
		if sg := a.Segments[i]; sg.Role != names.RoleName || !hasCJK(sg.Text) {
			i++
			continue
		}
		i += fn(i, names.Normalize(a.Segments[i].Text))
	}
}

// markAddressPrefix splits, in each organisation segment of Chinese,
// Japanese or Korean text that no registry name begins, the address
// written before the name without a separator ("湖北省武汉市洪山区华中科技大学",
// "中国西北师范大学", "〒113-0033 東京都文京区本郷7-3-1 東京大学") into
// an address segment of its own, when a registry name begins right after
// it: the parser and markUnits read a name from the segment's start.
func (h *cjkNames) markAddressPrefix(a *names.Affiliation) {
	h.eachNameSegment(a, func(i int, text string) int {
		if h.beginsName(text) {
			return 1 // the common case: the name comes first
		}
		cut := 0
		for j, r := range text {
			if j == 0 || r == ' ' || addressMark(r) {
				continue
			}
			if !isCJK(r) || utf8.RuneCountInString(text[:j]) > maxAddressRunes {
				break
			}
			if placePrefix(text[:j]) && h.beginsName(text[j:]) {
				cut = j
				break
			}
		}
		if cut == 0 {
			return 1
		}
		return readAddressApart(a, i, text[cut:], text[:cut], true)
	})
}

// readAddressApart puts, in the place of segment i, the segments of name
// parsed on its own and an address segment of address, before the name's
// when first, and returns how many segments now stand there: 1 when name
// parses as more than one party and nothing is changed. The words are read
// again on each side of the cut, as the segmenter may have joined the
// last place word with the first of the name ("洪山区集美").
func readAddressApart(a *names.Affiliation, i int, name, address string, first bool) int {
	parts := names.ParseAffiliations(name)
	if len(parts) != 1 {
		return 1
	}
	address = strings.TrimSpace(address)
	addr := []names.Segment{{Text: address, Role: names.RoleAddress, Tokens: names.WithRole(names.Tokenize(address), names.RoleAddress)}}
	if first {
		a.Segments = slices.Concat(a.Segments[:i], addr, parts[0].Segments, a.Segments[i+1:])
	} else {
		a.Segments = slices.Concat(a.Segments[:i], parts[0].Segments, addr, a.Segments[i+1:])
	}
	return len(parts[0].Segments) + 1
}

// markAddressSuffix splits, in each organisation segment of Chinese,
// Japanese or Korean text that is no registry name whole, the address
// written after a registry name, or after the words of a unit that follows
// it, without a separator ("清华大学 北京市海淀区", "京都大学 京都市左京区吉田本町",
// "대학교 서울특별시 관악구") into an address segment of its own: read with
// the name, its words outweighed the name's, or made it a namesake's.
func (h *cjkNames) markAddressSuffix(a *names.Affiliation) {
	h.eachNameSegment(a, func(i int, text string) int {
		if h.set[cjkKey(text)] {
			return 1 // the common case: the name alone
		}
		cut := 0
		h.namePrefixes(text, func(end int) bool {
			if placeSuffix(text[end:]) {
				cut = end
			}
			return true
		})
		if cut == 0 {
			// After a name and its unit ("大阪大学大学院工学研究科 大阪府吹田市"):
			// the words after the last spaces that read as an address.
			for j := strings.LastIndexByte(text, ' '); j > 0 && placeSuffix(text[j:]); j = strings.LastIndexByte(text[:j], ' ') {
				cut = j
			}
		}
		if cut == 0 || !hasCJK(text[:cut]) || placePrefix(text[:cut]) {
			// Nothing to cut, or the words before are an address too
			// ("서울특별시 관악구", a city some registry names open with).
			return 1
		}
		return readAddressApart(a, i, text[:cut], text[cut:], false)
	})
}

// addressOnly reports whether every organisation segment of the party is
// Chinese, Japanese or Korean text that reads as an address and is no
// registry name ("서울특별시", "北京市 海淀区"): such a party names no
// organisation, though registry names open with its words.
func (h *cjkNames) addressOnly(a *names.Affiliation) bool {
	found := false
	for _, sg := range a.Segments {
		if sg.Role != names.RoleName {
			continue
		}
		if !hasCJK(sg.Text) {
			return false
		}
		text := names.Normalize(sg.Text)
		if h.set[cjkKey(text)] || !placePrefix(text) {
			return false
		}
		found = true
	}
	return found
}

// placeSuffix reports whether s, the text after a registry name, is an
// address: a postcode alone, an address as placePrefix reads one, or
// words holding a division's word (province, city, ward, town …) and none
// of an institution's.
func placeSuffix(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	if strings.IndexFunc(s, func(r rune) bool { return r != ' ' && !addressMark(r) }) < 0 {
		return true // "100084"
	}
	if placePrefix(s) {
		return true
	}
	return !hasHangul(s) && strings.ContainsAny(s, divisionRunes) && !holdsInstitutionWord(s)
}

// hasHangul reports whether s holds a Korean syllable.
func hasHangul(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Hangul, r) }) >= 0
}

// koreanAddress reports whether s is a Korean address: words that each
// end with a division's or road's syllable ("서울특별시 관악구 관악로 1")
// or are numbers. Those syllables end many names' words too
// ("목포시의료원" ends otherwise), so every word must end so.
func koreanAddress(s string) bool {
	ws := strings.Fields(s)
	for _, w := range ws {
		if strings.IndexFunc(w, func(r rune) bool { return !addressMark(r) }) < 0 {
			continue // a number
		}
		last, _ := utf8.DecodeLastRuneInString(w)
		if utf8.RuneCountInString(w) < 2 || !strings.ContainsRune(koreanDivisionRunes, last) || holdsInstitutionWord(w) {
			return false
		}
	}
	return len(ws) > 0
}

// koreanDivisionRunes end the words of a Korean address: 도 (province), 시
// (city), 군 (county), 구 (district), 읍, 면, 동 (town, township,
// neighbourhood), 로 and 길 (road, street).
const koreanDivisionRunes = "도시군구읍면동로길"

// maxAddressRunes bounds the address markAddressPrefix looks for: a
// province, a city and a district, or a Japanese postcode, prefecture,
// ward, district and block number.
const maxAddressRunes = 28

// addressMark reports whether r is a digit, a hyphen or the postal mark
// "〒": the postcode and block numbers of a Japanese or Chinese address
// ("〒113-0033 東京都文京区本郷7-3-1", "中关村东路95号").
func addressMark(r rune) bool {
	return r >= '0' && r <= '9' || r == '-' || r == '〒' || r == '－' || r == '‐'
}

// beginsName reports whether a registry name of at least minCJKPrefix
// runes begins the normalised text.
func (h *cjkNames) beginsName(text string) bool {
	found := false
	h.namePrefixes(text, func(int) bool {
		found = true
		return false
	})
	return found
}

// namePrefixes calls fn with the byte end of each registry name of at
// least minCJKPrefix runes that begins the normalised text, shortest
// first, spaces passed over as in the registry names, while fn returns
// true.
func (h *cjkNames) namePrefixes(text string, fn func(end int) bool) {
	var key []byte
	runes := 0
	for i, r := range text {
		if r == ' ' {
			continue
		}
		if !isCJK(r) || runes >= h.maxRunes {
			return
		}
		runes++
		key = utf8.AppendRune(key, r)
		if runes >= minCJKPrefix && h.set[string(key)] && !fn(i+utf8.RuneLen(r)) {
			return
		}
	}
}

// placePrefix reports whether s, the text before a name, reads as an
// address: words of places only ("中国 上海"), or ending with the word for
// a province, city, district or county (or holding one, with a postcode
// or block number: "〒113-0033 東京都文京区本郷7-3-1") and holding none of an
// institution's words; Korean text as koreanAddress reads it.
func placePrefix(s string) bool {
	if hasHangul(s) {
		return koreanAddress(s)
	}
	marked := strings.IndexFunc(s, addressMark) >= 0
	s = strings.Map(func(r rune) rune {
		if r == ' ' || addressMark(r) {
			return -1
		}
		return r
	}, s)
	if s == "" {
		return false
	}
	if ts := names.Tokenize(s); len(ts) > 0 && !slices.ContainsFunc(ts, func(t names.Token) bool {
		return !names.IsChinesePlace(t.Text) && !adminWords[t.Text]
	}) {
		return true
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	// A postcode or block number marks an address whose last words name
	// a neighbourhood ("东京都文京区本郷7-3-1"): a division's word anywhere
	// in it will do.
	if !strings.ContainsRune("省市区县州镇", last) && !(marked && strings.ContainsAny(s, divisionRunes)) {
		return false
	}
	return !holdsInstitutionWord(s)
}

// divisionRunes are the characters that end the name of a province, city,
// district, county or town in Chinese or Japanese (都道府県 are Japan's
// prefectures, 郡町村 its districts, towns and villages); Korean ones are
// read word by word (see koreanAddress).
const divisionRunes = "省市区县州镇都道府県郡町村"

// institutionWords are words of institutions' names in Chinese, Japanese
// and Korean (university, institute, research, hospital, company,
// centre …): text holding one is no address.
var institutionWords = []string{"大学", "学院", "研究", "医院", "公司", "集团", "中心", "实验室", "所", "局", "厅", "部", "会",
	"대학", "연구", "병원", "회사", "센터", "학교", "재단", "협회", "공사", "기관"}

// roadName is the name of a road or street in Chinese or Korean, which
// may hold an institution's word ("学院路", "대학로": College Road,
// University Road).
var roadName = regexp.MustCompile(`[\p{Han}\p{Hangul}]{1,4}(?:路|街|로|길)`)

// holdsInstitutionWord reports whether s holds one of institutionWords
// outside the names of roads.
func holdsInstitutionWord(s string) bool {
	s = roadName.ReplaceAllString(s, " ")
	for _, w := range institutionWords {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// adminWords are the tokens of a Chinese address's words besides places'
// names: the country and its divisions.
var adminWords = map[string]bool{"china": true, "province": true, "city": true, "district": true, "county": true}

// prefixEnd is the byte length of the longest registry name, of at least
// minCJKPrefix runes, that begins the normalised text and is followed by
// more such text that ends as a unit does (names.EndsWithUnit), or 0 when
// there is none or the text is a registry name whole. Spaces are passed
// over, as in the registry names. A name that is only a legal form
// ("公益社団法人", which the registry holds as a label) is never followed
// by a unit.
func (h *cjkNames) prefixEnd(text string) int {
	if h.set[cjkKey(text)] {
		return 0
	}
	end := 0
	h.namePrefixes(text, func(next int) bool {
		if cjkFollows(text[next:]) && names.EndsWithUnit(text[next:]) {
			end = next
		}
		return true
	})
	return end
}

// cjkFollows reports whether s, past its spaces, begins with those
// scripts.
func cjkFollows(s string) bool {
	r, _ := utf8.DecodeRuneInString(strings.TrimLeft(s, " "))
	return isCJK(r)
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

// allCJK reports whether s is written in those scripts only.
func allCJK(s string) bool {
	for _, r := range s {
		if !isCJK(r) {
			return false
		}
	}
	return s != ""
}

// isCJK reports whether r is a Han character, Japanese kana (with the
// prolonged sound mark, "センター") or a Korean syllable.
func isCJK(r rune) bool {
	return r == 'ー' || unicode.In(r, unicode.Han, unicode.Hangul, unicode.Hiragana, unicode.Katakana)
}

// hasCJK reports whether s holds a rune of those scripts. Every one is
// written with a lead byte from 0xE1 up: strings without such a byte are
// passed over without decoding.
func hasCJK(s string) bool {
	for i := names.ASCIIPrefix(s); i < len(s); {
		if s[i] < 0xE1 {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if isCJK(r) {
			return true
		}
		i += n
	}
	return false
}

// cjkTownElsewhere reports whether the party writes towns (cjkRunInTowns
// of it) in an address run into a Chinese, Japanese or Korean name
// ("北京市第一人民医院", the First People's Hospital of Beijing) and m, in
// another town, fits the name by common words alone (a namesake
// registered under the bare "第一人民医院"): written so, the town says
// whose hospital it is.
func (r *Resolver) cjkTownElsewhere(m match.Match, towns []string) bool {
	if len(towns) == 0 || r.inWrittenTown(m, towns) {
		return false
	}
	common := false
	for _, e := range m.Explanation {
		if e.Role != names.RoleName.String() || e.List == "" {
			continue
		}
		if !names.IsGeneric(e.Token) && !names.IsDigits(e.Token) {
			return false
		}
		common = true
	}
	return common
}

// cjkRunInTowns returns the gazetteer keys of the towns written run into
// a name in Chinese, Japanese or Korean script, with no separator: those
// of an address segment read apart from the name after it (see
// markAddressPrefix), and a town that opens a name segment left whole
// ("深圳市第七人民医院", where no registry name begins after the town).
// Asked once per party, of each party.
func (r *Resolver) cjkRunInTowns(a *names.Affiliation) []string {
	if !hasCJK(a.Raw) {
		return nil // the common case
	}
	var out []string
	town := func(ts []names.Token) bool { return hasCJK(ts[0].Surface) && r.cities.has(ts) }
	for i, s := range a.Segments {
		if !hasCJK(s.Text) || len(s.Tokens) == 0 {
			continue
		}
		switch {
		case s.Role == names.RoleAddress && i+1 < len(a.Segments) && a.Segments[i+1].Role == names.RoleName && strings.Contains(a.Raw, s.Text+a.Segments[i+1].Text):
			for k := range s.Tokens {
				if t := s.Tokens[k : k+1]; town(t) {
					out = append(out, tokenKey(t))
				}
			}
		case s.Role == names.RoleName && len(s.Tokens) > 1 && town(s.Tokens[:1]):
			out = append(out, tokenKey(s.Tokens[:1]))
		}
	}
	return out
}

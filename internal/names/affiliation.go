package names

import (
	"bytes"
	"html"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// akaPattern finds "a.k.a." and "f.k.a." style markers that join two
// names of one party in a single string.
var akaPattern = regexp.MustCompile(`(?i)(^|[\s(,;])(a\.?\s?k\.?\s?a|f\.?\s?k\.?\s?a|n\.?\s?k\.?\s?a)(\.|:|\s|$)`)

// footnoteMark finds an affiliation number glued between two parts
// ("… Zürich 3 Department of …"), which separates them like a comma.
var footnoteMark = regexp.MustCompile(`\s\d{1,2}\s+(\p{Lu}|,)`)

// cutFootnotes replaces each footnote mark with a comma, except a number
// after a city that goes on with neither a department nor another
// organisation: that is part of a university's name ("Université Northwold 1
// Tidal-Sorbonne").
func cutFootnotes(s string) string {
	var b strings.Builder
	last := 0
	for from := 0; ; {
		m0, m2, end := nextFootnote(s, from)
		if m0 < 0 {
			break
		}
		from = end
		m := [3]int{m0, 0, m2}
		before := strings.Fields(s[last:m[0]])
		if s[m[2]] == ',' {
			// A mark left before a comma ("University of X 1 , City"):
			// the comma already separates the parts.
			b.WriteString(s[last:m[0]])
			last = m[2]
			continue
		}
		afterCountry := closesAddress(s[strings.LastIndexAny(s[:m[0]], ",;")+1 : m[0]])
		if len(before) > 0 && !namesUnit(s[m[2]:]) && !afterCountry {
			if _, city := cityNames[Normalize(before[len(before)-1])]; city {
				continue
			}
		}
		if len(before) > 0 && !afterCountry && (numbersNext(before[len(before)-1]) || numberInName(s[strings.LastIndexByte(s[:m[0]], ',')+1:m[0]], s[m[2]:])) {
			// "No. 2 Hospital", "Institut … des 2 Infinis": a number
			// after a word that announces one, or after an article or
			// a preposition, is the name's.
			continue
		}
		if !afterCountry && numbersUniversity(s[:m[0]], s[m[2]:]) {
			continue
		}
		b.WriteString(s[last:m[0]])
		if afterCountry {
			// A mark after a country ("…, UK. 2 School of …") opens the
			// next party, as "and" after one does (see
			// splitAfterAddress).
			b.WriteString("; ")
		} else {
			b.WriteString(", ")
		}
		last = m[2]
	}
	return Edited(&b, s, last)
}

// numberWord are the words that say the number after them is one
// ("Ningbo No. 2 Hospital", "Azienda ULSS n. 1"), no footnote mark.
var numberWord = map[string]bool{"no.": true, "no": true, "n.": true, "nr.": true, "nr": true, "nº": true, "n°": true, "number": true, "#": true}

// numbersNext reports whether word, written before a number, makes the
// number a name's: it announces one (see numberWord) or is an article or
// a preposition ("des 2 Infinis").
func numbersNext(word string) bool {
	w := strings.ToLower(word)
	return numberWord[w] || stopwords[w]
}

// numberInName reports whether a number between before (the text since
// the last comma) and after is part of a name rather than a footnote
// mark: before is too short to be an affiliation of its own (two words at
// most, no institution's head word) and after does not open with a
// department's or an institution's word or hold an address's ("Istanbul
// 29 Mayis University", "Azienda ULSS 8 Berica", not "Zürich 3
// Department of …").
func numberInName(before, after string) bool {
	part := strings.Fields(before)
	if len(part) > 2 || slices.ContainsFunc(part, func(w string) bool { return orgHeads[canonicalWord(Normalize(w))] }) {
		return false
	}
	if i := strings.IndexAny(after, ",;"); i >= 0 {
		after = after[:i]
	}
	words := strings.Fields(Normalize(after))
	if len(words) == 0 || deptMarkers[words[0]] || orgHeads[canonicalWord(words[0])] {
		return false
	}
	// Nor is it an address's number ("MIT 77 Mass Ave", "Boulevard du 11
	// Novembre 1918").
	return !slices.ContainsFunc(words, func(w string) bool { return streetWords[w] || isPostcode(w) })
}

// splitAfterAddress separates two affiliations written one after the
// other with "and", "&" or "/" after the first one's country ("…,
// Beijing, China and Northwold Institute of Technology, …", "…, China,
// and …", "…, Israel & Westby Univ, …", "…, Chile / Eastfield
// University, …"): the country closes the first party's address, so what
// follows is another party.
func splitAfterAddress(s string) string {
	closes := func(part string, _ bool) bool {
		if part == "" {
			return false
		}
		n := Normalize(part)
		return namesCountry(n) || isStateOrProvince(part, n)
	}
	if IndexAnd(s) >= 0 {
		s = splitPartiesAfter(s, " and ", IndexAnd, closes)
	}
	for _, sep := range []string{" & ", " / "} {
		if strings.IndexByte(s, sep[1]) >= 0 && strings.Contains(s, sep) {
			s = splitPartiesAfter(s, sep, func(s string) int { return strings.Index(s, sep) }, closes)
		}
	}
	return s
}

// splitPartiesAfter writes a party's end ("; ") for each sep (found with
// index) that follows a part closing an address, by closes, and comes
// before a capital: the part since the last comma or semicolon, trimmed,
// and whether it is the first part of its party (no comma before it).
func splitPartiesAfter(s, sep string, index func(string) int, closes func(part string, first bool) bool) string {
	var b strings.Builder
	last := 0
	for from := 0; ; {
		i := index(s[from:])
		if i < 0 {
			break
		}
		i += from
		from = i + len(sep)
		r, _ := utf8.DecodeRuneInString(strings.TrimLeft(s[from:], " "))
		if !unicode.IsUpper(r) {
			continue
		}
		party := strings.TrimRight(s[last:i], ", ")
		k := strings.LastIndexAny(party, ",;")
		if !closes(strings.TrimSpace(party[k+1:]), k < 0) {
			continue
		}
		b.WriteString(party)
		b.WriteString("; ")
		last = from
	}
	return Edited(&b, s, last)
}

// splitWhereaboutsAsides makes an aside that says where the author is
// now or also is ("X University, Oslo (Present address: Y Institute,
// Bergen)", "(also at Y)") a party of its own: it names another
// organisation, not a part of the first's name. The label or note is cut
// with the party's (see cutFormLabel, cutWhereaboutsNote).
func splitWhereaboutsAsides(s string) string {
	var b strings.Builder
	var asides []string
	last := 0
	for from := 0; ; {
		i := strings.IndexByte(s[from:], '(')
		if i < 0 {
			break
		}
		i += from
		from = i + 1
		j := closingParen(s[from:])
		if j < 0 {
			break
		}
		inner := s[from : from+j]
		if t := strings.TrimSpace(inner); t == "" || cutFormLabel(cutWhereaboutsNote(t)) == t {
			continue
		}
		b.WriteString(strings.TrimRight(s[last:i], " "))
		asides = append(asides, inner)
		last = from + j + 1
		from = last
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	for _, a := range asides {
		b.WriteString("; ")
		b.WriteString(a)
	}
	return b.String()
}

// closingParen returns the index in s of the ")" that closes a "(" just
// before s, asides within it and all, or -1.
func closingParen(s string) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			if depth == 0 {
				return i
			}
			depth--
		}
	}
	return -1
}

// splitAfterCountryStop separates two affiliations written one after the
// other with a full stop after the first one's country ("…, Oslo, Norway.
// Northwold Institute of Technology, …"), as splitAfterAddress does for
// "and". The country must be a part of its own, after a comma, and written
// out ("U.S. Army" is no country closing an address before "Army").
func splitAfterCountryStop(s string) string {
	return splitPartiesAfter(s, ". ", func(t string) int { return strings.Index(t, ". ") }, func(part string, first bool) bool {
		return !first && len(part) >= 3 && !strings.ContainsRune(part, '.') && closesAddress(part)
	})
}

// isStateOrProvince reports whether the part of an address before "and"
// is a US state or a Canadian or Australian province, with or without its
// postcode ("Atlanta, GA and …", "Stanford, California 94305 and …"):
// like a country, it closes the party's address.
func isStateOrProvince(raw, n string) bool {
	if stateCode.MatchString(strings.TrimSpace(raw)) {
		return true
	}
	n = strings.TrimRight(n, "0123456789 ")
	return regionCountries[n] != ""
}

// numbersUniversity reports whether a number between before and after is
// a numbered university's ("University of Oran 2 Mohamed Ben Ahmed",
// "Algiers 2 University") rather than a footnote mark: the part before it
// names a university and what follows names no unit, organisation or
// street, or the part before is one word and what follows is only
// "University".
func numbersUniversity(before, after string) bool {
	if i := strings.LastIndexAny(before, ",;"); i >= 0 {
		before = before[i+1:]
	}
	if j := strings.IndexAny(after, ",;"); j >= 0 {
		after = after[:j]
	}
	// Every spelling of "university" holds "niv" ("Universität",
	// "Universidad"): text without it is not normalised.
	if !containsFold(before, "niv") && (strings.Count(strings.TrimSpace(before), " ") > 0 || !containsFold(after, "niv")) {
		return false
	}
	bw, aw := strings.Fields(Normalize(before)), strings.Fields(Normalize(after))
	if len(bw) == 0 || len(aw) == 0 || strings.ContainsAny(bw[len(bw)-1], "0123456789") {
		return false // a run of numbers is an address ("3-1-1 Maidashi")
	}
	university := func(w string) bool { return canonicalWord(w) == "university" }
	if len(bw) == 2 && (bw[0] == "universite" || bw[0] == "univ") {
		// A French university numbered after its town ("Université
		// Paris 8 Département de Physique", "Univ. Lyon 1"), a unit after
		// it or not.
		return true
	}
	if slices.ContainsFunc(bw, university) {
		// A street after the number is an address ("… University 12
		// Oxford Street").
		return !namesUnit(after) && !slices.ContainsFunc(aw, func(w string) bool { return streetWords[w] })
	}
	return len(bw) == 1 && len(aw) == 1 && university(aw[0]) && !deptMarkers[bw[0]] && !orgHeads[canonicalWord(bw[0])]
}

// containsFold reports whether s holds sub, a lower-case ASCII string, in
// any case.
func containsFold(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		j := 0
		for j < len(sub) && s[i+j]|0x20 == sub[j] {
			j++
		}
		if j == len(sub) {
			return true
		}
	}
	return false
}

// namesUnit reports whether the text up to the next separator names a
// department or an organisation of its own.
func namesUnit(s string) bool {
	if i := strings.IndexAny(s, ",;"); i >= 0 {
		s = s[:i]
	}
	for _, w := range strings.Fields(Normalize(s)) {
		if deptMarkers[w] || orgHeads[canonicalWord(w)] {
			return true
		}
	}
	return false
}

// mayHaveAKA is a quick test that s cannot match akaPattern, so that the
// regular expression runs only on the strings it matches. It reads the
// pattern byte by byte: a marker starts the text or follows a space, "(",
// "," or ";"; it is a, f or n, k and a, each letter in either case and
// optionally followed by a dot and then by one space; and it ends the text
// or is followed by a dot, a colon or a space (\s is ASCII white space,
// without \v, in Go's expressions). The only letter outside ASCII that
// the pattern's case folding matches is the Kelvin sign (a "k"); text
// holding one always goes to the expression.
func mayHaveAKA(s string) bool {
	if strings.Contains(s, "\u212a") {
		return true
	}
	// Every marker has its "k" one to three bytes after its start: the
	// k's are found many bytes at a time and the starts before them tried.
	for _, k := range [...]byte{'k', 'K'} {
		for off := 0; off < len(s); {
			j := strings.IndexByte(s[off:], k)
			if j < 0 {
				break
			}
			j += off
			for i := max(0, j-3); i < j; i++ {
				if i > 0 {
					switch s[i-1] {
					case ' ', '\t', '\n', '\f', '\r', '(', ',', ';':
					default:
						continue
					}
				}
				if akaAt(s, i) {
					return true
				}
			}
			off = j + 1
		}
	}
	return false
}

// akaAt reports whether an a.k.a. marker, without what may come before
// it, starts at s[i].
func akaAt(s string, i int) bool {
	at := func(set string) bool {
		if i < len(s) && strings.IndexByte(set, s[i]) >= 0 {
			i++
			return true
		}
		return false
	}
	if !at("aAfFnN") {
		return false
	}
	at(".")
	at(" \t\n\f\r")
	if !at("kK") {
		return false
	}
	at(".")
	at(" \t\n\f\r")
	if !at("aA") {
		return false
	}
	return i == len(s) || at(".: \t\n\f\r")
}

// mayHaveFootnote is a quick test that s cannot match footnoteMark, so
// that the regular expression runs only on strings it matches. It reads
// the pattern byte by byte: a space, a run of one or two digits (a
// postcode's longer run does not do), one or more spaces, and a capital
// letter or a comma.
func mayHaveFootnote(s string) bool {
	m0, _, _ := nextFootnote(s, 0)
	return m0 >= 0
}

// nextFootnote finds the first match of footnoteMark in s at or after
// from, as the expression's FindAllStringSubmatchIndex does: m0 is where
// it starts, m2 where its capital or comma is, end where it ends; m0 is
// -1 when there is none.
func nextFootnote(s string, from int) (m0, m2, end int) {
	for i := from; i+2 < len(s); i++ {
		if !isSpaceByte(s[i]) || !isDigitByte(s[i+1]) {
			continue
		}
		j := i + 2
		if isDigitByte(s[j]) {
			j++
		}
		if j >= len(s) || !isSpaceByte(s[j]) {
			continue
		}
		for j < len(s) && isSpaceByte(s[j]) {
			j++
		}
		if j == len(s) {
			continue
		}
		if s[j] == ',' {
			return i, j, j + 1
		}
		if r, n := utf8.DecodeRuneInString(s[j:]); unicode.Is(unicode.Lu, r) {
			return i, j, j + n
		}
	}
	return -1, -1, -1
}

// isSpaceByte reports the bytes \s matches in a regular expression.
func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }

// AlsoKnownAs splits a name that carries "a.k.a." markers into its parts,
// so each can be indexed as a name of its own: "CASC 4th Academy (a.k.a.
// Academy of Aerospace Solid Propulsion Technology)" gives both names. It
// returns nil when there is no marker.
func AlsoKnownAs(s string) []string {
	if !mayHaveAKA(s) || !akaPattern.MatchString(s) {
		return nil
	}
	var out []string
	for _, p := range strings.Split(akaPattern.ReplaceAllString(s, ";"), ";") {
		p = strings.Trim(strings.TrimSpace(p), "()[]（） ,")
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// RoleAside marks tokens from a parenthetical ("Beihang University
// (BUAA)"): usually an acronym or former name of the same party.
const RoleAside Role = 10

// Segment is one comma-separated part of an affiliation or name string.
type Segment struct {
	// Text is the segment as written.
	Text string
	// Role is what the segment is: an organisation name, a department,
	// an address, a country, or a parenthetical aside.
	Role Role
	// Tokens are the segment's canonical tokens. In a Chinese segment a
	// school or department after the institution's name carries RoleDept.
	Tokens []Token
}

// Affiliation is one party's part of an affiliation string: the segments
// and the country and city evidence they hold.
type Affiliation struct {
	Raw       string
	Segments  []Segment
	Countries []string // ISO 3166-1 alpha-2 codes named or implied by a city
}

// Tokens returns all the affiliation's tokens with their roles.
func (a *Affiliation) Tokens() []Token {
	var out []Token
	for _, s := range a.Segments {
		out = append(out, s.Tokens...)
	}
	return out
}

// gluedWords are the connecting words an export runs onto the next.
var gluedWords = [...]string{"and", "of", "the", "for", "at", "la", "address"}

// gluedConnector and gluedAcronym find words run together where an
// export lost a space or a separator: "Science andTechnology", "of
// theRussian Academy", "Currently atX University", "Current addressX
// University", "de laUniversidad de X", "CONICETUniversidad de …".
var (
	gluedConnector = regexp.MustCompile(`\b(` + strings.Join(gluedWords[:], "|") + `)([A-Z][a-z])`)
	gluedAcronym   = regexp.MustCompile(`\b([A-Z]{3,})([A-Z][a-z]{3,})`)
)

// mayBeGlued is a cheap test for a lower-case or capital letter followed
// by a capital inside a word, before the regular expressions run; when it
// passes, gluedAt reads the expressions exactly, so that they run only on
// strings one of them changes.
func mayBeGlued(s string) bool {
	up := func(c byte) bool { return c >= 'A' && c <= 'Z' }
	low := func(c byte) bool { return c >= 'a' && c <= 'z' }
	word := func(c byte) bool { return up(c) || low(c) || c >= '0' && c <= '9' || c == '_' }
	for i := 1; i+1 < len(s); i++ {
		if !up(s[i+1]) {
			continue
		}
		if low(s[i]) || i >= 3 && i+2 < len(s) && up(s[i]) && up(s[i-1]) && up(s[i-2]) && low(s[i+2]) {
			// A capital inside a word: now read the expressions
			// exactly, so that they run only on strings they match.
			return gluedAt(s, word, up, low)
		}
	}
	return false
}

// splitGluedAcronyms puts a space between an acronym and the word run
// onto it ("CONICETUniversidad") when the lexicon knows that word: a
// brand written so ("VISUfarma", "TCRCure") is left whole, as the
// registry writes it.
func splitGluedAcronyms(s string) string {
	var at []int
	for _, m := range gluedAcronym.FindAllStringSubmatchIndex(s, -1) {
		// m[4] is where the word run onto the acronym begins.
		if _, known := wordTable[Normalize(s[m[4]:letterRunEnd(s, m[4], false)])]; known {
			at = append(at, m[4])
		}
	}
	return insertSpaces(s, at)
}

// mayMixScripts reports whether s may write a Chinese, Japanese or Korean
// name beside a Latin one: it has a byte that leads one of those
// scripts' characters (all from U+2E80) and an ASCII letter.
func mayMixScripts(s string) bool {
	i := 0
	for i < len(s) && s[i] < 0xE2 {
		i++
	}
	if i == len(s) {
		return false // the common case: no such byte
	}
	return strings.IndexFunc(s, func(r rune) bool { return r < utf8.RuneSelf && isASCIILetter(byte(r)) }) >= 0
}

// splitScripts reads a name in one script written after one in another
// ("Chosun University 조선대학교", "清华大学 Tsinghua University") as an
// aside, as if in parentheses: the same organisation's name, or its
// parent's, in the other script, not one name of both scripts, which no
// registry name is. The aside runs from where the script changes, between
// two words, to the end of the part (the next comma or semicolon).
func splitScripts(s string) string {
	var b strings.Builder
	last := 0
	for i := 1; i+1 < len(s); i++ {
		if s[i] != ' ' || s[i-1] == ' ' {
			continue
		}
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[i+1:])
		if !(isLatinLetter(before) && isCJK(after) || isCJK(before) && isLatinLetter(after)) {
			continue
		}
		end := len(s)
		if k := strings.IndexAny(s[i:], ",;"); k >= 0 {
			end = i + k
		}
		if strings.ContainsAny(s[i:end], "()") || mixedWord(s[strings.LastIndexByte(s[:i], ' ')+1:i]) || mixedWord(firstWord(s[i+1:end])) {
			continue // an aside already, or a word of both scripts ("ENEOS東燃") in a name of one
		}
		// The Latin side must be a name of its own, two words at least:
		// one word is an acronym or a brand within the other script's
		// name ("KISTI 데이터분석본부").
		latin := s[i+1 : end]
		if isLatinLetter(before) {
			latin = s[max(strings.LastIndexAny(s[:i], ",;")+1, last):i]
		}
		if len(strings.Fields(latin)) < 2 {
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(" (")
		b.WriteString(strings.TrimSpace(s[i:end]))
		b.WriteByte(')')
		last, i = end, end
	}
	return Edited(&b, s, last)
}

// mixedWord reports whether w holds both Latin letters and Chinese,
// Japanese or Korean characters.
func mixedWord(w string) bool {
	latin, cjk := false, false
	for _, r := range w {
		latin = latin || isLatinLetter(r)
		cjk = cjk || isCJK(r)
	}
	return latin && cjk
}

// isLatinLetter reports whether r is a letter of the Latin script.
func isLatinLetter(r rune) bool { return unicode.Is(unicode.Latin, r) }

// isCJK reports whether r is a Chinese, Japanese or Korean character.
func isCJK(r rune) bool {
	return r >= 0x2E80 && (isHan(r) || unicode.Is(unicode.Hangul, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r))
}

// cutGluedMarks reads the footnote marks a PDF's superscripts leave run
// into the word they mark ("1Department of X, …; 2University of Y",
// "bUniversity of Y") where marked(mark, word) holds, word canonical:
// ParseAffiliations cuts them before a unit's or an organisation's head
// word (or "State", "National") only (see headMarked), as brands write a
// number or a letter before other capitals ("50Hertz", "iThemba",
// "eScience"). A number of one or two digits is set apart from the word,
// so that it marks as a number written apart does (see cutFootnotes), or
// dropped when it opens the string; a lower-case letter is dropped.
func cutGluedMarks(s string, marked func(mark, word string) bool) string {
	var b strings.Builder
	last := 0
	// i walks the words' starts: the string's, and each after a space,
	// past a comma, semicolon or parenthesis that opens it.
	for i := 0; i+2 < len(s); {
		for i < len(s) && strings.IndexByte(",;(", s[i]) >= 0 {
			i++
		}
		if j, ok := gluedMark(s, i, marked); ok {
			b.WriteString(s[last:i])
			if isDigitByte(s[i]) && strings.TrimSpace(s[:i]) != "" {
				// A number marks the part it opens: written apart.
				b.WriteString(s[i:j])
				b.WriteByte(' ')
			}
			last = j
		}
		k := strings.IndexByte(s[i:], ' ')
		if k < 0 {
			break
		}
		i += k + 1
	}
	return Edited(&b, s, last)
}

// CutMarksBefore cuts the numbers of footnotes run into the words they
// mark, as cutGluedMarks does, before any word known holds without the
// number and not with it (canonical words, Token.Text): the resolver cuts
// them before the words its registry knows ("2Ostfalia University"),
// which the parser cannot tell from brands ("50Hertz"). Letters are left:
// a letter before a known word is as often a brand's ("eHealth").
func CutMarksBefore(s string, known func(w string) bool) string {
	return cutGluedMarks(s, func(mark, word string) bool {
		return isDigitByte(mark[0]) && known(word) && !knownWritten(known, mark+word)
	})
}

// JoinBrokenWords joins the two halves of each word a line break
// hyphenated, as text taken from a PDF has them ("Agri- cultural",
// "Univ- ersity of Bord- eaux", "KwaZ- ulu", "UNIV- ERSITAS"): a hyphen
// ending a word, a space, and a word in small letters, or in capitals
// after a capital, whose joining with the one before is a word known
// holds (canonical, Token.Text), or in small letters when neither half is
// one ("Sidl- erstrasse"). A word of two halves that share one ending stays
// ("Neuro- und Verhaltensbiologie", "pre- and postdoctoral"): the small
// word is a conjunction. So does a capital after a small letter ("Otto-
// von- Guericke", "INSERM 1054- University"): a dash between parts. It
// returns s itself when it joins nothing.
func JoinBrokenWords(s string, known func(w string) bool) string {
	if !strings.Contains(s, "- ") {
		return s
	}
	var b strings.Builder
	done := 0 // what b holds of s
	for from := 0; ; {
		j := strings.Index(s[from:], "- ")
		if j < 0 {
			break
		}
		i := from + j
		from = i + 2
		start := letterRunStart(s, i)
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		next, _ := utf8.DecodeRuneInString(s[i+2:])
		small := unicode.IsLower(next)
		if start == i || !small && !(unicode.IsUpper(before) && unicode.IsUpper(next)) {
			continue // no word before the hyphen, or a capital after a small letter
		}
		end := letterRunEnd(s, i+2, small)
		first, second := s[start:i], s[i+2:end]
		if brokenWordJoins[strings.ToLower(second)] {
			continue
		}
		word := func(w string) bool { return knownWritten(known, w) }
		if !word(first+second) && (!small || word(first) || word(second)) {
			continue
		}
		b.WriteString(s[done:i])
		done = i + 2
	}
	return Edited(&b, s, done)
}

// minGluedPart is the least number of letters each of two glued words
// keeps for SplitGluedWords to set them apart ("Aix", "Max").
const minGluedPart = 3

// SplitGluedWords writes a space between two capitalised words run
// together with no space or hyphen, the second's capital right after the
// first's small letter ("TorWestmarch University", "KelpHarbour-Zentrum",
// as text taken from a PDF or typed in haste has them) or after an
// acronym in capitals ("KELPUniversidad"), when known holds
// each word (canonical, Token.Text) and not the two run together: a name
// written so on purpose ("McGill", "BioNTech") is one word the registry
// knows, or has a part of fewer than minGluedPart letters. It returns s
// itself when it splits nothing.
func SplitGluedWords(s string, known func(w string) bool) string {
	var b strings.Builder
	done := 0 // what b holds of s
	for i := 1; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' || !isLowerLetter(s[i-1]) && !capsRunBefore(s, i) {
			continue
		}
		start, end := letterRunStart(s, i), letterRunEnd(s, i, false)
		first, second := s[start:i], s[i:end]
		if utf8.RuneCountInString(first) < minGluedPart || utf8.RuneCountInString(second) < minGluedPart {
			continue
		}
		word := func(w string) bool { return knownWritten(known, w) }
		if r, _ := utf8.DecodeRuneInString(first); !unicode.IsUpper(r) || word(first+second) || !word(first) || !word(second) {
			continue // "withNational": a note's small word run into a name, which the note's reading keeps apart
		}
		b.WriteString(s[done:i])
		b.WriteByte(' ')
		done = i
	}
	return Edited(&b, s, done)
}

// capsRunBefore reports whether s has, before the capital at i that opens
// a word in small letters, an acronym of minGluedPart capitals or more
// run into it ("CONICETUniversidad"), the acronym's last capital not
// being the word's.
func capsRunBefore(s string, i int) bool {
	if i+1 >= len(s) || !isLowerLetter(s[i+1]) || !isUpperByte(s[i-1]) {
		return false
	}
	n := 0
	for j := i - 1; j >= 0 && isUpperByte(s[j]); j-- {
		n++
	}
	return n >= minGluedPart
}

// brokenWordJoins are the conjunctions after a hyphen that leave the
// hyphened word's ending to the next word ("Neuro- und
// Verhaltensbiologie"), not a line break's halves.
var brokenWordJoins = map[string]bool{"and": true, "und": true, "or": true, "oder": true, "et": true, "ou": true, "e": true, "y": true, "i": true, "to": true}

// headMarked reports whether word, canonical, is one a footnote's mark
// is read before in any string: a unit's or an organisation's head word,
// "State" or "National".
func headMarked(_, word string) bool {
	return deptMarkers[word] || orgHeads[word] || word == "state" || word == "national"
}

// gluedMark reports whether a footnote's mark opens the word at i of s
// (see cutGluedMarks) and where the marked word begins.
func gluedMark(s string, i int, marked func(mark, word string) bool) (int, bool) {
	j := i
	for j < len(s) && j-i < 2 && isDigitByte(s[j]) {
		j++
	}
	if j == i {
		if i >= len(s) || !isLowerLetter(s[i]) {
			return 0, false
		}
		j = i + 1
	}
	// The word opens with a capital and another letter: after a number
	// any script's capital, and the word may be in capitals ("2UCL",
	// "3École"); after a letter an ASCII capital and a small letter.
	r, n := utf8.DecodeRuneInString(s[j:])
	if j+n >= len(s) || !unicode.IsUpper(r) || !isDigitByte(s[i]) && (r >= utf8.RuneSelf || !isLowerLetter(s[j+1])) {
		return 0, false
	}
	next, _ := utf8.DecodeRuneInString(s[j+n:])
	if !unicode.IsLetter(next) {
		return 0, false
	}
	end := letterRunEnd(s, j+n, unicode.IsLower(next))
	if !unicode.IsLower(next) && end-j < 3 {
		return 0, false // two capitals after a digit are a code ("OX1 3PU")
	}
	if !isDigitByte(s[i]) && end-j < 4 {
		return 0, false // a letter before a short word is a brand's ("iDiv", "iLab"), not a footnote's
	}
	if !marked(s[i:j], canonicalWord(Normalize(s[j:end]))) {
		return 0, false
	}
	return j, true
}

func isUpperByte(c byte) bool { return c >= 'A' && c <= 'Z' }

// splitGluedHeads puts a space where a word runs into the next at a
// capital ("Peking UniversityShenzhen", "MacauUniversity of Science")
// when one of the two, written in full, is university or institute in
// some language and both are words of five letters or more. Brands
// ("DeepMind", "eScience", "FernUniversität") are left whole, as the
// registry writes them.
func splitGluedHeads(s string) string {
	var at []int
	start := 0 // where the word being read begins
	for i := 0; i+2 < len(s); i++ {
		c := s[i]
		if !isASCIILetter(c) {
			start = i + 1
			continue
		}
		if !(c >= 'a' && c <= 'z') || !(s[i+1] >= 'A' && s[i+1] <= 'Z') || s[i+2] >= 'A' && s[i+2] <= 'Z' || s[i+2] < 0x80 && !isASCIILetter(s[i+2]) {
			continue
		}
		// The right word runs to the next capital or non-letter.
		left, right := s[start:i+1], s[i+1:letterRunEnd(s, i+2, true)]
		if len(left) < minGluedWord || len(right) < minGluedWord || !gluedHead(left) && !gluedHead(right) {
			continue
		}
		at = append(at, i+1)
		start = i + 1
	}
	return insertSpaces(s, at)
}

// splitGluedOf puts a space before an "of" run onto a university's or
// institute's name word ("Universityof X", "Instituteof X").
func splitGluedOf(s string) string {
	var at []int
	for from := 0; ; {
		j := strings.Index(s[from:], "of ")
		if j < 0 {
			break
		}
		i := from + j // where "of" begins
		from = i + 3
		if i == 0 || !isASCIILetter(s[i-1]) {
			continue
		}
		if w := s[strings.LastIndexByte(s[:i], ' ')+1 : i]; len(w) >= minGluedWord && gluedHead(w) {
			at = append(at, i)
		}
	}
	return insertSpaces(s, at)
}

// insertSpaces returns s with a space inserted before each byte offset of
// at (ascending), or s itself when at is empty: the glued-word splitters
// find where words were run together and this writes them apart.
func insertSpaces(s string, at []int) string {
	if len(at) == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + len(at))
	from := 0
	for _, i := range at {
		b.WriteString(s[from:i])
		b.WriteByte(' ')
		from = i
	}
	b.WriteString(s[from:])
	return b.String()
}

// knownWritten reports whether known holds the word w as written, read
// as the tokeniser reads it (canonical, Token.Text).
func knownWritten(known func(w string) bool, w string) bool {
	return known(canonicalWord(Normalize(w)))
}

// letterRunStart returns where the run of letters ending at to begins in
// s.
func letterRunStart(s string, to int) int {
	start := to
	for start > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:start])
		if !unicode.IsLetter(r) {
			break
		}
		start -= n
	}
	return start
}

// letterRunEnd returns where the run of letters starting at from ends in
// s, or, with stopAtUpper, where the next capital begins it anew.
func letterRunEnd(s string, from int, stopAtUpper bool) int {
	end := from
	for end < len(s) {
		r, n := utf8.DecodeRuneInString(s[end:])
		if !unicode.IsLetter(r) || stopAtUpper && unicode.IsUpper(r) {
			break
		}
		end += n
	}
	return end
}

// minGluedWord is the fewest bytes each of two words run together must
// have to be split: shorter ones are abbreviations ("Univ") or parts of a
// brand ("Fern").
const minGluedWord = 5

// gluedHead reports whether w is university or institute in some language.
func gluedHead(w string) bool {
	c := canonicalWord(Normalize(w))
	return c == "university" || c == "institute"
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// unglue puts back the space an export lost after a connecting word
// matched by gluedConnector, and after "address" the colon of the label
// it ends ("Current addressX University" is "Current address: X
// University", which cutFormLabel reads).
func unglue(m string) string {
	w := m[:len(m)-2]
	if w == "address" {
		return w + ": " + m[len(w):]
	}
	return w + " " + m[len(w):]
}

// gluedAt reports whether gluedConnector or gluedAcronym matches s,
// reading them byte by byte (\b is ASCII in Go's expressions): one of
// the connecting words starting a word and followed by a capital and a
// small letter, or a word starting with four or more capitals followed by
// three small letters.
func gluedAt(s string, word, up, low func(byte) bool) bool {
	for i := 0; i < len(s); i++ {
		if i > 0 && word(s[i-1]) || !word(s[i]) {
			continue // not the start of a word
		}
		for _, c := range gluedWords {
			if j := i + len(c); strings.HasPrefix(s[i:], c) && j+1 < len(s) && up(s[j]) && low(s[j+1]) {
				return true
			}
		}
		j := i
		for j < len(s) && up(s[j]) {
			j++
		}
		if j-i >= 4 && j+3 <= len(s) && low(s[j]) && low(s[j+1]) && low(s[j+2]) {
			return true
		}
	}
	return false
}

// footnoteMarkup is a superscript or subscript of a few characters: a
// footnote mark in markup ("<sup>1</sup>Department of …").
var footnoteMarkup = regexp.MustCompile(`(?i)<(sup|sub)>[^<]{0,4}</(sup|sub)>`)

// markupTag is an HTML or XML tag, opening or closing, with its
// attributes.
var markupTag = regexp.MustCompile(`</?[A-Za-z][A-Za-z0-9:-]{0,15}(?:\s[^<>]{0,200})?/?>`)

// inlineTags are the tags that format words within a name ("<i>Université</i>
// de X"): dropped without a space; other tags separate words.
var inlineTags = map[string]bool{"i": true, "b": true, "em": true, "strong": true, "u": true, "span": true, "small": true, "font": true, "a": true, "sc": true}

// stripMarkup removes the markup metadata exports leave in affiliation
// strings: footnote marks in superscript, then every tag, inline ones
// without a trace, others as a space.
func stripMarkup(s string) string {
	s = footnoteMarkup.ReplaceAllString(s, " ")
	return markupTag.ReplaceAllStringFunc(s, func(tag string) string {
		name := strings.TrimLeft(tag, "</")
		if i := strings.IndexFunc(name, func(r rune) bool { return r == ' ' || r == '>' || r == '/' || r == '\t' || r == '\n' }); i >= 0 {
			name = name[:i]
		}
		if inlineTags[strings.ToLower(name)] {
			return ""
		}
		return " "
	})
}

// texAccent is a letter with a TeX accent command, braced or not ("\'e",
// "{\'e}", "\'{e}", "\c{c}"), as BibTeX-sourced metadata writes
// accented names; the letter alone is kept, as normalising drops the
// accent anyway.
var texAccent = regexp.MustCompile(`\{?\\(?:['"^~=.` + "`" + `]|[cvuHk] ?)\{?([A-Za-z])\}?\}?`)

// searchEscape is a character escaped for a search engine's query syntax
// ("Cancer\/National Science Foundation\/V Foundation \- Award"), as
// strings logged from search boxes write them; the character is kept
// without its backslash. The quote, caret and tilde are left out: after
// a backslash they are TeX accents (see texAccent), as in "M\"unchen".
var searchEscape = regexp.MustCompile(`\\([-+!(){}\[\]*?:/&|\\])`)

// UnescapeSearch returns s with the backslashes of characters escaped
// for a search engine's query syntax dropped (see searchEscape). Callers
// that read dashes or slashes before ParseAffiliations does use it first.
func UnescapeSearch(s string) string {
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	return searchEscape.ReplaceAllString(s, "$1")
}

// escapedSpace turns the "#TAB#" and "#N#" escapes some bibliographic
// exports write for a tab or a line break back into a space: they break
// a line of the printed affiliation, not the string into parties.
var escapedSpace = strings.NewReplacer("#TAB#", " ", "#N#", " ")

// joinWrappedLines reads a line break followed by indentation (spaces or
// tabs) as a space: text taken from indented XML or HTML is wrapped so,
// within a name as often as between parts ("… Sciences and\n\t\tVeterinary
// Medicine"). So is a line break after a comma, which goes on with the
// same party ("Department of X,\nUniversity of Y"). Any other line break
// still separates parties.
func joinWrappedLines(s string) string {
	if !strings.Contains(s, "\n ") && !strings.Contains(s, "\n\t") && !strings.Contains(s, ",\n") && !strings.Contains(s, ", \n") && !strings.Contains(s, ",\r\n") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	rest := s
	for {
		i := strings.IndexByte(rest, '\n')
		if i < 0 {
			break
		}
		j := i + 1
		for j < len(rest) && (rest[j] == ' ' || rest[j] == '\t') {
			j++
		}
		if j == i+1 && !strings.HasSuffix(strings.TrimRight(rest[:i], " \t\r"), ",") {
			// Not indented, nor after a comma: the break stays.
			b.WriteString(rest[:j])
			rest = rest[j:]
			continue
		}
		b.WriteString(strings.TrimRight(rest[:i], " \t\r"))
		b.WriteByte(' ')
		rest = rest[j:]
	}
	b.WriteString(rest)
	return b.String()
}

// cutCareOf drops "c/o" ("care of") written before an organisation's
// name ("Department of Tides, c/o Westmoor University"): the slash would
// otherwise join two names, "c" and "o …".
func cutCareOf(s string) string {
	for i := 0; i+4 <= len(s); i++ {
		if (s[i] == 'c' || s[i] == 'C') && s[i+1] == '/' && (s[i+2] == 'o' || s[i+2] == 'O') && s[i+3] == ' ' && (i == 0 || strings.IndexByte(" ,;(", s[i-1]) >= 0) {
			s = s[:i] + s[i+4:]
		}
	}
	return s
}

// maxSegments caps how many segments one string is split into; the rest
// is kept in the last segment. It bounds the work one input can cause.
const maxSegments = 16

// PlainSpaces returns s with every space other than the ASCII one (a
// no-break space from a Web page or a PDF, a thin or an ideographic
// space) written as the ASCII space, which the parser's cues are written
// with (" and ", " - "), and, when most of its words are set two spaces
// or more apart (justified text from a PDF), every run of spaces as one:
// two spaces then say nothing, where among single ones they mark a comma
// or bracket an export dropped (see splitWideSpaces). ParseAffiliations
// calls it; a caller that reads the string's cues before parsing it
// calls it first.
func PlainSpaces(s string) string {
	if !isPlainASCII(s) && strings.ContainsFunc(s, otherSpace) {
		s = strings.Map(func(r rune) rune {
			if otherSpace(r) {
				return ' '
			}
			return r
		}, s)
	}
	if hasDoubleSpace(s) && spacedWide(s) {
		// Runs of spaces only: a line break still separates parties.
		var b strings.Builder
		b.Grow(len(s))
		for i := 0; i < len(s); i++ {
			if s[i] == ' ' && i > 0 && s[i-1] == ' ' {
				continue
			}
			b.WriteByte(s[i])
		}
		s = b.String()
	}
	return s
}

// spacedWide reports whether most of the gaps between the words of s, at
// least three of them, or both of two, are two spaces or more wide.
func spacedWide(s string) bool {
	gaps, wide := 0, 0
	for i := 0; i < len(s); {
		if s[i] != ' ' {
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] == ' ' {
			j++
		}
		if i > 0 && j < len(s) {
			gaps++
			if j-i >= 2 {
				wide++
			}
		}
		i = j
	}
	return gaps >= 3 && 2*wide > gaps || gaps == 2 && wide == 2
}

// Unquote returns s without the quotation marks that enclose it whole
// ("\"X University\"", "“X University”"), as a search box or a spreadsheet
// cell may quote a string; quotes inside it are left.
func Unquote(s string) string {
	t := strings.TrimSpace(s)
	first, n := utf8.DecodeRuneInString(t)
	last, m := utf8.DecodeLastRuneInString(t)
	if len(t) <= n+m {
		return s
	}
	inner := t[n : len(t)-m]
	switch {
	case first == '"' && last == '"', first == '\'' && last == '\'', first == '“' && last == '”', first == '«' && last == '»', first == '„' && last == '“':
		if !strings.ContainsRune(inner, first) && !strings.ContainsRune(inner, last) {
			return strings.TrimSpace(inner)
		}
	}
	return s
}

// otherSpace reports whether r is a space separator other than the ASCII
// space.
func otherSpace(r rune) bool { return r != ' ' && unicode.Is(unicode.Zs, r) }

// ParseAffiliations splits a free-text name or affiliation string into the
// parties it names (separated by ";" or a line break), and each party into
// segments (separated by commas) classified as organisation, department,
// address or country. Parentheticals become aside segments.
func ParseAffiliations(s string) []Affiliation {
	if strings.Contains(s, "#") {
		s = escapedSpace.Replace(s)
	}
	if strings.Contains(s, "\n") {
		s = joinWrappedLines(s)
	}
	s = dropLostLetters(RepairMojibake(s))
	s = joinSplitPostcodes(CutSuperscripts(cutAuthorNotes(cutPhones(cutEmails(s)))))
	if strings.IndexByte(s, '<') >= 0 {
		s = stripMarkup(s)
	}
	if strings.IndexByte(s, '\\') >= 0 {
		s = texAccent.ReplaceAllString(s, "$1")
		s = UnescapeSearch(s)
	}
	if strings.Contains(s, "&") && strings.Contains(s, ";") {
		// Strings copied from web pages keep HTML's character references
		// ("&quot;Ogarev University&quot;", "Texas A&amp;M").
		s = html.UnescapeString(s)
	}
	s = Unquote(PlainSpaces(s))
	if strings.Contains(s, " | ") {
		// A bar between spaces separates parts as a comma does
		// ("Department of X | University of Y | Town"), as exports and
		// forms write them: it is no word of a name.
		s = strings.ReplaceAll(s, " | ", ", ")
	}
	if mayBeGlued(s) {
		s = gluedConnector.ReplaceAllStringFunc(s, unglue)
		s = splitGluedAcronyms(s)
	}
	s = cutGluedMarks(s, headMarked)
	if strings.Contains(s, "/") {
		s = cutCareOf(s)
	}
	if mayMixScripts(s) {
		s = splitScripts(s)
	}
	s = splitGluedHeads(s)
	if strings.Contains(s, "of ") {
		s = splitGluedOf(s)
	}
	if mayHaveAKA(s) {
		s = akaPattern.ReplaceAllString(s, ";")
	}
	if mayHaveFootnote(s) {
		s = cutFootnotes(s)
	}
	// "&" and "/" are rare: their bytes are looked for first, as spaces,
	// which the joins open with, are everywhere.
	if IndexAnd(s) >= 0 || strings.IndexByte(s, '&') >= 0 && strings.Contains(s, " & ") || strings.IndexByte(s, '/') >= 0 && strings.Contains(s, " / ") {
		s = splitAfterAddress(s)
	}
	if strings.IndexByte(s, '(') >= 0 {
		s = splitWhereaboutsAsides(s)
	}
	if strings.Contains(s, ". ") {
		s = splitAfterCountryStop(s)
	}
	var buf [4]string
	parties := appendSplit(buf[:0], s, ';', '\n', "；")
	if len(parties) == 0 {
		return nil
	}
	out := make([]Affiliation, 0, len(parties)) // in one allocation
	for _, part := range parties {
		if a := parseOne(part); len(a.Segments) > 0 {
			out = append(out, a)
		}
	}
	if len(out) == 0 {
		return nil // as before: no party is nil, not empty
	}
	return out
}

func parseOne(raw string) Affiliation {
	raw = cutFinalStop(cutListMark(trimFootnoteMarks(raw)))
	raw = cutFormLabel(cutWhereaboutsNote(raw))
	a := Affiliation{Raw: strings.TrimSpace(raw)}
	main, asides := splitParentheticals(raw)
	var partBuf [maxSegments]string
	parts := appendSplit(partBuf[:0], main, ',', ',', "，")
	if hasFootnoteMark(main) {
		for i, p := range parts {
			parts[i] = trimFootnoteMarks(p) // "Department of X*, Y University†"
		}
	}
	if strings.Contains(main, ". ") {
		parts = splitFullStops(parts)
	}
	if len(parts) > 1 {
		moveLateCommas(parts)
	}
	if hasDoubleSpace(main) {
		var more []string
		parts, more = splitWideSpaces(parts)
		asides = append(asides, more...)
	}
	if strings.IndexByte(main, '/') >= 0 {
		// Before the "and" between organisations is read: a slash
		// between parts ("Institute of X and Y / University of Z")
		// bounds the words either side of an "and".
		parts = splitSlashedOrgs(parts)
	}
	// Organisations after "corporate member of" or "affiliated with" are
	// context, not the party: read them as address-like words.
	var context map[int]bool
	if mayHaveMembership(main) {
		context = map[int]bool{}
		var out []string
		on := false
		for _, p := range parts {
			if rest, ok := cutMembership(p); ok {
				on, p = true, rest
			} else if t := strings.TrimSpace(p); !on || !strings.HasPrefix(strings.ToLower(t), "and ") && !containsFold(t, "univers") {
				// The list goes on with "and …" or, between commas, with
				// the next university ("corporate member of X University,
				// Y University, and Z").
				on = false
			}
			pieces := []string{p}
			if IndexAnd(p) >= 0 {
				pieces = splitJoinedOrgs(pieces)
			}
			for _, x := range pieces {
				if on {
					context[len(out)] = true
				}
				out = append(out, x)
			}
		}
		parts = out
	} else if IndexAnd(main) >= 0 {
		parts = splitJoinedOrgs(parts)
	}
	if strings.Contains(main, " at ") {
		parts = splitAtUniversity(parts)
	}
	if context == nil {
		parts = splitTrailingCountries(parts)
	}
	if len(parts) > maxSegments {
		parts = append(parts[:maxSegments-1], strings.Join(parts[maxSegments-1:], " "))
	}
	a.Segments = make([]Segment, 0, len(parts)+len(asides)) // in one allocation
	// Countries come from what the string says (a country, a state) and
	// from the cities it names; a city says less ("Cambridge, MA"), so
	// its country counts only when nothing is said outright.
	var implied []string
	addCountry := func(c string) {
		if c != "" && !slices.Contains(a.Countries, c) {
			a.Countries = append(a.Countries, c)
		}
	}
	for i, p := range parts {
		n := Normalize(p)
		if n == "" {
			continue
		}
		seg := classify(p, n)
		if context[i] {
			seg.Role = RoleAddress
			seg.Tokens = withRole(seg.Tokens, RoleAddress)
		}
		if len(seg.Tokens) == 0 {
			continue
		}
		// A legal form that is also a country's ISO code, written in
		// capitals as the last part after a name and a town ("…,
		// Stockholm, SE", "…, Pago Pago, AS"), is the country as exports
		// write it, not the name's form; a US state's code ("CO") is
		// read below.
		if i == len(parts)-1 && len(a.Segments) >= 2 && allLegal(seg.Tokens) && !usStateCodes[strings.TrimSpace(p)] {
			if c := capitalISOCode(p); c != "" {
				seg.Role = RoleCountry
				seg.Tokens = withRole(seg.Tokens, RoleCountry)
				addCountry(c)
				a.Segments = append(a.Segments, seg)
				continue
			}
		}
		// A lone legal form ("Ltd.") belongs to the name before it; a
		// state's code written so ("Northtown, CO") is the address.
		if allLegal(seg.Tokens) && len(a.Segments) > 0 && !usStateCodes[strings.TrimSpace(p)] {
			prev := &a.Segments[len(a.Segments)-1]
			prev.Text += "," + p
			merged := classify(prev.Text, Normalize(prev.Text))
			merged.Role = prev.Role
			*prev = Segment{Text: prev.Text, Role: prev.Role, Tokens: withRole(merged.Tokens, prev.Role)}
			continue
		}
		if c := stateCountry(p, n); c != "" && seg.Role == RoleName && len(a.Segments) > 0 {
			seg.Role = RoleAddress
			seg.Tokens = withRole(seg.Tokens, RoleAddress)
		}
		switch seg.Role {
		case RoleCountry:
			addCountry(segmentCountry(seg.Text, n))
		case RoleAddress:
			said, cities := addressCountries(n)
			for _, c := range said {
				addCountry(c)
			}
			if len(a.Segments) > 0 {
				addCountry(stateCountry(p, n))
			}
			implied = append(implied, cities...)
		}
		a.Segments = append(a.Segments, seg)
	}
	a.settleStates(slices.Contains(implied, "us"))
	if len(a.Countries) == 0 {
		for _, c := range implied {
			addCountry(c)
		}
	}
	a.Countries = regionOverSovereign(a.Countries)
	continueUnits(a.Segments)
	promoteHost(a.Segments)
	person := len(a.Segments) > 0 && len(asides) > 0 && countryNames[Normalize(asides[0])] == "" && personNamed(a.Segments[0].Text) &&
		!slices.ContainsFunc(a.Segments[1:], func(s Segment) bool { return s.Role == RoleDept || s.Role == RoleName && hasJoinHead(s.Text) })
	if person {
		// "Prof. Jane Doe (X University), Town": the person's name, then
		// the organisation in brackets, which is the party's, when no
		// other segment names one.
		a.Segments[0].Role = RoleAside
		withRole(a.Segments[0].Tokens, RoleAside)
	}
	for k, x := range asides {
		if person && k == 0 {
			if toks := Tokenize(x); len(toks) > 0 {
				// Before the address, which follows the brackets.
				a.Segments = slices.Insert(a.Segments, 1, Segment{Text: strings.TrimSpace(x), Role: RoleName, Tokens: toks})
				continue
			}
		}
		if n := Normalize(x); countryNames[n] != "" {
			// A country in brackets ("University of X (Germany)") is
			// the party's country, said outright; China's after Hong
			// Kong's ("Kowloon, Hong Kong (China)") is Hong Kong's.
			addCountry(countryNames[n])
			a.Countries = regionOverSovereign(a.Countries)
			a.Segments = append(a.Segments, Segment{Text: strings.TrimSpace(x), Role: RoleCountry, Tokens: withRole(tokenizeNormalized(n), RoleCountry)})
			continue
		}
		toks := Tokenize(x)
		if hasJoinHead(x) {
			// An organisation's name in brackets is read as a part is, so
			// a unit written with it keeps its unit's words ("Department
			// of X (Y University School of Medicine)").
			if seg := classify(x, Normalize(x)); seg.Role == RoleName && len(seg.Tokens) == len(toks) {
				toks = seg.Tokens
			}
		}
		for i := range toks {
			if toks[i].Role != RoleDept {
				toks[i].Role = RoleAside
			}
		}
		if len(toks) > 0 {
			a.Segments = append(a.Segments, Segment{Text: x, Role: RoleAside, Tokens: toks})
		}
	}
	return a
}

// honorifics are the titles written before a person's name, lower-cased
// and without their full stop.
var honorifics = map[string]bool{"prof": true, "professor": true, "dr": true, "mr": true, "mrs": true, "ms": true, "miss": true, "sir": true, "dame": true}

// maxPersonWords bounds the words of a title and a person's name.
const maxPersonWords = 5

// personNamed reports whether text is a person's name after a title
// ("Prof. Jane Doe", "Dr Li Wei"): a title, then one to four words, each
// capitalised or an initial.
func personNamed(text string) bool {
	ws := strings.Fields(text)
	if len(ws) < 2 || len(ws) > maxPersonWords || !lowerIn(honorifics, strings.TrimSuffix(ws[0], ".")) || len(ws[0]) > 1 && isUpperByte(ws[0][1]) {
		// Not a title, or one in capitals ("MR Technology").
		return false
	}
	if slices.ContainsFunc(ws[1:], func(w string) bool { return !startsUpper(w) }) || hasJoinHead(text) {
		return false
	}
	// An organisation named after a person ("Dr. Westmoor Laboratories
	// Ltd") has a word of the lexicon or a legal form.
	for _, w := range ws[1:] {
		if n := Normalize(w); wordTable[n] != nil || IsLegalForm(n) {
			return false
		}
	}
	return true
}

// moveLateCommas mends a comma written one word late, after the name a
// university's or college's head word needs ("School of Engineering
// Northvale, University Eastport 38541", "Department of Surgery Northvale,
// University College of Medicine"): when a part opens with the bare head
// word and writes no word of a name of its own (see ownNameless), and the
// part before ends with a capitalised word no lexicon, subject, town or
// country list knows, that word is moved to
// open the part, as the name it is ("Northvale University Eastport
// 38541"), when at least two words are left before it, not ending with a
// head word ("Univ Northvale, University Northvale 1" names its host
// twice) or a stopword ("Institut für Physik, Universität Basel", whose
// last word is the unit's subject). A head followed by "of" has its name
// after it; a one-word part before it ("Northvale, University") is read
// across the comma anyway.
func moveLateCommas(parts []string) {
	for i := 1; i < len(parts); i++ {
		p := strings.TrimSpace(parts[i])
		if p == "" || p[0] != 'U' && p[0] != 'C' {
			continue // the common case: no head word opens the part
		}
		words := strings.Fields(p)
		if h := canonicalWord(Normalize(words[0])); h != "university" && h != "college" || !ownNameless(words[1:]) {
			continue
		}
		before := strings.Fields(parts[i-1])
		if len(before) < 3 {
			continue
		}
		if prev := Normalize(before[len(before)-2]); factsOf(prev).orgHead || stopwords[prev] {
			// "Univ Lyon, Université Lyon 1" names its host twice; in
			// "Institut für Physik, Universität Basel" the word after
			// "für" is the unit's subject.
			continue
		}
		last := before[len(before)-1]
		r, _ := utf8.DecodeRuneInString(last)
		if !unicode.IsUpper(r) || strings.ToUpper(last) == last || !lettersOnly(last) || listedWord(Normalize(last)) {
			continue
		}
		parts[i-1] = strings.Join(before[:len(before)-1], " ")
		parts[i] = last + " " + p
	}
}

// listedWord reports whether the normalised word n is one the tables
// know (a lexicon, head, town or country word, see wordTable), a subject
// or a generic word: no name's own word.
func listedWord(n string) bool {
	return wordTable[n] != nil || isSubject(n) || genericWords[n]
}

// ownNameless reports whether words, those after a head word, write no
// word of a name: each is a lexicon word, a subject or generic word (a
// stopword included, but not first, where "of" says the name follows), a
// number, or an unknown word followed by a number (a town before its
// postcode).
func ownNameless(words []string) bool {
	for k, w := range words {
		n := Normalize(w)
		switch f := factsOf(n); {
		case n == "" || isDigits(n):
		case !f.ok:
			if k == 0 {
				return false
			}
		case listedWord(n):
		case k+1 < len(words) && isDigits(Normalize(words[k+1])):
		default:
			return false
		}
	}
	return true
}

// appendSplit appends to out the fields of s around runs of the
// separators a, b and wide (a full-width form, three bytes in UTF-8),
// dropping empty fields, as strings.FieldsFunc does with the same runes,
// but comparing bytes instead of decoding runes. No byte of an ASCII separator is ever part of another
// rune, and a full-width form's lead byte is never a continuation byte, so
// the two read the same fields, in valid UTF-8 or not.
func appendSplit(out []string, s string, a, b byte, wide string) []string {
	if strings.IndexByte(s, wide[0]) < 0 {
		// No wide form: the fields lie between the bytes a and b, which
		// IndexByte finds many bytes at a time.
		for s != "" {
			i := strings.IndexByte(s, a)
			if b != a {
				if j := strings.IndexByte(s, b); j >= 0 && (i < 0 || j < i) {
					i = j
				}
			}
			if i < 0 {
				return append(out, s)
			}
			if i > 0 {
				out = append(out, s[:i])
			}
			s = s[i+1:]
		}
		return out
	}
	start := -1 // where the current field starts, or -1 between fields
	for i := 0; i < len(s); {
		n := 0
		switch c := s[i]; {
		case c == a || c == b:
			n = 1
		case c == wide[0] && strings.HasPrefix(s[i:], wide):
			n = len(wide)
		}
		if n == 0 {
			if start < 0 {
				start = i
			}
			i++
			continue
		}
		if start >= 0 {
			out = append(out, s[start:i])
			start = -1
		}
		i += n
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

// hasDoubleSpace is strings.Contains(s, "  "). Two spaces side by side
// always cover an odd index, so only every other byte is looked at;
// strings.Contains would stop at every space.
func hasDoubleSpace(s string) bool {
	for i := 1; i < len(s); i += 2 {
		if s[i] == ' ' && (s[i-1] == ' ' || i+1 < len(s) && s[i+1] == ' ') {
			return true
		}
	}
	return false
}

// splitWideSpaces splits parts at runs of two or more spaces: exports
// that strip punctuation leave them where a comma or a bracket was
// ("Federal University of X  UFX", "X Normal University   China"). What
// opens the string is no bracketed acronym, which follows the name it
// abbreviates: it is the name ("MongoDB", before a bracket cut out).
func splitWideSpaces(parts []string) (out, asides []string) {
	add := func(t string) {
		if len(out) > 0 && looksLikeBracketedAcronym(t) {
			asides = append(asides, t) // what a bracket held: "… (UFX)"
			return
		}
		out = append(out, t)
	}
	for _, p := range parts {
		t := strings.TrimSpace(p)
		for {
			i := strings.Index(t, "  ")
			if i < 0 {
				break
			}
			add(t[:i])
			t = strings.TrimSpace(t[i:])
		}
		add(t)
	}
	return out, asides
}

// dashSeparators are the dashes that separate parts of an affiliation as
// a comma does: set off by spaces, or an em dash. A hyphen or en dash
// inside a word joins ("Paris-Saclay").
var dashSeparators = [...]string{" - ", " – ", " — ", "—"}

// hasSeparatingDash reports whether s holds one of dashSeparators. Most
// strings hold no dash at all, and two byte scans tell so.
func hasSeparatingDash(s string) bool {
	if strings.IndexByte(s, '-') < 0 && strings.IndexByte(s, 0xE2) < 0 { // the en and em dashes' first byte
		return false
	}
	for _, sep := range dashSeparators {
		if strings.Contains(s, sep) {
			return true
		}
	}
	return trailingDashAt(s, 0) >= 0
}

// trailingDashAt returns the index, from from on, of a hyphen that ends a
// word and is followed by a space and a capital ("INSERM 1054- University
// of X"), a dash that separates parts as " - " does, or -1. A hyphen
// before a lower-case word shares its word's ending with the next
// ("Neuro- und Verhaltensbiologie") and separates nothing.
func trailingDashAt(s string, from int) int {
	for {
		j := strings.Index(s[from:], "- ")
		if j < 0 {
			return -1
		}
		i := from + j
		if i > 0 && s[i-1] != ' ' {
			if r, _ := utf8.DecodeRuneInString(s[i+2:]); unicode.IsUpper(r) {
				return i
			}
		}
		from = i + 2
	}
}

// SeparateDashes returns s with each dash that separates two parts ("X
// University - Department of Y", "ABC—Westland Institute of Z") written
// as a comma, so that ParseAffiliations reads the parts as segments,
// unless isName reports that the words on either side of it, up to the
// nearest comma or semicolon, are together one name ("Westland - Institute
// of Tides" where a list holds that name), perhaps before more words (its
// address, see joinedName), or the whole string is. It
// returns s itself when it changes nothing.
func SeparateDashes(s string, isName func([]Token) bool) string {
	if !hasSeparatingDash(s) || isName(Tokenize(s)) {
		return s // no dash, or the whole string is a name
	}
	var b strings.Builder
	from, done := 0, 0 // from: where to look for the next dash; done: what b holds
	for {
		i, w := -1, 0
		for _, sep := range dashSeparators {
			if j := strings.Index(s[from:], sep); j >= 0 && (i < 0 || from+j < i) {
				i, w = from+j, len(sep)
			}
		}
		if j := trailingDashAt(s, from); j >= 0 && (i < 0 || j < i) {
			i, w = j, len("- ")
		}
		if i < 0 {
			break
		}
		start := strings.LastIndexAny(s[:i], ",;") + 1
		from = i + w
		if joinedName(Tokenize(s[start:i]), Tokenize(s[i+w:partEnd(s, i+w)]), isName) {
			continue
		}
		b.WriteString(s[done:i])
		b.WriteString(", ")
		done = i + w
	}
	return Edited(&b, s, done)
}

// joinedName reports whether the words before a dash, with the words
// after it or the first of them, are one name isName knows: the words
// that follow the name may be its address ("Westland Health - Eastmere
// Hospital Eastmere TX 77001 USA").
func joinedName(before, after []Token, isName func([]Token) bool) bool {
	ts := append(slices.Clip(before), after...)
	if len(before) == 0 || len(after) == 0 {
		return len(ts) > 0 && isName(ts) // one side only: it whole
	}
	for k := len(ts); k > len(before); k-- {
		if isName(ts[:k]) {
			return true
		}
	}
	return false
}

// partEnd returns where the part of s that goes on at from ends: at the
// next comma or semicolon, or at the end of s.
func partEnd(s string, from int) int {
	if k := strings.IndexAny(s[from:], ",;"); k >= 0 {
		return from + k
	}
	return len(s)
}

// JoinSplitNames returns s with a comma removed where it cuts a name in
// two after its first word ("Harbin, Institute of Technology", "Georgia,
// Inst. of Technol."): the comma follows a single capitalised word and
// isName reports that word and the words after the comma, two or more up
// to the next comma or semicolon and holding an organisation's head word,
// to be one name. It returns s itself when it changes nothing.
func JoinSplitNames(s string, isName func([]Token) bool) string {
	var b strings.Builder
	done, start := 0, 0 // start: where the part before the next comma begins
	for i := 0; i < len(s); i++ {
		if s[i] == ';' {
			start = i + 1
		}
		if s[i] != ',' {
			continue
		}
		left := strings.TrimSpace(s[start:i])
		right := strings.TrimSpace(s[i+1 : partEnd(s, i+1)])
		if left != "" && strings.ContainsRune(right, ' ') && !strings.ContainsRune(left, ' ') && startsUpper(left) && startsUpper(right) && hasJoinHead(right) && isName(Tokenize(left+" "+right)) {
			b.WriteString(s[done:i])
			if s[i+1] != ' ' {
				b.WriteByte(' ') // "Harbin,Institute" is two words
			}
			done = i + 1
		}
		start = i + 1
	}
	return Edited(&b, s, done)
}

// looksLikeBracketedAcronym reports whether t is a short run of
// capitalised acronyms ("UFJF", "CF UM UP", "CAiRS").
func looksLikeBracketedAcronym(t string) bool {
	words := strings.Fields(t)
	if len(words) == 0 || len(words) > 3 {
		return false
	}
	for _, w := range words {
		upper := 0
		for _, r := range w {
			if unicode.IsUpper(r) {
				upper++
			}
		}
		if len(w) > 8 || upper < 2 && !(len(words) > 1 && upper == 1 && len(w) <= 2) {
			return false
		}
	}
	return true
}

// countryLastWords are the last words of the country names, to test a
// part cheaply before normalising its tail.
var countryLastWords = func() map[string]bool {
	m := map[string]bool{}
	for k := range countryNames {
		if f := strings.Fields(k); len(f) > 0 {
			m[f[len(f)-1]] = true
		}
	}
	return m
}()

// endsInCountryWord reports whether the last word of p, as
// strings.Fields splits it, with trailing ".;:" cut and in lower case, is
// the last word of a country's name. An ASCII word is lowered in a buffer
// on the stack, so the test allocates nothing.
func endsInCountryWord(p string) bool {
	if w, ok := lastASCIIWord(p); ok {
		return countryLastWordsASCII(w)
	}
	if !utf8.ValidString(p) {
		// Reading backwards may group broken bytes differently: take the
		// words as strings.Fields does.
		f := strings.Fields(p)
		return len(f) > 0 && countryLastWords[strings.ToLower(strings.TrimRight(f[len(f)-1], ".;:"))]
	}
	end := len(p)
	for end > 0 {
		r, n := utf8.DecodeLastRuneInString(p[:end])
		if !unicode.IsSpace(r) {
			break
		}
		end -= n
	}
	start := end
	for start > 0 {
		r, n := utf8.DecodeLastRuneInString(p[:start])
		if unicode.IsSpace(r) {
			break
		}
		start -= n
	}
	w := strings.TrimRight(p[start:end], ".;:")
	if !isPlainASCII(w) {
		return countryLastWords[strings.ToLower(w)]
	}
	return countryLastWordsASCII(w)
}

// lastASCIIWord returns the last word of p, as strings.Fields splits it,
// when that word and the spaces after it are ASCII and the word begins p
// or follows an ASCII space: whatever comes before, valid UTF-8 or not,
// cannot then change where the word starts. ok is false otherwise.
func lastASCIIWord(p string) (string, bool) {
	end := len(p)
	for end > 0 && asciiSpace(p[end-1]) {
		end--
	}
	start := end
	for start > 0 && !asciiSpace(p[start-1]) {
		if p[start-1] >= utf8.RuneSelf {
			return "", false
		}
		start--
	}
	return p[start:end], true
}

// countryLastWordsASCII is countryLastWords[strings.ToLower(w)] for an
// ASCII word w, with the trailing ".;:" cut first, lowered in a buffer on
// the stack.
func countryLastWordsASCII(w string) bool {
	w = strings.TrimRight(w, ".;:")
	var buf [32]byte
	if len(w) > len(buf) {
		return countryLastWords[strings.ToLower(w)]
	}
	b := buf[:len(w)]
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return countryLastWords[string(b)]
}

// SettleStates reads a code that is a country's and a US state's ("IL"
// for Israel and Illinois, "MO", "AR"), written as a segment of its own,
// as the state when the party is in the US by what else it says ("Chicago,
// IL, USA"): its country is then dropped unless something else names it.
// Callers that learn more of the party's places (a registry's cities) call
// it again.
func (a *Affiliation) SettleStates() { a.settleStates(false) }

// settleStates is SettleStates, told whether a city the party names puts
// it in the US.
func (a *Affiliation) settleStates(usCity bool) {
	if !usCity && !slices.Contains(a.Countries, "us") {
		return
	}
	for i := range a.Segments {
		seg := &a.Segments[i]
		if seg.Role != RoleCountry || !usStateCodes[seg.Text] {
			continue
		}
		seg.Role = RoleAddress
		seg.Tokens = withRole(seg.Tokens, RoleAddress)
		code := trailingCountryCode(seg.Text)
		if !slices.ContainsFunc(a.Segments, func(o Segment) bool {
			return o.Role == RoleCountry && segmentCountry(o.Text, Normalize(o.Text)) == code
		}) {
			a.Countries = slices.DeleteFunc(a.Countries, func(c string) bool { return c == code })
		}
		if !slices.Contains(a.Countries, "us") {
			a.Countries = append(a.Countries, "us")
		}
	}
}

// segmentCountry returns the country a country segment names, written
// as raw and normalised as n: by its name, or by its code in capitals.
func segmentCountry(raw, n string) string {
	if c := countryNames[n]; c != "" {
		return c
	}
	return trailingCountryCode(raw)
}

// regionOverSovereign drops China from countries that also hold Hong
// Kong, Macao or Taiwan: "Kowloon, Hong Kong, China" names a place in Hong
// Kong, whose organisations the registry files under Hong Kong, not under
// China, where namesake campuses stand ("… (Guangzhou)", "…, Shenzhen").
func regionOverSovereign(cs []string) []string {
	if len(cs) < 2 || !slices.Contains(cs, "cn") || !slices.ContainsFunc(cs, func(c string) bool { return c == "hk" || c == "mo" || c == "tw" }) {
		return cs
	}
	return slices.DeleteFunc(cs, func(c string) bool { return c == "cn" })
}

// splitTrailingCountries splits a country written after an
// organisation's name without a comma ("X Normal University China") into
// its own part, so it is read as country evidence, not as a name word.
// The name must end in an organisation head word: "University of Chile",
// "University of New Mexico" or "Institute of Science and Technology
// Austria" keep their country.
func splitTrailingCountries(parts []string) []string {
	// Most strings have no part to split: parts is then returned as it is.
	first := 0
	for first < len(parts) && !endsInCountryWord(parts[first]) && !endsInCountryCode(parts[first]) {
		first++
	}
	if first == len(parts) {
		return parts
	}
	out := append([]string(nil), parts[:first]...)
	for _, p := range parts[first:] {
		// Most parts end in no country's last word: that is asked first,
		// of the last word alone, before the part is split into words.
		if endsInCountryCode(p) {
			// A country code in capitals ends the name: "Tsinghua
			// University CN".
			fields := strings.Fields(p)
			out = append(out, strings.Join(fields[:len(fields)-1], " "), fields[len(fields)-1])
			continue
		}
		if !endsInCountryWord(p) {
			out = append(out, p)
			continue
		}
		fields := strings.Fields(p)
		if len(fields) < 3 {
			out = append(out, p)
			continue
		}
		split := 0
		for l := min(4, len(fields)-2); l >= 1 && split == 0; l-- {
			k := len(fields) - l
			if c, ok := countryNames[Normalize(strings.Join(fields[k:], " "))]; !ok || c == "" {
				continue
			}
			if prev := canonicalWord(Normalize(fields[k-1])); !joinHeads[prev] && !orgHeads[prev] {
				continue
			}
			split = k
		}
		if split == 0 {
			out = append(out, p)
			continue
		}
		out = append(out, strings.Join(fields[:split], " "), strings.Join(fields[split:], " "))
	}
	return out
}

// endsInCountryCode reports whether p is two words or more ending in a
// country's code in capitals (see trailingCountryCode).
func endsInCountryCode(p string) bool {
	p = strings.TrimRight(p, " \t.")
	i := strings.LastIndexByte(p, ' ')
	return i > 0 && strings.ContainsRune(strings.TrimSpace(p[:i]), ' ') && trailingCountryCode(p[i+1:]) != ""
}

// membershipPhrases open a part naming the organisations the party
// belongs to or is affiliated with, rather than the party itself.
var membershipPhrases = []string{"corporate member of ", "member of ", "affiliated with ", "affiliated to ", "a member of "}

// mayHaveMembership is a cheap test for a membership phrase, in small
// letters, title case ("Corporate Member Of") or capitals.
func mayHaveMembership(s string) bool {
	for _, p := range [...]string{"ember of ", "ember Of ", "EMBER OF ", "ffiliated ", "FFILIATED "} {
		if indexAnchored(s, p, 2) >= 0 {
			return true
		}
	}
	return false
}

// IndexAnd is strings.Index(s, " and "), found faster (see
// indexAnchored): the resolver asks it of every party too.
func IndexAnd(s string) int { return indexAnchored(s, " and ", 3) }

// indexAnchored is strings.Index(s, sub), found by looking for sub's
// byte at k, chosen to be rare in text ("d", "b"), and then comparing:
// strings.Index looks for the first byte, which in " and " is a space and
// in "ember of " an "e", and stops at most of the string's bytes.
func indexAnchored(s, sub string, k int) int {
	c := sub[k]
	for off := k; off < len(s); {
		i := strings.IndexByte(s[off:], c)
		if i < 0 {
			return -1
		}
		i += off
		if start := i - k; start+len(sub) <= len(s) && s[start:start+len(sub)] == sub {
			return start
		}
		off = i + 1
	}
	return -1
}

// cutMembership returns a part without its leading membership phrase.
func cutMembership(p string) (string, bool) {
	t := strings.TrimSpace(p)
	l := strings.ToLower(t)
	for _, ph := range membershipPhrases {
		if strings.HasPrefix(l, ph) {
			return t[len(ph):], true
		}
	}
	return p, false
}

// splitFullStops splits a part where a sentence's full stop, not a
// comma, separates a unit from its organisation ("Institute for Example
// Design. University of Westmarch"): the stop must end a whole word (one
// of four letters or more that is no abbreviation the lexicon knows) and
// be followed by an organisation's head word ("University", "Hospital").
// An abbreviation's stop ("Technol. Univ.", "Accel. Lab.") does not split.
func splitFullStops(parts []string) []string {
	var out []string // nil until a part splits
	for k, p := range parts {
		from := 0
		for {
			i := strings.Index(p[from:], ". ")
			if i < 0 {
				break
			}
			i += from
			if !fullStopAt(p, i) {
				from = i + 2
				continue
			}
			if out == nil {
				out = append(make([]string, 0, len(parts)+1), parts[:k]...)
			}
			out = append(out, p[:i])
			p, from = p[i+2:], 0
		}
		if out != nil {
			out = append(out, p)
		}
	}
	if out == nil {
		return parts
	}
	return out
}

// fullStopAt reports whether the ". " at i of p ends a sentence before an
// organisation's name, or between two organisations' or units' names (see
// splitFullStops).
func fullStopAt(p string, i int) bool {
	j := i
	for j > 0 && unicode.IsLetter(rune(p[j-1])) && p[j-1] < utf8.RuneSelf {
		j--
	}
	word := strings.ToLower(p[j:i])
	if len(word) < 4 || (j > 0 && p[j-1] >= utf8.RuneSelf) {
		return false
	}
	if t, ok := wordToken(word); !ok || t.How == HowAbbreviation {
		return false // a known abbreviation ("technol")
	}
	next := strings.TrimSpace(p[i+2:])
	r, _ := utf8.DecodeRuneInString(next)
	if !unicode.IsUpper(r) {
		return false
	}
	head := next
	if sp := strings.IndexByte(next, ' '); sp >= 0 {
		head = next[:sp]
	}
	switch canonicalWord(strings.ToLower(head)) {
	case "university", "hospital", "institute", "college", "academy":
		return true
	}
	before := p[strings.LastIndexAny(p[:i], ",;.")+1 : i] // the part the full stop ends
	if streetOpeners[strings.ToLower(strings.TrimSuffix(head, "."))] && hasJoinHead(before) {
		// An organisation's name, then its street ("Universidad X. Av.
		// Libertador 340").
		return true
	}
	// Or between two, ending the first ("University of X. Tidal Research
	// Lab").
	rest := next
	if k := strings.IndexAny(rest, ",;."); k >= 0 {
		rest = rest[:k]
	}
	return hasJoinHead(before) && hasJoinHead(rest)
}

// streetOpeners are words that open a street's name in an address
// ("Av. …", "Calle …", "Rua …").
var streetOpeners = map[string]bool{"av": true, "avda": true, "avenida": true, "avenue": true, "calle": true, "rua": true, "street": true}

// joinHeads are canonical words that make each side of "A and B" an
// organisation of its own.
var joinHeads = map[string]bool{
	"university": true, "institute": true, "hospital": true, "center": true, "centre": true, "college": true,
	"academy": true, "school": true, "laboratory": true, "clinic": true, "foundation": true, "agency": true,
	"ministry": true, "council": true, "museum": true, "observatory": true,
	// "Azienda Ospedaliera …", an Italian hospital trust.
	"azienda": true,
}

// splitJoinedOrgs splits a part that joins two organisations with "and"
// ("University of X and X University Hospital") in two, so each is
// matched on its own words. Both sides must name an organisation (hold a
// head word such as university or hospital) and the right one must start
// with a capital: "Institute of Science and Technology" stays whole.
func splitJoinedOrgs(parts []string) []string {
	return splitBetween(parts, IndexAnd, len(" and "), func(left, right string) bool {
		// Both sides must hold a head word; the shorter is read first,
		// as it is the cheaper and the likelier to hold none.
		short, long := left, right
		if len(long) < len(short) {
			short, long = long, short
		}
		return startsUpper(right) && hasJoinHead(short) && hasJoinHead(long) && !opensWithField(right)
	})
}

// opensWithField reports whether s begins with a subject ("Technology
// Westland University"): an organisation never does, so the words go on
// a unit's name ("School of Food Science and Technology").
func opensWithField(s string) bool {
	w, _, _ := strings.Cut(strings.TrimSpace(s), " ")
	return fieldWords[Normalize(w)]
}

// splitBetween splits each part at every separator that index finds (its
// byte offset, or -1; width bytes long) where joins accepts the text
// before it and all the text after it as two organisations. The text
// after a split is searched again from its start.
func splitBetween(parts []string, index func(string) int, width int, joins func(left, right string) bool) []string {
	var out []string
	for _, p := range parts {
		from := 0
		for {
			i := index(p[from:])
			if i < 0 {
				break
			}
			i += from
			if left, right := p[:i], p[i+width:]; joins(left, right) {
				out = append(out, left)
				p, from = right, 0
				continue
			}
			from = i + width
		}
		out = append(out, p)
	}
	return out
}

// startsUpper reports whether s, past its spaces, begins with a capital.
func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(strings.TrimSpace(s))
	return unicode.IsUpper(r)
}

// splitAtUniversity splits a part that places an organisation at a
// university ("Westland Center for Regenerative Science and Medicine at
// the University of X") in two, so each is matched on its own words. The
// left side must name an organisation (hold a head word) and the right
// one open with university: "University of X at Y" names one campus and
// stays whole.
func splitAtUniversity(parts []string) []string {
	at := func(s string) int { return strings.Index(s, " at ") }
	return splitBetween(parts, at, len(" at "), func(left, right string) bool {
		return opensUniversity(right) && hasJoinHead(left)
	})
}

// opensUniversity reports whether s, past a leading "the", begins with
// the word university in any language.
func opensUniversity(s string) bool {
	s = strings.TrimSpace(s)
	if len(s) > 4 && strings.EqualFold(s[:4], "the ") {
		s = s[4:]
	}
	w, _, _ := strings.Cut(s, " ")
	return startsUpper(w) && canonicalWord(Normalize(w)) == "university"
}

// splitSlashedOrgs splits a part that joins organisations with a slash
// ("Northwold Institute/WIT", "CONICET / Universidad de X") so each is
// matched on its own words, as splitJoinedOrgs does for "and". Each side
// must name an organisation (hold a head word, or be an acronym), or,
// with spaces around the slash, be a name of two words or more, or the
// left be such a name in capitalised words when the right names an
// organisation ("Stand Up To Cancer/National Science Foundation"), or the
// other way round ("University College X/Cancer Trials Y"), or, with
// spaces around the slash, the left be one word written as a name when
// the right names an organisation ("Unipampa / Universidade Federal do
// Pampa": two names of one organisation); the right one must start with
// a capital, or be written in a script without capitals after an
// organisation's name: "Obstetrics/Gynecology", "Hospital
// Herlev/Gentofte", "Hospital Herlev / Gentofte" and "465518/2014" stay
// whole.
func splitSlashedOrgs(parts []string) []string {
	slash := func(s string) int { return strings.IndexByte(s, '/') }
	return splitBetween(parts, slash, 1, func(left, right string) bool {
		if next := slash(right); next >= 0 {
			right = right[:next] // the side is what stands up to the next slash
		}
		spaced := strings.HasSuffix(left, " ") && strings.HasPrefix(right, " ")
		if !startsUpper(right) {
			// A name in a script without capitals after an
			// organisation's ("X University / <its name in Thai>").
			return spaced && startsCaseless(right) && (namesOrg(left) || titleWords(left) || oneNameWord(left))
		}
		return namesOrg(left) && namesOrg(right) || spaced && wordsAtLeast(left, 2) && wordsAtLeast(right, 2) || namesOrg(right) && titleWords(left) || namesOrg(left) && titleWords(right) ||
			spaced && namesOrg(right) && oneNameWord(left)
	})
}

// oneNameWord reports whether s is one word written as a name: opening
// with a capital, or in a script without capitals ("Unipampa",
// "มหาวิทยาลัยพะเยา"), as an organisation's short or own-language name is
// written before its name in full ("X / Universidade Federal de Y").
func oneNameWord(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, " \t") {
		return false
	}
	return startsUpper(s) || startsCaseless(s)
}

// startsCaseless reports whether s, trimmed, opens with a letter of a
// script without capitals (Thai, Arabic, Devanagari, Han).
func startsCaseless(s string) bool {
	r, _ := utf8.DecodeRuneInString(strings.TrimSpace(s))
	return unicode.IsLetter(r) && !unicode.IsUpper(r) && !unicode.IsLower(r)
}

// titleWords reports whether s is two words or more, each capitalised
// but for small words after the first, as an organisation's name without
// a head word is written ("Stand Up To Cancer", "Stand Up to Cancer").
func titleWords(s string) bool {
	ws := strings.Fields(s)
	return len(ws) >= 2 && startsUpper(ws[0]) && !slices.ContainsFunc(ws[1:], func(w string) bool { return !startsUpper(w) && !stopwords[w] })
}

// wordsAtLeast reports whether s has n words or more.
func wordsAtLeast(s string, n int) bool {
	return len(strings.Fields(s)) >= n
}

// namesOrg reports whether s, one side of a slash, names an organisation:
// it holds a head word, is an acronym ("MIT", "CNRS", "HFML-FELIX") or
// opens with one ("ETH Zurich").
func namesOrg(s string) bool {
	t, _, _ := strings.Cut(strings.TrimSpace(s), " ")
	if len(t) >= 2 && len(t) <= 12 && capitalsCode(t) {
		return true
	}
	return hasJoinHead(s)
}

// capitalsCode reports whether t is written in capitals, perhaps with
// digits, "-" or "&" between them ("MIT", "HFML-FELIX", "AT&T"), with at
// least two letters.
func capitalsCode(t string) bool {
	letters := 0
	for _, r := range t {
		switch {
		case unicode.IsUpper(r):
			letters++
		case r == '-' || r == '&' || r >= '0' && r <= '9':
		default:
			return false
		}
	}
	return letters >= 2
}

func hasJoinHead(s string) bool {
	if isPlainASCII(s) {
		// ASCII text is normalised into a buffer on the stack and its
		// words looked up as bytes, which allocates nothing.
		var buf [256]byte
		n := normalizeASCIIInto(buf[:0], s)
		for len(n) > 0 {
			w := n
			if i := bytes.IndexByte(n, ' '); i >= 0 {
				w, n = n[:i], n[i+1:]
			} else {
				n = nil
			}
			if f := wordTable[string(w)]; f != nil {
				if f.ok && f.joinHead {
					return true
				}
				continue
			}
			// A word outside the table is a head only if its canonical
			// form differs from it (digits, -ise spellings).
			if mayChangeForm(w) {
				if f := factsOf(string(w)); f.ok && f.joinHead {
					return true
				}
			}
		}
		return false
	}
	var buf [segmentWords]string
	for _, w := range appendFields(buf[:0], Normalize(s)) {
		if f := factsOf(w); f.ok && f.joinHead {
			return true
		}
	}
	return false
}

// mayChangeForm reports whether unlistedWordToken may give w a text other
// than w: an ordinal's digits, or the -ize spelling of -ise.
func mayChangeForm(w []byte) bool {
	return len(w) > 0 && w[0] >= '0' && w[0] <= '9' ||
		bytes.HasSuffix(w, []byte("isation")) || bytes.HasSuffix(w, []byte("ised")) || bytes.HasSuffix(w, []byte("ising"))
}

// splitParentheticals removes bracketed text from s and returns it apart.
func splitParentheticals(s string) (string, []string) {
	if !hasOpenBracket(s) {
		return s, nil
	}
	if !utf8.ValidString(s) {
		return splitParentheticalRunes(s)
	}
	// In valid UTF-8 the runes' bytes are what writing the runes gives:
	// the text outside brackets is copied a run at a time, and asides
	// are slices of s.
	var main strings.Builder
	var asides []string
	depth, start, from := 0, 0, 0 // from: where the text outside brackets resumes
	// spaced: whether main ends with a space, so that a bracket cut out
	// between spaces leaves one, not the wide gap that separates segments
	// (splitWideSpaces).
	spaced := false
	for i, r := range s {
		switch r {
		case '(', '[', '（', '【':
			if depth == 0 {
				main.WriteString(s[from:i])
				if i > from {
					spaced = s[i-1] == ' '
				}
				start = i + utf8.RuneLen(r)
			}
			depth++
		case ')', ']', '）', '】':
			if depth > 0 {
				depth--
				if depth == 0 {
					if t := strings.TrimSpace(s[start:i]); t != "" {
						asides = append(asides, t)
					}
					from = i + utf8.RuneLen(r)
					if !spaced && (from == len(s) || s[from] != ' ') {
						main.WriteByte(' ')
						spaced = true
					}
				}
			}
		}
	}
	if depth > 0 { // unbalanced: keep the open text as part of the name
		main.WriteString(" " + s[start:])
	} else {
		main.WriteString(s[from:])
	}
	if strings.TrimSpace(main.String()) == "" && len(asides) == 1 {
		return asides[0], nil // the whole string was bracketed
	}
	return main.String(), asides
}

// splitParentheticalRunes is splitParentheticals for text that is not
// valid UTF-8, rune by rune: each broken byte becomes U+FFFD.
func splitParentheticalRunes(s string) (string, []string) {
	var main strings.Builder
	var asides []string
	depth, start := 0, 0
	spaced := false // whether main ends with a space
	rs := []rune(s)
	for i, r := range rs {
		switch r {
		case '(', '[', '（', '【':
			if depth == 0 {
				start = i + 1
			}
			depth++
		case ')', ']', '）', '】':
			if depth > 0 {
				depth--
				if depth == 0 {
					if t := strings.TrimSpace(string(rs[start:i])); t != "" {
						asides = append(asides, t)
					}
					if !spaced && (i+1 == len(rs) || rs[i+1] != ' ') {
						main.WriteRune(' ')
						spaced = true
					}
				}
				continue
			}
		}
		if depth == 0 {
			main.WriteRune(r)
			spaced = r == ' '
		}
	}
	if depth > 0 { // unbalanced: keep the open text as part of the name
		main.WriteString(" " + string(rs[start:]))
	}
	if strings.TrimSpace(main.String()) == "" && len(asides) == 1 {
		return asides[0], nil // the whole string was bracketed
	}
	return main.String(), asides
}

// hasOpenBracket is strings.ContainsAny(s, "([（【") without decoding
// runes: most strings hold none, and the lead bytes of the two wide
// brackets are rare in the rest.
func hasOpenBracket(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(', '[':
			return true
		case 0xEF, 0xE3:
			if strings.HasPrefix(s[i:], "（") || strings.HasPrefix(s[i:], "【") {
				return true
			}
		}
	}
	return false
}

// deptMarkers start a segment that names a sub-unit, not an organisation.
var deptMarkers = map[string]bool{
	"dept": true, "department": true, "sch": true, "school": true, "fac": true, "faculty": true, "div": true, "division": true,
	"sect": true, "section": true, "unit": true, "grp": true, "program": true, "programme": true, "chair": true, "team": true,
	"key": true, "lab": true, "laboratory": true, "labs": true, "ctr": true, "center": true, "centre": true,
	"departments": true, "depts": true, "divisions": true, "programs": true, "programmes": true, "laboratories": true,
	// The same units in the languages affiliations are most often
	// written in besides English.
	"dipartimento": true, "departamento": true, "departement": true, "departament": true, "abteilung": true,
	"institutionen": true, "facolta": true, "facultad": true, "faculdade": true, "fakultat": true, "faculte": true,
	"fakultas": true, "jurusan": true, "departemen": true,
	"wydzial": true, "katedra": true, "zaklad": true, "fakulta": true, "fakulteta": true, "fakultet": true, "odsjek": true, "oddelek": true,
	"faculteit": true, "afdeling": true,
}

// streetWords mark an address segment.
var streetWords = map[string]bool{
	"rd": true, "road": true, "st": true, "street": true, "ave": true, "avenue": true, "blvd": true, "lane": true, "ln": true,
	"bldg": true, "building": true, "room": true, "rm": true, "floor": true, "fl": true, "box": true, "po": true, "hwy": true,
	"highway": true, "district": true, "dist": true, "campus": true, "suite": true, "ste": true, "zip": true,
}

// orgHeads are canonical tokens that make a segment an organisation even
// when it also holds numbers or a place.
var orgHeads = map[string]bool{
	"university": true, "institute": true, "academy": true, "college": true, "company": true, "corporation": true,
	"group": true, "limited": true, "hospital": true, "agency": true, "ministry": true, "bureau": true, "administration": true,
	"foundation": true, "polytechnic": true, "incorporated": true,
}

// classify reads one segment: raw as written and n normalised. The
// segment's words and their facts are read once, into buffers on the
// stack when the segment is not long.
func classify(raw, n string) Segment {
	seg := Segment{Text: strings.TrimSpace(raw), Role: RoleName}
	if c, ok := countryNames[n]; ok && c != "" || len(seg.Text) == 2 && trailingCountryCode(seg.Text) != "" {
		seg.Role = RoleCountry
		seg.Tokens = withRole(tokenizeNormalized(n), RoleCountry)
		return seg
	}
	if HasHan(n) {
		seg.Tokens = hanSegmentTokens(n)
		return seg
	}
	var wordBuf [segmentWords]string
	var factBuf [segmentWords]wordFacts
	words, facts := readWords(wordBuf[:0], factBuf[:0], n)
	hasHead := false // whether a token is one of orgHeads
	toks := tokenizeFacts(words, facts, &hasHead)
	if k := subjectUnitBefore(words, facts); k > 0 {
		// "Physics Department Northwold University": a unit named by its
		// subject first and the organisation after it, without a comma.
		seg.Tokens = append(withRole(tokenizeFacts(words[:k], facts[:k], nil), RoleDept), tokenizeFacts(words[k:], facts[k:], nil)...)
		return seg
	}
	switch {
	case facts[0].dept || len(words) > 2 && words[0] == "graduate" && facts[1].canon() == "school":
		seg.Role = RoleDept
		if k := orgInUnit(words, facts); k > 0 {
			// "School of Computing National University of Singapore":
			// the unit and its organisation without a comma between.
			seg.Role = RoleName
			seg.Tokens = append(withRole(tokenizeFacts(words[:k], facts[:k], nil), RoleDept), tokenizeFacts(words[k:], facts[k:], nil)...)
			return seg
		}
	case !hasHead && isAddress(words, facts):
		seg.Role = RoleAddress
	}
	if seg.Role == RoleName {
		if k := unitBeforeUniversity(words, facts); k > 0 {
			// "Space Sciences Laboratory University of X": a unit and
			// the university it belongs to without a comma between.
			seg.Tokens = append(withRole(tokenizeFacts(words[:k], facts[:k], nil), RoleDept), tokenizeFacts(words[k:], facts[k:], nil)...)
			return seg
		}
		if k := germanUnitBefore(words, facts); k > 0 {
			// "Institut für Physik der Technischen Universität X": a
			// German unit and the university it belongs to.
			seg.Tokens = append(withRole(tokenizeFacts(words[:k], facts[:k], nil), RoleDept), tokenizeFacts(words[k:], facts[k:], nil)...)
			return seg
		}
		if k := subunitAt(words, facts); k > 0 {
			seg.Tokens = append(tokenizeFacts(words[:k], facts[:k], nil), withRole(tokenizeFacts(words[k:], facts[k:], nil), RoleDept)...)
			return seg
		}
		if k := streetNumberAt(words); k > 0 {
			// "University of X 142 Main Street Northtown": a house
			// number and its street run onto the name are the address's.
			seg.Tokens = append(tokenizeFacts(words[:k], facts[:k], nil), withRole(tokenizeFacts(words[k:], facts[k:], nil), RoleAddress)...)
			return seg
		}
		if k := postcodeAfterName(words, facts); k > 0 {
			// "Westland School of Medicine 94720": a postcode run onto
			// the organisation's name is the address's.
			seg.Tokens = append(tokenizeFacts(words[:k], facts[:k], nil), withRole(tokenizeFacts(words[k:], facts[k:], nil), RoleAddress)...)
			return seg
		}
		if k := germanStreetAt(words); k > 0 {
			// "University of X Sidlerstrasse 5": the street run onto the
			// name is the address's.
			seg.Tokens = append(tokenizeFacts(words[:k], facts[:k], nil), withRole(tokenizeFacts(words[k:], facts[k:], nil), RoleAddress)...)
			return seg
		}
	}
	seg.Tokens = withRole(toks, seg.Role)
	return seg
}

// streetNumberAt returns the index of a house number written after two
// words at least and followed, within three words, by a street word
// ("142 Main Street", "5 Park Rd"), or 0. A campus or a district is no
// street: a number before one names it ("Site 2 North Campus").
func streetNumberAt(words []string) int {
	for i := 2; i+2 < len(words); i++ {
		if !isDigits(words[i]) {
			continue
		}
		for j := i + 2; j < len(words) && j <= i+3; j++ {
			if streetWords[words[j]] && words[j] != "campus" && words[j] != "district" && words[j] != "dist" {
				return i
			}
		}
	}
	return 0
}

// germanStreetAt returns the index of a word after the first that names a
// street the German way, one word ending in "strasse" (or "straße",
// normalised) or "str", followed by a house number, or 0.
func germanStreetAt(words []string) int {
	for i := 1; i+1 < len(words); i++ {
		if germanStreet(words[i]) && startsDigit(words[i+1]) {
			return i
		}
	}
	return 0
}

// postcodeAfterName returns the index of a postcode that ends words after
// two words at least, one of them an organisation's head word ("School of
// Medicine 94720", "Cancer Research Center 98109"), with no street word,
// or 0.
func postcodeAfterName(words []string, facts []wordFacts) int {
	k := len(words) - 1
	if k < 2 || !isPostcode(words[k]) {
		return 0
	}
	head := false
	for i := range k {
		if facts[i].street || isPostcode(words[i]) {
			return 0
		}
		head = head || facts[i].joinHead || facts[i].orgHead
	}
	if !head {
		return 0
	}
	return k
}

// IsStreetWord reports whether w, normalised, is a word of a street's or
// a building's address ("road", "avenida", "room", "Hauptstrasse"): words
// before a postcode with one are the address's, not a name's.
func IsStreetWord(w string) bool { return streetWords[w] || streetOpeners[w] || germanStreet(w) }

// germanStreet reports whether w, normalised, names a street the German
// way: one word ending in "strasse" (or "straße") or "str".
func germanStreet(w string) bool {
	return len(w) > len("strasse") && strings.HasSuffix(w, "strasse") || len(w) >= 6 && strings.HasSuffix(w, "str")
}

// bodyHeads are the head words of bodies of members, which name an
// organisation ("Westland Society of Psychopathology") though not one
// two are joined by (see joinHeads: "Centre for Law and Society").
var bodyHeads = map[string]bool{"society": true, "association": true, "federation": true, "organization": true}

// continueUnits reads a name segment that goes on a unit's list of
// subjects, after a comma, as the unit's ("Department of Pharmacology,
// Physiology, and Neuroscience, X University"; "Department of Y,
// Development and Genetics, Z Institute"): one that opens with "and", or a
// few words with no organisation's head word that end with a subject,
// right after a unit segment (or another such continuation) and before
// the organisation's name.
func continueUnits(segs []Segment) {
	for i := 1; i < len(segs)-1; i++ {
		s := &segs[i]
		if segs[i-1].Role != RoleDept || s.Role != RoleName || !slices.ContainsFunc(segs[i+1:], func(o Segment) bool { return o.Role == RoleName }) {
			continue
		}
		ts := s.Tokens
		subjects := len(ts) <= 4 && isSubject(ts[len(ts)-1].Text) && !slices.ContainsFunc(ts, func(t Token) bool { return IsOrgHead(t.Text) || bodyHeads[t.Text] })
		if subjects || firstWord(s.Text) == "and" || strings.HasPrefix(s.Text, "&") {
			s.Role = RoleDept
			s.Tokens = withRole(ts, RoleDept)
		}
	}
}

// IsSubject reports whether the canonical word w names a field of study
// (see isSubject): a unit's word, which no organisation's name needs.
func IsSubject(w string) bool { return isSubject(w) }

// isSubject reports whether the canonical word w names a field of study:
// one of fieldWords, or a word with a subject's ending ("neurology",
// "biophysics", "chemistry").
func isSubject(w string) bool {
	return fieldWords[w] || len(w) > 6 && (strings.HasSuffix(w, "ology") || strings.HasSuffix(w, "ics") || strings.HasSuffix(w, "istry"))
}

// hostMarkers begin a unit's name that may also be the name of the
// institution itself ("Centre Hospitalier Universitaire de Northwold",
// "Laboratory of Tidal Biology").
var hostMarkers = map[string]bool{"center": true, "centre": true, "ctr": true, "laboratory": true, "lab": true, "labs": true}

// promoteHost reads the last department segment that begins like an
// institution ("Centre …", "Laboratory …") as the organisation when no
// segment names one: a string of units alone still names the institution
// they belong to last.
func promoteHost(segs []Segment) {
	last := -1
	for i, s := range segs {
		switch {
		case s.Role == RoleName:
			return
		case s.Role == RoleDept && len(s.Tokens) > 1 && hostMarkers[firstWord(s.Text)]:
			last = i
		}
	}
	if last >= 0 {
		segs[last].Role = RoleName
		segs[last].Tokens = withRole(segs[last].Tokens, RoleName)
	}
}

// firstWord returns the first word of s, normalised.
func firstWord(s string) string {
	n := Normalize(s)
	if i := strings.IndexByte(n, ' '); i >= 0 {
		return n[:i]
	}
	return n
}

// subunitStarts are words that, following a university's name in the same
// segment, begin one of its units: its schools and faculties, and its
// museums, laboratories, programs and the like (deptMarkers, in other
// languages too, count as well; see subunitAt).
var subunitStarts = map[string]bool{"school": true, "faculty": true, "department": true, "division": true, "center": true, "centre": true, "institute": true, "hospital": true, "museum": true, "laboratory": true, "section": true, "chair": true, "program": true, "observatory": true, "herbarium": true, "botanical": true}

// otherHeads end the names of organisations other than universities that
// a department may be written after without a comma; strongUnitStarts
// are the unit words that then begin the department.
var (
	otherHeads       = map[string]bool{"college": true, "hospital": true, "institute": true, "academy": true, "polytechnic": true}
	strongUnitStarts = map[string]bool{"department": true, "division": true}
)

// medicalUnits follow "Medical" in the name of a university's medical
// school or centre ("University of Kentucky Medical School").
var medicalUnits = map[string]bool{"school": true, "center": true, "centre": true, "faculty": true, "college": true}

// subunitAt finds where, inside one organisation segment, a school,
// faculty or medical centre of the university named before it begins
// ("Yale University School of Medicine", "Hiroshima University Graduate
// School of …", "University of Leipzig Medical Centre"). It returns the
// index of the sub-unit's first word, or 0 when there is none. Writers
// routinely name the unit this way without a comma, and the university
// alone is what the registry holds; marking the unit words as a
// department lets the university be matched on its own words while the
// whole segment still matches a registered unit.
func subunitAt(words []string, facts []wordFacts) int {
	head, other := -1, -1
	for i := range words {
		c := facts[i].canon()
		if c == "university" {
			head = i
			continue
		}
		if head >= 0 && i > head+1 && turkishUnits[c] {
			// Turkish writes the unit's subject before its word
			// ("X Üniversitesi Tıp Fakültesi"): the unit begins after
			// the university's.
			return head + 1
		}
		if otherHeads[c] && head < 0 {
			other = i
		}
		if head < 0 && other >= 0 && i > other && strongUnitStarts[c] && words[i-1] != "of" {
			// "Royal Veterinary College Department of X": after another
			// kind of organisation, only a department or division.
			return i
		}
		if head < 0 || i == head+1 && c == "of" {
			continue
		}
		next := ""
		if i+1 < len(words) {
			next = facts[i+1].canon()
		}
		starts := subunitStarts[c] || facts[i].dept // a unit's word, in English or another language
		switch {
		case starts && i > head+1 && words[i-1] == "of":
			// "University of School…" is not a unit boundary.
		case i == 1 && i+1 < len(words) && words[i+1] == "of":
			// "University Hospital of X", "University Institute of
			// X": no university's name comes before the unit word,
			// so the words name one organisation ("University
			// Hospital X" is the hospital of the University of X).
		// A college "of" something after the university's name is its
		// college ("University of Northvale College of Medicine");
		// "University College Northvale" is a name.
		case starts, c == "graduate" && next == "school", c == "medicine" && medicalUnits[next], c == "college" && i+1 < len(words) && words[i+1] == "of":
			if i == head+2 && i >= 2 && words[i-1] != "of" && head > 0 {
				// "New York University Grossman School": a benefactor's
				// name between the university and its school is the
				// school's.
				return i - 1
			}
			return i
		}
	}
	return 0
}

// unitOrgHeads are the canonical words that show a department-led
// segment goes on to name the organisation the unit belongs to
// (Indonesian "universitas" has no canonical form of its own).
var unitOrgHeads = map[string]bool{"university": true, "polytechnic": true, "universitas": true}

// nameFirstHeads are the words for university in languages that write
// the organisation's own name after it.
var nameFirstHeads = map[string]bool{
	"universitas": true, "universidad": true, "universidade": true, "universita": true, "universite": true, "universitat": true,
	"uniwersytet": true, "uniwersytetu": true, "univerzita": true, "univerzity": true, "univerza": true, "univerze": true, "univerzitet": true, "univerziteta": true, "sveuciliste": true, "sveucilista": true,
}

// fieldWords are subjects that end a department's name ("Department of
// Physics University of X"): an organisation never starts with one.
var fieldWords = map[string]bool{
	"physics": true, "chemistry": true, "biology": true, "mathematics": true, "engineering": true, "science": true,
	"sciences": true, "medicine": true, "computing": true, "technology": true, "economics": true, "astronomy": true,
	"psychology": true, "informatics": true, "pharmacy": true, "surgery": true, "law": true, "management": true,
	"education": true, "agriculture": true, "geology": true, "geography": true, "history": true, "philosophy": true,
	"statistics": true, "biochemistry": true, "genetics": true, "pathology": true, "pharmacology": true, "physiology": true,
}

// turkishUnits are Turkish unit words, written after the unit's subject
// ("Tıp Fakültesi", "Fizik Bölümü", "Sağlık Bilimleri Enstitüsü").
var turkishUnits = map[string]bool{"fakultesi": true, "bolumu": true, "enstitusu": true, "yuksekokulu": true, "anabilim": true, "hastanesi": true}

// subjectUnits are the unit words a subject may be written before
// ("Physics Department", "Cardiology Division", "Neurology Service").
var subjectUnits = map[string]bool{"department": true, "division": true, "service": true, "unit": true, "section": true, "program": true, "laboratory": true, "group": true}

// IsUnitWord reports whether the canonical word w heads a unit named by
// its subject ("department", "division", "program", "laboratory",
// "group"): words before a name that end with it are a unit's.
func IsUnitWord(w string) bool { return subjectUnits[w] }

// IsDeptMarker reports whether the word w, normalised, opens a segment
// that names a sub-unit rather than an organisation, in English or
// another language affiliations are often written in ("department",
// "centre", "dipartimento", "fakultät").
func IsDeptMarker(w string) bool { return deptMarkers[w] }

// subjectUnitBefore finds, in a segment that opens with subjects and a
// unit word after them ("Physics Department", "Cardiology and Neurology
// Division"), where the organisation written after them begins,
// when what follows holds an organisation's head word ("… Northwold
// University", "… Eastmere General Hospital"). It returns 0 otherwise.
func subjectUnitBefore(words []string, facts []wordFacts) int {
	if len(words) < 3 || !isSubject(facts[0].canon()) {
		return 0
	}
	for j := 1; j+1 < len(words); j++ {
		c := facts[j].canon()
		switch {
		case subjectUnits[c]:
			if slices.ContainsFunc(facts[j+1:], func(f wordFacts) bool { return f.orgHead }) {
				return j + 1
			}
			return 0
		case isSubject(c) || words[j] == "and" || words[j] == "&" || c == "":
			// more subjects, or a stopword between them
		default:
			return 0
		}
	}
	return 0
}

// orgInUnit finds where the organisation begins in a segment that starts
// with a department ("Department of Physics Stanford University",
// "Department of X at Technical University of Denmark"): after "at", at
// "the", or at the word before a university (unless that word ends the
// department's name). It returns 0 when the segment names no
// organisation.
func orgInUnit(words []string, facts []wordFacts) int {
	head := -1
	for i := 2; i < len(words); i++ {
		if unitOrgHeads[facts[i].canon()] || instituteOfTechnology(words, facts, i) {
			head = i
			break
		}
	}
	if head < 0 {
		return 0
	}
	if nameFirstHeads[words[head]] {
		// "Fakultas X Universitas Y", "Departamento de X Universidad de
		// Y": the head word opens the organisation's name, or a German
		// adjective before it ("Department of Physics Freie Universität
		// Berlin", "… Technische Universität X").
		if words[head] == "universitat" && head > 2 && IsUniversityAdjective(words[head-1]) && !facts[head-1].dept {
			return head - 1
		}
		return head
	}
	for i := 2; i < head; i++ {
		if words[i] == "at" || words[i] == "the" {
			if words[i] == "at" {
				return i + 1
			}
			return i
		}
	}
	switch prev := words[head-1]; {
	case prev == "of" || prev == "and" || prev == "for" || prev == "in" || ofWords[prev] || fieldWords[prev] || facts[head-1].canon() == "engineering":
		if head+1 < len(words) && (words[head+1] == "of" || ofWords[words[head+1]]) {
			return head
		}
		return 0 // "School of Medicine and University Hospital": unclear
	}
	// Walk back over the organisation's own words ("Abubakar Tafawa
	// Balewa University") to the subject that ends the department's name.
	k := head - 1
	for k > 2 && !fieldWords[words[k-1]] && !unitConnectors[words[k-1]] && facts[k-1].canon() != "engineering" {
		k--
	}
	if k == 2 && unitConnectors[words[1]] {
		// "Department of X Y University": a unit is of something, so X is
		// the unit's subject, however rare a word.
		k = 3
	}
	if k >= 2 {
		return k
	}
	return 0
}

// unitBeforeUniversity finds a university's name, "University of X",
// that follows a unit's without a comma in a segment that does not start
// with one: after a laboratory or department word ("Space Sciences
// Laboratory University of X") or after the subject of a school, college
// or faculty ("Abbott School of Medicine University of X", "College of
// Computing Westland Institute of Technology"). At least two words must
// come before, so that "Science University of X" stays whole; a centre is
// left out, as "Clinical Center University of X" names a hospital. A word
// that itself says "of the university" ("Univerziteta u X") opens the name
// after any unit. It returns 0 when there is no such name.
func unitBeforeUniversity(words []string, facts []wordFacts) int {
	for i := 1; i+1 < len(words); i++ {
		if facts[i].canon() == "university" && genitiveUniversity[words[i]] {
			// "Filozofski fakultet Univerziteta u X": the word itself
			// says "of the university", so a unit's name comes before.
			return i
		}
	}
	for i := 2; i+1 < len(words); i++ {
		if !(unitOrgHeads[facts[i].canon()] && (words[i+1] == "of" || ofWords[words[i+1]])) && !instituteOfTechnology(words, facts, i) {
			continue
		}
		if labWords[words[i-1]] {
			return i
		}
		// The university's own words ("Westland Institute of
		// Technology") go back to the subject that ends the school's name.
		k := i
		for k > 2 && i-k < maxOwnWords && !fieldWords[words[k-1]] && !unitConnectors[words[k-1]] && !labWords[words[k-1]] {
			k--
		}
		if fieldWords[words[k-1]] {
			for j := 0; j+2 < k; j++ {
				if schoolWords[words[j]] && (words[j+1] == "of" || ofWords[words[j+1]]) {
					return k
				}
			}
		}
	}
	return 0
}

// germanUnitWords open a German unit's name before "für" ("Institut für
// Physik", "Lehrstuhl für …", "Klinik für …").
var germanUnitWords = map[string]bool{
	"institut": true, "lehrstuhl": true, "klinik": true, "abteilung": true, "zentrum": true,
	"arbeitsgruppe": true, "fachbereich": true, "fakultat": true, "professur": true, "seminar": true,
}

// germanUniversityWords are the heads of a German university's name.
var germanUniversityWords = map[string]bool{"hochschule": true, "fachhochschule": true}

// germanUnitBefore finds where a university's name begins in a segment
// that opens with a German unit's name ("Institut für Physik der
// Technischen Universität X", "Lehrstuhl für Y Freie Universität Z"):
// after "der" before it, else at the adjectives of its name ("Technische",
// "Freie") before the university word. At least one word of the unit's
// own must come between "für" and the name. It returns 0 when there is
// none.
func germanUnitBefore(words []string, facts []wordFacts) int {
	if len(words) < 4 || !germanUnitWords[words[0]] || words[1] != "fur" {
		return 0
	}
	for i := 3; i < len(words); i++ {
		if facts[i].canon() != "university" && !germanUniversityWords[words[i]] {
			continue
		}
		k := i
		for k > 3 && i-k < 2 && germanAdjective(words[k-1]) {
			k--
		}
		if words[k-1] == "der" {
			if k-1 < 3 {
				return 0
			}
			return k - 1
		}
		return k
	}
	return 0
}

// IsUniversityAdjective reports whether w, normalised, is a German
// adjective that opens a university's name ("freie", "technische",
// "tierarztliche"), as a subject before "Universität" never is
// ("chemie"). It is narrower than germanAdjective.
func IsUniversityAdjective(w string) bool {
	return w == "freie" || w == "neue" || w == "private" || strings.HasSuffix(w, "ische") || strings.HasSuffix(w, "liche")
}

// germanAdjective reports whether w, normalised, reads as a German
// adjective of a university's name ("technische", "freien"): a word of
// five letters or more ending in "e" or "en".
func germanAdjective(w string) bool {
	return len(w) >= 5 && (strings.HasSuffix(w, "e") || strings.HasSuffix(w, "en"))
}

// maxOwnWords is how many words of its own a university's name may have
// before "University of" or "Institute of Technology" when it follows a
// unit's name without a comma.
const maxOwnWords = 3

// genitiveUniversity are the words for "of the university" in the
// languages that decline it (Bosnian, Croatian and Serbian, Polish, Czech
// and Slovak, Slovene, Romanian).
var genitiveUniversity = map[string]bool{
	"univerziteta": true, "sveucilista": true, "uniwersytetu": true, "univerzity": true, "univerze": true, "universitatii": true,
}

// labWords end a unit's name that a university's may follow directly.
var labWords = map[string]bool{
	"laboratory": true, "laboratories": true, "lab": true, "labs": true, "department": true, "dept": true, "division": true,
	"program": true, "programme": true,
}

// EndsLab reports whether the normalised word w ends the name of a unit
// such as a laboratory, department or programme ("… Systems Lab").
func EndsLab(w string) bool { return labWords[w] }

// schoolWords open the name of a university's school, college or
// faculty, "School of X", which ends with its subject.
var schoolWords = map[string]bool{"school": true, "college": true, "faculty": true}

// OpensSchool reports whether the normalised word w opens the name of a
// university's school, college or faculty ("School of X").
func OpensSchool(w string) bool { return schoolWords[w] }

// instituteOfTechnology reports whether words[i:] begins "institute of
// technology": a university's name ("Department of Mathematics Westland
// Institute of Technology"), where another institute may be a unit's.
func instituteOfTechnology(words []string, facts []wordFacts, i int) bool {
	return i+2 < len(words) && facts[i].canon() == "institute" && words[i+1] == "of" && facts[i+2].canon() == "technology"
}

// ofWords are the words for "of (the)" in the languages affiliations are
// most often written in besides English ("Dipartimento di Fisica
// dell'Università di X", "Institut de Physique de l'Université de X").
var ofWords = map[string]bool{
	"de": true, "di": true, "da": true, "do": true, "du": true, "des": true, "del": true, "dell": true, "della": true,
	"dello": true, "degli": true, "delle": true, "dos": true, "das": true, "der": true, "la": true, "l": true,
}

// unitConnectors are words inside a department's name that an
// organisation's name does not start after.
var unitConnectors = map[string]bool{"of": true, "and": true, "for": true, "in": true, "on": true, "&": true}

// canonicalWord is a word's canonical form ("universitat" → "university").
func canonicalWord(w string) string {
	t, ok := wordToken(w)
	if !ok {
		return ""
	}
	return t.Text
}

// hanSegmentTokens tokenises a Chinese segment, marking a trailing
// school or department after the institution's name as RoleDept.
func hanSegmentTokens(n string) []Token {
	var pieces []hanPiece
	for _, w := range strings.Fields(n) {
		if !HasHan(w) {
			if t, ok := wordToken(w); ok {
				pieces = append(pieces, hanPiece{surface: w, tokens: []Token{t}})
			}
			continue
		}
		pieces = append(pieces, segmentHan(w)...)
	}
	cut := splitHanSubunit(pieces)
	var out []Token
	for i, p := range pieces {
		for _, t := range p.tokens {
			if cut >= 0 && i >= cut {
				t.Role = RoleDept
			}
			out = append(out, t)
		}
	}
	return out
}

// isAddress reports whether a segment without an organisation's head word
// (orgHeads) is an address: a number alone, block and house numbers, a
// street the German way with its number, a street word not naming a
// subject, a postcode (not one run onto a name: see postcodeAfterName),
// or places only.
func isAddress(words []string, facts []wordFacts) bool {
	if len(words) == 1 && strings.Trim(words[0], "0123456789") == "" {
		return true // a number alone: a house number or a footnote's mark
	}
	if len(words) >= 2 && len(words) <= 4 && isDigits(words[0]) && isDigits(words[1]) {
		return true // block and house numbers first ("5-4-2 Hongo")
	}
	if len(words) >= 2 && germanStreet(words[0]) && startsDigit(words[1]) {
		return true // a street the German way and its number ("Lindenstraße 4")
	}
	// A street word names a subject beside an organisation's head word
	// ("Center for Planning and Building", "Highway Research Centre"),
	// unless a number goes with it ("Research Centre Building 5") or it
	// ends the segment after a name, a street run onto the organisation's
	// ("… Museum Cromwell Road").
	subjects := slices.ContainsFunc(facts, func(f wordFacts) bool { return f.joinHead }) && !slices.ContainsFunc(words, startsDigit)
	subject := func(i int) bool {
		return subjects && (i < len(words)-1 || i > 0 && subjectJoins[words[i-1]])
	}
	places := 0
	for i, w := range words {
		if facts[i].street && !subject(i) && !(i == 0 && saintWords[w] && len(words) > 1 && !startsDigit(words[1])) || isPostcode(w) && !(i == len(words)-1 && postcodeAfterName(words, facts) > 0) ||
			i > 0 && ukPostcode(words[i-1], w) {
			return true
		}
		if facts[i].place {
			places++
		}
	}
	return places == len(words) || (places > 0 && len(words) <= 2 && hasUpperAbbrevState(words))
}

// subjectJoins are the words that join a subject to an organisation's
// name or to another subject ("… for Planning and Building").
var subjectJoins = map[string]bool{"and": true, "for": true, "of": true, "in": true, "on": true}

// ukPostcode reports whether out and in, lower-cased, are the two halves
// of a British postcode ("SO17 1BJ", "OX1 3RH"): one or two letters, a
// digit and perhaps a letter or digit; then a digit and two letters, not
// an ordinal ("2nd").
func ukPostcode(out, in string) bool {
	if len(in) != 3 || !startsDigit(in) || !isLowerLetter(in[1]) || !isLowerLetter(in[2]) || len(out) < 2 || len(out) > 4 {
		return false
	}
	switch in[1:] {
	case "st", "nd", "rd", "th":
		return false
	}
	k := 0
	for k < len(out) && k < 2 && isLowerLetter(out[k]) {
		k++
	}
	if k == 0 || k == len(out) || !startsDigit(out[k:]) {
		return false
	}
	rest := out[k+1:]
	return len(rest) == 0 || len(rest) == 1 && (startsDigit(rest) || isLowerLetter(rest[0]))
}

func isLowerLetter(c byte) bool { return c >= 'a' && c <= 'z' }

// saintWords abbreviate "Saint" as well as a street or suite: first in a
// segment and before a word they open a name ("St Joseph's Health
// Centre"), not an address ("Ste 400").
var saintWords = map[string]bool{"st": true, "ste": true}

func startsDigit(w string) bool { return w != "" && w[0] >= '0' && w[0] <= '9' }

// hasUpperAbbrevState reports a "City ST" style pair, as in "Boston MA".
func hasUpperAbbrevState(words []string) bool {
	return len(words) == 2 && len(words[1]) == 2
}

func isPostcode(w string) bool {
	digits := 0
	for i := 0; i < len(w); i++ {
		if w[i] >= '0' && w[i] <= '9' {
			digits++
		}
	}
	return digits >= 4
}

// addressCountries returns the countries an address segment names
// outright and, apart, those the cities it names imply.
func addressCountries(n string) (said, cities []string) {
	words := strings.Fields(n)
	for i := range words {
		for l := min(4, len(words)-i); l >= 1; l-- {
			phrase := strings.Join(words[i:i+l], " ")
			if phrase == "us" && i+1 < len(words) && IsDigits(words[i+1]) {
				break // a French service unit's code ("US 41"), not the country
			}
			if c, ok := countryNames[phrase]; ok && c != "" {
				said = append(said, c)
				break
			}
			if l == 1 {
				if c, ok := cityNames[phrase]; ok {
					cities = append(cities, c)
				}
			}
		}
	}
	return said, cities
}

// stateCode finds a United States state's postal code, alone or with a
// ZIP code, written in capitals ("MA", "CA 90001", "IN 46000-1234").
var stateCode = regexp.MustCompile(`^[A-Z]{2}\.?(\s+\d{5}(-\d{4})?)?\.?$`)

// otherRegionCode finds the postal code of a Canadian province or an
// Australian state or territory, in capitals, alone or before its
// country's postcode ("QC", "ON M5S 1A8", "NSW 2522").
var otherRegionCode = regexp.MustCompile(`^([A-Z]{2,3})\.?(\s+(\d{4}|[A-Z]\d[A-Z]\s?\d[A-Z]\d))?$`)

// stateCountry returns the country of a segment that is a state or
// province ("Massachusetts", "MA 01000", "Ontario", "QC", "NSW 2522"), or
// "". A code of two countries' regions ("NT") is neither's.
func stateCountry(raw, n string) string {
	raw = strings.TrimSpace(raw)
	if len(raw) >= 2 && raw[0] >= 'A' && raw[0] <= 'Z' && raw[1] >= 'A' && raw[1] <= 'Z' && usStateCodes[raw[:2]] && (len(raw) == 2 || raw[2] == ' ' || raw[2] == '.') {
		if stateCode.MatchString(raw) {
			return "us"
		}
	}
	// The code is looked up before the pattern is tried: most segments
	// of that length are towns.
	if code, _, _ := strings.Cut(raw, " "); len(raw) <= 12 && otherRegionCodes[strings.TrimSuffix(code, ".")] != "" {
		if m := otherRegionCode.FindStringSubmatch(raw); m != nil {
			if c := otherRegionCodes[m[1]]; c != "" && !strings.Contains(c, " ") {
				return c
			}
		}
	}
	return regionCountries[n]
}

// WithRole returns a copy of ts with every token given role r.
func WithRole(ts []Token, r Role) []Token {
	out := make([]Token, len(ts))
	copy(out, ts)
	return withRole(out, r)
}

func withRole(ts []Token, r Role) []Token {
	for i := range ts {
		ts[i].Role = r
	}
	return ts
}

func allLegal(ts []Token) bool {
	for _, t := range ts {
		if !t.Legal {
			return false
		}
	}
	return len(ts) > 0
}

// CountryCode returns the ISO 3166-1 alpha-2 code for a normalised country
// name or common variant ("peoples r china" → "cn").
func CountryCode(normalized string) (string, bool) {
	c, ok := countryNames[normalized]
	return c, ok && c != ""
}

// WithoutParentheticals returns s with bracketed text removed and spaces
// tidied: "Nexteer Automotive (Hong Kong)" → "Nexteer Automotive".
func WithoutParentheticals(s string) string {
	main, asides := splitParentheticals(s)
	if len(asides) == 0 {
		return s
	}
	return strings.Join(strings.Fields(main), " ")
}

// IsLegalTail reports whether text after a comma is only a legal form
// ("Co., Ltd."), so the comma does not end the name.
func IsLegalTail(s string) bool {
	return allLegal(Tokenize(s))
}

// IsOrgHead reports whether the canonical word w heads an organisation's
// name ("university", "college", "institute").
func IsOrgHead(w string) bool { return orgHeads[w] || joinHeads[w] }

// closesAddress reports whether part, the text before a footnote mark
// since the last comma, is a country's name, perhaps ending the sentence
// ("UK."): it closes a party's address.
func closesAddress(part string) bool {
	part = strings.TrimRight(strings.TrimSpace(part), ".")
	if len(part) > maxCountryBytes || strings.Count(part, " ") > maxCountrySpaces {
		return false // the common case: a longer part, normalised for nothing
	}
	return namesCountry(Normalize(part))
}

// maxCountryBytes and maxCountrySpaces bound, with room for accents and
// doubled spaces, the country names closesAddress reads (the longest,
// "Democratic People's Republic of Korea", has 37 bytes and 4 spaces): a
// longer part names none.
const (
	maxCountryBytes  = 64
	maxCountrySpaces = 8
)

// namesCountry reports whether normalised text is the name of one
// country (not a word several countries' names share).
func namesCountry(n string) bool {
	c, ok := countryNames[n]
	return ok && c != ""
}

// formLabelWords are the words of the labels forms and records put before
// an organisation ("Partner:", "Host institution:", "Corresponding author
// affiliation:", "Correspondence:", "Reprint requests to:"), lower-cased.
var formLabelWords = map[string]bool{
	"partner": true, "partners": true, "collaborator": true, "collaborators": true, "collaborating": true,
	"host": true, "lead": true, "affiliation": true, "affiliations": true, "employer": true,
	"organisation": true, "organization": true, "institution": true, "company": true, "applicant": true,
	"coapplicant": true, "co": true, "investigator": true, "principal": true, "pi": true, "address": true,
	"sponsor": true, "funder": true, "contractor": true, "subcontractor": true, "beneficiary": true,
	"coordinator": true, "participant": true, "participating": true, "member": true, "project": true,
	"name": true, "of": true, "the": true, "academic": true, "industrial": true, "industry": true,
	"international": true, "overseas": true, "current": true, "present": true, "previous": true,
	"former": true, "home": true, "visiting": true, "main": true, "primary": true, "author": true,
	"authors": true, "corresponding": true, "research": true, "partnering": true, "counterpart": true,
	"correspondence": true, "for": true, "to": true, "reprint": true, "reprints": true, "requests": true,
	"contact": true, "details": true, "workplace": true, "work": true, "place": true,
}

// maxFormLabel bounds the text before a colon cutFormLabel reads as a
// label.
const maxFormLabel = 48

// cutFormLabel returns a party's text without the label a form or record
// puts before the organisation ("Partner: X Ltd", "Host institution: X
// University"): text before a colon made only of such words
// (formLabelWords), a footnote's mark before it or not ("*Corresponding
// author: X"). A colon inside a name ("Department of X: Head and Neck
// Surgery") is left.
func cutFormLabel(s string) string {
	i := strings.IndexByte(s, ':')
	if i <= 0 || i > maxFormLabel {
		return s // the common case: no colon near the start
	}
	words := strings.FieldsFunc(strings.ToLower(s[:i]), func(r rune) bool {
		return r == ' ' || r == '-' || r == '/' || r == '(' || r == ')' || strings.ContainsRune(footnoteMarks, r)
	})
	if len(words) == 0 || len(words) > 4 {
		return s
	}
	for _, w := range words {
		if !formLabelWords[w] {
			return s
		}
	}
	return s[i+1:]
}

// footnoteMarks are the symbols that mark footnotes, as a corresponding
// author is marked.
const footnoteMarks = "*†‡§¶"

// trimFootnoteMarks returns a party's or a segment's text without the
// footnotes' marks (footnoteMarks) that open or close it ("*Department of
// X, Y University†"), and the spaces around them: read as part of the
// first or last word, they kept it from being the name's.
func trimFootnoteMarks(s string) string {
	if s == "" || plainEnd(s[0]) && plainEnd(s[len(s)-1]) {
		return s // the common case: an ASCII character, no mark or space, at either end
	}
	return strings.TrimRight(strings.TrimLeft(s, footnoteMarks+" "), footnoteMarks+" ")
}

// plainEnd reports whether c, a byte ending a text, is ASCII and neither
// a footnote's star nor a space.
func plainEnd(c byte) bool { return c < utf8.RuneSelf && c != '*' && c != ' ' }

// hasFootnoteMark reports whether s holds one of footnoteMarks: a star,
// or "†", "‡", "§", "¶" (see holdsMarkOf).
func hasFootnoteMark(s string) bool {
	return strings.IndexByte(s, '*') >= 0 || holdsMarkOf(s, footnoteMarks)
}

// holdsMarkOf reports whether s holds one of marks, characters whose
// UTF-8 opens with C2 or E2 ("§", "¹"; "†", "⁴"): a string without those
// lead bytes, as most are, is not read rune by rune against them.
func holdsMarkOf(s, marks string) bool {
	return (strings.IndexByte(s, 0xC2) >= 0 || strings.IndexByte(s, 0xE2) >= 0) && strings.ContainsAny(s, marks)
}

// superscriptDigits are the digits written raised, as footnotes'
// numbers are ("Department of X¹, Y University²").
const superscriptDigits = "⁰¹²³⁴⁵⁶⁷⁸⁹"

// CutSuperscripts returns s without the digits written raised
// (superscriptDigits): footnotes' numbers, never a name's. ParseAffiliations
// cuts them; a caller reading cues from the string before parsing cuts
// them first.
func CutSuperscripts(s string) string {
	if !holdsMarkOf(s, superscriptDigits) { // "¹²³" open with C2, the others E2
		return s // the common case
	}
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(superscriptDigits, r) {
			return -1
		}
		return r
	}, s)
}

// whereaboutsWords open the note authors write before where they are
// now or were ("Currently with X", "Now at X", "Also at X"), lower-cased;
// whereaboutsLinks are the words after them.
var (
	whereaboutsWords = map[string]bool{"currently": true, "presently": true, "now": true, "also": true, "formerly": true, "previously": true}
	whereaboutsLinks = map[string]bool{"at": true, "with": true, "in": true}
)

// personTitles are the words of a post or degree authors write before
// "at" and their organisation ("Medical Doctor at X", "PhD Student at
// X", "Visiting Professor at X"), lower-cased.
var personTitles = map[string]bool{
	"professor": true, "prof": true, "prof.": true, "doctor": true, "dr": true, "dr.": true, "md": true, "phd": true,
	"student": true, "candidate": true, "researcher": true, "fellow": true, "postdoctoral": true, "postdoc": true,
	"lecturer": true, "scientist": true, "engineer": true, "director": true, "head": true, "member": true,
	"visiting": true, "assistant": true, "associate": true, "senior": true, "junior": true, "principal": true,
	"chief": true, "medical": true, "clinical": true, "resident": true, "nurse": true, "physician": true,
	"surgeon": true, "emeritus": true, "adjunct": true, "graduate": true, "undergraduate": true, "doctoral": true,
	"research": true, "msc": true, "master's": true, "intern": true,
}

// cutPersonTitle returns s without a leading post or degree and "at" (up
// to four words of personTitles: "Medical Doctor at", "Senior Research
// Fellow at"): the organisation follows.
func cutPersonTitle(s string) string {
	t := strings.TrimLeft(s, " ")
	for n := 0; ; n++ {
		w, rest, ok := strings.Cut(t, " ")
		switch {
		case !ok:
			return s
		case n > 0 && (w == "at" || w == "At"):
			return rest
		case n == 4 || !lowerIn(personTitles, w):
			return s // the common case, at the first word
		}
		t = strings.TrimLeft(rest, " ")
	}
}

// lowerIn reports whether w, lower-cased (ASCII letters only), is in m,
// without building the lower-cased string.
func lowerIn(m map[string]bool, w string) bool {
	var buf [16]byte
	if len(w) > len(buf) {
		return false
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return m[string(buf[:len(w)])]
}

// cutWhereaboutsNote returns s without a leading "Currently with", "Now
// at", "Also at" and the like, or a post and "at" (see cutPersonTitle):
// the organisation follows; and without a list's "and" before a capital.
func cutWhereaboutsNote(s string) string {
	t := strings.TrimLeft(s, " ")
	w1, rest, ok := strings.Cut(t, " ")
	if ok && (w1 == "and" || w1 == "And" || w1 == "&") {
		// A list's "and" left before the last of them ("and
		// Department of Tides, …", an author list cut apart).
		if c, _ := utf8.DecodeRuneInString(strings.TrimLeft(rest, " ")); unicode.IsUpper(c) {
			return cutWhereaboutsNote(rest)
		}
	}
	if ok && (w1 == "The" || w1 == "the" || w1 == "Author" || w1 == "Authors") {
		return cutAuthorNote(t)
	}
	if ok && (w1 == "From" || w1 == "FROM" || w1 == "On" || w1 == "ON") {
		return cutFromNote(s)
	}
	if !ok || len(w1) > len("previously") || !lowerIn(whereaboutsWords, w1) {
		return cutPersonTitle(s) // no note on whereabouts, perhaps a post
	}
	rest = strings.TrimLeft(rest, " ")
	w2, after, ok := strings.Cut(rest, " ")
	if !ok || !lowerIn(whereaboutsLinks, w2) {
		return s
	}
	return after
}

// cutFromNote returns s without a leading "From", "From the", "On leave
// from" or "On leave from the" before a word with a capital ("From the
// Department of Tides, …", journals' way of opening an affiliation): the
// organisation or its unit follows. Other text opening with "From" or
// "On" is left.
func cutFromNote(s string) string {
	t := strings.TrimLeft(s, " ")
	cut := func(w string) bool { // cuts w from t when t opens with it
		next, rest, ok := strings.Cut(t, " ")
		if ok && strings.EqualFold(next, w) {
			t = strings.TrimLeft(rest, " ")
			return true
		}
		return false
	}
	if cut("on") && !cut("leave") || !cut("from") {
		return s
	}
	cut("the")
	if r, _ := utf8.DecodeRuneInString(t); !unicode.IsUpper(r) {
		return s
	}
	return t
}

// authorNoteWords are the words of the note journals put before an
// author's organisation ("The authors are with X", "The author is now
// at X"), lower-cased, besides the link that ends it (whereaboutsLinks).
var authorNoteWords = map[string]bool{"the": true, "author": true, "authors": true, "is": true, "are": true, "was": true, "were": true, "now": true, "currently": true}

// cutAuthorNote returns s without a leading "The author(s) is/are (now)
// with" or "at": the organisation follows. Text that opens with "The" and
// goes on otherwise ("The University of X") is left.
func cutAuthorNote(s string) string {
	t := s
	author := false
	for n := 0; n < 5; n++ {
		w, rest, ok := strings.Cut(t, " ")
		switch {
		case !ok:
			return s
		case author && n > 1 && lowerIn(whereaboutsLinks, w):
			return rest
		case !lowerIn(authorNoteWords, w):
			return s
		}
		author = author || strings.EqualFold(w, "author") || strings.EqualFold(w, "authors")
		t = strings.TrimLeft(rest, " ")
	}
	return s
}

// listMark is the mark that opens an affiliation in a numbered or lettered
// list ("a) ", "(b) ", "[2] ", "iii) "). A bare number is left: it opens
// names too ("33 Institute of …").
var listMark = regexp.MustCompile(`^\s*(?:\(?(?:[a-zA-Z]|[ivx]{1,4}|\d{1,2})\)|\[\d{1,2}\])\s*`)

// cutListMark returns a party's text without the list mark that opens it.
func cutListMark(s string) string {
	head := strings.TrimLeft(s, " ")
	if len(head) > 6 {
		head = head[:6]
	}
	if !strings.ContainsAny(head, ")]") {
		return s // the common case: no mark, and no regular expression run
	}
	if m := listMark.FindStringIndex(s); m != nil {
		return s[m[1]:]
	}
	return s
}

// lettersOnly reports whether w is written in letters alone.
func lettersOnly(w string) bool {
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// cutFinalStop drops the full stop that ends a party, as a sentence's
// ("…, Antalya Bilim University."): read as part of the last segment, it
// kept the segment from being the organisation's name written out.
func cutFinalStop(s string) string {
	t := strings.TrimRight(s, " \t")
	if strings.HasSuffix(t, ".") && !strings.HasSuffix(t, "..") {
		return t[:len(t)-1]
	}
	return s
}

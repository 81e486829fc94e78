package names

import (
	"slices"
	"strings"
)

// This file compares single canonical tokens. The matcher aligns the
// tokens of two names pairwise with these similarities.

// TokenSim is how alike two canonical tokens are, and why.
type TokenSim struct {
	Sim float64
	How How
}

// Ways two different tokens can still align, beyond How's derivations.
const (
	HowTypo     How = "typo"
	HowInitial  How = "initial"
	HowNickname How = "nickname"
	HowRelated  How = "translated"
	HowCompound How = "compound"
	HowNumeral  How = "numeral"
	HowPlural   How = "plural"
)

// relatedPairs holds the related words (see Related), both ways.
var relatedPairs = bothWays(slices.Concat(related, demonyms))

// bothWays returns the set of pairs ps, each also in reverse order.
func bothWays(ps [][2]string) map[[2]string]bool {
	m := make(map[[2]string]bool, 2*len(ps))
	for _, p := range ps {
		m[p] = true
		m[[2]string{p[1], p[0]}] = true
	}
	return m
}

// Similarities used when aligning tokens. They order the kinds of evidence:
// an exact token is worth more than an abbreviation, which is worth more
// than a typo.
const (
	SimExact        = 1.0
	SimNickname     = 0.9
	SimAbbreviation = 0.88
	SimPlural       = 0.88
	SimTranslit     = 0.85
	SimTypo1        = 0.85
	SimRelated      = 0.75
	SimInitial      = 0.7
	SimTypo2        = 0.7
)

// demonymPairs holds each country-and-adjective pair of demonyms, both ways.
var demonymPairs = bothWays(demonyms)

// Demonym reports whether a and b are a country's (or region's) name and
// the adjective formed from it ("austria", "austrian"): the same word in
// another form, not a translation.
func Demonym(a, b string) bool { return demonymPairs[[2]string{a, b}] }

// Related reports whether a and b are words that often translate one
// another in institution names without being the same word.
func Related(a, b string) bool { return relatedPairs[[2]string{a, b}] }

// Nickname returns the formal given name for a familiar form ("bill" →
// "william"), or the name itself.
func Nickname(s string) string {
	if n, ok := nicknames[s]; ok {
		return n
	}
	return s
}

// Compare returns how similar two canonical tokens are. It is symmetric
// except that only a's side may be an abbreviation or an initial of b's.
// A zero Sim means they do not align.
func Compare(a, b string) TokenSim {
	if a == b {
		return TokenSim{SimExact, HowExact}
	}
	if relatedPairs[[2]string{a, b}] {
		return TokenSim{SimRelated, HowRelated}
	}
	if na, nb := Nickname(a), Nickname(b); na == nb {
		return TokenSim{SimNickname, HowNickname}
	}
	if HasDigit(a) || HasDigit(b) {
		if SameNumber(a, b) {
			return TokenSim{SimExact, HowNumeral} // "viii" and "8"
		}
		return TokenSim{} // numbers and codes ("U1163", "UPR20") only match exactly
	}
	la, lb := len(a), len(b)
	if la == 1 || lb == 1 {
		if a[0] == b[0] {
			return TokenSim{SimInitial, HowInitial}
		}
		return TokenSim{}
	}
	if IsPlural(a, b) || IsPlural(b, a) {
		return TokenSim{SimPlural, HowPlural}
	}
	if la >= 3 && la < lb && IsAbbreviation(a, b) || lb >= 3 && lb < la && IsAbbreviation(b, a) {
		return TokenSim{SimAbbreviation, HowAbbreviation}
	}
	if min(la, lb) >= 4 {
		d := Distance(a, b, MaxTypoEdits)
		switch {
		case d == 1:
			return TokenSim{SimTypo1, HowTypo}
		case SoundsAlike(a, b):
			return TokenSim{SimTranslit, HowTransliterated}
		case d == MaxTypoEdits && min(la, lb) >= 8:
			return TokenSim{SimTypo2, HowTypo}
		}
	}
	return TokenSim{}
}

// IsPlural reports whether many is one's English plural with an "s"
// ("arts" of "art", "grants" of "grant"): names write a subject either way
// ("Academy of Art and Sciences" for "… of Arts and Sciences"). One must
// have three letters at least, and many must not end as a singular word
// does ("ss", "us", "is": "Paris" is no plural of "Pari").
func IsPlural(many, one string) bool {
	n := len(one)
	if n < 3 || len(many) != n+1 || many[n] != 's' || many[:n] != one {
		return false
	}
	switch one[n-1] {
	case 's', 'u', 'i':
		return false
	}
	return true
}

// IsAbbreviation reports whether short abbreviates long in the way
// scholarly abbreviations do: the same first letter, and the remaining
// letters appear in order in long ("technol" → "technology", "engn" →
// "engineering", "natl" → "national"). The abbreviation must keep at least
// the first three letters' worth of identity: when it is not a prefix, it
// must be at least four letters.
func IsAbbreviation(short, long string) bool {
	if len(short) < 3 || len(short) >= len(long) || short[0] != long[0] {
		return false
	}
	if long[:len(short)] == short {
		return true
	}
	// A contraction drops letters from the middle ("natl", "engn"): it
	// must drop a good part of the word, or it is a typo, not an
	// abbreviation ("bejing" is not short for "beijing").
	if len(short) < 4 || len(short)*4 > len(long)*3 || len(long)-len(short) < 2 || short[1] != long[1] {
		return false
	}
	j := 1
	for i := 1; i < len(short); i++ {
		for j < len(long) && long[j] != short[i] {
			j++
		}
		if j == len(long) {
			return false
		}
		j++
	}
	return true
}

// MaxTypoEdits is the most edits Compare reads as a typo (two, in words of
// eight letters or more): a word longer than another by more is no typo
// of it.
const MaxTypoEdits = 2

// Distance returns the optimal-string-alignment edit distance between a and
// b (insertions, deletions, substitutions and adjacent transpositions),
// stopping early once it exceeds limit; it then returns limit+1.
func Distance(a, b string, limit int) int {
	if len(a) <= maxStackDistance && len(b) <= maxStackDistance && isPlainASCII(a) && isPlainASCII(b) {
		return distanceASCII(a, b, limit)
	}
	return distanceRunes([]rune(a), []rune(b), limit)
}

// distanceRunes is Distance on runes.
func distanceRunes(ra, rb []rune, limit int) int {
	if abs(len(ra)-len(rb)) > limit {
		return limit + 1
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// maxStackDistance is the longest ASCII word Distance handles without
// allocating: typo searches compare many short words.
const maxStackDistance = 48

// distanceASCII is Distance for short ASCII strings, on rows kept on the
// stack; bytes are runes there, so the result is the same.
func distanceASCII(a, b string, limit int) int {
	if abs(len(a)-len(b)) > limit {
		return limit + 1
	}
	var r0, r1, r2 [maxStackDistance + 1]int
	prev2, prev, cur := r0[:len(b)+1], r1[:len(b)+1], r2[:len(b)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// IsDigits reports whether s is a non-empty run of ASCII digits.
func IsDigits(s string) bool { return isDigits(s) }

// IsLetters reports whether w is written in letters alone, of any script.
func IsLetters(w string) bool { return lettersOnly(w) }

// HasDigit reports whether s holds an ASCII digit: a number, or a code
// such as a lab's "UMR5218", which differs from "UMR5281" by more than a
// typo, so only an exact match counts. It scans bytes: no byte of a
// multi-byte UTF-8 sequence is an ASCII digit, so that is
// strings.ContainsAny(s, "0123456789") without its per-call set up, which
// cost more than the scan on the short words screening asks about.
func HasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			return true
		}
	}
	return false
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return len(s) > 0
}

// Skeleton returns a rough phonetic key of a romanised name, so that
// transliterations of one name meet: "mohammed", "muhammad" and "mohamed"
// all give "mmd"; "aleksandr" and "alexander" give "alksndr". It keeps the
// first letter, maps letters that transliterate alike onto one, drops
// vowels and a silent h after the first letter (but keeps sh, ch, zh
// apart from s, c, z), and collapses doubled letters.
func Skeleton(s string) string {
	b := make([]byte, 0, len(s)+2)
	var prevRaw byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		raw := c
		var next byte
		if i+1 < len(s) {
			next = s[i+1]
		}
		if c == prevRaw {
			continue // doubled letter
		}
		prevRaw = raw
		switch {
		case c == 'p' && next == 'h':
			c = 'f'
			i++
			prevRaw = 'h'
		case (c == 's' || c == 'c' || c == 'z') && next == 'h':
			// sh, ch, zh are one sound each: one upper-case letter.
			b = append(b, c-'a'+'A')
			i++
			prevRaw = 'h'
			continue
		case c == 'c' && next == 'k', c == 'q':
			c = 'k'
		case c == 'c':
			c = 'k'
		case c == 'x':
			b = append(b, 'k')
			c = 's'
		case c == 'z':
			c = 's'
		case c == 'w':
			c = 'v'
		}
		if len(b) > 0 && (isVowel(c) || c == 'h') {
			continue
		}
		b = append(b, c)
	}
	return string(b)
}

// SoundsAlike reports whether two romanised words are plausibly
// transliterations of one name: the same skeleton of at least four
// letters, and not too many edits apart.
func SoundsAlike(a, b string) bool {
	ka := Skeleton(a)
	if len(ka) < 3 || ka != Skeleton(b) {
		return false
	}
	limit := max(2, (min(len(a), len(b))+1)/2)
	d := Distance(a, b, limit)
	if d > limit {
		return false
	}
	// One changed letter in a short word is a typo or a different name
	// (Smith/Smyth, Fang/Feng), not a transliteration; in a longer word
	// it is a spelling variant (Tatyana/Tatiana, Viktor/Victor).
	return !(d == 1 && len(a) == len(b) && len(a) < 6)
}

// PersonCompare compares two parts of personal names. It is stricter than
// Compare: a name that extends another (Ivan/Ivana, Harris/Harrison) is a
// different name, and a one-letter difference counts for little unless
// the two sound alike (Hassan/Hasan, Mohamed/Muhammad).
func PersonCompare(a, b string) TokenSim {
	s := Compare(a, b)
	if s.How == HowExact || s.How == HowNickname || s.How == HowInitial || len(a) == 1 || len(b) == 1 {
		return s
	}
	if strings.HasPrefix(a, b) || strings.HasPrefix(b, a) {
		return TokenSim{}
	}
	if SoundsAlike(a, b) {
		return TokenSim{SimTranslit, HowTransliterated}
	}
	if s.How == HowTypo || s.How == HowAbbreviation {
		return TokenSim{SimPersonTypo, HowTypo}
	}
	return s
}

// SimPersonTypo is the similarity of person name parts one edit apart
// that do not sound alike.
const SimPersonTypo = 0.5

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

// genericWords are the canonical forms of institutional vocabulary
// (university, institute, technology …). They identify a party less than
// a place or a proper name does.
var genericWords = func() map[string]bool {
	m := map[string]bool{}
	for k, v := range canonical {
		if _, subject := subjectAbbreviations[k]; !subject {
			m[v] = true
		}
	}
	for _, vs := range hanTerms {
		for _, v := range vs {
			m[v] = true
		}
	}
	for _, p := range related {
		m[p[0]], m[p[1]] = true, true
	}
	for _, w := range []string{"china", "people", "republic", "liberation", "army", "navy", "force", "police", "north", "south", "east", "west",
		"oil", "gas", "bank", "shipping", "lines", "airlines", "trading", "petroleum", "mining", "steel", "pharmaceutical", "motor", "motors",
		"insurance", "capital", "finance", "logistics", "royal", "global", "holding", "enterprise", "enterprises"} {
		m[w] = true
	}
	return m
}()

// IsGeneric reports whether t is common institutional vocabulary rather
// than a distinctive name part. Without corpus statistics (pairwise
// matching) the matcher weights such tokens down.
func IsGeneric(t string) bool { return genericWords[t] }

// IsDemonym reports whether t is the adjective of a country or region
// ("italian", "dutch"), not the name itself.
func IsDemonym(t string) bool { return demonymAdjectives[t] }

// demonymAdjectives are the adjectives of demonyms.
var demonymAdjectives = func() map[string]bool {
	m := make(map[string]bool, len(demonyms))
	for _, p := range demonyms {
		m[p[1]] = true
	}
	return m
}()

// RelatedTo returns the words related to t (see Related).
func RelatedTo(t string) []string { return relatedTo[t] }

// relatedTo maps a word to those related to it (see Related).
var relatedTo = func() map[string][]string {
	m := map[string][]string{}
	for _, p := range slices.Concat(related, demonyms) {
		m[p[0]] = append(m[p[0]], p[1])
		m[p[1]] = append(m[p[1]], p[0])
	}
	return m
}()

// particles are the small words of personal names (al-, bin, van, de)
// that are often dropped or joined to the next word.
var particles = map[string]bool{"al": true, "el": true, "bin": true, "ibn": true, "bint": true, "abu": true, "van": true, "von": true, "der": true, "de": true, "da": true, "di": true, "del": true, "la": true, "le": true, "mc": true, "mac": true, "ul": true}

// IsParticle reports whether t is a personal-name particle.
func IsParticle(t string) bool { return particles[t] }

// IsStopword reports whether a normalised word carries no identity.
func IsStopword(w string) bool { return stopwords[w] }

// IsLegalForm reports whether a normalised word is a legal form
// (Ltd, GmbH, Corporation, Group …).
func IsLegalForm(w string) bool {
	if c, ok := canonical[w]; ok {
		w = c
	}
	_, ok := legalForms[w]
	return ok
}

// Abbreviations maps every written form the normaliser knows for a
// canonical token, other than the token itself ("technol", "tech",
// "technologies" for "technology"), to that token. The matcher looks for
// typos among them.
func Abbreviations() map[string]string {
	out := make(map[string]string, len(canonical))
	for k, v := range canonical {
		if k != v && !strings.ContainsRune(k, '.') {
			out[k] = v
		}
	}
	return out
}

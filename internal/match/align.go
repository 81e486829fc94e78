package match

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/collabcheck/collabcheck/internal/names"
)

// side is one token of a name being aligned, with its weight.
type side struct {
	text    string
	surface string
	how     names.How
	role    names.Role
	legal   bool
	place   bool
	// han marks a query word written in Chinese characters, which pairs
	// only with words its reading or meaning gives exactly (see
	// namePairs).
	han bool
	// kind is what unmatched reads of text (see textKindOf), set
	// for a reading's words from their cached lookup so that bounding and
	// aligning each reading does not scan the text again; kindUnknown
	// for other sides, whose text is read.
	kind textKind
	w    float64
}

// pair is one aligned query token and list token.
type pair struct {
	q, n int
	sim  names.TokenSim
}

// roleFactor scales the weight of a query token that found no partner,
// by where it came from: a department, address or country does not count
// against a candidate the way an unexplained name word does.
func roleFactor(r names.Role) float64 {
	switch r {
	case names.RoleName:
		return unmatchedQueryFactor
	case names.RoleDept, names.RoleAside:
		return 0.12
	default:
		return 0.04
	}
}

// unmatchedQueryFactor weights a distinctive query word absent from the
// candidate more than its plain weight, so that "Chongqing Medical
// University" does not meet "Chongqing University".
const unmatchedQueryFactor = 1.3

// simCompound is the similarity of a word split in two on one side.
const simCompound = 0.95

// unmatchedNumberFactor scales a short number in the query that found no
// partner: footnote marks and street numbers say little about the party.
const unmatchedNumberFactor = 0.1

// unmatchedInitialFactor scales a single letter in the query that found
// no partner: an initial of the person an organisation is named after
// ("M. V. Lomonosov Moscow State University") that the list leaves out
// says little, though as a rare token it weighs much.
const unmatchedInitialFactor = 0.25

// unmatched scales the weight of a query token, this side, that found no
// partner, read with role r (see roleFactor and kindFactor).
func (s *side) unmatched(r names.Role) float64 {
	k := s.kind
	if k == kindUnknown {
		k = textKindOf(s.text)
	}
	return kindFactor(k, r)
}

// textKind is what unmatched asks of a token's text.
type textKind uint8

const (
	kindUnknown     textKind = iota // not read yet
	kindWord                        // none of those below
	kindShortNumber                 // digits only, at most three
	kindCode                        // digits and other characters ("U1208")
	kindOneRune                     // a single character, not a digit
	kindLongNumber                  // digits only, four or more
)

// textKindOf reads text's kind.
func textKindOf(text string) textKind {
	switch {
	case names.IsDigits(text) && len(text) <= 3:
		return kindShortNumber
	case names.IsDigits(text):
		return kindLongNumber
	case names.HasDigit(text) && !names.IsDigits(text):
		return kindCode
	case utf8.RuneCountInString(text) == 1:
		return kindOneRune
	}
	return kindWord
}

// kindFactor is how much a query token of text kind k and role r that
// found no partner counts against a candidate, as a factor of its weight.
func kindFactor(k textKind, r names.Role) float64 {
	f := roleFactor(r)
	switch {
	case (k == kindLongNumber || k == kindOneRune || k == kindCode) && (r == names.RoleAddress || r == names.RoleCountry):
		// A postcode, a street number or a single letter in the address
		// ("D-1234", "OX1 3PU", "Building C") says where the party is,
		// not who: no name holds it, so it counts against none.
		f = 0
	case k == kindShortNumber:
		f = min(f, unmatchedNumberFactor) // a footnote mark or a number that names nothing
	case k == kindCode:
		// A code ("U1208", "UMR5310"): a lab's number under its
		// institutions, which a name the list holds without it may still
		// be; written in the list, it matches exactly.
		f = min(f, unmatchedNumberFactor)
	case k == kindOneRune && r == names.RoleName:
		f *= unmatchedInitialFactor
	}
	return f
}

// alignment is the result of aligning two token sequences.
type alignment struct {
	score float64
	pairs []pair
}

// align pairs query tokens with list tokens greedily by similarity times
// weight, each token used at most once, and scores the result as the
// weighted share of both sides that aligned:
//
//	score = Σ sim·(wq+wn)/2 / (Σ (wq+wn)/2 + Σ unaligned wn + Σ unaligned wq·role)
func align(q, n []side, sim func(qi, ni int) names.TokenSim) alignment {
	var b alignBuf
	return b.align(q, n, sim)
}

// alignBuf holds the working slices of align so that a screen, which
// aligns a query with dozens of names, allocates them once.
type alignBuf struct {
	cands []pair
	pairs []pair
	usedQ []bool
	usedN []bool
}

// align is align using b's buffers. The returned pairs live in b and are
// valid until the next call.
func (b *alignBuf) align(q, n []side, sim func(qi, ni int) names.TokenSim) alignment {
	cands := b.cands[:0]
	for i := range q {
		for j := range n {
			if s := sim(i, j); s.Sim > 0 {
				cands = append(cands, pair{i, j, s})
			}
		}
	}
	b.cands = cands
	return b.alignPairs(q, n, cands)
}

// alignPairs is align given the token pairs that may align (in query,
// then list order), which it reorders.
func (b *alignBuf) alignPairs(q, n []side, cands []pair) alignment {
	// Best pairs first: by similarity times weight, then by the query
	// token's role, keeping the given order otherwise (a stable sort).
	// An initial is valued by the word it stands for: a single letter is
	// a rare token with a weight a full word it competes with for the
	// same token ("U" and "Universidad" for "Universidad") would not
	// match.
	value := func(c pair) float64 {
		if c.sim.How == names.HowInitial {
			return c.sim.Sim * 2 * n[c.n].w
		}
		return c.sim.Sim * (q[c.q].w + n[c.n].w)
	}
	order := func(ca, cb pair) int {
		va, vb := value(ca), value(cb)
		switch {
		case va > vb:
			return -1
		case va < vb:
			return 1
		}
		return int(q[ca.q].role) - int(q[cb.q].role)
	}
	if len(cands) <= 16 {
		// A few pairs, as a name's tokens give: insertion sort, which is
		// stable, without the general sort's overhead.
		for i := 1; i < len(cands); i++ {
			for j := i; j > 0 && order(cands[j], cands[j-1]) < 0; j-- {
				cands[j], cands[j-1] = cands[j-1], cands[j]
			}
		}
	} else {
		slices.SortStableFunc(cands, order)
	}
	usedQ := resetBools(&b.usedQ, len(q))
	usedN := resetBools(&b.usedN, len(n))
	out := alignment{pairs: b.pairs[:0]}
	var num, den float64
	// A word written as one on one side and as two on the other
	// ("Abdulrahman" / "Abdul Rahman", "Xiaoming" / "Xiao-Ming").
	// initials limits it to two single letters ("M. D." for "MD"), tried
	// before the pairs: an initial would otherwise align with the word
	// alone and leave the second letter unmatched.
	compound := func(one []side, usedOne []bool, two []side, usedTwo []bool, oneIsQuery, initials bool) {
		// A word is two words of the other side only when it is as long
		// as they are together: most words need not be tried at all.
		tried := func(j int) bool { return !initials || len(two[j].text) == 1 && len(two[j+1].text) == 1 }
		var lens uint64
		for j := 0; j+1 < len(two); j++ {
			if tried(j) {
				lens |= lenBit(len(two[j].text) + len(two[j+1].text))
			}
		}
		if lens == 0 {
			return
		}
		for i := range one {
			if usedOne[i] || lens&lenBit(len(one[i].text)) == 0 {
				continue
			}
			for j := 0; j+1 < len(two); j++ {
				if usedTwo[j] || usedTwo[j+1] || !tried(j) || !joins(one[i].text, two[j].text, two[j+1].text) {
					continue
				}
				usedOne[i], usedTwo[j], usedTwo[j+1] = true, true, true
				m := (one[i].w + two[j].w + two[j+1].w) / 2
				num += simCompound * m
				den += m
				p1, p2 := pair{i, j, names.TokenSim{Sim: simCompound, How: names.HowCompound}}, pair{i, j + 1, names.TokenSim{Sim: simCompound, How: names.HowCompound}}
				if !oneIsQuery {
					p1.q, p1.n, p2.q, p2.n = j, i, j+1, i
				}
				out.pairs = append(out.pairs, p1, p2)
				break
			}
		}
	}
	compound(q, usedQ, n, usedN, true, true)
	compound(n, usedN, q, usedQ, false, true)
	for _, c := range cands {
		if usedQ[c.q] || usedN[c.n] {
			continue
		}
		usedQ[c.q], usedN[c.n] = true, true
		out.pairs = append(out.pairs, c)
		m := (q[c.q].w + n[c.n].w) / 2
		num += c.sim.Sim * m
		den += m
	}
	compound(q, usedQ, n, usedN, true, false)
	compound(n, usedN, q, usedQ, false, false)
	for j := range n {
		if !usedN[j] {
			den += n[j].w
		}
	}
	// When the candidate names a sub-unit that the query's department text
	// aligned with, the rest of that text is part of the name too: an
	// institute of biophysics is not the institute of physics.
	deptAligned := false
	for _, p := range out.pairs {
		if q[p.q].role == names.RoleDept {
			deptAligned = true
		}
	}
	for i := range q {
		if !usedQ[i] {
			r := q[i].role
			if deptAligned && r == names.RoleDept {
				r = names.RoleName
			}
			if r == names.RoleAddress && alignedTwin(q, usedQ, i) {
				// The town written again in the address ("X Institute
				// Northtown, Northtown") says nothing the name did not.
				continue
			}
			den += q[i].w * q[i].unmatched(r)
		}
	}
	if den > 0 {
		out.score = num / den
	}
	b.pairs = out.pairs
	return out
}

// alignedTwin reports whether a query token other than q[i], with the
// same text, aligned.
func alignedTwin(q []side, usedQ []bool, i int) bool {
	for k := range q {
		if k != i && usedQ[k] && q[k].text == q[i].text {
			return true
		}
	}
	return false
}

// resetBools returns (*buf)[:n] all false, growing *buf when needed.
func resetBools(buf *[]bool, n int) []bool {
	if cap(*buf) < n {
		*buf = make([]bool, n)
	}
	s := (*buf)[:n]
	clear(s)
	return s
}

// joins reports whether w is a followed by b, without building the string.
func joins(w, a, b string) bool {
	return len(a)+len(b) == len(w) && strings.HasPrefix(w, a) && strings.HasSuffix(w, b)
}

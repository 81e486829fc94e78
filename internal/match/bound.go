package match

import (
	"math/bits"

	"github.com/collabcheck/collabcheck/internal/names"
)

// This file bounds a candidate's alignment score from above without
// aligning it, so that a screen that only wants scores above a floor
// (Options.LeadingMatches) can skip most candidates cheaply.
//
// align scores num/den, where every aligned pair adds at most its mass
// m = (wq+wn)/2 to num and exactly m to den, and every unaligned token adds
// its weight (a query token's scaled by its role factor) to den only. A
// token that cannot align with any token of the other side is certainly
// unaligned, so with X the mass of all the tokens that might align and P
// the penalty of those that cannot,
//
//	score ≤ X / (X + P),
//
// as x/(x+p) grows with x and falls with p. A query token might align
// with a name token when one of its expansions is that token, or (for the
// initials, list-side abbreviations and compounds that align outside the
// expansions) when the two share their first letter, or their last letter
// when the token before shares a first letter with the other side (the
// second part of a compound: "rahman" in "abdul rahman" / "abdulrahman").

// byteSet is a set of bytes.
type byteSet [4]uint64

func (s *byteSet) add(c byte)      { s[c>>6] |= 1 << (c & 63) }
func (s *byteSet) has(c byte) bool { return s[c>>6]&(1<<(c&63)) != 0 }

// boundInfo is what bounding needs of the variant being scored. A screen
// keeps one in its scratch and prepares it for each variant in turn.
type boundInfo struct {
	v *variant // the variant it is prepared for
	// byID maps a vocabulary token to the query tokens (bits 0…63) that
	// expand to it.
	byID        idMask
	first, last byteSet // first and last letters of the query tokens
	// penalty is each query token's weight times its smallest role
	// factor: what it adds to den when it finds no partner.
	penalty []float64
	// masks and mayPair hold, for the name namePairs is pairing, each
	// token's bits from byID, and those with byFirst's.
	masks, mayPair []uint64
	// simQ and simN are pairBound's working arrays.
	simQ, simN []float64
	// qPairs is the lenBit set of the lengths of adjacent query token
	// pairs, the lengths a list word written as two of them has.
	qPairs uint64
	// byFirst and byLast map a byte to the query tokens (bits) that
	// begin or end with it, so that alignBound learns which query tokens
	// share a letter with the name from the name's few tokens; marked
	// lists the bytes set, to clear them for the next variant. empty has
	// the bits of empty query tokens.
	byFirst, byLast [256]uint64
	marked          []byte
	empty           uint64
	// qw is each query token's weight; penTotal is the sum of penalty,
	// and all has a bit for every query token.
	qw       []float64
	penTotal float64
	all      uint64
	// qByLen maps a word length (lenBit's bit) to the query tokens of
	// that length.
	qByLen [64]uint64
}

// lenBit is the bit of a word length in a set of lengths; lengths from 63
// on share the last bit, so a set tells only when a length is certainly
// absent.
func lenBit(n int) uint64 { return 1 << min(n, 63) }

// prepare makes b describe v.
func (b *boundInfo) prepare(v *variant) {
	b.v = v
	n := 0
	for i := range min(len(v.toks), 64) {
		n += len(v.exp[i].ids)
	}
	b.byID.reset(n)
	// Byte 0 stands for an empty token (see Index.tokEnds): count such a
	// name token as one that might align.
	b.first, b.last = byteSet{}, byteSet{}
	b.first.add(0)
	b.last.add(0)
	b.penalty, b.qw = b.penalty[:0], b.qw[:0]
	b.qPairs, b.empty, b.penTotal, b.all = 0, 0, 0, 0
	b.qByLen = [64]uint64{}
	for _, c := range b.marked {
		b.byFirst[c], b.byLast[c] = 0, 0
	}
	b.marked = b.marked[:0]
	for i, t := range v.toks {
		if i+1 < len(v.toks) {
			b.qPairs |= lenBit(len(t.text) + len(v.toks[i+1].text))
		}
		if i < 64 {
			for _, id := range v.exp[i].ids {
				*b.byID.ref(id) |= 1 << i
			}
			b.qByLen[min(len(t.text), 63)] |= 1 << i
			if t.text == "" {
				b.empty |= 1 << i
			} else {
				f, l := t.text[0], t.text[len(t.text)-1]
				b.byFirst[f] |= 1 << i
				b.byLast[l] |= 1 << i
				b.marked = append(b.marked, f, l)
			}
		}
		if t.text != "" {
			b.first.add(t.text[0])
			b.last.add(t.text[len(t.text)-1])
		}
		b.qw = append(b.qw, t.w)
		f := t.unmatched(t.role)
		b.penalty = append(b.penalty, t.w*f)
		b.penTotal += t.w * f
		if i < 64 {
			b.all |= 1 << i
		}
	}
}

// alignBound returns an upper bound on the score alignName gives the name
// with tokens toks against v (before the country and acronym adjustments,
// which only lower it). b is prepared for v when it is not already.
func (ix *Index) alignBound(v *variant, toks []uint32, b *boundInfo) float64 {
	if len(v.toks) > 64 {
		return 1 // query tokens past 64 have no bits: no bound
	}
	if b.v != v {
		b.prepare(v)
	}
	// The query tokens some name token is an expansion of (reach), and
	// those sharing a first or last letter with one.
	var reach, first, last uint64
	var x, p float64
	// A token's last letter only matters as the end of a compound's
	// second part, whose first part, the token before it, then shares
	// its first letter with the word written as one: after (whether the
	// token before shares a first letter with the other side).
	after := false
	for _, id := range toks {
		te := &ix.tokEnds[id]
		w := float64(te.idf)
		f, l := te.first, te.last
		var m uint64
		if b.byID.mayHold(id) {
			m, _ = b.byID.get(id)
		}
		reach |= m
		firstOK := b.first.has(f)
		if m != 0 || firstOK || after && b.last.has(l) {
			x += w
		} else {
			p += w
		}
		after = firstOK
		first |= b.byFirst[f]
		last |= b.byLast[l]
	}
	// The same on the query side, as bits: an empty token might align
	// with anything, and a last letter counts after a token that shares
	// its first.
	first |= b.empty
	// Visiting only the tokens that might align (usually few), the
	// others' penalty is the total less theirs: rounding moves it by far
	// less than the caller's margin.
	may := (reach | first | last&(first<<1)) & b.all
	pq := b.penTotal
	for r := may; r != 0; r &= r - 1 {
		i := bits.TrailingZeros64(r)
		x += b.qw[i]
		pq -= b.penalty[i]
	}
	p += max(pq, 0)
	x /= 2
	if x+p <= 0 {
		return 1
	}
	return x / (x + p)
}

// idTable is a small open-addressing map from vocabulary ids to values,
// cheaper than a Go map for the few dozen ids of one query.
type idTable[V any] struct {
	keys []uint32 // id+1, 0 for an empty slot
	vals []V
	n    int // occupied slots
	// bloom has bit id%bloomBits set for every id held, so that most
	// absent ids are told apart without probing.
	bloom [bloomBits / 64]uint64
}

// bloomBits is the size of an idTable's bloom filter. A reading's
// expansions hold dozens of ids, up to a hundred and more (related words,
// sound-alikes): in 64 bits most absent ids would pass and be probed for,
// a mispredicted branch each; 512 bits, one cache line, let most through
// only when they are held.
const bloomBits = 512

// mayHold reports whether id may be in the table: false means it is not.
func (m *idTable[V]) mayHold(id uint32) bool {
	return m.bloom[id/64%(bloomBits/64)]&(1<<(id&63)) != 0
}

// idMask maps ids to sets of query tokens.
type idMask = idTable[uint64]

// reset empties the table, sized for about n ids.
func (m *idTable[V]) reset(n int) {
	m.n, m.bloom = 0, [bloomBits / 64]uint64{}
	size := 16
	for size < 2*n {
		size <<= 1
	}
	if cap(m.keys) >= size {
		m.keys, m.vals = m.keys[:size], m.vals[:size]
		clear(m.keys)
		clear(m.vals)
		return
	}
	m.keys, m.vals = make([]uint32, size), make([]V, size)
}

func (m *idTable[V]) slot(id uint32) int {
	mask := len(m.keys) - 1
	i := int(id*0x9E3779B1>>16) & mask
	for m.keys[i] != 0 && m.keys[i] != id+1 {
		i = (i + 1) & mask
	}
	return i
}

// ref returns the value of id, adding it (as the zero value) if absent.
func (m *idTable[V]) ref(id uint32) *V {
	if len(m.keys) == 0 || 2*(m.n+1) > len(m.keys) {
		m.grow()
	}
	i := m.slot(id)
	if m.keys[i] == 0 {
		m.keys[i] = id + 1
		m.n++
		m.bloom[id/64%(bloomBits/64)] |= 1 << (id & 63)
	}
	return &m.vals[i]
}

// get returns the value of id; ok is false when it is absent.
func (m *idTable[V]) get(id uint32) (v V, ok bool) {
	if m.n == 0 {
		return v, false
	}
	i := m.slot(id)
	if m.keys[i] == 0 {
		return v, false
	}
	return m.vals[i], true
}

func (m *idTable[V]) grow() {
	keys, vals := m.keys, m.vals
	size := max(16, 2*len(keys))
	m.keys, m.vals = make([]uint32, size), make([]V, size)
	for i, k := range keys {
		if k != 0 {
			j := m.slot(k - 1)
			m.keys[j], m.vals[j] = k, vals[i]
		}
	}
}

// pairBound returns an upper bound on the score alignPairs gives v's
// tokens q and the name tokens n from cands, the pairs that may align
// (as namePairs finds them for an organisation's name or a person's),
// without sorting them or aligning greedily. It is much closer to the
// score than alignBound, which guesses which tokens may align from their
// letters, and costs little once namePairs has found the pairs.
//
// A token that aligns does so in one of cands, or as part of a compound
// (one word written as two on the other side), with at most the best
// similarity s it has there; each aligned pair adds sim·m to num, split as
// s·w/2 per token, and m to den. So with N the sum of s·w/2 over the
// tokens that may align and P the penalty of the others,
//
//	score ≤ N / (N + P),
//
// as a numerator is never more than the masses it adds to den.
func (b *boundInfo) pairBound(v *variant, n []side, cands []pair) float64 {
	q := v.toks
	if len(q) > 64 {
		return 1
	}
	if b.v != v {
		b.prepare(v)
	}
	simQ := resetFloats(&b.simQ, len(q))
	simN := resetFloats(&b.simN, len(n))
	for _, c := range cands {
		// For a person's name, alignName takes the similarity of a pair
		// found through an expansion, unless exact, from
		// names.PersonCompare instead: any such may count in full. An
		// initial's comes from the letters alone, in both.
		s := 1.0
		if c.sim.How == names.HowInitial {
			s = c.sim.Sim
		}
		simQ[c.q] = max(simQ[c.q], s)
		simN[c.n] = max(simN[c.n], s)
	}
	// Compounds, on either side, as alignPairs looks for them (among the
	// tokens greedy alignment left, which may be any). A word is only
	// tried against pairs when its length is that of some adjacent pair
	// on the other side (lenBit sets of the lengths).
	var nPairs uint64
	for j := 0; j+1 < len(n); j++ {
		nPairs |= lenBit(len(n[j].text) + len(n[j+1].text))
	}
	compound := func(one, two []side, i int, simOne, simTwo []float64) {
		for j := 0; j+1 < len(two); j++ {
			if joins(one[i].text, two[j].text, two[j+1].text) {
				simOne[i] = max(simOne[i], simCompound)
				simTwo[j] = max(simTwo[j], simCompound)
				simTwo[j+1] = max(simTwo[j+1], simCompound)
			}
		}
	}
	// The query tokens as long as some pair of name tokens, found by
	// length from the variant's preparation.
	var long uint64
	for r := nPairs; r != 0; r &= r - 1 {
		long |= b.qByLen[bits.TrailingZeros64(r)]
	}
	for r := long; r != 0; r &= r - 1 {
		compound(q, n, bits.TrailingZeros64(r), simQ, simN)
	}
	for j := range n {
		if b.qPairs&lenBit(len(n[j].text)) != 0 {
			compound(n, q, j, simN, simQ)
		}
	}
	var x, p float64
	for i, s := range simQ {
		if s > 0 {
			x += s * q[i].w
		} else {
			p += b.penalty[i]
		}
	}
	for j, s := range simN {
		if s > 0 {
			x += s * n[j].w
		} else {
			p += n[j].w
		}
	}
	x /= 2
	if x+p <= 0 {
		return 1
	}
	return x / (x + p)
}

// resetFloats returns (*buf)[:n] all zero, growing *buf when needed.
func resetFloats(buf *[]float64, n int) []float64 {
	if cap(*buf) < n {
		*buf = make([]float64, n)
	}
	s := (*buf)[:n]
	clear(s)
	return s
}

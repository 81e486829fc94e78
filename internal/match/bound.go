package match

import "github.com/collabcheck/collabcheck/internal/names"

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
// expansions) when the two share their first or last letter.

// byteSet is a set of bytes.
type byteSet [4]uint64

func (s *byteSet) add(c byte)      { s[c>>6] |= 1 << (c & 63) }
func (s *byteSet) has(c byte) bool { return s[c>>6]&(1<<(c&63)) != 0 }

// boundInfo is what bounding needs of a variant, computed once per screen.
type boundInfo struct {
	ready bool
	// byID maps a vocabulary token to the query tokens (bits 0…63) that
	// expand to it.
	byID        idMask
	first, last byteSet // first and last letters of the query tokens
	// penalty is each query token's weight times its smallest role
	// factor: what it adds to den when it finds no partner.
	penalty []float64
}

// prepareBound fills v.bound.
func (v *variant) prepareBound() {
	b := &v.bound
	b.ready = true
	b.byID.reset(len(v.toks) * 4)
	b.first, b.last = byteSet{}, byteSet{}
	b.penalty = make([]float64, len(v.toks))
	for i, t := range v.toks {
		if i < 64 {
			for _, id := range v.exp[i].ids {
				b.byID.or(id, 1<<i)
			}
		}
		if t.text != "" {
			b.first.add(t.text[0])
			b.last.add(t.text[len(t.text)-1])
		}
		f := roleFactor(t.role)
		if names.IsDigits(t.text) && len(t.text) <= 3 {
			f = min(f, unmatchedNumberFactor)
		}
		b.penalty[i] = t.w * f
	}
}

// alignBound returns an upper bound on the score alignName gives the name
// against v (before the country and acronym adjustments, which only lower
// it).
func (ix *Index) alignBound(v *variant, nr *nameRec) float64 {
	if !v.bound.ready {
		v.prepareBound()
	}
	if len(v.toks) > 64 {
		return 1 // query tokens past 64 have no bits: no bound
	}
	b := &v.bound
	var first, last byteSet
	var reach uint64 // query tokens some name token is an expansion of
	var x, p float64
	for _, id := range nr.toks {
		t, w := ix.tokens[id], float64(ix.idf[id])
		m := b.byID.get(id)
		reach |= m
		if m != 0 || t == "" || b.first.has(t[0]) || b.last.has(t[len(t)-1]) {
			x += w
		} else {
			p += w
		}
		if t != "" {
			first.add(t[0])
			last.add(t[len(t)-1])
		}
	}
	for i, q := range v.toks {
		t := q.text
		if reach&(1<<i) != 0 || t == "" || first.has(t[0]) || last.has(t[len(t)-1]) {
			x += q.w
		} else {
			p += b.penalty[i]
		}
	}
	x /= 2
	if x+p <= 0 {
		return 1
	}
	return x / (x + p)
}

// idMask is a small open-addressing map from vocabulary ids to bit masks,
// cheaper than a Go map for the few dozen ids of one query.
type idMask struct {
	keys []uint32 // id+1, 0 for an empty slot
	vals []uint64
	n    int // occupied slots
}

func (m *idMask) reset(n int) {
	m.n = 0
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
	m.keys, m.vals = make([]uint32, size), make([]uint64, size)
}

func (m *idMask) slot(id uint32) int {
	mask := len(m.keys) - 1
	i := int(id*0x9E3779B1>>16) & mask
	for m.keys[i] != 0 && m.keys[i] != id+1 {
		i = (i + 1) & mask
	}
	return i
}

func (m *idMask) or(id uint32, bitsToSet uint64) {
	if 2*(m.n+1) > len(m.keys) {
		m.grow()
	}
	i := m.slot(id)
	if m.keys[i] == 0 {
		m.keys[i] = id + 1
		m.n++
	}
	m.vals[i] |= bitsToSet
}

func (m *idMask) get(id uint32) uint64 {
	if len(m.keys) == 0 {
		return 0
	}
	i := m.slot(id)
	if m.keys[i] == 0 {
		return 0
	}
	return m.vals[i]
}

func (m *idMask) grow() {
	keys, vals := m.keys, m.vals
	m.keys, m.vals = make([]uint32, 2*len(keys)), make([]uint64, 2*len(keys))
	for i, k := range keys {
		if k != 0 {
			j := m.slot(k - 1)
			m.keys[j], m.vals[j] = k, vals[i]
		}
	}
}

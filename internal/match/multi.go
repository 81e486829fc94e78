package match

import (
	"hash/maphash"
	"unicode/utf8"
)

// multiIndex maps a 64-bit key to a list of ids, all lists in one array.
// The typo indexes hold hundreds of thousands of short lists: as a map of
// slices (keyed by strings) each list and each key is a heap object that
// every garbage collection must mark, and the resolver's heap is mostly
// this index. A map of plain integers into one flat array is not scanned
// at all.
type multiIndex struct {
	at   map[uint64]uint64 // key → offset<<32 | length in ids
	ids  []uint32
	seed maphash.Seed // for string keys (see str)
}

// get returns the ids listed under k, in the order they were emitted.
func (m *multiIndex) get(k uint64) []uint32 {
	v, ok := m.at[k]
	if !ok {
		return nil
	}
	off, n := v>>32, v&0xffffffff
	return m.ids[off : off+n : off+n]
}

// str returns the key of a string: a 64-bit hash, so two strings share a
// list only with negligible chance, and callers check what they find.
func (m *multiIndex) str(s string) uint64 { return maphash.String(m.seed, s) }

// buildMulti builds a multiIndex from gen, which emits every key and id
// pair and is called twice (to count, then to fill): the pairs are never
// held all at once, which for a million-entity index would be hundreds of
// megabytes.
func buildMulti(seed maphash.Seed, gen func(emit func(k uint64, id uint32))) multiIndex {
	at := map[uint64]uint64{}
	gen(func(k uint64, _ uint32) { at[k]++ })
	var off uint64
	for k, n := range at {
		at[k] = off << 32
		off += n
	}
	ids := make([]uint32, off)
	gen(func(k uint64, id uint32) {
		v := at[k]
		ids[v>>32+v&0xffffffff] = id
		at[k] = v + 1
	})
	return multiIndex{at: at, ids: ids, seed: seed}
}

// emitDeletions emits, for t of four runes or more, the key of each
// distinct string t with one rune deleted, as deletions(t) lists them,
// without building the strings.
func emitDeletions(seed maphash.Seed, t string, id uint32, emit func(uint64, uint32)) {
	if utf8.RuneCountInString(t) < 4 {
		return
	}
	var h maphash.Hash
	prev := rune(-1)
	for i, r := range t {
		if r == prev {
			continue // the same string as deleting the rune before
		}
		prev = r
		h.SetSeed(seed)
		h.WriteString(t[:i])
		h.WriteString(t[i+utf8.RuneLen(r):])
		emit(h.Sum64(), id)
	}
}

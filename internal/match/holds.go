package match

import (
	"slices"

	"github.com/collabcheck/collabcheck/internal/names"
)

// HoldsAll reports whether some indexed name holds every one of the given
// canonical tokens, in any order and among other words. A name that
// aligns each of the tokens exactly must hold them all, so a caller that
// accepts only such a name can skip a screen this rules out: the
// resolver asks it before screening a unit's host read apart.
func (ix *Index) HoldsAll(ts []names.Token) bool {
	if len(ts) == 0 {
		return false
	}
	var buf [8]uint32
	ids := buf[:0]
	rare := -1
	for _, t := range ts {
		id, ok := ix.vocab[t.Text]
		if !ok {
			return false
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
		if rare < 0 || len(ix.postings[id]) < len(ix.postings[ids[rare]]) {
			rare = slices.Index(ids, id)
		}
	}
	for _, nid := range ix.postings[ids[rare]] {
		toks := ix.tokData[ix.tokOff[nid]:ix.tokOff[nid+1]]
		all := true
		for _, id := range ids {
			if !slices.Contains(toks, id) {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

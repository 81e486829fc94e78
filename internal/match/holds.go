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
	var buf [8]uint32
	ids, rare, ok := ix.tokenIDs(buf[:0], ts)
	if !ok {
		return false
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

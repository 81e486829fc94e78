package match

import "sync/atomic"

// Holder holds the current Index and swaps in a new one atomically, so
// screens in flight finish on the snapshot they started with while new
// ones see the new list versions.
type Holder struct {
	p atomic.Pointer[Index]
}

// Load returns the current index, or nil before the first Store.
func (h *Holder) Load() *Index { return h.p.Load() }

// Store makes ix the current index.
func (h *Holder) Store(ix *Index) { h.p.Store(ix) }

// Package screening connects the match engine to stored lists: it builds
// the in-memory index from the active list versions, swaps it in
// atomically when lists change, and answers screens and pairwise matches
// for the CLI and the HTTP API.
package screening

import (
	"context"
	"fmt"
	"sync"

	"github.com/collabcheck/collabcheck/internal/match"
	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// Service screens names against the lists in a store.
type Service struct {
	st     store.Store
	holder match.Holder
	mu     sync.Mutex // serialises reloads
	lists  []watchlist.Version
	lmu    sync.RWMutex
}

// New returns a Service over st. Call Reload to load the lists.
func New(st store.Store) *Service { return &Service{st: st} }

// Reload builds a new index from every active list version and swaps it
// in. On error the previous index stays in force.
func (s *Service) Reload(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := match.NewBuilder()
	feed := b.Feeder() // names are tokenised on other processors while the store is read
	err := s.st.ActiveEntities(ctx, func(list string, _ watchlist.Version, e watchlist.Entity) error {
		feed.Add(list, &e)
		return nil
	})
	feed.Close()
	if err != nil {
		return fmt.Errorf("load lists into the match index: %w", err)
	}
	versions, err := s.st.Lists(ctx)
	if err != nil {
		return fmt.Errorf("load list versions: %w", err)
	}
	s.holder.Store(b.Build())
	s.lmu.Lock()
	s.lists = versions
	s.lmu.Unlock()
	return nil
}

// Ready reports whether an index is loaded and holds at least one list.
func (s *Service) Ready() bool {
	s.lmu.RLock()
	defer s.lmu.RUnlock()
	return s.holder.Load() != nil && len(s.lists) > 0
}

// Versions returns the list versions the current index was built from.
func (s *Service) Versions() []watchlist.Version {
	s.lmu.RLock()
	defer s.lmu.RUnlock()
	return append([]watchlist.Version(nil), s.lists...)
}

// Index returns the current index; it is empty before lists are loaded.
func (s *Service) Index() *match.Index {
	if ix := s.holder.Load(); ix != nil {
		return ix
	}
	return emptyIndex
}

var emptyIndex = match.NewBuilder().Build()

// Result is the outcome of screening one query, in the shape of one line
// of `collabcheck screen --json`.
type Result struct {
	Query   string        `json:"query"`
	Matches []match.Match `json:"matches"`
}

// Screen screens one query against the current index.
func (s *Service) Screen(q string, opt match.Options) (Result, error) {
	ms, err := s.Index().Screen(q, opt)
	if err != nil {
		return Result{Query: q}, err
	}
	if ms == nil {
		ms = []match.Match{}
	}
	return Result{Query: q, Matches: ms}, nil
}

// Store returns the underlying store.
func (s *Service) Store() store.Store { return s.st }

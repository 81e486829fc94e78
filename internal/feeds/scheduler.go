package feeds

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/collabcheck/collabcheck/internal/store"
)

// Scheduler updates a set of sources on an interval, for `collabcheck
// serve`. A failed or even panicking update is logged and recorded, never
// fatal: the loop goes on and the active versions stay. It keeps an
// in-memory status of every source for /readyz and the metrics, read from
// the store (so it also shows what other processes fetched) once at the
// start of Run and after every round.
type Scheduler struct {
	// Updater does the fetching; its Feeds is also where status is read.
	Updater *Updater
	// Sources are fetched in order each round (Select(all, nil) gives the
	// enabled ones).
	Sources []Source
	// Interval is the time between the end of one round and the start of
	// the next; it must be positive. A round skips a source that any
	// process sharing the store tried less than Interval/2 ago.
	Interval time.Duration
	// Delay is the wait before the first round; 0 starts at once.
	Delay time.Duration
	// OnRound, when set, is called after each round with its results,
	// for example to rebuild the match index at once when a result is
	// Updated instead of waiting for serve's next version check.
	OnRound func(ctx context.Context, results []Result)

	mu     sync.Mutex
	status []SourceStatus
}

// Health is the state of one source in a Status summary.
type Health string

// The health of a source.
const (
	// Pending: never fetched yet.
	Pending Health = "pending"
	// OK: the last attempt succeeded.
	OK Health = "ok"
	// Failing: the last attempt failed; the list's active version (if any)
	// is from the last success.
	Failing Health = "failing"
)

// SourceStatus summarises one source for /readyz, the UI and metrics.
type SourceStatus struct {
	Source              string    `json:"source"`
	Title               string    `json:"title,omitempty"`
	Health              Health    `json:"status"`
	LastAttempt         time.Time `json:"last_attempt,omitzero"`
	LastSuccess         time.Time `json:"last_success,omitzero"`
	LastError           string    `json:"last_error,omitempty"`
	ConsecutiveFailures int       `json:"consecutive_failures"`
	Version             int       `json:"version,omitempty"`
}

// Summarise joins the configured sources with their stored fetch states,
// one status per source in configuration order. States of sources no
// longer configured are left out.
func Summarise(srcs []Source, states []store.FeedState) []SourceStatus {
	byName := make(map[string]store.FeedState, len(states))
	for _, st := range states {
		byName[st.Source] = st
	}
	out := make([]SourceStatus, 0, len(srcs))
	for _, s := range srcs {
		ss := SourceStatus{Source: s.Name, Title: s.Title, Health: Pending}
		if st, ok := byName[s.Name]; ok {
			ss.LastAttempt, ss.LastSuccess, ss.LastError = st.LastAttempt, st.LastSuccess, st.LastError
			ss.ConsecutiveFailures, ss.Version = st.ConsecutiveFailures, st.Version
			ss.Health = OK
			if st.ConsecutiveFailures > 0 {
				ss.Health = Failing
			}
		}
		out = append(out, ss)
	}
	return out
}

// Status returns the last known status of every scheduled source, in
// configuration order: Pending for all before Run has read the store.
// It does not touch the database, so /readyz can call it on every request.
func (s *Scheduler) Status() []SourceStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.status == nil {
		return Summarise(s.Sources, nil)
	}
	return append([]SourceStatus(nil), s.status...)
}

// Failing returns the names of the sources whose last attempt failed.
func (s *Scheduler) Failing() []string {
	var out []string
	for _, st := range s.Status() {
		if st.Health == Failing {
			out = append(out, st.Source)
		}
	}
	return out
}

// Refresh re-reads the sources' states from the store into Status.
func (s *Scheduler) Refresh(ctx context.Context) error {
	if s.Updater == nil || s.Updater.Feeds == nil {
		return errors.New("feeds: Scheduler needs an Updater with Feeds")
	}
	states, err := s.Updater.Feeds.FeedStates(ctx)
	if err != nil {
		return fmt.Errorf("read list feed states: %w", err)
	}
	sum := Summarise(s.Sources, states)
	s.mu.Lock()
	s.status = sum
	s.mu.Unlock()
	return nil
}

// RunOnce updates every source once, due or not, and returns the results.
func (s *Scheduler) RunOnce(ctx context.Context) []Result {
	results := s.Updater.UpdateAll(ctx, s.Sources)
	if err := s.Refresh(ctx); err != nil {
		s.Updater.logger().Error("refresh list feed status", "err", err)
	}
	if s.OnRound != nil {
		s.OnRound(ctx, results)
	}
	return results
}

// Run updates the sources every Interval until ctx is done, then returns
// nil. It returns an error only for a configuration it cannot run
// (no Updater, Interval not positive).
func (s *Scheduler) Run(ctx context.Context) error {
	if s.Updater == nil || s.Updater.Lists == nil || s.Updater.Feeds == nil {
		return errors.New("feeds: Scheduler needs an Updater with Lists and Feeds")
	}
	if s.Interval <= 0 {
		return fmt.Errorf("feeds: Scheduler interval must be positive, got %v", s.Interval)
	}
	log := s.Updater.logger()
	if err := s.Refresh(ctx); err != nil {
		log.Error("read list feed status", "err", err)
	}
	wait := s.Delay
	for {
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
		s.round(ctx)
		wait = s.Interval
	}
}

// due returns the sources no process has tried within half an interval.
// Several app servers on one PostgreSQL database each run a scheduler;
// the store's last attempt is shared, so a round on one server makes the
// others skip those sources instead of asking the publishers again. Two
// servers starting at the same moment may both fetch, which is harmless:
// an import of unchanged content creates nothing.
func (s *Scheduler) due(ctx context.Context) []Source {
	states, err := s.Updater.Feeds.FeedStates(ctx)
	if err != nil {
		s.Updater.logger().Error("read list feed states; fetching every source", "err", err)
		return s.Sources
	}
	last := make(map[string]time.Time, len(states))
	for _, st := range states {
		last[st.Source] = st.LastAttempt
	}
	now := s.Updater.now()
	var out []Source
	for _, src := range s.Sources {
		if t, ok := last[src.Name]; ok && now.Sub(t) < s.Interval/2 {
			continue
		}
		out = append(out, src)
	}
	return out
}

// round runs one round over the due sources and survives a panic in
// OnRound (Update recovers its own).
func (s *Scheduler) round(ctx context.Context) {
	defer func() {
		if p := recover(); p != nil {
			s.Updater.logger().Error("list update round panicked; the scheduler goes on", "panic", p)
		}
	}()
	srcs := s.due(ctx)
	results := s.Updater.UpdateAll(ctx, srcs)
	if err := s.Refresh(ctx); err != nil {
		s.Updater.logger().Error("refresh list feed status", "err", err)
	}
	if s.OnRound != nil {
		s.OnRound(ctx, results)
	}
	failed := 0
	for _, r := range results {
		if r.Outcome == Failed {
			failed++
		}
	}
	s.Updater.logger().Info("list update round done", "sources", len(results), "skipped", len(s.Sources)-len(srcs), "failed", failed)
}

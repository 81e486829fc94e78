package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/collabcheck/collabcheck/internal/store"
)

// RunFeeds runs the conformance suite of store.Feeds. open must return a
// new, empty store for the given (sub)test that implements store.Feeds;
// RunFeeds closes it when that test ends.
func RunFeeds(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, f store.Feeds)
	}{
		{"Empty", testFeedsEmpty},
		{"SuccessRoundTrip", testFeedSuccess},
		{"FailureKeepsLastSuccess", testFeedFailureKeeps},
		{"FailureBeforeAnySuccess", testFeedFirstFailure},
		{"SortedByName", testFeedsSorted},
		{"InvalidInput", testFeedsInvalid},
		{"ConcurrentFailuresAllCounted", testFeedsConcurrentFailures},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("close store: %v", err)
				}
			})
			f, err := store.FeedsOf(s)
			if err != nil {
				t.Fatal(err)
			}
			tc.fn(t, f)
		})
	}
}

// feedT0 has sub-microsecond digits and a non-UTC zone: backends must
// return it truncated to microseconds, in UTC.
var feedT0 = time.Date(2026, 11, 2, 6, 30, 0, 123456789, time.FixedZone("CET", 3600))

func wantFeedTime(t *testing.T, what string, got, want time.Time) {
	t.Helper()
	want = want.UTC().Truncate(time.Microsecond)
	if !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("%s = %v, want %v in UTC", what, got, want)
	}
}

func mustFeedState(t *testing.T, f store.Feeds, source string) store.FeedState {
	t.Helper()
	s, err := f.FeedState(context.Background(), source)
	if err != nil {
		t.Fatalf("FeedState(%q): %v", source, err)
	}
	return s
}

func testFeedsEmpty(t *testing.T, f store.Feeds) {
	ctx := context.Background()
	if _, err := f.FeedState(ctx, "csl"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("FeedState on an empty store: %v, want ErrNotFound", err)
	}
	all, err := f.FeedStates(ctx)
	if err != nil || len(all) != 0 {
		t.Errorf("FeedStates on an empty store = %v, %v; want none", all, err)
	}
}

func testFeedSuccess(t *testing.T, f store.Feeds) {
	ctx := context.Background()
	one := store.FeedState{Source: "un_consolidated", ETag: `W/"5f-abc"`, LastModified: "Mon, 02 Nov 2026 05:00:00 GMT", Checksum: strings.Repeat("ab", 32), Version: 3}
	if err := f.RecordFeedSuccess(ctx, one, feedT0); err != nil {
		t.Fatal(err)
	}
	got := mustFeedState(t, f, "un_consolidated")
	wantFeedTime(t, "last attempt", got.LastAttempt, feedT0)
	wantFeedTime(t, "last success", got.LastSuccess, feedT0)
	if got.ETag != one.ETag || got.LastModified != one.LastModified || got.Checksum != one.Checksum || got.Version != 3 ||
		got.LastError != "" || got.ConsecutiveFailures != 0 || got.Files != nil {
		t.Errorf("state after success = %+v, want the recorded fields", got)
	}

	multi := store.FeedState{Source: "ofac_sdn", Checksum: "c0ffee", Version: 1, Files: []store.FeedFile{
		{Name: "sdn.csv", ETag: `"1"`, LastModified: "Sun, 01 Nov 2026 10:00:00 GMT", Checksum: "aa"},
		{Name: "add.csv", ETag: `"2"`, Checksum: "bb"},
	}}
	if err := f.RecordFeedSuccess(ctx, multi, feedT0); err != nil {
		t.Fatal(err)
	}
	got = mustFeedState(t, f, "ofac_sdn")
	if !reflect.DeepEqual(got.Files, multi.Files) {
		t.Errorf("files = %+v, want %+v", got.Files, multi.Files)
	}
	// A later success replaces validators and files.
	later := feedT0.Add(24 * time.Hour)
	multi.Files = multi.Files[:1]
	multi.Files[0].ETag = `"3"`
	multi.Version = 2
	if err := f.RecordFeedSuccess(ctx, multi, later); err != nil {
		t.Fatal(err)
	}
	got = mustFeedState(t, f, "ofac_sdn")
	if len(got.Files) != 1 || got.Files[0].ETag != `"3"` || got.Version != 2 {
		t.Errorf("after a second success: %+v", got)
	}
	wantFeedTime(t, "last success after the second", got.LastSuccess, later)
}

func testFeedFailureKeeps(t *testing.T, f store.Feeds) {
	ctx := context.Background()
	ok := store.FeedState{Source: "csl", ETag: `"v1"`, LastModified: "Sat, 31 Oct 2026 00:00:00 GMT", Checksum: "beef", Version: 7}
	if err := f.RecordFeedSuccess(ctx, ok, feedT0); err != nil {
		t.Fatal(err)
	}
	t1, t2 := feedT0.Add(time.Hour), feedT0.Add(2*time.Hour)
	if err := f.RecordFeedFailure(ctx, "csl", t1, "fetch: HTTP 503 Service Unavailable"); err != nil {
		t.Fatal(err)
	}
	msg := "rejected: the server sent an HTML page (text/html) — « 错误 »"
	if err := f.RecordFeedFailure(ctx, "csl", t2, msg); err != nil {
		t.Fatal(err)
	}
	got := mustFeedState(t, f, "csl")
	if got.ConsecutiveFailures != 2 || got.LastError != msg {
		t.Errorf("after two failures: failures %d, error %q", got.ConsecutiveFailures, got.LastError)
	}
	if got.ETag != ok.ETag || got.LastModified != ok.LastModified || got.Checksum != ok.Checksum || got.Version != 7 {
		t.Errorf("a failure changed the last success's validators: %+v", got)
	}
	wantFeedTime(t, "last attempt", got.LastAttempt, t2)
	wantFeedTime(t, "last success", got.LastSuccess, feedT0)
	// Success resets the count and clears the error.
	t3 := feedT0.Add(3 * time.Hour)
	if err := f.RecordFeedSuccess(ctx, ok, t3); err != nil {
		t.Fatal(err)
	}
	got = mustFeedState(t, f, "csl")
	if got.ConsecutiveFailures != 0 || got.LastError != "" {
		t.Errorf("success did not reset the failure state: %+v", got)
	}
	wantFeedTime(t, "last success", got.LastSuccess, t3)
}

func testFeedFirstFailure(t *testing.T, f store.Feeds) {
	ctx := context.Background()
	if err := f.RecordFeedFailure(ctx, "aspi_cdut", feedT0, "fetch: connection refused"); err != nil {
		t.Fatal(err)
	}
	got := mustFeedState(t, f, "aspi_cdut")
	if !got.LastSuccess.IsZero() || got.ConsecutiveFailures != 1 || got.ETag != "" || got.Checksum != "" || got.Version != 0 {
		t.Errorf("state after a first failure = %+v", got)
	}
	wantFeedTime(t, "last attempt", got.LastAttempt, feedT0)
}

func testFeedsSorted(t *testing.T, f store.Feeds) {
	ctx := context.Background()
	for _, n := range []string{"un_consolidated", "Zeta", "csl", "aspi_cdut"} {
		if err := f.RecordFeedFailure(ctx, n, feedT0, "x"); err != nil {
			t.Fatal(err)
		}
	}
	all, err := f.FeedStates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range all {
		names = append(names, s.Source)
	}
	// Byte order: upper case sorts before lower case whatever the locale.
	if want := "Zeta,aspi_cdut,csl,un_consolidated"; strings.Join(names, ",") != want {
		t.Errorf("FeedStates order %v, want %s", names, want)
	}
}

func testFeedsInvalid(t *testing.T, f store.Feeds) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		err  error
	}{
		{"empty source", f.RecordFeedSuccess(ctx, store.FeedState{Source: " "}, feedT0)},
		{"bad etag", f.RecordFeedSuccess(ctx, store.FeedState{Source: "csl", ETag: "\xff"}, feedT0)},
		{"NUL in file checksum", f.RecordFeedSuccess(ctx, store.FeedState{Source: "csl", Files: []store.FeedFile{{Name: "a", Checksum: "a\x00"}}}, feedT0)},
		{"negative version", f.RecordFeedSuccess(ctx, store.FeedState{Source: "csl", Version: -1}, feedT0)},
		{"failure without source", f.RecordFeedFailure(ctx, "", feedT0, "x")},
		{"failure message not UTF-8", f.RecordFeedFailure(ctx, "csl", feedT0, "bad \xfe byte")},
	} {
		if !errors.Is(tc.err, store.ErrInvalid) {
			t.Errorf("%s: err %v, want ErrInvalid", tc.name, tc.err)
		}
	}
	if all, _ := f.FeedStates(ctx); len(all) != 0 {
		t.Errorf("rejected writes left state behind: %+v", all)
	}
	// The cleaned message is storable, and a long one is cut.
	long := "bad \xfe byte " + strings.Repeat("é", store.MaxFeedErrorBytes)
	if err := f.RecordFeedFailure(ctx, "csl", feedT0, store.CleanFeedError(long)); err != nil {
		t.Fatalf("cleaned message refused: %v", err)
	}
	got := mustFeedState(t, f, "csl")
	if len(got.LastError) > store.MaxFeedErrorBytes || !strings.HasPrefix(got.LastError, "bad \uFFFD byte") {
		t.Errorf("stored cleaned error has %d bytes and starts %q", len(got.LastError), got.LastError[:min(20, len(got.LastError))])
	}
}

func testFeedsConcurrentFailures(t *testing.T, f store.Feeds) {
	ctx := context.Background()
	const n = 16
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- f.RecordFeedFailure(ctx, "csl", feedT0.Add(time.Duration(i)*time.Second), fmt.Sprintf("failure %d", i))
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := mustFeedState(t, f, "csl"); got.ConsecutiveFailures != n {
		t.Errorf("%d concurrent failures counted as %d", n, got.ConsecutiveFailures)
	}
}

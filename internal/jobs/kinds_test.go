package jobs

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/collabcheck/collabcheck/internal/feeds"
	"github.com/collabcheck/collabcheck/internal/sources"
	"github.com/collabcheck/collabcheck/internal/store"
)

// TestListUpdateJob runs list_update jobs against a local publisher: the
// first imports a version, a failing publisher fails the job (River
// retries it) and keeps the version, and an unknown source is cancelled.
func TestListUpdateJob(t *testing.T) {
	tracker, err := os.ReadFile("../sources/testdata/aspi/tracker.json")
	if err != nil {
		t.Fatal(err)
	}
	var fail atomic.Bool
	pub := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if fail.Load() {
			http.Error(w, "down for maintenance", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(tracker)
	}))
	defer pub.Close()
	st, _ := backends[0].open(t)
	fs, err := store.FeedsOf(st)
	if err != nil {
		t.Fatal(err)
	}
	src := feeds.Source{Name: "aspi_cdut", Format: sources.FormatASPI, Files: []feeds.File{{Name: "tracker.json", URL: pub.URL + "/tracker.json"}}}
	var results []feeds.Result
	w := &ListUpdateWorker{Updater: &feeds.Updater{Lists: st, Feeds: fs, Attempts: 1, Backoff: time.Millisecond}, Sources: []feeds.Source{src},
		OnResult: func(_ context.Context, r feeds.Result) { results = append(results, r) }}
	ws := river.NewWorkers()
	river.AddWorker(ws, w)
	q, err := Open(context.Background(), st, Config{Workers: ws, PollInterval: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	w.Queue = q
	if err := q.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { q.StopAndCancel(context.Background()); q.Close() })

	id, _, err := q.Enqueue(context.Background(), ListUpdateArgs{Source: "aspi_cdut"})
	if err != nil {
		t.Fatal(err)
	}
	j := waitJob(t, q, id, 20*time.Second, func(j Job) bool { return j.State == "completed" })
	if j.Progress == nil || j.Progress.Done != 1 || len(results) != 1 || results[0].Outcome != feeds.Updated {
		t.Fatalf("first update: job %+v, results %+v", j.Progress, results)
	}
	vs, err := st.Versions(context.Background(), "aspi_cdut")
	if err != nil || len(vs) != 1 {
		t.Fatalf("versions after the update job: %v %v", vs, err)
	}

	fail.Store(true)
	id, _, err = q.Enqueue(context.Background(), ListUpdateArgs{Source: "aspi_cdut"})
	if err != nil {
		t.Fatal(err)
	}
	j = waitJob(t, q, id, 20*time.Second, func(j Job) bool { return len(j.Errors) > 0 })
	if j.State != "retryable" && j.State != "running" && j.State != "available" {
		t.Errorf("a failed fetch left the job %s, want it waiting for a retry", j.State)
	}
	if vs, _ := st.Versions(context.Background(), "aspi_cdut"); len(vs) != 1 {
		t.Errorf("a failed update changed the versions: %d", len(vs))
	}
	if _, err := q.Cancel(context.Background(), id); err != nil {
		t.Fatal(err)
	}

	id, _, err = q.Enqueue(context.Background(), ListUpdateArgs{Source: "no_such_source"})
	if err != nil {
		t.Fatal(err)
	}
	waitJob(t, q, id, 20*time.Second, func(j Job) bool { return j.State == "cancelled" })
}

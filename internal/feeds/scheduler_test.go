package feeds

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

func TestSchedulerRunsAndSurvivesFailures(t *testing.T) {
	e := newEnv(t)
	p := newPublisher(t)
	p.put("/csl/consolidated.json", fakeFile{body: cslJSON(3, "a"), etag: `"1"`, contentType: "application/json"})
	p.put("/un.xml", fakeFile{body: []byte("<html><body>maintenance</body></html>"), contentType: "text/html"})
	good := cslSource(p)
	bad := Source{Name: "un_consolidated", Format: "un", Files: []File{{Name: "consolidated.xml", URL: p.url("/un.xml")}}}
	never := Source{Name: "aspi_cdut", Format: "aspi", Files: []File{{Name: "a.json", URL: p.url("/aspi.json")}}}

	var mu sync.Mutex
	rounds := 0
	done := make(chan struct{})
	s := &Scheduler{Updater: e.u, Sources: []Source{good, bad}, Interval: 5 * time.Millisecond,
		OnRound: func(ctx context.Context, rs []Result) {
			mu.Lock()
			defer mu.Unlock()
			rounds++
			if rounds == 1 {
				panic("a broken callback must not stop the scheduler")
			}
			if rounds == 3 {
				close(done)
			}
		}}
	if st := s.Status(); len(st) != 2 || st[0].Health != Pending {
		t.Fatalf("status before Run: %+v", st)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- s.Run(ctx) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("the scheduler did not run three rounds")
	}
	cancel()
	if err := <-errc; err != nil {
		t.Fatalf("Run returned %v after cancel", err)
	}

	st := s.Status()
	if st[0].Source != "csl" || st[0].Health != OK || st[0].LastSuccess.IsZero() || st[0].Version != 1 {
		t.Errorf("csl status: %+v", st[0])
	}
	if st[1].Health != Failing || st[1].ConsecutiveFailures < 3 || !strings.Contains(st[1].LastError, "HTML") {
		t.Errorf("un status: %+v", st[1])
	}
	if f := s.Failing(); len(f) != 1 || f[0] != "un_consolidated" {
		t.Errorf("Failing() = %v", f)
	}
	if vs := e.versions(t, "csl"); len(vs) != 1 {
		t.Errorf("repeated rounds made %d versions of unchanged content", len(vs))
	}

	// Metrics come from the same status; a source never fetched has no
	// timestamps and is not up.
	s.Sources = append(s.Sources, never)
	if err := s.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	reg := prometheus.NewPedanticRegistry()
	reg.MustRegister(s.Collector())
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{} // "metric{source}" -> value
	for _, mf := range mfs {
		for _, m := range mf.GetMetric() {
			got[mf.GetName()+"{"+m.GetLabel()[0].GetValue()+"}"] = m.GetGauge().GetValue()
		}
	}
	for key, want := range map[string]float64{
		"collabcheck_list_feed_up{csl}":                         1,
		"collabcheck_list_feed_up{un_consolidated}":             0,
		"collabcheck_list_feed_up{aspi_cdut}":                   0,
		"collabcheck_list_feed_consecutive_failures{csl}":       0,
		"collabcheck_list_feed_consecutive_failures{aspi_cdut}": 0,
	} {
		if v, ok := got[key]; !ok || v != want {
			t.Errorf("%s = %v (present %v), want %v", key, v, ok, want)
		}
	}
	if v := got["collabcheck_list_feed_consecutive_failures{un_consolidated}"]; v < 3 {
		t.Errorf("un consecutive failures metric %v, want at least 3", v)
	}
	if v := got["collabcheck_list_feed_last_success_timestamp_seconds{csl}"]; v < float64(time.Now().Add(-time.Minute).Unix()) {
		t.Errorf("csl last success timestamp %v is not recent", v)
	}
	for _, key := range []string{"collabcheck_list_feed_last_success_timestamp_seconds{un_consolidated}", "collabcheck_list_feed_last_success_timestamp_seconds{aspi_cdut}", "collabcheck_list_feed_last_attempt_timestamp_seconds{aspi_cdut}"} {
		if _, ok := got[key]; ok {
			t.Errorf("%s is exported for a source that never had one", key)
		}
	}
}

func TestSchedulerConfigErrors(t *testing.T) {
	e := newEnv(t)
	if err := (&Scheduler{Updater: e.u}).Run(context.Background()); err == nil || !strings.Contains(err.Error(), "interval") {
		t.Errorf("zero interval: %v", err)
	}
	if err := (&Scheduler{Interval: time.Second}).Run(context.Background()); err == nil {
		t.Error("no updater accepted")
	}
}

// TestSchedulerSkipsSourcesFetchedElsewhere checks that a round leaves out
// a source another process sharing the store tried recently, so several
// app servers do not all ask the publishers.
func TestSchedulerSkipsSourcesFetchedElsewhere(t *testing.T) {
	e := newEnv(t)
	p := newPublisher(t)
	p.put("/csl/consolidated.json", fakeFile{body: cslJSON(3, "a"), contentType: "application/json"})
	p.put("/un.xml", fakeFile{body: unXML(3), contentType: "application/xml"})
	un := Source{Name: "un_consolidated", Format: "un", Files: []File{{Name: "consolidated.xml", URL: p.url("/un.xml")}}}
	// "Another server" fetched csl a minute ago.
	if r := e.update(t, cslSource(p)); r.Outcome != Updated {
		t.Fatal(r.Error)
	}
	now := time.Now()
	e.u.Now = func() time.Time { return now.Add(time.Minute) }
	s := &Scheduler{Updater: e.u, Sources: []Source{cslSource(p), un}, Interval: time.Hour}
	var got []string
	s.OnRound = func(_ context.Context, rs []Result) {
		for _, r := range rs {
			got = append(got, r.Source)
		}
	}
	s.round(context.Background())
	if strings.Join(got, ",") != "un_consolidated" {
		t.Errorf("round fetched %v, want only un_consolidated", got)
	}
	if hits, _ := p.count("/csl/consolidated.json"); hits != 1 {
		t.Errorf("csl asked %d times, want 1", hits)
	}
	// Half an interval later both are due again.
	e.u.Now = func() time.Time { return now.Add(31 * time.Minute) }
	got = nil
	s.round(context.Background())
	if len(got) != 2 {
		t.Errorf("round fetched %v, want both", got)
	}
}

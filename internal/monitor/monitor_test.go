package monitor

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/collabcheck/collabcheck/internal/assess"
	"github.com/collabcheck/collabcheck/internal/audit"
	"github.com/collabcheck/collabcheck/internal/cases"
	"github.com/collabcheck/collabcheck/internal/jobs"
	"github.com/collabcheck/collabcheck/internal/store"
)

const partner = "Zephyrine Institute of Applied Optics"

// receiver is a webhook endpoint that checks the HMAC signature itself,
// refuses the first failFirst well-signed attempts with 503, and records
// the deliveries it accepted.
type receiver struct {
	secret    string
	failFirst int32

	attempts atomic.Int32
	badSig   atomic.Int32
	mu       sync.Mutex
	accepted []Payload
	ids      []string
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), 400)
		return
	}
	m := hmac.New(sha256.New, []byte(rc.secret))
	m.Write(body)
	want := "sha256=" + hex.EncodeToString(m.Sum(nil))
	if !hmac.Equal([]byte(want), []byte(r.Header.Get("X-Collabcheck-Signature"))) {
		rc.badSig.Add(1)
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	if rc.attempts.Add(1) <= rc.failFirst {
		http.Error(w, "try later", http.StatusServiceUnavailable)
		return
	}
	var p Payload
	if err := json.Unmarshal(body, &p); err != nil {
		http.Error(w, err.Error(), 400)
		return
	}
	rc.mu.Lock()
	rc.accepted = append(rc.accepted, p)
	rc.ids = append(rc.ids, r.Header.Get("X-Collabcheck-Delivery"))
	rc.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

func (rc *receiver) got() ([]Payload, []string) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]Payload(nil), rc.accepted...), append([]string(nil), rc.ids...)
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestListUpdateAlertsOnceAndDeliversOnce is the target: a list
// update that adds a partner of an open case produces exactly one alert
// and exactly one acknowledged webhook delivery, retried until the
// receiver takes it; repeating the update produces nothing; an update
// removing the listing produces one "removed" alert.
func TestListUpdateAlertsOnceAndDeliversOnce(t *testing.T) {
	for _, b := range []struct {
		name string
		open func(t *testing.T) store.Store
	}{{"sqlite", func(t *testing.T) store.Store { return openSQLite(t) }}, {"postgres", openPostgres}} {
		t.Run(b.name, func(t *testing.T) { testListUpdateAlertsOnce(t, b.open(t)) })
	}
}

func testListUpdateAlertsOnce(t *testing.T, st store.Store) {
	ctx := context.Background()
	e := newEnv(t, st)
	e.importList(t, baseEntities()...)
	open := e.newCase(t, "Optics exchange", partner)
	open = e.apply(t, open.ID, cases.Submit{})
	other := e.newCase(t, "Sediment cores", "Lindqvist Coastal Research Foundation")
	if n := len(HitsOf(open.Assessment)); n != 0 {
		t.Fatalf("the case starts with %d hits, want none", n)
	}

	rc := &receiver{secret: "a-long-webhook-secret-0123456789", failFirst: 2}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	if err := e.al.SetAlertChannel(ctx, store.AlertChannel{TenantID: e.tenant.ID, Channel: store.ChannelWebhook, Target: srv.URL, Secret: rc.secret}); err != nil {
		t.Fatal(err)
	}
	r := e.rescreener()
	q := e.startQueue(t, r)
	trig := &Trigger{Store: e.st, Queue: q}

	// Two dispatchers share the outbox, as two servers would.
	dctx, stop := context.WithCancel(ctx)
	defer stop()
	for _, owner := range []string{"server-a", "server-b"} {
		d := &Dispatcher{Alerts: e.al, Owner: owner, Backoff: 30 * time.Millisecond, Lease: 5 * time.Second}
		go d.Run(dctx, 15*time.Millisecond)
	}

	id, isNew, err := trig.Check(ctx)
	if err != nil || !isNew {
		t.Fatalf("first check: %v new=%v", err, isNew)
	}
	waitJob(t, q, id, completed)
	if as := e.alerts(t); len(as) != 0 {
		t.Fatalf("a rescreen with unchanged lists raised %d alerts", len(as))
	}

	// The update that lists the partner.
	if !e.importList(t, append(baseEntities(), entity("Z-1", partner, "PROG-NEW"))...) {
		t.Fatal("the update created no version")
	}
	id, isNew, err = trig.Check(ctx)
	if err != nil || !isNew {
		t.Fatalf("check after the update: %v new=%v", err, isNew)
	}
	j := waitJob(t, q, id, completed)
	if j.Progress == nil || j.Progress.Done != 2 || j.Progress.Total != 2 {
		t.Errorf("rescreen progress %+v, want 2 of 2 cases", j.Progress)
	}
	as := e.alerts(t)
	if len(as) != 1 {
		t.Fatalf("%d alerts after the update, want exactly 1: %+v", len(as), as)
	}
	a := as[0]
	if a.Kind != store.AlertNewHit || a.CaseID != open.ID || a.SourceID != "Z-1" || a.List == "" ||
		len(a.Programs) != 1 || a.Programs[0] != "PROG-NEW" || a.ListVersion != 2 {
		t.Errorf("alert %+v, want a new hit of Z-1 under PROG-NEW on case %d at list version 2", a, open.ID)
	}
	got, err := e.cw.Case(ctx, e.tenant.ID, open.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := HitsOf(got.Assessment)[a.List+"\x00Z-1"]; !ok || got.State != cases.Submitted {
		t.Errorf("case after the rescreen: state %s, hits %v; want the new hit recorded and the state kept", got.State, HitsOf(got.Assessment))
	}
	if n := e.auditCount(t, open.ID, "case.reassess"); n != 1 {
		t.Errorf("%d case.reassess entries, want 1", n)
	}
	if n := e.auditCount(t, other.ID, "case.reassess"); n != 0 {
		t.Errorf("the unrelated case was reassessed %d times", n)
	}

	waitFor(t, "the webhook delivery", func() bool { p, _ := rc.got(); return len(p) >= 1 })
	time.Sleep(300 * time.Millisecond) // room for a duplicate to show up
	acc, ids := rc.got()
	if len(acc) != 1 || acc[0].Alert.ID != a.ID || acc[0].Event != "alert.new_hit" {
		t.Fatalf("receiver accepted %+v, want exactly alert %d once", acc, a.ID)
	}
	if n := rc.attempts.Load(); n != 3 {
		t.Errorf("receiver saw %d signed attempts, want 3 (two refused, one accepted)", n)
	}
	if rc.badSig.Load() != 0 {
		t.Errorf("%d requests carried a bad signature", rc.badSig.Load())
	}
	ds, err := e.al.Deliveries(ctx, a.ID)
	if err != nil || len(ds) != 1 || ds[0].DeliveredAt == nil || ds[0].Attempts != 3 || ids[0] != jsonID(ds[0].ID) {
		t.Errorf("delivery rows %+v (%v), want one delivered after 3 attempts with id %s", ds, err, ids[0])
	}

	// Repeating the same update: no new version, no job, nothing raised.
	if e.importList(t, append(baseEntities(), entity("Z-1", partner, "PROG-NEW"))...) {
		t.Fatal("re-importing the same content created a version")
	}
	if id, isNew, err := trig.Check(ctx); err != nil || isNew || id != 0 {
		t.Fatalf("check after the repeat: id %d new %v err %v, want nothing queued", id, isNew, err)
	}
	// Even a rescreen forced by a second server (a new trigger) finds
	// nothing new.
	trig2 := &Trigger{Store: e.st, Queue: q}
	id2, isNew2, err := trig2.Check(ctx)
	if err != nil || isNew2 || id2 != id {
		t.Fatalf("a second server's check: id %d new %v err %v, want the existing job %d", id2, isNew2, err, id)
	}
	if n, err := r.Case(ctx, e.tenant.ID, open.ID); err != nil || n != 0 {
		t.Fatalf("rescreening the case again raised %d alerts (%v)", n, err)
	}
	if as := e.alerts(t); len(as) != 1 {
		t.Fatalf("%d alerts after the repeat, want still 1", len(as))
	}
	time.Sleep(200 * time.Millisecond)
	if acc, _ := rc.got(); len(acc) != 1 {
		t.Fatalf("receiver accepted %d deliveries after the repeat, want still 1", len(acc))
	}

	// The update that delists the partner.
	if !e.importList(t, baseEntities()...) {
		t.Fatal("the removal created no version")
	}
	id, _, err = trig.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	waitJob(t, q, id, completed)
	as = e.alerts(t)
	if len(as) != 2 || as[0].Kind != store.AlertRemovedHit || as[0].SourceID != "Z-1" || as[0].CaseID != open.ID || as[0].ListVersion != 3 ||
		len(as[0].PreviousPrograms) != 1 || as[0].PreviousPrograms[0] != "PROG-NEW" {
		t.Fatalf("alerts after the removal %+v, want one removed_hit of Z-1 on top", as)
	}
	waitFor(t, "the removal's delivery", func() bool { p, _ := rc.got(); return len(p) >= 2 })
	time.Sleep(200 * time.Millisecond)
	if acc, _ := rc.got(); len(acc) != 2 || acc[1].Alert.Kind != store.AlertRemovedHit {
		t.Fatalf("receiver accepted %+v, want the removal as the second delivery", acc)
	}
}

func jsonID(id int64) string { b, _ := json.Marshal(id); return string(b) }

// TestReopenFollowsPolicy: a decided case whose work proceeds is reopened
// by a new hit under the default policy, and only reassessed under a
// tenant policy with reopen_on_new_hit: false.
func TestReopenFollowsPolicy(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name        string
		override    string
		wantState   cases.State
		wantClosed  cases.State
		wantAlerted int
	}{
		{"default reopens", "", cases.InReview, cases.InReview, 2},
		{"policy keeps it decided", "version: keep-1\nparameters:\n  reopen_on_new_hit: false\n", cases.Decided, cases.Closed, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, openSQLite(t))
			if tc.override != "" {
				if _, err := e.as.Policy("override.yaml", []byte(tc.override)); err != nil {
					t.Fatal(err)
				}
				ev := audit.Event{TenantID: e.tenant.ID, Actor: "test", Action: "policy.set", Subject: "policy"}
				if err := e.cw.SetTenantPolicy(ctx, store.PolicyRecord{TenantID: e.tenant.ID, Version: "keep-1", Source: tc.override, UpdatedBy: "test"}, ev); err != nil {
					t.Fatal(err)
				}
			}
			e.importList(t, baseEntities()...)
			c := e.newCase(t, "Decided optics work", partner)
			c = e.apply(t, c.ID, cases.Submit{}, cases.StartReview{}, cases.Decide{Outcome: assess.OutcomeProceed, Rationale: "clean partner"})
			closed := e.newCase(t, "Stopped optics work", partner)
			closed = e.apply(t, closed.ID, cases.Submit{}, cases.StartReview{}, cases.Decide{Outcome: assess.OutcomeDoNotProceed, Rationale: "no"})
			filed := e.newCase(t, "Filed optics work", partner)
			filed = e.apply(t, filed.ID, cases.Submit{}, cases.StartReview{}, cases.Decide{Outcome: assess.OutcomeProceed, Rationale: "clean"}, cases.Close{})
			e.importList(t, append(baseEntities(), entity("Z-1", partner, "PROG-NEW"))...)
			r := e.rescreener()
			for _, id := range []int64{c.ID, closed.ID, filed.ID} {
				if _, err := r.Case(ctx, e.tenant.ID, id); err != nil {
					t.Fatal(err)
				}
			}
			got, err := e.cw.Case(ctx, e.tenant.ID, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.State != tc.wantState || len(HitsOf(got.Assessment)) != 1 {
				t.Errorf("state %s with %d hits, want %s with the new hit recorded", got.State, len(HitsOf(got.Assessment)), tc.wantState)
			}
			if tc.wantState == cases.InReview && (got.Decision != nil || len(got.Decisions) != 1 || e.auditCount(t, c.ID, "case.reopen") != 1) {
				t.Errorf("reopened case: decision %+v, decisions %d, want the decision withdrawn and kept in history, one reopen", got.Decision, len(got.Decisions))
			}
			if f, err := e.cw.Case(ctx, e.tenant.ID, filed.ID); err != nil || f.State != tc.wantClosed {
				t.Errorf("closed case whose work proceeds: state %s (%v), want %s", f.State, err, tc.wantClosed)
			}
			as := e.alerts(t)
			if len(as) != tc.wantAlerted || as[len(as)-1].CaseID != c.ID {
				t.Errorf("alerts %+v, want %d, the first on case %d (the stopped collaboration is not watched)", as, tc.wantAlerted, c.ID)
			}
			for _, a := range as {
				if a.CaseID == closed.ID {
					t.Errorf("an alert on the case decided not to proceed: %+v", a)
				}
			}
		})
	}
}

// TestTwoWorkersShareOneRescreen runs one rescreen job on PostgreSQL with
// two worker processes' queues: the first stops midway, the second
// resumes the job from its checkpoint, and no case is processed twice or
// skipped.
func TestTwoWorkersShareOneRescreen(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, openPostgres(t))
	e.importList(t, baseEntities()...)
	const n = 10
	var ids []int64
	for i := range n {
		c := e.newCase(t, "Shared optics work "+string(rune('A'+i)), partner)
		ids = append(ids, c.ID)
	}
	e.importList(t, append(baseEntities(), entity("Z-1", partner, "PROG-NEW"))...)

	var first, second atomic.Int32
	r1 := e.rescreener()
	var q1 *jobs.Queue
	r1.AfterCase = func(ctx context.Context, _, _ int64) {
		if first.Add(1) == 4 {
			go q1.StopAndCancel(context.Background()) // the first worker goes away midway
			<-ctx.Done()
		}
	}
	q1 = e.startQueue(t, r1)
	trig := &Trigger{Store: e.st, Queue: q1}
	id, _, err := trig.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the first worker to stop", func() bool { return first.Load() >= 4 })
	r2 := e.rescreener()
	r2.AfterCase = func(context.Context, int64, int64) { second.Add(1) }
	q2 := e.startQueue(t, r2)
	j := waitJob(t, q2, id, completed)
	// River hands a job its stopping worker gives back to the next
	// worker, which resumes from the checkpoint.
	if first.Load() != 4 || second.Load() != n-4 {
		t.Errorf("first worker did %d cases, second %d; want 4 and %d (attempt %d)", first.Load(), second.Load(), n-4, j.Attempt)
	}
	if as := e.alerts(t); len(as) != n {
		t.Errorf("%d alerts, want one per case (%d)", len(as), n)
	}
	for _, id := range ids {
		if k := e.auditCount(t, id, "case.reassess"); k != 1 {
			t.Errorf("case %d reassessed %d times, want once", id, k)
		}
	}
	if !strings.Contains(j.Progress.Note, "alerts") || j.Progress.Done != n {
		t.Errorf("final progress %+v, want %d done", j.Progress, n)
	}
}

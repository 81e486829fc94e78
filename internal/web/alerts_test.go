package web

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/collabcheck/collabcheck/internal/cases"
	"github.com/collabcheck/collabcheck/internal/feeds"
	"github.com/collabcheck/collabcheck/internal/store"
)

// raiseAlert stores a new-hit alert on case c (as monitoring would) and
// returns its id.
func (w *world) raiseAlert(c cases.Case) int64 {
	w.t.Helper()
	al, err := store.AlertsOf(w.e.st)
	if err != nil {
		w.t.Fatal(err)
	}
	w.seq++
	got, err := al.RaiseAlerts(context.Background(), []store.Alert{{TenantID: c.TenantID, CaseID: c.ID, Kind: store.AlertNewHit,
		List: "test_defence", SourceID: hitID, Name: "Listed partner", Party: "partners[0]", Programs: []string{"TEST-PROGRAM"},
		ListVersion: 2, Key: fmt.Sprintf("test-alert-%d-%d", c.ID, w.seq), Detail: "newly listed", CreatedAt: time.Now()}})
	if err != nil || len(got) != 1 {
		w.t.Fatalf("raise alert on case %d: %v %v", c.ID, got, err)
	}
	return got[0].ID
}

// alertMatrixEntries are the alert routes' entries of the tenant-isolation
// matrix: each call gets a fresh Alpha case with an alert on it.
func (w *world) alertMatrixEntries() map[string]matrixEntry {
	return map[string]matrixEntry{
		"GET /api/v1/alerts": {caseRoute: true, state: cases.InReview, target: func(c cases.Case) string {
			w.raiseAlert(c)
			return fmt.Sprintf("/api/v1/alerts?case=%d", c.ID)
		}},
		"POST /api/v1/alerts/{id}/ack": {caseRoute: true, state: cases.InReview, target: func(c cases.Case) string {
			return fmt.Sprintf("/api/v1/alerts/%d/ack", w.raiseAlert(c))
		}},
	}
}

// alertConformance makes the alert routes answer each status they
// document, for the conformance test.
func alertConformance(t *testing.T, w *world, caseID int64) {
	t.Helper()
	c, err := w.cw.Case(context.Background(), w.tenants["alpha"].ID, caseID)
	if err != nil {
		t.Fatal(err)
	}
	id := w.raiseAlert(c)
	officer := as{who: "a.officer"}
	want(t, w.call(t, officer, http.MethodGet, fmt.Sprintf("/api/v1/alerts?case=%d&unacked=true&limit=10&offset=0", caseID), nil), 200)
	want(t, w.call(t, officer, http.MethodGet, "/api/v1/alerts?unacked=maybe", nil), 400)
	want(t, w.call(t, officer, http.MethodGet, "/api/v1/alerts?case=999999", nil), 404)
	want(t, w.call(t, officer, http.MethodPost, fmt.Sprintf("/api/v1/alerts/%d/ack", id), jsonOf(map[string]bool{"note": true})), 400)
	want(t, w.call(t, officer, http.MethodPost, "/api/v1/alerts/999999/ack", nil), 404)
	want(t, w.call(t, officer, http.MethodPost, fmt.Sprintf("/api/v1/alerts/%d/ack", id), nil), 200)
}

func TestAlertsAPI(t *testing.T) {
	e := newEnv(t, true, nil)
	w := newWorld(t, e, newSchemaChecker(t))
	f := newFixture(t, w)
	mine := f.make(t, "a.researcher", "a.officer", cases.InReview, "")
	other := f.make(t, "a.researcher2", "a.officer", cases.InReview, "")
	bravo := f.make(t, "b.researcher", "b.officer", cases.InReview, "")
	a1 := w.raiseAlert(mine)
	a2 := w.raiseAlert(other)
	w.raiseAlert(bravo)

	ids := func(who, target string) []int64 {
		t.Helper()
		x := w.call(t, as{who: who}, http.MethodGet, target, nil)
		want(t, x, 200)
		var out []int64
		for _, a := range decode[alertsResponse](t, x).Alerts {
			out = append(out, a.ID)
		}
		return out
	}
	if got := ids("a.officer", "/api/v1/alerts"); fmt.Sprint(got) != fmt.Sprint([]int64{a2, a1}) {
		t.Errorf("officer sees alerts %v, want Alpha's newest first %v", got, []int64{a2, a1})
	}
	if got := ids("a.researcher", "/api/v1/alerts"); fmt.Sprint(got) != fmt.Sprint([]int64{a1}) {
		t.Errorf("researcher sees alerts %v, want only those of their own case (%d)", got, a1)
	}
	if got := ids("a.officer", fmt.Sprintf("/api/v1/alerts?case=%d", mine.ID)); fmt.Sprint(got) != fmt.Sprint([]int64{a1}) {
		t.Errorf("alerts of case %d: %v", mine.ID, got)
	}
	want(t, w.call(t, as{who: "b.officer"}, http.MethodGet, fmt.Sprintf("/api/v1/alerts?case=%d", mine.ID), nil), 404)
	want(t, w.call(t, as{who: "a.officer"}, http.MethodGet, "/api/v1/alerts?case=x", nil), 400)
	want(t, w.call(t, as{who: "a.officer"}, http.MethodGet, "/api/v1/alerts?limit=0", nil), 400)

	want(t, w.call(t, as{who: "b.officer"}, http.MethodPost, fmt.Sprintf("/api/v1/alerts/%d/ack", a1), nil), 404)
	want(t, w.call(t, as{who: "a.researcher"}, http.MethodPost, fmt.Sprintf("/api/v1/alerts/%d/ack", a1), nil), 403)
	want(t, w.call(t, as{who: "a.officer"}, http.MethodPost, fmt.Sprintf("/api/v1/alerts/%d/ack", a1), jsonOf(map[string]int{"note": 1})), 400)
	x := w.call(t, as{who: "a.officer"}, http.MethodPost, fmt.Sprintf("/api/v1/alerts/%d/ack", a1), jsonOf(map[string]string{"note": "partner checked"}))
	want(t, x, 200)
	if a := decode[store.Alert](t, x); a.AckedAt == nil || a.AckedBy == "" {
		t.Errorf("acknowledged alert %+v", a)
	}
	if got := ids("a.officer", "/api/v1/alerts?unacked=true"); fmt.Sprint(got) != fmt.Sprint([]int64{a2}) {
		t.Errorf("unacknowledged alerts %v, want %d", got, a2)
	}
	hist := decode[historyResponse](t, w.call(t, as{who: "a.officer"}, http.MethodGet, fmt.Sprintf("/api/v1/cases/%d/history", mine.ID), nil))
	var actions []string
	for _, en := range hist.Entries {
		actions = append(actions, en.Action)
	}
	if fmt.Sprint(actions[len(actions)-2:]) != "[alert.raise alert.ack]" {
		t.Errorf("case history ends %v, want the alert raised then acknowledged", actions)
	}
}

func TestReadyzNamesFailingSources(t *testing.T) {
	e := newEnv(t, true, nil)
	status := []feeds.SourceStatus{{Source: "good", Health: feeds.OK}, {Source: "broken", Health: feeds.Failing, LastError: "HTTP 500", ConsecutiveFailures: 2}}
	e.api.listFeeds = func() []feeds.SourceStatus { return status }
	x := e.get("/readyz")
	if x.status != 200 {
		t.Fatalf("/readyz with a failing source answered %d, want 200 while lists are loaded", x.status)
	}
	h := decode[health](t, x)
	if fmt.Sprint(h.Failing) != "[broken]" || len(h.Sources) != 2 {
		t.Errorf("/readyz %+v, want the failing source named", h)
	}
}

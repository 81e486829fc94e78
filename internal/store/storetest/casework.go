package storetest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/collabcheck/collabcheck/internal/assess"
	"github.com/collabcheck/collabcheck/internal/audit"
	"github.com/collabcheck/collabcheck/internal/auth"
	"github.com/collabcheck/collabcheck/internal/cases"
	"github.com/collabcheck/collabcheck/internal/store"
)

// RunCasework runs the conformance suite of store.Casework, including the
// audit entries that the Store and Accounts writes append. open must return
// a new, empty store for the given (sub)test that implements store.Casework
// and store.Accounts; RunCasework closes it when that test ends.
func RunCasework(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, w *world)
	}{
		{"CreateReadList", testCaseCreateRead},
		{"CreateInUnknownTenant", testCaseUnknownTenant},
		{"UpdateWorkflow", testCaseUpdate},
		{"Filters", testCaseFilters},
		{"TenantIsolationAndReferral", testCaseIsolation},
		{"UpdateErrorWritesNothing", testCaseUpdateError},
		{"ConcurrentUpdatesLoseNothing", testCaseConcurrentUpdates},
		{"Policies", testPolicies},
		{"Sessions", testSessions},
		{"AuditOfAccountsAndLists", testAuditOfWrites},
		{"AppendAuditAndAuditFor", testAppendAudit},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("close store: %v", err)
				}
			})
			tc.fn(t, newWorld(t, s))
		})
	}
}

// world is the fixture of the casework suite: two organisations, an
// adviser team and their staff.
type world struct {
	s   store.Store
	cw  store.Casework
	acc store.Accounts

	north, south, advice                     auth.Tenant
	officer, researcher, other, southOfficer cases.Actor
	adviser                                  cases.Actor
	clock                                    time.Time
}

func newWorld(t *testing.T, s store.Store) *world {
	t.Helper()
	cw, err := store.CaseworkOf(s)
	if err != nil {
		t.Fatal(err)
	}
	acc, err := store.AccountsOf(s)
	if err != nil {
		t.Fatal(err)
	}
	w := &world{s: s, cw: cw, acc: acc, clock: time.Date(2026, 5, 1, 8, 0, 0, 123456789, time.UTC)}
	w.north = mustTenant(t, acc, "North University", auth.Organisation)
	w.south = mustTenant(t, acc, "South University", auth.Organisation)
	w.advice = mustTenant(t, acc, "National Advice Team", auth.AdviserTeam)
	w.officer = w.actor(t, w.north, "officer@north.example", auth.Officer)
	w.researcher = w.actor(t, w.north, "rita@north.example", auth.Researcher)
	w.other = w.actor(t, w.north, "otto@north.example", auth.Researcher)
	w.southOfficer = w.actor(t, w.south, "officer@south.example", auth.Officer)
	w.adviser = w.actor(t, w.advice, "ada@advice.example", auth.Adviser)
	return w
}

func (w *world) actor(t *testing.T, tn auth.Tenant, email string, role auth.Role) cases.Actor {
	t.Helper()
	u := mustUser(t, w.acc, tn.ID, email, role)
	return cases.Actor{UserID: u.ID, TenantID: tn.ID, TenantKind: tn.Kind, Role: u.Role, Name: u.Name, Email: u.Email}
}

// now advances the fixture clock by a second, so every change has a later
// time than the one before and list order is deterministic.
func (w *world) now() time.Time {
	w.clock = w.clock.Add(time.Second)
	return w.clock
}

func collaboration(title string, countries ...string) (assess.Collaboration, assess.Assessment) {
	coll := assess.Collaboration{Title: title, Summary: "Joint work on " + title, Countries: countries,
		Partners: []assess.Partner{{Name: "Partner Institute of " + title}}}
	as := assess.Assessment{Title: title, Risk: assess.RiskMedium, Outcome: assess.OutcomeProceedWithMitigations,
		Mitigations: []assess.RequiredMitigation{
			{ID: "tcp", Title: "Technology control plan", Reason: "Sensitive area"},
			{ID: "data-agreement", Title: "Data sharing agreement", Reason: "Personal data abroad"},
		},
		PolicyVersion: "default-1", InputHash: "in-" + title}
	return coll, as
}

// create stores a new draft case proposed by a.
func (w *world) create(t *testing.T, a cases.Actor, title string, countries ...string) cases.Case {
	t.Helper()
	coll, as := collaboration(title, countries...)
	c, ev, err := cases.New(a, coll, as, w.now())
	if err != nil {
		t.Fatalf("cases.New(%s): %v", title, err)
	}
	got, err := w.cw.CreateCase(context.Background(), c, ev)
	if err != nil {
		t.Fatalf("CreateCase(%s): %v", title, err)
	}
	return got
}

// apply runs op on case id as a through UpdateCase.
func (w *world) apply(t *testing.T, a cases.Actor, id int64, op cases.Op) cases.Case {
	t.Helper()
	now := w.now()
	c, err := w.cw.UpdateCase(context.Background(), a.TenantID, id, func(c *cases.Case) (audit.Event, error) {
		return cases.Apply(c, a, op, now)
	})
	if err != nil {
		t.Fatalf("UpdateCase(%d, %T) as user %d: %v", id, op, a.UserID, err)
	}
	return c
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func sameCase(t *testing.T, what string, got, want cases.Case) {
	t.Helper()
	if g, w := jsonOf(t, got), jsonOf(t, want); g != w {
		t.Errorf("%s:\n got %s\nwant %s", what, g, w)
	}
}

func ids(ss []cases.Summary) []int64 {
	out := make([]int64, len(ss))
	for i, s := range ss {
		out[i] = s.ID
	}
	return out
}

// verifyChain walks the whole audit log with audit.Verifier and returns
// the entries.
func verifyChain(t *testing.T, cw store.Casework) []audit.Entry {
	t.Helper()
	var v audit.Verifier
	var all []audit.Entry
	if err := cw.AuditLog(context.Background(), func(e audit.Entry) error {
		all = append(all, e)
		return v.Next(e)
	}); err != nil {
		t.Fatalf("audit log does not verify: %v", err)
	}
	n, seq, hash := v.Head()
	if n != int64(len(all)) || (n > 0 && (seq != all[n-1].Seq || hash != all[n-1].Hash)) {
		t.Fatalf("verifier head (%d, %d, %s) does not match %d entries read", n, seq, hash, len(all))
	}
	return all
}

func actions(es []audit.Entry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Action
	}
	return out
}

func testCaseCreateRead(t *testing.T, w *world) {
	ctx := context.Background()
	c := w.create(t, w.researcher, "Ocean carbon", "cn", "gb")
	if c.ID <= 0 || c.Version != 1 || c.TenantID != w.north.ID || c.State != cases.Draft {
		t.Fatalf("created case: id %d version %d tenant %d state %s; want an id, version 1, tenant %d, draft", c.ID, c.Version, c.TenantID, c.State, w.north.ID)
	}
	got, err := w.cw.Case(ctx, w.north.ID, c.ID)
	if err != nil {
		t.Fatalf("Case: %v", err)
	}
	sameCase(t, "read back", got, c)
	if len(got.Checklist) != 2 || got.Comments == nil {
		t.Errorf("read back checklist %d items, comments %v; want 2 items and an empty (not null) comment list", len(got.Checklist), got.Comments)
	}
	list, err := w.cw.Cases(ctx, w.north.ID, store.CaseFilter{})
	if err != nil {
		t.Fatalf("Cases: %v", err)
	}
	if len(list) != 1 || jsonOf(t, list[0]) != jsonOf(t, c.Summarise()) {
		t.Fatalf("Cases = %s, want [%s]", jsonOf(t, list), jsonOf(t, c.Summarise()))
	}
	if _, err := w.cw.Case(ctx, w.north.ID, c.ID+1000); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown case: %v, want ErrNotFound", err)
	}
	trail, err := w.cw.AuditFor(ctx, fmt.Sprintf("case:%d", c.ID))
	if err != nil {
		t.Fatal(err)
	}
	if len(trail) != 1 || trail[0].Action != "case.create" || trail[0].TenantID != w.north.ID || trail[0].Actor != w.researcher.String() {
		t.Fatalf("case trail %+v, want one case.create by %s in tenant %d", trail, w.researcher, w.north.ID)
	}
	if !bytes.Contains(trail[0].Detail, []byte(`"title":"Ocean carbon"`)) {
		t.Errorf("case.create detail %s lacks the title", trail[0].Detail)
	}
	verifyChain(t, w.cw)
}

func testCaseUnknownTenant(t *testing.T, w *world) {
	coll, as := collaboration("Orphan")
	ghost := w.officer
	ghost.TenantID = w.advice.ID + 100
	c, ev, err := cases.New(ghost, coll, as, w.now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.cw.CreateCase(context.Background(), c, ev); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("CreateCase in unknown tenant: %v, want ErrNotFound", err)
	}
	c.State = "limbo"
	c.TenantID = w.north.ID
	if _, err := w.cw.CreateCase(context.Background(), c, ev); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("CreateCase with unknown state: %v, want ErrInvalid", err)
	}
}

func testCaseUpdate(t *testing.T, w *world) {
	ctx := context.Background()
	c := w.create(t, w.researcher, "Fusion materials", "jp")
	w.apply(t, w.researcher, c.ID, cases.Submit{})
	w.apply(t, w.officer, c.ID, cases.StartReview{})
	w.apply(t, w.officer, c.ID, cases.ConfirmMitigation{MitigationID: "tcp", Confirmed: true, Note: "plan filed"})
	w.apply(t, w.officer, c.ID, cases.AddComment{Text: "Checked the partner: ünïcödé ✓"})
	got := w.apply(t, w.officer, c.ID, cases.Decide{Outcome: assess.OutcomeProceed, Rationale: "Low exposure in practice"})
	if got.Version != 6 || got.State != cases.Decided || got.Decision == nil || !got.Decision.Differs {
		t.Fatalf("after decide: version %d state %s decision %+v; want version 6, decided, differing from the recommendation", got.Version, got.State, got.Decision)
	}
	read, err := w.cw.Case(ctx, w.north.ID, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameCase(t, "after updates", read, got)
	if read.Assignee == nil || read.Assignee.UserID != w.officer.UserID || !read.Checklist[0].Confirmed || read.Checklist[0].ConfirmedBy == nil {
		t.Errorf("assignee %+v, checklist %+v: want the reviewing officer and the confirmation kept", read.Assignee, read.Checklist)
	}
	list, err := w.cw.Cases(ctx, w.north.ID, store.CaseFilter{})
	if err != nil || len(list) != 1 {
		t.Fatalf("Cases: %v, %v", list, err)
	}
	if s := list[0]; s.State != cases.Decided || s.DecidedOutcome != assess.OutcomeProceed || s.AssigneeID != w.officer.UserID || !s.UpdatedAt.Equal(got.UpdatedAt) {
		t.Errorf("summary after updates %+v, want decided/proceed assigned to %d updated at %s", s, w.officer.UserID, got.UpdatedAt)
	}
	trail, err := w.cw.AuditFor(ctx, fmt.Sprintf("case:%d", c.ID))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"case.create", "case.submit", "case.review", "case.checklist", "case.comment", "case.decide"}
	if got := actions(trail); !slices.Equal(got, want) {
		t.Errorf("case trail %v, want %v", got, want)
	}
	verifyChain(t, w.cw)
}

func testCaseFilters(t *testing.T, w *world) {
	ctx := context.Background()
	a := w.create(t, w.researcher, "A")         // draft, by rita
	b := w.create(t, w.other, "B")              // submitted, by otto
	w.apply(t, w.other, b.ID, cases.Submit{})   //
	c := w.create(t, w.officer, "C")            // in review, assigned to otto
	w.apply(t, w.officer, c.ID, cases.Submit{}) //
	w.apply(t, w.officer, c.ID, cases.Assign{Assignee: cases.Person{UserID: w.other.UserID, TenantID: w.north.ID, Name: w.other.Name, Role: w.other.Role}})
	w.apply(t, w.officer, c.ID, cases.StartReview{}) //
	d := w.create(t, w.researcher, "D")              // referred, by rita
	w.apply(t, w.researcher, d.ID, cases.Submit{})   //
	w.apply(t, w.officer, d.ID, cases.StartReview{}) //
	w.apply(t, w.officer, d.ID, cases.Refer{TenantID: w.advice.ID, TenantName: w.advice.Name})
	w.create(t, w.southOfficer, "S") // another tenant's

	// Updated most recently first: d, c, b, a.
	tests := []struct {
		name string
		f    store.CaseFilter
		want []int64
	}{
		{"all", store.CaseFilter{}, []int64{d.ID, c.ID, b.ID, a.ID}},
		{"one state", store.CaseFilter{States: []cases.State{cases.Draft}}, []int64{a.ID}},
		{"two states", store.CaseFilter{States: []cases.State{cases.Submitted, cases.Referred}}, []int64{d.ID, b.ID}},
		{"created by", store.CaseFilter{CreatedBy: w.researcher.UserID}, []int64{d.ID, a.ID}},
		{"assigned to", store.CaseFilter{AssigneeID: w.other.UserID}, []int64{c.ID}},
		{"mine (created or assigned)", store.CaseFilter{CreatedBy: w.other.UserID, AssigneeID: w.other.UserID}, []int64{c.ID, b.ID}},
		{"mine and a state", store.CaseFilter{CreatedBy: w.other.UserID, AssigneeID: w.other.UserID, States: []cases.State{cases.InReview}}, []int64{c.ID}},
		{"owned only", store.CaseFilter{OwnedOnly: true}, []int64{d.ID, c.ID, b.ID, a.ID}},
		{"referred only (owner)", store.CaseFilter{ReferredOnly: true}, []int64{}},
		{"limit", store.CaseFilter{Limit: 2}, []int64{d.ID, c.ID}},
		{"limit and offset", store.CaseFilter{Limit: 2, Offset: 1}, []int64{c.ID, b.ID}},
		{"offset past the end", store.CaseFilter{Offset: 10}, []int64{}},
		{"limit above the maximum", store.CaseFilter{Limit: 5000}, []int64{d.ID, c.ID, b.ID, a.ID}},
	}
	for _, tc := range tests {
		got, err := w.cw.Cases(ctx, w.north.ID, tc.f)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if !slices.Equal(ids(got), tc.want) {
			t.Errorf("%s: cases %v, want %v", tc.name, ids(got), tc.want)
		}
	}
	for _, f := range []store.CaseFilter{
		{States: []cases.State{"limbo"}},
		{Limit: -1},
		{Offset: -3},
		{OwnedOnly: true, ReferredOnly: true},
	} {
		if _, err := w.cw.Cases(ctx, w.north.ID, f); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("filter %+v: %v, want ErrInvalid", f, err)
		}
	}
}

func testCaseIsolation(t *testing.T, w *world) {
	ctx := context.Background()
	c := w.create(t, w.officer, "Quantum sensing", "cn")
	for _, viewer := range []int64{w.south.ID, w.advice.ID, w.advice.ID + 99} {
		if _, err := w.cw.Case(ctx, viewer, c.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("tenant %d reads north's case: %v, want ErrNotFound", viewer, err)
		}
		called := false
		_, err := w.cw.UpdateCase(ctx, viewer, c.ID, func(*cases.Case) (audit.Event, error) {
			called = true
			return audit.Event{Action: "case.hijack"}, nil
		})
		if !errors.Is(err, store.ErrNotFound) || called {
			t.Errorf("tenant %d updates north's case: %v (fn called %v), want ErrNotFound without calling fn", viewer, err, called)
		}
		list, err := w.cw.Cases(ctx, viewer, store.CaseFilter{})
		if err != nil || len(list) != 0 {
			t.Errorf("tenant %d lists %v, %v; want nothing of north's", viewer, ids(list), err)
		}
	}
	if got, _ := w.cw.Case(ctx, w.north.ID, c.ID); got.Version != 1 {
		t.Errorf("after refused updates the case is at version %d, want 1", got.Version)
	}
	southCase := w.create(t, w.southOfficer, "South's own")

	// Referral opens the case to the adviser tenant, and only to it.
	w.apply(t, w.officer, c.ID, cases.Submit{})
	w.apply(t, w.officer, c.ID, cases.StartReview{})
	w.apply(t, w.officer, c.ID, cases.Refer{TenantID: w.advice.ID, TenantName: w.advice.Name, Note: "please advise"})
	got, err := w.cw.Case(ctx, w.advice.ID, c.ID)
	if err != nil || got.Referral == nil || got.Referral.TenantID != w.advice.ID {
		t.Fatalf("adviser reads the referred case: %+v, %v", got.Referral, err)
	}
	for _, f := range []store.CaseFilter{{}, {ReferredOnly: true}, {States: []cases.State{cases.Referred}}} {
		list, err := w.cw.Cases(ctx, w.advice.ID, f)
		if err != nil || !slices.Equal(ids(list), []int64{c.ID}) || list[0].ReferredTo != w.advice.ID {
			t.Errorf("adviser's list with %+v: %v, %v; want only case %d, referred to it", f, ids(list), err, c.ID)
		}
	}
	if list, err := w.cw.Cases(ctx, w.advice.ID, store.CaseFilter{OwnedOnly: true}); err != nil || len(list) != 0 {
		t.Errorf("adviser's owned-only list: %v, %v; want none", ids(list), err)
	}
	if list, err := w.cw.Cases(ctx, w.south.ID, store.CaseFilter{}); err != nil || !slices.Equal(ids(list), []int64{southCase.ID}) {
		t.Errorf("south's list after the referral: %v, %v; want only its own case %d", ids(list), err, southCase.ID)
	}
	if _, err := w.cw.Case(ctx, w.south.ID, c.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("south reads the referred case: %v, want ErrNotFound", err)
	}
	if _, err := w.cw.Case(ctx, w.advice.ID, southCase.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("adviser reads an unreferred case: %v, want ErrNotFound", err)
	}
	// The adviser advises through its own tenant id.
	advised := w.apply(t, w.adviser, c.ID, cases.GiveAdvice{Recommendation: assess.OutcomeReferToAdviser, Text: "Needs a licence check"})
	if advised.TenantID != w.north.ID || len(advised.Referral.Advice) != 1 {
		t.Errorf("advised case: tenant %d, advice %+v; want still north's with one advice", advised.TenantID, advised.Referral.Advice)
	}
	trail, err := w.cw.AuditFor(ctx, fmt.Sprintf("case:%d", c.ID))
	if err != nil || len(trail) == 0 || trail[len(trail)-1].Action != "case.advise" || trail[len(trail)-1].Actor != w.adviser.String() {
		t.Errorf("last entry of the case trail %+v, %v; want case.advise by the adviser", trail, err)
	}
	verifyChain(t, w.cw)
}

func testCaseUpdateError(t *testing.T, w *world) {
	ctx := context.Background()
	c := w.create(t, w.researcher, "Batteries")
	before := verifyChain(t, w.cw)
	boom := errors.New("boom")
	_, err := w.cw.UpdateCase(ctx, w.north.ID, c.ID, func(c *cases.Case) (audit.Event, error) {
		c.State = cases.Closed
		c.Collaboration.Title = "changed"
		return audit.Event{Action: "case.close", Subject: "case:1"}, boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("UpdateCase: %v, want fn's error wrapped", err)
	}
	// An operation the workflow refuses is fn's error too.
	_, err = w.cw.UpdateCase(ctx, w.north.ID, c.ID, func(c *cases.Case) (audit.Event, error) {
		return cases.Apply(c, w.researcher, cases.Decide{Outcome: assess.OutcomeProceed, Rationale: "x"}, w.now())
	})
	if !errors.Is(err, cases.ErrForbidden) {
		t.Fatalf("UpdateCase with a forbidden decision: %v, want cases.ErrForbidden", err)
	}
	got, err := w.cw.Case(ctx, w.north.ID, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameCase(t, "after failed updates", got, c)
	if after := verifyChain(t, w.cw); len(after) != len(before) {
		t.Errorf("failed updates appended %d audit entries", len(after)-len(before))
	}
}

func testCaseConcurrentUpdates(t *testing.T, w *world) {
	ctx := context.Background()
	c := w.create(t, w.officer, "Contended case")
	const writers = 50
	var (
		wg        sync.WaitGroup
		mu        sync.Mutex
		successes int
		errs      []error
	)
	start := make(chan struct{})
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, err := w.cw.UpdateCase(ctx, w.north.ID, c.ID, func(c *cases.Case) (audit.Event, error) {
				return cases.Apply(c, w.officer, cases.AddComment{Text: fmt.Sprintf("comment %d", i)}, time.Now())
			})
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, err)
				return
			}
			successes++
		}()
	}
	close(start)
	wg.Wait()
	for _, err := range errs {
		t.Errorf("concurrent update: %v", err)
	}
	got, err := w.cw.Case(ctx, w.north.ID, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != 1+successes {
		t.Errorf("final version %d after %d successful updates, want %d (an update was lost)", got.Version, successes, 1+successes)
	}
	texts := map[string]bool{}
	for _, cm := range got.Comments {
		texts[cm.Text] = true
	}
	if len(got.Comments) != successes || len(texts) != successes {
		t.Errorf("%d comments (%d distinct) after %d successful updates", len(got.Comments), len(texts), successes)
	}
	for i := range writers {
		if !texts[fmt.Sprintf("comment %d", i)] && len(errs) == 0 {
			t.Errorf("comment %d is missing", i)
		}
	}
	all := verifyChain(t, w.cw)
	trail, err := w.cw.AuditFor(ctx, fmt.Sprintf("case:%d", c.ID))
	if err != nil || len(trail) != 1+successes {
		t.Errorf("case trail has %d entries, %v; want %d", len(trail), err, 1+successes)
	}
	if len(all) < len(trail) {
		t.Errorf("whole log %d entries, fewer than the case's %d", len(all), len(trail))
	}
}

func testPolicies(t *testing.T, w *world) {
	ctx := context.Background()
	if _, err := w.cw.TenantPolicy(ctx, w.north.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("policy before any: %v, want ErrNotFound", err)
	}
	ev := audit.Event{Actor: w.officer.String(), Action: "policy.set", Detail: map[string]any{"version": "north-1"}}
	p1 := store.PolicyRecord{TenantID: w.north.ID, Version: "north-1", Source: "version: north-1\nrules: []\n", UpdatedBy: w.officer.String(), UpdatedAt: w.now()}
	if err := w.cw.SetTenantPolicy(ctx, p1, ev); err != nil {
		t.Fatalf("set policy: %v", err)
	}
	got, err := w.cw.TenantPolicy(ctx, w.north.ID)
	p1.UpdatedAt = p1.UpdatedAt.Truncate(time.Microsecond)
	if err != nil || got != p1 {
		t.Fatalf("policy = %+v, %v; want %+v", got, err, p1)
	}
	if _, err := w.cw.TenantPolicy(ctx, w.south.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("south's policy after north set one: %v, want ErrNotFound", err)
	}
	p2 := store.PolicyRecord{TenantID: w.north.ID, Version: "north-2", Source: "version: north-2\nrules: []\n", UpdatedBy: "admin", UpdatedAt: w.now()}
	if err := w.cw.SetTenantPolicy(ctx, p2, audit.Event{Actor: "admin", Action: "policy.set"}); err != nil {
		t.Fatalf("replace policy: %v", err)
	}
	if got, err := w.cw.TenantPolicy(ctx, w.north.ID); err != nil || got.Version != "north-2" || got.Source != p2.Source || got.UpdatedBy != "admin" {
		t.Errorf("replaced policy = %+v, %v", got, err)
	}
	if err := w.cw.SetTenantPolicy(ctx, store.PolicyRecord{TenantID: w.north.ID, UpdatedBy: "admin"}, audit.Event{Actor: "admin", Action: "policy.remove"}); err != nil {
		t.Fatalf("remove policy: %v", err)
	}
	if _, err := w.cw.TenantPolicy(ctx, w.north.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("policy after removal: %v, want ErrNotFound", err)
	}
	if err := w.cw.SetTenantPolicy(ctx, store.PolicyRecord{TenantID: w.advice.ID + 50, Version: "x", Source: "x"}, audit.Event{Action: "policy.set"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("policy of an unknown tenant: %v, want ErrNotFound", err)
	}
	trail, err := w.cw.AuditFor(ctx, fmt.Sprintf("policy:%d", w.north.ID))
	if err != nil {
		t.Fatal(err)
	}
	if got := actions(trail); !slices.Equal(got, []string{"policy.set", "policy.set", "policy.remove"}) {
		t.Errorf("policy trail %v, want set, set, remove", got)
	}
	for _, e := range trail {
		if e.TenantID != w.north.ID {
			t.Errorf("policy entry %d in tenant %d, want %d", e.Seq, e.TenantID, w.north.ID)
		}
	}
	verifyChain(t, w.cw)
}

func sessionHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func testSessions(t *testing.T, w *world) {
	ctx := context.Background()
	t0 := time.Date(2026, 6, 1, 12, 0, 0, 987654321, time.UTC)
	s1 := store.Session{Hash: sessionHash("cookie-1"), TenantID: w.north.ID, UserID: w.officer.UserID, CreatedAt: t0, ExpiresAt: t0.Add(time.Hour)}
	if err := w.cw.CreateSession(ctx, s1); err != nil {
		t.Fatalf("create session: %v", err)
	}
	got, u, err := w.cw.SessionByHash(ctx, s1.Hash, t0.Add(30*time.Minute))
	if err != nil {
		t.Fatalf("SessionByHash: %v", err)
	}
	if got.UserID != w.officer.UserID || got.TenantID != w.north.ID || !got.ExpiresAt.Equal(t0.Add(time.Hour).Truncate(time.Microsecond)) ||
		!got.CreatedAt.Equal(t0.Truncate(time.Microsecond)) {
		t.Errorf("session = %+v", got)
	}
	if u.ID != w.officer.UserID || u.Email != w.officer.Email || u.Role != auth.Officer || u.TenantID != w.north.ID {
		t.Errorf("session user = %+v, want the officer", u)
	}
	if _, _, err := w.cw.SessionByHash(ctx, s1.Hash, t0.Add(time.Hour)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("session at its expiry: %v, want ErrNotFound", err)
	}
	if _, _, err := w.cw.SessionByHash(ctx, sessionHash("nope"), t0); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown session: %v, want ErrNotFound", err)
	}
	if err := w.cw.CreateSession(ctx, s1); !errors.Is(err, store.ErrConflict) {
		t.Errorf("same hash again: %v, want ErrConflict", err)
	}
	// A session created after s1 expired purges it: even a lookup at a
	// time when it was valid no longer finds it.
	s2 := store.Session{Hash: sessionHash("cookie-2"), TenantID: w.north.ID, UserID: w.researcher.UserID, CreatedAt: t0.Add(2 * time.Hour), ExpiresAt: t0.Add(3 * time.Hour)}
	if err := w.cw.CreateSession(ctx, s2); err != nil {
		t.Fatalf("create second session: %v", err)
	}
	if _, _, err := w.cw.SessionByHash(ctx, s1.Hash, t0.Add(time.Minute)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("expired session after a new one was created: %v, want it purged (ErrNotFound)", err)
	}
	if _, u, err := w.cw.SessionByHash(ctx, s2.Hash, t0.Add(2*time.Hour+time.Minute)); err != nil || u.ID != w.researcher.UserID {
		t.Errorf("second session: %+v, %v", u, err)
	}
	if err := w.cw.DeleteSession(ctx, s2.Hash); err != nil {
		t.Fatalf("delete session: %v", err)
	}
	if _, _, err := w.cw.SessionByHash(ctx, s2.Hash, t0.Add(2*time.Hour+time.Minute)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleted session: %v, want ErrNotFound", err)
	}
	if err := w.cw.DeleteSession(ctx, sessionHash("never")); err != nil {
		t.Errorf("deleting an unknown session: %v, want nil", err)
	}
	bad := []struct {
		name string
		s    store.Session
		want error
	}{
		{"user of another tenant", store.Session{Hash: sessionHash("x1"), TenantID: w.south.ID, UserID: w.officer.UserID, ExpiresAt: time.Now().Add(time.Hour)}, store.ErrNotFound},
		{"unknown user", store.Session{Hash: sessionHash("x2"), TenantID: w.north.ID, UserID: 99999, ExpiresAt: time.Now().Add(time.Hour)}, store.ErrNotFound},
		{"not a hash", store.Session{Hash: "cookie", TenantID: w.north.ID, UserID: w.officer.UserID, ExpiresAt: time.Now().Add(time.Hour)}, store.ErrInvalid},
		{"expires before created", store.Session{Hash: sessionHash("x3"), TenantID: w.north.ID, UserID: w.officer.UserID, CreatedAt: t0, ExpiresAt: t0.Add(-time.Second)}, store.ErrInvalid},
	}
	for _, tc := range bad {
		if err := w.cw.CreateSession(ctx, tc.s); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
}

func detailOf(t *testing.T, e audit.Entry) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(e.Detail, &m); err != nil {
		t.Fatalf("entry %d detail %s: %v", e.Seq, e.Detail, err)
	}
	return m
}

func testAuditOfWrites(t *testing.T, w *world) {
	ctx := store.WithActor(context.Background(), "cli:tester")
	// The world's tenants and users were created with no actor.
	all := verifyChain(t, w.cw)
	if len(all) != 3+5 {
		t.Fatalf("%d entries after creating 3 tenants and 5 users: %v", len(all), actions(all))
	}
	for _, e := range all {
		if e.Actor != "system" {
			t.Errorf("entry %d by %q, want system (no actor in the context)", e.Seq, e.Actor)
		}
	}
	tn, err := w.acc.CreateTenant(ctx, store.NewTenant{Name: "East College", Kind: auth.Organisation})
	if err != nil {
		t.Fatal(err)
	}
	u, err := w.acc.CreateUser(ctx, store.NewUser{TenantID: tn.ID, Email: "eve@east.example", Name: "Eve", Role: auth.Admin, PasswordHash: testHash})
	if err != nil {
		t.Fatal(err)
	}
	nt, err := auth.GenerateToken()
	if err != nil {
		t.Fatal(err)
	}
	k, err := w.acc.CreateToken(ctx, store.NewAPIToken{TenantID: tn.ID, UserID: u.ID, Name: "ci", Prefix: nt.Prefix, Hash: nt.Hash})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second revocation changes nothing and records nothing
		if err := w.acc.RevokeToken(ctx, tn.ID, k.ID, time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
	// A failed write records nothing.
	if _, err := w.acc.CreateTenant(ctx, store.NewTenant{Name: "East College", Kind: auth.Organisation}); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("duplicate tenant: %v", err)
	}
	in := imp("audit-list", "h1", fixture())
	in.Format, in.Source = "test-json", "fixtures/audit.json"
	v, created, err := w.s.ImportList(ctx, in)
	if err != nil || !created {
		t.Fatalf("import: %v %v", created, err)
	}
	if _, created, err := w.s.ImportList(ctx, in); err != nil || created {
		t.Fatalf("re-import of the same hash: created %v, %v", created, err)
	}
	if err := w.s.RemoveList(ctx, "audit-list"); err != nil {
		t.Fatal(err)
	}
	wantActions := []string{"tenant.create", "user.create", "token.create", "token.revoke", "list.import", "list.remove"}
	if reg, ok := w.s.(store.Registry); ok {
		rv, created, err := reg.ImportRegistry(ctx, store.RegistryImport{Source: "synthetic-ror", ContentHash: "ror-1", Orgs: SyntheticOrgs(12, 3)})
		if err != nil || !created {
			t.Fatalf("registry import: %v %v", created, err)
		}
		if _, created, err := reg.ImportRegistry(ctx, store.RegistryImport{Source: "synthetic-ror", ContentHash: "ror-1", Orgs: SyntheticOrgs(12, 3)}); err != nil || created {
			t.Fatalf("registry re-import: %v %v", created, err)
		}
		wantActions = append(wantActions, "registry.import")
		defer func() {
			trail, err := w.cw.AuditFor(ctx, fmt.Sprintf("registry:%d", rv.Number))
			if err != nil || len(trail) != 1 {
				t.Fatalf("registry trail %v, %v", trail, err)
			}
			d := detailOf(t, trail[0])
			if d["organisations"] != float64(12) || d["content_hash"] != "ror-1" || d["source"] != "synthetic-ror" || trail[0].TenantID != 0 {
				t.Errorf("registry.import entry %+v detail %v", trail[0], d)
			}
		}()
	}
	all = verifyChain(t, w.cw)
	added := all[8:]
	if got := actions(added); !slices.Equal(got, wantActions) {
		t.Fatalf("entries %v, want %v", got, wantActions)
	}
	for _, e := range added {
		if e.Actor != "cli:tester" {
			t.Errorf("%s entry by %q, want cli:tester from the context", e.Action, e.Actor)
		}
		if bytes.Contains(e.Detail, []byte(nt.Hash)) || bytes.Contains(e.Detail, []byte("argon2id")) {
			t.Errorf("%s entry leaks a secret: %s", e.Action, e.Detail)
		}
	}
	checks := []struct {
		e       audit.Entry
		subject string
		tenant  int64
		fields  map[string]any
	}{
		{added[0], fmt.Sprintf("tenant:%d", tn.ID), 0, map[string]any{"name": "East College", "kind": "organisation"}},
		{added[1], fmt.Sprintf("user:%d", u.ID), tn.ID, map[string]any{"email": "eve@east.example", "role": "admin"}},
		{added[2], fmt.Sprintf("token:%d", k.ID), tn.ID, map[string]any{"prefix": nt.Prefix, "name": "ci", "user_id": float64(u.ID)}},
		{added[3], fmt.Sprintf("token:%d", k.ID), tn.ID, map[string]any{"token_id": float64(k.ID)}},
		{added[4], "list:audit-list", 0, map[string]any{"list": "audit-list", "version": float64(v.Number), "entities": float64(3),
			"content_hash": "h1", "format": "test-json", "source": "fixtures/audit.json"}},
		{added[5], "list:audit-list", 0, map[string]any{"list": "audit-list", "versions": float64(1)}},
	}
	for _, c := range checks {
		if c.e.Subject != c.subject || c.e.TenantID != c.tenant {
			t.Errorf("%s entry: subject %q tenant %d, want %q and %d", c.e.Action, c.e.Subject, c.e.TenantID, c.subject, c.tenant)
		}
		d := detailOf(t, c.e)
		for k, want := range c.fields {
			if d[k] != want {
				t.Errorf("%s entry: detail %s = %v, want %v", c.e.Action, k, d[k], want)
			}
		}
	}
	if strings.Contains(string(added[1].Detail), "password") {
		t.Errorf("user.create detail mentions the password: %s", added[1].Detail)
	}
}

func testAppendAudit(t *testing.T, w *world) {
	ctx := context.Background()
	before := verifyChain(t, w.cw)
	e, err := w.cw.AppendAudit(ctx, audit.Event{TenantID: w.north.ID, Actor: w.officer.String(), Action: "user.signin", Subject: fmt.Sprintf("user:%d", w.officer.UserID),
		Detail: map[string]any{"ip": "127.0.0.1", "note": "ünïcödé \u2028 <&>"}})
	if err != nil {
		t.Fatalf("AppendAudit: %v", err)
	}
	last := before[len(before)-1]
	if e.Seq != last.Seq+1 || e.Prev != last.Hash || e.Hash != e.ComputeHash() {
		t.Errorf("appended entry %+v does not follow head %d %s", e, last.Seq, last.Hash)
	}
	if _, err := w.cw.AppendAudit(ctx, audit.Event{Action: "x"}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("event without subject: %v, want ErrInvalid", err)
	}
	all := verifyChain(t, w.cw)
	if len(all) != len(before)+1 {
		t.Fatalf("log has %d entries, want %d", len(all), len(before)+1)
	}
	if got := all[len(all)-1]; got.Hash != e.Hash || !bytes.Equal(got.Detail, e.Detail) || !got.At.Equal(e.At) || got.Actor != e.Actor {
		t.Errorf("stored entry %+v differs from returned %+v", got, e)
	}
	trail, err := w.cw.AuditFor(ctx, fmt.Sprintf("user:%d", w.officer.UserID))
	if err != nil {
		t.Fatal(err)
	}
	if got := actions(trail); !slices.Equal(got, []string{"user.create", "user.signin"}) {
		t.Errorf("officer's trail %v, want user.create then user.signin", got)
	}
	if trail, err := w.cw.AuditFor(ctx, "case:424242"); err != nil || len(trail) != 0 {
		t.Errorf("trail of an unknown subject: %v, %v; want none", trail, err)
	}
	// An error from fn stops the walk and is returned.
	stop := errors.New("stop")
	n := 0
	if err := w.cw.AuditLog(ctx, func(audit.Entry) error { n++; return stop }); !errors.Is(err, stop) || n != 1 {
		t.Errorf("AuditLog with a failing fn: %v after %d entries, want stop after 1", err, n)
	}
}

// SeedAudit writes a few audited changes (tenants, a user, a case and its
// updates) to a fresh store and returns the verified log, for a backend's
// own tamper tests, which then edit rows with raw SQL.
func SeedAudit(t *testing.T, s store.Store) []audit.Entry {
	t.Helper()
	w := newWorld(t, s)
	c := w.create(t, w.researcher, "Tamper target")
	w.apply(t, w.researcher, c.ID, cases.Submit{})
	w.apply(t, w.officer, c.ID, cases.StartReview{})
	w.apply(t, w.officer, c.ID, cases.AddComment{Text: "fine"})
	return verifyChain(t, w.cw)
}

// ExpectBroken checks that verifying the audit log of s fails with
// audit.ErrBroken naming entry seq.
func ExpectBroken(t *testing.T, s store.Store, seq int64) {
	t.Helper()
	cw, err := store.CaseworkOf(s)
	if err != nil {
		t.Fatal(err)
	}
	var v audit.Verifier
	err = cw.AuditLog(context.Background(), v.Next)
	if !errors.Is(err, audit.ErrBroken) {
		t.Fatalf("verifying a tampered log: %v, want audit.ErrBroken", err)
	}
	if want := fmt.Sprintf("at entry %d", seq); !strings.Contains(err.Error(), want) {
		t.Errorf("verification error %q does not name entry %d", err, seq)
	}
}

// ConcurrentWriters runs 100 goroutines writing at once through s1 and 20
// more through s2, a second handle on the same database (another process
// or app server): comments on one shared case, new cases and bare audit
// events. Every write must succeed, no comment may be lost, and the audit
// chain must verify with one entry per write.
func ConcurrentWriters(t *testing.T, s1, s2 store.Store) {
	t.Helper()
	ctx := context.Background()
	w := newWorld(t, s1)
	cw2, err := store.CaseworkOf(s2)
	if err != nil {
		t.Fatal(err)
	}
	shared := w.create(t, w.officer, "Shared")
	before := len(verifyChain(t, w.cw))
	const first, second = 100, 20
	var wg sync.WaitGroup
	errs := make(chan error, first+second)
	write := func(cw store.Casework, i int) {
		defer wg.Done()
		var err error
		switch i % 3 {
		case 0:
			_, err = cw.UpdateCase(ctx, w.north.ID, shared.ID, func(c *cases.Case) (audit.Event, error) {
				return cases.Apply(c, w.officer, cases.AddComment{Text: fmt.Sprintf("c%d", i)}, time.Now())
			})
		case 1:
			coll, as := collaboration(fmt.Sprintf("case %d", i))
			c, ev, nerr := cases.New(w.researcher, coll, as, time.Now())
			if err = nerr; err == nil {
				_, err = cw.CreateCase(ctx, c, ev)
			}
		default:
			_, err = cw.AppendAudit(ctx, audit.Event{Action: "test.ping", Subject: fmt.Sprintf("ping:%d", i)})
		}
		if err != nil {
			errs <- fmt.Errorf("writer %d: %w", i, err)
		}
	}
	for i := range first + second {
		wg.Add(1)
		cw := w.cw
		if i >= first {
			cw = cw2
		}
		go write(cw, i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent write: %v", err)
	}
	if all := verifyChain(t, w.cw); len(all) != before+first+second {
		t.Errorf("audit log has %d entries, want %d", len(all), before+first+second)
	}
	got, err := cw2.Case(ctx, w.north.ID, shared.ID)
	if err != nil {
		t.Fatal(err)
	}
	comments := (first + second + 2) / 3
	if got.Version != 1+comments || len(got.Comments) != comments {
		t.Errorf("shared case version %d with %d comments, want version %d and %d comments", got.Version, len(got.Comments), 1+comments, comments)
	}
}

// BenchCasework measures the casework writes a busy deployment makes, on
// a fresh store: UpdateCase appending a comment (read, decode, encode,
// write and the audit append, in one transaction), CreateCase, a bare
// AppendAudit, and listing the most recent 100 cases of a tenant.
func BenchCasework(b *testing.B, s store.Store) {
	ctx := context.Background()
	cw, err := store.CaseworkOf(s)
	if err != nil {
		b.Fatal(err)
	}
	acc, err := store.AccountsOf(s)
	if err != nil {
		b.Fatal(err)
	}
	tn, err := acc.CreateTenant(ctx, store.NewTenant{Name: "Bench University", Kind: auth.Organisation})
	if err != nil {
		b.Fatal(err)
	}
	u, err := acc.CreateUser(ctx, store.NewUser{TenantID: tn.ID, Email: "bench@bench.example", Name: "Bench", Role: auth.Officer, PasswordHash: testHash})
	if err != nil {
		b.Fatal(err)
	}
	officer := cases.Actor{UserID: u.ID, TenantID: tn.ID, TenantKind: tn.Kind, Role: u.Role, Name: u.Name, Email: u.Email}
	newCase := func(i int) cases.Case {
		coll, as := collaboration(fmt.Sprintf("Bench case %d", i), "cn", "gb")
		c, ev, err := cases.New(officer, coll, as, time.Now())
		if err != nil {
			b.Fatal(err)
		}
		c, err = cw.CreateCase(ctx, c, ev)
		if err != nil {
			b.Fatal(err)
		}
		return c
	}
	b.Run("CreateCase", func(b *testing.B) {
		i := 0
		for b.Loop() {
			newCase(i)
			i++
		}
	})
	b.Run("UpdateCase", func(b *testing.B) {
		c := newCase(-1)
		i := 0
		for b.Loop() {
			i++
			if _, err := cw.UpdateCase(ctx, tn.ID, c.ID, func(c *cases.Case) (audit.Event, error) {
				return cases.Apply(c, officer, cases.AddComment{Text: fmt.Sprintf("comment %d", i%20)}, time.Now())
			}); err != nil {
				b.Fatal(err)
			}
			if i%20 == 0 { // keep the case at a realistic size
				c = newCase(-i)
			}
		}
	})
	b.Run("AppendAudit", func(b *testing.B) {
		for b.Loop() {
			if _, err := cw.AppendAudit(ctx, audit.Event{Actor: officer.String(), Action: "user.signin", Subject: "user:1"}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Cases100", func(b *testing.B) {
		for i := range 200 {
			newCase(1000000 + i)
		}
		for b.Loop() {
			if list, err := cw.Cases(ctx, tn.ID, store.CaseFilter{Limit: 100}); err != nil || len(list) != 100 {
				b.Fatalf("Cases: %d, %v", len(list), err)
			}
		}
	})
}

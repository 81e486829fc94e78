package monitor

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/riverqueue/river"

	"github.com/collabcheck/collabcheck/internal/assess"
	"github.com/collabcheck/collabcheck/internal/assessing"
	"github.com/collabcheck/collabcheck/internal/audit"
	"github.com/collabcheck/collabcheck/internal/auth"
	"github.com/collabcheck/collabcheck/internal/cases"
	"github.com/collabcheck/collabcheck/internal/jobs"
	"github.com/collabcheck/collabcheck/internal/screening"
	"github.com/collabcheck/collabcheck/internal/store"
)

// Actor is how the monitor appears in the audit trail.
const Actor = "system:monitor"

// Rescreener works rescreen jobs (see the package doc). Every step is
// idempotent: alerts are unique by key, and a case whose stored
// assessment already has the current hits yields no change, so an
// attempt that repeats a case after a crash writes nothing twice.
type Rescreener struct {
	river.WorkerDefaults[jobs.RescreenArgs]
	Queue    *jobs.Queue
	Service  *screening.Service
	Assessor *assessing.Assessor
	Accounts store.Accounts
	Casework store.Casework
	Alerts   store.Alerts
	Logger   *slog.Logger
	// Now gives the time of alerts and case changes; nil means time.Now.
	Now func() time.Time
	// AfterCase, when set, is called after each case is done (tests use
	// it to stop a worker midway).
	AfterCase func(ctx context.Context, tenantID, caseID int64)
	// ReportEvery is the least time between two stored progress reports
	// (default 1s; negative stores one after every case).
	ReportEvery time.Duration
}

func (r *Rescreener) reportEvery() time.Duration {
	switch {
	case r.ReportEvery < 0:
		return 0
	case r.ReportEvery == 0:
		return time.Second
	}
	return r.ReportEvery
}

// checkpoint is where a rescreen resumes: cases are worked in (tenant,
// case id) order and every case up to this one is done.
type checkpoint struct {
	Tenant int64 `json:"tenant"`
	Case   int64 `json:"case"`
	Alerts int   `json:"alerts"`
}

type target struct{ tenant, id int64 }

// Work implements river.Worker.
func (r *Rescreener) Work(ctx context.Context, j *river.Job[jobs.RescreenArgs]) error {
	log := r.log().With("job", j.ID)
	if err := r.freshLists(ctx); err != nil {
		return err
	}
	targets, err := r.targets(ctx)
	if err != nil {
		return err
	}
	var cp checkpoint
	if p, ok := jobs.Resume(j.JobRow); ok && len(p.Checkpoint) > 0 {
		if err := json.Unmarshal(p.Checkpoint, &cp); err != nil {
			return fmt.Errorf("rescreen: bad checkpoint %s: %w", p.Checkpoint, err)
		}
		log.Info("rescreen resumes", "after_tenant", cp.Tenant, "after_case", cp.Case)
	}
	done := 0
	for _, t := range targets {
		if t.tenant < cp.Tenant || (t.tenant == cp.Tenant && t.id <= cp.Case) {
			done++
		}
	}
	// Progress (and the checkpoint) is stored at most every
	// ReportEvery: a resumed attempt may redo the cases since, which
	// finds their alerts and assessments already there.
	var last time.Time
	report := func(note string) error {
		if time.Since(last) < r.reportEvery() && done < len(targets) {
			return ctx.Err()
		}
		last = time.Now()
		b, _ := json.Marshal(cp)
		return r.Queue.Report(ctx, j.ID, jobs.Progress{Done: done, Total: len(targets), Note: note, Checkpoint: b})
	}
	if err := report("re-screening cases"); err != nil {
		return err
	}
	for _, t := range targets {
		if t.tenant < cp.Tenant || (t.tenant == cp.Tenant && t.id <= cp.Case) {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		n, err := r.Case(ctx, t.tenant, t.id)
		if err != nil {
			return fmt.Errorf("rescreen case %d of tenant %d: %w", t.id, t.tenant, err)
		}
		cp.Tenant, cp.Case, cp.Alerts = t.tenant, t.id, cp.Alerts+n
		done++
		if err := report(fmt.Sprintf("%d alerts raised", cp.Alerts)); err != nil {
			return err
		}
		if r.AfterCase != nil {
			r.AfterCase(ctx, t.tenant, t.id)
		}
	}
	log.Info("rescreen done", "cases", len(targets), "alerts", cp.Alerts, "lists", j.Args.Lists)
	b, _ := json.Marshal(cp)
	return river.RecordOutput(ctx, jobs.Progress{Done: done, Total: len(targets), Note: fmt.Sprintf("done: %d alerts raised", cp.Alerts),
		Checkpoint: b, UpdatedAt: time.Now().UTC()})
}

func (r *Rescreener) log() *slog.Logger {
	if r.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return r.Logger
}

func (r *Rescreener) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

// freshLists rebuilds the match index when the store's active versions
// are not the ones it serves (another process imported a list).
func (r *Rescreener) freshLists(ctx context.Context) error {
	vs, err := r.Service.Store().Lists(ctx)
	if err != nil {
		return fmt.Errorf("rescreen: read list versions: %w", err)
	}
	if jobs.ListsKey(vs) == jobs.ListsKey(r.Service.Versions()) {
		return nil
	}
	if err := r.Service.Reload(ctx); err != nil {
		return fmt.Errorf("rescreen: rebuild the match index: %w", err)
	}
	return nil
}

// targets lists the cases to re-screen, by tenant and case id: every case
// not closed, and closed ones whose decision let the work proceed (the
// collaboration goes on); decided cases that stopped the work are left.
func (r *Rescreener) targets(ctx context.Context) ([]target, error) {
	tenants, err := r.Accounts.Tenants(ctx)
	if err != nil {
		return nil, fmt.Errorf("rescreen: list tenants: %w", err)
	}
	var out []target
	for _, tn := range tenants {
		if tn.Kind == auth.AdviserTeam {
			continue // adviser teams own no cases
		}
		for off := 0; ; off += 1000 {
			page, err := r.Casework.Cases(ctx, tn.ID, store.CaseFilter{OwnedOnly: true, Limit: 1000, Offset: off})
			if err != nil {
				return nil, fmt.Errorf("rescreen: list cases of tenant %d: %w", tn.ID, err)
			}
			for _, s := range page {
				if Active(s.State, s.DecidedOutcome) {
					out = append(out, target{tn.ID, s.ID})
				}
			}
			if len(page) < 1000 {
				break
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].tenant != out[j].tenant {
			return out[i].tenant < out[j].tenant
		}
		return out[i].id < out[j].id
	})
	return out, nil
}

// Active says whether a case in state s with decision outcome o is watched:
// every open state, and decided or closed cases whose decision lets the
// work proceed.
func Active(s cases.State, o assess.Outcome) bool {
	switch s {
	case cases.Decided, cases.Closed:
		return o == assess.OutcomeProceed || o == assess.OutcomeProceedWithMitigations
	}
	return true
}

// errStale says the case changed between its assessment and the update.
var errStale = errors.New("the case changed while it was re-assessed")

// Case re-screens one case and returns how many alerts it raised.
func (r *Rescreener) Case(ctx context.Context, tenantID, id int64) (int, error) {
	for range 3 {
		n, err := r.rescreenCase(ctx, tenantID, id)
		if errors.Is(err, errStale) {
			continue
		}
		return n, err
	}
	return 0, fmt.Errorf("case %d: %w three times in a row", id, errStale)
}

func (r *Rescreener) rescreenCase(ctx context.Context, tenantID, id int64) (int, error) {
	c, err := r.Casework.Case(ctx, tenantID, id)
	if errors.Is(err, store.ErrNotFound) {
		return 0, nil // removed since it was listed
	}
	if err != nil {
		return 0, err
	}
	if c.TenantID != tenantID || !Active(c.State, decided(c)) {
		return 0, nil
	}
	p, err := r.policy(ctx, tenantID)
	if err != nil {
		return 0, err
	}
	reopen := p.Parameters.ReopenOnNewHit
	if c.State == cases.Closed && !reopen {
		// A closed case cannot take a new assessment without being
		// reopened, and this tenant does not reopen: leave it.
		return 0, nil
	}
	as, err := r.Assessor.Assess(c.Collaboration, p)
	if err != nil {
		return 0, fmt.Errorf("assess: %w", err)
	}
	changes := Compare(c.Assessment, as)
	if len(changes) == 0 {
		return 0, nil
	}
	now := r.now()
	alerts := make([]store.Alert, 0, len(changes))
	worse := false
	for _, ch := range changes {
		a := AlertFor(tenantID, id, ch, as.Versions, r.listVersion(ctx, ch, c.Assessment.Versions, as.Versions))
		a.CreatedAt = now
		alerts = append(alerts, a)
		worse = worse || ch.Kind != store.AlertRemovedHit
	}
	if c.State == cases.Closed && !worse {
		// A closed case takes a new assessment only by being reopened, and
		// a delisting is no reason to reopen it.
		return 0, nil
	}
	// Alerts first: if the process dies before the case is updated, the
	// next attempt finds the same changes and their alerts already there.
	raised, err := r.Alerts.RaiseAlerts(ctx, alerts)
	if err != nil {
		return 0, err
	}
	actor := cases.Actor{TenantID: tenantID, TenantKind: auth.Organisation, Role: auth.Officer, Name: "collabcheck monitor"}
	version := c.Version
	if reopen && worse && (c.State == cases.Decided || c.State == cases.Closed) {
		reason := "list update: " + changes[0].Hit.List + " " + describe(changes)
		if _, err := r.Casework.UpdateCase(ctx, tenantID, id, func(cur *cases.Case) (audit.Event, error) {
			if cur.Version != version {
				return audit.Event{}, errStale
			}
			ev, err := cases.Apply(cur, actor, cases.Reopen{Reason: reason}, now)
			ev.Actor = Actor
			return ev, err
		}); err != nil {
			return 0, fmt.Errorf("reopen: %w", err)
		}
		version++
	}
	ids := make([]int64, 0, len(raised))
	for _, a := range raised {
		ids = append(ids, a.ID)
	}
	if _, err := r.Casework.UpdateCase(ctx, tenantID, id, func(cur *cases.Case) (audit.Event, error) {
		if cur.Version != version {
			return audit.Event{}, errStale
		}
		ev, err := cases.Apply(cur, actor, cases.Reassess{Assessment: as}, now)
		ev.Actor = Actor
		if d, ok := ev.Detail.(map[string]any); ok {
			d["reason"], d["changes"], d["alerts"] = "list update", describe(changes), ids
		}
		return ev, err
	}); err != nil {
		return 0, fmt.Errorf("record the new assessment: %w", err)
	}
	return len(raised), nil
}

// listVersion finds the version of the stored list behind a change: the
// list whose current version holds the entity, or for a removal the only
// list whose version changed since the case's assessment; 0 when neither
// settles it.
func (r *Rescreener) listVersion(ctx context.Context, ch Change, before, after assess.Versions) int {
	if ch.Kind != store.AlertRemovedHit {
		for _, l := range after.Lists {
			if _, v, err := r.Service.Store().Entity(ctx, l.List, ch.Hit.SourceID); err == nil && v.Number == l.Version {
				return l.Version
			}
		}
	}
	prev := map[string]int{}
	for _, l := range before.Lists {
		prev[l.List] = l.Version
	}
	found := 0
	for _, l := range after.Lists {
		if prev[l.List] != l.Version {
			if found != 0 {
				return 0
			}
			found = l.Version
		}
	}
	return found
}

func decided(c cases.Case) assess.Outcome {
	if c.Decision != nil {
		return c.Decision.Outcome
	}
	if n := len(c.Decisions); n > 0 {
		return c.Decisions[n-1].Outcome
	}
	return ""
}

func describe(changes []Change) string {
	parts := make([]string, 0, len(changes))
	for _, ch := range changes {
		parts = append(parts, fmt.Sprintf("%s %s/%s", ch.Kind, ch.Hit.List, ch.Hit.SourceID))
	}
	return strings.Join(parts, ", ")
}

// policy returns the tenant's policy (the default merged with its
// override).
func (r *Rescreener) policy(ctx context.Context, tenantID int64) (*assess.Policy, error) {
	rec, err := r.Casework.TenantPolicy(ctx, tenantID)
	if errors.Is(err, store.ErrNotFound) {
		return r.Assessor.DefaultPolicy(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("policy of tenant %d: %w", tenantID, err)
	}
	p, err := r.Assessor.Policy(fmt.Sprintf("tenant-%d-policy.yaml", tenantID), []byte(rec.Source))
	if err != nil {
		return nil, fmt.Errorf("policy of tenant %d: %w", tenantID, err)
	}
	return p, nil
}

// Trigger enqueues a rescreen job when the active list versions change.
type Trigger struct {
	Store  store.Store
	Queue  *jobs.Queue
	Logger *slog.Logger

	mu   sync.Mutex
	last string
}

// Check enqueues a rescreen for the current list versions unless this
// trigger already did; the job's uniqueness makes a repeat by another
// server a no-op. It returns the job id (0 when there are no lists or
// nothing changed) and whether the job was new.
func (t *Trigger) Check(ctx context.Context) (int64, bool, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	vs, err := t.Store.Lists(ctx)
	if err != nil {
		return 0, false, fmt.Errorf("monitor: read list versions: %w", err)
	}
	key := jobs.ListsKey(vs)
	if len(vs) == 0 || key == t.last {
		return 0, false, nil
	}
	id, dup, err := t.Queue.Enqueue(ctx, jobs.RescreenArgs{Lists: key})
	if err != nil {
		return 0, false, fmt.Errorf("monitor: %w", err)
	}
	t.last = key
	if t.Logger != nil && !dup {
		t.Logger.Info("list versions changed; rescreen queued", "job", id)
	}
	return id, !dup, nil
}

// Run calls Check every interval until ctx ends; errors are logged.
func (t *Trigger) Run(ctx context.Context, every time.Duration) {
	tk := time.NewTicker(every)
	defer tk.Stop()
	for {
		if _, _, err := t.Check(ctx); err != nil && t.Logger != nil && ctx.Err() == nil {
			t.Logger.Error("monitor check", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tk.C:
		}
	}
}

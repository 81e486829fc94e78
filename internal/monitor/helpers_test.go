package monitor

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
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
	"github.com/collabcheck/collabcheck/internal/store/postgres"
	"github.com/collabcheck/collabcheck/internal/store/postgres/pgtest"
	"github.com/collabcheck/collabcheck/internal/store/sqlite"
	"github.com/collabcheck/collabcheck/internal/techarea"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

const testHash = "$argon2id$v=19$m=65536,t=3,p=2$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U"

// testList is the list the tests import versions of; its name puts its
// hits in the policy's sanctions category.
const testList = "test_sanctions"

// env is a store with a tenant, an officer and the monitoring pieces.
type env struct {
	st      store.Store
	acc     store.Accounts
	cw      store.Casework
	al      store.Alerts
	svc     *screening.Service
	as      *assessing.Assessor
	tenant  auth.Tenant
	officer cases.Actor
}

func openSQLite(t testing.TB) store.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "collabcheck.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func openPostgres(t *testing.T) store.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), pgtest.Database(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func newEnv(t testing.TB, st store.Store) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{st: st, svc: screening.New(st)}
	var err error
	if e.acc, err = store.AccountsOf(st); err != nil {
		t.Fatal(err)
	}
	if e.cw, err = store.CaseworkOf(st); err != nil {
		t.Fatal(err)
	}
	if e.al, err = store.AlertsOf(st); err != nil {
		t.Fatal(err)
	}
	cl, err := techarea.DefaultClassifier()
	if err != nil {
		t.Fatal(err)
	}
	if e.as, err = assessing.New(e.svc, cl); err != nil {
		t.Fatal(err)
	}
	if e.tenant, err = e.acc.CreateTenant(ctx, store.NewTenant{Name: "Northfield University", Kind: auth.Organisation}); err != nil {
		t.Fatal(err)
	}
	u, err := e.acc.CreateUser(ctx, store.NewUser{TenantID: e.tenant.ID, Email: "rso@northfield.example", Name: "Rosa Officer", Role: auth.Officer, PasswordHash: testHash})
	if err != nil {
		t.Fatal(err)
	}
	e.officer = cases.Actor{UserID: u.ID, TenantID: e.tenant.ID, TenantKind: auth.Organisation, Role: auth.Officer, Name: u.Name, Email: u.Email}
	return e
}

func entity(id, name, program string) watchlist.Entity {
	return watchlist.Entity{SourceID: id, Kind: watchlist.KindOrganization,
		Names:       []watchlist.Name{{Value: name, Kind: watchlist.NamePrimary}},
		Memberships: []watchlist.Membership{{List: "Test Sanctions List", Program: program}}}
}

// baseEntities are on every version: none is a partner of the cases.
func baseEntities() []watchlist.Entity {
	return []watchlist.Entity{
		entity("B-1", "Harbourside Marine Logistics Company", "PROG-BASE"),
		entity("B-2", "Quillfeather Precision Metals Works", "PROG-BASE"),
	}
}

// importList imports a version of the test list, reporting whether it
// created one.
func (e *env) importList(t testing.TB, ents ...watchlist.Entity) bool {
	t.Helper()
	_, created, err := e.st.ImportList(context.Background(), store.ListImport{List: testList, Format: "test", Source: "test", Entities: ents})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	return created
}

// newCase creates a case proposing work with partner, assessed with the
// current lists.
func (e *env) newCase(t testing.TB, title, partner string) cases.Case {
	t.Helper()
	coll := assess.Collaboration{Title: title, Summary: "Joint study of coastal sediment records.",
		Partners: []assess.Partner{{Name: partner, Country: "gb"}}}
	as, err := e.as.Assess(coll, nil)
	if err != nil {
		t.Fatal(err)
	}
	c, ev, err := cases.New(e.officer, coll, as, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	c, err = e.cw.CreateCase(context.Background(), c, ev)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (e *env) apply(t testing.TB, id int64, ops ...cases.Op) cases.Case {
	t.Helper()
	var c cases.Case
	for _, op := range ops {
		var err error
		c, err = e.cw.UpdateCase(context.Background(), e.tenant.ID, id, func(c *cases.Case) (audit.Event, error) {
			return cases.Apply(c, e.officer, op, time.Now())
		})
		if err != nil {
			t.Fatalf("case %d: %v", id, err)
		}
	}
	return c
}

func (e *env) rescreener() *Rescreener {
	return &Rescreener{Service: e.svc, Assessor: e.as, Accounts: e.acc, Casework: e.cw, Alerts: e.al, ReportEvery: -1}
}

// startQueue opens a job queue working rescreen jobs with r.
func (e *env) startQueue(t *testing.T, r *Rescreener) *jobs.Queue {
	t.Helper()
	ws := river.NewWorkers()
	river.AddWorker(ws, r)
	q, err := jobs.Open(context.Background(), e.st, jobs.Config{Workers: ws, PollInterval: 100 * time.Millisecond,
		JobTimeout: 5 * time.Second, RescueAfter: 6 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	r.Queue = q
	if err := q.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		q.StopAndCancel(ctx)
		q.Close()
	})
	return q
}

func waitJob(t *testing.T, q *jobs.Queue, id int64, ok func(jobs.Job) bool) jobs.Job {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	var j jobs.Job
	var err error
	for time.Now().Before(deadline) {
		if j, err = q.Get(context.Background(), id); err == nil && ok(j) {
			return j
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("job %d: condition not reached; last %+v (err %v)", id, j, err)
	return j
}

func completed(j jobs.Job) bool { return j.State == "completed" }

func (e *env) alerts(t *testing.T) []store.Alert {
	t.Helper()
	as, err := e.al.ListAlerts(context.Background(), e.tenant.ID, store.AlertFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return as
}

func (e *env) auditCount(t *testing.T, caseID int64, action string) int {
	t.Helper()
	hist, err := e.cw.AuditFor(context.Background(), fmt.Sprintf("case:%d", caseID))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, en := range hist {
		if en.Action == action {
			n++
		}
	}
	return n
}

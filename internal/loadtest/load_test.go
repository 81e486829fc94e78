package loadtest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/collabcheck/collabcheck/internal/assessing"
	"github.com/collabcheck/collabcheck/internal/audit"
	"github.com/collabcheck/collabcheck/internal/auth"
	"github.com/collabcheck/collabcheck/internal/cases"
	"github.com/collabcheck/collabcheck/internal/screening"
	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/store/open"
	"github.com/collabcheck/collabcheck/internal/store/postgres/pgtest"
	"github.com/collabcheck/collabcheck/internal/techarea"
	"github.com/collabcheck/collabcheck/internal/watchlist"
	"github.com/collabcheck/collabcheck/internal/web"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// loadDuration is how long the load runs: the target's 60 s unless
// COLLABCHECK_LOAD_DURATION says otherwise (a Go duration, for quick
// local runs).
func loadDuration(t *testing.T) time.Duration {
	d := 60 * time.Second
	if v := os.Getenv("COLLABCHECK_LOAD_DURATION"); v != "" {
		var err error
		if d, err = time.ParseDuration(v); err != nil || d <= 0 {
			t.Fatalf("COLLABCHECK_LOAD_DURATION=%q is not a positive duration", v)
		}
	}
	return d
}

// proposal is an invented climate collaboration with two partners, one of
// them on the fixture list.
var proposal = json.RawMessage(`{
  "title": "Ocean carbon uptake in the North Atlantic",
  "summary": "Joint observations and climate modelling of ocean carbon uptake and sea surface temperature.",
  "research_field": "climate science",
  "partners": [
    {"name": "Northmoor University", "kind": "organisation", "country": "gb"},
    {"name": "Eastfield Polytechnic Institute", "kind": "organisation", "country": "cn"}
  ],
  "countries": ["gb", "cn"],
  "data": ["none"],
  "duration_months": 24
}`)

// env is a served API over a real database with one organisation, its
// officers' tokens and a fixture list.
type env struct {
	url    string
	st     store.Store
	tokens []string
}

func newEnv(t *testing.T, dsn string, officers int) *env {
	t.Helper()
	ctx := context.Background()
	st, err := open.Store(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, _, err := st.ImportList(ctx, store.ListImport{List: "load_fixture", Format: "csv", Source: "fixture",
		Entities: []watchlist.Entity{{SourceID: "L-1", Kind: watchlist.KindOrganization,
			Names:       []watchlist.Name{{Value: "Eastfield Polytechnic Institute", Kind: watchlist.NamePrimary}},
			Countries:   []string{"cn"},
			Memberships: []watchlist.Membership{{List: "Invented defence-linked list", Program: "military"}}}}}); err != nil {
		t.Fatal(err)
	}
	svc := screening.New(st)
	if err := svc.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	cl, err := techarea.DefaultClassifier()
	if err != nil {
		t.Fatal(err)
	}
	as, err := assessing.New(svc, cl)
	if err != nil {
		t.Fatal(err)
	}
	acc, err := store.AccountsOf(st)
	if err != nil {
		t.Fatal(err)
	}
	cw, err := store.CaseworkOf(st)
	if err != nil {
		t.Fatal(err)
	}
	h, err := web.New(web.Config{Service: svc, Classifier: cl, Accounts: acc, Casework: cw, Assessor: as, OperatorTenant: "default"})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	ten, err := acc.CreateTenant(ctx, store.NewTenant{Name: "Northmoor University", Kind: auth.Organisation})
	if err != nil {
		t.Fatal(err)
	}
	hash, err := auth.HashPassword("load-test-password-not-used")
	if err != nil {
		t.Fatal(err)
	}
	e := &env{url: srv.URL, st: st}
	for i := 0; i < officers; i++ {
		u, err := acc.CreateUser(ctx, store.NewUser{TenantID: ten.ID, Email: fmt.Sprintf("officer%d@northmoor.example", i), Name: fmt.Sprintf("Officer %d", i), Role: auth.Officer, PasswordHash: hash})
		if err != nil {
			t.Fatal(err)
		}
		nt, err := auth.GenerateToken()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := acc.CreateToken(ctx, store.NewAPIToken{TenantID: ten.ID, UserID: u.ID, Name: "load", Prefix: nt.Prefix, Hash: nt.Hash}); err != nil {
			t.Fatal(err)
		}
		e.tokens = append(e.tokens, nt.Plain)
	}
	return e
}

// verifyAudit walks the whole trail and returns how many entries verified.
func verifyAudit(t *testing.T, st store.Store) int64 {
	t.Helper()
	cw, err := store.CaseworkOf(st)
	if err != nil {
		t.Fatal(err)
	}
	var v audit.Verifier
	if err := cw.AuditLog(context.Background(), v.Next); err != nil {
		t.Fatalf("audit chain: %v", err)
	}
	n, _, _ := v.Head()
	return n
}

// runLoad runs 100 clients against e and checks the outcome: no errors,
// every decided case stored as decided with its whole history, and an
// audit chain that verifies.
func runLoad(t *testing.T, e *env) {
	d := loadDuration(t)
	rep, err := Run(context.Background(), Config{BaseURL: e.url, Tokens: e.tokens, Clients: 100, Duration: d, Proposal: proposal})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("load: %s", rep)
	if rep.Errors != 0 {
		t.Fatalf("%d errors under load; first: %v", rep.Errors, rep.FirstErrors)
	}
	if rep.Cycles == 0 {
		t.Fatal("no case was decided")
	}
	cw, err := store.CaseworkOf(e.st)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	acc, _ := store.AccountsOf(e.st)
	ten, err := acc.TenantByName(ctx, "Northmoor University")
	if err != nil {
		t.Fatal(err)
	}
	// Every case a client saw decided is stored decided, with each
	// step's change counted, and no other case exists.
	total := 0
	for off := 0; ; off += 1000 {
		page, err := cw.Cases(ctx, ten.ID, store.CaseFilter{Limit: 1000, Offset: off})
		if err != nil {
			t.Fatal(err)
		}
		total += len(page)
		if len(page) < 1000 {
			break
		}
	}
	if int64(total) != rep.Cycles {
		t.Fatalf("%d cases stored, %d cycles completed", total, rep.Cycles)
	}
	for i, id := range rep.CaseIDs {
		if i%97 != 0 { // a spread sample keeps the check fast at any duration
			continue
		}
		c, err := cw.Case(ctx, ten.ID, id)
		if err != nil {
			t.Fatalf("case %d: %v", id, err)
		}
		if c.State != cases.Decided || c.Version != 5 || len(c.Comments) != 1 || c.Decision == nil {
			t.Fatalf("case %d: state %s version %d comments %d", id, c.State, c.Version, len(c.Comments))
		}
	}
	n := verifyAudit(t, e.st)
	if n < rep.Cycles*5 {
		t.Fatalf("audit has %d entries for %d cycles of 5 writes", n, rep.Cycles)
	}
	t.Logf("audit chain of %d entries verifies", n)
}

func TestLoadSQLite(t *testing.T) {
	runLoad(t, newEnv(t, filepath.Join(t.TempDir(), "load.db"), 10))
}

func TestLoadPostgres(t *testing.T) {
	runLoad(t, newEnv(t, pgtest.Database(t), 10))
}

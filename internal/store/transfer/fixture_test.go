package transfer_test

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/collabcheck/collabcheck/internal/audit"
	"github.com/collabcheck/collabcheck/internal/auth"
	"github.com/collabcheck/collabcheck/internal/registry"
	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/store/postgres"
	"github.com/collabcheck/collabcheck/internal/store/postgres/pgtest"
	"github.com/collabcheck/collabcheck/internal/store/sqlite"
	"github.com/collabcheck/collabcheck/internal/store/storetest"
	"github.com/collabcheck/collabcheck/internal/store/transfer"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// stamp has sub-microsecond digits, which both backends round alike.
var stamp = time.Date(2026, 5, 17, 13, 4, 5, 123456789, time.FixedZone("CEST", 2*3600))

func openSQLite(t *testing.T, name string) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func openPostgres(t *testing.T) *postgres.Store {
	t.Helper()
	st, err := postgres.Open(t.Context(), pgtest.Database(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func end(t *testing.T, st store.Store, name string) transfer.DB {
	t.Helper()
	d, err := transfer.FromStore(st, name)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func importList(t *testing.T, st store.Store, list string, n int, seed uint64) watchlist.Version {
	t.Helper()
	v, _, err := st.ImportList(t.Context(), store.ListImport{
		List: list, Format: "synthetic", Source: fmt.Sprintf("seed %d", seed),
		ContentHash: fmt.Sprintf("sha256:%s-%d-%d", list, n, seed), Entities: storetest.Synthetic(n, seed),
		Now: stamp.Add(time.Duration(seed) * time.Minute),
	})
	if err != nil {
		t.Fatalf("import %s: %v", list, err)
	}
	return v
}

// fill writes lists (several versions, one list removed so ids have gaps),
// two registry versions, and tenants, users and tokens (one revoked)
// through the store API.
func fill(t *testing.T, st store.Store) {
	t.Helper()
	ctx := t.Context()
	importList(t, st, "alpha", 300, 1)
	importList(t, st, "alpha", 310, 2)
	importList(t, st, "alpha", 50, 4)
	importList(t, st, "beta", 120, 5)
	importList(t, st, "gone", 40, 3) // the highest version id, removed below
	if err := st.RemoveList(ctx, "gone"); err != nil {
		t.Fatal(err)
	}
	reg, err := store.RegistryOf(st)
	if err != nil {
		t.Fatal(err)
	}
	for i, n := range []int{200, 150} {
		if _, _, err := reg.ImportRegistry(ctx, store.RegistryImport{Source: "synthetic", ContentHash: fmt.Sprintf("sha256:reg%d", i),
			Orgs: storetest.SyntheticOrgs(n, uint64(i+1)), Now: stamp.Add(time.Duration(i) * time.Hour)}); err != nil {
			t.Fatalf("registry import: %v", err)
		}
	}
	acc, err := store.AccountsOf(st)
	if err != nil {
		t.Fatal(err)
	}
	kinds := []auth.TenantKind{auth.TenantKind("organisation"), auth.TenantKind("adviser"), auth.TenantKind("company")}
	roles := []auth.Role{"researcher", "officer", "adviser", "admin"}
	for i, k := range kinds {
		tn, err := acc.CreateTenant(ctx, store.NewTenant{Name: fmt.Sprintf("Tenant %d «ü»", i), Kind: k, Now: stamp.Add(time.Duration(i) * time.Second)})
		if err != nil {
			t.Fatal(err)
		}
		for j, r := range roles {
			u, err := acc.CreateUser(ctx, store.NewUser{TenantID: tn.ID, Email: fmt.Sprintf("u%d.%d@example.org", i, j), Name: fmt.Sprintf("User %d %d", i, j),
				Role: r, PasswordHash: "$argon2id$v=19$m=65536,t=3,p=2$c2FsdA$a2V5", Now: stamp})
			if err != nil {
				t.Fatal(err)
			}
			nt, err := auth.GenerateToken()
			if err != nil {
				t.Fatal(err)
			}
			k, err := acc.CreateToken(ctx, store.NewAPIToken{TenantID: tn.ID, UserID: u.ID, Name: "ci", Prefix: nt.Prefix, Hash: nt.Hash, Now: stamp})
			if err != nil {
				t.Fatal(err)
			}
			if j%2 == 0 {
				if err := acc.RevokeToken(ctx, tn.ID, k.ID, stamp.Add(time.Duration(j+1)*time.Microsecond)); err != nil {
					t.Fatal(err)
				}
			}
		}
		// The hash-chained trail, on stores that keep one.
		if cw, err := store.CaseworkOf(st); err == nil {
			if _, err := cw.AppendAudit(ctx, audit.Event{TenantID: tn.ID, Actor: "test", Action: "user.signin", Subject: fmt.Sprintf("tenant:%d", tn.ID),
				Detail: map[string]any{"note": "ünïcode, \"quoted\", <tag> & \\", "n": i}}); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// contents is everything fill wrote, read back through the store API.
type contents struct {
	Lists    []watchlist.Version
	Versions map[string][]watchlist.Version
	Entities map[string][]watchlist.Entity // "list/number"
	RegVers  []registry.Version
	Orgs     []registry.Org
	OrgByID  map[string]registry.Org
	Tenants  []auth.Tenant
	Users    map[string]auth.User // by email, with the password hash
	Tokens   map[int64][]auth.APIToken
	Audit    []audit.Entry // verified as a chain when read
}

func read(t *testing.T, st store.Store) contents {
	t.Helper()
	ctx := t.Context()
	c := contents{Versions: map[string][]watchlist.Version{}, Entities: map[string][]watchlist.Entity{},
		OrgByID: map[string]registry.Org{}, Users: map[string]auth.User{}, Tokens: map[int64][]auth.APIToken{}}
	var err error
	if c.Lists, err = st.Lists(ctx); err != nil {
		t.Fatal(err)
	}
	for _, l := range c.Lists {
		vs, err := st.Versions(ctx, l.List)
		if err != nil {
			t.Fatal(err)
		}
		c.Versions[l.List] = vs
		for _, v := range vs {
			es, err := st.Entities(ctx, l.List, v.Number)
			if err != nil {
				t.Fatal(err)
			}
			c.Entities[fmt.Sprintf("%s/%d", l.List, v.Number)] = es
		}
	}
	reg, err := store.RegistryOf(st)
	if err != nil {
		t.Fatal(err)
	}
	if c.RegVers, err = reg.RegistryVersions(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := reg.ActiveOrgs(ctx, func(o registry.Org) error { c.Orgs = append(c.Orgs, o); return nil }); err != nil {
		t.Fatal(err)
	}
	for _, o := range c.Orgs[:min(len(c.Orgs), 20)] {
		if c.OrgByID[o.ID], err = reg.Org(ctx, o.ID); err != nil {
			t.Fatal(err)
		}
	}
	acc, err := store.AccountsOf(st)
	if err != nil {
		t.Fatal(err)
	}
	if c.Tenants, err = acc.Tenants(ctx); err != nil {
		t.Fatal(err)
	}
	for _, tn := range c.Tenants {
		us, err := acc.ListUsers(ctx, tn.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range us {
			if c.Users[u.Email], err = acc.UserByEmail(ctx, u.Email); err != nil {
				t.Fatal(err)
			}
			ks, err := acc.ListTokens(ctx, tn.ID, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			c.Tokens[u.ID] = ks
		}
	}
	if cw, err := store.CaseworkOf(st); err == nil {
		var v audit.Verifier
		if err := cw.AuditLog(ctx, func(e audit.Entry) error {
			c.Audit = append(c.Audit, e)
			return v.Next(e)
		}); err != nil {
			t.Fatalf("audit trail: %v", err)
		}
	}
	return c
}

// sameContents compares field by field so a failure says where.
func sameContents(t *testing.T, got, want contents) {
	t.Helper()
	gv, wv := reflect.ValueOf(got), reflect.ValueOf(want)
	for i := range gv.NumField() {
		if !reflect.DeepEqual(gv.Field(i).Interface(), wv.Field(i).Interface()) {
			t.Errorf("%s differ:\n got %v\nwant %v", gv.Type().Field(i).Name, short(gv.Field(i).Interface()), short(wv.Field(i).Interface()))
		}
	}
}

func short(v any) string {
	s := fmt.Sprintf("%+v", v)
	if len(s) > 600 {
		s = s[:600] + "…"
	}
	return s
}

// checkFilled guards against comparing two empty stores.
func checkFilled(t *testing.T, c contents) {
	t.Helper()
	revoked := 0
	for _, ks := range c.Tokens {
		for _, k := range ks {
			if k.RevokedAt != nil {
				revoked++
			}
		}
	}
	if len(c.Lists) != 2 || len(c.Versions["alpha"]) != 3 || len(c.Entities["alpha/2"]) != 310 || len(c.RegVers) != 2 ||
		len(c.Orgs) != 150 || len(c.Tenants) != 3 || len(c.Users) != 12 || revoked != 6 || len(c.Audit) < 3 {
		t.Fatalf("fixture not as written: %d lists, %d alpha versions, %d alpha/2 entities, %d registry versions, %d orgs, %d tenants, %d users, %d revoked tokens, %d audit entries",
			len(c.Lists), len(c.Versions["alpha"]), len(c.Entities["alpha/2"]), len(c.RegVers), len(c.Orgs), len(c.Tenants), len(c.Users), revoked, len(c.Audit))
	}
}

func contextWithCancel(t *testing.T) (context.Context, context.CancelFunc) {
	return context.WithCancel(t.Context())
}

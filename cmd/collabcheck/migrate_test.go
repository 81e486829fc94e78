package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/collabcheck/collabcheck/internal/store/postgres/pgtest"
	"github.com/collabcheck/collabcheck/internal/store/transfer"
)

// pgServer starts a throwaway PostgreSQL for one test (this package has no
// TestMain to share one) and stops it when the test ends.
func pgServer(t *testing.T) *pgtest.Server {
	t.Helper()
	s, err := pgtest.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Stop() })
	return s
}

// filledDB makes a SQLite database through the CLI: two lists, tenants,
// users and a token, and returns its path.
func filledDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "cc.db")
	for _, args := range [][]string{
		{"lists", "import", "--format", "aspi", filepath.Join(fixtures, "aspi", "tracker.json")},
		{"lists", "import", "--format", "ofac", filepath.Join(fixtures, "ofac")},
		{"tenants", "add", "Northbridge University"},
		{"tenants", "add", "--kind", "adviser", "National Advice Team"},
		{"users", "add", "--tenant", "Northbridge University", "--email", "ada@northbridge.example", "--name", "Ada", "--role", "officer"},
		{"users", "token", "--email", "ada@northbridge.example", "--name", "ci"},
	} {
		if _, errs, code := cli(t, db, "", args...); code != 0 {
			t.Fatalf("%v: %s (code %d)", args, errs, code)
		}
	}
	return db
}

// sameViews checks that the CLI shows the same lists, tenants, users,
// tokens and audit trail for both databases.
func sameViews(t *testing.T, a, b string) {
	t.Helper()
	for _, args := range [][]string{
		{"lists", "ls", "--json"},
		{"tenants", "ls", "--json"},
		{"users", "ls", "--json", "--tenant", "Northbridge University"},
		{"users", "tokens", "--email", "ada@northbridge.example"},
		{"audit", "verify"},
	} {
		outA, errA, codeA := cli(t, a, "", args...)
		outB, errB, codeB := cli(t, b, "", args...)
		if codeA != 0 || codeB != 0 || outA != outB {
			t.Errorf("%v differs:\n%s: %q %q (code %d)\n%s: %q %q (code %d)", args, a, outA, errA, codeA, b, outB, errB, codeB)
		}
	}
}

func TestMigrateCLI(t *testing.T) {
	srv := pgServer(t)
	db := filledDB(t)
	url := srv.CreateDatabase(t)

	out, errs, code := cli(t, db, "", "migrate", "--json", "--to", url)
	if code != 0 {
		t.Fatalf("migrate: %q (code %d)", errs, code)
	}
	var rep transfer.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("migrate --json: %v\n%s", err, out)
	}
	rows := map[string]int64{}
	for _, tr := range rep.Tables {
		rows[tr.Name] = tr.Rows
	}
	if rows["tenants"] != 2 || rows["users"] != 1 || rows["api_tokens"] != 1 || rows["list_versions"] != 2 || rows["list_entities"] < 4 {
		t.Errorf("migrate report: %v", rows)
	}
	if strings.Contains(out, "postgres@") || strings.Contains(rep.Target, "://") {
		t.Errorf("report shows the URL: %q", rep.Target)
	}
	sameViews(t, db, url)

	// The target is no longer empty; the source is unchanged.
	_, errs, code = cli(t, db, "", "migrate", "--to", url)
	if code != 1 || !strings.Contains(errs, "not empty") || !strings.Contains(errs, "tenants (2 rows)") {
		t.Errorf("second migrate: %q (code %d)", errs, code)
	}

	fresh := srv.CreateDatabase(t)
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no target", []string{"--db", db, "migrate"}, 2, "--to is required"},
		{"target not postgres", []string{"--db", db, "migrate", "--to", filepath.Join(t.TempDir(), "x.db")}, 2, "--to must be a postgres:// URL"},
		{"source is postgres", []string{"--db", url, "migrate", "--to", fresh}, 2, "--db names a PostgreSQL database"},
		{"missing source", []string{"--db", filepath.Join(t.TempDir(), "nope.db"), "migrate", "--to", fresh}, 1, "nope.db: no such file"},
		{"source not sqlite", []string{"--db", filepath.Join(fixtures, "aspi", "tracker.json"), "migrate", "--to", fresh}, 1, "not a SQLite database"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var o, e strings.Builder
			code := run(tc.args, strings.NewReader(""), &o, &e)
			if code != tc.code || !strings.Contains(e.String(), tc.want) {
				t.Errorf("code %d stderr %q; want code %d and %q", code, e.String(), tc.code, tc.want)
			}
		})
	}
	// None of the refused runs wrote anything.
	if out, _, _ := cli(t, fresh, "", "tenants", "ls"); !strings.Contains(out, "no tenants yet") {
		t.Errorf("refused migrations wrote to the target: %q", out)
	}
}

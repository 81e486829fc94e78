package pgtest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

func TestMain(m *testing.M) { Main(m) }

// TestDatabasesAreFreshAndSeparate checks that each database is new, usable
// and not shared, and that it is dropped when its test ends.
func TestDatabasesAreFreshAndSeparate(t *testing.T) {
	ctx := context.Background()
	var first string
	t.Run("first", func(t *testing.T) {
		first = Database(t)
		c, err := pgx.Connect(ctx, first)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, "CREATE TABLE t (x int)"); err != nil {
			t.Fatal(err)
		}
	})
	second := Database(t)
	if second == first {
		t.Fatalf("two tests got the same database %s", first)
	}
	c, err := pgx.Connect(ctx, second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	var n int
	if err := c.QueryRow(ctx, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").Scan(&n); err != nil || n != 0 {
		t.Fatalf("new database has %d tables (%v), want 0", n, err)
	}
	var exists bool
	name := first[len(first)-len("test_0123456789abcdef"):]
	if err := c.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil || exists {
		t.Fatalf("database %s of a finished test still exists (%v)", name, err)
	}
}

func TestFindBinaries(t *testing.T) {
	root := t.TempDir()
	t.Setenv("PATH", t.TempDir()) // nothing on PATH
	glob := filepath.Join(root, "*", "bin", "initdb")
	if _, err := findBinaries(glob); err == nil || !strings.Contains(err.Error(), "no PostgreSQL server binaries") || !strings.Contains(err.Error(), EnvURL) {
		t.Fatalf("no binaries anywhere: err %v, want a clear message naming %s", err, EnvURL)
	}
	for _, v := range []string{"9.6", "13", "16"} {
		dir := filepath.Join(root, v, "bin")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{"initdb", "postgres"} {
			if err := os.WriteFile(filepath.Join(dir, f), []byte("#!/bin/sh\n"), 0o755); err != nil {
				t.Fatal(err)
			}
		}
	}
	got, err := findBinaries(glob)
	if err != nil || got != filepath.Join(root, "16", "bin") {
		t.Fatalf("findBinaries = %q, %v; want the newest version's bin", got, err)
	}
	t.Setenv("PATH", filepath.Join(root, "13", "bin"))
	if got, err := findBinaries(glob); err != nil || got != filepath.Join(root, "13", "bin") {
		t.Fatalf("findBinaries with initdb on PATH = %q, %v; want PATH's", got, err)
	}
}

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/collabcheck/collabcheck/internal/store/sqlite"
)

func TestBackupRestoreCLI(t *testing.T) {
	srv := pgServer(t)
	db := filledDB(t)
	dir := t.TempDir()
	backup := filepath.Join(dir, "backup.db")

	out, errs, code := cli(t, db, "", "backup", "--out", backup)
	if code != 0 || !strings.Contains(out, "backed up") || !strings.Contains(out, "tenants") {
		t.Fatalf("backup: %q %q (code %d)", out, errs, code)
	}

	// Into a new SQLite file and into PostgreSQL.
	restored := filepath.Join(dir, "restored.db")
	if out, errs, code := cli(t, restored, "", "restore", "--from", backup); code != 0 || !strings.Contains(out, "restored") {
		t.Fatalf("restore into SQLite: %q %q (code %d)", out, errs, code)
	}
	sameViews(t, db, restored)
	pg := srv.CreateDatabase(t)
	if _, errs, code := cli(t, pg, "", "restore", "--from", backup); code != 0 {
		t.Fatalf("restore into PostgreSQL: %q (code %d)", errs, code)
	}
	sameViews(t, db, pg)

	// A backup of PostgreSQL restores into SQLite with the same contents.
	pgBackup := filepath.Join(dir, "pg-backup.db")
	if _, errs, code := cli(t, pg, "", "backup", "--out", pgBackup); code != 0 {
		t.Fatalf("backup of PostgreSQL: %q (code %d)", errs, code)
	}
	again := filepath.Join(dir, "again.db")
	if _, errs, code := cli(t, again, "", "restore", "--from", pgBackup); code != 0 {
		t.Fatalf("restore of the PostgreSQL backup: %q (code %d)", errs, code)
	}
	sameViews(t, db, again)

	text := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(text, []byte("not a database at all, only some words"), 0o600); err != nil {
		t.Fatal(err)
	}
	older := filepath.Join(dir, "older.db")
	if _, errs, code := cli(t, db, "", "backup", "--out", older); code != 0 {
		t.Fatal(errs)
	}
	// Pretend the backup comes from another version.
	if _, _, code := cli(t, older, "", "tenants", "ls"); code != 0 {
		t.Fatal("backup does not open")
	}
	editSQLite(t, older, `DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations)`)
	empty := filepath.Join(dir, "empty.db")
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"backup without --out", []string{"--db", db, "backup"}, 2, "--out is required"},
		{"backup over a file", []string{"--db", db, "backup", "--out", backup}, 1, "file exists"},
		{"backup of a missing database", []string{"--db", filepath.Join(dir, "nope.db"), "backup", "--out", filepath.Join(dir, "b2.db")}, 1, "no database at"},
		{"restore without --from", []string{"--db", empty, "restore"}, 2, "--from is required"},
		{"restore from a missing file", []string{"--db", empty, "restore", "--from", filepath.Join(dir, "missing.db")}, 1, "missing.db: no such file"},
		{"restore from a text file", []string{"--db", empty, "restore", "--from", text}, 1, "not a SQLite database"},
		{"restore of another version", []string{"--db", empty, "restore", "--from", older}, 1, "schema versions differ"},
		{"restore into a full database", []string{"--db", restored, "restore", "--from", backup}, 1, "not empty"},
		{"restore into full PostgreSQL", []string{"--db", pg, "restore", "--from", backup}, 1, "not empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var o, e strings.Builder
			code := run(tc.args, strings.NewReader(""), &o, &e)
			if code != tc.code || !strings.Contains(e.String(), tc.want) {
				t.Errorf("code %d stderr %q; want code %d and %q", code, e.String(), tc.code, tc.want)
			}
		})
	}
	if out, _, _ := cli(t, empty, "", "tenants", "ls"); !strings.Contains(out, "no tenants yet") {
		t.Errorf("failed restores wrote to the target: %q", out)
	}
	if _, err := os.Stat(filepath.Join(dir, "nope.db")); err == nil {
		t.Error("backup created the missing database")
	}
	sameViews(t, db, restored) // the refused restore left it as it was
}

// editSQLite runs one statement on a SQLite database file.
func editSQLite(t *testing.T, path, stmt string) {
	t.Helper()
	st, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.DB().ExecContext(t.Context(), stmt); err != nil {
		t.Fatal(err)
	}
}

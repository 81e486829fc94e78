package transfer_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/store/sqlite"
	"github.com/collabcheck/collabcheck/internal/store/storetest"
	"github.com/collabcheck/collabcheck/internal/store/transfer"
)

// writer imports lists into st until stopped, so backups run while the
// database changes.
type writer struct {
	done    atomic.Int64
	stop    chan struct{}
	started chan struct{}
	once    sync.Once
	wg      sync.WaitGroup
	err     error
}

func startWriter(st store.Store) *writer {
	w := &writer{stop: make(chan struct{}), started: make(chan struct{})}
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		for i := 0; ; i++ {
			select {
			case <-w.stop:
				return
			default:
			}
			list := fmt.Sprintf("live%d", i%3)
			_, _, err := st.ImportList(context.Background(), store.ListImport{
				List: list, Format: "synthetic", Source: "writer", ContentHash: fmt.Sprintf("sha256:live-%d", i),
				Entities: storetest.Synthetic(150+i%50, uint64(100+i)),
			})
			if err != nil {
				w.err = fmt.Errorf("import %d: %w", i, err)
				w.once.Do(func() { close(w.started) })
				return
			}
			w.done.Add(1)
			w.once.Do(func() { close(w.started) })
		}
	}()
	return w
}

func (w *writer) halt() error {
	close(w.stop)
	w.wg.Wait()
	return w.err
}

// consistent opens the backup as a store and checks that every list
// version holds as many entities as it records, and that every list's
// active version exists: a backup taken mid-import would fail this.
func consistent(t *testing.T, path string) {
	t.Helper()
	ctx := t.Context()
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatalf("backup %s does not open as a store: %v", path, err)
	}
	defer st.Close()
	lists, err := st.Lists(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(lists) < 3 {
		t.Errorf("backup %s: only %d lists", path, len(lists))
	}
	for _, l := range lists {
		vs, err := st.Versions(ctx, l.List)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range vs {
			es, err := st.Entities(ctx, l.List, v.Number)
			if err != nil {
				t.Fatalf("backup %s: %s version %d: %v", path, l.List, v.Number, err)
			}
			if len(es) != v.EntityCount {
				t.Errorf("backup %s: %s version %d records %d entities, holds %d", path, l.List, v.Number, v.EntityCount, len(es))
			}
		}
	}
}

// TestBackupDuringWrites backs up each backend three times while a writer
// imports lists, checks each backup is a consistent snapshot, and restores
// it into an empty SQLite and an empty PostgreSQL database that then
// compare equal to the backup, table by table.
func TestBackupDuringWrites(t *testing.T) {
	for _, backend := range []string{"sqlite", "postgres"} {
		t.Run(backend, func(t *testing.T) {
			ctx := t.Context()
			var st store.Store
			if backend == "sqlite" {
				st = openSQLite(t, "live.db")
			} else {
				st = openPostgres(t)
			}
			fill(t, st)
			w := startWriter(st)
			<-w.started
			dir := t.TempDir()
			var files []string
			for i := range 3 {
				out := filepath.Join(dir, fmt.Sprintf("backup-%d.db", i))
				before := w.done.Load()
				rep, err := transfer.Backup(ctx, end(t, st, backend), out, transfer.Options{})
				if err != nil {
					w.halt()
					t.Fatal(err)
				}
				t.Logf("backup %d: %d rows in %d tables in %v; %d imports committed meanwhile", i, rep.Rows(), len(rep.Tables), rep.Elapsed, w.done.Load()-before)
				files = append(files, out)
			}
			if err := w.halt(); err != nil {
				t.Fatal(err)
			}
			if w.done.Load() < 2 {
				t.Errorf("writer made only %d imports", w.done.Load())
			}
			for _, f := range files {
				for _, target := range []string{"sqlite", "postgres"} {
					var dst store.Store
					if target == "sqlite" {
						dst = openSQLite(t, "restored.db")
					} else {
						dst = openPostgres(t)
					}
					if _, err := transfer.Restore(ctx, f, end(t, dst, target), transfer.Options{}); err != nil {
						t.Fatalf("restore %s into %s: %v", f, target, err)
					}
					src, closer, err := transfer.OpenFile(ctx, f)
					if err != nil {
						t.Fatal(err)
					}
					if _, err := transfer.Compare(ctx, src, end(t, dst, target)); err != nil {
						t.Errorf("restored %s: %v", target, err)
					}
					closer.Close()
				}
				consistent(t, f)
			}
		})
	}
}

func TestBackupRefusals(t *testing.T) {
	ctx := t.Context()
	st := openSQLite(t, "live.db")
	fill(t, st)
	dir := t.TempDir()
	out := filepath.Join(dir, "b.db")
	if _, err := transfer.Backup(ctx, end(t, st, "live"), out, transfer.Options{}); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(out)
	if _, err := transfer.Backup(ctx, end(t, st, "live"), out, transfer.Options{}); err == nil || !strings.Contains(err.Error(), "file exists") {
		t.Fatalf("second backup to the same file: %v", err)
	}
	if after, _ := os.ReadFile(out); string(after) != string(before) {
		t.Error("refused backup changed the existing file")
	}
	if _, err := transfer.Backup(ctx, end(t, st, "live"), filepath.Join(dir, "no", "such", "dir.db"), transfer.Options{}); err == nil {
		t.Error("backup into a missing directory succeeded")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}

	// Restoring into a non-empty target, or a backup of another version.
	full := openSQLite(t, "full.db")
	fill(t, full)
	if _, err := transfer.Restore(ctx, out, end(t, full, "full.db"), transfer.Options{}); !errors.Is(err, transfer.ErrNotEmpty) || !strings.Contains(err.Error(), "list_versions (") {
		t.Fatalf("restore into a full database: %v", err)
	}
	bst, err := sqlite.Open(ctx, out)
	if err != nil {
		t.Fatal(err)
	}
	bst.DB().ExecContext(ctx, `DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations)`)
	bst.Close()
	pg := openPostgres(t)
	if _, err := transfer.Restore(ctx, out, end(t, pg, "pg"), transfer.Options{}); !errors.Is(err, transfer.ErrVersion) || !strings.Contains(err.Error(), out) {
		t.Fatalf("restore of an older backup: %v", err)
	}
	emptyAfter(t, end(t, pg, "pg"))
}

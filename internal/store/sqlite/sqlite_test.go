package sqlite

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/store/migrations"
	"github.com/collabcheck/collabcheck/internal/store/storetest"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

func openTemp(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "collabcheck.db"))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openTemp(t) })
}

func TestOpenRejectsNonFiles(t *testing.T) {
	for _, dsn := range []string{"", ":memory:", "file:x?mode=memory", "x.db?_pragma=foo"} {
		if s, err := Open(context.Background(), dsn); err == nil {
			s.Close()
			t.Errorf("Open(%q) succeeded, want an error", dsn)
		}
	}
}

func TestOpenUnwritableDir(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no", "such", "dir", "x.db")
	s, err := Open(context.Background(), path)
	if err == nil {
		s.Close()
		t.Fatal("Open in a missing directory succeeded")
	}
	if !strings.Contains(err.Error(), path) {
		t.Errorf("error %q does not name the path", err)
	}
}

// TestReopenKeepsDataAndMigratesOnce checks that migrations are recorded and
// not re-run, that the file is in WAL mode, and that data survives a reopen.
func TestReopenKeepsDataAndMigratesOnce(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "c.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	es := storetest.Synthetic(50, 9)
	if _, _, err := s.ImportList(ctx, store.ListImport{List: "l", ContentHash: "x", Entities: es}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close()
	var mode string
	if err := s.r.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode = %q, %v; want wal", mode, err)
	}
	ms, err := migrations.Load(migrations.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM schema_migrations").Scan(&n); err != nil || n != len(ms) {
		t.Fatalf("schema_migrations rows = %d, %v; want one per migration (%d)", n, err, len(ms))
	}
	got, err := s.Entities(ctx, "l", 0)
	if err != nil || len(got) != 50 {
		t.Fatalf("after reopen: %d entities, %v; want 50", len(got), err)
	}
}

// TestReadPoolIsReadOnly guards the design: only the single writer
// connection may write, so imports never meet SQLITE_BUSY from our own pool.
func TestReadPoolIsReadOnly(t *testing.T) {
	s := openTemp(t)
	defer s.Close()
	if _, err := s.r.Exec("DELETE FROM lists"); err == nil {
		t.Fatal("write through the read pool succeeded")
	}
}

const (
	crashEnv      = "COLLABCHECK_SQLITE_CRASH_CHILD"
	crashMarker   = "IMPORT-IN-TRANSACTION"
	crashChildN   = 300000
	crashBaseN    = 2000
	crashListName = "crash-list"
)

// TestCrashMidImport SIGKILLs a real process in the middle of a 300,000
// entity import and checks that the previous version is still active and
// intact and that the database opens cleanly and passes integrity_check.
// The child is this test binary re-executed with crashEnv set.
func TestCrashMidImport(t *testing.T) {
	if path := os.Getenv(crashEnv); path != "" {
		crashChild(t, path)
		return
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "crash.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	base := storetest.Synthetic(crashBaseN, 1)
	v1, _, err := s.ImportList(ctx, store.ListImport{List: crashListName, Format: "synthetic", ContentHash: "v1", Entities: base})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashMidImport$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashEnv+"="+path)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start child: %v", err)
	}
	// Kill the child anyway if it hangs, so a broken child fails the test
	// instead of stalling it.
	watchdog := time.AfterFunc(2*time.Minute, func() { cmd.Process.Kill() })
	defer watchdog.Stop()
	written := ""
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if after, ok := strings.CutPrefix(sc.Text(), crashMarker+" "); ok {
			written = after
			break
		}
	}
	if written == "" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("child ended without reporting an open transaction (scan err %v)", sc.Err())
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("kill child: %v", err)
	}
	err = cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("child was not killed mid-import: wait = %v", err)
	}
	if fi, err := os.Stat(path + "-wal"); err == nil {
		t.Logf("killed after %s entities written; WAL left behind: %d bytes", written, fi.Size())
	}

	s, err = Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen after crash: %v", err)
	}
	defer s.Close()
	var check string
	if err := s.r.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v", check, err)
	}
	lists, err := s.Lists(ctx)
	if err != nil || len(lists) != 1 || lists[0].ID != v1.ID || lists[0].Number != 1 || lists[0].ContentHash != "v1" {
		t.Fatalf("after crash Lists = %+v, %v; want version 1 active", lists, err)
	}
	vs, err := s.Versions(ctx, crashListName)
	if err != nil || len(vs) != 1 {
		t.Fatalf("after crash Versions = %+v, %v; want only version 1", vs, err)
	}
	var rows int
	if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM list_entities").Scan(&rows); err != nil || rows != crashBaseN {
		t.Fatalf("after crash list_entities has %d rows, %v; want %d", rows, err, crashBaseN)
	}
	got, err := s.Entities(ctx, crashListName, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := storetest.Synthetic(crashBaseN, 1) // sorted by id already: ids are zero-padded
	if !reflect.DeepEqual(got, want) {
		t.Fatal("after crash the active version's entities differ from what was imported")
	}
	// And the database takes writes again.
	v2, created, err := s.ImportList(ctx, store.ListImport{List: crashListName, ContentHash: "v2", Entities: storetest.Synthetic(10, 2)})
	if err != nil || !created || v2.Number != 2 {
		t.Fatalf("import after crash = %+v, %v, %v; want version 2", v2, created, err)
	}
}

// crashChild imports a big list and reports on stdout, from inside the
// transaction, once a third of it is written; it then goes on writing and
// finally blocks before commit, so the parent's SIGKILL always lands
// mid-import.
func crashChild(t *testing.T, path string) {
	s, err := Open(context.Background(), path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "child open:", err)
		os.Exit(3)
	}
	in := store.ListImport{List: crashListName, Format: "synthetic", ContentHash: "v2", Entities: storetest.Synthetic(crashChildN, 7)}
	reported := false
	in.Progress = func(n int) {
		if !reported && n >= crashChildN/3 {
			reported = true
			fmt.Printf("%s %d\n", crashMarker, n)
			os.Stdout.Sync()
		}
		if n == crashChildN {
			time.Sleep(time.Minute) // never commit; the parent kills us long before
		}
	}
	_, _, err = s.ImportList(context.Background(), in)
	fmt.Fprintln(os.Stderr, "child import returned:", err)
	os.Exit(4)
}

func BenchmarkImport100k(b *testing.B) {
	benchmarkImport(b, 100000)
}

func benchmarkImport(b *testing.B, n int) {
	ctx := context.Background()
	s := openTemp(b)
	defer s.Close()
	lists := [2][]watchlist.Entity{storetest.Synthetic(n, 1), storetest.Synthetic(n, 2)}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_, created, err := s.ImportList(ctx, store.ListImport{List: "bench", ContentHash: fmt.Sprint(i), Entities: lists[i%2]})
		if err != nil || !created {
			b.Fatalf("import: %v (created %v)", err, created)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "entities/s")
}

// BenchmarkActiveEntities100k measures streaming a 100k-entity active
// version, the work of a match index rebuild.
func BenchmarkActiveEntities100k(b *testing.B) {
	ctx := context.Background()
	s := openTemp(b)
	defer s.Close()
	const n = 100000
	if _, _, err := s.ImportList(ctx, store.ListImport{List: "bench", ContentHash: "x", Entities: storetest.Synthetic(n, 1)}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		count := 0
		if err := s.ActiveEntities(ctx, func(string, watchlist.Version, watchlist.Entity) error { count++; return nil }); err != nil || count != n {
			b.Fatalf("streamed %d, err %v", count, err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "entities/s")
}

package jobs

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/store/postgres"
	"github.com/collabcheck/collabcheck/internal/store/postgres/pgtest"
	"github.com/collabcheck/collabcheck/internal/store/sqlite"
)

// helperEnv, when set, makes the test binary a worker process for
// TestCrashResumes: "backend|dsn".
const helperEnv = "COLLABCHECK_JOBS_TEST_WORKER"

func TestMain(m *testing.M) {
	if spec := os.Getenv(helperEnv); spec != "" {
		os.Exit(runHelperWorker(spec))
	}
	pgtest.Main(m)
}

// countArgs is a test job: append the numbers 0..N-1 to File, one line
// each, checkpointing after every number. BlockAfter > 0 makes the worker
// hang after that many numbers (a process to kill mid-job).
type countArgs struct {
	N          int    `json:"n"`
	File       string `json:"file"`
	Delay      int    `json:"delay_ms"`
	BlockAfter int    `json:"block_after,omitempty"`
}

func (countArgs) Kind() string { return "test_count" }

type countWorker struct {
	river.WorkerDefaults[countArgs]
	q *Queue
	// block, when true, honours BlockAfter.
	block bool
}

func (w *countWorker) Work(ctx context.Context, j *river.Job[countArgs]) error {
	start := 0
	if p, ok := Resume(j.JobRow); ok {
		if err := json.Unmarshal(p.Checkpoint, &start); err != nil {
			return fmt.Errorf("bad checkpoint %s: %w", p.Checkpoint, err)
		}
	}
	f, err := os.OpenFile(j.Args.File, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	for i := start; i < j.Args.N; i++ {
		if _, err := fmt.Fprintf(f, "%d\n", i); err != nil {
			return err
		}
		cp, _ := json.Marshal(i + 1)
		if err := w.q.Report(ctx, j.ID, Progress{Done: i + 1, Total: j.Args.N, Checkpoint: cp}); err != nil {
			return err
		}
		if w.block && j.Args.BlockAfter == i+1 {
			select {} // hang until killed
		}
		if j.Args.Delay > 0 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(time.Duration(j.Args.Delay) * time.Millisecond):
			}
		}
	}
	return nil
}

type backend struct {
	name string
	// open returns a store and the spec a helper process opens it with.
	open func(t *testing.T) (store.Store, string)
}

var backends = []backend{
	{"sqlite", func(t *testing.T) (store.Store, string) {
		path := filepath.Join(t.TempDir(), "collabcheck.db")
		s, err := sqlite.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s, "sqlite|" + path
	}},
	{"postgres", func(t *testing.T) (store.Store, string) {
		dsn := pgtest.Database(t)
		s, err := postgres.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s, "postgres|" + dsn
	}},
}

func openSpec(ctx context.Context, spec string) (store.Store, error) {
	kind, dsn, _ := strings.Cut(spec, "|")
	if kind == "sqlite" {
		return sqlite.Open(ctx, dsn)
	}
	return postgres.Open(ctx, dsn)
}

func startWorker(t *testing.T, st store.Store, block bool, timeout, rescue time.Duration) *Queue {
	t.Helper()
	ws := river.NewWorkers()
	w := &countWorker{block: block}
	river.AddWorker(ws, w)
	q, err := Open(context.Background(), st, Config{Workers: ws, PollInterval: 100 * time.Millisecond, JobTimeout: timeout, RescueAfter: rescue})
	if err != nil {
		t.Fatal(err)
	}
	w.q = q
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

func runHelperWorker(spec string) int {
	ctx := context.Background()
	st, err := openSpec(ctx, spec)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	ws := river.NewWorkers()
	w := &countWorker{block: true}
	river.AddWorker(ws, w)
	q, err := Open(ctx, st, Config{Workers: ws, PollInterval: 100 * time.Millisecond, JobTimeout: time.Second, RescueAfter: 2 * time.Second})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	w.q = q
	if err := q.Start(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	select {}
}

func waitJob(t *testing.T, q *Queue, id int64, within time.Duration, ok func(Job) bool) Job {
	t.Helper()
	deadline := time.Now().Add(within)
	var j Job
	var err error
	for time.Now().Before(deadline) {
		if j, err = q.Get(context.Background(), id); err == nil && ok(j) {
			return j
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("job %d: condition not reached in %v; last %+v (err %v)", id, within, j, err)
	return j
}

func readNumbers(t *testing.T, path string) []int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []int
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		n, err := strconv.Atoi(sc.Text())
		if err != nil {
			t.Fatalf("bad line %q", sc.Text())
		}
		out = append(out, n)
	}
	return out
}

func TestProgressAndCompletion(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			st, _ := b.open(t)
			q := startWorker(t, st, false, 0, 0)
			file := filepath.Join(t.TempDir(), "out")
			id, dup, err := q.Enqueue(context.Background(), countArgs{N: 5, File: file})
			if err != nil || dup {
				t.Fatalf("enqueue: %v dup=%v", err, dup)
			}
			j := waitJob(t, q, id, 20*time.Second, func(j Job) bool { return j.State == "completed" })
			if j.Progress == nil || j.Progress.Done != 5 || j.Progress.Total != 5 {
				t.Errorf("completed job progress %+v, want 5 of 5", j.Progress)
			}
			if got := readNumbers(t, file); fmt.Sprint(got) != "[0 1 2 3 4]" {
				t.Errorf("processed %v", got)
			}
			list, err := q.List(context.Background(), 10)
			if err != nil || len(list) != 1 || list[0].ID != id || list[0].Kind != "test_count" {
				t.Errorf("List: %+v %v", list, err)
			}
			if _, err := q.Get(context.Background(), id+1000); !errors.Is(err, ErrNotFound) {
				t.Errorf("Get of an unknown id: %v, want ErrNotFound", err)
			}
		})
	}
}

func TestCancelRunningJob(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			st, _ := b.open(t)
			q := startWorker(t, st, false, 0, 0)
			file := filepath.Join(t.TempDir(), "out")
			id, _, err := q.Enqueue(context.Background(), countArgs{N: 10000, File: file, Delay: 20})
			if err != nil {
				t.Fatal(err)
			}
			waitJob(t, q, id, 20*time.Second, func(j Job) bool { return j.Progress != nil && j.Progress.Done >= 3 })
			if _, err := q.Cancel(context.Background(), id); err != nil {
				t.Fatal(err)
			}
			j := waitJob(t, q, id, 20*time.Second, func(j Job) bool { return j.State == "cancelled" })
			n := len(readNumbers(t, file))
			if n >= 10000 || j.Progress == nil || j.Progress.Done >= 10000 {
				t.Errorf("cancelled job processed %d numbers (progress %+v); want it stopped early", n, j.Progress)
			}
			time.Sleep(300 * time.Millisecond)
			if later := len(readNumbers(t, file)); later != n {
				t.Errorf("the worker went on after the job was cancelled: %d then %d numbers", n, later)
			}
			if _, err := q.Cancel(context.Background(), 999999); !errors.Is(err, ErrNotFound) {
				t.Errorf("cancel of an unknown id: %v, want ErrNotFound", err)
			}
		})
	}
}

// TestCrashResumes kills a worker process with SIGKILL mid-job; a new
// worker rescues the job and resumes from its checkpoint, so every number
// is processed exactly once.
func TestCrashResumes(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			st, spec := b.open(t)
			insert, err := Open(context.Background(), st, Config{})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { insert.Close() })
			file := filepath.Join(t.TempDir(), "out")
			id, _, err := insert.Enqueue(context.Background(), countArgs{N: 20, File: file, BlockAfter: 8})
			if err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), helperEnv+"="+spec)
			cmd.Stderr = os.Stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			waitJob(t, insert, id, 30*time.Second, func(j Job) bool { return j.Progress != nil && j.Progress.Done == 8 })
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			cmd.Wait()
			if got := readNumbers(t, file); len(got) != 8 {
				t.Fatalf("the killed worker processed %v, want 8 numbers", got)
			}
			q := startWorker(t, st, false, time.Second, 2*time.Second)
			j := waitJob(t, q, id, 90*time.Second, func(j Job) bool { return j.State == "completed" })
			got := readNumbers(t, file)
			want := make([]int, 20)
			for i := range want {
				want[i] = i
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("numbers processed across the crash %v, want each of 0..19 once", got)
			}
			if j.Attempt < 2 {
				t.Errorf("job finished in attempt %d, want a second attempt after the crash", j.Attempt)
			}
		})
	}
}

func TestRescreenIsUniqueByListVersions(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			st, _ := b.open(t)
			q1, err := Open(context.Background(), st, Config{})
			if err != nil {
				t.Fatal(err)
			}
			defer q1.Close()
			q2, err := Open(context.Background(), st, Config{}) // a second server
			if err != nil {
				t.Fatal(err)
			}
			defer q2.Close()
			id1, dup1, err := q1.Enqueue(context.Background(), RescreenArgs{Lists: "a@1,b@2"})
			if err != nil || dup1 {
				t.Fatalf("first enqueue: %v %v", dup1, err)
			}
			id2, dup2, err := q2.Enqueue(context.Background(), RescreenArgs{Lists: "a@1,b@2"})
			if err != nil || !dup2 || id2 != id1 {
				t.Fatalf("second enqueue of the same versions: id %d dup %v err %v, want job %d as duplicate", id2, dup2, err, id1)
			}
			id3, dup3, err := q2.Enqueue(context.Background(), RescreenArgs{Lists: "a@1,b@3"})
			if err != nil || dup3 || id3 == id1 {
				t.Fatalf("enqueue for new versions: id %d dup %v err %v, want a new job", id3, dup3, err)
			}
		})
	}
}

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/collabcheck/collabcheck/internal/auth"
	"github.com/collabcheck/collabcheck/internal/jobs"
	"github.com/collabcheck/collabcheck/internal/portfolio"
	"github.com/collabcheck/collabcheck/internal/registry"
	"github.com/collabcheck/collabcheck/internal/registry/rordump"
	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/store/postgres"
	"github.com/collabcheck/collabcheck/internal/store/sqlite"
	"github.com/collabcheck/collabcheck/internal/watchlist"
	"github.com/jackc/pgx/v5"
)

// Invented name parts: organisations are made of these, none real.
var (
	jpRoots  = strings.Fields("Velmora Quintar Ostrava Belcourt Marrowind Thessaly Corvane Dunmere Aldervale Brisket Caldmoor Everlin Fennick Galloway Harrowgate Islay")
	jpKinds  = []string{"Institute of %s Studies", "University of %s", "%s Polytechnic", "%s Research Centre", "%s Academy of Sciences"}
	jpFields = strings.Fields("Materials Optics Aerodynamics Agriculture Hydrology Acoustics")
)

// seedPortfolioStore fills st with an invented registry of organisations
// (a few listed, some laboratories whose parent is listed), the list and a
// tenant "north", and returns the generator parts naming them.
func seedPortfolioStore(t *testing.T, st store.Store) portfolio.GenParts {
	t.Helper()
	ctx := context.Background()
	var orgs []registry.Org
	var ents []watchlist.Entity
	var parts portfolio.GenParts
	n := 0
	for _, root := range jpRoots {
		for ki, kind := range jpKinds {
			n++
			name := fmt.Sprintf(kind, root)
			id := fmt.Sprintf("https://ror.org/0zz%06d", n)
			orgs = append(orgs, registry.Org{ID: id, Names: []registry.Name{{Value: name, Types: []string{registry.NameDisplay}}},
				Country: "xz", CountryName: "Xanadu", City: root + " City", Status: registry.StatusActive, Types: []string{"education"}})
			parts.Orgs = append(parts.Orgs, portfolio.GenOrg{Name: name, City: root + " City", Country: "Xanadu", ROR: id, Units: true})
			if (n+ki)%7 == 0 { // listed, with a laboratory under it
				ents = append(ents, watchlist.Entity{SourceID: fmt.Sprintf("L%d", n), Kind: watchlist.KindOrganization, Countries: []string{"xz"},
					Names: []watchlist.Name{{Value: name, Kind: watchlist.NamePrimary}}, Memberships: []watchlist.Membership{{List: "invented", Program: "P1"}}})
				parts.Listed = append(parts.Listed, portfolio.GenOrg{Name: name, Country: "Xanadu"})
				lab := fmt.Sprintf("%s Laboratory of %s", root, jpFields[n%len(jpFields)])
				labID := fmt.Sprintf("https://ror.org/0zy%06d", n)
				orgs = append(orgs, registry.Org{ID: labID, Names: []registry.Name{{Value: lab, Types: []string{registry.NameDisplay}}},
					Country: "xz", CountryName: "Xanadu", City: root + " City", Status: registry.StatusActive,
					Relationships: []registry.Relationship{{Type: registry.RelParent, ID: id}}})
				parts.Orgs = append(parts.Orgs, portfolio.GenOrg{Name: lab, City: root + " City", Country: "Xanadu", ROR: labID})
			}
		}
	}
	if _, _, err := st.ImportList(ctx, store.ListImport{List: "invented", Format: "test", Source: "test", Entities: ents}); err != nil {
		t.Fatal(err)
	}
	reg, err := store.RegistryOf(st)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := reg.ImportRegistry(ctx, store.RegistryImport{Source: "test", Orgs: func(yield func(registry.Org) error) (rordump.Info, error) {
		for _, o := range orgs {
			if err := yield(o); err != nil {
				return rordump.Info{}, err
			}
		}
		return rordump.Info{}, nil
	}}); err != nil {
		t.Fatal(err)
	}
	acc, err := store.AccountsOf(st)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := acc.CreateTenant(ctx, store.NewTenant{Name: "north", Kind: auth.Organisation}); err != nil {
		t.Fatal(err)
	}
	parts.Given = strings.Fields("Arlo Brin Cassia Doran Elsk Fenna Gorin Hale Ivo Jessa")
	parts.Family = strings.Fields("Quell Marrow Tansy Oakes Pellow Rusk Sorrel Thane Umber Voss")
	return parts
}

// writePortfolio generates an OpenAlex file of n strings (with a few
// malformed lines appended) and returns its path.
func writePortfolio(t *testing.T, parts portfolio.GenParts, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "works.jsonl")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := portfolio.Generate(f, parts, portfolio.GenOptions{Strings: n, Seed: 7, Format: portfolio.FormatOpenAlex, ListedShare: 0.05, Noise: 0.3}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("{\"id\": broken\n"); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// findingKey names one stored result: the work line, person, affiliation
// and partner.
func findingKey(f store.PortfolioFinding) string {
	return fmt.Sprintf("%d|%s|%s|%s|%s", f.Line, f.Person, f.Affiliation, f.PartnerID, f.PartnerName)
}

// referenceRun processes the file in this process and returns its summary
// and each finding's key with how often it occurs.
func referenceRun(t *testing.T, st store.Store, path string, chunk int) (store.PortfolioSummary, map[string]int) {
	t.Helper()
	ctx := context.Background()
	eng, err := loadPortfolioEngine(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rd, err := portfolio.NewReader(f, portfolio.FormatOpenAlex)
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]int{}
	sum, err := eng.Run(ctx, rd, portfolio.Options{ChunkSize: chunk, Save: func(_ context.Context, c store.PortfolioChunk) error {
		for _, fd := range c.Findings {
			keys[findingKey(fd)]++
		}
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Findings == 0 || sum.Malformed != 1 {
		t.Fatalf("reference run found %d findings and %d malformed lines; the test needs findings and the one broken line", sum.Findings, sum.Malformed)
	}
	return sum, keys
}

// buildBinary builds collabcheck into a temporary directory.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "collabcheck")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// worker is a `collabcheck jobs work` child process.
type worker struct {
	cmd  *exec.Cmd
	log  string
	done chan struct{}
}

func startJobWorker(t *testing.T, bin, db string, extra ...string) *worker {
	t.Helper()
	logPath := filepath.Join(t.TempDir(), "worker.log")
	lf, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	args := append([]string{"--db", db, "jobs", "work", "--jobs", "1", "--check", "1h"}, extra...)
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = lf, lf
	cmd.Env = append(os.Environ(), EnvChunkLease+"=3s")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w := &worker{cmd: cmd, log: logPath, done: make(chan struct{})}
	go func() { cmd.Wait(); lf.Close(); close(w.done) }()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-w.done:
		case <-time.After(15 * time.Second):
			cmd.Process.Kill()
			<-w.done
		}
		if t.Failed() {
			b, _ := os.ReadFile(logPath)
			t.Logf("worker %d log:\n%s", cmd.Process.Pid, tail(string(b), 3000))
		}
	})
	return w
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

func (w *worker) kill(t *testing.T) {
	t.Helper()
	if err := w.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-w.done
}

// savedBy counts the saved chunks per worker process id.
func savedBy(cs []store.PortfolioChunkDone) map[int]int {
	out := map[int]int{}
	for _, c := range cs {
		var pid int
		name, _, _ := strings.Cut(c.SavedBy, "/")
		if i := strings.LastIndexByte(name, '-'); i >= 0 {
			fmt.Sscan(name[i+1:], &pid)
		}
		out[pid]++
	}
	return out
}

// heldChunks lists the chunks of a run the worker with the given process
// id has claimed and not saved.
func heldChunks(t *testing.T, st *postgres.Store, run int64, pid int) []int {
	t.Helper()
	rows, err := st.Pool().Query(context.Background(), `SELECT chunk FROM portfolio_claims c WHERE run_id = $1 AND claimed_by LIKE $2
		AND NOT EXISTS (SELECT 1 FROM portfolio_chunks d WHERE d.run_id = c.run_id AND d.chunk = c.chunk) ORDER BY chunk`,
		run, fmt.Sprintf("%%-%d/%%", pid))
	if err != nil {
		t.Fatal(err)
	}
	held, err := pgx.CollectRows(rows, pgx.RowTo[int])
	if err != nil {
		t.Fatal(err)
	}
	return held
}

// waitUntil polls cond until it holds or the timeout ends.
func waitUntil(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	end := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(end) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// checkRun asserts the run completed with every chunk saved once and every
// finding stored exactly once, as the reference run found them.
func checkRun(t *testing.T, p store.Portfolio, tenant, runID int64, chunk int, ref store.PortfolioSummary, refKeys map[string]int) []store.PortfolioChunkDone {
	t.Helper()
	ctx := context.Background()
	run, err := p.PortfolioRun(ctx, tenant, runID)
	if err != nil {
		t.Fatal(err)
	}
	if run.State != store.PortfolioDone {
		t.Fatalf("run state %s (%s), want done", run.State, run.Summary.Error)
	}
	cs, err := p.PortfolioChunkStats(ctx, tenant, runID)
	if err != nil {
		t.Fatal(err)
	}
	wantChunks := int((ref.Works + int64(chunk) - 1) / int64(chunk))
	if len(cs) != wantChunks {
		t.Errorf("%d chunks saved, want %d", len(cs), wantChunks)
	}
	for i, c := range cs {
		if c.Chunk != i {
			t.Fatalf("saved chunk %d at position %d: a chunk is missing or doubled", c.Chunk, i)
		}
	}
	total := store.SumPortfolioChunks(cs)
	if total.Works != ref.Works || total.Strings != ref.Strings || total.Findings != ref.Findings {
		t.Errorf("chunks count works %d, strings %d, findings %d; reference %d, %d, %d", total.Works, total.Strings, total.Findings, ref.Works, ref.Strings, ref.Findings)
	}
	s := run.Summary
	if s.Works != ref.Works || s.Strings != ref.Strings || s.Findings != ref.Findings || s.Malformed != ref.Malformed || s.Records != ref.Records {
		t.Errorf("run summary %+v; reference works %d strings %d findings %d malformed %d records %d", s, ref.Works, ref.Strings, ref.Findings, ref.Malformed, ref.Records)
	}
	got := map[string]int{}
	perChunk := map[int]int64{}
	if err := p.PortfolioFindings(ctx, tenant, runID, func(f store.PortfolioFinding) error {
		got[findingKey(f)]++
		perChunk[f.Chunk]++
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for k, n := range refKeys {
		if got[k] != n {
			t.Errorf("finding %q stored %d times, want %d", k, got[k], n)
		}
	}
	for k, n := range got {
		if refKeys[k] == 0 {
			t.Errorf("finding %q stored %d times, the reference has none", k, n)
		}
	}
	for _, c := range cs {
		if perChunk[c.Chunk] != c.Stats.Findings {
			t.Errorf("chunk %d: %d findings stored, its count says %d", c.Chunk, perChunk[c.Chunk], c.Stats.Findings)
		}
	}
	return cs
}

// TestPortfolioJobTwoWorkersOneKilled is the target: with PostgreSQL, two
// worker processes share one large portfolio run; one is killed midway
// (SIGKILL, holding a claimed chunk); the other finishes the run with no
// string's result stored twice and none lost.
func TestPortfolioJobTwoWorkersOneKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs PostgreSQL")
	}
	ctx := context.Background()
	dsn := pgServer(t).CreateDatabase(t)
	st, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	parts := seedPortfolioStore(t, st)
	path := writePortfolio(t, parts, 50000)
	const chunk = 100
	ref, refKeys := referenceRun(t, st, path, chunk)
	bin := buildBinary(t)

	out, errOut, code := cli(t, dsn, "", "portfolio", "import", path, "--tenant", "north", "--job", "--parts", "2", "--chunk", fmt.Sprint(chunk), "--json")
	if code != 0 {
		t.Fatalf("import --job: exit %d: %s", code, errOut)
	}
	var queued struct {
		Run  int64   `json:"run"`
		Jobs []int64 `json:"jobs"`
	}
	if err := json.Unmarshal([]byte(out), &queued); err != nil || queued.Run == 0 || len(queued.Jobs) != 2 {
		t.Fatalf("import --job printed %q (%v), want a run and two jobs", out, err)
	}
	p, _ := store.PortfolioOf(st)
	acc, _ := store.AccountsOf(st)
	tn, err := acc.TenantByName(ctx, "north")
	if err != nil {
		t.Fatal(err)
	}

	a := startJobWorker(t, bin, dsn)
	b := startJobWorker(t, bin, dsn)
	wantChunks := int((ref.Works + chunk - 1) / chunk)
	// The workers start unevenly on a loaded machine (each builds its
	// resolver first), and one alone can finish the run before the other
	// is ready: the first to save a chunk is frozen until the other has
	// saved one too, so both share the run. A chunk it holds meanwhile is
	// claimed again after its lease, as a dead worker's is.
	var staged []store.PortfolioChunkDone
	waitUntil(t, 3*time.Minute, "a worker to save a chunk", func() bool {
		if staged, err = p.PortfolioChunkStats(ctx, tn.ID, queued.Run); err != nil {
			t.Fatal(err)
		}
		return len(staged) > 0
	})
	first, second := a, b
	if by := savedBy(staged); by[a.cmd.Process.Pid] == 0 {
		first, second = b, a
	}
	if err := first.cmd.Process.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, 3*time.Minute, "the other worker to save a chunk", func() bool {
		if staged, err = p.PortfolioChunkStats(ctx, tn.ID, queued.Run); err != nil {
			t.Fatal(err)
		}
		return savedBy(staged)[second.cmd.Process.Pid] > 0
	})
	if err := first.cmd.Process.Signal(syscall.SIGCONT); err != nil {
		t.Fatal(err)
	}
	// Midway: both workers have saved chunks, and at least a quarter are
	// left for the survivor (a loaded machine can take a while to catch a
	// holding a chunk it has not saved).
	var cs []store.PortfolioChunkDone
	var held []int
	freezes := 0
	waitUntil(t, 3*time.Minute, "both workers to save chunks", func() bool {
		cs, err = p.PortfolioChunkStats(ctx, tn.ID, queued.Run)
		if err != nil {
			t.Fatal(err)
		}
		by := savedBy(cs)
		if by[a.cmd.Process.Pid] < 1 || by[b.cmd.Process.Pid] < 1 {
			return false
		}
		// Kill a while it holds a chunk it has not saved. a is frozen
		// (SIGSTOP) before the check, so it cannot start saving that chunk
		// between the check and the kill; a transaction it left open is
		// rolled back when it dies. A commit it sent just before the freeze
		// can still land, so the held chunks are read twice, a moment
		// apart, and only those unsaved both times count. The freeze is
		// tried again at once, a few times, before the next poll: between
		// two polls a fast machine saves a dozen chunks.
		for try := 0; try < 20; try++ {
			if err := a.cmd.Process.Signal(syscall.SIGSTOP); err != nil {
				t.Fatal(err)
			}
			freezes++
			if held = heldChunks(t, st, queued.Run, a.cmd.Process.Pid); len(held) > 0 {
				time.Sleep(100 * time.Millisecond)
				if held = heldChunks(t, st, queued.Run, a.cmd.Process.Pid); len(held) > 0 {
					if cs, err = p.PortfolioChunkStats(ctx, tn.ID, queued.Run); err != nil {
						t.Fatal(err)
					}
					return true
				}
			}
			a.cmd.Process.Signal(syscall.SIGCONT)
			time.Sleep(5 * time.Millisecond)
		}
		return false
	})
	if left := wantChunks - len(cs); left < wantChunks/4 {
		t.Fatalf("%d of %d chunks were done before the kill (worker frozen %d times to find it holding one); the portfolio is too small to kill a worker midway", len(cs), wantChunks, freezes)
	}
	a.kill(t)
	killedAt := len(cs)
	waitUntil(t, 4*time.Minute, "the surviving worker to finish the run", func() bool {
		r, err := p.PortfolioRun(ctx, tn.ID, queued.Run)
		return err == nil && r.State != store.PortfolioRunning
	})
	cs = checkRun(t, p, tn.ID, queued.Run, chunk, ref, refKeys)
	by := savedBy(cs)
	t.Logf("reference: works %d, strings %d, findings %d; %d chunks, %d done when worker %d was killed holding %v (frozen %d times); saved by worker: %v",
		ref.Works, ref.Strings, ref.Findings, wantChunks, killedAt, a.cmd.Process.Pid, held, freezes, by)
	if by[a.cmd.Process.Pid]+by[b.cmd.Process.Pid] != wantChunks {
		t.Errorf("chunks saved by the two workers %v, want %d in all", by, wantChunks)
	}
	// Each chunk the killed worker held was claimed again after its lease
	// and saved by the survivor.
	for _, c := range held {
		var claims int
		if err := st.Pool().QueryRow(ctx, `SELECT claims FROM portfolio_claims WHERE run_id = $1 AND chunk = $2`, queued.Run, c).Scan(&claims); err != nil {
			t.Fatalf("chunk %d: %v", c, err)
		}
		if claims < 2 {
			t.Errorf("chunk %d, held by the killed worker, was claimed %d times, want it claimed again", c, claims)
		}
		for _, d := range cs {
			if d.Chunk == c && !strings.Contains(d.SavedBy, fmt.Sprintf("-%d/", b.cmd.Process.Pid)) {
				t.Errorf("chunk %d, held by the killed worker, was saved by %q, want the survivor", c, d.SavedBy)
			}
		}
	}
	// jobs show reports the surviving part's progress.
	show, _, code := cli(t, dsn, "", "jobs", "show", fmt.Sprint(queued.Jobs[0]), "--json")
	if code != 0 || !strings.Contains(show, fmt.Sprintf("run %d:", queued.Run)) {
		t.Errorf("jobs show: exit %d, %s", code, show)
	}
}

// TestPortfolioJobSQLiteResumesAfterKill: with SQLite, one worker is
// killed midway; a restarted worker rescues the job and finishes the run
// from the saved chunks.
func TestPortfolioJobSQLiteResumesAfterKill(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "cc.db")
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	parts := seedPortfolioStore(t, st)
	path := writePortfolio(t, parts, 20000)
	const chunk = 100
	ref, refKeys := referenceRun(t, st, path, chunk)
	bin := buildBinary(t)
	out, errOut, code := cli(t, db, "", "portfolio", "import", path, "--tenant", "north", "--job", "--parts", "1", "--chunk", fmt.Sprint(chunk), "--json")
	if code != 0 {
		t.Fatalf("import --job: exit %d: %s", code, errOut)
	}
	var queued struct {
		Run int64 `json:"run"`
	}
	if err := json.Unmarshal([]byte(out), &queued); err != nil {
		t.Fatal(err)
	}
	p, _ := store.PortfolioOf(st)
	tn, err := st.TenantByName(ctx, "north")
	if err != nil {
		t.Fatal(err)
	}
	a := startJobWorker(t, bin, db, "--rescue-after", "10s")
	var cs []store.PortfolioChunkDone
	waitUntil(t, 3*time.Minute, "the worker to save chunks", func() bool {
		cs, _ = p.PortfolioChunkStats(ctx, tn.ID, queued.Run)
		return len(cs) >= 3
	})
	a.kill(t)
	before := len(cs)
	startJobWorker(t, bin, db, "--rescue-after", "10s")
	waitUntil(t, 4*time.Minute, "the restarted worker to finish the run", func() bool {
		r, err := p.PortfolioRun(ctx, tn.ID, queued.Run)
		return err == nil && r.State != store.PortfolioRunning
	})
	cs = checkRun(t, p, tn.ID, queued.Run, chunk, ref, refKeys)
	if by := savedBy(cs); by[a.cmd.Process.Pid] < before || len(by) != 2 {
		t.Errorf("saved by %v: want the killed worker's %d chunks kept and the rest by the restarted one", by, before)
	}
}

// TestPortfolioWebConfig: serve keeps API uploads beside a SQLite
// database, in $COLLABCHECK_UPLOAD_DIR when set, and turns the routes off
// for PostgreSQL without a shared directory.
func TestPortfolioWebConfig(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "cc.db")
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	q, err := jobs.Open(ctx, st, jobs.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	log := slog.New(slog.DiscardHandler)
	t.Setenv(EnvUploadDir, "")
	if c := portfolioWebConfig(st, db, q, log); c == nil || c.UploadDir != db+".uploads" || c.Queue == nil || c.Store == nil {
		t.Errorf("SQLite config %+v, want uploads in %s.uploads", c, db)
	}
	if c := portfolioWebConfig(st, "postgres://h/db", q, log); c != nil {
		t.Errorf("PostgreSQL without an upload directory: %+v, want the routes off", c)
	}
	t.Setenv(EnvUploadDir, "/shared/uploads")
	if c := portfolioWebConfig(st, "postgres://h/db", q, log); c == nil || c.UploadDir != "/shared/uploads" {
		t.Errorf("with %s: %+v", EnvUploadDir, c)
	}
	if c := portfolioWebConfig(st, db, nil, log); c != nil {
		t.Errorf("without a queue: %+v, want nil", c)
	}
}

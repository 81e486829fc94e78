package jobs

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/collabcheck/collabcheck/internal/auth"
	"github.com/collabcheck/collabcheck/internal/match"
	"github.com/collabcheck/collabcheck/internal/portfolio"
	"github.com/collabcheck/collabcheck/internal/resolving"
	"github.com/collabcheck/collabcheck/internal/screening"
	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/techarea"
)

// slowResolver resolves nothing, slowly, so a run lasts long enough to be
// cancelled or shared.
type slowResolver struct{ delay time.Duration }

func (r slowResolver) Resolve(string) (resolving.Result, error) {
	time.Sleep(r.delay)
	return resolving.Result{}, nil
}

func (slowResolver) Org(id string) (resolving.OrgView, error) {
	return resolving.OrgView{}, errors.New("no registry")
}

// markerScreener flags strings naming the invented listed organisation.
type markerScreener struct{}

const listedName = "Quintarro Defence Works"

func (markerScreener) Screen(q string, _ match.Options) (screening.Result, error) {
	if !strings.Contains(q, listedName) {
		return screening.Result{Query: q}, nil
	}
	return screening.Result{Query: q, Matches: []match.Match{{List: "invented", SourceID: "Q1", Name: listedName, Score: 1, Match: true}}}, nil
}

func testEngine(t *testing.T, delay time.Duration) *portfolio.Engine {
	t.Helper()
	clf, err := techarea.DefaultClassifier()
	if err != nil {
		t.Fatal(err)
	}
	return &portfolio.Engine{Resolver: slowResolver{delay}, Screener: markerScreener{}, Classifier: clf}
}

// genFile writes an OpenAlex portfolio of n strings from invented names.
func genFile(t *testing.T, n int) string {
	t.Helper()
	parts := portfolio.GenParts{
		Orgs:   []portfolio.GenOrg{{Name: "Velmora Institute of Hydrology", City: "Velmora", Country: "Xanadu", Units: true}, {Name: "Belcourt Polytechnic", City: "Belcourt", Country: "Xanadu"}},
		Listed: []portfolio.GenOrg{{Name: listedName, Country: "Xanadu"}},
		Given:  []string{"Arlo", "Brin", "Cassia"}, Family: []string{"Quell", "Marrow", "Tansy"},
	}
	path := filepath.Join(t.TempDir(), "works.jsonl")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := portfolio.Generate(f, parts, portfolio.GenOptions{Strings: n, Seed: 3, Format: portfolio.FormatOpenAlex, ListedShare: 0.1, Noise: 1}); err != nil {
		t.Fatal(err)
	}
	return path
}

func portfolioRun(t *testing.T, st store.Store, path string, chunk int) (store.Portfolio, int64, int64) {
	t.Helper()
	ctx := context.Background()
	acc, err := store.AccountsOf(st)
	if err != nil {
		t.Fatal(err)
	}
	tn, err := acc.CreateTenant(ctx, store.NewTenant{Name: "north", Kind: auth.Organisation})
	if err != nil {
		t.Fatal(err)
	}
	p, err := store.PortfolioOf(st)
	if err != nil {
		t.Fatal(err)
	}
	run, err := p.CreatePortfolioRun(ctx, store.PortfolioRun{TenantID: tn.ID, Source: path, Format: "openalex", ChunkSize: chunk})
	if err != nil {
		t.Fatal(err)
	}
	return p, tn.ID, run.ID
}

func startPortfolioQueue(t *testing.T, st store.Store, p store.Portfolio, eng *portfolio.Engine, name string) *Queue {
	t.Helper()
	ws := river.NewWorkers()
	w := &PortfolioWorker{Portfolio: p, Engine: func(context.Context) (*portfolio.Engine, error) { return eng, nil }, Name: name,
		Lease: 2 * time.Second, Poll: 200 * time.Millisecond, Threads: 1}
	river.AddWorker(ws, w)
	q, err := Open(context.Background(), st, Config{Workers: ws, MaxWorkers: 1, PollInterval: 100 * time.Millisecond, ID: name})
	if err != nil {
		t.Fatal(err)
	}
	w.Queue = q
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

func waitRun(t *testing.T, p store.Portfolio, tenant, run int64, timeout time.Duration, cond func(store.PortfolioRun, []store.PortfolioChunkDone) bool) {
	t.Helper()
	end := time.Now().Add(timeout)
	for {
		r, err := p.PortfolioRun(context.Background(), tenant, run)
		if err != nil {
			t.Fatal(err)
		}
		cs, err := p.PortfolioChunkStats(context.Background(), tenant, run)
		if err != nil {
			t.Fatal(err)
		}
		if cond(r, cs) {
			return
		}
		if time.Now().After(end) {
			t.Fatalf("timed out: run %s with %d chunks saved", r.State, len(cs))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestPortfolioJobSharedByTwoWorkers: two queues (two workers) work the
// two parts of one run on each backend; they split the chunks, each chunk
// is saved once, and the findings and counts equal an in-process run's.
func TestPortfolioJobSharedByTwoWorkers(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			st, _ := b.open(t)
			path := genFile(t, 3000)
			const chunk = 40
			eng := testEngine(t, 200*time.Microsecond)
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			rd, _ := portfolio.NewReader(f, portfolio.FormatOpenAlex)
			ref, err := eng.Run(ctx, rd, portfolio.Options{ChunkSize: chunk, Workers: 1})
			f.Close()
			if err != nil || ref.Findings == 0 {
				t.Fatalf("reference run: %d findings, %v", ref.Findings, err)
			}
			p, tenant, run := portfolioRun(t, st, path, chunk)
			q1 := startPortfolioQueue(t, st, p, eng, "w1")
			startPortfolioQueue(t, st, p, eng, "w2")
			ids, err := q1.EnqueuePortfolioImport(ctx, tenant, run, path, "openalex", 2)
			if err != nil || len(ids) != 2 {
				t.Fatalf("enqueue: %v %v", ids, err)
			}
			waitRun(t, p, tenant, run, 2*time.Minute, func(r store.PortfolioRun, _ []store.PortfolioChunkDone) bool {
				return r.State != store.PortfolioRunning
			})
			r, _ := p.PortfolioRun(ctx, tenant, run)
			cs, _ := p.PortfolioChunkStats(ctx, tenant, run)
			want := int((ref.Works + chunk - 1) / chunk)
			if r.State != store.PortfolioDone || len(cs) != want {
				t.Fatalf("run %s (%s) with %d chunks, want done with %d", r.State, r.Summary.Error, len(cs), want)
			}
			by := map[string]int{}
			for i, c := range cs {
				if c.Chunk != i {
					t.Fatalf("chunk %d at position %d", c.Chunk, i)
				}
				by[strings.SplitN(c.SavedBy, "/", 2)[0]]++
			}
			if by["w1"] == 0 || by["w2"] == 0 {
				t.Errorf("chunks saved by %v: both workers should have shared the run", by)
			}
			var stored int64
			if err := p.PortfolioFindings(ctx, tenant, run, func(store.PortfolioFinding) error { stored++; return nil }); err != nil {
				t.Fatal(err)
			}
			s := r.Summary
			if stored != ref.Findings || s.Findings != ref.Findings || s.Strings != ref.Strings || s.Works != ref.Works || s.Records != ref.Records {
				t.Errorf("stored %d findings, summary %+v; reference %+v", stored, s, ref)
			}
			for _, id := range ids {
				j := waitJobState(t, q1, id, "completed")
				if j.Progress == nil || !strings.Contains(j.Progress.Note, fmt.Sprintf("run %d:", run)) {
					t.Errorf("job %d: state %s, progress %+v", id, j.State, j.Progress)
				}
			}
		})
	}
}

// TestPortfolioJobCancel: cancelling the running job stops the run within
// seconds and records it cancelled, with the chunks saved so far kept.
func TestPortfolioJobCancel(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			st, _ := b.open(t)
			path := genFile(t, 20000)
			p, tenant, run := portfolioRun(t, st, path, 20)
			q := startPortfolioQueue(t, st, p, testEngine(t, 2*time.Millisecond), "w1")
			ids, err := q.EnqueuePortfolioImport(ctx, tenant, run, path, "openalex", 1)
			if err != nil {
				t.Fatal(err)
			}
			waitRun(t, p, tenant, run, time.Minute, func(_ store.PortfolioRun, cs []store.PortfolioChunkDone) bool { return len(cs) >= 2 })
			if _, err := q.Cancel(ctx, ids[0]); err != nil {
				t.Fatal(err)
			}
			waitRun(t, p, tenant, run, 30*time.Second, func(r store.PortfolioRun, _ []store.PortfolioChunkDone) bool {
				return r.State != store.PortfolioRunning
			})
			r, _ := p.PortfolioRun(ctx, tenant, run)
			if r.State != store.PortfolioCancelled {
				t.Fatalf("run %s, want cancelled", r.State)
			}
			cs, _ := p.PortfolioChunkStats(ctx, tenant, run)
			if r.Summary.Works != store.SumPortfolioChunks(cs).Works || len(cs) < 2 {
				t.Errorf("cancelled run's summary counts %d works; its %d saved chunks count %d", r.Summary.Works, len(cs), store.SumPortfolioChunks(cs).Works)
			}
			waitJobState(t, q, ids[0], "cancelled")
		})
	}
}

// waitJobState waits for job id to reach state.
func waitJobState(t *testing.T, q *Queue, id int64, state string) Job {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		j, err := q.Get(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if j.State == state {
			return j
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %d state %s, want %s", id, j.State, state)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/collabcheck/collabcheck/internal/auth"
	"github.com/collabcheck/collabcheck/internal/store"
)

// RunPortfolio runs the conformance suite of store.Portfolio. open must
// return a new, empty store for the given (sub)test that implements
// store.Portfolio and store.Accounts; RunPortfolio closes it when that
// test ends.
func RunPortfolio(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, p store.Portfolio, north, south int64)
	}{
		{"RunRoundTrip", testPortfolioRunRoundTrip},
		{"ChunkFindingsRoundTrip", testPortfolioChunkRoundTrip},
		{"ChunkSavedOnce", testPortfolioChunkOnce},
		{"ConcurrentSavesOfOneChunk", testPortfolioConcurrentChunk},
		{"TenantIsolation", testPortfolioIsolation},
		{"InvalidInput", testPortfolioInvalid},
		{"ChunkClaims", testPortfolioClaims},
		{"ConcurrentClaims", testPortfolioConcurrentClaims},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("close store: %v", err)
				}
			})
			p, err := store.PortfolioOf(s)
			if err != nil {
				t.Fatal(err)
			}
			acc, err := store.AccountsOf(s)
			if err != nil {
				t.Fatal(err)
			}
			north := mustTenant(t, acc, "North University", auth.Organisation)
			south := mustTenant(t, acc, "South University", auth.Organisation)
			tc.fn(t, p, north.ID, south.ID)
		})
	}
}

var pt0 = time.Date(2026, 6, 1, 10, 0, 0, 123456789, time.UTC)

func newRun(t *testing.T, p store.Portfolio, tenant int64) store.PortfolioRun {
	t.Helper()
	r, err := p.CreatePortfolioRun(context.Background(), store.PortfolioRun{TenantID: tenant, Source: "works.jsonl", Format: "openalex", ChunkSize: 100, StartedAt: pt0})
	if err != nil {
		t.Fatalf("create run: %v", err)
	}
	return r
}

func sampleFinding(line int64, person string) store.PortfolioFinding {
	return store.PortfolioFinding{
		Line: line, WorkID: fmt.Sprintf("https://openalex.org/W%d", line), Title: "Hypersonic 流体 control", Year: 2024,
		Person: person, Department: "School of Astronautics", Affiliation: "School of Astronautics, Example Polytechnic, Harbin",
		PartnerID: "https://ror.org/000000001", PartnerName: "Example Polytechnic", PartnerCountry: "CN",
		Hits: []store.PortfolioHit{{List: "us-1286", SourceID: "e1", Name: "Example Polytechnic", Score: 0.97, Programs: []string{"FY24"},
			Via: []string{"parent: Example Group"}}},
		Areas: []string{"hypersonics"}, Fields: []string{}, Coauthors: []string{"Ada Lovelace"},
	}
}

func testPortfolioRunRoundTrip(t *testing.T, p store.Portfolio, north, _ int64) {
	ctx := context.Background()
	r := newRun(t, p, north)
	if r.ID == 0 || r.State != store.PortfolioRunning || !r.StartedAt.Equal(pt0.Truncate(time.Microsecond)) {
		t.Fatalf("created run %+v: want an id, state running and the start time to the microsecond", r)
	}
	got, err := p.PortfolioRun(ctx, north, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, r) {
		t.Errorf("read back %+v, want %+v", got, r)
	}
	sum := store.PortfolioSummary{Records: 10, Works: 10, Strings: 30, Distinct: 12, Resolved: 9, Flagged: 2, Findings: 3, Malformed: 2,
		MalformedLines: []store.PortfolioLineError{{Line: 4, Reason: "invalid JSON"}, {Line: 9, Reason: "invalid UTF-8"}}, Seconds: 1.5}
	end := pt0.Add(time.Minute)
	if err := p.FinishPortfolioRun(ctx, north, r.ID, store.PortfolioDone, sum, end); err != nil {
		t.Fatal(err)
	}
	got, err = p.PortfolioRun(ctx, north, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != store.PortfolioDone || !got.FinishedAt.Equal(end.Truncate(time.Microsecond)) || !reflect.DeepEqual(got.Summary, sum) {
		t.Errorf("finished run %+v: want state done, finished at %v and summary %+v", got, end, sum)
	}
	r2 := newRun(t, p, north)
	runs, err := p.PortfolioRuns(ctx, north)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 2 || runs[0].ID != r2.ID || runs[1].ID != r.ID {
		t.Errorf("runs %+v: want the two runs newest first", runs)
	}
	if err := p.FinishPortfolioRun(ctx, north, r2.ID, store.PortfolioRunning, sum, end); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("finishing in state running: err %v, want ErrInvalid", err)
	}
	if err := p.FinishPortfolioRun(ctx, north, r2.ID+100, store.PortfolioDone, sum, end); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("finishing an unknown run: err %v, want ErrNotFound", err)
	}
}

func testPortfolioChunkRoundTrip(t *testing.T, p store.Portfolio, north, _ int64) {
	ctx := context.Background()
	r := newRun(t, p, north)
	c1 := store.PortfolioChunk{Chunk: 1, Records: 100, Findings: []store.PortfolioFinding{sampleFinding(150, "Li Wei"), sampleFinding(160, "Olga Petrova")}}
	c0 := store.PortfolioChunk{Chunk: 0, Records: 100, Findings: []store.PortfolioFinding{sampleFinding(3, "Wang Fang")}}
	c0.Findings[0].Hits[0].Via = nil
	c0.Findings[0].Coauthors = nil
	for _, c := range []store.PortfolioChunk{c1, c0, {Chunk: 2, Records: 40}} {
		created, err := p.SavePortfolioChunk(ctx, north, r.ID, c)
		if err != nil || !created {
			t.Fatalf("save chunk %d: created %v, err %v", c.Chunk, created, err)
		}
	}
	done, err := p.PortfolioChunksDone(ctx, north, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(done, []int{0, 1, 2}) {
		t.Errorf("chunks done %v, want [0 1 2]", done)
	}
	var got []store.PortfolioFinding
	if err := p.PortfolioFindings(ctx, north, r.ID, func(f store.PortfolioFinding) error { got = append(got, f); return nil }); err != nil {
		t.Fatal(err)
	}
	want := append(append([]store.PortfolioFinding{}, c1.Findings...), c0.Findings...)
	if len(got) != len(want) {
		t.Fatalf("%d findings, want %d", len(got), len(want))
	}
	for i := range got {
		w := want[i]
		w.ID, w.RunID, w.TenantID = got[i].ID, r.ID, north
		w.Chunk = map[int64]int{150: 1, 160: 1, 3: 0}[w.Line]
		if w.Coauthors == nil {
			w.Coauthors = []string{} // lists read back are never nil
		}
		if !reflect.DeepEqual(got[i], w) {
			t.Errorf("finding %d:\n got %+v\nwant %+v", i, got[i], w)
		}
		if i > 0 && got[i].ID <= got[i-1].ID {
			t.Errorf("findings not in id order: %d after %d", got[i].ID, got[i-1].ID)
		}
		one, err := p.PortfolioFinding(ctx, north, got[i].ID)
		if err != nil || !reflect.DeepEqual(one, got[i]) {
			t.Errorf("PortfolioFinding(%d) = %+v, %v; want %+v", got[i].ID, one, err, got[i])
		}
	}
	stop := errors.New("stop")
	n := 0
	if err := p.PortfolioFindings(ctx, north, r.ID, func(store.PortfolioFinding) error { n++; return stop }); !errors.Is(err, stop) || n != 1 {
		t.Errorf("an error from fn: got %v after %d calls, want it returned after 1", err, n)
	}
}

func testPortfolioChunkOnce(t *testing.T, p store.Portfolio, north, _ int64) {
	ctx := context.Background()
	r := newRun(t, p, north)
	c := store.PortfolioChunk{Chunk: 7, Records: 100, Findings: []store.PortfolioFinding{sampleFinding(701, "Li Wei")}}
	if created, err := p.SavePortfolioChunk(ctx, north, r.ID, c); err != nil || !created {
		t.Fatalf("first save: created %v, err %v", created, err)
	}
	c.Findings = append(c.Findings, sampleFinding(702, "Someone Else"))
	if created, err := p.SavePortfolioChunk(ctx, north, r.ID, c); err != nil || created {
		t.Fatalf("second save of the same chunk: created %v, err %v; want no write and no error", created, err)
	}
	if n := countFindings(t, p, north, r.ID); n != 1 {
		t.Errorf("%d findings after saving chunk 7 twice, want 1", n)
	}
}

func countFindings(t *testing.T, p store.Portfolio, tenant, run int64) int {
	t.Helper()
	n := 0
	if err := p.PortfolioFindings(context.Background(), tenant, run, func(store.PortfolioFinding) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}

// testPortfolioConcurrentChunk saves the same chunk from several
// goroutines at once, as two workers resuming one run might: exactly one
// save writes.
func testPortfolioConcurrentChunk(t *testing.T, p store.Portfolio, north, _ int64) {
	ctx := context.Background()
	r := newRun(t, p, north)
	const workers = 8
	var wg sync.WaitGroup
	var mu sync.Mutex
	created := 0
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := store.PortfolioChunk{Chunk: 3, Records: 100, Findings: []store.PortfolioFinding{sampleFinding(301, "Li Wei"), sampleFinding(302, "Ma Lin")}}
			ok, err := p.SavePortfolioChunk(ctx, north, r.ID, c)
			if err != nil {
				t.Errorf("concurrent save: %v", err)
				return
			}
			if ok {
				mu.Lock()
				created++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if created != 1 {
		t.Errorf("%d saves reported writing chunk 3, want exactly 1", created)
	}
	if n := countFindings(t, p, north, r.ID); n != 2 {
		t.Errorf("%d findings after concurrent saves of one chunk, want 2", n)
	}
}

func testPortfolioIsolation(t *testing.T, p store.Portfolio, north, south int64) {
	ctx := context.Background()
	r := newRun(t, p, north)
	if _, err := p.SavePortfolioChunk(ctx, north, r.ID, store.PortfolioChunk{Chunk: 0, Records: 1, Findings: []store.PortfolioFinding{sampleFinding(1, "Li Wei")}}); err != nil {
		t.Fatal(err)
	}
	var fid int64
	if err := p.PortfolioFindings(ctx, north, r.ID, func(f store.PortfolioFinding) error { fid = f.ID; return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := p.PortfolioRun(ctx, south, r.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("south reading north's run: err %v, want ErrNotFound", err)
	}
	if _, err := p.PortfolioFinding(ctx, south, fid); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("south reading north's finding: err %v, want ErrNotFound", err)
	}
	if err := p.PortfolioFindings(ctx, south, r.ID, func(store.PortfolioFinding) error { return nil }); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("south listing north's findings: err %v, want ErrNotFound", err)
	}
	if _, err := p.PortfolioChunksDone(ctx, south, r.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("south reading north's chunks: err %v, want ErrNotFound", err)
	}
	if _, err := p.SavePortfolioChunk(ctx, south, r.ID, store.PortfolioChunk{Chunk: 1}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("south saving into north's run: err %v, want ErrNotFound", err)
	}
	if err := p.FinishPortfolioRun(ctx, south, r.ID, store.PortfolioDone, store.PortfolioSummary{}, pt0); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("south finishing north's run: err %v, want ErrNotFound", err)
	}
	runs, err := p.PortfolioRuns(ctx, south)
	if err != nil || len(runs) != 0 {
		t.Errorf("south's runs %+v, %v: want none", runs, err)
	}
}

func testPortfolioInvalid(t *testing.T, p store.Portfolio, north, _ int64) {
	ctx := context.Background()
	if _, err := p.CreatePortfolioRun(ctx, store.PortfolioRun{TenantID: north, Source: "x", Format: "csv"}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("chunk size 0: err %v, want ErrInvalid", err)
	}
	if _, err := p.CreatePortfolioRun(ctx, store.PortfolioRun{TenantID: 99999, Source: "x", Format: "csv", ChunkSize: 10}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown tenant: err %v, want ErrNotFound", err)
	}
	r := newRun(t, p, north)
	bad := sampleFinding(5, "bad\x00name")
	if _, err := p.SavePortfolioChunk(ctx, north, r.ID, store.PortfolioChunk{Chunk: 0, Findings: []store.PortfolioFinding{bad}}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("NUL in a person: err %v, want ErrInvalid", err)
	}
	bad = sampleFinding(6, "ok")
	bad.Title = "\xff\xfe"
	if _, err := p.SavePortfolioChunk(ctx, north, r.ID, store.PortfolioChunk{Chunk: 0, Findings: []store.PortfolioFinding{bad}}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("invalid UTF-8 title: err %v, want ErrInvalid", err)
	}
	if done, err := p.PortfolioChunksDone(ctx, north, r.ID); err != nil || len(done) != 0 {
		t.Errorf("after rejected saves chunks done %v, %v; want none", done, err)
	}
}

// testPortfolioClaims: a chunk is claimed by one worker at a time until its
// lease ends, renewed by its holder, taken over after the lease, never
// claimed once done; the saved chunk's stats and worker read back; another
// tenant cannot claim.
func testPortfolioClaims(t *testing.T, p store.Portfolio, north, south int64) {
	ctx := context.Background()
	r := newRun(t, p, north)
	claim := func(chunk int, worker string, lease time.Duration) bool {
		t.Helper()
		ok, err := p.ClaimPortfolioChunk(ctx, north, r.ID, chunk, worker, lease)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !claim(0, "a", time.Second) {
		t.Fatal("first claim of chunk 0 failed")
	}
	if claim(0, "b", time.Second) {
		t.Fatal("b claimed chunk 0 while a's lease runs")
	}
	if !claim(0, "a", time.Second) {
		t.Fatal("a could not renew its own claim")
	}
	if !claim(1, "b", time.Minute) {
		t.Fatal("b could not claim chunk 1")
	}
	time.Sleep(1100 * time.Millisecond)
	if !claim(0, "b", time.Minute) {
		t.Fatal("b could not take over chunk 0 after a's lease ended")
	}
	if claim(0, "a", time.Minute) {
		t.Fatal("a took chunk 0 back while b's lease runs")
	}
	st := store.PortfolioChunkStats{Works: 3, Strings: 7, Findings: 1, WorksByArea: map[string]int64{"quantum": 2}}
	if created, err := p.SavePortfolioChunk(ctx, north, r.ID, store.PortfolioChunk{Chunk: 0, Records: 3, Stats: st, SavedBy: "b",
		Findings: []store.PortfolioFinding{sampleFinding(1, "Li Wei")}}); err != nil || !created {
		t.Fatalf("save chunk 0: created %v, %v", created, err)
	}
	if claim(0, "c", time.Minute) {
		t.Fatal("a done chunk was claimed")
	}
	done, err := p.PortfolioChunkStats(ctx, north, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.PortfolioChunkDone{{Chunk: 0, Records: 3, SavedBy: "b", Stats: st}}
	if !reflect.DeepEqual(done, want) {
		t.Fatalf("chunk stats = %+v, want %+v", done, want)
	}
	if sum := store.SumPortfolioChunks(done); sum.Works != 3 || sum.Strings != 7 || sum.Findings != 1 || sum.WorksByArea["quantum"] != 2 {
		t.Fatalf("summed = %+v", sum)
	}
	if _, err := p.ClaimPortfolioChunk(ctx, south, r.ID, 2, "a", time.Minute); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("claim in another tenant's run: %v, want ErrNotFound", err)
	}
	if _, err := p.PortfolioChunkStats(ctx, south, r.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("stats of another tenant's run: %v, want ErrNotFound", err)
	}
	for _, bad := range []struct {
		chunk  int
		worker string
		lease  time.Duration
	}{{-1, "a", time.Minute}, {0, "", time.Minute}, {0, "a", time.Millisecond}} {
		if _, err := p.ClaimPortfolioChunk(ctx, north, r.ID, bad.chunk, bad.worker, bad.lease); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("claim %+v: %v, want ErrInvalid", bad, err)
		}
	}
}

// testPortfolioConcurrentClaims: workers racing for the same chunks win
// each chunk exactly once.
func testPortfolioConcurrentClaims(t *testing.T, p store.Portfolio, north, _ int64) {
	ctx := context.Background()
	r := newRun(t, p, north)
	const chunks, workers = 20, 4
	wins := make([][]int, workers)
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range chunks {
				ok, err := p.ClaimPortfolioChunk(ctx, north, r.ID, c, fmt.Sprintf("w%d", w), time.Minute)
				if err != nil {
					errs <- err
					return
				}
				if ok {
					wins[w] = append(wins[w], c)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	won := map[int]int{}
	for _, ws := range wins {
		for _, c := range ws {
			won[c]++
		}
	}
	for c := range chunks {
		if won[c] != 1 {
			t.Errorf("chunk %d won %d times, want 1", c, won[c])
		}
	}
}

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/collabcheck/collabcheck/internal/auth"
	"github.com/collabcheck/collabcheck/internal/portfolio"
	"github.com/collabcheck/collabcheck/internal/registry"
	"github.com/collabcheck/collabcheck/internal/registry/rordump"
	"github.com/collabcheck/collabcheck/internal/sources"
	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/store/sqlite"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// benchLists are the shared list files the benchmark screens against,
// as a deployment loads them.
var benchLists = []struct{ format, path string }{
	{"aspi", "lists/aspi/china-defence-universities.json"},
	{"ftm", "lists/ftm/us_section_1286.ftm.json"},
	{"ftm", "lists/ftm/us_dod_chinese_milcorps.ftm.json"},
	{"ofac", "lists/ofac"},
	{"un", "lists/un/consolidated.xml"},
	{"csl", "lists/csl/consolidated.csv"},
}

const benchRegistry = "ror/ror-records-subset-v2.9.zip"

// benchResult is what `portfolio bench` measures.
type benchResult struct {
	Strings       int     `json:"strings"`
	Works         int64   `json:"works"`
	Distinct      int64   `json:"distinct"`
	Resolved      int64   `json:"resolved"`
	Flagged       int64   `json:"flagged"`
	Findings      int64   `json:"findings"`
	Format        string  `json:"format"`
	RORHints      float64 `json:"ror_hints"`
	ZipfS         float64 `json:"zipf_s"`
	Noise         float64 `json:"noise"`
	GOMAXPROCS    int     `json:"gomaxprocs"`
	SetupSeconds  float64 `json:"setup_seconds"`
	Seconds       float64 `json:"seconds"`
	StringsPerSec float64 `json:"strings_per_second"`
	PeakHeapMiB   float64 `json:"peak_heap_mib"`
	// BaseHeapMiB is the heap in use before the run (lists, registry and
	// indexes loaded): the pipeline's own memory is the difference.
	BaseHeapMiB    float64 `json:"base_heap_mib"`
	PeakRSSMiB     float64 `json:"peak_rss_mib"`
	TargetSeconds  float64 `json:"target_seconds"`
	WithinTarget   bool    `json:"within_target"`
	PortfolioBytes int64   `json:"portfolio_bytes"`
	// LoadBefore and LoadAfter are the 1-minute load averages around the
	// measured run: on a shared machine they say how much of it the run
	// had.
	LoadBefore string `json:"load_before,omitempty"`
	LoadAfter  string `json:"load_after,omitempty"`
}

// loadAvg returns the 1-minute load average (Linux), or "".
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	if fs := strings.Fields(string(b)); len(fs) > 0 {
		return fs[0]
	}
	return ""
}

func newPortfolioBenchCmd(g *globals) *cobra.Command {
	var (
		n        int
		dataDir  string
		format   string
		seed     uint64
		rorHints float64
		keep     string
		asJSON   bool
		zipfS    float64
		noise    float64
		cpuProf  string
	)
	c := &cobra.Command{
		Use:   "bench [--strings N] [--data DIR]",
		Short: "Measure portfolio screening on a generated portfolio against the real lists and registry",
		Long: `Bench measures the issue's target: a portfolio of N affiliation strings (default
1,000,000) processed in at most 5 minutes. It loads the shared lists and the ROR
subset from --data (default $COLLABCHECK_DATA) into a temporary SQLite database
(setup, timed apart), generates a deterministic portfolio from real name parts:
registry organisation names and cities and listed organisations' names, with
departments, recurring with Zipf-like frequency, then runs the whole pipeline
(read, deduplicate, resolve, screen, classify, save findings) and prints
strings per second, distinct strings, wall time and peak memory. It ignores
--db. The machine's other load skews the figure: run it on an idle machine
for a number to publish.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			setGCPercent(defaultGCPercent)
			if n <= 0 {
				return usagef("--strings must be positive")
			}
			f, err := portfolio.ParseFormat(format)
			if err != nil {
				return usagef("%v", err)
			}
			if dataDir == "" {
				dataDir = os.Getenv("COLLABCHECK_DATA")
			}
			if dataDir == "" {
				return usagef("--data or COLLABCHECK_DATA must name the shared data folder (lists/ and ror/)")
			}
			res, err := benchPortfolio(c.Context(), g, dataDir, n, f, portfolio.GenOptions{Seed: seed, RORHints: rorHints, ZipfS: zipfS, Noise: noise}, keep, cpuProf)
			if err != nil {
				return err
			}
			if asJSON {
				return json.NewEncoder(g.stdout).Encode(res)
			}
			fmt.Fprintf(g.stdout, "portfolio bench: %d affiliation strings in %d works (%s, ROR hints %.0f%%, Zipf s %.2f), GOMAXPROCS %d\n",
				res.Strings, res.Works, res.Format, 100*res.RORHints, res.ZipfS, res.GOMAXPROCS)
			fmt.Fprintf(g.stdout, "  distinct %d, resolved %d, flagged %d, findings %d\n", res.Distinct, res.Resolved, res.Flagged, res.Findings)
			fmt.Fprintf(g.stdout, "  wall %.1fs (setup %.1fs apart), %.0f strings/s, peak heap %.0f MiB (%.0f MiB before the run), peak RSS %.0f MiB\n",
				res.Seconds, res.SetupSeconds, res.StringsPerSec, res.PeakHeapMiB, res.BaseHeapMiB, res.PeakRSSMiB)
			verdict := "within"
			if !res.WithinTarget {
				verdict = "OVER"
			}
			fmt.Fprintf(g.stdout, "  target ≤ %.0fs: %s (machine load average %s before, %s after)\n", res.TargetSeconds, verdict, res.LoadBefore, res.LoadAfter)
			return nil
		},
	}
	c.Flags().IntVar(&n, "strings", 1_000_000, "affiliation strings to generate")
	c.Flags().StringVar(&dataDir, "data", "", "shared data folder (default $COLLABCHECK_DATA)")
	c.Flags().StringVar(&format, "format", "openalex", "openalex|csv: the form the portfolio is generated and read in")
	c.Flags().Uint64Var(&seed, "seed", 20261129, "generator seed")
	c.Flags().Float64Var(&rorHints, "ror-hints", 0, "share of affiliations carrying OpenAlex's ROR id (0: resolve every string, the worst case)")
	c.Flags().Float64Var(&zipfS, "zipf", 1.1, "Zipf exponent of how often organisations recur (closer to 1: flatter, more distinct strings)")
	c.Flags().Float64Var(&noise, "noise", 0, "share of strings made unique with a room and building prefix (1: every string distinct, the worst case)")
	c.Flags().StringVar(&cpuProf, "cpuprofile", "", "write a CPU profile of the measured pipeline to this file")
	c.Flags().StringVar(&keep, "keep", "", "also write the generated portfolio to this file")
	c.Flags().BoolVar(&asJSON, "json", false, "print the result as JSON")
	return c
}

func benchPortfolio(ctx context.Context, g *globals, dataDir string, n int, f portfolio.Format, gen portfolio.GenOptions, keep, cpuProf string) (benchResult, error) {
	gen.Strings, gen.Format = n, f
	res := benchResult{Strings: n, Format: string(f), RORHints: gen.RORHints, ZipfS: gen.ZipfS, Noise: gen.Noise, GOMAXPROCS: runtime.GOMAXPROCS(0), TargetSeconds: 300}
	setup := time.Now()
	tmp, err := os.MkdirTemp("", "collabcheck-bench-")
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(tmp)
	st, err := sqlite.Open(ctx, filepath.Join(tmp, "bench.db"))
	if err != nil {
		return res, err
	}
	defer st.Close()
	fmt.Fprintln(g.stderr, "bench: loading lists and registry…")
	var entities []watchlist.Entity
	for _, l := range benchLists {
		list, err := sources.Read(l.format, []string{filepath.Join(dataDir, l.path)}, sources.Options{})
		if err != nil {
			return res, fmt.Errorf("bench list %s: %w", l.path, err)
		}
		if _, _, err := st.ImportList(ctx, store.ListImport{List: list.Name, Format: list.Format, Source: l.path, ContentHash: list.ContentHash, Entities: list.Entities}); err != nil {
			return res, err
		}
		entities = append(entities, list.Entities...)
	}
	var orgs []registry.Org
	regPath := filepath.Join(dataDir, benchRegistry)
	if _, _, err := st.ImportRegistry(ctx, store.RegistryImport{Source: regPath, Orgs: func(yield func(registry.Org) error) (rordump.Info, error) {
		return rordump.Read(regPath, func(o registry.Org) error {
			orgs = append(orgs, o)
			return yield(o)
		}, nil)
	}}); err != nil {
		return res, fmt.Errorf("bench registry: %w", err)
	}
	tn, err := st.CreateTenant(ctx, store.NewTenant{Name: "bench", Kind: auth.Organisation})
	if err != nil {
		return res, err
	}
	eng, err := loadPortfolioEngine(ctx, st)
	if err != nil {
		return res, err
	}
	parts := portfolio.PartsFrom(orgs, entities)
	orgs, entities = nil, nil
	genPath := keep
	if genPath == "" {
		genPath = filepath.Join(tmp, "portfolio."+map[portfolio.Format]string{portfolio.FormatCSV: "csv", portfolio.FormatOpenAlex: "jsonl"}[f])
	}
	gf, err := os.Create(genPath)
	if err != nil {
		return res, err
	}
	gst, err := portfolio.Generate(gf, parts, gen)
	if cerr := gf.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return res, fmt.Errorf("generate portfolio: %w", err)
	}
	parts = portfolio.GenParts{}
	if fi, err := os.Stat(genPath); err == nil {
		res.PortfolioBytes = fi.Size()
	}
	res.SetupSeconds = time.Since(setup).Seconds()
	fmt.Fprintf(g.stderr, "bench: setup %.1fs; %d strings in %d works generated (%d naming listed organisations); screening…\n", res.SetupSeconds, gst.Strings, gst.Works, gst.Listed)

	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	res.BaseHeapMiB = float64(base.HeapInuse) / (1 << 20)
	var peak uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // sample the heap: the pipeline's own peak, without the setup
		defer wg.Done()
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak {
				peak = ms.HeapInuse
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	if cpuProf != "" {
		pf, err := os.Create(cpuProf)
		if err != nil {
			return res, err
		}
		defer pf.Close()
		if err := pprof.StartCPUProfile(pf); err != nil {
			return res, err
		}
		defer pprof.StopCPUProfile()
	}
	res.LoadBefore = loadAvg()
	start := time.Now()
	in, err := os.Open(genPath)
	if err != nil {
		return res, err
	}
	defer in.Close()
	rd, err := portfolio.NewReader(bufio.NewReaderSize(in, 1<<20), f)
	if err != nil {
		return res, err
	}
	run, err := st.CreatePortfolioRun(ctx, store.PortfolioRun{TenantID: tn.ID, Source: genPath, Format: string(f), ChunkSize: portfolio.DefaultChunkSize, StartedAt: start})
	if err != nil {
		return res, err
	}
	sum, err := eng.Run(ctx, rd, portfolio.Options{Save: func(ctx context.Context, c store.PortfolioChunk) error {
		_, err := st.SavePortfolioChunk(ctx, tn.ID, run.ID, c)
		return err
	}})
	if err != nil {
		return res, err
	}
	if err := st.FinishPortfolioRun(ctx, tn.ID, run.ID, store.PortfolioDone, sum, time.Now()); err != nil {
		return res, err
	}
	res.Seconds = time.Since(start).Seconds()
	res.LoadAfter = loadAvg()
	close(stop)
	wg.Wait()
	if sum.Strings != int64(n) {
		return res, fmt.Errorf("bench: %d strings processed, %d generated", sum.Strings, n)
	}
	res.Works, res.Distinct, res.Resolved, res.Flagged, res.Findings = sum.Works, sum.Distinct, sum.Resolved, sum.Flagged, sum.Findings
	res.StringsPerSec = float64(n) / res.Seconds
	res.PeakHeapMiB = float64(peak) / (1 << 20)
	res.PeakRSSMiB = peakRSSMiB()
	res.WithinTarget = res.Seconds <= res.TargetSeconds
	return res, nil
}

// peakRSSMiB reads the process's peak resident set size (Linux VmHWM),
// which includes the setup; 0 where /proc is not available.
func peakRSSMiB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			fs := strings.Fields(rest)
			if len(fs) > 0 {
				if kb, err := strconv.ParseFloat(fs[0], 64); err == nil {
					return kb / 1024
				}
			}
		}
	}
	return 0
}

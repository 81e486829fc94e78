package match

import (
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/collabcheck/collabcheck/internal/names"
	"github.com/collabcheck/collabcheck/internal/synth"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// benchSize is the synthetic list size; COLLABCHECK_BENCH_N overrides the
// default of 1,000,000 names' worth of entities.
func benchSize() int {
	if s := os.Getenv("COLLABCHECK_BENCH_N"); s != "" {
		if n, err := strconv.Atoi(s); err == nil && n > 0 {
			return n
		}
	}
	return 1_000_000
}

var (
	benchOnce sync.Once
	benchIx   *Index
	benchEnts []watchlist.Entity
)

func benchIndex(b *testing.B) (*Index, []watchlist.Entity) {
	benchOnce.Do(func() {
		benchEnts = synth.Generate(benchSize(), 1, synth.DefaultParts())
		bl := NewBuilder()
		for i := range benchEnts {
			bl.Add("synthetic", &benchEnts[i])
		}
		benchIx = bl.Build()
	})
	return benchIx, benchEnts
}

// benchQueries mixes exact names, abbreviated and misspelt names, and
// names that are not listed, as screening traffic does.
func benchQueries(ents []watchlist.Entity, n int) []string {
	r := rand.New(rand.NewPCG(42, 42))
	qs := make([]string, 0, n)
	for len(qs) < n {
		e := ents[r.IntN(len(ents))]
		name := e.Names[0].Value
		switch r.IntN(4) {
		case 0:
			qs = append(qs, name)
		case 1:
			qs = append(qs, strings.ToLower(name)+", Dept Phys, Beijing 100190, Peoples R China")
		case 2:
			rs := []rune(name)
			i := 1 + r.IntN(len(rs)-2)
			qs = append(qs, string(rs[:i])+string(rs[i+1:]))
		default:
			qs = append(qs, "Northbridge Analytics Consulting Partners")
		}
	}
	return qs
}

// BenchmarkScreen screens one name at a time against the synthetic list
// and reports the p50 and p99 latency of a single screen.
func BenchmarkScreen(b *testing.B) {
	ix, ents := benchIndex(b)
	qs := benchQueries(ents, 4096)
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if _, err := ix.Screen(qs[i%len(qs)], Options{}); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
	e, n := ix.Len()
	b.ReportMetric(float64(e), "entities")
	b.ReportMetric(float64(n), "names")
}

// BenchmarkBuild builds the index over the synthetic list through a Feeder,
// as the screening service does, and reports the heap it holds afterwards.
func BenchmarkBuild(b *testing.B) {
	ents := synth.Generate(benchSize(), 1, synth.DefaultParts())
	b.ResetTimer()
	var ix *Index
	for i := 0; i < b.N; i++ {
		bl := NewBuilder()
		f := bl.Feeder()
		for j := range ents {
			f.Add("synthetic", &ents[j])
		}
		f.Close()
		ix = bl.Build()
	}
	b.StopTimer()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MiB")
	b.ReportMetric(float64(peakRSS())/(1<<20), "peak-rss-MiB")
	runtime.KeepAlive(ix)
}

// peakRSS reads the process's peak resident set size (VmHWM) in bytes.
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			var kb int64
			fmt.Sscanf(strings.TrimSpace(strings.TrimPrefix(l, "VmHWM:")), "%d", &kb)
			return kb * 1024
		}
	}
	return 0
}

// BenchmarkBruteForce is the baseline screening must stay far ahead of:
// token-wise Jaro-Winkler of the query against every listed name. It runs
// on a 100,000-entity slice of the list to finish in reasonable time;
// multiply by ten for the 1,000,000 comparison.
func BenchmarkBruteForce(b *testing.B) {
	_, ents := benchIndex(b)
	n := min(len(ents), 100_000)
	toks := make([][]string, 0, n)
	for _, e := range ents[:n] {
		toks = append(toks, strings.Fields(names.Normalize(e.Names[0].Value)))
	}
	qs := benchQueries(ents[:n], 256)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		q := strings.Fields(names.Normalize(qs[i%len(qs)]))
		best := 0.0
		for _, t := range toks {
			best = max(best, tokenJW(q, t))
		}
		_ = best
	}
	b.ReportMetric(float64(n), "names-scanned")
}

// tokenJW averages, over query tokens, the best Jaro-Winkler similarity
// with any candidate token.
func tokenJW(q, c []string) float64 {
	if len(q) == 0 {
		return 0
	}
	s := 0.0
	for _, a := range q {
		best := 0.0
		for _, b := range c {
			best = max(best, jaroWinkler(a, b))
		}
		s += best
	}
	return s / float64(len(q))
}

func jaroWinkler(a, b string) float64 {
	if a == b {
		return 1
	}
	la, lb := len(a), len(b)
	if la == 0 || lb == 0 {
		return 0
	}
	win := max(la, lb)/2 - 1
	if win < 0 {
		win = 0
	}
	ma := make([]bool, la)
	mb := make([]bool, lb)
	m := 0
	for i := 0; i < la; i++ {
		for j := max(0, i-win); j < min(lb, i+win+1); j++ {
			if !mb[j] && a[i] == b[j] {
				ma[i], mb[j] = true, true
				m++
				break
			}
		}
	}
	if m == 0 {
		return 0
	}
	tr, k := 0, 0
	for i := 0; i < la; i++ {
		if ma[i] {
			for !mb[k] {
				k++
			}
			if a[i] != b[k] {
				tr++
			}
			k++
		}
	}
	fm := float64(m)
	j := (fm/float64(la) + fm/float64(lb) + (fm-float64(tr)/2)/fm) / 3
	p := 0
	for p < min(4, la, lb) && a[p] == b[p] {
		p++
	}
	return j + float64(p)*0.1*(1-j)
}

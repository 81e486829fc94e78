package resolve_test

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"

	"github.com/collabcheck/collabcheck/internal/gold"
	"github.com/collabcheck/collabcheck/internal/match"
	"github.com/collabcheck/collabcheck/internal/registry"
	"github.com/collabcheck/collabcheck/internal/registry/rordump"
	"github.com/collabcheck/collabcheck/internal/resolve"
)

func loadOrgs(b *testing.B) ([]registry.Org, string) {
	d := os.Getenv("COLLABCHECK_DATA")
	if d == "" {
		b.Skip("COLLABCHECK_DATA is not set")
	}
	var orgs []registry.Org
	if _, err := rordump.Read(filepath.Join(d, "ror", "ror-records-subset-v2.9.zip"), func(o registry.Org) error {
		orgs = append(orgs, o)
		return nil
	}, nil); err != nil {
		b.Fatal(err)
	}
	return orgs, d
}

// BenchmarkBuild indexes the registry subset (about 36,000 organisations).
func BenchmarkBuild(b *testing.B) {
	orgs, _ := loadOrgs(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = resolve.New(orgs)
	}
	b.ReportMetric(float64(len(orgs)), "orgs")
}

// BenchmarkResolve resolves the Crossref development strings one after
// another on one goroutine and reports strings per second. One untimed
// pass over the strings comes first, so this measures a resolver whose
// per-word caches (word variants, typo neighbours) are warm, as in a long
// bulk run; BenchmarkResolveFirstSight measures them cold.
func BenchmarkResolve(b *testing.B) {
	orgs, d := loadOrgs(b)
	r := resolve.New(orgs)
	rows, err := gold.Read(filepath.Join(d, "gold", "affiliations", "crossref_train.csv"), gold.FormatCrossref)
	if err != nil {
		b.Fatal(err)
	}
	for _, row := range rows {
		if _, err := r.Resolve(row.Input, resolve.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	runtime.GC()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := resolveTimed(r, rows[i%len(rows)].Input); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "strings/s")
}

// resolveTimed resolves one string of BenchmarkResolve's timed loop. It
// is a function of its own, never inlined, so that a profiler counting
// instructions (callgrind's --toggle-collect) can count only the timed
// strings, not the index build and the untimed pass before them: a
// figure that does not move with the machine's load, for comparing two
// versions of the code (see docs/benchmark-history.md).
//
//go:noinline
func resolveTimed(r *resolve.Resolver, s string) error {
	_, err := r.Resolve(s, resolve.Options{})
	return err
}

// BenchmarkResolveFirstSight resolves the strings of all three labelled
// sets, each once, with a resolver that has seen none of them: every pass
// over the strings starts from a newly built resolver (built outside the
// timer), so the words of each string are looked up, and unknown ones
// searched for typos, for the first time. It bounds from below what a bulk
// run of strings never seen before gets.
func BenchmarkResolveFirstSight(b *testing.B) {
	orgs, d := loadOrgs(b)
	var inputs []string
	for _, f := range []struct{ file, format string }{
		{"crossref_train.csv", gold.FormatCrossref},
		{"s2aff_train_val.csv", gold.FormatS2AFF},
		{"ror_logs_train.csv", gold.FormatRORLogs},
	} {
		rows, err := gold.Read(filepath.Join(d, "gold", "affiliations", f.file), f.format)
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range rows {
			inputs = append(inputs, r.Input)
		}
	}
	var r *resolve.Resolver
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%len(inputs) == 0 {
			b.StopTimer()
			r = resolve.New(orgs)
			runtime.GC()
			b.StartTimer()
		}
		if _, err := r.Resolve(inputs[i%len(inputs)], resolve.Options{}); err != nil && !badInput(err) {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "strings/s")
}

// badInput reports the errors Resolve gives for unusable strings, which a
// labelled set may hold.
func badInput(err error) bool {
	return errors.Is(err, match.ErrEmptyQuery) || errors.Is(err, match.ErrQueryTooLong) || errors.Is(err, match.ErrInvalidUTF8)
}

// BenchmarkResolveParallel resolves the Crossref strings on every
// processor at once and reports strings per second per processor, the
// per-core figure with garbage collection sharing the cores as it does in
// a loaded server or bulk run.
func BenchmarkResolveParallel(b *testing.B) {
	orgs, d := loadOrgs(b)
	r := resolve.New(orgs)
	rows, err := gold.Read(filepath.Join(d, "gold", "affiliations", "crossref_train.csv"), gold.FormatCrossref)
	if err != nil {
		b.Fatal(err)
	}
	for _, row := range rows { // warm the per-word caches, as BenchmarkResolve does
		if _, err := r.Resolve(row.Input, resolve.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	runtime.GC()
	var next atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := int(next.Add(1)) % len(rows)
			if _, err := r.Resolve(rows[i].Input, resolve.Options{}); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds()/float64(runtime.GOMAXPROCS(0)), "strings/s/core")
}

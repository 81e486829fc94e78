package resolve_test

import (
	"github.com/collabcheck/collabcheck/internal/registry/rordump"
	"os"
	"path/filepath"
	"testing"

	"github.com/collabcheck/collabcheck/internal/gold"
	"github.com/collabcheck/collabcheck/internal/registry"
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
// another on one goroutine and reports strings per second.
func BenchmarkResolve(b *testing.B) {
	orgs, d := loadOrgs(b)
	r := resolve.New(orgs)
	rows, err := gold.Read(filepath.Join(d, "gold", "affiliations", "crossref_train.csv"), gold.FormatCrossref)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := r.Resolve(rows[i%len(rows)].Input, resolve.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "strings/s")
}

package postgres

import (
	"context"
	"testing"

	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/store/storetest"
)

func TestRegistryConformance(t *testing.T) {
	storetest.RunRegistry(t, func(t *testing.T) store.Store { return openTemp(t) })
}

// BenchmarkImportRegistry120k measures a registry import the size of the
// full ROR dump: 120,000 synthetic organisations streamed through one COPY.
func BenchmarkImportRegistry120k(b *testing.B) {
	ctx := context.Background()
	s := openTemp(b)
	defer s.Close()
	const n = 120000
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		if _, created, err := s.ImportRegistry(ctx, store.RegistryImport{Source: "synthetic", ContentHash: string(rune('a' + i)), Orgs: storetest.SyntheticOrgs(n, uint64(i%2))}); err != nil || !created {
			b.Fatalf("import: %v (created %v)", err, created)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "orgs/s")
}

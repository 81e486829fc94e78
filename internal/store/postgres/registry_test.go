package postgres

import (
	"context"
	"github.com/collabcheck/collabcheck/internal/registry/rordump"
	"os"
	"path/filepath"
	"testing"

	"github.com/collabcheck/collabcheck/internal/registry"
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

// TestRegistryRealSubset imports the shared 36k-record ROR subset through
// COPY and streams it back.
func TestRegistryRealSubset(t *testing.T) {
	dir := os.Getenv("COLLABCHECK_DATA")
	if dir == "" {
		t.Skip("COLLABCHECK_DATA is not set; it points at the shared data folder holding ror/ror-records-subset-v2.9.zip")
	}
	path := filepath.Join(dir, "ror", "ror-records-subset-v2.9.zip")
	ctx := context.Background()
	s := openTemp(t)
	defer s.Close()
	in := store.RegistryImport{Source: path, Orgs: func(yield func(registry.Org) error) (rordump.Info, error) {
		return rordump.Read(path, yield, nil)
	}}
	v, created, err := s.ImportRegistry(ctx, in)
	if err != nil || !created || v.OrgCount != 35990 || v.SchemaVersion != "2.1" || len(v.ContentHash) != 64 {
		t.Fatalf("import: %+v created=%v err=%v", v, created, err)
	}
	names, n := 0, 0
	if _, err := s.ActiveOrgs(ctx, func(o registry.Org) error { n++; names += len(o.Names); return nil }); err != nil || n != v.OrgCount || names < 2*n {
		t.Fatalf("streamed %d orgs with %d names, err %v", n, names, err)
	}
	// Without a hash up front, the reader's hash makes the second import a no-op.
	if again, created, err := s.ImportRegistry(ctx, in); err != nil || created || again.Number != v.Number {
		t.Fatalf("re-import: %+v created=%v err=%v", again, created, err)
	}
}

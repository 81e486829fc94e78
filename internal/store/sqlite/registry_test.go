package sqlite

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

// subsetPath returns the shared ROR subset, or skips when COLLABCHECK_DATA
// is unset.
func subsetPath(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv("COLLABCHECK_DATA")
	if dir == "" {
		tb.Skip("COLLABCHECK_DATA is not set; it points at the shared data folder holding ror/ror-records-subset-v2.9.zip")
	}
	return filepath.Join(dir, "ror", "ror-records-subset-v2.9.zip")
}

// importDump reads the dump at path into s, as `collabcheck registry
// import` does.
func importDump(ctx context.Context, s store.Registry, path, hash string) (registry.Version, bool, error) {
	return s.ImportRegistry(ctx, store.RegistryImport{Source: path, ContentHash: hash, Orgs: func(yield func(registry.Org) error) (rordump.Info, error) {
		return rordump.Read(path, yield, nil)
	}})
}

func TestRegistryRealSubset(t *testing.T) {
	path := subsetPath(t)
	ctx := context.Background()
	s := openTemp(t)
	defer s.Close()
	hash, err := rordump.HashFile(path)
	if err != nil {
		t.Fatal(err)
	}
	v, created, err := importDump(ctx, s, path, hash)
	if err != nil || !created || v.OrgCount != 35990 || v.SchemaVersion != "2.1" || v.ContentHash != hash {
		t.Fatalf("import: %+v created=%v err=%v", v, created, err)
	}
	// Every record read back equals what the reader produced.
	want := map[string]registry.Org{}
	if _, err := rordump.Read(path, func(o registry.Org) error { want[o.ID] = o; return nil }, nil); err != nil {
		t.Fatal(err)
	}
	n := 0
	if _, err := s.ActiveOrgs(ctx, func(o registry.Org) error {
		n++
		w := want[o.ID]
		if o.ID != w.ID || o.DisplayName() != w.DisplayName() || len(o.Names) != len(w.Names) || len(o.Relationships) != len(w.Relationships) {
			t.Fatalf("%s read back differs:\n got %+v\nwant %+v", o.ID, o, w)
		}
		return nil
	}); err != nil || n != len(want) {
		t.Fatalf("streamed %d of %d: %v", n, len(want), err)
	}
	if _, created, err := importDump(ctx, s, path, hash); err != nil || created {
		t.Fatalf("re-import of the same file: created=%v err=%v", created, err)
	}
}

// BenchmarkImportRegistrySubset measures `registry import` of the shared
// 36k-record ROR subset zip into a fresh SQLite file, end to end: unzip,
// decode, validate, encode, insert and commit.
func BenchmarkImportRegistrySubset(b *testing.B) {
	path := subsetPath(b)
	ctx := context.Background()
	b.ReportAllocs()
	orgs := 0
	for b.Loop() {
		b.StopTimer()
		s := openTemp(b)
		b.StartTimer()
		v, _, err := importDump(ctx, s, path, "")
		if err != nil {
			b.Fatal(err)
		}
		orgs += v.OrgCount
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(orgs)/b.Elapsed().Seconds(), "orgs/s")
}

// BenchmarkImportRegistry120k measures the store side alone at the size of
// the full ROR dump: 120,000 synthetic organisations of realistic size,
// generated as they stream.
func BenchmarkImportRegistry120k(b *testing.B) {
	ctx := context.Background()
	const n = 120000
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		s := openTemp(b)
		b.StartTimer()
		if _, _, err := s.ImportRegistry(ctx, store.RegistryImport{Source: "synthetic", ContentHash: "x", Orgs: storetest.SyntheticOrgs(n, 1)}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "orgs/s")
}

// BenchmarkActiveOrgsSubset measures streaming the 36k-record registry
// back out, the database half of building the resolver's index.
func BenchmarkActiveOrgsSubset(b *testing.B) {
	path := subsetPath(b)
	ctx := context.Background()
	s := openTemp(b)
	defer s.Close()
	if _, _, err := importDump(ctx, s, path, ""); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		if _, err := s.ActiveOrgs(ctx, func(registry.Org) error { n++; return nil }); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "orgs/s")
}

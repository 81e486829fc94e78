package transfer_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/store/postgres"
	"github.com/collabcheck/collabcheck/internal/store/postgres/pgtest"
	"github.com/collabcheck/collabcheck/internal/store/sqlite"
	"github.com/collabcheck/collabcheck/internal/store/storetest"
	"github.com/collabcheck/collabcheck/internal/store/transfer"
)

// benchEntities is the size of the benchmark database: list entities of
// realistic size, about 0.5 KB of JSON each, plus a registry.
const benchEntities = 50000

func benchSource(b *testing.B, st store.Store) {
	b.Helper()
	ctx := b.Context()
	if _, _, err := st.ImportList(ctx, store.ListImport{List: "bench", Format: "synthetic", Source: "bench",
		ContentHash: "sha256:bench", Entities: storetest.Synthetic(benchEntities, 1), Now: stamp}); err != nil {
		b.Fatal(err)
	}
	reg, _ := store.RegistryOf(st)
	if _, _, err := reg.ImportRegistry(ctx, store.RegistryImport{Source: "bench", ContentHash: "sha256:reg",
		Orgs: storetest.SyntheticOrgs(benchEntities/5, 1), Now: stamp}); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkCopy measures whole-database copies (one op = one full copy,
// including verification) in each direction and the SQLite backup.
func BenchmarkCopy(b *testing.B) {
	ctx := b.Context()
	dir := b.TempDir()
	lite, err := sqlite.Open(ctx, filepath.Join(dir, "src.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer lite.Close()
	benchSource(b, lite)
	pg, err := postgres.Open(ctx, pgtest.Database(b))
	if err != nil {
		b.Fatal(err)
	}
	defer pg.Close()
	benchSource(b, pg)
	liteEnd, _ := transfer.FromStore(lite, "sqlite")
	pgEnd, _ := transfer.FromStore(pg, "postgres")

	n := 0
	newSQLite := func(b *testing.B) (transfer.DB, func()) {
		n++
		st, err := sqlite.Open(ctx, filepath.Join(dir, fmt.Sprintf("dst%d.db", n)))
		if err != nil {
			b.Fatal(err)
		}
		d, _ := transfer.FromStore(st, "dst")
		return d, func() { st.Close() }
	}
	newPG := func(b *testing.B) (transfer.DB, func()) {
		st, err := postgres.Open(ctx, pgtest.Database(b))
		if err != nil {
			b.Fatal(err)
		}
		d, _ := transfer.FromStore(st, "dst")
		return d, func() { st.Close() }
	}
	for _, bc := range []struct {
		name string
		src  transfer.DB
		dst  func(*testing.B) (transfer.DB, func())
	}{
		{"sqlite-to-postgres", liteEnd, newPG},
		{"postgres-to-sqlite", pgEnd, newSQLite},
		{"sqlite-to-sqlite", liteEnd, newSQLite},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var rows int64
			for b.Loop() {
				b.StopTimer()
				dst, done := bc.dst(b)
				b.StartTimer()
				rep, err := transfer.Copy(ctx, bc.src, dst, transfer.Options{})
				if err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				done()
				b.StartTimer()
				rows = rep.Rows()
			}
			b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
	b.Run("backup-sqlite", func(b *testing.B) {
		for b.Loop() {
			n++
			if _, err := transfer.Backup(ctx, liteEnd, filepath.Join(dir, fmt.Sprintf("b%d.db", n)), transfer.Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

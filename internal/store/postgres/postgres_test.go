package postgres

import (
	"context"
	"fmt"
	"testing"

	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/store/migrations"
	"github.com/collabcheck/collabcheck/internal/store/postgres/pgtest"
	"github.com/collabcheck/collabcheck/internal/store/storetest"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func openTemp(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), pgtest.Database(t))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openTemp(t) })
}

// TestReopenMigratesOnce checks that a second Open finds the schema
// recorded and leaves the data alone.
func TestReopenMigratesOnce(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Database(t)
	s, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.ImportList(ctx, store.ListImport{List: "l", ContentHash: "x", Entities: storetest.Synthetic(50, 9)}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(ctx, url)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close()
	ms, err := migrations.Load(migrations.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := s.pool.QueryRow(ctx, "SELECT count(*) FROM schema_migrations").Scan(&n); err != nil || n != len(ms) {
		t.Fatalf("schema_migrations rows = %d, %v; want one per migration (%d)", n, err, len(ms))
	}
	if got, err := s.Entities(ctx, "l", 0); err != nil || len(got) != 50 {
		t.Fatalf("after reopen: %d entities, %v; want 50", len(got), err)
	}
}

func TestOpenBadURL(t *testing.T) {
	for _, dsn := range []string{"postgres://127.0.0.1:1/x?connect_timeout=2", "postgres://%zz"} {
		if s, err := Open(context.Background(), dsn); err == nil {
			s.Close()
			t.Errorf("Open(%q) succeeded, want an error", dsn)
		}
	}
}

func BenchmarkImport100k(b *testing.B) {
	ctx := context.Background()
	s := openTemp(b)
	defer s.Close()
	const n = 100000
	lists := [2][]watchlist.Entity{storetest.Synthetic(n, 1), storetest.Synthetic(n, 2)}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_, created, err := s.ImportList(ctx, store.ListImport{List: "bench", ContentHash: fmt.Sprint(i), Entities: lists[i%2]})
		if err != nil || !created {
			b.Fatalf("import: %v (created %v)", err, created)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "entities/s")
}

// BenchmarkActiveEntities100k measures streaming a 100k-entity active
// version, the work of a match index rebuild.
func BenchmarkActiveEntities100k(b *testing.B) {
	ctx := context.Background()
	s := openTemp(b)
	defer s.Close()
	const n = 100000
	if _, _, err := s.ImportList(ctx, store.ListImport{List: "bench", ContentHash: "x", Entities: storetest.Synthetic(n, 1)}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		count := 0
		if err := s.ActiveEntities(ctx, func(string, watchlist.Version, watchlist.Entity) error { count++; return nil }); err != nil || count != n {
			b.Fatalf("streamed %d, err %v", count, err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "entities/s")
}

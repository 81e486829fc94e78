package open

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/collabcheck/collabcheck/internal/store/postgres"
	"github.com/collabcheck/collabcheck/internal/store/postgres/pgtest"
	"github.com/collabcheck/collabcheck/internal/store/sqlite"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func TestStorePicksBackend(t *testing.T) {
	ctx := context.Background()
	s, err := Store(ctx, filepath.Join(t.TempDir(), "x.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.(*sqlite.Store); !ok {
		t.Errorf("file path opened %T, want *sqlite.Store", s)
	}
	s.Close()

	s, err = Store(ctx, pgtest.Database(t))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.(*postgres.Store); !ok {
		t.Errorf("postgres URL opened %T, want *postgres.Store", s)
	}
	s.Close()
}

func TestStoreRejectsEmpty(t *testing.T) {
	for _, dsn := range []string{"", "  "} {
		if s, err := Store(context.Background(), dsn); err == nil {
			s.Close()
			t.Errorf("Store(%q) succeeded, want an error", dsn)
		}
	}
}

func TestIsPostgres(t *testing.T) {
	tests := []struct {
		dsn  string
		want bool
	}{
		{"postgres://u@h/db", true},
		{"postgresql://u@h:5433/db?sslmode=disable", true},
		{"/var/lib/collabcheck/collabcheck.db", false},
		{"collabcheck.db", false},
		{"postgres.db", false},
	}
	for _, tc := range tests {
		if got := IsPostgres(tc.dsn); got != tc.want {
			t.Errorf("IsPostgres(%q) = %v, want %v", tc.dsn, got, tc.want)
		}
	}
}

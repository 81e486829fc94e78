package open

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/store/postgres/pgtest"
)

// TestStoresKeepARegistry checks that what Store opens, for either
// backend, gives its Registry side through store.RegistryOf.
func TestStoresKeepARegistry(t *testing.T) {
	ctx := context.Background()
	for _, dsn := range []string{filepath.Join(t.TempDir(), "x.db"), pgtest.Database(t)} {
		s, err := Store(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		r, err := store.RegistryOf(s)
		if err != nil {
			t.Errorf("%T: %v", s, err)
		} else if vs, err := r.RegistryVersions(ctx); err != nil || len(vs) != 0 {
			t.Errorf("%T: fresh registry versions %v, %v", s, vs, err)
		}
		s.Close()
	}
}

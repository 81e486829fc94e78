package resolve_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/collabcheck/collabcheck/internal/gold"
	"github.com/collabcheck/collabcheck/internal/registry"
	"github.com/collabcheck/collabcheck/internal/resolve"
)

func TestDebugErrors(t *testing.T) {
	if os.Getenv("DEBUG_GOLD") == "" {
		t.Skip("debug only")
	}
	r, known, d := realResolver(t)
	names := map[string]string{}
	registry.Read(filepath.Join(d, "ror", "ror-records-subset-v2.9.zip"), func(o registry.Org) error { names[o.ID] = o.DisplayName(); return nil }, nil)
	rows, _ := gold.Read(filepath.Join(d, "gold", "affiliations", os.Getenv("DEBUG_GOLD")), "")
	rep := gold.Evaluate(rows, func(s string) []string {
		out, _ := r.Resolve(s, resolve.Options{})
		var ids []string
		for _, o := range out.Orgs {
			ids = append(ids, o.ID)
		}
		return ids
	}, func(id string) bool { return known[id] })
	show := func(ids []string) []string {
		var o []string
		for _, id := range ids {
			o = append(o, names[id])
		}
		return o
	}
	for i, o := range rep.False {
		if i < 40 {
			fmt.Printf("FALSE %q\n   got %v want %v\n", o.Row.Input, show(o.Got), show(o.Row.Labels))
		}
	}
	for i, o := range rep.Misses {
		if i < 40 {
			fmt.Printf("MISS %q\n   want %v\n", o.Row.Input, show(o.Row.Labels))
		}
	}
}

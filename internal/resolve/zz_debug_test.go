package resolve_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/collabcheck/collabcheck/internal/match"
	"github.com/collabcheck/collabcheck/internal/resolve"
)

func TestDebugResolve(t *testing.T) {
	if os.Getenv("Q") == "" {
		t.Skip()
	}
	r, _, _ := realResolver(t)
	for _, q := range strings.Split(os.Getenv("Q"), "|") {
		ms, _ := r.Index().Screen(q, match.Options{Limit: 4})
		got, _ := r.Resolve(q, resolve.Options{})
		var ids []string
		for _, o := range got.Orgs {
			ids = append(ids, o.Name)
		}
		fmt.Println(q, " => ", ids)
		for _, m := range ms {
			fmt.Printf("  %.3f %v %s %s via=%d\n", m.Score, m.Match, m.SourceID, m.Name, len(m.Via))
		}
	}
}

package portfolio

import (
	"bytes"
	"context"
	"io"
	"testing"

	"github.com/collabcheck/collabcheck/internal/store"
)

// TestGenerate checks the generator is deterministic, writes exactly the
// strings asked for, repeats strings (so deduplication matters) and that
// its output reads back without malformed lines and is screened: the
// listed organisations it names are found.
func TestGenerate(t *testing.T) {
	parts := PartsFrom(inventedOrgs(), inventedEntities())
	if len(parts.Orgs) != 4 || len(parts.Listed) != 3 {
		t.Fatalf("parts: %d orgs, %d listed; want 4 and 3", len(parts.Orgs), len(parts.Listed))
	}
	for _, f := range Formats {
		opt := GenOptions{Strings: 3000, Seed: 7, Format: f, ListedShare: 0.05, RORHints: 0.5}
		var a, b bytes.Buffer
		sa, err := Generate(&a, parts, opt)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Generate(&b, parts, opt); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: two runs with one seed differ", f)
		}
		if sa.Strings != opt.Strings || sa.Listed == 0 {
			t.Errorf("%s: stats %+v", f, sa)
		}
		w := newWorld(t)
		rd, err := NewReader(bytes.NewReader(a.Bytes()), f)
		if err != nil {
			t.Fatal(err)
		}
		var findings int
		sum, err := w.eng.Run(context.Background(), rd, Options{Save: func(_ context.Context, c store.PortfolioChunk) error {
			findings += len(c.Findings)
			return nil
		}})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Malformed != 0 || sum.Strings != int64(opt.Strings) {
			t.Errorf("%s: read back %d strings with %d malformed lines, want %d and none", f, sum.Strings, sum.Malformed, opt.Strings)
		}
		if sum.Distinct*2 > sum.Strings {
			t.Errorf("%s: %d distinct of %d strings: want realistic repetition", f, sum.Distinct, sum.Strings)
		}
		if findings < sa.Listed/2 {
			t.Errorf("%s: %d findings for %d strings naming listed organisations", f, findings, sa.Listed)
		}
	}
	if _, err := Generate(io.Discard, GenParts{}, GenOptions{Strings: 1}); err == nil {
		t.Error("generated from no organisations")
	}
}

package match

import (
	"testing"

	"github.com/collabcheck/collabcheck/internal/names"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

func TestHoldsAll(t *testing.T) {
	b := NewBuilder()
	ents := []watchlist.Entity{
		org("a", nil, "Westmarch University of Applied Arts"),
		org("b", nil, "Northtown Institute"),
	}
	for i := range ents {
		b.Add("fixture", &ents[i])
	}
	ix := b.Build()
	tests := []struct {
		words string
		want  bool
	}{
		{"Westmarch University", true},           // words of one name, others left over
		{"Applied Arts Westmarch", true},         // any order
		{"Westmarch Institute", false},           // each word is listed, but in different names
		{"Westmarch Westmarch University", true}, // a repeated word
		{"Eastvale University", false},           // a word no name holds
		{"", false},
	}
	for _, tc := range tests {
		if got := ix.HoldsAll(names.Tokenize(tc.words)); got != tc.want {
			t.Errorf("HoldsAll(%q) = %v, want %v", tc.words, got, tc.want)
		}
	}
}

// TestSetOpenCap checks that a builder's open cap replaces the default
// limit on how common a word opening candidates may be, and that a name
// is still found by its rare words when a common one no longer opens it.
func TestSetOpenCap(t *testing.T) {
	build := func(cap int) *Index {
		b := NewBuilder()
		if cap > 0 {
			b.SetOpenCap(cap)
		}
		for i, n := range []string{"Alder Institute", "Birch Institute", "Cedar Institute", "Dunmore Institute"} {
			e := org(string(rune('a'+i)), nil, n)
			b.Add("fixture", &e)
		}
		return b.Build()
	}
	if got := build(0).genLimit(); got != genCap {
		t.Errorf("default limit %d, want genCap %d", got, genCap)
	}
	ix := build(2)
	if got := ix.genLimit(); got != 2 {
		t.Errorf("limit with cap 2 = %d, want 2", got)
	}
	ms, err := ix.Screen("Cedar Institute", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 || ms[0].SourceID != "c" || !ms[0].Match {
		t.Errorf("Screen(Cedar Institute) with cap 2 = %s, want c first", summary(ms))
	}
}

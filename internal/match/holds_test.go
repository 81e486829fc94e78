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

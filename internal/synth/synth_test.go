package synth

import (
	"reflect"
	"testing"

	"github.com/collabcheck/collabcheck/internal/watchlist"
)

func TestGenerateDeterministic(t *testing.T) {
	a := Generate(500, 7, DefaultParts())
	b := Generate(500, 7, DefaultParts())
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed gave different lists")
	}
	c := Generate(500, 8, DefaultParts())
	if reflect.DeepEqual(a, c) {
		t.Fatal("different seeds gave the same list")
	}
	ids := map[string]bool{}
	names := map[string]bool{}
	for _, e := range a {
		if e.SourceID == "" || len(e.Names) == 0 || e.Names[0].Value == "" {
			t.Fatalf("malformed entity %+v", e)
		}
		if ids[e.SourceID] {
			t.Fatalf("duplicate source id %s", e.SourceID)
		}
		ids[e.SourceID] = true
		names[e.Names[0].Value] = true
	}
	if len(names) < 490 {
		t.Errorf("only %d distinct names in 500: the generator repeats itself", len(names))
	}
}

func TestPartsFromEntities(t *testing.T) {
	es := []watchlist.Entity{
		{Kind: watchlist.KindOrganization, Names: []watchlist.Name{{Value: "Northwind Optics Works"}, {Value: "北风"}}},
		{Kind: watchlist.KindPerson, Names: []watchlist.Name{{Value: "DOE, Jane"}}},
	}
	p := PartsFromEntities(es)
	want := []string{"Northwind", "Optics", "Works"}
	if !reflect.DeepEqual(p.Words, want) {
		t.Errorf("words = %v, want %v", p.Words, want)
	}
	if !reflect.DeepEqual(p.Family, []string{"DOE"}) || !reflect.DeepEqual(p.Given, []string{"Jane"}) {
		t.Errorf("person parts = %v / %v", p.Given, p.Family)
	}
}

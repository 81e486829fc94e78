package match

import (
	"reflect"
	"runtime"
	"testing"

	"github.com/collabcheck/collabcheck/internal/synth"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// TestFeederBuildsAsAdd builds one index entity by entity with Add and
// another through a Feeder on several goroutines, and requires the same
// vocabulary, names, postings, acronyms, derived one-word names and
// relations: the Feeder only moves the work, so token ids and name order
// must not change.
func TestFeederBuildsAsAdd(t *testing.T) {
	ents := synth.Generate(5000, 7, synth.DefaultParts())
	// Names the synthetic lists do not make: a city at the end (derived
	// forms, one left with one word of its own), a parenthetical, an
	// acronym, a unit with a parent.
	city := func(id, name, town string) watchlist.Entity {
		e := org(id, []string{"de"}, name)
		e.Addresses = []watchlist.Address{{City: town, Country: "de"}}
		return e
	}
	unit := org("f/unit", []string{"de"}, "Institut für Gezeitenkunde (IGK)", "IGK")
	unit.Relations = []watchlist.Relation{{Type: watchlist.RelParent, Target: "f/hu"}}
	ents = append(ents,
		city("f/hu", "Humboldt-Universität zu Berlin", "Berlin"),
		city("f/jg", "Johannes Gutenberg University Mainz", "Mainz"),
		city("f/tu", "Technische Universität Dresden", "Dresden"),
		unit)
	byAdd := NewBuilder()
	for i := range ents {
		byAdd.Add("l", &ents[i])
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	fed := NewBuilder()
	f := fed.Feeder()
	if f.jobs == nil {
		t.Fatal("a Feeder on 4 processors prepares nothing concurrently")
	}
	for i := range ents {
		f.Add("l", &ents[i])
	}
	f.Close()
	a, b := byAdd.Build(), fed.Build()
	for _, c := range []struct {
		what string
		x, y any
	}{
		{"tokens", a.tokens, b.tokens},
		{"vocab", a.vocab, b.vocab},
		{"names", a.names, b.names},
		{"entities", a.entities, b.entities},
		{"tokData", a.tokData, b.tokData},
		{"walkEntries", a.walkEntries, b.walkEntries},
		{"acronyms", a.acronyms, b.acronyms},
		{"forms", a.forms, b.forms},
		{"idf", a.idf, b.idf},
	} {
		if !reflect.DeepEqual(c.x, c.y) {
			t.Errorf("%s differ between Add and Feeder", c.what)
		}
	}
	if len(a.names) <= len(ents) {
		t.Fatalf("only %d names for %d entities: no derived forms to compare", len(a.names), len(ents))
	}
	ms, err := b.Screen("Humboldt-Universität", Options{})
	if err != nil || len(ms) == 0 || ms[0].SourceID != "f/hu" {
		t.Errorf("the fed index does not find a one-word city-less name: %v %v", ms, err)
	}
}

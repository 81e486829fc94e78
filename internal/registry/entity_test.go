package registry_test

import (
	"reflect"
	"testing"

	"github.com/collabcheck/collabcheck/internal/match"
	"github.com/collabcheck/collabcheck/internal/registry"
	"github.com/collabcheck/collabcheck/internal/registry/rordump"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

const fixture = "testdata/ror-v2.json"

// readAll reads the fixture dump and returns its organisations.
func readAll(t *testing.T, path string) ([]registry.Org, rordump.Info) {
	t.Helper()
	var orgs []registry.Org
	info, err := rordump.Read(path, func(o registry.Org) error {
		orgs = append(orgs, o)
		return nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return orgs, info
}

func TestEntity(t *testing.T) {
	orgs, _ := readAll(t, fixture)
	e := orgs[0].Entity()
	want := watchlist.Entity{
		SourceID: "https://ror.org/03xk7pq21",
		Kind:     watchlist.KindOrganization,
		Names: []watchlist.Name{
			{Value: "Songbei University of Technology", Lang: "en", Kind: watchlist.NamePrimary},
			{Value: "SBUT", Kind: watchlist.NameAcronym},
			{Value: "松北理工大学", Lang: "zh", Kind: watchlist.NameAlias},
			{Value: "Songbei Polytechnic University", Lang: "en", Kind: watchlist.NameAlias},
		},
		Countries: []string{"cn"},
		Addresses: []watchlist.Address{{City: "Harbin", Country: "cn"}},
		Identifiers: []watchlist.Identifier{
			{Scheme: "ror", Value: "https://ror.org/03xk7pq21"},
			{Scheme: "grid", Value: "grid.990001.a"},
			{Scheme: "isni", Value: "0000 0004 9999 0001"},
			{Scheme: "isni", Value: "0000 0004 9999 0002"},
		},
		Relations: []watchlist.Relation{
			{Type: watchlist.RelSubsidiary, Target: "https://ror.org/04m2vdh58", TargetName: "Songbei University of Technology School of Astronautics", Role: "child"},
			{Type: watchlist.RelRelated, Target: "https://ror.org/05tq8wn67", TargetName: "Wessex Institute for Climate Research", Role: "related"},
			{Type: watchlist.RelRelated, Target: "https://ror.org/00rh3kb19", TargetName: "Northern Radar Institute", Role: "predecessor"},
		},
		Attributes: map[string][]string{"status": {"active"}, "types": {"education", "funder"}},
	}
	if !reflect.DeepEqual(e, want) {
		t.Errorf("Entity()\n got %+v\nwant %+v", e, want)
	}
	child := orgs[1].Entity()
	if len(child.Relations) != 1 || child.Relations[0].Type != watchlist.RelParent || child.Relations[0].Target != orgs[0].ID {
		t.Errorf("child relations %+v; want a parent relation to %s", child.Relations, orgs[0].ID)
	}
	for _, o := range orgs {
		e := o.Entity()
		if e.PrimaryName() != o.DisplayName() {
			t.Errorf("%s: primary name %q, display name %q", o.ID, e.PrimaryName(), o.DisplayName())
		}
		if len(e.Names) != len(o.Names) {
			t.Errorf("%s: %d entity names for %d org names", o.ID, len(e.Names), len(o.Names))
		}
	}
	// No display name: the first name stands in as primary.
	o := registry.Org{ID: "https://ror.org/03xk7pq21", Names: []registry.Name{{Value: "Alias Only", Types: []string{registry.NameAlias}}}, Status: registry.StatusActive}
	if e := o.Entity(); e.Names[0].Kind != watchlist.NamePrimary {
		t.Errorf("no display name: names %+v", e.Names)
	}
}

// TestEntitySearch checks that the mapping is what a match index needs:
// English, abbreviated and Chinese forms find the organisation, and a lab
// is linked to its parent by ROR id.
func TestEntitySearch(t *testing.T) {
	orgs, _ := readAll(t, fixture)
	b := match.NewBuilder()
	for _, o := range orgs {
		e := o.Entity()
		b.Add(registry.ListName, &e)
	}
	ix := b.Build()
	tests := []struct {
		q, want string
	}{
		{"Songbei University of Technology", "https://ror.org/03xk7pq21"},
		{"Songbei Univ Technol, Harbin, Peoples R China", "https://ror.org/03xk7pq21"},
		{"松北理工大学", "https://ror.org/03xk7pq21"},
		{"Wessex Institute for Climate Research, Exeter, UK", "https://ror.org/05tq8wn67"},
	}
	for _, tc := range tests {
		ms, err := ix.Screen(tc.q, match.Options{Limit: 3})
		if err != nil {
			t.Fatalf("Screen(%q): %v", tc.q, err)
		}
		if len(ms) == 0 || ms[0].SourceID != tc.want || !ms[0].Match {
			t.Errorf("Screen(%q) = %+v; want a hit on %s first", tc.q, ms, tc.want)
		}
	}
	ms, err := ix.Screen("Songbei University of Technology School of Astronautics", match.Options{Limit: 3})
	if err != nil || len(ms) == 0 || ms[0].SourceID != "https://ror.org/04m2vdh58" {
		t.Fatalf("school: %+v, %v", ms, err)
	}
	if len(ms[0].Via) == 0 || ms[0].Via[0].SourceID != "https://ror.org/03xk7pq21" {
		t.Errorf("school via %+v; want its parent university", ms[0].Via)
	}
}

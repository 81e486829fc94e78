package registry

import (
	"errors"
	"reflect"
	"testing"

	"github.com/collabcheck/collabcheck/internal/match"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

func TestNormalizeID(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"https://ror.org/03xk7pq21", "https://ror.org/03xk7pq21"},
		{"http://ror.org/03xk7pq21", "https://ror.org/03xk7pq21"},
		{"ror.org/03xk7pq21", "https://ror.org/03xk7pq21"},
		{"https://www.ror.org/03xk7pq21/", "https://ror.org/03xk7pq21"},
		{" 03XK7PQ21 ", "https://ror.org/03xk7pq21"},
		{"03xk7pq21", "https://ror.org/03xk7pq21"},
		{"", ""},
		{"3xk7pq21", ""},   // no leading 0
		{"03xk7pq2", ""},   // too short
		{"03xk7pq211", ""}, // too long
		{"03xk7pl21", ""},  // l is not in Crockford base32
		{"03xk7pqab", ""},  // checksum must be digits
		{"https://example.org/03xk7pq21", ""},
		{"grid.990001.a", ""},
	}
	for _, tc := range tests {
		got, err := NormalizeID(tc.in)
		if tc.want == "" {
			if !errors.Is(err, ErrBadID) {
				t.Errorf("NormalizeID(%q) = %q, %v; want ErrBadID", tc.in, got, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("NormalizeID(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestValidate(t *testing.T) {
	valid := func() Org {
		return Org{ID: "https://ror.org/03xk7pq21", Names: []Name{{Value: "Songbei University of Technology", Types: []string{NameDisplay}}}, Status: StatusActive}
	}
	tests := []struct {
		name   string
		change func(*Org)
		want   string
	}{
		{"valid", func(*Org) {}, ""},
		{"inactive", func(o *Org) { o.Status = StatusInactive }, ""},
		{"no id", func(o *Org) { o.ID = "" }, "missing id"},
		{"bare id", func(o *Org) { o.ID = "03xk7pq21" }, `id "03xk7pq21" is not a ROR id`},
		{"no names", func(o *Org) { o.Names = nil }, "missing names"},
		{"blank name", func(o *Org) { o.Names = append(o.Names, Name{Value: "\t"}) }, "name 2 is empty"},
		{"bad utf-8 name", func(o *Org) { o.Names[0].Value = "a\xffb" }, "name 1 is not valid UTF-8"},
		{"no status", func(o *Org) { o.Status = "" }, "missing status"},
		{"odd status", func(o *Org) { o.Status = "Active" }, `status "Active" is not one of`},
		{"relationship without id", func(o *Org) { o.Relationships = []Relationship{{Type: RelParent}} }, "relationship 1 (parent) has no id"},
	}
	for _, tc := range tests {
		o := valid()
		tc.change(&o)
		err := o.Validate()
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (err == nil || err.Error()[:min(len(err.Error()), len(tc.want))] != tc.want):
			t.Errorf("%s: err %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestDisplayName(t *testing.T) {
	tests := []struct {
		names []Name
		want  string
	}{
		{[]Name{{Value: "SBUT", Types: []string{NameAcronym}}, {Value: "Label", Types: []string{NameLabel}}, {Value: "Shown", Types: []string{NameLabel, NameDisplay}}}, "Shown"},
		{[]Name{{Value: "SBUT", Types: []string{NameAcronym}}, {Value: "Label", Types: []string{NameLabel}}}, "Label"},
		{[]Name{{Value: "SBUT", Types: []string{NameAcronym}}}, "SBUT"},
		{nil, "https://ror.org/03xk7pq21"},
	}
	for _, tc := range tests {
		o := Org{ID: "https://ror.org/03xk7pq21", Names: tc.names}
		if got := o.DisplayName(); got != tc.want {
			t.Errorf("DisplayName(%v) = %q, want %q", tc.names, got, tc.want)
		}
	}
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
	o := Org{ID: "https://ror.org/03xk7pq21", Names: []Name{{Value: "Alias Only", Types: []string{NameAlias}}}, Status: StatusActive}
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
		b.Add(ListName, &e)
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

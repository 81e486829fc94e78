package match

import (
	"fmt"
	"slices"
	"testing"

	"github.com/collabcheck/collabcheck/internal/names"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// More namesakes than candidates are kept: the one in the country the
// string names, and the organisation whose listed name many others' derived
// forms share, must still be among them.
func TestCandidatesBeyondTheLimit(t *testing.T) {
	b := NewBuilder()
	add := func(id, name, country string) {
		e := watchlist.Entity{SourceID: id, Kind: watchlist.KindOrganization, Names: []watchlist.Name{{Value: name, Kind: watchlist.NamePrimary}}, Countries: []string{country}}
		b.Add("fixture", &e)
	}
	codes := []string{"at", "be", "bg", "br", "ca", "ch", "cl", "cz", "de", "dk", "es", "fi", "fr", "gr", "hu", "ie", "it", "jp", "nl", "no", "pl", "pt", "se"}
	for k, c := range codes {
		add(fmt.Sprintf("min-%d", k), "Ministry of Tides", c)
		add(fmt.Sprintf("inst-%d", k), fmt.Sprintf("Westmarch Academy of Tides, Institute of Wave %c", 'A'+k), "gb")
	}
	add("min-kw", "Ministry of Tides, Kuwait", "kw")
	add("academy", "Westmarch Academy of Tides", "gb")
	ix := b.Build()
	for _, tc := range []struct{ query, want string }{
		{"Ministry of Tides, Kuwait", "min-kw"},
		{"Westmarch Academy of Tides", "academy"},
	} {
		p := names.ParseAffiliations(tc.query)[0]
		ms, err := ix.ScreenAffiliation(&p, Options{Limit: 3, Threshold: 0.85})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(ms, func(m Match) bool { return m.SourceID == tc.want }) {
			var got []string
			for _, m := range ms {
				got = append(got, fmt.Sprintf("%s %.3f", m.SourceID, m.Score))
			}
			t.Errorf("%q: %v, want %s among them", tc.query, got, tc.want)
		}
	}
}

// The first part of a name before a comma is indexed on its own only when
// it names one organisation: not "School of Medicine" of "School of
// Medicine, University of X", but "Ministry of Tides" of "Ministry of
// Tides, Kuwait", whose rest is a country.
func TestCommaHeads(t *testing.T) {
	school := watchlist.Entity{SourceID: "som", Kind: watchlist.KindOrganization, Names: []watchlist.Name{{Value: "School of Medicine, University of Westmarch", Kind: watchlist.NamePrimary}}}
	for _, m := range screenNames(t, "School of Medicine", school) {
		if m.Match {
			t.Errorf("'School of Medicine' matched %s (%.3f)", m.Name, m.Score)
		}
	}
	ministry := watchlist.Entity{SourceID: "mot", Kind: watchlist.KindOrganization, Names: []watchlist.Name{{Value: "Ministry of Tides, Kuwait", Kind: watchlist.NamePrimary}}, Countries: []string{"kw"}}
	if ms := screenNames(t, "Ministry of Tides", ministry); len(ms) == 0 || !ms[0].Match {
		t.Errorf("'Ministry of Tides' = %v, want a match", ms)
	}
}

// An organisation whose name holds only common words is found when a
// unit's rarer words are written beside it: the unit's words do not stand
// in for the name's in opening candidates.
func TestCommonNameBesideUnit(t *testing.T) {
	b := NewBuilder()
	add := func(id, name string) {
		e := watchlist.Entity{SourceID: id, Kind: watchlist.KindOrganization, Names: []watchlist.Name{{Value: name, Kind: watchlist.NamePrimary}}}
		b.Add("fixture", &e)
	}
	add("0", "National Institute of Science Teaching and Research")
	add("bio", "Centre for Marine Studies")
	// More names than any cap lets open candidates hold the name's words.
	for k := range genCap + 100 {
		add(fmt.Sprintf("f%d", k), fmt.Sprintf("National Institute of Science Teaching and Research Zq%dx", k))
	}
	ix := b.Build()
	p := names.ParseAffiliations("School of Marine Sciences, National Institute of Science Teaching and Research")[0]
	ms, err := ix.ScreenAffiliation(&p, Options{Limit: 3, Threshold: 0.85})
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 || ms[0].SourceID != "0" || !ms[0].Match {
		t.Errorf("got %v, want entity 0 first, a match", ms)
	}
}

// A name made only of words many names hold is found when the string
// writes a town beside it, or only its country: names met through rarer
// variants of its words ("Ministerio", "Ministère" for "Ministry")
// outnumber the preselection, and the name's common word ("tides", too
// common to open candidates) must count before it, not after.
func TestCommonWordBeforePreselection(t *testing.T) {
	b := NewBuilder()
	b.SetOpenCap(40)
	add := func(id, name, country string) {
		e := watchlist.Entity{SourceID: id, Kind: watchlist.KindOrganization, Names: []watchlist.Name{{Value: name, Kind: watchlist.NamePrimary}}, Countries: []string{country}}
		b.Add("fixture", &e)
	}
	for k := range 30 {
		add(fmt.Sprintf("m%d", k), fmt.Sprintf("Ministry of Zq%dy Studies", k), "gb")
	}
	for k := range 40 {
		add(fmt.Sprintf("t%d", k), fmt.Sprintf("Tides Observatory Zq%dx", k), "gb")
	}
	for v, w := range []string{"Ministerio", "Ministere", "Ministero", "Ministerie", "Ministre"} {
		for k := range 12 {
			add(fmt.Sprintf("v%d-%d", v, k), w+" Central", "gb")
		}
	}
	for k := range 3 {
		add(fmt.Sprintf("s%d", k), fmt.Sprintf("Saltmere College Zq%dz", k), "fr")
	}
	// The namesakes come last: of names ranked alike, the first ids are
	// kept.
	for _, c := range []string{"at", "be", "de", "it", "pt", "fr"} {
		add("tides-"+c, "Ministry of Tides", c)
	}
	ix := b.Build()
	tok := func(w string, r names.Role, place bool) names.Token {
		return names.Token{Text: w, Surface: w, Role: r, Place: place}
	}
	name := names.Segment{Role: names.RoleName, Text: "Ministry of Tides", Tokens: []names.Token{tok("ministry", names.RoleName, false), tok("tides", names.RoleName, false)}}
	for _, p := range []names.Affiliation{
		{Countries: []string{"fr"}, Segments: []names.Segment{name, {Role: names.RoleAddress, Text: "Saltmere", Tokens: []names.Token{tok("saltmere", names.RoleAddress, true)}}}},
		{Countries: []string{"fr"}, Segments: []names.Segment{name, {Role: names.RoleCountry, Text: "France", Tokens: []names.Token{tok("france", names.RoleCountry, false)}}}},
	} {
		ms, err := ix.ScreenAffiliation(&p, Options{Limit: 3, Threshold: 0.85})
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) == 0 || ms[0].SourceID != "tides-fr" || !ms[0].Match {
			var got []string
			for _, m := range ms {
				got = append(got, fmt.Sprintf("%s %.3f", m.SourceID, m.Score))
			}
			t.Errorf("%s: got %v, want tides-fr first, a match", p.Segments[1].Text, got)
		}
	}
}

// Whether the common words outweigh the opening ones, and which common
// words are opened again, reads the organisation's own words only: a
// unit's words ("Department of Chemistry") open candidates of their own
// but must not tip the balance that decides how the organisation's name
// is looked for.
func TestUnitWordsOutsideBalance(t *testing.T) {
	gt := []genTok{{df: 600}, {df: 800}, {df: 1700}, {df: 2500}}
	gen := []term{
		{id: 0, w: 5, q: 2, exact: true, own: true},  // a rare word of the name
		{id: 9, w: 3, q: 1, exact: true, own: false}, // a unit's rare word
	}
	common := []term{
		{id: 1, w: 2.5, q: 0, exact: true, own: false}, // "department"
		{id: 2, w: 4, q: 3, exact: true, own: true},
		{id: 3, w: 3.5, q: 4, exact: true, own: true},
	}
	if !heavierCommon(gen, common) {
		t.Fatalf("the name's common words (7.5) do not outweigh its opening word (5)")
	}
	g, c := reopen(append([]term(nil), gen...), append([]term(nil), common...), gt, 1500)
	if slices.ContainsFunc(g, func(x term) bool { return x.id == 1 }) {
		t.Errorf("reopen opened a unit's word: %v", g)
	}
	if !heavierCommon(g, c) {
		t.Errorf("after reopening, a unit's word tipped the balance: gen %v common %v", g, c)
	}
}

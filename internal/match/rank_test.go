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

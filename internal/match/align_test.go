package match

import (
	"testing"

	"github.com/collabcheck/collabcheck/internal/names"
)

// A town written again in the address, after a name that holds it, costs
// the alignment nothing; another address word still does.
func TestAlignedTwin(t *testing.T) {
	mk := func(text string, role names.Role) side { return side{text: text, surface: text, role: role, w: 5} }
	name := []side{mk("westland", names.RoleName), mk("polytechnic", names.RoleName), mk("northtown", names.RoleName)}
	exact := func(q, n []side) func(i, j int) names.TokenSim {
		return func(i, j int) names.TokenSim {
			if q[i].text == n[j].text {
				return names.TokenSim{Sim: 1, How: names.HowExact}
			}
			return names.TokenSim{}
		}
	}
	for _, tc := range []struct {
		what  string
		addr  string
		whole bool
	}{
		{"the town again", "northtown", true},
		{"another town", "southtown", false},
	} {
		q := append(append([]side(nil), name...), mk(tc.addr, names.RoleAddress))
		got := align(q, name, exact(q, name)).score
		if whole := got == 1; whole != tc.whole {
			t.Errorf("%s in the address: score %v, want whole %v", tc.what, got, tc.whole)
		}
	}
}

// A place written in Chinese characters names only itself: "咸阳"
// (Xianyang) is not "信阳" (Xinyang), though their readings sound alike.
func TestHanWordsPairExactly(t *testing.T) {
	b := NewBuilder()
	e := org("xy1", []string{"cn"}, "Xinyang Tidal Hospital", "信阳市潮汐医院")
	b.Add("fixture", &e)
	ix := b.Build()
	for _, tc := range []struct {
		q    string
		want bool
	}{
		{"信阳市潮汐医院", true},
		{"咸阳市潮汐医院", false},
	} {
		ms, err := ix.Screen(tc.q, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := len(ms) > 0 && ms[0].SourceID == "xy1" && ms[0].Match; got != tc.want {
			t.Errorf("Screen(%q): matched %v (%v), want %v", tc.q, got, ms, tc.want)
		}
	}
}

// How much an unaligned query word counts against a candidate depends on
// what it is as well as where it stands: a postcode or a single letter in
// the address names no one, while a number in a name's words still counts.
func TestKindFactor(t *testing.T) {
	for _, c := range []struct {
		text string
		role names.Role
		zero bool
	}{
		{"53115", names.RoleAddress, true},
		{"d", names.RoleAddress, true},
		{"ox1", names.RoleAddress, true},
		{"u1208", names.RoleDept, false},
		{"1234", names.RoleCountry, true},
		{"northtown", names.RoleAddress, false},
		{"53115", names.RoleName, false},
		{"12", names.RoleAddress, false},
		{"d", names.RoleName, false},
	} {
		f := kindFactor(textKindOf(c.text), c.role)
		if (f == 0) != c.zero {
			t.Errorf("kindFactor(%q, %v) = %v, want zero %v", c.text, c.role, f, c.zero)
		}
	}
}

// leftoverPair takes a registry word of four letters at most for an
// abbreviation of the query word it opens ("inst" of "institute"); a
// longer one must be no plain opening of it: "south" of "southport" is a
// word of its own, not an abbreviation.
func TestLeftoverPairAbbreviation(t *testing.T) {
	for _, tc := range []struct {
		query, list string
		want        bool
	}{
		{"institute", "inst", true},
		{"university", "univ", true},
		{"southport", "south", false},
		{"northampton", "north", false},
		{"technology", "technol", false},
		{"international", "intl", true},
	} {
		s, ok := leftoverPair(tc.query, tc.list)
		if got := ok && s.How == names.HowAbbreviation; got != tc.want {
			t.Errorf("leftoverPair(%q, %q) abbreviation = %v, want %v", tc.query, tc.list, got, tc.want)
		}
	}
}

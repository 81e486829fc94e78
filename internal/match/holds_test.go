package match

import (
	"fmt"
	"hash/maphash"
	"slices"
	"strings"
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

// TestRunHolders checks that RunHolders finds the entities with a name
// holding the words side by side and in order, each once per such name,
// and none for words apart, out of order, or one no name holds.
func TestRunHolders(t *testing.T) {
	b := NewBuilder()
	ents := []watchlist.Entity{
		org("a", nil, "Memorial Quillon Varrick Cancer Center", "Quillon Varrick Hospital"),
		org("b", nil, "Quillon Foundation for Varrick Studies"),
		org("c", nil, "Varrick Quillon Museum"),
	}
	for i := range ents {
		b.Add("fixture", &ents[i])
	}
	ix := b.Build()
	tests := []struct {
		words string
		want  []string
	}{
		{"Quillon Varrick", []string{"a", "a"}}, // side by side in both of a's names
		{"Varrick Quillon", []string{"c"}},      // in order only
		{"Cancer Center", []string{"a"}},        // a name's last words
		{"Quillon Studies", nil},                // both of b's, but apart
		{"Quillon Eastvale", nil},               // a word no name holds
		{"", nil},
	}
	for _, tc := range tests {
		var got []string
		ix.RunHolders(names.Tokenize(tc.words), func(id string) { got = append(got, id) })
		if !slices.Equal(got, tc.want) {
			t.Errorf("RunHolders(%q) = %v, want %v", tc.words, got, tc.want)
		}
	}
}

// TestNameSplit checks that NameSplit finds the first cut at which the
// words are two names, each exactly, that accept may refuse a cut, and
// that words with one no name holds, too few, or one name whole split
// nowhere; that NameAfter finds where a name ends the words; and that
// NamesHolding counts the names holding a word.
func TestNameSplit(t *testing.T) {
	b := NewBuilder()
	ents := []watchlist.Entity{
		org("a", nil, "Westmarch University"),
		org("b", nil, "Northtown Institute"),
		org("c", nil, "Northtown Institute of Art"),
		org("d", nil, "Art Museum"),
		org("e", nil, "Westmarch University Art Museum"),
	}
	for i := range ents {
		b.Add("fixture", &ents[i])
	}
	ix := b.Build()
	all := func(int) bool { return true }
	tests := []struct {
		words  string
		accept func(int) bool
		want   int
	}{
		{"Northtown Institute Westmarch University", all, 2},
		{"Westmarch University Northtown Institute of Art", all, 2},
		{"Northtown Institute Art Museum", all, 2},
		{"Northtown Institute Art Museum", func(k int) bool { return k != 2 }, -1},
		{"Westmarch University Northtown", all, -1},          // one side no whole name
		{"Westmarch University Eastvale Institute", all, -1}, // a word no name holds
		{"Westmarch University", all, -1},                    // too few words for two sides
		{"Westmarch University Art Museum", all, -1},         // one name whole
	}
	for _, tc := range tests {
		if got := ix.NameSplit(names.Tokenize(tc.words), 2, tc.accept); got != tc.want {
			t.Errorf("NameSplit(%q) = %d, want %d", tc.words, got, tc.want)
		}
	}
	for _, tc := range []struct {
		words  string
		accept func(int) bool
		want   int
	}{
		{"Department of Tides Northtown Institute", all, 2},
		{"Department of Tides Northtown Institute", func(k int) bool { return k != 2 }, -1},
		{"Eastvale Northtown Institute of Art", all, 1},
		{"Northtown Institute Eastvale", all, -1}, // an unknown word ends it
		{"Department Art", all, -1},               // a name of one word after
	} {
		if got := ix.NameAfter(names.Tokenize(tc.words), 1, tc.accept); got != tc.want {
			t.Errorf("NameAfter(%q) = %d, want %d", tc.words, got, tc.want)
		}
	}
	for w, want := range map[string]int{"northtown": 2, "westmarch": 2, "eastvale": 0} {
		if got := ix.NamesHolding(w); got != want {
			t.Errorf("NamesHolding(%q) = %d, want %d", w, got, want)
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

// TestEmitDeletions checks that the deletion keys the index is built
// with are the keys a query's deletions look up: one per distinct string
// with one rune deleted, hashed as multiIndex.str hashes it.
func TestEmitDeletions(t *testing.T) {
	m := multiIndex{seed: maphash.MakeSeed()}
	for _, w := range []string{"abc", "abcd", "aabb", "beijing", "zürich", "北京航空", "mississippi", "été"} {
		var got []uint64
		emitDeletions(m.seed, w, 7, func(k uint64, id uint32) {
			if id != 7 {
				t.Errorf("%q: id %d", w, id)
			}
			got = append(got, k)
		})
		var want []uint64
		for _, d := range deletions(w) {
			want = append(want, m.str(d))
		}
		if !slices.Equal(got, want) {
			t.Errorf("%q: %d keys %v, want %d %v", w, len(got), got, len(want), want)
		}
	}
}

// TestBuildMulti checks that every key lists its ids in the order they
// were emitted, and an absent key none.
func TestBuildMulti(t *testing.T) {
	pairs := [][2]uint64{{5, 1}, {9, 2}, {5, 3}, {1, 4}, {5, 5}, {9, 6}}
	m := buildMulti(maphash.MakeSeed(), func(emit func(uint64, uint32)) {
		for _, p := range pairs {
			emit(p[0], uint32(p[1]))
		}
	})
	for k, want := range map[uint64][]uint32{5: {1, 3, 5}, 9: {2, 6}, 1: {4}, 2: nil} {
		if got := m.get(k); !slices.Equal(got, want) {
			t.Errorf("get(%d) = %v, want %v", k, got, want)
		}
	}
}

// TestOpenCapCommonWords checks that a name is found when its one rare
// word opens many shorter names and its other words are too common to
// open any: with the open cap lowered, the common words open candidates
// too when they carry most of the query's weight.
func TestOpenCapCommonWords(t *testing.T) {
	b := NewBuilder()
	b.SetOpenCap(90)
	word := func(prefix string, i int) string {
		return prefix + string(rune('a'+i/26)) + string(rune('a'+i%26))
	}
	id := 0
	add := func(name string) {
		e := org(fmt.Sprintf("e%d", id), nil, name)
		b.Add("fixture", &e)
		id++
	}
	// 80 shorter names beside the target hold "Zorvia"; 100 others hold
	// the target's remaining words, more than the cap allows to open.
	for range 80 {
		add("Zorvia Academy")
	}
	for i := range 100 {
		add(word("brom", i) + " Academy of Medical Sciences")
	}
	add("Zorvia Academy of Medical Sciences")
	ix := b.Build()
	ms, err := ix.Screen("Zorvia Academy of Medical Sciences", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("e%d", id-1); len(ms) == 0 || ms[0].SourceID != want || !ms[0].Match {
		t.Errorf("Screen = %s, want %s first", summary(ms), want)
	}
}

func TestDottedInitials(t *testing.T) {
	for in, want := range map[string]string{
		"The University of Westmoor MD Tidal Cancer Center": "The University of Westmoor M. D. Tidal Cancer Center",
		"Government Westmoor PG College":                    "Government Westmoor P. G. College",
		"MD Tidal Cancer Center":                            "", // the first word is an acronym, not initials
		"Westmoor MD":                                       "", // two words
		"Westmoor Software SA (Portugal)":                   "", // a legal form
		"Westmoor Cancer Research UK":                       "", // a country
		"Westmoor Institute USA Inc":                        "",
	} {
		if got := dottedInitials(in); got != want {
			t.Errorf("dottedInitials(%q) = %q, want %q", in, got, want)
		}
	}
	// Written with the initials dotted, the name is found as itself.
	ms := screenNames(t, "University of Westmoor M.D. Tidal Cancer Center", org("md", nil, "The University of Westmoor MD Tidal Cancer Center"))
	if len(ms) == 0 || ms[0].SourceID != "md" || !ms[0].Match {
		t.Errorf("Screen(M.D.) = %s, want md matched", summary(ms))
	}
}

// TestScriptTie checks that of an organisation's names in Chinese and in
// English that fit a query in Latin script equally, the English one is
// the match reported.
func TestScriptTie(t *testing.T) {
	ms := screenNames(t, "Beiling University of Aeronautics and Astronautics, China",
		org("nuaa", []string{"cn"}, "北岭航空航天大学", "Beiling University of Aeronautics and Astronautics"))
	if len(ms) == 0 || ms[0].MatchedName != "Beiling University of Aeronautics and Astronautics" {
		t.Errorf("Screen = %s, want the English name matched", summary(ms))
	}
}

// TestPrimaryTie checks that of an organisation's names in one script
// that fit a query equally, the primary name is the match reported,
// wherever the names stand in the record.
func TestPrimaryTie(t *testing.T) {
	const primary, alias = "Institute of Tides, Westmoor University", "Westmoor University Institute of Tides"
	for _, order := range [][]watchlist.Name{
		{{Value: primary, Kind: watchlist.NamePrimary}, {Value: alias, Kind: watchlist.NameAlias}},
		{{Value: alias, Kind: watchlist.NameAlias}, {Value: primary, Kind: watchlist.NamePrimary}},
	} {
		e := watchlist.Entity{SourceID: "tides", Kind: watchlist.KindOrganization, Names: order}
		for _, q := range []string{"Institute of Tides, Westmoor University", "Westmoor University Institute of Tides"} {
			ms := screenNames(t, q, e)
			if len(ms) == 0 || ms[0].MatchedName != primary {
				t.Errorf("Screen(%q) with %s first = %s (%q), want the primary name matched", q, order[0].Kind, summary(ms), matched(ms))
			}
		}
	}
}

func matched(ms []Match) string {
	if len(ms) == 0 {
		return ""
	}
	return ms[0].MatchedName
}

func TestWithoutPreamble(t *testing.T) {
	for in, want := range map[string][]string{
		"Federal State Autonomous Educational Institution of Higher Education I.M. Westmoor First Tidal State Medical University of the Ministry of Health of the Russian Federation": {
			"I.M. Westmoor First Tidal State Medical University of the Ministry of Health of the Russian Federation",
			"I.M. Westmoor First Tidal State Medical University",
		},
		"Federal State Institution of Science Institute of Tidal Physics, Russian Academy of Sciences":                       {"Institute of Tidal Physics, Russian Academy of Sciences"},
		"Federal State Budgetary Educational Institution of Higher Professional Education “Westmoor Polar State University”": {"Westmoor Polar State University"},
		"Federal State University of Education": nil, // no preamble: an institution's own name
		"Westmoor State University":             nil,
	} {
		if got := withoutPreamble(in); !slices.Equal(got, want) {
			t.Errorf("withoutPreamble(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestUnmatchedInitials checks that the initials of the person an
// organisation is named after, written in the query and not in the list,
// do not keep the name from matching.
func TestUnmatchedInitials(t *testing.T) {
	var es []watchlist.Entity
	for i, n := range []string{"Westmoor Tidal State University", "Tidal State University", "Westmoor Institute",
		"A. M. Kelvo Institute", "V. N. Dorn College", "M. Zarin Clinic"} {
		es = append(es, org(fmt.Sprintf("u%d", i), nil, n))
	}
	ms := screenNames(t, "M. V. Westmoor Tidal State University", es...)
	if len(ms) == 0 || ms[0].SourceID != "u0" || !ms[0].Match {
		t.Errorf("Screen = %s, want u0 matched", summary(ms))
	}
}

// screenNames builds an index of the entities and screens query with
// default options.
func screenNames(t *testing.T, query string, es ...watchlist.Entity) []Match {
	t.Helper()
	b := NewBuilder()
	for i := range es {
		b.Add("fixture", &es[i])
	}
	ms, err := b.Build().Screen(query, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

// TestCityQualifier checks that a parenthetical telling the entity's own
// town from a namesake is not dropped to make a shorter name, while one
// after another word still is, and so is a country after a company
// named after its town.
func TestCityQualifier(t *testing.T) {
	oder := org("oder", []string{"de"}, "University of Westby (Oder)")
	oder.Addresses = []watchlist.Address{{City: "Westby", Country: "de"}}
	ms := screenNames(t, "University of Westby", oder)
	if len(ms) > 0 && ms[0].Match {
		t.Errorf("Screen = %s (%q): the town's qualifier was dropped", summary(ms), matched(ms))
	}
	lab := org("lab", []string{"cn"}, "Tidal Biotech (Westby) Co")
	lab.Addresses = []watchlist.Address{{City: "Westby", Country: "cn"}}
	if ms := screenNames(t, "Tidal Biotech Co", lab); len(ms) == 0 || !ms[0].Match {
		t.Errorf("Screen = %s: the shorter name was not indexed", summary(ms))
	}
	firm := org("firm", []string{"de"}, "Quelstrom Westby (Germany)")
	firm.Addresses = []watchlist.Address{{City: "Westby", Country: "de"}}
	if ms := screenNames(t, "Quelstrom Westby", firm); len(ms) == 0 || !ms[0].Match {
		t.Errorf("Screen = %s: the name without its country was not indexed", summary(ms))
	}
}

// MayKnow never calls a vocabulary word unknown, and calls most words
// the index does not hold unknown.
func TestMayKnow(t *testing.T) {
	ix := fixtureIndex(t)
	for _, w := range ix.tokens {
		if !ix.MayKnow(w) || !ix.Knows(w) {
			t.Fatalf("vocabulary word %q reads as unknown", w)
		}
	}
	unknown := 0
	for i := range 1000 {
		w := fmt.Sprintf("zq%dxv", i)
		if ix.Knows(w) {
			t.Fatalf("%q is no fixture word", w)
		}
		if !ix.MayKnow(w) {
			unknown++
		}
	}
	if unknown < 900 {
		t.Errorf("only %d of 1,000 unknown words read as unknown", unknown)
	}
}

// Misspelling finds the one listed word a letter left out, added or two
// swapped away from an unknown word, when enough names hold it, or else
// one letter written for another inside a long word; two such words, a
// known word, a word too few names hold, or one letter written for
// another first, last or in a short word give none.
func TestMisspelling(t *testing.T) {
	b := NewBuilder()
	var ents []watchlist.Entity
	for i := range 4 {
		ents = append(ents,
			org(fmt.Sprintf("w%d", i), nil, fmt.Sprintf("Westmarch Institute %c", 'A'+i)),
			org(fmt.Sprintf("k%d", i), nil, fmt.Sprintf("Kestrelton College %c", 'A'+i)),
			org(fmt.Sprintf("q%d", i), nil, fmt.Sprintf("Quarrymore Academy %c", 'A'+i)),
			org(fmt.Sprintf("r%d", i), nil, fmt.Sprintf("Quarrymere Academy %c", 'A'+i)),
			org(fmt.Sprintf("u%d", i), nil, fmt.Sprintf("Universidad de Harlow %c", 'A'+i)),
			org(fmt.Sprintf("s%d", i), nil, fmt.Sprintf("Wesmirch Works %c", 'A'+i)),
			org(fmt.Sprintf("c%d", i), nil, fmt.Sprintf("Quillon College %c", 'A'+i)),
		)
	}
	ents = append(ents, org("m", nil, "Marlowes Trading"))
	// A word two hundred names hold, and another one a single name
	// holds, both a letter away from "kestrelfod".
	for i := range 200 {
		ents = append(ents, org(fmt.Sprintf("f%d", i), nil, fmt.Sprintf("Kestrelford Institute %d", i)))
	}
	ents = append(ents, org("l", nil, "Kestrelflod Trading"))
	for i := range ents {
		b.Add("fixture", &ents[i])
	}
	ix := b.Build()
	for _, tc := range []struct {
		word, want string
	}{
		{"kestrelfod", "kestrelford"}, // far more names hold it than the other
		{"wetsmarch", "westmarch"},    // two letters swapped
		// One dropped: "wesmirch", a letter written for another away,
		// is only read when no such word is.
		{"wesmarch", "westmarch"},
		{"kestrelston", "kestrelton"}, // one added
		// One added to a form the names write, canonicalised to another
		// token ("universidad" reads as "university").
		{"univversidad", "universidad"},
		{"westmarch", ""},          // known
		{"westmxrch", "westmarch"}, // one letter for another inside a long word
		{"nestmarch", ""},          // the first: as often another word
		{"westmarah", ""},          // one of the last two: a language's form
		{"quilxon", ""},            // in a short word
		{"quarrymare", ""},         // a typo of two listed words
		{"marloews", ""},           // of a word too few names hold
		{"northwold", ""},          // of none
	} {
		got, ok := ix.Misspelling(tc.word, 4)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("Misspelling(%q) = %q, %v; want %q", tc.word, got, ok, tc.want)
		}
	}
}

// A word longer than every word the names write by more than a typo's
// edits is a typo of none, and is not searched; one within them still is.
func TestBeyondTypos(t *testing.T) {
	b := NewBuilder()
	long := "kestrelfordshiremarchton" // 24 letters, the longest word
	var ents []watchlist.Entity
	for i := range 4 {
		ents = append(ents, org(fmt.Sprintf("k%d", i), nil, fmt.Sprintf("%s Institute %c", long, 'A'+i)))
	}
	ents = append(ents, org("m", nil, "Marlowes Trading"))
	for i := range ents {
		b.Add("fixture", &ents[i])
	}
	ix := b.Build()
	if ix.maxFormRunes != len(long) {
		t.Fatalf("maxFormRunes = %d, want %d", ix.maxFormRunes, len(long))
	}
	for _, tc := range []struct {
		word   string
		beyond bool
	}{
		{long + "xx", false},
		{long + "xxx", true},
		{long + "éé", false}, // runes are counted, not bytes
		{long + "ééé", true},
		{"é", false},
		{strings.Repeat("w", 4000), true},
	} {
		if got := ix.beyondTypos(tc.word); got != tc.beyond {
			t.Errorf("beyondTypos(%q) = %v, want %v", tc.word, got, tc.beyond)
		}
	}
	// One letter added is still found, two letters beyond the longest
	// word not.
	if got, ok := ix.Misspelling(long[:10]+"x"+long[10:], 4); !ok || got != long {
		t.Errorf("Misspelling(one letter added) = %q, %v; want %q", got, ok, long)
	}
	if got, ok := ix.Misspelling(long+"xxx", 1); ok {
		t.Errorf("Misspelling(three letters added) = %q, want none", got)
	}
}

// NamesWithin finds the indexed names written inside a longer run of
// words, longest first, and skips runs holding a word no name holds.
func TestNamesWithin(t *testing.T) {
	b := NewBuilder()
	ents := []watchlist.Entity{
		org("a", nil, "Westmarch University"),
		org("b", nil, "Northtown Institute of Art"),
		org("c", nil, "Art Museum"),
	}
	for i := range ents {
		b.Add("fixture", &ents[i])
	}
	ix := b.Build()
	for _, tc := range []struct {
		words string
		limit int // runs fn takes before it stops the search
		want  string
	}{
		{"Department of Tides Northtown Institute of Art Museum", 9, "2-5 4-6"}, // "of" is no token
		{"Department of Tides Northtown Institute of Art Museum", 1, "2-5"},
		{"Kelp Westmarch University Eastvale", 9, "1-3"},
		{"Westmarch University", 9, ""},          // the whole run is no run within
		{"Westmarch Eastvale University", 9, ""}, // not in order
	} {
		var got []string
		ix.NamesWithin(names.Tokenize(tc.words), 2, func(from, to int) bool {
			got = append(got, fmt.Sprintf("%d-%d", from, to))
			return len(got) < tc.limit
		})
		if g := strings.Join(got, " "); g != tc.want {
			t.Errorf("NamesWithin(%q) = %q, want %q", tc.words, g, tc.want)
		}
	}
}

// Writes tells the words names write, tokens and the forms canonicalised
// to them, from the words none writes.
func TestWrites(t *testing.T) {
	b := NewBuilder()
	ents := []watchlist.Entity{org("a", nil, "Département des Marées"), org("b", nil, "Westmarch University")}
	for i := range ents {
		b.Add("fixture", &ents[i])
	}
	ix := b.Build()
	for w, want := range map[string]bool{"departement": true, "westmarch": true, "university": true, "deparment": false, "eastvale": false} {
		if got := ix.Writes(w); got != want {
			t.Errorf("Writes(%q) = %v, want %v", w, got, want)
		}
	}
}

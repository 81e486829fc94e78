package match

import (
	"fmt"
	"slices"
	"testing"

	"github.com/collabcheck/collabcheck/internal/names"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

func org(id string, countries []string, ns ...string) watchlist.Entity {
	e := watchlist.Entity{SourceID: id, Kind: watchlist.KindOrganization, Countries: countries}
	for i, n := range ns {
		k := watchlist.NameAlias
		if i == 0 {
			k = watchlist.NamePrimary
		}
		if len(n) <= 5 && n == upper(n) {
			k = watchlist.NameAcronym
		}
		e.Names = append(e.Names, watchlist.Name{Value: n, Kind: k})
	}
	return e
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 32
		}
	}
	return string(b)
}

// fixtureIndex builds a small index of invented and well-known public
// institution names.
func fixtureIndex(t testing.TB) *Index {
	t.Helper()
	b := NewBuilder()
	cn := []string{"cn"}
	ents := []watchlist.Entity{
		org("u1", cn, "Harbin Institute of Technology", "哈尔滨工业大学", "HIT"),
		org("u2", cn, "National University of Defense Technology", "国防科技大学", "NUDT"),
		org("u3", cn, "Beihang University", "Beijing University of Aeronautics and Astronautics", "北京航空航天大学", "BUAA"),
		org("u4", cn, "Chongqing University", "重庆大学"),
		org("u5", cn, "Beijing University of Chemical Technology", "北京化工大学"),
		org("u6", cn, "Harbin Engineering University", "哈尔滨工程大学"),
		org("c1", cn, "China Electronics Technology Group Corporation", "CETC", "中国电子科技集团公司"),
		org("c2", []string{"de"}, "Siemens AG"),
		org("c3", []string{"ru"}, "Almaz-Antey Air and Space Defence Corporation JSC"),
		{SourceID: "p1", Kind: watchlist.KindPerson, Names: []watchlist.Name{{Value: "SMITH, John", Kind: watchlist.NamePrimary}}},
		{SourceID: "p2", Kind: watchlist.KindPerson, Names: []watchlist.Name{{Value: "Muhammad Al-Rashid", Kind: watchlist.NamePrimary}}},
	}
	child := org("u1/lab", cn, "State Key Laboratory of Robotics and System")
	child.Relations = []watchlist.Relation{{Type: watchlist.RelParent, Target: "u1"}}
	ents = append(ents, child)
	for i := range ents {
		b.Add("fixture", &ents[i])
	}
	return b.Build()
}

func TestScreen(t *testing.T) {
	ix := fixtureIndex(t)
	tests := []struct {
		query   string
		want    string // source id of the expected top hit; "" means no hit
		country string
	}{
		{"Harbin Institute of Technology", "u1", ""},
		{"Harbin Inst Technol, Sch Astronaut, Harbin 150001, Peoples R China", "u1", ""},
		{"哈尔滨工业大学航天学院", "u1", ""},
		{"harbin institute of technology", "u1", ""},
		{"Harbin Insitute of Technology", "u1", ""},
		{"Natl Univ Def Technol, Coll Comp, Changsha 410073, Hunan, Peoples R China", "u2", ""},
		{"National University of Defence Technology", "u2", ""},
		{"國防科技大學", "u2", ""},
		{"Beihang University (BUAA)", "u3", ""},
		{"Beijing Univ Aeronaut & Astronaut, Sch Mat Sci & Engn, Beijing 100191, Peoples R China", "u3", ""},
		{"Bejing Univ Chem Technol", "u5", ""},
		{"Chongqing University", "u4", ""},
		{"Chongqing Medical University", "", ""},
		{"Harbin Medical University", "", ""},
		{"Harbin Normal University", "", ""},
		{"Shenzhen Technology University", "", ""},
		{"HIT", "", ""},
		{"Holon Institute of Technology", "", ""},
		{"Siemens Aktiengesellschaft", "c2", ""},
		{"China Electronics Technology Group Corp", "c1", ""},
		{"中国电子科技集团公司第十四研究所", "c1", ""},
		{"John Smith", "p1", ""},
		{"Jane Smith", "", ""},
		{"John Smyth", "", ""},
		{"Johnny Smith", "p1", ""},
		{"Mohammed Al Rashid", "p2", ""},
		{"State Key Lab of Robotics and System, Harbin Institute of Technology", "u1/lab", ""},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			ms, err := ix.Screen(tc.query, Options{Country: tc.country})
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if len(ms) > 0 && ms[0].Match {
				got = ms[0].SourceID
			}
			if got != tc.want {
				t.Errorf("top hit = %q, want %q; results: %s", got, tc.want, summary(ms))
			}
		})
	}
}

func summary(ms []Match) string {
	s := ""
	for _, m := range ms {
		s += m.SourceID + "=" + ftoa(m.Score) + " "
	}
	return s
}

func ftoa(f float64) string {
	return string(rune('0'+int(f*10)%10)) + string(rune('0'+int(f*100)%10)) + string(rune('0'+int(f*1000)%10))
}

func TestScreenBadInput(t *testing.T) {
	ix := fixtureIndex(t)
	tests := []struct {
		q    string
		want error
	}{
		{"", ErrEmptyQuery},
		{" ,;() ", ErrEmptyQuery},
		{"Harbin \xff", ErrInvalidUTF8},
		{string(make([]byte, MaxQueryBytes+1)), ErrQueryTooLong},
	}
	for _, tc := range tests {
		if _, err := ix.Screen(tc.q, Options{}); err != tc.want {
			t.Errorf("Screen(%.20q) error = %v, want %v", tc.q, err, tc.want)
		}
	}
}

func TestViaAndExplanation(t *testing.T) {
	ix := fixtureIndex(t)
	ms, err := ix.Screen("State Key Laboratory of Robotics and System", Options{})
	if err != nil || len(ms) == 0 {
		t.Fatal(err)
	}
	m := ms[0]
	if m.SourceID != "u1/lab" || len(m.Via) != 1 || m.Via[0].SourceID != "u1" || m.Via[0].Relation != "parent" {
		t.Fatalf("want the lab with via its parent, got %+v", m)
	}
	hows := map[string]bool{}
	for _, e := range m.Explanation {
		hows[e.How] = true
	}
	if !hows["exact"] {
		t.Errorf("explanation lacks aligned tokens: %+v", m.Explanation)
	}
	ms, _ = ix.Screen("Natl Univ Def Technol", Options{})
	abbrev := 0
	for _, e := range ms[0].Explanation {
		if e.How == "abbreviation" {
			abbrev++
		}
	}
	if abbrev != 4 {
		t.Errorf("want 4 abbreviation alignments, got %+v", ms[0].Explanation)
	}
}

func TestCountryQualifier(t *testing.T) {
	ix := fixtureIndex(t)
	cn, _ := ix.Screen("Chongqing University", Options{Country: "China"})
	us, _ := ix.Screen("Chongqing University", Options{Country: "us"})
	if cn[0].Score <= us[0].Score || us[0].Match {
		t.Errorf("country mismatch should lower the score below the threshold: cn %.3f us %.3f", cn[0].Score, us[0].Score)
	}
}

// FuzzScreen checks that any query either is rejected with an error or
// gives sorted results with scores in [0, 1], and never panics.
func FuzzScreen(f *testing.F) {
	for _, s := range []string{"Harbin Inst Technol, Harbin 150001, Peoples R China", "哈尔滨工业大学航天学院", "HIT", "(BUAA)", "J. Smith", "a;b;c", "\x00"} {
		f.Add(s)
	}
	ix := fixtureIndex(f)
	f.Fuzz(func(t *testing.T, q string) {
		ms, err := ix.Screen(q, Options{Limit: 10})
		if err != nil {
			return
		}
		for i, m := range ms {
			if m.Score < 0 || m.Score > 1 {
				t.Fatalf("score %v out of range for %q", m.Score, q)
			}
			if i > 0 && ms[i-1].Score < m.Score-specificEpsilon {
				t.Fatalf("results not sorted for %q", q)
			}
		}
	})
}

func TestIntersect(t *testing.T) {
	tests := []struct{ a, b, want []uint32 }{
		{[]uint32{1, 3, 5, 7}, []uint32{2, 3, 4, 7, 9}, []uint32{3, 7}},
		{[]uint32{5}, []uint32{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, []uint32{5}},
		{[]uint32{}, []uint32{1}, nil},
		{[]uint32{1, 2, 3}, []uint32{4, 5}, nil},
		{[]uint32{10, 20, 30, 40, 50, 60, 70, 80}, []uint32{80}, []uint32{80}},
	}
	for _, tc := range tests {
		var got []uint32
		intersect(tc.a, tc.b, func(x uint32) { got = append(got, x) })
		if len(got) != len(tc.want) {
			t.Errorf("intersect(%v, %v) = %v, want %v", tc.a, tc.b, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("intersect(%v, %v) = %v, want %v", tc.a, tc.b, got, tc.want)
			}
		}
	}
}

func TestWithoutCity(t *testing.T) {
	tests := []struct {
		name, city, want string
		own              int
	}{
		{"Johannes Gutenberg University Mainz", "Mainz", "Johannes Gutenberg University", 2},
		{"Adam Mickiewicz University in Poznań", "Poznan", "Adam Mickiewicz University", 2},
		{"Ludwig-Maximilians-Universität München", "München", "Ludwig Maximilians Universität", 2},
		// One word of its own is kept for Build to weigh (see
		// TestOneWordCityNames); a place is not one.
		{"Humboldt-Universität zu Berlin", "Berlin", "Humboldt Universität", 1},
		{"Freie Universität Berlin", "Berlin", "Freie Universität", 1},
		// "Technische" is the common word "technical": nothing of its own
		// is left.
		{"Technische Universität Dresden", "Dresden", "", 0},
		{"University of Texas at Austin", "Austin", "", 0},
		{"Mainz University", "Mainz", "", 0},
		{"Johannes Gutenberg University Mainz", "Berlin", "", 0},
		{"Johannes Gutenberg University Mainz", "", "", 0},
	}
	for _, tc := range tests {
		if got, own := withoutCity(tc.name, tc.city); got != tc.want || len(own) != tc.own {
			t.Errorf("withoutCity(%q, %q) = %q, %q, want %q and %d own words", tc.name, tc.city, got, own, tc.want, tc.own)
		}
	}
}

// A name left with one word of its own once its city is cut is indexed
// only when no other organisation yields it.
func TestOneWordCityNames(t *testing.T) {
	org := func(id, name, city string) watchlist.Entity {
		return watchlist.Entity{SourceID: id, Kind: watchlist.KindOrganization, Names: []watchlist.Name{{Value: name, Kind: watchlist.NamePrimary}},
			Addresses: []watchlist.Address{{City: city, Country: "de"}}, Countries: []string{"de"}}
	}
	es := []watchlist.Entity{
		org("hu", "Humboldt-Universität zu Berlin", "Berlin"),
		org("tud", "Technische Universität Dresden", "Dresden"),
		org("tub", "Technische Universität Berlin", "Berlin"),
	}
	for _, tc := range []struct{ query, want string }{
		{"Humboldt Universität", "hu"},
		{"Technische Universität", ""},
	} {
		var got string
		for _, m := range screenNames(t, tc.query, es...) {
			if m.Match {
				got = m.SourceID
				break
			}
		}
		if got != tc.want {
			t.Errorf("%q matched %q, want %q", tc.query, got, tc.want)
		}
	}
}

// A bare two-letter word meets a listed "XY, Inc." only as an acronym:
// the legal form does not make the name more than one word.
func TestAcronymWithLegalForm(t *testing.T) {
	b := NewBuilder()
	e := org("xy", nil, "XY, Inc.")
	b.Add("fixture", &e)
	ix := b.Build()
	ms, err := ix.Screen("XY", Options{Threshold: 0.01})
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 1 || ms[0].Score > acronymCap {
		t.Fatalf("Screen(XY) = %s, want one match capped at %v", summary(ms), acronymCap)
	}
}

func TestUniqueAcronyms(t *testing.T) {
	b := NewBuilder()
	ents := []watchlist.Entity{
		org("k", []string{"kr"}, "Korvan Advanced Institute of Science", "KAVI"),
		org("z1", []string{"de"}, "Zellner Institute of Technology", "ZIT"),
		org("z2", []string{"jp"}, "Zama Institute of Textiles", "ZIT"),
		org("h", []string{"hk"}, "Harbourside University of Science", "HUS"),
		org("m", []string{"us"}, "Midland Tern College", "MT"),
		// A company whose one-word name the index derives from the
		// registry's "X (Country)".
		org("v", []string{"no"}, "Zarv (Norway)"),
	}
	for i := range ents {
		b.Add("fixture", &ents[i])
	}
	ix := b.Build()
	tests := []struct {
		q, want string
		score   float64
	}{
		{"KAVI", "k", UniqueAcronymScore},
		{"KAVI, Korea", "k", UniqueAcronymCountryScore},
		{"ZIT", "", 0},
		{"ZIT, Germany", "z1", UniqueAcronymCountryScore},
		{"HUS, Hong Kong, China", "h", UniqueAcronymCountryScore}, // Hong Kong written as part of China
		{"MT", "", 0},   // two letters: a state as often as a name
		{"KAVX", "", 0}, // resembling is not holding
		{"Zarv", "v", UniqueAcronymScore},
		{"Zarv Inc.", "v", UniqueAcronymScore}, // a legal form takes nothing from it
		{"Zarv Tidal", "", 0},                  // another word does
	}
	for _, tc := range tests {
		ms, err := ix.Screen(tc.q, Options{TrustUniqueAcronyms: true})
		if err != nil {
			t.Fatal(err)
		}
		got, score := "", 0.0
		if len(ms) > 0 && ms[0].Match {
			got, score = ms[0].SourceID, ms[0].Score
		}
		if got != tc.want || score != tc.score {
			t.Errorf("Screen(%q) = %q %v, want %q %v (%s)", tc.q, got, score, tc.want, tc.score, summary(ms))
		}
		// Without the option, a bare acronym stays capped.
		if ms, _ := ix.Screen(tc.q, Options{}); len(ms) > 0 && ms[0].Score > acronymCountryCap {
			t.Errorf("Screen(%q) without TrustUniqueAcronyms scored %s", tc.q, summary(ms))
		}
	}
}

// A name an organisation lists outright is no shortened form, even when
// another of its names also shortens to it: "University of Eastvale"
// listed beside "University of Eastvale, Northtown" fits the query
// exactly, and ahead of the namesake campus whose name only shortens to it.
func TestListedNameNotDerived(t *testing.T) {
	reno := org("n", []string{"xx"}, "University of Eastvale, Northtown", "University of Eastvale")
	lv := org("s", []string{"xx"}, "University of Eastvale, Southtown")
	ms := screenNames(t, "University of Eastvale", reno, lv)
	if len(ms) < 2 || ms[0].SourceID != "n" || ms[0].Score != 1 || ms[1].Score >= 1 {
		t.Fatalf("Screen = %s, want n exactly (1.0) ahead of the shortened s", summary(ms))
	}
}

func TestBeginsName(t *testing.T) {
	b := NewBuilder()
	e := org("w", nil, "University of West Harbour at Eastvale")
	b.Add("fixture", &e)
	ix := b.Build()
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"University of West Harbour", true},
		{"University of West Harbour at Eastvale", false}, // the whole name, not its beginning
		{"West Harbour", false},
		{"University of Zzyzx", false},
	} {
		if got := ix.BeginsName(names.Tokenize(tc.in)); got != tc.want {
			t.Errorf("BeginsName(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// A name made of one rarer word and common ones is found when the common
// words carry the query's weight and too many names hold them to open
// candidates: the names holding the two rarest of them together are
// opened too, not only the many shorter names holding the rarer word
// ("Public Fund", which would fill the preselection).
func TestCommonWordsCarryTheName(t *testing.T) {
	b := NewBuilder()
	word := func(i int) string { // a made-up word of its own for each i
		w := []byte{'q'}
		for ; i > 0 || len(w) < 4; i /= 20 {
			w = append(w, 'b'+byte(i%20))
		}
		return string(w)
	}
	var es []watchlist.Entity
	// Other names, so that even words in 1,600 names weigh.
	for i := 0; i < 30000; i++ {
		es = append(es, org(fmt.Sprintf("f%d", i), nil, "Fund "+word(i+5000)))
	}
	for i := 0; i < 1600; i++ {
		es = append(es, org(fmt.Sprintf("h%d", i), nil, "Health Association of "+word(i)))
	}
	for i := 0; i < 200; i++ {
		es = append(es, org(fmt.Sprintf("p%d", i), nil, "Public Fund"))
	}
	es = append(es, org("target", nil, "Public Health Association"))
	for i := range es {
		b.Add("fixture", &es[i])
	}
	ms, err := b.Build().Screen("Public Health Association", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 || ms[0].SourceID != "target" || ms[0].Score != 1 {
		t.Fatalf("Screen = %s, want the target exactly", summary(ms))
	}
}

// TestCommonWordsPairApart checks that when every word of a name is too
// common to open candidates, the rarest is paired with a word written
// apart from it, not beside it: words written together ("United States",
// "New York") are held together by many names, which the preselection
// cannot all keep (300 "Westland Republic" pushing out "Westland
// Republic National Tidal Foundation").
func TestCommonWordsPairApart(t *testing.T) {
	b := NewBuilder()
	b.SetOpenCap(40)
	var es []watchlist.Entity
	for i := range 300 {
		es = append(es, org(fmt.Sprintf("w%d", i), nil, "Westland Republic"))
	}
	for i := range 400 {
		es = append(es, org(fmt.Sprintf("n%d", i), nil, fmt.Sprintf("National Tidal Zq%dx", i)))
		es = append(es, org(fmt.Sprintf("f%d", i), nil, fmt.Sprintf("Tidal Foundation Zq%dy", i)))
	}
	es = append(es, org("target", nil, "Westland Republic National Tidal Foundation"))
	for i := range es {
		b.Add("fixture", &es[i])
	}
	ms, err := b.Build().Screen("Westland Republic National Tidal Foundation", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 || ms[0].SourceID != "target" || ms[0].Score != 1 {
		t.Fatalf("Screen = %s, want the target exactly", summary(ms))
	}
}

// TestCodesMatchExactly checks that a word holding a digit, such as a
// lab's unit code, matches only as written: "UPR20" is neither short for
// "UPR2002" nor a typo of "UPR2022".
func TestCodesMatchExactly(t *testing.T) {
	b := NewBuilder()
	lab := org("lab", []string{"fr"}, "Laboratoire des Vents Salés", "UPR2002")
	b.Add("fixture", &lab)
	ix := b.Build()
	for _, tc := range []struct {
		query string
		hit   bool
	}{
		{"UPR2002", true},
		{"UPR20", false},
		{"UPR2022", false},
	} {
		ms, err := ix.Screen(tc.query, Options{Threshold: 0.5})
		if err != nil {
			t.Fatal(err)
		}
		if got := len(ms) > 0 && ms[0].Match; got != tc.hit {
			t.Errorf("Screen(%q) hit = %v, want %v; results: %s", tc.query, got, tc.hit, summary(ms))
		}
	}
}

// TestUnmatchedCodeWeighsLittle checks that a lab's code the list does not
// hold ("U1208" after an institute's name) costs little, as a footnote
// number does, while an unknown word still costs its weight.
func TestUnmatchedCodeWeighsLittle(t *testing.T) {
	b := NewBuilder()
	inst := org("inst", []string{"fr"}, "Institute of Tidal Physics")
	other := org("other", []string{"fr"}, "Zorvanic Society")
	b.Add("fixture", &inst)
	b.Add("fixture", &other)
	ix := b.Build()
	score := func(q string) float64 {
		ms, err := ix.Screen(q, Options{Threshold: 0.3})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			if m.SourceID == "inst" {
				return m.Score
			}
		}
		return 0
	}
	coded, worded := score("Institute of Tidal Physics U1208"), score("Institute of Tidal Physics Zorvanic")
	if coded < 0.9 || coded <= worded {
		t.Errorf("with a code %.3f (want ≥ 0.9), with an unknown word %.3f (want less)", coded, worded)
	}
}

// A word written out aligns with the registry's word before an initial
// that could also stand for it, however rare the letter is as a token.
func TestWordBeforeInitial(t *testing.T) {
	b := NewBuilder()
	uni := org("uni", []string{"co"}, "Universidad de Zorvania")
	b.Add("fixture", &uni)
	for i, n := range []string{"U Tidal Works", "U Harbour Guild"} {
		// "U" a token of other names, rarer than "universidad".
		o := org(fmt.Sprintf("o%d", i), []string{"co"}, n)
		b.Add("fixture", &o)
	}
	for i := range 6 {
		o := org(fmt.Sprintf("u%d", i), []string{"co"}, fmt.Sprintf("Universidad de Kest%c", 'a'+i))
		b.Add("fixture", &o)
	}
	ix := b.Build()
	ms, err := ix.Screen("Universidad de Zorvania U de Z", Options{Threshold: 0.3})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.SourceID != "uni" {
			continue
		}
		for _, e := range m.Explanation {
			if e.Query == "u" && e.List != "" {
				t.Errorf("the initial took the registry's word: %+v", m.Explanation)
			}
		}
		return
	}
	t.Fatalf("no match for the university: %v", ms)
}

func TestWithoutGivenNames(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Richard L. Roudebush VA Medical Center", "Roudebush VA Medical Center"},
		{"M. V. Lomonosov Moscow State University", "Lomonosov Moscow State University"},
		{"Hannelore K. T. Varga Tidal Research Center", "Varga Tidal Research Center"},
		{"John Smith Memorial Hospital", ""},    // no initial: the given name may be the name's own word
		{"Institute A. Varga Tidal Center", ""}, // an organisation's word, not a given name
		{"Richard L. Roudebush Center", ""},     // too little left
		{"AB C. Tidal Research Center", ""},     // not a given name
	} {
		if got := withoutGivenNames(tc.in); got != tc.want {
			t.Errorf("withoutGivenNames(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	b := NewBuilder()
	va := org("va", []string{"us"}, "Hannelore K. Varga Tidal Medical Center")
	b.Add("fixture", &va)
	ms, err := b.Build().Screen("Varga Tidal Medical Center", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 || !ms[0].Match || ms[0].SourceID != "va" {
		t.Errorf("the centre written without its namesake's given name: %s", summary(ms))
	}
}

// TestNumeralsEitherWay checks that a number in a name matches whether
// written in Roman numerals or digits ("Université Zorvane VIII" for
// "Université Zorvane 8"), and picks the organisation with that number
// among namesakes numbered otherwise; a number that differs picks none
// of them outright.
func TestNumeralsEitherWay(t *testing.T) {
	b := NewBuilder()
	for _, o := range []watchlist.Entity{
		org("z8", []string{"fr"}, "Université Zorvane 8"),
		org("z13", []string{"fr"}, "Université Zorvane XIII"),
		org("z2", []string{"fr"}, "Université Zorvane 2 Quelmont"),
		org("k1", []string{"dz"}, "Kestrabad I University"),
		org("k2", []string{"dz"}, "Kestrabad 2 University"),
	} {
		b.Add("fixture", &o)
	}
	ix := b.Build()
	for _, tc := range []struct{ query, want string }{
		{"Université Zorvane VIII", "z8"},
		{"Université Zorvane 8", "z8"},
		{"Université Zorvane 13", "z13"},
		{"Universite Zorvane XIII", "z13"},
		{"Université Zorvane II Quelmont", "z2"},
		{"Kestrabad 1 University", "k1"},
		{"Kestrabad II University", "k2"},
	} {
		ms, err := ix.Screen(tc.query, Options{Threshold: 0.9})
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) == 0 || !ms[0].Match || ms[0].SourceID != tc.want || len(ms) > 1 && ms[1].Score >= ms[0].Score {
			t.Errorf("Screen(%q) = %s, want %s alone first", tc.query, summary(ms), tc.want)
		}
	}
}

// TestPluralEitherWay checks that a word written in the singular aligns
// with the registry's plural and back ("Academy of Art and Sciences"), as
// a plural, while a name written as the registry writes it still comes
// first.
func TestPluralEitherWay(t *testing.T) {
	b := NewBuilder()
	for _, o := range []watchlist.Entity{
		org("acad", []string{"nl"}, "Quelmont Academy of Arts and Sciences"),
		org("grant", []string{"gb"}, "Zorvane Grant Office"),
		org("grants", []string{"gb"}, "Kestrabad Grants Agency"),
	} {
		b.Add("fixture", &o)
	}
	ix := b.Build()
	for _, tc := range []struct{ query, want string }{
		{"Quelmont Academy of Art and Sciences", "acad"},
		{"Zorvane Grants Office", "grant"},
		{"Kestrabad Grant Agency", "grants"},
		{"Zorvane Grant Office", "grant"},
	} {
		ms, err := ix.Screen(tc.query, Options{Threshold: 0.9})
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) == 0 || !ms[0].Match || ms[0].SourceID != tc.want {
			t.Errorf("Screen(%q) = %s, want %s first", tc.query, summary(ms), tc.want)
		}
	}
	ms, _ := ix.Screen("Quelmont Academy of Art and Sciences", Options{Threshold: 0.9})
	if len(ms) == 0 || !slices.ContainsFunc(ms[0].Explanation, func(e Evidence) bool { return e.How == string(names.HowPlural) && e.Query == "art" }) {
		t.Errorf("Screen(Academy of Art …) does not explain \"art\" as a plural: %+v", ms)
	}
}

// TestInitialsJoined checks that two initials written apart ("K. X.")
// align with the two letters a name writes as one word ("KX") and back,
// rather than the first letter standing for the word and the second left
// over.
func TestInitialsJoined(t *testing.T) {
	b := NewBuilder()
	for _, o := range []watchlist.Entity{
		org("kx", []string{"us"}, "KX Varnholt Cancer Centre"),
		org("qz", []string{"ru"}, "Q.Z. Ostrander Institute of Tides"),
	} {
		b.Add("fixture", &o)
	}
	ix := b.Build()
	for _, tc := range []struct{ query, want string }{
		{"K. X. Varnholt Cancer Centre", "kx"},
		{"K.X. Varnholt Cancer Centre", "kx"},
		{"QZ Ostrander Institute of Tides", "qz"},
	} {
		ms, err := ix.Screen(tc.query, Options{Threshold: 0.9})
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) == 0 || !ms[0].Match || ms[0].SourceID != tc.want || !slices.ContainsFunc(ms[0].Explanation, func(e Evidence) bool { return e.How == string(names.HowCompound) }) {
			t.Errorf("Screen(%q) = %s, want %s matched with the initials joined", tc.query, summary(ms), tc.want)
		}
	}
}

// TestNumeralLetterStaysAWord checks that a letter that is also a Roman
// numeral ("I") opens candidates as the letter itself, not as its number:
// "Harbour-I Works", all of whose words are common, is found through two
// of its own words, not through "1", rarer than "i" but no word of the
// query.
func TestNumeralLetterStaysAWord(t *testing.T) {
	b := NewBuilder()
	b.SetOpenCap(20)
	co := org("hi", []string{"jp"}, "Harbour-I Works")
	b.Add("fixture", &co)
	add := func(id, name string) {
		o := org(id, []string{"fr"}, name)
		b.Add("fixture", &o)
	}
	// "harbour", "works", "i" and "1" are each held by more names than
	// open candidates, "1" by the fewest.
	for i := range 60 {
		add(fmt.Sprintf("w%d", i), fmt.Sprintf("Harbour Works %d", i))
		add(fmt.Sprintf("t%d", i), fmt.Sprintf("Tidal %d I Guild", i))
	}
	for i := range 25 {
		add(fmt.Sprintf("o%d", i), fmt.Sprintf("Harbour 1 Office %d", i))
	}
	ix := b.Build()
	ms, err := ix.Screen("Harbour-I Works", Options{Threshold: 0.9})
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 || ms[0].SourceID != "hi" || ms[0].Score < 0.99 {
		t.Errorf("Screen = %s, want hi at 1", summary(ms))
	}
}

// TestRareWordAbbreviates checks that a word one name holds as written
// ("Appl" in "Velmar Appl Systems") is still read as the abbreviation it
// usually is ("Appl." for "Applied"), while a word that is a name on its
// own (an acronym) stays that name.
func TestRareWordAbbreviates(t *testing.T) {
	b := NewBuilder()
	for _, o := range []watchlist.Entity{
		org("dorn", []string{"de"}, "Dornwick University of Applied Sciences"),
		org("velmar", []string{"us"}, "Velmar Appl Systems"),
		org("zelt", []string{"ch"}, "University of Zeltmoor", "ZELTM"),
		org("zeltm", []string{"us"}, "Zeltmorgan Holdings"),
	} {
		b.Add("fixture", &o)
	}
	ix := b.Build()
	for _, tc := range []struct{ query, want string }{
		{"Dornwick Univ. of Appl. Sci.", "dorn"},
		{"Velmar Appl Systems", "velmar"},
		{"ZELTM", "zelt"},
	} {
		ms, err := ix.Screen(tc.query, Options{Threshold: 0.8, TrustUniqueAcronyms: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) == 0 || !ms[0].Match || ms[0].SourceID != tc.want || len(ms) > 1 && ms[1].Match {
			t.Errorf("Screen(%q) = %s, want %s alone", tc.query, summary(ms), tc.want)
		}
	}
}

// A listed one-letter word ("Harlow U") is the initial of a word the
// query writes ("Harlow University"), but not of a country's name run
// into the name without a comma ("Harlow USA"), which is the address.
func TestCountryIsNoInitial(t *testing.T) {
	b := NewBuilder()
	ents := []watchlist.Entity{org("h", []string{"us"}, "Harlow U")}
	for i := range ents {
		b.Add("fixture", &ents[i])
	}
	ix := b.Build()
	for _, tc := range []struct {
		q       string
		initial bool
	}{
		{"Harlow University", true},
		{"Harlow USA", false},
		{"Harlow Germany", false},
	} {
		ms, err := ix.Screen(tc.q, Options{Threshold: 0.1})
		if err != nil {
			t.Fatal(err)
		}
		initial := len(ms) > 0 && slices.ContainsFunc(ms[0].Explanation, func(e Evidence) bool { return e.How == string(names.HowInitial) })
		if initial != tc.initial {
			t.Errorf("Screen(%q): initial pairing %v, want %v (%s)", tc.q, initial, tc.initial, summary(ms))
		}
	}
}

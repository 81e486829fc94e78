package evalset

import (
	"math/rand"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestWoSAbbreviate(t *testing.T) {
	tests := []struct {
		in   string
		amp  bool
		want string
	}{
		{"National University of Defense Technology", true, "Natl Univ Def Technol"},
		{"Harbin Institute of Technology", true, "Harbin Inst Technol"},
		{"Beijing University of Chemical Technology", true, "Beijing Univ Chem Technol"},
		{"University of Science and Technology of China", true, "Univ Sci & Technol China"},
		{"University of Science and Technology of China", false, "Univ Sci Technol China"},
		{"Nanjing University of Aeronautics and Astronautics", true, "Nanjing Univ Aeronaut & Astronaut"},
		{"China Electronics Technology Group Corporation", true, "China Elect Technol Grp Corp"},
		{"Beihang University (BUAA)", true, "Beihang Univ"},
		{"Northwestern Polytechnical University", true, "Northwestern Polytech Univ"},
		{"Chinese Academy of Engineering Physics", true, "Chinese Acad Engn Phys"},
		{"The National Defence Laboratory for Nuclear Research Center", true, "Natl Def Lab Nucl Res Ctr"},
		{"School of Materials Science & Engineering", true, "Sch Mat Sci & Engn"},
		{"People's Liberation Army Information Engineering University", true, "Peoples Liberat Army Informat Engn Univ"},
		{"Acme Co., Ltd.", true, "Acme Co, Ltd"},
	}
	for _, tt := range tests {
		if got := wosAbbreviate(tt.in, tt.amp); got != tt.want {
			t.Errorf("wosAbbreviate(%q, %t) = %q, want %q", tt.in, tt.amp, got, tt.want)
		}
	}
}

func TestTokensAndKeys(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Xi'an Jiaotong University", "xian jiaotong university"},
		{"The Johns Hopkins University", "johns hopkins university"},
		{"Johnson & Johnson", "johnson and johnson"},
		{"ＨＡＲＢＩＮ  Institute", "harbin institute"},
		{"Universität Zürich", "universitat zurich"},
		{"哈尔滨工业大学 (HIT)", "哈尔滨工业大学 hit"},
		{"  ", ""},
	}
	for _, tt := range tests {
		if got := normKey(tt.in); got != tt.want {
			t.Errorf("normKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if coreKey("Acme Widgets Co., Ltd.") != coreKey("ACME WIDGETS COMPANY LIMITED") {
		t.Error("coreKey should drop legal forms")
	}
	if looseKey("University of Science and Technology Beijing") != looseKey("Beijing University of Science and Technology") {
		t.Error("looseKey should ignore word order")
	}
	if looseKey("Harbin Institute of Technology") != looseKey("Harbin University of Technology") {
		t.Error("looseKey should treat institute and university alike")
	}
	if looseKey("Harbin Medical University") == looseKey("Harbin Institute of Technology") {
		t.Error("looseKey must keep discipline words")
	}
}

func TestSplitBilingual(t *testing.T) {
	tests := []struct{ in, en, zh string }{
		{"Harbin Institute of Technology (哈尔滨工业大学)", "Harbin Institute of Technology", "哈尔滨工业大学"},
		{"Artificial Intelligence Research Center (人工智能研究中心", "Artificial Intelligence Research Center", "人工智能研究中心"},
		{"Beihang University (BUAA)", "Beihang University (BUAA)", ""},
		{"国防科技大学", "", "国防科技大学"},
		{"Plain Name", "Plain Name", ""},
	}
	for _, tt := range tests {
		en, zh := splitBilingual(tt.in)
		if en != tt.en || zh != tt.zh {
			t.Errorf("splitBilingual(%q) = %q, %q; want %q, %q", tt.in, en, zh, tt.en, tt.zh)
		}
	}
}

// editDistance is the optimal-string-alignment distance (one transposition
// counts as one edit).
func editDistance(a, b string) int {
	x, y := []rune(a), []rune(b)
	d := make([][]int, len(x)+1)
	for i := range d {
		d[i] = make([]int, len(y)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(x); i++ {
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(x)][len(y)]
}

func TestMakeTypo(t *testing.T) {
	in := "Beijing Univ Chem Technol"
	for seed := int64(0); seed < 200; seed++ {
		got, ok := makeTypo(in, rand.New(rand.NewSource(seed)))
		if !ok {
			t.Fatalf("seed %d: no typo made for %q", seed, in)
		}
		if d := editDistance(in, got); d != 1 {
			t.Fatalf("seed %d: %q -> %q is %d edits, want 1", seed, in, got, d)
		}
		inW, gotW := strings.Fields(in), strings.Fields(got)
		if len(inW) != len(gotW) {
			t.Fatalf("seed %d: %q changed the word count", seed, got)
		}
		for i := range inW {
			if inW[i] != gotW[i] {
				if utf8.RuneCountInString(inW[i]) < 5 {
					t.Fatalf("seed %d: typo in short word %q -> %q", seed, inW[i], gotW[i])
				}
				if inW[i][0] != gotW[i][0] {
					t.Fatalf("seed %d: first letter changed in %q -> %q", seed, inW[i], gotW[i])
				}
			}
		}
	}
	if _, ok := makeTypo("Univ of Inst Co", rand.New(rand.NewSource(1))); ok {
		t.Error("a name with only short words must give no typo")
	}
	if _, ok := makeTypo("", rand.New(rand.NewSource(1))); ok {
		t.Error("empty input must give no typo")
	}
}

func TestAffiliationLayouts(t *testing.T) {
	harbin := lookupPlace("harbin")
	unit := &uniDepts[0]
	seen := map[string]bool{}
	for seed := int64(0); seed < 40; seed++ {
		got := affiliation("Harbin Institute of Technology", unit, harbin, rand.New(rand.NewSource(seed)))
		seen[got[:10]] = true
		if !strings.Contains(got, "Harbin") || !strings.Contains(got, "China") {
			t.Fatalf("affiliation %q lacks city or country", got)
		}
		if !strings.Contains(got, "Astronaut") {
			t.Fatalf("affiliation %q lacks the school", got)
		}
		if strings.Contains(got, "Peoples R China") && !strings.HasPrefix(got, "Harbin Inst Technol, Sch Astronaut, Harbin 150") {
			t.Fatalf("Web of Science layout wrong: %q", got)
		}
	}
	if len(seen) < 2 {
		t.Errorf("affiliation layouts do not vary: %v", seen)
	}
	if got := affiliation("Acme Lab", nil, nil, rand.New(rand.NewSource(3))); strings.Contains(got, ", ,") || !strings.Contains(got, "China") {
		t.Errorf("affiliation without unit or city malformed: %q", got)
	}
}

func TestFindCity(t *testing.T) {
	tests := []struct{ text, want string }{
		{"92 West Dazhi Street, Nangang District, Harbin, Heilongjiang", "Harbin"},
		{"China, Hunan, Changsha, 德雅路109号", "Changsha"},
		{"Sichuan University", "Chengdu"},
		{"西安电子科技大学", "Xi'an"},
		{"Some Street, Nowhere", ""},
	}
	for _, tt := range tests {
		got := ""
		if p := findCity(tt.text); p != nil {
			got = p.Pinyin
		}
		if got != tt.want {
			t.Errorf("findCity(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func fixtureEntities(t *testing.T) []ListedEntity {
	t.Helper()
	ents, err := LoadListed(filepath.Join("testdata", "fixture"))
	if err != nil {
		t.Fatalf("LoadListed(fixture): %v", err)
	}
	return ents
}

func fixtureRegistry(t *testing.T) []RegistryOrg {
	t.Helper()
	reg, err := LoadRegistry(filepath.Join("testdata", "fixture", "ror", "registry.json"), "cn")
	if err != nil {
		t.Fatalf("LoadRegistry(fixture): %v", err)
	}
	return reg
}

func casesByVariant(cs []Case) map[string][]Case {
	m := map[string][]Case{}
	for _, c := range cs {
		m[c.Variant] = append(m[c.Variant], c)
	}
	return m
}

func findCase(cs []Case, pred func(Case) bool) (Case, bool) {
	for _, c := range cs {
		if pred(c) {
			return c, true
		}
	}
	return Case{}, false
}

func TestPositivesFixture(t *testing.T) {
	ents := fixtureEntities(t)
	pos := Positives(ents, 7)
	by := casesByVariant(pos)
	for _, v := range []string{"exact", "wos", "affiliation", "chinese_dept", "typo", "lower"} {
		if len(by[v]) == 0 {
			t.Errorf("no %s cases", v)
		}
	}
	const hit, nudt, nudt1286 = "11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222", "us-1286-0001"
	c, ok := findCase(pos, func(c Case) bool { return c.Variant == "wos" && c.Query == "Natl Univ Def Technol" })
	if !ok {
		t.Fatalf("no WoS case for NUDT; wos cases: %v", by["wos"])
	}
	if !reflect.DeepEqual(c.WantSourceIDs, []string{nudt, nudt1286}) {
		t.Errorf("NUDT is listed by ASPI and 1286; want both ids, got %v", c.WantSourceIDs)
	}
	c, ok = findCase(pos, func(c Case) bool {
		return c.Variant == "affiliation" && strings.Contains(c.Query, "Harbin") && strings.Contains(c.Query, " 150")
	})
	if !ok {
		t.Errorf("no Harbin affiliation with a 150xxx postcode: %v", by["affiliation"])
	} else if !contains(c.WantSourceIDs, hit) {
		t.Errorf("HIT affiliation should want %s: %v", hit, c.WantSourceIDs)
	}
	if _, ok := findCase(pos, func(c Case) bool {
		return c.Variant == "chinese_dept" && strings.HasPrefix(c.Query, "哈尔滨工业大学") && len(c.Query) > len("哈尔滨工业大学")
	}); !ok {
		t.Errorf("no Chinese HIT case with a school: %v", by["chinese_dept"])
	}
	// the lab is a child: its cases also accept the parent
	c, ok = findCase(pos, func(c Case) bool { return strings.Contains(c.Note, hit+"/lab/0") })
	if !ok {
		t.Fatalf("no case for the HIT laboratory")
	}
	if !contains(c.WantSourceIDs, hit) || !contains(c.WantSourceIDs, hit+"/lab/0") {
		t.Errorf("lab case should want the lab and HIT: %v", c.WantSourceIDs)
	}
	// the 1260H subsidiary resolves its parent by name
	c, ok = findCase(pos, func(c Case) bool { return strings.Contains(c.Note, "us-dod-1260h-0002") })
	if !ok || !contains(c.WantSourceIDs, "us-dod-1260h-0001") {
		t.Errorf("subsidiary case should want its parent CETC: %+v", c)
	}
	for _, c := range pos {
		if c.Negative() {
			t.Errorf("positive without ids: %+v", c)
		}
		if strings.Contains(strings.ToLower(c.Query), "jointly") {
			t.Errorf("a remark became a query: %q", c.Query)
		}
		if strings.Contains(c.Query, "Moscow") || strings.Contains(c.Query, "Example Doe") || strings.Contains(c.Query, "EXAMPLE PERSON") {
			t.Errorf("non-Chinese or personal entry made a case: %q", c.Query)
		}
		if c.Variant == "lower" && (strings.ToLower(c.Query) != c.Query || strings.ContainsAny(c.Query, ",.()'&")) {
			t.Errorf("lower case has capitals or punctuation: %q", c.Query)
		}
		if c.Variant == "exact" && isAcronym(c.Query) {
			t.Errorf("acronym used as a name: %q", c.Query)
		}
	}
	for seed := int64(0); seed < 20; seed++ {
		for _, c := range Positives(ents, seed) {
			if (strings.Contains(c.Query, "Welding") || strings.Contains(c.Query, "先进焊接")) && !contains(c.WantSourceIDs, hit) {
				t.Errorf("seed %d: %q uses HIT's listed laboratory as another body's department", seed, c.Query)
			}
		}
	}
	if !reflect.DeepEqual(pos, Positives(ents, 7)) {
		t.Error("Positives is not deterministic for a seed")
	}
	if reflect.DeepEqual(pos, Positives(ents, 8)) {
		t.Error("Positives ignores the seed")
	}
}

func TestNegativesFixture(t *testing.T) {
	ents := fixtureEntities(t)
	reg := fixtureRegistry(t)
	neg := Negatives(ents, reg, 3)
	queries := map[string]Case{}
	for _, c := range neg {
		if !c.Negative() {
			t.Errorf("negative with wanted ids: %+v", c)
		}
		queries[c.Query] = c
	}
	for _, want := range []string{"Harbin Medical University", "哈尔滨医科大学", "Chongqing Medical University", "Harbin Med Univ"} {
		if _, ok := queries[want]; !ok {
			t.Errorf("missing negative %q", want)
		}
	}
	if c := queries["Chongqing Medical University"]; !strings.HasPrefix(c.Note, "registry https://ror.org/0005cqm") {
		t.Errorf("registry look-alike should be noted as such, got %q", c.Note)
	}
	for _, bad := range []string{
		"Harbin Institute of Technology",                        // listed
		"Harbin Key Laboratory of Cold Region Materials",        // child (via a child link) of a listed org
		"Harbin Institute of Technology, Weihai Campus Library", // contains a listed name
		"Chongqing Institute of Old Things",                     // inactive
		"Massachusetts Institute of Technology",                 // not in China
		"Kunming Botanical Garden",                              // shares no place with a listed name
		"CQMU",
	} {
		if _, ok := queries[bad]; ok {
			t.Errorf("%q must not be a negative", bad)
		}
	}
	synth := 0
	for _, c := range neg {
		if strings.HasPrefix(c.Note, "synthetic") {
			synth++
		}
	}
	if synth == 0 {
		t.Error("no synthetic look-alikes")
	}
	if _, ok := queries["Harbin Normal University"]; !ok {
		t.Error("missing synthetic Harbin Normal University")
	}
	if _, ok := queries["Chongqing University of Technology"]; !ok {
		t.Error("missing synthetic Chongqing University of Technology")
	}
	// the loose key keeps "Harbin University of Technology" out: it is how
	// people misname the listed Harbin Institute of Technology.
	if _, ok := queries["Harbin University of Technology"]; ok {
		t.Error("Harbin University of Technology is too close to a listed name to be a negative")
	}
	assertNoListedNegative(t, ents, neg)
	for seed := int64(0); seed < 20; seed++ {
		for _, c := range Negatives(ents, reg, seed) {
			if strings.Contains(c.Query, "Welding") || strings.Contains(c.Query, "先进焊接") {
				t.Errorf("seed %d: negative %q names a listed laboratory as its department", seed, c.Query)
			}
		}
	}
	if !reflect.DeepEqual(neg, Negatives(ents, reg, 3)) {
		t.Error("Negatives is not deterministic for a seed")
	}
}

// assertNoListedNegative fails when a negative query is, after
// normalisation, any name of any listed entity.
func assertNoListedNegative(t *testing.T, ents []ListedEntity, neg []Case) {
	t.Helper()
	listed := map[string]string{}
	for _, e := range ents {
		for _, n := range e.Names {
			listed[normKey(n)] = e.SourceID
			listed[normKey(stripParens(n))] = e.SourceID
		}
	}
	for _, c := range neg {
		if id, ok := listed[normKey(c.Query)]; ok {
			t.Errorf("negative %q is a name of listed %s", c.Query, id)
		}
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

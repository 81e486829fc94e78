package names

import (
	"fmt"
	"iter"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Harbin Inst. Technol.", "harbin inst technol"},
		{"People's Liberation Army", "peoples liberation army"},
		{"Université de Montréal", "universite de montreal"},
		{"Ｔｓｉｎｇｈｕａ　Univ", "tsinghua univ"},
		{"AT&T Corp", "at and t corp"},
		{"Søren Ørsted", "soren orsted"},
		{"國防科技大學", "国防科技大学"},
		{"  --  ", ""},
		{"Straße", "strasse"},
		// Elided articles before a vowel are written out; other
		// apostrophes still join.
		{"Université d'Angers", "universite de angers"},
		{"Dipartimento di Chimica dell’Università", "dipartimento di chimica della universita"},
		{"L'Aquila", "la aquila"},
		{"D'Souza & Sons", "dsouza and sons"},
		{"King's College", "kings college"},
		// Invisible formatting characters join what is either side.
		{"Univer\u00adsity of Tides", "university of tides"},
		{"Insti\u200btute \u200fof Tides", "institute of tides"},
	}
	for _, tc := range tests {
		if got := Normalize(tc.in); got != tc.want {
			t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Natl Univ Def Technol", []string{"national", "university", "defense", "technology"}},
		{"Westmoor Int. Univ.", []string{"westmoor", "international", "university"}}, // ISO 4 "Int." for International
		{"Westmoor Bus. Sch.", []string{"westmoor", "business", "school"}},
		{"Univerzitet u Westgradu", []string{"university", "u", "westgradu"}},
		// German genitives read as their nominatives.
		{"des Universitätsklinikums Westmoor", []string{"universitatsklinikum", "westmoor"}},
		{"des Instituts für Tiden", []string{"institute", "tiden"}},
		{"National University of Defence Technology", []string{"national", "university", "defense", "technology"}},
		{"国防科技大学", []string{"national", "defense", "science", "technology", "university"}},
		{"北京航空航天大学", []string{"beijing", "aeronautics", "astronautics", "university"}},
		{"Siemens Aktiengesellschaft", []string{"siemens", "ag"}},
		{"Siemens AG", []string{"siemens", "ag"}},
		{"ACME Co., Ltd.", []string{"acme", "limited"}},
		{"14th Research Institute", []string{"14", "research", "institute"}},
		// The first ten ordinals read as registry names spell them.
		{"2nd Affiliated Hospital", []string{"second", "affiliated", "hospital"}},
		{"Second Affiliated Hospital", []string{"second", "affiliated", "hospital"}},
		{"10th Hospital", []string{"tenth", "hospital"}},
		{"中国电子科技集团公司第十四研究所", []string{"china", "electronics", "science", "technology", "group", "company", "14", "research", "institute"}},
		{"Peking University", []string{"beijing", "university"}},
		{"Westmoor Children's Hospital", []string{"westmoor", "children", "hospital"}},
		{"Westmoor Childrens Hospital", []string{"westmoor", "children", "hospital"}},
		{"Westmoor Children Hospital", []string{"westmoor", "children", "hospital"}},
		// A common institutional word misspelt by one letter after the
		// first is the word; a word that only resembles it is not.
		{"Westmoor Insitute of Techonology", []string{"westmoor", "institute", "technology"}},
		{"Univeristy of Westmoor Reserach Hosptial", []string{"university", "westmoor", "research", "hospital"}},
		{"Westmoor Rational Design", []string{"westmoor", "rational", "design"}},
		{"Westmoor Fundation for Enviromental Managment", []string{"westmoor", "foundation", "environment", "management"}},
		{"Goverment of Westmoor", []string{"government", "westmoor"}},
		{"Westmoor Veteran Affairs", []string{"westmoor", "veteran", "affairs"}},
		// Web of Science's and NLM's abbreviations of hospitals' words,
		// and a specialty's spellings and languages read as one.
		{"Westmoor Gen Hosp", []string{"westmoor", "general", "hospital"}},
		// Italian's "Università degli Studi di X" word for word.
		{"University of Studies of Westmoor", []string{"university", "westmoor"}},
		// "Tech." before a head word is "Technical" (Web of Science,
		// IEEE); after "and" or "of", or alone, "Technology".
		{"Tech. Univ. of Westmoor", []string{"technical", "university", "westmoor"}},
		{"Westmoor Tech Coll", []string{"westmoor", "technical", "college"}},
		{"Westmoor Univ. of Sci. and Tech.", []string{"westmoor", "university", "science", "technology"}},
		{"Westmoor Tech", []string{"westmoor", "technology"}},
		// IEEE's "Electron." before a field is "Electronic"; the
		// particle's word stays before others.
		{"Westmoor Univ. of Electron. Sci. and Technol.", []string{"westmoor", "university", "electronics", "science", "technology"}},
		{"Dept. of Electron. and Comput. Eng.", []string{"department", "electronics", "computer", "engineering"}},
		{"Westmoor Electron Microscopy Centre", []string{"westmoor", "electron", "microscopy", "center"}},
		{"Westmoor Institute for Advanced Studies", []string{"westmoor", "institute", "advanced", "studies"}},
		{"Westmoor Mem Reg Dent Ctr", []string{"westmoor", "memorial", "regional", "dental", "center"}},
		{"Westmoor Paediatric Hospital", []string{"westmoor", "pediatrics", "hospital"}},
		{"Ospedale Pediatrico Westmoor", []string{"hospital", "pediatrics", "westmoor"}},
		{"Dept Psychiatr, Westmoor Gynaecol Hosp", []string{"department", "psychiatry", "westmoor", "gynecology", "hospital"}},
		{"Westmoor Veterans Affairs", []string{"westmoor", "veteran", "affairs"}},
		// Not the words of other languages one letter from a common one:
		// "Ministro" is no misspelt "Ministry".
		{"Ministro de Westmoor", []string{"ministro", "westmoor"}},
		// Plurals are the word, in the languages the singular is known in.
		{"Westmoor Universités", []string{"westmoor", "university"}},
		{"Rede de Universidades de Westmoor", []string{"rede", "university", "westmoor"}},
		{"Westmoorer Universitäten", []string{"westmoorer", "university"}},
		// Web of Science's abbreviation of Office.
		{"Westmoor Met Off", []string{"westmoor", "met", "office"}},
		// Web of Science's abbreviations of subjects in names.
		{"Natl Inst Hlth", []string{"national", "institute", "health"}},
		{"Westmoor Canc Ctr", []string{"westmoor", "cancer", "center"}},
		{"Inst Trop Med Westmoor", []string{"institute", "tropical", "medicine", "westmoor"}},
		{"Westmoor Ctr Infect Dis", []string{"westmoor", "center", "infectious", "diseases"}},
		// And of French and Spanish words.
		{"Hop Westmoor", []string{"hospital", "westmoor"}},
		{"Inst Rech Westmoor", []string{"institute", "recherche", "westmoor"}},
		{"Inst Nacl Westmoor", []string{"institute", "national", "westmoor"}},
	}
	for _, tc := range tests {
		if got := Texts(Tokenize(tc.in)); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Tokenize(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
	// A subject's word names an organisation as any other of its words
	// does: it is no institutional vocabulary the matcher weights down.
	for _, w := range []string{"health", "cancer", "tropical", "veterinary"} {
		if IsGeneric(w) {
			t.Errorf("IsGeneric(%q) = true", w)
		}
	}
}

func TestParseAffiliations(t *testing.T) {
	as := ParseAffiliations("Harbin Inst Technol, Sch Astronaut, Harbin 150001, Peoples R China; Beihang University (BUAA)")
	if len(as) != 2 {
		t.Fatalf("want 2 parties, got %d", len(as))
	}
	roles := []Role{}
	for _, s := range as[0].Segments {
		roles = append(roles, s.Role)
	}
	if want := []Role{RoleName, RoleDept, RoleAddress, RoleCountry}; !reflect.DeepEqual(roles, want) {
		t.Errorf("segment roles = %v, want %v", roles, want)
	}
	if !reflect.DeepEqual(as[0].Countries, []string{"cn"}) {
		t.Errorf("countries = %v", as[0].Countries)
	}
	last := as[1].Segments[len(as[1].Segments)-1]
	if last.Role != RoleAside || last.Text != "BUAA" {
		t.Errorf("parenthetical = %+v", last)
	}
	// A Chinese school after the university's name is department text;
	// "国立" is "national" as in the English name.
	for _, tc := range []struct {
		in         string
		name, dept []string
	}{
		{"哈尔滨工业大学航天学院", []string{"harbin", "industry", "university"}, []string{"astronautics", "college"}},
		{"國立示例大學醫學院", []string{"national", "shili", "university"}, []string{"medicine", "institute"}},
	} {
		zh := ParseAffiliations(tc.in)[0].Tokens()
		var name, dept []string
		for _, tk := range zh {
			if tk.Role == RoleDept {
				dept = append(dept, tk.Text)
			} else {
				name = append(name, tk.Text)
			}
		}
		if !reflect.DeepEqual(name, tc.name) || !reflect.DeepEqual(dept, tc.dept) {
			t.Errorf("%s: name %v, department %v; want %v, %v", tc.in, name, dept, tc.name, tc.dept)
		}
	}
}

// TestFullStops checks that a sentence's full stop before an
// organisation's head word separates segments, and an abbreviation's
// stop does not.
func TestFullStops(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Institute for Example Design. University of Westmarch", []string{"Institute for Example Design", "University of Westmarch"}},
		{"Dept of Optics and Imaging Systems. Institute of Westmoor. Eastport", []string{"Dept of Optics and Imaging Systems", "Institute of Westmoor. Eastport"}},
		{"Imaging Systems. Westmoor Hospital", []string{"Imaging Systems. Westmoor Hospital"}}, // a name, not a head word, follows
		{"Northwold Poly Technol. University, Eastport", []string{"Northwold Poly Technol. University", "Eastport"}},
		{"Westmarch Nat. Accel. Lab., Batavia", []string{"Westmarch Nat. Accel. Lab.", "Batavia"}},
		{"Centre for Marine Studies. Eastport", []string{"Centre for Marine Studies. Eastport"}},   // no organisation follows
		{"Mathematics. university of Westmarch", []string{"Mathematics. university of Westmarch"}}, // no capital: not a new sentence
		// Between an organisation's name and a unit's.
		{"University of Westmarch. Tidal Ecosystems Research Lab", []string{"University of Westmarch", "Tidal Ecosystems Research Lab"}},
		// Between an organisation's name and its street.
		{"Universidad de Westmarch. Av. Libertador 340", []string{"Universidad de Westmarch", "Av. Libertador 340"}},
		{"Imaging Systems. Av. Libertador 340", []string{"Imaging Systems. Av. Libertador 340"}}, // no organisation before it
	}
	for _, tc := range tests {
		if got := onePartyTexts(t, tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: segments %q, want %q", tc.in, got, tc.want)
		}
	}
}

// onePartyTexts parses in, which must read as one party, and returns its
// segments' texts.
func onePartyTexts(t *testing.T, in string) []string {
	t.Helper()
	as := ParseAffiliations(in)
	if len(as) != 1 {
		t.Fatalf("%q: %d parties, want 1", in, len(as))
	}
	var got []string
	for _, s := range as[0].Segments {
		got = append(got, s.Text)
	}
	return got
}

func TestCompare(t *testing.T) {
	tests := []struct {
		a, b string
		how  How
	}{
		{"technol", "technology", HowAbbreviation},
		{"engn", "engineering", HowAbbreviation},
		{"bejing", "beijing", HowTypo},
		{"mohammed", "muhammad", HowTransliterated},
		{"bill", "william", HowNickname},
		{"j", "john", HowInitial},
		{"shanghai", "shenyang", ""},
		{"medicine", "technology", ""},
		{"14", "15", ""},
		{"upr20", "upr2002", ""},              // a lab code is not abbreviated
		{"umr5218", "umr5281", ""},            // nor mistyped
		{"belarus", "belarusian", HowRelated}, // a country and its adjective
		{"netherlands", "dutch", HowRelated},
		{"art", "arts", HowPlural}, // a subject in the singular or the plural
		{"grants", "grant", HowPlural},
		{"as", "a", HowInitial}, // too short for a plural
	}
	for _, tc := range tests {
		if got := Compare(tc.a, tc.b); got.How != tc.how && !(tc.how == "" && got.Sim == 0) {
			t.Errorf("Compare(%q, %q) = %+v, want %q", tc.a, tc.b, got, tc.how)
		}
	}
}

// TestIsPlural checks the English plurals with "s" that align with their
// singulars, and words that only end as a plural does.
func TestIsPlural(t *testing.T) {
	for _, tc := range []struct {
		many, one string
		want      bool
	}{
		{"arts", "art", true},
		{"grants", "grant", true},
		{"paris", "pari", false},   // "is" ends singulars
		{"campus", "campu", false}, // so does "us"
		{"class", "clas", false},   // and "ss"
		{"as", "a", false},         // too short
		{"art", "arts", false},     // the other way round
		{"arms", "art", false},
	} {
		if got := IsPlural(tc.many, tc.one); got != tc.want {
			t.Errorf("IsPlural(%q, %q) = %v, want %v", tc.many, tc.one, got, tc.want)
		}
	}
}

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"harbin", "harbin", 0}, {"harbin", "harbni", 1}, {"harbin", "harbi", 1}, {"abc", "xyz", 3}, {"kitten", "sitting", 3},
	}
	for _, tc := range tests {
		if got := Distance(tc.a, tc.b, 5); got != tc.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
	if got := Distance("abcdefgh", "zzzzzzzz", 2); got != 3 {
		t.Errorf("early stop gave %d, want limit+1 = 3", got)
	}
}

// FuzzNormalize checks that normalisation and tokenising never panic, give
// valid UTF-8 without leading or doubled spaces, and are idempotent.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"Harbin Inst Technol, Peoples R China", "哈尔滨工业大学航天学院", "Ｔｓｉｎｇｈｕａ", "\xff\xfe bad", "第十四研究所", "Co., Ltd.", "(BUAA)", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if !utf8.ValidString(n) {
			t.Fatalf("Normalize(%q) gave invalid UTF-8 %q", s, n)
		}
		if strings.HasPrefix(n, " ") || strings.HasSuffix(n, " ") || strings.Contains(n, "  ") {
			t.Fatalf("Normalize(%q) = %q has stray spaces", s, n)
		}
		if again := Normalize(n); again != n {
			t.Fatalf("Normalize not idempotent: %q → %q → %q", s, n, again)
		}
		for _, tk := range Tokenize(s) {
			if tk.Text == "" && !tk.Legal {
				t.Fatalf("Tokenize(%q) produced an empty token %+v", s, tk)
			}
		}
		for _, a := range ParseAffiliations(s) {
			if len(a.Segments) == 0 {
				t.Fatalf("ParseAffiliations(%q) returned a party without segments", s)
			}
		}
	})
}

// TestRegexpPrefilters checks that the quick tests never turn away a
// string the regular expressions match, and do turn away ordinary ones.
func TestRegexpPrefilters(t *testing.T) {
	for _, s := range []string{
		"CASC 4th Academy (a.k.a. Academy of Aerospace Solid Propulsion Technology)", "X aka Y", "X AKA Y", "X f.k.a Y",
		"X (fka Y)", "X n.k.a. Y", "X a. k. a. Y", "X,aka:Y", "aka Y", "Acme Ltd a k a Acme", "X A.K.A.\tY",
		"Université X a.k.a. Y", "Department of Physics, Kansas State University", "Zürich 3 Department of X",
		"ETH Zurich 12 Institute of Y", "Dept Phys,\t1 Harvard", "Ankara University", "Ka a", "Oak Ridge",
	} {
		if akaPattern.MatchString(s) && !mayHaveAKA(s) {
			t.Errorf("mayHaveAKA(%q) = false, but the pattern matches", s)
		}
		if footnoteMark.MatchString(s) && !mayHaveFootnote(s) {
			t.Errorf("mayHaveFootnote(%q) = false, but the pattern matches", s)
		}
	}
	for _, s := range []string{"Department of Physics, University of Oxford, Oxford OX1 3PU, UK", "Harvard Medical School, Boston, MA"} {
		if mayHaveAKA(s) {
			t.Errorf("mayHaveAKA(%q) = true; the regular expression would run needlessly", s)
		}
	}
	for _, s := range []string{"Harvard Medical School, Boston, MA", "Inst Phys, Beijing 100190, Peoples R China"} {
		if mayHaveFootnote(s) {
			t.Errorf("mayHaveFootnote(%q) = true; the regular expression would run needlessly", s)
		}
	}
}

// TestRegexpPrefiltersRandom tries many short strings over the letters the
// patterns care about.
func TestRegexpPrefiltersRandom(t *testing.T) {
	const alphabet = "aAkKfFnNx .\t(,;:19Z"
	for s := range randomStrings(1, 200000, bytePieces(alphabet), func(i int) int { return 1 + i%9 }) {
		if akaPattern.MatchString(s) && !mayHaveAKA(s) {
			t.Fatalf("mayHaveAKA(%q) = false, but the pattern matches", s)
		}
		if footnoteMark.MatchString(s) && !mayHaveFootnote(s) {
			t.Fatalf("mayHaveFootnote(%q) = false, but the pattern matches", s)
		}
	}
}

// TestWordTokenTable checks the one-lookup path against the tables it
// stands for, on every lexicon word and on words in none of them.
func TestWordTokenTable(t *testing.T) {
	words := []string{"antwerp", "organisation", "organised", "specialising", "14th", "2nd", "no14", "x", "ltd", "gmbh", "the", "of", "univ", "sciences"}
	for _, m := range []map[string]string{canonical, legalForms} {
		for w := range m {
			words = append(words, w)
		}
	}
	for w := range stopwords {
		words = append(words, w)
	}
	for w := range equivalentOf {
		words = append(words, w)
	}
	for _, w := range words {
		gt, gok := wordToken(w)
		wt, wok := lexiconWordToken(w)
		if gt != wt || gok != wok {
			t.Errorf("wordToken(%q) = %+v %v, tables give %+v %v", w, gt, gok, wt, wok)
		}
	}
}

// TestDistanceASCII checks the allocation-free path against the rune one.
func TestDistanceASCII(t *testing.T) {
	const alphabet = "abcdeab"
	seed := uint32(3)
	word := func() string {
		seed = seed*1664525 + 1013904223
		b := make([]byte, int(seed>>24)%12)
		for i := range b {
			seed = seed*1664525 + 1013904223
			b[i] = alphabet[int(seed>>16)%len(alphabet)]
		}
		return string(b)
	}
	for i := 0; i < 20000; i++ {
		a, b := word(), word()
		for _, limit := range []int{1, 2, 5} {
			if got, want := distanceASCII(a, b, limit), distanceRunes([]rune(a), []rune(b), limit); got != want {
				t.Fatalf("distanceASCII(%q, %q, %d) = %d, runes give %d", a, b, limit, got, want)
			}
		}
	}
}

// A university's school written in the same segment is marked as a
// department, so the university can be matched on its own words.
func TestSubunitInsideSegment(t *testing.T) {
	tests := []struct{ in, name, dept string }{
		{"Ohio University School of Dentistry", "ohio university", "school dentistry"},
		{"School of Food Science and Technology Westmar University of Technology", "westmar university technology", "school food science technology"},
		{"University of Nowhere Medical Center", "university nowhere", "medicine center"},
		{"Acme University Graduate School of Arts", "acme university", "graduate school arts"},
		{"Big City University Smith School of Law", "big city university", "smith school law"},
		{"University of Nowhere", "university nowhere", ""},
		{"Acme University Center for Brain Science", "acme university", "center brain science"},
		{"Harvard Medical School", "harvard medicine school", ""},
		{"School of Law, Acme University", "acme university", "school law"},
		// After a college, hospital or institute, a department or division.
		{"The Royal Acme College Department of Clinical Science", "royal acme college", "department clinical science"},
		{"Acme General Hospital Division of Cardiology", "acme general hospital", "division cardiology"},
		{"Acme Institute of Tides", "acme institute tides", ""},
	}
	for _, tc := range tests {
		var name, dept []string
		for _, a := range ParseAffiliations(tc.in) {
			for _, tok := range a.Tokens() {
				switch tok.Role {
				case RoleName:
					name = append(name, tok.Text)
				case RoleDept:
					dept = append(dept, tok.Text)
				}
			}
		}
		if got := strings.Join(name, " "); got != tc.name {
			t.Errorf("%q: organisation words %q, want %q", tc.in, got, tc.name)
		}
		if got := strings.Join(dept, " "); got != tc.dept {
			t.Errorf("%q: unit words %q, want %q", tc.in, got, tc.dept)
		}
	}
}

// "A and B" and "A/B" split into two segments only when both sides name
// an organisation.
func TestJoinedOrganisations(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Dept of X, University of Northwold and Northwold General Hospital", []string{"Dept of X", "University of Northwold", "Northwold General Hospital"}},
		// An Italian hospital trust ("azienda") after a university.
		{"University of Northwold & Eastby and Azienda Ospedaliera di Northwold", []string{"University of Northwold & Eastby", "Azienda Ospedaliera di Northwold"}},
		{"Acme Institute of Science and Technology", []string{"Acme Institute of Science and Technology"}},
		{"Acme University and affiliated hospitals", []string{"Acme University and affiliated hospitals"}},
		{"Centre for Law and Society", []string{"Centre for Law and Society"}},
		// "Systems" is a field of study, not an organisation's head.
		{"Westmoor Institute for Software and Systems Engineering", []string{"Westmoor Institute for Software and Systems Engineering"}},
		{"Northwold Institute/NMI", []string{"Northwold Institute", "NMI"}},
		{"ABCD / Universidad de Westmar", []string{"ABCD", "Universidad de Westmar"}},
		{"University of Westmar/ETH Westmar", []string{"University of Westmar", "ETH Westmar"}}, // a side that opens with an acronym
		{"INSA Westmar/IETR", []string{"INSA Westmar", "IETR"}},
		{"Westmar Academy of Sciences/Key Lab. of Tides/Northwold University", []string{"Westmar Academy of Sciences", "Key Lab. of Tides", "Northwold University"}},
		{"Department of Obstetrics/Gynecology, Northwold University", []string{"Department of Obstetrics/Gynecology", "Northwold University"}},
		{"Westmoor University Hospital Eastby/Westby", []string{"Westmoor University Hospital Eastby/Westby"}},
		{"Grant 465518/2014-1, Northwold University", []string{"Grant 465518/2014-1", "Northwold University"}},
		{"Westmoor University/department of physics", []string{"Westmoor University/department of physics"}},
		// With spaces around it, a slash between two names of two words
		// or more parts them, head words or not.
		{"Westmoor Tidal Survey / Geological Survey of Northwold", []string{"Westmoor Tidal Survey", "Geological Survey of Northwold"}},
		{"Westmoor University Hospital Eastby / Westby", []string{"Westmoor University Hospital Eastby / Westby"}},
		{"Obstetrics / Gynecology", []string{"Obstetrics / Gynecology"}},
		// The slash bounds an "and" before it: its right side is no
		// organisation of its own.
		{"Institute of Tides and Currents / University of Northwold", []string{"Institute of Tides and Currents", "University of Northwold"}},
		// A name in capitalised words without a head word before an
		// organisation's; the slash escaped as a search box's log writes
		// it.
		{"Stand Up For Tides/Northwold Science Foundation", []string{"Stand Up For Tides", "Northwold Science Foundation"}},
		{"Stand Up for Tides/Northwold Science Foundation", []string{"Stand Up for Tides", "Northwold Science Foundation"}},
		{"stand up for Tides/Northwold Science Foundation", []string{"stand up for Tides/Northwold Science Foundation"}},
		{`Stand Up For Tides\/Northwold Science Foundation\/W Trust \- Award`, []string{"Stand Up For Tides", "Northwold Science Foundation/W Trust - Award"}},
		{"Molecular Biology/Tidal Physics, Northwold University", []string{"Molecular Biology/Tidal Physics", "Northwold University"}},
		// And the other way round; an acronym may have a dash or digits.
		{"University College Northwold/Tidal Trials Westmar", []string{"University College Northwold", "Tidal Trials Westmar"}},
		{"WXYZ-TIDE/Vrije Universiteit Westmar", []string{"WXYZ-TIDE", "Vrije Universiteit Westmar"}},
		{"Westmoor University Hospital/Eastby", []string{"Westmoor University Hospital/Eastby"}},
		// One organisation's two names either side of a spaced slash:
		// its short or own-language name of one word before the name in
		// full, or its name in a script without capitals after it.
		{"Unitidal / Universidade Federal de Westmar", []string{"Unitidal", "Universidade Federal de Westmar"}},
		{"มหาวิทยาลัยเวสต์มาร์ / Westmar University", []string{"มหาวิทยาลัยเวสต์มาร์", "Westmar University"}},
		{"Westmar University / มหาวิทยาลัยเวสต์มาร์", []string{"Westmar University", "มหาวิทยาลัยเวสต์มาร์"}},
		{"Westmar Tidal Survey / वेस्टमार सर्वेक्षण", []string{"Westmar Tidal Survey", "वेस्टमार सर्वेक्षण"}},
		// Unspaced, or a lower-case word, stays whole.
		{"Unitidal/Universidade Federal de Westmar", []string{"Unitidal/Universidade Federal de Westmar"}},
		{"tidal / Universidade Federal de Westmar", []string{"tidal / Universidade Federal de Westmar"}},
		// A subject after "and" goes on the unit's name: an organisation
		// never opens with one.
		{"School of Food Science and Technology Westmar University of Technology", []string{"School of Food Science and Technology Westmar University of Technology"}},
		// An organisation "at the University of X" is two.
		{"Eastby Center for Tissue Science and Medicine at the University of Northwold", []string{"Eastby Center for Tissue Science and Medicine", "the University of Northwold"}},
		{"Acme Institute at University of Northwold", []string{"Acme Institute", "University of Northwold"}},
		{"University of Northwold at Eastby", []string{"University of Northwold at Eastby"}},
		{"Acme Center at the university hospital", []string{"Acme Center at the university hospital"}},
	}
	for _, tc := range tests {
		var got []string
		for _, a := range ParseAffiliations(tc.in) {
			for _, s := range a.Segments {
				got = append(got, strings.TrimSpace(s.Text))
			}
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: segments %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestEscapedWhitespace(t *testing.T) {
	as := ParseAffiliations("Acme Center#N#for Physics, Northwold#TAB#")
	if len(as) != 1 {
		t.Fatalf("an escaped line break split the string into %d parties", len(as))
	}
	var got []string
	for _, s := range as[0].Segments {
		got = append(got, Normalize(s.Text))
	}
	if want := []string{"acme center for physics", "northwold"}; !reflect.DeepEqual(got, want) {
		t.Errorf("segments %q, want %q", got, want)
	}
}

// A line break followed by indentation wraps a line of indented markup
// and is a space, as is one after a comma; any other still separates
// parties.
func TestWrappedLines(t *testing.T) {
	tests := []struct {
		in   string
		want [][]string // each party's segments, normalised
	}{
		{"Westmarch University of Agriculture and\n\t\t\tVeterinary Medicine", [][]string{{"westmarch university of agriculture and veterinary medicine"}}},
		{"Department of Botany, Research\n        Institute for Soils, Northtown\n    ", [][]string{{"department of botany", "research institute for soils", "northtown"}}},
		{"Acme Institute\r\n  of Physics", [][]string{{"acme institute of physics"}}},
		{"Acme Institute\nNorthwold University", [][]string{{"acme institute"}, {"northwold university"}}},
		// After a comma the line goes on with the same party.
		{"Department of Botany,\nNorthwold University,\r\nNorthtown", [][]string{{"department of botany", "northwold university", "northtown"}}},
	}
	for _, tc := range tests {
		if got := partySegments(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: parties %q, want %q", tc.in, got, tc.want)
		}
	}
}

// A department-led segment that goes on to name its university without a
// comma keeps the university's words as the organisation.
func TestOrganisationInsideUnit(t *testing.T) {
	tests := []struct{ in, name string }{
		{"Department of Physics Acme University", "acme university"},
		{"School of Computing National University of Northwold", "national university northwold"},
		{"Department of Optics at Technical University of Northwold", "technical university northwold"},
		{"Department of Physics", ""},
		{"Department of Petroleum Engineering Abu Tafa Bela University", "abu tafa bela university"},
		{"Department of Medicine and University Hospital", ""},
		// A subject no list holds is still the unit's.
		{"Department of Zymurgy University of Northwold", "university northwold"},
		{"Section of Glaciology Acme University", "acme university"},
		// An institute of technology is a university; another institute
		// may be the unit's.
		{"Department of Mathematics Westland Institute of Technology", "westland institute technology"},
		{"Department of Physics Institute for Tides", ""},
		// "Of" written in another language.
		{"Dipartimento di Fisica dell'Università di Northwold", "university northwold"},
		{"Département de Physique de l'Université de Northwold", "university northwold"},
		// Languages that write the university's own name after it.
		{"Fakultas Kehutanan Universitas Northwold", "university northwold"},
		{"Departamento de Zoologia Marina Universidad Autonoma de Northwold", "university autonoma northwold"},
		// A unit not opened by a department word, then the university.
		{"Space Tides Laboratory University of Northwold", "university northwold"},
		{"Abbott School of Medicine University of Northwold", "university northwold"},
		{"College of Computing Westland Inst. of Technology", "westland institute technology"},
		{"College of Engineering Upper Westland State University of Tides", "upper westland state university tides"},
		{"Clinical Center University of Northwold", "clinical center university northwold"},
		{"Science University of Northwold", "science university northwold"},
		// A university declined "of the university" follows a unit.
		{"Filozofski fakultet Univerziteta u Westgradu", "university u westgradu"},
		{"Institut za jezik Sveučilišta u Westgradu", "university u westgradu"},
		{"Wydział Fizyki Uniwersytetu Westowskiego", "university westowskiego"},
		{"Univerzitet u Westgradu", "university u westgradu"},
		// A unit in another language after the university's name.
		{"Universidad de Westgrad Facultad de Medicina", "university westgrad"},
		{"Università di Westgrad Dipartimento di Fisica", "university westgrad"},
		{"Universiteit Westgrad Faculteit Geneeskunde", "university westgrad"},
		// A French university's number is its name's, not a footnote's.
		{"Université Westgrad 8 Département de Physique", "university westgrad 8"},
		// Turkish writes a unit's subject before its word, after the
		// university's name.
		{"Westgrad Üniversitesi Tıp Fakültesi", "westgrad university"},
		{"Westgrad Üniversitesi Fen Fakültesi Fizik Bölümü", "westgrad university"},
		// A Slavic unit before the university's name in the nominative.
		{"Wydział Fizyki Uniwersytet Westowski", "university westowski"},
		{"Katedra fyziky Univerzita Westova", "university westova"},
		// A unit word straight after "University" and before "of"
		// names one organisation ("University Hospital of X"), not a
		// unit of a university called "University"; "University
		// Hospital X" is the University of X's hospital.
		{"University Hospital of Westgrad", "university hospital westgrad"},
		{"University Institute of Westgrad Northtown", "university institute westgrad northtown"},
		{"University Hospital Westgrad", "university"},
		// A college "of" something after the university's name is its
		// college; "University College X" is a name.
		{"University of Westgrad College of Medicine", "university westgrad"},
		{"Westgrad University College of Engineering", "westgrad university"},
		{"University College Westgrad", "university college westgrad"},
		// Its museum and its laboratory.
		{"Westgrad University Museum of Natural History", "westgrad university"},
		{"University of Westgrad Laboratory of Tides", "university westgrad"},
		{"Westgrad University Program in Neuroscience", "westgrad university"},
		{"Westgrad University Observatory", "westgrad university"},
		// A unit named by its subject first, then the organisation.
		{"Physics Department Westgrad University", "westgrad university"},
		{"Cardiology and Neurology Division Westgrad General Hospital", "westgrad general hospital"},
		{"Graduate School of Medicine Westgrad University", "westgrad university"},
		{"Physics Department", "physics department"},
	}
	for _, tc := range tests {
		var name []string
		for _, a := range ParseAffiliations(tc.in) {
			for _, tok := range a.Tokens() {
				if tok.Role == RoleName {
					name = append(name, tok.Text)
				}
			}
		}
		if got := strings.Join(name, " "); got != tc.name {
			t.Errorf("%q: organisation words %q, want %q", tc.in, got, tc.name)
		}
	}
}

// Runs of spaces left where punctuation was stripped separate segments;
// a short acronym run so separated is read as a bracketed aside.
func TestWideSpaces(t *testing.T) {
	as := ParseAffiliations("Federal University of Northwold  FUN   Brazil")
	if len(as) != 1 {
		t.Fatalf("%d parties, want 1", len(as))
	}
	var got []string
	for _, s := range as[0].Segments {
		got = append(got, fmt.Sprintf("%s/%d", s.Text, s.Role))
	}
	want := []string{"Federal University of Northwold/0", "Brazil/3", "FUN/10"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("segments %q, want %q", got, want)
	}
}

// A country written after an organisation's head word without a comma is
// country evidence; one that is part of the name stays.
func TestTrailingCountry(t *testing.T) {
	tests := []struct {
		in        string
		countries []string
		name      string
	}{
		{"Northwold Normal University China", []string{"cn"}, "northwold normal university"},
		{"University of New Mexico", nil, "university new mexico"},
		{"Institute of Science and Technology Austria", nil, "institute science technology austria"},
		// A country's code in capitals ends a name too, but not a state's,
		// a legal form or a Roman number.
		{"Northwold University of Technology CN", []string{"cn"}, "northwold university technology"},
		{"Northwold University, SG", []string{"sg"}, "northwold university"},
		{"Westmoor Geosystems AG", nil, "westmoor geosystems ag"},
		{"Centre Hospitalier Universitaire Hassan VI", nil, "center hospitalier universitaire hassan vi"},
		{"Northwold Medical Center MD", nil, "northwold medicine center md"}, // not Moldova
		// A French service unit's code is not the United States.
		{"Université de Northwold, US 41, F-59000", nil, "university northwold"},
		// A large city written in its own language is an address (the
		// resolver's gazetteer holds the registry's English names).
		{"Westmoor-Institut für Gezeiten, München", []string{"de"}, "westmoor institute gezeiten"},
		{"Westmoor Istituto di Maree, Milano", []string{"it"}, "westmoor institute maree"},
	}
	for _, tc := range tests {
		as := ParseAffiliations(tc.in)
		if len(as) != 1 {
			t.Fatalf("%q: %d parties", tc.in, len(as))
		}
		var name []string
		for _, tok := range as[0].Tokens() {
			if tok.Role == RoleName {
				name = append(name, tok.Text)
			}
		}
		if got := strings.Join(name, " "); got != tc.name || !reflect.DeepEqual(as[0].Countries, tc.countries) {
			t.Errorf("%q: name %q countries %v, want %q %v", tc.in, got, as[0].Countries, tc.name, tc.countries)
		}
	}
}

// HTML character references copied from web pages are read as the
// characters they stand for: no ";" of "&quot;" splits the string.
func TestHTMLReferences(t *testing.T) {
	as := ParseAffiliations("FSBEI of HE &quot;Northwold State University&quot;")
	if len(as) != 1 {
		t.Fatalf("%d parties, want 1", len(as))
	}
	var got []string
	for _, tok := range as[0].Tokens() {
		got = append(got, tok.Text)
	}
	if strings.Contains(strings.Join(got, " "), "quot") || !strings.Contains(strings.Join(got, " "), "northwold state university") {
		t.Errorf("tokens %q", got)
	}
}

func TestGluedWords(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Northwold University of Science andTechnology", "northwold university science technology"},
		{"NWCONUniversidad de Northwold", "nwcon university northwold"},
		{"McGill University", "mcgill university"},
		// Only a word the lexicon knows is split off an acronym, whole
		// with its accents; a brand so written stays one word.
		{"NWCONUniversité de Northwold", "nwcon university northwold"},
		{"QUORUfarma SpA", "quorufarma spa"},
		// Words run together at a capital, one of them university or
		// institute written in full, and "at" or "la" before a capital.
		{"NorthwoldUniversity of Tides", "northwold university tides"},
		{"Westmar UniversityEastby Graduate School", "westmar university eastby graduate school"},
		{"TechnischeUniversität Northwold", "technical university northwold"},
		{"Visiting atNorthwold University", "northwold university"},     // and the post before "at" cut
		{"Currently atNorthwold University", "northwold university"},    // and the note on whereabouts cut
		{"Current addressNorthwold University", "northwold university"}, // and the label before the colon cut
		{"School of X Universityof Northwold", "school x university northwold"},
		{"Westmarof Tides", "westmarof tides"},
		{"Facultad de Ciencias de laUniversidad de Westmar", "facultad ciencias university westmar"},
		// Brands, abbreviations and short words stay whole.
		{"FernUniversität in Westmar", "fernuniversitat westmar"},
		{"Westmar eScience Center", "westmar escience center"},
		{"NorthwoldUniv", "northwolduniv"},
		{"DeepTides Institute", "deeptides institute"},
	}
	for _, tc := range tests {
		var got []string
		for _, a := range ParseAffiliations(tc.in) {
			for _, tok := range a.Tokens() {
				got = append(got, tok.Text)
			}
		}
		if g := strings.Join(got, " "); g != tc.want {
			t.Errorf("%q: tokens %q, want %q", tc.in, g, tc.want)
		}
	}
}

// Organisations named after "corporate member of" are context, not the
// party: they carry no organisation words, however the phrase is cased.
func TestMembershipContext(t *testing.T) {
	for _, in := range []string{
		"Northwold Clinic, corporate member of Acme University and Beta University, Department of X",
		// The list of members goes on between commas.
		"Northwold Clinic, corporate member of Acme University, Beta-Universität zu Gamma, and Delta Institute",
		// In title case and in capitals too.
		"Northwold Clinic, corporate Member Of Acme University And Beta University, Department Of X",
		"NORTHWOLD CLINIC, CORPORATE MEMBER OF ACME UNIVERSITY AND BETA UNIVERSITY",
	} {
		as := ParseAffiliations(in)
		if len(as) != 1 {
			t.Fatalf("%q: %d parties", in, len(as))
		}
		var name []string
		for _, tok := range as[0].Tokens() {
			if tok.Role == RoleName {
				name = append(name, tok.Text)
			}
		}
		if got := strings.Join(name, " "); got != "northwold clinic" {
			t.Errorf("%q: organisation words %q, want %q", in, got, "northwold clinic")
		}
	}
}

// Function words of the languages affiliations are written in carry no
// weight: "Universität zu Köln" is "Universität Köln" as authors write it.
func TestFunctionWords(t *testing.T) {
	sameTokens(t, map[string]string{
		"Universität zu Köln":                      "Universität Köln",
		"Hochschule zur Nordwald":                  "Hochschule Nordwald",
		"Rijksinstituut voor Volksgezondheid":      "Rijksinstituut Volksgezondheid",
		"Het Nederlands Instituut voor Neurologie": "Nederlands Instituut Neurologie",
	})
}

// A number between two parts is a footnote mark, unless it follows a city
// and goes on with the rest of a university's name.
func TestFootnoteMarks(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"University of Northwold 3 Department of Physics, Northwold, UK", []string{"university of northwold", "department of physics", "northwold", "uk"}},
		{"Université Paris 1 Tidal-Northwold", []string{"universite paris 1 tidal northwold"}},
		{"University of Oxford 1 Smithers Department of Medicine", []string{"university of oxford", "smithers department of medicine"}},
		{"University of Paris 7 Department of Physics", []string{"university of paris", "department of physics"}},
		// A mark left before a comma, even after a city's name.
		{"Department of Physics, University of Northwold 2 , Northwold, UK", []string{"department of physics", "university of northwold", "northwold", "uk"}},
		{"Westland Institute 12 , Department of Physics", []string{"westland institute", "department of physics"}},
		{"Université Paris 7, France", []string{"universite paris 7", "france"}},
		// A numbered university's number, where no unit follows.
		{"University of Westmoor 2 Amadou Ben Kaci", []string{"university of westmoor 2 amadou ben kaci"}},
		{"Westmoor 2 University, Westmoor", []string{"westmoor 2 university", "westmoor"}},
		{"Westmoor University 12 Tidal Street, Westmoor", []string{"westmoor university", "tidal street", "westmoor"}},
		// A run of numbers is an address, whose last number still marks.
		{"Westmoor University 3 1 1 Tidalcho, Westmoor", []string{"westmoor university 3 1", "tidalcho", "westmoor"}},
		// After words too few to be an affiliation, a number is the
		// name's, unless a unit, an institution or an address follows.
		{"Northwold 29 Mayis University", []string{"northwold 29 mayis university"}},
		// A number said to be one ("No. 2") is the name's.
		{"Department of Surgery, Northwold No. 2 Hospital, Northwold", []string{"department of surgery", "northwold no 2 hospital", "northwold"}},
		{"Eastmere Hospital No 3 Department of Surgery", []string{"eastmere hospital no 3 department of surgery"}},
		{"Azienda Sanitaria n. 1 Westica", []string{"azienda sanitaria n 1 westica"}},
		// So is one after an article or a preposition.
		{"Institut de Physique des 2 Infinis de Northwold", []string{"institut de physique des 2 infinis de northwold"}},
		{"Azienda ULSS 8 Westica", []string{"azienda ulss 8 westica"}},
		{"Northwold 3 Department of Physics", []string{"northwold", "department of physics"}},
		{"NWU 77 Mass Ave, Northwold", []string{"nwu", "mass ave", "northwold"}},
		// After a country, a number marks the next party's footnote,
		// however few words come before it.
		{"Westmoor University, Westmoor, Norway. 2 Tidal State University", []string{"westmoor university", "westmoor", "norway", "tidal state university"}},
	}
	for _, tc := range tests {
		var got []string
		for _, a := range ParseAffiliations(tc.in) {
			for _, s := range a.Segments {
				got = append(got, Normalize(s.Text))
			}
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ParseAffiliations(%q) segments %q, want %q", tc.in, got, tc.want)
		}
	}
}

// A country said outright (a country or a state) outweighs the one a city
// implies; a city's counts when nothing else is said.
func TestCountryEvidence(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Department of Physics, Northwold Institute, Cambridge, MA 02139", []string{"us"}},
		{"Northwold Institute, Cambridge, Massachusetts", []string{"us"}},
		{"Northwold Institute, Cambridge, UK", []string{"gb"}},
		{"Northwold Institute, Edinburgh", []string{"gb"}},
		// A city of that name in two countries research often names
		// (Cambridge in England and in Massachusetts) says neither.
		{"Northwold Institute, Cambridge", nil},
		{"Northwold University, London", nil}, // England's, or Ontario's
		{"Northwold University, London, UK", []string{"gb"}},
		{"Northwold Institute, Toronto, Ontario", []string{"ca"}},
		// So does a Canadian or Australian region's code, alone or
		// with its postcode, but not one both countries have.
		{"Northwold Institute, Montreal, QC, Canada", []string{"ca"}},
		{"Northwold Institute, Kingsford, ON K7L 3N6", []string{"ca"}},
		{"Northwold Institute, Wollongong, NSW, Australia", []string{"au"}},
		{"Northwold Institute, Wollongong, NSW 2522", []string{"au"}},
		{"Northwold Institute, Perth, WA 6009", []string{"au"}},
		{"Northwold Institute, Darwinton, NT", nil},
		{"MT", nil}, // a lone state code is not an address
		// A country in brackets is said outright; an acronym is not one.
		{"Univ. of Northwold (Germany)", []string{"de"}},
		{"Northwold Institute (NWI)", nil},
		// Every country, in English and in its own language, from CLDR;
		// not a US state or town that shares a country's name.
		{"Royal Institute of Northwold, Phnom Penh, Cambodia", []string{"kh"}},
		{"Universidad de Northwold, Granada, España", []string{"es"}},
		{"Universität Northwold, Deutschland", []string{"de"}},
		{"Northwold Institute, Abidjan, Côte d'Ivoire", []string{"ci"}},
		// And as GeoNames, so the registry, names them where CLDR does
		// otherwise.
		{"Northwold Institute, Abidjan, Ivory Coast", []string{"ci"}},
		{"Université de Northwold, Kinshasa, DR Congo", []string{"cd"}},
		{"Northwold Institute, Brazzaville, Congo Republic", []string{"cg"}},
		{"Northwold University, Skopje, North Macedonia", []string{"mk"}},
		{"Northwold University, Banjul, The Gambia", []string{"gm"}},
		{"Northwold University, Kumasi, Ghana", []string{"gh"}},
		// And in a country's other official languages, or formally.
		{"Institut de Northwold, Belgique", []string{"be"}},
		{"Institut de Northwold, Suisse", []string{"ch"}},
		{"Ústav Northwold, Česká republika", []string{"cz"}},
		{"Northwold 研究所, 中华人民共和国", []string{"cn"}},
		{"Northwold University, Providence, Rhode Island", []string{"us"}},
		{"Northwold University, Jersey City, NJ", []string{"us"}},
		// Hong Kong or Macao written with China is the region.
		{"Dept. of Physics, Northwold University, Kowloon, Hong Kong, China", []string{"hk"}},
		{"Northwold University, HKSAR, P. R. China", []string{"hk"}},
		{"Northwold University, Macau SAR, China", []string{"mo"}},
		{"Northwold University, Kowloon, Hong Kong (China)", []string{"hk"}},
		{"Northwold University, Shenzhen, China", []string{"cn"}},
		// A US state's code that is also a country's is the state when
		// the party is in the US.
		{"Dept. of Physics, Northwold University, Chicago, IL, USA", []string{"us"}},
		{"Northwold University, Kansas City, MO, USA", []string{"us"}},
		{"Northwold University, Haifa, IL", []string{"il"}},
		// Germany's former and formal names, and the United Kingdom's.
		{"Institut für Gezeiten, Universität Northwold, West Germany", []string{"de"}},
		{"Sektion Physik, Universität Northwold, DDR", []string{"de"}},
		{"Universität Northwold, Fed. Rep. Germany", []string{"de"}},
		{"Northwold University, Northtown, United Kingdom of Great Britain and Northern Ireland", []string{"gb"}},
	}
	for _, tc := range tests {
		as := ParseAffiliations(tc.in)
		if len(as) != 1 {
			t.Fatalf("%q: %d parties", tc.in, len(as))
		}
		if !reflect.DeepEqual(as[0].Countries, tc.want) {
			t.Errorf("%q: countries %v, want %v", tc.in, as[0].Countries, tc.want)
		}
	}
}

// When no segment names an organisation, the last unit that begins like
// an institution ("Centre …") is read as the organisation.
func TestHostPromotion(t *testing.T) {
	checkRoles(t, []roleCase{
		{"Department of Pharmacology, Centre Hospitalier de Northwold", []Role{RoleDept, RoleName}},
		{"Department of Pharmacology, Division of Toxicology", []Role{RoleDept, RoleDept}},
		{"Centre for Tides, Northwold University", []Role{RoleDept, RoleName}},
	})
}

// roleCase is a string and the roles its first party's segments should
// have.
type roleCase struct {
	in   string
	want []Role
}

// checkRoles parses each case and compares its first party's segment
// roles with the wanted ones.
func checkRoles(t *testing.T, tests []roleCase) {
	t.Helper()
	for _, tc := range tests {
		var roles []Role
		var texts []string
		for _, s := range ParseAffiliations(tc.in)[0].Segments {
			roles = append(roles, s.Role)
			texts = append(texts, s.Text)
		}
		if !reflect.DeepEqual(roles, tc.want) {
			t.Errorf("%q: segments %q roles %v, want %v", tc.in, texts, roles, tc.want)
		}
	}
}

// A country (or a state) followed by "and", "&" or "/" and a capital
// closes one affiliation: what follows is another party.
func TestPartyAfterCountry(t *testing.T) {
	tests := []struct {
		in      string
		parties int
	}{
		{"Northwold Institute of Technology, Northwold, China and Westbrook University, Boston, USA", 2},
		{"Westbrook University, Port of Spain, Trinidad and Tobago", 1},
		{"Department of Physics and Astronomy, Westbrook University", 1},
		{"Institute of Science and Technology Austria", 1},
		// So does a US state or a province, with or without its postcode.
		{"School of Mathematics, Westbrook Institute of Technology, Atlanta, GA and Center for Tides, Northwold University", 2},
		{"Department of Physics, Westbrook University, Stanford, California 94305 and Department of Physics, Northwold University", 2},
		{"Westbrook University, Halifax, Nova Scotia and Northwold University", 2},
		{"Department of Physics, Westbrook University, Atlanta, GA and Tides", 2},
		// A comma before "and" changes nothing.
		{"Northwold Institute of Technology, Northwold, China, and Westbrook University, Boston, USA", 2},
		{"Westbrook University, Port of Spain, Trinidad, and Tobago", 1},
		// So does "&", as Web of Science joins addresses.
		{"Northwold Inst Technol, Northwold, China & Westbrook Univ, Boston, USA", 2},
		{"Westbrook Univ, Atlanta, GA & Ctr Tides, Northwold Univ", 2},
		{"Westbrook University, Port of Spain, Trinidad & Tobago", 1},
		{"Westbrook University, Sarajevo, Bosnia & Herzegovina", 1},
		// And "/", between affiliations copied from two lines of a form.
		{"Northwold Institute of Technology, Northwold, China / Westbrook University, Boston, USA", 2},
		{"CNRS / Westbrook University, Boston, USA", 1},
		{"Westbrook University, Sarajevo, Bosnia / Herzegovina", 1},
	}
	for _, tc := range tests {
		if got := len(ParseAffiliations(tc.in)); got != tc.parties {
			t.Errorf("%q: %d parties, want %d", tc.in, got, tc.parties)
		}
	}
}

// TestAKAPrefilterExact checks that mayHaveAKA answers exactly as the
// regular expression does on text without a Kelvin sign, so the
// expression runs only on strings it matches.
func TestAKAPrefilterExact(t *testing.T) {
	const alphabet = "aAkKfFnNx .\t\v\n\r\f(,;:é"
	for s := range randomStrings(7, 300000, bytePieces(alphabet), func(i int) int { return 1 + i%11 }) {
		if got, want := mayHaveAKA(s), akaPattern.MatchString(s); got != want {
			t.Fatalf("mayHaveAKA(%q) = %v, the pattern says %v", s, got, want)
		}
	}
	if !mayHaveAKA("X a\u212aa Y") {
		t.Error("mayHaveAKA turned away a Kelvin sign, which the pattern's case folding reads as k")
	}
}

// TestByteSplitters checks appendSplit and hasOpenBracket against the
// strings functions they stand for, on strings of separators, brackets,
// wide forms and broken UTF-8.
func TestByteSplitters(t *testing.T) {
	pieces := []string{"a", "b", ";", ",", "\n", "；", "，", "(", "[", "（", "【", "\xef", "\xbc", "\x9b", "\xe3", "é", " ", "x"}
	for s := range randomStrings(3, 100000, pieces, func(i int) int { return i % 9 }) {
		if got, want := appendSplit(nil, s, ';', '\n', "；"), strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '\n' || r == '；' }); !slices.Equal(got, want) {
			t.Fatalf("appendSplit(%q, parties) = %q, want %q", s, got, want)
		}
		if got, want := appendSplit(nil, s, ',', ',', "，"), strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' }); !slices.Equal(got, want) {
			t.Fatalf("appendSplit(%q, segments) = %q, want %q", s, got, want)
		}
		if got, want := hasOpenBracket(s), strings.ContainsAny(s, "([（【"); got != want {
			t.Fatalf("hasOpenBracket(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestFootnotePrefilterExact checks that mayHaveFootnote answers exactly
// as the regular expression does.
func TestFootnotePrefilterExact(t *testing.T) {
	pieces := []string{"1", "2", "3", "0", " ", "\t", "\v", ",", "A", "a", "É", "é", "\xc3", "x", ";"}
	for s := range randomStrings(11, 300000, pieces, func(i int) int { return 1 + i%10 }) {
		if got, want := mayHaveFootnote(s), footnoteMark.MatchString(s); got != want {
			t.Fatalf("mayHaveFootnote(%q) = %v, the pattern says %v", s, got, want)
		}
	}
}

// TestHasHanBytes checks HasHan against ranging over the runes.
func TestHasHanBytes(t *testing.T) {
	pieces := []string{"a", "大", "学", "\xe5", "\xa4", "\xa7", "⺀", "\xe2", "é", "ー", "\xf0\xa0\x80\x80", "𠀀", " "}
	for s := range randomStrings(5, 100000, pieces, func(i int) int { return i % 7 }) {
		want := false
		for _, r := range s {
			want = want || isHan(r)
		}
		if got := HasHan(s); got != want {
			t.Fatalf("HasHan(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestASCIIPrefix checks ASCIIPrefix against a byte-by-byte scan, and
// HasHan, which starts after it, against ranging over the runes, on
// strings long enough to take the eight-byte path, non-ASCII bytes at
// every offset.
func TestASCIIPrefix(t *testing.T) {
	pieces := []string{"a", "Univ", "ersity of ", "\x7f", "é", "\x80", "\xff", "大", "⺀", " "}
	for s := range randomStrings(13, 100000, pieces, func(i int) int { return i % 40 }) {
		want := 0
		for want < len(s) && s[want] < 0x80 {
			want++
		}
		if got := ASCIIPrefix(s); got != want {
			t.Fatalf("ASCIIPrefix(%q) = %d, want %d", s, got, want)
		}
		han := false
		for _, r := range s {
			han = han || isHan(r)
		}
		if got := HasHan(s); got != han {
			t.Fatalf("HasHan(%q) = %v, want %v", s, got, han)
		}
	}
}

// TestEndsInCountryWord checks endsInCountryWord against the test it
// stands for, on parts with spaces of both kinds and broken UTF-8.
func TestEndsInCountryWord(t *testing.T) {
	pieces := []string{"China", "CHINA", "china.", "Chile;", "USA", "Zürich", "x", " ", "\t", "\u00a0", "\u3000", "é", "\xc3", "\xa9", "New", "Zealand", "Viet", "Nam"}
	for s := range randomStrings(9, 200000, pieces, func(i int) int { return i % 6 }) {
		f := strings.Fields(s)
		want := len(f) > 0 && countryLastWords[strings.ToLower(strings.TrimRight(f[len(f)-1], ".;:"))]
		if got := endsInCountryWord(s); got != want {
			t.Fatalf("endsInCountryWord(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestFoldLatin checks that folding rune by rune from foldRanges gives
// what the Unicode transforms give, on every pair of the runes it folds
// and of printable ASCII, and on triples around each of them.
func TestFoldLatin(t *testing.T) {
	var rs []rune
	for r := rune(0x20); r < 0x7F; r++ {
		rs = append(rs, r)
	}
	n := 0
	for _, fr := range foldRanges() {
		for j, ok := range fr.ok {
			if ok {
				rs = append(rs, fr.lo+rune(j))
				n++
			}
		}
	}
	if n < 500 {
		t.Fatalf("only %d runes fold alone; the table is not being built as meant", n)
	}
	check := func(s string) {
		got, ok := foldLatin(s)
		if !ok {
			t.Fatalf("foldLatin(%q) turned the string away", s)
		}
		if want := fold(s); got != want {
			t.Fatalf("foldLatin(%q) = %q, fold gives %q", s, got, want)
		}
	}
	for _, a := range rs {
		for _, b := range rs {
			check(string([]rune{a, b}))
		}
	}
	for i, a := range rs {
		check(string([]rune{rs[(i*7)%len(rs)], a, rs[(i*13)%len(rs)]}))
	}
	for _, s := range []string{"Zürich", "Universitat Politècnica de València", "Łódź", "straße", "ǅemal", "Ørsted", "Malmö", "São Paulo", "Côte d’Ivoire", "İstanbul", "ﬁrst"} {
		if _, ok := foldLatin(s); ok {
			check(s)
		}
		if got, want := Normalize(s), normalizeFolded(fold(s)); got != want {
			t.Errorf("Normalize(%q) = %q, the transforms give %q", s, got, want)
		}
	}
	for _, s := range []string{"e\u0301", "大学", "\xff", "Москва", "ﬁ", "Ａ"} {
		if _, ok := foldLatin(s); ok {
			t.Errorf("foldLatin(%q) folded a string with a rune outside its table", s)
		}
	}
}

// looseGlued is the byte test that decides whether the glued-word
// expressions run at all: a small letter or three capitals before a
// capital inside a word.
func looseGlued(s string) bool {
	up := func(c byte) bool { return c >= 'A' && c <= 'Z' }
	low := func(c byte) bool { return c >= 'a' && c <= 'z' }
	for i := 1; i+1 < len(s); i++ {
		if up(s[i+1]) && (low(s[i]) || i >= 3 && i+2 < len(s) && up(s[i]) && up(s[i-1]) && up(s[i-2]) && low(s[i+2])) {
			return true
		}
	}
	return false
}

// TestExactPrefilters checks that the glued-word test answers true
// exactly when the loose test passes and one of the two expressions
// matches (so the expressions run only when they change the string), and
// that nextFootnote finds the matches
// FindAllStringSubmatchIndex finds.
func TestExactPrefilters(t *testing.T) {
	pieces := []string{"and", "of", "the", "for", "A", "B", "CNRS", "ab", "c", "x", "_", "9", " ", "1", "12", "123", ",", "É", "é", "\xc3", "\t", "Univ", "Paris"}
	for s := range randomStrings(13, 300000, pieces, func(i int) int { return 1 + i%8 }) {
		if got, want := mayBeGlued(s), looseGlued(s) && (gluedConnector.MatchString(s) || gluedAcronym.MatchString(s)); got != want {
			t.Fatalf("mayBeGlued(%q) = %v, want %v", s, got, want)
		}
		var got [][]int
		for from := 0; ; {
			m0, m2, end := nextFootnote(s, from)
			if m0 < 0 {
				break
			}
			got = append(got, []int{m0, end, m2, end})
			from = end
		}
		if want := footnoteMark.FindAllStringSubmatchIndex(s, -1); !reflect.DeepEqual(got, want) {
			t.Fatalf("nextFootnote(%q) finds %v, the expression %v", s, got, want)
		}
	}
}

// TestIndexAnchored checks indexAnchored against strings.Index.
func TestIndexAnchored(t *testing.T) {
	pieces := []string{" ", "and", "a", "d", "nd ", "ember", " of ", "ffiliated", "e", "b", "x"}
	for s := range randomStrings(17, 200000, pieces, func(i int) int { return i % 9 }) {
		for _, c := range []struct {
			sub string
			k   int
		}{{" and ", 3}, {"ember of ", 2}, {"ffiliated ", 8}} {
			if got, want := indexAnchored(s, c.sub, c.k), strings.Index(s, c.sub); got != want {
				t.Fatalf("indexAnchored(%q, %q) = %d, want %d", s, c.sub, got, want)
			}
		}
	}
}

// TestSplitParentheticalsBytes checks the byte-wise reading of valid
// UTF-8 against the rune-wise one, and appendSplit's fast path against
// strings.FieldsFunc.
func TestSplitParentheticalsBytes(t *testing.T) {
	pieces := []string{"(", ")", "[", "]", "（", "）", "【", "】", "a", "é", " ", "Univ", ",", ";", "\n", "，", "；"}
	for s := range randomStrings(19, 200000, pieces, func(i int) int { return i % 10 }) {
		gm, ga := splitParentheticals(s)
		wm, wa := s, []string(nil)
		if hasOpenBracket(s) {
			wm, wa = splitParentheticalRunes(s)
		}
		if gm != wm || !slices.Equal(ga, wa) {
			t.Fatalf("splitParentheticals(%q) = %q %q, want %q %q", s, gm, ga, wm, wa)
		}
		if got, want := appendSplit(nil, s, ',', ',', "，"), strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' }); !slices.Equal(got, want) {
			t.Fatalf("appendSplit(%q) = %q, want %q", s, got, want)
		}
		if got, want := appendSplit(nil, s, ';', '\n', "；"), strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '\n' || r == '；' }); !slices.Equal(got, want) {
			t.Fatalf("appendSplit(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestWordFacts checks each word's facts against the tables they stand
// for, on every key of those tables and on words in none of them.
func TestWordFacts(t *testing.T) {
	words := []string{"14th", "2nd", "no14", "x", "organisation", "organised", "specialising", "boston", "zzz", "university", "universities", "univ", "the", "ctr", "rd", "dept"}
	for w := range wordTable {
		words = append(words, w, w+"s", w+"isation")
	}
	for _, w := range words {
		f := factsOf(w)
		tok, ok := wordToken(w)
		_, city := cityNames[w]
		_, country := countryNames[w]
		want := wordFacts{tok: tok, ok: ok, phrases: legalPhraseIndex[w], orgHead: orgHeads[canonicalWord(w)], joinHead: joinHeads[canonicalWord(w)],
			dept: deptMarkers[w], street: streetWords[w], place: city || country}
		if !reflect.DeepEqual(f, want) {
			t.Fatalf("factsOf(%q) = %+v, the tables give %+v", w, f, want)
		}
		if f.canon() != canonicalWord(w) {
			t.Fatalf("factsOf(%q).canon() = %q, canonicalWord gives %q", w, f.canon(), canonicalWord(w))
		}
	}
}

// TestParseConcurrent parses from several goroutines at once, the first
// calls building the fold table on first use, and checks every goroutine
// gets what one goroutine alone gets (run it with -race).
func TestParseConcurrent(t *testing.T) {
	inputs := []string{"Universität Zürich, Zürich, Switzerland", "Department of Physics, University of Oxford, Oxford OX1 3PU, UK",
		"Université de Montréal (UdeM); Côte d’Ivoire", "北京大学物理学院, 北京 100871, 中国", "Inst. Phys., Beijing 100190, Peoples R China"}
	var wg sync.WaitGroup
	got := make([][]string, 4)
	for g := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, s := range inputs {
				got[g] = append(got[g], fmt.Sprint(Normalize(s), ParseAffiliations(s)))
			}
		}()
	}
	wg.Wait()
	for _, s := range inputs {
		want := fmt.Sprint(Normalize(s), ParseAffiliations(s))
		for g := range got {
			if got[g][0] != want {
				t.Fatalf("goroutine %d read %q as %s, alone it is %s", g, s, got[g][0], want)
			}
			got[g] = got[g][1:]
		}
	}
}

// TestAppendFields checks appendFields against strings.Fields, after
// words already in the buffer.
func TestAppendFields(t *testing.T) {
	pieces := []string{"a", "bc", " ", "  ", "\t", "\v", "\x1f", "é", "\u00a0", "\u3000", "\xc3", "x"}
	for s := range randomStrings(23, 100000, pieces, func(i int) int { return i % 8 }) {
		got := appendFields([]string{"before"}, s)
		if want := append([]string{"before"}, strings.Fields(s)...); !slices.Equal(got, want) {
			t.Fatalf("appendFields(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestHasJoinHeadASCII checks the allocation-free reading of ASCII text
// against normalising it and asking each word's facts.
func TestHasJoinHeadASCII(t *testing.T) {
	pieces := []string{"University", "univ.", "Hosp", "of", " ", "&", "l'", "Institute", "x", "14th", "organisation", "centres", "Museum", ",", "  "}
	for s := range randomStrings(29, 100000, pieces, func(i int) int { return i % 7 }) {
		want := false
		for _, w := range strings.Fields(Normalize(s)) {
			if f := factsOf(w); f.ok && f.joinHead {
				want = true
			}
		}
		if got := hasJoinHead(s); got != want {
			t.Fatalf("hasJoinHead(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestHasDoubleSpace checks hasDoubleSpace against strings.Contains.
func TestHasDoubleSpace(t *testing.T) {
	for n := 0; n < 1<<10; n++ {
		for l := 0; l <= 10; l++ {
			b := make([]byte, l)
			for i := range b {
				b[i] = "x "[n>>i&1]
			}
			if got, want := hasDoubleSpace(string(b)), strings.Contains(string(b), "  "); got != want {
				t.Fatalf("hasDoubleSpace(%q) = %v, want %v", b, got, want)
			}
		}
	}
}

// randomStrings yields n strings, the i-th joined from count(i) pieces
// drawn by a linear congruential generator started at seed: the same
// strings on every run, for checking a fast path against the code it
// stands for.
func randomStrings(seed uint32, n int, pieces []string, count func(i int) int) iter.Seq[string] {
	return func(yield func(string) bool) {
		for i := 0; i < n; i++ {
			var b strings.Builder
			for j := 0; j < count(i); j++ {
				seed = seed*1664525 + 1013904223
				b.WriteString(pieces[int(seed>>16)%len(pieces)])
			}
			if !yield(b.String()) {
				return
			}
		}
	}
}

// bytePieces returns each byte of s as a piece for randomStrings.
func bytePieces(s string) []string {
	out := make([]string, len(s))
	for i := range len(s) {
		out[i] = s[i : i+1]
	}
	return out
}

func TestEndsWithUnit(t *testing.T) {
	for s, want := range map[string]bool{
		"化学学院": true, "重点实验室": true, "大学院理学系研究科": true, "공과대학": true, "医学部附属病院 ": true,
		"全国有料老人ホーム协会": false, "海洋": false, "": false, "department of physics": false,
	} {
		if got := EndsWithUnit(s); got != want {
			t.Errorf("EndsWithUnit(%q) = %v, want %v", s, got, want)
		}
	}
}

// An institution's head word reads the same in the languages its name is
// written in: "Universidade de Westmoor" is "University of Westmoor".
func TestInstitutionWords(t *testing.T) {
	sameTokens(t, map[string]string{
		"Universidade de Westmoor":   "University of Westmoor",
		"Uniwersytet Westmoor":       "University Westmoor",
		"Universitas Westmoor":       "University Westmoor",
		"Instytut Fizyki Westmoor":   "Institute Fizyki Westmoor",
		"Akademie der Westmoor":      "Academy Westmoor",
		"Centro de Westmoor":         "Center of Westmoor",
		"Ospedale Westmoor":          "Hospital Westmoor",
		"Helmholtz Zentrum Westmoor": "Helmholtz Centre Westmoor",
	})
}

// sameTokens checks that each key tokenises to the same token texts as
// its value.
func sameTokens(t *testing.T, pairs map[string]string) {
	t.Helper()
	texts := func(s string) []string {
		var out []string
		for _, tk := range Tokenize(s) {
			out = append(out, tk.Text)
		}
		return out
	}
	for a, b := range pairs {
		if ta, tb := texts(a), texts(b); !reflect.DeepEqual(ta, tb) {
			t.Errorf("Tokenize(%q) = %q, want %q as for %q", a, ta, tb, b)
		}
	}
}

// "St" and "Ste" open a name as "Saint"; after other words they are a
// street or a suite.
func TestSaintOrStreet(t *testing.T) {
	checkRoles(t, []roleCase{
		{"St Aldwin's Health Centre", []Role{RoleName}},
		{"Ste Colombe Research Centre, 12 Mill St", []Role{RoleName, RoleAddress}},
		{"Clinic of Eastvale, Ste 400", []Role{RoleName, RoleAddress}},
		{"Clinic of Eastvale, St 12", []Role{RoleName, RoleAddress}},
		// A British postcode, in two halves.
		{"Clinic of Eastvale, Northtown SO17 1BJ", []Role{RoleName, RoleAddress}},
		{"Clinic of Eastvale, Northtown OX1 3RH", []Role{RoleName, RoleAddress}},
		// A number alone is a house number or a footnote mark.
		{"3 , Northtown Institute", []Role{RoleAddress, RoleName}},
		{"Clinic of Eastvale, 12, Northtown", []Role{RoleName, RoleAddress, RoleName}},
		{"Clinic of Eastvale, Northtown EC1A 1BB", []Role{RoleName, RoleAddress}},
		{"Clinic of Eastvale, Northtown B12 2nd", []Role{RoleName, RoleName}},
	})
}

// A bracket cut out of a name leaves one space, not the wide gap that
// separates segments: "QuorDx, Inc. (Canada)" keeps its name whole. Cut
// out between words, it leaves the gap, and the one word before it, which
// opens the string, is the name, not an acronym a bracket held.
func TestBracketLeavesOneSpace(t *testing.T) {
	checkRoles(t, []roleCase{
		{"QuorDx, Inc. (Canada)", []Role{RoleName, RoleCountry}},
		{"Quorvex Labs (QL) Ltd", []Role{RoleName, RoleAside}},
		{"QuorDx (Canada) Northtown Canada", []Role{RoleName, RoleName, RoleCountry}},
	})
}

// A state's code after a comma that is also a legal form ("CO") is the
// address, in capitals without a full stop; "Co." stays with the name.
func TestStateCodeNotLegalForm(t *testing.T) {
	checkRoles(t, []roleCase{
		{"Westmoor Clinic, Harlow, CO, USA", []Role{RoleName, RoleName, RoleAddress, RoleCountry}},
		{"Westmoor Trading, Co., Harlow", []Role{RoleName, RoleName}},
	})
}

// knownNames stands in for a list's IsName: it reports whether the tokens'
// texts, joined by spaces, are one of the names given.
func knownNames(ns ...string) func([]Token) bool {
	return func(ts []Token) bool { return slices.Contains(ns, strings.Join(Texts(ts), " ")) }
}

// A dash set off by spaces, or an em dash, separates parts as a comma
// does, unless the words across it are one name, perhaps with more words
// after it.
func TestSeparateDashes(t *testing.T) {
	isName := knownNames("westland institute tides", "institute tides westland", "abc university eastby", "westland health eastmere hospital")
	tests := []struct{ in, want string }{
		{"Westland University - Department of Tides", "Westland University, Department of Tides"},
		{"WIT—Westland Institute of Tides", "WIT, Westland Institute of Tides"},
		{"Dept of X, Westland - Institute of Tides, Eastby", "Dept of X, Westland - Institute of Tides, Eastby"},
		{"Institute of Tides - Westland", "Institute of Tides - Westland"},
		{"Institute of Tides – Westland, Dept of X – Eastby", "Institute of Tides – Westland, Dept of X, Eastby"},
		{"ABC - University - Eastby", "ABC - University - Eastby"},
		{"Paris-Saclay University", "Paris-Saclay University"},
		// A name across the dash with its address after it.
		{"Westland Health - Eastmere Hospital Eastmere TX 77001 USA", "Westland Health - Eastmere Hospital Eastmere TX 77001 USA"},
		{"Westland Health - Department of Tides Eastmere", "Westland Health, Department of Tides Eastmere"},
		{"Medical Research Council–University of Eastby", "Medical Research Council–University of Eastby"},
		{"Centre X, INSERM 1054- University of Eastby", "Centre X, INSERM 1054, University of Eastby"}, // a hyphen ending a word
		{"Institut für Neuro- und Verhaltensbiologie", "Institut für Neuro- und Verhaltensbiologie"},   // a shared word ending
		{"", ""},
	}
	for _, tc := range tests {
		if got := SeparateDashes(tc.in, isName); got != tc.want {
			t.Errorf("SeparateDashes(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// A comma after a name's first word is dropped when the registry knows
// the words across it as one name.
func TestJoinSplitNames(t *testing.T) {
	isName := knownNames("eastby institute technology", "westland national tidal laboratory", "indianapolis")
	tests := []struct{ in, want string }{
		{"School of X, Eastby, Institute of Technology, Eastby, China", "School of X, Eastby Institute of Technology, Eastby, China"},
		{"Dept. of Y, Eastby, Inst. of Technol.; Westland, National Tidal Laboratory", "Dept. of Y, Eastby Inst. of Technol.; Westland National Tidal Laboratory"},
		{"School of X,Eastby,Institute of Technology,Eastby", "School of X,Eastby Institute of Technology,Eastby"}, // no space after the comma
		{"Eastby, Institute of Physics", "Eastby, Institute of Physics"},                                           // not a name
		{"Medicine, Indianapolis, IN, USA", "Medicine, Indianapolis, IN, USA"},                                     // one word after the comma
		{"Department Eastby, Institute of Technology", "Department Eastby, Institute of Technology"},
		{"eastby, Institute of Technology", "eastby, Institute of Technology"},
		{"", ""},
	}
	for _, tc := range tests {
		if got := JoinSplitNames(tc.in, isName); got != tc.want {
			t.Errorf("JoinSplitNames(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// A unit's list of subjects that a comma splits stays the unit's; a
// segment that names something else, or ends the party, does not.
func TestContinueUnits(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []Role
	}{
		{"Department of Pharmacology, Physiology, and Neuroscience, Northwold Medical School", []Role{RoleDept, RoleDept, RoleDept, RoleName}},
		{"Department of Tides, Development and Genetics, Northwold Institute of Science", []Role{RoleDept, RoleDept, RoleName}},
		{"Department of Physics, Harrowgate, Northwold University", []Role{RoleDept, RoleName, RoleName}},
		{"Department of Physics, Institute of Genetics, Northwold University", []Role{RoleDept, RoleName, RoleName}},
		{"Department of Tides, Genetics", []Role{RoleDept, RoleName}},
		{"Departments of Pathology, Neurology, and Biological Chemistry, Northwold University", []Role{RoleDept, RoleDept, RoleDept, RoleName}},
		{"School of Neurobiology, Biochemistry and Biophysics, Northwold Faculty of Life Sciences", []Role{RoleDept, RoleDept, RoleName}},
		// A society or association named by its subject is an
		// organisation, not the unit's subjects.
		{"Department of Research, Westland Society of Psychopathology, Northtown", []Role{RoleDept, RoleName, RoleName}},
		{"Department of Research, Westland Association for the Cultivation of Science, Northtown", []Role{RoleDept, RoleName, RoleName}},
	} {
		as := ParseAffiliations(tc.in)
		var roles []Role
		for _, s := range as[0].Segments {
			roles = append(roles, s.Role)
		}
		if !reflect.DeepEqual(roles, tc.want) {
			t.Errorf("%q: segment roles %v, want %v", tc.in, roles, tc.want)
		}
	}
}

// A street run onto an organisation's name, written the German way
// ("University of X Sidlerstrasse 5") or after a house number ("University
// of X 142 Main Street Y"), is the address's.
func TestStreetRunOnName(t *testing.T) {
	for _, tc := range []struct {
		in      string
		address []string // the segment's words read as the address's
	}{
		{"University of Westmoor Kelmstrasse 5", []string{"kelmstrasse", "5"}},
		{"University of Westmoor Kelmstraße 12", []string{"kelmstrasse", "12"}},
		{"Westmoor Institute Hauptstr. 7", []string{"hauptstr", "7"}},
		{"University of Westmoor Kelmstrasse", nil}, // no house number
		{"University of Westmoor 142 Kelm Street Northtown", []string{"142", "kelm", "street", "northtown"}},
		{"Westmoor Unit 5 Kelm Hall", nil}, // no street word
	} {
		as := ParseAffiliations(tc.in)
		if len(as) != 1 || len(as[0].Segments) != 1 {
			t.Fatalf("%q: parties %+v", tc.in, as)
		}
		var got []string
		for _, tk := range as[0].Segments[0].Tokens {
			if tk.Role == RoleAddress {
				got = append(got, tk.Text)
			}
		}
		if !reflect.DeepEqual(got, tc.address) {
			t.Errorf("%q: address words %v, want %v", tc.in, got, tc.address)
		}
	}
}

func TestIsChinesePlace(t *testing.T) {
	for w, want := range map[string]bool{"guangdong": true, "harbin": true, "israel": false, "university": false, "": false} {
		if got := IsChinesePlace(w); got != want {
			t.Errorf("IsChinesePlace(%q) = %v, want %v", w, got, want)
		}
	}
}

// Numbered or lettered affiliations are parties of their own: a footnote
// mark after a country opens the next party, and a list mark that opens a
// party is no word of its name.
func TestNumberedParties(t *testing.T) {
	tests := []struct {
		in   string
		want [][]string
	}{
		{"1 Department of Tides, Northwold University, Northwold, UK. 2 School of Currents, Westmoor University, Westmoor, China.",
			[][]string{{"1 department of tides", "northwold university", "northwold", "uk"}, {"school of currents", "westmoor university", "westmoor", "china"}}},
		{"a) Northwold University, Northwold, China; b) University of Westmoor, Westmoor, UK",
			[][]string{{"northwold university", "northwold", "china"}, {"university of westmoor", "westmoor", "uk"}}},
		{"(a) Northwold University", [][]string{{"northwold university"}}},
		{"[2] Northwold University", [][]string{{"northwold university"}}},
		{"iii) Northwold University", [][]string{{"northwold university"}}},
		// Not a mark: a letter that is a word of the name, a number
		// that opens a numbered institute's.
		{"A Northwold University", [][]string{{"a northwold university"}}},
		{"33 Institute of Westmoor Tides", [][]string{{"33 institute of westmoor tides"}}},
	}
	for _, tc := range tests {
		if got := partySegments(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ParseAffiliations(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// partySegments returns each party ParseAffiliations reads in s, as its
// segments' normalised texts.
func partySegments(s string) [][]string {
	var out [][]string
	for _, a := range ParseAffiliations(s) {
		var segs []string
		for _, sg := range a.Segments {
			segs = append(segs, Normalize(sg.Text))
		}
		out = append(out, segs)
	}
	return out
}

// E-mail addresses, with their labels and braced lists, are cut from an
// affiliation: read as a name, an address made the organisation before it
// a unit's.
func TestEmailsCut(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want [][]string
	}{
		{"Korean Society of Tides, Seoul, South Korea. j.smith@example.org", [][]string{{"korean society of tides", "seoul", "south korea"}}},
		{"Northwold University, Northwold, USA. E-mail: {ab01,cd}@cs.northwold.edu", [][]string{{"northwold university", "northwold", "usa"}}},
		{"Northwold University, Northwold, USA E-mail: {ab, cd}@ cs.northwold.edu", [][]string{{"northwold university", "northwold", "usa"}}},
		{"Department of Geography, University of Eastmere, UK (e-mail: f.wu@eastmere.ac.uk), GB", [][]string{{"department of geography", "university of eastmere", "uk", "gb"}}},
		{"Eastmere Hospital, Eastmere. Electronic address: a.b@eastmere.org; Northwold University", [][]string{{"eastmere hospital", "eastmere"}, {"northwold university"}}},
		// Telephone and fax numbers with their labels are cut too.
		{"Westmoor University, Westmoor, UK. Tel.: +44 1234 567890", [][]string{{"westmoor university", "westmoor", "uk"}}},
		{"Westmoor University, Westmoor, UK. Tel/Fax: (0044) 1234-567 890; Northwold University", [][]string{{"westmoor university", "westmoor", "uk"}, {"northwold university"}}},
		{"Westmoor University, Westmoor, UK, Phone 555 0100 123, fax +0086‐10‐62781695", [][]string{{"westmoor university", "westmoor", "uk"}}},
		// A town that opens as a label does, and numbers without a
		// label, are kept.
		{"Tidal Institute, Tel Aviv 6997801, Israel", [][]string{{"tidal institute", "tel aviv 6997801", "israel"}}},
		{"Tidal Institute, PO Box 1234567, Westmoor", [][]string{{"tidal institute", "po box 1234567", "westmoor"}}},
		// So are the notes publishers write on an author.
		{"Westmoor University, Westmoor, UK. Corresponding author.", [][]string{{"westmoor university", "westmoor", "uk"}}},
		{"* To whom correspondence should be addressed; Department of Tides, Westmoor University", [][]string{{"department of tides", "westmoor university"}}},
		{"Westmoor University (these authors contributed equally to this work), Westmoor", [][]string{{"westmoor university", "westmoor"}}},
		{"Westmoor University, Westmoor. † Deceased.", [][]string{{"westmoor university", "westmoor"}}},
		{"WESTMOOR UNIVERSITY, WESTMOOR. CORRESPONDING AUTHOR", [][]string{{"westmoor university", "westmoor"}}},
		// No address: the string is read as it is.
		{"Institute @ Northwold", [][]string{{"institute northwold"}}},
	} {
		if got := partySegments(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: segments %q, want %q", tc.in, got, tc.want)
		}
	}
}

// A full stop after a country ends one party: what follows is another
// ("…, Oslo, Norway. Northwold University, …"). A country's abbreviation
// with stops, or one opening a name, is no country closing an address.
func TestCountryStopSplitsParties(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want [][]string
	}{
		{"Westmoor University, Westmoor, Norway. Tidal State University, Northwold, USA", [][]string{{"westmoor university", "westmoor", "norway"}, {"tidal state university", "northwold", "usa"}}},
		{"Department of Tides, U.S. Army Tidal Laboratory", [][]string{{"department of tides", "u s army tidal laboratory"}}},
		{"Norway. Tidal State University", [][]string{{"norway tidal state university"}}},
		{"Westmoor University, Norway. email: a@example.org", [][]string{{"westmoor university", "norway"}}}, // nothing left after the address
	} {
		if got := partySegments(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: segments %q, want %q", tc.in, got, tc.want)
		}
	}
}

// Footnote marks a PDF's superscripts leave run into the marked word are
// read as marks: a number or a letter before a unit's or an
// organisation's head word. Brands that write a letter or a number before
// another capital keep it, as does a letter before a short word ("iDiv"
// is no "Division").
func TestGluedFootnoteMarks(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want [][]string
	}{
		{"1Department of Tides, Westmoor University, Westmoor, Norway; 2School of Waves, Tidal State University", [][]string{{"department of tides", "westmoor university", "westmoor", "norway"}, {"school of waves", "tidal state university"}}},
		{"2University of Westmoor, Westmoor", [][]string{{"university of westmoor", "westmoor"}}},
		{"7State Key Laboratory of Tides", [][]string{{"state key laboratory of tides"}}},
		{"50Tidal Transmission GmbH", [][]string{{"50tidal transmission gmbh"}}},
		{"aDepartment of Tides, bUniversity of Westmoor", [][]string{{"department of tides", "university of westmoor"}}},
		{"Department of Tides, Westmoor University, Oslo, Norway 2School of Waves, Tidal State University", [][]string{{"department of tides", "westmoor university", "oslo", "norway"}, {"school of waves", "tidal state university"}}},
		{"iTidal Labs, Westmoor", [][]string{{"itidal labs", "westmoor"}}},
		{"eWaves Center", [][]string{{"ewaves center"}}},
		{"Department of Tides, iDiv, Westmoor", [][]string{{"department of tides", "idiv", "westmoor"}}},
		{"3M Tides Company", [][]string{{"3m tides company"}}},
		{"Inserm U1127, Westmoor", [][]string{{"inserm u1127", "westmoor"}}},
	} {
		if got := partySegments(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: segments %q, want %q", tc.in, got, tc.want)
		}
	}
}

// "c/o" before an organisation's name is dropped, not read as two names
// joined by a slash; a "c/o" inside a word is left.
func TestCareOf(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want [][]string
	}{
		{"c/o Westmoor University, Westmoor", [][]string{{"westmoor university", "westmoor"}}},
		{"Department of Tides, C/O Westmoor University", [][]string{{"department of tides", "westmoor university"}}},
		{"Tidec/o Works", [][]string{{"tidec o works"}}},
	} {
		if got := partySegments(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: segments %q, want %q", tc.in, got, tc.want)
		}
	}
}

// CutMarksBefore cuts a footnote's number run into a word the caller
// knows only without it, also before a word in capitals or opening with
// a capital outside ASCII; a word known with the number (a brand), an
// unknown word and a letter's mark are left.
func TestCutMarksBefore(t *testing.T) {
	known := map[string]bool{"westmoor": true, "ucw": true, "uc": true, "ecole": true, "50tidal": true, "tidal": true, "waves": true}
	for _, tc := range []struct{ in, want string }{
		{"2Westmoor Polytechnic, Eastmere", "Westmoor Polytechnic, Eastmere"},
		{"Department of Tides, 2Westmoor Polytechnic", "Department of Tides, 2 Westmoor Polytechnic"},
		{"1UCW Tides Centre", "UCW Tides Centre"},
		{"3École des Vagues", "École des Vagues"},
		{"50Tidal Transmission GmbH", "50Tidal Transmission GmbH"},
		{"2Northmoor Polytechnic", "2Northmoor Polytechnic"},
		{"bWestmoor Polytechnic", "bWestmoor Polytechnic"},
		{"Westmoor Polytechnic, Westmoor OX1 3UC", "Westmoor Polytechnic, Westmoor OX1 3UC"}, // a postcode's two capitals
	} {
		if got := CutMarksBefore(tc.in, func(w string) bool { return known[w] }); got != tc.want {
			t.Errorf("CutMarksBefore(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// JoinBrokenWords joins a word a line break hyphenated when the halves
// joined are a word the caller knows; a conjunction after the hyphen, a
// capital after it, a word that joined is unknown and a hyphen between
// words are left.
func TestJoinBrokenWords(t *testing.T) {
	known := map[string]bool{"westmoor": true, "university": true, "kelpwater": true, "tidewater": true, "wellenbiologie": true, "tidal": true, "flats": true}
	for _, tc := range []struct{ in, want string }{
		{"Westmoor Univ- ersity, Tide- water", "Westmoor University, Tidewater"},
		{"Kelp- water Agricultural College", "Kelpwater Agricultural College"},
		{"Wellen- und Küstenbiologie, Westmoor", "Wellen- und Küstenbiologie, Westmoor"}, // a shared ending
		{"INSERM 1054- University of Westmoor", "INSERM 1054- University of Westmoor"},   // a capital after it
		{"WESTMOOR UNIV- ERSITY", "WESTMOOR UNIVERSITY"},
		{"University of TideW- ater", "University of TideWater"},
		{"Westmoor Tidal- flats Unit", "Westmoor Tidal- flats Unit"}, // joined, no known word; halves known
		{"Kelpo- stration Unit", "Kelpostration Unit"},               // no half known
		{"Westmoor- University", "Westmoor- University"},
		{"WESTMOOR- university", "WESTMOOR- university"},
		{"Westmoor - university", "Westmoor - university"}, // no word before it
		{"Westmoor University", "Westmoor University"},
	} {
		if got := JoinBrokenWords(tc.in, func(w string) bool { return known[w] }); got != tc.want {
			t.Errorf("JoinBrokenWords(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// A journal's note before the organisation ("The authors are with X") is
// cut, and an aside saying where the author now or also is names a party
// of its own; a name opening with "The", and other asides, are left.
func TestAuthorNotesAndWhereaboutsAsides(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want [][]string
	}{
		{"The authors are with Westmoor University, Westmoor", [][]string{{"westmoor university", "westmoor"}}},
		{"The author is now at Tidal State University", [][]string{{"tidal state university"}}},
		{"The University of Westmoor", [][]string{{"the university of westmoor"}}},
		{"The Authors Guild of Westmoor", [][]string{{"the authors guild of westmoor"}}},
		{"Westmoor University, Westmoor (Present address: Tidal Institute (Northwold), Eastmere)", [][]string{{"westmoor university", "westmoor"}, {"tidal institute", "eastmere", "northwold"}}},
		{"Westmoor University (also at Tidal Institute), Westmoor", [][]string{{"westmoor university", "westmoor"}, {"tidal institute"}}},
		{"Institute of Tides (ITD), Westmoor", [][]string{{"institute of tides", "westmoor", "itd"}}}, // an aside of the party
	} {
		if got := partySegments(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: segments %q, want %q", tc.in, got, tc.want)
		}
	}
}

// A name in one script written after one in another, between two words,
// is read as an aside; an acronym or a brand of one word within a name of
// the other script, or a word of both, stays in it.
func TestScriptsApart(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want [][]string
	}{
		{"Westmoor Tidal University 서해대학교, Westmoor", [][]string{{"westmoor tidal university", "westmoor", "서해대학교"}}},
		{"西海大学 Westmoor Tidal University, Westmoor", [][]string{{"西海大学", "westmoor", "westmoor tidal university"}}},
		{"WTRI 데이터분석본부", [][]string{{"wtri 데이터분석본부"}}},
		{"公益財団法人 TIDAL東燃研究会", [][]string{{"公益财団法人 tidal东燃研究会"}}},
	} {
		if got := partySegments(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: segments %q, want %q", tc.in, got, tc.want)
		}
	}
}

// A label a form or record puts before the organisation ("Partner:",
// "Host institution:"), marked as a footnote or not, is cut; a colon
// inside a name is left.
func TestFormLabelsCut(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want [][]string
	}{
		{"Partner: Northwold Tides Ltd, Northwold, UK", [][]string{{"northwold tides ltd", "northwold", "uk"}}},
		{"Host institution: University of Westmoor", [][]string{{"university of westmoor"}}},
		{"Co-applicant: Dr A Smith, University of Westmoor; Partner: Eastmere Hospital", [][]string{{"dr a smith", "university of westmoor"}, {"eastmere hospital"}}},
		{"Department of Tides: Currents and Waves, University of Westmoor", [][]string{{"department of tides currents and waves", "university of westmoor"}}},
		{"Tides: Northwold University", [][]string{{"tides northwold university"}}},
		// A footnote's mark before the label.
		{"*Corresponding author: Northwold University, Northwold", [][]string{{"northwold university", "northwold"}}},
		{"†Present address: Northwold University", [][]string{{"northwold university"}}},
		// A journal's or a record's label for where to write.
		{"Correspondence: Department of Tides, Northwold University", [][]string{{"department of tides", "northwold university"}}},
		{"Address for correspondence: Northwold University", [][]string{{"northwold university"}}},
		{"Reprint requests to: Northwold University", [][]string{{"northwold university"}}},
		{"Centre for: Northwold University", [][]string{{"centre for northwold university"}}},
	} {
		if got := partySegments(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: segments %q, want %q", tc.in, got, tc.want)
		}
	}
}

// Markup and TeX accents that metadata exports leave in affiliation
// strings are read as the text they format: footnote marks in
// superscript go, inline tags go without a space, other tags separate
// words, and an accented letter keeps its letter.
func TestMarkupAndTeXAccents(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want [][]string
	}{
		{"<sup>1</sup>Department of Tides, Northwold University", [][]string{{"department of tides", "northwold university"}}},
		{"<i>Université</i> de Westmoor, Canada", [][]string{{"universite de westmoor", "canada"}}},
		{`<span class="aff">Northwold University</span>`, [][]string{{"northwold university"}}},
		{"Northwold University<br/>Northwold", [][]string{{"northwold university northwold"}}},
		{`Universit\'e de Montr\'eal, Canada`, [][]string{{"universite de montreal", "canada"}}},
		{`Universit{\'e} de Montr\'{e}al`, [][]string{{"universite de montreal"}}},
		{`Universit\"at Westmoor`, [][]string{{"universitat westmoor"}}},
		{`Fran\c{c}ois Westmoor Institute`, [][]string{{"francois westmoor institute"}}},
		{`King\'s College Northwold`, [][]string{{"kings college northwold"}}},
		// No markup: a "<" that opens no tag is left.
		{"Northwold University < Westmoor", [][]string{{"northwold university westmoor"}}},
	} {
		if got := partySegments(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: segments %q, want %q", tc.in, got, tc.want)
		}
	}
}

// A Japanese or Korean corporate status written before a name ("国立大学法人",
// "学校法人", "株式会社", "학교법인") is one legal-form word, not words run
// into the name after it.
func TestJapaneseLegalForms(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"国立大学法人東嶺大学", []string{"incorporated", "dongling", "university"}},
		{"國立大學法人東嶺大學", []string{"incorporated", "dongling", "university"}},
		{"国立研究開発法人東嶺研究所", []string{"incorporated", "dongling", "research", "institute"}},
		// Korean ones, with a space or run into the name.
		{"학교법인 동령대학교", []string{"incorporated", "동령대학교"}},
		{"학교법인동령대학교", []string{"incorporated", "동령대학교"}},
	} {
		ts := Tokenize(tc.in)
		if got := Texts(ts); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Tokenize(%q) = %v, want %v", tc.in, got, tc.want)
			continue
		}
		if !ts[0].Legal || ts[1].Legal {
			t.Errorf("Tokenize(%q): legal marks %v %v, want the status alone", tc.in, ts[0].Legal, ts[1].Legal)
		}
	}
}

// The note authors write before where they are now or were ("Currently
// with", "Now at") is cut, as is a list's "and" before a capital; a name
// opening with such a word is left.
func TestWhereaboutsNoteCut(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want [][]string
	}{
		{"Currently with Northwold Tides Ltd", [][]string{{"northwold tides ltd"}}},
		{"Now at Westmoor University, Westmoor", [][]string{{"westmoor university", "westmoor"}}},
		{"Also at Eastmere Hospital; Northwold University", [][]string{{"eastmere hospital"}, {"northwold university"}}},
		{"Now Northwold University", [][]string{{"now northwold university"}}},
		// Journals' "From the" and "On leave from" before the unit or
		// the organisation.
		{"From the Department of Tides, Westmoor University", [][]string{{"department of tides", "westmoor university"}}},
		{"From Westmoor University, Westmoor", [][]string{{"westmoor university", "westmoor"}}},
		{"On leave from the Westmoor University", [][]string{{"westmoor university"}}},
		{"FROM THE WESTMOOR UNIVERSITY", [][]string{{"westmoor university"}}},
		{"From sea to shore institute", [][]string{{"from sea to shore institute"}}},
		{"On Tides Institute", [][]string{{"on tides institute"}}},
		// A post and "at" before the organisation.
		{"Medical Doctor at Northwold University Hospital, Northwold", [][]string{{"northwold university hospital", "northwold"}}},
		{"Senior Research Fellow at Westmoor University", [][]string{{"westmoor university"}}},
		{"Research Institute at Westmoor", [][]string{{"research institute at westmoor"}}},
		{"Professor of Tides at Westmoor University", [][]string{{"professor of tides at westmoor university"}}},
		// A list's "and" left before the last of them.
		{"and Department of Tides, Westmoor University", [][]string{{"department of tides", "westmoor university"}}},
		{"& Now at Westmoor University", [][]string{{"westmoor university"}}},
		{"and tides institute", [][]string{{"and tides institute"}}},
	} {
		if got := partySegments(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: segments %q, want %q", tc.in, got, tc.want)
		}
	}
}

// A word a stray space split is rejoined only where the caller found
// the pair, written next to each other with one space, perhaps after the
// hyphen of a line's break.
func TestJoinWords(t *testing.T) {
	pairs := [][2]string{{"accel", "erator"}, {"inst", "itute"}}
	for _, tc := range []struct{ in, want string }{
		{"High Energy Accel erator Research Organization, Tsukuba", "High Energy Accelerator Research Organization, Tsukuba"},
		{"Inst itute of Life, Athens", "Institute of Life, Athens"},
		{"ACCEL ERATOR Centre", "ACCELERATOR Centre"},
		{"Accel, erator", "Accel, erator"},
		{"Accel  erator", "Accel  erator"},
		{"Erator Accel", "Erator Accel"},
		// A hyphen where a line broke the word goes too.
		{"High Energy Accel- erator, Tsukuba", "High Energy Accelerator, Tsukuba"},
		{"Accel -erator", "Accel -erator"},
		{"", ""},
	} {
		if got := JoinWords(tc.in, pairs); got != tc.want {
			t.Errorf("JoinWords(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := JoinWords("Accel erator", nil); got != "Accel erator" {
		t.Errorf("JoinWords with no pairs changed the string: %q", got)
	}
}

// A city's English name, its own language's and a former one are one
// word ("Lisbon", "Lisboa"; "Chennai", "Madras"); two towns whose
// universities differ stay two.
func TestCityEquivalents(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"Lisbon", "Lisboa", true},
		{"Munich", "München", true},
		{"Cologne", "Köln", true},
		{"Chennai", "Madras", true},
		{"Bengaluru", "Bangalore", true},
		{"Geneva", "Genf", true},
		{"Leuven", "Louvain", false},
		{"Munich", "Milan", false},
	} {
		ta, tb := Tokenize(tc.a), Tokenize(tc.b)
		if len(ta) != 1 || len(tb) != 1 {
			t.Fatalf("%q, %q: want one token each, got %v %v", tc.a, tc.b, ta, tb)
		}
		if same := ta[0].Text == tb[0].Text; same != tc.same {
			t.Errorf("%q (%s) and %q (%s): same word %v, want %v", tc.a, ta[0].Text, tc.b, tb[0].Text, same, tc.same)
		}
	}
}

// German written without its letters' marks drops "fuer" as it drops
// "für", and a saint's title abbreviated ("St.", "Mt." and "Ft." alike)
// is the title as a familiar name is the formal one.
func TestFuerAndSaint(t *testing.T) {
	a, b := Tokenize("Institut fuer Gezeitenkunde"), Tokenize("Institut für Gezeitenkunde")
	if len(a) != len(b) || len(a) != 2 {
		t.Errorf("fuer/für: tokens %v and %v, want the same two", a, b)
	}
	for w, want := range map[string]string{"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"} {
		if Nickname(w) != want {
			t.Errorf("Nickname(%q) = %q, want %q", w, Nickname(w), want)
		}
	}
	if Nickname("saint") != "saint" {
		t.Errorf("Nickname(saint) = %q", Nickname("saint"))
	}
}

// ReplaceWords rewrites whole words found by their normalised form,
// keeping the marks around them and a capital first letter, and leaves
// other words alone.
func TestReplaceWords(t *testing.T) {
	repl := map[string]string{"koeln": "koln", "universitaet": "universitat", "nuernberg": "nurnberg"}
	for _, tc := range []struct{ in, want string }{
		{"Universitaet zu Koeln, Germany", "Universitat zu Koln, Germany"},
		// Each part of a hyphenated word is a word.
		{"Universitaet Erlangen-Nuernberg", "Universitat Erlangen-Nurnberg"},
		{"Nuernberg-Koeln-Bonn", "Nurnberg-Koln-Bonn"},
		{"Koeln-", "Koln-"},
		{"(Koeln)", "(Koln)"},
		// So is each of two words joined by a comma or semicolon.
		{"Universitaet Koeln,Nuernberg;Germany", "Universitat Koln,Nurnberg;Germany"},
		{"universitaet zu koeln", "universitat zu koln"},
		{"Koelner Institut", "Koelner Institut"},
		{"", ""},
	} {
		if got := ReplaceWords(tc.in, repl); got != tc.want {
			t.Errorf("ReplaceWords(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := ReplaceWords("Koeln", nil); got != "Koeln" {
		t.Errorf("ReplaceWords with nothing to replace changed the string: %q", got)
	}
}

// Two capitalised words run together ("TorWestmarch", "KelpHarbour") are
// set apart when each is a word known and the two together are not; a
// name written so on purpose, a small word run into a name and parts
// shorter than three letters stay.
func TestSplitGluedWords(t *testing.T) {
	known := map[string]bool{"tor": true, "westmarch": true, "university": true, "kelp": true, "harbour": true, "zentrum": true,
		"mcgill": true, "with": true, "national": true, "bio": true, "we": true, "kelpcet": true, "sus": true, "sustech": true}
	for _, tc := range []struct{ in, want string }{
		{"TorWestmarch University", "Tor Westmarch University"},
		{"KelpHarbour-Zentrum", "Kelp Harbour-Zentrum"},
		{"McGill University", "McGill University"},                // known whole
		{"Now withNational Center", "Now withNational Center"},    // a small word first
		{"BioNTech", "BioNTech"},                                  // "NTech" is no word known
		{"TorWe", "TorWe"},                                        // a part of two letters
		{"KELPCETUniversity of Tor", "KELPCET University of Tor"}, // an acronym run into a word
		{"SUSTech", "SUSTech"},                                    // known whole
		{"NTUniversity", "NTUniversity"},                          // an acronym of two letters
		{"", ""},
	} {
		if got := SplitGluedWords(tc.in, func(w string) bool { return known[w] }); got != tc.want {
			t.Errorf("SplitGluedWords(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// A German unit run into the university it belongs to, with "der" or
// without, is the unit's words and then the university's.
func TestGermanUnitBefore(t *testing.T) {
	for _, tc := range []struct {
		in        string
		unit, org []string
	}{
		{"Institut für Gezeitenkunde der Technischen Universität Westmoor", []string{"institute", "gezeitenkunde"}, []string{"technical", "university", "westmoor"}},
		{"Lehrstuhl für Gezeitenkunde Freie Universität Westmoor", []string{"lehrstuhl", "gezeitenkunde"}, []string{"freie", "university", "westmoor"}},
		{"Klinik für Neurologie der Universität Westmoor", []string{"klinik", "neurologie"}, []string{"university", "westmoor"}},
		// No university: the segment is left whole.
		{"Institut für Gezeitenkunde Westmoor", nil, []string{"institute", "gezeitenkunde", "westmoor"}},
	} {
		var unit, org []string
		for _, tk := range ParseAffiliations(tc.in)[0].Tokens() {
			if tk.Role == RoleDept {
				unit = append(unit, tk.Text)
			} else {
				org = append(org, tk.Text)
			}
		}
		if !reflect.DeepEqual(unit, tc.unit) || !reflect.DeepEqual(org, tc.org) {
			t.Errorf("%q: unit %v and organisation %v, want %v and %v", tc.in, unit, org, tc.unit, tc.org)
		}
	}
}

// TestMoveLateCommas checks that a comma written one word late, after the
// name a bare "University" or "College" needs, is read where it belongs,
// and that parts whose words already name something are left alone.
func TestMoveLateCommas(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string // the segments' texts
	}{
		{"School of Engineering Northvale, University Eastport 38541, Korea", []string{"School of Engineering", "Northvale University Eastport 38541", "Korea"}},
		{"Department of Surgery Northvale, University College of Medicine, Seoul", []string{"Department of Surgery", "Northvale University College of Medicine", "Seoul"}},
		// One word before the comma is read across it anyway.
		{"Northvale, University, Eastport", []string{"Northvale", "University", "Eastport"}},
		// The name after the head word, or the head's own name.
		{"Department of Physics Northvale, University of Eastport", []string{"Department of Physics Northvale", "University of Eastport"}},
		{"Department of Physics Northvale, University Kestrelbury Hospital", []string{"Department of Physics Northvale", "University Kestrelbury Hospital"}},
		// A subject, a town or a head word before the comma.
		{"Department of Surgery, University Hospital, Eastport", []string{"Department of Surgery", "University Hospital", "Eastport"}},
		{"Institute of Physics Paris, University Hospital", []string{"Institute of Physics Paris", "University Hospital"}},
		{"Univ Northvale, University Northvale 1", []string{"Univ Northvale", "University Northvale 1"}},
		// The word after a stopword is the unit's subject, and the head
		// word's own name (a town) follows it.
		{"Institut für Kryologie, Universität Basel 4051 Basel, Switzerland", []string{"Institut für Kryologie", "Universität Basel 4051 Basel", "Switzerland"}},
		{"Department of Kryology, University Basel", []string{"Department of Kryology", "University Basel"}},
	} {
		if got := onePartyTexts(t, tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: segments %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestGermanAdjectiveOpensUniversity checks that a department run into a
// German university's name leaves the adjective that opens the name
// ("Freie", "Technische") to the university, and a subject ("Chemie") to
// the department.
func TestGermanAdjectiveOpensUniversity(t *testing.T) {
	for _, tc := range []struct {
		in   string
		name []string // the tokens read as the organisation's
	}{
		{"Department of Physics Freie Universität Northvale", []string{"freie", "university", "northvale"}},
		{"Institut für Physik Technische Universität Northvale", []string{"technical", "university", "northvale"}},
		{"Fakultät für Chemie Universität Northvale", []string{"university", "northvale"}},
	} {
		var name []string
		for _, tk := range ParseAffiliations(tc.in)[0].Tokens() {
			if tk.Role == RoleName {
				name = append(name, tk.Text)
			}
		}
		if !reflect.DeepEqual(name, tc.name) {
			t.Errorf("%q: name tokens %q, want %q", tc.in, name, tc.name)
		}
	}
}

func TestNumeralOf(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"viii", "8", true},
		{"xiii", "13", true},
		{"i", "1", true},
		{"xxxix", "39", true},
		{"8", "viii", true},
		{"08", "viii", true},
		{"39", "xxxix", true},
		{"40", "", false},
		{"0", "", false},
		{"iiii", "", false},
		{"vx", "", false},
		{"mix", "", false},
		{"xl", "", false},
	} {
		got, ok := NumeralOf(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("NumeralOf(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	for _, tc := range []struct {
		a, b string
		want How
	}{
		{"viii", "8", HowNumeral},
		{"8", "viii", HowNumeral},
		{"vi", "06", HowNumeral},
		{"vi", "7", ""},
		{"ii", "ii", HowExact},
	} {
		if got := Compare(tc.a, tc.b).How; got != tc.want {
			t.Errorf("Compare(%q, %q) = %q, want %q", tc.a, tc.b, got, tc.want)
		}
	}
}

// A person's name after a title, then an organisation in brackets: the
// organisation is the party's, not an aside, unless another segment names
// one.
func TestPersonThenOrganisation(t *testing.T) {
	for _, c := range []struct{ in, names string }{
		{"Prof. Jane Doe (Westmoor Laboratory of Tides)", "Westmoor Laboratory of Tides"},
		{"Dr Li Wei (Savoirs et Marées), Northtown", "Savoirs et Marées|Northtown"},
		{"Dr Jane Doe (Physics), Northwold University", "Dr Jane Doe|Northwold University"},
		{"Westmoor Tidal Group (Northtown)", "Westmoor Tidal Group"},
		{"Prof. Jane Doe", "Prof. Jane Doe"},
		// Organisations named after a person, or with a title's letters.
		{"Dr. Westmoor's Laboratories Ltd. (Northtown)", "Dr. Westmoor's Laboratories Ltd."},
		{"MR Tidal Systems (Northtown)", "MR Tidal Systems"},
		{"Dr Jane Doe (Japan)", "Dr Jane Doe"},
	} {
		var got []string
		for _, a := range ParseAffiliations(c.in) {
			for _, s := range a.Segments {
				if s.Role == RoleName {
					got = append(got, s.Text)
				}
			}
		}
		if g := strings.Join(got, "|"); g != c.names {
			t.Errorf("%q: name segments %q, want %q", c.in, g, c.names)
		}
	}
}

func TestCountryLanguage(t *testing.T) {
	for _, c := range []struct{ code, want string }{
		{"de", "de"}, {"at", "de"}, {"au", "en"}, {"es", "es"}, {"br", "pt"}, {"zz9", ""},
	} {
		if got := CountryLanguage(c.code); got != c.want {
			t.Errorf("CountryLanguage(%q) = %q, want %q", c.code, got, c.want)
		}
	}
}

// ISOCountry reads a country's two-letter code, in either case, and
// nothing else: a continent's or a reserved code, a longer one.
func TestISOCountry(t *testing.T) {
	for _, c := range []struct{ code, want string }{
		{"CA", "ca"}, {"DE", "de"}, {"in", "in"}, {"EU", ""}, {"ZZ", ""}, {"001", ""}, {"CAN", ""}, {"", ""},
	} {
		if got := ISOCountry(c.code); got != c.want {
			t.Errorf("ISOCountry(%q) = %q, want %q", c.code, got, c.want)
		}
	}
}

func TestUSStateName(t *testing.T) {
	for _, c := range []struct{ code, want string }{{"CA", "california"}, {"NY", "new york"}, {"DC", "district of columbia"}, {"ON", ""}} {
		if got := USStateName(c.code); got != c.want {
			t.Errorf("USStateName(%q) = %q, want %q", c.code, got, c.want)
		}
	}
}

// A legal form that one jurisdiction or a few neighbours use tells the
// company's country; one many countries write tells none, nor does a
// word that is no legal form.
func TestLegalFormCountries(t *testing.T) {
	for _, tc := range []struct {
		w    string
		want []string
	}{
		{"gmbh", []string{"de", "at", "ch"}},
		{"oyj", []string{"fi"}},
		{"b v", []string{"nl", "be"}}, // "B.V."
		{"ooo", []string{"ru"}},
		{"llc", []string{"us"}},
		{"limited", nil},
		{"sa", nil},
		{"university", nil},
	} {
		if got := LegalFormCountries(tc.w); !slices.Equal(got, tc.want) {
			t.Errorf("LegalFormCountries(%q) = %v, want %v", tc.w, got, tc.want)
		}
		if tc.want != nil && !IsLegalForm(strings.ReplaceAll(tc.w, " ", "")) {
			t.Errorf("%q tells a country but is no legal form", tc.w)
		}
	}
	for w := range legalFormCountries {
		if !IsLegalForm(w) {
			t.Errorf("%q is in legalFormCountries but no legal form", w)
		}
		for _, c := range legalFormCountries[w] {
			if _, ok := CountryCode(c); !ok && len(c) != 2 {
				t.Errorf("%q: %q is no country code", w, c)
			}
		}
	}
}

// A full stop ending a party, as a sentence's, is no part of its last
// segment; a stop inside it and an ellipsis stay.
func TestFinalStop(t *testing.T) {
	for _, tc := range []struct{ in, last string }{
		{"Department of Physics, Westmarch University.", "Westmarch University"},
		{"Westmarch Univ. ", "Westmarch Univ"},
		{"Department of Physics, Westmarch Univ., Northtown", "Northtown"},
		{"Westmarch Institute...", "Westmarch Institute..."},
	} {
		as := ParseAffiliations(tc.in)
		if len(as) != 1 || len(as[0].Segments) == 0 {
			t.Fatalf("%q: parsed %+v", tc.in, as)
		}
		segs := as[0].Segments
		if got := segs[len(segs)-1].Text; got != tc.last {
			t.Errorf("%q: last segment %q, want %q", tc.in, got, tc.last)
		}
	}
}

// MisspeltWord reads a word one letter away from an institutional word as
// that word, but for its plural and the word itself.
func TestMisspeltWord(t *testing.T) {
	for _, tc := range []struct{ word, want string }{
		{"univeristy", "university"},
		{"insitute", "institute"},
		{"deparment", "department"},
		{"laboratoty", "laboratory"},
		// The same words in other languages; none is taken for another
		// of them or for a form the lexicon knows.
		{"insitut", "institut"},
		{"univresidad", "universidad"},
		{"universitet", ""},
		{"universite", ""},
		{"universitas", ""},
		{"university", ""},
		{"colleges", ""},
		{"westmarch", ""},
	} {
		got, ok := MisspeltWord(tc.word)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("MisspeltWord(%q) = %q, %v; want %q", tc.word, got, ok, tc.want)
		}
	}
}

// Spaces other than the ASCII one (no-break, thin, narrow no-break) are
// read as it: the string parses as written with plain spaces.
func TestPlainSpaces(t *testing.T) {
	in := "Department of Kelp Physics and Westmarch Hospital, Northtown Institute - Eastport Campus; Harbour University"
	want := fmt.Sprint(ParseAffiliations(in))
	for _, sp := range []string{"\u00a0", "\u2009", "\u202f", "  ", "   "} {
		if got := fmt.Sprint(ParseAffiliations(strings.ReplaceAll(in, " ", sp))); got != want {
			t.Errorf("with %q for spaces: %s, want %s", sp, got, want)
		}
	}
	// A line break still separates parties in a string spaced wide.
	if ps := ParseAffiliations("Kelp  Institute  of  Tides\nWestmarch  University  Eastland"); len(ps) != 2 {
		t.Errorf("a string spaced wide with a line break: %d parties, want 2", len(ps))
	}
	// Two words set wide apart read as one name; one wide gap among
	// single ones still marks a dropped comma or bracket.
	for _, tc := range []struct {
		in       string
		segments int
	}{
		{"University  of  Westmarch", 1},
		{"Westmarch  Normal  University  Eastport", 1},
		{"Westmarch Normal University   Eastland", 2},
	} {
		ps := ParseAffiliations(tc.in)
		if len(ps) != 1 || len(ps[0].Segments) != tc.segments {
			t.Errorf("ParseAffiliations(%q) = %v, want one party of %d segments", tc.in, ps, tc.segments)
		}
	}
}

// Unquote drops the quotation marks that enclose a string whole, and
// leaves quotes inside it.
func TestUnquote(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`"Westmarch University"`, "Westmarch University"},
		{` “Westmarch University, Northtown” `, "Westmarch University, Northtown"},
		{"'Westmarch University'", "Westmarch University"},
		{"«Institut des Marées»", "Institut des Marées"},
		{`"Kelp" Institute of Northtown`, `"Kelp" Institute of Northtown`},
		{`"Kelp Institute" and "Westmarch University"`, `"Kelp Institute" and "Westmarch University"`},
		{`"`, `"`},
		{"Westmarch University", "Westmarch University"},
	} {
		if got := Unquote(tc.in); got != tc.want {
			t.Errorf("Unquote(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// Footnotes' marks opening or closing a party or a segment, and raised
// footnote numbers anywhere, are cut; a mark inside a name is kept.
func TestFootnoteMarksCut(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want [][]string
	}{
		{"*Department of Tides, Westmoor University†", [][]string{{"Department of Tides", "Westmoor University"}}},
		{"¹ Department of Tides¹, Westmoor University²,³, Westmoor", [][]string{{"Department of Tides", "Westmoor University", "Westmoor"}}},
		{"Department of Tides*, Westmoor University‡; §Northwold Hospital", [][]string{{"Department of Tides", "Westmoor University"}, {"Northwold Hospital"}}},
		{"A*KELP Agency, Westmoor", [][]string{{"A*KELP Agency", "Westmoor"}}},
	} {
		var got [][]string
		for _, a := range ParseAffiliations(tc.in) {
			var segs []string
			for _, sg := range a.Segments {
				segs = append(segs, sg.Text)
			}
			got = append(got, segs)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: segments %q, want %q", tc.in, got, tc.want)
		}
	}
}

// Footnotes' numbers glued to the word they followed are cut when the
// registry knows the word without them; codes and words it writes with
// their digits are left.
func TestCutGluedNumbers(t *testing.T) {
	known := map[string]bool{"department": true, "physics": true, "university": true, "universite": true, "univ": true, "westmoor": true, "wmti": true, "bio": true, "bio5": true}
	knows := func(w string) bool { return known[w] }
	for _, tc := range []struct{ in, want string }{
		{"Department of Physics1, University of Westmoor2", "Department of Physics, University of Westmoor"},
		{"University of Westmoor12; Department13", "University of Westmoor; Department"},
		{"Westmoor1,2, Physics3.", "Westmoor, Physics."},
		{"Westmoor1-3 Physics", "Westmoor Physics"},
		{"WMTI1, Westmoor2", "WMTI, Westmoor"},
		{"Tidal-Westmoor2, Univ.1", "Tidal-Westmoor, Univ."},
		{"Université Westmoor1", "Université Westmoor"},
		{"Westmoor 12", "Westmoor 12"},
		{"BIO5 Institute, Westmoor", "BIO5 Institute, Westmoor"},
		{"Tidal1 Institute", "Tidal1 Institute"},
		{"Westmoor123", "Westmoor123"},
		{"Dept1", "Dept1"},
		{"", ""},
	} {
		if got := CutGluedNumbers(tc.in, knows); got != tc.want {
			t.Errorf("CutGluedNumbers(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// "Saint" and its abbreviation are one token.
func TestSaintToken(t *testing.T) {
	for _, pair := range [][2]string{{"Saint Marigold's Hospital", "St. Marigold's Hospital"}, {"Sainte-Westby", "Ste Westby"}} {
		a, b := Texts(Tokenize(pair[0])), Texts(Tokenize(pair[1]))
		if !reflect.DeepEqual(a, b) {
			t.Errorf("Tokenize(%q) = %q, Tokenize(%q) = %q; want the same", pair[0], a, pair[1], b)
		}
	}
}

// A street word beside an organisation's head word names a subject
// ("Centre for Planning and Building"), unless a number goes with it or
// it ends the segment after a name (a street run onto it). A street
// written the German way with its number, and block and house numbers
// before a district, are an address.
func TestStreetWordOrSubject(t *testing.T) {
	checkRoles(t, []roleCase{
		{"Halvern Centre for Planning and Building, Northtown", []Role{RoleName, RoleName}},
		{"Highway Research Centre of Westmarch, Northtown", []Role{RoleName, RoleName}},
		{"Science Centre Building 5, Northtown", []Role{RoleAddress, RoleName}},
		{"Westmarch Museum Kellway Road", []Role{RoleAddress}},
		{"Main Building, Northtown", []Role{RoleAddress, RoleName}},
		{"Halvern Institute, Lindenstraße 4, Northtown", []Role{RoleName, RoleAddress, RoleName}},
		{"Halvern Institute, 5-4-2 Kellmachi, Northtown", []Role{RoleName, RoleAddress, RoleName}},
	})
}

// A postcode run onto an organisation's name, with a head word before it
// and no street ("Westland School of Medicine 94720"), is the address's
// word in the organisation's segment; without a head word the segment is
// the address ("Northtown 94720"), as with a street ("Kellway Road 94720").
func TestPostcodeAfterName(t *testing.T) {
	for _, tc := range []struct {
		in   string
		role Role // the segment's
		last Role // its last word's
	}{
		{"Westland School of Medicine 94720", RoleName, RoleAddress},
		{"Halvern Cancer Research Center 98109", RoleName, RoleAddress},
		{"Northtown 94720", RoleAddress, RoleAddress},
		{"Halvern Centre, Kellway Road 94720", RoleAddress, RoleAddress},
	} {
		ps := ParseAffiliations(tc.in)
		segs := ps[0].Segments
		s := segs[len(segs)-1]
		if s.Role != tc.role || s.Tokens[len(s.Tokens)-1].Role != tc.last {
			t.Errorf("ParseAffiliations(%q): last segment %q %v, its last word %v; want %v, %v", tc.in, s.Text, s.Role, s.Tokens[len(s.Tokens)-1].Role, tc.role, tc.last)
		}
	}
}

// A bar between spaces separates parts as a comma does; written without
// spaces it is a word's ("Scan|Design").
func TestBarSeparatesParts(t *testing.T) {
	checkRoles(t, []roleCase{
		{"Department of Tides | Westland University | Northtown | UK", []Role{RoleDept, RoleName, RoleName, RoleCountry}},
		{"Scan|Design Fund, Northtown", []Role{RoleName, RoleName}},
	})
}

// An organisation's name in brackets is read as a part is: a unit written
// with it keeps its unit's words ("School of Medicine"), the rest are the
// aside's.
func TestAsideKeepsUnitWords(t *testing.T) {
	a := ParseAffiliations("Department of Tides (Westland University School of Medicine)")[0]
	s := a.Segments[len(a.Segments)-1]
	var roles []Role
	for _, tk := range s.Tokens {
		roles = append(roles, tk.Role)
	}
	want := []Role{RoleAside, RoleAside, RoleDept, RoleDept}
	if s.Role != RoleAside || !slices.Equal(roles, want) {
		t.Errorf("aside %q %v, its words %v; want an aside, words %v", s.Text, s.Role, roles, want)
	}
}

// The English tokens Chinese institutional words and names stand for are
// the tokens the tokenizer makes of those words in English names: a
// token written otherwise ("astronomical" where English names give
// "astronomy", "peking" where they give "beijing") would make a vocabulary
// token of its own, which English names never hold and which a typo of
// the English word then finds instead of theirs.
func TestHanTokensCanonical(t *testing.T) {
	for _, m := range []map[string][]string{hanTerms, hanPlaces} {
		for han, words := range m {
			for _, w := range words {
				if ts := Tokenize(w); len(ts) != 1 || ts[0].Text != w {
					t.Errorf("%s stands for %q, which the tokenizer reads as %v", han, w, ts)
				}
			}
		}
	}
}

// A legal form that is also a country's ISO code, written in capitals as
// the last part after a name and a town, is the country; after a name
// alone it stays the name's legal form.
func TestLegalFormThatIsCountryCode(t *testing.T) {
	for _, c := range []struct {
		in      string
		country string
		roles   []Role
	}{
		{"Westmoor Tidal Institute, Kestrelby, SE", "se", []Role{RoleName, RoleName, RoleCountry}},
		{"Westmoor Tidal College, Kestrel Falls, AS", "as", []Role{RoleName, RoleName, RoleCountry}},
		{"Westmoor Tidal Works, AG", "", []Role{RoleName}},
		{"Westmoor Tidal Park, Kestrel Falls, CO", "us", []Role{RoleName, RoleName, RoleAddress}}, // Colorado, not Colombia
	} {
		as := ParseAffiliations(c.in)
		if len(as) != 1 {
			t.Fatalf("%q: %d parties", c.in, len(as))
		}
		var roles []Role
		for _, s := range as[0].Segments {
			roles = append(roles, s.Role)
		}
		if !slices.Equal(roles, c.roles) || c.country != "" && !slices.Equal(as[0].Countries, []string{c.country}) || c.country == "" && len(as[0].Countries) > 0 {
			t.Errorf("%q: roles %v countries %v, want %v %q", c.in, roles, as[0].Countries, c.roles, c.country)
		}
	}
}

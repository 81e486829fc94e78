package resolve_test

import (
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/collabcheck/collabcheck/internal/gold"
	"github.com/collabcheck/collabcheck/internal/registry"
	"github.com/collabcheck/collabcheck/internal/registry/rordump"
	"github.com/collabcheck/collabcheck/internal/resolve"
	"golang.org/x/text/encoding/charmap"
)

var (
	resOnce sync.Once
	res     *resolve.Resolver
	known   map[string]bool
	resOrgs []registry.Org
	resErr  error
)

func realResolver(t *testing.T) (*resolve.Resolver, map[string]bool, string) {
	d := os.Getenv("COLLABCHECK_DATA")
	if d == "" {
		t.Skip("COLLABCHECK_DATA is not set: the shared registry and gold sets are needed")
	}
	resOnce.Do(func() {
		_, resErr = rordump.Read(filepath.Join(d, "ror", "ror-records-subset-v2.9.zip"), func(o registry.Org) error {
			resOrgs = append(resOrgs, o)
			return nil
		}, nil)
		known = map[string]bool{}
		for _, o := range resOrgs {
			known[o.ID] = true
		}
		res = resolve.New(resOrgs)
	})
	if resErr != nil {
		t.Fatal(resErr)
	}
	return res, known, d
}

// The targets are Crossref P ≥ 0.97 / R ≥ 0.93, S2AFF P ≥ 0.95 /
// R ≥ 0.90 and abstention ≥ 0.90 on unlabelled ROR-log rows. Resolution is
// work in progress (see the issue notes): these floors hold what it reaches
// today so no change makes it worse, and rise as it improves.
func TestGoldSets(t *testing.T) {
	r, known, d := realResolver(t)
	for _, tc := range []struct {
		file, format           string
		minP, minR, minAbstain float64
	}{
		{"crossref_train.csv", gold.FormatCrossref, 0.914, 0.904, 0},
		// S2AFF labels a section of INFN as INFN itself: a section
		// found ("… and Istituto Nazionale di Fisica Nucleare, Gruppo
		// collegato di Cosenza") is a false match here.
		{"s2aff_train_val.csv", gold.FormatS2AFF, 0.971, 0.887, 0},
		// ROR logs label some strings with retired records, which the
		// contract resolves to their successors ("Université de
		// Franche-Comté", a company's division whose company was renamed):
		// each such row found is a false match here, as
		// is an organisation found in a row left unlabelled (a current
		// address run into a laboratory's name) and one a row of several
		// parties names beside the one labelled (a laboratory written in
		// brackets after its acronym, in a row labelled with its first
		// party alone).
		{"ror_logs_train.csv", gold.FormatRORLogs, 0.798, 0.887, 0.926},
	} {
		rows, err := gold.Read(filepath.Join(d, "gold", "affiliations", tc.file), tc.format)
		if err != nil {
			t.Fatal(err)
		}
		rep := gold.Evaluate(rows, func(s string) []string {
			out, err := r.Resolve(s, resolve.Options{})
			if err != nil {
				return nil
			}
			var ids []string
			for _, o := range out.Orgs {
				ids = append(ids, o.ID)
			}
			return ids
		}, func(id string) bool { return known[id] })
		un := rep.Unmentioned(r.Mentions)
		t.Logf("%s:\n%s\n%d missed labels not mentioned by their string; recall ceiling %.4f", tc.format, rep.Summary(), un, rep.RecallCeiling(un))
		aside := rep.SetAside(func(id string, o gold.Outcome) string { return r.WhyChosen(id, o.Row.Labels) },
			func(id string, o gold.Outcome) string { return r.WhyMissed(id, o.Got) })
		t.Logf("where the labels' policy differs from the resolver's rules:\n%s", aside.Summary())
		for i, o := range rep.False {
			if i == 15 {
				break
			}
			t.Logf("  false %q got %v want %v", o.Row.Input, o.Got, o.Row.Labels)
		}
		for i, o := range rep.Misses {
			if i == 15 {
				break
			}
			t.Logf("  miss %q want %v", o.Row.Input, o.Row.Labels)
		}
		if rep.Precision() < tc.minP || rep.Recall() < tc.minR || rep.AbstainRate() < tc.minAbstain {
			t.Errorf("%s: precision %.4f recall %.4f abstention %.4f below the floors %.3f / %.3f / %.3f",
				tc.format, rep.Precision(), rep.Recall(), rep.AbstainRate(), tc.minP, tc.minR, tc.minAbstain)
		}
	}
}

// The held-out sets write the same organisations otherwise than the
// labelled ones do. Every labelled string the resolver resolves right as
// written is resolved again rewritten as authors and exports also write
// affiliations: all in capitals, all in small letters (exports, forms,
// search boxes), with common words abbreviated ("Univ.", "Dept.", "Inst."),
// as IEEE abbreviates them ("Tech. Univ.", "Electron. Sci.") and as Web of
// Science does, without "of" ("Chinese Univ Hong Kong"), with the country
// as its ISO code ("…, Calgary, CA"),
// with its segments in the opposite order ("University X, Department Y"),
// ending with a full stop, without its commas (typed queries, some PDFs),
// with no-break spaces (Web pages), with two spaces between words
// (justified PDF text), after a footnote's letter run into it (a PDF's
// superscript: "aDepartment …"), with a postcode after it and no town
// ("… School of Medicine 94720"), with bars between its parts as some
// exports write them, in quotes (a search box), after a list's number
// ("1. "), a journal's "Correspondence:" or a list's "and", with a line
// break after each comma, with a typo in its longest word and with that
// word hyphenated where a line broke ("Univ- ersity", from a PDF). The
// first organisation chosen must stay the same in nearly every one;
// without commas, in most. Before the changes that made these hold, 36,
// 69, 63, 60, 11, 772, 158 and 68 of the Crossref strings went wrong (22
// of the S2AFF ones with a full stop, 60 with a broken word; 136, 523
// and 51 after a number, "Correspondence:" and "and"); the floors hold
// what it reaches now.
func TestWrittenOtherwise(t *testing.T) {
	// S2AFF writes an export's tabs and newlines as "#TAB#" and "#N#",
	// in capitals whatever the text's case.
	keepMarks := strings.NewReplacer("#tab#", "#TAB#", "#n#", "#N#")
	marksOut := strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "Ä", "Ae", "Ö", "Oe", "Ü", "Ue", "ß", "ss")
	abbreviate := strings.NewReplacer("University", "Univ.", "Department", "Dept.", "Institute", "Inst.", "Laboratory", "Lab.", "National", "Natl.", "Technology", "Technol.")
	rewritings := []struct {
		name    string
		rewrite func(string) string
		floor   float64
	}{
		{"in capitals", strings.ToUpper, 0.998},
		{"in small letters", func(s string) string { return keepMarks.Replace(strings.ToLower(s)) }, 0.995},
		{"abbreviated", abbreviate.Replace, 0.993},
		{"segments reversed", func(s string) string {
			ps := strings.Split(s, ", ")
			slices.Reverse(ps)
			return strings.Join(ps, ", ")
		}, 0.988},
		{"ending with a full stop", func(s string) string { return s + "." }, 0.999},
		{"without commas", func(s string) string { return strings.ReplaceAll(s, ",", "") }, 0.927},
		{"with no-break spaces", func(s string) string { return strings.ReplaceAll(s, " ", "\u00a0") }, 0.999},
		{"spaced wide", func(s string) string { return strings.ReplaceAll(s, " ", "  ") }, 0.996},
		{"after a footnote's letter", func(s string) string {
			// Inside the brackets S2AFF writes some strings in.
			if rest, ok := strings.CutPrefix(s, "["); ok {
				return "[a" + rest
			}
			return "a" + s
		}, 0.996},
		{"with a telephone number", func(s string) string { return s + ". Tel.: +44 1234 567890" }, 0.998},
		{"with an author's note", func(s string) string { return s + ". Corresponding author." }, 0.998},
		{"after journals' 'From the'", func(s string) string {
			// Inside the brackets S2AFF writes some strings in.
			if rest, ok := strings.CutPrefix(s, "["); ok {
				return "[From the " + rest
			}
			return "From the " + s
		}, 0.995},
		{"decoded twice", func(s string) string {
			// Its UTF-8 read once more as Windows-1252 ("UniversitÃ¤t").
			t, err := charmap.Windows1252.NewDecoder().String(s)
			if err != nil {
				return s
			}
			return t
		}, 0.999},
		{"with footnotes' marks", func(s string) string {
			// A raised number opening it, a star after each part.
			return "¹ " + strings.ReplaceAll(s, ", ", "*, ") + "†"
		}, 0.998},
		{"with footnotes' numbers glued on", func(s string) string {
			// As text taken from a PDF has them ("Physics1, University2").
			s = strings.ReplaceAll(s, ", ", "1, ")
			if r, _ := utf8.DecodeLastRuneInString(s); unicode.IsLetter(r) {
				s += "2"
			}
			return s
		}, 0.993},
		{"with a footnote's number after it", func(s string) string {
			if r, _ := utf8.DecodeLastRuneInString(s); unicode.IsLetter(r) {
				return s + " 1"
			}
			return s
		}, 0.995},
		{"with a postcode after it", func(s string) string {
			// Five digits after the last part, whatever it is: the
			// country ("China 100084"), a town or the organisation.
			if r, _ := utf8.DecodeLastRuneInString(s); unicode.IsLetter(r) {
				return s + " 94720"
			}
			return s
		}, 0.99},
		{"with bars between its parts", func(s string) string { return strings.ReplaceAll(s, ", ", " | ") }, 0.995},
		{"with its last part in brackets", func(s string) string {
			// "Department of X (Y University)", as forms and some
			// journals write a unit's organisation.
			if i := strings.LastIndex(s, ", "); i > 0 {
				return s[:i] + " (" + s[i+2:] + ")"
			}
			return s
		}, 0.985},
		{"in quotes", func(s string) string { return `"` + s + `"` }, 0.999},
		// A list's number, a journal's label and a list's "and" before
		// it, as lists and author notes cut apart leave them.
		{"after a list's number", func(s string) string { return "1. " + s }, 0.999},
		{"after 'Correspondence:'", func(s string) string { return "Correspondence: " + s }, 0.999},
		{"after a list's 'and'", func(s string) string { return "and " + s }, 0.999},
		{"a line to each part", func(s string) string { return strings.ReplaceAll(s, ", ", ",\n") }, 0.997},
		{"with German's marks written out", marksOut.Replace, 0.999},
		{"in title case", func(s string) string {
			// Every word opening with a capital ("… Of …", "… And …").
			ws := strings.Split(s, " ")
			for i, w := range ws {
				if r, n := utf8.DecodeRuneInString(w); unicode.IsLower(r) {
					ws[i] = string(unicode.ToUpper(r)) + w[n:]
				}
			}
			return strings.Join(ws, " ")
		}, 0.999},
		{"abbreviated as IEEE does", abbreviateWords(map[string]string{
			"National": "Nat.", "Information": "Inf.", "Electrical": "Electr.", "Electronic": "Electron.", "Engineering": "Eng.",
			"Computer": "Comput.", "Science": "Sci.", "Sciences": "Sci.", "Technology": "Technol.", "Technical": "Tech.",
			"Communication": "Commun.", "Communications": "Commun.", "Research": "Res.", "Laboratory": "Lab.", "Institute": "Inst.",
			"Physics": "Phys.", "Chemistry": "Chem.", "Department": "Dept.", "University": "Univ.", "College": "Coll.", "School": "Sch.",
			"Academy": "Acad.", "International": "Int.", "Medical": "Med.", "Applied": "Appl.", "Mathematics": "Math.",
			"Mechanical": "Mech.", "Systems": "Syst.", "Automation": "Autom.", "Materials": "Mater.",
		}), 0.994},
		{"abbreviated as indexes do, without 'of'", abbreviateWords(map[string]string{
			"University": "Univ", "Department": "Dept", "Institute": "Inst", "Laboratory": "Lab", "National": "Natl",
			"Science": "Sci", "Sciences": "Sci", "Technology": "Technol", "Research": "Res", "Center": "Ctr", "Centre": "Ctr",
			"Hospital": "Hosp", "Medical": "Med", "Medicine": "Med", "College": "Coll", "School": "Sch", "Engineering": "Engn",
			"Physics": "Phys", "Chemistry": "Chem", "Biology": "Biol", "Academy": "Acad", "Health": "Hlth",
			// Web of Science leaves these out or writes them so.
			"of": "", "the": "", "for": "", "in": "", "The": "", "and": "&",
		}), 0.991},
		{"with its country's ISO code", func(s string) string {
			// As ORCID and other exports write the country.
			k := strings.LastIndex(s, ", ")
			if k < 0 {
				return s
			}
			if code, ok := isoCodes[s[k+2:]]; ok {
				return s[:k+2] + code
			}
			return s
		}, 0.999},
		{"with a typo", typo(8, func(w string) string { return w[:3] + w[4:] }), 0.978},
		{"with a letter doubled", typo(6, func(w string) string { return w[:4] + w[3:] }), 0.988},
		{"with one letter written for another", typo(8, func(w string) string {
			c := "x"
			if w[4] == 'x' {
				c = "q"
			}
			return w[:4] + c + w[5:]
		}), 0.984},
		{"with two letters swapped", typo(6, func(w string) string { return w[:3] + w[4:5] + w[3:4] + w[5:] }), 0.98},
		// Hyphenated where a line broke, as text taken from a PDF has it
		// ("Agri- cultural").
		{"with a word broken at a line's end", typo(8, func(w string) string { return w[:4] + "- " + w[4:] }), 0.995},
	}
	r, _, d := realResolver(t)
	first := func(s string) string {
		res, err := r.Resolve(s, resolve.Options{})
		if err != nil || len(res.Orgs) == 0 {
			return ""
		}
		return res.Orgs[0].ID
	}
	for _, tc := range []struct{ file, format string }{
		{"crossref_train.csv", gold.FormatCrossref},
		{"s2aff_train_val.csv", gold.FormatS2AFF},
	} {
		rows, err := gold.Read(filepath.Join(d, "gold", "affiliations", tc.file), tc.format)
		if err != nil {
			t.Fatal(err)
		}
		right := 0
		same := make([]int, len(rewritings))
		for _, row := range rows {
			id := first(row.Input)
			if id == "" || !slices.Contains(row.Labels, id) {
				continue
			}
			right++
			for i, rw := range rewritings {
				if first(rw.rewrite(row.Input)) == id {
					same[i]++
				}
			}
		}
		for i, rw := range rewritings {
			rate := float64(same[i]) / float64(right)
			t.Logf("%s: %d resolved right as written; %s the same %d (%.4f)", tc.format, right, rw.name, same[i], rate)
			if rate < rw.floor {
				t.Errorf("%s %s: %.4f below the floor %.3f", tc.format, rw.name, rate, rw.floor)
			}
		}
	}
}

// The issue asks that Chinese-script affiliations resolve as well as
// English ones wherever the registry has the Chinese name. Every active
// registry organisation with a name in the language is resolved from that
// name and from its English display name, and a university's or
// institute's name also with a unit written after it, as authors write
// them (a school, 学院, as in "哈尔滨工业大学航天学院"; an institute's
// laboratory; a Japanese graduate school, or a major in one; a Korean
// college, or a clinical department in a medical school): the rates in
// the language must not fall behind the English one. Japanese and Korean
// names are held to the same.
func TestCJKAsEnglish(t *testing.T) {
	r, _, _ := realResolver(t)
	orgs := resOrgs // the registry the resolver was built from
	finds := func(s, id string) bool {
		res, err := r.Resolve(s, resolve.Options{})
		if err != nil {
			return false
		}
		for _, o := range res.Orgs {
			if o.ID == id {
				return true
			}
		}
		return false
	}
	for _, tc := range []struct {
		lang  string
		units map[string][]string // units written after names ending so
		minN  int                 // organisations the subset holds, at least
	}{
		{"zh", map[string][]string{"大学": {"计算机学院"}, "研究所": {"重点实验室"}, "研究院": {"重点实验室"}}, 500},
		{"ja", map[string][]string{"大学": {"大学院理学系研究科", " 工学研究科 機械工学専攻"}}, 1000},
		{"ko", map[string][]string{"대학교": {" 공과대학", " 의과대학 내과학교실"}}, 200},
	} {
		var n, own, en, nUnit, unit int
		for _, o := range orgs {
			if o.Status != registry.StatusActive {
				continue
			}
			name := ""
			for _, nm := range o.Names {
				if strings.HasPrefix(nm.Lang, tc.lang) && !isLatin(nm.Value) {
					name = nm.Value
					break
				}
			}
			display := o.DisplayName()
			if name == "" || !isLatin(display) {
				continue
			}
			n++
			if finds(name, o.ID) {
				own++
			}
			if finds(display, o.ID) {
				en++
			}
			for end, us := range tc.units {
				if !strings.HasSuffix(name, end) {
					continue
				}
				for _, u := range us {
					nUnit++
					if finds(name+u, o.ID) {
						unit++
					}
				}
			}
		}
		if n < tc.minN || nUnit < 50 {
			t.Fatalf("%s: only %d organisations with such a name (%d with a unit): is this the registry subset?", tc.lang, n, nUnit)
		}
		rate := func(a, b int) float64 { return float64(a) / float64(b) }
		t.Logf("%s: %d organisations: own name %.3f, English display name %.3f; %d with a unit after the name %.3f",
			tc.lang, n, rate(own, n), rate(en, n), nUnit, rate(unit, nUnit))
		if rate(own, n) < rate(en, n)-0.005 || rate(unit, nUnit) < rate(en, n)-0.02 {
			t.Errorf("%s names resolve less well than English ones: %.3f and %.3f (with a unit) against %.3f", tc.lang, rate(own, n), rate(unit, nUnit), rate(en, n))
		}
	}
}

// isLatin reports whether s is written in Latin script (ASCII or Latin
// letters with diacritics), not in Chinese, Japanese or Korean.
func isLatin(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) {
			return false
		}
	}
	return true
}

// Every active registry organisation is resolved from its own display
// name, as an author might write it alone. The labelled sets sample what
// authors write; this covers every organisation the registry holds, and
// catches a change that loses names no labelled row happens to contain
// (names made of common words, such as "Chinese Academy of Medical
// Sciences"). Names several organisations share are left out: abstaining
// on them is right, as it is on a name a far more prominent organisation
// holds with its town or country ("National University", "University of
// Technology"), which the floor allows for. The floors hold what
// resolution reaches today.
func TestDisplayNames(t *testing.T) {
	r, _, _ := realResolver(t)
	orgs := resOrgs // the registry the resolver was built from
	holders := map[string]int{}
	for _, o := range orgs {
		seen := map[string]bool{}
		for _, n := range o.Names {
			if k := strings.ToLower(n.Value); !seen[k] {
				seen[k] = true
				holders[k]++
			}
		}
	}
	var n, found, other int
	for _, o := range orgs {
		name := o.DisplayName()
		if o.Status != registry.StatusActive || holders[strings.ToLower(name)] > 1 {
			continue
		}
		n++
		res, err := r.Resolve(name, resolve.Options{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		switch {
		case slices.ContainsFunc(res.Orgs, func(x resolve.Org) bool { return x.ID == o.ID }):
			found++
		case len(res.Orgs) > 0:
			other++
		}
	}
	rate := float64(found) / float64(n)
	t.Logf("%d display names: %d resolve to their organisation (%.4f), %d to another", n, found, rate, other)
	if n < 30000 || rate < 0.998 || other > 3 {
		t.Errorf("%d display names: found %.4f (floor 0.998), another organisation chosen %d times (ceiling 3)", n, rate, other)
	}
}

// The registry cannot hold every organisation a string names: a string
// that names one it does not hold should resolve to nothing, or to a
// parent, unit or other organisation the registry relates to it, not to
// an unrelated one whose name is close. leftOut organisations (active ones,
// drawn with a fixed seed) are left out of the registry and each one's
// display name is resolved, alone and after a department ("Department of
// Physics, …"). Namesakes (an organisation left in whose name is the
// same) are not counted. The ceiling holds what resolution reaches today
// (session 47: 462 of 6,000 strings resolve to an unrelated organisation,
// 578 at its start; 178 to a related one); it catches a change that
// guesses more.
func TestRegistryLeftOut(t *testing.T) {
	_, _, _ = realResolver(t)
	const leftOut = 3000
	rng := rand.New(rand.NewSource(7))
	out := map[int]bool{}
	for len(out) < leftOut {
		if i := rng.Intn(len(resOrgs)); resOrgs[i].Status == registry.StatusActive {
			out[i] = true
		}
	}
	var kept []registry.Org
	for i, o := range resOrgs {
		if !out[i] {
			kept = append(kept, o)
		}
	}
	related := func(a, b registry.Org) bool {
		return slices.ContainsFunc(a.Relationships, func(x registry.Relationship) bool { return x.ID == b.ID }) ||
			slices.ContainsFunc(b.Relationships, func(x registry.Relationship) bool { return x.ID == a.ID })
	}
	byID := map[string]registry.Org{}
	for _, o := range resOrgs {
		byID[o.ID] = o
	}
	r := resolve.New(kept)
	var strs, chose, rel, unrelated int
	for i := range out {
		o := resOrgs[i]
		for _, s := range []string{o.DisplayName(), "Department of Physics, " + o.DisplayName()} {
			strs++
			res, err := r.Resolve(s, resolve.Options{})
			if err != nil {
				t.Fatalf("%q: %v", s, err)
			}
			if len(res.Orgs) > 0 {
				chose++
			}
			for _, c := range res.Orgs {
				switch {
				case strings.EqualFold(c.Name, o.DisplayName()):
					// A namesake left in: the string names it too.
				case related(o, byID[c.ID]):
					rel++
				default:
					unrelated++
				}
			}
		}
	}
	t.Logf("%d organisations left out, %d strings: %d resolved, to %d related and %d unrelated organisations", leftOut, strs, chose, rel, unrelated)
	if unrelated > 475 {
		t.Errorf("%d of %d strings naming an organisation the registry does not hold chose an unrelated one (ceiling 475)", unrelated, strs)
	}
}

// typo returns a rewriting that changes, with change, the longest word of
// the string of min bytes or more written in ASCII ("Calfornia" for
// "California" when change drops the fourth letter).
// isoCodes are countries' ISO 3166-1 codes by the names affiliations
// write them with.
var isoCodes = map[string]string{
	"USA": "US", "United States": "US", "China": "CN", "P.R. China": "CN", "Germany": "DE", "Canada": "CA", "India": "IN",
	"Japan": "JP", "France": "FR", "United Kingdom": "GB", "UK": "GB", "Italy": "IT", "Spain": "ES", "Australia": "AU",
	"Netherlands": "NL", "The Netherlands": "NL", "Switzerland": "CH", "Brazil": "BR", "South Korea": "KR", "Korea": "KR",
	"Sweden": "SE", "Belgium": "BE", "Austria": "AT", "Denmark": "DK", "Israel": "IL", "Poland": "PL", "Norway": "NO",
}

// abbreviateWords returns a rewriting that writes each word abbrs holds,
// before any comma or semicolon after it, as abbrs gives it; a word given
// as "" is left out.
func abbreviateWords(abbrs map[string]string) func(string) string {
	return func(s string) string {
		ws := strings.Split(s, " ")
		out := ws[:0]
		for _, w := range ws {
			core := strings.TrimRight(w, ",;")
			if a, ok := abbrs[core]; ok {
				if a == "" && core == w {
					continue
				}
				w = a + w[len(core):]
			}
			out = append(out, w)
		}
		return strings.Join(out, " ")
	}
}

func typo(min int, change func(string) string) func(string) string {
	return func(s string) string {
		ws := strings.Split(s, " ")
		k := -1
		for i, w := range ws {
			if len(w) >= min && (k < 0 || len(w) > len(ws[k])) && ascii(w) {
				k = i
			}
		}
		if k >= 0 {
			ws[k] = change(ws[k])
		}
		return strings.Join(ws, " ")
	}
}

func ascii(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// Held-out strings name organisations the labelled sets do not, so every
// prominent active registry organisation (two records or more relate to
// it) is also written back as authors write an affiliation: its display
// name or its acronym, after a unit's name, with its town, its region and
// its country, or with its town alone; or its display name after a
// unit's words with no comma between. Choosing another organisation is
// wrong; choosing none is allowed (an acronym several organisations of one
// town hold names none of them). Before the changes that made these hold,
// 150 of the acronyms written with their region had gone to another
// organisation (a region read as the name of a research centre's regional
// branch), a code such as "UMR 7095" with its town to the university named
// after the town, and an acronym twelve state universities hold to the
// most prominent one, whatever the town; and a town or region ending the
// name after a word ("Fisheries NAME") was read as the address in 157 of
// the names, against 113 after session 38. The ceilings hold what it
// reaches now.
func TestRegistryWrittenBack(t *testing.T) {
	r, _, _ := realResolver(t)
	prominent := prominentOrgs()
	display := func(o registry.Org) []string { return []string{o.DisplayName()} }
	acronyms := func(o registry.Org) []string {
		var out []string
		for _, n := range o.Names {
			if n.Has(registry.NameAcronym) {
				out = append(out, n.Value)
			}
		}
		return out
	}
	for _, tc := range []struct {
		form     string
		names    func(registry.Org) []string
		what     string
		maxWrong float64
	}{
		{"Department of Chemistry, NAME, CITY, COUNTRY", display, "display name", 0.0025},
		{"NAME, CITY", display, "display name", 0.0020},
		{"Department of Chemistry, NAME, CITY, REGION, COUNTRY", display, "display name", 0.0027},
		{"Department of Chemistry, NAME, CITY, COUNTRY", acronyms, "acronym", 0.0060},
		{"NAME, CITY", acronyms, "acronym", 0.0054},
		{"Department of Chemistry, NAME, CITY, REGION, COUNTRY", acronyms, "acronym", 0.0062},
		{"Fisheries NAME", display, "display name", 0.025},
		{"Marine Research Unit NAME", display, "display name", 0.009},
	} {
		total, wrong, none := 0, 0, 0
		for _, o := range prominent {
			for _, n := range tc.names(o) {
				s := strings.NewReplacer("NAME", n, "CITY", o.City, "REGION", o.Region, "COUNTRY", o.CountryName).Replace(tc.form)
				res, err := r.Resolve(s, resolve.Options{})
				if err != nil {
					t.Fatalf("Resolve(%q): %v", s, err)
				}
				total++
				switch {
				case len(res.Orgs) == 0:
					none++
				case !slices.ContainsFunc(res.Orgs, func(x resolve.Org) bool { return x.ID == o.ID }):
					wrong++
				}
			}
		}
		rate := float64(wrong) / float64(total)
		t.Logf("%q by %s: %d written, %d another organisation (%.4f), %d none", tc.form, tc.what, total, wrong, rate, none)
		if total == 0 || rate > tc.maxWrong {
			t.Errorf("%q by %s: %.4f went to another organisation, above the ceiling %.4f", tc.form, tc.what, rate, tc.maxWrong)
		}
	}
}

// TestRegistryPairsWrittenTogether writes two registry organisations of
// one country in one string, the ways affiliations join two (a
// semicolon; "and" after the first one's town, with and without a comma;
// "/" after the first one's country; "X and Y" before the country; ", and"
// after the first one's name), and
// counts the strings in which both are chosen. Each prominent active
// teaching organisation with a town is paired with the next one of its
// country, 97 places on in the registry's order. Before session 37's
// readings, "and" after a town chose both in 2-3% of the strings, "/"
// after a country in 0.6% and "X and Y" in 86%; before session 38's, ", and"
// after a name in 3%. The floors hold what it reaches now.
func TestRegistryPairsWrittenTogether(t *testing.T) {
	r, _, _ := realResolver(t)
	var eligible []registry.Org
	for _, o := range prominentOrgs() {
		if slices.Contains(o.Types, "education") {
			eligible = append(eligible, o)
		}
	}
	const step = 97
	type pair struct{ a, b registry.Org }
	var pairs []pair
	for k, a := range eligible {
		for d := 1; d < len(eligible); d++ {
			if b := eligible[(k+d*step)%len(eligible)]; b.CountryName == a.CountryName && b.ID != a.ID {
				pairs = append(pairs, pair{a, b})
				break
			}
		}
	}
	for _, tc := range []struct {
		form    string
		minBoth float64
	}{
		{"NAME1, TOWN1, COUNTRY; NAME2, TOWN2, COUNTRY", 0.985},
		{"Department of Physics, NAME1, TOWN1, and NAME2, TOWN2, COUNTRY", 0.95},
		{"Department of Physics, NAME1, TOWN1 and NAME2, TOWN2, COUNTRY", 0.94},
		{"NAME1, TOWN1, COUNTRY / NAME2, TOWN2, COUNTRY", 0.98},
		{"NAME1 and NAME2, COUNTRY", 0.89},
		{"Department of Physics, NAME1, and NAME2, TOWN2, COUNTRY", 0.93},
	} {
		both := 0
		for _, p := range pairs {
			s := strings.NewReplacer("NAME1", p.a.DisplayName(), "TOWN1", p.a.City, "NAME2", p.b.DisplayName(), "TOWN2", p.b.City, "COUNTRY", p.a.CountryName).Replace(tc.form)
			res, err := r.Resolve(s, resolve.Options{})
			if err != nil {
				t.Fatalf("Resolve(%q): %v", s, err)
			}
			has := func(id string) bool {
				return slices.ContainsFunc(res.Orgs, func(x resolve.Org) bool { return x.ID == id })
			}
			if has(p.a.ID) && has(p.b.ID) {
				both++
			}
		}
		rate := float64(both) / float64(len(pairs))
		t.Logf("%q: %d pairs, both chosen in %d (%.4f)", tc.form, len(pairs), both, rate)
		if len(pairs) == 0 || rate < tc.minBoth {
			t.Errorf("%q: both chosen in %.4f, below the floor %.4f", tc.form, rate, tc.minBoth)
		}
	}
}

// prominentOrgs returns the registry organisations the written-back tests
// write: active, with a town, and related to by two records or more. Call
// it after realResolver.
func prominentOrgs() []registry.Org {
	refs := map[string]int{}
	for _, o := range resOrgs {
		for _, x := range o.Relationships {
			refs[x.ID]++
		}
	}
	var out []registry.Org
	for _, o := range resOrgs {
		if o.Status == registry.StatusActive && refs[o.ID] >= 2 && o.City != "" {
			out = append(out, o)
		}
	}
	return out
}

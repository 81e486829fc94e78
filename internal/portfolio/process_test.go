package portfolio

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/collabcheck/collabcheck/internal/resolving"
	"github.com/collabcheck/collabcheck/internal/store"
)

// smallPortfolio is an invented portfolio in OpenAlex form. Line 3 is
// malformed.
var smallPortfolio = strings.Join([]string{
	// Direct hit through the string; the clean co-author is not flagged.
	`{"id":"W1","title":"Hypersonic vehicle guidance and control","publication_year":2022,"authorships":[` +
		`{"author":{"display_name":"Ada Field"},"raw_affiliation_strings":["School of Flight Dynamics, Northfield Institute of Aerodynamics, Harbin, China"]},` +
		`{"author":{"display_name":"Bo Lake"},"raw_affiliation_strings":["Riverside University of Agriculture, Wageningen"]}]}`,
	// Via the registry parent, given as OpenAlex's ROR id.
	`{"id":"W2","title":"Crop yield forecasting under drought","publication_year":2023,"authorships":[` +
		`{"author":{"display_name":"Cy Moss"},"institutions":[{"id":"I3","ror":"https://ror.org/0aaaaaa03","country_code":"CN"}],"raw_affiliation_strings":["Avionics Lab, Greystone Avionics Research Laboratory, Xian"]}]}`,
	`{"id":"W3", "title": broken`,
	// Via the registry parent, resolved from the string alone.
	`{"id":"W4","title":"Soil microbial diversity","publication_year":2021,"authorships":[` +
		`{"author":{"display_name":"Di Reed"},"raw_affiliation_strings":["Greystone Avionics Research Laboratory, Xian, China"]}]}`,
	// Not in the registry: screened directly against the list.
	`{"id":"W5","title":"Rocket engine combustion instability","publication_year":2020,"authorships":[` +
		`{"author":{"display_name":"Ed Stone"},"raw_affiliation_strings":["Blackwater Propulsion Academy"]}]}`,
	// Clean: repeats the clean string (memoised) and a direct-hit string
	// written differently (one resolution by key).
	`{"id":"W6","title":"Wetland methane emissions","publication_year":2020,"authorships":[` +
		`{"author":{"display_name":"Bo Lake"},"raw_affiliation_strings":["riverside university of agriculture,  wageningen"]},` +
		`{"author":{"display_name":"Ada Field"},"raw_affiliation_strings":["School of Flight Dynamics, Northfield Institute of Aerodynamics, Harbin, China."]}]}`,
}, "\n") + "\n"

// countingResolver counts resolutions, to check each distinct string is
// resolved once.
type countingResolver struct {
	Resolver
	n     atomic.Int64
	mu    chan struct{}
	byKey map[string]int
}

func (c *countingResolver) Resolve(s string) (resolving.Result, error) {
	c.n.Add(1)
	c.mu <- struct{}{}
	c.byKey[Key(s)]++
	<-c.mu
	return c.Resolver.Resolve(s)
}

func runSmall(t *testing.T, w *world, opt Options) (store.PortfolioSummary, []store.PortfolioFinding) {
	t.Helper()
	rd, err := NewReader(strings.NewReader(smallPortfolio), FormatOpenAlex)
	if err != nil {
		t.Fatal(err)
	}
	var fs []store.PortfolioFinding
	opt.Save = func(_ context.Context, c store.PortfolioChunk) error {
		fs = append(fs, c.Findings...)
		return nil
	}
	sum, err := w.eng.Run(context.Background(), rd, opt)
	if err != nil {
		t.Fatal(err)
	}
	return sum, fs
}

func TestProcessSmallPortfolio(t *testing.T) {
	w := newWorld(t)
	cr := &countingResolver{Resolver: w.rs, mu: make(chan struct{}, 1), byKey: map[string]int{}}
	w.eng.Resolver = cr
	sum, fs := runSmall(t, w, Options{Workers: 3, ChunkSize: 2})

	if sum.Malformed != 1 || len(sum.MalformedLines) != 1 || sum.MalformedLines[0].Line != 3 {
		t.Errorf("malformed %d %v, want line 3", sum.Malformed, sum.MalformedLines)
	}
	if sum.Works != 5 || sum.Strings != 7 {
		t.Errorf("works %d strings %d, want 5 and 7", sum.Works, sum.Strings)
	}
	// 7 strings, 5 distinct keys: the two repeats differ only in case,
	// spacing and a final full stop.
	if sum.Distinct != 5 {
		t.Errorf("distinct %d, want 5", sum.Distinct)
	}
	for k, n := range cr.byKey {
		if n > 1 {
			t.Errorf("%q resolved %d times, want once", k, n)
		}
	}
	if cr.n.Load() != 4 {
		t.Errorf("%d string resolutions, want 4 (the ROR-given affiliation is looked up by id)", cr.n.Load())
	}

	byPerson := map[string]store.PortfolioFinding{}
	for _, f := range fs {
		if _, dup := byPerson[f.Person+f.WorkID]; dup {
			t.Errorf("duplicate finding for %s on %s", f.Person, f.WorkID)
		}
		byPerson[f.Person+f.WorkID] = f
	}
	if len(fs) != 5 {
		var got []string
		for _, f := range fs {
			got = append(got, f.Person+"@"+f.WorkID+"→"+f.PartnerName)
		}
		sort.Strings(got)
		t.Fatalf("findings %v, want Ada on W1 and W6, Cy on W2, Di on W4, Ed on W5", got)
	}
	direct := byPerson["Ada FieldW1"]
	if direct.PartnerID != rorNorthfield || len(direct.Hits) != 1 || direct.Hits[0].SourceID != "L1" || len(direct.Hits[0].Via) != 0 ||
		direct.Hits[0].List != testList || !equal(direct.Hits[0].Programs, []string{"PROG-A"}) {
		t.Errorf("direct finding %+v", direct)
	}
	if direct.Department != "School of Flight Dynamics" || direct.Year != 2022 || direct.Line != 1 || !equal(direct.Coauthors, []string{"Bo Lake"}) {
		t.Errorf("direct finding's department, year, line or coauthors: %+v", direct)
	}
	if len(direct.Areas) == 0 {
		t.Errorf("a hypersonic guidance title got no sensitive area: %+v", direct.Areas)
	}
	for _, key := range []string{"Cy MossW2", "Di ReedW4"} {
		f := byPerson[key]
		if f.PartnerID != rorGreyLab || len(f.Hits) != 1 || f.Hits[0].SourceID != "L2" || len(f.Hits[0].Via) == 0 ||
			!strings.HasPrefix(f.Hits[0].Via[0], "parent: Greystone Defence Industries Group") {
			t.Errorf("%s: want the lab flagged via its parent, got %+v", key, f)
		}
	}
	if f := byPerson["Ed StoneW5"]; f.PartnerID != "" || f.PartnerName != "Blackwater Propulsion Academy" || f.Hits[0].SourceID != "L3" {
		t.Errorf("unresolved listed string: %+v", f)
	}
	if _, ok := byPerson["Bo LakeW1"]; ok {
		t.Error("the unlisted co-author was flagged")
	}
	if sum.Resolved != 4 || sum.Flagged != 4 {
		t.Errorf("resolved %d flagged %d distinct strings, want 4 and 4", sum.Resolved, sum.Flagged)
	}
	if f := byPerson["Cy MossW2"]; !contains(f.Fields, "agrifood") {
		t.Errorf("a crop yield paper's finding has fields %v, want agrifood", f.Fields)
	}
	// Every work is classified, flagged or not: W6 (wetland methane) is
	// clean and counts towards climate.
	if sum.WorksByField["climate_environment"] == 0 {
		t.Errorf("works by field %v: want climate_environment counted", sum.WorksByField)
	}
}

func equal(a, b []string) bool { return strings.Join(a, "\x00") == strings.Join(b, "\x00") }

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// TestProcessResume interrupts a run after its first chunk and resumes
// it: the chunks saved are skipped, and the findings of both attempts
// together equal those of an uninterrupted run.
func TestProcessResume(t *testing.T) {
	w := newWorld(t)
	_, all := runSmall(t, w, Options{ChunkSize: 2})

	done := map[int]bool{}
	var first []store.PortfolioFinding
	boom := errors.New("crash")
	rd, _ := NewReader(strings.NewReader(smallPortfolio), FormatOpenAlex)
	_, err := w.eng.Run(context.Background(), rd, Options{ChunkSize: 2, Save: func(_ context.Context, c store.PortfolioChunk) error {
		if c.Chunk == 1 {
			return boom
		}
		done[c.Chunk] = true
		first = append(first, c.Findings...)
		return nil
	}})
	if !errors.Is(err, boom) {
		t.Fatalf("interrupted run: err %v, want the save error", err)
	}
	var second []store.PortfolioFinding
	var skipped int
	rd, _ = NewReader(strings.NewReader(smallPortfolio), FormatOpenAlex)
	_, err = w.eng.Run(context.Background(), rd, Options{ChunkSize: 2, Done: func(c int) bool { return done[c] },
		Save: func(_ context.Context, c store.PortfolioChunk) error {
			if done[c.Chunk] {
				t.Errorf("chunk %d processed again", c.Chunk)
			}
			second = append(second, c.Findings...)
			return nil
		},
		Progress: func(p Progress) { skipped = p.Skipped }})
	if err != nil {
		t.Fatal(err)
	}
	if skipped != 1 {
		t.Errorf("skipped %d chunks, want 1", skipped)
	}
	got := append(first, second...)
	if fmt.Sprint(keys(got)) != fmt.Sprint(keys(all)) {
		t.Errorf("resumed findings %v, want %v", keys(got), keys(all))
	}
}

func keys(fs []store.PortfolioFinding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.WorkID+"/"+f.Person+"/"+f.PartnerName)
	}
	sort.Strings(out)
	return out
}

func TestProcessCancel(t *testing.T) {
	w := newWorld(t)
	ctx, cancel := context.WithCancel(context.Background())
	rd, _ := NewReader(strings.NewReader(smallPortfolio), FormatOpenAlex)
	chunks := 0
	_, err := w.eng.Run(ctx, rd, Options{ChunkSize: 1, Save: func(context.Context, store.PortfolioChunk) error {
		chunks++
		cancel()
		return nil
	}})
	if !errors.Is(err, context.Canceled) || chunks != 1 {
		t.Errorf("cancelled after the first chunk: err %v after %d chunks, want context.Canceled after 1", err, chunks)
	}
}

// The engine refuses to run without its parts rather than panic.
func TestEngineIncomplete(t *testing.T) {
	rd, _ := NewReader(strings.NewReader(smallPortfolio), FormatOpenAlex)
	if _, err := (&Engine{}).Run(context.Background(), rd, Options{}); err == nil {
		t.Error("an empty engine ran")
	}
}

func TestCoauthors(t *testing.T) {
	w := &Work{Authors: []Author{{Name: "Ada"}, {Name: "Bo"}, {Name: "Ada"}, {Name: ""}, {Name: "Bo"}, {Name: "Cy"}}}
	if got := coauthors(w, 0); !equal(got, []string{"Bo", "Cy"}) {
		t.Errorf("coauthors of Ada = %v, want [Bo Cy]: each other author once, not Ada's second row", got)
	}
}

// TestProcessMemoBound runs with room for one remembered string: the
// findings are the same, and strings past the bound are resolved again.
func TestProcessMemoBound(t *testing.T) {
	w := newWorld(t)
	_, all := runSmall(t, w, Options{})
	cr := &countingResolver{Resolver: w.rs, mu: make(chan struct{}, 1), byKey: map[string]int{}}
	w.eng.Resolver = cr
	_, bounded := runSmall(t, w, Options{MaxMemo: 1, ChunkSize: 1})
	if fmt.Sprint(keys(bounded)) != fmt.Sprint(keys(all)) {
		t.Errorf("findings with a bounded memo %v, want %v", keys(bounded), keys(all))
	}
	if cr.n.Load() <= 4 {
		t.Errorf("%d resolutions with a memo of one: want repeats resolved again", cr.n.Load())
	}
}

// A listed laboratory written beside a university in one affiliation
// ("X University, Y Laboratory, Town") is flagged, though the university
// is the organisation chosen for the string, as labelled affiliations
// choose it.
func TestListedBesideUniversity(t *testing.T) {
	uni := org("https://ror.org/0aaaaaa05", "Songhua River University", "cn", "Harbin")
	lab := org("https://ror.org/0aaaaaa06", "Blackridge Hypersonics Laboratory", "cn", "Harbin")
	lab.Types = []string{"facility"}
	listed := inventedEntities()[0]
	listed.SourceID, listed.Names[0].Value = "L4", "Blackridge Hypersonics Laboratory"
	w := newWorldWith(t, append(inventedOrgs(), uni, lab), append(inventedEntities(), listed))
	const line = "School of Physics, Songhua River University, Blackridge Hypersonics Laboratory, Harbin, China"
	r, err := w.rs.Resolve(line)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Orgs) != 1 || r.Orgs[0].ID != uni.ID || len(r.Hits) != 0 {
		t.Fatalf("chosen %+v with hits %+v, want the university alone, unlisted", r.Orgs, r.Hits)
	}
	if len(r.Named) != 1 || r.Named[0].ID != lab.ID || len(r.NamedHits) != 1 || r.NamedHits[0].SourceID != "L4" {
		t.Fatalf("named %+v with hits %+v, want the laboratory and its listing", r.Named, r.NamedHits)
	}
	fs := runOneLine(t, w, "Hypersonic inlet design", line)
	if len(fs) != 1 || fs[0].PartnerID != lab.ID || len(fs[0].Hits) != 1 || fs[0].Hits[0].SourceID != "L4" {
		t.Errorf("findings %+v, want the laboratory flagged", fs)
	}
}

// A listed organisation the registry does not hold, written beside one it
// does, is screened against the lists by its own name and flagged.
func TestListedUnknownBesideUniversity(t *testing.T) {
	uni := org("https://ror.org/0aaaaaa05", "Songhua River University", "cn", "Harbin")
	w := newWorldWith(t, append(inventedOrgs(), uni), inventedEntities())
	const line = "School of Physics, Songhua River University, Blackwater Propulsion Academy, Harbin, China"
	r, err := w.rs.Resolve(line)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Orgs) != 1 || r.Orgs[0].ID != uni.ID || len(r.UnknownHits) != 1 || r.UnknownHits[0].SourceID != "L3" {
		t.Fatalf("chosen %+v, unknown hits %+v: want the university, and the academy found on the list", r.Orgs, r.UnknownHits)
	}
	two, err := w.rs.Resolve("Songhua River University; Blackwater Propulsion Academy")
	if err != nil {
		t.Fatal(err)
	}
	if len(two.UnknownHits) != 1 || two.UnknownHits[0].SourceID != "L3" {
		t.Errorf("the academy as a party of its own: unknown hits %+v", two.UnknownHits)
	}
	clean, err := w.rs.Resolve("School of Physics, Songhua River University, Institute of Tidal Studies, Harbin, China")
	if err != nil {
		t.Fatal(err)
	}
	if len(clean.UnknownHits) != 0 {
		t.Errorf("an unlisted institute beside the university hit %+v", clean.UnknownHits)
	}
	fs := runOneLine(t, w, "Solid rocket motors", line)
	if len(fs) != 1 || fs[0].PartnerName != "Blackwater Propulsion Academy" || len(fs[0].Hits) != 1 || fs[0].Hits[0].SourceID != "L3" {
		t.Errorf("findings %+v, want the academy flagged", fs)
	}
}

// runOneLine runs a portfolio of one work, titled title, whose one author
// gives affiliation, and returns its findings.
func runOneLine(t *testing.T, w *world, title, affiliation string) []store.PortfolioFinding {
	t.Helper()
	doc := `{"id":"W9","title":"` + title + `","publication_year":2024,"authorships":[` +
		`{"author":{"display_name":"Fei Lin"},"raw_affiliation_strings":["` + affiliation + `"]}]}` + "\n"
	rd, err := NewReader(strings.NewReader(doc), FormatOpenAlex)
	if err != nil {
		t.Fatal(err)
	}
	var fs []store.PortfolioFinding
	if _, err := w.eng.Run(context.Background(), rd, Options{Save: func(_ context.Context, c store.PortfolioChunk) error {
		fs = append(fs, c.Findings...)
		return nil
	}}); err != nil {
		t.Fatal(err)
	}
	return fs
}

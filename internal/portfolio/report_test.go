package portfolio

import (
	"bytes"
	"context"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/collabcheck/collabcheck/internal/assessing"
	"github.com/collabcheck/collabcheck/internal/auth"
	"github.com/collabcheck/collabcheck/internal/cases"
	"github.com/collabcheck/collabcheck/internal/store"
)

func hit(list, id, name string, progs []string, via ...string) store.PortfolioHit {
	return store.PortfolioHit{List: list, SourceID: id, Name: name, Score: 0.95, Programs: progs, Via: via}
}

// reportFindings are invented findings: three works (lines 1, 5, 9),
// two partners, two lists.
func reportFindings() []store.PortfolioFinding {
	return []store.PortfolioFinding{
		{ID: 1, RunID: 7, Line: 1, Title: "=cmd|' /C calc'!A0", Year: 2021, Person: "Ada Field", Department: "School of Flight", Affiliation: "School of Flight, Northfield",
			PartnerID: rorNorthfield, PartnerName: "Northfield", Hits: []store.PortfolioHit{hit("a-list", "L1", "Northfield", []string{"P1"})},
			Areas: []string{"space_satellite"}, Fields: []string{}},
		{ID: 2, RunID: 7, Line: 1, Title: "=cmd|' /C calc'!A0", Year: 2021, Person: "Bo Lake", Affiliation: "Greystone Lab",
			PartnerID: rorGreyLab, PartnerName: "Greystone Lab", Hits: []store.PortfolioHit{hit("b-list", "L2", "Greystone Group", nil, "parent: Greystone Group")},
			Areas: []string{"space_satellite"}, Fields: []string{}},
		{ID: 3, RunID: 7, Line: 5, Title: "Crop yields", Year: 2023, Person: "Ada Field", Department: "School of Flight", Affiliation: "School of Flight, Northfield",
			PartnerID: rorNorthfield, PartnerName: "Northfield", Hits: []store.PortfolioHit{hit("a-list", "L1", "Northfield", []string{"P1"}), hit("b-list", "L9", "Northfield", []string{"P2"})},
			Areas: []string{}, Fields: []string{"agrifood", "climate_environment"}},
		{ID: 4, RunID: 7, Line: 9, Title: "Untitled", Person: "Cy Moss", Affiliation: "Blackwater", PartnerName: "Blackwater",
			Hits: []store.PortfolioHit{hit("a-list", "L3", "Blackwater", nil)}, Areas: []string{}, Fields: []string{}},
	}
}

func each(fs []store.PortfolioFinding) func(func(store.PortfolioFinding) error) error {
	return func(fn func(store.PortfolioFinding) error) error {
		for _, f := range fs {
			if err := fn(f); err != nil {
				return err
			}
		}
		return nil
	}
}

func countOf(cs []Count, key string) Count {
	for _, c := range cs {
		if c.Key == key {
			return c
		}
	}
	return Count{Key: key}
}

func TestAggregate(t *testing.T) {
	run := store.PortfolioRun{ID: 7, Source: "w.jsonl", Format: "openalex", State: store.PortfolioDone}
	r, err := Aggregate(run, each(reportFindings()))
	if err != nil {
		t.Fatal(err)
	}
	if r.Findings != 4 || r.Works != 3 {
		t.Errorf("findings %d works %d, want 4 and 3", r.Findings, r.Works)
	}
	for _, tc := range []struct {
		dim             string
		cs              []Count
		key             string
		findings, works int
	}{
		{"partner", r.ByPartner, "Northfield (" + rorNorthfield + ")", 2, 2},
		{"partner", r.ByPartner, "Blackwater", 1, 1},
		{"list", r.ByList, "a-list", 3, 3},
		{"list", r.ByList, "b-list", 2, 2},
		{"program", r.ByProgram, "a-list: P1", 2, 2},
		{"program", r.ByProgram, "b-list: P2", 1, 1},
		{"area", r.ByArea, "space_satellite", 2, 1},
		{"area", r.ByArea, None, 2, 2},
		{"field", r.ByField, "agrifood", 1, 1},
		{"year", r.ByYear, "2021", 2, 1},
		{"year", r.ByYear, None, 1, 1},
		{"department", r.ByDepartment, "School of Flight", 2, 2},
		{"department", r.ByDepartment, None, 2, 2},
		{"person", r.ByPerson, "Ada Field", 2, 2},
	} {
		c := countOf(tc.cs, tc.key)
		if c.Findings != tc.findings || c.Works != tc.works {
			t.Errorf("%s %q: %d findings in %d works, want %d in %d", tc.dim, tc.key, c.Findings, c.Works, tc.findings, tc.works)
		}
	}
	if r.ByList[0].Key != "a-list" {
		t.Errorf("lists not sorted by findings: %+v", r.ByList)
	}
	if r.ByYear[0].Key != "(none)" || r.ByYear[1].Key != "2021" || r.ByYear[2].Key != "2023" {
		t.Errorf("years not in order: %+v", r.ByYear)
	}

	var html bytes.Buffer
	if err := r.WriteHTML(&html); err != nil {
		t.Fatal(err)
	}
	h := html.String()
	for _, want := range []string{"<h2>Partners</h2>", "Greystone Lab", "via parent: Greystone Group", "School of Flight", "agrifood"} {
		if !strings.Contains(h, want) {
			t.Errorf("HTML report lacks %q", want)
		}
	}
	if n := strings.Count(h, "<svg"); n != 6 {
		t.Errorf("HTML report has %d charts, want 6 (year, list, partner, area, field, department)", n)
	}
	if strings.Contains(h, "<script") {
		t.Error("HTML report has a script element")
	}
}

func TestChartLabel(t *testing.T) {
	if got := chartLabel("Northfield (" + rorNorthfield + ")"); got != "Northfield" {
		t.Errorf("partner label %q: want the name without the ROR id", got)
	}
	long := strings.Repeat("Institute ", 10)
	if got := chartLabel(long); len([]rune(got)) != maxChartLabel || !strings.HasSuffix(got, "…") {
		t.Errorf("long label %q: want %d characters ending in an ellipsis", got, maxChartLabel)
	}
}

func TestExportsReadBack(t *testing.T) {
	fs := reportFindings()
	var buf bytes.Buffer
	if err := WriteCSV(&buf, each(fs)); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatalf("read the CSV export back: %v", err)
	}
	if len(rows) != len(fs)+1 || strings.Join(rows[0], ",") != strings.Join(FindingColumns, ",") {
		t.Fatalf("CSV has %d rows, header %v", len(rows), rows[0])
	}
	col := func(name string) int {
		for i, c := range FindingColumns {
			if c == name {
				return i
			}
		}
		t.Fatalf("no column %s", name)
		return -1
	}
	if got := rows[1][col("title")]; got != "'=cmd|' /C calc'!A0" {
		t.Errorf("formula-like title exported as %q, want it defused with an apostrophe", got)
	}
	if got := rows[3][col("lists")]; got != "a-list; b-list" {
		t.Errorf("lists cell %q", got)
	}
	if got := rows[2][col("via")]; got != "parent: Greystone Group" {
		t.Errorf("via cell %q", got)
	}
	if got := rows[4][col("year")]; got != "" {
		t.Errorf("missing year exported as %q", got)
	}

	r, _ := Aggregate(store.PortfolioRun{ID: 7, Summary: store.PortfolioSummary{Works: 10, Malformed: 1,
		MalformedLines: []store.PortfolioLineError{{Line: 3, Reason: "invalid JSON"}}}}, each(fs))
	buf.Reset()
	if err := WriteXLSX(&buf, r, each(fs)); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("open the XLSX export: %v", err)
	}
	defer x.Close()
	frows, err := x.GetRows("Findings")
	if err != nil {
		t.Fatal(err)
	}
	if len(frows) != len(fs)+1 || frows[1][col("title")] != fs[0].Title || frows[3][col("partner_name")] != "Northfield" {
		t.Errorf("Findings sheet rows %v", frows)
	}
	if f, _ := x.GetCellFormula("Findings", "E2"); f != "" {
		t.Errorf("a title became the formula %q", f)
	}
	if id, _ := x.GetCellValue("Findings", "A5"); id != strconv.FormatInt(fs[3].ID, 10) {
		t.Errorf("finding id cell %q", id)
	}
	lrows, err := x.GetRows("Lists")
	if err != nil {
		t.Fatal(err)
	}
	if len(lrows) != 3 || lrows[1][0] != "a-list" || lrows[1][1] != "3" {
		t.Errorf("Lists sheet %v", lrows)
	}
	srows, _ := x.GetRows("Summary")
	found := false
	for _, row := range srows {
		if len(row) == 2 && strings.Contains(row[1], "3: invalid JSON") {
			found = true
		}
	}
	if !found {
		t.Errorf("Summary sheet lacks the malformed line: %v", srows)
	}
}

func TestFindingToCase(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	tn, err := w.st.CreateTenant(ctx, store.NewTenant{Name: "North University", Kind: auth.Organisation})
	if err != nil {
		t.Fatal(err)
	}
	other, _ := w.st.CreateTenant(ctx, store.NewTenant{Name: "South University", Kind: auth.Organisation})
	u, err := w.st.CreateUser(ctx, store.NewUser{TenantID: tn.ID, Email: "officer@north.example", Name: "Olive Officer", Role: auth.Officer,
		PasswordHash: "$argon2id$v=19$m=65536,t=3,p=2$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U"}) // a well-formed hash of no password in use
	if err != nil {
		t.Fatal(err)
	}
	run, err := w.st.CreatePortfolioRun(ctx, store.PortfolioRun{TenantID: tn.ID, Source: "small.jsonl", Format: "openalex", ChunkSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	rd, _ := NewReader(strings.NewReader(smallPortfolio), FormatOpenAlex)
	if _, err := w.eng.Run(ctx, rd, Options{ChunkSize: 2, Save: func(ctx context.Context, c store.PortfolioChunk) error {
		_, err := w.st.SavePortfolioChunk(ctx, tn.ID, run.ID, c)
		return err
	}}); err != nil {
		t.Fatal(err)
	}
	var via store.PortfolioFinding
	if err := w.st.PortfolioFindings(ctx, tn.ID, run.ID, func(f store.PortfolioFinding) error {
		if f.PartnerID == rorGreyLab && via.ID == 0 {
			via = f
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if via.ID == 0 {
		t.Fatal("no finding for the lab listed through its parent")
	}
	as, err := assessing.New(w.svc, w.eng.Classifier)
	if err != nil {
		t.Fatal(err)
	}
	actor := cases.Actor{UserID: u.ID, TenantID: tn.ID, TenantKind: tn.Kind, Role: u.Role, Name: u.Name, Email: u.Email}
	c, err := CreateCase(ctx, w.st, w.st, as, nil, actor, via.ID, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if c.ID == 0 || c.State != cases.Draft || c.TenantID != tn.ID {
		t.Errorf("case %d in state %s of tenant %d, want a stored draft of tenant %d", c.ID, c.State, c.TenantID, tn.ID)
	}
	if !strings.Contains(c.Collaboration.Title, via.Title) || !strings.Contains(c.Collaboration.Title, "Greystone Avionics Research Laboratory") {
		t.Errorf("case title %q: want the work and the partner", c.Collaboration.Title)
	}
	p := c.Collaboration.Partners
	if len(p) != 2 || p[0].Name != "Greystone Avionics Research Laboratory" || p[1].Name != via.Person || len(p[1].Affiliations) != 1 || p[1].Affiliations[0] != via.Affiliation {
		t.Errorf("case partners %+v: want the flagged organisation and the author with the affiliation", p)
	}
	if len(c.Assessment.Findings) == 0 {
		t.Error("the assessment of a case made from a listed partner has no findings")
	}
	stored, err := w.st.Case(ctx, tn.ID, c.ID)
	if err != nil || stored.Collaboration.Title != c.Collaboration.Title {
		t.Errorf("stored case %+v, %v", stored.Collaboration.Title, err)
	}
	otherActor := cases.Actor{UserID: u.ID, TenantID: other.ID, TenantKind: other.Kind, Role: auth.Officer}
	if _, err := CreateCase(ctx, w.st, w.st, as, nil, otherActor, via.ID, time.Now()); err == nil {
		t.Error("another tenant made a case from this tenant's finding")
	}
}

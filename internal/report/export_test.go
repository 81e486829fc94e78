package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/collabcheck/collabcheck/internal/cases"
	"github.com/collabcheck/collabcheck/internal/match"
	"github.com/collabcheck/collabcheck/internal/screening"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

func TestSafeCell(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"x\")": "'=HYPERLINK(\"x\")", "+1": "'+1", "-2+3": "'-2+3", "@SUM(A1)": "'@SUM(A1)",
		"\tx": "'\tx", "plain": "plain", "": "", "a=b": "a=b", "Zürich": "Zürich",
	} {
		if got := SafeCell(in); got != want {
			t.Errorf("SafeCell(%q) = %q, want %q", in, got, want)
		}
	}
}

func exportCases() []cases.Case {
	a := sampleCase()
	b := sampleCase()
	b.ID, b.State, b.Decision, b.Referral = 43, cases.Submitted, nil, nil
	b.Collaboration.Title = "=cmd|'/C calc'!A0"
	b.Collaboration.Partners[0].Name = "@Évora University"
	return []cases.Case{a, b}
}

func TestCasesCSV(t *testing.T) {
	for _, opt := range []CSVOptions{{}, {BOM: true, Comma: ';'}} {
		var b bytes.Buffer
		if err := WriteCasesCSV(&b, exportCases(), opt); err != nil {
			t.Fatal(err)
		}
		data := b.Bytes()
		if opt.BOM != bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
			t.Errorf("BOM option %v, output starts %q", opt.BOM, data[:3])
		}
		r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))))
		if opt.Comma != 0 {
			r.Comma = opt.Comma
		}
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatalf("read back: %v", err)
		}
		if len(recs) != 3 || len(recs[0]) != len(CaseHeader) {
			t.Fatalf("got %d rows of %d columns", len(recs), len(recs[0]))
		}
		col := func(name string) int {
			for i, h := range recs[0] {
				if h == name {
					return i
				}
			}
			t.Fatalf("no column %q", name)
			return -1
		}
		a, b2 := recs[1], recs[2]
		checks := []struct{ got, want string }{
			{a[col("Case")], "42"},
			{a[col("Title")], "Quantum sensing with Université de Montréal"},
			{a[col("Decided outcome")], "Proceed with mitigations"},
			{a[col("Decided by")], "Søren Kierkegård"},
			{a[col("Decided at")], "2026-03-17T09:30:00Z"},
			{a[col("Differs from recommendation")], "yes"},
			{a[col("Referred to")], "National Protective Advice"},
			{a[col("Partners")], "Université de Montréal; Harbin Institute of Technology"},
			{a[col("Countries")], "CA, CN"},
			{b2[col("Title")], "'=cmd|'/C calc'!A0"},
			{b2[col("Partners")], "'@Évora University; Harbin Institute of Technology"},
			{b2[col("Decided outcome")], ""},
			{b2[col("State")], "Submitted"},
		}
		for _, c := range checks {
			if c.got != c.want {
				t.Errorf("opt %+v: got %q, want %q", opt, c.got, c.want)
			}
		}
	}
}

func TestCasesXLSX(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCasesXLSX(&b, exportCases()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatalf("excelize cannot open the export: %v", err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 1 || got[0] != "Cases" {
		t.Fatalf("sheets %v", got)
	}
	rows, err := f.GetRows("Cases")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || strings.Join(rows[0], "|") != strings.Join(CaseHeader, "|") {
		t.Fatalf("rows %v", rows)
	}
	// Numbers and dates are typed, text is text (no formula).
	if typ, _ := f.GetCellType("Cases", "A2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("case id cell type %v, want number", typ)
	}
	if v, _ := f.GetCellValue("Cases", "A2", excelize.Options{RawCellValue: true}); v != "42" {
		t.Errorf("case id %q", v)
	}
	if v, _ := f.GetCellValue("Cases", "B3"); v != "=cmd|'/C calc'!A0" {
		t.Errorf("title read back as %q", v)
	}
	if fm, _ := f.GetCellFormula("Cases", "B3"); fm != "" {
		t.Errorf("title stored as formula %q", fm)
	}
	raw, _ := f.GetCellValue("Cases", "H2", excelize.Options{RawCellValue: true})
	want := time.Date(2026, 3, 17, 9, 30, 0, 0, time.UTC)
	if d, err := excelize.ExcelDateToTime(mustFloat(t, raw), false); err != nil || !d.Equal(want) {
		t.Errorf("decided at %q = %v (%v), want %v", raw, d, err, want)
	}
	if rows[1][1] != "Quantum sensing with Université de Montréal" {
		t.Errorf("title %q", rows[1][1])
	}
}

func mustFloat(t *testing.T, s string) float64 {
	t.Helper()
	var f float64
	if _, err := fmt.Sscan(s, &f); err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return f
}

func sampleResults() []screening.Result {
	return []screening.Result{
		{Query: "Harbin Inst. of Tech", Matches: []match.Match{{
			List: "us_entity_list", SourceID: "EL-1", Name: "Harbin Institute of Technology", MatchedName: "HIT", Score: 0.93, Match: true,
			Via:         []match.Step{{Relation: "parent", Name: "MIIT"}},
			Explanation: []match.Evidence{{Query: "Inst", List: "Institute", How: "abbreviation"}, {Query: "Harbin", List: "Harbin", How: "exact"}, {How: "country_match", Note: "cn"}},
			Memberships: []watchlist.Membership{{List: "us_entity_list", Program: "EAR"}, {List: "us_entity_list", Program: "EAR"}},
		}, {List: "x", SourceID: "X-9", Name: "Harbin Engineering University", Score: 0.61}}},
		{Query: "-Nobody", Matches: nil},
	}
}

func TestScreeningExports(t *testing.T) {
	var c bytes.Buffer
	if err := WriteScreeningCSV(&c, sampleResults(), CSVOptions{}); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&c).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 4 {
		t.Fatalf("%d records, want header + 3", len(recs))
	}
	r1 := strings.Join(recs[1], "|")
	for _, want := range []string{"Harbin Inst. of Tech|1|yes|us_entity_list|EL-1|Harbin Institute of Technology|HIT|0.93|EAR|parent: MIIT|",
		"Inst ~ Institute (abbreviation); Harbin (exact); country match cn"} {
		if !strings.Contains(r1, want) {
			t.Errorf("row 1 %q lacks %q", r1, want)
		}
	}
	if recs[2][1] != "2" || recs[2][2] != "no" {
		t.Errorf("row 2 %v", recs[2])
	}
	if recs[3][0] != "'-Nobody" || recs[3][10] != "no candidates" {
		t.Errorf("row 3 %v", recs[3])
	}

	var x bytes.Buffer
	if err := WriteScreeningXLSX(&x, sampleResults()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&x)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Screening")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || rows[1][5] != "Harbin Institute of Technology" || rows[3][0] != "-Nobody" {
		t.Errorf("xlsx rows %v", rows)
	}
	if v, _ := f.GetCellValue("Screening", "H2", excelize.Options{RawCellValue: true}); v != "0.93" {
		t.Errorf("score cell %q", v)
	}
}

func TestExportLimit(t *testing.T) {
	big := Table{Header: []string{"a"}, Rows: make([][]any, MaxExportRows+1)}
	if err := WriteCSV(&bytes.Buffer{}, big, CSVOptions{}); err == nil {
		t.Error("CSV: no error above the row limit")
	}
	if err := WriteXLSX(&bytes.Buffer{}, big); err == nil {
		t.Error("XLSX: no error above the row limit")
	}
}

func TestXLSXNoRows(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCasesXLSX(&b, nil); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatalf("empty export does not open: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows("Cases")
	if err != nil || len(rows) != 1 || rows[0][0] != "Case" {
		t.Errorf("rows %v err %v", rows, err)
	}
	if tables, err := f.GetTables("Cases"); err != nil || len(tables) != 1 {
		t.Errorf("tables %v err %v", tables, err)
	}
}

package bulk

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/collabcheck/collabcheck/internal/match"
	"github.com/collabcheck/collabcheck/internal/screening"
)

// fakeScreen answers by the name's words, so each status can be produced.
func fakeScreen(name string) (screening.Result, error) {
	r := screening.Result{Query: name}
	switch {
	case strings.Contains(name, "boom"):
		return r, errors.New("query has no name characters")
	case strings.Contains(name, "panic"):
		panic("screen broke")
	case strings.Contains(name, "Harbin"):
		r.Matches = []match.Match{
			{List: "other", Name: "Harbin Engineering University", Score: 0.82, Match: true},
			{List: "us_entity_list", SourceID: "E1", Name: "Harbin Institute of Technology", Score: 0.97, Match: true,
				Via: []match.Step{{Relation: "parent", Name: "MIIT"}}},
		}
	case strings.Contains(name, "Harbour"):
		r.Matches = []match.Match{{List: "l", Name: "Harbin Institute", Score: 0.70}}
	default:
		r.Matches = []match.Match{{List: "l", Name: "Someone Else", Score: 0.30}}
	}
	return r, nil
}

func run(t *testing.T, in []byte, opt Options) ([]byte, Summary) {
	t.Helper()
	var out bytes.Buffer
	s, err := Process(context.Background(), bytes.NewReader(in), &out, fakeScreen, opt)
	if err != nil {
		t.Fatal(err)
	}
	return out.Bytes(), s
}

func parseOut(t *testing.T, b []byte, comma rune) [][]string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, utf8BOM)))
	r.Comma = comma
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("output is not CSV: %v", err)
	}
	return recs
}

func TestCSVRoundTrip(t *testing.T) {
	in := "\xEF\xBB\xBFid,Affiliation,notes\r\n" +
		"1,Harbin Institute of Technology,\"multi\nline, with comma\"\r\n" +
		"2,Université de Montréal,=1+1\r\n" +
		"3,Harbour Research,\r\n" +
		"4,,\r\n" +
		"5,boom\r\n"
	out, s := run(t, []byte(in), Options{})
	if !bytes.HasPrefix(out, utf8BOM) {
		t.Error("byte order mark dropped")
	}
	if !bytes.Contains(out, []byte("\r\n")) {
		t.Error("CRLF line ends not kept")
	}
	recs := parseOut(t, out, ',')
	if len(recs) != 6 {
		t.Fatalf("%d rows, want 6", len(recs))
	}
	wantHead := append([]string{"id", "Affiliation", "notes"}, ResultHeader...)
	if strings.Join(recs[0], "|") != strings.Join(wantHead, "|") {
		t.Errorf("header %q", recs[0])
	}
	orig := parseOut(t, []byte(in), ',')
	for i := 1; i < len(orig); i++ {
		for j, v := range orig[i] {
			if recs[i][j] != v {
				t.Errorf("row %d col %d changed: %q → %q", i+1, j+1, v, recs[i][j])
			}
		}
		if len(recs[i]) != 3+len(ResultHeader) {
			t.Errorf("row %d has %d cells", i+1, len(recs[i]))
		}
	}
	status := func(i int) string { return recs[i][len(recs[i])-1] }
	if status(1) != "hit" || recs[1][3] != "Harbin Institute of Technology" || recs[1][4] != "us_entity_list" ||
		recs[1][5] != "0.970" || recs[1][7] != "parent: MIIT" || recs[1][8] != "2" {
		t.Errorf("hit row %q", recs[1])
	}
	if status(2) != "clear" || recs[2][3] != "" {
		t.Errorf("clear row %q", recs[2])
	}
	if status(3) != "review" || recs[3][3] != "Harbin Institute" {
		t.Errorf("review row %q", recs[3])
	}
	if status(4) != "error: empty name" || status(5) != "error: query has no name characters" {
		t.Errorf("error rows %q / %q", status(4), status(5))
	}
	if s.Format != CSV || s.Column != "Affiliation" || s.ColumnIndex != 2 || s.Rows != 5 ||
		s.Hits != 1 || s.Review != 1 || s.Clear != 1 || s.Errors != 2 {
		t.Errorf("summary %+v", s)
	}
}

func TestCSVSeparators(t *testing.T) {
	for name, tc := range map[string]struct {
		in    string
		comma rune
	}{
		"semicolon": {"Name;Country;Note\nHarbin Institute;CN;\"a;b\"\nAcme;US;x\n", ';'},
		"tab":       {"Country\tName\nCN\tHarbin Institute\nUS\tAcme, Inc.\n", '\t'},
		"pipe":      {"Name|x\nHarbin|1\n", '|'},
		"one col":   {"Organisation\nHarbin Institute\nAcme\n", ','},
	} {
		t.Run(name, func(t *testing.T) {
			out, s := run(t, []byte(tc.in), Options{})
			if bytes.HasPrefix(out, utf8BOM) || bytes.Contains(out, []byte("\r\n")) {
				t.Error("added a BOM or CRLF the input did not have")
			}
			recs := parseOut(t, out, tc.comma)
			if s.Hits != 1 || recs[1][len(recs[1])-1] != "hit" {
				t.Errorf("summary %+v, row %q", s, recs[1])
			}
		})
	}
}

func TestColumnChoice(t *testing.T) {
	in := []byte("Code,Partner name,Other\nX,Acme,Harbin\n")
	for choice, want := range map[string]int{"": 2, "Other": 3, "other": 3, "3": 3, "C": 3, "1": 1} {
		_, s := run(t, in, Options{Column: choice})
		if s.ColumnIndex != want {
			t.Errorf("column %q: screened %d, want %d", choice, s.ColumnIndex, want)
		}
	}
}

func TestProgress(t *testing.T) {
	var b strings.Builder
	b.WriteString("name\n")
	for i := range 1000 {
		fmt.Fprintf(&b, "Org %d\n", i)
	}
	var mu sync.Mutex
	var calls [][2]int
	_, s := run(t, []byte(b.String()), Options{Workers: 4, Progress: func(d, n int) {
		mu.Lock()
		calls = append(calls, [2]int{d, n})
		mu.Unlock()
	}})
	if s.Rows != 1000 {
		t.Fatalf("rows %d", s.Rows)
	}
	if len(calls) < 10 || calls[0] != [2]int{0, 1000} || calls[len(calls)-1] != [2]int{1000, 1000} {
		t.Fatalf("progress calls %v", calls)
	}
	for i := 1; i < len(calls); i++ {
		if calls[i][0] < calls[i-1][0] {
			t.Fatalf("progress went back: %v then %v", calls[i-1], calls[i])
		}
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out bytes.Buffer
	_, err := Process(ctx, strings.NewReader("name\na\nb\nc\n"), &out, fakeScreen, Options{Workers: 1})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err %v, want context.Canceled", err)
	}
	if out.Len() != 0 {
		t.Error("wrote output after cancellation")
	}
}

func TestPanicInScreenIsRowError(t *testing.T) {
	out, s := run(t, []byte("name\npanic now\nHarbin\n"), Options{})
	recs := parseOut(t, out, ',')
	if !strings.HasPrefix(recs[1][len(recs[1])-1], "error: screening failed") || s.Errors != 1 || s.Hits != 1 {
		t.Errorf("rows %q, summary %+v", recs, s)
	}
}

func makeXLSX(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "Partners")
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	for i, v := range []any{"Ref", "Institution", "Budget"} {
		ref, _ := excelize.CoordinatesToCellName(i+1, 1)
		f.SetCellValue("Partners", ref, v)
		f.SetCellStyle("Partners", ref, ref, bold)
	}
	f.SetSheetRow("Partners", "A2", &[]any{"P1", "Harbin Institute of Technology", 1000})
	f.SetSheetRow("Partners", "A3", &[]any{"P2", "Université Laval", 250})
	// row 4 left empty on purpose
	f.SetSheetRow("Partners", "A5", &[]any{"P3", "Harbour Labs"})
	f.SetCellFormula("Partners", "C6", "SUM(C2:C5)")
	f.NewSheet("Notes")
	f.SetCellValue("Notes", "A1", "keep me")
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestXLSXRoundTrip(t *testing.T) {
	out, s := run(t, makeXLSX(t), Options{})
	if s.Format != XLSX || s.Sheet != "Partners" || s.Column != "Institution" || s.Rows != 5 {
		t.Errorf("summary %+v", s)
	}
	f, err := excelize.OpenReader(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("output is not a workbook excelize can open: %v", err)
	}
	defer f.Close()
	if got := f.GetSheetList(); strings.Join(got, ",") != "Partners,Notes" {
		t.Errorf("sheets %v", got)
	}
	if v, _ := f.GetCellValue("Notes", "A1"); v != "keep me" {
		t.Errorf("other sheet changed: %q", v)
	}
	if fm, _ := f.GetCellFormula("Partners", "C6"); fm != "SUM(C2:C5)" {
		t.Errorf("formula changed: %q", fm)
	}
	cell := func(ref string) string {
		v, err := f.GetCellValue("Partners", ref)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	// Results start after column C, in column D; status is column J.
	checks := map[string]string{
		"A2": "P1", "B2": "Harbin Institute of Technology", "C2": "1000",
		"D1": "Best match", "J1": "Status",
		"D2": "Harbin Institute of Technology", "E2": "us_entity_list", "I2": "2", "J2": "hit",
		"J3": "clear", "J4": "error: empty name", "B5": "Harbour Labs", "J5": "review", "J6": "error: empty name",
	}
	for ref, want := range checks {
		if got := cell(ref); got != want {
			t.Errorf("%s = %q, want %q", ref, got, want)
		}
	}
	if v, _ := f.GetCellValue("Partners", "F2", excelize.Options{RawCellValue: true}); v != "0.97" {
		t.Errorf("score stored as %q, want the number 0.97", v)
	}
	st, _ := f.GetCellStyle("Partners", "D1")
	if st0, _ := f.GetCellStyle("Partners", "C1"); st != st0 || st == 0 {
		t.Errorf("result header style %d, header style %d", st, st0)
	}
}

func TestXLSXNamedSheet(t *testing.T) {
	in := makeXLSX(t)
	var out bytes.Buffer
	_, err := Process(context.Background(), bytes.NewReader(in), &out, fakeScreen, Options{Sheet: "Notes"})
	var ie *InputError
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), "no name column") {
		t.Errorf("Notes sheet has no name column; got %v", err)
	}
	_, s := run(t, in, Options{Sheet: "Notes", Column: "A"})
	if s.Sheet != "Notes" || s.Rows != 0 {
		t.Errorf("summary %+v", s)
	}
}

func TestBadInput(t *testing.T) {
	xlsx := makeXLSX(t)
	corrupt := append([]byte(nil), xlsx[:len(xlsx)/2]...)
	var big strings.Builder
	big.WriteString("name\n")
	for range 11 {
		big.WriteString("x\n")
	}
	tests := []struct {
		name string
		in   []byte
		opt  Options
		want string
		row  int
	}{
		{"empty", nil, Options{}, "the file is empty", 0},
		{"blank", []byte(" \n\n"), Options{}, "the file is empty", 0},
		{"binary", []byte("abc\x00\x01\x02"), Options{}, "binary", 0},
		{"xls", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"), Options{}, ".xls", 0},
		{"utf16", []byte("\xFF\xFEn\x00a\x00"), Options{}, "UTF-16", 0},
		{"pdf", []byte("%PDF-1.4\n"), Options{}, "PDF", 0},
		{"only sep line", []byte("sep=;\n"), Options{}, "only a separator line", 0},
		{"no name column", []byte("id,amount\n1,2\n"), Options{}, `no name column: none of the headers "id", "amount"`, 1},
		{"invalid utf8", []byte("name\nok\nbad \xff\xfe name\n"), Options{}, "column 1 is not valid UTF-8", 3},
		{"bad quote", []byte("name\n\"unterminated\n"), Options{}, "not valid CSV", 2},
		{"corrupt xlsx", corrupt, Options{}, "not a readable XLSX workbook", 0},
		{"zip not xlsx", []byte("PK\x03\x04garbage"), Options{}, "not a readable XLSX workbook", 0},
		{"missing sheet", xlsx, Options{Sheet: "Nope"}, `no sheet "Nope"; its sheets are "Partners", "Notes"`, 0},
		{"too many rows", []byte(big.String()), Options{MaxRows: 10}, "more than the limit of 10 data rows", 12},
		{"too large", []byte("name\nabcdef\n"), Options{MaxBytes: 8}, "larger than the limit of 8 bytes", 0},
		{"no such column", []byte("name\nx\n"), Options{Column: "Org"}, `no column "Org"`, 1},
		{"column out of range", []byte("name\nx\n"), Options{Column: "4"}, "column 4 does not exist", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			_, err := Process(context.Background(), bytes.NewReader(tc.in), &out, fakeScreen, tc.opt)
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("err %v (%T), want *InputError", err, err)
			}
			if !strings.Contains(err.Error(), tc.want) || ie.Row != tc.row {
				t.Errorf("err %q (row %d), want %q at row %d", err, ie.Row, tc.want, tc.row)
			}
			if out.Len() != 0 {
				t.Error("wrote output for bad input")
			}
		})
	}
}

func TestDetectComma(t *testing.T) {
	for in, want := range map[string]rune{
		"a,b,c\n1,2,3\n":          ',',
		"a;b;c\n1,5;2,5;3\n":      ';', // decimal commas
		"\"x;y\",b\n\"1;2\",3\n":  ',', // separators inside quotes ignored
		"a\tb\n1\t2\n":            '\t',
		"single\nvalue\n":         ',',
		"a;b\n1;2\n3;4\n5,6;7\n":  ';',
		"name,country;x\nA,B;C\n": ',',
	} {
		if got := detectComma([]byte(in)); got != want {
			t.Errorf("detectComma(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDuplicatesScreenedOnce(t *testing.T) {
	var mu sync.Mutex
	calls := map[string]int{}
	screen := func(q string) (screening.Result, error) {
		mu.Lock()
		calls[q]++
		mu.Unlock()
		return fakeScreen(q)
	}
	in := "name\nHarbin Institute\n Harbin Institute \nAcme\nHarbin Institute\n"
	var out bytes.Buffer
	var lastDone, lastTotal int
	s, err := Process(context.Background(), strings.NewReader(in), &out, screen, Options{Progress: func(d, n int) { lastDone, lastTotal = d, n }})
	if err != nil {
		t.Fatal(err)
	}
	if calls["Harbin Institute"] != 1 || calls["Acme"] != 1 || len(calls) != 2 {
		t.Errorf("screen calls %v, want each distinct name once", calls)
	}
	if s.Hits != 3 || s.Clear != 1 || lastDone != 4 || lastTotal != 4 {
		t.Errorf("summary %+v, last progress %d/%d", s, lastDone, lastTotal)
	}
	recs := parseOut(t, out.Bytes(), ',')
	if recs[2][0] != " Harbin Institute " || recs[2][len(recs[2])-1] != "hit" {
		t.Errorf("row 3 %q: original cell must be kept and screened", recs[2])
	}
}

func FuzzProcess(f *testing.F) {
	f.Add([]byte("name,x\nHarbin,1\n\"q\"\"x\",2\n"))
	f.Add([]byte("a;b\n1;2\n"))
	f.Add([]byte("\xEF\xBB\xBFOrganisation\tNote\r\nAcme\t\r\n"))
	f.Add([]byte("PK\x03\x04\x14\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, in []byte) {
		var out bytes.Buffer
		s, err := Process(context.Background(), bytes.NewReader(in), &out, fakeScreen, Options{MaxRows: 500, Workers: 2})
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v is not an *InputError", err)
			}
			if out.Len() != 0 {
				t.Fatal("output written with an error")
			}
			return
		}
		if s.Hits+s.Review+s.Clear+s.Errors != s.Rows {
			t.Fatalf("summary does not add up: %+v", s)
		}
		if s.Format == CSV {
			r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(out.Bytes(), utf8BOM)))
			r.FieldsPerRecord = -1
			r.Comma = detectComma(bytes.TrimPrefix(in, utf8BOM))
			recs, err := r.ReadAll()
			if err != nil {
				t.Fatalf("output CSV does not parse: %v", err)
			}
			if len(recs) != s.Rows+1 {
				t.Fatalf("%d records for %d rows", len(recs), s.Rows)
			}
		}
	})
}

func TestCSVExcelSepLine(t *testing.T) {
	in := "sep=;\r\nName;Note\r\nHarbin Institute;a,b\r\n"
	out, s := run(t, []byte(in), Options{})
	if !bytes.HasPrefix(out, []byte("sep=;\r\nName;Note;Best match")) {
		t.Errorf("output starts %q", out[:min(len(out), 40)])
	}
	if s.Hits != 1 || s.Column != "Name" {
		t.Errorf("summary %+v", s)
	}
}

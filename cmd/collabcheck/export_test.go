package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestExportCases(t *testing.T) {
	db, _ := seedCases(t)
	out, errs, code := cli(t, db, "", "export", "cases", "--tenant", "Uni Zürich", "--bom", "--separator", ";")
	if code != 0 {
		t.Fatalf("csv: code %d err %s", code, errs)
	}
	if !strings.HasPrefix(out, "\uFEFF") {
		t.Error("--bom wrote no byte order mark")
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\uFEFF")))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 {
		t.Fatalf("%d rows, want header + the tenant's 2 cases: %q", len(recs), recs)
	}
	joined := strings.Join(append(recs[1], recs[2]...), "|")
	for _, want := range []string{"Quantum sensing with Université de Montréal", "Søren Kierkegård", `'=HYPERLINK("http://x")`, "'@Acme"} {
		if !strings.Contains(joined, want) {
			t.Errorf("CSV lacks %q: %s", want, joined)
		}
	}
	if strings.Contains(out, "Secret of another tenant") {
		t.Error("export includes another tenant's case")
	}

	file := filepath.Join(t.TempDir(), "cases.xlsx")
	if _, errs, code := cli(t, db, "", "export", "cases", "--tenant", "Uni Zürich", "--format", "xlsx", "--out", file); code != 0 {
		t.Fatalf("xlsx: code %d err %s", code, errs)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("excelize cannot open the export: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows("Cases")
	if err != nil || len(rows) != 3 {
		t.Fatalf("rows %v err %v", rows, err)
	}
	if _, errs, code := cli(t, db, "", "export", "cases", "--tenant", "Uni Zürich", "--format", "xlsx"); code != 2 || !strings.Contains(errs, "--out") {
		t.Errorf("xlsx to a terminal: code %d err %q", code, errs)
	}
	if _, errs, code := cli(t, db, "", "export", "cases", "--tenant", "Uni Zürich", "--separator", "x"); code != 2 {
		t.Errorf("bad separator: code %d err %q", code, errs)
	}
}

func TestExportScreening(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cc.db")
	if _, errs, code := cli(t, db, "", "lists", "import", "--format", "aspi", filepath.Join(fixtures, "aspi", "tracker.json")); code != 0 {
		t.Fatal(errs)
	}
	out, errs, code := cli(t, db, "Example Institute of Technology\nCompletely Unrelated Bakery\n", "export", "screening", "--limit", "2")
	if code != 0 {
		t.Fatalf("code %d err %s", code, errs)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) < 3 || recs[1][0] != "Example Institute of Technology" || recs[1][2] != "yes" || recs[1][3] != "aspi_cdut" {
		t.Fatalf("rows %q", recs)
	}
	last := recs[len(recs)-1]
	if last[0] != "Completely Unrelated Bakery" || last[2] == "yes" {
		t.Errorf("unrelated name row %q", last)
	}
}

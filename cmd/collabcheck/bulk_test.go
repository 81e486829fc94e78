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

func TestBulkCSVAndXLSX(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "cc.db")
	if _, errs, code := cli(t, db, "", "lists", "import", "--format", "aspi", filepath.Join(fixtures, "aspi", "tracker.json")); code != 0 {
		t.Fatal(errs)
	}
	in := filepath.Join(dir, "partners.csv")
	writeFile(t, in, "Ref;Affiliation\r\nA1;Example Institute of Technology\r\nA2;Completely Unrelated Bakery\r\n")
	out := filepath.Join(dir, "partners-screened.csv")
	stdout, errs, code := cli(t, db, "", "bulk", in, "--out", out)
	if code != 0 {
		t.Fatalf("code %d err %s", code, errs)
	}
	if !strings.Contains(stdout, "2 rows: 1 hit") || !strings.Contains(errs, "screened 2 of 2 rows") {
		t.Errorf("stdout %q stderr %q", stdout, errs)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 || recs[1][0] != "A1" || recs[1][1] != "Example Institute of Technology" ||
		recs[1][len(recs[1])-1] != "hit" || recs[1][3] != "aspi_cdut" || recs[2][len(recs[2])-1] == "hit" {
		t.Errorf("result %q", recs)
	}

	// XLSX in, XLSX out.
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"Organisation", "Notes"})
	f.SetSheetRow("Sheet1", "A2", &[]any{"Example Institute of Technology", "x"})
	xin := filepath.Join(dir, "in.xlsx")
	if err := f.SaveAs(xin); err != nil {
		t.Fatal(err)
	}
	f.Close()
	xout := filepath.Join(dir, "out.xlsx")
	if _, errs, code := cli(t, db, "", "bulk", xin, "--out", xout, "--quiet"); code != 0 || errs != "" {
		t.Fatalf("xlsx: code %d err %q", code, errs)
	}
	g, err := excelize.OpenFile(xout)
	if err != nil {
		t.Fatalf("result workbook does not open: %v", err)
	}
	defer g.Close()
	if v, _ := g.GetCellValue("Sheet1", "I2"); v != "hit" {
		t.Errorf("status cell I2 = %q", v)
	}

	// Bad input names the problem and leaves no output file.
	bad := filepath.Join(dir, "bad.csv")
	writeFile(t, bad, "id,amount\n1,2\n")
	badOut := filepath.Join(dir, "bad-out.csv")
	if _, errs, code := cli(t, db, "", "bulk", bad, "--out", badOut); code != 1 || !strings.Contains(errs, "no name column") {
		t.Errorf("no name column: code %d err %q", code, errs)
	}
	if _, err := os.Stat(badOut); !os.IsNotExist(err) {
		t.Error("a failed run left an output file")
	}
	if _, errs, code := cli(t, db, "", "bulk", in, "--out", in); code != 2 {
		t.Errorf("out = in: code %d err %q", code, errs)
	}
}

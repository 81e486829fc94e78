package portfolio

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/collabcheck/collabcheck/internal/store"
)

// FindingColumns are the columns of the findings export, in order.
var FindingColumns = []string{"finding_id", "run_id", "line", "work_id", "title", "year", "person", "department", "affiliation",
	"partner_id", "partner_name", "partner_country", "lists", "programs", "listed_names", "via", "areas", "fields", "coauthors"}

// findingRow flattens a finding into FindingColumns; multi-valued cells
// are joined with "; ".
func findingRow(f store.PortfolioFinding) []string {
	var lists, progs, names, via []string
	seen := map[string]bool{}
	for _, h := range f.Hits {
		if !seen[h.List] {
			seen[h.List] = true
			lists = append(lists, h.List)
		}
		progs = append(progs, h.Programs...)
		names = append(names, fmt.Sprintf("%s (%s %s)", h.Name, h.List, h.SourceID))
		if len(h.Via) > 0 {
			via = append(via, strings.Join(h.Via, " → "))
		}
	}
	year := ""
	if f.Year != 0 {
		year = strconv.Itoa(f.Year)
	}
	return []string{strconv.FormatInt(f.ID, 10), strconv.FormatInt(f.RunID, 10), strconv.FormatInt(f.Line, 10), f.WorkID, f.Title, year,
		f.Person, f.Department, f.Affiliation, f.PartnerID, f.PartnerName, f.PartnerCountry, strings.Join(lists, "; "),
		strings.Join(progs, "; "), strings.Join(names, "; "), strings.Join(via, "; "), strings.Join(f.Areas, "; "),
		strings.Join(f.Fields, "; "), strings.Join(f.Coauthors, "; ")}
}

// csvSafe defuses a cell a spreadsheet would run as a formula (it starts
// with =, +, -, @, tab or CR) by prefixing an apostrophe: affiliation and
// title text comes from outside.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// WriteCSV writes every finding of each as CSV with a header row.
func WriteCSV(w io.Writer, each func(fn func(store.PortfolioFinding) error) error) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(FindingColumns); err != nil {
		return fmt.Errorf("write CSV: %w", err)
	}
	err := each(func(f store.PortfolioFinding) error {
		row := findingRow(f)
		for i := range row {
			row[i] = csvSafe(row[i])
		}
		return cw.Write(row)
	})
	if err != nil {
		return fmt.Errorf("write CSV: %w", err)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write CSV: %w", err)
	}
	return nil
}

// MaxXLSXRows is the most rows a worksheet holds.
const MaxXLSXRows = 1_048_576

// WriteXLSX writes a workbook: a "Findings" sheet with every finding
// (streamed, so a large run does not sit in memory), a "Summary" sheet and
// one sheet per aggregation of r. Cells are written as strings and numbers,
// never as formulas.
func WriteXLSX(w io.Writer, r Report, each func(fn func(store.PortfolioFinding) error) error) error {
	f := excelize.NewFile()
	defer f.Close()
	const findings = "Findings"
	if err := f.SetSheetName("Sheet1", findings); err != nil {
		return fmt.Errorf("write XLSX: %w", err)
	}
	sw, err := f.NewStreamWriter(findings)
	if err != nil {
		return fmt.Errorf("write XLSX: %w", err)
	}
	row := 1
	if err := sw.SetRow("A1", toCells(FindingColumns)); err != nil {
		return fmt.Errorf("write XLSX: %w", err)
	}
	err = each(func(fd store.PortfolioFinding) error {
		row++
		if row > MaxXLSXRows {
			return fmt.Errorf("more than %d findings: use the CSV export", MaxXLSXRows-1)
		}
		vals := findingRow(fd)
		cells := toCells(vals)
		cells[0], cells[1], cells[2] = fd.ID, fd.RunID, fd.Line
		if fd.Year != 0 {
			cells[5] = fd.Year
		}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		return sw.SetRow(cell, cells)
	})
	if err != nil {
		return fmt.Errorf("write XLSX: %w", err)
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("write XLSX: %w", err)
	}
	if err := summarySheet(f, r); err != nil {
		return fmt.Errorf("write XLSX: %w", err)
	}
	for _, t := range r.Tables() {
		if err := countSheet(f, t); err != nil {
			return fmt.Errorf("write XLSX sheet %s: %w", t.Title, err)
		}
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write XLSX: %w", err)
	}
	return nil
}

func toCells(vals []string) []any {
	out := make([]any, len(vals))
	for i, v := range vals {
		out[i] = v
	}
	return out
}

func summarySheet(f *excelize.File, r Report) error {
	const name = "Summary"
	if _, err := f.NewSheet(name); err != nil {
		return err
	}
	s := r.Run.Summary
	rows := [][]any{
		{"Run", r.Run.ID}, {"Source", r.Run.Source}, {"Format", r.Run.Format}, {"State", string(r.Run.State)},
		{"Started", r.Run.StartedAt.UTC().Format("2006-01-02 15:04:05 UTC")},
		{"Works", s.Works}, {"Affiliation strings", s.Strings}, {"Distinct strings", s.Distinct}, {"Resolved strings", s.Resolved},
		{"Flagged strings", s.Flagged}, {"Findings", r.Findings}, {"Flagged works", r.Works}, {"Malformed lines", s.Malformed},
	}
	for i, l := range s.MalformedLines {
		rows = append(rows, []any{fmt.Sprintf("Malformed line %d", i+1), fmt.Sprintf("%d: %s", l.Line, l.Reason)})
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(name, cell, &row); err != nil {
			return err
		}
	}
	return nil
}

// sheetName makes a valid worksheet name (at most 31 characters).
func sheetName(s string) string {
	if len(s) > 31 {
		s = s[:31]
	}
	return s
}

func countSheet(f *excelize.File, t Table) error {
	name := sheetName(t.Title)
	if _, err := f.NewSheet(name); err != nil {
		return err
	}
	if err := f.SetSheetRow(name, "A1", &[]any{t.Column, "Findings", "Works"}); err != nil {
		return err
	}
	for i, c := range t.Rows {
		if i+2 > MaxXLSXRows {
			break
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(name, cell, &[]any{c.Key, c.Findings, c.Works}); err != nil {
			return err
		}
	}
	return nil
}

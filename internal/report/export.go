package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/collabcheck/collabcheck/internal/cases"
	"github.com/collabcheck/collabcheck/internal/match"
	"github.com/collabcheck/collabcheck/internal/screening"
)

// Table is tabular export data: a header and rows of cells. A cell is a
// string, an int, int64, float64, bool or time.Time (nil is an empty
// cell); XLSX keeps numbers and dates typed, CSV writes them as text.
type Table struct {
	// Sheet names the XLSX worksheet.
	Sheet  string
	Header []string
	Rows   [][]any
}

// CSVOptions tune CSV output.
type CSVOptions struct {
	// BOM writes a UTF-8 byte order mark first, which Excel needs to read
	// the file as UTF-8 rather than the local code page.
	BOM bool
	// Comma is the field separator; zero means ','. Use ';' for Excel in
	// locales whose decimal separator is a comma.
	Comma rune
}

// MaxExportRows bounds one export, so a request cannot build an
// unbounded file in memory (XLSX) or on the wire.
const MaxExportRows = 1_000_000

// SafeCell defuses spreadsheet formula injection: a text cell starting
// with = + - @, a tab or a carriage return is prefixed with a single
// quote, so Excel and LibreOffice show it as text instead of evaluating
// it. Values from lists and proposals are untrusted.
func SafeCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

func cellText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return SafeCell(x)
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		if x {
			return "yes"
		}
		return "no"
	case time.Time:
		if x.IsZero() {
			return ""
		}
		return x.UTC().Format(time.RFC3339)
	}
	return SafeCell(fmt.Sprint(v))
}

// WriteCSV writes t as CSV (RFC 4180, CRLF line ends), every text cell
// passed through SafeCell.
func WriteCSV(w io.Writer, t Table, opt CSVOptions) error {
	if len(t.Rows) > MaxExportRows {
		return fmt.Errorf("export of %d rows: more than the limit of %d", len(t.Rows), MaxExportRows)
	}
	if opt.BOM {
		if _, err := io.WriteString(w, "\uFEFF"); err != nil {
			return err
		}
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if opt.Comma != 0 {
		cw.Comma = opt.Comma
	}
	head := make([]string, len(t.Header))
	for i, h := range t.Header {
		head[i] = SafeCell(h)
	}
	if err := cw.Write(head); err != nil {
		return fmt.Errorf("write CSV header: %w", err)
	}
	rec := make([]string, len(t.Header))
	for i, row := range t.Rows {
		rec = rec[:0]
		for _, v := range row {
			rec = append(rec, cellText(v))
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("write CSV row %d: %w", i+1, err)
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteXLSX writes t as an Excel workbook of one sheet: a bold, frozen
// header row with filters, typed number and date cells, and column widths
// fitted to the content. Text cells are stored as text, never formulas.
func WriteXLSX(w io.Writer, t Table) error {
	if len(t.Rows) > MaxExportRows {
		return fmt.Errorf("export of %d rows: more than the limit of %d", len(t.Rows), MaxExportRows)
	}
	f := excelize.NewFile()
	defer f.Close()
	sheet := t.Sheet
	if sheet == "" {
		sheet = "Sheet1"
	}
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("xlsx sheet %q: %w", sheet, err)
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8EEF4"}}})
	if err != nil {
		return fmt.Errorf("xlsx style: %w", err)
	}
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 22}) // m/d/yy h:mm, shown in the reader's locale
	if err != nil {
		return fmt.Errorf("xlsx style: %w", err)
	}
	widths := make([]int, len(t.Header))
	for i, h := range t.Header {
		widths[i] = len([]rune(h))
	}
	for i := range t.Rows {
		for j, v := range t.Rows[i] {
			if j < len(widths) {
				n := len([]rune(cellText(v)))
				if _, ok := v.(time.Time); ok {
					n = 16
				}
				widths[j] = max(widths[j], n)
			}
		}
	}
	for i, n := range widths {
		if err := sw.SetColWidth(i+1, i+1, float64(min(max(n, 6), 60))+2); err != nil {
			return fmt.Errorf("xlsx column width: %w", err)
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("xlsx panes: %w", err)
	}
	head := make([]any, len(t.Header))
	for i, h := range t.Header {
		head[i] = excelize.Cell{StyleID: bold, Value: h}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return fmt.Errorf("xlsx header: %w", err)
	}
	for i, row := range t.Rows {
		cells := make([]any, len(row))
		for j, v := range row {
			switch x := v.(type) {
			case time.Time:
				if x.IsZero() {
					cells[j] = nil
				} else {
					cells[j] = excelize.Cell{StyleID: dateStyle, Value: x.UTC()}
				}
			case string:
				cells[j] = x // stored as a shared/inline string, never evaluated
			default:
				cells[j] = v
			}
		}
		ref, err := excelize.CoordinatesToCellName(1, i+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(ref, cells); err != nil {
			return fmt.Errorf("xlsx row %d: %w", i+1, err)
		}
	}
	if len(t.Header) > 0 {
		// A table gives filter buttons and banded rows without re-reading
		// the streamed sheet (an AutoFilter after Flush parses it again).
		last, _ := excelize.CoordinatesToCellName(len(t.Header), max(len(t.Rows)+1, 2))
		stripes := true
		if err := sw.AddTable(&excelize.Table{Range: "A1:" + last, Name: "Export", StyleName: "TableStyleLight9", ShowRowStripes: &stripes}); err != nil {
			return fmt.Errorf("xlsx table: %w", err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	return nil
}

// CaseHeader is the header of a cases export.
var CaseHeader = []string{"Case", "Title", "State", "Risk", "Recommended", "Decided outcome", "Decided by",
	"Decided at", "Differs from recommendation", "Referred to", "Partners", "Countries", "Created by", "Created", "Updated"}

// CasesTable makes the cases export: one row per case.
func CasesTable(cs []cases.Case) Table {
	t := Table{Sheet: "Cases", Header: CaseHeader, Rows: make([][]any, 0, len(cs))}
	for i := range cs {
		c := &cs[i]
		var partners []string
		for _, p := range c.Collaboration.Partners {
			partners = append(partners, p.Name)
		}
		row := []any{c.ID, c.Collaboration.Title, Label(c.State), Label(c.Assessment.Risk), Label(c.Assessment.Outcome),
			nil, nil, nil, nil, nil, strings.Join(partners, "; "), strings.Join(upper(c.Collaboration.Countries), ", "),
			personName(c.CreatedBy), c.CreatedAt, c.UpdatedAt}
		if d := c.Decision; d != nil {
			row[5], row[6], row[7], row[8] = Label(d.Outcome), personName(d.By), d.At, d.Differs
		}
		if c.Referral != nil {
			row[9] = c.Referral.TenantName
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// SummariesTable makes the cases export from list summaries alone, for
// callers without the full cases: the columns a summary lacks (decided
// by and at, partners, creator's name) are empty.
func SummariesTable(ss []cases.Summary) Table {
	t := Table{Sheet: "Cases", Header: CaseHeader, Rows: make([][]any, 0, len(ss))}
	for _, s := range ss {
		var referred any
		if s.ReferredTo != 0 {
			referred = fmt.Sprintf("tenant %d", s.ReferredTo)
		}
		var decided any
		if s.DecidedOutcome != "" {
			decided = Label(s.DecidedOutcome)
		}
		t.Rows = append(t.Rows, []any{s.ID, s.Title, Label(s.State), Label(s.Risk), Label(s.Recommended), decided,
			nil, nil, nil, referred, nil, strings.Join(upper(s.PartnerCountries), ", "), fmt.Sprintf("user %d", s.CreatedBy),
			s.CreatedAt, s.UpdatedAt})
	}
	return t
}

// ScreeningHeader is the header of a screening results export.
var ScreeningHeader = []string{"Query", "Rank", "Hit", "List", "Source ID", "Listed name", "Matched name", "Score",
	"Program", "Via", "Explanation"}

// ScreeningTable makes the screening export: one row per candidate, in
// rank order; a query without candidates gets one row that says so.
func ScreeningTable(rs []screening.Result) Table {
	t := Table{Sheet: "Screening", Header: ScreeningHeader}
	for _, r := range rs {
		if len(r.Matches) == 0 {
			t.Rows = append(t.Rows, []any{r.Query, nil, false, nil, nil, nil, nil, nil, nil, nil, "no candidates"})
		}
		for i, m := range r.Matches {
			t.Rows = append(t.Rows, []any{r.Query, i + 1, m.Match, m.List, m.SourceID, m.Name, m.MatchedName, m.Score,
				Programs(m), Via(m), ExplainMatch(m)})
		}
	}
	return t
}

// Programs lists the sanction or control programs of a match's list
// memberships, without repeats.
func Programs(m match.Match) string {
	var out []string
	seen := map[string]bool{}
	for _, ms := range m.Memberships {
		if ms.Program != "" && !seen[ms.Program] {
			seen[ms.Program] = true
			out = append(out, ms.Program)
		}
	}
	return strings.Join(out, "; ")
}

// Via says how a match reaches a listed party ("parent: Ministry X"), or
// "" for a direct match.
func Via(m match.Match) string {
	var out []string
	for _, s := range m.Via {
		out = append(out, s.Relation+": "+s.Name)
	}
	return strings.Join(out, " → ")
}

// ExplainMatch summarises a match's explanation in one line: each query
// word aligned with a list word and how, words left unmatched on either
// side, and features such as country agreement.
func ExplainMatch(m match.Match) string {
	var parts []string
	for _, e := range m.Explanation {
		how := strings.ReplaceAll(e.How, "_", " ")
		switch {
		case e.Query != "" && e.List != "":
			if e.Query == e.List {
				parts = append(parts, fmt.Sprintf("%s (%s)", e.Query, how))
			} else {
				parts = append(parts, fmt.Sprintf("%s ~ %s (%s)", e.Query, e.List, how))
			}
		case e.Query != "":
			parts = append(parts, "query word "+e.Query+" unmatched")
		case e.List != "":
			parts = append(parts, "list word "+e.List+" unmatched")
		default:
			if e.Note != "" {
				how += " " + e.Note
			}
			parts = append(parts, how)
		}
	}
	return strings.Join(parts, "; ")
}

// WriteCasesCSV writes the cases export as CSV.
func WriteCasesCSV(w io.Writer, cs []cases.Case, opt CSVOptions) error {
	return WriteCSV(w, CasesTable(cs), opt)
}

// WriteCasesXLSX writes the cases export as an XLSX workbook.
func WriteCasesXLSX(w io.Writer, cs []cases.Case) error { return WriteXLSX(w, CasesTable(cs)) }

// WriteScreeningCSV writes screening results as CSV.
func WriteScreeningCSV(w io.Writer, rs []screening.Result, opt CSVOptions) error {
	return WriteCSV(w, ScreeningTable(rs), opt)
}

// WriteScreeningXLSX writes screening results as an XLSX workbook.
func WriteScreeningXLSX(w io.Writer, rs []screening.Result) error {
	return WriteXLSX(w, ScreeningTable(rs))
}

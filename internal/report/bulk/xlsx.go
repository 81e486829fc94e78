package bulk

import (
	"bytes"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// xlsxSheet is an open workbook and the rows of the sheet to screen. The
// workbook is written back as a whole, so other sheets, styles and
// formulas stay as they were.
type xlsxSheet struct {
	f     *excelize.File
	name  string
	rows  [][]string
	width int
}

// Unzipped-size limits for workbooks, against zip bombs: a 20 MiB upload
// may hold at most this much XML.
const (
	maxUnzipped    = 512 << 20
	maxUnzippedXML = 64 << 20
)

func readXLSX(data []byte, opt Options) (*xlsxSheet, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxUnzippedXML})
	if err != nil {
		return nil, inputErr(0, "the file is not a readable XLSX workbook: %v", err)
	}
	s := &xlsxSheet{f: f}
	ok := false
	defer func() {
		if !ok {
			f.Close()
		}
	}()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, inputErr(0, "the workbook has no sheets")
	}
	s.name = sheets[0]
	if opt.Sheet != "" {
		idx, err := f.GetSheetIndex(opt.Sheet)
		if err != nil || idx < 0 {
			return nil, inputErr(0, "the workbook has no sheet %q; its sheets are %s", opt.Sheet, quoteAll(sheets))
		}
		s.name = opt.Sheet
	}
	rows, err := f.Rows(s.name)
	if err != nil {
		return nil, inputErr(0, "sheet %q cannot be read: %v", s.name, err)
	}
	defer rows.Close()
	for rows.Next() {
		row := len(s.rows) + 1
		cols, err := rows.Columns()
		if err != nil {
			return nil, inputErr(row, "sheet %q cannot be read: %v", s.name, err)
		}
		if len(s.rows) > opt.MaxRows {
			return nil, inputErr(row, "the sheet has more than the limit of %d data rows", opt.MaxRows)
		}
		s.rows = append(s.rows, cols)
		s.width = max(s.width, len(cols))
	}
	if err := rows.Error(); err != nil {
		return nil, inputErr(len(s.rows)+1, "sheet %q cannot be read: %v", s.name, err)
	}
	if len(s.rows) == 0 {
		return nil, inputErr(0, "sheet %q is empty", s.name)
	}
	ok = true
	return s, nil
}

func (s *xlsxSheet) header() []string { return s.rows[0] }

func (s *xlsxSheet) column(i int) []string {
	out := make([]string, len(s.rows)-1)
	for j, r := range s.rows[1:] {
		if i < len(r) {
			out[j] = r[i]
		}
	}
	return out
}

func (s *xlsxSheet) close() { s.f.Close() }

// write appends the result columns after the sheet's last used column
// and writes the whole workbook. Cells are set as text or numbers, never
// as formulas. The new headers take the style of the last header cell.
func (s *xlsxSheet) write(w io.Writer, rs []rowResult) error {
	first := s.width + 1
	var style int
	if s.width > 0 {
		ref, _ := excelize.CoordinatesToCellName(s.width, 1)
		style, _ = s.f.GetCellStyle(s.name, ref)
	}
	for j, h := range ResultHeader {
		ref, err := excelize.CoordinatesToCellName(first+j, 1)
		if err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
		if err := s.f.SetCellStr(s.name, ref, h); err != nil {
			return fmt.Errorf("xlsx header: %w", err)
		}
		if style != 0 {
			_ = s.f.SetCellStyle(s.name, ref, ref, style)
		}
	}
	fmtScore := "0.000"
	scoreStyle, err := s.f.NewStyle(&excelize.Style{CustomNumFmt: &fmtScore})
	if err != nil {
		return fmt.Errorf("xlsx style: %w", err)
	}
	vals := make([]any, len(ResultHeader))
	for i, r := range rs {
		row := i + 2
		for j, c := range r.cells() {
			switch {
			case j == 2 && r.hasBest:
				vals[j] = r.score
			case j == 5:
				vals[j] = r.hits
			case c == "":
				vals[j] = nil
			default:
				vals[j] = c // a string cell: stored as text, never a formula
			}
		}
		ref, err := excelize.CoordinatesToCellName(first, row)
		if err != nil {
			return fmt.Errorf("xlsx row %d: %w", row, err)
		}
		if err := s.f.SetSheetRow(s.name, ref, &vals); err != nil {
			return fmt.Errorf("xlsx row %d: %w", row, err)
		}
	}
	if len(rs) > 0 {
		top, _ := excelize.CoordinatesToCellName(first+2, 2)
		bottom, _ := excelize.CoordinatesToCellName(first+2, len(rs)+1)
		if err := s.f.SetCellStyle(s.name, top, bottom, scoreStyle); err != nil {
			return fmt.Errorf("xlsx style: %w", err)
		}
	}
	for j := range ResultHeader {
		col, _ := excelize.ColumnNumberToName(first + j)
		width := 14.0
		if j == 0 || j == 4 {
			width = 36
		}
		_ = s.f.SetColWidth(s.name, col, col, width)
	}
	if _, err := s.f.WriteTo(w); err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	return nil
}

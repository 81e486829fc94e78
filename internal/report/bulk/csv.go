package bulk

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/collabcheck/collabcheck/internal/report"
)

var utf8BOM = []byte("\xEF\xBB\xBF")

// csvSheet is a CSV file as read, with what is needed to write it back
// the same way: byte order mark, separator and line ends.
type csvSheet struct {
	bom   bool
	sep   []byte // an Excel "sep=;" first line, kept as it was
	comma rune
	crlf  bool
	rows  [][]string // rows[0] is the header
	width int
}

func readCSV(data []byte, opt Options) (*csvSheet, error) {
	s := &csvSheet{bom: bytes.HasPrefix(data, utf8BOM)}
	data = bytes.TrimPrefix(data, utf8BOM)
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, inputErr(0, "the file is empty")
	}
	s.comma = detectComma(data)
	if line, comma, ok := sepLine(data); ok {
		s.sep, s.comma = data[:len(line)], comma
		data = data[len(line):]
		if len(bytes.TrimSpace(data)) == 0 {
			return nil, inputErr(0, "the file has only a separator line")
		}
	}
	s.crlf = bytes.Contains(data, []byte("\r\n"))
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = s.comma
	r.FieldsPerRecord = -1 // rows may be ragged; they are padded on output
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		row := len(s.rows) + 1
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, inputErr(row, "not valid CSV (line %d, column %d): %v", pe.Line, pe.Column, pe.Err)
			}
			return nil, inputErr(row, "not valid CSV: %v", err)
		}
		for i, f := range rec {
			if !utf8.ValidString(f) {
				return nil, inputErr(row, "column %d is not valid UTF-8 text: save the file as CSV UTF-8", i+1)
			}
		}
		if len(s.rows) > opt.MaxRows { // header + MaxRows data rows already
			return nil, inputErr(row, "the sheet has more than the limit of %d data rows", opt.MaxRows)
		}
		s.rows = append(s.rows, rec)
		s.width = max(s.width, len(rec))
	}
	return s, nil
}

// sepLine recognises the "sep=;" first line Excel writes and reads to
// name the separator; it returns the line with its line end.
func sepLine(data []byte) ([]byte, rune, bool) {
	if len(data) < 5 || !bytes.EqualFold(data[:4], []byte("sep=")) {
		return nil, 0, false
	}
	r, size := utf8.DecodeRune(data[4:])
	if r == utf8.RuneError || r == '\n' || r == '\r' || r == '"' {
		return nil, 0, false
	}
	rest := data[4+size:]
	switch {
	case bytes.HasPrefix(rest, []byte("\r\n")):
		return data[:4+size+2], r, true
	case bytes.HasPrefix(rest, []byte("\n")):
		return data[:4+size+1], r, true
	case len(rest) == 0:
		return data, r, true
	}
	return nil, 0, false
}

// detectComma picks the separator among comma, semicolon, tab and pipe:
// the one that splits the first lines (outside quotes) into the same
// number of fields most consistently, and at least once in the header.
func detectComma(data []byte) rune {
	cands := []rune{',', ';', '\t', '|'}
	lines := sampleLines(data, 50)
	best, bestScore := ',', -1
	for _, c := range cands {
		counts := make([]int, len(lines))
		for i, l := range lines {
			counts[i] = bytes.Count(l, []byte(string(c)))
		}
		if len(counts) == 0 || counts[0] == 0 {
			continue
		}
		same := 0
		for _, n := range counts {
			if n == counts[0] {
				same++
			}
		}
		score := same*1000 + min(counts[0], 999)
		if score > bestScore {
			best, bestScore = c, score
		}
	}
	return best
}

// sampleLines returns up to n logical lines of data with quoted sections
// removed, so separators inside quotes are not counted.
func sampleLines(data []byte, n int) [][]byte {
	var lines [][]byte
	var cur []byte
	inQuote := false
	for i := 0; i < len(data) && i < 1<<16 && len(lines) < n; i++ {
		c := data[i]
		switch {
		case c == '"':
			inQuote = !inQuote
		case inQuote:
		case c == '\n':
			lines = append(lines, bytes.TrimRight(cur, "\r"))
			cur = nil
		default:
			cur = append(cur, c)
		}
	}
	if len(cur) > 0 && len(lines) < n {
		lines = append(lines, cur)
	}
	return lines
}

func (s *csvSheet) header() []string { return s.rows[0] }

func (s *csvSheet) column(i int) []string {
	out := make([]string, len(s.rows)-1)
	for j, r := range s.rows[1:] {
		if i < len(r) {
			out[j] = r[i]
		}
	}
	return out
}

func (s *csvSheet) close() {}

// write writes the rows as read, each padded to the sheet's width, with
// the result columns appended; only the appended cells are made
// formula-safe, since the original cells are the uploader's own.
func (s *csvSheet) write(w io.Writer, rs []rowResult) error {
	if s.bom {
		if _, err := w.Write(utf8BOM); err != nil {
			return fmt.Errorf("write CSV: %w", err)
		}
	}
	if _, err := w.Write(s.sep); err != nil {
		return fmt.Errorf("write CSV: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.Comma = s.comma
	cw.UseCRLF = s.crlf
	rec := make([]string, 0, s.width+len(ResultHeader))
	for i, row := range s.rows {
		rec = append(rec[:0], row...)
		for len(rec) < s.width {
			rec = append(rec, "")
		}
		extra := ResultHeader
		if i > 0 {
			extra = rs[i-1].cells()
		}
		for _, c := range extra {
			rec = append(rec, report.SafeCell(c))
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("write CSV row %d: %w", i+1, err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write CSV: %w", err)
	}
	return nil
}

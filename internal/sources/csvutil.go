package sources

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// csvText reads a whole CSV file and returns it as UTF-8: a leading BOM
// and a trailing DOS end-of-file mark (Ctrl-Z, which OFAC files carry) are
// removed, and a file that is not valid UTF-8 is decoded as Windows-1252.
// recoded reports that decoding happened so the reader can warn.
func csvText(in input) (data []byte, recoded bool, err error) {
	data, err = readAllLimited(in)
	if err != nil {
		return nil, false, err
	}
	return csvDecode(in.Name, data)
}

// csvDecode is csvText for bytes already read.
func csvDecode(name string, data []byte) ([]byte, bool, error) {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	data = bytes.TrimRight(data, "\x1a")
	if utf8.Valid(data) {
		return data, false, nil
	}
	dec, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil {
		return nil, false, fmt.Errorf("read %s: not UTF-8 and not Windows-1252: %w", name, err)
	}
	return dec, true, nil
}

// csvRows iterates over a CSV document's records with their line numbers,
// turning encoding/csv errors into ParseErrors that name the file.
type csvRows struct {
	name string
	r    *csv.Reader
}

func newCSVRows(name string, data []byte, comma rune) *csvRows {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.ReuseRecord = false
	if comma != 0 {
		r.Comma = comma
	}
	return &csvRows{name: name, r: r}
}

// next returns the next record and the line it starts on, io.EOF at the
// end, or a ParseError.
func (c *csvRows) next() ([]string, int, error) {
	rec, err := c.r.Read()
	if err == io.EOF {
		return nil, 0, io.EOF
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, 0, &ParseError{Path: c.name, Line: pe.Line, Err: pe.Err}
		}
		return nil, 0, &ParseError{Path: c.name, Err: err}
	}
	line, _ := c.r.FieldPos(0)
	return rec, line, nil
}

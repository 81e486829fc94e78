// Package portfolio screens a whole publication portfolio: it reads works
// and their authors' affiliations (OpenAlex works as JSON lines, or a CSV of
// person, affiliation, year and title), resolves each distinct affiliation
// string once to registry organisations, screens the organisations (and
// the strings that resolve to none) against the watch lists, classifies
// each work into sensitive technology areas and opportunity fields, and
// records as findings the authorships whose affiliation is listed or
// linked to a listed party through the registry hierarchy. Reports and
// CSV/XLSX exports aggregate the findings by partner, list, field, year,
// department and person, and a finding becomes a draft case in one step.
//
// Processing runs in numbered chunks of works; each chunk's findings are
// saved with a record that the chunk is done, so a run can be resumed
// after a crash and wrapped as a background job (see Run).
package portfolio

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	gojson "github.com/goccy/go-json"
)

// Format names an input format.
type Format string

// The input formats.
const (
	FormatOpenAlex Format = "openalex"
	FormatCSV      Format = "csv"
)

// Formats lists the accepted formats.
var Formats = []Format{FormatOpenAlex, FormatCSV}

// ParseFormat returns the format named s.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats {
		if strings.EqualFold(s, string(f)) {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown portfolio format %q (want openalex or csv)", s)
}

// MaxLineBytes is the longest input line accepted. OpenAlex works with
// thousands of authors run to a few megabytes; longer lines are reported
// as malformed and skipped.
const MaxLineBytes = 8 << 20

// MaxCSVRecordLines bounds how many physical lines one quoted CSV field
// may span before the record is reported as malformed.
const MaxCSVRecordLines = 64

// Work is one publication with its authors.
type Work struct {
	// Line is the input line the work starts on (1-based).
	Line  int64  `json:"line"`
	ID    string `json:"id,omitempty"`
	Title string `json:"title"`
	Year  int    `json:"year,omitempty"`
	// Topics are concept and topic names, classified with the title.
	Topics  []string `json:"topics,omitempty"`
	Authors []Author `json:"authors"`
}

// Author is one authorship: a person and the affiliations they gave.
type Author struct {
	Name         string        `json:"name"`
	Affiliations []Affiliation `json:"affiliations"`
}

// Affiliation is one affiliation string, with the ROR ids of the
// institutions OpenAlex matched it to when it did.
type Affiliation struct {
	Raw     string   `json:"raw"`
	RORs    []string `json:"rors,omitempty"`
	Country string   `json:"country,omitempty"`
}

// LineError is one malformed input line.
type LineError struct {
	Line   int64
	Reason string
}

func (e LineError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Reason) }

// Reader reads works from a portfolio file. Malformed lines are recorded
// (see Malformed) and skipped; only I/O errors and a CSV without the
// required header stop it.
type Reader struct {
	lr        *lineReader
	format    Format
	cols      csvCols
	malformed []LineError
	bad       int64
	pending   *Work // CSV: the work being assembled from consecutive rows
	records   int64
	done      bool
}

// NewReader returns a reader of format f over r. For CSV it reads the
// header line at once and fails when a required column is missing.
func NewReader(r io.Reader, f Format) (*Reader, error) {
	rd := &Reader{lr: newLineReader(r), format: f}
	switch f {
	case FormatOpenAlex:
	case FormatCSV:
		if err := rd.readHeader(); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("unknown portfolio format %q", f)
	}
	return rd, nil
}

// Malformed returns the malformed lines seen so far, at most maxKept of
// them, and how many there were in all.
func (r *Reader) Malformed() ([]LineError, int64) { return r.malformed, r.bad }

// Records is how many input lines (OpenAlex) or data rows (CSV) were read
// as part of a work.
func (r *Reader) Records() int64 { return r.records }

// BytesRead is how far into the input the reader is.
func (r *Reader) BytesRead() int64 { return r.lr.offset }

// maxKept bounds the malformed lines a reader remembers.
const maxKept = 1000

func (r *Reader) reject(line int64, reason string) {
	r.bad++
	if len(r.malformed) < maxKept {
		r.malformed = append(r.malformed, LineError{Line: line, Reason: reason})
	}
}

// Next returns the next work, or io.EOF at the end of the input.
func (r *Reader) Next() (Work, error) {
	if r.format == FormatCSV {
		return r.nextCSV()
	}
	for {
		line, n, err := r.lr.next()
		if err != nil {
			return Work{}, err
		}
		if line.tooLong {
			r.reject(n, fmt.Sprintf("line longer than %d bytes", MaxLineBytes))
			continue
		}
		b := bytes.TrimSpace(line.b)
		if len(b) == 0 {
			continue
		}
		if !utf8.Valid(b) {
			r.reject(n, "invalid UTF-8")
			continue
		}
		w, err := parseOpenAlex(b)
		if err != nil {
			r.reject(n, err.Error())
			continue
		}
		w.Line = n
		r.records++
		return w, nil
	}
}

// oaWork is the part of an OpenAlex work object that portfolio screening
// reads (https://docs.openalex.org/api-entities/works/work-object).
type oaWork struct {
	ID              string `json:"id"`
	Title           string `json:"title"`
	DisplayName     string `json:"display_name"`
	PublicationYear *int   `json:"publication_year"`
	Authorships     []struct {
		Author struct {
			DisplayName string `json:"display_name"`
		} `json:"author"`
		RawAuthorName string `json:"raw_author_name"`
		Institutions  []struct {
			ID          string `json:"id"`
			ROR         string `json:"ror"`
			DisplayName string `json:"display_name"`
			CountryCode string `json:"country_code"`
		} `json:"institutions"`
		RawAffiliationStrings []string `json:"raw_affiliation_strings"`
		Affiliations          []struct {
			Raw            string   `json:"raw_affiliation_string"`
			InstitutionIDs []string `json:"institution_ids"`
		} `json:"affiliations"`
	} `json:"authorships"`
	Concepts []oaLabel `json:"concepts"`
	Topics   []oaLabel `json:"topics"`
}

type oaLabel struct {
	DisplayName string   `json:"display_name"`
	Score       *float64 `json:"score"`
}

// MinConceptScore is the score an OpenAlex concept or topic needs to be
// classified with the title; OpenAlex lists many weak concepts per work.
const MinConceptScore = 0.3

func parseOpenAlex(b []byte) (Work, error) {
	if b[0] != '{' {
		return Work{}, errors.New("not a JSON object")
	}
	var o oaWork
	if err := gojson.Unmarshal(b, &o); err != nil {
		return Work{}, fmt.Errorf("invalid JSON: %s", shortErr(err))
	}
	w := Work{ID: o.ID, Title: strings.TrimSpace(o.Title)}
	if w.Title == "" {
		w.Title = strings.TrimSpace(o.DisplayName)
	}
	if o.PublicationYear != nil {
		if y := *o.PublicationYear; y < 1000 || y > 2999 {
			return Work{}, fmt.Errorf("publication_year %d out of range", y)
		}
		w.Year = *o.PublicationYear
	}
	if len(o.Authorships) == 0 {
		return Work{}, errors.New("no authorships")
	}
	for _, l := range append(o.Concepts, o.Topics...) {
		if n := strings.TrimSpace(l.DisplayName); n != "" && (l.Score == nil || *l.Score >= MinConceptScore) {
			w.Topics = append(w.Topics, n)
		}
	}
	for _, a := range o.Authorships {
		au := Author{Name: strings.TrimSpace(a.Author.DisplayName)}
		if au.Name == "" {
			au.Name = strings.TrimSpace(a.RawAuthorName)
		}
		type inst struct{ ror, name, country string }
		byID := make(map[string]inst, len(a.Institutions))
		var all []inst
		for _, in := range a.Institutions {
			i := inst{ror: strings.TrimSpace(in.ROR), name: strings.TrimSpace(in.DisplayName), country: strings.ToUpper(strings.TrimSpace(in.CountryCode))}
			byID[shortOAID(in.ID)] = i
			all = append(all, i)
		}
		addAff := func(raw string, insts []inst) {
			raw = strings.TrimSpace(raw)
			if raw == "" {
				return
			}
			af := Affiliation{Raw: raw}
			for _, i := range insts {
				if i.ror != "" {
					af.RORs = append(af.RORs, i.ror)
				}
				if af.Country == "" {
					af.Country = i.country
				}
			}
			au.Affiliations = append(au.Affiliations, af)
		}
		switch {
		case len(a.Affiliations) > 0:
			// Each raw string comes with the institutions OpenAlex
			// matched it to.
			for _, af := range a.Affiliations {
				var insts []inst
				for _, id := range af.InstitutionIDs {
					if i, ok := byID[shortOAID(id)]; ok {
						insts = append(insts, i)
					}
				}
				addAff(af.Raw, insts)
			}
		case len(a.RawAffiliationStrings) == 1:
			addAff(a.RawAffiliationStrings[0], all)
		case len(a.RawAffiliationStrings) > 1:
			// Which string goes with which institution is not said:
			// resolve each string ourselves.
			for _, s := range a.RawAffiliationStrings {
				addAff(s, nil)
			}
		default:
			for _, i := range all {
				addAff(i.name, []inst{i})
			}
		}
		w.Authors = append(w.Authors, au)
	}
	return w, nil
}

// shortOAID reduces an OpenAlex id to its key ("I18014758").
func shortOAID(id string) string {
	if i := strings.LastIndexByte(id, '/'); i >= 0 {
		return id[i+1:]
	}
	return id
}

// shortErr keeps a JSON error message to one short line.
func shortErr(err error) string {
	s := err.Error()
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

// csvCols are the column indexes of a portfolio CSV.
type csvCols struct {
	person, affiliation, year, title, id int
	n                                    int
}

func (r *Reader) readHeader() error {
	for {
		line, n, err := r.lr.next()
		if errors.Is(err, io.EOF) {
			return errors.New("portfolio CSV: no header line")
		}
		if err != nil {
			return err
		}
		if line.tooLong {
			return fmt.Errorf("portfolio CSV: header line %d longer than %d bytes", n, MaxLineBytes)
		}
		b := bytes.TrimPrefix(bytes.TrimSpace(line.b), []byte("\ufeff"))
		if len(b) == 0 {
			continue
		}
		rec, err := csv.NewReader(bytes.NewReader(b)).Read()
		if err != nil {
			return fmt.Errorf("portfolio CSV: header line %d: %w", n, err)
		}
		c := csvCols{person: -1, affiliation: -1, year: -1, title: -1, id: -1, n: len(rec)}
		for i, h := range rec {
			switch strings.ToLower(strings.TrimSpace(h)) {
			case "person", "author", "name":
				c.person = i
			case "affiliation":
				c.affiliation = i
			case "year":
				c.year = i
			case "title":
				c.title = i
			case "id", "work_id", "doi":
				c.id = i
			}
		}
		var missing []string
		for _, m := range []struct {
			name string
			i    int
		}{{"person", c.person}, {"affiliation", c.affiliation}, {"year", c.year}, {"title", c.title}} {
			if m.i < 0 {
				missing = append(missing, m.name)
			}
		}
		if len(missing) > 0 {
			return fmt.Errorf("portfolio CSV: header line %d lacks column(s) %s (want person, affiliation, year, title in any order and case)", n, strings.Join(missing, ", "))
		}
		r.cols = c
		return nil
	}
}

// nextCSV returns the next work: consecutive rows with the same title and
// year (and id, when there is an id column) are the authors of one work.
func (r *Reader) nextCSV() (Work, error) {
	for {
		if r.done {
			if r.pending != nil {
				w := *r.pending
				r.pending = nil
				return w, nil
			}
			return Work{}, io.EOF
		}
		rec, n, err := r.csvRecord()
		if errors.Is(err, io.EOF) {
			r.done = true
			continue
		}
		if err != nil {
			return Work{}, err
		}
		if rec == nil {
			continue
		}
		c := r.cols
		field := func(i int) string {
			if i < 0 {
				return ""
			}
			return strings.TrimSpace(rec[i])
		}
		year := 0
		if y := field(c.year); y != "" {
			v, err := strconv.Atoi(y)
			if err != nil || v < 1000 || v > 2999 {
				r.reject(n, fmt.Sprintf("year %q is not a year", y))
				continue
			}
			year = v
		}
		title, person, aff, id := field(c.title), field(c.person), field(c.affiliation), field(c.id)
		if title == "" && person == "" && aff == "" {
			r.reject(n, "no title, person or affiliation")
			continue
		}
		r.records++
		// One row is one affiliation: an author with two affiliations has
		// two rows. (No separator is safe to split on: registry names hold
		// "|", ";" and ",".)
		au := Author{Name: person}
		if aff != "" {
			au.Affiliations = []Affiliation{{Raw: aff}}
		}
		if p := r.pending; p != nil && p.Title == title && p.Year == year && p.ID == id {
			p.Authors = append(p.Authors, au)
			continue
		}
		prev := r.pending
		r.pending = &Work{Line: n, ID: id, Title: title, Year: year, Authors: []Author{au}}
		if prev != nil {
			return *prev, nil
		}
	}
}

// csvRecord reads one CSV record, joining physical lines while a quoted
// field is open. A malformed record is rejected and nil returned.
func (r *Reader) csvRecord() ([]string, int64, error) {
	line, n, err := r.lr.next()
	if err != nil {
		return nil, 0, err
	}
	if line.tooLong {
		r.reject(n, fmt.Sprintf("line longer than %d bytes", MaxLineBytes))
		return nil, n, nil
	}
	buf := append([]byte(nil), line.b...)
	for lines := 1; bytes.Count(buf, []byte{'"'})%2 == 1; lines++ {
		if lines >= MaxCSVRecordLines || len(buf) > MaxLineBytes {
			r.reject(n, "unterminated quoted field")
			return nil, n, nil
		}
		more, _, err := r.lr.next()
		if errors.Is(err, io.EOF) {
			r.reject(n, "unterminated quoted field at end of file")
			return nil, n, nil
		}
		if err != nil {
			return nil, 0, err
		}
		if more.tooLong {
			r.reject(n, fmt.Sprintf("record longer than %d bytes", MaxLineBytes))
			return nil, n, nil
		}
		buf = append(append(buf, '\n'), more.b...)
	}
	if len(bytes.TrimSpace(buf)) == 0 {
		return nil, n, nil
	}
	if !utf8.Valid(buf) {
		r.reject(n, "invalid UTF-8")
		return nil, n, nil
	}
	cr := csv.NewReader(bytes.NewReader(buf))
	cr.FieldsPerRecord = r.cols.n
	rec, err := cr.Read()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		r.reject(n, fmt.Sprintf("bad CSV record: %v", err))
		return nil, n, nil
	}
	return rec, n, nil
}

// physLine is one physical line without its line ending.
type physLine struct {
	b       []byte
	tooLong bool
}

// lineReader reads lines with a bounded buffer: a line over MaxLineBytes
// is skipped to its end and reported as too long, never held whole.
type lineReader struct {
	br     *bufio.Reader
	line   int64
	offset int64
	max    int
}

func newLineReader(r io.Reader) *lineReader {
	return &lineReader{br: bufio.NewReaderSize(r, 64<<10), max: MaxLineBytes}
}

// next returns the next line and its number. The returned bytes are valid
// until the following call.
func (l *lineReader) next() (physLine, int64, error) {
	var acc []byte
	tooLong := false
	for {
		chunk, err := l.br.ReadSlice('\n')
		l.offset += int64(len(chunk))
		if !tooLong {
			if len(acc)+len(chunk) > l.max+2 {
				tooLong, acc = true, nil
			} else if acc == nil && err == nil {
				acc = chunk // the common case: the whole line was in the buffer
			} else {
				acc = append(acc, chunk...)
			}
		}
		switch {
		case err == nil:
			l.line++
			return physLine{b: trimEOL(acc), tooLong: tooLong}, l.line, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue // acc holds a copy: chunk is overwritten by the next read
		case errors.Is(err, io.EOF):
			if len(acc) == 0 && !tooLong {
				return physLine{}, l.line, io.EOF
			}
			l.line++
			return physLine{b: trimEOL(acc), tooLong: tooLong}, l.line, nil
		default:
			return physLine{}, l.line, fmt.Errorf("read line %d: %w", l.line+1, err)
		}
	}
}

func trimEOL(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte("\n"))
	return bytes.TrimSuffix(b, []byte("\r"))
}

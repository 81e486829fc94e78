// Package bulk screens every row of an uploaded spreadsheet and writes the
// same sheet back with result columns appended.
//
// Input is a CSV file (separator detected among comma, semicolon, tab and
// pipe, or named by Excel's "sep=" first line; UTF-8 with or without a
// byte order mark; RFC 4180 quoting) or an
// XLSX workbook (the first sheet or a named one). The first row names the
// columns; the column to screen is found by its header ("name",
// "organisation", "affiliation", "institution", ...) or chosen by the
// caller. Each data row's cell is screened through a callback, and the
// output is the same format with every original sheet, column and row
// kept, and these columns appended to the screened sheet:
//
//	Best match, List, Score, Program, Via, Hits, Status
//
// Status is "hit" (a candidate at or above the hit threshold), "review"
// (no hit, but the best candidate scores at least ReviewThreshold),
// "clear", or "error: reason". Best match, List, Score, Program and Via
// describe the best candidate for hits and reviews and are empty for
// clear rows.
//
// Limits (see Options): DefaultMaxRows data rows and DefaultMaxBytes of
// upload. Bad input (not CSV or XLSX, empty, no name column, invalid
// UTF-8, a corrupted workbook, too many rows) is refused with an error
// naming the problem and, where there is one, the row.
package bulk

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/collabcheck/collabcheck/internal/report"
	"github.com/collabcheck/collabcheck/internal/screening"
)

// Limits applied when Options leave them zero.
const (
	// DefaultMaxRows is the most data rows (after the header) screened
	// from one upload.
	DefaultMaxRows = 100_000
	// DefaultMaxBytes is the largest upload accepted: 20 MiB.
	DefaultMaxBytes = 20 << 20
	// DefaultReviewThreshold is the best-candidate score from which a
	// row without a hit is marked "review" rather than "clear".
	DefaultReviewThreshold = 0.65
)

// Format is a sheet's file format.
type Format string

// Formats.
const (
	CSV  Format = "csv"
	XLSX Format = "xlsx"
)

// ResultHeader are the column headers appended to the sheet.
var ResultHeader = []string{"Best match", "List", "Score", "Program", "Via", "Hits", "Status"}

// ScreenFunc screens one name. Process calls it from several goroutines
// at once (see Options.Workers).
type ScreenFunc func(name string) (screening.Result, error)

// Options tune Process. The zero value detects everything and applies
// the default limits.
type Options struct {
	// Column picks the column to screen: a header (case-insensitive), a
	// 1-based column number, or a column letter ("C"). Empty detects it
	// from the headers.
	Column string
	// Sheet names the XLSX sheet to screen; empty takes the first.
	Sheet string
	// MaxRows and MaxBytes override DefaultMaxRows and DefaultMaxBytes.
	MaxRows  int
	MaxBytes int64
	// ReviewThreshold overrides DefaultReviewThreshold.
	ReviewThreshold float64
	// Workers is how many rows are screened at once; 0 means GOMAXPROCS.
	// Use 1 when ScreenFunc is not safe for concurrent use.
	Workers int
	// Progress, when set, is called with the rows done and the total,
	// first with done 0 once the sheet is read, then as rows complete
	// (about every percent) and last with done == total. It is called
	// from one goroutine.
	Progress func(done, total int)
}

// Summary says what Process did.
type Summary struct {
	Format Format
	Sheet  string // XLSX only
	// Column is the screened column's header and 1-based number.
	Column      string
	ColumnIndex int
	Rows        int // data rows screened (after the header)
	Hits        int
	Review      int
	Clear       int
	Errors      int
}

// InputError is bad input: it names the problem and, when there is one,
// the 1-based row of the sheet (the header is row 1).
type InputError struct {
	Row int
	Msg string
}

func (e *InputError) Error() string {
	if e.Row > 0 {
		return fmt.Sprintf("row %d: %s", e.Row, e.Msg)
	}
	return e.Msg
}

func inputErr(row int, format string, args ...any) error {
	return &InputError{Row: row, Msg: fmt.Sprintf(format, args...)}
}

// Detect tells a sheet's format from its first bytes: an XLSX workbook
// is a zip file; anything else that is text is taken as CSV. It refuses
// old .xls workbooks, UTF-16 text and other binary files.
func Detect(head []byte) (Format, error) {
	switch {
	case len(head) == 0:
		return "", inputErr(0, "the file is empty")
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return XLSX, nil
	case bytes.HasPrefix(head, []byte("\xD0\xCF\x11\xE0")):
		return "", inputErr(0, "the file is an old Excel .xls workbook or a password-protected workbook: save it unprotected as .xlsx or CSV")
	case bytes.HasPrefix(head, []byte("\xFF\xFE")), bytes.HasPrefix(head, []byte("\xFE\xFF")):
		return "", inputErr(0, "the file is UTF-16 text: save it as CSV in UTF-8")
	case bytes.HasPrefix(head, []byte("%PDF")):
		return "", inputErr(0, "the file is a PDF, not a CSV or XLSX sheet")
	case bytes.IndexByte(head[:min(len(head), 8192)], 0) >= 0:
		return "", inputErr(0, "the file is binary, not a CSV or XLSX sheet")
	}
	return CSV, nil
}

// Process reads the sheet from in, screens each data row of the name
// column with screen, and writes the sheet with result columns to out in
// the same format. Nothing is written to out unless the whole input was
// read and screened; a screening error on one row is recorded in that
// row's status, not returned. The error is an *InputError for bad input,
// ctx.Err() when cancelled, or a write error.
func Process(ctx context.Context, in io.Reader, out io.Writer, screen ScreenFunc, opt Options) (Summary, error) {
	if opt.MaxRows <= 0 {
		opt.MaxRows = DefaultMaxRows
	}
	if opt.MaxBytes <= 0 {
		opt.MaxBytes = DefaultMaxBytes
	}
	if opt.ReviewThreshold <= 0 {
		opt.ReviewThreshold = DefaultReviewThreshold
	}
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	data, err := io.ReadAll(io.LimitReader(in, opt.MaxBytes+1))
	if err != nil {
		return Summary{}, fmt.Errorf("read the upload: %w", err)
	}
	if int64(len(data)) > opt.MaxBytes {
		return Summary{}, inputErr(0, "the file is larger than the limit of %d bytes", opt.MaxBytes)
	}
	f, err := Detect(data)
	if err != nil {
		return Summary{}, err
	}
	var sh sheet
	switch f {
	case XLSX:
		sh, err = readXLSX(data, opt)
	default:
		sh, err = readCSV(data, opt)
	}
	if err != nil {
		return Summary{}, err
	}
	defer sh.close()
	header := sh.header()
	col, err := findColumn(header, opt.Column)
	if err != nil {
		return Summary{}, err
	}
	s := Summary{Format: f, Column: strings.TrimSpace(header[col]), ColumnIndex: col + 1}
	if xs, ok := sh.(*xlsxSheet); ok {
		s.Sheet = xs.name
	}
	names := sh.column(col)
	results, err := screenAll(ctx, names, screen, opt)
	if err != nil {
		return Summary{}, err
	}
	s.Rows = len(results)
	for _, r := range results {
		switch {
		case strings.HasPrefix(r.status, "error"):
			s.Errors++
		case r.status == "hit":
			s.Hits++
		case r.status == "review":
			s.Review++
		default:
			s.Clear++
		}
	}
	if err := sh.write(out, results); err != nil {
		return Summary{}, err
	}
	return s, nil
}

// sheet is a read table of either format.
type sheet interface {
	header() []string
	// column returns the data rows' cells of column i ("" where a row is short).
	column(i int) []string
	// write writes the sheet with one result per data row appended.
	write(w io.Writer, rs []rowResult) error
	close()
}

// rowResult is what is appended to one row.
type rowResult struct {
	best, list, program, via, status string
	score                            float64
	hits                             int
	hasBest                          bool
}

func (r rowResult) cells() []string {
	if !r.hasBest {
		return []string{"", "", "", "", "", strconv.Itoa(r.hits), r.status}
	}
	return []string{r.best, r.list, strconv.FormatFloat(r.score, 'f', 3, 64), r.program, r.via, strconv.Itoa(r.hits), r.status}
}

func classify(res screening.Result, err error, review float64) rowResult {
	if err != nil {
		return rowResult{status: "error: " + err.Error()}
	}
	var r rowResult
	for _, m := range res.Matches {
		if m.Match {
			r.hits++
		}
	}
	best := -1
	for i, m := range res.Matches {
		if best < 0 || m.Score > res.Matches[best].Score {
			best = i
		}
	}
	switch {
	case r.hits > 0:
		r.status = "hit"
	case best >= 0 && res.Matches[best].Score >= review:
		r.status = "review"
	default:
		r.status = "clear"
		return r
	}
	m := res.Matches[best]
	r.hasBest = true
	r.best, r.list, r.score, r.program, r.via = m.Name, m.List, m.Score, report.Programs(m), report.Via(m)
	return r
}

// screenAll screens names on opt.Workers goroutines, keeping row order.
// Each distinct name (after trimming) is screened once: sheets of
// affiliations repeat the same institutions many times. Progress counts
// rows, so a name shared by many rows advances it by that many.
func screenAll(ctx context.Context, names []string, screen ScreenFunc, opt Options) ([]rowResult, error) {
	total := len(names)
	results := make([]rowResult, total)
	if opt.Progress != nil {
		opt.Progress(0, total)
	}
	if total == 0 {
		return results, nil
	}
	var distinct []string
	rowsOf := map[string][]int{}
	for i, n := range names {
		n = strings.TrimSpace(n)
		if _, ok := rowsOf[n]; !ok {
			distinct = append(distinct, n)
		}
		rowsOf[n] = append(rowsOf[n], i)
	}
	unique := make([]rowResult, len(distinct))
	every := max(1, total/100)
	next := make(chan int)
	done := make(chan int, opt.Workers)
	var wg sync.WaitGroup
	for range min(opt.Workers, len(distinct)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				unique[i] = screenOne(distinct[i], screen, opt.ReviewThreshold)
				done <- i
			}
		}()
	}
	go func() {
		defer close(next)
		for i := range distinct {
			select {
			case next <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(done) }()
	n, last := 0, 0
	for i := range done {
		for _, row := range rowsOf[distinct[i]] {
			results[row] = unique[i]
		}
		n += len(rowsOf[distinct[i]])
		if opt.Progress != nil && (n-last >= every || n == total) {
			last = n
			opt.Progress(n, total)
		}
	}
	if err := ctx.Err(); err != nil && n < total {
		return nil, err
	}
	return results, nil
}

// screenOne screens one cell; a panic in the callback becomes the row's
// error rather than the server's crash.
func screenOne(name string, screen ScreenFunc, review float64) (r rowResult) {
	defer func() {
		if p := recover(); p != nil {
			r = rowResult{status: fmt.Sprintf("error: screening failed: %v", p)}
		}
	}()
	name = strings.TrimSpace(name)
	if name == "" {
		return rowResult{status: "error: empty name"}
	}
	res, err := screen(name)
	return classify(res, err, review)
}

// headerWords are the headers recognised as the column to screen, best
// first; a header is compared lower-cased with punctuation removed.
var headerWords = []string{
	"name", "full name", "organisation", "organization", "organisation name", "organization name",
	"affiliation", "affiliations", "institution", "institution name", "partner", "partner name",
	"partner organisation", "partner organization", "entity", "entity name", "company", "company name",
	"university", "researcher", "person", "collaborator", "party",
}

// headerStems match headers that contain them, when no header is exact.
var headerStems = []string{"name", "organisation", "organization", "affiliation", "institution", "partner"}

func normHeader(h string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF"))) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			space = false
		default:
			space = true
		}
	}
	return b.String()
}

// findColumn returns the 0-based index of the column to screen.
func findColumn(header []string, choice string) (int, error) {
	if len(header) == 0 {
		return 0, inputErr(1, "the header row is empty: the first row must name the columns")
	}
	if c := strings.TrimSpace(choice); c != "" {
		for i, h := range header {
			if strings.EqualFold(strings.TrimSpace(h), c) {
				return i, nil
			}
		}
		if n, err := strconv.Atoi(c); err == nil {
			if n < 1 || n > len(header) {
				return 0, inputErr(0, "column %d does not exist: the sheet has %d columns", n, len(header))
			}
			return n - 1, nil
		}
		if n, ok := letters(c); ok && n <= len(header) {
			return n - 1, nil
		}
		return 0, inputErr(1, "no column %q: the headers are %s", c, quoteAll(header))
	}
	norm := make([]string, len(header))
	for i, h := range header {
		norm[i] = normHeader(h)
	}
	for _, w := range headerWords {
		for i, h := range norm {
			if h == w {
				return i, nil
			}
		}
	}
	for _, st := range headerStems {
		for i, h := range norm {
			if strings.Contains(h, st) {
				return i, nil
			}
		}
	}
	return 0, inputErr(1, "no name column: none of the headers %s is a name, organisation or affiliation; choose the column to screen", quoteAll(header))
}

// letters reads a spreadsheet column name ("A", "AB") as a 1-based number.
func letters(s string) (int, bool) {
	if len(s) == 0 || len(s) > 3 {
		return 0, false
	}
	n := 0
	for _, r := range strings.ToUpper(s) {
		if r < 'A' || r > 'Z' {
			return 0, false
		}
		n = n*26 + int(r-'A'+1)
	}
	return n, true
}

func quoteAll(ss []string) string {
	const show = 12
	var q []string
	for i, s := range ss {
		if i == show {
			q = append(q, fmt.Sprintf("and %d more", len(ss)-show))
			break
		}
		q = append(q, strconv.Quote(strings.TrimSpace(s)))
	}
	return strings.Join(q, ", ")
}

// Package sources reads watch lists in their publishers' own formats and
// turns each into watchlist entities: one reader per format (OFAC SDN CSV
// set, trade.gov Consolidated Screening List CSV/JSON, UN Security Council
// XML, FollowTheMoney JSON lines, the ASPI China Defence Universities
// Tracker in MISP galaxy JSON, and an organisation's own CSV with a column
// mapping), plus content sniffing to tell them apart.
//
// Readers keep everything a record carries: every name spelling (aliases,
// former names, names in other scripts, with a language guessed from the
// script where the source gives none), remarks verbatim, and any field
// without a home in watchlist.Entity as an attribute. What a reader cannot
// place (an alias row for an unknown OFAC entry, an FtM sanction on an
// entity not in the file) is reported in List.Warnings, never silently
// dropped.
//
// Bad input is an error naming the file and the line or record: a
// truncated file, malformed CSV/JSON/XML, a line over the FtM limit. JSON
// and XML must be UTF-8 and are rejected otherwise; CSV files that are not
// valid UTF-8 are decoded as Windows-1252 (a superset of Latin-1, which is
// what OFAC and spreadsheet exports use), with a warning.
package sources

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// Format names accepted by Read and returned by Detect.
const (
	FormatOFAC = "ofac" // OFAC SDN CSV set (sdn.csv, add.csv, alt.csv, sdn_comments.csv)
	FormatCSL  = "csl"  // trade.gov Consolidated Screening List, CSV or JSON
	FormatUN   = "un"   // UN Security Council consolidated list XML
	FormatFtM  = "ftm"  // FollowTheMoney entities, JSON lines
	FormatASPI = "aspi" // ASPI China Defence Universities Tracker, MISP galaxy JSON
	FormatCSV  = "csv"  // an organisation's own list, CSV with a header row
)

// Formats lists every format Read understands, for help texts and
// validation.
var Formats = []string{FormatOFAC, FormatCSL, FormatUN, FormatFtM, FormatASPI, FormatCSV}

// DefaultMaxLineBytes is the longest FtM JSON line accepted when
// Options.MaxLineBytes is zero. OpenSanctions lines for heavily aliased
// entities reach a few hundred kilobytes; 16 MiB leaves ample room while
// bounding memory on a corrupt file without newlines.
const DefaultMaxLineBytes = 16 << 20

// maxFileBytes bounds the formats that are read whole (CSV and JSON
// documents) so a wrong path to a huge file fails clearly instead of
// exhausting memory.
const maxFileBytes = 2 << 30

// List is what reading one list source yields.
type List struct {
	// Name is a suggested list name: "ofac_sdn", "un_consolidated", "csl",
	// "aspi_cdut"; for FtM the dataset all records share (e.g.
	// "us_special_leg"), else the file's base name; for custom CSV the
	// file's base name.
	Name string
	// Format is the format read (one of Formats).
	Format string
	// Entities are the listed parties in source order. Every entity has a
	// non-empty SourceID, unique within the list, and at least one name.
	Entities []watchlist.Entity
	// ContentHash is the hex SHA-256 of the input: for one file, of its
	// bytes (so it equals `sha256sum file`); for several files (the OFAC
	// set, several FtM files), of the lines "NAME\x00HEX\n" for each file
	// sorted by base name, where HEX is that file's own SHA-256.
	ContentHash string
	// Warnings say what could not be placed or was repaired (orphan alias
	// rows, duplicate ids made unique, a non-UTF-8 CSV decoded as
	// Windows-1252). They do not make the list invalid.
	Warnings []string
}

// Options tunes reading. The zero value is ready to use.
type Options struct {
	// Mapping says which columns of a custom CSV hold what (see
	// ParseMapping). Nil means infer it from the header names. Other
	// formats ignore it.
	Mapping *CSVMapping
	// MaxLineBytes caps one FtM JSON line; 0 means DefaultMaxLineBytes.
	MaxLineBytes int
}

// ParseError reports malformed input and where it is. Line is 1-based
// when known; Record is the 1-based record number (row, entry, JSON line)
// when that is the better locator. Callers can match it with errors.As to
// show the location apart from the message.
type ParseError struct {
	Path   string
	Line   int
	Record int
	Err    error
}

// Error formats the location and cause: "read PATH line 12: ...",
// "read PATH record 3 (line 40): ...".
func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString("read ")
	b.WriteString(e.Path)
	switch {
	case e.Record > 0 && e.Line > 0:
		fmt.Fprintf(&b, " record %d (line %d)", e.Record, e.Line)
	case e.Record > 0:
		fmt.Fprintf(&b, " record %d", e.Record)
	case e.Line > 0:
		fmt.Fprintf(&b, " line %d", e.Line)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the underlying cause.
func (e *ParseError) Unwrap() error { return e.Err }

func lineErr(path string, line int, format string, args ...any) error {
	return &ParseError{Path: path, Line: line, Err: fmt.Errorf(format, args...)}
}

// Read reads the list at paths in the given format ("" detects it with
// Detect). Most formats take one or more files, read in the order given;
// OFAC takes the folder holding the CSV set, or the CSV files themselves.
// Read either returns a complete list or an error naming the file and the
// line or record: it never returns a partial list.
func Read(format string, paths []string, opt Options) (*List, error) {
	if len(paths) == 0 {
		return nil, errors.New("read list: no input files given")
	}
	if format == "" {
		f, err := Detect(paths)
		if err != nil {
			return nil, err
		}
		format = f
	}
	var (
		res *result
		err error
	)
	switch format {
	case FormatOFAC:
		res, err = readOFACPaths(paths)
	case FormatCSL:
		res, err = readEach(paths, func(in input) (*result, error) { return readCSL(in) })
	case FormatUN:
		res, err = readEach(paths, func(in input) (*result, error) { return readUN(in) })
	case FormatASPI:
		res, err = readEach(paths, func(in input) (*result, error) { return readASPI(in) })
	case FormatCSV:
		res, err = readEach(paths, func(in input) (*result, error) { return readCustomCSV(in, opt.Mapping) })
	case FormatFtM:
		res, err = readFtMPaths(paths, opt.MaxLineBytes)
	default:
		return nil, fmt.Errorf("read list: unknown format %q (want one of %s)", format, strings.Join(Formats, ", "))
	}
	if err != nil {
		return nil, err
	}
	l := &List{Name: res.name, Format: format, Entities: res.entities, Warnings: res.warnings}
	l.Warnings = append(l.Warnings, uniqueSourceIDs(l.Entities)...)
	if err := checkWellFormed(l.Entities); err != nil {
		return nil, fmt.Errorf("read %s: %w", strings.Join(paths, ", "), err)
	}
	l.ContentHash = combineHashes(res.hashes)
	if l.Name == "" {
		l.Name = baseName(paths[0])
	}
	return l, nil
}

// result is what one reader hands back to Read.
type result struct {
	name     string
	entities []watchlist.Entity
	warnings []string
	hashes   []fileHash
}

func (r *result) warnf(format string, args ...any) {
	r.warnings = append(r.warnings, fmt.Sprintf(format, args...))
}

// input is one open source file: Name (its path) labels errors, R yields
// its bytes.
type input struct {
	Name string
	R    io.Reader
}

// fileHash is one input file's SHA-256, for List.ContentHash.
type fileHash struct {
	name string
	sum  []byte
}

// openHashed opens path and returns an input whose reads also feed a
// SHA-256; done finishes the hash once the reader has consumed the file.
func openHashed(path string) (in input, done func() fileHash, closeFn func() error, err error) {
	f, err := os.Open(path)
	if err != nil {
		return input{}, nil, nil, fmt.Errorf("read list: %w", err)
	}
	if st, err := f.Stat(); err == nil && st.IsDir() {
		f.Close()
		return input{}, nil, nil, fmt.Errorf("read list: %s is a folder, not a file", path)
	}
	h := sha256.New()
	in = input{Name: path, R: io.TeeReader(f, h)}
	done = func() fileHash {
		// Hash whatever the reader left unread (trailing bytes after a
		// document's end) so the hash covers the whole file.
		_, _ = io.Copy(h, f)
		return fileHash{name: filepath.Base(path), sum: h.Sum(nil)}
	}
	return in, done, f.Close, nil
}

// readEach runs one single-file reader per path and concatenates the
// results in path order.
func readEach(paths []string, read func(input) (*result, error)) (*result, error) {
	all := &result{}
	for _, p := range paths {
		in, done, closeFn, err := openHashed(p)
		if err != nil {
			return nil, err
		}
		r, err := read(in)
		var fh fileHash
		if err == nil {
			fh = done()
		}
		closeFn()
		if err != nil {
			return nil, err
		}
		if all.name == "" {
			all.name = r.name
		}
		all.entities = append(all.entities, r.entities...)
		all.warnings = append(all.warnings, r.warnings...)
		all.hashes = append(all.hashes, fh)
	}
	return all, nil
}

// readAllLimited reads a whole document, refusing files over maxFileBytes.
func readAllLimited(in input) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(in.R, maxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", in.Name, err)
	}
	if len(data) > maxFileBytes {
		return nil, fmt.Errorf("read %s: file larger than %d bytes", in.Name, maxFileBytes)
	}
	return data, nil
}

func combineHashes(hs []fileHash) string {
	if len(hs) == 1 {
		return hex.EncodeToString(hs[0].sum)
	}
	sorted := append([]fileHash(nil), hs...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].name < sorted[j].name })
	h := sha256.New()
	for _, f := range sorted {
		fmt.Fprintf(h, "%s\x00%x\n", f.name, f.sum)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// uniqueSourceIDs makes SourceIDs unique by suffixing repeats with "#2",
// "#3" in source order, and says so. Readers that can merge repeats (FtM,
// custom CSV) do so before this point.
func uniqueSourceIDs(es []watchlist.Entity) []string {
	seen := make(map[string]int, len(es))
	for i := range es {
		seen[es[i].SourceID]++
	}
	var warns []string
	count := make(map[string]int)
	for i := range es {
		id := es[i].SourceID
		if seen[id] < 2 {
			continue
		}
		count[id]++
		if count[id] == 1 {
			continue
		}
		n := count[id]
		newID := id + "#" + strconv.Itoa(n)
		for seen[newID] > 0 {
			n++
			newID = id + "#" + strconv.Itoa(n)
		}
		seen[newID] = 1
		warns = append(warns, fmt.Sprintf("duplicate source id %q (%s) renamed %q", id, es[i].PrimaryName(), newID))
		es[i].SourceID = newID
	}
	return warns
}

// checkWellFormed enforces the invariants every reader promises: a
// SourceID and at least one non-empty name per entity.
func checkWellFormed(es []watchlist.Entity) error {
	for i := range es {
		e := &es[i]
		if e.SourceID == "" {
			return fmt.Errorf("entity %d (%s) has no source id", i+1, e.PrimaryName())
		}
		if len(e.Names) == 0 || e.Names[0].Value == "" {
			return fmt.Errorf("entity %s has no name", e.SourceID)
		}
	}
	return nil
}

// baseName is a file's name without folder and list-ish extensions, used
// as a fallback list name: "lists/us_special_leg.ftm.json" gives
// "us_special_leg".
func baseName(path string) string {
	b := filepath.Base(strings.TrimRight(path, `/\`))
	for _, ext := range []string{".json", ".jsonl", ".ndjson", ".csv", ".tsv", ".xml", ".ftm"} {
		b = strings.TrimSuffix(b, ext)
	}
	for _, ext := range []string{".ftm", ".entities"} {
		b = strings.TrimSuffix(b, ext)
	}
	return b
}

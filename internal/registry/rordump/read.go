// Package rordump reads ROR's schema v2 data dump (the zip as published,
// or the JSON inside it) into registry organisations. Read streams the dump
// record by record so that the full registry (about 120,000 organisations,
// 300 MB of JSON) never has to be in memory as one document. It is the
// file-reading edge; package registry keeps the types I/O-free.
package rordump

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/collabcheck/collabcheck/internal/registry"
	"io"
	"os"
	"path"
	"strings"
	"unicode/utf8"
)

// Info describes a dump that Read has read.
type Info struct {
	// Records is how many organisations the dump holds.
	Records int `json:"records"`
	// ContentHash is the hex SHA-256 of the file's bytes (the zip file as
	// given, or the JSON file), the same value HashFile returns.
	ContentHash string `json:"hash"`
	// SchemaVersion is the newest ROR schema version the records declare
	// (admin.last_modified.schema_version, such as "2.1"), else "2" when
	// only the file name says _schema_v2, else "".
	SchemaVersion string `json:"schema_version,omitempty"`
	// Member is the name of the JSON file read inside a zip; "" for JSON.
	Member string `json:"member,omitempty"`
}

// progressStep is how many bytes Read decodes between progress calls.
const progressStep = 1 << 20

// Read streams a ROR schema v2 data dump at path and calls fn with each
// organisation in file order. The file is either the zip as ROR publishes
// it (holding one "..._schema_v2.json"; when it holds several JSON files
// the schema v2 one is taken) or that JSON array itself; which one is told
// from the content, not the name. Records are decoded one at a time.
//
// Every record is checked with Org.Validate, and ids must be unique. Any
// problem (a truncated or corrupt file, malformed JSON, invalid UTF-8, a
// missing field, an error returned by fn) stops the read with an error that
// names the file and the record by number (from 1) and, when known, by id.
// A dump with no records is an error too. progress, when not nil, is
// called about every MiB with the uncompressed bytes decoded so far and the
// total (the JSON's size), and once at the end.
func Read(path string, fn func(registry.Org) error, progress func(bytesRead, total int64)) (Info, error) {
	info, err := read(path, fn, progress)
	if err != nil {
		return info, fmt.Errorf("read %s: %w", path, err)
	}
	return info, nil
}

// HashFile returns the hex SHA-256 of the file at path: the content hash
// Read reports for it, available before reading, so that an import can tell
// up front that it has this content already.
func HashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("read %s: %w", path, errors.Unwrap(err)) // *PathError: say the path once
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("read %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func read(name string, fn func(registry.Org) error, progress func(int64, int64)) (Info, error) {
	f, err := os.Open(name)
	if err != nil {
		return Info{}, errors.Unwrap(err) // *PathError: Read adds the path
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return Info{}, err
	}
	if st.IsDir() {
		return Info{}, errors.New("is a directory, not a ROR dump (.zip or .json)")
	}
	var magic [4]byte
	n, _ := io.ReadFull(f, magic[:])
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return Info{}, err
	}
	if n >= 2 && magic[0] == 'P' && magic[1] == 'K' {
		return readZip(f, st.Size(), fn, progress)
	}
	h := sha256.New()
	info, err := decode(io.TeeReader(f, h), st.Size(), fn, progress)
	if err != nil {
		return info, err
	}
	info.ContentHash = hex.EncodeToString(h.Sum(nil))
	if info.SchemaVersion == "" && strings.Contains(path.Base(name), "schema_v2") {
		info.SchemaVersion = "2"
	}
	return info, nil
}

// readZip hashes the zip file, picks the schema v2 JSON file in it and
// decodes that.
func readZip(f *os.File, size int64, fn func(registry.Org) error, progress func(int64, int64)) (Info, error) {
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return Info{}, err
	}
	zr, err := zip.NewReader(f, size)
	if err != nil {
		return Info{}, fmt.Errorf("not a readable zip (truncated or corrupt?): %w", err)
	}
	m, err := pickMember(zr.File)
	if err != nil {
		return Info{}, err
	}
	rc, err := m.Open()
	if err != nil {
		return Info{Member: m.Name}, fmt.Errorf("open %s in the zip: %w", m.Name, err)
	}
	defer rc.Close()
	// Draining the member to its end (decode does) makes archive/zip
	// check its CRC-32, so corrupt data is an error, not a short registry.
	info, err := decode(rc, int64(m.UncompressedSize64), fn, progress)
	info.Member = m.Name
	if err != nil {
		return info, fmt.Errorf("%s: %w", m.Name, err)
	}
	info.ContentHash = hex.EncodeToString(h.Sum(nil))
	if info.SchemaVersion == "" && strings.Contains(path.Base(m.Name), "schema_v2") {
		info.SchemaVersion = "2"
	}
	return info, nil
}

// pickMember chooses the JSON file to read: the only one whose name says
// schema_v2, else the only JSON file unless it says schema_v1.
func pickMember(files []*zip.File) (*zip.File, error) {
	var all, v2 []*zip.File
	var names []string
	for _, zf := range files {
		base := path.Base(zf.Name)
		if zf.FileInfo().IsDir() || strings.HasPrefix(zf.Name, "__MACOSX/") || strings.HasPrefix(base, "._") ||
			!strings.EqualFold(path.Ext(base), ".json") {
			continue
		}
		all = append(all, zf)
		names = append(names, zf.Name)
		if strings.Contains(strings.ToLower(base), "schema_v2") {
			v2 = append(v2, zf)
		}
	}
	switch {
	case len(v2) == 1:
		return v2[0], nil
	case len(v2) > 1:
		var vs []string
		for _, zf := range v2 {
			vs = append(vs, zf.Name)
		}
		return nil, fmt.Errorf("zip holds %d schema v2 JSON files (%s); want one", len(v2), strings.Join(vs, ", "))
	case len(all) == 1 && !strings.Contains(strings.ToLower(all[0].Name), "schema_v1"):
		return all[0], nil
	case len(all) == 0:
		return nil, errors.New("zip holds no JSON file; want a ROR dump with one *_schema_v2.json")
	}
	return nil, fmt.Errorf("zip holds no *_schema_v2.json among its JSON files (%s); ROR schema v1 is not supported", strings.Join(names, ", "))
}

// rawRecord is a ROR v2 record as the dump spells it.
type rawRecord struct {
	ID    string `json:"id"`
	Names []struct {
		Value string   `json:"value"`
		Types []string `json:"types"`
		Lang  *string  `json:"lang"`
	} `json:"names"`
	V1Name    json.RawMessage `json:"name"` // only in schema v1 records
	Locations []struct {
		Geo struct {
			CountryCode string `json:"country_code"`
			CountryName string `json:"country_name"`
			Subdivision string `json:"country_subdivision_name"`
			Name        string `json:"name"`
		} `json:"geonames_details"`
	} `json:"locations"`
	Relationships []registry.Relationship `json:"relationships"`
	Status        string                  `json:"status"`
	Types         []string                `json:"types"`
	Established   *int                    `json:"established"`
	Domains       []string                `json:"domains"`
	Links         []struct {
		Type  string `json:"type"`
		Value string `json:"value"`
	} `json:"links"`
	ExternalIDs []struct {
		Type      string   `json:"type"`
		All       []string `json:"all"`
		Preferred *string  `json:"preferred"`
	} `json:"external_ids"`
	Admin struct {
		LastModified struct {
			SchemaVersion string `json:"schema_version"`
		} `json:"last_modified"`
	} `json:"admin"`
}

// org converts the record to an Org.
func (r *rawRecord) org() registry.Org {
	o := registry.Org{
		ID:            strings.TrimSpace(r.ID),
		Status:        r.Status,
		Types:         r.Types,
		Relationships: r.Relationships,
		Domains:       r.Domains,
	}
	o.Names = make([]registry.Name, len(r.Names))
	for i, n := range r.Names {
		o.Names[i] = registry.Name{Value: n.Value, Types: n.Types}
		if n.Lang != nil {
			o.Names[i].Lang = *n.Lang
		}
	}
	if len(r.Locations) > 0 {
		g := r.Locations[0].Geo
		o.Country, o.CountryName, o.City, o.Region = strings.ToLower(g.CountryCode), g.CountryName, g.Name, g.Subdivision
	}
	if r.Established != nil {
		o.Established = *r.Established
	}
	for _, l := range r.Links {
		if l.Value != "" {
			o.Links = append(o.Links, l.Value)
		}
	}
	for _, x := range r.ExternalIDs {
		e := registry.ExternalID{Type: x.Type, All: x.All}
		if x.Preferred != nil {
			e.Preferred = *x.Preferred
		}
		o.ExternalIDs = append(o.ExternalIDs, e)
	}
	return o
}

// decode reads the JSON array of records from r, whose uncompressed size is
// total. It reads r to its end, so that a hash fed through r covers the
// whole file and a zip member's checksum is verified.
func decode(r io.Reader, total int64, fn func(registry.Org) error, progress func(int64, int64)) (Info, error) {
	cr := &countingReader{r: &utf8Reader{r: r}}
	dec := json.NewDecoder(cr)
	var info Info
	tok, err := dec.Token()
	switch {
	case err == io.EOF:
		return info, errors.New("empty file; want a JSON array of ROR records")
	case err != nil:
		return info, fmt.Errorf("not a JSON array of ROR records: %w", err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return info, fmt.Errorf("want a JSON array of ROR records, found %s at the start", describeToken(tok))
	}
	seen := map[string]int{}
	var prevID string
	nextProgress := int64(progressStep)
	for dec.More() {
		n := info.Records + 1
		var rec rawRecord
		if err := dec.Decode(&rec); err != nil {
			return info, fmt.Errorf("record %d%s: %w", n, after(prevID, dec.InputOffset()), explain(err))
		}
		o := rec.org()
		where := fmt.Sprintf("record %d", n)
		if o.ID != "" {
			where = fmt.Sprintf("record %d (%s)", n, o.ID)
		}
		if len(o.Names) == 0 && len(rec.V1Name) > 0 {
			return info, fmt.Errorf("%s: this is a ROR schema v1 record (\"name\", no \"names\"); use the dump's *_schema_v2.json", where)
		}
		if err := o.Validate(); err != nil {
			return info, fmt.Errorf("%s: %w", where, err)
		}
		if first, dup := seen[o.ID]; dup {
			return info, fmt.Errorf("%s: id repeats record %d", where, first)
		}
		seen[o.ID] = n
		if v := rec.Admin.LastModified.SchemaVersion; versionLess(info.SchemaVersion, v) {
			info.SchemaVersion = v
		}
		if err := fn(o); err != nil {
			return info, fmt.Errorf("%s: %w", where, err)
		}
		info.Records = n
		prevID = o.ID
		if progress != nil && cr.n >= nextProgress {
			progress(cr.n, total)
			nextProgress = cr.n + progressStep
		}
	}
	if _, err := dec.Token(); err != nil {
		return info, fmt.Errorf("after record %d%s: %w", info.Records, after(prevID, dec.InputOffset()), explain(err))
	}
	if tok, err := dec.Token(); err != io.EOF {
		if err != nil {
			return info, fmt.Errorf("after the array of %d records: %w", info.Records, explain(err))
		}
		return info, fmt.Errorf("after the array of %d records: unexpected %s", info.Records, describeToken(tok))
	}
	// The decoder stops at the end of the JSON value; read what is left so
	// the hash and the zip checksum cover the whole stream.
	if _, err := io.Copy(io.Discard, cr); err != nil {
		return info, fmt.Errorf("after the array of %d records: %w", info.Records, err)
	}
	if info.Records == 0 {
		return info, errors.New("no records (an empty array)")
	}
	if progress != nil {
		progress(cr.n, max(total, cr.n))
	}
	return info, nil
}

// after says where a record that could not be decoded starts: after which
// id, and at which byte of the JSON.
func after(prevID string, offset int64) string {
	if prevID == "" {
		return fmt.Sprintf(" (starting at byte %d)", offset)
	}
	return fmt.Sprintf(" (after %s, starting at byte %d)", prevID, offset)
}

// explain turns the decoder's bare EOF errors into words.
func explain(err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return fmt.Errorf("file ends in the middle of the JSON (truncated?): %w", io.ErrUnexpectedEOF)
	}
	return err
}

func describeToken(tok any) string {
	switch t := tok.(type) {
	case json.Delim:
		return fmt.Sprintf("%q", string(t))
	case string:
		return fmt.Sprintf("the string %q", t)
	case nil:
		return "null"
	default:
		return fmt.Sprintf("the value %v", t)
	}
}

// versionLess compares dotted schema versions ("2.0" < "2.1" < "2.10").
func versionLess(a, b string) bool {
	if b == "" || len(b) > 16 {
		return false
	}
	if a == "" {
		return true
	}
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	num := func(s string) (int, bool) {
		n := 0
		if s == "" || len(s) > 6 {
			return 0, false
		}
		for _, c := range s {
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	for i := 0; i < len(pa) && i < len(pb); i++ {
		x, okx := num(pa[i])
		y, oky := num(pb[i])
		if !oky {
			return false // b is not a dotted number: ignore it
		}
		if !okx {
			return true
		}
		if x != y {
			return x < y
		}
	}
	return len(pa) < len(pb)
}

// countingReader counts the bytes read through it, for progress.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// ErrInvalidUTF8 is returned (wrapped) when a dump holds bytes that are not
// UTF-8. encoding/json would silently replace them; the registry's names
// must be what the publisher wrote, so such a file is rejected.
var ErrInvalidUTF8 = errors.New("invalid UTF-8")

// utf8Reader passes bytes through while checking that they are UTF-8. On
// bad bytes it first hands over the valid bytes before them and only then
// fails, so the JSON decoder fails on the record that holds them.
type utf8Reader struct {
	r     io.Reader
	buf   []byte
	start int   // buf[start:valid] is checked and not yet handed out
	valid int   // buf[valid:end] is an incomplete character awaiting more
	end   int   //
	off   int64 // stream offset of buf[0]
	err   error // returned once the checked bytes are handed out
}

func (u *utf8Reader) Read(p []byte) (int, error) {
	for u.start == u.valid {
		if u.err != nil {
			return 0, u.err
		}
		u.fill()
	}
	n := copy(p, u.buf[u.start:u.valid])
	u.start += n
	return n, nil
}

// fill moves the incomplete tail to the front, reads more and checks it.
func (u *utf8Reader) fill() {
	if u.buf == nil {
		u.buf = make([]byte, 64<<10)
	}
	u.off += int64(u.valid)
	u.end = copy(u.buf, u.buf[u.valid:u.end])
	u.start, u.valid = 0, 0
	n, err := u.r.Read(u.buf[u.end:])
	u.end += n
	good := validPrefix(u.buf[:u.end])
	u.valid = good
	if good < u.end {
		rest := u.buf[good:u.end]
		if utf8.FullRune(rest) || err != nil {
			// Bad bytes, or a character cut off by the end of the stream.
			u.err = fmt.Errorf("%w at byte %d", ErrInvalidUTF8, u.off+int64(good))
			return
		}
	}
	if err != nil {
		u.err = err
	}
}

// validPrefix returns the length of the longest prefix of b made of whole,
// valid UTF-8 characters.
func validPrefix(b []byte) int {
	if utf8.Valid(b) {
		return len(b)
	}
	i := 0
	for i < len(b) {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return i
}

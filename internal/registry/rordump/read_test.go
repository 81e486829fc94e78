package rordump

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"github.com/collabcheck/collabcheck/internal/registry"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

const fixture = "../testdata/ror-v2.json"

// readAll reads a dump and returns its organisations.
func readAll(t *testing.T, path string) ([]registry.Org, Info) {
	t.Helper()
	var orgs []registry.Org
	info, err := Read(path, func(o registry.Org) error { orgs = append(orgs, o); return nil }, nil)
	if err != nil {
		t.Fatalf("Read(%s): %v", path, err)
	}
	return orgs, info
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// writeZip builds a zip in a temporary directory with the given members.
func writeZip(t *testing.T, name string, members map[string][]byte, order []string) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range order {
		w, err := zw.Create(m)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(members[m]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return writeFile(t, name, buf.Bytes())
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestReadJSONFixture(t *testing.T) {
	orgs, info := readAll(t, fixture)
	if info.Records != 5 || len(orgs) != 5 {
		t.Fatalf("records %d, orgs %d; want 5", info.Records, len(orgs))
	}
	if want := sha(mustRead(t, fixture)); info.ContentHash != want {
		t.Errorf("hash %s, want sha256 of the file %s", info.ContentHash, want)
	}
	if info.SchemaVersion != "2.1" || info.Member != "" {
		t.Errorf("schema %q member %q; want 2.1 and no member", info.SchemaVersion, info.Member)
	}
	want := registry.Org{
		ID: "https://ror.org/03xk7pq21",
		Names: []registry.Name{
			{Value: "SBUT", Types: []string{"acronym"}},
			{Value: "Songbei University of Technology", Types: []string{"ror_display", "label"}, Lang: "en"},
			{Value: "松北理工大学", Types: []string{"label"}, Lang: "zh"},
			{Value: "Songbei Polytechnic University", Types: []string{"alias"}, Lang: "en"},
		},
		Country: "cn", CountryName: "China", City: "Harbin", Region: "Heilongjiang",
		Types:  []string{"education", "funder"},
		Status: "active",
		Relationships: []registry.Relationship{
			{Type: "child", ID: "https://ror.org/04m2vdh58", Label: "Songbei University of Technology School of Astronautics"},
			{Type: "related", ID: "https://ror.org/05tq8wn67", Label: "Wessex Institute for Climate Research"},
			{Type: "predecessor", ID: "https://ror.org/00rh3kb19", Label: "Northern Radar Institute"},
		},
		Established: 1952,
		Domains:     []string{"sbut.edu.cn"},
		Links:       []string{"https://www.sbut.edu.cn", "https://en.wikipedia.org/wiki/Songbei_University_of_Technology"},
		ExternalIDs: []registry.ExternalID{
			{Type: "grid", All: []string{"grid.990001.a"}, Preferred: "grid.990001.a"},
			{Type: "isni", All: []string{"0000 0004 9999 0001", "0000 0004 9999 0002"}},
		},
	}
	if !reflect.DeepEqual(orgs[0], want) {
		t.Errorf("first org\n got %+v\nwant %+v", orgs[0], want)
	}
	if orgs[0].DisplayName() != "Songbei University of Technology" {
		t.Errorf("DisplayName = %q", orgs[0].DisplayName())
	}
	// null established and empty lists read as zero values.
	if o := orgs[1]; o.Established != 0 || len(o.Links) != 0 || len(o.ExternalIDs) != 0 || o.Related(registry.RelParent)[0].ID != want.ID {
		t.Errorf("second org %+v", o)
	}
	statuses := map[string]int{}
	for _, o := range orgs {
		statuses[o.Status]++
	}
	if statuses["active"] != 3 || statuses["inactive"] != 1 || statuses["withdrawn"] != 1 {
		t.Errorf("statuses %v", statuses)
	}
}

func TestReadZip(t *testing.T) {
	js := mustRead(t, fixture)
	v1 := []byte(`[{"id": "https://ror.org/03xk7pq21", "name": "Songbei University of Technology", "status": "active"}]`)
	zipPath := writeZip(t, "v9.99-2026-01-01-ror-data.zip", map[string][]byte{
		"v9.99-2026-01-01-ror-data.json":           v1,
		"v9.99-2026-01-01-ror-data_schema_v2.json": js,
		"v9.99-2026-01-01-ror-data.csv":            []byte("id,name\n"),
	}, []string{"v9.99-2026-01-01-ror-data.json", "v9.99-2026-01-01-ror-data_schema_v2.json", "v9.99-2026-01-01-ror-data.csv"})
	fromZip, info := readAll(t, zipPath)
	fromJSON, _ := readAll(t, fixture)
	if !reflect.DeepEqual(fromZip, fromJSON) {
		t.Error("the zip and the JSON inside it read differently")
	}
	if info.Member != "v9.99-2026-01-01-ror-data_schema_v2.json" || info.Records != 5 || info.SchemaVersion != "2.1" {
		t.Errorf("info %+v", info)
	}
	if want := sha(mustRead(t, zipPath)); info.ContentHash != want {
		t.Errorf("hash %s, want sha256 of the zip %s", info.ContentHash, want)
	}
	if h, err := HashFile(zipPath); err != nil || h != info.ContentHash {
		t.Errorf("HashFile = %s, %v; want %s", h, err, info.ContentHash)
	}
}

func TestReadZipMemberChoice(t *testing.T) {
	js := mustRead(t, fixture)
	tests := []struct {
		name    string
		members []string
		want    string // member read, or
		wantErr string
	}{
		{"one json without a schema tag", []string{"registry.json"}, "registry.json", ""},
		{"v2 beside v1", []string{"d/x.json", "d/x_schema_v2.json"}, "d/x_schema_v2.json", ""},
		{"mac resource forks ignored", []string{"__MACOSX/._x_schema_v2.json", "x_schema_v2.json"}, "x_schema_v2.json", ""},
		{"only v1", []string{"x_schema_v1.json"}, "", "no *_schema_v2.json among its JSON files (x_schema_v1.json)"},
		{"two v1-looking files", []string{"a.json", "b.json"}, "", "no *_schema_v2.json among its JSON files (a.json, b.json)"},
		{"two v2", []string{"a_schema_v2.json", "b_schema_v2.json"}, "", "2 schema v2 JSON files (a_schema_v2.json, b_schema_v2.json)"},
		{"no json", []string{"readme.txt"}, "", "no JSON file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ms := map[string][]byte{}
			for _, m := range tc.members {
				ms[m] = js
			}
			p := writeZip(t, "dump.zip", ms, tc.members)
			info, err := Read(p, func(registry.Org) error { return nil }, nil)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.Contains(err.Error(), p) {
					t.Fatalf("err %v; want one naming %s and saying %q", err, p, tc.wantErr)
				}
				return
			}
			if err != nil || info.Member != tc.want {
				t.Fatalf("member %q, err %v; want %q", info.Member, err, tc.want)
			}
		})
	}
}

// rec is a valid one-record body with fields replaced as given.
func rec(id, extra string) string {
	return `{"id": "` + id + `", "names": [{"value": "Invented Research Centre", "types": ["ror_display", "label"], "lang": "en"}], "status": "active"` + extra + `}`
}

func TestReadErrors(t *testing.T) {
	good := mustRead(t, fixture)
	cut := bytes.Index(good, []byte("\"id\": \"https://ror.org/04m2vdh58\",\n")) + 10
	r1 := rec("https://ror.org/01bcd2e34", "")
	tests := []struct {
		name string
		data string
		want []string // substrings of the error, besides the file name
	}{
		{"empty file", "", []string{"empty file"}},
		{"whitespace only", "  \n", []string{"empty file"}},
		{"object not array", `{"items": []}`, []string{`want a JSON array of ROR records, found "{"`}},
		{"empty array", `[]`, []string{"no records"}},
		{"truncated in record 2", string(good[:cut]), []string{"record 2 (after https://ror.org/03xk7pq21", "truncated"}},
		{"truncated after the last record", strings.TrimSpace(string(good))[:len(strings.TrimSpace(string(good)))-1], []string{"after record 5 (after https://ror.org/02zzp6y44", "truncated"}},
		{"missing names", `[` + r1 + `, {"id": "https://ror.org/0abcdef12", "names": [], "status": "active"}]`, []string{"record 2 (https://ror.org/0abcdef12): missing names"}},
		{"missing id", `[{"names": [{"value": "X", "types": ["label"]}], "status": "active"}]`, []string{"record 1: missing id"}},
		{"missing status", `[{"id": "https://ror.org/0abcdef12", "names": [{"value": "X", "types": ["label"]}]}]`, []string{"record 1 (https://ror.org/0abcdef12): missing status"}},
		{"unknown status", `[` + rec("https://ror.org/0abcdef12", `, "status": "dormant"`) + `]`, []string{"record 1 (https://ror.org/0abcdef12)", `status "dormant"`}},
		{"empty name", `[{"id": "https://ror.org/0abcdef12", "names": [{"value": " ", "types": ["label"]}], "status": "active"}]`, []string{"record 1 (https://ror.org/0abcdef12): name 1 is empty"}},
		{"not a ROR id", `[` + rec("https://example.org/0abcdef12", "") + `]`, []string{"record 1 (https://example.org/0abcdef12)", "is not a ROR id"}},
		{"duplicate id", `[` + r1 + `,` + r1 + `]`, []string{"record 2 (https://ror.org/01bcd2e34): id repeats record 1"}},
		{"schema v1 record", `[{"id": "https://ror.org/0abcdef12", "name": "Old Style", "status": "active"}]`, []string{"record 1 (https://ror.org/0abcdef12)", "schema v1"}},
		{"wrong type", `[` + r1 + `,` + rec("https://ror.org/0abcdef12", `, "established": "1990"`) + `]`, []string{"record 2 (after https://ror.org/01bcd2e34", "cannot unmarshal"}},
		{"syntax error", `[` + r1 + `, {"id": "https://ror.org/0abcdef12",, }]`, []string{"record 2 (after https://ror.org/01bcd2e34", "invalid character"}},
		{"invalid UTF-8", `[` + r1 + `,` + rec("https://ror.org/0abcdef12", `, "city": "M`+"\xfc"+`nchen"`) + `]`, []string{"record 2 (after https://ror.org/01bcd2e34", "invalid UTF-8 at byte"}},
		{"NUL in a name", `[{"id": "https://ror.org/0abcdef12", "names": [{"value": "A\u0000B", "types": ["label"]}], "status": "active"}]`, []string{"record 1 (https://ror.org/0abcdef12): name 1 contains a NUL"}},
		{"relationship without id", `[` + rec("https://ror.org/0abcdef12", `, "relationships": [{"type": "parent", "label": "X"}]`) + `]`, []string{"record 1 (https://ror.org/0abcdef12): relationship 1 (parent) has no id"}},
		{"trailing garbage", `[` + r1 + `] [`, []string{"after the array of 1 records", `unexpected "["`}},
		{"record not an object", `[` + r1 + `, 42]`, []string{"record 2 (after https://ror.org/01bcd2e34", "cannot unmarshal number"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := writeFile(t, "ror.json", []byte(tc.data))
			_, err := Read(p, func(registry.Org) error { return nil }, nil)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range append([]string{"read " + p + ": "}, tc.want...) {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestReadBadFiles(t *testing.T) {
	js := mustRead(t, fixture)
	zipPath := writeZip(t, "ror.zip", map[string][]byte{"x_schema_v2.json": js}, []string{"x_schema_v2.json"})
	zipBytes := mustRead(t, zipPath)

	truncated := writeFile(t, "truncated.zip", zipBytes[:len(zipBytes)/2])
	if _, err := Read(truncated, func(registry.Org) error { return nil }, nil); err == nil || !strings.Contains(err.Error(), "read "+truncated+": not a readable zip") {
		t.Errorf("truncated zip: %v", err)
	}

	// Stored uncompressed, so flipping bytes in the data leaves valid JSON
	// and only the CRC-32 can tell.
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "x_schema_v2.json", Method: zip.Store})
	w.Write(js)
	zw.Close()
	b := buf.Bytes()
	i := bytes.Index(b, []byte("Songbei Polytechnic"))
	copy(b[i:], "Songbei Polytechnix")
	corrupt := writeFile(t, "corrupt.zip", b)
	if _, err := Read(corrupt, func(registry.Org) error { return nil }, nil); err == nil || !errors.Is(err, zip.ErrChecksum) || !strings.Contains(err.Error(), corrupt+": x_schema_v2.json") {
		t.Errorf("corrupt zip member: %v", err)
	}

	// Deflated data cut short inside the member.
	var buf2 bytes.Buffer
	zw = zip.NewWriter(&buf2)
	w, _ = zw.Create("x_schema_v2.json")
	w.Write(js)
	zw.Close()
	b = buf2.Bytes()
	for j := 40; j < 400; j++ {
		b[j] ^= 0x55
	}
	garbled := writeFile(t, "garbled.zip", b)
	if _, err := Read(garbled, func(registry.Org) error { return nil }, nil); err == nil || !strings.Contains(err.Error(), garbled+": x_schema_v2.json") {
		t.Errorf("garbled zip member: %v", err)
	}

	missing := filepath.Join(t.TempDir(), "none.zip")
	if _, err := Read(missing, func(registry.Org) error { return nil }, nil); err == nil || !strings.Contains(err.Error(), missing) || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	dir := t.TempDir()
	if _, err := Read(dir, func(registry.Org) error { return nil }, nil); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("directory: %v", err)
	}
}

func TestReadStopsOnCallbackError(t *testing.T) {
	stop := errors.New("disk full")
	n := 0
	_, err := Read(fixture, func(o registry.Org) error {
		n++
		if n == 2 {
			return stop
		}
		return nil
	}, nil)
	if !errors.Is(err, stop) || !strings.Contains(err.Error(), "record 2 (https://ror.org/04m2vdh58)") || n != 2 {
		t.Fatalf("err %v after %d calls; want the callback's error naming record 2", err, n)
	}
}

func TestReadProgress(t *testing.T) {
	size := int64(len(mustRead(t, fixture)))
	var calls [][2]int64
	if _, err := Read(fixture, func(registry.Org) error { return nil }, func(n, total int64) { calls = append(calls, [2]int64{n, total}) }); err != nil {
		t.Fatal(err)
	}
	if len(calls) == 0 || calls[len(calls)-1] != [2]int64{size, size} {
		t.Fatalf("progress calls %v; want the last to be (%d, %d)", calls, size, size)
	}
}

func TestUTF8Reader(t *testing.T) {
	text := "Songbei 松北理工大学 — Präzision 🔬 end"
	for _, name := range []string{"whole", "one byte at a time"} {
		var r io.Reader = &utf8Reader{r: strings.NewReader(text)}
		if name != "whole" {
			r = &utf8Reader{r: iotest.OneByteReader(strings.NewReader(text))}
		}
		got, err := io.ReadAll(r)
		if err != nil || string(got) != text {
			t.Errorf("%s: got %q, %v", name, got, err)
		}
	}
	tests := []struct {
		in      string
		good    string
		errByte string
	}{
		{"abc\xffdef", "abc", "at byte 3"},
		{"松\xe5\x8c", "松", "at byte 3"},    // cut off at the end
		{"ab\xc3(", "ab", "at byte 2"},     // bad continuation
		{"\xed\xa0\x80x", "", "at byte 0"}, // a surrogate
	}
	for _, tc := range tests {
		for _, one := range []bool{false, true} {
			var src io.Reader = strings.NewReader(tc.in)
			if one {
				src = iotest.OneByteReader(src)
			}
			got, err := io.ReadAll(&utf8Reader{r: src})
			if !errors.Is(err, ErrInvalidUTF8) || !strings.Contains(err.Error(), tc.errByte) || string(got) != tc.good {
				t.Errorf("%q (one byte %v): got %q, %v; want %q then an error %s", tc.in, one, got, err, tc.good, tc.errByte)
			}
		}
	}
}

func TestVersionLess(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"", "2.0", true}, {"2.0", "2.1", true}, {"2.1", "2.0", false}, {"2.9", "2.10", true},
		{"2.1", "2.1", false}, {"2", "2.1", true}, {"2.1", "", false}, {"2.1", "x", false},
	}
	for _, tc := range tests {
		if got := versionLess(tc.a, tc.b); got != tc.want {
			t.Errorf("versionLess(%q, %q) = %v", tc.a, tc.b, got)
		}
	}
}

// FuzzRead feeds arbitrary bytes to the reader as a JSON dump: it must
// never panic, and whatever it accepts must be valid organisations with
// unique ids, one callback per counted record.
func FuzzRead(f *testing.F) {
	good, err := os.ReadFile(fixture)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte(`[]`))
	f.Add([]byte(`[` + rec("https://ror.org/01bcd2e34", `, "established": null, "links": [{"type": "website", "value": "x"}]`) + `]`))
	f.Add([]byte(`[{"id": "https://ror.org/0abcdef12", "name": "v1", "status": "active"}]`))
	f.Add([]byte("[\"\xff\"]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		seen := map[string]bool{}
		n := 0
		info, err := decode(bytes.NewReader(data), int64(len(data)), func(o registry.Org) error {
			if err := o.Validate(); err != nil {
				t.Fatalf("accepted an invalid org: %v", err)
			}
			if seen[o.ID] {
				t.Fatalf("accepted %s twice", o.ID)
			}
			seen[o.ID] = true
			n++
			return nil
		}, nil)
		if err == nil && (info.Records != n || n == 0) {
			t.Fatalf("records %d, callbacks %d", info.Records, n)
		}
		if err != nil && info.Records > n {
			t.Fatalf("records %d > callbacks %d", info.Records, n)
		}
	})
}

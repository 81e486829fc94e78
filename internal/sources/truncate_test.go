package sources

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// TestTruncatedFixtures cuts each fixture part-way through a record and
// checks the reader fails with the file name and a line or record number,
// never a partial list.
func TestTruncatedFixtures(t *testing.T) {
	loc := regexp.MustCompile(`(line|record) [1-9][0-9]*`)
	for _, tc := range []struct {
		format, file string
		cutAfter     string // cut just after this text (inside a record)
	}{
		{FormatOFAC, "ofac/sdn.csv", `"Crude Oil`},
		{FormatCSL, "csl/consolidated.csv", `"SDGT; IR`},
		{FormatCSL, "csl/consolidated_current.csv", `Example Electronics Institute; and Chen`},
		{FormatCSL, "csl/consolidated.json", `"name": "DOE, Jo`},
		{FormatUN, "un/consolidated.xml", `<ALIAS_NAME>ETC</ALIAS_NAME>`},
		{FormatFtM, "ftm/sample.ftm.json", `"imoNumber": ["900`},
		{FormatASPI, "aspi/tracker.json", `"Example Radar Laboratory (示例`},
		{FormatCSV, "custom/partners.csv", `"Flagged by the research`},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			i := bytes.Index(data, []byte(tc.cutAfter))
			if i < 0 {
				t.Fatalf("%q not in %s", tc.cutAfter, tc.file)
			}
			var path string
			if tc.format == FormatOFAC {
				dir := t.TempDir()
				path = dir
				for _, f := range ofacFiles {
					b, err := os.ReadFile(filepath.Join("testdata", "ofac", f))
					if err != nil {
						t.Fatal(err)
					}
					if f == "sdn.csv" {
						b = data[:i+len(tc.cutAfter)]
					}
					if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			} else {
				path = writeTemp(t, filepath.Base(tc.file), data[:i+len(tc.cutAfter)])
			}
			l, err := Read(tc.format, []string{path}, Options{})
			if err == nil {
				t.Fatalf("truncated %s read without error (%d entities)", tc.file, len(l.Entities))
			}
			msg := err.Error()
			if !strings.Contains(msg, filepath.Base(tc.file)) || !loc.MatchString(msg) {
				t.Errorf("error %q does not name the file and a line or record", msg)
			}
		})
	}
}

// TestInvalidUTF8 checks JSON and XML readers reject bytes that are not
// UTF-8, naming the line, while CSV readers decode them as Windows-1252.
func TestInvalidUTF8(t *testing.T) {
	for _, tc := range []struct{ format, file, find string }{
		{FormatCSL, "csl/consolidated.json", "Example Shipping"},
		{FormatUN, "un/consolidated.xml", "EXAMPLE TRADING"},
		{FormatFtM, "ftm/sample.ftm.json", "EXAMPLE STAR"},
		{FormatASPI, "aspi/tracker.json", "Sample University"},
	} {
		data, err := os.ReadFile(filepath.Join("testdata", tc.file))
		if err != nil {
			t.Fatal(err)
		}
		bad := bytes.Replace(data, []byte(tc.find), []byte(tc.find+"\xe9"), 1)
		_, err = Read(tc.format, []string{writeTemp(t, filepath.Base(tc.file), bad)}, Options{})
		if err == nil || !strings.Contains(err.Error(), filepath.Base(tc.file)) || !strings.Contains(err.Error(), "line ") {
			t.Errorf("%s: err %v, want a rejection naming the file and line", tc.file, err)
		}
	}
	data, err := os.ReadFile(filepath.Join("testdata", "custom", "partners.csv"))
	if err != nil {
		t.Fatal(err)
	}
	l, err := Read(FormatCSV, []string{writeTemp(t, "p.csv", bytes.Replace(data, []byte("Doe, Jane"), []byte("Do\xeb, Jane"), 1))}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := entityByID(t, l, "P-2").PrimaryName(); got != "Doë, Jane" || len(l.Warnings) != 1 {
		t.Errorf("name %q warnings %q", got, l.Warnings)
	}
}

// TestDuplicateSourceIDs checks repeats are renamed in order, with a
// warning, so ids stay unique.
func TestDuplicateSourceIDs(t *testing.T) {
	es := []watchlist.Entity{{SourceID: "a"}, {SourceID: "a"}, {SourceID: "a#2"}, {SourceID: "b"}, {SourceID: "a"}}
	warns := uniqueSourceIDs(es)
	var got []string
	for _, e := range es {
		got = append(got, e.SourceID)
	}
	if !equalStrings(got, []string{"a", "a#3", "a#2", "b", "a#4"}) || len(warns) != 2 {
		t.Errorf("ids %v warnings %q", got, warns)
	}
}

// TestContentHash checks one file hashes to its plain SHA-256 and a set
// is independent of the order the files are given in.
func TestContentHash(t *testing.T) {
	l := readFixture(t, FormatUN, filepath.Join("un", "consolidated.xml"))
	if l.ContentHash != sha256Hex(t, filepath.Join("testdata", "un", "consolidated.xml")) {
		t.Errorf("hash %s is not the file's SHA-256", l.ContentHash)
	}
	a, err := Read(FormatOFAC, []string{"testdata/ofac/sdn.csv", "testdata/ofac/alt.csv"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Read(FormatOFAC, []string{"testdata/ofac/alt.csv", "testdata/ofac/sdn.csv"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.ContentHash != b.ContentHash {
		t.Error("set hash depends on argument order")
	}
}

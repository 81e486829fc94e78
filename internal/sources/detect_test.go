package sources

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDetect(t *testing.T) {
	for _, tc := range []struct {
		paths []string
		want  string
	}{
		{[]string{"ofac"}, FormatOFAC},
		{[]string{"ofac/sdn.csv", "ofac/alt.csv"}, FormatOFAC},
		{[]string{"un/consolidated.xml"}, FormatUN},
		{[]string{"csl/consolidated.csv"}, FormatCSL},
		{[]string{"csl/consolidated_current.csv"}, FormatCSL},
		{[]string{"csl/consolidated.json"}, FormatCSL},
		{[]string{"ftm/sample.ftm.json"}, FormatFtM},
		{[]string{"aspi/tracker.json"}, FormatASPI},
		{[]string{"custom/partners.csv", "custom/partners_semicolon.csv"}, FormatCSV},
	} {
		var paths []string
		for _, p := range tc.paths {
			paths = append(paths, filepath.Join("testdata", p))
		}
		got, err := Detect(paths)
		if err != nil || got != tc.want {
			t.Errorf("Detect(%v) = %q, %v; want %q", tc.paths, got, err, tc.want)
		}
	}
}

func TestDetectLongFirstLine(t *testing.T) {
	// The first FtM line is longer than the sniffed prefix.
	line := `{"id": "x", "schema": "Person", "properties": {"notes": ["` + strings.Repeat("n", 40<<10) + `"]}}` + "\n"
	if got, err := Detect([]string{writeTemp(t, "big.json", []byte(line))}); err != nil || got != FormatFtM {
		t.Errorf("got %q, %v", got, err)
	}
	// A galaxy whose values come before its other fields.
	galaxy := `{"values": [{"value": "A", "uuid": "u", "meta": {}}], "name": "x"}`
	if got, err := Detect([]string{writeTemp(t, "g.json", []byte(galaxy))}); err != nil || got != FormatASPI {
		t.Errorf("got %q, %v", got, err)
	}
}

func TestDetectUnknown(t *testing.T) {
	for name, data := range map[string]string{
		"empty.txt":    "",
		"other.xml":    "<?xml version=\"1.0\"?><feed></feed>",
		"array.json":   "[{\"id\": 1}]",
		"object.json":  "{\"hello\": 1}",
		"headless.csv": "36,25,-0- ,\"Havana\",\"Cuba\",-0- \n",
		"binary.bin":   "\x00\x01\x02",
	} {
		p := writeTemp(t, name, []byte(data))
		if got, err := Detect([]string{p}); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: got %q, %v; want an error naming the file", name, got, err)
		}
	}
	if _, err := Detect([]string{filepath.Join("testdata", "un", "consolidated.xml"), filepath.Join("testdata", "aspi", "tracker.json")}); err == nil {
		t.Error("mixed formats accepted")
	}
	if _, err := Detect([]string{filepath.Join("testdata", "custom")}); err == nil || !strings.Contains(err.Error(), "no sdn.csv") {
		t.Errorf("folder without sdn.csv: %v", err)
	}
	if _, err := Read("", []string{filepath.Join(t.TempDir(), "missing.csv")}, Options{}); err == nil || !strings.Contains(err.Error(), "missing.csv") {
		t.Errorf("missing file: %v", err)
	}
	if _, err := Read("xlsx", []string{"x"}, Options{}); err == nil || !strings.Contains(err.Error(), "unknown format") {
		t.Errorf("unknown format: %v", err)
	}
}

func FuzzDetect(f *testing.F) {
	for _, p := range []string{"un/consolidated.xml", "csl/consolidated.json", "ftm/sample.ftm.json", "aspi/tracker.json", "custom/partners.csv"} {
		b, err := os.ReadFile(filepath.Join("testdata", p))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		format, why := sniff(data)
		if (format == "") == (why == "") {
			t.Fatalf("sniff gave format %q and reason %q", format, why)
		}
		if format != "" && !contains(Formats, format) {
			t.Fatalf("unknown format %q", format)
		}
	})
}

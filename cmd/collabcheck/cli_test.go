package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const fixtures = "../../internal/sources/testdata"

// cli runs collabcheck with args against db and returns stdout, stderr
// and the exit code.
func cli(t *testing.T, db, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(append([]string{"--db", db}, args...), strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

func TestListsLifecycle(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cc.db")
	if out, errs, code := cli(t, db, "", "lists", "ls"); code != 0 || !strings.Contains(out, "no list loaded") {
		t.Fatalf("ls on empty db: code %d out %q err %q", code, out, errs)
	}
	out, errs, code := cli(t, db, "", "lists", "import", "--format", "aspi", "--json", filepath.Join(fixtures, "aspi", "tracker.json"))
	if code != 0 {
		t.Fatalf("import: code %d err %q", code, errs)
	}
	var res struct {
		Version struct {
			List        string `json:"list"`
			Number      int    `json:"version"`
			EntityCount int    `json:"entity_count"`
		} `json:"version"`
		Created bool `json:"created"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("import --json output %q: %v", out, err)
	}
	if !res.Created || res.Version.Number != 1 || res.Version.EntityCount < 2 || res.Version.List != "aspi_cdut" {
		t.Fatalf("unexpected import result %+v", res)
	}
	// The same content again creates no version; detection finds the format.
	out, _, code = cli(t, db, "", "lists", "import", filepath.Join(fixtures, "aspi", "tracker.json"))
	if code != 0 || !strings.Contains(out, "unchanged") {
		t.Fatalf("re-import: code %d out %q", code, out)
	}
	if _, errs, code := cli(t, db, "", "lists", "import", "--format", "ofac", filepath.Join(fixtures, "ofac")); code != 0 {
		t.Fatalf("ofac import: %s", errs)
	}
	out, _, _ = cli(t, db, "", "lists", "ls", "--json")
	if !strings.Contains(out, `"aspi_cdut"`) || !strings.Contains(out, `"ofac_sdn"`) {
		t.Fatalf("ls --json = %s", out)
	}
	out, _, code = cli(t, db, "", "lists", "diff", "--json", "ofac_sdn")
	if code != 0 || !strings.Contains(out, `"added"`) {
		t.Fatalf("diff: code %d out %s", code, out)
	}
	if _, _, code := cli(t, db, "", "lists", "rm", "ofac_sdn"); code != 0 {
		t.Fatal("rm failed")
	}
	if _, errs, code := cli(t, db, "", "lists", "rm", "ofac_sdn"); code != 1 || !strings.Contains(errs, "no such list") {
		t.Fatalf("second rm: code %d err %q", code, errs)
	}
}

func TestImportErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cc.db")
	bad := filepath.Join(t.TempDir(), "broken.json")
	writeFile(t, bad, `{"values": [{"value": "Truncated`)
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"unknown format", []string{"lists", "import", "--format", "xls", bad}, 2, "unknown --format"},
		{"no path", []string{"lists", "import"}, 2, "requires at least 1 arg"},
		{"truncated file", []string{"lists", "import", "--format", "aspi", bad}, 1, "broken.json"},
		{"missing file", []string{"lists", "import", "--format", "un", filepath.Join(t.TempDir(), "none.xml")}, 1, "none.xml"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, errs, code := cli(t, db, "", tc.args...)
			if code != tc.code || !strings.Contains(errs, tc.want) {
				t.Errorf("code %d err %q; want code %d containing %q", code, errs, tc.code, tc.want)
			}
		})
	}
	out, _, _ := cli(t, db, "", "lists", "ls")
	if !strings.Contains(out, "no list loaded") {
		t.Errorf("a failed import left something behind: %s", out)
	}
}

func TestScreenJSON(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cc.db")
	if _, errs, code := cli(t, db, "", "lists", "import", "--format", "aspi", filepath.Join(fixtures, "aspi", "tracker.json")); code != 0 {
		t.Fatal(errs)
	}
	in := "Example Inst Technol, Sch Astronaut, Harbin 150001, Peoples R China\n\nExample Institute of Technology\nCompletely Unrelated Bakery\n"
	out, errs, code := cli(t, db, in, "screen", "--json", "--limit", "3")
	if code != 0 {
		t.Fatalf("screen: code %d err %q", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 {
		t.Fatalf("want one line per input line (4), got %d: %s", len(lines), out)
	}
	type result struct {
		Query   string `json:"query"`
		Error   string `json:"error"`
		Matches []struct {
			List        string            `json:"list"`
			SourceID    string            `json:"source_id"`
			Score       float64           `json:"score"`
			Match       bool              `json:"match"`
			Via         []json.RawMessage `json:"via"`
			Explanation []json.RawMessage `json:"explanation"`
		} `json:"matches"`
	}
	var rs []result
	for _, l := range lines {
		var r result
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		rs = append(rs, r)
	}
	if rs[0].Query == "" || len(rs[0].Matches) == 0 || !rs[0].Matches[0].Match || rs[0].Matches[0].List != "aspi_cdut" {
		t.Errorf("affiliation not matched: %+v", rs[0])
	}
	if len(rs[0].Matches[0].Explanation) == 0 || rs[0].Matches[0].Via == nil {
		t.Errorf("hit without explanation or via: %+v", rs[0].Matches[0])
	}
	if rs[1].Error == "" || rs[1].Matches == nil {
		t.Errorf("empty line should give an error object with empty matches: %+v", rs[1])
	}
	if !rs[2].Matches[0].Match || rs[2].Matches[0].Score != 1 {
		t.Errorf("exact name: %+v", rs[2])
	}
	for _, m := range rs[3].Matches {
		if m.Match {
			t.Errorf("unrelated name matched %+v", m)
		}
	}
	if _, _, code := cli(t, db, "", "screen", "--threshold", "2"); code != 2 {
		t.Errorf("bad threshold: exit %d, want 2", code)
	}
}

func TestMatchJSON(t *testing.T) {
	in := "Siemens AG\tSiemens Aktiengesellschaft\nJohn Smith\tJane Smith\nno tab here\n"
	out, errs, code := cli(t, "unused.db", in, "match", "--json")
	if code != 0 {
		t.Fatalf("match: %d %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("want 3 lines, got %d: %s", len(lines), out)
	}
	var r [3]struct {
		Score       float64           `json:"score"`
		Match       bool              `json:"match"`
		Explanation []json.RawMessage `json:"explanation"`
		Error       string            `json:"error"`
	}
	for i, l := range lines {
		if err := json.Unmarshal([]byte(l), &r[i]); err != nil {
			t.Fatal(err)
		}
	}
	if !r[0].Match || len(r[0].Explanation) == 0 {
		t.Errorf("legal forms should match: %+v", r[0])
	}
	if r[1].Match {
		t.Errorf("different people matched: %+v", r[1])
	}
	if r[2].Error == "" {
		t.Errorf("line without a tab should be an error: %+v", r[2])
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

package main

import (
	"archive/zip"
	"encoding/json"
	"github.com/collabcheck/collabcheck/internal/registry/rordump"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/collabcheck/collabcheck/internal/registry"
)

// rorFixture is a hand-written ROR v2 dump of five invented organisations.
const rorFixture = "../../internal/registry/testdata/ror-v2.json"

// zipFixture writes rorFixture into a zip shaped like ROR's releases.
func zipFixture(t *testing.T) string {
	t.Helper()
	js, err := os.ReadFile(rorFixture)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "v9.99-2026-01-01-ror-data.zip")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	w, err := zw.Create("v9.99-2026-01-01-ror-data_schema_v2.json")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(js); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

type importResult struct {
	Version registry.Version `json:"version"`
	Created bool             `json:"created"`
}

func registryImport(t *testing.T, db, path string) importResult {
	t.Helper()
	out, errs, code := cli(t, db, "", "registry", "import", "--json", path)
	if code != 0 {
		t.Fatalf("registry import %s: code %d err %q", path, code, errs)
	}
	var res importResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("import --json output %q: %v", out, err)
	}
	return res
}

type searchOutput struct {
	Query   string         `json:"query"`
	Version int            `json:"version"`
	Results []searchResult `json:"results"`
}

func registrySearch(t *testing.T, db string, args ...string) searchOutput {
	t.Helper()
	out, errs, code := cli(t, db, "", append([]string{"registry", "search", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("registry search %v: code %d err %q", args, code, errs)
	}
	var res searchOutput
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("search --json output %q: %v", out, err)
	}
	return res
}

func TestRegistryImportShowSearch(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cc.db")
	if out, _, code := cli(t, db, "", "registry", "versions"); code != 0 || !strings.Contains(out, "no registry imported yet") {
		t.Fatalf("versions on an empty db: code %d out %q", code, out)
	}
	if _, errs, code := cli(t, db, "", "registry", "search", "Songbei"); code != 1 || !strings.Contains(errs, "no registry imported yet") {
		t.Fatalf("search before import: code %d err %q", code, errs)
	}
	if _, errs, code := cli(t, db, "", "registry", "show", "03xk7pq21"); code != 1 || !strings.Contains(errs, "no registry imported yet") {
		t.Fatalf("show before import: code %d err %q", code, errs)
	}

	res := registryImport(t, db, zipFixture(t))
	if !res.Created || res.Version.Number != 1 || res.Version.OrgCount != 5 || res.Version.SchemaVersion != "2.1" || len(res.Version.ContentHash) != 64 {
		t.Fatalf("zip import: %+v", res)
	}
	// The JSON inside is other bytes, so a new version with the same organisations.
	res = registryImport(t, db, rorFixture)
	if !res.Created || res.Version.Number != 2 {
		t.Fatalf("json import: %+v", res)
	}
	out, _, code := cli(t, db, "", "registry", "import", rorFixture)
	if code != 0 || !strings.Contains(out, "registry unchanged: version 2") {
		t.Fatalf("re-import: code %d out %q", code, out)
	}
	out, _, _ = cli(t, db, "", "registry", "versions", "--json")
	var vs []registry.Version
	if err := json.Unmarshal([]byte(out), &vs); err != nil || len(vs) != 2 || vs[0].Active || !vs[1].Active {
		t.Fatalf("versions --json = %s (%v)", out, err)
	}

	// show: text and JSON, any id form.
	out, errs, code := cli(t, db, "", "registry", "show", "ror.org/04m2vdh58")
	if code != 0 {
		t.Fatalf("show: code %d err %q", code, errs)
	}
	for _, want := range []string{"Songbei University of Technology School of Astronautics", "https://ror.org/04m2vdh58", "status:", "active",
		"Harbin, China (cn)", "松北理工大学航天学院", "label", "zh", "parents:", "https://ror.org/03xk7pq21  Songbei University of Technology"} {
		if !strings.Contains(out, want) {
			t.Errorf("show output lacks %q:\n%s", want, out)
		}
	}
	out, _, _ = cli(t, db, "", "registry", "show", "https://ror.org/03xk7pq21")
	for _, want := range []string{"children:", "related:", "predecessors:", "SBUT", "acronym", "established:  1952", "grid:", "grid.990001.a"} {
		if !strings.Contains(out, want) {
			t.Errorf("show output lacks %q:\n%s", want, out)
		}
	}
	out, _, code = cli(t, db, "", "registry", "show", "--json", "00RH3KB19")
	var o registry.Org
	if err := json.Unmarshal([]byte(out), &o); code != 0 || err != nil {
		t.Fatalf("show --json: code %d, %v: %s", code, err, out)
	}
	if o.ID != "https://ror.org/00rh3kb19" || o.Status != "inactive" || len(o.Related(registry.RelSuccessor)) != 1 || o.Established != 1961 {
		t.Errorf("show --json = %+v", o)
	}
	if _, errs, code := cli(t, db, "", "registry", "show", "05zzzzz99"); code != 1 || !strings.Contains(errs, "no such organisation") {
		t.Errorf("show unknown: code %d err %q", code, errs)
	}
	if _, errs, code := cli(t, db, "", "registry", "show", "grid.990001.a"); code != 2 || !strings.Contains(errs, "not a ROR id") {
		t.Errorf("show bad id: code %d err %q", code, errs)
	}

	// search: English, abbreviated, Chinese, with a limit.
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"Songbei University of Technology"}, "https://ror.org/03xk7pq21"},
		{[]string{"Songbei", "Univ", "Technol"}, "https://ror.org/03xk7pq21"},
		{[]string{"松北理工大学"}, "https://ror.org/03xk7pq21"},
		{[]string{"Wessex Inst Climate Res"}, "https://ror.org/05tq8wn67"},
	}
	for _, tc := range tests {
		r := registrySearch(t, db, tc.args...)
		if r.Version != 2 || len(r.Results) == 0 || r.Results[0].ID != tc.want || !r.Results[0].Match || r.Results[0].Status != "active" || len(r.Results[0].Explanation) == 0 {
			t.Errorf("search %v: %+v; want %s first", tc.args, r, tc.want)
		}
	}
	r := registrySearch(t, db, "--limit", "1", "Songbei University of Technology School of Astronautics")
	if len(r.Results) != 1 || r.Results[0].ID != "https://ror.org/04m2vdh58" || r.Results[0].Country != "cn" || r.Results[0].City != "Harbin" {
		t.Errorf("search with --limit 1: %+v", r)
	}
	if len(r.Results[0].Via) == 0 || r.Results[0].Via[0].SourceID != "https://ror.org/03xk7pq21" {
		t.Errorf("school's via %+v; want its parent", r.Results[0].Via)
	}
	r = registrySearch(t, db, "Completely Unrelated Bakery")
	for _, x := range r.Results {
		if x.Match {
			t.Errorf("unrelated query hit %+v", x)
		}
	}
	out, _, code = cli(t, db, "", "registry", "search", "Songbei University of Technology")
	if code != 0 || !strings.Contains(out, "https://ror.org/03xk7pq21") || !strings.Contains(out, "yes") {
		t.Errorf("search text output: code %d\n%s", code, out)
	}
}

func TestRegistryErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cc.db")
	registryImport(t, db, rorFixture)
	js, err := os.ReadFile(rorFixture)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	truncated := filepath.Join(dir, "truncated.json")
	writeFile(t, truncated, string(js[:len(js)*2/3]))
	missingNames := filepath.Join(dir, "nonames.json")
	writeFile(t, missingNames, `[{"id": "https://ror.org/01bcd2e34", "names": [], "status": "active"}]`)
	truncZip := filepath.Join(dir, "truncated.zip")
	z, _ := os.ReadFile(zipFixture(t))
	writeFile(t, truncZip, string(z[:len(z)/2]))
	tests := []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"truncated JSON", []string{"registry", "import", truncated}, 1, []string{"read " + truncated + ": record 3 (after https://ror.org/04m2vdh58", "truncated"}},
		{"missing names", []string{"registry", "import", missingNames}, 1, []string{"nonames.json", "record 1 (https://ror.org/01bcd2e34): missing names"}},
		{"truncated zip", []string{"registry", "import", truncZip}, 1, []string{"truncated.zip", "not a readable zip"}},
		{"missing file", []string{"registry", "import", filepath.Join(dir, "none.zip")}, 1, []string{"read " + filepath.Join(dir, "none.zip") + ": no such file"}},
		{"no file", []string{"registry", "import"}, 2, []string{"accepts 1 arg"}},
		{"no subcommand", []string{"registry"}, 2, []string{"needs a subcommand"}},
		{"bad limit", []string{"registry", "search", "--limit", "0", "x"}, 2, []string{"--limit"}},
		{"bad threshold", []string{"registry", "search", "--threshold", "2", "x"}, 2, []string{"--threshold"}},
		{"no name", []string{"registry", "search"}, 2, []string{"requires at least 1 arg"}},
		{"punctuation only", []string{"registry", "search", "--", "--"}, 2, []string{"no name characters"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, errs, code := cli(t, db, "", tc.args...)
			if code != tc.code {
				t.Errorf("code %d, want %d (err %q)", code, tc.code, errs)
			}
			for _, w := range tc.want {
				if !strings.Contains(errs, w) {
					t.Errorf("err %q lacks %q", errs, w)
				}
			}
		})
	}
	// The failed imports left version 1 active and alone.
	out, _, _ := cli(t, db, "", "registry", "versions", "--json")
	var vs []registry.Version
	if err := json.Unmarshal([]byte(out), &vs); err != nil || len(vs) != 1 || !vs[0].Active || vs[0].OrgCount != 5 {
		t.Fatalf("versions after failed imports: %s (%v)", out, err)
	}
}

// TestRegistryRealSubset imports the shared 36k-record ROR subset and looks
// up and searches for organisations picked from it at run time.
func TestRegistryRealSubset(t *testing.T) {
	dir := os.Getenv("COLLABCHECK_DATA")
	if dir == "" {
		t.Skip("COLLABCHECK_DATA is not set; it points at the shared data folder holding ror/ror-records-subset-v2.9.zip")
	}
	path := filepath.Join(dir, "ror", "ror-records-subset-v2.9.zip")
	db := filepath.Join(t.TempDir(), "cc.db")
	res := registryImport(t, db, path)
	if !res.Created || res.Version.OrgCount != 35990 {
		t.Fatalf("import: %+v", res)
	}
	// Pick an active organisation with a parent, and one with a Chinese name.
	var withParent, chinese registry.Org
	if _, err := rordump.Read(path, func(o registry.Org) error {
		if withParent.ID == "" && o.Status == registry.StatusActive && len(o.Related(registry.RelParent)) > 0 && o.Country == "gb" {
			withParent = o
		}
		for _, n := range o.Names {
			if chinese.ID == "" && n.Lang == "zh" && o.Status == registry.StatusActive && len([]rune(n.Value)) >= 6 {
				chinese = o
			}
		}
		return nil
	}, nil); err != nil {
		t.Fatal(err)
	}
	out, errs, code := cli(t, db, "", "registry", "show", withParent.ID)
	if code != 0 || !strings.Contains(out, withParent.DisplayName()) || !strings.Contains(out, "parents:") || !strings.Contains(out, withParent.Related(registry.RelParent)[0].ID) {
		t.Fatalf("show %s: code %d err %q\n%s", withParent.ID, code, errs, out)
	}
	r := registrySearch(t, db, withParent.DisplayName())
	if len(r.Results) == 0 || r.Results[0].ID != withParent.ID {
		t.Errorf("search %q: %+v; want %s first", withParent.DisplayName(), r.Results, withParent.ID)
	}
	var zh string
	for _, n := range chinese.Names {
		if n.Lang == "zh" {
			zh = n.Value
		}
	}
	r = registrySearch(t, db, zh)
	found := false
	for _, x := range r.Results {
		found = found || x.ID == chinese.ID
	}
	if !found {
		t.Errorf("search %q: %+v; want %s among the results", zh, r.Results, chinese.ID)
	}
}

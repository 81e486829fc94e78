package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/collabcheck/collabcheck/internal/secure"
)

const triageFixtures = "../../internal/triaging/testdata"

func triageDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "cc.db")
	if _, errs, code := cli(t, db, "", "lists", "import", "--format", "ftm", "--name", "invented", filepath.Join(triageFixtures, "lists.ftm.json")); code != 0 {
		t.Fatalf("import: %s", errs)
	}
	return db
}

func TestTriageCLI(t *testing.T) {
	db := triageDB(t)
	tests := []struct {
		file string
		want secure.Flags
	}{
		{"quantum.yaml", secure.Flags{MayBeNotifiable: true, ExportControl: true, OwnershipHit: true}},
		{"agrifood.yaml", secure.Flags{}},
		{"robotics.yaml", secure.Flags{ExportControl: true, WeakMatch: true}},
	}
	for _, tc := range tests {
		out, errs, code := cli(t, db, "", "triage", "--json", filepath.Join(triageFixtures, tc.file))
		if code != 0 {
			t.Fatalf("%s: code %d err %s", tc.file, code, errs)
		}
		var tr secure.Triage
		if err := json.Unmarshal([]byte(out), &tr); err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		if tr.Flags != tc.want {
			t.Errorf("%s: flags %+v, want %+v", tc.file, tr.Flags, tc.want)
		}
		if len(tr.Versions.Lists) != 1 || tr.Versions.Lists[0] != "invented v1" {
			t.Errorf("%s: versions %+v", tc.file, tr.Versions)
		}
	}
	for _, name := range []string{"t.html", "t.pdf"} {
		path := filepath.Join(t.TempDir(), name)
		if _, errs, code := cli(t, db, "", "triage", "--out", path, filepath.Join(triageFixtures, "robotics.yaml")); code != 0 {
			t.Fatalf("triage --out %s: %s", name, errs)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(name, ".pdf") != strings.HasPrefix(string(b), "%PDF-") {
			t.Errorf("%s has the wrong format", name)
		}
		if strings.HasSuffix(name, ".html") && !strings.Contains(string(b), "Weak match for a human to review: Michael Turner (director)") {
			t.Errorf("HTML triage report lacks the weak match")
		}
	}
	out, _, code := cli(t, db, "", "triage", filepath.Join(triageFixtures, "quantum.yaml"))
	if code != 0 || !strings.Contains(out, "path: Larkspur Frontier Capital Fund → owner: Northgate Strategic Holdings") || !strings.Contains(out, "Seek official advice") {
		t.Errorf("text triage: code %d\n%s", code, out)
	}
}

func TestTriageCLIErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "deal.yaml")
	writeFile(t, bad, "company: {name: X}\ntype: merger\nproduct: p\n")
	if _, errs, code := cli(t, filepath.Join(dir, "cc.db"), "", "triage", bad); code != 1 || !strings.Contains(errs, `line 2: type: unknown deal type "merger"`) {
		t.Errorf("bad deal: code %d err %s", code, errs)
	}
	if _, errs, code := cli(t, filepath.Join(dir, "empty.db"), "", "triage", filepath.Join(triageFixtures, "agrifood.yaml")); code != 1 || !strings.Contains(errs, "no list is loaded") {
		t.Errorf("no lists: code %d err %s", code, errs)
	}
}

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/collabcheck/collabcheck/internal/assess"
)

const examples = "../../internal/assess/testdata/examples"

// sanctionsCSV is an invented sanctions list in the custom CSV format.
const sanctionsCSV = `ID,Name,Aliases,Country,Type,Program,List
S-1,Borealis Fenwick Trading LLC,Borealis Fenwick|BFT LLC,Russia,Organisation,RUSSIA-EO14024,OFAC SDN (test fixture)
S-2,Ivan Testovich Example,,Russia,Person,UKRAINE-EO13660,OFAC SDN (test fixture)
`

// assessDB returns a database holding the invented ASPI tracker fixture and
// an invented sanctions list.
func assessDB(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	db := filepath.Join(dir, "cc.db")
	if _, errs, code := cli(t, db, "", "lists", "import", "--format", "aspi", filepath.Join(fixtures, "aspi", "tracker.json")); code != 0 {
		t.Fatalf("import aspi: %s", errs)
	}
	csvPath := filepath.Join(dir, "sanctions.csv")
	if err := os.WriteFile(csvPath, []byte(sanctionsCSV), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, errs, code := cli(t, db, "", "lists", "import", "--format", "csv", "--name", "test_sanctions",
		"--map", "id=ID,name=Name,alias=Aliases;|,country=Country,kind=Type,program=Program,list=List", csvPath); code != 0 {
		t.Fatalf("import csv: %s", errs)
	}
	return db
}

func assessJSON(t *testing.T, db string, args ...string) (assess.Assessment, string) {
	t.Helper()
	out, errs, code := cli(t, db, "", append([]string{"assess", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("assess %v: code %d err %s", args, code, errs)
	}
	var a assess.Assessment
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatalf("assess --json output: %v\n%s", err, out)
	}
	return a, out
}

func findingIDs(a assess.Assessment) []string {
	var ids []string
	for _, f := range a.Findings {
		ids = append(ids, f.ID)
	}
	return ids
}

// TestWorkedExamples runs each shipped example proposal through the whole
// pipeline (list import, screening, classification, default policy) and
// checks its expected outcome.
func TestWorkedExamples(t *testing.T) {
	db := assessDB(t)
	b, err := os.ReadFile(filepath.Join(examples, "expected.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var expected map[string]assess.Outcome
	if err := yaml.Unmarshal(b, &expected); err != nil {
		t.Fatal(err)
	}
	if len(expected) < 4 {
		t.Fatalf("expected.yaml lists %d examples, want at least 4", len(expected))
	}
	// Findings each example must (or must not) contain, so the outcome is
	// right for the right reason.
	must := map[string][]string{
		"climate_civilian.yaml":             {"tracked-civilian", "country-of-concern"},
		"defence_university_sensitive.yaml": {"defence-university-sensitive", "sensitive-technology"},
		"sanctioned_company.yaml":           {"sanctioned-party"},
		"genomic_data_abroad.yaml":          {"genomic-data-abroad"},
	}
	mustNot := map[string][]string{
		"climate_civilian.yaml":    {"sensitive-technology", "listed-partner", "defence-university-sensitive"},
		"genomic_data_abroad.yaml": {"sanctioned-party", "listed-uncategorised", "sensitive-technology"},
	}
	for file, want := range expected {
		t.Run(file, func(t *testing.T) {
			a, _ := assessJSON(t, db, filepath.Join(examples, file))
			ids := findingIDs(a)
			if a.Outcome != want {
				t.Errorf("outcome %s, want %s; findings %v", a.Outcome, want, ids)
			}
			for _, id := range must[file] {
				if !slices.Contains(ids, id) {
					t.Errorf("missing finding %s in %v", id, ids)
				}
			}
			for _, id := range mustNot[file] {
				if slices.Contains(ids, id) {
					t.Errorf("unexpected finding %s", id)
				}
			}
			if a.PolicyVersion != "2025.1" || len(a.Versions.Lists) != 2 || a.Versions.Taxonomy == "" {
				t.Errorf("versions not recorded: %q %+v", a.PolicyVersion, a.Versions)
			}
		})
	}
}

func TestAssessEvidenceAndDeterminism(t *testing.T) {
	db := assessDB(t)
	file := filepath.Join(examples, "defence_university_sensitive.yaml")
	a, first := assessJSON(t, db, file)
	if a.Findings[0].ID != "defence-university-sensitive" {
		t.Fatalf("first finding %s", a.Findings[0].ID)
	}
	ev := a.Findings[0].Evidence
	if ev[0].Category != "defence_university" || ev[0].List == "" || ev[0].Party != "partners[1]" || ev[0].Program == "" {
		t.Errorf("hit evidence %+v", ev[0])
	}
	_, second := assessJSON(t, db, file)
	if first != second {
		t.Errorf("two runs differ:\n%s\n%s", first, second)
	}
	// Text output names the outcome, the rule and a mitigation's guidance.
	out, _, code := cli(t, db, "", "assess", file)
	for _, s := range []string{"Outcome: refer to adviser", "rule defence-university-sensitive", "see: ", "https://", "lists: aspi_cdut v1, test_sanctions v1"} {
		if code != 0 || !strings.Contains(out, s) {
			t.Errorf("text output (code %d) lacks %q:\n%s", code, s, out)
		}
	}
}

func TestAssessInvalidProposal(t *testing.T) {
	db := assessDB(t)
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	src := "summary: missing title\npartners:\n  - name: X\n    colour: red\ndata: [secret]\nduration_months: long\n"
	if err := os.WriteFile(bad, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	_, errs, code := cli(t, db, "", "assess", bad)
	if code != 1 {
		t.Fatalf("code %d, want 1", code)
	}
	for _, s := range []string{"4 problems", "line 4: partners[0].colour: unknown field", "line 5: data[0]: unknown data kind \"secret\"", "line 6: duration_months: want a whole number", "line 1: title: title is required"} {
		if !strings.Contains(errs, s) {
			t.Errorf("stderr lacks %q:\n%s", s, errs)
		}
	}
	out, _, code := cli(t, db, "", "assess", "--json", bad)
	var pe assess.ParseError
	if code != 1 || json.Unmarshal([]byte(out), &pe) != nil || len(pe.Problems) != 4 {
		t.Errorf("--json on an invalid proposal: code %d out %s", code, out)
	}
	if _, errs, code := cli(t, db, "", "assess", filepath.Join(dir, "missing.yaml")); code != 1 || !strings.Contains(errs, "missing.yaml") {
		t.Errorf("missing file: code %d err %s", code, errs)
	}
	if _, _, code := cli(t, db, "", "assess"); code != 2 {
		t.Errorf("no file: code %d, want 2", code)
	}
}

func TestAssessPolicyOverride(t *testing.T) {
	db := assessDB(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "tenant.yaml")
	if err := os.WriteFile(good, []byte("version: northmoor-1\ndisable_rules: [sanctioned-party]\nrules:\n  - id: sanctioned-review\n    title: Sanctioned parties go to the adviser\n    severity: critical\n    outcome: refer_to_adviser\n    when: {hit_category: [sanctions]}\n    mitigations: [adviser-referral]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	a, _ := assessJSON(t, db, "--policy", good, filepath.Join(examples, "sanctioned_company.yaml"))
	if a.Outcome != assess.OutcomeReferToAdviser || a.PolicyVersion != "2025.1+northmoor-1" {
		t.Errorf("override: outcome %s policy %s", a.Outcome, a.PolicyVersion)
	}
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("version: x\nrules:\n  - id: r\n    title: t\n    severity: dire\n    outcome: proceed\n    when: {vibes: bad}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, errs, code := cli(t, db, "", "assess", "--policy", bad, filepath.Join(examples, "sanctioned_company.yaml"))
	if code != 1 || !strings.Contains(errs, "line 5: rules[0].severity: unknown severity") || !strings.Contains(errs, "line 7: rules[0].when.vibes: unknown fact") {
		t.Errorf("bad override: code %d err %s", code, errs)
	}
}

func TestAssessNeedsLists(t *testing.T) {
	db := filepath.Join(t.TempDir(), "empty.db")
	_, errs, code := cli(t, db, "", "assess", filepath.Join(examples, "climate_civilian.yaml"))
	if code != 1 || !strings.Contains(errs, "no list is loaded") {
		t.Errorf("code %d err %s", code, errs)
	}
}

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const registryFixture = "../../internal/registry/testdata/ror-v2.json"

func TestResolveAndEval(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "cc.db")
	if _, errs, code := cli(t, db, "", "resolve", "x"); code != 1 || !strings.Contains(errs, "registry") {
		t.Fatalf("resolve without a registry: code %d err %q", code, errs)
	}
	importRegistryAndList(t, db, registryFixture, "L1,Songbei University of Technology,CN")
	in := "School of Astronautics, Songbei University of Technology, Harbin 150001, China\nNorthern Radar Institute\nWessex Inst Climate Res, Exeter, UK; Songbei Univ Technol\nGrocery Store of Nowhere\n"
	out, errs, code := cli(t, db, in, "resolve", "--json")
	if code != 0 {
		t.Fatalf("resolve: %d %s", code, errs)
	}
	type hit struct {
		List     string `json:"list"`
		SourceID string `json:"source_id"`
		Via      []struct {
			Relation string `json:"relation"`
			SourceID string `json:"source_id"`
		} `json:"via"`
	}
	type line struct {
		Input string `json:"input"`
		Orgs  []struct {
			ID, Name, Country, Via string
			Score                  float64
			Explanation            []json.RawMessage
		} `json:"orgs"`
		Hits []hit `json:"hits"`
	}
	var ls []line
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var x line
		if err := json.Unmarshal([]byte(l), &x); err != nil {
			t.Fatalf("%q: %v", l, err)
		}
		ls = append(ls, x)
	}
	if len(ls) != 4 {
		t.Fatalf("want 4 lines, got %d:\n%s", len(ls), out)
	}
	// The school is the most specific organisation; its listed parent is
	// a hit through the registry hierarchy.
	if len(ls[0].Orgs) != 1 || ls[0].Orgs[0].ID != "https://ror.org/04m2vdh58" || len(ls[0].Orgs[0].Explanation) == 0 {
		t.Errorf("line 1 orgs = %+v", ls[0].Orgs)
	}
	if len(ls[0].Hits) != 1 || ls[0].Hits[0].SourceID != "L1" || len(ls[0].Hits[0].Via) == 0 || ls[0].Hits[0].Via[0].SourceID != "https://ror.org/03xk7pq21" {
		t.Errorf("line 1 hits = %+v", ls[0].Hits)
	}
	// A retired record resolves to its successor.
	if len(ls[1].Orgs) != 1 || ls[1].Orgs[0].ID != "https://ror.org/03xk7pq21" || ls[1].Orgs[0].Via != "https://ror.org/00rh3kb19" {
		t.Errorf("line 2 orgs = %+v", ls[1].Orgs)
	}
	// Two parties.
	if len(ls[2].Orgs) != 2 {
		t.Errorf("line 3 orgs = %+v", ls[2].Orgs)
	}
	if len(ls[3].Orgs) != 0 || ls[3].Hits == nil {
		t.Errorf("line 4 should choose nothing: %+v", ls[3])
	}

	goldFile := filepath.Join(dir, "gold.csv")
	if err := os.WriteFile(goldFile, []byte("affiliation,ror_id\nSongbei Univ Technol,https://ror.org/03xk7pq21\nWessex Institute for Climate Research,https://ror.org/05tq8wn67\n\"Dept of Physics, Unlisted Univ\",https://ror.org/0unknown0\nOrchard Road Bakery,https://ror.org/03xk7pq21\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, code = cli(t, db, "", "eval", "resolve", "--gold", goldFile, "--format", "crossref", "--json")
	if code != 0 {
		t.Fatalf("eval: %d %s", code, errs)
	}
	var rep struct {
		Rows      int     `json:"rows"`
		Skipped   int     `json:"skipped"`
		Precision float64 `json:"precision"`
		Recall    float64 `json:"recall"`
		// The bakery's label is an organisation the string does not
		// mention: a miss no resolver could avoid.
		Unmentioned   int     `json:"unmentioned"`
		RecallCeiling float64 `json:"recall_ceiling"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Rows != 4 || rep.Skipped != 1 || rep.Precision != 1 || rep.Recall != 2.0/3 || rep.Unmentioned != 1 || rep.RecallCeiling != 2.0/3 {
		t.Errorf("eval report %+v", rep)
	}
	// Labels that name a unit's parent, or a retired record, disagree
	// with the resolver's rules rather than find a mistake: eval counts
	// them apart and marks their lines.
	policyFile := filepath.Join(dir, "policy.csv")
	if err := os.WriteFile(policyFile, []byte("affiliation,ror_id\n\"School of Astronautics, Songbei University of Technology, Harbin 150001, China\",https://ror.org/03xk7pq21\nNorthern Radar Institute,https://ror.org/00rh3kb19\nSongbei Univ Technol,https://ror.org/03xk7pq21\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, code = cli(t, db, "", "eval", "resolve", "--gold", policyFile, "--json")
	if code != 0 {
		t.Fatalf("eval: %d %s", code, errs)
	}
	var pol struct {
		Precision float64 `json:"precision"`
		Aside     struct {
			FalsePos  map[string]int `json:"false_pos"`
			FalseNeg  map[string]int `json:"false_neg"`
			Precision float64        `json:"precision"`
			Recall    float64        `json:"recall"`
		} `json:"set_aside"`
	}
	if err := json.Unmarshal([]byte(out), &pol); err != nil {
		t.Fatal(err)
	}
	a := pol.Aside
	if pol.Precision != 1.0/3 || a.FalsePos["unit_of_label"] != 1 || a.FalsePos["successor_of_retired_label"] != 1 || a.FalseNeg["retired_label"] != 1 || a.Precision != 1 || a.Recall != 1 {
		t.Errorf("eval set aside: precision %v, %+v", pol.Precision, a)
	}
	out, _, _ = cli(t, db, "", "eval", "resolve", "--gold", policyFile)
	for _, want := range []string{"1 false matches follow the rule unit_of_label", "without them: precision 1.0000  recall 1.0000", "[rule https://ror.org/04m2vdh58: unit_of_label]", "[rule https://ror.org/00rh3kb19: retired_label]"} {
		if !strings.Contains(out, want) {
			t.Errorf("eval output lacks %q:\n%s", want, out)
		}
	}
	if _, _, code := cli(t, db, "", "eval", "resolve"); code != 2 {
		t.Errorf("eval without --gold: exit %d, want 2", code)
	}
}

// Without --json, resolve lists an organisation written out beside the
// one chosen for its party, with its list hits marked as such; --json
// keeps to the contract's object.
func TestResolveNamedBeside(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "cc.db")
	raw, err := os.ReadFile(registryFixture)
	if err != nil {
		t.Fatal(err)
	}
	var recs []map[string]any
	if err := json.Unmarshal(raw, &recs); err != nil {
		t.Fatal(err)
	}
	// A laboratory in the university's town, unrelated to it.
	var lab map[string]any
	if err := json.Unmarshal(mustJSON(t, recs[3]), &lab); err != nil {
		t.Fatal(err)
	}
	lab["id"] = "https://ror.org/01qqqqq77"
	lab["names"] = []any{map[string]any{"lang": "en", "types": []any{"ror_display", "label"}, "value": "Songbei Hypersonics Laboratory"}}
	lab["locations"] = recs[0]["locations"]
	lab["relationships"] = []any{}
	lab["types"] = []any{"facility"}
	reg := filepath.Join(dir, "ror.json")
	if err := os.WriteFile(reg, mustJSON(t, append(recs, lab)), 0o644); err != nil {
		t.Fatal(err)
	}
	importRegistryAndList(t, db, reg, "L9,Songbei Hypersonics Laboratory,CN")
	in := "School of Physics, Songbei University of Technology, Songbei Hypersonics Laboratory, Harbin, China\n"
	out, errs, code := cli(t, db, in, "resolve")
	if code != 0 {
		t.Fatalf("resolve: %d %s", code, errs)
	}
	if !strings.Contains(out, "https://ror.org/03xk7pq21  Songbei University of Technology") ||
		!strings.Contains(out, "also names https://ror.org/01qqqqq77  Songbei Hypersonics Laboratory") ||
		!strings.Contains(out, "HIT Songbei Hypersonics Laboratory [own L9] (named beside)") {
		t.Errorf("text output:\n%s", out)
	}
	out, errs, code = cli(t, db, in, "resolve", "--json")
	if code != 0 {
		t.Fatalf("resolve --json: %d %s", code, errs)
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &obj); err != nil {
		t.Fatal(err)
	}
	if len(obj) != 3 || obj["input"] == nil || obj["orgs"] == nil || obj["hits"] == nil || string(obj["hits"]) != "[]" {
		t.Errorf("json object %s: want exactly input, orgs and hits, no hit for the chosen university", out)
	}
}

// importRegistryAndList imports the registry dump at reg into db and a
// list "own" of one entity, written as a CSV row (id,name,country).
func importRegistryAndList(t *testing.T, db, reg, row string) {
	t.Helper()
	if _, errs, code := cli(t, db, "", "registry", "import", reg); code != 0 {
		t.Fatal(errs)
	}
	own := filepath.Join(filepath.Dir(db), "own.csv")
	if err := os.WriteFile(own, []byte("id,name,country\n"+row+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errs, code := cli(t, db, "", "lists", "import", "--format", "csv", "--name", "own", own); code != 0 {
		t.Fatal(errs)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

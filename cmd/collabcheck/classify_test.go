package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// classifyObject is the contract's output shape, decoded strictly.
type classifyObject struct {
	ID    string `json:"id"`
	Areas []struct {
		ID       string            `json:"id"`
		Score    float64           `json:"score"`
		Evidence []json.RawMessage `json:"evidence"`
	} `json:"areas"`
	Fields []struct {
		ID       string            `json:"id"`
		Score    float64           `json:"score"`
		Evidence []json.RawMessage `json:"evidence"`
	} `json:"fields"`
	Hints    []map[string]any `json:"hints"`
	Warnings []string         `json:"warnings"`
	Line     int              `json:"line"`
	Error    string           `json:"error"`
}

func runClassify(t *testing.T, stdin string, args ...string) (int, []classifyObject, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(append([]string{"classify"}, args...), strings.NewReader(stdin), &out, &errb)
	var objs []classifyObject
	if len(args) > 0 && args[0] == "--json" {
		for i, line := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n") {
			if line == "" {
				continue
			}
			var raw map[string]json.RawMessage
			if err := json.Unmarshal([]byte(line), &raw); err != nil {
				t.Fatalf("output line %d is not JSON: %v\n%s", i+1, err, line)
			}
			for _, k := range []string{"id", "areas", "fields", "hints"} {
				if _, ok := raw[k]; !ok {
					t.Errorf("output line %d lacks %q: %s", i+1, k, line)
				}
			}
			for _, k := range []string{"areas", "fields", "hints"} {
				if string(raw[k]) == "null" {
					t.Errorf("output line %d: %s is null, want a list", i+1, k)
				}
			}
			var o classifyObject
			if err := json.Unmarshal([]byte(line), &o); err != nil {
				t.Fatalf("output line %d has the wrong shape: %v", i+1, err)
			}
			objs = append(objs, o)
		}
	}
	return code, objs, out.String() + errb.String()
}

func TestClassifyJSONContract(t *testing.T) {
	in := `{"id": "q1", "title": "Error correction with superconducting qubits", "abstract": "We demonstrate a logical qubit with a surface code on a quantum processor."}
{"id": "c1", "title": "Machine learning emulation of a climate model", "abstract": "A neural network emulates regional precipitation and drought under warming scenarios."}

{"id": "m1", "title": "On the cohomology of moduli spaces of curves", "abstract": "We compute the stable cohomology ring."}
{"id": "k1", "title": "Cryptanalysis of a lightweight block cipher", "abstract": "A differential attack recovers the secret key."}
`
	code, objs, text := runClassify(t, in, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, text)
	}
	if len(objs) != 4 {
		t.Fatalf("got %d objects, want 4 (blank line skipped): %s", len(objs), text)
	}
	wantIDs := []string{"q1", "c1", "m1", "k1"}
	for i, o := range objs {
		if o.ID != wantIDs[i] {
			t.Errorf("object %d id = %q, want %q (order must follow input)", i, o.ID, wantIDs[i])
		}
		if o.Error != "" {
			t.Errorf("object %d error: %s", i, o.Error)
		}
	}
	if len(objs[0].Areas) != 1 || objs[0].Areas[0].ID != "quantum" || objs[0].Areas[0].Score < 0.5 || len(objs[0].Areas[0].Evidence) == 0 {
		t.Errorf("q1 areas = %+v", objs[0].Areas)
	}
	var ev struct {
		Phrase, Term, Field string
		Start, End          int
		Weight              float64
	}
	if err := json.Unmarshal(objs[0].Areas[0].Evidence[0], &ev); err != nil || ev.Phrase == "" || ev.Field == "" || ev.End <= ev.Start || ev.Weight <= 0 {
		t.Errorf("evidence entry %s: %+v %v", objs[0].Areas[0].Evidence[0], ev, err)
	}
	if len(objs[0].Hints) == 0 {
		t.Error("q1 has no hints")
	}
	if len(objs[1].Areas) != 0 || len(objs[1].Fields) != 1 || objs[1].Fields[0].ID != "climate_environment" {
		t.Errorf("c1 = areas %+v fields %+v", objs[1].Areas, objs[1].Fields)
	}
	if len(objs[2].Areas) != 0 || len(objs[2].Fields) != 0 || len(objs[2].Hints) != 0 {
		t.Errorf("m1 should have no labels: %+v", objs[2])
	}
	if len(objs[3].Areas) != 1 || objs[3].Areas[0].ID != "cryptography_cyber" {
		t.Errorf("k1 areas = %+v", objs[3].Areas)
	}
}

func TestClassifyBadLinesGiveErrorObjects(t *testing.T) {
	in := "{\"id\": \"ok\", \"title\": \"Qubits\"}\n" +
		"not json\n" +
		"{\"id\": \"empty\", \"title\": \"\", \"abstract\": \" \"}\n" +
		"{\"id\": \"bad\xff\", \"title\": \"x\"}\n" +
		"{\"id\": 7}\n" +
		"{\"id\": \"a\"} {\"id\": \"b\"}\n" +
		"{\"id\": \"last\", \"abstract\": \"Rainfall and drought under climate change.\"}"
	code, objs, text := runClassify(t, in, "--json")
	if code != 1 {
		t.Errorf("exit %d, want 1 when lines fail", code)
	}
	if !strings.Contains(text, "5 input line(s) could not be classified, first at line 2") {
		t.Errorf("stderr does not summarise failures: %s", text)
	}
	if len(objs) != 7 {
		t.Fatalf("got %d objects, want one per line (7)", len(objs))
	}
	for i, wantLine := range []int{0, 2, 3, 4, 5, 6, 0} {
		o := objs[i]
		if o.Line != wantLine {
			t.Errorf("object %d line = %d, want %d (%s)", i, o.Line, wantLine, o.Error)
		}
		if wantLine > 0 && !strings.HasPrefix(o.Error, "line "+strconv.Itoa(wantLine)+":") {
			t.Errorf("object %d error %q does not name its line", i, o.Error)
		}
		if wantLine == 0 && o.Error != "" {
			t.Errorf("object %d unexpected error %q", i, o.Error)
		}
	}
	if objs[2].ID != "empty" || !strings.Contains(objs[2].Error, "empty") {
		t.Errorf("empty-text object = %+v", objs[2])
	}
	if !strings.Contains(objs[3].Error, "UTF-8 at byte") {
		t.Errorf("invalid UTF-8 object = %+v", objs[3])
	}
	if objs[6].ID != "last" || len(objs[6].Fields) != 1 {
		t.Errorf("line after errors not classified: %+v", objs[6])
	}
}

func TestClassifyHugeLineIsTruncated(t *testing.T) {
	abstract := strings.Repeat("quantum computing with superconducting qubits ", (10<<20)/46)
	line, _ := json.Marshal(map[string]string{"id": "big", "abstract": abstract})
	code, objs, text := runClassify(t, string(line)+"\n", "--json")
	if code != 0 || len(objs) != 1 {
		t.Fatalf("exit %d, %d objects: %.300s", code, len(objs), text)
	}
	if len(objs[0].Warnings) == 0 || len(objs[0].Areas) == 0 || objs[0].Areas[0].ID != "quantum" {
		t.Errorf("10 MB line: warnings %v areas %+v", objs[0].Warnings, objs[0].Areas)
	}
}

func TestClassifyTextSummary(t *testing.T) {
	code, _, text := runClassify(t, `{"id": "k1", "title": "Side-channel attacks on post-quantum encryption", "abstract": "We recover secret keys from power traces."}`+"\n")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, text)
	}
	for _, want := range []string{"k1", "sensitive areas:", "cryptography_cyber", "because:", "check export control", "not legal conclusions", "opportunity fields: none"} {
		if !strings.Contains(text, want) {
			t.Errorf("summary lacks %q:\n%s", want, text)
		}
	}
	// Arguments are classified as one abstract.
	code, _, text = runClassify(t, "", "Tokamak", "divertor", "heat", "loads")
	if code != 0 || !strings.Contains(text, "civil_nuclear") {
		t.Errorf("args: exit %d\n%s", code, text)
	}
}

func TestClassifyTaxonomyOverride(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "acme.yaml")
	os.WriteFile(good, []byte(`version: "acme-1"
areas:
  - id: hypersonics
    kind: sensitive
    name: Hypersonics
    terms:
      - {weight: 3, note: "ACME watch term", phrases: [waverider]}
`), 0o644)
	code, objs, text := runClassify(t, `{"id": "h", "title": "Waverider design"}`+"\n", "--json", "--taxonomy", good)
	if code != 0 || len(objs) != 1 || len(objs[0].Areas) != 1 || objs[0].Areas[0].ID != "hypersonics" {
		t.Fatalf("override not used: exit %d %+v %s", code, objs, text)
	}
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("version: x\nareas:\n  - id: quantum\n    terms:\n      - weight: lots\n        phrases: [q]\n"), 0o644)
	code, objs, text = runClassify(t, `{"id": "h", "title": "Qubits"}`+"\n", "--json", "--taxonomy", bad)
	if code != 1 || len(objs) != 0 {
		t.Errorf("bad taxonomy: exit %d, %d objects", code, len(objs))
	}
	if !strings.Contains(text, "bad.yaml line 5") {
		t.Errorf("error does not name the file and line: %s", text)
	}
	code, _, text = runClassify(t, "", "--json", "--taxonomy", filepath.Join(dir, "missing.yaml"))
	if code != 1 || !strings.Contains(text, "missing.yaml") {
		t.Errorf("missing taxonomy: exit %d %s", code, text)
	}
}

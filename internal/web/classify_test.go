package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/collabcheck/collabcheck/internal/techarea"
)

// Hand-written abstracts in the style of research papers.
var (
	quantumDoc = classifyDocument{ID: "q-1", Title: "Quantum key distribution over satellite links",
		Abstract: "We demonstrate entanglement-based quantum cryptography between a ground station and a low Earth orbit satellite."}
	climateDoc = classifyDocument{ID: "c-1", Title: "Machine-learning emulators for regional climate projections",
		Abstract: "We train deep neural networks on regional climate model output to downscale precipitation extremes and improve projections of drought under global warming scenarios."}
	mathsDoc = classifyDocument{ID: "m-1", Title: "On the cohomology of moduli spaces of curves",
		Abstract: "We compute the rational cohomology of the moduli space of stable curves of genus two with marked points."}
)

func labelIDs(ls []techarea.OutputLabel) []string {
	var ids []string
	for _, l := range ls {
		ids = append(ids, l.ID)
	}
	return ids
}

func hasLabel(ls []techarea.OutputLabel, id string) bool {
	for _, l := range ls {
		if l.ID == id {
			return len(l.Evidence) > 0 && l.Score > 0
		}
	}
	return false
}

// contractLine encodes what `collabcheck classify --json` writes for doc.
func contractLine(t *testing.T, e *testEnv, d classifyDocument) []byte {
	t.Helper()
	res, err := e.api.clf.Classify(techarea.Document{ID: d.ID, Title: d.Title, Abstract: d.Abstract})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(res.Output()); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func documentsOf(docs ...classifyDocument) []byte {
	return jsonBody(map[string]any{"documents": docs})
}

func classifyHappyCases() []apiCase {
	exactlyMiB := strings.Repeat("grain yield ", MaxDocumentBytes/12) + strings.Repeat("x", MaxDocumentBytes%12)
	many := make([]classifyDocument, MaxDocuments)
	for i := range many {
		many[i] = quantumDoc
		many[i].ID = fmt.Sprint(i)
	}
	return []apiCase{
		{name: "classify one document", method: http.MethodPost, target: "/api/v1/classify", body: jsonBody(quantumDoc), status: 200,
			check: func(t *testing.T, e *testEnv, x exchange) {
				o := decode[techarea.Output](t, x)
				if o.ID != "q-1" || !hasLabel(o.Areas, "quantum") || !hasLabel(o.Areas, "space_satellite") || len(o.Fields) != 0 || len(o.Hints) == 0 {
					t.Errorf("classification %+v", o)
				}
				// Exactly one line of `collabcheck classify --json`.
				if want := contractLine(t, e, quantumDoc); !bytes.Equal(want, x.body) {
					t.Errorf("answer differs from the classify --json line:\n got %s\nwant %s", x.body, want)
				}
			}},
		{name: "classify climate paper using machine learning", method: http.MethodPost, target: "/api/v1/classify", body: jsonBody(climateDoc), status: 200,
			check: func(t *testing.T, e *testEnv, x exchange) {
				o := decode[techarea.Output](t, x)
				if !hasLabel(o.Fields, "climate_environment") || len(o.Areas) != 0 {
					t.Errorf("fields %v areas %v, want climate_environment and no sensitive area", labelIDs(o.Fields), labelIDs(o.Areas))
				}
			}},
		{name: "classify title only, no id", method: http.MethodPost, target: "/api/v1/classify", body: []byte(`{"title": "Exoplanet atmospheres observed by transmission spectroscopy"}`), status: 200,
			check: func(t *testing.T, e *testEnv, x exchange) {
				o := decode[techarea.Output](t, x)
				if o.ID != "" || !hasLabel(o.Fields, "planetary_astronomy") {
					t.Errorf("classification %+v", o)
				}
			}},
		{name: "classify other languages without labels", method: http.MethodPost, target: "/api/v1/classify", body: jsonBody(classifyDocument{Title: "Étude des fonctions zêta", Abstract: "哈尔滨工业大学的研究"}), status: 200,
			check: func(t *testing.T, e *testEnv, x exchange) {
				o := decode[techarea.Output](t, x)
				if o.Areas == nil || o.Fields == nil || o.Hints == nil || len(o.Areas)+len(o.Fields) != 0 {
					t.Errorf("classification %+v", o)
				}
			}},
		{name: "classify a document of exactly 1 MiB", method: http.MethodPost, target: "/api/v1/classify", body: jsonBody(classifyDocument{Abstract: exactlyMiB}), status: 200,
			check: func(t *testing.T, e *testEnv, x exchange) {
				o := decode[techarea.Output](t, x)
				if len(o.Warnings) != 0 || !hasLabel(o.Fields, "agrifood") {
					t.Errorf("fields %v warnings %v", labelIDs(o.Fields), o.Warnings)
				}
			}},
		{name: "classify a batch in input order", method: http.MethodPost, target: "/api/v1/classify", body: documentsOf(mathsDoc, quantumDoc, climateDoc), status: 200,
			check: func(t *testing.T, e *testEnv, x exchange) {
				r := decode[classifyResponse](t, x)
				if len(r.Results) != 3 || r.Results[0].ID != "m-1" || r.Results[1].ID != "q-1" || r.Results[2].ID != "c-1" {
					t.Fatalf("results %+v", r.Results)
				}
				if len(r.Results[0].Areas)+len(r.Results[0].Fields) != 0 {
					t.Errorf("pure mathematics labelled: %+v", r.Results[0])
				}
				var raw struct{ Results []json.RawMessage }
				if err := json.Unmarshal(x.body, &raw); err != nil {
					t.Fatal(err)
				}
				for i, d := range []classifyDocument{mathsDoc, quantumDoc, climateDoc} {
					if want := contractLine(t, e, d); !bytes.Equal(bytes.TrimSpace(want), raw.Results[i]) {
						t.Errorf("result %d differs from the classify --json line:\n got %s\nwant %s", i, raw.Results[i], want)
					}
				}
			}},
		{name: "classify a batch of the maximum size", method: http.MethodPost, target: "/api/v1/classify", body: documentsOf(many...), status: 200,
			check: func(t *testing.T, e *testEnv, x exchange) {
				r := decode[classifyResponse](t, x)
				if len(r.Results) != MaxDocuments || r.Results[MaxDocuments-1].ID != fmt.Sprint(MaxDocuments-1) || !hasLabel(r.Results[MaxDocuments-1].Areas, "quantum") {
					t.Errorf("%d results", len(r.Results))
				}
			}},
		{name: "classify needs no list", env: "empty", method: http.MethodPost, target: "/api/v1/classify", body: jsonBody(quantumDoc), status: 200},

		{name: "taxonomy", target: "/api/v1/taxonomy", status: 200,
			check: func(t *testing.T, e *testEnv, x exchange) {
				tx := decode[taxonomyResponse](t, x)
				def, err := techarea.Default()
				if err != nil {
					t.Fatal(err)
				}
				if tx.Version == "" || tx.Version != def.Version || len(tx.Sources) != 1 || tx.DefaultThreshold != techarea.DefaultThreshold {
					t.Errorf("header %q %v %v", tx.Version, tx.Sources, tx.DefaultThreshold)
				}
				got := map[string]techarea.Kind{}
				for _, group := range []struct {
					kind  techarea.Kind
					areas []taxonomyArea
				}{{techarea.Sensitive, tx.Areas}, {techarea.Opportunity, tx.Fields}} {
					for _, a := range group.areas {
						got[a.ID] = a.Kind
						// Only sensitive areas are on official lists.
						if a.Kind != group.kind || a.Name == "" || a.Description == "" || len(a.Terms) == 0 || a.Threshold <= 0 || (a.Kind == techarea.Sensitive) != (len(a.Lists) > 0) {
							t.Errorf("area %s: kind %s name %q, %d terms, threshold %v, lists %v", a.ID, a.Kind, a.Name, len(a.Terms), a.Threshold, a.Lists)
						}
					}
				}
				for id, kind := range techarea.RequiredAreaIDs() {
					if got[id] != kind {
						t.Errorf("area %s: kind %q, want %q", id, got[id], kind)
					}
				}
				// Every reference resolves to an entry of the document.
				controls, codes := map[string]bool{}, map[string]bool{}
				for _, c := range tx.ExportControls {
					controls[c.ID] = true
				}
				for _, c := range tx.ATAS.Codes {
					codes[c.Code] = true
				}
				for _, a := range append(tx.Areas, tx.Fields...) {
					for _, c := range a.ExportControls {
						if !controls[c] {
							t.Errorf("area %s refers to unknown export control %s", a.ID, c)
						}
					}
					for _, c := range a.ATAS {
						if !codes[c] {
							t.Errorf("area %s refers to unknown ATAS code %s", a.ID, c)
						}
					}
				}
				var quantum taxonomyArea
				for _, a := range tx.Areas {
					if a.ID == "quantum" {
						quantum = a
					}
				}
				if len(quantum.ExportControls) == 0 || len(quantum.ATAS) == 0 || len(quantum.Mitigations) == 0 {
					t.Errorf("quantum %+v", quantum)
				}
			}},
		{name: "HEAD taxonomy", method: http.MethodHead, target: "/api/v1/taxonomy", status: 200},
	}
}

func classifyBadCases() []apiCase {
	post := func(name, body, field string) apiCase {
		return apiCase{name: "classify: " + name, method: http.MethodPost, target: "/api/v1/classify", body: []byte(body), status: 400, field: field}
	}
	overMiB := strings.Repeat("a", MaxDocumentBytes-10)
	tooMany := make([]classifyDocument, MaxDocuments+1)
	for i := range tooMany {
		tooMany[i] = mathsDoc
	}
	sixMiB := make([]classifyDocument, 6)
	for i := range sixMiB {
		sixMiB[i] = classifyDocument{Abstract: strings.Repeat("b", MaxDocumentBytes-100)}
	}
	return []apiCase{
		post("malformed JSON", `{"title": `, "#"),
		post("empty body", ``, "#"),
		post("array body", `[{"title": "x"}]`, "#"),
		post("string body", `"quantum computing"`, "#"),
		post("trailing data", `{"title": "Quantum sensing"} {}`, "#"),
		post("unknown field", `{"title": "Quantum sensing", "keywords": ["qubit"]}`, "#/keywords"),
		post("title of the wrong type", `{"title": 5}`, "#/title"),
		post("empty document", `{}`, "#"),
		post("blank title and abstract", `{"id": "x", "title": " ", "abstract": "\n\t"}`, "#"),
		post("id too long", `{"id": "`+strings.Repeat("i", maxDocIDBytes+1)+`", "title": "Quantum sensing"}`, "#/id"),
		post("document over 1 MiB", `{"title": "0123456789abcdef", "abstract": "`+overMiB+`"}`, "#"),
		post("documents with a document's fields", `{"title": "x", "documents": [{"title": "y"}]}`, "#/title"),
		post("documents null", `{"documents": null}`, "#/documents"),
		post("documents empty", `{"documents": []}`, "#/documents"),
		post("documents not an array", `{"documents": {"title": "x"}}`, "#/documents"),
		post("document not an object", `{"documents": ["Quantum sensing"]}`, "#/documents/0"),
		post("unknown field in a document", `{"documents": [{"title": "x"}, {"title": "y", "doi": "10.1/x"}]}`, "#/documents/1/doi"),
		post("wrong type in a document", `{"documents": [{"id": 7, "title": "x"}]}`, "#/documents/0/id"),
		post("empty document in a batch", `{"documents": [{"title": "Quantum sensing"}, {"id": "b"}]}`, "#/documents/1"),
		post("document over 1 MiB in a batch", `{"documents": [{"abstract": "`+overMiB+`0123456789abcdef"}]}`, "#/documents/0"),
		{name: "classify: invalid UTF-8", method: http.MethodPost, target: "/api/v1/classify", body: []byte("{\"title\": \"Quantum\xff\"}"), status: 400, field: "#"},
		{name: "classify: over 100 documents", method: http.MethodPost, target: "/api/v1/classify", body: documentsOf(tooMany...), status: 400, field: "#/documents"},
		{name: "classify: query parameter", method: http.MethodPost, target: "/api/v1/classify?threshold=0.3", body: jsonBody(quantumDoc), status: 400, field: "threshold"},
		{name: "classify: body over the limit", method: http.MethodPost, target: "/api/v1/classify", body: documentsOf(sixMiB...), status: 413, field: "#"},
		{name: "classify: body not JSON", method: http.MethodPost, target: "/api/v1/classify", ctype: "text/plain", body: []byte("Quantum sensing"), status: 415, field: "Content-Type"},
		{name: "classify: GET", target: "/api/v1/classify", status: 405},

		{name: "taxonomy: query parameter", target: "/api/v1/taxonomy?format=yaml", status: 400, field: "format"},
		{name: "taxonomy: POST", method: http.MethodPost, target: "/api/v1/taxonomy", body: []byte(`{}`), status: 405},
	}
}

// TestClassifierConfig checks a configured classifier is the one used, and
// that the taxonomy answered is the one in force, overrides included.
func TestClassifierConfig(t *testing.T) {
	base, err := techarea.Default()
	if err != nil {
		t.Fatal(err)
	}
	override := []byte(`version: "2025.1+test"
areas:
  - id: quantum
    terms:
      - weight: 3
        phrases: ["spin chain widget"]
`)
	tax, err := base.WithOverride("/etc/collabcheck/our-taxonomy.yaml", override)
	if err != nil {
		t.Fatal(err)
	}
	clf, err := techarea.NewClassifier(tax)
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, false, nil, func(c *Config) { c.Classifier = clf })
	x := e.do(http.MethodPost, "/api/v1/classify", "", []byte(`{"title": "A spin chain widget", "abstract": "We build a spin chain widget."}`))
	if o := decode[techarea.Output](t, x); x.status != 200 || !hasLabel(o.Areas, "quantum") {
		t.Errorf("override not used: %d %s", x.status, x.body)
	}
	tx := decode[taxonomyResponse](t, e.get("/api/v1/taxonomy"))
	if tx.Version != tax.Version || len(tx.Sources) != 2 || tx.Sources[1] != "our-taxonomy.yaml" {
		t.Errorf("taxonomy version %q sources %v", tx.Version, tx.Sources)
	}
}

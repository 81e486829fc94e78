package techarea

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

func mustTaxonomy(t testing.TB) *Taxonomy {
	t.Helper()
	tax, err := Default()
	if err != nil {
		t.Fatalf("default taxonomy: %v", err)
	}
	return tax
}

func TestDefaultTaxonomyIsComplete(t *testing.T) {
	tax := mustTaxonomy(t)
	if tax.Version == "" {
		t.Error("default taxonomy has no version")
	}
	for id, kind := range RequiredAreaIDs() {
		a, ok := tax.Area(id)
		if !ok {
			t.Errorf("area %s missing", id)
			continue
		}
		if a.Kind != kind {
			t.Errorf("area %s kind = %s, want %s", id, a.Kind, kind)
		}
		if a.Name == "" || a.Description == "" {
			t.Errorf("area %s needs a name and description", id)
		}
		if len(a.Mitigations) == 0 {
			t.Errorf("area %s has no mitigations", id)
		}
		positive := 0
		for _, tm := range a.Terms {
			if tm.Weight > 0 {
				positive++
			}
			if tm.Note == "" {
				t.Errorf("area %s phrase %q has no note", id, tm.Phrase)
			}
		}
		if positive < 25 {
			t.Errorf("area %s has %d scoring phrases, want at least 25", id, positive)
		}
		if kind == Sensitive {
			if len(a.Lists) == 0 {
				t.Errorf("sensitive area %s cites no official list", id)
			}
			for _, l := range a.Lists {
				if l.Name == "" {
					t.Errorf("area %s list %s has no official name", id, l.List)
				}
			}
			if len(a.ATAS) == 0 {
				t.Errorf("sensitive area %s has no ATAS codes", id)
			}
		}
	}
	if len(tax.Areas) != len(RequiredAreaIDs()) {
		t.Errorf("default has %d areas, want %d", len(tax.Areas), len(RequiredAreaIDs()))
	}
	// Dual-use categories 0-9 are all defined.
	for _, id := range []string{"DU0", "DU1", "DU2", "DU3", "DU4", "DU5P1", "DU5P2", "DU6", "DU7", "DU8", "DU9", "ML"} {
		if _, ok := tax.ExportControl(id); !ok {
			t.Errorf("export control %s missing", id)
		}
	}
}

func TestDefaultYAMLIsACopy(t *testing.T) {
	a := DefaultYAML()
	a[0] = 'X'
	if DefaultYAML()[0] == 'X' {
		t.Fatal("DefaultYAML exposes the embedded bytes")
	}
}

const goodOverride = `version: "acme-1"
lists:
  - {id: acme-list, name: "ACME internal watch areas"}
areas:
  - id: quantum
    threshold: 0.6
    mitigations: ["Tell the ACME quantum lead."]
    terms:
      - weight: 0
        role: block
        note: "our marketing team's product name"
        phrases: ["quantum leap"]
      - weight: 1
        note: "downgraded at ACME"
        phrases: [entanglement]
  - id: hypersonics
    kind: sensitive
    name: "Hypersonics"
    lists: [{list: acme-list, name: "Hypersonic flight"}]
    export_controls: [DU9, ML]
    atas: [CAH10-01-04]
    terms:
      - weight: 3
        note: "hypersonic flight"
        phrases: [scramjet, "hypersonic flight", "waverider"]
`

func TestOverrideExtendsAndAdds(t *testing.T) {
	base := mustTaxonomy(t)
	got, err := base.WithOverride("acme.yaml", []byte(goodOverride))
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != base.Version+"+acme-1" {
		t.Errorf("version = %q", got.Version)
	}
	if len(got.Sources) != 2 || got.Sources[1] != "acme.yaml" {
		t.Errorf("sources = %v", got.Sources)
	}
	q, _ := got.Area("quantum")
	if q.Threshold != 0.6 {
		t.Errorf("threshold = %v, want 0.6", q.Threshold)
	}
	var ent *Term
	for i := range q.Terms {
		if q.Terms[i].Phrase == "entanglement" {
			ent = &q.Terms[i]
		}
	}
	if ent == nil || ent.Weight != 1 {
		t.Errorf("entanglement not overridden: %+v", ent)
	}
	if !strings.Contains(strings.Join(q.Mitigations, "|"), "ACME quantum lead") {
		t.Error("mitigation not appended")
	}
	if _, ok := got.Area("hypersonics"); !ok {
		t.Error("new area not added")
	}
	// The base is unchanged.
	bq, _ := base.Area("quantum")
	for _, tm := range bq.Terms {
		if tm.Phrase == "entanglement" && tm.Weight == 1 {
			t.Error("override changed the base taxonomy")
		}
	}
	if _, ok := base.Area("hypersonics"); ok {
		t.Error("override added an area to the base")
	}
	// The merged taxonomy classifies with the new area.
	c, err := NewClassifier(got)
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.Classify(Document{Title: "Scramjet inlet design for hypersonic flight"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(labelIDs(res.Areas), "hypersonics") {
		t.Errorf("areas = %s, want hypersonics among them", labelIDs(res.Areas))
	}
}

func TestOverrideReplaceMode(t *testing.T) {
	base := mustTaxonomy(t)
	got, err := base.WithOverride("r.yaml", []byte(`version: "r1"
areas:
  - id: marine
    mode: replace
    kind: sensitive
    name: "Marine (ACME)"
    terms:
      - {weight: 3, note: "only this", phrases: [submarine]}
`))
	if err != nil {
		t.Fatal(err)
	}
	m, _ := got.Area("marine")
	if len(m.Terms) != 1 || m.Name != "Marine (ACME)" || len(m.ExportControls) != 0 {
		t.Errorf("replace did not replace: %+v", m)
	}
}

func TestBadOverridesNameFileAndLine(t *testing.T) {
	base := mustTaxonomy(t)
	tests := []struct {
		name string
		yaml string
		line int
		want string
	}{
		{"syntax", "version: \"x\"\nareas:\n  - id: quantum\n    terms: [\n", 0, "invalid YAML"},
		{"unknown key", "version: x\nareas:\n  - id: quantum\n    terms:\n      - wieght: 2\n        phrases: [a]\n", 5, `unknown key "wieght"`},
		{"bad weight", "version: x\nareas:\n  - id: quantum\n    terms:\n      - weight: 9\n        note: n\n        phrases: [qubits galore]\n", 5, "between -5 and 5"},
		{"weight not a number", "version: x\nareas:\n  - id: quantum\n    terms:\n      - weight: heavy\n        phrases: [a]\n", 5, "finite number"},
		{"block with weight", "version: x\nareas:\n  - id: quantum\n    terms:\n      - weight: 1\n        role: block\n        phrases: [abc]\n", 5, "block phrases must have weight 0"},
		{"bad role", "version: x\nareas:\n  - id: quantum\n    terms:\n      - weight: 1\n        role: maybe\n        phrases: [abc]\n", 6, `role "maybe"`},
		{"duplicate phrase", "version: x\nareas:\n  - id: zz_new\n    kind: sensitive\n    name: Z\n    terms:\n      - weight: 1\n        note: n\n        phrases:\n          - robots\n          - Robot\n", 11, "repeats the phrase on line 10"},
		{"bad star", "version: x\nareas:\n  - id: quantum\n    terms:\n      - weight: 1\n        phrases: [\"ab*\"]\n", 6, "at least 3 letters"},
		{"unknown list", "version: x\nareas:\n  - id: quantum\n    lists: [{list: nope, name: N}]\n", 4, `unknown list "nope"`},
		{"unknown control", "version: x\nareas:\n  - id: quantum\n    export_controls: [DU42]\n", 4, `unknown export control "DU42"`},
		{"bad cah3", "version: x\natas:\n  codes:\n    - {code: CAH7-1-1, name: physics}\n", 4, "not a CAH3 code"},
		{"unknown atas", "version: x\nareas:\n  - id: quantum\n    atas: [CAH99-99-99]\n", 4, `unknown ATAS code "CAH99-99-99"`},
		{"bad kind", "version: x\nareas:\n  - id: quantum\n    kind: scary\n", 4, `kind "scary"`},
		{"required kind change", "version: x\nareas:\n  - id: quantum\n    kind: opportunity\n", 3, "must keep kind sensitive"},
		{"new area incomplete", "version: x\nareas:\n  - id: zz_new\n    name: Z\n", 3, "needs kind, name and terms"},
		{"bad id", "version: x\nareas:\n  - id: Bad-Id\n", 3, "lower_snake_case"},
		{"duplicate area", "version: x\nareas:\n  - id: quantum\n  - id: quantum\n", 4, "already defined on line 3"},
		{"missing version", "areas:\n  - id: quantum\n", 1, "version is required"},
		{"not a mapping", "- a\n- b\n", 1, "must be a mapping"},
		{"threshold range", "version: x\nareas:\n  - id: quantum\n    threshold: 1.5\n", 4, "threshold"},
		{"two documents", "version: x\n---\nversion: y\n", 2, "one YAML document"},
		{"empty", "   \n", 0, "file is empty"},
		{"invalid utf8", "version: x\nareas:\n  - id: q\xffx\n", 3, "not valid UTF-8"},
		{"alias", "version: &v x\nlists:\n  - {id: *v, name: n}\n", 3, "single value"},
		{"case-sensitive star", "version: x\nareas:\n  - id: quantum\n    terms:\n      - weight: 1\n        case_sensitive: true\n        phrases: [\"ABC*\"]\n", 7, "cannot use '*'"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := base.WithOverride("org.yaml", []byte(tc.yaml))
			if err == nil {
				t.Fatalf("accepted a bad override: %+v", got.Version)
			}
			if got != nil {
				t.Error("returned a taxonomy with an error")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not mention %q", err, tc.want)
			}
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("error %T is not a *ValidationError", err)
			}
			if ve.File != "org.yaml" {
				t.Errorf("file = %q", ve.File)
			}
			if tc.line > 0 && !strings.Contains(err.Error(), "org.yaml line "+itoa(tc.line)+":") {
				t.Errorf("error %q does not name line %d", err, tc.line)
			}
		})
	}
	// The base stays usable after every rejection.
	c, err := NewClassifier(base)
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.Classify(Document{Title: "Superconducting qubits with long coherence times"})
	if err != nil || labelIDs(res.Areas) != "quantum" {
		t.Fatalf("base taxonomy broken after bad overrides: %v %v", labelIDs(res.Areas), err)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestParseRequiresEveryArea(t *testing.T) {
	_, err := Parse("small.yaml", []byte("version: x\nareas:\n  - id: quantum\n    kind: sensitive\n    name: Q\n    terms: [{weight: 2, note: n, phrases: [qubit]}]\n"))
	if err == nil || !strings.Contains(err.Error(), `required area "health" is missing`) {
		t.Fatalf("err = %v", err)
	}
}

func TestReadOverrideTooLarge(t *testing.T) {
	base := mustTaxonomy(t)
	big := strings.NewReader("version: x\n" + strings.Repeat("#", MaxTaxonomyBytes))
	if _, err := base.ReadOverride("huge.yaml", big); err == nil || !strings.Contains(err.Error(), "huge.yaml") {
		t.Fatalf("err = %v", err)
	}
}

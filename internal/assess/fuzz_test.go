package assess

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParseCollaboration checks that no input makes the proposal parser
// panic, and that every rejection is a *ParseError with at least one
// problem.
func FuzzParseCollaboration(f *testing.F) {
	f.Add("p.yaml", []byte(validYAML))
	f.Add("p.json", []byte(`{"title":"t","partners":[{"name":"x","country":"GB"}],"data":["none"]}`))
	f.Add("p.yaml", []byte("title: &a x\nsummary: *a\n"))
	f.Add("p.json", []byte("{\"title\": 1e999, \"partners\": [[[]]]}"))
	f.Add("p.yaml", []byte("partners: [{name: x, kind: person, affiliations: [\"\"]}]\nvalue: {amount: .nan}\n"))
	if ex, err := filepath.Glob("testdata/examples/*_*.yaml"); err == nil {
		for _, p := range ex {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(filepath.Base(p), b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		c, err := ParseCollaboration(name, data)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || len(pe.Problems) == 0 {
				t.Fatalf("error %v is not a ParseError with problems", err)
			}
			return
		}
		if c.Title == "" || len(c.Partners) == 0 {
			t.Fatalf("accepted a proposal without title or partners: %+v", c)
		}
		if _, err := c.Validate(); err != nil {
			t.Fatalf("parsed proposal fails Validate: %v", err)
		}
	})
}

// FuzzPolicy checks that no policy or override file makes the loader
// panic, and that a rejected override leaves the base policy as it was.
func FuzzPolicy(f *testing.F) {
	f.Add([]byte(DefaultPolicyYAML()))
	f.Add([]byte("version: t\ndisable_rules: [sanctioned-party]\nparameters: {home_country: ca}\n"))
	f.Add([]byte("version: t\nrules:\n  - {id: r, title: t, severity: low, outcome: proceed, when: {data_abroad: [personal], value_at_least: {amount: 1, currency: GBP}}}\n"))
	f.Add([]byte("version: t\nrules: [{when: {nope: 1}}]\n"))
	f.Add([]byte("{\"version\": \"t\", \"guidance\": [{\"id\": \"g\", \"name\": \"n\", \"url\": \"http://x\"}]}"))
	base, err := DefaultPolicy()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		before := len(base.Rules)
		if p, err := base.WithOverride("o.yaml", data); err == nil {
			if p.Version == base.Version || len(p.Sources) != 2 {
				t.Fatalf("merged policy not versioned: %q %v", p.Version, p.Sources)
			}
			Assess(baseCollab(), Facts{Hits: []PartyHit{hitSevenSons}, Areas: []Label{areaMaterials}}, p, Versions{})
		} else {
			var pe *ParseError
			if !errors.As(err, &pe) || len(pe.Problems) == 0 {
				t.Fatalf("error %v is not a ParseError with problems", err)
			}
		}
		if len(base.Rules) != before || base.Version != "2025.1" {
			t.Fatal("WithOverride modified the base policy")
		}
		if p, err := ParsePolicy("p.yaml", data); err == nil && p.Version == "" {
			t.Fatal("accepted a policy without a version")
		}
	})
}

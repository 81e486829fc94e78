package assess

import (
	"errors"
	"strings"
	"testing"
)

func defaultPolicy(t testing.TB) *Policy {
	t.Helper()
	p, err := DefaultPolicy()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDefaultPolicy(t *testing.T) {
	p := defaultPolicy(t)
	if p.Version != "2025.1" || len(p.Sources) != 1 || p.Sources[0] != DefaultPolicyName {
		t.Fatalf("version %q sources %v", p.Version, p.Sources)
	}
	// Every mitigation carries a reason and resolvable guidance.
	for _, m := range p.Mitigations {
		if m.Reason == "" || len(m.Guidance) == 0 {
			t.Errorf("mitigation %s lacks a reason or guidance", m.ID)
		}
		for _, g := range m.Guidance {
			if p.guidance(g).URL == "" {
				t.Errorf("mitigation %s cites unknown guidance %s", m.ID, g)
			}
		}
	}
	for _, id := range []string{"sanctioned-party", "section-1286-sensitive", "named-research-org-sensitive", "defence-university-sensitive", "sensitive-technology", "genomic-data-abroad", "personal-data-abroad", "uncertain-match"} {
		found := false
		for _, r := range p.Rules {
			found = found || r.ID == id
		}
		if !found {
			t.Errorf("default policy lacks rule %s", id)
		}
	}
}

func TestPolicyOverride(t *testing.T) {
	base := defaultPolicy(t)
	nBase := len(base.Rules)
	src := `version: northmoor-3
parameters:
  home_country: ca
  review_floor: 0.7
disable_rules: [country-of-concern]
mitigations:
  - id: pro-vc-signoff
    title: Pro-Vice-Chancellor sign-off
    reason: Our research council requires senior sign-off on sensitive partnerships.
    guidance: [npsa-trusted-research]
rules:
  - id: sensitive-technology
    title: Sensitive work needs sign-off
    severity: high
    outcome: proceed_with_mitigations
    when: {sensitive_area: [any]}
    mitigations: [pro-vc-signoff]
`
	p, err := base.WithOverride("northmoor.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if p.Version != "2025.1+northmoor-3" || len(p.Sources) != 2 || p.Sources[1] != "northmoor.yaml" {
		t.Errorf("version %q sources %v", p.Version, p.Sources)
	}
	if p.Parameters.HomeCountry != "ca" || p.Parameters.ReviewFloor != 0.7 || len(p.Parameters.CountriesOfConcern) == 0 {
		t.Errorf("parameters %+v", p.Parameters)
	}
	if len(p.Rules) != nBase-1 {
		t.Errorf("rules %d, want %d", len(p.Rules), nBase-1)
	}
	for _, r := range p.Rules {
		if r.ID == "country-of-concern" {
			t.Error("disabled rule still present")
		}
		if r.ID == "sensitive-technology" && (r.Severity != SeverityHigh || r.Mitigations[0] != "pro-vc-signoff") {
			t.Errorf("rule not replaced: %+v", r)
		}
	}
	// The base is untouched.
	if base.Version != "2025.1" || len(base.Rules) != nBase || base.Parameters.HomeCountry != "gb" {
		t.Errorf("base policy changed: %q %d %q", base.Version, len(base.Rules), base.Parameters.HomeCountry)
	}
}

func TestPolicyRejectedWithLines(t *testing.T) {
	base := defaultPolicy(t)
	tests := []struct {
		name string
		src  string
		want []string // "line N: ...substring"
	}{
		{"unknown fact", "version: x\nrules:\n  - id: r1\n    title: t\n    severity: low\n    outcome: proceed\n    when: {partner_is_nice: true}\n",
			[]string{"line 7: rules[0].when.partner_is_nice: unknown fact"}},
		{"bad severity and outcome", "version: x\nrules:\n  - id: r1\n    title: t\n    severity: severe\n    outcome: maybe\n    when: {facility_access: true}\n",
			[]string{"line 5: rules[0].severity: unknown severity", "line 6: rules[0].outcome: unknown outcome"}},
		{"unknown mitigation and category", "version: x\nrules:\n  - id: r1\n    title: t\n    severity: low\n    outcome: proceed_with_mitigations\n    when: {hit_category: [pirates]}\n    mitigations: [walk-the-plank]\n",
			[]string{"line 7: rules[0].when.hit_category[0]: unknown hit category", "line 8: rules[0].mitigations[0]: unknown mitigation"}},
		{"unknown area and wrong kind", "version: x\nrules:\n  - id: r1\n    title: t\n    severity: low\n    outcome: proceed\n    when: {sensitive_area: [telepathy, health]}\n",
			[]string{"rules[0].when.sensitive_area[0]: unknown area", "rules[0].when.sensitive_area[1]: area \"health\" is opportunity"}},
		{"syntax", "version: x\nrules:\n  - id: r1\n   title: bad indent\n", []string{"line 2: YAML syntax: did not find"}},
		{"missing version", "parameters: {review_floor: 0.5}\n", []string{"version: an override must give its own version"}},
		{"unknown disabled rule", "version: x\ndisable_rules: [no-such-rule]\n", []string{"line 2: disable_rules[0]: unknown rule"}},
		{"proceed with mitigations", "version: x\nrules:\n  - id: r1\n    title: t\n    severity: low\n    outcome: proceed\n    when: {facility_access: true}\n    mitigations: [atas-certificate]\n",
			[]string{"line 8: rules[0].mitigations: a rule whose outcome is proceed cannot require mitigations"}},
		{"duplicate ids", "version: x\nrules:\n  - {id: r1, title: t, severity: low, outcome: proceed, when: {facility_access: true}}\n  - {id: r1, title: t, severity: low, outcome: proceed, when: {facility_access: true}}\n",
			[]string{"line 4: rules[1].id: id \"r1\" is used twice"}},
		{"empty when", "version: x\nrules:\n  - {id: r1, title: t, severity: low, outcome: proceed, when: {}}\n",
			[]string{"line 3: rules[0].when: when must name at least one fact"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := base.WithOverride("tenant.yaml", []byte(tc.src))
			if p != nil || err == nil {
				t.Fatalf("override accepted: %+v", p)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("want *ParseError, got %v", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
		})
	}
	if base.Version != "2025.1" {
		t.Errorf("base policy changed by failed overrides")
	}
}

func TestParsePolicyRejectsBrokenComplete(t *testing.T) {
	src := strings.Replace(string(DefaultPolicyYAML()), "severity: critical", "severity: catastrophic", 1)
	if _, err := ParsePolicy("p.yaml", []byte(src)); err == nil || !strings.Contains(err.Error(), "unknown severity \"catastrophic\"") {
		t.Fatalf("got %v", err)
	}
	src = strings.Replace(string(DefaultPolicyYAML()), "guidance: [ico-transfers]", "guidance: [nowhere]", 1)
	if _, err := ParsePolicy("p.yaml", []byte(src)); err == nil || !strings.Contains(err.Error(), "unknown guidance \"nowhere\"") {
		t.Fatalf("got %v", err)
	}
}

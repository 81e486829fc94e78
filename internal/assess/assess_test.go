package assess

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"

	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// Invented parties and hits in the shapes the list readers produce.
var (
	hitSanctioned = PartyHit{Party: "partners[1]", Query: "Borealis Fenwick Trading", List: "ofac_sdn", SourceID: "9001",
		Name: "BOREALIS FENWICK TRADING LLC", Score: 0.97, Match: true,
		Memberships: []watchlist.Membership{{List: "OFAC SDN", Program: "RUSSIA-EO14024"}}}
	hit1286 = PartyHit{Party: "partners[1]", Query: "Example Polytechnic", List: "us_special_leg", SourceID: "us-1286-x",
		Name: "Example Polytechnic University", Score: 0.93, Match: true,
		Memberships: []watchlist.Membership{{List: "United States Congress", Program: "Section 1286 of the NDAA for FY2019"}}}
	hitNRO = PartyHit{Party: "partners[1]", Query: "Example Academy", List: "ca_named_research_orgs", SourceID: "ca-nro-1",
		Name: "Example Academy of Engineering", Score: 0.9, Match: true,
		Memberships: []watchlist.Membership{{List: "Government of Canada", Program: "Named Research Organizations"}}}
	hitSevenSons = PartyHit{Party: "partners[1].affiliations[0]", Query: "Sch Mat, Example Inst Technol", List: "aspi_cdut", SourceID: "u-1/labs/x",
		Name: "Example Radar Laboratory", Score: 0.88, Match: true, Via: []string{"parent: Example Institute of Technology"},
		Memberships: []watchlist.Membership{{List: "ASPI China Defence Universities Tracker", Program: "Seven sons of national defence"}}}
	hitCivilian = PartyHit{Party: "partners[1]", Query: "Sample University", List: "aspi_cdut", SourceID: "u-2",
		Name: "Sample University", Score: 0.95, Match: true,
		Memberships: []watchlist.Membership{{List: "ASPI China Defence Universities Tracker", Program: "Civilian"}}}
	hitNear = PartyHit{Party: "partners[1]", Query: "Sampleton University", List: "aspi_cdut", SourceID: "u-3",
		Name: "Sample Technological University", Score: 0.71, Match: false}
	hitOwnList = PartyHit{Party: "funders[0]", Query: "Example Holdings", List: "internal_watch", SourceID: "P-9",
		Name: "Example Holdings", Score: 0.99, Match: true, Memberships: []watchlist.Membership{{List: "internal_watch", Program: "Internal watch"}}}
	areaMaterials = Label{ID: "advanced_materials", Score: 0.9, Phrases: []string{"metamaterial"}}
	areaDefence   = Label{ID: "defence_military", Score: 0.8, Phrases: []string{"munitions"}}
	fieldClimate  = Label{ID: "climate_environment", Score: 0.9, Phrases: []string{"climate adaptation"}}
)

func baseCollab() Collaboration {
	return Collaboration{
		ID:       "collab-1",
		Title:    "Test collaboration",
		Partners: []Partner{{Kind: PartnerOrganisation, Name: "University of Northmoor", Country: "gb"}, {Kind: PartnerOrganisation, Name: "Partner", Country: "fr"}},
	}
}

func TestAssessRules(t *testing.T) {
	p := defaultPolicy(t)
	tests := []struct {
		name     string
		edit     func(*Collaboration)
		facts    Facts
		outcome  Outcome
		risk     Risk
		findings []string // must all be present
		absent   []string // must not be present
	}{
		{name: "nothing found", outcome: OutcomeProceed, risk: RiskLow, absent: []string{"sensitive-technology"}},
		{name: "opportunity only", facts: Facts{Fields: []Label{fieldClimate}}, outcome: OutcomeProceed, risk: RiskLow},
		{name: "sanctioned party", facts: Facts{Hits: []PartyHit{hitSanctioned}}, outcome: OutcomeDoNotProceed, risk: RiskCritical,
			findings: []string{"sanctioned-party"}},
		{name: "sanctioned party on open climate work", facts: Facts{Hits: []PartyHit{hitSanctioned}, Fields: []Label{fieldClimate}},
			outcome: OutcomeDoNotProceed, risk: RiskCritical, findings: []string{"sanctioned-party"}},
		{name: "1286 on sensitive work", facts: Facts{Hits: []PartyHit{hit1286}, Areas: []Label{areaMaterials}},
			outcome: OutcomeReferToAdviser, risk: RiskHigh, findings: []string{"section-1286-sensitive", "sensitive-technology"}, absent: []string{"section-1286-defence-work"}},
		{name: "1286 on defence work", facts: Facts{Hits: []PartyHit{hit1286}, Areas: []Label{areaDefence}},
			outcome: OutcomeDoNotProceed, risk: RiskCritical, findings: []string{"section-1286-defence-work", "section-1286-sensitive"}},
		{name: "1286 on non-sensitive work", facts: Facts{Hits: []PartyHit{hit1286}},
			outcome: OutcomeProceedWithMitigations, risk: RiskMedium, findings: []string{"listed-partner"}, absent: []string{"section-1286-sensitive"}},
		{name: "named research org on sensitive work", facts: Facts{Hits: []PartyHit{hitNRO}, Areas: []Label{areaMaterials}},
			outcome: OutcomeDoNotProceed, risk: RiskCritical, findings: []string{"named-research-org-sensitive"}},
		{name: "seven sons lab via parent on sensitive work", facts: Facts{Hits: []PartyHit{hitSevenSons}, Areas: []Label{areaMaterials}},
			outcome: OutcomeReferToAdviser, risk: RiskHigh, findings: []string{"defence-university-sensitive"}},
		{name: "defence university on non-sensitive work", facts: Facts{Hits: []PartyHit{hitSevenSons}},
			outcome: OutcomeProceedWithMitigations, risk: RiskMedium, findings: []string{"listed-partner"}, absent: []string{"defence-university-sensitive"}},
		{name: "civilian tracked university", facts: Facts{Hits: []PartyHit{hitCivilian}}, outcome: OutcomeProceed, risk: RiskLow,
			findings: []string{"tracked-civilian"}, absent: []string{"listed-partner", "listed-uncategorised"}},
		{name: "sensitive work, no hits", facts: Facts{Areas: []Label{areaMaterials}}, outcome: OutcomeProceedWithMitigations, risk: RiskMedium,
			findings: []string{"sensitive-technology"}},
		{name: "near miss needs review", facts: Facts{Hits: []PartyHit{hitNear}}, outcome: OutcomeProceed, risk: RiskLow,
			findings: []string{"uncertain-match"}, absent: []string{"tracked-civilian", "listed-uncategorised"}},
		{name: "hit on a list no category covers", facts: Facts{Hits: []PartyHit{hitOwnList}}, outcome: OutcomeProceedWithMitigations, risk: RiskMedium,
			findings: []string{"listed-uncategorised"}},
		{name: "caller-set category", facts: Facts{Hits: []PartyHit{func() PartyHit { h := hitOwnList; h.Categories = []string{"sanctions"}; return h }()}},
			outcome: OutcomeDoNotProceed, risk: RiskCritical, findings: []string{"sanctioned-party"}, absent: []string{"listed-uncategorised"}},
		{name: "genomic data abroad", edit: func(c *Collaboration) { c.Data = []DataKind{DataHealthGenomic} },
			outcome: OutcomeProceedWithMitigations, risk: RiskHigh, findings: []string{"genomic-data-abroad"}},
		{name: "personal data at home", edit: func(c *Collaboration) {
			c.Data = []DataKind{DataPersonal}
			c.Partners = c.Partners[:1]
		}, outcome: OutcomeProceed, risk: RiskLow, absent: []string{"personal-data-abroad"}},
		{name: "personal data abroad", edit: func(c *Collaboration) { c.Data = []DataKind{DataPersonal} },
			outcome: OutcomeProceedWithMitigations, risk: RiskMedium, findings: []string{"personal-data-abroad"}},
		{name: "funder in a country of concern", edit: func(c *Collaboration) { c.Funders = []Funder{{Name: "F", Country: "cn"}} },
			outcome: OutcomeProceedWithMitigations, risk: RiskMedium, findings: []string{"funder-country-of-concern"}},
		{name: "inbound facility access", edit: func(c *Collaboration) { c.Facilities = []Facility{{Name: "Clean room", Access: AccessInbound}} },
			outcome: OutcomeProceedWithMitigations, risk: RiskLow, findings: []string{"facility-access"}},
		{name: "outbound facility access", edit: func(c *Collaboration) { c.Facilities = []Facility{{Name: "Telescope", Access: AccessOutbound}} },
			outcome: OutcomeProceed, risk: RiskLow, absent: []string{"facility-access"}},
		{name: "visitor needs ATAS", edit: func(c *Collaboration) { c.Visitors = []Visitor{{Nationality: "in", Field: "metamaterials"}} },
			facts:   Facts{Visitors: []VisitorFacts{{Visitor: 0, Areas: []string{"advanced_materials"}, ATAS: []string{"CAH10-01-01"}}}},
			outcome: OutcomeProceedWithMitigations, risk: RiskMedium, findings: []string{"visitor-needs-atas"}},
		{name: "exempt visitor", edit: func(c *Collaboration) { c.Visitors = []Visitor{{Nationality: "us", Field: "metamaterials"}} },
			facts:   Facts{Visitors: []VisitorFacts{{Visitor: 0, ATAS: []string{"CAH10-01-01"}}}},
			outcome: OutcomeProceed, risk: RiskLow, absent: []string{"visitor-needs-atas"}},
		{name: "IP to a partner in a country of concern", edit: func(c *Collaboration) {
			c.Partners[1].Country = "cn"
			c.IP.Terms = []IPTerm{IPForegroundOwnedByPartner}
		}, outcome: OutcomeProceedWithMitigations, risk: RiskMedium, findings: []string{"ip-to-partner-of-concern", "country-of-concern"}},
		{name: "large collaboration in a country of concern", edit: func(c *Collaboration) {
			c.Partners[1].Country = "ru"
			c.Value = &Money{Amount: 2e6, Currency: "GBP"}
		}, outcome: OutcomeProceedWithMitigations, risk: RiskLow, findings: []string{"large-collaboration-country-of-concern"}},
		{name: "value in another currency is not compared", edit: func(c *Collaboration) {
			c.Partners[1].Country = "ru"
			c.Value = &Money{Amount: 2e6, Currency: "EUR"}
		}, outcome: OutcomeProceed, risk: RiskLow, absent: []string{"large-collaboration-country-of-concern"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := baseCollab()
			if tc.edit != nil {
				tc.edit(&c)
			}
			a := Assess(c, tc.facts, p, Versions{})
			var ids []string
			for _, f := range a.Findings {
				ids = append(ids, f.ID)
			}
			if a.Outcome != tc.outcome || a.Risk != tc.risk {
				t.Errorf("outcome %s risk %s, want %s %s (findings %v)", a.Outcome, a.Risk, tc.outcome, tc.risk, ids)
			}
			for _, id := range tc.findings {
				if !slices.Contains(ids, id) {
					t.Errorf("missing finding %s in %v", id, ids)
				}
			}
			for _, id := range tc.absent {
				if slices.Contains(ids, id) {
					t.Errorf("unexpected finding %s", id)
				}
			}
			if a.Outcome == OutcomeProceedWithMitigations && len(a.Mitigations) == 0 {
				t.Errorf("proceed_with_mitigations without mitigations")
			}
			if a.Outcome == OutcomeProceed && len(a.Mitigations) > 0 {
				t.Errorf("proceed with mitigations %v", a.Mitigations)
			}
			for _, f := range a.Findings {
				if f.Source.Rule != f.ID || f.Source.PolicyVersion != p.Version {
					t.Errorf("finding %s source %+v", f.ID, f.Source)
				}
				if f.Severity != SeverityInfo && f.ID != "country-of-concern" && len(f.Evidence) == 0 {
					t.Errorf("finding %s has no evidence", f.ID)
				}
			}
		})
	}
}

func TestEvidenceNamesListProgramAndPath(t *testing.T) {
	p := defaultPolicy(t)
	a := Assess(baseCollab(), Facts{Hits: []PartyHit{hitSevenSons}, Areas: []Label{areaMaterials}}, p, Versions{})
	var f *Finding
	for i := range a.Findings {
		if a.Findings[i].ID == "defence-university-sensitive" {
			f = &a.Findings[i]
		}
	}
	if f == nil || a.Findings[0].ID != "defence-university-sensitive" {
		t.Fatalf("findings %+v", a.Findings)
	}
	hit, area := f.Evidence[0], f.Evidence[1]
	if hit.Category != "defence_university" || hit.List != "ASPI China Defence Universities Tracker" || hit.Program != "Seven sons of national defence" ||
		hit.Party != "partners[1].affiliations[0]" || len(hit.Via) != 1 || hit.SourceID != "u-1/labs/x" {
		t.Errorf("hit evidence %+v", hit)
	}
	if area.Fact != "sensitive_area" || area.Area != "advanced_materials" || area.Phrases[0] != "metamaterial" {
		t.Errorf("area evidence %+v", area)
	}
	var m *RequiredMitigation
	for i := range a.Mitigations {
		if a.Mitigations[i].ID == "adviser-referral" {
			m = &a.Mitigations[i]
		}
	}
	if m == nil || m.Reason == "" || len(m.Guidance) == 0 || m.Guidance[0].URL == "" || !slices.Contains(m.Because, "defence-university-sensitive") {
		t.Errorf("mitigation %+v", m)
	}
}

func TestAssessDeterministicAndRecordsVersions(t *testing.T) {
	p := defaultPolicy(t)
	c := baseCollab()
	c.Data = []DataKind{DataPersonal, DataHealthGenomic}
	c.Partners[1].Country = "cn"
	facts := Facts{
		Hits:   []PartyHit{hitSevenSons, hitCivilian, hitNear, hit1286, hitSanctioned},
		Areas:  []Label{areaMaterials, areaDefence},
		Fields: []Label{fieldClimate, {ID: "health", Score: 0.6}},
		Hints:  []Hint{{Kind: HintExportControl, Code: "ML"}, {Kind: HintATAS, Code: "CAH10-01-01"}},
	}
	vers := Versions{Taxonomy: "2025.2", Lists: []ListVersion{{List: "ofac_sdn", Version: 4, Hash: "bb"}, {List: "aspi_cdut", Version: 2, Hash: "aa"}}}
	first, err := json.Marshal(Assess(c, facts, p, vers))
	if err != nil {
		t.Fatal(err)
	}
	// Reversed input order must give the same bytes.
	rev := facts
	rev.Hits = slices.Clone(facts.Hits)
	slices.Reverse(rev.Hits)
	rev.Areas = []Label{areaDefence, areaMaterials}
	rev.Fields = []Label{facts.Fields[1], facts.Fields[0]}
	rev.Hints = []Hint{facts.Hints[1], facts.Hints[0]}
	rvers := vers
	rvers.Lists = []ListVersion{vers.Lists[1], vers.Lists[0]}
	for range 20 {
		again, _ := json.Marshal(Assess(c, rev, p, rvers))
		if !bytes.Equal(first, again) {
			t.Fatalf("assessment differs:\n%s\n%s", first, again)
		}
	}
	a := Assess(c, facts, p, vers)
	if a.PolicyVersion != "2025.1" || a.Versions.Taxonomy != "2025.2" || len(a.Versions.Lists) != 2 ||
		a.Versions.Lists[0] != (ListVersion{List: "aspi_cdut", Version: 2, Hash: "aa"}) || a.InputHash == "" || a.CollaborationID != "collab-1" {
		t.Errorf("versions not recorded: %q %+v %q", a.PolicyVersion, a.Versions, a.InputHash)
	}
	// The caller's slices are not reordered.
	if vers.Lists[0].List != "ofac_sdn" || facts.Hits[0].SourceID != hitSevenSons.SourceID {
		t.Error("Assess modified its arguments")
	}
	// Findings are sorted most severe first.
	for i := 1; i < len(a.Findings); i++ {
		if a.Findings[i-1].Severity.rank() < a.Findings[i].Severity.rank() {
			t.Errorf("findings out of order: %s before %s", a.Findings[i-1].ID, a.Findings[i].ID)
		}
	}
	// Different facts give a different input hash.
	b := Assess(c, Facts{Hits: facts.Hits[:1]}, p, vers)
	if b.InputHash == a.InputHash {
		t.Error("input hash ignores the facts")
	}
	// A tenant override is recorded in the assessment.
	po, err := p.WithOverride("t.yaml", []byte("version: t1\ndisable_rules: [sanctioned-party]\n"))
	if err != nil {
		t.Fatal(err)
	}
	o := Assess(c, facts, po, vers)
	if o.PolicyVersion != "2025.1+t1" || len(o.PolicySources) != 2 || o.Findings[0].Source.PolicyVersion != "2025.1+t1" {
		t.Errorf("override not recorded: %q %v", o.PolicyVersion, o.PolicySources)
	}
}

func BenchmarkAssess(b *testing.B) {
	p := defaultPolicy(b)
	c := baseCollab()
	c.Data = []DataKind{DataPersonal}
	facts := Facts{Hits: []PartyHit{hitSevenSons, hitCivilian, hitNear, hit1286}, Areas: []Label{areaMaterials}, Fields: []Label{fieldClimate}}
	b.ReportAllocs()
	for b.Loop() {
		Assess(c, facts, p, Versions{})
	}
}

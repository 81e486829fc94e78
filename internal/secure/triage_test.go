package secure

import (
	"errors"
	"strings"
	"testing"
)

func policy(t *testing.T) *TriagePolicy {
	t.Helper()
	p, err := DefaultTriagePolicy()
	if err != nil {
		t.Fatalf("embedded triage policy: %v", err)
	}
	return p
}

func pct(x float64) *float64 { return &x }

// nsiFacts are invented facts: one area in the investment-screening list.
var nsiFacts = TriageFacts{Areas: []AreaFact{{ID: "quantum", Name: "Quantum", Score: 0.9, Phrases: []string{"qubit"},
	Lists: map[string]string{"uk-nsi": "Quantum Technologies"}}}}

func kindsOf(tr Triage) string {
	var ks []string
	for _, f := range tr.Findings {
		ks = append(ks, string(f.Kind))
	}
	return strings.Join(ks, ",")
}

func TestInvestmentThresholds(t *testing.T) {
	p := policy(t)
	tests := []struct {
		name  string
		typ   DealType
		cp    Counterparty
		facts TriageFacts
		want  string
	}{
		{"below 25%", DealInvestment, Counterparty{StakePercent: pct(25)}, nsiFacts, "good_practice"},
		{"above 25%", DealInvestment, Counterparty{StakePercent: pct(25.5)}, nsiFacts, "may_be_notifiable,good_practice"},
		{"votes count when larger", DealInvestment, Counterparty{StakePercent: pct(10), VotingPercent: pct(51)}, nsiFacts, "may_be_notifiable,good_practice"},
		{"already above 25, stays below 50", DealInvestment, Counterparty{StakePercent: pct(40), ExistingPercent: 30}, nsiFacts, "good_practice"},
		{"crosses 50 from 40", DealAcquisition, Counterparty{StakePercent: pct(60), ExistingPercent: 40}, nsiFacts, "may_be_notifiable,good_practice"},
		{"75 is at least 75", DealAcquisition, Counterparty{StakePercent: pct(75), ExistingPercent: 60}, nsiFacts, "may_be_notifiable,good_practice"},
		{"stake not stated", DealInvestment, Counterparty{}, nsiFacts, "stake_not_stated,good_practice"},
		{"board seat below threshold", DealInvestment, Counterparty{StakePercent: pct(10), BoardSeat: true}, nsiFacts, "material_influence,good_practice"},
		{"outside the listed areas", DealInvestment, Counterparty{StakePercent: pct(90)}, TriageFacts{Areas: []AreaFact{{ID: "x", Lists: map[string]string{"ca-stra": "X"}}}}, "good_practice"},
		{"not a stake deal", DealCustomer, Counterparty{StakePercent: pct(90)}, nsiFacts, "good_practice"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cp := tc.cp
			cp.Name, cp.Role = "Example Capital", RoleInvestor
			if tc.typ == DealAcquisition {
				cp.Role = RoleAcquirer
			}
			d, err := Deal{Company: Company{Name: "Co"}, Type: tc.typ, Product: "p", Counterparties: []Counterparty{cp}}.Validate()
			if err != nil {
				t.Fatal(err)
			}
			tr := RunTriage(d, tc.facts, p)
			if got := kindsOf(tr); got != tc.want {
				t.Errorf("findings = %s, want %s", got, tc.want)
			}
			if tr.Flags.MayBeNotifiable != strings.Contains(tc.want, "may_be_notifiable") {
				t.Errorf("flag MayBeNotifiable = %v", tr.Flags.MayBeNotifiable)
			}
		})
	}
}

func TestScreeningJudgement(t *testing.T) {
	p := policy(t)
	d, err := Deal{Company: Company{Name: "Co"}, Type: DealPartnership, Product: "p", Counterparties: []Counterparty{
		{Name: "Jane Roe", Role: RoleDirector, Country: "gb"},
		{Name: "Acme Widgets", Role: RolePartner},
	}}.Validate()
	if err != nil {
		t.Fatal(err)
	}
	person := Candidate{List: "l", SourceID: "p1", Name: "Jane Roe", Kind: "person", Score: 0.9, Match: true, Countries: []string{"xa"}}
	org := Candidate{List: "l", SourceID: "o1", Name: "Acme Widgets", Kind: "organization", Score: 0.95, Match: true}
	near := Candidate{List: "l", SourceID: "o2", Name: "Acme Gadgets", Score: 0.6, Match: false}
	tr := RunTriage(d, TriageFacts{Screens: []ScreenFact{
		{Party: "counterparties[0]", Query: "Jane Roe", Candidates: []Candidate{person}},
		{Party: "counterparties[1]", Query: "Acme Widgets", Candidates: []Candidate{org, near}},
	}}, p)
	if got := kindsOf(tr); got != "weak_match,list_hit,good_practice" {
		t.Fatalf("findings = %s", got)
	}
	if !tr.Flags.WeakMatch || !tr.Flags.ListHit || !tr.SeekAdvice {
		t.Errorf("flags %+v advice %v", tr.Flags, tr.SeekAdvice)
	}
	// The same person with the listed country corroborated is a hit.
	person.Countries = []string{"gb"}
	tr = RunTriage(d, TriageFacts{Screens: []ScreenFact{{Party: "counterparties[0]", Query: "Jane Roe", Candidates: []Candidate{person}}}}, p)
	if got := kindsOf(tr); got != "list_hit,good_practice" {
		t.Errorf("corroborated person: findings = %s", got)
	}
}

func TestParseDealRejects(t *testing.T) {
	src := `company: {name: ""}
type: merger
product: ""
destinations: [Narnia]
counterparties:
  - {name: Fund, role: investor, stake_percent: 130, colour: red}
  - {name: Org, role: partner, date_of_birth: "1970"}
  - {name: Pat, role: director, date_of_birth: "1970-13"}
`
	_, err := ParseDeal("deal.yaml", []byte(src))
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("want *ParseError, got %v", err)
	}
	for _, w := range []string{
		"line 1: company.name: the company's name is required",
		`line 2: type: unknown deal type "merger"`,
		"line 3: product: a description of the product or technology is required",
		`line 4: destinations[0]: invalid country "narnia"`,
		`line 6: counterparties[0].colour: unknown field "colour"`,
		"line 6: counterparties[0].stake_percent: percentage 130 must be between 0 and 100",
		"line 7: counterparties[1].date_of_birth: only a person has a date of birth",
		`line 8: counterparties[2].date_of_birth: invalid date of birth "1970-13"`,
	} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %q:\n%v", w, err)
		}
	}
}

func TestParseTriagePolicyRejects(t *testing.T) {
	src := `version: "x"
investment_screening:
  list: uk-nsi
  thresholds:
    - {above: 25, at_least: 25, label: both}
    - {above: 120, label: big}
guidance: []
`
	_, err := ParseTriagePolicy("p.yaml", []byte(src))
	if err == nil {
		t.Fatal("want an error")
	}
	for _, w := range []string{"line 5: investment_screening.thresholds[0]: give exactly one of above and at_least",
		"line 6: investment_screening.thresholds[1]: threshold 120", `guidance "nsi" is required`} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %q:\n%v", w, err)
		}
	}
}

// A declared owner matching a listed person is known by name only, so it
// is a weak match, whatever the owned counterparty's details.
func TestDeclaredOwnerPersonIsWeak(t *testing.T) {
	p := policy(t)
	d, err := Deal{Company: Company{Name: "Co"}, Type: DealInvestment, Product: "p", Counterparties: []Counterparty{
		{Name: "Example Capital", Role: RoleInvestor, Country: "gb", StakePercent: pct(5), OwnedBy: []string{"Jane Roe"}},
	}}.Validate()
	if err != nil {
		t.Fatal(err)
	}
	person := Candidate{List: "l", SourceID: "p1", Name: "Jane Roe", Kind: "person", Score: 0.9, Match: true, Countries: []string{"gb"}}
	tr := RunTriage(d, TriageFacts{Screens: []ScreenFact{{Party: "counterparties[0].owned_by[0]", Query: "Jane Roe", Candidates: []Candidate{person}}}}, p)
	if got := kindsOf(tr); got != "weak_match,good_practice" {
		t.Errorf("findings = %s, want a weak match", got)
	}
	if !strings.Contains(tr.Findings[0].Title, "declared owner of Example Capital") {
		t.Errorf("title = %q", tr.Findings[0].Title)
	}
}

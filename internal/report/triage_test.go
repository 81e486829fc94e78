package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/collabcheck/collabcheck/internal/report/pdftext"
	"github.com/collabcheck/collabcheck/internal/secure"
)

// sampleTriage runs the pure triage over invented facts: a 30% investor
// in a quantum company, linked through ownership to a listed party.
func sampleTriage(t *testing.T) secure.Triage {
	t.Helper()
	p, err := secure.DefaultTriagePolicy()
	if err != nil {
		t.Fatal(err)
	}
	stake := 30.0
	d, err := secure.Deal{Company: secure.Company{Name: "Qubitline Ltd"}, Type: secure.DealInvestment, Product: "qubits",
		Counterparties: []secure.Counterparty{{Name: "Larkspur Fund", Role: secure.RoleInvestor, StakePercent: &stake}}}.Validate()
	if err != nil {
		t.Fatal(err)
	}
	return secure.RunTriage(d, secure.TriageFacts{
		Areas: []secure.AreaFact{{ID: "quantum", Name: "Quantum technologies", Score: 0.99, Phrases: []string{"qubit"}, Lists: map[string]string{"uk-nsi": "Quantum Technologies"}}},
		Screens: []secure.ScreenFact{{Party: "counterparties[0]", Query: "Larkspur Fund", Candidates: []secure.Candidate{{
			List: "invented", SourceID: "f1", Name: "Larkspur Fund", Score: 1, Match: true,
			Via: []secure.Link{{Relation: "owner", Name: "Northgate Holdings", List: "invented", SourceID: "n1"}}}}}},
	}, p)
}

var triageTexts = []string{"Qubitline Ltd", "May be notifiable under investment-screening law",
	"path: Larkspur Fund → owner: Northgate Holdings", "Seek official advice", "NSI area: Quantum Technologies"}

func TestTriageHTML(t *testing.T) {
	var b bytes.Buffer
	if err := WriteTriageHTML(&b, TriageReport{Triage: sampleTriage(t), Generated: t0}); err != nil {
		t.Fatal(err)
	}
	for _, want := range triageTexts {
		if !strings.Contains(b.String(), want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
}

func TestTriagePDF(t *testing.T) {
	tr := sampleTriage(t)
	var a, b bytes.Buffer
	for _, w := range []*bytes.Buffer{&a, &b} {
		if err := WriteTriagePDF(w, TriageReport{Triage: tr, Generated: t0}); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same triage gave different PDF bytes")
	}
	text, err := pdftext.Extract(a.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	got := squash(text)
	for _, want := range triageTexts {
		if !strings.Contains(got, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
}

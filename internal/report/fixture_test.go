package report

import (
	"fmt"
	"time"

	"github.com/collabcheck/collabcheck/internal/assess"
	"github.com/collabcheck/collabcheck/internal/cases"
)

var t0 = time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)

// sampleCase is a decided, referred case whose content exercises every
// section of the report, with names outside ASCII.
func sampleCase() cases.Case {
	officer := cases.Person{UserID: 3, TenantID: 1, Name: "Søren Kierkegård", Role: "officer"}
	adviser := cases.Person{UserID: 9, TenantID: 2, Name: "Zoë Ðorđević", Role: "adviser"}
	confirmedAt := t0.Add(48 * time.Hour)
	dec := cases.Decision{
		Outcome: assess.OutcomeProceedWithMitigations, Rationale: "The partner laboratory is civilian and the export licence was granted.",
		By: officer, At: t0.Add(72 * time.Hour), Recommended: assess.OutcomeReferToAdviser, Differs: true,
	}
	return cases.Case{
		ID: 42, TenantID: 1, Version: 7, State: cases.Decided,
		Collaboration: assess.Collaboration{
			Title: "Quantum sensing with Université de Montréal", Summary: "Joint work on cold-atom gravimeters.",
			ResearchField: "physics",
			Partners: []assess.Partner{
				{Kind: assess.PartnerOrganisation, Name: "Université de Montréal", Country: "ca"},
				{Kind: assess.PartnerOrganisation, Name: "Harbin Institute of Technology", Country: "cn", Affiliations: []string{"MIIT"}},
			},
			Countries: []string{"ca", "cn"},
		},
		Assessment: assess.Assessment{
			Title: "Quantum sensing with Université de Montréal", Risk: assess.RiskHigh, Outcome: assess.OutcomeReferToAdviser,
			Findings: []assess.Finding{{
				ID: "listed_military_end_user", Severity: assess.SeverityHigh, Title: "Partner on an export-control list",
				Outcome: assess.OutcomeReferToAdviser, Source: assess.Source{Rule: "listed_military_end_user", PolicyVersion: "2026.1"},
				Evidence: []assess.Evidence{
					{Fact: "hit_category", Party: "partners[1]", Query: "Harbin Institute of Technology", List: "us_entity_list",
						SourceID: "EL-123", Name: "Harbin Institute of Technology", Program: "EAR", Score: 0.97, Via: []string{"parent MIIT"}},
					{Fact: "sensitive_area", Area: "quantum", Score: 0.81, Phrases: []string{"cold-atom gravimeter"}},
				},
				Guidance: []assess.Guidance{{ID: "npsa", Name: "Trusted Research", Publisher: "NPSA", URL: "https://example.org/tr"}},
			}},
			Mitigations: []assess.RequiredMitigation{{ID: "export_licence", Title: "Obtain an export licence",
				Reason: "Controlled technology may be shared.", Because: []string{"listed_military_end_user"},
				Guidance: []assess.Guidance{{ID: "ecju", Name: "Export control guidance", URL: "https://example.org/ecju"}}}},
			Opportunity:   []assess.Label{{ID: "quantum_technologies", Score: 0.9}},
			PolicyVersion: "2026.1", Versions: assess.Versions{Taxonomy: "tax-3",
				Lists: []assess.ListVersion{{List: "us_entity_list", Version: 4, Hash: "abc123"}}},
			InputHash: "d4f0e1c2b3a4958677665544332211000fedcba98765432100123456789abcde",
		},
		CreatedBy: officer, CreatedAt: t0, UpdatedAt: t0.Add(72 * time.Hour),
		Checklist: []cases.ChecklistItem{{MitigationID: "export_licence", Title: "Obtain an export licence",
			Reason: "Controlled technology may be shared.", Confirmed: true, ConfirmedBy: &officer, ConfirmedAt: &confirmedAt, Note: "Licence GB-2026-77"}},
		Referral: &cases.Referral{TenantID: 2, TenantName: "National Protective Advice", By: officer, At: t0.Add(24 * time.Hour),
			Note: "Please advise on the parent ministry.",
			Advice: []cases.Advice{{By: adviser, At: t0.Add(30 * time.Hour), Recommendation: assess.OutcomeProceedWithMitigations,
				Text: "Proceed only with the licence in place."}}},
		Decision:  &dec,
		Decisions: []cases.Decision{dec},
	}
}

// manyCases returns n summaries spread over months, risks and outcomes.
func manySummaries(n int) []cases.Summary {
	risks := []assess.Risk{assess.RiskLow, assess.RiskMedium, assess.RiskHigh, assess.RiskCritical}
	outs := []assess.Outcome{assess.OutcomeProceed, assess.OutcomeProceedWithMitigations, assess.OutcomeReferToAdviser, assess.OutcomeDoNotProceed}
	countries := []string{"cn", "us", "fr", "de", "ru"}
	var out []cases.Summary
	for i := range n {
		s := cases.Summary{ID: int64(i + 1), TenantID: 1, Title: fmt.Sprintf("Case %d", i+1),
			State: cases.Submitted, Risk: risks[i%4], Recommended: outs[i%4],
			CreatedAt: t0.AddDate(0, i%6, 0), UpdatedAt: t0.AddDate(0, i%6, 1),
			PartnerCountries: []string{countries[i%5]}}
		if i%3 == 0 {
			s.State = cases.Decided
			s.DecidedOutcome = outs[(i/3)%4]
		}
		if i%7 == 0 {
			s.State = cases.Referred
			s.ReferredTo = 2
		}
		out = append(out, s)
	}
	return out
}

func assessPartner(name string) assess.Partner {
	return assess.Partner{Kind: assess.PartnerOrganisation, Name: name}
}

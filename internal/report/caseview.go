package report

import (
	"fmt"
	"strings"
	"time"

	"github.com/collabcheck/collabcheck/internal/assess"
	"github.com/collabcheck/collabcheck/internal/cases"
)

// CaseReport is what an assessment report is made from.
type CaseReport struct {
	// Case is the case as the viewer's tenant sees it.
	Case cases.Case
	// Tenant is the owning tenant's display name.
	Tenant string
	// Generated is printed as the report's date (and is the PDF's
	// creation date); zero prints none and uses the case's UpdatedAt in
	// the PDF, so the output depends on the arguments alone.
	Generated time.Time
}

// caseView is the report's content, computed once for HTML and PDF alike.
type caseView struct {
	Title, Tenant, ID, State, Outcome, Risk, Generated string
	Created, Updated, CreatedBy, Assignee              string
	Summary, ResearchField                             string
	Partners                                           []partnerView
	Funders                                            []string
	Countries, Opportunity                             []string
	Findings                                           []findingView
	Mitigations                                        []mitigationView
	Checklist                                          []checkView
	Decision                                           *decisionView
	Earlier                                            []decisionView
	Referral                                           *referralView
	Policy, Taxonomy, InputHash                        string
	PolicySources, Lists                               []string
}

type partnerView struct{ N, Name, Kind, Country, Affiliations, Role string }

type findingView struct {
	Title, Severity, Outcome, Rule, Description string
	Evidence                                    []string
	Guidance                                    []guidanceView
}

type guidanceView struct{ Name, Publisher, URL string }

type mitigationView struct {
	Title, Reason, Because string
	Guidance               []guidanceView
}

type checkView struct {
	Title, Reason, Status, Note string
	Confirmed                   bool
}

type decisionView struct {
	Outcome, Recommended, By, At, Rationale string
	Differs                                 bool
	Unconfirmed                             []string
}

type referralView struct {
	Tenant, By, At, Note string
	Advice               []adviceView
}

type adviceView struct{ By, At, Recommendation, Text string }

func guidance(gs []assess.Guidance) []guidanceView {
	var out []guidanceView
	for _, g := range gs {
		out = append(out, guidanceView{Name: g.Name, Publisher: g.Publisher, URL: g.URL})
	}
	return out
}

func decision(d cases.Decision) decisionView {
	return decisionView{Outcome: Label(d.Outcome), Recommended: Label(d.Recommended), By: personName(d.By),
		At: dateTime(d.At), Rationale: d.Rationale, Differs: d.Differs, Unconfirmed: d.Unconfirmed}
}

func newCaseView(r CaseReport) caseView {
	c := &r.Case
	a := &c.Assessment
	co := &c.Collaboration
	title := co.Title
	if title == "" {
		title = a.Title
	}
	v := caseView{
		Title: title, Tenant: r.Tenant, ID: fmt.Sprint(c.ID), State: Label(c.State),
		Outcome: Label(a.Outcome), Risk: Label(a.Risk), Generated: dateTime(r.Generated),
		Created: dateTime(c.CreatedAt), Updated: dateTime(c.UpdatedAt), CreatedBy: personName(c.CreatedBy),
		Summary: co.Summary, ResearchField: co.ResearchField, Countries: countryNames(co.Countries),
		Policy: a.PolicyVersion, PolicySources: a.PolicySources, Taxonomy: a.Versions.Taxonomy, InputHash: a.InputHash,
	}
	if c.Assignee != nil {
		v.Assignee = personName(*c.Assignee)
	}
	for i, p := range co.Partners {
		v.Partners = append(v.Partners, partnerView{N: fmt.Sprint(i + 1), Name: p.Name, Kind: Label(p.Kind),
			Country: CountryName(p.Country), Affiliations: strings.Join(p.Affiliations, "; "), Role: p.Role})
	}
	for _, f := range co.Funders {
		s := f.Name
		if f.Country != "" {
			s += ", " + CountryName(f.Country)
		}
		v.Funders = append(v.Funders, s)
	}
	for _, l := range a.Opportunity {
		v.Opportunity = append(v.Opportunity, fmt.Sprintf("%s (score %.2f)", Label(l.ID), l.Score))
	}
	for _, f := range a.Findings {
		fv := findingView{Title: f.Title, Severity: Label(f.Severity), Outcome: Label(f.Outcome), Rule: f.Source.Rule,
			Description: f.Description, Guidance: guidance(f.Guidance)}
		if fv.Rule == "" {
			fv.Rule = f.ID
		}
		for _, e := range f.Evidence {
			fv.Evidence = append(fv.Evidence, EvidenceText(co, e))
		}
		v.Findings = append(v.Findings, fv)
	}
	for _, m := range a.Mitigations {
		v.Mitigations = append(v.Mitigations, mitigationView{Title: m.Title, Reason: m.Reason,
			Because: strings.Join(m.Because, ", "), Guidance: guidance(m.Guidance)})
	}
	for _, it := range c.Checklist {
		cv := checkView{Title: it.Title, Reason: it.Reason, Note: it.Note, Confirmed: it.Confirmed, Status: "Not confirmed"}
		if it.Confirmed {
			cv.Status = "Confirmed"
			if it.ConfirmedBy != nil {
				cv.Status += " by " + personName(*it.ConfirmedBy)
			}
			if it.ConfirmedAt != nil {
				cv.Status += " on " + dateTime(*it.ConfirmedAt)
			}
		}
		v.Checklist = append(v.Checklist, cv)
	}
	if c.Decision != nil {
		d := decision(*c.Decision)
		v.Decision = &d
	}
	for _, d := range c.Decisions {
		if c.Decision != nil && d.At.Equal(c.Decision.At) && d.Outcome == c.Decision.Outcome && d.By == c.Decision.By {
			continue
		}
		v.Earlier = append(v.Earlier, decision(d))
	}
	if rf := c.Referral; rf != nil {
		rv := &referralView{Tenant: rf.TenantName, By: personName(rf.By), At: dateTime(rf.At), Note: rf.Note}
		if rv.Tenant == "" {
			rv.Tenant = fmt.Sprintf("tenant %d", rf.TenantID)
		}
		for _, ad := range rf.Advice {
			rv.Advice = append(rv.Advice, adviceView{By: personName(ad.By), At: dateTime(ad.At),
				Recommendation: Label(ad.Recommendation), Text: ad.Text})
		}
		v.Referral = rv
	}
	for _, l := range a.Versions.Lists {
		s := fmt.Sprintf("%s version %d", l.List, l.Version)
		if l.Hash != "" {
			s += ", hash " + l.Hash
		}
		v.Lists = append(v.Lists, s)
	}
	return v
}

func upper(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.ToUpper(s)
	}
	return out
}

func countryNames(codes []string) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = CountryName(c)
	}
	return out
}

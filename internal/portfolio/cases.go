package portfolio

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/collabcheck/collabcheck/internal/assess"
	"github.com/collabcheck/collabcheck/internal/cases"
	"github.com/collabcheck/collabcheck/internal/store"
)

// Assessor assesses a collaboration under a policy; *assessing.Assessor is
// one.
type Assessor interface {
	Assess(c assess.Collaboration, p *assess.Policy) (assess.Assessment, error)
}

// Collaboration turns a finding into the collaboration a case assesses:
// titled after the work, with the flagged organisation as a partner and
// the author as a person partner affiliated with it, so screening the case
// finds the same hits again.
func Collaboration(f store.PortfolioFinding) assess.Collaboration {
	work := f.Title
	if work == "" {
		work = "untitled work"
	}
	title := fmt.Sprintf("Co-authorship with %s: %s", f.PartnerName, work)
	if utf8.RuneCountInString(title) > cases.MaxTitleChars {
		title = string([]rune(title)[:cases.MaxTitleChars-1]) + "…"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Portfolio screening finding %d (run %d, input line %d)", f.ID, f.RunID, f.Line)
	if f.WorkID != "" {
		fmt.Fprintf(&b, ", work %s", f.WorkID)
	}
	if f.Year != 0 {
		fmt.Fprintf(&b, ", published %d", f.Year)
	}
	fmt.Fprintf(&b, ". %s is affiliated with %q.", orUnknown(f.Person), f.Affiliation)
	for _, h := range f.Hits {
		fmt.Fprintf(&b, " Listed: %s on %s (%s)", h.Name, h.List, h.SourceID)
		if len(h.Programs) > 0 {
			fmt.Fprintf(&b, ", programmes %s", strings.Join(h.Programs, ", "))
		}
		if len(h.Via) > 0 {
			fmt.Fprintf(&b, ", via %s", strings.Join(h.Via, " → "))
		}
		b.WriteString(".")
	}
	if len(f.Coauthors) > 0 {
		fmt.Fprintf(&b, " Co-authors: %s.", strings.Join(f.Coauthors, ", "))
	}
	c := assess.Collaboration{
		ID:            fmt.Sprintf("portfolio-finding-%d", f.ID),
		Title:         title,
		Summary:       b.String(),
		ResearchField: strings.Join(append(append([]string{}, f.Areas...), f.Fields...), ", "),
		Partners:      []assess.Partner{{Kind: assess.PartnerOrganisation, Name: f.PartnerName, Country: f.PartnerCountry, Role: "co-author's institution"}},
	}
	if f.Person != "" {
		c.Partners = append(c.Partners, assess.Partner{Kind: assess.PartnerPerson, Name: f.Person, Affiliations: []string{f.Affiliation}, Country: f.PartnerCountry, Role: "co-author"})
	}
	return c
}

func orUnknown(s string) string {
	if s == "" {
		return "An unnamed author"
	}
	return s
}

// CreateCase makes a draft case from the tenant's finding in one step:
// it reads the finding, assesses the collaboration it describes under the
// policy (nil: the default) and stores the case as created by actor.
func CreateCase(ctx context.Context, p store.Portfolio, cw store.Casework, as Assessor, pol *assess.Policy, actor cases.Actor, findingID int64, now time.Time) (cases.Case, error) {
	f, err := p.PortfolioFinding(ctx, actor.TenantID, findingID)
	if err != nil {
		return cases.Case{}, err
	}
	coll, err := Collaboration(f).Validate()
	if err != nil {
		return cases.Case{}, fmt.Errorf("finding %d: %w", findingID, err)
	}
	a, err := as.Assess(coll, pol)
	if err != nil {
		return cases.Case{}, fmt.Errorf("assess finding %d: %w", findingID, err)
	}
	c, ev, err := cases.New(actor, coll, a, now)
	if err != nil {
		return cases.Case{}, err
	}
	if d, ok := ev.Detail.(map[string]any); ok {
		d["portfolio_finding"] = findingID
		d["portfolio_run"] = f.RunID
	}
	return cw.CreateCase(ctx, c, ev)
}

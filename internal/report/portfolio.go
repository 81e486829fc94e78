package report

import (
	"cmp"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/collabcheck/collabcheck/internal/assess"
	"github.com/collabcheck/collabcheck/internal/cases"
	"github.com/collabcheck/collabcheck/internal/report/chart"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Portfolio is what a portfolio report is made from: the summaries of a
// tenant's cases (as store.Casework.Cases returns them) and, optionally,
// the full cases, which add the opportunity fields and exact decision
// dates. Without Cases, the opportunity chart is left out and a decided
// case's decision month is taken from its last update.
type Portfolio struct {
	Tenant    string
	Summaries []cases.Summary
	// Cases, when given, are matched to Summaries by ID; missing ones are
	// not an error.
	Cases []cases.Case
	// Generated is the report's date; the decisions chart ends with its
	// month. Zero prints no date and ends with the latest decision.
	Generated time.Time
	// Months is how many months the decisions chart covers (default 12,
	// at most 60).
	Months int
}

// Count is one category of a breakdown.
type Count struct {
	// Key is the stored value ("do_not_proceed", "CN"); Label is it in words.
	Key, Label string
	N          int
}

// MonthSeries counts decisions with one outcome per month.
type MonthSeries struct {
	Outcome assess.Outcome
	Label   string
	Counts  []int // aligned with PortfolioStats.Months
}

// PortfolioStats are the numbers of a portfolio, for the report and for
// a dashboard that shows them its own way.
type PortfolioStats struct {
	Total   int
	Decided int
	// ByRisk, ByState, ByRecommended and ByDecided count cases per value,
	// in the fixed order of the values (every value listed, zeros too).
	ByRisk, ByState, ByRecommended, ByDecided []Count
	// ByField counts cases per recognised opportunity field, largest
	// first; FieldsKnown is false when no full cases were given.
	ByField     []Count
	FieldsKnown bool
	// ByCountry counts cases per partner country, largest first.
	ByCountry []Count
	// Months are "2006-01" labels, oldest first; Decisions has one series
	// per outcome over them.
	Months    []string
	Decisions []MonthSeries
	// Referred are the cases referred to an adviser; Awaiting are the
	// cases submitted, in review or referred and not decided. Both are
	// sorted oldest update first, so the longest waiting lead.
	Referred, Awaiting []cases.Summary
}

// MaxPortfolioCases bounds the cases one report covers, so that a
// request cannot make the server build an unbounded page.
const MaxPortfolioCases = 100_000

var (
	risks    = []assess.Risk{assess.RiskCritical, assess.RiskHigh, assess.RiskMedium, assess.RiskLow}
	outcomes = []assess.Outcome{assess.OutcomeDoNotProceed, assess.OutcomeReferToAdviser, assess.OutcomeProceedWithMitigations, assess.OutcomeProceed}
)

// Stats computes the portfolio's numbers. It fails only when there are
// more than MaxPortfolioCases summaries.
func (p Portfolio) Stats() (PortfolioStats, error) {
	if len(p.Summaries) > MaxPortfolioCases {
		return PortfolioStats{}, fmt.Errorf("portfolio of %d cases: more than the limit of %d", len(p.Summaries), MaxPortfolioCases)
	}
	full := make(map[int64]*cases.Case, len(p.Cases))
	for i := range p.Cases {
		full[p.Cases[i].ID] = &p.Cases[i]
	}
	s := PortfolioStats{Total: len(p.Summaries), FieldsKnown: len(p.Cases) > 0}
	risk := map[string]int{}
	state := map[string]int{}
	rec := map[string]int{}
	dec := map[string]int{}
	field := map[string]int{}
	country := map[string]int{}
	type decided struct {
		at time.Time
		o  assess.Outcome
	}
	var decisions []decided
	for _, c := range p.Summaries {
		risk[string(c.Risk)]++
		state[string(c.State)]++
		rec[string(c.Recommended)]++
		seen := map[string]bool{}
		for _, k := range c.PartnerCountries {
			k = strings.ToUpper(strings.TrimSpace(k))
			if k != "" && !seen[k] {
				seen[k] = true
				country[k]++
			}
		}
		fc := full[c.ID]
		if c.DecidedOutcome != "" {
			s.Decided++
			dec[string(c.DecidedOutcome)]++
			at := c.UpdatedAt
			if fc != nil && fc.Decision != nil {
				at = fc.Decision.At
			}
			decisions = append(decisions, decided{at, c.DecidedOutcome})
		}
		if fc != nil {
			if len(fc.Assessment.Opportunity) == 0 {
				field[""]++
			}
			for _, l := range fc.Assessment.Opportunity {
				field[l.ID]++
			}
		}
		if c.ReferredTo != 0 {
			s.Referred = append(s.Referred, c)
		}
		if c.DecidedOutcome == "" && (c.State == cases.Submitted || c.State == cases.InReview || c.State == cases.Referred) {
			s.Awaiting = append(s.Awaiting, c)
		}
	}
	s.ByRisk = fixed(risks, risk)
	s.ByState = fixed(cases.States, state)
	s.ByRecommended = fixed(outcomes, rec)
	s.ByDecided = fixed(outcomes, dec)
	s.ByCountry = ranked(country, CountryName)
	s.ByField = ranked(field, func(k string) string {
		if k == "" {
			return "No field recognised"
		}
		return Label(k)
	})
	byUpdate := func(a, b cases.Summary) int { return cmp.Or(a.UpdatedAt.Compare(b.UpdatedAt), cmp.Compare(a.ID, b.ID)) }
	slices.SortFunc(s.Referred, byUpdate)
	slices.SortFunc(s.Awaiting, byUpdate)

	// Decisions by month, over the last Months months.
	n := p.Months
	if n <= 0 {
		n = 12
	}
	n = min(n, 60)
	end := p.Generated
	if end.IsZero() {
		for _, d := range decisions {
			if d.at.After(end) {
				end = d.at
			}
		}
	}
	if !end.IsZero() {
		last := time.Date(end.UTC().Year(), end.UTC().Month(), 1, 0, 0, 0, 0, time.UTC)
		first := last.AddDate(0, -(n - 1), 0)
		for m := first; !m.After(last); m = m.AddDate(0, 1, 0) {
			s.Months = append(s.Months, m.Format("2006-01"))
		}
		idx := map[string]int{}
		for i, m := range s.Months {
			idx[m] = i
		}
		per := map[assess.Outcome][]int{}
		for _, d := range decisions {
			i, ok := idx[d.at.UTC().Format("2006-01")]
			if !ok {
				continue
			}
			if per[d.o] == nil {
				per[d.o] = make([]int, len(s.Months))
			}
			per[d.o][i]++
		}
		for o, cs := range per {
			s.Decisions = append(s.Decisions, MonthSeries{Outcome: o, Label: Label(o), Counts: cs})
		}
		// Least restrictive first (the bottom layer), unknown outcomes last.
		rank := func(o assess.Outcome) int {
			if i := slices.Index(outcomes, o); i >= 0 {
				return len(outcomes) - i
			}
			return len(outcomes) + 1
		}
		slices.SortFunc(s.Decisions, func(a, b MonthSeries) int {
			return cmp.Or(cmp.Compare(rank(a.Outcome), rank(b.Outcome)), cmp.Compare(a.Outcome, b.Outcome))
		})
	}
	return s, nil
}

// CountryName names an ISO 3166-1 alpha-2 code in English with the code
// ("China (CN)"); an unknown code is returned as given.
func CountryName(code string) string {
	r, err := language.ParseRegion(code)
	if err != nil || len(code) != 2 {
		return code
	}
	if n := display.English.Regions().Name(r); n != "" && n != "Unknown Region" {
		return n + " (" + strings.ToUpper(code) + ")"
	}
	return code
}

func fixed[S ~string](order []S, m map[string]int) []Count {
	var out []Count
	for _, k := range order {
		out = append(out, Count{Key: string(k), Label: Label(k), N: m[string(k)]})
	}
	var extra []string
	for k := range m {
		if !slices.Contains(order, S(k)) {
			extra = append(extra, k)
		}
	}
	slices.Sort(extra)
	for _, k := range extra {
		l := Label(k)
		if k == "" {
			l = "Not set"
		}
		out = append(out, Count{Key: k, Label: l, N: m[k]})
	}
	return out
}

func ranked(m map[string]int, label func(string) string) []Count {
	out := make([]Count, 0, len(m))
	for k, n := range m {
		out = append(out, Count{Key: k, Label: label(k), N: n})
	}
	slices.SortFunc(out, func(a, b Count) int { return cmp.Or(cmp.Compare(b.N, a.N), cmp.Compare(a.Key, b.Key)) })
	return out
}

func bars(cs []Count, top int) []chart.Bar {
	var out []chart.Bar
	for _, c := range cs {
		out = append(out, chart.Bar{Label: c.Label, Value: float64(c.N)})
	}
	return chart.TopN(out, top, "Other")
}

// Charts are the portfolio's charts as inline SVG.
type Charts struct {
	Risk, Recommended, Decided, Field, Country, DecisionsOverTime template.HTML
}

// Charts draws the portfolio's charts. Field is empty when the
// opportunity fields are not known.
func (s PortfolioStats) Charts() (Charts, error) {
	var c Charts
	var err error
	draw := func(dst *template.HTML, cs []Count, top int, title, id string) {
		if err != nil {
			return
		}
		*dst, err = chart.HTML(func(w io.Writer) error {
			return chart.BarChart(w, bars(cs, top), chart.Options{Title: title, ID: id, XLabel: "cases"})
		})
	}
	draw(&c.Risk, s.ByRisk, 10, "Cases by risk level", "chart-risk")
	draw(&c.Recommended, s.ByRecommended, 10, "Cases by recommended outcome", "chart-recommended")
	draw(&c.Decided, s.ByDecided, 10, "Decided cases by outcome", "chart-decided")
	draw(&c.Country, s.ByCountry, 15, "Cases by partner country", "chart-country")
	if s.FieldsKnown {
		draw(&c.Field, s.ByField, 15, "Cases by opportunity field", "chart-field")
	}
	if err != nil {
		return Charts{}, err
	}
	var series []chart.Series
	for _, d := range s.Decisions {
		vs := make([]float64, len(d.Counts))
		for i, n := range d.Counts {
			vs[i] = float64(n)
		}
		series = append(series, chart.Series{Name: d.Label, Values: vs})
	}
	c.DecisionsOverTime, err = chart.HTML(func(w io.Writer) error {
		return chart.StackedBars(w, s.Months, series, chart.Options{Title: "Decisions by month and outcome",
			ID: "chart-decisions", YLabel: "decisions", Width: 520})
	})
	if err != nil {
		return Charts{}, err
	}
	return c, nil
}

// WritePortfolioHTML writes the portfolio report for a governing body:
// headline numbers, charts (inline SVG) by risk, recommended and decided
// outcome, opportunity field and partner country, decisions by month, each
// with a table of the same numbers, and the lists of referred cases and
// cases awaiting a decision. The page is self-contained and prints on A4.
func WritePortfolioHTML(w io.Writer, p Portfolio) error {
	s, err := p.Stats()
	if err != nil {
		return err
	}
	ch, err := s.Charts()
	if err != nil {
		return fmt.Errorf("portfolio charts: %w", err)
	}
	type row struct {
		ID                                              int64
		Title, State, Risk, Recommended, Updated, Since string
	}
	rows := func(ss []cases.Summary) []row {
		var out []row
		for _, c := range ss {
			out = append(out, row{ID: c.ID, Title: c.Title, State: Label(c.State), Risk: Label(c.Risk),
				Recommended: Label(c.Recommended), Updated: date(c.UpdatedAt), Since: date(c.CreatedAt)})
		}
		return out
	}
	type monthRow struct {
		Month  string
		Counts []int
		Total  int
	}
	var months []monthRow
	for i, m := range s.Months {
		r := monthRow{Month: m}
		for _, d := range s.Decisions {
			r.Counts = append(r.Counts, d.Counts[i])
			r.Total += d.Counts[i]
		}
		months = append(months, r)
	}
	data := struct {
		CSS                template.CSS
		Tenant, Generated  string
		S                  PortfolioStats
		C                  Charts
		Referred, Awaiting []row
		Months             []monthRow
	}{CSS: css, Tenant: p.Tenant, Generated: dateTime(p.Generated), S: s, C: ch,
		Referred: rows(s.Referred), Awaiting: rows(s.Awaiting), Months: months}
	if err := templates.ExecuteTemplate(w, "portfolio", data); err != nil {
		return fmt.Errorf("write portfolio report: %w", err)
	}
	return nil
}

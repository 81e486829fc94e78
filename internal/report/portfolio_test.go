package report

import (
	"bytes"
	"html"
	"strings"
	"testing"
	"time"

	"github.com/collabcheck/collabcheck/internal/assess"
	"github.com/collabcheck/collabcheck/internal/cases"
)

func sum(cs []Count) int {
	n := 0
	for _, c := range cs {
		n += c.N
	}
	return n
}

func TestPortfolioStats(t *testing.T) {
	ss := manySummaries(60)
	full := sampleCase()
	full.ID = ss[0].ID // decided in the summaries; its decision date wins
	p := Portfolio{Tenant: "Uni", Summaries: ss, Cases: []cases.Case{full}, Generated: t0.AddDate(0, 6, 0)}
	s, err := p.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if s.Total != 60 {
		t.Errorf("total %d", s.Total)
	}
	for name, cs := range map[string][]Count{"risk": s.ByRisk, "state": s.ByState, "recommended": s.ByRecommended} {
		if got := sum(cs); got != 60 {
			t.Errorf("%s counts sum to %d, want 60", name, got)
		}
	}
	var decided, awaiting, referred int
	for _, c := range ss {
		if c.DecidedOutcome != "" {
			decided++
		} else if c.State == cases.Submitted || c.State == cases.Referred || c.State == cases.InReview {
			awaiting++
		}
		if c.ReferredTo != 0 {
			referred++
		}
	}
	if s.Decided != decided || sum(s.ByDecided) != decided {
		t.Errorf("decided %d (by outcome %d), want %d", s.Decided, sum(s.ByDecided), decided)
	}
	if len(s.Awaiting) != awaiting || len(s.Referred) != referred {
		t.Errorf("awaiting %d referred %d, want %d and %d", len(s.Awaiting), len(s.Referred), awaiting, referred)
	}
	for _, c := range s.Awaiting {
		if c.DecidedOutcome != "" {
			t.Errorf("decided case %d listed as awaiting", c.ID)
		}
	}
	for i := 1; i < len(s.Awaiting); i++ {
		if s.Awaiting[i].UpdatedAt.Before(s.Awaiting[i-1].UpdatedAt) {
			t.Error("awaiting cases are not oldest first")
		}
	}
	if len(s.Months) != 12 || s.Months[11] != "2026-09" || s.Months[0] != "2025-10" {
		t.Errorf("months %v", s.Months)
	}
	inMonths := 0
	for _, d := range s.Decisions {
		for _, n := range d.Counts {
			inMonths += n
		}
	}
	if inMonths != decided {
		t.Errorf("%d decisions placed in months, want %d", inMonths, decided)
	}
	if !s.FieldsKnown || len(s.ByField) != 1 || s.ByField[0].Key != "quantum_technologies" || s.ByField[0].N != 1 {
		t.Errorf("fields %+v", s.ByField)
	}
	if sum(s.ByCountry) != 60 || s.ByCountry[0].N < s.ByCountry[len(s.ByCountry)-1].N {
		t.Errorf("countries %+v", s.ByCountry)
	}
	// The full case's decision month (2026-03) is used, not its summary's update.
	month := full.Decision.At.Format("2006-01")
	found := false
	for _, d := range s.Decisions {
		if d.Outcome == ss[0].DecidedOutcome {
			for i, m := range s.Months {
				if m == month && d.Counts[i] > 0 {
					found = true
				}
			}
		}
	}
	if !found {
		t.Errorf("decision of case %d not counted in %s", full.ID, month)
	}
}

func TestPortfolioHTML(t *testing.T) {
	ss := manySummaries(30)
	ss[1].Title = "Partnership with Universitat Politècnica <b>"
	var b bytes.Buffer
	if err := WritePortfolioHTML(&b, Portfolio{Tenant: "Uni Zürich", Summaries: ss, Generated: t0.AddDate(0, 6, 0)}); err != nil {
		t.Fatal(err)
	}
	h := b.String()
	for _, want := range []string{"Cases by risk level", "Cases by partner country", "Decisions by month and outcome",
		"Cases awaiting decision", "Cases referred to an adviser", "Uni Zürich", "Universitat Politècnica &lt;b&gt;", `role="img"`} {
		if !strings.Contains(h, want) {
			t.Errorf("portfolio lacks %q", want)
		}
	}
	if n := strings.Count(h, "<svg "); n != 5 { // no opportunity chart without full cases
		t.Errorf("%d charts, want 5", n)
	}
	if strings.Contains(h, "Cases by opportunity field") {
		t.Error("opportunity chart shown without full cases")
	}
	if strings.Contains(html.UnescapeString(h), "<script") || strings.Contains(h, "<link") {
		t.Error("portfolio page loads a script or external resource")
	}
}

func TestPortfolioEmptyAndLimits(t *testing.T) {
	var b bytes.Buffer
	if err := WritePortfolioHTML(&b, Portfolio{}); err != nil {
		t.Fatalf("empty portfolio: %v", err)
	}
	if !strings.Contains(b.String(), "No data") {
		t.Error("empty portfolio charts do not say there is no data")
	}
	big := Portfolio{Summaries: make([]cases.Summary, MaxPortfolioCases+1)}
	if _, err := big.Stats(); err == nil {
		t.Error("no error above the case limit")
	}
}

func TestPortfolioUnknownOutcome(t *testing.T) {
	ss := []cases.Summary{{ID: 1, State: cases.Decided, DecidedOutcome: "escalate", UpdatedAt: t0},
		{ID: 2, State: cases.Decided, DecidedOutcome: assess.OutcomeProceed, UpdatedAt: t0.Add(time.Hour)}}
	s, err := Portfolio{Summaries: ss}.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Decisions) != 2 || s.Decisions[0].Outcome != assess.OutcomeProceed || s.Decisions[1].Outcome != "escalate" {
		t.Errorf("decision series %+v", s.Decisions)
	}
	if sum(s.ByDecided) != 2 {
		t.Errorf("an outcome outside the known ones was dropped: %+v", s.ByDecided)
	}
}

func TestCountryName(t *testing.T) {
	for in, want := range map[string]string{"CN": "China (CN)", "cn": "China (CN)", "GB": "United Kingdom (GB)", "XX": "XX", "": "", "CHN": "CHN"} {
		if got := CountryName(in); got != want {
			t.Errorf("CountryName(%q) = %q, want %q", in, got, want)
		}
	}
}

package report

import (
	"io"
	"testing"

	"github.com/collabcheck/collabcheck/internal/cases"
)

// The web pages must render in 100 ms with 1,000 cases; these measure
// the report side of that.

func BenchmarkCaseHTML(b *testing.B) {
	r := CaseReport{Case: sampleCase(), Tenant: "Uni", Generated: t0}
	for b.Loop() {
		if err := WriteCaseHTML(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCasePDF(b *testing.B) {
	r := CaseReport{Case: sampleCase(), Tenant: "Uni", Generated: t0}
	for b.Loop() {
		if err := WriteCasePDF(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}

func thousandCases() []cases.Case {
	ss := manySummaries(1000)
	cs := make([]cases.Case, len(ss))
	for i, s := range ss {
		c := sampleCase()
		c.ID, c.State, c.CreatedAt, c.UpdatedAt = s.ID, s.State, s.CreatedAt, s.UpdatedAt
		cs[i] = c
	}
	return cs
}

func BenchmarkPortfolioHTML1000(b *testing.B) {
	p := Portfolio{Tenant: "Uni", Summaries: manySummaries(1000), Cases: thousandCases(), Generated: t0.AddDate(0, 6, 0)}
	for b.Loop() {
		if err := WritePortfolioHTML(io.Discard, p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPortfolioStats1000(b *testing.B) {
	p := Portfolio{Summaries: manySummaries(1000), Cases: thousandCases(), Generated: t0.AddDate(0, 6, 0)}
	for b.Loop() {
		if _, err := p.Stats(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCasesCSV1000(b *testing.B) {
	cs := thousandCases()
	for b.Loop() {
		if err := WriteCasesCSV(io.Discard, cs, CSVOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCasesXLSX1000(b *testing.B) {
	cs := thousandCases()
	for b.Loop() {
		if err := WriteCasesXLSX(io.Discard, cs); err != nil {
			b.Fatal(err)
		}
	}
}

// Package report renders collabcheck's records for people who file them:
// the assessment report of one case (HTML and PDF, for a case file), the
// portfolio report for a governing body (HTML with inline SVG charts), and
// CSV/XLSX exports of cases and screening results.
//
// Every renderer writes to an io.Writer and does no HTTP, no store access
// and reads no clock, so the web pages, the CLI and the tests call the same
// functions, and the same input gives the same bytes (a report's date is
// passed in). Sub-package chart draws the SVG charts; sub-package bulk
// screens an uploaded sheet and writes it back with result columns;
// sub-package pdftext reads a PDF's text back, for tests of downloads.
//
// The entry points are:
//
//	WriteCaseHTML, WriteCasePDF       one case's assessment report
//	Portfolio / WritePortfolioHTML    portfolio report; Portfolio.Stats and
//	                                  PortfolioStats.Charts for dashboards
//	WriteCasesCSV, WriteCasesXLSX     one row per case (SummariesTable when
//	                                  only summaries are at hand)
//	WriteScreeningCSV, WriteScreeningXLSX  one row per screened candidate
//	WriteCSV, WriteXLSX, SafeCell     any Table, formula-injection safe
//	EvidenceText, ExplainMatch, Via, Programs, Label, CountryName
//	                                  the words the reports use, for pages
//	                                  that show the same things
package report

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/collabcheck/collabcheck/internal/assess"
	"github.com/collabcheck/collabcheck/internal/cases"
)

// Label turns an enumerated value ("proceed_with_mitigations") into the
// words a report prints ("Proceed with mitigations"). Empty stays empty.
func Label[S ~string](s S) string {
	t := strings.ReplaceAll(string(s), "_", " ")
	r, n := utf8.DecodeRuneInString(t)
	if n == 0 {
		return ""
	}
	return string(unicode.ToUpper(r)) + t[n:]
}

// dateTime prints an instant the same way in every report: UTC, minutes.
func dateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02")
}

// personName names a person for the record: their name, else their id.
func personName(p cases.Person) string {
	if s := strings.TrimSpace(p.Name); s != "" {
		return s
	}
	if p.UserID != 0 {
		return fmt.Sprintf("user %d", p.UserID)
	}
	return "unknown"
}

// partyName resolves an evidence party path ("partners[1]") to the words
// a reader needs ("partner 2, Université Paris-Saclay").
func partyName(c *assess.Collaboration, party string) string {
	var i int
	if _, err := fmt.Sscanf(party, "partners[%d]", &i); err == nil && i >= 0 && i < len(c.Partners) {
		return fmt.Sprintf("partner %d, %s", i+1, c.Partners[i].Name)
	}
	if _, err := fmt.Sscanf(party, "funders[%d]", &i); err == nil && i >= 0 && i < len(c.Funders) {
		return fmt.Sprintf("funder %d, %s", i+1, c.Funders[i].Name)
	}
	if _, err := fmt.Sscanf(party, "visitors[%d]", &i); err == nil && i >= 0 && i < len(c.Visitors) {
		if n := c.Visitors[i].Name; n != "" {
			return fmt.Sprintf("visitor %d, %s", i+1, n)
		}
		return fmt.Sprintf("visitor %d", i+1)
	}
	if _, err := fmt.Sscanf(party, "facilities[%d]", &i); err == nil && i >= 0 && i < len(c.Facilities) {
		return fmt.Sprintf("facility %d, %s", i+1, c.Facilities[i].Name)
	}
	return party
}

// EvidenceText says one item of evidence in a sentence: for a list hit,
// who matched what on which list, the score, program and the path (via);
// for a technology area or field, its score and the phrases found; else
// the datum in words. The PDF, HTML and exports all use it.
func EvidenceText(c *assess.Collaboration, e assess.Evidence) string {
	var b strings.Builder
	if e.Party != "" && c != nil {
		b.WriteString(Label(partyName(c, e.Party)))
		b.WriteString(": ")
	} else if e.Party != "" {
		b.WriteString(e.Party + ": ")
	}
	switch {
	case e.SourceID != "" || e.List != "":
		if e.Query != "" {
			fmt.Fprintf(&b, "“%s” ", e.Query)
		}
		fmt.Fprintf(&b, "matched “%s” on list %s", e.Name, e.List)
		if e.SourceID != "" {
			fmt.Fprintf(&b, " (entry %s)", e.SourceID)
		}
		fmt.Fprintf(&b, ", score %.3f", e.Score)
		if e.Program != "" {
			fmt.Fprintf(&b, ", program %s", e.Program)
		}
		if e.Category != "" {
			fmt.Fprintf(&b, ", category %s", Label(e.Category))
		}
		if len(e.Via) > 0 {
			fmt.Fprintf(&b, ", via %s", strings.Join(e.Via, " → "))
		}
		if e.Detail != "" {
			fmt.Fprintf(&b, "; %s", e.Detail)
		}
	case e.Area != "":
		fmt.Fprintf(&b, "%s %s, score %.3f", Label(e.Fact), e.Area, e.Score)
		if len(e.Phrases) > 0 {
			fmt.Fprintf(&b, "; phrases: “%s”", strings.Join(e.Phrases, "”, “"))
		}
	default:
		if e.Name != "" {
			fmt.Fprintf(&b, "%s: ", e.Name)
		}
		if e.Detail != "" {
			b.WriteString(e.Detail)
		} else {
			b.WriteString(Label(e.Fact))
		}
	}
	return b.String()
}

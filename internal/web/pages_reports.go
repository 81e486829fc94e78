package web

import (
	"bytes"
	"fmt"
	"net/http"
	"time"

	"github.com/collabcheck/collabcheck/internal/cases"
	"github.com/collabcheck/collabcheck/internal/report"
	"github.com/collabcheck/collabcheck/internal/screening"
	"github.com/collabcheck/collabcheck/internal/store"
)

// reportCSP is the Content-Security-Policy of the self-contained HTML
// reports, which carry their stylesheet inline (so that a saved report
// still reads well in a case file): inline styles are allowed, scripts,
// fetches, forms and framing are not.
const reportCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// Media types of the downloads.
const (
	mediaPDF  = "application/pdf"
	mediaCSV  = "text/csv; charset=utf-8"
	mediaXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// reportRoutes are the pages' downloads: a case's assessment report, the
// portfolio report and the case exports. They are Page routes: left out
// of the API's document, and a caller who is not signed in is sent to
// /signin.
func (s *server) reportRoutes() []route {
	const get = http.MethodGet
	return []route{
		{Method: get, Path: "/cases/{id}/report.html", Strict: true, Access: signedIn, Page: true, handle: s.pageCaseReport(false)},
		{Method: get, Path: "/cases/{id}/report.pdf", Strict: true, Access: signedIn, Page: true, handle: s.pageCaseReport(true)},
		{Method: get, Path: "/cases/export.csv", Strict: true, Access: signedIn, Page: true, handle: s.pageCasesExport(false)},
		{Method: get, Path: "/cases/export.xlsx", Strict: true, Access: signedIn, Page: true, handle: s.pageCasesExport(true)},
		{Method: get, Path: "/reports/portfolio", Strict: true, Access: signedIn, Page: true, handle: s.pagePortfolio},
	}
}

// caseReports lists the report downloads of a case.
func (s *server) caseReports(c cases.Case) []reportLink {
	return []reportLink{
		{Label: "Assessment report (PDF)", Href: fmt.Sprintf("/cases/%d/report.pdf", c.ID)},
		{Label: "Assessment report (HTML)", Href: fmt.Sprintf("/cases/%d/report.html", c.ID)},
	}
}

// download writes a rendered file with its media type; attachment names
// the file to save it as (empty: shown in the browser).
func download(w http.ResponseWriter, mediaType, attachment string, data []byte) error {
	h := w.Header()
	h.Set("Content-Type", mediaType)
	if attachment != "" {
		h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", attachment))
	}
	_, err := w.Write(data)
	return err
}

// pageCaseReport answers a case's assessment report, as PDF or as
// self-contained HTML, for whoever may see the case. The owning
// organisation's name is printed only for its own users, so an adviser's
// copy does not name an organisation it was not told of.
func (s *server) pageCaseReport(pdf bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, _ query) error {
		p, err := principalOf(r)
		if err != nil {
			return err
		}
		c, err := s.visibleCase(r, p)
		if err != nil {
			return err
		}
		rep := report.CaseReport{Case: c, Generated: time.Now().UTC()}
		if p.Tenant.ID == c.TenantID {
			rep.Tenant = p.Tenant.Name
		}
		var buf bytes.Buffer
		if pdf {
			if err := report.WriteCasePDF(&buf, rep); err != nil {
				return fmt.Errorf("case %d: PDF report: %w", c.ID, err)
			}
			return download(w, mediaPDF, fmt.Sprintf("case-%d-assessment.pdf", c.ID), buf.Bytes())
		}
		if err := report.WriteCaseHTML(&buf, rep); err != nil {
			return fmt.Errorf("case %d: HTML report: %w", c.ID, err)
		}
		w.Header().Set("Content-Security-Policy", reportCSP)
		return download(w, "text/html; charset=utf-8", "", buf.Bytes())
	}
}

// exportLimit is the most cases one export holds (the most recently
// updated first).
const exportLimit = MaxCaseLimit

// pageCasesExport answers the cases the caller may see as CSV or XLSX.
func (s *server) pageCasesExport(xlsx bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, _ query) error {
		p, err := principalOf(r)
		if err != nil {
			return err
		}
		sums, err := s.visibleCases(r.Context(), p, store.CaseFilter{Limit: exportLimit}, false)
		if err != nil {
			return err
		}
		full, err := s.fullCases(r, p, sums, 0)
		if err != nil {
			return fmt.Errorf("export cases: %w", err)
		}
		var buf bytes.Buffer
		if xlsx {
			if err := report.WriteCasesXLSX(&buf, full); err != nil {
				return fmt.Errorf("export cases as XLSX: %w", err)
			}
			return download(w, mediaXLSX, "cases.xlsx", buf.Bytes())
		}
		if err := report.WriteCasesCSV(&buf, full, report.CSVOptions{BOM: true}); err != nil {
			return fmt.Errorf("export cases as CSV: %w", err)
		}
		return download(w, mediaCSV, "cases.csv", buf.Bytes())
	}
}

// pagePortfolio answers the portfolio report of the cases the caller may
// see, for a governing body: counts, charts and the referred and awaiting
// cases.
func (s *server) pagePortfolio(w http.ResponseWriter, r *http.Request, _ query) error {
	p, err := principalOf(r)
	if err != nil {
		return err
	}
	sums, err := s.visibleCases(r.Context(), p, store.CaseFilter{Limit: exportLimit}, false)
	if err != nil {
		return err
	}
	full, err := s.fullCases(r, p, sums, 0)
	if err != nil {
		return fmt.Errorf("portfolio report: %w", err)
	}
	var buf bytes.Buffer
	if err := report.WritePortfolioHTML(&buf, report.Portfolio{Tenant: p.Tenant.Name, Summaries: sums, Cases: full, Generated: time.Now().UTC()}); err != nil {
		return fmt.Errorf("portfolio report: %w", err)
	}
	w.Header().Set("Content-Security-Policy", reportCSP)
	return download(w, "text/html; charset=utf-8", "", buf.Bytes())
}

// screeningExport answers screening results as CSV or XLSX.
func screeningExport(w http.ResponseWriter, rs []screening.Result, format string) error {
	var buf bytes.Buffer
	if format == "xlsx" {
		if err := report.WriteScreeningXLSX(&buf, rs); err != nil {
			return fmt.Errorf("export screening results as XLSX: %w", err)
		}
		return download(w, mediaXLSX, "screening.xlsx", buf.Bytes())
	}
	if err := report.WriteScreeningCSV(&buf, rs, report.CSVOptions{BOM: true}); err != nil {
		return fmt.Errorf("export screening results as CSV: %w", err)
	}
	return download(w, mediaCSV, "screening.csv", buf.Bytes())
}

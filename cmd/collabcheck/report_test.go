package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/collabcheck/collabcheck/internal/assess"
	"github.com/collabcheck/collabcheck/internal/audit"
	"github.com/collabcheck/collabcheck/internal/auth"
	"github.com/collabcheck/collabcheck/internal/cases"
	"github.com/collabcheck/collabcheck/internal/report/pdftext"
	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/store/open"
)

// seedCases makes a database with tenant "Uni Zürich" owning two cases
// (one decided) and another tenant owning one; it returns the path and
// the decided case's id.
func seedCases(t *testing.T) (string, int64) {
	t.Helper()
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "cc.db")
	st, err := open.Store(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	acc, err := store.AccountsOf(st)
	if err != nil {
		t.Fatal(err)
	}
	cw, err := store.CaseworkOf(st)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC)
	add := func(tenant auth.Tenant, title, partner string, decided bool) int64 {
		officer := cases.Person{UserID: 1, TenantID: tenant.ID, Name: "Søren Kierkegård", Role: auth.Officer}
		c := cases.Case{TenantID: tenant.ID, State: cases.Submitted,
			Collaboration: assess.Collaboration{Title: title, Partners: []assess.Partner{{Name: partner, Country: "ca"}}, Countries: []string{"ca"}},
			Assessment: assess.Assessment{Title: title, Risk: assess.RiskHigh, Outcome: assess.OutcomeReferToAdviser,
				Findings: []assess.Finding{{ID: "r1", Severity: assess.SeverityHigh, Title: "Partner on an export-control list",
					Outcome: assess.OutcomeReferToAdviser, Evidence: []assess.Evidence{{Fact: "hit_category", Party: "partners[0]", Query: partner, List: "l", SourceID: "S1", Name: partner, Score: 0.9}}}},
				Mitigations: []assess.RequiredMitigation{}, Opportunity: []assess.Label{{ID: "quantum", Score: 0.8}}, PolicyVersion: "p1", InputHash: "abc"},
			CreatedBy: officer, CreatedAt: now, UpdatedAt: now, Checklist: []cases.ChecklistItem{}, Comments: []cases.Comment{}, Decisions: []cases.Decision{}}
		if decided {
			d := cases.Decision{Outcome: assess.OutcomeProceedWithMitigations, Rationale: "Licence granted by the export control unit.",
				By: officer, At: now.Add(time.Hour), Recommended: assess.OutcomeReferToAdviser, Differs: true}
			c.State, c.Decision, c.Decisions = cases.Decided, &d, []cases.Decision{d}
		}
		got, err := cw.CreateCase(ctx, c, audit.Event{TenantID: tenant.ID, Actor: "test", Action: "case.create"})
		if err != nil {
			t.Fatal(err)
		}
		return got.ID
	}
	uni, err := acc.CreateTenant(ctx, store.NewTenant{Name: "Uni Zürich", Kind: auth.Organisation})
	if err != nil {
		t.Fatal(err)
	}
	other, err := acc.CreateTenant(ctx, store.NewTenant{Name: "Other", Kind: auth.Organisation})
	if err != nil {
		t.Fatal(err)
	}
	id := add(uni, "Quantum sensing with Université de Montréal", "Université de Montréal", true)
	add(uni, "=HYPERLINK(\"http://x\")", "@Acme", false)
	add(other, "Secret of another tenant", "Hidden Partner", false)
	return db, id
}

var ws = regexp.MustCompile(`\s+`)

func TestReportCasePDF(t *testing.T) {
	db, id := seedCases(t)
	out := filepath.Join(t.TempDir(), "case.pdf")
	if _, errs, code := cli(t, db, "", "report", "case", itoa(id), "--tenant", "Uni Zürich", "--format", "pdf", "--out", out); code != 0 {
		t.Fatalf("code %d: %s", code, errs)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	text, err := pdftext.Extract(b)
	if err != nil {
		t.Fatalf("the PDF does not parse: %v", err)
	}
	text = ws.ReplaceAllString(text, " ")
	for _, want := range []string{"Refer to adviser", "Partner on an export-control list", "Université de Montréal",
		"Licence granted by the export control unit.", "Uni Zürich"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF lacks %q", want)
		}
	}
	// The report is recorded in the audit trail.
	if out, _, _ := cli(t, db, "", "audit", "log"); !strings.Contains(out, "case.report") {
		t.Errorf("audit log lacks the report:\n%s", out)
	}
}

func TestReportCaseHTMLAndErrors(t *testing.T) {
	db, id := seedCases(t)
	out, errs, code := cli(t, db, "", "report", "case", itoa(id), "--tenant", "Uni Zürich")
	if code != 0 || !strings.Contains(out, "<!DOCTYPE html>") || !strings.Contains(out, "Université de Montréal") {
		t.Fatalf("html to stdout: code %d err %q", code, errs)
	}
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"report", "case", itoa(id), "--tenant", "Other"}, 1, "not found for tenant"},
		{[]string{"report", "case", itoa(id), "--tenant", "Nobody"}, 1, `no tenant named "Nobody"`},
		{[]string{"report", "case", "x1", "--tenant", "Uni Zürich"}, 2, "positive number"},
		{[]string{"report", "case", itoa(id), "--tenant", "Uni Zürich", "--format", "pdf"}, 2, "--out FILE is required"},
		{[]string{"report", "case", itoa(id), "--tenant", "Uni Zürich", "--format", "doc"}, 2, "html or pdf"},
		{[]string{"report", "case", itoa(id)}, 2, "--tenant is required"},
		{[]string{"report"}, 2, "subcommand"},
	}
	for _, tc := range tests {
		_, errs, code := cli(t, db, "", tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: code %d err %q, want %d and %q", tc.args, code, errs, tc.code, tc.want)
		}
	}
}

func TestReportPortfolio(t *testing.T) {
	db, _ := seedCases(t)
	out := filepath.Join(t.TempDir(), "p.html")
	if _, errs, code := cli(t, db, "", "report", "portfolio", "--tenant", "Uni Zürich", "--out", out); code != 0 {
		t.Fatalf("code %d: %s", code, errs)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	h := string(b)
	for _, want := range []string{"Research collaborations: Uni Zürich", "Cases by risk level", "Cases by opportunity field", "<svg "} {
		if !strings.Contains(h, want) {
			t.Errorf("portfolio lacks %q", want)
		}
	}
	if strings.Contains(h, "Secret of another tenant") {
		t.Error("portfolio shows another tenant's case")
	}
	if !strings.Contains(h, "<dt>Cases</dt><dd>2</dd>") {
		t.Error("portfolio does not count the tenant's 2 cases")
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

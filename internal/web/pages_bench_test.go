package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/collabcheck/collabcheck/internal/assess"
	"github.com/collabcheck/collabcheck/internal/audit"
	"github.com/collabcheck/collabcheck/internal/cases"
	"github.com/collabcheck/collabcheck/internal/store"
)

// benchCases is how many cases the page benchmark's organisation holds.
const benchCases = 1000

// seedCases gives Alpha n cases through the store, in a spread of states
// (a fifth each draft, submitted, in review, referred to Advice Team One,
// decided), partner countries and dates, and returns the last one.
func seedCases(tb testing.TB, w *world, n int) cases.Case {
	tb.Helper()
	ctx := context.Background()
	coll, err := assess.Collaboration{Title: "template", Partners: []assess.Partner{{Name: "Harbin Institute of Technology", Country: "cn"}},
		Summary: "Guidance and control of hypersonic glide vehicles.", Countries: []string{"gb", "cn"}, Data: []assess.DataKind{assess.DataOtherSensitive}}.Validate()
	if err != nil {
		tb.Fatal(err)
	}
	a, err := w.e.api.assessor.Assess(coll, nil)
	if err != nil {
		tb.Fatal(err)
	}
	countries := []string{"cn", "us", "de", "fr", "in", "br", "jp", "ru"}
	officer := actorOf(w.m["a.officer"])
	adv := w.tenants["adv1"]
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var c cases.Case
	for i := range n {
		cl := coll
		cl.Title = fmt.Sprintf("Alpha benchmark collaboration %d", i)
		cl.Partners = []assess.Partner{{Name: "Partner institute " + fmt.Sprint(i%37), Country: countries[i%len(countries)]}}
		as := a
		as.Title = cl.Title
		creator := "a.researcher"
		if i%2 == 1 {
			creator = "a.researcher2"
		}
		now := start.Add(time.Duration(i) * 9 * time.Hour)
		var ev audit.Event
		if c, ev, err = cases.New(actorOf(w.m[creator]), cl, as, now); err != nil {
			tb.Fatal(err)
		}
		if c, err = w.cw.CreateCase(ctx, c, ev); err != nil {
			tb.Fatal(err)
		}
		var ops []cases.Op
		switch i % 5 {
		case 1:
			ops = []cases.Op{cases.Submit{}}
		case 2:
			ops = []cases.Op{cases.Submit{}, cases.StartReview{}}
		case 3:
			ops = []cases.Op{cases.Submit{}, cases.StartReview{}, cases.Refer{TenantID: adv.ID, TenantName: adv.Name}}
		case 4:
			outcome := []assess.Outcome{assess.OutcomeProceed, assess.OutcomeProceedWithMitigations, assess.OutcomeDoNotProceed}[i%3]
			ops = []cases.Op{cases.Submit{}, cases.StartReview{}, cases.Decide{Outcome: outcome, Rationale: "benchmark"}}
		}
		for _, o := range ops {
			if c, err = w.cw.UpdateCase(ctx, c.TenantID, c.ID, func(cc *cases.Case) (audit.Event, error) { return cases.Apply(cc, officer, o, now) }); err != nil {
				tb.Fatal(err)
			}
		}
	}
	return c
}

// BenchmarkPages renders each page server-side (the handler, with its
// authentication, store reads and template, without the network) for an
// organisation holding 1,000 cases. The target is at most 100 ms a page.
func BenchmarkPages(b *testing.B) {
	e := newEnv(b, true, nil)
	w := newWorld(b, e, nil)
	last := seedCases(b, w, benchCases)
	referred, err := w.cw.Cases(context.Background(), w.tenants["alpha"].ID, storeFilterReferred())
	if err != nil || len(referred) == 0 {
		b.Fatalf("no referred case seeded: %v", err)
	}
	for _, p := range []struct{ name, who, target string }{
		{"dashboard_officer", "a.officer", "/"},
		{"dashboard_researcher", "a.researcher", "/"},
		{"dashboard_adviser", "adv1.adviser", "/"},
		{"queue_adviser", "adv1.adviser", "/queue"},
		{"case", "a.officer", fmt.Sprintf("/cases/%d", last.ID)},
		{"case_adviser", "adv1.adviser", fmt.Sprintf("/cases/%d", referred[0].ID)},
		{"case_new", "a.researcher", "/cases/new"},
		{"screen", "a.researcher", "/screen?name=Harbin+Institute+of+Technology"},
		{"lists", "a.officer", "/lists"},
		{"orgs", "a.officer", "/orgs?q=Harbin"},
		{"org", "a.officer", "/orgs/02hjt4x21"},
		{"admin", "a.admin", "/admin"},
		{"signin", "", "/signin"},
		{"report_pdf", "a.officer", fmt.Sprintf("/cases/%d/report.pdf", last.ID)},
		{"portfolio_report", "a.officer", "/reports/portfolio"},
		{"export_xlsx", "a.officer", "/cases/export.xlsx"},
	} {
		b.Run(p.name, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, p.target, nil)
			if p.who != "" {
				req.Header.Set("Authorization", "Bearer "+w.m[p.who].token)
			}
			for b.Loop() {
				rec := httptest.NewRecorder()
				e.api.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d: %.300s", p.target, rec.Code, rec.Body)
				}
			}
		})
	}
}

func storeFilterReferred() store.CaseFilter {
	return store.CaseFilter{States: []cases.State{cases.Referred}, Limit: 1}
}

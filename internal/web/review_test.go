package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/collabcheck/collabcheck/internal/cases"
	"github.com/collabcheck/collabcheck/internal/secure"
	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// companyMayUse is the rule the matrix holds company tenants to, written
// out from the product's statement rather than from the route table: a
// company's users may use the self-review and the triage, their own cases
// (everything but referral to an adviser team and adviser advice, and
// not the organisation-wide exports), their account (sign-out, me,
// tokens, users, the administration page without tenants or policy), and
// nothing else.
func companyMayUse(rt *route) bool {
	p := rt.Path
	switch {
	case rt.Access == public:
		return true
	case strings.HasPrefix(p, "/api/v1/review"), p == "/api/v1/triage",
		p == "/review", strings.HasPrefix(p, "/reviews"), p == "/triage", strings.HasPrefix(p, "/triage/report."):
		return true
	case strings.HasSuffix(p, "/refer"), strings.HasSuffix(p, "/advice"):
		return false
	case strings.HasPrefix(p, "/api/v1/cases"), p == "/api/v1/assess",
		strings.HasPrefix(p, "/cases/") && !strings.HasPrefix(p, "/cases/export"):
		return true
	case p == "/api/v1/me", p == "/api/v1/sessions/current", p == "/signout", p == "/{$}",
		strings.HasPrefix(p, "/api/v1/tokens"), p == "/api/v1/users",
		p == "/admin", p == "/admin/users", strings.HasPrefix(p, "/admin/tokens"):
		return true
	}
	return false
}

// answerAll answers every question of the embedded questionnaire with
// pick's answer.
func answerAll(t testing.TB, company string, pick func(q secure.Question) string) secure.AnswerSet {
	t.Helper()
	qn, err := secure.DefaultQuestionnaire()
	if err != nil {
		t.Fatal(err)
	}
	a := secure.AnswerSet{Version: qn.Version, Company: company, Answers: map[string]string{}}
	for _, p := range qn.Principles {
		for _, q := range p.Questions {
			a.Answers[q.ID] = pick(q)
		}
	}
	return a
}

// worst and best answer a question as badly and as well as it can be.
func worst(q secure.Question) string {
	if q.Kind == secure.KindChoice {
		low := q.Choices[0]
		for _, c := range q.Choices {
			if !c.NotApplicable && (low.NotApplicable || c.Score < low.Score) {
				low = c
			}
		}
		return low.ID
	}
	return secure.AnswerNo
}

func best(q secure.Question) string {
	if q.Kind == secure.KindChoice {
		high := q.Choices[0]
		for _, c := range q.Choices {
			if !c.NotApplicable && (high.NotApplicable || c.Score > high.Score) {
				high = c
			}
		}
		return high.ID
	}
	return secure.AnswerYes
}

// saveFixtureReview stores a review for a tenant through the store, as
// the matrix's target.
func (w *world) saveFixtureReview(tenant, company string) int64 {
	w.t.Helper()
	qn, err := secure.DefaultQuestionnaire()
	if err != nil {
		w.t.Fatal(err)
	}
	a := answerAll(w.t, company, worst)
	r, err := secure.Score(qn, a)
	if err != nil {
		w.t.Fatal(err)
	}
	ab, _ := json.Marshal(a)
	rb, _ := json.Marshal(r)
	rv, err := store.ReviewsOf(w.e.st)
	if err != nil {
		w.t.Fatal(err)
	}
	rec, err := rv.SaveReview(context.Background(), store.ReviewRecord{TenantID: w.tenants[tenant].ID, QuestionnaireVersion: qn.Version,
		Company: company, Overall: r.Overall, Answers: string(ab), Result: string(rb), CreatedBy: "fixture"})
	if err != nil {
		w.t.Fatal(err)
	}
	return rec.ID
}

// triageDeal is an invented deal that names no listed party.
func triageDeal(company string) map[string]any {
	return map[string]any{"company": map[string]string{"name": company, "country": "GB"}, "type": "partnership",
		"product":        "Irrigation scheduling software for orchards.",
		"counterparties": []map[string]any{{"name": "Fenwick Orchard Cooperative", "role": "partner", "country": "NZ"}}}
}

// secureMatrixEntries are the self-review and triage routes in the
// isolation matrix: a review of the company tenant (its company name a
// secret for everyone else) answers 404 to every other tenant.
func (w *world) secureMatrixEntries() map[string]matrixEntry {
	coReview := w.saveFixtureReview("co", "Copperleaf Qubits Ltd")
	w.saveFixtureReview("bravo", "Bravoport Institute of Science")
	fixed := func(p string) func(cases.Case) string { return func(cases.Case) string { return p } }
	others := map[string]int{}
	for _, c := range matrixCallers {
		if c != "" && w.m[c].tenant.Kind != "company" {
			others[c] = http.StatusNotFound
		}
	}
	good := answerAll(w.t, "Matrix review", best)
	entries := map[string]matrixEntry{
		"GET /api/v1/review/questionnaire": {target: fixed("/api/v1/review/questionnaire")},
		"POST /api/v1/reviews":             {target: fixed("/api/v1/reviews"), ok: 201, body: func(cases.Case, string) *body { return jsonOf(good) }},
		"GET /api/v1/reviews":              {target: fixed("/api/v1/reviews")},
		"GET /api/v1/reviews/{id}":         {target: fixed(fmt.Sprintf("/api/v1/reviews/%d", coReview)), except: others},
		"POST /api/v1/triage":              {target: fixed("/api/v1/triage"), body: func(cases.Case, string) *body { return jsonOf(triageDeal("Matrix Orchards Ltd")) }},
	}
	for k, v := range w.securePageMatrixEntries(coReview, others) {
		entries[k] = v
	}
	return entries
}

// secureConformance makes the self-review and triage routes answer each
// status they document; empty is a world with no list loaded.
func secureConformance(t *testing.T, w *world, empty *world) {
	t.Helper()
	co := as{who: "co.officer"}
	cross := as{who: "co.officer", header: http.Header{"Sec-Fetch-Site": {"cross-site"}}}
	good := jsonOf(answerAll(t, "Copperleaf Qubits Ltd", best))
	huge := &body{ctype: "application/json", data: bytes.Repeat([]byte(" "), MaxBodyBytes+1)}
	want(t, w.call(t, co, http.MethodGet, "/api/v1/review/questionnaire", nil), 200)
	x := w.call(t, co, http.MethodPost, "/api/v1/reviews", good)
	want(t, x, 201)
	id := decode[ReviewResult](t, x).ID
	for _, c := range []struct {
		method, path string
		who          as
		b            *body
		status       int
	}{
		{http.MethodPost, "/api/v1/reviews", co, jsonOf(map[string]any{"version": "0"}), 400},
		{http.MethodPost, "/api/v1/reviews", cross, good, 403},
		{http.MethodPost, "/api/v1/reviews", co, huge, 413},
		{http.MethodPost, "/api/v1/reviews", co, &body{ctype: "text/plain", data: []byte("version: x")}, 415},
		{http.MethodGet, "/api/v1/reviews", co, nil, 200},
		{http.MethodGet, fmt.Sprintf("/api/v1/reviews/%d", id), co, nil, 200},
		{http.MethodGet, fmt.Sprintf("/api/v1/reviews/%d?format=docx", id), co, nil, 400},
		{http.MethodGet, "/api/v1/reviews/999999", co, nil, 404},
		{http.MethodPost, "/api/v1/triage", co, jsonOf(triageDeal("Copperleaf Qubits Ltd")), 200},
		{http.MethodPost, "/api/v1/triage", co, jsonOf(map[string]any{"type": "merger"}), 400},
		{http.MethodPost, "/api/v1/triage", cross, jsonOf(triageDeal("Copperleaf Qubits Ltd")), 403},
		{http.MethodPost, "/api/v1/triage", co, huge, 413},
		{http.MethodPost, "/api/v1/triage", co, &body{ctype: "text/csv", data: []byte("a,b")}, 415},
	} {
		want(t, w.call(t, c.who, c.method, c.path, c.b), c.status)
	}
	want(t, empty.call(t, co, http.MethodPost, "/api/v1/triage", jsonOf(triageDeal("Copperleaf Qubits Ltd"))), 503)
}

// TestSelfReviewAPI takes the review twice as a company: the retake with
// better answers shows progress, both are listed, the report downloads
// as HTML and PDF, and another tenant cannot open them.
func TestSelfReviewAPI(t *testing.T) {
	w := newWorld(t, newEnv(t, true, nil), newSchemaChecker(t))
	co := as{who: "co.researcher"}
	x := w.call(t, co, http.MethodGet, "/api/v1/review/questionnaire", nil)
	want(t, x, 200)
	qn := decode[secure.Questionnaire](t, x)
	if len(qn.Principles) != 5 || qn.Principles[0].Questions[0].Help == "" {
		t.Fatalf("questionnaire: %d principles, first question %+v", len(qn.Principles), qn.Principles[0].Questions[0])
	}

	x = w.call(t, co, http.MethodPost, "/api/v1/reviews", jsonOf(answerAll(t, "Copperleaf Qubits Ltd", worst)))
	want(t, x, 201)
	first := decode[ReviewResult](t, x)
	if first.Review.Progress != nil || len(first.Review.Actions) == 0 || first.Review.Overall > 10 {
		t.Fatalf("first review: overall %d, %d actions, progress %+v", first.Review.Overall, len(first.Review.Actions), first.Review.Progress)
	}
	if loc := x.resp.Header.Get("Location"); loc != fmt.Sprintf("/api/v1/reviews/%d", first.ID) {
		t.Errorf("Location %q", loc)
	}

	// The retake as YAML, with better answers.
	better := answerAll(t, "Copperleaf Qubits Ltd", best)
	var y strings.Builder
	fmt.Fprintf(&y, "version: %q\ncompany: Copperleaf Qubits Ltd\nanswers:\n", better.Version)
	for id, v := range better.Answers {
		fmt.Fprintf(&y, "  %s: %s\n", id, v)
	}
	x = w.call(t, co, http.MethodPost, "/api/v1/reviews", &body{ctype: "application/yaml", data: []byte(y.String())})
	want(t, x, 201)
	second := decode[ReviewResult](t, x)
	p := second.Review.Progress
	if p == nil || p.OverallDelta <= 0 || p.PreviousOverall != first.Review.Overall || len(p.Done) != len(first.Review.Actions) {
		t.Fatalf("retake: overall %d → %d, progress %+v", first.Review.Overall, second.Review.Overall, p)
	}

	x = w.call(t, co, http.MethodGet, "/api/v1/reviews", nil)
	want(t, x, 200)
	if l := decode[reviewList](t, x); len(l.Reviews) != 2 || l.Reviews[0].ID != second.ID || l.Reviews[1].ID != first.ID {
		t.Fatalf("history %+v", l)
	}
	// The stored second review still knows its progress since the first.
	x = w.call(t, co, http.MethodGet, fmt.Sprintf("/api/v1/reviews/%d", second.ID), nil)
	want(t, x, 200)
	if got := decode[ReviewResult](t, x); got.Review.Progress == nil || got.Review.Progress.OverallDelta != p.OverallDelta {
		t.Errorf("stored review's progress %+v, want delta %d", got.Review.Progress, p.OverallDelta)
	}
	x = w.call(t, co, http.MethodGet, fmt.Sprintf("/api/v1/reviews/%d?format=pdf", second.ID), nil)
	want(t, x, 200)
	if !bytes.HasPrefix(x.body, []byte("%PDF-")) || x.resp.Header.Get("Content-Type") != mediaPDF {
		t.Errorf("PDF report: %s, %.20q", x.resp.Header.Get("Content-Type"), x.body)
	}
	x = w.call(t, co, http.MethodGet, fmt.Sprintf("/api/v1/reviews/%d?format=html", second.ID), nil)
	want(t, x, 200)
	if !bytes.Contains(x.body, []byte("Copperleaf Qubits Ltd")) || !strings.HasPrefix(x.resp.Header.Get("Content-Type"), "text/html") {
		t.Errorf("HTML report: %s %.200s", x.resp.Header.Get("Content-Type"), x.body)
	}

	// Another tenant sees neither the review nor its history.
	want(t, w.call(t, as{who: "a.officer"}, http.MethodGet, fmt.Sprintf("/api/v1/reviews/%d", second.ID), nil), 404)
	x = w.call(t, as{who: "a.officer"}, http.MethodGet, "/api/v1/reviews", nil)
	want(t, x, 200)
	if l := decode[reviewList](t, x); len(l.Reviews) != 0 {
		t.Errorf("Alpha sees reviews %+v", l)
	}
}

// TestSelfReviewRejectsBadAnswers sends an answer set with a wrong
// version, an unknown question and an invalid answer: one 400 names each.
func TestSelfReviewRejectsBadAnswers(t *testing.T) {
	w := newWorld(t, newEnv(t, true, nil), newSchemaChecker(t))
	a := answerAll(t, "Copperleaf Qubits Ltd", best)
	var some string
	for id := range a.Answers {
		some = id
		break
	}
	a.Answers[some] = "maybe"
	a.Answers["no_such_question"] = "yes"
	a.Version = "0.0-old"
	x := w.call(t, as{who: "co.officer"}, http.MethodPost, "/api/v1/reviews", jsonOf(a))
	want(t, x, 400)
	p := decode[Problem](t, x)
	ptrs := map[string]bool{}
	for _, e := range p.Errors {
		ptrs[e.Pointer] = true
	}
	for _, ptr := range []string{"#/version", "#/answers/" + some, "#/answers/no_such_question"} {
		if !ptrs[ptr] {
			t.Errorf("no problem at %s: %+v", ptr, p.Errors)
		}
	}
	x = w.call(t, as{who: "co.officer"}, http.MethodGet, "/api/v1/reviews", nil)
	if l := decode[reviewList](t, x); len(l.Reviews) != 0 {
		t.Errorf("a refused answer set was stored: %+v", l)
	}
}

// quantumLists are invented lists for the triage: a sanctioned holding
// company that owns a fund (an FtM-style ownership relation), and a
// listed person who shares a director's name but not their country.
var quantumLists = store.ListImport{
	List: "test:ownership", Format: "ftm", Source: "fixture",
	Now: time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC),
	Entities: []watchlist.Entity{
		{
			SourceID: "own-holding", Kind: watchlist.KindOrganization,
			Names:       []watchlist.Name{{Value: "Northgale Strategic Holdings", Kind: watchlist.NamePrimary}},
			Countries:   []string{"xa"},
			Memberships: []watchlist.Membership{{List: "Invented Sanctions", Program: "INVENTED-1"}},
		},
		{
			SourceID: "own-fund", Kind: watchlist.KindOrganization,
			Names:     []watchlist.Name{{Value: "Brackenridge Frontier Capital Fund", Kind: watchlist.NamePrimary}},
			Countries: []string{"lu"},
			Relations: []watchlist.Relation{{Type: watchlist.RelOwner, Target: "own-holding", Role: "owned by"}},
		},
		{
			SourceID: "own-person", Kind: watchlist.KindPerson,
			Names:       []watchlist.Name{{Value: "Imogen Hartsell", Kind: watchlist.NamePrimary}},
			Countries:   []string{"xa"},
			Attributes:  map[string][]string{"date_of_birth": {"1961-04-02"}},
			Memberships: []watchlist.Membership{{List: "Invented Sanctions", Program: "INVENTED-1"}},
		},
	},
}

// TestTriageAPI triages an invented quantum deal whose investor is owned
// by a listed entity: it may be notifiable and has an ownership hit. A bad
// deal lists every problem.
func TestTriageAPI(t *testing.T) {
	e := newEnv(t, false, nil)
	e.load(quantumLists)
	w := newWorld(t, e, newSchemaChecker(t))
	deal := `company: {name: "Qubitfen Ltd", country: GB}
type: investment
product: >-
  Superconducting qubit processors and cryogenic control electronics for
  quantum computing, with error correction for fault-tolerant quantum computers.
counterparties:
  - {name: "Brackenridge Frontier Capital Fund", role: investor, country: LU, stake_percent: 30, board_seat: true}
  - {name: "Imogen Hartsell", role: director, country: GB}
`
	for _, who := range []string{"co.officer", "a.researcher"} { // companies and organisations alike
		x := w.call(t, as{who: who}, http.MethodPost, "/api/v1/triage", &body{ctype: "application/yaml", data: []byte(deal)})
		want(t, x, 200)
		tr := decode[secure.Triage](t, x)
		if !tr.Flags.MayBeNotifiable || !tr.Flags.OwnershipHit || tr.Flags.ListHit || !tr.Flags.WeakMatch {
			t.Errorf("as %s: flags %+v, want may be notifiable, an ownership hit and the director as a weak match, no list hit", who, tr.Flags)
		}
		var path bool
		for _, f := range tr.Findings {
			if f.Kind == secure.FindOwnershipHit && strings.Contains(fmt.Sprint(f.Evidence, f.Detail), "Northgale Strategic Holdings") {
				path = true
			}
		}
		if !path || len(tr.NextSteps) == 0 {
			t.Errorf("as %s: ownership finding naming the owner %v, next steps %d: %+v", who, path, len(tr.NextSteps), tr.Findings)
		}
	}
	x := w.call(t, as{who: "co.officer"}, http.MethodPost, "/api/v1/triage", jsonOf(map[string]any{
		"company": map[string]string{"name": ""}, "type": "merger", "product": "",
		"counterparties": []map[string]any{{"name": "X", "role": "landlord", "stake_percent": 140}}}))
	want(t, x, 400)
	if p := decode[Problem](t, x); len(p.Errors) < 3 {
		t.Errorf("want every problem listed, got %+v", p.Errors)
	}
}

// TestCompanyTenantForbidden checks a company's users are refused the
// organisation features with a message that says why, and may use the
// self-review, triage and their own account.
func TestCompanyTenantForbidden(t *testing.T) {
	w := newWorld(t, newEnv(t, true, nil, func(c *Config) { c.Private = true }), newSchemaChecker(t))
	co := as{who: "co.admin"}
	for _, c := range []struct{ method, path string }{
		{http.MethodGet, "/api/v1/screen?name=NUDT"},
		{http.MethodGet, "/api/v1/tenants"},
		{http.MethodGet, "/api/v1/policy"},
		{http.MethodGet, "/api/v1/alerts"},
		{http.MethodGet, "/api/v1/portfolio/runs"},
		{http.MethodGet, "/api/v1/lists"},
	} {
		x := w.call(t, co, c.method, c.path, nil)
		want(t, x, 403)
		if p := decode[Problem](t, x); !strings.Contains(p.Detail, "company tenants may use only") {
			t.Errorf("%s %s: detail %q does not say why", c.method, c.path, p.Detail)
		}
	}
	for _, path := range []string{"/screen", "/queue", "/lists", "/orgs"} {
		x := w.call(t, co, http.MethodGet, path, nil)
		want(t, x, 403)
		if !bytes.Contains(x.body, []byte("company tenants may use only")) || !bytes.Contains(x.body, []byte(`href="/review"`)) {
			t.Errorf("page %s does not say why or offers no way on: %.300s", path, x.body)
		}
	}
	for _, path := range []string{"/api/v1/me", "/api/v1/review/questionnaire", "/api/v1/reviews", "/api/v1/cases", "/api/v1/tokens"} {
		want(t, w.call(t, co, http.MethodGet, path, nil), 200)
	}
	x := w.call(t, co, http.MethodGet, "/admin", nil)
	want(t, x, 200)
	if bytes.Contains(x.body, []byte(`action="/admin/policy"`)) {
		t.Error("a company admin is offered the assessment policy, which they may not set")
	}
	// The dashboard offers the company's features and links to no
	// organisation feature.
	x = w.call(t, co, http.MethodGet, "/", nil)
	want(t, x, 200)
	for _, link := range []string{`href="/review"`, `href="/triage"`} {
		if !bytes.Contains(x.body, []byte(link)) {
			t.Errorf("company dashboard lacks %s", link)
		}
	}
	for _, link := range []string{`href="/reports/portfolio"`, `href="/cases/export.csv"`, `href="/screen"`, `href="/lists"`} {
		if bytes.Contains(x.body, []byte(link)) {
			t.Errorf("company dashboard links to %s", link)
		}
	}
}

// BenchmarkSecureAPI measures a self-review submission (score, compare
// with the last review, store) and a deal triage over loopback HTTP with
// SQLite.
func BenchmarkSecureAPI(b *testing.B) {
	e := newEnv(b, false, nil)
	e.load(quantumLists)
	w := newWorld(b, e, nil)
	co := as{who: "co.officer"}
	review := jsonOf(answerAll(b, "Copperleaf Qubits Ltd", best))
	deal := jsonOf(map[string]any{"company": map[string]string{"name": "Qubitfen Ltd", "country": "GB"}, "type": "investment",
		"product":        "Superconducting qubit processors for quantum computing.",
		"counterparties": []map[string]any{{"name": "Brackenridge Frontier Capital Fund", "role": "investor", "country": "LU", "stake_percent": 30}}})
	b.Run("review", func(b *testing.B) {
		for b.Loop() {
			if x := w.call(b, co, http.MethodPost, "/api/v1/reviews", review); x.status != 201 {
				b.Fatalf("status %d", x.status)
			}
		}
	})
	b.Run("triage", func(b *testing.B) {
		for b.Loop() {
			if x := w.call(b, co, http.MethodPost, "/api/v1/triage", deal); x.status != 200 {
				b.Fatalf("status %d", x.status)
			}
		}
	})
}

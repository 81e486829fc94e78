package web

import (
	"bytes"
	"fmt"
	"github.com/collabcheck/collabcheck/internal/report/pdftext"
	"net/http"
	"strings"
	"testing"

	"github.com/collabcheck/collabcheck/internal/cases"
	"github.com/collabcheck/collabcheck/internal/secure"
)

// reviewFormOf is the review page's form filled with a's answers.
func reviewFormOf(a secure.AnswerSet) *body {
	kv := []string{"company", a.Company}
	for id, v := range a.Answers {
		kv = append(kv, "q."+id, v)
	}
	return formOf(kv...)
}

// securePageMatrixEntries are the self-review and triage pages in the
// isolation matrix: the company's review and its reports answer 404 to
// every other tenant (others).
func (w *world) securePageMatrixEntries(coReview int64, others map[string]int) map[string]matrixEntry {
	fixed := func(p string) func(cases.Case) string { return func(cases.Case) string { return p } }
	good := reviewFormOf(answerAll(w.t, "Matrix review", best))
	deal := formOf("company", "Matrix Orchards Ltd", "type", "partnership", "product", "Irrigation scheduling software for orchards.",
		"cp.name.0", "Fenwick Orchard Cooperative", "cp.role.0", "partner", "cp.country.0", "NZ", "rows", "4")
	rid := func(suffix string) func(cases.Case) string {
		return fixed(fmt.Sprintf("/reviews/%d%s", coReview, suffix))
	}
	return map[string]matrixEntry{
		"GET /review":                   {target: fixed("/review")},
		"POST /review":                  {target: fixed("/review"), ok: http.StatusSeeOther, body: func(cases.Case, string) *body { return good }},
		"GET /reviews":                  {target: fixed("/reviews")},
		"GET /reviews/{id}":             {target: rid(""), except: others},
		"GET /reviews/{id}/report.html": {target: rid("/report.html"), except: others},
		"GET /reviews/{id}/report.pdf":  {target: rid("/report.pdf"), except: others},
		"GET /triage":                   {target: fixed("/triage")},
		"POST /triage":                  {target: fixed("/triage"), body: func(cases.Case, string) *body { return deal }},
		"POST /triage/report.html":      {target: fixed("/triage/report.html"), body: func(cases.Case, string) *body { return deal }},
		"POST /triage/report.pdf":       {target: fixed("/triage/report.pdf"), body: func(cases.Case, string) *body { return deal }},
	}
}

// TestReviewPages takes the review through the pages as a company user:
// the form groups the questions by principle with their help and labels,
// a form with missing answers comes back with an error at each, and two
// submissions show the maturity chart, the action plan and the progress.
func TestReviewPages(t *testing.T) {
	w := newWorld(t, newEnv(t, true, nil), nil)
	co := as{who: "co.researcher"}
	qn, err := secure.DefaultQuestionnaire()
	if err != nil {
		t.Fatal(err)
	}
	x := w.call(t, co, http.MethodGet, "/review", nil)
	want(t, x, 200)
	page := string(x.body)
	for _, p := range qn.Principles {
		q := p.Questions[0]
		for _, s := range []string{"<legend>", p.Title, `id="q.` + q.ID + `-help"`, `<label for="q.` + q.ID + `-`} {
			if !strings.Contains(page, s) {
				t.Errorf("review form lacks %q", s)
			}
		}
	}
	if strings.Contains(page, "<script") || !strings.Contains(page, `href="/triage"`) || strings.Contains(page, `href="/screen"`) {
		t.Errorf("review page: script, or the navigation does not suit a company")
	}

	// Missing answers: the form comes back, with the given answers kept.
	a := answerAll(t, "Copperleaf Qubits Ltd", worst)
	var dropped string
	for id := range a.Answers {
		if q, _ := qn.Question(id); q.IsRequired() {
			dropped = id
			delete(a.Answers, id)
			break
		}
	}
	x = w.call(t, co, http.MethodPost, "/review", reviewFormOf(a))
	want(t, x, 400)
	if !bytes.Contains(x.body, []byte("Answer this question.")) || !bytes.Contains(x.body, []byte(`id="q.`+dropped+`" aria-invalid="true"`)) {
		t.Errorf("missing answer %s not marked: %.2000s", dropped, x.body)
	}

	a.Answers[dropped] = worst(*mustQuestion(t, qn, dropped))
	x = w.call(t, co, http.MethodPost, "/review", reviewFormOf(a))
	want(t, x, http.StatusSeeOther)
	first := x.resp.Header.Get("Location")
	x = w.call(t, co, http.MethodGet, first, nil)
	want(t, x, 200)
	for _, s := range []string{"<svg", "Maturity by principle", "Action plan", `/report.pdf"`} {
		if !bytes.Contains(x.body, []byte(s)) {
			t.Errorf("first result lacks %q", s)
		}
	}
	if bytes.Contains(x.body, []byte("Progress since")) {
		t.Error("the first review shows progress")
	}
	x = w.call(t, co, http.MethodPost, "/review", reviewFormOf(answerAll(t, "Copperleaf Qubits Ltd", best)))
	want(t, x, http.StatusSeeOther)
	x = w.call(t, co, http.MethodGet, x.resp.Header.Get("Location"), nil)
	want(t, x, 200)
	if !bytes.Contains(x.body, []byte("Progress since")) || !bytes.Contains(x.body, []byte("Done since")) {
		t.Errorf("the retake shows no progress: %.3000s", x.body)
	}
	x = w.call(t, co, http.MethodGet, "/reviews", nil)
	want(t, x, 200)
	if n := bytes.Count(x.body, []byte(`/report.pdf"`)); n != 2 {
		t.Errorf("history lists %d reviews, want 2", n)
	}
	x = w.call(t, co, http.MethodGet, first+"/report.pdf", nil)
	want(t, x, 200)
	if !bytes.HasPrefix(x.body, []byte("%PDF-")) {
		t.Errorf("PDF report starts %.10q", x.body)
	}
	// Another tenant cannot open the review.
	want(t, w.call(t, as{who: "a.officer"}, http.MethodGet, first, nil), 404)
}

func mustQuestion(t *testing.T, qn *secure.Questionnaire, id string) *secure.Question {
	t.Helper()
	q, ok := qn.Question(id)
	if !ok {
		t.Fatalf("no question %s", id)
	}
	return q
}

// TestTriagePage triages the invented quantum deal through the form: the
// result shows both flags and next steps; a form with a bad deal type and
// no product comes back with errors at those fields.
func TestTriagePage(t *testing.T) {
	e := newEnv(t, false, nil)
	e.load(quantumLists)
	w := newWorld(t, e, nil)
	co := as{who: "co.officer"}
	x := w.call(t, co, http.MethodGet, "/triage", nil)
	want(t, x, 200)
	for _, s := range []string{`<label for="product">`, `<label for="cp.role.0">`, `<label for="cp.stake_percent.3">`, `<label for="type">`} {
		if !bytes.Contains(x.body, []byte(s)) {
			t.Errorf("triage form lacks %s", s)
		}
	}
	x = w.call(t, co, http.MethodPost, "/triage", formOf("company", "Qubitfen Ltd", "company_country", "GB", "type", "investment",
		"product", "Superconducting qubit processors and cryogenic control electronics for quantum computing, with error correction for fault-tolerant quantum computers.",
		"rows", "4", "cp.name.0", "Brackenridge Frontier Capital Fund", "cp.role.0", "investor", "cp.country.0", "LU", "cp.stake_percent.0", "30", "cp.board_seat.0", "1",
		"cp.name.1", "Imogen Hartsell", "cp.role.1", "director", "cp.country.1", "GB"))
	want(t, x, 200)
	for _, s := range []string{"May be notifiable", "owned by a listed party", "Northgale Strategic Holdings", "Next steps", "Weak matches for a person to review", "for human review"} {
		if !bytes.Contains(x.body, []byte(s)) {
			t.Errorf("triage result lacks %q", s)
		}
	}
	if !bytes.Contains(x.body, []byte(`formaction="/triage/report.pdf"`)) {
		t.Error("the triage result offers no report download")
	}
	// The download buttons send the deal again and answer the report.
	deal := []string{"company", "Qubitfen Ltd", "company_country", "GB", "type", "investment",
		"product", "Superconducting qubit processors and cryogenic control electronics for quantum computing.",
		"rows", "4", "cp.name.0", "Brackenridge Frontier Capital Fund", "cp.role.0", "investor", "cp.country.0", "LU", "cp.stake_percent.0", "30"}
	x = w.call(t, co, http.MethodPost, "/triage/report.pdf", formOf(deal...))
	want(t, x, 200)
	if ct := x.resp.Header.Get("Content-Type"); ct != mediaPDF || !strings.Contains(x.resp.Header.Get("Content-Disposition"), "triage.pdf") {
		t.Fatalf("PDF download: %s, %s", ct, x.resp.Header.Get("Content-Disposition"))
	}
	if text, err := pdftext.Extract(x.body); err != nil || !strings.Contains(text, "Qubitfen") || !strings.Contains(text, "notifiable") {
		t.Errorf("triage PDF (%v) lacks the company or the notifiable flag: %.500s", err, text)
	}
	x = w.call(t, co, http.MethodPost, "/triage/report.html", formOf(deal...))
	want(t, x, 200)
	if !bytes.Contains(x.body, []byte("Qubitfen")) || x.resp.Header.Get("Content-Security-Policy") != reportCSP {
		t.Errorf("triage HTML report (CSP %q): %.500s", x.resp.Header.Get("Content-Security-Policy"), x.body)
	}
	x = w.call(t, co, http.MethodPost, "/triage", formOf("company", "Qubitfen Ltd", "type", "merger", "rows", "4",
		"cp.name.0", "Someone", "cp.role.0", "investor", "cp.stake_percent.0", "lots"))
	want(t, x, 400)
	if !bytes.Contains(x.body, []byte(`id="cp.stake_percent.0-err"`)) {
		t.Errorf("bad stake not marked: %.2000s", x.body)
	}
	x = w.call(t, co, http.MethodPost, "/triage", formOf("company", "Qubitfen Ltd", "type", "merger", "rows", "4"))
	want(t, x, 400)
	if !bytes.Contains(x.body, []byte("deal type")) || !bytes.Contains(x.body, []byte("product")) {
		t.Errorf("bad type and missing product not reported: %.3000s", x.body)
	}
	x = w.call(t, co, http.MethodPost, "/triage", formOf("company", "Qubitfen Ltd", "rows", "4", "more", "1"))
	want(t, x, 200)
	if !bytes.Contains(x.body, []byte(`name="cp.name.7"`)) {
		t.Error("more rows were not added")
	}
}

package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/collabcheck/collabcheck/internal/report/pdftext"
	"github.com/collabcheck/collabcheck/internal/secure"
)

// sampleReview scores invented answers (all best except a few) and
// compares them with an earlier review.
func sampleReview(t *testing.T) secure.Review {
	t.Helper()
	qn, err := secure.DefaultQuestionnaire()
	if err != nil {
		t.Fatal(err)
	}
	answers := func(override map[string]string) secure.AnswerSet {
		a := secure.AnswerSet{Version: qn.Version, Company: "Qubitline Ltd", Date: "2026-11-29", Answers: map[string]string{}}
		for _, pr := range qn.Principles {
			for _, q := range pr.Questions {
				a.Answers[q.ID] = q.Valid()[0]
				if q.Kind == secure.KindChoice {
					a.Answers[q.ID] = q.Choices[len(q.Choices)-1].ID
				}
			}
		}
		a.Answers["growth_export_process"] = "compliance_process"
		for k, v := range override {
			a.Answers[k] = v
		}
		return a
	}
	prev, err := secure.Score(qn, answers(map[string]string{"env_mfa": "no", "ip_strategy": "no"}))
	if err != nil {
		t.Fatal(err)
	}
	prev.Date = "2026-05-01"
	cur, err := secure.Score(qn, answers(map[string]string{"ip_strategy": "partly", "threats_assets": "no"}))
	if err != nil {
		t.Fatal(err)
	}
	secure.Compare(&cur, prev)
	return cur
}

// reviewTexts must appear in both formats, the first action (highest
// rank: threats_assets, 3×5×1) before the second (ip_strategy, 3×5×0.5).
var reviewTexts = []string{
	"Qubitline Ltd", "Know the threats", "Secure growth: investment, export and expansion",
	"List your most valuable assets and who holds them", "Agree an IP strategy with an adviser",
	"Progress since 2026-05-01", "Turn on multi-factor authentication for every key account", // done since: env_mfa is no longer in the plan
}

func TestReviewHTML(t *testing.T) {
	r := sampleReview(t)
	var b bytes.Buffer
	if err := WriteReviewHTML(&b, ReviewReport{Review: r, Tenant: "Qubitline", Generated: t0}); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, want := range reviewTexts {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if i, j := strings.Index(html, "List your most valuable assets"), strings.Index(html, "Agree an IP strategy"); i < 0 || j < i {
		t.Errorf("action plan out of rank order (%d, %d)", i, j)
	}
	if strings.Contains(html, "<script") {
		t.Error("report must not contain scripts")
	}
}

func TestReviewPDF(t *testing.T) {
	r := sampleReview(t)
	var a, b bytes.Buffer
	if err := WriteReviewPDF(&a, ReviewReport{Review: r, Generated: t0}); err != nil {
		t.Fatal(err)
	}
	if err := WriteReviewPDF(&b, ReviewReport{Review: r, Generated: t0}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same review gave different PDF bytes")
	}
	text, err := pdftext.Extract(a.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	got := squash(text)
	for _, want := range reviewTexts {
		if !strings.Contains(got, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("PDF text:\n%s", text)
	}
}

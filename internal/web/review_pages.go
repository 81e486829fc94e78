package web

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"strings"

	"github.com/collabcheck/collabcheck/internal/report/chart"
	"github.com/collabcheck/collabcheck/internal/secure"
	"github.com/collabcheck/collabcheck/internal/ui"
)

// securePageRoutes are the self-review and triage pages.
func (s *server) securePageRoutes() []route {
	const get, post = http.MethodGet, http.MethodPost
	return []route{
		{Method: get, Path: "/review", Strict: true, Access: signedIn, Kinds: companyKinds, Page: true, handle: s.pageReview},
		{Method: post, Path: "/review", Strict: true, Access: signedIn, Kinds: companyKinds, Page: true, handle: s.pageReviewSubmit},
		{Method: get, Path: "/reviews", Strict: true, Access: signedIn, Kinds: companyKinds, Page: true, handle: s.pageReviews},
		{Method: get, Path: "/reviews/{id}", Strict: true, Access: signedIn, Kinds: companyKinds, Page: true, handle: s.pageReviewResult},
		{Method: get, Path: "/reviews/{id}/report.html", Strict: true, Access: signedIn, Kinds: companyKinds, Page: true, handle: s.pageReviewReport(false)},
		{Method: get, Path: "/reviews/{id}/report.pdf", Strict: true, Access: signedIn, Kinds: companyKinds, Page: true, handle: s.pageReviewReport(true)},
		{Method: get, Path: "/triage", Strict: true, Access: signedIn, Kinds: companyKinds, Page: true, handle: s.pageTriage},
		{Method: post, Path: "/triage", Strict: true, Access: signedIn, Kinds: companyKinds, Page: true, handle: s.pageTriageSubmit(triageOnPage)},
		{Method: post, Path: "/triage/report.html", Strict: true, Access: signedIn, Kinds: companyKinds, Page: true, handle: s.pageTriageSubmit(triageHTML)},
		{Method: post, Path: "/triage/report.pdf", Strict: true, Access: signedIn, Kinds: companyKinds, Page: true, handle: s.pageTriageSubmit(triagePDF)},
	}
}

// reviewFormView is the questionnaire as the review page shows it.
type reviewFormView struct {
	Questionnaire *secure.Questionnaire
	// Answers maps each choice and scale answer a question offers to its
	// label, per question id.
	Options map[string][]answerOption
}

// answerOption is one radio button of a question.
type answerOption struct {
	Value, Label string
}

func reviewForm(qn *secure.Questionnaire) reviewFormView {
	v := reviewFormView{Questionnaire: qn, Options: map[string][]answerOption{}}
	scale := map[string]string{secure.AnswerYes: "Yes", secure.AnswerPartly: "Partly", secure.AnswerNo: "No", secure.AnswerNA: "Not applicable"}
	for _, p := range qn.Principles {
		for _, q := range p.Questions {
			var opts []answerOption
			if q.Kind == secure.KindChoice {
				for _, c := range q.Choices {
					opts = append(opts, answerOption{c.ID, c.Label})
				}
			} else {
				for _, a := range q.Valid() {
					opts = append(opts, answerOption{a, scale[a]})
				}
			}
			v.Options[q.ID] = opts
		}
	}
	return v
}

// pageReview shows the questionnaire as a form.
func (s *server) pageReview(w http.ResponseWriter, r *http.Request, _ query) error {
	qn, err := secure.DefaultQuestionnaire()
	if err != nil {
		return fmt.Errorf("embedded questionnaire: %w", err)
	}
	p, err := principalOf(r)
	if err != nil {
		return err
	}
	form := map[string]string{"company": p.Tenant.Name}
	return s.page(w, r, http.StatusOK, "review", "Secure innovation self-review", ui.Page{Data: reviewForm(qn), Form: form})
}

// pageReviewSubmit scores and stores the form's answers and shows the
// result; an incomplete or invalid form is shown again with every error
// by its question.
func (s *server) pageReviewSubmit(w http.ResponseWriter, r *http.Request, _ query) error {
	p, rv, err := s.reviewCaller(r)
	if err != nil {
		return err
	}
	qn, err := secure.DefaultQuestionnaire()
	if err != nil {
		return fmt.Errorf("embedded questionnaire: %w", err)
	}
	if prob := readForm(w, r); prob != nil {
		return prob
	}
	a := secure.AnswerSet{Version: qn.Version, Company: strings.TrimSpace(r.PostFormValue("company")), Answers: map[string]string{}}
	for _, pr := range qn.Principles {
		for _, q := range pr.Questions {
			if v := strings.TrimSpace(r.PostFormValue("q." + q.ID)); v != "" || q.IsRequired() {
				a.Answers[q.ID] = v
			}
		}
	}
	var fe ui.FormErrors
	if a.Company == "" {
		fe.Add("company", "Name the company the review is for.")
	}
	if err := a.Validate(qn); err != nil {
		var pe *secure.ParseError
		if !errors.As(err, &pe) {
			return err
		}
		for _, pr := range pe.Problems {
			field := strings.TrimPrefix(pr.Path, "answers.")
			if field == pr.Path {
				field = ""
			} else {
				field = "q." + field
			}
			msg := pr.Msg
			if strings.HasPrefix(msg, "no answer") {
				msg = "Answer this question."
			}
			fe.Add(field, msg)
		}
	}
	if fe.Any() {
		return s.page(w, r, http.StatusBadRequest, "review", "Secure innovation self-review",
			ui.Page{Data: reviewForm(qn), Form: formValues(r), Errors: fe})
	}
	res, err := s.saveReview(r, p, rv, qn, a)
	if err != nil {
		return err
	}
	return seeOther(w, r, fmt.Sprintf("/reviews/%d", res.ID))
}

// reviewResultView is a stored review as its page shows it.
type reviewResultView struct {
	Result ReviewResult
	Chart  template.HTML
	// Titles names each principle by id, for the progress table.
	Titles map[string]string
}

// pageReviewResult shows a review: maturity per principle as a chart and
// a table, the action plan, the progress since the review before it and
// the report downloads.
func (s *server) pageReviewResult(w http.ResponseWriter, r *http.Request, _ query) error {
	p, err := principalOf(r)
	if err != nil {
		return err
	}
	res, err := s.tenantReview(r, p)
	if err != nil {
		return err
	}
	v := reviewResultView{Result: res, Titles: map[string]string{}}
	var bars []chart.Bar
	var desc []string
	for _, ps := range res.Review.Principles {
		v.Titles[ps.ID] = ps.Title
		if ps.Applicable {
			bars = append(bars, chart.Bar{Label: ps.Title, Value: float64(ps.Score)})
			desc = append(desc, fmt.Sprintf("%s %d", ps.Title, ps.Score))
		}
	}
	if len(bars) > 0 {
		svg, err := chart.HTML(func(w io.Writer) error {
			return chart.BarChart(w, bars, chart.Options{Title: "Maturity by principle (0-100)", XLabel: "Maturity",
				Desc: "Maturity by principle out of 100: " + strings.Join(desc, "; "), ID: "maturity", Width: 560})
		})
		if err != nil {
			return fmt.Errorf("review %d: maturity chart: %w", res.ID, err)
		}
		v.Chart = ui.PresentationSVG(svg)
	}
	return s.page(w, r, http.StatusOK, "reviewresult", "Self-review results", ui.Page{Data: v})
}

// pageReviews lists the tenant's reviews.
func (s *server) pageReviews(w http.ResponseWriter, r *http.Request, _ query) error {
	p, rv, err := s.reviewCaller(r)
	if err != nil {
		return err
	}
	recs, err := rv.ListReviews(r.Context(), p.Tenant.ID, 0)
	if err != nil {
		return fmt.Errorf("reviews of tenant %d: %w", p.Tenant.ID, err)
	}
	list := make([]ReviewSummary, 0, len(recs))
	for _, rec := range recs {
		list = append(list, summaryOf(rec))
	}
	return s.page(w, r, http.StatusOK, "reviews", "Self-reviews", ui.Page{Data: list})
}

// pageReviewReport downloads a review's report.
func (s *server) pageReviewReport(pdf bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, _ query) error {
		p, err := principalOf(r)
		if err != nil {
			return err
		}
		res, err := s.tenantReview(r, p)
		if err != nil {
			return err
		}
		return writeReviewReport(w, p, res, pdf)
	}
}

package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/collabcheck/collabcheck/internal/auth"
	"github.com/collabcheck/collabcheck/internal/report"
	"github.com/collabcheck/collabcheck/internal/secure"
	"github.com/collabcheck/collabcheck/internal/store"
)

// companyKinds are the tenant kinds that may use the company features
// (the secure-innovation self-review and the economic-security triage):
// companies, for whom they are made, and organisations and adviser teams,
// whose staff take the review for a spin-out or triage a deal they are
// asked about.
var companyKinds = []auth.TenantKind{auth.Company, auth.Organisation, auth.AdviserTeam}

// secureRoutes are the self-review and triage routes of the API and the
// web pages.
func (s *server) secureRoutes() []route {
	const get, post = http.MethodGet, http.MethodPost
	return append([]route{
		{Method: get, Path: "/api/v1/review/questionnaire", Strict: true, Access: signedIn, Kinds: companyKinds, handle: s.questionnaire},
		{Method: post, Path: "/api/v1/reviews", Strict: true, Access: signedIn, Kinds: companyKinds, handle: s.submitReview},
		{Method: get, Path: "/api/v1/reviews", Strict: true, Access: signedIn, Kinds: companyKinds, handle: s.listReviews},
		{Method: get, Path: "/api/v1/reviews/{id}", Params: []string{"format"}, Strict: true, Access: signedIn, Kinds: companyKinds, handle: s.getReview},
		{Method: post, Path: "/api/v1/triage", Strict: true, Access: signedIn, Kinds: companyKinds, handle: s.triage},
	}, s.securePageRoutes()...)
}

// reviewStore returns the store's reviews, or the 503 problem when the
// server keeps none.
func (s *server) reviewStore() (store.Reviews, *Problem) {
	rv, ok := s.cw.(store.Reviews)
	if !ok || rv == nil {
		return nil, &Problem{Type: typeNoCasework, Status: http.StatusServiceUnavailable,
			Detail: "this server keeps no self-reviews (its store does not support them)"}
	}
	return rv, nil
}

// reviewCaller returns the signed-in caller and the review store, or the
// problem of a server that keeps no reviews.
func (s *server) reviewCaller(r *http.Request) (*principal, store.Reviews, error) {
	p, err := principalOf(r)
	if err != nil {
		return nil, nil, err
	}
	rv, prob := s.reviewStore()
	if prob != nil {
		return nil, nil, prob
	}
	return p, rv, nil
}

// questionnaire answers the current self-review questionnaire.
func (s *server) questionnaire(w http.ResponseWriter, r *http.Request, _ query) error {
	qn, err := secure.DefaultQuestionnaire()
	if err != nil {
		return fmt.Errorf("embedded questionnaire: %w", err)
	}
	s.writeJSON(w, r, http.StatusOK, qn)
	return nil
}

// ReviewResult is a stored self-review as the API answers it: its id,
// who took it and when, and the scored review with (when the tenant has
// an earlier review) the progress since.
type ReviewResult struct {
	ID        int64         `json:"id"`
	CreatedBy string        `json:"created_by"`
	CreatedAt time.Time     `json:"created_at"`
	Review    secure.Review `json:"review"`
}

// ReviewSummary is one line of a tenant's review history.
type ReviewSummary struct {
	ID                   int64     `json:"id"`
	Company              string    `json:"company"`
	QuestionnaireVersion string    `json:"questionnaire_version"`
	Overall              int       `json:"overall"`
	CreatedBy            string    `json:"created_by"`
	CreatedAt            time.Time `json:"created_at"`
}

// reviewList is the answer of GET /api/v1/reviews.
type reviewList struct {
	Reviews []ReviewSummary `json:"reviews"`
}

// secureProblem turns a secure.ParseError into a 400 listing every
// problem with its JSON pointer and line; other errors pass through.
func secureProblem(err error) error {
	var pe *secure.ParseError
	if !errors.As(err, &pe) {
		return err
	}
	errs := make([]FieldError, 0, len(pe.Problems)+1)
	for _, pr := range pe.Problems {
		ptr := pathPointer(pr.Path)
		d := fmt.Sprintf("body %s: %s", ptr, pr.Msg)
		if pr.Line > 0 {
			d = fmt.Sprintf("body %s (line %d): %s", ptr, pr.Line, pr.Msg)
		}
		errs = append(errs, FieldError{Pointer: ptr, Line: pr.Line, Detail: d})
	}
	if pe.More > 0 {
		errs = append(errs, FieldError{Pointer: "#", Detail: fmt.Sprintf("body #: %d more problems were found and not listed", pe.More)})
	}
	if len(errs) == 0 {
		errs = append(errs, bodyError("#", "is not valid"))
	}
	return badRequest(errs...)
}

// readDocument reads a JSON or YAML body and names it for the parsers,
// which pick the syntax by the name's extension or, without one, by the
// content.
func readDocument(w http.ResponseWriter, r *http.Request, what string) (string, []byte, error) {
	body, isYAML, prob := readBody(w, r, fmt.Sprintf("%s is at most %d bytes", what, secure.MaxFileBytes), true)
	if prob != nil {
		return "", nil, prob
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return "", nil, badRequest(bodyError("#", "is empty; send %s as a JSON object or YAML document", what))
	}
	name := "request.json"
	switch {
	case isYAML:
		name = "request.yaml"
	case r.Header.Get("Content-Type") == "":
		name = "request"
	}
	return name, body, nil
}

// submitReview scores an answer set, compares it with the tenant's last
// review, stores it and answers the scored review with its progress.
func (s *server) submitReview(w http.ResponseWriter, r *http.Request, _ query) error {
	p, rv, err := s.reviewCaller(r)
	if err != nil {
		return err
	}
	qn, err := secure.DefaultQuestionnaire()
	if err != nil {
		return fmt.Errorf("embedded questionnaire: %w", err)
	}
	name, body, err := readDocument(w, r, "an answer set")
	if err != nil {
		return err
	}
	a, err := secure.ParseAnswers(qn, name, body)
	if err != nil {
		return secureProblem(err)
	}
	res, err := s.saveReview(r, p, rv, qn, a)
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/reviews/%d", res.ID))
	s.writeJSON(w, r, http.StatusCreated, res)
	return nil
}

// saveReview scores a checked answer set, compares it with the tenant's
// latest review and stores it (without the progress, which is always
// recomputed against whatever came before).
func (s *server) saveReview(r *http.Request, p *principal, rv store.Reviews, qn *secure.Questionnaire, a secure.AnswerSet) (ReviewResult, error) {
	ctx := r.Context()
	now := time.Now().UTC()
	if a.Date == "" {
		a.Date = now.Format(time.DateOnly)
	}
	scored, err := secure.Score(qn, a)
	if err != nil {
		return ReviewResult{}, secureProblem(err)
	}
	answers, err := json.Marshal(a)
	if err != nil {
		return ReviewResult{}, fmt.Errorf("encode answers: %w", err)
	}
	result, err := json.Marshal(scored)
	if err != nil {
		return ReviewResult{}, fmt.Errorf("encode review: %w", err)
	}
	last, err := rv.LatestReview(ctx, p.Tenant.ID)
	switch {
	case errors.Is(err, store.ErrNotFound):
	case err != nil:
		return ReviewResult{}, fmt.Errorf("latest review of tenant %d: %w", p.Tenant.ID, err)
	default:
		prev, err := decodeReview(last)
		if err != nil {
			return ReviewResult{}, err
		}
		secure.Compare(&scored, prev)
	}
	rec, err := rv.SaveReview(ctx, store.ReviewRecord{TenantID: p.Tenant.ID, QuestionnaireVersion: scored.QuestionnaireVersion,
		Company: scored.Company, Overall: scored.Overall, Answers: string(answers), Result: string(result), CreatedBy: p.actor().String()})
	if err != nil {
		return ReviewResult{}, fmt.Errorf("store a review of tenant %d: %w", p.Tenant.ID, err)
	}
	return ReviewResult{ID: rec.ID, CreatedBy: actorName(rec.CreatedBy), CreatedAt: rec.CreatedAt, Review: scored}, nil
}

// decodeReview reads a stored review's scored result.
func decodeReview(rec store.ReviewRecord) (secure.Review, error) {
	var rev secure.Review
	if err := json.Unmarshal([]byte(rec.Result), &rev); err != nil {
		return rev, fmt.Errorf("stored review %d: %w", rec.ID, err)
	}
	if rev.Date == "" {
		rev.Date = rec.CreatedAt.Format(time.DateOnly)
	}
	return rev, nil
}

// listReviews answers the tenant's reviews, newest first.
func (s *server) listReviews(w http.ResponseWriter, r *http.Request, _ query) error {
	p, rv, err := s.reviewCaller(r)
	if err != nil {
		return err
	}
	recs, err := rv.ListReviews(r.Context(), p.Tenant.ID, 0)
	if err != nil {
		return fmt.Errorf("reviews of tenant %d: %w", p.Tenant.ID, err)
	}
	out := reviewList{Reviews: make([]ReviewSummary, 0, len(recs))}
	for _, rec := range recs {
		out.Reviews = append(out.Reviews, summaryOf(rec))
	}
	s.writeJSON(w, r, http.StatusOK, out)
	return nil
}

func summaryOf(rec store.ReviewRecord) ReviewSummary {
	return ReviewSummary{ID: rec.ID, Company: rec.Company, QuestionnaireVersion: rec.QuestionnaireVersion,
		Overall: rec.Overall, CreatedBy: actorName(rec.CreatedBy), CreatedAt: rec.CreatedAt}
}

// actorName is the name part of an actor string ("user:7 a@b.example" →
// "a@b.example"); other strings are returned as they are.
func actorName(a string) string {
	for i := 0; i < len(a); i++ {
		if a[i] == ' ' {
			return a[i+1:]
		}
	}
	return a
}

// tenantReview returns one of the caller's tenant's reviews with the
// progress since the review before it. A review of another tenant
// answers 404 exactly as one that does not exist.
func (s *server) tenantReview(r *http.Request, p *principal) (ReviewResult, error) {
	rv, prob := s.reviewStore()
	if prob != nil {
		return ReviewResult{}, prob
	}
	raw := r.PathValue("id")
	id, err := strconv.ParseInt(raw, 10, 64)
	notFound := &Problem{Type: typeNotFound, Status: http.StatusNotFound, Detail: fmt.Sprintf("no review %s", sanitize(raw))}
	if err != nil || id <= 0 {
		return ReviewResult{}, notFound
	}
	rec, prevRec, err := rv.Review(r.Context(), p.Tenant.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return ReviewResult{}, notFound
	}
	if err != nil {
		return ReviewResult{}, fmt.Errorf("review %d of tenant %d: %w", id, p.Tenant.ID, err)
	}
	rev, err := decodeReview(rec)
	if err != nil {
		return ReviewResult{}, err
	}
	if prevRec.ID != 0 {
		prev, err := decodeReview(prevRec)
		if err != nil {
			return ReviewResult{}, err
		}
		secure.Compare(&rev, prev)
	}
	return ReviewResult{ID: rec.ID, CreatedBy: actorName(rec.CreatedBy), CreatedAt: rec.CreatedAt, Review: rev}, nil
}

// getReview answers one review as JSON, or its report as HTML or PDF
// (?format=html|pdf).
func (s *server) getReview(w http.ResponseWriter, r *http.Request, q query) error {
	p, err := principalOf(r)
	if err != nil {
		return err
	}
	format := q["format"]
	switch format {
	case "", "json", "html", "pdf":
	default:
		return badRequest(paramError("format", "must be json, html or pdf, got %q", sanitize(format)))
	}
	res, err := s.tenantReview(r, p)
	if err != nil {
		return err
	}
	switch format {
	case "html", "pdf":
		return writeReviewReport(w, p, res, format == "pdf")
	}
	s.writeJSON(w, r, http.StatusOK, res)
	return nil
}

// writeReviewReport writes a review's report as PDF or self-contained
// HTML.
func writeReviewReport(w http.ResponseWriter, p *principal, res ReviewResult, pdf bool) error {
	rep := report.ReviewReport{Review: res.Review, Tenant: p.Tenant.Name, Generated: time.Now().UTC().Truncate(time.Second)}
	var buf bytes.Buffer
	if pdf {
		if err := report.WriteReviewPDF(&buf, rep); err != nil {
			return fmt.Errorf("review %d: PDF report: %w", res.ID, err)
		}
		return download(w, mediaPDF, fmt.Sprintf("review-%d.pdf", res.ID), buf.Bytes())
	}
	if err := report.WriteReviewHTML(&buf, rep); err != nil {
		return fmt.Errorf("review %d: HTML report: %w", res.ID, err)
	}
	w.Header().Set("Content-Security-Policy", reportCSP)
	return download(w, "text/html; charset=utf-8", "", buf.Bytes())
}

package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/collabcheck/collabcheck/internal/assess"
	"github.com/collabcheck/collabcheck/internal/assessing"
	"github.com/collabcheck/collabcheck/internal/audit"
	"github.com/collabcheck/collabcheck/internal/auth"
	"github.com/collabcheck/collabcheck/internal/cases"
	"github.com/collabcheck/collabcheck/internal/store"
)

// Case listing limits.
const (
	// DefaultCaseLimit is how many cases GET /api/v1/cases returns when
	// no limit is given; MaxCaseLimit is the most it returns at once.
	DefaultCaseLimit = 100
	MaxCaseLimit     = 1000
)

// overrideName is the name every tenant's policy override is parsed
// under. It is the same for all tenants, so that the parsed-policy cache
// (shared by identical sources) never shows one tenant's name to another.
const overrideName = "tenant override"

// caseProblem maps an error of the case workflow or the store to a
// problem: not visible → 404 (with a detail that names nothing of the
// case), role or workflow forbids → 403, wrong state → 409, bad input →
// 400, duplicate → 409. Anything else is returned as it is (a 500).
func caseProblem(err error) error {
	var p *Problem
	switch {
	case errors.As(err, &p):
		return p
	case errors.Is(err, cases.ErrNotFound), errors.Is(err, store.ErrNotFound):
		return &Problem{Type: typeNotFound, Status: http.StatusNotFound, Detail: "no case with this id is visible to you"}
	case errors.Is(err, cases.ErrForbidden):
		return forbidden(reason(err))
	case errors.Is(err, cases.ErrState):
		return &Problem{Type: typeConflict, Status: http.StatusConflict, Detail: reason(err)}
	case errors.Is(err, cases.ErrInvalid), errors.Is(err, store.ErrInvalid):
		return badRequest(bodyError("#", "%s", reason(err)))
	case errors.Is(err, store.ErrConflict):
		return &Problem{Type: typeConflict, Status: http.StatusConflict, Detail: "the request conflicts with what is stored: " + reason(err)}
	}
	return err
}

// caseOpPrefix matches the "case 12: submit: " and "update case 12: "
// prefixes of workflow errors, which the client already knows.
var caseOpPrefix = regexp.MustCompile(`^(update case \d+: )?(case \d+: [a-z]+: )?`)

// reason is an error's message without the case-and-operation prefix, as
// a problem's detail.
func reason(err error) string {
	return caseOpPrefix.ReplaceAllString(err.Error(), "")
}

// pathID reads a positive integer path parameter.
func pathID(r *http.Request, name string) (int64, *Problem) {
	v := r.PathValue(name)
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, badRequest(paramError(name, "must be a positive integer, got %q", sanitize(v)))
	}
	return id, nil
}

// visibleCase loads the case with the path's id as p may see it, or a
// 404 that says nothing of whether the id exists for someone else.
func (s *server) visibleCase(r *http.Request, p *principal) (cases.Case, error) {
	id, prob := pathID(r, "id")
	if prob != nil {
		return cases.Case{}, prob
	}
	c, err := s.cw.Case(r.Context(), p.Tenant.ID, id)
	if err == nil && !cases.CanView(&c, p.actor()) {
		err = cases.ErrNotFound
	}
	if err != nil {
		return cases.Case{}, caseProblem(fmt.Errorf("case %d: %w", id, err))
	}
	return c, nil
}

// errChanged is returned from an update when the case changed between the
// read a handler based its work on and the write.
var errChanged = errors.New("the case changed while this request was being served; load it again and retry")

// applyOp runs op on case c (already loaded and visible) in one write
// transaction with its audit entry, and answers the updated case. When
// version is not 0, the update fails with 409 if the stored case has moved
// on from it.
func (s *server) applyOp(w http.ResponseWriter, r *http.Request, p *principal, c cases.Case, version int, op cases.Op) error {
	out, err := s.updateCase(r, p, c, version, op)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, out)
	return nil
}

// updateCase is applyOp without the answer: the case pages apply their
// forms through it, so the API and the pages share one write path.
func (s *server) updateCase(r *http.Request, p *principal, c cases.Case, version int, op cases.Op) (cases.Case, error) {
	a := p.actor()
	out, err := s.cw.UpdateCase(r.Context(), p.Tenant.ID, c.ID, func(cur *cases.Case) (audit.Event, error) {
		if version != 0 && cur.Version != version {
			return audit.Event{}, errChanged
		}
		return cases.Apply(cur, a, op, time.Now())
	})
	if errors.Is(err, errChanged) {
		return cases.Case{}, &Problem{Type: typeConflict, Status: http.StatusConflict, Detail: errChanged.Error()}
	}
	if err != nil {
		return cases.Case{}, caseProblem(err)
	}
	return out, nil
}

// caseRequest is the common start of the case routes: the principal, the
// visible case and the body decoded into v (nil: no body, or an empty
// object, is accepted).
func (s *server) caseRequest(w http.ResponseWriter, r *http.Request, v any) (*principal, cases.Case, error) {
	p, err := principalOf(r)
	if err != nil {
		return nil, cases.Case{}, err
	}
	c, err := s.visibleCase(r, p)
	if err != nil {
		return nil, cases.Case{}, err
	}
	body, prob := readJSONBody(w, r, "a small JSON object")
	if prob != nil {
		return nil, cases.Case{}, prob
	}
	if v == nil {
		if len(bytes.TrimSpace(body)) == 0 {
			return p, c, nil
		}
		v = &struct{}{}
	}
	if prob := decodeStrict(body, v); prob != nil {
		return nil, cases.Case{}, prob
	}
	return p, c, nil
}

// parseProposal reads a collaboration (JSON or YAML) from the body and
// reports every problem in it, each with its pointer and line.
func parseProposal(w http.ResponseWriter, r *http.Request) (assess.Collaboration, error) {
	body, isYAML, prob := readBody(w, r, fmt.Sprintf("a proposal is at most %d bytes", assess.MaxProposalBytes), true)
	if prob != nil {
		return assess.Collaboration{}, prob
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return assess.Collaboration{}, badRequest(bodyError("#", "is empty; send a collaboration as a JSON object or YAML document"))
	}
	name := "request.json"
	switch {
	case isYAML:
		name = "request.yaml"
	case r.Header.Get("Content-Type") == "":
		name = "request" // no media type: JSON when it looks like it, else YAML
	}
	c, err := assess.ParseCollaboration(name, body)
	if err != nil {
		return assess.Collaboration{}, parseProblem(err)
	}
	return c, nil
}

// parseProblem turns an assess.ParseError into a 400 listing every
// problem with its JSON pointer and line.
func parseProblem(err error) error {
	var pe *assess.ParseError
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

// pathPointer turns a document path ("partners[1].affiliations[0]") into a
// JSON pointer fragment ("#/partners/1/affiliations/0").
func pathPointer(path string) string {
	if path == "" {
		return "#"
	}
	var b strings.Builder
	b.WriteString("#")
	for _, part := range strings.Split(path, ".") {
		name, rest, _ := strings.Cut(part, "[")
		if name != "" {
			b.WriteString("/" + pointerToken(name))
		}
		for rest != "" {
			idx, after, _ := strings.Cut(rest, "]")
			b.WriteString("/" + pointerToken(idx))
			rest = strings.TrimPrefix(after, "[")
		}
	}
	return b.String()
}

func pointerToken(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// tenantPolicy returns the policy in force for a tenant: the default,
// merged with the tenant's override when it has one.
func (s *server) tenantPolicy(ctx context.Context, t auth.Tenant) (*assess.Policy, store.PolicyRecord, error) {
	rec, err := s.cw.TenantPolicy(ctx, t.ID)
	if errors.Is(err, store.ErrNotFound) {
		def := s.assessor.DefaultPolicy()
		return def, store.PolicyRecord{TenantID: t.ID, Version: def.Version}, nil
	}
	if err != nil {
		return nil, rec, fmt.Errorf("policy of tenant %d: %w", t.ID, err)
	}
	pol, err := s.assessor.Policy(overrideName, []byte(rec.Source))
	if err != nil {
		return nil, rec, fmt.Errorf("the stored policy of tenant %d no longer loads: %w", t.ID, err)
	}
	return pol, rec, nil
}

// assessFor assesses coll with the tenant's policy; before any list is
// loaded it answers 503, since screening against nothing would look clean.
func (s *server) assessFor(ctx context.Context, t auth.Tenant, coll assess.Collaboration) (assess.Assessment, error) {
	pol, _, err := s.tenantPolicy(ctx, t)
	if err != nil {
		return assess.Assessment{}, err
	}
	a, err := s.assessor.Assess(coll, pol)
	if errors.Is(err, assessing.ErrNoLists) {
		return a, notReady()
	}
	if err != nil {
		return a, fmt.Errorf("assess: %w", err)
	}
	return a, nil
}

// assessProposal answers POST /api/v1/assess: the assessment of a
// collaboration under the caller's tenant policy, storing nothing.
func (s *server) assessProposal(w http.ResponseWriter, r *http.Request, _ query) error {
	p, err := principalOf(r)
	if err != nil {
		return err
	}
	coll, err := parseProposal(w, r)
	if err != nil {
		return err
	}
	a, err := s.assessFor(r.Context(), p.Tenant, coll)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, a)
	return nil
}

// createCase answers POST /api/v1/cases: the collaboration is assessed
// and stored as a draft case of the caller's tenant.
func (s *server) createCase(w http.ResponseWriter, r *http.Request, _ query) error {
	p, err := principalOf(r)
	if err != nil {
		return err
	}
	if p.Tenant.Kind == auth.AdviserTeam {
		return forbidden("an adviser tenant does not own cases")
	}
	coll, err := parseProposal(w, r)
	if err != nil {
		return err
	}
	a, err := s.assessFor(r.Context(), p.Tenant, coll)
	if err != nil {
		return err
	}
	c, ev, err := cases.New(p.actor(), coll, a, time.Now())
	if err != nil {
		return caseProblem(err)
	}
	c, err = s.cw.CreateCase(r.Context(), c, ev)
	if err != nil {
		return caseProblem(err)
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/cases/%d", c.ID))
	s.writeJSON(w, r, http.StatusCreated, c)
	return nil
}

// caseList is the answer to GET /api/v1/cases.
type caseList struct {
	Cases  []cases.Summary `json:"cases"`
	Limit  int             `json:"limit"`
	Offset int             `json:"offset"`
}

// listCases answers GET /api/v1/cases with the summaries the caller may
// see: officers and admins all their tenant's cases, researchers the ones
// they proposed or are assigned, advisers (and adviser-tenant admins) the
// cases referred to their tenant.
func (s *server) listCases(w http.ResponseWriter, r *http.Request, q query) error {
	p, err := principalOf(r)
	if err != nil {
		return err
	}
	var errs []FieldError
	f := store.CaseFilter{Limit: DefaultCaseLimit}
	if v, ok := q["state"]; ok {
		for _, st := range strings.Split(v, ",") {
			st = strings.TrimSpace(st)
			if !cases.State(st).Valid() {
				errs = append(errs, paramError("state", "%q is not a state (want a comma-separated list of draft, submitted, in_review, referred, decided, closed)", sanitize(st)))
				continue
			}
			f.States = append(f.States, cases.State(st))
		}
	}
	mine := false
	if v, ok := q["mine"]; ok {
		b, err := strconv.ParseBool(v)
		if err != nil {
			errs = append(errs, paramError("mine", "must be true or false, got %q", sanitize(v)))
		}
		mine = b
	}
	if v, ok := q["queue"]; ok {
		if v != "referred" {
			errs = append(errs, paramError("queue", "must be referred (the cases referred to your tenant), got %q", sanitize(v)))
		}
		f.ReferredOnly = true
	}
	if v, ok := q["limit"]; ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxCaseLimit {
			errs = append(errs, paramError("limit", "must be an integer from 1 to %d, got %q", MaxCaseLimit, sanitize(v)))
		}
		f.Limit = n
	}
	if v, ok := q["offset"]; ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			errs = append(errs, paramError("offset", "must be an integer of at least 0, got %q", sanitize(v)))
		}
		f.Offset = n
	}
	if len(errs) > 0 {
		return badRequest(errs...)
	}
	out := caseList{Cases: []cases.Summary{}, Limit: f.Limit, Offset: f.Offset}
	list, err := s.visibleCases(r.Context(), p, f, mine)
	if err != nil {
		return err
	}
	out.Cases = append(out.Cases, list...)
	s.writeJSON(w, r, http.StatusOK, out)
	return nil
}

// visibleCases returns the summaries matching f that p may see, narrowed
// by p's role as listCases describes (mine: only the cases p proposed or
// is assigned). The dashboard and queue pages list cases through it.
func (s *server) visibleCases(ctx context.Context, p *principal, f store.CaseFilter, mine bool) ([]cases.Summary, error) {
	a := p.actor()
	empty := false
	switch a.Role {
	case auth.Researcher:
		mine = true
		f.OwnedOnly = true
	case auth.Officer:
		f.OwnedOnly = true
	case auth.Adviser:
		if p.Tenant.Kind == auth.AdviserTeam || f.ReferredOnly {
			f.ReferredOnly = true
		} else {
			empty = true // an adviser of an organisation sees no case
		}
	}
	if f.OwnedOnly && f.ReferredOnly {
		empty = true
	}
	if mine {
		f.CreatedBy, f.AssigneeID = a.UserID, a.UserID
	}
	if empty {
		return nil, nil
	}
	list, err := s.cw.Cases(ctx, p.Tenant.ID, f)
	if err != nil {
		return nil, fmt.Errorf("list cases: %w", err)
	}
	var out []cases.Summary
	for _, c := range list {
		if summaryVisible(c, a) {
			out = append(out, c)
		}
	}
	return out, nil
}

// summaryVisible is cases.CanView for a summary: a second guard, after the
// store's tenant scope and the filter, that a list never shows a case its
// page would refuse.
func summaryVisible(c cases.Summary, a cases.Actor) bool {
	switch {
	case c.TenantID == a.TenantID:
		switch a.Role {
		case auth.Officer, auth.Admin:
			return true
		case auth.Researcher:
			return c.CreatedBy == a.UserID || c.AssigneeID == a.UserID
		}
		return false
	case c.ReferredTo == a.TenantID:
		return a.Role == auth.Adviser || a.Role == auth.Admin
	}
	return false
}

// getCase answers GET /api/v1/cases/{id}.
func (s *server) getCase(w http.ResponseWriter, r *http.Request, _ query) error {
	p, err := principalOf(r)
	if err != nil {
		return err
	}
	c, err := s.visibleCase(r, p)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, c)
	return nil
}

// historyResponse is the answer to GET /api/v1/cases/{id}/history.
type historyResponse struct {
	CaseID  int64         `json:"case_id"`
	Entries []audit.Entry `json:"entries"`
}

// caseHistory answers GET /api/v1/cases/{id}/history: the audit entries
// about the case, oldest first. Users of another tenant (the owner's, seen
// by an adviser, or an adviser's, seen by the owner) appear by id only,
// without their email addresses.
func (s *server) caseHistory(w http.ResponseWriter, r *http.Request, _ query) error {
	p, err := principalOf(r)
	if err != nil {
		return err
	}
	c, err := s.visibleCase(r, p)
	if err != nil {
		return err
	}
	entries, err := s.historyOf(r.Context(), p, c)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, historyResponse{CaseID: c.ID, Entries: entries})
	return nil
}

// historyOf returns the audit entries about case c as p may read them
// (see caseHistory), for the API and the case page alike.
func (s *server) historyOf(ctx context.Context, p *principal, c cases.Case) ([]audit.Entry, error) {
	entries, err := s.cw.AuditFor(ctx, fmt.Sprintf("case:%d", c.ID))
	if err != nil {
		return nil, fmt.Errorf("history of case %d: %w", c.ID, err)
	}
	if entries == nil {
		entries = []audit.Entry{}
	}
	// Users are named by email only to their own tenant: an owner sees an
	// adviser's comments, and an adviser the owner's steps, by user id.
	users, err := s.acc.ListUsers(ctx, p.Tenant.ID)
	if err != nil {
		return nil, fmt.Errorf("history of case %d: users of tenant %d: %w", c.ID, p.Tenant.ID, err)
	}
	own := make(map[string]bool, len(users))
	for _, u := range users {
		own[fmt.Sprintf("user:%d", u.ID)] = true
	}
	for i := range entries {
		if id, _, ok := strings.Cut(entries[i].Actor, " "); ok && strings.HasPrefix(id, "user:") && !own[id] {
			entries[i].Actor = id
		}
	}
	return entries, nil
}

// reviseCase answers PUT /api/v1/cases/{id}/collaboration: the new
// collaboration is assessed (outside the write) and replaces the old.
func (s *server) reviseCase(w http.ResponseWriter, r *http.Request, _ query) error {
	p, err := principalOf(r)
	if err != nil {
		return err
	}
	c, err := s.visibleCase(r, p)
	if err != nil {
		return err
	}
	coll, err := parseProposal(w, r)
	if err != nil {
		return err
	}
	a, err := s.assessFor(r.Context(), p.Tenant, coll)
	if err != nil {
		return err
	}
	return s.applyOp(w, r, p, c, 0, cases.Revise{Collaboration: coll, Assessment: a})
}

// reassessCase answers POST /api/v1/cases/{id}/reassess: the stored
// collaboration is assessed again with the current lists and policy. The
// assessment runs before the write; if the collaboration changed
// meanwhile, the request fails with 409 rather than store an assessment
// of the wrong text.
func (s *server) reassessCase(w http.ResponseWriter, r *http.Request, _ query) error {
	p, c, err := s.caseRequest(w, r, nil)
	if err != nil {
		return err
	}
	if !p.User.Role.Can(auth.ReviewCase) || p.Tenant.ID != c.TenantID {
		return forbidden("only a research-security officer of the owning organisation may reassess a case")
	}
	a, err := s.assessFor(r.Context(), p.Tenant, c.Collaboration)
	if err != nil {
		return err
	}
	return s.applyOp(w, r, p, c, c.Version, cases.Reassess{Assessment: a})
}

func (s *server) submitCase(w http.ResponseWriter, r *http.Request, _ query) error {
	p, c, err := s.caseRequest(w, r, nil)
	if err != nil {
		return err
	}
	return s.applyOp(w, r, p, c, 0, cases.Submit{})
}

func (s *server) reviewCase(w http.ResponseWriter, r *http.Request, _ query) error {
	p, c, err := s.caseRequest(w, r, nil)
	if err != nil {
		return err
	}
	return s.applyOp(w, r, p, c, 0, cases.StartReview{})
}

func (s *server) closeCase(w http.ResponseWriter, r *http.Request, _ query) error {
	p, c, err := s.caseRequest(w, r, nil)
	if err != nil {
		return err
	}
	return s.applyOp(w, r, p, c, 0, cases.Close{})
}

// assignRequest is the body of POST /api/v1/cases/{id}/assign.
type assignRequest struct {
	UserID *int64 `json:"user_id"`
}

// assignCase answers POST /api/v1/cases/{id}/assign. The assignee must be
// a user of the owning organisation (else 400, the same answer whether
// the id exists elsewhere or not at all).
func (s *server) assignCase(w http.ResponseWriter, r *http.Request, _ query) error {
	var req assignRequest
	p, c, err := s.caseRequest(w, r, &req)
	if err != nil {
		return err
	}
	if req.UserID == nil {
		return badRequest(bodyError("#/user_id", "is required"))
	}
	if p.Tenant.ID != c.TenantID {
		return forbidden("only the owning organisation may assign its cases")
	}
	who, err := s.tenantPerson(r.Context(), c.TenantID, *req.UserID)
	if err != nil {
		return err
	}
	if who == nil {
		return badRequest(bodyError("#/user_id", "names no user of your organisation"))
	}
	return s.applyOp(w, r, p, c, 0, cases.Assign{Assignee: *who})
}

// tenantPerson returns the user id of tenant as a case participant, or
// nil when the tenant has no such user. The API's and the case page's
// assignment both look the assignee up through it.
func (s *server) tenantPerson(ctx context.Context, tenant, id int64) (*cases.Person, error) {
	users, err := s.acc.ListUsers(ctx, tenant)
	if err != nil {
		return nil, fmt.Errorf("users of tenant %d: %w", tenant, err)
	}
	for _, u := range users {
		if u.ID == id {
			return &cases.Person{UserID: u.ID, TenantID: u.TenantID, Name: u.Name, Role: u.Role}, nil
		}
	}
	return nil, nil
}

// commentRequest is the body of POST /api/v1/cases/{id}/comments.
type commentRequest struct {
	Text string `json:"text"`
}

func (s *server) commentCase(w http.ResponseWriter, r *http.Request, _ query) error {
	var req commentRequest
	p, c, err := s.caseRequest(w, r, &req)
	if err != nil {
		return err
	}
	if strings.TrimSpace(req.Text) == "" {
		return badRequest(bodyError("#/text", "is required"))
	}
	return s.applyOp(w, r, p, c, 0, cases.AddComment{Text: req.Text})
}

// checklistRequest is the body of PUT /api/v1/cases/{id}/checklist/{mitigation}.
type checklistRequest struct {
	Confirmed *bool  `json:"confirmed"`
	Note      string `json:"note"`
}

func (s *server) confirmMitigation(w http.ResponseWriter, r *http.Request, _ query) error {
	var req checklistRequest
	p, c, err := s.caseRequest(w, r, &req)
	if err != nil {
		return err
	}
	if req.Confirmed == nil {
		return badRequest(bodyError("#/confirmed", "is required (true or false)"))
	}
	return s.applyOp(w, r, p, c, 0, cases.ConfirmMitigation{MitigationID: r.PathValue("mitigation"), Confirmed: *req.Confirmed, Note: req.Note})
}

// referRequest is the body of POST /api/v1/cases/{id}/refer.
type referRequest struct {
	TenantID *int64 `json:"tenant_id"`
	Note     string `json:"note"`
}

// referCase answers POST /api/v1/cases/{id}/refer. The target must be an
// adviser tenant (else 400, the same answer for a tenant that exists but
// is not an adviser team and for one that does not exist).
func (s *server) referCase(w http.ResponseWriter, r *http.Request, _ query) error {
	var req referRequest
	p, c, err := s.caseRequest(w, r, &req)
	if err != nil {
		return err
	}
	if req.TenantID == nil {
		return badRequest(bodyError("#/tenant_id", "is required"))
	}
	if p.Tenant.ID != c.TenantID {
		return forbidden("only the owning organisation may refer its cases")
	}
	t, err := s.acc.Tenant(r.Context(), *req.TenantID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && t.Kind != auth.AdviserTeam) {
		return badRequest(bodyError("#/tenant_id", "names no adviser tenant (GET /api/v1/tenants lists them)"))
	}
	if err != nil {
		return fmt.Errorf("referral target %d: %w", *req.TenantID, err)
	}
	return s.applyOp(w, r, p, c, 0, cases.Refer{TenantID: t.ID, TenantName: t.Name, Note: req.Note})
}

// adviceRequest is the body of POST /api/v1/cases/{id}/advice.
type adviceRequest struct {
	Recommendation assess.Outcome `json:"recommendation"`
	Text           string         `json:"text"`
}

func (s *server) adviseCase(w http.ResponseWriter, r *http.Request, _ query) error {
	var req adviceRequest
	p, c, err := s.caseRequest(w, r, &req)
	if err != nil {
		return err
	}
	var errs []FieldError
	if req.Recommendation != "" && !validOutcome(req.Recommendation) {
		errs = append(errs, bodyError("#/recommendation", "must be one of %s, got %q", outcomeList, sanitize(string(req.Recommendation))))
	}
	if strings.TrimSpace(req.Text) == "" {
		errs = append(errs, bodyError("#/text", "is required"))
	}
	if len(errs) > 0 {
		return badRequest(errs...)
	}
	return s.applyOp(w, r, p, c, 0, cases.GiveAdvice{Recommendation: req.Recommendation, Text: req.Text})
}

// decisionRequest is the body of POST /api/v1/cases/{id}/decision.
type decisionRequest struct {
	Outcome   assess.Outcome `json:"outcome"`
	Rationale string         `json:"rationale"`
}

const outcomeList = "proceed, proceed_with_mitigations, refer_to_adviser, do_not_proceed"

func validOutcome(o assess.Outcome) bool {
	switch o {
	case assess.OutcomeProceed, assess.OutcomeProceedWithMitigations, assess.OutcomeReferToAdviser, assess.OutcomeDoNotProceed:
		return true
	}
	return false
}

func (s *server) decideCase(w http.ResponseWriter, r *http.Request, _ query) error {
	var req decisionRequest
	p, c, err := s.caseRequest(w, r, &req)
	if err != nil {
		return err
	}
	var errs []FieldError
	if !validOutcome(req.Outcome) {
		errs = append(errs, bodyError("#/outcome", "must be one of %s, got %q", outcomeList, sanitize(string(req.Outcome))))
	}
	if strings.TrimSpace(req.Rationale) == "" {
		errs = append(errs, bodyError("#/rationale", "is required: a decision is recorded with its reasons"))
	}
	if len(errs) > 0 {
		return badRequest(errs...)
	}
	return s.applyOp(w, r, p, c, 0, cases.Decide{Outcome: req.Outcome, Rationale: req.Rationale})
}

// reopenRequest is the body of POST /api/v1/cases/{id}/reopen.
type reopenRequest struct {
	Reason string `json:"reason"`
}

func (s *server) reopenCase(w http.ResponseWriter, r *http.Request, _ query) error {
	var req reopenRequest
	p, c, err := s.caseRequest(w, r, &req)
	if err != nil {
		return err
	}
	if strings.TrimSpace(req.Reason) == "" {
		return badRequest(bodyError("#/reason", "is required: say what new evidence reopens the case"))
	}
	return s.applyOp(w, r, p, c, 0, cases.Reopen{Reason: req.Reason})
}

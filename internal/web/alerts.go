package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/collabcheck/collabcheck/internal/audit"
	"github.com/collabcheck/collabcheck/internal/auth"
	"github.com/collabcheck/collabcheck/internal/cases"
	"github.com/collabcheck/collabcheck/internal/feeds"
	"github.com/collabcheck/collabcheck/internal/store"
)

// Alert listing limits.
const (
	DefaultAlertLimit = 100
	MaxAlertLimit     = 1000
)

// alertsResponse is GET /api/v1/alerts.
type alertsResponse struct {
	Alerts []store.Alert `json:"alerts"`
}

// noAlerts is the 503 of the alert routes on a server without alerts.
func noAlerts() *Problem {
	return &Problem{Type: typeNoCasework, Status: http.StatusServiceUnavailable, Detail: "this server keeps no alerts"}
}

// listAlerts answers GET /api/v1/alerts: the caller's tenant's alerts,
// newest first, on the cases the caller may see (officers and admins see
// all of them, researchers those of their own cases). ?case=ID keeps one
// case's (404 when the caller cannot see that case); ?unacked=true only
// those not acknowledged yet.
func (s *server) listAlerts(w http.ResponseWriter, r *http.Request, q query) error {
	p, err := principalOf(r)
	if err != nil {
		return err
	}
	if s.alerts == nil {
		return noAlerts()
	}
	var errs []FieldError
	f := store.AlertFilter{Limit: DefaultAlertLimit}
	if v, ok := q["case"]; ok {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			errs = append(errs, paramError("case", "must be a positive integer, got %q", sanitize(v)))
		}
		f.CaseID = id
	}
	if v, ok := q["unacked"]; ok {
		b, err := strconv.ParseBool(v)
		if err != nil {
			errs = append(errs, paramError("unacked", "must be true or false, got %q", sanitize(v)))
		}
		f.Unacked = b
	}
	if v, ok := q["limit"]; ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxAlertLimit {
			errs = append(errs, paramError("limit", "must be an integer from 1 to %d, got %q", MaxAlertLimit, sanitize(v)))
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
	if f.CaseID > 0 {
		if _, err := s.caseFor(r, p, f.CaseID); err != nil {
			return err
		}
	}
	list, err := s.alerts.ListAlerts(r.Context(), p.Tenant.ID, f)
	if err != nil {
		return fmt.Errorf("list alerts: %w", err)
	}
	out := make([]store.Alert, 0, len(list))
	if p.User.Role.Can(auth.ReviewCase) {
		out = list
	} else {
		// A researcher sees the alerts of the cases they may view.
		seen := map[int64]bool{}
		for _, a := range list {
			ok, known := seen[a.CaseID]
			if !known {
				_, err := s.caseFor(r, p, a.CaseID)
				ok = err == nil
				seen[a.CaseID] = ok
			}
			if ok {
				out = append(out, a)
			}
		}
	}
	s.writeJSON(w, r, http.StatusOK, alertsResponse{Alerts: out})
	return nil
}

// caseFor loads a case by id as p may see it, or a 404.
func (s *server) caseFor(r *http.Request, p *principal, id int64) (cases.Case, error) {
	c, err := s.cw.Case(r.Context(), p.Tenant.ID, id)
	if err == nil && !cases.CanView(&c, p.actor()) {
		err = cases.ErrNotFound
	}
	if err != nil {
		return cases.Case{}, caseProblem(fmt.Errorf("case %d: %w", id, err))
	}
	return c, nil
}

// ackRequest is the optional body of POST /api/v1/alerts/{id}/ack.
type ackRequest struct {
	Note string `json:"note"`
}

// ackAlert answers POST /api/v1/alerts/{id}/ack: an officer marks one of
// their tenant's alerts as seen, with an optional note (recorded in the
// case's history). Another tenant's alert is a 404; acknowledging twice
// keeps the first.
func (s *server) ackAlert(w http.ResponseWriter, r *http.Request, _ query) error {
	p, err := principalOf(r)
	if err != nil {
		return err
	}
	if s.alerts == nil {
		return noAlerts()
	}
	id, prob := pathID(r, "id")
	if prob != nil {
		return prob
	}
	body, prob := readJSONBody(w, r, "a small JSON object")
	if prob != nil {
		return prob
	}
	var req ackRequest
	if len(bytes.TrimSpace(body)) > 0 {
		if prob := decodeStrict(body, &req); prob != nil {
			return prob
		}
	}
	req.Note = strings.TrimSpace(req.Note)
	if utf8.RuneCountInString(req.Note) > cases.MaxTextChars || strings.IndexByte(req.Note, 0) >= 0 {
		return badRequest(bodyError("#/note", "must be text of at most %d characters", cases.MaxTextChars))
	}
	a, err := s.alerts.Alert(r.Context(), p.Tenant.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return &Problem{Type: typeNotFound, Status: http.StatusNotFound, Detail: "no alert with this id is visible to you"}
	}
	if err != nil {
		return fmt.Errorf("read alert %d: %w", id, err)
	}
	actor := p.actor()
	ev := audit.Event{TenantID: p.Tenant.ID, Actor: actor.String(), Action: "alert.ack",
		Subject: fmt.Sprintf("case:%d", a.CaseID), Detail: map[string]any{"alert": a.ID, "kind": a.Kind, "source_id": a.SourceID, "note": req.Note}}
	out, err := s.alerts.AckAlert(r.Context(), p.Tenant.ID, id, actor.String(), time.Now(), ev)
	if errors.Is(err, store.ErrNotFound) {
		return &Problem{Type: typeNotFound, Status: http.StatusNotFound, Detail: "no alert with this id is visible to you"}
	}
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, out)
	return nil
}

// listFeedStatus returns the configured list sources' status and the
// names of those failing, for /readyz; nil without a scheduler.
func (s *server) listFeedStatus() (all []feeds.SourceStatus, failing []string) {
	if s.listFeeds == nil {
		return nil, nil
	}
	all = s.listFeeds()
	for _, st := range all {
		if st.Health == feeds.Failing {
			failing = append(failing, st.Source)
		}
	}
	return all, failing
}

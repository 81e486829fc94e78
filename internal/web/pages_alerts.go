package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/collabcheck/collabcheck/internal/audit"
	"github.com/collabcheck/collabcheck/internal/auth"
	"github.com/collabcheck/collabcheck/internal/cases"
	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/ui"
)

// alertRoutes are the pages' alert forms.
func (s *server) alertRoutes() []route {
	return []route{
		{Method: http.MethodPost, Path: "/alerts/{id}/ack", Strict: true, Access: signedIn, Perm: auth.ReviewCase, Page: true, handle: s.pageAckAlert},
	}
}

// alertsView is the alerts a page shows: those of the caller's tenant
// they may see (a researcher, only those of cases they may open), and
// whether they may acknowledge them; Note explains an empty list.
type alertsView struct {
	Alerts []store.Alert
	CanAck bool
	Note   string
}

// visibleAlerts returns the alerts matching f that p may see, as GET
// /api/v1/alerts does.
func (s *server) visibleAlerts(r *http.Request, p *principal, f store.AlertFilter) (alertsView, error) {
	v := alertsView{CanAck: p.User.Role.Can(auth.ReviewCase)}
	switch {
	case s.alerts == nil:
		v.Note = "This server keeps no alerts (its store does not support them)."
		return v, nil
	case p.Tenant.Kind == auth.AdviserTeam:
		v.Note = "Alerts go to the organisations that own the cases."
		return v, nil
	}
	list, err := s.alerts.ListAlerts(r.Context(), p.Tenant.ID, f)
	if err != nil {
		return v, fmt.Errorf("list alerts: %w", err)
	}
	seen := map[int64]bool{}
	for _, a := range list {
		ok, known := seen[a.CaseID]
		if !known {
			_, err := s.caseFor(r, p, a.CaseID)
			ok = err == nil
			seen[a.CaseID] = ok
		}
		if ok {
			v.Alerts = append(v.Alerts, a)
		}
	}
	if len(v.Alerts) == 0 {
		v.Note = "No unacknowledged alert: no list update has changed what your cases were assessed against."
	}
	return v, nil
}

// pageAckAlert acknowledges an alert from the dashboard or a case page,
// recorded in the case's history as POST /api/v1/alerts/{id}/ack does,
// and goes back to where it was sent from.
func (s *server) pageAckAlert(w http.ResponseWriter, r *http.Request, _ query) error {
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
	if prob := readForm(w, r); prob != nil {
		return prob
	}
	note := strings.TrimSpace(r.PostFormValue("note"))
	a, err := s.alerts.Alert(r.Context(), p.Tenant.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return &Problem{Type: typeNotFound, Status: http.StatusNotFound, Detail: "No alert with this id is visible to you."}
	}
	if err != nil {
		return fmt.Errorf("read alert %d: %w", id, err)
	}
	if _, err := s.caseFor(r, p, a.CaseID); err != nil {
		return err
	}
	if utf8.RuneCountInString(note) > cases.MaxTextChars || strings.IndexByte(note, 0) >= 0 {
		var fe ui.FormErrors
		fe.Add("", fmt.Sprintf("The note must be text of at most %d characters.", cases.MaxTextChars))
		return s.page(w, r, http.StatusBadRequest, "error", "Alert not acknowledged", ui.Page{Errors: fe, Data: "Go back and shorten the note."})
	}
	actor := p.actor()
	ev := audit.Event{TenantID: p.Tenant.ID, Actor: actor.String(), Action: "alert.ack",
		Subject: fmt.Sprintf("case:%d", a.CaseID), Detail: map[string]any{"alert": a.ID, "kind": a.Kind, "source_id": a.SourceID, "note": note}}
	if _, err := s.alerts.AckAlert(r.Context(), p.Tenant.ID, id, actor.String(), time.Now(), ev); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return &Problem{Type: typeNotFound, Status: http.StatusNotFound, Detail: "No alert with this id is visible to you."}
		}
		return fmt.Errorf("acknowledge alert %d: %w", id, err)
	}
	if r.PostFormValue("back") == "case" {
		return seeOther(w, r, fmt.Sprintf("/cases/%d?done=ack", a.CaseID))
	}
	return seeOther(w, r, "/?done=ack")
}

package web

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/collabcheck/collabcheck/internal/secure"
	"github.com/collabcheck/collabcheck/internal/triaging"
)

// noLists is the 503 of a triage on a server with no list loaded: the
// counterparties could not be screened, and a triage would wrongly look
// clean.
func noLists() *Problem {
	return &Problem{Type: typeNotReady, Status: http.StatusServiceUnavailable,
		Detail: "no list is loaded, so the counterparties cannot be screened; import lists (collabcheck lists import) and try again"}
}

// runTriage triages a validated deal against the loaded lists, exactly as
// `collabcheck triage` does.
func (s *server) runTriage(r *http.Request, dl secure.Deal) (secure.Triage, error) {
	if !s.svc.Ready() {
		return secure.Triage{}, noLists()
	}
	tr, err := triaging.New(s.svc, s.clf, triaging.StoreLookup(s.svc.Store()))
	if err != nil {
		return secure.Triage{}, err
	}
	res, err := tr.Triage(r.Context(), dl)
	if errors.Is(err, triaging.ErrNoLists) {
		return res, noLists()
	}
	if err != nil {
		return res, fmt.Errorf("triage: %w", err)
	}
	return res, nil
}

// triage answers the economic-security triage of a deal sent as JSON or
// YAML: every problem of an invalid deal is listed in one 400.
func (s *server) triage(w http.ResponseWriter, r *http.Request, _ query) error {
	name, body, err := readDocument(w, r, "a deal")
	if err != nil {
		return err
	}
	dl, err := secure.ParseDeal(name, body)
	if err != nil {
		return secureProblem(err)
	}
	res, err := s.runTriage(r, dl)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, res)
	return nil
}

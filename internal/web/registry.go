package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/collabcheck/collabcheck/internal/match"
	"github.com/collabcheck/collabcheck/internal/registry"
	"github.com/collabcheck/collabcheck/internal/resolving"
	"github.com/collabcheck/collabcheck/internal/store"
)

// noRegistry is the problem answered by the registry routes before a
// registry is imported: resolving against nothing would choose no
// organisation for every string, which a user could mistake for "unknown
// to the registry".
func noRegistry() *Problem {
	return &Problem{Type: typeNotReady, Status: http.StatusServiceUnavailable,
		Detail: "no registry imported: import the organisation registry (collabcheck registry import FILE) before resolving affiliations or looking up organisations"}
}

// registryReady returns the resolving service when a registry is loaded,
// else the problem to answer.
func (s *server) registryReady() (*resolving.Service, *Problem) {
	if s.res == nil || !s.res.Ready() {
		return nil, noRegistry()
	}
	return s.res, nil
}

// resolveRequest is the body of POST /api/v1/resolve.
type resolveRequest struct {
	Affiliations []json.RawMessage `json:"affiliations"`
}

// resolveResponse is the answer to POST /api/v1/resolve: one result per
// affiliation string, in input order, each in the shape of one line of
// `collabcheck resolve --json`.
type resolveResponse struct {
	Results []resolving.Result `json:"results"`
}

// resolveBatch answers POST /api/v1/resolve. As with screening batches,
// every string is checked before any is resolved, and a batch with a bad
// string is rejected whole with every fault listed.
func (s *server) resolveBatch(w http.ResponseWriter, r *http.Request, _ query) error {
	body, p := readJSONBody(w, r, fmt.Sprintf("at most %d affiliations per batch", MaxBatch))
	if p != nil {
		return p
	}
	var req resolveRequest
	if p := decodeStrict(body, &req); p != nil {
		return p
	}
	var errs []FieldError
	switch n := len(req.Affiliations); {
	case req.Affiliations == nil:
		errs = append(errs, bodyError("#/affiliations", "is required: give an array of 1 to %d affiliation strings", MaxBatch))
	case n == 0:
		errs = append(errs, bodyError("#/affiliations", "is empty: give 1 to %d affiliation strings", MaxBatch))
	case n > MaxBatch:
		errs = append(errs, bodyError("#/affiliations", "holds %d strings; a batch holds at most %d, so split it", n, MaxBatch))
	}
	var inputs []string
	if len(req.Affiliations) <= MaxBatch {
		inputs = make([]string, len(req.Affiliations))
		for i, raw := range req.Affiliations {
			ptr := fmt.Sprintf("#/affiliations/%d", i)
			t := bytes.TrimLeft(raw, " \t\r\n")
			if len(t) == 0 || t[0] != '"' || json.Unmarshal(t, &inputs[i]) != nil {
				errs = append(errs, bodyError(ptr, "must be a string"))
				continue
			}
			if err := checkName(inputs[i]); err != nil {
				errs = append(errs, bodyError(ptr, "%v", err))
			}
		}
	}
	if len(errs) > 0 {
		return badRequest(errs...)
	}
	res, p := s.registryReady()
	if p != nil {
		return p
	}
	results := make([]resolving.Result, len(inputs))
	errsAt := make([]error, len(inputs))
	parallel(len(inputs), func(i int) {
		results[i], errsAt[i] = res.Resolve(inputs[i])
	})
	for i, err := range errsAt {
		switch {
		case err == nil:
		case errors.Is(err, resolving.ErrNoRegistry):
			return noRegistry()
		case nameError(err) != nil:
			errs = append(errs, bodyError(fmt.Sprintf("#/affiliations/%d", i), "%v", nameError(err)))
		default:
			return fmt.Errorf("resolve affiliation %d: %w", i, err) // the string itself stays out of the log
		}
	}
	if len(errs) > 0 {
		return badRequest(errs...)
	}
	s.writeJSON(w, r, http.StatusOK, resolveResponse{Results: results})
	return nil
}

// org answers GET /api/v1/orgs/{id}. The id may be written as a full ROR
// id (https://ror.org/05abc1234, raw or percent-encoded), without the
// scheme (ror.org/05abc1234) or bare (05abc1234).
func (s *server) org(w http.ResponseWriter, r *http.Request, _ query) error {
	id := r.PathValue("id")
	if !utf8.ValidString(id) {
		return badRequest(paramError("id", "is not valid UTF-8"))
	}
	// A proxy may have merged the double slash of https:// into one.
	for _, scheme := range []string{"https:/", "http:/"} {
		if rest, ok := strings.CutPrefix(id, scheme); ok && !strings.HasPrefix(rest, "/") {
			id = scheme + "/" + rest
		}
	}
	if _, err := registry.NormalizeID(id); err != nil {
		return badRequest(paramError("id", "is not a ROR id: want 9 characters like 05abc1234, optionally after https://ror.org/, got %q", sanitize(id)))
	}
	res, p := s.registryReady()
	if p != nil {
		return p
	}
	v, err := res.Org(id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return &Problem{Type: typeNotFound, Status: http.StatusNotFound, Detail: fmt.Sprintf("the active registry has no organisation %q", sanitize(id)),
			Errors: []FieldError{paramError("id", "names no organisation in the active registry")}}
	case errors.Is(err, registry.ErrBadID):
		return badRequest(paramError("id", "is not a ROR id, got %q", sanitize(id)))
	case errors.Is(err, resolving.ErrNoRegistry):
		return noRegistry()
	case err != nil:
		return fmt.Errorf("organisation %q: %w", sanitize(id), err)
	}
	s.writeJSON(w, r, http.StatusOK, v)
	return nil
}

// orgHit is one organisation found by name in the registry.
type orgHit struct {
	ID          string           `json:"id"`
	Name        string           `json:"name"`
	Country     string           `json:"country"`
	Score       float64          `json:"score"`
	Match       bool             `json:"match"`
	Explanation []match.Evidence `json:"explanation"`
}

// orgSearchResponse is the answer to GET /api/v1/orgs.
type orgSearchResponse struct {
	Query   string   `json:"query"`
	Results []orgHit `json:"results"`
}

// orgSearch answers GET /api/v1/orgs?q=NAME: registry organisations by
// name, best first, scored and explained by the same engine as screening.
func (s *server) orgSearch(w http.ResponseWriter, r *http.Request, q query) error {
	var errs []FieldError
	name, ok := q["q"]
	if !ok {
		errs = append(errs, paramError("q", "is required"))
	} else if err := checkName(name); err != nil {
		errs = append(errs, paramError("q", "%v", err))
	}
	limit := q.limit(&errs)
	if len(errs) > 0 {
		return badRequest(errs...)
	}
	res, p := s.registryReady()
	if p != nil {
		return p
	}
	ms, err := res.Search(name, limit)
	switch {
	case errors.Is(err, resolving.ErrNoRegistry):
		return noRegistry()
	case nameError(err) != nil:
		return badRequest(paramError("q", "%v", nameError(err)))
	case err != nil:
		return fmt.Errorf("search the registry: %w", err) // the name stays out of the log
	}
	out := orgSearchResponse{Query: name, Results: make([]orgHit, 0, len(ms))}
	for _, m := range ms {
		h := orgHit{ID: m.SourceID, Name: m.Name, Score: m.Score, Match: m.Match, Explanation: m.Explanation}
		if len(m.Countries) > 0 {
			h.Country = m.Countries[0]
		}
		if h.Explanation == nil {
			h.Explanation = []match.Evidence{}
		}
		out.Results = append(out.Results, h)
	}
	s.writeJSON(w, r, http.StatusOK, out)
	return nil
}

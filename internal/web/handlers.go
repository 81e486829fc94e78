package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/collabcheck/collabcheck/internal/feeds"
	"github.com/collabcheck/collabcheck/internal/match"
	"github.com/collabcheck/collabcheck/internal/screening"
	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// notReady is the problem answered when no list is loaded: screening
// against nothing would report "no match" for every name, which a user
// could mistake for a clean result.
func notReady() *Problem {
	return &Problem{Type: typeNotReady, Status: http.StatusServiceUnavailable,
		Detail: "no list loaded: import a watch list (collabcheck lists import) before screening"}
}

// screenOne answers GET /api/v1/screen with one result, in the shape of
// one line of `collabcheck screen --json`.
func (s *server) screenOne(w http.ResponseWriter, r *http.Request, q query) error {
	var errs []FieldError
	name, ok := q["name"]
	if !ok {
		errs = append(errs, paramError("name", "is required"))
	} else if err := checkName(name); err != nil {
		errs = append(errs, paramError("name", "%v", err))
	}
	opt := match.Options{Limit: q.limit(&errs), Threshold: q.threshold(&errs), Country: q["country"]}
	if err := checkCountry(opt.Country); err != nil {
		errs = append(errs, paramError("country", "%v", err))
	}
	k, err := parseKind(q["type"], screenKinds)
	if err != nil {
		errs = append(errs, paramError("type", "%v", err))
	}
	opt.Kind = k
	if len(errs) > 0 {
		return badRequest(errs...)
	}
	if !s.svc.Ready() {
		return notReady()
	}
	res, err := s.svc.Screen(name, opt)
	if err != nil {
		if e := nameError(err); e != nil {
			return badRequest(paramError("name", "%v", e))
		}
		return fmt.Errorf("screen one name: %w", err) // the name itself stays out of the log
	}
	s.metrics.screened("single", anyHit(res.Matches))
	s.writeJSON(w, r, http.StatusOK, res)
	return nil
}

func anyHit(ms []match.Match) bool {
	for _, m := range ms {
		if m.Match {
			return true
		}
	}
	return false
}

// batchRequest is the body of POST /api/v1/screen.
type batchRequest struct {
	Names     []json.RawMessage `json:"names"`
	Limit     *int              `json:"limit"`
	Threshold *float64          `json:"threshold"`
	Country   string            `json:"country"`
	Type      string            `json:"type"`
}

// batchName is one name of a batch, given as an object; a plain string is
// read as {"name": string}.
type batchName struct {
	Name    string `json:"name"`
	Country string `json:"country"`
}

// batchResponse is the answer to POST /api/v1/screen: one result per name,
// in input order.
type batchResponse struct {
	Results []screening.Result `json:"results"`
}

// screenBatch answers POST /api/v1/screen. Every name is checked before any
// is screened, and a batch with any bad name is rejected whole, with every
// fault listed, so a client never has to reconcile a partial answer.
func (s *server) screenBatch(w http.ResponseWriter, r *http.Request, _ query) error {
	body, p := readJSONBody(w, r, fmt.Sprintf("at most %d names per batch", MaxBatch))
	if p != nil {
		return p
	}
	var req batchRequest
	if p := decodeStrict(body, &req); p != nil {
		return p
	}
	var errs []FieldError
	if req.Names == nil {
		errs = append(errs, bodyError("#/names", "is required: give an array of 1 to %d names", MaxBatch))
	} else if len(req.Names) == 0 {
		errs = append(errs, bodyError("#/names", "is empty: give 1 to %d names", MaxBatch))
	} else if len(req.Names) > MaxBatch {
		errs = append(errs, bodyError("#/names", "holds %d names; a batch holds at most %d, so split it", len(req.Names), MaxBatch))
	}
	opt := match.Options{Limit: match.DefaultLimit, Threshold: match.DefaultThreshold, Country: req.Country}
	if req.Limit != nil {
		if err := checkLimit(*req.Limit); err != nil {
			errs = append(errs, bodyError("#/limit", "%v", err))
		}
		opt.Limit = *req.Limit
	}
	if req.Threshold != nil {
		if err := checkThreshold(*req.Threshold); err != nil {
			errs = append(errs, bodyError("#/threshold", "%v", err))
		}
		opt.Threshold = *req.Threshold
	}
	if err := checkCountry(req.Country); err != nil {
		errs = append(errs, bodyError("#/country", "%v", err))
	}
	k, err := parseKind(req.Type, screenKinds)
	if err != nil {
		errs = append(errs, bodyError("#/type", "%v", err))
	}
	opt.Kind = k
	var items []batchName
	if len(req.Names) <= MaxBatch {
		items = make([]batchName, len(req.Names))
		for i, raw := range req.Names {
			ptr := fmt.Sprintf("#/names/%d", i)
			it, e := parseBatchName(raw, ptr)
			if e != nil {
				errs = append(errs, *e)
				continue
			}
			if err := checkName(it.Name); err != nil {
				if isObject(raw) {
					ptr += "/name"
				}
				errs = append(errs, bodyError(ptr, "%v", err))
			}
			if err := checkCountry(it.Country); err != nil {
				errs = append(errs, bodyError(ptr+"/country", "%v", err))
			}
			items[i] = it
		}
	}
	if len(errs) > 0 {
		return badRequest(errs...)
	}
	if !s.svc.Ready() {
		return notReady()
	}
	results := make([]screening.Result, len(items))
	errsAt := make([]error, len(items))
	parallel(len(items), func(i int) {
		o := opt
		if items[i].Country != "" {
			o.Country = items[i].Country
		}
		results[i], errsAt[i] = s.svc.Screen(items[i].Name, o)
	})
	for i, err := range errsAt {
		if err == nil {
			continue
		}
		if e := nameError(err); e != nil {
			ptr := fmt.Sprintf("#/names/%d", i)
			if isObject(req.Names[i]) {
				ptr += "/name"
			}
			errs = append(errs, bodyError(ptr, "%v", e))
			continue
		}
		return fmt.Errorf("screen batch name %d: %w", i, err)
	}
	if len(errs) > 0 {
		return badRequest(errs...)
	}
	for _, res := range results {
		s.metrics.screened("batch", anyHit(res.Matches))
	}
	s.writeJSON(w, r, http.StatusOK, batchResponse{Results: results})
	return nil
}

// parallel calls fn(0..n-1) on up to GOMAXPROCS goroutines.
func parallel(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	next := 0
	for range workers {
		wg.Go(func() {
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= n {
					return
				}
				fn(i)
			}
		})
	}
	wg.Wait()
}

func isObject(raw json.RawMessage) bool {
	t := bytes.TrimLeft(raw, " \t\r\n")
	return len(t) > 0 && t[0] == '{'
}

// parseBatchName reads one element of "names": a string, or an object with
// "name" and optionally "country".
func parseBatchName(raw json.RawMessage, ptr string) (batchName, *FieldError) {
	t := bytes.TrimLeft(raw, " \t\r\n")
	switch {
	case len(t) > 0 && t[0] == '"':
		var s string
		if err := json.Unmarshal(t, &s); err != nil {
			e := bodyError(ptr, "is not a valid JSON string")
			return batchName{}, &e
		}
		return batchName{Name: s}, nil
	case len(t) > 0 && t[0] == '{':
		var it batchName
		if p := decodeStrict(t, &it); p != nil {
			e := p.Errors[0]
			e.Pointer = ptr + strings.TrimPrefix(e.Pointer, "#")
			e.Detail = fmt.Sprintf("body %s: %s", e.Pointer, strings.TrimPrefix(e.Detail, "body "+p.Errors[0].Pointer+": "))
			return batchName{}, &e
		}
		return it, nil
	}
	e := bodyError(ptr, "must be a string or an object {\"name\": …, \"country\": …}")
	return batchName{}, &e
}

// readJSONBody reads a request body of at most MaxBodyBytes that claims
// to be JSON and is valid UTF-8. fits says what a body of the limit holds
// for this route, to help a client split its work when refused.
func readJSONBody(w http.ResponseWriter, r *http.Request, fits string) ([]byte, *Problem) {
	body, _, p := readBody(w, r, fits, false)
	return body, p
}

// yamlTypes are the media types a YAML body may be sent as.
var yamlTypes = []string{"application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"}

// readBody is readJSONBody for routes that also take YAML (proposals and
// policies) when yamlOK is set; isYAML reports that the client said YAML.
func readBody(w http.ResponseWriter, r *http.Request, fits string, yamlOK bool) (body []byte, isYAML bool, p *Problem) {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		isYAML = err == nil && yamlOK && (containsString(yamlTypes, mt) || strings.HasSuffix(mt, "+yaml"))
		if err != nil || (!isYAML && mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			want := "application/json"
			if yamlOK {
				want = "application/json or application/yaml"
			}
			return nil, false, &Problem{Type: typeMediaType, Status: http.StatusUnsupportedMediaType,
				Detail: fmt.Sprintf("the body must be %s, not %q", want, sanitize(ct)),
				Errors: []FieldError{{Header: "Content-Type", Detail: "must be " + want}}}
		}
	}
	body, p = readRaw(w, r, fits)
	return body, isYAML, p
}

// readRaw reads a body of at most MaxBodyBytes that is valid UTF-8.
func readRaw(w http.ResponseWriter, r *http.Request, fits string) ([]byte, *Problem) {
	if r.ContentLength > MaxBodyBytes {
		return nil, tooLarge(r.ContentLength, fits)
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, tooLarge(-1, fits)
		}
		return nil, badRequest(bodyError("#", "could not be read: %s", sanitize(err.Error())))
	}
	if !utf8.Valid(body) {
		off := invalidUTF8Offset(body)
		return nil, badRequest(bodyError("#", "is not valid UTF-8 (first bad byte at offset %d)", off))
	}
	return body, nil
}

func tooLarge(n int64, fits string) *Problem {
	d := fmt.Sprintf("the body is larger than the limit of %d bytes", MaxBodyBytes)
	if n > 0 {
		d = fmt.Sprintf("the body is %d bytes; the limit is %d bytes", n, MaxBodyBytes)
	}
	return &Problem{Type: typeTooLarge, Status: http.StatusRequestEntityTooLarge, Detail: d + " (" + fits + ")",
		Errors: []FieldError{{Pointer: "#", Detail: d}}}
}

func invalidUTF8Offset(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}

// decodeStrict decodes exactly one JSON value from body into v, rejecting
// unknown fields, wrong types and trailing data with a problem that points
// at the fault.
func decodeStrict(body []byte, v any) *Problem {
	if len(bytes.TrimSpace(body)) == 0 {
		return badRequest(bodyError("#", "is empty; send a JSON object"))
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return badRequest(jsonError(err, body))
	}
	if _, err := dec.Token(); err != io.EOF {
		return badRequest(bodyError("#", "holds more than one JSON value"))
	}
	return nil
}

// jsonError turns a decoding error into a field error with a pointer.
func jsonError(err error, body []byte) FieldError {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		line, col := position(body, syn.Offset)
		return bodyError("#", "is not valid JSON at line %d column %d: %s", line, col, sanitize(syn.Error()))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return bodyError("#", "is truncated JSON")
	case errors.As(err, &typ):
		ptr := "#"
		if typ.Field != "" {
			ptr += "/" + strings.ReplaceAll(typ.Field, ".", "/")
		}
		return bodyError(ptr, "must be %s, got JSON %s", jsonTypeName(typ.Type.String()), typ.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return bodyError("#/"+sanitize(f), "unknown field")
	}
	return bodyError("#", "is not a valid request: %s", sanitize(err.Error()))
}

func jsonTypeName(goType string) string {
	switch {
	case strings.Contains(goType, "int"):
		return "an integer"
	case strings.Contains(goType, "float"):
		return "a number"
	case goType == "string":
		return "a string"
	case strings.HasPrefix(goType, "[]"):
		return "an array"
	}
	return "an object"
}

// position turns a byte offset into a 1-based line and column.
func position(b []byte, off int64) (line, col int) {
	line, col = 1, 1
	for i := int64(0); i < off && i < int64(len(b)); i++ {
		if b[i] == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}

// entityResponse is the answer to GET /api/v1/entities/{id}.
type entityResponse struct {
	ID      string            `json:"id"`
	List    string            `json:"list"`
	Version watchlist.Version `json:"version"`
	Entity  watchlist.Entity  `json:"entity"`
}

// entity answers GET /api/v1/entities/{id}. The id is "<list>:<source_id>";
// the source id is everything after the list name and its colon, and may
// itself hold colons and slashes (given raw or percent-encoded).
func (s *server) entity(w http.ResponseWriter, r *http.Request, _ query) error {
	id := r.PathValue("id")
	if !utf8.ValidString(id) {
		return badRequest(paramError("id", "is not valid UTF-8"))
	}
	list, sourceID, ok := strings.Cut(id, ":")
	if !ok || list == "" || sourceID == "" {
		return badRequest(paramError("id", "must be <list>:<source_id>, for example us_csl:12345, got %q", sanitize(id)))
	}
	lists, err := s.svc.Store().Lists(r.Context())
	if err != nil {
		return fmt.Errorf("entity %q: read lists: %w", sanitize(id), err)
	}
	// List names may contain colons too: take the longest list name that
	// prefixes the id.
	found := false
	for _, v := range lists {
		if strings.HasPrefix(id, v.List+":") && len(id) > len(v.List)+1 && (!found || len(v.List) > len(list)) {
			list, sourceID, found = v.List, id[len(v.List)+1:], true
		}
	}
	if !found {
		return &Problem{Type: typeNotFound, Status: http.StatusNotFound, Detail: fmt.Sprintf("no list named %q", sanitize(list)),
			Errors: []FieldError{paramError("id", "names no loaded list")}}
	}
	e, v, err := s.svc.Store().Entity(r.Context(), list, sourceID)
	if errors.Is(err, store.ErrNotFound) {
		return &Problem{Type: typeNotFound, Status: http.StatusNotFound, Detail: fmt.Sprintf("list %q has no entity with source id %q in its active version", sanitize(list), sanitize(sourceID)),
			Errors: []FieldError{paramError("id", "names no entity")}}
	}
	if err != nil {
		return fmt.Errorf("entity %q: %w", sanitize(id), err)
	}
	s.writeJSON(w, r, http.StatusOK, entityResponse{ID: list + ":" + e.SourceID, List: list, Version: v, Entity: e})
	return nil
}

// listVersion is an active list version and whether the in-memory index
// serving screens was built from it.
type listVersion struct {
	watchlist.Version
	Indexed bool `json:"indexed"`
}

// indexStatus describes the in-memory match index.
type indexStatus struct {
	// Ready is true when at least one list is loaded, so screens answer.
	Ready bool `json:"ready"`
	// Current is true when the index was built from exactly the active
	// versions in the store; false means an import or removal has not been
	// loaded yet.
	Current  bool `json:"current"`
	Entities int  `json:"entities"`
	Names    int  `json:"names"`
}

// listsResponse is the answer to GET /api/v1/lists.
type listsResponse struct {
	Lists []listVersion `json:"lists"`
	Index indexStatus   `json:"index"`
}

// lists answers GET /api/v1/lists.
func (s *server) lists(w http.ResponseWriter, r *http.Request, _ query) error {
	active, err := s.svc.Store().Lists(r.Context())
	if err != nil {
		return fmt.Errorf("read lists: %w", err)
	}
	indexed := map[int64]bool{}
	for _, v := range s.svc.Versions() {
		indexed[v.ID] = true
	}
	out := listsResponse{Lists: make([]listVersion, 0, len(active))}
	current := len(active) == len(indexed)
	for _, v := range active {
		out.Lists = append(out.Lists, listVersion{Version: v, Indexed: indexed[v.ID]})
		current = current && indexed[v.ID]
	}
	ents, nms := s.svc.Index().Len()
	out.Index = indexStatus{Ready: s.svc.Ready(), Current: current, Entities: ents, Names: nms}
	s.writeJSON(w, r, http.StatusOK, out)
	return nil
}

// pairResponse is the answer to GET /api/v1/match: the shape of one line
// of `collabcheck match --json`, with the two names echoed.
type pairResponse struct {
	A string `json:"a"`
	B string `json:"b"`
	match.PairResult
}

// pair answers GET /api/v1/match. It compares two names directly and needs
// no list.
func (s *server) pair(w http.ResponseWriter, r *http.Request, q query) error {
	var errs []FieldError
	for _, p := range []string{"a", "b"} {
		v, ok := q[p]
		if !ok {
			errs = append(errs, paramError(p, "is required"))
		} else if err := checkName(v); err != nil {
			errs = append(errs, paramError(p, "%v", err))
		}
	}
	threshold := q.threshold(&errs)
	k, err := parseKind(q["type"], pairKinds)
	if err != nil {
		errs = append(errs, paramError("type", "%v", err))
	}
	if len(errs) > 0 {
		return badRequest(errs...)
	}
	res, err := match.Pair(q["a"], q["b"], k, threshold)
	if err != nil {
		if e := nameError(err); e != nil {
			return badRequest(paramError("a", "%v", e))
		}
		return fmt.Errorf("match a pair of names: %w", err) // the names stay out of the log
	}
	if res.Explanation == nil {
		res.Explanation = []match.Evidence{}
	}
	s.writeJSON(w, r, http.StatusOK, pairResponse{A: q["a"], B: q["b"], PairResult: res})
	return nil
}

// health is the body of /healthz and of a ready /readyz.
type health struct {
	Status   string   `json:"status"`
	Lists    []string `json:"lists,omitempty"`
	Entities int      `json:"entities,omitempty"`
	// Sources are the scheduled list sources' status and Failing the
	// names of those whose last update failed (their lists keep the
	// previous version, so the server stays ready).
	Sources []feeds.SourceStatus `json:"sources,omitempty"`
	Failing []string             `json:"failing_sources,omitempty"`
}

// healthz answers 200 whenever the process serves HTTP.
func (s *server) healthz(w http.ResponseWriter, r *http.Request, _ query) error {
	s.writeJSON(w, r, http.StatusOK, health{Status: "ok"})
	return nil
}

// readyz answers 200 once a list is loaded into the index, else 503.
func (s *server) readyz(w http.ResponseWriter, r *http.Request, _ query) error {
	if !s.svc.Ready() {
		return notReady()
	}
	h := health{Status: "ready"}
	for _, v := range s.svc.Versions() {
		h.Lists = append(h.Lists, v.List)
	}
	h.Entities, _ = s.svc.Index().Len()
	h.Sources, h.Failing = s.listFeedStatus()
	s.writeJSON(w, r, http.StatusOK, h)
	return nil
}

// openapi serves the embedded OpenAPI document.
func (s *server) openapi(w http.ResponseWriter, r *http.Request, _ query) error {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", fmt.Sprint(len(openapiJSON)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(openapiJSON)
	return nil
}

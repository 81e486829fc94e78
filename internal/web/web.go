// Package web serves collabcheck's HTTP JSON API: single and batch
// screens, pairwise matches, entity and list look-ups, affiliation
// resolution and organisation look-ups in the registry, technology
// classification and the taxonomy behind it; the casework of research
// offices (assessments, cases and their workflow, referral to adviser
// tenants, decisions, history), with sign-in, users, API tokens, tenants,
// tenant policies and audit verification; health and readiness probes,
// Prometheus metrics and the OpenAPI document that describes it all.
//
// Every route is declared once, in the table returned by routeTable, with
// its access rule (public, reference or signed-in with a permission); the
// mux, the access check, the metrics labels, the test that compares the
// API with its OpenAPI document and the tenant-isolation matrix all read
// that table, so they cannot drift apart.
//
// Callers authenticate with an API token (Authorization: Bearer cc_…) or
// the session cookie set by sign-in; unsafe cross-origin browser requests
// are refused. A case that a caller may not see answers 404 exactly as one
// that does not exist.
//
// Errors are RFC 9457 problem documents (application/problem+json). Bad
// input is answered with a 4xx naming the offending parameter or JSON field;
// a panic in a handler is recovered, logged and answered with a 500 problem
// so one bad request never takes the server down.
package web

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/collabcheck/collabcheck/internal/assessing"
	"github.com/collabcheck/collabcheck/internal/auth"
	"github.com/collabcheck/collabcheck/internal/feeds"
	"github.com/collabcheck/collabcheck/internal/resolving"
	"github.com/collabcheck/collabcheck/internal/screening"
	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/techarea"
	"github.com/collabcheck/collabcheck/internal/ui"
)

// Limits of the API. They are part of the documented contract (see the
// OpenAPI document) so that clients can split their work to fit.
const (
	// MaxBatch is the most names one POST /api/v1/screen may carry, and
	// the most affiliation strings one POST /api/v1/resolve may carry.
	MaxBatch = 1000
	// MaxDocuments is the most documents one POST /api/v1/classify may
	// carry. A hundred abstracts classify in well under a second; a
	// portfolio is sent in several requests.
	MaxDocuments = 100
	// MaxDocumentBytes bounds one document's title and abstract together
	// (1 MiB, techarea.MaxInputBytes). The API refuses longer text with a
	// 400 rather than classifying only its start, so a client never
	// mistakes a partial classification for a whole one. The body limit
	// still applies: a batch holds at most MaxBodyBytes in all.
	MaxDocumentBytes = techarea.MaxInputBytes
	// maxDocIDBytes bounds a document's id, which is echoed back.
	maxDocIDBytes = 1024
	// MaxBodyBytes is the largest request body accepted (5 MiB). It fits a
	// full batch of MaxBatch names at the engine's longest accepted name
	// (match.MaxQueryBytes, 4 KiB) with room for JSON syntax; larger bodies
	// are answered with 413 before they are read into memory.
	MaxBodyBytes = 5 << 20
	// MaxLimit is the largest "limit" (candidates per name) accepted.
	MaxLimit = 100
	// maxCountryBytes bounds the country qualifier; no country name is
	// longer.
	maxCountryBytes = 64
)

// Config is what the API needs to run.
type Config struct {
	// Service screens names; it is required.
	Service *screening.Service
	// Resolving resolves affiliations and looks organisations up in the
	// registry. It is optional: when nil, or before a registry has been
	// imported, the registry routes answer 503 ("no registry imported").
	Resolving *resolving.Service
	// Classifier classifies research text. When nil, the classifier over
	// the embedded taxonomy is built once, in New.
	Classifier *techarea.Classifier
	// Logger receives structured request and error logs; nil discards them.
	// Successful requests are logged at Debug level, client errors at Info
	// and server errors at Error. Query strings are never logged, because
	// screened names may be personal data.
	Logger *slog.Logger
	// Registerer receives the API's metrics. When nil, a fresh registry with
	// the Go runtime and process collectors is created and served on
	// /metrics.
	Registerer prometheus.Registerer
	// Gatherer is what /metrics serves. When nil it is Registerer if that is
	// also a Gatherer (a *prometheus.Registry is), else
	// prometheus.DefaultGatherer.
	Gatherer prometheus.Gatherer

	// Accounts and Casework are the tenants, users, tokens, cases,
	// policies, sessions and audit trail behind the signed-in routes. They
	// are set together or not at all: without them every route that needs
	// a signed-in user answers 503, and the reference routes stay open.
	Accounts store.Accounts
	Casework store.Casework
	// Assessor assesses collaborations for /assess and the case routes.
	// When nil, one over Service and Classifier is built in New.
	Assessor *assessing.Assessor
	// OperatorTenant names the tenant whose admins run the deployment:
	// they alone may list every tenant, create tenants and verify the
	// audit chain. Empty means nobody may.
	OperatorTenant string
	// Private closes the reference routes (screening, matching, lists,
	// entities, resolution, organisations, classification, taxonomy) to
	// anyone who is not signed in.
	Private bool
	// Alerts are what continuous monitoring raised, for /api/v1/alerts.
	// When nil, Casework is used if it keeps alerts too (both stores
	// do); otherwise those routes answer 503.
	Alerts store.Alerts
	// ListFeeds, when set, returns the status of the scheduled list
	// sources; /readyz names the failing ones (and stays 200 while lists
	// are loaded).
	ListFeeds func() []feeds.SourceStatus
	// Portfolio, when set, serves portfolio screening under
	// /api/v1/portfolio (uploads queued as import jobs); without it those
	// routes answer 503.
	Portfolio *PortfolioConfig
}

// New returns the API's handler. It fails only when Service is missing,
// the default classifier cannot be built (a binary built with a broken
// embedded taxonomy), or the metrics cannot be registered (for example,
// registered twice on one registry).
func New(cfg Config) (http.Handler, error) {
	if cfg.Service == nil {
		return nil, errors.New("web: Config.Service is required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Registerer == nil {
		reg := prometheus.NewRegistry()
		reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
		cfg.Registerer = reg
	}
	if cfg.Gatherer == nil {
		if g, ok := cfg.Registerer.(prometheus.Gatherer); ok {
			cfg.Gatherer = g
		} else {
			cfg.Gatherer = prometheus.DefaultGatherer
		}
	}
	if cfg.Classifier == nil {
		c, err := techarea.DefaultClassifier()
		if err != nil {
			return nil, fmt.Errorf("web: build the default classifier: %w", err)
		}
		cfg.Classifier = c
	}
	if (cfg.Accounts == nil) != (cfg.Casework == nil) {
		return nil, errors.New("web: Config.Accounts and Config.Casework are set together or not at all")
	}
	if cfg.Alerts == nil {
		cfg.Alerts, _ = cfg.Casework.(store.Alerts) // the stores keep both
	}
	if cfg.Assessor == nil {
		a, err := assessing.New(cfg.Service, cfg.Classifier)
		if err != nil {
			return nil, fmt.Errorf("web: %w", err)
		}
		cfg.Assessor = a
	}
	s := &server{svc: cfg.Service, res: cfg.Resolving, clf: cfg.Classifier, log: cfg.Logger, mux: http.NewServeMux(), byPattern: map[string]*route{},
		acc: cfg.Accounts, cw: cfg.Casework, assessor: cfg.Assessor, operator: cfg.OperatorTenant, private: cfg.Private,
		alerts: cfg.Alerts, listFeeds: cfg.ListFeeds, portfolio: cfg.Portfolio,
		cop: http.NewCrossOriginProtection(), hashSlots: make(chan struct{}, max(2, runtime.GOMAXPROCS(0)))}
	s.tax = newTaxonomyResponse(cfg.Classifier.Taxonomy())
	pages, err := ui.New()
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	s.ui = pages
	m, err := newMetrics(cfg.Registerer, cfg.Service)
	if err != nil {
		return nil, fmt.Errorf("web: register metrics: %w", err)
	}
	s.metrics = m
	s.metricsHandler = promhttp.HandlerFor(cfg.Gatherer, promhttp.HandlerOpts{ErrorLog: slogPrinter{s}})
	var idPrefix [4]byte
	_, _ = rand.Read(idPrefix[:]) // never fails (crypto/rand panics rather)
	s.idPrefix = hex.EncodeToString(idPrefix[:])
	s.routes = s.routeTable()
	for i := range s.routes {
		rt := &s.routes[i]
		pattern := rt.Method + " " + rt.Path
		s.byPattern[pattern] = rt
		s.mux.Handle(pattern, s.endpoint(rt))
		if prefix, ok := strings.CutSuffix(rt.Path, "...}"); ok {
			// A trailing wildcard: remember the fixed part before it.
			s.tailPrefixes = append(s.tailPrefixes, prefix[:strings.LastIndexByte(prefix, '{')])
		}
		for _, m := range []string{rt.Method, http.MethodHead} {
			if m == http.MethodHead && rt.Method != http.MethodGet {
				continue
			}
			if !containsString(s.methods, m) {
				s.methods = append(s.methods, m)
			}
		}
	}
	return s, nil
}

// HTTPServer returns an http.Server for h with timeouts suited to the API:
// slow clients cannot hold connections open indefinitely, while a full
// batch of MaxBatch names has time to be read, screened and written.
func HTTPServer(addr string, h http.Handler, log *slog.Logger) *http.Server {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    1 << 20,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// route is one entry of the API: a method and mux path pattern, the query
// parameters it accepts, who may call it, and its handler.
type route struct {
	// Method is the HTTP method; GET routes answer HEAD too.
	Method string
	// Path is a net/http ServeMux path pattern.
	Path string
	// Params are the query parameters the route accepts. When Strict is
	// set, any other parameter, or one given twice, is a 400.
	Params []string
	Strict bool
	// Access says who may call the route; Perm, for signed-in routes, is
	// the permission the caller's role must hold (none: any signed-in
	// user), and Operator restricts it to admins of the operator tenant.
	Access   access
	Perm     auth.Permission
	Operator bool
	// Kinds lists the tenant kinds whose users may call a signed-in
	// route. Empty means organisations and adviser teams: every kind but
	// companies, whose users see only the self-review, the triage, their
	// own cases and their account, so a new route stays closed to them
	// unless it names them (see allowsKind and companyRoutes).
	Kinds []auth.TenantKind
	// Page marks an HTML page of the web interface (see pages.go): it is
	// left out of the OpenAPI document, sent with the pages' security
	// policy, answers errors with an HTML page, and sends a caller who is
	// not signed in to /signin (303) rather than answering 401.
	Page   bool
	handle handlerFunc
}

// access is who may call a route.
type access int

const (
	// public routes answer anyone: probes, metrics, the OpenAPI document
	// and sign-in.
	public access = iota
	// reference routes (screening, look-ups, classification) answer
	// anyone unless Config.Private, then any signed-in user.
	reference
	// signedIn routes need credentials (a session cookie or an API
	// token); 401 without, 403 when the role lacks Perm.
	signedIn
)

func (a access) String() string {
	switch a {
	case public:
		return "public"
	case reference:
		return "reference"
	}
	return "signed-in"
}

// handlerFunc serves one request whose query string has already been
// checked. A *Problem error is written as it is; any other error is logged
// and answered with a 500 problem.
type handlerFunc func(w http.ResponseWriter, r *http.Request, q query) error

// routeTable is the single list of the API's routes.
func (s *server) routeTable() []route {
	const (
		get, post, put, del = http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete
	)
	return openToCompanies(append([]route{
		{Method: get, Path: "/api/v1/screen", Params: []string{"name", "country", "limit", "threshold", "type"}, Strict: true, Access: reference, handle: s.screenOne},
		{Method: post, Path: "/api/v1/screen", Strict: true, Access: reference, handle: s.screenBatch},
		{Method: get, Path: "/api/v1/entities/{id...}", Strict: true, Access: reference, handle: s.entity},
		{Method: get, Path: "/api/v1/lists", Strict: true, Access: reference, handle: s.lists},
		{Method: get, Path: "/api/v1/match", Params: []string{"a", "b", "type", "threshold"}, Strict: true, Access: reference, handle: s.pair},
		{Method: post, Path: "/api/v1/resolve", Strict: true, Access: reference, handle: s.resolveBatch},
		{Method: get, Path: "/api/v1/orgs", Params: []string{"q", "limit"}, Strict: true, Access: reference, handle: s.orgSearch},
		{Method: get, Path: "/api/v1/orgs/{id...}", Strict: true, Access: reference, handle: s.org},
		{Method: post, Path: "/api/v1/classify", Strict: true, Access: reference, handle: s.classify},
		{Method: get, Path: "/api/v1/taxonomy", Strict: true, Access: reference, handle: s.taxonomy},
		{Method: get, Path: "/api/v1/openapi.json", Strict: true, Access: public, handle: s.openapi},
		{Method: get, Path: "/healthz", Access: public, handle: s.healthz},
		{Method: get, Path: "/readyz", Access: public, handle: s.readyz},
		{Method: get, Path: "/metrics", Access: public, handle: s.serveMetrics},

		{Method: post, Path: "/api/v1/sessions", Strict: true, Access: public, handle: s.signIn},
		{Method: del, Path: "/api/v1/sessions/current", Strict: true, Access: signedIn, handle: s.signOut},
		{Method: get, Path: "/api/v1/me", Strict: true, Access: signedIn, handle: s.me},
		{Method: post, Path: "/api/v1/assess", Strict: true, Access: signedIn, Perm: auth.ProposeCase, handle: s.assessProposal},

		{Method: post, Path: "/api/v1/cases", Strict: true, Access: signedIn, Perm: auth.ProposeCase, handle: s.createCase},
		{Method: get, Path: "/api/v1/cases", Params: []string{"state", "mine", "queue", "limit", "offset"}, Strict: true, Access: signedIn, handle: s.listCases},
		{Method: get, Path: "/api/v1/cases/{id}", Strict: true, Access: signedIn, handle: s.getCase},
		{Method: get, Path: "/api/v1/cases/{id}/history", Strict: true, Access: signedIn, handle: s.caseHistory},
		{Method: put, Path: "/api/v1/cases/{id}/collaboration", Strict: true, Access: signedIn, Perm: auth.ProposeCase, handle: s.reviseCase},
		{Method: post, Path: "/api/v1/cases/{id}/submit", Strict: true, Access: signedIn, Perm: auth.ProposeCase, handle: s.submitCase},
		{Method: post, Path: "/api/v1/cases/{id}/review", Strict: true, Access: signedIn, Perm: auth.ReviewCase, handle: s.reviewCase},
		{Method: post, Path: "/api/v1/cases/{id}/assign", Strict: true, Access: signedIn, Perm: auth.ReviewCase, handle: s.assignCase},
		{Method: post, Path: "/api/v1/cases/{id}/comments", Strict: true, Access: signedIn, handle: s.commentCase},
		{Method: put, Path: "/api/v1/cases/{id}/checklist/{mitigation}", Strict: true, Access: signedIn, Perm: auth.ProposeCase, handle: s.confirmMitigation},
		{Method: post, Path: "/api/v1/cases/{id}/refer", Strict: true, Access: signedIn, Perm: auth.ReviewCase, handle: s.referCase},
		{Method: post, Path: "/api/v1/cases/{id}/advice", Strict: true, Access: signedIn, Perm: auth.AdviseCase, handle: s.adviseCase},
		{Method: post, Path: "/api/v1/cases/{id}/decision", Strict: true, Access: signedIn, Perm: auth.ReviewCase, handle: s.decideCase},
		{Method: post, Path: "/api/v1/cases/{id}/close", Strict: true, Access: signedIn, Perm: auth.ReviewCase, handle: s.closeCase},
		{Method: post, Path: "/api/v1/cases/{id}/reopen", Strict: true, Access: signedIn, Perm: auth.ReviewCase, handle: s.reopenCase},
		{Method: post, Path: "/api/v1/cases/{id}/reassess", Strict: true, Access: signedIn, Perm: auth.ReviewCase, handle: s.reassessCase},

		{Method: get, Path: "/api/v1/users", Strict: true, Access: signedIn, Perm: auth.ManageUsers, handle: s.listUsers},
		{Method: post, Path: "/api/v1/users", Strict: true, Access: signedIn, Perm: auth.ManageUsers, handle: s.createUser},
		{Method: get, Path: "/api/v1/tokens", Strict: true, Access: signedIn, handle: s.listTokens},
		{Method: post, Path: "/api/v1/tokens", Strict: true, Access: signedIn, handle: s.createToken},
		{Method: del, Path: "/api/v1/tokens/{id}", Strict: true, Access: signedIn, handle: s.revokeToken},
		{Method: get, Path: "/api/v1/tenants", Strict: true, Access: signedIn, handle: s.listTenants},
		{Method: post, Path: "/api/v1/tenants", Strict: true, Access: signedIn, Perm: auth.ManageUsers, Operator: true, handle: s.createTenant},
		{Method: get, Path: "/api/v1/policy", Strict: true, Access: signedIn, handle: s.getPolicy},
		{Method: put, Path: "/api/v1/policy", Strict: true, Access: signedIn, Perm: auth.ManageUsers, handle: s.putPolicy},
		{Method: del, Path: "/api/v1/policy", Strict: true, Access: signedIn, Perm: auth.ManageUsers, handle: s.deletePolicy},
		{Method: get, Path: "/api/v1/alerts", Params: []string{"case", "unacked", "limit", "offset"}, Strict: true, Access: signedIn, handle: s.listAlerts},
		{Method: post, Path: "/api/v1/alerts/{id}/ack", Strict: true, Access: signedIn, Perm: auth.ReviewCase, handle: s.ackAlert},
		{Method: post, Path: "/api/v1/portfolio/runs", Params: []string{"format"}, Strict: true, Access: signedIn, Perm: auth.ReviewCase, handle: s.createPortfolioRun},
		{Method: get, Path: "/api/v1/portfolio/runs", Strict: true, Access: signedIn, Perm: auth.ReviewCase, handle: s.listPortfolioRuns},
		{Method: get, Path: "/api/v1/portfolio/runs/{id}", Strict: true, Access: signedIn, Perm: auth.ReviewCase, handle: s.getPortfolioRun},
		{Method: get, Path: "/api/v1/portfolio/runs/{id}/report", Params: []string{"format"}, Strict: true, Access: signedIn, Perm: auth.ReviewCase, handle: s.portfolioReport},
		{Method: post, Path: "/api/v1/portfolio/findings/{id}/case", Strict: true, Access: signedIn, Perm: auth.ReviewCase, handle: s.portfolioFindingCase},
		{Method: get, Path: "/api/v1/audit/verify", Strict: true, Access: signedIn, Perm: auth.ManageUsers, Operator: true, handle: s.verifyAudit},
	}, append(s.pageRoutes(), s.secureRoutes()...)...))
}

// server is the API's http.Handler.
type server struct {
	svc            *screening.Service
	res            *resolving.Service // nil when the registry routes are off
	clf            *techarea.Classifier
	tax            taxonomyResponse // built once: the taxonomy never changes
	log            *slog.Logger
	mux            *http.ServeMux
	routes         []route
	byPattern      map[string]*route
	methods        []string // every method some route answers, for Allow
	tailPrefixes   []string // fixed parts of the routes ending in a {x...} wildcard
	metrics        *metrics
	metricsHandler http.Handler
	idPrefix       string
	idSeq          atomic.Uint64

	acc      store.Accounts // nil: the signed-in routes answer 503
	cw       store.Casework
	assessor *assessing.Assessor
	operator string // the operator tenant's name
	private  bool
	// alerts is nil when the alert routes answer 503; listFeeds is nil
	// without a list update scheduler.
	alerts    store.Alerts
	listFeeds func() []feeds.SourceStatus
	portfolio *PortfolioConfig // nil: the portfolio routes answer 503
	cop       *http.CrossOriginProtection
	ui        *ui.Renderer // the web pages' templates
	// hashSlots bounds concurrent password hashing (see hashSlot).
	hashSlots chan struct{}
	throttle  signInThrottle
}

// ServeHTTP sets the security headers and a request id, finds the route,
// and serves it with panic recovery, metrics and logging around it.
// Requests that match no route get a 404 or 405 problem.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	id := s.idPrefix + "-" + strconv.FormatUint(s.idSeq.Add(1), 36)
	h := w.Header()
	setSecurityHeaders(h)
	h.Set("X-Request-Id", id)
	rec := &recorder{ResponseWriter: w}
	r = s.keepTailSlashes(r)
	_, pattern := s.mux.Handler(r)
	rt := s.byPattern[pattern]
	if rt != nil && rt.Page {
		setPageHeaders(h)
	}
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.log.Error("panic serving request", "request_id", id, "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", stack())
			if rec.status != 0 {
				// Headers are out; all we can do is cut the response short.
				panic(http.ErrAbortHandler)
			}
			s.writeProblem(rec, r, &Problem{Type: typeInternal, Status: http.StatusInternalServerError, Detail: "the server failed to answer this request; it has been logged under the request id"})
		}
		s.finish(rec, r, rt, id, start)
	}()
	if rt == nil {
		s.unmatched(rec, r)
		return
	}
	s.mux.ServeHTTP(rec, r)
}

// keepTailSlashes stops the mux from cleaning a "//" out of an id that
// ends a path, such as a ROR id written as a URL
// (/api/v1/orgs/https://ror.org/05abc1234), which it would otherwise
// answer with a redirect to a different id. The part after a wildcard
// route's fixed prefix is re-encoded with its slashes escaped: the mux
// then matches the path as written and PathValue returns the id
// unchanged. Other requests are returned as they are.
func (s *server) keepTailSlashes(r *http.Request) *http.Request {
	esc := r.URL.EscapedPath()
	for _, prefix := range s.tailPrefixes {
		tail, ok := strings.CutPrefix(esc, prefix)
		if !ok || !strings.Contains(tail, "//") {
			continue
		}
		rest, ok := strings.CutPrefix(r.URL.Path, prefix)
		if !ok {
			return r
		}
		u := *r.URL
		u.RawPath = prefix + url.PathEscape(rest)
		r2 := *r
		r2.URL = &u
		return &r2
	}
	return r
}

// endpoint wraps a route's handler: it checks the query string, runs the
// handler and writes the problem it returns.
func (s *server) endpoint(rt *route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fail := s.writeProblem
		if rt.Page {
			fail = s.writePageProblem
		}
		r, p := s.authorize(w, r, rt)
		if p != nil {
			fail(w, r, p)
			return
		}
		q, p := parseQuery(r.URL.RawQuery, rt)
		if p != nil {
			fail(w, r, p)
			return
		}
		if err := rt.handle(w, r, q); err != nil {
			var p *Problem
			if !errors.As(err, &p) {
				s.log.Error("request failed", "request_id", w.Header().Get("X-Request-Id"), "route", rt.Method+" "+rt.Path, "err", err)
				p = &Problem{Type: typeInternal, Status: http.StatusInternalServerError, Detail: "the server failed to answer this request; it has been logged under the request id"}
			}
			fail(w, r, p)
		}
	})
}

// unmatched answers a request no route takes: 405 with Allow when the path
// exists under other methods, else 404; as an HTML page to a browser
// asking for a page outside the API (see wantsPage), else as a problem.
func (s *server) unmatched(w http.ResponseWriter, r *http.Request) {
	write := s.writeProblem
	if wantsPage(r) {
		setPageHeaders(w.Header())
		write = s.writePageProblem
	}
	var allow []string
	for _, m := range s.methods {
		probe := r.WithContext(r.Context())
		probe.Method = m
		if _, p := s.mux.Handler(probe); s.byPattern[p] != nil {
			allow = append(allow, m)
		}
	}
	if len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		write(w, r, &Problem{Type: typeMethodNotAllowed, Status: http.StatusMethodNotAllowed,
			Detail: fmt.Sprintf("%s is not allowed on %s; use %s", sanitize(r.Method), r.URL.EscapedPath(), strings.Join(allow, ", "))})
		return
	}
	write(w, r, &Problem{Type: typeNotFound, Status: http.StatusNotFound,
		Detail: fmt.Sprintf("no resource at %s; the API is described at /api/v1/openapi.json", r.URL.EscapedPath())})
}

// finish records metrics and logs one request.
func (s *server) finish(rec *recorder, r *http.Request, rt *route, id string, start time.Time) {
	status := rec.status
	if status == 0 {
		status = http.StatusOK
	}
	d := time.Since(start)
	label := "unmatched"
	if rt != nil {
		label = rt.Path
	}
	s.metrics.observe(label, r.Method, status, d)
	level := slog.LevelDebug
	switch {
	case status >= 500:
		level = slog.LevelError
	case status >= 400:
		level = slog.LevelInfo
	}
	if !s.log.Enabled(r.Context(), level) {
		return
	}
	s.log.LogAttrs(r.Context(), level, "http request",
		slog.String("request_id", id),
		slog.String("method", sanitize(r.Method)),
		slog.String("route", label),
		slog.String("path", r.URL.EscapedPath()),
		slog.Int("status", status),
		slog.Int64("bytes", rec.bytes),
		slog.Duration("duration", d),
		slog.String("remote", r.RemoteAddr))
}

// setSecurityHeaders sets the headers every response carries. The API
// serves only JSON, so the content security policy forbids everything a
// browser might otherwise load or run from a response.
func setSecurityHeaders(h http.Header) {
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	h.Set("Cache-Control", "no-store")
}

// recorder remembers the status and size of a response for metrics, logs
// and panic recovery.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

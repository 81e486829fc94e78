package web

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/collabcheck/collabcheck/internal/assess"
	"github.com/collabcheck/collabcheck/internal/audit"
	"github.com/collabcheck/collabcheck/internal/auth"
	"github.com/collabcheck/collabcheck/internal/cases"
	"github.com/collabcheck/collabcheck/internal/feeds"
	"github.com/collabcheck/collabcheck/internal/match"
	"github.com/collabcheck/collabcheck/internal/registry"
	"github.com/collabcheck/collabcheck/internal/report"
	"github.com/collabcheck/collabcheck/internal/resolving"
	"github.com/collabcheck/collabcheck/internal/screening"
	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/ui"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// pageCSP is the Content-Security-Policy of the HTML pages: stylesheets
// and images from this origin only, forms posting back to it, no script
// at all, never framed.
const pageCSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// setPageHeaders replaces the API's CSP with the pages' one; the other
// security headers (nosniff, DENY framing, no referrer, no-store) stay.
func setPageHeaders(h http.Header) {
	h.Set("Content-Security-Policy", pageCSP)
}

// pageRoutes are the web interface's pages, in the same table as the API:
// one access check, one cross-origin protection, one set of metrics.
func (s *server) pageRoutes() []route {
	const get, post = http.MethodGet, http.MethodPost
	return append([]route{
		{Method: get, Path: "/static/{file}", Strict: true, Access: public, Page: true, handle: s.pageStatic},
		{Method: get, Path: "/signin", Strict: true, Params: []string{"next"}, Access: public, Page: true, handle: s.pageSignIn},
		{Method: post, Path: "/signin", Strict: true, Access: public, Page: true, handle: s.pageSignInSubmit},
		{Method: post, Path: "/signout", Strict: true, Access: signedIn, Page: true, handle: s.pageSignOut},
		{Method: get, Path: "/{$}", Strict: true, Params: []string{"done"}, Access: signedIn, Page: true, handle: s.pageDashboard},
		{Method: get, Path: "/screen", Strict: true, Params: []string{"name"}, Access: signedIn, Page: true, handle: s.pageScreen},
		{Method: post, Path: "/screen", Strict: true, Access: signedIn, Page: true, handle: s.pageScreenList},
		{Method: get, Path: "/cases/new", Strict: true, Access: signedIn, Perm: auth.ProposeCase, Page: true, handle: s.pageNewCase},
		{Method: post, Path: "/cases/new", Strict: true, Access: signedIn, Perm: auth.ProposeCase, Page: true, handle: s.pageNewCaseSubmit},
		{Method: get, Path: "/cases/{id}", Strict: true, Params: []string{"done"}, Access: signedIn, Page: true, handle: s.pageCase},
		{Method: post, Path: "/cases/{id}/submit", Strict: true, Access: signedIn, Perm: auth.ProposeCase, Page: true, handle: s.pageCaseAction("submit")},
		{Method: post, Path: "/cases/{id}/review", Strict: true, Access: signedIn, Perm: auth.ReviewCase, Page: true, handle: s.pageCaseAction("review")},
		{Method: post, Path: "/cases/{id}/refer", Strict: true, Access: signedIn, Perm: auth.ReviewCase, Page: true, handle: s.pageCaseAction("refer")},
		{Method: post, Path: "/cases/{id}/decision", Strict: true, Access: signedIn, Perm: auth.ReviewCase, Page: true, handle: s.pageCaseAction("decision")},
		{Method: post, Path: "/cases/{id}/close", Strict: true, Access: signedIn, Perm: auth.ReviewCase, Page: true, handle: s.pageCaseAction("close")},
		{Method: post, Path: "/cases/{id}/assign", Strict: true, Access: signedIn, Perm: auth.ReviewCase, Page: true, handle: s.pageCaseAction("assign")},
		{Method: post, Path: "/cases/{id}/reassess", Strict: true, Access: signedIn, Perm: auth.ReviewCase, Page: true, handle: s.pageCaseAction("reassess")},
		{Method: post, Path: "/cases/{id}/reopen", Strict: true, Access: signedIn, Perm: auth.ReviewCase, Page: true, handle: s.pageCaseAction("reopen")},
		{Method: post, Path: "/cases/{id}/comments", Strict: true, Access: signedIn, Page: true, handle: s.pageCaseAction("comment")},
		{Method: post, Path: "/cases/{id}/advice", Strict: true, Access: signedIn, Perm: auth.AdviseCase, Page: true, handle: s.pageCaseAction("advice")},
		{Method: post, Path: "/cases/{id}/checklist/{mitigation}", Strict: true, Access: signedIn, Perm: auth.ProposeCase, Page: true, handle: s.pageCaseAction("checklist")},
		{Method: get, Path: "/queue", Strict: true, Access: signedIn, Page: true, handle: s.pageQueue},
		{Method: get, Path: "/lists", Strict: true, Access: signedIn, Page: true, handle: s.pageLists},
		{Method: get, Path: "/orgs", Strict: true, Params: []string{"q"}, Access: signedIn, Page: true, handle: s.pageOrgs},
		{Method: get, Path: "/orgs/{id...}", Strict: true, Access: signedIn, Page: true, handle: s.pageOrg},
		{Method: get, Path: "/admin", Strict: true, Params: []string{"done"}, Access: signedIn, Perm: auth.ManageUsers, Page: true, handle: s.pageAdmin},
		{Method: post, Path: "/admin/users", Strict: true, Access: signedIn, Perm: auth.ManageUsers, Page: true, handle: s.pageAdminUser},
		{Method: post, Path: "/admin/tokens", Strict: true, Access: signedIn, Perm: auth.ManageUsers, Page: true, handle: s.pageAdminToken},
		{Method: post, Path: "/admin/tokens/{id}/revoke", Strict: true, Access: signedIn, Perm: auth.ManageUsers, Page: true, handle: s.pageAdminRevokeToken},
		{Method: post, Path: "/admin/tenants", Strict: true, Access: signedIn, Perm: auth.ManageUsers, Operator: true, Page: true, handle: s.pageAdminTenant},
		{Method: post, Path: "/admin/policy", Strict: true, Access: signedIn, Perm: auth.ManageUsers, Page: true, handle: s.pageAdminPolicy},
	}, slices.Concat(s.reportRoutes(), s.bulkRoutes(), s.alertRoutes())...)
}

// writePageProblem answers a page request that failed: a caller who is
// not signed in is sent to the sign-in page (303, coming back here after
// a GET), anything else gets an HTML page with the problem's status and
// detail.
func (s *server) writePageProblem(w http.ResponseWriter, r *http.Request, p *Problem) {
	if p.Status == http.StatusUnauthorized {
		w.Header().Del("WWW-Authenticate")
		target := "/signin"
		if r.Method == http.MethodGet && r.URL.Path != "/" {
			target += "?next=" + url.QueryEscape(r.URL.RequestURI())
		}
		http.Redirect(w, r, target, http.StatusSeeOther)
		return
	}
	title := http.StatusText(p.Status)
	if p.Status == http.StatusNotFound {
		title = "Not found"
	}
	var v *ui.Viewer
	if pr, err := principalOf(r); err == nil {
		v = viewerOf(pr)
	}
	if err := s.render(w, p.Status, "error", ui.Page{Title: title, Viewer: v, Data: p.Detail}); err != nil {
		s.log.Error("render an error page", "request_id", w.Header().Get("X-Request-Id"), "err", err)
	}
}

// render writes a page with a status.
func (s *server) render(w http.ResponseWriter, status int, name string, p ui.Page) error {
	var buf strings.Builder
	if err := s.ui.Render(&buf, name, p); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := w.Write([]byte(buf.String()))
	return err
}

// page renders a page for a signed-in caller.
func (s *server) page(w http.ResponseWriter, r *http.Request, status int, name, title string, pg ui.Page) error {
	p, err := principalOf(r)
	if err != nil {
		return err
	}
	pg.Title, pg.Viewer = title, viewerOf(p)
	return s.render(w, status, name, pg)
}

func viewerOf(p *principal) *ui.Viewer {
	r := p.User.Role
	return &ui.Viewer{Name: p.User.Name, Email: p.User.Email, Role: string(r), Tenant: p.Tenant.Name,
		Adviser: p.Tenant.Kind == auth.AdviserTeam, Company: p.Tenant.Kind == auth.Company, Operator: p.Operator,
		CanPropose: r.Can(auth.ProposeCase), CanReview: r.Can(auth.ReviewCase), CanAdvise: r.Can(auth.AdviseCase), CanManage: r.Can(auth.ManageUsers)}
}

// seeOther redirects after a successful form (POST/redirect/GET).
func seeOther(w http.ResponseWriter, r *http.Request, target string) error {
	http.Redirect(w, r, target, http.StatusSeeOther)
	return nil
}

// readForm parses a form body (URL-encoded, at most MaxBodyBytes).
func readForm(w http.ResponseWriter, r *http.Request) *Problem {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "application/x-www-form-urlencoded" {
		return &Problem{Type: typeMediaType, Status: http.StatusUnsupportedMediaType,
			Detail: "send the form as application/x-www-form-urlencoded"}
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
	if err := r.ParseForm(); err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			return tooLarge(0, "a form is at most 5 MiB")
		}
		return badRequest(bodyError("#", "the form could not be read: %s", sanitize(err.Error())))
	}
	return nil
}

// formValues flattens a parsed form for redisplay (the first value of
// each field; each checked box as "name=value").
func formValues(r *http.Request) map[string]string {
	out := map[string]string{}
	for k, vs := range r.PostForm {
		if len(vs) > 0 {
			out[k] = vs[0]
		}
		for _, v := range vs {
			out[k+"="+v] = "1"
		}
	}
	return out
}

// localTarget returns next when it is a path on this site, else "/", so
// the sign-in page cannot be used to send people elsewhere.
func localTarget(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") || strings.ContainsAny(next, "\r\n") {
		return "/"
	}
	return next
}

// pageStatic serves the embedded stylesheet and images. They are public:
// the sign-in page needs them.
func (s *server) pageStatic(w http.ResponseWriter, r *http.Request, _ query) error {
	name := r.PathValue("file")
	data, err := fs.ReadFile(ui.Static(), name)
	if err != nil || !fs.ValidPath(name) {
		return &Problem{Type: typeNotFound, Status: http.StatusNotFound, Detail: "no such file"}
	}
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Cache-Control", "public, max-age=3600")
	_, err = w.Write(data)
	return err
}

// pageSignIn shows the sign-in form.
func (s *server) pageSignIn(w http.ResponseWriter, r *http.Request, q query) error {
	if s.acc == nil {
		return noCasework()
	}
	return s.render(w, http.StatusOK, "signin", ui.Page{Title: "Sign in", Form: map[string]string{"next": localTarget(cmp.Or(q["next"], "/"))}})
}

// pageSignInSubmit signs in through the same path as POST
// /api/v1/sessions; a refusal shows the form again with the reason.
func (s *server) pageSignInSubmit(w http.ResponseWriter, r *http.Request, _ query) error {
	if s.acc == nil {
		return noCasework()
	}
	if prob := readForm(w, r); prob != nil {
		return prob
	}
	form := formValues(r)
	delete(form, "password")
	var fe ui.FormErrors
	email, password := strings.TrimSpace(r.PostFormValue("email")), r.PostFormValue("password")
	if email == "" {
		fe.Add("email", "Enter your email address.")
	}
	if password == "" {
		fe.Add("password", "Enter your password.")
	}
	if fe.Any() {
		return s.render(w, http.StatusBadRequest, "signin", ui.Page{Title: "Sign in", Errors: fe, Form: form})
	}
	_, _, err := s.startSession(w, r, email, password)
	var p *Problem
	if errors.As(err, &p) && (p.Status == http.StatusUnauthorized || p.Status == http.StatusTooManyRequests) {
		w.Header().Del("WWW-Authenticate")
		msg := "The email or the password is wrong."
		if p.Status == http.StatusTooManyRequests {
			msg = "Too many failed sign-ins for this email: " + p.Detail + "."
		}
		fe.Add("", msg)
		return s.render(w, p.Status, "signin", ui.Page{Title: "Sign in", Errors: fe, Form: form})
	}
	if err != nil {
		return err
	}
	return seeOther(w, r, localTarget(r.PostFormValue("next")))
}

// pageSignOut ends the session and goes back to the sign-in page.
func (s *server) pageSignOut(w http.ResponseWriter, r *http.Request, _ query) error {
	p, err := principalOf(r)
	if err != nil {
		return err
	}
	if _, err := s.endSession(w, r, p); err != nil {
		return err
	}
	return seeOther(w, r, "/signin")
}

// dashboardData is the dashboard's view model.
type dashboardData struct {
	Mine, Awaiting, Referred   []cases.Summary
	ShowAwaiting, ShowReferred bool
	Alerts                     alertsView
	Total                      int
	Truncated                  bool
	Charts                     []namedChart
}

// portfolioLimit is how many cases (most recently updated first) the
// dashboard's portfolio charts cover, and opportunityLimit how many of
// them are read in full for the opportunity-field chart.
const (
	portfolioLimit   = MaxCaseLimit
	opportunityLimit = 100
)

// pageDashboard shows the caller's cases, the cases awaiting a decision,
// the referred cases of an adviser team and the portfolio charts.
func (s *server) pageDashboard(w http.ResponseWriter, r *http.Request, q query) error {
	p, err := principalOf(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	var d dashboardData
	if d.Alerts, err = s.visibleAlerts(r, p, store.AlertFilter{Unacked: true, Limit: 20}); err != nil {
		return err
	}
	if p.Tenant.Kind != auth.AdviserTeam {
		if d.Mine, err = s.visibleCases(ctx, p, store.CaseFilter{Limit: 20}, true); err != nil {
			return err
		}
	}
	if p.User.Role.Can(auth.ReviewCase) {
		d.ShowAwaiting = true
		if d.Awaiting, err = s.visibleCases(ctx, p, store.CaseFilter{States: []cases.State{cases.Submitted, cases.InReview, cases.Referred}, Limit: 50}, false); err != nil {
			return err
		}
	}
	if p.Tenant.Kind == auth.AdviserTeam {
		d.ShowReferred = true
		if d.Referred, err = s.visibleCases(ctx, p, store.CaseFilter{ReferredOnly: true, Limit: 50}, false); err != nil {
			return err
		}
	}
	all, err := s.visibleCases(ctx, p, store.CaseFilter{Limit: portfolioLimit}, false)
	if err != nil {
		return err
	}
	d.Total, d.Truncated = len(all), len(all) == portfolioLimit
	d.Charts, err = s.portfolioCharts(r, p, all)
	if err != nil {
		return err
	}
	flash := ""
	if q["done"] == "ack" {
		flash = "Alert acknowledged."
	}
	return s.page(w, r, http.StatusOK, "dashboard", "Dashboard", ui.Page{Flash: flash, Data: d})
}

// fullCases reads the full cases behind summaries, at most limit of them
// (0: all), skipping any that vanished meanwhile or that p may not see.
// The reads run in parallel: decoding stored cases is most of the cost of
// the portfolio pages.
func (s *server) fullCases(r *http.Request, p *principal, sums []cases.Summary, limit int) ([]cases.Case, error) {
	if limit > 0 && len(sums) > limit {
		sums = sums[:limit]
	}
	got := make([]cases.Case, len(sums))
	ok := make([]bool, len(sums))
	errs := make([]error, len(sums))
	a := p.actor()
	parallel(len(sums), func(i int) {
		c, err := s.cw.Case(r.Context(), p.Tenant.ID, sums[i].ID)
		switch {
		case errors.Is(err, store.ErrNotFound):
		case err != nil:
			errs[i] = fmt.Errorf("case %d: %w", sums[i].ID, err)
		default:
			got[i], ok[i] = c, cases.CanView(&c, a)
		}
	})
	out := make([]cases.Case, 0, len(sums))
	for i := range sums {
		if errs[i] != nil {
			return nil, errs[i]
		}
		if ok[i] {
			out = append(out, got[i])
		}
	}
	return out, nil
}

// portfolioCharts draws the dashboard's charts with the portfolio
// report's own statistics and chart helpers: cases by risk level,
// opportunity field (read from the most recent cases' assessments),
// partner country, and decisions by month and outcome.
func (s *server) portfolioCharts(r *http.Request, p *principal, all []cases.Summary) ([]namedChart, error) {
	full, err := s.fullCases(r, p, all, opportunityLimit)
	if err != nil {
		return nil, fmt.Errorf("portfolio: %w", err)
	}
	st, err := report.Portfolio{Tenant: p.Tenant.Name, Summaries: all, Cases: full, Generated: time.Now()}.Stats()
	if err != nil {
		return nil, fmt.Errorf("portfolio: %w", err)
	}
	ch, err := st.Charts()
	if err != nil {
		return nil, fmt.Errorf("portfolio charts: %w", err)
	}
	fieldTitle := "Opportunity fields"
	if len(all) > opportunityLimit {
		fieldTitle = fmt.Sprintf("Opportunity fields (the %d most recently updated cases)", opportunityLimit)
	}
	for _, h := range []*template.HTML{&ch.Risk, &ch.Field, &ch.Country, &ch.DecisionsOverTime} {
		*h = ui.PresentationSVG(*h)
	}
	out := []namedChart{{"Risk levels", ch.Risk}}
	if ch.Field != "" {
		out = append(out, namedChart{fieldTitle, ch.Field})
	}
	return append(out, namedChart{"Partner countries", ch.Country}, namedChart{"Outcomes over time", ch.DecisionsOverTime}), nil
}

// namedChart is one chart of the dashboard: a caption and inline SVG.
type namedChart struct {
	Title string
	SVG   template.HTML
}

// pageQueue lists the cases referred to the caller's adviser team.
func (s *server) pageQueue(w http.ResponseWriter, r *http.Request, _ query) error {
	p, err := principalOf(r)
	if err != nil {
		return err
	}
	var list []cases.Summary
	if p.Tenant.Kind == auth.AdviserTeam {
		if list, err = s.visibleCases(r.Context(), p, store.CaseFilter{ReferredOnly: true, Limit: MaxCaseLimit}, false); err != nil {
			return err
		}
	}
	return s.page(w, r, http.StatusOK, "queue", "Referral queue", ui.Page{Data: list})
}

// screenData is the screening page's view model.
type screenData struct {
	Name, Names string
	Results     []screening.Result
	Screened    bool
}

// pageScreen shows the screening form and, with ?name=, one name's
// results with each candidate's explanation.
func (s *server) pageScreen(w http.ResponseWriter, r *http.Request, q query) error {
	name := strings.TrimSpace(q["name"])
	d := screenData{Name: name}
	if name == "" {
		return s.page(w, r, http.StatusOK, "screen", "Screen names", ui.Page{Data: d})
	}
	return s.screenNames(w, r, d, []string{name}, "name")
}

// pageScreenList screens a pasted list, one name a line.
func (s *server) pageScreenList(w http.ResponseWriter, r *http.Request, _ query) error {
	if prob := readForm(w, r); prob != nil {
		return prob
	}
	text := r.PostFormValue("names")
	var names []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			names = append(names, l)
		}
	}
	return s.screenNames(w, r, screenData{Names: text}, names, "names")
}

// screenNames screens names and shows the results, or, when the list form
// asked for a download (format csv or xlsx), answers them as a file.
func (s *server) screenNames(w http.ResponseWriter, r *http.Request, d screenData, names []string, field string) error {
	var fe ui.FormErrors
	switch {
	case len(names) == 0:
		fe.Add(field, "Enter at least one name.")
	case len(names) > MaxBatch:
		fe.Add(field, fmt.Sprintf("Enter at most %d names (one a line); this list has %d.", MaxBatch, len(names)))
	}
	for i, n := range names {
		if err := checkName(n); err != nil {
			fe.Add(field, fmt.Sprintf("Line %d: %v.", i+1, err))
		}
	}
	if fe.Any() {
		return s.page(w, r, http.StatusBadRequest, "screen", "Screen names", ui.Page{Errors: fe, Data: d})
	}
	if !s.svc.Ready() {
		return notReady()
	}
	d.Results = make([]screening.Result, len(names))
	errs := make([]error, len(names))
	parallel(len(names), func(i int) {
		d.Results[i], errs[i] = s.svc.Screen(names[i], match.Options{Limit: match.DefaultLimit, Threshold: match.DefaultThreshold})
	})
	for i, err := range errs {
		if err != nil {
			if e := nameError(err); e != nil {
				fe.Add(field, fmt.Sprintf("Line %d: %v.", i+1, e))
				continue
			}
			return fmt.Errorf("screen from the page: %w", err)
		}
	}
	if fe.Any() {
		return s.page(w, r, http.StatusBadRequest, "screen", "Screen names", ui.Page{Errors: fe, Data: d})
	}
	if f := r.PostFormValue("format"); f == "csv" || f == "xlsx" {
		return screeningExport(w, d.Results, f)
	}
	d.Screened = true
	return s.page(w, r, http.StatusOK, "screen", "Screening results", ui.Page{Data: d})
}

// listsData is the list status page's view model.
type listsData struct {
	Lists []listStatus
	Index indexStatus
	Feeds []feeds.SourceStatus
	// Scheduled is set when this server fetches the lists on a schedule.
	Scheduled bool
}

type listStatus struct {
	watchlist.Version
	Indexed bool
	Diff    *watchlist.Diff
	DiffErr string
}

// diffShown is how many entries of each kind of change the lists page
// shows.
const diffShown = 20

// pageLists shows the active list versions, the diff of each list's last
// update, and when each source was last fetched.
func (s *server) pageLists(w http.ResponseWriter, r *http.Request, _ query) error {
	ctx := r.Context()
	st := s.svc.Store()
	active, err := st.Lists(ctx)
	if err != nil {
		return fmt.Errorf("read lists: %w", err)
	}
	indexed := map[int64]bool{}
	for _, v := range s.svc.Versions() {
		indexed[v.ID] = true
	}
	var d listsData
	current := len(active) == len(indexed)
	for _, v := range active {
		ls := listStatus{Version: v, Indexed: indexed[v.ID]}
		current = current && indexed[v.ID]
		diff, err := st.Diff(ctx, v.List, 0, 0)
		if err != nil {
			ls.DiffErr = "the last update could not be compared: " + sanitizeLong(err.Error())
		} else {
			diff.Added = diff.Added[:min(len(diff.Added), diffShown)]
			diff.Removed = diff.Removed[:min(len(diff.Removed), diffShown)]
			diff.Changed = diff.Changed[:min(len(diff.Changed), diffShown)]
			ls.Diff = &diff
		}
		d.Lists = append(d.Lists, ls)
	}
	ents, nms := s.svc.Index().Len()
	d.Index = indexStatus{Ready: s.svc.Ready(), Current: current, Entities: ents, Names: nms}
	switch all, _ := s.listFeedStatus(); {
	case all != nil:
		d.Feeds, d.Scheduled = all, true
	default:
		// No scheduler in this process: what the store recorded of
		// fetches by `collabcheck lists update` or another server.
		if f, err := store.FeedsOf(st); err == nil {
			states, err := f.FeedStates(ctx)
			if err != nil {
				return fmt.Errorf("read feed states: %w", err)
			}
			for _, fs := range states {
				h := feeds.OK
				switch {
				case fs.LastError != "":
					h = feeds.Failing
				case fs.LastSuccess.IsZero():
					h = feeds.Pending
				}
				d.Feeds = append(d.Feeds, feeds.SourceStatus{Source: fs.Source, Health: h, LastAttempt: fs.LastAttempt, LastSuccess: fs.LastSuccess, LastError: fs.LastError, Version: fs.Version})
			}
		}
	}
	return s.page(w, r, http.StatusOK, "lists", "Lists", ui.Page{Data: d})
}

// orgsData is the organisation search page's view model.
type orgsData struct {
	Query      string
	Results    []orgHit
	Searched   bool
	NoRegistry string
}

// pageOrgs searches the registry by name.
func (s *server) pageOrgs(w http.ResponseWriter, r *http.Request, q query) error {
	d := orgsData{Query: strings.TrimSpace(q["q"])}
	res, prob := s.registryReady()
	if prob != nil {
		d.NoRegistry = prob.Detail
		return s.page(w, r, http.StatusServiceUnavailable, "orgs", "Organisations", ui.Page{Data: d})
	}
	if d.Query == "" {
		return s.page(w, r, http.StatusOK, "orgs", "Organisations", ui.Page{Data: d})
	}
	var fe ui.FormErrors
	if err := checkName(d.Query); err != nil {
		fe.Add("q", fmt.Sprintf("%v.", err))
		return s.page(w, r, http.StatusBadRequest, "orgs", "Organisations", ui.Page{Errors: fe, Data: d})
	}
	ms, err := res.Search(d.Query, match.DefaultLimit)
	switch {
	case errors.Is(err, resolving.ErrNoRegistry):
		d.NoRegistry = noRegistry().Detail
		return s.page(w, r, http.StatusServiceUnavailable, "orgs", "Organisations", ui.Page{Data: d})
	case nameError(err) != nil:
		fe.Add("q", fmt.Sprintf("%v.", nameError(err)))
		return s.page(w, r, http.StatusBadRequest, "orgs", "Organisations", ui.Page{Errors: fe, Data: d})
	case err != nil:
		return fmt.Errorf("search the registry: %w", err)
	}
	d.Searched = true
	for _, m := range ms {
		h := orgHit{ID: m.SourceID, Name: m.Name, Score: m.Score, Match: m.Match, Explanation: m.Explanation}
		if len(m.Countries) > 0 {
			h.Country = m.Countries[0]
		}
		d.Results = append(d.Results, h)
	}
	return s.page(w, r, http.StatusOK, "orgs", "Organisations", ui.Page{Data: d})
}

// orgData is the organisation page's view model.
type orgData struct {
	Name string
	resolving.OrgView
}

// pageOrg shows one registry organisation with its parents, children and
// the listed entities it is linked to.
func (s *server) pageOrg(w http.ResponseWriter, r *http.Request, _ query) error {
	id := r.PathValue("id")
	for _, scheme := range []string{"https:/", "http:/"} {
		if rest, ok := strings.CutPrefix(id, scheme); ok && !strings.HasPrefix(rest, "/") {
			id = scheme + "/" + rest
		}
	}
	if _, err := registry.NormalizeID(id); err != nil {
		return badRequest(paramError("id", "is not a ROR id: want 9 characters like 05abc1234, optionally after https://ror.org/"))
	}
	res, prob := s.registryReady()
	if prob != nil {
		return prob
	}
	v, err := res.Org(id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return &Problem{Type: typeNotFound, Status: http.StatusNotFound, Detail: "The registry has no organisation with this id."}
	case errors.Is(err, resolving.ErrNoRegistry):
		return noRegistry()
	case err != nil:
		return fmt.Errorf("organisation %q: %w", sanitize(id), err)
	}
	return s.page(w, r, http.StatusOK, "org", v.Org.DisplayName(), ui.Page{Data: orgData{Name: v.Org.DisplayName(), OrgView: v}})
}

// outcomes are the decision outcomes offered on the case page.
var outcomes = []assess.Outcome{assess.OutcomeProceed, assess.OutcomeProceedWithMitigations, assess.OutcomeReferToAdviser, assess.OutcomeDoNotProceed}

// caseData is the case page's view model.
type caseData struct {
	Case     cases.Case
	History  []audit.Entry
	Advisers []auth.Tenant
	Outcomes []assess.Outcome
	// What the viewer may do in the case's state.
	CanSubmit, CanReview, CanRefer, CanDecide, CanClose, CanReopen, CanAdvise, CanConfirm, CanComment bool
	// CanAssign and CanReassess: an officer of the owning organisation
	// may give the case to one of its users (Users) and have it assessed
	// again with the current lists and policy, until it is closed.
	CanAssign, CanReassess bool
	Users                  []auth.User
	Owner                  bool
	Reports                []reportLink
	Alerts                 alertsView
}

// reportLink is a download offered on the case page.
type reportLink struct {
	Label, Href string
}

// caseFlash are the notices shown after each case action.
var caseFlash = map[string]string{
	"created": "Collaboration recorded and assessed.", "submit": "Case submitted for review.", "review": "Review started; the case is assigned to you.",
	"refer": "Case referred.", "decision": "Decision recorded.", "close": "Case closed.", "reopen": "Case reopened.",
	"comment": "Comment added.", "advice": "Advice recorded.", "checklist": "Checklist updated.", "ack": "Alert acknowledged.",
	"assign": "Case assigned.", "reassess": "Case assessed again with the current lists and policy.",
}

// pageCase shows a case: the assessment with its evidence, the mitigation
// checklist, the actions the viewer may take, comments and history.
func (s *server) pageCase(w http.ResponseWriter, r *http.Request, q query) error {
	p, err := principalOf(r)
	if err != nil {
		return err
	}
	c, err := s.visibleCase(r, p)
	if err != nil {
		return err
	}
	return s.renderCase(w, r, p, c, http.StatusOK, ui.Page{Flash: caseFlash[q["done"]]})
}

func (s *server) renderCase(w http.ResponseWriter, r *http.Request, p *principal, c cases.Case, status int, pg ui.Page) error {
	hist, err := s.historyOf(r.Context(), p, c)
	if err != nil {
		return err
	}
	role := p.User.Role
	owner := p.Tenant.ID == c.TenantID
	d := caseData{Case: c, History: hist, Outcomes: outcomes, Owner: owner}
	d.CanSubmit = owner && role.Can(auth.ProposeCase) && c.State == cases.Draft
	d.CanReview = owner && role.Can(auth.ReviewCase) && c.State == cases.Submitted
	d.CanRefer = owner && role.Can(auth.ReviewCase) && c.State == cases.InReview
	d.CanDecide = owner && role.Can(auth.ReviewCase) && (c.State == cases.InReview || c.State == cases.Referred)
	d.CanClose = owner && role.Can(auth.ReviewCase) && c.State == cases.Decided
	d.CanReopen = owner && role.Can(auth.ReviewCase) && (c.State == cases.Decided || c.State == cases.Closed)
	d.CanAdvise = !owner && role.Can(auth.AdviseCase) && c.State == cases.Referred
	d.CanConfirm = owner && role.Can(auth.ProposeCase) && c.State != cases.Closed && c.State != cases.Decided
	d.CanComment = c.State != cases.Closed
	d.CanAssign = owner && role.Can(auth.ReviewCase) && c.State != cases.Closed
	d.CanReassess = d.CanAssign
	if d.CanAssign {
		if d.Users, err = s.acc.ListUsers(r.Context(), c.TenantID); err != nil {
			return fmt.Errorf("users of tenant %d: %w", c.TenantID, err)
		}
	}
	if d.CanRefer {
		all, err := s.acc.Tenants(r.Context())
		if err != nil {
			return fmt.Errorf("referral targets: %w", err)
		}
		for _, t := range all {
			if t.Kind == auth.AdviserTeam {
				d.Advisers = append(d.Advisers, t)
			}
		}
	}
	d.Reports = s.caseReports(c)
	if owner {
		if d.Alerts, err = s.visibleAlerts(r, p, store.AlertFilter{CaseID: c.ID, Unacked: true}); err != nil {
			return err
		}
	}
	pg.Data = d
	return s.page(w, r, status, "case", fmt.Sprintf("Case %d: %s", c.ID, c.Collaboration.Title), pg)
}

// assigneeFromForm returns the user the form's user_id names among the
// users of tenant, or nil when it names none.
func (s *server) assigneeFromForm(r *http.Request, tenant int64) (*cases.Person, error) {
	id, err := strconv.ParseInt(r.PostFormValue("user_id"), 10, 64)
	if err != nil {
		return nil, nil
	}
	return s.tenantPerson(r.Context(), tenant, id)
}

// pageCaseAction handles one of the case page's forms: it reads the form,
// builds the workflow operation the matching API route builds, and
// applies it through the same write path. A refused form shows the case
// page again with the errors beside the fields.
func (s *server) pageCaseAction(kind string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, _ query) error {
		p, err := principalOf(r)
		if err != nil {
			return err
		}
		c, err := s.visibleCase(r, p)
		if err != nil {
			return err
		}
		if prob := readForm(w, r); prob != nil {
			return prob
		}
		var fe ui.FormErrors
		text := func(field, msg string) string {
			v := r.PostFormValue(field)
			if strings.TrimSpace(v) == "" && msg != "" {
				fe.Add(field, msg)
			}
			return v
		}
		var op cases.Op
		version := 0 // any
		switch kind {
		case "submit":
			op = cases.Submit{}
		case "review":
			op = cases.StartReview{}
		case "close":
			op = cases.Close{}
		case "comment":
			op = cases.AddComment{Text: text("text", "Write a comment.")}
		case "reopen":
			op = cases.Reopen{Reason: text("reason", "Say what new evidence reopens the case.")}
		case "decision":
			o := assess.Outcome(r.PostFormValue("outcome"))
			if !validOutcome(o) {
				fe.Add("outcome", "Choose an outcome.")
			}
			op = cases.Decide{Outcome: o, Rationale: text("rationale", "Give the reasons for the decision.")}
		case "advice":
			o := assess.Outcome(r.PostFormValue("recommendation"))
			if o != "" && !validOutcome(o) {
				fe.Add("recommendation", "Choose a recommendation.")
			}
			op = cases.GiveAdvice{Recommendation: o, Text: text("advice_text", "Write your advice.")}
		case "checklist":
			op = cases.ConfirmMitigation{MitigationID: r.PathValue("mitigation"), Confirmed: r.PostFormValue("confirmed") == "true", Note: r.PostFormValue("note")}
		case "assign":
			if p.Tenant.ID != c.TenantID {
				return forbidden("only the owning organisation may assign its cases")
			}
			a, err := s.assigneeFromForm(r, c.TenantID)
			if err != nil {
				return err
			}
			if a == nil {
				fe.Add("user_id", "Choose a user of your organisation.")
				a = &cases.Person{}
			}
			op = cases.Assign{Assignee: *a}
		case "reassess":
			if p.Tenant.ID != c.TenantID {
				return forbidden("only a research-security officer of the owning organisation may reassess a case")
			}
			a, err := s.assessFor(r.Context(), p.Tenant, c.Collaboration)
			if err != nil {
				return err
			}
			op, version = cases.Reassess{Assessment: a}, c.Version
		case "refer":
			if p.Tenant.ID != c.TenantID {
				return forbidden("only the owning organisation may refer its cases")
			}
			id, err := strconv.ParseInt(r.PostFormValue("tenant_id"), 10, 64)
			var t auth.Tenant
			if err == nil {
				t, err = s.acc.Tenant(r.Context(), id)
			}
			if errors.Is(err, store.ErrNotFound) || (err == nil && t.Kind != auth.AdviserTeam) || errors.Is(err, strconv.ErrSyntax) || errors.Is(err, strconv.ErrRange) {
				fe.Add("tenant_id", "Choose an adviser team.")
			} else if err != nil {
				return fmt.Errorf("referral target: %w", err)
			}
			op = cases.Refer{TenantID: t.ID, TenantName: t.Name, Note: r.PostFormValue("note")}
		default:
			return fmt.Errorf("unknown case action %q", kind)
		}
		form := formValues(r)
		if fe.Any() {
			return s.renderCase(w, r, p, c, http.StatusBadRequest, ui.Page{Errors: fe, Form: form})
		}
		if _, err := s.updateCase(r, p, c, version, op); err != nil {
			var prob *Problem
			if errors.As(err, &prob) && (prob.Status == http.StatusConflict || prob.Status == http.StatusBadRequest) {
				fe.Add("", ui.Label(prob.Detail)+".")
				if c, err = s.visibleCase(r, p); err != nil {
					return err
				}
				return s.renderCase(w, r, p, c, prob.Status, ui.Page{Errors: fe, Form: form})
			}
			return err
		}
		return seeOther(w, r, fmt.Sprintf("/cases/%d?done=%s", c.ID, kind))
	}
}

// Rows of the new-collaboration form: the blank rows shown at first, the
// most the "add rows" button grows to, and the form's repeated groups.
const (
	defaultRows = 3
	maxRows     = 30
)

// repeated is one repeated group of the new-collaboration form: its form
// prefix, the JSON array it fills, and its fields (form name → JSON
// member).
type repeated struct {
	Prefix, Array, Legend string
	Fields                []string
}

var repeatedGroups = []repeated{
	{"partner", "partners", "Partners", []string{"name", "kind", "country", "affiliations", "role"}},
	{"funder", "funders", "Funders", []string{"name", "country", "amount", "currency"}},
	{"facility", "facilities", "Facilities and equipment", []string{"name", "access", "description"}},
	{"visitor", "visitors", "Visiting researchers", []string{"name", "nationality", "field", "duration_months"}},
}

// newCaseData is the new-collaboration page's view model.
type newCaseData struct {
	Rows      map[string]int
	DataKinds []assess.DataKind
	IPTerms   []assess.IPTerm
}

func newCaseView(rows map[string]int) newCaseData {
	return newCaseData{Rows: rows,
		DataKinds: []assess.DataKind{assess.DataNone, assess.DataPersonal, assess.DataHealthGenomic, assess.DataOtherSensitive, assess.DataBulkAggregated},
		IPTerms: []assess.IPTerm{assess.IPBackgroundShared, assess.IPForegroundOwnedByUs, assess.IPForegroundOwnedByPartner, assess.IPJointOwnership,
			assess.IPOpenLicence, assess.IPExclusiveLicenceToPartner, assess.IPPublicationRestricted, assess.IPNotAgreed}}
}

func defaultRowCounts() map[string]int {
	out := map[string]int{}
	for _, g := range repeatedGroups {
		out[g.Prefix] = defaultRows
	}
	out["funder"], out["facility"], out["visitor"] = 2, 2, 2
	return out
}

// pageNewCase shows the new-collaboration form.
func (s *server) pageNewCase(w http.ResponseWriter, r *http.Request, _ query) error {
	p, err := principalOf(r)
	if err != nil {
		return err
	}
	if p.Tenant.Kind == auth.AdviserTeam {
		return forbidden("an adviser tenant does not own cases")
	}
	return s.page(w, r, http.StatusOK, "casenew", "New collaboration", ui.Page{Data: newCaseView(defaultRowCounts()), Form: map[string]string{}})
}

// pageNewCaseSubmit reads the form into a collaboration, validates it as
// a proposal sent to the API is validated (the problems are shown beside
// their fields), assesses it and stores it as a draft case. The "add
// rows" button shows the form again with more blank rows instead.
func (s *server) pageNewCaseSubmit(w http.ResponseWriter, r *http.Request, _ query) error {
	p, err := principalOf(r)
	if err != nil {
		return err
	}
	if p.Tenant.Kind == auth.AdviserTeam {
		return forbidden("an adviser tenant does not own cases")
	}
	if prob := readForm(w, r); prob != nil {
		return prob
	}
	rows := defaultRowCounts()
	for _, g := range repeatedGroups {
		if n, err := strconv.Atoi(r.PostFormValue("rows." + g.Prefix)); err == nil && n > 0 {
			rows[g.Prefix] = min(n, maxRows)
		}
	}
	form := formValues(r)
	if more := r.PostFormValue("more"); more != "" {
		if _, ok := rows[more]; ok {
			rows[more] = min(rows[more]+defaultRows, maxRows)
		}
		return s.page(w, r, http.StatusOK, "casenew", "New collaboration", ui.Page{Data: newCaseView(rows), Form: form})
	}
	coll, fe := collaborationFromForm(r, rows)
	if fe.Any() {
		return s.page(w, r, http.StatusBadRequest, "casenew", "New collaboration", ui.Page{Errors: fe, Data: newCaseView(rows), Form: form})
	}
	a, err := s.assessFor(r.Context(), p.Tenant, coll)
	if err != nil {
		return err
	}
	c, ev, err := cases.New(p.actor(), coll, a, time.Now())
	if err != nil {
		return caseProblem(err)
	}
	if c, err = s.cw.CreateCase(r.Context(), c, ev); err != nil {
		return caseProblem(err)
	}
	return seeOther(w, r, fmt.Sprintf("/cases/%d?done=created", c.ID))
}

// collaborationFromForm builds the proposal document from the form and
// parses it with assess.ParseCollaboration, as the API parses a proposal,
// mapping each problem back to the form field it came from.
func collaborationFromForm(r *http.Request, rows map[string]int) (assess.Collaboration, ui.FormErrors) {
	var fe ui.FormErrors
	doc := map[string]any{}
	str := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	for _, k := range []string{"title", "summary", "research_field"} {
		if v := str(k); v != "" {
			doc[k] = v
		}
	}
	if _, ok := doc["title"]; !ok {
		fe.Add("title", "Give the collaboration a title.")
	}
	if v := str("countries"); v != "" {
		doc["countries"] = splitList(v)
	}
	if ds := r.PostForm["data"]; len(ds) > 0 {
		doc["data"] = ds
	}
	ip := map[string]any{}
	if ts := r.PostForm["ip"]; len(ts) > 0 {
		ip["terms"] = ts
	}
	if v := str("ip_notes"); v != "" {
		ip["notes"] = v
	}
	if len(ip) > 0 {
		doc["ip"] = ip
	}
	number := func(field string, integer bool) (any, bool) {
		v := str(field)
		if v == "" {
			return nil, false
		}
		if integer {
			n, err := strconv.Atoi(v)
			if err != nil {
				fe.Add(field, "Enter a whole number.")
				return nil, false
			}
			return n, true
		}
		f, err := strconv.ParseFloat(strings.ReplaceAll(v, ",", ""), 64)
		if err != nil {
			fe.Add(field, "Enter a number.")
			return nil, false
		}
		return f, true
	}
	if v, ok := number("value_amount", false); ok {
		doc["value"] = map[string]any{"amount": v, "currency": str("value_currency")}
	} else if str("value_currency") != "" {
		fe.Add("value_amount", "Enter the value's amount, or leave the currency blank.")
	}
	if v, ok := number("duration_months", true); ok {
		doc["duration_months"] = v
	}
	// rowOf maps "partners[i]" back to the form row it came from.
	rowOf := map[string]int{}
	for _, g := range repeatedGroups {
		var items []any
		for i := range rows[g.Prefix] {
			item := map[string]any{}
			for _, f := range g.Fields {
				k := fmt.Sprintf("%s.%s.%d", g.Prefix, f, i)
				switch f {
				case "amount":
					if v, ok := number(k, false); ok {
						item[f] = v
					}
				case "duration_months":
					if v, ok := number(k, true); ok {
						item[f] = v
					}
				case "affiliations":
					if v := str(k); v != "" {
						item[f] = splitList(v)
					}
				default:
					if v := str(k); v != "" {
						item[f] = v
					}
				}
			}
			if len(item) == 0 {
				continue
			}
			rowOf[fmt.Sprintf("%s[%d]", g.Array, len(items))] = i
			items = append(items, item)
		}
		if len(items) > 0 {
			doc[g.Array] = items
		} else if g.Array == "partners" {
			doc[g.Array] = []any{}
		}
	}
	if fe.Any() {
		return assess.Collaboration{}, fe
	}
	data, err := json.Marshal(doc)
	if err != nil {
		fe.Add("", "The form could not be read.")
		return assess.Collaboration{}, fe
	}
	coll, err := assess.ParseCollaboration("form", data)
	var pe *assess.ParseError
	if errors.As(err, &pe) {
		for _, pr := range pe.Problems {
			fe.Add(formField(pr.Path, rowOf), ui.Label(pr.Msg)+".")
		}
		if len(pe.Problems) == 0 {
			fe.Add("", "The collaboration is not valid.")
		}
		return coll, fe
	}
	if err != nil {
		fe.Add("", ui.Label(err.Error())+".")
	}
	return coll, fe
}

// splitList splits a comma- or semicolon-separated list.
func splitList(s string) []string {
	var out []string
	for _, v := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' }) {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

var itemPath = regexp.MustCompile(`^([a-z_]+)\[(\d+)\](?:\.([a-z_]+))?`)

// formField maps a document path ("partners[1].country") to the form
// field it came from ("partner.country.<row>"); "" for the form as a
// whole.
func formField(p string, rowOf map[string]int) string {
	if m := itemPath.FindStringSubmatch(p); m != nil {
		for _, g := range repeatedGroups {
			if g.Array != m[1] {
				continue
			}
			row, ok := rowOf[fmt.Sprintf("%s[%s]", m[1], m[2])]
			if !ok {
				return ""
			}
			f := m[3]
			if !slices.Contains(g.Fields, f) {
				f = "name"
			}
			return fmt.Sprintf("%s.%s.%d", g.Prefix, f, row)
		}
		switch m[1] {
		case "data":
			return "data"
		case "countries":
			return "countries"
		}
		return ""
	}
	switch {
	case p == "value" || strings.HasPrefix(p, "value."):
		if strings.HasSuffix(p, "currency") {
			return "value_currency"
		}
		return "value_amount"
	case strings.HasPrefix(p, "ip"):
		return "ip_notes"
	case p == "partners":
		return "partner.name.0"
	}
	for _, k := range []string{"title", "summary", "research_field", "duration_months", "countries", "data"} {
		if p == k {
			return k
		}
	}
	return ""
}

// adminData is the administration page's view model.
type adminData struct {
	Users   []auth.User
	Tokens  []auth.APIToken
	Tenants []auth.Tenant
	Policy  policyResponse
	// NewPassword and NewToken are shown once, after they are made.
	NewUser     *newUserResponse
	NewToken    *newTokenResponse
	PolicyText  string
	Roles       []auth.Role
	TenantKinds []auth.TenantKind
}

// pageAdmin shows the tenant's users, the admin's API tokens, the tenants
// (all of them to operators), and the policy in force.
func (s *server) pageAdmin(w http.ResponseWriter, r *http.Request, q query) error {
	flash := map[string]string{"tenant": "Tenant created.", "policy": "Policy updated.", "policy-removed": "The tenant uses the default policy again."}[q["done"]]
	return s.renderAdmin(w, r, http.StatusOK, ui.Page{Flash: flash}, nil)
}

func (s *server) renderAdmin(w http.ResponseWriter, r *http.Request, status int, pg ui.Page, fill func(*adminData)) error {
	p, err := principalOf(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	d := adminData{Roles: []auth.Role{auth.Researcher, auth.Officer, auth.Adviser, auth.Admin},
		TenantKinds: []auth.TenantKind{auth.Organisation, auth.AdviserTeam, auth.Company}}
	if d.Users, err = s.acc.ListUsers(ctx, p.Tenant.ID); err != nil {
		return fmt.Errorf("users of tenant %d: %w", p.Tenant.ID, err)
	}
	if d.Tokens, err = s.acc.ListTokens(ctx, p.Tenant.ID, p.User.ID); err != nil {
		return fmt.Errorf("tokens of user %d: %w", p.User.ID, err)
	}
	all, err := s.acc.Tenants(ctx)
	if err != nil {
		return fmt.Errorf("list tenants: %w", err)
	}
	for _, t := range all {
		if p.Operator || t.ID == p.Tenant.ID || t.Kind == auth.AdviserTeam {
			d.Tenants = append(d.Tenants, t)
		}
	}
	pol, rec, err := s.tenantPolicy(ctx, p.Tenant)
	if err != nil {
		return err
	}
	d.Policy = policyResponse{TenantID: p.Tenant.ID, Version: pol.Version, Policy: pol}
	if rec.Source != "" {
		d.Policy.Override = &policyOverride{Source: rec.Source, UpdatedBy: rec.UpdatedBy, UpdatedAt: rec.UpdatedAt}
		d.PolicyText = rec.Source
	}
	if fill != nil {
		fill(&d)
	}
	pg.Data = d
	return s.page(w, r, status, "admin", "Administration", pg)
}

// pageAdminUser adds a user to the admin's tenant, as POST /api/v1/users
// does, and shows the one-time password once.
func (s *server) pageAdminUser(w http.ResponseWriter, r *http.Request, _ query) error {
	p, err := principalOf(r)
	if err != nil {
		return err
	}
	if prob := readForm(w, r); prob != nil {
		return prob
	}
	var fe ui.FormErrors
	form := formValues(r)
	email, err := auth.NormalizeEmail(r.PostFormValue("email"))
	if err != nil {
		fe.Add("email", "Enter one email address.")
	}
	name := strings.TrimSpace(r.PostFormValue("name"))
	if name == "" {
		fe.Add("name", "Enter the user's name.")
	}
	role, err := auth.ParseRole(r.PostFormValue("role"))
	if err != nil {
		fe.Add("role", "Choose a role.")
	}
	if fe.Any() {
		return s.renderAdmin(w, r, http.StatusBadRequest, ui.Page{Errors: fe, Form: form}, nil)
	}
	u, pw, err := s.newUserWithPassword(r, store.NewUser{TenantID: p.Tenant.ID, Email: email, Name: name, Role: role})
	switch {
	case errors.Is(err, store.ErrConflict):
		fe.Add("email", "This email address already has an account.")
		return s.renderAdmin(w, r, http.StatusConflict, ui.Page{Errors: fe, Form: form}, nil)
	case errors.Is(err, store.ErrInvalid):
		fe.Add("", ui.Label(sanitizeLong(err.Error()))+".")
		return s.renderAdmin(w, r, http.StatusBadRequest, ui.Page{Errors: fe, Form: form}, nil)
	case err != nil:
		return fmt.Errorf("create user: %w", err)
	}
	return s.renderAdmin(w, r, http.StatusOK, ui.Page{Flash: "User added."}, func(d *adminData) { d.NewUser = &newUserResponse{User: u, Password: pw} })
}

// pageAdminToken makes an API token for the admin and shows it once.
func (s *server) pageAdminToken(w http.ResponseWriter, r *http.Request, _ query) error {
	p, err := principalOf(r)
	if err != nil {
		return err
	}
	if prob := readForm(w, r); prob != nil {
		return prob
	}
	var fe ui.FormErrors
	name := strings.TrimSpace(r.PostFormValue("token_name"))
	if name == "" {
		fe.Add("token_name", "Name the token after where it is used (\"ci\", \"laptop\").")
		return s.renderAdmin(w, r, http.StatusBadRequest, ui.Page{Errors: fe, Form: formValues(r)}, nil)
	}
	nt, err := auth.GenerateToken()
	if err != nil {
		return err
	}
	k, err := s.acc.CreateToken(r.Context(), store.NewAPIToken{TenantID: p.Tenant.ID, UserID: p.User.ID, Name: name, Prefix: nt.Prefix, Hash: nt.Hash})
	switch {
	case errors.Is(err, store.ErrInvalid):
		fe.Add("token_name", ui.Label(sanitizeLong(err.Error()))+".")
		return s.renderAdmin(w, r, http.StatusBadRequest, ui.Page{Errors: fe, Form: formValues(r)}, nil)
	case err != nil:
		return fmt.Errorf("create token: %w", err)
	}
	return s.renderAdmin(w, r, http.StatusOK, ui.Page{Flash: "API token created."}, func(d *adminData) { d.NewToken = &newTokenResponse{Token: k, Secret: nt.Plain} })
}

// pageAdminRevokeToken revokes one of the caller's own API tokens from the
// administration page.
func (s *server) pageAdminRevokeToken(w http.ResponseWriter, r *http.Request, _ query) error {
	p, err := principalOf(r)
	if err != nil {
		return err
	}
	if prob := readForm(w, r); prob != nil {
		return prob
	}
	id, prob := pathID(r, "id")
	if prob != nil {
		return prob
	}
	k, err := s.revokeOwnToken(r, p, id)
	if err != nil {
		return err
	}
	return s.renderAdmin(w, r, http.StatusOK, ui.Page{Flash: fmt.Sprintf("API token “%s” revoked.", k.Name)}, nil)
}

// pageAdminTenant creates a tenant (operators only).
func (s *server) pageAdminTenant(w http.ResponseWriter, r *http.Request, _ query) error {
	if prob := readForm(w, r); prob != nil {
		return prob
	}
	var fe ui.FormErrors
	name := strings.TrimSpace(r.PostFormValue("tenant_name"))
	if name == "" {
		fe.Add("tenant_name", "Enter the tenant's name.")
	}
	kind, err := auth.ParseTenantKind(r.PostFormValue("kind"))
	if err != nil {
		fe.Add("kind", "Choose a kind.")
	}
	if fe.Any() {
		return s.renderAdmin(w, r, http.StatusBadRequest, ui.Page{Errors: fe, Form: formValues(r)}, nil)
	}
	_, err = s.acc.CreateTenant(r.Context(), store.NewTenant{Name: name, Kind: kind})
	switch {
	case errors.Is(err, store.ErrConflict):
		fe.Add("tenant_name", "A tenant with this name already exists.")
		return s.renderAdmin(w, r, http.StatusConflict, ui.Page{Errors: fe, Form: formValues(r)}, nil)
	case errors.Is(err, store.ErrInvalid):
		fe.Add("tenant_name", ui.Label(sanitizeLong(err.Error()))+".")
		return s.renderAdmin(w, r, http.StatusBadRequest, ui.Page{Errors: fe, Form: formValues(r)}, nil)
	case err != nil:
		return fmt.Errorf("create tenant: %w", err)
	}
	return seeOther(w, r, "/admin?done=tenant")
}

// pageAdminPolicy sets (or, when the text is empty, removes) the tenant's
// policy override, validated as PUT /api/v1/policy validates it; problems
// are listed with their lines.
func (s *server) pageAdminPolicy(w http.ResponseWriter, r *http.Request, _ query) error {
	p, err := principalOf(r)
	if err != nil {
		return err
	}
	if prob := readForm(w, r); prob != nil {
		return prob
	}
	src := strings.ReplaceAll(r.PostFormValue("policy"), "\r\n", "\n")
	if strings.TrimSpace(src) == "" {
		if err := s.setPolicy(r, p, s.assessor.DefaultPolicy().Version, ""); err != nil {
			return err
		}
		return seeOther(w, r, "/admin?done=policy-removed")
	}
	if len(src) > assess.MaxPolicyBytes {
		var fe ui.FormErrors
		fe.Add("policy", fmt.Sprintf("A policy is at most %d bytes.", assess.MaxPolicyBytes))
		return s.renderAdmin(w, r, http.StatusBadRequest, ui.Page{Errors: fe, Form: formValues(r)}, nil)
	}
	pol, err := s.assessor.Policy(overrideName, []byte(src))
	if err != nil {
		var pe *assess.ParseError
		if !errors.As(err, &pe) {
			return err
		}
		var fe ui.FormErrors
		for _, pr := range pe.Problems {
			msg := pr.Msg
			if pr.Line > 0 {
				msg = fmt.Sprintf("Line %d: %s", pr.Line, pr.Msg)
			}
			fe.Add("policy", msg+".")
		}
		if !fe.Any() {
			fe.Add("policy", "The policy is not valid.")
		}
		return s.renderAdmin(w, r, http.StatusBadRequest, ui.Page{Errors: fe, Form: formValues(r)}, nil)
	}
	if err := s.setPolicy(r, p, pol.Version, src); err != nil {
		return err
	}
	return seeOther(w, r, "/admin?done=policy")
}

// wantsPage reports whether a request no route takes came from a browser
// navigating the pages (it accepts HTML and is not for the API), so its
// 404 or 405 is answered as a page rather than a problem document.
func wantsPage(r *http.Request) bool {
	return !strings.HasPrefix(r.URL.Path, "/api/") && strings.Contains(r.Header.Get("Accept"), "text/html")
}

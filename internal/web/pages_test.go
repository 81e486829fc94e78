package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/collabcheck/collabcheck/internal/auth"
	"github.com/collabcheck/collabcheck/internal/cases"
	"github.com/collabcheck/collabcheck/internal/feeds"
	"github.com/collabcheck/collabcheck/internal/report/pdftext"
)

// formOf is a URL-encoded form body from name/value pairs.
func formOf(kv ...string) *body {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return &body{ctype: "application/x-www-form-urlencoded", data: []byte(v.Encode())}
}

// checkPage holds an answer of a page route to what every page answer
// must be: never a 500; HTML (or the stylesheet) with the pages' CSP,
// which allows no script; a redirect only to this site.
func checkPage(t testing.TB, x exchange, logs *syncBuffer) {
	t.Helper()
	if x.status == http.StatusInternalServerError {
		t.Errorf("%s %s: 500: %.600s\nlogs: %s", x.req.Method, x.req.URL, x.body, logs.String())
	}
	csp := x.resp.Header.Get("Content-Security-Policy")
	isReport := strings.HasSuffix(x.req.URL.Path, "/report.html") || x.req.URL.Path == "/reports/portfolio"
	if csp != pageCSP && !(isReport && csp == reportCSP) {
		t.Errorf("%s %s: CSP %q, want the pages' %q", x.req.Method, x.req.URL, csp, pageCSP)
	}
	if strings.Contains(csp, "script-src") || strings.Contains(csp, "unsafe-eval") || !strings.HasPrefix(csp, "default-src 'none'") {
		t.Errorf("%s %s: the CSP allows scripts: %s", x.req.Method, x.req.URL, csp)
	}
	if x.status == http.StatusSeeOther {
		if loc := x.resp.Header.Get("Location"); !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") {
			t.Errorf("%s %s: redirect to %q, off this site", x.req.Method, x.req.URL, loc)
		}
		return
	}
	ct := x.resp.Header.Get("Content-Type")
	if strings.HasPrefix(x.req.URL.Path, "/static/") && x.status == 200 {
		if !strings.HasPrefix(ct, "text/css") {
			t.Errorf("%s: Content-Type %q", x.req.URL, ct)
		}
		return
	}
	switch ct {
	case mediaPDF, mediaCSV, mediaXLSX:
		if x.status != 200 || !strings.HasPrefix(x.resp.Header.Get("Content-Disposition"), "attachment; ") {
			t.Errorf("%s %s: a %s download answered %d, Content-Disposition %q", x.req.Method, x.req.URL, ct, x.status, x.resp.Header.Get("Content-Disposition"))
		}
		return
	case "text/html; charset=utf-8":
	default:
		t.Errorf("%s %s: %d answered as %q", x.req.Method, x.req.URL, x.status, ct)
	}
	if isReport && x.status == 200 {
		if bytes.Contains(bytes.ToLower(x.body), []byte("<script")) {
			t.Errorf("%s %s: the report has a script", x.req.Method, x.req.URL)
		}
		return
	}
	if bytes.Contains(bytes.ToLower(x.body), []byte("<script")) || bytes.Contains(x.body, []byte(" style=")) || onHandler.Match(x.body) {
		t.Errorf("%s %s: the page has a script, an inline style or an event handler", x.req.Method, x.req.URL)
	}
	checkLabels(t, x)
}

var (
	onHandler = regexp.MustCompile(`\son[a-z]+=`)
	inputTag  = regexp.MustCompile(`<(input|select|textarea)\b[^>]*>`)
	idAttr    = regexp.MustCompile(`\sid="([^"]+)"`)
	typeAttr  = regexp.MustCompile(`\stype="([^"]+)"`)
)

// checkLabels checks every visible form control of a page has a label
// that names it with for=.
func checkLabels(t testing.TB, x exchange) {
	t.Helper()
	for _, tag := range inputTag.FindAll(x.body, -1) {
		if m := typeAttr.FindSubmatch(tag); m != nil && (string(m[1]) == "hidden" || string(m[1]) == "submit") {
			continue
		}
		id := idAttr.FindSubmatch(tag)
		if id == nil {
			t.Errorf("%s %s: a form control without an id (so without a label): %s", x.req.Method, x.req.URL, tag)
			continue
		}
		if !bytes.Contains(x.body, []byte(`<label for="`+string(id[1])+`"`)) {
			t.Errorf("%s %s: no label for %q", x.req.Method, x.req.URL, id[1])
		}
	}
}

// pageMatrixEntries are the isolation matrix's entries for the pages:
// signed-in pages send anonymous callers to /signin (303), forms that
// succeed redirect (303), and case pages answer 404 to whoever may not see
// the case, as the API does.
func (w *world) pageMatrixEntries() map[string]matrixEntry {
	cid := func(suffix string) func(c cases.Case) string {
		return func(c cases.Case) string { return fmt.Sprintf("/cases/%d%s", c.ID, suffix) }
	}
	fixed := func(p string) func(cases.Case) string { return func(cases.Case) string { return p } }
	fm := func(kv ...string) func(cases.Case, string) *body {
		return func(cases.Case, string) *body { return formOf(kv...) }
	}
	n := 0
	uniq := func() int { n++; return n }
	const see = http.StatusSeeOther
	// A finished bulk-screening job of a.researcher's: its page and result
	// are theirs alone.
	job := w.bulkJob(w.t, as{who: "a.researcher"}, sheetOf("people.csv", "name\nHarbin Institute of Technology\n"))
	return map[string]matrixEntry{
		"GET /static/{file}": {target: fixed("/static/app.css")},
		"GET /signin":        {target: fixed("/signin")},
		"POST /signin": {target: fixed("/signin"), ok: see, except: map[string]int{"": 401},
			body: func(_ cases.Case, caller string) *body {
				email := "someone@nowhere.example"
				if caller != "" {
					email = w.m[caller].user.Email
				}
				return formOf("email", email, "password", testPassword)
			}},
		"POST /signout":  {target: fixed("/signout"), ok: see, body: fm()},
		"GET /{$}":       {target: fixed("/")},
		"GET /screen":    {target: fixed("/screen?name=Harbin+Institute+of+Technology")},
		"POST /screen":   {target: fixed("/screen"), body: fm("names", "NUDT\nHarbin Institute of Technology")},
		"GET /cases/new": {target: fixed("/cases/new")},
		"POST /cases/new": {target: fixed("/cases/new"), ok: see, body: func(_ cases.Case, caller string) *body {
			return formOf("title", "Matrix page case by "+caller, "summary", "Hypersonic glide vehicle guidance.",
				"partner.name.0", "Harbin Institute of Technology", "partner.country.0", "CN", "data", "other_sensitive")
		}},
		"GET /cases/{id}":                         {caseRoute: true, state: cases.Referred, referred: true, target: cid("")},
		"POST /cases/{id}/submit":                 {caseRoute: true, state: cases.Draft, target: cid("/submit"), ok: see, body: fm()},
		"POST /cases/{id}/review":                 {caseRoute: true, state: cases.Submitted, target: cid("/review"), ok: see, body: fm()},
		"POST /cases/{id}/refer":                  {caseRoute: true, state: cases.InReview, target: cid("/refer"), ok: see, body: fm("tenant_id", fmt.Sprint(w.tenants["adv1"].ID), "note", "matrix")},
		"POST /cases/{id}/decision":               {caseRoute: true, state: cases.InReview, target: cid("/decision"), ok: see, body: fm("outcome", "proceed", "rationale", "matrix")},
		"POST /cases/{id}/close":                  {caseRoute: true, state: cases.Decided, target: cid("/close"), ok: see, body: fm()},
		"POST /cases/{id}/assign":                 {caseRoute: true, state: cases.InReview, target: cid("/assign"), ok: see, body: fm("user_id", fmt.Sprint(w.m["a.officer"].user.ID))},
		"POST /cases/{id}/reassess":               {caseRoute: true, state: cases.InReview, target: cid("/reassess"), ok: see, body: fm()},
		"POST /cases/{id}/reopen":                 {caseRoute: true, state: cases.Decided, target: cid("/reopen"), ok: see, body: fm("reason", "matrix")},
		"POST /cases/{id}/comments":               {caseRoute: true, state: cases.Referred, referred: true, target: cid("/comments"), ok: see, body: fm("text", "matrix page comment")},
		"POST /cases/{id}/advice":                 {caseRoute: true, state: cases.Referred, referred: true, target: cid("/advice"), ok: see, body: fm("recommendation", "proceed", "advice_text", "fine")},
		"POST /cases/{id}/checklist/{mitigation}": {caseRoute: true, state: cases.InReview, target: func(c cases.Case) string { return cid("/checklist/" + c.Checklist[0].MitigationID)(c) }, ok: see, body: fm("confirmed", "true")},
		"GET /cases/{id}/report.html":             {caseRoute: true, state: cases.Referred, referred: true, target: cid("/report.html")},
		"GET /cases/{id}/report.pdf":              {caseRoute: true, state: cases.Referred, referred: true, target: cid("/report.pdf")},
		"GET /cases/export.csv":                   {target: fixed("/cases/export.csv")},
		"GET /cases/export.xlsx":                  {target: fixed("/cases/export.xlsx")},
		"GET /reports/portfolio":                  {target: fixed("/reports/portfolio")},
		"POST /screen/bulk":                       {target: fixed("/screen/bulk"), ok: see, body: func(cases.Case, string) *body { return sheetOf("people.csv", "name,country\nNUDT,CN\n") }},
		"GET /screen/bulk/{job}":                  {target: fixed(job), except: onlyFor("a.researcher")},
		"GET /screen/bulk/{job}/result":           {target: fixed(job + "/result"), except: onlyFor("a.researcher")},
		"POST /alerts/{id}/ack": {caseRoute: true, state: cases.InReview, ok: see, body: fm("note", "seen"), target: func(c cases.Case) string {
			return fmt.Sprintf("/alerts/%d/ack", w.raiseAlert(c))
		}},
		"GET /queue":        {target: fixed("/queue")},
		"GET /lists":        {target: fixed("/lists")},
		"GET /orgs":         {target: fixed("/orgs?q=Harbin")},
		"GET /orgs/{id...}": {target: fixed("/orgs/" + strings.TrimPrefix(rorHIT, "https://ror.org/"))},
		"GET /admin":        {target: fixed("/admin")},
		"POST /admin/users": {target: fixed("/admin/users"), body: func(cases.Case, string) *body {
			return formOf("email", fmt.Sprintf("page%d@matrix.example", uniq()), "name", "Page User", "role", "researcher")
		}},
		"POST /admin/tokens": {target: fixed("/admin/tokens"), body: fm("token_name", "matrix page")},
		// a.admin's spare token: theirs to revoke, a 404 for anyone else.
		"POST /admin/tokens/{id}/revoke": {target: fixed(fmt.Sprintf("/admin/tokens/%d/revoke", w.spareTokenOf("a.admin"))), ok: 404, except: map[string]int{"a.admin": 200}, body: fm()},
		"POST /admin/tenants": {target: fixed("/admin/tenants"), ok: see, body: func(cases.Case, string) *body {
			return formOf("tenant_name", fmt.Sprintf("Matrix Page Tenant %d", uniq()), "kind", "company")
		}},
		"POST /admin/policy": {target: fixed("/admin/policy"), ok: see, body: func(_ cases.Case, caller string) *body {
			if caller == "" {
				return formOf("policy", "version: anon\n")
			}
			return formOf("policy", "version: matrix\ndescription: policy of "+w.m[caller].tenant.Name+"\n")
		}},
	}
}

// signInPage signs a member in through the sign-in form and returns the
// session cookie to send as them.
func (w *world) signInPage(t *testing.T, key string) as {
	t.Helper()
	x := w.call(t, as{}, http.MethodPost, "/signin", formOf("email", w.m[key].user.Email, "password", testPassword, "next", "/"))
	want(t, x, http.StatusSeeOther)
	for _, c := range x.resp.Cookies() {
		if c.Name == SessionCookie && c.Value != "" {
			return as{cookie: &http.Cookie{Name: c.Name, Value: c.Value}}
		}
	}
	t.Fatalf("signing in as %s set no session cookie", key)
	return as{}
}

// mustContain fails unless the page holds every string.
func mustContain(t *testing.T, x exchange, ss ...string) {
	t.Helper()
	for _, s := range ss {
		if !bytes.Contains(x.body, []byte(s)) {
			t.Errorf("%s %s (%d) does not show %q", x.req.Method, x.req.URL, x.status, s)
		}
	}
}

func mustNotContain(t *testing.T, x exchange, ss ...string) {
	t.Helper()
	for _, s := range ss {
		if bytes.Contains(x.body, []byte(s)) {
			t.Errorf("%s %s (%d) shows %q", x.req.Method, x.req.URL, x.status, s)
		}
	}
}

var caseLocation = regexp.MustCompile(`^/cases/(\d+)\?done=created$`)

// TestPagesRequireSignIn checks every page but sign-in (and its
// stylesheet) sends a caller who is not signed in to /signin, back to the
// page after a GET; a dead session cookie does the same.
func TestPagesRequireSignIn(t *testing.T) {
	e := newEnv(t, true, nil)
	w := newWorld(t, e, nil)
	concrete := strings.NewReplacer("{id...}", "02hjt4x21", "{id}", "1", "{mitigation}", "m", "{file}", "app.css", "{job}", "0123abcd", "{$}", "")
	for _, rt := range e.api.routes {
		if !rt.Page {
			continue
		}
		target := concrete.Replace(rt.Path)
		for _, who := range []as{{}, {cookie: &http.Cookie{Name: SessionCookie, Value: "expired-or-forged"}}} {
			x := w.call(t, who, rt.Method, target, formOf())
			if rt.Access == public {
				if x.status == http.StatusSeeOther {
					t.Errorf("%s %s is public but redirects", rt.Method, target)
				}
				continue
			}
			want(t, x, http.StatusSeeOther)
			loc := x.resp.Header.Get("Location")
			wantLoc := "/signin"
			if rt.Method == http.MethodGet && target != "/" {
				wantLoc += "?next=" + url.QueryEscape(target)
			}
			if loc != wantLoc {
				t.Errorf("%s %s: Location %q, want %q", rt.Method, target, loc, wantLoc)
			}
		}
	}
}

// TestSignInPage covers the sign-in form: errors beside the fields, a
// wrong password, a safe return target, and sign-out.
func TestSignInPage(t *testing.T) {
	e := newEnv(t, true, nil)
	w := newWorld(t, e, nil)
	x := w.call(t, as{}, http.MethodGet, "/signin?next=/lists", nil)
	want(t, x, 200)
	mustContain(t, x, `<label for="email">`, `<label for="password">`, `value="/lists"`, `href="#main"`)

	x = w.call(t, as{}, http.MethodPost, "/signin", formOf("email", "", "password", ""))
	want(t, x, 400)
	mustContain(t, x, "Enter your email address.", "Enter your password.", `aria-invalid="true"`)

	x = w.call(t, as{}, http.MethodPost, "/signin", formOf("email", "a.officer@alpha-mail.example", "password", "wrong wrong wrong"))
	want(t, x, 401)
	mustContain(t, x, "The email or the password is wrong.", `value="a.officer@alpha-mail.example"`)
	if x.resp.Header.Get("WWW-Authenticate") != "" || len(x.resp.Cookies()) != 0 {
		t.Errorf("a refused sign-in page sent a challenge or cookies: %v", x.resp.Header)
	}

	for next, wantLoc := range map[string]string{"/lists": "/lists", "https://evil.example/": "/", "//evil.example": "/", "": "/"} {
		x = w.call(t, as{}, http.MethodPost, "/signin", formOf("email", "a.officer@alpha-mail.example", "password", testPassword, "next", next))
		want(t, x, http.StatusSeeOther)
		if loc := x.resp.Header.Get("Location"); loc != wantLoc {
			t.Errorf("next %q: redirected to %q, want %q", next, loc, wantLoc)
		}
	}
	// Signing in from another site's form (login CSRF) is refused.
	x = w.call(t, as{header: http.Header{"Sec-Fetch-Site": {"cross-site"}, "Origin": {"https://evil.example"}}}, http.MethodPost, "/signin",
		formOf("email", "a.officer@alpha-mail.example", "password", testPassword))
	want(t, x, 403)
	if len(x.resp.Cookies()) != 0 {
		t.Errorf("a cross-site sign-in set cookies: %v", x.resp.Cookies())
	}
	officer := w.signInPage(t, "a.officer")
	x = w.call(t, officer, http.MethodGet, "/", nil)
	want(t, x, 200)
	mustContain(t, x, "User a.officer", "My cases", "Cases awaiting decision", "Portfolio summary")
	// The session is the API's: the same cookie reads /api/v1/me.
	want(t, w.call(t, officer, http.MethodGet, "/api/v1/me", nil), 200)
	x = w.call(t, officer, http.MethodPost, "/signout", formOf())
	want(t, x, http.StatusSeeOther)
	want(t, w.call(t, officer, http.MethodGet, "/", nil), http.StatusSeeOther)
	want(t, w.call(t, officer, http.MethodGet, "/api/v1/me", nil), 401)
}

// TestCasePages walks a collaboration through the pages: the form's
// validation, creation, the assessment, role-forbidden actions, a refusal
// shown beside its field, referral (seen only by the adviser team it went
// to) and the decision.
func TestCasePages(t *testing.T) {
	e := newEnv(t, true, nil)
	w := newWorld(t, e, nil)
	researcher := w.signInPage(t, "a.researcher")

	x := w.call(t, researcher, http.MethodGet, "/cases/new", nil)
	want(t, x, 200)
	mustContain(t, x, "Know your research", "Know your partner", "Identify the risks", "Plan the mitigations", `name="partner.name.2"`)
	mustNotContain(t, x, `name="partner.name.3"`)

	// "Add rows" shows more blank rows and keeps what was typed.
	x = w.call(t, researcher, http.MethodPost, "/cases/new", formOf("title", "Kept title", "rows.partner", "3", "more", "partner"))
	want(t, x, 200)
	mustContain(t, x, `name="partner.name.5"`, `value="Kept title"`, `name="rows.partner" value="6"`)

	// Problems are shown beside their fields: the title, and the second
	// partner row's country (a blank first row is skipped).
	x = w.call(t, researcher, http.MethodPost, "/cases/new", formOf("title", "", "partner.name.1", "Somewhere", "partner.country.1", "Narnia", "duration_months", "long"))
	want(t, x, 400)
	mustContain(t, x, "Give the collaboration a title.", "Enter a whole number.")
	x = w.call(t, researcher, http.MethodPost, "/cases/new", formOf("title", "Alpha page case", "partner.name.1", "Somewhere", "partner.country.1", "Narnia"))
	want(t, x, 400)
	if !regexp.MustCompile(`id="partner\.country\.1"[^>]*aria-invalid="true"`).Match(x.body) {
		t.Errorf("the bad country is not marked on its field:\n%s", x.body)
	}

	x = w.call(t, researcher, http.MethodPost, "/cases/new", formOf("title", "Alpha page glide study",
		"summary", "Guidance and control of hypersonic glide vehicles, with wind tunnel tests of scramjet inlets.",
		"partner.name.0", "Harbin Institute of Technology", "partner.country.0", "CN", "partner.role.0", "partner",
		"partner.name.1", "University of Northmoor", "partner.country.1", "GB", "data", "other_sensitive", "countries", "GB, CN"))
	want(t, x, http.StatusSeeOther)
	m := caseLocation.FindStringSubmatch(x.resp.Header.Get("Location"))
	if m == nil {
		t.Fatalf("created case redirect %q", x.resp.Header.Get("Location"))
	}
	caseURL := "/cases/" + m[1]
	x = w.call(t, researcher, http.MethodGet, caseURL+"?done=created", nil)
	want(t, x, 200)
	mustContain(t, x, "Alpha page glide study", "Collaboration recorded and assessed.", "Findings", "Harbin Institute of Technology",
		"Mitigation checklist", "Submit for review", "History")
	mustNotContain(t, x, "Record the decision")

	// Another tenant cannot see it; a researcher cannot decide.
	bravo := w.signInPage(t, "b.officer")
	want(t, w.call(t, bravo, http.MethodGet, caseURL, nil), 404)
	want(t, w.call(t, bravo, http.MethodPost, caseURL+"/comments", formOf("text", "hello")), 404)
	want(t, w.call(t, researcher, http.MethodPost, caseURL+"/decision", formOf("outcome", "proceed", "rationale", "mine")), 403)
	// A cross-site form post with the cookie is refused.
	cross := as{cookie: researcher.cookie, header: http.Header{"Sec-Fetch-Site": {"cross-site"}, "Origin": {"https://evil.example"}}}
	want(t, w.call(t, cross, http.MethodPost, caseURL+"/submit", formOf()), 403)

	want(t, w.call(t, researcher, http.MethodPost, caseURL+"/submit", formOf()), http.StatusSeeOther)
	officer := w.signInPage(t, "a.officer")
	want(t, w.call(t, officer, http.MethodPost, caseURL+"/review", formOf()), http.StatusSeeOther)
	// A second review is refused by the workflow and shown on the page.
	x = w.call(t, officer, http.MethodPost, caseURL+"/review", formOf())
	want(t, x, 409)
	mustContain(t, x, "The form was not accepted")
	// A decision without a rationale is refused beside the field.
	x = w.call(t, officer, http.MethodPost, caseURL+"/decision", formOf("outcome", "proceed"))
	want(t, x, 400)
	mustContain(t, x, "Give the reasons for the decision.", `<option value="proceed" selected>`)
	x = w.call(t, officer, http.MethodPost, caseURL+"/refer", formOf("tenant_id", fmt.Sprint(w.tenants["bravo"].ID)))
	want(t, x, 400)
	mustContain(t, x, "Choose an adviser team.")
	// The officer gives the case to a colleague (not to another
	// organisation's user), and has it assessed again.
	x = w.call(t, officer, http.MethodPost, caseURL+"/assign", formOf("user_id", fmt.Sprint(w.m["b.officer"].user.ID)))
	want(t, x, 400)
	mustContain(t, x, "Choose a user of your organisation.")
	want(t, w.call(t, researcher, http.MethodPost, caseURL+"/assign", formOf("user_id", fmt.Sprint(w.m["a.admin"].user.ID))), 403)
	x = w.call(t, officer, http.MethodPost, caseURL+"/assign", formOf("user_id", fmt.Sprint(w.m["a.admin"].user.ID)))
	want(t, x, http.StatusSeeOther)
	x = w.call(t, officer, http.MethodGet, caseURL+"?done=assign", nil)
	mustContain(t, x, "Case assigned.", fmt.Sprintf(`<option value="%d" selected>`, w.m["a.admin"].user.ID))
	want(t, w.call(t, officer, http.MethodPost, caseURL+"/reassess", formOf()), http.StatusSeeOther)
	x = w.call(t, officer, http.MethodGet, caseURL+"?done=reassess", nil)
	mustContain(t, x, "Case assessed again with the current lists and policy.", "reassess</td>")

	x = w.call(t, officer, http.MethodPost, caseURL+"/refer", formOf("tenant_id", fmt.Sprint(w.tenants["adv1"].ID), "note", "defence-linked partner"))
	want(t, x, http.StatusSeeOther)
	adv1, adv2 := w.signInPage(t, "adv1.adviser"), w.signInPage(t, "adv2.adviser")
	mustContain(t, w.call(t, adv1, http.MethodGet, "/queue", nil), "Alpha page glide study")
	mustContain(t, w.call(t, adv1, http.MethodGet, "/", nil), "Alpha page glide study")
	for _, who := range []as{adv2, bravo} {
		for _, p := range []string{"/queue", "/"} {
			x := w.call(t, who, http.MethodGet, p, nil)
			want(t, x, 200)
			mustNotContain(t, x, "Alpha page glide study")
		}
	}
	want(t, w.call(t, adv2, http.MethodGet, caseURL, nil), 404)
	x = w.call(t, adv1, http.MethodGet, caseURL, nil)
	want(t, x, 200)
	mustContain(t, x, "Give advice")
	mustNotContain(t, x, "alpha-mail.example", "Record the decision")
	want(t, w.call(t, adv1, http.MethodPost, caseURL+"/advice", formOf("recommendation", "do_not_proceed", "advice_text", "Same vehicle class.")), http.StatusSeeOther)
	// The adviser may not decide (role) nor refer.
	want(t, w.call(t, adv1, http.MethodPost, caseURL+"/decision", formOf("outcome", "proceed", "rationale", "x")), 403)

	x = w.call(t, officer, http.MethodPost, caseURL+"/decision", formOf("outcome", "do_not_proceed", "rationale", "Following the advisers' view."))
	want(t, x, http.StatusSeeOther)
	if loc := x.resp.Header.Get("Location"); loc != caseURL+"?done=decision" {
		t.Fatalf("after the decision: redirected to %q", loc)
	}
	x = w.call(t, officer, http.MethodGet, caseURL+"?done=decision", nil)
	want(t, x, 200)
	mustContain(t, x, "Decision recorded.", "Do not proceed", "Following the advisers&#39; view.", "Same vehicle class.", "Close the case")
	// The decision shows on the dashboard's outcome chart.
	mustContain(t, w.call(t, officer, http.MethodGet, "/", nil), "Do not proceed", `role="img"`)
}

// TestScreenPage screens one name and a list and shows each hit's
// explanation; bad input is shown beside the field.
func TestScreenPage(t *testing.T) {
	e := newEnv(t, true, nil)
	w := newWorld(t, e, nil)
	me := w.signInPage(t, "a.researcher")
	x := w.call(t, me, http.MethodGet, "/screen?name=Harbin+Institute+of+Technology", nil)
	want(t, x, 200)
	mustContain(t, x, "Hit: Harbin Institute of Technology", "test_defence", "Test Defence Tracker: very high risk", "Why: the aligned tokens",
		`<td data-label="Query token">harbin</td><td data-label="List token">harbin</td><td data-label="How">Exact</td>`)
	x = w.call(t, me, http.MethodPost, "/screen", formOf("names", "NUDT\n\nState Key Laboratory of Robotics and System\nJane Nobody"))
	want(t, x, 200)
	mustContain(t, x, "National University of Defense Technology", "Via", "Jane Nobody")
	x = w.call(t, me, http.MethodPost, "/screen", formOf("names", "  \n "))
	want(t, x, 400)
	mustContain(t, x, "Enter at least one name.", `id="names-err"`)
}

// TestReferencePages covers the lists, organisation and administration
// pages, and the registry's absence.
func TestReferencePages(t *testing.T) {
	e := newEnv(t, true, nil)
	w := newWorld(t, e, nil)
	me := w.signInPage(t, "a.admin")
	mustContain(t, w.call(t, me, http.MethodGet, "/lists", nil), "test_defence", "test:sanctions", "From version 0 to 1")
	x := w.call(t, me, http.MethodGet, "/orgs?q=Harbin", nil)
	want(t, x, 200)
	mustContain(t, x, `href="/orgs/02hjt4x21"`)
	x = w.call(t, me, http.MethodGet, "/orgs/02hjt4x21", nil)
	want(t, x, 200)
	mustContain(t, x, "Harbin Institute of Technology School of Astronautics", "List links", "test_defence")
	want(t, w.call(t, me, http.MethodGet, "/orgs/09zzzzz99", nil), 404)
	want(t, w.call(t, me, http.MethodGet, "/orgs/not-an-id", nil), 400)

	x = w.call(t, me, http.MethodGet, "/admin", nil)
	want(t, x, 200)
	mustContain(t, x, "a.researcher@alpha-mail.example", "Policy in force", "Advice Team One")
	mustNotContain(t, x, "Bravoport", "Add a tenant")
	x = w.call(t, me, http.MethodPost, "/admin/users", formOf("email", "not an email", "name", "", "role", "boss"))
	want(t, x, 400)
	mustContain(t, x, "Enter one email address.", "Enter the user&#39;s name.", "Choose a role.")
	x = w.call(t, me, http.MethodPost, "/admin/users", formOf("email", "new.one@alpha-mail.example", "name", "New One", "role", "officer"))
	want(t, x, 200)
	mustContain(t, x, "one-time password, shown only now")
	// A token made on the page can be revoked there; the token then no
	// longer authenticates, and revoking another user's token is a 404.
	x = w.call(t, me, http.MethodPost, "/admin/tokens", formOf("token_name", "laptop"))
	want(t, x, 200)
	secret := regexp.MustCompile(`<code>(cc_[^<]+)</code>`).FindSubmatch(x.body)
	if secret == nil {
		t.Fatalf("no token shown: %.2000s", x.body)
	}
	ts, err := w.acc.ListTokens(context.Background(), w.m["a.admin"].tenant.ID, w.m["a.admin"].user.ID)
	if err != nil || len(ts) == 0 {
		t.Fatalf("tokens: %v %v", ts, err)
	}
	laptop := ts[slices.IndexFunc(ts, func(k auth.APIToken) bool { return k.Name == "laptop" })]
	mustContain(t, x, fmt.Sprintf(`action="/admin/tokens/%d/revoke"`, laptop.ID))
	bearer := as{header: http.Header{"Authorization": {"Bearer " + string(secret[1])}}}
	want(t, w.call(t, bearer, http.MethodGet, "/api/v1/me", nil), 200)
	x = w.call(t, me, http.MethodPost, fmt.Sprintf("/admin/tokens/%d/revoke", laptop.ID), formOf())
	want(t, x, 200)
	mustContain(t, x, "API token “laptop” revoked.")
	want(t, w.call(t, bearer, http.MethodGet, "/api/v1/me", nil), 401)
	want(t, w.call(t, me, http.MethodPost, fmt.Sprintf("/admin/tokens/%d/revoke", w.spareTokenOf("a.researcher")), formOf()), 404)
	x = w.call(t, me, http.MethodPost, "/admin/policy", formOf("policy", "version: x\nrules: 3\n"))
	want(t, x, 400)
	mustContain(t, x, "Line 2")
	want(t, w.call(t, me, http.MethodPost, "/admin/policy", formOf("policy", "version: alpha-1\ndescription: Alpha local policy\n")), http.StatusSeeOther)
	mustContain(t, w.call(t, me, http.MethodGet, "/admin", nil), "Alpha local policy", "alpha-1")
	want(t, w.call(t, me, http.MethodPost, "/admin/tenants", formOf("tenant_name", "Sneaky", "kind", "organisation")), 403)
	op := w.signInPage(t, "op.admin")
	mustContain(t, w.call(t, op, http.MethodGet, "/admin", nil), "Bravoport", "Add a tenant")
	want(t, w.call(t, w.signInPage(t, "a.officer"), http.MethodGet, "/admin", nil), 403)

	// Without a registry the organisation pages say so.
	bare := newEnv(t, false, nil)
	bw := newWorld(t, bare, nil)
	x = bw.call(t, bw.signInPage(t, "a.officer"), http.MethodGet, "/orgs?q=Harbin", nil)
	want(t, x, 503)
	mustContain(t, x, "registry is not available")
}

// TestReportDownloads checks the case's PDF and HTML reports, the case
// exports and the screening downloads with parsers: the PDF's text as a
// reader sees it, the CSV with encoding/csv, the XLSX with excelize.
func TestReportDownloads(t *testing.T) {
	e := newEnv(t, true, nil)
	w := newWorld(t, e, nil)
	f := newFixture(t, w)
	c := f.make(t, "a.researcher", "a.officer", cases.Decided, "adv1")
	officer := w.signInPage(t, "a.officer")
	caseURL := fmt.Sprintf("/cases/%d", c.ID)
	mustContain(t, w.call(t, officer, http.MethodGet, caseURL, nil), caseURL+"/report.pdf", caseURL+"/report.html")

	x := w.call(t, officer, http.MethodGet, caseURL+"/report.pdf", nil)
	want(t, x, 200)
	text, err := pdftext.Extract(x.body)
	if err != nil {
		t.Fatalf("the PDF report does not parse: %v", err)
	}
	for _, s := range []string{c.Collaboration.Title, "Harbin Institute of Technology", "Alphaville Research University", "Proceed with mitigations"} {
		if !strings.Contains(text, s) {
			t.Errorf("the PDF report does not say %q:\n%s", s, text)
		}
	}
	// The adviser's copy does not name the owning organisation.
	adv := w.signInPage(t, "adv1.adviser")
	x = w.call(t, adv, http.MethodGet, caseURL+"/report.pdf", nil)
	want(t, x, 200)
	if text, err := pdftext.Extract(x.body); err != nil || strings.Contains(text, "Alphaville") || !strings.Contains(text, c.Collaboration.Title) {
		t.Errorf("the adviser's PDF (err %v) names the owner or lacks the title:\n%s", err, text)
	}
	want(t, w.call(t, w.signInPage(t, "b.officer"), http.MethodGet, caseURL+"/report.pdf", nil), 404)
	x = w.call(t, officer, http.MethodGet, caseURL+"/report.html", nil)
	want(t, x, 200)
	mustContain(t, x, c.Collaboration.Title)

	x = w.call(t, officer, http.MethodGet, "/cases/export.csv", nil)
	want(t, x, 200)
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(x.body, []byte("\uFEFF")))).ReadAll()
	if err != nil || len(rows) != 2 || !slices.Contains(rows[1], c.Collaboration.Title) {
		t.Errorf("cases CSV (err %v): %q", err, rows)
	}
	x = w.call(t, officer, http.MethodGet, "/cases/export.xlsx", nil)
	want(t, x, 200)
	xf, err := excelize.OpenReader(bytes.NewReader(x.body))
	if err != nil {
		t.Fatalf("cases XLSX does not open: %v", err)
	}
	xrows, err := xf.GetRows(xf.GetSheetList()[0])
	if err != nil || len(xrows) != 2 || !slices.Contains(xrows[1], c.Collaboration.Title) {
		t.Errorf("cases XLSX (err %v): %q", err, xrows)
	}
	x = w.call(t, officer, http.MethodGet, "/reports/portfolio", nil)
	want(t, x, 200)
	mustContain(t, x, "<svg", "Alphaville Research University")

	x = w.call(t, officer, http.MethodPost, "/screen", formOf("names", "NUDT\nJane Nobody", "format", "csv"))
	want(t, x, 200)
	rows, err = csv.NewReader(bytes.NewReader(bytes.TrimPrefix(x.body, []byte("\uFEFF")))).ReadAll()
	if err != nil || len(rows) < 3 || !strings.Contains(fmt.Sprint(rows), "National University of Defense Technology") || !strings.Contains(fmt.Sprint(rows), "Jane Nobody") {
		t.Errorf("screening CSV (err %v): %q", err, rows)
	}
	x = w.call(t, officer, http.MethodPost, "/screen", formOf("names", "NUDT", "format", "xlsx"))
	want(t, x, 200)
	if xf, err := excelize.OpenReader(bytes.NewReader(x.body)); err != nil {
		t.Errorf("screening XLSX does not open: %v", err)
	} else if xrows, err := xf.GetRows(xf.GetSheetList()[0]); err != nil || !strings.Contains(fmt.Sprint(xrows), "National University of Defense Technology") {
		t.Errorf("screening XLSX (err %v): %q", err, xrows)
	}
}

// onlyFor is a matrix exception: the route answers 404 to every signed-in
// caller but key (it serves what key made).
func onlyFor(key string) map[string]int {
	out := map[string]int{}
	for _, c := range matrixCallers {
		if c != "" && c != key {
			out[c] = http.StatusNotFound
		}
	}
	return out
}

// sheetOf is a multipart form uploading one file as "sheet".
func sheetOf(filename, content string) *body {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("sheet", filename)
	if err == nil {
		_, err = fw.Write([]byte(content))
	}
	if err == nil {
		err = mw.Close()
	}
	if err != nil {
		panic(err) // writing to memory does not fail
	}
	return &body{ctype: mw.FormDataContentType(), data: buf.Bytes()}
}

// bulkJob uploads a sheet, waits for it to be screened and returns its
// page's path.
func (w *world) bulkJob(t testing.TB, who as, b *body) string {
	t.Helper()
	x := w.call(t, who, http.MethodPost, "/screen/bulk", b)
	want(t, x, http.StatusSeeOther)
	job := x.resp.Header.Get("Location")
	if !strings.HasPrefix(job, "/screen/bulk/") {
		t.Fatalf("upload redirected to %q", job)
	}
	for i := 0; ; i++ {
		x = w.call(t, who, http.MethodGet, job, nil)
		want(t, x, 200)
		if !bytes.Contains(x.body, []byte(`http-equiv="refresh"`)) {
			return job
		}
		if i == 500 {
			t.Fatalf("the bulk job %s did not finish: %s", job, x.body)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestBulkScreenPage uploads a CSV and an XLSX, follows the progress page
// to the result and reads the sheets back with the result columns; bad
// uploads are refused on the form, and another user cannot open the job.
func TestBulkScreenPage(t *testing.T) {
	e := newEnv(t, true, nil)
	w := newWorld(t, e, nil)
	me := w.signInPage(t, "a.officer")
	job := w.bulkJob(t, me, sheetOf("partners.csv", "id;Organisation;note\n1;Harbin Institute of Technology;x\n2;Wessex Institute for Climate Research;y\n3;NUDT;z\n"))
	x := w.call(t, me, http.MethodGet, job, nil)
	mustContain(t, x, "3 rows screened", "Download the sheet with the results")
	x = w.call(t, me, http.MethodGet, job+"/result", nil)
	want(t, x, 200)
	if cd := x.resp.Header.Get("Content-Disposition"); cd != `attachment; filename="partners-screened.csv"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(x.body, []byte("\uFEFF"))))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil || len(rows) != 4 {
		t.Fatalf("result sheet (err %v): %q", err, rows)
	}
	status := slices.Index(rows[0], "Status")
	if status < 3 || rows[1][status] != "hit" || rows[3][status] == "clear" || rows[2][status] != "clear" || rows[1][1] != "Harbin Institute of Technology" {
		t.Errorf("result rows: %q", rows)
	}
	other := w.signInPage(t, "a.admin")
	want(t, w.call(t, other, http.MethodGet, job, nil), 404)
	want(t, w.call(t, other, http.MethodGet, job+"/result", nil), 404)

	// An XLSX workbook comes back as one.
	xf := excelize.NewFile()
	for i, v := range []string{"Name", "Harbin Institute of Technology", "Jane Nobody"} {
		if err := xf.SetCellValue("Sheet1", fmt.Sprintf("A%d", i+1), v); err != nil {
			t.Fatal(err)
		}
	}
	var wb bytes.Buffer
	if err := xf.Write(&wb); err != nil {
		t.Fatal(err)
	}
	job = w.bulkJob(t, me, sheetOf("people.xlsx", wb.String()))
	x = w.call(t, me, http.MethodGet, job+"/result", nil)
	want(t, x, 200)
	out, err := excelize.OpenReader(bytes.NewReader(x.body))
	if err != nil {
		t.Fatalf("result workbook does not open: %v", err)
	}
	xrows, err := out.GetRows("Sheet1")
	if err != nil || len(xrows) != 3 || !slices.Contains(xrows[0], "Status") || !slices.Contains(xrows[1], "hit") {
		t.Errorf("result workbook (err %v): %q", err, xrows)
	}

	// Bad uploads are refused beside the file field.
	for _, c := range []struct {
		b      *body
		status int
		msg    string
	}{
		{formOf("column", "A"), 400, "Choose a CSV or XLSX file"},
		{sheetOf("report.pdf", "%PDF-1.7\n\x00\x01binary"), 400, `id="sheet-err"`},
	} {
		x := w.call(t, me, http.MethodPost, "/screen/bulk", c.b)
		want(t, x, c.status)
		mustContain(t, x, c.msg)
	}
	// A sheet without a name column fails on its job page, saying why.
	job = w.bulkJob(t, me, sheetOf("numbers.csv", "a,b\n1,2\n"))
	x = w.call(t, me, http.MethodGet, job, nil)
	mustContain(t, x, `role="alert"`)
	want(t, w.call(t, me, http.MethodGet, job+"/result", nil), 409)
}

// TestAlertPages checks the dashboard and the case page list the alerts
// raised on cases (a researcher only those of their own cases, no other
// tenant any), and that an officer's acknowledgement is recorded in the
// case's history and clears the alert from the dashboard.
func TestAlertPages(t *testing.T) {
	e := newEnv(t, true, nil)
	w := newWorld(t, e, nil)
	f := newFixture(t, w)
	mine := f.make(t, "a.researcher", "a.officer", cases.InReview, "")
	theirs := f.make(t, "a.researcher2", "a.officer", cases.InReview, "")
	id := w.raiseAlert(mine)
	w.raiseAlert(theirs)
	officer, researcher, bravo := w.signInPage(t, "a.officer"), w.signInPage(t, "a.researcher"), w.signInPage(t, "b.officer")
	x := w.call(t, officer, http.MethodGet, "/", nil)
	mustContain(t, x, fmt.Sprintf(`href="/cases/%d">#%d`, mine.ID, mine.ID), fmt.Sprintf(`href="/cases/%d">#%d`, theirs.ID, theirs.ID), "TEST-PROGRAM", fmt.Sprintf(`action="/alerts/%d/ack"`, id))
	x = w.call(t, researcher, http.MethodGet, "/", nil)
	mustContain(t, x, fmt.Sprintf(`href="/cases/%d">#%d`, mine.ID, mine.ID))
	mustNotContain(t, x, fmt.Sprintf(`href="/cases/%d">#%d`, theirs.ID, theirs.ID), "/ack")
	mustNotContain(t, w.call(t, bravo, http.MethodGet, "/", nil), "TEST-PROGRAM")
	mustContain(t, w.call(t, officer, http.MethodGet, fmt.Sprintf("/cases/%d", mine.ID), nil), "Alerts since the assessment", "Listed partner")

	want(t, w.call(t, bravo, http.MethodPost, fmt.Sprintf("/alerts/%d/ack", id), formOf()), 404)
	want(t, w.call(t, researcher, http.MethodPost, fmt.Sprintf("/alerts/%d/ack", id), formOf()), 403)
	x = w.call(t, officer, http.MethodPost, fmt.Sprintf("/alerts/%d/ack", id), formOf("note", "checked with the partner", "back", "case"))
	want(t, x, http.StatusSeeOther)
	if loc := x.resp.Header.Get("Location"); loc != fmt.Sprintf("/cases/%d?done=ack", mine.ID) {
		t.Errorf("after the acknowledgement: %q", loc)
	}
	x = w.call(t, officer, http.MethodGet, fmt.Sprintf("/cases/%d?done=ack", mine.ID), nil)
	mustContain(t, x, "Alert acknowledged.", "Alert.ack")
	mustNotContain(t, x, "Alerts since the assessment")
	mustNotContain(t, w.call(t, officer, http.MethodGet, "/", nil), fmt.Sprintf(`action="/alerts/%d/ack"`, id))
}

// TestListsPageFeeds checks the lists page shows the scheduler's view of
// each source when the server fetches lists, failing ones marked.
func TestListsPageFeeds(t *testing.T) {
	at := time.Date(2026, 3, 3, 4, 5, 0, 0, time.UTC)
	e := newEnv(t, true, nil, func(c *Config) {
		c.ListFeeds = func() []feeds.SourceStatus {
			return []feeds.SourceStatus{
				{Source: "test_defence", Title: "Test defence tracker", Health: feeds.OK, LastAttempt: at, LastSuccess: at, Version: 1},
				{Source: "us_test", Health: feeds.Failing, LastAttempt: at, LastError: "GET https://lists.example/x: 503 Service Unavailable", ConsecutiveFailures: 3},
			}
		}
	})
	w := newWorld(t, e, nil)
	x := w.call(t, w.signInPage(t, "a.researcher"), http.MethodGet, "/lists", nil)
	want(t, x, 200)
	mustContain(t, x, "fetches the lists on a schedule", "Test defence tracker", `<span class="feed-failing">Failing</span> (3 failures in a row)`, "503 Service Unavailable", "3 Mar 2026 04:05 UTC")
}

// TestUnknownPage checks a browser asking for a page that does not exist
// gets an HTML 404 under the pages' CSP, while the API's clients still get
// problem documents.
func TestUnknownPage(t *testing.T) {
	e := newEnv(t, false, nil)
	w := newWorld(t, e, nil)
	browser := as{header: http.Header{"Accept": {"text/html,application/xhtml+xml,*/*;q=0.8"}}}
	x := w.call(t, browser, http.MethodGet, "/no-such-page", nil)
	want(t, x, 404)
	if ct, csp := x.resp.Header.Get("Content-Type"), x.resp.Header.Get("Content-Security-Policy"); ct != "text/html; charset=utf-8" || csp != pageCSP {
		t.Errorf("unknown page answered as %q with CSP %q", ct, csp)
	}
	mustContain(t, x, "<h1>Not found</h1>", `href="#main"`)
	x = w.call(t, browser, http.MethodDelete, "/signin", nil)
	want(t, x, 405)
	if ct := x.resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" || x.resp.Header.Get("Allow") != "GET, HEAD, POST" {
		t.Errorf("405 page: %q, Allow %q", ct, x.resp.Header.Get("Allow"))
	}
	for _, target := range []string{"/api/v1/nothing", "/no-such-page"} {
		who := browser
		if target == "/no-such-page" {
			who = as{}
		}
		x = w.call(t, who, http.MethodGet, target, nil)
		want(t, x, 404)
		if ct := x.resp.Header.Get("Content-Type"); ct != "application/problem+json" {
			t.Errorf("%s: %q", target, ct)
		}
	}
}

// TestBulkJobsBounded checks the finished bulk jobs kept in memory are
// bounded, the oldest dropped first, and running ones never dropped.
func TestBulkJobsBounded(t *testing.T) {
	var b bulkJobs
	start := time.Now().Add(-time.Minute)
	running := &bulkJob{ID: "running", Started: start}
	if !b.start(running) {
		t.Fatal("the first job was refused")
	}
	for i := range bulkKeepMost + 5 {
		j := &bulkJob{ID: fmt.Sprint("job", i), Started: start.Add(time.Duration(i) * time.Second)}
		if !b.start(j) {
			t.Fatalf("job %d refused", i)
		}
		j.finished = time.Now()
		b.end()
	}
	if len(b.jobs) != bulkKeepMost+1 {
		t.Errorf("%d jobs kept, want %d finished and the running one", len(b.jobs), bulkKeepMost)
	}
	if _, ok := b.jobs["running"]; !ok {
		t.Error("the running job was dropped")
	}
	if _, ok := b.jobs["job0"]; ok {
		t.Error("the oldest finished job was kept")
	}
	if _, ok := b.jobs[fmt.Sprint("job", bulkKeepMost+4)]; !ok {
		t.Error("the newest job was dropped")
	}
}

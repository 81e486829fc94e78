package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/collabcheck/collabcheck/internal/assess"
	"github.com/collabcheck/collabcheck/internal/audit"
	"github.com/collabcheck/collabcheck/internal/auth"
	"github.com/collabcheck/collabcheck/internal/cases"
	"github.com/collabcheck/collabcheck/internal/store"
)

// testPassword is every test user's password; its argon2id hash is made
// once, so that a dozen users do not cost a dozen slow hashes.
const testPassword = "correct horse battery staple"

var testPasswordHash = sync.OnceValues(func() (string, error) { return auth.HashPassword(testPassword) })

// member is a test user with an API token.
type member struct {
	key    string
	user   auth.User
	tenant auth.Tenant
	token  string
}

// world is a server with tenants and users of every kind: the operator
// tenant "default", two organisations (Alpha, Bravo), two adviser teams
// (Advice One, Advice Two) and a company (Copperleaf).
type world struct {
	t        testing.TB
	e        *testEnv
	acc      store.Accounts
	cw       store.Casework
	checker  *schemaChecker
	observed map[string]map[int]bool // when set, statuses are recorded for the conformance test
	tenants  map[string]auth.Tenant
	m        map[string]*member
	seq      int
}

// worldUsers are the users a world has: key, tenant, role. Emails are
// key + "@" + tenant domain, distinctive so leak checks can look for them.
var worldUsers = []struct{ key, tenant string }{
	{"op.admin", "default"},
	{"a.researcher", "alpha"}, {"a.researcher2", "alpha"}, {"a.officer", "alpha"}, {"a.adviser", "alpha"}, {"a.admin", "alpha"},
	{"b.researcher", "bravo"}, {"b.officer", "bravo"}, {"b.admin", "bravo"},
	{"adv1.adviser", "adv1"}, {"adv1.admin", "adv1"},
	{"adv2.adviser", "adv2"},
	{"co.researcher", "co"}, {"co.officer", "co"}, {"co.admin", "co"},
}

// worldTenants maps the short tenant keys to names and kinds.
var worldTenants = []struct {
	key, name string
	kind      auth.TenantKind
}{
	{"default", "default", auth.Organisation},
	{"alpha", "Alphaville Research University", auth.Organisation},
	{"bravo", "Bravoport Institute of Science", auth.Organisation},
	{"adv1", "Advice Team One", auth.AdviserTeam},
	{"adv2", "Advice Team Two", auth.AdviserTeam},
	{"co", "Copperleaf Qubits Ltd", auth.Company},
}

func newWorld(t testing.TB, e *testEnv, checker *schemaChecker) *world {
	t.Helper()
	ctx := context.Background()
	acc, err := store.AccountsOf(e.st)
	if err != nil {
		t.Fatal(err)
	}
	cw, err := store.CaseworkOf(e.st)
	if err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, e: e, acc: acc, cw: cw, checker: checker, tenants: map[string]auth.Tenant{}, m: map[string]*member{}}
	for _, tn := range worldTenants {
		tt, err := acc.CreateTenant(ctx, store.NewTenant{Name: tn.name, Kind: tn.kind})
		if err != nil {
			t.Fatal(err)
		}
		w.tenants[tn.key] = tt
	}
	hash, err := testPasswordHash()
	if err != nil {
		t.Fatal(err)
	}
	for _, wu := range worldUsers {
		role, err := auth.ParseRole(wu.key[strings.IndexByte(wu.key, '.')+1:])
		if err != nil {
			role, err = auth.ParseRole(strings.TrimRight(wu.key[strings.IndexByte(wu.key, '.')+1:], "0123456789"))
			if err != nil {
				t.Fatal(err)
			}
		}
		tt := w.tenants[wu.tenant]
		u, err := acc.CreateUser(ctx, store.NewUser{TenantID: tt.ID, Email: wu.key + "@" + wu.tenant + "-mail.example", Name: "User " + wu.key, Role: role, PasswordHash: hash})
		if err != nil {
			t.Fatal(err)
		}
		nt, err := auth.GenerateToken()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := acc.CreateToken(ctx, store.NewAPIToken{TenantID: tt.ID, UserID: u.ID, Name: "test", Prefix: nt.Prefix, Hash: nt.Hash}); err != nil {
			t.Fatal(err)
		}
		w.m[wu.key] = &member{key: wu.key, user: u, tenant: tt, token: nt.Plain}
	}
	return w
}

// body is a request body with its media type.
type body struct {
	ctype string
	data  []byte
}

func jsonOf(v any) *body { return &body{ctype: "application/json", data: jsonBody(v)} }

// as says who sends a request: a member's token, a session cookie, or
// nobody; extra headers ride along.
type as struct {
	who    string // member key; "" with no cookie: anonymous
	cookie *http.Cookie
	header http.Header
}

// call sends a request and checks the answer against the OpenAPI
// document: the status is documented for the operation, the body matches
// the documented schema, and a request body the server accepted matches
// the documented request schema.
func (w *world) call(t testing.TB, a as, method, target string, b *body) exchange {
	t.Helper()
	var rd io.Reader
	if b != nil {
		rd = bytes.NewReader(b.data)
	}
	req, err := http.NewRequest(method, w.e.srv.URL+target, rd)
	if err != nil {
		t.Fatal(err)
	}
	if b != nil && b.ctype != "" {
		req.Header.Set("Content-Type", b.ctype)
	}
	if a.who != "" {
		req.Header.Set("Authorization", "Bearer "+w.m[a.who].token)
	}
	if a.cookie != nil {
		req.AddCookie(a.cookie)
	}
	for k, vs := range a.header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	resp, err := w.e.srv.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	x := exchange{req: mustRequest(method, target), resp: resp, body: data, status: resp.StatusCode}
	w.conform(t, x, b)
	return x
}

func (w *world) conform(t testing.TB, x exchange, b *body) {
	t.Helper()
	if tt, ok := t.(*testing.T); ok {
		checkSecurityHeaders(tt, x)
	}
	mt := strings.TrimSpace(strings.Split(x.resp.Header.Get("Content-Type"), ";")[0])
	// Pages, and a browser's request for a page no route serves, are held
	// to the pages' rules instead of the API document's.
	if _, pattern := w.e.api.mux.Handler(x.req); w.e.api.byPattern[pattern] != nil && w.e.api.byPattern[pattern].Page ||
		w.e.api.byPattern[pattern] == nil && x.resp.Header.Get("Content-Security-Policy") == pageCSP {
		checkPage(t, x, w.e.logBuf)
		return
	}
	if x.status >= 400 && mt != "application/problem+json" {
		t.Errorf("%s %s: %d answered as %q", x.req.Method, x.req.URL, x.status, mt)
	}
	if x.status == http.StatusUnauthorized && x.resp.Header.Get("WWW-Authenticate") == "" {
		t.Errorf("%s %s: 401 without WWW-Authenticate", x.req.Method, x.req.URL)
	}
	if x.status == http.StatusInternalServerError {
		t.Errorf("%s %s: 500: %s\nlogs: %s", x.req.Method, x.req.URL, x.body, w.e.logBuf.String())
	}
	_, pattern := w.e.api.mux.Handler(x.req)
	rt := w.e.api.byPattern[pattern]
	if rt == nil || w.checker == nil {
		return
	}
	path, method := docPath(rt.Path), strings.ToLower(rt.Method)
	ptr, explicit, err := w.checker.responseSchema(path, method, x.status, mt)
	if err != nil {
		t.Errorf("%v", err)
		return
	}
	if !explicit {
		t.Errorf("%s %s answered %d, which the OpenAPI document does not list: %.300s", method, path, x.status, x.body)
	}
	if strings.HasSuffix(mt, "json") { // HTML, PDF, CSV… have no JSON schema to meet
		if err := w.checker.validate(ptr, x.body); err != nil {
			t.Errorf("%s %s %d: body does not match the documented schema: %v\nbody: %.600s", method, path, x.status, err, x.body)
		}
	}
	if b != nil && x.status < 300 && strings.HasSuffix(b.ctype, "json") {
		rptr, err := w.checker.requestSchema(path, method, "application/json")
		if err != nil {
			t.Errorf("%v", err)
		} else if err := w.checker.validate(rptr, b.data); err != nil {
			t.Errorf("%s %s: the server accepted a body the documented request schema refuses: %v\nbody: %.400s", method, path, err, b.data)
		}
	}
	if w.observed != nil {
		key := method + " " + path
		if w.observed[key] == nil {
			w.observed[key] = map[int]bool{}
		}
		w.observed[key][x.status] = true
	}
}

// want fails the test unless x has the status.
func want(t testing.TB, x exchange, status int) {
	t.Helper()
	if x.status != status {
		t.Fatalf("%s %s: status %d, want %d: %.600s", x.req.Method, x.req.URL, x.status, status, x.body)
	}
}

// proposal is a collaboration with a listed defence university on
// sensitive work, which the default policy does not simply let proceed.
func proposal(title string) map[string]any {
	return map[string]any{
		"title":          title,
		"summary":        "Guidance and control of hypersonic glide vehicles, with wind tunnel tests of scramjet inlets.",
		"research_field": "hypersonic flight control",
		"partners": []any{
			map[string]any{"name": "Harbin Institute of Technology", "country": "CN", "role": "partner"},
			map[string]any{"name": "University of Northmoor", "country": "GB", "role": "lead"},
		},
		"countries": []string{"GB", "CN"},
		"data":      []string{"other_sensitive"},
	}
}

// workflowResult is what runWorkflow leaves behind for further checks.
type workflowResult struct {
	caseID int64
	cookie *http.Cookie // a.researcher's session
	prop   map[string]any
}

// runWorkflow drives one case from proposal to reopening through the API,
// checking each step's answer, and returns the case.
func runWorkflow(t *testing.T, w *world) workflowResult {
	t.Helper()
	// The researcher signs in with a password and works with the cookie.
	x := w.call(t, as{}, http.MethodPost, "/api/v1/sessions", jsonOf(map[string]string{"email": "A.Researcher@alpha-mail.example", "password": testPassword}))
	want(t, x, 200)
	var cookie *http.Cookie
	for _, c := range x.resp.Cookies() {
		if c.Name == SessionCookie {
			cookie = c
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode || cookie.Secure {
		t.Fatalf("session cookie %+v (want HttpOnly, SameSite=Lax, not Secure over plain HTTP)", cookie)
	}
	if exp := time.Until(cookie.Expires); exp < 11*time.Hour || exp > 13*time.Hour {
		t.Errorf("session cookie expires in %v, want 12h", exp)
	}
	researcher := as{cookie: &http.Cookie{Name: cookie.Name, Value: cookie.Value}}
	me := decode[meResponse](t, w.call(t, researcher, http.MethodGet, "/api/v1/me", nil))
	if me.User.Email != "a.researcher@alpha-mail.example" || me.Auth != "session" || me.Tenant.ID != w.tenants["alpha"].ID {
		t.Fatalf("me = %+v", me)
	}

	// Propose, revise while a draft, submit.
	prop := proposal("Alpha draft glide vehicle study")
	x = w.call(t, researcher, http.MethodPost, "/api/v1/cases", jsonOf(prop))
	want(t, x, 201)
	c := decode[cases.Case](t, x)
	if c.State != cases.Draft || c.ID == 0 || x.resp.Header.Get("Location") != fmt.Sprintf("/api/v1/cases/%d", c.ID) {
		t.Fatalf("created %+v, Location %q", c.State, x.resp.Header.Get("Location"))
	}
	if c.Assessment.PolicyVersion == "" || c.Assessment.InputHash == "" || len(c.Checklist) == 0 {
		t.Fatalf("the case's assessment is incomplete or requires no mitigation: %+v", c.Assessment)
	}
	caseURL := fmt.Sprintf("/api/v1/cases/%d", c.ID)
	prop["title"] = "Alpha glide vehicle guidance collaboration"
	x = w.call(t, researcher, http.MethodPut, caseURL+"/collaboration", jsonOf(prop))
	want(t, x, 200)
	if c = decode[cases.Case](t, x); c.Collaboration.Title != prop["title"] || c.Assessment.Title != prop["title"] {
		t.Fatalf("revision not stored and re-assessed: %q / %q", c.Collaboration.Title, c.Assessment.Title)
	}
	x = w.call(t, researcher, http.MethodPost, caseURL+"/submit", nil)
	want(t, x, 200)
	if c = decode[cases.Case](t, x); c.State != cases.Submitted {
		t.Fatalf("state after submit %s", c.State)
	}

	// The officer reviews, assigns, confirms a mitigation, reassesses and
	// refers to an adviser team.
	officer := as{who: "a.officer"}
	x = w.call(t, officer, http.MethodPost, caseURL+"/review", nil)
	want(t, x, 200)
	if c = decode[cases.Case](t, x); c.State != cases.InReview || c.Assignee == nil || c.Assignee.UserID != w.m["a.officer"].user.ID {
		t.Fatalf("after review: %s %+v", c.State, c.Assignee)
	}
	x = w.call(t, officer, http.MethodPost, caseURL+"/assign", jsonOf(map[string]any{"user_id": w.m["a.admin"].user.ID}))
	want(t, x, 200)
	if c = decode[cases.Case](t, x); c.Assignee.UserID != w.m["a.admin"].user.ID {
		t.Fatalf("assignee %+v", c.Assignee)
	}
	mit := c.Checklist[0].MitigationID
	x = w.call(t, officer, http.MethodPut, caseURL+"/checklist/"+mit, jsonOf(map[string]any{"confirmed": true, "note": "briefing held on 3 March"}))
	want(t, x, 200)
	if c = decode[cases.Case](t, x); !c.Checklist[0].Confirmed || c.Checklist[0].ConfirmedBy == nil || c.Checklist[0].ConfirmedBy.UserID != w.m["a.officer"].user.ID {
		t.Fatalf("checklist %+v", c.Checklist[0])
	}
	x = w.call(t, officer, http.MethodPost, caseURL+"/reassess", nil)
	want(t, x, 200)
	if c = decode[cases.Case](t, x); !c.Checklist[0].Confirmed {
		t.Fatal("reassessment lost the confirmation of a mitigation still required")
	}
	x = w.call(t, officer, http.MethodPost, caseURL+"/refer", jsonOf(map[string]any{"tenant_id": w.tenants["adv1"].ID, "note": "defence-linked partner"}))
	want(t, x, 200)
	if c = decode[cases.Case](t, x); c.State != cases.Referred || c.Referral == nil || c.Referral.TenantID != w.tenants["adv1"].ID {
		t.Fatalf("after refer: %s %+v", c.State, c.Referral)
	}

	// The adviser sees the referred case, advises and comments.
	adviser := as{who: "adv1.adviser"}
	want(t, w.call(t, adviser, http.MethodGet, caseURL, nil), 200)
	x = w.call(t, adviser, http.MethodPost, caseURL+"/advice", jsonOf(map[string]any{"recommendation": "do_not_proceed", "text": "The partner's lab works on the same vehicle class."}))
	want(t, x, 200)
	x = w.call(t, adviser, http.MethodPost, caseURL+"/comments", jsonOf(map[string]any{"text": "Happy to discuss by phone."}))
	want(t, x, 200)
	if c = decode[cases.Case](t, x); len(c.Referral.Advice) != 1 || len(c.Comments) != 1 || c.Comments[0].By.TenantID != w.tenants["adv1"].ID {
		t.Fatalf("advice %+v comments %+v", c.Referral.Advice, c.Comments)
	}

	// The officer decides otherwise than recommended, closes, reopens.
	outcome := assess.OutcomeDoNotProceed
	if c.Assessment.Outcome == outcome {
		outcome = assess.OutcomeProceedWithMitigations
	}
	x = w.call(t, officer, http.MethodPost, caseURL+"/decision", jsonOf(map[string]any{"outcome": outcome, "rationale": "Following the advisers' view."}))
	want(t, x, 200)
	c = decode[cases.Case](t, x)
	if c.State != cases.Decided || c.Decision == nil || !c.Decision.Differs || c.Decision.Recommended != c.Assessment.Outcome || c.Decision.By.UserID != w.m["a.officer"].user.ID {
		t.Fatalf("decision %+v", c.Decision)
	}
	want(t, w.call(t, officer, http.MethodPost, caseURL+"/close", nil), 200)
	x = w.call(t, officer, http.MethodPost, caseURL+"/reopen", jsonOf(map[string]any{"reason": "The partner was delisted."}))
	want(t, x, 200)
	if c = decode[cases.Case](t, x); c.State != cases.InReview || c.Decision != nil || len(c.Decisions) != 1 {
		t.Fatalf("after reopen: %s %+v %d", c.State, c.Decision, len(c.Decisions))
	}

	// The history shows every step, in order, with who did it.
	h := decode[historyResponse](t, w.call(t, officer, http.MethodGet, caseURL+"/history", nil))
	var actions []string
	for _, e := range h.Entries {
		actions = append(actions, e.Action)
	}
	wantActions := []string{"case.create", "case.revise", "case.submit", "case.review", "case.assign", "case.checklist", "case.reassess",
		"case.refer", "case.advise", "case.comment", "case.decide", "case.close", "case.reopen"}
	if strings.Join(actions, " ") != strings.Join(wantActions, " ") {
		t.Fatalf("history %v, want %v", actions, wantActions)
	}
	if h.Entries[0].Actor != fmt.Sprintf("user:%d a.researcher@alpha-mail.example", w.m["a.researcher"].user.ID) {
		t.Errorf("creator recorded as %q", h.Entries[0].Actor)
	}
	// The adviser sees the same history without the owner's emails, and
	// the owner sees the adviser's steps without the adviser's email.
	hx := w.call(t, adviser, http.MethodGet, caseURL+"/history", nil)
	want(t, hx, 200)
	if ah := decode[historyResponse](t, hx); len(ah.Entries) != len(h.Entries) || bytes.Contains(hx.body, []byte("alpha-mail.example")) ||
		!bytes.Contains(hx.body, []byte("adv1-mail.example")) {
		t.Errorf("adviser's history: %d entries: %s", len(ah.Entries), hx.body)
	}
	if advice := h.Entries[8]; advice.Actor != fmt.Sprintf("user:%d", w.m["adv1.adviser"].user.ID) {
		t.Errorf("the owner sees the adviser as %q", advice.Actor)
	}

	// The operator verifies the chain.
	v := decode[verifyResponse](t, w.call(t, as{who: "op.admin"}, http.MethodGet, "/api/v1/audit/verify", nil))
	if !v.OK || v.Entries < int64(len(wantActions)) || v.HeadSeq != v.Entries || len(v.HeadHash) != 64 {
		t.Errorf("audit verify %+v", v)
	}
	return workflowResult{caseID: c.ID, cookie: researcher.cookie, prop: prop}
}

// TestCaseWorkflow runs a case from proposal to reopening over HTTP on a
// real SQLite file, signed in with a password (cookie) and with tokens.
func TestCaseWorkflow(t *testing.T) {
	e := newEnv(t, true, nil)
	w := newWorld(t, e, newSchemaChecker(t))
	r := runWorkflow(t, w)
	// The audit chain detects an edit: not through the API (it cannot
	// edit), so only the verify answer's shape is checked here, and the
	// entry count grows by one per change.
	before := decode[verifyResponse](t, w.call(t, as{who: "op.admin"}, http.MethodGet, "/api/v1/audit/verify", nil))
	want(t, w.call(t, as{who: "a.officer"}, http.MethodPost, fmt.Sprintf("/api/v1/cases/%d/comments", r.caseID), jsonOf(map[string]string{"text": "one more"})), 200)
	after := decode[verifyResponse](t, w.call(t, as{who: "op.admin"}, http.MethodGet, "/api/v1/audit/verify", nil))
	if after.Entries != before.Entries+1 || !after.OK {
		t.Errorf("audit entries %d then %d", before.Entries, after.Entries)
	}
}

// TestSignInOut covers sign-in failures, the Secure flag behind a TLS
// proxy, and that sign-out ends the session for good.
func TestSignInOut(t *testing.T) {
	e := newEnv(t, false, nil)
	w := newWorld(t, e, newSchemaChecker(t))
	for _, c := range []struct {
		name string
		body *body
		want int
	}{
		{"wrong password", jsonOf(map[string]string{"email": "a.officer@alpha-mail.example", "password": "not the password"}), 401},
		{"unknown email", jsonOf(map[string]string{"email": "nobody@alpha-mail.example", "password": testPassword}), 401},
		{"missing fields", jsonOf(map[string]string{}), 400},
		{"unknown field", jsonOf(map[string]string{"email": "a.officer@alpha-mail.example", "password": testPassword, "remember": "yes"}), 400},
	} {
		t.Run(c.name, func(t *testing.T) {
			x := w.call(t, as{}, http.MethodPost, "/api/v1/sessions", c.body)
			want(t, x, c.want)
			if len(x.resp.Cookies()) != 0 {
				t.Errorf("a failed sign-in set cookies: %v", x.resp.Cookies())
			}
		})
	}
	// Two failures answer the same, whichever part was wrong.
	a := decode[Problem](t, w.call(t, as{}, http.MethodPost, "/api/v1/sessions", jsonOf(map[string]string{"email": "a.officer@alpha-mail.example", "password": "wrong password!"})))
	b := decode[Problem](t, w.call(t, as{}, http.MethodPost, "/api/v1/sessions", jsonOf(map[string]string{"email": "ghost@alpha-mail.example", "password": "wrong password!"})))
	if a.Detail != b.Detail {
		t.Errorf("sign-in failures differ: %q vs %q", a.Detail, b.Detail)
	}

	x := w.call(t, as{header: http.Header{"X-Forwarded-Proto": {"https"}}}, http.MethodPost, "/api/v1/sessions",
		jsonOf(map[string]string{"email": "a.officer@alpha-mail.example", "password": testPassword}))
	want(t, x, 200)
	cookies := x.resp.Cookies()
	if len(cookies) != 1 || !cookies[0].Secure || !cookies[0].HttpOnly {
		t.Fatalf("cookie behind TLS proxy: %+v", cookies)
	}
	sess := as{cookie: &http.Cookie{Name: SessionCookie, Value: cookies[0].Value}}
	want(t, w.call(t, sess, http.MethodGet, "/api/v1/me", nil), 200)
	x = w.call(t, sess, http.MethodDelete, "/api/v1/sessions/current", nil)
	want(t, x, 200)
	if out := decode[signOutResponse](t, x); !out.SignedOut {
		t.Error("sign-out did not say so")
	}
	if cs := x.resp.Cookies(); len(cs) != 1 || cs[0].MaxAge >= 0 {
		t.Errorf("sign-out did not clear the cookie: %+v", cs)
	}
	want(t, w.call(t, sess, http.MethodGet, "/api/v1/me", nil), 401)
	want(t, w.call(t, as{cookie: &http.Cookie{Name: SessionCookie, Value: "forged-session-value"}}, http.MethodGet, "/api/v1/me", nil), 401)
	want(t, w.call(t, as{}, http.MethodGet, "/api/v1/me", nil), 401)
}

// TestTokenAuth covers API tokens: a new token works at once, a malformed
// or foreign scheme is refused, and a revoked token stops working.
func TestTokenAuth(t *testing.T) {
	e := newEnv(t, false, nil)
	w := newWorld(t, e, newSchemaChecker(t))
	x := w.call(t, as{who: "b.officer"}, http.MethodPost, "/api/v1/tokens", jsonOf(map[string]string{"name": "ci"}))
	want(t, x, 201)
	nt := decode[newTokenResponse](t, x)
	if !strings.HasPrefix(nt.Secret, auth.TokenMarker) || nt.Token.Prefix == "" || bytes.Contains(x.body, []byte(`"hash"`)) {
		t.Fatalf("new token %s", x.body)
	}
	w.m["b.ci"] = &member{key: "b.ci", token: nt.Secret}
	me := decode[meResponse](t, w.call(t, as{who: "b.ci"}, http.MethodGet, "/api/v1/me", nil))
	if me.User.ID != w.m["b.officer"].user.ID || me.Auth != "token" {
		t.Fatalf("token signs in as %+v", me)
	}
	list := decode[tokensResponse](t, w.call(t, as{who: "b.officer"}, http.MethodGet, "/api/v1/tokens", nil))
	if len(list.Tokens) != 2 {
		t.Fatalf("tokens %+v", list)
	}
	// The tampered token changes its last character to a different one
	// (always "A" would leave one token in 64 unchanged).
	last := "A"
	if strings.HasSuffix(nt.Secret, last) {
		last = "B"
	}
	for _, h := range []string{"Basic dXNlcjpwYXNz", "Bearer", "Bearer cc_short", "Bearer " + nt.Secret[:len(nt.Secret)-1] + last} {
		want(t, w.call(t, as{header: http.Header{"Authorization": {h}}}, http.MethodGet, "/api/v1/me", nil), 401)
	}
	// Another user cannot revoke it; its owner can, and then it is dead.
	want(t, w.call(t, as{who: "b.admin"}, http.MethodDelete, fmt.Sprintf("/api/v1/tokens/%d", nt.Token.ID), nil), 404)
	want(t, w.call(t, as{who: "a.admin"}, http.MethodDelete, fmt.Sprintf("/api/v1/tokens/%d", nt.Token.ID), nil), 404)
	x = w.call(t, as{who: "b.officer"}, http.MethodDelete, fmt.Sprintf("/api/v1/tokens/%d", nt.Token.ID), nil)
	want(t, x, 200)
	if k := decode[auth.APIToken](t, x); k.RevokedAt == nil {
		t.Errorf("revoked token %+v", k)
	}
	want(t, w.call(t, as{who: "b.ci"}, http.MethodGet, "/api/v1/me", nil), 401)
}

// TestCrossOriginRefused checks a browser's cross-site POST carrying the
// session cookie is refused before it reaches the handler, while the same
// request from the same origin, and a script's token request, pass.
func TestCrossOriginRefused(t *testing.T) {
	e := newEnv(t, true, nil)
	w := newWorld(t, e, newSchemaChecker(t))
	x := w.call(t, as{}, http.MethodPost, "/api/v1/sessions", jsonOf(map[string]string{"email": "a.researcher@alpha-mail.example", "password": testPassword}))
	want(t, x, 200)
	cookie := &http.Cookie{Name: SessionCookie, Value: x.resp.Cookies()[0].Value}
	cross := http.Header{"Sec-Fetch-Site": {"cross-site"}, "Origin": {"https://evil.example"}}
	x = w.call(t, as{cookie: cookie, header: cross}, http.MethodPost, "/api/v1/cases", jsonOf(proposal("Alpha cross-site attempt")))
	want(t, x, 403)
	if p := decode[Problem](t, x); p.Type != typeCrossOrigin {
		t.Errorf("problem type %q", p.Type)
	}
	list := decode[caseList](t, w.call(t, as{who: "a.officer"}, http.MethodGet, "/api/v1/cases", nil))
	if len(list.Cases) != 0 {
		t.Fatalf("the cross-site request created a case: %+v", list.Cases)
	}
	// Reading cross-site is harmless and allowed; signing in cross-site
	// (login CSRF) is not.
	want(t, w.call(t, as{cookie: cookie, header: cross}, http.MethodGet, "/api/v1/me", nil), 200)
	want(t, w.call(t, as{header: cross}, http.MethodPost, "/api/v1/sessions", jsonOf(map[string]string{"email": "a.researcher@alpha-mail.example", "password": testPassword})), 403)
	same := http.Header{"Sec-Fetch-Site": {"same-origin"}}
	want(t, w.call(t, as{cookie: cookie, header: same}, http.MethodPost, "/api/v1/cases", jsonOf(proposal("Alpha same-site case"))), 201)
	want(t, w.call(t, as{who: "a.researcher"}, http.MethodPost, "/api/v1/cases", jsonOf(proposal("Alpha scripted case"))), 201)
}

// TestBadProposalListsEveryProblem checks an invalid proposal gets one
// 400 naming every problem, each with its pointer and line, in JSON and
// YAML alike.
func TestBadProposalListsEveryProblem(t *testing.T) {
	e := newEnv(t, true, nil)
	w := newWorld(t, e, newSchemaChecker(t))
	bad := []byte("{\n  \"title\": \"\",\n  \"partners\": [{\"name\": \"X\", \"country\": \"Narnia\"}],\n  \"data\": [\"telepathy\"],\n  \"budget\": 5,\n  \"duration_months\": \"long\"\n}\n")
	x := w.call(t, as{who: "a.researcher"}, http.MethodPost, "/api/v1/cases", &body{ctype: "application/json", data: bad})
	want(t, x, 400)
	p := decode[Problem](t, x)
	got := map[string]int{}
	for _, fe := range p.Errors {
		got[fe.Pointer] = fe.Line
	}
	for ptr, line := range map[string]int{"#/title": 2, "#/partners/0/country": 3, "#/data/0": 4, "#/budget": 5, "#/duration_months": 6} {
		if l, ok := got[ptr]; !ok || l != line {
			t.Errorf("problem at %s: line %d (listed %v), want line %d; all: %s", ptr, l, ok, line, x.body)
		}
	}
	yaml := []byte("title: Alpha YAML proposal\npartners:\n  - name: Example Partner\n    kind: robot\n")
	x = w.call(t, as{who: "a.researcher"}, http.MethodPost, "/api/v1/assess", &body{ctype: "application/yaml", data: yaml})
	want(t, x, 400)
	if p := decode[Problem](t, x); len(p.Errors) != 1 || p.Errors[0].Pointer != "#/partners/0/kind" || p.Errors[0].Line != 4 {
		t.Errorf("YAML problem %s", x.body)
	}
	good := []byte("title: Alpha YAML proposal\npartners:\n  - name: University of Northmoor\n    country: GB\n")
	// Without a media type the body is read as what it looks like.
	want(t, w.call(t, as{who: "a.researcher"}, http.MethodPost, "/api/v1/assess", &body{data: good}), 200)
	x = w.call(t, as{who: "a.researcher"}, http.MethodPost, "/api/v1/assess", &body{ctype: "application/yaml", data: good})
	want(t, x, 200)
	if a := decode[assess.Assessment](t, x); a.Title != "Alpha YAML proposal" || a.Outcome == "" {
		t.Errorf("assessment %+v", a)
	}
}

// TestPolicyOverride checks a tenant's policy goes through the API: an
// invalid override is refused with its lines and the policy in force
// stays; a valid one is used for that tenant's assessments only.
func TestPolicyOverride(t *testing.T) {
	e := newEnv(t, true, nil)
	w := newWorld(t, e, newSchemaChecker(t))
	admin := as{who: "a.admin"}
	before := decode[policyResponse](t, w.call(t, admin, http.MethodGet, "/api/v1/policy", nil))
	if before.Override != nil || before.Version == "" || before.Policy == nil {
		t.Fatalf("default policy %+v", before)
	}
	bad := []byte("version: alpha-1\ndisable_rules: [no-such-rule]\nparameters:\n  review_floor: high\n")
	x := w.call(t, admin, http.MethodPut, "/api/v1/policy", &body{ctype: "application/yaml", data: bad})
	want(t, x, 400)
	p := decode[Problem](t, x)
	lines := map[int]bool{}
	for _, fe := range p.Errors {
		lines[fe.Line] = true
	}
	if !lines[4] {
		t.Errorf("invalid override problems %s", x.body)
	}
	if now := decode[policyResponse](t, w.call(t, admin, http.MethodGet, "/api/v1/policy", nil)); now.Version != before.Version || now.Override != nil {
		t.Fatalf("a refused override changed the policy: %+v", now.Version)
	}
	good := []byte("version: alpha-1\ndescription: Alpha local policy\nparameters:\n  home_country: CN\n")
	x = w.call(t, admin, http.MethodPut, "/api/v1/policy", &body{ctype: "application/yaml", data: good})
	want(t, x, 200)
	set := decode[policyResponse](t, x)
	if set.Override == nil || set.Version != before.Version+"+alpha-1" || set.Policy.Parameters.HomeCountry != "cn" && set.Policy.Parameters.HomeCountry != "CN" {
		t.Fatalf("override set %+v", set)
	}
	// Bravo still assesses with the default.
	prop := jsonOf(proposal("Alpha policy check"))
	a := decode[assess.Assessment](t, w.call(t, as{who: "a.officer"}, http.MethodPost, "/api/v1/assess", prop))
	b := decode[assess.Assessment](t, w.call(t, as{who: "b.officer"}, http.MethodPost, "/api/v1/assess", prop))
	if a.PolicyVersion != set.Version || b.PolicyVersion != before.Version {
		t.Errorf("policy versions used: alpha %q bravo %q", a.PolicyVersion, b.PolicyVersion)
	}
	bp := w.call(t, as{who: "b.admin"}, http.MethodGet, "/api/v1/policy", nil)
	if bytes.Contains(bp.body, []byte("Alpha local policy")) {
		t.Error("Bravo sees Alpha's override")
	}
	x = w.call(t, admin, http.MethodDelete, "/api/v1/policy", nil)
	want(t, x, 200)
	if d := decode[policyResponse](t, x); d.Override != nil || d.Version != before.Version {
		t.Errorf("after delete %+v", d.Version)
	}
	want(t, w.call(t, as{who: "a.officer"}, http.MethodPut, "/api/v1/policy", &body{ctype: "application/yaml", data: good}), 403)
}

// fixture cases for the isolation matrix are made through the store, in
// the state a route needs, so every call gets a case of its own.
type fixture struct {
	w          *world
	coll       assess.Collaboration
	assessment assess.Assessment
	titles     map[int64]string // every fixture case's title by id
	mu         sync.Mutex
}

func newFixture(t *testing.T, w *world) *fixture {
	t.Helper()
	coll, err := assess.Collaboration{Title: "template", Partners: []assess.Partner{{Name: "Harbin Institute of Technology", Country: "cn"}},
		Summary: "Guidance and control of hypersonic glide vehicles.", Countries: []string{"gb", "cn"}, Data: []assess.DataKind{assess.DataOtherSensitive}}.Validate()
	if err != nil {
		t.Fatal(err)
	}
	a, err := w.e.api.assessor.Assess(coll, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Mitigations) == 0 {
		t.Fatalf("the fixture proposal requires no mitigation: %+v", a)
	}
	return &fixture{w: w, coll: coll, assessment: a, titles: map[int64]string{}}
}

func actorOf(m *member) cases.Actor {
	return cases.Actor{UserID: m.user.ID, TenantID: m.tenant.ID, TenantKind: m.tenant.Kind, Role: m.user.Role, Name: m.user.Name, Email: m.user.Email}
}

// make creates a case of the tenant of creator, walked by officer to
// state; referTo, when set, is the adviser tenant it is referred to (the
// state then passes through referred).
func (f *fixture) make(t *testing.T, creator, officer string, state cases.State, referTo string) cases.Case {
	t.Helper()
	ctx := context.Background()
	w := f.w
	f.mu.Lock()
	w.seq++
	title := fmt.Sprintf("%s secret case (%d)", strings.ToUpper(w.m[creator].tenant.Name[:5]), w.seq)
	f.mu.Unlock()
	coll := f.coll
	coll.Title = title
	as := f.assessment
	as.Title = title
	c, ev, err := cases.New(actorOf(w.m[creator]), coll, as, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if c, err = w.cw.CreateCase(ctx, c, ev); err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	f.titles[c.ID] = title
	f.mu.Unlock()
	op := actorOf(w.m[officer])
	apply := func(o cases.Op, a cases.Actor) {
		t.Helper()
		var err error
		c, err = w.cw.UpdateCase(ctx, c.TenantID, c.ID, func(cc *cases.Case) (audit.Event, error) { return cases.Apply(cc, a, o, time.Now()) })
		if err != nil {
			t.Fatal(err)
		}
	}
	path := map[cases.State][]cases.Op{
		cases.Draft:     nil,
		cases.Submitted: {cases.Submit{}},
		cases.InReview:  {cases.Submit{}, cases.StartReview{}},
		cases.Referred:  {cases.Submit{}, cases.StartReview{}},
		cases.Decided:   {cases.Submit{}, cases.StartReview{}},
	}[state]
	for _, o := range path {
		apply(o, op)
	}
	if referTo != "" {
		tt := w.tenants[referTo]
		apply(cases.Refer{TenantID: tt.ID, TenantName: tt.Name, Note: "fixture"}, op)
		// The adviser comments, so the history names someone of each
		// tenant.
		apply(cases.AddComment{Text: "adviser's note"}, actorOf(w.m[referTo+".adviser"]))
	}
	if state == cases.Decided {
		apply(cases.Decide{Outcome: assess.OutcomeProceedWithMitigations, Rationale: "fixture"}, op)
	}
	if c.State != state {
		t.Fatalf("fixture case reached %s, want %s", c.State, state)
	}
	return c
}

// visibleTo is the rule the isolation matrix holds the API to, written
// out independently of cases.CanView: an organisation's officers and
// admins see its cases, a researcher the cases they proposed or are
// assigned, and an adviser team's advisers and admins the cases referred
// to it. Nobody else sees a case.
func visibleTo(c cases.Case, m *member) bool {
	if m == nil {
		return false
	}
	if m.tenant.ID == c.TenantID {
		switch m.user.Role {
		case auth.Officer, auth.Admin:
			return true
		case auth.Researcher:
			return c.CreatedBy.UserID == m.user.ID || (c.Assignee != nil && c.Assignee.UserID == m.user.ID)
		}
		return false
	}
	return c.Referral != nil && c.Referral.TenantID == m.tenant.ID && (m.user.Role == auth.Adviser || m.user.Role == auth.Admin)
}

// matrixCallers are who the isolation matrix calls every route as.
var matrixCallers = []string{"", "a.researcher", "a.officer", "a.adviser", "a.admin", "b.officer", "b.admin", "adv1.adviser", "adv2.adviser", "op.admin", "co.admin", "co.researcher"}

// matrixEntry says how to call one route in the isolation matrix. For a
// case route, the target case is made fresh (owned by Alpha, proposed by
// a.researcher) in state, referred to Advice Team One when referred.
// The expected status follows from the route's access rule, the case's
// visibility and ok (the status of a permitted call; 200 when zero);
// except overrides it for a caller.
type matrixEntry struct {
	caseRoute bool
	state     cases.State
	referred  bool
	target    func(c cases.Case) string
	body      func(c cases.Case, caller string) *body
	ok        int
	except    map[string]int
}

func (w *world) matrixEntries(f *fixture) map[string]matrixEntry {
	cid := func(suffix string) func(c cases.Case) string {
		return func(c cases.Case) string { return fmt.Sprintf("/api/v1/cases/%d%s", c.ID, suffix) }
	}
	fixed := func(p string) func(cases.Case) string { return func(cases.Case) string { return p } }
	js := func(v any) func(cases.Case, string) *body { return func(cases.Case, string) *body { return jsonOf(v) } }
	n := 0
	uniq := func() int { n++; return n }
	spare := w.spareToken()
	entries := map[string]matrixEntry{
		"GET /api/v1/screen":              {target: fixed("/api/v1/screen?name=Harbin+Institute+of+Technology")},
		"POST /api/v1/screen":             {target: fixed("/api/v1/screen"), body: js(map[string]any{"names": []string{"NUDT"}})},
		"GET /api/v1/entities/{id...}":    {target: fixed("/api/v1/entities/test_defence:" + hitID)},
		"GET /api/v1/lists":               {target: fixed("/api/v1/lists")},
		"GET /api/v1/match":               {target: fixed("/api/v1/match?a=NUDT&b=National+University+of+Defense+Technology")},
		"POST /api/v1/resolve":            {target: fixed("/api/v1/resolve"), body: js(map[string]any{"affiliations": []string{"Harbin Institute of Technology"}})},
		"GET /api/v1/orgs":                {target: fixed("/api/v1/orgs?q=Harbin")},
		"GET /api/v1/orgs/{id...}":        {target: fixed("/api/v1/orgs/" + rorHIT)},
		"POST /api/v1/classify":           {target: fixed("/api/v1/classify"), body: js(map[string]any{"title": "Quantum key distribution"})},
		"GET /api/v1/taxonomy":            {target: fixed("/api/v1/taxonomy")},
		"GET /api/v1/openapi.json":        {target: fixed("/api/v1/openapi.json")},
		"GET /healthz":                    {target: fixed("/healthz")},
		"GET /readyz":                     {target: fixed("/readyz")},
		"GET /metrics":                    {target: fixed("/metrics")},
		"DELETE /api/v1/sessions/current": {target: fixed("/api/v1/sessions/current")},
		"GET /api/v1/me":                  {target: fixed("/api/v1/me")},
		"POST /api/v1/sessions": {target: fixed("/api/v1/sessions"), except: map[string]int{"": 401},
			body: func(_ cases.Case, caller string) *body {
				email := "someone@nowhere.example"
				if caller != "" {
					email = w.m[caller].user.Email
				}
				return jsonOf(map[string]string{"email": email, "password": testPassword})
			}},
		"POST /api/v1/assess": {target: fixed("/api/v1/assess"), body: js(proposal("Matrix assessment"))},
		"POST /api/v1/cases": {target: fixed("/api/v1/cases"), ok: 201,
			body: func(_ cases.Case, caller string) *body {
				return jsonOf(proposal(fmt.Sprintf("Matrix case by %s", caller)))
			}},
		"GET /api/v1/cases":                             {target: fixed("/api/v1/cases?limit=1000")},
		"GET /api/v1/cases/{id}":                        {caseRoute: true, state: cases.Referred, referred: true, target: cid("")},
		"GET /api/v1/cases/{id}/history":                {caseRoute: true, state: cases.Referred, referred: true, target: cid("/history")},
		"PUT /api/v1/cases/{id}/collaboration":          {caseRoute: true, state: cases.Draft, target: cid("/collaboration"), body: js(proposal("Alpha revised in matrix"))},
		"POST /api/v1/cases/{id}/submit":                {caseRoute: true, state: cases.Draft, target: cid("/submit")},
		"POST /api/v1/cases/{id}/review":                {caseRoute: true, state: cases.Submitted, target: cid("/review")},
		"POST /api/v1/cases/{id}/assign":                {caseRoute: true, state: cases.InReview, target: cid("/assign"), body: js(map[string]any{"user_id": w.m["a.officer"].user.ID})},
		"POST /api/v1/cases/{id}/comments":              {caseRoute: true, state: cases.Referred, referred: true, target: cid("/comments"), body: js(map[string]string{"text": "matrix comment"})},
		"PUT /api/v1/cases/{id}/checklist/{mitigation}": {caseRoute: true, state: cases.InReview, target: func(c cases.Case) string { return cid("/checklist/" + c.Checklist[0].MitigationID)(c) }, body: js(map[string]any{"confirmed": true})},
		"POST /api/v1/cases/{id}/refer":                 {caseRoute: true, state: cases.InReview, target: cid("/refer"), body: js(map[string]any{"tenant_id": w.tenants["adv1"].ID})},
		"POST /api/v1/cases/{id}/advice":                {caseRoute: true, state: cases.Referred, referred: true, target: cid("/advice"), body: js(map[string]string{"recommendation": "proceed", "text": "fine"})},
		"POST /api/v1/cases/{id}/decision":              {caseRoute: true, state: cases.InReview, target: cid("/decision"), body: js(map[string]string{"outcome": "proceed", "rationale": "matrix"})},
		"POST /api/v1/cases/{id}/close":                 {caseRoute: true, state: cases.Decided, target: cid("/close")},
		"POST /api/v1/cases/{id}/reopen":                {caseRoute: true, state: cases.Decided, target: cid("/reopen"), body: js(map[string]string{"reason": "matrix"})},
		"POST /api/v1/cases/{id}/reassess":              {caseRoute: true, state: cases.InReview, target: cid("/reassess")},
		"GET /api/v1/users":                             {target: fixed("/api/v1/users")},
		"POST /api/v1/users": {target: fixed("/api/v1/users"), ok: 201, body: func(_ cases.Case, caller string) *body {
			return jsonOf(map[string]string{"email": fmt.Sprintf("new%d@matrix.example", uniq()), "name": "New User", "role": "researcher"})
		}},
		"GET /api/v1/tokens":         {target: fixed("/api/v1/tokens")},
		"POST /api/v1/tokens":        {target: fixed("/api/v1/tokens"), ok: 201, body: js(map[string]string{"name": "matrix"})},
		"DELETE /api/v1/tokens/{id}": {target: fixed(fmt.Sprintf("/api/v1/tokens/%d", spare)), ok: 404, except: map[string]int{"a.researcher": 200}},
		"GET /api/v1/tenants":        {target: fixed("/api/v1/tenants")},
		"POST /api/v1/tenants": {target: fixed("/api/v1/tenants"), ok: 201, body: func(cases.Case, string) *body {
			return jsonOf(map[string]string{"name": fmt.Sprintf("Matrix Tenant %d", uniq()), "kind": "company"})
		}},
		"GET /api/v1/policy": {target: fixed("/api/v1/policy")},
		"PUT /api/v1/policy": {target: fixed("/api/v1/policy"), body: func(_ cases.Case, caller string) *body {
			return &body{ctype: "application/yaml", data: []byte("version: matrix\ndescription: policy of " + w.m[caller].tenant.Name + "\n")}
		}},
		"DELETE /api/v1/policy":    {target: fixed("/api/v1/policy")},
		"GET /api/v1/audit/verify": {target: fixed("/api/v1/audit/verify")},
	}
	maps.Copy(entries, w.pageMatrixEntries())
	maps.Copy(entries, w.alertMatrixEntries())
	maps.Copy(entries, w.portfolioMatrixEntries())
	maps.Copy(entries, w.secureMatrixEntries())
	return entries
}

// spareToken gives a.researcher a second token, which the matrix tries to
// revoke as everyone.
func (w *world) spareToken() int64 { return w.spareTokenOf("a.researcher") }

// spareTokenOf gives a member a second token.
func (w *world) spareTokenOf(key string) int64 {
	nt, err := auth.GenerateToken()
	if err != nil {
		w.t.Fatal(err)
	}
	m := w.m[key]
	k, err := w.acc.CreateToken(context.Background(), store.NewAPIToken{TenantID: m.tenant.ID, UserID: m.user.ID, Name: "spare", Prefix: nt.Prefix, Hash: nt.Hash})
	if err != nil {
		w.t.Fatal(err)
	}
	return k.ID
}

// expected is the status the matrix requires of a call.
func (w *world) expected(rt *route, me matrixEntry, caller string, c cases.Case) int {
	// A company tenant is refused what companies may not use before
	// anything else is looked at (reference routes only when the server
	// is private; otherwise they are open to anyone).
	if m := w.m[caller]; m != nil && m.tenant.Kind == auth.Company && !companyMayUse(rt) && (rt.Access != reference || w.e.api.private) {
		return http.StatusForbidden
	}
	if s, ok := me.except[caller]; ok {
		return s
	}
	ok := me.ok
	if ok == 0 {
		ok = 200
	}
	m := w.m[caller]
	switch {
	case rt.Access == public:
		return ok
	case m == nil && rt.Page:
		return http.StatusSeeOther // to the sign-in page
	case m == nil:
		return 401
	case rt.Access == reference:
		return ok
	case rt.Perm != "" && !m.user.Role.Can(rt.Perm):
		return 403
	case rt.Operator && caller != "op.admin":
		return 403
	case me.caseRoute && !visibleTo(c, m):
		return 404
	case (rt.Method == http.MethodPost && rt.Path == "/api/v1/cases" || rt.Path == "/cases/new") && m.tenant.Kind == auth.AdviserTeam:
		return 403
	}
	return ok
}

// secrets returns the strings caller must never see: the titles of cases
// they cannot see (as the store has them now), the emails of other
// tenants' users, the names of other organisation tenants (the operator
// sees every tenant), and other tenants' policy texts.
func (w *world) secrets(t *testing.T, f *fixture, caller string) []string {
	t.Helper()
	m := w.m[caller]
	var out []string
	f.mu.Lock()
	titles := make(map[int64]string, len(f.titles))
	for id, ti := range f.titles {
		titles[id] = ti
	}
	f.mu.Unlock()
	for id, title := range titles {
		var c cases.Case
		var err error
		for _, tn := range []string{"alpha", "bravo"} {
			if c, err = w.cw.Case(context.Background(), w.tenants[tn].ID, id); err == nil {
				break
			}
		}
		if err != nil {
			t.Fatalf("fixture case %d: %v", id, err)
		}
		if !visibleTo(c, m) {
			out = append(out, title)
		}
	}
	for _, o := range w.m {
		if o.user.Email != "" && (m == nil || o.tenant.ID != m.tenant.ID) {
			out = append(out, o.user.Email)
		}
	}
	for _, tn := range worldTenants {
		tt := w.tenants[tn.key]
		if (tt.Kind == auth.Organisation || tt.Kind == auth.Company) && tn.key != "default" && (m == nil || (tt.ID != m.tenant.ID && caller != "op.admin")) {
			out = append(out, tt.Name, "policy of "+tt.Name)
		}
	}
	return out
}

// runMatrix calls every route of the route table as every caller and
// checks the status and that nothing of another tenant leaks. A route
// without a matrix entry fails the test, so a new route cannot escape it.
func runMatrix(t *testing.T, e *testEnv) {
	w := newWorld(t, e, newSchemaChecker(t))
	f := newFixture(t, w)
	// Background cases the callers must not see, or see only as the
	// visibility rule says: Bravo's, one referred to Advice Team Two, and
	// Alpha's in every state.
	f.make(t, "b.researcher", "b.officer", cases.InReview, "")
	f.make(t, "b.researcher", "b.officer", cases.Referred, "adv2")
	f.make(t, "a.researcher2", "a.officer", cases.Draft, "")
	f.make(t, "a.researcher", "a.officer", cases.Referred, "adv1")
	// A policy override in each organisation that names it.
	for _, who := range []string{"a.admin", "b.admin"} {
		want(t, w.call(t, as{who: who}, http.MethodPut, "/api/v1/policy", &body{ctype: "application/yaml",
			data: []byte("version: v1\ndescription: policy of " + w.m[who].tenant.Name + "\n")}), 200)
	}
	entries := w.matrixEntries(f)
	seen := map[string]bool{}
	for i := range e.api.routes {
		rt := &e.api.routes[i]
		key := rt.Method + " " + rt.Path
		seen[key] = true
		me, ok := entries[key]
		if !ok {
			t.Errorf("route %s has no entry in the tenant-isolation matrix", key)
			continue
		}
		t.Run(strings.ReplaceAll(key, "/", "_"), func(t *testing.T) {
			for _, caller := range matrixCallers {
				var c cases.Case
				if me.caseRoute {
					refer := ""
					if me.referred {
						refer = "adv1"
					}
					c = f.make(t, "a.researcher", "a.officer", me.state, refer)
				}
				var b *body
				if me.body != nil {
					if caller == "" && rt.Method == http.MethodPut && rt.Path == "/api/v1/policy" {
						b = &body{ctype: "application/yaml", data: []byte("version: anon\n")}
					} else {
						b = me.body(c, caller)
					}
				}
				x := w.call(t, as{who: caller}, rt.Method, me.target(c), b)
				if wantStatus := w.expected(rt, me, caller, c); x.status != wantStatus {
					t.Errorf("as %q: status %d, want %d: %.300s", caller, x.status, wantStatus, x.body)
				}
				for _, s := range w.secrets(t, f, caller) {
					if bytes.Contains(x.body, []byte(s)) || strings.Contains(fmt.Sprint(x.resp.Header), s) {
						t.Errorf("as %q: the answer (%d) shows %q: %.400s", caller, x.status, s, x.body)
					}
				}
				if rt.Method == http.MethodGet && rt.Path == "/api/v1/cases" && x.status == 200 {
					w.checkListed(t, caller, decode[caseList](t, x))
				}
			}
		})
	}
	for key := range entries {
		if !seen[key] {
			t.Errorf("the matrix has an entry for %s, which is not in the route table", key)
		}
	}
}

// checkListed checks a case list holds exactly the cases the caller may
// see (all of them fit in one page here).
func (w *world) checkListed(t *testing.T, caller string, l caseList) {
	t.Helper()
	m := w.m[caller]
	listed := map[int64]bool{}
	for _, s := range l.Cases {
		listed[s.ID] = true
	}
	for _, tn := range []string{"alpha", "bravo", "adv1", "adv2", "default"} {
		all, err := w.cw.Cases(context.Background(), w.tenants[tn].ID, store.CaseFilter{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range all {
			c, err := w.cw.Case(context.Background(), w.tenants[tn].ID, s.ID)
			if err != nil {
				t.Fatal(err)
			}
			if v := visibleTo(c, m); v != listed[c.ID] {
				t.Errorf("as %q: case %d (tenant %d) visible %v, listed %v", caller, c.ID, c.TenantID, v, listed[c.ID])
			}
		}
	}
}

// TestTenantIsolationMatrix runs the matrix against a real SQLite file on
// a private server (so the reference routes need sign-in too).
func TestTenantIsolationMatrix(t *testing.T) {
	e := newEnv(t, true, nil, func(c *Config) { c.Private = true })
	runMatrix(t, e)
}

// TestPrivateOff checks that without Private the reference routes answer
// anonymous callers, and the signed-in routes still do not.
func TestPrivateOff(t *testing.T) {
	e := newEnv(t, true, nil)
	w := newWorld(t, e, newSchemaChecker(t))
	want(t, w.call(t, as{}, http.MethodGet, "/api/v1/screen?name=NUDT", nil), 200)
	want(t, w.call(t, as{}, http.MethodGet, "/api/v1/cases", nil), 401)
	want(t, w.call(t, as{}, http.MethodGet, "/api/v1/policy", nil), 401)
}

// caseworkConformance produces every status the OpenAPI document lists
// for the signed-in routes, and 401 for the reference routes of a private
// server, recording them for TestAPIConformance: the workflow for the
// successes, then the failures one by one.
func caseworkConformance(t *testing.T, checker *schemaChecker, observed map[string]map[int]bool) {
	e := newEnv(t, true, nil, func(c *Config) { c.Private = true })
	w := newWorld(t, e, checker)
	w.observed = observed
	r := runWorkflow(t, w)
	caseURL := fmt.Sprintf("/api/v1/cases/%d", r.caseID)
	officer, admin, op := as{who: "a.officer"}, as{who: "a.admin"}, as{who: "op.admin"}

	// Successes the workflow did not need.
	want(t, w.call(t, officer, http.MethodGet, "/api/v1/cases?state=in_review,referred&mine=false&limit=10&offset=0", nil), 200)
	want(t, w.call(t, as{who: "adv1.adviser"}, http.MethodGet, "/api/v1/cases?queue=referred", nil), 200)
	want(t, w.call(t, officer, http.MethodPost, "/api/v1/assess", jsonOf(r.prop)), 200)
	want(t, w.call(t, officer, http.MethodDelete, "/api/v1/sessions/current", nil), 200)
	want(t, w.call(t, admin, http.MethodGet, "/api/v1/users", nil), 200)
	want(t, w.call(t, admin, http.MethodPost, "/api/v1/users", jsonOf(map[string]string{"email": "new.officer@alpha-mail.example", "name": "New Officer", "role": "officer"})), 201)
	want(t, w.call(t, officer, http.MethodGet, "/api/v1/tokens", nil), 200)
	x := w.call(t, officer, http.MethodPost, "/api/v1/tokens", jsonOf(map[string]string{"name": "laptop"}))
	want(t, x, 201)
	want(t, w.call(t, officer, http.MethodDelete, fmt.Sprintf("/api/v1/tokens/%d", decode[newTokenResponse](t, x).Token.ID), nil), 200)
	want(t, w.call(t, officer, http.MethodGet, "/api/v1/tenants", nil), 200)
	want(t, w.call(t, op, http.MethodPost, "/api/v1/tenants", jsonOf(map[string]string{"name": "Charlie College", "kind": "organisation"})), 201)
	want(t, w.call(t, officer, http.MethodGet, "/api/v1/policy", nil), 200)
	want(t, w.call(t, admin, http.MethodPut, "/api/v1/policy", jsonOf(map[string]any{"version": "json-1"})), 200)
	want(t, w.call(t, admin, http.MethodDelete, "/api/v1/policy", nil), 200)
	alertConformance(t, w, r.caseID)
	portfolioConformance(t, w)

	// 401 for every route that needs credentials; 403 for every route
	// that needs a permission the caller's role lacks.
	concrete := strings.NewReplacer("{id...}", "x", "{id}", "1", "{mitigation}", "m")
	for i := range e.api.routes {
		rt := &e.api.routes[i]
		if rt.Page {
			continue // pages are held to their own statuses by the matrix and the page tests
		}
		target := concrete.Replace(rt.Path)
		if rt.Access != public {
			want(t, w.call(t, as{}, rt.Method, target, nil), 401)
		}
		switch {
		case rt.Operator:
			want(t, w.call(t, admin, rt.Method, target, nil), 403)
		case rt.Perm == auth.AdviseCase:
			want(t, w.call(t, officer, rt.Method, target, nil), 403)
		case rt.Perm != "":
			want(t, w.call(t, as{who: "a.adviser"}, rt.Method, target, nil), 403)
		case !companyMayUse(rt):
			want(t, w.call(t, as{who: "co.admin"}, rt.Method, target, nil), 403)
		}
		// 404 for a case nobody can see.
		if strings.HasPrefix(rt.Path, "/api/v1/cases/{id}") {
			who := officer
			if rt.Perm == auth.AdviseCase {
				who = as{who: "adv1.adviser"}
			}
			want(t, w.call(t, who, rt.Method, strings.Replace(concrete.Replace(rt.Path), "/1", "/999999", 1), nil), 404)
		}
	}
	want(t, w.call(t, as{header: http.Header{"Sec-Fetch-Site": {"cross-site"}}}, http.MethodPost, "/api/v1/sessions", jsonOf(map[string]string{"email": "a.officer@alpha-mail.example", "password": testPassword})), 403)
	want(t, w.call(t, officer, http.MethodDelete, "/api/v1/tokens/999999", nil), 404)

	// 400 and 415: bad bodies, parameters and ids.
	badProp := jsonOf(map[string]any{"title": "", "partners": "none"})
	for _, c := range []struct {
		who          as
		method, path string
		b            *body
		status       int
	}{
		{as{}, http.MethodPost, "/api/v1/sessions", jsonOf(map[string]string{}), 400},
		{as{}, http.MethodPost, "/api/v1/sessions", jsonOf(map[string]string{"email": "a.officer@alpha-mail.example", "password": "guess guess guess"}), 401},
		{officer, http.MethodPost, "/api/v1/assess", badProp, 400},
		{officer, http.MethodPost, "/api/v1/assess", &body{ctype: "text/plain", data: []byte("title: x")}, 415},
		{officer, http.MethodPost, "/api/v1/cases", badProp, 400},
		{officer, http.MethodPost, "/api/v1/cases", &body{ctype: "text/plain", data: []byte("title: x")}, 415},
		{officer, http.MethodGet, "/api/v1/cases?state=pending", nil, 400},
		{officer, http.MethodGet, "/api/v1/cases/abc", nil, 400},
		{officer, http.MethodPut, caseURL + "/collaboration", badProp, 400},
		{officer, http.MethodPost, caseURL + "/assign", jsonOf(map[string]any{"user_id": w.m["b.officer"].user.ID}), 400},
		{officer, http.MethodPost, caseURL + "/comments", jsonOf(map[string]string{}), 400},
		{officer, http.MethodPut, caseURL + "/checklist/no-such-mitigation", jsonOf(map[string]bool{"confirmed": true}), 400},
		{officer, http.MethodPost, caseURL + "/refer", jsonOf(map[string]any{"tenant_id": w.tenants["bravo"].ID}), 400},
		{as{who: "adv1.adviser"}, http.MethodPost, caseURL + "/advice", jsonOf(map[string]string{"recommendation": "maybe"}), 400},
		{officer, http.MethodPost, caseURL + "/decision", jsonOf(map[string]string{"outcome": "approve"}), 400},
		{officer, http.MethodPost, caseURL + "/reopen", jsonOf(map[string]string{}), 400},
		{admin, http.MethodPost, "/api/v1/users", jsonOf(map[string]string{"email": "not an email", "role": "boss"}), 400},
		{admin, http.MethodPost, "/api/v1/users", jsonOf(map[string]string{"email": "a.officer@alpha-mail.example", "name": "Again", "role": "officer"}), 409},
		{officer, http.MethodPost, "/api/v1/tokens", jsonOf(map[string]string{}), 400},
		{op, http.MethodPost, "/api/v1/tenants", jsonOf(map[string]string{"kind": "club"}), 400},
		{op, http.MethodPost, "/api/v1/tenants", jsonOf(map[string]string{"name": "Bravoport Institute of Science"}), 409},
		{admin, http.MethodPut, "/api/v1/policy", &body{ctype: "application/yaml", data: []byte("version: x\nrules: 3\n")}, 400},
		{admin, http.MethodPut, "/api/v1/policy", &body{ctype: "text/plain", data: []byte("version: x\n")}, 415},

		// 409: operations the case's state does not allow (it is in review).
		{officer, http.MethodPost, caseURL + "/submit", nil, 409},
		{officer, http.MethodPost, caseURL + "/review", nil, 409},
		{officer, http.MethodPost, caseURL + "/close", nil, 409},
		{officer, http.MethodPost, caseURL + "/reopen", jsonOf(map[string]string{"reason": "again"}), 409},
	} {
		want(t, w.call(t, c.who, c.method, c.path, c.b), c.status)
	}
	// A draft cannot be referred or decided; a closed case cannot be
	// revised or reassessed.
	x = w.call(t, as{who: "a.researcher"}, http.MethodPost, "/api/v1/cases", jsonOf(proposal("Alpha second draft")))
	want(t, x, 201)
	draft := fmt.Sprintf("/api/v1/cases/%d", decode[cases.Case](t, x).ID)
	want(t, w.call(t, officer, http.MethodPost, draft+"/refer", jsonOf(map[string]any{"tenant_id": w.tenants["adv1"].ID})), 409)
	want(t, w.call(t, officer, http.MethodPost, draft+"/decision", jsonOf(map[string]string{"outcome": "proceed", "rationale": "r"})), 409)
	want(t, w.call(t, officer, http.MethodPost, caseURL+"/decision", jsonOf(map[string]string{"outcome": "proceed", "rationale": "r"})), 200)
	want(t, w.call(t, officer, http.MethodPost, caseURL+"/close", nil), 200)
	want(t, w.call(t, officer, http.MethodPut, caseURL+"/collaboration", jsonOf(r.prop)), 409)
	want(t, w.call(t, officer, http.MethodPost, caseURL+"/reassess", nil), 409)

	// 429 after too many failed sign-ins.
	throttleSignIn(t, w)

	// 503 before any list is loaded: nothing can be assessed.
	empty := newWorld(t, newEnv(t, false, nil), checker)
	empty.observed = observed
	want(t, empty.call(t, as{who: "a.officer"}, http.MethodPost, "/api/v1/assess", jsonOf(r.prop)), 503)
	want(t, empty.call(t, as{who: "a.officer"}, http.MethodPost, "/api/v1/cases", jsonOf(r.prop)), 503)
	secureConformance(t, w, empty)
}

// racingCasework changes a case (a comment by its creator) just before
// the first UpdateCase of it goes through, as a concurrent request would.
type racingCasework struct {
	store.Casework
	once sync.Once
}

func (r *racingCasework) UpdateCase(ctx context.Context, tenantID, id int64, fn func(*cases.Case) (audit.Event, error)) (cases.Case, error) {
	r.once.Do(func() {
		_, _ = r.Casework.UpdateCase(ctx, tenantID, id, func(c *cases.Case) (audit.Event, error) {
			return cases.Apply(c, cases.Actor{UserID: c.CreatedBy.UserID, TenantID: c.TenantID, Role: auth.Researcher, Name: "racer"}, cases.AddComment{Text: "meanwhile"}, time.Now())
		})
	})
	return r.Casework.UpdateCase(ctx, tenantID, id, fn)
}

// TestReassessRace checks a reassessment based on a case that changed
// before it was written is refused (409), not stored over the change.
func TestReassessRace(t *testing.T) {
	var race *racingCasework
	e := newEnv(t, true, nil, func(c *Config) {
		race = &racingCasework{Casework: c.Casework}
		c.Casework = race
	})
	w := newWorld(t, e, newSchemaChecker(t))
	c := newFixture(t, w).make(t, "a.researcher", "a.officer", cases.InReview, "")
	x := w.call(t, as{who: "a.officer"}, http.MethodPost, fmt.Sprintf("/api/v1/cases/%d/reassess", c.ID), nil)
	want(t, x, 409)
	got, err := w.cw.Case(context.Background(), c.TenantID, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != c.Version+1 || len(got.Comments) != 1 {
		t.Errorf("after the refused reassessment: version %d (was %d), %d comments", got.Version, c.Version, len(got.Comments))
	}
	// Without a race it goes through.
	want(t, w.call(t, as{who: "a.officer"}, http.MethodPost, fmt.Sprintf("/api/v1/cases/%d/reassess", c.ID), nil), 200)
}

// TestListCasesFilters checks the state, mine, queue, limit and offset
// parameters of GET /api/v1/cases.
func TestListCasesFilters(t *testing.T) {
	e := newEnv(t, true, nil)
	w := newWorld(t, e, newSchemaChecker(t))
	f := newFixture(t, w)
	draft := f.make(t, "a.researcher", "a.officer", cases.Draft, "")
	review := f.make(t, "a.researcher2", "a.officer", cases.InReview, "")
	referred := f.make(t, "a.researcher2", "a.officer", cases.Referred, "adv1")
	ids := func(x exchange) []int64 {
		t.Helper()
		want(t, x, 200)
		var out []int64
		for _, s := range decode[caseList](t, x).Cases {
			out = append(out, s.ID)
		}
		return out
	}
	officer := as{who: "a.officer"}
	for _, c := range []struct {
		who    as
		target string
		want   []int64
	}{
		{officer, "/api/v1/cases", []int64{referred.ID, review.ID, draft.ID}},
		{officer, "/api/v1/cases?state=draft,in_review", []int64{review.ID, draft.ID}},
		{officer, "/api/v1/cases?limit=1&offset=1", []int64{review.ID}},
		// The reviewer became the assignee of the cases they reviewed.
		{officer, "/api/v1/cases?mine=true", []int64{referred.ID, review.ID}},
		{as{who: "a.researcher"}, "/api/v1/cases", []int64{draft.ID}},
		{as{who: "a.researcher2"}, "/api/v1/cases?state=referred", []int64{referred.ID}},
		{as{who: "adv1.adviser"}, "/api/v1/cases?queue=referred", []int64{referred.ID}},
		{as{who: "adv1.admin"}, "/api/v1/cases", []int64{referred.ID}},
		{as{who: "adv2.adviser"}, "/api/v1/cases", nil},
		{as{who: "a.adviser"}, "/api/v1/cases", nil},
		{officer, "/api/v1/cases?queue=referred", nil},
	} {
		if got := ids(w.call(t, c.who, http.MethodGet, c.target, nil)); fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%s as %s: %v, want %v", c.target, c.who.who, got, c.want)
		}
	}
	x := w.call(t, officer, http.MethodGet, "/api/v1/cases?state=pending,closed&limit=0&offset=-1&mine=perhaps&queue=mine", nil)
	want(t, x, 400)
	if p := decode[Problem](t, x); len(p.Errors) != 5 {
		t.Errorf("want every bad parameter listed: %s", x.body)
	}
}

// TestRequestSchemasAgreeWithServer sends bodies the server refuses
// (unknown fields, wrong types, missing required fields) and checks the
// documented request schema refuses them too, so a client validating
// against the document is not surprised.
func TestRequestSchemasAgreeWithServer(t *testing.T) {
	e := newEnv(t, true, nil)
	checker := newSchemaChecker(t)
	w := newWorld(t, e, checker)
	c := newFixture(t, w).make(t, "a.researcher", "a.officer", cases.InReview, "")
	id := fmt.Sprintf("/api/v1/cases/%d", c.ID)
	for _, r := range []struct {
		who          string
		method, path string
		doc          string
		body         string
	}{
		{"", "POST", "/api/v1/sessions", "/api/v1/sessions", `{"email": "a@b.c"}`},
		{"", "POST", "/api/v1/sessions", "/api/v1/sessions", `{"email": "a@b.c", "password": "x", "otp": 1}`},
		{"a.officer", "POST", "/api/v1/cases", "/api/v1/cases", `{"title": "T", "partners": [{"name": "P", "share": 1}]}`},
		{"a.officer", "POST", "/api/v1/assess", "/api/v1/assess", `{"title": "T", "partners": [], "duration_months": "long"}`},
		{"a.officer", "POST", id + "/assign", "/api/v1/cases/{id}/assign", `{"user_id": "me"}`},
		{"a.officer", "POST", id + "/comments", "/api/v1/cases/{id}/comments", `{"text": "x", "private": true}`},
		{"a.officer", "PUT", id + "/checklist/x", "/api/v1/cases/{id}/checklist/{mitigation}", `{"note": "no confirmed"}`},
		{"a.officer", "POST", id + "/refer", "/api/v1/cases/{id}/refer", `{"note": "no tenant"}`},
		{"a.officer", "POST", id + "/decision", "/api/v1/cases/{id}/decision", `{"outcome": "proceed"}`},
		{"a.officer", "POST", id + "/reopen", "/api/v1/cases/{id}/reopen", `{}`},
		{"a.admin", "POST", "/api/v1/users", "/api/v1/users", `{"email": "n@alpha-mail.example", "name": "N", "role": "boss"}`},
		{"a.officer", "POST", "/api/v1/tokens", "/api/v1/tokens", `{"label": "ci"}`},
		{"op.admin", "POST", "/api/v1/tenants", "/api/v1/tenants", `{"name": "X", "kind": "club"}`},
	} {
		x := w.call(t, as{who: r.who}, r.method, r.path, &body{ctype: "application/json", data: []byte(r.body)})
		if x.status != http.StatusBadRequest {
			t.Errorf("%s %s %s: status %d, want 400: %s", r.method, r.path, r.body, x.status, x.body)
		}
		ptr, err := checker.requestSchema(r.doc, strings.ToLower(r.method), "application/json")
		if err != nil {
			t.Fatal(err)
		}
		if err := checker.validate(ptr, []byte(r.body)); err == nil {
			t.Errorf("%s %s: the documented schema accepts %s, which the server refuses", r.method, r.doc, r.body)
		}
	}
}

package web

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/collabcheck/collabcheck/internal/auth"
	"github.com/collabcheck/collabcheck/internal/cases"
	"github.com/collabcheck/collabcheck/internal/store"
)

// SessionCookie is the name of the cookie that carries a sign-in session.
// Its value is a random token; the store keeps only its SHA-256.
const SessionCookie = "collabcheck_session"

// SessionLifetime is how long a sign-in session lasts. It is not renewed
// by use: after it, the user signs in again.
const SessionLifetime = 12 * time.Hour

// challenge is the WWW-Authenticate challenge of every 401.
const challenge = `Bearer realm="collabcheck"`

// principal is the signed-in caller of a request: the user, their tenant,
// how they authenticated, and whether they administer the deployment.
type principal struct {
	User   auth.User
	Tenant auth.Tenant
	// Method is "session" or "token".
	Method string
	// SessionHash is the stored hash of the session cookie, for sign-out.
	SessionHash string
	// Operator is set for admins of the operator tenant.
	Operator bool
}

// actor is the principal as the case workflow and the audit trail name it.
func (p *principal) actor() cases.Actor {
	return cases.Actor{UserID: p.User.ID, TenantID: p.Tenant.ID, TenantKind: p.Tenant.Kind, Role: p.User.Role, Name: p.User.Name, Email: p.User.Email}
}

type principalKey struct{}

// principalOf returns the caller authenticated by authorize. Handlers of
// signed-in routes always have one; the error is the server's fault.
func principalOf(r *http.Request) (*principal, error) {
	p, ok := r.Context().Value(principalKey{}).(*principal)
	if !ok {
		return nil, errors.New("signed-in route served without a principal")
	}
	return p, nil
}

func unauthenticated(w http.ResponseWriter, detail string) *Problem {
	w.Header().Set("WWW-Authenticate", challenge)
	return &Problem{Type: typeUnauthenticated, Status: http.StatusUnauthorized, Detail: detail}
}

func forbidden(detail string) *Problem {
	return &Problem{Type: typeForbidden, Status: http.StatusForbidden, Detail: detail}
}

func noCasework() *Problem {
	return &Problem{Type: typeNoCasework, Status: http.StatusServiceUnavailable,
		Detail: "this server keeps no tenants, users or cases (its store does not support them)"}
}

// authorize applies a route's access rule. Unsafe cross-origin browser
// requests are refused first (403), whatever the route, so a page on
// another site cannot make a signed-in browser act. Then a signed-in
// route (or a reference route on a private server) needs valid
// credentials (401) and, when the route names one, a permission of the
// caller's role (403). The returned request's context carries the
// principal and, for the audit trail, the actor "user:<id> <email>".
func (s *server) authorize(w http.ResponseWriter, r *http.Request, rt *route) (*http.Request, *Problem) {
	if err := s.cop.Check(r); err != nil {
		return r, &Problem{Type: typeCrossOrigin, Status: http.StatusForbidden,
			Detail: "a browser request from another origin may not change state: " + sanitize(err.Error())}
	}
	switch rt.Access {
	case public:
		return r, nil
	case reference:
		if !s.private {
			return r, nil
		}
	}
	if s.acc == nil {
		if rt.Access == reference {
			return r, unauthenticated(w, "this server is private, but keeps no users to sign in")
		}
		return r, noCasework()
	}
	p, prob := s.authenticate(w, r)
	if prob != nil {
		return r, prob
	}
	if !rt.allowsKind(p.Tenant.Kind) {
		// The principal rides along so a refused page still shows the
		// caller's navigation, with the way to what they may use.
		return r.WithContext(context.WithValue(r.Context(), principalKey{}, p)), forbidden(kindRefusal(p.Tenant.Kind))
	}
	if rt.Perm != "" && !p.User.Role.Can(rt.Perm) {
		return r, forbidden(fmt.Sprintf("the %s role may not do this (it needs the %s permission)", p.User.Role, rt.Perm))
	}
	if rt.Operator && !p.Operator {
		return r, forbidden("only administrators of the operator tenant may do this")
	}
	ctx := store.WithActor(r.Context(), p.actor().String())
	ctx = context.WithValue(ctx, principalKey{}, p)
	return r.WithContext(ctx), nil
}

// authenticate identifies the caller from an API token (Authorization:
// Bearer) or, failing that header, the session cookie. The answer never
// says whether an email, token prefix or session exists.
func (s *server) authenticate(w http.ResponseWriter, r *http.Request) (*principal, *Problem) {
	ctx := r.Context()
	p := &principal{}
	var u auth.User
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, cred, _ := strings.Cut(h, " ")
		if !strings.EqualFold(scheme, "Bearer") {
			return nil, unauthenticated(w, "the Authorization header must be \"Bearer <API token>\"")
		}
		user, _, err := store.AuthenticateToken(ctx, s.acc, strings.TrimSpace(cred))
		if errors.Is(err, store.ErrUnauthenticated) {
			return nil, unauthenticated(w, "the API token is not valid (malformed, unknown or revoked)")
		}
		if err != nil {
			return nil, s.internal(w, r, fmt.Errorf("authenticate an API token: %w", err))
		}
		u, p.Method = user, "token"
	} else if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
		hash := auth.HashToken(c.Value)
		_, user, err := s.cw.SessionByHash(ctx, hash, time.Now())
		if errors.Is(err, store.ErrNotFound) {
			http.SetCookie(w, sessionCookie(r, "", time.Time{})) // the browser may as well forget it
			return nil, unauthenticated(w, "the session has expired or was signed out; sign in again")
		}
		if err != nil {
			return nil, s.internal(w, r, fmt.Errorf("look up a session: %w", err))
		}
		u, p.Method, p.SessionHash = user, "session", hash
	} else {
		return nil, unauthenticated(w, "sign in (POST /api/v1/sessions) or send an API token as \"Authorization: Bearer <token>\"")
	}
	t, err := s.acc.Tenant(ctx, u.TenantID)
	if err != nil {
		return nil, s.internal(w, r, fmt.Errorf("tenant %d of user %d: %w", u.TenantID, u.ID, err))
	}
	p.User, p.Tenant = u, t
	p.Operator = s.operator != "" && t.Name == s.operator && u.Role == auth.Admin
	return p, nil
}

// internal logs err under the request id and returns the 500 problem.
func (s *server) internal(w http.ResponseWriter, r *http.Request, err error) *Problem {
	s.log.Error("request failed", "request_id", w.Header().Get("X-Request-Id"), "method", sanitize(r.Method), "path", r.URL.EscapedPath(), "err", err)
	return &Problem{Type: typeInternal, Status: http.StatusInternalServerError, Detail: "the server failed to answer this request; it has been logged under the request id"}
}

// newSessionToken returns a random session token (32 bytes, URL-safe
// base64) for the cookie.
func newSessionToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("generate a session token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// secureRequest reports whether the client reached us over TLS, directly
// or through a proxy that says so, so the cookie is marked Secure.
func secureRequest(r *http.Request) bool {
	return r.TLS != nil || strings.EqualFold(strings.TrimSpace(r.Header.Get("X-Forwarded-Proto")), "https")
}

// sessionCookie is the cookie for a session token; an empty value with a
// negative MaxAge deletes it.
func sessionCookie(r *http.Request, value string, expires time.Time) *http.Cookie {
	c := &http.Cookie{Name: SessionCookie, Value: value, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: secureRequest(r)}
	if value == "" {
		c.MaxAge = -1
	} else {
		c.Expires = expires
		c.MaxAge = int(time.Until(expires).Seconds())
	}
	return c
}

// hashSlot waits for one of the slots that bound concurrent argon2id
// work (each hash takes 64 MiB and ~100 ms of a core), so a burst of
// sign-ins queues instead of exhausting memory. The returned func frees
// the slot.
func (s *server) hashSlot(r *http.Request) (func(), error) {
	select {
	case s.hashSlots <- struct{}{}:
		return func() { <-s.hashSlots }, nil
	case <-r.Context().Done():
		return nil, fmt.Errorf("waiting to check a password: %w", r.Context().Err())
	}
}

// defaultKinds are the tenant kinds a signed-in route serves when it
// names none: every kind but companies.
var defaultKinds = []auth.TenantKind{auth.Organisation, auth.AdviserTeam}

// allowsKind reports whether users of a tenant of kind k may call the
// route (see route.Kinds).
func (rt *route) allowsKind(k auth.TenantKind) bool {
	kinds := rt.Kinds
	if len(kinds) == 0 {
		kinds = defaultKinds
	}
	for _, x := range kinds {
		if x == k {
			return true
		}
	}
	return false
}

// kindRefusal is the detail of the 403 answered to a tenant kind a route
// does not serve.
func kindRefusal(k auth.TenantKind) string {
	if k == auth.Company {
		return "company tenants may use only the secure-innovation self-review (/review, /api/v1/reviews), the economic-security triage (/triage, /api/v1/triage), their own cases and their account; this feature is for research organisations and adviser teams"
	}
	return fmt.Sprintf("%s tenants may not use this feature", k)
}

// companyRoutes are the routes declared elsewhere in the route table that
// company tenants may use besides the self-review and triage routes
// (which name their kinds themselves): signing out, their account and
// users, their own cases through the whole workflow except referral to an
// adviser team, and the case reports. Screening pages, the adviser queue,
// lists, organisations, tenant policies, alerts, exports, bulk screening
// and the portfolio stay closed to them.
var companyRoutes = []string{
	"DELETE /api/v1/sessions/current", "GET /api/v1/me",
	"POST /api/v1/assess",
	"POST /api/v1/cases", "GET /api/v1/cases", "GET /api/v1/cases/{id}", "GET /api/v1/cases/{id}/history",
	"PUT /api/v1/cases/{id}/collaboration", "POST /api/v1/cases/{id}/submit", "POST /api/v1/cases/{id}/review",
	"POST /api/v1/cases/{id}/assign", "POST /api/v1/cases/{id}/comments", "PUT /api/v1/cases/{id}/checklist/{mitigation}",
	"POST /api/v1/cases/{id}/decision", "POST /api/v1/cases/{id}/close", "POST /api/v1/cases/{id}/reopen",
	"POST /api/v1/cases/{id}/reassess",
	"GET /api/v1/users", "POST /api/v1/users", "GET /api/v1/tokens", "POST /api/v1/tokens", "DELETE /api/v1/tokens/{id}",

	"POST /signout", "GET /{$}", "GET /cases/new", "POST /cases/new", "GET /cases/{id}",
	"POST /cases/{id}/submit", "POST /cases/{id}/review", "POST /cases/{id}/decision", "POST /cases/{id}/close",
	"POST /cases/{id}/reopen", "POST /cases/{id}/comments", "POST /cases/{id}/checklist/{mitigation}",
	"POST /cases/{id}/assign", "POST /cases/{id}/reassess",
	"GET /cases/{id}/report.html", "GET /cases/{id}/report.pdf",
	"GET /admin", "POST /admin/users", "POST /admin/tokens", "POST /admin/tokens/{id}/revoke",
}

// openToCompanies adds companies to the kinds of the routes in
// companyRoutes, so one list says what a company tenant may use.
func openToCompanies(routes []route) []route {
	for i := range routes {
		rt := &routes[i]
		if len(rt.Kinds) == 0 && containsString(companyRoutes, rt.Method+" "+rt.Path) {
			rt.Kinds = []auth.TenantKind{auth.Organisation, auth.AdviserTeam, auth.Company}
		}
	}
	return routes
}

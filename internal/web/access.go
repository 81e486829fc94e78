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

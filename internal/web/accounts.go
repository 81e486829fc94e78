package web

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/collabcheck/collabcheck/internal/assess"
	"github.com/collabcheck/collabcheck/internal/audit"
	"github.com/collabcheck/collabcheck/internal/auth"
	"github.com/collabcheck/collabcheck/internal/store"
)

// signInRequest is the body of POST /api/v1/sessions.
type signInRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// meResponse describes the signed-in caller: the answer to GET
// /api/v1/me and, with the session's expiry, to sign-in.
type meResponse struct {
	User        auth.User         `json:"user"`
	Tenant      auth.Tenant       `json:"tenant"`
	Permissions []auth.Permission `json:"permissions"`
	Operator    bool              `json:"operator"`
	Auth        string            `json:"auth"`
	ExpiresAt   *time.Time        `json:"expires_at,omitempty"`
}

func (s *server) meOf(p *principal) meResponse {
	perms := []auth.Permission{}
	for _, pm := range []auth.Permission{auth.ProposeCase, auth.ReviewCase, auth.AdviseCase, auth.ManageUsers} {
		if p.User.Role.Can(pm) {
			perms = append(perms, pm)
		}
	}
	return meResponse{User: p.User, Tenant: p.Tenant, Permissions: perms, Operator: p.Operator, Auth: p.Method}
}

// signIn answers POST /api/v1/sessions: a valid email and password start
// a session whose random token is set as an HttpOnly, SameSite=Lax cookie
// (Secure over TLS); only its SHA-256 is stored. Wrong credentials get one
// 401 whatever was wrong, in about the same time.
func (s *server) signIn(w http.ResponseWriter, r *http.Request, _ query) error {
	if s.acc == nil {
		return noCasework()
	}
	body, prob := readJSONBody(w, r, "an email and a password")
	if prob != nil {
		return prob
	}
	var req signInRequest
	if prob := decodeStrict(body, &req); prob != nil {
		return prob
	}
	var errs []FieldError
	if strings.TrimSpace(req.Email) == "" {
		errs = append(errs, bodyError("#/email", "is required"))
	}
	if req.Password == "" {
		errs = append(errs, bodyError("#/password", "is required"))
	}
	if len(errs) > 0 {
		return badRequest(errs...)
	}
	p, expires, err := s.startSession(w, r, req.Email, req.Password)
	if err != nil {
		return err
	}
	out := s.meOf(p)
	out.ExpiresAt = &expires
	s.writeJSON(w, r, http.StatusOK, out)
	return nil
}

// startSession checks an email and password (throttled per email and
// client address, with
// bounded concurrent hashing) and starts a session: stored by its hash,
// audited, and set as the session cookie. The sign-in page and POST
// /api/v1/sessions both sign in through it. Wrong credentials give the
// 401 problem, whatever was wrong.
func (s *server) startSession(w http.ResponseWriter, r *http.Request, email, password string) (*principal, time.Time, error) {
	client := clientKey(r.RemoteAddr)
	if wait := s.throttle.wait(email, client, time.Now()); wait > 0 {
		secs := int(wait.Seconds()) + 1
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		return nil, time.Time{}, &Problem{Type: typeTooManyAttempts, Status: http.StatusTooManyRequests,
			Detail: fmt.Sprintf("too many failed sign-ins for this email; try again in %d seconds", secs)}
	}
	release, err := s.hashSlot(r)
	if err != nil {
		return nil, time.Time{}, err
	}
	u, err := store.AuthenticatePassword(r.Context(), s.acc, email, password)
	release()
	if errors.Is(err, store.ErrUnauthenticated) {
		s.throttle.fail(email, client, time.Now())
		return nil, time.Time{}, unauthenticated(w, "the email or the password is wrong")
	}
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("sign in: %w", err)
	}
	s.throttle.succeed(email, client)
	t, err := s.acc.Tenant(r.Context(), u.TenantID)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("sign in: tenant of user %d: %w", u.ID, err)
	}
	token, err := newSessionToken()
	if err != nil {
		return nil, time.Time{}, err
	}
	p := &principal{User: u, Tenant: t, Method: "session",
		Operator: s.operator != "" && t.Name == s.operator && u.Role == auth.Admin}
	ctx := store.WithActor(r.Context(), p.actor().String())
	now := time.Now().UTC()
	sess := store.Session{Hash: auth.HashToken(token), TenantID: t.ID, UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(SessionLifetime)}
	if err := s.cw.CreateSession(ctx, sess); err != nil {
		return nil, time.Time{}, fmt.Errorf("sign in: store the session: %w", err)
	}
	p.SessionHash = sess.Hash
	ev := audit.Event{TenantID: t.ID, Actor: p.actor().String(), Action: "session.create", Subject: fmt.Sprintf("user:%d", u.ID),
		Detail: map[string]any{"expires_at": sess.ExpiresAt}}
	if _, err := s.cw.AppendAudit(ctx, ev); err != nil {
		return nil, time.Time{}, fmt.Errorf("sign in: audit: %w", err)
	}
	http.SetCookie(w, sessionCookie(r, token, sess.ExpiresAt))
	return p, sess.ExpiresAt, nil
}

// signOutResponse is the answer to DELETE /api/v1/sessions/current.
type signOutResponse struct {
	SignedOut bool `json:"signed_out"`
}

// signOut answers DELETE /api/v1/sessions/current: the session of the
// cookie is deleted and the cookie cleared. Signed in with an API token,
// there is no session and nothing changes (revoke the token instead).
func (s *server) signOut(w http.ResponseWriter, r *http.Request, _ query) error {
	p, err := principalOf(r)
	if err != nil {
		return err
	}
	out := signOutResponse{}
	if out.SignedOut, err = s.endSession(w, r, p); err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, out)
	return nil
}

// endSession deletes p's session (audited) and clears the cookie; it
// reports false, changing nothing, for a caller signed in with a token.
func (s *server) endSession(w http.ResponseWriter, r *http.Request, p *principal) (bool, error) {
	if p.SessionHash == "" {
		return false, nil
	}
	if err := s.cw.DeleteSession(r.Context(), p.SessionHash); err != nil {
		return false, fmt.Errorf("sign out: %w", err)
	}
	ev := audit.Event{TenantID: p.Tenant.ID, Actor: p.actor().String(), Action: "session.delete", Subject: fmt.Sprintf("user:%d", p.User.ID)}
	if _, err := s.cw.AppendAudit(r.Context(), ev); err != nil {
		return false, fmt.Errorf("sign out: audit: %w", err)
	}
	http.SetCookie(w, sessionCookie(r, "", time.Time{}))
	return true, nil
}

// me answers GET /api/v1/me.
func (s *server) me(w http.ResponseWriter, r *http.Request, _ query) error {
	p, err := principalOf(r)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, s.meOf(p))
	return nil
}

// usersResponse is the answer to GET /api/v1/users.
type usersResponse struct {
	Users []auth.User `json:"users"`
}

// listUsers answers GET /api/v1/users: the users of the admin's tenant.
func (s *server) listUsers(w http.ResponseWriter, r *http.Request, _ query) error {
	p, err := principalOf(r)
	if err != nil {
		return err
	}
	us, err := s.acc.ListUsers(r.Context(), p.Tenant.ID)
	if err != nil {
		return fmt.Errorf("users of tenant %d: %w", p.Tenant.ID, err)
	}
	if us == nil {
		us = []auth.User{}
	}
	s.writeJSON(w, r, http.StatusOK, usersResponse{Users: us})
	return nil
}

// newUserRequest is the body of POST /api/v1/users.
type newUserRequest struct {
	Email string `json:"email"`
	Name  string `json:"name"`
	Role  string `json:"role"`
}

// newUserResponse is the answer to POST /api/v1/users: the user and the
// one-time password, shown this once.
type newUserResponse struct {
	User     auth.User `json:"user"`
	Password string    `json:"password"`
}

// createUser answers POST /api/v1/users: a user of the admin's tenant
// with a generated one-time password.
func (s *server) createUser(w http.ResponseWriter, r *http.Request, _ query) error {
	p, err := principalOf(r)
	if err != nil {
		return err
	}
	body, prob := readJSONBody(w, r, "one user")
	if prob != nil {
		return prob
	}
	var req newUserRequest
	if prob := decodeStrict(body, &req); prob != nil {
		return prob
	}
	var errs []FieldError
	email, err := auth.NormalizeEmail(req.Email)
	if err != nil {
		errs = append(errs, bodyError("#/email", "must be one email address"))
	}
	if strings.TrimSpace(req.Name) == "" {
		errs = append(errs, bodyError("#/name", "is required"))
	}
	role, err := auth.ParseRole(req.Role)
	if err != nil {
		errs = append(errs, bodyError("#/role", "must be one of researcher, officer, adviser, admin, got %q", sanitize(req.Role)))
	}
	if len(errs) > 0 {
		return badRequest(errs...)
	}
	u, pw, err := s.newUserWithPassword(r, store.NewUser{TenantID: p.Tenant.ID, Email: email, Name: req.Name, Role: role})
	switch {
	case errors.Is(err, store.ErrConflict):
		return &Problem{Type: typeConflict, Status: http.StatusConflict, Detail: "this email address already has an account",
			Errors: []FieldError{bodyError("#/email", "is already in use")}}
	case errors.Is(err, store.ErrInvalid):
		return badRequest(bodyError("#", "%s", sanitizeLong(err.Error())))
	case err != nil:
		return fmt.Errorf("create user: %w", err)
	}
	s.writeJSON(w, r, http.StatusCreated, newUserResponse{User: u, Password: pw})
	return nil
}

// newUserWithPassword creates nu with a generated one-time password, hashed in one
// of the bounded hashing slots, and returns the user and the password. The
// store's errors (ErrConflict, ErrInvalid) come back unwrapped for the
// API and the administration page to answer in their own way.
func (s *server) newUserWithPassword(r *http.Request, nu store.NewUser) (auth.User, string, error) {
	pw, err := auth.GeneratePassword()
	if err != nil {
		return auth.User{}, "", err
	}
	release, err := s.hashSlot(r)
	if err != nil {
		return auth.User{}, "", err
	}
	nu.PasswordHash, err = auth.HashPassword(pw)
	release()
	if err != nil {
		return auth.User{}, "", err
	}
	u, err := s.acc.CreateUser(r.Context(), nu)
	return u, pw, err
}

// sanitizeLong is sanitize with room for a whole sentence.
func sanitizeLong(s string) string {
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// tokensResponse is the answer to GET /api/v1/tokens.
type tokensResponse struct {
	Tokens []auth.APIToken `json:"tokens"`
}

// listTokens answers GET /api/v1/tokens: the caller's own tokens,
// revoked ones too.
func (s *server) listTokens(w http.ResponseWriter, r *http.Request, _ query) error {
	p, err := principalOf(r)
	if err != nil {
		return err
	}
	ts, err := s.acc.ListTokens(r.Context(), p.Tenant.ID, p.User.ID)
	if err != nil {
		return fmt.Errorf("tokens of user %d: %w", p.User.ID, err)
	}
	if ts == nil {
		ts = []auth.APIToken{}
	}
	s.writeJSON(w, r, http.StatusOK, tokensResponse{Tokens: ts})
	return nil
}

// newTokenRequest is the body of POST /api/v1/tokens.
type newTokenRequest struct {
	Name string `json:"name"`
}

// newTokenResponse is the answer to POST /api/v1/tokens: the record and
// the token itself, shown this once.
type newTokenResponse struct {
	Token  auth.APIToken `json:"token"`
	Secret string        `json:"secret"`
}

// createToken answers POST /api/v1/tokens: an API token for the caller.
func (s *server) createToken(w http.ResponseWriter, r *http.Request, _ query) error {
	p, err := principalOf(r)
	if err != nil {
		return err
	}
	body, prob := readJSONBody(w, r, "a token name")
	if prob != nil {
		return prob
	}
	var req newTokenRequest
	if prob := decodeStrict(body, &req); prob != nil {
		return prob
	}
	if strings.TrimSpace(req.Name) == "" {
		return badRequest(bodyError("#/name", "is required: name the token after where it is used (\"ci\", \"laptop\")"))
	}
	nt, err := auth.GenerateToken()
	if err != nil {
		return err
	}
	k, err := s.acc.CreateToken(r.Context(), store.NewAPIToken{TenantID: p.Tenant.ID, UserID: p.User.ID, Name: req.Name, Prefix: nt.Prefix, Hash: nt.Hash})
	switch {
	case errors.Is(err, store.ErrInvalid):
		return badRequest(bodyError("#/name", "%s", sanitizeLong(err.Error())))
	case err != nil:
		return fmt.Errorf("create token: %w", err)
	}
	s.writeJSON(w, r, http.StatusCreated, newTokenResponse{Token: k, Secret: nt.Plain})
	return nil
}

// revokeToken answers DELETE /api/v1/tokens/{id}: the caller revokes one
// of their own tokens. Anyone else's token id is a 404.
func (s *server) revokeToken(w http.ResponseWriter, r *http.Request, _ query) error {
	p, err := principalOf(r)
	if err != nil {
		return err
	}
	id, prob := pathID(r, "id")
	if prob != nil {
		return prob
	}
	k, err := s.revokeOwnToken(r, p, id)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, k)
	return nil
}

// revokeOwnToken revokes one of the caller's own tokens and returns it;
// anyone else's token id is the 404 problem. The API and the
// administration page revoke through it.
func (s *server) revokeOwnToken(r *http.Request, p *principal, id int64) (auth.APIToken, error) {
	ts, err := s.acc.ListTokens(r.Context(), p.Tenant.ID, p.User.ID)
	if err != nil {
		return auth.APIToken{}, fmt.Errorf("tokens of user %d: %w", p.User.ID, err)
	}
	if !slices.ContainsFunc(ts, func(k auth.APIToken) bool { return k.ID == id }) {
		return auth.APIToken{}, &Problem{Type: typeNotFound, Status: http.StatusNotFound, Detail: "you have no API token with this id"}
	}
	if err := s.acc.RevokeToken(r.Context(), p.Tenant.ID, id, time.Time{}); err != nil {
		return auth.APIToken{}, fmt.Errorf("revoke token %d: %w", id, err)
	}
	ts, err = s.acc.ListTokens(r.Context(), p.Tenant.ID, p.User.ID)
	if err != nil {
		return auth.APIToken{}, fmt.Errorf("tokens of user %d: %w", p.User.ID, err)
	}
	i := slices.IndexFunc(ts, func(k auth.APIToken) bool { return k.ID == id })
	if i < 0 {
		return auth.APIToken{}, fmt.Errorf("token %d vanished while being revoked", id)
	}
	return ts[i], nil
}

// tenantsResponse is the answer to GET /api/v1/tenants.
type tenantsResponse struct {
	Tenants []auth.Tenant `json:"tenants"`
}

// listTenants answers GET /api/v1/tenants: the caller's own tenant and the
// adviser tenants (the referral targets); operator admins see every
// tenant.
func (s *server) listTenants(w http.ResponseWriter, r *http.Request, _ query) error {
	p, err := principalOf(r)
	if err != nil {
		return err
	}
	all, err := s.acc.Tenants(r.Context())
	if err != nil {
		return fmt.Errorf("list tenants: %w", err)
	}
	out := tenantsResponse{Tenants: []auth.Tenant{}}
	for _, t := range all {
		if p.Operator || t.ID == p.Tenant.ID || t.Kind == auth.AdviserTeam {
			out.Tenants = append(out.Tenants, t)
		}
	}
	s.writeJSON(w, r, http.StatusOK, out)
	return nil
}

// newTenantRequest is the body of POST /api/v1/tenants.
type newTenantRequest struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
}

// createTenant answers POST /api/v1/tenants (operator admins only).
func (s *server) createTenant(w http.ResponseWriter, r *http.Request, _ query) error {
	body, prob := readJSONBody(w, r, "one tenant")
	if prob != nil {
		return prob
	}
	var req newTenantRequest
	if prob := decodeStrict(body, &req); prob != nil {
		return prob
	}
	var errs []FieldError
	if strings.TrimSpace(req.Name) == "" {
		errs = append(errs, bodyError("#/name", "is required"))
	}
	kind, err := auth.ParseTenantKind(req.Kind)
	if err != nil {
		errs = append(errs, bodyError("#/kind", "must be organisation, adviser or company, got %q", sanitize(req.Kind)))
	}
	if len(errs) > 0 {
		return badRequest(errs...)
	}
	t, err := s.acc.CreateTenant(r.Context(), store.NewTenant{Name: req.Name, Kind: kind})
	switch {
	case errors.Is(err, store.ErrConflict):
		return &Problem{Type: typeConflict, Status: http.StatusConflict, Detail: "a tenant with this name already exists",
			Errors: []FieldError{bodyError("#/name", "is already in use")}}
	case errors.Is(err, store.ErrInvalid):
		return badRequest(bodyError("#/name", "%s", sanitizeLong(err.Error())))
	case err != nil:
		return fmt.Errorf("create tenant: %w", err)
	}
	s.writeJSON(w, r, http.StatusCreated, t)
	return nil
}

// policyResponse is the answer to the policy routes: the version in force,
// the tenant's override (nil when it uses the default) and the effective
// policy.
type policyResponse struct {
	TenantID int64           `json:"tenant_id"`
	Version  string          `json:"version"`
	Override *policyOverride `json:"override"`
	Policy   *assess.Policy  `json:"policy"`
}

// policyOverride is a tenant's stored override.
type policyOverride struct {
	Source    string    `json:"source"`
	UpdatedBy string    `json:"updated_by"`
	UpdatedAt time.Time `json:"updated_at"`
}

// writePolicy answers with the tenant's policy as stored now.
func (s *server) writePolicy(w http.ResponseWriter, r *http.Request, t auth.Tenant) error {
	pol, rec, err := s.tenantPolicy(r.Context(), t)
	if err != nil {
		return err
	}
	out := policyResponse{TenantID: t.ID, Version: pol.Version, Policy: pol}
	if rec.Source != "" {
		out.Override = &policyOverride{Source: rec.Source, UpdatedBy: rec.UpdatedBy, UpdatedAt: rec.UpdatedAt}
	}
	s.writeJSON(w, r, http.StatusOK, out)
	return nil
}

// getPolicy answers GET /api/v1/policy for the caller's tenant.
func (s *server) getPolicy(w http.ResponseWriter, r *http.Request, _ query) error {
	p, err := principalOf(r)
	if err != nil {
		return err
	}
	return s.writePolicy(w, r, p.Tenant)
}

// putPolicy answers PUT /api/v1/policy: the body (YAML or JSON) is the
// tenant's override. It is validated against the default policy first; an
// override that does not parse or references unknown facts, rules or
// mitigations is refused with every problem and its line, and the policy
// in force stays.
func (s *server) putPolicy(w http.ResponseWriter, r *http.Request, _ query) error {
	p, err := principalOf(r)
	if err != nil {
		return err
	}
	body, _, prob := readBody(w, r, fmt.Sprintf("a policy is at most %d bytes", assess.MaxPolicyBytes), true)
	if prob != nil {
		return prob
	}
	if strings.TrimSpace(string(body)) == "" {
		return badRequest(bodyError("#", "is empty; send a policy override (DELETE /api/v1/policy removes one)"))
	}
	pol, err := s.assessor.Policy(overrideName, body)
	if err != nil {
		return parseProblem(err)
	}
	if err := s.setPolicy(r, p, pol.Version, string(body)); err != nil {
		return err
	}
	return s.writePolicy(w, r, p.Tenant)
}

// deletePolicy answers DELETE /api/v1/policy: the tenant goes back to the
// embedded default.
func (s *server) deletePolicy(w http.ResponseWriter, r *http.Request, _ query) error {
	p, err := principalOf(r)
	if err != nil {
		return err
	}
	if err := s.setPolicy(r, p, s.assessor.DefaultPolicy().Version, ""); err != nil {
		return err
	}
	return s.writePolicy(w, r, p.Tenant)
}

// setPolicy stores a validated override (empty: none) with its audit
// entry, as `collabcheck policy set|rm` does.
func (s *server) setPolicy(r *http.Request, p *principal, version, source string) error {
	sum := sha256.Sum256([]byte(source))
	action := "policy.set"
	if source == "" {
		action = "policy.remove"
	}
	actor := p.actor().String()
	ev := audit.Event{TenantID: p.Tenant.ID, Actor: actor, Action: action, Subject: fmt.Sprintf("policy:%d", p.Tenant.ID),
		Detail: map[string]any{"version": version, "sha256": hex.EncodeToString(sum[:])}}
	rec := store.PolicyRecord{TenantID: p.Tenant.ID, Version: version, Source: source, UpdatedBy: actor}
	if err := s.cw.SetTenantPolicy(r.Context(), rec, ev); err != nil {
		return fmt.Errorf("set the policy of tenant %d: %w", p.Tenant.ID, err)
	}
	return nil
}

// verifyResponse is the answer to GET /api/v1/audit/verify.
type verifyResponse struct {
	OK       bool         `json:"ok"`
	Entries  int64        `json:"entries"`
	HeadSeq  int64        `json:"head_seq"`
	HeadHash string       `json:"head_hash"`
	Broken   *brokenEntry `json:"broken,omitempty"`
}

// brokenEntry is the first entry that does not verify.
type brokenEntry struct {
	Seq    int64  `json:"seq"`
	Detail string `json:"detail"`
}

// verifyAudit answers GET /api/v1/audit/verify (operator admins only):
// the whole chain is walked and checked; the answer is 200 either way,
// with ok false and the first broken entry when it does not verify.
func (s *server) verifyAudit(w http.ResponseWriter, r *http.Request, _ query) error {
	var v audit.Verifier
	var broken *brokenEntry
	err := s.cw.AuditLog(r.Context(), func(e audit.Entry) error {
		if err := v.Next(e); err != nil {
			broken = &brokenEntry{Seq: e.Seq, Detail: err.Error()}
			return errStopWalk
		}
		return nil
	})
	if err != nil && !errors.Is(err, errStopWalk) {
		return fmt.Errorf("read the audit trail: %w", err)
	}
	n, seq, hash := v.Head()
	s.writeJSON(w, r, http.StatusOK, verifyResponse{OK: broken == nil, Entries: n, HeadSeq: seq, HeadHash: hash, Broken: broken})
	return nil
}

var errStopWalk = errors.New("stop")

package store

import (
	"context"
	"fmt"
	"time"

	"github.com/collabcheck/collabcheck/internal/audit"
	"github.com/collabcheck/collabcheck/internal/auth"
	"github.com/collabcheck/collabcheck/internal/cases"
)

// Casework keeps cases, tenants' policy overrides, sign-in sessions and
// the audit trail. Every write appends its audit entry in the same
// transaction, so a change and its record commit or fail together, and the
// trail is one hash chain across the deployment (see package audit).
//
// Case reads are scoped by a viewer tenant: a case is visible to the
// tenant that owns it and to the adviser tenant it was referred to, and to
// nobody else (ErrNotFound). Finer rules (a researcher sees only their own
// cases) are cases.CanView's, applied by the caller.
//
// Get it from an opened Store with CaseworkOf.
type Casework interface {
	// CreateCase stores c as a new case, giving it an id and version 1,
	// and appends ev with its Subject set to "case:<id>". c.TenantID must
	// exist (else ErrNotFound).
	CreateCase(ctx context.Context, c cases.Case, ev audit.Event) (cases.Case, error)
	// Case returns the case with the id if tenantID owns it or it was
	// referred to tenantID, else ErrNotFound.
	Case(ctx context.Context, tenantID, id int64) (cases.Case, error)
	// Cases lists the summaries of the cases visible to tenantID that
	// pass f, most recently updated first.
	Cases(ctx context.Context, tenantID int64, f CaseFilter) ([]cases.Summary, error)
	// UpdateCase reads the case (visible to tenantID, else ErrNotFound)
	// in a write transaction that excludes concurrent updates of it,
	// calls fn, and when fn returns nil stores the changed case with
	// Version+1 and appends the event fn returned. fn's error is returned
	// (wrapped) and nothing is written. fn may be called more than once
	// if the backend retries a serialisation failure, so it must not have
	// side effects outside the case.
	UpdateCase(ctx context.Context, tenantID, id int64, fn func(*cases.Case) (audit.Event, error)) (cases.Case, error)

	// TenantPolicy returns the tenant's policy override, or ErrNotFound
	// when it uses the embedded default.
	TenantPolicy(ctx context.Context, tenantID int64) (PolicyRecord, error)
	// SetTenantPolicy stores (replaces) the tenant's override and appends
	// ev. The caller has already validated the policy. An empty Source
	// removes the override.
	SetTenantPolicy(ctx context.Context, p PolicyRecord, ev audit.Event) error

	// CreateSession records a sign-in session by the SHA-256 of its
	// cookie value.
	CreateSession(ctx context.Context, s Session) error
	// SessionByHash returns the unexpired session with the hash (at now)
	// and its user, or ErrNotFound.
	SessionByHash(ctx context.Context, hash string, now time.Time) (Session, auth.User, error)
	// DeleteSession removes a session (sign out); unknown hashes are not
	// an error. Expired sessions are removed as new ones are created.
	DeleteSession(ctx context.Context, hash string) error

	// AppendAudit appends an event that accompanies no other write (a
	// sign-in, an export).
	AppendAudit(ctx context.Context, ev audit.Event) (audit.Entry, error)
	// AuditLog calls fn for every entry in sequence order, reading one
	// consistent snapshot; an error from fn stops the walk.
	AuditLog(ctx context.Context, fn func(audit.Entry) error) error
	// AuditFor returns the entries about one subject ("case:12") in
	// sequence order: the history a case page shows. The caller has
	// checked the subject is visible.
	AuditFor(ctx context.Context, subject string) ([]audit.Entry, error)
}

// CaseFilter narrows Cases. Zero fields do not filter.
type CaseFilter struct {
	States []cases.State
	// CreatedBy and AssigneeID select a user's cases; when both are set a
	// case matches either (a researcher's "my cases").
	CreatedBy  int64
	AssigneeID int64
	// ReferredOnly keeps only cases referred to the viewer tenant (an
	// adviser's queue); OwnedOnly only the viewer's own cases.
	ReferredOnly bool
	OwnedOnly    bool
	// Limit caps the result (0 means 100, at most 1000); Offset skips.
	Limit  int
	Offset int
}

// PolicyRecord is a tenant's policy override as stored: its YAML source
// (validated by package assess before it is stored) and who set it.
type PolicyRecord struct {
	TenantID  int64     `json:"tenant_id"`
	Version   string    `json:"version"`
	Source    string    `json:"source"`
	UpdatedBy string    `json:"updated_by"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Session is a signed-in browser session. The cookie carries a random
// token; only its SHA-256 is stored.
type Session struct {
	Hash      string
	TenantID  int64
	UserID    int64
	CreatedAt time.Time
	ExpiresAt time.Time
}

// CaseworkOf returns the Casework side of an opened store: every backend
// in this module has one.
func CaseworkOf(s Store) (Casework, error) {
	c, ok := s.(Casework)
	if !ok {
		return nil, fmt.Errorf("store %T does not keep cases", s)
	}
	return c, nil
}

// actorKey is the context key for WithActor.
type actorKey struct{}

// WithActor returns a context whose writes are recorded in the audit
// trail as done by actor ("cli", "user:3 a@b.org"). Writes through
// methods that take no event (ImportList, RemoveList, CreateTenant,
// CreateUser, CreateToken, RevokeToken, registry imports) read it.
func WithActor(ctx context.Context, actor string) context.Context {
	return context.WithValue(ctx, actorKey{}, actor)
}

// ActorFrom returns the actor set by WithActor, or "system".
func ActorFrom(ctx context.Context) string {
	if a, ok := ctx.Value(actorKey{}).(string); ok && a != "" {
		return a
	}
	return "system"
}

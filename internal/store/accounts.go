package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/collabcheck/collabcheck/internal/auth"
)

// ErrConflict is returned (wrapped) when a write would duplicate something
// that must be unique: a tenant name, a user's email, a token prefix.
// Callers map it to 409.
var ErrConflict = errors.New("already exists")

// Accounts keeps tenants, their users and the users' API tokens. Every
// call that concerns one tenant's data takes the tenant id and answers
// ErrNotFound for ids that are unknown or belong to another tenant, so a
// caller that passes the signed-in user's tenant cannot reach anyone
// else's rows. The two lookups that happen before a tenant is known (sign
// in by email, API token by prefix) are global and return the tenant with
// the record.
//
// It is a separate interface so that Store does not grow for every caller.
// Both backends implement it; get it from an opened Store with AccountsOf.
type Accounts interface {
	// CreateTenant adds a tenant; a name already in use gives ErrConflict.
	CreateTenant(ctx context.Context, t NewTenant) (auth.Tenant, error)
	// Tenants returns every tenant sorted by name; none before the first.
	Tenants(ctx context.Context) ([]auth.Tenant, error)
	// Tenant returns the tenant with the id, or ErrNotFound; the HTTP
	// layer reads a signed-in user's tenant (and its kind) with it.
	Tenant(ctx context.Context, id int64) (auth.Tenant, error)
	// TenantByName returns the tenant with exactly that name, or
	// ErrNotFound.
	TenantByName(ctx context.Context, name string) (auth.Tenant, error)
	// CreateUser adds a user to u.TenantID (ErrNotFound when there is no
	// such tenant); an email already in use anywhere gives ErrConflict.
	CreateUser(ctx context.Context, u NewUser) (auth.User, error)
	// UserByEmail returns the user with the email (compared after
	// auth.NormalizeEmail), with its password hash, or ErrNotFound.
	UserByEmail(ctx context.Context, email string) (auth.User, error)
	// ListUsers returns the users of one tenant sorted by email, or
	// ErrNotFound when the tenant does not exist.
	ListUsers(ctx context.Context, tenantID int64) ([]auth.User, error)
	// CountUsers returns how many users exist in all tenants, so that a
	// fresh database can be recognised (see BootstrapAdmin).
	CountUsers(ctx context.Context) (int, error)
	// CreateToken records an API token for a user of t.TenantID
	// (ErrNotFound when the user is not in that tenant); a prefix already
	// in use gives ErrConflict.
	CreateToken(ctx context.Context, t NewAPIToken) (auth.APIToken, error)
	// TokenByPrefix returns the unrevoked token with the prefix and its
	// user, or ErrNotFound. The caller must still check the whole token
	// against the hash with auth.VerifyToken.
	TokenByPrefix(ctx context.Context, prefix string) (auth.APIToken, auth.User, error)
	// ListTokens returns the tokens of one user of the tenant (revoked
	// ones too), oldest first, or ErrNotFound when the user is not in the
	// tenant.
	ListTokens(ctx context.Context, tenantID, userID int64) ([]auth.APIToken, error)
	// RevokeToken marks a token of the tenant revoked at now (zero means
	// the current time); revoking twice keeps the first time. An unknown
	// or other tenant's token gives ErrNotFound.
	RevokeToken(ctx context.Context, tenantID, tokenID int64, now time.Time) error
}

// NewTenant is a tenant to be created.
type NewTenant struct {
	Name string
	Kind auth.TenantKind
	// Now is the creation time; zero means the current time.
	Now time.Time
}

// Validate checks the tenant before anything is written and fills in the
// time. Its errors wrap ErrInvalid.
func (t *NewTenant) Validate() error {
	t.Name = strings.TrimSpace(t.Name)
	if t.Name == "" {
		return fmt.Errorf("%w: tenant: empty name", ErrInvalid)
	}
	if err := checkField("tenant name", t.Name, 200); err != nil {
		return err
	}
	if !t.Kind.Valid() {
		return fmt.Errorf("%w: tenant %q: unknown kind %q", ErrInvalid, t.Name, t.Kind)
	}
	t.Now = stamp(t.Now)
	return nil
}

// NewUser is a user to be created. PasswordHash is an argon2id hash from
// auth.HashPassword; the store never sees passwords.
type NewUser struct {
	TenantID     int64
	Email        string
	Name         string
	Role         auth.Role
	PasswordHash string
	// Now is the creation time; zero means the current time.
	Now time.Time
}

// Validate checks the user before anything is written, normalises the
// email and fills in the time. Its errors wrap ErrInvalid.
func (u *NewUser) Validate() error {
	e, err := auth.NormalizeEmail(u.Email)
	if err != nil {
		return fmt.Errorf("%w: user: %w", ErrInvalid, err)
	}
	u.Email = e
	u.Name = strings.TrimSpace(u.Name)
	if u.Name == "" {
		return fmt.Errorf("%w: user %s: empty name", ErrInvalid, u.Email)
	}
	if err := checkField("user name", u.Name, 200); err != nil {
		return err
	}
	if !u.Role.Valid() {
		return fmt.Errorf("%w: user %s: unknown role %q", ErrInvalid, u.Email, u.Role)
	}
	if !strings.HasPrefix(u.PasswordHash, "$argon2id$") {
		return fmt.Errorf("%w: user %s: password hash is not an argon2id hash", ErrInvalid, u.Email)
	}
	u.Now = stamp(u.Now)
	return nil
}

// NewAPIToken is the stored half of a token from auth.GenerateToken.
type NewAPIToken struct {
	TenantID int64
	UserID   int64
	// Name labels the token for its owner ("ci", "laptop").
	Name   string
	Prefix string
	Hash   string
	// Now is the creation time; zero means the current time.
	Now time.Time
}

// Validate checks the token record before anything is written and fills
// in the time. Its errors wrap ErrInvalid.
func (t *NewAPIToken) Validate() error {
	if len(t.Prefix) != auth.PrefixLength {
		return fmt.Errorf("%w: token: prefix %q is not %d characters", ErrInvalid, t.Prefix, auth.PrefixLength)
	}
	if len(t.Hash) != 64 || strings.Trim(t.Hash, "0123456789abcdef") != "" {
		return fmt.Errorf("%w: token %s: hash is not a hex SHA-256", ErrInvalid, t.Prefix)
	}
	t.Name = strings.TrimSpace(t.Name)
	if err := checkField("token name", t.Name, 200); err != nil {
		return err
	}
	if err := checkText(t.Prefix); err != nil {
		return fmt.Errorf("%w: token prefix %w", ErrInvalid, err)
	}
	t.Now = stamp(t.Now)
	return nil
}

// checkField checks text that will be stored: valid UTF-8, no NUL and not
// longer than max characters.
func checkField(what, s string, max int) error {
	if err := checkText(s); err != nil {
		return fmt.Errorf("%w: %s %w", ErrInvalid, what, err)
	}
	if n := len([]rune(s)); n > max {
		return fmt.Errorf("%w: %s is %d characters, at most %d", ErrInvalid, what, n, max)
	}
	return nil
}

// stamp returns t (or now when zero) in UTC at microsecond precision, the
// precision both backends keep.
func stamp(t time.Time) time.Time {
	if t.IsZero() {
		t = time.Now()
	}
	return t.UTC().Truncate(time.Microsecond)
}

// AccountsOf returns the Accounts side of an opened store: every backend
// in this module has one.
func AccountsOf(s Store) (Accounts, error) {
	a, ok := s.(Accounts)
	if !ok {
		return nil, fmt.Errorf("store %T does not keep tenants and users", s)
	}
	return a, nil
}

// Bootstrap is the first administrator created on a fresh database.
type Bootstrap struct {
	Tenant auth.Tenant
	User   auth.User
	// Password is the generated one-time password, to be shown once.
	Password string
}

// BootstrapAdmin creates the first admin on a database that has no users
// yet: the tenant tenantName (an organisation, created unless it exists)
// and an admin with the email and a generated one-time password. On a
// database that has users already it does nothing and returns created =
// false, so `serve` can call it on every start. When two processes race on
// a fresh database, the second gets ErrConflict from the unique email.
func BootstrapAdmin(ctx context.Context, a Accounts, tenantName, email string) (b Bootstrap, created bool, err error) {
	n, err := a.CountUsers(ctx)
	if err != nil {
		return b, false, fmt.Errorf("bootstrap admin: %w", err)
	}
	if n > 0 {
		return b, false, nil
	}
	b.Tenant, err = a.TenantByName(ctx, strings.TrimSpace(tenantName))
	if errors.Is(err, ErrNotFound) {
		b.Tenant, err = a.CreateTenant(ctx, NewTenant{Name: tenantName, Kind: auth.Organisation})
	}
	if err != nil {
		return b, false, fmt.Errorf("bootstrap admin: tenant %q: %w", tenantName, err)
	}
	if b.Password, err = auth.GeneratePassword(); err != nil {
		return b, false, fmt.Errorf("bootstrap admin: %w", err)
	}
	hash, err := auth.HashPassword(b.Password)
	if err != nil {
		return b, false, fmt.Errorf("bootstrap admin: %w", err)
	}
	b.User, err = a.CreateUser(ctx, NewUser{TenantID: b.Tenant.ID, Email: email, Name: "Administrator", Role: auth.Admin, PasswordHash: hash})
	if err != nil {
		return b, false, fmt.Errorf("bootstrap admin %s: %w", email, err)
	}
	return b, true, nil
}

package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/collabcheck/collabcheck/internal/auth"
	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/store/internal/backend"
)

var _ store.Accounts = (*Store)(nil)

// PostgreSQL error codes the account writes map to store errors.
const (
	uniqueViolation     = "23505"
	foreignKeyViolation = "23503"
)

// classify maps a failed account query to ErrNotFound (no row, or a
// missing referenced row) or ErrConflict (a unique column), naming what.
func classify(err error, what string) error {
	var pe *pgconn.PgError
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return fmt.Errorf("%s: %w", what, store.ErrNotFound)
	case errors.As(err, &pe) && pe.Code == uniqueViolation:
		return fmt.Errorf("%s: %w", what, store.ErrConflict)
	case errors.As(err, &pe) && pe.Code == foreignKeyViolation:
		return fmt.Errorf("%s: %w", what, store.ErrNotFound)
	}
	return fmt.Errorf("%s: %w", what, err)
}

const tenantCols = `id, name, kind, created_at`

func scanTenant(row pgx.Row) (auth.Tenant, error) {
	var t auth.Tenant
	var kind string
	err := row.Scan(&t.ID, &t.Name, &kind, &t.CreatedAt)
	t.Kind, t.CreatedAt = auth.TenantKind(kind), t.CreatedAt.UTC()
	return t, err
}

const userCols = `u.id, u.tenant_id, u.email, u.name, u.role, u.password_hash, u.created_at`

// userDest returns the scan targets of userCols for u; finish converts
// what they scanned.
func userDest(u *auth.User, role *string) []any {
	return []any{&u.ID, &u.TenantID, &u.Email, &u.Name, role, &u.PasswordHash, &u.CreatedAt}
}

func scanUser(row pgx.Row) (auth.User, error) {
	var u auth.User
	var role string
	err := row.Scan(userDest(&u, &role)...)
	u.Role, u.CreatedAt = auth.Role(role), u.CreatedAt.UTC()
	return u, err
}

const tokenCols = `k.id, k.tenant_id, k.user_id, k.name, k.prefix, k.hash, k.created_at, k.revoked_at`

func tokenDest(k *auth.APIToken) []any {
	return []any{&k.ID, &k.TenantID, &k.UserID, &k.Name, &k.Prefix, &k.Hash, &k.CreatedAt, &k.RevokedAt}
}

func fixTokenTimes(k *auth.APIToken) {
	k.CreatedAt = k.CreatedAt.UTC()
	if k.RevokedAt != nil {
		r := k.RevokedAt.UTC()
		k.RevokedAt = &r
	}
}

// CreateTenant implements store.Accounts.
func (s *Store) CreateTenant(ctx context.Context, t store.NewTenant) (auth.Tenant, error) {
	if err := t.Validate(); err != nil {
		return auth.Tenant{}, err
	}
	out := auth.Tenant{Name: t.Name, Kind: t.Kind, CreatedAt: t.Now}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO tenants (name, kind, created_at) VALUES ($1, $2, $3) RETURNING id`,
			t.Name, string(t.Kind), t.Now).Scan(&out.ID); err != nil {
			return err
		}
		_, err := appendAudit(ctx, tx, backend.TenantCreated(ctx, out))
		return err
	})
	if err != nil {
		return auth.Tenant{}, classify(err, fmt.Sprintf("create tenant %q", t.Name))
	}
	return out, nil
}

// Tenants implements store.Accounts.
func (s *Store) Tenants(ctx context.Context) ([]auth.Tenant, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+tenantCols+` FROM tenants ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list tenants: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (auth.Tenant, error) { return scanTenant(r) })
	if err != nil {
		return nil, fmt.Errorf("list tenants: %w", err)
	}
	return out, nil
}

// Tenant implements store.Accounts.
func (s *Store) Tenant(ctx context.Context, id int64) (auth.Tenant, error) {
	t, err := scanTenant(s.pool.QueryRow(ctx, `SELECT `+tenantCols+` FROM tenants WHERE id = $1`, id))
	if err != nil {
		return auth.Tenant{}, classify(err, fmt.Sprintf("tenant %d", id))
	}
	return t, nil
}

// TenantByName implements store.Accounts.
func (s *Store) TenantByName(ctx context.Context, name string) (auth.Tenant, error) {
	t, err := scanTenant(s.pool.QueryRow(ctx, `SELECT `+tenantCols+` FROM tenants WHERE name = $1`, name))
	if err != nil {
		return auth.Tenant{}, classify(err, fmt.Sprintf("tenant %q", name))
	}
	return t, nil
}

// CreateUser implements store.Accounts. A missing tenant shows as a
// foreign key violation, a taken email as a unique violation.
func (s *Store) CreateUser(ctx context.Context, u store.NewUser) (auth.User, error) {
	if err := u.Validate(); err != nil {
		return auth.User{}, err
	}
	out := auth.User{TenantID: u.TenantID, Email: u.Email, Name: u.Name, Role: u.Role, PasswordHash: u.PasswordHash, CreatedAt: u.Now}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO users (tenant_id, email, name, role, password_hash, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			u.TenantID, u.Email, u.Name, string(u.Role), u.PasswordHash, u.Now).Scan(&out.ID); err != nil {
			return err
		}
		_, err := appendAudit(ctx, tx, backend.UserCreated(ctx, out))
		return err
	})
	if err != nil {
		return auth.User{}, classify(err, fmt.Sprintf("create user %s in tenant %d", u.Email, u.TenantID))
	}
	return out, nil
}

// UserByEmail implements store.Accounts.
func (s *Store) UserByEmail(ctx context.Context, email string) (auth.User, error) {
	e, err := auth.NormalizeEmail(email)
	if err != nil {
		return auth.User{}, fmt.Errorf("user %q: %w", email, store.ErrNotFound)
	}
	u, err := scanUser(s.pool.QueryRow(ctx, `SELECT `+userCols+` FROM users u WHERE u.email = $1`, e))
	if err != nil {
		return auth.User{}, classify(err, fmt.Sprintf("user %s", e))
	}
	return u, nil
}

// ListUsers implements store.Accounts.
func (s *Store) ListUsers(ctx context.Context, tenantID int64) ([]auth.User, error) {
	what := fmt.Sprintf("list users of tenant %d", tenantID)
	var out []auth.User
	err := s.readTx(ctx, func(tx pgx.Tx) error {
		var one int
		if err := tx.QueryRow(ctx, `SELECT 1 FROM tenants WHERE id = $1`, tenantID).Scan(&one); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT `+userCols+` FROM users u WHERE u.tenant_id = $1 ORDER BY u.email`, tenantID)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (auth.User, error) { return scanUser(r) })
		return err
	})
	if err != nil {
		return nil, classify(err, what)
	}
	return out, nil
}

// CountUsers implements store.Accounts.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int64
	if err := s.pool.QueryRow(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count users: %w", err)
	}
	return int(n), nil
}

// CreateToken implements store.Accounts. The insert selects the user
// within the tenant, so a user of another tenant inserts nothing and
// answers ErrNotFound.
func (s *Store) CreateToken(ctx context.Context, t store.NewAPIToken) (auth.APIToken, error) {
	if err := t.Validate(); err != nil {
		return auth.APIToken{}, err
	}
	out := auth.APIToken{TenantID: t.TenantID, UserID: t.UserID, Name: t.Name, Prefix: t.Prefix, Hash: t.Hash, CreatedAt: t.Now}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO api_tokens (tenant_id, user_id, name, prefix, hash, created_at)
			SELECT u.tenant_id, u.id, $3, $4, $5, $6 FROM users u WHERE u.id = $1 AND u.tenant_id = $2
			RETURNING id`, t.UserID, t.TenantID, t.Name, t.Prefix, t.Hash, t.Now).Scan(&out.ID); err != nil {
			return err
		}
		_, err := appendAudit(ctx, tx, backend.TokenCreated(ctx, out))
		return err
	})
	if err != nil {
		return auth.APIToken{}, classify(err, fmt.Sprintf("create token %s for user %d", t.Prefix, t.UserID))
	}
	return out, nil
}

// TokenByPrefix implements store.Accounts.
func (s *Store) TokenByPrefix(ctx context.Context, prefix string) (auth.APIToken, auth.User, error) {
	var k auth.APIToken
	var u auth.User
	var role string
	err := s.pool.QueryRow(ctx, `SELECT `+tokenCols+`, `+userCols+`
		FROM api_tokens k JOIN users u ON u.id = k.user_id AND u.tenant_id = k.tenant_id
		WHERE k.prefix = $1 AND k.revoked_at IS NULL`, prefix).Scan(append(tokenDest(&k), userDest(&u, &role)...)...)
	if err != nil {
		return auth.APIToken{}, auth.User{}, classify(err, fmt.Sprintf("token %q", prefix))
	}
	fixTokenTimes(&k)
	u.Role, u.CreatedAt = auth.Role(role), u.CreatedAt.UTC()
	return k, u, nil
}

// ListTokens implements store.Accounts.
func (s *Store) ListTokens(ctx context.Context, tenantID, userID int64) ([]auth.APIToken, error) {
	var out []auth.APIToken
	err := s.readTx(ctx, func(tx pgx.Tx) error {
		var one int
		if err := tx.QueryRow(ctx, `SELECT 1 FROM users WHERE id = $1 AND tenant_id = $2`, userID, tenantID).Scan(&one); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT `+tokenCols+` FROM api_tokens k WHERE k.user_id = $1 AND k.tenant_id = $2 ORDER BY k.id`, userID, tenantID)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (auth.APIToken, error) {
			var k auth.APIToken
			err := r.Scan(tokenDest(&k)...)
			fixTokenTimes(&k)
			return k, err
		})
		return err
	})
	if err != nil {
		return nil, classify(err, fmt.Sprintf("list tokens of user %d", userID))
	}
	return out, nil
}

// RevokeToken implements store.Accounts.
func (s *Store) RevokeToken(ctx context.Context, tenantID, tokenID int64, now time.Time) error {
	if now.IsZero() {
		now = time.Now()
	}
	at := now.UTC().Truncate(time.Microsecond)
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE api_tokens SET revoked_at = $3
			WHERE id = $1 AND tenant_id = $2 AND revoked_at IS NULL`, tokenID, tenantID, at)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			// Unknown, another tenant's, or revoked already (which
			// changes nothing and records nothing).
			var one int
			return tx.QueryRow(ctx, `SELECT 1 FROM api_tokens WHERE id = $1 AND tenant_id = $2`, tokenID, tenantID).Scan(&one)
		}
		_, err = appendAudit(ctx, tx, backend.TokenRevoked(ctx, tenantID, tokenID, at))
		return err
	})
	if err != nil {
		return classify(err, fmt.Sprintf("revoke token %d", tokenID))
	}
	return nil
}

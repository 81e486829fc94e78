package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/collabcheck/collabcheck/internal/audit"
	"github.com/collabcheck/collabcheck/internal/auth"
	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/store/internal/backend"
)

var _ store.Accounts = (*Store)(nil)

func parseTime(what, s string) (time.Time, error) {
	t, err := time.Parse(timeFormat, s)
	if err != nil {
		return t, fmt.Errorf("%s: bad time %q: %w", what, s, err)
	}
	return t, nil
}

const tenantCols = `id, name, kind, created_at`

func scanTenant(row scanner) (auth.Tenant, error) {
	var t auth.Tenant
	var at string
	if err := row.Scan(&t.ID, &t.Name, &t.Kind, &at); err != nil {
		return t, err
	}
	var err error
	t.CreatedAt, err = parseTime(fmt.Sprintf("tenant %d", t.ID), at)
	return t, err
}

const userCols = `u.id, u.tenant_id, u.email, u.name, u.role, u.password_hash, u.created_at`

func scanUser(row scanner, extra ...any) (auth.User, error) {
	var u auth.User
	var at string
	if err := row.Scan(append([]any{&u.ID, &u.TenantID, &u.Email, &u.Name, &u.Role, &u.PasswordHash, &at}, extra...)...); err != nil {
		return u, err
	}
	var err error
	u.CreatedAt, err = parseTime(fmt.Sprintf("user %d", u.ID), at)
	return u, err
}

const tokenCols = `k.id, k.tenant_id, k.user_id, k.name, k.prefix, k.hash, k.created_at, k.revoked_at`

func scanToken(row scanner, extra ...any) (auth.APIToken, error) {
	var k auth.APIToken
	var at string
	var revoked sql.NullString
	if err := row.Scan(append([]any{&k.ID, &k.TenantID, &k.UserID, &k.Name, &k.Prefix, &k.Hash, &at, &revoked}, extra...)...); err != nil {
		return k, err
	}
	var err error
	what := fmt.Sprintf("token %d", k.ID)
	if k.CreatedAt, err = parseTime(what, at); err != nil {
		return k, err
	}
	if revoked.Valid {
		r, err := parseTime(what, revoked.String)
		if err != nil {
			return k, err
		}
		k.RevokedAt = &r
	}
	return k, nil
}

// notFound turns sql.ErrNoRows into store.ErrNotFound naming what.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s: %w", what, store.ErrNotFound)
	}
	return err
}

// exists reports whether the query returns a row.
func exists(ctx context.Context, q queryer, query string, args ...any) (bool, error) {
	var one int
	err := q.QueryRowContext(ctx, query, args...).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// insertUnique runs an insert in a write transaction after checking, in
// the same transaction, that dupQuery finds nothing; writes are serialised
// (BEGIN IMMEDIATE), so the check cannot race. event gives the audit
// event of the new row's id, appended in the same transaction.
func (s *Store) insertUnique(ctx context.Context, what string, event func(id int64) audit.Event, dupQuery string, dupArgs []any, insert string, args ...any) (int64, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("%s: begin: %w", what, err)
	}
	defer tx.Rollback()
	dup, err := exists(ctx, tx, dupQuery, dupArgs...)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", what, err)
	}
	if dup {
		return 0, fmt.Errorf("%s: %w", what, store.ErrConflict)
	}
	res, err := tx.ExecContext(ctx, insert, args...)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", what, err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("%s: %w", what, err)
	}
	if _, err := appendAudit(ctx, tx, event(id)); err != nil {
		return 0, fmt.Errorf("%s: %w", what, err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("%s: commit: %w", what, err)
	}
	return id, nil
}

// CreateTenant implements store.Accounts.
func (s *Store) CreateTenant(ctx context.Context, t store.NewTenant) (auth.Tenant, error) {
	if err := t.Validate(); err != nil {
		return auth.Tenant{}, err
	}
	id, err := s.insertUnique(ctx, fmt.Sprintf("create tenant %q", t.Name),
		func(id int64) audit.Event {
			return backend.TenantCreated(ctx, auth.Tenant{ID: id, Name: t.Name, Kind: t.Kind, CreatedAt: t.Now})
		},
		`SELECT 1 FROM tenants WHERE name = ?`, []any{t.Name},
		`INSERT INTO tenants (name, kind, created_at) VALUES (?, ?, ?)`, t.Name, string(t.Kind), t.Now.Format(timeFormat))
	if err != nil {
		return auth.Tenant{}, err
	}
	return auth.Tenant{ID: id, Name: t.Name, Kind: t.Kind, CreatedAt: t.Now}, nil
}

// Tenants implements store.Accounts.
func (s *Store) Tenants(ctx context.Context) ([]auth.Tenant, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+tenantCols+` FROM tenants ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list tenants: %w", err)
	}
	defer rows.Close()
	var out []auth.Tenant
	for rows.Next() {
		t, err := scanTenant(rows)
		if err != nil {
			return nil, fmt.Errorf("list tenants: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list tenants: %w", err)
	}
	return out, nil
}

// Tenant implements store.Accounts.
func (s *Store) Tenant(ctx context.Context, id int64) (auth.Tenant, error) {
	t, err := scanTenant(s.r.QueryRowContext(ctx, `SELECT `+tenantCols+` FROM tenants WHERE id = ?`, id))
	if err != nil {
		return auth.Tenant{}, notFound(err, fmt.Sprintf("tenant %d", id))
	}
	return t, nil
}

// TenantByName implements store.Accounts.
func (s *Store) TenantByName(ctx context.Context, name string) (auth.Tenant, error) {
	t, err := scanTenant(s.r.QueryRowContext(ctx, `SELECT `+tenantCols+` FROM tenants WHERE name = ?`, name))
	if err != nil {
		return auth.Tenant{}, notFound(err, fmt.Sprintf("tenant %q", name))
	}
	return t, nil
}

// CreateUser implements store.Accounts.
func (s *Store) CreateUser(ctx context.Context, u store.NewUser) (auth.User, error) {
	if err := u.Validate(); err != nil {
		return auth.User{}, err
	}
	what := fmt.Sprintf("create user %s", u.Email)
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return auth.User{}, fmt.Errorf("%s: begin: %w", what, err)
	}
	defer tx.Rollback()
	if ok, err := exists(ctx, tx, `SELECT 1 FROM tenants WHERE id = ?`, u.TenantID); err != nil || !ok {
		if err == nil {
			err = fmt.Errorf("tenant %d: %w", u.TenantID, store.ErrNotFound)
		}
		return auth.User{}, fmt.Errorf("%s: %w", what, err)
	}
	if dup, err := exists(ctx, tx, `SELECT 1 FROM users WHERE email = ?`, u.Email); err != nil || dup {
		if err == nil {
			err = store.ErrConflict
		}
		return auth.User{}, fmt.Errorf("%s: %w", what, err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO users (tenant_id, email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		u.TenantID, u.Email, u.Name, string(u.Role), u.PasswordHash, u.Now.Format(timeFormat))
	if err != nil {
		return auth.User{}, fmt.Errorf("%s: %w", what, err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return auth.User{}, fmt.Errorf("%s: %w", what, err)
	}
	out := auth.User{ID: id, TenantID: u.TenantID, Email: u.Email, Name: u.Name, Role: u.Role, PasswordHash: u.PasswordHash, CreatedAt: u.Now}
	if _, err := appendAudit(ctx, tx, backend.UserCreated(ctx, out)); err != nil {
		return auth.User{}, fmt.Errorf("%s: %w", what, err)
	}
	if err := tx.Commit(); err != nil {
		return auth.User{}, fmt.Errorf("%s: commit: %w", what, err)
	}
	return out, nil
}

// UserByEmail implements store.Accounts.
func (s *Store) UserByEmail(ctx context.Context, email string) (auth.User, error) {
	e, err := auth.NormalizeEmail(email)
	if err != nil {
		return auth.User{}, fmt.Errorf("user %q: %w", email, store.ErrNotFound)
	}
	u, err := scanUser(s.r.QueryRowContext(ctx, `SELECT `+userCols+` FROM users u WHERE u.email = ?`, e))
	if err != nil {
		return auth.User{}, notFound(err, fmt.Sprintf("user %s", e))
	}
	return u, nil
}

// ListUsers implements store.Accounts.
func (s *Store) ListUsers(ctx context.Context, tenantID int64) ([]auth.User, error) {
	what := fmt.Sprintf("list users of tenant %d", tenantID)
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer tx.Rollback()
	if ok, err := exists(ctx, tx, `SELECT 1 FROM tenants WHERE id = ?`, tenantID); err != nil || !ok {
		if err == nil {
			err = store.ErrNotFound
		}
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+userCols+` FROM users u WHERE u.tenant_id = ? ORDER BY u.email`, tenantID)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	var out []auth.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// CountUsers implements store.Accounts.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count users: %w", err)
	}
	return n, nil
}

// CreateToken implements store.Accounts.
func (s *Store) CreateToken(ctx context.Context, t store.NewAPIToken) (auth.APIToken, error) {
	if err := t.Validate(); err != nil {
		return auth.APIToken{}, err
	}
	what := fmt.Sprintf("create token %s", t.Prefix)
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return auth.APIToken{}, fmt.Errorf("%s: begin: %w", what, err)
	}
	defer tx.Rollback()
	if ok, err := exists(ctx, tx, `SELECT 1 FROM users WHERE id = ? AND tenant_id = ?`, t.UserID, t.TenantID); err != nil || !ok {
		if err == nil {
			err = fmt.Errorf("user %d: %w", t.UserID, store.ErrNotFound)
		}
		return auth.APIToken{}, fmt.Errorf("%s: %w", what, err)
	}
	if dup, err := exists(ctx, tx, `SELECT 1 FROM api_tokens WHERE prefix = ?`, t.Prefix); err != nil || dup {
		if err == nil {
			err = store.ErrConflict
		}
		return auth.APIToken{}, fmt.Errorf("%s: %w", what, err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO api_tokens (tenant_id, user_id, name, prefix, hash, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		t.TenantID, t.UserID, t.Name, t.Prefix, t.Hash, t.Now.Format(timeFormat))
	if err != nil {
		return auth.APIToken{}, fmt.Errorf("%s: %w", what, err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return auth.APIToken{}, fmt.Errorf("%s: %w", what, err)
	}
	out := auth.APIToken{ID: id, TenantID: t.TenantID, UserID: t.UserID, Name: t.Name, Prefix: t.Prefix, Hash: t.Hash, CreatedAt: t.Now}
	if _, err := appendAudit(ctx, tx, backend.TokenCreated(ctx, out)); err != nil {
		return auth.APIToken{}, fmt.Errorf("%s: %w", what, err)
	}
	if err := tx.Commit(); err != nil {
		return auth.APIToken{}, fmt.Errorf("%s: commit: %w", what, err)
	}
	return out, nil
}

// TokenByPrefix implements store.Accounts.
func (s *Store) TokenByPrefix(ctx context.Context, prefix string) (auth.APIToken, auth.User, error) {
	var u auth.User
	var uat string
	k, err := scanToken(s.r.QueryRowContext(ctx, `SELECT `+tokenCols+`, `+userCols+`
		FROM api_tokens k JOIN users u ON u.id = k.user_id AND u.tenant_id = k.tenant_id
		WHERE k.prefix = ? AND k.revoked_at IS NULL`, prefix),
		&u.ID, &u.TenantID, &u.Email, &u.Name, &u.Role, &u.PasswordHash, &uat)
	if err != nil {
		return auth.APIToken{}, auth.User{}, notFound(err, fmt.Sprintf("token %q", prefix))
	}
	if u.CreatedAt, err = parseTime(fmt.Sprintf("user %d", u.ID), uat); err != nil {
		return auth.APIToken{}, auth.User{}, err
	}
	return k, u, nil
}

// ListTokens implements store.Accounts.
func (s *Store) ListTokens(ctx context.Context, tenantID, userID int64) ([]auth.APIToken, error) {
	what := fmt.Sprintf("list tokens of user %d", userID)
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer tx.Rollback()
	if ok, err := exists(ctx, tx, `SELECT 1 FROM users WHERE id = ? AND tenant_id = ?`, userID, tenantID); err != nil || !ok {
		if err == nil {
			err = store.ErrNotFound
		}
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+tokenCols+` FROM api_tokens k WHERE k.user_id = ? AND k.tenant_id = ? ORDER BY k.id`, userID, tenantID)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	var out []auth.APIToken
	for rows.Next() {
		k, err := scanToken(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out = append(out, k)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// RevokeToken implements store.Accounts.
func (s *Store) RevokeToken(ctx context.Context, tenantID, tokenID int64, now time.Time) error {
	what := fmt.Sprintf("revoke token %d", tokenID)
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: begin: %w", what, err)
	}
	defer tx.Rollback()
	if ok, err := exists(ctx, tx, `SELECT 1 FROM api_tokens WHERE id = ? AND tenant_id = ?`, tokenID, tenantID); err != nil || !ok {
		if err == nil {
			err = store.ErrNotFound
		}
		return fmt.Errorf("%s: %w", what, err)
	}
	at := stampNow(now)
	res, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND tenant_id = ? AND revoked_at IS NULL`,
		at.Format(timeFormat), tokenID, tenantID)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	} else if n > 0 { // revoking again changes nothing, so records nothing
		if _, err := appendAudit(ctx, tx, backend.TokenRevoked(ctx, tenantID, tokenID, at)); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: commit: %w", what, err)
	}
	return nil
}

// stampNow is now (or the current time when zero) in UTC to the
// microsecond.
func stampNow(now time.Time) time.Time {
	if now.IsZero() {
		now = time.Now()
	}
	return now.UTC().Truncate(time.Microsecond)
}

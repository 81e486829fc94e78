package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/collabcheck/collabcheck/internal/audit"
	"github.com/collabcheck/collabcheck/internal/auth"
	"github.com/collabcheck/collabcheck/internal/cases"
	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/store/internal/backend"
)

var _ store.Casework = (*Store)(nil)

// Every write transaction runs on the single writer connection and begins
// IMMEDIATE (see Open), so it holds the database's write lock from its
// first statement: concurrent writers in this process queue for the
// connection instead of failing with SQLITE_BUSY, and read-modify-write
// sequences (a case update, the audit chain head) cannot interleave.

// writeTx runs fn in a write transaction and commits it when fn returns
// nil.
func (s *Store) writeTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// appendAudit seals ev after the chain head and inserts it, inside the
// caller's write transaction; the writer's lock serialises appends, so the
// chain never forks.
func appendAudit(ctx context.Context, tx *sql.Tx, ev audit.Event) (audit.Entry, error) {
	var (
		seq  int64
		hash string
	)
	err := tx.QueryRowContext(ctx, `SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`).Scan(&seq, &hash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return audit.Entry{}, fmt.Errorf("audit: read chain head: %w", err)
	}
	e, err := backend.Seal(seq, hash, backend.WithActor(ctx, ev))
	if err != nil {
		return e, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO audit_log (seq, at, tenant_id, actor, action, subject, detail, prev, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.Seq, e.At.Format(timeFormat), e.TenantID, e.Actor, e.Action, e.Subject,
		string(e.Detail), e.Prev, e.Hash); err != nil {
		return e, fmt.Errorf("audit: append entry %d (%s %s): %w", e.Seq, e.Action, e.Subject, err)
	}
	return e, nil
}

const caseCols = `id, tenant_id, version, body`

func scanCase(row scanner) (cases.Case, error) {
	var (
		id, tenant int64
		version    int
		body       []byte
	)
	if err := row.Scan(&id, &tenant, &version, &body); err != nil {
		return cases.Case{}, err
	}
	return backend.DecodeCase(body, id, tenant, version)
}

// CreateCase implements store.Casework.
func (s *Store) CreateCase(ctx context.Context, c cases.Case, ev audit.Event) (cases.Case, error) {
	c, err := backend.PrepareNewCase(c)
	if err != nil {
		return cases.Case{}, err
	}
	err = s.writeTx(ctx, func(tx *sql.Tx) error {
		if ok, err := exists(ctx, tx, `SELECT 1 FROM tenants WHERE id = ?`, c.TenantID); err != nil || !ok {
			return absent(err, fmt.Sprintf("tenant %d", c.TenantID), ok)
		}
		if err := checkReferral(ctx, tx, &c); err != nil {
			return err
		}
		row, err := backend.EncodeCase(&c)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO cases (tenant_id, referred_to, state, title, risk, recommended, decided_outcome,
			partner_countries, created_by, assignee_id, version, created_at, updated_at, body)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, '{}')`,
			c.TenantID, row.ReferredArg(), string(c.State), row.Summary.Title, string(row.Summary.Risk), string(row.Summary.Recommended),
			string(row.Summary.DecidedOutcome), row.Countries, row.Summary.CreatedBy, row.AssigneeArg(),
			c.CreatedAt.Format(timeFormat), c.UpdatedAt.Format(timeFormat))
		if err != nil {
			return fmt.Errorf("insert: %w", err)
		}
		if c.ID, err = res.LastInsertId(); err != nil {
			return fmt.Errorf("insert: %w", err)
		}
		// The body is written once the id is known, so it is the whole case.
		if row, err = backend.EncodeCase(&c); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE cases SET body = ? WHERE id = ?`, string(row.Body), c.ID); err != nil {
			return fmt.Errorf("write body: %w", err)
		}
		ev.Subject = backend.CaseSubject(c.ID)
		_, err = appendAudit(ctx, tx, ev)
		return err
	})
	if err != nil {
		return cases.Case{}, fmt.Errorf("create case in tenant %d: %w", c.TenantID, err)
	}
	return c, nil
}

// absent reports what as not found when a lookup failed with no row
// (err is sql.ErrNoRows, or nil with ok false), and passes other errors on.
func absent(err error, what string, ok bool) error {
	if err == nil && !ok {
		return fmt.Errorf("%s: %w", what, store.ErrNotFound)
	}
	return notFound(err, what)
}

// checkReferral checks that the tenant a case is referred to exists.
func checkReferral(ctx context.Context, q queryer, c *cases.Case) error {
	if c.Referral == nil {
		return nil
	}
	ok, err := exists(ctx, q, `SELECT 1 FROM tenants WHERE id = ?`, c.Referral.TenantID)
	if err != nil || !ok {
		return absent(err, fmt.Sprintf("adviser tenant %d", c.Referral.TenantID), ok)
	}
	return nil
}

// Case implements store.Casework.
func (s *Store) Case(ctx context.Context, tenantID, id int64) (cases.Case, error) {
	c, err := scanCase(s.r.QueryRowContext(ctx, `SELECT `+caseCols+` FROM cases WHERE id = ? AND (tenant_id = ? OR referred_to = ?)`, id, tenantID, tenantID))
	if err != nil {
		return cases.Case{}, absent(err, fmt.Sprintf("case %d", id), false)
	}
	return c, nil
}

const summaryCols = `id, tenant_id, title, state, risk, recommended, decided_outcome, created_by, assignee_id, referred_to,
	updated_at, created_at, partner_countries`

// Cases implements store.Casework.
func (s *Store) Cases(ctx context.Context, tenantID int64, f store.CaseFilter) ([]cases.Summary, error) {
	what := fmt.Sprintf("list cases of tenant %d", tenantID)
	query, args, err := backend.CaseQuery(summaryCols, tenantID, f, func(int) string { return "?" })
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	out := []cases.Summary{}
	for rows.Next() {
		var (
			c                     cases.Summary
			assignee, referred    sql.NullInt64
			updated, created, cty string
		)
		if err := rows.Scan(&c.ID, &c.TenantID, &c.Title, &c.State, &c.Risk, &c.Recommended, &c.DecidedOutcome, &c.CreatedBy,
			&assignee, &referred, &updated, &created, &cty); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		c.AssigneeID, c.ReferredTo = assignee.Int64, referred.Int64
		if c.UpdatedAt, err = parseTime(fmt.Sprintf("case %d", c.ID), updated); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		if c.CreatedAt, err = parseTime(fmt.Sprintf("case %d", c.ID), created); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		if c.PartnerCountries, err = backend.DecodeCountries(cty, c.ID); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// UpdateCase implements store.Casework. The write transaction holds the
// database's write lock from its start, so no other update of the case
// (or of anything) can interleave with the read, fn and the write.
func (s *Store) UpdateCase(ctx context.Context, tenantID, id int64, fn func(*cases.Case) (audit.Event, error)) (cases.Case, error) {
	var out cases.Case
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		c, err := scanCase(tx.QueryRowContext(ctx, `SELECT `+caseCols+` FROM cases WHERE id = ? AND (tenant_id = ? OR referred_to = ?)`, id, tenantID, tenantID))
		if err != nil {
			return absent(err, fmt.Sprintf("case %d", id), false)
		}
		version, owner := c.Version, c.TenantID
		ev, err := fn(&c)
		if err != nil {
			return err
		}
		// The id, owner and version are the store's, whatever fn did.
		c.ID, c.TenantID, c.Version = id, owner, version+1
		if err := checkReferral(ctx, tx, &c); err != nil {
			return err
		}
		row, err := backend.EncodeCase(&c)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE cases SET referred_to = ?, state = ?, title = ?, risk = ?, recommended = ?,
			decided_outcome = ?, partner_countries = ?, assignee_id = ?, version = ?, updated_at = ?, body = ?
			WHERE id = ?`, row.ReferredArg(), string(c.State), row.Summary.Title, string(row.Summary.Risk), string(row.Summary.Recommended),
			string(row.Summary.DecidedOutcome), row.Countries, row.AssigneeArg(), c.Version, c.UpdatedAt.Format(timeFormat),
			string(row.Body), id); err != nil {
			return fmt.Errorf("write: %w", err)
		}
		if ev.Subject == "" {
			ev.Subject = backend.CaseSubject(id)
		}
		if _, err := appendAudit(ctx, tx, ev); err != nil {
			return err
		}
		out = c
		return nil
	})
	if err != nil {
		return cases.Case{}, fmt.Errorf("update case %d: %w", id, err)
	}
	return out, nil
}

// TenantPolicy implements store.Casework.
func (s *Store) TenantPolicy(ctx context.Context, tenantID int64) (store.PolicyRecord, error) {
	p := store.PolicyRecord{TenantID: tenantID}
	var at string
	err := s.r.QueryRowContext(ctx, `SELECT version, source, updated_by, updated_at FROM tenant_policies WHERE tenant_id = ?`, tenantID).
		Scan(&p.Version, &p.Source, &p.UpdatedBy, &at)
	if err != nil {
		return store.PolicyRecord{}, absent(err, fmt.Sprintf("policy of tenant %d", tenantID), false)
	}
	if p.UpdatedAt, err = parseTime(fmt.Sprintf("policy of tenant %d", tenantID), at); err != nil {
		return store.PolicyRecord{}, err
	}
	return p, nil
}

// SetTenantPolicy implements store.Casework.
func (s *Store) SetTenantPolicy(ctx context.Context, p store.PolicyRecord, ev audit.Event) error {
	p, ev, err := backend.PreparePolicy(ctx, p, ev)
	if err != nil {
		return err
	}
	err = s.writeTx(ctx, func(tx *sql.Tx) error {
		if ok, err := exists(ctx, tx, `SELECT 1 FROM tenants WHERE id = ?`, p.TenantID); err != nil || !ok {
			return absent(err, fmt.Sprintf("tenant %d", p.TenantID), ok)
		}
		if p.Source == "" {
			if _, err := tx.ExecContext(ctx, `DELETE FROM tenant_policies WHERE tenant_id = ?`, p.TenantID); err != nil {
				return fmt.Errorf("remove: %w", err)
			}
		} else if _, err := tx.ExecContext(ctx, `INSERT INTO tenant_policies (tenant_id, version, source, updated_by, updated_at)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant_id) DO UPDATE SET version = excluded.version, source = excluded.source,
			updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			p.TenantID, p.Version, p.Source, p.UpdatedBy, p.UpdatedAt.Format(timeFormat)); err != nil {
			return fmt.Errorf("store: %w", err)
		}
		_, err := appendAudit(ctx, tx, ev)
		return err
	})
	if err != nil {
		return fmt.Errorf("set policy of tenant %d: %w", p.TenantID, err)
	}
	return nil
}

// CreateSession implements store.Casework. Sessions that expired by the
// new session's creation time are removed in the same transaction.
func (s *Store) CreateSession(ctx context.Context, sess store.Session) error {
	sess, err := backend.PrepareSession(sess)
	if err != nil {
		return err
	}
	err = s.writeTx(ctx, func(tx *sql.Tx) error {
		if ok, err := exists(ctx, tx, `SELECT 1 FROM users WHERE id = ? AND tenant_id = ?`, sess.UserID, sess.TenantID); err != nil || !ok {
			return absent(err, fmt.Sprintf("user %d in tenant %d", sess.UserID, sess.TenantID), ok)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, sess.CreatedAt.Format(timeFormat)); err != nil {
			return fmt.Errorf("purge expired sessions: %w", err)
		}
		if dup, err := exists(ctx, tx, `SELECT 1 FROM sessions WHERE hash = ?`, sess.Hash); err != nil || dup {
			if err == nil {
				err = store.ErrConflict
			}
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (hash, tenant_id, user_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
			sess.Hash, sess.TenantID, sess.UserID, sess.CreatedAt.Format(timeFormat), sess.ExpiresAt.Format(timeFormat))
		return err
	})
	if err != nil {
		return fmt.Errorf("create session for user %d: %w", sess.UserID, err)
	}
	return nil
}

// SessionByHash implements store.Casework.
func (s *Store) SessionByHash(ctx context.Context, hash string, now time.Time) (store.Session, auth.User, error) {
	sess := store.Session{Hash: hash}
	var created, expires, uat string
	var u auth.User
	err := s.r.QueryRowContext(ctx, `SELECT s.tenant_id, s.user_id, s.created_at, s.expires_at, `+userCols+`
		FROM sessions s JOIN users u ON u.id = s.user_id AND u.tenant_id = s.tenant_id
		WHERE s.hash = ? AND s.expires_at > ?`, hash, backend.Stamp(now).Format(timeFormat)).
		Scan(&sess.TenantID, &sess.UserID, &created, &expires, &u.ID, &u.TenantID, &u.Email, &u.Name, &u.Role, &u.PasswordHash, &uat)
	if err != nil {
		return store.Session{}, auth.User{}, absent(err, "session", false)
	}
	for _, f := range []struct {
		dst *time.Time
		v   string
	}{{&sess.CreatedAt, created}, {&sess.ExpiresAt, expires}, {&u.CreatedAt, uat}} {
		if *f.dst, err = parseTime("session", f.v); err != nil {
			return store.Session{}, auth.User{}, err
		}
	}
	return sess, u, nil
}

// DeleteSession implements store.Casework.
func (s *Store) DeleteSession(ctx context.Context, hash string) error {
	if _, err := s.w.ExecContext(ctx, `DELETE FROM sessions WHERE hash = ?`, hash); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// AppendAudit implements store.Casework.
func (s *Store) AppendAudit(ctx context.Context, ev audit.Event) (audit.Entry, error) {
	var e audit.Entry
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		var err error
		e, err = appendAudit(ctx, tx, ev)
		return err
	})
	if err != nil {
		return audit.Entry{}, fmt.Errorf("append audit %s %s: %w", ev.Action, ev.Subject, err)
	}
	return e, nil
}

const auditCols = `seq, at, tenant_id, actor, action, subject, detail, prev, hash`

func scanAudit(row scanner) (audit.Entry, error) {
	var e audit.Entry
	var at string
	var detail []byte
	if err := row.Scan(&e.Seq, &at, &e.TenantID, &e.Actor, &e.Action, &e.Subject, &detail, &e.Prev, &e.Hash); err != nil {
		return e, err
	}
	e.Detail = detail
	var err error
	e.At, err = parseTime(fmt.Sprintf("audit entry %d", e.Seq), at)
	return e, err
}

// AuditLog implements store.Casework.
func (s *Store) AuditLog(ctx context.Context, fn func(audit.Entry) error) error {
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+auditCols+` FROM audit_log ORDER BY seq`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			e, err := scanAudit(rows)
			if err != nil {
				return err
			}
			if err := fn(e); err != nil {
				return err
			}
		}
		return rows.Err()
	})
	if err != nil {
		return fmt.Errorf("read audit log of %s: %w", s.path, err)
	}
	return nil
}

// AuditFor implements store.Casework.
func (s *Store) AuditFor(ctx context.Context, subject string) ([]audit.Entry, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+auditCols+` FROM audit_log WHERE subject = ? ORDER BY seq`, subject)
	if err != nil {
		return nil, fmt.Errorf("audit of %s: %w", subject, err)
	}
	defer rows.Close()
	out := []audit.Entry{}
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return nil, fmt.Errorf("audit of %s: %w", subject, err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("audit of %s: %w", subject, err)
	}
	return out, nil
}

package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/collabcheck/collabcheck/internal/assess"
	"github.com/collabcheck/collabcheck/internal/audit"
	"github.com/collabcheck/collabcheck/internal/auth"
	"github.com/collabcheck/collabcheck/internal/cases"
	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/store/internal/backend"
)

var _ store.Casework = (*Store)(nil)

// lockAudit is the advisory lock namespace that serialises audit appends
// across connections and app servers ("audi").
const lockAudit = 0x61756469

// Write transactions here run at READ COMMITTED. A case update locks its
// row (SELECT … FOR UPDATE), so concurrent updates of one case queue and
// each reads the version the previous one committed; an audit append takes
// the transaction-scoped advisory lock before it reads the chain head, so
// the next append reads the head only after this transaction has committed
// (or rolled back) and the chain never forks. The audit lock is always the
// last lock a transaction takes, so no two transactions wait on each other
// in a cycle.

// appendAudit seals ev after the chain head and inserts it, inside the
// caller's transaction, under the audit advisory lock.
func appendAudit(ctx context.Context, tx pgx.Tx, ev audit.Event) (audit.Entry, error) {
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, 0)`, lockAudit); err != nil {
		return audit.Entry{}, fmt.Errorf("audit: lock: %w", err)
	}
	var (
		seq  int64
		hash string
	)
	err := tx.QueryRow(ctx, `SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`).Scan(&seq, &hash)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return audit.Entry{}, fmt.Errorf("audit: read chain head: %w", err)
	}
	e, err := backend.Seal(seq, hash, backend.WithActor(ctx, ev))
	if err != nil {
		return e, err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO audit_log (seq, at, tenant_id, actor, action, subject, detail, prev, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, e.Seq, e.At, e.TenantID, e.Actor, e.Action, e.Subject,
		string(e.Detail), e.Prev, e.Hash); err != nil {
		return e, fmt.Errorf("audit: append entry %d (%s %s): %w", e.Seq, e.Action, e.Subject, err)
	}
	return e, nil
}

// exists reports whether the query returns a row.
func exists(ctx context.Context, q querier, query string, args ...any) (bool, error) {
	var one int
	err := q.QueryRow(ctx, query, args...).Scan(&one)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// mustExist returns ErrNotFound naming what when the query finds no row.
func mustExist(ctx context.Context, q querier, what, query string, args ...any) error {
	ok, err := exists(ctx, q, query, args...)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if !ok {
		return fmt.Errorf("%s: %w", what, store.ErrNotFound)
	}
	return nil
}

const caseCols = `id, tenant_id, version, body`

func scanCase(row pgx.Row) (cases.Case, error) {
	var (
		id, tenant int64
		version    int32
		body       []byte
	)
	if err := row.Scan(&id, &tenant, &version, &body); err != nil {
		return cases.Case{}, err
	}
	return backend.DecodeCase(body, id, tenant, int(version))
}

// checkReferral checks that the tenant a case is referred to exists.
func checkReferral(ctx context.Context, q querier, c *cases.Case) error {
	if c.Referral == nil {
		return nil
	}
	return mustExist(ctx, q, fmt.Sprintf("adviser tenant %d", c.Referral.TenantID), `SELECT 1 FROM tenants WHERE id = $1`, c.Referral.TenantID)
}

// CreateCase implements store.Casework. The id is drawn from the
// identity's sequence first, so the row is written once, whole.
func (s *Store) CreateCase(ctx context.Context, c cases.Case, ev audit.Event) (cases.Case, error) {
	c, err := backend.PrepareNewCase(c)
	if err != nil {
		return cases.Case{}, err
	}
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := mustExist(ctx, tx, fmt.Sprintf("tenant %d", c.TenantID), `SELECT 1 FROM tenants WHERE id = $1`, c.TenantID); err != nil {
			return err
		}
		if err := checkReferral(ctx, tx, &c); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT nextval(pg_get_serial_sequence('cases', 'id'))`).Scan(&c.ID); err != nil {
			return fmt.Errorf("next case id: %w", err)
		}
		row, err := backend.EncodeCase(&c)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO cases (id, tenant_id, referred_to, state, title, risk, recommended, decided_outcome,
			partner_countries, created_by, assignee_id, version, created_at, updated_at, body)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, $12, $13, $14)`,
			c.ID, c.TenantID, row.ReferredArg(), string(c.State), row.Summary.Title, string(row.Summary.Risk), string(row.Summary.Recommended),
			string(row.Summary.DecidedOutcome), row.Countries, row.Summary.CreatedBy, row.AssigneeArg(),
			c.CreatedAt, c.UpdatedAt, string(row.Body)); err != nil {
			return fmt.Errorf("insert: %w", err)
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

// Case implements store.Casework.
func (s *Store) Case(ctx context.Context, tenantID, id int64) (cases.Case, error) {
	c, err := scanCase(s.pool.QueryRow(ctx, `SELECT `+caseCols+` FROM cases WHERE id = $1 AND (tenant_id = $2 OR referred_to = $2)`, id, tenantID))
	if err != nil {
		return cases.Case{}, classify(err, fmt.Sprintf("case %d", id))
	}
	return c, nil
}

const summaryCols = `id, tenant_id, title, state, risk, recommended, decided_outcome, created_by, assignee_id, referred_to,
	updated_at, created_at, partner_countries`

// Cases implements store.Casework.
func (s *Store) Cases(ctx context.Context, tenantID int64, f store.CaseFilter) ([]cases.Summary, error) {
	what := fmt.Sprintf("list cases of tenant %d", tenantID)
	query, args, err := backend.CaseQuery(summaryCols, tenantID, f, func(n int) string { return fmt.Sprintf("$%d", n) })
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	rows, err := s.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (cases.Summary, error) {
		var (
			c                                      cases.Summary
			state, risk, recommended, decided, cty string
			assignee, referred                     *int64
		)
		if err := r.Scan(&c.ID, &c.TenantID, &c.Title, &state, &risk, &recommended, &decided, &c.CreatedBy,
			&assignee, &referred, &c.UpdatedAt, &c.CreatedAt, &cty); err != nil {
			return c, err
		}
		c.State, c.Risk, c.Recommended, c.DecidedOutcome = cases.State(state), assess.Risk(risk), assess.Outcome(recommended), assess.Outcome(decided)
		if assignee != nil {
			c.AssigneeID = *assignee
		}
		if referred != nil {
			c.ReferredTo = *referred
		}
		c.UpdatedAt, c.CreatedAt = c.UpdatedAt.UTC(), c.CreatedAt.UTC()
		var err error
		c.PartnerCountries, err = backend.DecodeCountries(cty, c.ID)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if out == nil {
		out = []cases.Summary{}
	}
	return out, nil
}

// UpdateCase implements store.Casework. SELECT … FOR UPDATE holds the
// case's row until commit, so concurrent updates of it run one after the
// other, each on the version the previous one wrote.
func (s *Store) UpdateCase(ctx context.Context, tenantID, id int64, fn func(*cases.Case) (audit.Event, error)) (cases.Case, error) {
	var out cases.Case
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		c, err := scanCase(tx.QueryRow(ctx, `SELECT `+caseCols+` FROM cases WHERE id = $1 AND (tenant_id = $2 OR referred_to = $2) FOR UPDATE`, id, tenantID))
		if err != nil {
			return classify(err, fmt.Sprintf("case %d", id))
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
		if _, err := tx.Exec(ctx, `UPDATE cases SET referred_to = $1, state = $2, title = $3, risk = $4, recommended = $5,
			decided_outcome = $6, partner_countries = $7, assignee_id = $8, version = $9, updated_at = $10, body = $11
			WHERE id = $12`, row.ReferredArg(), string(c.State), row.Summary.Title, string(row.Summary.Risk), string(row.Summary.Recommended),
			string(row.Summary.DecidedOutcome), row.Countries, row.AssigneeArg(), c.Version, c.UpdatedAt, string(row.Body), id); err != nil {
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
	err := s.pool.QueryRow(ctx, `SELECT version, source, updated_by, updated_at FROM tenant_policies WHERE tenant_id = $1`, tenantID).
		Scan(&p.Version, &p.Source, &p.UpdatedBy, &p.UpdatedAt)
	if err != nil {
		return store.PolicyRecord{}, classify(err, fmt.Sprintf("policy of tenant %d", tenantID))
	}
	p.UpdatedAt = p.UpdatedAt.UTC()
	return p, nil
}

// SetTenantPolicy implements store.Casework.
func (s *Store) SetTenantPolicy(ctx context.Context, p store.PolicyRecord, ev audit.Event) error {
	p, ev, err := backend.PreparePolicy(ctx, p, ev)
	if err != nil {
		return err
	}
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := mustExist(ctx, tx, fmt.Sprintf("tenant %d", p.TenantID), `SELECT 1 FROM tenants WHERE id = $1`, p.TenantID); err != nil {
			return err
		}
		if p.Source == "" {
			if _, err := tx.Exec(ctx, `DELETE FROM tenant_policies WHERE tenant_id = $1`, p.TenantID); err != nil {
				return fmt.Errorf("remove: %w", err)
			}
		} else if _, err := tx.Exec(ctx, `INSERT INTO tenant_policies (tenant_id, version, source, updated_by, updated_at)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (tenant_id) DO UPDATE SET version = excluded.version, source = excluded.source,
			updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			p.TenantID, p.Version, p.Source, p.UpdatedBy, p.UpdatedAt); err != nil {
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
	what := fmt.Sprintf("create session for user %d", sess.UserID)
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := mustExist(ctx, tx, fmt.Sprintf("user %d in tenant %d", sess.UserID, sess.TenantID),
			`SELECT 1 FROM users WHERE id = $1 AND tenant_id = $2`, sess.UserID, sess.TenantID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE expires_at <= $1`, sess.CreatedAt); err != nil {
			return fmt.Errorf("purge expired sessions: %w", err)
		}
		_, err := tx.Exec(ctx, `INSERT INTO sessions (hash, tenant_id, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
			sess.Hash, sess.TenantID, sess.UserID, sess.CreatedAt, sess.ExpiresAt)
		return err
	})
	if err != nil {
		return classify(err, what)
	}
	return nil
}

// SessionByHash implements store.Casework.
func (s *Store) SessionByHash(ctx context.Context, hash string, now time.Time) (store.Session, auth.User, error) {
	sess := store.Session{Hash: hash}
	var u auth.User
	var role string
	err := s.pool.QueryRow(ctx, `SELECT s.tenant_id, s.user_id, s.created_at, s.expires_at, `+userCols+`
		FROM sessions s JOIN users u ON u.id = s.user_id AND u.tenant_id = s.tenant_id
		WHERE s.hash = $1 AND s.expires_at > $2`, hash, backend.Stamp(now)).
		Scan(append([]any{&sess.TenantID, &sess.UserID, &sess.CreatedAt, &sess.ExpiresAt}, userDest(&u, &role)...)...)
	if err != nil {
		return store.Session{}, auth.User{}, classify(err, "session")
	}
	sess.CreatedAt, sess.ExpiresAt = sess.CreatedAt.UTC(), sess.ExpiresAt.UTC()
	u.Role, u.CreatedAt = auth.Role(role), u.CreatedAt.UTC()
	return sess, u, nil
}

// DeleteSession implements store.Casework.
func (s *Store) DeleteSession(ctx context.Context, hash string) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE hash = $1`, hash); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// AppendAudit implements store.Casework.
func (s *Store) AppendAudit(ctx context.Context, ev audit.Event) (audit.Entry, error) {
	var e audit.Entry
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
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

func scanAudit(row pgx.Row) (audit.Entry, error) {
	var e audit.Entry
	var detail string
	if err := row.Scan(&e.Seq, &e.At, &e.TenantID, &e.Actor, &e.Action, &e.Subject, &detail, &e.Prev, &e.Hash); err != nil {
		return e, err
	}
	e.Detail, e.At = []byte(detail), e.At.UTC()
	return e, nil
}

// AuditLog implements store.Casework. It reads in one REPEATABLE READ
// snapshot, streaming rows.
func (s *Store) AuditLog(ctx context.Context, fn func(audit.Entry) error) error {
	err := s.readTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+auditCols+` FROM audit_log ORDER BY seq`)
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
		return fmt.Errorf("read audit log of %s: %w", s.name, err)
	}
	return nil
}

// AuditFor implements store.Casework.
func (s *Store) AuditFor(ctx context.Context, subject string) ([]audit.Entry, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+auditCols+` FROM audit_log WHERE subject = $1 ORDER BY seq`, subject)
	if err != nil {
		return nil, fmt.Errorf("audit of %s: %w", subject, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (audit.Entry, error) { return scanAudit(r) })
	if err != nil {
		return nil, fmt.Errorf("audit of %s: %w", subject, err)
	}
	if out == nil {
		out = []audit.Entry{}
	}
	return out, nil
}

package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/collabcheck/collabcheck/internal/audit"
	"github.com/collabcheck/collabcheck/internal/store"
)

var _ store.Alerts = (*Store)(nil)

const alertCols = `id, tenant_id, case_id, kind, list, source_id, name, party, programs, previous_programs,
	list_version, dedupe_key, detail, created_at, acked_at, acked_by`

func scanAlert(row pgx.Row) (store.Alert, error) {
	var a store.Alert
	var kind, progs, prev string
	var version int32
	var acked *time.Time
	if err := row.Scan(&a.ID, &a.TenantID, &a.CaseID, &kind, &a.List, &a.SourceID, &a.Name, &a.Party, &progs, &prev,
		&version, &a.Key, &a.Detail, &a.CreatedAt, &acked, &a.AckedBy); err != nil {
		return a, err
	}
	a.Kind, a.ListVersion, a.CreatedAt = store.AlertKind(kind), int(version), a.CreatedAt.UTC()
	if acked != nil {
		t := acked.UTC()
		a.AckedAt = &t
	}
	var err error
	what := fmt.Sprintf("alert %d", a.ID)
	if a.Programs, err = store.DecodeStrings(what+" programs", progs); err != nil {
		return a, err
	}
	a.PreviousPrograms, err = store.DecodeStrings(what+" previous_programs", prev)
	return a, err
}

// RaiseAlerts implements store.Alerts. The unique dedupe key makes a
// concurrent raise of the same alert wait for the first and then insert
// nothing.
func (s *Store) RaiseAlerts(ctx context.Context, alerts []store.Alert) ([]store.Alert, error) {
	for i := range alerts {
		if err := alerts[i].Validate(); err != nil {
			return nil, err
		}
	}
	var out []store.Alert
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		out = out[:0]
		for _, a := range alerts {
			if err := mustExist(ctx, tx, fmt.Sprintf("case %d of tenant %d", a.CaseID, a.TenantID),
				`SELECT 1 FROM cases WHERE id = $1 AND tenant_id = $2`, a.CaseID, a.TenantID); err != nil {
				return err
			}
			if a.CreatedAt.IsZero() {
				a.CreatedAt = time.Now()
			}
			a.CreatedAt = a.CreatedAt.UTC().Truncate(time.Microsecond)
			err := tx.QueryRow(ctx, `INSERT INTO alerts (tenant_id, case_id, kind, list, source_id, name, party, programs,
				previous_programs, list_version, dedupe_key, detail, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
				ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
				a.TenantID, a.CaseID, string(a.Kind), a.List, a.SourceID, a.Name, a.Party, store.EncodeStrings(a.Programs),
				store.EncodeStrings(a.PreviousPrograms), a.ListVersion, a.Key, a.Detail, a.CreatedAt).Scan(&a.ID)
			if errors.Is(err, pgx.ErrNoRows) {
				continue // raised before
			}
			if err != nil {
				return fmt.Errorf("insert alert %q: %w", a.Key, err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO alert_deliveries (alert_id, tenant_id, channel, target, next_attempt)
				SELECT $1, tenant_id, channel, target, $2 FROM alert_channels WHERE tenant_id = $3 ORDER BY channel`,
				a.ID, a.CreatedAt, a.TenantID); err != nil {
				return fmt.Errorf("queue deliveries of alert %d: %w", a.ID, err)
			}
			if _, err := appendAudit(ctx, tx, store.AlertEvent(a)); err != nil {
				return err
			}
			if a.Programs == nil {
				a.Programs = []string{}
			}
			if a.PreviousPrograms == nil {
				a.PreviousPrograms = []string{}
			}
			out = append(out, a)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("raise alerts: %w", err)
	}
	return out, nil
}

// Alert implements store.Alerts.
func (s *Store) Alert(ctx context.Context, tenantID, id int64) (store.Alert, error) {
	a, err := scanAlert(s.pool.QueryRow(ctx, `SELECT `+alertCols+` FROM alerts WHERE id = $1 AND tenant_id = $2`, id, tenantID))
	if err != nil {
		return a, fmt.Errorf("read alert: %w", classify(err, fmt.Sprintf("alert %d", id)))
	}
	return a, nil
}

// ListAlerts implements store.Alerts.
func (s *Store) ListAlerts(ctx context.Context, tenantID int64, f store.AlertFilter) ([]store.Alert, error) {
	where, args := []string{"tenant_id = $1"}, []any{tenantID}
	if f.CaseID > 0 {
		args = append(args, f.CaseID)
		where = append(where, fmt.Sprintf("case_id = $%d", len(args)))
	}
	if f.Unacked {
		where = append(where, "acked_at IS NULL")
	}
	limit, offset := store.AlertPage(f)
	args = append(args, limit, offset)
	rows, err := s.pool.Query(ctx, `SELECT `+alertCols+` FROM alerts WHERE `+strings.Join(where, " AND ")+
		fmt.Sprintf(` ORDER BY id DESC LIMIT $%d OFFSET $%d`, len(args)-1, len(args)), args...)
	if err != nil {
		return nil, fmt.Errorf("list alerts: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.Alert, error) { return scanAlert(r) })
	if err != nil {
		return nil, fmt.Errorf("list alerts: %w", err)
	}
	if out == nil {
		out = []store.Alert{}
	}
	return out, nil
}

// AckAlert implements store.Alerts.
func (s *Store) AckAlert(ctx context.Context, tenantID, id int64, actor string, at time.Time, ev audit.Event) (store.Alert, error) {
	var out store.Alert
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		a, err := scanAlert(tx.QueryRow(ctx, `SELECT `+alertCols+` FROM alerts WHERE id = $1 AND tenant_id = $2 FOR UPDATE`, id, tenantID))
		if err != nil {
			return classify(err, fmt.Sprintf("alert %d", id))
		}
		if a.AckedAt == nil {
			t := at.UTC().Truncate(time.Microsecond)
			if _, err := tx.Exec(ctx, `UPDATE alerts SET acked_at = $1, acked_by = $2 WHERE id = $3`, t, actor, id); err != nil {
				return fmt.Errorf("write: %w", err)
			}
			a.AckedAt, a.AckedBy = &t, actor
			if _, err := appendAudit(ctx, tx, ev); err != nil {
				return err
			}
		}
		out = a
		return nil
	})
	if err != nil {
		return out, fmt.Errorf("acknowledge alert %d: %w", id, err)
	}
	return out, nil
}

// SetAlertChannel implements store.Alerts.
func (s *Store) SetAlertChannel(ctx context.Context, ch store.AlertChannel) error {
	if err := ch.Validate(); err != nil {
		return err
	}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := mustExist(ctx, tx, fmt.Sprintf("tenant %d", ch.TenantID), `SELECT 1 FROM tenants WHERE id = $1`, ch.TenantID); err != nil {
			return err
		}
		if ch.Target == "" {
			// The undelivered alerts of a removed channel have nowhere to
			// go: they are dropped rather than retried for ever. The
			// alerts themselves stay.
			if _, err := tx.Exec(ctx, `DELETE FROM alert_deliveries WHERE tenant_id = $1 AND channel = $2 AND delivered_at IS NULL`, ch.TenantID, ch.Channel); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `DELETE FROM alert_channels WHERE tenant_id = $1 AND channel = $2`, ch.TenantID, ch.Channel)
			return err
		}
		if ch.UpdatedAt.IsZero() {
			ch.UpdatedAt = time.Now()
		}
		_, err := tx.Exec(ctx, `INSERT INTO alert_channels (tenant_id, channel, target, secret, updated_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (tenant_id, channel) DO UPDATE SET target = excluded.target, secret = excluded.secret, updated_at = excluded.updated_at`,
			ch.TenantID, ch.Channel, ch.Target, ch.Secret, ch.UpdatedAt.UTC().Truncate(time.Microsecond))
		return err
	})
	if err != nil {
		return fmt.Errorf("set %s alert channel of tenant %d: %w", ch.Channel, ch.TenantID, err)
	}
	return nil
}

// AlertChannels implements store.Alerts.
func (s *Store) AlertChannels(ctx context.Context, tenantID int64) ([]store.AlertChannel, error) {
	rows, err := s.pool.Query(ctx, `SELECT tenant_id, channel, target, secret, updated_at FROM alert_channels WHERE tenant_id = $1 ORDER BY channel`, tenantID)
	if err != nil {
		return nil, fmt.Errorf("read alert channels: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.AlertChannel, error) {
		var ch store.AlertChannel
		err := r.Scan(&ch.TenantID, &ch.Channel, &ch.Target, &ch.Secret, &ch.UpdatedAt)
		ch.UpdatedAt = ch.UpdatedAt.UTC()
		return ch, err
	})
	if err != nil {
		return nil, fmt.Errorf("read alert channels: %w", err)
	}
	return out, nil
}

const deliveryCols = `id, alert_id, tenant_id, channel, target, attempts, next_attempt, delivered_at, last_error`

func scanDelivery(row pgx.Row) (store.Delivery, error) {
	var d store.Delivery
	var attempts int32
	var done *time.Time
	if err := row.Scan(&d.ID, &d.AlertID, &d.TenantID, &d.Channel, &d.Target, &attempts, &d.NextAttempt, &done, &d.LastError); err != nil {
		return d, err
	}
	d.Attempts, d.NextAttempt = int(attempts), d.NextAttempt.UTC()
	if done != nil {
		t := done.UTC()
		d.DeliveredAt = &t
	}
	return d, nil
}

// ClaimDeliveries implements store.Alerts. FOR UPDATE SKIP LOCKED lets
// dispatchers on several servers claim disjoint rows without waiting.
func (s *Store) ClaimDeliveries(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]store.Delivery, error) {
	if owner == "" || limit <= 0 || lease <= 0 {
		return nil, fmt.Errorf("%w: claim deliveries: owner, a positive lease and limit are required", store.ErrInvalid)
	}
	var out []store.Delivery
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `UPDATE alert_deliveries SET lease_owner = $1, lease_until = $2
			WHERE id IN (SELECT id FROM alert_deliveries WHERE delivered_at IS NULL AND next_attempt <= $3
				AND (lease_until IS NULL OR lease_until <= $3) ORDER BY next_attempt, id LIMIT $4 FOR UPDATE SKIP LOCKED)
			RETURNING `+deliveryCols, owner, now.Add(lease), now, limit)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.Delivery, error) { return scanDelivery(r) })
		if err != nil {
			return err
		}
		for i := range out {
			a, err := scanAlert(tx.QueryRow(ctx, `SELECT `+alertCols+` FROM alerts WHERE id = $1`, out[i].AlertID))
			if err != nil {
				return fmt.Errorf("alert %d: %w", out[i].AlertID, err)
			}
			out[i].Alert = a
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("claim alert deliveries: %w", err)
	}
	return out, nil
}

// CompleteDelivery implements store.Alerts.
func (s *Store) CompleteDelivery(ctx context.Context, id int64, owner string, at time.Time) (bool, error) {
	tag, err := s.pool.Exec(ctx, `UPDATE alert_deliveries SET delivered_at = $1, attempts = attempts + 1, last_error = '',
		lease_owner = '', lease_until = NULL WHERE id = $2 AND lease_owner = $3 AND delivered_at IS NULL`, at, id, owner)
	if err != nil {
		return false, fmt.Errorf("complete delivery %d: %w", id, err)
	}
	return tag.RowsAffected() == 1, nil
}

// FailDelivery implements store.Alerts.
func (s *Store) FailDelivery(ctx context.Context, id int64, owner string, msg string, next time.Time) error {
	if _, err := s.pool.Exec(ctx, `UPDATE alert_deliveries SET attempts = attempts + 1, last_error = $1, next_attempt = $2,
		lease_owner = '', lease_until = NULL WHERE id = $3 AND lease_owner = $4 AND delivered_at IS NULL`,
		store.CleanFeedError(msg), next, id, owner); err != nil {
		return fmt.Errorf("record failed delivery %d: %w", id, err)
	}
	return nil
}

// Deliveries implements store.Alerts.
func (s *Store) Deliveries(ctx context.Context, alertID int64) ([]store.Delivery, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+deliveryCols+` FROM alert_deliveries WHERE alert_id = $1 ORDER BY id`, alertID)
	if err != nil {
		return nil, fmt.Errorf("read deliveries of alert %d: %w", alertID, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.Delivery, error) { return scanDelivery(r) })
	if err != nil {
		return nil, fmt.Errorf("read deliveries of alert %d: %w", alertID, err)
	}
	return out, nil
}

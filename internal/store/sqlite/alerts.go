package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/collabcheck/collabcheck/internal/audit"
	"github.com/collabcheck/collabcheck/internal/store"
)

var _ store.Alerts = (*Store)(nil)

const alertCols = `id, tenant_id, case_id, kind, list, source_id, name, party, programs, previous_programs,
	list_version, dedupe_key, detail, created_at, acked_at, acked_by`

func scanAlert(row scanner) (store.Alert, error) {
	var a store.Alert
	var kind, progs, prev, created string
	var acked sql.NullString
	if err := row.Scan(&a.ID, &a.TenantID, &a.CaseID, &kind, &a.List, &a.SourceID, &a.Name, &a.Party, &progs, &prev,
		&a.ListVersion, &a.Key, &a.Detail, &created, &acked, &a.AckedBy); err != nil {
		return a, err
	}
	a.Kind = store.AlertKind(kind)
	var err error
	what := fmt.Sprintf("alert %d", a.ID)
	if a.Programs, err = store.DecodeStrings(what+" programs", progs); err != nil {
		return a, err
	}
	if a.PreviousPrograms, err = store.DecodeStrings(what+" previous_programs", prev); err != nil {
		return a, err
	}
	if a.CreatedAt, err = parseTime(what+" created_at", created); err != nil {
		return a, err
	}
	if acked.Valid {
		t, err := parseTime(what+" acked_at", acked.String)
		if err != nil {
			return a, err
		}
		a.AckedAt = &t
	}
	return a, nil
}

func timeText(t time.Time) string { return t.UTC().Truncate(time.Microsecond).Format(timeFormat) }

// RaiseAlerts implements store.Alerts.
func (s *Store) RaiseAlerts(ctx context.Context, alerts []store.Alert) ([]store.Alert, error) {
	for i := range alerts {
		if err := alerts[i].Validate(); err != nil {
			return nil, err
		}
	}
	var out []store.Alert
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		out = out[:0]
		for _, a := range alerts {
			if ok, err := exists(ctx, tx, `SELECT 1 FROM alerts WHERE dedupe_key = ?`, a.Key); err != nil {
				return fmt.Errorf("alert %q: %w", a.Key, err)
			} else if ok {
				continue
			}
			if ok, err := exists(ctx, tx, `SELECT 1 FROM cases WHERE id = ? AND tenant_id = ?`, a.CaseID, a.TenantID); err != nil || !ok {
				return absent(err, fmt.Sprintf("case %d of tenant %d", a.CaseID, a.TenantID), ok)
			}
			if a.CreatedAt.IsZero() {
				a.CreatedAt = time.Now()
			}
			a.CreatedAt = a.CreatedAt.UTC().Truncate(time.Microsecond)
			res, err := tx.ExecContext(ctx, `INSERT INTO alerts (tenant_id, case_id, kind, list, source_id, name, party, programs,
				previous_programs, list_version, dedupe_key, detail, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				a.TenantID, a.CaseID, string(a.Kind), a.List, a.SourceID, a.Name, a.Party, store.EncodeStrings(a.Programs),
				store.EncodeStrings(a.PreviousPrograms), a.ListVersion, a.Key, a.Detail, timeText(a.CreatedAt))
			if err != nil {
				return fmt.Errorf("insert alert %q: %w", a.Key, err)
			}
			if a.ID, err = res.LastInsertId(); err != nil {
				return fmt.Errorf("insert alert %q: %w", a.Key, err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO alert_deliveries (alert_id, tenant_id, channel, target, next_attempt)
				SELECT ?, tenant_id, channel, target, ? FROM alert_channels WHERE tenant_id = ? ORDER BY channel`,
				a.ID, timeText(a.CreatedAt), a.TenantID); err != nil {
				return fmt.Errorf("queue deliveries of alert %d: %w", a.ID, err)
			}
			if _, err := appendAudit(ctx, tx, store.AlertEvent(a)); err != nil {
				return err
			}
			a.Programs, a.PreviousPrograms = orEmpty(a.Programs), orEmpty(a.PreviousPrograms)
			out = append(out, a)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("raise alerts: %w", err)
	}
	return out, nil
}

func orEmpty(ss []string) []string {
	if ss == nil {
		return []string{}
	}
	return ss
}

// Alert implements store.Alerts.
func (s *Store) Alert(ctx context.Context, tenantID, id int64) (store.Alert, error) {
	a, err := scanAlert(s.r.QueryRowContext(ctx, `SELECT `+alertCols+` FROM alerts WHERE id = ? AND tenant_id = ?`, id, tenantID))
	if err != nil {
		return a, fmt.Errorf("read alert: %w", notFound(err, fmt.Sprintf("alert %d", id)))
	}
	return a, nil
}

// ListAlerts implements store.Alerts.
func (s *Store) ListAlerts(ctx context.Context, tenantID int64, f store.AlertFilter) ([]store.Alert, error) {
	where, args := []string{"tenant_id = ?"}, []any{tenantID}
	if f.CaseID > 0 {
		where, args = append(where, "case_id = ?"), append(args, f.CaseID)
	}
	if f.Unacked {
		where = append(where, "acked_at IS NULL")
	}
	limit, offset := store.AlertPage(f)
	rows, err := s.r.QueryContext(ctx, `SELECT `+alertCols+` FROM alerts WHERE `+strings.Join(where, " AND ")+
		` ORDER BY id DESC LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, fmt.Errorf("list alerts: %w", err)
	}
	defer rows.Close()
	out := []store.Alert{}
	for rows.Next() {
		a, err := scanAlert(rows)
		if err != nil {
			return nil, fmt.Errorf("list alerts: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list alerts: %w", err)
	}
	return out, nil
}

// AckAlert implements store.Alerts.
func (s *Store) AckAlert(ctx context.Context, tenantID, id int64, actor string, at time.Time, ev audit.Event) (store.Alert, error) {
	var out store.Alert
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		a, err := scanAlert(tx.QueryRowContext(ctx, `SELECT `+alertCols+` FROM alerts WHERE id = ? AND tenant_id = ?`, id, tenantID))
		if err != nil {
			return notFound(err, fmt.Sprintf("alert %d", id))
		}
		if a.AckedAt == nil {
			t := at.UTC().Truncate(time.Microsecond)
			if _, err := tx.ExecContext(ctx, `UPDATE alerts SET acked_at = ?, acked_by = ? WHERE id = ?`, timeText(t), actor, id); err != nil {
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
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		if ok, err := exists(ctx, tx, `SELECT 1 FROM tenants WHERE id = ?`, ch.TenantID); err != nil || !ok {
			return absent(err, fmt.Sprintf("tenant %d", ch.TenantID), ok)
		}
		if ch.Target == "" {
			// The undelivered alerts of a removed channel have nowhere to
			// go: they are dropped rather than retried for ever. The
			// alerts themselves stay.
			if _, err := tx.ExecContext(ctx, `DELETE FROM alert_deliveries WHERE tenant_id = ? AND channel = ? AND delivered_at IS NULL`, ch.TenantID, ch.Channel); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `DELETE FROM alert_channels WHERE tenant_id = ? AND channel = ?`, ch.TenantID, ch.Channel)
			return err
		}
		if ch.UpdatedAt.IsZero() {
			ch.UpdatedAt = time.Now()
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO alert_channels (tenant_id, channel, target, secret, updated_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (tenant_id, channel) DO UPDATE SET target = excluded.target, secret = excluded.secret, updated_at = excluded.updated_at`,
			ch.TenantID, ch.Channel, ch.Target, ch.Secret, timeText(ch.UpdatedAt))
		return err
	})
	if err != nil {
		return fmt.Errorf("set %s alert channel of tenant %d: %w", ch.Channel, ch.TenantID, err)
	}
	return nil
}

// AlertChannels implements store.Alerts.
func (s *Store) AlertChannels(ctx context.Context, tenantID int64) ([]store.AlertChannel, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT tenant_id, channel, target, secret, updated_at FROM alert_channels WHERE tenant_id = ? ORDER BY channel`, tenantID)
	if err != nil {
		return nil, fmt.Errorf("read alert channels: %w", err)
	}
	defer rows.Close()
	var out []store.AlertChannel
	for rows.Next() {
		var ch store.AlertChannel
		var at string
		if err := rows.Scan(&ch.TenantID, &ch.Channel, &ch.Target, &ch.Secret, &at); err != nil {
			return nil, fmt.Errorf("read alert channels: %w", err)
		}
		if ch.UpdatedAt, err = parseTime("alert channel updated_at", at); err != nil {
			return nil, err
		}
		out = append(out, ch)
	}
	return out, rows.Err()
}

const deliveryCols = `id, alert_id, tenant_id, channel, target, attempts, next_attempt, delivered_at, last_error`

func scanDelivery(row scanner) (store.Delivery, error) {
	var d store.Delivery
	var next string
	var done sql.NullString
	if err := row.Scan(&d.ID, &d.AlertID, &d.TenantID, &d.Channel, &d.Target, &d.Attempts, &next, &done, &d.LastError); err != nil {
		return d, err
	}
	var err error
	if d.NextAttempt, err = parseTime("delivery next_attempt", next); err != nil {
		return d, err
	}
	if done.Valid {
		t, err := parseTime("delivery delivered_at", done.String)
		if err != nil {
			return d, err
		}
		d.DeliveredAt = &t
	}
	return d, nil
}

// ClaimDeliveries implements store.Alerts. The writer's lock serialises
// claims, so two dispatchers never lease the same row.
func (s *Store) ClaimDeliveries(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]store.Delivery, error) {
	if owner == "" || limit <= 0 || lease <= 0 {
		return nil, fmt.Errorf("%w: claim deliveries: owner, a positive lease and limit are required", store.ErrInvalid)
	}
	var out []store.Delivery
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		out = out[:0]
		rows, err := tx.QueryContext(ctx, `UPDATE alert_deliveries SET lease_owner = ?, lease_until = ?
			WHERE id IN (SELECT id FROM alert_deliveries WHERE delivered_at IS NULL AND next_attempt <= ?
				AND (lease_until IS NULL OR lease_until <= ?) ORDER BY next_attempt, id LIMIT ?)
			RETURNING `+deliveryCols, owner, timeText(now.Add(lease)), timeText(now), timeText(now), limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			d, err := scanDelivery(rows)
			if err != nil {
				return err
			}
			out = append(out, d)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		for i := range out {
			a, err := scanAlert(tx.QueryRowContext(ctx, `SELECT `+alertCols+` FROM alerts WHERE id = ?`, out[i].AlertID))
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
	var n int64
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE alert_deliveries SET delivered_at = ?, attempts = attempts + 1, last_error = '',
			lease_owner = '', lease_until = NULL WHERE id = ? AND lease_owner = ? AND delivered_at IS NULL`, timeText(at), id, owner)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return false, fmt.Errorf("complete delivery %d: %w", id, err)
	}
	return n == 1, nil
}

// FailDelivery implements store.Alerts.
func (s *Store) FailDelivery(ctx context.Context, id int64, owner string, msg string, next time.Time) error {
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE alert_deliveries SET attempts = attempts + 1, last_error = ?, next_attempt = ?,
			lease_owner = '', lease_until = NULL WHERE id = ? AND lease_owner = ? AND delivered_at IS NULL`,
			store.CleanFeedError(msg), timeText(next), id, owner)
		return err
	})
	if err != nil {
		return fmt.Errorf("record failed delivery %d: %w", id, err)
	}
	return nil
}

// Deliveries implements store.Alerts.
func (s *Store) Deliveries(ctx context.Context, alertID int64) ([]store.Delivery, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+deliveryCols+` FROM alert_deliveries WHERE alert_id = ? ORDER BY id`, alertID)
	if err != nil {
		return nil, fmt.Errorf("read deliveries of alert %d: %w", alertID, err)
	}
	defer rows.Close()
	var out []store.Delivery
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, fmt.Errorf("read deliveries of alert %d: %w", alertID, err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, errors.Join(fmt.Errorf("read deliveries of alert %d", alertID), err)
	}
	return out, nil
}

package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/collabcheck/collabcheck/internal/store"
)

var _ store.Reviews = (*Store)(nil)

const reviewCols = `id, tenant_id, questionnaire_version, company, overall, answers, result, created_by, created_at`

func scanReview(row scanner) (store.ReviewRecord, error) {
	var r store.ReviewRecord
	var at string
	if err := row.Scan(&r.ID, &r.TenantID, &r.QuestionnaireVersion, &r.Company, &r.Overall, &r.Answers, &r.Result, &r.CreatedBy, &at); err != nil {
		return r, err
	}
	var err error
	r.CreatedAt, err = parseTime(fmt.Sprintf("review %d created_at", r.ID), at)
	return r, err
}

// SaveReview implements store.Reviews.
func (s *Store) SaveReview(ctx context.Context, r store.ReviewRecord) (store.ReviewRecord, error) {
	if err := r.Validate(); err != nil {
		return r, err
	}
	if r.CreatedAt.IsZero() {
		r.CreatedAt = time.Now()
	}
	r.CreatedAt = r.CreatedAt.UTC().Truncate(time.Microsecond)
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		if ok, err := exists(ctx, tx, `SELECT 1 FROM tenants WHERE id = ?`, r.TenantID); err != nil || !ok {
			return absent(err, fmt.Sprintf("tenant %d", r.TenantID), ok)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO reviews (tenant_id, questionnaire_version, company, overall, answers, result, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			r.TenantID, r.QuestionnaireVersion, r.Company, r.Overall, r.Answers, r.Result, r.CreatedBy, timeText(r.CreatedAt))
		if err != nil {
			return err
		}
		r.ID, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return r, fmt.Errorf("save review of tenant %d: %w", r.TenantID, err)
	}
	return r, nil
}

// LatestReview implements store.Reviews.
func (s *Store) LatestReview(ctx context.Context, tenantID int64) (store.ReviewRecord, error) {
	r, err := scanReview(s.r.QueryRowContext(ctx, `SELECT `+reviewCols+` FROM reviews WHERE tenant_id = ? ORDER BY id DESC LIMIT 1`, tenantID))
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("latest review of tenant %d: %w", tenantID, store.ErrNotFound)
	}
	if err != nil {
		return r, fmt.Errorf("latest review of tenant %d: %w", tenantID, err)
	}
	return r, nil
}

// ListReviews implements store.Reviews.
func (s *Store) ListReviews(ctx context.Context, tenantID int64, limit int) ([]store.ReviewRecord, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+reviewCols+` FROM reviews WHERE tenant_id = ? ORDER BY id DESC LIMIT ?`, tenantID, store.ReviewLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("list reviews of tenant %d: %w", tenantID, err)
	}
	defer rows.Close()
	out := []store.ReviewRecord{}
	for rows.Next() {
		r, err := scanReview(rows)
		if err != nil {
			return nil, fmt.Errorf("list reviews of tenant %d: %w", tenantID, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Review implements store.Reviews.
func (s *Store) Review(ctx context.Context, tenantID, id int64) (rec, previous store.ReviewRecord, err error) {
	rec, err = scanReview(s.r.QueryRowContext(ctx, `SELECT `+reviewCols+` FROM reviews WHERE tenant_id = ? AND id = ?`, tenantID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return rec, previous, fmt.Errorf("review %d of tenant %d: %w", id, tenantID, store.ErrNotFound)
	}
	if err != nil {
		return rec, previous, fmt.Errorf("review %d of tenant %d: %w", id, tenantID, err)
	}
	previous, err = scanReview(s.r.QueryRowContext(ctx, `SELECT `+reviewCols+` FROM reviews WHERE tenant_id = ? AND id < ? ORDER BY id DESC LIMIT 1`, tenantID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return rec, store.ReviewRecord{}, nil
	}
	if err != nil {
		return rec, previous, fmt.Errorf("review before %d of tenant %d: %w", id, tenantID, err)
	}
	return rec, previous, nil
}

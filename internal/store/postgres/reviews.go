package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/collabcheck/collabcheck/internal/store"
)

var _ store.Reviews = (*Store)(nil)

const reviewCols = `id, tenant_id, questionnaire_version, company, overall, answers, result, created_by, created_at`

func scanReview(row pgx.Row) (store.ReviewRecord, error) {
	var r store.ReviewRecord
	var overall int32
	err := row.Scan(&r.ID, &r.TenantID, &r.QuestionnaireVersion, &r.Company, &overall, &r.Answers, &r.Result, &r.CreatedBy, &r.CreatedAt)
	r.Overall = int(overall)
	r.CreatedAt = r.CreatedAt.UTC()
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
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := mustExist(ctx, tx, fmt.Sprintf("tenant %d", r.TenantID), `SELECT 1 FROM tenants WHERE id = $1`, r.TenantID); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `INSERT INTO reviews (tenant_id, questionnaire_version, company, overall, answers, result, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			r.TenantID, r.QuestionnaireVersion, r.Company, r.Overall, r.Answers, r.Result, r.CreatedBy, r.CreatedAt).Scan(&r.ID)
	})
	if err != nil {
		return r, fmt.Errorf("save review of tenant %d: %w", r.TenantID, err)
	}
	return r, nil
}

// LatestReview implements store.Reviews.
func (s *Store) LatestReview(ctx context.Context, tenantID int64) (store.ReviewRecord, error) {
	r, err := scanReview(s.pool.QueryRow(ctx, `SELECT `+reviewCols+` FROM reviews WHERE tenant_id = $1 ORDER BY id DESC LIMIT 1`, tenantID))
	if errors.Is(err, pgx.ErrNoRows) {
		return r, fmt.Errorf("latest review of tenant %d: %w", tenantID, store.ErrNotFound)
	}
	if err != nil {
		return r, fmt.Errorf("latest review of tenant %d: %w", tenantID, err)
	}
	return r, nil
}

// ListReviews implements store.Reviews.
func (s *Store) ListReviews(ctx context.Context, tenantID int64, limit int) ([]store.ReviewRecord, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+reviewCols+` FROM reviews WHERE tenant_id = $1 ORDER BY id DESC LIMIT $2`, tenantID, store.ReviewLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("list reviews of tenant %d: %w", tenantID, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.ReviewRecord, error) { return scanReview(r) })
	if err != nil {
		return nil, fmt.Errorf("list reviews of tenant %d: %w", tenantID, err)
	}
	if out == nil {
		out = []store.ReviewRecord{}
	}
	return out, nil
}

// Review implements store.Reviews.
func (s *Store) Review(ctx context.Context, tenantID, id int64) (rec, previous store.ReviewRecord, err error) {
	rec, err = scanReview(s.pool.QueryRow(ctx, `SELECT `+reviewCols+` FROM reviews WHERE tenant_id = $1 AND id = $2`, tenantID, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return rec, previous, fmt.Errorf("review %d of tenant %d: %w", id, tenantID, store.ErrNotFound)
	}
	if err != nil {
		return rec, previous, fmt.Errorf("review %d of tenant %d: %w", id, tenantID, err)
	}
	previous, err = scanReview(s.pool.QueryRow(ctx, `SELECT `+reviewCols+` FROM reviews WHERE tenant_id = $1 AND id < $2 ORDER BY id DESC LIMIT 1`, tenantID, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return rec, store.ReviewRecord{}, nil
	}
	if err != nil {
		return rec, previous, fmt.Errorf("review before %d of tenant %d: %w", id, tenantID, err)
	}
	return rec, previous, nil
}

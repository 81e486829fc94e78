package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Reviews keeps the secure-innovation self-reviews each tenant has taken.
// The records hold the answer set and the scored review as JSON, so the
// store does not depend on the questionnaire's shape.
type Reviews interface {
	// SaveReview stores r for its tenant (ErrNotFound when the tenant
	// does not exist) and returns it with its id.
	SaveReview(ctx context.Context, r ReviewRecord) (ReviewRecord, error)
	// LatestReview returns the tenant's most recently saved review, or
	// ErrNotFound when it has none.
	LatestReview(ctx context.Context, tenantID int64) (ReviewRecord, error)
	// ListReviews returns the tenant's reviews, newest first, at most
	// limit (0 means 100).
	ListReviews(ctx context.Context, tenantID int64, limit int) ([]ReviewRecord, error)
	// Review returns the tenant's review with the id and the review the
	// tenant saved just before it (ID 0 when it is the first), so any
	// review can be shown with its progress. Another tenant's id gives
	// ErrNotFound, as an unknown one does.
	Review(ctx context.Context, tenantID, id int64) (rec, previous ReviewRecord, err error)
}

// ReviewRecord is one stored self-review.
type ReviewRecord struct {
	ID                   int64     `json:"id"`
	TenantID             int64     `json:"tenant_id"`
	QuestionnaireVersion string    `json:"questionnaire_version"`
	Company              string    `json:"company"`
	Overall              int       `json:"overall"`
	Answers              string    `json:"answers"` // JSON answer set
	Result               string    `json:"result"`  // JSON scored review
	CreatedBy            string    `json:"created_by"`
	CreatedAt            time.Time `json:"created_at"`
}

// MaxReviewBytes bounds a stored answer set or result.
const MaxReviewBytes = 1 << 20

// Validate reports what is wrong with a record before it is stored.
func (r ReviewRecord) Validate() error {
	var probs []string
	if r.TenantID <= 0 {
		probs = append(probs, "a tenant is required")
	}
	if strings.TrimSpace(r.QuestionnaireVersion) == "" {
		probs = append(probs, "the questionnaire version is required")
	}
	if r.Overall < 0 || r.Overall > 100 {
		probs = append(probs, fmt.Sprintf("overall score %d is outside 0-100", r.Overall))
	}
	for _, f := range []struct{ name, v string }{{"answers", r.Answers}, {"result", r.Result}} {
		switch {
		case len(f.v) > MaxReviewBytes:
			probs = append(probs, fmt.Sprintf("%s is larger than %d bytes", f.name, MaxReviewBytes))
		case !json.Valid([]byte(f.v)):
			probs = append(probs, f.name+" is not valid JSON")
		}
	}
	if len(probs) > 0 {
		return fmt.Errorf("invalid review: %s", strings.Join(probs, "; "))
	}
	return nil
}

// ReviewsOf returns s's review store, or an error when the backend does
// not keep reviews.
func ReviewsOf(s Store) (Reviews, error) {
	r, ok := s.(Reviews)
	if !ok {
		return nil, errors.New("store " + fmt.Sprintf("%T", s) + " does not keep reviews")
	}
	return r, nil
}

// ReviewLimit returns the limit ListReviews applies.
func ReviewLimit(limit int) int {
	if limit <= 0 || limit > 100 {
		return 100
	}
	return limit
}

package sqlite

import (
	"testing"

	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/store/storetest"
)

func TestReviewsConformance(t *testing.T) {
	storetest.RunReviews(t, func(t *testing.T) store.Store { return openTemp(t) })
}

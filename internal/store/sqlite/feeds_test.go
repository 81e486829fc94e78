package sqlite

import (
	"testing"

	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/store/storetest"
)

func TestFeedsConformance(t *testing.T) {
	storetest.RunFeeds(t, func(t *testing.T) store.Store { return openTemp(t) })
}

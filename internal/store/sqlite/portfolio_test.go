package sqlite

import (
	"testing"

	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/store/storetest"
)

func TestPortfolioConformance(t *testing.T) {
	storetest.RunPortfolio(t, func(t *testing.T) store.Store { return openTemp(t) })
}

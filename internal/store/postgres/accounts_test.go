package postgres

import (
	"testing"

	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/store/storetest"
)

func TestAccountsConformance(t *testing.T) {
	storetest.RunAccounts(t, func(t *testing.T) store.Store { return openTemp(t) })
}

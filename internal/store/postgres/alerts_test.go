package postgres

import (
	"testing"

	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/store/storetest"
)

func TestAlertsConformance(t *testing.T) {
	storetest.RunAlerts(t, func(t *testing.T) store.Store { return openTemp(t) })
}

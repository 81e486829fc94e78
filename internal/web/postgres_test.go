package web

import (
	"context"
	"testing"

	"github.com/collabcheck/collabcheck/internal/store/postgres"
	"github.com/collabcheck/collabcheck/internal/store/postgres/pgtest"
)

// TestMain shares one throwaway PostgreSQL server (started on first use)
// among the tests that need it, and stops it at the end.
func TestMain(m *testing.M) { pgtest.Main(m) }

// TestTenantIsolationMatrixPostgres runs the isolation matrix against a
// real PostgreSQL database, so both backends are held to the same rule.
func TestTenantIsolationMatrixPostgres(t *testing.T) {
	st, err := postgres.Open(context.Background(), pgtest.Database(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e := newEnvOn(t, st, true, nil, func(c *Config) { c.Private = true })
	runMatrix(t, e)
}

// TestCaseWorkflowPostgres runs the whole workflow on PostgreSQL.
func TestCaseWorkflowPostgres(t *testing.T) {
	st, err := postgres.Open(context.Background(), pgtest.Database(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e := newEnvOn(t, st, true, nil)
	runWorkflow(t, newWorld(t, e, newSchemaChecker(t)))
}

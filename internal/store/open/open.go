// Package open picks and opens a store backend from a --db value, so that
// package store itself depends on no driver and callers (the CLI, the
// server) need not know about either backend.
package open

import (
	"context"
	"errors"
	"strings"

	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/store/postgres"
	"github.com/collabcheck/collabcheck/internal/store/sqlite"
)

// Store opens the store that dsn names: a postgres:// or postgresql:// URL
// opens PostgreSQL; anything else is the path of a SQLite file, created if
// missing. Either way pending migrations are applied.
func Store(ctx context.Context, dsn string) (store.Store, error) {
	switch {
	case strings.TrimSpace(dsn) == "":
		return nil, errors.New("open store: empty database name: give a SQLite file path or a postgres:// URL")
	case IsPostgres(dsn):
		return postgres.Open(ctx, dsn)
	default:
		return sqlite.Open(ctx, dsn)
	}
}

// IsPostgres reports whether dsn names a PostgreSQL database rather than a
// SQLite file.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

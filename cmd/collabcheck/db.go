package main

import (
	"context"
	"fmt"

	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/store/open"
)

// openStore opens the database named by --db: a SQLite file path, or a
// postgres:// URL.
func openStore(ctx context.Context, g *globals) (store.Store, error) {
	if g.db == "" {
		return nil, usagef("--db is empty: give a SQLite file path or a postgres:// URL")
	}
	st, err := open.Store(ctx, g.db)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	return st, nil
}

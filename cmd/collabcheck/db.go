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

// openSide opens the store and one of its optional interfaces (the
// registry, the accounts); the caller closes the store when done.
func openSide[T any](ctx context.Context, g *globals, side func(store.Store) (T, error)) (store.Store, T, error) {
	var zero T
	st, err := openStore(ctx, g)
	if err != nil {
		return nil, zero, err
	}
	x, err := side(st)
	if err != nil {
		st.Close()
		return nil, zero, err
	}
	return st, x, nil
}

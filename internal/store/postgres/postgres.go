// Package postgres is the store backend for multi-user deployments, on
// PostgreSQL through pgx. It runs the same migrations as the SQLite backend
// and passes the same conformance suite. Imports stream entities with COPY
// inside one transaction; an advisory lock per list serialises imports of
// the same list across app servers.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/store/internal/backend"
	"github.com/collabcheck/collabcheck/internal/store/migrations"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// Advisory lock namespaces (the first key of pg_advisory_xact_lock(int, int)).
const (
	lockMigrations = 0x636f6c6c // "coll": one migration run at a time
	lockListImport = 0x6c697374 // "list": one import per list at a time
)

// Store is a store.Store on a PostgreSQL database.
type Store struct {
	pool *pgxpool.Pool
	name string // the database, for error messages
}

var _ store.Store = (*Store)(nil)

// Open connects to the database at dsn (a postgres:// URL) and applies any
// pending migrations.
func Open(ctx context.Context, dsn string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("open postgres: parse URL: %w", err) // the URL may hold a password: not echoed
	}
	name := fmt.Sprintf("postgres database %q on %s:%d", cfg.ConnConfig.Database, cfg.ConnConfig.Host, cfg.ConnConfig.Port)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", name, err)
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open %s: %w", name, err)
	}
	return &Store{pool: pool, name: name}, nil
}

// migrate applies pending migrations in one transaction under an advisory
// lock, so app servers starting together do not race.
func migrate(ctx context.Context, pool *pgxpool.Pool) error {
	ms, err := migrations.Load(migrations.Postgres)
	if err != nil {
		return err
	}
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, 0)`, lockMigrations); err != nil {
			return fmt.Errorf("lock migrations: %w", err)
		}
		if _, err := tx.Exec(ctx, migrations.Table); err != nil {
			return fmt.Errorf("create schema_migrations: %w", err)
		}
		applied := map[int]bool{}
		rows, err := tx.Query(ctx, `SELECT version FROM schema_migrations`)
		if err != nil {
			return fmt.Errorf("read schema_migrations: %w", err)
		}
		vs, err := pgx.CollectRows(rows, pgx.RowTo[int32])
		if err != nil {
			return fmt.Errorf("read schema_migrations: %w", err)
		}
		for _, v := range vs {
			applied[int(v)] = true
		}
		for _, m := range ms {
			if applied[m.Version] {
				continue
			}
			// No arguments: the simple protocol runs a multi-statement script.
			if _, err := tx.Exec(ctx, m.SQL); err != nil {
				return fmt.Errorf("migration %s: %w", m.Name, err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
				m.Version, m.Name, time.Now().UTC().Format(time.RFC3339Nano)); err != nil {
				return fmt.Errorf("migration %s: record: %w", m.Name, err)
			}
		}
		return nil
	})
}

// Close closes the connection pool.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// Pool returns the connection pool, for tools such as migrate and backup
// that copy whole tables outside the store API. Callers must not close it.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// Name describes the database (name, host and port, never the password)
// for messages.
func (s *Store) Name() string { return s.name }

// querier is what the pool and a transaction share for reads.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

const versionCols = `v.id, v.list, v.number, v.format, v.source, v.content_hash, v.imported_at, v.entity_count,
	COALESCE(l.active_version_id = v.id, false)`

func scanVersion(row pgx.Row) (watchlist.Version, error) {
	var v watchlist.Version
	var number, count int32
	if err := row.Scan(&v.ID, &v.List, &number, &v.Format, &v.Source, &v.ContentHash, &v.ImportedAt, &count, &v.Active); err != nil {
		return v, err
	}
	v.Number, v.EntityCount = int(number), int(count)
	v.ImportedAt = v.ImportedAt.UTC()
	return v, nil
}

func queryVersions(ctx context.Context, q querier, where string, args ...any) ([]watchlist.Version, error) {
	rows, err := q.Query(ctx, `SELECT `+versionCols+` FROM list_versions v LEFT JOIN lists l ON l.name = v.list `+where, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (watchlist.Version, error) { return scanVersion(r) })
}

func activeVersion(ctx context.Context, q querier, list string) (watchlist.Version, error) {
	v, err := scanVersion(q.QueryRow(ctx, `SELECT `+versionCols+` FROM lists l JOIN list_versions v ON v.id = l.active_version_id WHERE l.name = $1`, list))
	if errors.Is(err, pgx.ErrNoRows) {
		return v, fmt.Errorf("list %q: %w", list, store.ErrNotFound)
	}
	return v, err
}

func version(ctx context.Context, q querier, list string, number int) (watchlist.Version, error) {
	if number <= 0 {
		return activeVersion(ctx, q, list)
	}
	vs, err := queryVersions(ctx, q, `WHERE v.list = $1 AND v.number = $2`, list, number)
	if err != nil {
		return watchlist.Version{}, err
	}
	if len(vs) == 0 {
		return watchlist.Version{}, fmt.Errorf("list %q version %d: %w", list, number, store.ErrNotFound)
	}
	return vs[0], nil
}

// ImportList implements store.Store.
func (s *Store) ImportList(ctx context.Context, in store.ListImport) (watchlist.Version, bool, error) {
	in, err := backend.Prepare(in)
	if err != nil {
		return watchlist.Version{}, false, err
	}
	var (
		v       watchlist.Version
		created bool
	)
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		v, created, err = importList(ctx, tx, in)
		return err
	})
	if err != nil {
		if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
			// A cancelled context can surface as the driver's I/O or
			// interrupt error; keep the cause visible to errors.Is.
			err = fmt.Errorf("%w: %w", cerr, err)
		}
		return watchlist.Version{}, false, fmt.Errorf("import list %q into %s: %w", in.List, s.name, err)
	}
	return v, created, nil
}

func importList(ctx context.Context, tx pgx.Tx, in store.ListImport) (watchlist.Version, bool, error) {
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext($2))`, lockListImport, in.List); err != nil {
		return watchlist.Version{}, false, fmt.Errorf("lock list: %w", err)
	}
	active, err := activeVersion(ctx, tx, in.List)
	switch {
	case err == nil && active.ContentHash == in.ContentHash:
		return active, false, nil
	case err != nil && !errors.Is(err, store.ErrNotFound):
		return watchlist.Version{}, false, err
	}
	v := watchlist.Version{List: in.List, Format: in.Format, Source: in.Source, ContentHash: in.ContentHash,
		ImportedAt: in.Now, EntityCount: len(in.Entities), Active: true}
	if err := tx.QueryRow(ctx, `INSERT INTO list_versions (list, number, format, source, content_hash, imported_at, entity_count)
		VALUES ($1, (SELECT COALESCE(MAX(number), 0) + 1 FROM list_versions WHERE list = $1), $2, $3, $4, $5, $6)
		RETURNING id, number`, v.List, v.Format, v.Source, v.ContentHash, v.ImportedAt, v.EntityCount).Scan(&v.ID, &v.Number); err != nil {
		return v, false, fmt.Errorf("insert version: %w", err)
	}
	enc := backend.NewEncoder(in.Entities)
	defer enc.Close()
	src := &entitySource{ctx: ctx, in: in, versionID: v.ID, enc: enc}
	n, err := tx.CopyFrom(ctx, pgx.Identifier{"list_entities"},
		[]string{"version_id", "source_id", "kind", "primary_name", "entity_hash", "body"}, src)
	if err != nil {
		if src.err != nil {
			return v, false, src.err
		}
		return v, false, fmt.Errorf("copy entities (after record %d): %w", src.i, err)
	}
	if int(n) != len(in.Entities) {
		return v, false, fmt.Errorf("copy entities: wrote %d of %d", n, len(in.Entities))
	}
	if in.Progress != nil {
		in.Progress(len(in.Entities))
	}
	if err := ctx.Err(); err != nil {
		return v, false, fmt.Errorf("after record %d: %w", len(in.Entities), err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO lists (name, active_version_id) VALUES ($1, $2)
		ON CONFLICT (name) DO UPDATE SET active_version_id = excluded.active_version_id`, v.List, v.ID); err != nil {
		return v, false, fmt.Errorf("activate version %d: %w", v.Number, err)
	}
	if _, err := appendAudit(ctx, tx, backend.ListImported(ctx, v)); err != nil {
		return v, false, err
	}
	return v, true, nil
}

// entitySource feeds CopyFrom one encoded entity at a time, so an import
// never holds a second copy of the whole list, and reports progress and
// cancellation every store.ProgressInterval rows.
type entitySource struct {
	ctx       context.Context
	in        store.ListImport
	versionID int64
	enc       *backend.Encoder
	i         int // records handed out so far
	row       []any
	err       error
}

// Next implements pgx.CopyFromSource.
func (s *entitySource) Next() bool {
	if s.err != nil {
		return false
	}
	if s.i > 0 && s.i%store.ProgressInterval == 0 && s.i < len(s.in.Entities) {
		if err := s.ctx.Err(); err != nil {
			s.err = fmt.Errorf("after record %d: %w", s.i, err)
			return false
		}
		if s.in.Progress != nil {
			s.in.Progress(s.i)
		}
	}
	r, ok := s.enc.Next()
	if !ok {
		s.err = s.enc.Err()
		return false
	}
	s.i++
	s.row = []any{s.versionID, r.SourceID, r.Kind, r.PrimaryName, r.Hash, string(r.Body)}
	return true
}

// Values implements pgx.CopyFromSource.
func (s *entitySource) Values() ([]any, error) { return s.row, nil }

// Err implements pgx.CopyFromSource.
func (s *entitySource) Err() error { return s.err }

// Lists implements store.Store.
func (s *Store) Lists(ctx context.Context) ([]watchlist.Version, error) {
	vs, err := activeVersions(ctx, s.pool)
	if err != nil {
		return nil, fmt.Errorf("lists in %s: %w", s.name, err)
	}
	return vs, nil
}

// Versions implements store.Store.
func (s *Store) Versions(ctx context.Context, list string) ([]watchlist.Version, error) {
	vs, err := queryVersions(ctx, s.pool, `WHERE v.list = $1 ORDER BY v.number`, list)
	if err != nil {
		return nil, fmt.Errorf("versions of list %q: %w", list, err)
	}
	if len(vs) == 0 {
		return nil, fmt.Errorf("versions of list %q: %w", list, store.ErrNotFound)
	}
	return vs, nil
}

// readTx runs fn in a read-only REPEATABLE READ transaction, so that its
// queries share one snapshot.
func (s *Store) readTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	return pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, fn)
}

// eachBody streams the stored JSON of one version's entities in source id
// order; the slice is valid only during the call.
func eachBody(ctx context.Context, q querier, v watchlist.Version, fn func([]byte) error) error {
	rows, err := q.Query(ctx, `SELECT body FROM list_entities WHERE version_id = $1 ORDER BY source_id`, v.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		// RawValues is the text as received, valid until the next row.
		if err := fn(rows.RawValues()[0]); err != nil {
			return err
		}
	}
	return rows.Err()
}

// eachEntity streams one version's entities in source id order.
func eachEntity(ctx context.Context, q querier, v watchlist.Version, fn func(watchlist.Entity) error) error {
	return eachBody(ctx, q, v, func(body []byte) error {
		e, err := backend.Decode(body, v.List, v.Number)
		if err != nil {
			return err
		}
		return fn(e)
	})
}

// activeVersions returns the active version of every list, by name.
func activeVersions(ctx context.Context, q querier) ([]watchlist.Version, error) {
	rows, err := q.Query(ctx, `SELECT `+versionCols+` FROM lists l JOIN list_versions v ON v.id = l.active_version_id ORDER BY l.name`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (watchlist.Version, error) { return scanVersion(r) })
}

// ActiveEntities implements store.Store. Reading runs on its own goroutine,
// a few batches ahead of decoding and fn, so a match index build overlaps
// with the database work.
func (s *Store) ActiveEntities(ctx context.Context, fn func(list string, v watchlist.Version, e watchlist.Entity) error) error {
	return backend.Stream(ctx, func(ctx context.Context, emit func(watchlist.Version, []byte) error) error {
		return s.readTx(ctx, func(tx pgx.Tx) error {
			active, err := activeVersions(ctx, tx)
			if err != nil {
				return fmt.Errorf("active entities: %w", err)
			}
			for _, v := range active {
				if err := eachBody(ctx, tx, v, func(b []byte) error { return emit(v, b) }); err != nil {
					return fmt.Errorf("active entities of list %q version %d: %w", v.List, v.Number, err)
				}
			}
			return nil
		})
	}, fn)
}

// Entities implements store.Store.
func (s *Store) Entities(ctx context.Context, list string, number int) ([]watchlist.Entity, error) {
	var out []watchlist.Entity
	err := s.readTx(ctx, func(tx pgx.Tx) error {
		v, err := version(ctx, tx, list, number)
		if err != nil {
			return err
		}
		out = make([]watchlist.Entity, 0, v.EntityCount)
		return eachEntity(ctx, tx, v, func(e watchlist.Entity) error {
			out = append(out, e)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("entities of list %q version %d: %w", list, number, err)
	}
	return out, nil
}

// Entity implements store.Store.
func (s *Store) Entity(ctx context.Context, list, sourceID string) (watchlist.Entity, watchlist.Version, error) {
	var (
		e watchlist.Entity
		v watchlist.Version
	)
	err := s.readTx(ctx, func(tx pgx.Tx) error {
		var err error
		if v, err = activeVersion(ctx, tx, list); err != nil {
			return err
		}
		var body []byte
		err = tx.QueryRow(ctx, `SELECT body FROM list_entities WHERE version_id = $1 AND source_id = $2`, v.ID, sourceID).Scan(&body)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("list %q version %d has no entity %q: %w", list, v.Number, sourceID, store.ErrNotFound)
		}
		if err != nil {
			return err
		}
		e, err = backend.Decode(body, v.List, v.Number)
		return err
	})
	if err != nil {
		return watchlist.Entity{}, watchlist.Version{}, fmt.Errorf("entity %q of list %q: %w", sourceID, list, err)
	}
	return e, v, nil
}

// fingerprints reads the diff columns of one version's entities.
func fingerprints(ctx context.Context, q querier, v watchlist.Version) ([]backend.Fingerprint, error) {
	out := make([]backend.Fingerprint, 0, v.EntityCount)
	rows, err := q.Query(ctx, `SELECT source_id, primary_name, entity_hash FROM list_entities WHERE version_id = $1`, v.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var fp backend.Fingerprint
	for rows.Next() {
		if err := rows.Scan(&fp.SourceID, &fp.Name, &fp.Hash); err != nil {
			return nil, err
		}
		out = append(out, fp)
	}
	return out, rows.Err()
}

// someEntities decodes the entities of one version whose source ids are in
// ids, in source id order.
func someEntities(ctx context.Context, q querier, v watchlist.Version, ids map[string]bool) ([]watchlist.Entity, error) {
	out := make([]watchlist.Entity, 0, len(ids))
	rows, err := q.Query(ctx, `SELECT source_id, body FROM list_entities WHERE version_id = $1 ORDER BY source_id`, v.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		raw := rows.RawValues()
		if !ids[string(raw[0])] {
			continue
		}
		e, err := backend.Decode(raw[1], v.List, v.Number)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Diff implements store.Store. It compares entity hashes and decodes only
// the entities that changed (see backend.CompareStored).
func (s *Store) Diff(ctx context.Context, list string, from, to int) (watchlist.Diff, error) {
	var d watchlist.Diff
	err := s.readTx(ctx, func(tx pgx.Tx) error {
		vs, err := queryVersions(ctx, tx, `WHERE v.list = $1 ORDER BY v.number`, list)
		if err != nil {
			return err
		}
		if from, to, err = backend.DiffVersions(list, vs, from, to); err != nil {
			return err
		}
		sides := [2]watchlist.Version{}
		var fps [2][]backend.Fingerprint
		for i, n := range [2]int{from, to} {
			for _, v := range vs {
				if v.Number == n {
					sides[i] = v
				}
			}
			if n == 0 {
				continue // from before the first version: an empty list
			}
			if fps[i], err = fingerprints(ctx, tx, sides[i]); err != nil {
				return err
			}
		}
		d, err = backend.CompareStored(fps[0], fps[1], func(side int, ids map[string]bool) ([]watchlist.Entity, error) {
			return someEntities(ctx, tx, sides[side], ids)
		})
		d.From, d.To = from, to
		return err
	})
	if err != nil {
		return watchlist.Diff{}, fmt.Errorf("diff list %q: %w", list, err)
	}
	return d, nil
}

// RemoveList implements store.Store.
func (s *Store) RemoveList(ctx context.Context, list string) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext($2))`, lockListImport, list); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM lists WHERE name = $1`, list); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM list_entities WHERE version_id IN (SELECT id FROM list_versions WHERE list = $1)`, list); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `DELETE FROM list_versions WHERE list = $1`, list)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return store.ErrNotFound
		}
		_, err = appendAudit(ctx, tx, backend.ListRemoved(ctx, list, int(tag.RowsAffected())))
		return err
	})
	if err != nil {
		return fmt.Errorf("remove list %q from %s: %w", list, s.name, err)
	}
	return nil
}

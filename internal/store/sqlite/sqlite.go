// Package sqlite is the embedded store backend: one SQLite file in WAL mode,
// through the pure-Go driver modernc.org/sqlite, so `collabcheck serve`
// needs no other server. Writes go through one connection that takes the
// write lock when its transaction begins (BEGIN IMMEDIATE); reads use a
// separate read-only pool and, thanks to WAL, see the last committed state
// while an import is under way.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver

	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/store/internal/backend"
	"github.com/collabcheck/collabcheck/internal/store/migrations"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// BusyTimeout is how long a connection waits for another process's lock on
// the file before it gives up with SQLITE_BUSY.
const BusyTimeout = 10 * time.Second

// timeFormat stores times as sortable UTC text with microseconds, the
// precision PostgreSQL keeps, so both backends round-trip the same value.
const timeFormat = "2006-01-02T15:04:05.000000Z"

// Store is a store.Store on one SQLite file.
type Store struct {
	path string
	w    *sql.DB // one connection; transactions begin IMMEDIATE
	r    *sql.DB // read-only pool
}

var _ store.Store = (*Store)(nil)

// Open opens (creating if needed) the SQLite database at path, switches it
// to WAL mode and applies any pending migrations.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" || path == ":memory:" || strings.Contains(path, "mode=memory") || strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("open sqlite %q: need a plain file path (in-memory databases and URI parameters are not supported)", path)
	}
	common := url.Values{}
	common.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", BusyTimeout.Milliseconds()))
	common.Add("_pragma", "foreign_keys(1)")
	wq := url.Values{"_txlock": {"immediate"}}
	for k, v := range common {
		wq[k] = append(wq[k], v...)
	}
	wq.Add("_pragma", "journal_mode(WAL)")
	wq.Add("_pragma", "synchronous(FULL)")
	wq.Add("_pragma", "cache_size(-65536)") // 64 MiB keeps bulk imports off the disk until commit
	w, err := sql.Open("sqlite", path+"?"+wq.Encode())
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxIdleTime(0)
	w.SetConnMaxLifetime(0)
	if err := migrate(ctx, w); err != nil {
		w.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	rq := url.Values{}
	for k, v := range common {
		rq[k] = append(rq[k], v...)
	}
	rq.Add("_pragma", "query_only(1)")
	r, err := sql.Open("sqlite", path+"?"+rq.Encode())
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	r.SetMaxOpenConns(max(4, runtime.GOMAXPROCS(0)))
	if err := r.PingContext(ctx); err != nil {
		w.Close()
		r.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	return &Store{path: path, w: w, r: r}, nil
}

// migrate applies pending migrations, each in its own write transaction,
// recording them in schema_migrations. BEGIN IMMEDIATE serialises two
// processes opening a new file at once.
func migrate(ctx context.Context, db *sql.DB) error {
	ms, err := migrations.Load(migrations.SQLite)
	if err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, migrations.Table); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	for _, m := range ms {
		if err := applyMigration(ctx, db, m); err != nil {
			return err
		}
	}
	return nil
}

func applyMigration(ctx context.Context, db *sql.DB, m migrations.Migration) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migration %s: begin: %w", m.Name, err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, m.Version).Scan(&n); err != nil {
		return fmt.Errorf("migration %s: check: %w", m.Name, err)
	}
	if n > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return fmt.Errorf("migration %s: %w", m.Name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		m.Version, m.Name, time.Now().UTC().Format(timeFormat)); err != nil {
		return fmt.Errorf("migration %s: record: %w", m.Name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migration %s: commit: %w", m.Name, err)
	}
	return nil
}

// Close closes both connection pools.
func (s *Store) Close() error {
	return errors.Join(s.r.Close(), s.w.Close())
}

// DB returns the write handle (one connection whose transactions begin
// IMMEDIATE), for tools such as restore that fill the database in bulk
// outside the store API. Callers must not close it.
func (s *Store) DB() *sql.DB { return s.w }

// ReadDB returns the read-only pool, for tools such as backup that read a
// consistent snapshot while the store keeps writing. Callers must not close
// it.
func (s *Store) ReadDB() *sql.DB { return s.r }

// queryer is what *sql.DB and *sql.Tx share for reads.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

const versionCols = `v.id, v.list, v.number, v.format, v.source, v.content_hash, v.imported_at, v.entity_count,
	COALESCE(l.active_version_id = v.id, 0)`

type scanner interface{ Scan(dest ...any) error }

func scanVersion(row scanner) (watchlist.Version, error) {
	var v watchlist.Version
	var at string
	if err := row.Scan(&v.ID, &v.List, &v.Number, &v.Format, &v.Source, &v.ContentHash, &at, &v.EntityCount, &v.Active); err != nil {
		return v, err
	}
	t, err := time.Parse(timeFormat, at)
	if err != nil {
		return v, fmt.Errorf("list %q version %d: bad imported_at %q: %w", v.List, v.Number, at, err)
	}
	v.ImportedAt = t
	return v, nil
}

func queryVersions(ctx context.Context, q queryer, where string, args ...any) ([]watchlist.Version, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+versionCols+` FROM list_versions v LEFT JOIN lists l ON l.name = v.list `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []watchlist.Version
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// activeVersion returns the list's active version, or ErrNotFound.
func activeVersion(ctx context.Context, q queryer, list string) (watchlist.Version, error) {
	v, err := scanVersion(q.QueryRowContext(ctx, `SELECT `+versionCols+` FROM lists l JOIN list_versions v ON v.id = l.active_version_id WHERE l.name = ?`, list))
	if errors.Is(err, sql.ErrNoRows) {
		return v, fmt.Errorf("list %q: %w", list, store.ErrNotFound)
	}
	return v, err
}

// ImportList implements store.Store.
func (s *Store) ImportList(ctx context.Context, in store.ListImport) (watchlist.Version, bool, error) {
	in, err := backend.Prepare(in)
	if err != nil {
		return watchlist.Version{}, false, err
	}
	v, created, err := s.importList(ctx, in)
	if err != nil {
		if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
			// A cancelled context can surface as the driver's I/O or
			// interrupt error; keep the cause visible to errors.Is.
			err = fmt.Errorf("%w: %w", cerr, err)
		}
		return watchlist.Version{}, false, fmt.Errorf("import list %q into %s: %w", in.List, s.path, err)
	}
	return v, created, nil
}

func (s *Store) importList(ctx context.Context, in store.ListImport) (watchlist.Version, bool, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return watchlist.Version{}, false, fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()

	active, err := activeVersion(ctx, tx, in.List)
	switch {
	case err == nil && active.ContentHash == in.ContentHash:
		return active, false, nil
	case err != nil && !errors.Is(err, store.ErrNotFound):
		return watchlist.Version{}, false, err
	}
	v := watchlist.Version{List: in.List, Format: in.Format, Source: in.Source, ContentHash: in.ContentHash,
		ImportedAt: in.Now, EntityCount: len(in.Entities), Active: true}
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(number), 0) + 1 FROM list_versions WHERE list = ?`, in.List).Scan(&v.Number); err != nil {
		return v, false, fmt.Errorf("next version number: %w", err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO list_versions (list, number, format, source, content_hash, imported_at, entity_count)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, v.List, v.Number, v.Format, v.Source, v.ContentHash, v.ImportedAt.Format(timeFormat), v.EntityCount)
	if err != nil {
		return v, false, fmt.Errorf("insert version: %w", err)
	}
	if v.ID, err = res.LastInsertId(); err != nil {
		return v, false, fmt.Errorf("insert version: %w", err)
	}
	if err := insertEntities(ctx, tx, v, in); err != nil {
		return v, false, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO lists (name, active_version_id) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET active_version_id = excluded.active_version_id`, v.List, v.ID); err != nil {
		return v, false, fmt.Errorf("activate version %d: %w", v.Number, err)
	}
	if _, err := appendAudit(ctx, tx, backend.ListImported(ctx, v)); err != nil {
		return v, false, err
	}
	if err := tx.Commit(); err != nil {
		return v, false, fmt.Errorf("commit version %d: %w", v.Number, err)
	}
	return v, true, nil
}

// insertBatch is how many rows one INSERT statement carries; fewer, larger
// statements cut the per-call overhead of database/sql and the driver.
const insertBatch = 64

// insertEntities writes the rows with prepared statements (insertBatch rows
// at a time, then one by one for the tail), checking for cancellation and
// reporting progress every store.ProgressInterval rows.
func insertEntities(ctx context.Context, tx *sql.Tx, v watchlist.Version, in store.ListImport) error {
	const cols = 6
	const insert = `INSERT INTO list_entities (version_id, source_id, kind, primary_name, entity_hash, body) VALUES `
	one := "(?, ?, ?, ?, ?, ?)"
	many, err := tx.PrepareContext(ctx, insert+strings.Repeat(one+", ", insertBatch-1)+one)
	if err != nil {
		return fmt.Errorf("prepare entity insert: %w", err)
	}
	defer many.Close()
	single, err := tx.PrepareContext(ctx, insert+one)
	if err != nil {
		return fmt.Errorf("prepare entity insert: %w", err)
	}
	defer single.Close()

	enc := backend.NewEncoder(in.Entities)
	defer enc.Close()
	args := make([]any, 0, insertBatch*cols)
	ids := make([]string, 0, insertBatch)
	written, nextProgress := 0, store.ProgressInterval
	flush := func() error {
		stmt := many
		if len(ids) < insertBatch {
			stmt = single
		}
		for off := 0; off < len(args); {
			n := insertBatch * cols
			if stmt == single {
				n = cols
			}
			if _, err := stmt.ExecContext(ctx, args[off:off+n]...); err != nil {
				if len(ids) == 1 || stmt == single {
					i := off / cols
					return fmt.Errorf("record %d (source id %q): %w", written+i+1, ids[i], err)
				}
				return fmt.Errorf("records %d-%d: %w", written+1, written+len(ids), err)
			}
			off += n
		}
		written += len(ids)
		args, ids = args[:0], ids[:0]
		return nil
	}
	for {
		row, ok := enc.Next()
		if !ok {
			break
		}
		args = append(args, v.ID, row.SourceID, row.Kind, row.PrimaryName, row.Hash, string(row.Body))
		ids = append(ids, row.SourceID)
		if len(ids) == insertBatch {
			if err := flush(); err != nil {
				return err
			}
			if written >= nextProgress {
				nextProgress += store.ProgressInterval
				if err := ctx.Err(); err != nil {
					return fmt.Errorf("after record %d: %w", written, err)
				}
				if in.Progress != nil {
					in.Progress(written)
				}
			}
		}
	}
	if err := enc.Err(); err != nil {
		return err
	}
	if err := flush(); err != nil {
		return err
	}
	if written != len(in.Entities) {
		return fmt.Errorf("wrote %d of %d entities", written, len(in.Entities))
	}
	if in.Progress != nil {
		in.Progress(written)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("after record %d: %w", written, err)
	}
	return nil
}

// Lists implements store.Store.
func (s *Store) Lists(ctx context.Context) ([]watchlist.Version, error) {
	vs, err := activeVersions(ctx, s.r)
	if err != nil {
		return nil, fmt.Errorf("lists in %s: %w", s.path, err)
	}
	return vs, nil
}

// Versions implements store.Store.
func (s *Store) Versions(ctx context.Context, list string) ([]watchlist.Version, error) {
	vs, err := queryVersions(ctx, s.r, `WHERE v.list = ? ORDER BY v.number`, list)
	if err != nil {
		return nil, fmt.Errorf("versions of list %q: %w", list, err)
	}
	if len(vs) == 0 {
		return nil, fmt.Errorf("versions of list %q: %w", list, store.ErrNotFound)
	}
	return vs, nil
}

// version returns one version of a list (number <= 0: the active one).
func version(ctx context.Context, q queryer, list string, number int) (watchlist.Version, error) {
	if number <= 0 {
		return activeVersion(ctx, q, list)
	}
	vs, err := queryVersions(ctx, q, `WHERE v.list = ? AND v.number = ?`, list, number)
	if err != nil {
		return watchlist.Version{}, err
	}
	if len(vs) == 0 {
		return watchlist.Version{}, fmt.Errorf("list %q version %d: %w", list, number, store.ErrNotFound)
	}
	return vs[0], nil
}

// readTx runs fn in a read transaction, so that its queries share one
// snapshot of the database.
func (s *Store) readTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// eachBody streams the stored JSON of one version's entities in source id
// order; the slice is valid only during the call.
func eachBody(ctx context.Context, q queryer, v watchlist.Version, fn func([]byte) error) error {
	rows, err := q.QueryContext(ctx, `SELECT body FROM list_entities WHERE version_id = ? ORDER BY source_id`, v.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	var body sql.RawBytes
	for rows.Next() {
		if err := rows.Scan(&body); err != nil {
			return err
		}
		if err := fn(body); err != nil {
			return err
		}
	}
	return rows.Err()
}

// eachEntity streams the entities of one version in source id order.
func eachEntity(ctx context.Context, q queryer, v watchlist.Version, fn func(watchlist.Entity) error) error {
	return eachBody(ctx, q, v, func(body []byte) error {
		e, err := backend.Decode(body, v.List, v.Number)
		if err != nil {
			return err
		}
		return fn(e)
	})
}

// activeVersions returns the active version of every list, by name.
func activeVersions(ctx context.Context, q queryer) ([]watchlist.Version, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+versionCols+` FROM lists l JOIN list_versions v ON v.id = l.active_version_id ORDER BY l.name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []watchlist.Version
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// ActiveEntities implements store.Store. Reading runs on its own goroutine,
// a few batches ahead of decoding and fn, so a match index build overlaps
// with the database work.
func (s *Store) ActiveEntities(ctx context.Context, fn func(list string, v watchlist.Version, e watchlist.Entity) error) error {
	return backend.Stream(ctx, func(ctx context.Context, emit func(watchlist.Version, []byte) error) error {
		return s.readTx(ctx, func(tx *sql.Tx) error {
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
	err := s.readTx(ctx, func(tx *sql.Tx) error {
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
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		if v, err = activeVersion(ctx, tx, list); err != nil {
			return err
		}
		var body []byte
		err = tx.QueryRowContext(ctx, `SELECT body FROM list_entities WHERE version_id = ? AND source_id = ?`, v.ID, sourceID).Scan(&body)
		if errors.Is(err, sql.ErrNoRows) {
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
func fingerprints(ctx context.Context, q queryer, v watchlist.Version) ([]backend.Fingerprint, error) {
	out := make([]backend.Fingerprint, 0, v.EntityCount)
	rows, err := q.QueryContext(ctx, `SELECT source_id, primary_name, entity_hash FROM list_entities WHERE version_id = ?`, v.ID)
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
func someEntities(ctx context.Context, q queryer, v watchlist.Version, ids map[string]bool) ([]watchlist.Entity, error) {
	out := make([]watchlist.Entity, 0, len(ids))
	rows, err := q.QueryContext(ctx, `SELECT source_id, body FROM list_entities WHERE version_id = ? ORDER BY source_id`, v.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var (
		id   string
		body sql.RawBytes
	)
	for rows.Next() {
		if err := rows.Scan(&id, &body); err != nil {
			return nil, err
		}
		if !ids[id] {
			continue
		}
		e, err := backend.Decode(body, v.List, v.Number)
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
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		vs, err := queryVersions(ctx, tx, `WHERE v.list = ? ORDER BY v.number`, list)
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
	err := func() error {
		tx, err := s.w.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM list_versions WHERE list = ?`, list).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return store.ErrNotFound
		}
		for _, q := range []string{
			`DELETE FROM lists WHERE name = ?`,
			`DELETE FROM list_entities WHERE version_id IN (SELECT id FROM list_versions WHERE list = ?)`,
			`DELETE FROM list_versions WHERE list = ?`,
		} {
			if _, err := tx.ExecContext(ctx, q, list); err != nil {
				return err
			}
		}
		if _, err := appendAudit(ctx, tx, backend.ListRemoved(ctx, list, n)); err != nil {
			return err
		}
		return tx.Commit()
	}()
	if err != nil {
		return fmt.Errorf("remove list %q from %s: %w", list, s.path, err)
	}
	return nil
}

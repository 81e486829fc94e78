package postgres

import (
	"context"
	"errors"
	"fmt"
	"github.com/collabcheck/collabcheck/internal/registry/rordump"
	"iter"

	"github.com/jackc/pgx/v5"

	"github.com/collabcheck/collabcheck/internal/registry"
	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/store/internal/backend"
)

var _ store.Registry = (*Store)(nil)

// lockRegistryImport is the advisory lock namespace that serialises
// registry imports across app servers ("rror").
const lockRegistryImport = 0x72726f72

const registryVersionCols = `v.id, v.number, v.source, v.content_hash, v.schema_version, v.imported_at, v.org_count,
	COALESCE(a.version_id = v.id, false)`

func scanRegistryVersion(row pgx.Row) (registry.Version, error) {
	var v registry.Version
	var number, count int32
	if err := row.Scan(&v.ID, &number, &v.Source, &v.ContentHash, &v.SchemaVersion, &v.ImportedAt, &count, &v.Active); err != nil {
		return v, err
	}
	v.Number, v.OrgCount = int(number), int(count)
	v.ImportedAt = v.ImportedAt.UTC()
	return v, nil
}

func activeRegistry(ctx context.Context, q querier) (registry.Version, error) {
	v, err := scanRegistryVersion(q.QueryRow(ctx, `SELECT `+registryVersionCols+`
		FROM registry_active a JOIN registry_versions v ON v.id = a.version_id`))
	if errors.Is(err, pgx.ErrNoRows) {
		return v, fmt.Errorf("no registry imported yet: %w", store.ErrNotFound)
	}
	return v, err
}

// ImportRegistry implements store.Registry. The organisations stream into
// one COPY: in.Orgs runs as a coroutine (iter.Pull) that CopyFrom pulls
// rows from, so neither side holds the registry in memory.
func (s *Store) ImportRegistry(ctx context.Context, in store.RegistryImport) (registry.Version, bool, error) {
	in, err := backend.PrepareRegistry(in)
	if err != nil {
		return registry.Version{}, false, err
	}
	var (
		v       registry.Version
		created bool
	)
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		v, created, err = importRegistry(ctx, tx, in)
		if err == nil && !created {
			return errUnchanged // roll back whatever was written
		}
		return err
	})
	if errors.Is(err, errUnchanged) {
		return v, false, nil
	}
	if err != nil {
		if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
			err = fmt.Errorf("%w: %w", cerr, err)
		}
		return registry.Version{}, false, fmt.Errorf("import registry %s into %s: %w", in.Source, s.name, err)
	}
	return v, created, nil
}

// errUnchanged rolls back an import whose content turned out to be the
// active version's.
var errUnchanged = errors.New("registry unchanged")

func importRegistry(ctx context.Context, tx pgx.Tx, in store.RegistryImport) (registry.Version, bool, error) {
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, 0)`, lockRegistryImport); err != nil {
		return registry.Version{}, false, fmt.Errorf("lock registry: %w", err)
	}
	active, err := activeRegistry(ctx, tx)
	hasActive := err == nil
	switch {
	case hasActive && in.ContentHash != "" && active.ContentHash == in.ContentHash:
		return active, false, nil
	case err != nil && !errors.Is(err, store.ErrNotFound):
		return registry.Version{}, false, err
	}
	v := registry.Version{Source: in.Source, ContentHash: in.ContentHash, ImportedAt: in.Now, Active: true}
	if err := tx.QueryRow(ctx, `INSERT INTO registry_versions (number, source, content_hash, schema_version, imported_at, org_count)
		VALUES ((SELECT COALESCE(MAX(number), 0) + 1 FROM registry_versions), $1, $2, '', $3, 0)
		RETURNING id, number`, v.Source, v.ContentHash, v.ImportedAt).Scan(&v.ID, &v.Number); err != nil {
		return v, false, fmt.Errorf("insert registry version: %w", err)
	}
	feed := backend.NewOrgFeed(in)
	src := newOrgSource(ctx, in, v.ID, feed)
	defer src.stop()
	n, err := tx.CopyFrom(ctx, pgx.Identifier{"registry_orgs"},
		[]string{"version_id", "ror_id", "name", "country", "status", "body"}, src)
	if err != nil {
		if src.err != nil {
			return v, false, src.err
		}
		return v, false, fmt.Errorf("copy organisations (after organisation %d): %w", feed.Count(), err)
	}
	if int(n) != feed.Count() {
		return v, false, fmt.Errorf("copy organisations: wrote %d of %d", n, feed.Count())
	}
	if v.ContentHash, err = feed.Finish(in, src.info); err != nil {
		return v, false, err
	}
	if in.Progress != nil {
		in.Progress(feed.Count())
	}
	if err := ctx.Err(); err != nil {
		return v, false, fmt.Errorf("after organisation %d: %w", feed.Count(), err)
	}
	if hasActive && active.ContentHash == v.ContentHash {
		return active, false, nil
	}
	v.OrgCount, v.SchemaVersion = feed.Count(), src.info.SchemaVersion
	if _, err := tx.Exec(ctx, `UPDATE registry_versions SET org_count = $1, content_hash = $2, schema_version = $3 WHERE id = $4`,
		v.OrgCount, v.ContentHash, v.SchemaVersion, v.ID); err != nil {
		return v, false, fmt.Errorf("finish registry version %d: %w", v.Number, err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO registry_active (singleton, version_id) VALUES (1, $1)
		ON CONFLICT (singleton) DO UPDATE SET version_id = excluded.version_id`, v.ID); err != nil {
		return v, false, fmt.Errorf("activate registry version %d: %w", v.Number, err)
	}
	if _, err := appendAudit(ctx, tx, backend.RegistryImported(ctx, v)); err != nil {
		return v, false, err
	}
	return v, true, nil
}

// errStopped tells in.Orgs that the copy has stopped pulling.
var errStopped = errors.New("registry import stopped")

// orgSource is a pgx.CopyFromSource over the organisations in.Orgs
// yields, pulled one at a time.
type orgSource struct {
	ctx       context.Context
	in        store.RegistryImport
	versionID int64
	feed      *backend.OrgFeed
	next      func() (registry.Org, bool)
	stop      func()
	info      rordump.Info // what in.Orgs returned, once it has returned
	orgsErr   error
	row       []any
	err       error
}

func newOrgSource(ctx context.Context, in store.RegistryImport, versionID int64, feed *backend.OrgFeed) *orgSource {
	s := &orgSource{ctx: ctx, in: in, versionID: versionID, feed: feed}
	var seq iter.Seq[registry.Org] = func(yield func(registry.Org) bool) {
		s.info, s.orgsErr = in.Orgs(func(o registry.Org) error {
			if !yield(o) {
				return errStopped
			}
			return nil
		})
	}
	s.next, s.stop = iter.Pull(seq)
	return s
}

// Next implements pgx.CopyFromSource.
func (s *orgSource) Next() bool {
	if s.err != nil {
		return false
	}
	if c := s.feed.Count(); c > 0 && c%store.ProgressInterval == 0 {
		if err := s.ctx.Err(); err != nil {
			s.err = fmt.Errorf("after organisation %d: %w", c, err)
			return false
		}
		if s.in.Progress != nil {
			s.in.Progress(c)
		}
	}
	o, ok := s.next()
	if !ok {
		// in.Orgs has returned: its error, if any, ends the import.
		s.err = s.orgsErr
		return false
	}
	row, err := s.feed.Row(&o)
	if err != nil {
		s.err = err
		return false
	}
	s.row = []any{s.versionID, row.ID, row.Name, row.Country, row.Status, string(row.Body)}
	return true
}

// Values implements pgx.CopyFromSource.
func (s *orgSource) Values() ([]any, error) { return s.row, nil }

// Err implements pgx.CopyFromSource.
func (s *orgSource) Err() error { return s.err }

// RegistryVersions implements store.Registry.
func (s *Store) RegistryVersions(ctx context.Context) ([]registry.Version, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+registryVersionCols+`
		FROM registry_versions v LEFT JOIN registry_active a ON a.version_id = v.id ORDER BY v.number`)
	if err != nil {
		return nil, fmt.Errorf("registry versions in %s: %w", s.name, err)
	}
	vs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (registry.Version, error) { return scanRegistryVersion(r) })
	if err != nil {
		return nil, fmt.Errorf("registry versions in %s: %w", s.name, err)
	}
	return vs, nil
}

// Org implements store.Registry.
func (s *Store) Org(ctx context.Context, id string) (registry.Org, error) {
	full, err := registry.NormalizeID(id)
	if err != nil {
		return registry.Org{}, fmt.Errorf("organisation %w", err)
	}
	var o registry.Org
	err = s.readTx(ctx, func(tx pgx.Tx) error {
		v, err := activeRegistry(ctx, tx)
		if err != nil {
			return err
		}
		var body []byte
		err = tx.QueryRow(ctx, `SELECT body FROM registry_orgs WHERE version_id = $1 AND ror_id = $2`, v.ID, full).Scan(&body)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("not in registry version %d: %w", v.Number, store.ErrNotFound)
		}
		if err != nil {
			return err
		}
		o, err = backend.DecodeOrg(body, v.Number)
		return err
	})
	if err != nil {
		return registry.Org{}, fmt.Errorf("organisation %s: %w", full, err)
	}
	return o, nil
}

// ActiveOrgs implements store.Registry.
func (s *Store) ActiveOrgs(ctx context.Context, fn func(registry.Org) error) (registry.Version, error) {
	var v registry.Version
	err := s.readTx(ctx, func(tx pgx.Tx) error {
		var err error
		if v, err = activeRegistry(ctx, tx); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT body FROM registry_orgs WHERE version_id = $1 ORDER BY ror_id`, v.ID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			// RawValues is the text as received, valid until the next row.
			o, err := backend.DecodeOrg(rows.RawValues()[0], v.Number)
			if err != nil {
				return err
			}
			if err := fn(o); err != nil {
				return err
			}
		}
		return rows.Err()
	})
	if err != nil {
		return registry.Version{}, fmt.Errorf("active organisations in %s: %w", s.name, err)
	}
	return v, nil
}

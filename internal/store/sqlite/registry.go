package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"github.com/collabcheck/collabcheck/internal/registry/rordump"
	"strings"
	"time"

	"github.com/collabcheck/collabcheck/internal/registry"
	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/store/internal/backend"
)

var _ store.Registry = (*Store)(nil)

const registryVersionCols = `v.id, v.number, v.source, v.content_hash, v.schema_version, v.imported_at, v.org_count,
	COALESCE(a.version_id = v.id, 0)`

func scanRegistryVersion(row scanner) (registry.Version, error) {
	var v registry.Version
	var at string
	if err := row.Scan(&v.ID, &v.Number, &v.Source, &v.ContentHash, &v.SchemaVersion, &at, &v.OrgCount, &v.Active); err != nil {
		return v, err
	}
	t, err := time.Parse(timeFormat, at)
	if err != nil {
		return v, fmt.Errorf("registry version %d: bad imported_at %q: %w", v.Number, at, err)
	}
	v.ImportedAt = t
	return v, nil
}

// activeRegistry returns the active registry version, or ErrNotFound.
func activeRegistry(ctx context.Context, q queryer) (registry.Version, error) {
	v, err := scanRegistryVersion(q.QueryRowContext(ctx, `SELECT `+registryVersionCols+`
		FROM registry_active a JOIN registry_versions v ON v.id = a.version_id`))
	if errors.Is(err, sql.ErrNoRows) {
		return v, fmt.Errorf("no registry imported yet: %w", store.ErrNotFound)
	}
	return v, err
}

// ImportRegistry implements store.Registry.
func (s *Store) ImportRegistry(ctx context.Context, in store.RegistryImport) (registry.Version, bool, error) {
	in, err := backend.PrepareRegistry(in)
	if err != nil {
		return registry.Version{}, false, err
	}
	v, created, err := s.importRegistry(ctx, in)
	if err != nil {
		if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
			err = fmt.Errorf("%w: %w", cerr, err)
		}
		return registry.Version{}, false, fmt.Errorf("import registry %s into %s: %w", in.Source, s.path, err)
	}
	return v, created, nil
}

func (s *Store) importRegistry(ctx context.Context, in store.RegistryImport) (registry.Version, bool, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return registry.Version{}, false, fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()

	active, err := activeRegistry(ctx, tx)
	hasActive := err == nil
	switch {
	case hasActive && in.ContentHash != "" && active.ContentHash == in.ContentHash:
		return active, false, nil
	case err != nil && !errors.Is(err, store.ErrNotFound):
		return registry.Version{}, false, err
	}
	v := registry.Version{Source: in.Source, ContentHash: in.ContentHash, ImportedAt: in.Now, Active: true}
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(number), 0) + 1 FROM registry_versions`).Scan(&v.Number); err != nil {
		return v, false, fmt.Errorf("next registry version number: %w", err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO registry_versions (number, source, content_hash, schema_version, imported_at, org_count)
		VALUES (?, ?, ?, '', ?, 0)`, v.Number, v.Source, v.ContentHash, v.ImportedAt.Format(timeFormat))
	if err != nil {
		return v, false, fmt.Errorf("insert registry version: %w", err)
	}
	if v.ID, err = res.LastInsertId(); err != nil {
		return v, false, fmt.Errorf("insert registry version: %w", err)
	}
	feed := backend.NewOrgFeed(in)
	info, err := insertOrgs(ctx, tx, v.ID, in, feed)
	if err != nil {
		return v, false, err
	}
	if v.ContentHash, err = feed.Finish(in, info); err != nil {
		return v, false, err
	}
	if hasActive && active.ContentHash == v.ContentHash {
		return active, false, nil // the deferred rollback drops what was written
	}
	v.OrgCount, v.SchemaVersion = feed.Count(), info.SchemaVersion
	if _, err := tx.ExecContext(ctx, `UPDATE registry_versions SET org_count = ?, content_hash = ?, schema_version = ? WHERE id = ?`,
		v.OrgCount, v.ContentHash, v.SchemaVersion, v.ID); err != nil {
		return v, false, fmt.Errorf("finish registry version %d: %w", v.Number, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO registry_active (singleton, version_id) VALUES (1, ?)
		ON CONFLICT (singleton) DO UPDATE SET version_id = excluded.version_id`, v.ID); err != nil {
		return v, false, fmt.Errorf("activate registry version %d: %w", v.Number, err)
	}
	if _, err := appendAudit(ctx, tx, backend.RegistryImported(ctx, v)); err != nil {
		return v, false, err
	}
	if err := tx.Commit(); err != nil {
		return v, false, fmt.Errorf("commit registry version %d: %w", v.Number, err)
	}
	return v, true, nil
}

// insertOrgs writes the organisations as in.Orgs yields them, insertBatch
// rows per statement, checking for cancellation and reporting progress
// every store.ProgressInterval rows. It returns what in.Orgs said of the
// dump.
func insertOrgs(ctx context.Context, tx *sql.Tx, versionID int64, in store.RegistryImport, feed *backend.OrgFeed) (rordump.Info, error) {
	const cols = 6
	const insert = `INSERT INTO registry_orgs (version_id, ror_id, name, country, status, body) VALUES `
	one := "(?, ?, ?, ?, ?, ?)"
	many, err := tx.PrepareContext(ctx, insert+strings.Repeat(one+", ", insertBatch-1)+one)
	if err != nil {
		return rordump.Info{}, fmt.Errorf("prepare organisation insert: %w", err)
	}
	defer many.Close()
	single, err := tx.PrepareContext(ctx, insert+one)
	if err != nil {
		return rordump.Info{}, fmt.Errorf("prepare organisation insert: %w", err)
	}
	defer single.Close()

	args := make([]any, 0, insertBatch*cols)
	written, nextProgress := 0, store.ProgressInterval
	flush := func() error {
		n := len(args) / cols
		if n == insertBatch {
			if _, err := many.ExecContext(ctx, args...); err != nil {
				return fmt.Errorf("insert organisations %d-%d: %w", written+1, written+n, err)
			}
		} else {
			for i := 0; i < n; i++ {
				if _, err := single.ExecContext(ctx, args[i*cols:(i+1)*cols]...); err != nil {
					return fmt.Errorf("insert organisation %d (%v): %w", written+i+1, args[i*cols+1], err)
				}
			}
		}
		written += n
		args = args[:0]
		return nil
	}
	info, err := in.Orgs(func(o registry.Org) error {
		row, err := feed.Row(&o)
		if err != nil {
			return err
		}
		args = append(args, versionID, row.ID, row.Name, row.Country, row.Status, string(row.Body))
		if len(args) < insertBatch*cols {
			return nil
		}
		if err := flush(); err != nil {
			return err
		}
		if written >= nextProgress {
			nextProgress += store.ProgressInterval
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("after organisation %d: %w", written, err)
			}
			if in.Progress != nil {
				in.Progress(written)
			}
		}
		return nil
	})
	if err != nil {
		return info, err
	}
	if err := flush(); err != nil {
		return info, err
	}
	if in.Progress != nil {
		in.Progress(written)
	}
	if err := ctx.Err(); err != nil {
		return info, fmt.Errorf("after organisation %d: %w", written, err)
	}
	return info, nil
}

// RegistryVersions implements store.Registry.
func (s *Store) RegistryVersions(ctx context.Context) ([]registry.Version, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+registryVersionCols+`
		FROM registry_versions v LEFT JOIN registry_active a ON a.version_id = v.id ORDER BY v.number`)
	if err != nil {
		return nil, fmt.Errorf("registry versions in %s: %w", s.path, err)
	}
	defer rows.Close()
	var out []registry.Version
	for rows.Next() {
		v, err := scanRegistryVersion(rows)
		if err != nil {
			return nil, fmt.Errorf("registry versions in %s: %w", s.path, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("registry versions in %s: %w", s.path, err)
	}
	return out, nil
}

// Org implements store.Registry.
func (s *Store) Org(ctx context.Context, id string) (registry.Org, error) {
	full, err := registry.NormalizeID(id)
	if err != nil {
		return registry.Org{}, fmt.Errorf("organisation %w", err)
	}
	var o registry.Org
	err = s.readTx(ctx, func(tx *sql.Tx) error {
		v, err := activeRegistry(ctx, tx)
		if err != nil {
			return err
		}
		var body []byte
		err = tx.QueryRowContext(ctx, `SELECT body FROM registry_orgs WHERE version_id = ? AND ror_id = ?`, v.ID, full).Scan(&body)
		if errors.Is(err, sql.ErrNoRows) {
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
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		if v, err = activeRegistry(ctx, tx); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT body FROM registry_orgs WHERE version_id = ? ORDER BY ror_id`, v.ID)
		if err != nil {
			return err
		}
		defer rows.Close()
		var body sql.RawBytes
		for rows.Next() {
			if err := rows.Scan(&body); err != nil {
				return err
			}
			o, err := backend.DecodeOrg(body, v.Number)
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
		return registry.Version{}, fmt.Errorf("active organisations in %s: %w", s.path, err)
	}
	return v, nil
}

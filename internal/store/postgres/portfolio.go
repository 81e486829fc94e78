package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/collabcheck/collabcheck/internal/store"
)

var _ store.Portfolio = (*Store)(nil)

const portfolioRunCols = `id, tenant_id, source, format, chunk_size, state, started_at, finished_at, summary`

func scanPortfolioRun(row pgx.Row) (store.PortfolioRun, error) {
	var r store.PortfolioRun
	var chunk int32
	var state, summary string
	var finished *time.Time
	if err := row.Scan(&r.ID, &r.TenantID, &r.Source, &r.Format, &chunk, &state, &r.StartedAt, &finished, &summary); err != nil {
		return r, err
	}
	r.ChunkSize, r.State, r.StartedAt = int(chunk), store.PortfolioState(state), r.StartedAt.UTC()
	if finished != nil {
		r.FinishedAt = finished.UTC()
	}
	var err error
	r.Summary, err = store.DecodePortfolioSummary(r.ID, summary)
	return r, err
}

func portfolioTime(t time.Time) time.Time {
	if t.IsZero() {
		t = time.Now()
	}
	return t.UTC().Truncate(time.Microsecond)
}

// CreatePortfolioRun implements store.Portfolio.
func (s *Store) CreatePortfolioRun(ctx context.Context, r store.PortfolioRun) (store.PortfolioRun, error) {
	if err := store.ValidatePortfolioRun(&r); err != nil {
		return r, err
	}
	r.State = store.PortfolioRunning
	r.FinishedAt = time.Time{}
	r.StartedAt = portfolioTime(r.StartedAt)
	sum, err := json.Marshal(r.Summary)
	if err != nil {
		return r, fmt.Errorf("create portfolio run: encode summary: %w", err)
	}
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := mustExist(ctx, tx, fmt.Sprintf("tenant %d", r.TenantID), `SELECT 1 FROM tenants WHERE id = $1`, r.TenantID); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `INSERT INTO portfolio_runs (tenant_id, source, format, chunk_size, state, started_at, summary)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, r.TenantID, r.Source, r.Format, r.ChunkSize, string(r.State), r.StartedAt, string(sum)).Scan(&r.ID)
	})
	if err != nil {
		return r, fmt.Errorf("create portfolio run in tenant %d: %w", r.TenantID, err)
	}
	return r, nil
}

// PortfolioRun implements store.Portfolio.
func (s *Store) PortfolioRun(ctx context.Context, tenantID, id int64) (store.PortfolioRun, error) {
	r, err := scanPortfolioRun(s.pool.QueryRow(ctx, `SELECT `+portfolioRunCols+` FROM portfolio_runs WHERE id = $1 AND tenant_id = $2`, id, tenantID))
	if errors.Is(err, pgx.ErrNoRows) {
		return r, fmt.Errorf("portfolio run %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return r, fmt.Errorf("read portfolio run %d: %w", id, err)
	}
	return r, nil
}

// PortfolioRuns implements store.Portfolio.
func (s *Store) PortfolioRuns(ctx context.Context, tenantID int64) ([]store.PortfolioRun, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+portfolioRunCols+` FROM portfolio_runs WHERE tenant_id = $1 ORDER BY id DESC`, tenantID)
	if err != nil {
		return nil, fmt.Errorf("read portfolio runs: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.PortfolioRun, error) { return scanPortfolioRun(r) })
	if err != nil {
		return nil, fmt.Errorf("read portfolio runs: %w", err)
	}
	if out == nil {
		out = []store.PortfolioRun{}
	}
	return out, nil
}

// SavePortfolioChunk implements store.Portfolio. The chunk row is
// inserted first with ON CONFLICT DO NOTHING, so of two workers saving
// the same chunk at once exactly one writes its findings.
func (s *Store) SavePortfolioChunk(ctx context.Context, tenantID, runID int64, c store.PortfolioChunk) (bool, error) {
	enc := make([]store.PortfolioFindingJSON, len(c.Findings))
	for i := range c.Findings {
		f := &c.Findings[i]
		if err := f.Validate(); err != nil {
			return false, err
		}
		var err error
		if enc[i], err = store.EncodePortfolioFinding(f); err != nil {
			return false, err
		}
		if err := checkNoNUL(enc[i]); err != nil {
			return false, fmt.Errorf("%w: finding of line %d: %w", store.ErrInvalid, f.Line, err)
		}
	}
	stats, err := json.Marshal(c.Stats)
	if err != nil {
		return false, fmt.Errorf("save chunk %d of portfolio run %d: encode stats: %w", c.Chunk, runID, err)
	}
	if err := c.ValidateSavedBy(); err != nil {
		return false, err
	}
	created := false
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		created = false
		if err := mustExist(ctx, tx, fmt.Sprintf("portfolio run %d", runID), `SELECT 1 FROM portfolio_runs WHERE id = $1 AND tenant_id = $2`, runID, tenantID); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `INSERT INTO portfolio_chunks (run_id, chunk, records, stats, saved_by) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
			runID, c.Chunk, c.Records, string(stats), c.SavedBy)
		if err != nil {
			return fmt.Errorf("mark chunk: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return nil // already saved
		}
		rows := make([][]any, len(c.Findings))
		for i := range c.Findings {
			f := &c.Findings[i]
			rows[i] = []any{runID, tenantID, c.Chunk, f.Line, f.WorkID, f.Title, f.Year, f.Person, f.Department, f.Affiliation,
				f.PartnerID, f.PartnerName, f.PartnerCountry, enc[i].Hits, enc[i].Areas, enc[i].Fields, enc[i].Coauthors}
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"portfolio_findings"}, []string{"run_id", "tenant_id", "chunk", "line", "work_id", "title",
			"year", "person", "department", "affiliation", "partner_id", "partner_name", "partner_country", "hits", "areas", "fields", "coauthors"},
			pgx.CopyFromRows(rows)); err != nil {
			return fmt.Errorf("insert findings: %w", err)
		}
		created = true
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("save chunk %d of portfolio run %d: %w", c.Chunk, runID, err)
	}
	return created, nil
}

// checkNoNUL rejects JSON text PostgreSQL cannot store in a text column.
func checkNoNUL(j store.PortfolioFindingJSON) error {
	for _, s := range []string{j.Hits, j.Areas, j.Fields, j.Coauthors} {
		if strings.Contains(s, `\u0000`) {
			return errors.New("contains a NUL character")
		}
	}
	return nil
}

// PortfolioChunksDone implements store.Portfolio.
func (s *Store) PortfolioChunksDone(ctx context.Context, tenantID, runID int64) ([]int, error) {
	if _, err := s.PortfolioRun(ctx, tenantID, runID); err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, `SELECT chunk FROM portfolio_chunks WHERE run_id = $1 ORDER BY chunk`, runID)
	if err != nil {
		return nil, fmt.Errorf("read chunks of portfolio run %d: %w", runID, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (int, error) {
		var c int32
		err := r.Scan(&c)
		return int(c), err
	})
	if err != nil {
		return nil, fmt.Errorf("read chunks of portfolio run %d: %w", runID, err)
	}
	if out == nil {
		out = []int{}
	}
	return out, nil
}

// FinishPortfolioRun implements store.Portfolio.
func (s *Store) FinishPortfolioRun(ctx context.Context, tenantID, runID int64, state store.PortfolioState, sum store.PortfolioSummary, at time.Time) error {
	if !state.Valid() || state == store.PortfolioRunning {
		return fmt.Errorf("%w: finish portfolio run %d: state %q is not a final state", store.ErrInvalid, runID, state)
	}
	if len(sum.MalformedLines) > store.MaxMalformedKept {
		sum.MalformedLines = sum.MalformedLines[:store.MaxMalformedKept]
	}
	b, err := json.Marshal(sum)
	if err != nil {
		return fmt.Errorf("finish portfolio run %d: encode summary: %w", runID, err)
	}
	if strings.Contains(string(b), `\u0000`) {
		return fmt.Errorf("%w: finish portfolio run %d: summary contains a NUL character", store.ErrInvalid, runID)
	}
	tag, err := s.pool.Exec(ctx, `UPDATE portfolio_runs SET state = $1, summary = $2, finished_at = $3 WHERE id = $4 AND tenant_id = $5`,
		string(state), string(b), portfolioTime(at), runID, tenantID)
	if err != nil {
		return fmt.Errorf("finish portfolio run %d: %w", runID, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("finish portfolio run %d: %w", runID, store.ErrNotFound)
	}
	return nil
}

const portfolioFindingCols = `id, run_id, tenant_id, chunk, line, work_id, title, year, person, department, affiliation,
	partner_id, partner_name, partner_country, hits, areas, fields, coauthors`

func scanPortfolioFinding(row pgx.Row) (store.PortfolioFinding, error) {
	var f store.PortfolioFinding
	var j store.PortfolioFindingJSON
	var chunk, year int32
	if err := row.Scan(&f.ID, &f.RunID, &f.TenantID, &chunk, &f.Line, &f.WorkID, &f.Title, &year, &f.Person, &f.Department,
		&f.Affiliation, &f.PartnerID, &f.PartnerName, &f.PartnerCountry, &j.Hits, &j.Areas, &j.Fields, &j.Coauthors); err != nil {
		return f, err
	}
	f.Chunk, f.Year = int(chunk), int(year)
	return f, store.DecodePortfolioFinding(&f, j)
}

// PortfolioFindings implements store.Portfolio.
func (s *Store) PortfolioFindings(ctx context.Context, tenantID, runID int64, fn func(store.PortfolioFinding) error) error {
	if _, err := s.PortfolioRun(ctx, tenantID, runID); err != nil {
		return err
	}
	rows, err := s.pool.Query(ctx, `SELECT `+portfolioFindingCols+` FROM portfolio_findings WHERE run_id = $1 AND tenant_id = $2 ORDER BY id`, runID, tenantID)
	if err != nil {
		return fmt.Errorf("read findings of portfolio run %d: %w", runID, err)
	}
	defer rows.Close()
	for rows.Next() {
		f, err := scanPortfolioFinding(rows)
		if err != nil {
			return fmt.Errorf("read findings of portfolio run %d: %w", runID, err)
		}
		if err := fn(f); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read findings of portfolio run %d: %w", runID, err)
	}
	return nil
}

// PortfolioFinding implements store.Portfolio.
func (s *Store) PortfolioFinding(ctx context.Context, tenantID, id int64) (store.PortfolioFinding, error) {
	f, err := scanPortfolioFinding(s.pool.QueryRow(ctx, `SELECT `+portfolioFindingCols+` FROM portfolio_findings WHERE id = $1 AND tenant_id = $2`, id, tenantID))
	if errors.Is(err, pgx.ErrNoRows) {
		return f, fmt.Errorf("portfolio finding %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return f, fmt.Errorf("read portfolio finding %d: %w", id, err)
	}
	return f, nil
}

// ClaimPortfolioChunk implements store.Portfolio. One statement claims:
// an insert of a new claim that, on conflict, takes the row over only
// when it is the worker's own or its lease has ended by the database's
// clock (workers on several machines share that clock, not their own).
func (s *Store) ClaimPortfolioChunk(ctx context.Context, tenantID, runID int64, chunk int, worker string, lease time.Duration) (bool, error) {
	if err := store.ValidateClaim(chunk, worker, lease); err != nil {
		return false, err
	}
	if _, err := s.PortfolioRun(ctx, tenantID, runID); err != nil {
		return false, err
	}
	var got int
	err := s.pool.QueryRow(ctx, `INSERT INTO portfolio_claims AS c (run_id, chunk, claimed_by, lease_until)
		SELECT $1, $2, $3, now() + make_interval(secs => $4)
		WHERE NOT EXISTS (SELECT 1 FROM portfolio_chunks WHERE run_id = $1 AND chunk = $2)
		ON CONFLICT (run_id, chunk) DO UPDATE SET claimed_by = EXCLUDED.claimed_by, lease_until = EXCLUDED.lease_until,
			claims = c.claims + CASE WHEN c.claimed_by = EXCLUDED.claimed_by THEN 0 ELSE 1 END
		WHERE c.claimed_by = EXCLUDED.claimed_by OR c.lease_until < now()
		RETURNING 1`, runID, int32(chunk), worker, lease.Seconds()).Scan(&got)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("claim chunk %d of portfolio run %d: %w", chunk, runID, err)
	}
	return true, nil
}

// PortfolioChunkStats implements store.Portfolio.
func (s *Store) PortfolioChunkStats(ctx context.Context, tenantID, runID int64) ([]store.PortfolioChunkDone, error) {
	if _, err := s.PortfolioRun(ctx, tenantID, runID); err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, `SELECT chunk, records, saved_by, stats FROM portfolio_chunks WHERE run_id = $1 ORDER BY chunk`, runID)
	if err != nil {
		return nil, fmt.Errorf("read chunks of portfolio run %d: %w", runID, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.PortfolioChunkDone, error) {
		var c store.PortfolioChunkDone
		var n int32
		var stats string
		if err := r.Scan(&n, &c.Records, &c.SavedBy, &stats); err != nil {
			return c, err
		}
		c.Chunk = int(n)
		if err := json.Unmarshal([]byte(stats), &c.Stats); err != nil {
			return c, fmt.Errorf("chunk %d: bad stats column: %w", c.Chunk, err)
		}
		return c, nil
	})
	if err != nil {
		return nil, fmt.Errorf("read chunks of portfolio run %d: %w", runID, err)
	}
	if out == nil {
		out = []store.PortfolioChunkDone{}
	}
	return out, nil
}

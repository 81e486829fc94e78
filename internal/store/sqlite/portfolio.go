package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/collabcheck/collabcheck/internal/store"
)

var _ store.Portfolio = (*Store)(nil)

const portfolioRunCols = `id, tenant_id, source, format, chunk_size, state, started_at, finished_at, summary`

func scanPortfolioRun(row scanner) (store.PortfolioRun, error) {
	var r store.PortfolioRun
	var started string
	var finished sql.NullString
	var summary string
	if err := row.Scan(&r.ID, &r.TenantID, &r.Source, &r.Format, &r.ChunkSize, &r.State, &started, &finished, &summary); err != nil {
		return r, err
	}
	var err error
	if r.StartedAt, err = time.Parse(timeFormat, started); err != nil {
		return r, fmt.Errorf("portfolio run %d: bad started_at %q: %w", r.ID, started, err)
	}
	if finished.Valid {
		if r.FinishedAt, err = time.Parse(timeFormat, finished.String); err != nil {
			return r, fmt.Errorf("portfolio run %d: bad finished_at %q: %w", r.ID, finished.String, err)
		}
	}
	r.Summary, err = store.DecodePortfolioSummary(r.ID, summary)
	return r, err
}

func portfolioTime(t time.Time) string {
	if t.IsZero() {
		t = time.Now()
	}
	return t.UTC().Truncate(time.Microsecond).Format(timeFormat)
}

// CreatePortfolioRun implements store.Portfolio.
func (s *Store) CreatePortfolioRun(ctx context.Context, r store.PortfolioRun) (store.PortfolioRun, error) {
	if err := store.ValidatePortfolioRun(&r); err != nil {
		return r, err
	}
	r.State = store.PortfolioRunning
	r.FinishedAt = time.Time{}
	started := portfolioTime(r.StartedAt)
	r.StartedAt, _ = time.Parse(timeFormat, started)
	sum, err := json.Marshal(r.Summary)
	if err != nil {
		return r, fmt.Errorf("create portfolio run: encode summary: %w", err)
	}
	err = s.writeTx(ctx, func(tx *sql.Tx) error {
		if ok, err := exists(ctx, tx, `SELECT 1 FROM tenants WHERE id = ?`, r.TenantID); err != nil || !ok {
			return absent(err, fmt.Sprintf("tenant %d", r.TenantID), ok)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO portfolio_runs (tenant_id, source, format, chunk_size, state, started_at, summary)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, r.TenantID, r.Source, r.Format, r.ChunkSize, string(r.State), started, string(sum))
		if err != nil {
			return fmt.Errorf("insert: %w", err)
		}
		r.ID, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return r, fmt.Errorf("create portfolio run in tenant %d: %w", r.TenantID, err)
	}
	return r, nil
}

// PortfolioRun implements store.Portfolio.
func (s *Store) PortfolioRun(ctx context.Context, tenantID, id int64) (store.PortfolioRun, error) {
	r, err := scanPortfolioRun(s.r.QueryRowContext(ctx, `SELECT `+portfolioRunCols+` FROM portfolio_runs WHERE id = ? AND tenant_id = ?`, id, tenantID))
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("portfolio run %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return r, fmt.Errorf("read portfolio run %d: %w", id, err)
	}
	return r, nil
}

// PortfolioRuns implements store.Portfolio.
func (s *Store) PortfolioRuns(ctx context.Context, tenantID int64) ([]store.PortfolioRun, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+portfolioRunCols+` FROM portfolio_runs WHERE tenant_id = ? ORDER BY id DESC`, tenantID)
	if err != nil {
		return nil, fmt.Errorf("read portfolio runs: %w", err)
	}
	defer rows.Close()
	out := []store.PortfolioRun{}
	for rows.Next() {
		r, err := scanPortfolioRun(rows)
		if err != nil {
			return nil, fmt.Errorf("read portfolio runs: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read portfolio runs: %w", err)
	}
	return out, nil
}

// SavePortfolioChunk implements store.Portfolio.
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
	}
	stats, err := json.Marshal(c.Stats)
	if err != nil {
		return false, fmt.Errorf("save chunk %d of portfolio run %d: encode stats: %w", c.Chunk, runID, err)
	}
	if err := c.ValidateSavedBy(); err != nil {
		return false, err
	}
	created := false
	err = s.writeTx(ctx, func(tx *sql.Tx) error {
		if ok, err := exists(ctx, tx, `SELECT 1 FROM portfolio_runs WHERE id = ? AND tenant_id = ?`, runID, tenantID); err != nil || !ok {
			return absent(err, fmt.Sprintf("portfolio run %d", runID), ok)
		}
		if done, err := exists(ctx, tx, `SELECT 1 FROM portfolio_chunks WHERE run_id = ? AND chunk = ?`, runID, c.Chunk); err != nil || done {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO portfolio_chunks (run_id, chunk, records, stats, saved_by) VALUES (?, ?, ?, ?, ?)`,
			runID, c.Chunk, c.Records, string(stats), c.SavedBy); err != nil {
			return fmt.Errorf("mark chunk: %w", err)
		}
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO portfolio_findings (run_id, tenant_id, chunk, line, work_id, title, year, person,
			department, affiliation, partner_id, partner_name, partner_country, hits, areas, fields, coauthors)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return fmt.Errorf("prepare: %w", err)
		}
		defer stmt.Close()
		for i := range c.Findings {
			f := &c.Findings[i]
			if _, err := stmt.ExecContext(ctx, runID, tenantID, c.Chunk, f.Line, f.WorkID, f.Title, f.Year, f.Person, f.Department,
				f.Affiliation, f.PartnerID, f.PartnerName, f.PartnerCountry, enc[i].Hits, enc[i].Areas, enc[i].Fields, enc[i].Coauthors); err != nil {
				return fmt.Errorf("insert finding of line %d: %w", f.Line, err)
			}
		}
		created = true
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("save chunk %d of portfolio run %d: %w", c.Chunk, runID, err)
	}
	return created, nil
}

// PortfolioChunksDone implements store.Portfolio.
func (s *Store) PortfolioChunksDone(ctx context.Context, tenantID, runID int64) ([]int, error) {
	if _, err := s.PortfolioRun(ctx, tenantID, runID); err != nil {
		return nil, err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT chunk FROM portfolio_chunks WHERE run_id = ? ORDER BY chunk`, runID)
	if err != nil {
		return nil, fmt.Errorf("read chunks of portfolio run %d: %w", runID, err)
	}
	defer rows.Close()
	out := []int{}
	for rows.Next() {
		var c int
		if err := rows.Scan(&c); err != nil {
			return nil, fmt.Errorf("read chunks of portfolio run %d: %w", runID, err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
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
	if err := checkJSONText(string(b)); err != nil {
		return fmt.Errorf("%w: finish portfolio run %d: summary %w", store.ErrInvalid, runID, err)
	}
	err = s.writeTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE portfolio_runs SET state = ?, summary = ?, finished_at = ? WHERE id = ? AND tenant_id = ?`,
			string(state), string(b), portfolioTime(at), runID, tenantID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return absent(err, fmt.Sprintf("portfolio run %d", runID), n > 0)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("finish portfolio run %d: %w", runID, err)
	}
	return nil
}

// checkJSONText rejects JSON that holds text a database cannot store.
func checkJSONText(s string) error {
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			return errors.New("contains a NUL character")
		}
	}
	return nil
}

const portfolioFindingCols = `id, run_id, tenant_id, chunk, line, work_id, title, year, person, department, affiliation,
	partner_id, partner_name, partner_country, hits, areas, fields, coauthors`

func scanPortfolioFinding(row scanner) (store.PortfolioFinding, error) {
	var f store.PortfolioFinding
	var j store.PortfolioFindingJSON
	if err := row.Scan(&f.ID, &f.RunID, &f.TenantID, &f.Chunk, &f.Line, &f.WorkID, &f.Title, &f.Year, &f.Person, &f.Department,
		&f.Affiliation, &f.PartnerID, &f.PartnerName, &f.PartnerCountry, &j.Hits, &j.Areas, &j.Fields, &j.Coauthors); err != nil {
		return f, err
	}
	return f, store.DecodePortfolioFinding(&f, j)
}

// PortfolioFindings implements store.Portfolio.
func (s *Store) PortfolioFindings(ctx context.Context, tenantID, runID int64, fn func(store.PortfolioFinding) error) error {
	if _, err := s.PortfolioRun(ctx, tenantID, runID); err != nil {
		return err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+portfolioFindingCols+` FROM portfolio_findings WHERE run_id = ? AND tenant_id = ? ORDER BY id`, runID, tenantID)
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
	f, err := scanPortfolioFinding(s.r.QueryRowContext(ctx, `SELECT `+portfolioFindingCols+` FROM portfolio_findings WHERE id = ? AND tenant_id = ?`, id, tenantID))
	if errors.Is(err, sql.ErrNoRows) {
		return f, fmt.Errorf("portfolio finding %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return f, fmt.Errorf("read portfolio finding %d: %w", id, err)
	}
	return f, nil
}

// ClaimPortfolioChunk implements store.Portfolio. The check and the claim
// happen in one write transaction, so two workers cannot both win a chunk.
func (s *Store) ClaimPortfolioChunk(ctx context.Context, tenantID, runID int64, chunk int, worker string, lease time.Duration) (bool, error) {
	if err := store.ValidateClaim(chunk, worker, lease); err != nil {
		return false, err
	}
	ok := false
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		ok = false
		if found, err := exists(ctx, tx, `SELECT 1 FROM portfolio_runs WHERE id = ? AND tenant_id = ?`, runID, tenantID); err != nil || !found {
			return absent(err, fmt.Sprintf("portfolio run %d", runID), found)
		}
		if done, err := exists(ctx, tx, `SELECT 1 FROM portfolio_chunks WHERE run_id = ? AND chunk = ?`, runID, chunk); err != nil || done {
			return err
		}
		now := time.Now().UTC()
		until := portfolioTime(now.Add(lease))
		var holder, leaseText string
		err := tx.QueryRowContext(ctx, `SELECT claimed_by, lease_until FROM portfolio_claims WHERE run_id = ? AND chunk = ?`, runID, chunk).Scan(&holder, &leaseText)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if _, err := tx.ExecContext(ctx, `INSERT INTO portfolio_claims (run_id, chunk, claimed_by, lease_until) VALUES (?, ?, ?, ?)`,
				runID, chunk, worker, until); err != nil {
				return fmt.Errorf("insert claim: %w", err)
			}
			ok = true
			return nil
		case err != nil:
			return fmt.Errorf("read claim: %w", err)
		}
		held, err := time.Parse(timeFormat, leaseText)
		if err != nil {
			return fmt.Errorf("claim of chunk %d: bad lease_until %q: %w", chunk, leaseText, err)
		}
		if holder != worker && !held.Before(now) {
			return nil // another worker holds it
		}
		bump := 1
		if holder == worker {
			bump = 0 // a renewal, not a new claim
		}
		if _, err := tx.ExecContext(ctx, `UPDATE portfolio_claims SET claimed_by = ?, lease_until = ?, claims = claims + ? WHERE run_id = ? AND chunk = ?`,
			worker, until, bump, runID, chunk); err != nil {
			return fmt.Errorf("update claim: %w", err)
		}
		ok = true
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("claim chunk %d of portfolio run %d: %w", chunk, runID, err)
	}
	return ok, nil
}

// PortfolioChunkStats implements store.Portfolio.
func (s *Store) PortfolioChunkStats(ctx context.Context, tenantID, runID int64) ([]store.PortfolioChunkDone, error) {
	if _, err := s.PortfolioRun(ctx, tenantID, runID); err != nil {
		return nil, err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT chunk, records, saved_by, stats FROM portfolio_chunks WHERE run_id = ? ORDER BY chunk`, runID)
	if err != nil {
		return nil, fmt.Errorf("read chunks of portfolio run %d: %w", runID, err)
	}
	defer rows.Close()
	out := []store.PortfolioChunkDone{}
	for rows.Next() {
		var c store.PortfolioChunkDone
		var stats string
		if err := rows.Scan(&c.Chunk, &c.Records, &c.SavedBy, &stats); err != nil {
			return nil, fmt.Errorf("read chunks of portfolio run %d: %w", runID, err)
		}
		if err := json.Unmarshal([]byte(stats), &c.Stats); err != nil {
			return nil, fmt.Errorf("portfolio run %d chunk %d: bad stats column: %w", runID, c.Chunk, err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

package transfer

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// pgSession is one transaction on a PostgreSQL database: REPEATABLE READ,
// READ ONLY for reading (one snapshot for the whole copy), or a read-write
// transaction that locks the tables it fills.
type pgSession struct {
	tx pgx.Tx
}

func beginPostgres(ctx context.Context, pool *pgxpool.Pool, read bool) (*pgSession, error) {
	opts := pgx.TxOptions{}
	if read {
		opts = pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}
	}
	tx, err := pool.BeginTx(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	return &pgSession{tx: tx}, nil
}

func (s *pgSession) finish(ctx context.Context, commit bool) error {
	if commit {
		return s.tx.Commit(ctx)
	}
	err := s.tx.Rollback(ctx)
	if errors.Is(err, pgx.ErrTxClosed) {
		return nil
	}
	return err
}

func (s *pgSession) versions(ctx context.Context) ([]int, error) {
	var exists bool
	if err := s.tx.QueryRow(ctx, `SELECT to_regclass(quote_ident(current_schema()) || '.' || $1) IS NOT NULL`, SchemaTable).Scan(&exists); err != nil {
		return nil, fmt.Errorf("read schema: %w", err)
	}
	if !exists {
		return nil, fmt.Errorf("no %s table: not a collabcheck database", SchemaTable)
	}
	rows, err := s.tx.Query(ctx, `SELECT version FROM `+SchemaTable+` ORDER BY version`)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", SchemaTable, err)
	}
	vs, err := pgx.CollectRows(rows, pgx.RowTo[int32])
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", SchemaTable, err)
	}
	out := make([]int, len(vs))
	for i, v := range vs {
		out[i] = int(v)
	}
	return out, nil
}

func (s *pgSession) tables(ctx context.Context) (map[string]*table, error) {
	rows, err := s.tx.Query(ctx, `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> $1`, SchemaTable)
	if err != nil {
		return nil, err
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, err
	}
	out := map[string]*table{}
	for _, n := range names {
		out[n] = &table{name: n}
	}
	rows, err = s.tx.Query(ctx, `SELECT table_name::text, column_name::text, data_type::text, is_identity::text,
			COALESCE(column_default, ''), is_generated::text
		FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`)
	if err != nil {
		return nil, fmt.Errorf("columns: %w", err)
	}
	var tname, cname, typ, ident, def, gen string
	_, err = pgx.ForEachRow(rows, []any{&tname, &cname, &typ, &ident, &def, &gen}, func() error {
		t := out[tname]
		if t == nil || gen == "ALWAYS" { // views, bookkeeping; generated columns are computed
			return nil
		}
		t.cols = append(t.cols, column{name: cname, pgType: typ})
		if ident == "YES" || strings.HasPrefix(def, "nextval(") {
			t.idCol = cname
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("columns: %w", err)
	}
	rows, err = s.tx.Query(ctx, `SELECT DISTINCT c.relname::text, p.relname::text FROM pg_constraint k
		JOIN pg_class c ON c.oid = k.conrelid
		JOIN pg_class p ON p.oid = k.confrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE k.contype = 'f' AND n.nspname = current_schema()`)
	if err != nil {
		return nil, fmt.Errorf("foreign keys: %w", err)
	}
	var child, parent string
	_, err = pgx.ForEachRow(rows, []any{&child, &parent}, func() error {
		if t := out[child]; t != nil {
			t.parents = append(t.parents, parent)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("foreign keys: %w", err)
	}
	return out, nil
}

func (s *pgSession) count(ctx context.Context, name string) (int64, error) {
	var n int64
	if err := s.tx.QueryRow(ctx, `SELECT COUNT(*) FROM `+quote(name)).Scan(&n); err != nil {
		return 0, fmt.Errorf("count %s: %w", name, err)
	}
	return n, nil
}

// lock keeps writers off the tables (readers may go on) until commit, so
// nothing slips in between the emptiness check and the copy.
func (s *pgSession) lock(ctx context.Context, tables []string) error {
	if len(tables) == 0 {
		return nil
	}
	// A server holding a long transaction makes this wait; give up with
	// a clear error rather than hang.
	if _, err := s.tx.Exec(ctx, `SET LOCAL lock_timeout = '30s'`); err != nil {
		return fmt.Errorf("lock tables: %w", err)
	}
	if _, err := s.tx.Exec(ctx, `LOCK TABLE `+quoteAll(tables)+` IN EXCLUSIVE MODE`); err != nil {
		return fmt.Errorf("lock tables (is another process writing to the target?): %w", err)
	}
	if _, err := s.tx.Exec(ctx, `SET LOCAL lock_timeout = 0`); err != nil {
		return fmt.Errorf("lock tables: %w", err)
	}
	return nil
}

func (s *pgSession) rows(ctx context.Context, p *tablePlan, t *table) (rowIter, error) {
	sel := make([]string, len(p.cols))
	for i, c := range p.cols {
		sel[i] = quote(c)
		if p.kinds[i] == kindJSON {
			sel[i] += "::text" // the JSON text as stored, not a decoded value
		}
	}
	rows, err := s.tx.Query(ctx, `SELECT `+strings.Join(sel, ", ")+` FROM `+quote(p.name))
	if err != nil {
		return nil, err
	}
	return &pgRows{rows: rows, p: p}, nil
}

type pgRows struct {
	rows pgx.Rows
	p    *tablePlan
	n    int64
}

func (r *pgRows) Next() bool { r.n++; return r.rows.Next() }
func (r *pgRows) Err() error { return r.rows.Err() }
func (r *pgRows) Close()     { r.rows.Close() }

func (r *pgRows) Values() ([]any, error) {
	raw, err := r.rows.Values()
	if err != nil {
		return nil, fmt.Errorf("row %d: %w", r.n, err)
	}
	out := make([]any, len(raw))
	for i, v := range raw {
		c, err := toCanonical(v, r.p.kinds[i], func() string { return fmt.Sprintf("row %d column %s", r.n, r.p.cols[i]) })
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}

// copySource feeds canonical rows to COPY; pgx encodes each for its
// column's type (text into json/jsonb as JSON text).
type copySource struct {
	it  rowIter
	err error
}

func (c *copySource) Next() bool { return c.err == nil && c.it.Next() }
func (c *copySource) Values() ([]any, error) {
	v, err := c.it.Values()
	if err != nil {
		c.err = err
	}
	return v, err
}
func (c *copySource) Err() error {
	if c.err != nil {
		return c.err
	}
	return c.it.Err()
}

// insert streams the rows with COPY, which PostgreSQL checks against
// foreign keys at the end of the statement.
func (s *pgSession) insert(ctx context.Context, p *tablePlan, it rowIter, batch int) (int64, error) {
	n, err := s.tx.CopyFrom(ctx, pgx.Identifier{p.name}, p.cols, &copySource{it: it})
	if err != nil {
		return n, fmt.Errorf("copy rows: %w", err)
	}
	return n, nil
}

// sequence returns the sequence behind the table's id column, or "".
func (s *pgSession) sequence(ctx context.Context, t *table) (string, error) {
	var seq *string
	if err := s.tx.QueryRow(ctx, `SELECT pg_get_serial_sequence($1, $2)`, quote(t.name), t.idCol).Scan(&seq); err != nil {
		return "", err
	}
	if seq == nil {
		return "", nil
	}
	return *seq, nil
}

func (s *pgSession) maxID(ctx context.Context, t *table) (int64, error) {
	var hw int64
	err := s.tx.QueryRow(ctx, `SELECT COALESCE(MAX(`+quote(t.idCol)+`), 0)::bigint FROM `+quote(t.name)).Scan(&hw)
	return hw, err
}

func (s *pgSession) highWater(ctx context.Context, t *table) (int64, error) {
	hw, err := s.maxID(ctx, t)
	if err != nil {
		return 0, err
	}
	seq, err := s.sequence(ctx, t)
	if err != nil || seq == "" {
		return hw, err
	}
	var last int64
	var called bool
	// seq comes from pg_get_serial_sequence, already quoted as needed.
	if err := s.tx.QueryRow(ctx, `SELECT last_value, is_called FROM `+seq).Scan(&last, &called); err != nil {
		return 0, err
	}
	if !called {
		last--
	}
	return max(hw, last), nil
}

func (s *pgSession) setHighWater(ctx context.Context, t *table, hw int64) error {
	cur, err := s.maxID(ctx, t)
	if err != nil {
		return err
	}
	hw = max(hw, cur)
	seq, err := s.sequence(ctx, t)
	if err != nil || seq == "" || hw <= 0 {
		return err
	}
	_, err = s.tx.Exec(ctx, `SELECT setval($1::regclass, $2, true)`, seq, hw)
	return err
}

// check has nothing to do: COPY checked foreign keys statement by statement.
func (s *pgSession) check(ctx context.Context) error { return nil }

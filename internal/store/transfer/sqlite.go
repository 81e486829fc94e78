package transfer

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// sqliteSession is one transaction on a SQLite database. On a reader the
// transaction is deferred: its snapshot is fixed by the first read, and WAL
// lets writers go on meanwhile. On the store's writer it begins IMMEDIATE,
// so it holds the write lock throughout.
type sqliteSession struct {
	tx   *sql.Tx
	read bool
}

func beginSQLite(ctx context.Context, db *sql.DB, read bool) (*sqliteSession, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	s := &sqliteSession{tx: tx, read: read}
	if read {
		// Fix the snapshot now, before the schema is read.
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_schema`).Scan(&n); err != nil {
			tx.Rollback()
			return nil, fmt.Errorf("read schema: %w", notSQLite(err))
		}
		return s, nil
	}
	// Foreign keys are checked at commit, so rows of a table that
	// references itself may come in any order.
	if _, err := tx.ExecContext(ctx, `PRAGMA defer_foreign_keys = ON`); err != nil {
		tx.Rollback()
		return nil, fmt.Errorf("defer foreign keys: %w", err)
	}
	return s, nil
}

// notSQLite makes SQLite's terse complaint about a non-database file
// readable.
func notSQLite(err error) error {
	if err != nil && strings.Contains(err.Error(), "file is not a database") {
		return fmt.Errorf("not a SQLite database: %w", err)
	}
	return err
}

func (s *sqliteSession) finish(ctx context.Context, commit bool) error {
	if commit {
		return s.tx.Commit()
	}
	err := s.tx.Rollback()
	if errors.Is(err, sql.ErrTxDone) {
		return nil
	}
	return err
}

func (s *sqliteSession) versions(ctx context.Context) ([]int, error) {
	var n int
	if err := s.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = ?`, SchemaTable).Scan(&n); err != nil {
		return nil, fmt.Errorf("read schema: %w", notSQLite(err))
	}
	if n == 0 {
		return nil, fmt.Errorf("no %s table: not a collabcheck database", SchemaTable)
	}
	rows, err := s.tx.QueryContext(ctx, `SELECT version FROM `+SchemaTable+` ORDER BY version`)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", SchemaTable, err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("read %s: %w", SchemaTable, err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func (s *sqliteSession) tables(ctx context.Context) (map[string]*table, error) {
	rows, err := s.tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_schema
		WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' AND name <> ?`, SchemaTable)
	if err != nil {
		return nil, notSQLite(err)
	}
	out := map[string]*table{}
	ddl := map[string]string{}
	for rows.Next() {
		var name string
		var def sql.NullString
		if err := rows.Scan(&name, &def); err != nil {
			rows.Close()
			return nil, err
		}
		out[name] = &table{name: name}
		ddl[name] = def.String
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for name, t := range out {
		cols, err := s.tx.QueryContext(ctx, `SELECT name, type, pk, hidden FROM pragma_table_xinfo(?) ORDER BY cid`, name)
		if err != nil {
			return nil, fmt.Errorf("columns of %s: %w", name, err)
		}
		var pks []string
		var pkType string
		for cols.Next() {
			var c, typ string
			var pk, hidden int
			if err := cols.Scan(&c, &typ, &pk, &hidden); err != nil {
				cols.Close()
				return nil, fmt.Errorf("columns of %s: %w", name, err)
			}
			if hidden != 0 { // generated or virtual-table hidden columns are not stored
				continue
			}
			t.cols = append(t.cols, column{name: c})
			if pk > 0 {
				pks = append(pks, c)
				pkType = typ
			}
		}
		cols.Close()
		if err := cols.Err(); err != nil {
			return nil, fmt.Errorf("columns of %s: %w", name, err)
		}
		// An INTEGER PRIMARY KEY is the rowid, the id SQLite hands out.
		if len(pks) == 1 && strings.EqualFold(pkType, "INTEGER") {
			t.idCol = pks[0]
			t.autoinc = strings.Contains(strings.ToUpper(ddl[name]), "AUTOINCREMENT")
		}
		fks, err := s.tx.QueryContext(ctx, `SELECT DISTINCT "table" FROM pragma_foreign_key_list(?)`, name)
		if err != nil {
			return nil, fmt.Errorf("foreign keys of %s: %w", name, err)
		}
		for fks.Next() {
			var p string
			if err := fks.Scan(&p); err != nil {
				fks.Close()
				return nil, fmt.Errorf("foreign keys of %s: %w", name, err)
			}
			t.parents = append(t.parents, p)
		}
		fks.Close()
		if err := fks.Err(); err != nil {
			return nil, fmt.Errorf("foreign keys of %s: %w", name, err)
		}
	}
	return out, nil
}

func (s *sqliteSession) count(ctx context.Context, name string) (int64, error) {
	var n int64
	if err := s.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+quote(name)).Scan(&n); err != nil {
		return 0, fmt.Errorf("count %s: %w", name, err)
	}
	return n, nil
}

func (s *sqliteSession) lock(ctx context.Context, tables []string) error {
	return nil // the writer's BEGIN IMMEDIATE already holds the database's write lock
}

func (s *sqliteSession) rows(ctx context.Context, p *tablePlan, t *table) (rowIter, error) {
	rows, err := s.tx.QueryContext(ctx, `SELECT `+quoteAll(p.cols)+` FROM `+quote(p.name))
	if err != nil {
		return nil, err
	}
	r := &sqliteRows{rows: rows, p: p, raw: make([]any, len(p.cols)), ptrs: make([]any, len(p.cols))}
	for i := range r.raw {
		r.ptrs[i] = &r.raw[i]
	}
	return r, nil
}

type sqliteRows struct {
	rows *sql.Rows
	p    *tablePlan
	raw  []any // scanned values, reused row to row
	ptrs []any // pointers into raw
	n    int64
}

func (r *sqliteRows) Next() bool { r.n++; return r.rows.Next() }
func (r *sqliteRows) Err() error { return r.rows.Err() }
func (r *sqliteRows) Close()     { r.rows.Close() }

func (r *sqliteRows) Values() ([]any, error) {
	if err := r.rows.Scan(r.ptrs...); err != nil {
		return nil, fmt.Errorf("row %d: %w", r.n, err)
	}
	out := make([]any, len(r.raw))
	for i, v := range r.raw {
		c, err := toCanonical(v, r.p.kinds[i], func() string { return fmt.Sprintf("row %d column %s", r.n, r.p.cols[i]) })
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}

// toSQLite converts a canonical value to what the sqlite store writes.
func toSQLite(v any) any {
	switch x := v.(type) {
	case time.Time:
		return x.UTC().Format(sqliteTime)
	case bool:
		if x {
			return int64(1)
		}
		return int64(0)
	}
	return v
}

// sqliteMaxVars is SQLite's default limit on bound values per statement.
const sqliteMaxVars = 32766

func (s *sqliteSession) insert(ctx context.Context, p *tablePlan, it rowIter, batch int) (int64, error) {
	per := max(1, min(batch, sqliteMaxVars/len(p.cols)))
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(p.cols)), ", ") + ")"
	head := `INSERT INTO ` + quote(p.name) + ` (` + quoteAll(p.cols) + `) VALUES `
	stmtFor := func(rows int) string {
		return head + strings.TrimSuffix(strings.Repeat(one+", ", rows), ", ")
	}
	full, err := s.tx.PrepareContext(ctx, stmtFor(per))
	if err != nil {
		return 0, fmt.Errorf("prepare insert: %w", err)
	}
	defer full.Close()
	args := make([]any, 0, per*len(p.cols))
	var n int64
	flush := func() error {
		if len(args) == 0 {
			return nil
		}
		rows := len(args) / len(p.cols)
		var err error
		if rows == per {
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = s.tx.ExecContext(ctx, stmtFor(rows), args...)
		}
		if err != nil {
			return fmt.Errorf("insert rows %d-%d: %w", n-int64(rows)+1, n, err)
		}
		args = args[:0]
		return nil
	}
	for it.Next() {
		vals, err := it.Values()
		if err != nil {
			return n, err
		}
		for _, v := range vals {
			args = append(args, toSQLite(v))
		}
		n++
		if len(args) == per*len(p.cols) {
			if err := flush(); err != nil {
				return n, err
			}
		}
	}
	if err := it.Err(); err != nil {
		return n, fmt.Errorf("read source: %w", err)
	}
	return n, flush()
}

func (s *sqliteSession) highWater(ctx context.Context, t *table) (int64, error) {
	var hw int64
	if err := s.tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(`+quote(t.idCol)+`), 0) FROM `+quote(t.name)).Scan(&hw); err != nil {
		return 0, err
	}
	if t.autoinc {
		var seq sql.NullInt64
		err := s.tx.QueryRowContext(ctx, `SELECT seq FROM sqlite_sequence WHERE name = ?`, t.name).Scan(&seq)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return 0, err
		}
		hw = max(hw, seq.Int64)
	}
	return hw, nil
}

func (s *sqliteSession) setHighWater(ctx context.Context, t *table, hw int64) error {
	if !t.autoinc {
		return nil // a plain rowid continues from the largest id present
	}
	cur, err := s.highWater(ctx, t)
	if err != nil {
		return err
	}
	hw = max(hw, cur)
	if hw == 0 {
		return nil
	}
	res, err := s.tx.ExecContext(ctx, `UPDATE sqlite_sequence SET seq = ? WHERE name = ?`, hw, t.name)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		_, err = s.tx.ExecContext(ctx, `INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)`, t.name, hw)
	}
	return err
}

// check runs SQLite's foreign key check inside the transaction: with
// foreign keys deferred a violation would only fail COMMIT, which leaves
// the transaction open on the connection.
func (s *sqliteSession) check(ctx context.Context) error {
	rows, err := s.tx.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return fmt.Errorf("foreign key check: %w", err)
	}
	defer rows.Close()
	var bad []string
	for rows.Next() {
		var tbl, parent string
		var rowid sql.NullInt64
		var fk int
		if err := rows.Scan(&tbl, &rowid, &parent, &fk); err != nil {
			return fmt.Errorf("foreign key check: %w", err)
		}
		if len(bad) < 10 {
			bad = append(bad, fmt.Sprintf("table %s row %d references %s, which has no such row", tbl, rowid.Int64, parent))
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("foreign key check: %w", err)
	}
	if len(bad) > 0 {
		return fmt.Errorf("foreign key check: %s", strings.Join(bad, "; "))
	}
	return nil
}

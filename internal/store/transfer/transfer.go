// Package transfer copies a whole collabcheck database from one store
// backend to another, for `collabcheck migrate` (SQLite into PostgreSQL),
// `collabcheck backup` and `collabcheck restore`.
//
// Nothing here knows the table list: the tables, their columns and the
// foreign keys between them are read from the source and target schemas at
// run time, so tables added by later migrations are copied without changes
// to this package. The copy
//
//   - reads the source inside one snapshot transaction (a deferred read
//     transaction on SQLite's WAL, REPEATABLE READ on PostgreSQL), so a
//     server may keep writing and the copy is still consistent;
//   - writes the target inside one transaction, so on any error the target
//     is left as it was (empty);
//   - refuses unless both databases are at the same migration version and
//     the target's data tables are empty;
//   - copies parents before children (by foreign key), keeps every id, and
//     moves identity sequences past the copied ids;
//   - verifies, before committing, that every table has as many rows in the
//     target as were read from the source and that an order-independent
//     checksum of the values read back from the target equals the source's.
//
// Values are carried in a canonical form per column kind (integer, float,
// text, bytes, boolean, time, JSON), taken from the PostgreSQL column type
// when one end is PostgreSQL; between two SQLite databases values are copied
// exactly as stored.
package transfer

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// SchemaTable is the bookkeeping table the migrations package records
// applied migrations in. It is compared, not copied.
const SchemaTable = "schema_migrations"

// DefaultBatch is how many rows go into one multi-row INSERT on SQLite
// targets when Options.Batch is zero. PostgreSQL targets stream rows with
// COPY, which batches by itself.
const DefaultBatch = 256

// Options tune a copy.
type Options struct {
	// Batch is the number of rows per INSERT statement on SQLite targets
	// (DefaultBatch when zero; capped by SQLite's limit on bound values).
	Batch int
	// Progress, when set, is called after each table is copied.
	Progress func(table string, rows int64)
}

// TableReport is what a copy or comparison found for one table.
type TableReport struct {
	Name string `json:"name"`
	Rows int64  `json:"rows"`
	// Checksum is the order-independent checksum of the table's values in
	// canonical form (hex), equal on both sides after a successful copy.
	Checksum string `json:"checksum"`
}

// Report summarises a copy or comparison.
type Report struct {
	Source  string        `json:"source"`
	Target  string        `json:"target"`
	Version int           `json:"schema_version"` // highest migration applied on both
	Tables  []TableReport `json:"tables"`         // in copy order: parents first
	Elapsed time.Duration `json:"elapsed_ns"`
}

// Rows is the total number of rows over all tables.
func (r Report) Rows() int64 {
	var n int64
	for _, t := range r.Tables {
		n += t.Rows
	}
	return n
}

// ErrVersion reports that the two databases are at different migration
// versions; ErrNotEmpty that the target already holds data. Both are
// returned wrapped with the details.
var (
	ErrVersion  = errors.New("schema versions differ")
	ErrNotEmpty = errors.New("target database is not empty")
	ErrSchema   = errors.New("schemas differ")
)

// Copy copies every row of every data table of src into dst, which must be
// at the same migration version and empty. It returns what it copied; on
// error nothing is written to dst.
func Copy(ctx context.Context, src, dst DB, opt Options) (rep Report, err error) {
	start := time.Now()
	rep = Report{Source: src.name, Target: dst.name}
	if err := src.valid(); err != nil {
		return rep, fmt.Errorf("copy: source: %w", err)
	}
	if err := dst.valid(); err != nil {
		return rep, fmt.Errorf("copy: target: %w", err)
	}
	in, err := src.reader(ctx)
	if err != nil {
		return rep, fmt.Errorf("copy from %s: %w", src.name, err)
	}
	defer in.finish(context.WithoutCancel(ctx), false)
	out, err := dst.writer(ctx)
	if err != nil {
		return rep, fmt.Errorf("copy to %s: %w", dst.name, err)
	}
	committed := false
	defer func() {
		if !committed {
			out.finish(context.WithoutCancel(ctx), false)
		}
	}()
	wrap := func(err error) error { return fmt.Errorf("copy %s to %s: %w", src.name, dst.name, err) }

	plans, version, err := plan(ctx, in, out, src, dst)
	if err != nil {
		return rep, wrap(err)
	}
	rep.Version = version
	names := make([]string, len(plans))
	for i, p := range plans {
		names[i] = p.name
	}
	if err := out.lock(ctx, names); err != nil {
		return rep, wrap(err)
	}
	var full []string
	for _, p := range plans {
		n, err := out.count(ctx, p.name)
		if err != nil {
			return rep, wrap(err)
		}
		if n > 0 {
			full = append(full, fmt.Sprintf("%s (%s)", p.name, plural(n, "row")))
		}
	}
	if len(full) > 0 {
		return rep, wrap(fmt.Errorf("%w: %s already has data in %s; restore and migrate only fill an empty database", ErrNotEmpty, dst.name, strings.Join(full, ", ")))
	}

	for _, p := range plans {
		it, err := in.rows(ctx, p, p.src)
		if err != nil {
			return rep, wrap(fmt.Errorf("read %s: %w", p.name, err))
		}
		var sum digest
		tee := &summing{rowIter: it, sum: &sum}
		n, err := out.insert(ctx, p, tee, opt.batch())
		it.Close()
		if err != nil {
			return rep, wrap(fmt.Errorf("table %s: %w", p.name, err))
		}
		if n != sum.n {
			return rep, wrap(fmt.Errorf("table %s: wrote %d rows but read %d", p.name, n, sum.n))
		}
		rep.Tables = append(rep.Tables, TableReport{Name: p.name, Rows: n, Checksum: sum.String()})
		if opt.Progress != nil {
			opt.Progress(p.name, n)
		}
	}

	// Verify inside the target transaction, before anything is visible.
	for i, p := range plans {
		want := rep.Tables[i]
		n, err := out.count(ctx, p.name)
		if err != nil {
			return rep, wrap(err)
		}
		if n != want.Rows {
			return rep, wrap(fmt.Errorf("verify %s: target has %d rows, source %d", p.name, n, want.Rows))
		}
		got, err := checksum(ctx, out, p, p.dst)
		if err != nil {
			return rep, wrap(fmt.Errorf("verify %s: %w", p.name, err))
		}
		if got.String() != want.Checksum {
			return rep, wrap(fmt.Errorf("verify %s: values read back from the target differ from the source (checksum %s, source %s)", p.name, got.String(), want.Checksum))
		}
	}
	if err := out.check(ctx); err != nil {
		return rep, wrap(err)
	}
	// Last, because PostgreSQL's setval is not undone by a rollback.
	for _, p := range plans {
		if p.src.idCol != "" && p.dst.idCol != "" {
			hw, err := in.highWater(ctx, p.src)
			if err != nil {
				return rep, wrap(fmt.Errorf("table %s: read id sequence: %w", p.name, err))
			}
			if err := out.setHighWater(ctx, p.dst, hw); err != nil {
				return rep, wrap(fmt.Errorf("table %s: reset id sequence: %w", p.name, err))
			}
		}
	}
	if err := out.finish(ctx, true); err != nil {
		return rep, wrap(fmt.Errorf("commit: %w", err))
	}
	committed = true
	rep.Elapsed = time.Since(start)
	return rep, nil
}

// Compare reads a and b, each in one snapshot, and reports each table's
// row count and checksum. It returns an error naming every table whose rows
// differ, and ErrVersion or ErrSchema when the databases cannot be compared.
// Values are compared in the canonical form Copy uses, so a SQLite source
// and the PostgreSQL database it was migrated into compare equal.
func Compare(ctx context.Context, a, b DB) (Report, error) {
	start := time.Now()
	rep := Report{Source: a.name, Target: b.name}
	if err := a.valid(); err != nil {
		return rep, fmt.Errorf("compare: %w", err)
	}
	if err := b.valid(); err != nil {
		return rep, fmt.Errorf("compare: %w", err)
	}
	ra, err := a.reader(ctx)
	if err != nil {
		return rep, fmt.Errorf("compare %s: %w", a.name, err)
	}
	defer ra.finish(ctx, false)
	rb, err := b.reader(ctx)
	if err != nil {
		return rep, fmt.Errorf("compare %s: %w", b.name, err)
	}
	defer rb.finish(ctx, false)
	plans, version, err := plan(ctx, ra, rb, a, b)
	if err != nil {
		return rep, fmt.Errorf("compare %s with %s: %w", a.name, b.name, err)
	}
	rep.Version = version
	var diffs []string
	for _, p := range plans {
		sa, err := checksum(ctx, ra, p, p.src)
		if err != nil {
			return rep, fmt.Errorf("compare: %s: table %s: %w", a.name, p.name, err)
		}
		sb, err := checksum(ctx, rb, p, p.dst)
		if err != nil {
			return rep, fmt.Errorf("compare: %s: table %s: %w", b.name, p.name, err)
		}
		if sa.n != sb.n || sa != sb {
			diffs = append(diffs, fmt.Sprintf("%s (%d rows, checksum %s vs %d rows, checksum %s)", p.name, sa.n, sa.String(), sb.n, sb.String()))
		}
		rep.Tables = append(rep.Tables, TableReport{Name: p.name, Rows: sa.n, Checksum: sa.String()})
	}
	rep.Elapsed = time.Since(start)
	if len(diffs) > 0 {
		return rep, fmt.Errorf("compare %s with %s: tables differ: %s", a.name, b.name, strings.Join(diffs, "; "))
	}
	return rep, nil
}

func (o Options) batch() int {
	if o.Batch > 0 {
		return o.Batch
	}
	return DefaultBatch
}

// checksum reads every row of the table through s and sums them.
func checksum(ctx context.Context, s session, p *tablePlan, t *table) (digest, error) {
	var sum digest
	it, err := s.rows(ctx, p, t)
	if err != nil {
		return sum, err
	}
	defer it.Close()
	for it.Next() {
		vals, err := it.Values()
		if err != nil {
			return sum, err
		}
		if err := sum.add(vals); err != nil {
			return sum, err
		}
	}
	return sum, it.Err()
}

// plan checks that the two databases are at the same migration version and
// have the same tables and columns, and returns the tables in copy order
// (foreign-key parents first) with each column's kind.
func plan(ctx context.Context, a, b session, da, db DB) ([]*tablePlan, int, error) {
	va, err := a.versions(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", da.name, err)
	}
	vb, err := b.versions(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", db.name, err)
	}
	if !slices.Equal(va, vb) {
		return nil, 0, fmt.Errorf("%w: %s is at migration %s, %s at %s; open both with the same collabcheck version (opening a database applies its pending migrations) and try again",
			ErrVersion, da.name, describeVersions(va), db.name, describeVersions(vb))
	}
	version := 0
	if len(va) > 0 {
		version = va[len(va)-1]
	}
	ta, err := a.tables(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: read schema: %w", da.name, err)
	}
	tb, err := b.tables(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: read schema: %w", db.name, err)
	}
	var onlyA, onlyB []string
	for n := range ta {
		if tb[n] == nil {
			onlyA = append(onlyA, n)
		}
	}
	for n := range tb {
		if ta[n] == nil {
			onlyB = append(onlyB, n)
		}
	}
	if len(onlyA)+len(onlyB) > 0 {
		sort.Strings(onlyA)
		sort.Strings(onlyB)
		return nil, 0, fmt.Errorf("%w: tables only in %s: [%s]; only in %s: [%s]", ErrSchema, da.name, strings.Join(onlyA, " "), db.name, strings.Join(onlyB, " "))
	}
	order, err := parentsFirst(ta)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", da.name, err)
	}
	pgEnd := da.pool != nil || db.pool != nil
	var plans []*tablePlan
	for _, name := range order {
		p, err := planTable(ta[name], tb[name], da, db, pgEnd)
		if err != nil {
			return nil, 0, err
		}
		plans = append(plans, p)
	}
	return plans, version, nil
}

// planTable matches the columns of one table by name, in the second
// database's order, and picks each column's kind.
func planTable(a, b *table, da, db DB, pgEnd bool) (*tablePlan, error) {
	p := &tablePlan{name: a.name, src: a, dst: b}
	ca := map[string]column{}
	for _, c := range a.cols {
		ca[c.name] = c
	}
	var missing []string
	for _, c := range b.cols {
		if _, ok := ca[c.name]; !ok {
			missing = append(missing, c.name)
		}
	}
	if len(missing) > 0 || len(a.cols) != len(b.cols) {
		return nil, fmt.Errorf("%w: table %s has columns [%s] in %s but [%s] in %s",
			ErrSchema, a.name, strings.Join(colNames(a.cols), " "), da.name, strings.Join(colNames(b.cols), " "), db.name)
	}
	for _, c := range b.cols {
		k := kindRaw
		if pgEnd {
			pgType := c.pgType
			if pgType == "" {
				pgType = ca[c.name].pgType
			}
			var err error
			if k, err = kindOf(pgType); err != nil {
				return nil, fmt.Errorf("table %s column %s: %w", a.name, c.name, err)
			}
		}
		p.cols = append(p.cols, c.name)
		p.kinds = append(p.kinds, k)
	}
	return p, nil
}

func colNames(cs []column) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.name
	}
	return out
}

func describeVersions(vs []int) string {
	if len(vs) == 0 {
		return "none (no migrations applied)"
	}
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = fmt.Sprintf("%04d", v)
	}
	return fmt.Sprintf("%d (applied: %s)", vs[len(vs)-1], strings.Join(parts, " "))
}

// parentsFirst orders tables so that every table comes after the tables
// its foreign keys reference (self-references aside). Ties are broken by
// name so the order is stable. A cycle is an error: no insert order could
// satisfy immediate foreign-key checks on PostgreSQL.
func parentsFirst(ts map[string]*table) ([]string, error) {
	names := make([]string, 0, len(ts))
	for n := range ts {
		names = append(names, n)
	}
	sort.Strings(names)
	done := map[string]bool{}
	var order []string
	for len(order) < len(names) {
		progress := false
		for _, n := range names {
			if done[n] {
				continue
			}
			ready := true
			for _, parent := range ts[n].parents {
				if parent != n && !done[parent] {
					if ts[parent] == nil {
						return nil, fmt.Errorf("table %s references table %s, which is not a data table", n, parent)
					}
					ready = false
					break
				}
			}
			if ready {
				done[n] = true
				order = append(order, n)
				progress = true
			}
		}
		if !progress {
			var left []string
			for _, n := range names {
				if !done[n] {
					left = append(left, n)
				}
			}
			return nil, fmt.Errorf("foreign keys form a cycle among tables %s; transfer cannot order them", strings.Join(left, ", "))
		}
	}
	return order, nil
}

// quote quotes an identifier for both SQLite and PostgreSQL.
func quote(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = quote(n)
	}
	return strings.Join(q, ", ")
}

// plural spells a count with its noun: "1 row", "2 rows".
func plural(n int64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

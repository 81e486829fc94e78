package transfer

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/store/postgres"
	"github.com/collabcheck/collabcheck/internal/store/sqlite"
)

// DB is one end of a copy: a SQLite database (through database/sql and
// modernc.org/sqlite) or a PostgreSQL database (through a pgx pool). The
// handles stay owned by the caller.
type DB struct {
	name   string
	w, r   *sql.DB // SQLite: writer (may be nil for a read-only source) and reader
	pool   *pgxpool.Pool
	sqlite bool
}

// SQLite returns a SQLite end. w is used when the database is written
// (transactions on it must take the write lock at BEGIN, as the sqlite
// store's writer does, or be the only connection) and may be nil for a
// read-only source; r is used to read a snapshot and may be nil, in which
// case w is used. name describes the database in messages.
func SQLite(w, r *sql.DB, name string) DB {
	if r == nil {
		r = w
	}
	return DB{name: name, w: w, r: r, sqlite: true}
}

// Postgres returns a PostgreSQL end on pool; name describes the database
// in messages (it should not contain a password).
func Postgres(pool *pgxpool.Pool, name string) DB {
	return DB{name: name, pool: pool}
}

// FromStore returns the end for an open store of either backend; name
// describes it in messages.
func FromStore(st store.Store, name string) (DB, error) {
	switch s := st.(type) {
	case *sqlite.Store:
		return SQLite(s.DB(), s.ReadDB(), name), nil
	case *postgres.Store:
		return Postgres(s.Pool(), name), nil
	default:
		return DB{}, fmt.Errorf("transfer: store %T is neither the SQLite nor the PostgreSQL backend", st)
	}
}

// Name is the description given when the end was made.
func (d DB) Name() string { return d.name }

// IsPostgres reports whether the end is a PostgreSQL database.
func (d DB) IsPostgres() bool { return d.pool != nil }

func (d DB) valid() error {
	switch {
	case d.pool != nil:
		return nil
	case d.sqlite && d.r != nil:
		return nil
	}
	return fmt.Errorf("%q: no database handle (use transfer.SQLite, transfer.Postgres or transfer.FromStore)", d.name)
}

// reader begins a snapshot read of the database.
func (d DB) reader(ctx context.Context) (session, error) {
	if d.pool != nil {
		return beginPostgres(ctx, d.pool, true)
	}
	return beginSQLite(ctx, d.r, true)
}

// writer begins the transaction that fills the database.
func (d DB) writer(ctx context.Context) (session, error) {
	if d.pool != nil {
		return beginPostgres(ctx, d.pool, false)
	}
	if d.w == nil {
		return nil, errors.New("opened read-only; cannot be written")
	}
	return beginSQLite(ctx, d.w, false)
}

// session is one transaction on one database: a snapshot for reading or
// the transaction that fills a target.
type session interface {
	// versions returns the applied migration versions, ascending.
	versions(ctx context.Context) ([]int, error)
	// tables returns the data tables (all but schema bookkeeping).
	tables(ctx context.Context) (map[string]*table, error)
	count(ctx context.Context, table string) (int64, error)
	// rows reads every row of p's table, columns in p's order, as
	// canonical values; t is this database's view of the table.
	rows(ctx context.Context, p *tablePlan, t *table) (rowIter, error)
	// insert writes every row from it (canonical values, p's columns).
	insert(ctx context.Context, p *tablePlan, it rowIter, batch int) (int64, error)
	// lock keeps other writers off the tables until the transaction ends.
	lock(ctx context.Context, tables []string) error
	// highWater is the largest id the table's id sequence has handed out
	// (at least the largest id present).
	highWater(ctx context.Context, t *table) (int64, error)
	// setHighWater moves the id sequence so the next id is above both hw
	// and every id present.
	setHighWater(ctx context.Context, t *table, hw int64) error
	// check finds what commit would refuse (deferred foreign keys), so
	// the transaction can still be rolled back cleanly.
	check(ctx context.Context) error
	finish(ctx context.Context, commit bool) error
}

// table is one data table as one database describes it.
type table struct {
	name    string
	cols    []column
	parents []string // tables its foreign keys reference
	idCol   string   // the auto-incrementing id column, if any
	autoinc bool     // SQLite: declared AUTOINCREMENT (sqlite_sequence)
}

type column struct {
	name   string
	pgType string // PostgreSQL data_type; "" on SQLite
}

// tablePlan is how one table is carried: its columns in the target's
// order and each one's kind.
type tablePlan struct {
	name     string
	cols     []string
	kinds    []kind
	src, dst *table
}

// kind is a column's logical type, shared by both dialects.
type kind int

const (
	kindRaw   kind = iota // SQLite to SQLite: values as stored
	kindInt               // int64
	kindFloat             // float64
	kindText              // string
	kindJSON              // string holding JSON text
	kindBytes             // []byte
	kindBool              // bool
	kindTime              // time.Time in UTC
)

var kindNames = [...]string{"raw", "integer", "float", "text", "json", "bytes", "boolean", "time"}

func (k kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return fmt.Sprintf("kind(%d)", int(k))
	}
	return kindNames[k]
}

// kindOf maps a PostgreSQL information_schema data_type to a kind. Types
// the migrations do not use are refused rather than guessed at, so a new
// column type fails the round-trip tests instead of corrupting data.
func kindOf(pgType string) (kind, error) {
	switch pgType {
	case "bigint", "integer", "smallint":
		return kindInt, nil
	case "double precision", "real":
		return kindFloat, nil
	case "text", "character varying", "character":
		return kindText, nil
	case "json", "jsonb":
		return kindJSON, nil
	case "bytea":
		return kindBytes, nil
	case "boolean":
		return kindBool, nil
	case "timestamp with time zone":
		return kindTime, nil
	case "":
		return 0, errors.New("no PostgreSQL type known for the column")
	}
	return 0, fmt.Errorf("PostgreSQL type %q is not supported by transfer (add it to transfer.kindOf with a round-trip test)", pgType)
}

// sqliteTime is how the sqlite store writes times: sortable UTC text with
// microseconds. It must match internal/store/sqlite, which parses exactly
// this layout; the round-trip tests read migrated times back through it.
const sqliteTime = "2006-01-02T15:04:05.000000Z"

// rowIter yields rows as canonical values.
type rowIter interface {
	Next() bool
	Values() ([]any, error)
	Err() error
	Close()
}

// summing passes rows through and adds them to a checksum.
type summing struct {
	rowIter
	sum *digest
}

func (s *summing) Values() ([]any, error) {
	v, err := s.rowIter.Values()
	if err != nil {
		return nil, err
	}
	if err := s.sum.add(v); err != nil {
		return nil, err
	}
	return v, nil
}

// digest is an order-independent checksum of a multiset of rows: the
// lane-wise sum (mod 2^64) of each row's SHA-256. Duplicate rows add up
// rather than cancel, and any changed value changes its row's hash.
type digest struct {
	lanes [4]uint64
	n     int64
}

// digestBuf is the scratch space for encoding rows, reused across rows.
var digestBuf = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

func (d *digest) add(row []any) error {
	bp := digestBuf.Get().(*[]byte)
	defer digestBuf.Put(bp)
	buf := (*bp)[:0]
	for _, v := range row {
		var err error
		if buf, err = appendCanonical(buf, v); err != nil {
			return err
		}
	}
	*bp = buf
	h := sha256.Sum256(buf)
	for i := range d.lanes {
		d.lanes[i] += binary.LittleEndian.Uint64(h[8*i:])
	}
	d.n++
	return nil
}

func (d digest) String() string {
	var b [32]byte
	for i, l := range d.lanes {
		binary.BigEndian.PutUint64(b[8*i:], l)
	}
	return hex.EncodeToString(b[:])
}

// appendCanonical encodes one canonical value unambiguously: a type tag,
// then the payload, length-prefixed unless it is a number or a boolean
// (whose characters cannot be mistaken for a tag).
func appendCanonical(buf []byte, v any) ([]byte, error) {
	head := func(tag byte, n int) []byte {
		buf = append(buf, tag)
		buf = strconv.AppendInt(buf, int64(n), 10)
		return append(buf, ':')
	}
	switch x := v.(type) {
	case nil:
		return append(buf, 'N'), nil
	case int64:
		return strconv.AppendInt(append(buf, 'I'), x, 10), nil
	case float64:
		return strconv.AppendUint(append(buf, 'F'), math.Float64bits(x), 16), nil
	case string:
		return append(head('S', len(x)), x...), nil
	case []byte:
		return append(head('B', len(x)), x...), nil
	case bool:
		return strconv.AppendBool(append(buf, 'T'), x), nil
	case time.Time:
		var tb [40]byte
		ts := x.UTC().AppendFormat(tb[:0], time.RFC3339Nano)
		return append(head('D', len(ts)), ts...), nil
	}
	return buf, fmt.Errorf("value of unexpected Go type %T", v)
}

// toCanonical converts a value as a driver returned it to the canonical
// form of kind k. what names the value for errors.
func toCanonical(v any, k kind, what func() string) (any, error) {
	if v == nil {
		return nil, nil
	}
	bad := func() (any, error) {
		return nil, fmt.Errorf("%s: %s value %#v (Go %T) cannot be read as %s", what(), k, v, v, k)
	}
	switch k {
	case kindRaw:
		switch x := v.(type) {
		case int64, float64, string:
			return v, nil
		case []byte:
			return nonNil(x), nil
		}
		return bad()
	case kindInt:
		switch x := v.(type) {
		case int64:
			return x, nil
		case int32:
			return int64(x), nil
		case int16:
			return int64(x), nil
		case int:
			return int64(x), nil
		}
	case kindFloat:
		switch x := v.(type) {
		case float64:
			return x, nil
		case float32:
			return float64(x), nil
		case int64:
			return float64(x), nil
		}
	case kindText, kindJSON:
		switch x := v.(type) {
		case string:
			return x, nil
		case []byte:
			return string(x), nil
		}
	case kindBytes:
		switch x := v.(type) {
		case []byte:
			return nonNil(x), nil
		case string:
			return []byte(x), nil
		}
	case kindBool:
		switch x := v.(type) {
		case bool:
			return x, nil
		case int64:
			switch x {
			case 0:
				return false, nil
			case 1:
				return true, nil
			}
		}
	case kindTime:
		switch x := v.(type) {
		case time.Time:
			return x.UTC(), nil
		case string:
			t, err := time.Parse(sqliteTime, x)
			if err != nil {
				if t, err = time.Parse(time.RFC3339Nano, x); err != nil {
					return nil, fmt.Errorf("%s: time %q is neither %s nor RFC 3339", what(), x, sqliteTime)
				}
			}
			return t.UTC(), nil
		}
	}
	return bad()
}

// nonNil keeps an empty BLOB from turning into NULL: the SQLite driver
// reads a zero-length BLOB as a nil slice, which pgx writes as NULL.
func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

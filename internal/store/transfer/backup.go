package transfer

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/collabcheck/collabcheck/internal/store/sqlite"
)

// sqliteMagic opens every SQLite database file.
var sqliteMagic = []byte("SQLite format 3\x00")

// OpenFile opens the SQLite database at path read-only, as the source of a
// restore or a migration, after checking that it exists and is a SQLite
// file. It never creates, migrates or otherwise changes the file. Close the
// returned closer when done.
func OpenFile(ctx context.Context, path string) (DB, io.Closer, error) {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return DB{}, nil, fmt.Errorf("open %s: no such file", path)
	case err != nil:
		return DB{}, nil, fmt.Errorf("open %s: %w", path, err)
	case fi.IsDir():
		return DB{}, nil, fmt.Errorf("open %s: is a directory, not a SQLite database file", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return DB{}, nil, fmt.Errorf("open %s: %w", path, err)
	}
	head := make([]byte, len(sqliteMagic))
	_, err = io.ReadFull(f, head)
	f.Close()
	if err != nil || !bytes.Equal(head, sqliteMagic) {
		return DB{}, nil, fmt.Errorf("open %s: not a SQLite database (the file does not start with the SQLite header)", path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return DB{}, nil, fmt.Errorf("open %s: %w", path, err)
	}
	u := url.URL{Scheme: "file", Path: abs, RawQuery: "mode=ro&_pragma=" + url.QueryEscape(fmt.Sprintf("busy_timeout(%d)", sqlite.BusyTimeout.Milliseconds()))}
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return DB{}, nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return DB{}, nil, fmt.Errorf("open %s: %w", path, notSQLite(err))
	}
	return SQLite(nil, db, path), db, nil
}

// Inventory reads db in one snapshot and reports its migration version and
// each data table's row count and checksum, as Compare would.
func Inventory(ctx context.Context, db DB) (Report, error) {
	start := time.Now()
	rep := Report{Source: db.name}
	if err := db.valid(); err != nil {
		return rep, fmt.Errorf("inventory: %w", err)
	}
	s, err := db.reader(ctx)
	if err != nil {
		return rep, fmt.Errorf("inventory of %s: %w", db.name, err)
	}
	defer s.finish(ctx, false)
	plans, version, err := plan(ctx, s, s, db, db)
	if err != nil {
		return rep, fmt.Errorf("inventory of %s: %w", db.name, err)
	}
	rep.Version = version
	for _, p := range plans {
		sum, err := checksum(ctx, s, p, p.src)
		if err != nil {
			return rep, fmt.Errorf("inventory of %s: table %s: %w", db.name, p.name, err)
		}
		rep.Tables = append(rep.Tables, TableReport{Name: p.name, Rows: sum.n, Checksum: sum.String()})
	}
	rep.Elapsed = time.Since(start)
	return rep, nil
}

// Backup writes a consistent snapshot of db into a new SQLite file at out,
// while other connections may keep writing to db. A SQLite database is
// copied with VACUUM INTO (one read transaction); a PostgreSQL database is
// copied table by table into a fresh SQLite store from one REPEATABLE READ
// snapshot, so no pg_dump is needed. The file appears at out only when
// complete; an existing out is never overwritten. The report lists what the
// backup holds.
func Backup(ctx context.Context, db DB, out string, opt Options) (rep Report, err error) {
	if err := db.valid(); err != nil {
		return rep, fmt.Errorf("backup: %w", err)
	}
	if _, err := os.Lstat(out); err == nil {
		return rep, fmt.Errorf("backup to %s: file exists; refusing to overwrite it", out)
	}
	dir, base := filepath.Split(out)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".*.partial")
	if err != nil {
		return rep, fmt.Errorf("backup to %s: %w", out, err)
	}
	tmp := f.Name()
	f.Close()
	defer func() {
		for _, sfx := range []string{"", "-wal", "-shm", "-journal"} {
			os.Remove(tmp + sfx)
		}
	}()

	start := time.Now()
	if db.pool != nil {
		if err := backupPostgres(ctx, db, tmp, out, opt); err != nil {
			return rep, err
		}
	} else {
		if err := vacuumInto(ctx, db, tmp); err != nil {
			return rep, fmt.Errorf("backup %s to %s: %w", db.name, out, err)
		}
	}
	if err := finishFile(ctx, tmp); err != nil {
		return rep, fmt.Errorf("backup to %s: %w", out, err)
	}
	src, closer, err := OpenFile(ctx, tmp)
	if err != nil {
		return rep, fmt.Errorf("backup to %s: check: %w", out, err)
	}
	rep, err = Inventory(ctx, src)
	closer.Close()
	if err != nil {
		return rep, fmt.Errorf("backup to %s: check: %w", out, err)
	}
	rep.Source, rep.Target = db.name, out
	// Link, not rename: it fails rather than replace a file that appeared
	// at out meanwhile.
	if err := os.Link(tmp, out); err != nil {
		return rep, fmt.Errorf("backup to %s: %w", out, err)
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	rep.Elapsed = time.Since(start)
	return rep, nil
}

// backupPostgres creates a SQLite store at tmp, with this binary's
// migrations, and copies db into it.
func backupPostgres(ctx context.Context, db DB, tmp, out string, opt Options) error {
	st, err := sqlite.Open(ctx, tmp)
	if err != nil {
		return fmt.Errorf("backup to %s: %w", out, err)
	}
	_, err = Copy(ctx, db, SQLite(st.DB(), st.ReadDB(), out), opt)
	if cerr := st.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close: %w", cerr)
	}
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// finishFile makes the backup one self-contained file (rollback journal,
// no WAL beside it) and flushes it to disk.
func finishFile(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return err
	}
	db.SetMaxOpenConns(1)
	var mode string
	err = db.QueryRowContext(ctx, `PRAGMA journal_mode = DELETE`).Scan(&mode)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("set journal mode: %w", err)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// Restore copies the backup file at from into dst, which must be empty and
// at the backup's migration version. On error dst is left unchanged.
func Restore(ctx context.Context, from string, dst DB, opt Options) (Report, error) {
	src, closer, err := OpenFile(ctx, from)
	if err != nil {
		return Report{}, fmt.Errorf("restore: %w", err)
	}
	defer closer.Close()
	rep, err := Copy(ctx, src, dst, opt)
	if err != nil {
		return rep, fmt.Errorf("restore: %w", err)
	}
	return rep, nil
}

// vacuumInto copies a SQLite database into the empty file tmp with VACUUM
// INTO, which writes a transactionally consistent copy as one reader sees
// it while writers go on (WAL). The store's handles refuse it (the reader
// is query-only, the writer would hold up the store's own writes), so it
// runs on a connection of its own to the same file.
func vacuumInto(ctx context.Context, db DB, tmp string) error {
	var file string
	if err := db.r.QueryRowContext(ctx, `SELECT file FROM pragma_database_list WHERE name = 'main'`).Scan(&file); err != nil {
		return fmt.Errorf("find database file: %w", err)
	}
	if file == "" {
		return errors.New("an in-memory or temporary database cannot be backed up")
	}
	u := url.URL{Scheme: "file", Path: file, RawQuery: "_pragma=" + url.QueryEscape(fmt.Sprintf("busy_timeout(%d)", sqlite.BusyTimeout.Milliseconds()))}
	conn, err := sql.Open("sqlite", u.String())
	if err != nil {
		return fmt.Errorf("open %s: %w", file, err)
	}
	defer conn.Close()
	conn.SetMaxOpenConns(1)
	if _, err := conn.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		return fmt.Errorf("vacuum into: %w", err)
	}
	return nil
}

package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/store/open"
	"github.com/collabcheck/collabcheck/internal/store/postgres"
	"github.com/collabcheck/collabcheck/internal/store/transfer"
)

func init() { commandBuilders = append(commandBuilders, newBackupCmd, newRestoreCmd) }

// describeStore names a database for messages without any password.
func describeStore(st store.Store, dsn string) string {
	if p, ok := st.(*postgres.Store); ok {
		return p.Name()
	}
	return dsn
}

func newBackupCmd(g *globals) *cobra.Command {
	var out string
	var asJSON bool
	c := &cobra.Command{
		Use:   "backup --out FILE",
		Short: "Write a consistent snapshot of the database to a new SQLite file, while the server runs",
		Long: `backup writes the database named by --db to a new SQLite file. It is safe
while a server is writing: the backup is one consistent snapshot. A SQLite
database is copied with VACUUM INTO; a PostgreSQL database is read in one
REPEATABLE READ transaction into a fresh SQLite file (no pg_dump needed).
FILE must not exist; it appears only once complete. Restore it with
collabcheck restore --from FILE, into either backend.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" {
				return usagef("backup: --out is required: the new SQLite file to write")
			}
			if !open.IsPostgres(g.db) {
				if _, err := os.Stat(g.db); errors.Is(err, fs.ErrNotExist) {
					return fmt.Errorf("backup: no database at %s", g.db)
				}
			}
			ctx := cmd.Context()
			st, err := openStore(ctx, g)
			if err != nil {
				return err
			}
			defer st.Close()
			src, err := transfer.FromStore(st, describeStore(st, g.db))
			if err != nil {
				return err
			}
			rep, err := transfer.Backup(ctx, src, out, transfer.Options{})
			if err != nil {
				return err
			}
			return printReport(g.stdout, asJSON, "backed up", rep)
		},
	}
	c.Flags().StringVar(&out, "out", "", "the SQLite file to write (must not exist)")
	c.Flags().BoolVar(&asJSON, "json", false, "print the report (tables, rows, checksums) as JSON")
	return c
}

func newRestoreCmd(g *globals) *cobra.Command {
	var from string
	var asJSON bool
	c := &cobra.Command{
		Use:   "restore --from FILE",
		Short: "Copy a backup into the empty database named by --db",
		Long: `restore copies a file written by collabcheck backup into the database named
by --db: a SQLite file (created if missing) or a postgres:// URL. The target
must hold no data and be at the backup's schema version. Everything is copied
in one transaction and checked (row counts and checksums per table) before it
commits; on any error the target is left empty.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if from == "" {
				return usagef("restore: --from is required: the backup file to restore")
			}
			ctx := cmd.Context()
			// Check the backup before opening (and perhaps creating) the target.
			src, closer, err := transfer.OpenFile(ctx, from)
			if err != nil {
				return fmt.Errorf("restore: %w", err)
			}
			defer closer.Close()
			st, err := openStore(ctx, g)
			if err != nil {
				return err
			}
			defer st.Close()
			dst, err := transfer.FromStore(st, describeStore(st, g.db))
			if err != nil {
				return err
			}
			rep, err := transfer.Copy(ctx, src, dst, transfer.Options{})
			if err != nil {
				return fmt.Errorf("restore: %w", err)
			}
			return printReport(g.stdout, asJSON, "restored", rep)
		},
	}
	c.Flags().StringVar(&from, "from", "", "the backup file (a SQLite file written by collabcheck backup)")
	c.Flags().BoolVar(&asJSON, "json", false, "print the report (tables, rows, checksums) as JSON")
	return c
}

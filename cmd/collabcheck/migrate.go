package main

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/collabcheck/collabcheck/internal/store/open"
	"github.com/collabcheck/collabcheck/internal/store/transfer"
)

func init() { commandBuilders = append(commandBuilders, newMigrateCmd) }

func newMigrateCmd(g *globals) *cobra.Command {
	var to string
	var asJSON bool
	c := &cobra.Command{
		Use:   "migrate --to postgres://…",
		Short: "Copy the SQLite database named by --db into an empty PostgreSQL database",
		Long: `migrate copies every table of the SQLite database named by --db into the
PostgreSQL database named by --to, keeping every id, in one transaction.

The SQLite file is only read (it may be in use by a running server; the copy
is one consistent snapshot). The PostgreSQL database is brought to this
version's schema first and must hold no data. Both must be at the same
migration version: open the SQLite file once with this collabcheck version
(any command does) to upgrade it. Before committing, migrate checks that every
table has the same number of rows and the same checksum on both sides; on any
error the PostgreSQL database is left empty.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			switch {
			case to == "":
				return usagef("migrate: --to is required: the postgres:// URL of the empty target database")
			case !open.IsPostgres(to):
				return usagef("migrate: --to must be a postgres:// URL (migrate moves a SQLite database into PostgreSQL; to copy a SQLite file use backup and restore)")
			case open.IsPostgres(g.db):
				return usagef("migrate: --db names a PostgreSQL database; give the SQLite file to migrate from")
			case g.db == "":
				return usagef("migrate: --db is empty: give the SQLite file to migrate from")
			}
			ctx := cmd.Context()
			src, closer, err := transfer.OpenFile(ctx, g.db)
			if err != nil {
				return fmt.Errorf("migrate: source: %w", err)
			}
			defer closer.Close()
			st, err := open.Store(ctx, to)
			if err != nil {
				return fmt.Errorf("migrate: target: %w", err)
			}
			defer st.Close()
			dst, err := transfer.FromStore(st, describeStore(st, to))
			if err != nil {
				return err
			}
			rep, err := transfer.Copy(ctx, src, dst, transfer.Options{})
			if err != nil {
				return fmt.Errorf("migrate: %w", err)
			}
			return printReport(g.stdout, asJSON, "migrated", rep)
		},
	}
	c.Flags().StringVar(&to, "to", "", "the PostgreSQL database to fill (postgres://…); it must hold no data")
	c.Flags().BoolVar(&asJSON, "json", false, "print the report (tables, rows, checksums) as JSON")
	return c
}

// printReport prints what a copy did: one line, then rows per table.
func printReport(w io.Writer, asJSON bool, verb string, rep transfer.Report) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	fmt.Fprintf(w, "%s %d rows in %d tables from %s to %s (schema version %d) in %v\n",
		verb, rep.Rows(), len(rep.Tables), rep.Source, rep.Target, rep.Version, rep.Elapsed.Round(time.Millisecond))
	for _, t := range rep.Tables {
		fmt.Fprintf(w, "  %-24s %10d\n", t.Name, t.Rows)
	}
	return nil
}

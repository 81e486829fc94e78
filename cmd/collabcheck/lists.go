package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/collabcheck/collabcheck/internal/sources"
	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

func init() { commandBuilders = append(commandBuilders, newListsCmd) }

func newListsCmd(g *globals) *cobra.Command {
	c := &cobra.Command{
		Use:   "lists",
		Short: "Import, inspect, compare and remove watch lists",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return usagef("lists needs a subcommand: import, ls, diff or rm")
		},
	}
	c.AddCommand(newListsImportCmd(g), newListsLsCmd(g), newListsDiffCmd(g), newListsRmCmd(g))
	return c
}

func newListsImportCmd(g *globals) *cobra.Command {
	var format, name, mapping string
	var asJSON bool
	c := &cobra.Command{
		Use:   "import PATH...",
		Short: "Import a list file as a new version (detects the format when --format is omitted)",
		Long: `Import reads a list in its publisher's format and stores it as a new immutable
version, in one transaction. The previous version stays active until the new one
is complete, and a file whose content is unchanged creates no version.

Formats: ofac (the folder holding sdn.csv, add.csv, alt.csv, sdn_comments.csv),
csl (trade.gov CSV or JSON), un (UN consolidated XML), ftm (FollowTheMoney JSON
lines), aspi (ASPI tracker, MISP galaxy JSON), csv (your own list; see --map).`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, paths []string) error {
			if format != "" && !slices.Contains(sources.Formats, format) {
				return usagef("unknown --format %q (want one of %v)", format, sources.Formats)
			}
			opt := sources.Options{}
			if mapping != "" {
				m, err := sources.ParseMapping(mapping)
				if err != nil {
					return usagef("--map: %v", err)
				}
				opt.Mapping = m
			}
			l, err := sources.Read(format, paths, opt)
			if err != nil {
				return err
			}
			if name == "" {
				name = l.Name
			}
			ctx := c.Context()
			st, err := openStore(ctx, g)
			if err != nil {
				return err
			}
			defer st.Close()
			in := store.ListImport{List: name, Format: l.Format, Source: strings.Join(paths, " "), ContentHash: l.ContentHash, Entities: l.Entities}
			if bar := progressBar(g, len(l.Entities), "importing "+name); bar != nil {
				in.Progress = func(n int) { _ = bar.Set(n) }
				defer bar.Finish()
			}
			v, created, err := st.ImportList(ctx, in)
			if err != nil {
				return fmt.Errorf("import %s: %w", strings.Join(paths, " "), err)
			}
			for _, w := range l.Warnings {
				fmt.Fprintln(g.stderr, "warning:", w)
			}
			if asJSON {
				return json.NewEncoder(g.stdout).Encode(map[string]any{"version": v, "created": created, "warnings": len(l.Warnings)})
			}
			if created {
				fmt.Fprintf(g.stdout, "imported %s version %d: %d entities (hash %s)\n", v.List, v.Number, v.EntityCount, short(v.ContentHash))
			} else {
				fmt.Fprintf(g.stdout, "%s unchanged: version %d is already this content (hash %s)\n", v.List, v.Number, short(v.ContentHash))
			}
			return nil
		},
	}
	c.Flags().StringVar(&format, "format", "", "list format: ofac|csl|un|ftm|aspi|csv (default: detect from content)")
	c.Flags().StringVar(&name, "name", "", "list name to store it under (default: from the file, e.g. ofac_sdn, us_special_leg)")
	c.Flags().StringVar(&mapping, "map", "", "column mapping for --format csv, e.g. id=ID,name=Name,alias=Aliases;|,country=Country")
	c.Flags().BoolVar(&asJSON, "json", false, "print the result as JSON")
	return c
}

func newListsLsCmd(g *globals) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "ls",
		Short: "List the active version of every list",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			st, err := openStore(c.Context(), g)
			if err != nil {
				return err
			}
			defer st.Close()
			vs, err := st.Lists(c.Context())
			if err != nil {
				return err
			}
			if asJSON {
				if vs == nil {
					vs = []watchlist.Version{}
				}
				return json.NewEncoder(g.stdout).Encode(vs)
			}
			if len(vs) == 0 {
				fmt.Fprintln(g.stdout, "no list loaded yet: import one with `collabcheck lists import PATH`")
				return nil
			}
			tw := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tVERSION\tENTITIES\tIMPORTED AT\tFORMAT\tHASH")
			for _, v := range vs {
				fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t%s\n", v.List, v.Number, v.EntityCount, v.ImportedAt.UTC().Format(time.RFC3339), v.Format, short(v.ContentHash))
			}
			return tw.Flush()
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func newListsDiffCmd(g *globals) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "diff NAME [FROM [TO]]",
		Short: "Show entries added, removed and changed between two versions (default: the last update)",
		Args:  cobra.RangeArgs(1, 3),
		RunE: func(c *cobra.Command, args []string) error {
			from, to := 0, 0
			var err error
			if len(args) > 1 {
				if from, err = strconv.Atoi(args[1]); err != nil || from < 1 {
					return usagef("FROM must be a version number, got %q", args[1])
				}
			}
			if len(args) > 2 {
				if to, err = strconv.Atoi(args[2]); err != nil || to < 1 {
					return usagef("TO must be a version number, got %q", args[2])
				}
			}
			st, err := openStore(c.Context(), g)
			if err != nil {
				return err
			}
			defer st.Close()
			d, err := st.Diff(c.Context(), args[0], from, to)
			if err != nil {
				return fmt.Errorf("diff %s: %w", args[0], err)
			}
			if asJSON {
				return json.NewEncoder(g.stdout).Encode(d)
			}
			fmt.Fprintf(g.stdout, "%s: version %d → %d: %d added, %d removed, %d changed\n", args[0], d.From, d.To, len(d.Added), len(d.Removed), len(d.Changed))
			for _, x := range d.Added {
				fmt.Fprintf(g.stdout, "+ %s\t%s\n", x.SourceID, x.Name)
			}
			for _, x := range d.Removed {
				fmt.Fprintf(g.stdout, "- %s\t%s\n", x.SourceID, x.Name)
			}
			for _, x := range d.Changed {
				fmt.Fprintf(g.stdout, "~ %s\t%s\t(%v)\n", x.SourceID, x.Name, x.Fields)
			}
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func newListsRmCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "rm NAME",
		Short: "Remove a list and all its versions",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			st, err := openStore(c.Context(), g)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.RemoveList(c.Context(), args[0]); err != nil {
				if errors.Is(err, store.ErrNotFound) {
					return fmt.Errorf("remove %s: no such list", args[0])
				}
				return fmt.Errorf("remove %s: %w", args[0], err)
			}
			fmt.Fprintf(g.stdout, "removed %s\n", args[0])
			return nil
		},
	}
}

// progressBar returns a bar on stderr when it is a terminal, else nil.
func progressBar(g *globals, total int, what string) *progressbar.ProgressBar {
	f, ok := g.stderr.(*os.File)
	if !ok || !isatty.IsTerminal(f.Fd()) || total < 1000 {
		return nil
	}
	return progressbar.NewOptions(total, progressbar.OptionSetWriter(f), progressbar.OptionSetDescription(what), progressbar.OptionShowCount(), progressbar.OptionClearOnFinish())
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

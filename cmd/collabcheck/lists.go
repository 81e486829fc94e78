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
	"unicode/utf8"

	"github.com/mattn/go-isatty"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/collabcheck/collabcheck/internal/feeds"
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
			return usagef("lists needs a subcommand: import, update, ls, diff or rm")
		},
	}
	c.AddCommand(newListsImportCmd(g), newListsUpdateCmd(g), newListsLsCmd(g), newListsDiffCmd(g), newListsRmCmd(g))
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
		Short: "List the active version of every list, with its last refresh and last error",
		Long: `Ls shows every list's active version and, for lists kept current by
'lists update' or serve's schedule, when a download last succeeded and why the
last one failed (the active version stays while a source fails). A source that
has never been imported successfully is shown too, with its error.`,
		Args: cobra.NoArgs,
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
			var states []store.FeedState
			if fs, err := store.FeedsOf(st); err == nil {
				if states, err = fs.FeedStates(c.Context()); err != nil {
					return err
				}
			}
			rows := listRows(vs, states)
			if asJSON {
				if rows == nil {
					rows = []listRow{}
				}
				return json.NewEncoder(g.stdout).Encode(rows)
			}
			if len(rows) == 0 {
				fmt.Fprintln(g.stdout, "no list loaded yet: import one with `collabcheck lists import PATH` or fetch them with `collabcheck lists update`")
				return nil
			}
			tw := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tVERSION\tENTITIES\tIMPORTED AT\tFORMAT\tHASH\tLAST REFRESH\tLAST ERROR")
			for _, r := range rows {
				version, count, at := "-", "-", "-"
				if r.Number > 0 {
					version, count, at = strconv.Itoa(r.Number), strconv.Itoa(r.EntityCount), r.ImportedAt.UTC().Format(time.RFC3339)
				}
				refresh := "-"
				if r.LastRefresh != nil {
					refresh = r.LastRefresh.UTC().Format(time.RFC3339)
				} else if r.LastAttempt != nil {
					refresh = "never"
				}
				lastErr := ""
				if r.LastError != "" {
					lastErr = fmt.Sprintf("failing %d×: %s", r.ConsecutiveFailures, oneLine(r.LastError, 100))
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.List, version, count, at, orDash(r.Format), orDash(short(r.ContentHash)), refresh, lastErr)
			}
			return tw.Flush()
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

// listRow is one line of `lists ls`: a list's active version (zero for a
// source never imported) and its feed's fetch state, if it has one.
type listRow struct {
	watchlist.Version
	// LastRefresh is when a download of the list last succeeded.
	LastRefresh *time.Time `json:"last_refresh,omitempty"`
	// LastAttempt is when a download was last tried.
	LastAttempt *time.Time `json:"last_attempt,omitempty"`
	// LastError says why the last download failed; empty when it did not.
	LastError           string `json:"last_error,omitempty"`
	ConsecutiveFailures int    `json:"consecutive_failures,omitempty"`
}

// listRows joins the active versions with the feed states by list name,
// sorted by name; feed states without a list get a row of their own.
func listRows(vs []watchlist.Version, states []store.FeedState) []listRow {
	byName := map[string]store.FeedState{}
	for _, s := range states {
		byName[s.Source] = s
	}
	var rows []listRow
	seen := map[string]bool{}
	for _, v := range vs {
		r := listRow{Version: v}
		if s, ok := byName[v.List]; ok {
			r.setFeed(s)
		}
		seen[v.List] = true
		rows = append(rows, r)
	}
	for _, s := range states {
		if !seen[s.Source] {
			r := listRow{Version: watchlist.Version{List: s.Source}}
			r.setFeed(s)
			rows = append(rows, r)
		}
	}
	slices.SortStableFunc(rows, func(a, b listRow) int { return strings.Compare(a.List, b.List) })
	return rows
}

func (r *listRow) setFeed(s store.FeedState) {
	if !s.LastSuccess.IsZero() {
		t := s.LastSuccess
		r.LastRefresh = &t
	}
	if !s.LastAttempt.IsZero() {
		t := s.LastAttempt
		r.LastAttempt = &t
	}
	r.LastError, r.ConsecutiveFailures = s.LastError, s.ConsecutiveFailures
}

// oneLine flattens s to one line of at most n runes for a table cell.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
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

func newListsUpdateCmd(g *globals) *cobra.Command {
	var sourcesFile string
	var asJSON bool
	c := &cobra.Command{
		Use:   "update [NAME...]",
		Short: "Download lists from their official sources and import what changed",
		Long: `Update fetches each configured source (all enabled ones when no NAME is given)
and imports it as a new version only when its content changed. Requests are
conditional (ETag / Last-Modified of the last successful fetch), time out, and
are retried with backoff on network errors and 5xx answers (not on 4xx).

A download is rejected, and the active version kept, when it is an HTML page,
has an unexpected content type, is over the size limit, is cut short, does not
parse completely with the list's reader, or holds suspiciously few entries.
Each source prints "unchanged", "new version N" or "failed: REASON"; the exit
code is 1 when any source failed. 'lists ls' shows the last refresh and last
error of every list.

Default sources: the trade.gov Consolidated Screening List (csl), OFAC's SDN CSV
set (ofac_sdn), the UN consolidated list (un_consolidated), the UK Sanctions
List (gb_fcdo_sanctions, via OpenSanctions), the OpenSanctions datasets
us_special_leg, us_dod_chinese_milcorps and ca_named_research_orgs, and the
ASPI China Defence Universities Tracker (aspi_cdut). A sources file (YAML or
JSON; --sources or COLLABCHECK_SOURCES) points them at mirrors, adds others
or disables some, for example:

  opensanctions_base: https://mirror.example.org/opensanctions/latest
  sources:
    - name: csl
      url: https://mirror.example.org/csl/consolidated.json
    - name: ofac_sdn
      base_url: https://mirror.example.org/ofac/
    - name: ca_named_research_orgs
      disabled: true

Air-gapped sites use 'lists import' with files brought in by hand instead.`,
		RunE: func(c *cobra.Command, names []string) error {
			all, err := feeds.Load(sourcesFile)
			if err != nil {
				return usagef("%v", err)
			}
			srcs, err := feeds.Select(all, names)
			if err != nil {
				return usagef("%v", err)
			}
			if len(srcs) == 0 {
				return usagef("no source is enabled: name one, or enable one in the sources file")
			}
			ctx := c.Context()
			st, fs, err := openSide(ctx, g, store.FeedsOf)
			if err != nil {
				return err
			}
			defer st.Close()
			u := &feeds.Updater{Lists: st, Feeds: fs}
			var results []feeds.Result
			var failed []string
			for _, src := range srcs {
				r := u.Update(ctx, src)
				results = append(results, r)
				if r.Outcome == feeds.Failed {
					failed = append(failed, r.Source)
				}
				for _, w := range r.Warnings {
					fmt.Fprintf(g.stderr, "warning: %s: %s\n", r.Source, w)
				}
				if !asJSON {
					fmt.Fprintln(g.stdout, describeUpdate(r))
				}
			}
			if asJSON {
				if err := json.NewEncoder(g.stdout).Encode(results); err != nil {
					return err
				}
			}
			if len(failed) > 0 {
				return fmt.Errorf("%d of %d sources failed (%s); any previous version stays active", len(failed), len(results), strings.Join(failed, ", "))
			}
			return nil
		},
	}
	c.Flags().StringVar(&sourcesFile, "sources", os.Getenv(feeds.EnvSources), "sources file (YAML or JSON) overriding or extending the default sources (env "+feeds.EnvSources+")")
	c.Flags().BoolVar(&asJSON, "json", false, "print the results as JSON")
	return c
}

// describeUpdate is the one line `lists update` prints for a source.
func describeUpdate(r feeds.Result) string {
	switch r.Outcome {
	case feeds.Updated:
		return fmt.Sprintf("%s: new version %d (%d entities, hash %s)", r.Source, r.Version, r.Entities, short(r.Checksum))
	case feeds.Unchanged:
		why := "same content"
		if r.NotModified {
			why = "not modified"
		}
		return fmt.Sprintf("%s: unchanged (%s), version %d", r.Source, why, r.Version)
	default:
		return fmt.Sprintf("%s: failed: %s", r.Source, r.Error)
	}
}

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/collabcheck/collabcheck/internal/registry/rordump"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/collabcheck/collabcheck/internal/match"
	"github.com/collabcheck/collabcheck/internal/registry"
	"github.com/collabcheck/collabcheck/internal/store"
)

func init() { commandBuilders = append(commandBuilders, newRegistryCmd) }

func newRegistryCmd(g *globals) *cobra.Command {
	c := &cobra.Command{
		Use:   "registry",
		Short: "Import, show and search the organisation registry (ROR)",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return usagef("registry needs a subcommand: import, show, search or versions")
		},
	}
	c.AddCommand(newRegistryImportCmd(g), newRegistryShowCmd(g), newRegistrySearchCmd(g), newRegistryVersionsCmd(g))
	return c
}

// openRegistry opens the store and its registry side; close the store
// when done.
func openRegistry(ctx context.Context, g *globals) (store.Store, store.Registry, error) {
	return openSide(ctx, g, store.RegistryOf)
}

// noRegistry rewords the store's "not found" for an empty registry.
func noRegistry(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return errors.New("no registry imported yet: import a ROR dump with `collabcheck registry import FILE`")
	}
	return err
}

func newRegistryImportCmd(g *globals) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "import FILE",
		Short: "Import a ROR data dump (schema v2, the zip as published or its JSON) as a new registry version",
		Long: `Import reads a Research Organization Registry data dump in schema v2: the
zip as ROR publishes it (holding one *_schema_v2.json) or that JSON file. Records
stream into one transaction; the previous registry stays active until the new
one is complete, and a file whose content is already the active version creates
nothing. A malformed record stops the import with an error naming the record.`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			path := args[0]
			hash, err := rordump.HashFile(path)
			if err != nil {
				return fmt.Errorf("registry import: %w", err)
			}
			ctx := c.Context()
			st, reg, err := openRegistry(ctx, g)
			if err != nil {
				return err
			}
			defer st.Close()
			var (
				bar      *progressbar.ProgressBar
				barTried bool
			)
			progress := func(n, total int64) {
				if !barTried {
					barTried = true
					bar = progressBar(g, int(total), "reading "+path)
				}
				if bar != nil {
					_ = bar.Set64(n)
				}
			}
			v, created, err := reg.ImportRegistry(ctx, store.RegistryImport{
				Source:      path,
				ContentHash: hash,
				Orgs: func(yield func(registry.Org) error) (rordump.Info, error) {
					return rordump.Read(path, yield, progress)
				},
			})
			if bar != nil {
				_ = bar.Finish()
			}
			if err != nil {
				return err // it names the file, the record and the database
			}
			if asJSON {
				return json.NewEncoder(g.stdout).Encode(map[string]any{"version": v, "created": created})
			}
			if created {
				fmt.Fprintf(g.stdout, "imported registry version %d: %d organisations (schema %s, hash %s)\n", v.Number, v.OrgCount, orUnknown(v.SchemaVersion), short(v.ContentHash))
			} else {
				fmt.Fprintf(g.stdout, "registry unchanged: version %d is already this content (hash %s)\n", v.Number, short(v.ContentHash))
			}
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print the result as JSON")
	return c
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

func newRegistryVersionsCmd(g *globals) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "versions",
		Short: "List the imported registry versions, oldest first",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			st, reg, err := openRegistry(c.Context(), g)
			if err != nil {
				return err
			}
			defer st.Close()
			vs, err := reg.RegistryVersions(c.Context())
			if err != nil {
				return err
			}
			if asJSON {
				if vs == nil {
					vs = []registry.Version{}
				}
				return json.NewEncoder(g.stdout).Encode(vs)
			}
			if len(vs) == 0 {
				fmt.Fprintln(g.stdout, "no registry imported yet: import a ROR dump with `collabcheck registry import FILE`")
				return nil
			}
			tw := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "VERSION\tACTIVE\tORGANISATIONS\tSCHEMA\tIMPORTED AT\tHASH\tSOURCE")
			for _, v := range vs {
				active := ""
				if v.Active {
					active = "*"
				}
				fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\t%s\t%s\n", v.Number, active, v.OrgCount, orUnknown(v.SchemaVersion), v.ImportedAt.UTC().Format(time.RFC3339), short(v.ContentHash), v.Source)
			}
			return tw.Flush()
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func newRegistryShowCmd(g *globals) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "show ID",
		Short: "Show one registry organisation: names, location, status and its parents, children and related organisations",
		Long: `Show prints an organisation of the active registry version. ID is a ROR id in any
usual form: https://ror.org/05abc1234, ror.org/05abc1234 or 05abc1234. With
--json it prints the organisation as stored (id, names with types and
languages, country, city, types, status, relationships, established, domains,
links, external_ids).`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if _, err := registry.NormalizeID(args[0]); err != nil {
				return usagef("%v", err)
			}
			st, reg, err := openRegistry(c.Context(), g)
			if err != nil {
				return err
			}
			defer st.Close()
			o, err := reg.Org(c.Context(), args[0])
			if err != nil {
				if vs, verr := reg.RegistryVersions(c.Context()); verr == nil && len(vs) == 0 {
					return noRegistry(store.ErrNotFound)
				}
				if errors.Is(err, store.ErrNotFound) {
					return fmt.Errorf("registry show %s: no such organisation in the active registry", args[0])
				}
				return fmt.Errorf("registry show %s: %w", args[0], err)
			}
			if asJSON {
				enc := json.NewEncoder(g.stdout)
				enc.SetEscapeHTML(false)
				return enc.Encode(o)
			}
			return printOrg(g.stdout, &o)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print the organisation as JSON")
	return c
}

// printOrg writes an organisation for people to read.
func printOrg(w io.Writer, o *registry.Org) error {
	fmt.Fprintf(w, "%s\n", o.DisplayName())
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "  id:\t%s\n", o.ID)
	fmt.Fprintf(tw, "  status:\t%s\n", o.Status)
	if o.Country != "" || o.City != "" {
		loc := o.CountryName
		if o.Country != "" {
			loc = strings.TrimSpace(fmt.Sprintf("%s (%s)", o.CountryName, o.Country))
		}
		if o.City != "" {
			loc = o.City + ", " + loc
		}
		fmt.Fprintf(tw, "  location:\t%s\n", loc)
	}
	if len(o.Types) > 0 {
		fmt.Fprintf(tw, "  types:\t%s\n", strings.Join(o.Types, ", "))
	}
	if o.Established > 0 {
		fmt.Fprintf(tw, "  established:\t%d\n", o.Established)
	}
	if len(o.Links) > 0 {
		fmt.Fprintf(tw, "  links:\t%s\n", strings.Join(o.Links, " "))
	}
	if len(o.Domains) > 0 {
		fmt.Fprintf(tw, "  domains:\t%s\n", strings.Join(o.Domains, " "))
	}
	for _, x := range o.ExternalIDs {
		v := x.Preferred
		if v == "" {
			v = strings.Join(x.All, ", ")
		}
		fmt.Fprintf(tw, "  %s:\t%s\n", x.Type, v)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "  names:")
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, n := range o.Names {
		lang := n.Lang
		if lang == "" {
			lang = "-"
		}
		fmt.Fprintf(tw, "    %s\t%s\t%s\n", n.Value, strings.Join(n.Types, ", "), lang)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, grp := range []struct{ typ, title string }{
		{registry.RelParent, "parents"}, {registry.RelChild, "children"}, {registry.RelRelated, "related"},
		{registry.RelSuccessor, "successors"}, {registry.RelPredecessor, "predecessors"},
	} {
		rs := o.Related(grp.typ)
		if len(rs) == 0 {
			continue
		}
		fmt.Fprintf(w, "  %s:\n", grp.title)
		for _, r := range rs {
			fmt.Fprintf(w, "    %s  %s\n", r.ID, r.Label)
		}
	}
	return nil
}

// searchResult is one candidate of `registry search --json`.
type searchResult struct {
	ID          string           `json:"id"`
	Name        string           `json:"name"`
	MatchedName string           `json:"matched_name"`
	Country     string           `json:"country,omitempty"`
	City        string           `json:"city,omitempty"`
	Status      string           `json:"status"`
	Score       float64          `json:"score"`
	Match       bool             `json:"match"`
	Via         []match.Step     `json:"via"`
	Explanation []match.Evidence `json:"explanation"`
}

// orgFacts is what search shows of an organisation besides the match.
type orgFacts struct{ country, city, status string }

func newRegistrySearchCmd(g *globals) *cobra.Command {
	var asJSON bool
	var limit int
	var threshold float64
	var country string
	c := &cobra.Command{
		Use:   "search NAME...",
		Short: "Search the active registry by name (English, abbreviated or Chinese)",
		Long: `Search finds organisations of the active registry version whose names match NAME
(the arguments joined by spaces), with the same normalisation and scoring as
screening: abbreviations such as "Univ Technol", Chinese names and typos are
understood. It builds an in-memory index of the registry first, which takes a
second or two for the full registry. Candidates at or above --threshold are
hits. With --json it prints {"query", "version", "results": [{id, name,
matched_name, country, city, status, score, match, via, explanation}]}.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if limit < 1 || limit > 100 {
				return usagef("--limit must be between 1 and 100, got %d", limit)
			}
			if threshold <= 0 || threshold > 1 {
				return usagef("--threshold must be in (0, 1], got %v", threshold)
			}
			q := strings.Join(args, " ")
			st, reg, err := openRegistry(c.Context(), g)
			if err != nil {
				return err
			}
			defer st.Close()
			b := match.NewBuilder()
			feed := b.Feeder()
			facts := map[string]orgFacts{}
			v, err := reg.ActiveOrgs(c.Context(), func(o registry.Org) error {
				e := o.Entity()
				feed.Add(registry.ListName, &e)
				facts[o.ID] = orgFacts{o.Country, o.City, o.Status}
				return nil
			})
			feed.Close()
			if err != nil {
				return noRegistry(err)
			}
			ms, err := b.Build().Screen(q, match.Options{Threshold: threshold, Limit: limit, Country: country})
			if err != nil {
				return usagef("registry search %q: %v", q, err)
			}
			results := make([]searchResult, 0, len(ms))
			for _, m := range ms {
				f := facts[m.SourceID]
				results = append(results, searchResult{ID: m.SourceID, Name: m.Name, MatchedName: m.MatchedName, Country: f.country, City: f.city,
					Status: f.status, Score: m.Score, Match: m.Match, Via: m.Via, Explanation: m.Explanation})
			}
			if asJSON {
				enc := json.NewEncoder(g.stdout)
				enc.SetEscapeHTML(false)
				return enc.Encode(map[string]any{"query": q, "version": v.Number, "results": results})
			}
			if len(results) == 0 {
				fmt.Fprintf(g.stdout, "no organisation in registry version %d matches %q\n", v.Number, q)
				return nil
			}
			tw := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "SCORE\tHIT\tID\tNAME\tCOUNTRY\tCITY\tSTATUS\tMATCHED NAME")
			for _, r := range results {
				hit := ""
				if r.Match {
					hit = "yes"
				}
				matched := ""
				if r.MatchedName != r.Name {
					matched = r.MatchedName
				}
				fmt.Fprintf(tw, "%.3f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Score, hit, r.ID, r.Name, r.Country, r.City, r.Status, matched)
			}
			return tw.Flush()
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	c.Flags().IntVar(&limit, "limit", match.DefaultLimit, "most candidates to report (1-100)")
	c.Flags().Float64Var(&threshold, "threshold", match.DefaultThreshold, "score at or above which a candidate is a hit")
	c.Flags().StringVar(&country, "country", "", "country the organisation is in (ISO code or name), as evidence")
	return c
}

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/spf13/cobra"

	"github.com/collabcheck/collabcheck/internal/gold"
	"github.com/collabcheck/collabcheck/internal/match"
	"github.com/collabcheck/collabcheck/internal/resolve"
	"github.com/collabcheck/collabcheck/internal/resolving"
	"github.com/collabcheck/collabcheck/internal/store"
)

func init() { commandBuilders = append(commandBuilders, newResolveCmd, newEvalCmd) }

// loadResolving opens the store and loads the lists and the registry.
func loadResolving(ctx context.Context, g *globals) (*resolving.Service, func(), error) {
	svc, cleanup, err := loadService(ctx, g)
	if err != nil {
		return nil, nil, err
	}
	reg, err := store.RegistryOf(svc.Store())
	if err != nil {
		cleanup()
		return nil, nil, err
	}
	rs := resolving.New(reg, svc)
	if err := rs.Reload(ctx); err != nil {
		cleanup()
		return nil, nil, err
	}
	return rs, cleanup, nil
}

func newResolveCmd(g *globals) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "resolve [AFFILIATION...]",
		Short: "Resolve affiliation strings to registry organisations and report list hits",
		Long: `Resolve maps each affiliation string (arguments, or one per line on stdin) to
the registry organisations it names: several when it names several (separated
by ";"), none when unsure. With --json it writes one object per input line, in
order: {"input", "orgs": [{id, name, country, score, explanation}], "hits": [...]}
where hits have the shape of screen matches and cover the resolved
organisations and their registry ancestors (via names the path). Without
--json it also lists the organisations a string writes out beside the one
chosen for it ("X University, Y Institute": the university is chosen) and
their hits, which portfolio screening counts too.`,
		RunE: func(c *cobra.Command, args []string) error {
			setGCPercent(defaultGCPercent)
			rs, cleanup, err := loadResolving(c.Context(), g)
			if err != nil {
				return err
			}
			defer cleanup()
			var in io.Reader = g.stdin
			if len(args) > 0 {
				in = strings.NewReader(strings.Join(args, "\n") + "\n")
			}
			w := bufio.NewWriter(g.stdout)
			defer w.Flush()
			enc := json.NewEncoder(w)
			enc.SetEscapeHTML(false)
			// Bulk input repeats itself (one affiliation on many papers):
			// each distinct line is resolved once.
			var memo sync.Map
			var memoized atomic.Int64
			return forEachLine(in, func(line string, tooLong bool) any {
				if tooLong {
					return resolving.Result{Orgs: emptyOrgs(), Error: fmt.Sprintf("line longer than %d bytes", maxLineBytes)}
				}
				if r, ok := memo.Load(line); ok {
					return r
				}
				r, err := rs.Resolve(line)
				if err != nil {
					r.Error = err.Error()
				}
				if memoized.Add(1) <= maxMemoLines {
					memo.Store(line, r)
				}
				return r
			}, func(v any) error {
				r := v.(resolving.Result)
				if asJSON {
					return enc.Encode(r)
				}
				fmt.Fprintln(w, r.Input)
				if r.Error != "" {
					fmt.Fprintf(w, "  error: %s\n", r.Error)
				}
				if len(r.Orgs) == 0 && r.Error == "" {
					fmt.Fprintln(w, "  no organisation chosen")
				}
				for _, o := range r.Orgs {
					fmt.Fprintf(w, "  %s  %s (%s) %.3f\n", o.ID, o.Name, o.Country, o.Score)
				}
				printHits(w, r.Hits, "")
				for _, o := range r.Named {
					fmt.Fprintf(w, "  also names %s  %s (%s)\n", o.ID, o.Name, o.Country)
				}
				printHits(w, r.NamedHits, " (named beside)")
				printHits(w, r.UnknownHits, " (not in the registry)")
				return nil
			})
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "write one JSON object per input line")
	return c
}

func newEvalCmd(g *globals) *cobra.Command {
	c := &cobra.Command{
		Use:   "eval",
		Short: "Measure collabcheck on labelled data",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return usagef("eval needs a subcommand: resolve")
		},
	}
	var goldPath, format string
	var show int
	var asJSON bool
	r := &cobra.Command{
		Use:   "resolve --gold FILE [--format crossref|s2aff|ror-logs]",
		Short: "Precision, recall and F1 of affiliation resolution on a labelled set",
		Long: `Eval resolve resolves every string of a labelled set and compares the chosen
organisations with the labels. Rows whose labels are not all in the loaded
registry are skipped (the right answer cannot be found). It prints precision,
recall, F1 and, for strings labelled with no organisation, how often it
abstained; how many missed labels the string does not mention at all (no
word in common with any of the organisation's names: labels taken from
elsewhere, which bound the recall any resolver can reach); how many false
matches and misses follow from a rule of the resolver rather than a mistake
(it chose a unit of the labelled organisation, or the successor of a
retired label; the label is retired, or the parent of the unit chosen) and
the precision and recall without them; then the misses and false matches,
each marked with the rule behind it where there is one.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if goldPath == "" {
				return usagef("--gold is required")
			}
			setGCPercent(defaultGCPercent)
			if format != "" && !slices.Contains(gold.Formats, format) {
				return usagef("unknown --format %q (want one of %v)", format, gold.Formats)
			}
			rows, err := gold.Read(goldPath, format)
			if err != nil {
				return err
			}
			rs, cleanup, err := loadResolving(c.Context(), g)
			if err != nil {
				return err
			}
			defer cleanup()
			rep := gold.Evaluate(rows, func(s string) []string {
				out, err := rs.Resolve(s)
				if err != nil && !errors.Is(err, resolving.ErrNoRegistry) {
					return nil
				}
				ids := make([]string, 0, len(out.Orgs))
				for _, o := range out.Orgs {
					ids = append(ids, o.ID)
				}
				return ids
			}, rs.Known)
			unmentioned := rep.Unmentioned(rs.Mentions)
			whyWrong := func(id string, o gold.Outcome) string { return rs.WhyChosen(id, o.Row.Labels) }
			whyMissing := func(id string, o gold.Outcome) string { return rs.WhyMissed(id, o.Got) }
			aside := rep.SetAside(whyWrong, whyMissing)
			if asJSON {
				return json.NewEncoder(g.stdout).Encode(map[string]any{
					"rows": rep.Rows, "skipped": rep.Skipped, "precision": rep.Precision(), "recall": rep.Recall(), "f1": rep.F1(),
					"abstain_rate": rep.AbstainRate(), "true_pos": rep.TruePos, "false_pos": rep.FalsePos, "false_neg": rep.FalseNeg,
					"unmentioned": unmentioned, "recall_ceiling": rep.RecallCeiling(unmentioned),
					"set_aside": map[string]any{
						"false_pos": aside.Wrong, "false_neg": aside.Missing,
						"precision": aside.Precision(), "recall": aside.Recall(),
					},
					"misses": rep.Misses, "false_matches": rep.False,
				})
			}
			fmt.Fprintln(g.stdout, rep.Summary())
			fmt.Fprintf(g.stdout, "%d missed labels name an organisation the string does not mention (no word in common): recall could reach at most %.4f\n",
				unmentioned, rep.RecallCeiling(unmentioned))
			fmt.Fprintln(g.stdout, "where the labels' policy differs from the resolver's rules (a unit chosen where the label names its parent, a retired label, a university's school of medicine):")
			fmt.Fprintln(g.stdout, aside.Summary())
			for i, o := range rep.False {
				if i == show {
					fmt.Fprintf(g.stdout, "… %d more false matches\n", len(rep.False)-show)
					break
				}
				fmt.Fprintf(g.stdout, "FALSE line %d: %q chose %v, labelled %v%s\n", o.Row.Line, o.Row.Input, o.Got, o.Row.Labels, rules(o, o.Wrong, whyWrong)+rules(o, o.Missing, whyMissing))
			}
			for i, o := range rep.Misses {
				if i == show {
					fmt.Fprintf(g.stdout, "… %d more misses\n", len(rep.Misses)-show)
					break
				}
				fmt.Fprintf(g.stdout, "MISS line %d: %q missed %v%s\n", o.Row.Line, o.Row.Input, o.Missing, rules(o, o.Missing, whyMissing))
			}
			return nil
		},
	}
	r.Flags().StringVar(&goldPath, "gold", "", "labelled CSV file")
	r.Flags().StringVar(&format, "format", "", "crossref|s2aff|ror-logs (default: detect from the header)")
	r.Flags().IntVar(&show, "show", 20, "how many misses and false matches to list")
	r.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON")
	c.AddCommand(r)
	return c
}

// rules lists, after an outcome's line, the resolver's rules that explain
// its ids (" [rule …]"), or "" when none does.
func rules(o gold.Outcome, ids []string, why func(string, gold.Outcome) string) string {
	var rs []string
	for _, id := range ids {
		if r := why(id, o); r != "" {
			rs = append(rs, id+": "+r)
		}
	}
	if len(rs) == 0 {
		return ""
	}
	return " [rule " + strings.Join(rs, "; ") + "]"
}

// maxMemoLines bounds how many distinct lines one resolve run remembers.
const maxMemoLines = 100_000

func emptyOrgs() []resolve.Org { return []resolve.Org{} }

// printHits writes one line per list hit, with its registry path and a
// note after it.
func printHits(w io.Writer, hits []match.Match, note string) {
	for _, h := range hits {
		fmt.Fprintf(w, "  HIT %s [%s %s]", h.Name, h.List, h.SourceID)
		for _, s := range h.Via {
			fmt.Fprintf(w, " via %s: %s", s.Relation, s.Name)
		}
		fmt.Fprintln(w, note)
	}
}

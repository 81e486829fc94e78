package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/collabcheck/collabcheck/internal/match"
)

func init() { commandBuilders = append(commandBuilders, newMatchCmd) }

// matchLine is one output line of `match --json`.
type matchLine struct {
	match.PairResult
	Error string `json:"error,omitempty"`
}

func newMatchCmd(g *globals) *cobra.Command {
	var asJSON bool
	var kind string
	var threshold float64
	c := &cobra.Command{
		Use:   "match",
		Short: "Compare pairs of names: reads name1<TAB>name2 per line on stdin",
		Long: `Match compares two names directly, without any list, and says whether they
name the same party. It reads tab-separated pairs, one per line, and writes
one result per line in input order: {"score", "match", "explanation"}. A line
that is not two tab-separated names gets an object with an "error" field.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			k, err := parseKind(kind)
			if err != nil {
				return err
			}
			if threshold <= 0 || threshold > 1 {
				return usagef("--threshold must be in (0, 1], got %v", threshold)
			}
			w := bufio.NewWriter(g.stdout)
			defer w.Flush()
			enc := json.NewEncoder(w)
			enc.SetEscapeHTML(false)
			return forEachLine(g.stdin, func(line string, tooLong bool) any {
				if tooLong {
					return matchLine{PairResult: emptyPair(), Error: fmt.Sprintf("line longer than %d bytes", maxLineBytes)}
				}
				a, b, ok := strings.Cut(line, "\t")
				if !ok {
					return matchLine{PairResult: emptyPair(), Error: "want two names separated by a tab"}
				}
				r, err := match.Pair(a, b, k, threshold)
				if err != nil {
					return matchLine{PairResult: emptyPair(), Error: err.Error()}
				}
				return matchLine{PairResult: r}
			}, func(v any) error {
				if asJSON {
					return enc.Encode(v)
				}
				l := v.(matchLine)
				if l.Error != "" {
					_, err := fmt.Fprintf(w, "error: %s\n", l.Error)
					return err
				}
				_, err := fmt.Fprintf(w, "%.3f\t%v\n", l.Score, l.Match)
				return err
			})
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "write one JSON object per input line")
	c.Flags().StringVar(&kind, "type", "", "what the names are: person|organization (default: either)")
	c.Flags().Float64Var(&threshold, "threshold", match.DefaultThreshold, "score at or above which a pair is a match")
	return c
}

func emptyPair() match.PairResult { return match.PairResult{Explanation: []match.Evidence{}} }

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/collabcheck/collabcheck/internal/match"
	"github.com/collabcheck/collabcheck/internal/screening"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

func init() { commandBuilders = append(commandBuilders, newScreenCmd) }

// maxLineBytes bounds one input line of screen and match. Longer lines are
// answered with an error object rather than read without limit.
const maxLineBytes = 1 << 20

// screenLine is one output line of `screen --json`.
type screenLine struct {
	screening.Result
	Error string `json:"error,omitempty"`
}

func newScreenCmd(g *globals) *cobra.Command {
	var asJSON bool
	var limit int
	var threshold float64
	var country, kind string
	c := &cobra.Command{
		Use:   "screen [NAME...]",
		Short: "Screen names or affiliation strings against the loaded lists",
		Long: `Screen matches each name against every active list version and reports the
best candidates with their scores and explanations. Names come from the
arguments, or one per line on stdin. With --json it writes one JSON object per
input line, in input order: {"query", "matches": [{list, source_id, name, score,
match, via, explanation, ...}]}; a line that cannot be screened (empty, too long,
invalid UTF-8) gets an object with an "error" field instead of matches.`,
		RunE: func(c *cobra.Command, args []string) error {
			if limit < 1 || limit > 100 {
				return usagef("--limit must be between 1 and 100, got %d", limit)
			}
			if threshold <= 0 || threshold > 1 {
				return usagef("--threshold must be in (0, 1], got %v", threshold)
			}
			k, err := parseKind(kind)
			if err != nil {
				return err
			}
			svc, cleanup, err := loadService(c.Context(), g)
			if err != nil {
				return err
			}
			defer cleanup()
			opt := match.Options{Threshold: threshold, Limit: limit, Country: country, Kind: k}
			var in io.Reader = g.stdin
			if len(args) > 0 {
				in = strings.NewReader(strings.Join(args, "\n") + "\n")
			}
			return screenStream(in, g.stdout, svc, opt, asJSON)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "write one JSON object per input line")
	c.Flags().IntVar(&limit, "limit", match.DefaultLimit, "most candidates to report per name (1-100)")
	c.Flags().Float64Var(&threshold, "threshold", match.DefaultThreshold, "score at or above which a candidate is a hit")
	c.Flags().StringVar(&country, "country", "", "country qualifier for every name (ISO code or name)")
	c.Flags().StringVar(&kind, "type", "", "screen only entities of this kind: person|organization|vessel")
	return c
}

func parseKind(s string) (watchlist.Kind, error) {
	switch s {
	case "":
		return "", nil
	case "person", "organization", "vessel", "other":
		return watchlist.Kind(s), nil
	case "organisation", "org":
		return watchlist.KindOrganization, nil
	}
	return "", usagef("--type must be person, organization or vessel, got %q", s)
}

// loadService opens the store and builds the match index from it.
func loadService(ctx context.Context, g *globals) (*screening.Service, func(), error) {
	st, err := openStore(ctx, g)
	if err != nil {
		return nil, nil, err
	}
	svc := screening.New(st)
	if err := svc.Reload(ctx); err != nil {
		st.Close()
		return nil, nil, err
	}
	if !svc.Ready() {
		fmt.Fprintln(g.stderr, "warning: no list loaded yet; import one with `collabcheck lists import`")
	}
	return svc, func() { st.Close() }, nil
}

// screenStream screens each input line, in parallel, and writes results in
// input order.
func screenStream(in io.Reader, out io.Writer, svc *screening.Service, opt match.Options, asJSON bool) error {
	w := bufio.NewWriter(out)
	defer w.Flush()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return forEachLine(in, func(line string, tooLong bool) any {
		if tooLong {
			return screenLine{Result: screening.Result{Query: "", Matches: []match.Match{}}, Error: fmt.Sprintf("line longer than %d bytes", maxLineBytes)}
		}
		r, err := svc.Screen(line, opt)
		if err != nil {
			return screenLine{Result: screening.Result{Query: line, Matches: []match.Match{}}, Error: err.Error()}
		}
		return screenLine{Result: r}
	}, func(v any) error {
		if asJSON {
			return enc.Encode(v)
		}
		return printScreen(w, v.(screenLine))
	})
}

func printScreen(w io.Writer, l screenLine) error {
	fmt.Fprintf(w, "%s\n", l.Query)
	if l.Error != "" {
		_, err := fmt.Fprintf(w, "  error: %s\n", l.Error)
		return err
	}
	if len(l.Matches) == 0 {
		fmt.Fprintln(w, "  no candidates")
	}
	for _, m := range l.Matches {
		flag := "  "
		if m.Match {
			flag = "HIT"
		}
		fmt.Fprintf(w, "  %s %.3f  %s  [%s %s]", flag, m.Score, m.Name, m.List, m.SourceID)
		for _, v := range m.Via {
			fmt.Fprintf(w, "  via %s: %s", v.Relation, v.Name)
		}
		fmt.Fprintln(w)
		var parts []string
		for _, e := range m.Explanation {
			switch {
			case e.Query != "" && e.List != "":
				parts = append(parts, fmt.Sprintf("%s~%s(%s)", e.Query, e.List, e.How))
			case e.Query != "":
				parts = append(parts, fmt.Sprintf("+%s", e.Query))
			case e.List != "":
				parts = append(parts, fmt.Sprintf("-%s", e.List))
			default:
				parts = append(parts, e.How)
			}
		}
		fmt.Fprintf(w, "       %s\n", strings.Join(parts, " "))
	}
	return nil
}

// forEachLine reads lines from in, applies work to each on all cores, and
// calls emit with the results in input order. A line over maxLineBytes is
// passed to work with tooLong set, and reading goes on with the next line.
func forEachLine(in io.Reader, work func(line string, tooLong bool) any, emit func(any) error) error {
	br := bufio.NewReaderSize(in, 64<<10)
	workers := runtime.GOMAXPROCS(0)
	const batch = 256
	for {
		lines := make([]string, 0, batch)
		long := make([]bool, 0, batch)
		eof := false
		for len(lines) < batch {
			l, tooLong, err := readLine(br)
			if err == io.EOF && l == "" && !tooLong {
				eof = true
				break
			}
			if err != nil && err != io.EOF {
				return fmt.Errorf("read input line: %w", err)
			}
			lines = append(lines, l)
			long = append(long, tooLong)
			if err == io.EOF {
				eof = true
				break
			}
		}
		results := make([]any, len(lines))
		var wg sync.WaitGroup
		next := make(chan int)
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range next {
					results[i] = work(lines[i], long[i])
				}
			}()
		}
		for i := range lines {
			next <- i
		}
		close(next)
		wg.Wait()
		for _, r := range results {
			if err := emit(r); err != nil {
				return err
			}
		}
		if eof {
			return nil
		}
	}
}

// readLine reads one line without its line ending. A line longer than
// maxLineBytes is consumed and reported with tooLong.
func readLine(br *bufio.Reader) (string, bool, error) {
	var buf []byte
	for {
		chunk, isPrefix, err := br.ReadLine()
		if err != nil {
			return string(buf), len(buf) > maxLineBytes, err
		}
		if len(buf) <= maxLineBytes {
			buf = append(buf, chunk...)
		}
		if !isPrefix {
			if len(buf) > maxLineBytes {
				return "", true, nil
			}
			return strings.TrimRight(string(buf), "\r"), false, nil
		}
	}
}

package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/collabcheck/collabcheck/internal/match"
	"github.com/collabcheck/collabcheck/internal/report/bulk"
	"github.com/collabcheck/collabcheck/internal/screening"
)

func init() { commandBuilders = append(commandBuilders, newBulkCmd) }

func newBulkCmd(g *globals) *cobra.Command {
	var out, column, sheet string
	var maxRows, maxMiB int
	var threshold, review float64
	var quiet bool
	c := &cobra.Command{
		Use:   "bulk FILE --out FILE",
		Short: "Screen every row of a CSV or XLSX sheet and write it back with results",
		Long: fmt.Sprintf(`Reads a CSV (separator, byte order mark and line ends detected) or an XLSX
workbook, finds the column of names or affiliations by its header (name,
organisation, affiliation, institution, partner, ...) or takes --column (a
header, a number or a letter), screens every row, and writes the same sheet in
the same format to --out with these columns appended:

  %s

Status is hit, review (no hit but a candidate scores at least --review), clear
or "error: reason". Other sheets, columns and rows are kept as they were.
Limits: %d data rows (--max-rows) and %d MiB per file (--max-mib). Progress goes to
standard error unless --quiet.`, strings.Join(bulk.ResultHeader, ", "), bulk.DefaultMaxRows, bulk.DefaultMaxBytes>>20),
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if out == "" {
				return usagef("--out FILE is required")
			}
			if threshold <= 0 || threshold > 1 || review <= 0 || review > 1 {
				return usagef("--threshold and --review must be in (0, 1]")
			}
			if maxRows < 1 || maxMiB < 1 || maxMiB > 1024 {
				return usagef("--max-rows must be positive and --max-mib between 1 and 1024")
			}
			if bulkAbsPath(args[0]) == bulkAbsPath(out) {
				return usagef("--out must differ from the input file")
			}
			in, err := os.Open(args[0])
			if err != nil {
				return err
			}
			defer in.Close()
			svc, cleanup, err := loadService(c.Context(), g)
			if err != nil {
				return err
			}
			defer cleanup()
			mo := match.Options{Threshold: threshold}
			step := 0
			opt := bulk.Options{Column: column, Sheet: sheet, MaxRows: maxRows, MaxBytes: int64(maxMiB) << 20, ReviewThreshold: review,
				Progress: func(done, total int) {
					if quiet || total == 0 {
						return
					}
					// Report each tenth, and the end.
					if p := done * 10 / total; p > step || done == total {
						step = p
						fmt.Fprintf(g.stderr, "screened %d of %d rows\n", done, total)
					}
				}}
			var sum bulk.Summary
			err = writeOut(g, out, func(w io.Writer) error {
				var err error
				sum, err = bulk.Process(c.Context(), in, w, func(q string) (screening.Result, error) { return svc.Screen(q, mo) }, opt)
				if err != nil {
					return fmt.Errorf("%s: %w", args[0], err)
				}
				return nil
			})
			if err != nil {
				return err
			}
			where := ""
			if sum.Sheet != "" {
				where = fmt.Sprintf("sheet %q, ", sum.Sheet)
			}
			fmt.Fprintf(g.stdout, "%s: %scolumn %d %q: %d rows: %d hit, %d review, %d clear, %d error; wrote %s\n",
				args[0], where, sum.ColumnIndex, sum.Column, sum.Rows, sum.Hits, sum.Review, sum.Clear, sum.Errors, out)
			return nil
		},
	}
	c.Flags().StringVar(&out, "out", "", "where to write the sheet with results (required)")
	c.Flags().StringVar(&column, "column", "", "column to screen: header, number or letter (default: detect)")
	c.Flags().StringVar(&sheet, "sheet", "", "XLSX sheet to screen (default: the first)")
	c.Flags().IntVar(&maxRows, "max-rows", bulk.DefaultMaxRows, "most data rows to accept")
	c.Flags().IntVar(&maxMiB, "max-mib", bulk.DefaultMaxBytes>>20, "largest file to accept, in MiB")
	c.Flags().Float64Var(&threshold, "threshold", match.DefaultThreshold, "score at or above which a candidate is a hit")
	c.Flags().Float64Var(&review, "review", bulk.DefaultReviewThreshold, "best score at or above which a row without a hit is marked review")
	c.Flags().BoolVar(&quiet, "quiet", false, "do not report progress")
	return c
}

func bulkAbsPath(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return a
}

package main

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/collabcheck/collabcheck/internal/match"
	"github.com/collabcheck/collabcheck/internal/report"
	"github.com/collabcheck/collabcheck/internal/screening"
)

func init() { commandBuilders = append(commandBuilders, newExportCmd) }

func newExportCmd(g *globals) *cobra.Command {
	c := &cobra.Command{
		Use:   "export",
		Short: "Export cases or screening results as CSV or XLSX",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return usagef("export needs a subcommand: cases or screening")
		},
	}
	c.AddCommand(newExportCasesCmd(g), newExportScreeningCmd(g))
	return c
}

// csvFlags are the options every CSV export takes.
type csvFlags struct {
	bom bool
	sep string
}

func (f *csvFlags) add(c *cobra.Command) {
	c.Flags().BoolVar(&f.bom, "bom", false, "CSV: start with a UTF-8 byte order mark, so Excel reads accents right")
	c.Flags().StringVar(&f.sep, "separator", ",", `CSV: field separator: "," ";" or "tab"`)
}

func (f *csvFlags) options() (report.CSVOptions, error) {
	opt := report.CSVOptions{BOM: f.bom}
	switch f.sep {
	case ",", "":
		opt.Comma = ','
	case ";":
		opt.Comma = ';'
	case "tab", `\t`, "\t":
		opt.Comma = '\t'
	default:
		return opt, usagef(`--separator must be ",", ";" or "tab", got %q`, f.sep)
	}
	return opt, nil
}

func exportFormat(format, out string) (string, error) {
	format = strings.ToLower(format)
	if format != "csv" && format != "xlsx" {
		return "", usagef("--format must be csv or xlsx, got %q", format)
	}
	return format, needOut(out, format == "xlsx", format)
}

func newExportCasesCmd(g *globals) *cobra.Command {
	var tenant, format, out string
	var cf csvFlags
	c := &cobra.Command{
		Use:   "cases --tenant NAME [--format csv|xlsx] [--out FILE]",
		Short: "Export every case the tenant sees, one row per case",
		Long: `Writes one row per case the tenant sees: id, title, state, risk, recommended
outcome, decided outcome, who decided and when, whether that differs from the
recommendation, the adviser referred to, partners, countries, creator, created
and updated. CSV cells that a spreadsheet would run as a formula (starting
with = + - @) are prefixed with a quote. XLSX needs --out FILE (or --out -).
The export is recorded in the audit trail.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			format, err := exportFormat(format, out)
			if err != nil {
				return err
			}
			opt, err := cf.options()
			if err != nil {
				return err
			}
			ctx := c.Context()
			st, cw, t, err := reportTenant(ctx, g, tenant)
			if err != nil {
				return err
			}
			defer st.Close()
			_, full, err := tenantCases(ctx, cw, t)
			if err != nil {
				return err
			}
			err = writeOut(g, out, func(w io.Writer) error {
				if format == "xlsx" {
					return report.WriteCasesXLSX(w, full)
				}
				return report.WriteCasesCSV(w, full, opt)
			})
			if err != nil {
				return err
			}
			return recordExport(ctx, cw, t, "cases.export", fmt.Sprintf("tenant:%d", t.ID), map[string]any{"format": format, "cases": len(full)})
		},
	}
	c.Flags().StringVar(&tenant, "tenant", "", "the tenant whose cases to export (required)")
	c.Flags().StringVar(&format, "format", "csv", "csv or xlsx")
	c.Flags().StringVar(&out, "out", "", "output file; - or empty for standard output (csv)")
	cf.add(c)
	return c
}

func newExportScreeningCmd(g *globals) *cobra.Command {
	var format, out string
	var threshold float64
	var limit int
	var cf csvFlags
	c := &cobra.Command{
		Use:   "screening [NAME...] [--format csv|xlsx] [--out FILE]",
		Short: "Screen names and export the candidates, one row per candidate",
		Long: `Screens each name (from the arguments, or one per line on standard input) and
writes one row per candidate: query, rank, hit, list, source id, listed name,
matched name, score, program, via and a one-line explanation. A name without
candidates gets one row saying so. For a spreadsheet of names with results
appended to it, use collabcheck bulk.`,
		RunE: func(c *cobra.Command, args []string) error {
			format, err := exportFormat(format, out)
			if err != nil {
				return err
			}
			opt, err := cf.options()
			if err != nil {
				return err
			}
			if limit < 1 || limit > 100 {
				return usagef("--limit must be between 1 and 100, got %d", limit)
			}
			if threshold <= 0 || threshold > 1 {
				return usagef("--threshold must be in (0, 1], got %v", threshold)
			}
			names := args
			if len(names) == 0 {
				b, err := io.ReadAll(io.LimitReader(g.stdin, 64<<20))
				if err != nil {
					return fmt.Errorf("read names: %w", err)
				}
				if !utf8.Valid(b) {
					return fmt.Errorf("standard input is not valid UTF-8")
				}
				for _, l := range strings.Split(string(b), "\n") {
					if l = strings.TrimSpace(l); l != "" {
						names = append(names, l)
					}
				}
			}
			if len(names) == 0 {
				return usagef("no names to screen: give them as arguments or on standard input")
			}
			svc, cleanup, err := loadService(c.Context(), g)
			if err != nil {
				return err
			}
			defer cleanup()
			mo := match.Options{Threshold: threshold, Limit: limit}
			var results []screening.Result
			for i, n := range names {
				r, err := svc.Screen(n, mo)
				if err != nil {
					return fmt.Errorf("name %d (%q): %w", i+1, n, err)
				}
				results = append(results, r)
			}
			return writeOut(g, out, func(w io.Writer) error {
				if format == "xlsx" {
					return report.WriteScreeningXLSX(w, results)
				}
				return report.WriteScreeningCSV(w, results, opt)
			})
		},
	}
	c.Flags().StringVar(&format, "format", "csv", "csv or xlsx")
	c.Flags().StringVar(&out, "out", "", "output file; - or empty for standard output (csv)")
	c.Flags().IntVar(&limit, "limit", match.DefaultLimit, "most candidates per name (1-100)")
	c.Flags().Float64Var(&threshold, "threshold", match.DefaultThreshold, "score at or above which a candidate is a hit")
	cf.add(c)
	return c
}

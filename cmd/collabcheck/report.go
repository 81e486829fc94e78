package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/collabcheck/collabcheck/internal/audit"
	"github.com/collabcheck/collabcheck/internal/auth"
	"github.com/collabcheck/collabcheck/internal/cases"
	"github.com/collabcheck/collabcheck/internal/report"
	"github.com/collabcheck/collabcheck/internal/store"
)

func init() { commandBuilders = append(commandBuilders, newReportCmd) }

func newReportCmd(g *globals) *cobra.Command {
	c := &cobra.Command{
		Use:   "report",
		Short: "Write the assessment report of a case (HTML, PDF) or a portfolio report (HTML)",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return usagef("report needs a subcommand: case or portfolio")
		},
	}
	c.AddCommand(newReportCaseCmd(g), newReportPortfolioCmd(g))
	return c
}

func newReportCaseCmd(g *globals) *cobra.Command {
	var tenant, format, out string
	c := &cobra.Command{
		Use:   "case ID --tenant NAME [--format html|pdf] --out FILE",
		Short: "Write a case's assessment report for the case file",
		Long: `Writes the assessment report of case ID as the tenant sees it (its own cases,
and cases referred to it if it is an adviser tenant): outcome and risk,
findings with evidence, required mitigations, the checklist, the decision,
advice, and the policy, list and taxonomy versions with the input hash.
--format html writes one self-contained page; --format pdf an A4 PDF. --out -
writes to standard output (the default for html). The export is recorded in
the audit trail.`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil || id <= 0 {
				return usagef("case ID must be a positive number, got %q", args[0])
			}
			format = strings.ToLower(format)
			if format != "html" && format != "pdf" {
				return usagef("--format must be html or pdf, got %q", format)
			}
			if err := needOut(out, format == "pdf", format); err != nil {
				return err
			}
			ctx := c.Context()
			st, cw, t, err := reportTenant(ctx, g, tenant)
			if err != nil {
				return err
			}
			defer st.Close()
			cs, err := cw.Case(ctx, t.ID, id)
			if errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("case %d: not found for tenant %q", id, t.Name)
			}
			if err != nil {
				return fmt.Errorf("case %d: %w", id, err)
			}
			owner := t.Name
			if cs.TenantID != t.ID {
				owner = fmt.Sprintf("tenant %d (referred to %s)", cs.TenantID, t.Name)
			}
			r := report.CaseReport{Case: cs, Tenant: owner, Generated: time.Now().UTC()}
			err = writeOut(g, out, func(w io.Writer) error {
				if format == "pdf" {
					return report.WriteCasePDF(w, r)
				}
				return report.WriteCaseHTML(w, r)
			})
			if err != nil {
				return err
			}
			return recordExport(ctx, cw, t, "case.report", fmt.Sprintf("case:%d", id), map[string]any{"format": format})
		},
	}
	c.Flags().StringVar(&tenant, "tenant", "", "the tenant whose view of the case to report (required)")
	c.Flags().StringVar(&format, "format", "html", "html or pdf")
	c.Flags().StringVar(&out, "out", "", "output file; - for standard output")
	return c
}

func newReportPortfolioCmd(g *globals) *cobra.Command {
	var tenant, out string
	var months int
	c := &cobra.Command{
		Use:   "portfolio --tenant NAME --out FILE",
		Short: "Write the portfolio report of a tenant's cases for a governing body",
		Long: `Writes one self-contained HTML page about every case the tenant sees: counts by
risk level, recommended and decided outcome, state, opportunity field and
partner country, decisions by month (--months, ending this month), and the
cases referred to an adviser and awaiting a decision, each chart beside a
table of the same numbers.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if months < 1 || months > 60 {
				return usagef("--months must be between 1 and 60, got %d", months)
			}
			ctx := c.Context()
			st, cw, t, err := reportTenant(ctx, g, tenant)
			if err != nil {
				return err
			}
			defer st.Close()
			sums, full, err := tenantCases(ctx, cw, t)
			if err != nil {
				return err
			}
			p := report.Portfolio{Tenant: t.Name, Summaries: sums, Cases: full, Generated: time.Now().UTC(), Months: months}
			if err := writeOut(g, out, func(w io.Writer) error { return report.WritePortfolioHTML(w, p) }); err != nil {
				return err
			}
			return recordExport(ctx, cw, t, "portfolio.report", fmt.Sprintf("tenant:%d", t.ID), map[string]any{"cases": len(sums)})
		},
	}
	c.Flags().StringVar(&tenant, "tenant", "", "the tenant to report on (required)")
	c.Flags().StringVar(&out, "out", "", "output file; - or empty for standard output")
	c.Flags().IntVar(&months, "months", 12, "months of decisions to chart")
	return c
}

// reportTenant opens the store's casework and finds the tenant by name.
func reportTenant(ctx context.Context, g *globals, name string) (store.Store, store.Casework, auth.Tenant, error) {
	if strings.TrimSpace(name) == "" {
		return nil, nil, auth.Tenant{}, usagef("--tenant is required")
	}
	st, cw, err := openSide(ctx, g, store.CaseworkOf)
	if err != nil {
		return nil, nil, auth.Tenant{}, err
	}
	acc, err := store.AccountsOf(st)
	if err != nil {
		st.Close()
		return nil, nil, auth.Tenant{}, err
	}
	t, err := acc.TenantByName(ctx, strings.TrimSpace(name))
	if err != nil {
		st.Close()
		if errors.Is(err, store.ErrNotFound) {
			return nil, nil, auth.Tenant{}, fmt.Errorf("no tenant named %q", name)
		}
		return nil, nil, auth.Tenant{}, fmt.Errorf("tenant %q: %w", name, err)
	}
	return st, cw, t, nil
}

// tenantCases reads every case the tenant sees, page by page, with the
// full case of each (for partners, decisions and opportunity fields).
func tenantCases(ctx context.Context, cw store.Casework, t auth.Tenant) ([]cases.Summary, []cases.Case, error) {
	const page = 1000
	var sums []cases.Summary
	for off := 0; ; off += page {
		batch, err := cw.Cases(ctx, t.ID, store.CaseFilter{Limit: page, Offset: off})
		if err != nil {
			return nil, nil, fmt.Errorf("cases of tenant %q: %w", t.Name, err)
		}
		sums = append(sums, batch...)
		if len(batch) < page {
			break
		}
		if len(sums) > report.MaxPortfolioCases {
			return nil, nil, fmt.Errorf("tenant %q has more than %d cases", t.Name, report.MaxPortfolioCases)
		}
	}
	full := make([]cases.Case, 0, len(sums))
	for _, s := range sums {
		c, err := cw.Case(ctx, t.ID, s.ID)
		if errors.Is(err, store.ErrNotFound) {
			continue // removed from view since listing
		}
		if err != nil {
			return nil, nil, fmt.Errorf("case %d: %w", s.ID, err)
		}
		full = append(full, c)
	}
	return sums, full, nil
}

// needOut refuses binary output to standard output unless asked for
// with --out -.
func needOut(out string, binary bool, format string) error {
	if binary && out == "" {
		return usagef("--out FILE is required for %s (or --out - for standard output)", format)
	}
	return nil
}

// writeOut writes through fn to the file out, or to standard output for
// "" and "-". A file is written beside its destination and renamed into
// place, so a failure leaves no partial file.
func writeOut(g *globals, out string, fn func(io.Writer) error) error {
	if out == "" || out == "-" {
		return fn(g.stdout)
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*")
	if err != nil {
		return fmt.Errorf("create %s: %w", out, err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename this is a no-op
	if err := fn(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	return nil
}

// recordExport appends an audit entry saying who took what out of the
// system: reports and exports carry case data off the server.
func recordExport(ctx context.Context, cw store.Casework, t auth.Tenant, action, subject string, detail map[string]any) error {
	_, err := cw.AppendAudit(ctx, audit.Event{TenantID: t.ID, Actor: store.ActorFrom(ctx), Action: action, Subject: subject, Detail: detail})
	if err != nil {
		return fmt.Errorf("record the export in the audit trail: %w", err)
	}
	return nil
}

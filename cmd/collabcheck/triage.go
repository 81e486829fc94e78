package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/collabcheck/collabcheck/internal/report"
	"github.com/collabcheck/collabcheck/internal/secure"
	"github.com/collabcheck/collabcheck/internal/techarea"
	"github.com/collabcheck/collabcheck/internal/triaging"
)

func init() { commandBuilders = append(commandBuilders, newTriageCmd) }

func newTriageCmd(g *globals) *cobra.Command {
	var asJSON bool
	var out string
	c := &cobra.Command{
		Use:   "triage FILE",
		Short: "Economic-security triage of a deal or product described in a YAML or JSON file",
		Long: `Triage reads a deal or product description: the company, the product or
technology in plain words, the deal type (investment, acquisition,
partnership, customer, export), export destinations, and the counterparties
(investors, acquirers, partners, customers, suppliers, directors and other
persons) with countries, dates of birth, stakes, board seats and known
owners.

It classifies the technology against the sensitive areas; flags that the
deal may be notifiable under investment-screening law when an investor or
acquirer crosses a threshold of shares or votes (more than 25%, more than
50%, 75% or more) in a company active in one of the UK NSI Act's 17 areas,
and that material influence may be called in; flags the export-control
categories the technology may fall under; and screens every counterparty
and declared owner against the loaded lists, including through FtM
ownership relations (a fund owned by a listed entity is flagged with the
path). A person who matches a listed person by name only, with no
corroborating country or date of birth, is a weak match for a human to
review, never a hit. It ends with next steps and when to seek official
advice, with references to public guidance.

--out FILE writes the triage as an HTML (.html) or PDF (.pdf) report. An
invalid file is rejected with every problem and its line (exit 1). At least
one list must be loaded. The same file and lists give the same triage.`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if out != "" {
				if err := checkReportExt(out); err != nil {
					return err
				}
			}
			b, err := readLimited(args[0], secure.MaxFileBytes)
			if err != nil {
				return fmt.Errorf("deal: %w", err)
			}
			deal, err := secure.ParseDeal(args[0], b)
			if err != nil {
				var pe *secure.ParseError
				if asJSON && errors.As(err, &pe) {
					enc := json.NewEncoder(g.stdout)
					enc.SetIndent("", "  ")
					_ = enc.Encode(pe)
				}
				return err
			}
			svc, cleanup, err := loadService(c.Context(), g)
			if err != nil {
				return err
			}
			defer cleanup()
			if !svc.Ready() {
				return errors.New("no list is loaded: import lists with `collabcheck lists import` so counterparties can be screened before a triage")
			}
			cl, err := techarea.DefaultClassifier()
			if err != nil {
				return fmt.Errorf("technology classifier: %w", err)
			}
			tr, err := triaging.New(svc, cl, triaging.StoreLookup(svc.Store()))
			if err != nil {
				return err
			}
			res, err := tr.Triage(c.Context(), deal)
			if err != nil {
				return err
			}
			if out != "" {
				err := writeReportFile(out, func(w io.Writer, pdf bool) error {
					rep := report.TriageReport{Triage: res, Generated: time.Now().UTC().Truncate(time.Second)}
					if pdf {
						return report.WriteTriagePDF(w, rep)
					}
					return report.WriteTriageHTML(w, rep)
				})
				if err != nil {
					return err
				}
			}
			if asJSON {
				enc := json.NewEncoder(g.stdout)
				enc.SetEscapeHTML(false)
				enc.SetIndent("", "  ")
				return enc.Encode(res)
			}
			printTriage(g.stdout, res)
			if out != "" {
				fmt.Fprintf(g.stdout, "\nReport written to %s\n", out)
			}
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print the triage as JSON")
	c.Flags().StringVar(&out, "out", "", "write the triage report to this file (.html or .pdf)")
	return c
}

// printTriage writes a triage for a person to read.
func printTriage(w io.Writer, t secure.Triage) {
	fmt.Fprintf(w, "Triage: %s (%s)\n", t.Company, t.DealType)
	fmt.Fprintf(w, "Policy %s; taxonomy %s; lists: %s\n", t.PolicyVersion, t.Versions.Taxonomy, strings.Join(t.Versions.Lists, ", "))
	if len(t.Areas) == 0 {
		fmt.Fprintln(w, "Sensitive areas: none found in the description")
	} else {
		var as []string
		for _, a := range t.Areas {
			as = append(as, fmt.Sprintf("%s (%.2f)", a.ID, a.Score))
		}
		fmt.Fprintf(w, "Sensitive areas: %s\n", strings.Join(as, ", "))
	}
	var flags []string
	for _, f := range []struct {
		on   bool
		name string
	}{{t.Flags.MayBeNotifiable, "may be notifiable"}, {t.Flags.ExportControl, "export control"},
		{t.Flags.ListHit, "list hit"}, {t.Flags.OwnershipHit, "ownership hit"},
		{t.Flags.WeakMatch, "weak match for review"}, {t.Flags.NeedsReview, "needs review"}} {
		if f.on {
			flags = append(flags, f.name)
		}
	}
	if len(flags) == 0 {
		flags = []string{"none beyond good practice"}
	}
	fmt.Fprintf(w, "Flags: %s\n\nFindings:\n", strings.Join(flags, "; "))
	for _, f := range t.Findings {
		fmt.Fprintf(w, "  [%s] %s\n", f.Severity, f.Title)
		fmt.Fprintf(w, "      %s\n", f.Detail)
		for _, e := range f.Evidence {
			fmt.Fprintf(w, "      - %s\n", e)
		}
	}
	fmt.Fprintln(w, "\nNext steps:")
	for i, s := range t.NextSteps {
		fmt.Fprintf(w, "  %d. %s\n", i+1, s.Text)
		for _, g := range s.Guidance {
			fmt.Fprintf(w, "     see: %s <%s>\n", g.Title, g.URL)
		}
	}
	if t.SeekAdvice {
		fmt.Fprintln(w, "\nSeek official advice:")
		for _, r := range t.AdviceReasons {
			fmt.Fprintf(w, "  - %s\n", r)
		}
	}
	fmt.Fprintf(w, "\n%s\n", t.Note)
}

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/collabcheck/collabcheck/internal/report"
	"github.com/collabcheck/collabcheck/internal/secure"
	"github.com/collabcheck/collabcheck/internal/store"
)

func init() { commandBuilders = append(commandBuilders, newReviewCmd) }

func newReviewCmd(g *globals) *cobra.Command {
	var answersFile, previousFile, out, tenant string
	var asJSON, save bool
	c := &cobra.Command{
		Use:   "review",
		Short: "Secure-innovation self-review for a company: print the questionnaire, or score answers into a maturity and an action plan",
		Long: `Review runs the secure-innovation self-review, organised by the five
principles: know the threats; secure the business environment; secure
products and IP; secure partnerships and the supply chain; secure growth
(investment, export and expansion).

Without --answers it prints the questionnaire as a fillable YAML answer set:
every question with its help text and valid answers (yes, partly, no,
not_applicable where offered, or the listed choices). Fill it in and run
review --answers FILE.

With --answers it checks the answers against the questionnaire version they
name — an answer set for another version, with unknown questions, invalid
answers or missing required answers is rejected with every reason and its
line, exit 1 — and prints the maturity per principle (0-100 and a level) and
the action plan, ranked by priority x weight x gap, each action with its
reason, effort and guidance. --previous FILE (an earlier answer set) adds the
progress since: score changes per principle and the actions done and new.
--out FILE writes the report as HTML (.html) or PDF (.pdf); --json prints
the scored review as JSON.

--tenant NAME compares with the tenant's last stored review (when no
--previous is given), and --save stores this review for the tenant, so the
next one shows progress against it.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			qn, err := secure.DefaultQuestionnaire()
			if err != nil {
				return fmt.Errorf("embedded questionnaire: %w", err)
			}
			if answersFile == "" {
				if previousFile != "" || out != "" || asJSON || tenant != "" || save {
					return usagef("--previous, --out, --json, --tenant and --save need --answers FILE; without it review prints the questionnaire template")
				}
				_, err := io.WriteString(g.stdout, qn.Template())
				return err
			}
			r, answers, err := scoreFile(g, qn, answersFile, asJSON)
			if err != nil {
				return err
			}
			if save && tenant == "" {
				return usagef("--save needs --tenant NAME")
			}
			if previousFile != "" {
				prev, _, err := scoreFile(g, qn, previousFile, asJSON)
				if err != nil {
					return fmt.Errorf("previous review: %w", err)
				}
				secure.Compare(&r, prev)
			}
			if tenant != "" {
				if err := tenantReview(c.Context(), g, tenant, answers, previousFile == "", save, &r); err != nil {
					return err
				}
			}
			if out != "" {
				if err := writeReviewReport(out, r); err != nil {
					return err
				}
			}
			if asJSON {
				enc := json.NewEncoder(g.stdout)
				enc.SetEscapeHTML(false)
				enc.SetIndent("", "  ")
				return enc.Encode(r)
			}
			printReview(g.stdout, r)
			if out != "" {
				fmt.Fprintf(g.stdout, "\nReport written to %s\n", out)
			}
			return nil
		},
	}
	c.Flags().StringVar(&answersFile, "answers", "", "a filled-in answer set (YAML or JSON) to score")
	c.Flags().StringVar(&previousFile, "previous", "", "an earlier answer set, to show progress since")
	c.Flags().StringVar(&out, "out", "", "write the review report to this file (.html or .pdf)")
	c.Flags().BoolVar(&asJSON, "json", false, "print the scored review as JSON")
	c.Flags().StringVar(&tenant, "tenant", "", "compare with this tenant's last stored review")
	c.Flags().BoolVar(&save, "save", false, "store this review for --tenant")
	return c
}

// tenantReview compares r with the tenant's last stored review (when
// compare is set and there is one) and, with save, stores r.
func tenantReview(ctx context.Context, g *globals, name string, a secure.AnswerSet, compare, save bool, r *secure.Review) error {
	st, err := openStore(ctx, g)
	if err != nil {
		return err
	}
	defer st.Close()
	acc, err := store.AccountsOf(st)
	if err != nil {
		return err
	}
	rv, err := store.ReviewsOf(st)
	if err != nil {
		return err
	}
	t, err := acc.TenantByName(ctx, name)
	if err != nil {
		return fmt.Errorf("tenant %q: %w", name, err)
	}
	if compare {
		last, err := rv.LatestReview(ctx, t.ID)
		switch {
		case errors.Is(err, store.ErrNotFound):
		case err != nil:
			return err
		default:
			var prev secure.Review
			if err := json.Unmarshal([]byte(last.Result), &prev); err != nil {
				return fmt.Errorf("stored review %d of tenant %q: %w", last.ID, name, err)
			}
			if prev.Date == "" {
				prev.Date = last.CreatedAt.Format("2006-01-02")
			}
			secure.Compare(r, prev)
		}
	}
	if !save {
		return nil
	}
	answers, err := json.Marshal(a)
	if err != nil {
		return err
	}
	stored := *r
	stored.Progress = nil // progress is recomputed against whatever came before
	result, err := json.Marshal(stored)
	if err != nil {
		return err
	}
	_, err = rv.SaveReview(ctx, store.ReviewRecord{TenantID: t.ID, QuestionnaireVersion: r.QuestionnaireVersion,
		Company: r.Company, Overall: r.Overall, Answers: string(answers), Result: string(result), CreatedBy: "cli"})
	if err != nil {
		return fmt.Errorf("store the review of tenant %q: %w", name, err)
	}
	return nil
}

// scoreFile reads, checks and scores an answer set. With asJSON an invalid
// file's problems are printed as JSON too.
func scoreFile(g *globals, qn *secure.Questionnaire, path string, asJSON bool) (secure.Review, secure.AnswerSet, error) {
	b, err := readLimited(path, secure.MaxFileBytes)
	if err != nil {
		return secure.Review{}, secure.AnswerSet{}, fmt.Errorf("answers: %w", err)
	}
	a, err := secure.ParseAnswers(qn, path, b)
	if err != nil {
		var pe *secure.ParseError
		if asJSON && errors.As(err, &pe) {
			enc := json.NewEncoder(g.stdout)
			enc.SetIndent("", "  ")
			_ = enc.Encode(pe)
		}
		return secure.Review{}, a, err
	}
	r, err := secure.Score(qn, a)
	return r, a, err
}

// checkReportExt accepts a report path ending in .html, .htm or .pdf.
func checkReportExt(path string) error {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".html", ".htm", ".pdf":
		return nil
	}
	return usagef("--out %s: want a file ending in .html or .pdf", path)
}

// writeReportFile writes a report through write (pdf says which format
// the extension asks for) via a temporary file in the same folder, so a
// failed write leaves no half report.
func writeReportFile(path string, write func(w io.Writer, pdf bool) error) error {
	if err := checkReportExt(path); err != nil {
		return err
	}
	ext := strings.ToLower(filepath.Ext(path))
	tmp, err := os.CreateTemp(filepath.Dir(path), ".report-*"+ext)
	if err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	defer os.Remove(tmp.Name())
	err = write(tmp, ext == ".pdf")
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write report %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write report %s: %w", path, err)
	}
	return nil
}

// writeReviewReport writes r as HTML or PDF by the file's extension.
func writeReviewReport(path string, r secure.Review) error {
	return writeReportFile(path, func(w io.Writer, pdf bool) error {
		rep := report.ReviewReport{Review: r, Generated: time.Now().UTC().Truncate(time.Second)}
		if pdf {
			return report.WriteReviewPDF(w, rep)
		}
		return report.WriteReviewHTML(w, rep)
	})
}

// printReview writes a scored review for a person to read.
func printReview(w io.Writer, r secure.Review) {
	name := r.Company
	if name == "" {
		name = "(company not named)"
	}
	fmt.Fprintf(w, "Secure innovation self-review: %s", name)
	if r.Date != "" {
		fmt.Fprintf(w, " (%s)", r.Date)
	}
	fmt.Fprintf(w, "\nQuestionnaire version %s\nOverall maturity: %d/100, %s\n\n", r.QuestionnaireVersion, r.Overall, r.OverallLevel.Label)
	fmt.Fprintln(w, "Maturity by principle:")
	for _, p := range r.Principles {
		if !p.Applicable {
			fmt.Fprintf(w, "  %-50s not applicable\n", p.Title)
			continue
		}
		fmt.Fprintf(w, "  %-50s %3d/100  %s\n", p.Title, p.Score, p.Level.ID)
	}
	if p := r.Progress; p != nil {
		since := p.PreviousDate
		if since == "" {
			since = "the previous review"
		}
		fmt.Fprintf(w, "\nProgress since %s: overall %d -> %d (%+d)\n", since, p.PreviousOverall, r.Overall, p.OverallDelta)
		for _, d := range p.Principles {
			fmt.Fprintf(w, "  %-50s %+d\n", d.ID, d.Delta)
		}
		for _, x := range p.Done {
			fmt.Fprintf(w, "  done: %s\n", x.Title)
		}
		for _, x := range p.New {
			fmt.Fprintf(w, "  new:  %s\n", x.Title)
		}
		fmt.Fprintf(w, "  still open: %d\n", len(p.StillOpen))
	}
	fmt.Fprintln(w)
	if len(r.Actions) == 0 {
		fmt.Fprintln(w, "Action plan: nothing to do; every applicable question was answered in full.")
		return
	}
	fmt.Fprintln(w, "Action plan (most important first):")
	for i, a := range r.Actions {
		fmt.Fprintf(w, "  %d. %s [priority %s, effort %s]\n", i+1, a.Title, a.Priority, a.Effort)
		fmt.Fprintf(w, "     why: %s\n", a.Reason)
		if a.Reference.URL != "" {
			fmt.Fprintf(w, "     guidance: %s <%s>\n", a.Reference.Title, a.Reference.URL)
		}
	}
}

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"github.com/collabcheck/collabcheck/internal/assessing"
	"github.com/collabcheck/collabcheck/internal/auth"
	"github.com/collabcheck/collabcheck/internal/cases"
	"github.com/collabcheck/collabcheck/internal/jobs"
	"github.com/collabcheck/collabcheck/internal/portfolio"
	"github.com/collabcheck/collabcheck/internal/resolving"
	"github.com/collabcheck/collabcheck/internal/screening"
	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/techarea"
	"github.com/collabcheck/collabcheck/internal/web"
)

func init() { commandBuilders = append(commandBuilders, newPortfolioCmd) }

func newPortfolioCmd(g *globals) *cobra.Command {
	c := &cobra.Command{
		Use:   "portfolio",
		Short: "Screen a whole publication portfolio: import, report, turn findings into cases",
		Long: `Portfolio screening reads publication data (OpenAlex works as JSON lines, or a
CSV of person, affiliation, year and title), resolves every distinct
affiliation string once, screens the organisations against the lists (a lab is
caught through its listed parent), classifies each work into sensitive areas
and opportunity fields, and stores the flagged collaborations as findings of a
run, per tenant.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return usagef("portfolio needs a subcommand: import, report, case, runs or bench")
		},
	}
	c.AddCommand(newPortfolioImportCmd(g), newPortfolioReportCmd(g), newPortfolioCaseCmd(g), newPortfolioRunsCmd(g), newPortfolioBenchCmd(g))
	return c
}

// portfolioTenant opens the store and its portfolio side and finds the
// tenant.
func portfolioTenant(ctx context.Context, g *globals, name string) (store.Store, store.Portfolio, auth.Tenant, error) {
	if strings.TrimSpace(name) == "" {
		return nil, nil, auth.Tenant{}, usagef("--tenant is required")
	}
	st, p, err := openSide(ctx, g, store.PortfolioOf)
	if err != nil {
		return nil, nil, auth.Tenant{}, err
	}
	acc, err := store.AccountsOf(st)
	if err != nil {
		st.Close()
		return nil, nil, auth.Tenant{}, err
	}
	t, err := acc.TenantByName(ctx, name)
	if err != nil {
		st.Close()
		return nil, nil, auth.Tenant{}, fmt.Errorf("tenant %q: %w", name, err)
	}
	return st, p, t, nil
}

// detectFormat guesses the format from the file name: .csv is CSV,
// anything else OpenAlex JSON lines.
func detectFormat(path string) portfolio.Format {
	if strings.EqualFold(filepath.Ext(path), ".csv") {
		return portfolio.FormatCSV
	}
	return portfolio.FormatOpenAlex
}

func newPortfolioImportCmd(g *globals) *cobra.Command {
	var format, tenant string
	var asJSON bool
	var resume int64
	var chunkSize, parts int
	var asJob bool
	c := &cobra.Command{
		Use:   "import FILE --tenant NAME [--format openalex|csv] [--json] [--resume RUN] [--job [--parts N]]",
		Short: "Import and screen a publication file as a new portfolio run",
		Long: `Import reads FILE (OpenAlex works as JSON lines, or a CSV with columns person,
affiliation, year and title in any order and case; one row is one affiliation
of one author, and consecutive rows with the same title and year are one work), screens it and stores the findings as a run of the tenant.
Malformed lines are counted, listed with their line numbers and skipped; the
rest of the file is processed. On a terminal it shows progress on stderr.

Work is saved in chunks. If an import is interrupted (a crash, Ctrl-C), run it
again with --resume RUN on the same file: saved chunks are skipped.

With --job the import is queued instead of run here: it prints the run and job
ids, and workers ('collabcheck jobs work', or 'serve') do the work; 'jobs show'
reports progress and 'jobs cancel' stops it (cancelling any part cancels the
run). --parts N queues N parts of the job so N workers share one run, claiming
its chunks one at a time. FILE must be readable at the same absolute path on
every worker (a shared directory).`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			setGCPercent(defaultGCPercent)
			path := args[0]
			f := detectFormat(path)
			if format != "" {
				var err error
				if f, err = portfolio.ParseFormat(format); err != nil {
					return usagef("%v", err)
				}
			}
			// Ctrl-C stops at the next chunk and records the run as
			// cancelled, so it can be resumed.
			ctx, stop := signal.NotifyContext(c.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			st, p, t, err := portfolioTenant(ctx, g, tenant)
			if err != nil {
				return err
			}
			defer st.Close()
			file, err := os.Open(path)
			if err != nil {
				return err
			}
			defer file.Close()
			var size int64
			if fi, err := file.Stat(); err == nil {
				size = fi.Size()
			}
			rd, err := portfolio.NewReader(file, f)
			if err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
			if asJob {
				file.Close()
				return queuePortfolioImport(ctx, g, st, p, t, path, f, chunkSize, parts, resume, asJSON)
			}
			eng, err := loadPortfolioEngine(ctx, st)
			if err != nil {
				return err
			}

			var run store.PortfolioRun
			done := map[int]bool{}
			if resume > 0 {
				if run, err = p.PortfolioRun(ctx, t.ID, resume); err != nil {
					return err
				}
				if run.Format != string(f) {
					return usagef("run %d was a %s import; this file is read as %s", run.ID, run.Format, f)
				}
				chunks, err := p.PortfolioChunksDone(ctx, t.ID, run.ID)
				if err != nil {
					return err
				}
				for _, n := range chunks {
					done[n] = true
				}
			} else {
				if chunkSize <= 0 {
					return usagef("--chunk must be positive")
				}
				run, err = p.CreatePortfolioRun(ctx, store.PortfolioRun{TenantID: t.ID, Source: path, Format: string(f), ChunkSize: chunkSize, StartedAt: time.Now()})
				if err != nil {
					return err
				}
			}
			opt := portfolio.Options{
				ChunkSize: run.ChunkSize,
				Done:      func(n int) bool { return done[n] },
				Save: func(ctx context.Context, ch store.PortfolioChunk) error {
					_, err := p.SavePortfolioChunk(ctx, t.ID, run.ID, ch)
					return err
				},
			}
			if tty, ok := g.stderr.(*os.File); ok && isatty.IsTerminal(tty.Fd()) {
				opt.Progress = func(pr portfolio.Progress) {
					pct := ""
					if size > 0 {
						pct = fmt.Sprintf("%3.0f%% ", 100*float64(pr.BytesRead)/float64(size))
					}
					fmt.Fprintf(tty, "\r%sworks %d, strings %d (%d distinct), findings %d, malformed lines %d ", pct, pr.Works, pr.Strings, pr.Distinct, pr.Findings, pr.Malformed)
				}
			}
			sum, runErr := eng.Run(ctx, rd, opt)
			if opt.Progress != nil {
				fmt.Fprintln(g.stderr)
			}
			state := store.PortfolioDone
			switch {
			case errors.Is(runErr, context.Canceled):
				state = store.PortfolioCancelled
			case runErr != nil:
				state = store.PortfolioFailed
				sum.Error = runErr.Error()
			}
			// The findings of earlier attempts count too.
			sum.Findings = 0
			if err := p.PortfolioFindings(context.WithoutCancel(ctx), t.ID, run.ID, func(store.PortfolioFinding) error { sum.Findings++; return nil }); err != nil {
				return err
			}
			if err := p.FinishPortfolioRun(context.WithoutCancel(ctx), t.ID, run.ID, state, sum, time.Now()); err != nil {
				return errors.Join(runErr, err)
			}
			if asJSON {
				enc := json.NewEncoder(g.stdout)
				enc.SetEscapeHTML(false)
				if err := enc.Encode(map[string]any{"run": run.ID, "state": state, "summary": sum}); err != nil {
					return err
				}
			} else {
				printPortfolioSummary(g.stdout, run.ID, state, sum)
			}
			if runErr != nil {
				return fmt.Errorf("portfolio run %d %s (resume with --resume %d): %w", run.ID, state, run.ID, runErr)
			}
			return nil
		},
	}
	c.Flags().StringVar(&format, "format", "", "openalex|csv (default: csv for *.csv files, else openalex)")
	c.Flags().StringVar(&tenant, "tenant", "", "tenant the run belongs to")
	c.Flags().BoolVar(&asJSON, "json", false, "print the summary as JSON")
	c.Flags().Int64Var(&resume, "resume", 0, "continue run RUN on the same file, skipping its saved chunks")
	c.Flags().IntVar(&chunkSize, "chunk", portfolio.DefaultChunkSize, "works per saved chunk")
	c.Flags().BoolVar(&asJob, "job", false, "queue the import as a job for workers instead of running it here")
	c.Flags().IntVar(&parts, "parts", 2, "with --job: how many workers may share the run (one job each)")
	return c
}

// queuePortfolioImport creates the run (or checks the one to resume) and
// queues its jobs.
func queuePortfolioImport(ctx context.Context, g *globals, st store.Store, p store.Portfolio, t auth.Tenant, path string,
	f portfolio.Format, chunkSize, parts int, resume int64, asJSON bool) error {
	if parts < 1 || parts > 64 {
		return usagef("--parts must be from 1 to 64, got %d", parts)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	var run store.PortfolioRun
	if resume > 0 {
		if run, err = p.PortfolioRun(ctx, t.ID, resume); err != nil {
			return err
		}
		if run.Format != string(f) {
			return usagef("run %d was a %s import; this file is read as %s", run.ID, run.Format, f)
		}
		if run.State != store.PortfolioRunning {
			return usagef("run %d is %s; only a running (interrupted) run can be resumed as a job", run.ID, run.State)
		}
	} else {
		if chunkSize <= 0 {
			return usagef("--chunk must be positive")
		}
		if run, err = p.CreatePortfolioRun(ctx, store.PortfolioRun{TenantID: t.ID, Source: abs, Format: string(f), ChunkSize: chunkSize, StartedAt: time.Now()}); err != nil {
			return err
		}
	}
	q, err := jobs.Open(ctx, st, jobs.Config{})
	if err != nil {
		return err
	}
	defer q.Close()
	ids, err := q.EnqueuePortfolioImport(ctx, t.ID, run.ID, abs, string(f), parts)
	if err != nil {
		return err
	}
	if asJSON {
		enc := json.NewEncoder(g.stdout)
		enc.SetEscapeHTML(false)
		return enc.Encode(map[string]any{"run": run.ID, "jobs": ids})
	}
	strs := make([]string, len(ids))
	for i, id := range ids {
		strs[i] = strconv.FormatInt(id, 10)
	}
	fmt.Fprintf(g.stdout, "portfolio run %d queued as job %s\n", run.ID, strings.Join(strs, ", "))
	return nil
}

func printPortfolioSummary(w io.Writer, run int64, state store.PortfolioState, s store.PortfolioSummary) {
	fmt.Fprintf(w, "portfolio run %d: %s in %.1fs\n", run, state, s.Seconds)
	fmt.Fprintf(w, "  works %d (records %d), affiliation strings %d, distinct %d, resolved %d, flagged %d\n", s.Works, s.Records, s.Strings, s.Distinct, s.Resolved, s.Flagged)
	fmt.Fprintf(w, "  findings %d\n", s.Findings)
	fmt.Fprintf(w, "  malformed lines %d", s.Malformed)
	if len(s.MalformedLines) > 0 {
		var ls []string
		for _, l := range s.MalformedLines {
			ls = append(ls, strconv.FormatInt(l.Line, 10))
		}
		fmt.Fprintf(w, ": %s", strings.Join(ls, ", "))
		if int64(len(ls)) < s.Malformed {
			fmt.Fprintf(w, " (first %d)", len(ls))
		}
	}
	fmt.Fprintln(w)
	for _, l := range s.MalformedLines {
		fmt.Fprintf(w, "    line %d: %s\n", l.Line, l.Reason)
	}
	if s.Error != "" {
		fmt.Fprintf(w, "  error: %s\n", s.Error)
	}
}

// loadPortfolioEngine loads the lists, the registry and the classifier
// from st.
func loadPortfolioEngine(ctx context.Context, st store.Store) (*portfolio.Engine, error) {
	svc := screening.New(st)
	if err := svc.Reload(ctx); err != nil {
		return nil, err
	}
	if !svc.Ready() {
		return nil, errors.New("no list is loaded: import lists with `collabcheck lists import` before screening a portfolio")
	}
	reg, err := store.RegistryOf(st)
	if err != nil {
		return nil, err
	}
	rs := resolving.New(reg, svc)
	if err := rs.Reload(ctx); err != nil {
		return nil, err
	}
	cl, err := techarea.DefaultClassifier()
	if err != nil {
		return nil, err
	}
	return &portfolio.Engine{Resolver: rs, Screener: svc, Classifier: cl}, nil
}

func newPortfolioRunsCmd(g *globals) *cobra.Command {
	var tenant string
	c := &cobra.Command{
		Use:   "runs --tenant NAME",
		Short: "List the tenant's portfolio runs",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			st, p, t, err := portfolioTenant(c.Context(), g, tenant)
			if err != nil {
				return err
			}
			defer st.Close()
			runs, err := p.PortfolioRuns(c.Context(), t.ID)
			if err != nil {
				return err
			}
			for _, r := range runs {
				fmt.Fprintf(g.stdout, "%d\t%s\t%s\t%s\tworks %d\tfindings %d\tmalformed %d\n", r.ID, r.StartedAt.Format(time.RFC3339), r.State, r.Source, r.Summary.Works, r.Summary.Findings, r.Summary.Malformed)
			}
			return nil
		},
	}
	c.Flags().StringVar(&tenant, "tenant", "", "tenant")
	return c
}

func newPortfolioReportCmd(g *globals) *cobra.Command {
	var tenant, format, out string
	var runID int64
	c := &cobra.Command{
		Use:   "report --tenant NAME [--run ID] --format html|csv|xlsx --out FILE",
		Short: "Write a run's report (HTML) or its findings (CSV, XLSX)",
		Long: `Report aggregates a run's findings by partner, list, programme, sensitive area,
opportunity field, year, department and person. html writes one page with the
tables and the findings; csv writes one row per finding; xlsx writes the
findings, the summary and one sheet per aggregation. Without --run, the
tenant's latest run is used.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			switch format {
			case "html", "csv", "xlsx":
			default:
				return usagef("--format must be html, csv or xlsx")
			}
			if out == "" {
				return usagef("--out is required")
			}
			ctx := c.Context()
			st, p, t, err := portfolioTenant(ctx, g, tenant)
			if err != nil {
				return err
			}
			defer st.Close()
			var run store.PortfolioRun
			if runID > 0 {
				if run, err = p.PortfolioRun(ctx, t.ID, runID); err != nil {
					return err
				}
			} else {
				runs, err := p.PortfolioRuns(ctx, t.ID)
				if err != nil {
					return err
				}
				if len(runs) == 0 {
					return fmt.Errorf("tenant %q has no portfolio runs: import one with `collabcheck portfolio import`", tenant)
				}
				run = runs[0]
			}
			each := func(fn func(store.PortfolioFinding) error) error { return p.PortfolioFindings(ctx, t.ID, run.ID, fn) }
			tmp := out + ".tmp"
			f, err := os.Create(tmp)
			if err != nil {
				return err
			}
			defer os.Remove(tmp)
			switch format {
			case "csv":
				err = portfolio.WriteCSV(f, each)
			default:
				var rep portfolio.Report
				if rep, err = portfolio.Aggregate(run, each); err == nil {
					if format == "html" {
						err = rep.WriteHTML(f)
					} else {
						err = portfolio.WriteXLSX(f, rep, each)
					}
				}
			}
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return err
			}
			if err := os.Rename(tmp, out); err != nil {
				return err
			}
			fmt.Fprintf(g.stdout, "wrote %s report of run %d to %s\n", format, run.ID, out)
			return nil
		},
	}
	c.Flags().StringVar(&tenant, "tenant", "", "tenant")
	c.Flags().Int64Var(&runID, "run", 0, "run id (default: the latest)")
	c.Flags().StringVar(&format, "format", "html", "html|csv|xlsx")
	c.Flags().StringVar(&out, "out", "", "output file")
	return c
}

func newPortfolioCaseCmd(g *globals) *cobra.Command {
	var tenant, email string
	var asJSON bool
	c := &cobra.Command{
		Use:   "case --tenant NAME [--user EMAIL] FINDING_ID",
		Short: "Create a draft case from a portfolio finding",
		Long: `Case turns one finding into a draft case in one step: the collaboration is
titled after the work, its partners are the flagged organisation and the author
with their affiliation; it is assessed under the tenant's policy and stored as
created by --user (default: the tenant's first officer or admin).`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil || id <= 0 {
				return usagef("FINDING_ID must be a positive number, not %q", args[0])
			}
			ctx := c.Context()
			st, p, t, err := portfolioTenant(ctx, g, tenant)
			if err != nil {
				return err
			}
			defer st.Close()
			acc, _ := store.AccountsOf(st)
			cw, err := store.CaseworkOf(st)
			if err != nil {
				return err
			}
			u, err := caseUser(ctx, acc, t, email)
			if err != nil {
				return err
			}
			svc := screening.New(st)
			if err := svc.Reload(ctx); err != nil {
				return err
			}
			cl, err := techarea.DefaultClassifier()
			if err != nil {
				return err
			}
			as, err := assessing.New(svc, cl)
			if err != nil {
				return err
			}
			pol, err := tenantPolicy(ctx, st, t.Name)
			if err != nil {
				return err
			}
			actor := cases.Actor{UserID: u.ID, TenantID: t.ID, TenantKind: t.Kind, Role: u.Role, Name: u.Name, Email: u.Email}
			cs, err := portfolio.CreateCase(ctx, p, cw, as, pol, actor, id, time.Now())
			if err != nil {
				return err
			}
			if asJSON {
				return json.NewEncoder(g.stdout).Encode(cs)
			}
			fmt.Fprintf(g.stdout, "created draft case %d: %s (risk %s, %s)\n", cs.ID, cs.Collaboration.Title, cs.Assessment.Risk, strings.ReplaceAll(string(cs.Assessment.Outcome), "_", " "))
			return nil
		},
	}
	c.Flags().StringVar(&tenant, "tenant", "", "tenant")
	c.Flags().StringVar(&email, "user", "", "email of the user the case is created by")
	c.Flags().BoolVar(&asJSON, "json", false, "print the case as JSON")
	return c
}

// caseUser returns the user a CLI-made case is created by: the one named
// by email (who must belong to the tenant), else the tenant's first
// officer or admin.
func caseUser(ctx context.Context, acc store.Accounts, t auth.Tenant, email string) (auth.User, error) {
	if email != "" {
		u, err := acc.UserByEmail(ctx, email)
		if err != nil {
			return u, fmt.Errorf("user %s: %w", email, err)
		}
		if u.TenantID != t.ID {
			return u, fmt.Errorf("user %s is not in tenant %q", email, t.Name)
		}
		return u, nil
	}
	us, err := acc.ListUsers(ctx, t.ID)
	if err != nil {
		return auth.User{}, err
	}
	for _, role := range []auth.Role{auth.Officer, auth.Admin} {
		for _, u := range us {
			if u.Role == role {
				return u, nil
			}
		}
	}
	return auth.User{}, fmt.Errorf("tenant %q has no officer or admin to create the case: name one with --user", t.Name)
}

// EnvUploadDir names the environment variable with the directory that
// portfolio files uploaded through the API are kept in until their import
// jobs have read them. With workers on several machines it must be a
// directory they all mount at the same path.
const EnvUploadDir = "COLLABCHECK_UPLOAD_DIR"

// portfolioWebConfig is the API's portfolio configuration for serve:
// uploads go to $COLLABCHECK_UPLOAD_DIR or, with SQLite, to FILE.uploads
// beside the database, and imports are queued on q. It is nil (the
// portfolio routes answer 503) when the store keeps no runs, when there is
// no queue, or with PostgreSQL and no upload directory set.
func portfolioWebConfig(st store.Store, db string, q *jobs.Queue, log *slog.Logger) *web.PortfolioConfig {
	p, err := store.PortfolioOf(st)
	if err != nil || q == nil {
		return nil
	}
	dir := os.Getenv(EnvUploadDir)
	if dir == "" {
		if strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://") {
			log.Warn("no " + EnvUploadDir + ": portfolio uploads through the API are off (set it to a directory every worker can read)")
			return nil
		}
		dir = db + ".uploads"
	}
	// Jobs name the stored file by path; an absolute one reads the same
	// from a worker started in another directory.
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	return &web.PortfolioConfig{Store: p, Queue: q, UploadDir: dir}
}

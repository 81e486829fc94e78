package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"os"

	"github.com/spf13/cobra"

	"github.com/collabcheck/collabcheck/internal/assessing"
	"github.com/collabcheck/collabcheck/internal/jobs"
	"github.com/collabcheck/collabcheck/internal/screening"
	"github.com/collabcheck/collabcheck/internal/techarea"
)

func init() { commandBuilders = append(commandBuilders, newJobsCmd) }

func newJobsCmd(g *globals) *cobra.Command {
	c := &cobra.Command{
		Use:   "jobs",
		Short: "List, inspect and cancel background jobs (re-screening, list updates, portfolio imports), and run a worker",
		Long: `Long work runs as jobs in a queue kept in the database (River): a re-screen of
every open case after the lists change, and list updates. 'serve' works them;
'jobs work' runs a worker without the HTTP server, so several machines can
share the work of one PostgreSQL database. A job reports its progress, can be
cancelled, and resumes from its last checkpoint after a crash.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return usagef("jobs needs a subcommand: ls, show, cancel, update, rescreen or work")
		},
	}
	c.AddCommand(newJobsLsCmd(g), newJobsShowCmd(g), newJobsCancelCmd(g), newJobsUpdateCmd(g), newJobsRescreenCmd(g), newJobsWorkCmd(g))
	return c
}

// withQueue opens the store and an insert-only job queue on it.
func withQueue(c *cobra.Command, g *globals, fn func(q *jobs.Queue) error) error {
	st, err := openStore(c.Context(), g)
	if err != nil {
		return err
	}
	defer st.Close()
	q, err := jobs.Open(c.Context(), st, jobs.Config{})
	if err != nil {
		return err
	}
	defer q.Close()
	return fn(q)
}

func jobID(arg string) (int64, error) {
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || id <= 0 {
		return 0, usagef("job id %q: want a positive integer (see `collabcheck jobs ls`)", arg)
	}
	return id, nil
}

func progressText(p *jobs.Progress) string {
	if p == nil {
		return "-"
	}
	s := fmt.Sprintf("%d/%d", p.Done, p.Total)
	if p.Note != "" {
		s += " " + p.Note
	}
	return s
}

func newJobsLsCmd(g *globals) *cobra.Command {
	var asJSON bool
	var limit int
	var kind string
	c := &cobra.Command{
		Use:   "ls",
		Short: "List jobs, newest first, with state and progress",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if limit < 1 || limit > 10000 {
				return usagef("--limit must be from 1 to 10000, got %d", limit)
			}
			return withQueue(c, g, func(q *jobs.Queue) error {
				var kinds []string
				if kind != "" {
					kinds = strings.Split(kind, ",")
				}
				list, err := q.List(c.Context(), limit, kinds...)
				if err != nil {
					return err
				}
				if asJSON {
					return printAccountJSON(g.stdout, list)
				}
				return printJobs(g.stdout, list)
			})
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print the jobs as JSON")
	c.Flags().IntVar(&limit, "limit", 50, "show at most this many jobs")
	c.Flags().StringVar(&kind, "kind", "", "only jobs of these kinds (comma-separated: rescreen, list_update, portfolio_import)")
	return c
}

func printJobs(w io.Writer, list []jobs.Job) error {
	if len(list) == 0 {
		_, err := fmt.Fprintln(w, "no jobs")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tKIND\tSTATE\tATTEMPT\tCREATED\tPROGRESS")
	for _, j := range list {
		state := j.State
		if j.CancelRequested && j.FinalizedAt == nil {
			state += " (cancelling)"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d/%d\t%s\t%s\n", j.ID, j.Kind, state, j.Attempt, j.MaxAttempts,
			j.CreatedAt.Format(time.RFC3339), progressText(j.Progress))
	}
	return tw.Flush()
}

func newJobsShowCmd(g *globals) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "show ID",
		Short: "Show one job: arguments, state, progress and errors",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			id, err := jobID(args[0])
			if err != nil {
				return err
			}
			return withQueue(c, g, func(q *jobs.Queue) error {
				j, err := q.Get(c.Context(), id)
				if errors.Is(err, jobs.ErrNotFound) {
					return fmt.Errorf("no job %d (see `collabcheck jobs ls`)", id)
				}
				if err != nil {
					return err
				}
				if asJSON {
					return printAccountJSON(g.stdout, j)
				}
				fmt.Fprintf(g.stdout, "job %d: %s\nstate: %s (attempt %d of %d)\nargs: %s\ncreated: %s\n", j.ID, j.Kind, j.State,
					j.Attempt, j.MaxAttempts, j.Args, j.CreatedAt.Format(time.RFC3339))
				if j.FinalizedAt != nil {
					fmt.Fprintf(g.stdout, "finished: %s\n", j.FinalizedAt.UTC().Format(time.RFC3339))
				}
				if j.CancelRequested {
					fmt.Fprintln(g.stdout, "cancel requested")
				}
				fmt.Fprintf(g.stdout, "progress: %s\n", progressText(j.Progress))
				for _, e := range j.Errors {
					fmt.Fprintf(g.stdout, "error: %s\n", e)
				}
				return nil
			})
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print the job as JSON")
	return c
}

func newJobsCancelCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "cancel ID",
		Short: "Cancel a job: a queued one at once, a running one within seconds",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			id, err := jobID(args[0])
			if err != nil {
				return err
			}
			return withQueue(c, g, func(q *jobs.Queue) error {
				j, err := q.Cancel(c.Context(), id)
				if errors.Is(err, jobs.ErrNotFound) {
					return fmt.Errorf("no job %d (see `collabcheck jobs ls`)", id)
				}
				if err != nil {
					return err
				}
				switch {
				case j.State == "cancelled":
					fmt.Fprintf(g.stdout, "job %d cancelled\n", id)
				case j.FinalizedAt != nil:
					fmt.Fprintf(g.stdout, "job %d had already finished (%s); nothing to cancel\n", id, j.State)
				default:
					fmt.Fprintf(g.stdout, "job %d is running; its worker stops it within seconds\n", id)
				}
				return nil
			})
		},
	}
}

func newJobsUpdateCmd(g *globals) *cobra.Command {
	var sourcesFile string
	c := &cobra.Command{
		Use:   "update NAME...",
		Short: "Queue list updates of the named sources (a worker fetches them)",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, names []string) error {
			srcs, err := loadSources(sourcesFile)
			if err != nil {
				return usagef("%v", err)
			}
			known := map[string]bool{}
			for _, s := range srcs {
				known[s.Name] = true
			}
			for _, n := range names {
				if !known[n] {
					return usagef("no enabled source named %q (see `collabcheck lists update --help`)", n)
				}
			}
			return withQueue(c, g, func(q *jobs.Queue) error {
				for _, n := range names {
					id, dup, err := q.Enqueue(c.Context(), jobs.ListUpdateArgs{Source: n})
					if err != nil {
						return err
					}
					if dup {
						fmt.Fprintf(g.stdout, "%s: already queued as job %d\n", n, id)
					} else {
						fmt.Fprintf(g.stdout, "%s: queued as job %d\n", n, id)
					}
				}
				return nil
			})
		},
	}
	c.Flags().StringVar(&sourcesFile, "sources", sourcesFlagDefault(), "sources file (env COLLABCHECK_SOURCES)")
	return c
}

func newJobsRescreenCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "rescreen",
		Short: "Queue a re-screen of open cases for the current list versions (a no-op if one was queued for them)",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			st, err := openStore(c.Context(), g)
			if err != nil {
				return err
			}
			defer st.Close()
			vs, err := st.Lists(c.Context())
			if err != nil {
				return err
			}
			if len(vs) == 0 {
				return usagef("no list is loaded: import lists first")
			}
			q, err := jobs.Open(c.Context(), st, jobs.Config{})
			if err != nil {
				return err
			}
			defer q.Close()
			id, dup, err := q.Enqueue(c.Context(), jobs.RescreenArgs{Lists: jobs.ListsKey(vs)})
			if err != nil {
				return err
			}
			if dup {
				fmt.Fprintf(g.stdout, "a re-screen for these list versions is job %d already\n", id)
			} else {
				fmt.Fprintf(g.stdout, "queued re-screen job %d\n", id)
			}
			return nil
		},
	}
}

func newJobsWorkCmd(g *globals) *cobra.Command {
	var sourcesFile, smtpURL string
	var check time.Duration
	var maxJobs int
	var rescue time.Duration
	c := &cobra.Command{
		Use:   "work",
		Short: "Run a job worker (re-screens, list updates, alert delivery) until SIGINT or SIGTERM",
		Long: `Work runs what 'serve' runs in the background, without the HTTP server: it
works queued jobs, queues a re-screen when the list versions change (checked
every --check), and delivers alerts by webhook and email (--smtp or
COLLABCHECK_SMTP, smtp://[user:password@]host:port?from=ADDRESS). Several
workers may share one PostgreSQL database; each job runs on one of them, and
the parts of a portfolio import (portfolio import --job --parts N) split its
chunks between the workers that take them. A portfolio import's file must be
readable at the same path on every worker.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			setGCPercent(defaultGCPercent)
			if check <= 0 {
				return usagef("--check must be positive, got %v", check)
			}
			if maxJobs < 1 || maxJobs > 100 {
				return usagef("--jobs must be from 1 to 100, got %d", maxJobs)
			}
			if rescue != 0 && rescue < 2*time.Second {
				return usagef("--rescue-after must be at least 2s, got %v", rescue)
			}
			smtpCfg, err := parseSMTP(smtpURL)
			if err != nil {
				return usagef("--smtp: %v", err)
			}
			srcs, err := loadSources(sourcesFile)
			if err != nil {
				return usagef("%v", err)
			}
			ctx, stop := signal.NotifyContext(c.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			log := slog.New(slog.NewJSONHandler(g.stderr, nil))
			st, err := openStore(ctx, g)
			if err != nil {
				return err
			}
			defer st.Close()
			svc := screening.New(st)
			if err := svc.Reload(ctx); err != nil {
				log.Warn("initial list load failed; re-screens load lists when they run", "err", err)
			}
			clf, err := techarea.DefaultClassifier()
			if err != nil {
				return fmt.Errorf("embedded taxonomy: %w", err)
			}
			assessor, err := assessing.New(svc, clf)
			if err != nil {
				return err
			}
			bg, err := startBackground(ctx, workerDeps{st: st, svc: svc, assessor: assessor, sources: srcs, log: log, maxJobs: maxJobs, rescueAfter: rescue}, smtpCfg)
			if err != nil {
				return err
			}
			bg.run(ctx, check)
			log.Info("job worker running")
			<-ctx.Done()
			bg.stop()
			return nil
		},
	}
	c.Flags().StringVar(&sourcesFile, "sources", sourcesFlagDefault(), "sources file (env COLLABCHECK_SOURCES)")
	c.Flags().StringVar(&smtpURL, "smtp", os.Getenv(EnvSMTP), "SMTP server for email alerts: smtp://[user:password@]host:port?from=ADDRESS (env "+EnvSMTP+")")
	c.Flags().DurationVar(&check, "check", 30*time.Second, "how often to check for new list versions")
	c.Flags().IntVar(&maxJobs, "jobs", 2, "how many jobs this worker runs at once")
	c.Flags().DurationVar(&rescue, "rescue-after", 0, "run a job again when it has been running this long with no end (its worker is taken for dead; default 45m; re-screens and list updates time out at half of it)")
	return c
}

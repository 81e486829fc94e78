package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/mail"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"github.com/collabcheck/collabcheck/internal/assessing"
	"github.com/collabcheck/collabcheck/internal/feeds"
	"github.com/collabcheck/collabcheck/internal/jobs"
	"github.com/collabcheck/collabcheck/internal/monitor"
	"github.com/collabcheck/collabcheck/internal/portfolio"
	"github.com/collabcheck/collabcheck/internal/screening"
	"github.com/collabcheck/collabcheck/internal/store"
)

// EnvChunkLease names the environment variable with how long a worker
// holds a portfolio chunk without renewing it (a Go duration; default
// jobs.DefaultChunkLease): a killed worker's chunk goes to another worker
// after this long.
const EnvChunkLease = "COLLABCHECK_CHUNK_LEASE"

// EnvSMTP names the environment variable with the SMTP server that email
// alerts are sent through (see parseSMTP).
const EnvSMTP = "COLLABCHECK_SMTP"

// workerDeps are what a job worker process needs: the store, the screening
// service and assessor it re-screens with, and the list sources it may
// update.
type workerDeps struct {
	st       store.Store
	svc      *screening.Service
	assessor *assessing.Assessor
	sources  []feeds.Source
	log      *slog.Logger
	// maxJobs is how many jobs the process runs at once (0: the queue's
	// default).
	maxJobs int
	// rescueAfter is how long a job may run before River takes its worker
	// for dead and runs it again (0: the queue's default).
	rescueAfter time.Duration
	// onListResult is called after each list update job (serve rebuilds
	// the match index when a list changed).
	onListResult func(ctx context.Context, r feeds.Result)
}

// background is the job worker, the monitor's trigger and the alert
// dispatcher of one process.
type background struct {
	queue   *jobs.Queue
	trigger *monitor.Trigger
	disp    *monitor.Dispatcher
}

// startBackground opens the job queue with the rescreen and list update
// workers and starts it; the caller runs the trigger and dispatcher loops
// and stops the queue.
func startBackground(ctx context.Context, d workerDeps, smtpCfg *monitor.SMTPConfig) (*background, error) {
	acc, err := store.AccountsOf(d.st)
	if err != nil {
		return nil, err
	}
	cw, err := store.CaseworkOf(d.st)
	if err != nil {
		return nil, err
	}
	al, err := store.AlertsOf(d.st)
	if err != nil {
		return nil, err
	}
	ws := river.NewWorkers()
	resc := &monitor.Rescreener{Service: d.svc, Assessor: d.assessor, Accounts: acc, Casework: cw, Alerts: al, Logger: d.log}
	river.AddWorker(ws, resc)
	lu := &jobs.ListUpdateWorker{Sources: d.sources, OnResult: d.onListResult}
	if fs, err := store.FeedsOf(d.st); err == nil {
		lu.Updater = &feeds.Updater{Lists: d.st, Feeds: fs, Logger: d.log}
		river.AddWorker(ws, lu)
	}
	var pw *jobs.PortfolioWorker
	if pf, err := store.PortfolioOf(d.st); err == nil {
		host, _ := os.Hostname()
		pw = &jobs.PortfolioWorker{Portfolio: pf, Logger: d.log, Name: fmt.Sprintf("%s-%d", host, os.Getpid()),
			Engine: func(ctx context.Context) (*portfolio.Engine, error) { return loadPortfolioEngine(ctx, d.st) }}
		if v, err := envDuration(EnvChunkLease, 0); err != nil {
			return nil, err
		} else if v > 0 {
			pw.Lease = v
		}
		river.AddWorker(ws, pw)
	}
	cfg := jobs.Config{Workers: ws, Logger: d.log, MaxWorkers: d.maxJobs}
	if d.rescueAfter > 0 {
		cfg.RescueAfter, cfg.JobTimeout = d.rescueAfter, d.rescueAfter/2
	}
	q, err := jobs.Open(ctx, d.st, cfg)
	if err != nil {
		return nil, err
	}
	resc.Queue, lu.Queue = q, q
	if pw != nil {
		pw.Queue = q
	}
	if err := q.Start(ctx); err != nil {
		q.Close()
		return nil, err
	}
	return &background{
		queue:   q,
		trigger: &monitor.Trigger{Store: d.st, Queue: q, Logger: d.log},
		disp:    &monitor.Dispatcher{Alerts: al, SMTP: smtpCfg, Logger: d.log},
	}, nil
}

// run runs the trigger every check interval and the dispatcher every few
// seconds until ctx ends, then stops the workers (running jobs are
// cancelled and resume later from their checkpoints).
func (b *background) run(ctx context.Context, check time.Duration) {
	go b.trigger.Run(ctx, check)
	go b.disp.Run(ctx, 2*time.Second)
}

func (b *background) stop() {
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	b.queue.StopAndCancel(sctx)
	b.queue.Close()
}

// parseSMTP reads an SMTP server setting: smtp://[user:password@]host:port
// with ?from=ADDRESS, or "" for none.
func parseSMTP(v string) (*monitor.SMTPConfig, error) {
	if strings.TrimSpace(v) == "" {
		return nil, nil
	}
	u, err := url.Parse(v)
	if err != nil || u.Scheme != "smtp" || u.Host == "" || u.Port() == "" {
		return nil, fmt.Errorf("SMTP server %q: want smtp://[user:password@]host:port?from=ADDRESS", redactURL(v))
	}
	from := u.Query().Get("from")
	if _, err := mail.ParseAddress(from); err != nil {
		return nil, fmt.Errorf("SMTP server %s: from=%q is not an email address", redactURL(v), from)
	}
	cfg := &monitor.SMTPConfig{Addr: u.Host, From: from}
	if u.User != nil {
		cfg.Username = u.User.Username()
		cfg.Password, _ = u.User.Password()
	}
	return cfg, nil
}

// redactURL hides a password in a URL for messages.
func redactURL(v string) string {
	if u, err := url.Parse(v); err == nil {
		return u.Redacted()
	}
	return "(unparsable URL)"
}

// loadSources reads the configured list sources (the defaults merged with
// the sources file, when one is given) and keeps the enabled ones.
func loadSources(file string) ([]feeds.Source, error) {
	all, err := feeds.Load(file)
	if err != nil {
		return nil, err
	}
	return feeds.Select(all, nil)
}

func sourcesFlagDefault() string { return os.Getenv(feeds.EnvSources) }

// EnvUpdateEvery names the environment variable with serve's list update
// interval (a Go duration; 0 disables scheduled updates).
const EnvUpdateEvery = "COLLABCHECK_UPDATE_EVERY"

// envDuration reads a duration environment variable; unset is def.
func envDuration(name string, def time.Duration) (time.Duration, error) {
	v := os.Getenv(name)
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return def, fmt.Errorf("%s=%q is not a duration (like 6h or 30m; 0 disables)", name, v)
	}
	return d, nil
}

// startMonitoring starts serve's background work: the job worker with the
// monitor's trigger and alert dispatcher (nil when the store keeps no
// cases), and the list update scheduler (nil when every is 0 or the store
// keeps no feed state). Failures are logged; serving goes on without the
// part that failed.
func startMonitoring(ctx context.Context, st store.Store, svc *screening.Service, assessor *assessing.Assessor,
	sources []feeds.Source, every time.Duration, smtpCfg *monitor.SMTPConfig, log *slog.Logger) (*background, *feeds.Scheduler) {
	var bg *background
	reload := func(ctx context.Context) {
		if err := svc.Reload(ctx); err != nil {
			log.Error("rebuild match index; keeping the previous one", "err", err)
			return
		}
		if bg != nil {
			if _, _, err := bg.trigger.Check(ctx); err != nil {
				log.Error("queue a re-screen", "err", err)
			}
		}
	}
	onResult := func(ctx context.Context, r feeds.Result) {
		if r.Outcome == feeds.Updated {
			reload(ctx)
		}
	}
	b, err := startBackground(ctx, workerDeps{st: st, svc: svc, assessor: assessor, sources: sources, log: log, onListResult: onResult}, smtpCfg)
	if err != nil {
		log.Error("job worker not started: no re-screening after list changes, no alert delivery", "err", err)
	} else {
		bg = b
	}
	if every == 0 {
		return bg, nil
	}
	fs, err := store.FeedsOf(st)
	if err != nil {
		log.Warn("no feed state in this store; lists are not updated on a schedule", "err", err)
		return bg, nil
	}
	sched := &feeds.Scheduler{
		Updater:  &feeds.Updater{Lists: st, Feeds: fs, Logger: log},
		Sources:  sources,
		Interval: every,
		// The first round waits a minute, so a server that is restarted
		// (or started briefly by a script) does not fetch at once.
		Delay: min(time.Minute, every),
		OnRound: func(ctx context.Context, rs []feeds.Result) {
			for _, r := range rs {
				if r.Outcome == feeds.Updated {
					reload(ctx)
					return
				}
			}
		},
	}
	return bg, sched
}

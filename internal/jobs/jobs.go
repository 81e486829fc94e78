// Package jobs runs collabcheck's long work (list updates, re-screening
// after a list change) as durable jobs with River, on either backend: River's
// PostgreSQL driver when the store is PostgreSQL (in the schema "river", so
// worker processes on several machines share the queue), and its SQLite
// driver otherwise, on a jobs file beside the store's database (FILE.jobs:
// the queue is transient work, kept out of the store's backups, and its
// writes do not contend with the store's). River's tables are created by
// its own migrations when a queue is opened.
//
// A job records its progress (done, total, a note and a checkpoint) in
// River's job metadata as it goes, so `collabcheck jobs show` can report it
// and a retried attempt (after a crash, River rescues the job and runs it
// again) resumes from the checkpoint instead of starting over. Workers must
// make each step idempotent: a step done just before a crash, after the
// last checkpoint, is done again. A job can be cancelled; the running
// worker's context is cancelled within seconds and its error then ends the
// job for good.
package jobs

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"

	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/store/postgres"
	"github.com/collabcheck/collabcheck/internal/store/sqlite"
)

// ErrNotFound is returned (wrapped) for a job id that does not exist.
var ErrNotFound = errors.New("job not found")

// PostgresSchema is the schema River's tables live in on PostgreSQL, apart
// from collabcheck's own tables (so backups and transfers of the store do
// not carry the queue).
const PostgresSchema = "river"

// Config configures a Queue.
type Config struct {
	// Workers are the job kinds this process works; nil opens the queue
	// for inserting and inspecting jobs only (the CLI).
	Workers *river.Workers
	// MaxWorkers is how many jobs run at once in this process (default 2).
	MaxWorkers int
	// ID names this worker process in River (default host and pid).
	ID string
	// JobTimeout bounds one attempt (default 30m): its context is then
	// cancelled and the job retried, resuming from its checkpoint.
	JobTimeout time.Duration
	// RescueAfter is how long a job may stay running before River assumes
	// its worker died and runs it again (default JobTimeout+15m; it must
	// exceed JobTimeout). Jobs resume from their checkpoint.
	RescueAfter time.Duration
	// PollInterval is how often idle workers look for jobs (default 1s;
	// PostgreSQL also wakes them by notification).
	PollInterval time.Duration
	Logger       *slog.Logger
}

// client is the part of river.Client[TTx] that does not depend on the
// driver's transaction type, so one Queue serves both backends.
type client interface {
	Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
	JobGet(ctx context.Context, id int64) (*rivertype.JobRow, error)
	JobCancel(ctx context.Context, id int64) (*rivertype.JobRow, error)
	JobList(ctx context.Context, params *river.JobListParams) (*river.JobListResult, error)
	JobUpdate(ctx context.Context, id int64, params *river.JobUpdateParams) (*rivertype.JobRow, error)
	Start(ctx context.Context) error
	Stop(ctx context.Context) error
	StopAndCancel(ctx context.Context) error
}

// Queue inserts, inspects, cancels and (with Workers) works jobs.
type Queue struct {
	c       client
	working bool
	log     *slog.Logger
	closeDB func() error // the SQLite jobs file; nil for PostgreSQL
}

// Open runs River's migrations on the store's database and returns a
// queue over it. st must be a *sqlite.Store or a *postgres.Store.
func Open(ctx context.Context, st store.Store, cfg Config) (*Queue, error) {
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	// River's own logs (migrations, elections, maintenance rounds) are
	// kept to warnings and errors; jobs log their own progress.
	riverLog := slog.New(minLevel{log.Handler(), slog.LevelWarn})
	rc := &river.Config{
		Logger:               riverLog,
		RescueStuckJobsAfter: cfg.RescueAfter,
		JobTimeout:           cfg.JobTimeout,
		FetchPollInterval:    cfg.PollInterval,
		ID:                   cfg.ID,
	}
	if rc.JobTimeout <= 0 {
		rc.JobTimeout = 30 * time.Minute
	}
	if rc.RescueStuckJobsAfter <= rc.JobTimeout {
		rc.RescueStuckJobsAfter = rc.JobTimeout + 15*time.Minute
	}
	if rc.FetchPollInterval <= 0 {
		rc.FetchPollInterval = time.Second
	}
	if rc.FetchPollInterval < 100*time.Millisecond {
		rc.FetchPollInterval = 100 * time.Millisecond // River's fetch cooldown
	}
	if rc.ID == "" {
		host, _ := os.Hostname()
		rc.ID = fmt.Sprintf("collabcheck-%s-%d-%d", host, os.Getpid(), time.Now().UnixNano()%1e6)
	}
	if cfg.Workers != nil {
		n := cfg.MaxWorkers
		if n <= 0 {
			n = 2
		}
		rc.Workers = cfg.Workers
		rc.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: n}}
	}
	q := &Queue{working: cfg.Workers != nil, log: log}
	switch s := st.(type) {
	case *postgres.Store:
		if _, err := s.Pool().Exec(ctx, `CREATE SCHEMA IF NOT EXISTS `+PostgresSchema); err != nil {
			return nil, fmt.Errorf("jobs: create schema %s: %w", PostgresSchema, err)
		}
		drv := riverpgxv5.New(s.Pool())
		if err := migrate(ctx, drv, PostgresSchema, riverLog); err != nil {
			return nil, err
		}
		rc.Schema = PostgresSchema
		c, err := river.NewClient[pgx.Tx](drv, rc)
		if err != nil {
			return nil, fmt.Errorf("jobs: river client: %w", err)
		}
		q.c = c
	case *sqlite.Store:
		db, err := openJobsFile(ctx, s)
		if err != nil {
			return nil, err
		}
		q.closeDB = db.Close
		drv := riversqlite.New(db)
		if err := migrate(ctx, drv, "", riverLog); err != nil {
			db.Close()
			return nil, err
		}
		rc.PollOnly = true
		c, err := river.NewClient(drv, rc)
		if err != nil {
			db.Close()
			return nil, fmt.Errorf("jobs: river client: %w", err)
		}
		q.c = c
	default:
		return nil, fmt.Errorf("jobs: store %T has no job queue (want SQLite or PostgreSQL)", st)
	}
	return q, nil
}

// JobsFileSuffix is appended to a SQLite database's path to name the file
// its job queue lives in.
const JobsFileSuffix = ".jobs"

// openJobsFile opens (creating) the SQLite file of the store's job queue,
// beside the store's database, with one connection whose transactions
// begin IMMEDIATE (so concurrent writers wait instead of failing).
func openJobsFile(ctx context.Context, s *sqlite.Store) (*sql.DB, error) {
	var seq int
	var name, path string
	if err := s.ReadDB().QueryRowContext(ctx, `SELECT seq, name, file FROM pragma_database_list WHERE name = 'main'`).Scan(&seq, &name, &path); err != nil {
		return nil, fmt.Errorf("jobs: find the SQLite database file: %w", err)
	}
	if path == "" {
		return nil, errors.New("jobs: the SQLite database has no file to put the job queue beside")
	}
	q := url.Values{"_txlock": {"immediate"}}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	db, err := sql.Open("sqlite", path+JobsFileSuffix+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("jobs: open %s%s: %w", path, JobsFileSuffix, err)
	}
	db.SetMaxOpenConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("jobs: open %s%s: %w", path, JobsFileSuffix, err)
	}
	return db, nil
}

// Close releases the queue's own database handle (SQLite); stop the
// workers first.
func (q *Queue) Close() error {
	if q.closeDB == nil {
		return nil
	}
	return q.closeDB()
}

func migrate[TTx any](ctx context.Context, drv riverdriver.Driver[TTx], schema string, log *slog.Logger) error {
	m, err := rivermigrate.New(drv, &rivermigrate.Config{Logger: log, Schema: schema})
	if err != nil {
		return fmt.Errorf("jobs: river migrations: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("jobs: run river migrations: %w", err)
	}
	return nil
}

// Start starts working jobs, for a queue opened with Workers.
func (q *Queue) Start(ctx context.Context) error {
	if !q.working {
		return errors.New("jobs: this queue was opened without workers")
	}
	if err := q.c.Start(ctx); err != nil {
		return fmt.Errorf("jobs: start workers: %w", err)
	}
	return nil
}

// Stop waits for running jobs to finish (or ctx to end) and stops.
func (q *Queue) Stop(ctx context.Context) error {
	if !q.working {
		return nil
	}
	return q.c.Stop(ctx)
}

// StopAndCancel cancels running jobs' contexts and stops; their attempts
// fail and River retries them later.
func (q *Queue) StopAndCancel(ctx context.Context) error {
	if !q.working {
		return nil
	}
	return q.c.StopAndCancel(ctx)
}

// Enqueue inserts a job. dup is true when a unique job with the same key
// already exists (then id is that job's).
func (q *Queue) Enqueue(ctx context.Context, args river.JobArgs) (id int64, dup bool, err error) {
	res, err := q.c.Insert(ctx, args, nil)
	if err != nil {
		return 0, false, fmt.Errorf("enqueue %s job: %w", args.Kind(), err)
	}
	return res.Job.ID, res.UniqueSkippedAsDuplicate, nil
}

// Job is a job as `jobs ls` and `jobs show` present it.
type Job struct {
	ID          int64           `json:"id"`
	Kind        string          `json:"kind"`
	State       string          `json:"state"`
	Attempt     int             `json:"attempt"`
	MaxAttempts int             `json:"max_attempts"`
	Args        json.RawMessage `json:"args"`
	Progress    *Progress       `json:"progress,omitempty"`
	Errors      []string        `json:"errors,omitempty"`
	CreatedAt   time.Time       `json:"created_at"`
	AttemptedAt *time.Time      `json:"attempted_at,omitempty"`
	FinalizedAt *time.Time      `json:"finalized_at,omitempty"`
	// CancelRequested says a cancel was asked for while the job ran.
	CancelRequested bool `json:"cancel_requested,omitempty"`
}

// Progress is what a running job reports about itself.
type Progress struct {
	Done  int    `json:"done"`
	Total int    `json:"total"`
	Note  string `json:"note,omitempty"`
	// Checkpoint is the worker's own record of where to resume.
	Checkpoint json.RawMessage `json:"checkpoint,omitempty"`
	UpdatedAt  time.Time       `json:"updated_at"`
}

func fromRow(r *rivertype.JobRow) Job {
	j := Job{ID: r.ID, Kind: r.Kind, State: string(r.State), Attempt: r.Attempt, MaxAttempts: r.MaxAttempts,
		Args: json.RawMessage(r.EncodedArgs), CreatedAt: r.CreatedAt.UTC(), AttemptedAt: r.AttemptedAt, FinalizedAt: r.FinalizedAt}
	if p, ok := progressOf(r); ok {
		j.Progress = &p
	}
	for _, e := range r.Errors {
		j.Errors = append(j.Errors, fmt.Sprintf("attempt %d at %s: %s", e.Attempt, e.At.UTC().Format(time.RFC3339), e.Error))
	}
	var md struct {
		CancelAttemptedAt *time.Time `json:"cancel_attempted_at"`
	}
	if json.Unmarshal(r.Metadata, &md) == nil && md.CancelAttemptedAt != nil {
		j.CancelRequested = true
	}
	return j
}

func progressOf(r *rivertype.JobRow) (Progress, bool) {
	out := r.Output()
	if len(out) == 0 {
		return Progress{}, false
	}
	var p Progress
	if err := json.Unmarshal(out, &p); err != nil {
		return Progress{}, false
	}
	return p, true
}

// Get returns one job, or ErrNotFound.
func (q *Queue) Get(ctx context.Context, id int64) (Job, error) {
	r, err := q.c.JobGet(ctx, id)
	if errors.Is(err, river.ErrNotFound) {
		return Job{}, fmt.Errorf("job %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Job{}, fmt.Errorf("read job %d: %w", id, err)
	}
	return fromRow(r), nil
}

// List returns up to limit jobs, newest first; kinds filters when given.
func (q *Queue) List(ctx context.Context, limit int, kinds ...string) ([]Job, error) {
	if limit <= 0 {
		limit = 100
	}
	p := river.NewJobListParams().First(limit).OrderBy(river.JobListOrderByID, river.SortOrderDesc).
		States(rivertype.JobStates()...)
	if len(kinds) > 0 {
		p = p.Kinds(kinds...)
	}
	res, err := q.c.JobList(ctx, p)
	if err != nil {
		return nil, fmt.Errorf("list jobs: %w", err)
	}
	out := make([]Job, 0, len(res.Jobs))
	for _, r := range res.Jobs {
		out = append(out, fromRow(r))
	}
	return out, nil
}

// Cancel cancels a job: a queued one at once, a running one as soon as
// its worker sees the request (its context is cancelled). Finished jobs
// are left as they are.
func (q *Queue) Cancel(ctx context.Context, id int64) (Job, error) {
	r, err := q.c.JobCancel(ctx, id)
	if errors.Is(err, river.ErrNotFound) {
		return Job{}, fmt.Errorf("job %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Job{}, fmt.Errorf("cancel job %d: %w", id, err)
	}
	return fromRow(r), nil
}

// Report stores a running job's progress; call it from Work with the
// job's id. It also returns ctx's error, so a loop can stop as soon as the
// job is cancelled or the worker stops.
func (q *Queue) Report(ctx context.Context, id int64, p Progress) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if p.UpdatedAt.IsZero() {
		p.UpdatedAt = time.Now().UTC()
	}
	if _, err := q.c.JobUpdate(ctx, id, &river.JobUpdateParams{Output: p}); err != nil {
		return fmt.Errorf("record progress of job %d: %w", id, err)
	}
	return nil
}

// Resume returns the progress the job's previous attempts stored, so a
// worker can continue from its checkpoint.
func Resume(j *rivertype.JobRow) (Progress, bool) { return progressOf(j) }

// minLevel is a slog handler that drops records below a level.
type minLevel struct {
	slog.Handler
	min slog.Level
}

func (h minLevel) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.min && h.Handler.Enabled(ctx, l)
}

func (h minLevel) WithAttrs(as []slog.Attr) slog.Handler {
	return minLevel{h.Handler.WithAttrs(as), h.min}
}

func (h minLevel) WithGroup(name string) slog.Handler {
	return minLevel{h.Handler.WithGroup(name), h.min}
}

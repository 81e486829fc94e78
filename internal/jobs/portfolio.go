package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/collabcheck/collabcheck/internal/portfolio"
	"github.com/collabcheck/collabcheck/internal/store"
)

// KindPortfolioImport imports and screens a publication file as a
// portfolio run.
const KindPortfolioImport = "portfolio_import"

// PortfolioImportArgs asks a worker to work on portfolio run Run of tenant
// Tenant, reading Path in Format ("openalex" or "csv").
//
// River runs a job on one worker at a time, so one large run is shared by
// queuing Parts identical jobs for it (Part 1..Parts, which only tells
// them apart): each worker that takes one reads the file and claims its
// chunks one at a time through the store (store.Portfolio's
// ClaimPortfolioChunk, with a lease), so the parts split the chunks
// between them. A chunk is saved with its findings and its done mark in
// one create-once transaction, so no string's result is stored twice; a
// killed worker's chunk is claimed again by another part once its lease
// ends, so none is lost. The part that sees every chunk done sums the
// run's summary from the chunks and finishes the run.
//
// Path must name the same file on every machine that runs a worker (a
// shared directory); uploads through the API are stored in the database's
// directory of uploads (see the web package) for this reason.
type PortfolioImportArgs struct {
	Tenant int64  `json:"tenant"`
	Run    int64  `json:"run"`
	Path   string `json:"path"`
	Format string `json:"format"`
	Part   int    `json:"part"`
	Parts  int    `json:"parts"`
}

// Kind implements river.JobArgs.
func (PortfolioImportArgs) Kind() string { return KindPortfolioImport }

// InsertOpts retries an import many times: each attempt resumes from the
// saved chunks (see PortfolioWorker.Timeout).
func (PortfolioImportArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: 25} }

// EnqueuePortfolioImport queues parts jobs for run (at least one) and
// returns their ids.
func (q *Queue) EnqueuePortfolioImport(ctx context.Context, tenant, run int64, path, format string, parts int) ([]int64, error) {
	if parts < 1 {
		parts = 1
	}
	ids := make([]int64, 0, parts)
	for i := 1; i <= parts; i++ {
		id, _, err := q.Enqueue(ctx, PortfolioImportArgs{Tenant: tenant, Run: run, Path: path, Format: format, Part: i, Parts: parts})
		if err != nil {
			return ids, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// PortfolioCheckpoint is the checkpoint a portfolio job reports in its
// progress: where its reader is and what the run has stored so far.
type PortfolioCheckpoint struct {
	Run int64 `json:"run"`
	// Works, Strings and Malformed are what this worker has read of the
	// file; BytesRead how far it is.
	Works     int64 `json:"works"`
	Strings   int64 `json:"strings"`
	Malformed int64 `json:"malformed"`
	BytesRead int64 `json:"bytes_read"`
	Size      int64 `json:"size"`
	// ChunksSaved and Findings cover the whole run (every worker);
	// ChunksMine are the chunks this job saved.
	ChunksSaved int   `json:"chunks_saved"`
	ChunksMine  int   `json:"chunks_mine"`
	Findings    int64 `json:"findings"`
}

// Defaults of PortfolioWorker.
const (
	DefaultChunkLease = 2 * time.Minute
	DefaultChunkPoll  = 2 * time.Second
)

// PortfolioWorker works portfolio_import jobs.
type PortfolioWorker struct {
	river.WorkerDefaults[PortfolioImportArgs]
	Queue     *Queue
	Portfolio store.Portfolio
	// Engine returns the engine to process with (lists, registry and
	// classifier loaded from the store).
	Engine func(ctx context.Context) (*portfolio.Engine, error)
	// Name names this worker process in chunk claims (a job claims as
	// Name/job-ID).
	Name string
	// Lease is how long a claimed chunk stays this worker's without being
	// renewed (default DefaultChunkLease); the worker renews it every
	// third of it while it works the chunk. A dead worker's chunk waits
	// this long for another.
	Lease time.Duration
	// Poll is how often a part that finds every remaining chunk held by
	// another worker checks again (default DefaultChunkPoll).
	Poll time.Duration
	// Threads is how many goroutines the engine uses (0: GOMAXPROCS).
	Threads int
	Logger  *slog.Logger
}

// Timeout implements river.Worker. An attempt is bounded by the queue's
// JobTimeout like other jobs (River rescues a dead worker's job only once
// that has passed, so an import cannot go without one); an import longer
// than that is cancelled and retried, and the retry resumes from the saved
// chunks, so it only costs a re-read of the file. MaxAttempts is high for
// this reason.
func (w *PortfolioWorker) Timeout(*river.Job[PortfolioImportArgs]) time.Duration { return 0 }

// errRunStopped says the run was finished or cancelled by another part.
var errRunStopped = errors.New("the portfolio run is no longer running")

// Work implements river.Worker.
func (w *PortfolioWorker) Work(ctx context.Context, j *river.Job[PortfolioImportArgs]) error {
	a := j.Args
	log := w.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	lease, poll := w.Lease, w.Poll
	if lease <= 0 {
		lease = DefaultChunkLease
	}
	if poll <= 0 {
		poll = DefaultChunkPoll
	}
	run, err := w.Portfolio.PortfolioRun(ctx, a.Tenant, a.Run)
	if errors.Is(err, store.ErrNotFound) {
		return river.JobCancel(fmt.Errorf("portfolio import: run %d of tenant %d: %w", a.Run, a.Tenant, err))
	}
	if err != nil {
		return err
	}
	if run.State != store.PortfolioRunning {
		return nil // finished by another part, or cancelled
	}
	format, err := portfolio.ParseFormat(a.Format)
	if err != nil {
		return river.JobCancel(fmt.Errorf("portfolio import of run %d: %w", a.Run, err))
	}
	eng, err := w.Engine(ctx)
	if err != nil {
		return fmt.Errorf("portfolio import of run %d: load the engine: %w", a.Run, err)
	}
	me := fmt.Sprintf("%s/job-%d", w.Name, j.ID)
	if w.Name == "" {
		me = fmt.Sprintf("job-%d-attempt-%d", j.ID, j.Attempt)
	}

	// The chunk being worked, whose lease a goroutine renews.
	var mu sync.Mutex
	current := -1
	setCurrent := func(n int) { mu.Lock(); current = n; mu.Unlock() }
	renewCtx, stopRenew := context.WithCancel(ctx)
	defer stopRenew()
	go func() {
		t := time.NewTicker(lease / 3)
		defer t.Stop()
		for {
			select {
			case <-renewCtx.Done():
				return
			case <-t.C:
			}
			mu.Lock()
			n := current
			mu.Unlock()
			if n < 0 {
				continue
			}
			if _, err := w.Portfolio.ClaimPortfolioChunk(renewCtx, a.Tenant, a.Run, n, me, lease); err != nil && renewCtx.Err() == nil {
				log.Warn("renew portfolio chunk lease", "run", a.Run, "chunk", n, "err", err)
			}
		}
	}()

	mine := 0
	for {
		done, err := w.Portfolio.PortfolioChunksDone(ctx, a.Tenant, a.Run)
		if err != nil {
			return w.failed(ctx, j, err)
		}
		doneSet := make(map[int]bool, len(done))
		for _, n := range done {
			doneSet[n] = true
		}
		f, err := os.Open(a.Path)
		if err != nil {
			return w.failed(ctx, j, fmt.Errorf("portfolio import of run %d: %w (the file must be readable on every worker)", a.Run, err))
		}
		var size int64
		if fi, err := f.Stat(); err == nil {
			size = fi.Size()
		}
		rd, err := portfolio.NewReader(f, format)
		if err != nil {
			f.Close()
			return w.failed(ctx, j, fmt.Errorf("portfolio import of run %d: %s: %w", a.Run, a.Path, err))
		}
		chunks := 0
		opt := portfolio.Options{
			Workers:   w.Threads,
			ChunkSize: run.ChunkSize,
			Done:      func(n int) bool { return doneSet[n] },
			Claim: func(ctx context.Context, n int) (bool, error) {
				r, err := w.Portfolio.PortfolioRun(ctx, a.Tenant, a.Run)
				if err != nil {
					return false, err
				}
				if r.State != store.PortfolioRunning {
					return false, errRunStopped
				}
				ok, err := w.Portfolio.ClaimPortfolioChunk(ctx, a.Tenant, a.Run, n, me, lease)
				if ok {
					setCurrent(n)
				}
				return ok, err
			},
			Save: func(ctx context.Context, c store.PortfolioChunk) error {
				c.SavedBy = me
				created, err := w.Portfolio.SavePortfolioChunk(ctx, a.Tenant, a.Run, c)
				setCurrent(-1)
				if created {
					mine++
				}
				return err
			},
			Progress: func(p portfolio.Progress) {
				chunks = max(chunks, p.Chunk+1)
				w.report(ctx, j.ID, a.Tenant, a.Run, p, size, mine)
			},
		}
		sum, runErr := eng.Run(ctx, rd, opt)
		f.Close()
		setCurrent(-1)
		switch {
		case errors.Is(runErr, errRunStopped):
			r, err := w.Portfolio.PortfolioRun(context.WithoutCancel(ctx), a.Tenant, a.Run)
			if err == nil && r.State == store.PortfolioCancelled {
				return river.JobCancel(fmt.Errorf("portfolio run %d was cancelled", a.Run))
			}
			return nil
		case runErr != nil && errors.Is(context.Cause(ctx), rivertype.ErrJobCancelledRemotely):
			bg := context.WithoutCancel(ctx)
			total := sum
			if saved, err := w.Portfolio.PortfolioChunkStats(bg, a.Tenant, a.Run); err == nil {
				total = w.summary(saved, sum, run.StartedAt)
			}
			w.finish(bg, a, store.PortfolioCancelled, total, "")
			return runErr
		case runErr != nil && ctx.Err() != nil:
			return runErr // the worker is stopping: River retries, resuming from the saved chunks
		case runErr != nil:
			return w.failed(ctx, j, runErr)
		}
		saved, err := w.Portfolio.PortfolioChunkStats(ctx, a.Tenant, a.Run)
		if err != nil {
			return w.failed(ctx, j, err)
		}
		if len(saved) >= chunks {
			w.finish(ctx, a, store.PortfolioDone, w.summary(saved, sum, run.StartedAt), "")
			w.report(ctx, j.ID, a.Tenant, a.Run, portfolio.Progress{Works: sum.Works, Strings: sum.Strings, Malformed: sum.Malformed, BytesRead: size}, size, mine)
			log.Info("portfolio run finished", "run", a.Run, "chunks", len(saved), "mine", mine)
			return nil
		}
		// Other workers hold the remaining chunks: wait, then read again
		// (a dead worker's chunks are claimable once their lease ends).
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(poll):
		}
	}
}

// report records the job's progress; failures are only logged (progress is
// advisory).
func (w *PortfolioWorker) report(ctx context.Context, jobID, tenant, runID int64, p portfolio.Progress, size int64, mine int) {
	if w.Queue == nil {
		return
	}
	cp := PortfolioCheckpoint{Run: runID, Works: p.Works, Strings: p.Strings, Malformed: p.Malformed, BytesRead: p.BytesRead, Size: size, ChunksMine: mine}
	if saved, err := w.Portfolio.PortfolioChunkStats(ctx, tenant, runID); err == nil {
		cp.ChunksSaved = len(saved)
		for _, c := range saved {
			cp.Findings += c.Stats.Findings
		}
	}
	b, _ := json.Marshal(cp)
	note := fmt.Sprintf("run %d: works %d, strings %d, findings %d, malformed lines %d, chunks saved %d (%d by this job), bytes %d",
		runID, cp.Works, cp.Strings, cp.Findings, cp.Malformed, cp.ChunksSaved, mine, cp.BytesRead)
	if err := w.Queue.Report(ctx, jobID, Progress{Done: int(p.BytesRead), Total: int(size), Note: note, Checkpoint: b}); err != nil && ctx.Err() == nil && w.Logger != nil {
		w.Logger.Warn("record portfolio job progress", "job", jobID, "err", err)
	}
}

// summary is a shared run's summary: the saved chunks' counts, with what
// this worker's reader saw of the whole file (records, malformed lines).
func (w *PortfolioWorker) summary(saved []store.PortfolioChunkDone, read store.PortfolioSummary, started time.Time) store.PortfolioSummary {
	total := store.SumPortfolioChunks(saved)
	total.Records, total.Malformed, total.MalformedLines = read.Records, read.Malformed, read.MalformedLines
	total.Seconds = time.Since(started).Seconds()
	return total
}

// finish records the run's final state unless it already has one.
func (w *PortfolioWorker) finish(ctx context.Context, a PortfolioImportArgs, state store.PortfolioState, sum store.PortfolioSummary, why string) {
	r, err := w.Portfolio.PortfolioRun(ctx, a.Tenant, a.Run)
	if err != nil || r.State != store.PortfolioRunning {
		return
	}
	if why != "" && sum.Error == "" && state == store.PortfolioFailed {
		sum.Error = why
	}
	if err := w.Portfolio.FinishPortfolioRun(ctx, a.Tenant, a.Run, state, sum, time.Now()); err != nil && w.Logger != nil {
		w.Logger.Error("finish portfolio run", "run", a.Run, "state", state, "err", err)
	}
}

// failed returns err for River to retry, and on the last attempt records
// the run as failed.
func (w *PortfolioWorker) failed(ctx context.Context, j *river.Job[PortfolioImportArgs], err error) error {
	if j.Attempt >= j.MaxAttempts && ctx.Err() == nil {
		w.finish(ctx, j.Args, store.PortfolioFailed, store.PortfolioSummary{Error: err.Error()}, err.Error())
	}
	return err
}

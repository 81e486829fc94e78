package jobs

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/collabcheck/collabcheck/internal/feeds"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// The job kinds.
const (
	// KindRescreen re-screens every open or active case against the
	// current lists (package monitor works it).
	KindRescreen = "rescreen"
	// KindListUpdate fetches one list source and imports it when it
	// changed.
	KindListUpdate = "list_update"
)

// RescreenArgs asks for a re-screen after the active list versions became
// Lists (ListsKey). The job is unique by its arguments in every state but
// cancelled and discarded, so two servers that notice the same change, or
// the same change noticed twice, enqueue it once.
type RescreenArgs struct {
	Lists string `json:"lists"`
}

// Kind implements river.JobArgs.
func (RescreenArgs) Kind() string { return KindRescreen }

// InsertOpts makes rescreen jobs unique by their list versions.
func (RescreenArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 20, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// ListsKey is the key of a set of active list versions: each list's name
// and version id, sorted by name. Any import that changes a list changes
// the key; re-importing the same content does not.
func ListsKey(vs []watchlist.Version) string {
	parts := make([]string, 0, len(vs))
	for _, v := range vs {
		parts = append(parts, fmt.Sprintf("%s@%d", v.List, v.ID))
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

// ListUpdateArgs asks for one list source to be fetched and imported.
// While one is queued or running for a source, another is not added.
type ListUpdateArgs struct {
	Source string `json:"source"`
}

// Kind implements river.JobArgs.
func (ListUpdateArgs) Kind() string { return KindListUpdate }

// InsertOpts makes list updates unique per source while not finished.
func (ListUpdateArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 3, UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: []rivertype.JobState{
		rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning,
		rivertype.JobStateRetryable, rivertype.JobStateScheduled,
	}}}
}

// ListUpdateWorker works list_update jobs with a feeds.Updater. A failed
// fetch (recorded by the updater, the old version kept) fails the attempt,
// so River retries it with backoff.
type ListUpdateWorker struct {
	river.WorkerDefaults[ListUpdateArgs]
	Queue   *Queue
	Updater *feeds.Updater
	// Sources are the configured sources jobs may name.
	Sources []feeds.Source
	// OnResult, when set, is called with each update's result (serve
	// rebuilds the match index when it is Updated).
	OnResult func(ctx context.Context, r feeds.Result)
}

// Work implements river.Worker.
func (w *ListUpdateWorker) Work(ctx context.Context, j *river.Job[ListUpdateArgs]) error {
	var src *feeds.Source
	for i := range w.Sources {
		if w.Sources[i].Name == j.Args.Source {
			src = &w.Sources[i]
		}
	}
	if src == nil {
		return river.JobCancel(fmt.Errorf("list update: unknown source %q", j.Args.Source))
	}
	if w.Queue != nil {
		if err := w.Queue.Report(ctx, j.ID, Progress{Total: 1, Note: "fetching " + src.Name}); err != nil {
			return err
		}
	}
	res := w.Updater.Update(ctx, *src)
	if w.OnResult != nil {
		w.OnResult(ctx, res)
	}
	note := fmt.Sprintf("%s: %s, version %d, %d entities", res.Source, res.Outcome, res.Version, res.Entities)
	if err := river.RecordOutput(ctx, Progress{Done: 1, Total: 1, Note: note}); err != nil {
		return err
	}
	if res.Outcome == feeds.Failed {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return errors.New("list update " + res.Source + ": " + res.Error)
	}
	return nil
}

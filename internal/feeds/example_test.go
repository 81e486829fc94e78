package feeds_test

import (
	"context"
	"log/slog"
	"os"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/collabcheck/collabcheck/internal/feeds"
	"github.com/collabcheck/collabcheck/internal/screening"
	"github.com/collabcheck/collabcheck/internal/store"
)

// ExampleScheduler shows how serve runs the updates: on a schedule in the
// background, rebuilding the match index as soon as a list changed, with
// the status on /readyz and the metrics on /metrics.
func ExampleScheduler() {
	var (
		ctx = context.Background()
		st  store.Store // the opened store
		log = slog.New(slog.NewJSONHandler(os.Stderr, nil))
		reg = prometheus.NewRegistry() // the registry /metrics serves
	)
	fs, err := store.FeedsOf(st)
	if err != nil {
		log.Error("no feed state in this store; lists are not updated", "err", err)
		return
	}
	all, err := feeds.Load(os.Getenv(feeds.EnvSources))
	if err != nil {
		log.Error("sources file", "err", err)
		return
	}
	enabled, _ := feeds.Select(all, nil)
	svc := screening.New(st)
	sched := &feeds.Scheduler{
		Updater:  &feeds.Updater{Lists: st, Feeds: fs, Logger: log},
		Sources:  enabled,
		Interval: 6 * time.Hour,
		OnRound: func(ctx context.Context, rs []feeds.Result) {
			for _, r := range rs {
				if r.Outcome == feeds.Updated {
					if err := svc.Reload(ctx); err != nil {
						log.Error("rebuild match index; keeping the previous one", "err", err)
					}
					return
				}
			}
		},
	}
	reg.MustRegister(sched.Collector())
	go sched.Run(ctx)  // returns when ctx is cancelled; failures are logged, never fatal
	_ = sched.Status() // per source: ok / failing / pending, last success, last error
}

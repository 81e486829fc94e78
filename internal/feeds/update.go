package feeds

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/collabcheck/collabcheck/internal/sources"
	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// Updater fetches sources and imports what changed. Its zero value is not
// usable: Lists and Feeds are required; every other field has a default.
// It is safe for concurrent use on different sources.
type Updater struct {
	// Lists receives the imports.
	Lists store.Store
	// Feeds keeps each source's fetch state.
	Feeds store.Feeds
	// Client makes the requests. Nil means a client whose transport (the
	// default one, with proxies from the environment) waits at most a
	// minute for response headers; each file's whole download is bounded
	// by its source's Timeout.
	Client *http.Client
	// Attempts is how many times one file is tried before the source
	// fails; 0 means 3. Only network errors, timeouts, bodies cut short,
	// 5xx answers and 429 Too Many Requests are retried; other 4xx answers
	// and rejected content are not.
	Attempts int
	// Backoff is the wait before the second try, doubled for each next
	// one up to a minute; 0 means 2 seconds. A server's Retry-After
	// lengthens it.
	Backoff time.Duration
	// MaxRetryAfter is the longest Retry-After an update waits for; a
	// server asking for longer fails the source at once (the next
	// scheduled round tries again). 0 means 2 minutes.
	MaxRetryAfter time.Duration
	// TempDir is where downloads are staged (and removed afterwards);
	// "" means the system's temporary folder.
	TempDir string
	// UserAgent is sent with every request; "" means "collabcheck".
	UserAgent string
	// Now gives the time recorded for attempts; nil means time.Now.
	Now func() time.Time
	// Logger receives retries and outcomes; nil discards them.
	Logger *slog.Logger
}

// Outcome is how an update of one source ended.
type Outcome string

// The outcomes of an update.
const (
	// Unchanged: the server said not modified, or sent the content of the
	// active version again; no version was created.
	Unchanged Outcome = "unchanged"
	// Updated: the content changed and is now the active version.
	Updated Outcome = "updated"
	// Failed: nothing was imported, the previous version stays active and
	// the error is recorded.
	Failed Outcome = "failed"
)

// Result is what updating one source did.
type Result struct {
	Source  string  `json:"source"`
	Outcome Outcome `json:"outcome"`
	// Version is the active version's number after the update (0 when the
	// list has none, which only a failed first update leaves).
	Version int `json:"version,omitempty"`
	// Entities counts the active version's entities.
	Entities int `json:"entities,omitempty"`
	// NotModified says the server answered 304 to every file, so nothing
	// was downloaded.
	NotModified bool `json:"not_modified,omitempty"`
	// Bytes counts what was downloaded.
	Bytes int64 `json:"bytes"`
	// Checksum is the content's SHA-256 (combined for several files).
	Checksum string `json:"checksum,omitempty"`
	// Warnings are the reader's notes on an imported download.
	Warnings []string `json:"warnings,omitempty"`
	// Error says why a failed update failed.
	Error string `json:"error,omitempty"`
	// Err is the error itself, for errors.Is.
	Err error `json:"-"`
	// Duration is how long the update took.
	Duration time.Duration `json:"duration_ns"`
}

// Update fetches one source and imports it when its content changed. It
// never panics and never returns an error: a failure is the Failed
// outcome, recorded in Feeds, with the previous version left active.
func (u *Updater) Update(ctx context.Context, src Source) (res Result) {
	start := time.Now()
	at := u.now()
	res = Result{Source: src.Name}
	defer func() {
		if p := recover(); p != nil {
			u.logger().Error("list update panicked", "source", src.Name, "panic", p, "stack", string(debug.Stack()))
			res.Err = fmt.Errorf("internal error while updating %s: %v", src.Name, p)
		}
		res.Duration = time.Since(start)
		if res.Err == nil {
			return
		}
		res.Outcome = Failed
		res.Error = res.Err.Error()
		// Record even when ctx is what failed; bound the write itself.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		if u.Feeds != nil {
			if err := u.Feeds.RecordFeedFailure(rctx, src.Name, at, store.CleanFeedError(res.Error)); err != nil {
				res.Error += "; recording the failure also failed: " + err.Error()
			}
		}
		u.logger().Error("list update failed; keeping the active version", "source", src.Name, "err", res.Error)
	}()
	res.Err = u.update(ctx, &src, &res, at)
	if res.Err == nil {
		u.logger().Info("list updated", "source", src.Name, "outcome", res.Outcome, "version", res.Version, "entities", res.Entities, "not_modified", res.NotModified)
	}
	return res
}

// UpdateAll updates the sources one after another (downloads of large
// lists in parallel would only compete for the same link and memory) and
// returns one result per source, in order. A cancelled ctx fails the
// remaining sources.
func (u *Updater) UpdateAll(ctx context.Context, srcs []Source) []Result {
	out := make([]Result, 0, len(srcs))
	for _, s := range srcs {
		out = append(out, u.Update(ctx, s))
	}
	return out
}

func (u *Updater) update(ctx context.Context, src *Source, res *Result, at time.Time) error {
	if u.Lists == nil || u.Feeds == nil {
		return errors.New("feeds: Updater needs Lists and Feeds")
	}
	if err := src.Validate(); err != nil {
		return err
	}
	state, err := u.Feeds.FeedState(ctx, src.Name)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("read the fetch state of %s: %w", src.Name, err)
	}
	active, hasActive, err := activeVersion(ctx, u.Lists, src.Name)
	if err != nil {
		return err
	}
	// Ask conditionally only when the store still holds what the validators
	// describe: after `lists rm`, or an import of other content, a 304
	// would leave the wrong version (or none) in place.
	conditional := hasActive && state.Checksum != "" && state.Checksum == active.ContentHash
	dir, err := os.MkdirTemp(u.TempDir, "collabcheck-feed-*")
	if err != nil {
		return fmt.Errorf("staging folder for %s: %w", src.Name, err)
	}
	defer os.RemoveAll(dir)

	got := make([]fetched, len(src.Files))
	allNotModified := true
	for i, f := range src.Files {
		var v validators
		if conditional {
			v = validatorsOf(state, f.Name, len(src.Files))
		}
		r, err := u.fetchFile(ctx, src, f, v, dir)
		if err != nil {
			return err
		}
		res.Bytes += r.size
		got[i] = r
		// An optional file that was missing last time and still is
		// counts as unchanged.
		stillMissing := conditional && r.missing && len(src.Files) > 1 && !slices.ContainsFunc(state.Files, func(sf store.FeedFile) bool { return sf.Name == f.Name })
		allNotModified = allNotModified && (r.notModified || stillMissing)
	}
	if allNotModified {
		res.Outcome, res.NotModified = Unchanged, true
		res.Version, res.Entities, res.Checksum = active.Number, active.EntityCount, active.ContentHash
		return u.recordSuccess(ctx, src, state, got, active.ContentHash, active.Number, at)
	}
	// Some files changed and others did not: the reader needs them all.
	for i, r := range got {
		if r.notModified {
			if got[i], err = u.fetchFile(ctx, src, r.file, validators{}, dir); err != nil {
				return err
			}
			res.Bytes += got[i].size
		}
	}
	if !slices.ContainsFunc(got, func(r fetched) bool { return !r.missing }) {
		return fmt.Errorf("%s: every file is missing", src.Name)
	}
	sum := combinedChecksum(got)
	res.Checksum = sum
	if hasActive && sum == active.ContentHash {
		// The same bytes again (a new ETag, a re-published file): no
		// version, and no need to parse what was already imported.
		res.Outcome = Unchanged
		res.Version, res.Entities = active.Number, active.EntityCount
		return u.recordSuccess(ctx, src, state, got, sum, active.Number, at)
	}
	l, err := readDownload(src, dir, got)
	if err != nil {
		return fmt.Errorf("rejected %s: %w", src.Name, err)
	}
	if n, floor := len(l.Entities), src.minEntities(); n < floor {
		return fmt.Errorf("rejected %s: only %d entities, fewer than the %d expected of this list (a broken publication?)", src.Name, n, floor)
	}
	if hasActive && src.maxShrink() < 1 {
		keep := float64(active.EntityCount) * (1 - src.maxShrink())
		if float64(len(l.Entities)) < keep {
			return fmt.Errorf("rejected %s: %d entities where version %d has %d, a loss of more than %.0f%% (raise max_shrink if this is real)",
				src.Name, len(l.Entities), active.Number, active.EntityCount, 100*src.maxShrink())
		}
	}
	if l.ContentHash != sum {
		// Both follow sources.List.ContentHash; a difference is a bug.
		return fmt.Errorf("%s: checksum %s of the download differs from the reader's %s", src.Name, sum, l.ContentHash)
	}
	v, created, err := u.Lists.ImportList(ctx, store.ListImport{
		List: src.Name, Format: l.Format, Source: strings.Join(src.URLs(), " "),
		ContentHash: l.ContentHash, Entities: l.Entities, Now: at,
	})
	if err != nil {
		return fmt.Errorf("import %s: %w", src.Name, err)
	}
	res.Outcome = Unchanged
	if created {
		res.Outcome = Updated
	}
	res.Version, res.Entities, res.Warnings = v.Number, v.EntityCount, l.Warnings
	return u.recordSuccess(ctx, src, state, got, l.ContentHash, v.Number, at)
}

// readDownload parses the staged files with the source's reader: the
// folder for OFAC's set, the files in order for the rest.
func readDownload(src *Source, dir string, got []fetched) (*sources.List, error) {
	paths := []string{dir}
	if src.Format != sources.FormatOFAC {
		paths = paths[:0]
		for _, r := range got {
			if !r.missing {
				paths = append(paths, r.path)
			}
		}
	}
	return sources.Read(src.Format, paths, sources.Options{})
}

// recordSuccess stores the validators of what got holds; a file the
// server did not resend keeps its checksum from prev.
func (u *Updater) recordSuccess(ctx context.Context, src *Source, prev store.FeedState, got []fetched, sum string, version int, at time.Time) error {
	st := store.FeedState{Source: src.Name, Checksum: sum, Version: version}
	if len(got) == 1 {
		st.ETag, st.LastModified = got[0].v.etag, got[0].v.lastModified
	} else {
		for _, r := range got {
			if r.missing {
				continue
			}
			ff := store.FeedFile{Name: r.file.Name, ETag: r.v.etag, LastModified: r.v.lastModified, Checksum: hexOrEmpty(r.sum)}
			if r.notModified {
				for _, pf := range prev.Files {
					if pf.Name == ff.Name {
						ff.Checksum = pf.Checksum
					}
				}
			}
			st.Files = append(st.Files, ff)
		}
	}
	// Header values are the server's bytes; keep only what can be stored.
	st.ETag, st.LastModified = store.CleanFeedError(st.ETag), store.CleanFeedError(st.LastModified)
	for i := range st.Files {
		st.Files[i].ETag, st.Files[i].LastModified = store.CleanFeedError(st.Files[i].ETag), store.CleanFeedError(st.Files[i].LastModified)
	}
	if err := u.Feeds.RecordFeedSuccess(ctx, st, at); err != nil {
		return fmt.Errorf("record the fetch of %s: %w", src.Name, err)
	}
	return nil
}

func hexOrEmpty(b []byte) string {
	if b == nil {
		return ""
	}
	return fmt.Sprintf("%x", b)
}

// validatorsOf returns the validators to send for one file of a source
// of n files: the state's own for a one-file source, the file's entry
// otherwise.
func validatorsOf(st store.FeedState, name string, n int) validators {
	if n == 1 {
		return validators{etag: st.ETag, lastModified: st.LastModified}
	}
	for _, f := range st.Files {
		if f.Name == name {
			return validators{etag: f.ETag, lastModified: f.LastModified}
		}
	}
	return validators{}
}

// activeVersion returns the list's active version, if it has one.
func activeVersion(ctx context.Context, st store.Store, list string) (watchlist.Version, bool, error) {
	vs, err := st.Versions(ctx, list)
	if errors.Is(err, store.ErrNotFound) {
		return watchlist.Version{}, false, nil
	}
	if err != nil {
		return watchlist.Version{}, false, fmt.Errorf("read the versions of %s: %w", list, err)
	}
	for _, v := range vs {
		if v.Active {
			return v, true, nil
		}
	}
	return watchlist.Version{}, false, nil
}

func (u *Updater) client() *http.Client {
	if u.Client != nil {
		return u.Client
	}
	return defaultClient
}

var defaultClient = func() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.ResponseHeaderTimeout = time.Minute
	return &http.Client{Transport: t}
}()

func (u *Updater) attempts() int {
	if u.Attempts > 0 {
		return u.Attempts
	}
	return 3
}

func (u *Updater) backoff() time.Duration {
	if u.Backoff > 0 {
		return u.Backoff
	}
	return 2 * time.Second
}

func (u *Updater) maxRetryAfter() time.Duration {
	if u.MaxRetryAfter > 0 {
		return u.MaxRetryAfter
	}
	return 2 * time.Minute
}

func (u *Updater) userAgent() string {
	if u.UserAgent != "" {
		return u.UserAgent
	}
	return "collabcheck"
}

func (u *Updater) now() time.Time {
	if u.Now != nil {
		return u.Now()
	}
	return time.Now()
}

func (u *Updater) logger() *slog.Logger {
	if u.Logger != nil {
		return u.Logger
	}
	return discard
}

var discard = slog.New(slog.DiscardHandler)

package web

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/collabcheck/collabcheck/internal/match"
	"github.com/collabcheck/collabcheck/internal/report/bulk"
	"github.com/collabcheck/collabcheck/internal/screening"
	"github.com/collabcheck/collabcheck/internal/ui"
)

// Bulk screening limits: how long a finished job's result is kept, how
// many finished jobs are kept at most (the oldest go first, bounding the
// memory the results take), how many jobs may run at once in this
// process, and the longest one may run.
const (
	bulkKeep       = time.Hour
	bulkKeepMost   = 32
	bulkConcurrent = 4
	bulkTimeout    = 30 * time.Minute
)

// bulkJob is one uploaded sheet being screened in the background. Its
// page shows the progress (refreshing itself, without script) and, when
// done, offers the sheet with the result columns.
type bulkJob struct {
	ID       string
	TenantID int64
	UserID   int64
	Filename string
	Format   bulk.Format
	Started  time.Time

	mu       sync.Mutex
	done     int
	total    int
	finished time.Time
	summary  bulk.Summary
	err      string
	out      []byte
}

// bulkView is a job as its page shows it.
type bulkView struct {
	ID, Filename, Error string
	Done, Total         int
	Finished            bool
	Summary             bulk.Summary
}

func (j *bulkJob) view() bulkView {
	j.mu.Lock()
	defer j.mu.Unlock()
	return bulkView{ID: j.ID, Filename: j.Filename, Error: j.err, Done: j.done, Total: j.total, Finished: !j.finished.IsZero(), Summary: j.summary}
}

// bulkJobs are the jobs of this process. A deployment of several
// processes should route a user's requests to one of them (the job lives
// in its memory); a restart forgets the jobs, and their owners upload
// again.
type bulkJobs struct {
	mu      sync.Mutex
	jobs    map[string]*bulkJob
	running int
}

// start registers a job, unless bulkConcurrent are running.
func (b *bulkJobs) start(j *bulkJob) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.running >= bulkConcurrent {
		return false
	}
	if b.jobs == nil {
		b.jobs = map[string]*bulkJob{}
	}
	var finished []*bulkJob
	for id, old := range b.jobs {
		old.mu.Lock()
		done := old.finished
		old.mu.Unlock()
		switch {
		case !done.IsZero() && time.Since(done) > bulkKeep:
			delete(b.jobs, id)
		case !done.IsZero():
			finished = append(finished, old)
		}
	}
	if extra := len(finished) - (bulkKeepMost - 1); extra > 0 {
		slices.SortFunc(finished, func(x, y *bulkJob) int { return x.Started.Compare(y.Started) })
		for _, old := range finished[:extra] {
			delete(b.jobs, old.ID)
		}
	}
	b.jobs[j.ID] = j
	b.running++
	return true
}

func (b *bulkJobs) end() {
	b.mu.Lock()
	b.running--
	b.mu.Unlock()
}

// get returns the caller's job with the id; anyone else's is not found.
func (b *bulkJobs) get(id string, p *principal) (*bulkJob, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	j, ok := b.jobs[id]
	if !ok || j.TenantID != p.Tenant.ID || j.UserID != p.User.ID {
		return nil, false
	}
	return j, true
}

// bulkRoutes are the bulk-screening pages, sharing one set of jobs.
func (s *server) bulkRoutes() []route {
	b := &bulkJobs{}
	return []route{
		{Method: http.MethodPost, Path: "/screen/bulk", Strict: true, Access: signedIn, Page: true, handle: s.pageBulkUpload(b)},
		{Method: http.MethodGet, Path: "/screen/bulk/{job}", Strict: true, Access: signedIn, Page: true, handle: s.pageBulkJob(b)},
		{Method: http.MethodGet, Path: "/screen/bulk/{job}/result", Strict: true, Access: signedIn, Page: true, handle: s.pageBulkResult(b)},
	}
}

// pageBulkUpload takes a CSV or XLSX upload, checks it is one, and starts
// screening it in the background; the answer redirects to its progress.
func (s *server) pageBulkUpload(b *bulkJobs) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, _ query) error {
		p, err := principalOf(r)
		if err != nil {
			return err
		}
		var fe ui.FormErrors
		fail := func(status int, msg string) error {
			fe.Add("sheet", msg)
			return s.page(w, r, status, "screen", "Screen names", ui.Page{Errors: fe, Data: screenData{}})
		}
		r.Body = http.MaxBytesReader(w, r.Body, bulk.DefaultMaxBytes+1<<20)
		if err := r.ParseMultipartForm(8 << 20); err != nil {
			var mb *http.MaxBytesError
			if errors.As(err, &mb) {
				return fail(http.StatusRequestEntityTooLarge, fmt.Sprintf("The file is larger than %d MiB.", bulk.DefaultMaxBytes>>20))
			}
			return fail(http.StatusBadRequest, "Choose a CSV or XLSX file to upload.")
		}
		defer r.MultipartForm.RemoveAll()
		f, hdr, err := r.FormFile("sheet")
		if err != nil {
			return fail(http.StatusBadRequest, "Choose a CSV or XLSX file to upload.")
		}
		data, err := io.ReadAll(io.LimitReader(f, bulk.DefaultMaxBytes+1))
		f.Close()
		if err != nil {
			return fmt.Errorf("read an upload: %w", err)
		}
		if len(data) > bulk.DefaultMaxBytes {
			return fail(http.StatusRequestEntityTooLarge, fmt.Sprintf("The file is larger than %d MiB.", bulk.DefaultMaxBytes>>20))
		}
		format, err := bulk.Detect(data[:min(len(data), 4096)])
		if err != nil {
			return fail(http.StatusBadRequest, ui.Label(err.Error())+".")
		}
		if !s.svc.Ready() {
			return notReady()
		}
		var id [16]byte
		_, _ = rand.Read(id[:])
		j := &bulkJob{ID: hex.EncodeToString(id[:]), TenantID: p.Tenant.ID, UserID: p.User.ID, Filename: hdr.Filename, Format: format, Started: time.Now()}
		if !b.start(j) {
			w.Header().Set("Retry-After", "60")
			return fail(http.StatusServiceUnavailable, "The server is screening as many sheets as it can; try again in a minute.")
		}
		opt := bulk.Options{Column: strings.TrimSpace(r.PostFormValue("column")), Progress: func(done, total int) {
			j.mu.Lock()
			j.done, j.total = done, total
			j.mu.Unlock()
		}}
		go s.runBulk(b, j, data, opt)
		return seeOther(w, r, "/screen/bulk/"+j.ID)
	}
}

// runBulk screens a job's sheet and keeps the result.
func (s *server) runBulk(b *bulkJobs, j *bulkJob, data []byte, opt bulk.Options) {
	defer b.end()
	ctx, cancel := context.WithTimeout(context.Background(), bulkTimeout)
	defer cancel()
	var out bytes.Buffer
	screen := func(name string) (screening.Result, error) {
		return s.svc.Screen(name, match.Options{Limit: match.DefaultLimit, Threshold: match.DefaultThreshold})
	}
	sum, err := func() (sum bulk.Summary, err error) {
		defer func() {
			if v := recover(); v != nil {
				s.log.Error("panic screening a sheet", "job", j.ID, "panic", fmt.Sprint(v), "stack", stack())
				err = errors.New("the server failed while screening this sheet")
			}
		}()
		return bulk.Process(ctx, bytes.NewReader(data), &out, screen, opt)
	}()
	j.mu.Lock()
	defer j.mu.Unlock()
	j.finished = time.Now()
	var ie *bulk.InputError
	switch {
	case errors.As(err, &ie):
		j.err = ui.Label(ie.Error())
	case err != nil:
		s.log.Error("bulk screening failed", "job", j.ID, "err", err)
		j.err = "The sheet could not be screened: " + sanitizeLong(err.Error())
	default:
		j.summary, j.out = sum, out.Bytes()
	}
}

// pageBulkJob shows a job's progress, refreshing every two seconds until
// it is done, then its summary and the download.
func (s *server) pageBulkJob(b *bulkJobs) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, _ query) error {
		p, err := principalOf(r)
		if err != nil {
			return err
		}
		j, ok := b.get(r.PathValue("job"), p)
		if !ok {
			return &Problem{Type: typeNotFound, Status: http.StatusNotFound, Detail: "There is no screening job with this id for you (results are kept for an hour)."}
		}
		v := j.view()
		pg := ui.Page{Data: v}
		if !v.Finished {
			pg.Refresh = 2
		}
		return s.page(w, r, http.StatusOK, "bulk", "Bulk screening", pg)
	}
}

// pageBulkResult downloads a finished job's sheet with the result columns.
func (s *server) pageBulkResult(b *bulkJobs) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, _ query) error {
		p, err := principalOf(r)
		if err != nil {
			return err
		}
		j, ok := b.get(r.PathValue("job"), p)
		if !ok {
			return &Problem{Type: typeNotFound, Status: http.StatusNotFound, Detail: "There is no screening job with this id for you (results are kept for an hour)."}
		}
		j.mu.Lock()
		out, finished, failed := j.out, !j.finished.IsZero(), j.err != ""
		j.mu.Unlock()
		switch {
		case !finished:
			return &Problem{Type: typeConflict, Status: http.StatusConflict, Detail: "The sheet is still being screened; its page shows the progress."}
		case failed:
			return &Problem{Type: typeConflict, Status: http.StatusConflict, Detail: "The sheet could not be screened; its page says why."}
		}
		name := strings.TrimSuffix(j.Filename, "."+string(j.Format))
		if name == "" {
			name = "sheet"
		}
		name = strings.Map(func(r rune) rune {
			if r < 0x20 || r == '"' || r == '\\' || r == '/' {
				return '_'
			}
			return r
		}, name) + "-screened." + string(j.Format)
		mt := mediaCSV
		if j.Format == bulk.XLSX {
			mt = mediaXLSX
		}
		return download(w, mt, name, out)
	}
}

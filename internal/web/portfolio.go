package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/collabcheck/collabcheck/internal/auth"
	"github.com/collabcheck/collabcheck/internal/portfolio"
	"github.com/collabcheck/collabcheck/internal/store"
)

// PortfolioQueue queues the jobs that import a portfolio run (a
// *jobs.Queue is one): parts jobs for run, reading path in format.
type PortfolioQueue interface {
	EnqueuePortfolioImport(ctx context.Context, tenant, run int64, path, format string, parts int) ([]int64, error)
}

// PortfolioConfig is what the portfolio routes need. Uploaded files are
// written to UploadDir and imported by job workers, which read them from
// there: with workers on several machines UploadDir must be a directory
// they all mount at the same path (the server does not keep uploads in the
// database, so a large portfolio never passes through it twice).
type PortfolioConfig struct {
	Store store.Portfolio
	Queue PortfolioQueue
	// UploadDir holds uploaded portfolio files; required.
	UploadDir string
	// Parts is how many workers may share one import (default 2).
	Parts int
	// ChunkSize is the works per saved chunk (default
	// portfolio.DefaultChunkSize).
	ChunkSize int
	// MaxUpload bounds an upload's size (default DefaultMaxPortfolioUpload).
	MaxUpload int64
}

// DefaultMaxPortfolioUpload is the default bound of an uploaded portfolio.
const DefaultMaxPortfolioUpload = 2 << 30

// noPortfolio is the 503 of the portfolio routes on a server without them.
func noPortfolio() *Problem {
	return &Problem{Type: typeNoCasework, Status: http.StatusServiceUnavailable, Detail: "this server does not screen portfolios"}
}

// portfolioNotFound is the 404 of a run or finding the caller's tenant
// does not have (another tenant's is answered the same).
func portfolioNotFound(what string) *Problem {
	return &Problem{Type: typeNotFound, Status: http.StatusNotFound, Detail: "no portfolio " + what + " with this id is visible to you"}
}

// portfolioQueued is the 202 of POST /api/v1/portfolio/runs.
type portfolioQueued struct {
	Run  store.PortfolioRun `json:"run"`
	Jobs []int64            `json:"jobs"`
}

// portfolioRuns is GET /api/v1/portfolio/runs.
type portfolioRuns struct {
	Runs []store.PortfolioRun `json:"runs"`
}

// portfolioRunStatus is GET /api/v1/portfolio/runs/{id}: the run, the
// progress summed from its saved chunks, and its malformed lines (known
// once it has finished).
type portfolioRunStatus struct {
	Run            store.PortfolioRun         `json:"run"`
	Progress       portfolioProgress          `json:"progress"`
	MalformedLines []store.PortfolioLineError `json:"malformed_lines"`
}

type portfolioProgress struct {
	ChunksSaved int   `json:"chunks_saved"`
	Works       int64 `json:"works"`
	Strings     int64 `json:"strings"`
	Findings    int64 `json:"findings"`
}

// uploadTypes are the media types a raw portfolio body may be sent as, with
// the format each implies ("" for OpenAlex JSON lines unless ?format says).
var uploadTypes = map[string]portfolio.Format{
	"application/x-ndjson": portfolio.FormatOpenAlex, "application/jsonl": portfolio.FormatOpenAlex, "application/json": portfolio.FormatOpenAlex,
	"application/octet-stream": "", "text/csv": portfolio.FormatCSV, "text/plain": "",
}

// createPortfolioRun answers POST /api/v1/portfolio/runs: the body (raw,
// or the first file of a multipart/form-data upload) is an OpenAlex JSON
// lines file or a CSV (?format=openalex|csv, else from the media type or
// file name). It is stored in the upload directory, a run is created and
// its import queued; 202 with the run and the job ids.
func (s *server) createPortfolioRun(w http.ResponseWriter, r *http.Request, q query) error {
	p, err := principalOf(r)
	if err != nil {
		return err
	}
	cfg := s.portfolio
	if cfg == nil || cfg.Store == nil || cfg.Queue == nil || cfg.UploadDir == "" {
		return noPortfolio()
	}
	// Every affiliation is resolved against the registry: without one the
	// queued jobs could only fail and retry, so refuse the upload now.
	if _, prob := s.registryReady(); prob != nil {
		return prob
	}
	var format portfolio.Format
	if v, ok := q["format"]; ok {
		f, err := portfolio.ParseFormat(v)
		if err != nil {
			return badRequest(paramError("format", "must be openalex or csv, got %q", sanitize(v)))
		}
		format = f
	}
	limit := cfg.MaxUpload
	if limit <= 0 {
		limit = DefaultMaxPortfolioUpload
	}
	if r.ContentLength > limit {
		return tooLarge(r.ContentLength, fmt.Sprintf("a portfolio file of at most %d bytes", limit))
	}
	ct := r.Header.Get("Content-Type")
	mt, params, err := mime.ParseMediaType(ct)
	if ct == "" {
		mt, err = "application/octet-stream", nil
	}
	unsupported := &Problem{Type: typeMediaType, Status: http.StatusUnsupportedMediaType,
		Detail: fmt.Sprintf("the body must be multipart/form-data with a file, or the file itself (application/x-ndjson, text/csv), not %q", sanitize(ct)),
		Errors: []FieldError{{Header: "Content-Type", Detail: "must be multipart/form-data, application/x-ndjson, application/json or text/csv"}}}
	if err != nil {
		return unsupported
	}
	var src io.Reader
	name := "upload"
	body := http.MaxBytesReader(w, r.Body, limit)
	switch implied, ok := uploadTypes[mt]; {
	case mt == "multipart/form-data":
		mr, err := newMultipart(body, params)
		if err != nil {
			return badRequest(bodyError("", "%v", err))
		}
		part, err := firstFile(mr)
		if err != nil {
			return badRequest(bodyError("", "%v", err))
		}
		src, name = part, part.FileName()
		if format == "" && strings.EqualFold(filepath.Ext(name), ".csv") {
			format = portfolio.FormatCSV
		}
		if format == "" && part.Header.Get("Content-Type") == "text/csv" {
			format = portfolio.FormatCSV
		}
	case ok:
		src = body
		if format == "" {
			format = implied
		}
	default:
		return unsupported
	}
	if format == "" {
		format = portfolio.FormatOpenAlex
	}
	if err := os.MkdirAll(cfg.UploadDir, 0o750); err != nil {
		return fmt.Errorf("portfolio upload directory: %w", err)
	}
	ext := ".jsonl"
	if format == portfolio.FormatCSV {
		ext = ".csv"
	}
	f, err := os.CreateTemp(cfg.UploadDir, fmt.Sprintf("portfolio-t%d-*%s", p.Tenant.ID, ext))
	if err != nil {
		return fmt.Errorf("store portfolio upload: %w", err)
	}
	path := f.Name()
	keep := false
	defer func() {
		if !keep {
			os.Remove(path)
		}
	}()
	n, err := io.Copy(f, src)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return tooLarge(mbe.Limit+1, fmt.Sprintf("a portfolio file of at most %d bytes", limit))
	}
	if err != nil {
		return badRequest(bodyError("", "the upload could not be read: %v", err))
	}
	if n == 0 {
		return badRequest(bodyError("", "the portfolio file is empty"))
	}
	// A file that cannot be read at all (a CSV without the needed
	// columns) is refused now; malformed lines are counted by the import.
	check, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("reopen portfolio upload: %w", err)
	}
	_, err = portfolio.NewReader(check, format)
	check.Close()
	if err != nil {
		return badRequest(bodyError("", "not a %s portfolio: %v", format, err))
	}
	chunk := cfg.ChunkSize
	if chunk <= 0 {
		chunk = portfolio.DefaultChunkSize
	}
	run, err := cfg.Store.CreatePortfolioRun(r.Context(), store.PortfolioRun{TenantID: p.Tenant.ID, Source: "upload: " + sanitize(filepath.Base(name)),
		Format: string(format), ChunkSize: chunk, StartedAt: time.Now()})
	if err != nil {
		return fmt.Errorf("create portfolio run: %w", err)
	}
	parts := cfg.Parts
	if parts <= 0 {
		parts = 2
	}
	ids, err := cfg.Queue.EnqueuePortfolioImport(r.Context(), p.Tenant.ID, run.ID, path, string(format), parts)
	if err != nil {
		_ = cfg.Store.FinishPortfolioRun(context.WithoutCancel(r.Context()), p.Tenant.ID, run.ID, store.PortfolioFailed,
			store.PortfolioSummary{Error: "could not queue the import"}, time.Now())
		return fmt.Errorf("queue portfolio import: %w", err)
	}
	keep = true
	w.Header().Set("Location", fmt.Sprintf("/api/v1/portfolio/runs/%d", run.ID))
	s.writeJSON(w, r, http.StatusAccepted, portfolioQueued{Run: run, Jobs: ids})
	return nil
}

// listPortfolioRuns answers GET /api/v1/portfolio/runs: the tenant's runs,
// newest first.
func (s *server) listPortfolioRuns(w http.ResponseWriter, r *http.Request, _ query) error {
	p, err := principalOf(r)
	if err != nil {
		return err
	}
	if s.portfolio == nil || s.portfolio.Store == nil {
		return noPortfolio()
	}
	runs, err := s.portfolio.Store.PortfolioRuns(r.Context(), p.Tenant.ID)
	if err != nil {
		return fmt.Errorf("list portfolio runs: %w", err)
	}
	s.writeJSON(w, r, http.StatusOK, portfolioRuns{Runs: runs})
	return nil
}

// portfolioRunFor loads the tenant's run with the path's id, or a 404.
func (s *server) portfolioRunFor(r *http.Request, p *principal) (store.PortfolioRun, error) {
	if s.portfolio == nil || s.portfolio.Store == nil {
		return store.PortfolioRun{}, noPortfolio()
	}
	id, prob := pathID(r, "id")
	if prob != nil {
		return store.PortfolioRun{}, prob
	}
	run, err := s.portfolio.Store.PortfolioRun(r.Context(), p.Tenant.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return run, portfolioNotFound("run")
	}
	if err != nil {
		return run, fmt.Errorf("read portfolio run %d: %w", id, err)
	}
	return run, nil
}

// getPortfolioRun answers GET /api/v1/portfolio/runs/{id}.
func (s *server) getPortfolioRun(w http.ResponseWriter, r *http.Request, _ query) error {
	p, err := principalOf(r)
	if err != nil {
		return err
	}
	run, err := s.portfolioRunFor(r, p)
	if err != nil {
		return err
	}
	cs, err := s.portfolio.Store.PortfolioChunkStats(r.Context(), p.Tenant.ID, run.ID)
	if err != nil {
		return fmt.Errorf("read portfolio run %d progress: %w", run.ID, err)
	}
	sum := store.SumPortfolioChunks(cs)
	out := portfolioRunStatus{Run: run, Progress: portfolioProgress{ChunksSaved: len(cs), Works: sum.Works, Strings: sum.Strings, Findings: sum.Findings},
		MalformedLines: run.Summary.MalformedLines}
	if out.MalformedLines == nil {
		out.MalformedLines = []store.PortfolioLineError{}
	}
	s.writeJSON(w, r, http.StatusOK, out)
	return nil
}

// portfolioReport answers GET /api/v1/portfolio/runs/{id}/report:
// ?format=json (the default) is the aggregated report as JSON; html the
// report page, csv one row per finding, xlsx the findings, summary and
// aggregations as a workbook.
func (s *server) portfolioReport(w http.ResponseWriter, r *http.Request, q query) error {
	p, err := principalOf(r)
	if err != nil {
		return err
	}
	format := "json"
	if v, ok := q["format"]; ok {
		switch v {
		case "json", "html", "csv", "xlsx":
			format = v
		default:
			return badRequest(paramError("format", "must be json, html, csv or xlsx, got %q", sanitize(v)))
		}
	}
	run, err := s.portfolioRunFor(r, p)
	if err != nil {
		return err
	}
	ctx := r.Context()
	each := func(fn func(store.PortfolioFinding) error) error {
		return s.portfolio.Store.PortfolioFindings(ctx, p.Tenant.ID, run.ID, fn)
	}
	if format == "csv" {
		// Streamed: a large run's findings are never all in memory.
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="portfolio-run-%d.csv"`, run.ID))
		if err := portfolio.WriteCSV(w, each); err != nil {
			s.log.Error("write portfolio CSV", "run", run.ID, "err", err)
			panic(http.ErrAbortHandler)
		}
		return nil
	}
	rep, err := portfolio.Aggregate(run, each)
	if err != nil {
		return fmt.Errorf("portfolio report of run %d: %w", run.ID, err)
	}
	switch format {
	case "json":
		s.writeJSON(w, r, http.StatusOK, rep)
	case "html":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if err := rep.WriteHTML(w); err != nil {
			s.log.Error("write portfolio report", "run", run.ID, "err", err)
			panic(http.ErrAbortHandler)
		}
	case "xlsx":
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="portfolio-run-%d.xlsx"`, run.ID))
		if err := portfolio.WriteXLSX(w, rep, each); err != nil {
			s.log.Error("write portfolio workbook", "run", run.ID, "err", err)
			panic(http.ErrAbortHandler)
		}
	}
	return nil
}

// portfolioFindingCase answers POST /api/v1/portfolio/findings/{id}/case:
// the tenant's finding becomes a draft case, assessed under the tenant's
// policy and created by the caller; 201 with the case.
func (s *server) portfolioFindingCase(w http.ResponseWriter, r *http.Request, _ query) error {
	p, err := principalOf(r)
	if err != nil {
		return err
	}
	if s.portfolio == nil || s.portfolio.Store == nil {
		return noPortfolio()
	}
	if p.Tenant.Kind == auth.AdviserTeam {
		return forbidden("an adviser tenant does not own cases")
	}
	id, prob := pathID(r, "id")
	if prob != nil {
		return prob
	}
	pol, _, err := s.tenantPolicy(r.Context(), p.Tenant)
	if err != nil {
		return err
	}
	c, err := portfolio.CreateCase(r.Context(), s.portfolio.Store, s.cw, s.assessor, pol, p.actor(), id, time.Now())
	if errors.Is(err, store.ErrNotFound) {
		return portfolioNotFound("finding")
	}
	if err != nil {
		return caseProblem(err)
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/cases/%d", c.ID))
	s.writeJSON(w, r, http.StatusCreated, c)
	return nil
}

// newMultipart reads a multipart/form-data body.
func newMultipart(body io.Reader, params map[string]string) (*multipart.Reader, error) {
	b := params["boundary"]
	if b == "" {
		return nil, errors.New("the multipart body has no boundary")
	}
	return multipart.NewReader(body, b), nil
}

// firstFile returns the first file part of a multipart body.
func firstFile(mr *multipart.Reader) (*multipart.Part, error) {
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil, errors.New("the multipart body holds no file (send the portfolio as a form field with a file name)")
		}
		if err != nil {
			return nil, fmt.Errorf("bad multipart body: %w", err)
		}
		if part.FileName() != "" {
			return part, nil
		}
	}
}

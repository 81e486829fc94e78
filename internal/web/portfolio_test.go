package web

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/collabcheck/collabcheck/internal/cases"
	"github.com/collabcheck/collabcheck/internal/store"
)

// fakePortfolioQueue records the imports the API queues.
type fakePortfolioQueue struct {
	mu    sync.Mutex
	calls []queuedImport
	next  int64
}

type queuedImport struct {
	tenant, run  int64
	path, format string
	parts        int
}

func (q *fakePortfolioQueue) EnqueuePortfolioImport(_ context.Context, tenant, run int64, path, format string, parts int) ([]int64, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.calls = append(q.calls, queuedImport{tenant, run, path, format, parts})
	ids := make([]int64, parts)
	for i := range ids {
		q.next++
		ids[i] = q.next
	}
	return ids, nil
}

// withPortfolio serves the portfolio routes over the env's store, with a
// recording queue and a 1 MiB upload limit.
func withPortfolio(t testing.TB, q *fakePortfolioQueue) envOption {
	dir := t.TempDir()
	return func(c *Config) {
		p, ok := c.Accounts.(store.Portfolio)
		if !ok {
			t.Fatalf("the test store %T keeps no portfolio runs", c.Accounts)
		}
		c.Portfolio = &PortfolioConfig{Store: p, Queue: q, UploadDir: dir, MaxUpload: 1 << 20}
	}
}

// ensurePortfolio serves the portfolio routes over the world's store when
// its env was made without them (the matrix and conformance envs), with a
// recording queue and a 1 MiB upload limit.
func (w *world) ensurePortfolio() {
	w.t.Helper()
	if w.e.api.portfolio != nil {
		return
	}
	p, ok := w.cw.(store.Portfolio)
	if !ok {
		w.t.Fatalf("store %T keeps no portfolio runs", w.cw)
	}
	w.e.api.portfolio = &PortfolioConfig{Store: p, Queue: &fakePortfolioQueue{}, UploadDir: w.t.TempDir(), MaxUpload: 1 << 20}
}

// portfolioFixture stores a finished run with two findings in the tenant
// and returns the run's and the first finding's ids.
func (w *world) portfolioFixture(tenant string) (run, finding int64) {
	w.t.Helper()
	w.ensurePortfolio()
	ctx := context.Background()
	p, ok := w.cw.(store.Portfolio)
	if !ok {
		w.t.Fatalf("store %T keeps no portfolio runs", w.cw)
	}
	tn := w.tenants[tenant].ID
	r, err := p.CreatePortfolioRun(ctx, store.PortfolioRun{TenantID: tn, Source: "works.jsonl", Format: "openalex", ChunkSize: 10})
	if err != nil {
		w.t.Fatal(err)
	}
	f := func(line int64, person string) store.PortfolioFinding {
		return store.PortfolioFinding{Line: line, WorkID: fmt.Sprintf("W%d", line), Title: "Hypersonic guidance", Year: 2023, Person: person,
			Affiliation: "Flight Lab, Harbin Institute of Technology", PartnerID: rorHIT, PartnerName: "Harbin Institute of Technology",
			PartnerCountry: "CN", Hits: []store.PortfolioHit{{List: "test_defence", SourceID: hitID, Name: "Harbin Institute of Technology", Score: 1}},
			Areas: []string{"hypersonics"}, Fields: []string{}}
	}
	if _, err := p.SavePortfolioChunk(ctx, tn, r.ID, store.PortfolioChunk{Chunk: 0, Records: 2, Findings: []store.PortfolioFinding{f(1, "Cy Moss"), f(2, "Bo Lake")},
		Stats: store.PortfolioChunkStats{Works: 2, Strings: 3, Findings: 2}}); err != nil {
		w.t.Fatal(err)
	}
	if err := p.FinishPortfolioRun(ctx, tn, r.ID, store.PortfolioDone, store.PortfolioSummary{Works: 2, Strings: 3, Findings: 2, Malformed: 1,
		MalformedLines: []store.PortfolioLineError{{Line: 3, Reason: "not JSON"}}}, r.StartedAt); err != nil {
		w.t.Fatal(err)
	}
	var first int64
	if err := p.PortfolioFindings(ctx, tn, r.ID, func(f store.PortfolioFinding) error {
		if first == 0 {
			first = f.ID
		}
		return nil
	}); err != nil {
		w.t.Fatal(err)
	}
	return r.ID, first
}

const portfolioCSV = "person,affiliation,year,title\nCy Moss,\"Flight Lab, Harbin Institute of Technology\",2023,Hypersonic guidance\n"

// portfolioMatrixEntries are the isolation matrix's entries for the
// portfolio routes: Alpha's run and finding, which only Alpha's officers
// and admins may see (everyone else permitted gets 404).
func (w *world) portfolioMatrixEntries() map[string]matrixEntry {
	run, finding := w.portfolioFixture("alpha")
	others := map[string]int{"b.officer": 404, "b.admin": 404, "op.admin": 404}
	fixed := func(p string) func(cases.Case) string { return func(cases.Case) string { return p } }
	return map[string]matrixEntry{
		"POST /api/v1/portfolio/runs": {target: fixed("/api/v1/portfolio/runs"), ok: 202,
			body: func(cases.Case, string) *body { return &body{ctype: "text/csv", data: []byte(portfolioCSV)} }},
		"GET /api/v1/portfolio/runs":                {target: fixed("/api/v1/portfolio/runs")},
		"GET /api/v1/portfolio/runs/{id}":           {target: fixed(fmt.Sprintf("/api/v1/portfolio/runs/%d", run)), except: others},
		"GET /api/v1/portfolio/runs/{id}/report":    {target: fixed(fmt.Sprintf("/api/v1/portfolio/runs/%d/report", run)), except: others},
		"POST /api/v1/portfolio/findings/{id}/case": {target: fixed(fmt.Sprintf("/api/v1/portfolio/findings/%d/case", finding)), ok: 201, except: others},
	}
}

// portfolioConformance makes the portfolio routes answer each status they
// document, for the conformance test.
func portfolioConformance(t *testing.T, w *world) {
	t.Helper()
	run, finding := w.portfolioFixture("alpha")
	officer := as{who: "a.officer"}
	csvBody := &body{ctype: "text/csv", data: []byte(portfolioCSV)}
	want(t, w.call(t, officer, http.MethodPost, "/api/v1/portfolio/runs?format=csv", csvBody), 202)
	want(t, w.call(t, officer, http.MethodPost, "/api/v1/portfolio/runs?format=pdf", csvBody), 400)
	want(t, w.call(t, officer, http.MethodPost, "/api/v1/portfolio/runs", &body{ctype: "image/png", data: []byte("png")}), 415)
	want(t, w.call(t, officer, http.MethodPost, "/api/v1/portfolio/runs", &body{ctype: "text/csv", data: bytes.Repeat([]byte("x"), 1<<20+1)}), 413)
	want(t, w.call(t, officer, http.MethodGet, "/api/v1/portfolio/runs", nil), 200)
	want(t, w.call(t, officer, http.MethodGet, fmt.Sprintf("/api/v1/portfolio/runs/%d", run), nil), 200)
	want(t, w.call(t, officer, http.MethodGet, "/api/v1/portfolio/runs/abc", nil), 400)
	want(t, w.call(t, officer, http.MethodGet, "/api/v1/portfolio/runs/999999", nil), 404)
	want(t, w.call(t, officer, http.MethodGet, fmt.Sprintf("/api/v1/portfolio/runs/%d/report?format=json", run), nil), 200)
	want(t, w.call(t, officer, http.MethodGet, fmt.Sprintf("/api/v1/portfolio/runs/%d/report?format=pdf", run), nil), 400)
	want(t, w.call(t, officer, http.MethodGet, "/api/v1/portfolio/runs/999999/report", nil), 404)
	want(t, w.call(t, officer, http.MethodPost, fmt.Sprintf("/api/v1/portfolio/findings/%d/case", finding), nil), 201)
	want(t, w.call(t, officer, http.MethodPost, "/api/v1/portfolio/findings/abc/case", nil), 400)
	want(t, w.call(t, officer, http.MethodPost, "/api/v1/portfolio/findings/999999/case", nil), 404)
}

func TestPortfolioAPI(t *testing.T) {
	q := &fakePortfolioQueue{}
	e := newEnv(t, true, nil, withPortfolio(t, q))
	w := newWorld(t, e, nil) // reports are HTML, CSV and XLSX: not held to the JSON schemas here
	officer, bravo := as{who: "a.officer"}, as{who: "b.officer"}

	// A multipart upload of OpenAlex lines, one malformed, is stored and
	// queued for the caller's tenant.
	lines := `{"id":"W1","title":"Avionics","publication_year":2022,"authorships":[{"author":{"display_name":"Cy Moss"},"raw_affiliation_strings":["Harbin Institute of Technology"]}]}` + "\n{broken\n"
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("file", "works.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	fw.Write([]byte(lines))
	mw.Close()
	x := w.call(t, officer, http.MethodPost, "/api/v1/portfolio/runs", &body{ctype: mw.FormDataContentType(), data: buf.Bytes()})
	want(t, x, 202)
	got := decode[portfolioQueued](t, x)
	if got.Run.Format != "openalex" || got.Run.State != store.PortfolioRunning || len(got.Jobs) != 2 || got.Run.TenantID != w.tenants["alpha"].ID {
		t.Fatalf("queued %+v", got)
	}
	if x.resp.Header.Get("Location") != fmt.Sprintf("/api/v1/portfolio/runs/%d", got.Run.ID) {
		t.Errorf("Location %q", x.resp.Header.Get("Location"))
	}
	if len(q.calls) != 1 || q.calls[0].run != got.Run.ID || q.calls[0].tenant != got.Run.TenantID || q.calls[0].format != "openalex" {
		t.Fatalf("queue calls %+v", q.calls)
	}
	if b, err := os.ReadFile(q.calls[0].path); err != nil || string(b) != lines {
		t.Errorf("stored upload %q (%v), want the file sent", b, err)
	}
	if filepath.Dir(q.calls[0].path) != e.api.portfolio.UploadDir {
		t.Errorf("upload stored at %s, outside the upload directory", q.calls[0].path)
	}
	// A CSV without the needed columns is refused before a run is made.
	want(t, w.call(t, officer, http.MethodPost, "/api/v1/portfolio/runs", &body{ctype: "text/csv", data: []byte("a,b\n1,2\n")}), 400)
	want(t, w.call(t, officer, http.MethodPost, "/api/v1/portfolio/runs", &body{ctype: "text/csv"}), 400)
	if len(q.calls) != 1 {
		t.Errorf("a refused upload was queued: %+v", q.calls)
	}
	entries, _ := os.ReadDir(e.api.portfolio.UploadDir)
	if len(entries) != 1 {
		t.Errorf("upload directory holds %d files, want the one accepted upload", len(entries))
	}

	run, finding := w.portfolioFixture("alpha")
	st := decode[portfolioRunStatus](t, w.call(t, officer, http.MethodGet, fmt.Sprintf("/api/v1/portfolio/runs/%d", run), nil))
	if st.Run.State != store.PortfolioDone || st.Progress.Findings != 2 || st.Progress.ChunksSaved != 1 || len(st.MalformedLines) != 1 || st.MalformedLines[0].Line != 3 {
		t.Errorf("run status %+v", st)
	}
	runs := decode[portfolioRuns](t, w.call(t, officer, http.MethodGet, "/api/v1/portfolio/runs", nil))
	if len(runs.Runs) != 2 || runs.Runs[0].ID != run {
		t.Errorf("runs %+v, want the fixture's then the upload's", runs.Runs)
	}
	if n := len(decode[portfolioRuns](t, w.call(t, bravo, http.MethodGet, "/api/v1/portfolio/runs", nil)).Runs); n != 0 {
		t.Errorf("Bravo lists %d of Alpha's runs", n)
	}

	for _, c := range []struct{ format, ctype, contains string }{
		{"html", "text/html", "Harbin Institute of Technology"},
		{"csv", "text/csv", "Cy Moss"},
		{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "PK"},
		{"json", "application/json", "Harbin Institute of Technology"},
	} {
		x := w.call(t, officer, http.MethodGet, fmt.Sprintf("/api/v1/portfolio/runs/%d/report?format=%s", run, c.format), nil)
		want(t, x, 200)
		if ct := x.resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, c.ctype) || !bytes.Contains(x.body, []byte(c.contains)) {
			t.Errorf("%s report: %s, %.200q", c.format, ct, x.body)
		}
	}
	// Another tenant's run, report and finding do not exist for Bravo.
	want(t, w.call(t, bravo, http.MethodGet, fmt.Sprintf("/api/v1/portfolio/runs/%d", run), nil), 404)
	want(t, w.call(t, bravo, http.MethodGet, fmt.Sprintf("/api/v1/portfolio/runs/%d/report?format=csv", run), nil), 404)
	want(t, w.call(t, bravo, http.MethodPost, fmt.Sprintf("/api/v1/portfolio/findings/%d/case", finding), nil), 404)
	want(t, w.call(t, as{who: "a.researcher"}, http.MethodGet, "/api/v1/portfolio/runs", nil), 403)

	// A finding becomes a draft case of the caller's tenant.
	x = w.call(t, officer, http.MethodPost, fmt.Sprintf("/api/v1/portfolio/findings/%d/case", finding), nil)
	want(t, x, 201)
	c := decode[cases.Case](t, x)
	if c.State != cases.Draft || c.TenantID != w.tenants["alpha"].ID || !strings.Contains(fmt.Sprint(c.Collaboration.Partners), "Harbin Institute of Technology") {
		t.Errorf("case from finding: %+v", c)
	}
	want(t, w.call(t, officer, http.MethodGet, fmt.Sprintf("/api/v1/cases/%d", c.ID), nil), 200)
}

// TestPortfolioUploadNeedsRegistry checks that an upload is refused, and
// nothing queued or stored, while no registry is imported: every string is
// resolved against it, so a queued import could only fail and retry.
func TestPortfolioUploadNeedsRegistry(t *testing.T) {
	q := &fakePortfolioQueue{}
	e := newEnv(t, false, nil, withPortfolio(t, q))
	w := newWorld(t, e, nil)
	x := w.call(t, as{who: "a.officer"}, http.MethodPost, "/api/v1/portfolio/runs",
		&body{ctype: "text/csv", data: []byte("person,affiliation,year,title\nA. Li,Example University,2024,A study\n")})
	want(t, x, 503)
	if !bytes.Contains(x.body, []byte("registry")) {
		t.Errorf("503 does not say the registry is missing: %s", x.body)
	}
	if len(q.calls) != 0 {
		t.Errorf("queued without a registry: %+v", q.calls)
	}
	if entries, _ := os.ReadDir(e.api.portfolio.UploadDir); len(entries) != 0 {
		t.Errorf("stored %d uploads without a registry", len(entries))
	}
}

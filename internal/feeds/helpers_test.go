package feeds

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/collabcheck/collabcheck/internal/sources"
	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/store/sqlite"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// fakeFile is one file the fake publisher serves.
type fakeFile struct {
	body         []byte
	etag         string
	lastModified string
	contentType  string
	// contentLength, when positive, is declared instead of len(body), to
	// cut the body short on the wire; when negative, no length is
	// declared (the body is streamed).
	contentLength int
}

// publisher is an httptest server that serves files with validators,
// answers conditional requests with 304, and can be told to fail.
type publisher struct {
	t   *testing.T
	srv *httptest.Server

	mu      sync.Mutex
	files   map[string]*fakeFile
	fail    map[string][]int  // statuses to answer, in order, before serving
	after   map[string]string // Retry-After sent with those failures
	hang    map[string]bool   // block until the client gives up
	hits    map[string]int    // requests per path
	bodies  map[string]int    // 200 answers per path
	headers map[string][]http.Header
}

func newPublisher(t *testing.T) *publisher {
	p := &publisher{t: t, files: map[string]*fakeFile{}, fail: map[string][]int{}, after: map[string]string{}, hang: map[string]bool{},
		hits: map[string]int{}, bodies: map[string]int{}, headers: map[string][]http.Header{}}
	p.srv = httptest.NewServer(http.HandlerFunc(p.serve))
	t.Cleanup(p.srv.Close)
	return p
}

func (p *publisher) serve(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	path := r.URL.Path
	p.hits[path]++
	p.headers[path] = append(p.headers[path], r.Header.Clone())
	if q := p.fail[path]; len(q) > 0 {
		p.fail[path] = q[1:]
		after := p.after[path]
		p.mu.Unlock()
		if after != "" {
			w.Header().Set("Retry-After", after)
		}
		http.Error(w, "<html><body>temporarily unavailable</body></html>", q[0])
		return
	}
	if p.hang[path] {
		p.mu.Unlock()
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
		return
	}
	f, ok := p.files[path]
	if !ok {
		p.mu.Unlock()
		http.NotFound(w, r)
		return
	}
	ff := *f
	p.mu.Unlock()
	if ff.etag != "" {
		w.Header().Set("ETag", ff.etag)
	}
	if ff.lastModified != "" {
		w.Header().Set("Last-Modified", ff.lastModified)
	}
	inm, ims := r.Header.Get("If-None-Match"), r.Header.Get("If-Modified-Since")
	if (inm != "" && inm == ff.etag) || (inm == "" && ims != "" && ims == ff.lastModified) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	p.mu.Lock()
	p.bodies[path]++
	p.mu.Unlock()
	if ff.contentType != "" {
		w.Header().Set("Content-Type", ff.contentType)
	} else {
		w.Header()["Content-Type"] = nil // no sniffing by net/http either
	}
	n := len(ff.body)
	if ff.contentLength > 0 {
		n = ff.contentLength
	}
	if ff.contentLength >= 0 {
		w.Header().Set("Content-Length", fmt.Sprint(n))
	}
	w.WriteHeader(http.StatusOK)
	if ff.contentLength < 0 {
		// Two writes with a flush between: chunked, no length known.
		half := len(ff.body) / 2
		_, _ = w.Write(ff.body[:half])
		w.(http.Flusher).Flush()
		_, _ = w.Write(ff.body[half:])
		return
	}
	_, _ = w.Write(ff.body)
}

func (p *publisher) put(path string, f fakeFile) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.files[path] = &f
}

func (p *publisher) failNext(path string, statuses ...int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.fail[path] = append(p.fail[path], statuses...)
}

// retryAfter makes the failures of path carry a Retry-After header.
func (p *publisher) retryAfter(path, v string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.after[path] = v
}

func (p *publisher) count(path string) (hits, bodies int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.hits[path], p.bodies[path]
}

func (p *publisher) lastHeader(path, name string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	hs := p.headers[path]
	if len(hs) == 0 {
		return ""
	}
	return hs[len(hs)-1].Get(name)
}

func (p *publisher) url(path string) string { return p.srv.URL + path }

// env is a store and an updater with fast retries.
type env struct {
	st store.Store
	fs store.Feeds
	u  *Updater
}

func newEnv(t *testing.T) *env {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "cc.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	fs, err := store.FeedsOf(st)
	if err != nil {
		t.Fatal(err)
	}
	return &env{st: st, fs: fs, u: &Updater{Lists: st, Feeds: fs, Backoff: time.Millisecond, Attempts: 3, TempDir: t.TempDir()}}
}

func (e *env) update(t *testing.T, src Source) Result {
	t.Helper()
	return e.u.Update(context.Background(), src)
}

func (e *env) versions(t *testing.T, list string) []watchlist.Version {
	t.Helper()
	vs, err := e.st.Versions(context.Background(), list)
	if err != nil {
		t.Fatalf("versions of %s: %v", list, err)
	}
	return vs
}

func (e *env) state(t *testing.T, source string) store.FeedState {
	t.Helper()
	s, err := e.fs.FeedState(context.Background(), source)
	if err != nil {
		t.Fatalf("feed state of %s: %v", source, err)
	}
	return s
}

func mustOutcome(t *testing.T, r Result, want Outcome) {
	t.Helper()
	if r.Outcome != want {
		t.Fatalf("%s: outcome %s (error %q), want %s", r.Source, r.Outcome, r.Error, want)
	}
}

// cslJSON is an invented trade.gov CSL JSON download of n entries; salt
// changes every name so two salts are two different publications.
func cslJSON(n int, salt string) []byte {
	var b strings.Builder
	b.WriteString(`{"total": ` + fmt.Sprint(n) + `, "results": [`)
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"id": "id-%d", "source": "Entity List (EL) - Bureau of Industry and Security", "name": "Invented Institute %d %s", "alt_names": ["III %d"], "addresses": [{"address": "%d Lake Road", "city": "Harbin", "country": "CN"}], "programs": []}`, i, i, salt, i, i)
	}
	b.WriteString("]}")
	return []byte(b.String())
}

// ofacSet is an invented OFAC CSV set of n entries.
func ofacSet(n int, salt string) map[string][]byte {
	var sdn, add, alt strings.Builder
	for i := range n {
		id := 100 + i
		fmt.Fprintf(&sdn, "%d,\"INVENTED TRADING %d %s\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n", id, i, strings.ToUpper(salt))
		fmt.Fprintf(&add, "%d,%d,\"%d Harbour Road\",\"Wan Chai\",\"Hong Kong\",-0- \r\n", id, 1000+i, i)
		fmt.Fprintf(&alt, "%d,%d,\"aka\",\"INVENTED %d LIMITED\",-0- \r\n", id, 2000+i, i)
	}
	return map[string][]byte{
		"sdn.csv":          []byte(sdn.String()),
		"add.csv":          []byte(add.String()),
		"alt.csv":          []byte(alt.String()),
		"sdn_comments.csv": []byte("100,\"Website www.example.org.\"\r\n"),
	}
}

// unXML is an invented UN consolidated list of n entities.
func unXML(n int) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<CONSOLIDATED_LIST><INDIVIDUALS/><ENTITIES>")
	for i := range n {
		fmt.Fprintf(&b, "<ENTITY><DATAID>%d</DATAID><FIRST_NAME>INVENTED FRONT COMPANY %d</FIRST_NAME><UN_LIST_TYPE>DPRK</UN_LIST_TYPE><REFERENCE_NUMBER>KPe.%d</REFERENCE_NUMBER><LISTED_ON>2017-01-01</LISTED_ON></ENTITY>", 900000+i, i, i)
	}
	b.WriteString("</ENTITIES></CONSOLIDATED_LIST>\n")
	return []byte(b.String())
}

// cslSource is a one-file CSL source on p.
func cslSource(p *publisher) Source {
	return Source{Name: "csl", Format: sources.FormatCSL, Files: []File{{Name: "consolidated.json", URL: p.url("/csl/consolidated.json")}}}
}

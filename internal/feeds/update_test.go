package feeds

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

func TestFixturesParse(t *testing.T) {
	// The invented fixtures must be what the readers accept, or every
	// other test here would test nothing.
	e := newEnv(t)
	p := newPublisher(t)
	p.put("/csl/consolidated.json", fakeFile{body: cslJSON(5, "a"), contentType: "application/json"})
	p.put("/un.xml", fakeFile{body: unXML(4), contentType: "application/xml"})
	r := e.update(t, cslSource(p))
	mustOutcome(t, r, Updated)
	if r.Entities != 5 || r.Version != 1 {
		t.Errorf("csl: %+v", r)
	}
	r = e.update(t, Source{Name: "un", Format: "un", Files: []File{{Name: "consolidated.xml", URL: p.url("/un.xml")}}})
	mustOutcome(t, r, Updated)
	if r.Entities != 4 {
		t.Errorf("un: %d entities, want 4", r.Entities)
	}
}

func TestConditionalGetETag(t *testing.T) {
	e := newEnv(t)
	p := newPublisher(t)
	const path = "/csl/consolidated.json"
	p.put(path, fakeFile{body: cslJSON(3, "a"), etag: `"v1"`, contentType: "application/json; charset=utf-8"})
	src := cslSource(p)

	r := e.update(t, src)
	mustOutcome(t, r, Updated)
	if r.Version != 1 || r.NotModified || r.Bytes == 0 {
		t.Errorf("first update: %+v", r)
	}
	if got := p.lastHeader(path, "If-None-Match"); got != "" {
		t.Errorf("first request was conditional (If-None-Match %q)", got)
	}
	st := e.state(t, "csl")
	if st.ETag != `"v1"` || st.Checksum != r.Checksum || st.Version != 1 || st.LastSuccess.IsZero() {
		t.Errorf("state after the first fetch: %+v", st)
	}

	r = e.update(t, src)
	mustOutcome(t, r, Unchanged)
	if !r.NotModified || r.Bytes != 0 || r.Version != 1 || r.Entities != 3 {
		t.Errorf("second update: %+v", r)
	}
	if got := p.lastHeader(path, "If-None-Match"); got != `"v1"` {
		t.Errorf("second request sent If-None-Match %q, want the stored ETag", got)
	}
	if hits, bodies := p.count(path); hits != 2 || bodies != 1 {
		t.Errorf("%d requests and %d bodies sent, want 2 and 1 (no re-download)", hits, bodies)
	}
	if vs := e.versions(t, "csl"); len(vs) != 1 {
		t.Errorf("%d versions after a 304, want 1", len(vs))
	}
}

func TestConditionalGetLastModified(t *testing.T) {
	e := newEnv(t)
	p := newPublisher(t)
	const path = "/csl/consolidated.json"
	const lm = "Mon, 02 Nov 2026 05:00:00 GMT"
	p.put(path, fakeFile{body: cslJSON(3, "a"), lastModified: lm, contentType: "application/json"})
	mustOutcome(t, e.update(t, cslSource(p)), Updated)
	r := e.update(t, cslSource(p))
	mustOutcome(t, r, Unchanged)
	if !r.NotModified || p.lastHeader(path, "If-Modified-Since") != lm {
		t.Errorf("second fetch not conditional on Last-Modified: %+v, header %q", r, p.lastHeader(path, "If-Modified-Since"))
	}
}

func TestChangedContentMakesVersion(t *testing.T) {
	e := newEnv(t)
	p := newPublisher(t)
	const path = "/csl/consolidated.json"
	p.put(path, fakeFile{body: cslJSON(3, "a"), etag: `"v1"`, contentType: "application/json"})
	first := e.update(t, cslSource(p))
	mustOutcome(t, first, Updated)
	p.put(path, fakeFile{body: cslJSON(4, "b"), etag: `"v2"`, contentType: "application/json"})
	r := e.update(t, cslSource(p))
	mustOutcome(t, r, Updated)
	if r.Version != 2 || r.Entities != 4 || r.Checksum == first.Checksum {
		t.Errorf("changed content: %+v", r)
	}
	vs := e.versions(t, "csl")
	if len(vs) != 2 || !vs[1].Active || vs[1].ContentHash != r.Checksum || !strings.Contains(vs[1].Source, p.url(path)) {
		t.Errorf("versions after a change: %+v", vs)
	}
	if st := e.state(t, "csl"); st.ETag != `"v2"` || st.Version != 2 {
		t.Errorf("state after a change: %+v", st)
	}
}

func TestSameContentNewETag(t *testing.T) {
	e := newEnv(t)
	p := newPublisher(t)
	const path = "/csl/consolidated.json"
	body := cslJSON(3, "a")
	p.put(path, fakeFile{body: body, etag: `"v1"`, contentType: "application/json"})
	mustOutcome(t, e.update(t, cslSource(p)), Updated)
	p.put(path, fakeFile{body: body, etag: `"v1-republished"`, contentType: "application/json"})
	r := e.update(t, cslSource(p))
	mustOutcome(t, r, Unchanged)
	if r.NotModified || r.Bytes != int64(len(body)) || r.Version != 1 {
		t.Errorf("same bytes, new ETag: %+v", r)
	}
	if vs := e.versions(t, "csl"); len(vs) != 1 {
		t.Errorf("%d versions, want 1", len(vs))
	}
	if st := e.state(t, "csl"); st.ETag != `"v1-republished"` {
		t.Errorf("the new ETag was not kept for the next request: %q", st.ETag)
	}
	// And the next request is conditional on it.
	r = e.update(t, cslSource(p))
	if !r.NotModified {
		t.Errorf("third fetch: %+v", r)
	}
}

func TestRetryAfterServerError(t *testing.T) {
	e := newEnv(t)
	p := newPublisher(t)
	const path = "/csl/consolidated.json"
	p.put(path, fakeFile{body: cslJSON(3, "a"), contentType: "application/json"})
	p.failNext(path, http.StatusInternalServerError, http.StatusBadGateway)
	r := e.update(t, cslSource(p))
	mustOutcome(t, r, Updated)
	if hits, _ := p.count(path); hits != 3 {
		t.Errorf("%d requests, want 3 (two 5xx then success)", hits)
	}
	if st := e.state(t, "csl"); st.ConsecutiveFailures != 0 || st.LastError != "" {
		t.Errorf("a retried success left a failure behind: %+v", st)
	}
}

func TestRetriesAreBounded(t *testing.T) {
	e := newEnv(t)
	p := newPublisher(t)
	const path = "/csl/consolidated.json"
	p.put(path, fakeFile{body: cslJSON(3, "a"), contentType: "application/json"})
	p.failNext(path, 503, 503, 503, 503, 503)
	r := e.update(t, cslSource(p))
	mustOutcome(t, r, Failed)
	if hits, _ := p.count(path); hits != 3 {
		t.Errorf("%d requests, want Attempts=3", hits)
	}
	if !strings.Contains(r.Error, "503") || !strings.Contains(r.Error, "after 3 tries") {
		t.Errorf("error %q does not say what and how often", r.Error)
	}
}

// A publisher that rate-limits (429) is retried after the wait it asks
// for, within bounds; one that asks for longer than an update waits fails
// the source at once, saying so.
func TestTooManyRequests(t *testing.T) {
	e := newEnv(t)
	p := newPublisher(t)
	const path = "/csl/consolidated.json"
	p.put(path, fakeFile{body: cslJSON(3, "a"), contentType: "application/json"})
	p.failNext(path, http.StatusTooManyRequests)
	p.retryAfter(path, "1")
	start := time.Now()
	r := e.update(t, cslSource(p))
	mustOutcome(t, r, Updated)
	if hits, _ := p.count(path); hits != 2 {
		t.Errorf("%d requests, want 2 (a 429, then success)", hits)
	}
	if waited := time.Since(start); waited < time.Second {
		t.Errorf("retried after %s, before the second the server asked for", waited)
	}

	e2 := newEnv(t)
	p2 := newPublisher(t)
	p2.put(path, fakeFile{body: cslJSON(3, "a"), contentType: "application/json"})
	p2.failNext(path, http.StatusTooManyRequests, http.StatusTooManyRequests)
	p2.retryAfter(path, time.Now().Add(time.Hour).UTC().Format(http.TimeFormat))
	r = e2.update(t, cslSource(p2))
	mustOutcome(t, r, Failed)
	if hits, _ := p2.count(path); hits != 1 {
		t.Errorf("%d requests, want 1: an hour's Retry-After is not waited for", hits)
	}
	if !strings.Contains(r.Error, "429") || !strings.Contains(r.Error, "asks to wait") {
		t.Errorf("error %q does not say the server asked to wait", r.Error)
	}
}

func TestRetryAfterHeader(t *testing.T) {
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		h    string
		want time.Duration
	}{
		{"", 0},
		{"30", 30 * time.Second},
		{" 5 ", 5 * time.Second},
		{"-3", 0},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0},
		{"soon", 0},
	}
	for _, tc := range tests {
		if got := retryAfter(tc.h, now); got != tc.want {
			t.Errorf("retryAfter(%q) = %s, want %s", tc.h, got, tc.want)
		}
	}
}

func TestNoRetryOnClientError(t *testing.T) {
	e := newEnv(t)
	p := newPublisher(t)
	const path = "/csl/consolidated.json"
	p.put(path, fakeFile{body: cslJSON(3, "a"), contentType: "application/json"})
	p.failNext(path, http.StatusForbidden)
	r := e.update(t, cslSource(p))
	mustOutcome(t, r, Failed)
	if hits, _ := p.count(path); hits != 1 {
		t.Errorf("%d requests after a 403, want 1 (4xx is not retried)", hits)
	}
	// A missing file is a 404 and fails the source too.
	src := cslSource(p)
	src.Files[0].URL = p.url("/nowhere.json")
	if r := e.update(t, src); r.Outcome != Failed || !strings.Contains(r.Error, "404") {
		t.Errorf("404: %+v", r)
	}
}

// TestRejectedDownloadsKeepOldVersion imports a good version, then serves
// each kind of corrupt download and checks it is refused with a clear
// reason, the old version stays active, and the failure is recorded.
func TestRejectedDownloadsKeepOldVersion(t *testing.T) {
	good := cslJSON(10, "good")
	htmlPage := []byte("<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body>upstream error</body></html>")
	tests := []struct {
		name   string
		file   fakeFile
		tune   func(*Source)
		reason string
	}{
		{"truncated JSON", fakeFile{body: good[:len(good)/2], etag: `"t"`, contentType: "application/json"}, nil, "rejected csl"},
		{"body shorter than Content-Length", fakeFile{body: good[:len(good)/2], contentLength: len(good), etag: `"t"`, contentType: "application/json"}, nil, "incomplete download"},
		{"HTML error page", fakeFile{body: htmlPage, contentType: "text/html; charset=utf-8"}, nil, "HTML page"},
		{"HTML page labelled JSON", fakeFile{body: htmlPage, contentType: "application/json"}, nil, "HTML page"},
		{"HTML page without a type", fakeFile{body: append([]byte("\xef\xbb\xbf\n  "), htmlPage...)}, nil, "HTML page"},
		{"wrong content type", fakeFile{body: good, contentType: "application/pdf"}, nil, "unexpected Content-Type application/pdf"},
		{"oversize", fakeFile{body: cslJSON(40, "big"), contentType: "application/json"}, func(s *Source) { s.MaxBytes = int64(len(good)) + 100 }, "over the limit"},
		{"oversize, streamed without a length", fakeFile{body: cslJSON(40, "big"), contentLength: -1, contentType: "application/json"}, func(s *Source) { s.MaxBytes = int64(len(good)) + 100 }, "over the limit"},
		{"streamed and truncated", fakeFile{body: good[:len(good)-40], contentLength: -1, contentType: "application/json"}, nil, "rejected csl"},
		{"empty body", fakeFile{body: nil, contentType: "application/json"}, nil, "empty"},
		{"suspiciously few entities", fakeFile{body: cslJSON(2, "few"), contentType: "application/json"}, func(s *Source) { s.MinEntities = 5; s.MaxShrink = 1 }, "only 2 entities"},
		{"suspicious shrink", fakeFile{body: cslJSON(3, "shrunk"), contentType: "application/json"}, nil, "a loss of more than 50%"},
		{"not the list's format", fakeFile{body: unXML(3), contentType: "application/json"}, nil, "rejected csl"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			p := newPublisher(t)
			const path = "/csl/consolidated.json"
			src := cslSource(p)
			if tc.tune != nil {
				tc.tune(&src)
			}
			p.put(path, fakeFile{body: good, etag: `"good"`, contentType: "application/json"})
			first := e.update(t, src)
			mustOutcome(t, first, Updated)
			before := e.state(t, "csl")

			p.put(path, tc.file)
			r := e.update(t, src)
			mustOutcome(t, r, Failed)
			if !strings.Contains(r.Error, tc.reason) {
				t.Errorf("error %q does not contain %q", r.Error, tc.reason)
			}
			vs := e.versions(t, "csl")
			if len(vs) != 1 || !vs[0].Active || vs[0].EntityCount != 10 {
				t.Errorf("the old version is not the one active: %+v", vs)
			}
			st := e.state(t, "csl")
			if st.ConsecutiveFailures != 1 || st.LastError == "" || !st.LastSuccess.Equal(before.LastSuccess) ||
				st.ETag != `"good"` || st.Checksum != first.Checksum {
				t.Errorf("state after the rejection: %+v (before %+v)", st, before)
			}
			// A second bad fetch counts up.
			if r := e.update(t, src); r.Outcome != Failed {
				t.Fatalf("second bad fetch: %+v", r)
			}
			if st := e.state(t, "csl"); st.ConsecutiveFailures != 2 {
				t.Errorf("consecutive failures %d, want 2", st.ConsecutiveFailures)
			}
		})
	}
}

func TestTimeout(t *testing.T) {
	e := newEnv(t)
	p := newPublisher(t)
	const path = "/csl/consolidated.json"
	p.mu.Lock()
	p.hang[path] = true
	p.mu.Unlock()
	src := cslSource(p)
	src.Timeout = Duration(50e6) // 50ms
	e.u.Attempts = 2
	r := e.update(t, src)
	mustOutcome(t, r, Failed)
	if !strings.Contains(r.Error, "timed out after 50ms") {
		t.Errorf("error %q does not name the timeout", r.Error)
	}
	if hits, _ := p.count(path); hits != 2 {
		t.Errorf("%d requests, want 2 (a timeout is retried)", hits)
	}
	if st := e.state(t, "csl"); st.ConsecutiveFailures != 1 {
		t.Errorf("timeout not recorded: %+v", st)
	}
}

func TestCancelledContextStillRecorded(t *testing.T) {
	e := newEnv(t)
	p := newPublisher(t)
	p.put("/csl/consolidated.json", fakeFile{body: cslJSON(3, "a"), contentType: "application/json"})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := e.u.Update(ctx, cslSource(p))
	mustOutcome(t, r, Failed)
	if st := e.state(t, "csl"); st.ConsecutiveFailures != 1 {
		t.Errorf("a cancelled update was not recorded: %+v", st)
	}
}

func TestRemovedListIsFetchedInFull(t *testing.T) {
	e := newEnv(t)
	p := newPublisher(t)
	const path = "/csl/consolidated.json"
	p.put(path, fakeFile{body: cslJSON(3, "a"), etag: `"v1"`, contentType: "application/json"})
	mustOutcome(t, e.update(t, cslSource(p)), Updated)
	if err := e.st.RemoveList(context.Background(), "csl"); err != nil {
		t.Fatal(err)
	}
	r := e.update(t, cslSource(p))
	mustOutcome(t, r, Updated)
	if r.NotModified || p.lastHeader(path, "If-None-Match") != "" {
		t.Errorf("after lists rm the fetch was conditional: %+v", r)
	}
}

func TestInvalidSourceFails(t *testing.T) {
	e := newEnv(t)
	r := e.update(t, Source{Name: "x", Format: "xls", Files: []File{{Name: "a", URL: "http://127.0.0.1:1/a"}}})
	mustOutcome(t, r, Failed)
	if !strings.Contains(r.Error, `unknown format "xls"`) {
		t.Errorf("error %q", r.Error)
	}
}

// TestNotModifiedKeepsValidators checks a 304 that omits a validator does
// not erase the stored one.
func TestNotModifiedKeepsValidators(t *testing.T) {
	e := newEnv(t)
	p := newPublisher(t)
	const path = "/csl/consolidated.json"
	const lm = "Mon, 02 Nov 2026 05:00:00 GMT"
	p.put(path, fakeFile{body: cslJSON(3, "a"), etag: `"v1"`, lastModified: lm, contentType: "application/json"})
	mustOutcome(t, e.update(t, cslSource(p)), Updated)
	// The server now sends only the ETag (its 304 too).
	p.put(path, fakeFile{body: cslJSON(3, "a"), etag: `"v1"`, contentType: "application/json"})
	if r := e.update(t, cslSource(p)); !r.NotModified {
		t.Fatalf("%+v", r)
	}
	if st := e.state(t, "csl"); st.ETag != `"v1"` || st.LastModified != lm {
		t.Errorf("validators after a partial 304: %+v", st)
	}
}

// panickyStore panics when versions are read, standing in for any bug
// below the updater.
type panickyStore struct{ store.Store }

func (panickyStore) Versions(context.Context, string) ([]watchlist.Version, error) {
	panic("boom")
}

func TestUpdateRecoversPanics(t *testing.T) {
	e := newEnv(t)
	p := newPublisher(t)
	p.put("/csl/consolidated.json", fakeFile{body: cslJSON(3, "a"), contentType: "application/json"})
	u := *e.u
	u.Lists = panickyStore{e.st}
	r := u.Update(context.Background(), cslSource(p))
	mustOutcome(t, r, Failed)
	if !strings.Contains(r.Error, "internal error while updating csl: boom") {
		t.Errorf("error %q", r.Error)
	}
	if st := e.state(t, "csl"); st.ConsecutiveFailures != 1 {
		t.Errorf("the panic was not recorded as a failure: %+v", st)
	}
}

func TestConnectionRefused(t *testing.T) {
	e := newEnv(t)
	p := newPublisher(t)
	src := cslSource(p)
	p.srv.Close() // nothing listens there any more
	r := e.update(t, src)
	mustOutcome(t, r, Failed)
	if strings.Count(r.Error, src.Files[0].URL) != 1 || !strings.Contains(r.Error, "connection refused") || !strings.Contains(r.Error, "after 3 tries") {
		t.Errorf("error %q should name the URL once, the cause and the tries", r.Error)
	}
}

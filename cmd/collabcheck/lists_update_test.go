package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// listPublisher serves the reader fixtures over local HTTP (Go's file
// server: Last-Modified and If-Modified-Since), with per-path overrides to
// simulate a broken publication.
type listPublisher struct {
	srv      *httptest.Server
	mu       sync.Mutex
	override map[string]served
}

type served struct {
	contentType string
	body        []byte
}

func newListPublisher(t *testing.T) *listPublisher {
	p := &listPublisher{override: map[string]served{}}
	files := http.FileServer(http.Dir(fixtures))
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		o, ok := p.override[r.URL.Path]
		p.mu.Unlock()
		if ok {
			w.Header().Set("Content-Type", o.contentType)
			w.Write(o.body)
			return
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(p.srv.Close)
	return p
}

func (p *listPublisher) set(path string, s served) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.override[path] = s
}

func (p *listPublisher) clear(path string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.override, path)
}

// sourcesFile writes a sources file naming only sources on p (defaults
// off, so no test ever reaches the internet).
func (p *listPublisher) sourcesFile(t *testing.T) string {
	t.Helper()
	cfg := fmt.Sprintf(`defaults: false
sources:
  - name: csl
    format: csl
    url: %[1]s/csl/consolidated.json
  - name: ofac_sdn
    format: ofac
    files:
      - {name: sdn.csv, url: %[1]s/ofac/sdn.csv}
      - {name: add.csv, url: %[1]s/ofac/add.csv}
      - {name: alt.csv, url: %[1]s/ofac/alt.csv}
      - {name: sdn_comments.csv, url: %[1]s/ofac/sdn_comments.csv, optional: true}
  - name: un_consolidated
    format: un
    url: %[1]s/un/consolidated.xml
  - name: aspi_cdut
    format: aspi
    url: %[1]s/aspi/tracker.json
    max_bytes: 100000
  - name: broken
    format: ftm
    url: %[1]s/ftm/missing.ftm.json
    disabled: true
`, p.srv.URL)
	path := filepath.Join(t.TempDir(), "sources.yaml")
	writeFile(t, path, cfg)
	return path
}

func TestListsUpdate(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cc.db")
	p := newListPublisher(t)
	cfg := p.sourcesFile(t)

	out, errs, code := cli(t, db, "", "lists", "update", "--sources", cfg)
	if code != 0 {
		t.Fatalf("first update: code %d\nout %s\nerr %s", code, out, errs)
	}
	for _, want := range []string{"csl: new version 1", "ofac_sdn: new version 1", "un_consolidated: new version 1", "aspi_cdut: new version 1"} {
		if !strings.Contains(out, want) {
			t.Errorf("first update output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "broken") {
		t.Errorf("a disabled source was fetched:\n%s", out)
	}

	// Nothing changed: every source answers 304.
	out, _, code = cli(t, db, "", "lists", "update", "--sources", cfg)
	if code != 0 || strings.Count(out, "unchanged (not modified), version 1") != 4 {
		t.Fatalf("second update: code %d\n%s", code, out)
	}

	// The UN publishes an HTML error page: rejected, exit 1, version kept.
	p.set("/un/consolidated.xml", served{"text/html; charset=utf-8", []byte("<!DOCTYPE html><html><body>503</body></html>")})
	out, errs, code = cli(t, db, "", "lists", "update", "--sources", cfg)
	if code != 1 || !strings.Contains(out, "un_consolidated: failed: ") || !strings.Contains(out, "HTML page") ||
		!strings.Contains(errs, "1 of 4 sources failed (un_consolidated)") {
		t.Fatalf("HTML page: code %d\nout %s\nerr %s", code, out, errs)
	}
	if !strings.Contains(out, "csl: unchanged") {
		t.Errorf("one failure stopped the others:\n%s", out)
	}

	// ls shows the refresh of every list and the UN's error beside its
	// still-active version 1.
	out, _, _ = cli(t, db, "", "lists", "ls")
	var unLine string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "un_consolidated ") {
			unLine = l
		}
	}
	if !strings.Contains(out, "LAST REFRESH") || !strings.Contains(unLine, " 1 ") || !strings.Contains(unLine, "failing 1×: ") || !strings.Contains(unLine, "HTML") {
		t.Errorf("ls:\n%s", out)
	}
	out, _, _ = cli(t, db, "", "lists", "ls", "--json")
	var rows []struct {
		List        string `json:"list"`
		Version     int    `json:"version"`
		LastRefresh string `json:"last_refresh"`
		LastError   string `json:"last_error"`
		Failures    int    `json:"consecutive_failures"`
	}
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("ls --json %s: %v", out, err)
	}
	for _, r := range rows {
		if r.LastRefresh == "" || r.Version != 1 {
			t.Errorf("ls --json row %+v: want version 1 and a last refresh", r)
		}
		if (r.List == "un_consolidated") != (r.LastError != "" && r.Failures == 1) {
			t.Errorf("ls --json row %+v: only the UN should be failing", r)
		}
	}

	// Fixed upstream: the next update succeeds and clears the error.
	p.clear("/un/consolidated.xml")
	if out, _, code := cli(t, db, "", "lists", "update", "--sources", cfg, "un_consolidated"); code != 0 || !strings.Contains(out, "un_consolidated: unchanged") {
		t.Errorf("after the fix: code %d %s", code, out)
	}
	if out, _, _ := cli(t, db, "", "lists", "ls"); strings.Contains(out, "failing") {
		t.Errorf("error still shown after a success:\n%s", out)
	}
}

// TestListsUpdateRejects checks each corrupt download is refused with
// exit 1, the active version kept and the error recorded.
func TestListsUpdateRejects(t *testing.T) {
	aspi, err := os.ReadFile(filepath.Join(fixtures, "aspi", "tracker.json"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		s    served
		want string
	}{
		{"truncated", served{"application/json", aspi[:len(aspi)/2]}, "rejected aspi_cdut"},
		{"HTML error page", served{"text/html", []byte("<html><head><title>404</title></head></html>")}, "HTML page"},
		{"wrong content type", served{"image/png", aspi}, "unexpected Content-Type image/png"},
		{"oversize", served{"application/json", append(aspi, make([]byte, 100000)...)}, "over the limit of 100000 bytes"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "cc.db")
			p := newListPublisher(t)
			cfg := p.sourcesFile(t)
			if _, errs, code := cli(t, db, "", "lists", "update", "--sources", cfg, "aspi_cdut"); code != 0 {
				t.Fatalf("first update: %s", errs)
			}
			p.set("/aspi/tracker.json", tc.s)
			out, errs, code := cli(t, db, "", "lists", "update", "--sources", cfg, "aspi_cdut")
			if code != 1 || !strings.Contains(out, tc.want) || !strings.Contains(errs, "previous version stays active") {
				t.Fatalf("code %d\nout %s\nerr %s\nwant %q", code, out, errs, tc.want)
			}
			out, _, _ = cli(t, db, "", "lists", "ls", "--json")
			if !strings.Contains(out, `"version":1`) || !strings.Contains(out, `"active":true`) || !strings.Contains(out, `"consecutive_failures":1`) {
				t.Errorf("ls after the rejection: %s", out)
			}
			if strings.Contains(out, `"version":2`) {
				t.Errorf("a rejected download made a version: %s", out)
			}
		})
	}
}

func TestListsUpdateUsage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cc.db")
	p := newListPublisher(t)
	cfg := p.sourcesFile(t)
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	writeFile(t, bad, "sources:\n  - name: csl\n    url: not-a-url\n")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"unknown source", []string{"lists", "update", "--sources", cfg, "nope"}, 2, `no source named "nope"`},
		{"bad sources file", []string{"lists", "update", "--sources", bad}, 2, "bad.yaml"},
		{"missing sources file", []string{"lists", "update", "--sources", filepath.Join(t.TempDir(), "none.yaml")}, 2, "none.yaml"},
	}
	for _, tc := range tests {
		_, errs, code := cli(t, db, "", tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.want) {
			t.Errorf("%s: code %d err %q; want %d containing %q", tc.name, code, errs, tc.code, tc.want)
		}
	}
}

func TestListsUpdateJSONAndEnv(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cc.db")
	p := newListPublisher(t)
	t.Setenv("COLLABCHECK_SOURCES", p.sourcesFile(t))
	out, errs, code := cli(t, db, "", "lists", "update", "--json", "csl", "broken")
	if code != 1 {
		t.Fatalf("code %d (broken must fail)\nout %s\nerr %s", code, out, errs)
	}
	var res []struct {
		Source   string `json:"source"`
		Outcome  string `json:"outcome"`
		Version  int    `json:"version"`
		Entities int    `json:"entities"`
		Error    string `json:"error"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("--json output %q: %v", out, err)
	}
	if len(res) != 2 || res[0].Source != "csl" || res[0].Outcome != "updated" || res[0].Version != 1 || res[0].Entities < 2 ||
		res[1].Source != "broken" || res[1].Outcome != "failed" || !strings.Contains(res[1].Error, "404") {
		t.Errorf("results %+v", res)
	}
	// A source that never succeeded is listed with its error.
	out, _, _ = cli(t, db, "", "lists", "ls")
	var brokenLine string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "broken ") {
			brokenLine = l
		}
	}
	if !strings.Contains(brokenLine, "never") || !strings.Contains(brokenLine, "404") {
		t.Errorf("ls does not show the never-imported source:\n%s", out)
	}
}

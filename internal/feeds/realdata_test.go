package feeds

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/collabcheck/collabcheck/internal/sources"
	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/store/sqlite"
)

// dataDir is the shared development data, from COLLABCHECK_DATA.
func dataDir(t *testing.T) string {
	t.Helper()
	d := os.Getenv("COLLABCHECK_DATA")
	if d == "" {
		t.Skip("COLLABCHECK_DATA is not set: skipping the test on real list files")
	}
	if _, err := os.Stat(filepath.Join(d, "lists")); err != nil {
		t.Skipf("COLLABCHECK_DATA=%s has no lists folder: %v", d, err)
	}
	return d
}

// TestRealListsOverHTTP serves the shared real list files from a local
// server (Go's file server: Last-Modified, If-Modified-Since, real
// content types) and updates every kind of source from it.
func TestRealListsOverHTTP(t *testing.T) {
	lists := filepath.Join(dataDir(t), "lists")
	var mu sync.Mutex
	override := map[string]fakeFile{} // path -> what is served instead of the file
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		f, ok := override[r.URL.Path]
		mu.Unlock()
		if ok {
			w.Header().Set("Content-Type", f.contentType)
			w.Write(f.body)
			return
		}
		http.FileServer(http.Dir(lists)).ServeHTTP(w, r)
	}))
	defer srv.Close()

	ofac := Source{Name: "ofac_sdn", Format: sources.FormatOFAC, MinEntities: 1000}
	for _, n := range []string{"sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"} {
		ofac.Files = append(ofac.Files, File{Name: n, URL: srv.URL + "/ofac/" + n})
	}
	srcs := []Source{
		ofac,
		{Name: "un_consolidated", Format: sources.FormatUN, MinEntities: 100, Files: []File{{Name: "consolidated.xml", URL: srv.URL + "/un/consolidated.xml"}}},
		{Name: "csl", Format: sources.FormatCSL, MinEntities: 50, Files: []File{{Name: "consolidated.csv", URL: srv.URL + "/csl/consolidated.csv"}}},
		{Name: "aspi_cdut", Format: sources.FormatASPI, MinEntities: 50, Files: []File{{Name: "china-defence-universities.json", URL: srv.URL + "/aspi/china-defence-universities.json"}}},
		{Name: "us_special_leg", Format: sources.FormatFtM, MinEntities: 10, Files: []File{{Name: "us_special_leg.ftm.json", URL: srv.URL + "/ftm/us_section_1286.ftm.json"}}},
		{Name: "us_dod_chinese_milcorps", Format: sources.FormatFtM, MinEntities: 10, Files: []File{{Name: "us_dod_chinese_milcorps.ftm.json", URL: srv.URL + "/ftm/us_dod_chinese_milcorps.ftm.json"}}},
	}
	local := map[string][]string{
		"ofac_sdn":                {filepath.Join(lists, "ofac")},
		"un_consolidated":         {filepath.Join(lists, "un", "consolidated.xml")},
		"csl":                     {filepath.Join(lists, "csl", "consolidated.csv")},
		"aspi_cdut":               {filepath.Join(lists, "aspi", "china-defence-universities.json")},
		"us_special_leg":          {filepath.Join(lists, "ftm", "us_section_1286.ftm.json")},
		"us_dod_chinese_milcorps": {filepath.Join(lists, "ftm", "us_dod_chinese_milcorps.ftm.json")},
	}
	e := newEnv(t)
	for i, r := range e.u.UpdateAll(t.Context(), srcs) {
		mustOutcome(t, r, Updated)
		// What was downloaded is exactly what `lists import` reads from
		// the same files: same entities, same content hash.
		l, err := sources.Read(srcs[i].Format, local[r.Source], sources.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if r.Entities != len(l.Entities) || r.Checksum != l.ContentHash {
			t.Errorf("%s: %d entities, hash %s; the files read directly give %d, %s", r.Source, r.Entities, r.Checksum, len(l.Entities), l.ContentHash)
		}
	}
	for _, r := range e.u.UpdateAll(t.Context(), srcs) {
		mustOutcome(t, r, Unchanged)
		if !r.NotModified || r.Bytes != 0 {
			t.Errorf("%s: second round downloaded %d bytes (not modified %v)", r.Source, r.Bytes, r.NotModified)
		}
	}

	// An HTML error page instead of the UN XML, or the XML cut in half,
	// is refused; the version stays.
	xml, err := os.ReadFile(local["un_consolidated"][0])
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []fakeFile{
		{body: []byte("<!DOCTYPE html><html><body><h1>503 Service Unavailable</h1></body></html>"), contentType: "text/html; charset=utf-8"},
		{body: []byte("<html><body>Please sign in</body></html>"), contentType: "text/xml"},
		{body: xml[:len(xml)/2], contentType: "text/xml; charset=utf-8"},
		{body: xml, contentType: "application/zip"},
	} {
		mu.Lock()
		override["/un/consolidated.xml"] = bad
		mu.Unlock()
		r := e.u.Update(t.Context(), srcs[1])
		mustOutcome(t, r, Failed)
		vs := e.versions(t, "un_consolidated")
		if len(vs) != 1 || !vs[0].Active {
			t.Errorf("UN versions after a bad download (%s): %+v", r.Error, vs)
		}
	}
	if st := e.state(t, "un_consolidated"); st.ConsecutiveFailures != 4 || !strings.Contains(st.LastError, "application/zip") {
		t.Errorf("UN state after four bad downloads: %+v", st)
	}
}

// realServer serves the shared lists folder for benchmarks.
func realServer(b *testing.B) (string, func()) {
	d := os.Getenv("COLLABCHECK_DATA")
	if d == "" {
		b.Skip("COLLABCHECK_DATA is not set")
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(filepath.Join(d, "lists"))))
	return srv.URL, srv.Close
}

func benchEnv(b *testing.B) *Updater {
	st, err := sqlite.Open(b.Context(), filepath.Join(b.TempDir(), "cc.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	fs, _ := store.FeedsOf(st)
	return &Updater{Lists: st, Feeds: fs, TempDir: b.TempDir()}
}

// BenchmarkUpdateOFACNew measures a full update of the real OFAC set
// (7,379 entries, 2.7 MB in four files) over loopback: download, checks,
// parse and import of a new list each iteration.
func BenchmarkUpdateOFACNew(b *testing.B) {
	base, stop := realServer(b)
	defer stop()
	u := benchEnv(b)
	src := Source{Format: sources.FormatOFAC}
	for _, n := range []string{"sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"} {
		src.Files = append(src.Files, File{Name: n, URL: base + "/ofac/" + n})
	}
	i := 0
	for b.Loop() {
		i++
		src.Name = fmt.Sprintf("ofac_%d", i)
		if r := u.Update(b.Context(), src); r.Outcome != Updated {
			b.Fatalf("%+v", r)
		}
	}
}

// BenchmarkUpdateOFACNotModified measures the common case of a scheduled
// round: four conditional requests answered 304, nothing downloaded.
func BenchmarkUpdateOFACNotModified(b *testing.B) {
	base, stop := realServer(b)
	defer stop()
	u := benchEnv(b)
	src := Source{Name: "ofac_sdn", Format: sources.FormatOFAC}
	for _, n := range []string{"sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"} {
		src.Files = append(src.Files, File{Name: n, URL: base + "/ofac/" + n})
	}
	if r := u.Update(b.Context(), src); r.Outcome != Updated {
		b.Fatalf("%+v", r)
	}
	for b.Loop() {
		if r := u.Update(b.Context(), src); !r.NotModified {
			b.Fatalf("%+v", r)
		}
	}
}

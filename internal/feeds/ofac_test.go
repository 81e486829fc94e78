package feeds

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/collabcheck/collabcheck/internal/sources"
)

func ofacSource(p *publisher) Source {
	var files []File
	for _, n := range []string{"sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"} {
		files = append(files, File{Name: n, URL: p.url("/ofac/" + strings.ToUpper(n)), Optional: n == "sdn_comments.csv"})
	}
	return Source{Name: "ofac_sdn", Format: sources.FormatOFAC, Files: files}
}

func putOFAC(p *publisher, set map[string][]byte, etagSuffix string) {
	for n, b := range set {
		p.put("/ofac/"+strings.ToUpper(n), fakeFile{body: b, etag: `"` + n + etagSuffix + `"`, contentType: "text/csv"})
	}
}

func TestOFACMultiFile(t *testing.T) {
	e := newEnv(t)
	p := newPublisher(t)
	set := ofacSet(6, "a")
	putOFAC(p, set, "-1")
	src := ofacSource(p)

	r := e.update(t, src)
	mustOutcome(t, r, Updated)
	if r.Entities != 6 {
		t.Fatalf("%d entities, want 6", r.Entities)
	}
	// The version's hash is what `lists import` of the same folder gives,
	// so an air-gapped import and a download of one publication agree.
	dir := t.TempDir()
	for n, b := range set {
		if err := os.WriteFile(filepath.Join(dir, n), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	l, err := sources.Read(sources.FormatOFAC, []string{dir}, sources.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Checksum != l.ContentHash {
		t.Errorf("download checksum %s, lists import hash %s", r.Checksum, l.ContentHash)
	}
	// Aliases and addresses from the other files made it in.
	es, err := e.st.Entities(t.Context(), "ofac_sdn", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(es[0].Names) < 2 || len(es[0].Addresses) == 0 {
		t.Errorf("first entity lacks alt.csv/add.csv data: %+v", es[0])
	}
	st := e.state(t, "ofac_sdn")
	if len(st.Files) != 4 || st.ETag != "" {
		t.Fatalf("per-file state: %+v", st)
	}

	// Nothing changed: every file answers 304.
	r = e.update(t, src)
	mustOutcome(t, r, Unchanged)
	if !r.NotModified || r.Bytes != 0 {
		t.Errorf("second update: %+v", r)
	}
	for _, n := range []string{"SDN.CSV", "ADD.CSV", "ALT.CSV", "SDN_COMMENTS.CSV"} {
		if _, bodies := p.count("/ofac/" + n); bodies != 1 {
			t.Errorf("%s sent %d times, want once", n, bodies)
		}
	}

	// One file changes: the others are fetched again in full, since the
	// reader needs the whole set.
	set["alt.csv"] = append(append([]byte(nil), set["alt.csv"]...), []byte("101,2999,\"aka\",\"ANOTHER INVENTED NAME\",-0- \r\n")...)
	p.put("/ofac/ALT.CSV", fakeFile{body: set["alt.csv"], etag: `"alt-2"`, contentType: "text/csv"})
	r = e.update(t, src)
	mustOutcome(t, r, Updated)
	if r.Version != 2 || r.Entities != 6 {
		t.Errorf("after alt.csv changed: %+v", r)
	}
	if _, bodies := p.count("/ofac/SDN.CSV"); bodies != 2 {
		t.Errorf("sdn.csv sent %d times, want 2 (refetched to rebuild the set)", bodies)
	}
	es, _ = e.st.Entities(t.Context(), "ofac_sdn", 0)
	found := false
	for _, n := range es[1].Names {
		found = found || strings.Contains(n.Value, "ANOTHER INVENTED NAME")
	}
	if !found {
		t.Errorf("the new alias is not in version 2: %+v", es[1].Names)
	}

	// A corrupt sdn.csv (an HTML page) keeps version 2.
	p.put("/ofac/SDN.CSV", fakeFile{body: []byte("<html><body>Service Unavailable</body></html>"), etag: `"x"`, contentType: "text/csv"})
	r = e.update(t, src)
	mustOutcome(t, r, Failed)
	if vs := e.versions(t, "ofac_sdn"); len(vs) != 2 || !vs[1].Active {
		t.Errorf("versions after a corrupt sdn.csv: %+v", vs)
	}
}

func TestOFACOptionalFileMissing(t *testing.T) {
	e := newEnv(t)
	p := newPublisher(t)
	set := ofacSet(3, "a")
	delete(set, "sdn_comments.csv")
	putOFAC(p, set, "-1")
	r := e.update(t, ofacSource(p))
	mustOutcome(t, r, Updated)
	if !strings.Contains(strings.Join(r.Warnings, "\n"), "sdn_comments.csv") {
		t.Errorf("the missing optional file is not noted: %v", r.Warnings)
	}
	// Still missing next time, the rest unchanged: nothing is re-downloaded.
	r = e.update(t, ofacSource(p))
	mustOutcome(t, r, Unchanged)
	if !r.NotModified {
		t.Errorf("second update re-downloaded: %+v", r)
	}
	// A required file missing fails the source.
	p.mu.Lock()
	delete(p.files, "/ofac/ADD.CSV")
	p.mu.Unlock()
	if r := e.update(t, ofacSource(p)); r.Outcome != Failed || !strings.Contains(r.Error, "404") {
		t.Errorf("missing add.csv: %+v", r)
	}
}

package feeds

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/collabcheck/collabcheck/internal/sources"
)

func TestDefaults(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range Defaults() {
		if err := s.Validate(); err != nil {
			t.Errorf("default %s: %v", s.Name, err)
		}
		if seen[s.Name] {
			t.Errorf("default %s twice", s.Name)
		}
		seen[s.Name] = true
		if !strings.HasPrefix(s.Files[0].URL, "https://") {
			t.Errorf("default %s is not fetched over HTTPS: %s", s.Name, s.Files[0].URL)
		}
	}
	// The issue names these lists; the names are what `lists import`
	// calls the same files, so both paths update one list.
	for _, n := range []string{"csl", "ofac_sdn", "un_consolidated", "gb_fcdo_sanctions", "us_special_leg", "us_dod_chinese_milcorps", "ca_named_research_orgs", "aspi_cdut"} {
		if !seen[n] {
			t.Errorf("no default source %s", n)
		}
	}
	got := OpenSanctionsURL("", "us_special_leg")
	if got != "https://data.opensanctions.org/datasets/latest/us_special_leg/entities.ftm.json" {
		t.Errorf("OpenSanctions URL %s", got)
	}
}

func byName(t *testing.T, srcs []Source, name string) Source {
	t.Helper()
	for _, s := range srcs {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no source %s in %d", name, len(srcs))
	return Source{}
}

func TestParseConfig(t *testing.T) {
	yml := `
opensanctions_base: https://mirror.example.org/os/latest/
sources:
  - name: csl
    url: https://mirror.example.org/csl.json
    timeout: 90s
    max_bytes: 1000000
  - name: ofac_sdn
    base_url: https://mirror.example.org/ofac
  - name: ru_rupep
    opensanctions: ru_rupep
  - name: partners
    format: csv
    url: https://intranet.example.org/lists/partners.csv?token=x
  - name: ca_named_research_orgs
    disabled: true
`
	srcs, err := Parse([]byte(yml))
	if err != nil {
		t.Fatal(err)
	}
	csl := byName(t, srcs, "csl")
	if csl.Files[0].URL != "https://mirror.example.org/csl.json" || csl.Files[0].Name != "consolidated.json" ||
		csl.Timeout != Duration(90e9) || csl.MaxBytes != 1000000 || csl.Format != sources.FormatCSL || csl.MinEntities != 1000 {
		t.Errorf("csl override: %+v", csl)
	}
	ofac := byName(t, srcs, "ofac_sdn")
	if len(ofac.Files) != 4 || ofac.Files[1].URL != "https://mirror.example.org/ofac/add.csv" || !ofac.Files[3].Optional {
		t.Errorf("ofac base_url: %+v", ofac.Files)
	}
	if u := byName(t, srcs, "us_special_leg").Files[0].URL; u != "https://mirror.example.org/os/latest/us_special_leg/entities.ftm.json" {
		t.Errorf("opensanctions_base not applied to a default: %s", u)
	}
	rp := byName(t, srcs, "ru_rupep")
	if rp.Format != sources.FormatFtM || rp.Files[0].URL != "https://mirror.example.org/os/latest/ru_rupep/entities.ftm.json" {
		t.Errorf("opensanctions shorthand: %+v", rp)
	}
	if pt := byName(t, srcs, "partners"); pt.Files[0].Name != "partners.csv" {
		t.Errorf("file name from URL: %+v", pt.Files)
	}
	if len(srcs) != len(Defaults())+2 {
		t.Errorf("%d sources, want the defaults plus 2", len(srcs))
	}
	sel, err := Select(srcs, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sel {
		if s.Name == "ca_named_research_orgs" {
			t.Error("a disabled source was selected by default")
		}
	}
	if sel, err := Select(srcs, []string{"ca_named_research_orgs", "csl", "csl"}); err != nil || len(sel) != 2 || sel[0].Name != "ca_named_research_orgs" {
		t.Errorf("Select by name: %v %v", sel, err)
	}
	if _, err := Select(srcs, []string{"nope"}); err == nil || !strings.Contains(err.Error(), `no source named "nope"`) || !strings.Contains(err.Error(), "ofac_sdn") {
		t.Errorf("unknown name: %v", err)
	}
}

func TestParseConfigJSONAndNoDefaults(t *testing.T) {
	js := `{"defaults": false, "sources": [{"name": "un_mirror", "format": "un", "url": "http://10.0.0.1/un.xml", "content_types": ["text/xml"]}]}`
	srcs, err := Parse([]byte(js))
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) != 1 || srcs[0].Name != "un_mirror" || srcs[0].ContentTypes[0] != "text/xml" {
		t.Errorf("JSON config without defaults: %+v", srcs)
	}
	if srcs, err := Parse(nil); err != nil || len(srcs) != len(Defaults()) {
		t.Errorf("empty file: %d sources, %v", len(srcs), err)
	}
}

func TestParseConfigErrors(t *testing.T) {
	tests := []struct{ name, cfg, want string }{
		{"unknown field", "sources:\n  - name: csl\n    ulr: https://x/y.json\n", "field ulr not found"},
		{"no name", "sources:\n  - url: https://x/y.json\n", "entry 1: no name"},
		{"new source without format", "sources:\n  - name: mine\n    url: https://x/y.json\n", `unknown format ""`},
		{"bad url", "sources:\n  - name: csl\n    url: ftp://x/y.json\n", "not an absolute http(s) URL"},
		{"url for several files", "sources:\n  - name: ofac_sdn\n    url: https://x/sdn.csv\n", "set base_url"},
		{"two ways to say where", "sources:\n  - name: csl\n    url: https://x/a\n    base_url: https://x/\n", "only one of"},
		{"html accepted", "sources:\n  - name: csl\n    content_types: [text/html]\n", "HTML is never a list"},
		{"bad timeout", "sources:\n  - name: csl\n    timeout: soon\n", "soon"},
		{"bad shrink", "sources:\n  - name: csl\n    max_shrink: 2\n", "max_shrink"},
		{"file name with a path", "sources:\n  - name: x\n    format: csv\n    files: [{name: ../x.csv, url: 'https://x/x.csv'}]\n", "plain file name"},
		{"not YAML", "sources: [\n", "yaml"},
	}
	for _, tc := range tests {
		_, err := Parse([]byte(tc.cfg))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestLoad(t *testing.T) {
	if srcs, err := Load(""); err != nil || len(srcs) != len(Defaults()) {
		t.Errorf("Load(\"\"): %d, %v", len(srcs), err)
	}
	p := filepath.Join(t.TempDir(), "sources.yaml")
	if err := os.WriteFile(p, []byte("sources:\n  - name: csl\n    url: http://127.0.0.1:9/csl.json\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	srcs, err := Load(p)
	if err != nil || byName(t, srcs, "csl").Files[0].URL != "http://127.0.0.1:9/csl.json" {
		t.Errorf("Load: %v", err)
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing.yaml")); err == nil || !strings.Contains(err.Error(), "missing.yaml") {
		t.Errorf("missing file: %v", err)
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte("sources:\n  - name: csl\n    url: nope\n"), 0o644)
	if _, err := Load(bad); err == nil || !strings.Contains(err.Error(), "bad.yaml") || !strings.Contains(err.Error(), "entry 1 (csl)") {
		t.Errorf("bad file: %v", err)
	}
}

func TestLooksLikeHTML(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"<!DOCTYPE html><html>", true},
		{"\xef\xbb\xbf  \r\n<HTML lang=en>", true},
		{"<head><title>x</title>", true},
		{`<?xml version="1.0"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN"><html xmlns="http://www.w3.org/1999/xhtml">`, true},
		{`<?xml version="1.0" encoding="UTF-8"?><CONSOLIDATED_LIST>`, false},
		{`<!-- generated --><CONSOLIDATED_LIST>`, false},
		{`{"results": []}`, false},
		{`101,"NORTHWIND",-0-`, false},
		{"", false},
	}
	for _, tc := range tests {
		if got := looksLikeHTML([]byte(tc.in)); got != tc.want {
			t.Errorf("looksLikeHTML(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// FuzzParse feeds arbitrary sources files to Parse: it must not panic,
// and whatever it accepts must be sources that validate.
func FuzzParse(f *testing.F) {
	f.Add([]byte("sources:\n  - name: csl\n    url: https://mirror.example.org/csl.json\n"))
	f.Add([]byte(`{"defaults": false, "sources": [{"name": "x", "format": "ftm", "opensanctions": "ru_rupep"}]}`))
	f.Add([]byte("opensanctions_base: https://m/os\nsources:\n  - name: ofac_sdn\n    base_url: https://m/ofac\n    timeout: 1m\n"))
	f.Add([]byte("sources:\n  - name: a\n    format: csv\n    files: [{name: a.csv, url: 'http://h/a.csv', optional: true}]\n    max_shrink: 0.9\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		srcs, err := Parse(b)
		if err != nil {
			return
		}
		for _, s := range srcs {
			if err := s.Validate(); err != nil {
				t.Fatalf("Parse accepted an invalid source %+v: %v", s, err)
			}
		}
	})
}

// FuzzLooksLikeHTML checks the sniffer never panics and always refuses a
// page that starts with a doctype, whatever follows.
func FuzzLooksLikeHTML(f *testing.F) {
	f.Add([]byte("<html>"), []byte("x"))
	f.Add([]byte("\xef\xbb\xbf<?xml version='1.0'?>"), []byte("<CONSOLIDATED_LIST>"))
	f.Fuzz(func(t *testing.T, a, b []byte) {
		_ = looksLikeHTML(append(a, b...))
		if !looksLikeHTML(append([]byte("<!DOCTYPE html>"), b...)) {
			t.Fatal("a doctype page was not recognised")
		}
	})
}

package ui

import (
	"bytes"
	"html/template"
	"strings"
	"testing"
)

// TestPresentationSVG checks inline styles become presentation
// attributes, with values escaped and malformed declarations dropped.
func TestPresentationSVG(t *testing.T) {
	in := template.HTML(`<svg><path d="M0,0" style="fill:#FFFFFF;stroke-width:0.5" /><text style="font-family:Liberation Sans; font-size:12px;bad;X-Y:1;fill:a&quot;b">t</text></svg>`)
	got := string(PresentationSVG(in))
	want := `<svg><path d="M0,0" fill="#FFFFFF" stroke-width="0.5" /><text font-family="Liberation Sans" font-size="12px" fill="a&#34;b">t</text></svg>`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestTemplates checks every page template parses and the layout renders
// with its skip link and, for a signed-in viewer, the navigation.
func TestTemplates(t *testing.T) {
	r, err := New()
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Pages()) < 10 {
		t.Errorf("only %d page templates: %v", len(r.Pages()), r.Pages())
	}
	var buf bytes.Buffer
	if err := r.Render(&buf, "error", Page{Title: "Not found", Viewer: &Viewer{Name: "Ann", CanManage: true}, Data: "gone <now>"}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<a class="skip" href="#main">`, `<main id="main"`, `href="/admin"`, "gone &lt;now&gt;", `<html lang="en">`} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("rendered page lacks %q", want)
		}
	}
	if err := r.Render(&buf, "no-such-page", Page{}); err == nil {
		t.Error("rendering an unknown page did not fail")
	}
}

func TestLabel(t *testing.T) {
	for in, want := range map[string]string{"proceed_with_mitigations": "Proceed with mitigations", "in_review": "In review", "": ""} {
		if got := Label(in); got != want {
			t.Errorf("Label(%q) = %q, want %q", in, got, want)
		}
	}
}

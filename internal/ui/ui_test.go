package ui

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

func TestCount(t *testing.T) {
	for _, c := range []struct {
		name  string
		keys  []string
		limit int
		want  string
	}{
		{"empty", nil, 0, "[]"},
		{"largest first, ties by label", []string{"b", "a", "b", "c", "a", "b"}, 0, "[{b 3} {a 2} {c 1}]"},
		{"the rest folded into Other", []string{"a", "a", "a", "b", "b", "c", "d"}, 3, "[{a 3} {b 2} {Other 2}]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := fmt.Sprint(Count(c.keys, c.limit)); got != c.want {
				t.Errorf("Count = %s, want %s", got, c.want)
			}
		})
	}
}

// TestBarChart checks the chart is accessible SVG whose bars scale with
// the values, with labels escaped and no inline style.
func TestBarChart(t *testing.T) {
	svg := string(BarChart(Chart{Title: "Risk <levels>", Bars: []Bar{{"High & <b>", 4}, {"Low", 2}}}))
	for _, want := range []string{`role="img"`, `<title id="chart-risk--levels--t">Risk &lt;levels&gt;</title>`, "High &amp; &lt;b&gt;: 4; Low: 2", `width="260"`, `width="130"`} {
		if !strings.Contains(svg, want) {
			t.Errorf("chart lacks %q:\n%s", want, svg)
		}
	}
	if strings.Contains(svg, "style=") || strings.Contains(svg, "<b>") {
		t.Errorf("chart has an inline style or unescaped label:\n%s", svg)
	}
	if got := string(BarChart(Chart{Title: "none"})); !strings.Contains(got, "No data") {
		t.Errorf("empty chart: %s", got)
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

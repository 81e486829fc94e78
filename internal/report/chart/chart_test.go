package chart

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

// parseSVG checks the output is one well-formed XML document whose root
// is an accessible <svg>, and returns its title and desc.
func parseSVG(t *testing.T, b []byte) (title, desc string) {
	t.Helper()
	if bytes.HasPrefix(b, []byte("<?xml")) {
		t.Error("SVG starts with an XML prolog; it cannot be inlined in HTML")
	}
	var doc struct {
		XMLName xml.Name
		Role    string `xml:"role,attr"`
		Labels  string `xml:"aria-labelledby,attr"`
		Title   struct {
			ID   string `xml:"id,attr"`
			Text string `xml:",chardata"`
		} `xml:"title"`
		Desc struct {
			ID   string `xml:"id,attr"`
			Text string `xml:",chardata"`
		} `xml:"desc"`
	}
	dec := xml.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("SVG is not well-formed XML: %v\n%s", err, b)
	}
	if _, err := dec.Token(); err != io.EOF {
		for err == nil {
			var tok xml.Token
			tok, err = dec.Token()
			if cd, ok := tok.(xml.CharData); ok && len(bytes.TrimSpace(cd)) == 0 {
				continue
			}
			if err == nil {
				t.Fatalf("content after the root element: %v", tok)
			}
		}
	}
	if doc.XMLName.Local != "svg" || doc.Role != "img" {
		t.Errorf("root %s role %q, want svg role img", doc.XMLName.Local, doc.Role)
	}
	if doc.Labels != doc.Title.ID+" "+doc.Desc.ID || doc.Title.ID == "" {
		t.Errorf("aria-labelledby %q does not name title %q and desc %q", doc.Labels, doc.Title.ID, doc.Desc.ID)
	}
	return doc.Title.Text, doc.Desc.Text
}

func TestCharts(t *testing.T) {
	months := []string{"2026-01", "2026-02", "2026-03"}
	series := []Series{{Name: "Proceed", Values: []float64{1, 0, 4}}, {Name: "Do not proceed", Values: []float64{0, 2, 1}}}
	tests := []struct {
		name    string
		draw    func(io.Writer) error
		title   string
		descHas []string
		bodyHas []string
	}{
		{"bar", func(w io.Writer) error {
			return BarChart(w, []Bar{{"High", 3}, {"Low <&> ø", 12}}, Options{Title: "Cases by risk", ID: "risk"})
		}, "Cases by risk", []string{"High: 3", "Low <&> ø: 12"}, []string{"Low &lt;&amp;&gt; ø"}},
		{"stacked", func(w io.Writer) error {
			return StackedBars(w, months, series, Options{Title: "Decisions by month"})
		}, "Decisions by month", []string{"2026-03: Proceed 4, Do not proceed 1"}, []string{"2026-02", "Do not proceed"}},
		{"line", func(w io.Writer) error {
			return LineChart(w, months, series, Options{Title: "Decisions", Desc: "given desc"})
		}, "Decisions", []string{"given desc"}, []string{"2026-01"}},
		{"empty bar", func(w io.Writer) error { return BarChart(w, nil, Options{Title: "Nothing"}) },
			"Nothing", []string{"no data"}, []string{"No data"}},
		{"empty line", func(w io.Writer) error { return LineChart(w, nil, nil, Options{Title: "Nothing"}) },
			"Nothing", []string{"no data"}, []string{"No data"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var a, b bytes.Buffer
			if err := tc.draw(&a); err != nil {
				t.Fatal(err)
			}
			if err := tc.draw(&b); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Error("the same chart drawn twice differs")
			}
			title, desc := parseSVG(t, a.Bytes())
			if title != tc.title {
				t.Errorf("title %q, want %q", title, tc.title)
			}
			for _, s := range tc.descHas {
				if !strings.Contains(desc, s) {
					t.Errorf("desc %q lacks %q", desc, s)
				}
			}
			for _, s := range tc.bodyHas {
				if !strings.Contains(a.String(), s) {
					t.Errorf("SVG lacks %q", s)
				}
			}
		})
	}
}

func TestChartErrors(t *testing.T) {
	var b bytes.Buffer
	if err := StackedBars(&b, []string{"a", "b"}, []Series{{Name: "s", Values: []float64{1}}}, Options{Title: "x"}); err == nil || !strings.Contains(err.Error(), `series "s" has 1 values for 2 categories`) {
		t.Errorf("mismatched series: %v", err)
	}
	if err := BarChart(&b, []Bar{{"a", -1}}, Options{Title: "x"}); err == nil || !strings.Contains(err.Error(), `bar "a"`) {
		t.Errorf("negative bar: %v", err)
	}
	many := make([]Bar, MaxCategories+1)
	if err := BarChart(&b, many, Options{Title: "x"}); err == nil {
		t.Error("too many bars: no error")
	}
}

func TestTopN(t *testing.T) {
	got := TopN([]Bar{{"a", 5}, {"b", 4}, {"c", 2}, {"d", 1}}, 3, "Other")
	want := []Bar{{"a", 5}, {"b", 4}, {"Other", 3}}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("bar %d = %v, want %v", i, got[i], want[i])
		}
	}
}

func TestIntTicks(t *testing.T) {
	for _, r := range [][2]float64{{0, 3}, {0, 17}, {0, 950}, {0, 0}} {
		ticks := intTicks{}.Ticks(r[0], r[1])
		if len(ticks) < 2 || len(ticks) > 10 {
			t.Errorf("range %v: %d ticks", r, len(ticks))
		}
		for _, tk := range ticks {
			if tk.Value != float64(int(tk.Value)) {
				t.Errorf("range %v: tick %v is not a whole number", r, tk.Value)
			}
		}
	}
}

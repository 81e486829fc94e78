// Package chart draws the small charts of collabcheck's reports as SVG,
// with gonum.org/v1/plot: horizontal bar charts of counts by category,
// and stacked-bar and line charts of counts over time.
//
// Every chart is accessible and deterministic: the <svg> element carries
// role="img", a <title> and a <desc> (which should state the numbers, for
// readers who cannot see the chart), and the same data gives the same
// bytes. Fonts are not embedded; the SVG names Liberation Sans and the
// viewer falls back to its sans-serif, which keeps charts a few KB.
// The output has no XML prolog, so it can be inlined into HTML as is.
package chart

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"image/color"
	"io"
	"math"
	"regexp"
	"strings"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Bar is one category's count.
type Bar struct {
	Label string
	Value float64
}

// Series is one named line or stack layer; Values align with the chart's
// categories (for example months).
type Series struct {
	Name   string
	Values []float64
}

// Options size and label a chart. Zero values take defaults.
type Options struct {
	// Title is shown above the chart and is its accessible name.
	Title string
	// Desc is the accessible description: say what the chart shows, with
	// the numbers. Empty makes one from the data.
	Desc string
	// XLabel and YLabel label the axes (for bar charts, XLabel is the
	// value axis).
	XLabel, YLabel string
	// Width and Height in points; default 440×260 (bar charts grow with
	// the number of bars).
	Width, Height vg.Length
	// ID prefixes the title and desc element ids; it must be unique on
	// the page when several charts are inlined. Default "chart".
	ID string
}

// MaxCategories bounds how many bars or points one chart draws; callers
// fold the rest into "Other" (see TopN).
const MaxCategories = 60

// Palette is the colour sequence of series: the Okabe–Ito colours, which
// stay distinct for colour-blind readers, darkened where needed for 3:1
// contrast against white.
var Palette = []color.RGBA{
	{0x00, 0x5A, 0x9C, 0xff}, // blue
	{0xC4, 0x5F, 0x00, 0xff}, // orange
	{0x00, 0x7A, 0x5A, 0xff}, // bluish green
	{0xB0, 0x3A, 0x7A, 0xff}, // reddish purple
	{0x8A, 0x6D, 0x00, 0xff}, // dark yellow
	{0x3A, 0x8F, 0xC8, 0xff}, // sky blue
	{0x9E, 0x2A, 0x00, 0xff}, // vermillion
	{0x44, 0x44, 0x44, 0xff}, // grey
}

func (o *Options) defaults(n int, bars bool) {
	if o.Width == 0 {
		o.Width = 440
	}
	if o.Height == 0 {
		o.Height = 260
		if bars {
			o.Height = vg.Length(math.Max(140, float64(70+22*n)))
		}
	}
	if o.ID == "" {
		o.ID = "chart"
	}
}

// BarChart writes a horizontal bar chart of bars, in the order given.
func BarChart(w io.Writer, bars []Bar, o Options) error {
	if len(bars) > MaxCategories {
		return fmt.Errorf("bar chart %q: %d bars, more than %d", o.Title, len(bars), MaxCategories)
	}
	o.defaults(len(bars), true)
	if o.Desc == "" {
		var parts []string
		for _, b := range bars {
			parts = append(parts, fmt.Sprintf("%s: %s", b.Label, num(b.Value)))
		}
		o.Desc = describe(o.Title, parts)
	}
	if len(bars) == 0 {
		return empty(w, o)
	}
	p := newPlot(o)
	vals := make(plotter.Values, len(bars))
	labels := make([]string, len(bars))
	// Horizontal bars are drawn bottom-up; reverse so the first is on top.
	for i, b := range bars {
		if math.IsNaN(b.Value) || math.IsInf(b.Value, 0) || b.Value < 0 {
			return fmt.Errorf("bar chart %q: bar %q has value %v, want a finite number ≥ 0", o.Title, b.Label, b.Value)
		}
		j := len(bars) - 1 - i
		vals[j] = b.Value
		labels[j] = b.Label
	}
	bc, err := plotter.NewBarChart(vals, vg.Points(14))
	if err != nil {
		return fmt.Errorf("bar chart %q: %w", o.Title, err)
	}
	bc.Horizontal = true
	bc.Color = Palette[0]
	bc.LineStyle.Width = 0
	p.Add(bc)
	p.NominalY(labels...)
	p.X.Min = 0
	p.X.Max = headroom(slicesMax(vals), 1.08)
	p.X.Tick.Marker = intTicks{}
	p.X.Label.Text = o.XLabel
	p.Y.Label.Text = o.YLabel
	return render(w, p, o)
}

// StackedBars writes a vertical stacked bar chart: one bar per category
// (for example a month), one stacked layer per series.
func StackedBars(w io.Writer, categories []string, series []Series, o Options) error {
	if err := check(o.Title, categories, series); err != nil {
		return err
	}
	o.defaults(len(categories), false)
	if o.Desc == "" {
		o.Desc = describeSeries(o.Title, categories, series)
	}
	if len(categories) == 0 || len(series) == 0 {
		return empty(w, o)
	}
	p := newPlot(o)
	width := vg.Length(math.Max(4, math.Min(28, float64(o.Width-80)/float64(len(categories))*0.7)))
	var below *plotter.BarChart
	for i, s := range series {
		bc, err := plotter.NewBarChart(plotter.Values(s.Values), width)
		if err != nil {
			return fmt.Errorf("stacked chart %q, series %q: %w", o.Title, s.Name, err)
		}
		bc.Color = Palette[i%len(Palette)]
		bc.LineStyle.Width = 0
		if below != nil {
			bc.StackOn(below)
		}
		below = bc
		p.Add(bc)
		p.Legend.Add(s.Name, bc)
	}
	finishSeriesPlot(p, categories, o)
	top := 0.0
	for j := range categories {
		sum := 0.0
		for _, s := range series {
			sum += s.Values[j]
		}
		top = max(top, sum)
	}
	p.Y.Max = headroom(top, 1.1+0.09*float64(len(series))) // room for the legend above the bars
	return render(w, p, o)
}

// LineChart writes one line per series over the categories.
func LineChart(w io.Writer, categories []string, series []Series, o Options) error {
	if err := check(o.Title, categories, series); err != nil {
		return err
	}
	o.defaults(len(categories), false)
	if o.Desc == "" {
		o.Desc = describeSeries(o.Title, categories, series)
	}
	if len(categories) == 0 || len(series) == 0 {
		return empty(w, o)
	}
	p := newPlot(o)
	for i, s := range series {
		xy := make(plotter.XYs, len(s.Values))
		for j, v := range s.Values {
			xy[j] = plotter.XY{X: float64(j), Y: v}
		}
		l, pts, err := plotterLinePoints(xy)
		if err != nil {
			return fmt.Errorf("line chart %q, series %q: %w", o.Title, s.Name, err)
		}
		c := Palette[i%len(Palette)]
		l.Color, l.Width = c, vg.Points(2)
		l.Dashes = dashes[i%len(dashes)] // told apart without colour
		pts.Color = c
		pts.Shape = shapes[i%len(shapes)]
		p.Add(l, pts)
		p.Legend.Add(s.Name, l, pts)
	}
	finishSeriesPlot(p, categories, o)
	top := 0.0
	for _, s := range series {
		top = max(top, slicesMax(s.Values))
	}
	p.Y.Max = headroom(top, 1.1+0.09*float64(len(series)))
	return render(w, p, o)
}

func slicesMax(vs []float64) float64 {
	m := 0.0
	for _, v := range vs {
		m = max(m, v)
	}
	return m
}

// headroom returns the axis maximum for data up to top, scaled by f so
// labels and the legend do not cover the data; at least 1.
func headroom(top, f float64) float64 { return math.Max(1, top*f) }

var dashes = [][]vg.Length{nil, {vg.Points(5), vg.Points(3)}, {vg.Points(1.5), vg.Points(2.5)}, {vg.Points(8), vg.Points(3), vg.Points(2), vg.Points(3)}}

var shapes = []draw.GlyphDrawer{draw.CircleGlyph{}, draw.SquareGlyph{}, draw.TriangleGlyph{}, draw.PlusGlyph{}, draw.CrossGlyph{}, draw.RingGlyph{}, draw.BoxGlyph{}, draw.PyramidGlyph{}}

func plotterLinePoints(xy plotter.XYs) (*plotter.Line, *plotter.Scatter, error) {
	l, err := plotter.NewLine(xy)
	if err != nil {
		return nil, nil, err
	}
	s, err := plotter.NewScatter(xy)
	if err != nil {
		return nil, nil, err
	}
	s.GlyphStyle.Radius = vg.Points(2.5)
	return l, s, nil
}

func finishSeriesPlot(p *plot.Plot, categories []string, o Options) {
	p.NominalX(categories...)
	if len(categories) > 12 { // keep month labels legible: label every k-th
		k := (len(categories) + 11) / 12
		labels := make([]string, len(categories))
		for i, c := range categories {
			if i%k == 0 {
				labels[i] = c
			}
		}
		p.NominalX(labels...)
	}
	p.Y.Min = 0
	p.Y.Tick.Marker = intTicks{}
	p.X.Label.Text = o.XLabel
	p.Y.Label.Text = o.YLabel
	p.Legend.Top = true
	p.Legend.Left = true
	p.Legend.YOffs = vg.Points(-2)
	p.Legend.XOffs = vg.Points(8)
	p.Y.Padding = 0
	p.X.Padding = vg.Points(16)
	p.X.Tick.Label.Rotation = 0
}

func check(title string, categories []string, series []Series) error {
	if len(categories) > MaxCategories {
		return fmt.Errorf("chart %q: %d categories, more than %d", title, len(categories), MaxCategories)
	}
	for _, s := range series {
		if len(s.Values) != len(categories) {
			return fmt.Errorf("chart %q: series %q has %d values for %d categories", title, s.Name, len(s.Values), len(categories))
		}
		for i, v := range s.Values {
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				return fmt.Errorf("chart %q: series %q, %s: value %v, want a finite number ≥ 0", title, s.Name, categories[i], v)
			}
		}
	}
	return nil
}

func newPlot(o Options) *plot.Plot {
	p := plot.New()
	p.Title.Text = o.Title
	p.BackgroundColor = color.White
	for _, f := range []*font.Font{&p.Title.TextStyle.Font, &p.X.Label.TextStyle.Font, &p.Y.Label.TextStyle.Font,
		&p.X.Tick.Label.Font, &p.Y.Tick.Label.Font, &p.Legend.TextStyle.Font} {
		f.Variant = "Sans"
	}
	p.Title.TextStyle.Font.Size = vg.Points(12)
	p.Title.TextStyle.Font.Weight = xfont.WeightBold
	return p
}

// intTicks marks whole numbers only, since the charts show counts.
type intTicks struct{}

func (intTicks) Ticks(lo, hi float64) []plot.Tick {
	if hi <= lo {
		hi = lo + 1
	}
	step := 1.0
	for (hi-lo)/step > 8 {
		switch {
		case step*2 >= (hi-lo)/8:
			step *= 2
		case step*5 >= (hi-lo)/8:
			step *= 5
		default:
			step *= 10
		}
	}
	var out []plot.Tick
	for v := math.Ceil(lo/step) * step; v <= hi+1e-9; v += step {
		out = append(out, plot.Tick{Value: v, Label: num(v)})
	}
	return out
}

func num(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return fmt.Sprintf("%d", int64(v))
	}
	return fmt.Sprintf("%.2f", v)
}

func describe(title string, parts []string) string {
	if len(parts) == 0 {
		return title + ": no data."
	}
	return title + ". " + strings.Join(parts, "; ") + "."
}

func describeSeries(title string, categories []string, series []Series) string {
	var parts []string
	for i, c := range categories {
		var vs []string
		for _, s := range series {
			vs = append(vs, fmt.Sprintf("%s %s", s.Name, num(s.Values[i])))
		}
		parts = append(parts, c+": "+strings.Join(vs, ", "))
	}
	return describe(title, parts)
}

var svgOpen = regexp.MustCompile(`(?s)^.*?<svg ([^>]*)>`)

// render draws p and rewrites the SVG prelude: no XML prolog, role="img"
// with aria-labelledby, and <title> and <desc> as the first children.
func render(w io.Writer, p *plot.Plot, o Options) error {
	c := vgsvg.NewWith(vgsvg.UseWH(o.Width, o.Height))
	p.Draw(draw.New(c))
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		return fmt.Errorf("chart %q: %w", o.Title, err)
	}
	m := svgOpen.FindSubmatchIndex(b.Bytes())
	if m == nil {
		return errors.New("chart: renderer wrote no <svg> element")
	}
	attrs := strings.Join(strings.Fields(string(b.Bytes()[m[2]:m[3]])), " ")
	if _, err := io.WriteString(w, open(o, attrs)); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes()[m[1]:])
	return err
}

func open(o Options, attrs string) string {
	id := template.HTMLEscapeString(o.ID)
	return fmt.Sprintf(`<svg %s role="img" aria-labelledby="%s-title %s-desc"><title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`,
		attrs, id, id, id, template.HTMLEscapeString(o.Title), id, template.HTMLEscapeString(o.Desc))
}

// empty writes a chart frame that says there is no data.
func empty(w io.Writer, o Options) error {
	attrs := fmt.Sprintf(`width="%gpt" height="%gpt" viewBox="0 0 %g %g" xmlns="http://www.w3.org/2000/svg"`,
		float64(o.Width), float64(min(o.Height, 120)), float64(o.Width), float64(min(o.Height, 120)))
	_, err := fmt.Fprintf(w, `%s<text x="50%%" y="30" text-anchor="middle" font-family="sans-serif" font-size="12" font-weight="bold">%s</text><text x="50%%" y="60" text-anchor="middle" font-family="sans-serif" font-size="11">No data</text></svg>`+"\n",
		open(o, attrs), template.HTMLEscapeString(o.Title))
	return err
}

// HTML renders a chart with draw into a value an html/template inlines
// as is.
func HTML(draw func(io.Writer) error) (template.HTML, error) {
	var b bytes.Buffer
	if err := draw(&b); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil // built from escaped parts above
}

// TopN keeps the first n-1 of bars, which must be sorted largest first, and folds
// the rest into one bar labelled other, so a chart stays readable.
func TopN(bars []Bar, n int, other string) []Bar {
	if len(bars) <= n || n < 1 {
		return bars
	}
	out := append([]Bar(nil), bars[:n-1]...)
	var rest float64
	for _, b := range bars[n-1:] {
		rest += b.Value
	}
	return append(out, Bar{Label: other, Value: rest})
}

package portfolio

import (
	"fmt"
	"html/template"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/collabcheck/collabcheck/internal/report/chart"
	"github.com/collabcheck/collabcheck/internal/store"
)

// Count is one row of an aggregation: how many findings and how many
// distinct works fall under Key.
type Count struct {
	Key      string `json:"key"`
	Findings int    `json:"findings"`
	Works    int    `json:"works"`
	works    map[int64]bool
}

// Report aggregates a run's findings.
type Report struct {
	Run      store.PortfolioRun `json:"run"`
	Findings int                `json:"findings"`
	// Works counts the distinct flagged works.
	Works        int     `json:"works"`
	ByPartner    []Count `json:"by_partner"`
	ByList       []Count `json:"by_list"`
	ByProgram    []Count `json:"by_program"`
	ByArea       []Count `json:"by_area"`
	ByField      []Count `json:"by_field"`
	ByYear       []Count `json:"by_year"`
	ByDepartment []Count `json:"by_department"`
	ByPerson     []Count `json:"by_person"`
	// Sample holds the first MaxReportFindings findings, for the HTML
	// table.
	Sample []store.PortfolioFinding `json:"sample"`
}

// MaxReportFindings bounds how many findings the HTML report lists one by
// one; the exports hold all.
const MaxReportFindings = 2000

// Aggregator builds a Report from findings fed one at a time, so a run of
// any size is aggregated without holding its findings.
type Aggregator struct {
	r      Report
	groups map[string]map[string]*Count
	works  map[int64]bool
}

// NewAggregator starts a report of run.
func NewAggregator(run store.PortfolioRun) *Aggregator {
	return &Aggregator{r: Report{Run: run}, groups: map[string]map[string]*Count{}, works: map[int64]bool{}}
}

// None is the key of findings without a value for a dimension (no year,
// no department, no area).
const None = "(none)"

func (a *Aggregator) add(dim, key string, work int64) {
	if key == "" {
		key = None
	}
	g := a.groups[dim]
	if g == nil {
		g = map[string]*Count{}
		a.groups[dim] = g
	}
	c := g[key]
	if c == nil {
		c = &Count{Key: key, works: map[int64]bool{}}
		g[key] = c
	}
	c.Findings++
	c.works[work] = true
}

// Add counts one finding.
func (a *Aggregator) Add(f store.PortfolioFinding) {
	a.r.Findings++
	work := f.Line // a work is identified by the line it starts on
	a.works[work] = true
	if len(a.r.Sample) < MaxReportFindings {
		a.r.Sample = append(a.r.Sample, f)
	}
	partner := f.PartnerName
	if f.PartnerID != "" {
		partner += " (" + f.PartnerID + ")"
	}
	a.add("partner", partner, work)
	lists, progs := map[string]bool{}, map[string]bool{}
	for _, h := range f.Hits {
		lists[h.List] = true
		for _, p := range h.Programs {
			progs[h.List+": "+p] = true
		}
	}
	for l := range lists {
		a.add("list", l, work)
	}
	for p := range progs {
		a.add("program", p, work)
	}
	if len(f.Areas) == 0 {
		a.add("area", "", work)
	}
	for _, x := range f.Areas {
		a.add("area", x, work)
	}
	if len(f.Fields) == 0 {
		a.add("field", "", work)
	}
	for _, x := range f.Fields {
		a.add("field", x, work)
	}
	year := ""
	if f.Year != 0 {
		year = strconv.Itoa(f.Year)
	}
	a.add("year", year, work)
	a.add("department", f.Department, work)
	a.add("person", f.Person, work)
}

// Report returns the aggregation: each dimension sorted by findings,
// most first (years in order).
func (a *Aggregator) Report() Report {
	r := a.r
	r.Works = len(a.works)
	get := func(dim string, byKey bool) []Count {
		out := []Count{}
		for _, c := range a.groups[dim] {
			cc := *c
			cc.Works = len(c.works)
			cc.works = nil
			out = append(out, cc)
		}
		sort.Slice(out, func(i, j int) bool {
			if !byKey && out[i].Findings != out[j].Findings {
				return out[i].Findings > out[j].Findings
			}
			return out[i].Key < out[j].Key
		})
		return out
	}
	r.ByPartner, r.ByList, r.ByProgram = get("partner", false), get("list", false), get("program", false)
	r.ByArea, r.ByField, r.ByYear = get("area", false), get("field", false), get("year", true)
	r.ByDepartment, r.ByPerson = get("department", false), get("person", false)
	return r
}

// Aggregate reads all findings of run through each and aggregates them.
func Aggregate(run store.PortfolioRun, each func(fn func(store.PortfolioFinding) error) error) (Report, error) {
	a := NewAggregator(run)
	if err := each(func(f store.PortfolioFinding) error { a.Add(f); return nil }); err != nil {
		return Report{}, err
	}
	return a.Report(), nil
}

// Tables returns the aggregations with their titles, in report order.
func (r *Report) Tables() []Table {
	return []Table{
		{"Partners", "Partner", r.ByPartner}, {"Lists", "List", r.ByList}, {"Programmes", "Programme", r.ByProgram},
		{"Sensitive areas", "Area", r.ByArea}, {"Opportunity fields", "Field", r.ByField}, {"Years", "Year", r.ByYear},
		{"Departments", "Department", r.ByDepartment}, {"People", "Person", r.ByPerson},
	}
}

// Table is one titled aggregation.
type Table struct {
	Title  string
	Column string
	Rows   []Count
}

// chartBars is how many bars one chart shows before folding the rest
// into "Other".
const chartBars = 12

// Charts draws the report's charts as inline SVG: flagged works by year,
// list, partner, sensitive area, opportunity field and department. A
// dimension with no findings gets no chart.
func (r *Report) Charts() ([]template.HTML, error) {
	var out []template.HTML
	for i, c := range []struct {
		title  string
		rows   []Count
		byYear bool
	}{
		{"Flagged works by year", r.ByYear, true}, {"Flagged works by list", r.ByList, false},
		{"Flagged works by partner", r.ByPartner, false}, {"Flagged works by sensitive area", r.ByArea, false},
		{"Flagged works by opportunity field", r.ByField, false}, {"Flagged works by department", r.ByDepartment, false},
	} {
		if len(c.rows) == 0 {
			continue
		}
		rows := append([]Count(nil), c.rows...)
		if !c.byYear { // largest first for folding; years stay in order
			sort.SliceStable(rows, func(a, b int) bool { return rows[a].Works > rows[b].Works })
		}
		bars := make([]chart.Bar, 0, len(rows))
		for _, x := range rows {
			bars = append(bars, chart.Bar{Label: chartLabel(x.Key), Value: float64(x.Works)})
		}
		if c.byYear && len(bars) > chart.MaxCategories {
			bars = bars[len(bars)-chart.MaxCategories:]
		} else if !c.byYear {
			bars = chart.TopN(bars, chartBars, "Other")
		}
		h, err := chart.HTML(func(w io.Writer) error {
			return chart.BarChart(w, bars, chart.Options{Title: c.title, XLabel: "works", ID: fmt.Sprintf("pf-chart-%d", i)})
		})
		if err != nil {
			return nil, fmt.Errorf("chart %q: %w", c.title, err)
		}
		out = append(out, h)
	}
	return out, nil
}

// maxChartLabel bounds a bar label, so long names leave room for the
// bars; the tables hold the full names.
const maxChartLabel = 36

// chartLabel shortens a key for a bar label: a partner's ROR id is left
// to the table, and long names are cut with an ellipsis.
func chartLabel(k string) string {
	if i := strings.Index(k, " ("+"https://ror.org/"); i > 0 {
		k = k[:i]
	}
	if r := []rune(k); len(r) > maxChartLabel {
		k = string(r[:maxChartLabel-1]) + "…"
	}
	return k
}

// WriteHTML writes the report as one self-contained HTML page: the run
// summary, charts (SVG, see Charts), one table per aggregation and the
// findings (the first MaxReportFindings). The page has no script.
func (r *Report) WriteHTML(w io.Writer) error {
	charts, err := r.Charts()
	if err != nil {
		return err
	}
	return htmlReport.Execute(w, struct {
		*Report
		ChartsSVG []template.HTML
	}{r, charts})
}

var htmlReport = template.Must(template.New("report").Funcs(template.FuncMap{
	"join": strings.Join,
	"hits": func(hs []store.PortfolioHit) string {
		var parts []string
		for _, h := range hs {
			s := fmt.Sprintf("%s on %s (%s)", h.Name, h.List, h.SourceID)
			if len(h.Programs) > 0 {
				s += " [" + strings.Join(h.Programs, ", ") + "]"
			}
			if len(h.Via) > 0 {
				s += " via " + strings.Join(h.Via, " → ")
			}
			parts = append(parts, s)
		}
		return strings.Join(parts, "; ")
	},
	"year": func(y int) string {
		if y == 0 {
			return ""
		}
		return strconv.Itoa(y)
	},
	"sortedCounts": func(m map[string]int64) []Count {
		var out []Count
		for k, v := range m {
			out = append(out, Count{Key: k, Works: int(v)})
		}
		sort.Slice(out, func(i, j int) bool {
			if out[i].Works != out[j].Works {
				return out[i].Works > out[j].Works
			}
			return out[i].Key < out[j].Key
		})
		return out
	},
	"more": func(total, shown int) int { return total - shown },
}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Portfolio screening report, run {{.Run.ID}}</title>
<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:80em}table{border-collapse:collapse;margin:0 0 2em}
td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}th{background:#f3f3f3}td.n{text-align:right}
.tables{display:flex;flex-wrap:wrap;gap:2em}</style></head><body>
<h1>Portfolio screening report</h1>
<p>Run {{.Run.ID}} of <code>{{.Run.Source}}</code> ({{.Run.Format}}), started {{.Run.StartedAt.Format "2006-01-02 15:04 MST"}}, state {{.Run.State}}.</p>
{{with .Run.Summary}}<table><tr><th>Works</th><th>Affiliation strings</th><th>Distinct</th><th>Resolved</th><th>Flagged strings</th><th>Findings</th><th>Malformed lines</th></tr>
<tr><td class="n">{{.Works}}</td><td class="n">{{.Strings}}</td><td class="n">{{.Distinct}}</td><td class="n">{{.Resolved}}</td><td class="n">{{.Flagged}}</td><td class="n">{{.Findings}}</td><td class="n">{{.Malformed}}</td></tr></table>
{{if .MalformedLines}}<p>Malformed lines (first {{len .MalformedLines}}): {{range $i, $l := .MalformedLines}}{{if $i}}, {{end}}{{$l.Line}} ({{$l.Reason}}){{end}}</p>{{end}}{{end}}
<p>{{.Findings}} findings in {{.Works}} works.</p>
{{if .ChartsSVG}}<div class="tables">{{range .ChartsSVG}}<figure>{{.}}</figure>{{end}}</div>{{end}}
<div class="tables">{{range .Tables}}<section><h2>{{.Title}}</h2>
<table><tr><th>{{.Column}}</th><th>Findings</th><th>Works</th></tr>{{range .Rows}}<tr><td>{{.Key}}</td><td class="n">{{.Findings}}</td><td class="n">{{.Works}}</td></tr>{{else}}<tr><td colspan="3">none</td></tr>{{end}}</table></section>{{end}}
{{with .Run.Summary.WorksByArea}}<section><h2>All works by sensitive area</h2><table><tr><th>Area</th><th>Works</th></tr>{{range sortedCounts .}}<tr><td>{{.Key}}</td><td class="n">{{.Works}}</td></tr>{{end}}</table></section>{{end}}
{{with .Run.Summary.WorksByField}}<section><h2>All works by opportunity field</h2><table><tr><th>Field</th><th>Works</th></tr>{{range sortedCounts .}}<tr><td>{{.Key}}</td><td class="n">{{.Works}}</td></tr>{{end}}</table></section>{{end}}
</div>
<h2>Findings</h2>
<table><tr><th>Id</th><th>Year</th><th>Work</th><th>Person</th><th>Department</th><th>Affiliation</th><th>Partner</th><th>Hits</th><th>Areas</th><th>Fields</th></tr>
{{range .Sample}}<tr><td>{{.ID}}</td><td>{{year .Year}}</td><td>{{.Title}}{{if .WorkID}}<br><small>{{.WorkID}}</small>{{end}}</td><td>{{.Person}}</td><td>{{.Department}}</td><td>{{.Affiliation}}</td>
<td>{{.PartnerName}}{{if .PartnerID}}<br><small>{{.PartnerID}}</small>{{end}}</td><td>{{hits .Hits}}</td><td>{{join .Areas ", "}}</td><td>{{join .Fields ", "}}</td></tr>{{end}}</table>
{{if gt .Findings (len .Sample)}}<p>… and {{more .Findings (len .Sample)}} more findings: see the CSV or XLSX export.</p>{{end}}
<p><small>Create a case from a finding with <code>collabcheck portfolio case --tenant NAME FINDING_ID</code>.</small></p>
</body></html>
`))

package report

import (
	"fmt"
	"html/template"
	"io"
	"strings"
	"time"

	"github.com/collabcheck/collabcheck/internal/secure"
)

// TriageReport is an economic-security triage to write as a report.
// Generated is the report's date (zero leaves it out of the HTML and uses
// the Unix epoch in the PDF, so output is reproducible).
type TriageReport struct {
	Triage    secure.Triage
	Tenant    string
	Generated time.Time
}

// triageFlags lists the triage's flags in words, or says there are none
// beyond good practice.
func triageFlags(f secure.Flags) []string {
	var out []string
	for _, x := range []struct {
		on   bool
		name string
	}{{f.MayBeNotifiable, "May be notifiable under investment-screening law"}, {f.ExportControl, "Export-control categories may apply"},
		{f.ListHit, "A named party is on a screening list"}, {f.OwnershipHit, "A named party is linked to a listed party through ownership"},
		{f.WeakMatch, "Weak name match for a human to review"}, {f.NeedsReview, "Needs review"}} {
		if x.on {
			out = append(out, x.name)
		}
	}
	if len(out) == 0 {
		out = []string{"No flags beyond good practice"}
	}
	return out
}

func triageAreas(t secure.Triage) []string {
	var out []string
	for _, a := range t.Areas {
		s := fmt.Sprintf("%s (%s, score %.2f)", a.Name, a.ID, a.Score)
		if n := a.Lists["uk-nsi"]; n != "" {
			s += "; NSI area: " + n
		}
		out = append(out, s)
	}
	return out
}

var triageTemplate = template.Must(template.New("triage").Funcs(template.FuncMap{"join": strings.Join}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Economic-security triage: {{.T.Company}}</title>
<style>{{.CSS}}</style>
</head>
<body>
<header>
<p class="meta">Economic-security triage{{if .Tenant}} · {{.Tenant}}{{end}}{{if .Generated}} · generated {{.Generated}}{{end}}</p>
<h1>{{.T.Company}}: {{.T.DealType}}</h1>
<dl class="facts">
<dt>Flags</dt><dd>{{join .Flags "; "}}</dd>
<dt>Sensitive areas</dt><dd>{{if .Areas}}{{join .Areas "; "}}{{else}}none found in the description{{end}}</dd>
<dt>Versions</dt><dd>policy {{.T.PolicyVersion}}; taxonomy {{.T.Versions.Taxonomy}}{{if .T.Versions.Lists}}; lists {{join .T.Versions.Lists ", "}}{{end}}</dd>
</dl>
</header>
<main>
<section aria-labelledby="h-findings">
<h2 id="h-findings">Findings</h2>
{{range .T.Findings}}<div class="finding"><h3><span class="badge">{{.Severity}}</span> {{.Title}}</h3>
<p>{{.Detail}}</p>
{{if .Evidence}}<ul class="evidence">{{range .Evidence}}<li>{{.}}</li>{{end}}</ul>{{end}}
{{if .Guidance}}<p class="meta">Guidance: {{range $i, $g := .Guidance}}{{if $i}}; {{end}}<a href="{{$g.URL}}">{{$g.Title}}</a>{{end}}</p>{{end}}
</div>
{{end}}</section>
<section aria-labelledby="h-next">
<h2 id="h-next">Next steps</h2>
<ol>{{range .T.NextSteps}}<li>{{.Text}}{{if .Guidance}} <span class="meta">({{range $i, $g := .Guidance}}{{if $i}}; {{end}}<a href="{{$g.URL}}">{{$g.Title}}</a>{{end}})</span>{{end}}</li>{{end}}</ol>
{{if .T.SeekAdvice}}<h3>Seek official advice</h3><ul>{{range .T.AdviceReasons}}<li>{{.}}</li>{{end}}</ul>{{end}}
</section>
</main>
<footer><p class="meta">{{.T.Note}}</p></footer>
</body>
</html>
`))

// WriteTriageHTML writes a triage as one self-contained HTML page (inline
// CSS, no scripts): flags, sensitive areas, findings with their evidence
// and guidance, next steps and when to seek official advice.
func WriteTriageHTML(w io.Writer, r TriageReport) error {
	t := r.Triage
	data := struct {
		T                 secure.Triage
		Tenant, Generated string
		Flags, Areas      []string
		CSS               template.CSS
	}{T: t, Tenant: r.Tenant, Flags: triageFlags(t.Flags), Areas: triageAreas(t), CSS: css}
	if !r.Generated.IsZero() {
		data.Generated = dateTime(r.Generated)
	}
	if err := triageTemplate.Execute(w, data); err != nil {
		return fmt.Errorf("write HTML triage report: %w", err)
	}
	return nil
}

// WriteTriagePDF writes the same content as WriteTriageHTML as an A4 PDF.
func WriteTriagePDF(w io.Writer, r TriageReport) error {
	t := r.Triage
	d := newPDF("Economic-security triage: "+t.Company, "collabcheck economic-security triage", r.Generated.UTC())
	top := []string{"Economic-security triage"}
	if r.Tenant != "" {
		top = append(top, r.Tenant)
	}
	if !r.Generated.IsZero() {
		top = append(top, "generated "+dateTime(r.Generated))
	}
	d.meta(strings.Join(top, " · "))
	d.h1(t.Company + ": " + string(t.DealType))
	d.fact("Flags", strings.Join(triageFlags(t.Flags), "; "))
	areas := strings.Join(triageAreas(t), "; ")
	if areas == "" {
		areas = "none found in the description"
	}
	d.fact("Sensitive areas", areas)
	v := "policy " + t.PolicyVersion + "; taxonomy " + t.Versions.Taxonomy
	if len(t.Versions.Lists) > 0 {
		v += "; lists " + strings.Join(t.Versions.Lists, ", ")
	}
	d.fact("Versions", v)
	d.h2("Findings")
	for _, f := range t.Findings {
		d.h3("[" + string(f.Severity) + "] " + f.Title)
		d.para(f.Detail)
		for _, e := range f.Evidence {
			d.bullet(e)
		}
		for _, g := range f.Guidance {
			d.meta("Guidance: " + g.Title + " (" + g.URL + ")")
		}
	}
	d.h2("Next steps")
	for i, s := range t.NextSteps {
		text := fmt.Sprintf("%d. %s", i+1, s.Text)
		for _, g := range s.Guidance {
			text += " See: " + g.Title + " (" + g.URL + ")."
		}
		d.para(text)
	}
	if t.SeekAdvice {
		d.h3("Seek official advice")
		for _, a := range t.AdviceReasons {
			d.bullet(a)
		}
	}
	d.Ln(4)
	d.meta(t.Note)
	if err := d.Output(w); err != nil {
		return fmt.Errorf("write PDF triage report: %w", err)
	}
	return nil
}

package report

import (
	"fmt"
	"html/template"
	"io"
	"strings"
	"time"

	"github.com/collabcheck/collabcheck/internal/secure"
)

// ReviewReport is a scored secure-innovation self-review to write as a
// report. Generated is the report's date (zero leaves it out of the HTML
// and uses the Unix epoch in the PDF, so output is reproducible).
type ReviewReport struct {
	Review    secure.Review
	Tenant    string
	Generated time.Time
}

// reviewView is the review laid out for both writers.
type reviewView struct {
	Company, Date, Version, Generated, Tenant string
	Overall                                   int
	Level                                     string
	Principles                                []principleView
	Actions                                   []actionView
	Progress                                  *progressView
}

type principleView struct {
	Title, Level, Score, Bar, Note string
	Pct                            int
}

type actionView struct {
	N, Title, Reason, Effort, Priority, Principle, Answer, Rank, RefTitle, RefURL string
}

type progressView struct {
	Since, Overall   string
	Principles       []struct{ Title, Previous, Current, Delta string }
	Done, New, Still []string
}

func signed(n int) string {
	if n > 0 {
		return fmt.Sprintf("+%d", n)
	}
	return fmt.Sprint(n)
}

func newReviewView(r ReviewReport) reviewView {
	rv := r.Review
	v := reviewView{Company: rv.Company, Date: rv.Date, Version: rv.QuestionnaireVersion, Tenant: r.Tenant,
		Overall: rv.Overall, Level: rv.OverallLevel.Label}
	if v.Company == "" {
		v.Company = "Your company"
	}
	if !r.Generated.IsZero() {
		v.Generated = dateTime(r.Generated)
	}
	titles := map[string]string{}
	for _, p := range rv.Principles {
		titles[p.ID] = p.Title
		pv := principleView{Title: p.Title, Score: "not applicable", Pct: 0}
		if p.Applicable {
			pv.Score = fmt.Sprintf("%d / 100", p.Score)
			pv.Level = p.Level.Label
			pv.Pct = p.Score
		}
		pv.Note = fmt.Sprintf("%d of %d questions answered", p.Answered, p.Questions)
		v.Principles = append(v.Principles, pv)
	}
	for i, a := range rv.Actions {
		v.Actions = append(v.Actions, actionView{N: fmt.Sprint(i + 1), Title: a.Title, Reason: a.Reason,
			Effort: string(a.Effort), Priority: string(a.Priority), Principle: titles[a.Principle],
			Answer: strings.ReplaceAll(a.Answer, "_", " "), Rank: fmt.Sprintf("%.2f", a.Rank),
			RefTitle: a.Reference.Title, RefURL: a.Reference.URL})
	}
	if p := rv.Progress; p != nil {
		pv := &progressView{Since: p.PreviousDate, Overall: fmt.Sprintf("%d to %d (%s)", p.PreviousOverall, rv.Overall, signed(p.OverallDelta))}
		if pv.Since == "" {
			pv.Since = "the previous review"
		}
		for _, d := range p.Principles {
			pv.Principles = append(pv.Principles, struct{ Title, Previous, Current, Delta string }{
				titles[d.ID], fmt.Sprint(d.Previous), fmt.Sprint(d.Current), signed(d.Delta)})
		}
		label := func(rs []secure.ActionRef) []string {
			var out []string
			for _, r := range rs {
				out = append(out, r.Title)
			}
			return out
		}
		pv.Done, pv.New, pv.Still = label(p.Done), label(p.New), label(p.StillOpen)
		v.Progress = pv
	}
	return v
}

var reviewTemplate = template.Must(template.New("review").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Secure innovation self-review: {{.V.Company}}</title>
<style>{{.CSS}}
.bar{background:#e6e6e6;height:.6rem;border-radius:.3rem;min-width:8rem}
.bar span{display:block;height:100%;background:#0b4f8a;border-radius:.3rem}
</style>
</head>
<body>
<header>
<p class="meta">Secure innovation self-review{{if .V.Tenant}} · {{.V.Tenant}}{{end}}{{if .V.Generated}} · generated {{.V.Generated}}{{end}}</p>
<h1>{{.V.Company}}</h1>
<dl class="facts">
<dt>Overall maturity</dt><dd>{{.V.Overall}} / 100: {{.V.Level}}</dd>
{{if .V.Date}}<dt>Review date</dt><dd>{{.V.Date}}</dd>{{end}}
<dt>Questionnaire</dt><dd>version {{.V.Version}}</dd>
</dl>
</header>
<main>
<section aria-labelledby="h-maturity">
<h2 id="h-maturity">Maturity by principle</h2>
<table>
<thead><tr><th scope="col">Principle</th><th scope="col" class="num">Score</th><th scope="col">Level</th><th scope="col"><span class="meta">Scale</span></th></tr></thead>
<tbody>{{range .V.Principles}}<tr><td>{{.Title}}<br><span class="meta">{{.Note}}</span></td><td class="num">{{.Score}}</td><td>{{.Level}}</td><td><div class="bar" role="img" aria-label="{{.Pct}} out of 100"><span style="width:{{.Pct}}%"></span></div></td></tr>
{{end}}</tbody>
</table>
</section>
{{with .V.Progress}}<section aria-labelledby="h-progress">
<h2 id="h-progress">Progress since {{.Since}}</h2>
<dl class="facts"><dt>Overall</dt><dd>{{.Overall}}</dd></dl>
<table>
<thead><tr><th scope="col">Principle</th><th scope="col" class="num">Before</th><th scope="col" class="num">Now</th><th scope="col" class="num">Change</th></tr></thead>
<tbody>{{range .Principles}}<tr><td>{{.Title}}</td><td class="num">{{.Previous}}</td><td class="num">{{.Current}}</td><td class="num">{{.Delta}}</td></tr>
{{end}}</tbody>
</table>
<p>Actions done since: {{if .Done}}{{len .Done}}{{else}}none{{end}}. New actions: {{if .New}}{{len .New}}{{else}}none{{end}}. Still open: {{if .Still}}{{len .Still}}{{else}}none{{end}}.</p>
{{if .Done}}<h3>Done since</h3><ul>{{range .Done}}<li>{{.}}</li>{{end}}</ul>{{end}}
{{if .New}}<h3>New actions</h3><ul>{{range .New}}<li>{{.}}</li>{{end}}</ul>{{end}}
</section>
{{end}}<section aria-labelledby="h-actions">
<h2 id="h-actions">Action plan</h2>
{{if .V.Actions}}<p class="meta">Ranked by priority × question weight × gap in the answer; do the first ones first.</p>
<ol>{{range .V.Actions}}<li class="finding"><h3>{{.Title}}</h3>
<p>{{.Reason}}</p>
<dl class="facts"><dt>Priority</dt><dd>{{.Priority}}</dd><dt>Effort</dt><dd>{{.Effort}}</dd><dt>Principle</dt><dd>{{.Principle}}</dd><dt>Your answer</dt><dd>{{.Answer}}</dd><dt>Rank</dt><dd>{{.Rank}}</dd>{{if .RefURL}}<dt>Guidance</dt><dd><a href="{{.RefURL}}">{{.RefTitle}}</a></dd>{{end}}</dl>
</li>
{{end}}</ol>{{else}}<p>No actions: every applicable question was answered in full.</p>{{end}}
</section>
</main>
<footer><p class="meta">Self-assessment based on the secure-innovation principles published by the UK's NPSA and NCSC; the wording and scoring are collabcheck's own. It is a prompt for action, not a certification.</p></footer>
</body>
</html>
`))

// WriteReviewHTML writes a self-review as one self-contained HTML page
// (inline CSS, no scripts): overall and per-principle maturity, progress
// since the previous review when there is one, and the ranked action plan
// with each action's reason, effort, priority and guidance.
func WriteReviewHTML(w io.Writer, r ReviewReport) error {
	data := struct {
		V   reviewView
		CSS template.CSS
	}{newReviewView(r), css}
	if err := reviewTemplate.Execute(w, data); err != nil {
		return fmt.Errorf("write HTML review report: %w", err)
	}
	return nil
}

// WriteReviewPDF writes the same content as WriteReviewHTML as an A4 PDF in
// the embedded Go fonts. The creation date is r.Generated, so the same
// report gives the same bytes.
func WriteReviewPDF(w io.Writer, r ReviewReport) error {
	v := newReviewView(r)
	d := newPDF("Secure innovation self-review: "+v.Company, "collabcheck secure innovation self-review", r.Generated.UTC())
	top := []string{"Secure innovation self-review"}
	if v.Tenant != "" {
		top = append(top, v.Tenant)
	}
	if v.Generated != "" {
		top = append(top, "generated "+v.Generated)
	}
	d.meta(strings.Join(top, " · "))
	d.h1(v.Company)
	d.fact("Overall maturity", fmt.Sprintf("%d / 100: %s", v.Overall, v.Level))
	d.fact("Review date", v.Date)
	d.fact("Questionnaire", "version "+v.Version)

	d.h2("Maturity by principle")
	for _, p := range v.Principles {
		d.h3(p.Title)
		d.fact("Score", p.Score)
		d.fact("Level", p.Level)
		if p.Pct > 0 {
			x, y := d.GetXY()
			d.SetFillColor(230, 230, 230)
			d.Rect(x, y+1, 100, 2.5, "F")
			d.SetFillColor(11, 79, 138)
			d.Rect(x, y+1, float64(p.Pct), 2.5, "F")
			d.Ln(4.5)
		}
		d.meta(p.Note)
	}
	if p := v.Progress; p != nil {
		d.h2("Progress since " + p.Since)
		d.fact("Overall", p.Overall)
		for _, x := range p.Principles {
			d.bullet(fmt.Sprintf("%s: %s to %s (%s)", x.Title, x.Previous, x.Current, x.Delta))
		}
		d.para(fmt.Sprintf("Actions done since: %d. New actions: %d. Still open: %d.", len(p.Done), len(p.New), len(p.Still)))
		if len(p.Done) > 0 {
			d.h3("Done since")
			for _, s := range p.Done {
				d.bullet(s)
			}
		}
		if len(p.New) > 0 {
			d.h3("New actions")
			for _, s := range p.New {
				d.bullet(s)
			}
		}
	}
	d.h2("Action plan")
	if len(v.Actions) == 0 {
		d.para("No actions: every applicable question was answered in full.")
	} else {
		d.meta("Ranked by priority, question weight and the gap in the answer; do the first ones first.")
	}
	for _, a := range v.Actions {
		d.h3(a.N + ". " + a.Title)
		d.para(a.Reason)
		d.meta(fmt.Sprintf("Priority %s · effort %s · %s · your answer: %s", a.Priority, a.Effort, a.Principle, a.Answer))
		if a.RefURL != "" {
			d.meta("Guidance: " + a.RefTitle + " (" + a.RefURL + ")")
		}
	}
	d.Ln(4)
	d.meta("Self-assessment based on the secure-innovation principles published by the UK's NPSA and NCSC; the wording and scoring are collabcheck's own. It is a prompt for action, not a certification.")
	if d.transliterated {
		d.meta("Text in scripts this PDF's font cannot show is given in square brackets, transliterated.")
	}
	if err := d.Output(w); err != nil {
		return fmt.Errorf("write PDF review report: %w", err)
	}
	return nil
}

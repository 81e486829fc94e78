package report

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"strings"
)

//go:embed templates
var templateFS embed.FS

// css is the reports' stylesheet, inlined into each page so a saved
// report needs nothing else to display or print.
var css = func() template.CSS {
	b, err := templateFS.ReadFile("templates/style.css")
	if err != nil {
		panic(err) // embedded at build time: cannot be missing
	}
	return template.CSS(b)
}()

// slug turns a label into a CSS class part ("Do not proceed" → "do-not-proceed").
func slug(s string) string { return strings.ReplaceAll(strings.ToLower(s), " ", "-") }

var templates = template.Must(template.New("").Funcs(template.FuncMap{
	"join": strings.Join,
	"slug": slug,
	"counts": func(caption, head string, cs []Count) any {
		return struct {
			Caption, Head string
			Counts        []Count
		}{caption, head, cs}
	},
}).ParseFS(templateFS, "templates/*.html"))

// CSS returns the stylesheet the reports inline, for pages that want to
// show a report fragment in the same style.
func CSS() template.CSS { return css }

// WriteCaseHTML writes r's assessment report as one self-contained HTML
// page (inline CSS, no scripts, no external resources) laid out for
// screen and print: outcome and risk, the collaboration, findings with
// their evidence, required mitigations with reasons and guidance, the
// checklist with who confirmed each item, the decision, the adviser's
// advice, and the policy, list and taxonomy versions with the input hash.
func WriteCaseHTML(w io.Writer, r CaseReport) error {
	data := struct {
		V     caseView
		ID    string
		Title string
		CSS   template.CSS
	}{V: newCaseView(r), CSS: css}
	data.ID, data.Title = data.V.ID, data.V.Title
	if err := templates.ExecuteTemplate(w, "case", data); err != nil {
		return fmt.Errorf("write HTML report of case %d: %w", r.Case.ID, err)
	}
	return nil
}

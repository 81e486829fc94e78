// Package ui renders collabcheck's web pages: html/template templates, an
// embedded stylesheet, the view models the templates read and small
// server-rendered SVG charts. It does no I/O of its own beyond writing the
// rendered page; the HTTP handlers in package web load the data (through
// the same store calls and workflow as the JSON API) and hand it here.
//
// Pages work without JavaScript and under a Content-Security-Policy that
// allows only same-origin stylesheets and images: no template emits a
// script, an inline style or an event handler attribute.
package ui

import (
	"bytes"
	"embed"
	"fmt"
	"html"
	"html/template"
	"io"
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"time"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Static returns the embedded static assets (the stylesheet), rooted so
// that "app.css" is the stylesheet.
func Static() fs.FS {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err) // the embed pattern guarantees the directory
	}
	return sub
}

// Viewer is the signed-in user as the page header shows them.
type Viewer struct {
	Name     string
	Email    string
	Role     string
	Tenant   string
	Adviser  bool // the tenant is an adviser team
	Company  bool // the tenant is a company: the navigation offers only what it may use
	Operator bool
	// Permissions of the role, for the navigation.
	CanPropose, CanReview, CanAdvise, CanManage bool
}

// Page is what every template gets: the layout's title and viewer, a
// notice after a successful form, the errors of a refused form by field,
// and the page's own data.
type Page struct {
	Title  string
	Viewer *Viewer
	// Flash is a one-line notice ("Case submitted.").
	Flash string
	// Errors holds form errors by field name; "" is the form as a whole.
	Errors FormErrors
	// Form holds the submitted values of a refused form, by field name,
	// so the form is shown again as it was filled in.
	Form map[string]string
	// Refresh, when positive, reloads the page after that many seconds
	// (a progress page that needs no script).
	Refresh int
	Data    any
}

// FormErrors are a form's error messages by field name.
type FormErrors map[string][]string

// Add records a message for a field.
func (e *FormErrors) Add(field, msg string) {
	if *e == nil {
		*e = FormErrors{}
	}
	(*e)[field] = append((*e)[field], msg)
}

// Any reports whether there is any error.
func (e FormErrors) Any() bool { return len(e) > 0 }

// Renderer holds the parsed templates, one set per page.
type Renderer struct {
	pages map[string]*template.Template
}

// New parses the embedded templates. It fails only on a broken build.
func New() (*Renderer, error) {
	layout, err := templateFS.ReadFile("templates/layout.html")
	if err != nil {
		return nil, fmt.Errorf("ui: read the layout: %w", err)
	}
	entries, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("ui: list the templates: %w", err)
	}
	r := &Renderer{pages: map[string]*template.Template{}}
	for _, e := range entries {
		name := strings.TrimSuffix(strings.TrimPrefix(e, "templates/"), ".html")
		if name == "layout" {
			continue
		}
		body, err := templateFS.ReadFile(e)
		if err != nil {
			return nil, fmt.Errorf("ui: read %s: %w", e, err)
		}
		t, err := template.New("layout").Funcs(funcs).Parse(string(layout))
		if err != nil {
			return nil, fmt.Errorf("ui: parse the layout: %w", err)
		}
		if _, err := t.Parse(string(body)); err != nil {
			return nil, fmt.Errorf("ui: parse %s: %w", e, err)
		}
		r.pages[name] = t
	}
	return r, nil
}

// Render writes the named page. The page is rendered in memory first, so
// a template error never leaves half a page on the wire.
func (r *Renderer) Render(w io.Writer, name string, p Page) error {
	t, ok := r.pages[name]
	if !ok {
		return fmt.Errorf("ui: no page template %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		return fmt.Errorf("ui: render %s: %w", name, err)
	}
	_, err := buf.WriteTo(w)
	return err
}

// Pages lists the page templates, for tests.
func (r *Renderer) Pages() []string {
	out := make([]string, 0, len(r.pages))
	for n := range r.pages {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

var funcs = template.FuncMap{
	"label":    Label,
	"date":     func(t time.Time) string { return formatTime(t, "2 Jan 2006") },
	"datetime": func(t time.Time) string { return formatTime(t, "2 Jan 2006 15:04 MST") },
	"timeptr": func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return formatTime(*t, "2 Jan 2006 15:04 MST")
	},
	"pct":   func(f float64) string { return fmt.Sprintf("%.0f%%", f*100) },
	"score": func(f float64) string { return fmt.Sprintf("%.2f", f) },
	"join":  strings.Join,
	"upper": strings.ToUpper,
	"add":   func(a, b int) int { return a + b },
	"field": func(m map[string]string, k string) string { return m[k] },
	"errs":  func(e FormErrors, k string) []string { return e[k] },
	"seq": func(n int) []int {
		s := make([]int, n)
		for i := range s {
			s[i] = i
		}
		return s
	},
	"fieldn":  func(m map[string]string, k string, i int) string { return m[fmt.Sprintf("%s.%d", k, i)] },
	"errsn":   func(e FormErrors, k string, i int) []string { return e[fmt.Sprintf("%s.%d", k, i)] },
	"idn":     func(k string, i int) string { return fmt.Sprintf("%s.%d", k, i) },
	"orglink": func(id string) string { return "/orgs/" + strings.TrimPrefix(id, "https://ror.org/") },
	"mod":     func(a, b int) int { return a % b },
	"list":    func(v ...string) []string { return v },
	"dict": func(kv ...any) map[string]any {
		m := make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			m[fmt.Sprint(kv[i])] = kv[i+1]
		}
		return m
	},
	"checked": func(m map[string]string, k, v string) bool { return m[k+"="+v] != "" },
}

func formatTime(t time.Time, layout string) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(layout)
}

// Label turns an identifier such as "proceed_with_mitigations" or
// "in_review" into words ("Proceed with mitigations").
func Label(s any) string {
	v := strings.ReplaceAll(fmt.Sprint(s), "_", " ")
	if v == "" {
		return ""
	}
	return strings.ToUpper(v[:1]) + v[1:]
}

// styleAttr matches an SVG element's inline style attribute.
var styleAttr = regexp.MustCompile(`\sstyle="([^"]*)"`)

// PresentationSVG rewrites the inline style attributes of an SVG
// ("fill:#fff;font-size:12px") into the equivalent presentation
// attributes (fill="#fff" font-size="12px"), which a page's
// Content-Security-Policy does not treat as inline styles: the charts
// drawn for reports then keep their colours and fonts on pages that allow
// no inline style. Declarations that are not of the form name:value are
// dropped.
func PresentationSVG(svg template.HTML) template.HTML {
	out := styleAttr.ReplaceAllStringFunc(string(svg), func(m string) string {
		decls := html.UnescapeString(styleAttr.FindStringSubmatch(m)[1])
		var sb strings.Builder
		for _, d := range strings.Split(decls, ";") {
			name, value, ok := strings.Cut(d, ":")
			name, value = strings.TrimSpace(name), strings.TrimSpace(value)
			if !ok || name == "" || strings.IndexFunc(name, func(r rune) bool { return !(r == '-' || r >= 'a' && r <= 'z') }) >= 0 {
				continue
			}
			fmt.Fprintf(&sb, ` %s="%s"`, name, template.HTMLEscapeString(value))
		}
		return sb.String()
	})
	return template.HTML(out)
}

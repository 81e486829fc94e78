package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
)

// The PDF embeds the Go fonts (TrueType, BSD licence) as UTF-8 subsets:
// they cover Latin-1, Latin Extended A/B, Greek and Cyrillic, so partner
// names with accents print as written. fpdf's core fonts cover only
// cp1252 and would silently mangle them.
const (
	fontSans = "gosans"
	fontMono = "gomono"
)

// pdfDoc is a small layout helper over fpdf: headings, paragraphs,
// labelled facts and bullet lists, with consistent spacing.
type pdfDoc struct {
	*fpdf.Fpdf
	width float64 // printable width in mm
	// transliterated is set once any text was outside the font's scripts.
	transliterated bool
}

// MultiCell is fpdf's, with text the font cannot show transliterated.
func (d *pdfDoc) MultiCell(w, h float64, txt, border, align string, fill bool) {
	d.Fpdf.MultiCell(w, h, d.printable(txt), border, align, fill)
}

// CellFormat is fpdf's, with text the font cannot show transliterated.
func (d *pdfDoc) CellFormat(w, h float64, txt, border string, ln int, align string, fill bool, link int, linkStr string) {
	d.Fpdf.CellFormat(w, h, d.printable(txt), border, ln, align, fill, link, linkStr)
}

func (d *pdfDoc) printable(s string) string {
	out, changed := printable(s)
	d.transliterated = d.transliterated || changed
	return out
}

const (
	pdfMargin = 18.0
	lineH     = 5.0
)

func newPDF(title, footer string, created time.Time) *pdfDoc {
	p := fpdf.New("P", "mm", "A4", "")
	// fpdf writes into the font bytes it is given while subsetting, so
	// each document gets its own copies: the package-level TTFs stay
	// pristine and every rendering of the same report is identical.
	p.AddUTF8FontFromBytes(fontSans, "", bytes.Clone(goregular.TTF))
	p.AddUTF8FontFromBytes(fontSans, "B", bytes.Clone(gobold.TTF))
	p.AddUTF8FontFromBytes(fontSans, "I", bytes.Clone(goitalic.TTF))
	p.AddUTF8FontFromBytes(fontMono, "", bytes.Clone(gomono.TTF))
	p.SetMargins(pdfMargin, pdfMargin, pdfMargin)
	p.SetAutoPageBreak(true, pdfMargin)
	p.SetTitle(title, true)
	p.SetCreator("collabcheck", true)
	p.SetLang("en")
	p.SetCreationDate(created)
	p.SetModificationDate(created)
	p.SetCatalogSort(true) // deterministic object order
	p.AliasNbPages("{nb}")
	p.SetFooterFunc(func() {
		p.SetY(-12)
		p.SetFont(fontSans, "", 8)
		p.SetTextColor(90, 90, 90)
		p.CellFormat(0, 5, fmt.Sprintf("%s · page %d of {nb}", footer, p.PageNo()), "", 0, "C", false, 0, "")
	})
	w, _ := p.GetPageSize()
	d := &pdfDoc{Fpdf: p, width: w - 2*pdfMargin}
	p.AddPage()
	return d
}

func (d *pdfDoc) font(style string, size float64) {
	d.SetFont(fontSans, style, size)
	d.SetTextColor(20, 20, 20)
}

func (d *pdfDoc) h1(s string) {
	d.font("B", 17)
	d.MultiCell(0, 8, s, "", "L", false)
	d.Ln(1)
}

func (d *pdfDoc) h2(s string) {
	if d.GetY() > 250 { // keep a heading with what follows it
		d.AddPage()
	}
	d.Ln(4)
	d.font("B", 13)
	d.SetTextColor(11, 79, 138)
	d.MultiCell(0, 7, s, "", "L", false)
	x, y := d.GetXY()
	d.SetDrawColor(11, 79, 138)
	d.SetLineWidth(0.5)
	d.Line(x, y, x+d.width, y)
	d.Ln(2)
}

func (d *pdfDoc) h3(s string) {
	if d.GetY() > 260 {
		d.AddPage()
	}
	d.Ln(1.5)
	d.font("B", 11)
	d.MultiCell(0, 5.5, s, "", "L", false)
}

func (d *pdfDoc) para(s string) {
	if s == "" {
		return
	}
	d.font("", 10)
	d.MultiCell(0, lineH, s, "", "L", false)
	d.Ln(1)
}

func (d *pdfDoc) meta(s string) {
	d.font("I", 9)
	d.SetTextColor(85, 85, 85)
	d.MultiCell(0, 4.5, s, "", "L", false)
	d.Ln(0.5)
}

// fact prints a labelled value, the label in a column of its own.
func (d *pdfDoc) fact(label, value string) {
	if value == "" {
		return
	}
	const lw = 38.0
	d.font("B", 10)
	y := d.GetY()
	d.CellFormat(lw, lineH, label, "", 0, "L", false, 0, "")
	d.font("", 10)
	d.SetXY(pdfMargin+lw, y)
	d.MultiCell(d.width-lw, lineH, value, "", "L", false)
}

// factMono is fact with the value in the monospace font (hashes).
func (d *pdfDoc) factMono(label, value string) {
	const lw = 38.0
	d.font("B", 10)
	y := d.GetY()
	d.CellFormat(lw, lineH, label, "", 0, "L", false, 0, "")
	d.SetFont(fontMono, "", 8.5)
	d.SetXY(pdfMargin+lw, y)
	d.MultiCell(d.width-lw, lineH, value, "", "L", false)
}

// bullet prints an indented list item.
func (d *pdfDoc) bullet(s string) {
	const indent = 6.0
	d.font("", 10)
	y := d.GetY()
	d.SetX(pdfMargin + 1.5)
	d.CellFormat(indent-1.5, lineH, "•", "", 0, "L", false, 0, "")
	d.SetXY(pdfMargin+indent, y)
	d.MultiCell(d.width-indent, lineH, s, "", "L", false)
}

// quote prints text people wrote (rationales, advice) indented with a rule.
func (d *pdfDoc) quote(s string) {
	const indent = 5.0
	d.font("", 10)
	y0 := d.GetY()
	page := d.PageNo()
	d.SetX(pdfMargin + indent)
	d.MultiCell(d.width-indent, lineH, s, "", "L", false)
	if d.PageNo() == page {
		d.SetDrawColor(180, 180, 180)
		d.SetLineWidth(0.8)
		d.Line(pdfMargin+1.5, y0, pdfMargin+1.5, d.GetY())
	}
	d.Ln(1)
}

func guidanceLine(gs []guidanceView) string {
	var parts []string
	for _, g := range gs {
		s := g.Name
		if g.Publisher != "" {
			s += " (" + g.Publisher + ")"
		}
		if g.URL != "" {
			s += " " + g.URL
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

// WriteCasePDF writes r's assessment report as an A4 PDF with the same
// content as WriteCaseHTML, for filing. Text is UTF-8 in embedded Go
// fonts; the document carries a title, language and page numbers, and its
// creation date is r.Generated (else the case's UpdatedAt), so the same
// report gives the same bytes.
func WriteCasePDF(w io.Writer, r CaseReport) error {
	v := newCaseView(r)
	created := r.Generated
	if created.IsZero() {
		created = r.Case.UpdatedAt
	}
	d := newPDF("Assessment report: "+v.Title, "collabcheck assessment report · case "+v.ID, created.UTC())

	var top []string
	top = append(top, "Assessment report")
	if v.Tenant != "" {
		top = append(top, v.Tenant)
	}
	if v.Generated != "" {
		top = append(top, "generated "+v.Generated)
	}
	d.meta(strings.Join(top, " · "))
	d.h1(v.Title)
	d.fact("Case", v.ID+" ("+v.State+")")
	d.fact("Tenant", v.Tenant)
	d.fact("Outcome", v.Outcome)
	d.fact("Risk", v.Risk)
	d.fact("Created", v.Created+" by "+v.CreatedBy)
	d.fact("Last updated", v.Updated)
	d.fact("Assigned to", v.Assignee)

	d.h2("Collaboration")
	d.para(v.Summary)
	d.fact("Research field", v.ResearchField)
	d.fact("Countries", strings.Join(v.Countries, ", "))
	d.fact("Funders", strings.Join(v.Funders, "; "))
	d.fact("Opportunity fields", strings.Join(v.Opportunity, "; "))
	if len(v.Partners) > 0 {
		d.h3("Partners")
		for _, p := range v.Partners {
			s := p.N + ". " + p.Name
			var extra []string
			for _, x := range []string{p.Kind, p.Country, p.Role} {
				if x != "" {
					extra = append(extra, x)
				}
			}
			if len(extra) > 0 {
				s += " (" + strings.Join(extra, ", ") + ")"
			}
			if p.Affiliations != "" {
				s += "; affiliations: " + p.Affiliations
			}
			d.bullet(s)
		}
	}

	d.h2("Findings")
	if len(v.Findings) == 0 {
		d.para("No rule of the policy held: there are no findings.")
	}
	for _, f := range v.Findings {
		d.h3(f.Title)
		d.meta(fmt.Sprintf("Severity %s · outcome %s · rule %s", f.Severity, f.Outcome, f.Rule))
		d.para(f.Description)
		if len(f.Evidence) > 0 {
			d.font("B", 10)
			d.MultiCell(0, lineH, "Evidence", "", "L", false)
			for _, e := range f.Evidence {
				d.bullet(e)
			}
		}
		if len(f.Guidance) > 0 {
			d.para("Guidance: " + guidanceLine(f.Guidance))
		}
	}

	d.h2("Required mitigations")
	if len(v.Mitigations) == 0 {
		d.para("None required.")
	}
	for _, m := range v.Mitigations {
		d.h3(m.Title)
		d.para(m.Reason)
		d.meta("Required by: " + m.Because)
		if len(m.Guidance) > 0 {
			d.para("Guidance: " + guidanceLine(m.Guidance))
		}
	}

	if len(v.Checklist) > 0 {
		d.h2("Mitigation checklist")
		for _, c := range v.Checklist {
			s := c.Title + " — " + c.Status
			if c.Note != "" {
				s += ". Note: " + c.Note
			}
			d.bullet(s)
		}
	}

	d.h2("Decision")
	if dc := v.Decision; dc != nil {
		d.fact("Outcome", dc.Outcome)
		d.fact("Decided by", dc.By)
		d.fact("Decided at", dc.At)
		d.fact("Recommended", dc.Recommended)
		if dc.Differs {
			d.font("B", 10)
			d.SetTextColor(122, 75, 0)
			d.MultiCell(0, lineH, "This decision differs from the assessment's recommendation ("+dc.Recommended+").", "", "L", false)
		}
		d.font("B", 10)
		d.MultiCell(0, lineH, "Rationale", "", "L", false)
		d.quote(dc.Rationale)
		if len(dc.Unconfirmed) > 0 {
			d.para("Mitigations not confirmed when decided: " + strings.Join(dc.Unconfirmed, ", "))
		}
	} else {
		d.para("No decision is in force.")
	}
	if len(v.Earlier) > 0 {
		d.h3("Earlier decisions")
		for _, e := range v.Earlier {
			s := fmt.Sprintf("%s: %s by %s", e.At, e.Outcome, e.By)
			if e.Differs {
				s += " (differs from recommendation " + e.Recommended + ")"
			}
			d.bullet(s + " — " + e.Rationale)
		}
	}

	if rf := v.Referral; rf != nil {
		d.h2("Adviser advice")
		d.para(fmt.Sprintf("Referred to %s by %s on %s.", rf.Tenant, rf.By, rf.At))
		if rf.Note != "" {
			d.quote(rf.Note)
		}
		if len(rf.Advice) == 0 {
			d.para("No advice given yet.")
		}
		for _, a := range rf.Advice {
			h := a.By + ", " + a.At
			if a.Recommendation != "" {
				h += ": recommends " + a.Recommendation
			}
			d.h3(h)
			d.quote(a.Text)
		}
	}

	d.h2("Versions used")
	pol := v.Policy
	if len(v.PolicySources) > 0 {
		pol += " (" + strings.Join(v.PolicySources, "; ") + ")"
	}
	d.fact("Policy", pol)
	tax := v.Taxonomy
	if tax == "" {
		tax = "not recorded"
	}
	d.fact("Taxonomy", tax)
	lists := strings.Join(v.Lists, "; ")
	if lists == "" {
		lists = "none"
	}
	d.fact("Lists", lists)
	d.factMono("Input hash", v.InputHash)
	if d.transliterated {
		d.Ln(3)
		d.meta("Text in scripts this PDF's font cannot show is given in square brackets, transliterated (Chinese " +
			"characters as pinyin) or as Unicode code points. The HTML report shows it as written.")
	}

	if err := d.Output(w); err != nil {
		return fmt.Errorf("write PDF report of case %d: %w", r.Case.ID, err)
	}
	return nil
}

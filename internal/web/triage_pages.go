package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/collabcheck/collabcheck/internal/report"
	"github.com/collabcheck/collabcheck/internal/secure"
	"github.com/collabcheck/collabcheck/internal/ui"
)

// triageRows is how many counterparty rows the triage form offers, and
// maxTriageRows the most it grows to.
const (
	triageRows    = 4
	maxTriageRows = 40
)

// triageView is the triage page: the form's choices and, after a
// submission, the triage.
type triageView struct {
	DealTypes []secure.DealType
	Roles     []secure.Role
	Rows      []int
	Result    *secure.Triage
}

func newTriageView(rows int) triageView {
	v := triageView{DealTypes: secure.DealTypes, Roles: secure.Roles}
	for i := range rows {
		v.Rows = append(v.Rows, i)
	}
	return v
}

// pageTriage shows the deal form.
func (s *server) pageTriage(w http.ResponseWriter, r *http.Request, _ query) error {
	p, err := principalOf(r)
	if err != nil {
		return err
	}
	return s.page(w, r, http.StatusOK, "triage", "Economic-security triage",
		ui.Page{Data: newTriageView(triageRows), Form: map[string]string{"company": p.Tenant.Name}})
}

// Where a triage submitted from the page goes: under the form, or into a
// report download (the page's download buttons send the deal again, as a
// triage is not stored).
const (
	triageOnPage = iota
	triageHTML
	triagePDF
)

// pageTriageSubmit triages the form's deal and shows the result under the
// form, or answers it as a report (to); an invalid deal is shown again
// with every problem by its field.
func (s *server) pageTriageSubmit(to int) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, _ query) error {
		return s.triageSubmit(w, r, to)
	}
}

func (s *server) triageSubmit(w http.ResponseWriter, r *http.Request, to int) error {
	if prob := readForm(w, r); prob != nil {
		return prob
	}
	rows := triageRows
	if n, err := strconv.Atoi(r.PostFormValue("rows")); err == nil && n > 0 {
		rows = min(n, maxTriageRows)
	}
	form := formValues(r)
	if r.PostFormValue("more") != "" {
		rows = min(rows+triageRows, maxTriageRows)
		return s.page(w, r, http.StatusOK, "triage", "Economic-security triage", ui.Page{Data: newTriageView(rows), Form: form})
	}
	dl, fe := dealFromForm(r, rows)
	dl, err := dl.Validate()
	if err != nil {
		var pe *secure.ParseError
		if !errors.As(err, &pe) {
			return err
		}
		for _, pr := range pe.Problems {
			fe.Add(dealField(pr.Path), pr.Msg)
		}
	}
	if fe.Any() {
		return s.page(w, r, http.StatusBadRequest, "triage", "Economic-security triage", ui.Page{Data: newTriageView(rows), Form: form, Errors: fe})
	}
	res, err := s.runTriage(r, dl)
	if err != nil {
		return err
	}
	if to != triageOnPage {
		return writeTriageReport(w, principalName(r), res, to == triagePDF)
	}
	v := newTriageView(rows)
	v.Result = &res
	return s.page(w, r, http.StatusOK, "triage", "Economic-security triage", ui.Page{Data: v, Form: form})
}

// writeTriageReport answers a triage as a PDF download or as a
// self-contained HTML report. A triage is not stored, so the page's form
// sends the deal again with the download button.
func writeTriageReport(w http.ResponseWriter, tenant string, res secure.Triage, pdf bool) error {
	rep := report.TriageReport{Triage: res, Tenant: tenant, Generated: time.Now().UTC().Truncate(time.Second)}
	var buf bytes.Buffer
	if pdf {
		if err := report.WriteTriagePDF(&buf, rep); err != nil {
			return fmt.Errorf("triage: PDF report: %w", err)
		}
		return download(w, mediaPDF, "triage.pdf", buf.Bytes())
	}
	if err := report.WriteTriageHTML(&buf, rep); err != nil {
		return fmt.Errorf("triage: HTML report: %w", err)
	}
	w.Header().Set("Content-Security-Policy", reportCSP)
	return download(w, "text/html; charset=utf-8", "", buf.Bytes())
}

// principalName is the signed-in caller's organisation name, or "".
func principalName(r *http.Request) string {
	if p, err := principalOf(r); err == nil {
		return p.Tenant.Name
	}
	return ""
}

// dealField maps a deal path ("counterparties[1].country") to the form
// field that holds it ("cp.country.1"); problems of the deal as a whole go
// to "".
func dealField(path string) string {
	switch path {
	case "company.name":
		return "company"
	case "company.country":
		return "company_country"
	case "type", "product", "summary", "destinations":
		return path
	}
	if rest, ok := strings.CutPrefix(path, "counterparties["); ok {
		i, field, _ := strings.Cut(rest, "]")
		field = strings.TrimPrefix(field, ".")
		switch field {
		case "name", "role", "country", "stake_percent":
			return "cp." + field + "." + i
		}
	}
	return ""
}

// dealFromForm reads the deal form. Rows without a name are skipped;
// numbers that do not parse are form errors.
func dealFromForm(r *http.Request, rows int) (secure.Deal, ui.FormErrors) {
	var fe ui.FormErrors
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	dl := secure.Deal{Company: secure.Company{Name: v("company"), Country: v("company_country")},
		Type: secure.DealType(v("type")), Product: v("product"), Summary: v("summary"), Counterparties: []secure.Counterparty{}}
	// Deal.Validate checks enumerations only when a file is decoded, so
	// the form's choices are checked here.
	if dl.Type != "" && !slices.Contains(secure.DealTypes, dl.Type) {
		fe.Add("type", fmt.Sprintf("unknown deal type %q", dl.Type))
	}
	for _, d := range strings.FieldsFunc(v("destinations"), func(r rune) bool { return r == ',' || r == ' ' }) {
		dl.Destinations = append(dl.Destinations, d)
	}
	for i := range rows {
		k := func(f string) string { return fmt.Sprintf("cp.%s.%d", f, i) }
		name := v(k("name"))
		if name == "" {
			continue
		}
		c := secure.Counterparty{Name: name, Role: secure.Role(v(k("role"))), Country: v(k("country"))}
		if !slices.Contains(secure.Roles, c.Role) {
			fe.Add(k("role"), fmt.Sprintf("unknown role %q", c.Role))
		}
		if s := v(k("stake_percent")); s != "" {
			f, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
			if err != nil {
				fe.Add(k("stake_percent"), fmt.Sprintf("%q is not a number", s))
			} else {
				c.StakePercent = &f
			}
		}
		c.BoardSeat = v(k("board_seat")) != ""
		if o := v(k("owned_by")); o != "" {
			for _, x := range strings.Split(o, ";") {
				if x = strings.TrimSpace(x); x != "" {
					c.OwnedBy = append(c.OwnedBy, x)
				}
			}
		}
		dl.Counterparties = append(dl.Counterparties, c)
	}
	return dl, fe
}

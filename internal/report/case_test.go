package report

import (
	"bytes"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/collabcheck/collabcheck/internal/report/pdftext"
)

var spaces = regexp.MustCompile(`\s+`)

// squash joins wrapped lines so phrases can be searched across them.
func squash(s string) string { return spaces.ReplaceAllString(s, " ") }

// keyTexts are what a case file must show, as a reader sees them.
var keyTexts = []string{
	"Refer to adviser",                  // the outcome
	"High",                              // the risk
	"Partner on an export-control list", // a finding
	"Université de Montréal",            // accented partner name
	"The partner laboratory is civilian and the export licence was granted.", // the rationale
	"Søren Kierkegård",                        // who decided and confirmed
	"Zoë Ðorđević",                            // adviser (Latin Extended)
	"Proceed only with the licence in place.", // advice
	"us_entity_list version 4",                // list version
	"Obtain an export licence",                // mitigation
	"cold-atom gravimeter",                    // phrase evidence
	"EL-123",                                  // source id
	"differs from the assessment's recommendation",
	"d4f0e1c2b3a4958677665544332211000fedcba98765432100123456789abcde", // input hash
}

func TestCasePDFText(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCasePDF(&b, CaseReport{Case: sampleCase(), Tenant: "Uni Zürich", Generated: t0}); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte("%PDF-")) {
		t.Fatalf("output does not start with a PDF header: %q", b.Bytes()[:min(8, b.Len())])
	}
	text, err := pdftext.Extract(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	got := squash(text)
	for _, want := range append(keyTexts, "Uni Zürich") {
		if !strings.Contains(got, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("PDF text:\n%s", text)
	}
}

func TestCasePDFDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	r := CaseReport{Case: sampleCase(), Tenant: "T", Generated: t0}
	if err := WriteCasePDF(&a, r); err != nil {
		t.Fatal(err)
	}
	if err := WriteCasePDF(&b, r); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two renderings of the same report differ")
	}
}

func TestCasePDFEmptyCase(t *testing.T) {
	// A draft with nothing in it still renders, saying what is missing.
	var b bytes.Buffer
	if err := WriteCasePDF(&b, CaseReport{}); err != nil {
		t.Fatal(err)
	}
	text, err := pdftext.Extract(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"there are no findings", "No decision is in force", "None required"} {
		if !strings.Contains(squash(text), want) {
			t.Errorf("empty report lacks %q", want)
		}
	}
}

func TestCaseHTML(t *testing.T) {
	var b bytes.Buffer
	c := sampleCase()
	c.Assessment.Findings[0].Title = `Partner <script>alert(1)</script>`
	if err := WriteCaseHTML(&b, CaseReport{Case: c, Tenant: "Uni Zürich", Generated: t0}); err != nil {
		t.Fatal(err)
	}
	h := b.String()
	text := html.UnescapeString(h)
	for _, want := range keyTexts {
		if want == "Partner on an export-control list" {
			continue
		}
		if !strings.Contains(text, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if strings.Contains(h, "<script") {
		t.Error("HTML contains an unescaped script element")
	}
	if !strings.Contains(h, "&lt;script&gt;") {
		t.Error("finding title was not escaped")
	}
	// Self-contained: no external stylesheet, script, image or font.
	for _, bad := range []string{"<link", "<script", "<img", "@import", "url("} {
		if strings.Contains(h, bad) {
			t.Errorf("HTML refers to an external resource: %q", bad)
		}
	}
	if !strings.Contains(h, "@media print") {
		t.Error("HTML has no print styles")
	}
}

func TestCasePDFOtherScripts(t *testing.T) {
	c := sampleCase()
	c.Collaboration.Partners[1].Name = "清华大学"
	c.Collaboration.Partners = append(c.Collaboration.Partners, assessPartner("서울대학교"), assessPartner("Московский университет"))
	var b bytes.Buffer
	if err := WriteCasePDF(&b, CaseReport{Case: c}); err != nil {
		t.Fatal(err)
	}
	text, err := pdftext.Extract(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	text = squash(text)
	for _, want := range []string{"[qing hua da xue]", "[U+C11C U+C6B8", "Московский университет", "given in square brackets"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF lacks %q", want)
		}
	}
	var h bytes.Buffer
	if err := WriteCaseHTML(&h, CaseReport{Case: c}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(h.String(), "清华大学") || !strings.Contains(h.String(), "서울대학교") {
		t.Error("HTML does not show the names as written")
	}
}

func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"Université":   "Université",
		"Łódź":         "Łódź",
		"北京 大学 (PKU)":  "[bei jing da xue] (PKU)",
		"a\x01b":       "ab",
		"Zoë Ðorđević": "Zoë Ðorđević",
		"Ελληνικό":     "Ελληνικό",
	} {
		if got, _ := printable(in); got != want {
			t.Errorf("printable(%q) = %q, want %q", in, got, want)
		}
	}
}

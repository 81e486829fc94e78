package report

import (
	"bytes"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// TestCasePDFValidates runs pdfcpu's validator (strict mode) over the
// report: cross-reference table, object structure, fonts and page tree
// must be what a standard reader expects.
func TestCasePDFValidates(t *testing.T) {
	for name, r := range map[string]CaseReport{
		"full":  {Case: sampleCase(), Tenant: "Uni Zürich", Generated: t0},
		"empty": {},
	} {
		var b bytes.Buffer
		if err := WriteCasePDF(&b, r); err != nil {
			t.Fatal(err)
		}
		conf := model.NewDefaultConfiguration()
		conf.ValidationMode = model.ValidationStrict
		if err := api.Validate(bytes.NewReader(b.Bytes()), conf); err != nil {
			t.Errorf("%s: pdfcpu rejects the PDF: %v", name, err)
		}
	}
}

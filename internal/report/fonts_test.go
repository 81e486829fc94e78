package report

import (
	"bytes"
	"crypto/sha256"
	"testing"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
)

func TestPDFLeavesEmbeddedFontsUntouched(t *testing.T) {
	before := [][32]byte{sha256.Sum256(goregular.TTF), sha256.Sum256(gobold.TTF), sha256.Sum256(goitalic.TTF), sha256.Sum256(gomono.TTF)}
	var a bytes.Buffer
	if err := WriteCasePDF(&a, CaseReport{Case: sampleCase(), Tenant: "T", Generated: t0}); err != nil {
		t.Fatal(err)
	}
	after := [][32]byte{sha256.Sum256(goregular.TTF), sha256.Sum256(gobold.TTF), sha256.Sum256(goitalic.TTF), sha256.Sum256(gomono.TTF)}
	for i := range before {
		if before[i] != after[i] {
			t.Errorf("rendering a PDF changed embedded font %d (fpdf writes into the bytes it is given)", i)
		}
	}
}

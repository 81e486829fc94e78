package pdftext

import (
	"bytes"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/goregular"
)

func TestExtract(t *testing.T) {
	p := fpdf.New("P", "mm", "A4", "")
	p.AddUTF8FontFromBytes("go", "", goregular.TTF)
	p.AddPage()
	p.SetFont("go", "", 12)
	p.Cell(0, 6, "Łódź Universität — ψ")
	p.AddPage()
	p.SetFont("Helvetica", "", 12) // a simple font without ToUnicode
	p.Cell(0, 6, "plain ASCII page")
	var b bytes.Buffer
	if err := p.Output(&b); err != nil {
		t.Fatal(err)
	}
	got, err := Extract(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	pages := strings.Split(got, "\f")
	if len(pages) != 2 {
		t.Fatalf("got %d pages, want 2: %q", len(pages), got)
	}
	if !strings.Contains(pages[0], "Łódź Universität — ψ") {
		t.Errorf("page 1 = %q", pages[0])
	}
	if !strings.Contains(pages[1], "plain ASCII page") {
		t.Errorf("page 2 = %q", pages[1])
	}
}

func TestExtractRejectsNonPDF(t *testing.T) {
	for name, in := range map[string][]byte{
		"empty":     nil,
		"text":      []byte("hello, not a pdf"),
		"truncated": []byte("%PDF-1.4\n1 0 obj\n<<"),
	} {
		if _, err := Extract(in); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

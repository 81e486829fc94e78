package techarea

import (
	"errors"
	"testing"
	"unicode/utf8"
)

// FuzzTaxonomyOverride feeds arbitrary bytes to the override loader: it must
// return a taxonomy or a *ValidationError, never panic, and a taxonomy it
// accepts must compile and classify.
func FuzzTaxonomyOverride(f *testing.F) {
	f.Add([]byte(goodOverride))
	f.Add([]byte("version: x\nareas:\n  - id: quantum\n    terms: [{weight: 1, phrases: [\"abc*\"]}]\n"))
	f.Add([]byte("version: x\nareas: [{id: marine, mode: replace, kind: sensitive, name: M, terms: [{weight: 2, phrases: [ship]}]}]\n"))
	f.Add([]byte("a: &a [*a]\n"))
	f.Add([]byte("version: [\n"))
	f.Add(DefaultYAML()[:2000])
	base, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tax, err := base.WithOverride("fuzz.yaml", data)
		if err != nil {
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("error %T %v is not a *ValidationError", err, err)
			}
			return
		}
		c, err := NewClassifier(tax)
		if err != nil {
			t.Fatalf("accepted taxonomy does not compile: %v", err)
		}
		if _, err := c.Classify(Document{Title: "quantum robots", Abstract: string(data)}); err != nil && utf8.Valid(data) {
			t.Fatalf("classify: %v", err)
		}
	})
}

// FuzzClassify checks that any title and abstract give a result or one of
// the documented errors, and that evidence always points inside the text.
func FuzzClassify(f *testing.F) {
	f.Add("Quantum key distribution over fibre", "We distribute keys with entangled photons.")
	f.Add("", "")
	f.Add("\xff", "ok")
	f.Add("量子计算", "机器学习 climate model")
	f.Add("SLAM UAV", "nuclear receptor nuclear reactor post-quantum cryptography*")
	c, err := DefaultClassifier()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, title, abstract string) {
		res, err := c.Classify(Document{Title: title, Abstract: abstract})
		if err != nil {
			if !errors.Is(err, ErrEmpty) && !errors.Is(err, ErrInvalidUTF8) {
				t.Fatalf("undocumented error: %v", err)
			}
			return
		}
		for _, group := range [][]Label{res.Areas, res.Fields, res.Candidates} {
			for _, l := range group {
				if l.Score < 0 || l.Score >= 1 {
					t.Fatalf("score %v out of range", l.Score)
				}
				for _, e := range l.Evidence {
					text := title
					if e.Field == FieldAbstract {
						text = abstract
					}
					if e.Start < 0 || e.End > len(text) || e.Start >= e.End || text[e.Start:e.End] != e.Phrase {
						t.Fatalf("evidence %+v outside its field", e)
					}
				}
			}
		}
	})
}

package techarea

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
)

func classify(t *testing.T, c *Classifier, title, abstract string) Result {
	t.Helper()
	res, err := c.Classify(Document{ID: "t", Title: title, Abstract: abstract})
	if err != nil {
		t.Fatalf("Classify(%q): %v", title, err)
	}
	return res
}

func findLabel(res Result, id string) (Label, bool) {
	for _, group := range [][]Label{res.Areas, res.Fields, res.Candidates} {
		for _, l := range group {
			if l.ID == id {
				return l, true
			}
		}
	}
	return Label{}, false
}

func TestClassifyCases(t *testing.T) {
	c := mustDefault(t)
	tests := []struct {
		name            string
		title, abstract string
		areas, fields   string // comma-separated, in output order
	}{
		{"quantum computing", "Error correction on a superconducting quantum processor",
			"We run repeated stabiliser measurements on 49 qubits and show logical error suppression.", "quantum", ""},
		{"post-quantum crypto", "Side-channel resistant implementation of lattice-based key encapsulation",
			"We present a masked implementation and evaluate leakage with power traces.", "cryptography_cyber", ""},
		{"pure maths", "On the cohomology of moduli spaces of curves",
			"We compute the stable cohomology ring and prove a conjecture on tautological classes.", "", ""},
		{"economics", "Monetary policy transmission through bank lending",
			"Using loan-level data we show that rate cuts raise lending mostly for small firms.", "", ""},
		{"false friend: nuclear receptor", "Nuclear receptor signalling in the liver",
			"The nuclear receptor regulates fatty acid oxidation in mice.", "", "health"},
		{"false friend: food security", "Food security of smallholder households",
			"We study food security and crop diversification among farmers.", "", "agrifood"},
		{"astronomy", "Stellar populations in dwarf galaxies",
			"Deep photometry with a space telescope reveals an old metal-poor population.", "", "planetary_astronomy"},
		{"robot in title counts more", "Legged robot locomotion", "We study control.", "robotics_autonomy", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := classify(t, c, tc.title, tc.abstract)
			if got := labelIDs(res.Areas); got != tc.areas {
				t.Errorf("areas = %q, want %q", got, tc.areas)
			}
			if got := labelIDs(res.Fields); got != tc.fields {
				t.Errorf("fields = %q, want %q", got, tc.fields)
			}
		})
	}
}

// The example: a climate-model paper that uses machine learning is
// climate_environment with a low artificial_intelligence score.
func TestClimateWithMachineLearningHasLowAIScore(t *testing.T) {
	c := mustDefault(t)
	res := classify(t, c, "Machine learning emulation of a global climate model",
		"We train a deep neural network on climate model simulations to emulate regional precipitation and temperature under new emission scenarios, supporting drought and heatwave risk assessment.")
	if labelIDs(res.Fields) != "climate_environment" {
		t.Fatalf("fields = %q", labelIDs(res.Fields))
	}
	if len(res.Areas) != 0 {
		t.Fatalf("areas = %q, want none", labelIDs(res.Areas))
	}
	ai, ok := findLabel(res, "artificial_intelligence")
	if !ok {
		t.Fatal("AI should appear as a low-scoring candidate with its evidence")
	}
	if ai.Assigned || ai.Score >= 0.5 {
		t.Errorf("AI score %.3f assigned=%v, want a low unassigned score", ai.Score, ai.Assigned)
	}
	discounted := false
	for _, e := range ai.Evidence {
		discounted = discounted || strings.Contains(e.Note, "mainly about climate_environment")
	}
	if !discounted {
		t.Errorf("AI evidence does not explain the discount: %+v", ai.Evidence)
	}
	// The same words in an AI paper are not discounted.
	res = classify(t, c, "Machine learning with deep neural networks: a new training method",
		"We propose a training method for deep neural networks that improves generalization on image classification benchmarks.")
	if labelIDs(res.Areas) != "artificial_intelligence" {
		t.Errorf("AI paper areas = %q", labelIDs(res.Areas))
	}
}

func TestEvidenceIsExact(t *testing.T) {
	c := mustDefault(t)
	title := "Trapped-ion QUBITS for quantum networks"
	abstract := "Entanglement between two trapped ions is distributed over 2 km of fibre. Entanglement fidelity is 0.9."
	res := classify(t, c, title, abstract)
	q, ok := findLabel(res, "quantum")
	if !ok || !q.Assigned {
		t.Fatalf("quantum not assigned: %+v", res)
	}
	sum := 0.0
	fields := map[string]string{FieldTitle: title, FieldAbstract: abstract}
	for _, e := range q.Evidence {
		sum += e.Weight
		text := fields[e.Field]
		if e.Start < 0 || e.End > len(text) || text[e.Start:e.End] != e.Phrase {
			t.Errorf("evidence %+v does not point at its phrase in %s", e, e.Field)
		}
	}
	if math.Abs(sum-q.Raw) > 0.01 {
		t.Errorf("evidence weights sum to %.3f, raw score is %.3f", sum, q.Raw)
	}
	if want := round3(1 - math.Exp2(-q.Raw/HalfScore)); q.Score != want {
		t.Errorf("score %.3f, want %.3f from raw %.3f", q.Score, want, q.Raw)
	}
	// "QUBITS" in the title matches "qubit*" with the title factor.
	var qubit *Evidence
	for i := range q.Evidence {
		if q.Evidence[i].Phrase == "QUBITS" {
			qubit = &q.Evidence[i]
		}
	}
	if qubit == nil || qubit.Field != FieldTitle || qubit.Weight != 3*TitleFactor {
		t.Errorf("title qubit evidence = %+v", qubit)
	}
	// The repeated "Entanglement" counts once fully and once as a repeat.
	var full, repeat int
	for _, e := range q.Evidence {
		if e.Term == "entanglement" {
			if e.Note == "repeat" {
				repeat++
			} else {
				full++
			}
		}
	}
	if full != 1 || repeat != 1 {
		t.Errorf("entanglement counted full=%d repeat=%d", full, repeat)
	}
}

func TestRepeatsAreBounded(t *testing.T) {
	c := mustDefault(t)
	res := classify(t, c, "", strings.Repeat("The attack was fast. ", 50))
	if len(res.Areas) != 0 {
		t.Errorf("one weak word repeated assigned %q", labelIDs(res.Areas))
	}
	l, ok := findLabel(res, "cryptography_cyber")
	if !ok {
		t.Fatal("attack should leave some evidence")
	}
	if len(l.Evidence) != 1+MaxRepeats {
		t.Errorf("evidence has %d entries, want %d", len(l.Evidence), 1+MaxRepeats)
	}
}

func TestCaseSensitiveAcronyms(t *testing.T) {
	c := mustDefault(t)
	res := classify(t, c, "", "Our UAV flies SLAM missions; a slam poetry event is unrelated.")
	r, ok := findLabel(res, "robotics_autonomy")
	if !ok {
		t.Fatal("robotics evidence missing")
	}
	for _, e := range r.Evidence {
		if e.Phrase == "slam" {
			t.Error("lower-case slam matched the SLAM acronym")
		}
	}
	if len(r.Evidence) != 2 {
		t.Errorf("evidence = %+v, want UAV and SLAM", r.Evidence)
	}
}

func TestHints(t *testing.T) {
	c := mustDefault(t)
	res := classify(t, c, "Cryptanalysis of a block cipher", "We present a differential attack recovering the secret key of a lightweight cipher.")
	if labelIDs(res.Areas) != "cryptography_cyber" {
		t.Fatalf("areas = %q", labelIDs(res.Areas))
	}
	var kinds []string
	var du5p2, atas bool
	for _, h := range res.Hints {
		kinds = append(kinds, h.Kind)
		if h.Kind == HintExportControl && h.Code == "DU5P2" {
			du5p2 = true
			if !reflect.DeepEqual(h.Areas, []string{"cryptography_cyber"}) || h.Reference == "" || !strings.Contains(h.Note, "not a legal determination") {
				t.Errorf("DU5P2 hint = %+v", h)
			}
		}
		if h.Kind == HintATAS && h.Code == "CAH11-01-01" {
			atas = true
		}
	}
	if !du5p2 || !atas {
		t.Errorf("hints %v lack DU5P2 or the computer science ATAS code", kinds)
	}
	// Opportunity-only text gives no export-control hints.
	res = classify(t, c, "Drought and crop yields", "Rainfall deficits reduce maize yields on smallholder farms.")
	for _, h := range res.Hints {
		if h.Kind == HintExportControl {
			t.Errorf("unexpected hint %+v", h)
		}
	}
}

func TestBadInput(t *testing.T) {
	c := mustDefault(t)
	if _, err := c.Classify(Document{Title: "  ", Abstract: "\n"}); !errors.Is(err, ErrEmpty) {
		t.Errorf("blank input: err = %v, want ErrEmpty", err)
	}
	_, err := c.Classify(Document{Title: "ok", Abstract: "bad \xff byte"})
	if !errors.Is(err, ErrInvalidUTF8) || !strings.Contains(err.Error(), "abstract byte 4") {
		t.Errorf("invalid UTF-8: err = %v", err)
	}
	_, err = c.Classify(Document{Title: "\xc3"})
	if !errors.Is(err, ErrInvalidUTF8) || !strings.Contains(err.Error(), "title") {
		t.Errorf("invalid UTF-8 title: err = %v", err)
	}
}

func TestHugeInputIsTruncated(t *testing.T) {
	c := mustDefault(t)
	// 10 MB with a multi-byte character straddling the cut.
	body := strings.Repeat("é quantum computing qubits. ", 10<<20/29+1)
	res, err := c.Classify(Document{Title: "Qubits", Abstract: body})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Truncated || len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "only the first") {
		t.Errorf("truncation not reported: %v %v", res.Truncated, res.Warnings)
	}
	if labelIDs(res.Areas) != "quantum" {
		t.Errorf("areas = %q", labelIDs(res.Areas))
	}
	for _, l := range res.Areas {
		for _, e := range l.Evidence {
			if e.End > MaxInputBytes {
				t.Errorf("evidence beyond the limit: %+v", e)
			}
		}
	}
}

func TestOtherLanguagesDoNotCrash(t *testing.T) {
	c := mustDefault(t)
	texts := []string{
		"量子计算与超导量子比特的纠错研究",
		"Квантовые вычисления на сверхпроводящих кубитах",
		"التعلم الآلي لنمذجة المناخ",
		"Réseaux de neurones profonds pour la traduction automatique",
		"😀🚀 \u200d\u0301 \ufeff",
	}
	for _, s := range texts {
		res, err := c.Classify(Document{Title: s, Abstract: s})
		if err != nil {
			t.Errorf("%q: %v", s, err)
		}
		for _, l := range res.Areas {
			t.Errorf("%q: unexpected area %s", s, l.ID)
		}
	}
}

func TestDeterministic(t *testing.T) {
	c := mustDefault(t)
	doc := Document{ID: "d", Title: "Radar and lidar sensor fusion for autonomous driving", Abstract: "We fuse radar, lidar and camera data with a transformer network for object detection on public benchmarks."}
	first, err := c.Classify(doc)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 20; i++ {
		again, _ := c.Classify(doc)
		if !reflect.DeepEqual(first, again) {
			t.Fatalf("run %d differs", i)
		}
	}
}

func TestFoldAndTokenize(t *testing.T) {
	for in, want := range map[string]string{
		"qubits": "qubit", "batteries": "battery", "analysis": "analysis", "gas": "gas",
		"glasses": "glass", "process": "process", "status": "status", "switches": "switch", "days": "days",
	} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
	toks := tokenize("Post-quantum (PQC) 5G, café", nil)
	var words []string
	for _, tk := range toks {
		words = append(words, tk.orig)
	}
	if got := strings.Join(words, "|"); got != "Post|quantum|PQC|5G|café" {
		t.Errorf("tokens = %s", got)
	}
}

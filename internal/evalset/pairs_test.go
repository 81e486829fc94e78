package evalset

import (
	"math"
	"strings"
	"testing"
)

func TestPairsEmbedded(t *testing.T) {
	ps := Pairs()
	if len(ps) < 250 {
		t.Fatalf("%d pairs, want at least 250", len(ps))
	}
	count := map[string]map[bool]int{}
	seen := map[[2]string]bool{}
	for _, p := range ps {
		if count[p.Type] == nil {
			count[p.Type] = map[bool]int{}
		}
		count[p.Type][p.Same]++
		k := [2]string{p.A, p.B}
		if seen[k] || seen[[2]string{p.B, p.A}] {
			t.Errorf("duplicate pair %q / %q", p.A, p.B)
		}
		seen[k] = true
		if p.A == p.B {
			t.Errorf("pair of identical names %q", p.A)
		}
		if p.Note == "" {
			t.Errorf("pair %q / %q has no note saying why it is hard", p.A, p.B)
		}
	}
	for _, typ := range []string{"person", "organization"} {
		pos, neg := count[typ][true], count[typ][false]
		if pos < 50 || neg < 50 {
			t.Errorf("%s: %d positives, %d negatives; want at least 50 of each", typ, pos, neg)
		}
		if share := float64(pos) / float64(pos+neg); share < 0.4 || share > 0.6 {
			t.Errorf("%s: positives are %.2f of pairs, want balanced", typ, share)
		}
	}
}

func TestParsePairsErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"person\t1\tA\n", "line 1: 3 tab-separated fields"},
		{"# c\n\nanimal\t1\tA\tB\n", "line 3: type \"animal\""},
		{"person\tyes\tA\tB\n", "same \"yes\""},
		{"person\t1\t \tB\n", "empty name"},
		{"person\t1\t\xff\tB\n", "invalid UTF-8"},
	}
	for _, tt := range tests {
		_, err := ParsePairs(strings.NewReader(tt.in), "p.tsv")
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "p.tsv") {
			t.Errorf("ParsePairs(%q) error %v, want it to name p.tsv and say %q", tt.in, err, tt.want)
		}
	}
	ps, err := ParsePairs(strings.NewReader("organization\t0\tA Co\tB Co\r\nperson\t1\tX\tY\tnote\n"), "p.tsv")
	if err != nil || len(ps) != 2 || ps[0].Same || !ps[1].Same || ps[1].Note != "note" || ps[0].B != "B Co" {
		t.Errorf("ParsePairs good input = %+v, %v", ps, err)
	}
}

func TestEvaluatePairs(t *testing.T) {
	pairs := []Pair{
		{A: "a", B: "a2", Type: "person", Same: true},
		{A: "b", B: "b2", Type: "person", Same: true},
		{A: "c", B: "d", Type: "person", Same: false},
		{A: "e", B: "e2", Type: "organization", Same: true},
		{A: "f", B: "g", Type: "organization", Same: false},
		{A: "h", B: "i", Type: "organization", Same: false},
	}
	// says "same" when the first letters agree, and also for f/g
	score := func(a, b, typ string) (float64, bool) {
		same := a[0] == b[0] || (a == "f" && b == "g")
		if a == "b" {
			same = false
		}
		if same {
			return 0.9, true
		}
		return 0.1, false
	}
	rep := EvaluatePairs(pairs, score)
	o := rep.Overall
	if o.TruePos != 2 || o.FalseNeg != 1 || o.FalsePos != 1 || o.TrueNeg != 2 {
		t.Fatalf("overall %+v", o)
	}
	if math.Abs(o.Precision-2.0/3) > 1e-9 || math.Abs(o.Recall-2.0/3) > 1e-9 || math.Abs(o.F1-2.0/3) > 1e-9 {
		t.Errorf("overall P/R/F1 %v %v %v", o.Precision, o.Recall, o.F1)
	}
	if len(rep.ByType) != 2 || rep.ByType[0].Type != "organization" || rep.ByType[1].Type != "person" {
		t.Fatalf("by type %+v", rep.ByType)
	}
	if org := rep.ByType[0]; org.TruePos != 1 || org.FalsePos != 1 || org.TrueNeg != 1 || math.Abs(org.Precision-0.5) > 1e-9 || org.Recall != 1 {
		t.Errorf("organization %+v", org)
	}
	if len(rep.Errors) != 2 {
		t.Errorf("errors %+v", rep.Errors)
	}
	s := rep.String()
	for _, w := range []string{"false negative [person] \"b\"", "false positive [organization] \"f\"", "all"} {
		if !strings.Contains(s, w) {
			t.Errorf("report lacks %q:\n%s", w, s)
		}
	}
	// an exact-string scorer finds none of the hard positives it should
	naive := EvaluatePairs(Pairs(), func(a, b, _ string) (float64, bool) { return 0, normKey(a) == normKey(b) })
	if naive.Overall.F1 > 0.2 {
		t.Errorf("exact matching scores F1 %.2f on the hard pairs; they are not hard", naive.Overall.F1)
	}
}

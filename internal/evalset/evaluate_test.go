package evalset

import (
	"math"
	"strings"
	"testing"
)

func TestEvaluateScreening(t *testing.T) {
	cases := []Case{
		{Query: "a", Variant: "wos", WantSourceIDs: []string{"A"}},
		{Query: "b", Variant: "wos", WantSourceIDs: []string{"B", "B2"}},
		{Query: "c", Variant: "typo", WantSourceIDs: []string{"C"}},
		{Query: "d", Variant: "typo", WantSourceIDs: []string{"P"}}, // child hit via parent family
		{Query: "e", Variant: "typo", WantSourceIDs: []string{"E"}},
		{Query: "n1", Variant: "registry"},
		{Query: "n2", Variant: "registry"},
		{Query: "n3", Variant: "synthetic"},
	}
	answers := map[string][]Result{
		"a":  {{SourceID: "A", Score: 0.9, Match: true}},
		"b":  {{SourceID: "X", Score: 0.5, Match: true}, {SourceID: "B2", Score: 0.8, Match: true}}, // top-1 by score
		"c":  {{SourceID: "C", Score: 0.9, Match: false}},                                           // right id, no match
		"d":  {{SourceID: "P/sub/some-slug", Score: 0.9, Match: true}},
		"e":  nil,
		"n1": {{SourceID: "Z", Score: 0.4, Match: false}},
		"n2": {{SourceID: "Z", Score: 0.3, Match: false}, {SourceID: "Y", Score: 0.2, Match: true}},
		"n3": nil,
	}
	rep := EvaluateScreening(cases, func(q string) []Result { return answers[q] })
	if rep.Positives != 5 || rep.Correct != 3 {
		t.Errorf("positives %d correct %d, want 5 and 3", rep.Positives, rep.Correct)
	}
	if math.Abs(rep.Recall()-0.6) > 1e-9 {
		t.Errorf("recall %v, want 0.6", rep.Recall())
	}
	if rep.Negatives != 3 || rep.FalsePositiveCount != 1 || math.Abs(rep.FPRate()-1.0/3) > 1e-9 {
		t.Errorf("negatives %d fp %d rate %v", rep.Negatives, rep.FalsePositiveCount, rep.FPRate())
	}
	if len(rep.Misses) != 2 || rep.Misses[0].Case.Query != "c" || rep.Misses[1].Case.Query != "e" {
		t.Errorf("misses %+v", rep.Misses)
	}
	if len(rep.FalsePositives) != 1 || rep.FalsePositives[0].Got[0].SourceID != "Y" {
		t.Errorf("false positives %+v", rep.FalsePositives)
	}
	want := map[string][3]int{ // cases, correct, fp
		"false/typo": {3, 1, 0}, "false/wos": {2, 2, 0}, "true/registry": {2, 0, 1}, "true/synthetic": {1, 0, 0},
	}
	if len(rep.ByVariant) != len(want) {
		t.Fatalf("variants %+v", rep.ByVariant)
	}
	for _, v := range rep.ByVariant {
		k := map[bool]string{false: "false/", true: "true/"}[v.Negative] + v.Variant
		w := want[k]
		if v.Cases != w[0] || v.Correct != w[1] || v.FalsePositives != w[2] {
			t.Errorf("%s: %+v, want %v", k, v, w)
		}
	}
	s := rep.String()
	for _, w := range []string{"recall 0.6000", "rate 0.3333", "misses (2)", `"c"`, "false positives (1)", "Y 0.200 match"} {
		if !strings.Contains(s, w) {
			t.Errorf("report text lacks %q:\n%s", w, s)
		}
	}
	if empty := EvaluateScreening(nil, nil); empty.Recall() != 0 || empty.FPRate() != 0 {
		t.Error("empty report should give zero rates")
	}
}

func TestReportStringCapsExamples(t *testing.T) {
	var cases []Case
	for i := 0; i < reportExamples+5; i++ {
		cases = append(cases, Case{Query: "q", Variant: "exact", WantSourceIDs: []string{"A"}})
	}
	s := EvaluateScreening(cases, func(string) []Result { return nil }).String()
	if !strings.Contains(s, "... 5 more") {
		t.Errorf("long miss lists should be cut:\n%s", s)
	}
}

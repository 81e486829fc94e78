package gold

import (
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	tests := []struct {
		file, format string
		want         [][]string
	}{
		{"crossref.csv", FormatCrossref, [][]string{{"https://ror.org/0uni00001"}, {"https://ror.org/0hos00001"}}},
		// An organisation without a ROR id is labelled by its name.
		{"s2aff.csv", FormatS2AFF, [][]string{{"https://ror.org/0hos00001", "https://ror.org/0uni00001"}, nil, {"Westmere Polytechnic"}, {"Eastmere's College", "https://ror.org/0uni00001"}}},
		{"rorlogs.csv", FormatRORLogs, [][]string{{"https://ror.org/0uni00001"}, nil, nil}},
		{"s2aff.csv", "", [][]string{{"https://ror.org/0hos00001", "https://ror.org/0uni00001"}, nil, {"Westmere Polytechnic"}, {"Eastmere's College", "https://ror.org/0uni00001"}}},
	}
	for _, tc := range tests {
		rows, err := Read(filepath.Join("testdata", tc.file), tc.format)
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		var got [][]string
		for _, r := range rows {
			got = append(got, r.Labels)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s labels = %v, want %v", tc.file, got, tc.want)
		}
	}
}

func TestReadErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		path, format, want string
	}{
		{write("a.csv", "affiliation,ror_id\nX,not-a-ror-id\n"), FormatCrossref, "line 2"},
		{write("b.csv", "name,id\nX,Y\n"), FormatCrossref, "lacks the columns"},
		{write("c.csv", "affiliation,ror_id\n\"unterminated,https://ror.org/0uni00001\n"), FormatCrossref, "c.csv line"},
		{write("d.csv", "affiliation,ror_id\n\xff,x\n"), FormatCrossref, "not valid UTF-8"},
		{write("e.csv", "affiliation,ror_id\n"), "xml", "unknown format"},
	}
	for _, tc := range tests {
		if _, err := Read(tc.path, tc.format); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Read(%s) error = %v, want it to mention %q", filepath.Base(tc.path), err, tc.want)
		}
	}
}

func TestEvaluate(t *testing.T) {
	rows := []Row{
		{Input: "a", Labels: []string{"A"}},
		{Input: "b", Labels: []string{"B", "C"}},
		{Input: "none"},
		{Input: "none2"},
		{Input: "unknown", Labels: []string{"Z"}},
	}
	answers := map[string][]string{"a": {"A"}, "b": {"B", "X"}, "none": nil, "none2": {"Q"}}
	rep := Evaluate(rows, func(s string) []string { return answers[s] }, func(id string) bool { return id != "Z" })
	if rep.Skipped != 1 || rep.TruePos != 2 || rep.FalsePos != 2 || rep.FalseNeg != 1 || rep.Abstained != 1 || rep.Unlabelled != 2 {
		t.Fatalf("unexpected counts %+v", rep)
	}
	if p, r := rep.Precision(), rep.Recall(); p != 0.5 || r != 2.0/3 {
		t.Errorf("precision %v recall %v", p, r)
	}
	if len(rep.False) != 2 || len(rep.Misses) != 0 {
		t.Errorf("outcomes: false %d misses %d", len(rep.False), len(rep.Misses))
	}
}

func TestUnmentioned(t *testing.T) {
	rows := []Row{
		{Input: "alpha lab", Labels: []string{"A"}},       // found
		{Input: "beta institute", Labels: []string{"B"}},  // missed, mentioned
		{Input: "gamma centre", Labels: []string{"C"}},    // missed, not mentioned
		{Input: "delta unit", Labels: []string{"D", "E"}}, // one wrong answer, D missed and not mentioned
	}
	answers := map[string][]string{"alpha lab": {"A"}, "delta unit": {"X", "E"}}
	rep := Evaluate(rows, func(s string) []string { return answers[s] }, nil)
	mentions := func(id, input string) bool { return id == "B" || id == "A" }
	if got := rep.Unmentioned(mentions); got != 2 {
		t.Fatalf("Unmentioned = %d, want 2 (C and D)", got)
	}
	// TP 2 (A, E), FN 3 (B, C, D): at most B could still be found.
	if got := rep.RecallCeiling(2); got != 3.0/5 {
		t.Errorf("RecallCeiling = %v, want 0.6", got)
	}
}

func TestSetAside(t *testing.T) {
	rows := []Row{
		{Input: "unit", Labels: []string{"P"}},          // chose U, a unit of P
		{Input: "two", Labels: []string{"P", "U"}},      // chose U only: P labelled beside its unit
		{Input: "retired", Labels: []string{"R"}},       // chose S, R's successor
		{Input: "wrong", Labels: []string{"A"}},         // chose X: a mistake
		{Input: "missed", Labels: []string{"B"}},        // chose nothing: a mistake
		{Input: "right", Labels: []string{"C"}},         // chose C
		{Input: "retired alone", Labels: []string{"R"}}, // chose nothing
	}
	answers := map[string][]string{"unit": {"U"}, "two": {"U"}, "retired": {"S"}, "wrong": {"X"}, "right": {"C"}}
	rep := Evaluate(rows, func(s string) []string { return answers[s] }, nil)
	whyWrong := func(id string, o Outcome) string {
		switch {
		case id == "U" && slices.Contains(o.Row.Labels, "P"):
			return "unit"
		case id == "S" && slices.Contains(o.Row.Labels, "R"):
			return "successor"
		}
		return ""
	}
	whyMissing := func(id string, o Outcome) string {
		switch {
		case id == "R":
			return "retired"
		case id == "P" && slices.Contains(o.Got, "U"):
			return "parent"
		}
		return ""
	}
	a := rep.SetAside(whyWrong, whyMissing)
	// TP: U (two), C. FP: U (unit), S, X. FN: P (unit), P (two), R, A, B, R.
	if rep.TruePos != 2 || rep.FalsePos != 3 || rep.FalseNeg != 6 {
		t.Fatalf("report counts TP %d FP %d FN %d", rep.TruePos, rep.FalsePos, rep.FalseNeg)
	}
	wantWrong := map[string]int{"unit": 1, "successor": 1}
	wantMissing := map[string]int{"parent": 2, "retired": 2}
	if !maps.Equal(a.Wrong, wantWrong) || !maps.Equal(a.Missing, wantMissing) {
		t.Errorf("set aside wrong %v missing %v, want %v %v", a.Wrong, a.Missing, wantWrong, wantMissing)
	}
	if a.TruePos != 2 || a.FalsePos != 1 || a.FalseNeg != 2 || a.Precision() != 2.0/3 || a.Recall() != 0.5 {
		t.Errorf("recounted %+v: precision %v recall %v", a, a.Precision(), a.Recall())
	}
	s := a.Summary()
	for _, want := range []string{"1 false matches follow the rule unit", "2 misses follow the rule retired", "precision 0.6667  recall 0.5000"} {
		if !strings.Contains(s, want) {
			t.Errorf("summary lacks %q:\n%s", want, s)
		}
	}
}

package secure

import (
	"errors"
	"strings"
	"testing"
)

func mustDefault(t *testing.T) *Questionnaire {
	t.Helper()
	qn, err := DefaultQuestionnaire()
	if err != nil {
		t.Fatalf("embedded questionnaire: %v", err)
	}
	return qn
}

func TestDefaultQuestionnaireShape(t *testing.T) {
	qn := mustDefault(t)
	want := []string{"know_threats", "business_environment", "products_ip", "partnerships_supply_chain", "secure_growth"}
	if len(qn.Principles) != len(want) {
		t.Fatalf("principles = %d, want %d", len(qn.Principles), len(want))
	}
	for i, pr := range qn.Principles {
		if pr.ID != want[i] {
			t.Errorf("principle %d = %s, want %s", i, pr.ID, want[i])
		}
		if n := len(pr.Questions); n < 6 || n > 10 {
			t.Errorf("principle %s has %d questions, want 6-10", pr.ID, n)
		}
		for _, q := range pr.Questions {
			if q.Action.Reference == "" {
				t.Errorf("question %s: action has no reference to public guidance", q.ID)
			}
		}
	}
}

func TestParseQuestionnaireRejects(t *testing.T) {
	const base = `version: "1"
title: T
levels: [{min: 0, id: low, label: Low}]
references: [{id: r, title: R, url: "https://example.org"}]
principles:
  - id: p1
    title: P
    summary: S
    questions:
`
	const q = `      - id: q1
        text: Q?
        help: H
        kind: scale
        weight: 3
        action: {title: A, reason: R, effort: small, priority: high, reference: r}
`
	tests := []struct {
		name, body string
		want       []string // substrings of the error, each with its line
	}{
		{"ok", q, nil},
		{"unknown field", strings.Replace(q, "weight: 3", "weight: 3\n        colour: red", 1), []string{`line 15: principles[0].questions[0].colour: unknown field "colour"`}},
		{"duplicate id", q + q, []string{`line 16: principles[0].questions[1].id: duplicate question id "q1"`}},
		{"bad weight", strings.Replace(q, "weight: 3", "weight: 9", 1), []string{"line 14: principles[0].questions[0].weight: weight 9 must be between 1 and 5"}},
		{"weight not a number", strings.Replace(q, "weight: 3", "weight: high", 1), []string{"line 14: principles[0].questions[0].weight: want a number"}},
		{"bad effort and reference", strings.Replace(q, "effort: small, priority: high, reference: r", "effort: tiny, priority: high, reference: nope", 1),
			[]string{`unknown effort "tiny"`, `unknown reference "nope"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseQuestionnaire("q.yaml", []byte(base+tc.body))
			if tc.want == nil {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("want *ParseError, got %v", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
		})
	}
}

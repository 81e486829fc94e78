package secure

import (
	"testing"
)

// Whatever the bytes, parsing an answer set or a deal returns a value or
// an error, never a panic, and an accepted answer set always scores.
func FuzzParseAnswers(f *testing.F) {
	qn, err := DefaultQuestionnaire()
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte(qn.Template()))
	f.Add([]byte(`{"version": "2026.1", "answers": {"env_mfa": "yes"}}`))
	f.Add([]byte("version: 1\nanswers: [1, 2]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ParseAnswers(qn, "fuzz.yaml", data)
		if err != nil {
			return
		}
		if _, err := Score(qn, a); err != nil {
			t.Fatalf("accepted answers do not score: %v", err)
		}
	})
}

func FuzzParseDeal(f *testing.F) {
	f.Add([]byte("company: {name: X}\ntype: export\nproduct: p\ncounterparties: [{name: Y, role: partner}]\n"))
	f.Add([]byte(`{"company": {"name": "X"}, "type": "investment", "product": "p", "counterparties": [{"name": "F", "role": "investor", "stake_percent": 30}]}`))
	p, err := DefaultTriagePolicy()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ParseDeal("fuzz.yaml", data)
		if err != nil {
			return
		}
		_ = RunTriage(d, TriageFacts{}, p)
	})
}

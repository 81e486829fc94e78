package secure

import "testing"

func BenchmarkScore(b *testing.B) {
	qn, err := DefaultQuestionnaire()
	if err != nil {
		b.Fatal(err)
	}
	a := answersAll(qn, map[string]string{"env_mfa": AnswerPartly, "ip_strategy": AnswerNo})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Score(qn, a); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseQuestionnaire(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseQuestionnaire(QuestionnaireName, questionnaireYAML); err != nil {
			b.Fatal(err)
		}
	}
}

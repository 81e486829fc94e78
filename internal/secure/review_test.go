package secure

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// answersAll answers every question of qn with the best (or given) answer.
func answersAll(qn *Questionnaire, override map[string]string) AnswerSet {
	a := AnswerSet{Version: qn.Version, Company: "Example Ltd", Answers: map[string]string{}}
	for _, pr := range qn.Principles {
		for _, q := range pr.Questions {
			best := AnswerYes
			if q.Kind == KindChoice {
				for _, c := range q.Choices {
					if c.Score == 1 {
						best = c.ID
					}
				}
			}
			a.Answers[q.ID] = best
		}
	}
	for k, v := range override {
		a.Answers[k] = v
	}
	return a
}

func TestTemplateIsFillableAndRejectedEmpty(t *testing.T) {
	qn := mustDefault(t)
	tpl := qn.Template()
	// The unfilled template parses as YAML and names every question, but
	// is rejected for its empty answers.
	_, err := ParseAnswers(qn, "template.yaml", []byte(tpl))
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("want *ParseError for the empty template, got %v", err)
	}
	n := 0
	for _, pr := range qn.Principles {
		for _, q := range pr.Questions {
			if !strings.Contains(tpl, "  "+q.ID+": \"\"") {
				t.Errorf("template lacks question %s", q.ID)
			}
			if q.IsRequired() {
				n++
			}
		}
	}
	if len(pe.Problems) != n {
		t.Errorf("empty template: %d problems, want one per required question (%d)", len(pe.Problems), n)
	}
	// Filled in with yes everywhere (and a choice), it is accepted.
	filled := strings.ReplaceAll(tpl, `: ""`, ": yes")
	filled = strings.Replace(filled, "growth_export_process: yes", "growth_export_process: classified", 1)
	filled = strings.Replace(filled, "threats_review_cadence: yes", "threats_review_cadence: yearly", 1)
	filled = strings.Replace(filled, "company: yes", `company: "Example Ltd"`, 1)
	filled = strings.Replace(filled, "date: yes", `date: "2026-11-29"`, 1)
	if _, err := ParseAnswers(qn, "filled.yaml", []byte(filled)); err != nil {
		t.Fatalf("filled template rejected: %v", err)
	}
}

func TestParseAnswersRejectsWithEveryReason(t *testing.T) {
	qn := mustDefault(t)
	src := `version: "1999.1"
company: X
answers:
  threats_assets: maybe
  threats_actors: yes
  no_such_question: yes
  env_mfa: not_applicable
  threats_actors: no
`
	_, err := ParseAnswers(qn, "a.yaml", []byte(src))
	if err == nil {
		t.Fatal("want an error")
	}
	for _, w := range []string{
		`line 1: version: answers questionnaire version "1999.1", but this questionnaire is version "` + qn.Version + `"`,
		`line 4: answers.threats_assets: invalid answer "maybe" (want one of yes, partly, no)`,
		`line 6: answers.no_such_question: unknown question "no_such_question"`,
		`line 7: answers.env_mfa: invalid answer "not_applicable"`,
		`line 8: answers.threats_actors: duplicate key (first at line 5)`,
		"answers: missing required answers: threats_owner",
	} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %q:\n%v", w, err)
		}
	}
}

func TestScore(t *testing.T) {
	qn := mustDefault(t)
	perfect, err := Score(qn, answersAll(qn, nil))
	if err != nil {
		t.Fatal(err)
	}
	if perfect.Overall != 100 || len(perfect.Actions) != 0 {
		t.Fatalf("all best answers: overall %d, %d actions; want 100 and none", perfect.Overall, len(perfect.Actions))
	}
	if perfect.OverallLevel.ID != "embedded" {
		t.Errorf("level = %s, want embedded", perfect.OverallLevel.ID)
	}

	// know_threats weights: assets 5, actors 4, owner 4, sensitive 4,
	// approaches 3, cadence 2 = 22. assets no (0), actors partly (0.5),
	// cadence ad_hoc (0.4): (4*0.5 + 4 + 4 + 3 + 2*0.4) / 22 = 13.8/22.
	r, err := Score(qn, answersAll(qn, map[string]string{
		"threats_assets": AnswerNo, "threats_actors": AnswerPartly, "threats_review_cadence": "ad_hoc",
		"env_travel": AnswerNA, "growth_exit_planning": "",
	}))
	if err != nil {
		t.Fatal(err)
	}
	kt := r.Principles[0]
	if want := 63; kt.Score != want { // round(100*13.8/22) = 62.7
		t.Errorf("know_threats score = %d, want %d", kt.Score, want)
	}
	if kt.Level.ID != "established" {
		t.Errorf("know_threats level = %s, want established", kt.Level.ID)
	}
	if r.Principles[1].Score != 100 || !r.Principles[1].Applicable {
		t.Errorf("not_applicable must not count against business_environment: %+v", r.Principles[1])
	}
	if got := r.Principles[4].Unanswered; len(got) != 1 || got[0] != "growth_exit_planning" {
		t.Errorf("unanswered optional = %v", got)
	}
	// Ranks: assets high(3)*5*1 = 15; actors high(3)*4*0.5 = 6; cadence
	// low(1)*2*0.6 = 1.2.
	var got []string
	for _, a := range r.Actions {
		got = append(got, fmt.Sprintf("%s=%v", a.Question, a.Rank))
		if a.Reason == "" || a.Effort == "" || a.Reference.URL == "" {
			t.Errorf("action %s lacks reason, effort or reference: %+v", a.Question, a)
		}
	}
	if want := "threats_assets=15 threats_actors=6 threats_review_cadence=1.2"; strings.Join(got, " ") != want {
		t.Errorf("actions = %s, want %s", strings.Join(got, " "), want)
	}
}

func TestScoreRefusesUncheckedAnswers(t *testing.T) {
	qn := mustDefault(t)
	a := answersAll(qn, map[string]string{"env_mfa": "sometimes"})
	if _, err := Score(qn, a); err == nil || !strings.Contains(err.Error(), `invalid answer "sometimes"`) {
		t.Fatalf("want invalid-answer error, got %v", err)
	}
}

func TestCompareProgress(t *testing.T) {
	qn := mustDefault(t)
	prev, err := Score(qn, answersAll(qn, map[string]string{"threats_assets": AnswerNo, "env_mfa": AnswerPartly}))
	if err != nil {
		t.Fatal(err)
	}
	cur, err := Score(qn, answersAll(qn, map[string]string{"env_mfa": AnswerPartly, "ip_strategy": AnswerNo}))
	if err != nil {
		t.Fatal(err)
	}
	Compare(&cur, prev)
	p := cur.Progress
	ids := func(rs []ActionRef) string {
		var out []string
		for _, r := range rs {
			out = append(out, r.Question)
		}
		return strings.Join(out, ",")
	}
	if ids(p.Done) != "threats_assets" || ids(p.New) != "ip_strategy" || ids(p.StillOpen) != "env_mfa" {
		t.Errorf("done %v new %v open %v", p.Done, p.New, p.StillOpen)
	}
	deltas := map[string]int{}
	for _, d := range p.Principles {
		deltas[d.ID] = d.Delta
	}
	if deltas["know_threats"] <= 0 || deltas["products_ip"] >= 0 || deltas["business_environment"] != 0 {
		t.Errorf("deltas = %v: want know_threats up, products_ip down, business_environment unchanged", deltas)
	}
}

// A worked example: an invented robotics start-up's first review, in YAML
// and the same answers in JSON.
func TestWorkedReviewExample(t *testing.T) {
	qn := mustDefault(t)
	data, err := os.ReadFile(filepath.Join("testdata", "robotics_answers.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := ParseAnswers(qn, "robotics_answers.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Score(qn, a)
	if err != nil {
		t.Fatal(err)
	}
	// business_environment: cyber 5×.5 + mfa 5 + backups 4×.5 + access 4 +
	// screening 3×.5 + culture 0 + incident 0 (travel n/a) = 15 of 27.
	var be PrincipleScore
	for _, p := range r.Principles {
		if p.ID == "business_environment" {
			be = p
		}
	}
	if be.Score != 56 || be.Level.ID != "established" { // round(100*15/27) = 55.6
		t.Errorf("business_environment = %d %s, want 56 established", be.Score, be.Level.ID)
	}
	// Unanswered optional growth_exit_planning stays out of the score.
	// The top of the plan: high-priority weight-5 questions answered no
	// (rank 15), in principle order, then by id.
	var top []string
	for _, x := range r.Actions[:3] {
		top = append(top, x.Question)
	}
	if got := strings.Join(top, ","); got != "partners_due_diligence,growth_investor_checks,growth_nsi" {
		t.Errorf("top actions = %s", got)
	}
	for i := 1; i < len(r.Actions); i++ {
		if r.Actions[i].Rank > r.Actions[i-1].Rank {
			t.Fatalf("plan not ranked: %v before %v", r.Actions[i-1], r.Actions[i])
		}
	}

	js, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	a2, err := ParseAnswers(qn, "robotics.json", js)
	if err != nil {
		t.Fatalf("the same answers as JSON: %v", err)
	}
	r2, _ := Score(qn, a2)
	if r2.Overall != r.Overall {
		t.Errorf("JSON scores %d, YAML %d", r2.Overall, r.Overall)
	}
	// A JSON answer set's problems carry lines too.
	_, err = ParseAnswers(qn, "bad.json", []byte("{\n  \"version\": \"2026.1\",\n  \"answers\": {\n    \"env_mfa\": \"perhaps\"\n  }\n}"))
	if err == nil || !strings.Contains(err.Error(), `line 4: answers.env_mfa: invalid answer "perhaps"`) {
		t.Errorf("JSON problem = %v", err)
	}
}

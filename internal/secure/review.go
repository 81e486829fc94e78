package secure

import (
	"fmt"
	"github.com/collabcheck/collabcheck/internal/strictdoc"
	"math"
	"slices"
	"sort"
	"strings"
)

// AnswerSet is a founder's answers to one version of the questionnaire.
type AnswerSet struct {
	// Version is the questionnaire version answered; it must match.
	Version string `json:"version"`
	Company string `json:"company"`
	// Date is when the review was taken (YYYY-MM-DD), free text otherwise.
	Date string `json:"date,omitempty"`
	// Answers map question ids to answers: yes, partly, no,
	// not_applicable, or a choice id.
	Answers map[string]string `json:"answers"`
	// Notes are optional remarks per question id.
	Notes map[string]string `json:"notes,omitempty"`
}

// ParseAnswers reads an answer set from YAML or JSON and checks it against
// qn. An answer set that does not fit — wrong or missing version, unknown
// question, invalid answer, missing required answers — is rejected with
// every reason in one *ParseError.
func ParseAnswers(qn *Questionnaire, name string, data []byte) (AnswerSet, error) {
	var a AnswerSet
	d := strictdoc.NewDecoder()
	if err := d.Parse(name, data, MaxFileBytes, &a); err != nil {
		return a, err
	}
	a.check(qn, d)
	if err := d.Err(name); err != nil {
		return AnswerSet{}, err
	}
	return a, nil
}

// Validate checks an answer set built in code or received through an API
// the same way ParseAnswers checks a file.
func (a AnswerSet) Validate(qn *Questionnaire) error {
	d := strictdoc.NewDecoder()
	a.check(qn, d)
	return d.Err("answers")
}

func (a *AnswerSet) check(qn *Questionnaire, d *strictdoc.Decoder) {
	a.Version = strings.TrimSpace(a.Version)
	switch {
	case a.Version == "":
		d.ProblemAt("version", "version is required: the questionnaire version answered (%s)", qn.Version)
	case a.Version != qn.Version:
		d.ProblemAt("version", "answers questionnaire version %q, but this questionnaire is version %q; take the review again from a fresh template", a.Version, qn.Version)
	}
	ids := make([]string, 0, len(a.Answers))
	for id := range a.Answers {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		path := "answers." + id
		q, ok := qn.Question(id)
		if !ok {
			d.ProblemAt(path, "unknown question %q in questionnaire version %s", id, qn.Version)
			continue
		}
		v := strings.TrimSpace(a.Answers[id])
		if v == "" {
			if q.IsRequired() {
				d.ProblemAt(path, "no answer (want one of %s)", strings.Join(q.Valid(), ", "))
			}
			continue
		}
		if _, _, ok := q.score(v); !ok {
			d.ProblemAt(path, "invalid answer %q (want one of %s)", v, strings.Join(q.Valid(), ", "))
		}
	}
	var missing []string
	for _, pr := range qn.Principles {
		for _, q := range pr.Questions {
			if _, ok := a.Answers[q.ID]; !ok && q.IsRequired() {
				missing = append(missing, q.ID)
			}
		}
	}
	if len(missing) > 0 {
		d.ProblemAt("answers", "missing required answers: %s", strings.Join(missing, ", "))
	}
	for id := range a.Notes {
		if _, ok := qn.Question(id); !ok {
			d.ProblemAt("notes."+id, "note for unknown question %q", id)
		}
	}
}

// Review is a scored answer set: maturity per principle, the action plan,
// and (when a previous review is given) the progress since.
type Review struct {
	QuestionnaireVersion string           `json:"questionnaire_version"`
	Company              string           `json:"company"`
	Date                 string           `json:"date,omitempty"`
	Overall              int              `json:"overall"`
	OverallLevel         Level            `json:"overall_level"`
	Principles           []PrincipleScore `json:"principles"`
	Actions              []PlannedAction  `json:"actions"`
	Progress             *Progress        `json:"progress,omitempty"`
}

// PrincipleScore is the maturity of one principle. Score is the weighted
// mean of the answered, applicable questions' scores, 0-100; Applicable
// is false when every question was not applicable or unanswered.
type PrincipleScore struct {
	ID         string `json:"id"`
	Title      string `json:"title"`
	Score      int    `json:"score"`
	Level      Level  `json:"level"`
	Applicable bool   `json:"applicable"`
	Answered   int    `json:"answered"`
	Questions  int    `json:"questions"`
	// Unanswered lists optional questions left out of the score.
	Unanswered []string `json:"unanswered,omitempty"`
}

// PlannedAction is one entry of the action plan. Rank is priority factor
// × weight × gap, the gap being 1 minus the answer's score.
type PlannedAction struct {
	Question  string    `json:"question"`
	Principle string    `json:"principle"`
	Title     string    `json:"title"`
	Reason    string    `json:"reason"`
	Effort    Effort    `json:"effort"`
	Priority  Priority  `json:"priority"`
	Answer    string    `json:"answer"`
	Gap       float64   `json:"gap"`
	Rank      float64   `json:"rank"`
	Reference Reference `json:"reference,omitzero"`
}

// Progress compares a review with a previous one.
type Progress struct {
	PreviousDate    string           `json:"previous_date,omitempty"`
	OverallDelta    int              `json:"overall_delta"`
	Principles      []PrincipleDelta `json:"principles"`
	Done            []ActionRef      `json:"done"`
	New             []ActionRef      `json:"new"`
	StillOpen       []ActionRef      `json:"still_open"`
	PreviousOverall int              `json:"previous_overall"`
}

// ActionRef names an action of a plan by its question and title.
type ActionRef struct {
	Question string `json:"question"`
	Title    string `json:"title"`
}

// PrincipleDelta is one principle's change in score.
type PrincipleDelta struct {
	ID       string `json:"id"`
	Previous int    `json:"previous"`
	Current  int    `json:"current"`
	Delta    int    `json:"delta"`
}

// Score scores a checked answer set (from ParseAnswers or Validate). It
// returns an error if the answers do not fit qn, so an unchecked set cannot
// produce a misleading score.
func Score(qn *Questionnaire, a AnswerSet) (Review, error) {
	if err := a.Validate(qn); err != nil {
		return Review{}, err
	}
	r := Review{QuestionnaireVersion: qn.Version, Company: a.Company, Date: a.Date, Actions: []PlannedAction{}}
	var totalW, totalS float64
	for _, pr := range qn.Principles {
		ps := PrincipleScore{ID: pr.ID, Title: pr.Title, Questions: len(pr.Questions)}
		var w, s float64
		for _, q := range pr.Questions {
			ans := strings.TrimSpace(a.Answers[q.ID])
			if ans == "" {
				ps.Unanswered = append(ps.Unanswered, q.ID)
				continue
			}
			ps.Answered++
			sc, na, _ := q.score(ans)
			if na {
				continue
			}
			w += q.Weight
			s += q.Weight * sc
			if gap := 1 - sc; gap > 0 {
				ref, _ := qn.Reference(q.Action.Reference)
				r.Actions = append(r.Actions, PlannedAction{
					Question: q.ID, Principle: pr.ID, Title: q.Action.Title, Reason: q.Action.Reason,
					Effort: q.Action.Effort, Priority: q.Action.Priority, Answer: ans,
					Gap: round2(gap), Rank: round2(q.Action.Priority.Factor() * q.Weight * gap), Reference: ref,
				})
			}
		}
		if w > 0 {
			ps.Applicable = true
			ps.Score = int(math.Round(100 * s / w))
			ps.Level = qn.Level(ps.Score)
		}
		totalW += w
		totalS += s
		r.Principles = append(r.Principles, ps)
	}
	if totalW > 0 {
		r.Overall = int(math.Round(100 * totalS / totalW))
	}
	r.OverallLevel = qn.Level(r.Overall)
	order := map[string]int{}
	for i, pr := range qn.Principles {
		order[pr.ID] = i
	}
	sort.SliceStable(r.Actions, func(i, j int) bool {
		x, y := r.Actions[i], r.Actions[j]
		if x.Rank != y.Rank {
			return x.Rank > y.Rank
		}
		if order[x.Principle] != order[y.Principle] {
			return order[x.Principle] < order[y.Principle]
		}
		return x.Question < y.Question
	})
	return r, nil
}

// Compare records in r the progress since prev: per-principle score
// changes, the actions done (in prev's plan, not in r's), new (in r's
// plan only) and still open.
func Compare(r *Review, prev Review) {
	p := &Progress{PreviousDate: prev.Date, PreviousOverall: prev.Overall, OverallDelta: r.Overall - prev.Overall,
		Principles: []PrincipleDelta{}, Done: []ActionRef{}, New: []ActionRef{}, StillOpen: []ActionRef{}}
	old := map[string]PrincipleScore{}
	for _, ps := range prev.Principles {
		old[ps.ID] = ps
	}
	for _, ps := range r.Principles {
		o, ok := old[ps.ID]
		if !ok || !o.Applicable || !ps.Applicable {
			continue
		}
		p.Principles = append(p.Principles, PrincipleDelta{ID: ps.ID, Previous: o.Score, Current: ps.Score, Delta: ps.Score - o.Score})
	}
	cur := map[string]bool{}
	for _, a := range r.Actions {
		cur[a.Question] = true
	}
	was := map[string]bool{}
	for _, a := range prev.Actions {
		was[a.Question] = true
		if cur[a.Question] {
			p.StillOpen = append(p.StillOpen, ActionRef{a.Question, a.Title})
		} else {
			p.Done = append(p.Done, ActionRef{a.Question, a.Title})
		}
	}
	for _, a := range r.Actions {
		if !was[a.Question] {
			p.New = append(p.New, ActionRef{a.Question, a.Title})
		}
	}
	byQuestion := func(x, y ActionRef) int { return strings.Compare(x.Question, y.Question) }
	slices.SortFunc(p.Done, byQuestion)
	slices.SortFunc(p.New, byQuestion)
	slices.SortFunc(p.StillOpen, byQuestion)
	r.Progress = p
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// Template writes the questionnaire as a fillable YAML answer set: every
// question as comments (principle, text, help, valid answers) above an
// empty answer, so a founder fills it in with any editor.
func (qn *Questionnaire) Template() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s, version %s.\n", qn.Title, qn.Version)
	b.WriteString("# Fill in each answer, then run: collabcheck review --answers THIS_FILE\n")
	b.WriteString("# Scale answers: yes, partly, no (not_applicable where offered).\n")
	fmt.Fprintf(&b, "version: %q\ncompany: \"\"\ndate: \"\"\nanswers:\n", qn.Version)
	for _, pr := range qn.Principles {
		fmt.Fprintf(&b, "\n  # === %s ===\n  # %s\n", pr.Title, pr.Summary)
		for _, q := range pr.Questions {
			b.WriteString("\n")
			writeComment(&b, q.Text)
			writeComment(&b, "Help: "+q.Help)
			if q.Kind == KindChoice {
				for _, c := range q.Choices {
					writeComment(&b, fmt.Sprintf("  %s: %s", c.ID, c.Label))
				}
			} else {
				writeComment(&b, "Answer: "+strings.Join(q.Valid(), " | "))
			}
			if !q.IsRequired() {
				writeComment(&b, "(optional)")
			}
			fmt.Fprintf(&b, "  %s: \"\"\n", q.ID)
		}
	}
	return b.String()
}

// writeComment writes s as indented YAML comment lines of about 100
// characters.
func writeComment(b *strings.Builder, s string) {
	line := "  #"
	for _, w := range strings.Fields(s) {
		if len(line)+1+len(w) > 100 && line != "  #" {
			b.WriteString(line + "\n")
			line = "  #"
		}
		line += " " + w
	}
	b.WriteString(line + "\n")
}

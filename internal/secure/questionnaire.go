package secure

import (
	_ "embed"
	"fmt"
	"github.com/collabcheck/collabcheck/internal/strictdoc"
	"regexp"
	"strings"
	"sync"
)

//go:embed questionnaire.yaml
var questionnaireYAML []byte

// QuestionnaireName is the name the embedded questionnaire carries in errors.
const QuestionnaireName = "questionnaire.yaml (embedded)"

// MaxFileBytes bounds a questionnaire, answer set or deal file, so a wrong
// path fails fast with a clear error.
const MaxFileBytes = 1 << 20

// Kind is how a question is answered.
type Kind string

// Question kinds.
const (
	// KindScale is answered yes, partly or no (and not_applicable when the
	// question allows it).
	KindScale Kind = "scale"
	// KindChoice is answered with one of the question's choices.
	KindChoice Kind = "choice"
)

func (k Kind) Check() error { return checkEnum("question kind", k, []Kind{KindScale, KindChoice}) }

// Scale answers.
const (
	AnswerYes    = "yes"
	AnswerPartly = "partly"
	AnswerNo     = "no"
	AnswerNA     = "not_applicable"
)

// scaleScores are the scores of the scale answers; not_applicable has none.
var scaleScores = map[string]float64{AnswerYes: 1, AnswerPartly: 0.5, AnswerNo: 0}

// Effort is how much work an action takes.
type Effort string

// Efforts.
const (
	EffortSmall  Effort = "small"
	EffortMedium Effort = "medium"
	EffortLarge  Effort = "large"
)

func (e Effort) Check() error {
	return checkEnum("effort", e, []Effort{EffortSmall, EffortMedium, EffortLarge})
}

// Priority is how urgent an action is; it multiplies the action's rank.
type Priority string

// Priorities.
const (
	PriorityHigh   Priority = "high"
	PriorityMedium Priority = "medium"
	PriorityLow    Priority = "low"
)

func (p Priority) Check() error {
	return checkEnum("priority", p, []Priority{PriorityHigh, PriorityMedium, PriorityLow})
}

// Factor is the priority's multiplier in the action ranking.
func (p Priority) Factor() float64 {
	switch p {
	case PriorityHigh:
		return 3
	case PriorityMedium:
		return 2
	}
	return 1
}

// Questionnaire is a validated, versioned self-review. Answer sets name
// the version they answer. Use DefaultQuestionnaire or ParseQuestionnaire.
type Questionnaire struct {
	Version    string      `json:"version"`
	Title      string      `json:"title"`
	Levels     []Level     `json:"levels"`
	References []Reference `json:"references"`
	Principles []Principle `json:"principles"`

	byID map[string]*Question
}

// Level names a maturity band: a principle scoring Min or more (and less
// than the next level's Min) is at this level.
type Level struct {
	Min   int    `json:"min"`
	ID    string `json:"id"`
	Label string `json:"label"`
}

// Reference is public guidance an action points to.
type Reference struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	URL   string `json:"url"`
}

// Principle is one of the five secure-innovation principles with its
// questions.
type Principle struct {
	ID        string     `json:"id"`
	Title     string     `json:"title"`
	Summary   string     `json:"summary"`
	Questions []Question `json:"questions"`
}

// Question is one self-review question.
type Question struct {
	ID   string `json:"id"`
	Text string `json:"text"`
	Help string `json:"help"`
	Kind Kind   `json:"kind"`
	// Choices are the answers of a choice question.
	Choices []Choice `json:"choices,omitempty"`
	// Weight (1-5) is how much the question counts within its principle.
	Weight float64 `json:"weight"`
	// Required is true unless the file says false; nil means the default.
	Required *bool `json:"required,omitempty"`
	// AllowNA lets a scale question be answered not_applicable.
	AllowNA bool   `json:"allow_na,omitempty"`
	Action  Action `json:"action"`

	principle string
}

// IsRequired reports whether an answer set must answer the question.
func (q *Question) IsRequired() bool { return q.Required == nil || *q.Required }

// Principle returns the id of the question's principle.
func (q *Question) Principle() string { return q.principle }

// Choice is one answer of a choice question.
type Choice struct {
	ID    string  `json:"id"`
	Label string  `json:"label"`
	Score float64 `json:"score"`
	// NotApplicable marks a choice that takes the question out of the
	// score, like not_applicable on a scale question.
	NotApplicable bool `json:"not_applicable,omitempty"`
}

// Action is what a poorly answered question implies.
type Action struct {
	Title     string   `json:"title"`
	Reason    string   `json:"reason"`
	Effort    Effort   `json:"effort"`
	Priority  Priority `json:"priority"`
	Reference string   `json:"reference,omitempty"`
}

var idPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{1,63}$`)

// DefaultQuestionnaire returns the embedded questionnaire, parsed once and
// shared (a Questionnaire is not modified after parsing, so handlers may
// call this per request). It fails only if the binary was built with a
// broken file, which the tests prevent.
func DefaultQuestionnaire() (*Questionnaire, error) { return defaultQuestionnaire() }

var defaultQuestionnaire = sync.OnceValues(func() (*Questionnaire, error) {
	return ParseQuestionnaire(QuestionnaireName, questionnaireYAML)
})

// ParseQuestionnaire reads and validates a questionnaire from YAML or JSON.
// Every problem (unknown fields, duplicate ids, weights outside 1-5, bad
// scores, unknown references, levels out of order) is reported in one
// *ParseError with its path and line.
func ParseQuestionnaire(name string, data []byte) (*Questionnaire, error) {
	q := &Questionnaire{}
	d := strictdoc.NewDecoder()
	if err := d.Parse(name, data, MaxFileBytes, q); err != nil {
		return nil, err
	}
	q.validate(d)
	if err := d.Err(name); err != nil {
		return nil, err
	}
	return q, nil
}

func (qn *Questionnaire) validate(d *strictdoc.Decoder) {
	if strings.TrimSpace(qn.Version) == "" {
		d.ProblemAt("version", "version is required")
	}
	if strings.TrimSpace(qn.Title) == "" {
		d.ProblemAt("title", "title is required")
	}
	if len(qn.Levels) == 0 {
		d.ProblemAt("levels", "at least one level is required")
	}
	for i, l := range qn.Levels {
		p := fmt.Sprintf("levels[%d]", i)
		if i == 0 && l.Min != 0 {
			d.ProblemAt(p+".min", "the first level must start at 0")
		}
		if i > 0 && l.Min <= qn.Levels[i-1].Min {
			d.ProblemAt(p+".min", "levels must be in increasing order of min")
		}
		if l.Min < 0 || l.Min > 100 {
			d.ProblemAt(p+".min", "min must be between 0 and 100")
		}
		if !idPattern.MatchString(l.ID) {
			d.ProblemAt(p+".id", "level id %q must be lower-case letters, digits and underscores", l.ID)
		}
	}
	refs := map[string]bool{}
	for i, r := range qn.References {
		p := fmt.Sprintf("references[%d]", i)
		if refs[r.ID] {
			d.ProblemAt(p+".id", "duplicate reference id %q", r.ID)
		}
		refs[r.ID] = true
		if !strings.HasPrefix(r.URL, "https://") {
			d.ProblemAt(p+".url", "url must start with https://")
		}
	}
	if len(qn.Principles) == 0 {
		d.ProblemAt("principles", "at least one principle is required")
	}
	qn.byID = map[string]*Question{}
	pids := map[string]bool{}
	for i := range qn.Principles {
		pr := &qn.Principles[i]
		pp := fmt.Sprintf("principles[%d]", i)
		if !idPattern.MatchString(pr.ID) {
			d.ProblemAt(pp+".id", "principle id %q must be lower-case letters, digits and underscores", pr.ID)
		}
		if pids[pr.ID] {
			d.ProblemAt(pp+".id", "duplicate principle id %q", pr.ID)
		}
		pids[pr.ID] = true
		if strings.TrimSpace(pr.Title) == "" {
			d.ProblemAt(pp+".title", "title is required")
		}
		if len(pr.Questions) == 0 {
			d.ProblemAt(pp+".questions", "a principle needs at least one question")
		}
		for j := range pr.Questions {
			q := &pr.Questions[j]
			q.principle = pr.ID
			qp := fmt.Sprintf("%s.questions[%d]", pp, j)
			if !idPattern.MatchString(q.ID) {
				d.ProblemAt(qp+".id", "question id %q must be lower-case letters, digits and underscores", q.ID)
			} else if _, dup := qn.byID[q.ID]; dup {
				d.ProblemAt(qp+".id", "duplicate question id %q", q.ID)
			} else {
				qn.byID[q.ID] = q
			}
			if strings.TrimSpace(q.Text) == "" {
				d.ProblemAt(qp+".text", "text is required")
			}
			if strings.TrimSpace(q.Help) == "" {
				d.ProblemAt(qp+".help", "help is required")
			}
			if q.Kind == "" {
				d.ProblemAt(qp+".kind", "kind is required (scale or choice)")
			}
			if q.Weight < 1 || q.Weight > 5 {
				d.ProblemAt(qp+".weight", "weight %v must be between 1 and 5", q.Weight)
			}
			switch q.Kind {
			case KindScale:
				if len(q.Choices) > 0 {
					d.ProblemAt(qp+".choices", "a scale question has no choices")
				}
			case KindChoice:
				if q.AllowNA {
					d.ProblemAt(qp+".allow_na", "a choice question marks its not-applicable choice with not_applicable instead")
				}
				if len(q.Choices) < 2 {
					d.ProblemAt(qp+".choices", "a choice question needs at least two choices")
				}
				cids := map[string]bool{}
				best := 0.0
				for k, c := range q.Choices {
					cp := fmt.Sprintf("%s.choices[%d]", qp, k)
					if !idPattern.MatchString(c.ID) {
						d.ProblemAt(cp+".id", "choice id %q must be lower-case letters, digits and underscores", c.ID)
					}
					if cids[c.ID] {
						d.ProblemAt(cp+".id", "duplicate choice id %q", c.ID)
					}
					cids[c.ID] = true
					if c.Score < 0 || c.Score > 1 {
						d.ProblemAt(cp+".score", "score %v must be between 0 and 1", c.Score)
					}
					if c.NotApplicable && c.Score != 0 {
						d.ProblemAt(cp+".score", "a not-applicable choice has no score")
					}
					if !c.NotApplicable {
						best = max(best, c.Score)
					}
				}
				if len(q.Choices) >= 2 && best != 1 {
					d.ProblemAt(qp+".choices", "the best choice must score 1")
				}
			}
			a := q.Action
			ap := qp + ".action"
			if strings.TrimSpace(a.Title) == "" {
				d.ProblemAt(ap+".title", "an action title is required")
			}
			if strings.TrimSpace(a.Reason) == "" {
				d.ProblemAt(ap+".reason", "an action reason is required")
			}
			if a.Effort == "" {
				d.ProblemAt(ap+".effort", "effort is required (small, medium, large)")
			}
			if a.Priority == "" {
				d.ProblemAt(ap+".priority", "priority is required (high, medium, low)")
			}
			if a.Reference != "" && !refs[a.Reference] {
				d.ProblemAt(ap+".reference", "unknown reference %q", a.Reference)
			}
		}
	}
}

// Question returns the question with the given id.
func (qn *Questionnaire) Question(id string) (*Question, bool) {
	q, ok := qn.byID[id]
	return q, ok
}

// Reference returns the reference with the given id.
func (qn *Questionnaire) Reference(id string) (Reference, bool) {
	for _, r := range qn.References {
		if r.ID == id {
			return r, true
		}
	}
	return Reference{}, false
}

// Level returns the level of a 0-100 score.
func (qn *Questionnaire) Level(score int) Level {
	l := qn.Levels[0]
	for _, x := range qn.Levels {
		if score >= x.Min {
			l = x
		}
	}
	return l
}

// Valid returns the answers a question accepts, in order.
func (q *Question) Valid() []string {
	if q.Kind == KindChoice {
		out := make([]string, len(q.Choices))
		for i, c := range q.Choices {
			out[i] = c.ID
		}
		return out
	}
	out := []string{AnswerYes, AnswerPartly, AnswerNo}
	if q.AllowNA {
		out = append(out, AnswerNA)
	}
	return out
}

// score returns an answer's score, whether it is not applicable, and
// whether the answer is valid for the question.
func (q *Question) score(answer string) (score float64, na, ok bool) {
	if q.Kind == KindChoice {
		for _, c := range q.Choices {
			if c.ID == answer {
				return c.Score, c.NotApplicable, true
			}
		}
		return 0, false, false
	}
	if answer == AnswerNA {
		return 0, true, q.AllowNA
	}
	s, ok := scaleScores[answer]
	return s, false, ok
}

func checkEnum[T ~string](what string, v T, valid []T) error {
	for _, x := range valid {
		if v == x {
			return nil
		}
	}
	names := make([]string, len(valid))
	for i, x := range valid {
		names[i] = string(x)
	}
	return fmt.Errorf("unknown %s %q (want one of %s)", what, string(v), strings.Join(names, ", "))
}

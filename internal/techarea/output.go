package techarea

// Output is a classification in the stable shape of issue 4's contract:
// one line of `collabcheck classify --json`, and one document's answer to
// POST /api/v1/classify. It keeps only the assigned labels, with their
// scores and evidence, and the hints; near misses, raw scores and the
// taxonomy version stay in Result. Both interfaces build it with
// Result.Output, so they cannot drift apart.
type Output struct {
	ID     string        `json:"id"`
	Areas  []OutputLabel `json:"areas"`
	Fields []OutputLabel `json:"fields"`
	Hints  []Hint        `json:"hints"`
	// Warnings appear only when the text was truncated or otherwise
	// unusual.
	Warnings []string `json:"warnings,omitempty"`
}

// OutputLabel is one assigned area or field in an Output.
type OutputLabel struct {
	ID       string     `json:"id"`
	Score    float64    `json:"score"`
	Evidence []Evidence `json:"evidence"`
}

// EmptyOutput returns an Output with empty (not null) lists, the shape to
// answer for a document that could not be classified.
func EmptyOutput(id string) Output {
	return Output{ID: id, Areas: []OutputLabel{}, Fields: []OutputLabel{}, Hints: []Hint{}}
}

// Output maps the result onto the contract shape. Lists are never nil, so
// they encode as [] rather than null.
func (r Result) Output() Output {
	o := EmptyOutput(r.ID)
	for _, l := range r.Areas {
		o.Areas = append(o.Areas, l.output())
	}
	for _, l := range r.Fields {
		o.Fields = append(o.Fields, l.output())
	}
	if r.Hints != nil {
		o.Hints = r.Hints
	}
	o.Warnings = r.Warnings
	return o
}

func (l Label) output() OutputLabel {
	ev := l.Evidence
	if ev == nil {
		ev = []Evidence{}
	}
	return OutputLabel{ID: l.ID, Score: l.Score, Evidence: ev}
}

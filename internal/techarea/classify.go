package techarea

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode/utf8"
)

// Scoring constants. They are part of the documented behaviour: a label's raw
// score is the sum of its evidence weights, and its score is
// 1 - 2^(-raw/HalfScore), so raw == HalfScore gives score 0.5.
const (
	// HalfScore is the raw evidence at which the score reaches 0.5: one
	// strong phrase (weight 2) in the abstract.
	HalfScore = 2.0
	// DefaultThreshold is the score at which a label is assigned, unless
	// its area sets its own threshold.
	DefaultThreshold = 0.5
	// StrongWeight is the phrase weight that may assign a label on its own;
	// weaker evidence needs at least two distinct phrases.
	StrongWeight = 2.5
	// TitleFactor multiplies the weight of a phrase found in the title.
	TitleFactor = 1.5
	// RepeatFactor is the share of a phrase's weight that each repeat adds,
	// for at most MaxRepeats repeats; further repeats add nothing.
	RepeatFactor = 0.2
	// MaxRepeats bounds how many repeats of a phrase count.
	MaxRepeats = 2
	// MethodDiscount multiplies method phrases of a label when another
	// label's core evidence is larger and itself enough to assign.
	MethodDiscount = 0.3
	// SecondaryRatio is the share of the strongest label's raw evidence
	// that any other sensitive area needs to be assigned as well. Research
	// abstracts are about one subject and borrow vocabulary from others (a
	// quantum paper mentions hardware, a robotics paper reinforcement
	// learning); a secondary sensitive area must carry at least this share
	// of the main subject's evidence, so incidental mentions stay
	// candidates. The strongest label may be an opportunity field, so a
	// galaxy survey that uses self-supervised learning stays astronomy.
	// Chosen on the development set: 0.5 raised micro-F1 on the files
	// written before round 3 from 0.920 to 0.938 and on round 3 from 0.770
	// to 0.850, with recall falling by about 2%.
	SecondaryRatio = 0.5
	// MaxInputBytes bounds the text classified: title plus abstract. Longer
	// input is truncated at a character boundary, and Result.Truncated and
	// Result.Warnings say so. An abstract is a few kilobytes; 1 MiB keeps a
	// pasted full paper while bounding work per request.
	MaxInputBytes = 1 << 20
)

// Context damping. A discipline context's margin is its cue evidence minus
// ContextMargin times the evidence of technical-contribution cues. Chosen on
// the tuning files (not on the held-out round 4): any ContextMin from 3.5 to
// 5 with ContextDamp 0.35 gives the same sensitive-area micro-F1; the
// two-step damping (ContextStrong) is what removes labels from texts that
// name a technology many times while being about something else.
const (
	// ContextDamp multiplies every sensitive-area evidence weight when a
	// discipline context outside the sensitive areas (economics, pure
	// mathematics, law, history...) dominates the text: the vocabulary of
	// a technology in a paper about its labour-market effects is not
	// research on the technology.
	ContextDamp = 0.35
	// ContextMin is the margin a damp context needs before it damps
	// anything: several discipline cues, not one word.
	ContextMin = 4.0
	// ContextMargin weighs the technical-contribution cues against the
	// discipline cues.
	ContextMargin = 1.0
	// ContextStrong is the margin, in multiples of ContextMin, at which
	// the text is clearly of that discipline and the damping is applied
	// twice (ContextDamp squared).
	ContextStrong = 1.5
)

// Field names used in evidence.
const (
	FieldTitle    = "title"
	FieldAbstract = "abstract"
)

// Errors returned by Classify for input it cannot classify.
var (
	ErrEmpty       = errors.New("techarea: title and abstract are both empty")
	ErrInvalidUTF8 = errors.New("techarea: text is not valid UTF-8")
)

// Document is the text to classify.
type Document struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Abstract string `json:"abstract"`
}

// Result is the classification of one document.
type Result struct {
	ID string `json:"id"`
	// Areas are the sensitive areas assigned at their thresholds, highest
	// score first.
	Areas []Label `json:"areas"`
	// Fields are the opportunity fields assigned, highest score first.
	Fields []Label `json:"fields"`
	// Hints point to export-control categories and ATAS subjects that may
	// apply, derived from the assigned labels.
	Hints []Hint `json:"hints"`
	// Candidates are labels with some evidence that were not assigned, so a
	// reviewer can see near misses (a climate paper's low AI score).
	Candidates []Label `json:"candidates,omitempty"`
	// Truncated says the input was longer than MaxInputBytes and only its
	// start was classified.
	Truncated bool `json:"truncated,omitempty"`
	// Warnings explain anything unusual about the input, such as truncation.
	Warnings []string `json:"warnings,omitempty"`
	// Contexts are the discipline contexts found in the text, with their
	// cue evidence; Applied marks the one that damped sensitive areas.
	Contexts []ContextSignal `json:"contexts,omitempty"`
	// TaxonomyVersion is the version of the taxonomy used, for the record.
	TaxonomyVersion string `json:"taxonomy_version,omitempty"`
}

// Label is one area or field with its score and evidence.
type Label struct {
	ID   string `json:"id"`
	Kind Kind   `json:"kind"`
	// Score is in [0, 1): 1 - 2^(-Raw/HalfScore), rounded to 3 decimals.
	Score float64 `json:"score"`
	// Raw is the sum of the evidence weights.
	Raw float64 `json:"raw"`
	// Assigned says the label passed its threshold, the distinct-phrase
	// rule and, for a sensitive area, the SecondaryRatio rule.
	Assigned bool `json:"assigned"`
	// Reason explains why a label with enough evidence of its own was not
	// assigned (it is secondary to the text's main subject).
	Reason   string     `json:"reason,omitempty"`
	Evidence []Evidence `json:"evidence"`
}

// Evidence is one occurrence of a phrase that counted towards a label.
type Evidence struct {
	// Phrase is the text as it appears in the document.
	Phrase string `json:"phrase"`
	// Term is the taxonomy phrase that matched.
	Term string `json:"term"`
	// Field is "title" or "abstract"; Start and End are byte offsets into
	// that field.
	Field string `json:"field"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	// Weight is what this occurrence added to the label's raw score, after
	// title, repeat and method factors.
	Weight float64 `json:"weight"`
	Role   Role    `json:"role"`
	// Note explains an adjustment (repeat, method discount) or carries the
	// term's note.
	Note string `json:"note,omitempty"`
}

// ContextSignal is a discipline context recognised in the text. It is not a
// label: it explains why sensitive-area evidence was damped, or what stood
// against damping.
type ContextSignal struct {
	ID     string        `json:"id"`
	Name   string        `json:"name"`
	Effect ContextEffect `json:"effect"`
	// Raw is the sum of the cue weights, scored like a label's evidence.
	Raw float64 `json:"raw"`
	// Applied says this context dominated the text and damped the
	// sensitive areas by ContextDamp.
	Applied  bool       `json:"applied"`
	Evidence []Evidence `json:"evidence"`
}

// Hint points to an official list that may apply. It is a prompt to check,
// never a legal conclusion.
type Hint struct {
	// Kind is "export_control" or "atas".
	Kind string `json:"kind"`
	// Code is the export-control category id (e.g. DU5P2) or the CAH3 code.
	Code  string `json:"code"`
	Title string `json:"title"`
	// Areas are the assigned labels that led to this hint.
	Areas     []string `json:"areas"`
	Reference string   `json:"reference,omitempty"`
	Note      string   `json:"note"`
}

// Hint kinds.
const (
	HintExportControl = "export_control"
	HintATAS          = "atas"
)

// Classifier assigns taxonomy labels to text. It is immutable and safe for
// concurrent use.
type Classifier struct {
	tax      *Taxonomy
	labels   []compiledLabel
	patterns []pattern
	exact    map[string][]int32 // first word (normalised) -> pattern ids
	prefix   map[string][]int32 // first-word prefix -> pattern ids
	prefLens []int              // distinct prefix lengths, ascending
}

type compiledLabel struct {
	area      Area
	threshold float64
	// context is set for discipline contexts, which are scored like labels
	// but never assigned; effect says what they do.
	context bool
	effect  ContextEffect
}

type pattern struct {
	label  int
	term   int
	toks   []phraseToken
	cs     bool
	weight float64
	role   Role
}

// NewClassifier compiles a taxonomy for matching. The taxonomy must come
// from Default, Parse or WithOverride (or be equally valid).
func NewClassifier(t *Taxonomy) (*Classifier, error) {
	if t == nil || len(t.Areas) == 0 {
		return nil, errors.New("techarea: taxonomy has no areas")
	}
	c := &Classifier{tax: t, exact: map[string][]int32{}, prefix: map[string][]int32{}}
	lens := map[int]bool{}
	for li, a := range t.Areas {
		th := a.Threshold
		if th == 0 {
			th = DefaultThreshold
		}
		c.labels = append(c.labels, compiledLabel{area: a, threshold: th})
		for ti, tm := range a.Terms {
			toks, problem := compilePhrase(tm.Phrase, tm.CaseSensitive)
			if problem != "" {
				return nil, fmt.Errorf("techarea: area %q phrase %q: %s", a.ID, tm.Phrase, problem)
			}
			role := tm.Role
			if role == "" {
				role = RoleCore
			}
			id := int32(len(c.patterns))
			c.patterns = append(c.patterns, pattern{label: li, term: ti, toks: toks, cs: tm.CaseSensitive, weight: tm.Weight, role: role})
			c.index(id, toks[0], tm.CaseSensitive, lens)
		}
	}
	for _, x := range t.Contexts {
		li := len(c.labels)
		c.labels = append(c.labels, compiledLabel{area: Area{ID: x.ID, Name: x.Name, Terms: x.Terms}, context: true, effect: x.Effect})
		for ti, tm := range x.Terms {
			toks, problem := compilePhrase(tm.Phrase, tm.CaseSensitive)
			if problem != "" {
				return nil, fmt.Errorf("techarea: context %q phrase %q: %s", x.ID, tm.Phrase, problem)
			}
			role := tm.Role
			if role == "" {
				role = RoleCore
			}
			id := int32(len(c.patterns))
			c.patterns = append(c.patterns, pattern{label: li, term: ti, toks: toks, cs: tm.CaseSensitive, weight: tm.Weight, role: role})
			c.index(id, toks[0], tm.CaseSensitive, lens)
		}
	}
	for l := range lens {
		c.prefLens = append(c.prefLens, l)
	}
	sort.Ints(c.prefLens)
	return c, nil
}

// index files pattern id under its first word, for findMatches.
func (c *Classifier) index(id int32, first phraseToken, caseSensitive bool, lens map[int]bool) {
	switch {
	case first.prefix:
		c.prefix[first.text] = append(c.prefix[first.text], id)
		lens[len(first.text)] = true
	case caseSensitive:
		k := fold(strings.ToLower(first.text))
		c.exact[k] = append(c.exact[k], id)
	default:
		c.exact[first.text] = append(c.exact[first.text], id)
	}
}

// DefaultClassifier returns a classifier over the embedded taxonomy.
func DefaultClassifier() (*Classifier, error) {
	t, err := Default()
	if err != nil {
		return nil, err
	}
	return NewClassifier(t)
}

// Taxonomy returns the taxonomy the classifier was built from.
func (c *Classifier) Taxonomy() *Taxonomy { return c.tax }

// match is one phrase occurrence before selection.
type match struct {
	pat   int32
	field int // 0 title, 1 abstract
	from  int // token index, inclusive
	to    int // token index, exclusive
}

// Classify assigns sensitive areas and opportunity fields to doc.
//
// It returns ErrEmpty when title and abstract are both blank, and an error
// wrapping ErrInvalidUTF8 (naming the field and byte offset) when either is
// not valid UTF-8. Text beyond MaxInputBytes is ignored and the result is
// marked Truncated. Any language is accepted; only the taxonomy's phrases
// (English) score.
//
// Scoring, per label: each phrase occurrence adds its weight (times
// TitleFactor in the title); a phrase's repeats add RepeatFactor of its
// weight each, at most MaxRepeats times. Overlapping phrases of one label
// resolve to the leftmost-longest, so block phrases shadow the words inside
// them. Method phrases are multiplied by MethodDiscount when another label's
// core evidence is both larger than this label's and enough to reach
// HalfScore. A label is assigned when its score reaches its threshold and it
// has either two distinct phrases or one of weight StrongWeight or more; a
// sensitive area other than the strongest label also needs SecondaryRatio of
// that label's raw evidence and at least one core (not method) phrase.
//
// Before that, discipline contexts are weighed: when a damp context
// (economics, pure mathematics, history...) has cue evidence exceeding the
// technical-contribution cues by ContextMin or more, every sensitive-area
// evidence weight is multiplied by ContextDamp (by ContextDamp squared from
// ContextStrong times ContextMin), with a note saying which context and cues
// caused it; opportunity fields are never damped. Result.Contexts lists the
// contexts found.
func (c *Classifier) Classify(doc Document) (Result, error) {
	res := Result{ID: doc.ID, Areas: []Label{}, Fields: []Label{}, Hints: []Hint{}, TaxonomyVersion: c.tax.Version}
	if !utf8.ValidString(doc.Title) {
		return res, fmt.Errorf("title byte %d: %w", firstInvalidUTF8([]byte(doc.Title)), ErrInvalidUTF8)
	}
	if !utf8.ValidString(doc.Abstract) {
		return res, fmt.Errorf("abstract byte %d: %w", firstInvalidUTF8([]byte(doc.Abstract)), ErrInvalidUTF8)
	}
	if strings.TrimSpace(doc.Title) == "" && strings.TrimSpace(doc.Abstract) == "" {
		return res, ErrEmpty
	}
	fields := [2]string{doc.Title, doc.Abstract}
	if n := len(doc.Title) + len(doc.Abstract); n > MaxInputBytes {
		res.Truncated = true
		res.Warnings = append(res.Warnings, fmt.Sprintf("input is %d bytes; only the first %d bytes (title first, then abstract) were classified", n, MaxInputBytes))
		budget := MaxInputBytes
		for i := range fields {
			fields[i] = truncateUTF8(fields[i], budget)
			budget -= len(fields[i])
		}
	}

	var toks [2][]token
	var matches []match
	for f := range fields {
		toks[f] = tokenize(fields[f], nil)
		matches = c.findMatches(toks[f], f, matches)
	}
	labels, contexts := c.score(matches, toks, fields)
	res.Contexts = contexts
	res.Candidates = []Label{}
	for _, l := range labels {
		switch {
		case !l.Assigned:
			res.Candidates = append(res.Candidates, l)
		case l.Kind == Sensitive:
			res.Areas = append(res.Areas, l)
		default:
			res.Fields = append(res.Fields, l)
		}
	}
	res.Hints = c.hints(res)
	return res, nil
}

// truncateUTF8 cuts s to at most n bytes without splitting a character.
func truncateUTF8(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// findMatches appends every phrase occurrence in one field's tokens.
func (c *Classifier) findMatches(toks []token, field int, out []match) []match {
	for i := range toks {
		for _, id := range c.exact[toks[i].norm] {
			if n := c.matchAt(id, toks, i); n > 0 {
				out = append(out, match{pat: id, field: field, from: i, to: i + n})
			}
		}
		if len(c.prefLens) == 0 {
			continue
		}
		low := toks[i].lower
		for _, l := range c.prefLens {
			if l > len(low) {
				break
			}
			for _, id := range c.prefix[low[:l]] {
				if n := c.matchAt(id, toks, i); n > 0 {
					out = append(out, match{pat: id, field: field, from: i, to: i + n})
				}
			}
		}
	}
	return out
}

// matchAt reports how many tokens pattern id covers starting at toks[i], or 0.
func (c *Classifier) matchAt(id int32, toks []token, i int) int {
	p := &c.patterns[id]
	if i+len(p.toks) > len(toks) {
		return 0
	}
	for k, pt := range p.toks {
		t := &toks[i+k]
		switch {
		case pt.prefix:
			if !strings.HasPrefix(t.lower, pt.text) {
				return 0
			}
		case p.cs:
			if t.orig != pt.text {
				return 0
			}
		default:
			if t.norm != pt.text {
				return 0
			}
		}
	}
	return len(p.toks)
}

// labelWork accumulates one label's evidence during scoring.
type labelWork struct {
	evidence []Evidence
	isMethod []bool
	core     float64
	method   float64
	distinct map[int]bool
	strong   bool
	// damped says a discipline context damped this label's evidence.
	damped bool
}

// score selects each label's matches, weighs them and decides assignment.
// Labels come back sorted by kind (sensitive first), then score, then id.
func (c *Classifier) score(matches []match, toks [2][]token, fields [2]string) ([]Label, []ContextSignal) {
	// Leftmost-longest selection per label and field.
	sort.SliceStable(matches, func(a, b int) bool {
		ma, mb := matches[a], matches[b]
		la, lb := c.patterns[ma.pat].label, c.patterns[mb.pat].label
		if la != lb {
			return la < lb
		}
		if ma.field != mb.field {
			return ma.field < mb.field
		}
		if ma.from != mb.from {
			return ma.from < mb.from
		}
		if ma.to != mb.to {
			return ma.to > mb.to
		}
		return ma.pat < mb.pat
	})
	work := map[int]*labelWork{}
	seenTerm := map[int32]int{} // pattern -> occurrences counted
	lastLabel, lastField, lastEnd := -1, -1, 0
	for _, m := range matches {
		p := &c.patterns[m.pat]
		if p.label != lastLabel || m.field != lastField {
			lastLabel, lastField, lastEnd = p.label, m.field, 0
		}
		if m.from < lastEnd {
			continue // overlaps a longer or earlier phrase of the same label
		}
		lastEnd = m.to
		if p.role == RoleBlock || p.weight == 0 {
			continue
		}
		n := seenTerm[m.pat]
		if n > MaxRepeats {
			continue
		}
		seenTerm[m.pat] = n + 1
		w := p.weight
		note := ""
		if n == 0 {
			if m.field == 0 {
				w *= TitleFactor
				note = "in the title"
			}
		} else {
			w *= RepeatFactor
			note = "repeat"
		}
		lw := work[p.label]
		if lw == nil {
			lw = &labelWork{distinct: map[int]bool{}}
			work[p.label] = lw
		}
		ft := toks[m.field]
		start, end := ft[m.from].start, ft[m.to-1].end
		fieldName := FieldTitle
		if m.field == 1 {
			fieldName = FieldAbstract
		}
		lw.evidence = append(lw.evidence, Evidence{
			Phrase: fields[m.field][start:end], Term: c.labels[p.label].area.Terms[p.term].Phrase,
			Field: fieldName, Start: start, End: end, Weight: w, Role: p.role, Note: note,
		})
		lw.isMethod = append(lw.isMethod, p.role == RoleMethod)
		if p.role == RoleMethod {
			lw.method += w
		} else {
			lw.core += w
		}
		if w > 0 {
			lw.distinct[p.term] = true
			if p.weight >= StrongWeight {
				lw.strong = true
			}
		}
	}

	contexts, dampNote, dampReason, factor := c.contexts(work)
	if dampNote != "" {
		for li, lw := range work {
			if c.labels[li].area.Kind != Sensitive {
				continue
			}
			lw.damped = true
			lw.core *= factor
			lw.method *= factor
			for i := range lw.evidence {
				lw.evidence[i].Weight *= factor
				lw.evidence[i].Note = strings.TrimPrefix(lw.evidence[i].Note+"; ", "; ") + dampNote
			}
		}
	}

	// The label whose core evidence is largest, and the runner-up, decide
	// method discounts.
	best, bestCore, secondCore := -1, 0.0, 0.0
	for li, lw := range work {
		switch {
		case lw.core > bestCore || (lw.core == bestCore && best >= 0 && li < best):
			if best >= 0 {
				secondCore = math.Max(secondCore, bestCore)
			}
			best, bestCore = li, lw.core
		case lw.core > secondCore:
			secondCore = lw.core
		}
	}
	out := make([]Label, 0, len(work))
	for li, lw := range work {
		other, otherID := bestCore, best
		if li == best {
			other, otherID = secondCore, -1
			for lj, w := range work {
				if lj != li && w.core == secondCore && (otherID < 0 || lj < otherID) {
					otherID = lj
				}
			}
		}
		if lw.method > 0 && otherID >= 0 && other >= HalfScore && other > lw.core {
			for i := range lw.evidence {
				if lw.isMethod[i] {
					lw.evidence[i].Weight *= MethodDiscount
					lw.evidence[i].Note = strings.TrimPrefix(lw.evidence[i].Note+"; ", "; ") +
						fmt.Sprintf("method discounted x%.1f: the text is mainly about %s", MethodDiscount, c.labels[otherID].area.ID)
				}
			}
		}
		raw := 0.0
		for i := range lw.evidence {
			lw.evidence[i].Weight = round3(lw.evidence[i].Weight)
			raw += lw.evidence[i].Weight
		}
		raw = round3(raw)
		if raw <= 0 {
			continue
		}
		score := round3(1 - math.Exp2(-raw/HalfScore))
		cl := c.labels[li]
		assigned := score >= cl.threshold && (len(lw.distinct) >= 2 || lw.strong)
		reason := ""
		if lw.damped && !assigned {
			reason = "context: " + dampReason
		}
		out = append(out, Label{ID: cl.area.ID, Kind: cl.area.Kind, Score: score, Raw: raw, Assigned: assigned, Reason: reason, Evidence: lw.evidence})
	}
	c.demoteSecondary(out)
	sort.Slice(out, func(a, b int) bool {
		if out[a].Kind != out[b].Kind {
			return out[a].Kind == Sensitive
		}
		if out[a].Score != out[b].Score {
			return out[a].Score > out[b].Score
		}
		return out[a].ID < out[b].ID
	})
	return out, contexts
}

// contexts takes the discipline contexts out of work and decides whether
// one of them damps the sensitive areas: the strongest damp context must
// have at least ContextMin of cue evidence and at least ContextMargin times
// the evidence of the support contexts (cues of a technical contribution).
// It returns the contexts found, strongest first, and when damping applies
// the note added to each damped evidence item and the reason given for a
// sensitive area it leaves unassigned.
func (c *Classifier) contexts(work map[int]*labelWork) ([]ContextSignal, string, string, float64) {
	var out []ContextSignal
	support := 0.0
	top := -1
	for li, lw := range work {
		cl := c.labels[li]
		if !cl.context {
			continue
		}
		delete(work, li)
		raw := 0.0
		for i := range lw.evidence {
			lw.evidence[i].Weight = round3(lw.evidence[i].Weight)
			raw += lw.evidence[i].Weight
		}
		if raw <= 0 {
			continue
		}
		out = append(out, ContextSignal{ID: cl.area.ID, Name: cl.area.Name, Effect: cl.effect, Raw: round3(raw), Evidence: lw.evidence})
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].Raw != out[b].Raw {
			return out[a].Raw > out[b].Raw
		}
		return out[a].ID < out[b].ID
	})
	for i, x := range out {
		switch x.Effect {
		case EffectSupport:
			support += x.Raw
		case EffectDamp:
			if top < 0 {
				top = i
			}
		}
	}
	if top < 0 {
		return out, "", "", 1
	}
	margin := out[top].Raw - ContextMargin*support
	if margin < ContextMin {
		return out, "", "", 1
	}
	factor := ContextDamp
	if margin >= ContextStrong*ContextMin {
		factor = ContextDamp * ContextDamp
	}
	out[top].Applied = true
	var cues []string
	seen := map[string]bool{}
	for _, e := range out[top].Evidence {
		if k := strings.ToLower(e.Phrase); !seen[k] && len(cues) < 4 {
			seen[k] = true
			cues = append(cues, e.Phrase)
		}
	}
	why := fmt.Sprintf("the text reads as %s (%s; cue evidence %.3g against %.3g for a technical contribution)",
		out[top].Name, strings.Join(cues, ", "), out[top].Raw, round3(support))
	return out, fmt.Sprintf("context damped x%.3g: %s", factor, why), fmt.Sprintf("sensitive-area evidence counted x%.3g because %s", factor, why), factor
}

// demoteSecondary unassigns sensitive areas whose raw evidence is below
// SecondaryRatio of the strongest assigned label's, or that are made only of
// method phrases, and says why.
func (c *Classifier) demoteSecondary(labels []Label) {
	top, topID := 0.0, ""
	for _, l := range labels {
		if l.Assigned && (l.Raw > top || (l.Raw == top && l.ID < topID)) {
			top, topID = l.Raw, l.ID
		}
	}
	ratio := SecondaryRatio
	for i := range labels {
		l := &labels[i]
		if !l.Assigned || l.Kind != Sensitive || l.ID == topID {
			continue
		}
		if l.Raw < ratio*top {
			l.Assigned = false
			l.Reason = fmt.Sprintf("secondary: evidence %.3g is below %.2g of the main subject %s (%.3g)", l.Raw, ratio, topID, top)
			continue
		}
		// Only method phrases: a tool of the main subject (machine
		// learning inside a proof system), not a second subject.
		if !hasCore(l.Evidence) {
			l.Assigned = false
			l.Reason = fmt.Sprintf("secondary: only method phrases, tools of the main subject %s", topID)
		}
	}
}

// hasCore reports whether any evidence item comes from a core phrase.
func hasCore(ev []Evidence) bool {
	for _, e := range ev {
		if e.Role != RoleMethod && e.Weight > 0 {
			return true
		}
	}
	return false
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// hints lists the export-control categories and ATAS subjects of the
// assigned labels, in taxonomy order, each with the labels that led to it.
func (c *Classifier) hints(res Result) []Hint {
	byControl := map[string][]string{}
	byCode := map[string][]string{}
	for _, group := range [][]Label{res.Areas, res.Fields} {
		for _, l := range group {
			a, ok := c.tax.Area(l.ID)
			if !ok {
				continue
			}
			for _, x := range a.ExportControls {
				byControl[x] = append(byControl[x], l.ID)
			}
			for _, code := range a.ATAS {
				byCode[code] = append(byCode[code], l.ID)
			}
		}
	}
	hints := []Hint{}
	for _, x := range c.tax.ExportControls {
		areas, ok := byControl[x.ID]
		if !ok {
			continue
		}
		hints = append(hints, Hint{
			Kind: HintExportControl, Code: x.ID, Title: x.Name, Areas: areas, Reference: x.Reference,
			Note: "Goods, software or technology from this work may be controlled under " + x.Name +
				". Check the current list text, the destination and the end user with your export control team before sharing. This is a hint, not a legal determination.",
		})
	}
	for _, code := range c.tax.ATAS.Codes {
		areas, ok := byCode[code.Code]
		if !ok {
			continue
		}
		note := c.tax.ATAS.Note
		if note == "" {
			note = "Visiting researchers of some nationalities may need an ATAS certificate for this subject. This is a hint, not a determination."
		}
		hints = append(hints, Hint{
			Kind: HintATAS, Code: code.Code, Title: "ATAS subject: " + code.Name, Areas: areas,
			Reference: c.tax.ATAS.Reference, Note: note,
		})
	}
	return hints
}

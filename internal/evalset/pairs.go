package evalset

import (
	"bufio"
	_ "embed" // the hand-written pair set is embedded
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"
)

// Pair is a hand-labelled pair of names. Same means the two names denote
// the same person or the same legal entity; a parent and its subsidiary
// ("Huawei Technologies" and "Huawei Marine Networks") are different
// entities, because pairwise matching decides identity and screening
// reaches subsidiaries through relations instead.
type Pair struct {
	A, B string
	// Type is "person" or "organization".
	Type string
	Same bool
	Note string
}

//go:embed testdata/pairs.tsv
var pairsTSV string

// Pairs returns the embedded hand-written set of hard pairs (persons:
// transliterations, initials, word order, typos, nicknames, and different
// people sharing a name part; companies: legal forms, abbreviations,
// "&"/"and", and different companies that look alike). The file is part of
// the package, and TestPairsEmbedded proves it parses, so a failure here is
// a build defect and panics.
func Pairs() []Pair {
	ps, err := ParsePairs(strings.NewReader(pairsTSV), "testdata/pairs.tsv")
	if err != nil {
		panic(err)
	}
	return ps
}

// ParsePairs reads a pair file: UTF-8 text, one pair a line as tab-separated
// type (person|organization), same (1|0), name A, name B and an optional
// note; blank lines and lines starting with "#" are skipped. name is used in
// errors.
func ParsePairs(r io.Reader, name string) ([]Pair, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	var out []Pair
	line := 0
	for sc.Scan() {
		line++
		t := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(t) == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if !utf8.ValidString(t) {
			return nil, fmt.Errorf("read %s line %d: invalid UTF-8", name, line)
		}
		f := strings.Split(t, "\t")
		if len(f) < 4 || len(f) > 5 {
			return nil, fmt.Errorf("read %s line %d: %d tab-separated fields, want 4 or 5", name, line, len(f))
		}
		p := Pair{Type: strings.TrimSpace(f[0]), A: strings.TrimSpace(f[2]), B: strings.TrimSpace(f[3])}
		if len(f) == 5 {
			p.Note = strings.TrimSpace(f[4])
		}
		switch p.Type {
		case "person", "organization":
		default:
			return nil, fmt.Errorf("read %s line %d: type %q, want person or organization", name, line, p.Type)
		}
		switch strings.TrimSpace(f[1]) {
		case "1":
			p.Same = true
		case "0":
		default:
			return nil, fmt.Errorf("read %s line %d: same %q, want 1 or 0", name, line, f[1])
		}
		if p.A == "" || p.B == "" {
			return nil, fmt.Errorf("read %s line %d: empty name", name, line)
		}
		out = append(out, p)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s after line %d: %w", name, line, err)
	}
	return out, nil
}

// PairMetrics counts decisions against labels.
type PairMetrics struct {
	Type                            string
	TruePos, FalsePos, FalseNeg     int
	TrueNeg                         int
	Precision, Recall, F1, Accuracy float64
}

func (m *PairMetrics) finish() {
	if d := m.TruePos + m.FalsePos; d > 0 {
		m.Precision = float64(m.TruePos) / float64(d)
	}
	if d := m.TruePos + m.FalseNeg; d > 0 {
		m.Recall = float64(m.TruePos) / float64(d)
	}
	if s := m.Precision + m.Recall; s > 0 {
		m.F1 = 2 * m.Precision * m.Recall / s
	}
	if n := m.TruePos + m.FalsePos + m.FalseNeg + m.TrueNeg; n > 0 {
		m.Accuracy = float64(m.TruePos+m.TrueNeg) / float64(n)
	}
}

func (m *PairMetrics) add(same, got bool) {
	switch {
	case same && got:
		m.TruePos++
	case same:
		m.FalseNeg++
	case got:
		m.FalsePos++
	default:
		m.TrueNeg++
	}
}

// PairError is a pair the scorer decided wrongly, with its score.
type PairError struct {
	Pair  Pair
	Score float64
	Got   bool
}

// PairReport is the result of EvaluatePairs: metrics overall and per
// type, and every wrong decision.
type PairReport struct {
	Overall PairMetrics
	ByType  []PairMetrics
	Errors  []PairError
}

// EvaluatePairs scores every pair with score(a, b, type), which returns a
// score and the match decision, and compares the decisions with the labels.
func EvaluatePairs(pairs []Pair, score func(a, b, typ string) (float64, bool)) PairReport {
	rep := PairReport{Overall: PairMetrics{Type: "all"}}
	byType := map[string]*PairMetrics{}
	for _, p := range pairs {
		s, got := score(p.A, p.B, p.Type)
		m, ok := byType[p.Type]
		if !ok {
			m = &PairMetrics{Type: p.Type}
			byType[p.Type] = m
		}
		m.add(p.Same, got)
		rep.Overall.add(p.Same, got)
		if got != p.Same {
			rep.Errors = append(rep.Errors, PairError{Pair: p, Score: s, Got: got})
		}
	}
	rep.Overall.finish()
	types := make([]string, 0, len(byType))
	for t := range byType {
		types = append(types, t)
	}
	sort.Strings(types)
	for _, t := range types {
		byType[t].finish()
		rep.ByType = append(rep.ByType, *byType[t])
	}
	return rep
}

// String renders the metrics table and every error.
func (r PairReport) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-13s %5s %5s %5s %5s %9s %7s %6s\n", "type", "tp", "fp", "fn", "tn", "precision", "recall", "f1")
	for _, m := range append([]PairMetrics{r.Overall}, r.ByType...) {
		fmt.Fprintf(&b, "%-13s %5d %5d %5d %5d %9.4f %7.4f %6.4f\n", m.Type, m.TruePos, m.FalsePos, m.FalseNeg,
			m.TrueNeg, m.Precision, m.Recall, m.F1)
	}
	if len(r.Errors) > 0 {
		fmt.Fprintf(&b, "errors (%d):\n", len(r.Errors))
		for _, e := range r.Errors {
			kind := "false negative"
			if e.Got {
				kind = "false positive"
			}
			fmt.Fprintf(&b, "  %s [%s] %q vs %q score %.3f  (%s)\n", kind, e.Pair.Type, e.Pair.A, e.Pair.B, e.Score, e.Pair.Note)
		}
	}
	return b.String()
}

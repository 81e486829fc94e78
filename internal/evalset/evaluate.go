package evalset

import (
	"fmt"
	"sort"
	"strings"
)

// Result is one screening hit as the engine under test reports it: the
// listed record, its score, and whether the engine calls it a match (as
// opposed to a candidate shown for review).
type Result struct {
	SourceID string
	Score    float64
	Match    bool
}

// VariantStats counts the outcome of one variant. For positives Correct
// counts cases whose top-1 was a match and one of the wanted records; for
// negatives FalsePositives counts cases with any match.
type VariantStats struct {
	Variant        string
	Negative       bool
	Cases          int
	Correct        int
	FalsePositives int
}

// Rate is the recall for a positive variant and the false-positive rate
// for a negative one; 0 when there are no cases.
func (v VariantStats) Rate() float64 {
	if v.Cases == 0 {
		return 0
	}
	if v.Negative {
		return float64(v.FalsePositives) / float64(v.Cases)
	}
	return float64(v.Correct) / float64(v.Cases)
}

// Outcome is a case the engine got wrong with what it answered: for a miss
// the top-1 (if any); for a false positive every result it called a
// match.
type Outcome struct {
	Case Case
	Got  []Result
}

// Report is the result of EvaluateScreening: recall over positives, the
// false-positive rate over negatives, both per variant, and every miss and
// false positive so they can be read and fixed.
type Report struct {
	Positives, Correct            int
	Negatives, FalsePositiveCount int
	ByVariant                     []VariantStats
	Misses                        []Outcome
	FalsePositives                []Outcome
}

// Recall is the share of positives answered correctly at top-1.
func (r Report) Recall() float64 {
	if r.Positives == 0 {
		return 0
	}
	return float64(r.Correct) / float64(r.Positives)
}

// FPRate is the share of negatives with any match.
func (r Report) FPRate() float64 {
	if r.Negatives == 0 {
		return 0
	}
	return float64(r.FalsePositiveCount) / float64(r.Negatives)
}

// top1 returns the best result: the highest score, the earliest on ties.
func top1(rs []Result) (Result, bool) {
	if len(rs) == 0 {
		return Result{}, false
	}
	best := rs[0]
	for _, r := range rs[1:] {
		if r.Score > best.Score {
			best = r
		}
	}
	return best, true
}

// EvaluateScreening runs screen on every case. A positive is correct when
// the top-1 result (highest score, earliest on ties) is a match and its
// SourceID is one of WantSourceIDs or a unit of one ("<id>/sub/...",
// "<id>/lab/..."), so the engine's reader may name ASPI children its own
// way; a negative is a false positive when any result is a match.
func EvaluateScreening(cases []Case, screen func(query string) []Result) Report {
	var rep Report
	stats := map[string]*VariantStats{}
	var order []string
	for _, c := range cases {
		neg := c.Negative()
		key := fmt.Sprintf("%t/%s", neg, c.Variant)
		st, ok := stats[key]
		if !ok {
			st = &VariantStats{Variant: c.Variant, Negative: neg}
			stats[key] = st
			order = append(order, key)
		}
		st.Cases++
		res := screen(c.Query)
		if neg {
			rep.Negatives++
			var matched []Result
			for _, r := range res {
				if r.Match {
					matched = append(matched, r)
				}
			}
			if len(matched) > 0 {
				st.FalsePositives++
				rep.FalsePositiveCount++
				rep.FalsePositives = append(rep.FalsePositives, Outcome{Case: c, Got: matched})
			}
			continue
		}
		rep.Positives++
		top, ok := top1(res)
		if ok && top.Match && wanted(c.WantSourceIDs, top.SourceID) {
			st.Correct++
			rep.Correct++
			continue
		}
		var got []Result
		if ok {
			got = []Result{top}
		}
		rep.Misses = append(rep.Misses, Outcome{Case: c, Got: got})
	}
	sort.Strings(order) // "false/..." (positives) before "true/..." (negatives)
	for _, k := range order {
		rep.ByVariant = append(rep.ByVariant, *stats[k])
	}
	return rep
}

// wanted reports whether got is one of want or a unit of one: an id
// "<want>/..." (how ASPI subsidiaries and laboratories are named, under
// whatever scheme a reader uses for the part after the slash). Since a
// child's parent is always wanted, a reader's own child ids are accepted.
func wanted(want []string, got string) bool {
	for _, w := range want {
		if got == w || strings.HasPrefix(got, w+"/") {
			return true
		}
	}
	return false
}

// reportExamples caps how many misses and false positives String lists.
const reportExamples = 40

// String renders the report as text: overall figures, a per-variant table,
// then up to 40 misses and 40 false positives.
func (r Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "positives: %d, correct at top-1: %d, recall %.4f\n", r.Positives, r.Correct, r.Recall())
	fmt.Fprintf(&b, "negatives: %d, false positives: %d, rate %.4f\n", r.Negatives, r.FalsePositiveCount, r.FPRate())
	fmt.Fprintf(&b, "%-22s %-8s %7s %7s %8s\n", "variant", "kind", "cases", "wrong", "rate")
	for _, v := range r.ByVariant {
		kind, wrong, label := "positive", v.Cases-v.Correct, "recall"
		if v.Negative {
			kind, wrong, label = "negative", v.FalsePositives, "fp"
		}
		fmt.Fprintf(&b, "%-22s %-8s %7d %7d %8.4f %s\n", v.Variant, kind, v.Cases, wrong, v.Rate(), label)
	}
	list := func(title string, os []Outcome) {
		if len(os) == 0 {
			return
		}
		fmt.Fprintf(&b, "%s (%d):\n", title, len(os))
		for i, o := range os {
			if i == reportExamples {
				fmt.Fprintf(&b, "  ... %d more\n", len(os)-i)
				break
			}
			fmt.Fprintf(&b, "  [%s] %q want %v got %s  (%s)\n", o.Case.Variant, o.Case.Query,
				o.Case.WantSourceIDs, formatResults(o.Got), o.Case.Note)
		}
	}
	list("misses", r.Misses)
	list("false positives", r.FalsePositives)
	return b.String()
}

func formatResults(rs []Result) string {
	if len(rs) == 0 {
		return "nothing"
	}
	parts := make([]string, len(rs))
	for i, r := range rs {
		m := ""
		if r.Match {
			m = " match"
		}
		parts[i] = fmt.Sprintf("%s %.3f%s", r.SourceID, r.Score, m)
	}
	return strings.Join(parts, "; ")
}

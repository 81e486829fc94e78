// Package gold reads labelled affiliation sets (strings with the registry
// organisations they name) and measures a resolver against them: precision,
// recall and F1, the abstention rate on strings that name no organisation,
// and every miss and false match, so research offices can evaluate
// collabcheck on their own labelled data.
package gold

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// Formats understood by Read.
const (
	FormatCrossref = "crossref" // affiliation,ror_id
	FormatS2AFF    = "s2aff"    // original_affiliation,…,labels (a Python-style set of ROR URLs, or names of organisations without one),…
	FormatRORLogs  = "ror-logs" // affiliation,ror_id where an empty or non-URL id means "no organisation"
)

// Formats lists the formats Read accepts.
var Formats = []string{FormatCrossref, FormatS2AFF, FormatRORLogs}

// Row is one labelled string. Labels are full ROR ids; an empty Labels
// means the string names no organisation. In S2AFF's sets an organisation
// that had no ROR id is labelled by its name, kept as written: such a
// label is in no registry, so Evaluate counts the row among those labelled
// outside it rather than as naming no organisation.
type Row struct {
	Line   int
	Input  string
	Labels []string
}

var rorURL = regexp.MustCompile(`https?://ror\.org/[0-9a-z]{9}`)

// Read reads a labelled set in the given format (or detects it from the
// header when format is ""). Errors name the file and line.
func Read(path, format string) ([]Row, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read gold set: %w", err)
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(b) {
		return nil, fmt.Errorf("read %s: not valid UTF-8", path)
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("read %s line 1: %w", path, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(strings.ToLower(h))] = i
	}
	if format == "" {
		format = detect(col)
	}
	var textCol, labelCol int
	var ok1, ok2 bool
	switch format {
	case FormatCrossref, FormatRORLogs:
		textCol, ok1 = col["affiliation"]
		labelCol, ok2 = col["ror_id"]
	case FormatS2AFF:
		textCol, ok1 = col["original_affiliation"]
		labelCol, ok2 = col["labels"]
	default:
		return nil, fmt.Errorf("read %s: unknown format %q (want one of %v)", path, format, Formats)
	}
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("read %s line 1: header %v lacks the columns of the %s format", path, header, format)
	}
	var rows []Row
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("read %s line %d: %w", path, pe.StartLine, pe.Err)
			}
			return nil, fmt.Errorf("read %s: %w", path, err)
		}
		line, _ := r.FieldPos(0)
		if textCol >= len(rec) || labelCol >= len(rec) {
			return nil, fmt.Errorf("read %s line %d: %d fields, want at least %d", path, line, len(rec), max(textCol, labelCol)+1)
		}
		var labels []string
		if format == FormatS2AFF {
			labels = setLabels(rec[labelCol])
		} else {
			labels = rorURL.FindAllString(rec[labelCol], -1)
		}
		for i, l := range labels {
			if rorURL.MatchString(l) {
				labels[i] = "https://ror.org/" + l[strings.LastIndex(l, "/")+1:]
			}
		}
		if format == FormatCrossref && len(labels) == 0 {
			return nil, fmt.Errorf("read %s line %d: ror_id %q is not a ROR id", path, line, rec[labelCol])
		}
		sort.Strings(labels)
		rows = append(rows, Row{Line: line, Input: rec[textCol], Labels: labels})
	}
	return rows, nil
}

// setItem is one quoted element of a Python-style set.
var setItem = regexp.MustCompile(`'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"`)

// setLabels returns the elements of an S2AFF label set ("{'https://ror.org/…',
// 'Some College'}", "set()"): ROR URLs and, for organisations that had no
// ROR id, names.
func setLabels(field string) []string {
	var out []string
	for _, m := range setItem.FindAllStringSubmatch(field, -1) {
		item := strings.TrimSpace(m[1] + m[2])
		if u := rorURL.FindString(item); u != "" {
			item = u
		}
		if item != "" {
			out = append(out, item)
		}
	}
	return out
}

func detect(col map[string]int) string {
	if _, ok := col["original_affiliation"]; ok {
		return FormatS2AFF
	}
	return FormatCrossref
}

// Outcome is one row the resolver got at least partly wrong.
type Outcome struct {
	Row     Row
	Got     []string
	Missing []string // gold labels not chosen
	Wrong   []string // chosen organisations not in the gold labels
}

// Report is the result of Evaluate.
type Report struct {
	Rows, Skipped, Labelled, Unlabelled int
	TruePos, FalsePos, FalseNeg         int
	// Abstained counts unlabelled rows for which nothing was chosen.
	Abstained int
	Misses    []Outcome
	False     []Outcome
}

// Precision is the share of chosen organisations that are right.
func (r Report) Precision() float64 { return ratio(r.TruePos, r.TruePos+r.FalsePos) }

// Recall is the share of gold labels that were chosen.
func (r Report) Recall() float64 { return ratio(r.TruePos, r.TruePos+r.FalseNeg) }

// F1 is the harmonic mean of precision and recall.
func (r Report) F1() float64 {
	p, q := r.Precision(), r.Recall()
	if p+q == 0 {
		return 0
	}
	return 2 * p * q / (p + q)
}

// AbstainRate is the share of unlabelled rows for which nothing was chosen.
func (r Report) AbstainRate() float64 { return ratio(r.Abstained, r.Unlabelled) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Evaluate resolves every row whose labels are all known (known may be nil
// to accept all) and compares the chosen organisations with the labels.
// Rows with an unknown label are skipped: the right answer is not in the
// registry.
func Evaluate(rows []Row, resolve func(string) []string, known func(id string) bool) Report {
	var rep Report
	for _, row := range rows {
		rep.Rows++
		if known != nil && !allKnown(row.Labels, known) {
			rep.Skipped++
			continue
		}
		got := resolve(row.Input)
		gold := map[string]bool{}
		for _, l := range row.Labels {
			gold[l] = true
		}
		o := Outcome{Row: row, Got: got}
		chosen := map[string]bool{}
		for _, g := range got {
			chosen[g] = true
			if gold[g] {
				rep.TruePos++
			} else {
				rep.FalsePos++
				o.Wrong = append(o.Wrong, g)
			}
		}
		for _, l := range row.Labels {
			if !chosen[l] {
				rep.FalseNeg++
				o.Missing = append(o.Missing, l)
			}
		}
		if len(row.Labels) == 0 {
			rep.Unlabelled++
			if len(got) == 0 {
				rep.Abstained++
			}
		} else {
			rep.Labelled++
		}
		if len(o.Wrong) > 0 {
			rep.False = append(rep.False, o)
		} else if len(o.Missing) > 0 {
			rep.Misses = append(rep.Misses, o)
		}
	}
	return rep
}

func allKnown(ids []string, known func(string) bool) bool {
	for _, id := range ids {
		if !known(id) {
			return false
		}
	}
	return true
}

// Unmentioned counts the missed labels whose organisation the string
// does not mention at all (mentions says whether it does): labels chosen
// from evidence outside the string, which no resolver can reach. Recall
// can rise at most by the other misses.
func (r Report) Unmentioned(mentions func(id, input string) bool) int {
	n := 0
	for _, outs := range [][]Outcome{r.Misses, r.False} {
		for _, o := range outs {
			for _, l := range o.Missing {
				if !mentions(l, o.Row.Input) {
					n++
				}
			}
		}
	}
	return n
}

// RecallCeiling is the recall reached if every missed label the string
// mentions were found.
func (r Report) RecallCeiling(unmentioned int) float64 {
	return ratio(r.TruePos+r.FalseNeg-unmentioned, r.TruePos+r.FalseNeg)
}

// Aside is a report recounted with the false matches and misses that a
// rule of the resolver explains set aside: what the figures are where the
// labels' policy and the resolver's rules agree.
type Aside struct {
	TruePos, FalsePos, FalseNeg int
	// Wrong and Missing count the false matches and misses set aside, by
	// the rule that explains them.
	Wrong, Missing map[string]int
}

// Precision is the share of chosen organisations that are right, of those
// not set aside.
func (a Aside) Precision() float64 { return ratio(a.TruePos, a.TruePos+a.FalsePos) }

// Recall is the share of gold labels chosen, of those not set aside.
func (a Aside) Recall() float64 { return ratio(a.TruePos, a.TruePos+a.FalseNeg) }

// SetAside recounts r without the false matches whyWrong names a rule for
// and the misses whyMissing names one for (each returns "" when none
// explains the organisation id of outcome o). A research office can then
// see how much of the gap to its labels is a difference of policy (its
// labels name the whole organisation where the resolver names the unit
// written) and how much is the resolver's mistakes.
func (r Report) SetAside(whyWrong, whyMissing func(id string, o Outcome) string) Aside {
	a := Aside{TruePos: r.TruePos, FalsePos: r.FalsePos, FalseNeg: r.FalseNeg, Wrong: map[string]int{}, Missing: map[string]int{}}
	for _, outs := range [][]Outcome{r.Misses, r.False} {
		for _, o := range outs {
			for _, id := range o.Wrong {
				if why := whyWrong(id, o); why != "" {
					a.Wrong[why]++
					a.FalsePos--
				}
			}
			for _, id := range o.Missing {
				if why := whyMissing(id, o); why != "" {
					a.Missing[why]++
					a.FalseNeg--
				}
			}
		}
	}
	return a
}

// Summary is one line per set-aside count and the recounted figures.
func (a Aside) Summary() string {
	var b strings.Builder
	for _, part := range []struct {
		what   string
		counts map[string]int
	}{{"false matches", a.Wrong}, {"misses", a.Missing}} {
		rules := slices.Sorted(maps.Keys(part.counts))
		for _, rule := range rules {
			fmt.Fprintf(&b, "%d %s follow the rule %s\n", part.counts[rule], part.what, rule)
		}
	}
	fmt.Fprintf(&b, "without them: precision %.4f  recall %.4f  (TP %d, FP %d, FN %d)", a.Precision(), a.Recall(), a.TruePos, a.FalsePos, a.FalseNeg)
	return b.String()
}

// Summary is a one-paragraph text summary of the report.
func (r Report) Summary() string {
	return fmt.Sprintf("rows %d (skipped %d with a label outside the registry): labelled %d, unlabelled %d\nprecision %.4f  recall %.4f  F1 %.4f  (TP %d, FP %d, FN %d)\nabstained on %d of %d unlabelled rows (%.4f)",
		r.Rows, r.Skipped, r.Labelled, r.Unlabelled, r.Precision(), r.Recall(), r.F1(), r.TruePos, r.FalsePos, r.FalseNeg, r.Abstained, r.Unlabelled, r.AbstainRate())
}

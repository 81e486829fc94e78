package screening_test

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/collabcheck/collabcheck/internal/evalset"
	"github.com/collabcheck/collabcheck/internal/match"
	"github.com/collabcheck/collabcheck/internal/sources"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// The targets, asserted on development sets generated from the
// shared list files (see internal/evalset): top-1 recall ≥ 0.98 on variants
// of listed names, false-positive rate ≤ 0.01 on look-alikes that are not
// listed, and pairwise F1 ≥ 0.90 on hand-written hard pairs.
const (
	minRecall   = 0.98
	maxFPRate   = 0.01
	minPairF1   = 0.90
	evalSeed    = 20261129
	showOutcome = 25
)

func dataDir(t *testing.T) string {
	d := os.Getenv("COLLABCHECK_DATA")
	if d == "" {
		t.Skip("COLLABCHECK_DATA is not set: the shared list files are needed for this evaluation")
	}
	return d
}

var (
	realOnce sync.Once
	realIx   *match.Index
	realErr  error
)

// realIndex loads the six shared lists together, as a deployment would.
func realIndex(t *testing.T) *match.Index {
	d := dataDir(t)
	realOnce.Do(func() {
		lists := filepath.Join(d, "lists")
		inputs := []struct {
			format string
			path   string
		}{
			{"aspi", filepath.Join(lists, "aspi", "china-defence-universities.json")},
			{"ftm", filepath.Join(lists, "ftm", "us_section_1286.ftm.json")},
			{"ftm", filepath.Join(lists, "ftm", "us_dod_chinese_milcorps.ftm.json")},
			{"ofac", filepath.Join(lists, "ofac")},
			{"un", filepath.Join(lists, "un", "consolidated.xml")},
			{"csl", filepath.Join(lists, "csl", "consolidated.csv")},
		}
		b := match.NewBuilder()
		for _, in := range inputs {
			l, err := sources.Read(in.format, []string{in.path}, sources.Options{})
			if err != nil {
				realErr = err
				return
			}
			for i := range l.Entities {
				b.Add(l.Name, &l.Entities[i])
			}
		}
		realIx = b.Build()
	})
	if realErr != nil {
		t.Fatal(realErr)
	}
	return realIx
}

func TestScreeningTargets(t *testing.T) {
	ix := realIndex(t)
	d := dataDir(t)
	listed, err := evalset.LoadListed(d)
	if err != nil {
		t.Fatal(err)
	}
	reg, err := evalset.LoadRegistry(filepath.Join(d, "ror", "ror-records-subset-v2.9.zip"), "CN")
	if err != nil {
		t.Fatal(err)
	}
	cases := append(evalset.Positives(listed, evalSeed), evalset.Negatives(listed, reg, evalSeed)...)
	rep := evalset.EvaluateScreening(cases, func(q string) []evalset.Result {
		ms, err := ix.Screen(q, match.Options{Limit: 5})
		if err != nil {
			return nil
		}
		out := make([]evalset.Result, len(ms))
		for i, m := range ms {
			out[i] = evalset.Result{SourceID: m.SourceID, Score: m.Score, Match: m.Match}
		}
		return out
	})
	t.Logf("screening: %d positives, recall %.4f; %d negatives, false-positive rate %.4f", rep.Positives, rep.Recall(), rep.Negatives, rep.FPRate())
	for _, v := range rep.ByVariant {
		t.Logf("  %-22s negative=%-5v cases=%5d rate=%.4f", v.Variant, v.Negative, v.Cases, v.Rate())
	}
	for i, o := range rep.Misses {
		if i == showOutcome {
			break
		}
		t.Logf("  miss %-14s %q want %v got %+v", o.Case.Variant, o.Case.Query, o.Case.WantSourceIDs, o.Got)
	}
	for i, o := range rep.FalsePositives {
		if i == showOutcome {
			break
		}
		t.Logf("  false positive %-14s %q (%s) got %+v", o.Case.Variant, o.Case.Query, o.Case.Note, o.Got)
	}
	if rep.Positives < 500 || rep.Negatives < 200 {
		t.Fatalf("development set too small: %d positives, %d negatives", rep.Positives, rep.Negatives)
	}
	if rep.Recall() < minRecall {
		t.Errorf("recall %.4f below target %.2f", rep.Recall(), minRecall)
	}
	if rep.FPRate() > maxFPRate {
		t.Errorf("false-positive rate %.4f above target %.2f", rep.FPRate(), maxFPRate)
	}
}

func TestPairTargets(t *testing.T) {
	pairs := evalset.Pairs()
	rep := evalset.EvaluatePairs(pairs, func(a, b, typ string) (float64, bool) {
		r, err := match.Pair(a, b, watchlist.Kind(typ), 0)
		if err != nil {
			return 0, false
		}
		return r.Score, r.Match
	})
	t.Logf("pairs: %+v", rep.Overall)
	for i, e := range rep.Errors {
		if i == showOutcome*2 {
			break
		}
		t.Logf("  error %+v", e)
	}
	if rep.Overall.F1 < minPairF1 {
		t.Errorf("pairwise F1 %.4f below target %.2f", rep.Overall.F1, minPairF1)
	}
}

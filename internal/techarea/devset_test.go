package techarea

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// devCase is one hand-written abstract with its gold labels.
type devCase struct {
	ID       string   `yaml:"id"`
	Title    string   `yaml:"title"`
	Abstract string   `yaml:"abstract"`
	Areas    []string `yaml:"areas"`
	Fields   []string `yaml:"fields"`
	file     string
}

func loadDevSet(t testing.TB) []devCase {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "devset_*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no development set files: %v", err)
	}
	var all []devCase
	seen := map[string]bool{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var cases []devCase
		if err := yaml.Unmarshal(data, &cases); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, c := range cases {
			if seen[c.ID] {
				t.Fatalf("%s: duplicate id %s", f, c.ID)
			}
			seen[c.ID] = true
			c.file = filepath.Base(f)
			all = append(all, c)
		}
	}
	return all
}

// devMetrics are the figures the issue sets targets for.
type devMetrics struct {
	tp, fp, fn       int
	microF1          float64
	fieldHit, fieldN int
	fieldRecall      float64
	outClean, outN   int
	outNoAreaRate    float64
	perArea          map[string]*[3]int // tp, fp, fn
	perField         map[string]*[2]int // hits, gold
	errors           []string
}

func evaluate(t testing.TB, c *Classifier, cases []devCase) devMetrics {
	m := devMetrics{perArea: map[string]*[3]int{}, perField: map[string]*[2]int{}}
	count := func(id string, k int) {
		if m.perArea[id] == nil {
			m.perArea[id] = &[3]int{}
		}
		m.perArea[id][k]++
	}
	for _, dc := range cases {
		res, err := c.Classify(Document{ID: dc.ID, Title: dc.Title, Abstract: dc.Abstract})
		if err != nil {
			t.Fatalf("%s: %v", dc.ID, err)
		}
		got := map[string]bool{}
		for _, l := range res.Areas {
			got[l.ID] = true
		}
		gotFields := map[string]bool{}
		for _, l := range res.Fields {
			gotFields[l.ID] = true
		}
		isOut := strings.HasPrefix(dc.ID, "out-")
		if isOut {
			m.outN++
			if len(res.Areas) == 0 {
				m.outClean++
			} else {
				m.errors = append(m.errors, dc.ID+": out-of-area got "+labelIDs(res.Areas))
			}
			continue
		}
		gold := map[string]bool{}
		for _, a := range dc.Areas {
			gold[a] = true
		}
		for a := range gold {
			if got[a] {
				m.tp++
				count(a, 0)
			} else {
				m.fn++
				count(a, 2)
				m.errors = append(m.errors, dc.ID+": missed "+a)
			}
		}
		for a := range got {
			if !gold[a] {
				m.fp++
				count(a, 1)
				m.errors = append(m.errors, dc.ID+": extra "+a)
			}
		}
		for _, f := range dc.Fields {
			m.fieldN++
			if m.perField[f] == nil {
				m.perField[f] = &[2]int{}
			}
			m.perField[f][1]++
			if gotFields[f] {
				m.fieldHit++
				m.perField[f][0]++
			} else {
				m.errors = append(m.errors, dc.ID+": missed field "+f)
			}
		}
	}
	if d := 2*m.tp + m.fp + m.fn; d > 0 {
		m.microF1 = float64(2*m.tp) / float64(d)
	}
	if m.fieldN > 0 {
		m.fieldRecall = float64(m.fieldHit) / float64(m.fieldN)
	}
	if m.outN > 0 {
		m.outNoAreaRate = float64(m.outClean) / float64(m.outN)
	}
	sort.Strings(m.errors)
	return m
}

func labelIDs(ls []Label) string {
	var ids []string
	for _, l := range ls {
		ids = append(ids, l.ID)
	}
	return strings.Join(ids, ",")
}

// TestDevSetTargets checks the issue's accuracy targets on the hand-written
// development set: sensitive-area micro-F1 >= 0.80, opportunity-field recall
// >= 0.85, and no sensitive area on >= 90% of out-of-area abstracts.
//
// Held-out files (heldOutFiles) are left out: they are never tuned on, so
// their figures are reported on their own by TestHeldOut.
func TestDevSetTargets(t *testing.T) {
	var cases []devCase
	for _, c := range loadDevSet(t) {
		if !heldOutFiles[c.file] {
			cases = append(cases, c)
		}
	}
	perGroup := map[string]int{}
	for _, c := range cases {
		perGroup[strings.SplitN(c.ID, "-", 2)[0]]++
	}
	for _, g := range []string{"quantum", "ai", "robot", "crypto", "hw", "comms", "mat", "nuc", "sense", "clim", "astro", "health", "agri"} {
		if perGroup[g] < 15 {
			t.Errorf("development set has %d %s abstracts, want at least 15", perGroup[g], g)
		}
	}
	if perGroup["out"] < 30 {
		t.Errorf("development set has %d out-of-area abstracts, want at least 30", perGroup["out"])
	}
	c := mustDefault(t)
	m := evaluate(t, c, cases)
	t.Logf("sensitive areas: micro-F1 %.3f (tp %d fp %d fn %d)", m.microF1, m.tp, m.fp, m.fn)
	t.Logf("opportunity fields: recall %.3f (%d/%d)", m.fieldRecall, m.fieldHit, m.fieldN)
	t.Logf("out-of-area: no-area rate %.3f (%d/%d)", m.outNoAreaRate, m.outClean, m.outN)
	ids := make([]string, 0, len(m.perArea))
	for id := range m.perArea {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		v := m.perArea[id]
		t.Logf("  %-24s tp %3d fp %3d fn %3d", id, v[0], v[1], v[2])
	}
	for _, e := range m.errors {
		t.Log("  ", e)
	}
	if m.microF1 < 0.80 {
		t.Errorf("sensitive-area micro-F1 = %.3f, want >= 0.80", m.microF1)
	}
	if m.fieldRecall < 0.85 {
		t.Errorf("opportunity-field recall = %.3f, want >= 0.85", m.fieldRecall)
	}
	if m.outNoAreaRate < 0.90 {
		t.Errorf("out-of-area no-area rate = %.3f, want >= 0.90", m.outNoAreaRate)
	}
}

// heldOutFiles are development-set files written blind and kept out of
// tuning: no phrase, weight or rule is changed because of them. Their
// figures estimate accuracy on unseen text, which the tuned files overstate.
var heldOutFiles = map[string]bool{"devset_round4.yaml": true, "devset_round5.yaml": true}

// issueFields are the opportunity fields the issue's recall target names
// (astronomy, climate, health); agri-food is reported but not in it.
var issueFields = []string{"planetary_astronomy", "climate_environment", "health"}

// TestHeldOut reports the issue's figures on each held-out file and checks
// that the file is large and varied enough to be a fair check: at least 150
// abstracts, every target sensitive area and opportunity field present, and
// at least 40 out-of-area abstracts. The figures are logged, not asserted:
// a floor tuned to pass would make the file a tuning set.
func TestHeldOut(t *testing.T) {
	byFile := map[string][]devCase{}
	for _, c := range loadDevSet(t) {
		if heldOutFiles[c.file] {
			byFile[c.file] = append(byFile[c.file], c)
		}
	}
	if len(byFile) != len(heldOutFiles) {
		t.Fatalf("found %d held-out files, want %d", len(byFile), len(heldOutFiles))
	}
	files := make([]string, 0, len(byFile))
	for f := range byFile {
		files = append(files, f)
	}
	sort.Strings(files)
	c := mustDefault(t)
	for _, f := range files {
		cases := byFile[f]
		groups := map[string]int{}
		for _, dc := range cases {
			groups[strings.SplitN(dc.ID, "-", 2)[0]]++
		}
		if len(cases) < 150 {
			t.Errorf("%s: %d abstracts, want at least 150", f, len(cases))
		}
		for _, g := range []string{"quantum", "ai", "robot", "crypto", "hw", "comms", "mat", "nuc", "sense", "clim", "astro", "health", "agri"} {
			if groups[g] < 5 {
				t.Errorf("%s: %d %s abstracts, want at least 5", f, groups[g], g)
			}
		}
		if groups["out"] < 40 {
			t.Errorf("%s: %d out-of-area abstracts, want at least 40", f, groups["out"])
		}
		m := evaluate(t, c, cases)
		t.Logf("%s (held out): micro-F1 %.3f (tp %d fp %d fn %d); field recall %.3f (%d/%d); out-of-area clean %.3f (%d/%d)",
			f, m.microF1, m.tp, m.fp, m.fn, m.fieldRecall, m.fieldHit, m.fieldN, m.outNoAreaRate, m.outClean, m.outN)
		var hit, n int
		for _, id := range issueFields {
			v := m.perField[id]
			if v == nil {
				t.Errorf("%s: no %s abstracts", f, id)
				continue
			}
			hit, n = hit+v[0], n+v[1]
			t.Logf("  field %-22s recall %.3f (%d/%d)", id, float64(v[0])/float64(v[1]), v[0], v[1])
		}
		if n > 0 {
			t.Logf("  fields named by the target (astronomy, climate, health): recall %.3f (%d/%d)", float64(hit)/float64(n), hit, n)
		}
		for _, e := range m.errors {
			t.Log("  ", e)
		}
	}
}

func mustDefault(t testing.TB) *Classifier {
	t.Helper()
	c, err := DefaultClassifier()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

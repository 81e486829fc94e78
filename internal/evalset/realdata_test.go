package evalset

import (
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
)

// realData loads the shared lists and the ROR subset named by
// COLLABCHECK_DATA, or skips the test when it is unset.
func realData(t *testing.T) ([]ListedEntity, []RegistryOrg) {
	t.Helper()
	dir := os.Getenv("COLLABCHECK_DATA")
	if dir == "" {
		t.Skip("COLLABCHECK_DATA is not set; the real-data evaluation sets are not built")
	}
	ents, err := LoadListed(dir)
	if err != nil {
		t.Fatal(err)
	}
	reg, err := LoadRegistry(filepath.Join(dir, "ror", "ror-records-subset-v2.9.zip"), "cn")
	if err != nil {
		t.Fatal(err)
	}
	return ents, reg
}

func TestRealDataSets(t *testing.T) {
	ents, reg := realData(t)
	if len(ents) < 5000 || len(reg) < 500 {
		t.Fatalf("loaded %d listed entities and %d Chinese registry orgs; the data looks truncated", len(ents), len(reg))
	}
	pos := Positives(ents, 1)
	neg := Negatives(ents, reg, 1)

	minPos := map[string]int{"exact": 500, "wos": 300, "affiliation": 500, "chinese_dept": 200, "typo": 300, "lower": 300}
	minNeg := map[string]int{"registry": 150, "registry_wos": 100, "registry_zh": 100, "registry_affiliation": 50,
		"synthetic": 150, "synthetic_wos": 150, "synthetic_zh": 150}
	posBy, negBy := casesByVariant(pos), casesByVariant(neg)
	for v, n := range minPos {
		if len(posBy[v]) < n {
			t.Errorf("%d %s positives, want at least %d", len(posBy[v]), v, n)
		}
	}
	for v, n := range minNeg {
		if len(negBy[v]) < n {
			t.Errorf("%d %s negatives, want at least %d", len(negBy[v]), v, n)
		}
	}
	ids := map[string]bool{}
	for _, e := range ents {
		ids[e.SourceID] = true
	}
	for _, c := range pos {
		if len(c.WantSourceIDs) == 0 {
			t.Fatalf("positive without ids: %+v", c)
		}
		for _, id := range c.WantSourceIDs {
			if !ids[id] {
				t.Fatalf("positive %q wants unknown id %s", c.Query, id)
			}
		}
	}
	assertNoListedNegative(t, ents, neg)

	if !reflect.DeepEqual(pos, Positives(ents, 1)) || !reflect.DeepEqual(neg, Negatives(ents, reg, 1)) {
		t.Error("the sets are not deterministic for a seed")
	}

	// A baseline that only knows listed names verbatim (normalised) finds
	// every exact case, no negative, and few of the harder variants: the
	// sets measure something beyond string equality.
	index := map[string][]string{}
	for _, e := range ents {
		for _, n := range e.Names {
			k := normKey(n)
			index[k] = append(index[k], e.SourceID)
		}
	}
	exact := func(q string) []Result {
		var out []Result
		for _, id := range index[normKey(q)] {
			out = append(out, Result{SourceID: id, Score: 1, Match: true})
		}
		return out
	}
	rep := EvaluateScreening(append(append([]Case{}, pos...), neg...), exact)
	t.Logf("exact-name baseline:\n%s", headLines(rep.String(), 20))
	for _, v := range rep.ByVariant {
		switch {
		case v.Negative && v.FalsePositives > 0:
			t.Errorf("baseline finds %d false positives in %s: some negative is a listed name", v.FalsePositives, v.Variant)
		case !v.Negative && v.Variant == "exact" && v.Correct != v.Cases:
			t.Errorf("baseline gets %d of %d exact cases", v.Correct, v.Cases)
		case !v.Negative && (v.Variant == "wos" || v.Variant == "affiliation" || v.Variant == "typo") && v.Rate() > 0.2:
			t.Errorf("baseline recall %.2f on %s: the variant is too easy", v.Rate(), v.Variant)
		}
	}

	if testing.Verbose() {
		t.Logf("listed entities %d, Chinese registry orgs %d, positives %d, negatives %d", len(ents), len(reg), len(pos), len(neg))
		logExamples(t, posBy, 10)
		logExamples(t, negBy, 10)
	}
}

func headLines(s string, n int) string {
	out, lines := "", 0
	for _, r := range s {
		out += string(r)
		if r == '\n' {
			if lines++; lines == n {
				break
			}
		}
	}
	return out
}

// logExamples logs sizes and n evenly spaced examples of each variant.
func logExamples(t *testing.T, by map[string][]Case, n int) {
	vs := make([]string, 0, len(by))
	for v := range by {
		vs = append(vs, v)
	}
	sort.Strings(vs)
	for _, v := range vs {
		cs := by[v]
		t.Logf("== %s: %d cases", v, len(cs))
		for i := 0; i < n && i < len(cs); i++ {
			c := cs[i*len(cs)/n]
			t.Logf("   %q  want %v  (%s)", c.Query, c.WantSourceIDs, c.Note)
		}
	}
}

func BenchmarkPositivesNegatives(b *testing.B) {
	dir := os.Getenv("COLLABCHECK_DATA")
	if dir == "" {
		b.Skip("COLLABCHECK_DATA is not set")
	}
	ents, err := LoadListed(dir)
	if err != nil {
		b.Fatal(err)
	}
	reg, err := LoadRegistry(filepath.Join(dir, "ror", "ror-records-subset-v2.9.zip"), "cn")
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = Positives(ents, int64(i))
		_ = Negatives(ents, reg, int64(i))
	}
}

package techarea

import (
	"sort"
	"testing"
)

// TestDevSetPerFile reports the figures separately for every
// development-set file, so that a held-out round can be read on its own
// (pooled figures hide a weak round behind the tuned ones). Each file must
// contain at least one case; the figures themselves are logged, and the
// pooled targets are enforced by TestDevSetTargets.
func TestDevSetPerFile(t *testing.T) {
	byFile := map[string][]devCase{}
	for _, c := range loadDevSet(t) {
		byFile[c.file] = append(byFile[c.file], c)
	}
	files := make([]string, 0, len(byFile))
	for f := range byFile {
		files = append(files, f)
	}
	sort.Strings(files)
	c := mustDefault(t)
	for _, f := range files {
		t.Run(f, func(t *testing.T) {
			cases := byFile[f]
			if len(cases) == 0 {
				t.Fatalf("%s has no cases", f)
			}
			m := evaluate(t, c, cases)
			t.Logf("%s: %d cases; micro-F1 %.3f (tp %d fp %d fn %d); field recall %.3f (%d/%d); out-of-area clean %.3f (%d/%d)",
				f, len(cases), m.microF1, m.tp, m.fp, m.fn, m.fieldRecall, m.fieldHit, m.fieldN, m.outNoAreaRate, m.outClean, m.outN)
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
		})
	}
}

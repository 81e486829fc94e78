package assessing

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/collabcheck/collabcheck/internal/assess"
	"github.com/collabcheck/collabcheck/internal/screening"
	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/store/sqlite"
	"github.com/collabcheck/collabcheck/internal/techarea"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// newAssessor returns an Assessor over a fresh SQLite store; with a list
// it holds one invented sanctioned company.
func newAssessor(t *testing.T, withList bool) *Assessor {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "cc.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if withList {
		_, _, err := st.ImportList(ctx, store.ListImport{List: "test_sanctions", Format: "csv", Source: "fixture", Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
			Entities: []watchlist.Entity{{SourceID: "S-1", Kind: watchlist.KindOrganization,
				Names:       []watchlist.Name{{Value: "Borealis Fenwick Trading LLC", Kind: watchlist.NamePrimary}},
				Countries:   []string{"ru"},
				Memberships: []watchlist.Membership{{List: "OFAC SDN (test fixture)", Program: "RUSSIA-EO14024"}}}}})
		if err != nil {
			t.Fatal(err)
		}
	}
	svc := screening.New(st)
	if err := svc.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	cl, err := techarea.DefaultClassifier()
	if err != nil {
		t.Fatal(err)
	}
	a, err := New(svc, cl)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestAssessScreensPartnersAndRecordsVersions(t *testing.T) {
	a := newAssessor(t, true)
	coll := assess.Collaboration{Title: "Supply of lab equipment", Partners: []assess.Partner{{Name: "Borealis Fenwick Trading", Kind: assess.PartnerOrganisation, Country: "ru"}}}
	got, err := a.Assess(coll, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got.Outcome != assess.OutcomeDoNotProceed {
		t.Fatalf("outcome %s, want do_not_proceed for a sanctioned partner; findings %+v", got.Outcome, got.Findings)
	}
	if len(got.Versions.Lists) != 1 || got.Versions.Lists[0].List != "test_sanctions" || got.Versions.Taxonomy == "" {
		t.Fatalf("versions %+v", got.Versions)
	}
	again, err := a.Assess(coll, nil)
	if err != nil || again.InputHash != got.InputHash || again.Outcome != got.Outcome {
		t.Fatalf("not deterministic: %v %+v", err, again)
	}
}

func TestAssessRefusesWithoutLists(t *testing.T) {
	a := newAssessor(t, false)
	_, err := a.Assess(assess.Collaboration{Title: "x", Partners: []assess.Partner{{Name: "Univ A"}}}, nil)
	if !errors.Is(err, ErrNoLists) {
		t.Fatalf("err = %v, want ErrNoLists", err)
	}
}

func TestPolicyOverridesAreValidatedAndCached(t *testing.T) {
	a := newAssessor(t, false)
	if p, err := a.Policy("tenant", nil); err != nil || p != a.DefaultPolicy() {
		t.Fatalf("empty override: %v", err)
	}
	src := []byte("version: tenant-7\n")
	p1, err := a.Policy("tenant", src)
	if err != nil {
		t.Fatal(err)
	}
	if p1.Version != a.DefaultPolicy().Version+"+tenant-7" {
		t.Fatalf("override version %q", p1.Version)
	}
	if p2, _ := a.Policy("tenant", src); p2 != p1 {
		t.Fatal("same override parsed twice")
	}
	var pe *assess.ParseError
	if _, err := a.Policy("tenant", []byte("version: x\nnot_a_field: 1\n")); !errors.As(err, &pe) {
		t.Fatalf("invalid override: %v", err)
	}
}

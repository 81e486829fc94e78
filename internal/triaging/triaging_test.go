package triaging

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/collabcheck/collabcheck/internal/match"
	"github.com/collabcheck/collabcheck/internal/secure"
	"github.com/collabcheck/collabcheck/internal/sources"
	"github.com/collabcheck/collabcheck/internal/techarea"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// fixture builds a triager over the invented FtM list in testdata (a
// listed holding company owning a fund through an Ownership record, and a
// listed person with a common name), with an entity lookup over the same
// records.
func fixture(t testing.TB) *Triager {
	t.Helper()
	l, err := sources.Read(sources.FormatFtM, []string{filepath.Join("testdata", "lists.ftm.json")}, sources.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b := match.NewBuilder()
	byID := map[string]watchlist.Entity{}
	for i := range l.Entities {
		b.Add("invented", &l.Entities[i])
		byID[l.Entities[i].SourceID] = l.Entities[i]
	}
	cl, err := techarea.DefaultClassifier()
	if err != nil {
		t.Fatal(err)
	}
	tr, err := New(IndexScreener{b.Build()}, cl, func(_ context.Context, list, id string) (watchlist.Entity, bool, error) {
		e, ok := byID[id]
		return e, ok && list == "invented", nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func readDeal(t testing.TB, name string) secure.Deal {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	d, err := secure.ParseDeal(name, data)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func findingKinds(tr secure.Triage) []string {
	out := []string{}
	for _, f := range tr.Findings {
		k := string(f.Kind)
		if f.Party != "" {
			k += "@" + f.Party
		}
		out = append(out, k)
	}
	return out
}

func find(tr secure.Triage, kind secure.FindingKind) *secure.Finding {
	for i := range tr.Findings {
		if tr.Findings[i].Kind == kind {
			return &tr.Findings[i]
		}
	}
	return nil
}

// The worked examples of issue 8.
func TestWorkedExamples(t *testing.T) {
	tr := fixture(t)
	tests := []struct {
		file     string
		flags    secure.Flags
		findings []string
		advice   bool
		check    func(t *testing.T, r secure.Triage)
	}{
		{
			// A quantum start-up taking 30% investment from a fund that an
			// invented listed company owns: notifiable area and ownership hit.
			file:     "quantum.yaml",
			flags:    secure.Flags{MayBeNotifiable: true, ExportControl: true, OwnershipHit: true},
			findings: []string{"may_be_notifiable@counterparties[0]", "export_control", "ownership_hit@counterparties[0]", "good_practice"},
			advice:   true,
			check: func(t *testing.T, r secure.Triage) {
				n := find(r, secure.FindNotifiable)
				ev := strings.Join(n.Evidence, "\n")
				if !strings.Contains(ev, "Quantum Technologies") || !strings.Contains(ev, "more than 25%") {
					t.Errorf("notifiable evidence lacks the NSI area or threshold:\n%s", ev)
				}
				o := find(r, secure.FindOwnershipHit)
				ev = strings.Join(o.Evidence, "\n")
				if !strings.Contains(ev, "path: Larkspur Frontier Capital Fund → owner: Northgate Strategic Holdings (list invented, record tx-northgate)") {
					t.Errorf("ownership evidence lacks the path:\n%s", ev)
				}
			},
		},
		{
			// An agri-food exporter to a partner with no concerns: only
			// good practice.
			file:     "agrifood.yaml",
			flags:    secure.Flags{},
			findings: []string{"good_practice"},
			advice:   false,
		},
		{
			// A robotics company whose director shares a common name with a
			// listed person: a weak match for review, never a hit.
			file:     "robotics.yaml",
			flags:    secure.Flags{ExportControl: true, WeakMatch: true},
			findings: []string{"export_control", "weak_match@counterparties[0]", "good_practice"},
			advice:   true, // for the export-control categories, not the name
			check: func(t *testing.T, r secure.Triage) {
				w := find(r, secure.FindWeakMatch)
				if w.Severity != secure.SeverityReview || !strings.Contains(w.Title, "for a human to review") {
					t.Errorf("weak match = %+v", w)
				}
				for _, reason := range r.AdviceReasons {
					if strings.Contains(reason, "screening list") {
						t.Errorf("a name-only match must not trigger list advice: %q", reason)
					}
				}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			r, err := tr.Triage(context.Background(), readDeal(t, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if r.Flags != tc.flags {
				t.Errorf("flags = %+v, want %+v", r.Flags, tc.flags)
			}
			if got := findingKinds(r); !reflect.DeepEqual(got, tc.findings) {
				t.Errorf("findings = %v, want %v", got, tc.findings)
			}
			if r.SeekAdvice != tc.advice {
				t.Errorf("seek advice = %v (%v), want %v", r.SeekAdvice, r.AdviceReasons, tc.advice)
			}
			if tc.check != nil {
				tc.check(t, r)
			}
			// Deterministic: the same deal gives the same triage.
			again, err := tr.Triage(context.Background(), readDeal(t, tc.file))
			if err != nil || !reflect.DeepEqual(again, r) {
				t.Errorf("second triage differs (err %v)", err)
			}
		})
	}
}

// A director whose date of birth agrees with the listed person's is a
// hit; one whose date of birth differs stays a weak match even when the
// country agrees.
func TestPersonCorroborationThroughLookup(t *testing.T) {
	tr := fixture(t)
	base := readDeal(t, "robotics.yaml")
	for _, tc := range []struct {
		dob, country string
		want         secure.FindingKind
	}{
		{"1958-07-19", "gb", secure.FindListHit},
		{"1958", "", secure.FindListHit},
		{"1990-01-02", "xa", secure.FindWeakMatch},
	} {
		d := base
		d.Counterparties = append([]secure.Counterparty(nil), base.Counterparties...)
		d.Counterparties[0].DateOfBirth = tc.dob
		d.Counterparties[0].Country = tc.country
		d, err := d.Validate()
		if err != nil {
			t.Fatal(err)
		}
		r, err := tr.Triage(context.Background(), d)
		if err != nil {
			t.Fatal(err)
		}
		if find(r, tc.want) == nil {
			t.Errorf("dob %s country %q: findings %v, want %s", tc.dob, tc.country, findingKinds(r), tc.want)
		}
	}
}

func BenchmarkTriage(b *testing.B) {
	tr := fixture(b)
	d := readDeal(b, "quantum.yaml")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tr.Triage(context.Background(), d); err != nil {
			b.Fatal(err)
		}
	}
}

// notReady is a screener with no lists loaded.
type notReady struct{ IndexScreener }

func (notReady) Ready() bool { return false }

func TestTriageRefusesWithoutLists(t *testing.T) {
	tr := fixture(t)
	tr.Screener = notReady{tr.Screener.(IndexScreener)}
	if _, err := tr.Triage(context.Background(), readDeal(t, "agrifood.yaml")); !errors.Is(err, ErrNoLists) {
		t.Fatalf("err = %v, want ErrNoLists", err)
	}
}

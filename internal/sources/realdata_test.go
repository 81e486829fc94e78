package sources

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// The tests below read the real list files under $COLLABCHECK_DATA and
// check the counts its README documents plus a few structural facts.

func readReal(t testing.TB, format string, rel ...string) *List {
	t.Helper()
	p := filepath.Join(append([]string{dataDir(t), "lists"}, rel...)...)
	l, err := Read(format, []string{p}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkEntities(t, l.Entities)
	return l
}

func TestRealOFAC(t *testing.T) {
	l := readReal(t, "", "ofac")
	// The README says 7,378 entries; sdn.csv holds 7,379 rows (its last
	// row has no final newline, which a line count misses).
	if len(l.Entities) != 7379 {
		t.Errorf("%d entities, want 7379 sdn.csv rows", len(l.Entities))
	}
	kinds := map[watchlist.Kind]int{}
	aliases, linked := 0, 0
	for _, e := range l.Entities {
		kinds[e.Kind]++
		aliases += len(e.Names) - 1
		for _, r := range e.Relations {
			if r.Target != "" {
				linked++
			}
		}
	}
	if kinds[watchlist.KindPerson] != 3845 || kinds[watchlist.KindVessel] != 323 || kinds[watchlist.KindOther] != 217 {
		t.Errorf("kinds %v", kinds)
	}
	// alt.csv alone holds 9,681 alias rows; remarks add more.
	if aliases < 9681 {
		t.Errorf("%d aliases, fewer than alt.csv's rows", aliases)
	}
	if linked < 1000 {
		t.Errorf("only %d Linked To relations resolved to entries", linked)
	}
	e := entityByID(t, l, "306")
	wantName(t, e, "BNC", watchlist.NameAcronym, "")
}

func TestRealUN(t *testing.T) {
	l := readReal(t, "", "un", "consolidated.xml")
	if len(l.Entities) != 1003 {
		t.Errorf("%d entities, want 1003", len(l.Entities))
	}
	persons, arabic := 0, 0
	for _, e := range l.Entities {
		if e.Kind == watchlist.KindPerson {
			persons++
		}
		for _, n := range e.Names {
			if n.Lang == "ar" {
				arabic++
			}
		}
		if len(e.Memberships) != 1 || e.Memberships[0].Program == "" {
			t.Fatalf("%s memberships %+v", e.SourceID, e.Memberships)
		}
	}
	if persons != 730 || arabic < 200 {
		t.Errorf("%d persons (want 730), %d Arabic-script names", persons, arabic)
	}
}

func TestRealCSL(t *testing.T) {
	l := readReal(t, "", "csl", "consolidated.csv")
	if len(l.Entities) != 115 {
		t.Errorf("%d entities, want 115 rows", len(l.Entities))
	}
	lists := map[string]int{}
	for _, e := range l.Entities {
		lists[e.Memberships[0].List]++
	}
	if lists["Entity List (EL) - Bureau of Industry and Security"] != 22 || len(lists) != 9 {
		t.Errorf("lists %v", lists)
	}
}

func TestRealFtM1286(t *testing.T) {
	l := readReal(t, "", "ftm", "us_section_1286.ftm.json")
	if l.Name != "us_special_leg" || len(l.Entities) != 197 {
		t.Errorf("name %q with %d entities, want us_special_leg with 197", l.Name, len(l.Entities))
	}
	mems := 0
	for _, e := range l.Entities {
		if e.Kind != watchlist.KindOrganization {
			t.Errorf("%s is %s", e.SourceID, e.Kind)
		}
		mems += len(e.Memberships)
	}
	// Every one of the 443 Sanction records became a membership (some
	// are identical and merge).
	if mems == 0 || len(l.Warnings) != 0 {
		t.Errorf("%d memberships, warnings %q", mems, l.Warnings)
	}
}

func TestRealFtM1260H(t *testing.T) {
	l := readReal(t, "", "ftm", "us_dod_chinese_milcorps.ftm.json")
	// 397 Company records for 234 distinct ids: a company listed in
	// several years appears once per year; FtM merges records by id.
	if len(l.Entities) != 234 {
		t.Errorf("%d entities, want 234 distinct companies", len(l.Entities))
	}
	parents, resolved, former := 0, 0, 0
	for _, e := range l.Entities {
		if len(e.Memberships) == 0 {
			t.Errorf("%s has no membership", e.SourceID)
		}
		for _, r := range e.Relations {
			if r.Type == watchlist.RelParent {
				parents++
				if r.Target != "" {
					resolved++
				}
			}
		}
		for _, n := range e.Names {
			if n.Kind == watchlist.NameFormer {
				former++
			}
		}
	}
	if parents == 0 || resolved == 0 || former == 0 {
		t.Errorf("parents %d (resolved %d), former names %d", parents, resolved, former)
	}
}

func TestRealFtMZala(t *testing.T) {
	l := readReal(t, "", "ftm", "zala_sample.ftm.json")
	if len(l.Entities) != 17 {
		t.Errorf("%d parties, want 6 people and 11 companies", len(l.Entities))
	}
	owners, langs := 0, map[string]bool{}
	for _, e := range l.Entities {
		for _, r := range e.Relations {
			if r.Type == watchlist.RelOwner {
				owners++
			}
		}
		for _, n := range e.Names {
			langs[n.Lang] = true
		}
	}
	if owners == 0 || !langs["ru"] || !langs["uk"] {
		t.Errorf("owner relations %d, languages %v", owners, langs)
	}
}

func TestRealASPI(t *testing.T) {
	l := readReal(t, "", "aspi", "china-defence-universities.json")
	parents, children := 0, 0
	ids := map[string]bool{}
	for _, e := range l.Entities {
		ids[e.SourceID] = true
	}
	for _, e := range l.Entities {
		if !strings.Contains(e.SourceID, "/") {
			parents++
			continue
		}
		children++
		if len(e.Relations) == 0 || e.Relations[0].Type != watchlist.RelParent || !ids[e.Relations[0].Target] {
			t.Errorf("child %s does not link to a parent in the list: %+v", e.SourceID, e.Relations)
		}
	}
	if parents != 159 || children < 300 {
		t.Errorf("%d institutions (want 159), %d children", parents, children)
	}
}

func benchRead(b *testing.B, rel ...string) {
	p := filepath.Join(append([]string{dataDir(b), "lists"}, rel...)...)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Read("", []string{p}, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadOFAC(b *testing.B)    { benchRead(b, "ofac") }
func BenchmarkReadUN(b *testing.B)      { benchRead(b, "un", "consolidated.xml") }
func BenchmarkReadCSL(b *testing.B)     { benchRead(b, "csl", "consolidated.csv") }
func BenchmarkReadFtM(b *testing.B)     { benchRead(b, "ftm", "us_dod_chinese_milcorps.ftm.json") }
func BenchmarkReadFtMZala(b *testing.B) { benchRead(b, "ftm", "zala_sample.ftm.json") }
func BenchmarkReadASPI(b *testing.B)    { benchRead(b, "aspi", "china-defence-universities.json") }

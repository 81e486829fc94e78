package sources

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/collabcheck/collabcheck/internal/watchlist"
)

func TestReadUNFixture(t *testing.T) {
	l := readFixture(t, "", filepath.Join("un", "consolidated.xml"))
	if l.Format != FormatUN || l.Name != "un_consolidated" || len(l.Entities) != 3 {
		t.Fatalf("format %q name %q with %d entities", l.Format, l.Name, len(l.Entities))
	}
	p := entityByID(t, l, "900001")
	if p.Kind != watchlist.KindPerson {
		t.Errorf("kind %s", p.Kind)
	}
	wantName(t, p, "AHMAD EXAMPLE AL-SAMPLE", watchlist.NamePrimary, "")
	wantName(t, p, "أحمد مثال", watchlist.NameAlias, "ar")
	wantName(t, p, "Abu Example", watchlist.NameAlias, "")
	wantName(t, p, "Al-Muhasib", watchlist.NameAlias, "")
	if len(p.Names) != 4 {
		t.Errorf("names %+v: the empty alias should be skipped", p.Names)
	}
	m := p.Memberships[0]
	if m.List != "UN Security Council Consolidated List" || m.Program != "Al-Qaida" || m.ListedOn != "2010-03-04" || !strings.HasPrefix(m.Reason, "Financier") {
		t.Errorf("membership %+v", m)
	}
	if !hasIdentifier(p, "UN Reference Number", "QDi.900") || !hasIdentifier(p, "Passport (Syrian Arab Republic)", "N0001234") {
		t.Errorf("identifiers %+v", p.Identifiers)
	}
	for _, a := range [][2]string{{"date_of_birth", "1970-01-01"}, {"date_of_birth", "between 1968 and 1971"},
		{"place_of_birth", "Homs, Syrian Arab Republic"}, {"low_quality_alias", "Al-Muhasib"}, {"alias_note", "Al-Muhasib: nickname"},
		{"title", "Dr."}, {"designation", "Treasurer"}, {"future_element", "kept as an attribute"},
		{"address_note", "1 Example Street, Aleppo, Syrian Arab Republic: as of 2014"}} {
		if !hasAttr(p, a[0], a[1]) {
			t.Errorf("lacks attribute %s=%q: %v", a[0], a[1], p.Attributes)
		}
	}
	if !equalStrings(p.Countries, []string{"sy", "iq"}) {
		t.Errorf("countries %v", p.Countries)
	}
	k := entityByID(t, l, "900002")
	wantName(t, k, "김 예시", watchlist.NameAlias, "ko")
	if !hasAttr(k, "date_of_birth", "approximately 1965") || !equalStrings(k.Countries, []string{"kp"}) {
		t.Errorf("900002: %+v", k)
	}
	e := entityByID(t, l, "900101")
	if e.Kind != watchlist.KindOrganization {
		t.Errorf("entity kind %s", e.Kind)
	}
	wantName(t, e, "例子贸易公司", watchlist.NameAlias, "zh")
	wantName(t, e, "ETC", watchlist.NameAcronym, "")
	wantName(t, e, "Old Example Trading Bureau", watchlist.NameFormer, "")
	if !equalStrings(e.Countries, []string{"kp", "cn"}) {
		t.Errorf("entity countries %v", e.Countries)
	}
}

func TestUNErrors(t *testing.T) {
	for name, tc := range map[string]struct{ data, want string }{
		"wrong root":    {"<?xml version=\"1.0\"?>\n<OTHER/>", "line 2"},
		"no DATAID":     {"<CONSOLIDATED_LIST><ENTITIES>\n<ENTITY><FIRST_NAME>A</FIRST_NAME></ENTITY></ENTITIES></CONSOLIDATED_LIST>", "record 1"},
		"no name":       {"<CONSOLIDATED_LIST><ENTITIES>\n<ENTITY><DATAID>1</DATAID></ENTITY></ENTITIES></CONSOLIDATED_LIST>", "record 1"},
		"bad utf8":      {"<CONSOLIDATED_LIST><ENTITIES>\n<ENTITY><DATAID>1</DATAID>\n<FIRST_NAME>A\xff</FIRST_NAME></ENTITY></ENTITIES></CONSOLIDATED_LIST>", "line 3"},
		"latin1 header": {"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><CONSOLIDATED_LIST/>", "line 1"},
		"empty":         {"", "no <CONSOLIDATED_LIST>"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := readUN(input{Name: "un.xml", R: strings.NewReader(tc.data)})
			if err == nil || !strings.Contains(err.Error(), "un.xml") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err %v, want it to name un.xml and %q", err, tc.want)
			}
		})
	}
}

func FuzzUN(f *testing.F) {
	b, err := os.ReadFile(filepath.Join("testdata", "un", "consolidated.xml"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte("<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>A</FIRST_NAME><X><Y>z</Y></X></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := readUN(input{Name: "fuzz.xml", R: bytes.NewReader(data)})
		if err != nil {
			if !strings.Contains(err.Error(), "fuzz.xml") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		uniqueSourceIDs(res.entities)
		checkEntities(t, res.entities)
	})
}

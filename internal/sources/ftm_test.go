package sources

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/collabcheck/collabcheck/internal/watchlist"
)

func TestReadFtMFixture(t *testing.T) {
	l := readFixture(t, "", filepath.Join("ftm", "sample.ftm.json"))
	if l.Format != FormatFtM || l.Name != "ex_dataset" {
		t.Fatalf("format %q name %q", l.Format, l.Name)
	}
	var ids []string
	for _, e := range l.Entities {
		ids = append(ids, e.SourceID)
	}
	// Parties in source order; the repeated ex-parent merged into one.
	if !equalStrings(ids, []string{"ex-parent", "ex-child", "ex-person", "ex-vessel"}) {
		t.Fatalf("entities %v", ids)
	}
	w := strings.Join(l.Warnings, "|")
	for _, s := range []string{"1 addressEntity", "1 Sanction records name no entity", "1 Note records"} {
		if !strings.Contains(w, s) {
			t.Errorf("warnings %q lack %q", l.Warnings, s)
		}
	}

	parent := entityByID(t, l, "ex-parent")
	wantName(t, parent, "Example Aerospace Group", watchlist.NamePrimary, "")
	wantName(t, parent, "EAG", watchlist.NameAcronym, "")
	wantName(t, parent, "Example Aviation Bureau", watchlist.NameFormer, "") // from the repeated record
	if len(parent.Memberships) != 1 {
		t.Fatalf("memberships %+v", parent.Memberships)
	}
	m := parent.Memberships[0]
	if m.List != "Example Department of Defense" || m.Program != "Example Military Companies List" || m.ListedOn != "2021-06-03" ||
		m.Reason != "Military end user" || m.SourceURL != "https://example.gov/list" {
		t.Errorf("sanction became %+v", m)
	}
	if !hasRelation(parent, watchlist.RelSubsidiary, "ex-child") {
		t.Errorf("owner lacks subsidiary relation: %+v", parent.Relations)
	}
	if !hasRelation(parent, watchlist.RelOwner, "other-dataset-owner") {
		t.Errorf("a link to an entity outside the file was dropped: %+v", parent.Relations)
	}
	if !hasIdentifier(parent, "Registration Number", "91110000EXAMPLE1") || parent.Remarks[0] != "An invented state-owned group." {
		t.Errorf("ids %+v remarks %q", parent.Identifiers, parent.Remarks)
	}

	child := entityByID(t, l, "ex-child")
	wantName(t, child, "示例航天电子有限公司", watchlist.NameAlias, "zh")
	wantName(t, child, "EAE", watchlist.NameAcronym, "")
	wantName(t, child, "Example Avionics Factory", watchlist.NameFormer, "")
	var parentRel, ownerRel *watchlist.Relation
	for i, r := range child.Relations {
		switch r.Type {
		case watchlist.RelParent:
			parentRel = &child.Relations[i]
		case watchlist.RelOwner:
			ownerRel = &child.Relations[i]
		}
	}
	if parentRel == nil || parentRel.Target != "ex-parent" || parentRel.TargetName != "Example Aerospace Group" {
		t.Errorf("parent name not resolved: %+v", child.Relations)
	}
	if ownerRel == nil || ownerRel.Target != "ex-parent" || !strings.Contains(ownerRel.Role, "shareholder") || !strings.Contains(ownerRel.Role, "51%") {
		t.Errorf("ownership relation %+v", ownerRel)
	}
	if len(child.Addresses) != 1 || child.Addresses[0].City != "Xi'an" || child.Addresses[0].Country != "cn" {
		t.Errorf("addressEntity via referent not resolved: %+v", child.Addresses)
	}
	if !hasAttr(child, "addressEntity", "addr-missing") || !hasAttr(child, "sourceUrl", "https://example.gov/child") || !hasAttr(child, "datasets", "ex_dataset") {
		t.Errorf("attributes %v", child.Attributes)
	}
	if !hasRelation(child, watchlist.RelRelated, "ex-person") {
		t.Errorf("directorship missing on the organisation: %+v", child.Relations)
	}

	person := entityByID(t, l, "ex-person")
	wantName(t, person, "Иван Примеров", watchlist.NameAlias, "ru")
	if person.Kind != watchlist.KindPerson || !hasAttr(person, "date_of_birth", "1970-05-06") || !hasIdentifier(person, "INN", "770000000001") ||
		!hasRelation(person, watchlist.RelRelated, "ex-child") || !equalStrings(person.Countries, []string{"ru"}) {
		t.Errorf("person %+v", person)
	}
	if v := entityByID(t, l, "ex-vessel"); v.Kind != watchlist.KindVessel || !hasIdentifier(v, "IMO", "9000002") {
		t.Errorf("vessel %+v", v)
	}
}

func TestFtMErrors(t *testing.T) {
	good := `{"id":"a","schema":"Company","properties":{"name":["A"]}}` + "\n"
	for name, tc := range map[string]struct {
		data string
		max  int
		want string
	}{
		"bad json":      {good + "{\"id\": \"b\", \"schema\"\n", 0, "line 2"},
		"no schema":     {good + good + `{"id":"c"}` + "\n", 0, "line 3"},
		"bad utf8":      {good + "{\"id\":\"b\",\"schema\":\"Company\",\"properties\":{\"name\":[\"\xff\"]}}\n", 0, "line 2: invalid UTF-8"},
		"long line":     {good + good + good, 20, "line 1: line longer than 20 bytes"},
		"property type": {`{"id":"a","schema":"Company","properties":"name"}`, 0, "line 1"},
		"empty":         {"\n\n", 0, "no FtM records"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := readFtM([]input{{Name: "x.ftm.json", R: strings.NewReader(tc.data)}}, tc.max)
			if err == nil || !strings.Contains(err.Error(), "x.ftm.json") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err %v, want it to name x.ftm.json and %q", err, tc.want)
			}
		})
	}
}

// TestFtMLongLine reads a line longer than bufio's buffer.
func TestFtMLongLine(t *testing.T) {
	long := strings.Repeat("x", 3<<20)
	data := `{"id":"a","schema":"Company","properties":{"name":["A"],"notes":["` + long + `"]}}` + "\n"
	res, err := readFtM([]input{{Name: "long.json", R: strings.NewReader(data)}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.entities) != 1 || len(res.entities[0].Remarks[0]) != len(long) {
		t.Errorf("long line not read whole")
	}
}

func FuzzFtM(f *testing.F) {
	b, err := os.ReadFile(filepath.Join("testdata", "ftm", "sample.ftm.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(`{"id":"x","schema":"Ownership","properties":{"owner":["x"],"asset":["x"]}}` + "\n" + `{"id":"x","schema":"Person","properties":{"parent":["x"]},"caption":"X"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := readFtM([]input{{Name: "fuzz.json", R: bytes.NewReader(data)}}, 1<<16)
		if err != nil {
			if !strings.Contains(err.Error(), "fuzz.json") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		checkEntities(t, res.entities)
	})
}

package sources

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/collabcheck/collabcheck/internal/watchlist"
)

func TestParseMapping(t *testing.T) {
	m, err := ParseMapping(`id=ID,name=Name,alias=Aliases;|,country=Country;semicolon,kind=Type,program=Program,remarks=Notes,identifier:LEI="LEI, code",attr=Risk owner,delimiter=tab`)
	if err != nil {
		t.Fatal(err)
	}
	want := []CSVField{
		{Field: "id", Column: "ID"}, {Field: "name", Column: "Name"}, {Field: "alias", Column: "Aliases", Sep: "|"},
		{Field: "country", Column: "Country", Sep: ";"}, {Field: "kind", Column: "Type"}, {Field: "program", Column: "Program"},
		{Field: "remarks", Column: "Notes"}, {Field: "identifier", Key: "LEI", Column: "LEI, code"},
		{Field: "attr", Key: "Risk owner", Column: "Risk owner"},
	}
	if len(m.Fields) != len(want) || m.Comma != '\t' {
		t.Fatalf("got %+v comma %q", m.Fields, m.Comma)
	}
	for i := range want {
		if m.Fields[i] != want[i] {
			t.Errorf("field %d = %+v, want %+v", i, m.Fields[i], want[i])
		}
	}
	if m, err := ParseMapping("name=N,alias=A;,"); err != nil || m.Fields[1].Sep != "," {
		t.Errorf("comma separator: %+v, %v", m, err)
	}
	for spec, want := range map[string]string{
		"":                    "empty",
		"id=ID":               "no name column",
		"name=A,name":         "want FIELD=COLUMN",
		"name=A,colour=B":     "unknown field",
		"name=":               "empty column",
		"name=A,alias=B;":     "empty separator",
		"name=A,id=B,id=C":    "more than one id",
		`name="A`:             "unclosed quote",
		"name:x=A":            "only identifier and attr",
		"name=A,delimiter=ab": "delimiter",
	} {
		if _, err := ParseMapping(spec); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseMapping(%q) err %v, want %q", spec, err, want)
		}
	}
}

func TestReadCustomCSVInferred(t *testing.T) {
	l := readFixture(t, "", filepath.Join("custom", "partners.csv"))
	if l.Format != FormatCSV || l.Name != "partners" || len(l.Entities) != 3 {
		t.Fatalf("format %q name %q with %d entities", l.Format, l.Name, len(l.Entities))
	}
	p := entityByID(t, l, "P-1")
	wantName(t, p, "Example Robotics Institute", watchlist.NamePrimary, "")
	wantName(t, p, "ERI", watchlist.NameAcronym, "")
	wantName(t, p, "Example Robot Inst", watchlist.NameAlias, "")
	wantName(t, p, "Example Robotics Inst.", watchlist.NameAlias, "") // from the second P-1 row
	if !equalStrings(p.Countries, []string{"cn", "hk"}) || len(p.Memberships) != 2 || p.Memberships[1].Program != "Export control" ||
		p.Memberships[0].List != "partners" || !hasAttr(p, "risk_owner", "J. Smith") {
		t.Errorf("P-1: %+v", p)
	}
	if j := entityByID(t, l, "P-2"); j.Kind != watchlist.KindPerson || !equalStrings(j.Countries, []string{"gb"}) {
		t.Errorf("P-2: %+v", j)
	}
	lab := &l.Entities[2]
	if !strings.HasPrefix(lab.SourceID, "h") || lab.Kind != watchlist.KindOrganization || !equalStrings(lab.Countries, []string{"cn"}) {
		t.Errorf("row without id: %+v", lab)
	}
	again := readFixture(t, "", filepath.Join("custom", "partners.csv"))
	if again.Entities[2].SourceID != lab.SourceID {
		t.Error("content ids are not stable")
	}
}

func TestReadCustomCSVMapped(t *testing.T) {
	data := "Ref;Organisation;Other names;Land;Category;Extra\n" +
		"A1;Example Lab;EL / Example Laboratory;Germany;university;x\n" +
		"A2;Other Lab;;Atlantis;vessel;y\n"
	path := writeTemp(t, "mine.csv", []byte(data))
	m, err := ParseMapping("id=Ref,name=Organisation,alias=Other names;slash,country=Land,kind=Category,attr:category=Category")
	if err != nil {
		t.Fatal(err)
	}
	l, err := Read(FormatCSV, []string{path}, Options{Mapping: m})
	if err != nil {
		t.Fatal(err)
	}
	checkEntities(t, l.Entities)
	a := entityByID(t, l, "A1")
	wantName(t, a, "EL", watchlist.NameAcronym, "")
	wantName(t, a, "Example Laboratory", watchlist.NameAlias, "")
	if !equalStrings(a.Countries, []string{"de"}) || !hasAttr(a, "extra", "x") || !hasAttr(a, "category", "university") {
		t.Errorf("A1: %+v", a)
	}
	b := entityByID(t, l, "A2")
	if b.Kind != watchlist.KindVessel || len(b.Countries) != 0 || !hasAttr(b, "country_unrecognised", "Atlantis") {
		t.Errorf("A2: %+v", b)
	}
}

func TestCustomCSVErrors(t *testing.T) {
	for name, tc := range map[string]struct {
		data, spec, want string
	}{
		"no name column":   {"ID,Colour\n1,red\n", "", "line 1: no name column"},
		"mapped missing":   {"ID,Name\n1,A\n", "name=Title", "line 1: mapped column \"Title\""},
		"row without name": {"ID,Name\n1,A\n2,\n", "", "line 3: row has no name"},
		"too many cells":   {"ID,Name\n1,A,extra\n", "", "line 2"},
		"bad quote":        {"ID,Name\n1,\"A\n", "", "line 2"},
		"empty":            {"", "", "empty file"},
		"header only":      {"ID,Name\n", "", "no rows"},
	} {
		t.Run(name, func(t *testing.T) {
			var m *CSVMapping
			if tc.spec != "" {
				var err error
				if m, err = ParseMapping(tc.spec); err != nil {
					t.Fatal(err)
				}
			}
			_, err := readCustomCSV(input{Name: "own.csv", R: strings.NewReader(tc.data)}, m)
			if err == nil || !strings.Contains(err.Error(), "own.csv") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err %v, want it to name own.csv and %q", err, tc.want)
			}
		})
	}
}

func FuzzCustomCSV(f *testing.F) {
	b, err := os.ReadFile(filepath.Join("testdata", "custom", "partners.csv"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b, "")
	f.Add(b, "id=ID,name=Name,alias=Aliases;|,identifier:X=Country")
	f.Add([]byte("a;b\nc;d\n"), "name=b,delimiter=semicolon")
	f.Fuzz(func(t *testing.T, data []byte, spec string) {
		var m *CSVMapping
		if spec != "" {
			var err error
			if m, err = ParseMapping(spec); err != nil {
				return
			}
		}
		res, err := readCustomCSV(input{Name: "fuzz.csv", R: bytes.NewReader(data)}, m)
		if err != nil {
			if !strings.Contains(err.Error(), "fuzz.csv") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		checkEntities(t, res.entities)
	})
}

func FuzzParseMapping(f *testing.F) {
	f.Add("id=ID,name=Name,alias=Aliases;|,country=Country,kind=Type,program=Program,remarks=Notes")
	f.Add(`name="a ""b"", c";comma,delimiter=tab,attr:k=x`)
	f.Fuzz(func(t *testing.T, spec string) {
		m, err := ParseMapping(spec)
		if err != nil {
			return
		}
		names := 0
		for _, fd := range m.Fields {
			if fd.Column == "" || csvFieldNames[fd.Field] != fd.Field {
				t.Fatalf("bad field %+v from %q", fd, spec)
			}
			if fd.Field == "name" {
				names++
			}
		}
		if names == 0 {
			t.Fatalf("mapping %q accepted without a name", spec)
		}
	})
}

package sources

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// TestReadCSLLayouts reads the old CSV layout, the current one with _id
// and the JSON download, and checks they agree on what matters.
func TestReadCSLLayouts(t *testing.T) {
	for _, tc := range []struct {
		file    string
		n       int
		eieID   string
		shipID  string
		eieCity string
	}{
		{"consolidated.csv", 5, "", "4242", ""},
		{"consolidated_current.csv", 5, "id0001", "id0002", ""},
		{"consolidated.json", 3, "c3f1a2b4", "d9e8f7a6", "Chengdu"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			l := readFixture(t, "", filepath.Join("csl", tc.file))
			if l.Format != FormatCSL || l.Name != "csl" || len(l.Entities) != tc.n {
				t.Fatalf("format %q name %q with %d entities, want csl/csl with %d", l.Format, l.Name, len(l.Entities), tc.n)
			}
			eie := &l.Entities[0]
			if tc.eieID != "" && eie.SourceID != tc.eieID {
				t.Errorf("SourceID %q, want %q", eie.SourceID, tc.eieID)
			}
			if tc.eieID == "" && (!strings.HasPrefix(eie.SourceID, "h") || len(eie.SourceID) != 17) {
				t.Errorf("SourceID %q, want a stable content hash", eie.SourceID)
			}
			wantName(t, eie, "Example Institute of Electronics", watchlist.NamePrimary, "")
			wantName(t, eie, "EIE", watchlist.NameAcronym, "")
			wantName(t, eie, "Example Electronics Institute", watchlist.NameAlias, "")
			if !equalStrings(eie.Countries, []string{"cn", "hk"}) || len(eie.Addresses) != 2 || eie.Addresses[0].City != tc.eieCity {
				t.Errorf("addresses %+v countries %v", eie.Addresses, eie.Countries)
			}
			m := eie.Memberships[0]
			if m.List != "Entity List (EL) - Bureau of Industry and Security" || m.ListedOn != "2020-06-05" ||
				m.SourceURL != "http://example.gov/el" || !strings.Contains(m.Reason, "Presumption of denial") {
				t.Errorf("membership %+v", m)
			}
			ship := entityByID(t, l, tc.shipID)
			if len(ship.Memberships) != 2 || ship.Memberships[1].Program != "IRGC" {
				t.Errorf("ship memberships %+v, want SDGT and IRGC", ship.Memberships)
			}
			if !hasIdentifier(ship, "Registration ID (IR)", "10101234") || !hasAttr(ship, "additional_sanctions_information", "Subject to Secondary Sanctions") {
				t.Errorf("ship ids %+v attrs %v", ship.Identifiers, ship.Attributes)
			}
			var doe *watchlist.Entity
			for i := range l.Entities {
				if l.Entities[i].PrimaryName() == "DOE, John" {
					doe = &l.Entities[i]
				}
			}
			if doe == nil || doe.Kind != watchlist.KindPerson || !hasIdentifier(doe, "Passport (SY)", "N123456") ||
				!hasAttr(doe, "date_of_birth", "1970-01-02") || !equalStrings(doe.Countries, []string{"sy"}) {
				t.Errorf("DOE, John: %+v", doe)
			}
		})
	}
}

func TestCSLJSONKeepsUnknownFieldsAndChinese(t *testing.T) {
	l := readFixture(t, FormatCSL, filepath.Join("csl", "consolidated.json"))
	wantName(t, &l.Entities[0], "成都示例电子研究所", watchlist.NameAlias, "zh")
	if !hasAttr(entityByID(t, l, "a1b2c3d4"), "new_field_from_publisher", "kept") {
		t.Error("an unknown JSON field was dropped")
	}
}

func TestCSLErrors(t *testing.T) {
	for name, tc := range map[string]struct{ data, want string }{
		"no name column":  {"source,entity_number\nX,1\n", "line 1"},
		"ragged row":      {"source,name\nX,A\nY,B,C\n", "line 3"},
		"no name":         {"source,name\nX,A\nY,\n", "record 2 (line 3)"},
		"json no results": {`{"total": 0}`, "no \"results\" array"},
		"json bad record": {"{\"results\": [\n{\"name\": \"A\"},\n 7\n]}", "record 2 (line 3)"},
		"json bad utf8":   {"{\"results\": [\n{\"name\": \"A\xff\"}]}", "line 2"},
		"empty":           {"", "empty file"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := readCSL(input{Name: "csl.csv", R: strings.NewReader(tc.data)})
			if err == nil || !strings.Contains(err.Error(), "csl.csv") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err %v, want it to name csl.csv and %q", err, tc.want)
			}
		})
	}
}

func TestCSLCSVID(t *testing.T) {
	for in, want := range map[string]cslID{
		"US, 80-0890696, Tax ID No.":                      {typ: "Tax ID No.", number: "80-0890696", country: "US"},
		"5030056754, Tax ID No.":                          {typ: "Tax ID No.", number: "5030056754"},
		"IMO 8898831, Vessel Registration Identification": {typ: "Vessel Registration Identification", number: "IMO 8898831"},
		"solo": {number: "solo"},
	} {
		if got := cslCSVID(in); got != want {
			t.Errorf("cslCSVID(%q) = %+v, want %+v", in, got, want)
		}
	}
}

func FuzzCSL(f *testing.F) {
	for _, n := range []string{"consolidated.csv", "consolidated_current.csv", "consolidated.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", "csl", n))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"results":[{"name":"A","alt_names":"B; C","ids":[{"number":1}],"addresses":[{}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := readCSL(input{Name: "fuzz.csl", R: bytes.NewReader(data)})
		if err != nil {
			if !strings.Contains(err.Error(), "fuzz.csl") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		uniqueSourceIDs(res.entities)
		checkEntities(t, res.entities)
	})
}

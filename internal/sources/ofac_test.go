package sources

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/collabcheck/collabcheck/internal/watchlist"
)

func TestReadOFACFixture(t *testing.T) {
	l := readFixture(t, FormatOFAC, "ofac")
	if l.Name != "ofac_sdn" || l.Format != FormatOFAC || len(l.Entities) != 6 {
		t.Fatalf("got name %q format %q with %d entities, want ofac_sdn/ofac with 6", l.Name, l.Format, len(l.Entities))
	}
	if len(l.Warnings) != 1 || !strings.Contains(l.Warnings[0], "add.csv: 1 rows") {
		t.Errorf("warnings %q, want one about the orphan add.csv row", l.Warnings)
	}

	co := entityByID(t, l, "101")
	wantName(t, co, "NORTHWIND TRADING CO., LTD.", watchlist.NamePrimary, "")
	wantName(t, co, "NORTHWIND TRADING LIMITED", watchlist.NameAlias, "")
	wantName(t, co, "OLD NORTHWIND IMPORT EXPORT", watchlist.NameFormer, "")
	wantName(t, co, "NWT", watchlist.NameAcronym, "") // from the remarks' a.k.a.
	if co.Kind != watchlist.KindOrganization || !equalStrings(co.Countries, []string{"hk", "ae"}) {
		t.Errorf("101: kind %s countries %v", co.Kind, co.Countries)
	}
	if len(co.Memberships) != 2 || co.Memberships[0].Program != "SDGT" || co.Memberships[1].Program != "IRGC" ||
		co.Memberships[0].List != "OFAC SDN" || co.Memberships[0].SourceURL == "" {
		t.Errorf("101 memberships %+v, want SDGT and IRGC on OFAC SDN", co.Memberships)
	}
	if !hasRelation(co, watchlist.RelRelated, "102") || !hasRelation(co, watchlist.RelRelated, "103") {
		t.Errorf("101 relations %+v, want Linked To resolved to 102 and 103", co.Relations)
	}
	if !hasIdentifier(co, "Registration Number (Hong Kong)", "12345678") {
		t.Errorf("101 identifiers %+v", co.Identifiers)
	}

	p := entityByID(t, l, "102")
	if p.Kind != watchlist.KindPerson {
		t.Errorf("102 kind %s, want person", p.Kind)
	}
	// sdn_comments.csv continues the cut remark mid-word.
	if !strings.HasSuffix(p.Remarks[0], "Linked To: NORTHWIND TRADING CO., LTD.; Website www.example.org.") {
		t.Errorf("102 remark %q does not end with the comment continuation", p.Remarks[0])
	}
	if !hasRelation(p, watchlist.RelRelated, "101") {
		t.Errorf("102 relations %+v, want the continued Linked To resolved to 101", p.Relations)
	}
	for _, a := range [][2]string{{"date_of_birth", "12 Jan 1960"}, {"date_of_birth", "1961"}, {"place_of_birth", "Omsk, Russia"},
		{"nationality", "Russia"}, {"citizenship", "Iran"}, {"gender", "Male"},
		{"additional_sanctions_information", "Subject to Secondary Sanctions"},
		{"secondary_sanctions_risk", "section 1(b) of Executive Order 13224"}} {
		if !hasAttr(p, a[0], a[1]) {
			t.Errorf("102 lacks attribute %s=%q: %v", a[0], a[1], p.Attributes)
		}
	}
	if !hasIdentifier(p, "Passport (Russia)", "7700112") || !hasIdentifier(p, "Passport (Iran)", "X99") || !hasIdentifier(p, "Website", "www.example.org") {
		t.Errorf("102 identifiers %+v", p.Identifiers)
	}
	if !equalStrings(p.Countries, []string{"ru", "ir"}) {
		t.Errorf("102 countries %v, want ru (address, nationality) and ir (citizen)", p.Countries)
	}
	if !strings.Contains(strings.Join(p.Remarks, "|"), "Alias PERSON, Ivan Petrovich: low quality") {
		t.Errorf("102 remarks %q lack the alias remark", p.Remarks)
	}

	v := entityByID(t, l, "104")
	if v.Kind != watchlist.KindVessel || !hasIdentifier(v, "Call Sign", "9ABC1") || !hasAttr(v, "vessel_flag", "Panama") ||
		!hasIdentifier(v, "Vessel Registration Identification", "IMO 9123456") {
		t.Errorf("104: %+v", v)
	}
	if a := entityByID(t, l, "105"); a.Kind != watchlist.KindOther || !hasAttr(a, "aircraft_model", "IL76-TD") {
		t.Errorf("105: %+v", a)
	}
	if n := entityByID(t, l, "103"); !equalStrings(n.Countries, []string{"kp"}) {
		t.Errorf("103 countries %v, want kp from \"Korea, North\"", n.Countries)
	}
}

// TestReadOFACFiles reads the set from file paths and checks the hash is
// the same as reading the folder, and that a missing optional file is
// reported.
func TestReadOFACFiles(t *testing.T) {
	dir := l0(t)
	var paths []string
	for _, f := range ofacFiles {
		paths = append(paths, filepath.Join("testdata", "ofac", f))
	}
	files, err := Read("", paths, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if files.ContentHash != dir.ContentHash || len(files.Entities) != len(dir.Entities) {
		t.Errorf("files and folder differ: %s/%d vs %s/%d", files.ContentHash, len(files.Entities), dir.ContentHash, len(dir.Entities))
	}
	only, err := Read(FormatOFAC, []string{filepath.Join("testdata", "ofac", "sdn.csv")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(only.Warnings) != 3 || only.ContentHash == dir.ContentHash {
		t.Errorf("sdn.csv alone: warnings %q, hash %s", only.Warnings, only.ContentHash)
	}
	if _, err := Read(FormatOFAC, []string{filepath.Join("testdata", "csl")}, Options{}); err == nil || !strings.Contains(err.Error(), "no sdn.csv") {
		t.Errorf("folder without sdn.csv: err %v", err)
	}
}

func l0(t *testing.T) *List { return readFixture(t, FormatOFAC, "ofac") }

// TestReadOFACLatin1 checks a Windows-1252 file is decoded, with a warning.
func TestReadOFACLatin1(t *testing.T) {
	dir := t.TempDir()
	sdn := []byte("7,\"MU\xd1OZ, Jos\xe9\",\"individual\",\"SDNT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n")
	if err := os.WriteFile(filepath.Join(dir, "sdn.csv"), sdn, 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := Read("", []string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := l.Entities[0].PrimaryName(); got != "MUÑOZ, José" {
		t.Errorf("name %q, want MUÑOZ, José", got)
	}
	if !strings.Contains(strings.Join(l.Warnings, "|"), "Windows-1252") {
		t.Errorf("warnings %q lack the decoding note", l.Warnings)
	}
}

func TestOFACBadRows(t *testing.T) {
	for name, sdn := range map[string]string{
		"too few columns": "1,\"A\",-0- ,\"X\"\n",
		"no name":         "1,-0- ,-0- ,\"X\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n2,\"B\",-0- ,\"X\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n",
		"no ent_num":      "-0- ,\"A\",-0- ,\"X\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := readOFAC(ofacSet{sdn: &input{Name: "sdn.csv", R: strings.NewReader(sdn)}})
			if err == nil || !strings.Contains(err.Error(), "sdn.csv line 1") {
				t.Errorf("err %v, want one naming sdn.csv line 1", err)
			}
		})
	}
}

func TestOFACPrograms(t *testing.T) {
	for in, want := range map[string][]string{
		"SDGT":                       {"SDGT"},
		"SDGT] [IRGC":                {"SDGT", "IRGC"},
		"SDGT] [NPWMD] [IRGC] [IFSR": {"SDGT", "NPWMD", "IRGC", "IFSR"},
		"":                           nil,
	} {
		if got := ofacPrograms(in); !equalStrings(got, want) {
			t.Errorf("ofacPrograms(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzOFAC(f *testing.F) {
	seed := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", "ofac", name))
		if err != nil {
			f.Fatal(err)
		}
		return b
	}
	f.Add(seed("sdn.csv"), seed("add.csv"), seed("alt.csv"), seed("sdn_comments.csv"))
	f.Add([]byte("1,\"A\",-0- ,\"X\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"a.k.a. 'B'; Linked To: A.\"\n"), []byte{}, []byte("1,2,\"fka\",\"C\"\n"), []byte("1,\"x\"\x1a"))
	f.Fuzz(func(t *testing.T, sdn, add, alt, comments []byte) {
		in := func(name string, b []byte) *input { return &input{Name: name, R: bytes.NewReader(b)} }
		res, err := readOFAC(ofacSet{sdn: in("sdn.csv", sdn), add: in("add.csv", add), alt: in("alt.csv", alt), comments: in("sdn_comments.csv", comments)})
		if err != nil {
			if !strings.Contains(err.Error(), ".csv") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		uniqueSourceIDs(res.entities)
		checkEntities(t, res.entities)
	})
}

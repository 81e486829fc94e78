package evalset

import (
	"archive/zip"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestLoadListedFixture(t *testing.T) {
	ents := fixtureEntities(t)
	byID := map[string]ListedEntity{}
	for _, e := range ents {
		if _, dup := byID[e.SourceID]; dup {
			t.Errorf("duplicate id %s", e.SourceID)
		}
		byID[e.SourceID] = e
	}
	tests := []struct {
		id        string
		list      string
		kind      string
		names     []string
		countries []string
		parent    string
	}{
		{"11111111-1111-4111-8111-111111111111", ListASPI, "organization",
			[]string{"Harbin Institute of Technology", "哈尔滨工业大学", "HIT", "哈工大", "Harbin Polytechnic University"}, []string{"cn"}, ""},
		{"11111111-1111-4111-8111-111111111111/sub/0", ListASPI, "organization",
			[]string{"Harbin Institute of Technology, Weihai", "哈尔滨工业大学（威海）"}, []string{"cn"}, "11111111-1111-4111-8111-111111111111"},
		{"11111111-1111-4111-8111-111111111111/lab/0", ListASPI, "organization",
			[]string{"State Key Laboratory of Advanced Welding and Joining", "先进焊接与连接国家重点实验室", "Advanced Welding Lab of HIT"},
			[]string{"cn"}, "11111111-1111-4111-8111-111111111111"},
		{"us-1286-0001", List1286, "organization", []string{"National University of Defense Technology", "NUDT"}, []string{"cn"}, ""},
		{"us-1286-0003", List1286, "organization", []string{"Moscow Institute of Applied Optics"}, []string{"ru"}, ""},
		{"us-dod-1260h-0002", List1260H, "organization",
			[]string{"Hunan Skybridge Avionics Co., Ltd.", "Hunan Skybridge Electronics Co., Ltd."}, []string{"cn"}, "us-dod-1260h-0001"},
		{"90001", ListCSL, "person", []string{"John Example Doe"}, []string{"us"}, ""},
		{"70001", ListOFAC, "organization",
			[]string{"NINGBO EXAMPLE TRADING CO., LTD.", "NINGBO EXAMPLE INTERNATIONAL TRADE COMPANY"}, []string{"cn"}, ""},
		{"70002", ListOFAC, "person", []string{"DOE, Jane"}, []string{"us"}, ""},
		{"500001", ListUN, "person", []string{"EXAMPLE PERSON", "Ex Person"}, []string{"cn"}, ""},
		{"600001", ListUN, "organization", []string{"DALIAN EXAMPLE SHIPPING COMPANY", "Dalian Example Shipping Co."}, []string{"cn"}, ""},
	}
	for _, tt := range tests {
		e, ok := byID[tt.id]
		if !ok {
			t.Errorf("missing %s", tt.id)
			continue
		}
		if e.List != tt.list || e.Kind != tt.kind || !reflect.DeepEqual(e.Names, tt.names) ||
			!reflect.DeepEqual(e.Countries, tt.countries) || e.ParentSourceID != tt.parent {
			t.Errorf("%s = %+v\nwant list %s kind %s names %v countries %v parent %q", tt.id, e, tt.list, tt.kind, tt.names, tt.countries, tt.parent)
		}
	}
	// the CSL row without an id gets a stable content id
	var csl []ListedEntity
	for _, e := range ents {
		if e.List == ListCSL && e.Kind != "person" {
			csl = append(csl, e)
		}
	}
	if len(csl) != 1 || !strings.HasPrefix(csl[0].SourceID, "h") || len(csl[0].SourceID) != 17 {
		t.Fatalf("CSL row without id: %+v", csl)
	}
	if !reflect.DeepEqual(csl[0].Names, []string{"Guangzhou Pearl Optics Research Institute", "Pearl Optics Institute", "GPORI"}) {
		t.Errorf("CSL names: %v", csl[0].Names)
	}
	for _, id := range []string{"11111111-1111-4111-8111-111111111111/lab/1", "11111111-1111-4111-8111-111111111111/lab/2"} {
		if _, ok := byID[id]; ok {
			t.Errorf("%s is an alias line or a remark, not a laboratory", id)
		}
	}
	if sum := byID["us-dod-1260h-sanc-0001"]; sum.SourceID != "" {
		t.Error("Sanction records must not become entities")
	}
}

// writeFixture copies the fixture tree to a temporary folder and replaces
// one file, so a test can break one list at a time.
func writeFixture(t *testing.T, rel, content string) string {
	t.Helper()
	dst := t.TempDir()
	src := filepath.Join("testdata", "fixture")
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		r, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, r), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, r), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dst, rel), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return dst
}

func TestLoadListedBadInput(t *testing.T) {
	tests := []struct {
		name, rel, content string
		wantErr            []string
	}{
		{"truncated ASPI", "lists/aspi/china-defence-universities.json", `{"values": [{"value": "X", "uuid": "u1"`, []string{"china-defence-universities.json"}},
		{"ASPI without uuid", "lists/aspi/china-defence-universities.json", `{"values": [{"value": "X University"}]}`, []string{"value 0", "uuid"}},
		{"FtM bad JSON", "lists/ftm/us_section_1286.ftm.json", "{\"id\": \"a\", \"schema\": \"Organization\", \"properties\": {\"name\": [\"A\"]}}\n{not json\n", []string{"us_section_1286.ftm.json line 2"}},
		{"FtM invalid UTF-8", "lists/ftm/us_dod_chinese_milcorps.ftm.json", "{\"id\": \"a\", \"schema\": \"Company\", \"properties\": {\"name\": [\"\xff\xfe\"]}}\n", []string{"line 1", "UTF-8"}},
		{"FtM entity without name", "lists/ftm/us_section_1286.ftm.json", "{\"id\": \"a\", \"schema\": \"Organization\", \"properties\": {}}\n", []string{"line 1", "no name"}},
		{"empty CSL", "lists/csl/consolidated.csv", "", []string{"consolidated.csv", "empty"}},
		{"CSL without name column", "lists/csl/consolidated.csv", "source,entity_number\nx,1\n", []string{"no name column"}},
		{"CSL invalid UTF-8", "lists/csl/consolidated.csv", "source,name\nx,\"Bad \xff Name\"\n", []string{"line 2", "UTF-8"}},
		{"OFAC short record", "lists/ofac/sdn.csv", "70001,\"X\"\n", []string{"sdn.csv line 1"}},
		{"UN truncated", "lists/un/consolidated.xml", "<CONSOLIDATED_LIST><ENTITIES><ENTITY><DATAID>1</DATAID>", []string{"consolidated.xml"}},
		{"UN without DATAID", "lists/un/consolidated.xml", "<CONSOLIDATED_LIST><ENTITIES><ENTITY><FIRST_NAME>X</FIRST_NAME></ENTITY></ENTITIES></CONSOLIDATED_LIST>", []string{"without DATAID"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFixture(t, tt.rel, tt.content)
			_, err := LoadListed(dir)
			if err == nil {
				t.Fatal("want an error")
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q should mention %q", err, w)
				}
			}
		})
	}
	if _, err := LoadListed(t.TempDir()); err == nil || !strings.Contains(err.Error(), "china-defence-universities.json") {
		t.Errorf("missing files should name the file, got %v", err)
	}
}

func TestReadCSLJSON(t *testing.T) {
	in := `{"results": [{"source": "Entity List (EL) - Bureau of Industry and Security", "id": "abc123", "name": "Shenzhen Example Microwave Co.",
		"alt_names": ["Example Microwave"], "addresses": [{"address": "1 Example Rd", "city": "Shenzhen", "country": "CN"}], "type": "Entity"}]}`
	got, err := readCSL(strings.NewReader(in), "csl.json")
	if err != nil {
		t.Fatal(err)
	}
	want := []ListedEntity{{List: ListCSL, SourceID: "abc123", Kind: "organization",
		Names: []string{"Shenzhen Example Microwave Co.", "Example Microwave"}, Countries: []string{"cn"},
		Addresses: []string{"1 Example Rd, Shenzhen, CN"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("readCSL JSON = %+v, want %+v", got, want)
	}
	if _, err := readCSL(strings.NewReader(`{"results": [{"id": "x"}]}`), "csl.json"); err == nil || !strings.Contains(err.Error(), "result 0") {
		t.Errorf("nameless JSON row should name the record, got %v", err)
	}
}

func TestLoadRegistry(t *testing.T) {
	reg := fixtureRegistry(t)
	ids := map[string]RegistryOrg{}
	for _, r := range reg {
		ids[r.ID] = r
	}
	if _, ok := ids["https://ror.org/0007mit"]; ok {
		t.Error("country filter let a US org through")
	}
	if len(reg) != 8 {
		t.Errorf("got %d Chinese orgs, want 8", len(reg))
	}
	lab := ids["https://ror.org/0002lab"]
	if !reflect.DeepEqual(lab.Parents, []string{"https://ror.org/0001hit"}) {
		t.Errorf("parent from the parent's child link: %v", lab.Parents)
	}
	hit := ids["https://ror.org/0001hit"]
	if !reflect.DeepEqual(hit.Names, []string{"Harbin Institute of Technology", "哈尔滨工业大学"}) || hit.City != "Harbin" || hit.Country != "cn" {
		t.Errorf("HIT = %+v", hit)
	}
	all, err := LoadRegistry(filepath.Join("testdata", "fixture", "ror", "registry.json"), "")
	if err != nil || len(all) != 9 {
		t.Errorf("no country filter: %d orgs, %v", len(all), err)
	}

	// the same records inside a zip, as ROR publishes them
	b, err := os.ReadFile(filepath.Join("testdata", "fixture", "ror", "registry.json"))
	if err != nil {
		t.Fatal(err)
	}
	zpath := filepath.Join(t.TempDir(), "ror-data.zip")
	f, err := os.Create(zpath)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	w, _ := zw.Create("v9.9-ror-data_schema_v2.json")
	_, _ = w.Write(b)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	fromZip, err := LoadRegistry(zpath, "CN")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fromZip, reg) {
		t.Error("zip and JSON give different registries")
	}
}

func TestLoadRegistryBadInput(t *testing.T) {
	dir := t.TempDir()
	tests := []struct{ name, content, want string }{
		{"not an array", `{"id": "x"}`, "want a JSON array"},
		{"truncated", `[{"id": "https://ror.org/1", "names": [{"value": "A"}]}, {"id": "https://ror.org/2", "na`, "record 2"},
		{"no id", `[{"names": [{"value": "A"}]}]`, "record 1: no id"},
		{"no names", `[{"id": "https://ror.org/1", "names": []}]`, "no names"},
		{"empty", ``, "read registry"},
	}
	for _, tt := range tests {
		p := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "_")+".json")
		if err := os.WriteFile(p, []byte(tt.content), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := LoadRegistry(p, "")
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), p) {
			t.Errorf("%s: error %v should name the file and say %q", tt.name, err, tt.want)
		}
	}
	bad := filepath.Join(dir, "bad.zip")
	_ = os.WriteFile(bad, []byte("not a zip"), 0o644)
	if _, err := LoadRegistry(bad, ""); err == nil || !strings.Contains(err.Error(), "bad.zip") {
		t.Errorf("bad zip: %v", err)
	}
}

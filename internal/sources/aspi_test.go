package sources

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/collabcheck/collabcheck/internal/watchlist"
)

func TestReadASPIFixture(t *testing.T) {
	l := readFixture(t, "", filepath.Join("aspi", "tracker.json"))
	if l.Format != FormatASPI || l.Name != "aspi_cdut" || len(l.Entities) != 9 {
		t.Fatalf("format %q name %q with %d entities", l.Format, l.Name, len(l.Entities))
	}
	const pid = "11111111-1111-4111-8111-111111111111"
	p := entityByID(t, l, pid)
	wantName(t, p, "Example Institute of Technology", watchlist.NamePrimary, "")
	wantName(t, p, "示例工业大学", watchlist.NameAlias, "zh")
	wantName(t, p, "EIT", watchlist.NameAcronym, "")
	wantName(t, p, "Example Inst Technol", watchlist.NameAlias, "")
	if len(p.Names) != 4 {
		t.Errorf("names %+v: the Chinese alias repeating the bracket should be kept once", p.Names)
	}
	m := p.Memberships[0]
	if m.List != "ASPI China Defence Universities Tracker" || m.Program != "Seven sons of national defence" ||
		m.SourceURL != "https://example.org/universities/example-institute-of-technology" ||
		m.Reason != "Category: Seven sons of national defence; supervised by Ministry of Industry and Information Technology (MIIT)" {
		t.Errorf("membership %+v", m)
	}
	for _, a := range [][2]string{{"categories", "Seven sons of national defence"}, {"risk", "Very high"}, {"lat", "45.0"},
		{"topics", "Materials"}, {"supervising_agencies", "Ministry of Industry and Information Technology (MIIT)"},
		{"refs", "https://example.org/second"}} {
		if !hasAttr(p, a[0], a[1]) {
			t.Errorf("lacks attribute %s=%q: %v", a[0], a[1], p.Attributes)
		}
	}
	if !equalStrings(p.Countries, []string{"cn"}) || p.Remarks[0] != "An invented university that runs defence laboratories." {
		t.Errorf("countries %v remarks %q", p.Countries, p.Remarks)
	}
	if !strings.Contains(strings.Join(l.Warnings, "|"), "listed twice") {
		t.Errorf("warnings %q lack the repeated subsidiary", l.Warnings)
	}

	// The same name as subsidiary and laboratory gives two distinct ids.
	sub := entityByID(t, l, pid+"/sub/example-robotics-centre")
	lab := entityByID(t, l, pid+"/lab/example-robotics-centre")
	for _, c := range []*watchlist.Entity{sub, lab} {
		wantName(t, c, "Example Robotics Centre", watchlist.NamePrimary, "")
		wantName(t, c, "示例机器人中心", watchlist.NameAlias, "zh") // the lab's bracket is unclosed
		if !hasRelation(c, watchlist.RelParent, pid) || !hasRelation(p, watchlist.RelSubsidiary, c.SourceID) {
			t.Errorf("%s not linked both ways with its parent", c.SourceID)
		}
		if !equalStrings(c.Countries, []string{"cn"}) || len(c.Memberships) != 1 || !strings.Contains(c.Memberships[0].Reason, "of Example Institute of Technology") {
			t.Errorf("%s: countries %v memberships %+v", c.SourceID, c.Countries, c.Memberships)
		}
	}
	if sub.Relations[0].Role != "subsidiary" || lab.Relations[0].Role != "major defence laboratory" {
		t.Errorf("roles %q and %q", sub.Relations[0].Role, lab.Relations[0].Role)
	}
	mat := entityByID(t, l, pid+"/lab/key-laboratory-of-example-materials")
	if len(mat.Remarks) != 1 || mat.Remarks[0] != "Jointly run with an invented conglomerate" {
		t.Errorf("the note item should be a remark on the preceding lab: %q", mat.Remarks)
	}
	radar := entityByID(t, l, pid+"/lab/example-radar-laboratory")
	wantName(t, radar, "示例雷达实验室（B类）", watchlist.NameAlias, "zh")
	wantName(t, radar, "Example Radar Key Lab", watchlist.NameAlias, "") // the "Aka" item
	zh := entityByID(t, l, pid+"/sub/示例科技有限公司")
	wantName(t, zh, "示例科技有限公司", watchlist.NamePrimary, "zh")
	med := entityByID(t, l, pid+"/sub/example-medical-center")
	wantName(t, med, "Example Medical Center", watchlist.NamePrimary, "")
	wantName(t, med, "Old Example Hospital", watchlist.NameFormer, "")
	wantName(t, med, "旧示例医院", watchlist.NameFormer, "zh")

	s := entityByID(t, l, "22222222-2222-4222-8222-222222222222")
	wantName(t, s, "Sample University (Coastal)", watchlist.NamePrimary, "")
	wantName(t, s, "示例大学", watchlist.NameAlias, "zh") // full-width brackets
}

func TestSplitBilingual(t *testing.T) {
	for _, tc := range []struct {
		in string
		en string
		zh []string
	}{
		{"Harbin Example University (哈尔滨示例大学)", "Harbin Example University", []string{"哈尔滨示例大学"}},
		{"China University of Examples (Wuhan) (中国示例大学)", "China University of Examples (Wuhan)", []string{"中国示例大学"}},
		{"Example Lab （示例实验室）", "Example Lab", []string{"示例实验室"}},
		{"Example Centre (示例中心", "Example Centre", []string{"示例中心"}},
		{"Nested Institute (示例集团第212研究所（西安示例研究所))", "Nested Institute", []string{"示例集团第212研究所（西安示例研究所)"}},
		{"Two Names Lab (甲实验室/乙实验室)", "Two Names Lab", []string{"甲实验室", "乙实验室"}},
		{"示例公司", "", []string{"示例公司"}},
		{"Plain Name Ltd. (Hong Kong)", "Plain Name Ltd. (Hong Kong)", nil},
		{"Unbalanced ) name (", "Unbalanced ) name (", nil},
	} {
		en, zh := splitBilingual(tc.in)
		if en != tc.en || !equalStrings(zh, tc.zh) {
			t.Errorf("splitBilingual(%q) = %q, %q; want %q, %q", tc.in, en, zh, tc.en, tc.zh)
		}
	}
}

func TestASPINotes(t *testing.T) {
	for s, want := range map[string]bool{
		"Jointly established with the 29":                                  true,
		"Norinco 59":                                                       true,
		"May be another name for the Example Lab":                          true,
		"Example Key Laboratory (示例重点实验室)":                                 false,
		"CASC 10th Academy":                                                false,
		"Aerospace Precision Ltd.":                                         false,
		"Northwind Precision Machinery & Optics Harbin (Group) Co., Ltd.":  false,
		"It is unclear whether this lab still exists. It was run jointly.": true,
	} {
		if got := aspiIsNote(s); got != want {
			t.Errorf("aspiIsNote(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestASPIErrors(t *testing.T) {
	for name, tc := range map[string]struct{ data, want string }{
		"no uuid":     {"{\"values\": [\n{\"value\": \"A\"}]}", "record 1 (line 2)"},
		"repeat uuid": {"{\"values\": [{\"value\": \"A\", \"uuid\": \"u\"},\n{\"value\": \"B\", \"uuid\": \"u\"}]}", "record 2 (line 2)"},
		"no name":     {`{"values": [{"value": " ", "uuid": "u"}]}`, "record 1"},
		"not object":  {`[1]`, "want a JSON object"},
		"empty":       {`{"values": []}`, "no values"},
		"bad meta":    {`{"values": [{"value": "A", "uuid": "u", "meta": {"x": [[1, {"a": 1}]]}}]}`, ""},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := readASPI(input{Name: "t.json", R: strings.NewReader(tc.data)})
			if tc.want == "" {
				if err != nil {
					t.Errorf("err %v, want nested meta kept", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), "t.json") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err %v, want it to name t.json and %q", err, tc.want)
			}
		})
	}
}

func FuzzASPI(f *testing.F) {
	b, err := os.ReadFile(filepath.Join("testdata", "aspi", "tracker.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(`{"values":[{"value":"(（(","uuid":"u","meta":{"subsidiaries":["Aka X","[p] (中","Norinco 1"],"major defence laboratories":["X","X"]}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := readASPI(input{Name: "fuzz.json", R: bytes.NewReader(data)})
		if err != nil {
			if !strings.Contains(err.Error(), "fuzz.json") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		checkEntities(t, res.entities)
	})
}

package portfolio

import (
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

func readAll(t *testing.T, in string, f Format) ([]Work, []LineError, int64) {
	t.Helper()
	rd, err := NewReader(strings.NewReader(in), f)
	if err != nil {
		t.Fatalf("NewReader: %v", err)
	}
	var ws []Work
	for {
		w, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		ws = append(ws, w)
	}
	bad, n := rd.Malformed()
	return ws, bad, n
}

const goodWork = `{"id":"https://openalex.org/W1","title":"Hypersonic boundary layers","publication_year":2021,` +
	`"authorships":[{"author":{"display_name":"Ada Field"},"institutions":[{"id":"https://openalex.org/I9","ror":"https://ror.org/0aaaaaa01","display_name":"Northfield Institute of Aerodynamics","country_code":"CN"}],` +
	`"raw_affiliation_strings":["School of Flight, Northfield Institute of Aerodynamics, Harbin"]},` +
	`{"author":{"display_name":"Bo Lake"},"institutions":[],"raw_affiliation_strings":["Riverside University of Agriculture; Wageningen","Second Place Lab"]}],` +
	`"concepts":[{"display_name":"Aerodynamics","score":0.8},{"display_name":"Weak concept","score":0.1}],"topics":[{"display_name":"Hypersonic flow","score":0.99}]}`

func TestReadOpenAlex(t *testing.T) {
	in := strings.Join([]string{
		goodWork,
		``,                                     // 2: blank, skipped silently
		`{"title": "broken", "authorships": [`, // 3: truncated JSON
		"{\"title\":\"bad \xff utf8\",\"authorships\":[{}]}", // 4: invalid UTF-8
		`[1,2,3]`, // 5: not an object
		`{"title":"no authors","authorships":[]}`,                    // 6: no authorships
		`{"title":"x","publication_year":"2020","authorships":[{}]}`, // 7: wrong type
		`{"id":"W2","display_name":"Only display name","publication_year":2019,"authorships":[{"author":{"display_name":"Cy"},"affiliations":[{"raw_affiliation_string":"Lab A, Greystone Avionics Research Laboratory","institution_ids":["https://openalex.org/I5"]}],"institutions":[{"id":"https://openalex.org/I5","ror":"https://ror.org/0aaaaaa03","country_code":"cn"}]}]}`,
		`{"title":"inst only","authorships":[{"author":{"display_name":"Di"},"institutions":[{"id":"I7","ror":"https://ror.org/0aaaaaa04","display_name":"Riverside University of Agriculture","country_code":"NL"}]}]}`,
	}, "\n") + "\r\n"
	ws, bad, n := readAll(t, in, FormatOpenAlex)
	wantBad := []int64{3, 4, 5, 6, 7}
	if n != int64(len(wantBad)) || len(bad) != len(wantBad) {
		t.Fatalf("malformed %v (%d), want lines %v", bad, n, wantBad)
	}
	for i, l := range wantBad {
		if bad[i].Line != l {
			t.Errorf("malformed[%d] on line %d, want %d (%s)", i, bad[i].Line, l, bad[i].Reason)
		}
	}
	if !strings.Contains(bad[1].Reason, "UTF-8") {
		t.Errorf("line 4 reason %q, want it to name invalid UTF-8", bad[1].Reason)
	}
	if len(ws) != 3 {
		t.Fatalf("%d works, want 3 (lines 1, 8 and 9)", len(ws))
	}
	w := ws[0]
	if w.Line != 1 || w.Title != "Hypersonic boundary layers" || w.Year != 2021 || w.ID != "https://openalex.org/W1" {
		t.Errorf("work 1 = %+v", w)
	}
	if !reflect.DeepEqual(w.Topics, []string{"Aerodynamics", "Hypersonic flow"}) {
		t.Errorf("topics %v: want concepts at score ≥ %.1f and topics", w.Topics, MinConceptScore)
	}
	want := []Author{
		{Name: "Ada Field", Affiliations: []Affiliation{{Raw: "School of Flight, Northfield Institute of Aerodynamics, Harbin", RORs: []string{"https://ror.org/0aaaaaa01"}, Country: "CN"}}},
		{Name: "Bo Lake", Affiliations: []Affiliation{{Raw: "Riverside University of Agriculture; Wageningen"}, {Raw: "Second Place Lab"}}},
	}
	if !reflect.DeepEqual(w.Authors, want) {
		t.Errorf("authors\n got %+v\nwant %+v", w.Authors, want)
	}
	if ws[1].Line != 8 || ws[1].Title != "Only display name" || len(ws[1].Authors[0].Affiliations) != 1 ||
		!reflect.DeepEqual(ws[1].Authors[0].Affiliations[0].RORs, []string{"https://ror.org/0aaaaaa03"}) {
		t.Errorf("work on line 8 (affiliations[] with institution ids) = %+v", ws[1])
	}
	if a := ws[2].Authors[0].Affiliations; len(a) != 1 || a[0].Raw != "Riverside University of Agriculture" || a[0].Country != "NL" {
		t.Errorf("work on line 9 (institutions without raw strings) affiliations %+v", a)
	}
}

func TestReadOversizeLine(t *testing.T) {
	huge := `{"title":"` + strings.Repeat("a", MaxLineBytes+10) + `","authorships":[{}]}`
	in := goodWork + "\n" + huge + "\n" + goodWork + "\n"
	ws, bad, n := readAll(t, in, FormatOpenAlex)
	if len(ws) != 2 || n != 1 || bad[0].Line != 2 || !strings.Contains(bad[0].Reason, "longer than") {
		t.Fatalf("works %d, malformed %v: want 2 works and line 2 too long", len(ws), bad)
	}
	if ws[1].Line != 3 {
		t.Errorf("work after the long line is on line %d, want 3", ws[1].Line)
	}
}

func TestReadCSV(t *testing.T) {
	in := "\ufeffTitle,PERSON,Affiliation,Year\n" +
		"Quantum sensing,Ada Field,\"School of Physics, Northfield Institute of Aerodynamics\",2020\n" +
		"Quantum sensing,Bo Lake,Riverside University of Agriculture,2020\n" +
		"Crop models,Cy Moss,\"Dept of Agronomy,\nRiverside University of Agriculture\",2021\n" + // a quoted newline: lines 4–5
		"Bad year,Di,X Univ,twenty\n" + // 6
		"Too,many,fields,2020,extra\n" + // 7
		"Bad \"quote,Ed,Y,2020\n" + // 8: unterminated, joins to the end? no: quotes are balanced below
		"\n" +
		"Soil,Fay \xff,Z,2022\n" + // 10: invalid UTF-8
		"Soil,Gus,Riverside University of Agriculture | Northfield Institute of Aerodynamics,2022\n" // 11
	ws, bad, _ := readAll(t, in, FormatCSV)
	var lines []int64
	for _, b := range bad {
		lines = append(lines, b.Line)
	}
	// Line 8 opens a quote that never closes: it swallows the rest of the
	// file up to MaxCSVRecordLines or the end, and is reported once.
	if !reflect.DeepEqual(lines, []int64{6, 7, 8}) {
		t.Errorf("malformed lines %v (%v), want [6 7 8]", lines, bad)
	}
	if len(ws) != 2 {
		t.Fatalf("works %+v: want 2 (two consecutive rows of one work, then the multi-line row)", ws)
	}
	if ws[0].Title != "Quantum sensing" || ws[0].Year != 2020 || len(ws[0].Authors) != 2 || ws[0].Line != 2 {
		t.Errorf("work 1 = %+v", ws[0])
	}
	if got := ws[1].Authors[0].Affiliations[0].Raw; got != "Dept of Agronomy,\nRiverside University of Agriculture" || ws[1].Line != 4 {
		t.Errorf("multi-line record: affiliation %q on line %d", got, ws[1].Line)
	}

	// Without the unterminated quote the later lines are read; a cell is
	// one affiliation, whatever separators its name holds.
	in2 := strings.Replace(in, "Bad \"quote,Ed,Y,2020\n", "Fine,Ed,Y,2020\n", 1)
	ws, bad, _ = readAll(t, in2, FormatCSV)
	lines = nil
	for _, b := range bad {
		lines = append(lines, b.Line)
	}
	if !reflect.DeepEqual(lines, []int64{6, 7, 10}) {
		t.Errorf("malformed lines %v, want [6 7 10]", bad)
	}
	last := ws[len(ws)-1]
	if last.Title != "Soil" || len(last.Authors) != 1 || len(last.Authors[0].Affiliations) != 1 ||
		last.Authors[0].Affiliations[0].Raw != "Riverside University of Agriculture | Northfield Institute of Aerodynamics" {
		t.Errorf("last work %+v: want Gus with the one affiliation as written", last)
	}
}

func TestReadCSVHeader(t *testing.T) {
	for _, in := range []string{"", "person,affiliation,title\nA,B,C\n"} {
		if _, err := NewReader(strings.NewReader(in), FormatCSV); err == nil {
			t.Errorf("header %q accepted; want an error naming what is missing", in)
		}
	}
	_, err := NewReader(strings.NewReader("person,affiliation,title\n"), FormatCSV)
	if err == nil || !strings.Contains(err.Error(), "year") {
		t.Errorf("missing year column: err %v, want it named", err)
	}
}

func TestKeyAndDepartment(t *testing.T) {
	for _, tc := range []struct{ a, b string }{
		{"Dept. of Physics,  Example Univ.", "dept. of physics, example univ"},
		{"  NORTHFIELD Institute\tof Aerodynamics ", "Northfield Institute of Aerodynamics"},
	} {
		if Key(tc.a) != Key(tc.b) {
			t.Errorf("Key(%q) = %q differs from Key(%q) = %q", tc.a, Key(tc.a), tc.b, Key(tc.b))
		}
	}
	if Key("Northfield Institute") == Key("Northfield Institute of Aerodynamics") {
		t.Error("different organisations share a key")
	}
	for _, tc := range []struct{ in, want string }{
		{"School of Materials Science, Example University, Harbin", "School of Materials Science"},
		{"Key Laboratory of Optics, Institute of Physics, Example Academy, Beijing", "Key Laboratory of Optics"},
		{"Example University, Department of Physics", ""},
		{"Example University", ""},
		{"College of Engineering, Example University", "College of Engineering"},
		{"示例大学材料学院", "材料学院"},
	} {
		if got := Department(tc.in); got != tc.want {
			t.Errorf("Department(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestDepartmentOf(t *testing.T) {
	for _, tc := range []struct{ aff, org, want string }{
		{"Skolkovo Institute of Science and Technology, Moscow", "Skolkovo Institute of Science and Technology", ""},
		{"Key Laboratory of Radar Imaging, Example University of Aeronautics, Nanjing", "Example University of Aeronautics", "Key Laboratory of Radar Imaging"},
		{"Key Laboratory of Radar Imaging, Example University of Aeronautics", "Key Laboratory of Radar Imaging", ""},
		{"Rocket Force Sergeant School, China", "Rocket Force Sergeant School", ""},
		{"Example Industries Group, Tehran", "Example Industries Group", ""},
	} {
		if got := DepartmentOf(tc.aff, tc.org); got != tc.want {
			t.Errorf("DepartmentOf(%q, %q) = %q, want %q", tc.aff, tc.org, got, tc.want)
		}
	}
}

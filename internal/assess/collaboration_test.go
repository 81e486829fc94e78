package assess

import (
	"errors"
	"strings"
	"testing"
)

const validYAML = `title: Ocean carbon modelling
summary: Modelling the ocean carbon sink.
research_field: Oceanography
partners:
  - name: University of Northmoor
    country: uk
  - kind: person
    name: Dr A. Example
    affiliations: ["Dept Ocean Sci, Southport Univ"]
    country: CN
funders:
  - {name: Northmoor Research Council, country: GB, amount: 1000, currency: gbp}
countries: [GB, cn]
data: [personal]
ip: {terms: [open_licence], notes: open}
facilities: [{name: Wave tank, access: inbound}]
visitors: [{nationality: CN, field: ocean physics, duration_months: 6}]
value: {amount: 1000, currency: GBP}
duration_months: 24
`

func TestParseCollaborationValid(t *testing.T) {
	c, err := ParseCollaboration("p.yaml", []byte(validYAML))
	if err != nil {
		t.Fatal(err)
	}
	if c.Title != "Ocean carbon modelling" || len(c.Partners) != 2 {
		t.Fatalf("got %+v", c)
	}
	if c.Partners[0].Kind != PartnerOrganisation || c.Partners[0].Country != "gb" {
		t.Errorf("partner 0 not normalised: %+v", c.Partners[0])
	}
	if c.Partners[1].Kind != PartnerPerson || c.Partners[1].Affiliations[0] != "Dept Ocean Sci, Southport Univ" {
		t.Errorf("partner 1: %+v", c.Partners[1])
	}
	if c.Funders[0].Currency != "GBP" || c.Countries[1] != "cn" || c.Visitors[0].Nationality != "cn" {
		t.Errorf("not normalised: %+v %+v %+v", c.Funders, c.Countries, c.Visitors)
	}
	if c.Value == nil || c.Value.Amount != 1000 || c.DurationMonths != 24 || c.Facilities[0].Access != AccessInbound {
		t.Errorf("value/duration/facility: %+v", c)
	}
}

func TestParseCollaborationJSONMatchesYAML(t *testing.T) {
	js := "{\n\t\"title\": \"Ocean carbon modelling\",\n\t\"partners\": [{\"name\": \"University of Northmoor\", \"country\": \"GB\"}],\n\t\"data\": [\"none\"],\n\t\"value\": {\"amount\": 12.5, \"currency\": \"EUR\"}\n}\n"
	c, err := ParseCollaboration("p.json", []byte(js))
	if err != nil {
		t.Fatal(err)
	}
	if c.Title != "Ocean carbon modelling" || c.Partners[0].Country != "gb" || c.Value.Amount != 12.5 || c.Data[0] != DataNone {
		t.Fatalf("got %+v", c)
	}
}

// problemsOf parses and returns the problems, failing if parsing succeeds.
func problemsOf(t *testing.T, name, src string) []Problem {
	t.Helper()
	_, err := ParseCollaboration(name, []byte(src))
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("want a *ParseError, got %v", err)
	}
	if pe.File != name || !strings.HasPrefix(err.Error(), name+":") {
		t.Errorf("error does not name the file: %v", err)
	}
	return pe.Problems
}

func TestParseCollaborationListsEveryProblem(t *testing.T) {
	src := `summary: no title here
partners:
  - name: Northmoor
    country: Britain
    colour: blue
  - kind: company
    name: ""
data: [personal, genomic]
value: {amount: lots, currency: GBP}
duration_months: 2.5
visitors: [{field: physics}]
facilities: [{name: Lab}]
`
	want := []struct {
		path string
		line int
		msg  string
	}{
		{"partners[0].colour", 5, "unknown field \"colour\""},
		{"partners[1].kind", 6, "unknown partner kind \"company\""},
		{"data[1]", 8, "unknown data kind \"genomic\""},
		{"value.amount", 9, "want a number"},
		{"duration_months", 10, "want a whole number"},
		{"title", 1, "title is required"},
		{"partners[0].country", 4, "ISO 3166-1"},
		{"partners[1].name", 7, "partner name is required"},
		{"facilities[0].access", 12, "access is required"},
		{"visitors[0].nationality", 11, "nationality is required"},
	}
	probs := problemsOf(t, "bad.yaml", src)
	for _, w := range want {
		found := false
		for _, p := range probs {
			if p.Path == w.path && p.Line == w.line && strings.Contains(p.Msg, w.msg) {
				found = true
			}
		}
		if !found {
			t.Errorf("missing problem %s line %d %q in %v", w.path, w.line, w.msg, probs)
		}
	}
	if len(probs) != len(want) {
		t.Errorf("got %d problems, want %d: %v", len(probs), len(want), probs)
	}
}

func TestParseCollaborationJSONProblemsHaveLines(t *testing.T) {
	src := "{\n  \"title\": 5,\n  \"partners\": [],\n  \"extra\": true\n}"
	probs := problemsOf(t, "bad.json", src)
	got := map[string]int{}
	for _, p := range probs {
		got[p.Path] = p.Line
	}
	want := map[string]int{"title": 2, "extra": 4, "partners": 3}
	for path, line := range want {
		if got[path] != line {
			t.Errorf("%s: line %d, want %d (all: %v)", path, got[path], line, probs)
		}
	}
}

func TestParseCollaborationBadInput(t *testing.T) {
	tests := []struct {
		name, file, src string
		line            int
		msg             string
	}{
		{"empty", "p.yaml", "  \n", 0, "empty"},
		{"invalid UTF-8", "p.yaml", "title: ok\nsummary: \xff\xfe\n", 2, "invalid UTF-8"},
		{"YAML syntax", "p.yaml", "title: ok\nsummary: \"unclosed\npartners: x\n", 2, "YAML syntax"},
		{"JSON syntax", "p.json", "{\"title\": \"x\",\n \"partners\": [}\n", 2, "JSON syntax"},
		{"truncated JSON", "p.json", "{\"title\": \"x\",\n \"partners\": [", 2, "JSON syntax"},
		{"two documents", "p.yaml", "title: a\n---\ntitle: b\n", 0, "more than one YAML document"},
		{"alias", "p.yaml", "title: &t Example\nsummary: *t\npartners: [{name: x}]\n", 2, "aliases"},
		{"not a mapping", "p.yaml", "- a\n- b\n", 1, "want a mapping"},
		{"too large", "p.yaml", "title: " + strings.Repeat("x", MaxProposalBytes) + "\n", 0, "larger than the limit"},
		{"deep JSON", "p.json", strings.Repeat("[", 100) + strings.Repeat("]", 100), 1, "nested more than"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			probs := problemsOf(t, tc.file, tc.src)
			if len(probs) == 0 || !strings.Contains(probs[0].Msg, tc.msg) {
				t.Fatalf("problems %v, want one containing %q", probs, tc.msg)
			}
			if tc.line > 0 && probs[0].Line != tc.line {
				t.Errorf("line %d, want %d", probs[0].Line, tc.line)
			}
		})
	}
}

func TestValidateInCode(t *testing.T) {
	c := Collaboration{Title: " T ", Partners: []Partner{{Name: "X", Country: "UK"}}}
	v, err := c.Validate()
	if err != nil || v.Title != "T" || v.Partners[0].Country != "gb" || v.Partners[0].Kind != PartnerOrganisation {
		t.Fatalf("Validate = %+v, %v", v, err)
	}
	if _, err := (Collaboration{Title: "T"}).Validate(); err == nil || !strings.Contains(err.Error(), "at least one partner") {
		t.Fatalf("want a missing-partners error, got %v", err)
	}
}

func TestParseCollaborationBoundsProblems(t *testing.T) {
	var b strings.Builder
	b.WriteString("title: t\npartners:\n")
	for range 5000 {
		b.WriteString("  - {name: \"\", country: zzz}\n")
	}
	_, err := ParseCollaboration("many.yaml", []byte(b.String()))
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("got %v", err)
	}
	if len(pe.Problems) != MaxProblems || pe.More != 2*5000-MaxProblems || !strings.Contains(err.Error(), "more not shown") {
		t.Errorf("%d problems, %d more", len(pe.Problems), pe.More)
	}
}

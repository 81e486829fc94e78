package strictdoc

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

type colour string

func (c colour) Check() error {
	if c != "red" && c != "blue" {
		return errors.New("unknown colour")
	}
	return nil
}

type doc struct {
	Name    string         `json:"name"`
	Colour  colour         `json:"colour"`
	Tags    []string       `json:"tags,omitempty"`
	Weights map[string]int `json:"weights,omitempty"`
	Inner   struct {
		N int `json:"n"`
	} `json:"inner"`
}

func parse(t *testing.T, name, src string) (doc, error) {
	t.Helper()
	var v doc
	d := NewDecoder()
	if err := d.Parse(name, []byte(src), 1<<20, &v); err != nil {
		return v, err
	}
	return v, d.Err(name)
}

func TestDecodeReportsEveryProblemWithItsLine(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // substrings of the error; none means success
	}{
		{"ok.yaml", "name: a\ncolour: red\ntags: [x]\nweights: {a: 1}\ninner: {n: 2}\n", nil},
		{"ok.json", `{"name": "a", "colour": "blue"}`, nil},
		{"bad.yaml", "name: a\ncolour: green\nextra: 1\ninner: {n: x}\n", []string{"line 2: colour", "line 3: extra", "line 4: inner.n"}},
		{"dup.yaml", "name: a\nname: b\n", []string{"line 2"}},
		{"bad.json", `{"name": "a",}`, []string{"bad.json"}},
		{"two.yaml", "name: a\n---\nname: b\n", []string{"more than one YAML document"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parse(t, tt.name, tt.src)
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("want a *ParseError, got %v", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestProblemAtUsesNearestLineAndSkipsReportedValues(t *testing.T) {
	root, _ := ParseNode([]byte("name: a\ninner:\n  n: 1\n"), 1<<20, false)
	var v doc
	d := NewDecoder()
	d.Decode(root, reflect.ValueOf(&v).Elem(), "")
	d.ProblemAt(Join("inner", "n"), "too small")
	d.ProblemAt(Join("inner", "n"), "reported once")
	ps := d.Problems()
	if len(ps) != 1 || ps[0].Line != 3 || ps[0].Path != "inner.n" {
		t.Fatalf("problems %+v", ps)
	}
}

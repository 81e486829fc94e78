package registry

import (
	"errors"
	"testing"
)

func TestNormalizeID(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"https://ror.org/03xk7pq21", "https://ror.org/03xk7pq21"},
		{"http://ror.org/03xk7pq21", "https://ror.org/03xk7pq21"},
		{"ror.org/03xk7pq21", "https://ror.org/03xk7pq21"},
		{"https://www.ror.org/03xk7pq21/", "https://ror.org/03xk7pq21"},
		{" 03XK7PQ21 ", "https://ror.org/03xk7pq21"},
		{"03xk7pq21", "https://ror.org/03xk7pq21"},
		{"", ""},
		{"3xk7pq21", ""},   // no leading 0
		{"03xk7pq2", ""},   // too short
		{"03xk7pq211", ""}, // too long
		{"03xk7pl21", ""},  // l is not in Crockford base32
		{"03xk7pqab", ""},  // checksum must be digits
		{"https://example.org/03xk7pq21", ""},
		{"grid.990001.a", ""},
	}
	for _, tc := range tests {
		got, err := NormalizeID(tc.in)
		if tc.want == "" {
			if !errors.Is(err, ErrBadID) {
				t.Errorf("NormalizeID(%q) = %q, %v; want ErrBadID", tc.in, got, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("NormalizeID(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestValidate(t *testing.T) {
	valid := func() Org {
		return Org{ID: "https://ror.org/03xk7pq21", Names: []Name{{Value: "Songbei University of Technology", Types: []string{NameDisplay}}}, Status: StatusActive}
	}
	tests := []struct {
		name   string
		change func(*Org)
		want   string
	}{
		{"valid", func(*Org) {}, ""},
		{"inactive", func(o *Org) { o.Status = StatusInactive }, ""},
		{"no id", func(o *Org) { o.ID = "" }, "missing id"},
		{"bare id", func(o *Org) { o.ID = "03xk7pq21" }, `id "03xk7pq21" is not a ROR id`},
		{"no names", func(o *Org) { o.Names = nil }, "missing names"},
		{"blank name", func(o *Org) { o.Names = append(o.Names, Name{Value: "\t"}) }, "name 2 is empty"},
		{"bad utf-8 name", func(o *Org) { o.Names[0].Value = "a\xffb" }, "name 1 is not valid UTF-8"},
		{"no status", func(o *Org) { o.Status = "" }, "missing status"},
		{"odd status", func(o *Org) { o.Status = "Active" }, `status "Active" is not one of`},
		{"relationship without id", func(o *Org) { o.Relationships = []Relationship{{Type: RelParent}} }, "relationship 1 (parent) has no id"},
	}
	for _, tc := range tests {
		o := valid()
		tc.change(&o)
		err := o.Validate()
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (err == nil || err.Error()[:min(len(err.Error()), len(tc.want))] != tc.want):
			t.Errorf("%s: err %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestDisplayName(t *testing.T) {
	tests := []struct {
		names []Name
		want  string
	}{
		{[]Name{{Value: "SBUT", Types: []string{NameAcronym}}, {Value: "Label", Types: []string{NameLabel}}, {Value: "Shown", Types: []string{NameLabel, NameDisplay}}}, "Shown"},
		{[]Name{{Value: "SBUT", Types: []string{NameAcronym}}, {Value: "Label", Types: []string{NameLabel}}}, "Label"},
		{[]Name{{Value: "SBUT", Types: []string{NameAcronym}}}, "SBUT"},
		{nil, "https://ror.org/03xk7pq21"},
	}
	for _, tc := range tests {
		o := Org{ID: "https://ror.org/03xk7pq21", Names: tc.names}
		if got := o.DisplayName(); got != tc.want {
			t.Errorf("DisplayName(%v) = %q, want %q", tc.names, got, tc.want)
		}
	}
}

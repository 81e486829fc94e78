package transfer

import (
	"strings"
	"testing"
	"time"
)

func TestDigestDistinguishes(t *testing.T) {
	sum := func(rows ...[]any) string {
		var d digest
		for _, r := range rows {
			if err := d.add(r); err != nil {
				t.Fatal(err)
			}
		}
		return d.String()
	}
	at := time.Date(2026, 1, 2, 3, 4, 5, 6000, time.UTC)
	pairs := []struct {
		name string
		a, b [][]any
	}{
		{"split text", [][]any{{"ab", "c"}}, [][]any{{"a", "bc"}}},
		{"null and empty", [][]any{{nil}}, [][]any{{""}}},
		{"empty blob and empty text", [][]any{{[]byte{}}}, [][]any{{""}}},
		{"int and text", [][]any{{int64(1)}}, [][]any{{"1"}}},
		{"int and float", [][]any{{int64(1)}}, [][]any{{float64(1)}}},
		{"bool and int", [][]any{{true}}, [][]any{{int64(1)}}},
		{"microsecond", [][]any{{at}}, [][]any{{at.Add(time.Microsecond)}}},
		{"duplicate row", [][]any{{"x"}, {"x"}}, [][]any{{"x"}}},
		{"row moved", [][]any{{"x", nil}}, [][]any{{nil, "x"}}},
	}
	for _, p := range pairs {
		if sum(p.a...) == sum(p.b...) {
			t.Errorf("%s: %v and %v have the same checksum", p.name, p.a, p.b)
		}
	}
	// Order of rows does not matter; a time's zone does not either.
	if sum([]any{"a"}, []any{"b"}) != sum([]any{"b"}, []any{"a"}) {
		t.Error("row order changes the checksum")
	}
	if sum([]any{at}) != sum([]any{at.In(time.FixedZone("X", 3600))}) {
		t.Error("the same instant in another zone changes the checksum")
	}
	var d digest
	if err := d.add([]any{struct{}{}}); err == nil {
		t.Error("unknown Go type accepted")
	}
}

func TestToCanonical(t *testing.T) {
	what := func() string { return "row 1 column c" }
	good := []struct {
		in   any
		k    kind
		want any
	}{
		{int64(1), kindBool, true},
		{int64(0), kindBool, false},
		{int32(7), kindInt, int64(7)},
		{"2026-01-02T03:04:05.000006Z", kindTime, time.Date(2026, 1, 2, 3, 4, 5, 6000, time.UTC)},
		{"2026-01-02T04:04:05.000006+01:00", kindTime, time.Date(2026, 1, 2, 3, 4, 5, 6000, time.UTC)},
		{[]byte("x"), kindText, "x"},
		{"x", kindBytes, []byte("x")},
		{[]byte(nil), kindBytes, []byte{}},
		{nil, kindTime, nil},
	}
	for _, g := range good {
		got, err := toCanonical(g.in, g.k, what)
		if err != nil {
			t.Errorf("%#v as %s: %v", g.in, g.k, err)
			continue
		}
		var a, b digest
		a.add([]any{got})
		b.add([]any{g.want})
		if a != b {
			t.Errorf("%#v as %s = %#v, want %#v", g.in, g.k, got, g.want)
		}
	}
	bad := []struct {
		in   any
		k    kind
		want string
	}{
		{int64(2), kindBool, "cannot be read as boolean"},
		{"yesterday", kindTime, `time "yesterday"`},
		{"12", kindInt, "cannot be read as integer"},
		{3.5, kindRaw + 100, "cannot be read"},
	}
	for _, b := range bad {
		_, err := toCanonical(b.in, b.k, what)
		if err == nil || !strings.Contains(err.Error(), b.want) || !strings.Contains(err.Error(), "row 1 column c") {
			t.Errorf("%#v as %d: %v; want an error with %q", b.in, b.k, err, b.want)
		}
	}
}

func TestParentsFirst(t *testing.T) {
	ts := map[string]*table{
		"a": {name: "a"},
		"b": {name: "b", parents: []string{"c", "a"}},
		"c": {name: "c", parents: []string{"a", "c"}}, // self-reference is fine
		"d": {name: "d"},
	}
	got, err := parentsFirst(ts)
	if err != nil || len(got) != 4 {
		t.Fatalf("order = %v, %v", got, err)
	}
	pos := map[string]int{}
	for i, n := range got {
		pos[n] = i
	}
	for _, tb := range ts {
		for _, p := range tb.parents {
			if p != tb.name && pos[p] > pos[tb.name] {
				t.Errorf("order %v puts %s before its parent %s", got, tb.name, p)
			}
		}
	}
	if again, _ := parentsFirst(ts); strings.Join(again, " ") != strings.Join(got, " ") {
		t.Errorf("order not stable: %v then %v", got, again)
	}
	ts["a"].parents = []string{"b"}
	if _, err := parentsFirst(ts); err == nil || !strings.Contains(err.Error(), "cycle among tables a, b, c") {
		t.Errorf("cycle: %v", err)
	}
	ts["a"].parents = []string{"zz"}
	if _, err := parentsFirst(ts); err == nil || !strings.Contains(err.Error(), "references table zz") {
		t.Errorf("missing parent: %v", err)
	}
}

func TestKindOf(t *testing.T) {
	for _, typ := range []string{"bigint", "integer", "text", "boolean", "bytea", "timestamp with time zone", "json", "double precision"} {
		if _, err := kindOf(typ); err != nil {
			t.Errorf("%s: %v", typ, err)
		}
	}
	for _, typ := range []string{"numeric", "USER-DEFINED", "ARRAY", "timestamp without time zone", "uuid"} {
		if _, err := kindOf(typ); err == nil || !strings.Contains(err.Error(), "not supported") {
			t.Errorf("%s accepted: %v", typ, err)
		}
	}
}

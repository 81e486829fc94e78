package migrations

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadEmbedded(t *testing.T) {
	for _, d := range []Dialect{SQLite, Postgres} {
		ms, err := Load(d)
		if err != nil {
			t.Fatalf("%s: %v", d, err)
		}
		if len(ms) == 0 || ms[0].Version != 1 || ms[0].Name != "0001_watchlists.sql" {
			t.Fatalf("%s: migrations %+v, want 0001_watchlists.sql first", d, ms)
		}
		for i, m := range ms {
			if i > 0 && m.Version <= ms[i-1].Version {
				t.Errorf("%s: %s out of order", d, m.Name)
			}
			if strings.Contains(m.SQL, "{{") {
				t.Errorf("%s: %s still has a placeholder", d, m.Name)
			}
		}
	}
	sq, _ := Load(SQLite)
	pg, _ := Load(Postgres)
	if !strings.Contains(sq[0].SQL, "AUTOINCREMENT") || !strings.Contains(pg[0].SQL, "IDENTITY") || !strings.Contains(pg[0].SQL, "TIMESTAMPTZ") {
		t.Error("placeholders were not replaced per dialect")
	}
}

func TestLoadRules(t *testing.T) {
	tests := []struct {
		name    string
		files   fstest.MapFS
		want    []string // names in order
		wantErr string
	}{
		{"sorted by number", fstest.MapFS{
			"0010_cases.sql": {Data: []byte("CREATE TABLE c (id {{ID}})")},
			"0002_orgs.sql":  {Data: []byte("CREATE TABLE o (at {{TIMESTAMP}})")},
			"README.md":      {Data: []byte("ignored")},
		}, []string{"0002_orgs.sql", "0010_cases.sql"}, ""},
		{"bad name", fstest.MapFS{"2_orgs.sql": {Data: []byte("x")}}, nil, "2_orgs.sql: file name"},
		{"duplicate number", fstest.MapFS{"0002_a.sql": {}, "0002_b.sql": {}}, nil, "share version 2"},
		{"unknown placeholder", fstest.MapFS{"0003_x.sql": {Data: []byte("CREATE TABLE x (j {{JSONB}})")}}, nil, "0003_x.sql: unknown placeholder {{JSONB}}"},
	}
	for _, tc := range tests {
		ms, err := load(tc.files, Postgres)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%s: err %v, want %q", tc.name, err, tc.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		var got []string
		for _, m := range ms {
			got = append(got, m.Name)
		}
		if strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
	if _, err := Load("oracle"); err == nil {
		t.Error("unknown dialect accepted")
	}
}

package store

import (
	"errors"
	"strings"
	"testing"

	"github.com/collabcheck/collabcheck/internal/watchlist"
)

func ent(id, name string) watchlist.Entity {
	return watchlist.Entity{SourceID: id, Kind: watchlist.KindOrganization, Names: []watchlist.Name{{Value: name, Kind: watchlist.NamePrimary}}}
}

func TestValidate(t *testing.T) {
	good := []watchlist.Entity{ent("1", "Alpha Institute"), ent("2", "Beta Bureau")}
	tests := []struct {
		name    string
		in      ListImport
		wantErr string // substring; "" means valid
	}{
		{"valid", ListImport{List: "l", Entities: good}, ""},
		{"no list name", ListImport{List: " ", Entities: good}, "empty list name"},
		{"bad list name", ListImport{List: "l\xff", Entities: good}, "list name is not valid UTF-8"},
		{"bad source", ListImport{List: "l", Source: "a\x00b", Entities: good}, "source contains a NUL"},
		{"no entities", ListImport{List: "l"}, "no entities"},
		{"empty id", ListImport{List: "l", Entities: []watchlist.Entity{ent("1", "A"), ent("", "B")}}, "record 2: empty source id"},
		{"duplicate id", ListImport{List: "l", Entities: []watchlist.Entity{ent("1", "A"), ent("2", "B"), ent("1", "C")}}, `record 3: source id "1" duplicates record 1`},
		{"bad id", ListImport{List: "l", Entities: []watchlist.Entity{ent("\xc3", "A")}}, "record 1 (source id \"\\xc3\"): source id is not valid UTF-8"},
		{"NUL in name", ListImport{List: "l", Entities: []watchlist.Entity{ent("1", "A\x00")}}, `record 1 (source id "1"): primary name contains a NUL`},
		{"bad kind", ListImport{List: "l", Entities: []watchlist.Entity{{SourceID: "1", Kind: "\xff"}}}, "kind is not valid UTF-8"},
	}
	for _, tc := range tests {
		err := tc.in.Validate()
		if tc.wantErr == "" {
			if err != nil {
				t.Errorf("%s: %v, want valid", tc.name, err)
			}
			continue
		}
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tc.wantErr) {
			t.Errorf("%s: err %v, want ErrInvalid containing %q", tc.name, err, tc.wantErr)
		}
	}
}

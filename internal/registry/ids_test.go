package registry

import (
	"slices"
	"testing"
)

func TestValidChecksum(t *testing.T) {
	for id, want := range map[string]bool{
		"0abcdef23": true,
		"0T1DE4226": true, // any case
		"0ke5tre74": true,
		"0zz9x8w94": true,
		"012345654": true,
		"0abcdef24": false,
		"0ke5tre47": false,
		"0abcdeo23": false, // no "o" in the alphabet
		"0abcdef2":  false,
		"1abcdef23": false,
	} {
		if got := ValidChecksum(id); got != want {
			t.Errorf("ValidChecksum(%q) = %v, want %v", id, got, want)
		}
	}
}

func TestIDsIn(t *testing.T) {
	for _, c := range []struct {
		in   string
		ids  []string
		rest string
	}{
		{"Westmoor University (https://ror.org/0abcdef23)", []string{IDPrefix + "0abcdef23"}, "Westmoor University"},
		{"https://ror.org/0abcdef23/", []string{IDPrefix + "0abcdef23"}, ""},
		{"Partner: HTTP://WWW.ROR.ORG/0T1DE4226, Kestrel", []string{IDPrefix + "0t1de4226"}, "Partner: , Kestrel"},
		// A link is read whatever its checksum; a bare id only with it.
		{"ror.org/0abcdef24; Westmoor", []string{IDPrefix + "0abcdef24"}, "; Westmoor"},
		{"0ke5tre74", []string{IDPrefix + "0ke5tre74"}, ""},
		{"0ke5tre74, 0zz9x8w94 and 0ke5tre74", []string{IDPrefix + "0ke5tre74", IDPrefix + "0zz9x8w94"}, ",  and"},
		// Not ids: a wrong checksum, digits only, part of a longer word.
		{"Westmoor University 0abcdef24", nil, "Westmoor University 0abcdef24"},
		{"Tel. 012345654", nil, "Tel. 012345654"},
		{"Westmoor X0ke5tre74 Institute", nil, "Westmoor X0ke5tre74 Institute"},
		{"Westmoor 0ke5tre745", nil, "Westmoor 0ke5tre745"},
		{"Westmoor University", nil, "Westmoor University"},
	} {
		ids, rest := IDsIn(c.in)
		if !slices.Equal(ids, c.ids) || rest != c.rest {
			t.Errorf("IDsIn(%q) = %q, %q; want %q, %q", c.in, ids, rest, c.ids, c.rest)
		}
	}
}

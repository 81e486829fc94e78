package names

import "testing"

func TestJoinSplitPostcodes(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Westmoor Institute, Kestrel 600 036, India", "Westmoor Institute, Kestrel 600036, India"},
		{"Westmoor Institute, 160 00 Kestrel, Czechia", "Westmoor Institute, 16000 Kestrel, Czechia"},
		{"Westmoor Institute, Kestrel 157 72", "Westmoor Institute, Kestrel 15772"},
		{"Westmoor Institute, Kestrel 600 036.", "Westmoor Institute, Kestrel 600036."},
		// Left as written: a dash or letter run onto the first group, a
		// third group or a number beside them, groups too short or long.
		{"Westmoor Institute, SE-100 44 Kestrel", "Westmoor Institute, SE-100 44 Kestrel"},
		{"Westmoor Institute, Kestrel 1 600 036", "Westmoor Institute, Kestrel 1 600 036"},
		{"Westmoor Institute, Kestrel 600 036 12", "Westmoor Institute, Kestrel 600 036 12"},
		{"Westmoor Institute, Building 12 34", "Westmoor Institute, Building 12 34"},
		{"Westmoor Institute, Kestrel 600 0361", "Westmoor Institute, Kestrel 600 0361"},
		{"Westmoor Institute, Kestrel 600 03a", "Westmoor Institute, Kestrel 600 03a"},
		{"Westmoor Institute", "Westmoor Institute"},
	}
	for _, c := range cases {
		if got := joinSplitPostcodes(c.in); got != c.want {
			t.Errorf("joinSplitPostcodes(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	// Parsed, the town before the joined postcode is the address, and the
	// name is the segment before it.
	as := ParseAffiliations("Westmoor Institute of Tides, Kestrel 600 036, India")
	if len(as) != 1 || len(as[0].Segments) < 2 || as[0].Segments[0].Role != RoleName || as[0].Segments[0].Text != "Westmoor Institute of Tides" {
		t.Fatalf("parsed %+v", as)
	}
	for _, s := range as[0].Segments[1:] {
		if s.Role == RoleName {
			t.Errorf("segment %q read as a name in %+v", s.Text, as[0].Segments)
		}
	}
}

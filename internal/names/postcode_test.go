package names

import "testing"

func TestJoinSplitPostcodes(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Westmoor Institute, Kestrel 600 036, India", "Westmoor Institute, Kestrel 600036, India"},
		{"Westmoor Institute, 160 00 Kestrel, Czechia", "Westmoor Institute, 16000 Kestrel, Czechia"},
		{"Westmoor Institute, Kestrel 157 72", "Westmoor Institute, Kestrel 15772"},
		{"Westmoor Institute, Kestrel 600 036.", "Westmoor Institute, Kestrel 600036."},
		{"Westmoor Institute, Kestrel 305-8577, Japan", "Westmoor Institute, Kestrel 3058577, Japan"},
		{"Westmoor Institute, 4710-057 Kestrel", "Westmoor Institute, 4710057 Kestrel"},
		{"Westmoor Institute, 00-950 Kestrel", "Westmoor Institute, 00950 Kestrel"},
		// Left as written: a dash or letter run onto the first group, a
		// third group or a number beside them, groups too short or long.
		{"Westmoor Institute, SE-100 44 Kestrel", "Westmoor Institute, SE-100 44 Kestrel"},
		{"Westmoor Institute, Kestrel-600 036, India", "Westmoor Institute, Kestrel-600036, India"},
		{"Westmoor Institute, Kestrel-600-036", "Westmoor Institute, Kestrel-600-036"},
		{"Westmoor Institute, Kestrel 1 600 036", "Westmoor Institute, Kestrel 1 600 036"},
		{"Westmoor Institute, Kestrel 600 036 12", "Westmoor Institute, Kestrel 600 036 12"},
		{"Westmoor Institute, Building 12 34", "Westmoor Institute, Building 12 34"},
		{"Westmoor Institute, Kestrel 600 0361", "Westmoor Institute, Kestrel 600 0361"},
		{"Westmoor Institute, Kestrel 600 03a", "Westmoor Institute, Kestrel 600 03a"},
		{"Westmoor Institute, Kestrel, CA 93106-9530", "Westmoor Institute, Kestrel, CA 93106-9530"},
		{"Westmoor Institute, Tide Street 13-17", "Westmoor Institute, Tide Street 13-17"},
		{"Westmoor Institute, 1990-2020", "Westmoor Institute, 1990-2020"},
		{"Westmoor Institute, D-12-345", "Westmoor Institute, D-12-345"},
		{"Westmoor Institute", "Westmoor Institute"},
	}
	for _, c := range cases {
		if got := joinSplitPostcodes(c.in); got != c.want {
			t.Errorf("joinSplitPostcodes(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	// Parsed, the town before the joined postcode is the address, and the
	// name is the segment before it.
	for _, in := range []string{"Westmoor Institute of Tides, Kestrel 600 036, India", "Westmoor Institute of Tides, Kestrel 305-8577, Japan"} {
		checkPostcodeAddress(t, in)
	}
}

// checkPostcodeAddress parses in, a name, a town with a postcode and a
// country, and checks that only the first segment is read as a name.
func checkPostcodeAddress(t *testing.T, in string) {
	t.Helper()
	as := ParseAffiliations(in)
	if len(as) != 1 || len(as[0].Segments) < 2 || as[0].Segments[0].Role != RoleName || as[0].Segments[0].Text != "Westmoor Institute of Tides" {
		t.Fatalf("parsed %+v", as)
	}
	for _, s := range as[0].Segments[1:] {
		if s.Role == RoleName {
			t.Errorf("segment %q read as a name in %+v", s.Text, as[0].Segments)
		}
	}
}

func TestNextDigit(t *testing.T) {
	for _, c := range []struct {
		s    string
		from int
		want int
	}{
		{"", 0, 0},
		{"Westmoor", 0, 8},
		{"Westmoor Institute of Tides 75005 Paris", 0, 28},
		{"Westmoor Institute of Tides 75005 Paris", 30, 30},
		{"Westmoor Institute of Tides 75005 Paris", 33, 39},
		{"Université de Genève, Genève:;<=>?/ 1211", 0, 39}, // bytes, not letters
		{"7", 0, 0},
		{"abcdefgh9", 0, 8},
	} {
		if got := nextDigit(c.s, c.from); got != c.want {
			t.Errorf("nextDigit(%q, %d) = %d, want %d", c.s, c.from, got, c.want)
		}
	}
}

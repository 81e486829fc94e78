package names

import "testing"

// UTF-8 text decoded as Latin-1 or Windows-1252 is read back; text that
// only looks like it, or holds characters neither encoding has, is left.
func TestRepairMojibake(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"UniversitÃ¤t Westmoor", "Universität Westmoor"},
		{"UniversitÃ© de MontrÃ©al, Canada", "Université de Montréal, Canada"},
		{"Uniwersytet w PoznaniÅ„", "Uniwersytet w Poznaniń"},
		{"Kingâ€™s College Northwold", "King’s College Northwold"},
		{"Â«UniversitÃ©Â» de Westmoor", "«Université» de Westmoor"},
		// The bytes Windows-1252 leaves undefined, lost to the replacement
		// character: the likeliest is read ("č", "Ł", "”").
		{"SveuÄ\uFFFDiliÅ¡te u Westmooru", "Sveučilište u Westmooru"},
		{"University of Å\uFFFDÃ³dÅº", "University of Łódź"},
		{"University of Westmoor â€œKestrel Tideâ€\uFFFD", "University of Westmoor “Kestrel Tide”"},
		// Not mojibake: left as written.
		{"SÃO PAULO STATE UNIVERSITY", "SÃO PAULO STATE UNIVERSITY"},
		{"Åbo Akademi University", "Åbo Akademi University"},
		{"«Université» de Westmoor", "«Université» de Westmoor"},
		{"Northwold University", "Northwold University"},
		// A character neither encoding has: the string is not read back.
		{"UniversitÃ¤t 北京", "UniversitÃ¤t 北京"},
	} {
		if got := RepairMojibake(tc.in); got != tc.want {
			t.Errorf("RepairMojibake(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := partySegments("Technische UniversitÃ¤t Westmoor, MÃ¼nchen"); len(got) != 1 || len(got[0]) != 2 || got[0][0] != "technische universitat westmoor" || got[0][1] != "munchen" {
		t.Errorf("ParseAffiliations read %q", got)
	}
}

// A mark a lost character left inside a word is dropped, joining the
// word's halves; elsewhere it is left.
func TestDropLostLetters(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Universit\uFFFDt Westmoor", "Universitt Westmoor"},
		{"Universidad Aut?noma de Westmoor", "Universidad Autnoma de Westmoor"},
		{"\uFFFDcole de Westmoor", "cole de Westmoor"},
		{"Westmoor University?", "Westmoor University?"},
		{"Westmoor ? University", "Westmoor ? University"},
		{"Westmoor University", "Westmoor University"},
	} {
		if got := dropLostLetters(tc.in); got != tc.want {
			t.Errorf("dropLostLetters(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

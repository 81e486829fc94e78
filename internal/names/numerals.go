package names

import "strconv"

// This file relates the two ways of writing a number in an
// organisation's name: universities numbered in one town ("Université
// Paris 8", "Université Paris VIII"), sections ("INFN Roma II") and
// rulers ("Universidad Carlos III", "Mohammed V University") are written
// with Roman numerals and with digits alike, and the registry rarely
// holds both.

// maxNumeral is the largest number read in Roman numerals: numbered
// organisations do not go higher, and longer runs of I, V and X are
// words or codes.
const maxNumeral = 39

// romanValues maps each Roman numeral up to maxNumeral, normalised (lower
// case), to its value in digits, and digitValues the reverse.
var romanValues, digitValues = func() (map[string]string, map[string]string) {
	units := []string{"", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"}
	tens := []string{"", "x", "xx", "xxx"}
	r, d := map[string]string{}, map[string]string{}
	for n := 1; n <= maxNumeral; n++ {
		roman, digits := tens[n/10]+units[n%10], strconv.Itoa(n)
		r[roman], d[digits] = digits, roman
	}
	return r, d
}()

// NumeralOf returns the same number written the other way for a
// normalised token that is a Roman numeral ("viii" → "8") or a number up
// to maxNumeral in digits, leading zeros allowed ("8", "08" → "viii"),
// and whether t is either.
func NumeralOf(t string) (string, bool) {
	if d, ok := romanValues[t]; ok {
		return d, true
	}
	if len(t) == 2 && t[0] == '0' {
		t = t[1:]
	}
	r, ok := digitValues[t]
	return r, ok
}

// SameNumber reports whether a and b write one number, one in Roman
// numerals and the other in digits, either way round.
func SameNumber(a, b string) bool {
	o, ok := NumeralOf(a)
	if !ok {
		return false
	}
	if _, roman := romanValues[a]; roman {
		return o == b || len(b) == 2 && b[0] == '0' && o == b[1:]
	}
	return o == b
}

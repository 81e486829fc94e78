package match

import (
	"github.com/collabcheck/collabcheck/internal/names"
)

// countryCode turns a country qualifier (an ISO alpha-2 code or a name)
// into a lower-case ISO code, or "" when it is empty or unknown.
func countryCode(c string) string {
	if c == "" {
		return ""
	}
	n := names.Normalize(c)
	if len(n) == 2 {
		return n
	}
	if code, ok := names.CountryCode(n); ok {
		return code
	}
	return ""
}

// sameCountry reports whether two different ISO codes may name the same
// place in an address: Hong Kong and Macao are written "…, Hong Kong,
// China" as often as not.
func sameCountry(a, b string) bool {
	if a == "cn" {
		a, b = b, a
	}
	return b == "cn" && (a == "hk" || a == "mo")
}

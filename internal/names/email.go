package names

import (
	"regexp"
	"strings"
)

// emailAddress matches an e-mail address with the label written before
// it ("E-mail: a@b.org", "Electronic address: …") and the braced lists
// of local parts authors share one domain with ("{ab, cd}@x.edu").
var emailAddress = regexp.MustCompile(`(?i)(?:\b(?:e-?mail|electronic address|correspondence)\s*:?\s*)?(?:\{[^}]*\}|[\w.+\-]+)@\s?[\w\-]+(?:\.[\w\-]+)+`)

// emptyBrackets matches brackets an address was cut from.
var emptyBrackets = regexp.MustCompile(`\(\s*[.,;:]?\s*\)|\[\s*\]`)

// cutEmails removes the e-mail addresses written in an affiliation
// ("…, Seoul, South Korea. j.smith@example.org"): an address is no
// organisation's name, and read as one it made the organisation written
// before it a unit's.
func cutEmails(s string) string {
	if strings.IndexByte(s, '@') < 0 {
		return s
	}
	s = emailAddress.ReplaceAllString(s, "")
	return emptyBrackets.ReplaceAllString(s, "")
}

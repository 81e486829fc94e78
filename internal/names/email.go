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

// phoneNumber matches a telephone or fax number with the label written
// before it ("Tel.: +44 1234 567890", "Fax (0049) 89 1234-567",
// "Phone: 555-0100"): the label, then digits with the spaces, dashes,
// stops, slashes and brackets numbers are written with.
var phoneNumber = regexp.MustCompile(`(?i)\b(?:tel(?:ephone)?|phone|ph|fax|telefax|mob(?:ile)?)\b\.?(?:\s*/\s*fax\.?)?\s*(?:no\.?|number)?\s*[:.]?\s*\+?\(?\d[\d\s\-‐‑–—./()]{4,}\d`)

// minPhoneDigits is the fewest digits a string needs before cutPhones
// looks for a number in it: a telephone number has seven or more.
const minPhoneDigits = 7

// cutPhones removes the telephone and fax numbers written in an
// affiliation with their labels ("…, Cambridge, UK. Tel.: +44 1223
// 336300"): read as words they joined the last segment, and the town or
// country there was no longer one.
func cutPhones(s string) string {
	digits := 0
	for i := 0; i < len(s) && digits < minPhoneDigits; i++ {
		if s[i] >= '0' && s[i] <= '9' {
			digits++
		}
	}
	if digits < minPhoneDigits {
		return s
	}
	return phoneNumber.ReplaceAllString(s, "")
}

// authorNote matches the notes on an author that publishers write into
// an affiliation ("Corresponding author.", "These authors contributed
// equally to this work", "Deceased"), with the mark and the stop around
// them.
var authorNote = regexp.MustCompile(`(?i)[*†‡§]?\s*\b(?:corresponding authors?|to whom (?:all )?correspondence should be addressed|(?:these|both) authors contributed equally(?: to this work)?|contributed equally(?: to this work)?|equal(?:ly)? contribut(?:ion|ing authors?|ors?)|joint (?:first|senior|last) authors?|co-?first authors?|senior authors?|deceased)\b\s*[.;:]?`)

// noteWords are words one of which every note authorNote matches holds,
// in small letters and capitals: a string holding none is not searched.
var noteWords = [...]string{"uthor", "UTHOR", "qual", "QUAL", "eceased", "ECEASED", "orrespond", "ORRESPOND"}

// cutAuthorNotes removes the notes on an author written in an
// affiliation (see authorNote): "…, University of Bonn. Corresponding
// author." had read its last segment as "University of Bonn
// Corresponding author".
func cutAuthorNotes(s string) string {
	for _, w := range noteWords {
		if strings.Contains(s, w) {
			return authorNote.ReplaceAllString(s, "")
		}
	}
	return s
}

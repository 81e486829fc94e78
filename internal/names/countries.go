package names

import (
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// notCountryNames are country names, as CLDR writes them, that affiliations
// write more often as something else: a US state or city word ("New
// Jersey", "Rhode Island", Iceland's own name "Ísland"), a region of
// another country ("Macedonia" in Greece), a person's or a common word
// ("Chad", "Man"). A country written so is not taken as the party's
// country.
var notCountryNames = map[string]bool{
	"jersey": true, "guernsey": true, "isle of man": true, "man": true, "island": true, "chad": true,
	"niger": true, "guinea": true, "dominica": true, "panama": true, "samoa": true, "american samoa": true,
	"macedonia": true, "christmas island": true, "norfolk island": true, "ascension island": true,
	"canary islands": true, "ceuta and melilla": true, "diego garcia": true, "tristan da cunha": true,
	"clipperton island": true, "st martin": true, "sint maarten": true, "heard and mcdonald islands": true,
	"us outlying islands": true, "vatican city": true,
}

// notCountryCodes are codes CLDR counts as countries that ISO 3166-1 does
// not assign to one: the Canary Islands, Ceuta and Melilla, the eurozone,
// the United Nations.
var notCountryCodes = map[string]bool{"ic": true, "ea": true, "ez": true, "un": true, "eu": true}

// withAllCountries returns m with, added, every ISO 3166-1 country's
// English name and its name in its own main language ("Deutschland",
// "España", "Brasil"), as CLDR gives them through golang.org/x/text,
// normalised, where m does not hold the name already and it is not in
// notCountryNames. m lists the common variants CLDR does not ("usa", "pr
// china").
func withAllCountries(m map[string]string) map[string]string {
	english := display.English.Regions()
	add := func(name, code string) {
		n := Normalize(name)
		if _, ok := m[n]; ok || n == "" || notCountryNames[n] {
			return
		}
		m[n] = code
	}
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			r, err := language.ParseRegion(string([]rune{a, b}))
			code := strings.ToLower(r.String())
			if err != nil || !r.IsCountry() || r.Canonicalize() != r || r.ISO3() == "" || notCountryCodes[code] {
				continue // not an assigned ISO 3166-1 country
			}
			add(english.Name(r), code)
			if base, conf := language.Make("und-" + r.String()).Base(); conf != language.No {
				if own := display.Regions(language.Make(base.String())); own != nil {
					add(own.Name(r), code)
				}
			}
		}
	}
	return m
}

// codeWords are ISO 3166-1 codes that, in capitals at the end of a name,
// are more often something else: a subject ("IT", "AI", "ML", "EE"), a
// company or university's initials ("GE", "UM", "LU", "MC" as in
// "Erasmus MC"), a Roman number ("Mohammed VI"), a word or abbreviation
// ("IS", "ST", "AM", "PM") or a territory no affiliation names.
var codeWords = map[string]bool{
	"IT": true, "AI": true, "ML": true, "EE": true, "GE": true, "UM": true, "LU": true, "MC": true,
	"IS": true, "ST": true, "IO": true, "AQ": true, "BV": true, "TV": true, "PS": true, "CV": true,
	"VI": true, "LI": true, "CD": true, "DJ": true, "AM": true, "PM": true, "TO": true,
}

// trailingCountryCode returns the country of a code written in capitals
// as the last word of a name ("Tsinghua University CN"), or "". US state
// codes ("MD", "DE"), legal forms ("AG", "SA", "AS", "KG") and codeWords
// are not read as countries.
func trailingCountryCode(w string) string {
	if len(w) != 2 || w[0] < 'A' || w[0] > 'Z' || w[1] < 'A' || w[1] > 'Z' || usStateCodes[w] || codeWords[w] {
		return ""
	}
	r, err := language.ParseRegion(w)
	code := strings.ToLower(w)
	if err != nil || !r.IsCountry() || r.Canonicalize() != r || r.ISO3() == "" || notCountryCodes[code] || IsLegalTail(w) {
		return ""
	}
	return code
}

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

// trailingCodes are the ISO 3166-1 codes read as a country when written in
// capitals at the end of a name ("Tsinghua University CN"): countries
// affiliations often come from, whose codes are seldom anything else. Left
// out are codes that are also US states ("CA", "IN", "DE"), legal forms
// ("AG", "SA", "SE"), Roman numbers ("VI"), words, subjects, degrees or
// initials more often than countries ("IS", "IT", "PE", "PH", "MH", "DO",
// "EC", "HR", "MC" as in "Erasmus MC", "NI" for Northern Ireland) and
// territories.
var trailingCodes = func() map[string]string {
	m := map[string]string{}
	for _, c := range strings.Fields(`CN SG JP KR TW HK MO FR ES NL BE CH AT NO DK FI PL CZ SK HU SI RO BG GR
		LT LV UA BY RU TR IR IL EG ZA NG KE GH UG TZ BR AR CL MX UY AU NZ PK BD LK NP TH VN MY KH
		GB IE PT LU AE QA KW JO LB TN DZ`) {
		m[c] = strings.ToLower(c)
	}
	m["UK"] = "gb"
	return m
}()

// trailingCountryCode returns the country of a code written in capitals
// as the last word of a name ("Tsinghua University CN"), or "" (see
// trailingCodes).
func trailingCountryCode(w string) string {
	return trailingCodes[w]
}

// capitalISOCode returns the country whose ISO 3166-1 alpha-2 code s is,
// written in two capitals ("SE"), or "".
func capitalISOCode(s string) string {
	s = strings.TrimSpace(s)
	if len(s) != 2 || s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' || s[1] > 'Z' {
		return ""
	}
	return ISOCountry(s)
}

// ISOCountry returns the country whose ISO 3166-1 alpha-2 code is code, in
// small letters ("CA" → "ca"), or "" when code is no country's (a
// continent's, a reserved or an unknown code).
func ISOCountry(code string) string {
	if len(code) != 2 {
		return "" // an alpha-3 or a numeric code, which ParseRegion reads too
	}
	r, err := language.ParseRegion(code)
	if err != nil || !r.IsCountry() {
		return ""
	}
	return strings.ToLower(r.String())
}

// CountryLanguage returns the ISO 639 code of the language most written
// in the country of ISO 3166-1 code, as CLDR's likely subtags give it
// ("de" for "at", "en" for "au"), or "" when it does not know the code.
func CountryLanguage(code string) string {
	r, err := language.ParseRegion(code)
	if err != nil {
		return ""
	}
	base, conf := language.Make("und-" + r.String()).Base()
	if conf == language.No {
		return ""
	}
	return base.String()
}

// legalFormCountries are the countries whose law a legal form, as written
// and normalised, belongs to: the forms one jurisdiction or a few
// neighbours use alone ("GmbH", "Oy", "LLC"). Forms many countries write
// ("Ltd", "Inc.", "S.A.", "Co.") are left out: they tell no country, and
// so is "K.K.", which the tokenizer reads as two initials.
var legalFormCountries = map[string][]string{
	"llc": {"us"}, "pllc": {"us"}, "ooo": {"ru"}, "tov": {"ua"},
	"plc":  {"gb", "ie"},
	"gmbh": {"de", "at", "ch"}, "mbh": {"de", "at", "ch"}, "ag": {"de", "ch", "at"}, "aktiengesellschaft": {"de", "ch", "at"},
	"kg": {"de", "at"}, "kgaa": {"de"}, "ohg": {"de"},
	"sarl": {"fr", "lu"}, "sl": {"es"}, "sau": {"es"}, "spa": {"it"},
	"bv": {"nl", "be"}, "nv": {"nl", "be"},
	"ab": {"se"}, "asa": {"no"}, "oy": {"fi"}, "oyj": {"fi"},
	"ojsc": {"ru"}, "pjsc": {"ru"}, "cjsc": {"ru"}, "oao": {"ru"}, "zao": {"ru"}, "pao": {"ru"},
	"pte": {"sg"}, "pty": {"au", "za"}, "bhd": {"my"}, "sdn": {"my"}, "tbk": {"id"},
}

// LegalFormCountries returns the ISO 3166-1 codes of the countries whose
// law the legal form w belongs to, or nil when it tells none: a company
// that writes its legal form writes where it is registered. w is the
// form as normalised (a Token's Surface: "gmbh", "oyj", "b v" for
// "B.V.").
func LegalFormCountries(w string) []string {
	return legalFormCountries[strings.ReplaceAll(w, " ", "")]
}

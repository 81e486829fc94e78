package resolve

import (
	"slices"
	"strings"

	"github.com/collabcheck/collabcheck/internal/match"
	"github.com/collabcheck/collabcheck/internal/names"
)

// places is a gazetteer of the cities the registry's organisations are
// in, as canonical token texts joined by spaces, each with its country
// ("" when the registry has the city in several). The parser knows only a
// short list of common cities; the registry knows the cities of every
// organisation it holds, which is where affiliations name theirs.
type places struct {
	m map[string]string
	// several holds, for each key of m the registry has in more than one
	// country, all of them.
	several map[string][]string
	// ends maps the last word of each key of m to endOne when the word is
	// a key itself and endMore when it ends a key of several words. Most
	// words end no city's name: one lookup of the last token then answers
	// for every tail that ends with it, without building keys.
	ends map[string]uint8
	// regions holds the states, provinces and other first-level
	// divisions the registry's cities are in, keyed as m is, each with
	// its country ("" when in several); regionEnds is ends for them.
	regions    map[string]string
	regionEnds map[string]uint8
	// usStates holds, for each key of m the registry has in the US, the
	// states (normalised) it has it in.
	usStates map[string][]string
}

const (
	endOne uint8 = 1 << iota
	endMore
)

// maxPlaceWords is the most words a city name in the gazetteer has.
const maxPlaceWords = 3

// add puts city, in country, in the gazetteer and returns its key, or ""
// when the gazetteer cannot hold it (no words, or more than it reads).
func (p *places) add(city, country string) string {
	ts := names.Tokenize(city)
	if len(ts) == 0 || len(ts) > maxPlaceWords {
		return ""
	}
	if p.m == nil {
		p.m, p.ends = map[string]string{}, map[string]uint8{}
	}
	k := tokenKey(ts)
	if c, ok := p.m[k]; ok && c != country {
		if p.several == nil {
			p.several = map[string][]string{}
		}
		if c != "" {
			p.several[k] = append(p.several[k], c)
		}
		if !slices.Contains(p.several[k], country) {
			p.several[k] = append(p.several[k], country)
		}
		country = ""
	}
	p.m[k] = country
	markEnd(p.ends, k)
	return k
}

// markEnd records in ends the last word of key, a gazetteer key: endOne
// when it is the key itself, endMore when it ends a key of more words.
func markEnd(ends map[string]uint8, key string) {
	if i := strings.LastIndexByte(key, ' '); i >= 0 {
		ends[key[i+1:]] |= endMore
	} else {
		ends[key] |= endOne
	}
}

// addUSState records that the registry has the town of key in the US
// state region.
func (p *places) addUSState(key, region string) {
	n := names.Normalize(region)
	if key == "" || n == "" || slices.Contains(p.usStates[key], n) {
		return
	}
	if p.usStates == nil {
		p.usStates = map[string][]string{}
	}
	p.usStates[key] = append(p.usStates[key], n)
}

// maybeInState reports whether the registry's US town of key may be in
// the state of postal code: it has it there, or in no state it knows.
func (p places) maybeInState(key, code string) bool {
	states := p.usStates[key]
	return len(states) == 0 || slices.Contains(states, names.USStateName(code))
}

// maxRegionWords is the most words a region in the gazetteer has
// ("Provence-Alpes-Côte d'Azur").
const maxRegionWords = 4

// addRegion puts region, in country, in the gazetteer's regions.
func (p *places) addRegion(region, country string) {
	ts := names.Tokenize(region)
	if len(ts) == 0 || len(ts) > maxRegionWords {
		return
	}
	if p.regions == nil {
		p.regions, p.regionEnds = map[string]string{}, map[string]uint8{}
	}
	k := tokenKey(ts)
	if c, ok := p.regions[k]; ok && c != country {
		country = ""
	}
	p.regions[k] = country
	markEnd(p.regionEnds, k)
}

// townAddress returns how many of the first tokens of segment ts (read
// from text) are a town the registry knows, when the rest are its
// country or its state's postal code, perhaps after the region ("Pune
// Maharashtra India", "Seaport FL USA", "Seaport FL"), or its region
// when a country's segment follows (countryAfter: "Pune Maharashtra,
// India"); or 0. A region alone after a town is not enough: many are
// also common words ("Centre").
func (p places) townAddress(ts []names.Token, text string, countryAfter bool) int {
	end := len(ts)
	if end >= 2 && names.EndsCountry(lastWord(ts[end-1].Surface)) {
		for k := min(2, end-1); k >= 1; k-- {
			if _, ok := countryCode(ts[end-k:]); ok {
				end -= k
				break
			}
		}
	}
	if p.regionCodeAfterCity(ts, end, text) {
		end--
	} else if end < len(ts) || countryAfter {
		end -= p.regionAfterCity(ts[:end])
	}
	if end == len(ts) || end == 0 || end > maxPlaceWords || !slices.ContainsFunc(ts[:end], func(t names.Token) bool { return !names.IsGeneric(t.Text) }) || !p.has(ts[:end]) {
		return 0
	}
	return end
}

// regionAfterCity returns how many of the last tokens of ts name a
// region of the registry's gazetteer written after a town it knows
// ("… Pune Maharashtra", "… Campinas São Paulo"), or 0.
func (p places) regionAfterCity(ts []names.Token) int {
	if len(ts) < 2 {
		return 0
	}
	end := lastWordEnd(p.regionEnds, ts)
	if end == 0 {
		return 0
	}
	for k := min(maxRegionWords, len(ts)-1); k >= 1; k-- {
		if !keyIn(p.regions, ts[len(ts)-k:], end) {
			continue
		}
		before := ts[:len(ts)-k]
		if len(before) >= 2 && isPostcodeToken(before[len(before)-1]) {
			before = before[:len(before)-1] // "… Bangalore 560012 Karnataka"
		}
		if p.cityAtEnd(before) > 0 {
			return k
		}
	}
	return 0
}

// endOf returns the ends entry of the last word of ts's key (ts not
// empty).
func (p places) endOf(ts []names.Token) uint8 { return lastWordEnd(p.ends, ts) }

// lastWordEnd returns the entry in ends (see places.ends) of the last
// word of ts's key (ts not empty).
func lastWordEnd(ends map[string]uint8, ts []names.Token) uint8 {
	last := ts[len(ts)-1].Text
	if i := strings.LastIndexByte(last, ' '); i >= 0 {
		last = last[i+1:]
	}
	return ends[last]
}

// has reports whether ts, joined as tokenKey joins them, name a city.
func (p places) has(ts []names.Token) bool {
	if len(ts) == 0 {
		_, ok := p.m[""]
		return ok
	}
	return p.hasEnding(ts, p.endOf(ts))
}

// hasEnding is has given endOf(ts).
func (p places) hasEnding(ts []names.Token, end uint8) bool { return keyIn(p.m, ts, end) }

// keyIn reports whether ts, joined as tokenKey joins them, are a key of
// m, given end, the ends entry of their last word for m's keys.
func keyIn(m map[string]string, ts []names.Token, end uint8) bool {
	if len(ts) == 1 && strings.IndexByte(ts[0].Text, ' ') < 0 {
		return end&endOne != 0 // the key is one word: ends answers
	}
	if end&endMore == 0 {
		return false
	}
	// The key is built on the stack: a map index of string(bytes) does
	// not allocate.
	var buf [64]byte
	_, ok := m[string(appendJoined(buf[:0], ts, false))]
	return ok
}

// appendJoined appends the texts of ts (their written forms if surface is
// set) joined by spaces to b, as tokenKey writes them.
func appendJoined(b []byte, ts []names.Token, surface bool) []byte {
	for i := range ts {
		if i > 0 {
			b = append(b, ' ')
		}
		if surface {
			b = append(b, ts[i].Surface...)
		} else {
			b = append(b, ts[i].Text...)
		}
	}
	return b
}

// cityAtEnd returns how many of the last tokens of ts name a city, or 0.
func (p places) cityAtEnd(ts []names.Token) int {
	if len(ts) == 0 {
		return 0
	}
	end := p.endOf(ts)
	if end == 0 {
		return 0
	}
	for k := min(maxPlaceWords, len(ts)); k >= 1; k-- {
		if p.hasEnding(ts[len(ts)-k:], end) {
			return k
		}
	}
	return 0
}

// regionCodeAfterCity reports whether ts[end-1] is a state's or
// province's postal code after a town the gazetteer knows (ts read from
// text): one written in capitals as a word of its own ("… Gainesville
// FL"), or, in a string written all in lower case ("… gainesville fl"),
// one of the town's country. In lower case most codes are also words
// ("or", "me"), which only a lower-case string's town tells apart.
func (p places) regionCodeAfterCity(ts []names.Token, end int, text string) bool {
	if end < 2 {
		return false
	}
	t := ts[end-1]
	if len(t.Surface) < 2 || len(t.Surface) > 3 {
		return false
	}
	var buf [3]byte
	code := buf[:len(t.Surface)]
	for i := range len(t.Surface) {
		c := t.Surface[i]
		if c < 'a' || c > 'z' {
			return false
		}
		code[i] = c - 'a' + 'A'
	}
	if !names.IsRegionCode(string(code)) {
		return false
	}
	k := p.cityAtEnd(ts[:end-1])
	if k == 0 {
		return false
	}
	if writesWord(text, string(code)) {
		return true
	}
	if strings.ToLower(text) != text {
		return false
	}
	key := tokenKey(ts[end-1-k : end-1])
	if c := p.m[key]; c != "" {
		return names.RegionCodeIn(string(code), c)
	}
	return slices.ContainsFunc(p.several[key], func(c string) bool { return names.RegionCodeIn(string(code), c) })
}

// writesWord reports whether text holds w as a word of its own: w, with
// no letter or digit written against it on either side.
func writesWord(text, w string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], w)
		if j < 0 {
			return false
		}
		j += i
		if (j == 0 || !isAlnum(text[j-1])) && (j+len(w) == len(text) || !isAlnum(text[j+len(w)])) {
			return true
		}
		i = j + 1
	}
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// isRegion reports whether ts, as written, name a state or province.
func isRegion(ts []names.Token) bool {
	if len(ts) > maxPlaceWords {
		return false
	}
	if len(ts) == 1 {
		return names.IsRegion(ts[0].Surface)
	}
	var buf [64]byte
	return names.IsRegion(string(appendJoined(buf[:0], ts, true)))
}

// endsRegion reports whether the written forms of ts joined by spaces
// end with the last word of a region's name (ts not empty).
func endsRegion(ts []names.Token) bool {
	return names.EndsRegion(lastWord(ts[len(ts)-1].Surface))
}

// lastWord returns what follows the last space in s.
func lastWord(s string) string {
	return s[strings.LastIndexByte(s, ' ')+1:]
}

// countryCode is names.CountryCode of the written forms of ts joined by
// spaces.
func countryCode(ts []names.Token) (string, bool) {
	if len(ts) == 1 {
		return names.CountryCode(ts[0].Surface)
	}
	var buf [64]byte
	return names.CountryCode(string(appendJoined(buf[:0], ts, true)))
}

func tokenKey(ts []names.Token) string {
	if len(ts) == 1 {
		return ts[0].Text
	}
	var b strings.Builder
	for i, t := range ts {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.Text)
	}
	return b.String()
}

// markPlaces gives the address role to the words of a party that only
// name a place: an organisation segment that is a city or a state and
// nothing else when another segment names the organisation ("…, Florida
// Coastal Univ., Seaport"), and a city, state or country written at the end of
// an organisation segment that is not itself a registered name ("Florida
// Coastal University Seaport", "Dunmore University Dunmore California",
// "The University of Northtown Northtown Japan", "… Seaport 100049 China" with
// the postcode; a state's postal code, a region of the registry's and a
// postcode of letters and digits too: "… Seaport FL", "… Pune Maharashtra
// India", "… Oxford OX1 3PU UK"). Those words then
// weigh as an address does, instead of as name words some other
// organisation ("University of Seaport") explains. A city the registry has
// in one country only adds that country to the party's evidence, as does a
// country's adjective opening a segment whose other words are a registry
// name ("Italian National Research Council").
func (p places) markPlaces(a *names.Affiliation, isName, beginsName func([]names.Token) bool) {
	named := countSegments(a, names.RoleName)
	for i := range a.Segments {
		s := &a.Segments[i]
		if len(s.Tokens) == 0 {
			continue
		}
		if s.Role == names.RoleAddress && !s.Tokens[0].Place {
			p.markPostcodeTown(a, s)
			continue
		}
		if s.Role != names.RoleName {
			continue
		}
		// Cheap lookups first; whether the words are a registered name
		// (which keeps them) is asked only of words that could be marked.
		if named > 1 && len(s.Tokens) <= maxPlaceWords && !acronymAmongWords(a, s) {
			city := p.has(s.Tokens)
			if (city || endsRegion(s.Tokens) && isRegion(s.Tokens)) && !(i > 0 && isName(slices.Concat(a.Segments[i-1].Tokens, s.Tokens))) && !(city && p.townFollows(a, i) && !slices.ContainsFunc(a.Segments[:i], isNameSegment) && isName(s.Tokens)) {
				s.Role = names.RoleAddress
				if city {
					p.setPlace(a, s.Tokens)
				} else {
					setRole(s.Tokens, names.RoleAddress)
				}
				named--
				continue
			}
		}
		if named > 1 && !acronymAmongWords(a, s) {
			if town := p.townAddress(s.Tokens, s.Text, i+1 < len(a.Segments) && a.Segments[i+1].Role == names.RoleCountry); town > 0 && !isName(s.Tokens) && !(i > 0 && isName(slices.Concat(a.Segments[i-1].Tokens, s.Tokens))) {
				// A town with its region, state or country after it
				// and nothing else ("…, Montreal Québec Canada",
				// "…, New York NY USA"): an address. A registry name
				// so read ("University of Iowa", University being a
				// town of Mississippi's) is a name.
				s.Role = names.RoleAddress
				p.setPlace(a, s.Tokens[:town])
				setRole(s.Tokens[town:], names.RoleAddress)
				named--
				continue
			}
		}
		if c, ok := demonymCountry(s.Tokens); ok && isName(s.Tokens[1:]) && !isName(s.Tokens) && !beginsName(s.Tokens) && !nameOpens(s.Tokens, isName) {
			// A country's adjective before a registry name it is no
			// word of ("Italian National Research Council"): it says
			// where, as "… of Italy" after the name does. Where the
			// adjective opens a registry name the words after it run
			// on from ("Lebanese American University Beirut"), it is
			// the name's.
			s.Tokens[0].Role = names.RoleAddress
			addCountries(a, c)
		}
		if len(s.Tokens) >= 2 && len(s.Tokens) <= maxPlaceWords+1 && isCapsAcronym(firstWord(s.Text)) && !allCapitals(s.Text) && p.has(s.Tokens[1:]) && !isName(s.Tokens) {
			// An acronym and its town ("ABCD Northtown"): the
			// organisation's letters, then where it is. In a segment
			// written all in capitals every word looks like an
			// acronym ("SANTA CRUZ").
			p.setPlace(a, s.Tokens[1:])
			continue
		}
		if n := len(s.Tokens); n >= 2 && n <= maxPlaceWords+1 && townBeforeAcronym(s, p.has, isName, beginsName) {
			// A town and then an acronym ("Northtown ABCD"): where, then
			// the organisation's letters, as in the order above.
			p.setPlace(a, s.Tokens[:n-1])
			continue
		}
		if k := p.townBeforeName(s, isName, beginsName); k > 0 {
			// A town and then a registry name ("Northtown Westvale
			// University of Finance"), as some authors write where
			// first.
			p.setPlace(a, s.Tokens[:k])
			continue
		}
		end, region := len(s.Tokens), 0
		country := ""
		// The tails asked below all end with one token: whether its last
		// word ends a country's or a region's name is asked once.
		for k, ends := min(2, end-2), end >= 3 && names.EndsCountry(lastWord(s.Tokens[end-1].Surface)); k >= 1 && ends; k-- {
			if c, ok := countryCode(s.Tokens[end-k:]); ok && (countryMayFollow(s.Tokens[:end-k]) || p.regionAfterCity(s.Tokens[:end-k]) > 0) {
				end, region, country = end-k, k, c
				break
			}
		}
		// A postcode written between the city and the country ("Beijing
		// 100049 China") is the address's too.
		end, region = postcodeEnd(s.Tokens, end, region, s.Text)
		for k, ends := min(maxPlaceWords, end-2), end >= 3 && endsRegion(s.Tokens[:end]); k >= 1 && ends; k-- {
			if tail, before := s.Tokens[end-k:end], s.Tokens[end-k-1]; isRegion(tail) && (placeHeads[before.Text] && !ofBefore(s, end-k) || p.cityAtEnd(s.Tokens[:end-k]) > 0) {
				end, region = end-k, region+k
				break
			}
		}
		if end >= 3 && end == len(s.Tokens)-region && p.regionCodeAfterCity(s.Tokens, end, s.Text) {
			// A state's postal code after a town the registry knows
			// ("… Gainesville FL", "… Sydney NSW 2006 Australia").
			end, region = end-1, region+1
		} else if end >= 3 && end == len(s.Tokens)-region {
			if k := p.regionAfterCity(s.Tokens[:end]); k > 0 && end-k >= 2 {
				// A region the registry's towns are in, after one of
				// them ("… Pune Maharashtra India"), perhaps after
				// the postcode ("… Bangalore 560012 Karnataka").
				end, region = postcodeEnd(s.Tokens, end-k, region+k, s.Text)
			}
		}
		city := 0
		var ending uint8 // the tails all end with one token: endOf is asked once
		if end >= 2 {
			ending = p.endOf(s.Tokens[:end])
		}
		if ending != 0 && end == len(s.Tokens) && endsWithAcronym(s.Text) {
			// "Maj Institute of Pharmacology PAS": an acronym, not a town.
			ending = 0
		}
		for k := min(maxPlaceWords, end-1); k >= 1 && ending != 0; k-- {
			tail, before := s.Tokens[end-k:end], s.Tokens[end-k-1]
			// One word before the town names the organisation only when
			// it is a registry name of one word of its own ("Osakidetza
			// Bilbao", not "Science and Commerce").
			if before.Role == names.RoleName && p.hasEnding(tail, ending) && (end-k >= 2 || !names.IsGeneric(before.Text) && isName(s.Tokens[:1])) {
				city = k
				break
			}
		}
		if city > 0 && (isName(ownWords(s.Tokens[:end])) || (end < len(s.Tokens) || writtenOut(s)) && nameEndsWithTown(s.Tokens[:end], city, isName) || nameRunsIntoTown(s.Tokens[:end], city, isName) || townAgainAfter(a, i, s.Tokens[end-city:end])) {
			// The city ends the organisation's registered name
			// ("University of X Los Angeles California USA"), also
			// after a unit's words the parser did not read as a unit's,
			// with the address after it ("Institute of Physics
			// University of Bremen Germany") or, when those words are
			// written out, without it ("Fisheries University College
			// Northtown"), or the
			// string writes it again as the address ("Tech. Univ.
			// Munchen, Munich"): only what follows it is the address.
			city = 0
		}
		if city == 0 && end < len(s.Tokens) && isPostcodeToken(s.Tokens[end]) && townBeforePostcode(s.Tokens[:end], isName, beginsName) {
			// A word between a registry name and a postcode (not a
			// region read after it) is the town, whether or not the
			// registry knows it ("Northvale University Eastport 38541").
			end--
		}
		if city == 0 && region == 0 {
			// A campus's or district's name after a registry name
			// ("University of Northvale Eastport", "… South Campus").
			if k := campusAfterName(s.Tokens, isName, beginsName); k > 0 && !joinedByStopword(s.Text, k) {
				setRole(s.Tokens[len(s.Tokens)-k:], names.RoleAddress)
				continue
			}
			// A town's campus after a registry name ("Westvale
			// University North Bay Campus").
			if k := p.townCampusAfterName(s.Tokens, isName); k > 0 {
				n := len(s.Tokens)
				p.setPlace(a, s.Tokens[n-1-k:n-1])
				s.Tokens[n-1].Role = names.RoleAddress
				continue
			}
		}
		if (region == 0 && city == 0) || isName(ownWords(s.Tokens)) || city > 0 && beginsName(ownWords(s.Tokens)) ||
			i > 0 && a.Segments[i-1].Role == names.RoleName && isName(slices.Concat(a.Segments[i-1].Tokens, s.Tokens)) {
			// No place, or the place ends the registered name the
			// organisation's words make after a unit's ("… School of
			// Medicine University of Pennsylvania"), or a town's name is
			// a word of the registered name they begin ("University of
			// North Carolina" of "… at Chapel Hill"), or the place ends
			// a registered name written with a comma, whose first part
			// is the segment before ("Federal Institute of Education,
			// Science and Technology of Westmarch").
			continue
		}
		setRole(s.Tokens[end:], names.RoleAddress)
		addCountries(a, country)
		if city > 0 {
			p.setPlace(a, s.Tokens[end-city:end])
			// A postcode written before the town ("University of X
			// 1090 Northtown", "… 128 43 Northtown") is the address's too.
			if j := postcodeBefore(s.Tokens[:end-city], s.Text); j > 0 {
				setRole(s.Tokens[j:end-city], names.RoleAddress)
			}
		}
	}
}

// townFollows reports whether the segment after a's segment i, past a
// street or post box ("…, 12 Main Street, Melbourne"), is a town of the
// gazetteer on its own: the string's address is there, and a registry
// name before it that no other name precedes is the organisation's,
// though a town is so named too ("Rio Tinto, Melbourne, Australia", a
// company named after a Portuguese town; "Department of X, Rio Tinto,
// Melbourne").
func (p places) townFollows(a *names.Affiliation, i int) bool {
	j := i + 1
	for j < len(a.Segments) && a.Segments[j].Role == names.RoleAddress && streetOrNumber(a.Segments[j].Tokens) {
		j++
	}
	if j >= len(a.Segments) {
		return false
	}
	n := &a.Segments[j]
	return n.Role == names.RoleName && len(n.Tokens) <= maxPlaceWords && p.has(n.Tokens)
}

// isNameSegment reports whether s is read as an organisation's name.
func isNameSegment(s names.Segment) bool { return s.Role == names.RoleName }

// nameOpens reports whether a registry name of two words or more, but
// not all of ts, opens ts.
func nameOpens(ts []names.Token, isName func([]names.Token) bool) bool {
	for k := 2; k < len(ts); k++ {
		if isName(ts[:k]) {
			return true
		}
	}
	return false
}

// writtenOut reports whether segment s writes every word out, with no
// abbreviation and no acronym opening it ("Fisheries University College
// Northtown", not "Tech. Univ. Northtown" or "ABCD University of
// Northtown", whose words before the name may be the name's own).
func writtenOut(s *names.Segment) bool {
	return !isCapsAcronym(firstWord(s.Text)) && !slices.ContainsFunc(s.Tokens, func(t names.Token) bool { return t.How != names.HowExact })
}

// nameEndsWithTown reports whether the last words of ts, the town's
// city words and one word before them at least, are a registry name with
// a head word ("University of Bremen" ending "Institute of Physics
// University of Bremen"), after other name words, and no registry name
// ends before the town ("Stanford University" in "… Stanford University
// Stanford", whose town is the address).
func nameEndsWithTown(ts []names.Token, city int, isName func([]names.Token) bool) bool {
	before := len(ts) - city
	if nameBeforeTown(ts, before, isName) >= 0 {
		return false
	}
	for j := 1; j < before; j++ {
		if ts[j-1].Role == names.RoleName && names.IsOrgHead(ts[j].Text) && allNames(ts[j:]) && isName(ts[j:]) {
			return true
		}
	}
	return false
}

// nameRunsIntoTown reports whether the first registry name that ends
// just before the town's city words, the last city words of ts, runs on
// into the town as a registry name too ("King's College London" after a
// unit's words, where "King's College" is another organisation's name).
func nameRunsIntoTown(ts []names.Token, city int, isName func([]names.Token) bool) bool {
	j := nameBeforeTown(ts, len(ts)-city, isName)
	return j >= 0 && allNames(ts[j:]) && isName(ts[j:])
}

// nameBeforeTown returns where the first registry name of two words or
// more, all name words, that ends at before (the town's first word)
// begins in ts, or -1.
func nameBeforeTown(ts []names.Token, before int, isName func([]names.Token) bool) int {
	for j := 0; j+2 <= before; j++ {
		if allNames(ts[j:before]) && isName(ts[j:before]) {
			return j
		}
	}
	return -1
}

// postcodeBefore returns the index in ts, read from text, of a postcode
// that ends them, one number of three digits or more perhaps followed by
// a second one ("128 43") or one of letters and digits (see
// lettersPostcode), after at least one other word, or 0.
func postcodeBefore(ts []names.Token, text string) int {
	if len(ts) > 2 && lettersPostcode(ts[len(ts)-2], ts[len(ts)-1], text) {
		return len(ts) - 2
	}
	j := len(ts)
	for j > 1 && len(ts)-j < 2 && len(ts[j-1].Text) >= 2 && names.IsDigits(ts[j-1].Text) {
		j--
	}
	if j == len(ts) || len(ts[j].Text) < 3 {
		return 0
	}
	return j
}

// townBeforePostcode reports whether the last of ts, the words before a
// postcode, is a town's: one word of letters, no common word of names,
// after at least two words that are a registry name without it and that
// with it neither are nor begin one.
func townBeforePostcode(ts []names.Token, isName, beginsName func([]names.Token) bool) bool {
	n := len(ts)
	if n < 3 {
		return false
	}
	t := ts[n-1]
	if t.Role != names.RoleName || !lettersOnly(t.Text) || names.IsGeneric(t.Text) {
		return false
	}
	return nameThenWords(ts, 1, isName, beginsName)
}

// nameThenWords reports whether ts, all name words, are a registry name
// and k words more, and neither are nor begin a registry name with them.
func nameThenWords(ts []names.Token, k int, isName, beginsName func([]names.Token) bool) bool {
	own := ownWords(ts)
	return len(own) == len(ts) && isName(own[:len(own)-k]) && !isName(own) && !beginsName(own)
}

// campusAfterName returns how many words at the end of ts name a campus
// or district after a university's or college's registry name of two
// words or more, not part of it: one word of four letters or more that
// is no common, head or laboratory word of names ("University of
// Northvale Eastport"), any word of letters and "campus" ("… South
// Campus"), or "campus" alone after any organisation's registry name; 0
// when ts are or begin a registry name with them.
func campusAfterName(ts []names.Token, isName, beginsName func([]names.Token) bool) int {
	n := len(ts)
	if n >= 3 && ts[n-1].Text == "campus" && ts[n-1].Role == names.RoleName && nameThenWords(ts, 1, isName, beginsName) {
		return 1 // "University of Northvale Campus", of any organisation
	}
	k := 1
	if n >= 4 && ts[n-1].Text == "campus" {
		k = 2
	}
	if n-k < 2 {
		return 0
	}
	t := ts[n-k]
	if t.Role != names.RoleName || len(t.Text) < 4 || !lettersOnly(t.Text) || k == 1 && (names.IsGeneric(t.Text) || names.IsOrgHead(t.Text) || names.EndsLab(t.Text)) {
		return 0
	}
	if !slices.ContainsFunc(ts[:n-k], func(w names.Token) bool { return w.Text == "university" || w.Text == "college" }) || !nameThenWords(ts, k, isName, beginsName) {
		return 0
	}
	return k
}

// townCampusAfterName returns how many words before a last "campus" are
// a registry town after a registry name, all of them name words
// ("Westvale University North Bay Campus"), or 0, also when the words are
// a registry name whole.
func (p places) townCampusAfterName(ts []names.Token, isName func([]names.Token) bool) int {
	n := len(ts)
	if n < 3 || ts[n-1].Text != "campus" || !allNames(ts) {
		return 0
	}
	k := p.cityAtEnd(ts[:n-1])
	if k == 0 || k == n-1 || !isName(ts[:n-1-k]) || isName(ts) {
		return 0
	}
	return k
}

// campusWords are the words that name a campus or a branch by the town
// written after them ("Campus Evanston", "Unidad Monterrey", "Sede
// Bogotá").
var campusWords = map[string]bool{"campus": true, "unidad": true, "sede": true}

// markCampusBeforeTown reads a campus's word between a registry name and
// the town the places reading found after it, in one segment without a
// comma ("Westvale University Campus Northtown"), as the address's, as
// the word is after a comma: read as the name's, it kept the organisation
// below the threshold.
func (r *Resolver) markCampusBeforeTown(a *names.Affiliation) {
	for i := range a.Segments {
		s := &a.Segments[i]
		ts := s.Tokens
		e := nameEnd(ts)
		if s.Role != names.RoleName || e < 2 || e == len(ts) || !campusWords[ts[e-1].Text] || !ts[e].Place {
			continue
		}
		if r.ix.IsName(ts[:e-1]) && !r.ix.IsName(ts[:e]) {
			ts[e-1].Role = names.RoleAddress
		}
	}
}

// ofBefore reports whether segment s writes a stopword just before its
// token k ("University of British Columbia"): a region so joined to an
// organisation's head word is its name's, not its address ("Dunmore
// University California").
func ofBefore(s *names.Segment, k int) bool {
	var buf [32]int
	if len(s.Tokens) > len(buf) {
		return false
	}
	words, ok := wordPositions(s.Text, s.Tokens, buf[:len(s.Tokens)])
	if !ok || buf[k] == 0 || k > 0 && buf[k]-1 == buf[k-1] {
		return false
	}
	return names.IsStopword(words[buf[k]-1])
}

// joinedByStopword reports whether the word written before the last k
// words of text is a stopword or "&" ("University of Tides and Currents"
// names one organisation, not a campus).
func joinedByStopword(text string, k int) bool {
	f := strings.Fields(text)
	if len(f) <= k {
		return false
	}
	w := names.Normalize(f[len(f)-k-1])
	return w == "" || names.IsStopword(w)
}

// demonymCountry returns the country whose adjective opens ts ("italian"
// for Italy), when two words at least follow it.
func demonymCountry(ts []names.Token) (string, bool) {
	if len(ts) < 3 {
		return "", false
	}
	t := ts[0]
	if t.Role != names.RoleName || !names.IsDemonym(t.Text) {
		return "", false
	}
	for _, w := range names.RelatedTo(t.Text) {
		if c, ok := names.CountryCode(w); ok {
			return c, true
		}
	}
	return "", false
}

// townAgainAfter reports whether a segment after segment i is the town
// written as town, word for word: the town that ends segment i then
// belongs to the name there, as the address is written apart.
func townAgainAfter(a *names.Affiliation, i int, town []names.Token) bool {
	for _, s := range a.Segments[i+1:] {
		if len(s.Tokens) == len(town) && slices.EqualFunc(s.Tokens, town, func(x, y names.Token) bool { return x.Text == y.Text }) {
			return true
		}
	}
	return false
}

// firstWord returns the text up to its first space.
func firstWord(text string) string {
	w, _, _ := strings.Cut(strings.TrimSpace(text), " ")
	return w
}

// acronymAmongWords reports whether segment s is written as an acronym
// in capitals ("PAS") while another segment of the party is not written
// in capitals: an organisation's acronym, not a town of the same letters.
func acronymAmongWords(a *names.Affiliation, s *names.Segment) bool {
	if !isCapsAcronym(s.Text) {
		return false
	}
	return slices.ContainsFunc(a.Segments, func(o names.Segment) bool { return !allCapitals(o.Text) })
}

// endsWithAcronym reports whether text, not written in capitals
// throughout, ends with a word that is ("… Pharmacology PAS").
func endsWithAcronym(text string) bool {
	i := strings.LastIndexByte(text, ' ')
	return i > 0 && isCapsAcronym(text[i+1:]) && !allCapitals(text[:i])
}

// allCapitals reports whether text has no lower-case letter: written in
// capitals throughout, where every word looks like an acronym.
func allCapitals(text string) bool { return strings.ToUpper(text) == text }

// countryMayFollow reports whether a country written after ts ends an
// address rather than an organisation's name: not when ts ends with
// another country, the two naming the organisation's partners
// ("Institute for Medical Research Israel–Canada").
func countryMayFollow(ts []names.Token) bool {
	_, ok := countryCode(ts[len(ts)-1:])
	return !ok
}

// setPlace gives ts the address role, marks them as a city's words and
// adds the city's country, if it has one, to the party's.
func (p places) setPlace(a *names.Affiliation, ts []names.Token) {
	for i := range ts {
		ts[i].Role, ts[i].Place = names.RoleAddress, true
	}
	if c := p.m[tokenKey(ts)]; c != "" && !slices.Contains(a.Countries, c) && !stateSaid(a) {
		a.Countries = append(a.Countries, c)
	}
}

// countryCodeAfterTown reads a last segment that is both a region's
// postal code and a country's ISO code as the country when a region of
// that country is written before it, or a town the registry knows there
// and not in the region's country (or, in the US, not in that state): a
// US state's ("…, Calgary, CA", "…, Vancouver, CA", as ORCID and other
// exports write the country; "DE", "IN"), or a Canadian province's or
// Australian state's ("…, Lima, PE": Prince Edward Island and Peru). The
// parser read the region, which put the party in its country.
func (r *Resolver) countryCodeAfterTown(a *names.Affiliation) {
	n := endBeforeAsides(a)
	if n < 2 || len(a.Countries) == 0 {
		return
	}
	last := &a.Segments[n-1]
	code := strings.TrimSpace(last.Text)
	if last.Role != names.RoleAddress || len(code) != 2 {
		return
	}
	home := a.Countries[0] // the region's country, as the parser read it
	if !names.RegionCodeIn(code, home) {
		return
	}
	c := names.ISOCountry(code)
	if c == "" || c == home || slices.ContainsFunc(a.Countries, func(o string) bool { return o != home && o != c }) {
		return // the only countries the party names are the region's and c
	}
	p := r.cities
	// "…, Waterloo, ON, CA", "…, Ontario N2L 3G1, CA": a province's code
	// or name before it (the parser drops "ON", a stopword) says the
	// country; so does a town of c's.
	if p.regionBefore(a.Raw, code, c) || slices.ContainsFunc(r.writtenTowns(a), func(key string) bool {
		in := p.countriesOf(key)
		return slices.Contains(in, c) && (!slices.Contains(in, home) || home == "us" && !p.maybeInState(key, code))
	}) {
		setSegmentRole(last, names.RoleCountry)
		a.Countries = []string{c}
	}
}

// stateCodeAfterTown reads a last segment the parser took for a country's
// ISO code that is also a US state's postal code ("MO" for Macao and
// Missouri, "IN", "GA") as the state when the town written before it is
// one the registry knows in that state and not in the code's country
// ("…, St Louis, MO"; the names package's own towns, such as Chicago,
// settle this in the parser): the party had been put in Macao, vetoing
// the organisation in St Louis. A town written like a country ("…,
// Lebanon, IL"), which the parser read as the country, is then read as
// the town.
func (r *Resolver) stateCodeAfterTown(a *names.Affiliation) {
	n := endBeforeAsides(a)
	if n < 2 || a.Segments[n-1].Role != names.RoleCountry {
		return
	}
	last, townSeg := &a.Segments[n-1], &a.Segments[n-2]
	town := townSeg.Tokens
	code := strings.TrimSuffix(strings.TrimSpace(last.Text), ".")
	if len(code) != 2 || !names.RegionCodeIn(code, "us") || len(town) == 0 || len(town) > maxPlaceWords {
		return
	}
	// The town may be written like a country ("Lebanon, IL"): the parser
	// read it as one too.
	townCountry := ""
	if townSeg.Role == names.RoleCountry {
		townCountry, _ = countryCode(town)
	}
	c := names.ISOCountry(code)
	if c == "" || slices.ContainsFunc(a.Countries, func(o string) bool { return o != c && o != townCountry }) || !r.cities.has(town) {
		return
	}
	key := tokenKey(town)
	if in := r.cities.countriesOf(key); !slices.Contains(in, "us") || slices.Contains(in, c) || !slices.Contains(r.cities.usStates[key], names.USStateName(code)) {
		return
	}
	setSegmentRole(last, names.RoleAddress)
	if townCountry != "" {
		setSegmentRole(townSeg, names.RoleAddress)
	}
	a.Countries = []string{"us"}
}

// endBeforeAsides returns how many of a's segments come before the
// parentheticals the parser puts after the others ("X (ABC), Northtown,
// MA" ends with "ABC"): the string's own last segment is the one before
// them.
func endBeforeAsides(a *names.Affiliation) int {
	n := len(a.Segments)
	if strings.IndexByte(a.Raw, '(') < 0 {
		return n // the common case: no parenthetical
	}
	for n > 1 && strings.Contains(a.Raw, "("+a.Segments[n-1].Text+")") {
		n--
	}
	return n
}

// regionBefore reports whether raw ends with a region of country c, by
// its postal code or by a name the registry's gazetteer gives it in c
// (its postcode's words left out), then code, as its last two
// comma-separated parts.
func (p places) regionBefore(raw, code, c string) bool {
	rest, ok := strings.CutSuffix(strings.TrimRight(raw, " ."), code)
	if !ok {
		return false
	}
	rest, ok = strings.CutSuffix(strings.TrimRight(rest, " "), ",")
	if !ok {
		return false
	}
	region := strings.TrimSpace(rest[strings.LastIndexByte(rest, ',')+1:])
	if names.RegionCodeIn(region, c) {
		return true
	}
	ts := slices.DeleteFunc(names.Tokenize(region), func(t names.Token) bool { return names.HasDigit(t.Text) })
	return len(ts) > 0 && p.regions[tokenKey(ts)] == c
}

// stateSaid reports whether party a writes a state's or province's code
// or name of a country it names ("Kenilworth, NJ 07033, USA"): the town is
// that state's, not a namesake the registry holds elsewhere.
func stateSaid(a *names.Affiliation) bool {
	return slices.ContainsFunc(a.Segments, func(s names.Segment) bool {
		if s.Role != names.RoleAddress {
			return false
		}
		code, _, _ := strings.Cut(strings.TrimSpace(s.Text), " ")
		code = strings.TrimSuffix(code, ".")
		return slices.ContainsFunc(a.Countries, func(c string) bool { return names.RegionCodeIn(code, c) }) || isRegion(s.Tokens)
	})
}

// setRole gives every token of ts role r.
func setRole(ts []names.Token, r names.Role) {
	for i := range ts {
		ts[i].Role = r
	}
}

// setSegmentRole gives segment s and every one of its tokens role r: a
// segment read again as a name, an address or a country is read so word
// by word too, as the screen weighs words by their own roles.
func setSegmentRole(s *names.Segment, r names.Role) {
	s.Role = r
	setRole(s.Tokens, r)
}

// placeHeads are canonical words that end an organisation's name, after
// which a state is the organisation's address rather than part of its
// name ("Dunmore University California").
var placeHeads = map[string]bool{
	"university": true, "institute": true, "college": true, "hospital": true, "academy": true,
	"polytechnic": true, "center": true, "laboratory": true, "school": true,
}

// postcodeEnd returns where a postcode ending ts[:end] begins, and
// region, the count of address tokens after end, grown by its tokens: a
// number of four digits or more, and one of two or three digits written
// before it ("305-8577"), after two tokens at least, or a postcode of
// letters and digits (see lettersPostcode) after three. Without one it
// returns end and region.
func postcodeEnd(ts []names.Token, end, region int, text string) (int, int) {
	n := end
	if end > 3 && lettersPostcode(ts[end-2], ts[end-1], text) {
		return end - 2, region + 2
	}
	for end > 2 && isPostcodeToken(ts[end-1]) {
		end--
	}
	if end < n && end > 2 && len(ts[end-1].Text) <= 3 && len(ts[end-1].Text) >= 2 && names.IsDigits(ts[end-1].Text) {
		end--
	}
	return end, region + n - end
}

// lettersPostcode reports whether a and b, read from text, are a
// postcode of letters and digits: the United Kingdom's ("OX1 3PU", "SW1A
// 2AA"), Canada's ("H3A 0G4") or the Netherlands' ("2628 CD", its
// letters written in capitals).
func lettersPostcode(a, b names.Token, text string) bool {
	x, y := a.Text, b.Text
	switch {
	case len(y) == 3 && isDigit(y[0]) && isLetter(y[1]) && isLetter(y[2]): // the UK's inward code
		// The outward code: one or two letters, a digit, perhaps a
		// letter or digit.
		i := 0
		for i < len(x) && i < 2 && isLetter(x[i]) {
			i++
		}
		return i > 0 && i < len(x) && isDigit(x[i]) && len(x)-i <= 2 && (len(x)-i == 1 || isLetter(x[i+1]) || isDigit(x[i+1]))
	case len(x) == 3 && len(y) == 3:
		return isLetter(x[0]) && isDigit(x[1]) && isLetter(x[2]) && isDigit(y[0]) && isLetter(y[1]) && isDigit(y[2])
	case len(x) == 4 && len(y) == 2 && names.IsDigits(x) && isLetter(y[0]) && isLetter(y[1]):
		return writesWord(text, strings.ToUpper(y))
	}
	return false
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c >= 'a' && c <= 'z' }

// isPostcodeToken reports whether t is written as a postcode: four or
// more digits.
func isPostcodeToken(t names.Token) bool {
	return len(t.Text) >= 4 && names.IsDigits(t.Text)
}

// postcodeAfter reports whether the last of ts is a postcode (see
// isPostcodeToken) after words that hold no number, the last of them no
// French research unit's code ("UMR 5119", "EA 3196", "UPR 2301"), whose
// number names the unit: the registry holds some of the codes as other
// organisations' acronyms.
func postcodeAfter(ts []names.Token) bool {
	n := len(ts) - 1
	return n >= 1 && isPostcodeToken(ts[n]) && !unitCodes[ts[n-1].Text] && !slices.ContainsFunc(ts[:n], func(t names.Token) bool { return names.HasDigit(t.Text) })
}

// addCountries adds to a's countries those of cs it does not hold yet
// ("" for none).
func addCountries(a *names.Affiliation, cs ...string) {
	for _, c := range cs {
		if c != "" && !slices.Contains(a.Countries, c) {
			a.Countries = append(a.Countries, c)
		}
	}
}

// unitCodes are the codes French research units are numbered under
// (unités mixtes, propres, de service, équipes d'accueil, fédérations,
// Inserm's and INRAE's units, clinical investigation centres),
// normalised.
var unitCodes = map[string]bool{
	"umr": true, "upr": true, "ums": true, "usr": true, "uar": true, "fre": true, "erl": true, "ea": true, "je": true,
	"ifr": true, "sfr": true, "fr": true, "gdr": true, "ur": true, "ura": true, "umi": true, "irl": true, "u": true, "us": true,
	"umrs": true, "urp": true, "uru": true, "umrd": true, "umre": true, "usc": true, "cic": true,
}

// ownWords returns the tokens of ts that have the name role: ts itself
// when they all have it, as they mostly do (the caller only reads them).
func ownWords(ts []names.Token) []names.Token {
	all := true
	for i := range ts {
		all = all && ts[i].Role == names.RoleName
	}
	if all {
		return ts
	}
	var out []names.Token
	for _, t := range ts {
		if t.Role == names.RoleName {
			out = append(out, t)
		}
	}
	return out
}

// countriesOf returns the countries of the town whose tokenKey is k: one,
// several when the registry has the town in several, or none when it is
// no town it knows.
func (p places) countriesOf(k string) []string {
	if c, ok := p.m[k]; !ok {
		return nil
	} else if c != "" {
		return []string{c}
	}
	return p.several[k]
}

// townElsewhere reports whether the party writes a town the registry has
// only in countries m is not in ("ABCD, Northtown" for an ABCD abroad,
// when Northtown is in two countries neither of which is m's, so the
// party names no country). A town's name that is the very acronym m is
// matched by, written in capitals as a segment of its own ("ABCD", also
// a town abroad), is m's name, not a town; written as a town's name
// ("Abcd") it stays the town.
func (r *Resolver) townElsewhere(m match.Match, a *names.Affiliation) bool {
	if len(m.Countries) == 0 {
		return false
	}
	for _, k := range r.writtenTowns(a) {
		if cs := r.cities.countriesOf(k); len(cs) > 0 && !slices.ContainsFunc(m.Countries, func(c string) bool { return slices.Contains(cs, c) }) {
			if k == names.Normalize(m.MatchedName) && acronymSegment(a, m.MatchedName) {
				continue
			}
			return true
		}
	}
	return false
}

// writtenTowns returns the gazetteer keys of the towns the party writes:
// those the parser found, and address segments that are a town's name.
func (r *Resolver) writtenTowns(a *names.Affiliation) []string {
	var out []string
	for i, s := range a.Segments {
		// A town after the name, kept as a name's segment as a
		// registry name runs on into it ("X School, Northtown" for X's
		// "X School, Northtown"), is written too.
		if (s.Role == names.RoleAddress || s.Role == names.RoleName && i > 0) && len(s.Tokens) > 0 && len(s.Tokens) <= maxPlaceWords && r.cities.has(s.Tokens) {
			out = append(out, tokenKey(s.Tokens))
			continue
		}
		out = placeRuns(s, out)
	}
	return out
}

// placeRuns appends to out the towns segment s writes as runs of words
// read as a place, each as the gazetteer keys it.
func placeRuns(s names.Segment, out []string) []string {
	var run []names.Token
	for i, t := range s.Tokens {
		if t.Place {
			run = append(run, t)
		}
		if len(run) > 0 && (!t.Place || i == len(s.Tokens)-1) {
			out = append(out, tokenKey(run))
			run = run[:0]
		}
	}
	return out
}

// townsByName returns the towns the party writes with its organisation's
// name: within the name's segment ("University of Westland at
// Northtown") or just after it ("Federal College of Tides, Northtown").
// A town written after another organisation's name, which the parser
// gives every party of a string that writes it once at the end, is not
// among them.
func (r *Resolver) townsByName(a *names.Affiliation) []string {
	var out []string
	for i, s := range a.Segments {
		if s.Role != names.RoleName {
			continue
		}
		out = placeRuns(s, out)
		if i+1 < len(a.Segments) {
			next := a.Segments[i+1]
			if next.Role == names.RoleAddress && len(next.Tokens) > 0 && len(next.Tokens) <= maxPlaceWords && r.cities.has(next.Tokens) && writtenRightAfter(a.Raw, s.Text, next.Text) {
				out = append(out, tokenKey(next.Tokens))
			}
		}
	}
	return out
}

// writtenRightAfter reports whether raw writes second right after first,
// with only spaces and punctuation between.
func writtenRightAfter(raw, first, second string) bool {
	k := strings.Index(raw, first)
	if k < 0 {
		return false
	}
	return strings.HasPrefix(strings.TrimLeft(raw[k+len(first):], " ,;-–—"), second)
}

// townBeforeAcronym reports whether name segment s is a town and then an
// acronym in capitals the registry knows ("Northtown ABCD"), the words
// together being no registry name nor its start: not a state's postal
// code ("Northtown WA") nor a country ("Northtown USA").
func townBeforeAcronym(s *names.Segment, town, isName, beginsName func([]names.Token) bool) bool {
	n := len(s.Tokens)
	acr := lastWord(s.Text)
	if !writtenAcronym(acr, s.Tokens[n-1]) || names.IsRegionCode(acr) {
		return false
	}
	if _, ok := countryCode(s.Tokens[n-1:]); ok {
		return false
	}
	return town(s.Tokens[:n-1]) && isName(s.Tokens[n-1:]) && !isName(s.Tokens) && !beginsName(s.Tokens)
}

// townBeforeName returns how many words opening segment s, all name
// words, are a registry town before a registry name of two words or more
// written whole, with a word of its own, or 0: not when the words are, or
// begin, a registry name with the town, nor when the town and the next
// word begin one ("Northtown University of Westvale" beside a "Northtown
// University"). A name of common words only ("University of Technology")
// is the town's own name's rest, not another's; nor is one a hyphen joins
// to the town ("Northtown-Westvale University" is one name).
func (p places) townBeforeName(s *names.Segment, isName, beginsName func([]names.Token) bool) int {
	ts := s.Tokens
	n := len(ts)
	if n < 3 || !allNames(ts) {
		return 0
	}
	for k := min(maxPlaceWords, n-2); k >= 1; k-- {
		if !p.has(ts[:k]) || !ownWord(ts[k:]) || !isName(ts[k:]) {
			continue
		}
		if isName(ts) || beginsName(ts) || isName(ts[:k+1]) || beginsName(ts[:k+1]) || tokenCut(s.Text, k) < 0 {
			return 0
		}
		return k
	}
	return 0
}

// markPostcodeTown marks as a town's the words of an address segment
// (not empty) that are a town the registry knows written with its
// postcode before or after it ("53115 Northtown", "D-6500 Northtown",
// "Northtown 53115", "Northtown OX1 3PU"), or after a street's words or
// before a state's code and postcode ("Main Street Northtown 94720",
// "Northtown CA 94720"), or after a campus's word ("Campus Northtown"),
// as a town written alone is: they then say where, as such a town does.
func (p places) markPostcodeTown(a *names.Affiliation, s *names.Segment) {
	ts := s.Tokens
	if campusWords[ts[0].Text] && len(ts) >= 2 && len(ts) <= maxPlaceWords+1 && p.has(ts[1:]) {
		p.setPlace(a, ts[1:]) // "Campus Northtown"
		return
	}
	from, to := 0, len(ts)
	if len(ts[0].Text) <= 2 && !names.IsDigits(ts[0].Text) && len(ts) > 1 && isPostcodeToken(ts[1]) {
		from++ // a country's letters before the postcode ("D-", "CH-")
	}
	if isPostcodeToken(ts[from]) {
		from++
	} else {
		from = 0
		if to >= 3 && lettersPostcode(ts[to-2], ts[to-1], s.Text) {
			to -= 2 // "Northtown OX1 3PU"
		}
		for to > from && isPostcodeToken(ts[to-1]) {
			to--
		}
		end := postalEnd(ts, to)
		if end < len(ts) && end >= 2 && stateCodeWritten(ts[end-1], s.Text) {
			// "Northtown CA 94720", perhaps after a street's words.
			if k := p.cityAtEnd(ts[:end-1]); k > 0 {
				p.setPlace(a, ts[end-1-k:end-1])
			}
			return
		}
		if end < len(ts) && slices.ContainsFunc(ts[:end], func(t names.Token) bool { return names.IsStreetWord(t.Surface) }) {
			// "Main Street Northtown 94720": the town before the postcode.
			if k := p.cityAtEnd(ts[:end]); k > 0 && k < end {
				p.setPlace(a, ts[end-k:end])
			}
			return
		}
	}
	if from == 0 && to == len(ts) || to-from < 1 || to-from > maxPlaceWords || !p.has(ts[from:to]) {
		return
	}
	p.setPlace(a, ts[from:to])
}

// postalEnd returns where the words before a postcode end in ts, read up
// to to (the postcodes already cut off there) or, when nothing was, with a
// country and then a postcode cut off its end ("… 94025 USA").
func postalEnd(ts []names.Token, to int) int {
	if to < len(ts) {
		return to
	}
	end := to
	for k := min(2, end-1); k >= 1; k-- {
		if _, ok := countryCode(ts[end-k : end]); ok {
			end -= k
			break
		}
	}
	if end == to || end == 0 || !isPostcodeToken(ts[end-1]) {
		return to
	}
	for end > 0 && isPostcodeToken(ts[end-1]) {
		end--
	}
	return end
}

// stateCodeWritten reports whether token t is a state's or province's
// postal code, written in capitals in text ("CA", not "ca").
func stateCodeWritten(t names.Token, text string) bool {
	code := strings.ToUpper(t.Surface)
	return len(code) <= 3 && names.IsRegionCode(code) && writesWord(text, code)
}

// regionsAfterTown reads as the address a name segment that is a region
// of the registry's gazetteer, in the party's country, written between a
// town and the country, either perhaps with its postcode (in the town's
// segment, the region's or one of its own), or after the
// town at the end ("…, Northtown, Provence-Alpes-Côte d'Azur, France",
// "…, Hefei 230026, Anhui, China", "…, Pune, Maharashtra 411008, India",
// "…, Munich, Bavaria"): the parser, which knows few regions outside the
// US, read it as an organisation's name, and an organisation named after
// the region (a research centre's regional branch, a provincial
// university) was chosen for the address. A region of one generic word
// ("Centre") stays, as does one that is itself a registry name when no
// organisation or unit is named before the town.
func (p places) regionsAfterTown(a *names.Affiliation, isName func([]names.Token) bool) {
	for i := 1; i < len(a.Segments); i++ {
		s := &a.Segments[i]
		if s.Role != names.RoleName || a.Segments[i-1].Role != names.RoleAddress {
			continue
		}
		ts := s.Tokens
		for len(ts) > 1 && isPostcodeToken(ts[len(ts)-1]) {
			ts = ts[:len(ts)-1] // the region's postcode after it ("…, Pune, Maharashtra 411008, India")
		}
		town := i - 1
		for town > 0 && a.Segments[town].Role == names.RoleAddress && postcodesOnly(a.Segments[town].Tokens) {
			town-- // the town's postcode, set apart before it ("…, Pune - 411008, Maharashtra")
		}
		if t := a.Segments[town]; len(ts) == 0 || len(ts) > maxRegionWords || t.Role != names.RoleAddress || !p.has(t.Tokens) && !placeMarked(t.Tokens) {
			continue
		}
		next := i + 1
		for next < len(a.Segments) && a.Segments[next].Role == names.RoleAddress && postcodesOnly(a.Segments[next].Tokens) {
			next++ // its postcode, set apart
		}
		if next < len(a.Segments) && a.Segments[next].Role != names.RoleCountry {
			continue // a name goes on after it ("…, Northtown, North-West, University of X")
		}
		c, ok := p.regions[tokenKey(ts)]
		if !ok || len(ts) == 1 && names.IsGeneric(ts[0].Text) || c != "" && len(a.Countries) > 0 && !slices.Contains(a.Countries, c) || isName(ts) && !nameOrUnitAmong(a.Segments[:town]) {
			continue
		}
		setSegmentRole(s, names.RoleAddress)
	}
}

// postcodesOnly reports whether every one of ts is a postcode.
func postcodesOnly(ts []names.Token) bool {
	return !slices.ContainsFunc(ts, func(t names.Token) bool { return !isPostcodeToken(t) })
}

// placeMarked reports whether one of ts is marked as a town's word (a
// town written with its postcode, "Northtown 230026").
func placeMarked(ts []names.Token) bool {
	return slices.ContainsFunc(ts, func(t names.Token) bool { return t.Place })
}

// nameOrUnitAmong reports whether one of segs names an organisation or a
// unit of one.
func nameOrUnitAmong(segs []names.Segment) bool {
	return slices.ContainsFunc(segs, func(s names.Segment) bool { return s.Role == names.RoleName || s.Role == names.RoleDept })
}

// townRegions adds to a party that names no country the countries of the
// registry's towns that an address segment of it, read as a state or
// province, is also named ("New Brunswick", New Jersey's town and
// Canada's province): the parser reads such a segment as the region and
// its country alone, which would veto an organisation in the town. After
// a town the segment is the town's region.
func (p places) townRegions(a *names.Affiliation) {
	if slices.ContainsFunc(a.Segments, func(s names.Segment) bool { return s.Role == names.RoleCountry }) {
		return
	}
	for i, s := range a.Segments {
		if s.Role != names.RoleAddress || !isRegion(s.Tokens) {
			continue
		}
		if slices.ContainsFunc(a.Segments[:i], func(t names.Segment) bool { return t.Role == names.RoleAddress && p.has(t.Tokens) }) {
			continue // a town before it: the region it is in ("Fredericton, New Brunswick")
		}
		key := tokenKey(s.Tokens)
		town, ok := p.m[key]
		if !ok {
			continue
		}
		addCountries(a, town)
		addCountries(a, p.several[key]...)
	}
}

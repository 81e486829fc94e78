package resolve

import (
	"slices"
	"strings"

	"github.com/collabcheck/collabcheck/internal/names"
)

// places is a gazetteer of the cities the registry's organisations are
// in, as canonical token texts joined by spaces. The parser knows only a
// short list of common cities; the registry knows the cities of every
// organisation it holds, which is where affiliations name theirs.
type places map[string]bool

// maxPlaceWords is the most words a city name in the gazetteer has.
const maxPlaceWords = 3

func (p places) add(city string) {
	ts := names.Tokenize(city)
	if len(ts) == 0 || len(ts) > maxPlaceWords {
		return
	}
	p[tokenKey(ts)] = true
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

// placeHeads are canonical words that end an organisation's name, after
// which a city is the organisation's address rather than part of its name
// ("Florida International University Miami").
var placeHeads = map[string]bool{
	"university": true, "institute": true, "college": true, "hospital": true, "academy": true,
	"polytechnic": true, "center": true, "laboratory": true, "school": true,
}

// markPlaces gives the address role to the words of a party that only
// name a city: an organisation segment that is a city and nothing else
// when another segment names the organisation ("…, Florida Int. Univ.,
// Miami"), and a city written after the end of an organisation's name in
// the same segment ("National Taiwan University Taipei"). Those words
// then weigh as an address does, instead of as name words some other
// organisation ("University of Miami") explains.
func (p places) markPlaces(a *names.Affiliation, isName func([]names.Token) bool) {
	named := 0
	for _, s := range a.Segments {
		if s.Role == names.RoleName {
			named++
		}
	}
	for i := range a.Segments {
		s := &a.Segments[i]
		if s.Role != names.RoleName || len(s.Tokens) == 0 {
			continue
		}
		if named > 1 && len(s.Tokens) <= maxPlaceWords && p[tokenKey(s.Tokens)] && !(i > 0 && isName(slices.Concat(a.Segments[i-1].Tokens, s.Tokens))) {
			s.Role = names.RoleAddress
			setPlace(s.Tokens)
			named--
			continue
		}
		if isName(s.Tokens) {
			continue
		}
		for k := min(maxPlaceWords, len(s.Tokens)-2); k >= 1; k-- {
			tail, before := s.Tokens[len(s.Tokens)-k:], s.Tokens[len(s.Tokens)-k-1]
			if before.Role != names.RoleName || !p[tokenKey(tail)] {
				continue
			}
			if placeHeads[before.Text] || before.Text == tail[len(tail)-1].Text {
				setPlace(tail)
				break
			}
		}
	}
}

// setPlace gives ts the address role and marks them as a city's words.
func setPlace(ts []names.Token) {
	for i := range ts {
		ts[i].Role, ts[i].Place = names.RoleAddress, true
	}
}

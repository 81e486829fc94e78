package sources

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// builder accumulates one entity, dropping empty values and exact
// repeats so readers can add generously from overlapping fields.
type builder struct {
	e     watchlist.Entity
	names map[string]bool
	ctry  map[string]bool
	ids   map[watchlist.Identifier]bool
	addrs map[watchlist.Address]bool
	rels  map[watchlist.Relation]bool
	mems  map[watchlist.Membership]bool
}

func newBuilder(sourceID string, kind watchlist.Kind) *builder {
	return &builder{e: watchlist.Entity{SourceID: strings.TrimSpace(sourceID), Kind: kind}}
}

// clean trims a value and collapses internal runs of white space (line
// breaks inside CSV cells and XML text) to one space.
func clean(s string) string {
	s = strings.TrimSpace(s)
	if !strings.Contains(s, "  ") && strings.IndexFunc(s, func(r rune) bool { return r != ' ' && unicode.IsSpace(r) }) < 0 {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// name adds a name; lang "" means guess it from the script. The first
// occurrence of a spelling wins, so a primary name is never demoted by a
// later alias with the same value.
func (b *builder) name(value string, kind watchlist.NameKind, lang string) {
	value = clean(value)
	if value == "" {
		return
	}
	if b.names == nil {
		b.names = make(map[string]bool)
	}
	if b.names[value] {
		return
	}
	b.names[value] = true
	if lang == "" {
		lang = scriptLang(value)
	}
	n := watchlist.Name{Value: value, Lang: lang, Kind: kind}
	if kind == watchlist.NamePrimary {
		// Keep primary names first: PrimaryName and display rely on it.
		i := 0
		for i < len(b.e.Names) && b.e.Names[i].Kind == watchlist.NamePrimary {
			i++
		}
		b.e.Names = append(b.e.Names, watchlist.Name{})
		copy(b.e.Names[i+1:], b.e.Names[i:])
		b.e.Names[i] = n
		return
	}
	b.e.Names = append(b.e.Names, n)
}

// alias adds an alias, as an acronym when it looks like one.
func (b *builder) alias(value string) {
	value = clean(value)
	if isAcronym(value) {
		b.name(value, watchlist.NameAcronym, "")
		return
	}
	b.name(value, watchlist.NameAlias, "")
}

func (b *builder) hasNames() bool { return len(b.e.Names) > 0 }

// country adds an ISO alpha-2 code (already lower case).
func (b *builder) country(code string) {
	code = strings.ToLower(strings.TrimSpace(code))
	if code == "" {
		return
	}
	if b.ctry == nil {
		b.ctry = make(map[string]bool)
	}
	if !b.ctry[code] {
		b.ctry[code] = true
		b.e.Countries = append(b.e.Countries, code)
	}
}

// countryName adds the country a name or code denotes, if it is known.
func (b *builder) countryName(name string) {
	b.country(countryCode(name))
}

func (b *builder) attr(key, value string) {
	value = clean(value)
	if value == "" {
		return
	}
	if b.e.Attributes == nil {
		b.e.Attributes = make(map[string][]string)
	}
	for _, v := range b.e.Attributes[key] {
		if v == value {
			return
		}
	}
	b.e.Attributes[key] = append(b.e.Attributes[key], value)
}

func (b *builder) remark(s string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return
	}
	for _, r := range b.e.Remarks {
		if r == s {
			return
		}
	}
	b.e.Remarks = append(b.e.Remarks, s)
}

func (b *builder) identifier(scheme, value string) {
	id := watchlist.Identifier{Scheme: clean(scheme), Value: clean(value)}
	if id.Value == "" {
		return
	}
	if b.ids == nil {
		b.ids = make(map[watchlist.Identifier]bool)
	}
	if !b.ids[id] {
		b.ids[id] = true
		b.e.Identifiers = append(b.e.Identifiers, id)
	}
}

func (b *builder) address(a watchlist.Address) {
	a.Text, a.City, a.Country = clean(a.Text), clean(a.City), strings.ToLower(clean(a.Country))
	if a.Text == "" && a.City == "" && a.Country == "" {
		return
	}
	if b.addrs == nil {
		b.addrs = make(map[watchlist.Address]bool)
	}
	if !b.addrs[a] {
		b.addrs[a] = true
		b.e.Addresses = append(b.e.Addresses, a)
	}
	b.country(a.Country)
}

func (b *builder) membership(m watchlist.Membership) {
	m.List, m.Program, m.ListedOn, m.SourceURL = clean(m.List), clean(m.Program), clean(m.ListedOn), clean(m.SourceURL)
	m.Reason = strings.TrimSpace(m.Reason)
	if b.mems == nil {
		b.mems = make(map[watchlist.Membership]bool)
	}
	if !b.mems[m] {
		b.mems[m] = true
		b.e.Memberships = append(b.e.Memberships, m)
	}
}

func (b *builder) relation(r watchlist.Relation) {
	r.Target, r.TargetName, r.Role = strings.TrimSpace(r.Target), clean(r.TargetName), clean(r.Role)
	if r.Target == "" && r.TargetName == "" {
		return
	}
	if b.rels == nil {
		b.rels = make(map[watchlist.Relation]bool)
	}
	if !b.rels[r] {
		b.rels[r] = true
		b.e.Relations = append(b.e.Relations, r)
	}
}

// isAcronym reports whether an alias reads as an acronym: one token of 2
// to 8 characters with no lower-case letters and at least two upper-case
// letters ("AMS", "CETC", "NUDT", "S-SEA"). Acronyms are weak evidence for
// matching, so the test is deliberately narrow.
func isAcronym(s string) bool {
	n := utf8.RuneCountInString(s)
	if n < 2 || n > 8 {
		return false
	}
	upper := 0
	for _, r := range s {
		switch {
		case unicode.IsUpper(r):
			upper++
		case unicode.IsDigit(r), r == '&', r == '-', r == '.', r == '/':
		default:
			return false
		}
	}
	return upper >= 2
}

// stableID derives a record id from its content for sources that give
// none: "h" and the first 16 hex digits of the SHA-256 of the parts joined
// with NUL. It survives reordering of the file, unlike a row number.
func stableID(parts ...string) string {
	h := sha256.New()
	for i, p := range parts {
		if i > 0 {
			h.Write([]byte{0})
		}
		h.Write([]byte(p))
	}
	return "h" + hex.EncodeToString(h.Sum(nil))[:16]
}

// splitMulti splits a multi-valued cell on sep, trimming parts and
// dropping empty ones.
func splitMulti(s, sep string) []string {
	if sep == "" {
		if t := strings.TrimSpace(s); t != "" {
			return []string{t}
		}
		return nil
	}
	var out []string
	for _, p := range strings.Split(s, sep) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// snakeKey turns a source's field label into an attribute key:
// "Supervising agencies" gives "supervising_agencies".
func snakeKey(s string) string {
	var b strings.Builder
	us := false
	for _, r := range strings.TrimSpace(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if us && b.Len() > 0 {
				b.WriteByte('_')
			}
			us = false
			b.WriteRune(unicode.ToLower(r))
		} else {
			us = true
		}
	}
	return b.String()
}

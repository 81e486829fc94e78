package resolve

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/collabcheck/collabcheck/internal/match"
	"github.com/collabcheck/collabcheck/internal/names"
	"github.com/collabcheck/collabcheck/internal/registry"
)

// Systems of institutions ("University of Westmarch System"): authors
// name one of the system's institutions, and write the system's name
// without "System" for its flagship.

// unwrittenSystem reports whether m is a system of institutions (one
// whose registry name says "System" and whose parts the registry lists)
// that the string names without writing "system" ("University of X" for
// "University of X System"): authors work at one of its institutions, and
// the string does not say which. A name of the system's own that the
// string writes with words none of the other candidates ms explains
// ("X University Medical Center" for "X University Healthcare System",
// beside "X University") does say which.
func (r *Resolver) unwrittenSystem(m match.Match, a *names.Affiliation, ms []match.Match) bool {
	info := r.orgs[m.SourceID]
	if info == nil || len(info.parts) == 0 || !slices.Contains(strings.Fields(names.Normalize(info.name)), "system") {
		return false
	}
	if hasCJK(m.MatchedName) {
		// A name in Chinese, Japanese or Korean script ("연세대학교 의료원")
		// says which organisation it is in its own words.
		return false
	}
	if len(ms) > 1 {
		own := alignedWords(m)
		for _, o := range ms {
			if o.SourceID != m.SourceID {
				own = slices.DeleteFunc(own, alignedWords(o).has)
			}
		}
		if len(own) > 0 {
			return false
		}
	}
	return !slices.ContainsFunc(a.Tokens(), func(t names.Token) bool { return t.Text == "system" })
}

// flagship returns the institution of system m that authors mean by the
// system's name without "System" ("University of Westmarch" for the
// Westmarch–Northtown campus of the University of Westmarch System): of
// the parts whose names begin with that name, the one the registry
// relates to far more records than any other (see prominenceRatio).
func (r *Resolver) flagship(m match.Match) (match.Match, bool) {
	info := r.orgs[m.SourceID]
	if info == nil {
		return match.Match{}, false
	}
	lead := strings.TrimSpace(strings.TrimSuffix(names.Normalize(info.name), " system"))
	best, top, second := "", -1, 0
	for _, id := range info.parts {
		p := r.orgs[id]
		if p == nil || !p.active || !strings.HasPrefix(names.Normalize(p.name), lead+" ") {
			continue
		}
		switch {
		case p.prominence > top:
			best, top, second = id, p.prominence, max(top, 0)
		case p.prominence > second:
			second = p.prominence
		}
	}
	if best == "" || top < prominenceRatio*(second+1) {
		return match.Match{}, false
	}
	b := r.orgs[best]
	return match.Match{
		List: m.List, SourceID: best, Name: b.name, MatchedName: m.MatchedName, Score: m.Score, Match: true,
		Explanation: append(slices.Clip(m.Explanation), match.Evidence{How: "flagship", Note: b.name, Weight: m.Score}),
	}, true
}

// bySystemName reports whether m fits by the name of a university system
// without "System" that New gives it (see unwrittenSystemNames): written
// beside one of the system's institutions ("California State University,
// Eastbay"), those words are that institution's name, not the system's.
func (r *Resolver) bySystemName(m match.Match) bool {
	info := r.orgs[m.SourceID]
	return info != nil && info.systemName != "" && m.MatchedName == info.systemName
}

// unwrittenSystemNames returns, for each teaching institution whose
// display name ends "System" ("University of Westmarch System"), its name
// without that word, when no organisation has it as a name of its own:
// authors write "University of Westmarch" for one of the system's
// institutions, which pick then reads (see unwrittenSystem and
// flagship), where the screen alone would take a namesake ("Westmarch
// State University") for the nearest name. A name another organisation
// holds ("X University" beside "X University System") is left to it.
func unwrittenSystemNames(orgs []registry.Org) map[string]string {
	out := map[string]string{}
	var derived derivedNames
	for i := range orgs {
		o := &orgs[i]
		if d := o.DisplayName(); slices.Contains(o.Types, "education") && strings.HasSuffix(d, " System") {
			out[o.ID] = strings.TrimSuffix(d, " System")
			derived.add(out[o.ID])
		}
	}
	if len(out) == 0 {
		return out
	}
	derived.markTaken(orgs)
	for id, n := range out {
		if derived.taken(n) {
			delete(out, id)
		}
	}
	return out
}

// acronymLedNames returns, for each organisation with a registry name
// that opens with one of its own acronyms ("WXYZ Northtown University of
// Applied Sciences", "ABC - Northtown Institute of Tides"), that name
// without the acronym, when it still names the organisation alone (see
// namedAlone) and no organisation has it as a name: authors write the
// name without the acronym, which would otherwise weigh against the
// organisation as an unwritten rare word.
func acronymLedNames(orgs []registry.Org) map[string][]string {
	towns, seen := map[string]bool{}, map[string]bool{}
	for i := range orgs {
		if c := orgs[i].City; c != "" && !seen[c] {
			seen[c] = true // thousands of organisations share a town
			towns[names.Normalize(c)] = true
		}
	}
	out := map[string][]string{}
	var derived derivedNames
	for i := range orgs {
		o := &orgs[i]
		var acronyms []string
		for _, n := range o.Names {
			if n.Has(registry.NameAcronym) {
				acronyms = append(acronyms, n.Value)
			}
		}
		for _, n := range o.Names {
			if n.Has(registry.NameAcronym) {
				continue
			}
			first, rest, ok := strings.Cut(n.Value, " ")
			if !ok || !slices.Contains(acronyms, first) {
				continue
			}
			rest = strings.TrimLeft(rest, "-–—: ")
			if i := strings.IndexByte(rest, '('); i >= 0 {
				rest = strings.TrimSpace(rest[:i]) // "(Country)" the registry adds
			}
			if namedAlone(rest, towns) && !slices.Contains(out[o.ID], rest) {
				out[o.ID] = append(out[o.ID], rest)
				derived.add(rest)
			}
		}
	}
	if len(out) == 0 {
		return out
	}
	derived.markTaken(orgs)
	for id, ns := range out {
		ns = slices.DeleteFunc(ns, derived.taken)
		if len(ns) == 0 {
			delete(out, id)
		} else {
			out[id] = ns
		}
	}
	return out
}

// namedAlone reports whether rest, a registry name without the acronym
// that opens it, still names one organisation: it is written as a name
// (opening with a capital), in three words at least besides legal forms, with an
// organisation's head word and the name of a town or country where
// registry organisations are ("Northtown University of Applied
// Sciences"), and is not only a town or country ("Northtown-Southtown").
// Without a place, the rest is most often a name many share ("University
// of Applied Sciences", "Graduate School of Business").
func namedAlone(rest string, towns map[string]bool) bool {
	r, _ := utf8.DecodeRuneInString(rest)
	if !unicode.IsUpper(r) {
		return false
	}
	n := names.Normalize(rest)
	if _, country := names.CountryCode(n); country || towns[n] {
		return false
	}
	toks := slices.DeleteFunc(names.Tokenize(rest), func(t names.Token) bool { return t.Legal || names.IsLegalForm(t.Text) })
	if len(toks) < 3 || !slices.ContainsFunc(toks, func(t names.Token) bool { return names.IsOrgHead(t.Text) }) {
		return false
	}
	return slices.ContainsFunc(toks, func(t names.Token) bool {
		_, country := names.CountryCode(t.Text)
		return towns[t.Text] || country
	})
}

// derivedNames are names worked out at build for organisations that do
// not register them, to tell which some registry organisation holds
// already (case aside): such a name is left to it.
type derivedNames struct {
	held    map[string]bool // lower-cased name: whether a registry name is it
	lengths map[int]bool    // only a name as long as one derived can be it
}

// add notes n as derived.
func (d *derivedNames) add(n string) {
	if d.held == nil {
		d.held, d.lengths = map[string]bool{}, map[int]bool{}
	}
	d.held[strings.ToLower(n)] = false
	d.lengths[len(n)] = true
}

// markTaken notes which derived names a registry name of orgs is.
func (d *derivedNames) markTaken(orgs []registry.Org) {
	for i := range orgs {
		for _, n := range orgs[i].Names {
			if !d.lengths[len(n.Value)] {
				continue
			}
			if _, ok := d.held[strings.ToLower(n.Value)]; ok {
				d.held[strings.ToLower(n.Value)] = true
			}
		}
	}
}

// taken reports whether derived name n is a registry name (see markTaken).
func (d *derivedNames) taken(n string) bool { return d.held[strings.ToLower(n)] }

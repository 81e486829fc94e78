package resolve

// Names derived at build: what authors write for an organisation that
// the registry does not (a name without the acronym or the parent's name
// that opens it), added as aliases when no organisation holds them.

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/collabcheck/collabcheck/internal/names"
	"github.com/collabcheck/collabcheck/internal/registry"
)

// derivedAliases returns the names derived at build for each
// organisation (see unwrittenSystemNames, acronymLedNames,
// parentLedNames and countryLedNames) that no registry organisation
// holds, and the system names among them. The registry's names are read
// once for all of them.
func derivedAliases(orgs []registry.Org) (aliases map[string][]string, systemNames map[string]string) {
	var d derivedNames
	systemNames = unwrittenSystemNames(orgs, &d)
	acronymLed := acronymLedNames(orgs, &d)
	parentLed := parentLedNames(orgs, &d)
	countryLed := countryLedNames(orgs, &d)
	d.scan(orgs)
	for id, n := range systemNames {
		if d.taken(n) {
			delete(systemNames, id)
		}
	}
	aliases = map[string][]string{}
	for id, ns := range acronymLed {
		aliases[id] = append(aliases[id], slices.DeleteFunc(ns, d.taken)...)
	}
	for id, ns := range parentLed {
		aliases[id] = append(aliases[id], slices.DeleteFunc(ns, func(n string) bool { return d.taken(n) || !d.rareWordIn(n) })...)
	}
	for id, ns := range countryLed {
		aliases[id] = append(aliases[id], slices.DeleteFunc(ns, d.taken)...)
	}
	for id, ns := range aliases {
		if len(ns) == 0 {
			delete(aliases, id)
		}
	}
	return aliases, systemNames
}

// acronymLedNames returns, for each organisation with a registry name
// that opens with one of its own acronyms ("WXYZ Northtown University of
// Applied Sciences", "ABC - Northtown Institute of Tides"), that name
// without the acronym, when it still names the organisation alone (see
// namedAlone): authors write the name without the acronym, which would
// otherwise weigh against the organisation as an unwritten rare word.
// derived notes the names, and derivedAliases drops those taken.
func acronymLedNames(orgs []registry.Org, derived *derivedNames) map[string][]string {
	towns, seen := map[string]bool{}, map[string]bool{}
	for i := range orgs {
		if c := orgs[i].City; c != "" && !seen[c] {
			seen[c] = true // thousands of organisations share a town
			towns[names.Normalize(c)] = true
		}
	}
	out := map[string][]string{}
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
	return out
}

// parentLedNames returns, for each active organisation with a registry
// name that opens with its parent's name ("The University of Westmarch
// Harlow Cancer Center" under "The University of Westmarch System"), that
// name without the parent's, when it still names the organisation alone:
// authors write the unit's own name ("Harlow Cancer Center"), and a
// namesake elsewhere that registers those words had been taken for it.
// The rest must open with a capital and hold an organisation's head word
// in three words at least (see ledName); derivedAliases keeps it only
// with a word rare among the registry's names ("School of Medicine" and
// "Health Science Center" name many) and when no organisation holds it.
func parentLedNames(orgs []registry.Org, derived *derivedNames) map[string][]string {
	byID := make(map[string]*registry.Org, len(orgs))
	for i := range orgs {
		byID[orgs[i].ID] = &orgs[i]
	}
	out := map[string][]string{}
	for i := range orgs {
		o := &orgs[i]
		if o.Status != "active" && o.Status != "" {
			continue
		}
		for _, rel := range o.Related(registry.RelParent) {
			p := byID[rel.ID]
			if p == nil {
				continue
			}
			for _, pn := range p.Names {
				if pn.Has(registry.NameAcronym) {
					continue
				}
				for _, lead := range []string{pn.Value, strings.TrimSuffix(pn.Value, " System")} {
					for _, n := range o.Names {
						if n.Has(registry.NameAcronym) || len(n.Value) <= len(lead) || n.Value[len(lead)] != ' ' || !strings.HasPrefix(n.Value, lead) {
							continue
						}
						rest := strings.TrimLeft(n.Value[len(lead):], "-–—:, ")
						if !ledName(rest) || slices.Contains(out[o.ID], rest) {
							continue
						}
						out[o.ID] = append(out[o.ID], rest)
						derived.add(rest)
						derived.countWords(rest)
					}
				}
			}
		}
	}
	return out
}

// countryLeads are the ways a name opens with its country that authors
// write for one another: the registry writes "United States Department
// of Justice" or "U.S. Army Research Institute …", authors "US Department
// of Justice" or "United States Army …". A two-letter form reads as one
// word, not as the initials of the country's two words, so it needs a
// name of its own; "USA" is left out, as it opens an address as often.
var countryLeads = [][]string{
	{"United States", "US", "U.S."},
	{"United Kingdom", "UK", "U.K."},
}

// countryLedNames returns, for each organisation with a registry name
// that opens with its country's name in one of the forms of countryLeads,
// that name opening with each other form: authors write "US Army" for
// the "United States Army". A name derived so for two organisations is
// dropped for both.
// derived notes the names, and derivedAliases drops those taken.
func countryLedNames(orgs []registry.Org, derived *derivedNames) map[string][]string {
	out := map[string][]string{}
	by := map[string]string{} // lower-cased derived name: the organisation it was derived for, "" for several
	for i := range orgs {
		o := &orgs[i]
		for _, n := range o.Names {
			if n.Has(registry.NameAcronym) {
				continue
			}
			for _, forms := range countryLeads {
				for _, lead := range forms {
					rest, ok := strings.CutPrefix(n.Value, lead+" ")
					if !ok || rest == "" {
						continue
					}
					for _, other := range forms {
						if other == lead {
							continue
						}
						dn := other + " " + rest
						if slices.ContainsFunc(o.Names, func(x registry.Name) bool { return strings.EqualFold(x.Value, dn) }) || slices.Contains(out[o.ID], dn) {
							continue
						}
						l := strings.ToLower(dn)
						if id, ok := by[l]; ok && id != o.ID {
							by[l] = "" // derived for two: it names neither alone
							continue
						}
						by[l] = o.ID
						out[o.ID] = append(out[o.ID], dn)
						derived.add(dn)
					}
				}
			}
		}
	}
	for id, ns := range out {
		out[id] = slices.DeleteFunc(ns, func(n string) bool { return by[strings.ToLower(n)] == "" })
	}
	return out
}

// ledName reports whether rest, a registry name without its parent's
// that opens it, is written as a name: opening with a capital, with an
// organisation's head word, in three words at least besides legal forms.
func ledName(rest string) bool {
	r, _ := utf8.DecodeRuneInString(rest)
	if !unicode.IsUpper(r) {
		return false
	}
	toks := slices.DeleteFunc(names.Tokenize(rest), func(t names.Token) bool { return t.Legal || names.IsLegalForm(t.Text) })
	return len(toks) >= 3 && slices.ContainsFunc(toks, func(t names.Token) bool { return names.IsOrgHead(t.Text) || t.Text == "center" || t.Text == "branch" })
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
// already (case aside): such a name is left to it. It also counts how
// often the registry's names write the uncommon words of some of them
// (see rareWordIn).
type derivedNames struct {
	held    map[string]bool  // lower-cased name: whether a registry name is it
	lengths map[int][]string // the lower-cased names of each length: only a name as long can be one
	words   map[string]int   // uncommon words as written: how often registry names write them
	opens   [1 << 16]bool    // the counted words' first two bytes, to spare most words a lookup
}

// add notes n as derived.
func (d *derivedNames) add(n string) {
	if d.held == nil {
		d.held, d.lengths = map[string]bool{}, map[int][]string{}
	}
	l := strings.ToLower(n)
	if _, ok := d.held[l]; !ok {
		d.held[l] = false
		d.lengths[len(n)] = append(d.lengths[len(n)], l)
	}
}

// countWords notes the words of n that are not common institutional
// ones ("Medical", "Center" are never rare), to be counted by scan.
func (d *derivedNames) countWords(n string) {
	if d.words == nil {
		d.words = map[string]int{}
	}
	for _, w := range strings.Fields(n) {
		if _, ok := d.words[w]; !ok && !names.IsGeneric(names.Normalize(w)) {
			d.words[w] = 0
			d.opens[opening(w)] = true
		}
	}
}

// scan reads every registry name of orgs once: it notes which derived
// names one is, compared case aside without lower-casing each registry
// name (which would allocate for most), and counts the words countWords
// noted, as the display names write them (a rough count is enough to
// tell a rare word).
func (d *derivedNames) scan(orgs []registry.Org) {
	if len(d.held) == 0 {
		return
	}
	for i := range orgs {
		for _, n := range orgs[i].Names {
			for _, l := range d.lengths[len(n.Value)] {
				if strings.EqualFold(n.Value, l) {
					d.held[l] = true
				}
			}
		}
		if d.words == nil {
			continue
		}
		for rest := orgs[i].DisplayName(); rest != ""; {
			w, after, _ := strings.Cut(rest, " ")
			if d.opens[opening(w)] {
				if c, ok := d.words[w]; ok {
					d.words[w] = c + 1
				}
			}
			rest = after
		}
	}
}

// taken reports whether derived name n is a registry name (see scan).
func (d *derivedNames) taken(n string) bool { return d.held[strings.ToLower(n)] }

// rareWordIn reports whether n holds a word counted by scan that the
// registry's display names write at most maxLedWordUses times.
func (d *derivedNames) rareWordIn(n string) bool {
	return slices.ContainsFunc(strings.Fields(n), func(w string) bool {
		c, ok := d.words[w]
		return ok && c <= maxLedWordUses
	})
}

// maxLedWordUses is how many times the registry's display names may
// write a rare word (see parentLedNames).
const maxLedWordUses = 8

// opening returns a word's first two bytes as one number (0 for none).
func opening(w string) int {
	switch len(w) {
	case 0:
		return 0
	case 1:
		return int(w[0])
	}
	return int(w[0])<<8 | int(w[1])
}

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
// parentLedNames, countryLedNames, shortLedNames, veteransNames,
// trustNames, dashedNames, parentSpelledNames and eponymLedNames) that no
// registry organisation holds, and the system names among them. The
// registry's names are read once for all of them.
func derivedAliases(orgs []registry.Org) (aliases map[string][]string, systemNames map[string]string) {
	var d derivedNames
	systemNames = unwrittenSystemNames(orgs, &d)
	towns := registryTowns(orgs)
	acronymLed := acronymLedNames(orgs, towns, &d)
	parentLed := parentLedNames(orgs, &d)
	countryLed := countryLedNames(orgs, &d)
	for id, ns := range shortLedNames(orgs, &d) {
		countryLed[id] = append(countryLed[id], ns...)
	}
	for id, ns := range veteransNames(orgs, &d) {
		countryLed[id] = append(countryLed[id], ns...)
	}
	for id, ns := range trustNames(orgs, &d) {
		countryLed[id] = append(countryLed[id], ns...)
	}
	dashed := dashedNames(orgs, &d)
	parentSpelled := parentSpelledNames(orgs, &d)
	eponymLed := eponymLedNames(orgs, towns, &d)
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
	for _, led := range []map[string][]string{parentLed, dashed} {
		for id, ns := range led {
			aliases[id] = append(aliases[id], slices.DeleteFunc(ns, func(n string) bool { return d.taken(n) || !d.rareWordIn(n) })...)
		}
	}
	for _, led := range []map[string][]string{countryLed, parentSpelled} {
		for id, ns := range led {
			aliases[id] = append(aliases[id], slices.DeleteFunc(ns, d.taken)...)
		}
	}
	for id, e := range eponymLed {
		if d.allRare(e.eponym) {
			aliases[id] = append(aliases[id], slices.DeleteFunc(e.names, d.taken)...)
		}
	}
	for id, ns := range aliases {
		if len(ns) == 0 {
			delete(aliases, id)
		}
	}
	return aliases, systemNames
}

// registryTowns returns the registry's towns, normalised: the words
// acronymLedNames and eponymLedNames do not take for a name's own.
func registryTowns(orgs []registry.Org) map[string]bool {
	towns, seen := map[string]bool{}, map[string]bool{}
	for i := range orgs {
		if c := orgs[i].City; c != "" && !seen[c] {
			seen[c] = true // thousands of organisations share a town
			towns[names.Normalize(c)] = true
		}
	}
	return towns
}

// acronymLedNames returns, for each organisation with a registry name
// that opens with one of its own acronyms ("WXYZ Northtown University of
// Applied Sciences", "ABC - Northtown Institute of Tides"), that name
// without the acronym, when it still names the organisation alone (see
// namedAlone): authors write the name without the acronym, which would
// otherwise weigh against the organisation as an unwritten rare word.
// derived notes the names, and derivedAliases drops those taken.
func acronymLedNames(orgs []registry.Org, towns map[string]bool, derived *derivedNames) map[string][]string {
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
	out := map[string][]string{}
	eachParented(orgs, func(o, p *registry.Org) {
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
	})
	return out
}

// eachParented calls fn with each active organisation of orgs and each
// of its parents that orgs holds.
func eachParented(orgs []registry.Org, fn func(o, parent *registry.Org)) {
	byID := make(map[string]*registry.Org, len(orgs))
	for i := range orgs {
		byID[orgs[i].ID] = &orgs[i]
	}
	for i := range orgs {
		o := &orgs[i]
		if o.Status != "active" && o.Status != "" {
			continue
		}
		for _, rel := range o.Related(registry.RelParent) {
			if p := byID[rel.ID]; p != nil {
				fn(o, p)
			}
		}
	}
}

// parentSpelledNames returns, for each active organisation with a
// registry name that ends with its parent's acronym, registered or the
// initials of the parent's English name ("Tidal Research Institute of
// the NAT" under the "Northland Academy of Tides"), that name with the
// parent's names written out in the acronym's place ("Tidal Research
// Institute of the Northland Academy of Tides"): authors
// write the parent's name in full, and the name with the acronym had
// lost to the parent, which holds every word written but the unit's.
// Only the parent's display name and its names in English are written
// in, and only names no organisation holds are kept (derivedAliases).
func parentSpelledNames(orgs []registry.Org, derived *derivedNames) map[string][]string {
	out := map[string][]string{}
	eachParented(orgs, func(o, p *registry.Org) {
		for _, n := range o.Names {
			i := strings.LastIndexByte(n.Value, ' ')
			if n.Has(registry.NameAcronym) || i < 0 {
				continue
			}
			head, last := n.Value[:i+1], n.Value[i+1:]
			if !capitalsOnly(last) {
				continue
			}
			for _, pn := range p.Names {
				if pn.Has(registry.NameAcronym) || !pn.Has(registry.NameDisplay) && pn.Lang != "en" {
					continue
				}
				if !slices.ContainsFunc(p.Names, func(a registry.Name) bool { return a.Value == last && a.Has(registry.NameAcronym) }) && !spells(strings.ToLower(last), names.Tokenize(pn.Value)) {
					continue
				}
				if dn := head + pn.Value; !slices.Contains(out[o.ID], dn) {
					out[o.ID] = append(out[o.ID], dn)
					derived.add(dn)
				}
			}
		}
	})
	return out
}

// capitalsOnly reports whether w is written in two to six capital
// letters, as an acronym is.
func capitalsOnly(w string) bool {
	n := 0
	for _, r := range w {
		if !unicode.IsUpper(r) {
			return false
		}
		n++
	}
	return n >= 2 && n <= 6
}

// soleNames collects names derived for organisations, each kept for the
// one organisation it was derived for: a name derived for two names
// neither alone.
type soleNames struct {
	derived *derivedNames
	by      map[string]string   // lower-cased name: the organisation it was derived for, "" for several
	out     map[string][]string // organisation: the names derived for it
}

func newSoleNames(derived *derivedNames) *soleNames {
	return &soleNames{derived: derived, by: map[string]string{}, out: map[string][]string{}}
}

// add notes dn derived for o, unless o holds it among its registry names,
// and reports whether o has it now.
func (s *soleNames) add(o *registry.Org, dn string) bool {
	if slices.ContainsFunc(o.Names, func(x registry.Name) bool { return strings.EqualFold(x.Value, dn) }) {
		return false
	}
	l := strings.ToLower(dn)
	if id, ok := s.by[l]; ok {
		if id != o.ID {
			s.by[l] = ""
			return false
		}
		return true
	}
	s.by[l] = o.ID
	s.out[o.ID] = append(s.out[o.ID], dn)
	s.derived.add(dn)
	return true
}

// names returns the names noted, each for its one organisation.
func (s *soleNames) names() map[string][]string {
	for id, ns := range s.out {
		if ns = slices.DeleteFunc(ns, func(n string) bool { return s.by[strings.ToLower(n)] == "" }); len(ns) > 0 {
			s.out[id] = ns
		} else {
			delete(s.out, id)
		}
	}
	return s.out
}

// soleDerived collects with soleNames the names derive derives from each
// registry name of each organisation in country ("" for any): the loop
// countryLedNames, shortLedNames, trustNames and veteransNames share.
func soleDerived(orgs []registry.Org, derived *derivedNames, country string, derive func(n registry.Name, add func(string))) map[string][]string {
	sole := newSoleNames(derived)
	for i := range orgs {
		o := &orgs[i]
		if country != "" && o.Country != country {
			continue
		}
		add := func(dn string) { sole.add(o, dn) }
		for _, n := range o.Names {
			derive(n, add)
		}
	}
	return sole.names()
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
// dropped for both (see soleNames), and derivedAliases drops one an
// organisation holds.
func countryLedNames(orgs []registry.Org, derived *derivedNames) map[string][]string {
	return soleDerived(orgs, derived, "", func(n registry.Name, add func(string)) {
		if n.Has(registry.NameAcronym) {
			return
		}
		for _, forms := range countryLeads {
			for _, lead := range forms {
				rest, ok := strings.CutPrefix(n.Value, lead+" ")
				if !ok || rest == "" {
					continue
				}
				for _, other := range forms {
					if other != lead {
						add(other + " " + rest)
					}
				}
			}
		}
	})
}

// shortLeads are the opening words of German university and research
// centre names and the letters authors shorten them to ("TU Dresden", "FU
// Berlin", "TH Köln", "FZ Jülich", and the Max Planck Society's institutes,
// "MPI for Astronomy", "MPI für Physik").
var shortLeads = [][2]string{
	{"Max Planck Institute for ", "MPI for "},
	{"Max Planck Institute of ", "MPI of "},
	{"Max-Planck-Institut für ", "MPI für "},
	{"Technische Universität ", "TU "},
	{"Freie Universität ", "FU "},
	{"Technische Hochschule ", "TH "},
	{"Fachhochschule ", "FH "},
	{"Forschungszentrum ", "FZ "},
	{"Technical University of ", "TU "},
}

// shortLedNames returns, for each organisation with a registry name that
// opens with one of shortLeads' words before one more word or more (its
// town), that name with the words shortened: authors write "TU München"
// for the "Technische Universität München", which registers only "TUM".
// A name derived so for two organisations is dropped for both, and
// derivedAliases drops one an organisation holds.
func shortLedNames(orgs []registry.Org, derived *derivedNames) map[string][]string {
	return soleDerived(orgs, derived, "", func(n registry.Name, add func(string)) {
		for _, l := range shortLeads {
			if rest, ok := strings.CutPrefix(n.Value, l[0]); ok && rest != "" && !strings.ContainsAny(rest, ",(") {
				add(l[1] + rest)
			}
		}
	})
}

// trustEnds are the endings of the names of England's NHS trusts, which
// authors write for one another (a trust becomes a foundation trust, and
// papers keep the older name).
var trustEnds = []string{" NHS Foundation Trust", " NHS Trust"}

// trustNames returns, for each organisation in the United Kingdom with a
// registry name ending with one of trustEnds, that name with the other
// ending, and, when the rest names hospitals ("Sheffield Teaching
// Hospitals NHS Foundation Trust"), the rest alone: authors write
// "Cambridge University Hospitals NHS Trust" and "Sheffield Teaching
// Hospitals". A name derived so for two organisations is dropped for
// both, and derivedAliases drops one an organisation holds.
func trustNames(orgs []registry.Org, derived *derivedNames) map[string][]string {
	return soleDerived(orgs, derived, "gb", func(n registry.Name, add func(string)) {
		for k, end := range trustEnds {
			rest, ok := strings.CutSuffix(n.Value, end)
			if !ok || rest == "" || strings.HasSuffix(rest, " NHS") {
				continue
			}
			add(rest + trustEnds[1-k])
			if ws := strings.Fields(rest); len(ws) >= 2 && slices.ContainsFunc(ws, func(w string) bool { return strings.EqualFold(w, "Hospital") || strings.EqualFold(w, "Hospitals") }) {
				add(rest)
			}
		}
	})
}

// nameDashes are what the registry writes between two names of one
// organisation in one ("Leibniz Institute on Aging - Fritz Lipmann
// Institute"): a dash with a space on each side, as a hyphen within a
// word ("Hôpitaux-Paris") never has.
var nameDashes = []string{" - ", " – ", " — "}

// dashedNames returns, for each active organisation with a registry name
// of two names joined by one of nameDashes ("Northtown Institute on
// Tides - Jane Doe Institute (JDI)"), each of the two that is written as
// a name of its own (see ledName) with a word that is neither common
// institutional vocabulary, a head word nor a field of study: authors
// write one of them, and the other's words had kept the whole name below
// the threshold. A name whose rest is a town or a campus ("… Institute
// of Technology - Northtown") gives its first part only, which its
// parent, or its sister campuses, hold too: so a name derived for two
// organisations is dropped for both (see soleNames), and derivedAliases
// drops one an organisation holds or without a word rare among the
// registry's names (see rareWordIn): "School of Health Sciences" names
// many outside the registry.
func dashedNames(orgs []registry.Org, derived *derivedNames) map[string][]string {
	return soleDerived(orgs, derived, "", func(n registry.Name, add func(string)) {
		if n.Has(registry.NameAcronym) {
			return
		}
		for _, dash := range nameDashes {
			first, second, ok := strings.Cut(n.Value, dash)
			if !ok || strings.Contains(second, dash) {
				continue
			}
			for _, part := range []string{first, second} {
				if i := strings.IndexByte(part, '('); i > 0 {
					part = strings.TrimSpace(part[:i]) // "(JDI)", "(Country)"
				}
				if !strings.ContainsAny(part, ",()\"“”") && ledName(part) && distinctiveWord(part) {
					add(part)
					derived.countWords(part)
				}
			}
		}
	})
}

// distinctiveWord reports whether name n holds a word of three letters
// or more that is neither common institutional vocabulary, an
// organisation's head word nor a field of study: one that tells the
// organisation from others of its kind ("R&D Center" has none).
func distinctiveWord(n string) bool {
	return slices.ContainsFunc(names.Tokenize(n), func(t names.Token) bool {
		return !t.Legal && utf8.RuneCountInString(t.Text) >= 3 && !names.IsGeneric(t.Text) && !names.IsOrgHead(t.Text) && !names.IsSubject(t.Text)
	})
}

// veteransForms are what authors write for "VA" in the name of a United
// States veterans' hospital or health system.
var veteransForms = []string{"Veterans Affairs", "Veterans Administration", "Department of Veterans Affairs"}

// veteransNames returns, for each organisation in the United States with
// a registry name holding the word "VA" ("Louis Stokes Cleveland VA
// Medical Center"), that name with "VA" written out in each of
// veteransForms: authors write "… Veterans Affairs Medical Center" and
// "… Department of Veterans Affairs Medical Center", whose extra words
// had kept the name below the threshold, and a name written so after
// "and" is no registry name for the parser to part the two at. A name
// derived so for two organisations is dropped for both, and
// derivedAliases drops one an organisation holds.
func veteransNames(orgs []registry.Org, derived *derivedNames) map[string][]string {
	return soleDerived(orgs, derived, "us", func(n registry.Name, add func(string)) {
		ws := strings.Fields(n.Value)
		k := slices.Index(ws, "VA")
		if k < 0 || n.Has(registry.NameAcronym) || len(ws) < 2 {
			return
		}
		for _, f := range veteransForms {
			add(strings.Join(slices.Concat(ws[:k], []string{f}, ws[k+1:]), " "))
		}
	})
}

// eponymName is a university's name derived without the person's name
// that opens its registry name (see eponymLedNames).
type eponymName struct {
	eponym string   // the words left out, as written
	names  []string // the names derived
}

// eponymHeads are the head words after which eponymLedNames reads a
// university's town, with the name it derives for each.
var eponymHeads = []struct{ head, derived string }{
	{" University of ", "University of "},
	{" University ", "University of "},
	{"-Universität ", "Universität "},
	{" Universität ", "Universität "},
}

// maxEponymWords bounds the words of a person's name eponymLedNames
// leaves out, and maxEponymWordUses how many times the registry's display
// names may write each: a word many names write ("Catholic", "Islamic",
// "Pedagogical") says what kind of university it is, not whose name it
// bears.
const (
	maxEponymWords    = 4
	maxEponymWordUses = 12
)

// eponymLedNames returns, for each active university whose registry name
// opens with a person's name before "University (of) <its town>" or
// "-Universität <its town>" ("Philipps University of Marburg", "Johannes
// Gutenberg University Mainz", "Otto-von-Guericke-Universität
// Magdeburg"), or before its town opening the rest of a university's name
// ("V. N. Karazin Kharkiv National University"), that name without the
// person's: authors write "University of Marburg", "Universität
// Magdeburg", "Kharkiv National University". The words left out must be
// capitalised, none a common institutional word, a head word, a town, a
// country or an adjective saying what kind of university it is
// ("Medizinische"); a campus or branch (with a parent) is left out; and
// derivedAliases keeps the name only when each is rare
// among the registry's names (see maxEponymWordUses) and no organisation
// holds the name; one derived for two universities is dropped for both.
func eponymLedNames(orgs []registry.Org, towns map[string]bool, derived *derivedNames) map[string]eponymName {
	sole := newSoleNames(derived)
	eponyms := map[string]string{} // university: the person's name left out
	for i := range orgs {
		o := &orgs[i]
		if o.Status != registry.StatusActive || o.City == "" || !slices.Contains(o.Types, "education") || len(o.Related(registry.RelParent)) > 0 {
			continue // a campus or branch bears its parent's name, not the town's
		}
		city := names.Normalize(o.City)
		note := func(eponym, dn string) {
			if sole.add(o, dn) && eponyms[o.ID] == "" {
				eponyms[o.ID] = eponym
				derived.countWords(eponym)
			}
		}
		for _, n := range o.Names {
			if n.Has(registry.NameAcronym) {
				continue
			}
			for _, h := range eponymHeads {
				k := strings.Index(n.Value, h.head)
				if k <= 0 {
					continue
				}
				eponym, town := n.Value[:k], strings.TrimLeft(n.Value[k+len(h.head):], "-–—, ")
				if t := names.Normalize(town); t == "" || t != city && !strings.HasPrefix(city, t+" ") || !eponymWords(eponym, towns) {
					continue
				}
				note(eponym, h.derived+town)
				break
			}
			// The town opening the rest of the name ("V. N. Karazin
			// Kharkiv National University"): the rest is the name.
			if ws := strings.Fields(n.Value); len(ws) >= 4 && ws[len(ws)-1] == "University" {
				for k := 1; k+2 < len(ws); k++ {
					if names.Normalize(ws[k]) == city {
						if eponym := strings.Join(ws[:k], " "); eponymWords(eponym, towns) {
							note(eponym, strings.Join(ws[k:], " "))
						}
						break
					}
				}
			}
		}
	}
	out := map[string]eponymName{}
	for id, ns := range sole.names() {
		out[id] = eponymName{eponym: eponyms[id], names: ns}
	}
	// A university of the town written "<Town> University" or
	// "Universität <Town>" (any name whose words are the derived name's)
	// is the one such a name means.
	plain := map[string]string{} // the derived name's words in order: the university holding them, "" for several
	derivedTowns := map[string]bool{}
	for i := range orgs {
		if _, ok := out[orgs[i].ID]; ok {
			derivedTowns[orgs[i].City] = true
		}
	}
	for i := range orgs {
		o := &orgs[i]
		if !derivedTowns[o.City] || !slices.Contains(o.Types, "education") {
			continue
		}
		for _, n := range o.Names {
			if k := sortedWords(n.Value); k != "" && strings.Contains(k, "university") {
				if id, ok := plain[k]; ok && id != o.ID {
					plain[k] = ""
				} else {
					plain[k] = o.ID
				}
			}
		}
	}
	// A town's name alone does not mean a university less prominent (with
	// fewer children and related records) than another of the town's.
	most := map[string]int{} // town: the most children and related records a university there has
	mine := map[string]int{} // derived university: its own
	cityOf := map[string]string{}
	for i := range orgs {
		o := &orgs[i]
		if !derivedTowns[o.City] || !slices.Contains(o.Types, "education") {
			continue
		}
		p := len(o.Related(registry.RelChild)) + len(o.Related(registry.RelRelated))
		most[o.City] = max(most[o.City], p)
		if _, ok := out[o.ID]; ok {
			mine[o.ID], cityOf[o.ID] = p, o.City
		}
	}
	for id, e := range out {
		e.names = slices.DeleteFunc(e.names, func(n string) bool {
			holder, held := plain[sortedWords(n)]
			return held && holder != id || mine[id] < most[cityOf[id]]
		})
		if len(e.names) == 0 {
			delete(out, id)
			continue
		}
		out[id] = e
	}
	return out
}

// sortedWords returns the words of name n, as the tokeniser reads them
// and stopwords aside, sorted and joined: the same for "University of X",
// "X University" and "Universität X".
func sortedWords(n string) string {
	ts := names.Texts(names.Tokenize(n))
	if len(ts) < 2 || len(ts) > 4 {
		return ""
	}
	slices.Sort(ts)
	return strings.Join(ts, " ")
}

// eponymWords reports whether e reads as a person's name opening a
// university's (see eponymLedNames).
func eponymWords(e string, towns map[string]bool) bool {
	ws := strings.Fields(e)
	if len(ws) == 0 || len(ws) > maxEponymWords {
		return false
	}
	for _, w := range ws {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) || strings.ContainsFunc(w, unicode.IsDigit) {
			return false
		}
	}
	for _, t := range names.Tokenize(e) {
		if _, country := names.CountryCode(t.Text); country || names.IsGeneric(t.Text) || names.IsOrgHead(t.Text) || names.IsRegion(t.Text) || towns[t.Text] || names.IsUniversityAdjective(names.Normalize(t.Surface)) {
			return false
		}
	}
	return true
}

// allRare reports whether every word of e but initials ("V.") is counted
// by scan and written by the registry's display names at most
// maxEponymWordUses times.
func (d *derivedNames) allRare(e string) bool {
	return !slices.ContainsFunc(strings.Fields(e), func(w string) bool {
		if utf8.RuneCountInString(strings.TrimSuffix(w, ".")) == 1 {
			return false
		}
		c, ok := d.words[w]
		return !ok || c > maxEponymWordUses
	})
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

// Package resolve maps free-text affiliation strings to registry
// organisations. It reuses the screening engine (internal/names and
// internal/match) over an index of registry organisations, splits strings
// that name several parties, prefers the most specific organisation named,
// maps retired records to their successors and abstains when unsure. It is
// pure: no I/O, no clock, deterministic.
package resolve

import (
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/collabcheck/collabcheck/internal/match"
	"github.com/collabcheck/collabcheck/internal/names"
	"github.com/collabcheck/collabcheck/internal/registry"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// DefaultThreshold is the score an organisation needs to be chosen.
const DefaultThreshold = 0.85

// DefaultMargin is how far the best candidate must lead the best
// unrelated other candidate; closer than that, the resolver abstains.
const DefaultMargin = 0.03

// MaxInputBytes is the longest affiliation string accepted.
const MaxInputBytes = match.MaxQueryBytes

// Options tune one resolution.
type Options struct {
	// Threshold is the minimum score; 0 means DefaultThreshold.
	Threshold float64
	// Margin is the lead required over an unrelated runner-up; 0 means
	// DefaultMargin, a negative value disables the check.
	Margin float64
}

// Org is one organisation chosen for an affiliation string.
type Org struct {
	ID          string           `json:"id"`
	Name        string           `json:"name"`
	Country     string           `json:"country"`
	Score       float64          `json:"score"`
	Explanation []match.Evidence `json:"explanation"`
	// Via names the retired record the string named, when the chosen
	// organisation is its successor (or the parent of a withdrawn record
	// that has none), or the faculty's record it named when the chosen
	// organisation is the university (see facultyOf).
	Via string `json:"via,omitempty"`
}

// Result is what one affiliation string resolves to.
type Result struct {
	Input string `json:"input"`
	Orgs  []Org  `json:"orgs"`
	// Named are organisations the string also writes out whole, by their
	// own registry names, in a party whose organisation was chosen among
	// several: "Tsinghua University, China Academy of Engineering
	// Physics, Beijing" chooses the university, as labelled affiliations
	// do, and names the academy. They are not chosen, but screening reads
	// them: a listed organisation written beside a university is still
	// named.
	Named []Org `json:"-"`
	// Unknown are the organisation segments, as written, that no
	// registry organisation found explains: beside a chosen one
	// ("Songhua University, X Propulsion Academy": an academy the
	// registry does not hold) or in a party where none was chosen.
	// Screening reads them against the lists directly.
	Unknown []string `json:"-"`
}

type orgInfo struct {
	name    string
	country string
	// city is the registry's town of the organisation, as the gazetteer
	// keys it (see places), or "".
	city string
	// region is the registry's state or province of the organisation,
	// normalised ("california"), or "".
	region string
	active bool
	// withdrawn marks a record the registry withdrew, as it does the
	// records of schools and departments its parents stand for.
	withdrawn  bool
	successors []string
	// education marks a university or other teaching institution.
	education bool
	// funder and facility mark those registry types: a facility (a lab,
	// an institute) or a unit that funds no research is cited with the
	// institution that hosts it.
	funder, facility bool
	// company marks a business, whose research division authors name
	// after it ("X Research", "X Labs").
	company bool
	// government marks a public body: a government department is named
	// "Department of X" as a university's unit is (see departmentNamed).
	government bool
	// names are the organisation's registry names as written, read when
	// two candidates clash to see whether the string writes one out.
	names []string
	// langs are the languages of the registry's names, in their order
	// (before the names derived at build), "" where it gives none.
	langs []string
	// parents are the registry parents' ids (all of them: a French
	// laboratory has its university and CNRS).
	parents []string
	// ancestors are the parents, their parents and so on, each once,
	// nearest first, then the retired records succeeded by one of them:
	// worked out at build time because choosing among candidates asks
	// about ancestry many times per string.
	ancestors []string
	// prominence counts the organisation's children and related records
	// as its own record lists them (also those outside a registry
	// subset): a rough measure of how often it is the one meant when two
	// share a name.
	prominence int
	// aliases are the names that are neither its display name nor an
	// official label: other names it is known by, former names among
	// them.
	aliases []string
	// derived counts the names at the end of names (and of aliases) that
	// were derived at build (see derivedAliases) rather than written by
	// the registry.
	derived int
	// parts are the ids of the registry records that name the
	// organisation as their parent.
	parts []string
	// systemName is the name without "System" a university system is
	// given (see unwrittenSystemNames), or "".
	systemName string
	// facultyOf is the university whose faculty the record is, which
	// stands for it (see facultyOf), or "".
	facultyOf string
	// saysSystem marks an organisation with parts whose display name is
	// a system's (see namesSystem and unwrittenSystem), worked out at
	// build.
	saysSystem bool
	// forms holds names as pick compares them with a string, once a
	// string's candidates have needed them (see nameFormsOf).
	forms atomic.Pointer[nameForms]
}

// nameForms are an organisation's registry names (orgInfo.names, in that
// order) as pick compares them with what a string writes: normalised, as
// the key of their tokens (tokenKey) and as their tokens' texts.
type nameForms struct {
	norm, key []string
	words     [][]string
	// townEnded marks the names whose last words are the organisation's
	// town (see cityDropped).
	townEnded []bool
}

// nameFormsOf returns info's name forms, working them out the first time
// a string's candidates need them. They are kept because the same
// organisations come up as candidates string after string in a bulk run,
// and normalising and tokenising each of their names every time (pick
// compares all of a candidate's names, dozens for an organisation known
// in many languages) cost more than the rest of choosing among the
// candidates. Computing them twice when two strings race is harmless:
// both give the same forms.
func nameFormsOf(info *orgInfo) *nameForms {
	if f := info.forms.Load(); f != nil {
		return f
	}
	f := &nameForms{norm: make([]string, len(info.names)), key: make([]string, len(info.names)), words: make([][]string, len(info.names)), townEnded: make([]bool, len(info.names))}
	for k, n := range info.names {
		ts := names.Tokenize(n)
		f.norm[k], f.key[k], f.words[k] = names.Normalize(n), tokenKey(ts), names.Texts(ts)
		f.townEnded[k] = info.city != "" && len(f.key[k]) > len(info.city) && strings.HasSuffix(f.key[k], " "+info.city)
	}
	info.forms.Store(f)
	return f
}

// formOf returns info's name forms and the index among them of its
// registry name n, or nil and -1 when info does not hold n (its forms
// are then not worked out).
func formOf(info *orgInfo, n string) (*nameForms, int) {
	k := slices.Index(info.names, n)
	if k < 0 {
		return nil, -1
	}
	return nameFormsOf(info), k
}

// Resolver resolves affiliation strings against one registry snapshot. It
// is immutable and safe for concurrent use.
type Resolver struct {
	ix   *match.Index
	orgs map[string]*orgInfo
	// leads holds the openings "X … University" of registry names that
	// put the university after their own words ("Eastbrook University in
	// Northtown"), normalised.
	leads map[string][]string
	// plainLeads holds, of those, the organisations whose name adds no
	// name of its own to the lead ("Eastbrook University in Northtown",
	// see plainLead): the ones a string writing the lead and nothing more
	// can mean.
	plainLeads map[string][]string
	// commaWords holds the keys of the commas in registry names (see
	// appendCommaKey: "tides innovation technology" of "Department for
	// Tides, Innovation and Technology"), for joinCommaNames to look at
	// only the commas that may cut such a name.
	commaWords map[string]bool
	// openings holds the first three and four words ("university of
	// westmoor") of the registry names of teaching institutions that
	// open "University of" and go on with words of their own ("University
	// of Westmoor Harlow Campus"), each with the organisations so named
	// (see byOpeningInTown).
	openings map[string][]string
	// cities are the registry's cities, read as addresses in a string.
	cities places
	// cjk are the registry names in Chinese, Japanese or Korean script,
	// which tell where an institution's name ends in such text run
	// together with its units.
	cjk cjkNames
	// selfSuccessor is whether some record names itself among its
	// successors (see dropNamesakeSites).
	selfSuccessor bool
	// mostProminent is the largest prominence of any organisation: none
	// is far more prominent than one whose prominence is above
	// mostProminent/prominenceRatio - 1 (see shortFormOfProminent).
	mostProminent int
	// caseForms are how the registry's names write their words, learnt
	// the first time a string written in one case needs them (see
	// Parties): most bulk runs never do, and a build need not pay for it.
	caseForms     names.CaseForms
	caseFormsOnce sync.Once
	// joined are the registry's pairs of words that authors also write
	// as one, learnt the first time a string holds a word the registry
	// does not know (see joinedPairs).
	joined     map[string]string
	joinedOnce sync.Once
}

// Warm learns now what a resolver otherwise learns while resolving its
// first string: how the registry's names write their words (see forms)
// and the pairs of words authors write apart or as one (see
// joinedPairs), a few tenths of a second over the whole registry. A
// server calls it on another goroutine once a resolver is built, so that
// its first requests do not wait for the learning; strings resolved
// meanwhile wait for it as they would have, and read the same.
func (r *Resolver) Warm() {
	r.forms()
	r.joinedPairs()
}

// New builds a resolver over the given registry organisations.
func New(orgs []registry.Org) *Resolver {
	r := &Resolver{orgs: make(map[string]*orgInfo, len(orgs)), leads: map[string][]string{}, plainLeads: map[string][]string{}, openings: map[string][]string{}, cities: places{}}
	b := match.NewBuilder()
	// The registry's names are tokenised on other processors while this
	// loop works out what the resolver keeps of each organisation.
	feed := b.Feeder()
	seenCity, cityKeys := map[string]bool{}, map[string]string{}
	aliases, systemNames := derivedAliases(orgs)
	for i := range orgs {
		o := &orgs[i]
		info := &orgInfo{name: o.DisplayName(), country: o.Country, active: o.Status == "active" || o.Status == "", withdrawn: o.Status == registry.StatusWithdrawn, education: slices.Contains(o.Types, "education"),
			funder: slices.Contains(o.Types, "funder"), facility: slices.Contains(o.Types, "facility"), company: slices.Contains(o.Types, "company"),
			government: slices.Contains(o.Types, "government")}
		for _, rel := range o.Related(registry.RelSuccessor) {
			info.successors = append(info.successors, rel.ID)
			r.selfSuccessor = r.selfSuccessor || rel.ID == o.ID
		}
		for _, rel := range o.Related(registry.RelParent) {
			info.parents = append(info.parents, rel.ID)
		}
		info.names, info.langs = make([]string, len(o.Names)), make([]string, len(o.Names))
		for k, n := range o.Names {
			info.names[k], info.langs[k] = n.Value, n.Lang
			r.cjk.add(n.Value)
			if n.Has(registry.NameAlias) && !n.Has(registry.NameLabel) && !n.Has(registry.NameDisplay) {
				info.aliases = append(info.aliases, n.Value)
			}
		}
		r.orgs[o.ID] = info
		if key := o.City + "\x00" + o.Country; o.City != "" && !seenCity[key] {
			// Thousands of organisations share a city: tokenise each
			// city and country pair once.
			seenCity[key] = true
			cityKeys[o.City] = r.cities.add(o.City, o.Country)
		}
		info.city = cityKeys[o.City]
		if o.Region != "" {
			info.region = names.Normalize(o.Region)
		}
		if key := "\x01" + o.City + "\x00" + o.Region; o.Country == "us" && o.City != "" && o.Region != "" && !seenCity[key] {
			seenCity[key] = true
			r.cities.addUSState(info.city, o.Region)
		}
		if key := "\x00" + o.Region + "\x00" + o.Country; o.Region != "" && !seenCity[key] { // apart from the cities' keys
			seenCity[key] = true
			r.cities.addRegion(o.Region, o.Country)
		}
		for _, n := range o.Names {
			if !info.education || !strings.Contains(n.Value, "niversity") {
				continue // no "X University …" (spared a normalisation)
			}
			nn := names.Normalize(n.Value)
			r.addOpenings(nn, o.ID)
			lead := universityLead(nn)
			if lead == "" {
				continue
			}
			if !slices.Contains(r.leads[lead], o.ID) {
				r.leads[lead] = append(r.leads[lead], o.ID)
			}
			if plainLead(nn, lead, o.City, o.Country) && !slices.Contains(r.plainLeads[lead], o.ID) {
				r.plainLeads[lead] = append(r.plainLeads[lead], o.ID)
			}
		}
		e := o.Entity()
		// Names derived at build are aliases the registry does not write.
		derived := aliases[o.ID]
		if n, ok := systemNames[o.ID]; ok {
			derived = append([]string{n}, derived...)
			info.systemName = n
		}
		for _, n := range derived {
			e.Names = append(e.Names, watchlist.Name{Value: n, Kind: watchlist.NameAlias})
			info.names = append(info.names, n)
			info.aliases = append(info.aliases, n)
		}
		info.derived = len(derived)
		feed.Add(registry.ListName, &e)
	}
	feed.Close()
	for i := range orgs {
		for _, rel := range orgs[i].Relationships {
			switch rel.Type {
			case registry.RelChild, registry.RelRelated:
				info := r.orgs[orgs[i].ID]
				info.prominence++
				r.mostProminent = max(r.mostProminent, info.prominence)
			case registry.RelParent:
				if t := r.orgs[rel.ID]; t != nil {
					t.parts = append(t.parts, orgs[i].ID)
				}
			}
		}
	}
	eachParented(orgs, func(o, parent *registry.Org) {
		if info := r.orgs[o.ID]; info.facultyOf == "" && facultyOf(o, parent) {
			info.facultyOf = parent.ID // the first such parent, in the record's order
		}
	})
	for _, info := range r.orgs {
		info.saysSystem = len(info.parts) > 0 && namesSystem(info.name)
	}
	// A retired record stands for its successor: one whose successor is
	// an organisation's ancestor is counted among its ancestors too
	// ("Université Paris-Sud" for a laboratory of its successor).
	predecessors := map[string][]string{}
	for id, info := range r.orgs {
		if !info.active {
			for _, s := range info.successors {
				predecessors[s] = append(predecessors[s], id)
			}
		}
	}
	for _, ps := range predecessors {
		slices.Sort(ps) // the same ancestors in the same order, build after build
	}
	for _, info := range r.orgs {
		info.ancestors = r.walkAncestors(info)
		for _, a := range info.ancestors {
			for _, p := range predecessors[a] {
				if !slices.Contains(info.ancestors, p) {
					info.ancestors = append(info.ancestors, p)
				}
			}
		}
	}
	b.SetOpenCap(openCap)
	r.ix = b.Build()
	r.commaWords = r.commaKeys(orgs) // reads the index
	return r
}

// openCap is how many registry names a word may be in and still open
// candidates (match.Builder.SetOpenCap). Measured on the labelled sets
// against the screening engine's default of 1,500: about 8% less CPU
// per string for 3 of about 5,400 correct matches lost.
const openCap = 700

// Index returns the match index over the registry, for callers that want
// to search organisations by name.
func (r *Resolver) Index() *match.Index { return r.ix }

// Resolve maps one affiliation string to the organisations it names.
// Unusable input (empty, invalid UTF-8, over MaxInputBytes) is an error.
func (r *Resolver) Resolve(s string, opt Options) (Result, error) {
	res := Result{Input: s, Orgs: []Org{}}
	if opt.Threshold <= 0 {
		opt.Threshold = DefaultThreshold
	}
	if opt.Margin == 0 {
		opt.Margin = DefaultMargin
	}
	// The length and encoding are checked before any work; whether the
	// string holds a name at all only when parsing found none (a string
	// that yields a party is not empty), to spare a normalisation.
	switch {
	case len(s) > match.MaxQueryBytes:
		return res, match.ErrQueryTooLong
	case !utf8.ValidString(s):
		return res, match.ErrInvalidUTF8
	}
	if ids, rest := registry.IDsIn(s); len(ids) > 0 {
		// The organisations the string gives by their ids come first;
		// what else it writes is read as usual.
		res.Orgs = r.byID(ids, res.Orgs)
		if strings.IndexFunc(rest, unicode.IsLetter) < 0 {
			return res, nil
		}
		s = rest
	}
	parties := r.Parties(s)
	if len(parties) == 0 {
		if err := match.CheckQuery(s); err != nil {
			return res, err
		}
	}
	for i := range parties {
		if namesNoOrganisation(&parties[i]) || legalFormOnly(&parties[i]) || r.cjk.addressOnly(&parties[i]) || i > 0 && r.townOnly(&parties[i]) {
			continue
		}
		var aside []match.Match
		misfit := func(m match.Match) bool { return r.misfit(m, &parties[i]) }
		picked := dropWhere(r.resolvePartyNoting(&parties[i], opt, &aside), misfit)
		if len(picked) == 0 {
			// A second reading reads the party apart (a CJK name
			// without the town run into it, say); what the whole
			// party says of the town still holds.
			towns := r.cjkRunInTowns(&parties[i])
			picked = dropWhere(r.secondReading(&parties[i], opt), func(m match.Match) bool { return r.cjkTownElsewhere(m, towns) || misfit(m) })
			aside = nil // set aside beside a choice the first reading did not make
		}
		for _, m := range picked {
			for _, o := range r.chosen(m) {
				// A string names a few organisations: a scan finds one
				// already chosen as fast as a set would.
				if !slices.ContainsFunc(res.Orgs, func(c Org) bool { return c.ID == o.ID }) {
					res.Orgs = append(res.Orgs, o)
				}
			}
		}
		if len(picked) == 0 {
			// A party that names an organisation the registry does not
			// hold ("X University; Y Propulsion Academy").
			res.Unknown = unexplainedNames(&parties[i], nil, nil, res.Unknown)
			continue
		}
		for _, m := range aside {
			if slices.ContainsFunc(picked, func(p match.Match) bool { return r.kin(p, m) }) {
				continue
			}
			for _, o := range r.chosen(m) {
				if !slices.ContainsFunc(res.Named, func(c Org) bool { return c.ID == o.ID }) {
					res.Named = append(res.Named, o)
				}
			}
		}
		if countSegments(&parties[i], names.RoleName) > 1 {
			res.Unknown = unexplainedNames(&parties[i], picked, aside, res.Unknown)
		}
	}
	if len(res.Named) > 0 {
		res.Named = slices.DeleteFunc(res.Named, func(n Org) bool {
			return slices.ContainsFunc(res.Orgs, func(c Org) bool { return c.ID == n.ID })
		})
	}
	return res, nil
}

// byID appends to orgs the organisations of the registry ids a string
// writes (see registry.IDsIn), each as chosen replaces a retired record.
// An id the registry does not hold gives nothing.
func (r *Resolver) byID(ids []string, orgs []Org) []Org {
	for _, id := range ids {
		if r.orgs[id] == nil {
			continue
		}
		bare := strings.TrimPrefix(id, registry.IDPrefix)
		m := match.Match{SourceID: id, Score: 1, Explanation: []match.Evidence{{Query: bare, List: bare, How: "ror_id", Similarity: 1, Weight: 1}}}
		for _, o := range r.chosen(m) {
			if !slices.ContainsFunc(orgs, func(c Org) bool { return c.ID == o.ID }) {
				orgs = append(orgs, o)
			}
		}
	}
	return orgs
}

// unexplainedNames appends to out the text of each organisation segment
// of party a that names an organisation by a head word ("… Academy",
// "… Institute") or is an acronym in capitals, none of whose words the
// organisations found (picked and set aside) explain, a word as written
// ("北京", "Univ.") or in its canonical form.
func unexplainedNames(a *names.Affiliation, picked, aside []match.Match, out []string) []string {
	explained := func(w string) bool {
		aligns := func(m match.Match) bool { return fitsWord(m, w) }
		return slices.ContainsFunc(picked, aligns) || slices.ContainsFunc(aside, aligns)
	}
	for _, s := range a.Segments {
		if s.Role != names.RoleName || len(s.Tokens) == 0 {
			continue
		}
		if !slices.ContainsFunc(s.Tokens, func(t names.Token) bool { return names.IsOrgHead(t.Text) }) && !isCapsAcronym(strings.TrimSpace(s.Text)) {
			continue
		}
		if !slices.ContainsFunc(s.Tokens, func(t names.Token) bool { return explained(t.Surface) || explained(t.Text) }) {
			out = append(out, strings.TrimSpace(s.Text))
		}
	}
	return out
}

// townOnly reports whether a party writes nothing but a town and perhaps
// its country ("X University; Northtown"): after another party, it is
// that party's address, not a university named after the town.
func (r *Resolver) townOnly(a *names.Affiliation) bool {
	town := false
	for _, s := range a.Segments {
		switch {
		case s.Role == names.RoleCountry:
		case len(s.Tokens) > 0 && len(s.Tokens) <= maxPlaceWords && r.cities.has(s.Tokens):
			town = true
		default:
			return false
		}
	}
	return town
}

// resolveParty chooses the organisations one party names: the leading
// matches as pick reads them, else a clear leader below the threshold.
func (r *Resolver) resolveParty(a *names.Affiliation, opt Options) []match.Match {
	return r.resolvePartyNoting(a, opt, nil)
}

// resolvePartyNoting is resolveParty that also sets *aside, when aside is
// not nil, to the organisations the party names beside those chosen (see
// pickNoting).
func (r *Resolver) resolvePartyNoting(a *names.Affiliation, opt Options, aside *[]match.Match) []match.Match {
	ms, err := r.ix.ScreenAffiliation(a, leadingScreen(opt))
	if err != nil {
		return nil
	}
	ms = mainlandAside(ms, a)
	if picked := r.pickNoting(ms, opt.Margin, a, aside); len(picked) > 0 || len(ms) > 0 {
		// Candidates above the threshold that pick set aside (as
		// ambiguous, or a unit without its parent) are not given a second
		// chance below it.
		if len(picked) == 1 && r.shortFormOfProminent(picked[0], a) {
			return nil
		}
		if len(picked) == 1 && (r.namesakeTownElsewhere(picked[0], a) || r.townBeforeNameElsewhere(picked[0], a)) {
			return nil
		}
		if len(picked) == 1 {
			if school, ok := r.medicalSchoolOf(a, picked[0], opt); ok {
				return []match.Match{school}
			}
		}
		return picked
	}
	leaderOpts := match.Options{Limit: 4, Threshold: opt.Threshold, TrustUniqueAcronyms: true, MinScore: leaderFloor, Within: leaderWithin}
	all, err := r.ix.ScreenAffiliation(a, leaderOpts)
	if err != nil {
		return nil
	}
	if acronymTied(all, leaderOpts.Limit) {
		// An acronym many hold ("ABC" of a dozen state universities):
		// every holder is read, so that the one in the town the string
		// writes is among them (see acronymInTown).
		leaderOpts.Limit = acronymHoldersLimit
		if more, err := r.ix.ScreenAffiliation(a, leaderOpts); err == nil {
			all = more
		}
	}
	all = mainlandAside(all, a)
	if out := r.leader(all, a); len(out) > 0 {
		return out
	}
	if m, ok := r.familyHead(all, a); ok {
		return []match.Match{m}
	}
	if out := r.pastTownCountries(a, opt); len(out) > 0 {
		return out
	}
	if out := r.ownTownAbroad(a, opt); len(out) > 0 {
		return out
	}
	if out := r.codeAsCountry(a, opt); len(out) > 0 {
		return out
	}
	if m, ok := r.rareRunHolder(all, a); ok {
		return []match.Match{m}
	}
	return nil
}

// codeAsCountry resolves party a again with its last part, a US state's
// code that is also a country's ISO code, read as that country, when the
// party is in the US by that code alone and nothing was found: a town of
// both countries ("University of Westmarch, Windsor, CA": Windsor in
// California and in Ontario) kept the code the state's, as an ISO code's
// export writes the country (see countryCodeAfterTown). The one
// organisation then chosen is accepted only when its name is written
// whole.
func (r *Resolver) codeAsCountry(a *names.Affiliation, opt Options) []match.Match {
	n := endBeforeAsides(a)
	if n < 2 || !slices.Equal(a.Countries, []string{"us"}) {
		return nil
	}
	last := a.Segments[n-1]
	code := strings.TrimSpace(last.Text)
	if last.Role != names.RoleAddress || len(code) != 2 || !names.RegionCodeIn(code, "us") {
		return nil
	}
	c := names.ISOCountry(code)
	if c == "" || slices.ContainsFunc(a.Segments, func(s names.Segment) bool { return s.Role == names.RoleCountry }) {
		return nil
	}
	b := *a
	b.Segments = slices.Clone(a.Segments)
	b.Segments[n-1].Role = names.RoleCountry
	b.Segments[n-1].Tokens = names.WithRole(last.Tokens, names.RoleCountry)
	b.Countries = []string{c}
	return r.pickWrittenWhole(&b, opt)
}

// ownTownAbroad resolves party a again without the countries only its
// towns implied, when a town it writes is in several countries of the
// registry's, and accepts the one organisation then chosen only when its
// name is written whole and its own town is the one written ("University
// of Westmarch, Northby" for the university in the American Northby, when
// the parser took Northby for its better-known namesake abroad).
func (r *Resolver) ownTownAbroad(a *names.Affiliation, opt Options) []match.Match {
	if !townCountriesOnly(a) {
		return nil
	}
	towns := r.writtenTowns(a)
	if !slices.ContainsFunc(towns, func(t string) bool { return len(r.cities.several[t]) > 1 }) {
		return nil
	}
	picked, _, ok := r.pickWithoutCountries(a, opt)
	if !ok {
		return nil
	}
	if !r.inWrittenTown(picked[0], towns) {
		return nil
	}
	return picked
}

// townCountriesOnly reports whether party a's countries are only those
// its towns implied: it has some, and writes neither a country nor a
// state.
func townCountriesOnly(a *names.Affiliation) bool {
	return len(a.Countries) > 0 && !stateSaid(a) && !slices.ContainsFunc(a.Segments, func(s names.Segment) bool { return s.Role == names.RoleCountry })
}

// pickWithoutCountries screens party a again without its countries and
// returns the one organisation pick then chooses, when its name is
// written whole, with the party so read.
func (r *Resolver) pickWithoutCountries(a *names.Affiliation, opt Options) ([]match.Match, *names.Affiliation, bool) {
	b := *a
	b.Countries = nil
	picked := r.pickWrittenWhole(&b, opt)
	if picked == nil {
		return nil, nil, false
	}
	return picked, &b, true
}

// pickWrittenWhole screens party a, read again otherwise by its caller,
// and returns the one organisation pick then chooses when its name is
// written whole, or nil.
func (r *Resolver) pickWrittenWhole(a *names.Affiliation, opt Options) []match.Match {
	ms, err := r.ix.ScreenAffiliation(a, leadingScreen(opt))
	if err != nil {
		return nil
	}
	picked := r.pickNoting(ms, opt.Margin, a, nil)
	if len(picked) != 1 || r.writtenOut(writtenNames(a), picked[0]) < writtenWhole {
		return nil
	}
	return picked
}

// acronymHoldersLimit is how many holders of one acronym the leader reads
// when more hold it than it reads otherwise.
const acronymHoldersLimit = 64

// acronymTied reports whether all limit candidates of ms fit equally by
// an acronym: more may hold it than the screen returned.
func acronymTied(ms []match.Match, limit int) bool {
	return len(ms) == limit && byAcronym(ms[0]) && byAcronym(ms[limit-1]) && ms[limit-1].Score == ms[0].Score
}

// leadingScreen returns the options of a party's first screen: pick
// reads the leading matches only, so the screen need not explain or even
// score precisely what cannot be among them.
func leadingScreen(opt Options) match.Options {
	return match.Options{Limit: 8, Threshold: opt.Threshold, LeadingMatches: true, TrustUniqueAcronyms: true}
}

// pastTownCountries resolves party a again without the countries only
// its towns implied, when that finds one organisation whose registry name
// in a language other than English the party writes as a whole segment,
// the one organisation that holds the name, and no town's country
// mostly writes that language: a word the registry knows as a town abroad
// ("Consejo Nacional de Mareas, Campus Norte, Kestrelport", a street) had
// vetoed the organisation the party names in full. A town in a country of
// the name's language ("Institut für Gezeiten, Northstadt") keeps its
// veto, as does a country or region the party writes.
func (r *Resolver) pastTownCountries(a *names.Affiliation, opt Options) []match.Match {
	if !townCountriesOnly(a) {
		return nil
	}
	for _, c := range a.Countries {
		if !slices.ContainsFunc(a.Segments, func(s names.Segment) bool {
			return s.Role == names.RoleAddress && len(s.Tokens) > 0 && s.Tokens[0].Place && r.cities.m[tokenKey(s.Tokens)] == c
		}) {
			return nil
		}
	}
	picked, b, ok := r.pickWithoutCountries(a, opt)
	if !ok {
		return nil
	}
	lang := ""
	if info := r.orgs[picked[0].SourceID]; info != nil {
		if k := slices.Index(info.names, picked[0].MatchedName); k >= 0 && k < len(info.langs) {
			lang = info.langs[k]
		}
	}
	if lang == "" || lang == "en" || slices.ContainsFunc(a.Countries, func(c string) bool { return names.CountryLanguage(c) == lang }) {
		return nil
	}
	// The name must be the organisation's alone: a name many hold
	// ("Institute for Tidal Physics") is as likely one in the town.
	if !slices.ContainsFunc(b.Segments, func(s names.Segment) bool {
		id, ok := r.nameHolder(s.Tokens, s.Text)
		return s.Role == names.RoleName && ok && id == picked[0].SourceID
	}) {
		return nil
	}
	return picked
}

// mainlandAside drops the candidates in mainland China for a party that
// names Hong Kong or Macao and not China (names.ParseAffiliations reads
// "Kowloon, Hong Kong, China" so): the screen lets the three stand for
// each other, as an organisation there is often written "…, China", but a
// party that names the region means an organisation in it, not a
// namesake campus on the mainland ("… (Guangzhou)").
func mainlandAside(ms []match.Match, a *names.Affiliation) []match.Match {
	if !slices.ContainsFunc(a.Countries, func(c string) bool { return c == "hk" || c == "mo" }) || slices.Contains(a.Countries, "cn") {
		return ms
	}
	return slices.DeleteFunc(ms, func(m match.Match) bool { return slices.Equal(m.Countries, []string{"cn"}) })
}

// chosen turns the best match into organisations, replacing a retired
// record by its successors, a withdrawn one that has none by its parents,
// and a university's faculty by the university (see facultyOf).
func (r *Resolver) chosen(m match.Match) []Org {
	info := r.orgs[m.SourceID]
	if info == nil {
		return nil
	}
	if f := r.orgs[info.facultyOf]; f != nil {
		return []Org{{ID: info.facultyOf, Name: f.name, Country: f.country, Score: m.Score, Explanation: m.Explanation, Via: m.SourceID}}
	}
	if info.active {
		return []Org{{ID: m.SourceID, Name: info.name, Country: info.country, Score: m.Score, Explanation: m.Explanation}}
	}
	succ := append([]string(nil), r.standIns(m.SourceID)...)
	sort.Strings(succ)
	var out []Org
	for _, id := range succ {
		if s := r.orgs[id]; s != nil && s.active {
			out = append(out, Org{ID: id, Name: s.name, Country: s.country, Score: m.Score, Explanation: m.Explanation, Via: m.SourceID})
		}
	}
	return out
}

// noOrganisation are what authors write in place of an affiliation when
// they have none ("Independent researcher", "Retired"), normalised.
var noOrganisation = map[string]bool{
	"independent researcher": true, "independent scholar": true, "independent scientist": true, "independent consultant": true,
	"independent": true, "private practice": true, "private practitioner": true, "retired": true, "self employed": true,
	"unaffiliated": true, "no affiliation": true, "none": true, "freelance": true, "freelancer": true, "consultant": true,
	"independent research": true, "citizen scientist": true,
}

// noOrganisationFirst holds the first word of each of noOrganisation.
var noOrganisationFirst = func() map[string]bool {
	out := map[string]bool{}
	for p := range noOrganisation {
		w, _, _ := strings.Cut(p, " ")
		out[w] = true
	}
	return out
}()

// legalFormOnly reports whether the party's organisation segments and
// asides hold one word only and it is a legal form ("Inc.", "株式会社", "학교법인"):
// such a party names no organisation, though a registry acronym may read
// as one ("INC"). Names of legal forms' words only ("SE Corporation", "TBK
// Co., Ltd.") are names.
func legalFormOnly(a *names.Affiliation) bool {
	var only *names.Token
	for i := range a.Segments {
		s := &a.Segments[i]
		if s.Role != names.RoleName && s.Role != names.RoleAside {
			continue
		}
		for k := range s.Tokens {
			if only != nil {
				return false
			}
			only = &s.Tokens[k]
		}
	}
	return only != nil && only.Legal
}

// namesNoOrganisation reports whether every organisation segment of the
// party says that the author has none ("Independent researcher, London"):
// such words name no organisation, whatever registry names hold them.
func namesNoOrganisation(a *names.Affiliation) bool {
	found := false
	for _, s := range a.Segments {
		if s.Role != names.RoleName {
			continue
		}
		// Most segments are ruled out by their first word or length,
		// which spares normalising their text.
		if len(s.Tokens) == 0 || len(s.Tokens) > 2 || !noOrganisationFirst[s.Tokens[0].Surface] || !noOrganisation[names.Normalize(s.Text)] {
			return false
		}
		found = true
	}
	return found
}

// namesakeTownElsewhere reports whether the party, naming one
// organisation, writes a town with its name (see townsByName), and not
// m's, and m fits by a registry name that another organisation of m's
// country, not its parent or its unit, holds too ("Federal College of
// Tides, Northtown" and "Federal College of Tides, Eastport", written
// with a third town; "University of Westland" of "University of Westland
// at Eastport" for "University of Westland at Northtown"): the town
// written tells the namesakes apart, and names none of them.
func (r *Resolver) namesakeTownElsewhere(m match.Match, a *names.Affiliation) bool {
	info := r.orgs[m.SourceID]
	if info == nil || info.city == "" || countSegments(a, names.RoleName) > 1 {
		// Of two organisations written together, the town may be the
		// other's.
		return false
	}
	towns := r.townsByName(a)
	if len(towns) == 0 || slices.Contains(towns, info.city) || slices.Contains(r.writtenTowns(a), info.city) {
		return false
	}
	return slices.ContainsFunc(r.nameHolders(names.Tokenize(m.MatchedName)), func(id string) bool {
		o := r.orgs[id]
		return o != nil && o != info && o.country == info.country && !r.related(m, match.Match{SourceID: id})
	})
}

// townBeforeNameElsewhere reports whether the party's organisation
// segment opens with a town, the rest of it m's name, while m is in
// another town and none of its names writes that one ("Northtown Kestrel
// Hospital" for the Kestrel Hospital of Eastport): a town written first
// names the organisation of that town, as many are named. Universities,
// whose branches are named so, are not told apart by it.
func (r *Resolver) townBeforeNameElsewhere(m match.Match, a *names.Affiliation) bool {
	info := r.orgs[m.SourceID]
	if info == nil || info.city == "" || info.education {
		// A university's branch elsewhere is named with its town
		// first ("Northtown Westland University Research Institute").
		return false
	}
	for _, s := range a.Segments {
		if s.Role != names.RoleName || len(s.Tokens) < 2 || !s.Tokens[0].Place {
			continue
		}
		k := 0
		for k < len(s.Tokens) && s.Tokens[k].Place {
			k++
		}
		if k == len(s.Tokens) {
			continue
		}
		return tokenKey(s.Tokens[:k]) != info.city && !nameHolds(info, []string{s.Tokens[0].Text})
	}
	return false
}

// misfit reports whether m, chosen for party a, fits it by a reading that
// names another organisation: a place's name read as a misspelling (see
// placeMisread), "State" or a university's kind written on one side only
// (see stateLeft, qualifierLeft), or a kind of organisation the party
// does not write (see kindLeft).
func (r *Resolver) misfit(m match.Match, a *names.Affiliation) bool {
	return r.placeMisread(m) || stateLeft(m) || kindLeft(m, a) || r.qualifierLeft(m, a)
}

// typeQualifiers are the canonical words that make a university or
// institute another of its kind: "X University of Technology",
// "X Pedagogical University", "X Catholic University" and "X University"
// are different institutions. Subjects an author leaves out of a name
// ("… of Science", "… School of Medicine", "… Medical Center") are not
// among them.
var typeQualifiers = map[string]bool{
	"applied": true, "technology": true, "technological": true, "polytechnic": true, "pedagogical": true,
	"education": true, "cooperative": true, "economics": true,
	"maritime": true, "agricultural": true, "agriculture": true, "islamic": true, "islam": true, "catholic": true,
	"american": true, "international": true, "open": true, "normal": true,
}

// qualifierLeft reports whether m's name and the party differ by one of
// typeQualifiers, written on one side only: "University of Northwold" is
// not "Northwold University of Technology", nor the other way round. A
// company's "Technologies" or "International" is no kind of its.
func (r *Resolver) qualifierLeft(m match.Match, a *names.Affiliation) bool {
	if info := r.orgs[m.SourceID]; info == nil || info.company {
		return false
	}
	for _, e := range m.Explanation {
		if !typeQualifiers[e.Token] {
			continue
		}
		switch {
		case e.How == "unmatched_query" && e.Role == names.RoleName.String():
			return true
		case e.How == "unmatched_list" && !writesToken(a, e.Token):
			return true
		}
	}
	return false
}

// otherKinds are the canonical words that make an organisation named
// after another one a different kind of organisation: its hospital, its
// press, its foundation ("Northwold University Hospital", "Northwold
// University Press" for "University of Northwold").
var otherKinds = map[string]bool{"hospital": true, "hospitals": true, "clinic": true, "clinics": true, "press": true, "foundation": true, "trust": true, "museum": true, "library": true}

// kindLeft reports whether m's registry name has one of otherKinds that
// the party writes nowhere: "University of Northwold" is not the
// Northwold University Hospital. A family's head chosen by the rare words
// its family's names hold (see rareRunHolder) is named by them, whatever
// its kind.
func kindLeft(m match.Match, a *names.Affiliation) bool {
	if explainedBy(m, rareWordsHolder) {
		return false
	}
	for _, e := range m.Explanation {
		if e.How != "unmatched_list" || !otherKinds[e.Token] {
			continue
		}
		if !writesToken(a, e.Token) {
			return true
		}
	}
	return false
}

// stateLeft reports whether "State" is written on one side only, the
// string's or m's name, while both write the head word it goes with:
// "University of Westland" and "Westland State University" are two
// universities ("WSU Eastfield", written without "University", is the
// state university's campus).
func stateLeft(m match.Match) bool {
	state, head := false, false
	for _, e := range m.Explanation {
		switch {
		case e.Token == "state" && (e.How == "unmatched_list" || e.How == "unmatched_query" && e.Role == names.RoleName.String()):
			state = true
		case e.Query != "" && e.List != "" && hostHeads[e.Token]:
			head = true
		}
	}
	return state && head
}

// placeMisread reports whether m fits by a word read as a misspelling or
// a sound-alike of one of its own ("Andorra" for "Andhra", "Northwold" for
// "Northfold") that is itself, as written, the name of a town m is not
// in or of a country m is not in: a place's name written right is no
// misspelling. The town m is in, written as another language writes it
// ("Mysuru" for the University of Mysore in Mysuru), still is.
func (r *Resolver) placeMisread(m match.Match) bool {
	info := r.orgs[m.SourceID]
	if info == nil {
		return false
	}
	return slices.ContainsFunc(m.Explanation, func(e match.Evidence) bool {
		if e.How != string(names.HowTypo) && e.How != string(names.HowTransliterated) || e.Query == e.Token {
			return false
		}
		place, here := false, false
		if len(r.cities.countriesOf(e.Query)) > 0 {
			place, here = true, info.city == e.Query
		}
		if c, ok := names.CountryCode(e.Query); ok {
			place, here = true, here || info.country == c
		}
		return place && !here
	})
}

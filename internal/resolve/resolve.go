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
	"unicode"
	"unicode/utf8"

	"github.com/collabcheck/collabcheck/internal/match"
	"github.com/collabcheck/collabcheck/internal/names"
	"github.com/collabcheck/collabcheck/internal/registry"
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
	// organisation is its successor.
	Via string `json:"via,omitempty"`
}

// Result is what one affiliation string resolves to.
type Result struct {
	Input string `json:"input"`
	Orgs  []Org  `json:"orgs"`
}

type orgInfo struct {
	name       string
	country    string
	active     bool
	successors []string
	// education marks a university or other teaching institution.
	education bool
	// funder and facility mark those registry types: a facility (a lab,
	// an institute) or a unit that funds no research is cited with the
	// institution that hosts it.
	funder, facility bool
	// names are the organisation's registry names as written, read when
	// two candidates clash to see whether the string writes one out.
	names []string
	// parents are the registry parents' ids (all of them: a French
	// laboratory has its university and CNRS).
	parents []string
	// prominence counts the registry records that point at the
	// organisation as their parent or relative: a rough measure of how
	// often it is the one meant when two share a name.
	prominence int
	// hasParts marks an organisation other registry records name as
	// their parent.
	hasParts bool
}

// Resolver resolves affiliation strings against one registry snapshot. It
// is immutable and safe for concurrent use.
type Resolver struct {
	ix   *match.Index
	orgs map[string]*orgInfo
	// leads holds the openings "X … University" of registry names that
	// put the university after their own words ("Washington University in
	// St. Louis"), normalised.
	leads map[string][]string
	// cities are the registry's cities, read as addresses in a string.
	cities places
}

// New builds a resolver over the given registry organisations.
func New(orgs []registry.Org) *Resolver {
	r := &Resolver{orgs: make(map[string]*orgInfo, len(orgs)), leads: map[string][]string{}, cities: places{}}
	b := match.NewBuilder()
	for i := range orgs {
		o := &orgs[i]
		info := &orgInfo{name: o.DisplayName(), country: o.Country, active: o.Status == "active" || o.Status == "", education: slices.Contains(o.Types, "education"),
			funder: slices.Contains(o.Types, "funder"), facility: slices.Contains(o.Types, "facility")}
		for _, rel := range o.Related(registry.RelSuccessor) {
			info.successors = append(info.successors, rel.ID)
		}
		for _, rel := range o.Related(registry.RelParent) {
			info.parents = append(info.parents, rel.ID)
		}
		info.names = make([]string, len(o.Names))
		for k, n := range o.Names {
			info.names[k] = n.Value
		}
		r.orgs[o.ID] = info
		if o.City != "" {
			r.cities.add(o.City, o.Country)
		}
		for _, n := range o.Names {
			if !strings.Contains(n.Value, "niversity") {
				continue // no "X University …" (spared a normalisation)
			}
			if lead := universityLead(names.Normalize(n.Value)); lead != "" && !slices.Contains(r.leads[lead], o.ID) {
				r.leads[lead] = append(r.leads[lead], o.ID)
			}
		}
		e := o.Entity()
		b.Add(registry.ListName, &e)
	}
	for i := range orgs {
		for _, rel := range orgs[i].Relationships {
			if rel.Type == registry.RelParent || rel.Type == registry.RelRelated {
				if t := r.orgs[rel.ID]; t != nil {
					t.prominence++
					t.hasParts = t.hasParts || rel.Type == registry.RelParent
				}
			}
		}
	}
	r.ix = b.Build()
	return r
}

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
	parties := r.Parties(s)
	if len(parties) == 0 {
		if err := match.CheckQuery(s); err != nil {
			return res, err
		}
	}
	seen := map[string]bool{}
	for i := range parties {
		picked := r.resolveParty(&parties[i], opt)
		if len(picked) == 0 {
			picked = r.secondReading(&parties[i], opt)
		}
		for _, m := range picked {
			for _, o := range r.chosen(m) {
				if !seen[o.ID] {
					seen[o.ID] = true
					res.Orgs = append(res.Orgs, o)
				}
			}
		}
	}
	return res, nil
}

// resolveParty chooses the organisations one party names: the leading
// matches as pick reads them, else a clear leader below the threshold.
func (r *Resolver) resolveParty(a *names.Affiliation, opt Options) []match.Match {
	// pick reads the leading matches only, so the screen need not explain
	// or even score precisely what cannot be among them.
	ms, err := r.ix.ScreenAffiliation(a, match.Options{Limit: 8, Threshold: opt.Threshold, LeadingMatches: true, TrustUniqueAcronyms: true})
	if err != nil {
		return nil
	}
	if picked := r.pick(ms, opt.Margin, a); len(picked) > 0 || len(ms) > 0 {
		// Candidates above the threshold that pick set aside (as
		// ambiguous, or a unit without its parent) are not given a second
		// chance below it.
		return picked
	}
	all, err := r.ix.ScreenAffiliation(a, match.Options{Limit: 4, Threshold: opt.Threshold, TrustUniqueAcronyms: true})
	if err != nil {
		return nil
	}
	return r.leader(all, a)
}

// secondReading resolves a party the first reading chose nothing for:
// by the lead of a university's name, then with a benefactor's name or
// trailing acronyms read apart, then with a unit the registry does not
// hold read apart from the organisation written after it in the same
// segment.
func (r *Resolver) secondReading(a *names.Affiliation, opt Options) []match.Match {
	if picked := r.byLead(a); len(picked) > 0 {
		return picked
	}
	for _, cut := range []func(*names.Affiliation) (names.Affiliation, bool){benefactorCut, acronymCut} {
		if alt, ok := cut(a); ok {
			if picked := r.resolveParty(&alt, opt); len(picked) > 0 {
				return picked
			}
		}
	}
	for _, alt := range hostReadings(a) {
		// Only an organisation whose name the rest of the segment is,
		// word for word, is taken for the unit's host.
		picked := r.resolveParty(&alt.party, opt)
		if len(picked) == 1 && exactOnly(picked[0]) && alignsAll(picked[0], alt.host) {
			return picked
		}
	}
	if alt, ok := schoolCut(a); ok {
		// What is left of a school's name is often a single word: only a
		// university whose words it writes exactly is taken for it. A
		// benefactor's name may stand before the school ("Johns Hopkins
		// Bloomberg School of Public Health").
		readings := []names.Affiliation{alt}
		if b, ok := benefactorCut(&alt); ok {
			readings = append(readings, b)
		}
		for i := range readings {
			picked := r.resolveParty(&readings[i], opt)
			if len(picked) == 1 && r.isEducation(picked[0]) && exactOnly(picked[0]) {
				return picked
			}
		}
	}
	return nil
}

// benefactorCut returns the party with the word before a unit run into
// an organisation's name read as the unit's ("University of Pennsylvania
// Perelman School of Medicine": Perelman names the school), for a second
// reading when the first chose nothing. The parser cannot tell that word
// from the organisation's own last word ("University of California San
// Diego School of …"), so the cut is tried only when the first reading
// found no organisation.
func benefactorCut(a *names.Affiliation) (names.Affiliation, bool) {
	for i, s := range a.Segments {
		if s.Role != names.RoleName {
			continue
		}
		k := slices.IndexFunc(s.Tokens, func(t names.Token) bool { return t.Role == names.RoleDept })
		if k < 3 || s.Tokens[k-1].Role != names.RoleName {
			continue
		}
		alt := *a
		alt.Segments = slices.Clone(a.Segments)
		toks := slices.Clone(s.Tokens)
		toks[k-1].Role = names.RoleDept
		alt.Segments[i].Tokens = toks
		return alt, true
	}
	return names.Affiliation{}, false
}

// schoolCut returns the party with a school named after its university
// read as the school's words ("Harvard Medical School", "Johns Hopkins
// School of Public Health"): the words from the school on become the
// unit's, leaving the university's own. A second reading, for schools
// the registry does not hold.
func schoolCut(a *names.Affiliation) (names.Affiliation, bool) {
	for i, s := range a.Segments {
		if s.Role != names.RoleName {
			continue
		}
		k := -1
		for j, t := range s.Tokens {
			if t.Role != names.RoleName {
				continue
			}
			// Any school; a college or faculty only of medicine or health
			// ("College of Medicine"): a "College of Engineering" is often
			// an institution of its own.
			if t.Text == "school" || schoolWords[t.Text] && j+1 < len(s.Tokens) && medicalFields[s.Tokens[j+1].Text] {
				k = j
				break
			}
		}
		if k > 0 && s.Tokens[k-1].Text == "medicine" {
			k--
		}
		if k < 1 {
			continue
		}
		alt := *a
		alt.Segments = slices.Clone(a.Segments)
		toks := slices.Clone(s.Tokens)
		for j := k; j < len(toks); j++ {
			toks[j].Role = names.RoleDept
		}
		alt.Segments[i].Tokens = toks
		return alt, true
	}
	return names.Affiliation{}, false
}

// hostReading is a party read with the words before an organisation's
// name in one segment taken as a unit's; host holds the words left to
// the organisation.
type hostReading struct {
	party names.Affiliation
	host  []names.Token
}

// maxHostTokens bounds the segments hostReadings cuts, and maxHostWords
// how many words before its head word a host's name is given: together
// they bound the second readings one party can cost.
const (
	maxHostTokens = 16
	maxHostWords  = 5
)

// hostReadings returns the party read with a unit the registry does not
// hold run into the name of the organisation that hosts it, without a
// comma between ("Mathematical Institute of the Westland Academy of
// Sciences", "Key Laboratory of X College of Y Northwold University"):
// for each cut up to maxHostWords words before the segment's last head
// word (university, academy, institute …), the words before the cut
// become the unit's. The cuts come
// longest host name first. A host must keep a word of its own beyond
// common institutional vocabulary, and a segment that joins two names
// with a slash ("X College/Y University") is two names, not a unit and
// its host.
func hostReadings(a *names.Affiliation) []hostReading {
	var out []hostReading
	for i, s := range a.Segments {
		if s.Role != names.RoleName || len(s.Tokens) < 3 || len(s.Tokens) > maxHostTokens || strings.Contains(s.Text, "/") {
			continue
		}
		last := -1
		for j, t := range s.Tokens {
			if t.Role == names.RoleName && hostHeads[t.Text] {
				last = j
			}
		}
		for k := max(1, last-maxHostWords); k < last; k++ {
			if s.Tokens[k-1].Role != names.RoleName || utf8.RuneCountInString(s.Tokens[k-1].Text) == 1 {
				// An initial ("T. K. M. College") begins the name after it.
				continue
			}
			var host []names.Token
			own := false
			for _, t := range s.Tokens[k:] {
				if t.Role == names.RoleName {
					host = append(host, t)
					own = own || !names.IsGeneric(t.Text)
				}
			}
			if !own {
				continue
			}
			toks := slices.Clone(s.Tokens)
			for j := 0; j < k; j++ {
				toks[j].Role = names.RoleDept
			}
			alt := *a
			alt.Segments = slices.Clone(a.Segments)
			alt.Segments[i].Tokens = toks
			out = append(out, hostReading{party: alt, host: host})
		}
	}
	return out
}

// hostHeads are the canonical head words of the organisations that host
// units.
var hostHeads = map[string]bool{"university": true, "college": true, "hospital": true, "academy": true, "polytechnic": true, "institute": true}

// alignsAll reports whether m aligned every one of ts.
func alignsAll(m match.Match, ts []names.Token) bool {
	w := alignedWords(m)
	for _, t := range ts {
		if !w[t.Surface] {
			return false
		}
	}
	return len(ts) > 0
}

// exactOnly reports whether every word m aligned is written exactly as
// the registry writes it.
func exactOnly(m match.Match) bool {
	for _, e := range m.Explanation {
		if e.Query != "" && e.List != "" && e.How != string(names.HowExact) {
			return false
		}
	}
	return true
}

// schoolWords begin the name of a university's school or faculty.
var schoolWords = map[string]bool{"school": true, "college": true, "faculty": true}

// medicalFields are the canonical subjects of a university's medical
// colleges and faculties.
var medicalFields = map[string]bool{"medicine": true, "health": true, "dentistry": true, "pharmacy": true, "nursing": true}

// acronymCut returns the party with the acronyms written in capitals at
// the end of an organisation segment made segments of their own
// ("Sorbonne University INSERM CNRS"):
// exports that drop the commas run several organisations together. It is
// a second reading, tried only when the first chose nothing.
func acronymCut(a *names.Affiliation) (names.Affiliation, bool) {
	for i, s := range a.Segments {
		words := strings.Fields(s.Text)
		if s.Role != names.RoleName || len(s.Tokens) < 3 || len(words) < 3 {
			continue
		}
		last := len(s.Tokens)
		for w := len(words) - 1; last > 2 && w >= 0 && isCapsAcronym(words[w]) && s.Tokens[last-1].Surface == strings.ToLower(words[w]); w-- {
			last--
		}
		if last == len(s.Tokens) {
			continue
		}
		var segs []names.Segment
		one := func(ts []names.Token) {
			segs = append(segs, names.Segment{Text: s.Text, Role: names.RoleName, Tokens: ts})
		}
		one(s.Tokens[:last])
		for _, t := range s.Tokens[last:] {
			one([]names.Token{t})
		}
		alt := *a
		alt.Segments = slices.Concat(a.Segments[:i], segs, a.Segments[i+1:])
		return alt, true
	}
	return names.Affiliation{}, false
}

// acronymGuess reports whether m rests on a word the string writes as an
// acronym in capitals ("ZIT") that it aligns only approximately with a
// registry word: an acronym names its organisation letter for letter, and
// one letter off is another organisation's, not a spelling of it. m must
// also align no other distinctive word exactly.
func acronymGuess(m match.Match, a *names.Affiliation) bool {
	if a == nil || !slices.ContainsFunc(m.Explanation, func(e match.Evidence) bool {
		return e.Query != "" && e.List != "" && e.How != string(names.HowExact)
	}) {
		return false
	}
	caps := map[string]bool{}
	for _, s := range a.Segments {
		for _, w := range strings.FieldsFunc(s.Text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			if isCapsAcronym(w) {
				caps[strings.ToLower(w)] = true
			}
		}
	}
	guess := false
	for _, e := range m.Explanation {
		if e.Query == "" || e.List == "" {
			continue
		}
		switch {
		case caps[e.Query] && e.How != string(names.HowExact):
			guess = true
		case e.How == string(names.HowExact) && !names.IsGeneric(e.Token):
			return false
		}
	}
	return guess
}

// acronymOfOther reports whether m rests on an acronym the string spells
// out itself ("Cardio-Pulmonary Institute (CPI)"): the initials of
// another segment's words, none of which m aligns. The acronym abbreviates
// the name written beside it, not another organisation holding the same
// letters.
func (r *Resolver) acronymOfOther(m match.Match, a *names.Affiliation) bool {
	info := r.orgs[m.SourceID]
	if a == nil || info == nil {
		return false
	}
	words := alignedWords(m)
	var acr string
	for q := range words {
		if !names.IsGeneric(q) {
			if acr != "" {
				return false // m aligns more than one distinctive word
			}
			acr = q
		}
	}
	if len(acr) < 2 || !slices.ContainsFunc(a.Segments, func(s names.Segment) bool {
		return spells(acr, s.Tokens) && !slices.ContainsFunc(s.Tokens, func(t names.Token) bool { return words[t.Surface] })
	}) {
		return false
	}
	// m's own name may be what the acronym abbreviates.
	return !slices.ContainsFunc(info.names, func(n string) bool { return spells(acr, names.Tokenize(n)) })
}

// spells reports whether acr is the initials of ts.
func spells(acr string, ts []names.Token) bool {
	if len(ts) != len(acr) {
		return false
	}
	for i, t := range ts {
		if t.Text == "" || t.Text[0] != acr[i] {
			return false
		}
	}
	return true
}

// isCapsAcronym reports whether w is written as an acronym: three to
// eight capital letters.
func isCapsAcronym(w string) bool {
	if len(w) < 3 || len(w) > 8 {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < 'A' || w[i] > 'Z' {
			return false
		}
	}
	return true
}

// Parties parses an affiliation string into the parties it names, as
// Resolve reads them: names.ParseAffiliations, with the words that name
// one of the registry's cities read as an address.
func (r *Resolver) Parties(s string) []names.Affiliation {
	parties := names.ParseAffiliations(s)
	for i := range parties {
		r.cities.markPlaces(&parties[i], r.ix.IsName)
	}
	return parties
}

// pick chooses among one party's candidates. It walks them best first and
// notes each candidate that explains distinctive words no earlier one
// explains: another organisation named in the same string ("Department X,
// Hospital A, University B"). A candidate that explains the same words as
// a kept one within margin makes the choice ambiguous, and the party is
// left unresolved. A sub-unit whose parent is not named while another
// organisation is ("Institute of Biomedical Engineering, University of
// Oxford" where the registry's institute belongs elsewhere) is dropped, and
// the best remaining one is chosen.
func (r *Resolver) pick(ms []match.Match, margin float64, a *names.Affiliation) []match.Match {
	var kept []match.Match
	written := writtenNames(a)
	ms = r.dropNamesakeSites(ms)
	var keptWords []map[string]bool
	ambiguous := map[string]bool{} // words two unrelated organisations fit equally well
	ambiguousWritten := false      // whether one of those two is written out exactly
	for _, m := range ms {
		if !m.Match {
			break
		}
		words, own := alignedWords(m), distinctiveWords(m)
		if r.otherLead(m, a) || latinRelated(m) || acronymGuess(m, a) || r.acronymOfOther(m, a) {
			continue
		}
		if sameWords(words, ambiguous) && (ambiguousWritten || r.writtenOut(written, m) == notWritten) {
			// Two others fit these words equally well; only a name
			// written out exactly, as neither of them was ("University
			// of Victoria" beside two "Victoria University"), still
			// tells which is meant.
			continue
		}
		if len(own) == 0 && slices.ContainsFunc(keptWords, func(w map[string]bool) bool { return len(words) < len(w) && subset(words, w) }) {
			// Only common words ("Research Institute") that a kept
			// organisation's name already explains: no other party.
			continue
		}
		clash := -1
		for k := range kept {
			if sameWords(words, keptWords[k]) || (len(own) > 0 && subset(own, keptWords[k]) && subset(distinctiveWords(kept[k]), words)) {
				clash = k
				break
			}
		}
		if clash >= 0 && !sameWords(words, keptWords[clash]) && r.writtenOut(written, m) == writtenWhole && r.writtenOut(written, kept[clash]) == writtenWhole {
			// Both names are written out in full ("University of X,
			// University Hospital X"): they share words, not a reading.
			clash = -1
		}
		if clash >= 0 {
			if m.Score >= kept[clash].Score && len(words) > len(keptWords[clash]) && subset(keptWords[clash], words) {
				// As good a fit that explains more of the words
				// ("Tribhuvan University Teaching Hospital" against
				// "Tribhuvan University" for the whole segment).
				kept[clash], keptWords[clash] = m, words
				continue
			}
			if len(words) < len(keptWords[clash]) && subset(words, keptWords[clash]) {
				// The kept candidate explains every word this one does
				// and more ("University of X School of Medicine" against
				// "University of X"): it is the more specific reading.
				continue
			}
			if margin > 0 && kept[clash].Score-m.Score < margin && !r.related(kept[clash], m) {
				// Of two organisations fitting the same words, one whose
				// name is written out exactly, in its own word order, is
				// the one meant ("University of Miami", not "Miami
				// University"; "Institutes" not "Institute").
				ek, em := r.writtenOut(written, kept[clash]), r.writtenOut(written, m)
				if em > ek {
					kept[clash], keptWords[clash] = m, words
					continue
				}
				if ek > em {
					continue
				}
			}
			if margin > 0 && kept[clash].Score-m.Score < margin && !r.related(kept[clash], m) && r.clearlyMoreProminent(m, kept[clash]) {
				kept[clash], keptWords[clash] = m, words
				continue
			}
			if margin > 0 && kept[clash].Score-m.Score < margin && !r.related(kept[clash], m) && !r.clearlyMoreProminent(kept[clash], m) {
				// Two unrelated organisations fit the same words ("Ministry
				// of Education" of two countries): neither is chosen for
				// them, but other words of the string may still name one.
				ambiguous, ambiguousWritten = keptWords[clash], r.writtenOut(written, kept[clash]) != notWritten || r.writtenOut(written, m) != notWritten
				kept = append(kept[:clash], kept[clash+1:]...)
				keptWords = append(keptWords[:clash], keptWords[clash+1:]...)
			}
			continue
		}
		kept = append(kept, m)
		keptWords = append(keptWords, words)
	}
	if len(kept) > 1 {
		// An organisation written out in full is better evidence than one
		// only an acronym names ("Université X, CNRS, ENTPE").
		var full []match.Match
		for _, m := range kept {
			if !byAcronym(m) {
				full = append(full, m)
			}
		}
		if len(full) > 0 {
			kept = full
		}
	}
	if len(kept) > 1 && len(a.Countries) == 0 {
		kept = r.coherentCountries(kept, a)
	}
	if len(kept) == 1 && byAcronym(kept[0]) && !countryAgrees(kept[0]) && len(a.Tokens()) == 1 {
		// A bare acronym and nothing else ("CMAP"): many organisations
		// outside the registry may write it.
		return nil
	}
	if len(kept) > 1 {
		var out []match.Match
		for _, m := range kept {
			if r.knownParent(m) && !r.ancestorKept(m, kept) {
				continue
			}
			out = append(out, m)
		}
		kept = out
	}
	// One organisation per party: the best consistent one. Strings that
	// name several parties separate them with ";" (see ParseAffiliations).
	if len(kept) > 1 {
		out := kept
		// A part of the first organisation that explains its words and
		// more ("University of X, Y" for its Y campus) is the one meant.
		first, fw := kept[0], alignedWords(kept[0])
		for _, m := range kept[1:] {
			if w := alignedWords(m); len(w) > len(fw) && subset(fw, w) && r.related(first, m) {
				first, fw = m, w
			}
		}
		if !r.isEducation(first) {
			// Several organisations named in one party ("Department X,
			// Howard Hughes Medical Institute, University Y"): the
			// teaching institution is the affiliation's host.
			for _, m := range kept {
				if r.isEducation(m) && !r.related(first, m) && m.Score >= first.Score-specificMargin {
					first = m
					break
				}
			}
		}
		kept = []match.Match{first}
		// A unit of a university written with it ("Institute of
		// Biophysics, University X") names both: the unit first, as the
		// more specific, then each ancestor university written beside it.
		if r.hosted(first) {
			for _, m := range out {
				if m.SourceID != first.SourceID && r.isAncestor(m, first) && r.isEducation(m) {
					kept = append(kept, m)
				}
			}
		}
	}
	if len(kept) == 1 && r.partsAlike(kept[0], ms) {
		if part, ok := r.partByPlace(kept[0], ms, a); ok {
			return []match.Match{part}
		}
		return nil
	}
	if len(kept) == 1 && (r.orphanUnit(kept[0], a) || r.hostAbroad(kept[0], a) || r.unwrittenSystem(kept[0], a)) {
		return nil
	}
	return kept
}

// unwrittenSystem reports whether m is a system of institutions (one
// whose registry name says "System" and whose parts the registry lists)
// that the string names without writing "system" ("University of X" for
// "University of X System"): authors work at one of its institutions, and
// the string does not say which.
func (r *Resolver) unwrittenSystem(m match.Match, a *names.Affiliation) bool {
	info := r.orgs[m.SourceID]
	if info == nil || !info.hasParts || !slices.Contains(strings.Fields(names.Normalize(info.name)), "system") {
		return false
	}
	return !slices.ContainsFunc(a.Tokens(), func(t names.Token) bool { return t.Text == "system" })
}

// hostMin is the score at which an organisation segment on its own is
// taken to name an organisation, for telling its country.
const hostMin = 0.4

// hostAbroad reports whether the party names, in a segment m does not
// explain, an organisation units belong to ("…, Hebrew University") that
// on its own reads as an organisation in another country than m's, when
// the string names no country of m's: authors name a unit with its own
// host, in one country, so m is a namesake abroad ("Institute of
// Environmental Sciences" of another country).
func (r *Resolver) hostAbroad(m match.Match, a *names.Affiliation) bool {
	if a == nil || len(a.Segments) < 2 || countryAgrees(m) || len(m.Countries) == 0 || r.isEducation(m) {
		return false
	}
	used, at := alignedWords(m), lastSegment(m, a)
	for i, s := range a.Segments {
		if i <= at || s.Role != names.RoleName || !orgHeadIn(s.Tokens) || slices.ContainsFunc(s.Tokens, func(t names.Token) bool { return used[t.Surface] }) {
			continue
		}
		one := names.Affiliation{Raw: s.Text, Segments: []names.Segment{s}, Countries: a.Countries}
		hs, err := r.ix.ScreenAffiliation(&one, match.Options{Limit: 2, Threshold: DefaultThreshold})
		if err != nil || len(hs) == 0 || hs[0].Score < hostMin || len(hs[0].Countries) == 0 || len(distinctiveWords(hs[0])) == 0 || r.related(hs[0], m) {
			continue
		}
		if len(hs) > 1 && hs[0].Score-hs[1].Score < leadGap && !r.related(hs[0], hs[1]) {
			continue // the segment reads as no one organisation
		}
		if !slices.ContainsFunc(hs[0].Countries, func(c string) bool { return slices.Contains(m.Countries, c) }) {
			return true
		}
	}
	return false
}

// orphanUnit reports whether m is a unit of a registry organisation the
// string does not name while the string names another organisation m
// does not explain ("Institute of Environmental Sciences, Hebrew
// University" against a namesake institute of a Japanese university):
// authors name a unit with its own host, so the unit meant is the other
// organisation's.
func (r *Resolver) orphanUnit(m match.Match, a *names.Affiliation) bool {
	info := r.orgs[m.SourceID]
	if info == nil || !r.knownParent(m) {
		return false
	}
	used := alignedWords(m)
	other := false
	for _, s := range a.Segments {
		if s.Role != names.RoleName || !orgHeadIn(s.Tokens) {
			continue
		}
		explained := false
		for _, t := range s.Tokens {
			explained = explained || used[t.Surface]
		}
		if !explained {
			other = true
			break
		}
	}
	return other && !r.ancestorWritten(m.SourceID, a)
}

// orgHeadIn reports whether ts hold a word that heads the name of an
// organisation units belong to.
func orgHeadIn(ts []names.Token) bool {
	for _, t := range ts {
		if unitHosts[t.Text] {
			return true
		}
	}
	return false
}

// unitHosts are the canonical words of the organisations units belong
// to.
var unitHosts = map[string]bool{"university": true, "college": true, "hospital": true, "academy": true, "polytechnic": true}

// ancestorWritten reports whether a registry name of one of id's
// ancestors appears in the party: a distinctive word of it, or all its
// words.
func (r *Resolver) ancestorWritten(id string, a *names.Affiliation) bool {
	words := map[string]bool{}
	for _, t := range a.Tokens() {
		words[t.Text] = true
	}
	seen := map[string]bool{}
	queue := slices.Clone(r.orgs[id].parents)
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		info := r.orgs[p]
		if info == nil || seen[p] {
			continue
		}
		seen[p] = true
		for _, n := range info.names {
			ts := names.Tokenize(n)
			all := len(ts) > 0
			for _, t := range ts {
				if words[t.Text] && !names.IsGeneric(t.Text) {
					return true
				}
				all = all && words[t.Text]
			}
			if all {
				return true // a name of common words written in full
			}
		}
		queue = append(queue, info.parents...)
	}
	return false
}

// Lead acceptance: a candidate below the threshold is still chosen when
// it explains every word of the organisation's name as written, scores at
// least minLead, and leads every unrelated candidate by leadGap.
const (
	minLead = 0.5
	leadGap = 0.15
)

// leader returns the candidate that explains all the organisation words
// of the party and clearly leads the others, or nothing. It catches names
// written shorter than the registry's ("University of Marburg" for
// "Philipps University of Marburg") or with a unit run into them, and an
// organisation written as its exact acronym in the country the string
// names ("CERN, Geneva, Switzerland").
func (r *Resolver) leader(ms []match.Match, a *names.Affiliation) []match.Match {
	if len(ms) == 0 || ms[0].Score < minLead || byAcronym(ms[0]) && !exactAcronymInCountry(ms[0]) || latinRelated(ms[0]) || acronymGuess(ms[0], a) || r.otherLead(ms[0], a) || r.partsAlike(ms[0], ms) {
		return nil
	}
	top, own := ms[0], false
	for _, e := range top.Explanation {
		if e.Role == names.RoleName.String() {
			if e.How == "unmatched_query" {
				return nil
			}
			own = own || (e.List != "" && !names.IsGeneric(e.Token))
		}
		if strings.HasPrefix(e.How, "country_mismatch") {
			return nil
		}
	}
	if !own || r.hostAbroad(top, a) {
		return nil
	}
	for _, m := range ms[1:] {
		if !r.related(top, m) && top.Score-m.Score < leadGap {
			return nil
		}
	}
	return []match.Match{top}
}

// coherentCountries keeps, of several organisations a party names, those
// in the country of the one written last, when the string names no
// country itself. Affiliations run from the unit to the institution that
// hosts it, and the institution's country is the party's: "National Cancer
// Institute, National Institutes of Health" does not mean a namesake
// institute abroad.
func (r *Resolver) coherentCountries(kept []match.Match, a *names.Affiliation) []match.Match {
	last, at := -1, -1
	for i, m := range kept {
		if p := lastSegment(m, a); p > at {
			last, at = i, p
		}
	}
	if last < 0 || len(kept[last].Countries) == 0 {
		return kept
	}
	var out []match.Match
	for _, m := range kept {
		if len(m.Countries) == 0 || slices.ContainsFunc(m.Countries, func(c string) bool { return slices.Contains(kept[last].Countries, c) }) || r.related(m, kept[last]) {
			out = append(out, m)
		}
	}
	return out
}

// lastSegment returns the index of the organisation or department
// segment of a that holds most of the words m aligned, the last of
// several that hold as many, or -1 (also when m rests on an acronym alone,
// weak evidence of where the party is). A later segment that repeats a
// word of m's ("Institute of X Medicine, University Y, Laboratory of X
// Medicine") is not where m is written.
func lastSegment(m match.Match, a *names.Affiliation) int {
	last, most := -1, 0
	if byAcronym(m) {
		return -1
	}
	words := alignedWords(m)
	for i, s := range a.Segments {
		if s.Role != names.RoleName && s.Role != names.RoleDept {
			continue
		}
		n := 0
		for _, t := range s.Tokens {
			if words[t.Surface] {
				n++
			}
		}
		if n > 0 && n >= most {
			last, most = i, n
		}
	}
	return last
}

// latinRelated reports whether m aligns a word written in Latin script
// with a different word it merely relates to ("University" with
// "College"): an author writing in the registry's own script names the
// organisation with its own words. Related words stand for each other only
// when a Chinese name is read in translation.
func latinRelated(m match.Match) bool {
	for _, e := range m.Explanation {
		if e.How == string(names.HowRelated) && !names.HasHan(e.Query) {
			return true
		}
	}
	return false
}

// byAcronym reports whether m rests on a bare acronym alone.
func byAcronym(m match.Match) bool {
	for _, e := range m.Explanation {
		if e.How != "" && e.Query == "" && strings.Contains(e.How, "acronym") {
			return true
		}
	}
	return false
}

// exactAcronymInCountry reports whether m rests on a short name or
// acronym written exactly as the registry has it ("CERN, Geneva,
// Switzerland"), of an organisation in the country the string names. Such
// an acronym is evidence enough when the candidate also leads every
// unrelated other clearly (see leader); a bare acronym with no country
// agreeing is not.
func exactAcronymInCountry(m match.Match) bool {
	exact := false
	for _, e := range m.Explanation {
		if e.Query != "" && e.List != "" {
			if e.How != string(names.HowExact) {
				return false
			}
			exact = true
		}
	}
	return exact && countryAgrees(m)
}

// countryAgrees reports whether a country the string names is m's.
func countryAgrees(m match.Match) bool {
	for _, e := range m.Explanation {
		if strings.HasPrefix(e.How, "country_match") {
			return true
		}
	}
	return false
}

// hosted reports whether m is a unit that authors cite with the
// university hosting it: one that funds no research of its own, or a
// facility. (A research council's institute, such as one of the Chinese
// Academy of Sciences, is cited as itself: the most specific party.)
func (r *Resolver) hosted(m match.Match) bool {
	info := r.orgs[m.SourceID]
	return info != nil && (!info.funder || info.facility)
}

func (r *Resolver) isEducation(m match.Match) bool {
	info := r.orgs[m.SourceID]
	return info != nil && info.education
}

// dropNamesakeSites removes the parts of an organisation that are listed
// under exactly its name and fit the string exactly as well (the sites of
// "European Molecular Biology Laboratory"): the string names the whole.
func (r *Resolver) dropNamesakeSites(ms []match.Match) []match.Match {
	var out []match.Match
	for _, m := range ms {
		site := false
		for _, c := range ms {
			if c.Score == m.Score && c.SourceID != m.SourceID && r.isAncestor(c, m) && names.Normalize(c.MatchedName) == names.Normalize(m.MatchedName) {
				site = true
				break
			}
		}
		if !site {
			out = append(out, m)
		}
	}
	return out
}

// isAncestor reports whether a is a parent, grandparent … of b in the
// registry, through any of b's parents (m.Via follows only the first).
func (r *Resolver) isAncestor(a, b match.Match) bool {
	seen := map[string]bool{}
	queue := []string{b.SourceID}
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		info := r.orgs[id]
		if info == nil {
			continue
		}
		for _, p := range info.parents {
			if p == a.SourceID {
				return true
			}
			if !seen[p] {
				seen[p] = true
				queue = append(queue, p)
			}
		}
	}
	return false
}

// partsAlike reports whether two or more parts of m fit the words m
// fits about as well ("University of California" and its campuses named
// "University of California, …"): the string names the whole only as
// loosely as any of its parts, and which one is meant is unclear.
func (r *Resolver) partsAlike(m match.Match, ms []match.Match) bool {
	words, n := alignedWords(m), 0
	for _, c := range ms {
		if !c.Match || m.Score-c.Score >= specificMargin {
			continue
		}
		if r.isAncestor(m, c) && sameWords(alignedWords(c), words) {
			n++
		}
	}
	return n >= 2
}

// partByPlace returns, of the parts of m that fit the string as well as
// m does (the campuses of a university system), the one whose registered
// name holds a place the string writes as its address ("University of
// Westmarch, 1 Main Street, Northtown" for "University of Westmarch,
// Northtown"), when exactly one does.
func (r *Resolver) partByPlace(m match.Match, ms []match.Match, a *names.Affiliation) (match.Match, bool) {
	places := map[string]bool{}
	for _, t := range a.Tokens() {
		if t.Role == names.RoleAddress && !names.IsGeneric(t.Text) && !names.IsDigits(t.Text) {
			places[t.Text] = true
		}
	}
	if len(places) == 0 {
		return match.Match{}, false
	}
	own := map[string]bool{}
	if info := r.orgs[m.SourceID]; info != nil {
		for _, n := range info.names {
			for _, t := range names.Tokenize(n) {
				own[t.Text] = true
			}
		}
	}
	words := alignedWords(m)
	var found []match.Match
	for _, c := range ms {
		if !c.Match || m.Score-c.Score >= specificMargin || !r.isAncestor(m, c) || !sameWords(alignedWords(c), words) {
			continue
		}
		info := r.orgs[c.SourceID]
		if info == nil {
			continue
		}
		placed := false
		for _, n := range info.names {
			for _, t := range names.Tokenize(n) {
				placed = placed || places[t.Text] && !own[t.Text]
			}
		}
		if placed && !slices.ContainsFunc(found, func(f match.Match) bool { return f.SourceID == c.SourceID }) {
			found = append(found, c)
		}
	}
	if len(found) != 1 {
		return match.Match{}, false
	}
	return found[0], true
}

// universityLead returns the words of a normalised name up to and
// including "university" when other words come first ("washington
// university" of "washington university in st louis"), or "".
func universityLead(n string) string {
	i := strings.Index(n, " university")
	if i <= 0 {
		return ""
	}
	return n[:i+len(" university")]
}

// otherLead reports whether the string writes "X University" where m's
// matched name is "University of X" while another registry organisation
// is named "X University …" and m is not: word order is then what tells
// them apart.
func (r *Resolver) otherLead(m match.Match, a *names.Affiliation) bool {
	if a == nil || len(m.MatchedName) < 11 || !strings.EqualFold(m.MatchedName[:11], "university ") {
		return false
	}
	for _, s := range a.Segments {
		if lead := r.segmentLead(s); lead != "" && !slices.Contains(r.leads[lead], m.SourceID) {
			return true
		}
	}
	return false
}

// segmentLead returns the lead ("washington university") of an
// organisation segment that names "X University" itself, perhaps with a
// unit after it ("X University School of Medicine"), when registry
// organisations are named "X University …"; else "". A hospital or campus
// that carries "X University" in its own name has no lead.
func (r *Resolver) segmentLead(s names.Segment) string {
	if s.Role != names.RoleName {
		return ""
	}
	n := strings.TrimPrefix(names.Normalize(s.Text), "the ")
	lead := universityLead(n)
	if lead == "" || len(r.leads[lead]) == 0 || !distinctiveLead(lead) {
		return ""
	}
	rest := strings.Fields(strings.TrimPrefix(n, lead))
	if len(rest) == 0 || names.IsDigits(rest[0]) || leadUnitWords[rest[0]] {
		return lead
	}
	return ""
}

// byLead chooses, for a party that resolved to nothing, the organisation
// whose registry name begins with the "X University" a segment writes
// ("Washington University School of Medicine" for "Washington University
// in St. Louis"), when exactly one does, the others are its units, or it
// is the only university among them.
func (r *Resolver) byLead(a *names.Affiliation) []match.Match {
	for _, s := range a.Segments {
		lead := r.segmentLead(s)
		id := r.leadRoot(r.leads[lead])
		if lead == "" || id == "" {
			continue
		}
		info := r.orgs[id]
		if info == nil || r.unwrittenSystem(match.Match{SourceID: id}, a) {
			continue
		}
		return []match.Match{{
			List: registry.ListName, SourceID: id, Name: info.name, MatchedName: info.name, Score: leadScore, Match: true,
			Explanation: []match.Evidence{{How: "name_lead", Note: lead, Weight: leadScore}},
		}}
	}
	return nil
}

// leadRoot returns the one organisation of ids that is an ancestor of all
// the others (or the only one), else the only teaching institution among
// them, or "".
func (r *Resolver) leadRoot(ids []string) string {
	for _, id := range ids {
		root := true
		for _, other := range ids {
			if other != id && !r.isAncestor(match.Match{SourceID: id}, match.Match{SourceID: other}) {
				root = false
				break
			}
		}
		if root {
			return id
		}
	}
	// "X University" written with a unit names a university: the one
	// teaching institution among them, if only one is.
	edu := ""
	for _, id := range ids {
		if info := r.orgs[id]; info != nil && info.education {
			if edu != "" {
				return ""
			}
			edu = id
		}
	}
	return edu
}

// leadScore is the score of an organisation chosen by its name's lead.
const leadScore = 0.86

// leadUnitWords start a unit written after a university's name.
var leadUnitWords = map[string]bool{"school": true, "department": true, "dept": true, "faculty": true, "college": true, "division": true}

// distinctiveLead reports whether a lead has a word of its own before
// "university" ("washington university", not "state university").
func distinctiveLead(lead string) bool {
	for _, w := range strings.Fields(strings.TrimSuffix(lead, " university")) {
		if !names.IsGeneric(w) {
			return true
		}
	}
	return false
}

// writtenNames are the normalised texts of a party's organisation and
// department segments, and of those segments without a leading article:
// the names written out in full.
func writtenNames(a *names.Affiliation) map[string]bool {
	out := map[string]bool{}
	if a == nil {
		return out
	}
	for _, s := range a.Segments {
		if s.Role != names.RoleName && s.Role != names.RoleDept && s.Role != names.RoleAside {
			continue
		}
		n := names.Normalize(s.Text)
		out[n] = true
		if rest, ok := strings.CutPrefix(n, "the "); ok {
			out[rest] = true
		}
		// An organisation's name run together with its unit ("University
		// of Miami Miller School of Medicine") is written out in its own
		// words, in order, before the unit's.
		if s.Role == names.RoleName && slices.ContainsFunc(s.Tokens, func(t names.Token) bool { return t.Role == names.RoleDept }) {
			var own []names.Token
			for _, t := range s.Tokens {
				if t.Role == names.RoleName {
					own = append(own, t)
				}
			}
			if len(own) > 0 {
				out[unitPrefix+tokenKey(own)] = true
			}
		}
	}
	return out
}

// unitPrefix marks the written names that are the token sequence of an
// organisation's words inside a segment that also names a unit.
const unitPrefix = "\x00"

// How a candidate's name is written in a party: not at all, as the
// organisation's words before a unit in the same segment, or as a whole
// segment.
const (
	notWritten = iota
	writtenBeforeUnit
	writtenWhole
)

// writtenOut tells how one of m's registry names (the one matched first)
// is among the written names.
func (r *Resolver) writtenOut(written map[string]bool, m match.Match) int {
	if len(written) == 0 {
		return notWritten
	}
	units := false
	for k := range written {
		if strings.HasPrefix(k, unitPrefix) {
			units = true
			break
		}
	}
	level := func(name string) int {
		n := names.Normalize(name)
		rest, _ := strings.CutPrefix(n, "the ")
		switch {
		case written[n] || written[rest]:
			return writtenWhole
		case units && written[unitPrefix+tokenKey(names.Tokenize(name))]:
			return writtenBeforeUnit
		}
		return notWritten
	}
	best := level(m.MatchedName)
	if info := r.orgs[m.SourceID]; info != nil && best < writtenWhole {
		for _, n := range info.names {
			if n != m.MatchedName {
				best = max(best, level(n))
			}
		}
	}
	return best
}

// alignedWords are the query words a match aligned.
func alignedWords(m match.Match) map[string]bool {
	out := map[string]bool{}
	for _, e := range m.Explanation {
		if e.Query != "" && e.List != "" {
			out[e.Query] = true
		}
	}
	return out
}

// sameWords reports whether two word sets are equal and not empty.
func sameWords(a, b map[string]bool) bool {
	return len(a) > 0 && len(a) == len(b) && subset(a, b)
}

func subset(a, b map[string]bool) bool {
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

// distinctiveWords are the query words a match aligned, other than common
// institutional vocabulary.
func distinctiveWords(m match.Match) map[string]bool {
	out := map[string]bool{}
	for _, e := range m.Explanation {
		if e.Query != "" && e.List != "" && !names.IsGeneric(e.Token) {
			out[e.Query] = true
		}
	}
	return out
}

func overlaps(a, b map[string]bool) bool {
	for k := range a {
		if b[k] {
			return true
		}
	}
	return false
}

// knownParent reports whether m belongs to a parent in the registry: a
// parent known only by its label (outside the registry) does not make m a
// sub-unit that needs its parent named.
func (r *Resolver) knownParent(m match.Match) bool {
	if info := r.orgs[m.SourceID]; info != nil {
		for _, p := range info.parents {
			if r.orgs[p] != nil {
				return true
			}
		}
	}
	return false
}

// ancestorKept reports whether one of m's ancestors is among kept.
func (r *Resolver) ancestorKept(m match.Match, kept []match.Match) bool {
	for _, k := range kept {
		if r.isAncestor(k, m) {
			return true
		}
	}
	return false
}

// specificMargin is how close below an organisation its parts must score
// to count as fitting the string as well.
const specificMargin = 0.05

// prominenceRatio is how many times more registry records must point at
// one of two same-named organisations for it to be taken as the one meant.
const prominenceRatio = 4

// clearlyMoreProminent reports whether a is far more prominent than b.
func (r *Resolver) clearlyMoreProminent(a, b match.Match) bool {
	ia, ib := r.orgs[a.SourceID], r.orgs[b.SourceID]
	if ia == nil || ib == nil {
		return false
	}
	return ia.prominence >= prominenceRatio*(ib.prominence+1)
}

// related reports whether a is an ancestor of b or b of a.
func (r *Resolver) related(a, b match.Match) bool {
	return r.isAncestor(a, b) || r.isAncestor(b, a)
}

// chosen turns the best match into organisations, replacing a retired
// record by its successors.
func (r *Resolver) chosen(m match.Match) []Org {
	info := r.orgs[m.SourceID]
	if info == nil {
		return nil
	}
	if info.active || len(info.successors) == 0 {
		if !info.active {
			return nil // retired with no successor: nothing to point at
		}
		return []Org{{ID: m.SourceID, Name: info.name, Country: info.country, Score: m.Score, Explanation: m.Explanation}}
	}
	succ := append([]string(nil), info.successors...)
	sort.Strings(succ)
	var out []Org
	for _, id := range succ {
		if s := r.orgs[id]; s != nil && s.active {
			out = append(out, Org{ID: id, Name: s.name, Country: s.country, Score: m.Score, Explanation: m.Explanation, Via: m.SourceID})
		}
	}
	return out
}

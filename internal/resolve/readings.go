package resolve

// Second readings: when the first reading of a party finds nothing, these
// read it again another way (a unit run into its host, a school, a
// benefactor's name, acronyms run onto a name, a university's lead).

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/collabcheck/collabcheck/internal/match"
	"github.com/collabcheck/collabcheck/internal/names"
	"github.com/collabcheck/collabcheck/internal/registry"
)

// secondReading resolves a party the first reading chose nothing for:
// by the lead of a university's name, then with a benefactor's name or
// trailing acronyms read apart, then with a unit the registry does not
// hold read apart from the organisation written after it in the same
// segment or "at" it, then with an organisation's name run on after a
// unit's read apart, or a department run on after an organisation's
// name, then as two names joined by their subjects, then
// with a unit's words run on after its host's read apart, then with a
// centre the parser took for a unit read as an organisation, then with a
// school read apart from the university or other host named before it,
// then with words an export ran together read apart (see
// splitCamelWords).
func (r *Resolver) secondReading(a *names.Affiliation, opt Options) []match.Match {
	if picked := r.byLead(a); len(picked) > 0 {
		return picked
	}
	if picked := r.byOpeningInTown(a); len(picked) > 0 {
		return picked
	}
	for _, alt := range benefactorCuts(a) {
		if picked := r.resolveParty(&alt, opt); len(picked) > 0 {
			return picked
		}
	}
	if alt, ok := acronymCut(a); ok {
		if picked := r.resolveParty(&alt, opt); len(picked) > 0 {
			return picked
		}
	}
	if alt, acr, rest, ok := leadingAcronymCut(a, r.ix.IsName); ok {
		// Read as a unit's, the words leave the acronym to name the
		// organisation; read as an organisation's, they name it
		// themselves, word for word, and the acronym another one, unless
		// the acronym is a word of the name ("NOVA University of X").
		// Read as an organisation's but naming none the registry holds
		// there, they are the unit of the organisation the acronym
		// names, when only one there holds it ("MIT Center for
		// Theoretical Physics, Cambridge, MA"), unless an organisation's
		// head word among them may open another's name ("CAS Key
		// Laboratory … University of X").
		unit := rest[0].Role == names.RoleDept
		if unit || !r.nameWord(a, acr, rest) {
			if picked := r.resolveParty(&alt, opt); len(picked) == 1 && (byAcronym(picked[0]) == unit && (unit || exactOnly(picked[0]) && alignsAll(picked[0], rest)) ||
				!unit && byAcronym(picked[0]) && uniqueAcronym(picked[0]) && countryAgrees(picked[0]) && !orgHeadIn(rest)) {
				return picked
			}
		}
	}
	// A unit run into its host, then a unit "at" its host.
	if picked := r.byHost(hostReadings(a, r.ix.IsName), opt); len(picked) > 0 {
		return picked
	}
	if picked := r.byHost(atReadings(a), opt); len(picked) > 0 {
		return picked
	}
	runOn := r.runOnReadings(a)
	if picked := r.byHost(runOn, opt); len(picked) > 0 {
		return picked
	}
	if picked := r.byHost(unitAfterReadings(a), opt); len(picked) > 0 {
		return picked
	}
	if picked := r.bySubjects(a, opt); len(picked) > 0 {
		return picked
	}
	if alt, host, ok := r.tailUnitCut(a); ok {
		// The host must be written as the registry writes it: an
		// acronym in capitals ("ABCU Orthopaedic Hospital"), other words
		// as such, not read as abbreviations ("Agricultural Economics …
		// Group" is no "AGR").
		if picked := r.resolveParty(&alt, opt); len(picked) == 1 && exactOnly(picked[0]) && alignsAll(picked[0], host) &&
			(writtenInCapitals(a, host) || !byAcronym(picked[0]) && !explainedBy(picked[0], string(names.HowAbbreviation))) {
			return picked
		}
	}
	for _, alt := range r.centresAsNames(a) {
		if picked := r.resolveParty(&alt.party, opt); len(picked) == 1 && exactOnly(picked[0]) && alignsAll(picked[0], alt.words) {
			return picked
		}
	}
	// A school named after its university, written as such or run on
	// after a unit's words ("Department of X Northwold School of
	// Medicine").
	var schools []names.Affiliation
	if alt, ok := schoolCut(a); ok {
		schools = append(schools, alt)
	}
	for i := range runOn {
		if alt, ok := schoolCut(&runOn[i].party); ok {
			schools = append(schools, alt)
		}
	}
	for _, alt := range schools {
		// What is left of a school's name is often a single word: only a
		// university whose words it writes exactly is taken for it. A
		// benefactor's name may stand before the school ("Kestrel Vale
		// Smithers School of Public Health").
		readings := append([]names.Affiliation{alt}, benefactorCuts(&alt)...)
		for i := range readings {
			picked := r.resolveParty(&readings[i], opt)
			if len(picked) == 1 && exactOnly(picked[0]) && (r.isEducation(picked[0]) || wholeNameLeft(picked[0], &readings[i])) {
				return picked
			}
		}
	}
	for _, alt := range r.embeddedNames(a) {
		// A name of common words only names an organisation the registry
		// relates to others, as a host's does (see byHost). Words after a
		// name the index shortened by its town, that are no unit's, stand
		// where the town did ("Institut de Tidologie Fondamentale" for the
		// "Institut de Tidologie de Northtown"): another organisation's.
		if picked := r.resolveParty(&alt.party, opt); len(picked) == 1 && exactOnly(picked[0]) && alignsAll(picked[0], alt.words) &&
			(ownWord(alt.words) || r.knownWhole(picked[0], alt.words)) &&
			(unitAfterName(alt.after, alt.text) || !r.townDroppedMatch(picked[0])) {
			return picked
		}
	}
	if text, ok := splitCamelWords(a.Raw); ok {
		// Words an export ran together ("Université de HauteRivière",
		// "University of TechnologyWestmarch"), read apart: only an
		// organisation every written word of the name explains.
		if ps := r.Parties(text); len(ps) == 1 && !slices.ContainsFunc(ps[0].Segments, func(s names.Segment) bool { return s.Role == names.RoleName && hasCamelWord(s.Text) }) {
			if picked := r.resolveParty(&ps[0], opt); len(picked) == 1 && exactOnly(picked[0]) && !leavesWords(picked[0], nil) {
				return picked
			}
		}
	}
	return nil
}

// minCamelPart is the fewest letters each side of a word run into another
// must have for splitCamelWords to read them apart: "McGill", "iXblue"
// and "BioNTech" have fewer on one side or are no two words, nor is a
// short word run into a name ("withNational").
const minCamelPart = 5

// splitCamelWords returns s with a space written where a word of at
// least minCamelPart letters, ending in a small letter, runs into a
// capitalised one of as many ("HauteRivière" is "Haute Rivière"), and
// whether it wrote any.
func splitCamelWords(s string) (string, bool) {
	var b strings.Builder
	done := 0 // bytes of s written to b
	camelBoundaries(s, func(i int) bool {
		b.WriteString(s[done:i])
		b.WriteByte(' ')
		done = i
		return true
	})
	if done == 0 {
		return s, false // the common case
	}
	b.WriteString(s[done:])
	return b.String(), true
}

// hasCamelWord reports whether s holds a boundary splitCamelWords splits.
func hasCamelWord(s string) bool {
	found := false
	camelBoundaries(s, func(int) bool {
		found = true
		return false
	})
	return found
}

// camelBoundaries calls fn with the byte offset of each capital that
// starts a word of minCamelPart letters or more (it and small ones) run
// into a word of as many letters that ends in a small one, while fn
// returns true. It
// reads s in place: it is asked of every party no first reading resolves.
func camelBoundaries(s string, fn func(i int) bool) {
	letters, prevLower := 0, false // letters of the word so far; whether the last was small
	for i, r := range s {
		if prevLower && letters >= minCamelPart && unicode.IsUpper(r) {
			after := 1
			for _, q := range s[i+utf8.RuneLen(r):] {
				if !unicode.IsLower(q) {
					break
				}
				after++
			}
			if after >= minCamelPart && !fn(i) {
				return
			}
		}
		if unicode.IsLetter(r) {
			letters++
		} else {
			letters = 0
		}
		prevLower = unicode.IsLower(r)
	}
}

// byHost resolves the first of alts whose host is an organisation named
// exactly by the host's words, word for word; no screen is needed when no
// registry name holds those words.
func (r *Resolver) byHost(alts []hostReading, opt Options) []match.Match {
	for _, alt := range alts {
		// "Institut für Physik der Universität, Northtown": the
		// university of the town the string writes.
		bare := alt.generic && len(alt.host) == 1 && alt.host[0].Text == "university" && len(alt.unit) >= 2
		var towns []string
		if bare {
			towns = r.writtenTowns(&alt.party)
		}
		if !r.ix.HoldsAll(alt.host) || alt.generic && len(towns) == 0 && (!r.ix.IsName(alt.host) || r.cutFromName(alt)) {
			// A host of common words names an organisation only by
			// its very name (see knownWhole) or with its town: a host
			// that is neither is not screened.
			continue
		}
		picked := r.resolveParty(&alt.party, opt)
		if len(picked) == 1 && exactOnly(picked[0]) && alignsAll(picked[0], alt.host) && !leavesWords(picked[0], hostHeads) && !r.townBefore(picked[0], alt) && r.holdsWhole(picked[0], alt.whole) &&
			(!alt.generic || r.knownWhole(picked[0], alt.host) || r.townAfter(picked[0], alt) || len(towns) > 0 && r.universityOfTown(picked[0], towns)) {
			return picked
		}
	}
	return nil
}

// namesUnit reports whether ts, the words a second reading takes for a
// unit's name in a segment written text, hold a word that names a unit
// or an organisation: a head word ("Department", "Centre", "School"), a
// unit's word ("Section"), a subject ("Physics"), a number ("EA 1234"),
// an acronym in a segment not written in capitals only ("MRC", "IMol";
// see acronymLike), or a word the parser read as a unit's
// ("Departamento"). Words with none ("West", "Kestrel Vale", "Northtown
// City") are the first words of another organisation's name that ends as
// the host's does ("West Northwold University", an organisation of its
// own), not a unit run into the host.
func namesUnit(ts []names.Token, text string) bool {
	if slices.ContainsFunc(ts, func(t names.Token) bool {
		w := t.Text
		return t.Role == names.RoleDept || unitOrHeadWord(t) || hostHeads[w] || names.IsDeptMarker(w) || siteWords[w] ||
			names.IsSubject(w) || names.OpensSchool(w) || strings.ContainsFunc(t.Surface, unicode.IsDigit)
	}) {
		return true
	}
	if allCapitals(text) {
		return false
	}
	// The words as written, read only when no word's meaning answered.
	words := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	return slices.ContainsFunc(ts, func(t names.Token) bool {
		return len(t.Surface) > 1 && slices.ContainsFunc(words, func(x string) bool { return strings.EqualFold(x, t.Surface) && acronymLike(x) })
	})
}

// siteWords name a unit, a service or a site of an organisation, beside
// the words the parser knows open a unit's segment (names.IsDeptMarker):
// "Core Facilities", "… Project", "… Campus", "Unidade de …".
var siteWords = map[string]bool{
	"facility": true, "facilities": true, "core": true, "project": true, "projects": true, "command": true, "office": true,
	"campus": true, "branch": true, "station": true, "platform": true, "service": true, "services": true,
	"unidade": true, "unidad": true, "unita": true, "unite": true, "servicio": true, "servizio": true,
	"clinic": true, "clinica": true, "clinique": true, "klinik": true,
}

// acronymLike reports whether a word, as written, is capitals only
// ("MRC") or holds two capitals or more ("IMol", "CeMM").
func acronymLike(w string) bool {
	if allCapitals(w) {
		return true
	}
	n := 0
	for _, c := range w {
		if unicode.IsUpper(c) {
			n++
		}
	}
	return n >= 2
}

// unitBefore reports whether the words of segment i of party a before
// token from, read as a unit's run into the organisation named from
// there, may be one: they hold something of a unit's (see namesUnit), are
// linked to the name ("del", "of the"), or run on from the segment before
// (see unitRunOn). norm is the segment's text normalised.
func unitBefore(a *names.Affiliation, i, from int, norm string) bool {
	s := a.Segments[i]
	if namesUnit(s.Tokens[:from], s.Text) || unitRunOn(a, i) {
		return true
	}
	linked, _ := headLinks(norm, s.Tokens[from].Surface)
	return linked
}

// compassWords are the canonical words of a direction that qualify a
// place's name ("West", "Northern", "Central").
var compassWords = map[string]bool{"north": true, "south": true, "east": true, "west": true, "central": true}

// placeQualifier reports whether ts name a place only, or a part of one:
// directions and peoples' adjectives, with a town, a country or a region
// or nothing else ("West", "Bavarian", "Kestrel Province", "Southern
// Northtown"). Written before an organisation's name, such words name a
// namesake elsewhere, not a unit of it.
func (r *Resolver) placeQualifier(ts []names.Token) bool {
	var rest []names.Token
	for _, t := range ts {
		if !compassWords[t.Text] && !names.IsDemonym(t.Text) {
			rest = append(rest, t)
		}
	}
	return r.placeOrNothing(rest) || names.IsRegion(strings.Join(names.Texts(rest), " "))
}

// unitAfterName reports whether ts, the words after a registry name
// within a segment, may be a unit's words run on after it or its
// address: none but a town or country, or words that hold something of a
// unit's (see namesUnit) in a segment written text.
func unitAfterName(ts []names.Token, text string) bool {
	var rest []names.Token
	for _, t := range ts {
		if t.Role != names.RoleAddress && t.Role != names.RoleCountry {
			rest = append(rest, t)
		}
	}
	return len(rest) == 0 || namesUnit(rest, text)
}

// townDroppedMatch reports whether m fits by one of its registry names
// that the index shortened by the town ending it (see cityDropped).
func (r *Resolver) townDroppedMatch(m match.Match) bool {
	info := r.orgs[m.SourceID]
	return info != nil && cityDropped(info, m.MatchedName)
}

// qualifiesHead reports whether the one word of ts before k is an
// adjective that qualifies the head word a name opens with at k
// ("Medical University of Northwold", "Technical College of Eastport"):
// the words are another organisation's name, not a unit's run into that
// one's, as a subject is ("Psychology University of Northwold").
func qualifiesHead(ts []names.Token, k int) bool {
	if k != 1 || len(ts) < 2 || !hostHeads[ts[1].Text] {
		return false
	}
	w := ts[0].Surface
	return len(w) >= 5 && (strings.HasSuffix(w, "al") || strings.HasSuffix(w, "ic"))
}

// unitRunOn reports whether segment i of party a follows another with no
// comma or semicolon between ("Centre for Tidal and Coastal Research
// Northwold University", which the parser cut at "and"): its first words
// may end the unit's name the segment before begins.
func unitRunOn(a *names.Affiliation, i int) bool {
	if i == 0 {
		return false
	}
	k := strings.Index(a.Raw, a.Segments[i].Text)
	if k <= 0 {
		return false
	}
	before := strings.TrimRight(a.Raw[:k], " ")
	return before != "" && !strings.ContainsAny(before[len(before)-1:], ",;")
}

// holdsWhole reports whether whole, when given, is a registry name of m.
func (r *Resolver) holdsWhole(m match.Match, whole []names.Token) bool {
	return whole == nil || r.holdersWhere(whole, func(info *orgInfo) bool { return info == r.orgs[m.SourceID] }) > 0
}

// universityOfTown reports whether m, a teaching institution in one of
// the towns the string writes, fits it by a registry name of which the
// string writes every word ("University of Northtown"): the only
// organisation "the University" and the town name together.
func (r *Resolver) universityOfTown(m match.Match, towns []string) bool {
	return r.isEducation(m) && r.inWrittenTown(m, towns) && !leavesWords(m, nil)
}

// asUnit returns a copy of the party with tokens [from, to) of segment
// seg read as a unit's words (the department role); a is not changed.
// Every second reading that reads part of a name as a unit's builds its
// party so.
func asUnit(a *names.Affiliation, seg, from, to int) names.Affiliation {
	alt := *a
	alt.Segments = slices.Clone(a.Segments)
	toks := slices.Clone(a.Segments[seg].Tokens)
	setRole(toks[from:to], names.RoleDept)
	alt.Segments[seg].Tokens = toks
	return alt
}

// benefactorCuts returns the party with the name of the person a unit run
// into an organisation's name is named after read as the unit's
// ("University of Eastvale Smithers School of Medicine": Smithers names
// the school), for second readings when the first chose nothing: the word
// before the unit, and with initials before it, the initials and the
// surname ("Harvard T.H. Chan School"), then also the given name
// ("University of Eastvale Leonard M. Smithers School"). The parser
// cannot tell those words from the organisation's own last ones
// ("University of Westmarch San Marco School of …"), so the cuts are
// tried only when the first reading found no organisation.
func benefactorCuts(a *names.Affiliation) []names.Affiliation {
	for i, s := range a.Segments {
		if s.Role != names.RoleName {
			continue
		}
		k := slices.IndexFunc(s.Tokens, func(t names.Token) bool { return t.Role == names.RoleDept })
		if k < 2 || s.Tokens[k-1].Role != names.RoleName || names.IsOrgHead(s.Tokens[k-1].Text) || names.IsGeneric(s.Tokens[k-1].Text) {
			// A benefactor's name is no organisation's head word or
			// other common word ("… Group Company 14th Institute").
			continue
		}
		var out []names.Affiliation
		if k >= 3 {
			out = append(out, asUnit(a, i, k-1, k))
		}
		from := k - 1
		for from > 1 && s.Tokens[from-1].Role == names.RoleName && utf8.RuneCountInString(s.Tokens[from-1].Text) == 1 {
			from--
		}
		if from < k-1 {
			out = append(out, asUnit(a, i, from, k))
			if from > 1 && s.Tokens[from-1].Role == names.RoleName {
				out = append(out, asUnit(a, i, from-1, k))
			}
		}
		return out
	}
	return nil
}

// schoolCut returns the party with a school named after its university
// read as the school's words ("Northwold Medical School", "Northwold
// Veterinary School", "Kestrel Vale School of Public Health"): the words
// from the school's subject on become the unit's, leaving the
// university's own. A second reading, for schools the registry does not
// hold.
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
			if t.Text == "school" || names.OpensSchool(t.Text) && j+1 < len(s.Tokens) && medicalFields[s.Tokens[j+1].Text] {
				k = j
				break
			}
		}
		for k > 1 && schoolSubjects[s.Tokens[k-1].Text] {
			k-- // "X Law School", "X Veterinary School"
		}
		if k < 1 {
			continue
		}
		return asUnit(a, i, k, len(s.Tokens)), true
	}
	return names.Affiliation{}, false
}

// hostReading is a party read with the words before an organisation's
// name in one segment taken as a unit's; host holds the words left to
// the organisation.
type hostReading struct {
	party names.Affiliation
	host  []names.Token
	unit  []names.Token // the words read as the unit's
	// generic marks a host of common institutional words only ("Chinese
	// Academy of Agricultural Sciences"), which names an organisation
	// only when one the registry relates to others is named so word for
	// word (see knownWhole), or one in the town written after it (see
	// townAfter).
	generic bool
	// after holds the words read as the address after the host, if any.
	after []names.Token
	// whole holds the segment's words when they are a registry name
	// whole: the host then names one of that name's holders or none.
	whole []names.Token
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
// word (university, academy, institute …), and at the head word itself
// when it opens the host's name ("Instituto de Química da Universidade de
// X"), the words before the cut become the unit's. The cuts come
// longest host name first. The unit's words must hold something of a
// unit's, be linked to the host ("del", "of the") or run on from the
// segment before (see unitBefore); a host must keep a word of its own
// beyond common institutional vocabulary; and a segment that joins two
// names with a slash ("X College/Y University") is two names, not a unit
// and its host. A segment that is a registry name whole names one of the
// namesakes the first reading could not tell apart, not another
// organisation its last words name ("Pan-European University" is no unit
// of a European University; see hostReading.whole).
func hostReadings(a *names.Affiliation, isName func([]names.Token) bool) []hostReading {
	var out []hostReading
	for i, s := range a.Segments {
		if s.Role != names.RoleName || len(s.Tokens) < 3 || len(s.Tokens) > maxHostTokens || strings.Contains(s.Text, "/") {
			continue
		}
		var whole []names.Token
		if isName(s.Tokens) {
			whole = s.Tokens
		}
		last := -1
		for j, t := range s.Tokens {
			if t.Role == names.RoleName && hostHeads[t.Text] {
				last = j
			}
		}
		// The head word itself opens the host when a link joins the unit
		// to it or it is written before the host's own words (see
		// headLinks), after two words at least ("VELA University of X"
		// may be the name's own word or another's acronym). Written first
		// without a link before it, it may follow a word of the host's
		// own ("… Shantou University and the Chinese University of X"):
		// not when the segment's words from that one on are a registry
		// name.
		to, norm := last, names.Normalize(s.Text)
		if last > 1 {
			before, after := headLinks(norm, s.Tokens[last].Surface)
			if before || after && !isName(s.Tokens[last-1:]) {
				to = last + 1
			}
		}
		for k := max(1, last-maxHostWords); k < to; k++ {
			if s.Tokens[k-1].Role != names.RoleName || utf8.RuneCountInString(s.Tokens[k-1].Text) == 1 {
				// An initial ("A. B. C. College") begins the name after it.
				continue
			}
			if s.Tokens[k].Text == "research" && !names.IsGeneric(s.Tokens[k-1].Text) {
				// A name's own word before "Research" ("Sichuan Energy
				// Internet Research Institute Tsinghua University"): the
				// words are the unit's name, "X Research Institute", not
				// a host's.
				continue
			}
			if qualifiesHead(s.Tokens, k) {
				continue
			}
			if whole == nil && !unitBefore(a, i, k, norm) {
				// Words with nothing of a unit's begin another
				// organisation's name.
				continue
			}
			var host []names.Token
			own := false
			for j, t := range s.Tokens[k:] {
				// A town after a head word written first is the host's
				// own name ("Universidade de São Paulo"), though the
				// parser marks it as an address.
				if t.Role == names.RoleName || t.Role == names.RoleAddress && k == last && j > 0 {
					host = append(host, t)
					own = own || !names.IsGeneric(t.Text)
				}
			}
			party := asUnit(a, i, 0, k)
			if k == last {
				// The host's town or country, which the parser marked
				// as an address, is read as its name's.
				setRole(party.Segments[i].Tokens[last+1:], names.RoleName)
			}
			hr := hostReading{party: party, host: host, unit: s.Tokens[:k], generic: !own, whole: whole}
			if k < last {
				// The town or country the parser read after the host
				// tells a host of common words apart (see townAfter).
				for _, t := range s.Tokens[last+1:] {
					if t.Role == names.RoleAddress {
						hr.after = append(hr.after, t)
					}
				}
			}
			out = append(out, hr)
		}
	}
	return out
}

// headFirstLinks are the words that join a head word written first to the
// rest of its name ("University of X", "Universidade de X", "Università
// degli Studi di X"), lower-cased.
var headFirstLinks = []string{"of", "de", "da", "do", "di", "del", "della", "degli", "des", "du", "der", "zu"}

// unitLinks are the words, normalised, that join a unit's name to its
// host's written after it ("of the", "da", "del", "de la", "dell'",
// "der").
var unitLinks = map[string]bool{"the": true, "da": true, "do": true, "del": true, "la": true, "della": true, "dello": true, "delle": true, "degli": true, "dei": true, "der": true, "des": true, "du": true}

// headLinks reports, for the head word head (a token's surface) in text,
// normalised, whether one of unitLinks comes just before it, after two
// words at least (a unit's name joined to its host's: "Instituto de
// Física de la Universidad X", "Institute of X of the University Y"),
// and whether one of headFirstLinks comes after it, perhaps after an
// adjective or two (the head word written before the rest of its name:
// "Universidade Federal do Rio de Janeiro"), at any of its places.
func headLinks(text, head string) (before, after bool) {
	for i := 0; ; {
		j := strings.Index(text[i:], head)
		if j < 0 {
			return before, after
		}
		if ws := strings.Fields(text[:i+j]); len(ws) >= 2 && unitLinks[ws[len(ws)-1]] {
			before = true
		}
		i += j + len(head)
		rest := text[i:]
		for range 3 {
			w, next, ok := strings.Cut(strings.TrimLeft(rest, " "), " ")
			if !ok {
				break
			}
			if slices.Contains(headFirstLinks, w) {
				after = true
				break
			}
			rest = next
		}
		if before {
			return before, after
		}
	}
}

// runOnReadings returns the party read with an organisation's name run
// on after a unit's without a comma, in a segment the parser took whole
// for the unit's because it opens with a unit's word ("Department of
// Physics Institute of Local Finance"): for each cut after the unit's
// first word, longest name first, the words after it are the
// organisation's. A name is read so only when it is a registry name word
// for word, or holds an organisation's head word after the unit's
// opening words, and has two words at least: the subjects of a unit
// ("Physics and Astronomy") are no organisation's name.
func (r *Resolver) runOnReadings(a *names.Affiliation) []hostReading {
	var out []hostReading
	for i, s := range a.Segments {
		if s.Role != names.RoleDept || len(s.Tokens) < 3 || len(s.Tokens) > maxHostTokens || strings.Contains(s.Text, "/") {
			continue
		}
		// The host is tokens [k, end); those after it are the address.
		reading := func(k, end int, countries []string) hostReading {
			alt := *a
			alt.Segments = slices.Clone(a.Segments)
			toks := slices.Clone(s.Tokens)
			setRole(toks[k:end], names.RoleName)
			setRole(toks[end:], names.RoleAddress)
			alt.Segments[i].Tokens, alt.Segments[i].Role = toks, names.RoleName
			if len(countries) > 0 {
				alt.Countries = append(slices.Clip(a.Countries), countries...)
			}
			host := s.Tokens[k:end]
			return hostReading{party: alt, host: host, unit: s.Tokens[:k], generic: !slices.ContainsFunc(host, func(t names.Token) bool { return !names.IsGeneric(t.Text) }), after: s.Tokens[end:]}
		}
		end, countries := r.placesAtEnd(s.Tokens, s.Text)
		for k := 1; k+2 <= len(s.Tokens); k++ {
			// A name that ends with its town ("Institute of Technology
			// Northtown", perhaps followed by the address "Northtown,
			// Westland") is read whole, before the town is read as the
			// address of a shorter one.
			for e := len(s.Tokens); e > end && e >= k+2; e-- {
				if r.ix.IsName(s.Tokens[k:e]) {
					out = append(out, reading(k, e, countries))
					break
				}
			}
			if k+2 > end {
				continue
			}
			host := s.Tokens[k:end]
			if !slices.ContainsFunc(host, func(t names.Token) bool { return names.IsOrgHead(t.Text) || hostHeads[t.Text] }) && !r.ix.IsName(host) {
				continue
			}
			out = append(out, reading(k, end, countries))
		}
	}
	return out
}

// unitAfterReadings returns the party read with a department or
// division written after an organisation's name without a comma
// ("Westland Harbour Museum Department of Physics") as the unit's, when the
// name has no head word the parser cuts after, or opens with a unit's
// word ("Centre for X Department of Y"): the words before the unit's are
// the organisation's. Only a second reading: registry names
// hold such words ("Westland Department of Health").
func unitAfterReadings(a *names.Affiliation) []hostReading {
	var out []hostReading
	for i, s := range a.Segments {
		if s.Role != names.RoleName && s.Role != names.RoleDept || len(s.Tokens) > maxHostTokens {
			continue
		}
		k := slices.IndexFunc(s.Tokens, func(t names.Token) bool { return t.Role == s.Role && unitAfterStarts[t.Text] })
		if k < 2 || k+1 >= len(s.Tokens) || slices.ContainsFunc(s.Tokens[:k], func(t names.Token) bool { return t.Role != s.Role }) {
			continue
		}
		// A segment the parser took whole for a unit's, as it opens
		// with a unit's word ("Centre for X Department of Y"), is the
		// organisation's up to the department.
		alt := asUnit(a, i, k, len(s.Tokens))
		setRole(alt.Segments[i].Tokens[:k], names.RoleName)
		alt.Segments[i].Role = names.RoleName
		host := alt.Segments[i].Tokens[:k]
		own := slices.ContainsFunc(host, func(t names.Token) bool { return !names.IsGeneric(t.Text) })
		out = append(out, hostReading{party: alt, host: host, unit: s.Tokens[k:], generic: !own})
	}
	return out
}

// unitAfterStarts are the words that open a unit written after its
// organisation's name (see unitAfterReadings).
var unitAfterStarts = map[string]bool{"department": true, "division": true}

// placesAtEnd returns where the towns, states and countries written at
// the end of ts, read from text, begin ("… Institute of Local Finance
// Tokyo Japan", "… Northtown FL USA"), a country or town of up to three
// words each, and the countries among them. A state counts after a town
// (its name, its postal code in capitals, or a region the registry's
// towns are in), and so does a postcode.
func (r *Resolver) placesAtEnd(ts []names.Token, text string) (int, []string) {
	end := len(ts)
	var countries []string
	for end > 0 {
		n := 0
		rk := r.cities.regionAfterCity(ts[:end]) // asked once for every l below
		for l := min(max(3, rk), end); l >= 1 && n == 0; l-- {
			if c, ok := countryCode(ts[end-l : end]); ok {
				countries, n = append(countries, c), l
			} else if r.cities.has(ts[end-l : end]) {
				n = l
			} else if l == 1 && r.cities.regionCodeAfterCity(ts, end, text) || isRegion(ts[end-l:end]) && r.cities.cityAtEnd(ts[:end-l]) > 0 {
				n = l
			} else if l == 1 && isPostcodeToken(ts[end-1]) || l == rk {
				n = l
			}
		}
		if n == 0 {
			break
		}
		end -= n
	}
	return end, countries
}

// cutFromName reports whether the unit's words end with a head word that,
// with the host after it, is a registry name: the host is then cut from
// that name ("University | of Chinese Academy of Sciences"), while a head
// word that makes no name with it is the unit's own ("The Ningbo
// Institute | of Northwestern Polytechnical University").
func (r *Resolver) cutFromName(alt hostReading) bool {
	last := alt.unit[len(alt.unit)-1]
	return hostHeads[last.Text] && r.ix.IsName(append([]names.Token{last}, alt.host...))
}

// knownWhole reports whether m is an organisation the registry relates to
// others (its parts, parent or partners) and whose registry name the
// words ts are, word for word: a name of common words names such an
// organisation, not one of the many small namesakes the registry records
// alone.
func (r *Resolver) knownWhole(m match.Match, ts []names.Token) bool {
	info := r.orgs[m.SourceID]
	return info != nil && info.prominence > 0 && !leavesWords(m, nil) && len(names.Tokenize(m.MatchedName)) == len(ts)
}

// townAfter reports whether m's registry town is among the words read as
// the address after the host ("Agricultural Research Institute Nicosia
// Cyprus" for the institute in Nicosia): a host of common words then names
// that organisation, as its town tells it from namesakes elsewhere.
func (r *Resolver) townAfter(m match.Match, alt hostReading) bool {
	info := r.orgs[m.SourceID]
	if info == nil || info.city == "" {
		return false
	}
	for i := range alt.after {
		for j := i + 1; j <= len(alt.after) && j-i <= maxPlaceWords; j++ {
			if tokenKey(alt.after[i:j]) == info.city {
				return true
			}
		}
	}
	return false
}

// townBefore reports whether the words read as the unit's are only a
// town's and the host found is no teaching institution: a town before
// such a name is part of it ("Westbury Neuroscience Institute" is not
// some "Institute for Neuroscience" elsewhere), while before a
// university's it names the university's campus or institute there.
func (r *Resolver) townBefore(m match.Match, alt hostReading) bool {
	return r.cities.has(alt.unit) && !r.isEducation(m)
}

// hostHeads are the canonical head words of the organisations that host
// units, German university hospitals' one-word heads among them
// ("Klinik für Kardiologie des Universitätsklinikums X").
var hostHeads = map[string]bool{"university": true, "college": true, "hospital": true, "academy": true, "polytechnic": true, "institute": true,
	"universitatsklinikum": true, "klinikum": true, "universitatsmedizin": true, "universitatsspital": true}

// alignsAll reports whether m aligned every one of ts.
func alignsAll(m match.Match, ts []names.Token) bool {
	w := alignedWords(m)
	for _, t := range ts {
		if !w.has(t.Surface) {
			return false
		}
	}
	return len(ts) > 0
}

// exactOnly reports whether every word m aligned is the registry's word:
// written as the registry writes it, or as a standard abbreviation or
// spelling of it ("Univ", "Centre"), which the tokenizer reads as the same
// word; a guessed abbreviation, a typo or a related word is not.
func exactOnly(m match.Match) bool {
	for _, e := range m.Explanation {
		if e.Query != "" && e.List != "" && e.How != string(names.HowExact) && e.Similarity < names.SimExact {
			return false
		}
	}
	return true
}

// schoolSubjects are the canonical subjects a school's name writes before
// "school" ("Medical School", "Law School"). Business and management are
// left out: such schools are often institutions of their own ("Westland
// Business School").
var schoolSubjects = map[string]bool{
	"medicine": true, "law": true, "veterinary": true, "dental": true, "dentistry": true,
	"nursing": true, "pharmacy": true, "graduate": true, "music": true, "divinity": true,
}

// medicalFields are the canonical subjects of a university's medical
// colleges and faculties.
var medicalFields = map[string]bool{"medicine": true, "health": true, "dentistry": true, "pharmacy": true, "nursing": true}

// acronymCut returns the party with the acronyms written in capitals at
// the end of an organisation segment made segments of their own
// ("Northwold University ABCD EFGH"):
// exports that drop the commas run several organisations together. It is
// a second reading, tried only when the first chose nothing.
func acronymCut(a *names.Affiliation) (names.Affiliation, bool) {
	for i, s := range a.Segments {
		// Acronyms joined by a hyphen or slash ("UAM-CSIC") are as many
		// words as the tokenizer makes of them.
		words := strings.FieldsFunc(s.Text, func(r rune) bool { return r == ' ' || r == '-' || r == '/' })
		if s.Role != names.RoleName || len(s.Tokens) < 3 || len(words) < 3 {
			continue
		}
		last := len(s.Tokens)
		for w := len(words) - 1; last > 2 && w >= 0 && writtenAcronym(words[w], s.Tokens[last-1]); w-- {
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

// leadingAcronymCut returns the party with an acronym in capitals that
// opens an organisation segment made a segment of its own, acr, and the
// words after it, rest: read as a unit's (the department role) when they
// name no institution a unit belongs to and hold a unit's word ("ABCD
// Tidal Research Center"), or else as another organisation's ("ABCD
// Northwold University", or "ABCD Westmarch Tidal Laboratory" when
// isName knows that name whole). A second reading, tried only when the
// first chose nothing.
func leadingAcronymCut(a *names.Affiliation, isName func([]names.Token) bool) (alt names.Affiliation, acr names.Token, rest []names.Token, ok bool) {
	for i, s := range a.Segments {
		if s.Role != names.RoleName || len(s.Tokens) < 3 {
			continue
		}
		head, rest := cutAcronymJoin(s.Text)
		if !isCapsAcronym(head) {
			continue // the common case: no acronym opens the segment
		}
		if len(strings.Fields(rest)) < 2 || !writtenAcronym(head, s.Tokens[0]) || strings.ToUpper(s.Text) == s.Text {
			continue
		}
		first := names.Segment{Text: head, Role: names.RoleName, Tokens: s.Tokens[:1]}
		after := names.Segment{Text: rest, Role: names.RoleName, Tokens: s.Tokens[1:]}
		alt = *a
		if !orgHeadIn(after.Tokens) && !isName(after.Tokens) {
			if !slices.ContainsFunc(after.Tokens, func(t names.Token) bool { return unitWords[t.Text] }) {
				continue
			}
			after.Role, after.Tokens = names.RoleDept, names.WithRole(after.Tokens, names.RoleDept)
			alt.Segments = slices.Concat(a.Segments[:i], []names.Segment{after, first}, a.Segments[i+1:])
		} else {
			alt.Segments = slices.Concat(a.Segments[:i], []names.Segment{first, after}, a.Segments[i+1:])
		}
		return alt, s.Tokens[0], after.Tokens, true
	}
	return names.Affiliation{}, names.Token{}, nil, false
}

// cutAcronymJoin splits s at its first space or dash into the word
// before it and the rest, so that an acronym joined to the next name by a
// hyphen or dash ("ABCD-Université de X", "ABCD–X Hospital") is read
// apart as one written before it with a space is.
func cutAcronymJoin(s string) (head, rest string) {
	i := strings.IndexFunc(s, func(r rune) bool { return r == ' ' || isDash(r) })
	if i < 0 {
		return s, ""
	}
	_, size := utf8.DecodeRuneInString(s[i:])
	return s[:i], strings.TrimSpace(s[i+size:])
}

// isDash reports whether r is a hyphen or a dash.
func isDash(r rune) bool {
	return r == '-' || r == '\u2010' || r == '\u2011' || r == '\u2013' || r == '\u2014'
}

// unitWords are canonical words that make words a unit's name
// ("Tidal Research Center").
var unitWords = map[string]bool{
	"center": true, "laboratory": true, "department": true, "division": true, "program": true, "unit": true,
	"group": true, "institute": true, "clinic": true, "school": true, "section": true, "core": true,
}

// nameWord reports whether the best candidate for the party as written
// fits t as one of its name's words ("NOVA University of X" for
// "Universidade Nova de X"): then t is no acronym of another organisation.
func (r *Resolver) nameWord(a *names.Affiliation, t names.Token, rest []names.Token) bool {
	ms, err := r.ix.ScreenAffiliation(a, match.Options{Limit: 1, Threshold: 1})
	if err != nil || len(ms) == 0 {
		return false
	}
	if !slices.ContainsFunc(ms[0].Explanation, func(e match.Evidence) bool { return e.Query == t.Surface && e.List != "" }) {
		return false
	}
	// Fitting the acronym alone, the candidate is the acronym's holder:
	// the acronym is a word of its name only when its names share a word
	// of their own with the words after it, perhaps spelt in another
	// language ("NORDA University of Westport" for "Universidade Norda de
	// Westporto"), not when it is written before another's name ("ABCD
	// Université de X").
	return len(alignedTokens(ms[0])) > 1 || r.sharesOwnWord(ms[0].SourceID, t, rest)
}

// sharesOwnWord reports whether a name of organisation id holds a word of
// its own, besides acr, that rest writes, or spells it one letter apart
// in another language ("Lisboa" for "Lisbon").
func (r *Resolver) sharesOwnWord(id string, acr names.Token, rest []names.Token) bool {
	info := r.orgs[id]
	return info != nil && slices.ContainsFunc(nameFormsOf(info).words, func(words []string) bool {
		return slices.ContainsFunc(words, func(w string) bool {
			return !names.IsGeneric(w) && w != acr.Text && slices.ContainsFunc(rest, func(x names.Token) bool {
				return !names.IsGeneric(x.Text) && (x.Text == w || len(x.Text) >= 5 && names.Distance(x.Text, w, 1) <= 1)
			})
		})
	})
}

// isCapsAcronym reports whether w is written as an acronym: three to
// eight letters, the first and most of them capitals ("ABCD", "CNyN").
func isCapsAcronym(w string) bool {
	if len(w) < 3 || len(w) > 8 || w[0] < 'A' || w[0] > 'Z' {
		return false
	}
	upper := 0
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case c >= 'A' && c <= 'Z':
			upper++
		case c < 'a' || c > 'z':
			return false
		}
	}
	return 2*upper > len(w) // "ABCD", "CNyN": mostly capitals
}

// writtenAcronym reports whether word, as the string writes it, is an
// acronym in capitals (see isCapsAcronym) that is token t, not a word the
// parser read otherwise.
func writtenAcronym(word string, t names.Token) bool {
	return isCapsAcronym(word) && t.Surface == strings.ToLower(word)
}

// universityLead returns the words of a normalised name up to and
// including "university" when other words come first ("washington
// university" of "washington university in st louis"), or "".
func universityLead(n string) string {
	i := strings.Index(n, " university")
	if i <= 0 {
		return ""
	}
	if rest := n[i+len(" university"):]; strings.HasPrefix(rest, " of ") || strings.HasPrefix(rest, " for ") || rest == " college" {
		// "X University of Y" is another university's name, not "X
		// University" with a place or a unit after it; "X University
		// College", whole, is a college's ("X University College of
		// Medicine" is X University's college).
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

// segmentLead returns the lead ("eastbrook university") of an
// organisation segment that names "X University" itself, perhaps with a
// unit after it ("X University School of Medicine"), when registry
// organisations are named "X University …"; else "". A hospital or campus
// that carries "X University" in its own name has no lead.
func (r *Resolver) segmentLead(s names.Segment) string {
	if s.Role != names.RoleName {
		return ""
	}
	n := leadText(s)
	lead := universityLead(n)
	if lead == "" || len(r.leads[lead]) == 0 || !distinctiveLead(lead) {
		return ""
	}
	rest := strings.Fields(strings.TrimPrefix(n, lead))
	if len(rest) == 0 || names.IsDigits(rest[0]) || leadUnitWords[rest[0]] || healthScience(rest) || unitNamedAfter(rest) {
		return lead
	}
	return ""
}

// leadText is a segment's text as segmentLead reads it: normalised,
// without a leading article, and with its abbreviations spelt out, as
// authors write "Univ." ("Washington Univ. School of Medicine").
func leadText(s names.Segment) string {
	return spelledOut(strings.TrimPrefix(names.Normalize(s.Text), "the "), s.Tokens)
}

// byLead chooses, for a party that resolved to nothing, the organisation
// whose registry name begins with the "X University" a segment writes
// ("Eastbrook University School of Medicine" for "Eastbrook University
// in St. Louis"), when exactly one does, the others are its units, or it
// is the only university among them.
func (r *Resolver) byLead(a *names.Affiliation) []match.Match {
	for _, s := range a.Segments {
		lead := r.segmentLead(s)
		ids := r.leads[lead]
		if lead != "" && strings.HasSuffix(leadText(s), lead) {
			// The lead and nothing more: an organisation whose
			// registry name adds words of its own ("X University
			// Synergy") is not meant.
			ids = r.plainLeads[lead]
		}
		id := r.leadRoot(ids)
		if lead == "" || id == "" {
			continue
		}
		info := r.orgs[id]
		if info == nil || r.unwrittenSystem(match.Match{SourceID: id}, a, nil) {
			continue
		}
		return []match.Match{{
			List: registry.ListName, SourceID: id, Name: info.name, MatchedName: info.name, Score: leadScore, Match: true,
			Explanation: []match.Evidence{{How: "name_lead", Note: lead, Weight: leadScore}},
		}}
	}
	return nil
}

// openingWords are how many words of a registry name addOpenings keys.
var openingWords = [...]int{3, 4}

// addOpenings notes the openings of normalised registry name n of
// teaching institution id (see Resolver.openings).
func (r *Resolver) addOpenings(n, id string) {
	if !strings.HasPrefix(n, "university of ") {
		return
	}
	ws := strings.Fields(n)
	for _, k := range openingWords {
		if len(ws) <= k {
			return
		}
		key := strings.Join(ws[:k], " ")
		if !slices.Contains(r.openings[key], id) {
			r.openings[key] = append(r.openings[key], id)
		}
	}
}

// byOpeningInTown chooses, for a party that resolved to nothing, the
// teaching institution whose registry name opens with the "University of
// X" a segment writes, perhaps before a unit's words ("University of
// Westmoor School of Medicine"), and whose town the party writes
// ("…, Harlow, CO"), when exactly one such organisation is in a town the
// party writes and no registry organisation is named "University of X"
// itself: the system's name written with a campus's town names that
// campus ("University of Westmoor Harlow Medical Campus").
func (r *Resolver) byOpeningInTown(a *names.Affiliation) []match.Match {
	var towns []string
	for _, s := range a.Segments {
		if s.Role == names.RoleAddress && len(s.Tokens) > 0 && s.Tokens[0].Place {
			towns = append(towns, tokenKey(s.Tokens))
		}
	}
	if len(towns) == 0 {
		return nil
	}
	for _, s := range a.Segments {
		if s.Role != names.RoleName {
			continue
		}
		ws := strings.Fields(strings.TrimPrefix(names.Normalize(s.Text), "the "))
		if len(ws) > 1 && (ws[0] != "university" || ws[1] != "of") && firstToken(ws[0]) == "university" {
			// "Univ. of X", abbreviated, "Univ X" as indexes write it.
			if ws[1] != "of" {
				ws = append([]string{"university", "of"}, ws[1:]...)
			}
			ws[0] = "university"
		}
		if k := slices.IndexFunc(s.Tokens, func(t names.Token) bool { return t.Role == names.RoleDept }); k > 0 {
			// Up to the unit's first word ("… school of medicine").
			if j := slices.Index(ws, s.Tokens[k].Surface); j > 0 {
				ws = ws[:j]
			}
		}
		if !slices.Contains(openingWords[:], len(ws)) {
			continue
		}
		opening := strings.Join(ws, " ")
		ids := r.openings[opening]
		if len(ids) == 0 {
			continue
		}
		if _, held := r.nameHolder(names.Tokenize(opening), opening); held {
			continue
		}
		chosen := ""
		for _, id := range ids {
			if info := r.orgs[id]; info != nil && info.active && info.city != "" && slices.Contains(towns, info.city) {
				if chosen != "" {
					return nil
				}
				chosen = id
			}
		}
		if chosen == "" {
			continue
		}
		info := r.orgs[chosen]
		return []match.Match{{
			List: registry.ListName, SourceID: chosen, Name: info.name, MatchedName: info.name, Score: leadScore, Match: true,
			Explanation: []match.Evidence{{How: "name_opening_in_town", Note: opening, Weight: leadScore}},
		}}
	}
	return nil
}

// plainLead reports whether the normalised registry name n is its lead
// alone or followed by no name of its own: the organisation's town or
// country (perhaps after "in" or "at"), a unit's words ("… School of
// Medicine") or the person it is named after.
func plainLead(n, lead, city, country string) bool {
	rest := strings.TrimSpace(strings.TrimPrefix(n, lead))
	rest = strings.TrimPrefix(strings.TrimPrefix(rest, "in "), "at ")
	first, _, _ := strings.Cut(rest, " ")
	if code, ok := names.CountryCode(rest); ok && strings.EqualFold(code, country) {
		return true
	}
	return rest == "" || city != "" && sameTown(rest, names.Normalize(city)) || leadUnitWords[first] || first == "named"
}

// sameTown reports whether two normalised town names are one, also in
// another spelling ("hannover" for the registry's "hanover").
func sameTown(a, b string) bool {
	if a == b {
		return true
	}
	if strings.Contains(a, " ") || strings.Contains(b, " ") {
		return false
	}
	return names.Compare(a, b).Sim >= names.SimTypo1
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

// healthScience reports whether words after a university's name begin
// "Health Science(s) …", its medical campus ("X University Health
// Science Center"), which the university stands for when the registry
// does not hold it.
func healthScience(rest []string) bool {
	return len(rest) >= 2 && rest[0] == "health" && (rest[1] == "science" || rest[1] == "sciences")
}

// unitNamedAfter reports whether words after a university's name end a
// unit's name of their own ("… Tongding Joint Laboratory for Photonics",
// "… Smith Center for Brain Research"): a laboratory, centre or institute
// written after the university is the university's, unless the words
// name a hospital, which is an institution of its own.
func unitNamedAfter(rest []string) bool {
	unit := false
	for _, w := range rest {
		switch w {
		case "hospital", "hospitals", "clinic", "clinics", "health", "healthcare", "medical":
			return false
		case "laboratory", "laboratories", "lab", "labs", "center", "centre", "institute", "program", "programme":
			unit = true
		}
	}
	return unit
}

// leadUnitWords start a unit written after a university's name.
var leadUnitWords = map[string]bool{"school": true, "department": true, "dept": true, "faculty": true, "college": true, "division": true}

// distinctiveLead reports whether a lead has a word of its own before
// "university" ("eastbrook university", not "state university").
func distinctiveLead(lead string) bool {
	for _, w := range strings.Fields(strings.TrimSuffix(lead, " university")) {
		if !names.IsGeneric(w) {
			return true
		}
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

// leaderFloor is the least score of a candidate leader reads: one below
// it neither leads nor comes within leadGap of a leader (a little under
// minLead-leadGap, so that rounding cannot drop one that does), and
// leaderWithin likewise: a candidate further below the best neither
// leads nor comes within leadGap of the leader.
const (
	leaderFloor  = minLead - leadGap - 0.01
	leaderWithin = leadGap + 0.01
)

// leader returns the candidate that explains all the organisation words
// of the party and clearly leads the others, or nothing. It catches names
// written shorter than the registry's ("University of Stonebridge" for
// "Philippa University of Stonebridge") or with a unit run into them, and an
// organisation written as its exact acronym in the country the string
// names ("ABCD, Northtown, Switzerland"). Words it leaves unexplained are
// allowed only as whole segments of their own: a unit the registry does
// not hold, written before its host ("Institute for X, Westland
// University Hospital"), or head words other than "university" left over
// from a registry name matched whole ("X Medical College", "X School of
// Medicine" for "X Medicine"). A distinctive word of its own may be one the
// parser read as a unit's inside a name segment; a name of generic words
// alone ("Southeastern University") needs none when the string writes it
// whole, as a segment or before a unit. A candidate that
// explains none of the leader's words, only a unit's ("Institute of X"
// abroad for "Institute of X, Y University"), does not compete with it.
// An acronym several organisations hold leads for the one far more
// prominent than the others (see prominentAcronym). Nor does a candidate
// compete that rests on weak evidence (see weakEvidence) or only on
// lookalikes of the leader's words (see lookalikeOf), nor one in another
// country than the string names (the leader is in none such).
func (r *Resolver) leader(ms []match.Match, a *names.Affiliation) []match.Match {
	if m, ok := r.acronymAndHead(ms, a); ok {
		return []match.Match{m}
	}
	if len(ms) == 0 {
		return nil
	}
	// Of an acronym's holders, the one in the town the string writes is
	// meant before the most prominent ("ABC, Northtown" for ABC's
	// Northtown company, not its parent abroad).
	top, prominent := r.acronymInTown(ms, a)
	if !prominent {
		top, prominent = r.acronymInState(ms, a)
	}
	if !prominent {
		top, prominent = r.prominentAcronym(ms)
	}
	written := &lazyWritten{a: a}
	if !prominent {
		top = r.bestWritten(ms, written)
	}
	// A national branch registered under its company's name: the
	// company, when the string names no country of the branch's.
	for _, m := range ms {
		if r.isAncestor(m, top) && r.branchOf(top, m, a) {
			top = m
			break
		}
	}
	if top.Score < minLead && !r.unknownTail(top, a) || byAcronym(top) && !exactAcronymInCountry(top) && !prominent || countryConflicts(top) || r.weakEvidence(top, a) || r.stateElsewhere(top, a) {
		return nil
	}
	if out, ok := r.amongParts(top, ms, a); ok {
		// Its parts fit as well, as pick reads them (see amongParts).
		return out
	}
	own, unmatched, headOnly, listLeft, universityLeft := false, false, true, false, false
	for _, e := range top.Explanation {
		listLeft = listLeft || e.How == "unmatched_list"
		if e.Role == names.RoleName.String() {
			if e.How == "unmatched_query" {
				unmatched = true
				headOnly = headOnly && e.Token != "university" && names.IsOrgHead(e.Token)
				universityLeft = universityLeft || e.Token == "university"
				continue
			}
			own = own || (e.List != "" && !names.IsGeneric(e.Token))
		}
	}
	// A tail after the registry name is the organisation's own (a
	// campus's town), or, after a name of three words at least, the
	// university it belongs to; a shorter name before a university's is
	// a unit of it, not a namesake elsewhere ("Institut de Chimie de
	// l'Université de X" is no "Institut de Chimie").
	if unmatched && !wholeSegments(top, a) && !r.companyDivision(top) && !(headOnly && !listLeft) && !(!listLeft && (!universityLeft || len(alignedWords(top)) >= 3) && nameThenTail(top, a)) {
		return nil
	}
	if !own {
		own = ownInSegment(top, a) || !leavesWords(top, nil) && r.writtenOut(written.names(), top) >= writtenBeforeUnit
	}
	if !own || r.hostAbroad(top, a) || chinesePlaceLeft(top) || r.onlyTownWritten(top, a) || r.townSaysOther(top, a, r.cjkRunInTowns(a)) || headConflict(top) || subjectLeft(top) {
		return nil
	}
	tw := alignedWords(top)
	for _, m := range ms {
		if m.SourceID == top.SourceID || countryConflicts(m) || r.weakEvidence(m, a) || lookalikeOf(m, top) || prominent && byAcronym(m) && m.Score == top.Score ||
			m.Score <= top.Score && sameWords(alignedWords(m), tw) && (!leavesDistinct(top) || !leavesDistinct(m)) && r.betterNamesake(top, m, written) {
			continue // another country than the string's, weak evidence, an acronym's far less prominent holder, or a namesake written worse or by an alias
		}
		if mw := alignedWords(m); len(mw) < len(tw) && subset(mw, tw) && r.leavesOwnWords(m, a) && !r.leavesOwnWords(top, a) {
			// The leader explains every word m does and more, and
			// leaves none of its own unwritten, as m does ("Texas
			// A&M Health" for "Texas A&M Health Science Center", not
			// "Texas A&M University – San Antonio").
			continue
		}
		if !r.related(top, m) && top.Score-m.Score < leadGap && !disjoint(distinctiveWords(m), tw) {
			return nil
		}
	}
	return []match.Match{top}
}

// unknownTail reports whether m's registry name opens a segment, whole,
// and the words after it are ones no registry name holds ("University of
// Westmarch Highfield", its campus): such a word weighs as much as any
// word can in the score, but names nothing m is not.
func (r *Resolver) unknownTail(m match.Match, a *names.Affiliation) bool {
	if leavesWords(m, nil) || !nameThenTail(m, a) {
		return false
	}
	unknown := 0
	for _, e := range m.Explanation {
		if e.How != "unmatched_query" {
			continue
		}
		if e.Role == names.RoleName.String() {
			if r.ix.HoldsAll([]names.Token{{Text: e.Token}}) {
				return false
			}
			unknown++
		}
	}
	return unknown > 0
}

// onlyHeadsLeft reports whether every word of m's registry name that the
// string does not write is an organisation's head word ("university" of
// "Columbia University" for "Columbia Law School").
func onlyHeadsLeft(m match.Match) bool {
	for _, e := range m.Explanation {
		if e.How == "unmatched_list" && !names.IsOrgHead(e.Token) {
			return false
		}
	}
	return true
}

// leavesDistinct reports whether m's registry name has a word the string
// does not write that is neither common institutional vocabulary nor a
// country ("Catalysis" of "Leibniz Institute for Catalysis" for "Leibniz
// Institute", not "Japan" of "Canon (Japan)"): two candidates that each
// leave such a word fit the string as two namesakes do, whichever is
// matched by its official name.
func leavesDistinct(m match.Match) bool {
	return slices.ContainsFunc(m.Explanation, func(e match.Evidence) bool {
		if e.How != "unmatched_list" || names.IsGeneric(e.Token) {
			return false
		}
		_, country := names.CountryCode(e.Token)
		return !country
	})
}

// bestWritten returns, of the candidates that fit the same words as the
// best one as well, the one that reads best (see betterNamesake), or the
// best.
func (r *Resolver) bestWritten(ms []match.Match, written *lazyWritten) match.Match {
	best, bw := ms[0], alignedWords(ms[0])
	for _, m := range ms[1:] {
		if m.Score == best.Score && sameWords(alignedWords(m), bw) && r.betterNamesake(m, best, written) {
			best = m
		}
	}
	return best
}

// betterNamesake reports whether a, fitting the same words as b, is the
// better reading of them: its name written out better ("University of
// Miami …" for the University of Miami, not Miami University), or, written
// alike, matched by an official name where b is matched by an alias, or
// far more prominent with only head words of its name left unwritten
// ("Columbia" for Columbia University, not Columbia College).
func (r *Resolver) betterNamesake(a, b match.Match, written *lazyWritten) bool {
	wa, wb := r.writtenOut(written.names(), a), r.writtenOut(written.names(), b)
	return wa > wb || wa == wb && (r.byAlias(b) && !r.byAlias(a) || r.clearlyMoreProminent(a, b) && onlyHeadsLeft(a))
}

// divisionWords are the canonical words that, after a company's name,
// name its research division ("X Research", "X Labs", "X R&D Center",
// "X Global Research and Development").
var divisionWords = map[string]bool{
	"research": true, "laboratory": true, "r": true, "d": true, "center": true, "development": true, "pharma": true,
	"global": true, "worldwide": true, "discovery": true, "innovation": true,
}

// companyDivision reports whether m is a company and the words of the
// string it leaves unexplained only name a research division of it
// ("Microsoft Research" for Microsoft).
func (r *Resolver) companyDivision(m match.Match) bool {
	if info := r.orgs[m.SourceID]; info == nil || !info.company {
		return false
	}
	legal, listLeft := false, false
	for _, e := range m.Explanation {
		switch {
		case e.How == "unmatched_list":
			// The country a registry name adds in brackets ("X
			// (Japan)") is no word of the company's own.
			if _, country := names.CountryCode(e.Token); !country {
				listLeft = true
			}
		case e.How != "unmatched_query" || e.Role != names.RoleName.String() || divisionWords[e.Token]:
		case names.IsLegalForm(e.Token):
			legal = true
		default:
			return false
		}
	}
	// A legal form names the company itself only when its name is written
	// whole ("Photonic Inc" is not "Photonic Systems").
	return !legal || !listLeft
}

// minAcronymProminence is how many records the registry must relate to
// an organisation for its acronym to name it among namesakes.
const minAcronymProminence = 8

// prominentAcronym returns the organisation an acronym names, alone or
// written with other words ("Department of X, MIT"), when its holder is
// prominent and, if several hold it equally, far more prominent than the
// others, in no conflicting country.
func (r *Resolver) prominentAcronym(ms []match.Match) (match.Match, bool) {
	if !byAcronym(ms[0]) {
		return match.Match{}, false
	}
	var tied []match.Match
	for _, m := range ms {
		if m.Score == ms[0].Score && byAcronym(m) {
			tied = append(tied, m)
		}
	}
	prominence := func(m match.Match) int {
		if info := r.orgs[m.SourceID]; info != nil {
			return info.prominence
		}
		return 0
	}
	best := tied[0]
	for _, m := range tied[1:] {
		if prominence(m) > prominence(best) {
			best = m
		}
	}
	if prominence(best) < minAcronymProminence {
		// One organisation with its sites ("EMBL" of EMBL and its
		// stations abroad, registered under its acronym too) holds the
		// acronym alone: it is the one meant however few records point
		// at it.
		if root, ok := r.acronymFamilyRoot(tied); ok {
			return root, true
		}
		return match.Match{}, false
	}
	if countryConflicts(best) {
		return match.Match{}, false
	}
	for _, m := range tied {
		if m.SourceID == best.SourceID {
			continue
		}
		if !r.related(best, m) && !r.clearlyMoreProminent(best, m) || r.byOwnName(m) {
			// Not far less prominent, or named by its own name, not an
			// acronym of a longer one ("MagIC" beside "MAGIC Telescopes").
			return match.Match{}, false
		}
	}
	return best, true
}

// acronymAndHead returns the organisation a party written as an acronym
// and a teaching institution's head word names ("HSE University", "ABC
// College"): of the organisations registered under the acronym, in a
// country the party names if it names one, the one teaching institution,
// or one far more prominent than the others (see clearlyMoreProminent).
// The screen ranks such a string low, as the registry name is the
// acronym alone and the head word is left over.
func (r *Resolver) acronymAndHead(ms []match.Match, a *names.Affiliation) (match.Match, bool) {
	var seg *names.Segment
	for i := range a.Segments {
		s := &a.Segments[i]
		if s.Role == names.RoleName || s.Role == names.RoleDept {
			if seg != nil {
				return match.Match{}, false
			}
			seg = s
		}
	}
	if seg == nil || len(seg.Tokens) != 2 || !teachingHeads[seg.Tokens[1].Text] || !isCapsAcronym(firstWord(seg.Text)) {
		return match.Match{}, false
	}
	var found []match.Match
	r.ix.NameHolders(seg.Tokens[:1], func(id string) {
		info := r.orgs[id]
		if info == nil || !info.active || !info.education || len(a.Countries) > 0 && !slices.Contains(a.Countries, info.country) || slices.ContainsFunc(found, func(m match.Match) bool { return m.SourceID == id }) {
			return
		}
		m := match.Match{List: registry.ListName, SourceID: id, Name: info.name, MatchedName: seg.Tokens[0].Surface, Score: minLead, Match: true, Countries: []string{info.country},
			Explanation: []match.Evidence{{Query: seg.Tokens[0].Surface, List: seg.Tokens[0].Text, Token: seg.Tokens[0].Text, How: string(names.HowExact), Similarity: 1, Role: names.RoleName.String()}, {How: "acronym_with_head", Note: seg.Tokens[1].Text}}}
		for _, c := range ms {
			if c.SourceID == id {
				m.Score = max(m.Score, c.Score)
			}
		}
		found = append(found, m)
	})
	return r.farMostProminent(found)
}

// teachingHeads are the head words of a teaching institution's name that
// an acronym is written with ("HSE University").
var teachingHeads = map[string]bool{"university": true, "college": true}

// acronymFamilyRoot returns the organisation that the acronym's holders
// tied (several, all by the same name) are, or are parts of, when it
// holds that name too and no holder is outside its family: the screen
// may have left it out of the few it returned.
func (r *Resolver) acronymFamilyRoot(tied []match.Match) (match.Match, bool) {
	if len(tied) < 2 {
		return match.Match{}, false
	}
	first := r.orgs[tied[0].SourceID]
	if first == nil {
		return match.Match{}, false
	}
	for _, id := range append([]string{tied[0].SourceID}, first.ancestors...) {
		root := r.orgs[id]
		if root == nil || !root.active || !slices.Contains(root.names, tied[0].MatchedName) {
			continue
		}
		if slices.ContainsFunc(tied, func(m match.Match) bool {
			info := r.orgs[m.SourceID]
			return m.MatchedName != tied[0].MatchedName || m.SourceID != id && (info == nil || !slices.Contains(info.ancestors, id))
		}) {
			continue
		}
		m := tied[0]
		m.SourceID, m.Name, m.Countries = id, root.name, []string{root.country}
		return m, true
	}
	return match.Match{}, false
}

// lookalikeOf reports whether m's own words are only lookalikes, by
// spelling or sound, of words that top matches exactly ("University of
// Colombo" against "Columbia University" for "Columbia"): a reading that
// guesses at a word the leader reads as written does not compete with it.
func lookalikeOf(m, top match.Match) bool {
	exact := make(wordSet, 0, len(top.Explanation))
	for _, e := range top.Explanation {
		if e.Query != "" && e.List != "" && e.How == string(names.HowExact) {
			exact = exact.add(e.Query)
		}
	}
	alike := false
	for _, e := range m.Explanation {
		if e.Query == "" || e.List == "" || names.IsGeneric(e.Token) {
			continue
		}
		if e.How != string(names.HowTypo) && e.How != string(names.HowTransliterated) || !exact.has(e.Query) {
			return false
		}
		alike = true
	}
	return alike
}

// byOwnName reports whether m matched the registry's display name of its
// organisation.
func (r *Resolver) byOwnName(m match.Match) bool {
	info := r.orgs[m.SourceID]
	return info != nil && info.name == m.MatchedName
}

// wholeSegments reports whether m explains every name word of some name
// segment and none of the others it leaves words of unexplained: a unit
// the registry does not hold, written in a segment of its own before its
// host ("Institute for Example Studies, Westland University").
func wholeSegments(m match.Match, a *names.Affiliation) bool {
	words, whole := alignedWords(m), false
	for _, s := range a.Segments {
		if s.Role != names.RoleName {
			continue
		}
		n, t := 0, 0
		for _, tk := range s.Tokens {
			if tk.Role != names.RoleName {
				continue
			}
			t++
			if words.has(tk.Surface) {
				n++
			}
		}
		if n > 0 && n < t {
			return false
		}
		whole = whole || n > 0 && n == t
	}
	return whole
}

// nameThenTail reports whether m explains the opening words of a name
// segment, two or more, and none after them, and every other name segment
// wholly or not at all: the registry's name, then more of the same
// organisation's ("Princess X Center for Pediatric Oncology" for "Princess
// X Center").
func nameThenTail(m match.Match, a *names.Affiliation) bool {
	words, found := alignedWords(m), false
	for _, s := range a.Segments {
		if s.Role != names.RoleName {
			continue
		}
		n, t, prefix := 0, 0, true
		for _, tk := range s.Tokens {
			if tk.Role != names.RoleName {
				continue
			}
			t++
			if words.has(tk.Surface) {
				if !prefix {
					return false
				}
				n++
			} else {
				prefix = false
			}
		}
		switch {
		case n == 0 || n == t:
		case n >= 2 && !found:
			found = true
		default:
			return false
		}
	}
	return found
}

// ownInSegment reports whether m aligns a word of a name segment beyond
// common institutional vocabulary, whatever role the parser gave it.
func ownInSegment(m match.Match, a *names.Affiliation) bool {
	words := alignedWords(m)
	for _, s := range a.Segments {
		if s.Role != names.RoleName {
			continue
		}
		for _, tk := range s.Tokens {
			if words.has(tk.Surface) && !names.IsGeneric(tk.Text) {
				return true
			}
		}
	}
	return false
}

// leavesWords reports whether m's registered name has words the string
// does not write, other than those spared ("Harvard" for Harvard
// University, sparing the head words of hosts).
func leavesWords(m match.Match, spared map[string]bool) bool {
	return slices.ContainsFunc(m.Explanation, func(e match.Evidence) bool { return e.How == "unmatched_list" && !spared[e.Token] })
}

// leavesOwnWords reports whether the party does not write a word of m's
// display name beyond common institutional vocabulary (the town of
// "Texas A&M University – San Antonio", which fits by its name without
// the town), reading the display name's words from its cached forms.
func (r *Resolver) leavesOwnWords(m match.Match, a *names.Affiliation) bool {
	info := r.orgs[m.SourceID]
	if info == nil {
		return false
	}
	ws, ok := displayWords(info)
	if !ok {
		return false
	}
	for _, w := range ws {
		if names.IsGeneric(w) {
			continue
		}
		if !writesToken(a, w) {
			return true
		}
	}
	return false
}

// displayWords returns the canonical words of info's display name from
// its cached forms, and false when the display name is not among its
// names.
func displayWords(info *orgInfo) ([]string, bool) {
	forms, k := formOf(info, info.name)
	if k < 0 {
		return nil, false
	}
	return forms.words[k], true
}

// writesToken reports whether a segment of party a holds a token whose
// canonical text is w.
func writesToken(a *names.Affiliation, w string) bool {
	return slices.ContainsFunc(a.Segments, func(s names.Segment) bool {
		return slices.ContainsFunc(s.Tokens, func(t names.Token) bool { return t.Text == w })
	})
}

// wholeNameLeft reports whether m's registered name is, word for word,
// all that a party's name segment leaves of two words or more once a
// school is read apart ("Westland Clinic College of Medicine" for
// "Westland Clinic"): a host other than a university must be written
// whole.
func wholeNameLeft(m match.Match, a *names.Affiliation) bool {
	if leavesWords(m, nil) {
		return false
	}
	for _, s := range a.Segments {
		if s.Role != names.RoleName {
			continue
		}
		var left []names.Token
		for _, t := range s.Tokens {
			if t.Role == names.RoleName {
				left = append(left, t)
			}
		}
		if len(left) >= 2 && alignsAll(m, left) {
			return true
		}
	}
	return false
}

// atReadings returns the party read with the words before "at" in a name
// segment taken as a unit's ("Centre for X at the University of
// Westland"): a unit written with its host in one segment. host holds the
// words after "at".
func atReadings(a *names.Affiliation) []hostReading {
	var out []hostReading
	for i, s := range a.Segments {
		if s.Role != names.RoleName || len(s.Tokens) < 3 || len(s.Tokens) > maxHostTokens {
			continue
		}
		at := strings.LastIndex(strings.ToLower(s.Text), " at ")
		if at < 0 {
			continue
		}
		after := map[string]bool{}
		for _, w := range strings.Fields(names.Normalize(s.Text[at+4:])) {
			after[w] = true
		}
		k := len(s.Tokens)
		for k > 0 && after[s.Tokens[k-1].Surface] {
			k--
		}
		if k == 0 || k == len(s.Tokens) {
			continue
		}
		var host []names.Token
		for _, t := range s.Tokens[k:] {
			if t.Role == names.RoleName {
				host = append(host, t)
			}
		}
		if len(host) == 0 {
			continue
		}
		out = append(out, hostReading{party: asUnit(a, i, 0, k), host: host})
	}
	return out
}

// disjoint reports whether a and b share no word.
func disjoint(a, b wordSet) bool {
	for _, k := range a {
		if b.has(k) {
			return false
		}
	}
	return true
}

// subjectJoins are the words that join two subjects in one name ("X
// Institute for Physics and Astrophysics"), in the languages names are
// written in.
var subjectJoins = []string{" and ", " und ", " et ", " y ", " e ", " & "}

// bySubjects reads a name that joins two subjects ("Westmarch Institut für
// Tides und Currents", the name of a former institute) as the two names
// the registry holds for each subject alone ("Westmarch Institut für
// Tides", "Westmarch Institut für Currents"), and returns the
// organisation each names. The words before the first subject must hold
// a word of their own: "University of Science and Technology" is no
// "University of Science" beside a "University of Technology".
func (r *Resolver) bySubjects(a *names.Affiliation, opt Options) []match.Match {
	for i, sg := range a.Segments {
		if sg.Role != names.RoleName {
			continue
		}
		left, right, ok := cutSubjects(sg.Text)
		if !ok || !r.ix.IsName(names.Tokenize(left)) {
			continue
		}
		words, after := strings.Fields(left), strings.Fields(right)
		for k := 1; k <= 3 && k < len(words); k++ {
			prefix := strings.Join(words[:len(words)-k], " ")
			if !slices.ContainsFunc(names.Tokenize(prefix), func(t names.Token) bool { return !names.IsGeneric(t.Text) }) {
				continue
			}
			// The second subject may be followed by other words of the
			// segment (a town, another name run on).
			other := ""
			for j := len(after); j > 0 && other == ""; j-- {
				if o := prefix + " " + strings.Join(after[:j], " "); r.ix.IsName(names.Tokenize(o)) {
					other = o
				}
			}
			if other == "" {
				continue
			}
			var out []match.Match
			for _, name := range []string{left, other} {
				alt := withNameSegment(a, i, name, names.Tokenize(name))
				picked := r.resolveParty(&alt, opt)
				if len(picked) != 1 || slices.ContainsFunc(out, func(m match.Match) bool { return m.SourceID == picked[0].SourceID }) {
					return nil
				}
				out = append(out, picked[0])
			}
			return out
		}
	}
	return nil
}

// cutSubjects cuts s at the one word that joins two subjects, or reports
// false.
func cutSubjects(s string) (left, right string, ok bool) {
	for _, j := range subjectJoins {
		if l, rest, found := strings.Cut(s, j); found && !strings.Contains(rest, j) && l != "" && rest != "" {
			return l, rest, true
		}
	}
	return "", "", false
}

// tailUnitCut returns the party with the words after a registry name that
// opens a segment read as a unit's, when they end with a unit's head word
// and the whole segment is no registry name ("Westmarch Clinic Lerner
// Research Institute", an institute of the Westmarch Clinic the registry
// does not hold), and the host's words. A second reading: the longest
// name that opens the segment is the host.
func (r *Resolver) tailUnitCut(a *names.Affiliation) (names.Affiliation, []names.Token, bool) {
	for i, s := range a.Segments {
		if s.Role != names.RoleName || len(s.Tokens) < 3 || r.ix.IsName(s.Tokens) {
			continue
		}
		if last := s.Tokens[len(s.Tokens)-1]; last.Role != names.RoleName || !tailUnitHeads[last.Text] {
			continue
		}
		for k := len(s.Tokens) - 2; k >= 1; k-- {
			if r.ix.IsName(s.Tokens[:k]) {
				return asUnit(a, i, k, len(s.Tokens)), s.Tokens[:k], true
			}
		}
	}
	return names.Affiliation{}, nil, false
}

// tailUnitHeads are the canonical head words that end a unit's name run
// on after its host's (see tailUnitCut); a university or an academy after
// an organisation's name is an organisation of its own.
var tailUnitHeads = map[string]bool{"center": true, "institute": true, "laboratory": true, "hospital": true, "clinic": true, "group": true, "unit": true, "college": true}

// writtenInCapitals reports whether every word of ts is written in
// capitals in the party's text, as an acronym is.
func writtenInCapitals(a *names.Affiliation, ts []names.Token) bool {
	words := strings.FieldsFunc(a.Raw, func(r rune) bool { return r == ' ' || r == ',' || r == '-' || r == '/' || r == '(' || r == ')' })
	for _, t := range ts {
		if !slices.ContainsFunc(words, func(w string) bool { return strings.EqualFold(w, t.Surface) && allCapitals(w) }) {
			return false
		}
	}
	return len(ts) > 0
}

// chinesePlaceLeft reports whether m's registry name has the name of a
// Chinese province or city that the string does not write ("Guangdong
// Technion-Israel Institute of Technology" for "Technion - Israel
// Institute of Technology"): Chinese institutions are named after their
// province or city, and the name without it is another institution's.
// Only the leader below the threshold asks it; places elsewhere are left
// out, as countries and towns end many names written without them
// ("… University of the Reformed Church in Hungary").
func chinesePlaceLeft(m match.Match) bool {
	return slices.ContainsFunc(m.Explanation, func(e match.Evidence) bool {
		return e.How == "unmatched_list" && names.IsChinesePlace(e.Token)
	})
}

// nameReading is a party read with one segment's words as an
// organisation's name.
type nameReading struct {
	party names.Affiliation
	words []names.Token
	// after holds the segment's words after the name, as the parser read
	// them, and text the segment as written, when a reading has them.
	after []names.Token
	text  string
}

// centresAsNames returns the party read with each segment the parser took
// for a unit's, when it opens with the head word of an organisation named
// like a unit (see centreHeads: "Centre for Tidal Ecology, Maclean
// Building, Crowmarsh Gifford, UK", where the village was taken for the
// organisation), or is an organisation's name written with its country
// (see namedLikeUnit), as an organisation's name. A second reading: only a
// registry name the words fit exactly, every one of them, is taken.
func (r *Resolver) centresAsNames(a *names.Affiliation) []nameReading {
	var out []nameReading
	for i, sg := range a.Segments {
		if sg.Role != names.RoleDept {
			continue
		}
		named := r.namedLikeUnit(sg, a)
		if !named && (len(sg.Tokens) < 3 || !centreHeads[sg.Tokens[0].Text]) {
			continue
		}
		alt := withNameSegment(a, i, sg.Text, sg.Tokens)
		if named {
			// The towns written with it are its address ("…, New
			// Delhi, India"), not names of organisations there.
			for j, o := range alt.Segments {
				if o.Role == names.RoleName && j != i && r.cities.has(o.Tokens) {
					alt.Segments[j].Role, alt.Segments[j].Tokens = names.RoleAddress, names.WithRole(o.Tokens, names.RoleAddress)
				}
			}
		}
		out = append(out, nameReading{party: alt, words: alt.Segments[i].Tokens})
	}
	return out
}

// maxEmbedded bounds the readings embeddedNames gives one party, and
// maxEmbeddedTokens the segments it reads: written without commas, a
// unit, an institute, its academy and the address run to twenty words
// and more ("State Key Laboratory of X Shanghai Institute of Y Chinese
// Academy of Sciences Shanghai 200032 China"). Each word is looked up
// once however long the segment.
const (
	maxEmbedded       = 3
	maxEmbeddedTokens = 32
)

// embeddedNames returns the party read with a registry name written
// inside a longer segment, without commas around it ("Centre for Tides
// Northwold Institute of Technology Eastport", "Department of X
// Westmarch University Medical Center"), as the organisation's name: the
// words before it become a unit's, the words after it a unit's too but
// for a town or country, which stay the address. The longest such names
// come first, at most maxEmbedded of them. A name must have two words at
// least, one few registry names hold (see rareWordIn: "Institute for
// Neuroscience" is as often a unit's) or minCommonNameWords words, be no
// end or start of a longer name (see wordsEndName and linkedToName), have
// no place alone before it (see placeQualifier) and have no prose after
// it (see afterName); a segment that is a registry name whole, or joins
// two with a slash, is left alone. A second reading: only an organisation
// fitting every word of the name exactly is taken.
func (r *Resolver) embeddedNames(a *names.Affiliation) []nameReading {
	var out []nameReading
	for i, sg := range a.Segments {
		n := len(sg.Tokens)
		if sg.Role != names.RoleName && sg.Role != names.RoleDept || n < 3 || n > maxEmbeddedTokens || strings.Contains(sg.Text, "/") || r.ix.IsName(sg.Tokens) {
			// A segment that joins two names with a slash ("X
			// Conservatory/Y University") is two names.
			continue
		}
		// Read only for a name found, each word once: rare[k] counts the
		// rare words before k; no name may end before the last word that
		// may not follow one (see afterName), read from the end; and the
		// words as written (see linkedToName).
		var rare [maxEmbeddedTokens + 1]int
		minEnd := 0
		var pos [maxEmbeddedTokens]int
		var words []string
		read, aligned := false, false
		readWords := func() {
			for k, t := range sg.Tokens {
				rare[k+1] = rare[k]
				if h := r.ix.NamesHolding(t.Text); h > 0 && h <= rareUnitWordNames {
					rare[k+1]++
				}
			}
			for k := n - 1; k >= 0; k-- {
				if !r.afterName(sg.Text, sg.Tokens[k]) {
					minEnd = k + 1
					break
				}
			}
			words, aligned = wordPositions(sg.Text, sg.Tokens, pos[:n])
			read = true
		}
		r.ix.NamesWithin(sg.Tokens, 2, func(from, to int) bool {
			if !read {
				readWords()
			}
			// "The" before the name opens it ("… Australia The University
			// of X"), whatever the words before it.
			opened := aligned && from > 0 && slices.Contains(words[pos[from-1]+1:pos[from]], "the")
			if rare[to] == rare[from] && to-from < minCommonNameWords || to < minEnd || !opened && !wordsEndName(sg.Tokens, from, to, r.commonWord) ||
				aligned && (r.linkedToName(words, pos[:n], sg.Tokens, from, to) || theOpensWithin(words, pos[from], pos[to-1]) && !r.nameWritesThe(sg.Tokens[from:to])) {
				return true
			}
			if from > 0 && !opened && (r.placeQualifier(sg.Tokens[:from]) || compassWords[sg.Tokens[from-1].Text] || qualifiesHead(sg.Tokens, from)) {
				// "West Northwold University", "Kestrelian Institute
				// of X", "Varro Kestrel South Northwold University": a
				// namesake in another place, not a unit.
				return true
			}
			alt := asUnit(a, i, 0, from)
			toks := alt.Segments[i].Tokens
			setRole(toks[from:to], names.RoleName)
			for k := to; k < n; k++ {
				if toks[k].Role != names.RoleAddress && toks[k].Role != names.RoleCountry {
					toks[k].Role = names.RoleDept
				}
			}
			alt.Segments[i].Role = names.RoleName
			out = append(out, nameReading{party: alt, words: toks[from:to], after: sg.Tokens[to:], text: sg.Text})
			return len(out) < maxEmbedded
		})
		if len(out) >= maxEmbedded {
			break
		}
	}
	return out
}

// wordPositions returns the words of text, normalised, and sets pos[k]
// to the index among them of token k of ts, each token's surface matched
// to the next word written so; it reports false when a token is not
// found so (a word the tokenizer split or joined), and pos is then not
// to be read.
func wordPositions(text string, ts []names.Token, pos []int) ([]string, bool) {
	words := strings.Fields(names.Normalize(text))
	w := 0
	for k, t := range ts {
		for w < len(words) && words[w] != t.Surface {
			w++
		}
		if w == len(words) {
			return words, false
		}
		pos[k] = w
		w++
	}
	return words, true
}

// nameLinks are the words, normalised, that join one part of a name to
// the next ("University of X", "X and Y"); "the" opens a name ("…
// Sciences The University of X") unless one of these comes before it.
var nameLinks = map[string]bool{"of": true, "for": true, "and": true, "de": true, "des": true, "du": true, "di": true, "da": true, "do": true,
	"del": true, "della": true, "dell": true, "der": true, "und": true, "et": true, "y": true, "e": true, "in": true, "on": true}

// linkedToName reports whether the name ts[from:to] of a segment whose
// normalised words are words (pos gives each token's) is joined by a
// link word to the words before it ("University of National Academy of
// X", a university's name) or, when its last word is no town, to the
// words after it ("University of Tides and Currents"): it is then a part
// of a longer name. An initial before it opens that longer name ("K. M.
// Westmoor College").
func (r *Resolver) linkedToName(words []string, pos []int, ts []names.Token, from, to int) bool {
	linked := func(gap []string) bool { return slices.ContainsFunc(gap, func(w string) bool { return nameLinks[w] }) }
	if from > 0 && (linked(words[pos[from-1]+1:pos[from]]) || utf8.RuneCountInString(ts[from-1].Text) == 1) {
		return true
	}
	return to < len(ts) && linked(words[pos[to-1]+1:pos[to]]) && !r.cities.has(ts[to-1:to])
}

// theOpensWithin reports whether "the" opens a name among the words
// between words[first] and words[last]: one no link word comes before
// ("… Science The University of X" is two names' words, "University of
// the West" one name's).
func theOpensWithin(words []string, first, last int) bool {
	for k := first + 1; k < last; k++ {
		if words[k] == "the" && !nameLinks[words[k-1]] {
			return true
		}
	}
	return false
}

// nameWritesThe reports whether an organisation holding the name ts
// writes "the" inside one of its names, after its first word ("Rutgers,
// The State University of X").
func (r *Resolver) nameWritesThe(ts []names.Token) bool {
	found := false
	r.ix.NameHolders(ts, func(id string) {
		if info := r.orgs[id]; info != nil && !found {
			found = slices.ContainsFunc(info.names, func(x string) bool {
				w := strings.Fields(names.Normalize(x))
				return len(w) > 1 && slices.Contains(w[1:], "the")
			})
		}
	})
	return found
}

// minNamesAfter is how many registry names at least must hold a word
// written in small letters after a name found inside a segment (see
// afterName).
const minNamesAfter = 3

// afterName reports whether t, a word of segment text, may follow a name
// found inside the segment: an address's, a place's, a number, a word
// written with a capital (a unit's, another name's) or one at least
// minNamesAfter registry names hold when text writes it in small letters.
// Prose after a name ("… University for providing a grant") is no
// affiliation's.
func (r *Resolver) afterName(text string, t names.Token) bool {
	if t.Role == names.RoleAddress || t.Role == names.RoleCountry || t.Place || names.IsDigits(t.Text) {
		return true
	}
	return r.ix.NamesHolding(t.Text) >= minNamesAfter || !writtenSmall(text, t.Surface)
}

// writtenSmall reports whether text writes surface, a normalised word,
// as a word of its own just so, in small letters, in a text that is not
// all in small letters. A word written with accents its surface drops is
// not found. Unlike writesWord, a digit or a mark other than a letter
// may touch the word ("providing1").
func writtenSmall(text, surface string) bool {
	if surface == "" || names.Caseless(text) {
		return false
	}
	for i := 0; i < len(text); {
		j := strings.Index(text[i:], surface)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(surface)
		before, _ := utf8.DecodeLastRuneInString(text[:start])
		after, _ := utf8.DecodeRuneInString(text[end:])
		if (start == 0 || !unicode.IsLetter(before)) && (end == len(text) || !unicode.IsLetter(after)) {
			return true
		}
		i = start + 1
	}
	return false
}

// wordsEndName reports whether ts[from:to] may be a name written whole
// among the other words of ts: a name that opens with a common word
// ("Institute for Tides") is the end of a longer one unless the words
// before it are a unit's or an organisation's of their own (see
// unitEnds: "Westmarch Institute for Tides", "City University of X" are
// names of their own; "Centre for Waves Institute for Tides", "Division
// of Infection and Immunity University College X" a unit and a name),
// and one followed by a common word other than its address or a head
// word soon after the start of one ("Centre for Tides Research", not "X
// University School of Medicine" or "University of X Medical School").
func wordsEndName(ts []names.Token, from, to int, common func(string) bool) bool {
	if from > 0 && names.IsGeneric(ts[from].Text) && !unitEnds(ts[:from], common) {
		return false
	}
	return to == len(ts) || ts[to].Role == names.RoleAddress || ts[to].Role == names.RoleCountry || !names.IsGeneric(ts[to].Text) || headSoonAfter(ts[to:])
}

// headSoonAfter reports whether ts, the words after a name, open with a
// head word, or with one or two common words and then one: a unit of the
// organisation named ("X University School of Medicine", "University of
// X Medical School"), not more words of its name.
func headSoonAfter(ts []names.Token) bool {
	for k := 0; k < len(ts) && k <= 2; k++ {
		if names.IsOrgHead(ts[k].Text) {
			return true
		}
		if !names.IsGeneric(ts[k].Text) {
			return false
		}
	}
	return false
}

// unitEnds reports whether words ts, written before a name that opens
// with a common word, are a unit's or an organisation's of their own
// rather than the first words of that name: the parser read a unit among
// them or they hold a head word ("Division of …", "Westmarch Institute
// for Tidal Research"), or the last is a field of study, a unit's head
// word ("… Program"), a number or a word many registry names hold
// (common) that is no common institutional word ("… Networks", "UMR
// 3738"); never when the last is a country's, a people's or a place's
// word. A rare word ("Westmarch Institute for Tides"), a common
// institutional one ("City University of X") or a people's ("Chinese
// University of X") begins the name.
func unitEnds(ts []names.Token, common func(string) bool) bool {
	last := ts[len(ts)-1]
	if _, country := names.CountryCode(last.Text); country || last.Place || names.IsDemonym(last.Text) {
		return false // "Chinese University of X", "Westland University"
	}
	if slices.ContainsFunc(ts, func(t names.Token) bool { return t.Role == names.RoleDept || names.IsOrgHead(t.Text) }) {
		return true
	}
	return names.IsSubject(last.Text) || names.IsUnitWord(last.Text) || names.IsDigits(last.Text) || !names.IsGeneric(last.Text) && common(last.Text)
}

// commonUnitWordNames is how many registry names at least hold a word
// commonWord reads as a unit's.
const commonUnitWordNames = 10

// commonWord reports whether at least commonUnitWordNames registry names
// hold w: a unit's word ("Networks", "Cognition"), not a word of one
// organisation's own name.
func (r *Resolver) commonWord(w string) bool { return r.ix.NamesHolding(w) >= commonUnitWordNames }

// withNameSegment returns the party with segment i replaced by an
// organisation's name, text, of the given tokens.
func withNameSegment(a *names.Affiliation, i int, text string, toks []names.Token) names.Affiliation {
	alt := *a
	alt.Segments = slices.Clone(a.Segments)
	alt.Segments[i] = names.Segment{Text: text, Role: names.RoleName, Tokens: names.WithRole(toks, names.RoleName)}
	return alt
}

// onlyTownWritten reports whether the words m aligns in the party's name
// segments are, all together, a segment that is the name of a town the
// registry knows, written with its country and no unit ("London, UK" for
// "University of London" written shorter), or after another organisation
// whose registry name the string writes whole (see townOfWrittenName):
// that is an address. A town alone ("Stanford") or after a unit
// ("Department of Physics, Princeton") still leads to the university
// named after it.
func (r *Resolver) onlyTownWritten(m match.Match, a *names.Affiliation) bool {
	if !r.townSegmentOnly(m, a) {
		return false
	}
	return countSegments(a, names.RoleCountry) > 0 && countSegments(a, names.RoleDept) == 0 || r.townOfWrittenName(a)
}

// townSaysOther reports whether a town the party writes says m is
// another organisation than the one its words fit: a town alone that
// leaves m's own words unwritten (townForOwnWords), a Chinese town run
// into a common name (cjkTownElsewhere; cjkTowns is cjkRunInTowns(a)),
// or another town than the one m's name holds (ownTownElsewhere). pick
// and leader ask it of each candidate alike.
func (r *Resolver) townSaysOther(m match.Match, a *names.Affiliation, cjkTowns []string) bool {
	return r.townForOwnWords(m, a) || r.cjkTownElsewhere(m, cjkTowns) || r.ownTownElsewhere(m, a)
}

// townForOwnWords reports whether m fits only a segment that is a town
// while its registry name has a distinctive word the string does not
// write ("SPA Northtown" for "Department of X, Northtown"): a town leads
// to the organisation named after it ("University of Northtown"), not to
// one whose own words are left unwritten.
func (r *Resolver) townForOwnWords(m match.Match, a *names.Affiliation) bool {
	return slices.ContainsFunc(m.Explanation, func(e match.Evidence) bool {
		return e.How == "unmatched_list" && !names.IsGeneric(e.Token)
	}) && r.townSegmentOnly(m, a)
}

// ownTownElsewhere reports whether m's registry name holds its own town
// as a word the string does not write, or m fits by an acronym in
// capitals and one of its names holds its town (a short one-word name,
// "Varox & Co.", fits as an acronym would, but its head office's town
// after a comma only tells namesakes apart), while the party writes
// another town and not m's ("TU Northvale" for "TU Eastport", "ENS" of
// "École Normale Supérieure de Northvale" for "ENS Eastport"), or m fits
// by a name the index shortened by its town, a town of several words too
// (see cityDropped): the town written says the organisation is another
// one of the same kind. An organisation whose names hold no town ("CNRS") is
// not told apart so.
func (r *Resolver) ownTownElsewhere(m match.Match, a *names.Affiliation) bool {
	info := r.orgs[m.SourceID]
	if info == nil || info.city == "" {
		return false
	}
	if !cityDropped(info, m.MatchedName) {
		if strings.IndexByte(info.city, ' ') >= 0 {
			return false // a town of several words is not one word of a name
		}
		if !slices.ContainsFunc(m.Explanation, func(e match.Evidence) bool { return e.How == "unmatched_list" && e.Token == info.city }) &&
			!(byAcronym(m) && isCapsAcronym(m.MatchedName) && slices.ContainsFunc(nameFormsOf(info).words, func(ws []string) bool { return slices.Contains(ws, info.city) })) {
			return false
		}
	}
	towns := r.writtenTowns(a)
	return len(towns) > 0 && !slices.Contains(towns, info.city)
}

// cityDropped reports whether name is none of info's names but one of them
// without the town that ends it, as the index shortens names authors cite
// without their town ("École Normale Supérieure" of "… de Northvale").
// It compares the names as written, with the names' forms worked out once
// (see nameForms), so that the many other names the index derives cost
// no allocation.
func cityDropped(info *orgInfo, name string) bool {
	if slices.Contains(info.names, name) {
		return false
	}
	f := nameFormsOf(info)
	for k, n := range info.names {
		if f.townEnded[k] && len(n) > len(name)+1 && n[len(name)] == ' ' && strings.HasPrefix(n, name) {
			return true
		}
	}
	return false
}

// townOfWrittenName reports whether the party writes, in a segment the
// parser took for a unit's, the whole registry name of an organisation
// named like a unit (see centreHeads: "Association for Tidal Studies,
// Northtown"): a town the string writes with it is that organisation's
// address, not the university named after the town.
func (r *Resolver) townOfWrittenName(a *names.Affiliation) bool {
	return slices.ContainsFunc(a.Segments, func(s names.Segment) bool {
		return s.Role == names.RoleDept && (len(s.Tokens) >= 3 && centreHeads[s.Tokens[0].Text] && r.ix.IsName(s.Tokens) || r.namedLikeUnit(s, a))
	})
}

// namedLikeUnit reports whether segment s, which the parser took for a
// unit's as it opens with a unit's word, is word for word the registry
// name of an organisation in a country the party names, or, when it
// names none, in a town it writes: a government department ("Department
// for Tidal Affairs, Northtown, UK", "…, Northtown"), or, of three words
// at least, one whose town the party writes too ("Division of Tidal
// Studies, Northtown, UK"). A university's unit ("Department of Physics,
// Northtown") is no such name.
func (r *Resolver) namedLikeUnit(s names.Segment, a *names.Affiliation) bool {
	if s.Role != names.RoleDept || len(s.Tokens) < 2 {
		return false
	}
	found := false
	r.ix.NameHolders(s.Tokens, func(id string) {
		info := r.orgs[id]
		if info == nil {
			return
		}
		town := r.townWritten(info.city, a)
		if (slices.Contains(a.Countries, info.country) || len(a.Countries) == 0 && town) && (info.government && s.Tokens[0].Text == "department" || len(s.Tokens) >= 3 && town) {
			found = true
		}
	})
	return found
}

// townWritten reports whether a segment of the party is the town city
// (a gazetteer key, see places).
func (r *Resolver) townWritten(city string, a *names.Affiliation) bool {
	return city != "" && slices.ContainsFunc(a.Segments, func(s names.Segment) bool {
		return s.Role != names.RoleDept && len(s.Tokens) <= maxPlaceWords && tokenKey(s.Tokens) == city
	})
}

// townSegmentOnly reports whether the words m aligns in the party's name
// segments are, all together, one segment that is the name of a town the
// registry knows.
func (r *Resolver) townSegmentOnly(m match.Match, a *names.Affiliation) bool {
	w := alignedWords(m)
	for _, s := range a.Segments {
		if s.Role != names.RoleName {
			continue
		}
		var toks []names.Token
		for _, t := range s.Tokens {
			if w.has(t.Surface) {
				toks = append(toks, t)
			}
		}
		if len(toks) > 0 {
			return len(toks) == len(s.Tokens) && r.cities.has(toks)
		}
	}
	return false
}

// acronymInTown returns, of the best candidates that all rest on one
// acronym, the one in a town the party writes ("ABC, Northtown" for the
// ABC in Northtown, not the one in Southtown), when exactly one is there.
func (r *Resolver) acronymInTown(ms []match.Match, a *names.Affiliation) (match.Match, bool) {
	towns := r.writtenTowns(a)
	if len(towns) == 0 || len(ms) == 0 {
		return match.Match{}, false
	}
	return soleAcronymHolder(ms, func(m match.Match) bool { return r.inWrittenTown(m, towns) })
}

// soleAcronymHolder returns, of ms's best candidates that all rest on one
// acronym (ms not empty), the one that in holds of, when exactly one
// does.
func soleAcronymHolder(ms []match.Match, in func(match.Match) bool) (match.Match, bool) {
	var found match.Match
	n := 0
	for _, m := range ms {
		if m.Score < ms[0].Score || !byAcronym(m) {
			break
		}
		if in(m) {
			found, n = m, n+1
		}
	}
	return found, n == 1
}

// acronymInState returns, of the best candidates that all rest on one
// acronym, the one in a state the party writes, by its name or its
// postal code ("ABC, Northtown, CA" for the ABC in California, not the
// one in South Carolina), when exactly one is there.
func (r *Resolver) acronymInState(ms []match.Match, a *names.Affiliation) (match.Match, bool) {
	states := writtenStates(a)
	if len(states) == 0 || len(ms) < 2 {
		return match.Match{}, false
	}
	return soleAcronymHolder(ms, func(m match.Match) bool {
		info := r.orgs[m.SourceID]
		return info != nil && info.region != "" && slices.Contains(states, info.region)
	})
}

// stateElsewhere reports whether m is a US organisation in a state other
// than every one party a writes by its postal code ("Columbia University",
// in New York, for "Department of Physics, Columbia, MO"): a town written
// after a unit alone leads to its namesake in the state written, not to
// one elsewhere. A state's name may be a town's ("…, Washington").
func (r *Resolver) stateElsewhere(m match.Match, a *names.Affiliation) bool {
	info := r.orgs[m.SourceID]
	if info == nil || info.country != "us" || info.region == "" {
		return false
	}
	var states []string
	for _, s := range a.Segments {
		if s.Role == names.RoleAddress {
			states = stateCodesIn(s.Text, states)
		}
	}
	return len(states) > 0 && !slices.Contains(states, info.region)
}

// writtenStates returns the states and provinces party a's address
// segments write, normalised: by name ("California") or, in the United
// States, by postal code ("CA", in capitals).
func writtenStates(a *names.Affiliation) []string {
	var out []string
	for _, s := range a.Segments {
		if s.Role != names.RoleAddress || len(s.Tokens) == 0 {
			continue
		}
		// Normalised as the registry's region is, small words and all
		// ("district of columbia").
		if n := names.Normalize(s.Text); names.IsRegion(n) {
			out = append(out, n)
			continue
		}
		out = stateCodesIn(s.Text, out)
	}
	return out
}

// stateCodesIn appends to out the US states whose postal codes text
// writes ("CA", "MA 02139"), by their names as the registry's regions
// write them, normalised.
func stateCodesIn(text string, out []string) []string {
	for _, w := range strings.Fields(text) {
		if st := names.USStateName(strings.TrimSuffix(w, ".")); st != "" {
			out = append(out, st)
		}
	}
	return out
}

// centreHeads are the canonical head words of organisations whose names
// read like a unit's ("Centre for …", "Association for …").
var centreHeads = map[string]bool{"center": true, "institute": true, "laboratory": true, "association": true, "society": true, "foundation": true}

// subjectLeft reports whether m's registry name is named by its fields of
// study, the words it shares with the string being only common or
// subject words, and has a field the string does not write ("Medical"
// of a "Laboratory of Medical Acoustics" for "Laboratory of
// Acoustics"): a unit named by its fields is another one without one of
// them. A name of its own ("Quelstrom Institute" for the "Quelstrom
// Institute of Science") says which organisation is meant whatever
// fields its name adds.
func subjectLeft(m match.Match) bool {
	left := false
	for _, e := range m.Explanation {
		switch {
		case e.How == "unmatched_list":
			left = left || names.IsSubject(e.Token)
		case e.Query != "" && e.List != "" && !names.IsGeneric(e.Token) && !names.IsSubject(e.Token):
			return false
		}
	}
	return left
}

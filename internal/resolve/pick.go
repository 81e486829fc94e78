package resolve

// Choosing among one party's candidates.

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/collabcheck/collabcheck/internal/match"
	"github.com/collabcheck/collabcheck/internal/names"
)

// pick chooses among one party's candidates. It walks them best first and
// notes each candidate that explains distinctive words no earlier one
// explains: another organisation named in the same string ("Department X,
// Hospital A, University B"). A candidate that explains the same words as
// a kept one within margin makes the choice ambiguous, and the party is
// left unresolved. A sub-unit whose parent is not named while another
// organisation is ("Institute of Tidal Acoustics, University of
// Northwold" where the registry's institute belongs elsewhere) is dropped, and
// the best remaining one is chosen.
func (r *Resolver) pick(ms []match.Match, margin float64, a *names.Affiliation) []match.Match {
	return r.pickNoting(ms, margin, a, nil)
}

// pickNoting is pick that also sets *aside, when aside is not nil, to the
// organisations the one-per-party rule set aside (see setAside).
func (r *Resolver) pickNoting(ms []match.Match, margin float64, a *names.Affiliation, aside *[]match.Match) []match.Match {
	var kept []match.Match
	written := &lazyWritten{a: a}
	screened := ms // with the sites dropNamesakeSites drops (see partInWrittenTown)
	ms = r.dropNamesakeSites(ms)
	ms = r.namesakesInTown(ms, a)
	var keptWords []wordSet
	ownTown := 0 // whether the town is a written organisation's (see townOfWrittenName): 0 not asked yet, 1 no, 2 yes
	townOfName := func() bool {
		if ownTown == 0 {
			ownTown = 1
			if r.townOfWrittenName(a) {
				ownTown = 2
			}
		}
		return ownTown == 2
	}
	cjkTowns := r.cjkRunInTowns(a)
	var ambiguous wordSet     // words two unrelated organisations fit equally well
	ambiguousWritten := false // whether one of those two is written out exactly
	for _, m := range ms {
		if !m.Match {
			break
		}
		// words and own live on the stack: a kept organisation's words
		// are copied into keptWords.
		words, own := alignedWords(m), distinctiveWords(m)
		if countryAdjective(m) {
			words = withoutCountryAdjective(words, m)
		}
		if r.weakEvidence(m, a) || r.acronymOfOther(m, a) || r.otherAcronymWritten(m, a, ms) || acronymReadAsWord(m, a, ms) || r.acronymOfNamedOther(m, ms, written) || r.ownAcronymDiffers(m, a) || byAcronym(m) && r.townElsewhere(m, a) || r.unitWordsOnly(m, written) || headConflict(m) || townOfName() && r.townSegmentOnly(m, a) || r.townSaysOther(m, a, cjkTowns) {
			continue
		}
		if sameWords(words, ambiguous) && (ambiguousWritten || r.writtenOut(written.names(), m) == notWritten) {
			// Two others fit these words equally well; only a name
			// written out exactly, as neither of them was ("University
			// of Vale" beside two "Vale University"), still
			// tells which is meant.
			continue
		}
		if len(own) == 0 && slices.ContainsFunc(keptWords, func(w wordSet) bool { return len(words) < len(w) && subset(words, w) }) {
			// Only common words ("Research Institute") that a kept
			// organisation's name already explains: no other party.
			continue
		}
		if slices.ContainsFunc(kept, func(k match.Match) bool { return r.namesakeAbroadOfPart(m, words, k) }) {
			// A namesake abroad of words a kept organisation explains with
			// more ("Institute of Biophysics" beside "Westland Academy of
			// Sciences, Institute of Biophysics"): no other party.
			continue
		}
		// A name fitting as well with fewer of a kept one's words is the
		// same reading unless the string writes it whole on its own and
		// the kept one's name does not open with it: "X University"
		// inside "X University Riverside Hospital", or beside "X
		// University, Y Campus", is not a second party; "X University"
		// as a segment after a unit the registry names with it is (see
		// the clash below).
		clash := -1
		for k := range kept {
			if sameWords(words, keptWords[k]) || (len(own) > 0 && subset(own, keptWords[k]) && subset(distinctiveWords(kept[k]), words)) ||
				m.Score >= kept[k].Score && len(words) > len(keptWords[k]) && subset(keptWords[k], words) ||
				m.Score <= kept[k].Score && len(words) < len(keptWords[k]) && subset(words, keptWords[k]) &&
					(m.Score < kept[k].Score || r.writtenOut(written.names(), m) < writtenWhole || r.opensName(kept[k], m)) {
				clash = k
				break
			}
		}
		if clash >= 0 && !sameWords(words, keptWords[clash]) && r.writtenOut(written.names(), m) >= writtenWhole && r.writtenOut(written.names(), kept[clash]) >= writtenWhole {
			// Both names are written out in full ("University of X,
			// University Hospital X"): they share words, not a reading.
			clash = -1
		}
		if clash >= 0 {
			if m.Score >= kept[clash].Score && len(words) > len(keptWords[clash]) && subset(keptWords[clash], words) {
				// As good a fit that explains more of the words
				// ("Northwold University Teaching Hospital" against
				// "Northwold University" for the whole segment).
				if !r.townTaken(a, written, m, kept[clash]) {
					kept[clash], keptWords[clash] = m, slices.Clone(words)
				}
				continue
			}
			if len(words) < len(keptWords[clash]) && subset(words, keptWords[clash]) {
				// The kept candidate explains every word this one does
				// and more ("University of X School of Medicine" against
				// "University of X"): it is the more specific reading.
				if r.townTaken(a, written, kept[clash], m) {
					kept[clash], keptWords[clash] = m, slices.Clone(words)
				}
				continue
			}
			if margin <= 0 || kept[clash].Score-m.Score >= margin {
				continue
			}
			if r.related(kept[clash], m) {
				// A parent and its part fit the same words, and only the
				// one written out, as a whole or abbreviated in its own
				// word order ("Univ X"), is named: the other fits them by
				// a name the string does not write ("University of X" for
				// X's college also called "X University").
				// Written alike, the parent is the one named when its part
				// fits only by an alias ("X Acad Sci" for a unit of X
				// Academy of Sciences), or is its national branch abroad
				// (see branchOf).
				if em, ek := r.writtenOut(written.names(), m), r.writtenOut(written.names(), kept[clash]); sameWords(words, keptWords[clash]) && (em >= writtenBeforeUnit && ek == notWritten || em == ek && r.isAncestor(m, kept[clash]) && r.byAlias(kept[clash]) ||
					r.isAncestor(m, kept[clash]) && r.branchOf(kept[clash], m, a)) {
					kept[clash], keptWords[clash] = m, slices.Clone(words)
				}
				continue
			}
			// Of two unrelated organisations fitting the same words, one
			// whose name is written out exactly, in its own word order, is
			// the one meant ("University of Westbrook", not "Westbrook
			// University"; "Institutes" not "Institute").
			// Written alike, the far more prominent one is meant, or the
			// one whose official name the words are when the other has
			// them only as another name it is known by ("Newcastle
			// University" beside a namesake abroad that adds its country),
			// or whose display name they are when the other registers them
			// as its name in another language (see displayOver).
			// Neither rule picks for words another kept organisation
			// explains with more ("University of X, College Park" beside
			// X's Baltimore campuses).
			ek, em := r.writtenOut(written.names(), kept[clash]), r.writtenOut(written.names(), m)
			byProminence := !slices.ContainsFunc(keptWords, func(w wordSet) bool { return len(words) < len(w) && subset(words, w) })
			// Written alike, one whose registry name ends with its country
			// is meant when the string writes the rest ("University of X"
			// for "University of X Australia").
			wm, wk := false, false
			if ek == em && ek == notWritten {
				wm, wk = r.writtenWithoutCountry(written.names(), m), r.writtenWithoutCountry(written.names(), kept[clash])
			}
			// Written alike once normalised, one whose official name the
			// string writes as the registry does, hyphens and all, is
			// meant ("Dong-A University" beside a "Dong A University"); a
			// former name says less (see byAlias).
			vm, vk := false, false
			if ek == em {
				vm = writtenVerbatim(a, m.MatchedName) && !r.byAlias(m)
				vk = writtenVerbatim(a, kept[clash].MatchedName) && !r.byAlias(kept[clash])
			}
			// The whole party written as one's display name, asides and
			// all, tells before anything else ("Ministry of Environment
			// (Saskatchewan)", fitting by a name others share).
			dm, dk := r.wholeDisplayName(a, m), r.wholeDisplayName(a, kept[clash])
			// Written alike, verbatim alike, a name in a language other
			// than English is the one of the two whose country alone
			// writes that language ("Universidad de X" for the Chilean
			// university, not for the American one the registry gives a
			// Spanish label too).
			lm, lk := false, false
			if ek == em && ek >= writtenWhole && vm == vk {
				lm, lk = r.ownLanguageOver(written.names(), m, kept[clash]), r.ownLanguageOver(written.names(), kept[clash], m)
			}
			// So is, of two namesakes written alike, the one in the
			// country the legal form written after the name tells ("X
			// GmbH" for X's German company, not its branch abroad).
			gm, gk := false, false
			if ek == em && vm == vk && lm == lk {
				gm, gk = legalFormOver(a, m, kept[clash]), legalFormOver(a, kept[clash], m)
			}
			// Written alike, one numbered by a research unit's code the
			// string writes is meant (see codeWritten).
			cm, ck := false, false
			if ek == em {
				cm, ck = r.codeWritten(m, written), r.codeWritten(kept[clash], written)
			}
			// Written alike, the one registered under the acronym the
			// string writes beside the name is meant ("Middle East
			// University (MEU)").
			am, ak := false, false
			if ek == em {
				am, ak = r.acronymBeside(m, a), r.acronymBeside(kept[clash], a)
			}
			switch {
			case dk && !dm:
			case dm && !dk:
				kept[clash], keptWords[clash] = m, slices.Clone(words)
			case ak && !am:
			case am && !ak:
				kept[clash], keptWords[clash] = m, slices.Clone(words)
			case ck && !cm:
			case cm && !ck:
				kept[clash], keptWords[clash] = m, slices.Clone(words)
			case wk && !wm, vk && !vm, lk && !lm, gk && !gm:
			case em > ek, wm && !wk, vm && !vk, lm && !lk, gm && !gk, ek == em && byProminence && (r.clearlyMoreProminent(m, kept[clash]) || r.byAlias(kept[clash]) && !r.byAlias(m) || r.displayOver(m, kept[clash])):
				kept[clash], keptWords[clash] = m, slices.Clone(words)
			case ek == em && !(byProminence && (r.clearlyMoreProminent(kept[clash], m) || r.byAlias(m) && !r.byAlias(kept[clash]) || r.displayOver(kept[clash], m))):
				// Written alike and neither more prominent, the one in
				// the town the string writes is meant ("Alleheny
				// College, Meadville" for the college in Meadville, not
				// a lookalike name's elsewhere).
				towns := r.writtenTowns(a)
				tm, tk := r.inWrittenTown(m, towns), r.inWrittenTown(kept[clash], towns)
				switch {
				case tk && !tm:
				case tm && !tk:
					kept[clash], keptWords[clash] = m, slices.Clone(words)
				default:
					// Neither is written out better nor clearly more
					// prominent ("Ministry of Education" of two countries):
					// neither is chosen for these words, but other words of
					// the string may still name one.
					ambiguous, ambiguousWritten = keptWords[clash], ek != notWritten || em != notWritten
					kept = append(kept[:clash], kept[clash+1:]...)
					keptWords = append(keptWords[:clash], keptWords[clash+1:]...)
				}
			}
			continue
		}
		kept = append(kept, m)
		keptWords = append(keptWords, slices.Clone(words))
	}
	var acronyms []match.Match // set aside for those written out (see setAside)
	if len(kept) > 1 && slices.ContainsFunc(kept, byAcronym) {
		// An organisation written out in full is better evidence than one
		// only an acronym names ("Université X, CNRS, ABCD").
		var full []match.Match
		for _, m := range kept {
			if !byAcronym(m) {
				full = append(full, m)
			} else if aside != nil && uniqueAcronym(m) && acronymSegment(a, m.MatchedName) {
				acronyms = append(acronyms, m)
			}
		}
		if len(full) > 0 {
			kept = full
		} else {
			acronyms = nil
		}
	}
	if len(kept) > 1 {
		// A namesake abroad of words another kept organisation's own
		// registry name holds ("Saint Elric College" beside Saint Elric
		// College Dunmarrow, matched on "University of Dunmarrow, Saint
		// Elric College") is that organisation's name, written across its
		// segments.
		kept = dropWhere(kept, func(m match.Match) bool {
			return slices.ContainsFunc(kept, func(k match.Match) bool { return r.namesakeOfOtherName(m, k) })
		})
	}
	if len(kept) > 1 && len(a.Countries) == 0 {
		kept = r.coherentCountries(kept, a)
	}
	if len(kept) == 1 && byAcronym(kept[0]) && !countryAgrees(kept[0]) && len(a.Tokens()) == 1 {
		// A bare acronym and nothing else ("ABCD"): many organisations
		// outside the registry may write it, unless it is a prominent
		// organisation's, which is the one meant, or no other registry
		// organisation holds it.
		if p, ok := r.prominentAcronym(ms); (!ok || p.SourceID != kept[0].SourceID) && !r.soleHolder(kept[0], ms, a) {
			return nil
		}
	}
	if len(kept) > 1 {
		// A unit whose parent the string does not name is dropped, unless
		// its own name, written whole, holds another's ("X University
		// Children's Hospital", a part of X University Hospital), also
		// when the parser split it at "at" ("X Institute at the
		// University of Y"). When every one is such a unit ("X
		// University School of Medicine, Y Veterans Medical Center"),
		// the rule does not tell which is meant and none is dropped.
		orphan := func(m match.Match) bool {
			if !r.knownParent(m) || r.institutionOfItsOwn(m) || r.namedAsParent(m) || r.ancestorKept(m, kept) || r.partKept(m, kept) || r.atNameWrittenAcross(a, m) {
				return false
			}
			wm := alignedWords(m)
			return !slices.ContainsFunc(kept, func(k match.Match) bool {
				return encloses(written.names(), m, wm, k, alignedWords(k)) || byPlaceOf(a, m, wm, k)
			})
		}
		if slices.ContainsFunc(kept, orphan) {
			var out []match.Match
			for _, m := range kept {
				if !orphan(m) {
					out = append(out, m)
				}
			}
			if len(out) > 0 {
				kept = out
			}
		}
	}
	// One organisation per party: the best consistent one. Strings that
	// name several parties separate them with ";" (see ParseAffiliations).
	if len(kept) > 1 {
		out := kept
		// A part of the first organisation that explains its words and
		// more ("University of X, Y" for its Y campus) is the one meant.
		// So is an organisation whose own name is a whole segment that
		// holds the first's ("X University Affiliated Y Hospital", where
		// the registry does not record Y as X's part), and a namesake of
		// the first told apart by the town the string writes after it.
		first, fw := kept[0], alignedWords(kept[0])
		if countryAdjective(first) {
			fw = withoutCountryAdjective(fw, first)
		}
		for _, m := range kept[1:] {
			if w := alignedWords(m); len(w) < len(fw) && subset(w, fw) && r.townTaken(a, written, first, m) {
				// An organisation written whole in its town, not one
				// that fits as well only by taking the town into its
				// name.
				first, fw = m, w
				break
			}
		}
		wn := written.names()
		for _, m := range kept[1:] {
			if w := alignedWords(m); len(w) > len(fw) && subset(fw, w) && (r.related(first, m) || encloses(wn, m, w, first, fw) || namesakeByPlace(a, m, first) || writtenAcross(a, m.MatchedName) || r.nameWrittenWithin(a, m)) && !r.siteOfUnwrittenTown(m, a) && !r.partAddsNothing(first, m) && (!leavesDistinct(m) || leavesDistinct(first)) && !r.systemOfWritten(m, first, wn) {
				first, fw = m, w
			} else if words, ok := r.otherNameWrittenAcross(a, m, alignedTokens(first)); ok && !r.isEducation(m) {
				// A unit matched by another of its names whose registry
				// name with its host's the string writes across segments
				// ("X Centre for Tides, University of Y"), named with its
				// host below. A teaching unit so named (a university's
				// research institute) is left to the host, as before.
				first, fw = m, words
			}
		}
		if len(distinctiveWords(first)) == 0 {
			// A name of common words alone ("Institute of Geology", a
			// society's), written before an organisation named by its
			// own words, is that organisation's unit, as a department's
			// name is.
			at := lastSegment(first, a)
			for _, m := range kept[1:] {
				if len(distinctiveWords(m)) > 0 && !r.related(first, m) && lastSegment(m, a) > at {
					first, fw = m, alignedWords(m)
					break
				}
			}
		}
		if r.isEducation(first) {
			// A unit of the university written after it ("Université X,
			// CNRS, Laboratoire Y") is named as one written before it is.
			for _, m := range kept[1:] {
				if r.hosted(m) && r.isAncestor(first, m) && !r.partAddsNothing(first, m) {
					first, fw = m, alignedWords(m)
					break
				}
			}
		}
		// The registry's name for a unit with its university, written so
		// across segments, names the unit ("Institute X, University Y").
		across := false
		if !r.isEducation(first) {
			across = writtenAcross(a, first.MatchedName)
			if !across {
				if words, ok := r.otherNameWrittenAcross(a, first, nil); ok {
					across, fw = true, words
				}
			}
		}
		if !r.isEducation(first) && !across {
			// Several organisations named in one party ("Department X,
			// Howard Hughes Medical Institute, University Y"): the
			// teaching institution is the affiliation's host, unless
			// it is only named inside the first's own name ("X
			// University Teaching Hospital"; "X University Medical
			// Center, Northtown" beside a university registered as "X
			// University Northtown", whose town the string writes as
			// where, not as a name).
			for _, m := range kept {
				if r.isEducation(m) && !r.related(first, m) && m.Score >= first.Score-specificMargin && !encloses(wn, first, fw, m, nameWords(m)) {
					first = m
					break
				}
			}
		}
		kept = []match.Match{first}
		// A unit of a university written with it ("Institute of
		// Biophysics, University X") names both: the unit first, as the
		// more specific, then each ancestor university written beside it,
		// or, when the registry names the unit with its university and
		// does not relate the two, the university whose words its name
		// holds.
		if r.hosted(first) || across {
			host := func(m match.Match) bool {
				return m.SourceID != first.SourceID && r.isEducation(m) && (r.isAncestor(m, first) || across && subset(alignedWords(m), fw)) && !r.bySystemName(m)
			}
			for _, m := range out {
				if !host(m) {
					continue
				}
				// An ancestor whose words are only those of another one
				// written more fully ("Université Lyon 1" holds
				// "Université … Lyon") is not written beside the unit.
				mw := alignedWords(m)
				if slices.ContainsFunc(out, func(o match.Match) bool {
					ow := alignedWords(o)
					return o.SourceID != m.SourceID && host(o) && len(ow) > len(mw) && subset(mw, ow)
				}) {
					continue
				}
				kept = append(kept, m)
			}
		}
		if aside != nil {
			*aside = r.setAside(out, kept, wn)
		}
	}
	if len(acronyms) > 0 {
		// An acronym only one organisation holds, written as a segment
		// of its own beside a name ("Tsinghua University, ABCD, Town"),
		// in a country of the one chosen: an acronym is many
		// organisations' abroad ("UPR" beside a French university).
		*aside = append(*aside, dropWhere(acronyms, func(m match.Match) bool {
			return slices.ContainsFunc(kept, func(k match.Match) bool { return r.kin(k, m) }) ||
				!slices.ContainsFunc(kept, func(k match.Match) bool { return shareCountry(k.Countries, m.Countries) })
		})...)
	}
	if len(kept) == 1 {
		if part, ok := r.partInWrittenTown(kept[0], screened, a); ok {
			return []match.Match{part}
		}
	}
	if len(kept) == 1 {
		if out, ok := r.amongParts(kept[0], ms, a); ok {
			return out
		}
	}
	if len(kept) == 1 {
		if host, ok := r.abroadHost(kept[0], a); ok {
			// A namesake abroad of the unit: the host written beside
			// it is the organisation meant, when it reads clearly.
			if host.Score >= minLead && host.SourceID != "" {
				return []match.Match{host}
			}
			return nil
		}
	}
	if len(kept) == 1 && r.unwrittenSystem(kept[0], a, ms) {
		// The campus whose place the string writes ("Univ Illinois,
		// Urbana"), else the system's flagship.
		if part, ok := r.partByPlace(kept[0], ms, a); ok {
			return []match.Match{part}
		}
		if f, ok := r.flagship(kept[0]); ok {
			return []match.Match{f}
		}
		return nil
	}
	if len(kept) == 1 && r.orphanUnit(kept[0], a) {
		return nil
	}
	return kept
}

// townTaken reports whether big explains more of the string than small
// only by taking the address's words into its name, small being written
// out whole and in the town the string writes: "University of Westmarch,
// Northtown" names that university, in Northtown, not "Northtown
// University of Westmarch", unless one is the other's part or the string
// writes big's name as the registry does.
func (r *Resolver) townTaken(a *names.Affiliation, written *lazyWritten, big, small match.Match) bool {
	if r.isAncestor(small, big) || r.isAncestor(big, small) {
		return false // a part named by its town is the part meant (see partByPlace)
	}
	sw := alignedWords(small)
	extra := false
	for _, e := range big.Explanation {
		if e.Query == "" || e.List == "" || sw.has(e.Query) {
			continue
		}
		if e.Role != addressRole {
			return false
		}
		extra = true
	}
	if !extra || strings.Contains(strings.ToLower(a.Raw), strings.ToLower(big.MatchedName)) {
		// big's name written as the registry writes it, town and all
		// ("University of Westmarch, Northtown Region"), is big's.
		return false
	}
	return r.writtenOut(written.names(), small) >= writtenWhole && r.inWrittenTown(small, r.writtenTowns(a))
}

// setAside returns the organisations of others, all fitting the party,
// that the one-per-party rule leaves out of kept though the party writes
// each out whole, word for word, by its own name (not an acronym): the
// organisations a string names beside the one chosen ("Tsinghua
// University, China Academy of Engineering Physics"), none of kept's
// family, each by a name no other organisation has as written and the
// registry writes (not one derived at build).
func (r *Resolver) setAside(others, kept []match.Match, written map[string]bool) []match.Match {
	var out []match.Match
	for _, m := range others {
		if slices.ContainsFunc(kept, func(k match.Match) bool { return k.SourceID == m.SourceID || r.kin(k, m) }) {
			continue
		}
		if !exactOnly(m) || byAcronym(m) || !r.byRegistryName(m) || r.writtenOut(written, m) < writtenWhole || r.unitOfOtherUniversity(m, kept) {
			continue
		}
		if id, ok := r.nameHolder(names.Tokenize(m.MatchedName), m.MatchedName); ok && id == m.SourceID {
			// Its name is its own: not one many organisations share
			// ("The First Affiliated Hospital").
			out = append(out, m)
		}
	}
	return out
}

// uniqueAcronym reports whether m fits by an acronym only it holds (in
// the country the string names, if any).
func uniqueAcronym(m match.Match) bool {
	return slices.ContainsFunc(m.Explanation, func(e match.Evidence) bool { return strings.Contains(e.How, "unique_acronym") })
}

// acronymSegment reports whether the party writes acr, an acronym in
// capitals, as a segment of its own naming an organisation ("…, EPHE,
// …"), not an aside after a unit's name nor a word of a longer segment.
func acronymSegment(a *names.Affiliation, acr string) bool {
	return isCapsAcronym(acr) && slices.ContainsFunc(a.Segments, func(s names.Segment) bool {
		return s.Role == names.RoleName && strings.TrimSpace(s.Text) == acr
	})
}

// unitOfOtherUniversity reports whether m is a part of a university
// (a hospital, an institute) while a university kept for the party is
// not its parent: the string's unit of that name belongs to the kept one
// ("The First Affiliated Hospital, College of Medicine, X University" is
// X's, not the hospital of that name of another university).
func (r *Resolver) unitOfOtherUniversity(m match.Match, kept []match.Match) bool {
	info := r.orgs[m.SourceID]
	if info == nil || !slices.ContainsFunc(kept, r.isEducation) {
		return false
	}
	return slices.ContainsFunc(info.parents, func(p string) bool { pi := r.orgs[p]; return pi != nil && pi.education })
}

// namesakesInTown drops, of organisations that fit the string by one
// name ("Ministry of Education" of several countries, "Sanno Hospital" in
// Tokyo and in Chiba; "Saint Mary's University" and "St. Mary's
// University" are one name), all but the one in a town the string writes,
// when exactly one is there: the town tells which is meant.
func (r *Resolver) namesakesInTown(ms []match.Match, a *names.Affiliation) []match.Match {
	var towns []string
	asked := false
	for i := 0; i < len(ms) && ms[i].Match; i++ {
		var same []int
		for j := 0; j < len(ms) && ms[j].Match; j++ {
			if j != i && ms[j].SourceID != ms[i].SourceID && (strings.EqualFold(ms[j].MatchedName, ms[i].MatchedName) || ms[j].Score == ms[i].Score && r.sameKey(ms[j], ms[i]) || namesakeWithTown(ms[j], ms[i])) {
				same = append(same, j)
			}
		}
		if len(same) == 0 {
			continue // the common case: no namesake, nothing allocated
		}
		same = append(same, i)
		if slices.ContainsFunc(same, func(k int) bool { return k != i && r.related(ms[k], ms[i]) }) {
			// An organisation and its parts fitting by one name (its
			// own, which its sections hold too) are told apart by
			// partByPlace. Namesakes that only share an ancestor named
			// otherwise (two laboratories of one national
			// organisation) are told apart here, by their towns.
			continue
		}
		if !asked {
			towns, asked = r.writtenTowns(a), true
		}
		if len(towns) == 0 {
			return ms
		}
		in := -1
		for _, k := range same {
			if r.inWrittenTown(ms[k], towns) {
				if in >= 0 {
					in = -2 // two are there: the town does not tell
					break
				}
				in = k
			}
		}
		if in < 0 {
			continue
		}
		out := make([]match.Match, 0, len(ms))
		for k, m := range ms {
			if k == in || !slices.Contains(same, k) {
				out = append(out, m)
			}
		}
		return out
	}
	return ms
}

// namesakeWithTown reports whether n fits the words m fits, and besides
// them only words of the address, which its name holds ("X, Northtown"
// beside "X", for "X, Northtown Region Country"), nearly as well: the
// address's other words, unmatched, cost n a little. It is then m's
// namesake, told apart by its town.
func namesakeWithTown(n, m match.Match) bool {
	if m.Score-n.Score >= specificMargin || !slices.ContainsFunc(n.Explanation, func(e match.Evidence) bool {
		return e.Query != "" && e.List != "" && e.Role == addressRole
	}) {
		return false
	}
	return sameWords(nameWords(n), alignedWords(m))
}

// wholeDisplayName reports whether the party is written exactly as m's
// registry display name, asides and all ("Ministry of Environment
// (Saskatchewan)"), though m fits it by a shorter name other
// organisations share.
func (r *Resolver) wholeDisplayName(a *names.Affiliation, m match.Match) bool {
	info := r.orgs[m.SourceID]
	return info != nil && strings.EqualFold(strings.TrimSpace(a.Raw), info.name)
}

// atNameWrittenAcross reports whether the name m matched, or another of
// its registry names, places it "at" its host ("Tidal Centre at the
// University of X") and is written across the party's segments (the
// parser splits at "at").
func (r *Resolver) atNameWrittenAcross(a *names.Affiliation, m match.Match) bool {
	if strings.Contains(m.MatchedName, " at ") && writtenAcross(a, m.MatchedName) {
		return true
	}
	_, ok := r.otherNameAcross(a, m, func(n string, _ wordSet) bool { return strings.Contains(n, " at ") })
	return ok
}

// nameWrittenWithin reports whether the party's text holds one of m's
// registry names of several words as the registry writes it (case aside),
// brackets and all ("X Global Educational (XGE) University Northtown",
// which the parser reads in parts).
func (r *Resolver) nameWrittenWithin(a *names.Affiliation, m match.Match) bool {
	info := r.orgs[m.SourceID]
	if info == nil {
		return false
	}
	raw := ""
	for _, n := range info.names {
		if strings.IndexByte(n, ' ') < 0 || len(n) > len(a.Raw) {
			continue
		}
		if raw == "" {
			raw = strings.ToLower(a.Raw)
		}
		if strings.Contains(raw, strings.ToLower(n)) {
			return true
		}
	}
	return false
}

// writtenVerbatim reports whether the party, or one of its segments, is
// name as written, letter case aside.
func writtenVerbatim(a *names.Affiliation, name string) bool {
	return strings.EqualFold(strings.TrimSpace(a.Raw), name) || slices.ContainsFunc(a.Segments, func(s names.Segment) bool { return strings.EqualFold(s.Text, name) })
}

// kin reports whether a and b are one's part of the other or parts of
// one organisation.
func (r *Resolver) kin(a, b match.Match) bool {
	if r.related(a, b) {
		return true
	}
	ia, ib := r.orgs[a.SourceID], r.orgs[b.SourceID]
	return ia != nil && ib != nil && slices.ContainsFunc(ia.ancestors, func(x string) bool { return slices.Contains(ib.ancestors, x) })
}

// inWrittenTown reports whether m's registry town is one of towns.
func (r *Resolver) inWrittenTown(m match.Match, towns []string) bool {
	info := r.orgs[m.SourceID]
	return info != nil && info.city != "" && slices.Contains(towns, info.city)
}

// siteOfUnwrittenTown reports whether m fits by its registry name without
// the town that ends it ("Westland Centre for Tides (WCT) Northtown", a
// site, fitting "Westland Centre for Tides (WCT)") and the string does
// not write that town: the string then names the organisation, not its
// site there.
func (r *Resolver) siteOfUnwrittenTown(m match.Match, a *names.Affiliation) bool {
	full, matched := names.Tokenize(m.Name), names.Tokenize(m.MatchedName)
	if len(full) <= len(matched) {
		return false
	}
	for i, t := range matched {
		if full[i].Text != t.Text {
			return false // not the name with words after it
		}
	}
	town := full[len(matched):]
	if !r.cities.has(town) {
		return false
	}
	return !slices.ContainsFunc(a.Tokens(), func(t names.Token) bool { return t.Text == town[0].Text })
}

// institutionOfItsOwn reports whether m is a teaching institution that
// funds research (as universities do, and their schools seldom): one in a
// system or a federal university ("University College London" of the
// University of London) is named without its parent, which is no unit's
// host left unwritten.
func (r *Resolver) institutionOfItsOwn(m match.Match) bool {
	info := r.orgs[m.SourceID]
	return info != nil && info.education && info.funder
}

// hostMin is the score at which an organisation segment on its own is
// taken to name an organisation, for telling its country.
const hostMin = 0.4

// hostAbroad reports whether the party names, in a segment m does not
// explain, an organisation units belong to ("…, Westland University") that
// on its own reads as an organisation in another country than m's (or as
// namesakes all in one other country), when
// the string names no country of m's: authors name a unit with its own
// host, in one country, so m is a namesake abroad ("Institute of
// Environmental Sciences" of another country).
func (r *Resolver) hostAbroad(m match.Match, a *names.Affiliation) bool {
	_, ok := r.abroadHost(m, a)
	return ok
}

// abroadHost returns the host hostAbroad finds abroad of m, or a zero
// Match with true when the host's words fit namesakes alike.
func (r *Resolver) abroadHost(m match.Match, a *names.Affiliation) (match.Match, bool) {
	if a == nil || len(a.Segments) < 2 || countryAgrees(m) || len(m.Countries) == 0 || r.isEducation(m) {
		return match.Match{}, false
	}
	used, at := alignedWords(m), lastSegment(m, a)
	for i, s := range a.Segments {
		if i <= at || s.Role != names.RoleName || !orgHeadIn(s.Tokens) || slices.ContainsFunc(s.Tokens, func(t names.Token) bool { return used.has(t.Surface) }) {
			continue
		}
		one := names.Affiliation{Raw: s.Text, Segments: []names.Segment{s}, Countries: a.Countries}
		hs, err := r.ix.ScreenAffiliation(&one, match.Options{Limit: 2, Threshold: DefaultThreshold})
		if err != nil || len(hs) == 0 || hs[0].Score < hostMin || len(hs[0].Countries) == 0 || len(distinctiveWords(hs[0])) == 0 || r.related(hs[0], m) {
			continue
		}
		if len(hs) > 1 && hs[0].Score-hs[1].Score < leadGap && !r.related(hs[0], hs[1]) && !slices.Equal(hs[0].Countries, hs[1].Countries) {
			continue // the segment reads as no one organisation, nor one country
		}
		if !shareCountry(hs[0].Countries, m.Countries) {
			if len(hs) > 1 && hs[0].Score-hs[1].Score < leadGap && !r.related(hs[0], hs[1]) {
				// Namesakes, all in one other country: which is meant
				// is not told.
				return match.Match{}, true
			}
			return hs[0], true
		}
	}
	return match.Match{}, false
}

// orphanUnit reports whether m is a unit of a registry organisation the
// string does not name while the string names another organisation m
// does not explain ("Institute of Tidal Genetics, Hollins Valley
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
			explained = explained || used.has(t.Surface)
		}
		if !explained && !writesWhole(nameFormsOf(info).words, s.Tokens) {
			other = true
			break
		}
	}
	return other && !r.ancestorWritten(m.SourceID, a)
}

// writesWhole reports whether ts hold every word of one of ns (names as
// their tokens' texts, see nameForms), of two words at least besides stop
// words and legal forms, with more words of their own perhaps ("Hospital
// del Mar Medical Research Institute" for "Hospital del Mar Research
// Institute"): the segment writes that name, though the screen matched
// another one (its acronym).
func writesWhole(ns [][]string, ts []names.Token) bool {
	return slices.ContainsFunc(ns, func(words []string) bool {
		k := 0
		for _, w := range words {
			if names.IsLegalForm(w) || names.IsStopword(w) {
				continue
			}
			if !slices.ContainsFunc(ts, func(s names.Token) bool { return s.Text == w }) {
				return false
			}
			k++
		}
		return k >= 2
	})
}

// orgHeadIn reports whether ts hold a word that heads the name of an
// organisation units belong to, or "Medical Center", which heads a
// hospital's as "Hospital" does.
func orgHeadIn(ts []names.Token) bool {
	for i, t := range ts {
		if unitHosts[t.Text] || t.Text == "center" && i > 0 && ts[i-1].Text == "medicine" {
			return true
		}
	}
	return false
}

// unitHosts are the canonical words of the organisations units belong
// to.
var unitHosts = map[string]bool{"university": true, "college": true, "hospital": true, "academy": true, "polytechnic": true}

// coherentCountries keeps, of several organisations a party names, those
// in the country of the one written last, when the string names no
// country itself. Affiliations run from the unit to the institution that
// hosts it, and the institution's country is the party's: "National Heart
// Institute, National Health Agency" does not mean a namesake
// institute abroad. A unit whose parent the string does not name, written
// after a university, is taken for that university's own unit: the
// university decides, as it does before an institute written as a unit
// is, its head word first ("Institute of X"), even one registered as a
// teaching institution; so does an organisation named by its own words
// first before such an institute or before a name of common words
// alone.
func (r *Resolver) coherentCountries(kept []match.Match, a *names.Affiliation) []match.Match {
	last, at := -1, -1
	for i, m := range kept {
		if headUnwritten(m) {
			// Words of a name without its head word ("Westfield" for
			// "Westfield University", a town written after the
			// organisation) name no host: they decide no country.
			continue
		}
		// Of two written in the same last segment, the one explaining
		// more of the string decides ("Czech Academy of Sciences,
		// Nuclear Physics Institute" over a namesake abroad of its
		// second half).
		if p := lastSegment(m, a); p > at || p == at && last >= 0 && len(alignedWords(m)) > len(alignedWords(kept[last])) {
			last, at = i, p
		}
	}
	if last < 0 || len(kept[last].Countries) == 0 {
		return kept
	}
	if k := r.namedWholeElsewhere(kept, last, a); k >= 0 {
		last = k
	} else if u := kept[last]; !r.ancestorKept(u, kept) {
		switch {
		case r.knownParent(u) && !r.institutionOfItsOwn(u):
			// A unit whose parent is not named, written after a
			// university ("University X, Genetics Institute"), is the
			// university's own unit, not the host of the party: the
			// university decides (a teaching unit itself, the unit is
			// no host of its own).
			if k := slices.IndexFunc(kept, func(m match.Match) bool { return m.SourceID != u.SourceID && r.isEducation(m) }); k >= 0 && lastSegment(kept[k], a) >= 0 {
				last = k
			}
		case (!r.isEducation(u) || at >= 0 && !unitHosts[a.Segments[at].Tokens[0].Text]) && (at >= 0 && len(a.Segments[at].Tokens) > 1 && names.IsOrgHead(a.Segments[at].Tokens[0].Text) || r.commonWordsFit(u)):
			// So is an institute written as a unit is ("University X,
			// Institute of Plant Sciences"), its head word first, or
			// named by words many names share (see commonWordsFit),
			// after a university: a namesake abroad is not the party's
			// host, a university's own institute abroad ("Institute of
			// Earth Sciences", registered as a teaching one) no more
			// than another. Nor after an organisation named by its own
			// words first ("Shenzhen Bay Laboratory, Institute for
			// Cancer Research"); one written as a unit is, its head
			// word first, may itself be a unit of the one written last
			// ("Institute of Neuroscience, …, Chinese Academy of
			// Sciences").
			if k := slices.IndexFunc(kept, func(m match.Match) bool {
				p := lastSegment(m, a)
				return p >= 0 && p < at && (r.isEducation(m) || len(distinctiveWords(m)) > 0 && !names.IsOrgHead(a.Segments[p].Tokens[0].Text))
			}); k >= 0 {
				last = k
			}
		case commonWordsOnly(u):
			// So is a name of common words alone ("Institute of
			// Medical Science", a namesake's abroad), written after an
			// organisation named by its own words: that organisation
			// decides, as it does written after the name.
			if k := slices.IndexFunc(kept, func(m match.Match) bool { return len(distinctiveWords(m)) > 0 && lastSegment(m, a) >= 0 }); k >= 0 {
				last = k
			}
		}
	}
	var out []match.Match
	for _, m := range kept {
		if len(m.Countries) == 0 || shareCountry(m.Countries, kept[last].Countries) || r.related(m, kept[last]) {
			out = append(out, m)
		}
	}
	return out
}

// namedWholeElsewhere returns the index in kept of a teaching
// institution in another country than kept[last] that a segment of its
// own names exactly, by a registry name of its no other organisation
// holds, while no segment names kept[last] so (a unit's namesake abroad
// read from words written otherwise, the university written first: "X
// University of Technology, Kavli Institute of Nanoscience" against a
// "Kavli Nanoscience Institute" abroad), or -1. The university written
// whole decides the party's country, wherever it is written.
func (r *Resolver) namedWholeElsewhere(kept []match.Match, last int, a *names.Affiliation) int {
	if len(kept) < 2 || r.segmentNames(kept[last], a, false) {
		return -1
	}
	for k, m := range kept {
		if k != last && len(m.Countries) > 0 && !shareCountry(m.Countries, kept[last].Countries) && r.isEducation(m) && !r.related(m, kept[last]) && r.segmentNames(m, a, true) {
			return k
		}
	}
	return -1
}

// segmentNames reports whether a segment of a is, token for token, one
// of m's registry names, and with only, one no other organisation holds.
func (r *Resolver) segmentNames(m match.Match, a *names.Affiliation, only bool) bool {
	for _, s := range a.Segments {
		if s.Role != names.RoleName || len(s.Tokens) < 2 {
			continue
		}
		held, others := false, false
		r.ix.NameHolders(s.Tokens, func(id string) {
			held = held || id == m.SourceID
			others = others || id != m.SourceID
		})
		if held && !(only && others) {
			return true
		}
	}
	return false
}

// commonWordsFit reports whether more than rareUnitWordNames registry
// names hold each word m aligned ("Biomedical Research Institute"): words
// many organisations' names share, as a unit's do.
func (r *Resolver) commonWordsFit(m match.Match) bool {
	return !slices.ContainsFunc(m.Explanation, func(e match.Evidence) bool {
		return e.Query != "" && e.List != "" && r.ix.NamesHolding(e.Token) <= rareUnitWordNames
	})
}

// commonWordsOnly reports whether m fits the string by common words
// alone, no word of its own and none of a place or people ("Institute of
// Medical Science", not "Chinese Academy of Sciences").
func commonWordsOnly(m match.Match) bool {
	if len(distinctiveWords(m)) > 0 {
		return false
	}
	return !slices.ContainsFunc(m.Explanation, func(e match.Evidence) bool {
		if e.Query == "" || e.List == "" {
			return false
		}
		_, country := names.CountryCode(e.Token)
		return country || names.IsDemonym(e.Token)
	})
}

// headUnwritten reports whether m's registry name holds an
// organisation's head word ("university") the string does not write.
func headUnwritten(m match.Match) bool {
	return slices.ContainsFunc(m.Explanation, func(e match.Evidence) bool {
		return e.Query == "" && e.List != "" && names.IsOrgHead(e.Token)
	})
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
			if words.has(t.Surface) {
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
// organisation with its own words (a country's name and its adjective are
// one word in two forms). Related words stand for each other only
// when a Chinese name is read in translation (the string's Chinese read
// as English words, or the registry's Chinese name read as the very words
// the string writes: "Technologies" for 技术, not "College" for 大学),
// or when the string's word abbreviates the registry's itself ("Tech."
// for "Technische", read as "technology" but short for either). Two
// legal forms ("Corp." for "Group") say nothing either way: a company's
// legal form is the least of its name.
func latinRelated(m match.Match) bool {
	for _, e := range m.Explanation {
		if e.How == string(names.HowRelated) && !names.HasHan(e.Query) && !(names.HasHan(e.List) && e.Similarity >= names.SimExact) && !names.IsAbbreviation(e.Query, e.List) && !names.Demonym(e.Query, e.List) &&
			!legalForms(e.Token, names.Normalize(e.Query)) {
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

// soleHolder reports whether m, matched by an acronym, is the only
// candidate holding it: every other rests on weak evidence (a guessed
// acronym, a lookalike).
func (r *Resolver) soleHolder(m match.Match, ms []match.Match, a *names.Affiliation) bool {
	return !slices.ContainsFunc(ms, func(o match.Match) bool {
		return o.SourceID != m.SourceID && !r.weakEvidence(o, a)
	})
}

// exactAcronymInCountry reports whether m rests on a short name or
// acronym written exactly as the registry has it ("ABCD, Northtown,
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

// shareCountry reports whether two lists of country codes have one in
// common.
func shareCountry(a, b []string) bool {
	return slices.ContainsFunc(a, func(c string) bool { return slices.Contains(b, c) })
}

// countryAgrees reports whether a country the string names is m's.
func countryAgrees(m match.Match) bool { return explainedBy(m, "country_match") }

// countryConflicts reports whether the screen lowered m for being in none
// of the countries the string names.
func countryConflicts(m match.Match) bool { return explainedBy(m, "country_mismatch") }

// explainedBy reports whether an item of m's explanation is of a kind
// that begins with how.
func explainedBy(m match.Match, how string) bool {
	return slices.ContainsFunc(m.Explanation, func(e match.Evidence) bool { return strings.HasPrefix(e.How, how) })
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
	if !strings.ContainsFunc(a.Raw, unicode.IsLower) {
		// Written all in capitals ("CHINESE ACAD SCI, INST PHYS"), a
		// word's capitals say nothing of its being an acronym.
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
// out itself ("Tidal Physics Institute (TPI)"): the initials of
// another segment's words, or of three or more of them in a row, none of
// which m aligns. The acronym abbreviates
// the name written beside it, not another organisation holding the same
// letters.
func (r *Resolver) acronymOfOther(m match.Match, a *names.Affiliation) bool {
	if a == nil {
		return false
	}
	words := alignedWords(m)
	var acr string
	for _, q := range words {
		if !names.IsGeneric(q) {
			if acr != "" {
				return false // m aligns more than one distinctive word
			}
			acr = q
		}
	}
	var spelt []names.Token
	for _, s := range a.Segments {
		if len(acr) >= 2 && !slices.ContainsFunc(s.Tokens, func(t names.Token) bool { return words.has(t.Surface) }) {
			if initialsOf(acr, s.Tokens) {
				spelt = s.Tokens
				break
			}
			// Or of a run of them: an acronym of a name the registry
			// does not hold, within a longer one ("Northwold University
			// of Tidal Studies (UTS)").
			if run := spelledRun(acr, s.Tokens); run != nil {
				spelt = run
				break
			}
		}
	}
	if spelt == nil {
		return false
	}
	// The registry record is looked up only now: pick asks this of every
	// match, and few get this far.
	info := r.orgs[m.SourceID]
	if info == nil {
		return false
	}
	// m's own name may be what the acronym abbreviates, written in other
	// words of the same meaning (another spelling, or language): then it
	// shares a distinctive word with the name the string spells out.
	return !slices.ContainsFunc(info.names, func(n string) bool {
		ts := names.Tokenize(n)
		return (initialsOf(acr, ts) || spelledRun(acr, ts) != nil) && slices.ContainsFunc(ts, func(t names.Token) bool {
			return !names.IsGeneric(t.Text) && slices.ContainsFunc(spelt, func(w names.Token) bool { return w.Text == t.Text })
		})
	})
}

// acronymOfNamedOther reports whether m fits only by a short name (an
// acronym, "UT System") that another candidate registers too and whose
// full name the party writes out whole ("Centre for Tidal Studies
// (CTS)"): the short name abbreviates the name written beside it, not
// another organisation holding the same letters.
func (r *Resolver) acronymOfNamedOther(m match.Match, ms []match.Match, written *lazyWritten) bool {
	short := m.MatchedName
	if len(ms) < 2 || len(short) > 12 || strings.Count(short, " ") > 1 {
		return false
	}
	for _, o := range ms {
		if o.SourceID == m.SourceID || strings.EqualFold(o.MatchedName, short) {
			continue
		}
		info := r.orgs[o.SourceID]
		if info == nil || !slices.ContainsFunc(info.names, func(n string) bool { return strings.EqualFold(n, short) }) {
			continue
		}
		if r.writtenOut(written.names(), o) >= writtenWhole {
			return true
		}
	}
	return false
}

// acronymReadAsWord reports whether m reads, as another spelling of one
// of its words, an acronym in capitals the party writes as a segment of
// its own that another candidate holds exactly ("NARIT, Northtown" is the
// institute registered as NARIT, not a "North … University" in
// Northtown whose "north" NARIT resembles).
func acronymReadAsWord(m match.Match, a *names.Affiliation, ms []match.Match) bool {
	for _, e := range m.Explanation {
		if e.Role != names.RoleName.String() || e.How == string(names.HowExact) || e.List == "" || e.Query == e.List {
			continue
		}
		acr := strings.ToUpper(e.Query)
		if !acronymSegment(a, acr) {
			continue
		}
		if slices.ContainsFunc(ms, func(o match.Match) bool {
			return o.SourceID != m.SourceID && byAcronym(o) && strings.EqualFold(o.MatchedName, acr)
		}) {
			return true
		}
	}
	return false
}

// otherAcronymWritten reports whether the party's one name is followed,
// in parentheses, by an acronym that another candidate holds exactly
// while m, which fits the name, is registered under other acronyms that
// do not spell it ("National Council for Scientific and Technological
// Research (ABCD)" against a namesake abroad known as "NRCST"): the
// acronym says which organisation the name, perhaps translated, stands
// for.
func (r *Resolver) otherAcronymWritten(m match.Match, a *names.Affiliation, ms []match.Match) bool {
	if a == nil || countSegments(a, names.RoleName) != 1 {
		return false // which name the acronym follows is not known
	}
	info := r.orgs[m.SourceID] // looked up once the party may tell
	if info == nil {
		return false
	}
	name := a.Segments[slices.IndexFunc(a.Segments, func(s names.Segment) bool { return s.Role == names.RoleName })].Text
	words := alignedWords(m)
	for _, s := range a.Segments {
		if s.Role != names.RoleAside || len(s.Tokens) != 1 || !isCapsAcronym(s.Text) || words.has(s.Tokens[0].Surface) {
			continue
		}
		if !strings.Contains(a.Raw, name+" ("+s.Text+")") && !strings.Contains(a.Raw, name+"("+s.Text+")") {
			continue // the acronym follows another segment
		}
		x := s.Tokens[0].Text
		if ownAcronym, holds := registeredAcronym(info, x, nil); !ownAcronym || holds || initialsOf(x, names.Tokenize(m.MatchedName)) {
			continue
		}
		if slices.ContainsFunc(ms, func(o match.Match) bool {
			return o.Match && o.SourceID != m.SourceID && slices.ContainsFunc(o.Explanation, func(e match.Evidence) bool {
				return e.Query == x && e.List == x && e.How == string(names.HowExact)
			})
		}) {
			return true
		}
	}
	return false
}

// ownAcronymDiffers reports whether m fits every word of a name segment
// that the string follows with the acronym its words spell ("Northwold
// Institute for Tidal Change (NITC)") while m is registered under other
// acronyms, none of them that one (marks aside: "MPI-X" is "MPIX"): the
// string's organisation calls itself otherwise than m does, and its
// name, a generic one or a translation, is m's only by chance.
func (r *Resolver) ownAcronymDiffers(m match.Match, a *names.Affiliation) bool {
	if a == nil || len(a.Segments) < 2 {
		return false
	}
	words := alignedWords(m)
	for i := 1; i < len(a.Segments); i++ {
		s, prev := a.Segments[i], a.Segments[i-1]
		if s.Role != names.RoleName && s.Role != names.RoleAside || prev.Role != names.RoleName || len(s.Tokens) != 1 || !isCapsAcronym(strings.TrimSpace(s.Text)) ||
			words.has(s.Tokens[0].Surface) || slices.ContainsFunc(prev.Tokens, func(t names.Token) bool { return !words.has(t.Surface) }) {
			continue
		}
		x := s.Tokens[0].Text
		if !initialsOf(x, prev.Tokens) {
			continue
		}
		info := r.orgs[m.SourceID] // looked up once the party may tell
		if info == nil {
			return false
		}
		ownAcronym, holds := registeredAcronym(info, x, withoutMarks)
		return ownAcronym && !holds
	}
	return false
}

// acronymBeside reports whether party a writes, as a segment of its own
// after a name segment, an acronym in capitals that m's registry names
// hold (marks aside).
func (r *Resolver) acronymBeside(m match.Match, a *names.Affiliation) bool {
	info := r.orgs[m.SourceID]
	if info == nil {
		return false
	}
	for i := 1; i < len(a.Segments); i++ {
		s := a.Segments[i]
		if s.Role != names.RoleName && s.Role != names.RoleAside || a.Segments[i-1].Role != names.RoleName || len(s.Tokens) != 1 || !isCapsAcronym(strings.TrimSpace(s.Text)) {
			continue
		}
		if _, holds := registeredAcronym(info, s.Tokens[0].Text, withoutMarks); holds {
			return true
		}
	}
	return false
}

// registeredAcronym reports whether the organisation's registry names
// hold an acronym in capitals (own) and whether one of them is x, case
// aside (holds); form, when not nil, rewrites each name first.
func registeredAcronym(info *orgInfo, x string, form func(string) string) (own, holds bool) {
	for _, n := range info.names {
		if form != nil {
			n = form(n)
		}
		if isCapsAcronym(n) {
			own = true
			holds = holds || strings.EqualFold(n, x)
		}
	}
	return own, holds
}

// withoutMarks returns n without what is not a letter ("MPI-X" as
// "MPIX").
func withoutMarks(n string) string {
	return strings.Map(func(c rune) rune {
		if unicode.IsLetter(c) {
			return c
		}
		return -1
	}, n)
}

// countSegments returns how many of a's segments have role.
func countSegments(a *names.Affiliation, role names.Role) int {
	n := 0
	for _, s := range a.Segments {
		if s.Role == role {
			n++
		}
	}
	return n
}

// initialsOf reports whether acr is the initials of ts, or of all but
// one of its inner words ("DCMS" for "Dresden Center for Computational
// Materials Science"): acronyms often skip a word.
func initialsOf(acr string, ts []names.Token) bool {
	if spells(acr, ts) || len(acr) >= 3 && spellsInAnyOrder(acr, ts) {
		return true
	}
	if len(acr) < 3 || len(ts) != len(acr)+1 {
		return false
	}
	for skip := 1; skip < len(ts)-1; skip++ {
		rest := slices.Concat(ts[:skip], ts[skip+1:])
		if spells(acr, rest) {
			return true
		}
	}
	return false
}

// spelledRun returns the run of ts, three words at least and none a
// single letter (the initials of "U.S." are no word's), whose initials
// are acr, or nil.
func spelledRun(acr string, ts []names.Token) []names.Token {
	if len(acr) < 3 {
		return nil
	}
	for i := 0; i+len(acr) <= len(ts); i++ {
		run := ts[i : i+len(acr)]
		if spells(acr, run) && !slices.ContainsFunc(run, func(t names.Token) bool { return utf8.RuneCountInString(t.Text) < 2 }) {
			return run
		}
	}
	return nil
}

// spellsInAnyOrder reports whether acr is the initials of ts in another
// order, as an acronym of the name in another language is ("NCMM" for
// "Centre for Molecular Medicine Norway").
func spellsInAnyOrder(acr string, ts []names.Token) bool {
	if len(ts) != len(acr) {
		return false
	}
	var left [256]int8
	for i := 0; i < len(acr); i++ {
		left[acr[i]]++
	}
	for _, t := range ts {
		if t.Text == "" || left[t.Text[0]] == 0 {
			return false
		}
		left[t.Text[0]]--
	}
	return true
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
// "Northwold Marine Laboratory"): the string names the whole. It removes
// too a record no longer active whose successor is among ms (a withdrawn
// duplicate of the same organisation): the two are one candidate; and one
// that nothing stands in for, where an active one fits by the same name.
func (r *Resolver) dropNamesakeSites(ms []match.Match) []match.Match {
	// A match alone has no namesake among ms, and no successor there
	// unless a record succeeds itself (selfSuccessor): most lists pick
	// reads are one match, spared a look-up of its record.
	if len(ms) == 0 || len(ms) == 1 && !r.selfSuccessor {
		return ms
	}
	return dropWhere(ms, func(m match.Match) bool {
		info := r.orgs[m.SourceID]
		if info == nil {
			return false
		}
		if !info.active && len(info.successors) > 0 && slices.ContainsFunc(ms, func(c match.Match) bool { return slices.Contains(info.successors, c.SourceID) }) {
			return true
		}
		if !info.active && len(r.standIns(m.SourceID)) == 0 && slices.ContainsFunc(ms, func(c match.Match) bool {
			ci := r.orgs[c.SourceID]
			return c.SourceID != m.SourceID && ci != nil && ci.active && c.Score >= m.Score && strings.EqualFold(c.MatchedName, m.MatchedName)
		}) {
			// A retired record that nothing stands in for, fitting by a
			// name an active one fits as well ("UMR 5119", passed on
			// from the unit it numbered): the string can only mean the
			// active one.
			return true
		}
		return len(info.ancestors) > 0 && slices.ContainsFunc(ms, func(c match.Match) bool {
			return c.Score == m.Score && c.SourceID != m.SourceID && slices.Contains(info.ancestors, c.SourceID) && names.Normalize(c.MatchedName) == names.Normalize(m.MatchedName)
		})
	})
}

// dropWhere returns ms without the matches drop reports: ms itself when
// it drops none, as for most lists.
func dropWhere(ms []match.Match, drop func(match.Match) bool) []match.Match {
	var out []match.Match // nil until one is dropped
	for i, m := range ms {
		d := drop(m)
		switch {
		case d && out == nil:
			out = append(make([]match.Match, 0, len(ms)-1), ms[:i]...)
		case !d && out != nil:
			out = append(out, m)
		}
	}
	if out == nil {
		return ms
	}
	return out
}

// amongParts reads m when its parts fit the string as well (see
// partsAlike): the one part the string names by its place (see
// partByPlace), else none when they are a university system's campuses
// (ok true for both). Otherwise (ok false) m stands: a research
// organisation's sections ("X, Sezione di Y", "EMBL" of its five sites)
// fit its name as campuses do, but an author who names none of their
// places means the organisation. pick and the leader read it alike.
func (r *Resolver) amongParts(m match.Match, ms []match.Match, a *names.Affiliation) (out []match.Match, ok bool) {
	alike, campus := r.partsAlike(m, ms, a)
	if !alike {
		return nil, false
	}
	if part, ok := r.partByPlace(m, ms, a); ok {
		return []match.Match{part}, true
	}
	return nil, campus && r.isEducation(m)
}

// partsAlike reports whether two or more parts of m fit the words m
// fits about as well ("University of Westmarch" and its campuses named
// "University of Westmarch, …"): the string names the whole only as
// loosely as any of its parts, and which one is meant is unclear. campus
// reports whether one of those parts is not a unit of its own (see
// unitOfItsOwn): research units registered under the whole's name too
// ("University of Westmarch, Centre for Tides") leave the whole meant by
// a string that writes none of them, campuses do not.
func (r *Resolver) partsAlike(m match.Match, ms []match.Match, a *names.Affiliation) (alike, campus bool) {
	words, n := alignedWords(m), 0
	for _, c := range ms {
		if !c.Match || m.Score-c.Score >= specificMargin {
			continue
		}
		if r.isAncestor(m, c) && sameWords(alignedWords(c), words) {
			n++
			campus = campus || !r.unitOfItsOwn(c, m, a)
		}
	}
	return n >= 2, campus
}

// partInWrittenTown returns the one part of m that fits the string as
// well as m does and is in a town the string writes, when m is not ("X
// Corporation, Northtown" for X's subsidiary there, registered as "X
// Corporation (Country)"): the town tells which of the two is meant. A
// unit of its own there (see unitOfItsOwn) is no such part.
func (r *Resolver) partInWrittenTown(m match.Match, ms []match.Match, a *names.Affiliation) (match.Match, bool) {
	var part match.Match
	found, towns, words := 0, []string(nil), wordSet(nil)
	for _, c := range ms {
		if !c.Match || c.SourceID == m.SourceID || m.Score-c.Score >= specificMargin || !r.isAncestor(m, c) {
			continue
		}
		if towns == nil {
			towns, words = r.writtenTowns(a), alignedWords(m)
			if len(towns) == 0 || r.inWrittenTown(m, towns) {
				return match.Match{}, false
			}
		}
		if r.inWrittenTown(c, towns) && sameWords(alignedWords(c), words) && !r.unitOfItsOwn(c, m, a) {
			part, found = c, found+1
		}
	}
	return part, found == 1
}

// unitOfItsOwn reports whether part's registry name (brackets after it
// aside) adds to whole's a head word of an organisation or a unit
// ("Institute", "Laboratory") and a distinctive word the party does not
// write: "Westland Academy of Sciences, Institute of Biophysics" is a
// unit in its own right, not the academy at the town written, as a
// campus ("…, Okanagan Campus"), a hospital's site or a company's
// national branch ("Westcorp (United Kingdom)") is the whole there.
func (r *Resolver) unitOfItsOwn(part, whole match.Match, a *names.Affiliation) bool {
	pi, wi := r.orgs[part.SourceID], r.orgs[whole.SourceID]
	if pi == nil || wi == nil {
		return false
	}
	wholeWords, ok := displayWords(wi)
	if !ok {
		return false
	}
	name := pi.name
	if b := bracketBase(name); b != "" {
		name = b
	}
	head, unwritten := false, false
	for _, t := range names.Tokenize(name) {
		if slices.Contains(wholeWords, t.Text) {
			continue
		}
		head = head || names.IsOrgHead(t.Text) || names.IsUnitWord(t.Text)
		unwritten = unwritten || !names.IsGeneric(t.Text) && !writesToken(a, t.Text)
	}
	return head && unwritten
}

// partByPlace returns, of the parts of m that fit the string as well as
// m does (the campuses of a university system, the institutes of an
// academy registered under its name too), the one the string names by
// words of its own, when exactly one is so named. A part whose names add
// to m's only words of a name the string writes ("Institute of Tides" of
// "Westland Academy of Sciences, Institute of Tides") is named first; else
// the one whose registered name adds to m's only a place the string
// writes as its address, all of it ("University of Westmarch, 1 Main
// Street, Northtown" for "University of Westmarch, Northtown"; "Port
// Wren" does not name the campus in Port Alder). Parts the screen did
// not return (an organisation with dozens of sections) are looked up
// among the registry's parts of m: rivals of one it returned, and, when
// it returned none, parts whose names add only the place to m's.
func (r *Resolver) partByPlace(m match.Match, ms []match.Match, a *names.Affiliation) (match.Match, bool) {
	info := r.orgs[m.SourceID]
	if info == nil {
		return match.Match{}, false
	}
	// The words of the registry names, as Tokenize gives them, from the
	// record's cached forms rather than tokenised again.
	own := map[string]bool{}
	for _, ws := range nameFormsOf(info).words {
		for _, w := range ws {
			own[w] = true
		}
	}
	places, named := map[string]bool{}, map[string]bool{}
	for _, t := range a.Tokens() {
		switch {
		case names.IsGeneric(t.Text) || names.IsDigits(t.Text):
		case t.Role == names.RoleAddress:
			places[t.Text] = true
		case t.Role == names.RoleName:
			named[t.Text] = true
		}
	}
	// bySubject returns a word of its own a name of part id adds to m's
	// names, when the string writes every such word as a name's.
	bySubject := func(id string) string {
		if c := r.orgs[id]; c != nil && c.active {
			for _, ws := range nameFormsOf(c).words {
				word, other := "", false
				for _, w := range ws {
					switch {
					case own[w] || names.IsGeneric(w):
					case named[w]:
						word = w
					default:
						other = true
					}
				}
				if word != "" && !other {
					return word
				}
			}
		}
		return ""
	}
	byPlace := func(id string) string {
		c := r.orgs[id]
		if c == nil || !c.active || !townWritten(c.city, places) {
			return ""
		}
		for _, ws := range nameFormsOf(c).words {
			for _, w := range ws {
				if places[w] && !own[w] {
					return w
				}
			}
		}
		return ""
	}
	// Each reading is tried only when the string has words for it: the
	// registry's parts of an academy run to hundreds of names.
	subject := false
	for w := range named {
		subject = subject || !own[w]
	}
	if subject {
		if part, ok := r.partNamed(m, ms, info, bySubject, nil, "part_by_name"); ok {
			return part, true
		}
	}
	if len(places) > 0 {
		// A part the screen did not return is named by the place only
		// when its name adds nothing else to m's ("…, Institute of
		// Archaeology, Prague" is not "Czech Academy of Sciences,
		// Prague").
		placeOnly := func(c *orgInfo) bool {
			town := strings.Fields(c.city)
			return slices.ContainsFunc(nameFormsOf(c).words, func(ws []string) bool {
				return !slices.ContainsFunc(ws, func(w string) bool {
					return !own[w] && !names.IsGeneric(w) && !branchWords[w] && !slices.Contains(town, w)
				})
			})
		}
		return r.partNamed(m, ms, info, byPlace, placeOnly, "part_by_place")
	}
	return match.Match{}, false
}

// branchWords name an organisation's site by its place ("Sezione di
// Pavoria", "Sede Norte"), as generic words do ("Branch", "Campus").
var branchWords = map[string]bool{"section": true, "sezione": true, "sede": true, "filiale": true, "aussenstelle": true, "antenne": true, "antenna": true}

// townWritten reports whether every word of town (a registry town, as
// orgInfo.city holds it) is among places, the string's address words;
// a part with no town in the registry passes. A town sharing a word with
// the one written ("San Diego", "San Francisco") is not written.
func townWritten(town string, places map[string]bool) bool {
	for w := range strings.FieldsSeq(town) {
		if !places[w] {
			return false
		}
	}
	return true
}

// partNamed returns the one part of m that by names (see partByPlace):
// among the candidates ms that fit the string as well as m, with the
// registry's other parts of m that by names and whose names hold the
// words m fits as their rivals, else among the registry's parts of m that
// alone, when given, accepts, explained as how.
func (r *Resolver) partNamed(m match.Match, ms []match.Match, info *orgInfo, by func(string) string, alone func(*orgInfo) bool, how string) (match.Match, bool) {
	words := alignedWords(m)
	var found []match.Match
	for _, c := range ms {
		if !c.Match || m.Score-c.Score >= specificMargin || !r.isAncestor(m, c) || !sameWords(alignedWords(c), words) {
			continue
		}
		if by(c.SourceID) != "" && !slices.ContainsFunc(found, func(f match.Match) bool { return f.SourceID == c.SourceID }) {
			found = append(found, c)
		}
	}
	screened := len(found) > 0
	var tokens []string // the registry's words m aligned, as its names' forms write them
	if screened {
		tokens = alignedTokens(m)
	}
	for _, id := range info.parts {
		if slices.ContainsFunc(found, func(f match.Match) bool { return f.SourceID == id }) {
			continue
		}
		word := by(id)
		if word == "" {
			continue
		}
		c := r.orgs[id]
		if screened && !nameHolds(c, tokens) {
			// Beside parts the screen returned, only a part whose
			// name holds the words they fit is their rival: the
			// screen returns a few of an organisation's parts only
			// ("X, Section of Northtown III" beside "… Northtown").
			continue
		}
		if !screened && alone != nil && !alone(c) {
			continue
		}
		found = append(found, match.Match{
			List: m.List, SourceID: id, Name: c.name, MatchedName: c.name, Score: m.Score, Match: true,
			Explanation: append(slices.Clip(m.Explanation), match.Evidence{How: how, Note: word, Weight: m.Score}),
		})
	}
	// Several parts so named ("…at Buffalo": the university and the
	// state college in that town): the far more prominent one is meant,
	// as between namesakes.
	return r.farMostProminent(found)
}

// farMostProminent returns the one of ms that is far more prominent than
// each of the others (see clearlyMoreProminent), or the only one.
func (r *Resolver) farMostProminent(ms []match.Match) (match.Match, bool) {
	for _, f := range ms {
		if !slices.ContainsFunc(ms, func(o match.Match) bool { return o.SourceID != f.SourceID && !r.clearlyMoreProminent(f, o) }) {
			return f, true
		}
	}
	return match.Match{}, false
}

// shortFormOfProminent reports whether m, chosen for party a, is likely
// not the one meant: a writes no place (no country, no town) and one
// organisation's name, with only units beside it, and the display name of
// an organisation outside m's family, far more prominent, is that name
// with a town or a country before or after it ("Saint Elric College"
// beside "Saint Elric College Dunmarrow", "Quorvent Agency" beside
// "Canada Quorvent Agency"). Without a place the name is as likely the
// prominent one's short form as the small namesake's own, so the party
// names neither surely.
func (r *Resolver) shortFormOfProminent(m match.Match, a *names.Affiliation) bool {
	if len(a.Countries) > 0 {
		return false
	}
	named := -1
	for i, s := range a.Segments {
		switch {
		case slices.ContainsFunc(s.Tokens, func(t names.Token) bool { return t.Place }):
			return false
		case s.Role == names.RoleName && named < 0:
			named = i
		case s.Role != names.RoleDept:
			return false
		}
	}
	own := r.orgs[m.SourceID]
	if named < 0 || own == nil || prominenceRatio*(own.prominence+1) > r.mostProminent {
		return false
	}
	run := a.Segments[named].Tokens
	found := false
	r.ix.RunHolders(run, func(id string) {
		o := r.orgs[id]
		if found || id == m.SourceID || o == nil || o.prominence < prominenceRatio*(own.prominence+1) || r.kin(match.Match{SourceID: id}, m) {
			return
		}
		// Its display name, not a former name or another's alias, holds
		// the words with a place's name before or after them.
		ts := names.Tokenize(o.name)
		for i := 0; len(ts) > len(run) && i+len(run) <= len(ts); i++ {
			if slices.EqualFunc(ts[i:i+len(run)], run, func(x, y names.Token) bool { return x.Text == y.Text }) &&
				r.placeOrNothing(ts[:i]) && r.placeOrNothing(ts[i+len(run):]) {
				found = true
				return
			}
		}
	})
	return found
}

// placeOrNothing reports whether ts, small words aside, are a town's or a
// country's name, or nothing.
func (r *Resolver) placeOrNothing(ts []names.Token) bool {
	for len(ts) > 0 && names.IsStopword(ts[0].Text) {
		ts = ts[1:]
	}
	for len(ts) > 0 && names.IsStopword(ts[len(ts)-1].Text) {
		ts = ts[:len(ts)-1]
	}
	if len(ts) == 0 || r.cities.has(ts) {
		return true
	}
	_, ok := countryCode(ts)
	return ok
}

// specificMargin is how close below an organisation its parts must score
// to count as fitting the string as well.
const specificMargin = 0.05

// prominenceRatio is how many times more registry records must point at
// one of two same-named organisations for it to be taken as the one meant.
const prominenceRatio = 4

// displayOver reports whether a fits by its display name and b, written
// alike, by another of its official names (a label in another language):
// of two organisations a name fits equally, the one it is the display
// name of is the one written so. Acronyms and one-word names ("Impact")
// tell nothing so.
func (r *Resolver) displayOver(a, b match.Match) bool {
	ia, ib := r.orgs[a.SourceID], r.orgs[b.SourceID]
	return ia != nil && ib != nil && ia.name == a.MatchedName && ib.name != b.MatchedName && strings.Contains(a.MatchedName, " ") &&
		!byAcronym(a) && !byAcronym(b) && !r.byAlias(b)
}

// ownLanguageOver reports whether the string writes whole one of a's
// registry names in a language other than English that is the one most
// written in a's country (see names.CountryLanguage) and not in b's.
func (r *Resolver) ownLanguageOver(written map[string]bool, a, b match.Match) bool {
	ia, ib := r.orgs[a.SourceID], r.orgs[b.SourceID]
	if ia == nil || ib == nil || len(ia.langs) == 0 {
		return false
	}
	own := names.CountryLanguage(ia.country)
	if own == "" || own == "en" || names.CountryLanguage(ib.country) == own {
		return false
	}
	forms := nameFormsOf(ia)
	for k, l := range ia.langs {
		if l == own && k < len(forms.norm) && (written[forms.norm[k]] || wholeSegment(written, forms.norm[k])) {
			return true
		}
	}
	return false
}

// legalFormOver reports whether the party, naming no country, writes a
// legal form that tells a's country and not b's ("X GmbH" for X's German
// company, not its branch abroad registered under the same name): a
// company that writes its legal form writes where it is registered.
func legalFormOver(a *names.Affiliation, m, b match.Match) bool {
	if a == nil || len(a.Countries) > 0 || len(m.Countries) == 0 {
		return false
	}
	var cs []string
	for _, s := range a.Segments {
		if s.Role != names.RoleName {
			continue
		}
		for _, t := range s.Tokens {
			if t.Legal {
				cs = append(cs, names.LegalFormCountries(t.Surface)...)
			}
		}
	}
	return len(cs) > 0 && shareCountry(m.Countries, cs) && !shareCountry(b.Countries, cs)
}

// byAlias reports whether m fits by a name that is neither its display
// name nor an official label.
func (r *Resolver) byAlias(m match.Match) bool {
	info := r.orgs[m.SourceID]
	return info != nil && slices.Contains(info.aliases, m.MatchedName)
}

// byRegistryName reports whether m fits by one of the names the registry
// writes for it, not one derived from them at build or by the index ("The
// First Affiliated Hospital" of "The First Affiliated Hospital, X
// University").
func (r *Resolver) byRegistryName(m match.Match) bool {
	info := r.orgs[m.SourceID]
	return info != nil && slices.Contains(info.names[:len(info.names)-info.derived], m.MatchedName)
}

// namesakeOfOtherName reports whether m, in another country than k and
// unrelated to it, aligned only other words than k did, words that one of
// k's registry names holds, while none of m's names hold k's.
func (r *Resolver) namesakeOfOtherName(m, k match.Match) bool {
	if m.SourceID == k.SourceID || len(m.Countries) == 0 || len(k.Countries) == 0 ||
		shareCountry(m.Countries, k.Countries) || r.related(m, k) {
		return false
	}
	mt, kt := alignedTokens(m), alignedTokens(k)
	return !slices.ContainsFunc(mt, func(t string) bool { return slices.Contains(kt, t) }) && r.namesHold(k, mt) && !r.namesHold(m, kt)
}

// systemOfWritten reports whether m, whose name holds the words of
// first's and more, is first's ancestor, first's own name is written
// whole and so is the name m was matched by ("X University System, X
// University"): the more words are the system's, not a site's the
// string writes after the name in a segment of its own ("X Institute,
// Northtown" for the institute's Northtown seat, whose campus elsewhere
// registers "X Institute" too), and the institution written is the more
// specific.
func (r *Resolver) systemOfWritten(m, first match.Match, written map[string]bool) bool {
	if !r.isAncestor(m, first) || r.writtenOut(written, first) < writtenWhole {
		return false
	}
	forms, k := r.matchedForm(m)
	return k >= 0 && wholeSegment(written, forms.norm[k])
}

// opensName reports whether the registry name long was matched by begins
// with the whole name short was matched by ("University of X, Y Campus"
// and "University of X"): long is a site or part written after short's
// own name.
func (r *Resolver) opensName(long, short match.Match) bool {
	lk, sk := r.matchedKey(long), r.matchedKey(short)
	return lk != "" && sk != "" && len(lk) > len(sk) && lk[len(sk)] == ' ' && strings.HasPrefix(lk, sk)
}

// sameKey reports whether a and b were matched by names with the same
// tokens ("Saint Mary's University", "St. Mary's University"): one name
// written otherwise, which fits the string alike, so namesakesInTown asks
// it only of matches of one score.
func (r *Resolver) sameKey(a, b match.Match) bool {
	k := r.matchedKey(a)
	return k != "" && k == r.matchedKey(b)
}

// matchedKey returns the token key (see tokenKey) of the registry name m
// was matched by, or "" when m's organisation does not hold it.
func (r *Resolver) matchedKey(m match.Match) string {
	forms, k := r.matchedForm(m)
	if k < 0 {
		return ""
	}
	return forms.key[k]
}

// matchedForm returns the name forms of m's organisation and the index
// among them of the registry name m was matched by, or -1 when the
// organisation is unknown or does not hold it.
func (r *Resolver) matchedForm(m match.Match) (*nameForms, int) {
	info := r.orgs[m.SourceID]
	if info == nil {
		return nil, -1
	}
	return formOf(info, m.MatchedName)
}

// alignedTokens returns the canonical registry tokens m aligned.
func alignedTokens(m match.Match) []string {
	var out []string
	for _, e := range m.Explanation {
		if e.Query != "" && e.List != "" {
			out = append(out, e.Token)
		}
	}
	return out
}

// partAddsNothing reports whether m is a part of first whose aligned
// words one of first's own registry names holds as well ("Christ (Deemed
// to be University)" of the university and of its Delhi campus): the part
// says nothing the organisation does not.
func (r *Resolver) partAddsNothing(first, m match.Match) bool {
	return r.isAncestor(first, m) && r.namesHold(first, alignedTokens(m))
}

// namesHold reports whether one of m's registry names holds every token
// of ts (ts not empty).
func (r *Resolver) namesHold(m match.Match, ts []string) bool {
	info := r.orgs[m.SourceID]
	return info != nil && len(ts) > 0 && nameHolds(info, ts)
}

// nameHolds reports whether one of info's registry names holds every
// token of ts.
func nameHolds(info *orgInfo, ts []string) bool {
	return slices.ContainsFunc(nameFormsOf(info).words, func(words []string) bool {
		return !slices.ContainsFunc(ts, func(t string) bool { return !slices.Contains(words, t) })
	})
}

// clearlyMoreProminent reports whether a is far more prominent than b and
// is named by one of its official names: another name it is known by,
// often a former one ("King's College" for a university that has since
// renamed), says less about which of the two is meant, unless b fits by
// an alias foreign to its own name and a's is not (see foreignAlias).
func (r *Resolver) clearlyMoreProminent(a, b match.Match) bool {
	ia, ib := r.orgs[a.SourceID], r.orgs[b.SourceID]
	if ia == nil || ib == nil || r.byAlias(a) && !(r.foreignAlias(b) && !r.foreignAlias(a)) {
		return false
	}
	return ia.prominence >= prominenceRatio*(ib.prominence+1)
}

// foreignAlias reports whether m fits by an alias that shares no word with
// its organisation's display name ("Georgia Tech" registered for an
// institute of Georgia Tech named otherwise): such an alias is as often
// the name of the organisation it belongs to as its own, so beside a far
// more prominent holder whose alias is made of its own name's words, the
// prominent one is meant.
func (r *Resolver) foreignAlias(m match.Match) bool {
	if !r.byAlias(m) {
		return false
	}
	own, ok := displayWords(r.orgs[m.SourceID])
	if !ok {
		return false
	}
	return !slices.ContainsFunc(names.Tokenize(m.MatchedName), func(t names.Token) bool { return slices.Contains(own, t.Text) })
}

// weakEvidence reports whether m rests on evidence too weak to choose it
// by, at or below the threshold: a word another candidate leads on,
// related words only, a guessed acronym, initials, one lookalike word, or
// common words only where the registry name adds an unwritten head (see
// headlessCommon), a state's code after a town (see stateCodeOnly), or
// the town of an address alone (see townOnlyOfAddress) or beside a name it
// does not fit (see addressOnlyBesideName).
func (r *Resolver) weakEvidence(m match.Match, a *names.Affiliation) bool {
	return r.otherLead(m, a) || latinRelated(m) || acronymGuess(m, a) || initialsOnly(m) && !ampersandAcronymWritten(a, m) || oneWordLookalike(m) || headlessCommon(m) || r.townAbbreviated(m) || stateCodeOnly(m, a) || townOnlyOfAddress(m, a) || addressOnlyBesideName(m, a)
}

// fitsWord reports whether m aligns the query word w with a word of its
// name.
func fitsWord(m match.Match, w string) bool {
	return slices.ContainsFunc(m.Explanation, func(e match.Evidence) bool { return e.Query == w && e.List != "" })
}

// addressOnlyBesideName reports whether m fits only words of the party's
// address, its town, while the party writes an organisation's name none
// of whose words m fits ("3XY, Northtown, Canada" for the town's own
// government): the name written is another organisation's. A name that
// writes the town's words itself (a park named as its place is) is m's.
func addressOnlyBesideName(m match.Match, a *names.Affiliation) bool {
	if !fitsOnly(m, func(e match.Evidence) bool { return e.Role == addressRole }) {
		return false
	}
	named := false
	for _, s := range a.Segments {
		if s.Role != names.RoleName || len(s.Tokens) == 0 {
			continue
		}
		named = true
		if slices.ContainsFunc(s.Tokens, func(t names.Token) bool { return fitsWord(m, t.Text) }) {
			return false
		}
	}
	return named
}

// townOnlyOfAddress reports whether a party of a street's address only
// ("Main Street Northtown 94720 USA"), which is screened whole in case
// the parser took a name for an address, is fitted by m on its towns'
// words alone: an organisation named after the town ("Northtown
// School") is not written there. Without a street's words the town's
// words may be the organisation's own name ("Yosemite National Park CA
// 95389", a park whose registry town is named so).
func townOnlyOfAddress(m match.Match, a *names.Affiliation) bool {
	if nameOrUnitAmong(a.Segments) {
		return false
	}
	street := slices.ContainsFunc(a.Segments, func(s names.Segment) bool {
		return slices.ContainsFunc(s.Tokens, func(t names.Token) bool { return names.IsStreetWord(t.Surface) })
	})
	return street && fitsOnly(m, func(e match.Evidence) bool { return placeWord(a, e.Query) })
}

// fitsOnly reports whether m fits some written words and every one of
// those fits is one word accepts.
func fitsOnly(m match.Match, word func(match.Evidence) bool) bool {
	fits := false
	for _, e := range m.Explanation {
		if e.Query == "" || e.List == "" {
			continue
		}
		if !word(e) {
			return false
		}
		fits = true
	}
	return fits
}

// placeWord reports whether a writes w as a word of a town it marks as a
// place.
func placeWord(a *names.Affiliation, w string) bool {
	for _, s := range a.Segments {
		for _, t := range s.Tokens {
			if t.Place && (t.Surface == w || t.Text == w) {
				return true
			}
		}
	}
	return false
}

// stateCodeOnly reports whether the only words m fits are states' postal
// codes written after a town ("Northtown DC 20036"): the address, not an
// organisation's acronym.
func stateCodeOnly(m match.Match, a *names.Affiliation) bool {
	return fitsOnly(m, func(e match.Evidence) bool { return codeAfterTown(a, e.Query) })
}

// codeAfterTown reports whether a writes the word w as a state's postal
// code after a town it marks as a place.
func codeAfterTown(a *names.Affiliation, w string) bool {
	if len(w) > 3 {
		return false // no state's code: most words fitted are not, and are told so here
	}
	for _, s := range a.Segments {
		for k := 1; k < len(s.Tokens); k++ {
			if t := s.Tokens[k]; s.Tokens[k-1].Place && (t.Surface == w || t.Text == w) && stateCodeWritten(t, s.Text) {
				return true
			}
		}
	}
	return false
}

// ampersandAcronymWritten reports whether the party writes m's registry
// name, an acronym joined by an ampersand ("Q&R"), exactly so as a
// segment of its own: initials so joined are a name, not initials.
func ampersandAcronymWritten(a *names.Affiliation, m match.Match) bool {
	n := m.MatchedName
	if len(n) > 8 || !strings.Contains(n, "&") || strings.Contains(n, " ") {
		return false
	}
	return slices.ContainsFunc(a.Segments, func(s names.Segment) bool {
		return s.Role == names.RoleName && strings.TrimSpace(s.Text) == n
	})
}

// townAbbreviated reports whether m reads the name of a registry town,
// written in full, as the abbreviation of a longer word ("Northby" for a
// "Northbyfield Foundation") or as another word it sounds like in another
// script's spelling: a town's name stands for nothing else, and names the
// organisations named after the town. The organisation's own town is
// not read so: written, it is evidence for it whatever word of its name
// it meets ("Northbyfield" for "ABC Northby" in Northbyfield).
func (r *Resolver) townAbbreviated(m match.Match) bool {
	for _, e := range m.Explanation {
		if (e.How == string(names.HowAbbreviation) || e.How == string(names.HowTransliterated)) && e.Query != "" && e.Query != e.Token && r.cities.has([]names.Token{{Text: e.Query}}) && !r.inWrittenTown(m, []string{e.Query}) {
			return true
		}
	}
	return false
}

// legalForms reports whether words a and b, canonical or as normalised,
// are both legal forms ("corp" and "group"): a company's legal form is
// the least of its name, and two of them say nothing either way.
func legalForms(a, b string) bool {
	return names.IsLegalForm(a) && names.IsLegalForm(b)
}

// headlessCommon reports whether m fits only common words ("Finance and
// Economics", a unit's subjects) and its registry name adds an
// organisation's head word the string does not write ("University of
// Finance and Economics"): subjects alone name no organisation.
func headlessCommon(m match.Match) bool {
	for _, e := range m.Explanation {
		if e.Query != "" && e.List != "" && !names.IsGeneric(e.Token) {
			return false
		}
	}
	return headUnwritten(m)
}

// initialsOnly reports whether every word m aligns is a single letter on
// one side or the other: of the string ("A.C." of "El Colegio de X,
// A.C.", a Mexican civil association, against "C&A Corporation"), or of
// the registry name ("Advisory C" against the same), or two letters the
// string writes beside such an initial ("UC D" against "UC Davis"):
// initials alone name nothing.
func initialsOnly(m match.Match) bool {
	n := 0
	for _, e := range m.Explanation {
		if e.Query != "" && e.List != "" {
			q, l := utf8.RuneCountInString(e.Query), utf8.RuneCountInString(e.List)
			switch {
			case q == 1 || l == 1:
				n++
			case len(e.Query) == 2 && len(e.List) == 2 && q == 2 && l == 2:
				// Two Latin letters, not a CJK word of two characters:
				// no evidence either way.
			default:
				return false
			}
		}
	}
	return n > 0
}

// oneWordLookalike reports whether m rests on one word of the string that
// only resembles a registry word, by spelling or sound ("Sonepat", a city
// after an institute's name, against "Sunpot"; "Systems" against
// "SESSTIM"): one such word is no evidence of an organisation. Chinese,
// Japanese and Korean words, which meet their registry names through
// transliteration, are exempt. A legal form met by another ("Corp." for
// "Companies") is no second word, nor is the party's country met by the
// country a company's registry name adds ("X Research, Inc. (United
// States)" for "…, Arlington, United States").
func oneWordLookalike(m match.Match) bool {
	var only *match.Evidence
	for i := range m.Explanation {
		e := &m.Explanation[i]
		if e.Query != "" && e.List != "" && !names.IsLegalForm(e.Token) && e.Role != names.RoleCountry.String() {
			if only != nil {
				return false
			}
			only = e
		}
	}
	if only == nil || hasCJK(only.Query) {
		return false
	}
	return only.How == string(names.HowTransliterated) || only.How == string(names.HowTypo)
}

// otherNameWrittenAcross reports whether a registry name of m other than
// the one matched, a unit's name with its host's ("X Centre, University
// of Y"), is written across the party's segments (see writtenAcross) and
// holds every word of ws; it returns that name's words.
func (r *Resolver) otherNameWrittenAcross(a *names.Affiliation, m match.Match, ws []string) (wordSet, bool) {
	return r.otherNameAcross(a, m, func(_ string, words wordSet) bool {
		return !slices.ContainsFunc(ws, func(w string) bool { return !words.has(w) })
	})
}

// otherNameAcross returns the words of the first registry name of m,
// other than the one matched, that holds a comma or an "at", is written
// across the party's segments (see writtenAcross) and that accept takes.
func (r *Resolver) otherNameAcross(a *names.Affiliation, m match.Match, accept func(n string, words wordSet) bool) (wordSet, bool) {
	info := r.orgs[m.SourceID]
	if info == nil {
		return nil, false
	}
	for _, n := range info.names {
		if n == m.MatchedName || !strings.ContainsAny(n, ",") && !strings.Contains(n, " at ") || !writtenAcross(a, n) {
			continue
		}
		if words := wordSet(names.Texts(names.Tokenize(n))); accept(n, words) {
			return words, true
		}
	}
	return nil, false
}

// writtenAcross reports whether name, holding a comma or an "at" where
// the parser splits, is written word for word as consecutive segments of
// the party ("Institute of Tides, University of Westland", a unit the
// registry names with its university), the last perhaps with the address
// run on ("… University of Westland Northtown Country"): the string names
// that unit, not only the university.
func writtenAcross(a *names.Affiliation, name string) bool {
	comma, at := strings.IndexByte(name, ',') >= 0, strings.Contains(name, " at ")
	if !comma && !at {
		return false
	}
	want := names.Normalize(name)
	if at {
		// The parser splits "X at the University of Y" at "at".
		want = strings.Replace(want, " at ", " ", 1)
	}
	for i := range a.Segments {
		got := names.Normalize(a.Segments[i].Text)
		if got == "" || !strings.HasPrefix(want, got) {
			continue
		}
		for j := i + 1; j < len(a.Segments) && len(got) < len(want); j++ {
			n := names.Normalize(a.Segments[j].Text)
			if k := nameBeforeAddress(n, a.Segments[j]); k != "" && got+" "+k == want {
				return true // the address after it without a comma
			}
			got += " " + n
		}
		if got == want {
			return true
		}
	}
	return false
}

// namesakeAbroadOfPart reports whether m, whose aligned words are words,
// fits only some of the words kept organisation k fits, no better than k,
// and is neither related to k nor in a country of k's.
func (r *Resolver) namesakeAbroadOfPart(m match.Match, words wordSet, k match.Match) bool {
	if m.Score > k.Score || len(m.Countries) == 0 || len(k.Countries) == 0 ||
		shareCountry(m.Countries, k.Countries) {
		return false // the cheap tests first: most candidates stop here
	}
	kw := alignedWords(k)
	return len(words) < len(kw) && subset(words, kw) && !r.related(m, k)
}

// byPlaceOf reports whether m, whose aligned words are wm, explains k's
// words and more and is told apart from k by the place its registry name
// writes after a comma, written as a segment of its own ("University of
// Westmarch, Eastport" beside "University of Westmarch"): m is named,
// whether or not its parent is.
func byPlaceOf(a *names.Affiliation, m match.Match, wm wordSet, k match.Match) bool {
	kw := alignedWords(k)
	return k.SourceID != m.SourceID && len(wm) > len(kw) && subset(kw, wm) && namesakeByPlace(a, m, k)
}

// namesakeByPlace reports whether m, as good a fit as first and
// explaining its words and more, is a namesake told apart by the place its
// registry name writes after a comma ("Mahatma Gandhi University,
// Nalgonda"), which the string writes as a segment of its own, perhaps
// with the address run on ("…, Nalgonda Region Country").
func namesakeByPlace(a *names.Affiliation, m, first match.Match) bool {
	i := strings.LastIndexByte(m.MatchedName, ',')
	if i < 0 || m.Score < first.Score {
		return false
	}
	place := names.Normalize(m.MatchedName[i+1:])
	if place == "" {
		return false
	}
	for _, s := range a.Segments {
		if s.Role != names.RoleName && s.Role != names.RoleAddress || orgHeadIn(s.Tokens) {
			continue
		}
		if n := names.Normalize(s.Text); n == place || nameBeforeAddress(n, s) == place {
			return true // perhaps with the address after it, without a comma
		}
	}
	return false
}

// encloses reports whether x, aligning the words wx, holds y's (wy) in
// its own name written as a whole segment, where y's name is not a
// segment of its own: the string names x, in words that include y's.
func encloses(written map[string]bool, x match.Match, wx wordSet, y match.Match, wy wordSet) bool {
	return len(wx) > len(wy) && subset(wy, wx) && matchedWhole(written, x) && !matchedWhole(written, y)
}

// matchedWhole reports whether the registry name m matched is itself a
// whole segment of the party: the string writes that name, not words
// shared with it.
func matchedWhole(written map[string]bool, m match.Match) bool {
	return wholeSegment(written, names.Normalize(m.MatchedName))
}

// unitWordsOnly reports whether m fits only words the parser read as a
// unit's ("Faculty of Science" for a faculty abroad registered as
// "Faculté des Sciences"), and not by a registry name the string writes
// whole: a unit's name alone is no organisation's, unless the registry
// has it word for word ("Department of Agriculture and Fisheries", a
// government department).
func (r *Resolver) unitWordsOnly(m match.Match, written *lazyWritten) bool {
	any := false
	for _, e := range m.Explanation {
		if e.Query != "" && e.List != "" {
			if e.Role != names.RoleDept.String() {
				return false
			}
			any = true
		}
	}
	return any && r.writtenOut(written.names(), m) < writtenWhole
}

// headConflict reports whether the party's name has an organisation's
// head word m leaves unexplained while m's registry name has another
// head word the string does not write ("… Electronics Science Technology
// Group" for a "University of Electronic Science and Technology"): the
// string names another kind of organisation, whose head word weighs too
// little (a common word) to lower the score much. Two legal forms ("Co.,
// Ltd." written, "Inc." registered) name one company as often as two: the
// registry's is seldom the one of each country's branch.
func headConflict(m match.Match) bool {
	var written, listed []string
	for _, e := range m.Explanation {
		switch {
		case e.How == "unmatched_query" && e.Role == names.RoleName.String() && names.IsOrgHead(e.Token):
			written = append(written, e.Token)
		case e.How == "unmatched_list" && names.IsOrgHead(e.Token):
			listed = append(listed, e.Token)
		}
	}
	return slices.ContainsFunc(written, func(w string) bool {
		return slices.ContainsFunc(listed, func(l string) bool { return l != w && !legalForms(w, l) })
	})
}

// branchOf reports whether b is a's parent's national branch, registered
// under the parent's name with its own country in brackets ("X
// Technologies (Poland)" under "X Technologies (China)"), and the party
// names neither a country nor the town of b's and not its parent's: a
// company written without its country is the company, not one of its
// branches abroad.
func (r *Resolver) branchOf(b, parent match.Match, a *names.Affiliation) bool {
	ib, ip := r.orgs[b.SourceID], r.orgs[parent.SourceID]
	if ib == nil || ip == nil || slices.Contains(a.Countries, ib.country) {
		return false
	}
	if towns := r.writtenTowns(a); r.inWrittenTown(b, towns) && !r.inWrittenTown(parent, towns) {
		return false
	}
	return sameBracketBase(ib.name, ip.name)
}

// sameBracketBase reports whether two registry names are one name with
// different brackets after it ("X Technologies (Poland)", "X Technologies
// (China)"), as the registry names a company's national branches.
func sameBracketBase(a, b string) bool {
	ba := bracketBase(a)
	return ba != "" && ba == bracketBase(b)
}

// bracketBase returns registry name n without the brackets that end it
// ("X Technologies" of "X Technologies (Poland)"), or "" when none do.
func bracketBase(n string) string {
	i := strings.LastIndexByte(n, '(')
	if i <= 0 || !strings.HasSuffix(n, ")") {
		return ""
	}
	return strings.TrimSpace(n[:i])
}

// namedAsParent reports whether m is registered under its parent's name
// with its own country in brackets (a company's national branch): writing
// its name writes its parent's too.
func (r *Resolver) namedAsParent(m match.Match) bool {
	info := r.orgs[m.SourceID]
	if info == nil {
		return false
	}
	return slices.ContainsFunc(info.parents, func(p string) bool {
		pi := r.orgs[p]
		return pi != nil && sameBracketBase(info.name, pi.name)
	})
}

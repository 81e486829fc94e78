package resolve

// Registry ancestry of candidates.

import (
	"slices"
	"strings"

	"github.com/collabcheck/collabcheck/internal/match"
	"github.com/collabcheck/collabcheck/internal/names"
	"github.com/collabcheck/collabcheck/internal/registry"
)

// isAncestor reports whether a is a parent, grandparent … of b in the
// registry, through any of b's parents (m.Via follows only the first).
func (r *Resolver) isAncestor(a, b match.Match) bool {
	info := r.orgs[b.SourceID]
	return info != nil && slices.Contains(info.ancestors, a.SourceID)
}

// walkAncestors lists info's ancestors breadth first, each once: parents
// outside the registry are listed but not followed.
func (r *Resolver) walkAncestors(info *orgInfo) []string {
	var out []string
	queue := []*orgInfo{info}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		for _, p := range cur.parents {
			if slices.Contains(out, p) {
				continue
			}
			out = append(out, p)
			if pi := r.orgs[p]; pi != nil {
				queue = append(queue, pi)
			}
		}
	}
	return out
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

// partKept reports whether one of m's parts (or their parts) is among
// kept: the string names m's own family, so m is no unit orphaned of its
// parent.
func (r *Resolver) partKept(m match.Match, kept []match.Match) bool {
	return slices.ContainsFunc(kept, func(k match.Match) bool { return r.isAncestor(m, k) })
}

// related reports whether a is an ancestor of b or b of a.
func (r *Resolver) related(a, b match.Match) bool {
	return r.isAncestor(a, b) || r.isAncestor(b, a)
}

// ancestorWritten reports whether a registry name of one of id's
// ancestors appears in the party: a distinctive word of it, or all its
// words. A country's adjective written for the country's name an
// ancestor's holds counts as its word ("Academy of Sciences of the
// Westlandic Republic" for "National Academy of Sciences of Westland", as
// a former name writes it).
func (r *Resolver) ancestorWritten(id string, a *names.Affiliation) bool {
	words := map[string]bool{}
	for _, t := range a.Tokens() {
		words[t.Text] = true
	}
	info := r.orgs[id]
	if info == nil {
		return false
	}
	for _, p := range info.ancestors {
		if pi := r.orgs[p]; pi != nil && writesName(pi.names, words) {
			return true
		}
	}
	for w := range words {
		if !names.IsDemonym(w) {
			continue
		}
		for _, p := range info.ancestors {
			pi := r.orgs[p]
			if pi == nil {
				continue
			}
			for _, ws := range nameFormsOf(pi).words {
				if slices.ContainsFunc(ws, func(x string) bool { return names.Demonym(x, w) }) {
					return true
				}
			}
		}
	}
	return false
}

// familyWindow is how far below the best candidate the screen's other
// candidates are read as rivals when a party may name a family of
// organisations rather than one of them (see familyHead).
const familyWindow = 0.15

// familyHead returns the organisation a party names by its family's name
// and a head word only ("Max Planck Institute, Munich", "Fraunhofer
// Institute"): the candidates that fit are the family's members, none
// written out, and the one they all belong to, whose own name holds every
// distinctive word the party writes, is the organisation meant. A
// university system is not so chosen: its campuses are separate
// institutions, and an author who names none of them leaves the party
// unknown (see partsAlike).
func (r *Resolver) familyHead(ms []match.Match, a *names.Affiliation) (match.Match, bool) {
	if len(ms) < 2 {
		return match.Match{}, false
	}
	top := r.orgs[ms[0].SourceID]
	if top == nil {
		return match.Match{}, false
	}
	for _, p := range top.ancestors {
		head := r.orgs[p]
		if head == nil || !head.active || head.education {
			continue
		}
		members := 0
		fits := true
		for _, c := range ms {
			if ms[0].Score-c.Score >= familyWindow {
				break
			}
			switch {
			case c.SourceID == p:
			case r.isAncestor(match.Match{SourceID: p}, c):
				members++
			default:
				fits = false
			}
		}
		ws := nameFormsOf(head).words
		if !fits || members < 2 || !familyNamed(a, ws) {
			continue
		}
		// The words the best member fits that the head's names hold, and
		// the member they were read from.
		var ev []match.Evidence
		for _, e := range ms[0].Explanation {
			if e.Query != "" && e.List != "" && slices.ContainsFunc(ws, func(w []string) bool { return slices.Contains(w, e.Token) }) {
				ev = append(ev, e)
			}
		}
		ev = append(ev, match.Evidence{How: "family_head", Note: ms[0].Name, Weight: ms[0].Score})
		return match.Match{List: ms[0].List, SourceID: p, Name: head.name, MatchedName: head.name, Score: ms[0].Score, Match: true, Explanation: ev}, true
	}
	return match.Match{}, false
}

// rareRunNames is how many registry names at most may hold a word for it
// to count as rare in rareRunHolder: a word of one organisation's name and
// its units', not a subject's.
const rareRunNames = 8

// rareWordsHolder is the explanation of a family's head chosen by the run
// of rare words its family's names hold (see rareRunHolder).
const rareWordsHolder = "rare_words_holder"

// rareRunHolder returns the organisation a party names by a run of two or
// more rare words it writes with common ones around them, when nothing
// else fits ("Immunology Program, Quillon Varrick Institute" for Memorial
// Quillon Varrick Cancer Center). The organisations whose registry names
// hold the run side by side must be one family, and the one they all
// belong to must be among the candidates (ms), in no other country than
// the string names, with no word of its own that the party leaves out
// (see ownWordUnwritten). Only one organisation segment may write rare
// words, and none a word the registry does not know (a name the registry
// does not hold); a run that is a town's name ("Port Aldane") names no
// organisation.
func (r *Resolver) rareRunHolder(ms []match.Match, a *names.Affiliation) (match.Match, bool) {
	var run []names.Token
	for _, s := range a.Segments {
		if s.Role != names.RoleName {
			continue
		}
		var rare []names.Token
		for _, t := range s.Tokens {
			if t.Place || commonVocabulary(t.Text) || names.HasDigit(t.Text) {
				continue
			}
			switch n := r.ix.NamesHolding(t.Text); {
			case n == 0:
				return match.Match{}, false
			case n <= rareRunNames:
				rare = append(rare, t)
			}
		}
		if len(rare) == 0 {
			continue
		}
		if run != nil {
			return match.Match{}, false
		}
		run = rare
	}
	if len(run) < 2 || r.cities.has(run) {
		return match.Match{}, false
	}
	var holders []string
	r.ix.RunHolders(run, func(id string) {
		if !slices.Contains(holders, id) {
			holders = append(holders, id)
		}
	})
	head := slices.IndexFunc(holders, func(h string) bool {
		return !slices.ContainsFunc(holders, func(o string) bool {
			return o != h && !r.isAncestor(match.Match{SourceID: h}, match.Match{SourceID: o})
		})
	})
	if head < 0 || r.ownWordUnwritten(holders[head], a) {
		return match.Match{}, false
	}
	for _, m := range ms {
		if m.SourceID == holders[head] && !countryConflicts(m) {
			words := make([]string, len(run))
			for i, t := range run {
				words[i] = t.Surface
			}
			m.Explanation = append(slices.Clip(m.Explanation), match.Evidence{How: rareWordsHolder, Note: strings.Join(words, " "), Weight: m.Score})
			return m, true
		}
	}
	return match.Match{}, false
}

// ownWordUnwritten reports whether organisation id's display name holds a
// word of its own (one at most rareUnitWordNames registry names hold, not
// institutional vocabulary or a subject) that party a does not write: a
// name that shares a run of rare words with it and leaves out such a word
// ("… de Navarra", "… Rural Engineering") is more likely another's.
func (r *Resolver) ownWordUnwritten(id string, a *names.Affiliation) bool {
	info := r.orgs[id]
	if info == nil {
		return true
	}
	var words []string
	if forms, k := formOf(info, info.name); k >= 0 {
		words = forms.words[k]
	} else {
		words = names.Texts(names.Tokenize(info.name))
	}
	for _, w := range words {
		if commonVocabulary(w) || r.ix.NamesHolding(w) > rareUnitWordNames {
			continue
		}
		if !writesToken(a, w) {
			return true
		}
	}
	return false
}

// commonVocabulary reports whether w, a canonical word, is institutional
// vocabulary, a subject's word or a small word: words many organisations'
// names share, which tell none of them apart.
func commonVocabulary(w string) bool {
	return names.IsGeneric(w) || names.IsStopword(w) || names.IsSubject(w)
}

// familyNamed reports whether an organisation segment of a writes every
// distinctive word of one of the names ws (a family's head's names, as
// their tokens' texts), besides organisation head words that name is
// without and nothing else ("Max Planck Institute" of "Max Planck
// Society", not "Istituto di Fisica" of "Istituto Nazionale di Fisica
// Nucleare").
func familyNamed(a *names.Affiliation, ws [][]string) bool {
	for _, s := range a.Segments {
		if s.Role != names.RoleName {
			continue
		}
	names:
		for _, w := range ws {
			distinct, head := 0, false
			for _, t := range s.Tokens {
				switch {
				case t.Role != names.RoleName || t.Place:
				case slices.Contains(w, t.Text):
				case names.IsOrgHead(t.Text):
					head = true
				default:
					continue names
				}
			}
			for _, x := range w {
				if names.IsGeneric(x) || names.IsOrgHead(x) {
					continue
				}
				if !slices.ContainsFunc(s.Tokens, func(t names.Token) bool { return t.Text == x }) {
					continue names
				}
				distinct++
			}
			if head && distinct > 0 {
				return true
			}
		}
	}
	return false
}

// facultyWords are the head words of a university's faculty written
// after the university's name ("… School of Medicine", "… College of
// Medicine", "… Faculty of Medicine"), normalised.
var facultyWords = map[string]bool{"school": true, "college": true, "faculty": true}

// facultyOf reports whether o is parent's faculty of medicine: a record
// whose display name is one of its active registry parent's names
// followed by a medical faculty's words ("Northtown University School
// of Medicine" under "Northtown University"). The registry withdraws
// most such records, which their university stands for (see standIns),
// and labelled affiliations cite the university for those it keeps, so
// the resolver does too. Other schools ("… School of Astronautics") stay
// the most specific organisation written.
func facultyOf(o, parent *registry.Org) bool {
	if parent.Status != "active" && parent.Status != "" {
		return false
	}
	name := strings.Fields(names.Normalize(o.DisplayName()))
	for _, n := range parent.Names {
		pw := strings.Fields(names.Normalize(n.Value))
		if len(pw) >= 2 && len(pw) < len(name) && slices.Equal(pw, name[:len(pw)]) && facultyPhrase(name[len(pw):]) {
			return true
		}
	}
	return false
}

// facultyPhrase reports whether words, normalised, are a medical
// faculty's ("school of medicine", "college of osteopathic medicine",
// "medical school").
func facultyPhrase(w []string) bool {
	switch {
	case len(w) >= 3 && facultyWords[w[0]] && w[1] == "of" && w[len(w)-1] == "medicine":
		return true
	case len(w) == 2 && w[0] == "medical" && w[1] == "school":
		return true
	}
	return false
}

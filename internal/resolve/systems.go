package resolve

import (
	"slices"
	"strings"

	"github.com/collabcheck/collabcheck/internal/match"
	"github.com/collabcheck/collabcheck/internal/names"
	"github.com/collabcheck/collabcheck/internal/registry"
)

// Systems of institutions ("University of Westmarch System"): authors
// name one of the system's institutions, and write the system's name
// without "System" for its flagship.

// namesSystem reports whether a display name is a system's: "System"
// ends it ("University of X System", "X Health System"), perhaps before
// an acronym in capitals ("X System DALTA"), or opens what it is a system
// of ("University System of X", "X System of Higher Education"). A field
// of study named so ("Earth System Research", "Nervous System") is none.
func namesSystem(name string) bool {
	ws := strings.Fields(name)
	for i, w := range ws {
		if !strings.EqualFold(strings.Trim(w, ",.()"), "system") {
			continue
		}
		switch {
		case i == len(ws)-1,
			i == len(ws)-2 && isCapsAcronym(ws[i+1]),
			strings.EqualFold(ws[i+1], "of"):
			return true
		}
	}
	return false
}

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
	if info == nil || !info.saysSystem {
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
// holds ("X University" beside "X University System") is left to it:
// derived notes the names, and the caller drops those taken.
func unwrittenSystemNames(orgs []registry.Org, derived *derivedNames) map[string]string {
	out := map[string]string{}
	for i := range orgs {
		o := &orgs[i]
		if d := o.DisplayName(); slices.Contains(o.Types, "education") && strings.HasSuffix(d, " System") {
			out[o.ID] = strings.TrimSuffix(d, " System")
			derived.add(out[o.ID])
		}
	}
	return out
}

// medicalSchoolSuffixes are the words a registry name of a university's
// medical school adds to the university's name ("X University School of
// Medicine"), as written and as tokens.
var (
	medicalSchoolSuffixes = []string{"School of Medicine", "College of Medicine", "Medical School"}
	medicalSchoolTokens   = func() [][]names.Token {
		out := make([][]names.Token, len(medicalSchoolSuffixes))
		for i, s := range medicalSchoolSuffixes {
			out[i] = names.Tokenize(s)
		}
		return out
	}()
)

// medicalUnitWords are the canonical words of a clinical department's
// name ("Department of Pediatrics", "Division of Cardiology").
var medicalUnitWords = map[string]bool{
	"medicine": true, "pediatrics": true, "surgery": true, "radiology": true, "pathology": true,
	"psychiatry": true, "neurology": true, "oncology": true, "cardiology": true, "anesthesiology": true,
	"obstetrics": true, "gynecology": true, "ophthalmology": true, "dermatology": true, "urology": true,
	"orthopedics": true, "orthopaedics": true, "neurosurgery": true, "otolaryngology": true,
}

// medicalSchoolOf returns, for a party naming a clinical unit ("Department
// of Pediatrics, University of Westmarch") beside a university m fits by a
// name that leaves its display name's own words unwritten (another
// campus's town, say), the organisation the registry names "<the name as
// written> School of Medicine" (or College of Medicine, Medical School),
// when that name reads as it alone: a system's medical school is one
// campus's, often not the one the bare name fits ("University of
// Westmarch" for its Northby campus; "University of Westmarch School of
// Medicine" a record of its Eastport one). A withdrawn school stands for
// its parent (see chosen).
func (r *Resolver) medicalSchoolOf(a *names.Affiliation, m match.Match, opt Options) (match.Match, bool) {
	if !slices.ContainsFunc(a.Segments, func(s names.Segment) bool {
		return s.Role == names.RoleDept && slices.ContainsFunc(s.Tokens, func(t names.Token) bool { return medicalUnitWords[t.Text] })
	}) || !r.isEducation(m) || !r.leavesOwnWords(m, a) {
		return match.Match{}, false
	}
	at := lastSegment(m, a)
	if at < 0 || a.Segments[at].Role != names.RoleName {
		return match.Match{}, false
	}
	seg := a.Segments[at]
	for i, suffix := range medicalSchoolSuffixes {
		if !r.ix.IsName(slices.Concat(seg.Tokens, medicalSchoolTokens[i])) {
			continue
		}
		ps := r.Parties(strings.TrimSpace(seg.Text) + " " + suffix)
		if len(ps) != 1 {
			continue
		}
		ps[0].Countries = a.Countries
		if picked := r.resolveParty(&ps[0], opt); len(picked) == 1 && picked[0].SourceID != m.SourceID && exactOnly(picked[0]) && !leavesWords(picked[0], nil) {
			return picked[0], true
		}
	}
	return match.Match{}, false
}

package resolve

// What a party writes: its names written out, and the words a match
// aligned.

import (
	"slices"
	"strings"

	"github.com/collabcheck/collabcheck/internal/match"
	"github.com/collabcheck/collabcheck/internal/names"
)

// lazyWritten computes a party's written names on first use: pick needs
// them only when two candidates clash.
type lazyWritten struct {
	a    *names.Affiliation
	done bool
	m    map[string]bool
	// codes are the research units' codes the party writes, read on
	// first use (see unitCodes).
	codes     []string
	codesRead bool
}

func (l *lazyWritten) names() map[string]bool {
	if !l.done {
		l.m, l.done = writtenNames(l.a), true
	}
	return l.m
}

// unitCodes returns the research units' codes the party writes (see
// writtenUnitCodes): only a clash of namesakes asks.
func (l *lazyWritten) unitCodes() []string {
	if !l.codesRead {
		l.codes, l.codesRead = writtenUnitCodes(l.a), true
	}
	return l.codes
}

// writtenUnitCodes returns the research units' codes party a writes in
// any of its segments ("UMR 7332", "CNRS UMR 7332"), as token keys, both
// spaced and run together as the registry may hold them.
func writtenUnitCodes(a *names.Affiliation) []string {
	var out []string
	if a == nil {
		return out
	}
	for _, s := range a.Segments {
		eachUnitCode(s.Tokens, func(code, number string) {
			out = append(out, code+" "+number, code+number)
		})
	}
	return out
}

// eachUnitCode calls fn with each research unit's code ts write and its
// number: spaced ("UMR 5819"), run together ("UMR5819") or with the
// code's body between ("UMR CNRS 6211", "UMR_S 1260").
func eachUnitCode(ts []names.Token, fn func(code, number string)) {
	for i, t := range ts {
		if code, number, ok := gluedUnitCode(t.Text); ok {
			fn(code, number)
			continue
		}
		if !unitCodes[t.Text] {
			continue
		}
		for _, k := range []int{i + 1, i + 2} {
			if k < len(ts) && names.IsDigits(ts[k].Text) {
				fn(t.Text, ts[k].Text)
				break
			}
		}
	}
}

// gluedUnitCode splits w, a normalised word, into a research unit's code
// and its number when it writes them run together ("umr7332").
func gluedUnitCode(w string) (code, number string, ok bool) {
	k := strings.IndexFunc(w, func(c rune) bool { return c >= '0' && c <= '9' })
	if k <= 0 || !unitCodes[w[:k]] || !names.IsDigits(w[k:]) {
		return "", "", false
	}
	return w[:k], w[k:], true
}

// maxCodeWords is the most words a research unit's code is written with
// ("UMR 8253 / UMRS 1151", "UMR CNRS 6211").
const maxCodeWords = 5

// isUnitCode reports whether ts, a few words, hold a research unit's code,
// spaced or run together ("UMR 5819", "UMR5819", "UMR CNRS 6211", "INSERM
// U1219").
func isUnitCode(ts []names.Token) bool {
	if len(ts) > maxCodeWords {
		return false
	}
	found := false
	eachUnitCode(ts, func(string, string) { found = true })
	return found
}

// codeWritten reports whether one of m's registry names is a research
// unit's code the party writes: a unit's number is another of its names,
// which tells namesakes apart ("Centre for X, UMR 7332" is the Centre for
// X that number names, not its namesake elsewhere).
func (r *Resolver) codeWritten(m match.Match, written *lazyWritten) bool {
	codes := written.unitCodes()
	info := r.orgs[m.SourceID]
	if len(codes) == 0 || info == nil {
		return false
	}
	return slices.ContainsFunc(nameFormsOf(info).key, func(k string) bool { return slices.Contains(codes, k) })
}

// writtenNames are the normalised texts of a party's organisation and
// department segments, and of those segments without a leading article:
// the names written out in full. A segment written with its article is
// true, for it tells the name that has the article ("The Open University")
// from the one that does not; all others are false.
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
		rest, article := strings.CutPrefix(n, "the ")
		out[n] = out[n] || article
		if article && !hasKey(out, rest) {
			out[rest] = false
		}
		// A name the address follows in the same segment, without a
		// comma ("University of Westmarch Northtown Country"), is
		// written whole, as it would be before a comma.
		if k := nameBeforeAddress(n, s); k != "" && !hasKey(out, k) {
			out[k] = false
		}
		// A name written with abbreviations ("Miami Univ.") or a
		// misspelling left as written (see abbreviates) is written out
		// as the words they stand for, in its own order.
		if s.Role == names.RoleName && abbreviates(s.Tokens) {
			if k := tokenPrefix + tokenKey(s.Tokens); !hasKey(out, k) {
				out[k] = false
			}
		}
		// An organisation segment with abbreviations is also written as
		// its text with them spelt out ("Univ. of X" is "University of
		// X", not the "Universidad de X" whose tokens are the same;
		// "Univ. Medical Center X" is "University Medical Center X",
		// whatever the parser read of its words).
		if s.Role == names.RoleName {
			if x := spelledOut(rest, s.Tokens); x != rest && !hasKey(out, x) {
				out[x] = false
			}
		}
		// An organisation's name run together with its unit ("University
		// of Westbrook Smithers School of Medicine") is written out in its own
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

// nameBeforeAddress returns the words of n, segment s's normalised text,
// before the address its last tokens are ("university of westmarch" of
// "University of Westmarch Northtown Country"), when every token before
// is the organisation's name, two at least, and the address's tokens are
// the text's last words as written; else "".
func nameBeforeAddress(n string, s names.Segment) string {
	ts := s.Tokens
	if s.Role != names.RoleName || len(ts) < 3 || ts[len(ts)-1].Role != names.RoleAddress {
		return ""
	}
	k := len(ts)
	for k > 0 && ts[k-1].Role == names.RoleAddress {
		k--
	}
	if k < 2 || slices.ContainsFunc(ts[:k], func(t names.Token) bool { return t.Role != names.RoleName }) {
		return ""
	}
	ws := strings.Fields(n)
	tail := len(ts) - k
	if len(ws) <= tail {
		return ""
	}
	for i, t := range ts[k:] {
		if ws[len(ws)-tail+i] != t.Surface {
			return ""
		}
	}
	ws = ws[:len(ws)-tail]
	for len(ws) > 0 && names.IsStopword(ws[len(ws)-1]) {
		ws = ws[:len(ws)-1]
	}
	return strings.Join(ws, " ")
}

// spelledOut is n, a segment's normalised text, with each word its tokens
// read as an abbreviation replaced by the word it stands for.
func spelledOut(n string, ts []names.Token) string {
	if !slices.ContainsFunc(ts, func(t names.Token) bool { return t.How == names.HowAbbreviation }) {
		return n // most segments: nothing to split and join
	}
	ws := strings.Fields(n)
	changed := false
	for i, w := range ws {
		for _, t := range ts {
			if t.How == names.HowAbbreviation && t.Surface == w {
				ws[i], changed = t.Text, true
				break
			}
		}
	}
	if !changed {
		return n
	}
	return strings.Join(ws, " ")
}

// tokenPrefix marks the written names that are the token sequence of an
// organisation segment written with abbreviations.
const tokenPrefix = "\x01"

// unitPrefix marks the written names that are the token sequence of an
// organisation's words inside a segment that also names a unit.
const unitPrefix = "\x00"

// How a candidate's name is written in a party: not at all, as the
// organisation's words before a unit in the same segment, as a whole
// segment once a leading article is set aside on either side, or as a
// whole segment written with its article ("The Open University", not
// "Open University").
const (
	notWritten = iota
	writtenBeforeUnit
	writtenWhole
	writtenExact
)

// writtenOut tells how one of m's registry names (the one matched first)
// is among the written names.
func (r *Resolver) writtenOut(written map[string]bool, m match.Match) int {
	if len(written) == 0 {
		return notWritten
	}
	units, abbreviated := false, false
	for k := range written {
		units = units || strings.HasPrefix(k, unitPrefix)
		abbreviated = abbreviated || strings.HasPrefix(k, tokenPrefix)
	}
	// level reads a name's normalised text, and the key of its tokens
	// (read only when the string has such keys).
	level := func(n, key string) int {
		switch {
		case written[n]:
			return writtenExact
		case wholeSegment(written, n):
			return writtenWhole
		case abbreviated && hasKey(written, tokenPrefix+key):
			// Its words as the tokens of an abbreviated segment, which
			// names in other languages share ("Univ. of X" and
			// "Universidad de X"): less than the name spelt out.
			return writtenBeforeUnit
		case units && written[unitPrefix+key]:
			return writtenBeforeUnit
		}
		return notWritten
	}
	info := r.orgs[m.SourceID]
	var forms *nameForms
	matched := -1
	if info != nil {
		forms = nameFormsOf(info)
		matched = slices.Index(info.names, m.MatchedName)
	}
	var best int
	if matched >= 0 {
		best = level(forms.norm[matched], forms.key[matched])
	} else {
		key := ""
		if abbreviated || units {
			key = tokenKey(names.Tokenize(m.MatchedName))
		}
		best = level(names.Normalize(m.MatchedName), key)
	}
	if info != nil && best < writtenExact {
		for k, n := range info.names {
			if n != m.MatchedName {
				best = max(best, level(forms.norm[k], forms.key[k]))
			}
		}
	}
	return best
}

// writtenWithoutCountry reports whether one of m's registry names ends
// with a country's name ("University of X Australia") and the string
// writes the rest as a whole segment, whose words are those m aligned.
// pick asks it only of unrelated namesakes: a branch named by its
// parent's name and a country ("X Germany" of X) is not one.
func (r *Resolver) writtenWithoutCountry(written map[string]bool, m match.Match) bool {
	info := r.orgs[m.SourceID]
	if info == nil {
		return false
	}
	aligned := alignedWords(m)
	forms := nameFormsOf(info)
	return slices.ContainsFunc(forms.norm, func(n string) bool {
		rest := withoutCountry(n)
		if rest == "" || !wholeSegment(written, rest) {
			return false
		}
		ts := names.Tokenize(rest)
		return len(ts) == len(aligned) && !slices.ContainsFunc(ts, func(t names.Token) bool { return !aligned.has(t.Surface) })
	})
}

// withoutCountry returns the normalised name n without the country name
// that ends it ("university of x australia"), or "" when none does.
// Two- and three-letter words are left: they are as often codes or
// initials as countries.
func withoutCountry(n string) string {
	for k, i := 0, len(n); k < 2; k++ {
		i = strings.LastIndexByte(n[:i], ' ')
		if i <= 0 {
			return ""
		}
		// A country's name, not a code ("ELIXIR-DE" is not ELIXIR).
		if w := n[i+1:]; len(w) >= 4 {
			if _, ok := names.CountryCode(w); ok {
				return n[:i]
			}
		}
	}
	return ""
}

// wordSet is a set of a few query words, each once, in no particular
// order. A match aligns a handful of words, and choosing among a party's
// candidates builds and compares such sets many times per string: a
// slice scan is cheaper than a map there and allocates once.
type wordSet []string

// has reports whether w is in the set.
func (s wordSet) has(w string) bool { return slices.Contains(s, w) }

// add returns the set with w in it.
func (s wordSet) add(w string) wordSet {
	if s.has(w) {
		return s
	}
	return append(s, w)
}

// wordSetRoom is the room a word set starts with. A constant room lets
// the compiler keep the set of a call that does not keep it (most of
// pick's and the readings' dozens per string) on the stack; a match that
// aligns more words grows it as append does.
const wordSetRoom = 16

// alignedWords are the query words a match aligned.
func alignedWords(m match.Match) wordSet {
	out := make(wordSet, 0, wordSetRoom)
	for _, e := range m.Explanation {
		if e.Query != "" && e.List != "" {
			out = out.add(e.Query)
		}
	}
	return out
}

// addressRole is names.RoleAddress as explanations write it.
var addressRole = names.RoleAddress.String()

// countryRole is names.RoleCountry as explanations write it.
var countryRole = names.RoleCountry.String()

// countryAdjective reports whether m aligned the party's country with
// another word of its name, the country's adjective ("China" with the
// "Chinese" of "Westport University of Chinese Medicine"), as the index
// reads both as one token.
func countryAdjective(m match.Match) bool {
	for _, e := range m.Explanation {
		if e.Role == countryRole && e.List != "" && e.List != e.Query {
			return true
		}
	}
	return false
}

// withoutCountryAdjective returns words, m's aligned words, without the
// country countryAdjective finds, unless another of the party's words
// aligned is written so too: the country says where the party is, not
// which organisation it names. It reuses words' array.
func withoutCountryAdjective(words wordSet, m match.Match) wordSet {
	return slices.DeleteFunc(words, func(w string) bool {
		adjective, other := false, false
		for _, e := range m.Explanation {
			if e.Query != w || e.List == "" {
				continue
			}
			if e.Role == countryRole && e.List != e.Query {
				adjective = true
			} else {
				other = true
			}
		}
		return adjective && !other
	})
}

// nameWords are the query words a match aligned that the party does not
// write as its address: those naming the organisation, not where it is
// ("Northtown" of "Westland University Northtown" for "…, Northtown").
// It is alignedWords with a filter, written apart so that alignedWords,
// called dozens of times per string, stays small enough to inline (its
// set then lives on the caller's stack).
func nameWords(m match.Match) wordSet {
	out := make(wordSet, 0, wordSetRoom)
	for _, e := range m.Explanation {
		if e.Query != "" && e.List != "" && e.Role != addressRole {
			out = out.add(e.Query)
		}
	}
	return out
}

// sameWords reports whether two word sets are equal and not empty.
func sameWords(a, b wordSet) bool {
	return len(a) > 0 && len(a) == len(b) && subset(a, b)
}

// subset reports whether every word of a is in b.
func subset(a, b wordSet) bool {
	for _, k := range a {
		if !b.has(k) {
			return false
		}
	}
	return true
}

// distinctiveWords are the query words a match aligned, other than common
// institutional vocabulary.
func distinctiveWords(m match.Match) wordSet {
	// Made here, in a function small enough to be inlined, the set
	// stays on the caller's stack when the caller does not keep it.
	return appendDistinctive(make(wordSet, 0, wordSetRoom), m)
}

// appendDistinctive adds distinctiveWords(m) to out. It is not inlined,
// so that distinctiveWords is.
//
//go:noinline
func appendDistinctive(out wordSet, m match.Match) wordSet {
	for _, e := range m.Explanation {
		if e.Query != "" && e.List != "" && !names.IsGeneric(e.Token) {
			out = out.add(e.Query)
		}
	}
	return out
}

// abbreviates reports whether a segment of only the organisation's own
// words writes one of them abbreviated ("Univ.", "Inst.") or misspelt as
// a registry name or two misspell it too ("Univesity", which the
// respelling therefore leaves as written); not a spelling of its own
// ("Centre").
func abbreviates(ts []names.Token) bool {
	abbr := false
	for _, t := range ts {
		if t.Role != names.RoleName {
			return false
		}
		abbr = abbr || t.How == names.HowAbbreviation || t.How == names.HowSpelling && misspelt(t.Surface)
	}
	return abbr
}

// misspelt reports whether w, a word's surface, is an institutional word
// misspelt (see names.MisspeltWord).
func misspelt(w string) bool {
	_, ok := names.MisspeltWord(w)
	return ok
}

// wholeSegment reports whether the normalised name n is a whole segment of
// the party, a leading article set aside on either side.
func wholeSegment(written map[string]bool, n string) bool {
	rest, _ := strings.CutPrefix(n, "the ")
	return hasKey(written, n) || hasKey(written, rest)
}

// hasKey reports whether m holds k, whatever its value.
func hasKey(m map[string]bool, k string) bool {
	_, ok := m[k]
	return ok
}

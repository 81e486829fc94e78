package match

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/collabcheck/collabcheck/internal/names"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// DefaultThreshold is the score at or above which a candidate is reported
// as a hit. It is tuned on development sets for high recall of listed
// institutions with few false positives on look-alikes.
const DefaultThreshold = 0.80

// DefaultLimit is how many candidates a screen returns by default.
const DefaultLimit = 5

// MaxQueryBytes is the longest query accepted. Longer input is rejected
// rather than truncated, so that a result is never silently partial.
const MaxQueryBytes = 4096

// Errors the screen returns for unusable queries.
var (
	ErrEmptyQuery   = errors.New("query has no name characters")
	ErrQueryTooLong = fmt.Errorf("query longer than %d bytes", MaxQueryBytes)
	ErrInvalidUTF8  = errors.New("query is not valid UTF-8")
)

// Options tune one screen.
type Options struct {
	// Threshold is the hit threshold; 0 means DefaultThreshold.
	Threshold float64
	// Limit caps the number of results; 0 means DefaultLimit.
	Limit int
	// Country is an ISO 3166-1 alpha-2 code or a country name; it adds to
	// the country evidence found in the query itself.
	Country string
	// Kind, when set, screens only entities of that kind.
	Kind watchlist.Kind
}

// Step is one link of the path from a matched entity to a listed party.
type Step struct {
	Relation string `json:"relation"`
	List     string `json:"list,omitempty"`
	SourceID string `json:"source_id,omitempty"`
	Name     string `json:"name"`
}

// Evidence is one item of a match's explanation: a query token aligned
// with a list token (and how), a token left unaligned on one side, or a
// feature such as country agreement.
type Evidence struct {
	Query      string  `json:"query,omitempty"`
	List       string  `json:"list,omitempty"`
	Token      string  `json:"token,omitempty"`
	How        string  `json:"how"`
	Similarity float64 `json:"similarity,omitempty"`
	Weight     float64 `json:"weight"`
	Role       string  `json:"role,omitempty"`
	Note       string  `json:"note,omitempty"`
}

// Match is one screened candidate.
type Match struct {
	List        string                 `json:"list"`
	SourceID    string                 `json:"source_id"`
	Name        string                 `json:"name"`
	MatchedName string                 `json:"matched_name"`
	Kind        watchlist.Kind         `json:"kind"`
	Score       float64                `json:"score"`
	Match       bool                   `json:"match"`
	Via         []Step                 `json:"via"`
	Explanation []Evidence             `json:"explanation"`
	Countries   []string               `json:"countries,omitempty"`
	Memberships []watchlist.Membership `json:"memberships,omitempty"`
}

// CheckQuery reports why q cannot be screened (ErrQueryTooLong,
// ErrInvalidUTF8, ErrEmptyQuery), or nil. Every interface validates with
// it, so limits are the same everywhere.
func CheckQuery(q string) error { return checkQuery(q) }

func checkQuery(q string) error {
	if len(q) > MaxQueryBytes {
		return ErrQueryTooLong
	}
	if !utf8.ValidString(q) {
		return ErrInvalidUTF8
	}
	if names.Normalize(q) == "" {
		return ErrEmptyQuery
	}
	return nil
}

// variant is one reading of the query to score candidates against: the
// whole of one party's text, or one organisation segment of it alone.
type variant struct {
	toks      []side
	ids       []int32 // vocabulary id per token, -1 when unknown
	countries []string
	aside     bool // only a parenthetical: an acronym or alias on its own
	hasName   bool // some token names or departs; else address words stand for the name
	// sharesWith is the index of the variant whose candidates this one
	// scores (its organisation words are a subset of that one's), or -1.
	sharesWith int
}

type scratch struct {
	acc     []float32
	touched []uint32
	cands   []cand
}

// candidateLimit is how many names per variant are scored precisely.
const candidateLimit = 32

// Screen matches q, a name or an affiliation string, against the index and
// returns the best candidates, best first. Each carries its explanation.
func (ix *Index) Screen(q string, opt Options) ([]Match, error) {
	if err := checkQuery(q); err != nil {
		return nil, err
	}
	if opt.Threshold <= 0 {
		opt.Threshold = DefaultThreshold
	}
	if opt.Limit <= 0 {
		opt.Limit = DefaultLimit
	}
	variants := ix.variants(q, opt.Country)
	exp := map[string]map[uint32]names.TokenSim{}
	type best struct {
		score float64
		v     int
		name  uint32
		al    alignment
		cf    countryFeature
	}
	bests := map[uint32]*best{}
	sc := ix.scratch.Get().(*scratch)
	defer ix.scratch.Put(sc)
	// Variants with the same name words (a whole affiliation and its
	// organisation words alone) share one candidate set.
	candCache := map[string][]uint32{}
	for vi := range variants {
		v := &variants[vi]
		for i, t := range v.toks {
			if _, ok := exp[t.text]; !ok {
				exp[t.text] = ix.expand(t.text)
			}
			// An unknown word that is a typo or abbreviation of a listed
			// word weighs what that word weighs, not what a rare word does.
			if v.ids[i] < 0 {
				if w, ok := ix.expansionWeight(exp[t.text]); ok {
					v.toks[i].w = w
				}
			}
		}
		key := candidateKey(v)
		if v.sharesWith >= 0 {
			key = candidateKey(&variants[v.sharesWith])
		}
		cands, ok := candCache[key]
		if !ok {
			cands = ix.candidates(v, exp, sc)
			candCache[key] = cands
		}
		for _, nid := range cands {
			nr := &ix.names[nid]
			ent := &ix.entities[nr.entity]
			if opt.Kind != "" && ent.kind != opt.Kind {
				continue
			}
			al := ix.alignName(v, nr, exp, ent.kind == watchlist.KindPerson)
			score, cf := adjust(al, v, nr, ent, ix)
			if b, ok := bests[nr.entity]; !ok || score > b.score {
				bests[nr.entity] = &best{score: score, v: vi, name: nid, al: al, cf: cf}
			}
		}
	}
	keys := make([]uint32, 0, len(bests))
	for k := range bests {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := bests[keys[i]], bests[keys[j]]
		if a.score != b.score {
			return a.score > b.score
		}
		ea, eb := &ix.entities[keys[i]], &ix.entities[keys[j]]
		if ea.list != eb.list {
			return ea.list < eb.list
		}
		return ea.sourceID < eb.sourceID
	})
	ix.preferSpecific(keys, func(k uint32) float64 { return bests[k].score })
	if len(keys) > opt.Limit {
		keys = keys[:opt.Limit]
	}
	out := make([]Match, 0, len(keys))
	for _, k := range keys {
		b := bests[k]
		e := &ix.entities[k]
		nr := &ix.names[b.name]
		m := Match{
			List: e.list, SourceID: e.sourceID, Name: e.name, MatchedName: nr.value, Kind: e.kind,
			Score: round(b.score), Match: b.score >= opt.Threshold, Via: ix.via(k),
			Countries: e.countries, Memberships: e.memberships,
		}
		m.Explanation = ix.explain(&variants[b.v], nr, b.al, b.cf)
		out = append(out, m)
	}
	return out, nil
}

// variants parses q into the readings to score.
func (ix *Index) variants(q, country string) []variant {
	var out []variant
	extra := countryCode(country)
	for _, a := range names.ParseAffiliations(q) {
		countries := a.Countries
		if extra != "" {
			countries = append([]string{extra}, countries...)
		}
		all := a.Tokens()
		whole := ix.variantOf(all, countries)
		wholeAt := len(out)
		if len(whole.toks) > 0 {
			out = append(out, whole)
		}
		// The organisation and department words without the address and
		// country, so a listed sub-unit is not marked down for them.
		if unit := withRoles(all, names.RoleName, names.RoleDept); len(unit) > 0 && len(unit) < len(all) && len(withRoles(all, names.RoleName)) < len(unit) {
			uv := ix.variantOf(unit, countries)
			uv.sharesWith = wholeAt
			out = append(out, uv)
		}
		// The organisation's own words alone, without the department,
		// address and country around them.
		if core := withRoles(all, names.RoleName); len(core) > 0 && len(core) < len(all) {
			cv := ix.variantOf(core, countries)
			if len(whole.toks) > 0 {
				cv.sharesWith = wholeAt
			}
			out = append(out, cv)
		}
		nameSegs := 0
		for _, s := range a.Segments {
			if s.Role == names.RoleName {
				nameSegs++
			}
		}
		for i, s := range a.Segments {
			switch {
			case s.Role == names.RoleName && nameSegs > 1 && len(a.Segments) > 1:
				out = append(out, ix.variantOf(s.Tokens, countries))
				// A name written across a comma ("University of
				// California, Berkeley"): the segment with a short next one.
				if i+1 < len(a.Segments) && a.Segments[i+1].Role == names.RoleName && len(a.Segments[i+1].Tokens) <= 3 {
					joined := append(append([]names.Token(nil), s.Tokens...), a.Segments[i+1].Tokens...)
					out = append(out, ix.variantOf(joined, countries))
				}
			case s.Role == names.RoleAside && (looksLikeAcronym(s.Text) || namesOrganisation(s.Tokens)):
				v := ix.variantOf(names.WithRole(s.Tokens, names.RoleName), countries)
				v.aside = true
				out = append(out, v)
			}
		}
	}
	return out
}

// looksLikeAcronym reports whether a parenthetical is an acronym such as
// "(BUAA)", worth screening on its own, rather than a place or a note.
func looksLikeAcronym(s string) bool {
	s = strings.TrimSpace(s)
	if len(s) < 2 || len(s) > 10 {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '&') {
			return false
		}
	}
	return true
}

// withRoles keeps the tokens whose role is one of roles.
func withRoles(ts []names.Token, roles ...names.Role) []names.Token {
	var out []names.Token
	for _, t := range ts {
		if slices.Contains(roles, t.Role) {
			out = append(out, t)
		}
	}
	return out
}

func (ix *Index) variantOf(ts []names.Token, countries []string) variant {
	v := variant{countries: countries, sharesWith: -1}
	for _, t := range ts {
		id := int32(-1)
		if x, ok := ix.vocab[t.Text]; ok {
			id = int32(x)
		}
		v.toks = append(v.toks, side{text: t.Text, surface: t.Surface, how: t.How, role: t.Role, legal: t.Legal, w: ix.weight(id, t.Legal)})
		v.hasName = v.hasName || t.Role == names.RoleName || t.Role == names.RoleDept
		v.ids = append(v.ids, id)
	}
	return v
}

// expand finds the vocabulary tokens a query token may align with: itself,
// related words, nickname forms, tokens it abbreviates, typo neighbours
// and tokens that sound alike.
func (ix *Index) expand(t string) map[uint32]names.TokenSim {
	out := map[uint32]names.TokenSim{}
	add := func(id uint32, s names.TokenSim) {
		if s.Sim > out[id].Sim {
			out[id] = s
		}
	}
	id, known := ix.vocab[t]
	if known {
		add(id, names.TokenSim{Sim: names.SimExact, How: names.HowExact})
	}
	for _, r := range names.RelatedTo(t) {
		if id, ok := ix.vocab[r]; ok {
			add(id, names.TokenSim{Sim: names.SimRelated, How: names.HowRelated})
		}
	}
	if f := names.Nickname(t); true {
		if id, ok := ix.vocab[f]; ok && f != t {
			add(id, names.TokenSim{Sim: names.SimNickname, How: names.HowNickname})
		}
		for _, id := range ix.nicks[f] {
			if ix.tokens[id] != t {
				add(id, names.TokenSim{Sim: names.SimNickname, How: names.HowNickname})
			}
		}
	}
	if len(t) >= 3 && !names.IsDigits(t) && !known {
		for _, id := range ix.prefixed(t, 64) {
			if ix.tokens[id] != t {
				add(id, names.TokenSim{Sim: names.SimAbbreviation, How: names.HowAbbreviation})
			}
		}
	}
	if len(t) >= 4 && !names.IsDigits(t) {
		if !known {
			ix.typoNeighbours(t, add)
		}
		if k := names.Skeleton(t); len(k) >= 3 && (!known || len(ix.skel[k]) <= maxSkeletonBucket) {
			for _, id := range ix.skel[k] {
				if ix.tokens[id] != t && names.SoundsAlike(t, ix.tokens[id]) {
					add(id, names.TokenSim{Sim: names.SimTranslit, How: names.HowTransliterated})
				}
			}
		}
	}
	return out
}

// expansionWeight is the weight of the best-aligned token an unknown query
// word expands to; ok is false when it expands to nothing.
func (ix *Index) expansionWeight(e map[uint32]names.TokenSim) (float64, bool) {
	best, w := 0.0, 0.0
	for id, s := range e {
		tw := float64(ix.idf[id])
		if s.Sim > best || (s.Sim == best && tw > w) {
			best, w = s.Sim, tw
		}
	}
	return w, best > 0
}

// maxSkeletonBucket bounds the sound-alike search for a word the lists
// already contain: a skeleton shared by more words than this (common in
// pinyin) says little, and checking each costs an edit distance.
const maxSkeletonBucket = 64

// maxGramPosting skips trigrams shared by too many vocabulary tokens when
// looking for two-edit typo neighbours; they discriminate little and cost
// much.
const maxGramPosting = 2000

// minTwoEditLen is the shortest unknown word searched for two-edit typos.
const minTwoEditLen = 8

// typoNeighbours reports vocabulary tokens within edit distance of t. One
// edit is found through the deletion index: t and a token one edit apart
// share t itself, the token, or a one-deletion form. Two edits, allowed
// only in long words, are found through shared trigrams.
func (ix *Index) typoNeighbours(t string, add func(uint32, names.TokenSim)) {
	found := false
	check := func(id uint32) {
		if s := names.Compare(t, ix.tokens[id]); s.How == names.HowTypo {
			add(id, s)
			found = true
		}
	}
	checkForm := func(fi uint32) {
		f := ix.forms[fi]
		if s := names.Compare(t, f.text); s.How == names.HowTypo {
			add(f.token, s)
			found = true
		}
	}
	for _, fi := range ix.dels[t] {
		checkForm(fi)
	}
	for _, d := range deletions(t) {
		if id, ok := ix.vocab[d]; ok {
			check(id)
		}
		for _, fi := range ix.dels[d] {
			checkForm(fi)
		}
	}
	if found || len(t) < minTwoEditLen {
		return
	}
	counts := map[uint32]int{}
	gs := trigrams(t)
	for _, g := range gs {
		p := ix.grams[g]
		if len(p) > maxGramPosting {
			continue
		}
		for _, id := range p {
			counts[id]++
		}
	}
	need := max(len(gs)-6, 2) // two edits destroy at most six padded trigrams
	for id, c := range counts {
		if c >= need {
			check(id)
		}
	}
}

// deletions returns t with each one character removed, for tokens long
// enough to have typos recognised (see names.Compare).
func deletions(t string) []string {
	rs := []rune(t)
	if len(rs) < 4 {
		return nil
	}
	out := make([]string, 0, len(rs))
	for i := range rs {
		d := string(rs[:i]) + string(rs[i+1:])
		if len(out) == 0 || out[len(out)-1] != d {
			out = append(out, d)
		}
	}
	return out
}

// Candidate generation limits. Only tokens in at most genCap names (or
// genShare of all names, whichever is larger) open new candidates; more
// common tokens add to candidates already found. When a query has no such
// token, its rarest token opens them.
const (
	genCap   = 1500
	genShare = 0.002
	// preselect is how many candidates, ranked by rare-token evidence,
	// are re-ranked with the common tokens before precise scoring.
	preselect = 4 * candidateLimit
)

type cand struct {
	id uint32
	v  float32
}

// candidates returns the names most likely to score well against v.
func (ix *Index) candidates(v *variant, exp map[string]map[uint32]names.TokenSim, sc *scratch) []uint32 {
	limit := max(genCap, int(genShare*float64(len(ix.names))))
	type term struct {
		id    uint32
		w     float32
		q     int  // index of the query token it expands
		exact bool // the query token itself, not a variant of it
	}
	var gen, common []term
	rarest, rarestDF := term{}, -1
	var qw float32
	for qi, t := range v.toks {
		if !generates(t, v) {
			continue
		}
		qw += float32(t.w)
		for id, s := range exp[t.text] {
			w := ix.idf[id] * float32(s.Sim)
			if t.role != names.RoleName && !v.aside {
				w *= 0.5
			}
			df := len(ix.postings[id])
			tm := term{id: id, w: w, q: qi, exact: s.Sim == names.SimExact}
			if df <= limit {
				gen = append(gen, tm)
			} else {
				common = append(common, tm)
				if rarestDF < 0 || df < rarestDF {
					rarest, rarestDF = tm, df
				}
			}
		}
	}
	// A query word the lists do not know (a typo, an abbreviation) is
	// found through its variants; only when every word is known and none
	// is rare are the words themselves intersected.
	exactGen, allKnown := false, true
	for _, g := range gen {
		exactGen = exactGen || g.exact
	}
	for qi, t := range v.toks {
		if generates(t, v) && v.ids[qi] < 0 {
			allKnown = false
		}
	}
	if (len(gen) == 0 || (!exactGen && allKnown)) && rarestDF >= 0 {
		// Every word of the query is common ("University of Science and
		// Technology of China", "National Institutes of Health"): open
		// candidates from the names holding its two rarest words together,
		// or the rarest alone, besides those its rarer variants open.
		// Only the query's own words, two different ones, are intersected:
		// a related word or a variant would open the wrong names.
		var exact []term
		for _, c := range common {
			if c.exact {
				exact = append(exact, c)
			}
		}
		sort.Slice(exact, func(i, j int) bool {
			di, dj := len(ix.postings[exact[i].id]), len(ix.postings[exact[j].id])
			if di != dj {
				return di < dj
			}
			return exact[i].id < exact[j].id
		})
		second := -1
		for i := 1; i < len(exact); i++ {
			if exact[i].q != exact[0].q && exact[i].id != exact[0].id {
				second = i
				break
			}
		}
		if second > 0 {
			w := exact[0].w + exact[second].w
			intersect(ix.postings[exact[0].id], ix.postings[exact[second].id], func(nid uint32) {
				if sc.acc[nid] == 0 {
					sc.touched = append(sc.touched, nid)
				}
				sc.acc[nid] += w
			})
			used := map[uint32]bool{exact[0].id: true, exact[second].id: true}
			rest := common[:0]
			for _, c := range common {
				if !used[c.id] {
					rest = append(rest, c)
				}
			}
			common = rest
		}
		if len(sc.touched) == 0 && len(gen) == 0 {
			gen = append(gen, rarest)
		}
	}
	for _, g := range gen {
		for _, nid := range ix.postings[g.id] {
			if sc.acc[nid] == 0 {
				sc.touched = append(sc.touched, nid)
			}
			sc.acc[nid] += g.w
		}
	}
	// Preselect by a Dice-like bound over the generating words, so that
	// when many names share them the shortest come first.
	cs := sc.cands[:0]
	for _, nid := range sc.touched {
		cs = append(cs, cand{nid, 2 * sc.acc[nid] / (qw + ix.names[nid].weight + 1e-6)})
		sc.acc[nid] = 0
	}
	sc.touched = sc.touched[:0]
	sc.cands = cs[:0] // keep the grown buffer for the next query
	cs = topK(cs, preselect)
	for i := range cs {
		cs[i].v = cs[i].v * (qw + ix.names[cs[i].id].weight + 1e-6) / 2 // back to the raw sum
	}
	// Add the common tokens' evidence by looking them up among each
	// candidate's own tokens (a few per name, where a search of the long
	// postings would cost a cache miss per step), then rank by a Dice-like
	// bound so short exact names beat long ones that merely contain the
	// query's words.
	var boost map[uint32]float32
	if len(common) > 0 {
		boost = make(map[uint32]float32, len(common))
		for _, c := range common {
			if len(gen) == 1 && c == gen[0] {
				continue
			}
			boost[c.id] = max(boost[c.id], c.w)
		}
	}
	for i := range cs {
		if len(boost) > 0 {
			toks := ix.names[cs[i].id].toks
			for j, t := range toks {
				if w, ok := boost[t]; ok && !slices.Contains(toks[:j], t) {
					cs[i].v += w
				}
			}
		}
		cs[i].v = 2 * cs[i].v / (qw + ix.names[cs[i].id].weight + 1e-6)
	}
	cs = topK(cs, candidateLimit)
	out := make([]uint32, len(cs))
	for i, c := range cs {
		out[i] = c.id
	}
	return out
}

// generates reports whether a query token takes part in candidate
// generation: the organisation's own words do; department, address and
// country words only count when candidates are scored.
func generates(t side, v *variant) bool {
	return t.role == names.RoleName || t.role == names.RoleDept || v.aside || !v.hasName
}

// candidateKey identifies the words that generate a variant's candidates.
func candidateKey(v *variant) string {
	var b strings.Builder
	for _, t := range v.toks {
		if generates(t, v) {
			b.WriteString(t.text)
			b.WriteByte(0)
		}
	}
	if v.aside || !v.hasName {
		b.WriteString("\x01")
	}
	return b.String()
}

// topK returns the k best candidates (by v, then id), in that order.
func topK(cs []cand, k int) []cand {
	less := func(a, b cand) bool {
		if a.v != b.v {
			return a.v > b.v
		}
		return a.id < b.id
	}
	cmp := func(a, b cand) int {
		switch {
		case less(a, b):
			return -1
		case less(b, a):
			return 1
		}
		return 0
	}
	if len(cs) > 4*k {
		// Partial selection: keep a bounded set by a threshold found
		// from a sample would be faster, but a heap is simple and exact.
		h := make([]cand, 0, k)
		for _, c := range cs {
			if len(h) < k {
				h = append(h, c)
				if len(h) == k {
					slices.SortFunc(h, cmp)
				}
				continue
			}
			if !less(c, h[k-1]) {
				continue
			}
			i := sort.Search(k, func(i int) bool { return less(c, h[i]) })
			copy(h[i+1:], h[i:k-1])
			h[i] = c
		}
		cs = h
	}
	slices.SortFunc(cs, cmp)
	if len(cs) > k {
		cs = cs[:k]
	}
	return cs
}

// intersect calls fn for every id in both sorted lists. It steps through
// the shorter list and gallops through the longer one, so the cost grows
// with the shorter list.
func intersect(a, b []uint32, fn func(uint32)) {
	if len(a) > len(b) {
		a, b = b, a
	}
	j := 0
	for _, x := range a {
		// Gallop to the first b[j] >= x.
		step := 1
		for j+step < len(b) && b[j+step] < x {
			step *= 2
		}
		lo, hi := j, min(j+step, len(b)-1)
		for lo < hi {
			mid := (lo + hi) / 2
			if b[mid] < x {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		j = lo
		if j < len(b) && b[j] == x {
			fn(x)
		}
		if j >= len(b) {
			return
		}
	}
}

// alignName aligns a query variant with one indexed name.
//
// For a person, name parts are compared strictly (names.PersonCompare): a
// one-letter difference that is not a transliteration is weak evidence,
// and a name that extends another (Ivan/Ivana) is a different name.
func (ix *Index) alignName(v *variant, nr *nameRec, exp map[string]map[uint32]names.TokenSim, person bool) alignment {
	ns := make([]side, len(nr.toks))
	for j, id := range nr.toks {
		ns[j] = side{text: ix.tokens[id], w: float64(ix.idf[id]), legal: ix.legal[id]}
	}
	return align(v.toks, ns, func(qi, nj int) names.TokenSim {
		if s, ok := exp[v.toks[qi].text][nr.toks[nj]]; ok {
			if person && s.How != names.HowExact {
				return names.PersonCompare(v.toks[qi].text, ns[nj].text)
			}
			return s
		}
		// Expansions cover the query side; what is left is an initial on
		// either side, or an abbreviation on the list's side.
		a, b := v.toks[qi].text, ns[nj].text
		switch {
		case len(a) == 1 || len(b) == 1:
			if a[0] == b[0] && !names.IsDigits(a) && !names.IsDigits(b) {
				return names.TokenSim{Sim: names.SimInitial, How: names.HowInitial}
			}
		case len(b) >= 3 && len(b) < len(a) && (len(b) <= 5 || !strings.HasPrefix(a, b)) && names.IsAbbreviation(b, a):
			return names.TokenSim{Sim: names.SimAbbreviation, How: names.HowAbbreviation}
		}
		return names.TokenSim{}
	})
}

// countryFeature records how country evidence moved a score.
type countryFeature struct {
	how    string
	factor float64
	query  string
}

// Score caps and factors for weak evidence.
const (
	// maxAcronymLen is the longest single word treated as a bare acronym
	// ("HIT", "BUAA", "Beida"); longer short names ("NJTech") are names.
	maxAcronymLen       = 5
	acronymCap          = 0.7
	acronymCountryCap   = 0.82
	countryMismatchOrg  = 0.75
	countryMismatchPers = 0.9
)

// adjust applies country evidence and the acronym cap to a raw alignment.
func adjust(al alignment, v *variant, nr *nameRec, e *entRec, ix *Index) (float64, countryFeature) {
	score := al.score
	if nr.derived {
		score *= derivedFactor
	}
	var cf countryFeature
	if len(v.countries) > 0 && len(e.countries) > 0 {
		if overlaps(v.countries, e.countries) {
			cf = countryFeature{how: "country_match", factor: 1, query: v.countries[0]}
		} else {
			f := countryMismatchOrg
			if e.kind == watchlist.KindPerson {
				f = countryMismatchPers
			}
			cf = countryFeature{how: "country_mismatch", factor: f, query: strings.Join(v.countries, ",")}
			score *= f
		}
	}
	if isAcronymOnly(al, v, nr, ix) {
		limit := acronymCap
		if cf.how == "country_match" {
			limit = acronymCountryCap
		}
		if score > limit {
			score = limit
		}
		if cf.how == "" {
			cf.how = "acronym_only"
		} else {
			cf.how += "+acronym_only"
		}
		cf.factor = limit
	}
	return score, cf
}

// isAcronymOnly reports whether the alignment rests on one short token, as
// when "HIT" meets an acronym: alone that is weak evidence.
func isAcronymOnly(al alignment, v *variant, nr *nameRec, ix *Index) bool {
	name := 0
	for _, p := range al.pairs {
		if v.toks[p.q].role == names.RoleName || v.aside {
			name++
		}
	}
	if name != 1 || len(al.pairs) == 0 {
		return false
	}
	for _, p := range al.pairs {
		if v.toks[p.q].role != names.RoleName && !v.aside {
			continue
		}
		t := ix.tokens[nr.toks[p.n]]
		return (nr.kind == watchlist.NameAcronym || len(nr.toks) == 1) && len(t) <= maxAcronymLen
	}
	return false
}

func overlaps(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

// specificEpsilon is how close a sub-unit's score must be to its parent's
// for the sub-unit to be ranked first: the more specific party named.
const specificEpsilon = 0.02

// preferSpecific reorders sorted results so that an entity comes before
// any of its ancestors that scored within specificEpsilon of it.
func (ix *Index) preferSpecific(keys []uint32, score func(uint32) float64) {
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0; j-- {
			child, parent := keys[j], keys[j-1]
			if score(parent)-score(child) > specificEpsilon || !ix.isAncestor(parent, child) {
				break
			}
			keys[j], keys[j-1] = parent, child
		}
	}
}

// isAncestor reports whether a is a parent, grandparent … of b.
func (ix *Index) isAncestor(a, b uint32) bool {
	cur := int32(b)
	for depth := 0; depth < 8; depth++ {
		ps := ix.entities[cur].parents
		if len(ps) == 0 || ps[0].entity < 0 {
			return false
		}
		cur = ps[0].entity
		if cur == int32(a) {
			return true
		}
	}
	return false
}

// via returns the path from an entity up through its listed parents.
func (ix *Index) via(id uint32) []Step {
	steps := []Step{}
	seen := map[int32]bool{int32(id): true}
	cur := int32(id)
	for depth := 0; depth < 8; depth++ {
		ps := ix.entities[cur].parents
		if len(ps) == 0 {
			break
		}
		p := ps[0]
		if p.entity < 0 {
			steps = append(steps, Step{Relation: string(p.typ), Name: p.name})
			break
		}
		if seen[p.entity] {
			break
		}
		seen[p.entity] = true
		e := &ix.entities[p.entity]
		steps = append(steps, Step{Relation: string(p.typ), List: e.list, SourceID: e.sourceID, Name: e.name})
		cur = p.entity
	}
	return steps
}

// explain turns an alignment into evidence items.
func (ix *Index) explain(v *variant, nr *nameRec, al alignment, cf countryFeature) []Evidence {
	listToks := names.Tokenize(nr.value)
	surface := func(j int) string {
		if j < len(listToks) && listToks[j].Text == ix.tokens[nr.toks[j]] {
			return listToks[j].Surface
		}
		return ix.tokens[nr.toks[j]]
	}
	out := []Evidence{}
	usedQ := map[int]bool{}
	usedN := map[int]bool{}
	for _, p := range al.pairs {
		usedQ[p.q], usedN[p.n] = true, true
		q := v.toks[p.q]
		how := string(p.sim.How)
		if p.sim.How == names.HowExact {
			if q.how != names.HowExact {
				how = string(q.how)
			} else if j := p.n; j < len(listToks) && listToks[j].How != names.HowExact && listToks[j].Text == ix.tokens[nr.toks[j]] {
				how = string(listToks[j].How)
			}
		}
		out = append(out, Evidence{
			Query: q.surface, List: surface(p.n), Token: ix.tokens[nr.toks[p.n]], How: how,
			Similarity: round(p.sim.Sim), Weight: round((q.w + float64(ix.idf[nr.toks[p.n]])) / 2), Role: q.role.String(),
		})
	}
	for i, q := range v.toks {
		if !usedQ[i] {
			out = append(out, Evidence{Query: q.surface, Token: q.text, How: "unmatched_query", Weight: round(q.w * roleFactor(q.role)), Role: q.role.String()})
		}
	}
	for j, id := range nr.toks {
		if !usedN[j] {
			out = append(out, Evidence{List: surface(j), Token: ix.tokens[id], How: "unmatched_list", Weight: round(float64(ix.idf[id]))})
		}
	}
	if cf.how != "" {
		out = append(out, Evidence{How: cf.how, Weight: round(cf.factor), Note: cf.query})
	}
	return out
}

func round(x float64) float64 { return float64(int64(x*10000+0.5)) / 10000 }

// namesOrganisation reports whether a parenthetical reads as an
// organisation's name ("(Zhejiang University)"): two words or more, one of
// them an institution word, and one that is not generic.
func namesOrganisation(ts []names.Token) bool {
	head, own := false, false
	for _, t := range ts {
		switch t.Text {
		case "university", "institute", "college", "academy", "hospital", "laboratory", "company", "corporation", "limited":
			head = true
		default:
			own = own || !names.IsGeneric(t.Text)
		}
	}
	return len(ts) >= 2 && head && own
}

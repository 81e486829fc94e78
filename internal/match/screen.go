package match

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"
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
	// LeadingMatches, when set, returns only the results before the first
	// one that is not a match, and spends no work on candidates that
	// cannot be among them. Affiliation resolution, which reads nothing
	// past the first non-match, uses it.
	LeadingMatches bool
	// TrustUniqueAcronyms, when set, lets a bare acronym that exactly
	// names one organisation's registered acronym or one-word short name
	// ("CERN", "RIKEN"), and no other's (or no other's in the countries
	// the query names), count as a match
	// (UniqueAcronymScore). Screening keeps every bare acronym below the
	// threshold; affiliation resolution, where "KAIST" or "CERN" is how
	// authors write their institution, sets it.
	TrustUniqueAcronyms bool
	// MinScore, when above zero, says results scoring below it are not
	// needed: the screen spends no work on names that cannot reach it, so
	// such a result may be left out or scored lower than a full screen
	// scores it (by a name of its that was scored). Results at or above
	// it are exact. A caller that reads only a clear leader sets it.
	MinScore float64
	// Within, when above zero, says the same of results scoring more
	// than Within below the best.
	Within float64
}

// minTrustedAcronym is the shortest acronym TrustUniqueAcronyms trusts:
// two letters are more often a state ("MD") or a country than a name.
const minTrustedAcronym = 3

// Scores of a bare acronym that only one organisation holds, without and
// with a country the query names agreeing.
const (
	UniqueAcronymScore        = 0.87
	UniqueAcronymCountryScore = 0.9
)

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
	ids       []int32      // vocabulary id per token, -1 when unknown
	exp       []*expansion // what each token may align with
	countries []string
	aside     bool // only a parenthetical: an acronym or alias on its own
	hasName   bool // some token names or departs; else address words stand for the name
	// sharesWith is the index of the variant whose candidates this one
	// scores (its organisation words are a subset of that one's), or -1.
	sharesWith int
}

// accCell is one name's evidence sum and its weight.
type accCell struct {
	sum, weight float32
}

// scratch is one screen's reusable working memory, pooled per index so
// that a screen allocates little beyond its results.
type scratch struct {
	// acc accumulates each name's evidence during candidate generation,
	// next to the name's weight so that both come in one memory access.
	// A name's cell is at its place (see Index.orderNames), and touched
	// lists the names with a cell in use.
	acc       []accCell
	touched   []walkEntry
	cands     []cand
	gen       []term
	common    []term
	exact     []term
	boost     idTable[float32] // common tokens' weights, for candidates
	candCache []candEntry
	// arenas and vbufs hold the readings of the screen in progress (index
	// cur) and of the one before it, which a screen of the same readings
	// right after it reuses (see prevScreen).
	arenas [2]variantArena
	vbufs  [2][]variant
	cur    int
	prev   prevScreen
	bound  boundInfo
	ns     []side
	al     alignBuf
	// slot maps an entity to its entry in bests plus one (0: none yet).
	slot  []int32
	bests []best
	keys  []uint32
	ids   []uint32
	// pairArena holds the alignments of the screen's best names.
	pairArena []pair
	// usedQ and usedN mark the aligned tokens of an explanation.
	usedQ, usedN []bool
	// candBuf holds the candidate lists of the screen in progress.
	candBuf []uint32
	// bitTerms, extra, extraBase and extraOrder hold the common words
	// read from bit sets and the anchor's names (see anchorRanked).
	bitTerms         []bitTerm
	extra, extraBase []cand
	extraOrder       []int32
	// touch keeps the loads that bring candidates' tokens into the cache
	// from being optimised away.
	touch uint32
}

// prevScreen is what the last screen on a scratch computed, for a screen
// of exactly the same readings right after it: Resolve screens a party a
// second time, with other options, when the first screen's matches settle
// nothing. Candidates depend only on the readings, and a name's adjusted
// score only on the reading, the name and TrustUniqueAcronyms, so both are
// taken over rather than computed again.
type prevScreen struct {
	n      int        // how many readings it had (0: nothing to reuse)
	cands  [][]uint32 // per reading, the candidate names it scored
	trust  bool       // the TrustUniqueAcronyms of the scores below
	scores []scored   // reading i's candidate k's score, at i*candidateLimit+k
}

// scored is a candidate name's adjusted score, and the bound on its
// alignment score (alignBound's or pairBound's, plus a margin), when
// computed.
type scored struct {
	ok, bounded bool
	// tight marks ub as bounded by the name's token pairs (pairBound),
	// not only by alignBound.
	tight     bool
	score, ub float64
	cf        countryFeature
}

// begin starts a new screen's readings: it returns the empty list and the
// arena to build them in, leaving the last screen's readings untouched.
func (sc *scratch) begin() ([]variant, *variantArena) {
	sc.cur ^= 1
	sc.arenas[sc.cur].reset()
	if sc.arenas[0].cache == nil {
		sc.arenas[0].cache = new(wordCache)
	}
	sc.arenas[sc.cur].cache = sc.arenas[0].cache
	return sc.vbufs[sc.cur][:0], &sc.arenas[sc.cur]
}

// sameVariants reports whether two lists of readings are the same in
// everything that candidate generation and scoring read.
func sameVariants(a, b []variant) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := &a[i], &b[i]
		if x.aside != y.aside || x.hasName != y.hasName || x.sharesWith != y.sharesWith ||
			!slices.Equal(x.toks, y.toks) || !slices.Equal(x.ids, y.ids) || !slices.Equal(x.exp, y.exp) || !slices.Equal(x.countries, y.countries) {
			return false
		}
	}
	return true
}

// best is the best-scoring name of one entity within a screen.
type best struct {
	entity uint32
	score  float64
	v      int
	name   uint32
	cf     countryFeature
	// pairs is the name's alignment, kept in the scratch's pair arena
	// when this screen aligned it (aligned); a score taken over from an
	// earlier screen has none, and its explanation aligns it again.
	pairs   []pair
	aligned bool
}

// keepPairs copies an alignment's pairs, which the next alignment
// overwrites, into the screen's pair arena.
func (sc *scratch) keepPairs(ps []pair) []pair {
	if len(sc.pairArena)+len(ps) > cap(sc.pairArena) {
		sc.pairArena = make([]pair, 0, max(2*cap(sc.pairArena), len(ps), 256))
	}
	k := len(sc.pairArena)
	sc.pairArena = append(sc.pairArena, ps...)
	return sc.pairArena[k : k+len(ps) : k+len(ps)]
}

// candidateLimit is how many names per variant are scored precisely.
const candidateLimit = 16

// Screen matches q, a name or an affiliation string, against the index and
// returns the best candidates, best first. Each carries its explanation.
func (ix *Index) Screen(q string, opt Options) ([]Match, error) {
	if err := checkQuery(q); err != nil {
		return nil, err
	}
	sc := ix.scratch.Get().(*scratch)
	defer ix.scratch.Put(sc)
	variants, arena := sc.begin()
	extra := countryCode(opt.Country)
	for _, a := range names.ParseAffiliations(q) {
		variants = ix.partyVariants(variants, &a, extra, arena)
	}
	sc.vbufs[sc.cur] = variants
	return ix.screen(variants, opt, sc), nil
}

// ScreenAffiliation is Screen for one party of an affiliation string that
// names.ParseAffiliations has already parsed, so that a caller resolving
// the parties one by one does not parse the string twice.
func (ix *Index) ScreenAffiliation(a *names.Affiliation, opt Options) ([]Match, error) {
	// A party with tokens normalises to something: only the length and
	// encoding need checking, unless it has none.
	switch {
	case len(a.Raw) > MaxQueryBytes:
		return nil, ErrQueryTooLong
	case !utf8.ValidString(a.Raw):
		return nil, ErrInvalidUTF8
	case !hasTokens(a):
		if err := checkQuery(a.Raw); err != nil {
			return nil, err
		}
	}
	sc := ix.scratch.Get().(*scratch)
	defer ix.scratch.Put(sc)
	variants, arena := sc.begin()
	variants = ix.partyVariants(variants, a, countryCode(opt.Country), arena)
	sc.vbufs[sc.cur] = variants
	return ix.screen(variants, opt, sc), nil
}

func hasTokens(a *names.Affiliation) bool {
	for _, s := range a.Segments {
		if len(s.Tokens) > 0 {
			return true
		}
	}
	return false
}

// screen scores the readings of a query and returns the best candidates.
func (ix *Index) screen(variants []variant, opt Options, sc *scratch) []Match {
	if opt.Threshold <= 0 {
		opt.Threshold = DefaultThreshold
	}
	if opt.Limit <= 0 {
		opt.Limit = DefaultLimit
	}
	bests := sc.bests[:0]
	sc.pairArena = sc.pairArena[:0]
	sc.bound.v = nil // variants of earlier screens may share addresses
	defer func() {
		sc.bound.v = nil
		for _, b := range bests {
			sc.slot[b.entity] = 0
		}
		sc.bests = bests[:0]
	}()
	// With LeadingMatches, a result below floor can be neither a leading
	// match nor, through preferSpecific, ranked before one.
	floor := max(opt.MinScore, 0)
	if opt.LeadingMatches {
		floor = max(floor, opt.Threshold-specificEpsilon)
	}
	// cut is limitCut of bests, recomputed when bests changed (cutStale)
	// and needed.
	cut, cutStale := 0.0, true
	// top is the best score so far, for opt.Within.
	top := 0.0
	// Variants with the same name words (a whole affiliation and its
	// organisation words alone) share one candidate set.
	candCache := sc.candCache[:0]
	defer func() {
		clear(candCache)
		sc.candCache = candCache[:0]
	}()
	// The same readings as the last screen's take over its candidates and
	// scores; other readings start a new record.
	prev := &sc.prev
	reuse := prev.n > 0 && sameVariants(sc.vbufs[sc.cur^1], variants)
	if !reuse {
		sc.candBuf = sc.candBuf[:0]
		prev.n = len(variants)
		prev.cands = slices.Grow(prev.cands[:0], len(variants))[:len(variants)]
		prev.trust = opt.TrustUniqueAcronyms
		prev.scores = slices.Grow(prev.scores[:0], len(variants)*candidateLimit)[:len(variants)*candidateLimit]
		clear(prev.scores)
	} else if prev.trust != opt.TrustUniqueAcronyms {
		prev.trust = opt.TrustUniqueAcronyms
		clear(prev.scores)
	}
	// prune reports whether a name whose score is at most ub, of entity,
	// can be skipped (see the loop below).
	prune := func(ub float64, entity uint32) bool {
		if ub < floor || opt.Within > 0 && ub < top-opt.Within {
			return true
		}
		if k := sc.slot[entity]; k != 0 && ub <= bests[k-1].score {
			// A name that can only tie is still worth aligning when the
			// entity's best so far is its name in Chinese: the tie goes
			// to a name in the query's own script (see below).
			if b := &bests[k-1]; ub < b.score || !b.aligned || !ix.hanName(b.name) {
				return true
			}
		}
		if opt.Limit <= maxCutLimit && len(bests) >= opt.Limit {
			if cutStale {
				cut, cutStale = limitCut(bests, opt.Limit), false
			}
			if ub < cut {
				return true
			}
		}
		return false
	}
	for vi := range variants {
		v := &variants[vi]
		var cands []uint32
		if reuse {
			cands = prev.cands[vi]
		} else {
			key := v
			if v.sharesWith >= 0 {
				key = &variants[v.sharesWith]
			}
			found := false
			for _, e := range candCache {
				if sameCandidateKey(e.key, key) {
					cands, found = e.cands, true
					break
				}
			}
			if !found {
				cands = ix.candidates(v, sc)
				candCache = append(candCache, candEntry{key, cands})
			}
			prev.cands[vi] = cands
		}
		memo := prev.scores[vi*candidateLimit : (vi+1)*candidateLimit]
		// Bring the candidates' records and tokens into the cache together
		// (the loads are independent) before scoring them one by one.
		touch := sc.touch
		for _, nid := range cands {
			touch += ix.names[nid].entity + ix.tokData[ix.tokOff[nid]]
		}
		sc.touch = touch
		for ci, nid := range cands {
			// Skip a name that cannot reach the floor, that cannot beat
			// its entity's best so far, or whose entity cannot be among
			// the results because opt.Limit others already score more than
			// specificEpsilon above it (see limitCut). alignBound is
			// computed when there is a floor, and otherwise used when an
			// earlier screen of the same readings computed it; pairBound
			// below tightens it. The margin covers rounding.
			m := &memo[ci]
			if floor > 0 && !m.bounded {
				m.ub, m.bounded = ix.alignBound(v, ix.tokData[ix.tokOff[nid]:ix.tokOff[nid+1]], &sc.bound)+1e-9, true
			}
			nr := &ix.names[nid]
			if m.bounded && prune(m.ub, nr.entity) {
				continue
			}
			// The entity's record is read only when needed: most names
			// the pairs rule out below never need it.
			var ent *entRec
			if opt.Kind != "" {
				if ent = &ix.entities[nr.entity]; ent.kind != opt.Kind {
					continue
				}
			}
			var al alignment
			aligned := !m.ok
			if aligned {
				ns, pairs := ix.namePairs(v, nr, false, sc)
				// The pairs that may align bound the score far more
				// closely than alignBound does (most names it lets through
				// score below the floor): one they rule out is not
				// aligned. The bound is worth its cost only when there is
				// something to compare it with. It holds for a person's
				// name too (see pairBound), whose pairs are then found
				// again.
				if !m.tight && (floor > 0 || sc.slot[nr.entity] != 0 || (opt.Limit <= maxCutLimit && len(bests) >= opt.Limit)) {
					ub := sc.bound.pairBound(v, ns, pairs) + 1e-9
					m.tight = true
					if !m.bounded || ub < m.ub {
						m.ub, m.bounded = ub, true
					}
					if prune(m.ub, nr.entity) {
						continue
					}
				}
				if ent == nil {
					ent = &ix.entities[nr.entity]
				}
				if ent.kind == watchlist.KindPerson {
					ns, pairs = ix.namePairs(v, nr, true, sc)
				}
				al = sc.al.alignPairs(v.toks, ns, pairs)
				m.score, m.cf = adjust(al, v, nr, ent, ix, opt.TrustUniqueAcronyms)
				m.ok = true
			}
			score, cf := m.score, m.cf
			top = max(top, score)
			if k := sc.slot[nr.entity]; k == 0 {
				bests = append(bests, best{entity: nr.entity, score: score, v: vi, name: nid, cf: cf, aligned: aligned})
				if aligned {
					bests[len(bests)-1].pairs = sc.keepPairs(al.pairs)
				}
				sc.slot[nr.entity] = int32(len(bests))
				cutStale = true
			} else if b := &bests[k-1]; score > b.score || score == b.score && aligned && b.aligned && ix.explainsBetter(nid, b.name, v) {
				// Of two names of one entity scoring alike, the one in the
				// query's script explains the match ("Nanjing University
				// of Aeronautics and Astronautics" rather than the same
				// name in Chinese, met through translated words), and of
				// two in one script the primary name rather than another
				// it is known by.
				*b = best{entity: nr.entity, score: score, v: vi, name: nid, cf: cf, aligned: aligned}
				if aligned {
					b.pairs = sc.keepPairs(al.pairs)
				}
				cutStale = true
			}
		}
	}
	slices.SortFunc(bests, func(a, b best) int {
		if a.score != b.score {
			if a.score > b.score {
				return -1
			}
			return 1
		}
		ea, eb := &ix.entities[a.entity], &ix.entities[b.entity]
		if c := strings.Compare(ea.list, eb.list); c != 0 {
			return c
		}
		return strings.Compare(ea.sourceID, eb.sourceID)
	})
	for i := range bests {
		sc.slot[bests[i].entity] = int32(i + 1)
	}
	keys := sc.keys[:0]
	for _, b := range bests {
		keys = append(keys, b.entity)
	}
	sc.keys = keys
	ix.preferSpecific(keys, func(k uint32) float64 { return bests[sc.slot[k]-1].score })
	if len(keys) > opt.Limit {
		keys = keys[:opt.Limit]
	}
	if opt.LeadingMatches {
		n := 0
		for n < len(keys) && bests[sc.slot[keys[n]]-1].score >= opt.Threshold {
			n++
		}
		keys = keys[:n]
	}
	out := make([]Match, 0, len(keys))
	for _, k := range keys {
		b := &bests[sc.slot[k]-1]
		e := &ix.entities[k]
		nr := &ix.names[b.name]
		m := Match{
			List: e.list, SourceID: e.sourceID, Name: e.name, MatchedName: nr.value, Kind: e.kind,
			Score: round(b.score), Match: b.score >= opt.Threshold, Via: ix.via(k),
			Countries: e.countries, Memberships: e.memberships,
		}
		// The best name's alignment was kept when this screen aligned
		// it; one scored by an earlier screen is aligned again (it is
		// deterministic).
		v := &variants[b.v]
		al := alignment{pairs: b.pairs}
		if !b.aligned {
			al = ix.alignName(v, nr, e.kind == watchlist.KindPerson, sc)
		}
		m.Explanation = ix.explain(v, nr, b.name, al, b.cf, sc)
		out = append(out, m)
	}
	return out
}

// maxCutLimit is the largest Options.Limit for which a screen skips names
// that cannot be among the results (see limitCut).
const maxCutLimit = 16

// limitCut returns the score below which no name can make its entity one
// of the first limit results, given bests (at least limit entities' best
// scores so far): the limit-th best score less specificEpsilon, less a
// margin for rounding.
//
// Scores only grow as a screen goes on, so at least limit entities end
// with at least that limit-th score S. An entity scoring below S -
// specificEpsilon ranks after all of them when sorted, and preferSpecific
// moves an entity only past an ancestor within specificEpsilon above it,
// never past any of them, so it ends after at least limit others. The
// entities that rank before it, and their order, are the same whether or
// not it was scored.
func limitCut(bests []best, limit int) float64 {
	var top [maxCutLimit]float64
	n := 0
	for i := range bests {
		s := bests[i].score
		if n == limit && s <= top[n-1] {
			continue
		}
		j := min(n, limit-1)
		for j > 0 && top[j-1] < s {
			top[j] = top[j-1]
			j--
		}
		top[j] = s
		n = min(n+1, limit)
	}
	return top[limit-1] - specificEpsilon - 1e-9
}

// partyVariants appends the readings to score of one party of a query;
// extra is a country code the caller adds to the party's own evidence.
func (ix *Index) partyVariants(out []variant, a *names.Affiliation, extra string, ar *variantArena) []variant {
	countries := a.Countries
	if extra != "" {
		countries = append([]string{extra}, countries...)
	}
	// The party's words, as a.Tokens() gives them, copied into the arena.
	n := 0
	for _, s := range a.Segments {
		n += len(s.Tokens)
	}
	all := ar.words(n)
	n = 0
	for _, s := range a.Segments {
		n += copy(all[n:], s.Tokens)
	}
	// Look every word up once; the readings below are parts of all, and
	// take their slices from one arena.
	info := ar.infos(len(all))
	for k, t := range all {
		info[k] = ar.lookUp(ix, t)
	}
	ar.grow(4 * len(all))
	every := func(names.Token) bool { return true }
	whole := ix.variantOf(all, info, every, countries, ar)
	wholeAt := len(out)
	if len(whole.toks) > 0 {
		out = append(out, whole)
	}
	nName, nDept := countRoles(all, names.RoleName), countRoles(all, names.RoleDept)
	// The organisation and department words without the address and
	// country, so a listed sub-unit is not marked down for them.
	if unit := nName + nDept; unit > 0 && unit < len(all) && nName < unit {
		uv := ix.variantOf(all, info, func(t names.Token) bool { return t.Role == names.RoleName || t.Role == names.RoleDept }, countries, ar)
		uv.sharesWith = wholeAt
		out = append(out, uv)
	}
	// The organisation's own words alone, without the department,
	// address and country around them.
	if nName > 0 && nName < len(all) {
		cv := ix.variantOf(all, info, func(t names.Token) bool { return t.Role == names.RoleName }, countries, ar)
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
	off := 0 // where segment i's tokens start in all
	for i, s := range a.Segments {
		segInfo := info[off : off+len(s.Tokens)]
		switch {
		case s.Role == names.RoleName && len(a.Segments) > 1 && (nameSegs > 1 || countRoles(s.Tokens, names.RoleDept) > 0):
			// Each organisation segment alone; also one that names a
			// university with its school ("University of X School of
			// Medicine"), whose unit words the organisation-only reading
			// leaves out, so a registered school still meets all of them.
			out = append(out, ix.variantOf(s.Tokens, segInfo, every, countries, ar))
			// A name written across a comma ("University of
			// Westmarch, Northtown"): the segment with a short next one.
			// When the two are the whole party, that reading is the
			// whole's, already scored: the same words, infos and
			// countries, so the same candidates and scores. Scored again
			// it changes nothing when no word is in Chinese characters:
			// an entity's best is then replaced only by a higher score
			// or, at the same score, by a name that explains better in
			// an order that is the same for every reading of the party
			// (see explainsBetter), so no name the whole reading left
			// behind can take it. (With such words, which of two scripts
			// explains better depends on the reading.)
			if i+1 < len(a.Segments) && a.Segments[i+1].Role == names.RoleName && len(a.Segments[i+1].Tokens) <= 3 {
				n := len(s.Tokens) + len(a.Segments[i+1].Tokens)
				if off > 0 || n < len(all) || len(whole.toks) == 0 || hanQuery(&whole) {
					out = append(out, ix.variantOf(all[off:off+n], info[off:off+n], every, countries, ar))
				}
			}
		case s.Role == names.RoleAside && (looksLikeAcronym(s.Text) || namesOrganisation(s.Tokens)):
			// The organisation's words in brackets, without a unit's
			// written with them ("Y University School of Medicine").
			ts, keep := names.WithRole(s.Tokens, names.RoleName), every
			if slices.ContainsFunc(s.Tokens, func(t names.Token) bool { return t.Role == names.RoleDept }) &&
				slices.ContainsFunc(s.Tokens, func(t names.Token) bool { return t.Role != names.RoleDept }) {
				for i, t := range s.Tokens {
					if t.Role == names.RoleDept {
						ts[i].Role = names.RoleDept
					}
				}
				keep = func(t names.Token) bool { return t.Role != names.RoleDept }
			}
			v := ix.variantOf(ts, segInfo, keep, countries, ar)
			v.aside = true
			out = append(out, v)
		}
		off += len(s.Tokens)
	}
	return out
}

// variantArena hands out the slices of a screen's readings from shared
// backing arrays kept in its scratch, falling back to allocation when they
// run out.
type variantArena struct {
	toks []side
	ids  []int32
	exp  []*expansion
	info []tokInfo
	all  []names.Token // the parties' words
	// cache is the scratch's cache of word lookups (see lookUp), shared
	// by its arenas; nil in an arena of its own.
	cache *wordCache
}

// reset empties the arena for a new screen, dropping the references the
// last one left (everything written lies below the lengths).
func (ar *variantArena) reset() {
	clear(ar.toks)
	clear(ar.exp)
	clear(ar.info)
	clear(ar.all)
	ar.toks, ar.ids, ar.exp, ar.info, ar.all = ar.toks[:0], ar.ids[:0], ar.exp[:0], ar.info[:0], ar.all[:0]
}

// words returns room for a party's n words, from the arena when it can.
func (ar *variantArena) words(n int) []names.Token {
	if len(ar.all)+n > cap(ar.all) {
		ar.all = make([]names.Token, 0, max(2*cap(ar.all), n, 32))
	}
	k := len(ar.all)
	ar.all = ar.all[:k+n]
	return ar.all[k : k+n : k+n]
}

// grow makes room for n more tokens without moving earlier readings: when
// the arrays are too small, later readings get new ones.
func (ar *variantArena) grow(n int) {
	if len(ar.toks)+n <= cap(ar.toks) {
		return
	}
	size := max(2*cap(ar.toks), n, 64)
	ar.toks, ar.ids, ar.exp = make([]side, 0, size), make([]int32, 0, size), make([]*expansion, 0, size)
}

// infos returns n token infos for a party, from the arena when it can.
func (ar *variantArena) infos(n int) []tokInfo {
	if len(ar.info)+n > cap(ar.info) {
		ar.info = make([]tokInfo, 0, max(2*cap(ar.info), n, 64))
	}
	k := len(ar.info)
	ar.info = ar.info[:k+n]
	return ar.info[k : k+n : k+n]
}

// wordCache holds the info of words a scratch looked up lately, in the
// slot of a hash of their text, so that a word seen again (Resolve screens
// a party twice and in other readings, and affiliations share most of
// their words) is found without the index's maps. A newer word takes its
// slot from an older one. (A word's text may keep the normalised party it
// was cut from alive: at most 256 of them, of at most MaxQueryBytes.)
type wordCache [256]struct {
	text  string
	legal bool
	info  tokInfo
}

// lookUp returns the info of word t (tokInfoOf, which depends on its text
// and legal mark only), from the cache when it holds the word.
func (ar *variantArena) lookUp(ix *Index, t names.Token) tokInfo {
	c := ar.cache
	if c == nil || t.Text == "" {
		return ix.tokInfoOf(t)
	}
	e := &c[wordHash(t.Text)%uint64(len(c))]
	if e.text == t.Text && e.legal == t.Legal {
		return e.info
	}
	info := ix.tokInfoOf(t)
	e.text, e.legal, e.info = t.Text, t.Legal, info
	return info
}

// take returns empty slices with room for n tokens.
func (ar *variantArena) take(n int) ([]side, []int32, []*expansion) {
	if len(ar.toks)+n > cap(ar.toks) {
		return make([]side, 0, n), make([]int32, 0, n), make([]*expansion, 0, n)
	}
	k := len(ar.toks)
	ar.toks, ar.ids, ar.exp = ar.toks[:k+n], ar.ids[:k+n], ar.exp[:k+n]
	return ar.toks[k : k : k+n], ar.ids[k : k : k+n], ar.exp[k : k : k+n]
}

// tokInfo is what the index knows of one query word.
type tokInfo struct {
	id   int32    // vocabulary id, -1 when unknown
	kind textKind // the text's kind, for side.unmatched
	w    float64
	exp  *expansion
}

// tokInfoOf looks a query word up: its vocabulary id, its weight and its
// expansion. An unknown word that is a typo or abbreviation of a listed
// word weighs what that word weighs, not what a rare word does.
func (ix *Index) tokInfoOf(t names.Token) tokInfo {
	id := int32(-1)
	var e *expansion
	if x, ok := ix.vocab[t.Text]; ok {
		id = int32(x)
		// A listed word's expansion is kept by its id, found without a
		// second lookup by text.
		if e = ix.expByID[x].Load(); e == nil {
			e = ix.expand(t.Text)
			ix.expByID[x].Store(e)
		}
	} else {
		e = ix.expansionOf(t.Text)
	}
	ti := tokInfo{id: id, kind: textKindOf(t.Text), w: ix.weight(id, t.Legal), exp: e}
	if id < 0 && ti.exp.weightOK {
		ti.w = ti.exp.weight
	}
	return ti
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

// countRoles counts the tokens of role r.
func countRoles(ts []names.Token, r names.Role) int {
	n := 0
	for _, t := range ts {
		if t.Role == r {
			n++
		}
	}
	return n
}

// variantOf builds a reading from the tokens that keep accepts, with their
// info.
func (ix *Index) variantOf(ts []names.Token, info []tokInfo, keep func(names.Token) bool, countries []string, ar *variantArena) variant {
	n := 0
	for _, t := range ts {
		if keep(t) {
			n++
		}
	}
	v := variant{countries: countries, sharesWith: -1}
	v.toks, v.ids, v.exp = ar.take(n)
	for k, t := range ts {
		if !keep(t) {
			continue
		}
		han := t.Surface != "" && t.Surface[0] >= utf8.RuneSelf && names.HasHan(t.Surface)
		v.toks = append(v.toks, side{text: t.Text, surface: t.Surface, how: t.How, role: t.Role, legal: t.Legal, place: t.Place, han: han, kind: info[k].kind, w: info[k].w})
		v.hasName = v.hasName || t.Role == names.RoleName || t.Role == names.RoleDept
		v.ids = append(v.ids, info[k].id)
		v.exp = append(v.exp, info[k].exp)
	}
	return v
}

// expansion is what one query word may align with: vocabulary tokens in
// ascending id order with their similarities, and the weight the word
// takes when the lists do not know it.
type expansion struct {
	ids      []uint32
	sims     []names.TokenSim
	weight   float64
	weightOK bool
}

// lookup returns the similarity of the expansion's word to vocabulary
// token id, if it expands to it.
func (e *expansion) lookup(id uint32) (names.TokenSim, bool) {
	if len(e.ids) <= 8 {
		for k, x := range e.ids {
			if x == id {
				return e.sims[k], true
			}
		}
		return names.TokenSim{}, false
	}
	if k, ok := slices.BinarySearch(e.ids, id); ok {
		return e.sims[k], true
	}
	return names.TokenSim{}, false
}

// maxCachedExpansions bounds the per-index cache of query-word
// expansions. The words of real queries are mostly the lists' own
// vocabulary, so the cache stays small; unknown words (typos) are cached
// too until the bound is reached, after which new ones are computed each
// time.
const maxCachedExpansions = 1 << 17

// rareAbbreviationDF is how many names at most may hold a known word for
// it still to be read as an abbreviation of the longer words it begins:
// "Appl." is in a name or two as written, and far more often short for
// "Applied".
const rareAbbreviationDF = 2

// rareWord reports whether the known word id is rare enough to be read
// also as an abbreviation (see rareAbbreviationDF), and is no name on its
// own: an acronym such as "UNIL" stays the name it is. Expand asks it only
// of words of four letters or more, as three are too few to tell "Rev"
// the acronym from "Rev…" the start of a word.
func (ix *Index) rareWord(id uint32) bool {
	if ix.genTok[id].df > rareAbbreviationDF {
		return false
	}
	_, alone := ix.exactNames[seqHash([]uint32{id})]
	return !alone
}

// expansionOf returns the expansion of a query word, from the index's
// cache when an earlier screen computed it. Expansions depend only on the
// word and the immutable index, so sharing them is safe.
func (ix *Index) expansionOf(t string) *expansion {
	if e, ok := ix.expCache.Load(t); ok {
		return e.(*expansion)
	}
	e := ix.expand(t)
	if ix.expCount.Load() < maxCachedExpansions {
		if _, loaded := ix.expCache.LoadOrStore(t, e); !loaded {
			ix.expCount.Add(1)
		}
	}
	return e
}

// expand finds the vocabulary tokens a query token may align with: itself,
// related words, nickname forms, the same number written the other way
// ("viii" and "8"), tokens it abbreviates, typo neighbours and tokens that
// sound alike.
func (ix *Index) expand(t string) *expansion {
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
	if len(t) >= 3 && !names.HasDigit(t) {
		// The word's English plural, or its singular ("art", "arts").
		for _, w := range [2]string{t + "s", strings.TrimSuffix(t, "s")} {
			if id, ok := ix.vocab[w]; ok && (names.IsPlural(w, t) || names.IsPlural(t, w)) {
				if _, related := out[id]; !related { // a country's name for its adjective stays so
					add(id, names.TokenSim{Sim: names.SimPlural, How: names.HowPlural})
				}
			}
		}
	}
	if n, ok := names.NumeralOf(t); ok {
		if id, ok := ix.vocab[n]; ok {
			add(id, names.TokenSim{Sim: names.SimExact, How: names.HowNumeral})
		}
	}
	if len(t) >= 3 && !names.HasDigit(t) && (!known || len(t) >= 4 && ix.rareWord(id)) {
		for _, id := range ix.prefixed(t, 64) {
			if ix.tokens[id] != t {
				add(id, names.TokenSim{Sim: names.SimAbbreviation, How: names.HowAbbreviation})
			}
		}
	}
	if len(t) >= 4 && !names.HasDigit(t) {
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
	e := &expansion{ids: make([]uint32, 0, len(out)), sims: make([]names.TokenSim, len(out))}
	for id := range out {
		e.ids = append(e.ids, id)
	}
	slices.Sort(e.ids)
	for k, id := range e.ids {
		e.sims[k] = out[id]
	}
	e.weight, e.weightOK = ix.expansionWeight(e)
	return e
}

// expansionWeight is the weight of the best-aligned token an unknown query
// word expands to; ok is false when it expands to nothing.
func (ix *Index) expansionWeight(e *expansion) (float64, bool) {
	best, w := 0.0, 0.0
	for k, id := range e.ids {
		s := e.sims[k]
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
	if ix.beyondTypos(t) {
		return
	}
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
	for _, fi := range ix.dels.get(ix.dels.str(t)) {
		checkForm(fi)
	}
	for _, d := range deletions(t) {
		if id, ok := ix.vocab[d]; ok {
			check(id)
		}
		for _, fi := range ix.dels.get(ix.dels.str(d)) {
			checkForm(fi)
		}
	}
	if found || len(t) < minTwoEditLen {
		return
	}
	gc := ix.gramCounts.Get().(*gramCounter)
	defer ix.gramCounts.Put(gc)
	gs := trigrams(t)
	for _, g := range gs {
		p := ix.grams.get(g)
		if len(p) > maxGramPosting {
			continue
		}
		for _, id := range p {
			if gc.counts[id] == 0 {
				gc.touched = append(gc.touched, id)
			}
			gc.counts[id]++
		}
	}
	need := max(len(gs)-6, 2) // two edits destroy at most six padded trigrams
	for _, id := range gc.touched {
		if int(gc.counts[id]) >= need {
			check(id)
		}
		gc.counts[id] = 0
	}
	gc.touched = gc.touched[:0]
}

// gramCounter counts, per vocabulary token, the trigrams it shares with a
// word being searched for typos; pooled per index, and left all zero.
type gramCounter struct {
	counts  []uint16
	touched []uint32
}

// beyondTypos reports whether w is longer than every form by more than
// a typo's edits, so that no form is a typo away from it: a string of
// thousands of letters ("WWWW…") is then not searched, which would
// build thousands of its deletions, each thousands of letters long.
func (ix *Index) beyondTypos(w string) bool {
	limit := ix.maxFormRunes + names.MaxTypoEdits
	return len(w) > limit && utf8.RuneCountInString(w) > limit
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
	// A generating word in more than weakDF names whose weight is below
	// weakRatio times the heaviest generating word's only adds to other
	// words' candidates. Tuned on the development sets: quality unchanged
	// or better, and about 4% less CPU per resolved string.
	weakDF    = 100
	weakRatio = 0.4
)

// genLimit is how many names a token may be in and still open candidates.
func (ix *Index) genLimit() int {
	c := genCap
	if ix.openCap > 0 {
		c = ix.openCap
	}
	return max(c, int(genShare*float64(len(ix.names))))
}

// cand is a candidate name with its ranking value, packed so that plain
// integer order is rank order (higher value first, then lower name id) and
// selection and sorting compare integers.
type cand uint64

// makeCand packs a name id and a ranking value, which is never negative.
func makeCand(id uint32, v float32) cand {
	// max(v, 0), written out: the built-in's float form also orders
	// NaNs and signed zeros, a dozen instructions where this takes two,
	// with the same result for every v (-0 and negatives give +0, NaN
	// stays NaN).
	if v <= 0 {
		v = 0
	}
	return cand(uint64(^math.Float32bits(v))<<32 | uint64(id))
}

func (c cand) id() uint32 { return uint32(c) }
func (c cand) v() float32 { return math.Float32frombits(^uint32(c >> 32)) }

// anchorJoins bounds how many of the anchor's names join the
// preselected (see anchorRanked): each is scored in full, so a few
// suffice to bring the name that holds every word.
const anchorJoins = 4

// bitTerm is a common token whose names are read from its bit set
// (Index.commonBits), with the weight it adds to each (see anchorRanked).
type bitTerm struct {
	id    uint32
	w     float32
	wbits uint32 // w's bits, set once the weight is final
	bits  []uint64
}

// term is one vocabulary token a query word expands to, with the weight
// it adds to the names holding it.
type term struct {
	id    uint32
	w     float32
	q     int  // index of the query token it expands
	exact bool // the query token itself, not a variant of it
	// own marks a word of the organisation's own name (not a unit's or
	// an address's): only those weigh in whether common words outweigh
	// the opening ones (see heavierCommon).
	own bool
}

// candidates returns the names most likely to score well against v.
func (ix *Index) candidates(v *variant, sc *scratch) []uint32 {
	limit := ix.genLimit()
	gt := ix.genTok
	gen, common := sc.gen[:0], sc.common[:0]
	rarest, rarestDF := term{}, -1
	var qw float32
	nameGen := false // whether a word of the name itself opens candidates
	for qi, t := range v.toks {
		if !generates(t, v) {
			continue
		}
		qw += float32(t.w)
		e := v.exp[qi]
		// A variant of a listed word that is itself too common to open
		// candidates ("academy" for "institute") opens none either: it is
		// weaker evidence than the word.
		ownCommon := v.ids[qi] >= 0 && int(gt[v.ids[qi]].df) > limit
		for k, id := range e.ids {
			s := e.sims[k]
			if s.How == names.HowPlural && v.ids[qi] >= 0 {
				// A known word's plural only aligns: it opens no
				// candidates and weighs in no common word's place.
				continue
			}
			g := &gt[id]
			w := g.idf * float32(s.Sim)
			if t.role != names.RoleName && !v.aside {
				w *= 0.5
			}
			df := int(g.df)
			tm := term{id: id, w: w, q: qi, exact: s.How == names.HowExact, own: t.role == names.RoleName || v.aside}
			if df <= limit && !ownCommon {
				gen = append(gen, tm)
				nameGen = nameGen || t.role == names.RoleName || v.aside
			} else {
				common = append(common, tm)
				if rarestDF < 0 || df < rarestDF {
					rarest, rarestDF = tm, df
				}
			}
		}
	}
	heavy := len(gen) > 0 && heavierCommon(gen, common)
	if limit < genCap && heavy {
		// The words that open candidates rank the names holding them by
		// length alone; when the query's weight lies mostly in its
		// common words, shorter names holding the rare one ("China
		// Medical University") would push out the one holding them all
		// ("Chinese Academy of Medical Sciences"). Words up to the
		// default cap open candidates then too.
		gen, common = reopen(gen, common, gt, genCap)
		heavy = heavierCommon(gen, common)
	}
	if heavy {
		// Only when the opening words hold more names than the
		// preselection keeps can shorter ones push the whole name out.
		opened := 0
		for _, g := range gen {
			opened += int(gt[g.id].df)
		}
		heavy = opened > preselect
	}
	defer func() { sc.gen, sc.common = gen[:0], common[:0] }()
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
	acc := sc.acc
	if (!nameGen || (!exactGen && allKnown) || heavy) && rarestDF >= 0 {
		// Every word of the query is common ("University of Science and
		// Technology of China", "National Institutes of Health"), or the
		// common ones still outweigh those that open candidates ("Japan
		// Public Health Association", where only "public" opens, and
		// shorter names holding it would push the whole name out): open
		// candidates from the names holding its two rarest words together,
		// or the rarest alone, besides those its rarer variants open.
		// Only the query's own words, two different ones, are intersected:
		// a related word or a variant would open the wrong names. The
		// rarest is paired with the rarest written apart from it, when
		// there is one: words written side by side ("United States" of
		// "United States National Science Foundation") are held together
		// by many names, more than the preselection keeps.
		exact := sc.exact[:0]
		for _, c := range common {
			if c.exact && (v.toks[c.q].role == names.RoleName || v.aside) {
				exact = append(exact, c)
			}
		}
		sc.exact = exact[:0]
		slices.SortFunc(exact, func(a, b term) int {
			da, db := int(gt[a.id].df), int(gt[b.id].df)
			if da != db {
				return da - db
			}
			return int(a.id) - int(b.id)
		})
		second := -1
		for i := 1; i < len(exact); i++ {
			if exact[i].q != exact[0].q && exact[i].id != exact[0].id {
				if second < 0 {
					second = i
				}
				if d := exact[i].q - exact[0].q; d > 1 || d < -1 {
					second = i
					break
				}
			}
		}
		if second > 0 {
			w := exact[0].w + exact[second].w
			ix.intersectTokens(exact[0].id, exact[second].id, func(nid uint32) {
				p := ix.accPlace[nid]
				if acc[p].sum == 0 {
					sc.touched = append(sc.touched, walkEntry{p, nid})
				}
				acc[p].sum += w
			})
			a, b := exact[0].id, exact[second].id
			rest := common[:0]
			for _, c := range common {
				if c.id != a && c.id != b {
					rest = append(rest, c)
				}
			}
			common = rest
		}
		if len(sc.touched) == 0 && len(gen) == 0 {
			gen = append(gen, rarest)
		}
	}
	// A word that is neither rare nor weighty beside the query's best word
	// ("department" beside a city's name) adds to the candidates the others
	// open rather than opening hundreds of its own, which could only rank
	// below them.
	var maxW float32
	for _, g := range gen {
		maxW = max(maxW, g.w)
	}
	kept := gen[:0]
	for _, g := range gen {
		if gt[g.id].df > weakDF && g.w < weakRatio*maxW {
			common = append(common, g)
		} else {
			kept = append(kept, g)
		}
	}
	gen = kept
	touched := sc.touched
	for _, g := range gen {
		w := g.w
		for _, e := range ix.walkList(g.id) {
			// A sum is +0 until a (positive) weight is added: testing
			// its bits is an integer compare.
			a := &acc[e.place]
			if math.Float32bits(a.sum) == 0 {
				touched = append(touched, e)
			}
			a.sum += w
		}
	}
	// A name holding every word of the organisation's own name is met
	// through the rarest of those that open candidates (the anchor); the
	// others, too common to open any, count only after the preselection
	// below. When more names are touched than it keeps, names met through
	// rarer variants of an opening word ("ministerio", "ministère" for
	// "ministry") may push out the short names holding every word
	// ("Ministry of Tides" of "Ministry of Tides, <town>", whose town
	// opens candidates too and weakens the preference for short names).
	// So the anchor's names are also ranked with the query's own common
	// words they hold, read from the words' bit sets (commonBits), and the
	// best of them join the preselected: a pass over the anchor's names,
	// the rarest, not over all touched.
	var extra, extraBase []cand
	if len(touched) > preselect {
		anchor := -1
		for i, g := range gen {
			if g.exact && (v.toks[g.q].role == names.RoleName || v.aside) && (anchor < 0 || gt[g.id].df < gt[gen[anchor].id].df) {
				anchor = i
			}
		}
		// Only a name of generic words beside a town, or beside rarer
		// variants of its words, is at risk: the town's names, or the
		// variants', outrank it (see above).
		if anchor >= 0 && names.IsGeneric(v.toks[gen[anchor].q].text) && slices.ContainsFunc(gen, func(g term) bool {
			return v.toks[g.q].place || v.toks[g.q].role == names.RoleAddress || !g.exact && g.w > gen[anchor].w
		}) {
			extra, extraBase = ix.anchorRanked(gen[anchor].id, common, gen, qw, sc)
		}
	}
	// Preselect by a Dice-like bound over the generating words, so that
	// when many names share them the shortest come first.
	cs := slices.Grow(sc.cands[:0], len(touched))[:len(touched)]
	var hist [histBuckets]int32
	for i, e := range touched {
		a := &acc[e.place]
		c := makeCand(e.name, 2*a.sum/(qw+a.weight+1e-6))
		hist[c.bucket()]++
		cs[i] = c
		a.sum = 0
	}
	sc.touched = touched[:0]
	sc.cands = cs[:0] // keep the grown buffer for the next query
	// The common tokens' evidence is added by looking them up among each
	// preselected candidate's own tokens (a few per name, where a search of
	// the long postings would cost a cache miss per step), then candidates
	// are ranked by a Dice-like bound so short exact names beat long ones
	// that merely contain the query's words. boost holds each common token
	// once, at its largest weight.
	boost := &sc.boost
	boost.reset(len(common))
	for _, c := range common {
		if len(gen) == 1 && c == gen[0] {
			continue
		}
		p := boost.ref(c.id)
		*p = max(*p, c.w)
	}
	// With countries in the query, more are kept for the country to rank:
	// namesakes abroad may fill the limit ("Ministry of Education, Y").
	k := candidateLimit
	if len(v.countries) > 0 {
		k = preselect
	}
	if boost.n == 0 {
		// Nothing to add: the ranking is the preselection's.
		cs = keepTop(cs, &hist, k)
	} else {
		// Only which candidates are the best preselect matters here, not
		// their order: the final ranking below orders them afresh.
		cs = selectTop(keepTop(cs, &hist, preselect), preselect)
		if len(extra) > 0 {
			// The anchor's best names, by all the words they hold and
			// with namesakes abroad ranked down, join those preselected,
			// with their opening words' value as the others have.
			if len(v.countries) > 0 {
				ix.rankByCountry(extra, v.countries)
			}
			order := sc.extraOrder[:0]
			for i := range extra {
				order = append(order, int32(i))
			}
			slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(extra[a], extra[b]) })
			for _, i := range order[:min(len(order), anchorJoins)] {
				id := extra[i].id()
				if !slices.ContainsFunc(cs, func(d cand) bool { return d.id() == id }) {
					cs = append(cs, extraBase[i])
				}
			}
			sc.extraOrder = order[:0]
		}
		// Touch each candidate's first token before reading any: the
		// loads do not depend on one another, so the memory system serves
		// them together rather than one cache miss per candidate in turn.
		info := ix.nameInfo
		var touch uint32
		for _, c := range cs {
			touch += ix.tokData[info[c.id()].off]
		}
		sc.touch = touch
		for i, c := range cs {
			id := c.id()
			nw := info[id].weight
			v := c.v() * (qw + nw + 1e-6) / 2 // back to the raw sum
			toks := ix.tokData[info[id].off:info[id+1].off]
			for j, t := range toks {
				if boost.mayHold(t) {
					if w, ok := boost.get(t); ok && !slices.Contains(toks[:j], t) {
						v += w
					}
				}
			}
			cs[i] = makeCand(id, 2*v/(qw+nw+1e-6))
		}
	}
	if len(cs) > candidateLimit && len(v.countries) > 0 {
		// Only when a namesake abroad is among the best can one further
		// down take its place.
		best := selectTop(cs, candidateLimit) // the front of cs
		if ix.rankByCountry(best, v.countries) {
			ix.rankByCountry(cs[candidateLimit:], v.countries)
		} else {
			cs = best
		}
	}
	cs = topK(cs, candidateLimit)
	out := sc.takeCands(len(cs))
	for i, c := range cs {
		out[i] = c.id()
	}
	return out
}

// anchorRanked returns the names holding the query's rarest opening
// word of the organisation's own (aid) that also hold some of its own
// words too common to open candidates, valued by all of them (full) and
// by the opening words alone (base), index for index; it reads the
// opening words' sums from the accumulator, so it runs before the
// preselection clears them.
func (ix *Index) anchorRanked(aid uint32, common, gen []term, qw float32, sc *scratch) (full, base []cand) {
	bitTerms := sc.bitTerms[:0]
	defer func() {
		clear(bitTerms)
		sc.bitTerms = bitTerms[:0]
	}()
	for _, c := range common {
		if !c.exact || c.id == aid || len(gen) == 1 && c == gen[0] || slices.ContainsFunc(bitTerms, func(b bitTerm) bool { return b.id == c.id }) {
			continue
		}
		if bs, ok := ix.commonBits[c.id]; ok {
			bitTerms = append(bitTerms, bitTerm{id: c.id, bits: bs})
		}
	}
	if len(bitTerms) == 0 {
		return nil, nil
	}
	// Each token's weight is its largest among the query's words and
	// their variants, as candidates' ranking gives it.
	for _, c := range common {
		if k := slices.IndexFunc(bitTerms, func(b bitTerm) bool { return b.id == c.id }); k >= 0 && !(len(gen) == 1 && c == gen[0]) {
			bitTerms[k].w = max(bitTerms[k].w, c.w)
		}
	}
	for i := range bitTerms {
		bitTerms[i].wbits = math.Float32bits(bitTerms[i].w)
	}
	full, base = sc.extra[:0], sc.extraBase[:0]
	for _, e := range ix.walkList(aid) {
		var add float32
		for _, b := range bitTerms {
			// Branch-free: which names hold a common word is no pattern
			// a branch predictor could learn.
			held := uint32(b.bits[e.name>>6]>>(e.name&63)) & 1
			add += math.Float32frombits(b.wbits & -held)
		}
		if add == 0 {
			continue
		}
		a := &sc.acc[e.place]
		full = append(full, makeCand(e.name, 2*(a.sum+add)/(qw+a.weight+1e-6)))
		base = append(base, makeCand(e.name, 2*a.sum/(qw+a.weight+1e-6)))
	}
	sc.extra, sc.extraBase = full[:0], base[:0]
	return full, base
}

// rankByCountry lowers, as scoring will, the bound of each candidate
// whose entity is of none of the query's countries, before the best are
// kept, and reports whether it lowered any.
func (ix *Index) rankByCountry(cs []cand, countries []string) (lowered bool) {
	// Each candidate's country is one small number, read densely; the
	// query's are told apart from others once.
	var agree [8]uint16
	n := 0
	add := func(code string) {
		if id := ix.countryID[code]; id != 0 && n < len(agree) {
			agree[n] = id
			n++
		}
	}
	for _, code := range countries {
		add(code)
		for _, other := range [...]string{"cn", "hk", "mo"} {
			if sameCountry(code, other) {
				add(other)
			}
		}
	}
	for i, c := range cs {
		cc := ix.nameCountry[c.id()]
		if cc == 0 || slices.Contains(agree[:n], cc) {
			continue
		}
		e := &ix.entities[ix.names[c.id()].entity]
		if cc == manyCountries && overlaps(countries, e.countries) {
			continue
		}
		f := float32(countryMismatchOrg)
		if e.kind == watchlist.KindPerson {
			f = countryMismatchPers
		}
		cs[i] = makeCand(c.id(), c.v()*f)
		lowered = true
	}
	return lowered
}

// heavierCommon reports whether the query's own common words weigh more
// than its opening words, each query word counted once, the words of the
// organisation's own name only: a unit's words ("Department of
// Chemistry") open candidates of their own but say nothing of which
// names hold the organisation's.
func heavierCommon(gen, common []term) bool {
	return exactWeight(common) > exactWeight(gen)
}

// exactWeight sums the weights of the query's own words of the
// organisation's name among ts, each query word once.
func exactWeight(ts []term) float32 {
	var w float32
	for i, t := range ts {
		if t.exact && t.own && !slices.ContainsFunc(ts[:i], func(u term) bool { return u.q == t.q && u.exact }) {
			w += t.w
		}
	}
	return w
}

// reopen moves the query's own common words of the organisation's name
// (not their variants, nor a unit's words) that are in at most limit
// names to the opening ones.
func reopen(gen, common []term, gt []genTok, limit int) ([]term, []term) {
	rest := common[:0]
	for _, c := range common {
		if c.exact && c.own && int(gt[c.id].df) <= limit {
			gen = append(gen, c)
		} else {
			rest = append(rest, c)
		}
	}
	return gen, rest
}

// hanName reports whether a name is written in Chinese characters.
func (ix *Index) hanName(id uint32) bool { return ix.names[id].han }

// explainsBetter reports whether name a explains a match better than name
// b of the same entity when both score alike: a name in the query's script
// rather than in Chinese script, or else the primary name rather than
// another the entity is known by.
func (ix *Index) explainsBetter(a, b uint32, v *variant) bool {
	if ha, hb := ix.hanName(a), ix.hanName(b); ha != hb {
		return hb && !hanQuery(v)
	}
	return ix.names[a].kind == watchlist.NamePrimary && ix.names[b].kind != watchlist.NamePrimary
}

// hanQuery reports whether a reading has a word written in Chinese
// characters.
func hanQuery(v *variant) bool {
	return slices.ContainsFunc(v.toks, func(t side) bool { return names.HasHan(t.surface) })
}

// takeCands returns room for n candidate ids that stays valid for the rest
// of the screen: from candBuf when it has room, else newly allocated (and
// kept for the next screens).
func (sc *scratch) takeCands(n int) []uint32 {
	k := len(sc.candBuf)
	if k+n > cap(sc.candBuf) {
		sc.candBuf = make([]uint32, 0, max(2*cap(sc.candBuf), 8*candidateLimit, n))
		k = 0
	}
	sc.candBuf = sc.candBuf[:k+n]
	return sc.candBuf[k : k+n : k+n]
}

// generates reports whether a query token takes part in candidate
// generation: the organisation's own words do; department, address and
// country words only count when candidates are scored.
func generates(t side, v *variant) bool {
	return t.role == names.RoleName || t.role == names.RoleDept || t.place || v.aside || !v.hasName
}

// candEntry is a candidate list computed during a screen, for the
// readings whose generating words are those of key.
type candEntry struct {
	key   *variant
	cands []uint32
}

// sameCandidateKey reports whether two readings generate candidates from
// the same words in the same order, with the same rule for which words
// generate.
func sameCandidateKey(a, b *variant) bool {
	if a == b {
		return true
	}
	if (a.aside || !a.hasName) != (b.aside || !b.hasName) {
		return false
	}
	i, j := 0, 0
	for {
		for i < len(a.toks) && !generates(a.toks[i], a) {
			i++
		}
		for j < len(b.toks) && !generates(b.toks[j], b) {
			j++
		}
		if i == len(a.toks) || j == len(b.toks) {
			return i == len(a.toks) && j == len(b.toks)
		}
		if a.toks[i].text != b.toks[j].text {
			return false
		}
		i, j = i+1, j+1
	}
}

// histBuckets is how many buckets keepTop sorts candidate values into.
const histBuckets = 256

// bucket is the histogram bucket of a candidate's value, on a log scale:
// the value's exponent and leading mantissa bits, read straight from its
// bits (the order of non-negative floats' bits is theirs). Values below
// 2^-8 share the lowest bucket.
func (c cand) bucket() int {
	b := int(^uint32(c>>32)>>19) - minBucketBits
	return min(max(b, 0), histBuckets-1)
}

// minBucketBits is 2^-8's bits shifted as in bucket.
const minBucketBits = 0x3b800000 >> 19

// keepTop drops, in one pass, candidates that cannot be among the k best:
// those in buckets below the highest bucket at which the count of
// candidates in it and the buckets above reaches k. hist counts cs per
// bucket. The rest is left for topK.
func keepTop(cs []cand, hist *[histBuckets]int32, k int) []cand {
	if len(cs) <= 2*k {
		return cs
	}
	n, tb := int32(0), 0
	for b := histBuckets - 1; b >= 0; b-- {
		n += hist[b]
		if n >= int32(k) {
			tb = b
			break
		}
	}
	if tb == 0 {
		return cs
	}
	// A candidate's bucket is at least tb exactly when its value's bits
	// shifted as in bucket are at least tb+minBucketBits, that is when
	// the candidate, whose high half holds the value's bits inverted, is
	// below the limit.
	limit := cand(^uint32((tb+minBucketBits)<<19))<<32 | cand(math.MaxUint32)
	// Branch-free: every candidate is written, and the write position
	// advances past the kept ones (whether one is kept is unpredictable).
	n = 0
	for _, c := range cs {
		cs[n] = c
		n += int32(b2i(c <= limit))
	}
	return cs[:n]
}

// b2i is 1 for true and 0 for false, without a branch.
func b2i(b bool) int {
	var i int
	if b {
		i = 1
	}
	return i
}

// topK returns the k best candidates, best first. It reorders cs.
func topK(cs []cand, k int) []cand {
	cs = selectTop(cs, k)
	slices.Sort(cs)
	return cs
}

// selectTop returns the k best candidates (all of cs when it holds no
// more), in no particular order. It partitions around pivots until the k
// best are at the front (expected linear time), then sorts only the
// stretch around the boundary. It reorders cs.
func selectTop(cs []cand, k int) []cand {
	if len(cs) <= k {
		return cs
	}
	lo, hi := 0, len(cs) // the boundary after the k-th best lies in [lo, hi]
	for hi-lo > 16 {
		// Median of three as the pivot, moved to the end.
		a, b, c := lo, lo+(hi-lo)/2, hi-1
		if cs[b] < cs[a] {
			a, b = b, a
		}
		if cs[c] < cs[b] {
			b = c
			if cs[b] < cs[a] {
				b = a
			}
		}
		cs[b], cs[hi-1] = cs[hi-1], cs[b]
		p := cs[hi-1]
		i := lo
		// Lomuto's partition without a branch: [i, j) holds candidates
		// not below the pivot, so swapping cs[j] into place i and
		// advancing i only when it is below keeps that true.
		for j := lo; j < hi-1; j++ {
			x := cs[j]
			cs[j] = cs[i]
			cs[i] = x
			i += b2i(x < p)
		}
		cs[i], cs[hi-1] = cs[hi-1], cs[i]
		switch {
		case i == k || i == k-1:
			lo, hi = i, i
		case i > k:
			hi = i
		default:
			lo = i + 1
		}
	}
	// Few enough left: sort that stretch so the front k are the best.
	slices.Sort(cs[lo:hi])
	return cs[:k]
}

// intersectTokens calls fn for every name holding both tokens a and b, in
// ascending order of name id. Two tokens too common to open candidates
// have their names as bit sets (commonBits): the sets' common bits are
// found a word at a time. Other tokens' postings are intersected.
func (ix *Index) intersectTokens(a, b uint32, fn func(uint32)) {
	ba, okA := ix.commonBits[a]
	bb, okB := ix.commonBits[b]
	if !okA || !okB {
		intersect(ix.postings[a], ix.postings[b], fn)
		return
	}
	bb = bb[:len(ba)]
	for i, w := range ba {
		for w &= bb[i]; w != 0; w &= w - 1 {
			fn(uint32(i*64 + bits.TrailingZeros64(w)))
		}
	}
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

// alignName aligns a query variant with one indexed name. The result's
// pairs live in sc and are valid until its next alignment.
//
// For a person, name parts are compared strictly (names.PersonCompare): a
// one-letter difference that is not a transliteration is weak evidence,
// and a name that extends another (Ivan/Ivana) is a different name.
func (ix *Index) alignName(v *variant, nr *nameRec, person bool, sc *scratch) alignment {
	ns, cands := ix.namePairs(v, nr, person, sc)
	return sc.al.alignPairs(v.toks, ns, cands)
}

// namePairs returns the name's tokens as sides and the token pairs of v
// and the name that may align, in query then list order: the first half
// of alignName, which a screen splits off to bound the score from the
// pairs (pairBound) before it aligns them. Both results live in sc.
func (ix *Index) namePairs(v *variant, nr *nameRec, person bool, sc *scratch) ([]side, []pair) {
	ns := sc.ns[:0]
	for _, id := range nr.toks {
		te := &ix.tokEnds[id]
		ns = append(ns, side{text: ix.tokens[id], w: float64(te.idf), legal: te.legal})
	}
	sc.ns = ns
	// Which query tokens expand to each name token (exp), from the
	// bound's table of the variant's expansions, and which may pair with
	// it at all (may): those and the ones sharing its first letter, the
	// initials and abbreviations found outside the expansions. One probe
	// per name token rather than a search of every query token's
	// expansion, and only the query tokens some name token may pair with
	// are visited. Past 64 query tokens there are no bits: every pair is
	// tried.
	bi := &sc.bound
	exp, may := bi.masks[:0], bi.mayPair[:0]
	visit := ^uint64(0)
	if len(v.toks) <= 64 {
		if bi.v != v {
			bi.prepare(v)
		}
		visit = 0
		for _, id := range nr.toks {
			var m uint64
			if bi.byID.mayHold(id) {
				m, _ = bi.byID.get(id)
			}
			exp = append(exp, m)
			m |= bi.byFirst[ix.tokEnds[id].first]
			may = append(may, m)
			visit |= m
		}
	} else {
		for range nr.toks {
			exp, may = append(exp, ^uint64(0)), append(may, ^uint64(0))
		}
	}
	bi.masks, bi.mayPair = exp, may
	cands := sc.al.cands[:0]
	// The query tokens in order: visit's bits, or every one past 64.
	few := len(v.toks) <= 64
	for qi := -1; ; {
		if few {
			if visit == 0 {
				break
			}
			qi = bits.TrailingZeros64(visit)
			visit &= visit - 1
		} else if qi++; qi == len(v.toks) {
			break
		}
		bit := uint64(1) << (qi & 63)
		e, a := v.exp[qi], v.toks[qi].text
		// A word written in Chinese characters is what it says: its
		// reading may sound like another place's ("咸阳" Xianyang,
		// "信阳" Xinyang) but names only what reads or means the same.
		han := v.toks[qi].han
		for nj, id := range nr.toks {
			if may[nj]&bit == 0 {
				continue
			}
			if exp[nj]&bit != 0 {
				if s, ok := e.lookup(id); ok {
					if person && s.How != names.HowExact {
						s = names.PersonCompare(a, ns[nj].text)
					}
					if s.Sim > 0 && !(han && s.Sim < 1) {
						cands = append(cands, pair{qi, nj, s})
					}
					continue
				}
			}
			if han {
				continue
			}
			if s, ok := leftoverPair(a, ns[nj].text); ok {
				cands = append(cands, pair{qi, nj, s})
			}
		}
	}
	sc.al.cands = cands
	return ns, cands
}

// leftoverPair is how a query token a pairs with a name token b that the
// query's expansion does not hold: expansions cover the query side, so
// what is left is an initial on either side, or an abbreviation on the
// list's side.
func leftoverPair(a, b string) (names.TokenSim, bool) {
	// Either case below needs these lengths; most pairs namePairs asks
	// about (words sharing a first letter) have neither, and are told so
	// without reading the name token's letters, a cache miss.
	if len(a) != 1 && len(b) != 1 && (len(b) < 3 || len(b) >= len(a)) {
		return names.TokenSim{}, false
	}
	if a == "" || b == "" || a[0] != b[0] || names.HasDigit(a) || names.HasDigit(b) {
		return names.TokenSim{}, false
	}
	switch {
	case len(a) == 1 || len(b) == 1:
		if !names.IsDigits(a) && !names.IsDigits(b) && !(len(b) == 1 && isCountryWord(a)) {
			return names.TokenSim{Sim: names.SimInitial, How: names.HowInitial}, true
		}
	case len(b) >= 3 && len(b) < len(a) && (len(b) <= 4 || !strings.HasPrefix(a, b)) && names.IsAbbreviation(b, a):
		return names.TokenSim{Sim: names.SimAbbreviation, How: names.HowAbbreviation}, true
	}
	return names.TokenSim{}, false
}

// isCountryWord reports whether w names a country ("usa", "germany"): a
// country written without a comma after a name ("Northtown USA") is the
// address, not the word a listed initial ("Northtown U") stands for.
func isCountryWord(w string) bool {
	_, ok := names.CountryCode(w)
	return ok
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
func adjust(al alignment, v *variant, nr *nameRec, e *entRec, ix *Index, trustUnique bool) (float64, countryFeature) {
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
		limit, how := acronymCap, "acronym_only"
		if cf.how == "country_match" {
			limit = acronymCountryCap
		}
		if trustUnique && (al.score >= 1 || legalFormsLeft(al, v)) && cf.how != "country_mismatch" && len(nr.toks) == 1 && len(ix.tokens[nr.toks[0]]) >= minTrustedAcronym {
			switch ix.acronymHolders(nr.toks[0], nr.entity, v.countries) {
			case holderOnly:
				limit, how = UniqueAcronymScore, "unique_acronym"
				if cf.how == "country_match" {
					limit = UniqueAcronymCountryScore
				}
			case holderOnlyInCountry:
				limit, how = UniqueAcronymCountryScore, "unique_acronym"
			}
			if how == "unique_acronym" {
				// A one-word name derived from the registry's ("X" of
				// "X (Country)") is the holder's own as much, and a legal
				// form written after it ("X LLC") takes nothing from it.
				score = 1
			}
		}
		// The cap scales rather than clips, so that an acronym written
		// exactly still ranks above one it merely resembles.
		score *= limit
		if cf.how == "" {
			cf.how = how
		} else {
			cf.how += "+" + how
		}
		cf.factor = limit
	}
	return score, cf
}

// legalFormsLeft reports whether al pairs every word of the reading
// exactly but legal forms, which it leaves ("X LLC" for a listed "X").
func legalFormsLeft(al alignment, v *variant) bool {
	for _, p := range al.pairs {
		if p.sim.Sim < names.SimExact {
			return false
		}
	}
	for i, t := range v.toks {
		if !t.legal && !slices.ContainsFunc(al.pairs, func(p pair) bool { return p.q == i }) {
			return false
		}
	}
	return len(al.pairs) > 0
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
		// The length first: ownWords looks every token up.
		t := ix.tokens[nr.toks[p.n]]
		return len(t) <= maxAcronymLen && (nr.kind == watchlist.NameAcronym || ownWords(nr, ix) == 1)
	}
	return false
}

// ownWords counts a listed name's tokens other than legal forms: "CA,
// Inc." is one word, an acronym, as much as "CA" is.
func ownWords(nr *nameRec, ix *Index) int {
	n := 0
	for _, id := range nr.toks {
		if !names.IsLegalForm(ix.tokens[id]) {
			n++
		}
	}
	return n
}

func overlaps(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y || sameCountry(x, y) {
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
	var buf [8]Step
	var seen [9]int32
	seen[0] = int32(id)
	n := 0
	cur := int32(id)
	for depth := 0; depth < 8; depth++ {
		ps := ix.entities[cur].parents
		if len(ps) == 0 {
			break
		}
		p := ps[0]
		if p.entity < 0 {
			buf[n] = Step{Relation: string(p.typ), Name: p.name}
			n++
			break
		}
		if slices.Contains(seen[:n+1], p.entity) {
			break
		}
		seen[n+1] = p.entity
		e := &ix.entities[p.entity]
		buf[n] = Step{Relation: string(p.typ), List: e.list, SourceID: e.sourceID, Name: e.name}
		n++
		cur = p.entity
	}
	steps := make([]Step, n)
	copy(steps, buf[:n])
	return steps
}

// explain turns an alignment into evidence items.
func (ix *Index) explain(v *variant, nr *nameRec, nid uint32, al alignment, cf countryFeature, sc *scratch) []Evidence {
	listToks := ix.surfacesOf(nid)
	surface := func(j int) string {
		if j < len(listToks) && listToks[j].ok {
			return listToks[j].surface
		}
		return ix.tokens[nr.toks[j]]
	}
	usedQ := resetBools(&sc.usedQ, len(v.toks))
	usedN := resetBools(&sc.usedN, len(nr.toks))
	for _, p := range al.pairs {
		usedQ[p.q], usedN[p.n] = true, true
	}
	n := len(al.pairs)
	for _, u := range usedQ {
		if !u {
			n++
		}
	}
	for _, u := range usedN {
		if !u {
			n++
		}
	}
	if cf.how != "" {
		n++
	}
	out := make([]Evidence, 0, n)
	for _, p := range al.pairs {
		q := v.toks[p.q]
		how := string(p.sim.How)
		if p.sim.How == names.HowExact {
			if q.how != names.HowExact {
				how = string(q.how)
			} else if j := p.n; j < len(listToks) && listToks[j].ok && listToks[j].how != names.HowExact {
				how = string(listToks[j].how)
			}
		}
		out = append(out, Evidence{
			Query: q.surface, List: surface(p.n), Token: ix.tokens[nr.toks[p.n]], How: how,
			Similarity: round(p.sim.Sim), Weight: round((q.w + float64(ix.idf[nr.toks[p.n]])) / 2), Role: q.role.String(),
		})
	}
	for i, q := range v.toks {
		if !usedQ[i] {
			out = append(out, Evidence{Query: q.surface, Token: q.text, How: "unmatched_query", Weight: round(q.w * q.unmatched(q.role)), Role: q.role.String()})
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

// surface is how an indexed name writes one of its tokens.
type surface struct {
	surface string
	how     names.How
	// ok is false when tokenising the name again did not give the token
	// at this position: then the token's text stands for its surface.
	ok bool
}

// surfacesOf returns how name nid writes each of its tokens, tokenising the
// name the first time an explanation needs it and keeping the result.
func (ix *Index) surfacesOf(nid uint32) []surface {
	if p := ix.surfaces[nid].Load(); p != nil {
		return *p
	}
	nr := &ix.names[nid]
	listToks := names.Tokenize(nr.value)
	out := make([]surface, min(len(listToks), len(nr.toks)))
	for j := range out {
		if listToks[j].Text == ix.tokens[nr.toks[j]] {
			out[j] = surface{surface: listToks[j].Surface, how: listToks[j].How, ok: true}
		}
	}
	ix.surfaces[nid].Store(&out)
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
		case "university", "institute", "college", "academy", "hospital", "laboratory", "company", "corporation", "limited",
			"center", "centre", "school", "foundation", "agency", "council", "society", "observatory", "museum", "clinic":
			head = true
		default:
			own = own || !names.IsGeneric(t.Text)
		}
	}
	return len(ts) >= 2 && head && own
}

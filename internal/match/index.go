// Package match screens names against listed entities. It builds an
// immutable in-memory index (an inverted index over canonical tokens plus a
// character-trigram index over the token vocabulary), generates candidates
// from it fast, then scores each candidate precisely with a rarity-weighted
// token alignment that it reports as the explanation. It is pure: no I/O,
// no clock, deterministic.
package match

import (
	"cmp"
	"hash/maphash"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/collabcheck/collabcheck/internal/names"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// entRec is what the index keeps of a listed entity.
type entRec struct {
	list        string
	sourceID    string
	name        string
	kind        watchlist.Kind
	countries   []string
	memberships []watchlist.Membership
	parents     []parentLink
}

type parentLink struct {
	entity int32 // index into entities, or -1 when only named
	name   string
	typ    watchlist.RelationType
}

// nameRec is one indexed name of an entity.
type nameRec struct {
	entity uint32
	kind   watchlist.NameKind
	value  string
	toks   []uint32
	weight float32 // sum of the token weights, for candidate ranking
	// derived marks a shortened form of a listed name (its parenthetical
	// or the part after a comma dropped): a match on it counts a little
	// less than one on a name as listed.
	derived bool
	// han marks a name written in Chinese characters (names.HasHan of
	// value), which screening asks of the names it compares.
	han bool
}

// qualifiesCity reports whether name's parenthetical follows the name of
// the entity's own city, telling that town from a namesake ("University of
// Frankfurt (Oder)", not Frankfurt am Main): without it the name would be
// another organisation's. A country in brackets ("X Northtown (Germany)",
// a company named after its town) tells the company's country, not a
// town's.
func qualifiesCity(name string, addrs []watchlist.Address) bool {
	i := strings.IndexByte(name, '(')
	if i < 0 {
		return false
	}
	if j := strings.IndexByte(name[i:], ')'); j > 0 && isCountry(name[i+1:i+j]) {
		return false
	}
	before := names.Normalize(name[:i])
	for _, a := range addrs {
		if c := names.Normalize(a.City); c != "" && strings.HasSuffix(before, c) && (len(before) == len(c) || before[len(before)-len(c)-1] == ' ') {
			return true
		}
	}
	return false
}

// hasOwnWord reports whether name holds a word of its own beyond common
// institutional vocabulary: "School of Medicine", the first part of
// "School of Medicine, University of X", names no one organisation.
func hasOwnWord(name string) bool {
	return slices.ContainsFunc(names.Tokenize(name), func(t names.Token) bool { return !names.IsGeneric(t.Text) })
}

// isCountry reports whether s is a country's name: "Ministry of Defence,
// Sri Lanka" is cited as "Ministry of Defence" with the country apart.
func isCountry(s string) bool { return isCountryWord(names.Normalize(s)) }

// derivedRankTie raises a derived name's weight in candidate ranking just
// enough to rank it after a listed name of the same words.
const derivedRankTie = 1.0001

// derivedFactor scales a score reached through a derived name, so that a
// parent whose own name is "X" outranks a child listed as "X, Y Campus".
const derivedFactor = 0.96

// Index is an immutable snapshot of every listed name, ready to screen
// against. It is safe for concurrent use; a new list version builds a new
// Index that replaces the old one atomically (see Holder).
type Index struct {
	// openCap, when set, replaces genCap (see SetOpenCap).
	openCap  int
	entities []entRec
	names    []nameRec
	vocab    map[string]uint32
	tokens   []string
	legal    []bool
	idf      []float32
	maxIDF   float32
	postings [][]uint32
	grams    multiIndex // trigram → tokens, for two-edit typos
	dels     multiIndex // one-deletion form (hashed) → forms, for typos
	forms    []form     // written forms of tokens (see form)
	// maxFormRunes is the length in runes of the longest form: a word
	// longer by more than the edits a typo allows is a typo of none (see
	// beyondTypos).
	maxFormRunes int
	// written holds the forms names write that are no token themselves,
	// sorted by text: the end of forms (see Writes).
	written []form
	sorted  []uint32
	skel    map[string][]uint32
	nicks   map[string][]uint32
	byKey   map[string]int32 // list + "\x00" + source id → entity
	// acronyms maps the token of a one-word name that is an acronym, or
	// short enough to read as one ("CERN" registered as a label), to the
	// entities that list it.
	acronyms map[uint32][]uint32
	// nameInfo holds the weight candidate ranking divides by (names[i].weight,
	// raised for a derived name) and tokOff[i] densely, so that candidate
	// generation reads both with one memory access.
	nameInfo []nameInfo
	// nameCountry holds, per name, its entity's country as its number in
	// countryID: 0 when it has none, manyCountries when it has several.
	// Candidate ranking reads it densely (see rankByCountry).
	nameCountry []uint16
	countryID   map[string]uint16
	// walkEntries holds postings for candidate generation, token after
	// token (see genTok): each entry is a name with its place, the index
	// of its cell in the accumulator (see orderNames), sorted by place.
	// accPlace maps a name to its place.
	walkEntries []walkEntry
	accPlace    []uint32
	// commonBits holds, for each token too common to open candidates
	// (in more than genLimit names), the set of names holding it as
	// bits by name id, so that intersecting two of them (see
	// candidates) is a pass over two dense arrays rather than a search
	// of thousands of postings.
	commonBits map[uint32][]uint64
	// genTok holds what candidate generation reads of each token
	// densely, one memory access for all of it where idf, postings and
	// walk lists would take one each; it has one entry more than tokens.
	genTok  []genTok
	tokData []uint32 // the tokens of every name, name after name
	tokOff  []uint32 // name i's tokens are tokData[tokOff[i]:tokOff[i+1]]
	// tokEnds holds each vocabulary token's weight (idf) beside its first
	// and last byte and legal mark, for alignBound and namePairs, which
	// read them of every token of every name they bound or pair: one
	// memory access rather than two or three.
	tokEnds []tokEnd
	// wordBits is a bit set of the vocabulary words' hashes, wordMask
	// its size in bits less one (see MayKnow).
	wordBits []uint64
	wordMask uint64
	// exactNames maps the hash of a name's tokens (seqHash) to the name,
	// or to -1 when names of two different token sequences share the
	// hash, so that IsName finds a name written exactly without reading
	// the names holding its rarest token one by one.
	exactNames map[uint64]int32
	scratch    sync.Pool
	gramCounts sync.Pool                   // *gramCounter
	expCache   sync.Map                    // query word the lists do not know → *expansion
	expByID    []atomic.Pointer[expansion] // listed word → its expansion, once computed
	expCount   atomic.Int64
	// missCache holds Misspelling's findings per unknown word, bounded as
	// expCache is.
	missCache sync.Map
	missCount atomic.Int64
	// surfaces holds, per name, how it writes its tokens, once an
	// explanation has needed it (see surfacesOf).
	surfaces []atomic.Pointer[[]surface]
}

// nameInfo is what candidate generation reads of a name when it ranks it.
type nameInfo struct {
	off    uint32 // tokOff
	weight float32
}

// tokEnd is what alignBound and namePairs read of a token: its weight,
// its first and last byte (0 for an empty token) and its legal mark.
type tokEnd struct {
	idf         float32
	first, last byte
	legal       bool // the token is a legal form (Index.legal), for namePairs
}

// genTok is what candidate generation reads of a token: its weight (idf),
// how many names hold it, and where its walk entries start (they end where
// the next token's start).
type genTok struct {
	idf  float32
	df   uint32
	walk uint32
}

// walkEntry is a name in walkEntries: its place in the order of the
// candidate accumulator, and its id.
type walkEntry struct {
	place, name uint32
}

// form is a way a token is written in the lists: the token itself, or a
// surface it was canonicalised from ("sciences" for "science"). Typos are
// looked for among forms, so a misspelt plural or abbreviation still finds
// its token.
type form struct {
	text  string
	token uint32
}

// Builder collects entities and builds an Index. It is not safe for
// concurrent use.
type Builder struct {
	ix      *Index
	surface map[string]uint32 // written surface → token, for typo forms
	pending []pendingRel
	df      []uint32
	// oneWord holds the shorter names withoutCity leaves with one word
	// of their own, added at Build when only one organisation yields each.
	oneWord []pendingName
}

// pendingName is a shorter name withoutCity left with one word of its
// own: key is its normalised text, own that word.
type pendingName struct {
	entity int32
	name   watchlist.Name
	key    string
	own    string
}

type pendingRel struct {
	entity int32
	rel    watchlist.Relation
	list   string
}

// NewBuilder returns an empty Builder.
func NewBuilder() *Builder {
	return &Builder{ix: &Index{vocab: map[string]uint32{}, byKey: map[string]int32{}, acronyms: map[uint32][]uint32{}}, surface: map[string]uint32{}}
}

// SetOpenCap sets how many names a word may be in and still open
// candidates by itself (genCap by default; a word in more names only adds
// to the candidates rarer words open). A lower cap scores fewer names per
// query: the affiliation resolver, which reads many readings of each
// string, trades the little recall the last few hundred names add for
// speed. Call it before Build.
func (b *Builder) SetOpenCap(n int) { b.ix.openCap = n }

// Add indexes an entity of the named list. An entity's names are indexed
// with the forms derived from them (without a parenthetical, without the
// city that ends them, …); working those out and tokenising them is most
// of the work, which a Feeder spreads over the processors.
func (b *Builder) Add(list string, e *watchlist.Entity) {
	p := prepare(e)
	b.add(list, &p)
}

// prepared is what Add works out of an entity before it touches the
// Builder: the names to index, tokenised, and the city-less names left
// with one word of their own (see withoutCity). prepare needs no Builder
// state, so entities may be prepared concurrently and added in order.
type prepared struct {
	e       *watchlist.Entity
	names   []preparedName
	oneWord []pendingName // entity is set when added
}

// preparedName is one name to index, with its tokens.
type preparedName struct {
	name    watchlist.Name
	derived bool // made from a listed name, and not itself listed
	toks    []names.Token
	han     bool
}

// prepare works out the names of e to index (see Add).
func prepare(e *watchlist.Entity) prepared {
	p := prepared{e: e}
	var all []watchlist.Name
	derived := map[int]bool{} // index in all of names made from a listed one
	for _, n := range e.Names {
		all = append(all, n)
		// "Nexteer Automotive (Hong Kong)" is also written without its
		// parenthetical; index that form too so the aside does not count
		// against queries that leave it out.
		if short := names.WithoutParentheticals(n.Value); short != n.Value && short != "" && !qualifiesCity(n.Value, e.Addresses) {
			derived[len(all)] = true
			all = append(all, watchlist.Name{Value: short, Lang: n.Lang, Kind: n.Kind})
		}
		for _, part := range names.AlsoKnownAs(n.Value) {
			all = append(all, watchlist.Name{Value: part, Lang: n.Lang, Kind: watchlist.NameAlias})
		}
		// "X Laboratory, Ministry of Education" is often cited as its first
		// part alone.
		if head, tail, ok := strings.Cut(n.Value, ","); ok && len(strings.Fields(head)) >= 3 && !names.IsLegalTail(tail) && (hasOwnWord(head) || isCountry(tail)) {
			derived[len(all)] = true
			all = append(all, watchlist.Name{Value: head, Lang: n.Lang, Kind: n.Kind})
		}
		if e.Kind == watchlist.KindOrganization {
			// "The University of Texas MD Anderson Cancer Center" is
			// often cited with the initials dotted apart: "M.D. Anderson".
			if dotted := dottedInitials(n.Value); dotted != "" {
				derived[len(all)] = true
				all = append(all, watchlist.Name{Value: dotted, Lang: n.Lang, Kind: n.Kind})
			}
			// "Richard L. Roudebush VA Medical Center" is often cited
			// without its namesake's given name and initials.
			if short := withoutGivenNames(n.Value); short != "" {
				derived[len(all)] = true
				all = append(all, watchlist.Name{Value: short, Lang: n.Lang, Kind: n.Kind})
			}
			// A Russian institution's official name is cited without its
			// legal preamble and the ministry it answers to.
			for _, core := range withoutPreamble(n.Value) {
				derived[len(all)] = true
				all = append(all, watchlist.Name{Value: core, Lang: n.Lang, Kind: n.Kind})
			}
		}
		// "Johannes Gutenberg University Mainz" is often cited without
		// the city it is named after. Left with one word of its own
		// ("Humboldt-Universität" of "… zu Berlin"), the shorter name
		// is kept only if no other organisation yields it too ("Purdue
		// University" of two campuses): see Build.
		if e.Kind == watchlist.KindOrganization {
			for _, a := range e.Addresses {
				short, own := withoutCity(n.Value, a.City)
				switch {
				case len(own) >= 2:
					derived[len(all)] = true
					all = append(all, watchlist.Name{Value: short, Lang: n.Lang, Kind: n.Kind})
				case len(own) == 1:
					p.oneWord = append(p.oneWord, pendingName{name: watchlist.Name{Value: short, Lang: n.Lang, Kind: n.Kind}, key: names.Normalize(short), own: own[0]})
				}
			}
		}
	}
	// A shortened form that is also one of the entity's listed names
	// ("University of Nevada" beside "University of Nevada, Reno") is
	// indexed as listed.
	listed := make(map[string]bool, len(e.Names))
	for _, n := range e.Names {
		listed[n.Value] = true
	}
	seen := make(map[string]bool, len(all))
	for i, n := range all {
		if n.Value == "" || seen[n.Value] {
			continue
		}
		seen[n.Value] = true
		p.names = append(p.names, prepareName(n, derived[i] && !listed[n.Value]))
	}
	return p
}

// prepareName tokenises one name to index.
func prepareName(n watchlist.Name, derived bool) preparedName {
	return preparedName{name: n, derived: derived, toks: names.Tokenize(n.Value), han: names.HasHan(n.Value)}
}

// add indexes a prepared entity of the named list.
func (b *Builder) add(list string, p *prepared) {
	ix, e := b.ix, p.e
	id := int32(len(ix.entities))
	ix.entities = append(ix.entities, entRec{
		list: list, sourceID: e.SourceID, name: e.PrimaryName(), kind: e.Kind,
		countries: e.Countries, memberships: e.Memberships,
	})
	ix.byKey[list+"\x00"+e.SourceID] = id
	for _, w := range p.oneWord {
		w.entity = id
		b.oneWord = append(b.oneWord, w)
	}
	for i := range p.names {
		b.addName(id, &p.names[i])
	}
	for _, r := range e.Relations {
		if r.Type == watchlist.RelParent || r.Type == watchlist.RelOwner {
			b.pending = append(b.pending, pendingRel{entity: id, rel: r, list: list})
		}
	}
}

// addName indexes one name of entity id.
func (b *Builder) addName(id int32, p *preparedName) {
	ix, n, toks := b.ix, p.name, p.toks
	if len(toks) == 0 {
		return
	}
	rec := nameRec{entity: uint32(id), kind: n.Kind, value: n.Value, toks: make([]uint32, 0, len(toks)), derived: p.derived, han: p.han}
	uniq := map[uint32]bool{}
	for _, t := range toks {
		tid := b.intern(t)
		rec.toks = append(rec.toks, tid)
		if !uniq[tid] {
			uniq[tid] = true
			b.df[tid]++
			ix.postings[tid] = append(ix.postings[tid], uint32(len(ix.names)))
		}
	}
	ix.names = append(ix.names, rec)
	if len(rec.toks) == 1 && (n.Kind == watchlist.NameAcronym || len(ix.tokens[rec.toks[0]]) <= maxAcronymLen) {
		if hs := ix.acronyms[rec.toks[0]]; !slices.Contains(hs, uint32(id)) {
			ix.acronyms[rec.toks[0]] = append(hs, uint32(id))
		}
	}
}

// maxOneWordDF is how many listed names may hold the one word of its own
// a city-less name keeps: "Humboldt" (of "Humboldt-Universität zu
// Berlin") is in a dozen, "General" (of "General Hospital, X") in hundreds.
const maxOneWordDF = 25

// addOneWordNames indexes the names withoutCity left with one word of
// their own, each only when that word is rare among the listed names and
// one organisation alone yields the name ("Purdue University" of two
// campuses is neither's).
func (b *Builder) addOneWordNames() {
	by := map[string][]int32{}
	for _, p := range b.oneWord {
		if !slices.Contains(by[p.key], p.entity) {
			by[p.key] = append(by[p.key], p.entity)
		}
	}
	done := map[string]bool{}
	for _, p := range b.oneWord {
		if len(by[p.key]) != 1 || done[p.key] {
			continue
		}
		if id, ok := b.ix.vocab[p.own]; ok && b.df[id] > maxOneWordDF {
			continue
		}
		done[p.key] = true
		pn := prepareName(p.name, true)
		b.addName(p.entity, &pn)
	}
	b.oneWord = nil
}

// cityConnectors join a name to the city that ends it ("University in
// Poznań", "Universität zu Kiel").
var cityConnectors = map[string]bool{"in": true, "at": true, "zu": true, "de": true, "di": true, "du": true, "del": true, "da": true, "of": true}

// withoutCity returns name without the city that ends it and the words of
// its own that are left (beyond common vocabulary and legal forms), or ""
// when it does not end with the city or what is left would not identify
// the organisation on its own: a word of its own must remain that is not
// a place, so "Technische Universität Dresden" or "University of Texas at
// Austin" keep their city.
func withoutCity(name, city string) (string, []string) {
	if city == "" || len(name) <= len(city) {
		return "", nil
	}
	// Cheap test first: ending in different ASCII letters, the name
	// cannot end with the city.
	if a, b := name[len(name)-1]|0x20, city[len(city)-1]|0x20; a >= 'a' && a <= 'z' && b >= 'a' && b <= 'z' && a != b {
		return "", nil
	}
	c := strings.Fields(names.Normalize(city))
	if len(c) == 0 {
		return "", nil
	}
	words := strings.Fields(strings.NewReplacer(",", " ", "-", " ").Replace(name))
	if len(words) <= len(c)+1 {
		return "", nil
	}
	tail := words[len(words)-len(c):]
	for i, w := range tail {
		if names.Normalize(w) != c[i] {
			return "", nil
		}
	}
	rest := words[:len(words)-len(c)]
	if cityConnectors[strings.ToLower(rest[len(rest)-1])] {
		rest = rest[:len(rest)-1]
	}
	short := strings.Join(rest, " ")
	var own []string
	for _, t := range names.Tokenize(short) {
		if !names.IsGeneric(t.Text) && !t.Legal {
			own = append(own, t.Text)
		}
	}
	if len(own) == 0 || len(own) == 1 && isPlace(own[0]) {
		return "", nil
	}
	return short, own
}

// isPlace reports whether the normalised word w names a region or a
// country: "University of Texas" of "University of Texas at Austin" is a
// system of campuses, while "Humboldt-Universität" of "Humboldt-Universität
// zu Berlin" is the one university.
func isPlace(w string) bool {
	_, country := names.CountryCode(w)
	return country || names.IsRegion(w)
}

func (b *Builder) intern(t names.Token) uint32 {
	ix := b.ix
	id, ok := ix.vocab[t.Text]
	if !ok {
		id = b.newToken(t)
	}
	if t.Surface != t.Text && !strings.ContainsRune(t.Surface, ' ') && !names.HasHan(t.Surface) {
		if _, seen := b.surface[t.Surface]; !seen {
			b.surface[t.Surface] = id
		}
	}
	return id
}

func (b *Builder) newToken(t names.Token) uint32 {
	ix := b.ix
	id := uint32(len(ix.tokens))
	ix.vocab[t.Text] = id
	ix.tokens = append(ix.tokens, t.Text)
	ix.legal = append(ix.legal, t.Legal)
	ix.postings = append(ix.postings, nil)
	b.df = append(b.df, 0)
	return id
}

// Build finishes the index: token weights, the trigram, prefix, phonetic
// and nickname maps over the vocabulary, and relation links. The Builder
// must not be used afterwards.
func (b *Builder) Build() *Index {
	b.addOneWordNames()
	ix := b.ix
	seed := maphash.MakeSeed()
	for id, t := range ix.tokens {
		ix.forms = append(ix.forms, form{t, uint32(id)})
	}
	for abbr, canon := range names.Abbreviations() {
		if id, ok := ix.vocab[canon]; ok {
			if _, seen := b.surface[abbr]; !seen {
				b.surface[abbr] = id
			}
		}
	}
	surfaces := make([]string, 0, len(b.surface))
	for s := range b.surface {
		if _, isToken := ix.vocab[s]; !isToken {
			surfaces = append(surfaces, s)
		}
	}
	sort.Strings(surfaces)
	for _, s := range surfaces {
		ix.forms = append(ix.forms, form{s, b.surface[s]})
	}
	ix.written = ix.forms[len(ix.tokens):]
	for _, f := range ix.forms {
		ix.maxFormRunes = max(ix.maxFormRunes, utf8.RuneCountInString(f.text))
	}
	// The typo indexes over the vocabulary and its written forms take
	// the longest and depend on nothing else built here: they are built
	// beside the rest.
	var multi sync.WaitGroup
	multi.Go(func() {
		ix.grams = buildMulti(seed, func(emit func(uint64, uint32)) {
			for id, t := range ix.tokens {
				if len(t) >= 4 {
					for _, g := range trigrams(t) {
						emit(g, uint32(id))
					}
				}
			}
		})
	})
	multi.Go(func() {
		ix.dels = buildMulti(seed, func(emit func(uint64, uint32)) {
			for i, f := range ix.forms {
				emitDeletions(seed, f.text, uint32(i), emit)
			}
		})
	})
	n := float64(len(ix.names)) + 1
	ix.idf = make([]float32, len(ix.tokens))
	for i, df := range b.df {
		w := float32(math.Log(n / (float64(df) + 0.5)))
		if w < 0.05 {
			w = 0.05
		}
		if ix.legal[i] {
			w *= legalFactor
		}
		ix.idf[i] = w
	}
	ix.maxIDF = float32(math.Log(n / 0.5))
	// Keep every name's tokens in one array, each name's slice pointing
	// into it, so that candidate ranking reads them with one memory access
	// through the dense offsets rather than two through the name record.
	total := 0
	for i := range ix.names {
		total += len(ix.names[i].toks)
	}
	ix.tokData = make([]uint32, 0, total)
	ix.tokOff = make([]uint32, len(ix.names)+1)
	for i := range ix.names {
		ix.tokOff[i] = uint32(len(ix.tokData))
		ix.tokData = append(ix.tokData, ix.names[i].toks...)
		ix.names[i].toks = ix.tokData[ix.tokOff[i]:len(ix.tokData):len(ix.tokData)]
	}
	ix.tokOff[len(ix.names)] = uint32(len(ix.tokData))
	ix.exactNames = make(map[uint64]int32, len(ix.names))
	for i := range ix.names {
		toks := ix.tokData[ix.tokOff[i]:ix.tokOff[i+1]]
		h := seqHash(toks)
		if k, ok := ix.exactNames[h]; !ok {
			ix.exactNames[h] = int32(i)
		} else if k >= 0 && !slices.Equal(ix.tokData[ix.tokOff[k]:ix.tokOff[k+1]], toks) {
			ix.exactNames[h] = -1
		}
	}
	ix.wordFilter()
	ix.expByID = make([]atomic.Pointer[expansion], len(ix.tokens))
	ix.surfaces = make([]atomic.Pointer[[]surface], len(ix.names))
	ix.tokEnds = make([]tokEnd, len(ix.tokens))
	for id, t := range ix.tokens {
		ix.tokEnds[id].idf, ix.tokEnds[id].legal = ix.idf[id], ix.legal[id]
		if t != "" {
			ix.tokEnds[id].first, ix.tokEnds[id].last = t[0], t[len(t)-1]
		}
	}
	ix.nameInfo = make([]nameInfo, len(ix.names)+1)
	for i := range ix.names {
		var s float32
		for _, t := range ix.names[i].toks {
			s += ix.idf[t]
		}
		ix.names[i].weight = s
		rank := s
		if ix.names[i].derived {
			// A shortened form ranks just below a name listed with the
			// same words, which many derived forms may share ("X Academy"
			// for each "X Academy, Institute of Y"): else the
			// organisation listed so could be cut from the candidates. A
			// hair only, so it still ties with other names it tied with.
			rank = s * derivedRankTie
		}
		ix.nameInfo[i] = nameInfo{off: ix.tokOff[i], weight: rank}
	}
	ix.nameInfo[len(ix.names)].off = ix.tokOff[len(ix.names)]
	ix.indexCountries()
	order := ix.orderNames(b.df)
	ix.skel = map[string][]uint32{}
	ix.nicks = map[string][]uint32{}
	ix.sorted = make([]uint32, len(ix.tokens))
	for id, t := range ix.tokens {
		ix.sorted[id] = uint32(id)
		if len(t) >= 4 {
			if k := names.Skeleton(t); len(k) >= 3 {
				ix.skel[k] = append(ix.skel[k], uint32(id))
			}
		}
		if f := names.Nickname(t); f != t {
			ix.nicks[f] = append(ix.nicks[f], uint32(id))
		}
	}
	sort.Slice(ix.sorted, func(i, j int) bool { return ix.tokens[ix.sorted[i]] < ix.tokens[ix.sorted[j]] })
	b.linkRelations()
	multi.Wait()
	ix.gramCounts.New = func() any { return &gramCounter{counts: make([]uint16, len(ix.tokens))} }
	ix.scratch.New = func() any {
		acc := make([]accCell, len(ix.names))
		for place, nid := range order {
			acc[place].weight = ix.nameInfo[nid].weight
		}
		return &scratch{acc: acc, slot: make([]int32, len(ix.entities))}
	}
	b.ix, b.surface = nil, nil
	return ix
}

// orderNames chooses the order of names in candidate generation's
// accumulator and fills walkEntries, genTok and accPlace; it returns the names in
// that order. A screen walks the postings of a query's words that may open
// candidates (see genLimit) and adds to each name's cell: in the order of
// name ids, the names of one posting list lie scattered over the whole
// accumulator (about a megabyte, more than a core's fast caches), a cache
// miss each. Most of the entries walked are in the longest such lists,
// so names are ordered by their words, the most common word that may open
// candidates first (then the next, and so on): names sharing it take
// consecutive cells, and walking its postings reads whole cache lines of
// them (on the resolver's registry, a quarter fewer lines over all lists).
// Only where a name's sum is kept changes: sums, values and candidate ids
// are those of name order.
func (ix *Index) orderNames(df []uint32) []uint32 {
	// rank orders the tokens that may open candidates (see genLimit)
	// most common first, then those that may not; ties by id.
	limit := uint32(ix.genLimit())
	byDF := make([]uint32, len(ix.tokens))
	for i := range byDF {
		byDF[i] = uint32(i)
	}
	slices.SortFunc(byDF, func(a, b uint32) int {
		if ca, cb := df[a] > limit, df[b] > limit; ca != cb {
			if ca {
				return 1
			}
			return -1
		}
		if df[a] != df[b] {
			return cmp.Compare(df[b], df[a])
		}
		return cmp.Compare(a, b)
	})
	rank := make([]uint32, len(ix.tokens))
	for r, t := range byDF {
		rank[t] = uint32(r)
	}
	// Each name's key is its tokens' ranks, ascending, in one array.
	keyData := make([]uint32, 0, len(ix.tokData))
	keyOff := make([]uint32, len(ix.names)+1)
	for i := range ix.names {
		start := len(keyData)
		for _, t := range ix.names[i].toks {
			keyData = append(keyData, rank[t])
		}
		k := keyData[start:]
		slices.Sort(k)
		keyData = keyData[:start+len(slices.Compact(k))]
		keyOff[i+1] = uint32(len(keyData))
	}
	key := func(i uint32) []uint32 { return keyData[keyOff[i]:keyOff[i+1]] }
	// Sort by the first two ranks packed in an integer (1 + rank, 0 for
	// none, so that a shorter key comes first as slices.Compare has it),
	// and the rest of the key only on a tie: most comparisons are one.
	type item struct {
		head uint64
		name uint32
	}
	items := make([]item, len(ix.names))
	for i := range items {
		k := key(uint32(i))
		var h uint64
		if len(k) > 0 {
			h = uint64(k[0]+1) << 32
		}
		if len(k) > 1 {
			h |= uint64(k[1] + 1)
		}
		items[i] = item{h, uint32(i)}
	}
	slices.SortFunc(items, func(a, b item) int {
		if a.head != b.head {
			return cmp.Compare(a.head, b.head)
		}
		if c := slices.Compare(key(a.name), key(b.name)); c != 0 {
			return c
		}
		return cmp.Compare(a.name, b.name)
	})
	order := make([]uint32, len(ix.names))
	ix.accPlace = make([]uint32, len(ix.names))
	for place, it := range items {
		order[place] = it.name
		ix.accPlace[it.name] = uint32(place)
	}
	// Fill every token's list in one pass over the names in order, so
	// that each comes out sorted by place. A name's key holds each of its
	// tokens once, as its postings do.
	start := make([]int, len(ix.postings)+1)
	for t, ps := range ix.postings {
		start[t+1] = start[t] + len(ps)
	}
	entries := make([]walkEntry, start[len(ix.postings)])
	next := slices.Clone(start[:len(ix.postings)])
	for place, nid := range order {
		for _, r := range key(nid) {
			t := byDF[r]
			entries[next[t]] = walkEntry{uint32(place), nid}
			next[t]++
		}
	}
	ix.walkEntries = entries
	ix.genTok = make([]genTok, len(ix.postings)+1)
	for t, ps := range ix.postings {
		ix.genTok[t] = genTok{idf: ix.idf[t], df: uint32(len(ps)), walk: uint32(start[t])}
	}
	ix.genTok[len(ix.postings)].walk = uint32(start[len(ix.postings)])
	ix.commonBits = map[uint32][]uint64{}
	words := (len(ix.names) + 63) / 64
	for t, ps := range ix.postings {
		if uint32(len(ps)) <= limit {
			continue
		}
		bs := make([]uint64, words)
		for _, nid := range ps {
			bs[nid/64] |= 1 << (nid % 64)
		}
		ix.commonBits[uint32(t)] = bs
	}
	return order
}

// walkList returns token t's walk entries.
func (ix *Index) walkList(t uint32) []walkEntry {
	return ix.walkEntries[ix.genTok[t].walk:ix.genTok[t+1].walk]
}

// linkRelations resolves parent and owner relations to indexed entities:
// by source id within the same list, else by exact normalised name in any
// list. Unresolved targets are kept by name.
func (b *Builder) linkRelations() {
	ix := b.ix
	byName := map[string]int32{}
	for i, e := range ix.entities {
		k := names.Normalize(e.name)
		if _, dup := byName[k]; !dup {
			byName[k] = int32(i)
		}
	}
	for _, p := range b.pending {
		link := parentLink{entity: -1, name: p.rel.TargetName, typ: p.rel.Type}
		if p.rel.Target != "" {
			if t, ok := ix.byKey[p.list+"\x00"+p.rel.Target]; ok {
				link.entity = t
			}
		}
		if link.entity < 0 && p.rel.TargetName != "" {
			if t, ok := byName[names.Normalize(p.rel.TargetName)]; ok {
				link.entity = t
			}
		}
		if link.entity == p.entity || (link.entity < 0 && link.name == "") {
			continue
		}
		ix.entities[p.entity].parents = append(ix.entities[p.entity].parents, link)
	}
}

// trigrams returns hashed character trigrams of t, padded at both ends so
// that short words have several.
func trigrams(t string) []uint64 {
	rs := append(append([]rune{'^'}, []rune(t)...), '$')
	out := make([]uint64, 0, len(rs))
	for i := 0; i+3 <= len(rs); i++ {
		out = append(out, uint64(rs[i])<<42|uint64(rs[i+1])<<21|uint64(rs[i+2]))
	}
	return out
}

// Len returns how many entities and names the index holds.
func (ix *Index) Len() (entities, nameCount int) { return len(ix.entities), len(ix.names) }

// Lists returns the names of the lists in the index, sorted.
func (ix *Index) Lists() []string {
	seen := map[string]bool{}
	var out []string
	for _, e := range ix.entities {
		if !seen[e.list] {
			seen[e.list] = true
			out = append(out, e.list)
		}
	}
	sort.Strings(out)
	return out
}

// prefixed returns up to limit vocabulary tokens that start with p.
func (ix *Index) prefixed(p string, limit int) []uint32 {
	i := sort.Search(len(ix.sorted), func(i int) bool { return ix.tokens[ix.sorted[i]] >= p })
	var out []uint32
	for ; i < len(ix.sorted) && len(out) < limit; i++ {
		id := ix.sorted[i]
		if !strings.HasPrefix(ix.tokens[id], p) {
			break
		}
		out = append(out, id)
	}
	return out
}

// weight returns the weight of a vocabulary token, or of an unknown token.
func (ix *Index) weight(id int32, legal bool) float64 {
	if id >= 0 {
		return float64(ix.idf[id])
	}
	if legal {
		return float64(ix.maxIDF) * legalFactor
	}
	return float64(ix.maxIDF)
}

// legalFactor scales the weight of legal-form tokens: they rarely tell
// two companies apart.
const legalFactor = 0.1

// tokenIDs appends the vocabulary ids of ts to ids and says which of them
// is in the fewest names; ok is false when ts is empty or a token is not
// in the vocabulary (then no name holds them all).
func (ix *Index) tokenIDs(ids []uint32, ts []names.Token) (_ []uint32, rare int, ok bool) {
	if len(ts) == 0 {
		return ids, 0, false
	}
	rare = -1
	for _, t := range ts {
		id, known := ix.vocab[t.Text]
		if !known {
			return ids, 0, false
		}
		ids = append(ids, id)
		if rare < 0 || len(ix.postings[id]) < len(ix.postings[ids[rare]]) {
			rare = len(ids) - 1
		}
	}
	return ids, rare, true
}

// How an entity holds an acronym among all the index's entities.
const (
	holderShared        = iota // others list it too, also in the query's countries
	holderOnly                 // no other entity lists it
	holderOnlyInCountry        // others do, but none in a country the query names
)

// acronymHolders tells whether entity is the only one listing the acronym
// token tok, or the only one in the given countries.
func (ix *Index) acronymHolders(tok, entity uint32, countries []string) int {
	hs := ix.acronyms[tok]
	if len(hs) == 1 && hs[0] == entity {
		return holderOnly
	}
	if len(countries) == 0 || !overlaps(countries, ix.entities[entity].countries) {
		return holderShared
	}
	for _, h := range hs {
		if h != entity && overlaps(countries, ix.entities[h].countries) {
			return holderShared
		}
	}
	return holderOnlyInCountry
}

// dottedInitials returns name with each word of two capital letters after
// its first word ("MD", "PG") written as initials ("M. D."), or "" when
// the name has no such word or fewer than three words. Legal forms ("SA",
// "AB") and country codes ("UK") are left as they are: nobody dots them.
func dottedInitials(name string) string {
	words := strings.Fields(name)
	if len(words) < 3 {
		return ""
	}
	changed := false
	for i, w := range words[1:] {
		if len(w) != 2 || w[0] < 'A' || w[0] > 'Z' || w[1] < 'A' || w[1] > 'Z' {
			continue
		}
		lw := strings.ToLower(w)
		if names.IsLegalForm(lw) {
			continue
		}
		if _, country := names.CountryCode(lw); country {
			continue
		}
		words[i+1] = w[:1] + ". " + w[1:] + "."
		changed = true
	}
	if !changed {
		return ""
	}
	return strings.Join(words, " ")
}

// withoutGivenNames returns name from its namesake's surname on when it
// opens with a person's name written with initials ("Richard L.
// Roudebush VA Medical Center", "M. V. Lomonosov Moscow State
// University"), or "": a given name (or none) then one or two initials,
// then the surname and at least two more words.
func withoutGivenNames(name string) string {
	words := strings.Fields(name)
	i := 0
	if len(words) > 0 && !isInitial(words[0]) {
		i = 1 // the given name
	}
	k := i
	for k < len(words) && k-i < 2 && isInitial(words[k]) {
		k++
	}
	if k == i || len(words)-k < 3 {
		return ""
	}
	if i == 1 {
		r, _ := utf8.DecodeRuneInString(words[0])
		if !unicode.IsUpper(r) || len(words[0]) < 3 || names.IsOrgHead(names.Normalize(words[0])) {
			return ""
		}
	}
	return strings.Join(words[k:], " ")
}

// isInitial reports whether w is a capital letter and a full stop ("L.").
func isInitial(w string) bool {
	return len(w) == 2 && w[0] >= 'A' && w[0] <= 'Z' && w[1] == '.'
}

// officialPreamble matches the legal form that opens a Russian
// institution's official name in English ("Federal State Autonomous
// Educational Institution of Higher Education", "Federal State Institution
// of Science"), and officialMinistry the ministry that may close it ("of
// the Ministry of Health of the Russian Federation").
var (
	officialPreamble = regexp.MustCompile(`^(?:Federal |State )[\w\s-]*?Institution(?: of (?:Higher (?:Professional )?Education|Science|Culture|Healthcare))?\s+(?:of\s+)?`)
	officialMinistry = regexp.MustCompile(`\s+of the Ministry of .*$`)
)

// withoutPreamble returns the shorter forms authors write of a name that
// opens with a Russian institution's legal preamble: the name without it,
// and without the ministry after it too ("I.M. Sechenov First Moscow State
// Medical University"). It returns nothing for other names.
func withoutPreamble(name string) []string {
	loc := officialPreamble.FindStringIndex(name)
	if loc == nil {
		return nil
	}
	core := strings.Trim(name[loc[1]:], ` "“”«»`)
	if len(strings.Fields(core)) < 2 {
		return nil
	}
	out := []string{core}
	if short := strings.Trim(officialMinistry.ReplaceAllString(core, ""), ` "“”«»`); short != core && len(strings.Fields(short)) >= 2 {
		out = append(out, short)
	}
	return out
}

// manyCountries marks, in nameCountry, an entity of several countries.
const manyCountries = math.MaxUint16

// indexCountries fills nameCountry and countryID.
func (ix *Index) indexCountries() {
	ix.countryID = map[string]uint16{}
	ix.nameCountry = make([]uint16, len(ix.names))
	for i := range ix.names {
		cs := ix.entities[ix.names[i].entity].countries
		switch {
		case len(cs) == 0:
		case len(cs) > 1 || len(ix.countryID) >= manyCountries-1:
			ix.nameCountry[i] = manyCountries
		default:
			id, ok := ix.countryID[cs[0]]
			if !ok {
				id = uint16(len(ix.countryID) + 1)
				ix.countryID[cs[0]] = id
			}
			ix.nameCountry[i] = id
		}
	}
}

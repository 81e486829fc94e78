package match

import (
	"slices"
	"strings"

	"github.com/collabcheck/collabcheck/internal/names"
)

// HoldsAll reports whether some indexed name holds every one of the given
// canonical tokens, in any order and among other words. A name that
// aligns each of the tokens exactly must hold them all, so a caller that
// accepts only such a name can skip a screen this rules out: the
// resolver asks it before screening a unit's host read apart.
func (ix *Index) HoldsAll(ts []names.Token) bool { return ix.someName(ts, fitHolds) }

// IsName reports whether some indexed name consists of exactly the given
// canonical tokens, in order. The resolver asks it before reading the end
// of a segment as a city: "King's College London" is a name as written.
func (ix *Index) IsName(ts []names.Token) bool { return ix.someName(ts, fitExact) }

// BeginsName reports whether some indexed name begins with exactly the
// given canonical tokens, in order, and goes on: "University of North
// Carolina" begins "University of North Carolina at Chapel Hill", so its
// last word is the name's, not a town's.
func (ix *Index) BeginsName(ts []names.Token) bool { return ix.someName(ts, fitBegins) }

// NameHolders calls fn with the source id of every entity that has a
// name consisting of exactly the given canonical tokens, in order (an
// entity with two such names, twice). The resolver asks it who holds an
// acronym written before a unit, to tell an organisation known by it from
// a small namesake.
func (ix *Index) NameHolders(ts []names.Token, fn func(sourceID string)) {
	var buf [16]uint32
	ids, rare, ok := ix.tokenIDs(buf[:0], ts)
	if !ok {
		return
	}
	if _, ok := ix.exactNames[seqHash(ids)]; !ok {
		return // no name has these tokens' hash, so none is exactly them
	}
	for _, nid := range ix.postings[ids[rare]] {
		if slices.Equal(ix.tokData[ix.tokOff[nid]:ix.tokOff[nid+1]], ids) {
			fn(ix.entities[ix.names[nid].entity].sourceID)
		}
	}
}

// RunHolders calls fn with the source id of every entity that has a name
// holding the given canonical tokens side by side, in order, among other
// words (an entity with two such names, twice). The resolver asks it who
// holds a run of rare words a string writes with other words around them
// ("Quillon Varrick" of "Quillon Varrick Institute" in "Memorial Quillon
// Varrick Cancer Center").
func (ix *Index) RunHolders(ts []names.Token, fn func(sourceID string)) {
	var buf [16]uint32
	ids, rare, ok := ix.tokenIDs(buf[:0], ts)
	if !ok {
		return
	}
	for _, nid := range ix.postings[ids[rare]] {
		toks := ix.tokData[ix.tokOff[nid]:ix.tokOff[nid+1]]
		for i := 0; i+len(ids) <= len(toks); i++ {
			if slices.Equal(toks[i:i+len(ids)], ids) {
				fn(ix.entities[ix.names[nid].entity].sourceID)
				break
			}
		}
	}
}

// NameSplit returns the first k, from min to len(ts)-min, at which ts
// are two indexed names side by side, each exactly the tokens of some
// name, and accept(k) holds; or -1, also when ts are one indexed name
// whole. The resolver asks it whether a segment written without a comma
// runs two organisations' names together. Each token is looked up once,
// however many cuts are tried.
func (ix *Index) NameSplit(ts []names.Token, min int, accept func(k int) bool) int {
	if min < 1 || len(ts) < 2*min {
		return -1
	}
	var buf [16]uint32
	ids, ok := ix.appendIDs(buf[:0], ts)
	if !ok || ix.isExact(ids) {
		return -1 // a word no name holds is on one side or the other
	}
	for k := min; k <= len(ids)-min; k++ {
		if ix.isExact(ids[:k]) && ix.isExact(ids[k:]) && accept(k) {
			return k
		}
	}
	return -1
}

// NameAfter returns the first k, from min on, at which ts[k:] are
// exactly the tokens of an indexed name of two tokens at least and
// accept(k) holds; or -1. The resolver asks it whether a unit's words
// run on into an organisation's name. Each token is looked up once.
func (ix *Index) NameAfter(ts []names.Token, min int, accept func(k int) bool) int {
	var buf [16]uint32
	ids := buf[:0]
	from := min
	for i, t := range ts {
		id, ok := ix.vocab[t.Text]
		if !ok {
			from = max(from, i+1) // a name after k holds no unknown word
		}
		ids = append(ids, id)
	}
	for k := from; k <= len(ids)-2; k++ {
		if ix.isExact(ids[k:]) && accept(k) {
			return k
		}
	}
	return -1
}

// NamesWithin calls fn with the bounds of each run of ts, of min tokens
// at least and shorter than ts, that is exactly the tokens of an indexed
// name, in order: the longest runs first, the leftmost first among runs
// as long; it stops when fn returns false. The resolver asks it for the
// names written inside a longer segment without commas around them. Each
// token is looked up once, however many runs are tried.
func (ix *Index) NamesWithin(ts []names.Token, min int, fn func(from, to int) bool) {
	if min < 1 || len(ts) > 64 {
		return
	}
	var buf [16]uint32
	ids := buf[:0]
	var unknown uint64 // the tokens no name holds, by position
	for i, t := range ts {
		id, ok := ix.vocab[t.Text]
		if !ok {
			unknown |= 1 << i
		}
		ids = append(ids, id)
	}
	for size := len(ts) - 1; size >= min; size-- {
		run := uint64(1)<<size - 1
		for from := 0; from+size <= len(ts); from++ {
			if unknown&(run<<from) == 0 && ix.isExact(ids[from:from+size]) && !fn(from, from+size) {
				return
			}
		}
	}
}

// appendIDs appends the ids of ts's tokens to ids, reporting false if the
// index holds some token in no name.
func (ix *Index) appendIDs(ids []uint32, ts []names.Token) ([]uint32, bool) {
	for _, t := range ts {
		id, ok := ix.vocab[t.Text]
		if !ok {
			return ids, false
		}
		ids = append(ids, id)
	}
	return ids, true
}

// isExact reports whether some indexed name is exactly the token ids.
func (ix *Index) isExact(ids []uint32) bool {
	k, ok := ix.exactNames[seqHash(ids)]
	if !ok {
		return false
	}
	if k >= 0 {
		return slices.Equal(ix.tokData[ix.tokOff[k]:ix.tokOff[k+1]], ids)
	}
	rare := 0
	for i, id := range ids {
		if len(ix.postings[id]) < len(ix.postings[ids[rare]]) {
			rare = i
		}
	}
	for _, nid := range ix.postings[ids[rare]] {
		if slices.Equal(ix.tokData[ix.tokOff[nid]:ix.tokOff[nid+1]], ids) {
			return true
		}
	}
	return false
}

// seqHash hashes a sequence of token ids (FNV-1a over the ids).
func seqHash(ids []uint32) uint64 {
	h := uint64(14695981039346656037)
	for _, id := range ids {
		h = (h ^ uint64(id)) * 1099511628211
	}
	return h
}

// nameFit is how an indexed name must hold the tokens someName is given.
type nameFit uint8

const (
	fitHolds  nameFit = iota // all of them, in any order, among others
	fitExact                 // exactly them, in order
	fitBegins                // them in order, then more
)

// someName reports whether an indexed name holds ts as fit says. Only the
// names holding ts's rarest token are read.
func (ix *Index) someName(ts []names.Token, fit nameFit) bool {
	var buf [16]uint32 // names are short: no allocation for most
	ids, rare, ok := ix.tokenIDs(buf[:0], ts)
	if !ok {
		return false
	}
	if fit == fitExact {
		// A name of exactly these tokens has their hash: none, or one
		// whose tokens tell, unless two sequences share it.
		k, ok := ix.exactNames[seqHash(ids)]
		if !ok {
			return false
		}
		if k >= 0 {
			return slices.Equal(ix.tokData[ix.tokOff[k]:ix.tokOff[k+1]], ids)
		}
	}
	for _, nid := range ix.postings[ids[rare]] {
		toks := ix.tokData[ix.tokOff[nid]:ix.tokOff[nid+1]]
		switch fit {
		case fitExact:
			if slices.Equal(toks, ids) {
				return true
			}
		case fitBegins:
			if len(toks) > len(ids) && slices.Equal(toks[:len(ids)], ids) {
				return true
			}
		default:
			if !slices.ContainsFunc(ids, func(id uint32) bool { return !slices.Contains(toks, id) }) {
				return true
			}
		}
	}
	return false
}

// Knows reports whether w, a canonical token text (names.Token.Text), is
// a word of some indexed name. The resolver asks it whether two words
// written together are one the registry knows (see MayKnow).
func (ix *Index) Knows(w string) bool {
	_, ok := ix.vocab[w]
	return ok
}

// Misspelling returns the word w, a normalised word the lists do not know,
// misspells: the one vocabulary word, or written form of one, a letter
// left out, added or two swapped away from it ("calfornia" for
// "california", "univversidad" for the form "universidad"), when exactly
// one vocabulary word is, or one far more names hold than any other (see
// typoDominance), and at least minNames names hold it. A resolver rewrites the word so before reading the
// string, so that what it reads from words written out ("University of
// California") holds for the misspelt one too.
func (ix *Index) Misspelling(w string, minNames int) (string, bool) {
	if ix.Knows(w) {
		return "", false
	}
	var m misspelling
	if c, ok := ix.missCache.Load(w); ok {
		m = c.(misspelling)
	} else {
		m = ix.misspelling(w)
		if ix.missCount.Load() < maxCachedExpansions {
			if _, loaded := ix.missCache.LoadOrStore(w, m); !loaded {
				ix.missCount.Add(1)
			}
		}
	}
	if m.word == "" || int(m.df) < minNames {
		return "", false
	}
	return m.word, true
}

// misspelling is what Misspelling finds of a word, cached per word as its
// expansion is (see expansionOf): the one word a typo away, and how many
// names hold it, or no word.
type misspelling struct {
	word string
	df   uint32
}

func (ix *Index) misspelling(w string) misspelling {
	if ix.beyondTypos(w) {
		return misspelling{}
	}
	// The word most names hold of those a typo away, and how many names
	// hold the most held of the others.
	found, n := "", 0
	var foundID uint32
	var foundDF, otherDF uint32
	consider := func(text string, id uint32) {
		if n > 0 && id == foundID || names.Compare(w, text).How != names.HowTypo {
			return
		}
		df := ix.genTok[id].df
		switch {
		case n == 0 || df > foundDF:
			otherDF = max(otherDF, foundDF)
			found, foundID, foundDF = text, id, df
		default:
			otherDF = max(otherDF, df)
		}
		n++
	}
	// A letter left out ("calfornia"), one too many, or two swapped
	// ("bekerley"); one letter for another, which as often makes another
	// word ("degenerative", "regenerative"), only inside long words and
	// when none of those is found (see substituted).
	for _, fi := range ix.dels.get(ix.dels.str(w)) {
		consider(ix.forms[fi].text, ix.forms[fi].token)
	}
	dels := deletions(w)
	for _, d := range dels {
		if id, ok := ix.vocab[d]; ok {
			consider(d, id)
		} else if f, ok := ix.writtenForm(d); ok {
			// A form names write ("universidad", "biological"),
			// canonicalised to another token.
			consider(d, f.token)
		}
		for _, fi := range ix.dels.get(ix.dels.str(d)) {
			if f := ix.forms[fi]; swapped(w, f.text) {
				consider(f.text, f.token)
			}
		}
	}
	if n == 0 && len(w) >= minSubstitutedLen {
		// Only when no word is a letter left out, added or swapped
		// away: one letter written for another inside a long word
		// ("univerxitaire"), which less often makes another word.
		for _, d := range dels {
			for _, fi := range ix.dels.get(ix.dels.str(d)) {
				if f := ix.forms[fi]; substituted(w, f.text) {
					consider(f.text, f.token)
				}
			}
		}
	}
	if n == 0 || n > 1 && foundDF < typoDominance*otherDF {
		return misspelling{}
	}
	return misspelling{found, foundDF}
}

// typoDominance is how many times more names must hold a word than any
// other a typo away from the same misspelling for the misspelling to be
// read as it ("uniersidad" is "universidad", which thousands of names
// hold, not the "unibersidad" of three).
const typoDominance = 100

// Writes reports whether some indexed name writes the normalised word w
// as it is, as a token or a form canonicalised to one ("departement" for
// "department"). The resolver asks it whether a word the tokenizer reads
// as an institutional word misspelt is a language's own spelling.
func (ix *Index) Writes(w string) bool {
	if _, ok := ix.vocab[w]; ok {
		return true
	}
	_, found := ix.writtenForm(w)
	return found
}

// writtenForm returns the form names write as w that is no token itself
// ("universidad" of "university"), and whether there is one.
func (ix *Index) writtenForm(w string) (form, bool) {
	i, ok := slices.BinarySearchFunc(ix.written, w, func(f form, w string) int { return strings.Compare(f.text, w) })
	if !ok {
		return form{}, false
	}
	return ix.written[i], true
}

// NamesHolding returns how many indexed names hold w, a canonical token
// text, as a word: 0 for a word none holds. The resolver asks it whether
// words are an organisation's own or common to many names.
func (ix *Index) NamesHolding(w string) int {
	id, ok := ix.vocab[w]
	if !ok {
		return 0
	}
	return len(ix.postings[id])
}

// MayKnow reports whether w, a canonical token text, may be a word of
// some indexed name: false means it certainly is not. It reads a bit set
// of the words' hashes (see wordFilter) rather than the vocabulary, a
// few cache lines where a map costs a string hash and a miss or two, so
// the resolver can ask it of every organisation word to find the ones the
// registry does not know.
func (ix *Index) MayKnow(w string) bool {
	i := wordHash(w) & ix.wordMask
	return ix.wordBits[i>>6]&(1<<(i&63)) != 0
}

// wordFilter fills the bit set MayKnow reads: a bit per hash of each
// vocabulary word, in about sixteen bits a word, so about one unknown
// word in sixteen reads as known.
func (ix *Index) wordFilter() {
	n := uint64(64)
	for n < 16*uint64(len(ix.tokens)) {
		n <<= 1
	}
	ix.wordBits, ix.wordMask = make([]uint64, n/64), n-1
	for _, t := range ix.tokens {
		i := wordHash(t) & ix.wordMask
		ix.wordBits[i>>6] |= 1 << (i & 63)
	}
}

// wordHash is FNV-1a over w's bytes.
func wordHash(w string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(w); i++ {
		h = (h ^ uint64(w[i])) * 1099511628211
	}
	return h
}

// substituted reports whether a, a word of minSubstitutedLen letters or
// more, is b with one letter written for another inside it: not the
// first, as "degenerative" is "regenerative", nor the last two, where
// languages' forms of one word differ ("universitat", "universitet") and
// names end ("andersen").
func substituted(a, b string) bool {
	if len(a) != len(b) || len(a) < minSubstitutedLen {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	return i > 0 && i < len(a)-2 && a[i+1:] == b[i+1:]
}

// minSubstitutedLen is the fewest letters of a word read as a registry
// word with one letter written for another.
const minSubstitutedLen = 8

// swapped reports whether a and b are the same but for two neighbouring
// letters written the other way round.
func swapped(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
}

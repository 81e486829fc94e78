package names

import (
	"strings"
	"unicode/utf8"
)

// wordFacts is everything the tokeniser and the segment classifier ask of
// one normalised word, so that a word is looked up once per segment
// instead of once in each of the tables below.
type wordFacts struct {
	tok Token // wordToken's token
	ok  bool  // wordToken's ok: false for a stopword
	// phrases are the legal phrases that start with the word
	// (legalPhraseIndex's entry).
	phrases  [][]string
	orgHead  bool // orgHeads holds the canonical form (canon())
	joinHead bool // joinHeads holds the canonical form
	dept     bool // deptMarkers holds the word
	street   bool // streetWords holds the word
	place    bool // cityNames or countryNames holds the word
}

// canon is canonicalWord's answer for the word.
func (f *wordFacts) canon() string {
	if !f.ok {
		return ""
	}
	return f.tok.Text
}

// wordTable holds the facts of every word that is a key of one of the
// tables wordFacts stands for. A word outside it is in none of them, so
// its facts follow from its spelling alone (see factsOf).
var wordTable = func() map[string]*wordFacts {
	m := map[string]*wordFacts{}
	add := func(w string) {
		if strings.IndexByte(w, ' ') >= 0 || m[w] != nil {
			return // a lookup is always of one word
		}
		t, ok := wordToken(w)
		f := &wordFacts{tok: t, ok: ok, phrases: legalPhraseIndex[w], dept: deptMarkers[w], street: streetWords[w]}
		f.orgHead = orgHeads[canonicalWord(w)]
		f.joinHead = joinHeads[canonicalWord(w)]
		_, city := cityNames[w]
		_, country := countryNames[w]
		f.place = city || country
		m[w] = f
	}
	for w := range lexiconTokens {
		add(w)
	}
	for w := range legalPhraseIndex {
		add(w)
	}
	for _, t := range []map[string]bool{orgHeads, joinHeads, deptMarkers, streetWords} {
		for w := range t {
			add(w)
		}
	}
	for w := range cityNames {
		add(w)
	}
	for w := range countryNames {
		add(w)
	}
	return m
}()

// factsOf returns the facts of the normalised word w.
func factsOf(w string) wordFacts {
	if f := wordTable[w]; f != nil {
		return *f
	}
	// Not a lexicon word: wordToken reads only its spelling, and none of
	// the tables holds it. Its canonical form may still differ
	// ("14th" → "14", "specialising" → "specializing").
	t, ok := unlistedWordToken(w)
	f := wordFacts{tok: t, ok: ok}
	if ok && t.Text != w {
		f.orgHead, f.joinHead = orgHeads[t.Text], joinHeads[t.Text]
	}
	return f
}

// segmentWords is how many words a segment's buffers on the stack hold;
// a longer segment's go to the heap.
const segmentWords = 16

// readWords splits the normalised text n into words, as strings.Fields
// does, and looks up each word's facts, appending to words and facts.
func readWords(words []string, facts []wordFacts, n string) ([]string, []wordFacts) {
	words = appendFields(words, n)
	for _, w := range words {
		facts = append(facts, factsOf(w))
	}
	return words, facts
}

// appendFields appends the fields of s, as strings.Fields splits it, to
// dst. ASCII text is split here, into dst's storage; other text goes to
// strings.Fields, whose idea of a space is Unicode's.
func appendFields(dst []string, s string) []string {
	n0 := len(dst)
	start := -1
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return append(dst[:n0], strings.Fields(s)...)
		}
		if c <= ' ' && asciiSpace(c) {
			if start >= 0 {
				dst = append(dst, s[start:i])
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		dst = append(dst, s[start:])
	}
	return dst
}

// asciiSpace reports the ASCII bytes strings.Fields splits at.
func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

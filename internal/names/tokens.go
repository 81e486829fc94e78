package names

import (
	"slices"
	"strings"
)

// How says how a token's canonical form was derived from what was written.
// Explanations report it when two tokens meet.
type How string

// Ways a canonical token is derived.
const (
	HowExact          How = "exact"
	HowAbbreviation   How = "abbreviation"
	HowTranslated     How = "translated"
	HowTransliterated How = "transliterated"
	HowSpelling       How = "spelling"
)

// Role says what part of an affiliation a token came from. Only name
// tokens count fully against a candidate when they find no partner.
type Role uint8

// Token roles.
const (
	RoleName Role = iota
	RoleDept
	RoleAddress
	RoleCountry
)

// String names the role for explanations.
func (r Role) String() string {
	switch r {
	case RoleDept:
		return "department"
	case RoleAddress:
		return "address"
	case RoleCountry:
		return "country"
	}
	return "name"
}

// Token is one canonical unit of a name.
type Token struct {
	// Text is the canonical form compared by the matcher.
	Text string
	// Surface is the normalised text as written (a Chinese term, an
	// abbreviation, a variant spelling).
	Surface string
	// How says how Text was derived from Surface.
	How How
	// Legal marks a legal-form word (Ltd, GmbH, 有限公司): low weight.
	Legal bool
	// Role is the affiliation part the token came from.
	Role Role
	// Place marks a word of a city's name read as the party's address: it
	// weighs as an address but still finds the organisations named after
	// their city ("Northtown" for "University of Westmarch, Northtown").
	Place bool
}

// Tokenize normalises s and splits it into canonical tokens: stopwords
// dropped, abbreviations expanded, legal forms marked, Chinese segmented
// into concept and place tokens. Every token has RoleName.
func Tokenize(s string) []Token {
	return tokenizeNormalized(Normalize(s))
}

func tokenizeNormalized(n string) []Token {
	if n == "" {
		return nil
	}
	return tokenizeWords(strings.Fields(n))
}

// tokenizeWords is tokenizeNormalized for a string already split into
// words.
func tokenizeWords(words []string) []Token {
	return tokenizeFacts(words, nil, nil)
}

// tokenizeFacts is tokenizeWords given each word's facts, or nil to look
// them up here. When head is not nil, it is set if a token's text is one
// of orgHeads.
func tokenizeFacts(words []string, facts []wordFacts, head *bool) []Token {
	// With the facts at hand, the tokens are counted before the slice is
	// made: a stopword gives none, and the tokens are kept, so room for
	// them is all the slice needs (a Chinese word, not met in the
	// segments that come with facts, may still make it grow).
	n := len(words) + 2
	if facts != nil {
		n = 0
		for i := range facts {
			if facts[i].ok {
				n++
			}
		}
	}
	out := make([]Token, 0, n)
	var f wordFacts
	for i := 0; i < len(words); i++ {
		w := words[i]
		if HasHan(w) {
			k := len(out)
			out = appendHan(out, w)
			for ; head != nil && k < len(out); k++ {
				*head = *head || orgHeads[out[k].Text]
			}
			continue
		}
		fp := &f
		if facts != nil {
			fp = &facts[i]
		} else {
			f = factsOf(w)
		}
		if len(fp.phrases) > 0 {
			if form, n := matchLegalPhrase(fp.phrases, words[i:]); n > 0 {
				if form != "" {
					out = append(out, Token{Text: form, Surface: strings.Join(words[i:i+n], " "), How: HowAbbreviation, Legal: true})
					if head != nil {
						*head = *head || orgHeads[form]
					}
				}
				i += n - 1
				continue
			}
		}
		if fp.ok && !(fp.tok.Text == "studies" && i >= 2 && words[i-1] == "of" && len(out) > 0 && out[len(out)-1].Text == "university") {
			// "University of Studies of X", Italian's "Università degli
			// Studi di X" word for word, is the "University of X", as the
			// Italian is ("studi" is a stopword).
			tok := fp.tok
			if w == "tech" && i+1 < len(words) && technicalHeads[canonAt(words, facts, i+1)] {
				// "Tech." before a head word is "Technical", as Web of
				// Science and IEEE abbreviate it ("Tech. Univ. of X");
				// elsewhere it is "Technology" ("Univ. of Sci. and Tech.").
				tok.Text = "technical"
			}
			if w == "electron" && electronicsAfter(words, facts, i+1) {
				// "Electron." is IEEE's "Electronic" ("Univ. of Electron.
				// Sci. and Technol."), read so before a field it names with:
				// "Electron Microscopy" is the particle's.
				tok = Token{Text: "electronics", Surface: w, How: HowAbbreviation}
			}
			out = append(out, tok)
			if head != nil {
				*head = *head || fp.orgHead
			}
		}
	}
	return out
}

// technicalHeads are the head words "Technical" qualifies in names
// ("Technical University", "Technical College").
var technicalHeads = map[string]bool{"university": true, "college": true, "school": true, "institute": true, "hochschule": true}

// electronicsFields are the canonical words after which "Electron." is
// "Electronic": the fields named with electronics in institutions' names.
var electronicsFields = map[string]bool{"science": true, "engineering": true, "technology": true, "information": true, "computer": true, "communication": true}

// electronicsAfter reports whether words[i], or the word after it when
// words[i] is "and", is one of electronicsFields.
func electronicsAfter(words []string, facts []wordFacts, i int) bool {
	if i < len(words) && words[i] == "and" {
		i++
	}
	return i < len(words) && electronicsFields[canonAt(words, facts, i)]
}

// canonAt returns the canonical form of words[i], from facts when
// given.
func canonAt(words []string, facts []wordFacts, i int) string {
	if facts != nil {
		return facts[i].canon()
	}
	f := factsOf(words[i])
	return f.canon()
}

// matchLegalPhrase reports the legal form of a multi-word phrase at the
// start of words, and how many words it spans, given the phrases that
// start with words[0] (legalPhraseIndex's entry).
func matchLegalPhrase(phrases [][]string, words []string) (string, int) {
	if len(words) < 2 {
		return "", 0
	}
	for _, parts := range phrases {
		if len(parts)-1 > len(words) {
			continue
		}
		ok := true
		for j, part := range parts[:len(parts)-1] {
			if words[j] != part {
				ok = false
				break
			}
		}
		if ok {
			return parts[len(parts)-1], len(parts) - 1
		}
	}
	return "", 0
}

// legalPhraseIndex maps a phrase's first word to its words followed by
// its legal form, in legalPhrases order.
var legalPhraseIndex = func() map[string][][]string {
	m := map[string][][]string{}
	for _, p := range legalPhrases {
		parts := append(strings.Fields(p.phrase), p.form)
		m[parts[0]] = append(m[parts[0]], parts)
	}
	return m
}()

// wordToken maps one normalised Latin or digit word to its token; ok is
// false for stopwords. Words in the lexicon's tables are answered from
// lexiconTokens in one lookup; any other word is in none of the tables, so
// only its digits and spelling need looking at.
func wordToken(w string) (Token, bool) {
	if e, ok := lexiconTokens[w]; ok {
		return e.tok, e.ok
	}
	return unlistedWordToken(w)
}

// unlistedWordToken is wordToken for a word that is not in lexiconTokens.
func unlistedWordToken(w string) (Token, bool) {
	if d := ordinalDigits(w); d != "" {
		return Token{Text: d, Surface: w, How: HowExact}, true
	}
	if strings.HasSuffix(w, "isation") || strings.HasSuffix(w, "ised") || strings.HasSuffix(w, "ising") {
		return lexiconWordToken(w)
	}
	return Token{Text: w, Surface: w, How: HowExact}, true
}

// lexiconEntry is a precomputed wordToken result.
type lexiconEntry struct {
	tok Token
	ok  bool
}

// lexiconTokens holds wordToken's answer for every word that is a key of
// one of the tables it consults.
var lexiconTokens = func() map[string]lexiconEntry {
	m := map[string]lexiconEntry{}
	add := func(w string) {
		if _, done := m[w]; !done {
			t, ok := lexiconWordToken(w)
			m[w] = lexiconEntry{t, ok}
		}
	}
	for w := range stopwords {
		add(w)
	}
	for w := range canonical {
		add(w)
	}
	for w := range legalForms {
		add(w)
	}
	for w := range equivalentOf {
		add(w)
	}
	addMisspellings(m)
	return m
}()

// misspelledWords are institutional words long enough that a word one
// letter away from them after the first (a letter left out, doubled,
// swapped with the next or mistyped: "Insitute", "Univeristy",
// "Reserach") is that word misspelt, not another word.
var misspelledWords = []string{"institute", "university", "research", "laboratory", "hospital", "college", "academy",
	"science", "technology", "engineering", "department", "international",
	"foundation", "agricultural", "environmental", "management", "association", "government", "chemistry",
	// The same words in the languages registry names most often write.
	"institut", "instituto", "istituto", "universidad", "universidade", "universitat", "universite", "universita",
	"universiteit"}

// misspeltOf maps each word addMisspellings adds, but for a plural's
// form, to the word of misspelledWords it misspells.
var misspeltOf = map[string]string{}

// MisspeltWord returns the institutional word (one of misspelledWords)
// the normalised word w misspells, one letter away from it ("insitute",
// "univeristy"), and whether it does. The resolver writes such a word
// right before parsing a string, so that what it reads from the words as
// written (a unit's word, a name written out) holds for it too.
func MisspeltWord(w string) (string, bool) {
	fix, ok := misspeltOf[w]
	return fix, ok
}

// addMisspellings puts in m, for every word one letter away from one of
// misspelledWords that m does not hold already, that word's token.
func addMisspellings(m map[string]lexiconEntry) {
	for _, w := range misspelledWords {
		t, ok := lexiconWordToken(w)
		if !ok {
			continue
		}
		put := func(v string) {
			if _, done := m[v]; !done && !slices.Contains(misspelledWords, v) {
				m[v] = lexiconEntry{Token{Text: t.Text, Surface: v, How: HowSpelling}, true}
				if v != w+"s" {
					misspeltOf[v] = w
				}
			}
		}
		for i := 1; i < len(w); i++ { // the first letter is written right
			put(w[:i] + w[i+1:]) // a letter left out
			if i+1 < len(w) {
				put(w[:i] + w[i+1:i+2] + w[i:i+1] + w[i+2:]) // two swapped
			}
			for c := byte('a'); c <= 'z'; c++ {
				put(w[:i] + string(c) + w[i+1:]) // one mistyped
				put(w[:i] + string(c) + w[i:])   // one added
			}
		}
		for c := byte('a'); c <= 'z'; c++ {
			put(w + string(c))
		}
	}
}

// lexiconWordToken is wordToken worked out from the tables.
func lexiconWordToken(w string) (Token, bool) {
	if stopwords[w] {
		return Token{}, false
	}
	if d := ordinalDigits(w); d != "" {
		return Token{Text: d, Surface: w, How: HowExact}, true
	}
	t := Token{Text: w, Surface: w, How: HowExact}
	if c, ok := canonical[w]; ok {
		t.Text = c
		t.How = inflectionOrAbbreviation(w, c)
	} else if strings.HasSuffix(w, "isation") || strings.HasSuffix(w, "ised") || strings.HasSuffix(w, "ising") {
		k := strings.LastIndex(w, "is")
		t.Text = w[:k] + "iz" + w[k+2:]
		t.How = HowSpelling
	}
	if form, ok := legalForms[t.Text]; ok {
		t.Text = form
		t.Legal = true
	}
	if eq, ok := equivalentOf[t.Text]; ok && eq != t.Text {
		t.Text = eq
		t.How = HowTransliterated
	}
	return t, true
}

// inflectionOrAbbreviation classifies how a surface word relates to its
// canonical form: a longer-or-equal word sharing the canonical's stem is an
// inflection or spelling variant; a shorter one is an abbreviation.
func inflectionOrAbbreviation(surface, canon string) How {
	if len(surface) < len(canon)-1 {
		return HowAbbreviation
	}
	if surface == "defence" || surface == "centre" || surface == "organisation" || surface == "programme" || surface == "labour" {
		return HowSpelling
	}
	return HowExact
}

// ordinalDigits turns "14th" or "2nd" style words into their digits, or,
// for the first ten, into the word registry names spell them with
// ("2nd Affiliated Hospital" is the "Second Affiliated Hospital"), and
// returns "" for anything else.
func ordinalDigits(w string) string {
	i := 0
	for i < len(w) && w[i] >= '0' && w[i] <= '9' {
		i++
	}
	if i == 0 || i == len(w) {
		return ""
	}
	switch w[i:] {
	case "st", "nd", "rd", "th":
		if i == 1 && w[0] > '0' || w[:i] == "10" {
			return ordinalWords[w[:i]]
		}
		return w[:i]
	}
	return ""
}

// ordinalWords spells the first ten ordinals.
var ordinalWords = map[string]string{
	"1": "first", "2": "second", "3": "third", "4": "fourth", "5": "fifth",
	"6": "sixth", "7": "seventh", "8": "eighth", "9": "ninth", "10": "tenth",
}

// equivalentOf maps each member of an equivalence group to the group's
// canonical token.
var equivalentOf = func() map[string]string {
	m := map[string]string{}
	for _, g := range equivalents {
		for _, w := range g {
			m[w] = g[0]
		}
	}
	return m
}()

// Texts returns the canonical text of each token.
func Texts(ts []Token) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Text
	}
	return out
}

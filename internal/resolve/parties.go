package resolve

// Reading an affiliation string into parties and segments, with what the
// registry knows of names (the parser in names knows no registry).

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/collabcheck/collabcheck/internal/names"
)

// Parties parses an affiliation string into the parties it names, as
// Resolve reads them: names.ParseAffiliations, with dashes that separate
// parts read as commas unless the registry knows the words across them as
// one name, a comma that cuts a registry name after its first word
// dropped, two registry names joined by "and" read as two parties (see
// splitJoinedNames), a Chinese, Japanese or Korean address written before
// or after the name without a separator read apart (see markAddressPrefix
// and markAddressSuffix), a segment with a street's
// word that the registry names word for word read as a name, not an
// address (see restoreNamedAddresses), the words that name one of the
// registry's cities read as an address (and a US state's code then as the
// state, not a country), a benefactor's name before a university's school
// read as the school's (see markBenefactors), a lab written after a
// registry name as a unit's (see markTrailingUnits), a unit's words that
// with the name before them make a registry name read as the name's (see
// restoreNamedPrefix), and a capital acronym after a registry name, before
// a unit or the name it stands for, or before its address, as a segment of
// its own (see splitTrailingAcronym, splitLeadingAcronym and
// splitAddressAcronym).
func (r *Resolver) Parties(s string) []names.Affiliation {
	// The cues read before parsing: text decoded twice read back, no
	// footnotes' raised numbers, ASCII spaces, no enclosing quotes.
	s = names.Unquote(names.PlainSpaces(names.CutSuperscripts(names.RepairMojibake(s))))
	if s != "" && s[0] >= 'a' && s[0] <= 'z' && !names.Caseless(s) {
		// Read before truecasing: in a string of one case a letter is
		// no mark ("Y SCHOOLS", whose "Y" truecasing writes small).
		s = r.cutLeadingLetter(s)
	}
	s = r.cutTrailingNumber(names.CutGluedNumbers(s, r.oneKnownWord)) // "Department of Physics1, University of X2", "… University 1"
	s = names.JoinBrokenWords(s, r.ix.Knows)                          // "Agri- cultural", before the case is read
	s = names.SplitGluedWords(s, r.ix.Knows)                          // "TorWestmarch University"
	if strings.Contains(s, "，") && !hasCJK(s) {
		// A full-width comma an input method left in a Latin string
		// separates as a comma does, and the cues read before parsing
		// look for the ASCII one.
		s = strings.ReplaceAll(s, "，", ", ")
	}
	if names.Caseless(s) {
		// Written all in capitals or all in small letters, the string
		// is first written as the registry writes its words, so the
		// parser reads the cues case gives ("NIHR", "… and Texas …").
		s = names.Truecase(s, r.forms())
	} else {
		// Written in title case, its small words are written small, so
		// the parser reads "And" between two names as the join it is.
		s = names.SmallStopwords(s, r.forms())
	}
	parties := r.parties(s)
	if pairs, marks := r.misspelt(parties); len(pairs) > 0 || len(marks) > 0 {
		if fixed := names.ReplaceWords(names.JoinWords(s, pairs), marks); fixed != s {
			return r.parties(fixed)
		}
	}
	return parties
}

// misspelt finds, among the parties' organisation, unit and aside words,
// the ones the registry does not know that are written apart or spelt out
// from one it knows: two neighbours a stray space split from one word
// ("Accel erator", "Huilong Guan" for "HuiLongGuan", "Inst itute"), one of
// them no word of the registry's and, written together, one (pairs); and a
// word whose letters' marks are written out as German does without them
// ("Koeln", "Universitaet", "Muenster"), which read with the marks is
// one, a long word a typo away from one registry word ("Calfornia", see
// Index.Misspelling), an institutional word misspelt that no registry
// name writes so ("Univeristy", see names.MisspeltWord), or two registry
// words written as one ("Chungang" for "Chung-Ang", see joinedPairs) (marks, each
// word's normalised form to that reading). The words are given in their
// normalised forms as written.
func (r *Resolver) misspelt(parties []names.Affiliation) (pairs [][2]string, marks map[string]string) {
	for i := range parties {
		for _, s := range parties[i].Segments {
			if s.Role != names.RoleName && s.Role != names.RoleDept && s.Role != names.RoleAside {
				continue
			}
			known := true // whether the word before is the registry's
			for k, t := range s.Tokens {
				// MayKnow errs one word in sixteen: a word long enough
				// to be respelt is looked up.
				isKnown := !lettersOnly(t.Surface) || r.ix.MayKnow(t.Text) && (len(t.Surface) < minMisspeltLen || r.ix.Knows(t.Text))
				if k > 0 && (!known || !isKnown) && lettersOnly(s.Tokens[k-1].Surface) && lettersOnly(t.Surface) && len(s.Tokens[k-1].Surface) >= 2 && len(t.Surface) >= 2 {
					if p := s.Tokens[k-1].Surface; r.oneKnownWord(p + t.Surface) {
						pairs = append(pairs, [2]string{p, t.Surface})
					}
				}
				// Two registry words written as one ("Chungang" for
				// "Chung-Ang") are written apart as the registry does.
				if !isKnown && len(t.Surface) >= minJoinedLen && lettersOnly(t.Surface) {
					if pair, ok := r.joinedPairs()[t.Surface]; ok && !r.ix.Knows(t.Text) {
						if marks == nil {
							marks = map[string]string{}
						}
						marks[t.Surface] = pair
						known = false
						continue
					}
				}
				// An institutional word misspelt ("Univeristy") is
				// written right, unless it is a registry name's
				// spelling ("Département"): the tokenizer reads its
				// token, the parser and the written names need it
				// written. Other words may be spelt otherwise.
				fix, ok := names.MisspeltWord(t.Surface)
				if !ok || r.ix.Writes(t.Surface) {
					fix = r.respelling(s.Tokens, k, isKnown)
					if isKnown && fix != "" && r.ix.IsName(s.Tokens) {
						fix = "" // a registry word as a registry name written whole writes it ("Nordstadt Zentrum Suedhaven")
					}
				}
				if fix != "" {
					if marks == nil {
						marks = map[string]string{}
					}
					marks[t.Surface] = fix
				}
				known = isKnown
			}
		}
	}
	return pairs, marks
}

// A word the registry does not know, of at least minMisspeltLen letters,
// is read as the one registry word a typo away from it, when that word is
// in at least minMisspeltNames registry names ("Calfornia"): shorter words
// are as often other words (a name, an abbreviation) as typos, unless
// the word a typo away is one of the few very many names hold.
const (
	minMisspeltLen   = 7
	minMisspeltNames = 10
	// A word of longMisspeltLen letters or more is seldom another
	// word a typo away from a registry word: minLongMisspeltNames
	// names suffice ("Huthcinson" for "Hutchinson") when one of them
	// holds a word written beside it (see heldBeside).
	longMisspeltLen      = 9
	minLongMisspeltNames = 3
	// A shorter word, of minShortMisspeltLen letters or more, is read
	// only as a word minShortMisspeltNames names hold ("Shcool",
	// "Cener").
	minShortMisspeltLen   = 5
	minShortMisspeltNames = 300
)

// marksDominance is how many times as many registry names must hold a
// word read with its marks ("München") as hold it with them written out
// ("Muenchen") for the written-out form, though a registry word, to be
// read with the marks. Both forms of a word that is two ("Münster",
// "Munster") are held by names in like numbers.
const marksDominance = 10

// minMarksLen is the fewest letters a word the registry does not know
// needs to be read with its marks ("Koeln"): shorter ones are as often
// acronyms or names ("ZOE", "UMAE").
const minMarksLen = 5

// minMarksKnownLen is the fewest letters a registry word needs to be
// respelt with its marks: shorter ones are as often acronyms ("TAE",
// "NAES").
const minMarksKnownLen = 6

// respelling returns the registry word ts[k], a word of Latin letters, is
// spelt otherwise: with its marks written out ("Koeln"), or, long and no
// town's, with a typo (see Index.Misspelling); "" when it is neither. A
// word the registry knows (known) is respelt only with its marks, only
// when it is no acronym's length and far more names hold it so (see
// marksDominance, minMarksKnownLen): a few registry names write
// "Muenchen", many "München".
func (r *Resolver) respelling(ts []names.Token, k int, known bool) string {
	w := ts[k].Surface
	if known {
		if len(w) < minMarksKnownLen {
			return ""
		}
		if m := marksDropped(w); m != w && lettersOnly(w) {
			if n := r.namesHoldingWord(m); n > 0 && n >= marksDominance*r.ix.NamesHolding(ts[k].Text) {
				return m
			}
		}
		return ""
	}
	if len(w) >= minMarksLen {
		if m := marksDropped(w); m != w && r.oneKnownWord(m) {
			return m
		}
	}
	if len(w) < minShortMisspeltLen || r.inTownName(ts, k) {
		return ""
	}
	need := minMisspeltNames
	switch {
	case len(w) < minMisspeltLen:
		need = minShortMisspeltNames
	case len(w) >= longMisspeltLen:
		need = minLongMisspeltNames
	}
	fix, _ := r.ix.Misspelling(w, need)
	if fix != "" && len(w) >= longMisspeltLen && r.namesHoldingWord(fix) < minMisspeltNames && !r.heldBeside(fix, ts, k) {
		return "" // "Responses" is no "Réponses" of a few French names
	}
	return fix
}

// heldBeside reports whether some registry name holds w, a word, with
// the words written before and after ts[k] ("Fred Huthcinson Cancer
// Center": a name holds "Hutchinson" with "Fred" and "Cancer"): a word a
// few names hold is read for a typo only among words of one of them
// ("Stress Responses in Aging" is no "réponses aux stress"), or alone
// ("Fermmilab").
func (r *Resolver) heldBeside(w string, ts []names.Token, k int) bool {
	held := names.Tokenize(w)
	if len(held) != 1 {
		return false
	}
	if k > 0 {
		held = append(held, ts[k-1])
	}
	if k+1 < len(ts) {
		held = append(held, ts[k+1])
	}
	return len(held) == 1 || r.ix.HoldsAll(held)
}

// inTownName reports whether ts[k] is a word of a registry town's name
// written there, alone or with the word before or after it ("Sankt
// Augustin"): a town's name is no typo of a word the names hold.
func (r *Resolver) inTownName(ts []names.Token, k int) bool {
	return r.cities.has(ts[k:k+1]) || k > 0 && r.cities.has(ts[k-1:k+1]) || k+1 < len(ts) && r.cities.has(ts[k:k+2])
}

// namesHoldingWord returns how many registry names hold w, written as a
// word, when it reads as one word; 0 otherwise.
func (r *Resolver) namesHoldingWord(w string) int {
	ts := names.Tokenize(w)
	if len(ts) != 1 {
		return 0
	}
	return r.ix.NamesHolding(ts[0].Text)
}

// minJoinedLen is the fewest letters of a word read as two registry
// words written as one (see joinedPairs). Two words, joined by a hyphen
// or apart, are read as also written as one when one has at most
// minJoinedPart letters ("Al Hussein") or each at most maxJoinedPart
// ("Kyung Hee").
const (
	minJoinedLen  = 5
	minJoinedPart = 3
	maxJoinedPart = 5
)

// joinedPairs returns, learning it on first use, the pairs of words the
// registry's names write apart that authors also write as one word: two
// of which one or both are short (see joinable), joined by a hyphen
// ("Chung-Ang", and all of "Amir-Al-Moemenin") or written apart ("Kyung
// Hee", "Al Hussein"; neither a stopword): longer ones joined are words
// of their own ("Agriscience" is no "Agri-Science"). Each pair's letters
// run together, in small letters, give the pair as the registry writes
// it; of two ways of writing one pair, the first in byte order is kept.
// Only ASCII words are read: the pairs are romanisations, written either
// way.
func (r *Resolver) joinedPairs() map[string]string {
	r.joinedOnce.Do(func() {
		m := map[string]string{}
		apart := strings.NewReplacer("-", "", " ", "")
		add := func(v string) {
			k := strings.ToLower(apart.Replace(v))
			if !lettersOnly(k) || len(k) < minJoinedLen {
				return
			}
			if old, ok := m[k]; !ok || v < old {
				m[k] = v
			}
		}
		for _, info := range r.orgs {
			for _, n := range info.names {
				words := strings.Fields(n)
				for i, w := range words {
					parts := strings.Split(w, "-")
					short := false
					for j := 1; j < len(parts); j++ {
						if joinable(parts[j-1], parts[j]) {
							add(parts[j-1] + "-" + parts[j])
							short = true
						}
					}
					if len(parts) > 2 && short {
						add(w)
					}
					if i > 0 {
						if p := words[i-1]; joinable(p, w) && !names.IsStopword(strings.ToLower(p)) && !names.IsStopword(strings.ToLower(w)) {
							add(p + " " + w)
						}
					}
				}
			}
		}
		r.joined = m
	})
	return r.joined
}

// joinable reports whether two words written apart are short enough to
// be written as one too (see minJoinedPart).
func joinable(a, b string) bool {
	return min(len(a), len(b)) <= minJoinedPart || max(len(a), len(b)) <= maxJoinedPart
}

// oneKnownWord reports whether w, written as a word, reads as one word the
// registry knows.
func (r *Resolver) oneKnownWord(w string) bool {
	ts := names.Tokenize(w)
	return len(ts) == 1 && r.ix.Knows(ts[0].Text)
}

// marksDropped returns w, a normalised word, with German's spelt-out
// marks ("ae", "oe", "ue" for ä, ö, ü) read as the letters the index
// normalises them to, or w itself.
func marksDropped(w string) string {
	// One pass over the word's bytes: most words hold none of the three.
	for i := 1; i < len(w); i++ {
		if w[i] == 'e' {
			if c := w[i-1]; c == 'a' || c == 'o' || c == 'u' {
				return umlautSpelling.Replace(w)
			}
		}
	}
	return w
}

// umlautSpelling reads "ae", "oe", "ue" as a, o, u (see marksDropped).
var umlautSpelling = strings.NewReplacer("ae", "a", "oe", "o", "ue", "u")

// lettersOnly reports whether w, a normalised word, is Latin letters
// only: a word a space could split, unlike a number, code or CJK term.
func lettersOnly(w string) bool {
	if w == "" {
		return false
	}
	for i := 0; i < len(w); i++ {
		if !isLetter(w[i]) {
			return false
		}
	}
	return true
}

// parties parses s into parties and marks their places, addresses and
// units (see Parties).
func (r *Resolver) parties(s string) []names.Affiliation {
	s = names.UnescapeSearch(s) // before dashes are read
	if s != "" && (s[0] >= '0' && s[0] <= '9' || s[0] == '(' || s[0] == '[') {
		s = r.cutLeadingMark(s)
	}
	s = names.CutMarksBefore(s, r.ix.Knows)
	if strings.IndexByte(s, ',') >= 0 {
		s = r.joinCommaNames(names.JoinSplitNames(s, r.ix.IsName))
	}
	if strings.Contains(s, "、") || strings.Contains(s, "・") {
		s = r.splitEnumeratedNames(s)
	}
	parties := names.ParseAffiliations(names.SeparateDashes(s, r.ix.IsName))
	parties = r.splitJoinedNames(parties)
	if len(parties) > 1 {
		parties = joinUnitParties(parties)
		parties = r.joinAddressParties(parties)
	}
	for i := range parties {
		r.cjk.markAddressPrefix(&parties[i])
		r.cjk.markAddressSuffix(&parties[i])
		r.cjk.markUnits(&parties[i])
		r.restoreNamedAddresses(&parties[i])
		r.restoreNamedAsides(&parties[i])
		r.restoreNamedUnits(&parties[i])
		r.restoreNamedInstitutions(&parties[i])
		r.restoreJoinedName(&parties[i])
		r.restoreNamedCountry(&parties[i])
		restoreCodeBeforeCountry(&parties[i])
		r.restoreLateComma(&parties[i])
		r.splitTrailingPostcode(&parties[i]) // after restoreLateComma, which counts the postcode among the name's words
		r.splitNameAfterUnit(&parties[i])    // before its address is read
		r.restoreLoneTown(&parties[i])
		r.stateCodeAfterTown(&parties[i]) // before markPlaces, which reads the party's countries
		r.splitAcronymBeforeName(&parties[i])
		r.splitNameCountry(&parties[i])
		r.cities.markPlaces(&parties[i], r.ix.IsName, r.ix.BeginsName)
		r.cities.regionsAfterTown(&parties[i], r.ix.IsName)
		r.markCampusBeforeTown(&parties[i])
		r.cities.townRegions(&parties[i])
		r.countryCodeAfterTown(&parties[i])
		parties[i].SettleStates() // a registry city may have put the party in the US
		r.restoreNamedPrefix(&parties[i])
		r.markBenefactors(&parties[i])
		r.markTrailingUnits(&parties[i])
		r.markCompanyDivisions(&parties[i])
		r.markLeadingUnits(&parties[i])
		r.splitTrailingAcronym(&parties[i])
		r.splitAcronymAfterUnit(&parties[i])
		r.splitLeadingAcronym(&parties[i])
		r.splitAddressAcronym(&parties[i])
		r.splitRunTogetherNames(&parties[i])
		r.rejoinSubjects(&parties[i])
		r.splitTrailingName(&parties[i])
	}
	return parties
}

// cutLeadingMark drops the footnote's or list's number that opens s ("1
// University of X, Town; 2 Y Institute", "1. Department of X", "(2) Y
// Institute"), as the parser drops one between parties, unless a registry
// name begins with that number written alone ("46 TsNII", "1 Decembrie
// 1918 University").
func (r *Resolver) cutLeadingMark(s string) string {
	i := 0
	if s[0] == '(' || s[0] == '[' {
		i++
	}
	start := i
	for i < len(s) && i-start < 2 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	num := s[start:i]
	if num == "" || i == len(s) {
		return s
	}
	switch {
	case s[0] == '(' && s[i] == ')' || s[0] == '[' && s[i] == ']':
		i++
	case start == 0 && (s[i] == '.' || s[i] == ')'):
		i++
	}
	if i == len(s) || s[i] != ' ' || start > 0 && i == start+len(num) {
		return s
	}
	rest := strings.TrimLeft(s[i:], " ")
	if c, _ := utf8.DecodeRuneInString(rest); !unicode.IsUpper(c) {
		return s
	}
	if i == len(num) {
		word, _, _ := strings.Cut(rest, " ")
		if toks := names.Tokenize(num + " " + strings.TrimRight(word, ",;")); len(toks) == 2 && (r.ix.BeginsName(toks) || r.ix.IsName(toks)) {
			return s
		}
	}
	return rest
}

// cutTrailingNumber drops a footnote's number of one or two digits that
// ends s, set apart after a word ("…, Kestrel University 1"): read as
// part of the last segment, it kept it from being the name written. A
// number after a town's name that a registry name holds with it is the
// university's ("Université Lyon 1") and is kept, as is one ending a
// registry name written whole ("Hochschule 21") and one after a number or
// a single letter.
func (r *Resolver) cutTrailingNumber(s string) string {
	t := strings.TrimRight(s, " .")
	i := strings.LastIndexByte(t, ' ')
	if i < 0 || len(t)-i-1 > 2 || !names.IsDigits(t[i+1:]) {
		return s // the common case: no number at the end
	}
	head := strings.TrimRight(t[:i], " ")
	word := head[strings.LastIndexAny(head, " ,;(")+1:]
	if utf8.RuneCountInString(word) < 2 || !names.IsLetters(word) {
		return s
	}
	ts := names.Tokenize(word + " " + t[i+1:])
	if len(ts) != 2 || r.cities.has(ts[:1]) && r.ix.HoldsAll(ts) {
		return s
	}
	if r.ix.IsName(names.Tokenize(t[strings.LastIndexAny(t, ",;(")+1:])) {
		return s // a registry name ending with a number ("Hochschule 21")
	}
	return head
}

// cutLeadingLetter drops the footnote's letter that opens s, a PDF's
// superscript: set apart before a capital ("a Johns Hopkins University"),
// or run into "The", a word in capitals ("bNIH") or a word the registry
// knows ("aJohns Hopkins University"), unless the registry knows the
// word with the letter, written so: a brand keeps it ("eScience
// Institute", "iSTAR Medical").
func (r *Resolver) cutLeadingLetter(s string) string {
	if len(s) < 3 {
		return s
	}
	if s[1] == ' ' {
		if c, _ := utf8.DecodeRuneInString(s[2:]); unicode.IsUpper(c) {
			return s[2:]
		}
		return s
	}
	if s[1] < 'A' || s[1] > 'Z' {
		return s
	}
	end := 1 // the first word's end: ASCII letters and any byte of a wider letter
	for end < len(s) && (unicode.IsLetter(rune(s[end])) || s[end] >= utf8.RuneSelf) {
		end++
	}
	if glued := names.Tokenize(s[:end]); len(glued) == 1 && r.ix.Knows(glued[0].Text) {
		// A registry word as a registry name writes it ("eScience",
		// "iSTAR", "cTRL"), not a word of its written otherwise
		// ("aMIT", where names write "Amit"; "aUC", "AUC").
		if r.forms().WritesSmallFirst(s[:end]) {
			return s
		}
	}
	rest := s[1:end]
	word := names.Tokenize(rest)
	if strings.EqualFold(rest, "the") || end-1 >= 2 && !strings.ContainsFunc(rest, unicode.IsLower) || len(word) == 1 && r.ix.Knows(word[0].Text) {
		// "aThe …", an acronym ("aUCLA", "bTU Dresden") or a word the
		// registry knows ("aJohns").
		return s[1:]
	}
	return s
}

// splitJoinedNames makes two parties of a party that joins two registry
// names, each written whole and each one organisation's, with "and" or
// "&" ("Northwold University and Eastmere General Hospital"): each is an
// organisation of its own, where pick chooses one per party. The units
// written before them stay with the first; the address is both's. A name
// that is itself a registry name whole ("Institute of Science and
// Technology") is one.
func (r *Resolver) splitJoinedNames(parties []names.Affiliation) []names.Affiliation {
	var out []names.Affiliation // nil until a party splits
	for k, a := range parties {
		if i, _ := indexJoin(a.Raw); i < 0 {
			if out != nil {
				out = append(out, a)
			}
			continue
		}
		first, second, ok := r.joinedNames(&a)
		if !ok {
			if out != nil {
				out = append(out, a)
			}
			continue
		}
		if out == nil {
			out = append(make([]names.Affiliation, 0, len(parties)+1), parties[:k]...)
		}
		out = append(out, first, second)
	}
	if out == nil {
		return parties
	}
	return out
}

// joinUnitParties reads a party that names a unit only, in words common
// to many organisations' names and fields of study ("Department of
// Tides", "Kelp Research Institute"), as the first part of the party after
// it when that one names an organisation of its own: a string whose parts
// are set apart by semicolons ("Department of Tides; Westland University;
// Northtown") is one affiliation, and such a unit read alone is chosen as
// a registry organisation named so, elsewhere. The two are parsed again
// as written with a comma between them.
func joinUnitParties(parties []names.Affiliation) []names.Affiliation {
	for i := 0; i+1 < len(parties); i++ {
		if !unitOnly(&parties[i]) || !namesOwn(&parties[i+1]) {
			continue
		}
		joined := names.ParseAffiliations(parties[i].Raw + ", " + parties[i+1].Raw)
		if len(joined) != 1 {
			continue
		}
		parties = slices.Concat(parties[:i], joined, parties[i+2:])
	}
	return parties
}

// joinAddressParties reads a party that writes an address only (a town
// the registry knows, a region, a country) as the address of the party
// before it, when that one names an organisation: a string whose parts
// are set apart by semicolons ("Westland University; Northtown;
// Freedonia") is one affiliation, and a town or a country read alone was
// chosen as an organisation named after it, the country no evidence for
// the name before it. The two are parsed again as written with a comma
// between them.
func (r *Resolver) joinAddressParties(parties []names.Affiliation) []names.Affiliation {
	for i := 1; i < len(parties); i++ {
		if !r.addressOnly(&parties[i]) || !slices.ContainsFunc(parties[i-1].Segments, isNameSegment) {
			continue
		}
		joined := names.ParseAffiliations(parties[i-1].Raw + ", " + parties[i].Raw)
		if len(joined) != 1 {
			continue
		}
		parties = slices.Concat(parties[:i-1], joined, parties[i+1:])
		i-- // the joined party may take the next address too
	}
	return parties
}

// addressOnly reports whether every segment of party a is a country, or
// a town or region of the registry's gazetteer, perhaps with a postcode
// ("Northtown 12345"). The parser's address segments are not enough:
// some are names ("Inserm U1127" reads as a street's).
func (r *Resolver) addressOnly(a *names.Affiliation) bool {
	return !slices.ContainsFunc(a.Segments, func(s names.Segment) bool {
		if s.Role == names.RoleCountry {
			return false
		}
		ts := s.Tokens
		for len(ts) > 0 && isPostcodeToken(ts[0]) {
			ts = ts[1:]
		}
		for len(ts) > 0 && isPostcodeToken(ts[len(ts)-1]) {
			ts = ts[:len(ts)-1]
		}
		return len(ts) == 0 || len(ts) > maxPlaceWords || !r.cities.has(ts) && !isRegion(ts)
	})
}

// unitOnly reports whether party a writes a unit or an organisation's
// common words only: every segment a unit's or a name's, and every word
// common institutional vocabulary, a field of study or a unit's word. A
// university is no unit ("Southwest University"), nor is a name written
// in Chinese, whose words read in English are often all common ones
// ("中国医学科学院", the Chinese Academy of Medical Sciences): each is a
// party of its own before a semicolon.
func unitOnly(a *names.Affiliation) bool {
	for _, s := range a.Segments {
		if s.Role != names.RoleDept && s.Role != names.RoleName {
			return false
		}
		if s.Role == names.RoleName && names.HasHan(s.Text) {
			return false
		}
		for _, t := range s.Tokens {
			if t.Text == "university" || !names.IsGeneric(t.Text) && !names.IsSubject(t.Text) && !names.IsUnitWord(t.Text) {
				return false
			}
		}
	}
	return len(a.Segments) > 0
}

// namesOwn reports whether party a has an organisation's segment with a
// word of its own (see ownWord).
func namesOwn(a *names.Affiliation) bool {
	return slices.ContainsFunc(a.Segments, func(s names.Segment) bool { return s.Role == names.RoleName && ownWord(s.Tokens) })
}

// indexJoin returns where the first " and " or " & " in s begins and its
// length, or -1.
func indexJoin(s string) (int, int) {
	i, n := names.IndexAnd(s), len(" and ")
	if j := strings.Index(s, " & "); j >= 0 && (i < 0 || j < i) {
		i, n = j, len(" & ")
	}
	return i, n
}

// joinedIn reports whether raw writes a and b joined by " and " or " & ".
func joinedIn(raw, a, b string) bool { return writtenJoined(raw, a, b, " and ", " & ") }

// writtenJoined reports whether raw writes a, one of joins, then b,
// without building the joined text (it runs on most parties).
func writtenJoined(raw, a, b string, joins ...string) bool {
	for from := 0; ; {
		k := strings.Index(raw[from:], a)
		if k < 0 {
			return false
		}
		rest := raw[from+k+len(a):]
		for _, j := range joins {
			if after, ok := strings.CutPrefix(rest, j); ok && strings.HasPrefix(after, b) {
				return true
			}
		}
		from += k + 1
	}
}

// joinedNames splits a party as splitJoinedNames does, reporting whether
// it joins two registry names with "and" or "&": as two segments the
// parser made of them, or as one it left whole.
func (r *Resolver) joinedNames(a *names.Affiliation) (first, second names.Affiliation, ok bool) {
	// A side must be a registry name: one organisation's (see
	// nameHolder), or one of two words or more that namesakes hold.
	isName := func(ts []names.Token, text string) bool {
		if _, ok := r.nameHolder(ts, text); ok {
			return true
		}
		// A name namesakes hold ("Dunmore University" of two
		// countries), of two words or more and one of its own, is a
		// side too: the segments after it are both parties', so the
		// country or town written there still tells which is meant.
		return len(ts) >= 2 && ownWord(ts) && r.ix.IsName(ts)
	}
	for i, s := range a.Segments {
		if rt, ok := cutJoin(s.Text); ok && (s.Role == names.RoleName || s.Role == names.RoleDept) && i >= 1 && a.Segments[i-1].Role == names.RoleName && isName(a.Segments[i-1].Tokens, a.Segments[i-1].Text) {
			// "and" opening a name after an organisation's name
			// ("… X University School of Medicine, and Y Medical
			// Center, Northtown"): the address after it is both's. The
			// parser may read the segment as a unit's, one more of a
			// list ("Department of A, and B").
			if right, ok := r.partyAfterAddress(rt); ok {
				first, second = *a, *a
				rest := a.Segments[i+1:]
				first.Segments = slices.Concat(a.Segments[:i], rest)
				second.Segments = slices.Concat([]names.Segment{right}, rest)
				return first, second, true
			}
			continue
		}
		if i+1 < len(a.Segments) && (s.Role == names.RoleDept || a.Segments[i+1].Role == names.RoleDept) && joinedIn(a.Raw, s.Text, a.Segments[i+1].Text) {
			// A unit's words that are one organisation's registry
			// name, joined to another's ("Centre for Tidal Management
			// and Northwold Institute", "Northwold Institute and Centre
			// Eastvale"): two organisations.
			side := func(sg names.Segment) (names.Segment, bool) {
				switch sg.Role {
				case names.RoleName:
					return sg, isName(sg.Tokens, sg.Text)
				case names.RoleDept:
					sg.Role, sg.Tokens = names.RoleName, names.WithRole(sg.Tokens, names.RoleName)
					return sg, r.soleName(sg)
				}
				return sg, false
			}
			if left, ok := side(s); ok {
				if right, ok := side(a.Segments[i+1]); ok {
					first, second = splitAt(a, i, left, right)
					return first, second, true
				}
			}
		}
		if s.Role != names.RoleName {
			continue
		}
		if rt, ok := cutJoin(s.Text); ok && i >= 2 && r.addressSegment(a.Segments[i-1]) && r.namedBefore(a.Segments[:i-1]) {
			// "and" opening a name after an organisation's address
			// ("X University, Northtown, and Y Institute, Southtown")
			// joins two parties (see partyAfterAddress).
			if right, ok := r.partyAfterAddress(rt); ok {
				first, second = splitAtAddressEnd(a, a.Segments[:i], right, a.Segments[i+1:])
				return first, second, true
			}
			continue
		}
		if i+1 < len(a.Segments) && a.Segments[i+1].Role == names.RoleName && joinedIn(a.Raw, s.Text, a.Segments[i+1].Text) {
			if left, right := s, a.Segments[i+1]; isName(left.Tokens, left.Text) && isName(right.Tokens, right.Text) {
				first, second = splitAt(a, i, left, right)
				return first, second, true
			}
			continue
		}
		k, n := indexJoin(s.Text)
		if k < 0 || r.ix.IsName(s.Tokens) {
			continue
		}
		// Each "and" in turn: a side's own name may hold one
		// ("Institute of Science and Technology & Y University").
		for from := 0; k >= 0; {
			// Both sides are names: the right one opens with a capital
			// ("… Science and Technology & Y", not "… Research &
			// development"), and the left one is two words at least
			// or one organisation's whole name.
			lt, rt := s.Text[:from+k], s.Text[from+k+n:]
			if i >= 1 && r.namedBefore(a.Segments[:i]) {
				// The same with the town and "and" in one segment ("X
				// University, Northtown and Y Institute, Southtown").
				town := names.Segment{Text: lt, Role: names.RoleAddress, Tokens: names.WithRole(names.Tokenize(lt), names.RoleAddress)}
				if right, ok := r.partyAfterAddress(rt); ok && r.cities.has(town.Tokens) {
					first, second = splitAtAddressEnd(a, append(slices.Clone(a.Segments[:i]), town), right, a.Segments[i+1:])
					return first, second, true
				}
			}
			if c, _ := utf8.DecodeRuneInString(rt); unicode.IsUpper(c) {
				left := names.Segment{Text: lt, Role: names.RoleName, Tokens: names.WithRole(names.Tokenize(lt), names.RoleName)}
				right := names.Segment{Text: rt, Role: names.RoleName, Tokens: names.WithRole(names.Tokenize(rt), names.RoleName)}
				if (strings.Contains(strings.TrimSpace(lt), " ") && isName(left.Tokens, lt) || r.soleName(left)) && isName(right.Tokens, rt) {
					first, second = splitAt(a, i, left, right)
					return first, second, true
				}
			}
			from += k + n
			k, n = indexJoin(s.Text[from:])
		}
	}
	return names.Affiliation{}, names.Affiliation{}, false
}

// soleName reports whether segment s is one organisation's registry name,
// written whole, and not a unit's name many organisations hold.
func (r *Resolver) soleName(s names.Segment) bool {
	_, ok := r.nameHolder(s.Tokens, s.Text)
	return ok
}

// nameHolder returns the one organisation whose registry name the words
// ts, written as text, are: the only holder of the name, or, of several,
// the only one that has it as written, the others having it only by a
// name derived from theirs (a campus's name without its town). A single
// generic word names no one.
func (r *Resolver) nameHolder(ts []names.Token, text string) (string, bool) {
	if len(ts) == 0 || len(ts) == 1 && names.IsGeneric(ts[0].Text) {
		return "", false
	}
	holders := r.nameHolders(ts)
	switch len(holders) {
	case 0:
		return "", false
	case 1:
		return holders[0], true
	}
	n := names.Normalize(text)
	sole := ""
	for _, id := range holders {
		if r.writesName(id, n) {
			if sole != "" {
				return "", false
			}
			sole = id
		}
	}
	return sole, sole != ""
}

// splitAt returns the two parties a reads as when segment i joins the
// names left and right (see joinedNames): the units before it stay with
// the first, the segments after it are both's.
func splitAt(a *names.Affiliation, i int, left, right names.Segment) (first, second names.Affiliation) {
	rest := slices.Clone(a.Segments[i+1:])
	if len(rest) > 0 && rest[0].Text == right.Text {
		rest = rest[1:]
	}
	first, second = *a, *a
	first.Segments = slices.Concat(a.Segments[:i], []names.Segment{left}, rest)
	second.Segments = slices.Concat([]names.Segment{right}, rest)
	return first, second
}

// addressSegment reports whether s is an address, as the parser read it
// or as a town the registry knows (which may also be what an
// organisation is called for short, "Sherbrooke").
func (r *Resolver) addressSegment(s names.Segment) bool {
	return s.Role == names.RoleAddress || s.Role == names.RoleName && r.cities.has(s.Tokens)
}

// cutJoin returns text after an opening "and" or "&" and whether text
// opens so ("and Y Institute").
func cutJoin(text string) (string, bool) {
	for _, j := range []string{"and ", "& "} {
		if rest, ok := strings.CutPrefix(text, j); ok {
			return rest, true
		}
	}
	return "", false
}

// namedBefore reports whether segs, a party's first segments, name an
// organisation: a name's segment, or a unit's the registry holds as a
// name ("Center for Tidal Physics").
func (r *Resolver) namedBefore(segs []names.Segment) bool {
	return slices.ContainsFunc(segs, func(s names.Segment) bool {
		return s.Role == names.RoleName || s.Role == names.RoleDept && r.ix.IsName(s.Tokens)
	})
}

// partyAfterAddress returns, as a name's segment, rt, the text after an
// "and" that follows an organisation's address, when it opens another
// party: it starts with a capital and is a registry name that does not
// open as a unit's ("Laboratory of …"), as units listed with "and"
// follow a unit, not an address.
func (r *Resolver) partyAfterAddress(rt string) (names.Segment, bool) {
	if c, _ := utf8.DecodeRuneInString(rt); !unicode.IsUpper(c) {
		return names.Segment{}, false
	}
	right := names.Segment{Text: rt, Role: names.RoleName, Tokens: names.WithRole(names.Tokenize(rt), names.RoleName)}
	ok := len(right.Tokens) > 0 && !names.IsUnitWord(right.Tokens[0].Text) && r.ix.IsName(right.Tokens)
	return right, ok
}

// splitAtAddressEnd returns the two parties a reads as when an "and"
// after the first party's address (its segments, firstSegs) opens the
// second's name, right, followed by its segments rest (see joinedNames):
// a country ending the string is both's.
func splitAtAddressEnd(a *names.Affiliation, firstSegs []names.Segment, right names.Segment, rest []names.Segment) (first, second names.Affiliation) {
	first, second = *a, *a
	first.Segments = slices.Clone(firstSegs)
	if last := a.Segments[len(a.Segments)-1]; last.Role == names.RoleCountry {
		first.Segments = append(first.Segments, last)
	}
	second.Segments = slices.Concat([]names.Segment{right}, rest)
	return first, second
}

// writesName reports whether organisation id has a registry name that
// normalises to n.
func (r *Resolver) writesName(id, n string) bool {
	info := r.orgs[id]
	return info != nil && slices.ContainsFunc(info.names, func(x string) bool { return names.Normalize(x) == n })
}

// nameWithNeighbour reports whether segment i of a, written after or
// before the organisation's name in the segment beside it, is a registry
// name ("Tidewater Medical Campus, University of Westmarch" for
// "University of Westmarch Tidewater Medical Campus").
func (r *Resolver) nameWithNeighbour(a *names.Affiliation, i int) bool {
	for _, j := range []int{i - 1, i + 1} {
		if j < 0 || j >= len(a.Segments) || a.Segments[j].Role != names.RoleName {
			continue
		}
		if r.ix.IsName(slices.Concat(a.Segments[j].Tokens, a.Segments[i].Tokens)) || r.ix.IsName(slices.Concat(a.Segments[i].Tokens, a.Segments[j].Tokens)) {
			return true
		}
	}
	return false
}

// restoreNamedAddresses gives the name role back to a segment the parser
// took for an address for a street's word in it ("Westland Technical
// Campus", "Building Global Innovators") when the segment is a registry
// name word for word, or one with the organisation's name written beside
// it (see nameWithNeighbour), with no number or town: an address is
// seldom one.
// A segment with an organisation's head word is left: the parser reads
// organisations named as context ("corporate member of X University")
// as an address on purpose.
//
// So is a registry name of two words or more, or an acronym in capitals
// the registry knows, and then a postcode and nothing else ("Westland
// National Laboratory 94720", "KU Northtown 3001", "WNL 94720"; not a
// street's word, "Case 907"), unless the words are a town the registry
// knows, a state's code ("CA 94720") or a research unit's ("UMR 5119"):
// the postcode alone is the address (see splitTrailingPostcode).
func (r *Resolver) restoreNamedAddresses(a *names.Affiliation) {
	for i := range a.Segments {
		s := &a.Segments[i]
		if s.Role == names.RoleAddress && isUnitCode(s.Tokens) {
			// A research unit's code that one registry organisation
			// holds as its name ("UMR 5819") names it, not its
			// address: read so, a town after it is no university
			// named after the town.
			if r.activeHolder(s.Tokens) {
				setSegmentRole(s, names.RoleName)
			}
			continue
		}
		if s.Role != names.RoleAddress || len(s.Tokens) < 2 {
			continue
		}
		if r.splitNameBeforePostcode(a, i) {
			continue
		}
		if n := len(s.Tokens) - 1; postcodeAfter(s.Tokens) && (n > 1 || isCapsAcronym(firstWord(s.Text)) && !names.IsRegionCode(firstWord(s.Text))) {
			name := s.Tokens[:n]
			if !r.cities.has(name) && r.ix.IsName(name) {
				s.Role = names.RoleName
				setRole(name, names.RoleName)
			}
			continue
		}
		if slices.ContainsFunc(s.Tokens, func(t names.Token) bool { return t.Place || names.HasDigit(t.Text) || names.IsOrgHead(t.Text) }) || !r.ix.IsName(s.Tokens) && !r.nameWithNeighbour(a, i) {
			continue
		}
		setSegmentRole(s, names.RoleName)
	}
}

// splitNameBeforePostcode splits address segment i of a, read so for its
// postcode, where an organisation's name comes before the postcode and a
// town the registry knows after it, perhaps with its country or state
// ("Westland National Laboratory 94720 Northtown USA", "Laboratoire de
// Tides F-75005 Northtown France", lines of a postal address joined with
// no comma), or before it with the town and perhaps the state's code
// ("Westland National Laboratory Northtown CA 94720 USA"): the name
// becomes a name's segment, the rest the address, its town marked. It
// reports whether it split.
func (r *Resolver) splitNameBeforePostcode(a *names.Affiliation, i int) bool {
	s := a.Segments[i]
	ts := s.Tokens
	k, n := postcodeIn(ts, s.Text)
	if k < 1 {
		return false
	}
	split := func(end, from, to int) bool {
		cut := tokenCut(s.Text, end)
		if cut < 0 {
			return false
		}
		splitSegment(a, i, cut, end, names.RoleName, names.RoleAddress)
		setRole(a.Segments[i].Tokens, names.RoleName)
		r.cities.setPlace(a, ts[from:to])
		return true
	}
	rest := ts[k+n:]
	if name := k; len(rest) > 0 {
		if k >= 2 && len(ts[k-1].Text) <= 2 && !names.IsDigits(ts[k-1].Text) {
			name-- // a country's letters before the postcode ("D-53115")
		}
		town := 0
		if len(rest) <= maxPlaceWords && r.cities.has(rest) {
			town = len(rest)
		} else {
			town = r.cities.townAddress(rest, s.Text, false)
		}
		if town > 0 && r.postalName(ts[:name]) {
			return split(name, k+n, k+n+town)
		}
		if _, ok := countryCode(rest); !ok {
			return false
		}
	}
	end := k
	if k >= 3 && stateCodeWritten(ts[k-1], s.Text) {
		end-- // a state's code between the town and the postcode ("Northtown CA 94720")
	}
	if end <= maxPlaceWords && r.cities.has(ts[:end]) {
		return false // the town's words only ("San Salvador 10115", not "San" before Salvador)
	}
	for j := min(maxPlaceWords, end-1); j >= 1; j-- {
		if r.cities.has(ts[end-j:end]) && r.postalName(ts[:end-j]) {
			return split(end-j, end-j, end)
		}
	}
	return false
}

// postcodeIn returns where the first postcode in ts (read from text)
// begins and how many tokens it takes: one for digits ("94720"), two for
// the UK's or Canada's letters and digits ("OX1 3PU"); or -1 and 0.
func postcodeIn(ts []names.Token, text string) (int, int) {
	for k, t := range ts {
		if isPostcodeToken(t) {
			return k, 1
		}
		if k+1 < len(ts) && lettersPostcode(t, ts[k+1], text) {
			return k, 2
		}
	}
	return -1, 0
}

// postalName reports whether ts, the words that open an address segment
// before its town and postcode, are an organisation's name: a
// registry name, or words with an organisation's head word. A town's
// words, a number or a street's word ("College Road") are no name.
func (r *Resolver) postalName(ts []names.Token) bool {
	if len(ts) == 0 || r.cities.has(ts) || streetOrNumber(ts) {
		return false
	}
	if len(ts) == 1 {
		// An acronym or a one-word name the registry holds ("Optica
		// Northtown DC 20036"), not a common word.
		return !names.IsGeneric(ts[0].Text) && !names.IsStopword(ts[0].Text) && r.ix.IsName(ts)
	}
	return slices.ContainsFunc(ts, func(t names.Token) bool { return names.IsOrgHead(t.Text) }) || r.ix.IsName(ts)
}

// activeHolder reports whether exactly one active organisation holds ts
// as a registry name: a unit's code passes from a retired unit to the one
// that succeeds it.
func (r *Resolver) activeHolder(ts []names.Token) bool {
	return r.holdersWhere(ts, func(info *orgInfo) bool { return info.active }) == 1
}

// holdersWhere returns how many organisations that keep accepts hold ts
// as a registry name, each counted once: one may hold the words under
// several of its names ("UMR 6553" and "UMR-6553").
func (r *Resolver) holdersWhere(ts []names.Token, keep func(*orgInfo) bool) int {
	n := 0
	for _, id := range r.nameHolders(ts) {
		if info := r.orgs[id]; info != nil && keep(info) {
			n++
		}
	}
	return n
}

// splitTrailingPostcode sets a postcode apart that ends an organisation's
// segment ("Westland University 94720", written with no town): read
// within the segment, it kept the segment from being the name written
// whole. A registry name that ends with the number keeps it, as does a
// research unit's code ("CNRS UMR 5119").
func (r *Resolver) splitTrailingPostcode(a *names.Affiliation) {
	for i := 0; i < len(a.Segments); i++ {
		s := a.Segments[i]
		n := len(s.Tokens) - 1
		if s.Role != names.RoleName || !postcodeAfter(s.Tokens) || r.ix.IsName(s.Tokens) {
			continue
		}
		if cut := tokenCut(s.Text, n); cut > 0 {
			splitSegment(a, i, cut, n, names.RoleName, names.RoleAddress)
			setRole(a.Segments[i+1].Tokens, names.RoleAddress)
			i++
		}
	}
}

// restoreNamedAsides reads what the string writes in brackets as it
// reads a part after a comma when it is an organisation's name or a
// town: the parser reads a parenthetical as an aside of the party (an
// acronym, a former name), which the screen reads on its own only when it
// holds a head word and a distinctive word, so that a unit written before
// it ("Department of Tides (Westland University)", "Kelp Hospital (KW
// Northtown)") was chosen in its place, or nothing was. Words of two or
// more that are a registry name, or hold an organisation's head word or a
// legal form, are a name segment; a town the registry knows is the
// address ("University of Westmarch (Eastby)", one of its campuses). An
// acronym, one word however the tokeniser parts it ("A*STAR") or words in
// capitals ("CF UM UP"), stays an aside, as do notes and the ministry a
// laboratory answers to ("Key Laboratory of X (Ministry of Education)").
func (r *Resolver) restoreNamedAsides(a *names.Affiliation) {
	for i := 0; i < len(a.Segments); i++ {
		s := &a.Segments[i]
		if s.Role != names.RoleAside {
			continue
		}
		if strings.IndexByte(s.Text, ',') >= 0 {
			if parts, ok := asideParts(s.Text); ok {
				a.Segments = slices.Concat(a.Segments[:i], parts.Segments, a.Segments[i+1:])
				addCountries(a, parts.Countries...)
				i += len(parts.Segments) - 1
				continue
			}
		}
		switch {
		case len(s.Tokens) <= maxPlaceWords && r.cities.has(s.Tokens):
			switch {
			case r.nameWithNeighbour(a, i):
				// A registry name's last words ("Westland Institute of
				// Technology (Northtown)" for "… Technology
				// Northtown"), as after a comma.
				setSegmentRole(s, names.RoleName)
			case inCapitals(s.Text) || len(strings.TrimSpace(s.Text)) <= 3:
				// Most likely an acronym that is also a town's name
				// ("(CHI)", also in a string all in one case): no
				// evidence of where.
				setSegmentRole(s, names.RoleAddress)
			default:
				s.Role = names.RoleAddress
				r.cities.setPlace(a, s.Tokens)
			}
		case r.namedAside(s):
			s.Role = names.RoleName
			for k := range s.Tokens {
				if s.Tokens[k].Role == names.RoleAside {
					s.Tokens[k].Role = names.RoleName // a unit's words within keep theirs
				}
			}
		}
	}
}

// namedAside reports whether aside s is written as an organisation's
// name: in two words or more, not all in capitals (an acronym) nor a
// ministry's, that are a registry name or hold an organisation's head
// word or a legal form.
func (r *Resolver) namedAside(s *names.Segment) bool {
	if len(s.Tokens) < 2 || !strings.Contains(strings.TrimSpace(s.Text), " ") || s.Tokens[0].Text == "ministry" || inCapitals(s.Text) {
		return false
	}
	return r.ix.IsName(s.Tokens) || slices.ContainsFunc(s.Tokens, func(t names.Token) bool { return names.IsOrgHead(t.Text) || t.Legal })
}

// asideParts parses a parenthetical written in parts ("(Department of
// Tides, Westland University, Northtown)") as a party, when it is one
// that names an organisation of its own.
func asideParts(text string) (names.Affiliation, bool) {
	ps := names.ParseAffiliations(text)
	if len(ps) != 1 || !namesOwn(&ps[0]) {
		return names.Affiliation{}, false
	}
	return ps[0], true
}

// inCapitals reports whether every word of text is written in capitals
// ("CF UM UP", an acronym spelled in parts).
func inCapitals(text string) bool {
	return !strings.ContainsFunc(text, unicode.IsLower)
}

// restoreJoinedName makes one segment again of two organisation segments
// the parser split at "and" when, joined, they are a registry name word
// for word ("Ministry of Schools and Universities": the parser reads a
// head word on each side as two organisations joined).
func (r *Resolver) restoreJoinedName(a *names.Affiliation) {
	for i := 1; i < len(a.Segments); i++ {
		if a.Segments[i-1].Role == names.RoleName && a.Segments[i].Role == names.RoleName && r.joinSegments(a, i, " and ") {
			i--
		}
	}
}

// joinSegments makes one organisation segment of segments i-1 and i of a
// when a.Raw writes them joined by sep and their words together are a
// registry name word for word, and reports whether it did.
func (r *Resolver) joinSegments(a *names.Affiliation, i int, sep string) bool {
	prev, s := a.Segments[i-1], a.Segments[i]
	if len(prev.Tokens) == 0 || len(s.Tokens) == 0 {
		return false
	}
	pt, st := strings.TrimSpace(prev.Text), strings.TrimSpace(s.Text)
	if !writtenJoined(a.Raw, pt, st, sep) {
		return false // the common case, told before the words are joined
	}
	ts := slices.Concat(prev.Tokens, s.Tokens)
	if !r.ix.IsName(ts) {
		return false
	}
	a.Segments[i-1] = names.Segment{Text: pt + sep + st, Role: names.RoleName, Tokens: ts}
	a.Segments = slices.Delete(a.Segments, i, i+1)
	return true
}

// restoreNamedCountry joins a country the parser split off the end of an
// organisation's segment back to it when the two were written with only a
// space between and, joined, are a registry name word for word ("Chinese
// Univ Hong Kong", as bibliographic indexes that drop "of" write the
// Chinese University of Hong Kong): the country is then a word of the
// name. It stays the party's country too.
func (r *Resolver) restoreNamedCountry(a *names.Affiliation) {
	for i := 1; i < len(a.Segments); i++ {
		if a.Segments[i-1].Role == names.RoleName && a.Segments[i].Role == names.RoleCountry && r.joinSegments(a, i, " ") {
			setRole(a.Segments[i-1].Tokens, names.RoleName)
		}
	}
}

// restoreCodeBeforeCountry gives the name role back to a segment of two
// capitals the parser read as a country's ISO code ("RU", "CN") when
// another country is written after it by name ("…, RU, New Brunswick,
// United States"): a country's code ends an address, so one before
// another country is an organisation's acronym, and the party is not in
// its country unless something else says so.
func restoreCodeBeforeCountry(a *names.Affiliation) {
	last := len(a.Segments) - 1
	if last < 1 || a.Segments[last].Role != names.RoleCountry || !slices.ContainsFunc(a.Segments[:last], func(s names.Segment) bool {
		return s.Role == names.RoleCountry && len(strings.TrimSpace(s.Text)) == 2
	}) {
		return // most parties: no country's code before the last part
	}
	after, ok := countryCode(a.Segments[last].Tokens)
	if !ok || len(strings.TrimSpace(a.Segments[last].Text)) == 2 {
		return // a code last too: an export's way of writing the country
	}
	for i := range a.Segments[:last] {
		s := &a.Segments[i]
		code := strings.TrimSpace(s.Text)
		c := names.ISOCountry(code)
		if s.Role != names.RoleCountry || len(code) != 2 || c == "" || c == after || slices.ContainsFunc(a.Segments, func(o names.Segment) bool {
			oc, ok := countryCode(o.Tokens)
			return o.Role == names.RoleCountry && ok && oc == c && len(strings.TrimSpace(o.Text)) > 2
		}) {
			continue
		}
		setSegmentRole(s, names.RoleName)
		a.Countries = slices.DeleteFunc(a.Countries, func(x string) bool { return x == c })
	}
}

// restoreLateComma undoes the parser's mending of a comma it read as
// written one word late ("School of Engineering Northvale, University
// Eastport" names Northvale University, see names.ParseAffiliations) when
// the words after the comma are a registry name word for word and, with
// the moved word, none ("Centre for Human Flourishing, University
// Oxford"): the comma was in its place, and the word goes back to the
// segment before it.
func (r *Resolver) restoreLateComma(a *names.Affiliation) {
	for i := 1; i < len(a.Segments); i++ {
		s, prev := a.Segments[i], &a.Segments[i-1]
		if s.Role != names.RoleName || len(s.Tokens) < 3 {
			continue
		}
		w, rest, ok := strings.Cut(strings.TrimSpace(s.Text), " ")
		if !ok || !writtenJoined(a.Raw, w, rest, ", ", ",") {
			continue
		}
		k := len(names.Tokenize(w))
		if k == 0 || k >= len(s.Tokens) || !r.ix.IsName(s.Tokens[k:]) || r.ix.IsName(s.Tokens) {
			continue
		}
		moved, name := slices.Clone(s.Tokens[:k]), slices.Clone(s.Tokens[k:])
		setRole(moved, prev.Role)
		setRole(name, names.RoleName)
		prev.Text = strings.TrimSpace(prev.Text) + " " + w
		prev.Tokens = slices.Concat(prev.Tokens, moved)
		a.Segments[i] = names.Segment{Text: rest, Role: names.RoleName, Tokens: name}
	}
}

// restoreNamedUnits gives the name role back to a segment the parser read
// as going on a unit's list of subjects ("Department of Physics, Virginia
// Tech, Blacksburg": "Tech" is a subject's word) when the segment is one
// organisation's registry name word for word and holds a word that is
// neither common institutional vocabulary nor a subject: a list of
// subjects does not name a place or a person.
func (r *Resolver) restoreNamedUnits(a *names.Affiliation) {
	for i := 1; i < len(a.Segments); i++ {
		s := &a.Segments[i]
		if s.Role != names.RoleDept || a.Segments[i-1].Role != names.RoleDept || len(s.Tokens) == 0 || len(s.Tokens) > 4 || opensUnit(s.Tokens[0]) ||
			!slices.ContainsFunc(s.Tokens, func(t names.Token) bool {
				return !commonVocabulary(t.Text)
			}) {
			continue
		}
		if _, ok := r.nameHolder(s.Tokens, s.Text); ok {
			setSegmentRole(s, names.RoleName)
		}
	}
}

// restoreNamedInstitutions gives the name role back to a segment the
// parser read as a unit's for its first word when a word of a name of its
// own follows that word ("Faculdade Damas", a Brazilian college, not
// "Faculdade de Medicina") and the segment is one organisation's registry
// name as the registry writes it: units are named by their subjects, not
// so.
func (r *Resolver) restoreNamedInstitutions(a *names.Affiliation) {
	for i := range a.Segments {
		s := &a.Segments[i]
		if s.Role != names.RoleDept || len(s.Tokens) < 2 || len(s.Tokens) > 4 {
			continue
		}
		if t := s.Tokens[1].Text; commonVocabulary(t) || names.IsOrgHead(t) {
			continue
		}
		if ws := strings.Fields(s.Text); len(ws) < 2 || names.IsStopword(firstWord(names.Normalize(ws[1]))) {
			continue // "Centre for …", "Faculdade de …": the word after is the unit's subject
		}
		id, ok := r.nameHolder(s.Tokens, s.Text)
		if !ok {
			continue
		}
		// Written as the registry writes it, word for word: an index's
		// abbreviations ("Ctr Genomic Regulation", "Dept Earth Sci")
		// drop the small words that tell a unit's name.
		if r.writesName(id, names.Normalize(s.Text)) {
			setSegmentRole(s, names.RoleName)
		}
	}
}

// splitTrailingAcronym makes each capital acronym written after a
// registry name in one segment a segment of its own ("Institut X CNRS
// INSERM, Université Y"): other organisations, not words of the first's
// name, unless the registry writes the name with them; and so the
// organisation's own acronym after any name of its ("MetaGenoPolis MGP"),
// in mixed case too ("UniHa"), in a segment the parser read as a unit's
// too.
// A Roman numeral is no acronym but the name's number ("Université Paris
// VII").
func (r *Resolver) splitTrailingAcronym(a *names.Affiliation) {
	for i := 0; i < len(a.Segments); i++ {
		s := a.Segments[i]
		ts := s.Tokens
		if s.Role != names.RoleName && s.Role != names.RoleDept || len(ts) < 2 {
			continue
		}
		n := 0
		if ts[len(ts)-1].Role == s.Role {
			n = capsAcronymsAtEnd(ts, s.Text)
		}
		// One in mixed case ("UniGe"), which the parser may read as an
		// address's word, is read only as the organisation's own.
		mixed := n == 0 && mixedAcronymAtEnd(ts, s.Text)
		if n == 0 && !mixed || r.ix.IsName(ts) {
			continue // the common case: no acronym ends the segment
		}
		if r.ownAcronymAtEnd(ts, n, mixed) {
			// The organisation's name and its own acronym
			// ("MetaGenoPolis MGP"), however short the name; also
			// where the parser read a centre's name so as a unit's
			// ("Centre for Tidal Biology CTB, Northtown").
			if cut := tokenCut(s.Text, len(ts)-1); cut >= 0 {
				if s.Role != names.RoleName {
					setRole(ts, names.RoleName)
				}
				splitSegment(a, i, cut, len(ts)-1, names.RoleName, names.RoleName)
				i++
			}
			continue
		}
		if len(ts) < 3 || s.Role != names.RoleName || mixed {
			continue
		}
		// The name ends before the first of the acronyms that a registry
		// name of two tokens at least does not run on into.
		m := 1
		for m <= n && len(ts)-m >= 2 && !r.ix.IsName(ts[:len(ts)-m]) {
			m++
		}
		if m > n || len(ts)-m < 2 {
			continue
		}
		// The name from the acronyms, then each acronym from the next.
		for k := len(ts) - m; m > 0; k, m = 1, m-1 {
			cut := tokenCut(a.Segments[i].Text, k)
			if cut < 0 {
				break
			}
			splitSegment(a, i, cut, k, names.RoleName, names.RoleName)
			i++
		}
	}
}

// splitAcronymAfterUnit makes a capital acronym the registry knows as a
// name, written after a unit's words without a comma, a segment of its
// own ("Department of Kelp Sciences NWU"): the organisation the unit
// belongs to. The words before must hold a unit's or an organisation's
// head word and end with one or with a subject, and the segment must be
// no registry name whole; a Roman numeral is the unit's number
// ("Department of Medicine III").
func (r *Resolver) splitAcronymAfterUnit(a *names.Affiliation) {
	for i := 0; i < len(a.Segments); i++ {
		s := a.Segments[i]
		ts := s.Tokens
		if s.Role != names.RoleName && s.Role != names.RoleDept || len(ts) < 3 {
			continue
		}
		cut := strings.LastIndexByte(s.Text, ' ')
		last := ts[len(ts)-1]
		if cut < 0 || !writtenAcronym(s.Text[cut+1:], last) {
			continue // the common case: no acronym ends the segment
		}
		if _, ok := names.NumeralOf(last.Text); ok {
			continue
		}
		unit := ts[:len(ts)-1]
		if !slices.ContainsFunc(unit, unitOrHeadWord) || !unitOrHeadWord(unit[len(unit)-1]) && !names.IsSubject(unit[len(unit)-1].Text) ||
			!r.ix.IsName(ts[len(ts)-1:]) || r.ix.HoldsAll(ts) {
			continue
		}
		a.Segments[i].Tokens = slices.Concat(unit, names.WithRole([]names.Token{last}, names.RoleName))
		splitSegment(a, i, cut, len(ts)-1, unitRole(unit), names.RoleName)
		i++
	}
}

// splitLeadingAcronym makes a capital acronym that opens a name segment
// a segment of its own ("UCLA Quantitative Biosciences" as "UCLA",
// "Quantitative Biosciences"), unless the registry has a name that
// begins with it and the next word. It does so when the acronym spells
// the words after it ("WIT Westland Inst. of Technology": one
// organisation written twice, whose acronym may be another's), or when
// the words after it name no organisation of their own and the acronym
// is a prominent organisation's (an organisation written before its
// unit): a small namesake's acronym is as likely a unit's own ("CDI
// Courses").
func (r *Resolver) splitLeadingAcronym(a *names.Affiliation) {
	for i := 0; i < len(a.Segments); i++ {
		s := a.Segments[i]
		ts := s.Tokens
		cut := openingAcronym(s, false)
		if cut < 0 || ts[1].Role != names.RoleName {
			continue
		}
		// The registry lookups, cheapest and most selective first.
		if !spelledAfter(ts) && !r.prominentBeforeUnit(ts) && !r.nameAfterAcronym(ts) || r.ix.BeginsName(ts[:2]) || r.ix.IsName(ts[:2]) {
			continue
		}
		splitSegment(a, i, cut, 1, names.RoleName, names.RoleName)
		i++
	}
}

// splitAcronymBeforeName makes a capital acronym that opens a name
// segment a segment of its own when the words after it write a name of
// the organisation it is a name of ("UNIMI University of Milan"), before
// the towns are read: the town the name ends with is the name's, not the
// address's, as in the name written alone. One in mixed case or of two
// capitals that many hold is left out instead (see maxMixedAcronymHolders).
func (r *Resolver) splitAcronymBeforeName(a *names.Affiliation) {
	for i := 0; i < len(a.Segments); i++ {
		s := a.Segments[i]
		ts := s.Tokens
		cut := openingAcronym(s, true)
		if cut < 0 || r.ix.BeginsName(ts[:2]) || r.ix.IsName(ts[:2]) {
			continue
		}
		holders := r.nameHolders(ts[:1])
		n := r.acronymOfNameAfter(ts, holders)
		if n == 0 {
			continue
		}
		if !writtenAcronym(s.Text[:cut], ts[0]) && len(holders) > maxMixedAcronymHolders {
			// "UO University of Oklahoma": one of many holders, the
			// acronym would be a segment read as any of them; the name
			// written after it says which, so it is left out.
			a.Segments[i].Text, a.Segments[i].Tokens = strings.TrimSpace(s.Text[cut+1:]), ts[1:]
			setRole(a.Segments[i].Tokens[:n], names.RoleName)
			continue
		}
		splitSegment(a, i, cut, 1, names.RoleName, names.RoleName)
		setRole(a.Segments[i+1].Tokens[:n], names.RoleName)
		i++
	}
}

// splitNameCountry makes a country's name written after an acronym or a
// registry name without a comma ("KTH Sweden", "CNRS France", "Bundeswehr
// Germany", "National Research Foundation of Korea South Korea", as typed
// queries write them; also a unit's code read as an address, "U 1242
// France") a country's segment of its own, as after a comma:
// read as a town after the acronym, or as another name, it had vetoed the
// organisation or made the party two. The registry's names written so
// ("Westcorp France", a company's national branch) are left whole.
func (r *Resolver) splitNameCountry(a *names.Affiliation) {
	for i := 0; i < len(a.Segments); i++ {
		s := a.Segments[i]
		ts := s.Tokens
		if s.Role != names.RoleName && s.Role != names.RoleAddress || len(ts) < 2 || !names.EndsCountry(lastWord(ts[len(ts)-1].Surface)) {
			continue // the common case: no country's last word ends the segment
		}
		k, c := r.nameBeforeCountry(s)
		if k == 0 || s.Role == names.RoleAddress && (k < 2 || ts[0].Place) {
			// An address's words are a name only when they are a
			// registry name of two words or more and no town ("U 1242
			// France", a research unit's code the parser read as an
			// address).
			continue
		}
		cut := tokenCut(s.Text, k)
		if cut < 0 {
			continue
		}
		if s.Role != names.RoleName {
			setRole(ts[:k], names.RoleName)
		}
		splitSegment(a, i, cut, k, names.RoleName, names.RoleCountry)
		setRole(a.Segments[i+1].Tokens, names.RoleCountry)
		addCountries(a, c)
		i++
	}
}

// nameBeforeCountry returns after how many of name segment s's tokens a
// country's name ends it, and the country's code, when the tokens before
// it are an acronym or a registry name (of one word, no common one) and
// the segment whole is none; or 0.
func (r *Resolver) nameBeforeCountry(s names.Segment) (int, string) {
	ts := s.Tokens
	if r.ix.IsName(ts) {
		return 0, ""
	}
	for k := max(1, len(ts)-maxCountryWords); k < len(ts); k++ { // the longest country first ("South Korea")
		c, ok := countryCode(ts[k:])
		if !ok || c == "" {
			continue
		}
		if k == 1 && openingAcronym(s, true) >= 0 || (k > 1 || !names.IsGeneric(ts[0].Text)) && r.ix.IsName(ts[:k]) {
			return k, c
		}
	}
	return 0, ""
}

// maxCountryWords is the most words of a country's name nameBeforeCountry
// reads ("Democratic Republic of the Congo" is read by its last four).
const maxCountryWords = 4

// openingAcronym returns where, in the text of name segment s, the
// capital acronym that opens it ends, when a word follows it; or -1.
// mixed accepts too an acronym of two letters or in mixed case with two
// capitals at least ("EC", "UniGe", "UdeS"), for a caller that asks the
// registry whether the words after it name the same organisation.
func openingAcronym(s names.Segment, mixed bool) int {
	if s.Role != names.RoleName || len(s.Tokens) < 2 || s.Tokens[0].Role != names.RoleName {
		return -1
	}
	cut := strings.IndexByte(s.Text, ' ')
	if cut < 0 || !writtenAcronym(s.Text[:cut], s.Tokens[0]) && !(mixed && mixedCaseAcronym(s.Text[:cut]) && writtenAs(s.Tokens[0], s.Text[:cut])) {
		return -1
	}
	return cut
}

// mixedCaseAcronym reports whether w is two to twelve letters, the first
// a capital and another one too ("EC", "UniGe", "UAlg", "ZČU",
// "UNILAVRAS").
func mixedCaseAcronym(w string) bool {
	n, upper := 0, 0
	for i, c := range w {
		switch {
		case unicode.IsUpper(c):
			upper++
		case i == 0 || !unicode.IsLetter(c):
			return false
		}
		n++
	}
	return n >= 2 && n <= maxMixedAcronymLen && upper >= 2
}

// maxMixedAcronymLen is the most letters of an acronym mixedCaseAcronym
// accepts: longer runs in capitals are as often words written so.
const maxMixedAcronymLen = 12

// acronymOfNameAfter returns how many words after ts's first, an
// acronym that the organisations holders hold as a registry name, write a
// registry name one of them holds too ("UNIMI University of Milan": one
// organisation written twice), of one word only if no common one ("LVAk
// Landesverteidigungsakademie"), counting a town the name ends with that
// was read as the address and words read as a unit's ("Hospital
// Northland" of "UKN University Hospital Northland"); or 0.
func (r *Resolver) acronymOfNameAfter(ts []names.Token, holders []string) int {
	if len(holders) == 0 {
		return 0
	}
	for j := len(ts); j >= 2; j-- {
		if ts[j-1].Role != names.RoleName && ts[j-1].Role != names.RoleAddress && ts[j-1].Role != names.RoleDept || j == 2 && names.IsGeneric(ts[1].Text) {
			continue
		}
		if r.holdsOneOf(ts[1:j], holders) {
			return j - 1
		}
	}
	return 0
}

// nameHolders returns the organisations that have a registry name of
// exactly the words ts, each once.
func (r *Resolver) nameHolders(ts []names.Token) []string {
	var ids []string
	r.ix.NameHolders(ts, func(id string) {
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	})
	return ids
}

// holdsOneOf reports whether one of the organisations ids has a registry
// name of exactly the words ts.
func (r *Resolver) holdsOneOf(ts []names.Token, ids []string) bool {
	held := false
	r.ix.NameHolders(ts, func(id string) { held = held || slices.Contains(ids, id) })
	return held
}

// splitAddressAcronym makes a capital acronym the registry knows that
// opens a segment the parser read as an address, with a registry city,
// a name segment of its own ("CERN CH-1211 Geneva 23"): an organisation
// written before its address. A unit's code after it ("CNRS UMR 5310")
// is left as it is: the acronym then names the unit's partner, which
// the unit's own name tells better.
func (r *Resolver) splitAddressAcronym(a *names.Affiliation) {
	for i := 0; i < len(a.Segments); i++ {
		s := a.Segments[i]
		ts := s.Tokens
		if s.Role != names.RoleAddress || len(ts) < 2 {
			continue
		}
		cut := strings.IndexByte(s.Text, ' ')
		if cut < 3 || !writtenAcronym(s.Text[:cut], ts[0]) || !r.ix.IsName(ts[:1]) || r.ix.BeginsName(ts[:2]) || r.ix.IsName(ts[:2]) {
			continue // not an acronym the registry knows, or one that begins a registry name
		}
		if _, country := names.CountryCode(ts[0].Surface); country {
			continue
		}
		if !slices.ContainsFunc(ts[1:], func(t names.Token) bool { return r.cities.has([]names.Token{t}) }) {
			continue // a unit's code ("CNRS UMR 5310"), not an address
		}
		splitSegment(a, i, cut, 1, names.RoleName, names.RoleAddress)
		a.Segments[i].Tokens = names.WithRole(a.Segments[i].Tokens, names.RoleName)
		i++
	}
}

// splitRunTogetherNames makes two segments of a name segment that writes
// two registry names one after the other without a comma ("Northwold
// Institute of Marine Acoustics University of Northwold Northtown"), as
// an institute and its university are written with one: each side two
// words at least, the second with a word that is no common word (the
// first may have none: "Institute of Physics University of Northwold" is
// read apart, as with a comma), the second not opening with
// a department's, laboratory's or school's word (a unit the registry may
// hold under that bare name, "School of Medicine"), and the words
// together neither a registry name nor the beginning of one. The words
// after the first name may be ones the parser read as a unit's
// ("University of Northwold Marine Acoustics Institute"), with the
// address it read as the unit's too. The address after the second stays
// with it. The first cut that makes two names is taken.
func (r *Resolver) splitRunTogetherNames(a *names.Affiliation) {
	for i := 0; i < len(a.Segments); i++ {
		s := a.Segments[i]
		ts := s.Tokens
		end := nameEnd(ts)
		if s.Role != names.RoleName || end < 4 || ts[0].Role != names.RoleName || !namesOrUnits(ts[:end]) {
			continue
		}
		place := end // where the address begins
		// A name the parser read as a unit's must hold a word few
		// registry names hold: "Cancer Research Center" after a
		// university is its centre, whatever else the registry calls so.
		unitWords := !allNames(ts[:end])
		split := func(k int) bool {
			second := ts[k:place]
			return ownWord(second) && !opensUnit(ts[k]) && (!unitWords || r.rareWordIn(second))
		}
		k := r.ix.NameSplit(ts[:end], 2, split)
		if k < 0 && unitWords {
			if place, _ = r.placesAtEnd(ts[:end], s.Text); place < end {
				k = r.ix.NameSplit(ts[:place], 2, split)
			}
		}
		if k < 0 || r.ix.BeginsName(ts[:place]) {
			continue // no two names, or the words begin a longer one
		}
		if cut := tokenCut(s.Text, k); cut > 0 && firstToken(s.Text[cut+1:]) == ts[k].Text {
			// Only names written side by side: "Northwold College and
			// the Eastmere Centre" is read as two names joined (see
			// splitJoinedNames).
			setRole(ts[:place], names.RoleName)
			setRole(ts[place:end], names.RoleAddress)
			splitSegment(a, i, cut, k, names.RoleName, names.RoleName)
			i++
		}
	}
}

// rareUnitWordNames is how many registry names at most may hold a word
// for it to make words the parser read as a unit's an organisation's name
// (see splitRunTogetherNames).
const rareUnitWordNames = 100

// rareWordIn reports whether ts hold a word at most rareUnitWordNames
// registry names hold.
func (r *Resolver) rareWordIn(ts []names.Token) bool {
	return slices.ContainsFunc(ts, func(t names.Token) bool {
		n := r.ix.NamesHolding(t.Text)
		return n > 0 && n <= rareUnitWordNames
	})
}

// splitNameAfterUnit makes two segments of a unit's segment whose words
// after the unit's own are an organisation's registry name, written
// without a comma ("Department of Physics Northwold Institute of Marine
// Acoustics, University of Northwold"): the parser takes a segment that
// opens with a unit's word whole for the unit's, so the organisation
// would be read only when nothing else in the string is. The name must
// hold a word few registry names hold (see rareWordIn), or be
// minCommonNameWords words long, and not open with a department's,
// laboratory's or school's word; a segment that is a
// registry name whole, or begins one, stays as it is.
func (r *Resolver) splitNameAfterUnit(a *names.Affiliation) {
	for i := 0; i < len(a.Segments); i++ {
		s := a.Segments[i]
		ts := s.Tokens
		if s.Role != names.RoleDept || len(ts) < 4 || len(ts) > maxHostTokens {
			continue
		}
		// The town and country may close the segment too: the name ends
		// before them, unless it ends with a town itself ("… Hospital of
		// Tidewater Brackmoor"), which is tried first.
		place, _ := r.placesAtEnd(ts, s.Text)
		if place == len(ts) {
			place -= capsAcronymsAtEnd(ts, s.Text)
		}
		k := -1
		for end := len(ts); k < 0 && end >= max(place, 4); end-- {
			k = r.ix.NameAfter(ts[:end], 2, func(k int) bool {
				return !opensUnit(ts[k]) && (end-k >= minCommonNameWords || r.rareWordIn(ts[k:end]))
			})
			if k >= 0 && (r.ix.IsName(ts[:end]) || r.ix.BeginsName(ts[:end])) {
				k = len(ts) // the unit's words and the name are one name
			}
		}
		if k < 0 {
			k = r.schoolAfterUnit(ts)
		}
		if k < 0 || k == len(ts) {
			continue
		}
		if cut := tokenCut(s.Text, k); cut > 0 && firstToken(s.Text[cut+1:]) == ts[k].Text {
			// The name and the address after it are read as a name
			// segment's (see markPlaces).
			setRole(ts[k:], names.RoleName)
			splitSegment(a, i, cut, k, names.RoleDept, names.RoleName)
			// The unit's words left may end with another name, the
			// one's part ("Department of X Y Institute Z University"):
			// they are read again.
			i--
		}
	}
}

// restoreLoneTown gives the name role back to the one segment of a party
// that is a town the parser read as an address ("Department of Physics,
// Oxford", "…, Northtown NJ 08544"), when no segment names an
// organisation and one names a unit: a town written after a unit alone
// leads to the university named after it, as one left a name's segment
// does ("Department of Physics, Northtown"; see markPlaces). A postcode
// or state code after the town stays the address, in a segment of its
// own; the country the town implied stays the party's.
func (r *Resolver) restoreLoneTown(a *names.Affiliation) {
	if r.unitNamedInTown(a) {
		return
	}
	// The roles first, as most parties name an organisation: the towns
	// are looked up only in a party of a unit and no name.
	if countSegments(a, names.RoleName) > 0 || countSegments(a, names.RoleDept) == 0 {
		return
	}
	town, end := -1, 0
	for i, s := range a.Segments {
		if s.Role != names.RoleAddress {
			continue
		}
		if k := r.townOpening(s); k > 0 {
			if town >= 0 {
				return
			}
			town, end = i, k
		}
	}
	if town < 0 {
		return
	}
	if s := a.Segments[town]; end < len(s.Tokens) {
		cut := tokenCut(s.Text, end)
		if cut < 0 {
			return
		}
		splitSegment(a, town, cut, end, names.RoleAddress, names.RoleAddress)
	}
	s := &a.Segments[town]
	setSegmentRole(s, names.RoleName)
}

// unitNamedInTown reads a party of units' segments and a town, with no
// other organisation's name, where a unit's words are the registry name
// of an organisation in that town ("Centre de Géotides, Northtown" for
// the centre there): the segment names that organisation, not a unit of
// a university named after the town, and the town is its address. A
// street or a post box may be written beside them ("…, P.O. Box 12,
// Northtown"). It reports whether it did.
func (r *Resolver) unitNamedInTown(a *names.Affiliation) bool {
	// The roles first, as most parties name an organisation: names are
	// looked up only in a party of a unit and a town.
	units, town := 0, -1
	for i, s := range a.Segments {
		switch s.Role {
		case names.RoleDept:
			units++
		case names.RoleName, names.RoleAddress:
			if s.Role == names.RoleAddress && streetOrNumber(s.Tokens) {
				continue
			}
			if town >= 0 {
				return false
			}
			town = i
		}
	}
	if units == 0 || town < 0 {
		return false
	}
	t := &a.Segments[town]
	if len(t.Tokens) == 0 || len(t.Tokens) > maxPlaceWords || !r.cities.has(t.Tokens) {
		return false
	}
	key := tokenKey(t.Tokens)
	for i := range a.Segments {
		u := &a.Segments[i]
		if u.Role != names.RoleDept || !r.heldInTown(u.Tokens, key) {
			continue
		}
		setSegmentRole(u, names.RoleName)
		if t.Role == names.RoleName {
			t.Role = names.RoleAddress
			r.cities.setPlace(a, t.Tokens)
		}
		return true
	}
	return false
}

// streetOrNumber reports whether ts hold a number or a street's word: an
// address segment with one is no town's alone.
func streetOrNumber(ts []names.Token) bool {
	return slices.ContainsFunc(ts, func(t names.Token) bool { return names.HasDigit(t.Text) || names.IsStreetWord(t.Surface) })
}

// heldInTown reports whether ts are, word for word, the registry name of
// an organisation in the town whose tokenKey is town.
func (r *Resolver) heldInTown(ts []names.Token, town string) bool {
	return r.holdersWhere(ts, func(info *orgInfo) bool { return info.city == town }) > 0
}

// townOpening returns how many of address segment s's words are a
// registry town when the words after them, if any, are only postcodes and
// state codes ("Northtown NJ 08544", "Northtown OX1 3PU"); or 0.
func (r *Resolver) townOpening(s names.Segment) int {
	ws := strings.Fields(s.Text)
	if len(ws) != len(s.Tokens) {
		return 0 // words the tokeniser joined or split: not read so
	}
	for k := min(len(s.Tokens), maxPlaceWords); k > 0; k-- {
		if !r.cities.has(s.Tokens[:k]) {
			continue
		}
		for _, w := range ws[k:] {
			if !strings.ContainsFunc(w, unicode.IsDigit) && !names.IsRegionCode(strings.TrimSuffix(w, ".")) {
				return 0
			}
		}
		return k
	}
	return 0
}

// capsAcronymsAtEnd returns how many of ts's last tokens are written in
// text as acronyms in capitals ("… Institut X CNRS INSERM"), not Roman
// numerals ("Université Paris VII"): other organisations after a name,
// as a town and country may be.
func capsAcronymsAtEnd(ts []names.Token, text string) int {
	n, end := 0, len(text)
	for n < len(ts) {
		// The words are read from the end, as strings.Fields would
		// split them, without building the list: every name and unit
		// segment asks.
		for end > 0 && isSpaceByte(text[end-1]) {
			end--
		}
		if end == 0 {
			break
		}
		start := end
		for start > 0 && !isSpaceByte(text[start-1]) {
			start--
		}
		t := ts[len(ts)-1-n]
		if !writtenAcronym(text[start:end], t) {
			break
		}
		if _, ok := names.NumeralOf(t.Text); ok {
			break
		}
		n++
		end = start
	}
	return n
}

// isSpaceByte reports whether c is an ASCII space, tab or line break.
func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// ownAcronymAtEnd reports whether ts's last token, an acronym (n capital
// ones end ts, or mixed: one in mixed case), is a registry name of an
// organisation that holds the words before it as a name too; one in mixed
// case only when at most maxMixedAcronymHolders hold it.
func (r *Resolver) ownAcronymAtEnd(ts []names.Token, n int, mixed bool) bool {
	if !mixed && n == len(ts) {
		return false
	}
	holders := r.nameHolders(ts[len(ts)-1:])
	if len(holders) == 0 || mixed && len(holders) > maxMixedAcronymHolders {
		return false
	}
	return r.holdsOneOf(ts[:len(ts)-1], holders)
}

// maxMixedAcronymHolders bounds how many organisations may hold an
// acronym in mixed case or of two capitals that splitTrailingAcronym and
// splitAcronymBeforeName set apart: one dozens hold ("UT") would make its
// own segment ambiguous, where left in the name's it is read as the
// address's or dropped.
const maxMixedAcronymHolders = 4

// mixedAcronymAtEnd reports whether the last word of a segment's text,
// token ts's last, is an acronym in mixed case of three letters or more
// (see mixedCaseAcronym), not a Roman numeral.
func mixedAcronymAtEnd(ts []names.Token, text string) bool {
	w := text[strings.LastIndexByte(text, ' ')+1:]
	if len(w) < 3 || !mixedCaseAcronym(w) {
		// The common case, asked first as every segment asks it; two
		// capitals after a name are a state's or a country's code
		// ("… Cambridge MA") far more often than its acronym.
		return false
	}
	t := ts[len(ts)-1]
	if _, ok := names.NumeralOf(t.Text); ok {
		return false
	}
	return writtenAs(t, w)
}

// writtenAs reports whether token t is the word w as written, its case
// and marks aside (the tokenizer folds both), without allocating for an
// ASCII word.
func writtenAs(t names.Token, w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			return t.Surface == names.Normalize(w)
		}
	}
	return strings.EqualFold(t.Surface, w)
}

// splitTrailingName makes two segments of an organisation's segment
// that ends with a registry name written whole after words that are not
// part of it, without a comma ("Human Tides Division Northwold Institute
// of Marine Acoustics", "Kelp Centre University of Tidewater"): the words
// before name a unit or another organisation, as they would with a
// comma, and no longer lead the screen to a namesake of the unit's. A
// segment whose words some registry name holds all of is left whole (a
// unit run into its parent's name as the registry writes it: "Institute
// of Tides of the Northwold Academy"); see nameEndsSegment for where a
// name may begin. A university's school after a unit's words is read so
// too, its university's name written only in part (see schoolAfterUnit).
// The words before are read again, as they may end with another name.
func (r *Resolver) splitTrailingName(a *names.Affiliation) {
	for i := 0; i < len(a.Segments); i++ {
		s := a.Segments[i]
		ts := s.Tokens
		if s.Role != names.RoleName || len(ts) < 3 || len(ts) > maxHostTokens || !slices.ContainsFunc(ts[:len(ts)-2], endsUnit) {
			continue
		}
		k, name := r.nameAtEnd(s, func(k, end, place int) bool { return r.nameEndsSegment(s, k, end, place) })
		if k < 0 {
			k, name = r.schoolAfterUnit(ts), len(ts)
		}
		// Asked last, as it reads many names: the words that some
		// registry name holds all of up to the name's end (or to a later
		// end) are one name.
		if k < 0 || r.ix.HoldsAll(ts[:name]) {
			continue
		}
		cut := tokenCut(s.Text, k)
		if cut > 0 && firstToken(strings.TrimPrefix(s.Text[cut+1:], "The ")) == ts[k].Text {
			r.unplaceNamesakeTown(a, ts[k:name])
			setRole(ts[k:name], names.RoleName)
			splitSegment(a, i, cut, k, unitRole(ts[:k]), names.RoleName)
			i--
		}
	}
}

// unplaceNamesakeTown undoes the reading of a town among ts, a registry
// name read apart after the town was marked ("Kelp Institute University
// of Northtown-Natal", whose "Natal" is a town abroad), when no
// organisation holding the name is in the town's country: the words are
// the name's, and the country they gave the party, said nowhere else in
// it, no longer vetoes the organisation named.
func (r *Resolver) unplaceNamesakeTown(a *names.Affiliation, ts []names.Token) {
	j := len(ts)
	for j > 0 && ts[j-1].Place {
		j--
	}
	if j == len(ts) || j == 0 {
		return
	}
	town := r.cities.countriesOf(tokenKey(ts[j:]))
	if len(town) == 0 {
		return
	}
	held := false
	r.ix.NameHolders(ts, func(id string) {
		if info := r.orgs[id]; info != nil && slices.Contains(town, info.country) {
			held = true
		}
	})
	if held {
		return
	}
	for k := j; k < len(ts); k++ {
		ts[k].Place = false
	}
	for _, s := range a.Segments {
		if s.Role == names.RoleCountry || slices.ContainsFunc(s.Tokens, func(t names.Token) bool { return t.Place }) {
			return // the party says where otherwise
		}
	}
	a.Countries = slices.DeleteFunc(a.Countries, func(c string) bool { return slices.Contains(town, c) })
}

// rejoinSubjects gives back to a unit's segment the subjects the parser
// split off at "and" with the registry name written after them, without
// a comma ("Institute of Ecology and Evolution University of Tidewater"
// read as "Institute of Ecology" and "Evolution University of
// Tidewater"): the subjects end the unit's name, and the registry name,
// read as splitTrailingName reads one, is the organisation's segment.
// The unit's segment must open with a unit's or an organisation's head
// word and the words moved hold none, nor an address's.
func (r *Resolver) rejoinSubjects(a *names.Affiliation) {
	for i := 1; i < len(a.Segments); i++ {
		prev, s := a.Segments[i-1], a.Segments[i]
		ts := s.Tokens
		if s.Role != names.RoleName || prev.Role != names.RoleName && prev.Role != names.RoleDept || len(ts) < 3 || len(prev.Tokens) == 0 ||
			!unitOrHeadWord(prev.Tokens[0]) || unitOrHeadWord(ts[0]) || !writtenJoined(a.Raw, strings.TrimSpace(prev.Text), strings.TrimSpace(s.Text), " and ") {
			continue
		}
		k, name := r.nameAtEnd(s, func(k, end, _ int) bool {
			return !slices.ContainsFunc(ts[:k], func(t names.Token) bool { return unitOrHeadWord(t) || t.Role != names.RoleName }) &&
				!opensUnit(ts[k]) && (end-k >= minCommonNameWords || r.rareWordIn(ts[k:end]))
		})
		if k < 0 || r.ix.HoldsAll(ts[:name]) {
			continue
		}
		cut := tokenCut(s.Text, k)
		if cut <= 0 || firstToken(s.Text[cut+1:]) != ts[k].Text {
			continue
		}
		words := names.WithRole(slices.Clone(ts[:k]), prev.Tokens[len(prev.Tokens)-1].Role)
		a.Segments[i-1] = names.Segment{Text: strings.TrimSpace(prev.Text) + " and " + strings.TrimSpace(s.Text[:cut]), Role: prev.Role, Tokens: slices.Concat(prev.Tokens, words)}
		r.unplaceNamesakeTown(a, ts[k:name])
		setRole(ts[k:name], names.RoleName)
		a.Segments[i] = names.Segment{Text: strings.TrimSpace(s.Text[cut+1:]), Role: names.RoleName, Tokens: ts[k:]}
	}
}

// nameAtEnd finds the registry name that ends segment s, as its tokens
// [k, name), the first k at which accept(k, end, place) holds, or k -1.
// The name may take in the town and country that end the segment ("…
// University of Tidewater Northtown UK"), which is tried first, or end
// before them, where they begin (place); only a segment ending with a
// word read as the address's can end so, so only then is place read.
func (r *Resolver) nameAtEnd(s names.Segment, accept func(k, end, place int) bool) (k, name int) {
	ts := s.Tokens
	place := len(ts)
	if last := ts[len(ts)-1].Role; last == names.RoleAddress || last == names.RoleCountry {
		place, _ = r.placesAtEnd(ts, s.Text)
	}
	k = -1
	for end := len(ts); k < 0 && end >= max(place, 3); end-- {
		k = r.ix.NameAfter(ts[:end], 1, func(k int) bool { return accept(k, end, place) })
		name = end
	}
	return k, name
}

// unitRole is the role of a segment of tokens ts split off a longer one:
// a unit's when each of them is a unit's word, else an organisation's.
func unitRole(ts []names.Token) names.Role {
	if slices.ContainsFunc(ts, func(t names.Token) bool { return t.Role != names.RoleDept }) {
		return names.RoleName
	}
	return names.RoleDept
}

// nameEndsSegment reports whether the registry name s.Tokens[k:end] may
// be read as an organisation's of its own after the words before it
// (see splitTrailingName). The name must hold a word few registry names
// hold or be minCommonNameWords long, and not open with a school's or
// laboratory's word (a unit the registry may hold bare). The words
// before must end as a unit's name does (see endsUnit: "… Division", "…
// of Biophysics", "Applied Zoology", "… for Global Health"), not with
// a name's own word ("Royal Westhaven Medical Institute", "Kelpwater
// Stem Cell Institute" are one name) nor a link ("… de Tidewater
// University"); the name must not hold an article written within it
// ("Sciences The University of …" is two). A name that takes in the words
// read as the segment's address (end past place) links its town with a
// word ("University of Tidewater", "Medical University of Tidewater"), or
// its words before the town are no registry name ("Technische
// Universität Tidewater" after "Applied Zoology"): else its head word may
// end another name and the town be that one's address ("Kelpwater
// University Tidewater").
func (r *Resolver) nameEndsSegment(s names.Segment, k, end, place int) bool {
	ts := s.Tokens
	if opensUnit(ts[k]) || !endsUnit(ts[k-1]) {
		return false
	}
	if qualifiesHead(ts, k) {
		return false
	}
	if (end-k < minTrailingNameWords || end-k < minCommonNameWords && names.IsOrgHead(ts[k-1].Text)) && !r.rareWordIn(ts[k:end]) {
		return false
	}
	cut := tokenCut(s.Text, k)
	if cut < 0 {
		return false
	}
	before, after := s.Text[:cut], s.Text[cut+1:]
	last := strings.ToLower(before[strings.LastIndexByte(before, ' ')+1:])
	if slices.Contains(headFirstLinks, last) || unitLinks[last] || last == "and" || last == "&" || strings.Contains(after, " The ") {
		return false
	}
	if end <= place {
		return true
	}
	ws := strings.Fields(after)
	return slices.ContainsFunc(ws[1:], func(w string) bool { return slices.Contains(headFirstLinks, strings.ToLower(w)) }) ||
		place-k >= 2 && !r.ix.IsName(ts[k:place])
}

// unitOrHeadWord reports whether t is a unit's word ("division",
// "laboratory") or an organisation's head word ("centre", "university").
func unitOrHeadWord(t names.Token) bool {
	return names.IsOrgHead(t.Text) || names.IsUnitWord(t.Text) || names.EndsLab(t.Text)
}

// endsUnit reports whether t may end a unit's name written before an
// organisation's: a unit's or an organisation's head word, a subject, or
// one of unitEndWords.
func endsUnit(t names.Token) bool {
	return unitOrHeadWord(t) || names.IsSubject(t.Text) || unitEndWords[t.Text]
}

// unitEndWords are words that end units' names ("… for Global Health",
// "… of Infectious Diseases", "Advanced Concepts Team", "Imaging
// Platform") which are neither subjects nor head words to the parser.
var unitEndWords = map[string]bool{
	"studies": true, "diseases": true, "health": true, "therapy": true, "imaging": true, "nutrition": true, "evolution": true,
	"behavior": true, "behaviour": true, "infection": true, "development": true, "metabolism": true, "care": true,
	"team": true, "core": true, "branch": true, "course": true, "facility": true, "platform": true, "hub": true,
}

// schoolAfterUnit returns where, in a unit's segment, a university's
// school written after the unit's words begins ("Department of Medicine
// Westbrook University School of Medicine"): the words after a
// subject up to a university's head word begin or are a registry name
// holding a word few names hold, and a school's or faculty's word
// follows the head. It returns -1 when there is none.
func (r *Resolver) schoolAfterUnit(ts []names.Token) int {
	for h := 2; h+1 < len(ts); h++ {
		if !unitOrgHeads[ts[h].Text] || !names.OpensSchool(ts[h+1].Text) {
			continue
		}
		for k := 1; k < h; k++ {
			if !names.IsSubject(ts[k-1].Text) || !r.rareWordIn(ts[k:h+1]) {
				continue
			}
			if r.ix.IsName(ts[k:h+1]) || r.ix.BeginsName(ts[k:h+1]) {
				return k
			}
		}
	}
	return -1
}

// unitOrgHeads are the head words of the organisations a school belongs
// to (see schoolAfterUnit).
var unitOrgHeads = map[string]bool{"university": true, "college": true}

// minCommonNameWords is how many words a registry name of common words
// must have to be read after a unit's words (see splitNameAfterUnit):
// "Federal Office for Food and Agriculture", not "Cancer Research
// Center".
const minCommonNameWords = 4

// minTrailingNameWords is how many words a registry name of common words
// must have to be read after a unit's words that end a segment (see
// nameEndsSegment): "Kelp Team Northern Tide Agency". One shorter than
// minCommonNameWords, as the name ends the segment; after an
// organisation's head word the name may still be that organisation's
// own words ("Westmarch University Health Sciences Center"), so there it
// must be as long as minCommonNameWords.
const minTrailingNameWords = 3

// namesOrUnits reports whether every token of ts has the name or the
// department role.
func namesOrUnits(ts []names.Token) bool {
	return !slices.ContainsFunc(ts, func(t names.Token) bool { return t.Role != names.RoleName && t.Role != names.RoleDept })
}

// opensUnit reports whether t is a department's, laboratory's or
// school's word, which opens a unit's name ("School of Medicine") that
// the registry may hold bare too.
func opensUnit(t names.Token) bool {
	return names.EndsLab(t.Text) || names.OpensSchool(t.Text)
}

// nameEnd returns where the address and country tokens that end ts
// begin.
func nameEnd(ts []names.Token) int {
	end := len(ts)
	for end > 0 && (ts[end-1].Role == names.RoleAddress || ts[end-1].Role == names.RoleCountry) {
		end--
	}
	return end
}

// ownWord reports whether ts hold a word that is not common to many
// organisations' names.
func ownWord(ts []names.Token) bool {
	return slices.ContainsFunc(ts, func(t names.Token) bool { return !names.IsGeneric(t.Text) })
}

// firstToken returns the text of the first token of the first word of
// text, or "".
func firstToken(text string) string {
	w, _, _ := strings.Cut(strings.TrimLeft(text, " "), " ")
	if ts := names.Tokenize(w); len(ts) > 0 {
		return ts[0].Text
	}
	return ""
}

// tokenCut returns the byte offset of the space in text after which its
// tokens from the k-th on are written, or -1 when no space divides them
// so.
func tokenCut(text string, k int) int {
	for c := strings.IndexByte(text, ' '); c >= 0; {
		if len(names.Tokenize(text[:c])) == k {
			return c
		}
		n := strings.IndexByte(text[c+1:], ' ')
		if n < 0 {
			break
		}
		c += 1 + n
	}
	return -1
}

// splitSegment replaces segment i of a by two, cut at the space at byte
// cut of its text and after its first k tokens: the part before with
// segment role first, the part after with role second. The acronym
// splitters above share it.
func splitSegment(a *names.Affiliation, i, cut, k int, first, second names.Role) {
	s := a.Segments[i]
	head := names.Segment{Text: strings.TrimSpace(s.Text[:cut]), Role: first, Tokens: s.Tokens[:k:k]}
	tail := names.Segment{Text: strings.TrimSpace(s.Text[cut+1:]), Role: second, Tokens: s.Tokens[k:]}
	a.Segments = slices.Concat(a.Segments[:i], []names.Segment{head, tail}, a.Segments[i+1:])
}

// spelledAfter reports whether ts's first word is the initials of the
// name words after it (up to an address).
func spelledAfter(ts []names.Token) bool {
	end := 1 + slices.IndexFunc(ts[1:], func(t names.Token) bool { return t.Role != names.RoleName })
	if end == 0 {
		end = len(ts)
	}
	return initialsOf(ts[0].Text, ts[1:end])
}

// nameAfterAcronym reports whether the name words after ts's first
// word, an acronym, begin with a registry name of two words at least
// with an organisation's head word ("ABCD University of Northtown
// Northtown", a laboratory's letters before its university, without a
// comma): the letters are another organisation's or a unit's. An acronym
// that is also a word of a longer registry name may be that name's, its
// other words translated ("Vela University of X" for "Universidade Vela
// de X"), and is left to the readings that tell (see leadingAcronymCut).
func (r *Resolver) nameAfterAcronym(ts []names.Token) bool {
	whole := 0
	r.ix.NameHolders(ts[:1], func(string) { whole++ })
	if r.ix.NamesHolding(ts[0].Text) > whole {
		return false
	}
	end := 1 + slices.IndexFunc(ts[1:], func(t names.Token) bool { return t.Role != names.RoleName })
	if end == 0 {
		end = len(ts)
	}
	for j := end; j >= 3; j-- {
		if slices.ContainsFunc(ts[1:j], func(t names.Token) bool { return names.IsOrgHead(t.Text) }) && r.ix.IsName(ts[1:j]) {
			return true
		}
	}
	return false
}

// prominentBeforeUnit reports whether ts's first word is a registry name
// of a prominent organisation (see minAcronymProminence) and the words
// after it hold no organisation's head word ("University", "Hospital").
func (r *Resolver) prominentBeforeUnit(ts []names.Token) bool {
	if slices.ContainsFunc(ts[1:], func(t names.Token) bool { return names.IsOrgHead(t.Text) }) {
		return false
	}
	return r.holdersWhere(ts[:1], func(info *orgInfo) bool { return info.prominence >= minAcronymProminence }) > 0
}

// markTrailingUnits reads the words after a registry name that opens a
// name segment as a unit's when they end with a laboratory's or
// department's word and only an address follows ("ETH Zürich Autonomous
// Systems Lab Zürich Switzerland"): a unit written after its
// organisation without a comma.
func (r *Resolver) markTrailingUnits(a *names.Affiliation) {
	for i := range a.Segments {
		s := &a.Segments[i]
		if s.Role != names.RoleName {
			continue
		}
		ts := s.Tokens
		end := nameEnd(ts)
		if end < 4 || !names.EndsLab(ts[end-1].Text) {
			continue
		}
		// The parser may have read the last words as a unit's already
		// ("… Materials Science Division", of which it reads
		// "Division"): the unit begins no later.
		u := end
		for u > 0 && ts[u-1].Role == names.RoleDept {
			u--
		}
		if !allNames(ts[:u]) {
			continue
		}
		if k := r.openingName(ts, 2, min(u, end-2)); k > 0 {
			setRole(ts[k:end], names.RoleDept)
		}
	}
}

// openingName returns the length of the longest registry name of lo to
// hi words (hi below len(ts)) that opens ts, or 0 when there is none or
// the word after it goes on to a longer registry name: the organisation
// before a unit's words written without a comma ("Institut Pasteur de
// Lille Research Division", not "Institut Pasteur").
func (r *Resolver) openingName(ts []names.Token, lo, hi int) int {
	for k := hi; k >= lo; k-- {
		if r.ix.IsName(ts[:k]) {
			if r.ix.BeginsName(ts[:k+1]) {
				return 0
			}
			return k
		}
	}
	return 0
}

// markCompanyDivisions reads the words after a company's registry name
// that opens a name segment as a unit's when all are a division's (see
// divisionWords: "Pfizer Global Research and Development, Groton") or
// the last ends a unit's name ("Northwold Navigation Systems Division",
// see names.EndsLab): the division's words, weighed as the company's
// name's, had kept the company below the threshold. Not when the words
// with the name are a registry name ("Northwold Pharma", a company of its
// own).
func (r *Resolver) markCompanyDivisions(a *names.Affiliation) {
	for i := range a.Segments {
		s := &a.Segments[i]
		ts := s.Tokens
		end := nameEnd(ts)
		if s.Role != names.RoleName || end < 2 {
			continue
		}
		last := ts[end-1].Text
		if !divisionWords[last] && !names.EndsLab(last) || !allNames(ts[:end]) || r.ix.IsName(ts[:end]) {
			continue
		}
		var k int
		if divisionWords[last] {
			k = end - 1
			for k > 0 && divisionWords[ts[k-1].Text] {
				k--
			}
			if k == 0 || !r.ix.IsName(ts[:k]) {
				continue
			}
		} else if k = r.openingName(ts, 1, end-1); k == 0 {
			// A division named by its subject ("Northwold Navigation
			// Systems Division") after no company's name.
			continue
		}
		if r.holdersWhere(ts[:k], func(info *orgInfo) bool { return info.company }) > 0 {
			setRole(ts[k:end], names.RoleDept)
		}
	}
}

// markLeadingUnits reads the words of a name segment that opens with a
// laboratory's, division's or programme's word as a unit's up to where a
// registry name begins that runs to the address ("Laboratory of Tides
// Northwold Marine Institute Northtown UK"): a unit written before its
// organisation without a comma. Not when the words are a registry name or
// begin one as a whole, nor when the unit's words are one themselves
// (see splitRunTogetherNames).
func (r *Resolver) markLeadingUnits(a *names.Affiliation) {
	for i := range a.Segments {
		s := &a.Segments[i]
		ts := s.Tokens
		if s.Role != names.RoleName || len(ts) < 4 || !names.EndsLab(ts[0].Text) {
			continue
		}
		end := nameEnd(ts)
		if end < 4 || !allNames(ts[:end]) || r.ix.IsName(ts[:end]) || r.ix.BeginsName(ts[:end]) {
			continue
		}
		for k := 2; k <= end-2; k++ {
			if ownWord(ts[k:end]) && r.ix.IsName(ts[k:end]) {
				if !r.ix.IsName(ts[:k]) {
					setRole(ts[:k], names.RoleDept)
				}
				break
			}
		}
	}
}

// restoreNamedPrefix gives back to an organisation's name the words the
// parser read as a unit's when, with the name words before them, they
// are a registry name and a unit's words still follow ("University of X
// Health Science Center at Y" before "School of Dentistry"): the unit
// begins after the name. A segment that is a registry name as a whole
// keeps its reading.
func (r *Resolver) restoreNamedPrefix(a *names.Affiliation) {
	for i := range a.Segments {
		s := &a.Segments[i]
		if s.Role != names.RoleName {
			continue
		}
		ts := s.Tokens
		k := slices.IndexFunc(ts, func(t names.Token) bool { return t.Role == names.RoleDept })
		if k < 2 || !allNames(ts[:k]) {
			continue
		}
		for end := len(ts) - 1; end > k; end-- {
			if ts[end-1].Role == names.RoleDept && r.ix.IsName(ts[:end]) {
				setRole(ts[k:end], names.RoleName)
				break
			}
		}
	}
}

// markBenefactors reads the word between a university's registered name
// and the school written after it in one segment as the school's
// ("University of X Smithers School of Medicine": the school is named
// after Smithers), when the words before it are a registry name and, with
// it, neither are one nor begin one ("University of X Southwestern Medical
// Center" keeps its word).
func (r *Resolver) markBenefactors(a *names.Affiliation) {
	for i := range a.Segments {
		ts := a.Segments[i].Tokens
		k := slices.IndexFunc(ts, func(t names.Token) bool { return t.Role == names.RoleDept })
		if a.Segments[i].Role != names.RoleName || k < 3 || !allNames(ts[:k]) {
			continue
		}
		if r.ix.IsName(ts[:k-1]) && !r.ix.IsName(ts[:k]) && !r.ix.BeginsName(ts[:k]) {
			ts[k-1].Role = names.RoleDept
		}
	}
}

// allNames reports whether every token of ts has the name role.
func allNames(ts []names.Token) bool {
	return !slices.ContainsFunc(ts, func(t names.Token) bool { return t.Role != names.RoleName })
}

// forms returns how the registry's names write their words, learning it
// on first use.
func (r *Resolver) forms() *names.CaseForms {
	r.caseFormsOnce.Do(func() {
		for _, info := range r.orgs {
			for _, n := range info.names {
				r.caseForms.Add(n)
			}
		}
		r.caseForms.Finish()
	})
	return &r.caseForms
}

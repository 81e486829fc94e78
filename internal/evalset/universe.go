package evalset

import (
	"hash/fnv"
	"math/rand"
	"sort"
	"strings"
)

// universe indexes the listed entities for the generators: which records
// are the same party, which are Chinese organisations, and every key under
// which a listed name is known (so negatives can be kept clear of them).
type universe struct {
	ents  []ListedEntity
	byID  map[string]int
	root  []int // union-find parent over ents: same party
	nameG map[string]int

	// keys of every listed name, any list and kind
	exact, core, loose, wos map[string]bool
	// orgSeqs are token sequences of distinctive organisation names;
	// hanOrg are Han organisation names of four or more characters.
	orgSeqs [][]string
	hanOrg  []string
	// allSeqs are token sequences of every organisation name; specSets
	// are content-token sets of names with three or more content words.
	allSeqs  [][]string
	specSets map[string][]map[string]bool // keyed by one of the set's words
	// brand are distinctive tokens of Chinese listed organisations that are
	// not place names ("tsinghua", "beihang").
	brand map[string]bool
	// chinese marks entities that are Chinese organisations.
	chinese []bool
}

// contentTokens returns a name's tokens without stopwords.
func contentTokens(name string) []string {
	var out []string
	for _, t := range tokens(name) {
		if !stopwords[t] {
			out = append(out, t)
		}
	}
	return out
}

// specificName reports whether a name identifies one body well enough to
// link records by it or to make a positive case from it: a Han name of at
// least minHan characters, or a Latin name of two or more content words of
// which one is distinctive, or of three or more content words when
// allowGeneric is set ("Academy of Military Medical Sciences").
func specificName(name string, allowGeneric bool, minHan int) bool {
	if isHanName(name) {
		return runeLen(hanOnly(name)) >= minHan
	}
	ct := contentTokens(stripParens(name))
	dist := 0
	for _, t := range ct {
		if !isGeneric(t) && runeLen(t) >= 3 {
			dist++
		}
	}
	switch {
	case len(ct) >= 2 && dist >= 1:
		return true
	case len(ct) >= 3 && allowGeneric:
		return true
	case len(ct) == 1 && dist == 1 && runeLen(ct[0]) >= 5:
		return true
	}
	return false
}

func isOrgKind(k string) bool { return k != "person" && k != "vessel" }

// chineseMarkers make an entity of the China-focused lists count as Chinese
// when its record gives no country.
var chineseMarkers = [][]string{{"china"}, {"chinese"}, {"pla"}, {"peoples", "liberation"},
	{"air", "force"}, {"army"}, {"navy"}, {"naval"}, {"rocket", "force"}}

func newUniverse(ents []ListedEntity) *universe {
	u := &universe{
		ents: ents, byID: map[string]int{}, root: make([]int, len(ents)), nameG: map[string]int{},
		exact: map[string]bool{}, core: map[string]bool{}, loose: map[string]bool{}, wos: map[string]bool{},
		brand: map[string]bool{}, chinese: make([]bool, len(ents)), specSets: map[string][]map[string]bool{},
	}
	for i := range ents {
		u.root[i] = i
		if _, dup := u.byID[ents[i].SourceID]; !dup {
			u.byID[ents[i].SourceID] = i
		}
	}
	// same party: records sharing a specific name
	for i, e := range ents {
		if !isOrgKind(e.Kind) {
			continue
		}
		for _, n := range e.Names {
			if !specificName(n, true, 4) {
				continue
			}
			for _, k := range []string{normKey(n), normKey(stripParens(n)), "core:" + coreKey(stripParens(n))} {
				if k == "core:" {
					continue
				}
				if k == "" {
					continue
				}
				if j, ok := u.nameG[k]; ok {
					u.union(i, j)
				} else {
					u.nameG[k] = i
				}
			}
		}
	}
	seenSeq := map[string]bool{}
	for _, e := range ents {
		for _, n := range e.Names {
			for _, v := range []string{n, stripParens(n)} {
				if k := normKey(v); k != "" {
					u.exact[k] = true
					u.core[coreKey(v)] = true
					u.loose[looseKey(v)] = true
					if !isHanName(v) {
						u.wos[normKey(wosAbbreviate(v, true))] = true
					}
				}
			}
			if !isOrgKind(e.Kind) {
				continue
			}
			u.allSeqs = append(u.allSeqs, tokens(n))
			if ct := contentTokens(stripParens(n)); len(ct) >= 3 && specificName(n, false, 4) {
				set := map[string]bool{}
				for _, t := range ct {
					set[t] = true
				}
				u.specSets[ct[0]] = append(u.specSets[ct[0]], set)
			}
			if isHanName(n) {
				if h := hanOnly(n); runeLen(h) >= 4 {
					u.hanOrg = append(u.hanOrg, h)
				}
			} else if specificName(n, true, 4) {
				seq := contentTokens(stripParens(n))
				if k := strings.Join(seq, " "); !seenSeq[k] && len(seq) >= 2 {
					seenSeq[k] = true
					u.orgSeqs = append(u.orgSeqs, tokens(stripParens(n)))
				}
			}
		}
	}
	// Chinese organisations: home country cn in the party's group, a Han name,
	// or a China-focused list without a country and a Chinese marker.
	groupCN := map[int]bool{}
	groupForeign := map[int]bool{}
	for i, e := range ents {
		// A record's first country is its home; a foreign company with a
		// Beijing office among ten addresses is not a Chinese body.
		if len(e.Countries) > 0 {
			if e.Countries[0] == "cn" {
				groupCN[u.find(i)] = true
			} else {
				groupForeign[u.find(i)] = true
			}
		}
	}
	for i, e := range ents {
		if !isOrgKind(e.Kind) {
			continue
		}
		g := u.find(i)
		switch {
		case groupCN[g]:
			u.chinese[i] = true
		case groupForeign[g]:
		case anyHan(e.Names):
			u.chinese[i] = true
		case e.List == ListASPI || e.List == List1286 || e.List == List1260H:
			u.chinese[i] = hasChineseMarker(e.Names)
		}
	}
	// Chinese organisations on different lists whose names differ only in
	// word order, "University"/"College"/"Institute" or stopwords are the
	// same party ("Air Force Logistics University" on one list, "Air Force
	// Logistics College" on another).
	looseFirst := map[string]int{}
	for i, e := range ents {
		if !u.chinese[i] {
			continue
		}
		for _, n := range e.Names {
			if isHanName(n) || !specificName(n, true, 4) {
				continue
			}
			k := looseKey(stripParens(n))
			if len(strings.Fields(strings.ReplaceAll(k, "~inst", ""))) < 2 {
				continue
			}
			if j, ok := looseFirst[k]; !ok {
				looseFirst[k] = i
			} else if ents[j].List != e.List {
				u.union(i, j)
			}
		}
	}
	for i, e := range ents {
		if !u.chinese[i] {
			continue
		}
		for _, n := range e.Names {
			for _, t := range distinctiveTokens(stripParens(n)) {
				if lookupPlace(t) == nil && runeLen(t) >= 4 {
					u.brand[t] = true
				}
			}
		}
	}
	return u
}

func anyHan(names []string) bool {
	for _, n := range names {
		if hasHan(n) {
			return true
		}
	}
	return false
}

func hasChineseMarker(names []string) bool {
	for _, n := range names {
		ts := tokens(n)
		for _, t := range ts {
			if p := lookupPlace(t); p != nil {
				return true
			}
		}
		for _, m := range chineseMarkers {
			if containsSeq(ts, m) {
				return true
			}
		}
	}
	return false
}

func (u *universe) find(i int) int {
	for u.root[i] != i {
		u.root[i] = u.root[u.root[i]]
		i = u.root[i]
	}
	return i
}

func (u *universe) union(a, b int) {
	ra, rb := u.find(a), u.find(b)
	if ra != rb {
		if ra < rb {
			u.root[rb] = ra
		} else {
			u.root[ra] = rb
		}
	}
}

// members returns the indices of the entity's same-party group.
func (u *universe) members(i int) []int {
	r := u.find(i)
	var out []int
	for j := range u.ents {
		if u.find(j) == r {
			out = append(out, j)
		}
	}
	return out
}

// wantIDs returns the SourceIDs that are a correct top-1 for a query made
// from entity i: its same-party group, and the groups of its parents (by
// ParentSourceID, or by a "Parent, Unit" / "Parent - Unit" name whose first
// part is a listed name), up the chain.
func (u *universe) wantIDs(i int, groups map[int][]int) []string {
	set := map[string]bool{}
	seen := map[int]bool{}
	queue := []int{u.find(i)}
	for len(queue) > 0 {
		g := queue[0]
		queue = queue[1:]
		if seen[g] {
			continue
		}
		seen[g] = true
		for _, m := range groups[g] {
			e := u.ents[m]
			set[e.SourceID] = true
			if p, ok := u.byID[e.ParentSourceID]; ok && e.ParentSourceID != "" {
				queue = append(queue, u.find(p))
			}
			for _, n := range e.Names {
				for _, sep := range []string{", ", " - ", " – ", " — "} {
					if head, _, ok := strings.Cut(n, sep); ok {
						if j, ok := u.nameG[normKey(head)]; ok {
							queue = append(queue, u.find(j))
						}
					}
				}
			}
		}
	}
	out := make([]string, 0, len(set))
	for id := range set {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// groups maps each group root to its members.
func (u *universe) groups() map[int][]int {
	g := map[int][]int{}
	for i := range u.ents {
		r := u.find(i)
		g[r] = append(g[r], i)
	}
	return g
}

// isListed reports whether a name is, by any of the package's keys, a
// listed name: equal after normalisation, after dropping legal forms,
// as a loose token set, or as its Web of Science abbreviation.
func (u *universe) isListed(name string) bool {
	if u.exact[normKey(name)] || u.core[coreKey(name)] || u.loose[looseKey(name)] {
		return true
	}
	if !isHanName(name) && u.wos[normKey(wosAbbreviate(name, true))] {
		return true
	}
	return false
}

// containsListed reports whether a name contains a whole listed
// organisation name (a sub-unit or campus of it).
func (u *universe) containsListed(name string) bool {
	if isHanName(name) {
		h := hanOnly(name)
		for _, l := range u.hanOrg {
			if strings.Contains(h, l) {
				return true
			}
		}
		return false
	}
	ts := tokens(name)
	for _, s := range u.orgSeqs {
		if containsSeq(ts, s) {
			return true
		}
	}
	return false
}

// containedInListed reports whether a specific name (three or more
// content words, or six or more Chinese characters) is written inside a
// listed organisation name.
func (u *universe) containedInListed(name string) bool {
	if isHanName(name) {
		h := hanOnly(name)
		if runeLen(h) < 6 {
			return false
		}
		for _, l := range u.hanOrg {
			if strings.Contains(l, h) {
				return true
			}
		}
		return false
	}
	if len(contentTokens(name)) < 3 {
		return false
	}
	ts := tokens(name)
	for _, s := range u.allSeqs {
		if containsSeq(s, ts) {
			return true
		}
	}
	return false
}

// coversListed reports whether a name holds every content word of a
// specific listed name of three or more content words, in any order.
func (u *universe) coversListed(name string) bool {
	have := map[string]bool{}
	for _, t := range tokens(name) {
		have[t] = true
	}
	for first := range have {
	outer:
		for _, set := range u.specSets[first] {
			for t := range set {
				if !have[t] {
					continue outer
				}
			}
			return true
		}
	}
	return false
}

// hasBrand reports whether a name carries a distinctive non-place token of
// a listed Chinese organisation.
func (u *universe) hasBrand(name string) bool {
	for _, t := range tokens(name) {
		if u.brand[t] {
			return true
		}
	}
	return false
}

// rngFor returns a random source that depends only on the seed and a key,
// so one entity's cases do not change when another entity is added.
func rngFor(seed int64, key string) *rand.Rand {
	h := fnv.New64a()
	_, _ = h.Write([]byte(key))
	return rand.New(rand.NewSource(seed ^ int64(h.Sum64())))
}

package match

import (
	"strings"

	"github.com/collabcheck/collabcheck/internal/names"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// PairResult is the outcome of comparing two names directly.
type PairResult struct {
	Score       float64    `json:"score"`
	Match       bool       `json:"match"`
	Explanation []Evidence `json:"explanation"`
}

// Token weights for pairwise comparison, where there is no list to
// measure rarity on: institutional vocabulary and legal forms weigh less
// than distinctive words.
const (
	pairGenericWeight = 0.35
	pairWordWeight    = 1.0
	pairInitialWeight = 0.6
	// pairParticleWeight is for name particles (al, bin, van, de la).
	pairParticleWeight = 0.2
)

// Pair compares two names and reports whether they name the same party,
// at threshold (0 means DefaultThreshold). kind may be empty, person or
// organization; for persons, given names and initials align in any order.
func Pair(a, b string, kind watchlist.Kind, threshold float64) (PairResult, error) {
	if err := checkQuery(a); err != nil {
		return PairResult{}, err
	}
	if err := checkQuery(b); err != nil {
		return PairResult{}, err
	}
	if threshold <= 0 {
		threshold = DefaultThreshold
	}
	qa, qb := pairSides(a), pairSides(b)
	sim := func(i, j int) names.TokenSim { return names.Compare(qa[i].text, qb[j].text) }
	if kind == watchlist.KindPerson {
		sim = func(i, j int) names.TokenSim { return names.PersonCompare(qa[i].text, qb[j].text) }
	}
	al := align(qa, qb, sim)
	score := al.score
	if legalConflict(qa, qb, al) {
		score *= legalConflictFactor
	}
	if kind != watchlist.KindPerson && score < acronymPairScore && (isAcronymOf(a, b) || isAcronymOf(b, a)) {
		return PairResult{Score: acronymPairScore, Match: acronymPairScore >= threshold, Explanation: []Evidence{{
			Query: a, List: b, How: "acronym", Similarity: acronymPairScore, Weight: 1,
		}}}, nil
	}
	res := PairResult{Score: round(score), Match: score >= threshold, Explanation: []Evidence{}}
	usedA, usedB := map[int]bool{}, map[int]bool{}
	for _, p := range al.pairs {
		usedA[p.q], usedB[p.n] = true, true
		res.Explanation = append(res.Explanation, Evidence{
			Query: qa[p.q].surface, List: qb[p.n].surface, Token: qb[p.n].text, How: string(pairHow(p.sim, qa[p.q], qb[p.n])),
			Similarity: round(p.sim.Sim), Weight: round((qa[p.q].w + qb[p.n].w) / 2),
		})
	}
	for i, t := range qa {
		if !usedA[i] {
			res.Explanation = append(res.Explanation, Evidence{Query: t.surface, Token: t.text, How: "unmatched_query", Weight: round(t.w)})
		}
	}
	for j, t := range qb {
		if !usedB[j] {
			res.Explanation = append(res.Explanation, Evidence{List: t.surface, Token: t.text, How: "unmatched_list", Weight: round(t.w)})
		}
	}
	return res, nil
}

// Pairwise scoring constants.
const (
	// legalConflictFactor scales a pair whose legal forms both exist and
	// differ (plc / Inc.): often a parent and its foreign subsidiary.
	legalConflictFactor = 0.85
	// acronymPairScore is the score of a name against its acronym. Unlike
	// screening, where an acronym alone is weak, a pair states both forms.
	acronymPairScore = 0.85
	// maxAcronymPart is the most letters one word gives an acronym.
	maxAcronymPart = 3
)

// legalConflict reports whether both names carry legal forms and none of
// them aligned.
func legalConflict(a, b []side, al alignment) bool {
	hasA, hasB := false, false
	for _, t := range a {
		hasA = hasA || t.legal
	}
	for _, t := range b {
		hasB = hasB || t.legal
	}
	if !hasA || !hasB {
		return false
	}
	for _, p := range al.pairs {
		if a[p.q].legal && b[p.n].legal {
			return false
		}
	}
	return true
}

// isAcronymOf reports whether short, a single word of two to eight
// letters (legal forms aside), can be spelled from the words of long in
// order, each used word giving a prefix ("AVIC" from "AViation Industry
// Corporation of China", "KOMID" from "KOrea MIning Development …"). Legal
// forms, stopwords and a country may be skipped, and one other word.
func isAcronymOf(short, long string) bool {
	var acr string
	for _, t := range names.Tokenize(short) {
		if t.Legal {
			continue
		}
		if acr != "" {
			return false
		}
		acr = t.Surface
	}
	if len(acr) < 2 || len(acr) > 8 || strings.ContainsAny(acr, "0123456789 ") {
		return false
	}
	words := strings.Fields(names.Normalize(long))
	if len(words) < 2 {
		return false
	}
	for _, w := range words {
		if w == acr {
			return false // the short name is a word of the long one, not its acronym
		}
	}
	skippable := func(w string) bool {
		if names.IsStopword(w) || names.IsLegalForm(w) {
			return true
		}
		_, country := names.CountryCode(w)
		return country
	}
	var try func(i, j, free, parts int) bool
	try = func(i, j, free, parts int) bool {
		if i == len(acr) {
			if parts < 2 {
				return false
			}
			for ; j < len(words); j++ {
				if !skippable(words[j]) {
					if free == 0 {
						return false
					}
					free--
				}
			}
			return true
		}
		if j == len(words) {
			return false
		}
		w := words[j]
		for k := min(len(w), len(acr)-i, maxAcronymPart); k >= 1; k-- {
			if w[:k] == acr[i:i+k] && try(i+k, j+1, free, parts+1) {
				return true
			}
		}
		if i > 0 && skippable(w) {
			return try(i, j+1, free, parts)
		}
		return i > 0 && free > 0 && try(i, j+1, free-1, parts)
	}
	return try(0, 0, 1, 0)
}

func pairHow(s names.TokenSim, a, b side) names.How {
	if s.How == names.HowExact {
		if a.how != names.HowExact {
			return a.how
		}
		return b.how
	}
	return s.How
}

func pairSides(s string) []side {
	toks := names.Tokenize(s)
	out := make([]side, 0, len(toks))
	for _, t := range toks {
		w := pairWordWeight
		switch {
		case t.Legal:
			w = pairWordWeight * legalFactor
		case len(t.Text) == 1:
			w = pairInitialWeight
		case names.IsParticle(t.Text):
			w = pairParticleWeight
		case names.IsGeneric(t.Text):
			w = pairGenericWeight
		}
		out = append(out, side{text: t.Text, surface: t.Surface, how: t.How, legal: t.Legal, w: w})
	}
	return out
}

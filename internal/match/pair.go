package match

import (
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
	al := align(qa, qb, func(i, j int) names.TokenSim { return names.Compare(qa[i].text, qb[j].text) })
	score := al.score
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
		case names.IsGeneric(t.Text):
			w = pairGenericWeight
		}
		out = append(out, side{text: t.Text, surface: t.Surface, how: t.How, legal: t.Legal, w: w})
	}
	return out
}

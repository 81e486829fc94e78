package resolve

// Registry ancestry of candidates.

import (
	"slices"

	"github.com/collabcheck/collabcheck/internal/match"
	"github.com/collabcheck/collabcheck/internal/names"
)

// isAncestor reports whether a is a parent, grandparent … of b in the
// registry, through any of b's parents (m.Via follows only the first).
func (r *Resolver) isAncestor(a, b match.Match) bool {
	info := r.orgs[b.SourceID]
	return info != nil && slices.Contains(info.ancestors, a.SourceID)
}

// walkAncestors lists info's ancestors breadth first, each once: parents
// outside the registry are listed but not followed.
func (r *Resolver) walkAncestors(info *orgInfo) []string {
	var out []string
	queue := []*orgInfo{info}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		for _, p := range cur.parents {
			if slices.Contains(out, p) {
				continue
			}
			out = append(out, p)
			if pi := r.orgs[p]; pi != nil {
				queue = append(queue, pi)
			}
		}
	}
	return out
}

// knownParent reports whether m belongs to a parent in the registry: a
// parent known only by its label (outside the registry) does not make m a
// sub-unit that needs its parent named.
func (r *Resolver) knownParent(m match.Match) bool {
	if info := r.orgs[m.SourceID]; info != nil {
		for _, p := range info.parents {
			if r.orgs[p] != nil {
				return true
			}
		}
	}
	return false
}

// ancestorKept reports whether one of m's ancestors is among kept.
func (r *Resolver) ancestorKept(m match.Match, kept []match.Match) bool {
	for _, k := range kept {
		if r.isAncestor(k, m) {
			return true
		}
	}
	return false
}

// partKept reports whether one of m's parts (or their parts) is among
// kept: the string names m's own family, so m is no unit orphaned of its
// parent.
func (r *Resolver) partKept(m match.Match, kept []match.Match) bool {
	return slices.ContainsFunc(kept, func(k match.Match) bool { return r.isAncestor(m, k) })
}

// related reports whether a is an ancestor of b or b of a.
func (r *Resolver) related(a, b match.Match) bool {
	return r.isAncestor(a, b) || r.isAncestor(b, a)
}

// ancestorWritten reports whether a registry name of one of id's
// ancestors appears in the party: a distinctive word of it, or all its
// words.
func (r *Resolver) ancestorWritten(id string, a *names.Affiliation) bool {
	words := map[string]bool{}
	for _, t := range a.Tokens() {
		words[t.Text] = true
	}
	if info := r.orgs[id]; info != nil {
		for _, p := range info.ancestors {
			if pi := r.orgs[p]; pi != nil && writesName(pi.names, words) {
				return true
			}
		}
	}
	return false
}

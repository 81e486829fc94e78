package resolve

import "github.com/collabcheck/collabcheck/internal/names"

// Mentions reports whether s mentions the organisation id at all: it
// writes a distinctive word of one of its registry names, or all the words
// of one. An evaluation uses it to tell a miss the resolver could have
// found from a label the string gives no evidence for (a label chosen from
// elsewhere than the string), which no resolver can reach.
func (r *Resolver) Mentions(id, s string) bool {
	info := r.orgs[id]
	if info == nil {
		return false
	}
	words := map[string]bool{}
	for _, t := range names.Tokenize(s) {
		words[t.Text] = true
	}
	return writesName(info.names, words)
}

// writesName reports whether words (canonical token texts) hold a
// distinctive word of one of ns, or all the words of one.
func writesName(ns []string, words map[string]bool) bool {
	for _, n := range ns {
		ts := names.Tokenize(n)
		all := len(ts) > 0
		for _, t := range ts {
			if words[t.Text] && !names.IsGeneric(t.Text) && !t.Legal {
				return true
			}
			all = all && words[t.Text]
		}
		if all {
			return true // a name of common words written in full
		}
	}
	return false
}

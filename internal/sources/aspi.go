package sources

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/collabcheck/collabcheck/internal/names"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// ASPI tracker facts used on every entry.
const aspiListName = "ASPI China Defence Universities Tracker"

// aspiChildLists are the meta keys whose items become child entities: the
// SourceID segment and the relation role for each.
var aspiChildLists = []struct{ key, segment, role string }{
	{"subsidiaries", "sub", "subsidiary"},
	{"major defence laboratories", "lab", "major defence laboratory"},
}

// aspiValue is one institution in the MISP galaxy.
type aspiValue struct {
	Value       string                     `json:"value"`
	UUID        string                     `json:"uuid"`
	Description string                     `json:"description"`
	Meta        map[string]json.RawMessage `json:"meta"`
	Related     []struct {
		DestUUID string   `json:"dest-uuid"`
		Type     string   `json:"type"`
		Tags     []string `json:"tags"`
	} `json:"related"`
}

// readASPI reads the ASPI China Defence Universities Tracker as a MISP
// galaxy (an object with values[]). Each value becomes an organisation
// with SourceID = its uuid, its "English (中文)" name split into an
// English primary name and a Chinese alias, meta.aliases as aliases
// (acronyms when they look like one), categories, supervising agencies,
// topics and every other meta key as attributes, and one membership.
//
// Each subsidiary and major defence laboratory becomes a child entity
// with SourceID = parent uuid + "/sub/" or "/lab/" + a slug of its primary
// name (letters and digits of any script, lower case, other runs as "-";
// "-2", "-3" for repeats of a slug under one parent), so ids are
// deterministic, stable when the list is reordered, and distinct when one
// name is both a subsidiary and a laboratory. Children link to the parent
// (Relation parent) and the parent to them (Relation subsidiary), and
// carry the parent's memberships with a note. The source's lists also hold
// comments between names ("Jointly run with …", "May be another name for
// …", fragments such as "Norinco 59"); those are kept as remarks on the
// preceding child (or the parent) instead of becoming entities of their
// own, and "Aka …" items become aliases of the preceding child.
func readASPI(in input) (*result, error) {
	data, err := readAllLimited(in)
	if err != nil {
		return nil, err
	}
	res := &result{name: "aspi_cdut"}
	seen := map[string]int{}
	err = walkJSONArray(in.Name, data, "values", nil, func(n, line int, raw json.RawMessage) error {
		var v aspiValue
		if err := json.Unmarshal(raw, &v); err != nil {
			return fmt.Errorf("value is not a MISP galaxy value: %w", err)
		}
		v.UUID = strings.TrimSpace(v.UUID)
		if v.UUID == "" {
			return errors.New("value has no uuid")
		}
		if prev, dup := seen[v.UUID]; dup {
			return fmt.Errorf("uuid %s repeats record %d", v.UUID, prev)
		}
		seen[v.UUID] = n
		es, err := aspiEntities(v, res)
		if err != nil {
			return err
		}
		res.entities = append(res.entities, es...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(res.entities) == 0 {
		return nil, fmt.Errorf("read %s: no values", in.Name)
	}
	return res, nil
}

func aspiEntities(v aspiValue, res *result) ([]watchlist.Entity, error) {
	p := newBuilder(v.UUID, watchlist.KindOrganization)
	names := aspiNames(v.Value)
	if len(names) == 0 {
		return nil, fmt.Errorf("value %s has no name", v.UUID)
	}
	for _, n := range names {
		p.name(n.Value, n.Kind, n.Lang)
	}
	p.country("cn")
	meta := map[string][]string{}
	keys := make([]string, 0, len(v.Meta))
	for k, raw := range v.Meta {
		vals, err := jsonStrings(raw)
		if err != nil {
			return nil, fmt.Errorf("meta %q: %w", k, err)
		}
		meta[k] = vals
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, a := range meta["aliases"] {
		if hasHan(a) {
			p.name(a, watchlist.NameAlias, "zh")
		} else {
			p.alias(a)
		}
	}
	for _, a := range meta["address"] {
		p.address(watchlist.Address{Text: a, Country: "cn"})
	}
	for _, k := range keys {
		switch k {
		case "aliases", "address", "subsidiaries", "major defence laboratories":
			continue
		}
		for _, val := range meta[k] {
			p.attr(snakeKey(k), val)
		}
	}
	p.remark(v.Description)
	for _, r := range v.Related {
		role := r.Type
		if len(r.Tags) > 0 {
			role = joinNonEmpty(" ", role, "("+strings.Join(r.Tags, ", ")+")")
		}
		p.relation(watchlist.Relation{Type: watchlist.RelRelated, Target: r.DestUUID, Role: role})
	}
	cats := meta["categories"]
	var reason []string
	if len(cats) > 0 {
		reason = append(reason, "Category: "+strings.Join(cats, ", "))
	}
	if sa := meta["supervising agencies"]; len(sa) > 0 {
		reason = append(reason, "supervised by "+strings.Join(sa, ", "))
	}
	m := watchlist.Membership{List: aspiListName, Program: strings.Join(cats, "; "), Reason: strings.Join(reason, "; "), SourceURL: first(meta["refs"])}
	p.membership(m)

	parentName := p.e.PrimaryName()
	var children []*builder
	for _, cl := range aspiChildLists {
		var cur *builder
		slugs := map[string]bool{}
		raws := map[string]bool{}
		for i, item := range meta[cl.key] {
			s := clean(item)
			if s == "" {
				continue
			}
			if aspiIsNote(s) {
				if cur != nil {
					cur.remark(s)
				} else {
					p.remark(fmt.Sprintf("%s: %s", cl.key, s))
				}
				continue
			}
			if rest, ok := cutAKA(s); ok && cur != nil {
				for _, n := range aspiNames(rest) {
					k := n.Kind
					if k == watchlist.NamePrimary {
						k = watchlist.NameAlias
					}
					cur.name(n.Value, k, n.Lang)
				}
				continue
			}
			if raws[s] {
				res.warnf("%s (%s): %s %q listed twice; kept once", parentName, v.UUID, cl.role, s)
				continue
			}
			raws[s] = true
			var qualifier string
			if strings.HasPrefix(s, "[") {
				if j := strings.Index(s, "]"); j > 0 {
					qualifier, s = strings.TrimSpace(s[1:j]), strings.TrimSpace(s[j+1:])
				}
			}
			cn := aspiNames(s)
			if len(cn) == 0 {
				continue
			}
			slug := slugify(cn[0].Value)
			if slug == "" {
				slug = "n" + strconv.Itoa(i+1)
			}
			base := slug
			for k := 2; slugs[slug]; k++ {
				slug = base + "-" + strconv.Itoa(k)
			}
			slugs[slug] = true
			id := v.UUID + "/" + cl.segment + "/" + slug
			c := newBuilder(id, watchlist.KindOrganization)
			for _, n := range cn {
				c.name(n.Value, n.Kind, n.Lang)
			}
			c.country("cn")
			if qualifier != "" {
				c.remark(fmt.Sprintf("The tracker qualifies this %s as: %s", cl.role, qualifier))
			}
			c.relation(watchlist.Relation{Type: watchlist.RelParent, Target: v.UUID, TargetName: parentName, Role: cl.role})
			cm := m
			cm.Reason = joinNonEmpty("; ", fmt.Sprintf("Listed as %s of %s", withArticle(cl.role), parentName), m.Reason)
			c.membership(cm)
			p.relation(watchlist.Relation{Type: watchlist.RelSubsidiary, Target: id, TargetName: c.e.PrimaryName(), Role: cl.role})
			children = append(children, c)
			cur = c
		}
	}
	out := []watchlist.Entity{p.e}
	for _, c := range children {
		out = append(out, c.e)
	}
	return out, nil
}

func withArticle(s string) string {
	if s != "" && strings.ContainsRune("aeiou", rune(s[0])) {
		return "an " + s
	}
	return "a " + s
}

// aspiNotePrefixes start items of the subsidiary and laboratory lists that
// comment on the previous item instead of naming an institution.
var aspiNotePrefixes = []string{
	"jointly ", "(jointly ", "established ", "originally ", "may be ", "may also ", "hosts ", "in 1", "in 2",
	"not included", "located ", "one of ", "literally ", "possibly ", "previously ", "this laboratory",
	"this lab ", "the lab ", "does not ", "it is unclear", "also referred", "under ", "linked to ",
	"a defence ", "based in ", "probably ", "formerly part", "note:",
}

// aspiIsNote tells comments from names: a known opening, a long sentence
// ending in a full stop, or a fragment ending in a bare number ("Norinco
// 59", left when the source split "59th Research Institute").
func aspiIsNote(s string) bool {
	l := strings.ToLower(s)
	for _, p := range aspiNotePrefixes {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	words := strings.Fields(s)
	// A sentence ends with a full stop; a company name may too ("Co.,
	// Ltd."), and is not a note.
	if strings.HasSuffix(s, ".") && len(words) >= 8 && !names.IsLegalTail(words[len(words)-1]) {
		return true
	}
	last := words[len(words)-1]
	if len(words) > 1 && len(last) <= 3 && strings.IndexFunc(last, func(r rune) bool { return !unicode.IsDigit(r) }) < 0 {
		return true
	}
	return false
}

// cutAKA recognises an item that only gives another name for the
// previous one: "Aka Wuhan Radar Institute".
func cutAKA(s string) (string, bool) {
	l := strings.ToLower(s)
	for _, p := range []string{"aka ", "a.k.a. ", "also known as "} {
		if strings.HasPrefix(l, p) {
			return strings.TrimSpace(s[len(p):]), true
		}
	}
	return "", false
}

// aspiNames reads a tracker name such as "English Name (中文名)", "A (中文),
// aka B (中文)" or "X (中文), now known as the Y (中文)": the first English
// name is primary (the Chinese one when there is no English), later
// "aka" names aliases, names before "now known as" former, and every
// Chinese name an alias with lang "zh" ("/" and " or " inside the bracket
// separate several).
func aspiNames(s string) []watchlist.Name {
	s = clean(s)
	if s == "" {
		return nil
	}
	var out []watchlist.Name
	var former []string
	for _, sep := range []string{", now known as the ", ", now known as ", " now known as the ", " now known as "} {
		if i := strings.Index(s, sep); i >= 0 {
			former = append(former, s[:i])
			s = s[i+len(sep):]
			break
		}
	}
	parts := splitAny(s, []string{", also known as the ", ", also known as ", ", a.k.a. ", " a.k.a. ", ", aka ", " aka "})
	for i, part := range parts {
		var alts []string
		if i > 0 {
			alts = splitAny(part, []string{" or "})
		} else {
			alts = []string{part}
		}
		for _, a := range alts {
			en, zh := splitBilingual(a)
			kind := watchlist.NameAlias
			if len(out) == 0 {
				kind = watchlist.NamePrimary
			}
			if en != "" {
				out = append(out, watchlist.Name{Value: en, Kind: kind})
				kind = watchlist.NameAlias
			}
			for _, z := range zh {
				out = append(out, watchlist.Name{Value: z, Kind: kind, Lang: "zh"})
				kind = watchlist.NameAlias
			}
		}
	}
	for _, f := range former {
		en, zh := splitBilingual(f)
		if en != "" {
			out = append(out, watchlist.Name{Value: en, Kind: watchlist.NameFormer})
		}
		for _, z := range zh {
			out = append(out, watchlist.Name{Value: z, Kind: watchlist.NameFormer, Lang: "zh"})
		}
	}
	return out
}

func splitAny(s string, seps []string) []string {
	parts := []string{s}
	for _, sep := range seps {
		var next []string
		for _, p := range parts {
			next = append(next, strings.Split(p, sep)...)
		}
		parts = next
	}
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// splitBilingual splits "English (中文)" at the first bracketed group
// (ASCII or full-width brackets, nested or not, closed or not) that holds
// Chinese: the rest is the English name, the group the Chinese name(s).
// A string of Chinese with no brackets is all Chinese; one with no
// Chinese is all English.
func splitBilingual(s string) (en string, zh []string) {
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		if rs[i] != '(' && rs[i] != '（' {
			continue
		}
		depth, end := 0, len(rs)
		for j := i; j < len(rs); j++ {
			switch rs[j] {
			case '(', '（':
				depth++
			case ')', '）':
				depth--
			}
			if depth == 0 {
				end = j
				break
			}
		}
		inner := ""
		if end < len(rs) {
			inner = string(rs[i+1 : end])
		} else {
			inner = string(rs[i+1:])
		}
		if !hasHan(inner) {
			if end < len(rs) {
				i = end
			}
			continue
		}
		rest := ""
		if end < len(rs) {
			rest = string(rs[end+1:])
		}
		en = clean(strings.TrimRight(clean(string(rs[:i])+" "+rest), ",;"))
		for _, z := range splitAny(inner, []string{"/", " or "}) {
			if z = strings.Trim(z, " ”“\""); z != "" {
				zh = append(zh, z)
			}
		}
		return en, zh
	}
	if hasHan(s) && !hasLatin(s) {
		return "", []string{clean(s)}
	}
	return clean(s), nil
}

func hasLatin(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Latin, r) {
			return true
		}
	}
	return false
}

// slugify keeps letters and digits of any script in lower case and turns
// other runs into single hyphens, capped at 80 runes.
func slugify(s string) string {
	var b strings.Builder
	dash := false
	n := 0
	for _, r := range s {
		if n >= 80 {
			break
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
				n++
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
			n++
		} else {
			dash = true
		}
	}
	return b.String()
}

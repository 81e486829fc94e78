package evalset

import (
	"fmt"
	"strings"
)

// lookAlike is a discipline template for synthetic look-alikes: the
// English pattern (with %s for the place), the Chinese suffix after the
// place's Chinese name, and other Chinese suffixes the English is also a
// usual translation of (理工大学 is rendered "University of Science and
// Technology" as often as "University of Technology").
type lookAlike struct {
	En, Han string
	Also    []string
}

// lookAlikes are kinds of Chinese institution that exist in most large
// cities, each a distinct body from the city's comprehensive or technical
// university.
var lookAlikes = []lookAlike{
	{"%s Medical University", "医科大学", []string{"医学院", "医科学院"}},
	{"%s Normal University", "师范大学", []string{"师范学院"}},
	{"%s Agricultural University", "农业大学", []string{"农学院"}},
	{"%s University of Finance and Economics", "财经大学", []string{"财经学院"}},
	{"%s University of Traditional Chinese Medicine", "中医药大学", []string{"中医学院", "中医药学院"}},
	{"%s Foreign Studies University", "外国语大学", []string{"外国语学院"}},
	{"%s Sport University", "体育大学", []string{"体育学院"}},
	{"%s University of Science and Technology", "科技大学", []string{"理工大学", "科技学院", "理工学院"}},
	{"%s University of Technology", "工业大学", []string{"理工大学", "工学院", "工业学院"}},
	{"%s Medical College", "医学院", []string{"医科大学"}},
}

// formerNames are well-known names of medical universities that were
// merged into comprehensive universities around 2000 (Beijing Medical
// University into Peking University, Shanghai Medical University into
// Fudan, and so on). A paper may still print them, and the successor may be
// listed, so they are not safe synthetic negatives.
var formerNames = map[string]bool{
	"beijing medical university": true, "shanghai medical university": true, "zhejiang medical university": true,
	"hubei medical university": true, "hunan medical university": true, "shandong medical university": true,
	"xian medical university": true, "sichuan medical university": true, "jilin medical university": true,
	"tongji medical university": true,
}

// Negatives generates screening cases that must not match anything:
//
//  1. Registry organisations in China (active, from LoadRegistry) that
//     share a place name with a listed Chinese organisation but are not
//     listed: an org is left out when any of its names is a listed name
//     (after normalisation, without legal forms, as a loose token set or
//     as its abbreviation), when it descends via registry parent links from
//     such an org, when a name contains a whole listed organisation name (a
//     sub-unit or campus, which is rightly a hit), or when it carries a
//     listed organisation's distinctive non-place word ("Tsinghua ...").
//     Each gives its display name, its Web of Science abbreviation, its
//     Chinese name and, for about half, a full affiliation string.
//  2. Synthetic look-alikes: for each place that starts or ends a listed
//     Chinese name, that place with a discipline ("Harbin Medical
//     University", "哈尔滨医科大学"), kept only when neither the English nor
//     the Chinese form is listed by any key above, nor is the name of a
//     registry org left out above. They are marked "synthetic" in Note.
//
// Queries are unique. The output depends only on the inputs and the seed.
func Negatives(entities []ListedEntity, registry []RegistryOrg, seed int64) []Case {
	u := newUniverse(entities)
	var out []Case
	seen := map[string]bool{}
	emit := func(c Case) {
		c.Query = strings.TrimSpace(c.Query)
		k := normKey(c.Query)
		if k == "" || seen[k] {
			return
		}
		if u.isListed(c.Query) {
			return // belt and braces: never emit a listed name
		}
		seen[k] = true
		out = append(out, c)
	}

	// Places of listed Chinese names, in Latin and Han script.
	latinPlaces := map[string]bool{}
	hanPlaces := map[string]bool{}
	var placeOrder []*place
	notePlace := func(p *place) {
		if p != nil && !latinPlaces[normKey(p.Pinyin)] {
			latinPlaces[normKey(p.Pinyin)] = true
			hanPlaces[p.Han] = true
			placeOrder = append(placeOrder, p)
		}
	}
	for i, e := range entities {
		if !u.chinese[i] {
			continue
		}
		for _, n := range e.Names {
			if isHanName(n) {
				notePlace(hanPlacePrefix(hanOnly(n)))
				continue
			}
			ts := tokens(stripParens(n))
			if len(ts) < 2 {
				continue
			}
			notePlace(lookupPlace(ts[0]))
			notePlace(lookupPlace(ts[len(ts)-1]))
		}
	}

	// Registry orgs that are, or belong to, listed parties.
	excluded := map[string]bool{}
	byID := map[string]*RegistryOrg{}
	children := map[string][]string{}
	for i := range registry {
		r := &registry[i]
		byID[r.ID] = r
		for _, p := range r.Parents {
			children[p] = append(children[p], r.ID)
		}
	}
	var queue []string
	for i := range registry {
		r := &registry[i]
		for _, n := range r.Names {
			if u.isListed(n) {
				excluded[r.ID] = true
				queue = append(queue, r.ID)
				break
			}
		}
	}
	// sub-units and campuses of listed bodies are hits, and so are theirs
	for i := range registry {
		r := &registry[i]
		for _, n := range r.Names {
			if !excluded[r.ID] && (u.containsListed(n) || u.hasBrand(n)) {
				excluded[r.ID] = true
				queue = append(queue, r.ID)
				break
			}
		}
	}
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		for _, c := range children[id] {
			if !excluded[c] {
				excluded[c] = true
				queue = append(queue, c)
			}
		}
	}
	// Too close to call: a name written inside a listed name (a listed
	// unit's parent, "Chinese Academy of Sciences" for "Chinese Academy of
	// Sciences - Shenyang Institute of Automation") or holding every word of
	// a specific listed name. These are left out without their children.
	for i := range registry {
		r := &registry[i]
		for _, n := range r.Names {
			if u.containedInListed(n) || u.coversListed(n) {
				excluded[r.ID] = true
				break
			}
		}
	}
	excludedNames := map[string]bool{}
	for id := range excluded {
		for _, n := range byID[id].Names {
			excludedNames[normKey(n)] = true
			excludedNames[looseKey(n)] = true
		}
	}

	for i := range registry {
		r := &registry[i]
		if excluded[r.ID] || (r.Status != "" && r.Status != "active") || (r.Country != "" && r.Country != "cn") {
			continue
		}
		shares := false
		for _, n := range r.Names {
			for _, t := range tokens(n) {
				if latinPlaces[t] {
					shares = true
				}
			}
			if isHanName(n) {
				for h := range hanPlaces {
					if strings.Contains(n, h) {
						shares = true
					}
				}
			}
		}
		if !shares {
			continue
		}
		rng := rngFor(seed, "registry/"+r.ID)
		display := r.Names[0]
		note := "registry " + r.ID + ": " + display
		var zh string
		for _, n := range r.Names {
			if isHanName(n) && runeLen(hanOnly(n)) >= 4 {
				zh = n
				break
			}
		}
		if isHanName(display) {
			emit(Case{Query: display, Variant: "registry_zh", Note: note})
			continue
		}
		if len(contentTokens(display)) < 2 {
			continue // an acronym or single word is no look-alike
		}
		emit(Case{Query: display, Variant: "registry", Note: note})
		if w := wosAbbreviate(display, true); normKey(w) != normKey(display) {
			emit(Case{Query: w, Variant: "registry_wos", Note: note})
		}
		if zh != "" {
			emit(Case{Query: zh, Variant: "registry_zh", Note: note})
		}
		if rng.Intn(2) == 0 {
			city := cityOf(lookupPlace(normKey(r.City)))
			if city == nil {
				city = findCity(display)
			}
			org, unit := u.unitAffiliation(display, "", rng)
			emit(Case{Query: affiliation(org, unit, city, rng), Variant: "registry_affiliation", Note: note})
		}
	}

	for _, p := range placeOrder {
		if p.Han == "西藏" && p.Pinyin == "Xizang" {
			continue // same Han name as Tibet; one spelling is enough
		}
		for _, la := range lookAlikes {
			en := fmt.Sprintf(la.En, p.Pinyin)
			zh := p.Han + la.Han
			clash := false
			for _, suf := range la.Also {
				alt := p.Han + suf
				if u.isListed(alt) || u.containsListed(alt) {
					clash = true
				}
			}
			if clash || formerNames[normKey(en)] || u.isListed(en) || u.isListed(zh) || u.containsListed(zh) ||
				excludedNames[normKey(en)] || excludedNames[looseKey(en)] || excludedNames[normKey(zh)] {
				continue
			}
			note := "synthetic: " + p.Pinyin + " + " + strings.TrimSpace(strings.Replace(la.En, "%s", "", 1))
			if u.containsListed(en) {
				note += " (contains a listed name)"
			}
			emit(Case{Query: en, Variant: "synthetic", Note: note})
			if w := wosAbbreviate(en, true); normKey(w) != normKey(en) {
				emit(Case{Query: w, Variant: "synthetic_wos", Note: note})
			}
			emit(Case{Query: zh, Variant: "synthetic_zh", Note: note})
		}
	}
	return out
}

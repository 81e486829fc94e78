package evalset

import (
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"unicode"
)

// dept is a sub-unit as it appears in affiliation strings: spelled out,
// abbreviated Web of Science style, and in Chinese.
type dept struct{ Full, WoS, Han string }

// uniDepts are schools, departments and laboratories of a university.
var uniDepts = []dept{
	{"School of Astronautics", "Sch Astronaut", "航天学院"},
	{"School of Materials Science and Engineering", "Sch Mat Sci & Engn", "材料科学与工程学院"},
	{"Department of Physics", "Dept Phys", "物理系"},
	{"School of Computer Science and Technology", "Sch Comp Sci & Technol", "计算机科学与技术学院"},
	{"College of Aerospace Science and Engineering", "Coll Aerosp Sci & Engn", "空天科学学院"},
	{"School of Electronic and Information Engineering", "Sch Elect & Informat Engn", "电子与信息工程学院"},
	{"School of Mechanical Engineering", "Sch Mech Engn", "机械工程学院"},
	{"Department of Chemistry", "Dept Chem", "化学系"},
	{"School of Mathematical Sciences", "Sch Math Sci", "数学科学学院"},
	{"State Key Laboratory of Advanced Welding and Joining", "State Key Lab Adv Welding & Joining", "先进焊接与连接国家重点实验室"},
	{"State Key Laboratory of Robotics and System", "State Key Lab Robot & Syst", "机器人技术与系统国家重点实验室"},
	{"School of Energy and Power Engineering", "Sch Energy & Power Engn", "能源与动力工程学院"},
	{"College of Intelligence Science and Technology", "Coll Intelligence Sci & Technol", "智能科学学院"},
	{"School of Optoelectronic Engineering", "Sch Optoelect Engn", "光电工程学院"},
	{"School of Automation", "Sch Automat", "自动化学院"},
	{"School of Cyberspace Security", "Sch Cyberspace Secur", "网络空间安全学院"},
	{"Department of Engineering Physics", "Dept Engn Phys", "工程物理系"},
	{"Key Laboratory of Micro-Systems and Micro-Structures Manufacturing", "Key Lab Microsyst & Microstruct Mfg", "微系统与微结构制造教育部重点实验室"},
}

// instDepts are sub-units of a research institute or academy.
var instDepts = []dept{
	{"Science and Technology on Electronic Information Control Laboratory", "Sci & Technol Elect Informat Control Lab", "电子信息控制重点实验室"},
	{"Department of Systems Engineering", "Dept Syst Engn", "系统工程部"},
	{"Division of Materials", "Div Mat", "材料研究室"},
	{"National Key Laboratory of Antennas and Microwave Technology", "Natl Key Lab Antennas & Microwave Technol", "天线与微波技术国家重点实验室"},
	{"Laboratory of Computational Physics", "Lab Computat Phys", "计算物理实验室"},
	{"Graduate School", "Grad Sch", "研究生院"},
	{"First Research Division", "Res Div 1", "第一研究室"},
}

// companyDepts are units of a company.
var companyDepts = []dept{
	{"Research and Development Center", "R&D Ctr", "研发中心"},
	{"Technology Center", "Technol Ctr", "技术中心"},
	{"Central Research Institute", "Cent Res Inst", "中央研究院"},
	{"Postdoctoral Research Station", "Postdoctoral Res Stn", "博士后科研工作站"},
}

// hospitalDepts are departments of a hospital.
var hospitalDepts = []dept{
	{"Department of Cardiology", "Dept Cardiol", "心内科"},
	{"Department of Radiology", "Dept Radiol", "放射科"},
	{"Department of Orthopedics", "Dept Orthoped", "骨科"},
	{"Department of Oncology", "Dept Oncol", "肿瘤科"},
}

// unitsFor returns the sub-units that fit an organisation name, or nil
// for a laboratory or centre, which is itself the smallest unit.
func unitsFor(name string) []dept {
	if isHanName(name) {
		h := hanOnly(name)
		switch {
		case strings.HasSuffix(h, "大学") || strings.HasSuffix(h, "学院"):
			return uniDepts
		case strings.HasSuffix(h, "医院"):
			return hospitalDepts
		case strings.HasSuffix(h, "公司") || strings.HasSuffix(h, "集团"):
			return companyDepts
		case strings.HasSuffix(h, "研究院") || strings.HasSuffix(h, "研究所") || strings.HasSuffix(h, "科学院"):
			return instDepts
		}
		return nil
	}
	ts := contentTokens(stripParens(name))
	if len(ts) == 0 {
		return nil
	}
	has := func(ws ...string) bool {
		for _, t := range ts {
			for _, w := range ws {
				if t == w {
					return true
				}
			}
		}
		return false
	}
	switch last := ts[len(ts)-1]; {
	case last == "laboratory" || last == "lab" || last == "laboratories" || last == "center" || last == "centre" || last == "base":
		return nil
	case has("co", "ltd", "limited", "company", "corp", "corporation", "inc", "group", "llc"):
		return companyDepts
	case has("hospital"):
		return hospitalDepts
	case has("university", "college", "school", "polytechnic"):
		return uniDepts
	}
	return instDepts
}

// proseWords mark list entries that are sentences about a body rather than
// its name ("Also known as the ...", "In 2015, the centre was added ...").
var proseWords = map[string]bool{
	"because": true, "was": true, "were": true, "is": true, "are": true, "known": true, "may": true,
	"might": true, "jointly": true, "added": true, "formerly": true, "renamed": true, "which": true,
	"that": true, "its": true, "established": true, "run": true, "also": true, "not": true,
	"included": true, "listing": true, "webpage": true, "see": true, "possibly": true, "likely": true,
	"reportedly": true, "probably": true, "perhaps": true, "aka": true, "based": true, "located": true,
	"hosts": true, "literally": true, "translated": true, "linked": true, "within": true,
}

// isProse reports whether a listed "name" is a remark: it has a verb-like
// word from proseWords or more than 16 words.
func isProse(name string) bool {
	ts := tokens(name)
	if len(ts) > 16 {
		return true
	}
	for _, t := range ts {
		if proseWords[t] {
			return true
		}
	}
	return false
}

// qwerty neighbours for realistic substitution typos.
var keyNeighbours = map[rune]string{
	'q': "wa", 'w': "qes", 'e': "wrd", 'r': "etf", 't': "ryg", 'y': "tuh", 'u': "yij", 'i': "uok",
	'o': "ipl", 'p': "ol", 'a': "qsz", 's': "adw", 'd': "sfe", 'f': "dgr", 'g': "fht", 'h': "gjy",
	'j': "hku", 'k': "jli", 'l': "ko", 'z': "xa", 'x': "zcs", 'c': "xvd", 'v': "cbf", 'b': "vng",
	'n': "bmh", 'm': "nj",
}

// makeTypo applies one deletion, substitution or transposition to one
// Latin word of at least five letters (never the first letter). It reports
// false when there is no such word.
func makeTypo(s string, rng *rand.Rand) (string, bool) {
	runs := wordRuns(s)
	var cand []int
	for i, w := range runs {
		rs := []rune(w)
		if len(rs) < 5 {
			continue
		}
		ok := true
		for _, r := range rs {
			if r > unicode.MaxASCII || !unicode.IsLetter(r) {
				ok = false
				break
			}
		}
		if ok {
			cand = append(cand, i)
		}
	}
	if len(cand) == 0 {
		return "", false
	}
	for attempt := 0; attempt < 8; attempt++ {
		wi := cand[rng.Intn(len(cand))]
		rs := []rune(runs[wi])
		p := 1 + rng.Intn(len(rs)-1)
		var out []rune
		switch rng.Intn(3) {
		case 0: // deletion
			out = append(append(out, rs[:p]...), rs[p+1:]...)
		case 1: // substitution by a neighbouring key
			nb := keyNeighbours[unicode.ToLower(rs[p])]
			if nb == "" {
				continue
			}
			c := rune(nb[rng.Intn(len(nb))])
			if unicode.IsUpper(rs[p]) {
				c = unicode.ToUpper(c)
			}
			out = append([]rune{}, rs...)
			out[p] = c
		default: // transposition of two neighbours
			if p >= len(rs)-1 || unicode.ToLower(rs[p]) == unicode.ToLower(rs[p+1]) {
				continue
			}
			out = append([]rune{}, rs...)
			out[p], out[p+1] = out[p+1], out[p]
		}
		if string(out) == runs[wi] {
			continue
		}
		cp := append([]string{}, runs...)
		cp[wi] = string(out)
		return strings.Join(cp, ""), true
	}
	return "", false
}

// postcode gives a six-digit postcode in the city's range.
func postcode(c *place, rng *rand.Rand) string {
	return fmt.Sprintf("%s%03d", c.Post, rng.Intn(100))
}

// affiliation renders a full affiliation string: org with its sub-unit
// (unit may be nil), city and postcode (city may be nil) and country, in one
// of four common layouts chosen with rng (Web of Science; unit first with
// "China"; unit after with "P.R. China"; unit first with "PR China").
func affiliation(org string, unit *dept, city *place, rng *rand.Rand) string {
	loc := func(withPost bool) string {
		if city == nil {
			return ""
		}
		if withPost {
			return city.Pinyin + " " + postcode(city, rng) + ", "
		}
		return city.Pinyin + ", "
	}
	plain := stripParens(org)
	full, abbr := "", ""
	if unit != nil {
		full, abbr = unit.Full+", ", unit.WoS+", "
	}
	switch rng.Intn(4) {
	case 0:
		return wosAbbreviate(plain, true) + ", " + abbr + loc(true) + "Peoples R China"
	case 1:
		return full + plain + ", " + loc(true) + "China"
	case 2:
		if unit == nil {
			return plain + ", " + loc(false) + "P.R. China"
		}
		return plain + ", " + unit.Full + ", " + loc(false) + "P.R. China"
	default:
		return full + plain + ", " + loc(true) + "PR China"
	}
}

// unitAffiliation picks the organisation and sub-unit for an affiliation
// made from name: a unit with a listed parent (other than a company) is
// written as a unit of the parent; otherwise a fitting school or department is
// chosen, or none for a laboratory.
func (u *universe) unitAffiliation(name, parent string, rng *rand.Rand) (org string, unit *dept) {
	units := unitsFor(name)
	if parent != "" && !sameDepts(units, companyDepts) {
		return parent, &dept{Full: stripParens(name), WoS: wosAbbreviate(name, true)}
	}
	units = u.freeUnits(units)
	if len(units) == 0 {
		return name, nil
	}
	d := units[rng.Intn(len(units))]
	return name, &d
}

// freeUnits drops the sub-units whose name is, holds or is held in a listed
// name (a national key laboratory can itself be listed): written into an
// affiliation they would make the case about another party.
func (u *universe) freeUnits(ds []dept) []dept {
	var out []dept
	for _, d := range ds {
		bad := false
		for _, n := range []string{d.Full, d.Han} {
			if u.isListed(n) || u.containsListed(n) || u.containedInListed(n) || u.coversListed(n) {
				bad = true
			}
		}
		if !bad {
			out = append(out, d)
		}
	}
	return out
}

func sameDepts(a, b []dept) bool { return len(a) == len(b) && len(a) > 0 && a[0] == b[0] }

// chineseDept writes a Chinese affiliation: a unit with a listed parent
// (other than a company) after the parent's Chinese name, otherwise the name followed by a fitting
// school or department, usually with no space, as Chinese affiliations are
// written. It reports false when neither applies (a laboratory without a
// Chinese parent name).
func (u *universe) chineseDept(name, parentHan string, rng *rand.Rand) (string, bool) {
	units := unitsFor(name)
	if parentHan != "" && !strings.HasPrefix(name, parentHan) && !sameDepts(units, companyDepts) {
		return parentHan + name, true
	}
	units = u.freeUnits(units)
	if len(units) == 0 {
		return "", false
	}
	d := units[rng.Intn(len(units))]
	if rng.Intn(4) == 0 {
		return name + " " + d.Han, true
	}
	return name + d.Han, true
}

// isAcronym reports whether a name is a bare acronym ("UESTC", "AMS"),
// which is not a spelling variant of a name and is weak evidence alone.
func isAcronym(name string) bool {
	f := strings.Fields(stripParens(name))
	if len(f) != 1 || runeLen(f[0]) > 7 {
		return false
	}
	for _, r := range f[0] {
		if unicode.IsLower(r) {
			return false
		}
	}
	return !hasHan(name)
}

// titleIfShouting rewrites an all-capitals Latin name in title case, as
// Web of Science prints names ("SHANGHAI NORTH TRADING CO" -> "Shanghai
// North Trading Co").
func titleIfShouting(name string) string {
	if strings.ToUpper(name) != name || strings.ToLower(name) == name {
		return name
	}
	var b strings.Builder
	start := true
	for _, r := range name {
		if unicode.IsLetter(r) {
			if start {
				b.WriteRune(unicode.ToUpper(r))
			} else {
				b.WriteRune(unicode.ToLower(r))
			}
			start = false
			continue
		}
		start = r != '\'' && r != '’'
		b.WriteRune(r)
	}
	return b.String()
}

// pickNames returns up to two names to vary: the first of names, then one
// other chosen by rng.
func pickNames(names []string, rng *rand.Rand) []string {
	if len(names) <= 1 {
		return names
	}
	return []string{names[0], names[1+rng.Intn(len(names)-1)]}
}

// Positives generates the positive screening cases: for every listed
// Chinese organisation (country cn, a Chinese-script name, or a record of
// the China-focused ASPI, 1286 and 1260H lists with a Chinese place or
// military marker in its name) it writes its exact names and, for up to two
// of its English names, a Web of Science abbreviation, a full affiliation
// string, a single typo and a lower-case unpunctuated form, and for up to two
// Chinese names the name followed by a school or department (or, for a
// laboratory, after its parent's Chinese name). Names that do not identify
// one body (a generic laboratory name of a child record, an acronym, a
// remark such as "Also known as ...") are not used. Cases with the same
// variant and query are merged. The output depends only on the entities and
// the seed.
func Positives(entities []ListedEntity, seed int64) []Case {
	u := newUniverse(entities)
	groups := u.groups()
	var out []Case
	index := map[string]int{}
	emit := func(c Case) {
		c.Query = strings.TrimSpace(c.Query)
		if c.Query == "" || normKey(c.Query) == "" {
			return
		}
		k := c.Variant + "\x00" + c.Query
		if j, ok := index[k]; ok {
			out[j].WantSourceIDs = mergeIDs(out[j].WantSourceIDs, c.WantSourceIDs)
			return
		}
		index[k] = len(out)
		out = append(out, c)
	}
	for i, e := range entities {
		if !u.chinese[i] {
			continue
		}
		// A child alone (not also listed at the top level) needs a
		// distinctive name; a generic lab name is not evidence of a party.
		topLevel := false
		for _, m := range groups[u.find(i)] {
			if entities[m].ParentSourceID == "" {
				topLevel = true
			}
		}
		minHan := 4
		if !topLevel {
			minHan = 8
		}
		var parentEn, parentHan string
		if p, ok := u.byID[e.ParentSourceID]; ok && e.ParentSourceID != "" {
			for _, n := range entities[p].Names {
				switch {
				case isProse(n) || isAcronym(n):
				case isHanName(n) && parentHan == "":
					parentHan = n
				case !hasHan(n) && parentEn == "":
					parentEn = n
				}
			}
		}
		// en and zh stand alone; unitEn and unitZh are also usable as a
		// unit written after (or with) the parent's name.
		var en, zh, unitEn, unitZh []string
		for _, n := range e.Names {
			if isProse(n) || isAcronym(n) {
				continue
			}
			alone := specificName(n, topLevel, minHan)
			asUnit := (parentEn != "" || parentHan != "") && specificName(n, true, 4)
			switch {
			case isHanName(n):
				if alone {
					zh = append(zh, n)
				}
				if alone || (asUnit && parentHan != "") {
					unitZh = append(unitZh, n)
				}
			case !hasHan(n):
				if alone {
					en = append(en, n)
				}
				if alone || (asUnit && parentEn != "") {
					unitEn = append(unitEn, n)
				}
			}
		}
		if len(unitEn) == 0 && len(unitZh) == 0 {
			continue
		}
		want := u.wantIDs(i, groups)
		rng := rngFor(seed, e.List+"/"+e.SourceID)
		note := func(from string) string { return e.List + " " + e.SourceID + ": " + from }
		for _, n := range append(append([]string{}, en...), zh...) {
			emit(Case{Query: n, Variant: "exact", WantSourceIDs: want, Note: note(n)})
		}
		city := entityCity(e)
		for _, n := range pickNames(en, rng) {
			w := wosAbbreviate(titleIfShouting(n), rng.Intn(4) != 0)
			if normKey(w) != normKey(stripParens(n)) && w != "" {
				emit(Case{Query: w, Variant: "wos", WantSourceIDs: want, Note: note(n)})
			}
			form := n
			if rng.Intn(2) == 0 {
				form = wosAbbreviate(titleIfShouting(n), true)
			}
			if t, ok := makeTypo(form, rng); ok && !u.exact[normKey(t)] && normKey(t) != normKey(form) {
				emit(Case{Query: t, Variant: "typo", WantSourceIDs: want, Note: note(n)})
			}
			if l := lowerNoPunct(n); l != n {
				emit(Case{Query: l, Variant: "lower", WantSourceIDs: want, Note: note(n)})
			}
		}
		for _, n := range pickNames(unitEn, rng) {
			org, unit := u.unitAffiliation(titleIfShouting(n), parentEn, rng)
			emit(Case{Query: affiliation(org, unit, city, rng), Variant: "affiliation", WantSourceIDs: want, Note: note(n)})
		}
		for _, n := range pickNames(unitZh, rng) {
			if q, ok := u.chineseDept(n, parentHan, rng); ok {
				emit(Case{Query: q, Variant: "chinese_dept", WantSourceIDs: want, Note: note(n)})
			}
		}
	}
	return out
}

// entityCity finds the city for an entity's affiliation strings: a city in
// its names ("Harbin Institute of Technology"), else one in its address,
// else the capital of a province in its names ("Sichuan University").
func entityCity(e ListedEntity) *place {
	names := strings.Join(e.Names, "; ")
	if c := findCity(names); c != nil && c.Post != "" && cityInText(names, c) {
		return c
	}
	if c := findCity(strings.Join(e.Addresses, "; ")); c != nil {
		return c
	}
	return findCity(names)
}

// cityInText reports whether the city itself (not only its province) is
// written in text.
func cityInText(text string, c *place) bool {
	if strings.Contains(text, c.Han) {
		return true
	}
	k := normKey(c.Pinyin)
	for _, t := range tokens(text) {
		if t == k {
			return true
		}
	}
	return false
}

// mergeIDs returns the sorted union of two id lists.
func mergeIDs(a, b []string) []string {
	set := map[string]bool{}
	for _, s := range a {
		set[s] = true
	}
	for _, s := range b {
		set[s] = true
	}
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

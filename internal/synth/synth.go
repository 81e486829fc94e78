// Package synth generates deterministic synthetic watch lists of any size
// for benchmarks. Names are recombined from name parts (by default a
// built-in set of general place names, institutional words and pinyin
// syllables; or parts harvested from real list files), so the token
// statistics resemble a real list while no generated entry names a real
// party.
package synth

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"unicode"

	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// Parts are the pieces synthetic names are built from.
type Parts struct {
	Words  []string // distinctive name words
	Places []string
	Forms  []string // institutional heads and legal forms
	Given  []string
	Family []string
}

// syllables are pinyin syllables; pairs of them make distinctive
// pseudo-words ("zhonghua", "baoxin") so the vocabulary grows with n as a
// real list's does.
var syllables = strings.Fields(`bai bao bei ben bin bo can cang chang chao chen cheng chong chu chuan da dai dan dao de deng di dian ding dong du duan fan fang fei feng fu gang gao ge gong guan guang gui guo hai han hang hao he heng hong hu hua huai huan huang hui jia jian jiang jiao jie jin jing jiu ju jun kai kang ke kun lan lang lei li lian liang lin ling liu long lu lun luo ma mao mei meng min ming mu nan neng ning pan peng ping qi qian qiang qiao qin qing qiu quan rong rui san sen shan shang shao shen sheng shi shu shun si song su sui tai tang tao teng tian ting tong wan wang wei wen wu xi xia xian xiang xiao xin xing xiong xu xuan ya yan yang yao ye yi yin ying yong you yu yuan yue yun zhan zhang zhao zhe zhen zheng zhi zhong zhou zhu zhuang zi zong`)

// DefaultParts returns built-in general name parts.
func DefaultParts() Parts {
	return Parts{
		Words: strings.Fields(`Aerospace Electronic Precision Optical Marine Materials Nuclear Applied Physics Radar Propulsion Computing
			Chemical Automation Photonics Navigation Telecommunications Rocket Engine Cryptography Composite Metallurgy Shipbuilding
			Machinery Instruments Power Energy Petroleum Mining Ordnance Semiconductor Microwave Laser Satellite Vacuum Thermal
			Acoustics Ceramics Polymer Software Information Control Systems Weapons Armament Vehicle Aviation Defense Security`),
		Places: strings.Fields(`Harbin Chengdu Wuhan Nanjing Xian Dalian Shenyang Changsha Tianjin Hefei Kunming Lanzhou Beijing Shanghai
			Guangzhou Shenzhen Hangzhou Qingdao Jinan Taiyuan Zhengzhou Mianyang Baotou Novosibirsk Tomsk Kazan Samara Isfahan Tabriz
			Minsk Karachi Aleppo Mashhad Omsk Moscow Tehran Pyongyang Yekaterinburg Perm Tula Izhevsk Shiraz Yazd Lahore`),
		Forms: []string{"Research Institute", "University", "Technology Co., Ltd.", "Academy", "Laboratory", "Engineering Corporation",
			"Industrial Group", "Design Bureau", "Trading LLC", "Institute", "Company Limited", "JSC", "Holding Group", "Center"},
		Given:  strings.Fields(`Wei Li Ivan Olga Reza Mina Chol Yuri Fatima Sergei Ahmad Ali Hassan Jin Hui Min Dmitri Natalia Hamid Kim Yong Mohammad Vladimir Elena`),
		Family: strings.Fields(`Zhang Wang Petrov Sokolova Karimi Kim Volkov Haddad Liu Chen Ivanov Hosseini Rezaei Pak Ri Smirnov Kuznetsov Yang Zhao Huang`),
	}
}

// PartsFromEntities harvests name parts from real list entities: every
// word of an organisation's Latin-script names becomes a word, and person
// names give given and family names. Words are deduplicated and sorted so
// the result does not depend on input order.
func PartsFromEntities(es []watchlist.Entity) Parts {
	p := DefaultParts()
	words, given, family := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, e := range es {
		for _, n := range e.Names {
			fs := strings.FieldsFunc(n.Value, func(r rune) bool { return !unicode.IsLetter(r) })
			if len(fs) == 0 || !isLatin(n.Value) {
				continue
			}
			if e.Kind == watchlist.KindPerson {
				family[fs[0]] = true
				for _, f := range fs[1:] {
					given[f] = true
				}
				continue
			}
			for _, f := range fs {
				if len(f) > 2 {
					words[f] = true
				}
			}
		}
	}
	if len(words) > 0 {
		p.Words = keys(words)
	}
	if len(given) > 0 && len(family) > 0 {
		p.Given, p.Family = keys(given), keys(family)
	}
	return p
}

func isLatin(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) && !unicode.In(r, unicode.Latin) {
			return false
		}
	}
	return true
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Generate returns n deterministic synthetic entities: the same (n, seed,
// parts) always gives the same list. About four in five are organisations
// and one in five persons; a third have an alias.
func Generate(n int, seed uint64, p Parts) []watchlist.Entity {
	r := rand.New(rand.NewPCG(seed, 0xc011ab))
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	coin := func() string { return titleCase(pick(syllables) + pick(syllables)) }
	out := make([]watchlist.Entity, n)
	for i := range out {
		e := watchlist.Entity{SourceID: fmt.Sprintf("SYN-%d", i), Countries: []string{[]string{"cn", "ru", "ir", "kp", "by", "pk", "sy"}[r.IntN(7)]}}
		if r.IntN(5) == 0 {
			e.Kind = watchlist.KindPerson
			name := pick(p.Given) + " " + coin() + " " + pick(p.Family)
			e.Names = []watchlist.Name{{Value: name, Kind: watchlist.NamePrimary}}
		} else {
			e.Kind = watchlist.KindOrganization
			var parts []string
			if r.IntN(2) == 0 {
				parts = append(parts, pick(p.Places))
			}
			parts = append(parts, coin())
			for k := r.IntN(3); k > 0; k-- {
				parts = append(parts, pick(p.Words))
			}
			parts = append(parts, pick(p.Forms))
			e.Names = []watchlist.Name{{Value: strings.Join(parts, " "), Kind: watchlist.NamePrimary}}
			if r.IntN(3) == 0 {
				e.Names = append(e.Names, watchlist.Name{Value: coin() + " " + pick(p.Words) + " " + pick(p.Forms), Kind: watchlist.NameAlias})
			}
		}
		e.Memberships = []watchlist.Membership{{List: "Synthetic", Program: fmt.Sprintf("SYN-%d", r.IntN(9))}}
		out[i] = e
	}
	return out
}

func titleCase(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

package storetest

import (
	"fmt"
	"math/rand/v2"

	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// Invented name parts for synthetic lists: general place names and
// institutional words, combined at random so no real listing is implied.
var (
	places = []string{"Harbin", "Chengdu", "Wuhan", "Nanjing", "Xi'an", "Dalian", "Shenyang", "Changsha",
		"Tianjin", "Hefei", "Kunming", "Lanzhou", "Novosibirsk", "Tomsk", "Kazan", "Samara", "Isfahan",
		"Tabriz", "Pyongyang", "Minsk", "Karachi", "Aleppo", "Mashhad", "Omsk", "Baotou", "Mianyang"}
	fields = []string{"Aeronautical", "Electronic", "Precision Optics", "Marine", "Materials", "Nuclear",
		"Applied Physics", "Radar", "Propulsion", "Computing", "Chemical", "Automation", "Photonics",
		"Navigation", "Telecommunications", "Rocket Engine", "Cryptography", "Composite"}
	forms = []string{"Research Institute", "University", "Technology Co., Ltd.", "Academy", "Laboratory",
		"Engineering Corporation", "Industrial Group", "Design Bureau", "Trading LLC", "Institute"}
	zhParts  = []string{"哈尔滨", "成都", "武汉", "南京", "西安", "大连", "航空", "航天", "电子", "工业", "理工", "研究所", "大学", "有限公司"}
	programs = []string{"EL", "MEU", "SDN", "NS-MBS", "CMIC", "1260H", "RUSSIA-EO14024"}
	kinds    = []watchlist.Kind{watchlist.KindOrganization, watchlist.KindOrganization, watchlist.KindOrganization, watchlist.KindPerson, watchlist.KindVessel}
	given    = []string{"Wei", "Li", "Ivan", "Olga", "Reza", "Mina", "Chol", "Yuri", "Fatima", "Sergei"}
	family   = []string{"Zhang", "Wang", "Petrov", "Sokolova", "Karimi", "Kim", "Volkov", "Haddad", "Liu", "Chen"}
)

// Synthetic returns n deterministic, invented entities for tests and
// benchmarks. The same (n, seed) always yields the same entities; source ids
// are "SYN-<seed>-<i>", unique within the result. Records are about the size
// of real list entries (names in two scripts, addresses, identifiers,
// memberships), so import benchmarks measure realistic row sizes.
func Synthetic(n int, seed uint64) []watchlist.Entity {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	out := make([]watchlist.Entity, n)
	for i := range out {
		e := watchlist.Entity{
			SourceID:  fmt.Sprintf("SYN-%d-%07d", seed, i),
			Kind:      kinds[r.IntN(len(kinds))],
			Countries: []string{[]string{"cn", "ru", "ir", "kp", "by", "pk", "sy"}[r.IntN(7)]},
		}
		place := pick(places)
		switch e.Kind {
		case watchlist.KindPerson:
			e.Names = []watchlist.Name{{Value: pick(given) + " " + pick(family), Kind: watchlist.NamePrimary}}
		case watchlist.KindVessel:
			e.Names = []watchlist.Name{{Value: fmt.Sprintf("%s Star %d", place, r.IntN(90)+1), Kind: watchlist.NamePrimary}}
			e.Identifiers = []watchlist.Identifier{{Scheme: "imo", Value: fmt.Sprintf("%07d", 9000000+r.IntN(999999))}}
		default:
			name := fmt.Sprintf("%s %s %s", place, pick(fields), pick(forms))
			e.Names = []watchlist.Name{
				{Value: name, Kind: watchlist.NamePrimary},
				{Value: pick(zhParts) + pick(zhParts) + pick(zhParts), Lang: "zh", Kind: watchlist.NameAlias},
			}
			if r.IntN(3) == 0 {
				e.Names = append(e.Names, watchlist.Name{Value: fmt.Sprintf("%c%c%c", 'A'+r.IntN(26), 'A'+r.IntN(26), 'A'+r.IntN(26)), Kind: watchlist.NameAcronym})
			}
			e.Identifiers = []watchlist.Identifier{{Scheme: "uscc", Value: fmt.Sprintf("91%016d", r.Int64N(1e16))}}
		}
		e.Addresses = []watchlist.Address{{Text: fmt.Sprintf("No. %d %s Road, %s", r.IntN(400)+1, pick(fields), place), City: place, Country: e.Countries[0]}}
		e.Memberships = []watchlist.Membership{{
			List:     "Synthetic List",
			Program:  pick(programs),
			Reason:   "Invented record for tests; acts contrary to invented interests.",
			ListedOn: fmt.Sprintf("20%02d-%02d-%02d", 10+r.IntN(16), 1+r.IntN(12), 1+r.IntN(28)),
		}}
		if i > 0 && r.IntN(5) == 0 {
			e.Relations = []watchlist.Relation{{Type: watchlist.RelParent, Target: out[r.IntN(i)].SourceID}}
		}
		out[i] = e
	}
	return out
}

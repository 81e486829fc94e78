package storetest

import (
	"fmt"
	"github.com/collabcheck/collabcheck/internal/registry/rordump"
	"math/rand/v2"

	"github.com/collabcheck/collabcheck/internal/registry"
)

// crockford is the alphabet of ROR ids: base32 without i, l, o and u.
const crockford = "0123456789abcdefghjkmnpqrstvwxyz"

// syntheticID returns a well-formed ROR id for index i of a seed's set.
func syntheticID(i int, seed uint64) string {
	n := uint64(i) + seed<<24
	b := make([]byte, 0, 9)
	b = append(b, '0')
	for shift := 25; shift >= 0; shift -= 5 {
		b = append(b, crockford[(n>>uint(shift))&31])
	}
	b = append(b, byte('0'+i%10), byte('0'+i/10%10))
	return registry.IDPrefix + string(b)
}

// syntheticOrg returns the i-th organisation of SyntheticOrgs(_, seed): an
// invented organisation about the size of a real ROR record (names in two
// scripts and an acronym, a location, types, links, external ids and, for
// most, a parent or child relationship).
func syntheticOrg(i int, seed uint64) registry.Org {
	r := rand.New(rand.NewPCG(seed, uint64(i)))
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	place := pick(places)
	name := fmt.Sprintf("%s %s %s", place, pick(fields), pick(forms))
	o := registry.Org{
		ID: syntheticID(i, seed),
		Names: []registry.Name{
			{Value: name, Types: []string{registry.NameDisplay, registry.NameLabel}, Lang: "en"},
			{Value: pick(zhParts) + pick(zhParts) + pick(zhParts), Types: []string{registry.NameLabel}, Lang: "zh"},
			{Value: fmt.Sprintf("%c%c%c", 'A'+r.IntN(26), 'A'+r.IntN(26), 'A'+r.IntN(26)), Types: []string{registry.NameAcronym}},
		},
		Country: []string{"cn", "gb", "de", "us", "jp", "fr"}[r.IntN(6)], CountryName: "Invented", City: place,
		Types:       []string{[]string{"education", "facility", "company", "government", "nonprofit"}[r.IntN(5)]},
		Status:      registry.StatusActive,
		Established: 1900 + r.IntN(125),
		Domains:     []string{fmt.Sprintf("org%d.example", i)},
		Links:       []string{fmt.Sprintf("https://org%d.example", i)},
		ExternalIDs: []registry.ExternalID{
			{Type: "grid", All: []string{fmt.Sprintf("grid.%d.%x", 400000+i, i%16)}, Preferred: fmt.Sprintf("grid.%d.%x", 400000+i, i%16)},
			{Type: "wikidata", All: []string{fmt.Sprintf("Q%d", 9000000+i)}, Preferred: fmt.Sprintf("Q%d", 9000000+i)},
		},
	}
	if r.IntN(20) == 0 {
		o.Status = registry.StatusInactive
	}
	if i > 0 && r.IntN(3) > 0 {
		p := r.IntN(i)
		o.Relationships = append(o.Relationships, registry.Relationship{Type: registry.RelParent, ID: syntheticID(p, seed), Label: "Parent " + fmt.Sprint(p)})
	}
	return o
}

// SyntheticOrgs returns a RegistryImport.Orgs function that yields n
// deterministic, invented organisations, generated one at a time so that
// tests and benchmarks can stream registries of any size without holding
// them. Ids are well-formed ROR ids, unique for one seed.
func SyntheticOrgs(n int, seed uint64) func(yield func(registry.Org) error) (rordump.Info, error) {
	return func(yield func(registry.Org) error) (rordump.Info, error) {
		for i := range n {
			if err := yield(syntheticOrg(i, seed)); err != nil {
				return rordump.Info{Records: i}, err
			}
		}
		return rordump.Info{Records: n}, nil
	}
}

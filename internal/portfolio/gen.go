package portfolio

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"hash/fnv"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"

	gojson "github.com/goccy/go-json"

	"github.com/collabcheck/collabcheck/internal/registry"
	"github.com/collabcheck/collabcheck/internal/synth"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// GenOrg is an organisation a generated affiliation names.
type GenOrg struct {
	Name, City, Country, ROR string
	// Units says the organisation has departments and laboratories (a
	// university, a hospital, a research facility), so a generated string
	// may name one.
	Units bool
}

// GenParts are the real name parts a portfolio is generated from:
// registry organisations (names, cities, countries, ROR ids), listed
// organisations' names, and given and family names of listed persons.
type GenParts struct {
	Orgs          []GenOrg
	Listed        []GenOrg
	Given, Family []string
}

// PartsFrom harvests generator parts from a registry and list entities.
// Only Latin-script names are used, as most affiliation strings in
// publication metadata are written.
func PartsFrom(orgs []registry.Org, entities []watchlist.Entity) GenParts {
	var p GenParts
	for _, o := range orgs {
		if o.Status != "" && o.Status != "active" {
			continue
		}
		n := o.DisplayName()
		if !latin(n) {
			continue
		}
		units := false
		for _, t := range o.Types {
			units = units || t == "education" || t == "facility" || t == "healthcare" || t == "government"
		}
		p.Orgs = append(p.Orgs, GenOrg{Name: n, City: o.City, Country: o.CountryName, ROR: o.ID, Units: units})
	}
	for _, e := range entities {
		if e.Kind != watchlist.KindOrganization {
			continue
		}
		n := e.PrimaryName()
		if !latin(n) || len(n) > 120 {
			continue
		}
		if strings.ToUpper(n) == n {
			n = titleWords(n) // list files often write names in capitals; papers do not
		}
		l := strings.ToLower(n) + " "
		p.Listed = append(p.Listed, GenOrg{Name: n, Units: hasAny(l, institutionWords) || hasAny(l, []string{"institute", "laborator", "research", "academ"})})
	}
	sp := synth.PartsFromEntities(entities)
	p.Given, p.Family = personParts(sp.Given), personParts(sp.Family)
	return p
}

// titleWords writes each word with a capital first letter.
func titleWords(s string) string {
	ws := strings.Fields(strings.ToLower(s))
	for i, w := range ws {
		r := []rune(w)
		r[0] = []rune(strings.ToUpper(string(r[0])))[0]
		ws[i] = string(r)
	}
	return strings.Join(ws, " ")
}

// personParts keeps the name parts that read as names (Latin letters, at
// least three of them, not all initials) in title case: list files write
// family names in capitals.
func personParts(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if len([]rune(s)) < 3 || !latin(s) {
			continue
		}
		r := []rune(strings.ToLower(s))
		r[0] = []rune(strings.ToUpper(string(r[0])))[0]
		t := string(r)
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

func latin(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r > 0x24F && r != '–' && r != '’' {
			return false
		}
	}
	return true
}

// GenOptions shape a generated portfolio.
type GenOptions struct {
	// Strings is how many affiliation strings to write in all.
	Strings int
	Seed    uint64
	Format  Format
	// ListedShare is the share of affiliations naming a listed
	// organisation (default 0.02).
	ListedShare float64
	// RORHints is the share of registry affiliations that carry the ROR id
	// OpenAlex matched (OpenAlex format only); 0 makes every string go
	// through resolution, the worst case.
	RORHints float64
	// Noise is the share of strings given a unique room and building
	// prefix ("Room 1042, Building 7, ..."), so they are all distinct: 1
	// measures the worst case, where deduplication saves nothing.
	Noise float64
	// ZipfS is the Zipf exponent of how often organisations recur
	// (default 1.1: a few partners on many papers, a long tail of one-off
	// ones).
	ZipfS float64
}

// GenStats says what was generated.
type GenStats struct {
	Works   int `json:"works"`
	Strings int `json:"strings"`
	Listed  int `json:"listed"`
}

// Department subjects and unit forms: general words, combined with real
// organisation names.
var (
	genSubjects = strings.Fields(`Physics Chemistry Mathematics Biology Medicine Engineering Materials Economics History Geography
		Astronomy Ecology Psychology Linguistics Pharmacy Agronomy Oceanography Geology Statistics Informatics Nursing Architecture
		Philosophy Sociology Law Education Management Neuroscience Genetics Immunology Mechanics Optics Energy Aeronautics Electronics`)
	genUnits  = []string{"Department of %s", "School of %s", "Faculty of %s", "College of %s", "Institute of %s", "Key Laboratory of %s", "Dept. of %s", "Centre for %s"}
	genTopics = []string{
		"hypersonic vehicle guidance", "quantum key distribution", "synthetic aperture radar imaging", "lithium battery cathodes",
		"ocean carbon uptake", "drought tolerance in wheat", "exoplanet atmospheres", "malaria transmission", "urban heat islands",
		"graph neural networks", "gene expression in zebrafish", "semiconductor lithography", "underwater acoustic communication",
		"crop yield forecasting", "glacier mass balance", "tuberculosis diagnostics", "medieval trade networks", "labour market outcomes",
		"unmanned aerial vehicle swarms", "post-quantum cryptography", "soil microbial diversity", "solar wind turbulence",
		"vaccine hesitancy", "additive manufacturing of titanium alloys", "coral reef resilience", "dark matter halos",
		"protein folding", "high-entropy alloys", "satellite navigation jamming", "wetland methane emissions",
	}
	genForms = []string{"A study of %s", "Advances in %s", "%s: a review", "Modelling %s", "New methods for %s", "On %s", "Measuring %s at scale"}
)

// Generate writes a deterministic portfolio: the same parts and options
// always give the same bytes. Organisations recur with Zipf-like
// frequency, each in a few stable written forms (with a department, a
// city, abbreviations), as real affiliation strings do.
func Generate(w io.Writer, p GenParts, opt GenOptions) (GenStats, error) {
	if len(p.Orgs) == 0 {
		return GenStats{}, fmt.Errorf("portfolio generator: no organisations to name")
	}
	if opt.ListedShare == 0 {
		opt.ListedShare = 0.02
	}
	if opt.ZipfS <= 1 {
		opt.ZipfS = 1.1
	}
	if len(p.Given) == 0 || len(p.Family) == 0 {
		d := synth.DefaultParts()
		p.Given, p.Family = d.Given, d.Family
	}
	r := rand.New(rand.NewPCG(opt.Seed, 0x9047f011))
	// A stable shuffle decides which organisations are the frequent ones.
	orgs := append([]GenOrg(nil), p.Orgs...)
	r.Shuffle(len(orgs), func(i, j int) { orgs[i], orgs[j] = orgs[j], orgs[i] })
	orgZipf := newZipf(r, opt.ZipfS, len(orgs))
	personZipf := newZipf(r, 1.05, len(p.Given)*len(p.Family))
	bw := bufio.NewWriterSize(w, 1<<20)
	var cw *csv.Writer
	if opt.Format == FormatCSV {
		cw = csv.NewWriter(bw)
		if err := cw.Write([]string{"person", "affiliation", "year", "title"}); err != nil {
			return GenStats{}, err
		}
	}
	var st GenStats
	for st.Strings < opt.Strings {
		st.Works++
		topic := genTopics[r.IntN(len(genTopics))]
		title := fmt.Sprintf(genForms[r.IntN(len(genForms))], topic)
		title = strings.ToUpper(title[:1]) + title[1:]
		year := 2015 + r.IntN(11)
		nAuthors := 1 + r.IntN(4) + r.IntN(4) // 1–7, mean 4
		type authorship struct {
			name string
			affs []Affiliation
		}
		var as []authorship
		for a := 0; a < nAuthors && st.Strings < opt.Strings; a++ {
			pi := personZipf.next()
			name := p.Given[pi%len(p.Given)] + " " + p.Family[(pi/len(p.Given))%len(p.Family)]
			nAff := 1
			if r.IntN(10) == 0 {
				nAff = 2
			}
			var affs []Affiliation
			for k := 0; k < nAff && st.Strings < opt.Strings; k++ {
				st.Strings++
				if len(p.Listed) > 0 && r.Float64() < opt.ListedShare {
					st.Listed++
					// Research partners on the lists (universities,
					// institutes) appear on papers far more often than
					// trading companies.
					o := p.Listed[r.IntN(len(p.Listed))]
					for try := 0; try < 8 && !o.Units; try++ {
						o = p.Listed[r.IntN(len(p.Listed))]
					}
					affs = append(affs, Affiliation{Raw: affString(o, r)})
					continue
				}
				o := orgs[orgZipf.next()]
				af := Affiliation{Raw: affString(o, r)}
				if opt.Noise > 0 && r.Float64() < opt.Noise {
					af.Raw = fmt.Sprintf("Room %d, Building %d, %s", st.Strings, 1+r.IntN(40), af.Raw)
				}
				if opt.Format == FormatOpenAlex && o.ROR != "" && r.Float64() < opt.RORHints {
					af.RORs = []string{o.ROR}
				}
				affs = append(affs, af)
			}
			as = append(as, authorship{name: name, affs: affs})
		}
		if opt.Format == FormatCSV {
			for _, a := range as {
				for _, af := range a.affs {
					if err := cw.Write([]string{a.name, af.Raw, strconv.Itoa(year), title}); err != nil {
						return st, err
					}
				}
			}
			continue
		}
		type inst struct {
			ID  string `json:"id"`
			ROR string `json:"ror,omitempty"`
		}
		type oaAuthorship struct {
			Author struct {
				DisplayName string `json:"display_name"`
			} `json:"author"`
			Institutions []inst   `json:"institutions"`
			Raw          []string `json:"raw_affiliation_strings"`
		}
		work := struct {
			ID          string         `json:"id"`
			Title       string         `json:"title"`
			Year        int            `json:"publication_year"`
			Authorships []oaAuthorship `json:"authorships"`
			Topics      []oaLabel      `json:"topics"`
		}{ID: fmt.Sprintf("https://openalex.org/W%d", 9000000000+st.Works), Title: title, Year: year}
		score := 0.9
		work.Topics = []oaLabel{{DisplayName: topic, Score: &score}}
		for _, a := range as {
			oa := oaAuthorship{Institutions: []inst{}}
			oa.Author.DisplayName = a.name
			for _, af := range a.affs {
				oa.Raw = append(oa.Raw, af.Raw)
				if len(af.RORs) > 0 && len(a.affs) == 1 {
					oa.Institutions = append(oa.Institutions, inst{ID: "https://openalex.org/I" + strconv.FormatUint(hash(af.RORs[0]), 10), ROR: af.RORs[0]})
				}
			}
			work.Authorships = append(work.Authorships, oa)
		}
		b, err := gojson.Marshal(work)
		if err != nil {
			return st, err
		}
		bw.Write(b)
		bw.WriteByte('\n')
	}
	if cw != nil {
		cw.Flush()
		if err := cw.Error(); err != nil {
			return st, err
		}
	}
	return st, bw.Flush()
}

// affString writes an organisation as an affiliation string, in one of a
// few forms that depend mostly on the organisation (one lab writes its
// address the same way) and sometimes on chance.
func affString(o GenOrg, r *rand.Rand) string {
	h := hash(o.Name)
	subject := genSubjects[(h>>8)%uint64(len(genSubjects))]
	if r.IntN(3) == 0 { // a second department of the same organisation
		subject = genSubjects[(h>>16)%uint64(len(genSubjects))]
	}
	unit := fmt.Sprintf(genUnits[(h>>24)%uint64(len(genUnits))], subject)
	name := o.Name
	if r.IntN(20) == 0 {
		name = strings.NewReplacer("University", "Univ.", "Institute", "Inst.", "Technology", "Technol.", "National", "Natl.").Replace(name)
	}
	parts := []string{name}
	v := (int(h%4) + r.IntN(3)) % 5
	if !o.Units && v != 2 {
		v = 4 // a company or an agency: its name, perhaps a country
	}
	switch v {
	case 0:
		parts = []string{unit, name}
	case 1:
		parts = append([]string{unit}, name)
		if o.City != "" {
			parts = append(parts, o.City)
		}
	case 2:
		if o.City != "" {
			parts = append(parts, o.City)
		}
	case 3:
		parts = append([]string{unit}, name)
		if o.City != "" {
			parts = append(parts, fmt.Sprintf("%s %d", o.City, 10000+h%90000))
		}
	}
	if o.Country != "" && r.IntN(2) == 0 {
		parts = append(parts, o.Country)
	}
	return strings.Join(parts, ", ")
}

func hash(s string) uint64 {
	f := fnv.New64a()
	f.Write([]byte(s))
	return f.Sum64()
}

// zipf draws ranks 0..n-1 with probability proportional to 1/(k+1)^s.
type zipf struct{ z *rand.Zipf }

func newZipf(r *rand.Rand, s float64, n int) zipf {
	if n < 1 {
		n = 1
	}
	return zipf{z: rand.NewZipf(r, s, 1, uint64(n-1))}
}

func (z zipf) next() int { return int(z.z.Uint64()) }

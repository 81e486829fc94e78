package evalset

import (
	"strings"
	"unicode"
)

// wosAbbrev is this package's own Web of Science / ISO 4 style table of
// word abbreviations, keyed by the lower-case full word. It is written
// independently of the engine's table on purpose: the set must not only
// contain the abbreviations the engine already knows.
var wosAbbrev = map[string]string{
	"university": "Univ", "universities": "Univ", "institute": "Inst", "institution": "Inst",
	"institutes": "Inst", "technology": "Technol", "technologies": "Technol", "technological": "Technol",
	"technical": "Tech", "national": "Natl", "academy": "Acad", "academia": "Acad", "sciences": "Sci",
	"science": "Sci", "scientific": "Sci", "engineering": "Engn", "aeronautics": "Aeronaut",
	"aeronautical": "Aeronaut", "astronautics": "Astronaut", "astronautical": "Astronaut",
	"defense": "Def", "defence": "Def", "polytechnical": "Polytech", "polytechnic": "Polytech",
	"laboratory": "Lab", "laboratories": "Labs", "center": "Ctr", "centre": "Ctr", "research": "Res",
	"electronic": "Elect", "electronics": "Elect", "electrical": "Elect", "electric": "Elect",
	"information": "Informat", "informatics": "Informat", "communication": "Commun", "communications": "Commun",
	"military": "Mil", "medical": "Med", "medicine": "Med", "physics": "Phys", "physical": "Phys",
	"chemical": "Chem", "chemistry": "Chem", "mechanics": "Mech", "mechanical": "Mech",
	"materials": "Mat", "material": "Mat", "computer": "Comp", "computing": "Comp",
	"computational": "Computat", "aerospace": "Aerosp", "aviation": "Aviat", "nuclear": "Nucl",
	"corporation": "Corp", "company": "Co", "limited": "Ltd", "group": "Grp", "industry": "Ind",
	"industries": "Ind", "industrial": "Ind", "manufacturing": "Mfg", "automation": "Automat",
	"telecommunications": "Telecommun", "telecommunication": "Telecommun", "mathematics": "Math",
	"mathematical": "Math", "biology": "Biol", "biological": "Biol", "environmental": "Environm",
	"environment": "Environm", "agricultural": "Agr", "agriculture": "Agr", "economics": "Econ",
	"economic": "Econ", "applied": "Appl", "advanced": "Adv", "optics": "Opt", "optical": "Opt",
	"precision": "Precis", "systems": "Syst", "system": "Syst", "navigation": "Nav",
	"development": "Dev", "shipbuilding": "Shipbldg", "geology": "Geol", "geological": "Geol",
	"petroleum": "Petr", "mining": "Min", "metallurgy": "Met", "metallurgical": "Met",
	"central": "Cent", "traditional": "Tradit", "pharmaceutical": "Pharmaceut", "hospital": "Hosp",
	"college": "Coll", "school": "Sch", "department": "Dept", "liberation": "Liberat",
	"logistics": "Logist", "logistical": "Logist", "logistic": "Logist", "strategic": "Strateg",
	"electromagnetic": "Electromagnet", "semiconductor": "Semicond", "semiconductors": "Semicond",
	"microelectronics": "Microelect", "photonics": "Photon", "structural": "Struct", "structures": "Struct",
	"international": "Int", "aerodynamics": "Aerodynam", "aerodynamic": "Aerodynam",
	"geophysics": "Geophys", "automotive": "Automot", "transportation": "Transportat",
	"construction": "Construct", "general": "Gen", "experimental": "Expt", "instruments": "Instrument",
	"instrumentation": "Instrumentat", "security": "Secur", "intelligent": "Intelligent",
	"energy": "Energy", "power": "Power", "artificial": "Artificial", "electro": "Electro",
	"optoelectronic": "Optoelect", "optoelectronics": "Optoelect", "engineer": "Engineer",
	"foreign": "Foreign", "studies": "Studies", "normal": "Normal", "finance": "Finance",
	"posts": "Posts", "peoples": "Peoples",
}

// wosDrop are the words Web of Science leaves out of organisation names.
var wosDrop = map[string]bool{"of": true, "the": true, "for": true, "in": true, "at": true, "on": true}

// wordRuns splits s into words and the separators between them, keeping
// both, so an abbreviation can rewrite words and keep commas and brackets.
func wordRuns(s string) []string {
	var out []string
	var cur strings.Builder
	isWord := func(r rune) bool {
		return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’' || r == '-'
	}
	inWord := false
	for _, r := range s {
		w := isWord(r)
		if cur.Len() > 0 && w != inWord {
			out = append(out, cur.String())
			cur.Reset()
		}
		inWord = w
		cur.WriteRune(r)
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}

// wosAbbreviate rewrites an English organisation name the way Web of
// Science prints it: table words abbreviated, "of"/"the"/"for" dropped,
// "and" written "&" (or dropped when ampersand is false), brackets removed,
// spaces collapsed. "National University of Defense Technology" gives "Natl
// Univ Def Technol".
func wosAbbreviate(name string, ampersand bool) string {
	name = stripParens(name)
	var b strings.Builder
	for _, run := range wordRuns(name) {
		r0 := []rune(run)[0]
		if !(unicode.IsLetter(r0) || unicode.IsDigit(r0)) {
			// keep commas and dashes as separators, everything else as space
			switch {
			case strings.Contains(run, ","):
				b.WriteString(", ")
			case strings.Contains(run, "&"):
				if ampersand {
					b.WriteString(" & ")
				} else {
					b.WriteString(" ")
				}
			default:
				b.WriteString(" ")
			}
			continue
		}
		low := strings.ToLower(run)
		switch {
		case wosDrop[low]:
			continue
		case low == "and":
			if ampersand {
				b.WriteString("&")
			}
			continue
		case low == "people's" || low == "people’s":
			b.WriteString("Peoples")
			continue
		}
		if a, ok := wosAbbrev[low]; ok {
			b.WriteString(a)
			continue
		}
		b.WriteString(run)
	}
	out := strings.Join(strings.Fields(b.String()), " ")
	out = strings.ReplaceAll(out, " ,", ",")
	out = strings.ReplaceAll(out, "& &", "&")
	out = strings.Trim(out, " ,&")
	return out
}

// genericWords are words that say what kind of body something is or what
// field it works in, not which body it is. A name made only of these (plus
// stopwords) is not distinctive enough to be a positive case, and such a
// token cannot make a registry org a "look-alike" of a listed one.
var genericWords = func() map[string]bool {
	m := map[string]bool{}
	for k := range wosAbbrev {
		m[k] = true
	}
	for k := range stopwords {
		m[k] = true
	}
	for k := range legalWords {
		m[k] = true
	}
	for _, w := range strings.Fields(`a an china chinese peoples people republic pla army navy naval air force
		rocket armed police key state lab labs no first second third fourth fifth sixth seventh eighth ninth
		tenth north south east west northern southern eastern western northeast northwest southeast southwest
		northeastern northwestern southeastern southwestern middle jiaotong jiao tong ligong keji shifan
		command commanding officer officers ordnance weapon weapons equipment missile missiles radar space
		satellite launch vehicle vehicles ship ships marine ocean sea underwater aircraft airborne engine engines
		design designing testing test control unmanned intelligence innovation academic graduate affiliated
		new high low energy power special support service services training flight flying staff political
		work warfare joint strategic strategy studies study program programme plan project talent talents
		scholar scholars trading trade import export investment development holding holdings branch office
		bureau administration ministry commission committee council association society federation
		foundation fund bank industry products product application applications software hardware network
		networks data digital cyber cyberspace quantum nano micro photonic photoelectric laser lasers optic
		electrooptic mechanical electromechanical automatic automation radio wireless mobile satellite
		communication integrated circuit circuits chip chips semiconductor devices device instrument
		health life bio biotech biotechnology pharmaceutical pharmaceuticals agricultural forestry fishery
		medical medicine hospital clinic clinical dental stomatological cancer tumor children maternal
		normal finance financial economics economy commerce business management law politics language
		languages foreign international sport sports art arts music film media culture cultural heritage
		education teachers vocational technical polytechnic science sciences technology technologies
		university college institute academy school center centre laboratory research engineering
		aeronautics astronautics aerospace aviation electronics electronic information computer
		computing physics chemistry chemical materials nuclear defense defence military national
		traditional petrochemical petroleum mining metallurgy geology geosciences geoscience
		environmental environment water resources resource earth atmospheric meteorological
		transport transportation railway railways road roads civil architecture construction
		electric electrical power grid energy oil gas coal steel iron metal metals nonferrous
		textile light food foods chemicals materials fine precision optics mechanics advanced applied
		general experimental remote sensing surveying mapping ecology ecological agriculture
		economic trading co ltd inc corp corporation company limited group`) {
		m[w] = true
	}
	return m
}()

// isGeneric reports whether a normalised token is generic (see
// genericWords), a number, or an ordinal like "54th".
func isGeneric(t string) bool {
	if genericWords[t] {
		return true
	}
	digits := 0
	for _, r := range t {
		if unicode.IsDigit(r) {
			digits++
		}
	}
	return digits > 0
}

// distinctiveTokens returns the tokens of a Latin-script name that are
// neither generic nor shorter than three letters.
func distinctiveTokens(name string) []string {
	var out []string
	for _, t := range tokens(name) {
		if hasHan(t) || isGeneric(t) || runeLen(t) < 3 {
			continue
		}
		out = append(out, t)
	}
	return out
}

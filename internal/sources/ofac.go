package sources

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// OFAC SDN list facts used on every entry.
const (
	ofacListName  = "OFAC SDN"
	ofacSourceURL = "https://sanctionslist.ofac.treas.gov/"
)

// ofacFiles names the files of OFAC's legacy CSV set by role.
var ofacFiles = []string{"sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"}

// ofacSet holds the open inputs of one OFAC CSV set; only sdn is required.
type ofacSet struct {
	sdn, add, alt, comments *input
}

// readOFACPaths accepts the folder holding the OFAC CSV set, or the CSV
// files themselves (sdn.csv required; add.csv, alt.csv and
// sdn_comments.csv optional, each missing one noted in the warnings).
func readOFACPaths(paths []string) (*result, error) {
	files := map[string]string{}
	if len(paths) == 1 {
		if st, err := os.Stat(paths[0]); err != nil {
			return nil, fmt.Errorf("read OFAC list: %w", err)
		} else if st.IsDir() {
			for _, f := range ofacFiles {
				p := filepath.Join(paths[0], f)
				if _, err := os.Stat(p); err == nil {
					files[f] = p
				}
			}
			if files["sdn.csv"] == "" {
				return nil, fmt.Errorf("read OFAC list: folder %s holds no sdn.csv", paths[0])
			}
		}
	}
	if len(files) == 0 {
		for _, p := range paths {
			b := strings.ToLower(filepath.Base(p))
			known := false
			for _, f := range ofacFiles {
				known = known || b == f
			}
			if !known {
				return nil, fmt.Errorf("read OFAC list: unexpected file %s (want a folder or %s)", p, strings.Join(ofacFiles, ", "))
			}
			if files[b] != "" {
				return nil, fmt.Errorf("read OFAC list: %s given twice (%s and %s)", b, files[b], p)
			}
			files[b] = p
		}
		if files["sdn.csv"] == "" {
			return nil, errors.New("read OFAC list: sdn.csv is required")
		}
	}
	var set ofacSet
	var closers []func() error
	var dones []func() fileHash
	defer func() {
		for _, c := range closers {
			c()
		}
	}()
	for _, f := range ofacFiles {
		p := files[f]
		if p == "" {
			continue
		}
		in, done, closeFn, err := openHashed(p)
		if err != nil {
			return nil, err
		}
		closers = append(closers, closeFn)
		dones = append(dones, done)
		switch f {
		case "sdn.csv":
			set.sdn = &in
		case "add.csv":
			set.add = &in
		case "alt.csv":
			set.alt = &in
		case "sdn_comments.csv":
			set.comments = &in
		}
	}
	res, err := readOFAC(set)
	if err != nil {
		return nil, err
	}
	for _, f := range ofacFiles {
		if files[f] == "" {
			res.warnf("OFAC set has no %s: its data is missing from this list", f)
		}
	}
	for _, d := range dones {
		res.hashes = append(res.hashes, d())
	}
	return res, nil
}

// ofacVal reads one OFAC cell: "-0-" (and a final "-0" cut short by the
// publisher) means empty.
func ofacVal(s string) string {
	s = strings.TrimSpace(s)
	if s == "-0-" || s == "-0" {
		return ""
	}
	return s
}

// ofacRows reads one OFAC CSV file, checking every row has at least min
// columns.
func ofacRows(in *input, min int, res *result, each func(rec []string, line int) error) error {
	if in == nil {
		return nil
	}
	data, recoded, err := csvText(*in)
	if err != nil {
		return err
	}
	if recoded {
		res.warnf("%s is not UTF-8: decoded as Windows-1252", in.Name)
	}
	rows := newCSVRows(in.Name, data, ',')
	for {
		rec, line, err := rows.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) < min {
			return lineErr(in.Name, line, "%d columns, want %d", len(rec), min)
		}
		if ofacVal(rec[0]) == "" {
			return lineErr(in.Name, line, "empty ent_num")
		}
		if err := each(rec, line); err != nil {
			return err
		}
	}
}

// readOFAC reads the OFAC legacy CSV set. Each sdn.csv row (ent_num,
// SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT,
// Vess_flag, Vess_owner, Remarks) becomes one entity with SourceID =
// ent_num and its name kept verbatim ("LAST, First" for people) as the
// primary name. alt.csv adds aliases (aka/nka) and former names (fka),
// add.csv addresses, and sdn_comments.csv continues the remarks. Programs
// like "SDGT] [IRGC" become one membership each. The remarks are kept
// whole and also mined for dates and places of birth, nationality,
// citizenship, gender, identifiers ("Passport X (Country)"), a.k.a. names
// and "Linked To:" relations.
func readOFAC(set ofacSet) (*result, error) {
	res := &result{name: "ofac_sdn"}
	comments := map[string]string{}
	err := ofacRows(set.comments, 2, res, func(rec []string, _ int) error {
		id := ofacVal(rec[0])
		// The comments file continues remarks cut at OFAC's field limit,
		// often mid-word, so the text is appended as is.
		comments[id] += strings.TrimRight(rec[1], " ")
		return nil
	})
	if err != nil {
		return nil, err
	}
	var bs []*builder
	var remarks []string
	index := map[string]int{}
	err = ofacRows(set.sdn, 12, res, func(rec []string, line int) error {
		id := ofacVal(rec[0])
		kind := watchlist.KindOrganization
		typ := strings.ToLower(ofacVal(rec[2]))
		switch typ {
		case "individual":
			kind = watchlist.KindPerson
		case "vessel":
			kind = watchlist.KindVessel
		case "aircraft":
			kind = watchlist.KindOther
		case "":
		default:
			kind = watchlist.KindOther
		}
		b := newBuilder(id, kind)
		b.name(ofacVal(rec[1]), watchlist.NamePrimary, "")
		if !b.hasNames() {
			return lineErr(set.sdn.Name, line, "entry %s has no name", id)
		}
		if typ != "" {
			b.attr("sdn_type", typ)
		}
		programs := ofacPrograms(ofacVal(rec[3]))
		for _, p := range programs {
			b.membership(watchlist.Membership{List: ofacListName, Program: p, SourceURL: ofacSourceURL})
		}
		if len(programs) == 0 {
			b.membership(watchlist.Membership{List: ofacListName, SourceURL: ofacSourceURL})
		}
		b.attr("title", ofacVal(rec[4]))
		if cs := ofacVal(rec[5]); cs != "" {
			b.identifier("Call Sign", cs)
		}
		for i, key := range []string{"vessel_type", "tonnage", "gross_registered_tonnage", "vessel_flag", "vessel_owner"} {
			b.attr(key, ofacVal(rec[6+i]))
		}
		if _, dup := index[id]; !dup {
			index[id] = len(bs)
		}
		bs = append(bs, b)
		remarks = append(remarks, ofacVal(rec[11]))
		return nil
	})
	if err != nil {
		return nil, err
	}
	orphans := map[string]int{}
	err = ofacRows(set.alt, 4, res, func(rec []string, _ int) error {
		i, ok := index[ofacVal(rec[0])]
		if !ok {
			orphans["alt.csv"]++
			return nil
		}
		b := bs[i]
		name := ofacVal(rec[3])
		switch strings.ToLower(strings.Trim(ofacVal(rec[2]), ". ")) {
		case "fka", "f.k.a":
			b.name(name, watchlist.NameFormer, "")
		default: // aka, nka (the name now used), and anything new
			b.alias(name)
		}
		if len(rec) > 4 && ofacVal(rec[4]) != "" {
			b.remark(fmt.Sprintf("Alias %s: %s", name, ofacVal(rec[4])))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = ofacRows(set.add, 5, res, func(rec []string, _ int) error {
		i, ok := index[ofacVal(rec[0])]
		if !ok {
			orphans["add.csv"]++
			return nil
		}
		street, city, ctry := ofacVal(rec[2]), ofacVal(rec[3]), ofacVal(rec[4])
		text := joinNonEmpty(", ", street, city, ctry)
		bs[i].address(watchlist.Address{Text: text, City: city, Country: countryCode(ctry)})
		if len(rec) > 5 && ofacVal(rec[5]) != "" {
			bs[i].remark("Address note: " + ofacVal(rec[5]))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for id := range comments {
		if _, ok := index[id]; !ok {
			orphans["sdn_comments.csv"]++
		}
	}
	for _, f := range ofacFiles {
		if n := orphans[f]; n > 0 {
			res.warnf("%s: %d rows name an ent_num that is not in sdn.csv; they were skipped", f, n)
		}
	}
	byName := map[string]string{}
	for _, b := range bs {
		n := b.e.PrimaryName()
		if _, seen := byName[n]; seen {
			byName[n] = "" // ambiguous: leave the link by name only
		} else {
			byName[n] = b.e.SourceID
		}
	}
	res.entities = make([]watchlist.Entity, len(bs))
	for i, b := range bs {
		rem := remarks[i]
		if first, ok := index[b.e.SourceID]; ok && first == i {
			rem += comments[b.e.SourceID]
		}
		if rem != "" {
			// The remark goes first: it is the record's own text.
			b.e.Remarks = append([]string{rem}, b.e.Remarks...)
			parseOFACRemarks(b, rem, byName)
		}
		res.entities[i] = b.e
	}
	return res, nil
}

// ofacPrograms splits OFAC's bracketed program list: "SDGT] [IRGC" gives
// SDGT and IRGC.
func ofacPrograms(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "]") {
		if p = strings.Trim(p, " [];"); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func joinNonEmpty(sep string, parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, sep)
}

// ofacIDSchemes are the identifier labels OFAC remarks use, matched as
// prefixes (longest first) of a remark clause: "Passport A123 (Iran)".
var ofacIDSchemes = sortedByLength([]string{
	"Passport", "Diplomatic Passport", "Passport Booklet", "Cedula No.", "NIT #", "R.F.C.", "R.F.C. #", "RFC",
	"C.U.R.P.", "C.U.R.P. #", "Vessel Registration Identification", "National ID No.", "Registration ID",
	"RUC #", "Folio Mercantil No.", "Tax ID No.", "Matricula Mercantil No", "Identification Number", "MMSI",
	"Government Gazette Number", "Registration Number", "D.N.I.", "Business Registration Document #",
	"Company Number", "Commercial Registry Number", "Trade License No.", "Electoral Registry No.",
	"D-U-N-S Number", "RIF #", "Driver's License No.", "SWIFT/BIC", "V.A.T. Number", "Italian Fiscal Code",
	"Credencial electoral", "C.R. No.", "Cartilla de Servicio Militar Nacional", "US FEIN", "SSN",
	"Personal ID Card", "UK Company Number", "Public Registration Number", "RTN", "National Foreign ID Number",
	"I.F.E.", "Email Address", "Registered Charity No.", "LE Number", "Chinese Commercial Code",
	"Birth Certificate Number", "Chamber of Commerce Number", "Certificate of Incorporation Number", "C.U.I.P.",
	"Numero de Identidad", "Travel Document Number", "Residency Number", "Legal Entity Number",
	"Citizen's Card Number", "Business Registration Number", "C.I.F.", "C.U.I.T.", "Tazkira National ID Card",
	"Kenyan ID No.", "Pilot License Number", "Aircraft Tail Number", "Business Number", "Website",
	"Phone Number", "Telephone", "Telephone No.", "Fax", "Fax No.", "Phone No.", "Immigration No.",
	"Turkish Identificiation Number", "Turkish Identification Number", "Branch Unit Number",
	"Dubai Chamber of Commerce Membership No.", "Serial No.", "License", "VisaNumberID",
	"Afghan Money Service Provider License Number", "Aircraft Manufacturer's Serial Number (MSN)",
	"LEI", "Equity Ticker", "ISIN", "Digital Currency Address - XBT", "Digital Currency Address - ETH",
	"Digital Currency Address - XMR", "Digital Currency Address - LTC", "Digital Currency Address - USDT",
	"Digital Currency Address - ZEC", "Digital Currency Address - DASH", "Digital Currency Address - BTG",
	"Digital Currency Address - ETC", "Digital Currency Address - BSV", "Digital Currency Address - BCH",
	"Digital Currency Address - XVG", "Digital Currency Address - TRX", "Digital Currency Address - USDC",
	"Digital Currency Address - ARB", "Digital Currency Address - BSC",
})

// ofacAttrPrefixes are remark clauses kept as attributes: label prefix to
// attribute key.
var ofacAttrPrefixes = []struct{ prefix, key string }{
	{"DOB ", "date_of_birth"},
	{"POB ", "place_of_birth"},
	{"nationality ", "nationality"},
	{"citizen ", "citizenship"},
	{"Gender ", "gender"},
	{"Aircraft Model ", "aircraft_model"},
	{"Aircraft Manufacture Date ", "aircraft_manufacture_date"},
	{"Aircraft Operator ", "aircraft_operator"},
	{"Aircraft Construction Number (also called L/N or S/N or F/N) ", "aircraft_construction_number"},
	{"Aircraft Mode S Transponder Code ", "aircraft_mode_s_transponder_code"},
	{"Vessel Year of Build ", "vessel_year_of_build"},
	{"Former Vessel Flag ", "former_vessel_flag"},
	{"Additional Sanctions Information - ", "additional_sanctions_information"},
	{"Organization Established Date ", "organization_established_date"},
	{"Organization Type: ", "organization_type"},
	{"Target Type ", "target_type"},
}

func sortedByLength(s []string) []string {
	sort.SliceStable(s, func(i, j int) bool { return len(s[i]) > len(s[j]) })
	return s
}

// parseOFACRemarks mines one entry's remarks for structured facts. It
// adds; it never removes: the remark text itself stays in Remarks.
func parseOFACRemarks(b *builder, text string, byName map[string]string) {
	// The remarks end with a full stop; clauses are ";"-separated. A name
	// at the end may end in an abbreviation's dot too ("S.A."), so a name
	// is looked up with and without it.
	text = strings.TrimSuffix(strings.TrimSpace(text), ".")
	for _, part := range strings.Split(text, ";") {
		p := strings.TrimSpace(part)
		p = strings.TrimPrefix(p, "alt. ")
		if p == "" {
			continue
		}
		if name, kind, ok := ofacAKA(p); ok {
			if kind == watchlist.NameFormer {
				b.name(name, watchlist.NameFormer, "")
			} else {
				b.alias(name)
			}
			continue
		}
		if rest, ok := strings.CutPrefix(p, "Linked To: "); ok {
			rest = strings.TrimSpace(rest)
			if _, ok := byName[rest]; !ok {
				if _, ok := byName[rest+"."]; ok {
					rest += "."
				}
			}
			r := watchlist.Relation{Type: watchlist.RelRelated, TargetName: rest, Role: "linked to"}
			if id := byName[rest]; id != "" && id != b.e.SourceID {
				r.Target = id
			}
			b.relation(r)
			continue
		}
		if ofacAttr(b, p) {
			continue
		}
		if scheme, value, country, ok := ofacIdentifier(p); ok {
			if country != "" {
				scheme += " (" + country + ")"
			}
			b.identifier(scheme, value)
			continue
		}
		if k, v, ok := strings.Cut(p, ":"); ok && len(k) <= 80 && strings.TrimSpace(v) != "" && !strings.Contains(k, "http") {
			if key := snakeKey(k); key != "" {
				b.attr(key, v)
			}
		}
	}
}

// ofacAKA recognises "a.k.a. 'NAME'" and "f.k.a. 'NAME'" clauses.
func ofacAKA(p string) (name string, kind watchlist.NameKind, ok bool) {
	for _, m := range []struct {
		prefix string
		kind   watchlist.NameKind
	}{{"a.k.a. ", watchlist.NameAlias}, {"f.k.a. ", watchlist.NameFormer}, {"n.k.a. ", watchlist.NameAlias}} {
		if rest, found := strings.CutPrefix(p, m.prefix); found {
			rest = strings.Trim(strings.TrimSpace(rest), "'\"‘’")
			if rest != "" {
				return rest, m.kind, true
			}
		}
	}
	return "", "", false
}

func ofacAttr(b *builder, p string) bool {
	for _, a := range ofacAttrPrefixes {
		if rest, ok := strings.CutPrefix(p, a.prefix); ok {
			b.attr(a.key, rest)
			switch a.key {
			case "nationality", "citizenship":
				b.countryName(rest)
			}
			return true
		}
	}
	return false
}

// ofacIdentifier splits "Passport A123 (Iran) issued 2001" into scheme
// "Passport", value "A123" and country "Iran".
func ofacIdentifier(p string) (scheme, value, country string, ok bool) {
	for _, s := range ofacIDSchemes {
		rest, found := strings.CutPrefix(p, s+" ")
		if !found {
			continue
		}
		value = rest
		if i := strings.Index(rest, " ("); i > 0 {
			value = rest[:i]
			if j := strings.Index(rest[i:], ")"); j > 0 {
				country = strings.TrimSpace(rest[i+2 : i+j])
			}
		}
		for _, cut := range []string{" issued ", " expires ", " Issue Date ", " Expiration Date "} {
			if i := strings.Index(value, cut); i > 0 {
				value = value[:i]
			}
		}
		value = strings.TrimSpace(value)
		if value == "" {
			return "", "", "", false
		}
		return s, value, country, true
	}
	return "", "", "", false
}

package sources

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// ftmRecord is one FollowTheMoney entity as OpenSanctions bulk files
// write it, one JSON object a line.
type ftmRecord struct {
	ID         string                     `json:"id"`
	Schema     string                     `json:"schema"`
	Caption    string                     `json:"caption"`
	Properties map[string]json.RawMessage `json:"properties"`
	Datasets   []string                   `json:"datasets"`
	Referents  []string                   `json:"referents"`
	Target     *bool                      `json:"target"`
	FirstSeen  string                     `json:"first_seen"`
	LastChange string                     `json:"last_change"`
	LastSeen   string                     `json:"last_seen"`

	props map[string][]string // Properties as strings, filled by parse
}

// ftmPartySchemas are the FtM schemas read as listed parties, with the
// kind each becomes.
var ftmPartySchemas = map[string]watchlist.Kind{
	"Person": watchlist.KindPerson, "Organization": watchlist.KindOrganization,
	"Company": watchlist.KindOrganization, "LegalEntity": watchlist.KindOrganization,
	"PublicBody": watchlist.KindOrganization, "Vessel": watchlist.KindVessel,
	"Airplane": watchlist.KindOther, "Asset": watchlist.KindOther, "Vehicle": watchlist.KindOther,
	"Security": watchlist.KindOther, "CryptoWallet": watchlist.KindOther, "RealEstate": watchlist.KindOther,
}

// ftmLink describes a relationship schema: which properties hold the two
// ends, the relation each end gets, and the default wording per side.
type ftmLink struct {
	subj, obj         string
	subjType, objType watchlist.RelationType
	subjRole, objRole string
}

var ftmLinks = map[string]ftmLink{
	"Ownership":      {"owner", "asset", watchlist.RelSubsidiary, watchlist.RelOwner, "owner of", "owned by"},
	"Directorship":   {"director", "organization", watchlist.RelRelated, watchlist.RelRelated, "director of", "director"},
	"Membership":     {"member", "organization", watchlist.RelRelated, watchlist.RelRelated, "member of", "member"},
	"Employment":     {"employee", "employer", watchlist.RelRelated, watchlist.RelRelated, "employee of", "employer of"},
	"Associate":      {"person", "associate", watchlist.RelRelated, watchlist.RelRelated, "associate of", "associate of"},
	"Family":         {"person", "relative", watchlist.RelRelated, watchlist.RelRelated, "relative of", "relative of"},
	"UnknownLink":    {"subject", "object", watchlist.RelRelated, watchlist.RelRelated, "linked to", "linked from"},
	"Succession":     {"predecessor", "successor", watchlist.RelRelated, watchlist.RelRelated, "predecessor of", "successor of"},
	"Representation": {"agent", "client", watchlist.RelRelated, watchlist.RelRelated, "agent of", "client of"},
}

// ftmIDProps maps FtM identifier properties to the scheme label used in
// Identifiers.
var ftmIDProps = map[string]string{
	"registrationNumber": "Registration Number", "innCode": "INN", "ogrnCode": "OGRN", "kppCode": "KPP",
	"okpoCode": "OKPO", "leiCode": "LEI", "imoNumber": "IMO", "mmsi": "MMSI", "swiftBic": "SWIFT/BIC",
	"taxNumber": "Tax Number", "vatCode": "VAT", "idNumber": "ID Number", "passportNumber": "Passport",
	"uniqueEntityId": "SAM UEI", "permId": "PermID", "dunsCode": "DUNS", "bikCode": "BIK", "icijId": "ICIJ ID",
	"wikidataId": "Wikidata", "callSign": "Call Sign", "npiCode": "NPI", "ricCode": "RIC", "isin": "ISIN",
	"cageCode": "CAGE", "socialSecurityNumber": "SSN", "serialNumber": "Serial Number",
	"email": "Email Address", "phone": "Phone Number", "website": "Website", "registrationId": "Registration ID",
}

// ftmCountryProps add to Countries; ftmRenamed keep a common attribute
// key across readers.
var (
	ftmCountryProps = []string{"country", "jurisdiction", "mainCountry", "nationality", "citizenship", "flag"}
	ftmRenamed      = map[string]string{"birthDate": "date_of_birth", "birthPlace": "place_of_birth",
		"nationality": "nationality", "citizenship": "citizenship", "gender": "gender", "position": "position"}
)

// ftmState gathers records across the files of one FtM read: parties in
// source order, and the records (addresses, sanctions, links) applied to
// them once every party is known.
type ftmState struct {
	res       *result
	parties   []*ftmParty
	index     map[string]int
	addresses map[string]*ftmRecord
	sanctions []*ftmRecord
	links     []*ftmRecord
	skipped   map[string]int
	datasets  map[string]bool // datasets every record so far shares
	records   int
}

type ftmParty struct {
	b            *builder
	addrEntities []string
	parents      []string
}

// readFtMPaths reads one or more FtM JSON-lines files as one list, so
// links and sanctions may refer to entities in another of the files.
func readFtMPaths(paths []string, maxLine int) (*result, error) {
	st := newFtMState()
	var hashes []fileHash
	for _, p := range paths {
		in, done, closeFn, err := openHashed(p)
		if err != nil {
			return nil, err
		}
		err = st.scan(in, maxLine)
		if err == nil {
			hashes = append(hashes, done())
		}
		closeFn()
		if err != nil {
			return nil, err
		}
	}
	res := st.finish(baseName(paths[0]))
	res.hashes = hashes
	return res, nil
}

// readFtM reads FtM records from already open inputs (tests and fuzzing).
func readFtM(ins []input, maxLine int) (*result, error) {
	st := newFtMState()
	for _, in := range ins {
		if err := st.scan(in, maxLine); err != nil {
			return nil, err
		}
	}
	name := ""
	if len(ins) > 0 {
		name = baseName(ins[0].Name)
	}
	return st.finish(name), nil
}

func newFtMState() *ftmState {
	return &ftmState{res: &result{}, index: map[string]int{}, addresses: map[string]*ftmRecord{}, skipped: map[string]int{}}
}

// scan streams one file line by line. Lines may be long (OpenSanctions
// writes every name and note of an entity on one line) but not longer
// than maxLine bytes; blank lines are skipped.
func (st *ftmState) scan(in input, maxLine int) error {
	if maxLine <= 0 {
		maxLine = DefaultMaxLineBytes
	}
	br := bufio.NewReaderSize(in.R, 64<<10)
	var buf []byte
	n := 0
	before := st.records
	for {
		chunk, err := br.ReadSlice('\n')
		if len(buf)+len(chunk) > maxLine {
			return lineErr(in.Name, n+1, "line longer than %d bytes", maxLine)
		}
		if err == bufio.ErrBufferFull {
			buf = append(buf, chunk...)
			continue
		}
		if err != nil && err != io.EOF {
			return fmt.Errorf("read %s line %d: %w", in.Name, n+1, err)
		}
		line := chunk
		if len(buf) > 0 {
			buf = append(buf, chunk...)
			line = buf
		}
		if len(line) > 0 {
			n++
			if perr := st.line(in.Name, n, line); perr != nil {
				return perr
			}
		}
		buf = buf[:0]
		if err == io.EOF {
			if st.records == before {
				return fmt.Errorf("read %s: no FtM records", in.Name)
			}
			return nil
		}
	}
}

// line parses one JSON line and files the record.
func (st *ftmState) line(name string, n int, line []byte) error {
	line = bytes.TrimSpace(line)
	if len(line) == 0 {
		return nil
	}
	if !utf8.Valid(line) {
		return lineErr(name, n, "invalid UTF-8")
	}
	rec := &ftmRecord{}
	if err := json.Unmarshal(line, rec); err != nil {
		return lineErr(name, n, "bad FtM JSON: %w", err)
	}
	if strings.TrimSpace(rec.ID) == "" || strings.TrimSpace(rec.Schema) == "" {
		return lineErr(name, n, "FtM record without id or schema")
	}
	rec.props = make(map[string][]string, len(rec.Properties))
	for k, v := range rec.Properties {
		vals, err := ftmValues(v)
		if err != nil {
			return lineErr(name, n, "property %q: %w", k, err)
		}
		rec.props[k] = vals
	}
	st.records++
	st.noteDatasets(rec.Datasets)
	switch {
	case ftmPartySchemas[rec.Schema] != "":
		st.party(rec, ftmPartySchemas[rec.Schema])
	case rec.Schema == "Address":
		st.addresses[rec.ID] = rec
		for _, r := range rec.Referents {
			if _, taken := st.addresses[r]; !taken {
				st.addresses[r] = rec
			}
		}
	case rec.Schema == "Sanction":
		st.sanctions = append(st.sanctions, rec)
	case ftmLinks[rec.Schema].subj != "":
		st.links = append(st.links, rec)
	case rec.Schema == "Passport" || rec.Schema == "Identification":
		st.links = append(st.links, rec)
	case len(rec.props["name"]) > 0:
		// A schema this reader does not know but that names a party
		// (a newer FtM Thing): keep it rather than lose it.
		st.party(rec, watchlist.KindOther)
	default:
		st.skipped[rec.Schema]++
	}
	return nil
}

// ftmValues reads a property's values: strings, or nested entities
// (objects with an id, as some FtM exports inline them) by their id.
func ftmValues(v json.RawMessage) ([]string, error) {
	v = bytes.TrimSpace(v)
	if len(v) > 0 && v[0] == '[' {
		var items []json.RawMessage
		if err := json.Unmarshal(v, &items); err != nil {
			return nil, err
		}
		var out []string
		for _, it := range items {
			it = bytes.TrimSpace(it)
			if len(it) > 0 && it[0] == '{' {
				var nested struct {
					ID string `json:"id"`
				}
				if err := json.Unmarshal(it, &nested); err == nil && nested.ID != "" {
					out = append(out, nested.ID)
					continue
				}
			}
			s, err := jsonStrings(it)
			if err != nil {
				return nil, err
			}
			out = append(out, s...)
		}
		return out, nil
	}
	return jsonStrings(v)
}

func (st *ftmState) noteDatasets(ds []string) {
	if st.datasets == nil {
		st.datasets = map[string]bool{}
		for _, d := range ds {
			st.datasets[d] = true
		}
		return
	}
	keep := map[string]bool{}
	for _, d := range ds {
		if st.datasets[d] {
			keep[d] = true
		}
	}
	st.datasets = keep
}

// party builds (or, for a repeated id, extends) one listed party.
func (st *ftmState) party(rec *ftmRecord, kind watchlist.Kind) {
	p := &ftmParty{b: newBuilder(rec.ID, kind)}
	if i, ok := st.index[rec.ID]; ok {
		p = st.parties[i] // FtM: one id is one entity, its statements merge
	} else {
		st.index[rec.ID] = len(st.parties)
		st.parties = append(st.parties, p)
	}
	b := p.b
	props := rec.props
	for _, n := range props["name"] {
		if !b.hasNames() {
			b.name(n, watchlist.NamePrimary, "")
		} else {
			b.name(n, watchlist.NameAlias, "")
		}
	}
	if !b.hasNames() {
		b.name(rec.Caption, watchlist.NamePrimary, "")
	}
	for _, n := range props["alias"] {
		b.alias(n)
	}
	for _, n := range props["weakAlias"] {
		b.alias(n)
		b.attr("weakAlias", n)
	}
	for _, n := range props["abbreviation"] {
		b.name(n, watchlist.NameAcronym, "")
	}
	for _, n := range props["previousName"] {
		b.name(n, watchlist.NameFormer, "")
	}
	if !b.hasNames() {
		// No name property at all: fall back on any other spelling.
		for _, k := range []string{"alias", "weakAlias", "previousName"} {
			if len(props[k]) > 0 {
				b.name(props[k][0], watchlist.NamePrimary, "")
				break
			}
		}
	}
	b.name(rec.Caption, watchlist.NameAlias, "")
	for _, k := range ftmCountryProps {
		for _, c := range props[k] {
			if len(c) == 2 {
				b.country(c)
			} else if code := countryCode(c); code != "" {
				b.country(code)
			}
		}
	}
	for _, a := range props["address"] {
		b.address(watchlist.Address{Text: a})
	}
	p.addrEntities = append(p.addrEntities, props["addressEntity"]...)
	p.parents = append(p.parents, props["parent"]...)
	for _, k := range []string{"notes", "summary", "description"} {
		for _, v := range props[k] {
			b.remark(v)
		}
	}
	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		switch k {
		case "name", "alias", "weakAlias", "abbreviation", "previousName", "address", "addressEntity",
			"parent", "notes", "summary", "description", "country", "jurisdiction", "mainCountry", "flag":
			continue
		}
		if scheme, ok := ftmIDProps[k]; ok {
			for _, v := range props[k] {
				b.identifier(scheme, v)
			}
			continue
		}
		key := k
		if r, ok := ftmRenamed[k]; ok {
			key = r
		}
		for _, v := range props[k] {
			b.attr(key, v)
		}
	}
	// Countries outside the alpha-2 set (FtM also uses codes such as
	// "suhh" for the USSR) are kept as attributes.
	for _, k := range ftmCountryProps {
		for _, c := range props[k] {
			if len(c) != 2 && countryCode(c) == "" {
				b.attr(k, c)
			}
		}
	}
	b.attr("schema", rec.Schema)
	for _, d := range rec.Datasets {
		b.attr("datasets", d)
	}
	for _, r := range rec.Referents {
		b.attr("referents", r)
	}
	if rec.Target != nil {
		b.attr("target", fmt.Sprint(*rec.Target))
	}
	// last_seen changes on every OpenSanctions run without the record
	// changing; keeping it would make every import look like a change.
	b.attr("first_seen", rec.FirstSeen)
	b.attr("last_change", rec.LastChange)
}

// finish applies addresses, parents, sanctions and links to the parties
// and returns them in source order.
func (st *ftmState) finish(fallbackName string) *result {
	res := st.res
	res.name = fallbackName
	if len(st.datasets) > 0 {
		ds := make([]string, 0, len(st.datasets))
		for d := range st.datasets {
			ds = append(ds, d)
		}
		sort.Strings(ds)
		res.name = ds[0]
	}
	byName := map[string]string{}
	for _, p := range st.parties {
		n := p.b.e.PrimaryName()
		if _, seen := byName[n]; seen {
			byName[n] = ""
		} else {
			byName[n] = p.b.e.SourceID
		}
	}
	unresolvedAddr := 0
	for _, p := range st.parties {
		for _, id := range p.addrEntities {
			a, ok := st.addresses[id]
			if !ok {
				p.b.attr("addressEntity", id)
				unresolvedAddr++
				continue
			}
			ap := a.props
			full := first(ap["full"])
			if full == "" {
				full = joinNonEmpty(", ", first(ap["street"]), first(ap["postOfficeBox"]), first(ap["city"]),
					first(ap["region"]), first(ap["postalCode"]), first(ap["country"]))
			}
			ctry := first(ap["country"])
			if len(ctry) != 2 {
				ctry = countryCode(ctry)
			}
			p.b.address(watchlist.Address{Text: full, City: first(ap["city"]), Country: ctry})
		}
		for _, parent := range p.parents {
			r := watchlist.Relation{Type: watchlist.RelParent, Role: "parent"}
			target := ""
			if _, ok := st.index[parent]; ok {
				target = parent
			} else if id := byName[clean(parent)]; id != "" {
				target = id
				r.TargetName = clean(parent)
			} else {
				r.TargetName = parent
			}
			if target == p.b.e.SourceID {
				target = ""
				r.TargetName = parent
			}
			r.Target = target
			p.b.relation(r)
			if target != "" {
				st.parties[st.index[target]].b.relation(watchlist.Relation{Type: watchlist.RelSubsidiary, Target: p.b.e.SourceID, Role: "parent"})
			}
		}
	}
	if unresolvedAddr > 0 {
		res.warnf("%d addressEntity references name no Address record in the input; kept as addressEntity attributes", unresolvedAddr)
	}
	orphanSanctions := 0
	for _, s := range st.sanctions {
		placed := false
		for _, id := range s.props["entity"] {
			if i, ok := st.index[id]; ok {
				st.parties[i].b.membership(ftmMembership(s))
				placed = true
			}
		}
		if !placed {
			orphanSanctions++
		}
	}
	if orphanSanctions > 0 {
		res.warnf("%d Sanction records name no entity in the input; they were skipped", orphanSanctions)
	}
	orphanLinks := 0
	for _, l := range st.links {
		if !st.link(l) {
			orphanLinks++
		}
	}
	if orphanLinks > 0 {
		res.warnf("%d link records (ownership, directorship, identification ...) name no entity in the input; they were skipped", orphanLinks)
	}
	schemas := make([]string, 0, len(st.skipped))
	for s := range st.skipped {
		schemas = append(schemas, s)
	}
	sort.Strings(schemas)
	for _, s := range schemas {
		res.warnf("%d %s records are not parties or links and were skipped", st.skipped[s], s)
	}
	for _, p := range st.parties {
		if !p.b.hasNames() {
			res.warnf("FtM entity %s (%s) has no name and was skipped", p.b.e.SourceID, first(p.b.e.Attributes["schema"]))
			continue
		}
		res.entities = append(res.entities, p.b.e)
	}
	return res
}

func first(vs []string) string {
	if len(vs) == 0 {
		return ""
	}
	return vs[0]
}

// ftmMembership turns a Sanction into a membership: List is the
// authority (or the dataset), Program the program (or programId),
// ListedOn the listing or start date, and Reason the stated reason with
// provisions, status and end date so an ended listing reads as ended.
func ftmMembership(s *ftmRecord) watchlist.Membership {
	p := s.props
	list := strings.Join(p["authority"], "; ")
	if list == "" && len(s.Datasets) > 0 {
		list = s.Datasets[0]
	}
	program := strings.Join(p["program"], "; ")
	if program == "" {
		program = strings.Join(p["programId"], "; ")
	}
	listed := first(p["listingDate"])
	if listed == "" {
		listed = first(p["startDate"])
	}
	url := first(p["sourceUrl"])
	if url == "" {
		url = first(p["programUrl"])
	}
	var reason []string
	for _, k := range []string{"reason", "summary", "description"} {
		reason = append(reason, p[k]...)
	}
	if v := strings.Join(p["provisions"], "; "); v != "" {
		reason = append(reason, "Provisions: "+v)
	}
	if v := strings.Join(p["status"], "; "); v != "" {
		reason = append(reason, "Status: "+v)
	}
	if v := strings.Join(p["duration"], "; "); v != "" {
		reason = append(reason, "Duration: "+v)
	}
	if v := strings.Join(p["endDate"], "; "); v != "" {
		reason = append(reason, "Ends: "+v)
	}
	return watchlist.Membership{List: list, Program: program, Reason: strings.Join(reason, "; "), ListedOn: listed, SourceURL: url}
}

// link applies one relationship record to whichever of its ends are
// parties here; the relation keeps the other end's id even when that
// entity is not in the input (it may be in another dataset). It reports
// whether any end was found.
func (st *ftmState) link(rec *ftmRecord) bool {
	p := rec.props
	if rec.Schema == "Passport" || rec.Schema == "Identification" {
		num := first(p["number"])
		placed := false
		for _, h := range p["holder"] {
			if i, ok := st.index[h]; ok {
				placed = true
				scheme := joinNonEmpty(" ", rec.Schema, first(p["type"]))
				if c := first(p["country"]); c != "" {
					scheme += " (" + c + ")"
				}
				st.parties[i].b.identifier(scheme, num)
			}
		}
		return placed
	}
	l := ftmLinks[rec.Schema]
	role := strings.Join(append(append([]string{}, p["role"]...), p["relationship"]...), "; ")
	var quals []string
	if v := first(p["percentage"]); v != "" {
		quals = append(quals, strings.TrimSuffix(v, "%")+"%")
	}
	if v := first(p["startDate"]); v != "" {
		quals = append(quals, "from "+v)
	}
	if v := first(p["endDate"]); v != "" {
		quals = append(quals, "ended "+v)
	}
	wording := func(side string) string {
		s := side
		if role != "" {
			s += ": " + role
		}
		if len(quals) > 0 {
			s += " (" + strings.Join(quals, ", ") + ")"
		}
		return s
	}
	placed := false
	for _, subj := range p[l.subj] {
		for _, obj := range p[l.obj] {
			if subj == obj {
				continue
			}
			if i, ok := st.index[subj]; ok {
				st.parties[i].b.relation(watchlist.Relation{Type: l.subjType, Target: obj, Role: wording(l.subjRole)})
				placed = true
			}
			if i, ok := st.index[obj]; ok {
				st.parties[i].b.relation(watchlist.Relation{Type: l.objType, Target: subj, Role: wording(l.objRole)})
				placed = true
			}
		}
	}
	return placed
}

package evalset

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// This file is a minimal, names-only reader of the shared list files. It
// exists so the evaluation set does not depend on the engine's own readers
// (built in parallel): it extracts names, countries, addresses and parents
// and nothing else.

// List names used in ListedEntity.List.
const (
	ListASPI     = "aspi"
	List1286     = "us_section_1286"
	List1260H    = "us_dod_chinese_milcorps"
	ListCSL      = "csl"
	ListOFAC     = "ofac"
	ListUN       = "un"
	maxLineBytes = 64 << 20
)

// LoadListed reads every list the screening targets name (ASPI, Section
// 1286, 1260H, CSL, OFAC, UN) from a data directory laid out like the
// shared data folder (lists/aspi/..., lists/ftm/..., lists/csl/...,
// lists/ofac/..., lists/un/...). Parents named only by name (1260H's
// parent property) are resolved to a SourceID in the same list when a
// record carries that name.
func LoadListed(dataDir string) ([]ListedEntity, error) {
	lists := filepath.Join(dataDir, "lists")
	var all []ListedEntity
	add := func(es []ListedEntity, err error) error {
		if err != nil {
			return err
		}
		all = append(all, es...)
		return nil
	}
	steps := []func() error{
		func() error {
			return add(readFile(filepath.Join(lists, "aspi", "china-defence-universities.json"), readASPI))
		},
		func() error {
			return add(readFile(filepath.Join(lists, "ftm", "us_section_1286.ftm.json"), ftmReader(List1286)))
		},
		func() error {
			return add(readFile(filepath.Join(lists, "ftm", "us_dod_chinese_milcorps.ftm.json"), ftmReader(List1260H)))
		},
		func() error { return add(readFile(filepath.Join(lists, "csl", "consolidated.csv"), readCSL)) },
		func() error { return add(readOFACDir(filepath.Join(lists, "ofac"))) },
		func() error { return add(readFile(filepath.Join(lists, "un", "consolidated.xml"), readUN)) },
	}
	for _, s := range steps {
		if err := s(); err != nil {
			return nil, err
		}
	}
	return all, nil
}

// readFile opens path and hands it to parse, which names the file in its
// errors.
func readFile(path string, parse func(r io.Reader, name string) ([]ListedEntity, error)) ([]ListedEntity, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open list: %w", err)
	}
	defer f.Close()
	return parse(f, path)
}

// addName appends a trimmed, non-empty, not yet present name.
func addName(names []string, n string) []string {
	n = strings.Join(strings.Fields(n), " ")
	if n == "" {
		return names
	}
	for _, x := range names {
		if x == n {
			return names
		}
	}
	return append(names, n)
}

// addBilingual adds the English and Chinese parts of an "English (中文)"
// value as separate names, plus the Chinese part alone.
func addBilingual(names []string, v string) []string {
	en, zh := splitBilingual(v)
	names = addName(names, en)
	// "甲实验室/乙实验室" gives two Chinese names of one body.
	for _, part := range strings.FieldsFunc(zh, func(r rune) bool { return r == '/' || r == '／' }) {
		names = addName(names, part)
	}
	return names
}

// stringList decodes a JSON value that is a string or a list of strings
// (list files are inconsistent about it). Other shapes give nil.
func stringList(raw json.RawMessage) []string {
	if len(raw) == 0 {
		return nil
	}
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []string{one}
	}
	var many []string
	if json.Unmarshal(raw, &many) == nil {
		return many
	}
	return nil
}

// readASPI reads the ASPI China Defence Universities Tracker in MISP galaxy
// form. Every institution and child is Chinese (it is a China tracker), so
// they get country "cn".
func readASPI(r io.Reader, name string) ([]ListedEntity, error) {
	var doc struct {
		Values []struct {
			Value string `json:"value"`
			UUID  string `json:"uuid"`
			Meta  map[string]json.RawMessage
		} `json:"values"`
	}
	if err := json.NewDecoder(r).Decode(&doc); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	var out []ListedEntity
	for i, v := range doc.Values {
		if strings.TrimSpace(v.Value) == "" || strings.TrimSpace(v.UUID) == "" {
			return nil, fmt.Errorf("read %s value %d: missing value or uuid", name, i)
		}
		e := ListedEntity{List: ListASPI, SourceID: v.UUID, Kind: string(watchlist.KindOrganization), Countries: []string{"cn"}}
		e.Names = addBilingual(e.Names, v.Value)
		for _, a := range stringList(v.Meta["aliases"]) {
			e.Names = addBilingual(e.Names, a)
		}
		e.Addresses = stringList(v.Meta["address"])
		out = append(out, e)
		for _, child := range []struct{ key, tag string }{{"subsidiaries", "sub"}, {"major defence laboratories", "lab"}} {
			var prev *ListedEntity
			for j, c := range stringList(v.Meta[child.key]) {
				// "Aka X" names the item before it; other remarks
				// ("Jointly run with ...") are not bodies of their own.
				if rest, ok := cutAka(c); ok {
					if prev != nil {
						prev.Names = addBilingual(prev.Names, rest)
					}
					continue
				}
				if en, _ := splitBilingual(c); isProse(en) {
					continue
				}
				ce := ListedEntity{
					List: ListASPI, SourceID: fmt.Sprintf("%s/%s/%d", v.UUID, child.tag, j),
					Kind: string(watchlist.KindOrganization), Countries: []string{"cn"},
					Addresses: e.Addresses, ParentSourceID: v.UUID,
				}
				ce.Names = addBilingual(nil, c)
				if len(ce.Names) > 0 {
					out = append(out, ce)
					prev = &out[len(out)-1]
				}
			}
		}
	}
	return out, nil
}

// cutAka strips a leading "aka"/"a.k.a." from a tracker item.
func cutAka(s string) (string, bool) {
	t := strings.TrimSpace(s)
	low := strings.ToLower(t)
	for _, p := range []string{"a.k.a. ", "aka ", "aka: ", "also known as "} {
		if strings.HasPrefix(low, p) {
			return strings.TrimSpace(t[len(p):]), true
		}
	}
	return "", false
}

// ftmKinds maps FtM schemata of things (not interval schemata such as
// Sanction or Ownership) to entity kinds.
var ftmKinds = map[string]watchlist.Kind{
	"Organization": watchlist.KindOrganization, "Company": watchlist.KindOrganization,
	"LegalEntity": watchlist.KindOrganization, "PublicBody": watchlist.KindOrganization,
	"Person": watchlist.KindPerson, "Vessel": watchlist.KindVessel, "Airplane": watchlist.KindOther,
}

// ftmReader returns a reader of FtM JSON lines for the named list. 1260H's
// parent is a name; it is kept in parentName and resolved by LoadListed.
func ftmReader(list string) func(io.Reader, string) ([]ListedEntity, error) {
	return func(r io.Reader, name string) ([]ListedEntity, error) {
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 0, 1<<20), maxLineBytes)
		var out []ListedEntity
		line := 0
		for sc.Scan() {
			line++
			b := bytes.TrimSpace(sc.Bytes())
			if len(b) == 0 {
				continue
			}
			if !utf8.Valid(b) {
				return nil, fmt.Errorf("read %s line %d: invalid UTF-8", name, line)
			}
			var rec struct {
				ID         string              `json:"id"`
				Schema     string              `json:"schema"`
				Properties map[string][]string `json:"properties"`
			}
			if err := json.Unmarshal(b, &rec); err != nil {
				return nil, fmt.Errorf("read %s line %d: %w", name, line, err)
			}
			kind, ok := ftmKinds[rec.Schema]
			if !ok {
				continue
			}
			if rec.ID == "" {
				return nil, fmt.Errorf("read %s line %d: %s entity without id", name, line, rec.Schema)
			}
			e := ListedEntity{List: list, SourceID: rec.ID, Kind: string(kind)}
			for _, p := range []string{"name", "alias", "previousName", "weakAlias"} {
				for _, n := range rec.Properties[p] {
					e.Names = addName(e.Names, n)
				}
			}
			if len(e.Names) == 0 {
				return nil, fmt.Errorf("read %s line %d: entity %s has no name", name, line, rec.ID)
			}
			for _, p := range []string{"country", "jurisdiction", "nationality"} {
				for _, c := range rec.Properties[p] {
					e.Countries = addName(e.Countries, countryCode(c))
				}
			}
			e.Addresses = rec.Properties["address"]
			if ps := rec.Properties["parent"]; len(ps) > 0 {
				e.parentName = ps[0]
			}
			out = append(out, e)
		}
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("read %s after line %d: %w", name, line, err)
		}
		return resolveParents(out), nil
	}
}

// resolveParents sets ParentSourceID from parentName where another record
// of the same list carries that name.
func resolveParents(es []ListedEntity) []ListedEntity {
	byName := map[string]string{}
	for _, e := range es {
		for _, n := range e.Names {
			if k := normKey(n); k != "" {
				if _, dup := byName[k]; !dup {
					byName[k] = e.SourceID
				}
			}
		}
	}
	for i := range es {
		if es[i].parentName == "" || es[i].ParentSourceID != "" {
			continue
		}
		if id, ok := byName[normKey(es[i].parentName)]; ok && id != es[i].SourceID {
			es[i].ParentSourceID = id
		}
	}
	return es
}

// countryNames maps country names the list files use to ISO codes.
var countryNames = map[string]string{
	"china": "cn", "people's republic of china": "cn", "prc": "cn",
	"china, hong kong special administrative region": "hk", "hong kong": "hk",
	"china, macao special administrative region": "mo", "macau": "mo", "macao": "mo",
	"taiwan": "tw", "russia": "ru", "russian federation": "ru", "iran": "ir",
	"iran (islamic republic of)": "ir", "north korea": "kp", "korea, north": "kp",
	"democratic people's republic of korea": "kp", "united states": "us", "united kingdom": "gb",
}

// countryCode turns a country name or code into a lower-case ISO code when
// it knows it, or the lower-case name otherwise.
func countryCode(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if c, ok := countryNames[s]; ok {
		return c
	}
	return s
}

// readCSL reads the Consolidated Screening List as CSV (older layout, or
// the newer one with a leading _id column) or as the JSON download
// ({"results": [...]}); the format is told from the first byte.
func readCSL(r io.Reader, name string) ([]ListedEntity, error) {
	br := bufio.NewReader(r)
	for {
		b, err := br.Peek(1)
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, fmt.Errorf("read %s: empty file", name)
			}
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		if b[0] == ' ' || b[0] == '\n' || b[0] == '\r' || b[0] == '\t' {
			_, _ = br.ReadByte()
			continue
		}
		if b[0] == '{' {
			return readCSLJSON(br, name)
		}
		return readCSLCSV(br, name)
	}
}

// cslRow is one CSL record in either format, reduced to what we use.
type cslRow struct {
	source, entityNumber, id, typ, name string
	altNames, addresses                 []string
}

// contentID is the id of a record its source gives none: "h" and the
// first 16 hex digits of the SHA-256 of the parts joined with NUL. It is
// stable when the file is reordered.
func contentID(parts ...string) string {
	h := sha256.New()
	for i, p := range parts {
		if i > 0 {
			h.Write([]byte{0})
		}
		h.Write([]byte(p))
	}
	return "h" + hex.EncodeToString(h.Sum(nil))[:16]
}

func (c cslRow) entity() ListedEntity {
	e := ListedEntity{List: ListCSL, SourceID: c.id}
	if e.SourceID == "" {
		e.SourceID = c.entityNumber
	}
	if e.SourceID == "" {
		e.SourceID = contentID(c.source, strings.Join(strings.Fields(c.name), " "), strings.Join(c.addresses, "; "))
	}
	switch strings.ToLower(c.typ) {
	case "individual":
		e.Kind = string(watchlist.KindPerson)
	case "vessel":
		e.Kind = string(watchlist.KindVessel)
	case "entity":
		e.Kind = string(watchlist.KindOrganization)
	default:
		e.Kind = string(watchlist.KindOther)
	}
	e.Names = addName(e.Names, c.name)
	for _, a := range c.altNames {
		e.Names = addName(e.Names, a)
	}
	for _, a := range c.addresses {
		a = strings.TrimSpace(a)
		if a == "" {
			continue
		}
		e.Addresses = append(e.Addresses, a)
		parts := strings.Split(a, ",")
		last := strings.TrimSpace(parts[len(parts)-1])
		if len(last) == 2 {
			e.Countries = addName(e.Countries, strings.ToLower(last))
		} else if c, ok := countryNames[strings.ToLower(last)]; ok {
			e.Countries = addName(e.Countries, c)
		}
	}
	return e
}

func splitSemi(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func readCSLCSV(r io.Reader, name string) ([]ListedEntity, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("read %s header: %w", name, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimPrefix(strings.TrimSpace(h), "\ufeff")] = i
	}
	if _, ok := col["name"]; !ok {
		return nil, fmt.Errorf("read %s header: no name column", name)
	}
	var out []ListedEntity
	for n := 1; ; n++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return nil, fmt.Errorf("read %s record %d: %w", name, n, err)
		}
		get := func(k string) string {
			if i, ok := col[k]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		for _, f := range rec {
			if !utf8.ValidString(f) {
				return nil, fmt.Errorf("read %s line %d: invalid UTF-8", name, line)
			}
		}
		row := cslRow{source: get("source"), entityNumber: get("entity_number"), id: get("_id"), typ: get("type"), name: get("name"),
			altNames: splitSemi(get("alt_names")), addresses: splitSemi(get("addresses"))}
		if row.id == "" {
			row.id = get("id")
		}
		if row.name == "" {
			return nil, fmt.Errorf("read %s line %d: empty name", name, line)
		}
		out = append(out, row.entity())
	}
	return out, nil
}

func readCSLJSON(r io.Reader, name string) ([]ListedEntity, error) {
	var doc struct {
		Results []map[string]json.RawMessage `json:"results"`
	}
	if err := json.NewDecoder(r).Decode(&doc); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	var out []ListedEntity
	for i, res := range doc.Results {
		str := func(k string) string {
			var s string
			_ = json.Unmarshal(res[k], &s)
			if s == "" {
				var n json.Number
				if json.Unmarshal(res[k], &n) == nil {
					s = n.String()
				}
			}
			return strings.TrimSpace(s)
		}
		row := cslRow{source: str("source"), entityNumber: str("entity_number"), id: str("_id"), typ: str("type"), name: str("name")}
		if row.id == "" {
			row.id = str("id")
		}
		row.altNames = stringList(res["alt_names"])
		if len(row.altNames) == 1 {
			row.altNames = splitSemi(row.altNames[0])
		}
		var addrs []map[string]string
		if json.Unmarshal(res["addresses"], &addrs) == nil {
			for _, a := range addrs {
				parts := []string{a["address"], a["city"], a["state"], a["postal_code"], a["country"]}
				var keep []string
				for _, p := range parts {
					if p = strings.TrimSpace(p); p != "" {
						keep = append(keep, p)
					}
				}
				row.addresses = append(row.addresses, strings.Join(keep, ", "))
			}
		} else {
			row.addresses = stringList(res["addresses"])
		}
		if row.name == "" {
			return nil, fmt.Errorf("read %s result %d: empty name", name, i)
		}
		out = append(out, row.entity())
	}
	return out, nil
}

// ofacNull is OFAC's empty-field marker.
func ofacField(rec []string, i int) string {
	if i >= len(rec) {
		return ""
	}
	s := strings.TrimSpace(rec[i])
	if s == "-0-" {
		return ""
	}
	return s
}

// readOFACCSV reads one of OFAC's headerless CSV files, calling fn per
// record. A trailing end-of-file control character line is ignored.
func readOFACCSV(path string, minFields int, fn func(rec []string, line int) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open list: %w", err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return fmt.Errorf("read %s line %d: %w", path, line, err)
		}
		if len(rec) == 1 && strings.Trim(rec[0], "\x1a \r\n") == "" {
			continue
		}
		if len(rec) < minFields {
			return fmt.Errorf("read %s line %d: %d fields, want at least %d", path, line, len(rec), minFields)
		}
		for _, f := range rec {
			if !utf8.ValidString(f) {
				return fmt.Errorf("read %s line %d: invalid UTF-8", path, line)
			}
		}
		if err := fn(rec, line); err != nil {
			return fmt.Errorf("read %s line %d: %w", path, line, err)
		}
	}
}

// readOFACDir reads sdn.csv with its alt.csv aliases and add.csv countries.
func readOFACDir(dir string) ([]ListedEntity, error) {
	var out []ListedEntity
	idx := map[string]int{}
	err := readOFACCSV(filepath.Join(dir, "sdn.csv"), 3, func(rec []string, _ int) error {
		id, nm := ofacField(rec, 0), ofacField(rec, 1)
		if id == "" || nm == "" {
			return errors.New("missing ent_num or name")
		}
		kind := watchlist.KindOrganization
		switch strings.ToLower(ofacField(rec, 2)) {
		case "individual":
			kind = watchlist.KindPerson
		case "vessel":
			kind = watchlist.KindVessel
		case "aircraft":
			kind = watchlist.KindOther
		}
		idx[id] = len(out)
		out = append(out, ListedEntity{List: ListOFAC, SourceID: id, Kind: string(kind), Names: []string{nm}})
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = readOFACCSV(filepath.Join(dir, "alt.csv"), 4, func(rec []string, _ int) error {
		if i, ok := idx[ofacField(rec, 0)]; ok {
			out[i].Names = addName(out[i].Names, ofacField(rec, 3))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = readOFACCSV(filepath.Join(dir, "add.csv"), 5, func(rec []string, _ int) error {
		if i, ok := idx[ofacField(rec, 0)]; ok {
			addr := strings.Join(nonEmpty(ofacField(rec, 2), ofacField(rec, 3), ofacField(rec, 4)), ", ")
			if addr != "" {
				out[i].Addresses = append(out[i].Addresses, addr)
			}
			if c := ofacField(rec, 4); c != "" {
				out[i].Countries = addName(out[i].Countries, countryCode(c))
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// unRecord is an INDIVIDUAL or ENTITY of the UN consolidated list, reduced
// to names and countries.
type unRecord struct {
	DataID   string   `xml:"DATAID"`
	First    string   `xml:"FIRST_NAME"`
	Second   string   `xml:"SECOND_NAME"`
	Third    string   `xml:"THIRD_NAME"`
	Fourth   string   `xml:"FOURTH_NAME"`
	Original string   `xml:"NAME_ORIGINAL_SCRIPT"`
	Aliases  []string `xml:"ENTITY_ALIAS>ALIAS_NAME"`
	IAliases []string `xml:"INDIVIDUAL_ALIAS>ALIAS_NAME"`
	Nat      []string `xml:"NATIONALITY>VALUE"`
	Addrs    []struct {
		City    string `xml:"CITY"`
		Country string `xml:"COUNTRY"`
	} `xml:"ENTITY_ADDRESS"`
	IAddrs []struct {
		City    string `xml:"CITY"`
		Country string `xml:"COUNTRY"`
	} `xml:"INDIVIDUAL_ADDRESS"`
}

// readUN streams the UN consolidated XML.
func readUN(r io.Reader, name string) ([]ListedEntity, error) {
	dec := xml.NewDecoder(r)
	var out []ListedEntity
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line, _ := dec.InputPos()
			return nil, fmt.Errorf("read %s line %d: %w", name, line, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok || (se.Name.Local != "INDIVIDUAL" && se.Name.Local != "ENTITY") {
			continue
		}
		line, _ := dec.InputPos()
		var rec unRecord
		if err := dec.DecodeElement(&rec, &se); err != nil {
			return nil, fmt.Errorf("read %s line %d: %w", name, line, err)
		}
		id := strings.TrimSpace(rec.DataID)
		if id == "" {
			return nil, fmt.Errorf("read %s line %d: %s without DATAID", name, line, se.Name.Local)
		}
		e := ListedEntity{List: ListUN, SourceID: id, Kind: string(watchlist.KindOrganization)}
		if se.Name.Local == "INDIVIDUAL" {
			e.Kind = string(watchlist.KindPerson)
		}
		e.Names = addName(e.Names, strings.Join(nonEmpty(strings.TrimSpace(rec.First), strings.TrimSpace(rec.Second),
			strings.TrimSpace(rec.Third), strings.TrimSpace(rec.Fourth)), " "))
		e.Names = addName(e.Names, rec.Original)
		for _, a := range append(rec.Aliases, rec.IAliases...) {
			e.Names = addName(e.Names, a)
		}
		if len(e.Names) == 0 {
			return nil, fmt.Errorf("read %s line %d: record %s has no name", name, line, id)
		}
		for _, n := range rec.Nat {
			e.Countries = addName(e.Countries, countryCode(n))
		}
		for _, a := range append(rec.Addrs, rec.IAddrs...) {
			if c := strings.TrimSpace(a.Country); c != "" {
				e.Countries = addName(e.Countries, countryCode(c))
			}
			if addr := strings.Join(nonEmpty(strings.TrimSpace(a.City), strings.TrimSpace(a.Country)), ", "); addr != "" {
				e.Addresses = append(e.Addresses, addr)
			}
		}
		out = append(out, e)
	}
	return out, nil
}

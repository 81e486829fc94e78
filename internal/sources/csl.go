package sources

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// cslRecord is one Consolidated Screening List row, from either the CSV or
// the JSON download, with list fields already split.
type cslRecord struct {
	fields    map[string]string   // single-valued fields by CSL field name
	lists     map[string][]string // multi-valued fields (programs, alt_names, ...)
	addresses []watchlist.Address
	ids       []cslID
	extra     [][2]string // fields this reader does not know, in source order
}

type cslID struct{ typ, number, country, issued, expires string }

// cslSingle are the CSL fields read as one value; cslMulti those that can
// hold several (";"-separated in CSV, arrays in JSON).
var (
	cslSingle = []string{"_id", "id", "source", "entity_number", "type", "name", "title",
		"federal_register_notice", "start_date", "end_date", "standard_order", "license_requirement",
		"license_policy", "call_sign", "vessel_type", "gross_tonnage", "gross_registered_tonnage",
		"vessel_flag", "vessel_owner", "remarks", "source_list_url", "source_information_url"}
	cslMulti = []string{"programs", "alt_names", "citizenships", "dates_of_birth", "nationalities", "places_of_birth"}
)

func isCSLField(k string) bool {
	for _, f := range cslSingle {
		if f == k {
			return true
		}
	}
	for _, f := range cslMulti {
		if f == k {
			return true
		}
	}
	return k == "addresses" || k == "ids"
}

// readCSL reads a trade.gov Consolidated Screening List file: the CSV
// download (old layout, or the current one with a leading _id column) or
// the JSON download ({"results": [...]} with the same field names). It
// tells them apart by the first non-blank byte.
//
// SourceID is the record's _id/id when present, else its entity_number,
// else a stable content hash: "h" + 16 hex digits of SHA-256 over source,
// name and address text (NUL-separated), which survives reordering of the
// file. Each program gives one membership whose List is the row's source
// ("Entity List (EL) - Bureau of Industry and Security").
func readCSL(in input) (*result, error) {
	data, err := readAllLimited(in)
	if err != nil {
		return nil, err
	}
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF")), " \t\r\n")
	res := &result{name: "csl"}
	var recs []cslRecord
	var lines []int
	if len(trimmed) > 0 && trimmed[0] == '{' {
		recs, lines, err = cslJSON(in.Name, data)
	} else {
		recs, lines, err = cslCSV(in.Name, data, res)
	}
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("read %s: no CSL records", in.Name)
	}
	for i, r := range recs {
		e, err := cslEntity(r)
		if err != nil {
			return nil, &ParseError{Path: in.Name, Record: i + 1, Line: lines[i], Err: err}
		}
		res.entities = append(res.entities, e)
	}
	return res, nil
}

// cslCSV reads the CSV layouts; the header row names the columns.
func cslCSV(name string, raw []byte, res *result) ([]cslRecord, []int, error) {
	data, recoded, err := csvDecode(name, raw)
	if err != nil {
		return nil, nil, err
	}
	if recoded {
		res.warnf("%s is not UTF-8: decoded as Windows-1252", name)
	}
	rows := newCSVRows(name, data, ',')
	header, _, err := rows.next()
	if err == io.EOF {
		return nil, nil, fmt.Errorf("read %s: empty file", name)
	}
	if err != nil {
		return nil, nil, err
	}
	cols := make([]string, len(header))
	hasName := false
	for i, h := range header {
		cols[i] = strings.ToLower(strings.TrimSpace(h))
		hasName = hasName || cols[i] == "name"
	}
	if !hasName {
		return nil, nil, lineErr(name, 1, "CSL header has no name column")
	}
	var recs []cslRecord
	var lines []int
	for {
		rec, line, err := rows.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) != len(cols) {
			return nil, nil, lineErr(name, line, "%d columns, header has %d", len(rec), len(cols))
		}
		r := cslRecord{fields: map[string]string{}, lists: map[string][]string{}}
		for i, c := range cols {
			v := strings.TrimSpace(rec[i])
			switch {
			case c == "addresses":
				for _, a := range splitMulti(v, ";") {
					r.addresses = append(r.addresses, cslCSVAddress(a))
				}
			case c == "ids":
				for _, s := range splitMulti(v, ";") {
					r.ids = append(r.ids, cslCSVID(s))
				}
			case contains(cslMulti, c):
				r.lists[c] = splitMulti(v, ";")
			case isCSLField(c):
				r.fields[c] = v
			default:
				if v != "" {
					r.extra = append(r.extra, [2]string{header[i], v})
				}
			}
		}
		recs = append(recs, r)
		lines = append(lines, line)
	}
	return recs, lines, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// cslCSVAddress reads one CSV address, "street, city, state, postal,
// CC": the country is the last part when it is a known code or name.
func cslCSVAddress(s string) watchlist.Address {
	a := watchlist.Address{Text: s}
	parts := strings.Split(s, ",")
	last := strings.TrimSpace(parts[len(parts)-1])
	if c := countryCode(last); c != "" && (len(last) == 2 || len(parts) > 1) {
		a.Country = c
	}
	return a
}

// cslCSVID reads one CSV id, "[country, ]number, type".
func cslCSVID(s string) cslID {
	parts := strings.Split(s, ", ")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	if len(parts) == 1 {
		return cslID{number: parts[0]}
	}
	id := cslID{typ: parts[len(parts)-1]}
	rest := parts[:len(parts)-1]
	if len(rest) > 1 && countryCode(rest[0]) != "" {
		id.country, rest = rest[0], rest[1:]
	}
	id.number = strings.Join(rest, ", ")
	return id
}

// cslJSON reads the JSON download, streaming the results array so an
// error names the record.
func cslJSON(name string, data []byte) ([]cslRecord, []int, error) {
	var recs []cslRecord
	var lines []int
	err := walkJSONArray(name, data, "results", nil, func(n, line int, raw json.RawMessage) error {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(raw, &m); err != nil {
			return fmt.Errorf("result is not an object: %w", err)
		}
		r, err := cslFromJSON(m)
		if err != nil {
			return err
		}
		recs = append(recs, r)
		lines = append(lines, line)
		return nil
	})
	return recs, lines, err
}

func cslFromJSON(raw map[string]json.RawMessage) (cslRecord, error) {
	r := cslRecord{fields: map[string]string{}, lists: map[string][]string{}}
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := raw[k]
		lk := strings.ToLower(k)
		switch {
		case lk == "addresses":
			var as []map[string]json.RawMessage
			if err := json.Unmarshal(v, &as); err != nil {
				return r, fmt.Errorf("addresses: %w", err)
			}
			for _, a := range as {
				street, city, state := jsonText(a["address"]), jsonText(a["city"]), jsonText(a["state"])
				postal, ctry := jsonText(a["postal_code"]), jsonText(a["country"])
				r.addresses = append(r.addresses, watchlist.Address{
					Text:    joinNonEmpty(", ", street, city, state, postal, ctry),
					City:    city,
					Country: countryCode(ctry),
				})
			}
		case lk == "ids":
			var ids []map[string]json.RawMessage
			if err := json.Unmarshal(v, &ids); err != nil {
				return r, fmt.Errorf("ids: %w", err)
			}
			for _, id := range ids {
				r.ids = append(r.ids, cslID{typ: jsonText(id["type"]), number: jsonText(id["number"]),
					country: jsonText(id["country"]), issued: jsonText(id["issue_date"]), expires: jsonText(id["expiration_date"])})
			}
		case contains(cslMulti, lk):
			vals, err := jsonStrings(v)
			if err != nil {
				return r, fmt.Errorf("%s: %w", k, err)
			}
			if lk != "programs" && len(vals) == 1 {
				vals = splitMulti(vals[0], ";")
			}
			r.lists[lk] = vals
		case isCSLField(lk):
			vals, err := jsonStrings(v)
			if err != nil {
				return r, fmt.Errorf("%s: %w", k, err)
			}
			r.fields[lk] = strings.Join(vals, "; ")
		default:
			if s := jsonText(v); s != "" {
				r.extra = append(r.extra, [2]string{k, s})
			}
		}
	}
	return r, nil
}

// jsonStrings reads a JSON string, number, bool, null or array of those
// as strings.
func jsonStrings(v json.RawMessage) ([]string, error) {
	v = bytes.TrimSpace(v)
	if len(v) == 0 || string(v) == "null" {
		return nil, nil
	}
	if v[0] == '[' {
		var items []json.RawMessage
		if err := json.Unmarshal(v, &items); err != nil {
			return nil, err
		}
		var out []string
		for _, it := range items {
			s, err := jsonStrings(it)
			if err != nil {
				return nil, err
			}
			out = append(out, s...)
		}
		return out, nil
	}
	if v[0] == '{' {
		return []string{string(v)}, nil
	}
	var x any
	if err := json.Unmarshal(v, &x); err != nil {
		return nil, err
	}
	switch t := x.(type) {
	case string:
		if t = strings.TrimSpace(t); t != "" {
			return []string{t}, nil
		}
		return nil, nil
	case float64:
		return []string{strconv.FormatFloat(t, 'f', -1, 64)}, nil
	case bool:
		return []string{strconv.FormatBool(t)}, nil
	}
	return nil, nil
}

// jsonText reads any JSON value as one string (arrays joined with "; ",
// objects as compact JSON); malformed values give "".
func jsonText(v json.RawMessage) string {
	s, err := jsonStrings(v)
	if err != nil {
		return ""
	}
	return strings.Join(s, "; ")
}

func cslEntity(r cslRecord) (watchlist.Entity, error) {
	f := r.fields
	name := clean(f["name"])
	if name == "" {
		return watchlist.Entity{}, errors.New("record has no name")
	}
	var addrText []string
	for _, a := range r.addresses {
		addrText = append(addrText, a.Text)
	}
	id := f["_id"]
	if id == "" {
		id = f["id"]
	}
	if id == "" {
		id = f["entity_number"]
	}
	if id == "" {
		id = stableID(f["source"], name, strings.Join(addrText, "; "))
	}
	kind := watchlist.KindOrganization
	switch strings.ToLower(f["type"]) {
	case "individual":
		kind = watchlist.KindPerson
	case "vessel":
		kind = watchlist.KindVessel
	case "aircraft":
		kind = watchlist.KindOther
	case "":
		// Denied Persons and some other sources leave type empty; a date
		// or place of birth says it is a person.
		if len(r.lists["dates_of_birth"]) > 0 || len(r.lists["places_of_birth"]) > 0 {
			kind = watchlist.KindPerson
		}
	}
	b := newBuilder(id, kind)
	b.name(name, watchlist.NamePrimary, "")
	for _, a := range r.lists["alt_names"] {
		a = strings.TrimSpace(a)
		if rest, ok := strings.CutPrefix(a, "and "); ok {
			a = rest
		}
		b.alias(a)
	}
	for _, a := range r.addresses {
		b.address(a)
	}
	reason := cslReason(f)
	list := f["source"]
	if list == "" {
		list = "Consolidated Screening List"
	}
	programs := r.lists["programs"]
	for _, p := range programs {
		b.membership(watchlist.Membership{List: list, Program: p, Reason: reason, ListedOn: f["start_date"], SourceURL: f["source_list_url"]})
	}
	if len(programs) == 0 {
		b.membership(watchlist.Membership{List: list, Reason: reason, ListedOn: f["start_date"], SourceURL: f["source_list_url"]})
	}
	if f["entity_number"] != "" && f["entity_number"] != id {
		b.identifier("CSL entity number", f["entity_number"])
	}
	if f["call_sign"] != "" {
		b.identifier("Call Sign", f["call_sign"])
	}
	for _, k := range []string{"type", "title", "federal_register_notice", "end_date", "standard_order",
		"license_requirement", "license_policy", "vessel_type", "gross_tonnage", "gross_registered_tonnage",
		"vessel_flag", "vessel_owner", "source_information_url"} {
		b.attr(k, f[k])
	}
	if id != f["_id"] && f["_id"] != "" {
		b.attr("_id", f["_id"])
	}
	if id != f["id"] && f["id"] != "" {
		b.attr("id", f["id"])
	}
	for _, x := range []struct{ from, to string }{{"dates_of_birth", "date_of_birth"}, {"places_of_birth", "place_of_birth"},
		{"citizenships", "citizenship"}, {"nationalities", "nationality"}} {
		for _, v := range r.lists[x.from] {
			b.attr(x.to, v)
			if x.to == "citizenship" || x.to == "nationality" {
				b.countryName(v)
			}
		}
	}
	for _, id := range r.ids {
		cslAddID(b, id)
	}
	b.remark(f["remarks"])
	for _, kv := range r.extra {
		b.attr(snakeKey(kv[0]), kv[1])
	}
	return b.e, nil
}

// cslReason states why a record is listed from the fields CSL has for it.
func cslReason(f map[string]string) string {
	var parts []string
	if v := f["license_requirement"]; v != "" {
		parts = append(parts, "License requirement: "+v)
	}
	if v := f["license_policy"]; v != "" {
		parts = append(parts, "License policy: "+v)
	}
	if v := f["federal_register_notice"]; v != "" {
		parts = append(parts, "Federal Register: "+v)
	}
	if v := f["remarks"]; v != "" {
		parts = append(parts, v)
	}
	if v := f["end_date"]; v != "" {
		parts = append(parts, "Ends: "+v)
	}
	return clean(strings.Join(parts, "; "))
}

// cslAddID files one CSL id: real identifiers (with a digit in them, or a
// website, e-mail or SWIFT code) become Identifiers with the issuing
// country in the scheme; OFAC-style features ("Additional Sanctions
// Information -", "Secondary sanctions risk:") become attributes.
func cslAddID(b *builder, id cslID) {
	typ := strings.TrimSpace(id.typ)
	if strings.HasSuffix(typ, "-") || strings.HasSuffix(typ, ":") {
		b.attr(snakeKey(typ), joinNonEmpty(", ", id.country, id.number))
		return
	}
	hasDigit := strings.IndexFunc(id.number, unicode.IsDigit) >= 0
	switch strings.ToLower(typ) {
	case "website", "email address", "swift/bic":
		hasDigit = true
	}
	if !hasDigit {
		b.attr(snakeKey(typ), joinNonEmpty(", ", id.country, id.number))
		return
	}
	scheme := typ
	if scheme == "" {
		scheme = "ID"
	}
	if id.country != "" {
		scheme += " (" + id.country + ")"
	}
	b.identifier(scheme, id.number)
	if id.issued != "" || id.expires != "" {
		b.attr("id_dates", fmt.Sprintf("%s %s: issued %s, expires %s", typ, id.number, orDash(id.issued), orDash(id.expires)))
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// lineAt gives the 1-based line of a byte offset.
func lineAt(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	if off < 0 {
		off = 0
	}
	return bytes.Count(data[:off], []byte("\n")) + 1
}

// checkUTF8 rejects a JSON or XML document that is not valid UTF-8,
// naming the line of the first bad byte.
func checkUTF8(name string, data []byte) error {
	if i := firstInvalidUTF8(data); i >= 0 {
		return lineErr(name, lineAt(data, int64(i)), "invalid UTF-8 at byte %d", i)
	}
	return nil
}

func firstInvalidUTF8(data []byte) int {
	if utf8.Valid(data) {
		return -1
	}
	for i := 0; i < len(data); {
		if data[i] < 0x80 {
			i++
			continue
		}
		r, n := utf8.DecodeRune(data[i:])
		if r == unicode.ReplacementChar && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}

package sources

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// CSVMapping says which columns of an organisation's own CSV list hold
// which entity fields. Build one with ParseMapping, or leave
// Options.Mapping nil to infer it from the header.
type CSVMapping struct {
	// Fields are the mapped columns, in spec order.
	Fields []CSVField
	// Comma is the field delimiter; 0 means sniff it from the header line
	// (the most frequent of ',', ';', tab and '|').
	Comma rune
}

// CSVField maps one column to one entity field.
type CSVField struct {
	// Field is one of: id, name, alias, acronym, former, country, kind,
	// program, list, reason, listed_on, source_url, remarks, address,
	// city, identifier, attr.
	Field string
	// Key is the identifier scheme (identifier) or attribute key (attr);
	// it defaults to the column name.
	Key string
	// Column is the header name, matched ignoring case and surrounding
	// space.
	Column string
	// Sep splits a multi-valued cell; "" means the cell is one value.
	Sep string
}

// csvFieldNames lists the target fields ParseMapping accepts, with the
// synonyms it maps onto them.
var csvFieldNames = map[string]string{
	"id": "id", "name": "name", "alias": "alias", "aliases": "alias", "acronym": "acronym",
	"former": "former", "country": "country", "kind": "kind", "type": "kind", "program": "program",
	"programme": "program", "list": "list", "reason": "reason", "listed_on": "listed_on",
	"source_url": "source_url", "url": "source_url", "remarks": "remarks", "notes": "remarks",
	"address": "address", "city": "city", "identifier": "identifier", "attr": "attr",
}

// namedSeps are the spellings of separators ParseMapping accepts besides a
// literal string.
var namedSeps = map[string]string{
	"comma": ",", "semicolon": ";", "pipe": "|", "tab": "\t", "newline": "\n", "space": " ", "slash": "/",
}

// ParseMapping reads a column mapping for the custom CSV format.
//
// A spec is a comma-separated list of FIELD=COLUMN entries, for example
//
//	id=ID,name=Name,alias=Aliases;|,country=Country,kind=Type,program=Program,remarks=Notes
//
// FIELD is one of id, name, alias, acronym, former, country, kind (or
// type), program, list, reason, listed_on, source_url (or url), remarks
// (or notes), address, city, identifier:SCHEME and attr:KEY (SCHEME and
// KEY default to the column name). COLUMN is the header text; put it in
// double quotes ("" for a quote inside) when it contains a comma, equals
// sign or semicolon. ";SEP" after the column makes the cell multi-valued,
// split on SEP: a literal string ("|", "/", " and ") or one of comma,
// semicolon, pipe, tab, newline, space, slash. A field may be mapped more
// than once (two alias columns); a second name column adds aliases. The
// pseudo-field delimiter=X sets the CSV delimiter (a character or one of
// the names above); without it the delimiter is sniffed from the header.
// Exactly one name mapping is required, at most one id.
func ParseMapping(spec string) (*CSVMapping, error) {
	entries, err := splitSpec(spec)
	if err != nil {
		return nil, err
	}
	m := &CSVMapping{}
	names, ids := 0, 0
	for _, e := range entries {
		lhs, rhs, ok := cutUnquoted(e, '=')
		if !ok {
			return nil, fmt.Errorf("mapping entry %q: want FIELD=COLUMN", e)
		}
		lhs = strings.TrimSpace(lhs)
		field, key, _ := strings.Cut(lhs, ":")
		field = strings.ToLower(strings.TrimSpace(field))
		key = strings.TrimSpace(key)
		if field == "delimiter" {
			d := strings.TrimSpace(rhs)
			if n, ok := namedSeps[strings.ToLower(d)]; ok {
				d = n
			} else if rhs != "" && strings.TrimSpace(rhs) == "" {
				d = rhs
			}
			if utf8.RuneCountInString(d) != 1 || d == "\"" || d == "\n" {
				return nil, fmt.Errorf("mapping entry %q: delimiter must be one character other than a quote or newline", e)
			}
			m.Comma, _ = utf8.DecodeRuneInString(d)
			continue
		}
		canon, ok := csvFieldNames[field]
		if !ok {
			return nil, fmt.Errorf("mapping entry %q: unknown field %q", e, field)
		}
		if key != "" && canon != "identifier" && canon != "attr" {
			return nil, fmt.Errorf("mapping entry %q: only identifier and attr take a :KEY", e)
		}
		col, sepSpec, hasSep := cutUnquoted(rhs, ';')
		col, err = unquote(strings.TrimSpace(col))
		if err != nil {
			return nil, fmt.Errorf("mapping entry %q: %w", e, err)
		}
		if col == "" {
			return nil, fmt.Errorf("mapping entry %q: empty column name", e)
		}
		f := CSVField{Field: canon, Key: key, Column: col}
		if hasSep {
			if n, ok := namedSeps[strings.ToLower(strings.TrimSpace(sepSpec))]; ok {
				f.Sep = n
			} else {
				f.Sep = sepSpec
			}
			if f.Sep == "" {
				return nil, fmt.Errorf("mapping entry %q: empty separator after ';'", e)
			}
		}
		switch canon {
		case "name":
			names++
		case "id":
			ids++
		case "identifier", "attr":
			if f.Key == "" {
				f.Key = col
			}
		}
		m.Fields = append(m.Fields, f)
	}
	if names == 0 {
		return nil, errors.New("mapping has no name column (add name=COLUMN)")
	}
	if ids > 1 {
		return nil, errors.New("mapping has more than one id column")
	}
	return m, nil
}

// splitSpec splits a mapping spec on commas outside double quotes. A comma
// right after ";" is a separator, not an entry break ("alias=A;,").
func splitSpec(spec string) ([]string, error) {
	var out []string
	var cur strings.Builder
	inQ := false
	prev := rune(0)
	for _, r := range spec {
		switch {
		case r == '"':
			inQ = !inQ
			cur.WriteRune(r)
		case r == ',' && !inQ && prev != ';':
			if s := strings.TrimSpace(cur.String()); s != "" {
				out = append(out, s)
			}
			cur.Reset()
		default:
			cur.WriteRune(r)
		}
		prev = r
	}
	if inQ {
		return nil, errors.New("mapping has an unclosed quote")
	}
	if s := strings.TrimSpace(cur.String()); s != "" {
		out = append(out, s)
	}
	if len(out) == 0 {
		return nil, errors.New("mapping is empty")
	}
	return out, nil
}

// cutUnquoted cuts s at the first sep outside double quotes.
func cutUnquoted(s string, sep rune) (before, after string, found bool) {
	inQ := false
	for i, r := range s {
		if r == '"' {
			inQ = !inQ
		}
		if r == sep && !inQ {
			return s[:i], s[i+utf8.RuneLen(r):], true
		}
	}
	return s, "", false
}

func unquote(s string) (string, error) {
	if !strings.HasPrefix(s, `"`) {
		return s, nil
	}
	if len(s) < 2 || !strings.HasSuffix(s, `"`) {
		return "", fmt.Errorf("bad quoted column %s", s)
	}
	inner := s[1 : len(s)-1]
	if strings.Count(strings.ReplaceAll(inner, `""`, ""), `"`) > 0 {
		return "", fmt.Errorf("bad quoted column %s", s)
	}
	return strings.ReplaceAll(inner, `""`, `"`), nil
}

// sepAuto marks an inferred multi-valued column: each cell is split on
// "|" when it holds one, else on ";".
const sepAuto = "\x00auto"

// splitCell splits a cell by a field's separator.
func splitCell(cell, sep string) []string {
	if sep == sepAuto {
		sep = ";"
		if strings.Contains(cell, "|") {
			sep = "|"
		}
	}
	return splitMulti(cell, sep)
}

// inferredColumns maps folded header names (lower case, letters and digits
// only) to fields when no mapping is given; multi-valued ones (aliases,
// acronyms, former names, countries, programs) split on "|" or ";".
var inferredColumns = map[string]string{
	"id": "id", "ref": "id", "reference": "id", "entityid": "id", "sourceid": "id", "uid": "id", "recordid": "id",
	"name": "name", "fullname": "name", "entityname": "name", "organisation": "name", "organization": "name",
	"orgname": "name", "institution": "name", "partyname": "name",
	"alias": "alias", "aliases": "alias", "aka": "alias", "alternativenames": "alias", "altnames": "alias",
	"othernames": "alias", "alternatenames": "alias",
	"acronym": "acronym", "acronyms": "acronym", "abbreviation": "acronym",
	"formername": "former", "formernames": "former", "previousname": "former", "previousnames": "former",
	"country": "country", "countries": "country", "countrycode": "country", "nationality": "country",
	"type": "kind", "kind": "kind", "entitytype": "kind",
	"program": "program", "programs": "program", "programme": "program", "programmes": "program",
	"list": "list", "listname": "list", "reason": "reason", "listedon": "listed_on", "dateadded": "listed_on",
	"listeddate": "listed_on", "datelisted": "listed_on", "url": "source_url", "sourceurl": "source_url",
	"link": "source_url", "notes": "remarks", "note": "remarks", "remarks": "remarks", "comments": "remarks",
	"description": "remarks", "address": "address", "city": "city",
}

func foldHeader(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// inferMapping guesses a mapping from header names; the first column that
// fits a single-valued field wins.
func inferMapping(header []string) *CSVMapping {
	m := &CSVMapping{}
	taken := map[string]bool{}
	for _, h := range header {
		f, ok := inferredColumns[foldHeader(h)]
		if !ok {
			continue
		}
		switch f {
		case "alias", "acronym", "former", "country", "program":
			m.Fields = append(m.Fields, CSVField{Field: f, Column: strings.TrimSpace(h), Sep: sepAuto})
		default:
			if taken[f] {
				continue
			}
			taken[f] = true
			m.Fields = append(m.Fields, CSVField{Field: f, Column: strings.TrimSpace(h)})
		}
	}
	return m
}

// sniffComma picks the delimiter of a CSV from its first line.
func sniffComma(data []byte) rune {
	line := data
	if i := strings.IndexByte(string(data[:min(len(data), 64<<10)]), '\n'); i >= 0 {
		line = data[:i]
	}
	best, bestN := ',', 0
	for _, c := range []rune{',', ';', '\t', '|'} {
		if n := strings.Count(string(line), string(c)); n > bestN {
			best, bestN = c, n
		}
	}
	return best
}

// readCustomCSV reads an organisation's own list: a CSV with a header row,
// mapped by m (or by header names when m is nil). Every row with content
// becomes one entity, or extends an earlier one with the same id, so a
// sheet with one row per alias works. Rows without an id get a stable
// content id ("h" + 16 hex digits of SHA-256 over name and countries).
// Columns the mapping does not name are kept as attributes under their
// header. A row with content but neither a name nor the id of an earlier
// row is an error naming the line.
func readCustomCSV(in input, m *CSVMapping) (*result, error) {
	data, recoded, err := csvText(in)
	if err != nil {
		return nil, err
	}
	listName := baseName(in.Name)
	res := &result{name: listName}
	if recoded {
		res.warnf("%s is not UTF-8: decoded as Windows-1252", in.Name)
	}
	comma := rune(0)
	if m != nil {
		comma = m.Comma
	}
	if comma == 0 {
		comma = sniffComma(data)
	}
	rows := newCSVRows(in.Name, data, comma)
	header, _, err := rows.next()
	if err == io.EOF {
		return nil, fmt.Errorf("read %s: empty file", in.Name)
	}
	if err != nil {
		return nil, err
	}
	if m == nil {
		m = inferMapping(header)
		hasName := false
		for _, f := range m.Fields {
			hasName = hasName || f.Field == "name"
		}
		if !hasName {
			return nil, lineErr(in.Name, 1, "no name column in header %q; give a mapping such as name=COLUMN", strings.Join(header, string(comma)))
		}
	}
	colIdx := map[string]int{}
	for i, h := range header {
		k := strings.ToLower(strings.TrimSpace(h))
		if _, dup := colIdx[k]; !dup {
			colIdx[k] = i
		}
	}
	type mapped struct {
		CSVField
		col int
	}
	var fields []mapped
	used := map[int]bool{}
	for _, f := range m.Fields {
		i, ok := colIdx[strings.ToLower(strings.TrimSpace(f.Column))]
		if !ok {
			return nil, lineErr(in.Name, 1, "mapped column %q is not in the header %q", f.Column, strings.Join(header, string(comma)))
		}
		fields = append(fields, mapped{f, i})
		used[i] = true
	}
	index := map[string]int{}
	var bs []*builder
	for {
		rec, line, err := rows.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		blank := true
		for _, c := range rec {
			if strings.TrimSpace(c) != "" {
				blank = false
				break
			}
		}
		if blank {
			continue
		}
		if len(rec) > len(header) {
			for _, c := range rec[len(header):] {
				if strings.TrimSpace(c) != "" {
					return nil, lineErr(in.Name, line, "%d cells, header has %d columns", len(rec), len(header))
				}
			}
		}
		cell := func(i int) string {
			if i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		vals := map[string][]string{}
		var order []mapped
		for _, f := range fields {
			v := splitCell(cell(f.col), f.Sep)
			if len(v) == 0 {
				continue
			}
			vals[f.Field] = append(vals[f.Field], v...)
			order = append(order, f)
		}
		if _, known := index[first(vals["id"])]; len(vals["name"]) == 0 && !known {
			return nil, lineErr(in.Name, line, "row has no name (and no id of an earlier row to extend)")
		}
		var codes []string
		for _, c := range vals["country"] {
			if code := countryCode(c); code != "" {
				codes = append(codes, code)
			}
		}
		id := first(vals["id"])
		if id == "" {
			id = stableID(clean(vals["name"][0]), strings.Join(codes, ","))
		}
		b, seen := (*builder)(nil), false
		if i, ok := index[id]; ok {
			b, seen = bs[i], true
		} else {
			b = newBuilder(id, csvKind(first(vals["kind"])))
			index[id] = len(bs)
			bs = append(bs, b)
		}
		for i, n := range vals["name"] {
			if i == 0 && !seen {
				b.name(n, watchlist.NamePrimary, "")
			} else {
				b.alias(n)
			}
		}
		for _, n := range vals["alias"] {
			b.alias(n)
		}
		for _, n := range vals["acronym"] {
			b.name(n, watchlist.NameAcronym, "")
		}
		for _, n := range vals["former"] {
			b.name(n, watchlist.NameFormer, "")
		}
		for _, c := range vals["country"] {
			if code := countryCode(c); code != "" {
				b.country(code)
			} else {
				b.attr("country_unrecognised", c)
			}
		}
		if k := first(vals["kind"]); k != "" && csvKind(k) == watchlist.KindOther {
			b.attr("type", k)
		}
		ctry := ""
		if len(codes) == 1 {
			ctry = codes[0]
		}
		city := first(vals["city"])
		for _, a := range vals["address"] {
			b.address(watchlist.Address{Text: a, City: city, Country: ctry})
		}
		if len(vals["address"]) == 0 && city != "" {
			b.address(watchlist.Address{City: city, Country: ctry})
		}
		for _, r := range vals["remarks"] {
			b.remark(r)
		}
		list := first(vals["list"])
		if list == "" {
			list = listName
		}
		mem := watchlist.Membership{List: list, Reason: strings.Join(vals["reason"], "; "),
			ListedOn: first(vals["listed_on"]), SourceURL: first(vals["source_url"])}
		for _, p := range vals["program"] {
			mem.Program = p
			b.membership(mem)
		}
		if len(vals["program"]) == 0 {
			b.membership(mem)
		}
		for _, f := range order {
			switch f.Field {
			case "identifier":
				for _, v := range splitCell(cell(f.col), f.Sep) {
					b.identifier(f.Key, v)
				}
			case "attr":
				for _, v := range splitCell(cell(f.col), f.Sep) {
					b.attr(f.Key, v)
				}
			}
		}
		for i, h := range header {
			if !used[i] {
				if key := snakeKey(h); key != "" {
					b.attr(key, cell(i))
				} else {
					b.attr(fmt.Sprintf("column_%d", i+1), cell(i))
				}
			}
		}
	}
	if len(bs) == 0 {
		return nil, fmt.Errorf("read %s: no rows after the header", in.Name)
	}
	for _, b := range bs {
		res.entities = append(res.entities, b.e)
	}
	return res, nil
}

// csvKind reads an organisation's own type wording.
func csvKind(s string) watchlist.Kind {
	switch foldHeader(s) {
	case "person", "individual", "naturalperson", "people", "human", "researcher", "p":
		return watchlist.KindPerson
	case "vessel", "ship", "boat":
		return watchlist.KindVessel
	case "", "organisation", "organization", "org", "entity", "company", "institution", "university",
		"institute", "laboratory", "lab", "legalentity", "body", "agency", "o", "e":
		return watchlist.KindOrganization
	}
	return watchlist.KindOther
}

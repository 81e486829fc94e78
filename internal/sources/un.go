package sources

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// UN list facts used on every entry.
const (
	unListName  = "UN Security Council Consolidated List"
	unSourceURL = "https://scsanctions.un.org/resources/xml/en/consolidated.xml"
)

// unRecord is one INDIVIDUAL or ENTITY of the UN consolidated XML.
// Elements this struct does not name land in Extra and are kept as
// attributes.
type unRecord struct {
	DataID         string      `xml:"DATAID"`
	VersionNum     string      `xml:"VERSIONNUM"`
	First          string      `xml:"FIRST_NAME"`
	Second         string      `xml:"SECOND_NAME"`
	Third          string      `xml:"THIRD_NAME"`
	Fourth         string      `xml:"FOURTH_NAME"`
	UNListType     string      `xml:"UN_LIST_TYPE"`
	RefNum         string      `xml:"REFERENCE_NUMBER"`
	ListedOn       string      `xml:"LISTED_ON"`
	Gender         string      `xml:"GENDER"`
	SubmittedBy    string      `xml:"SUBMITTED_BY"`
	NameOriginal   string      `xml:"NAME_ORIGINAL_SCRIPT"`
	Comments       string      `xml:"COMMENTS1"`
	Title          []string    `xml:"TITLE>VALUE"`
	Designation    []string    `xml:"DESIGNATION>VALUE"`
	Nationality    []string    `xml:"NATIONALITY>VALUE"`
	ListType       []string    `xml:"LIST_TYPE>VALUE"`
	LastUpdated    []string    `xml:"LAST_DAY_UPDATED>VALUE"`
	Aliases        []unAlias   `xml:"INDIVIDUAL_ALIAS"`
	EntityAliases  []unAlias   `xml:"ENTITY_ALIAS"`
	Addresses      []unAddress `xml:"INDIVIDUAL_ADDRESS"`
	EntityAddress  []unAddress `xml:"ENTITY_ADDRESS"`
	BirthDates     []unDate    `xml:"INDIVIDUAL_DATE_OF_BIRTH"`
	BirthPlaces    []unAddress `xml:"INDIVIDUAL_PLACE_OF_BIRTH"`
	Documents      []unDoc     `xml:"INDIVIDUAL_DOCUMENT"`
	SortKey        string      `xml:"SORT_KEY"`
	SortKeyLastMod string      `xml:"SORT_KEY_LAST_MOD"`
	Extra          []unAny     `xml:",any"`
}

type unAlias struct {
	Quality      string  `xml:"QUALITY"`
	Name         string  `xml:"ALIAS_NAME"`
	Note         string  `xml:"NOTE"`
	DateOfBirth  string  `xml:"DATE_OF_BIRTH"`
	CityOfBirth  string  `xml:"CITY_OF_BIRTH"`
	CountryBirth string  `xml:"COUNTRY_OF_BIRTH"`
	Extra        []unAny `xml:",any"`
}

type unAddress struct {
	Street  string  `xml:"STREET"`
	City    string  `xml:"CITY"`
	State   string  `xml:"STATE_PROVINCE"`
	Zip     string  `xml:"ZIP_CODE"`
	Country string  `xml:"COUNTRY"`
	Note    string  `xml:"NOTE"`
	Extra   []unAny `xml:",any"`
}

type unDate struct {
	Type     string  `xml:"TYPE_OF_DATE"`
	Date     string  `xml:"DATE"`
	Year     string  `xml:"YEAR"`
	FromYear string  `xml:"FROM_YEAR"`
	ToYear   string  `xml:"TO_YEAR"`
	Note     string  `xml:"NOTE"`
	Extra    []unAny `xml:",any"`
}

type unDoc struct {
	Type           string  `xml:"TYPE_OF_DOCUMENT"`
	Type2          string  `xml:"TYPE_OF_DOCUMENT2"`
	Number         string  `xml:"NUMBER"`
	IssuingCountry string  `xml:"ISSUING_COUNTRY"`
	CountryOfIssue string  `xml:"COUNTRY_OF_ISSUE"`
	DateOfIssue    string  `xml:"DATE_OF_ISSUE"`
	CityOfIssue    string  `xml:"CITY_OF_ISSUE"`
	Note           string  `xml:"NOTE"`
	Extra          []unAny `xml:",any"`
}

// unAny captures an element this reader does not know, with its text and
// children, so it can be kept as an attribute.
type unAny struct {
	XMLName  xml.Name
	Text     string  `xml:",chardata"`
	Children []unAny `xml:",any"`
}

// text flattens an unknown element to one string: its own text, or its
// children's texts joined with "; ".
func (a unAny) text() string {
	if t := clean(a.Text); t != "" {
		return t
	}
	var parts []string
	for _, c := range a.Children {
		if t := c.text(); t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, "; ")
}

func keepExtra(b *builder, prefix string, extra []unAny) {
	for _, x := range extra {
		b.attr(prefix+snakeKey(x.XMLName.Local), x.text())
	}
}

// readUN reads the UN Security Council consolidated list XML
// (CONSOLIDATED_LIST with INDIVIDUALS/INDIVIDUAL and ENTITIES/ENTITY). It
// streams: the decoder walks tokens and decodes one record at a time, so
// an error names the record number and line. SourceID is DATAID; a
// person's primary name is FIRST_NAME to FOURTH_NAME joined;
// NAME_ORIGINAL_SCRIPT is an alias with its language guessed from the
// script; aliases of quality f.k.a. are former names, the rest (Good, Low,
// a.k.a.) aliases, with low-quality ones also listed in the
// low_quality_alias attribute.
func readUN(in input) (*result, error) {
	dec := xml.NewDecoder(bufio.NewReaderSize(in.R, 64<<10))
	res := &result{name: "un_consolidated"}
	n := 0
	rootSeen := false
	for {
		line, _ := dec.InputPos()
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, unErr(in.Name, n, line, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if !rootSeen {
			if se.Name.Local != "CONSOLIDATED_LIST" {
				return nil, lineErr(in.Name, line, "root element is <%s>, want <CONSOLIDATED_LIST>", se.Name.Local)
			}
			rootSeen = true
			continue
		}
		var kind watchlist.Kind
		switch se.Name.Local {
		case "INDIVIDUAL":
			kind = watchlist.KindPerson
		case "ENTITY":
			kind = watchlist.KindOrganization
		default:
			continue // INDIVIDUALS, ENTITIES: descend
		}
		n++
		line, _ = dec.InputPos()
		var rec unRecord
		if err := dec.DecodeElement(&rec, &se); err != nil {
			return nil, unErr(in.Name, n, line, err)
		}
		e, err := unEntity(&rec, kind)
		if err != nil {
			return nil, &ParseError{Path: in.Name, Record: n, Line: line, Err: err}
		}
		res.entities = append(res.entities, e)
	}
	if !rootSeen {
		return nil, fmt.Errorf("read %s: no <CONSOLIDATED_LIST> element", in.Name)
	}
	return res, nil
}

func unErr(name string, rec, line int, err error) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		line = se.Line
	}
	return &ParseError{Path: name, Record: rec, Line: line, Err: err}
}

func unEntity(r *unRecord, kind watchlist.Kind) (watchlist.Entity, error) {
	id := clean(r.DataID)
	if id == "" {
		return watchlist.Entity{}, errors.New("record has no DATAID")
	}
	b := newBuilder(id, kind)
	b.name(joinNonEmpty(" ", clean(r.First), clean(r.Second), clean(r.Third), clean(r.Fourth)), watchlist.NamePrimary, "")
	if !b.hasNames() {
		return watchlist.Entity{}, fmt.Errorf("record %s has no name", id)
	}
	b.name(r.NameOriginal, watchlist.NameAlias, "")
	for _, a := range append(r.Aliases, r.EntityAliases...) {
		name := clean(a.Name)
		if name == "" {
			continue
		}
		q := strings.ToLower(strings.TrimSpace(a.Quality))
		if q == "f.k.a." || q == "fka" {
			b.name(name, watchlist.NameFormer, "")
		} else {
			b.alias(name)
		}
		if q == "low" {
			b.attr("low_quality_alias", name)
		}
		if a.Note != "" {
			b.attr("alias_note", name+": "+clean(a.Note))
		}
		if a.DateOfBirth != "" || a.CityOfBirth != "" || a.CountryBirth != "" {
			b.attr("alias_birth", name+": "+joinNonEmpty(", ", a.DateOfBirth, a.CityOfBirth, a.CountryBirth))
		}
		keepExtra(b, "alias_", a.Extra)
	}
	b.membership(watchlist.Membership{List: unListName, Program: r.UNListType, Reason: r.Comments, ListedOn: r.ListedOn, SourceURL: unSourceURL})
	b.identifier("UN Reference Number", r.RefNum)
	b.remark(r.Comments)
	for _, a := range append(r.Addresses, r.EntityAddress...) {
		b.address(watchlist.Address{
			Text:    joinNonEmpty(", ", a.Street, a.City, a.State, a.Zip, a.Country),
			City:    a.City,
			Country: countryCode(a.Country),
		})
		if a.Note != "" {
			b.attr("address_note", joinNonEmpty(", ", a.Street, a.City, a.State, a.Zip, a.Country)+": "+clean(a.Note))
		}
		keepExtra(b, "address_", a.Extra)
	}
	for _, v := range r.Nationality {
		b.attr("nationality", v)
		b.countryName(v)
	}
	for _, d := range r.BirthDates {
		if s := unDateText(d); s != "" {
			b.attr("date_of_birth", s)
		}
		keepExtra(b, "date_of_birth_", d.Extra)
	}
	for _, p := range r.BirthPlaces {
		b.attr("place_of_birth", joinNonEmpty(", ", p.Street, p.City, p.State, p.Zip, p.Country))
		if p.Note != "" {
			b.attr("place_of_birth_note", clean(p.Note))
		}
		keepExtra(b, "place_of_birth_", p.Extra)
	}
	for _, d := range r.Documents {
		unDocument(b, d)
	}
	b.attr("gender", r.Gender)
	b.attr("submitted_by", r.SubmittedBy)
	b.attr("version_num", r.VersionNum)
	b.attr("sort_key", r.SortKey)
	b.attr("sort_key_last_mod", r.SortKeyLastMod)
	for _, v := range r.Title {
		b.attr("title", v)
	}
	for _, v := range r.Designation {
		b.attr("designation", v)
	}
	for _, v := range r.ListType {
		b.attr("list_type", v)
	}
	for _, v := range r.LastUpdated {
		b.attr("last_day_updated", v)
	}
	keepExtra(b, "", r.Extra)
	return b.e, nil
}

// unDateText renders a date of birth: "1937-04-28", "1965", "between 1960
// and 1965", "approximately 1970", with any note after a semicolon.
func unDateText(d unDate) string {
	v := joinNonEmpty(" ", clean(d.Date), clean(d.Year))
	if d.FromYear != "" || d.ToYear != "" {
		v = joinNonEmpty(" ", v, "between "+orDash(clean(d.FromYear))+" and "+orDash(clean(d.ToYear)))
	}
	if strings.EqualFold(clean(d.Type), "APPROXIMATELY") && v != "" {
		v = "approximately " + v
	}
	return joinNonEmpty("; ", v, clean(d.Note))
}

// unDocument files an identity document: as an Identifier when it has a
// number (scheme "Passport (Country)"), and always as a document attribute
// holding the full description.
func unDocument(b *builder, d unDoc) {
	typ := joinNonEmpty(" / ", clean(d.Type), clean(d.Type2))
	country := clean(d.IssuingCountry)
	if country == "" {
		country = clean(d.CountryOfIssue)
	}
	desc := joinNonEmpty("; ", typ, clean(d.Number), country,
		prefixed("issued ", joinNonEmpty(", ", clean(d.DateOfIssue), clean(d.CityOfIssue))), clean(d.Note))
	if desc == "" {
		return
	}
	b.attr("document", desc)
	if num := clean(d.Number); num != "" {
		scheme := typ
		if scheme == "" {
			scheme = "Document"
		}
		if country != "" {
			scheme += " (" + country + ")"
		}
		b.identifier(scheme, num)
	}
	keepExtra(b, "document_", d.Extra)
}

func prefixed(prefix, s string) string {
	if s == "" {
		return ""
	}
	return prefix + s
}

package assess

import (
	"fmt"
	"github.com/collabcheck/collabcheck/internal/strictdoc"
	"math"
	"strings"
)

// MaxProposalBytes bounds a proposal file. A proposal is a few kilobytes;
// 1 MiB leaves room for long summaries while refusing a wrong path (a
// database, a video) before any work.
const MaxProposalBytes = 1 << 20

// Collaboration is a proposed research collaboration as a researcher
// describes it: who, what, with which data, IP, facilities, people and
// money. It is the input an assessment is run over; its json tags are the
// stored and file shape.
type Collaboration struct {
	// ID is a stable identifier given by whoever stores the record; files
	// may leave it empty.
	ID      string `json:"id,omitempty"`
	Title   string `json:"title"`
	Summary string `json:"summary,omitempty"`
	// ResearchField is the field in the researcher's own words ("ocean
	// carbon cycle modelling"); it is classified with the title and
	// summary.
	ResearchField string    `json:"research_field,omitempty"`
	Partners      []Partner `json:"partners"`
	Funders       []Funder  `json:"funders,omitempty"`
	// Countries are where the work takes place, as ISO 3166-1 alpha-2
	// codes (normalised to lower case, as list entities carry them).
	Countries  []string   `json:"countries,omitempty"`
	Data       []DataKind `json:"data,omitempty"`
	IP         IPTerms    `json:"ip,omitempty"`
	Facilities []Facility `json:"facilities,omitempty"`
	Visitors   []Visitor  `json:"visitors,omitempty"`
	// Value is the total value of the collaboration.
	Value *Money `json:"value,omitempty"`
	// DurationMonths is how long the collaboration runs.
	DurationMonths int `json:"duration_months,omitempty"`
}

// PartnerKind says whether a partner is an organisation or a named person.
type PartnerKind string

// Partner kinds. A person is screened by name and through each of their
// affiliations.
const (
	PartnerOrganisation PartnerKind = "organisation"
	PartnerPerson       PartnerKind = "person"
)

func (k PartnerKind) Check() error {
	switch k {
	case PartnerOrganisation, PartnerPerson:
		return nil
	}
	return fmt.Errorf("unknown partner kind %q (want organisation or person)", string(k))
}

// Partner is an organisation or a named person taking part.
type Partner struct {
	// Kind defaults to organisation when empty.
	Kind PartnerKind `json:"kind,omitempty"`
	Name string      `json:"name"`
	// Affiliations are a person's organisations as they write them
	// ("Sch Mat Sci, Example Univ, Harbin"); each is screened.
	Affiliations []string `json:"affiliations,omitempty"`
	Country      string   `json:"country,omitempty"`
	// Role is free text: lead, co-investigator, subcontractor, host.
	Role string `json:"role,omitempty"`
}

// Funder is a source of money for the collaboration.
type Funder struct {
	Name     string  `json:"name"`
	Country  string  `json:"country,omitempty"`
	Amount   float64 `json:"amount,omitempty"`
	Currency string  `json:"currency,omitempty"`
}

// Money is an amount in an ISO 4217 currency.
type Money struct {
	Amount   float64 `json:"amount"`
	Currency string  `json:"currency"`
}

// DataKind is a kind of data the collaboration involves.
type DataKind string

// Data kinds.
const (
	DataNone           DataKind = "none"
	DataPersonal       DataKind = "personal"
	DataHealthGenomic  DataKind = "health_genomic"
	DataOtherSensitive DataKind = "other_sensitive"
	DataBulkAggregated DataKind = "bulk_aggregated"
)

// DataKinds are the valid data kinds in a stable order.
var DataKinds = []DataKind{DataNone, DataPersonal, DataHealthGenomic, DataOtherSensitive, DataBulkAggregated}

func (k DataKind) Check() error { return checkEnum("data kind", k, DataKinds) }

// IPTerm is an enumerated intellectual-property arrangement.
type IPTerm string

// IP terms.
const (
	IPBackgroundShared          IPTerm = "background_ip_shared"
	IPForegroundOwnedByUs       IPTerm = "foreground_owned_by_us"
	IPForegroundOwnedByPartner  IPTerm = "foreground_owned_by_partner"
	IPJointOwnership            IPTerm = "joint_ownership"
	IPOpenLicence               IPTerm = "open_licence"
	IPExclusiveLicenceToPartner IPTerm = "exclusive_licence_to_partner"
	IPPublicationRestricted     IPTerm = "publication_restricted"
	IPNotAgreed                 IPTerm = "not_agreed"
)

// IPTermValues are the valid IP terms in a stable order.
var IPTermValues = []IPTerm{IPBackgroundShared, IPForegroundOwnedByUs, IPForegroundOwnedByPartner,
	IPJointOwnership, IPOpenLicence, IPExclusiveLicenceToPartner, IPPublicationRestricted, IPNotAgreed}

func (t IPTerm) Check() error { return checkEnum("IP term", t, IPTermValues) }

// IPTerms describe who owns and may use the IP: enumerated terms the policy
// can reason over, and the agreement's own wording.
type IPTerms struct {
	Terms []IPTerm `json:"terms,omitempty"`
	Notes string   `json:"notes,omitempty"`
}

// AccessDirection says whose facility is used by whom.
type AccessDirection string

// Access directions. Inbound is the one export-control and trusted-research
// guidance worries about: partner staff using our laboratories or equipment.
const (
	AccessInbound  AccessDirection = "inbound"
	AccessOutbound AccessDirection = "outbound"
)

func (a AccessDirection) Check() error {
	return checkEnum("access direction", a, []AccessDirection{AccessInbound, AccessOutbound})
}

// Facility is access to a facility or equipment.
type Facility struct {
	Name string `json:"name"`
	// Access is inbound (partner staff use ours) or outbound (we use
	// theirs).
	Access      AccessDirection `json:"access"`
	Description string          `json:"description,omitempty"`
}

// Visitor is a visiting researcher. Nationality drives ATAS-type checks;
// the name is optional so personal data stays minimal.
type Visitor struct {
	Name           string `json:"name,omitempty"`
	Nationality    string `json:"nationality"`
	Field          string `json:"field,omitempty"`
	DurationMonths int    `json:"duration_months,omitempty"`
}

func checkEnum[T ~string](what string, v T, valid []T) error {
	for _, x := range valid {
		if v == x {
			return nil
		}
	}
	names := make([]string, len(valid))
	for i, x := range valid {
		names[i] = string(x)
	}
	return fmt.Errorf("unknown %s %q (want one of %s)", what, string(v), strings.Join(names, ", "))
}

// ParseCollaboration reads a proposal from YAML or JSON bytes; name is the
// file name used in errors and to tell the format (.json, .yaml, .yml, or
// by content). It reports every problem it finds — unknown fields, wrong
// types, invalid values, missing title or partners — in one *ParseError,
// each with its path and line.
func ParseCollaboration(name string, data []byte) (Collaboration, error) {
	var c Collaboration
	d := strictdoc.NewDecoder()
	if err := d.Parse(name, data, MaxProposalBytes, &c); err != nil {
		return c, err
	}
	c.normalise()
	c.validate(d)
	if err := d.Err(name); err != nil {
		return Collaboration{}, err
	}
	return c, nil
}

// Validate checks a collaboration built in code or received through an
// API the same way ParseCollaboration checks a file, and returns the
// normalised record.
func (c Collaboration) Validate() (Collaboration, error) {
	d := strictdoc.NewDecoder()
	c.normalise()
	c.validate(d)
	if err := d.Err("collaboration"); err != nil {
		return Collaboration{}, err
	}
	return c, nil
}

func (c *Collaboration) normalise() {
	c.Title = strings.TrimSpace(c.Title)
	for i := range c.Partners {
		p := &c.Partners[i]
		if p.Kind == "" {
			p.Kind = PartnerOrganisation
		}
		p.Name = strings.TrimSpace(p.Name)
		p.Country = normCountry(p.Country)
	}
	for i := range c.Funders {
		c.Funders[i].Name = strings.TrimSpace(c.Funders[i].Name)
		c.Funders[i].Country = normCountry(c.Funders[i].Country)
		c.Funders[i].Currency = strings.ToUpper(strings.TrimSpace(c.Funders[i].Currency))
	}
	for i := range c.Countries {
		c.Countries[i] = normCountry(c.Countries[i])
	}
	for i := range c.Visitors {
		c.Visitors[i].Nationality = normCountry(c.Visitors[i].Nationality)
	}
	if c.Value != nil {
		c.Value.Currency = strings.ToUpper(strings.TrimSpace(c.Value.Currency))
	}
}

// normCountry lower-cases an ISO code and maps the common "UK" to "gb".
func normCountry(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "uk" {
		return "gb"
	}
	return s
}

func isCountryCode(s string) bool {
	return len(s) == 2 && s[0] >= 'a' && s[0] <= 'z' && s[1] >= 'a' && s[1] <= 'z'
}

func isCurrency(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := range 3 {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

const countryHint = "want an ISO 3166-1 alpha-2 code such as GB or CN"

// validate adds the semantic problems a strict decode cannot see.
func (c *Collaboration) validate(d *strictdoc.Decoder) {
	if c.Title == "" {
		d.ProblemAt("title", "title is required")
	}
	if len(c.Partners) == 0 {
		d.ProblemAt("partners", "at least one partner is required")
	}
	for i, p := range c.Partners {
		path := fmt.Sprintf("partners[%d]", i)
		if p.Name == "" {
			d.ProblemAt(strictdoc.Join(path, "name"), "partner name is required")
		}
		if p.Kind == PartnerOrganisation && len(p.Affiliations) > 0 {
			d.ProblemAt(strictdoc.Join(path, "affiliations"), "only a person has affiliations; list the organisation as its own partner")
		}
		for j, a := range p.Affiliations {
			if strings.TrimSpace(a) == "" {
				d.ProblemAt(fmt.Sprintf("%s.affiliations[%d]", path, j), "affiliation is empty")
			}
		}
		if p.Country != "" && !isCountryCode(p.Country) {
			d.ProblemAt(strictdoc.Join(path, "country"), "country %q: %s", p.Country, countryHint)
		}
	}
	for i, f := range c.Funders {
		path := fmt.Sprintf("funders[%d]", i)
		if f.Name == "" {
			d.ProblemAt(strictdoc.Join(path, "name"), "funder name is required")
		}
		if f.Country != "" && !isCountryCode(f.Country) {
			d.ProblemAt(strictdoc.Join(path, "country"), "country %q: %s", f.Country, countryHint)
		}
		checkMoney(d, path, f.Amount, f.Currency, false)
	}
	for i, s := range c.Countries {
		if !isCountryCode(s) {
			d.ProblemAt(fmt.Sprintf("countries[%d]", i), "country %q: %s", s, countryHint)
		}
	}
	if len(c.Data) > 1 {
		for i, k := range c.Data {
			if k == DataNone {
				d.ProblemAt(fmt.Sprintf("data[%d]", i), "\"none\" cannot be combined with other data kinds")
			}
		}
	}
	for i, f := range c.Facilities {
		path := fmt.Sprintf("facilities[%d]", i)
		if strings.TrimSpace(f.Name) == "" {
			d.ProblemAt(strictdoc.Join(path, "name"), "facility name is required")
		}
		if f.Access == "" {
			d.ProblemAt(strictdoc.Join(path, "access"), "access is required (inbound or outbound)")
		}
	}
	for i, v := range c.Visitors {
		path := fmt.Sprintf("visitors[%d]", i)
		if v.Nationality == "" {
			d.ProblemAt(strictdoc.Join(path, "nationality"), "nationality is required for ATAS-type checks")
		} else if !isCountryCode(v.Nationality) {
			d.ProblemAt(strictdoc.Join(path, "nationality"), "nationality %q: %s", v.Nationality, countryHint)
		}
		if v.DurationMonths < 0 {
			d.ProblemAt(strictdoc.Join(path, "duration_months"), "duration must not be negative")
		}
	}
	if c.Value != nil {
		checkMoney(d, "value", c.Value.Amount, c.Value.Currency, true)
	}
	if c.DurationMonths < 0 {
		d.ProblemAt("duration_months", "duration must not be negative")
	}
}

func checkMoney(d *strictdoc.Decoder, path string, amount float64, currency string, needCurrency bool) {
	if math.IsNaN(amount) || math.IsInf(amount, 0) || amount < 0 {
		d.ProblemAt(strictdoc.Join(path, "amount"), "amount must be a finite number not below zero")
	}
	if currency == "" {
		if needCurrency || amount != 0 {
			d.ProblemAt(strictdoc.Join(path, "currency"), "currency is required with an amount (ISO 4217, e.g. GBP)")
		}
	} else if !isCurrency(currency) {
		d.ProblemAt(strictdoc.Join(path, "currency"), "currency %q: want an ISO 4217 code such as GBP, EUR or CNY", currency)
	}
}

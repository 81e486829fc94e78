package secure

import (
	"fmt"
	"github.com/collabcheck/collabcheck/internal/strictdoc"
	"regexp"
	"strings"
	"time"
)

// DealType is the kind of deal being triaged.
type DealType string

// Deal types.
const (
	DealInvestment  DealType = "investment"
	DealAcquisition DealType = "acquisition"
	DealPartnership DealType = "partnership"
	DealCustomer    DealType = "customer"
	DealExport      DealType = "export"
)

// DealTypes lists the valid deal types in order.
var DealTypes = []DealType{DealInvestment, DealAcquisition, DealPartnership, DealCustomer, DealExport}

func (t DealType) Check() error { return checkEnum("deal type", t, DealTypes) }

// Role is what a counterparty is to the deal.
type Role string

// Counterparty roles.
const (
	RoleInvestor    Role = "investor"
	RoleAcquirer    Role = "acquirer"
	RolePartner     Role = "partner"
	RoleCustomer    Role = "customer"
	RoleSupplier    Role = "supplier"
	RoleDistributor Role = "distributor"
	RoleDirector    Role = "director"
	RolePerson      Role = "person"
)

// Roles lists the valid roles in order.
var Roles = []Role{RoleInvestor, RoleAcquirer, RolePartner, RoleCustomer, RoleSupplier, RoleDistributor, RoleDirector, RolePerson}

func (r Role) Check() error { return checkEnum("role", r, Roles) }

// PartyKind says whether a counterparty is an organisation or a person.
type PartyKind string

// Party kinds.
const (
	KindOrganisation PartyKind = "organisation"
	KindPerson       PartyKind = "person"
)

func (k PartyKind) Check() error {
	return checkEnum("kind", k, []PartyKind{KindOrganisation, KindPerson})
}

// Deal describes a deal or a product to triage.
type Deal struct {
	Company Company  `json:"company"`
	Type    DealType `json:"type"`
	// Product describes the product or technology in plain words; it is
	// what is classified against the sensitive areas.
	Product string `json:"product"`
	// Summary adds the deal's context; it is classified with Product.
	Summary string `json:"summary,omitempty"`
	// Destinations are the countries goods or technology go to (ISO
	// 3166-1 alpha-2), for exports.
	Destinations   []string       `json:"destinations,omitempty"`
	Counterparties []Counterparty `json:"counterparties"`
}

// Company is the company whose deal is triaged.
type Company struct {
	Name    string `json:"name"`
	Country string `json:"country,omitempty"`
}

// Counterparty is a named party of the deal: an investor, acquirer,
// partner, customer, supplier or a person such as a director.
type Counterparty struct {
	Name    string    `json:"name"`
	Role    Role      `json:"role"`
	Kind    PartyKind `json:"kind,omitempty"`
	Country string    `json:"country,omitempty"`
	// DateOfBirth (YYYY, YYYY-MM or YYYY-MM-DD) corroborates or rules out
	// a person's match.
	DateOfBirth string `json:"date_of_birth,omitempty"`
	// StakePercent is the holding of shares after the deal;
	// VotingPercent the voting rights, when they differ.
	StakePercent  *float64 `json:"stake_percent,omitempty"`
	VotingPercent *float64 `json:"voting_percent,omitempty"`
	// ExistingPercent is the holding before the deal.
	ExistingPercent float64 `json:"existing_percent,omitempty"`
	// BoardSeat and VetoRights are rights that can give material
	// influence.
	BoardSeat  bool `json:"board_seat,omitempty"`
	VetoRights bool `json:"veto_rights,omitempty"`
	// OwnedBy names the counterparty's known owners or backers; each is
	// screened too.
	OwnedBy []string `json:"owned_by,omitempty"`
}

// Holding is the larger of the stake and voting percentages, or -1 when
// neither is stated.
func (c Counterparty) Holding() float64 {
	h := -1.0
	if c.StakePercent != nil {
		h = *c.StakePercent
	}
	if c.VotingPercent != nil && *c.VotingPercent > h {
		h = *c.VotingPercent
	}
	return h
}

var dobPattern = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)

// validDate reports whether s is a real YYYY, YYYY-MM or YYYY-MM-DD date.
func validDate(s string) bool {
	if !dobPattern.MatchString(s) {
		return false
	}
	layout := map[int]string{4: "2006", 7: "2006-01", 10: "2006-01-02"}[len(s)]
	_, err := time.Parse(layout, s)
	return err == nil
}

// ParseDeal reads a deal from YAML or JSON. Every problem — unknown fields,
// wrong types, invalid deal type, role, kind, country or percentage, a
// missing company or product — is reported in one *ParseError with its
// path and line.
func ParseDeal(name string, data []byte) (Deal, error) {
	var dl Deal
	d := strictdoc.NewDecoder()
	if err := d.Parse(name, data, MaxFileBytes, &dl); err != nil {
		return dl, err
	}
	dl.normalise()
	dl.validate(d)
	if err := d.Err(name); err != nil {
		return Deal{}, err
	}
	return dl, nil
}

// Validate checks a deal built in code or received through an API the
// same way ParseDeal checks a file, and returns the normalised deal.
func (dl Deal) Validate() (Deal, error) {
	d := strictdoc.NewDecoder()
	dl.Counterparties = append([]Counterparty(nil), dl.Counterparties...)
	dl.normalise()
	dl.validate(d)
	if err := d.Err("deal"); err != nil {
		return Deal{}, err
	}
	return dl, nil
}

func (dl *Deal) normalise() {
	dl.Company.Name = strings.TrimSpace(dl.Company.Name)
	dl.Company.Country = normCountry(dl.Company.Country)
	dl.Product = strings.TrimSpace(dl.Product)
	for i := range dl.Destinations {
		dl.Destinations[i] = normCountry(dl.Destinations[i])
	}
	for i := range dl.Counterparties {
		c := &dl.Counterparties[i]
		c.Name = strings.TrimSpace(c.Name)
		c.Country = normCountry(c.Country)
		c.DateOfBirth = strings.TrimSpace(c.DateOfBirth)
		if c.Kind == "" {
			c.Kind = KindOrganisation
			if c.Role == RoleDirector || c.Role == RolePerson {
				c.Kind = KindPerson
			}
		}
		for j := range c.OwnedBy {
			c.OwnedBy[j] = strings.TrimSpace(c.OwnedBy[j])
		}
	}
}

const countryHint = "want an ISO 3166-1 alpha-2 code such as GB or CN"

func (dl *Deal) validate(d *strictdoc.Decoder) {
	if dl.Company.Name == "" {
		d.ProblemAt("company.name", "the company's name is required")
	}
	if dl.Company.Country != "" && !isCountryCode(dl.Company.Country) {
		d.ProblemAt("company.country", "invalid country %q: %s", dl.Company.Country, countryHint)
	}
	if dl.Type == "" {
		d.ProblemAt("type", "the deal type is required (one of investment, acquisition, partnership, customer, export)")
	}
	if dl.Product == "" {
		d.ProblemAt("product", "a description of the product or technology is required")
	}
	for i, c := range dl.Destinations {
		if !isCountryCode(c) {
			d.ProblemAt(fmt.Sprintf("destinations[%d]", i), "invalid country %q: %s", c, countryHint)
		}
	}
	for i, c := range dl.Counterparties {
		p := fmt.Sprintf("counterparties[%d]", i)
		if c.Name == "" {
			d.ProblemAt(p+".name", "a counterparty's name is required")
		}
		if c.Role == "" {
			d.ProblemAt(p+".role", "a counterparty's role is required")
		}
		if c.Country != "" && !isCountryCode(c.Country) {
			d.ProblemAt(p+".country", "invalid country %q: %s", c.Country, countryHint)
		}
		if c.DateOfBirth != "" {
			if c.Kind != KindPerson {
				d.ProblemAt(p+".date_of_birth", "only a person has a date of birth")
			} else if !validDate(c.DateOfBirth) {
				d.ProblemAt(p+".date_of_birth", "invalid date of birth %q (want YYYY, YYYY-MM or YYYY-MM-DD)", c.DateOfBirth)
			}
		}
		for _, f := range []struct {
			name string
			v    *float64
		}{{"stake_percent", c.StakePercent}, {"voting_percent", c.VotingPercent}, {"existing_percent", &c.ExistingPercent}} {
			if f.v != nil && (*f.v < 0 || *f.v > 100) {
				d.ProblemAt(p+"."+f.name, "percentage %v must be between 0 and 100", *f.v)
			}
		}
		for j, o := range c.OwnedBy {
			if o == "" {
				d.ProblemAt(fmt.Sprintf("%s.owned_by[%d]", p, j), "an owner's name is required")
			}
		}
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

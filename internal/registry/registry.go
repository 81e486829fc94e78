// Package registry holds the organisation registry's domain types:
// research organisations as the Research Organization Registry (ROR)
// publishes them. They are plain data with no I/O, shared by the store
// (which keeps registry versions), the affiliation resolver (pure core) and
// the HTTP API; package rordump reads ROR's data dump into them.
package registry

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// IDPrefix is how every ROR id begins; Org.ID always carries it.
const IDPrefix = "https://ror.org/"

// Name types, as ROR v2 spells them. One name can carry several (the
// display name is usually also a label).
const (
	NameLabel   = "label"       // an official name, one per language
	NameAlias   = "alias"       // another name the organisation is known by
	NameAcronym = "acronym"     // an abbreviation such as "MIT"
	NameDisplay = "ror_display" // the one name ROR shows; exactly one per record
)

// Status values of a record. Inactive and withdrawn records stay in the
// dump so that old ids still resolve, to their successors.
const (
	StatusActive    = "active"
	StatusInactive  = "inactive"
	StatusWithdrawn = "withdrawn"
)

// Relationship types. ROR records both directions: a parent lists its
// children and each child lists its parent.
const (
	RelParent      = "parent"
	RelChild       = "child"
	RelRelated     = "related"
	RelSuccessor   = "successor"
	RelPredecessor = "predecessor"
)

// Name is one name of an organisation with its ROR name types (see the
// Name* constants) and its language (an ISO 639-1 code, or "" when ROR
// gives none, as for most acronyms).
type Name struct {
	Value string   `json:"value"`
	Types []string `json:"types"`
	Lang  string   `json:"lang,omitempty"`
}

// Has reports whether the name carries the given type.
func (n Name) Has(typ string) bool {
	for _, t := range n.Types {
		if t == typ {
			return true
		}
	}
	return false
}

// Relationship links an organisation to another registry record: its
// parent, a child, a related organisation, or the record that succeeds or
// preceded it. ID is the other record's full ROR id; Label is its name as
// ROR gives it, so a relationship can be shown without a second lookup.
type Relationship struct {
	Type  string `json:"type"`
	ID    string `json:"id"`
	Label string `json:"label,omitempty"`
}

// ExternalID is an identifier of the organisation in another scheme
// (GRID, ISNI, Crossref Funder ID, Wikidata). All holds every value ROR
// lists; Preferred is the one it recommends, when it names one.
type ExternalID struct {
	Type      string   `json:"type"`
	All       []string `json:"all"`
	Preferred string   `json:"preferred,omitempty"`
}

// Org is one registry organisation. ID is the full ROR id
// ("https://ror.org/05abc1234"). Country is the ISO 3166-1 alpha-2 code in
// lower case and, with CountryName, City and Region (the state, province
// or other first-level division the city is in), comes from the record's
// first location. Types are ROR's organisation types (education, facility,
// funder, government, healthcare, nonprofit, company, archive, other).
// Established is the founding year, 0 when unknown. Links are the
// organisation's web addresses (website first, as ROR lists them).
type Org struct {
	ID            string         `json:"id"`
	Names         []Name         `json:"names"`
	Country       string         `json:"country,omitempty"`
	CountryName   string         `json:"country_name,omitempty"`
	City          string         `json:"city,omitempty"`
	Region        string         `json:"region,omitempty"`
	Types         []string       `json:"types,omitempty"`
	Status        string         `json:"status"`
	Relationships []Relationship `json:"relationships,omitempty"`
	Established   int            `json:"established,omitempty"`
	Domains       []string       `json:"domains,omitempty"`
	Links         []string       `json:"links,omitempty"`
	ExternalIDs   []ExternalID   `json:"external_ids,omitempty"`
}

// DisplayName returns the name to show for the organisation: the
// ror_display name, else the first label, else the first name, else the id.
func (o Org) DisplayName() string {
	for _, typ := range []string{NameDisplay, NameLabel} {
		for _, n := range o.Names {
			if n.Has(typ) {
				return n.Value
			}
		}
	}
	if len(o.Names) > 0 {
		return o.Names[0].Value
	}
	return o.ID
}

// Related returns the organisation's relationships of one type (see the
// Rel* constants), in the order the record lists them.
func (o Org) Related(typ string) []Relationship {
	var out []Relationship
	for _, r := range o.Relationships {
		if r.Type == typ {
			out = append(out, r)
		}
	}
	return out
}

// ErrBadID is returned (wrapped) by NormalizeID for text that is not a ROR
// id, so callers can answer a usage or 4xx error rather than "not found".
var ErrBadID = errors.New("not a ROR id")

// idPattern is the shape of a ROR id: a leading 0, six characters of
// Crockford's base32 (no i, l, o or u) and a two-digit checksum.
var idPattern = regexp.MustCompile(`^0[0-9a-hjkmnp-tv-z]{6}[0-9]{2}$`)

// NormalizeID turns the ways people write a ROR id ("https://ror.org/05abc1234",
// "ror.org/05abc1234", "05ABC1234") into the full id that Org.ID holds.
// It checks the id's shape, not its checksum.
func NormalizeID(s string) (string, error) {
	id := strings.ToLower(strings.TrimSpace(s))
	for _, p := range []string{"https://", "http://"} {
		id = strings.TrimPrefix(id, p)
	}
	id = strings.TrimPrefix(id, "www.")
	id = strings.TrimPrefix(id, "ror.org/")
	id = strings.TrimSuffix(id, "/")
	if !idPattern.MatchString(id) {
		return "", fmt.Errorf("%q: %w (want 9 characters like 05abc1234, optionally after https://ror.org/)", s, ErrBadID)
	}
	return IDPrefix + id, nil
}

// Validate checks what every stored organisation must have: a ROR id in
// full form, at least one non-empty name, a known status, and relationship
// ids. It also rejects NUL characters and invalid UTF-8, which databases
// cannot store in text columns. Readers and the store both call it.
func (o Org) Validate() error {
	if o.ID == "" {
		return errors.New("missing id")
	}
	if err := checkText(o.ID); err != nil {
		return fmt.Errorf("id %w", err)
	}
	if !strings.HasPrefix(o.ID, IDPrefix) || !idPattern.MatchString(o.ID[len(IDPrefix):]) {
		return fmt.Errorf("id %q is not a ROR id (want %s followed by 9 characters like 05abc1234)", o.ID, IDPrefix)
	}
	if len(o.Names) == 0 {
		return errors.New("missing names")
	}
	for i, n := range o.Names {
		if strings.TrimSpace(n.Value) == "" {
			return fmt.Errorf("name %d is empty", i+1)
		}
		if err := checkText(n.Value); err != nil {
			return fmt.Errorf("name %d %w", i+1, err)
		}
	}
	switch o.Status {
	case StatusActive, StatusInactive, StatusWithdrawn:
	case "":
		return errors.New("missing status")
	default:
		return fmt.Errorf("status %q is not one of active, inactive, withdrawn", o.Status)
	}
	for i, r := range o.Relationships {
		if r.ID == "" {
			return fmt.Errorf("relationship %d (%s) has no id", i+1, r.Type)
		}
		if err := checkText(r.ID); err != nil {
			return fmt.Errorf("relationship %d id %w", i+1, err)
		}
	}
	return nil
}

// checkText rejects strings that some databases cannot store in a text
// column: invalid UTF-8 and NUL characters.
func checkText(s string) error {
	if !utf8.ValidString(s) {
		return errors.New("is not valid UTF-8")
	}
	if strings.IndexByte(s, 0) >= 0 {
		return errors.New("contains a NUL character")
	}
	return nil
}

// Version is one immutable import of the registry, as the store keeps it.
// Exactly one version is active at a time; importing a new dump creates a
// new version and switches to it atomically.
type Version struct {
	ID            int64     `json:"id"`
	Number        int       `json:"version"`
	Source        string    `json:"source"`
	ContentHash   string    `json:"hash"`
	SchemaVersion string    `json:"schema_version,omitempty"`
	ImportedAt    time.Time `json:"imported_at"`
	OrgCount      int       `json:"org_count"`
	Active        bool      `json:"active"`
}

// Package watchlist holds the domain types of listed parties: entities as
// read from sanctions and defence-linked lists, and the versions those lists
// are imported as. It is pure data: no I/O, no clock, no globals, so every
// other package (readers, store, match engine, HTTP) can share it.
package watchlist

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"sort"
	"time"
)

// Kind says what sort of party an entity is.
type Kind string

// Entity kinds. Readers map their source's own types onto these.
const (
	KindOrganization Kind = "organization"
	KindPerson       Kind = "person"
	KindVessel       Kind = "vessel"
	KindOther        Kind = "other"
)

// NameKind says how a name relates to its entity.
type NameKind string

// Name kinds. Every entity has at least one primary name.
const (
	NamePrimary NameKind = "primary"
	NameAlias   NameKind = "alias"
	NameAcronym NameKind = "acronym"
	NameFormer  NameKind = "former"
)

// Name is one spelling of an entity's name, with its language when the
// source says or it can be told from the script ("zh" for Chinese script).
type Name struct {
	Value string   `json:"value"`
	Lang  string   `json:"lang,omitempty"`
	Kind  NameKind `json:"kind"`
}

// Address is a postal address as the source gives it. Country is an ISO
// 3166-1 alpha-2 code in lower case when it could be determined.
type Address struct {
	Text    string `json:"text,omitempty"`
	City    string `json:"city,omitempty"`
	Country string `json:"country,omitempty"`
}

// Identifier is a registration, tax, vessel or other id the source gives.
type Identifier struct {
	Scheme string `json:"scheme"`
	Value  string `json:"value"`
}

// Membership records why an entity is on a list: which list or sub-list
// (a CSL row's source, an FtM Sanction's authority), which program, the
// stated reason and when it was listed, and where the source publishes it.
type Membership struct {
	List      string `json:"list"`
	Program   string `json:"program,omitempty"`
	Reason    string `json:"reason,omitempty"`
	ListedOn  string `json:"listed_on,omitempty"`
	SourceURL string `json:"source_url,omitempty"`
}

// RelationType names how two parties are linked.
type RelationType string

// Relation types. Parent means the target owns, runs or supervises this
// entity; a hit on the target propagates to this entity's matches via it.
const (
	RelParent     RelationType = "parent"
	RelSubsidiary RelationType = "subsidiary"
	RelOwner      RelationType = "owner"
	RelRelated    RelationType = "related"
)

// Relation links an entity to another party. Target is the other entity's
// SourceID in the same list when the source identifies it; otherwise it is
// empty and TargetName carries the name the source gives. Role keeps the
// source's own wording ("director", "shareholder", "major defence
// laboratory").
type Relation struct {
	Type       RelationType `json:"type"`
	Target     string       `json:"target,omitempty"`
	TargetName string       `json:"target_name,omitempty"`
	Role       string       `json:"role,omitempty"`
}

// Entity is a listed party as one list version holds it. SourceID is the
// record's own id in its source file, kept verbatim (FtM id, MISP uuid,
// OFAC ent_num, UN DATAID, CSL id or entity_number); it is unique within a
// list version. Attributes keep everything else the record carries that has
// no field of its own (categories, supervising agencies, topics, dates of
// birth, nationalities) so nothing is silently dropped. Remarks keep free
// text comments.
type Entity struct {
	SourceID    string              `json:"source_id"`
	Kind        Kind                `json:"kind"`
	Names       []Name              `json:"names"`
	Countries   []string            `json:"countries,omitempty"`
	Addresses   []Address           `json:"addresses,omitempty"`
	Identifiers []Identifier        `json:"identifiers,omitempty"`
	Memberships []Membership        `json:"memberships,omitempty"`
	Relations   []Relation          `json:"relations,omitempty"`
	Remarks     []string            `json:"remarks,omitempty"`
	Attributes  map[string][]string `json:"attributes,omitempty"`
}

// PrimaryName returns the entity's first primary name, or its first name
// of any kind, or "" when it has none.
func (e *Entity) PrimaryName() string {
	for _, n := range e.Names {
		if n.Kind == NamePrimary {
			return n.Value
		}
	}
	if len(e.Names) > 0 {
		return e.Names[0].Value
	}
	return ""
}

// Hash returns a hex SHA-256 of the entity's canonical JSON. Two versions of
// a list hold "the same" record exactly when the hashes agree; lists diff
// relies on it.
func (e *Entity) Hash() string {
	b, _ := json.Marshal(e) // Entity has only marshalable fields
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Version is one immutable import of one list.
type Version struct {
	ID          int64     `json:"id"`
	List        string    `json:"list"`
	Number      int       `json:"version"`
	Format      string    `json:"format"`
	Source      string    `json:"source"`
	ContentHash string    `json:"hash"`
	ImportedAt  time.Time `json:"imported_at"`
	EntityCount int       `json:"entity_count"`
	Active      bool      `json:"active"`
}

// Change describes one entry that differs between two versions.
type Change struct {
	SourceID string `json:"source_id"`
	Name     string `json:"name"`
	// Fields lists the top-level fields that differ (for changed entries).
	Fields []string `json:"fields,omitempty"`
}

// Diff is what changed between two versions of a list.
type Diff struct {
	From    int      `json:"from"`
	To      int      `json:"to"`
	Added   []Change `json:"added"`
	Removed []Change `json:"removed"`
	Changed []Change `json:"changed"`
}

// Compare computes the diff from old to new, matching entries by SourceID.
// Results are sorted by SourceID so the output is deterministic.
func Compare(old, new []Entity) Diff {
	byID := make(map[string]*Entity, len(old))
	for i := range old {
		byID[old[i].SourceID] = &old[i]
	}
	var d Diff
	seen := make(map[string]bool, len(new))
	for i := range new {
		n := &new[i]
		seen[n.SourceID] = true
		o, ok := byID[n.SourceID]
		if !ok {
			d.Added = append(d.Added, Change{SourceID: n.SourceID, Name: n.PrimaryName()})
			continue
		}
		if f := changedFields(o, n); len(f) > 0 {
			d.Changed = append(d.Changed, Change{SourceID: n.SourceID, Name: n.PrimaryName(), Fields: f})
		}
	}
	for i := range old {
		if !seen[old[i].SourceID] {
			d.Removed = append(d.Removed, Change{SourceID: old[i].SourceID, Name: old[i].PrimaryName()})
		}
	}
	for _, s := range [][]Change{d.Added, d.Removed, d.Changed} {
		sort.Slice(s, func(i, j int) bool { return s[i].SourceID < s[j].SourceID })
	}
	return d
}

func changedFields(a, b *Entity) []string {
	var ma, mb map[string]json.RawMessage
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	_ = json.Unmarshal(ja, &ma)
	_ = json.Unmarshal(jb, &mb)
	var out []string
	for k, v := range ma {
		if string(mb[k]) != string(v) {
			out = append(out, k)
		}
	}
	for k := range mb {
		if _, ok := ma[k]; !ok {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

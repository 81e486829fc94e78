package assess

import (
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// Facts are what the policy draws on beyond the collaboration record
// itself: the screening candidates for every party, and the technology
// classification of the proposal text. The caller computes them (screening
// and classifying are the edges' job) and passes them in, so Assess stays
// pure.
type Facts struct {
	// Hits are screening candidates for the parties: hits (Match true) and
	// near misses, which the policy may flag for human review.
	Hits []PartyHit `json:"hits"`
	// Areas are the sensitive technology areas assigned to the proposal.
	Areas []Label `json:"areas"`
	// Fields are the opportunity fields assigned to the proposal.
	Fields []Label `json:"fields"`
	// Hints point to export-control categories and ATAS subjects.
	Hints []Hint `json:"hints"`
	// Visitors classify each visiting researcher's own field, by index
	// into Collaboration.Visitors.
	Visitors []VisitorFacts `json:"visitors,omitempty"`
}

// PartyHit is one screening candidate for one party of the collaboration.
type PartyHit struct {
	// Party is the path of the party in the collaboration:
	// "partners[0]", "partners[1].affiliations[0]", "funders[0]".
	Party string `json:"party"`
	// Query is the name or affiliation string that was screened.
	Query string `json:"query"`
	// List is the list the entity was found on, as stored ("ofac_sdn").
	List     string `json:"list"`
	SourceID string `json:"source_id"`
	// Name is the listed entity's name.
	Name  string  `json:"name"`
	Score float64 `json:"score"`
	// Match says the score reached the screening threshold.
	Match bool `json:"match"`
	// Memberships say why the entity is listed: the list or authority, the
	// program or designation (an ASPI category, a sanctions program,
	// "Section 1286 …"), the reason and where it is published.
	Memberships []watchlist.Membership `json:"memberships,omitempty"`
	// Via is the path from the matched entity to the listed party, one
	// "relation: name" step each ("parent: Example Institute of
	// Technology").
	Via []string `json:"via,omitempty"`
	// Categories are hit categories the caller already knows apply; the
	// policy's own category rules add to them.
	Categories []string `json:"categories,omitempty"`
}

// Label is one assigned technology area or opportunity field.
type Label struct {
	ID    string  `json:"id"`
	Score float64 `json:"score"`
	// Phrases are the phrases in the text that led to the label.
	Phrases []string `json:"phrases,omitempty"`
}

// Hint is a pointer to an official list that may apply.
type Hint struct {
	// Kind is "export_control" or "atas".
	Kind  string   `json:"kind"`
	Code  string   `json:"code"`
	Title string   `json:"title,omitempty"`
	Areas []string `json:"areas,omitempty"`
}

// Hint kinds, as the technology classifier names them.
const (
	HintExportControl = "export_control"
	HintATAS          = "atas"
)

// VisitorFacts is the classification of one visitor's field.
type VisitorFacts struct {
	// Visitor is the index into Collaboration.Visitors.
	Visitor int `json:"visitor"`
	// Areas are the sensitive areas the visitor's field was assigned.
	Areas []string `json:"areas,omitempty"`
	// ATAS are the CAH3 codes of ATAS subjects the field relates to.
	ATAS []string `json:"atas,omitempty"`
}

// Versions are the data versions an assessment was made with, recorded so
// a decision can be reproduced and explained later.
type Versions struct {
	Lists []ListVersion `json:"lists"`
	// Taxonomy is the technology taxonomy's version.
	Taxonomy string `json:"taxonomy,omitempty"`
}

// ListVersion identifies one list version.
type ListVersion struct {
	List    string `json:"list"`
	Version int    `json:"version"`
	Hash    string `json:"hash,omitempty"`
}

// Package evalset builds development sets that measure name screening and
// pairwise name matching, and scores an engine against them.
//
// The screening sets are generated from the real list files: Positives
// turns each listed Chinese institution or company into the spellings it
// meets in the wild (Web of Science abbreviations, full affiliation strings,
// Chinese names followed by a school, single typos, lower case), and
// Negatives gives similarly named institutions that are not listed (registry
// organisations in China that share a place name with a listed one, and
// synthetic look-alikes such as "Harbin Medical University"). Pairs is a
// hand-written set of hard person and company pairs.
//
// The package deliberately does not import internal/names or internal/match:
// a measuring stick that shares the engine's normaliser or abbreviation table
// would share its blind spots. Its own text handling is plain and
// conservative, and it only decides what a correct answer is.
package evalset

// Case is one screening query with its expected answer. WantSourceIDs are
// the listed records any of which is a correct top-1 hit: the entity the
// query was made from, every entity that is the same party in another list
// (same normalised name), and for a child (an ASPI subsidiary or lab, a
// 1260H subsidiary, a "Parent, Unit" record) its parent too. An empty
// WantSourceIDs marks a negative: nothing should match.
type Case struct {
	Query string
	// Variant names the kind of spelling: "exact", "wos", "affiliation",
	// "chinese_dept", "typo", "lower" for positives; "registry",
	// "registry_wos", "registry_zh", "registry_affiliation", "synthetic",
	// "synthetic_wos", "synthetic_zh" for negatives.
	Variant       string
	WantSourceIDs []string
	// Note says where the case came from (the source name, the registry id,
	// "synthetic: ..."), for reading a report.
	Note string
}

// Negative reports whether the case expects no match.
func (c Case) Negative() bool { return len(c.WantSourceIDs) == 0 }

// ListedEntity is a listed party reduced to what the generators need.
// SourceID follows the list's own id, with these conventions (documented
// here because the engine's readers may use others):
//   - ASPI (MISP galaxy): the value's uuid; a subsidiary is
//     "<uuid>/sub/<i>" and a major defence laboratory "<uuid>/lab/<i>", i
//     its 0-based position in the source array, with ParentSourceID the
//     uuid. Items that are remarks ("Jointly run with ...") make no entity,
//     and "Aka X" adds X to the item before it.
//   - FtM files: the entity id.
//   - CSL: the newer layouts' _id or id, else entity_number, else a
//     content id: "h" and the first 16 hex digits of the SHA-256 of the
//     row's source, name and addresses ("; "-joined) separated by NUL
//     bytes, stable when the file is reordered.
//   - OFAC: ent_num. UN: DATAID.
type ListedEntity struct {
	List     string
	SourceID string
	// Kind is "organization", "person", "vessel" or "other" (as in
	// internal/watchlist).
	Kind string
	// Names holds every name the record gives: primary first, then
	// aliases, former names and Chinese-script names.
	Names []string
	// Countries are ISO 3166-1 alpha-2 codes in lower case where known,
	// otherwise the source's country name in lower case.
	Countries []string
	// Addresses are free-text addresses, used to find a city for
	// affiliation strings.
	Addresses      []string
	ParentSourceID string
	// parentName is a parent given only by name (1260H), resolved into
	// ParentSourceID by the reader when possible.
	parentName string
}

// RegistryOrg is a registry (ROR) organisation reduced to what the negative
// generator needs.
type RegistryOrg struct {
	ID string
	// Names holds every name (display, labels, aliases, acronyms); the
	// display name comes first.
	Names []string
	// Country is the ISO 3166-1 alpha-2 code in lower case.
	Country string
	// City is the first location's city name.
	City    string
	Status  string
	Parents []string
}

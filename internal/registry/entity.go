package registry

import (
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// ListName is the list name registry organisations carry when they are put
// in a match index next to (or instead of) watch lists.
const ListName = "ror"

// Entity maps the organisation onto a watchlist.Entity, so that the match
// index (internal/match) can search the registry with the same
// normalisation and scoring as the watch lists. SourceID is the full ROR
// id. The ror_display name comes first as the primary name, other labels
// (the name in other languages) and aliases become aliases, and acronyms
// stay acronyms, each with its language. Parent relationships become parent
// relations by ROR id, so an index over the whole registry links a lab to
// its institution; children become subsidiaries and the other relationships
// related, keeping ROR's type as the role. Status and types are kept as
// attributes, the other ids as identifiers.
func (o Org) Entity() watchlist.Entity {
	e := watchlist.Entity{
		SourceID: o.ID,
		Kind:     watchlist.KindOrganization,
		Identifiers: []watchlist.Identifier{
			{Scheme: "ror", Value: o.ID},
		},
		Attributes: map[string][]string{"status": {o.Status}},
	}
	// The display name first, so that it is the entity's primary name.
	for _, n := range o.Names {
		if n.Has(NameDisplay) {
			e.Names = append(e.Names, watchlist.Name{Value: n.Value, Lang: n.Lang, Kind: watchlist.NamePrimary})
			break
		}
	}
	for _, n := range o.Names {
		kind := watchlist.NameAlias
		switch {
		case n.Has(NameDisplay) && len(e.Names) > 0 && e.Names[0].Value == n.Value:
			continue // already first
		case n.Has(NameAcronym):
			kind = watchlist.NameAcronym
		case len(e.Names) == 0:
			kind = watchlist.NamePrimary // no display name: the first other name stands in
		}
		e.Names = append(e.Names, watchlist.Name{Value: n.Value, Lang: n.Lang, Kind: kind})
	}
	if o.Country != "" {
		e.Countries = []string{o.Country}
	}
	if o.City != "" || o.Country != "" {
		e.Addresses = []watchlist.Address{{City: o.City, Country: o.Country}}
	}
	for _, r := range o.Relationships {
		rel := watchlist.Relation{Target: r.ID, TargetName: r.Label, Role: r.Type}
		switch r.Type {
		case RelParent:
			rel.Type = watchlist.RelParent
		case RelChild:
			rel.Type = watchlist.RelSubsidiary
		default:
			rel.Type = watchlist.RelRelated
		}
		e.Relations = append(e.Relations, rel)
	}
	for _, x := range o.ExternalIDs {
		vals := x.All
		if x.Preferred != "" {
			vals = []string{x.Preferred}
		}
		for _, v := range vals {
			e.Identifiers = append(e.Identifiers, watchlist.Identifier{Scheme: x.Type, Value: v})
		}
	}
	if len(o.Types) > 0 {
		e.Attributes["types"] = append([]string(nil), o.Types...)
	}
	return e
}

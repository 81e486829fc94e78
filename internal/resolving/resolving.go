// Package resolving connects affiliation resolution to storage and to the
// watch lists: it builds a resolver from the active registry version,
// swaps it in atomically, and reports list hits for each resolved
// organisation and its registry ancestors, so a lab is caught through its
// listed parent.
package resolving

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/collabcheck/collabcheck/internal/match"
	"github.com/collabcheck/collabcheck/internal/registry"
	"github.com/collabcheck/collabcheck/internal/resolve"
	"github.com/collabcheck/collabcheck/internal/screening"
	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// ErrNoRegistry is returned before a registry has been imported.
var ErrNoRegistry = errors.New("no registry imported yet: run `collabcheck registry import FILE`")

// LinkThreshold is the score at which a registry organisation and a listed
// entity are taken to be the same party.
const LinkThreshold = 0.9

// maxAncestors bounds the walk up the registry hierarchy.
const maxAncestors = 6

// snapshot is one registry version with its resolver and link memo.
type snapshot struct {
	version  registry.Version
	resolver *resolve.Resolver
	orgs     map[string]*registry.Org
	mu       sync.Mutex
	links    map[string][]match.Match // org id → listed entities that are the same party
	listsAt  *match.Index             // the list index the memo was computed on
}

// Service resolves affiliations and reports list hits.
type Service struct {
	reg   store.Registry
	lists *screening.Service
	cur   atomic.Pointer[snapshot]
	mu    sync.Mutex // serialises reloads
}

// New returns a Service over the registry store and the list screening
// service. Call Reload to load the registry.
func New(reg store.Registry, lists *screening.Service) *Service {
	return &Service{reg: reg, lists: lists}
}

// Reload builds a resolver from the active registry version and swaps it
// in; on error the previous one stays in force.
func (s *Service) Reload(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var orgs []registry.Org
	v, err := s.reg.ActiveOrgs(ctx, func(o registry.Org) error {
		orgs = append(orgs, o)
		return nil
	})
	if errors.Is(err, store.ErrNotFound) || (err == nil && len(orgs) == 0) {
		return ErrNoRegistry
	}
	if err != nil {
		return fmt.Errorf("load registry: %w", err)
	}
	snap := &snapshot{version: v, resolver: resolve.New(orgs), orgs: make(map[string]*registry.Org, len(orgs)), links: map[string][]match.Match{}}
	for i := range orgs {
		snap.orgs[orgs[i].ID] = &orgs[i]
	}
	s.cur.Store(snap)
	return nil
}

// WarmUp starts, on another goroutine, the learning the current resolver
// otherwise does while resolving its first string (see
// resolve.Resolver.Warm): a server calls it after each load, so that the
// first request after a start or a registry update does not wait for it.
// It does nothing when no registry is loaded.
func (s *Service) WarmUp() {
	if snap := s.cur.Load(); snap != nil {
		go snap.resolver.Warm()
	}
}

// Ready reports whether a registry is loaded.
func (s *Service) Ready() bool { return s.cur.Load() != nil }

// Version returns the registry version in use.
func (s *Service) Version() (registry.Version, error) {
	snap := s.cur.Load()
	if snap == nil {
		return registry.Version{}, ErrNoRegistry
	}
	return snap.version, nil
}

// Result is what one affiliation string resolves to, with the list hits
// of the resolved organisations and their ancestors.
type Result struct {
	Input string        `json:"input"`
	Orgs  []resolve.Org `json:"orgs"`
	Hits  []match.Match `json:"hits"`
	Error string        `json:"error,omitempty"`
	// Named are the organisations the string also writes out beside a
	// chosen one (resolve.Result.Named), and NamedHits their list hits
	// and their ancestors' not among Hits: screening reads them, so a
	// listed organisation written beside a university is not missed. The
	// resolve contract's JSON object leaves them out.
	Named     []resolve.Org `json:"-"`
	NamedHits []match.Match `json:"-"`
	// UnknownHits are the listed organisations that organisation segments
	// no registry organisation explains (resolve.Result.Unknown) name
	// whole: an organisation the registry does not hold, written beside
	// one it does, is screened against the lists directly.
	UnknownHits []match.Match `json:"-"`
}

// Resolve resolves one string.
func (s *Service) Resolve(input string) (Result, error) {
	snap := s.cur.Load()
	if snap == nil {
		return Result{Input: input, Orgs: []resolve.Org{}, Hits: []match.Match{}}, ErrNoRegistry
	}
	r, err := snap.resolver.Resolve(input, resolve.Options{})
	out := Result{Input: input, Orgs: r.Orgs, Hits: []match.Match{}}
	if err != nil {
		return out, err
	}
	seen := map[string]bool{}
	out.Hits = s.appendHits(snap, out.Hits, r.Orgs, seen)
	out.Named = r.Named
	out.NamedHits = s.appendHits(snap, nil, r.Named, seen)
	out.UnknownHits = s.listedNames(r.Unknown, seen)
	return out, nil
}

// listedNames screens each text against the lists and returns the listed
// organisations, not yet seen, whose name one of them is whole, as a
// registry organisation is linked to its listed entity (see linksOf).
func (s *Service) listedNames(texts []string, seen map[string]bool) []match.Match {
	var out []match.Match
	ix := s.lists.Index()
	for _, t := range texts {
		for _, m := range listedAs(ix, t, match.Options{Kind: watchlist.KindOrganization, LeadingMatches: true}) {
			if key := m.List + "\x00" + m.SourceID; !seen[key] {
				seen[key] = true
				out = append(out, m)
			}
		}
	}
	return out
}

// listedAs returns the listed entities that name, an organisation's, is
// the name of: screened at LinkThreshold with opt's country and kind, and
// matched whole, not just by the institution a school's name begins with
// (哈尔滨工业大学航天学院 is not 哈尔滨工业大学): the pair is checked
// without affiliation parsing.
func listedAs(ix *match.Index, name string, opt match.Options) []match.Match {
	opt.Limit, opt.Threshold = 3, LinkThreshold
	ms, err := ix.Screen(name, opt)
	if err != nil {
		return nil
	}
	return slices.DeleteFunc(ms, func(m match.Match) bool {
		if !m.Match {
			return true
		}
		p, err := match.Pair(name, m.MatchedName, watchlist.KindOrganization, LinkThreshold)
		return err != nil || !p.Match
	})
}

// appendHits appends to hits those of each of orgs (see hitsFor) not yet
// seen, each listed entity once, and those of the record each was chosen
// through (resolve.Org.Via: a retired record, or a university's faculty
// the university stands for), which the string named.
func (s *Service) appendHits(snap *snapshot, hits []match.Match, orgs []resolve.Org, seen map[string]bool) []match.Match {
	for _, o := range orgs {
		for _, id := range []string{o.ID, o.Via} {
			if id == "" {
				continue
			}
			for _, h := range s.hitsFor(snap, id) {
				key := h.List + "\x00" + h.SourceID
				if !seen[key] {
					seen[key] = true
					hits = append(hits, h)
				}
			}
		}
	}
	return hits
}

// hitsFor returns the listed entities linked to the organisation or one of
// its registry ancestors; Via starts with the registry path.
func (s *Service) hitsFor(snap *snapshot, id string) []match.Match {
	var out []match.Match
	var path []match.Step
	cur := id
	visited := map[string]bool{}
	seen := map[string]bool{} // a listed entity is reported once, by its shortest path
	for depth := 0; depth <= maxAncestors && cur != "" && !visited[cur]; depth++ {
		visited[cur] = true
		for _, m := range s.linksOf(snap, cur) {
			if key := m.List + "\x00" + m.SourceID; seen[key] {
				continue
			} else {
				seen[key] = true
			}
			h := m
			h.Via = append(append([]match.Step{}, path...), m.Via...)
			out = append(out, h)
		}
		o := snap.orgs[cur]
		if o == nil {
			break
		}
		parents := o.Related(registry.RelParent)
		if len(parents) == 0 {
			break
		}
		p := parents[0]
		name := p.Label
		if po := snap.orgs[p.ID]; po != nil {
			name = po.DisplayName()
		}
		path = append(path, match.Step{Relation: "parent", List: registry.ListName, SourceID: p.ID, Name: name})
		cur = p.ID
	}
	return out
}

// linksOf returns the listed entities that are the same party as the
// registry organisation: its names screened against the lists at
// LinkThreshold, in the organisation's country. Results are memoised per
// list index, so they follow list changes.
func (s *Service) linksOf(snap *snapshot, id string) []match.Match {
	ix := s.lists.Index()
	snap.mu.Lock()
	if snap.listsAt != ix {
		snap.links = map[string][]match.Match{}
		snap.listsAt = ix
	}
	if l, ok := snap.links[id]; ok {
		snap.mu.Unlock()
		return l
	}
	snap.mu.Unlock()
	o := snap.orgs[id]
	var links []match.Match
	if o != nil {
		best := map[string]match.Match{}
		for _, n := range o.Names {
			if n.Has(registry.NameAcronym) {
				continue // an acronym alone is too weak to call two parties one
			}
			for _, m := range listedAs(ix, n.Value, match.Options{Country: o.Country}) {
				key := m.List + "\x00" + m.SourceID
				if b, ok := best[key]; !ok || m.Score > b.Score {
					best[key] = m
				}
			}
		}
		for _, m := range best {
			links = append(links, m)
		}
		sort.Slice(links, func(i, j int) bool {
			if links[i].Score != links[j].Score {
				return links[i].Score > links[j].Score
			}
			return links[i].List+links[i].SourceID < links[j].List+links[j].SourceID
		})
	}
	snap.mu.Lock()
	snap.links[id] = links
	snap.mu.Unlock()
	return links
}

// OrgView is a registry organisation with its neighbours and list links.
type OrgView struct {
	Org       registry.Org  `json:"org"`
	Parents   []OrgRef      `json:"parents"`
	Children  []OrgRef      `json:"children"`
	ListLinks []match.Match `json:"list_links"`
	Hits      []match.Match `json:"hits"`
}

// OrgRef names a related organisation.
type OrgRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Org returns one organisation (any ROR id form) with its parents,
// children, the listed entities it is linked to, and the hits it inherits
// from its ancestors. It returns store.ErrNotFound for unknown ids.
func (s *Service) Org(id string) (OrgView, error) {
	snap := s.cur.Load()
	if snap == nil {
		return OrgView{}, ErrNoRegistry
	}
	full, err := registry.NormalizeID(id)
	if err != nil {
		return OrgView{}, err
	}
	o := snap.orgs[full]
	if o == nil {
		return OrgView{}, fmt.Errorf("organisation %s: %w", full, store.ErrNotFound)
	}
	v := OrgView{Org: *o, Parents: []OrgRef{}, Children: []OrgRef{}, ListLinks: s.linksOf(snap, full), Hits: s.hitsFor(snap, full)}
	if v.ListLinks == nil {
		v.ListLinks = []match.Match{}
	}
	if v.Hits == nil {
		v.Hits = []match.Match{}
	}
	for _, r := range o.Related(registry.RelParent) {
		v.Parents = append(v.Parents, ref(snap, r))
	}
	for _, r := range o.Related(registry.RelChild) {
		v.Children = append(v.Children, ref(snap, r))
	}
	return v, nil
}

func ref(snap *snapshot, r registry.Relationship) OrgRef {
	if o := snap.orgs[r.ID]; o != nil {
		return OrgRef{ID: r.ID, Name: o.DisplayName()}
	}
	return OrgRef{ID: r.ID, Name: r.Label}
}

// Search finds registry organisations by name.
func (s *Service) Search(q string, limit int) ([]match.Match, error) {
	snap := s.cur.Load()
	if snap == nil {
		return nil, ErrNoRegistry
	}
	return snap.resolver.Index().Screen(q, match.Options{Limit: limit})
}

// Mentions reports whether s mentions the organisation id at all (see
// resolve.Resolver.Mentions); false without a registry.
func (s *Service) Mentions(id, text string) bool {
	snap := s.cur.Load()
	return snap != nil && snap.resolver.Mentions(id, text)
}

// WhyChosen names the resolver's rule behind choosing id where the
// labels do not hold it (see resolve.Resolver.WhyChosen); "" without a
// registry.
func (s *Service) WhyChosen(id string, labels []string) string {
	if snap := s.cur.Load(); snap != nil {
		return snap.resolver.WhyChosen(id, labels)
	}
	return ""
}

// WhyMissed names the resolver's rule behind not choosing the label
// (see resolve.Resolver.WhyMissed); "" without a registry.
func (s *Service) WhyMissed(label string, chosen []string) string {
	if snap := s.cur.Load(); snap != nil {
		return snap.resolver.WhyMissed(label, chosen)
	}
	return ""
}

// Known reports whether the active registry holds the organisation.
func (s *Service) Known(id string) bool {
	snap := s.cur.Load()
	return snap != nil && snap.orgs[id] != nil
}

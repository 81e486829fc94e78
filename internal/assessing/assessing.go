// Package assessing runs an assessment end to end: it screens every party
// of a collaboration against the loaded lists, classifies its text into
// sensitive technology areas and opportunity fields, and runs the policy
// over those facts. It is the edge that joins the screening service and
// the classifier to the pure assess package, shared by the CLI and the
// HTTP API so both assess a proposal identically.
package assessing

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/collabcheck/collabcheck/internal/assess"
	"github.com/collabcheck/collabcheck/internal/match"
	"github.com/collabcheck/collabcheck/internal/screening"
	"github.com/collabcheck/collabcheck/internal/techarea"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// ScreenLimit is how many candidates are kept per screened name: the hits
// and the near misses the policy may flag for review.
const ScreenLimit = 5

// ErrNoLists is returned when no list is loaded, so partners cannot be
// screened and an assessment would wrongly look clean.
var ErrNoLists = errors.New("no list is loaded: import lists before assessing, so partners can be screened")

// Assessor assesses collaborations. It is safe for concurrent use.
type Assessor struct {
	svc *screening.Service
	cl  *techarea.Classifier
	def *assess.Policy

	mu       sync.Mutex
	policies map[[32]byte]*assess.Policy // parsed tenant overrides by source hash
}

// New returns an Assessor over the screening service and classifier, with
// the embedded default policy.
func New(svc *screening.Service, cl *techarea.Classifier) (*Assessor, error) {
	if svc == nil || cl == nil {
		return nil, errors.New("assessing: a screening service and a classifier are required")
	}
	def, err := assess.DefaultPolicy()
	if err != nil {
		return nil, fmt.Errorf("assessing: embedded policy: %w", err)
	}
	return &Assessor{svc: svc, cl: cl, def: def, policies: map[[32]byte]*assess.Policy{}}, nil
}

// DefaultPolicy returns the embedded default policy.
func (a *Assessor) DefaultPolicy() *assess.Policy { return a.def }

// Policy returns the default policy merged with a tenant's override
// source (YAML or JSON); an empty source is the default. Parsed overrides
// are cached by content, so a tenant's policy is parsed once. An invalid
// override is an *assess.ParseError naming its lines.
func (a *Assessor) Policy(name string, override []byte) (*assess.Policy, error) {
	if len(strings.TrimSpace(string(override))) == 0 {
		return a.def, nil
	}
	key := sha256.Sum256(override)
	a.mu.Lock()
	p, ok := a.policies[key]
	a.mu.Unlock()
	if ok {
		return p, nil
	}
	p, err := a.def.WithOverride(name, override)
	if err != nil {
		return nil, err
	}
	a.mu.Lock()
	if len(a.policies) > 1000 { // bounded: a policy edit loop cannot grow it without end
		clear(a.policies)
	}
	a.policies[key] = p
	a.mu.Unlock()
	return p, nil
}

// Assess screens and classifies c and runs policy p (nil means the
// default) over the facts. The assessment records the list and taxonomy
// versions used.
func (a *Assessor) Assess(c assess.Collaboration, p *assess.Policy) (assess.Assessment, error) {
	if !a.svc.Ready() {
		return assess.Assessment{}, ErrNoLists
	}
	if p == nil {
		p = a.def
	}
	facts, err := Facts(c, a.svc, a.cl)
	if err != nil {
		return assess.Assessment{}, err
	}
	return assess.Assess(c, facts, p, Versions(a.svc.Versions(), a.cl)), nil
}

// screenTarget is one name of the proposal to screen.
type screenTarget struct {
	party, query, country string
	kind                  watchlist.Kind
}

// Facts screens the proposal's parties (partners, their affiliations and
// funders) and classifies its text and its visitors' fields.
func Facts(c assess.Collaboration, svc *screening.Service, cl *techarea.Classifier) (assess.Facts, error) {
	var targets []screenTarget
	for i, p := range c.Partners {
		party := fmt.Sprintf("partners[%d]", i)
		kind := watchlist.Kind("")
		if p.Kind == assess.PartnerPerson {
			kind = watchlist.KindPerson
		}
		targets = append(targets, screenTarget{party, p.Name, p.Country, kind})
		for j, a := range p.Affiliations {
			targets = append(targets, screenTarget{fmt.Sprintf("%s.affiliations[%d]", party, j), a, p.Country, ""})
		}
	}
	for i, f := range c.Funders {
		targets = append(targets, screenTarget{fmt.Sprintf("funders[%d]", i), f.Name, f.Country, ""})
	}
	facts := assess.Facts{Hits: []assess.PartyHit{}}
	for _, t := range targets {
		r, err := svc.Screen(t.query, match.Options{Limit: ScreenLimit, Country: t.country, Kind: t.kind})
		if err != nil {
			return facts, fmt.Errorf("screen %s %q: %w", t.party, t.query, err)
		}
		for _, m := range r.Matches {
			facts.Hits = append(facts.Hits, partyHit(t, m))
		}
	}
	res, err := cl.Classify(techarea.Document{ID: c.ID, Title: c.Title, Abstract: strings.TrimSpace(c.Summary + "\n" + c.ResearchField)})
	if err != nil && !errors.Is(err, techarea.ErrEmpty) {
		return facts, fmt.Errorf("classify the proposal: %w", err)
	}
	facts.Areas = labelsOf(res.Areas)
	facts.Fields = labelsOf(res.Fields)
	facts.Hints = hintsOf(res.Hints)
	for i, v := range c.Visitors {
		if strings.TrimSpace(v.Field) == "" {
			continue
		}
		vr, err := cl.Classify(techarea.Document{Title: v.Field})
		if err != nil {
			return facts, fmt.Errorf("classify visitors[%d].field: %w", i, err)
		}
		vf := assess.VisitorFacts{Visitor: i}
		for _, l := range vr.Areas {
			vf.Areas = append(vf.Areas, l.ID)
		}
		for _, h := range vr.Hints {
			if h.Kind == techarea.HintATAS {
				vf.ATAS = append(vf.ATAS, h.Code)
			}
		}
		facts.Visitors = append(facts.Visitors, vf)
	}
	return facts, nil
}

func partyHit(t screenTarget, m match.Match) assess.PartyHit {
	h := assess.PartyHit{Party: t.party, Query: t.query, List: m.List, SourceID: m.SourceID, Name: m.Name,
		Score: m.Score, Match: m.Match, Memberships: m.Memberships}
	for _, s := range m.Via {
		h.Via = append(h.Via, s.Relation+": "+s.Name)
	}
	return h
}

func labelsOf(ls []techarea.Label) []assess.Label {
	out := []assess.Label{}
	for _, l := range ls {
		al := assess.Label{ID: l.ID, Score: l.Score}
		seen := map[string]bool{}
		for _, e := range l.Evidence {
			if !seen[e.Phrase] {
				seen[e.Phrase] = true
				al.Phrases = append(al.Phrases, e.Phrase)
			}
		}
		out = append(out, al)
	}
	return out
}

func hintsOf(hs []techarea.Hint) []assess.Hint {
	out := []assess.Hint{}
	for _, h := range hs {
		out = append(out, assess.Hint{Kind: h.Kind, Code: h.Code, Title: h.Title, Areas: h.Areas})
	}
	return out
}

// Versions records the list versions and taxonomy version behind facts.
func Versions(vs []watchlist.Version, cl *techarea.Classifier) assess.Versions {
	out := assess.Versions{Taxonomy: cl.Taxonomy().Version}
	for _, v := range vs {
		out.Lists = append(out.Lists, assess.ListVersion{List: v.List, Version: v.Number, Hash: v.ContentHash})
	}
	return out
}

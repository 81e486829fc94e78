// Package triaging runs an economic-security triage end to end: it
// classifies a deal's technology against the sensitive areas, screens every
// named counterparty and declared owner against the loaded lists (matches
// carry their ownership path), looks up listed persons' dates of birth to
// corroborate or weaken a name match, and hands those facts to the pure
// secure.RunTriage. It is the edge shared by the CLI and, later, the HTTP
// handlers, so both triage a deal identically.
package triaging

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/collabcheck/collabcheck/internal/match"
	"github.com/collabcheck/collabcheck/internal/screening"
	"github.com/collabcheck/collabcheck/internal/secure"
	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/techarea"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// ScreenLimit is how many candidates are kept per screened name.
const ScreenLimit = 5

// ErrNoLists is returned when no list is loaded, so counterparties cannot
// be screened and a triage would wrongly look clean.
var ErrNoLists = errors.New("no list is loaded: import lists before a triage, so counterparties can be screened")

// Screener screens a name against the lists. *screening.Service is one;
// IndexScreener adapts a bare *match.Index.
type Screener interface {
	Screen(q string, opt match.Options) (screening.Result, error)
}

// IndexScreener screens against a fixed index (tests, tools).
type IndexScreener struct{ Index *match.Index }

// Screen screens q against the index.
func (s IndexScreener) Screen(q string, opt match.Options) (screening.Result, error) {
	ms, err := s.Index.Screen(q, opt)
	return screening.Result{Query: q, Matches: ms}, err
}

// EntityLookup returns a listed entity by list and source id, so a
// person's dates of birth can be compared; ok is false when it is unknown.
type EntityLookup func(ctx context.Context, list, sourceID string) (e watchlist.Entity, ok bool, err error)

// StoreLookup looks entities up in the active list versions of st.
func StoreLookup(st store.Store) EntityLookup {
	return func(ctx context.Context, list, id string) (watchlist.Entity, bool, error) {
		e, _, err := st.Entity(ctx, list, id)
		if errors.Is(err, store.ErrNotFound) {
			return e, false, nil
		}
		return e, err == nil, err
	}
}

// readier and versioner are implemented by *screening.Service: a triage
// refuses to run without lists, and records the list versions it used.
type readier interface{ Ready() bool }
type versioner interface{ Versions() []watchlist.Version }

// Triager triages deals. It is safe for concurrent use when its parts are.
type Triager struct {
	Screener   Screener
	Classifier *techarea.Classifier
	// Lookup may be nil: persons' dates of birth are then unknown and a
	// name-only match stays weak unless the country agrees.
	Lookup EntityLookup
	Policy *secure.TriagePolicy
}

// New returns a Triager with the embedded triage policy.
func New(scr Screener, cl *techarea.Classifier, lookup EntityLookup) (*Triager, error) {
	if scr == nil || cl == nil {
		return nil, errors.New("triaging: a screener and a classifier are required")
	}
	p, err := secure.DefaultTriagePolicy()
	if err != nil {
		return nil, fmt.Errorf("triaging: embedded policy: %w", err)
	}
	return &Triager{Screener: scr, Classifier: cl, Lookup: lookup, Policy: p}, nil
}

// Triage gathers the facts of a validated deal and runs the triage. It
// returns ErrNoLists when the screener says no list is loaded.
func (t *Triager) Triage(ctx context.Context, dl secure.Deal) (secure.Triage, error) {
	if r, ok := t.Screener.(readier); ok && !r.Ready() {
		return secure.Triage{}, ErrNoLists
	}
	f, err := t.Facts(ctx, dl)
	if err != nil {
		return secure.Triage{}, err
	}
	return secure.RunTriage(dl, f, t.Policy), nil
}

// Facts classifies the deal's technology and screens its parties,
// recording the taxonomy version and (when the screener tells them) the
// list versions used.
func (t *Triager) Facts(ctx context.Context, dl secure.Deal) (secure.TriageFacts, error) {
	f := secure.TriageFacts{Areas: []secure.AreaFact{}, Controls: []secure.ControlFact{}, Screens: []secure.ScreenFact{}}
	tax := t.Classifier.Taxonomy()
	f.Versions = secure.FactVersions{Taxonomy: tax.Version}
	if v, ok := t.Screener.(versioner); ok {
		for _, lv := range v.Versions() {
			f.Versions.Lists = append(f.Versions.Lists, fmt.Sprintf("%s v%d", lv.List, lv.Number))
		}
	}
	res, err := t.Classifier.Classify(techarea.Document{ID: dl.Company.Name, Title: dl.Product, Abstract: dl.Summary})
	if err != nil && !errors.Is(err, techarea.ErrEmpty) {
		return f, fmt.Errorf("classify the product: %w", err)
	}
	for _, l := range res.Areas {
		a := secure.AreaFact{ID: l.ID, Score: l.Score, Phrases: []string{}, Lists: map[string]string{}}
		for _, ta := range tax.Areas {
			if ta.ID == l.ID {
				a.Name = ta.Name
				for _, le := range ta.Lists {
					a.Lists[le.List] = le.Name
				}
			}
		}
		seen := map[string]bool{}
		for _, e := range l.Evidence {
			if !seen[e.Phrase] {
				seen[e.Phrase] = true
				a.Phrases = append(a.Phrases, e.Phrase)
			}
		}
		f.Areas = append(f.Areas, a)
	}
	for _, h := range res.Hints {
		if h.Kind != techarea.HintExportControl {
			continue
		}
		f.Controls = append(f.Controls, secure.ControlFact{Code: h.Code, Title: h.Title, Areas: h.Areas})
	}
	for i, c := range dl.Counterparties {
		party := fmt.Sprintf("counterparties[%d]", i)
		kind := watchlist.Kind("")
		if c.Kind == secure.KindPerson {
			kind = watchlist.KindPerson
		}
		s, err := t.screen(ctx, party, c.Name, c.Country, kind)
		if err != nil {
			return f, err
		}
		f.Screens = append(f.Screens, s)
		for j, o := range c.OwnedBy {
			s, err := t.screen(ctx, fmt.Sprintf("%s.owned_by[%d]", party, j), o, "", "")
			if err != nil {
				return f, err
			}
			f.Screens = append(f.Screens, s)
		}
	}
	return f, nil
}

func (t *Triager) screen(ctx context.Context, party, q, country string, kind watchlist.Kind) (secure.ScreenFact, error) {
	s := secure.ScreenFact{Party: party, Query: q, Candidates: []secure.Candidate{}}
	r, err := t.Screener.Screen(q, match.Options{Limit: ScreenLimit, Country: country, Kind: kind})
	if err != nil {
		return s, fmt.Errorf("screen %s %q: %w", party, q, err)
	}
	for _, m := range r.Matches {
		c := secure.Candidate{List: m.List, SourceID: m.SourceID, Name: m.Name, MatchedName: m.MatchedName,
			Kind: string(m.Kind), Score: m.Score, Match: m.Match, Countries: m.Countries}
		for _, v := range m.Via {
			c.Via = append(c.Via, secure.Link{Relation: v.Relation, Name: v.Name, List: v.List, SourceID: v.SourceID})
		}
		for _, ms := range m.Memberships {
			c.Programs = append(c.Programs, strings.TrimSpace(strings.Join(nonEmpty(ms.List, ms.Program, ms.Reason), ": ")))
		}
		if m.Match && m.Kind == watchlist.KindPerson && t.Lookup != nil {
			e, ok, err := t.Lookup(ctx, m.List, m.SourceID)
			if err != nil {
				return s, fmt.Errorf("look up %s record %s: %w", m.List, m.SourceID, err)
			}
			if ok {
				c.BirthDates = append(c.BirthDates, e.Attributes["date_of_birth"]...)
				sort.Strings(c.BirthDates)
			}
		}
		s.Candidates = append(s.Candidates, c)
	}
	return s, nil
}

func nonEmpty(xs ...string) []string {
	var out []string
	for _, x := range xs {
		if strings.TrimSpace(x) != "" {
			out = append(out, x)
		}
	}
	return out
}

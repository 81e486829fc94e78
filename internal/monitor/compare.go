// Package monitor keeps cases current as the watch lists change. When the
// set of active list versions changes, Trigger enqueues one rescreen job
// (unique by those versions, so several servers enqueue it once). The
// Rescreener works it: it re-assesses every open or active case with the
// current lists and the tenant's policy, compares the partner hits with
// those of the case's stored assessment, raises an alert for each new,
// changed or removed listing (unique per case, hit and list versions),
// reopens a decided case when the tenant's policy says so, and records the
// new assessment on the case, audited. The Dispatcher delivers the alerts
// from the store's outbox by signed webhook and by email.
package monitor

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/collabcheck/collabcheck/internal/assess"
	"github.com/collabcheck/collabcheck/internal/store"
)

// Hit is a listed entity an assessment's findings matched a party to, with
// every program and category it was found under.
type Hit struct {
	List       string
	SourceID   string
	Name       string
	Party      string
	Programs   []string
	Categories []string
}

func (h Hit) key() string { return h.List + "\x00" + h.SourceID }

// HitsOf collects the list hits in an assessment's findings (the evidence
// of hit-category facts: matches that reached the hit threshold), by list
// and source id, with their programs and categories sorted.
func HitsOf(as assess.Assessment) map[string]Hit {
	out := map[string]Hit{}
	for _, f := range as.Findings {
		for _, e := range f.Evidence {
			if e.Fact != "hit_category" || e.SourceID == "" {
				continue
			}
			h := Hit{List: e.List, SourceID: e.SourceID}
			if old, ok := out[h.key()]; ok {
				h = old
			}
			if h.Name == "" {
				h.Name, h.Party = e.Name, e.Party
			}
			if e.Program != "" && !slices.Contains(h.Programs, e.Program) {
				h.Programs = append(h.Programs, e.Program)
			}
			if e.Category != "" && !slices.Contains(h.Categories, e.Category) {
				h.Categories = append(h.Categories, e.Category)
			}
			out[h.key()] = h
		}
	}
	for k, h := range out {
		sort.Strings(h.Programs)
		sort.Strings(h.Categories)
		out[k] = h
	}
	return out
}

// Change is one difference between two assessments' hits.
type Change struct {
	Kind store.AlertKind
	// Hit is the hit now (for a removal, as it was).
	Hit Hit
	// Previous are the programs before (nil for a new hit).
	Previous []string
}

// Compare returns the hits of after that before did not have (new), those
// whose programs or categories differ (changed), and those of before that
// after lacks (removed), sorted by list and source id.
func Compare(before, after assess.Assessment) []Change {
	old, cur := HitsOf(before), HitsOf(after)
	var out []Change
	for k, h := range cur {
		p, ok := old[k]
		switch {
		case !ok:
			out = append(out, Change{Kind: store.AlertNewHit, Hit: h})
		case !slices.Equal(p.Programs, h.Programs) || !slices.Equal(p.Categories, h.Categories):
			out = append(out, Change{Kind: store.AlertChangedHit, Hit: h, Previous: p.Programs})
		}
	}
	for k, h := range old {
		if _, ok := cur[k]; !ok {
			out = append(out, Change{Kind: store.AlertRemovedHit, Hit: h, Previous: h.Programs})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Hit.key() < out[j].Hit.key() })
	return out
}

// VersionsKey identifies the list versions an assessment used: a short
// hash of each list's name, number and content hash.
func VersionsKey(v assess.Versions) string {
	parts := make([]string, 0, len(v.Lists))
	for _, l := range v.Lists {
		parts = append(parts, fmt.Sprintf("%s@%d#%s", l.List, l.Version, l.Hash))
	}
	sort.Strings(parts)
	sum := sha256.Sum256([]byte(strings.Join(parts, ",")))
	return hex.EncodeToString(sum[:8])
}

// AlertFor builds the alert for change ch of case caseID in tenant, found
// by an assessment at versions, where listVersion is the version of the
// stored list that changed (0 when unknown). Its key makes it unique per
// case, change, hit and list versions.
func AlertFor(tenant, caseID int64, ch Change, versions assess.Versions, listVersion int) store.Alert {
	h := ch.Hit
	a := store.Alert{TenantID: tenant, CaseID: caseID, Kind: ch.Kind, List: h.List, SourceID: h.SourceID, Name: h.Name,
		Party: h.Party, Programs: []string{}, PreviousPrograms: []string{}}
	if ch.Kind != store.AlertRemovedHit {
		a.Programs = append(a.Programs, h.Programs...)
	}
	a.PreviousPrograms = append(a.PreviousPrograms, ch.Previous...)
	a.ListVersion = listVersion
	a.Key = fmt.Sprintf("case:%d|%s|%s|%s|%s", caseID, ch.Kind, h.List, h.SourceID, VersionsKey(versions))
	who := h.Name
	if who == "" {
		who = h.SourceID
	}
	switch ch.Kind {
	case store.AlertNewHit:
		a.Detail = fmt.Sprintf("%s now matches %s on %s%s", h.Party, who, h.List, programs(h.Programs))
	case store.AlertChangedHit:
		a.Detail = fmt.Sprintf("the listing of %s on %s changed%s (before:%s)", who, h.List, programs(h.Programs), programs(ch.Previous))
	case store.AlertRemovedHit:
		a.Detail = fmt.Sprintf("%s no longer matches %s on %s (it was%s)", h.Party, who, h.List, programs(ch.Previous))
	}
	return a
}

func programs(ps []string) string {
	if len(ps) == 0 {
		return ""
	}
	return " under " + strings.Join(ps, "; ")
}

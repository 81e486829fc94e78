package assess

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Assessment is a policy run over one collaboration and its facts: the
// findings with their evidence, the risk level, the outcome and the
// mitigations it requires, and the versions of everything it used. The
// same inputs give the same Assessment, byte for byte.
type Assessment struct {
	// Collaboration is the assessed record's id (may be empty) and title.
	CollaborationID string  `json:"collaboration_id,omitempty"`
	Title           string  `json:"title"`
	Risk            Risk    `json:"risk"`
	Outcome         Outcome `json:"outcome"`
	// Findings are sorted most severe first, then by rule id.
	Findings []Finding `json:"findings"`
	// Mitigations are required by the findings, in policy order.
	Mitigations []RequiredMitigation `json:"mitigations"`
	// Opportunity are the opportunity fields the proposal was recognised
	// in, so the record shows the benefit weighed as well as the risk.
	Opportunity []Label `json:"opportunity"`
	// PolicyVersion and PolicySources identify the policy.
	PolicyVersion string   `json:"policy_version"`
	PolicySources []string `json:"policy_sources,omitempty"`
	// Versions are the list and taxonomy versions the facts came from.
	Versions Versions `json:"versions"`
	// InputHash is the hex SHA-256 of the canonical collaboration and
	// facts, so a stored assessment can be matched to its inputs.
	InputHash string `json:"input_hash"`
}

// Finding is one rule that held.
type Finding struct {
	// ID is stable: the rule id, which is unique in a policy.
	ID          string     `json:"id"`
	Severity    Severity   `json:"severity"`
	Title       string     `json:"title"`
	Description string     `json:"description,omitempty"`
	Outcome     Outcome    `json:"outcome"`
	Evidence    []Evidence `json:"evidence"`
	Guidance    []Guidance `json:"guidance,omitempty"`
	Source      Source     `json:"source"`
}

// Source says which rule of which policy version produced a finding.
type Source struct {
	Rule          string `json:"rule"`
	PolicyVersion string `json:"policy_version"`
}

// Evidence is one fact that made a rule hold: a list hit, a technology
// area, or a datum of the proposal.
type Evidence struct {
	// Fact is the condition it satisfied ("hit_category", "data_abroad").
	Fact string `json:"fact"`
	// Party is the path of the party or datum in the proposal
	// ("partners[1]", "data[0]", "visitors[0]").
	Party string `json:"party,omitempty"`
	// Query is the name screened, for hits.
	Query     string   `json:"query,omitempty"`
	List      string   `json:"list,omitempty"`
	SourceID  string   `json:"source_id,omitempty"`
	Name      string   `json:"name,omitempty"`
	Program   string   `json:"program,omitempty"`
	Category  string   `json:"category,omitempty"`
	Score     float64  `json:"score,omitempty"`
	Via       []string `json:"via,omitempty"`
	SourceURL string   `json:"source_url,omitempty"`
	// Area is a technology area or field id, with its phrases.
	Area    string   `json:"area,omitempty"`
	Phrases []string `json:"phrases,omitempty"`
	// Detail says what the datum is, in words.
	Detail string `json:"detail,omitempty"`
}

// RequiredMitigation is a mitigation an assessment requires, with the
// findings that call for it.
type RequiredMitigation struct {
	ID       string     `json:"id"`
	Title    string     `json:"title"`
	Reason   string     `json:"reason"`
	Guidance []Guidance `json:"guidance"`
	Because  []string   `json:"because"`
}

// Assess runs policy p over collaboration c and facts f. versions records
// the list and taxonomy versions the facts came from. It has no side
// effects and reads no clock: the same arguments give the same result.
func Assess(c Collaboration, f Facts, p *Policy, versions Versions) Assessment {
	f = canonicalFacts(f)
	versions.Lists = slices.Clone(versions.Lists)
	slices.SortFunc(versions.Lists, func(a, b ListVersion) int {
		return cmp.Or(cmp.Compare(a.List, b.List), cmp.Compare(a.Version, b.Version), cmp.Compare(a.Hash, b.Hash))
	})
	if versions.Lists == nil {
		versions.Lists = []ListVersion{}
	}
	e := &evaluator{c: &c, f: &f, p: p}
	a := Assessment{
		CollaborationID: c.ID,
		Title:           c.Title,
		Findings:        []Finding{},
		Mitigations:     []RequiredMitigation{},
		Opportunity:     slices.Clone(f.Fields),
		PolicyVersion:   p.Version,
		PolicySources:   slices.Clone(p.Sources),
		Versions:        versions,
		InputHash:       inputHash(c, f),
	}
	if a.Opportunity == nil {
		a.Opportunity = []Label{}
	}
	outcome, sev := OutcomeProceed, SeverityInfo
	for _, r := range p.Rules {
		ev, ok := e.holds(r.When)
		if !ok {
			continue
		}
		fd := Finding{ID: r.ID, Severity: r.Severity, Title: r.Title, Description: r.Description,
			Outcome: r.Outcome, Evidence: ev, Source: Source{Rule: r.ID, PolicyVersion: p.Version}}
		for _, g := range r.Guidance {
			fd.Guidance = append(fd.Guidance, p.guidance(g))
		}
		a.Findings = append(a.Findings, fd)
		if r.Outcome.rank() > outcome.rank() {
			outcome = r.Outcome
		}
		if r.Severity.rank() > sev.rank() {
			sev = r.Severity
		}
	}
	slices.SortStableFunc(a.Findings, func(x, y Finding) int {
		return cmp.Or(cmp.Compare(y.Severity.rank(), x.Severity.rank()), cmp.Compare(y.Outcome.rank(), x.Outcome.rank()), cmp.Compare(x.ID, y.ID))
	})
	a.Outcome = outcome
	a.Risk = riskOf(sev)
	a.Mitigations = mitigations(p, a.Findings)
	return a
}

func riskOf(s Severity) Risk {
	switch s {
	case SeverityCritical:
		return RiskCritical
	case SeverityHigh:
		return RiskHigh
	case SeverityMedium:
		return RiskMedium
	}
	return RiskLow
}

// mitigations collects the findings' mitigations in policy order.
func mitigations(p *Policy, findings []Finding) []RequiredMitigation {
	rules := make(map[string]*Rule, len(p.Rules))
	for i := range p.Rules {
		rules[p.Rules[i].ID] = &p.Rules[i]
	}
	because := map[string][]string{}
	for _, fd := range findings {
		if r, ok := rules[fd.ID]; ok {
			for _, m := range r.Mitigations {
				because[m] = append(because[m], fd.ID)
			}
		}
	}
	out := []RequiredMitigation{}
	for _, m := range p.Mitigations {
		b, ok := because[m.ID]
		if !ok {
			continue
		}
		slices.Sort(b)
		rm := RequiredMitigation{ID: m.ID, Title: m.Title, Reason: m.Reason, Because: slices.Compact(b), Guidance: []Guidance{}}
		for _, g := range m.Guidance {
			rm.Guidance = append(rm.Guidance, p.guidance(g))
		}
		out = append(out, rm)
	}
	return out
}

// canonicalFacts returns a copy of f in a fixed order, so the order the
// caller gathered facts in cannot change the assessment.
func canonicalFacts(f Facts) Facts {
	out := Facts{
		Hits:     slices.Clone(f.Hits),
		Areas:    slices.Clone(f.Areas),
		Fields:   slices.Clone(f.Fields),
		Hints:    slices.Clone(f.Hints),
		Visitors: slices.Clone(f.Visitors),
	}
	slices.SortFunc(out.Hits, func(a, b PartyHit) int {
		return cmp.Or(cmp.Compare(a.Party, b.Party), cmp.Compare(b.Score, a.Score), cmp.Compare(a.List, b.List),
			cmp.Compare(a.SourceID, b.SourceID), cmp.Compare(a.Query, b.Query))
	})
	byID := func(a, b Label) int { return cmp.Compare(a.ID, b.ID) }
	slices.SortFunc(out.Areas, byID)
	slices.SortFunc(out.Fields, byID)
	slices.SortFunc(out.Hints, func(a, b Hint) int { return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Code, b.Code)) })
	slices.SortFunc(out.Visitors, func(a, b VisitorFacts) int { return cmp.Compare(a.Visitor, b.Visitor) })
	return out
}

func inputHash(c Collaboration, f Facts) string {
	b, _ := json.Marshal(struct {
		C Collaboration `json:"collaboration"`
		F Facts         `json:"facts"`
	}{c, f}) // plain data: marshalling cannot fail
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// evaluator tests conditions against one collaboration's facts.
type evaluator struct {
	c    *Collaboration
	f    *Facts
	p    *Policy
	cats [][]CategoryMatch // per hit, computed on first use
}

// hitCategories returns the categories of hit i, with the caller's own
// added and "uncategorised" when none applies.
func (e *evaluator) hitCategories(i int) []CategoryMatch {
	if e.cats == nil {
		e.cats = make([][]CategoryMatch, len(e.f.Hits))
	}
	if e.cats[i] != nil {
		return e.cats[i]
	}
	h := e.f.Hits[i]
	matches := e.p.categorise(h)
	for _, c := range h.Categories {
		if !slices.ContainsFunc(matches, func(m CategoryMatch) bool { return m.Category == c }) {
			matches = append(matches, CategoryMatch{Category: c, List: h.List})
		}
	}
	if len(matches) == 0 {
		matches = []CategoryMatch{{Category: CategoryUncategorised, List: h.List}}
	}
	e.cats[i] = matches
	return matches
}

// holds reports whether every fact of cond holds, with the evidence.
func (e *evaluator) holds(cond Condition) ([]Evidence, bool) {
	var all []Evidence
	test := func(ev []Evidence, ok bool) bool {
		all = append(all, ev...)
		return ok
	}
	if cond.HitCategory != nil && !test(e.hitCategory(cond.HitCategory)) {
		return nil, false
	}
	if cond.UncertainHit != nil && !test(e.uncertain(*cond.UncertainHit)) {
		return nil, false
	}
	if cond.SensitiveArea != nil && !test(labels("sensitive_area", e.f.Areas, cond.SensitiveArea)) {
		return nil, false
	}
	if cond.OpportunityField != nil && !test(labels("opportunity_field", e.f.Fields, cond.OpportunityField)) {
		return nil, false
	}
	if cond.ExportControlHint != nil && !test(e.exportHint(*cond.ExportControlHint)) {
		return nil, false
	}
	if cond.Data != nil && !test(e.data("data", cond.Data, nil)) {
		return nil, false
	}
	if cond.DataAbroad != nil {
		abroad := e.abroad()
		if len(abroad) == 0 || !test(e.data("data_abroad", cond.DataAbroad, abroad)) {
			return nil, false
		}
	}
	if cond.IPTerms != nil && !test(e.ipTerms(cond.IPTerms)) {
		return nil, false
	}
	if cond.FacilityAccess != nil && !test(e.facility(*cond.FacilityAccess)) {
		return nil, false
	}
	if cond.VisitorNeedsATAS != nil && !test(e.atas(*cond.VisitorNeedsATAS)) {
		return nil, false
	}
	if cond.FunderCountryOfConcern != nil && !test(e.funderConcern(*cond.FunderCountryOfConcern)) {
		return nil, false
	}
	if cond.PartnerCountryOfConcern != nil && !test(e.partnerConcern(*cond.PartnerCountryOfConcern)) {
		return nil, false
	}
	if cond.ValueAtLeast != nil && !test(e.value(*cond.ValueAtLeast)) {
		return nil, false
	}
	if all == nil {
		all = []Evidence{}
	}
	return all, true
}

// boolFact turns "these items were found" into a fact that holds when
// found equals want; evidence is kept only when the fact is positive.
func boolFact(ev []Evidence, want bool) ([]Evidence, bool) {
	if want {
		return ev, len(ev) > 0
	}
	return nil, len(ev) == 0
}

// HitCategories returns the categories of a hit under the policy: the
// caller's own plus every category whose list and program patterns match
// one of its memberships, sorted. A hit no category covers gets none.
func (p *Policy) HitCategories(h PartyHit) []string {
	set := map[string]string{}
	for _, c := range h.Categories {
		set[c] = ""
	}
	for _, c := range p.categorise(h) {
		if _, ok := set[c.Category]; !ok {
			set[c.Category] = c.Program
		}
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// CategoryMatch is one category a hit is in, with the membership that put
// it there.
type CategoryMatch struct {
	Category  string
	List      string
	Program   string
	SourceURL string
}

// categorise returns each category the policy's patterns put a hit
// in, with the first membership that matched, in policy order.
func (p *Policy) categorise(h PartyHit) []CategoryMatch {
	var out []CategoryMatch
	for _, c := range p.Categories {
		if m, ok := categoryMatch(c, h); ok {
			out = append(out, m)
		}
	}
	return out
}

func categoryMatch(c Category, h PartyHit) (CategoryMatch, bool) {
	lists, programs := nonBlank(c.Lists), nonBlank(c.Programs)
	storeList := containsAny(h.List, lists)
	if len(h.Memberships) == 0 {
		if (len(lists) == 0 || storeList) && len(programs) == 0 {
			return CategoryMatch{Category: c.ID, List: h.List}, true
		}
		return CategoryMatch{}, false
	}
	for _, m := range h.Memberships {
		if len(lists) > 0 && !storeList && !containsAny(m.List, lists) {
			continue
		}
		if len(programs) > 0 && !containsAny(m.Program, programs) {
			continue
		}
		list := m.List
		if list == "" {
			list = h.List
		}
		return CategoryMatch{Category: c.ID, List: list, Program: m.Program, SourceURL: m.SourceURL}, true
	}
	return CategoryMatch{}, false
}

func containsAny(s string, subs []string) bool {
	ls := strings.ToLower(s)
	for _, sub := range subs {
		if sub = strings.ToLower(strings.TrimSpace(sub)); sub != "" && strings.Contains(ls, sub) {
			return true
		}
	}
	return false
}

func (e *evaluator) hitCategory(want []string) ([]Evidence, bool) {
	var ev []Evidence
	for i, h := range e.f.Hits {
		if !h.Match {
			continue
		}
		for _, m := range e.hitCategories(i) {
			if !slices.Contains(want, m.Category) && !slices.Contains(want, CategoryAny) {
				continue
			}
			ev = append(ev, Evidence{Fact: "hit_category", Party: h.Party, Query: h.Query, List: m.List,
				SourceID: h.SourceID, Name: h.Name, Program: m.Program, Category: m.Category,
				Score: h.Score, Via: h.Via, SourceURL: m.SourceURL})
		}
	}
	return ev, len(ev) > 0
}

func (e *evaluator) uncertain(want bool) ([]Evidence, bool) {
	var ev []Evidence
	floor := e.p.Parameters.ReviewFloor
	for _, h := range e.f.Hits {
		if h.Match || h.Score < floor {
			continue
		}
		ev = append(ev, Evidence{Fact: "uncertain_hit", Party: h.Party, Query: h.Query, List: h.List,
			SourceID: h.SourceID, Name: h.Name, Score: h.Score, Via: h.Via,
			Detail: fmt.Sprintf("score %.3f is below the hit threshold", h.Score)})
	}
	return boolFact(ev, want)
}

func labels(fact string, have []Label, want []string) ([]Evidence, bool) {
	var ev []Evidence
	for _, l := range have {
		if slices.Contains(want, anyValue) || slices.Contains(want, l.ID) {
			ev = append(ev, Evidence{Fact: fact, Area: l.ID, Score: l.Score, Phrases: l.Phrases})
		}
	}
	return ev, len(ev) > 0
}

func (e *evaluator) exportHint(want bool) ([]Evidence, bool) {
	var ev []Evidence
	for _, h := range e.f.Hints {
		if h.Kind == HintExportControl {
			ev = append(ev, Evidence{Fact: "export_control_hint", Detail: strings.TrimSpace(h.Code + " " + h.Title)})
		}
	}
	return boolFact(ev, want)
}

func (e *evaluator) data(fact string, want []DataKind, abroad []string) ([]Evidence, bool) {
	var ev []Evidence
	for i, k := range e.c.Data {
		if !slices.Contains(want, k) {
			continue
		}
		d := "data involved: " + string(k)
		if abroad != nil {
			d += "; shared with " + strings.Join(abroad, ", ")
		}
		ev = append(ev, Evidence{Fact: fact, Party: fmt.Sprintf("data[%d]", i), Detail: d})
	}
	return ev, len(ev) > 0
}

// abroad lists the countries, other than the home country, where partners
// are or the work takes place, sorted.
func (e *evaluator) abroad() []string {
	set := map[string]bool{}
	for _, p := range e.c.Partners {
		if p.Country != "" {
			set[p.Country] = true
		}
	}
	for _, c := range e.c.Countries {
		set[c] = true
	}
	delete(set, e.p.Parameters.HomeCountry)
	var out []string
	for c := range set {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

func (e *evaluator) ipTerms(want []IPTerm) ([]Evidence, bool) {
	var ev []Evidence
	for i, t := range e.c.IP.Terms {
		if slices.Contains(want, t) {
			ev = append(ev, Evidence{Fact: "ip_terms", Party: fmt.Sprintf("ip.terms[%d]", i), Detail: "IP term: " + string(t)})
		}
	}
	return ev, len(ev) > 0
}

func (e *evaluator) facility(want bool) ([]Evidence, bool) {
	var ev []Evidence
	for i, f := range e.c.Facilities {
		if f.Access == AccessInbound {
			ev = append(ev, Evidence{Fact: "facility_access", Party: fmt.Sprintf("facilities[%d]", i), Detail: "partner access to " + f.Name})
		}
	}
	return boolFact(ev, want)
}

func (e *evaluator) atas(want bool) ([]Evidence, bool) {
	var project []string
	for _, h := range e.f.Hints {
		if h.Kind == HintATAS {
			project = append(project, h.Code)
		}
	}
	var ev []Evidence
	for i, v := range e.c.Visitors {
		if slices.Contains(e.p.Parameters.ATASExemptNationalities, v.Nationality) {
			continue
		}
		codes := slices.Clone(project)
		for _, vf := range e.f.Visitors {
			if vf.Visitor == i {
				codes = append(codes, vf.ATAS...)
			}
		}
		slices.Sort(codes)
		codes = slices.Compact(codes)
		if len(codes) == 0 {
			continue
		}
		ev = append(ev, Evidence{Fact: "visitor_needs_atas", Party: fmt.Sprintf("visitors[%d]", i),
			Detail: fmt.Sprintf("nationality %s is not ATAS-exempt; ATAS subjects %s", strings.ToUpper(v.Nationality), strings.Join(codes, ", "))})
	}
	return boolFact(ev, want)
}

func (e *evaluator) concern(c string) bool {
	return c != "" && slices.Contains(e.p.Parameters.CountriesOfConcern, c)
}

func (e *evaluator) funderConcern(want bool) ([]Evidence, bool) {
	var ev []Evidence
	for i, f := range e.c.Funders {
		if e.concern(f.Country) {
			ev = append(ev, Evidence{Fact: "funder_country_of_concern", Party: fmt.Sprintf("funders[%d]", i),
				Name: f.Name, Detail: "funder in " + strings.ToUpper(f.Country)})
		}
	}
	return boolFact(ev, want)
}

func (e *evaluator) partnerConcern(want bool) ([]Evidence, bool) {
	var ev []Evidence
	for i, p := range e.c.Partners {
		if e.concern(p.Country) {
			ev = append(ev, Evidence{Fact: "partner_country_of_concern", Party: fmt.Sprintf("partners[%d]", i),
				Name: p.Name, Detail: "partner in " + strings.ToUpper(p.Country)})
		}
	}
	for i, c := range e.c.Countries {
		if e.concern(c) {
			ev = append(ev, Evidence{Fact: "partner_country_of_concern", Party: fmt.Sprintf("countries[%d]", i),
				Detail: "work takes place in " + strings.ToUpper(c)})
		}
	}
	return boolFact(ev, want)
}

func (e *evaluator) value(min Money) ([]Evidence, bool) {
	v := e.c.Value
	if v == nil || v.Currency != min.Currency || v.Amount < min.Amount {
		return nil, false
	}
	return []Evidence{{Fact: "value_at_least", Party: "value",
		Detail: fmt.Sprintf("value %.0f %s is at least %.0f %s", v.Amount, v.Currency, min.Amount, min.Currency)}}, true
}

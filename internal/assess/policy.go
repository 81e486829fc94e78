package assess

import (
	_ "embed"
	"fmt"
	"github.com/collabcheck/collabcheck/internal/strictdoc"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"github.com/collabcheck/collabcheck/internal/techarea"
)

//go:embed default_policy.yaml
var defaultPolicyYAML []byte

// DefaultPolicyName is the name the embedded policy carries in errors and
// in Policy.Sources.
const DefaultPolicyName = "default_policy.yaml (embedded)"

// MaxPolicyBytes bounds a policy or override file.
const MaxPolicyBytes = 1 << 20

// Severity grades a finding.
type Severity string

// Severities, least to most severe.
const (
	SeverityInfo     Severity = "info"
	SeverityLow      Severity = "low"
	SeverityMedium   Severity = "medium"
	SeverityHigh     Severity = "high"
	SeverityCritical Severity = "critical"
)

var severities = []Severity{SeverityInfo, SeverityLow, SeverityMedium, SeverityHigh, SeverityCritical}

func (s Severity) Check() error { return checkEnum("severity", s, severities) }

// rank orders severities; unknown ones rank lowest.
func (s Severity) rank() int { return slices.Index(severities, s) }

// Outcome is the recommendation an assessment ends in.
type Outcome string

// Outcomes, least to most restrictive.
const (
	OutcomeProceed                Outcome = "proceed"
	OutcomeProceedWithMitigations Outcome = "proceed_with_mitigations"
	OutcomeReferToAdviser         Outcome = "refer_to_adviser"
	OutcomeDoNotProceed           Outcome = "do_not_proceed"
)

var outcomes = []Outcome{OutcomeProceed, OutcomeProceedWithMitigations, OutcomeReferToAdviser, OutcomeDoNotProceed}

func (o Outcome) Check() error { return checkEnum("outcome", o, outcomes) }

func (o Outcome) rank() int { return slices.Index(outcomes, o) }

// Risk is the overall risk level of an assessment.
type Risk string

// Risk levels.
const (
	RiskLow      Risk = "low"
	RiskMedium   Risk = "medium"
	RiskHigh     Risk = "high"
	RiskCritical Risk = "critical"
)

// Policy turns facts into findings, a risk level, an outcome and required
// mitigations. It is data: the embedded default, optionally merged with a
// tenant's override. A Policy is not modified after it is loaded, so one
// value may serve concurrent assessments.
type Policy struct {
	Version     string       `json:"version"`
	Description string       `json:"description,omitempty"`
	Parameters  Parameters   `json:"parameters"`
	Categories  []Category   `json:"categories"`
	Guidance    []Guidance   `json:"guidance"`
	Mitigations []Mitigation `json:"mitigations"`
	Rules       []Rule       `json:"rules"`
	// Sources names the files merged into this policy, base first.
	Sources []string `json:"sources,omitempty"`
}

// Parameters are the policy's settings that rules refer to.
type Parameters struct {
	// HomeCountry is the deploying organisation's country (ISO alpha-2);
	// data "goes abroad" when a partner or place of work is elsewhere.
	HomeCountry string `json:"home_country"`
	// CountriesOfConcern are ISO alpha-2 codes.
	CountriesOfConcern []string `json:"countries_of_concern"`
	// ATASExemptNationalities are nationalities that need no ATAS
	// certificate.
	ATASExemptNationalities []string `json:"atas_exempt_nationalities"`
	// ReviewFloor is the score from which a candidate below the hit
	// threshold still deserves a human look.
	ReviewFloor float64 `json:"review_floor"`
	// ReopenOnNewHit says whether continuous monitoring reopens a decided
	// or closed case when a list update brings a new or changed hit on
	// one of its parties (the alert is raised either way).
	ReopenOnNewHit bool `json:"reopen_on_new_hit"`
}

// Category classifies list hits from the list's name and the entity's
// memberships. A hit is in the category when a membership (or the stored
// list name) contains one of Lists and the membership's program contains
// one of Programs; an empty side matches anything. Matching ignores case.
type Category struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Description string   `json:"description,omitempty"`
	Lists       []string `json:"lists,omitempty"`
	Programs    []string `json:"programs,omitempty"`
}

// Guidance is a piece of public guidance that mitigations and rules cite.
type Guidance struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Publisher string `json:"publisher,omitempty"`
	URL       string `json:"url"`
}

// Mitigation is a measure a rule may require, with the plain-language
// reason a researcher is told and the public guidance behind it.
type Mitigation struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Reason   string   `json:"reason"`
	Guidance []string `json:"guidance"`
}

// Rule is one condition over the facts and what follows when it holds.
type Rule struct {
	ID          string    `json:"id"`
	Title       string    `json:"title"`
	Description string    `json:"description,omitempty"`
	Severity    Severity  `json:"severity"`
	Outcome     Outcome   `json:"outcome"`
	When        Condition `json:"when"`
	Mitigations []string  `json:"mitigations,omitempty"`
	Guidance    []string  `json:"guidance,omitempty"`
}

// Condition is a conjunction of facts: every fact given must hold. A fact
// left out is not tested. Lists mean "any of"; "any" matches every value.
type Condition struct {
	// HitCategory holds when a party has a hit in one of these categories;
	// "any" is any hit, "uncategorised" a hit no category covers.
	HitCategory []string `json:"hit_category,omitempty"`
	// UncertainHit holds when some candidate scored at least
	// Parameters.ReviewFloor without reaching the hit threshold.
	UncertainHit *bool `json:"uncertain_hit,omitempty"`
	// SensitiveArea holds when the proposal is in one of these sensitive
	// technology areas ("any" for any).
	SensitiveArea []string `json:"sensitive_area,omitempty"`
	// OpportunityField holds when the proposal is in one of these fields.
	OpportunityField []string `json:"opportunity_field,omitempty"`
	// ExportControlHint holds when the classification points to an
	// export-control category.
	ExportControlHint *bool `json:"export_control_hint,omitempty"`
	// Data holds when the collaboration involves one of these data kinds.
	Data []DataKind `json:"data,omitempty"`
	// DataAbroad holds when one of these data kinds is involved and a
	// partner or place of work is outside Parameters.HomeCountry.
	DataAbroad []DataKind `json:"data_abroad,omitempty"`
	// IPTerms holds when the IP terms include one of these.
	IPTerms []IPTerm `json:"ip_terms,omitempty"`
	// FacilityAccess holds when partner staff get access to our
	// facilities or equipment (inbound access).
	FacilityAccess *bool `json:"facility_access,omitempty"`
	// VisitorNeedsATAS holds when a visitor whose nationality is not
	// exempt works in an area with ATAS subjects.
	VisitorNeedsATAS *bool `json:"visitor_needs_atas,omitempty"`
	// FunderCountryOfConcern holds when a funder is in a country of
	// concern.
	FunderCountryOfConcern *bool `json:"funder_country_of_concern,omitempty"`
	// PartnerCountryOfConcern holds when a partner, or a place of work, is
	// in a country of concern.
	PartnerCountryOfConcern *bool `json:"partner_country_of_concern,omitempty"`
	// ValueAtLeast holds when the collaboration's value, in the same
	// currency, is at least this.
	ValueAtLeast *Money `json:"value_at_least,omitempty"`
}

func (c Condition) empty() bool { return reflect.ValueOf(c).IsZero() }

// Special hit-category values.
const (
	CategoryAny           = "any"
	CategoryUncategorised = "uncategorised"
	anyValue              = "any"
)

// PolicyOverride is the shape of a tenant's policy file. It names its own
// version, may change parameters, disable rules by id, and add or replace
// categories, guidance, mitigations and rules by id.
type PolicyOverride struct {
	Version      string             `json:"version"`
	Description  string             `json:"description,omitempty"`
	Parameters   overrideParameters `json:"parameters,omitempty"`
	Categories   []Category         `json:"categories,omitempty"`
	Guidance     []Guidance         `json:"guidance,omitempty"`
	Mitigations  []Mitigation       `json:"mitigations,omitempty"`
	Rules        []Rule             `json:"rules,omitempty"`
	DisableRules []string           `json:"disable_rules,omitempty"`
}

// overrideParameters has a nil field for every parameter left unchanged.
type overrideParameters struct {
	HomeCountry             *string  `json:"home_country,omitempty"`
	CountriesOfConcern      []string `json:"countries_of_concern,omitempty"`
	ATASExemptNationalities []string `json:"atas_exempt_nationalities,omitempty"`
	ReviewFloor             *float64 `json:"review_floor,omitempty"`
	ReopenOnNewHit          *bool    `json:"reopen_on_new_hit,omitempty"`
}

// DefaultPolicyYAML returns the embedded default policy's source.
func DefaultPolicyYAML() []byte { return slices.Clone(defaultPolicyYAML) }

// DefaultPolicy parses the embedded default policy.
func DefaultPolicy() (*Policy, error) { return ParsePolicy(DefaultPolicyName, defaultPolicyYAML) }

// ParsePolicy reads a complete policy from YAML (or JSON) bytes and
// validates it: unknown fields or facts, bad severities or outcomes,
// unknown categories, areas, mitigations or guidance, and syntax errors
// are all reported in one *ParseError with their lines. On error the
// caller keeps whatever policy it had.
func ParsePolicy(name string, data []byte) (*Policy, error) {
	d := policyDecoder()
	var p Policy
	if err := d.Parse(name, data, MaxPolicyBytes, &p); err != nil {
		return nil, err
	}
	if !d.Failed() {
		p.normalise()
		p.validate(d)
	}
	if err := d.Err(name); err != nil {
		return nil, err
	}
	p.Sources = []string{name}
	return &p, nil
}

func policyDecoder() *strictdoc.Decoder {
	d := strictdoc.NewDecoder()
	d.Noun[reflect.TypeFor[Condition]()] = "fact"
	return d
}

// WithOverride returns a new policy: p merged with a tenant's override
// file. The result's version is "BASE+OVERRIDE". p is unchanged, and on
// error (with every problem and its line) the caller keeps p in force.
func (p *Policy) WithOverride(name string, data []byte) (*Policy, error) {
	d := policyDecoder()
	var o PolicyOverride
	if err := d.Parse(name, data, MaxPolicyBytes, &o); err != nil {
		return nil, err
	}
	if err := d.Err(name); err != nil {
		return nil, err
	}
	if strings.TrimSpace(o.Version) == "" {
		d.ProblemAt("version", "an override must give its own version")
	}
	ids(d, "categories", o.Categories, func(c Category) string { return c.ID })
	ids(d, "guidance", o.Guidance, func(g Guidance) string { return g.ID })
	ids(d, "mitigations", o.Mitigations, func(x Mitigation) string { return x.ID })
	ids(d, "rules", o.Rules, func(r Rule) string { return r.ID })
	m := p.clone()
	m.Version = p.Version + "+" + strings.TrimSpace(o.Version)
	if o.Description != "" {
		m.Description = o.Description
	}
	op := o.Parameters
	if op.HomeCountry != nil {
		m.Parameters.HomeCountry = *op.HomeCountry
	}
	if op.CountriesOfConcern != nil {
		m.Parameters.CountriesOfConcern = op.CountriesOfConcern
	}
	if op.ATASExemptNationalities != nil {
		m.Parameters.ATASExemptNationalities = op.ATASExemptNationalities
	}
	if op.ReviewFloor != nil {
		m.Parameters.ReviewFloor = *op.ReviewFloor
	}
	if op.ReopenOnNewHit != nil {
		m.Parameters.ReopenOnNewHit = *op.ReopenOnNewHit
	}
	m.Categories = mergeByID(m.Categories, o.Categories, func(c Category) string { return c.ID })
	m.Guidance = mergeByID(m.Guidance, o.Guidance, func(g Guidance) string { return g.ID })
	m.Mitigations = mergeByID(m.Mitigations, o.Mitigations, func(x Mitigation) string { return x.ID })
	m.Rules = mergeByID(m.Rules, o.Rules, func(r Rule) string { return r.ID })
	ruleIDs := map[string]bool{}
	for _, r := range m.Rules {
		ruleIDs[r.ID] = true
	}
	disabled := map[string]bool{}
	for i, id := range o.DisableRules {
		if !ruleIDs[id] {
			d.ProblemAt(fmt.Sprintf("disable_rules[%d]", i), "unknown rule %q", id)
			continue
		}
		disabled[id] = true
	}
	m.Rules = slices.DeleteFunc(m.Rules, func(r Rule) bool { return disabled[r.ID] })
	// Problems in the merged policy are reported against the override's
	// own paths: rules, mitigations and so on are addressed by id there.
	merged := strictdoc.NewDecoder()
	m.normalise()
	m.validate(merged)
	for _, pr := range merged.Problems() {
		path, ok := overridePath(pr.Path, m, &o)
		if !ok {
			d.ProblemAt("", "merged policy: %s: %s", pr.Path, pr.Msg)
			continue
		}
		d.ProblemAt(path, "%s", pr.Msg)
	}
	if err := d.Err(name); err != nil {
		return nil, err
	}
	m.Sources = append(slices.Clone(p.Sources), name)
	return m, nil
}

// overridePath maps a path in the merged policy m ("rules[7].when") to the
// same item in the override ("rules[1].when"), so the problem carries the
// override's line. It reports false when the item is not the override's.
func overridePath(path string, m *Policy, o *PolicyOverride) (string, bool) {
	if strings.HasPrefix(path, "parameters") || path == "version" || path == "" {
		return path, true
	}
	section, rest, _ := strings.Cut(path, "[")
	num, tail, ok := strings.Cut(rest, "]")
	if !ok {
		return path, false
	}
	var i int
	if _, err := fmt.Sscanf(num, "%d", &i); err != nil {
		return path, false
	}
	find := func(mergedID string, overrideIDs []string) (string, bool) {
		j := slices.Index(overrideIDs, mergedID)
		if j < 0 {
			return path, false
		}
		return fmt.Sprintf("%s[%d]%s", section, j, tail), true
	}
	switch section {
	case "rules":
		if i < len(m.Rules) {
			return find(m.Rules[i].ID, idsOf(o.Rules, func(r Rule) string { return r.ID }))
		}
	case "mitigations":
		if i < len(m.Mitigations) {
			return find(m.Mitigations[i].ID, idsOf(o.Mitigations, func(x Mitigation) string { return x.ID }))
		}
	case "categories":
		if i < len(m.Categories) {
			return find(m.Categories[i].ID, idsOf(o.Categories, func(c Category) string { return c.ID }))
		}
	case "guidance":
		if i < len(m.Guidance) {
			return find(m.Guidance[i].ID, idsOf(o.Guidance, func(g Guidance) string { return g.ID }))
		}
	}
	return path, false
}

func idsOf[T any](items []T, id func(T) string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = id(it)
	}
	return out
}

func (p *Policy) clone() *Policy {
	c := *p
	c.Parameters.CountriesOfConcern = slices.Clone(p.Parameters.CountriesOfConcern)
	c.Parameters.ATASExemptNationalities = slices.Clone(p.Parameters.ATASExemptNationalities)
	c.Categories = slices.Clone(p.Categories)
	c.Guidance = slices.Clone(p.Guidance)
	c.Mitigations = slices.Clone(p.Mitigations)
	c.Rules = slices.Clone(p.Rules)
	c.Sources = slices.Clone(p.Sources)
	return &c
}

// mergeByID replaces items of base with the same id as an item of add, in
// place, and appends the rest in add's order.
func mergeByID[T any](base, add []T, id func(T) string) []T {
	out := slices.Clone(base)
	at := make(map[string]int, len(out))
	for i, b := range out {
		at[id(b)] = i
	}
	for _, a := range add {
		if i, ok := at[id(a)]; ok {
			out[i] = a
		} else {
			at[id(a)] = len(out)
			out = append(out, a)
		}
	}
	return out
}

func (p *Policy) normalise() {
	p.Version = strings.TrimSpace(p.Version)
	p.Parameters.HomeCountry = normCountry(p.Parameters.HomeCountry)
	for i, c := range p.Parameters.CountriesOfConcern {
		p.Parameters.CountriesOfConcern[i] = normCountry(c)
	}
	for i, c := range p.Parameters.ATASExemptNationalities {
		p.Parameters.ATASExemptNationalities[i] = normCountry(c)
	}
}

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]*$`)

// validate adds every semantic problem of a decoded policy to d.
func (p *Policy) validate(d *strictdoc.Decoder) {
	if p.Version == "" {
		d.ProblemAt("version", "version is required")
	}
	pa := p.Parameters
	if pa.HomeCountry != "" && !isCountryCode(pa.HomeCountry) {
		d.ProblemAt("parameters.home_country", "%q: %s", pa.HomeCountry, countryHint)
	}
	for i, c := range pa.CountriesOfConcern {
		if !isCountryCode(c) {
			d.ProblemAt(fmt.Sprintf("parameters.countries_of_concern[%d]", i), "%q: %s", c, countryHint)
		}
	}
	for i, c := range pa.ATASExemptNationalities {
		if !isCountryCode(c) {
			d.ProblemAt(fmt.Sprintf("parameters.atas_exempt_nationalities[%d]", i), "%q: %s", c, countryHint)
		}
	}
	if pa.ReviewFloor < 0 || pa.ReviewFloor > 1 || pa.ReviewFloor != pa.ReviewFloor {
		d.ProblemAt("parameters.review_floor", "review_floor must be between 0 and 1")
	}

	cats := ids(d, "categories", p.Categories, func(c Category) string { return c.ID })
	for _, reserved := range []string{CategoryAny, CategoryUncategorised} {
		if i, ok := cats[reserved]; ok {
			d.ProblemAt(fmt.Sprintf("categories[%d].id", i), "%q is reserved", reserved)
		}
	}
	for i, c := range p.Categories {
		path := fmt.Sprintf("categories[%d]", i)
		if strings.TrimSpace(c.Title) == "" {
			d.ProblemAt(strictdoc.Join(path, "title"), "title is required")
		}
		if len(nonBlank(c.Lists)) == 0 && len(nonBlank(c.Programs)) == 0 {
			d.ProblemAt(path, "a category needs lists or programs to recognise its hits")
		}
	}
	guide := ids(d, "guidance", p.Guidance, func(g Guidance) string { return g.ID })
	for i, g := range p.Guidance {
		path := fmt.Sprintf("guidance[%d]", i)
		if strings.TrimSpace(g.Name) == "" {
			d.ProblemAt(strictdoc.Join(path, "name"), "name is required")
		}
		if !strings.HasPrefix(g.URL, "https://") || strings.ContainsAny(g.URL, " \t\n") {
			d.ProblemAt(strictdoc.Join(path, "url"), "url %q must be an https:// address", g.URL)
		}
	}
	mits := ids(d, "mitigations", p.Mitigations, func(m Mitigation) string { return m.ID })
	for i, m := range p.Mitigations {
		path := fmt.Sprintf("mitigations[%d]", i)
		if strings.TrimSpace(m.Title) == "" {
			d.ProblemAt(strictdoc.Join(path, "title"), "title is required")
		}
		if strings.TrimSpace(m.Reason) == "" {
			d.ProblemAt(strictdoc.Join(path, "reason"), "a mitigation needs a plain-language reason")
		}
		if len(m.Guidance) == 0 {
			d.ProblemAt(strictdoc.Join(path, "guidance"), "a mitigation needs at least one guidance reference")
		}
		checkRefs(d, strictdoc.Join(path, "guidance"), "guidance", m.Guidance, guide)
	}
	ids(d, "rules", p.Rules, func(r Rule) string { return r.ID })
	areas := techarea.RequiredAreaIDs()
	for i, r := range p.Rules {
		path := fmt.Sprintf("rules[%d]", i)
		if strings.TrimSpace(r.Title) == "" {
			d.ProblemAt(strictdoc.Join(path, "title"), "title is required")
		}
		if r.Severity == "" {
			d.ProblemAt(strictdoc.Join(path, "severity"), "severity is required (info, low, medium, high or critical)")
		}
		if r.Outcome == "" {
			d.ProblemAt(strictdoc.Join(path, "outcome"), "outcome is required (proceed, proceed_with_mitigations, refer_to_adviser or do_not_proceed)")
		}
		if r.When.empty() {
			d.ProblemAt(strictdoc.Join(path, "when"), "when must name at least one fact")
		}
		checkRefs(d, strictdoc.Join(path, "mitigations"), "mitigation", r.Mitigations, mits)
		checkRefs(d, strictdoc.Join(path, "guidance"), "guidance", r.Guidance, guide)
		switch {
		case r.Outcome == OutcomeProceed && len(r.Mitigations) > 0:
			d.ProblemAt(strictdoc.Join(path, "mitigations"), "a rule whose outcome is proceed cannot require mitigations; use proceed_with_mitigations")
		case r.Outcome == OutcomeProceedWithMitigations && len(r.Mitigations) == 0:
			d.ProblemAt(strictdoc.Join(path, "mitigations"), "outcome proceed_with_mitigations needs at least one mitigation")
		}
		w := strictdoc.Join(path, "when")
		for j, c := range r.When.HitCategory {
			if _, ok := cats[c]; !ok && c != CategoryAny && c != CategoryUncategorised {
				d.ProblemAt(fmt.Sprintf("%s.hit_category[%d]", w, j), "unknown hit category %q", c)
			}
		}
		checkAreas(d, w+".sensitive_area", r.When.SensitiveArea, areas, techarea.Sensitive)
		checkAreas(d, w+".opportunity_field", r.When.OpportunityField, areas, techarea.Opportunity)
		if v := r.When.ValueAtLeast; v != nil {
			checkMoney(d, w+".value_at_least", v.Amount, v.Currency, true)
		}
	}
}

func nonBlank(s []string) []string {
	var out []string
	for _, x := range s {
		if strings.TrimSpace(x) != "" {
			out = append(out, x)
		}
	}
	return out
}

// ids checks that every item has a well-formed, unique id and returns the
// index of each.
func ids[T any](d *strictdoc.Decoder, what string, items []T, id func(T) string) map[string]int {
	seen := map[string]int{}
	for i, it := range items {
		v := id(it)
		path := fmt.Sprintf("%s[%d].id", what, i)
		if !idPattern.MatchString(v) {
			d.ProblemAt(path, "id %q must be lower-case letters, digits, _ . or -", v)
			continue
		}
		if j, dup := seen[v]; dup {
			d.ProblemAt(path, "id %q is used twice (also %s[%d])", v, what, j)
			continue
		}
		seen[v] = i
	}
	return seen
}

func checkRefs(d *strictdoc.Decoder, path, what string, refs []string, known map[string]int) {
	for i, r := range refs {
		if _, ok := known[r]; !ok {
			d.ProblemAt(fmt.Sprintf("%s[%d]", path, i), "unknown %s %q", what, r)
		}
	}
}

func checkAreas(d *strictdoc.Decoder, path string, refs []string, areas map[string]techarea.Kind, kind techarea.Kind) {
	for i, a := range refs {
		if a == anyValue {
			continue
		}
		k, ok := areas[a]
		switch {
		case !ok:
			d.ProblemAt(fmt.Sprintf("%s[%d]", path, i), "unknown area %q", a)
		case k != kind:
			d.ProblemAt(fmt.Sprintf("%s[%d]", path, i), "area %q is %s, not %s", a, k, kind)
		}
	}
}

// mitigation returns the mitigation with id, which validation guarantees.
func (p *Policy) mitigation(id string) (Mitigation, int) {
	for i, m := range p.Mitigations {
		if m.ID == id {
			return m, i
		}
	}
	return Mitigation{ID: id}, len(p.Mitigations)
}

func (p *Policy) guidance(id string) Guidance {
	for _, g := range p.Guidance {
		if g.ID == id {
			return g
		}
	}
	return Guidance{ID: id}
}

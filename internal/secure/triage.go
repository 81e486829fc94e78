package secure

import (
	_ "embed"
	"fmt"
	"github.com/collabcheck/collabcheck/internal/strictdoc"
	"slices"
	"strings"
)

//go:embed triage_policy.yaml
var triagePolicyYAML []byte

// TriagePolicyName is the name the embedded triage policy carries in errors.
const TriagePolicyName = "triage_policy.yaml (embedded)"

// TriagePolicy holds the thresholds and guidance the triage applies, as
// data: which taxonomy list triggers investment screening, the stake
// thresholds, whether material influence counts, and the public guidance
// next steps point to.
type TriagePolicy struct {
	Version             string              `json:"version"`
	InvestmentScreening InvestmentScreening `json:"investment_screening"`
	Screening           ScreeningPolicy     `json:"screening"`
	Guidance            []Reference         `json:"guidance"`
}

// InvestmentScreening configures the notifiable-acquisition check.
type InvestmentScreening struct {
	// List is the taxonomy list id whose areas are in scope (uk-nsi).
	List       string      `json:"list"`
	DealTypes  []DealType  `json:"deal_types"`
	Thresholds []Threshold `json:"thresholds"`
	// MaterialInfluence flags board seats and vetoes in an in-scope area.
	MaterialInfluence bool `json:"material_influence"`
}

// Threshold is a holding of shares or votes whose crossing may make an
// acquisition notifiable: more than Above percent, or AtLeast percent or
// more (exactly one is set).
type Threshold struct {
	Above   *float64 `json:"above,omitempty"`
	AtLeast *float64 `json:"at_least,omitempty"`
	Label   string   `json:"label"`
}

// reached reports whether a holding of h reaches the threshold.
func (t Threshold) reached(h float64) bool {
	if t.Above != nil {
		return h > *t.Above
	}
	return h >= *t.AtLeast
}

// ScreeningPolicy configures how matches are judged.
type ScreeningPolicy struct {
	// PersonNeedsCorroboration makes a person matched by name alone a
	// weak match for review rather than a hit.
	PersonNeedsCorroboration bool `json:"person_needs_corroboration"`
}

// DefaultTriagePolicy parses the embedded triage policy.
func DefaultTriagePolicy() (*TriagePolicy, error) {
	return ParseTriagePolicy(TriagePolicyName, triagePolicyYAML)
}

// ParseTriagePolicy reads and validates a triage policy from YAML or JSON,
// reporting every problem with its line.
func ParseTriagePolicy(name string, data []byte) (*TriagePolicy, error) {
	p := &TriagePolicy{}
	d := strictdoc.NewDecoder()
	if err := d.Parse(name, data, MaxFileBytes, p); err != nil {
		return nil, err
	}
	if strings.TrimSpace(p.Version) == "" {
		d.ProblemAt("version", "version is required")
	}
	if p.InvestmentScreening.List == "" {
		d.ProblemAt("investment_screening.list", "the taxonomy list id is required")
	}
	for i, t := range p.InvestmentScreening.Thresholds {
		path := fmt.Sprintf("investment_screening.thresholds[%d]", i)
		if (t.Above == nil) == (t.AtLeast == nil) {
			d.ProblemAt(path, "give exactly one of above and at_least")
			continue
		}
		v := t.Above
		if v == nil {
			v = t.AtLeast
		}
		if *v <= 0 || *v > 100 {
			d.ProblemAt(path, "threshold %v must be more than 0 and at most 100", *v)
		}
		if t.Label == "" {
			d.ProblemAt(path+".label", "a label is required")
		}
	}
	ids := map[string]bool{}
	for i, g := range p.Guidance {
		if ids[g.ID] {
			d.ProblemAt(fmt.Sprintf("guidance[%d].id", i), "duplicate guidance id %q", g.ID)
		}
		ids[g.ID] = true
		if !strings.HasPrefix(g.URL, "https://") {
			d.ProblemAt(fmt.Sprintf("guidance[%d].url", i), "url must start with https://")
		}
	}
	for _, want := range []string{"nsi", "export-control", "sanctions", "secure-innovation"} {
		if !ids[want] {
			d.ProblemAt("guidance", "guidance %q is required: next steps refer to it", want)
		}
	}
	if err := d.Err(name); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *TriagePolicy) guidance(ids ...string) []Reference {
	var out []Reference
	for _, id := range ids {
		for _, g := range p.Guidance {
			if g.ID == id {
				out = append(out, g)
			}
		}
	}
	return out
}

// TriageFacts are what the edge gathered for a deal: the classification of
// its technology and the screening of every named party. The triage only
// reads them, so it stays pure and testable with invented facts.
type TriageFacts struct {
	Areas    []AreaFact    `json:"areas"`
	Controls []ControlFact `json:"controls"`
	Screens  []ScreenFact  `json:"screens"`
	Versions FactVersions  `json:"versions"`
}

// FactVersions record the taxonomy and list versions behind the facts.
type FactVersions struct {
	Taxonomy string   `json:"taxonomy,omitempty"`
	Lists    []string `json:"lists,omitempty"`
}

// AreaFact is a sensitive area the technology was classified into.
type AreaFact struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Score   float64  `json:"score"`
	Phrases []string `json:"phrases"`
	// Lists maps official list ids to the list's name for the area (for
	// example uk-nsi: "Quantum Technologies").
	Lists map[string]string `json:"lists,omitempty"`
}

// ControlFact is an export-control category the classifier hinted at.
type ControlFact struct {
	Code  string   `json:"code"`
	Title string   `json:"title"`
	Areas []string `json:"areas"`
}

// ScreenFact is the screening of one named party: a counterparty (Party
// "counterparties[0]") or one of its declared owners
// ("counterparties[0].owned_by[1]").
type ScreenFact struct {
	Party      string      `json:"party"`
	Query      string      `json:"query"`
	Candidates []Candidate `json:"candidates"`
}

// Candidate is one list entry the screen returned for a party.
type Candidate struct {
	List        string   `json:"list"`
	SourceID    string   `json:"source_id"`
	Name        string   `json:"name"`
	MatchedName string   `json:"matched_name,omitempty"`
	Kind        string   `json:"kind,omitempty"`
	Score       float64  `json:"score"`
	Match       bool     `json:"match"`
	Via         []Link   `json:"via,omitempty"`
	Countries   []string `json:"countries,omitempty"`
	BirthDates  []string `json:"birth_dates,omitempty"`
	Programs    []string `json:"programs,omitempty"`
}

// Link is one step of the path from a matched entity to a listed party.
type Link struct {
	Relation string `json:"relation"`
	Name     string `json:"name"`
	List     string `json:"list,omitempty"`
	SourceID string `json:"source_id,omitempty"`
}

// FindingKind names what a finding is about.
type FindingKind string

// Finding kinds.
const (
	FindNotifiable   FindingKind = "may_be_notifiable"
	FindStakeUnknown FindingKind = "stake_not_stated"
	FindCallIn       FindingKind = "material_influence"
	FindExport       FindingKind = "export_control"
	FindListHit      FindingKind = "list_hit"
	FindOwnershipHit FindingKind = "ownership_hit"
	FindWeakMatch    FindingKind = "weak_match"
	FindGoodPractice FindingKind = "good_practice"
)

// Severity says what a finding asks for.
type Severity string

// Severities: a flag needs action before the deal goes ahead, review needs
// a person's judgement, good practice applies to every deal.
const (
	SeverityFlag         Severity = "flag"
	SeverityReview       Severity = "review"
	SeverityGoodPractice Severity = "good_practice"
)

// Finding is one conclusion of the triage with its evidence.
type Finding struct {
	Kind     FindingKind `json:"kind"`
	Severity Severity    `json:"severity"`
	Title    string      `json:"title"`
	Detail   string      `json:"detail"`
	Party    string      `json:"party,omitempty"`
	Evidence []string    `json:"evidence"`
	Guidance []Reference `json:"guidance,omitempty"`
}

// Flags summarise the findings.
type Flags struct {
	MayBeNotifiable bool `json:"may_be_notifiable"`
	ExportControl   bool `json:"export_control"`
	ListHit         bool `json:"list_hit"`
	OwnershipHit    bool `json:"ownership_hit"`
	WeakMatch       bool `json:"weak_match"`
	NeedsReview     bool `json:"needs_review"`
}

// Any reports whether any flag is set: whether the deal has more than
// good-practice findings.
func (f Flags) Any() bool {
	return f.MayBeNotifiable || f.ExportControl || f.ListHit || f.OwnershipHit || f.WeakMatch || f.NeedsReview
}

// Step is one recommended next step.
type Step struct {
	Text     string      `json:"text"`
	Guidance []Reference `json:"guidance,omitempty"`
}

// Triage is the outcome for one deal.
type Triage struct {
	PolicyVersion string       `json:"policy_version"`
	Company       string       `json:"company"`
	DealType      DealType     `json:"deal_type"`
	Areas         []AreaFact   `json:"areas"`
	Flags         Flags        `json:"flags"`
	Findings      []Finding    `json:"findings"`
	NextSteps     []Step       `json:"next_steps"`
	SeekAdvice    bool         `json:"seek_official_advice"`
	AdviceReasons []string     `json:"advice_reasons,omitempty"`
	Versions      FactVersions `json:"versions"`
	Note          string       `json:"note"`
}

// Disclaimer is printed with every triage: it prompts, it does not decide.
const Disclaimer = "This triage points to rules that may apply and to checks to make; it is not legal advice, and official guidance or a qualified adviser decides."

// RunTriage applies the policy to a validated deal and its facts. The
// same deal, facts and policy always give the same triage.
func RunTriage(dl Deal, f TriageFacts, p *TriagePolicy) Triage {
	t := Triage{PolicyVersion: p.Version, Company: dl.Company.Name, DealType: dl.Type, Areas: f.Areas,
		Findings: []Finding{}, NextSteps: []Step{}, Versions: f.Versions, Note: Disclaimer}
	if t.Areas == nil {
		t.Areas = []AreaFact{}
	}
	t.investment(dl, f, p)
	t.exportControls(dl, f, p)
	t.screens(dl, f, p)
	t.goodPractice(dl, p)
	t.nextSteps(p)
	return t
}

// inScope returns the areas in the investment-screening list, with the
// list's name for each.
func inScope(f TriageFacts, list string) []AreaFact {
	var out []AreaFact
	for _, a := range f.Areas {
		if _, ok := a.Lists[list]; ok {
			out = append(out, a)
		}
	}
	return out
}

func areaEvidence(as []AreaFact, list string) []string {
	var ev []string
	for _, a := range as {
		ev = append(ev, fmt.Sprintf("technology classified as %s (%s; score %.2f; phrases: %s)",
			a.Lists[list], a.ID, a.Score, strings.Join(a.Phrases, ", ")))
	}
	return ev
}

func (t *Triage) investment(dl Deal, f TriageFacts, p *TriagePolicy) {
	is := p.InvestmentScreening
	if !slices.Contains(is.DealTypes, dl.Type) {
		return
	}
	areas := inScope(f, is.List)
	if len(areas) == 0 {
		return
	}
	for i, c := range dl.Counterparties {
		if c.Role != RoleInvestor && c.Role != RoleAcquirer {
			continue
		}
		party := fmt.Sprintf("counterparties[%d]", i)
		h := c.Holding()
		if h < 0 {
			t.add(Finding{Kind: FindStakeUnknown, Severity: SeverityReview, Party: party,
				Title:    "Stake not stated for " + c.Name,
				Detail:   "The technology is in an area where acquisitions of shares or votes above set thresholds must be notified; state the holding after the deal to check.",
				Evidence: areaEvidence(areas, is.List), Guidance: p.guidance("nsi", "nsi-sectors")})
			continue
		}
		var crossed []string
		for _, th := range is.Thresholds {
			if th.reached(h) && !th.reached(c.ExistingPercent) {
				crossed = append(crossed, th.Label)
			}
		}
		if len(crossed) > 0 {
			ev := areaEvidence(areas, is.List)
			ev = append(ev, fmt.Sprintf("%s holds %s%% after the deal (%s%% before): crosses %s",
				c.Name, fmtPct(h), fmtPct(c.ExistingPercent), strings.Join(crossed, "; ")))
			t.add(Finding{Kind: FindNotifiable, Severity: SeverityFlag, Party: party,
				Title:    "May be notifiable under investment-screening law",
				Detail:   fmt.Sprintf("%s acquiring %s%% of a company active in a mandatory-notification area may be a notifiable acquisition, which needs approval before completion.", c.Name, fmtPct(h)),
				Evidence: ev, Guidance: p.guidance("nsi", "nsi-sectors")})
			t.Flags.MayBeNotifiable = true
			continue
		}
		if is.MaterialInfluence && (c.BoardSeat || c.VetoRights) {
			var rights []string
			if c.BoardSeat {
				rights = append(rights, "a board seat")
			}
			if c.VetoRights {
				rights = append(rights, "veto rights")
			}
			ev := areaEvidence(areas, is.List)
			ev = append(ev, fmt.Sprintf("%s gets %s with %s%%", c.Name, strings.Join(rights, " and "), fmtPct(h)))
			t.add(Finding{Kind: FindCallIn, Severity: SeverityReview, Party: party,
				Title:    "Rights that may give material influence",
				Detail:   "Below the mandatory thresholds, rights that give material influence over a company in a sensitive area can still be called in for review; consider a voluntary notification.",
				Evidence: ev, Guidance: p.guidance("nsi")})
			t.Flags.NeedsReview = true
		}
	}
}

func fmtPct(x float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", x), "0"), ".")
}

func (t *Triage) exportControls(dl Deal, f TriageFacts, p *TriagePolicy) {
	if len(f.Controls) == 0 {
		return
	}
	var ev []string
	for _, c := range f.Controls {
		ev = append(ev, fmt.Sprintf("%s: %s (from %s)", c.Code, c.Title, strings.Join(c.Areas, ", ")))
	}
	detail := "The technology falls in areas covered by these control-list categories; sending goods, software or technical data abroad (including by email, cloud sharing or technical help) may need a licence."
	if len(dl.Destinations) > 0 {
		detail += " Destinations: " + strings.ToUpper(strings.Join(dl.Destinations, ", ")) + "."
	}
	t.add(Finding{Kind: FindExport, Severity: SeverityFlag, Title: "Export-control categories may apply",
		Detail: detail, Evidence: ev, Guidance: p.guidance("export-control", "export-checker")})
	t.Flags.ExportControl = true
}

// counterpartyOf returns the counterparty a screened party path refers to.
func counterpartyOf(dl Deal, party string) (Counterparty, bool, bool) {
	var i int
	if _, err := fmt.Sscanf(party, "counterparties[%d]", &i); err != nil || i < 0 || i >= len(dl.Counterparties) {
		return Counterparty{}, false, false
	}
	owner := strings.Contains(party, ".owned_by[")
	return dl.Counterparties[i], owner, true
}

func (t *Triage) screens(dl Deal, f TriageFacts, p *TriagePolicy) {
	for _, s := range f.Screens {
		cp, isOwner, ok := counterpartyOf(dl, s.Party)
		for _, c := range s.Candidates {
			if !c.Match {
				continue
			}
			who := s.Query
			if ok && !isOwner {
				who = fmt.Sprintf("%s (%s)", s.Query, cp.Role)
			} else if ok {
				who = fmt.Sprintf("%s (declared owner of %s)", s.Query, cp.Name)
			}
			ev := []string{fmt.Sprintf("%q matched %q on list %s (record %s, score %.2f)", s.Query, c.MatchedNameOr(), c.List, c.SourceID, c.Score)}
			if len(c.Programs) > 0 {
				ev = append(ev, "listed under: "+strings.Join(c.Programs, "; "))
			}
			person := c.Kind == "person" || (ok && !isOwner && cp.Kind == KindPerson)
			if person && p.Screening.PersonNeedsCorroboration {
				// A declared owner is known by name only: nothing can
				// corroborate it.
				details := Counterparty{}
				if ok && !isOwner {
					details = cp
				}
				strong, why := corroborate(details, c)
				ev = append(ev, why...)
				if !strong {
					t.add(Finding{Kind: FindWeakMatch, Severity: SeverityReview, Party: s.Party,
						Title:    "Weak match for a human to review: " + who,
						Detail:   fmt.Sprintf("%s matches the listed person %s by name, and nothing else in the deal corroborates it. It is not a hit: a person should compare dates of birth, nationality and identifiers before deciding.", s.Query, c.Name),
						Evidence: ev, Guidance: p.guidance("sanctions")})
					t.Flags.WeakMatch = true
					continue
				}
			}
			if len(c.Via) > 0 {
				path := []string{c.Name}
				for _, l := range c.Via {
					step := l.Relation + ": " + l.Name
					if l.List != "" {
						step += fmt.Sprintf(" (list %s, record %s)", l.List, l.SourceID)
					}
					path = append(path, step)
				}
				ev = append(ev, "path: "+strings.Join(path, " → "))
				t.add(Finding{Kind: FindOwnershipHit, Severity: SeverityFlag, Party: s.Party,
					Title:    "Linked to a listed party through ownership: " + who,
					Detail:   fmt.Sprintf("%s is linked to %s through %s.", s.Query, c.Via[len(c.Via)-1].Name, relationWords(c.Via)),
					Evidence: ev, Guidance: p.guidance("sanctions")})
				t.Flags.OwnershipHit = true
				continue
			}
			t.add(Finding{Kind: FindListHit, Severity: SeverityFlag, Party: s.Party,
				Title:    "On a screening list: " + who,
				Detail:   fmt.Sprintf("%s matches %s on list %s.", s.Query, c.Name, c.List),
				Evidence: ev, Guidance: p.guidance("sanctions")})
			t.Flags.ListHit = true
		}
	}
}

// MatchedNameOr returns the name that matched, else the entity's name.
func (c Candidate) MatchedNameOr() string {
	if c.MatchedName != "" {
		return c.MatchedName
	}
	return c.Name
}

func relationWords(via []Link) string {
	var rs []string
	for _, l := range via {
		switch l.Relation {
		case "owner":
			rs = append(rs, "its owner")
		case "parent":
			rs = append(rs, "its parent")
		default:
			rs = append(rs, "a "+l.Relation+" link")
		}
	}
	return strings.Join(rs, ", then ")
}

// corroborate decides whether a person's match is strong: the
// counterparty's country is among the listed person's, or its date of
// birth agrees, and no stated date of birth disagrees. It returns the
// reasons either way.
func corroborate(cp Counterparty, c Candidate) (bool, []string) {
	var why []string
	country := cp.Country != "" && slices.Contains(c.Countries, cp.Country)
	switch {
	case country:
		why = append(why, "country agrees: "+strings.ToUpper(cp.Country))
	case cp.Country == "":
		why = append(why, "no country given for the counterparty to compare")
	case len(c.Countries) == 0:
		why = append(why, "the listed record gives no country to compare")
	default:
		why = append(why, fmt.Sprintf("country differs: counterparty %s, listed %s", strings.ToUpper(cp.Country), strings.ToUpper(strings.Join(c.Countries, ", "))))
	}
	dobAgree, dobDiffer := false, false
	switch {
	case cp.DateOfBirth == "":
		why = append(why, "no date of birth given for the counterparty to compare")
	case len(c.BirthDates) == 0:
		why = append(why, "the listed record gives no date of birth to compare")
	default:
		for _, b := range c.BirthDates {
			if datesAgree(cp.DateOfBirth, b) {
				dobAgree = true
			}
		}
		dobDiffer = !dobAgree
		if dobAgree {
			why = append(why, "date of birth agrees: "+cp.DateOfBirth)
		} else {
			why = append(why, fmt.Sprintf("date of birth differs: counterparty %s, listed %s", cp.DateOfBirth, strings.Join(c.BirthDates, ", ")))
		}
	}
	return (country || dobAgree) && !dobDiffer, why
}

// datesAgree compares two partial dates on their common precision.
func datesAgree(a, b string) bool {
	b = strings.TrimSpace(b)
	n := min(len(a), len(b))
	if n < 4 {
		return false
	}
	return a[:n] == b[:n]
}

func (t *Triage) goodPractice(dl Deal, p *TriagePolicy) {
	ev := []string{fmt.Sprintf("%s deal; %d named counterparties screened", dl.Type, len(dl.Counterparties))}
	t.add(Finding{Kind: FindGoodPractice, Severity: SeverityGoodPractice,
		Title:    "Good practice for every deal",
		Detail:   "Know who ultimately owns and controls each counterparty, share only what the deal needs under clear IP and confidentiality terms, keep a record of these checks, and repeat them when ownership or the technology changes.",
		Evidence: ev, Guidance: p.guidance("secure-innovation")})
}

func (t *Triage) add(f Finding) {
	if f.Evidence == nil {
		f.Evidence = []string{}
	}
	t.Findings = append(t.Findings, f)
}

func (t *Triage) nextSteps(p *TriagePolicy) {
	step := func(text string, g ...string) {
		t.NextSteps = append(t.NextSteps, Step{Text: text, Guidance: p.guidance(g...)})
	}
	advice := func(why string) {
		t.SeekAdvice = true
		t.AdviceReasons = append(t.AdviceReasons, why)
	}
	if t.Flags.ListHit || t.Flags.OwnershipHit {
		step("Pause the deal with the flagged party: confirm the match against the list record, and check whether sanctions or other restrictions prohibit dealing with it or with parties it owns or controls.", "sanctions")
		advice("a named party, or its owner, matches a screening list: take legal advice, and official guidance on sanctions, before proceeding")
	}
	if t.Flags.MayBeNotifiable {
		step("Do not complete the deal until you have checked whether it is a notifiable acquisition; if it is, notify and wait for approval, since completing without approval makes it void.", "nsi", "nsi-sectors")
		advice("the deal may be a notifiable acquisition in a sensitive area: read the official guidance and consider contacting the government's investment security team or a lawyer")
	}
	for _, f := range t.Findings {
		if f.Kind == FindStakeUnknown {
			step("State each investor's or acquirer's holding of shares and votes after the deal, and run the triage again.", "nsi")
			break
		}
	}
	for _, f := range t.Findings {
		if f.Kind == FindCallIn {
			step("Consider whether the rights granted give material influence, and whether to notify voluntarily.", "nsi")
			break
		}
	}
	if t.Flags.ExportControl {
		step("Classify the product, software and technical data against the control lists before sending anything abroad, and apply for a licence where one is needed.", "export-control", "export-checker")
		advice("export-control categories may apply: if the classification is unclear, ask the export control authority")
	}
	if t.Flags.WeakMatch {
		step("Have a person compare each weak match's details (date of birth, nationality, identifiers) with the list record and record the decision; do not treat it as a hit without corroboration.", "sanctions")
	}
	step("Take the secure-innovation self-review (collabcheck review) and keep records of these checks with the deal.", "secure-innovation")
}

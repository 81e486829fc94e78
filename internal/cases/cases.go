// Package cases is the workflow around an assessed collaboration: the
// states a case moves through, who may do what to it, its assignment,
// comments, mitigation checklist, referral to an adviser tenant and
// decisions. It is pure: every operation is a function of the case, the
// actor and the time, returning the audit event that records it. The store
// persists the case and appends the event in one transaction; the HTTP
// layer maps the errors to 400, 403, 404 and 409.
package cases

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/collabcheck/collabcheck/internal/assess"
	"github.com/collabcheck/collabcheck/internal/audit"
	"github.com/collabcheck/collabcheck/internal/auth"
)

// State is where a case is in its workflow.
type State string

// The states, in workflow order: draft → submitted → in_review →
// (referred) → decided → closed; decided and closed cases can be reopened
// (back to in_review) when new evidence arrives.
const (
	Draft     State = "draft"
	Submitted State = "submitted"
	InReview  State = "in_review"
	Referred  State = "referred"
	Decided   State = "decided"
	Closed    State = "closed"
)

// States lists every state in workflow order.
var States = []State{Draft, Submitted, InReview, Referred, Decided, Closed}

// Valid reports whether s is one of States.
func (s State) Valid() bool { return slices.Contains(States, s) }

// Errors the operations return (wrapped, with the reason). The HTTP layer
// maps them to status codes.
var (
	// ErrNotFound: the actor may not see the case at all (404, so that
	// other tenants' case ids are not even confirmed).
	ErrNotFound = errors.New("case not found")
	// ErrForbidden: the actor sees the case but their role may not do
	// this (403).
	ErrForbidden = errors.New("forbidden")
	// ErrState: the operation is not possible in the case's state (409).
	ErrState = errors.New("not possible in this state")
	// ErrInvalid: the operation's input is wrong (400).
	ErrInvalid = errors.New("invalid")
)

// Limits on free text, in characters.
const (
	MaxTextChars  = 20000 // comments, rationales, advice, reasons
	MaxTitleChars = 500
)

// Actor is the signed-in user doing something, with their tenant.
type Actor struct {
	UserID     int64           `json:"user_id"`
	TenantID   int64           `json:"tenant_id"`
	TenantKind auth.TenantKind `json:"tenant_kind,omitempty"`
	Role       auth.Role       `json:"role"`
	Name       string          `json:"name"`
	Email      string          `json:"email,omitempty"`
}

// Person is how an actor is recorded on a case.
type Person struct {
	UserID   int64     `json:"user_id"`
	TenantID int64     `json:"tenant_id"`
	Name     string    `json:"name"`
	Role     auth.Role `json:"role"`
}

func (a Actor) person() Person {
	return Person{UserID: a.UserID, TenantID: a.TenantID, Name: a.Name, Role: a.Role}
}

// String is the actor as the audit trail names it.
func (a Actor) String() string {
	if a.Email != "" {
		return fmt.Sprintf("user:%d %s", a.UserID, a.Email)
	}
	return fmt.Sprintf("user:%d", a.UserID)
}

// Case is one collaboration under assessment, with its workflow record.
// Its json form is what stores keep and the API returns.
type Case struct {
	ID       int64 `json:"id"`
	TenantID int64 `json:"tenant_id"`
	// Version counts stored changes; the store sets it.
	Version       int                  `json:"version"`
	State         State                `json:"state"`
	Collaboration assess.Collaboration `json:"collaboration"`
	// Assessment is the current assessment of Collaboration.
	Assessment assess.Assessment `json:"assessment"`
	CreatedBy  Person            `json:"created_by"`
	CreatedAt  time.Time         `json:"created_at"`
	UpdatedAt  time.Time         `json:"updated_at"`
	Assignee   *Person           `json:"assignee,omitempty"`
	Checklist  []ChecklistItem   `json:"checklist"`
	Comments   []Comment         `json:"comments"`
	Referral   *Referral         `json:"referral,omitempty"`
	// Decision is the decision in force (nil before one, and after a
	// reopen); Decisions keeps every decision ever made, oldest first.
	Decision  *Decision  `json:"decision,omitempty"`
	Decisions []Decision `json:"decisions"`
}

// ChecklistItem is one mitigation the assessment requires, and whether
// someone has confirmed it is in place.
type ChecklistItem struct {
	MitigationID string     `json:"mitigation_id"`
	Title        string     `json:"title"`
	Reason       string     `json:"reason"`
	Confirmed    bool       `json:"confirmed"`
	ConfirmedBy  *Person    `json:"confirmed_by,omitempty"`
	ConfirmedAt  *time.Time `json:"confirmed_at,omitempty"`
	Note         string     `json:"note,omitempty"`
}

// Comment is a note on a case, by the owner's staff or by an adviser.
type Comment struct {
	ID   int       `json:"id"`
	By   Person    `json:"by"`
	At   time.Time `json:"at"`
	Text string    `json:"text"`
}

// Referral records that a case was sent to an adviser tenant, and the
// advice given back. The adviser tenant sees the case but changes nothing
// of the owner's: it can only comment and advise.
type Referral struct {
	TenantID   int64     `json:"tenant_id"`
	TenantName string    `json:"tenant_name"`
	By         Person    `json:"by"`
	At         time.Time `json:"at"`
	Note       string    `json:"note,omitempty"`
	Advice     []Advice  `json:"advice"`
}

// Advice is an adviser's view of a referred case.
type Advice struct {
	By Person    `json:"by"`
	At time.Time `json:"at"`
	// Recommendation is the outcome the adviser recommends, if any.
	Recommendation assess.Outcome `json:"recommendation,omitempty"`
	Text           string         `json:"text"`
}

// Decision is a named person's decision on a case. It may differ from the
// assessment's recommendation; when it does, Differs is set and the
// rationale is the record of why.
type Decision struct {
	Outcome     assess.Outcome `json:"outcome"`
	Rationale   string         `json:"rationale"`
	By          Person         `json:"by"`
	At          time.Time      `json:"at"`
	Recommended assess.Outcome `json:"recommended"`
	Differs     bool           `json:"differs_from_recommendation"`
	// Unconfirmed lists the checklist mitigations not yet confirmed when
	// the decision was made.
	Unconfirmed []string `json:"unconfirmed_mitigations,omitempty"`
}

// Summary is a case as lists show it.
type Summary struct {
	ID               int64          `json:"id"`
	TenantID         int64          `json:"tenant_id"`
	Title            string         `json:"title"`
	State            State          `json:"state"`
	Risk             assess.Risk    `json:"risk"`
	Recommended      assess.Outcome `json:"recommended"`
	DecidedOutcome   assess.Outcome `json:"decided_outcome,omitempty"`
	CreatedBy        int64          `json:"created_by"`
	AssigneeID       int64          `json:"assignee_id,omitempty"`
	ReferredTo       int64          `json:"referred_to,omitempty"`
	UpdatedAt        time.Time      `json:"updated_at"`
	CreatedAt        time.Time      `json:"created_at"`
	PartnerCountries []string       `json:"partner_countries,omitempty"`
}

// Summarise returns the list view of c.
func (c *Case) Summarise() Summary {
	s := Summary{
		ID: c.ID, TenantID: c.TenantID, Title: c.Collaboration.Title, State: c.State,
		Risk: c.Assessment.Risk, Recommended: c.Assessment.Outcome,
		CreatedBy: c.CreatedBy.UserID, UpdatedAt: c.UpdatedAt, CreatedAt: c.CreatedAt,
		PartnerCountries: slices.Clone(c.Collaboration.Countries),
	}
	if c.Decision != nil {
		s.DecidedOutcome = c.Decision.Outcome
	}
	if c.Assignee != nil {
		s.AssigneeID = c.Assignee.UserID
	}
	if c.Referral != nil {
		s.ReferredTo = c.Referral.TenantID
	}
	return s
}

// CanView reports whether a may see c: officers and admins of the owning
// tenant see all its cases; researchers see the cases they created or are
// assigned; users of the adviser tenant a case was referred to see it. An
// actor who cannot view a case must be told it does not exist.
func CanView(c *Case, a Actor) bool {
	switch {
	case a.TenantID == c.TenantID:
		switch a.Role {
		case auth.Officer, auth.Admin:
			return true
		case auth.Researcher:
			return c.CreatedBy.UserID == a.UserID || (c.Assignee != nil && c.Assignee.UserID == a.UserID)
		}
		return false
	case c.Referral != nil && c.Referral.TenantID == a.TenantID:
		return a.Role == auth.Adviser || a.Role == auth.Admin
	}
	return false
}

// New makes a draft case for collaboration coll, assessed as as, created
// by a at now. The store gives it its id; the returned event's subject is
// completed by the store ("case:" and the id).
func New(a Actor, coll assess.Collaboration, as assess.Assessment, now time.Time) (Case, audit.Event, error) {
	if !a.Role.Can(auth.ProposeCase) {
		return Case{}, audit.Event{}, fmt.Errorf("%w: role %s may not propose collaborations", ErrForbidden, a.Role)
	}
	if a.TenantKind == auth.AdviserTeam {
		return Case{}, audit.Event{}, fmt.Errorf("%w: an adviser tenant does not own cases", ErrForbidden)
	}
	now = stamp(now)
	c := Case{
		TenantID: a.TenantID, State: Draft, Collaboration: coll, Assessment: as,
		CreatedBy: a.person(), CreatedAt: now, UpdatedAt: now,
		Checklist: syncChecklist(nil, as.Mitigations), Comments: []Comment{}, Decisions: []Decision{},
	}
	ev := audit.Event{TenantID: a.TenantID, Actor: a.String(), Action: "case.create", Detail: map[string]any{
		"title": coll.Title, "state": Draft, "risk": as.Risk, "outcome": as.Outcome,
		"policy_version": as.PolicyVersion, "input_hash": as.InputHash,
	}}
	return c, ev, nil
}

// Op is one operation on an existing case. The concrete types below are
// the operations; Apply runs one.
type Op interface {
	// name is the audit action suffix ("submit", "decide").
	name() string
	apply(c *Case, a Actor, now time.Time) (detail map[string]any, err error)
}

// Apply runs op on c as a at now. On success c is changed and the audit
// event recording it is returned; on error c is unchanged. An actor who
// cannot view c gets ErrNotFound whatever the operation.
func Apply(c *Case, a Actor, op Op, now time.Time) (audit.Event, error) {
	if !CanView(c, a) {
		return audit.Event{}, fmt.Errorf("%w: case %d", ErrNotFound, c.ID)
	}
	now = stamp(now)
	work := clone(c)
	from := c.State
	detail, err := op.apply(work, a, now)
	if err != nil {
		return audit.Event{}, fmt.Errorf("case %d: %s: %w", c.ID, op.name(), err)
	}
	work.UpdatedAt = now
	*c = *work
	if detail == nil {
		detail = map[string]any{}
	}
	if c.State != from {
		detail["from"], detail["to"] = from, c.State
	}
	return audit.Event{TenantID: c.TenantID, Actor: a.String(), Action: "case." + op.name(), Subject: fmt.Sprintf("case:%d", c.ID), Detail: detail}, nil
}

// owner checks that a belongs to the owning tenant and holds p.
func owner(c *Case, a Actor, p auth.Permission) error {
	if a.TenantID != c.TenantID {
		return fmt.Errorf("%w: only the owning organisation may do this", ErrForbidden)
	}
	if !a.Role.Can(p) {
		return fmt.Errorf("%w: role %s may not do this", ErrForbidden, a.Role)
	}
	return nil
}

// isCreatorOrReviewer allows the case's creator (with ProposeCase) or an
// owner with ReviewCase.
func isCreatorOrReviewer(c *Case, a Actor) error {
	if owner(c, a, auth.ReviewCase) == nil {
		return nil
	}
	if err := owner(c, a, auth.ProposeCase); err != nil {
		return err
	}
	if c.CreatedBy.UserID != a.UserID {
		return fmt.Errorf("%w: only the proposer or a research-security officer may do this", ErrForbidden)
	}
	return nil
}

func inState(c *Case, allowed ...State) error {
	if slices.Contains(allowed, c.State) {
		return nil
	}
	want := make([]string, len(allowed))
	for i, s := range allowed {
		want[i] = string(s)
	}
	return fmt.Errorf("%w: the case is %s (needs %s)", ErrState, c.State, strings.Join(want, " or "))
}

func text(what, s string, required bool, max int) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0:
		return "", fmt.Errorf("%w: %s is not valid UTF-8 text", ErrInvalid, what)
	case required && s == "":
		return "", fmt.Errorf("%w: %s is required", ErrInvalid, what)
	case utf8.RuneCountInString(s) > max:
		return "", fmt.Errorf("%w: %s is %d characters, at most %d", ErrInvalid, what, utf8.RuneCountInString(s), max)
	}
	return s, nil
}

// Submit sends a draft for review (the proposer or an officer).
type Submit struct{}

func (Submit) name() string { return "submit" }
func (Submit) apply(c *Case, a Actor, now time.Time) (map[string]any, error) {
	if err := isCreatorOrReviewer(c, a); err != nil {
		return nil, err
	}
	if err := inState(c, Draft); err != nil {
		return nil, err
	}
	c.State = Submitted
	return nil, nil
}

// StartReview takes a submitted case into review; the reviewer becomes
// the assignee when there is none.
type StartReview struct{}

func (StartReview) name() string { return "review" }
func (StartReview) apply(c *Case, a Actor, now time.Time) (map[string]any, error) {
	if err := owner(c, a, auth.ReviewCase); err != nil {
		return nil, err
	}
	if err := inState(c, Submitted); err != nil {
		return nil, err
	}
	c.State = InReview
	if c.Assignee == nil {
		p := a.person()
		c.Assignee = &p
	}
	return map[string]any{"assignee": c.Assignee.UserID}, nil
}

// Assign gives the case to a user of the owning tenant. The caller checks
// that the user exists in that tenant and fills Assignee.
type Assign struct {
	Assignee Person
}

func (Assign) name() string { return "assign" }
func (o Assign) apply(c *Case, a Actor, now time.Time) (map[string]any, error) {
	if err := owner(c, a, auth.ReviewCase); err != nil {
		return nil, err
	}
	if err := inState(c, Draft, Submitted, InReview, Referred, Decided); err != nil {
		return nil, err
	}
	if o.Assignee.TenantID != c.TenantID || o.Assignee.UserID == 0 {
		return nil, fmt.Errorf("%w: the assignee must be a user of the owning organisation", ErrInvalid)
	}
	p := o.Assignee
	c.Assignee = &p
	return map[string]any{"assignee": p.UserID}, nil
}

// AddComment adds a comment; anyone who can view the case may comment.
type AddComment struct {
	Text string
}

func (AddComment) name() string { return "comment" }
func (o AddComment) apply(c *Case, a Actor, now time.Time) (map[string]any, error) {
	t, err := text("comment text", o.Text, true, MaxTextChars)
	if err != nil {
		return nil, err
	}
	id := len(c.Comments) + 1
	c.Comments = append(c.Comments, Comment{ID: id, By: a.person(), At: now, Text: t})
	return map[string]any{"comment": id, "text": t}, nil
}

// ConfirmMitigation marks a checklist mitigation as in place (or, with
// Confirmed false, withdraws that confirmation), recording who and when.
// The proposer or an officer of the owning tenant may do it, until the
// case is closed.
type ConfirmMitigation struct {
	MitigationID string
	Confirmed    bool
	Note         string
}

func (ConfirmMitigation) name() string { return "checklist" }
func (o ConfirmMitigation) apply(c *Case, a Actor, now time.Time) (map[string]any, error) {
	if err := isCreatorOrReviewer(c, a); err != nil {
		return nil, err
	}
	if err := inState(c, Draft, Submitted, InReview, Referred, Decided); err != nil {
		return nil, err
	}
	note, err := text("note", o.Note, false, MaxTextChars)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(c.Checklist, func(it ChecklistItem) bool { return it.MitigationID == o.MitigationID })
	if i < 0 {
		return nil, fmt.Errorf("%w: mitigation %q is not on this case's checklist", ErrInvalid, o.MitigationID)
	}
	it := &c.Checklist[i]
	it.Confirmed, it.Note = o.Confirmed, note
	if o.Confirmed {
		p, t := a.person(), now
		it.ConfirmedBy, it.ConfirmedAt = &p, &t
	} else {
		it.ConfirmedBy, it.ConfirmedAt = nil, nil
	}
	return map[string]any{"mitigation": o.MitigationID, "confirmed": o.Confirmed, "note": note}, nil
}

// Refer sends a case in review to an adviser tenant. The caller checks
// that the tenant exists and is an adviser team.
type Refer struct {
	TenantID   int64
	TenantName string
	Note       string
}

func (Refer) name() string { return "refer" }
func (o Refer) apply(c *Case, a Actor, now time.Time) (map[string]any, error) {
	if err := owner(c, a, auth.ReviewCase); err != nil {
		return nil, err
	}
	if err := inState(c, InReview); err != nil {
		return nil, err
	}
	if o.TenantID == 0 || o.TenantID == c.TenantID {
		return nil, fmt.Errorf("%w: refer to an adviser tenant other than the owner", ErrInvalid)
	}
	note, err := text("referral note", o.Note, false, MaxTextChars)
	if err != nil {
		return nil, err
	}
	c.State = Referred
	c.Referral = &Referral{TenantID: o.TenantID, TenantName: o.TenantName, By: a.person(), At: now, Note: note, Advice: []Advice{}}
	return map[string]any{"referred_to": o.TenantID, "note": note}, nil
}

// GiveAdvice records an adviser's advice on a case referred to their
// tenant. It changes nothing of the owner's record.
type GiveAdvice struct {
	Recommendation assess.Outcome
	Text           string
}

func (GiveAdvice) name() string { return "advise" }
func (o GiveAdvice) apply(c *Case, a Actor, now time.Time) (map[string]any, error) {
	if c.Referral == nil || a.TenantID != c.Referral.TenantID {
		return nil, fmt.Errorf("%w: only the adviser tenant the case was referred to may advise", ErrForbidden)
	}
	if !a.Role.Can(auth.AdviseCase) {
		return nil, fmt.Errorf("%w: role %s may not advise", ErrForbidden, a.Role)
	}
	if err := inState(c, Referred); err != nil {
		return nil, err
	}
	if o.Recommendation != "" && !validOutcome(o.Recommendation) {
		return nil, fmt.Errorf("%w: unknown recommendation %q", ErrInvalid, o.Recommendation)
	}
	t, err := text("advice text", o.Text, true, MaxTextChars)
	if err != nil {
		return nil, err
	}
	c.Referral.Advice = append(c.Referral.Advice, Advice{By: a.person(), At: now, Recommendation: o.Recommendation, Text: t})
	return map[string]any{"recommendation": o.Recommendation, "text": t}, nil
}

// Decide records a named officer's decision with its rationale. The
// outcome may differ from the assessment's recommendation; the difference
// is recorded.
type Decide struct {
	Outcome   assess.Outcome
	Rationale string
}

func (Decide) name() string { return "decide" }
func (o Decide) apply(c *Case, a Actor, now time.Time) (map[string]any, error) {
	if err := owner(c, a, auth.ReviewCase); err != nil {
		return nil, err
	}
	if err := inState(c, InReview, Referred); err != nil {
		return nil, err
	}
	if !validOutcome(o.Outcome) {
		return nil, fmt.Errorf("%w: unknown outcome %q (want proceed, proceed_with_mitigations, refer_to_adviser or do_not_proceed)", ErrInvalid, o.Outcome)
	}
	r, err := text("rationale", o.Rationale, true, MaxTextChars)
	if err != nil {
		return nil, err
	}
	d := Decision{Outcome: o.Outcome, Rationale: r, By: a.person(), At: now, Recommended: c.Assessment.Outcome, Differs: o.Outcome != c.Assessment.Outcome}
	for _, it := range c.Checklist {
		if !it.Confirmed {
			d.Unconfirmed = append(d.Unconfirmed, it.MitigationID)
		}
	}
	c.State = Decided
	c.Decision = &d
	c.Decisions = append(c.Decisions, d)
	return map[string]any{"outcome": d.Outcome, "recommended": d.Recommended, "differs": d.Differs, "rationale": r, "unconfirmed": d.Unconfirmed}, nil
}

// Close files a decided case.
type Close struct{}

func (Close) name() string { return "close" }
func (Close) apply(c *Case, a Actor, now time.Time) (map[string]any, error) {
	if err := owner(c, a, auth.ReviewCase); err != nil {
		return nil, err
	}
	return nil, inStateThen(c, Closed, Decided)
}

func inStateThen(c *Case, to State, from ...State) error {
	if err := inState(c, from...); err != nil {
		return err
	}
	c.State = to
	return nil
}

// Reopen takes a decided or closed case back into review because of new
// evidence; the decision in force is withdrawn (it stays in Decisions).
type Reopen struct {
	Reason string
}

func (Reopen) name() string { return "reopen" }
func (o Reopen) apply(c *Case, a Actor, now time.Time) (map[string]any, error) {
	if err := owner(c, a, auth.ReviewCase); err != nil {
		return nil, err
	}
	r, err := text("reason", o.Reason, true, MaxTextChars)
	if err != nil {
		return nil, err
	}
	if err := inStateThen(c, InReview, Decided, Closed); err != nil {
		return nil, err
	}
	c.Decision = nil
	return map[string]any{"reason": r}, nil
}

// Revise replaces the collaboration and its assessment: the proposer
// while the case is a draft, an officer until it is decided. The
// checklist keeps the confirmations of mitigations still required.
type Revise struct {
	Collaboration assess.Collaboration
	Assessment    assess.Assessment
}

func (Revise) name() string { return "revise" }
func (o Revise) apply(c *Case, a Actor, now time.Time) (map[string]any, error) {
	if owner(c, a, auth.ReviewCase) == nil {
		if err := inState(c, Draft, Submitted, InReview, Referred); err != nil {
			return nil, err
		}
	} else {
		if err := isCreatorOrReviewer(c, a); err != nil {
			return nil, err
		}
		if err := inState(c, Draft); err != nil {
			return nil, err
		}
	}
	return reassess(c, o.Collaboration, o.Assessment), nil
}

// Reassess records a new assessment of the same collaboration (new list
// versions, a new policy), for example after a list update. It is allowed
// in every state but closed, by an officer; the decision in force is not
// touched (reopen the case to revisit it).
type Reassess struct {
	Assessment assess.Assessment
}

func (Reassess) name() string { return "reassess" }
func (o Reassess) apply(c *Case, a Actor, now time.Time) (map[string]any, error) {
	if err := owner(c, a, auth.ReviewCase); err != nil {
		return nil, err
	}
	if err := inState(c, Draft, Submitted, InReview, Referred, Decided); err != nil {
		return nil, err
	}
	return reassess(c, c.Collaboration, o.Assessment), nil
}

func reassess(c *Case, coll assess.Collaboration, as assess.Assessment) map[string]any {
	before := c.Assessment
	c.Collaboration, c.Assessment = coll, as
	c.Checklist = syncChecklist(c.Checklist, as.Mitigations)
	return map[string]any{
		"risk": as.Risk, "outcome": as.Outcome, "previous_risk": before.Risk, "previous_outcome": before.Outcome,
		"policy_version": as.PolicyVersion, "input_hash": as.InputHash, "previous_input_hash": before.InputHash,
	}
}

// syncChecklist returns the checklist for the required mitigations, in
// their order, keeping confirmations already given for the same ids.
func syncChecklist(old []ChecklistItem, req []assess.RequiredMitigation) []ChecklistItem {
	out := make([]ChecklistItem, 0, len(req))
	for _, m := range req {
		it := ChecklistItem{MitigationID: m.ID, Title: m.Title, Reason: m.Reason}
		if i := slices.IndexFunc(old, func(o ChecklistItem) bool { return o.MitigationID == m.ID }); i >= 0 {
			it.Confirmed, it.ConfirmedBy, it.ConfirmedAt, it.Note = old[i].Confirmed, old[i].ConfirmedBy, old[i].ConfirmedAt, old[i].Note
		}
		out = append(out, it)
	}
	return out
}

func validOutcome(o assess.Outcome) bool {
	switch o {
	case assess.OutcomeProceed, assess.OutcomeProceedWithMitigations, assess.OutcomeReferToAdviser, assess.OutcomeDoNotProceed:
		return true
	}
	return false
}

// clone deep-copies the parts of c that operations modify in place, so a
// failed operation leaves c untouched.
func clone(c *Case) *Case {
	w := *c
	w.Checklist = slices.Clone(c.Checklist)
	w.Comments = slices.Clone(c.Comments)
	w.Decisions = slices.Clone(c.Decisions)
	if c.Referral != nil {
		r := *c.Referral
		r.Advice = slices.Clone(c.Referral.Advice)
		w.Referral = &r
	}
	return &w
}

func stamp(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

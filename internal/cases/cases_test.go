package cases

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/collabcheck/collabcheck/internal/assess"
	"github.com/collabcheck/collabcheck/internal/auth"
)

var (
	t0         = time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	researcher = Actor{UserID: 1, TenantID: 10, TenantKind: auth.Organisation, Role: auth.Researcher, Name: "R", Email: "r@uni.example"}
	other      = Actor{UserID: 2, TenantID: 10, TenantKind: auth.Organisation, Role: auth.Researcher, Name: "R2"}
	officer    = Actor{UserID: 3, TenantID: 10, TenantKind: auth.Organisation, Role: auth.Officer, Name: "O"}
	admin      = Actor{UserID: 4, TenantID: 10, TenantKind: auth.Organisation, Role: auth.Admin, Name: "A"}
	adviser    = Actor{UserID: 5, TenantID: 20, TenantKind: auth.AdviserTeam, Role: auth.Adviser, Name: "Adv"}
	adviser2   = Actor{UserID: 6, TenantID: 30, TenantKind: auth.AdviserTeam, Role: auth.Adviser, Name: "Adv2"}
	stranger   = Actor{UserID: 7, TenantID: 40, TenantKind: auth.Organisation, Role: auth.Officer, Name: "S"}
)

func assessment(outcome assess.Outcome, mitigations ...string) assess.Assessment {
	a := assess.Assessment{Title: "Ocean carbon", Risk: assess.Risk("medium"), Outcome: outcome, PolicyVersion: "test", InputHash: "h-" + string(outcome)}
	for _, m := range mitigations {
		a.Mitigations = append(a.Mitigations, assess.RequiredMitigation{ID: m, Title: "Do " + m, Reason: "because " + m})
	}
	return a
}

func newCase(t *testing.T) Case {
	t.Helper()
	c, ev, err := New(researcher, assess.Collaboration{Title: "Ocean carbon"}, assessment(assess.OutcomeProceedWithMitigations, "m1", "m2"), t0)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Action != "case.create" || ev.TenantID != 10 || !strings.Contains(ev.Actor, "r@uni.example") {
		t.Fatalf("create event %+v", ev)
	}
	c.ID = 99
	return c
}

func mustApply(t *testing.T, c *Case, a Actor, op Op) {
	t.Helper()
	if _, err := Apply(c, a, op, t0.Add(time.Minute)); err != nil {
		t.Fatalf("%s by %s: %v", op.name(), a.Name, err)
	}
}

func TestWorkflowToDecisionAndReopen(t *testing.T) {
	c := newCase(t)
	if c.State != Draft || len(c.Checklist) != 2 {
		t.Fatalf("new case %+v", c)
	}
	mustApply(t, &c, researcher, Submit{})
	mustApply(t, &c, officer, StartReview{})
	if c.Assignee == nil || c.Assignee.UserID != officer.UserID {
		t.Fatalf("reviewer not assigned: %+v", c.Assignee)
	}
	mustApply(t, &c, researcher, ConfirmMitigation{MitigationID: "m1", Confirmed: true, Note: "done"})
	if !c.Checklist[0].Confirmed || c.Checklist[0].ConfirmedBy.UserID != researcher.UserID {
		t.Fatalf("confirmation not recorded: %+v", c.Checklist[0])
	}
	mustApply(t, &c, officer, Refer{TenantID: adviser.TenantID, TenantName: "Advice team"})
	mustApply(t, &c, adviser, GiveAdvice{Recommendation: assess.OutcomeDoNotProceed, Text: "Partner is defence-linked"})
	mustApply(t, &c, adviser, AddComment{Text: "see note"})
	ev, err := Apply(&c, officer, Decide{Outcome: assess.OutcomeDoNotProceed, Rationale: "Adviser's view"}, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if ev.Action != "case.decide" || ev.Subject != "case:99" {
		t.Fatalf("decide event %+v", ev)
	}
	d := ev.Detail.(map[string]any)
	if d["from"] != Referred || d["to"] != Decided || d["differs"] != true {
		t.Fatalf("decide detail %+v", d)
	}
	if c.Decision == nil || !c.Decision.Differs || c.Decision.Recommended != assess.OutcomeProceedWithMitigations ||
		strings.Join(c.Decision.Unconfirmed, ",") != "m2" {
		t.Fatalf("decision %+v", c.Decision)
	}
	mustApply(t, &c, officer, Close{})
	mustApply(t, &c, officer, Reopen{Reason: "new listing"})
	if c.State != InReview || c.Decision != nil || len(c.Decisions) != 1 {
		t.Fatalf("after reopen: state %s decision %v history %d", c.State, c.Decision, len(c.Decisions))
	}
	// A new assessment keeps the confirmation of a mitigation still required.
	mustApply(t, &c, officer, Reassess{Assessment: assessment(assess.OutcomeReferToAdviser, "m1", "m3")})
	if len(c.Checklist) != 2 || !c.Checklist[0].Confirmed || c.Checklist[1].MitigationID != "m3" || c.Checklist[1].Confirmed {
		t.Fatalf("checklist after reassess %+v", c.Checklist)
	}
}

func TestPermissionsAndStates(t *testing.T) {
	type step struct {
		by   Actor
		op   Op
		want error // nil: succeeds
	}
	referred := func(t *testing.T) Case {
		c := newCase(t)
		mustApply(t, &c, researcher, Submit{})
		mustApply(t, &c, officer, StartReview{})
		mustApply(t, &c, officer, Refer{TenantID: adviser.TenantID})
		return c
	}
	draft := newCase
	tests := []struct {
		name  string
		setup func(*testing.T) Case
		step  step
	}{
		{"stranger cannot see", draft, step{stranger, AddComment{Text: "x"}, ErrNotFound}},
		{"other researcher cannot see", draft, step{other, Submit{}, ErrNotFound}},
		{"adviser cannot see unreferred", draft, step{adviser, AddComment{Text: "x"}, ErrNotFound}},
		{"other adviser cannot see referred", referred, step{adviser2, GiveAdvice{Text: "x"}, ErrNotFound}},
		{"researcher cannot review", func(t *testing.T) Case { c := draft(t); mustApply(t, &c, researcher, Submit{}); return c }, step{researcher, StartReview{}, ErrForbidden}},
		{"researcher cannot decide", referred, step{researcher, Decide{Outcome: assess.OutcomeProceed, Rationale: "r"}, ErrForbidden}},
		{"adviser cannot decide", referred, step{adviser, Decide{Outcome: assess.OutcomeProceed, Rationale: "r"}, ErrForbidden}},
		{"adviser cannot confirm", referred, step{adviser, ConfirmMitigation{MitigationID: "m1", Confirmed: true}, ErrForbidden}},
		{"adviser cannot revise", referred, step{adviser, Revise{}, ErrForbidden}},
		{"officer cannot advise", referred, step{officer, GiveAdvice{Text: "x"}, ErrForbidden}},
		{"decide needs review", draft, step{officer, Decide{Outcome: assess.OutcomeProceed, Rationale: "r"}, ErrState}},
		{"close needs decision", referred, step{officer, Close{}, ErrState}},
		{"reopen needs decision", referred, step{officer, Reopen{Reason: "x"}, ErrState}},
		{"rationale required", referred, step{officer, Decide{Outcome: assess.OutcomeProceed, Rationale: "  "}, ErrInvalid}},
		{"unknown outcome", referred, step{officer, Decide{Outcome: "maybe", Rationale: "r"}, ErrInvalid}},
		{"unknown mitigation", referred, step{officer, ConfirmMitigation{MitigationID: "nope", Confirmed: true}, ErrInvalid}},
		{"empty comment", draft, step{researcher, AddComment{Text: ""}, ErrInvalid}},
		{"invalid utf8", draft, step{researcher, AddComment{Text: "a\xffb"}, ErrInvalid}},
		{"huge comment", draft, step{researcher, AddComment{Text: strings.Repeat("é", MaxTextChars+1)}, ErrInvalid}},
		{"refer to self", func(t *testing.T) Case {
			c := draft(t)
			mustApply(t, &c, researcher, Submit{})
			mustApply(t, &c, officer, StartReview{})
			return c
		}, step{officer, Refer{TenantID: 10}, ErrInvalid}},
		{"researcher revises own draft", draft, step{researcher, Revise{Collaboration: assess.Collaboration{Title: "New"}, Assessment: assessment(assess.OutcomeProceed)}, nil}},
		{"researcher cannot revise submitted", func(t *testing.T) Case { c := draft(t); mustApply(t, &c, researcher, Submit{}); return c }, step{researcher, Revise{}, ErrState}},
		{"admin decides", referred, step{admin, Decide{Outcome: assess.OutcomeProceed, Rationale: "ok"}, nil}},
		{"adviser comments", referred, step{adviser, AddComment{Text: "hello"}, nil}},
		{"assign outside tenant", draft, step{officer, Assign{Assignee: Person{UserID: 7, TenantID: 40}}, ErrInvalid}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.setup(t)
			before := c.State
			nComments := len(c.Comments)
			_, err := Apply(&c, tt.step.by, tt.step.op, t0.Add(time.Hour))
			switch {
			case tt.step.want == nil && err != nil:
				t.Fatalf("want success, got %v", err)
			case tt.step.want != nil && !errors.Is(err, tt.step.want):
				t.Fatalf("want %v, got %v", tt.step.want, err)
			case tt.step.want != nil && (c.State != before || len(c.Comments) != nComments):
				t.Fatalf("failed operation changed the case: state %s→%s", before, c.State)
			}
		})
	}
}

func TestNewRefusesAdvisersAndResearchersOnlySeeTheirOwn(t *testing.T) {
	if _, _, err := New(adviser, assess.Collaboration{Title: "x"}, assess.Assessment{}, t0); !errors.Is(err, ErrForbidden) {
		t.Fatalf("adviser created a case: %v", err)
	}
	c := newCase(t)
	for _, tt := range []struct {
		a    Actor
		want bool
	}{{researcher, true}, {other, false}, {officer, true}, {admin, true}, {adviser, false}, {stranger, false}} {
		if got := CanView(&c, tt.a); got != tt.want {
			t.Errorf("CanView(%s) = %v, want %v", tt.a.Name, got, tt.want)
		}
	}
	s := c.Summarise()
	if s.Title != "Ocean carbon" || s.State != Draft || s.CreatedBy != researcher.UserID || s.Recommended != assess.OutcomeProceedWithMitigations {
		t.Fatalf("summary %+v", s)
	}
}

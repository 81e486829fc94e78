package backend

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/collabcheck/collabcheck/internal/audit"
	"github.com/collabcheck/collabcheck/internal/cases"
	"github.com/collabcheck/collabcheck/internal/store"
)

// CaseRow is a case as it is written to the cases table: the summary
// columns derived with cases.Case.Summarise, and the whole case as JSON.
type CaseRow struct {
	Summary cases.Summary
	// Countries is Summary.PartnerCountries as a JSON array.
	Countries string
	Body      []byte
}

// AssigneeArg and ReferredArg are the nullable columns as query
// arguments: nil (NULL) when the case has none.
func (r *CaseRow) AssigneeArg() any { return nullID(r.Summary.AssigneeID) }

// ReferredArg is the referred_to column as a query argument (see
// AssigneeArg).
func (r *CaseRow) ReferredArg() any { return nullID(r.Summary.ReferredTo) }

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// EncodeCase checks what the columns need of c and turns it into its row.
// Times are kept to the microsecond in UTC, as both databases store them,
// so a case reads back equal to what was written.
func EncodeCase(c *cases.Case) (CaseRow, error) {
	if c.TenantID <= 0 {
		return CaseRow{}, fmt.Errorf("%w: case: no owning tenant", store.ErrInvalid)
	}
	if !c.State.Valid() {
		return CaseRow{}, fmt.Errorf("%w: case %d: unknown state %q", store.ErrInvalid, c.ID, c.State)
	}
	if c.CreatedAt.IsZero() || c.UpdatedAt.IsZero() {
		return CaseRow{}, fmt.Errorf("%w: case %d: created and updated times are required", store.ErrInvalid, c.ID)
	}
	c.CreatedAt, c.UpdatedAt = Stamp(c.CreatedAt), Stamp(c.UpdatedAt)
	s := c.Summarise()
	for _, f := range []struct{ name, v string }{{"title", s.Title}, {"risk", string(s.Risk)}, {"recommended outcome", string(s.Recommended)}, {"decided outcome", string(s.DecidedOutcome)}} {
		if err := CheckText(f.v); err != nil {
			return CaseRow{}, fmt.Errorf("%w: case %d: %s %w", store.ErrInvalid, c.ID, f.name, err)
		}
	}
	countries := s.PartnerCountries
	if countries == nil {
		countries = []string{}
	}
	cb, err := json.Marshal(countries)
	if err != nil {
		return CaseRow{}, fmt.Errorf("encode case %d countries: %w", c.ID, err)
	}
	body, err := json.Marshal(c)
	if err != nil {
		return CaseRow{}, fmt.Errorf("encode case %d: %w", c.ID, err)
	}
	return CaseRow{Summary: s, Countries: string(cb), Body: body}, nil
}

// DecodeCase parses a stored case body. The columns id, tenant_id and
// version are authoritative and override the body's copies.
func DecodeCase(body []byte, id, tenantID int64, version int) (cases.Case, error) {
	var c cases.Case
	if err := json.Unmarshal(body, &c); err != nil {
		return c, fmt.Errorf("decode case %d: %w", id, err)
	}
	c.ID, c.TenantID, c.Version = id, tenantID, version
	return c, nil
}

// DecodeCountries parses the partner_countries column.
func DecodeCountries(s string, id int64) ([]string, error) {
	var out []string
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil, fmt.Errorf("case %d: bad partner_countries %q: %w", id, s, err)
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// CaseSubject is the audit subject of a case.
func CaseSubject(id int64) string { return "case:" + strconv.FormatInt(id, 10) }

// MaxCaseLimit and DefaultCaseLimit bound store.CaseFilter.Limit.
const (
	DefaultCaseLimit = 100
	MaxCaseLimit     = 1000
)

// CaseQuery returns the query of Cases for the viewer tenant selecting
// cols from the cases table, most recently updated first, and its
// arguments. ph spells the n-th (1-based) placeholder of the dialect ("?"
// or "$n"). The viewer's own cases and those referred to it are selected
// by two index scans merged by UNION ALL (a case is never referred to its
// owner), so the newest page is read without sorting all of a tenant's
// cases. Its errors wrap store.ErrInvalid.
func CaseQuery(cols string, viewer int64, f store.CaseFilter, ph func(n int) string) (string, []any, error) {
	if f.ReferredOnly && f.OwnedOnly {
		return "", nil, fmt.Errorf("%w: case filter: referred-only and owned-only exclude each other", store.ErrInvalid)
	}
	if f.Limit < 0 || f.Offset < 0 {
		return "", nil, fmt.Errorf("%w: case filter: negative limit %d or offset %d", store.ErrInvalid, f.Limit, f.Offset)
	}
	for _, s := range f.States {
		if !s.Valid() {
			return "", nil, fmt.Errorf("%w: case filter: unknown state %q", store.ErrInvalid, s)
		}
	}
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return ph(len(args))
	}
	// sel is one SELECT: the scope condition, then the filter's.
	sel := func(scope ...string) string {
		where := scope
		if len(f.States) > 0 {
			ps := make([]string, len(f.States))
			for i, s := range f.States {
				ps[i] = arg(string(s))
			}
			where = append(where, "state IN ("+strings.Join(ps, ", ")+")")
		}
		switch {
		case f.CreatedBy != 0 && f.AssigneeID != 0:
			where = append(where, "(created_by = "+arg(f.CreatedBy)+" OR assignee_id = "+arg(f.AssigneeID)+")")
		case f.CreatedBy != 0:
			where = append(where, "created_by = "+arg(f.CreatedBy))
		case f.AssigneeID != 0:
			where = append(where, "assignee_id = "+arg(f.AssigneeID))
		}
		return "SELECT " + cols + " FROM cases WHERE " + strings.Join(where, " AND ")
	}
	var q string
	switch {
	case f.ReferredOnly:
		q = sel("referred_to = " + arg(viewer))
	case f.OwnedOnly:
		q = sel("tenant_id = " + arg(viewer))
	default:
		q = sel("tenant_id = "+arg(viewer)) + " UNION ALL " + sel("referred_to = "+arg(viewer), "tenant_id <> "+arg(viewer))
	}
	limit := f.Limit
	if limit == 0 {
		limit = DefaultCaseLimit
	}
	limit = min(limit, MaxCaseLimit)
	q += " ORDER BY updated_at DESC, id DESC LIMIT " + arg(limit) + " OFFSET " + arg(f.Offset)
	return q, args, nil
}

// PrepareNewCase checks a case to be created and returns it at version 1
// with its times stamped.
func PrepareNewCase(c cases.Case) (cases.Case, error) {
	c.ID, c.Version = 0, 1
	if c.CreatedAt.IsZero() {
		c.CreatedAt = time.Now()
	}
	if c.UpdatedAt.IsZero() {
		c.UpdatedAt = c.CreatedAt
	}
	if _, err := EncodeCase(&c); err != nil {
		return c, err
	}
	return c, nil
}

// PreparePolicy checks a policy record before it is stored and stamps
// its time; an empty Source means the override is removed. The event gets
// the policy's subject, tenant, action and the actor in ctx where it has
// none of its own.
func PreparePolicy(ctx context.Context, p store.PolicyRecord, ev audit.Event) (store.PolicyRecord, audit.Event, error) {
	if p.TenantID <= 0 {
		return p, ev, fmt.Errorf("%w: policy: no tenant", store.ErrInvalid)
	}
	for _, f := range []struct{ name, v string }{{"version", p.Version}, {"source", p.Source}, {"updated by", p.UpdatedBy}} {
		if err := CheckText(f.v); err != nil {
			return p, ev, fmt.Errorf("%w: policy of tenant %d: %s %w", store.ErrInvalid, p.TenantID, f.name, err)
		}
	}
	p.UpdatedAt = Stamp(p.UpdatedAt)
	if ev.Subject == "" {
		ev.Subject = "policy:" + strconv.FormatInt(p.TenantID, 10)
	}
	if ev.TenantID == 0 {
		ev.TenantID = p.TenantID
	}
	if ev.Action == "" {
		ev.Action = "policy.set"
		if p.Source == "" {
			ev.Action = "policy.remove"
		}
	}
	return p, WithActor(ctx, ev), nil
}

// PrepareSession checks a session before it is stored and stamps its
// times (CreatedAt zero means now).
func PrepareSession(s store.Session) (store.Session, error) {
	if b, err := hex.DecodeString(s.Hash); err != nil || len(b) != 32 || strings.ToLower(s.Hash) != s.Hash {
		return s, fmt.Errorf("%w: session: hash is not a lower-case hex SHA-256", store.ErrInvalid)
	}
	if s.TenantID <= 0 || s.UserID <= 0 {
		return s, fmt.Errorf("%w: session: tenant and user are required", store.ErrInvalid)
	}
	if s.ExpiresAt.IsZero() {
		return s, fmt.Errorf("%w: session: no expiry time", store.ErrInvalid)
	}
	s.CreatedAt, s.ExpiresAt = Stamp(s.CreatedAt), Stamp(s.ExpiresAt)
	if !s.ExpiresAt.After(s.CreatedAt) {
		return s, fmt.Errorf("%w: session: expires at %s, not after its creation at %s", store.ErrInvalid,
			s.ExpiresAt.Format(time.RFC3339), s.CreatedAt.Format(time.RFC3339))
	}
	return s, nil
}

// Stamp returns t (or now when zero) in UTC at microsecond precision,
// the precision both backends keep.
func Stamp(t time.Time) time.Time {
	if t.IsZero() {
		t = time.Now()
	}
	return t.UTC().Truncate(time.Microsecond)
}

// CheckText rejects text a column cannot hold in both databases: invalid
// UTF-8 and NUL characters.
func CheckText(s string) error {
	if !utf8.ValidString(s) {
		return errors.New("is not valid UTF-8")
	}
	if strings.IndexByte(s, 0) >= 0 {
		return errors.New("contains a NUL character")
	}
	return nil
}

// WithActor fills an event's actor from ctx (store.ActorFrom) when the
// event names none.
func WithActor(ctx context.Context, ev audit.Event) audit.Event {
	if ev.Actor == "" {
		ev.Actor = store.ActorFrom(ctx)
	}
	return ev
}

// Seal makes the audit entry that follows the chain head (seq 0 and hash
// "" on an empty trail), timed now. Backends call it in the writing
// transaction after reading the head under their append lock.
func Seal(headSeq int64, headHash string, ev audit.Event) (audit.Entry, error) {
	e, err := audit.Seal(headSeq, headHash, time.Now(), ev)
	if err != nil {
		return e, fmt.Errorf("%w: %w", store.ErrInvalid, err)
	}
	return e, nil
}

package store

import (
	"context"
	"encoding/json"
	"fmt"
	"net/mail"
	"net/url"
	"strings"
	"time"

	"github.com/collabcheck/collabcheck/internal/audit"
)

// Alerts keeps what continuous monitoring raises when the lists change (a
// case's partner newly listed, listed differently, or delisted), where each
// tenant wants alerts delivered, and the delivery outbox.
//
// RaiseAlerts writes each alert, its outbox rows (one per channel the
// tenant configured) and its audit entry in one transaction, so an alert
// is never stored without the deliveries that announce it, nor delivered
// without being stored. Alerts are unique by Key: raising the same alert
// again (a retried job, a second server) writes nothing.
//
// Dispatchers share the outbox by leasing rows: ClaimDeliveries hands a due
// row to one owner until its lease ends, so two dispatchers never send the
// same delivery at once, and CompleteDelivery / FailDelivery only count
// when the caller still holds the lease.
//
// Get it from an opened Store with AlertsOf.
type Alerts interface {
	// RaiseAlerts stores the alerts not stored yet (by Key) with their
	// outbox rows and audit entries, and returns those it stored, with
	// ids. Each alert's TenantID must own its CaseID (else ErrNotFound).
	RaiseAlerts(ctx context.Context, alerts []Alert) ([]Alert, error)
	// Alert returns one alert of the tenant, or ErrNotFound.
	Alert(ctx context.Context, tenantID, id int64) (Alert, error)
	// ListAlerts returns the tenant's alerts passing f, newest first.
	ListAlerts(ctx context.Context, tenantID int64, f AlertFilter) ([]Alert, error)
	// AckAlert marks the tenant's alert acknowledged by actor at at
	// (acknowledging twice keeps the first) and appends ev; ErrNotFound
	// when the tenant has no such alert.
	AckAlert(ctx context.Context, tenantID, id int64, actor string, at time.Time, ev audit.Event) (Alert, error)

	// SetAlertChannel stores (replaces) a tenant's delivery channel; an
	// empty Target removes it, with its deliveries not yet made (they
	// would be retried for ever). The caller has validated it (Validate).
	SetAlertChannel(ctx context.Context, ch AlertChannel) error
	// AlertChannels returns the tenant's channels, by channel name.
	AlertChannels(ctx context.Context, tenantID int64) ([]AlertChannel, error)

	// ClaimDeliveries leases up to limit undelivered outbox rows due at
	// now (and not leased by anyone else) to owner until now+lease, and
	// returns them with their alerts.
	ClaimDeliveries(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]Delivery, error)
	// CompleteDelivery records a successful delivery by the lease owner;
	// it returns false when owner no longer holds the lease or the row is
	// already delivered.
	CompleteDelivery(ctx context.Context, id int64, owner string, at time.Time) (bool, error)
	// FailDelivery records a failed attempt by the lease owner and when
	// to try again, releasing the lease.
	FailDelivery(ctx context.Context, id int64, owner string, msg string, next time.Time) error
	// Deliveries returns the outbox rows of one alert, by id.
	Deliveries(ctx context.Context, alertID int64) ([]Delivery, error)
}

// AlertKind says what changed about a listing.
type AlertKind string

// The kinds of alert.
const (
	// AlertNewHit: a partner matches a listed entity it did not match
	// before.
	AlertNewHit AlertKind = "new_hit"
	// AlertChangedHit: the entity was already matched but its programs
	// or memberships changed.
	AlertChangedHit AlertKind = "changed_hit"
	// AlertRemovedHit: the entity matched before and no longer does (it
	// was delisted, or the list dropped it).
	AlertRemovedHit AlertKind = "removed_hit"
)

// Alert is one change of a case partner's listing.
type Alert struct {
	ID       int64     `json:"id"`
	TenantID int64     `json:"tenant_id"`
	CaseID   int64     `json:"case_id"`
	Kind     AlertKind `json:"kind"`
	// List and SourceID identify the listed entity; Name is its name.
	List     string `json:"list"`
	SourceID string `json:"source_id"`
	Name     string `json:"name,omitempty"`
	// Party is where in the collaboration the match was
	// ("partners[0]").
	Party string `json:"party,omitempty"`
	// Programs are the entity's programs now; PreviousPrograms those the
	// case's previous assessment recorded.
	Programs         []string `json:"programs"`
	PreviousPrograms []string `json:"previous_programs"`
	// ListVersion is the list's version number that produced the change.
	ListVersion int `json:"list_version"`
	// Key makes the alert unique: the same change of the same case at the
	// same list version is one alert.
	Key string `json:"key"`
	// Detail says what changed, in words.
	Detail    string     `json:"detail,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	AckedAt   *time.Time `json:"acked_at,omitempty"`
	AckedBy   string     `json:"acked_by,omitempty"`
}

// AlertFilter narrows ListAlerts. Zero fields do not filter.
type AlertFilter struct {
	CaseID  int64
	Unacked bool
	Limit   int // 0 means 100, at most 1000
	Offset  int
}

// Channels alerts are delivered through.
const (
	ChannelWebhook = "webhook"
	ChannelEmail   = "email"
)

// AlertChannel is where a tenant's alerts go: a webhook URL with the
// secret that signs its bodies, or email addresses (comma-separated).
type AlertChannel struct {
	TenantID  int64     `json:"tenant_id"`
	Channel   string    `json:"channel"`
	Target    string    `json:"target"`
	Secret    string    `json:"-"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Validate checks a channel before it is stored. Its errors wrap
// ErrInvalid. An empty Target (removal) is valid.
func (ch *AlertChannel) Validate() error {
	for _, f := range []struct{ name, v string }{{"target", ch.Target}, {"secret", ch.Secret}} {
		if err := checkText(f.v); err != nil {
			return fmt.Errorf("%w: alert %s channel: %s %w", ErrInvalid, ch.Channel, f.name, err)
		}
	}
	if ch.Target == "" {
		return nil
	}
	switch ch.Channel {
	case ChannelWebhook:
		u, err := url.Parse(ch.Target)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return fmt.Errorf("%w: webhook URL %q: want an absolute http(s) URL", ErrInvalid, ch.Target)
		}
		if len(ch.Secret) < 16 {
			return fmt.Errorf("%w: webhook secret: want at least 16 characters, got %d", ErrInvalid, len(ch.Secret))
		}
	case ChannelEmail:
		for _, a := range strings.Split(ch.Target, ",") {
			if _, err := mail.ParseAddress(strings.TrimSpace(a)); err != nil {
				return fmt.Errorf("%w: alert email address %q: %v", ErrInvalid, strings.TrimSpace(a), err)
			}
		}
	default:
		return fmt.Errorf("%w: unknown alert channel %q (want webhook or email)", ErrInvalid, ch.Channel)
	}
	return nil
}

// Delivery is one outbox row: an alert to send through one channel.
type Delivery struct {
	ID          int64      `json:"id"`
	AlertID     int64      `json:"alert_id"`
	TenantID    int64      `json:"tenant_id"`
	Channel     string     `json:"channel"`
	Target      string     `json:"target"`
	Attempts    int        `json:"attempts"`
	NextAttempt time.Time  `json:"next_attempt"`
	DeliveredAt *time.Time `json:"delivered_at,omitempty"`
	LastError   string     `json:"last_error,omitempty"`
	// Alert is filled by ClaimDeliveries.
	Alert Alert `json:"-"`
}

// Validate checks an alert before it is stored. Its errors wrap
// ErrInvalid.
func (a *Alert) Validate() error {
	if a.TenantID <= 0 || a.CaseID <= 0 {
		return fmt.Errorf("%w: alert: tenant and case are required", ErrInvalid)
	}
	switch a.Kind {
	case AlertNewHit, AlertChangedHit, AlertRemovedHit:
	default:
		return fmt.Errorf("%w: alert of case %d: unknown kind %q", ErrInvalid, a.CaseID, a.Kind)
	}
	if strings.TrimSpace(a.Key) == "" || a.List == "" || a.SourceID == "" {
		return fmt.Errorf("%w: alert of case %d: key, list and source id are required", ErrInvalid, a.CaseID)
	}
	fields := []string{a.List, a.SourceID, a.Name, a.Party, a.Key, a.Detail}
	fields = append(fields, a.Programs...)
	fields = append(fields, a.PreviousPrograms...)
	for _, f := range fields {
		if err := checkText(f); err != nil {
			return fmt.Errorf("%w: alert of case %d: text %w", ErrInvalid, a.CaseID, err)
		}
	}
	return nil
}

// AlertEvent is the audit event recording that a was raised.
func AlertEvent(a Alert) audit.Event {
	return audit.Event{TenantID: a.TenantID, Actor: "system:monitor", Action: "alert.raise",
		Subject: fmt.Sprintf("case:%d", a.CaseID), Detail: map[string]any{
			"alert": a.ID, "kind": a.Kind, "list": a.List, "source_id": a.SourceID, "name": a.Name,
			"programs": a.Programs, "previous_programs": a.PreviousPrograms, "list_version": a.ListVersion,
		}}
}

// EncodeStrings is how backends store a string list in a text column.
func EncodeStrings(ss []string) string {
	if ss == nil {
		ss = []string{}
	}
	b, _ := json.Marshal(ss) // a []string always marshals
	return string(b)
}

// DecodeStrings reverses EncodeStrings; what names the column in errors.
func DecodeStrings(what, s string) ([]string, error) {
	out := []string{}
	if s == "" {
		return out, nil
	}
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil, fmt.Errorf("bad %s column: %w", what, err)
	}
	return out, nil
}

// AlertsOf returns the Alerts side of an opened store: every backend in
// this module has one.
func AlertsOf(s Store) (Alerts, error) {
	a, ok := s.(Alerts)
	if !ok {
		return nil, fmt.Errorf("store %T does not keep alerts", s)
	}
	return a, nil
}

// AlertPage returns the limit and offset ListAlerts applies for f.
func AlertPage(f AlertFilter) (limit, offset int) {
	limit = f.Limit
	switch {
	case limit <= 0:
		limit = 100
	case limit > 1000:
		limit = 1000
	}
	return limit, max(f.Offset, 0)
}

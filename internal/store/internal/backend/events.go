package backend

import (
	"context"
	"strconv"
	"time"

	"github.com/collabcheck/collabcheck/internal/audit"
	"github.com/collabcheck/collabcheck/internal/auth"
	"github.com/collabcheck/collabcheck/internal/registry"
	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// The audit events of the writes whose methods take no event: both
// backends record them alike, with the actor from store.ActorFrom(ctx).
// Deployment-wide changes (lists, the registry, tenants) have tenant 0.
// Secrets never enter the trail: no password hash, no token hash.

// ListImported records a new list version.
func ListImported(ctx context.Context, v watchlist.Version) audit.Event {
	return audit.Event{Actor: store.ActorFrom(ctx), Action: "list.import", Subject: "list:" + v.List, Detail: map[string]any{
		"list": v.List, "version": v.Number, "entities": v.EntityCount, "content_hash": v.ContentHash,
		"format": v.Format, "source": v.Source,
	}}
}

// ListRemoved records the removal of a list and its versions.
func ListRemoved(ctx context.Context, list string, versions int) audit.Event {
	return audit.Event{Actor: store.ActorFrom(ctx), Action: "list.remove", Subject: "list:" + list, Detail: map[string]any{
		"list": list, "versions": versions,
	}}
}

// RegistryImported records a new registry version.
func RegistryImported(ctx context.Context, v registry.Version) audit.Event {
	return audit.Event{Actor: store.ActorFrom(ctx), Action: "registry.import", Subject: "registry:" + strconv.Itoa(v.Number), Detail: map[string]any{
		"version": v.Number, "organisations": v.OrgCount, "content_hash": v.ContentHash,
		"schema_version": v.SchemaVersion, "source": v.Source,
	}}
}

// TenantCreated records a new tenant (a deployment-wide change).
func TenantCreated(ctx context.Context, t auth.Tenant) audit.Event {
	return audit.Event{Actor: store.ActorFrom(ctx), Action: "tenant.create", Subject: "tenant:" + strconv.FormatInt(t.ID, 10), Detail: map[string]any{
		"tenant_id": t.ID, "name": t.Name, "kind": t.Kind,
	}}
}

// UserCreated records a new user, without the password hash.
func UserCreated(ctx context.Context, u auth.User) audit.Event {
	return audit.Event{TenantID: u.TenantID, Actor: store.ActorFrom(ctx), Action: "user.create", Subject: "user:" + strconv.FormatInt(u.ID, 10), Detail: map[string]any{
		"user_id": u.ID, "email": u.Email, "name": u.Name, "role": u.Role,
	}}
}

// TokenCreated records a new API token by prefix and name, without the
// hash.
func TokenCreated(ctx context.Context, k auth.APIToken) audit.Event {
	return audit.Event{TenantID: k.TenantID, Actor: store.ActorFrom(ctx), Action: "token.create", Subject: "token:" + strconv.FormatInt(k.ID, 10), Detail: map[string]any{
		"token_id": k.ID, "user_id": k.UserID, "prefix": k.Prefix, "name": k.Name,
	}}
}

// TokenRevoked records that a token was revoked at the time.
func TokenRevoked(ctx context.Context, tenantID, tokenID int64, at time.Time) audit.Event {
	return audit.Event{TenantID: tenantID, Actor: store.ActorFrom(ctx), Action: "token.revoke", Subject: "token:" + strconv.FormatInt(tokenID, 10), Detail: map[string]any{
		"token_id": tokenID, "revoked_at": at.UTC().Format(time.RFC3339Nano),
	}}
}

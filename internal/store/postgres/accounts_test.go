package postgres

import (
	"strings"
	"testing"

	"github.com/collabcheck/collabcheck/internal/auth"
	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/store/storetest"
)

func TestAccountsConformance(t *testing.T) {
	storetest.RunAccounts(t, func(t *testing.T) store.Store { return openTemp(t) })
}

// TestTokenUserTenantKey checks the schema itself refuses a token whose
// user belongs to another tenant, below the store's own checks.
func TestTokenUserTenantKey(t *testing.T) {
	s := openTemp(t)
	defer s.Close()
	ctx := t.Context()
	north, err := s.CreateTenant(ctx, store.NewTenant{Name: "North", Kind: auth.Organisation})
	if err != nil {
		t.Fatal(err)
	}
	south, err := s.CreateTenant(ctx, store.NewTenant{Name: "South", Kind: auth.Organisation})
	if err != nil {
		t.Fatal(err)
	}
	hash, err := auth.HashPassword("a long passphrase for ada")
	if err != nil {
		t.Fatal(err)
	}
	u, err := s.CreateUser(ctx, store.NewUser{TenantID: north.ID, Email: "ada@north.example", Name: "Ada", Role: auth.Admin, PasswordHash: hash})
	if err != nil {
		t.Fatal(err)
	}
	const insert = `INSERT INTO api_tokens (tenant_id, user_id, name, prefix, hash, created_at) VALUES ($1, $2, '', $3, 'h', now())`
	if _, err := s.pool.Exec(ctx, insert, south.ID, u.ID, "aaaaaaaa"); err == nil || !strings.Contains(err.Error(), foreignKeyViolation) {
		t.Errorf("token pairing a north user with south: %v", err)
	}
	if _, err := s.pool.Exec(ctx, insert, north.ID, u.ID, "bbbbbbbb"); err != nil {
		t.Errorf("token in the user's own tenant: %v", err)
	}
}

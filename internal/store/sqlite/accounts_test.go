package sqlite

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
	const insert = `INSERT INTO api_tokens (tenant_id, user_id, name, prefix, hash, created_at) VALUES (?, ?, '', ?, 'h', 't')`
	if _, err := s.w.ExecContext(ctx, insert, south.ID, u.ID, "aaaaaaaa"); err == nil || !strings.Contains(err.Error(), "FOREIGN KEY") {
		t.Errorf("token pairing a north user with south: %v", err)
	}
	if _, err := s.w.ExecContext(ctx, insert, north.ID, u.ID, "bbbbbbbb"); err != nil {
		t.Errorf("token in the user's own tenant: %v", err)
	}
}

// BenchmarkAuthenticateToken measures what every API request pays to
// authenticate: the prefix lookup with its user and the hash check.
func BenchmarkAuthenticateToken(b *testing.B) {
	s := openTemp(b)
	defer s.Close()
	ctx := b.Context()
	tn, err := s.CreateTenant(ctx, store.NewTenant{Name: "North", Kind: auth.Organisation})
	if err != nil {
		b.Fatal(err)
	}
	u, err := s.CreateUser(ctx, store.NewUser{TenantID: tn.ID, Email: "ada@north.example", Name: "Ada", Role: auth.Admin,
		PasswordHash: "$argon2id$v=19$m=65536,t=3,p=2$c2FsdA$a2V5"})
	if err != nil {
		b.Fatal(err)
	}
	nt, err := auth.GenerateToken()
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.CreateToken(ctx, store.NewAPIToken{TenantID: tn.ID, UserID: u.ID, Prefix: nt.Prefix, Hash: nt.Hash}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := store.AuthenticateToken(ctx, s, nt.Plain); err != nil {
			b.Fatal(err)
		}
	}
}

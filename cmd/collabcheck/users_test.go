package main

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/collabcheck/collabcheck/internal/auth"
	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/store/open"
)

// storedUser opens db and reads the user with the email, with its hash.
func storedUser(t *testing.T, db, email string) (auth.User, store.Accounts) {
	t.Helper()
	st, err := open.Store(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	a, err := store.AccountsOf(st)
	if err != nil {
		t.Fatal(err)
	}
	u, err := a.UserByEmail(t.Context(), email)
	if err != nil {
		t.Fatalf("user %s: %v", email, err)
	}
	return u, a
}

// authToken opens db and authenticates the token.
func authToken(t *testing.T, db, plain string) (auth.User, auth.APIToken, store.Accounts, error) {
	t.Helper()
	_, a := storedUser(t, db, "ada@northbridge.example")
	u, k, err := store.AuthenticateToken(t.Context(), a, plain)
	return u, k, a, err
}

func TestTenantsAndUsers(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cc.db")
	if out, _, code := cli(t, db, "", "tenants", "ls"); code != 0 || !strings.Contains(out, "no tenants yet") {
		t.Fatalf("tenants ls on a fresh db: %q (code %d)", out, code)
	}
	if out, errs, code := cli(t, db, "", "tenants", "add", "Northbridge University"); code != 0 || !strings.Contains(out, `created tenant "Northbridge University" (organisation`) {
		t.Fatalf("tenants add: %q %q (code %d)", out, errs, code)
	}
	if _, errs, code := cli(t, db, "", "tenants", "add", "--kind", "adviser", "National Advice Team"); code != 0 {
		t.Fatalf("tenants add adviser: %q (code %d)", errs, code)
	}
	out, _, code := cli(t, db, "", "tenants", "ls", "--json")
	var ts []auth.Tenant
	if code != 0 || json.Unmarshal([]byte(out), &ts) != nil || len(ts) != 2 || ts[0].Kind != auth.AdviserTeam || ts[1].Name != "Northbridge University" {
		t.Fatalf("tenants ls --json: %q (code %d)", out, code)
	}

	// A generated one-time password is printed once and verifies.
	out, errs, code := cli(t, db, "", "users", "add", "--tenant", "Northbridge University", "--email", "Ada@Northbridge.example", "--name", "Ada Lovelace", "--role", "officer")
	if code != 0 {
		t.Fatalf("users add: %q (code %d)", errs, code)
	}
	m := regexp.MustCompile(`one-time password \(shown only now\): (\S+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("users add printed no password: %q", out)
	}
	ada, _ := storedUser(t, db, "ada@northbridge.example")
	if ok, err := auth.VerifyPassword(m[1], ada.PasswordHash); !ok || err != nil || ada.Role != auth.Officer {
		t.Errorf("stored user %+v does not verify the printed password: %v %v", ada, ok, err)
	}

	// --password-stdin sets the given password and prints none.
	out, errs, code = cli(t, db, "a long passphrase for brian\n", "users", "add", "--password-stdin", "--tenant", "Northbridge University", "--email", "brian@northbridge.example", "--name", "Brian", "--role", "researcher")
	if code != 0 || strings.Contains(out, "password") {
		t.Fatalf("users add --password-stdin: %q %q (code %d)", out, errs, code)
	}
	brian, _ := storedUser(t, db, "brian@northbridge.example")
	if ok, _ := auth.VerifyPassword("a long passphrase for brian", brian.PasswordHash); !ok {
		t.Error("the password from stdin does not verify")
	}

	out, _, code = cli(t, db, "", "users", "ls", "--tenant", "Northbridge University")
	if code != 0 || !strings.Contains(out, "ada@northbridge.example") || !strings.Contains(out, "researcher") || strings.Contains(out, "argon2id") {
		t.Errorf("users ls: %q (code %d)", out, code)
	}
	out, _, code = cli(t, db, "", "users", "ls", "--json", "--tenant", "National Advice Team")
	if code != 0 || strings.TrimSpace(out) != "[]" {
		t.Errorf("users ls of the adviser tenant: %q (code %d)", out, code)
	}

	// A token is printed once; only its hash is stored.
	out, errs, code = cli(t, db, "", "users", "token", "--email", "ada@northbridge.example", "--name", "ci")
	plain := strings.TrimSpace(out)
	if code != 0 || !strings.HasPrefix(plain, auth.TokenMarker) {
		t.Fatalf("users token: %q %q (code %d)", out, errs, code)
	}
	prefix, _, err := auth.ParseToken(plain)
	if err != nil {
		t.Fatal(err)
	}
	_, a := storedUser(t, db, "ada@northbridge.example")
	k, u, err := a.TokenByPrefix(t.Context(), prefix)
	if err != nil || u.ID != ada.ID || k.Name != "ci" || !auth.VerifyToken(plain, k.Hash) || k.Hash == plain {
		t.Errorf("stored token %+v for %+v: %v", k, u, err)
	}

	// Listing shows the prefix and label, never the token; revoking by
	// prefix stops it authenticating.
	out, _, code = cli(t, db, "", "users", "tokens", "--email", "ada@northbridge.example")
	if code != 0 || !strings.Contains(out, prefix) || !strings.Contains(out, "ci") || strings.Contains(out, plain) {
		t.Errorf("users tokens: %q (code %d)", out, code)
	}
	if _, errs, code := cli(t, db, "", "users", "revoke", "--email", "brian@northbridge.example", prefix); code != 1 || !strings.Contains(errs, "no token with prefix") {
		t.Errorf("revoking ada's token as brian: code %d %q", code, errs)
	}
	if _, _, _, err := authToken(t, db, plain); err != nil {
		t.Errorf("token after a refused revoke: %v", err)
	}
	if out, errs, code := cli(t, db, "", "users", "revoke", "--email", "ada@northbridge.example", plain[:12]); code != 0 || !strings.Contains(out, "revoked token "+prefix) {
		t.Fatalf("users revoke: %q %q (code %d)", out, errs, code)
	}
	if _, _, _, err := authToken(t, db, plain); !errors.Is(err, store.ErrUnauthenticated) {
		t.Errorf("revoked token authenticates: %v", err)
	}
	out, _, code = cli(t, db, "", "users", "tokens", "--json", "--email", "ada@northbridge.example")
	var ks []auth.APIToken
	if code != 0 || json.Unmarshal([]byte(out), &ks) != nil || len(ks) != 1 || ks[0].RevokedAt == nil {
		t.Errorf("users tokens --json after revoke: %q (code %d)", out, code)
	}
}

func TestUsersErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cc.db")
	if _, errs, code := cli(t, db, "", "tenants", "add", "Northbridge University"); code != 0 {
		t.Fatal(errs)
	}
	add := func(extra ...string) []string {
		return append([]string{"users", "add", "--tenant", "Northbridge University", "--email", "ada@northbridge.example", "--name", "Ada"}, extra...)
	}
	tests := []struct {
		name  string
		stdin string
		args  []string
		code  int
		msg   string
	}{
		{"tenants without subcommand", "", []string{"tenants"}, 2, "needs a subcommand"},
		{"users without subcommand", "", []string{"users"}, 2, "needs a subcommand"},
		{"tenant without name", "", []string{"tenants", "add"}, 2, "accepts 1 arg"},
		{"unknown tenant kind", "", []string{"tenants", "add", "--kind", "government", "X"}, 2, "unknown tenant kind"},
		{"duplicate tenant", "", []string{"tenants", "add", "Northbridge University"}, 1, "already exists"},
		{"invalid tenant name", "", []string{"tenants", "add", "bad\xffname"}, 1, "UTF-8"},
		{"missing role", "", add(), 2, "--role is required"},
		{"unknown role", "", add("--role", "root"), 2, "unknown role"},
		{"bad email", "", []string{"users", "add", "--tenant", "T", "--email", "nope", "--name", "N", "--role", "admin"}, 2, "invalid email"},
		{"unknown tenant", "", []string{"users", "add", "--tenant", "Nowhere", "--email", "x@y.example", "--name", "N", "--role", "admin"}, 1, `no tenant named "Nowhere"`},
		{"short password", "short\n", add("--role", "admin", "--password-stdin"), 1, "too short"},
		{"empty password", "", add("--role", "admin", "--password-stdin"), 1, "empty"},
		{"ls without tenant", "", []string{"users", "ls"}, 2, "--tenant is required"},
		{"ls unknown tenant", "", []string{"users", "ls", "--tenant", "Nowhere"}, 1, "no tenant named"},
		{"token without email", "", []string{"users", "token"}, 2, "--email is required"},
		{"token unknown user", "", []string{"users", "token", "--email", "ghost@northbridge.example"}, 1, "no user with email"},
		{"tokens without email", "", []string{"users", "tokens"}, 2, "--email is required"},
		{"revoke without prefix", "", []string{"users", "revoke", "--email", "ada@northbridge.example"}, 2, "accepts 1 arg"},
		{"revoke unknown user", "", []string{"users", "revoke", "--email", "ghost@northbridge.example", "abcdefgh"}, 1, "no user with email"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, errs, code := cli(t, db, tc.stdin, tc.args...)
			if code != tc.code || !strings.Contains(errs, tc.msg) {
				t.Errorf("code %d, stderr %q; want code %d and %q", code, errs, tc.code, tc.msg)
			}
		})
	}
	// The first add succeeds; the same email again is a conflict.
	if _, errs, code := cli(t, db, "", add("--role", "admin")...); code != 0 {
		t.Fatal(errs)
	}
	if _, errs, code := cli(t, db, "", add("--role", "officer")...); code != 1 || !strings.Contains(errs, "already exists") {
		t.Errorf("duplicate user: code %d %q", code, errs)
	}
}

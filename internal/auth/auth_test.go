package auth

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestPasswordHashVerify(t *testing.T) {
	h, err := HashPassword("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=3,p=2$") {
		t.Fatalf("hash %q does not record the argon2id parameters", h)
	}
	h2, err := HashPassword("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if h == h2 {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	tests := []struct {
		name     string
		password string
		hash     string
		want     bool
		wantErr  bool
	}{
		{"right password", "correct horse battery staple", h, true, false},
		{"right password, other salt", "correct horse battery staple", h2, true, false},
		{"wrong password", "correct horse battery stapler", h, false, false},
		{"empty password", "", h, false, false},
		{"case matters", "Correct horse battery staple", h, false, false},
		{"huge password", strings.Repeat("x", 2000), h, false, false},
		{"not a hash", "correct horse battery staple", "plaintext", false, true},
		{"other algorithm", "correct horse battery staple", "$2a$10$abcdefghijklmnopqrstuv", false, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ok, err := VerifyPassword(tc.password, tc.hash)
			if (err != nil) != tc.wantErr || ok != tc.want {
				t.Errorf("VerifyPassword = %v, %v; want %v, error %v", ok, err, tc.want, tc.wantErr)
			}
		})
	}
}

func TestHashPasswordRejects(t *testing.T) {
	for _, p := range []string{"", "short", "elevenchars", strings.Repeat("y", 1025)} {
		if _, err := HashPassword(p); err == nil {
			t.Errorf("HashPassword(%d bytes) accepted", len(p))
		}
	}
	// Twelve runes is enough even when they are multi-byte.
	if _, err := HashPassword("ĳĳĳĳĳĳĳĳĳĳĳĳ"); err != nil {
		t.Errorf("12-rune password rejected: %v", err)
	}
}

func TestGeneratePassword(t *testing.T) {
	seen := map[string]bool{}
	for range 20 {
		p, err := GeneratePassword()
		if err != nil {
			t.Fatal(err)
		}
		if len(p) != 24 || len(p) < MinPasswordLength || seen[p] {
			t.Fatalf("generated %q (len %d, repeated %v)", p, len(p), seen[p])
		}
		seen[p] = true
	}
}

func TestTokens(t *testing.T) {
	tok, err := GenerateToken()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(tok.Plain, TokenMarker) || len(tok.Plain) != 46 || len(tok.Prefix) != PrefixLength || len(tok.Hash) != 64 {
		t.Fatalf("token %+v has the wrong shape", tok)
	}
	if tok.Prefix != tok.Plain[3:3+PrefixLength] {
		t.Errorf("prefix %q is not the start of the secret in %q", tok.Prefix, tok.Plain)
	}
	if strings.Contains(tok.Hash, tok.Plain[3:]) {
		t.Error("hash contains the secret")
	}
	other, err := GenerateToken()
	if err != nil {
		t.Fatal(err)
	}
	if other.Plain == tok.Plain || other.Hash == tok.Hash {
		t.Fatal("two tokens are equal")
	}
	flipped := []byte(tok.Plain)
	if flipped[20] == 'A' {
		flipped[20] = 'B'
	} else {
		flipped[20] = 'A'
	}
	tests := []struct {
		name   string
		plain  string
		hash   string
		verify bool
		parses bool
	}{
		{"own token", tok.Plain, tok.Hash, true, true},
		{"other token's hash", tok.Plain, other.Hash, false, true},
		{"one character changed", string(flipped), tok.Hash, false, true},
		{"empty", "", tok.Hash, false, false},
		{"no marker", "xx" + tok.Plain[2:], tok.Hash, false, false},
		{"truncated", tok.Plain[:len(tok.Plain)-1], tok.Hash, false, false},
		{"extra character", tok.Plain + "A", tok.Hash, false, false},
		{"not base64", TokenMarker + strings.Repeat("!", 43), tok.Hash, false, false},
		{"empty stored hash", tok.Plain, "", false, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := VerifyToken(tc.plain, tc.hash); got != tc.verify {
				t.Errorf("VerifyToken = %v, want %v", got, tc.verify)
			}
			prefix, hash, err := ParseToken(tc.plain)
			if (err == nil) != tc.parses {
				t.Fatalf("ParseToken err %v, want parses=%v", err, tc.parses)
			}
			if err != nil && !errors.Is(err, ErrBadToken) {
				t.Errorf("error %v does not wrap ErrBadToken", err)
			}
			if err == nil && (len(prefix) != PrefixLength || hash != HashToken(tc.plain)) {
				t.Errorf("ParseToken = %q, %q", prefix, hash)
			}
		})
	}
}

func TestRoles(t *testing.T) {
	tests := []struct {
		in   string
		want Role
		ok   bool
	}{
		{"researcher", Researcher, true},
		{" Officer ", Officer, true},
		{"ADVISER", Adviser, true},
		{"admin", Admin, true},
		{"root", "", false},
		{"", "", false},
	}
	for _, tc := range tests {
		got, err := ParseRole(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseRole(%q) = %q, %v", tc.in, got, err)
		}
		if err != nil && !errors.Is(err, ErrBadRole) {
			t.Errorf("ParseRole(%q) error %v does not wrap ErrBadRole", tc.in, err)
		}
	}
	can := []struct {
		role Role
		perm Permission
		want bool
	}{
		{Researcher, ProposeCase, true},
		{Researcher, ReviewCase, false},
		{Researcher, ManageUsers, false},
		{Officer, ReviewCase, true},
		{Officer, ManageUsers, false},
		{Adviser, AdviseCase, true},
		{Adviser, ProposeCase, false},
		{Adviser, ReviewCase, false},
		{Admin, ManageUsers, true},
		{Admin, ReviewCase, true},
		{Admin, AdviseCase, false},
		{Role("root"), ManageUsers, false},
	}
	for _, tc := range can {
		if got := tc.role.Can(tc.perm); got != tc.want {
			t.Errorf("%s.Can(%s) = %v, want %v", tc.role, tc.perm, got, tc.want)
		}
	}
}

func TestTenantKindAndEmail(t *testing.T) {
	for in, want := range map[string]TenantKind{"": Organisation, "Adviser": AdviserTeam, "company": Company, "organisation": Organisation} {
		if got, err := ParseTenantKind(in); err != nil || got != want {
			t.Errorf("ParseTenantKind(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseTenantKind("government"); err == nil {
		t.Error("unknown tenant kind accepted")
	}
	emails := []struct{ in, want string }{
		{" Ada@Example.ORG ", "ada@example.org"},
		{"a@b", "a@b"},
		{"no-at-sign", ""},
		{"@example.org", ""},
		{"ada@", ""},
		{"a@b@c", ""},
		{"ada lovelace@example.org", ""},
		{"ada@exa\x00mple.org", ""},
		{"ada@exa\xffmple.org", ""},
	}
	for _, tc := range emails {
		got, err := NormalizeEmail(tc.in)
		if (tc.want == "") != (err != nil) || got != tc.want {
			t.Errorf("NormalizeEmail(%q) = %q, %v", tc.in, got, err)
		}
	}
}

func TestUserJSONHidesSecrets(t *testing.T) {
	b, err := json.Marshal(User{ID: 1, Email: "ada@example.org", PasswordHash: "$argon2id$secret"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "argon2id") || !strings.Contains(string(b), `"email":"ada@example.org"`) {
		t.Errorf("user JSON %s", b)
	}
	b, err = json.Marshal(APIToken{ID: 1, Prefix: "abcdefgh", Hash: "deadbeef"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "deadbeef") || !strings.Contains(string(b), `"prefix":"abcdefgh"`) {
		t.Errorf("token JSON %s", b)
	}
}

// A token's prefix never starts with "-": typed as an argument ("users
// revoke --email E PREFIX") it would read as a flag. One in 64 random
// tokens would, so 2,000 show it is drawn again.
func TestTokenPrefixNoFlag(t *testing.T) {
	for range 2000 {
		tok, err := GenerateToken()
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(tok.Prefix, "-") {
			t.Fatalf("token prefix %q starts with a dash", tok.Prefix)
		}
	}
}

package auth

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// BenchmarkHashPassword measures one argon2id hash with PasswordParams:
// the cost of a sign-in and of creating a user.
func BenchmarkHashPassword(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := HashPassword("correct horse battery staple"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyToken measures checking an API token against its stored
// hash, which every API request pays.
func BenchmarkVerifyToken(b *testing.B) {
	tok, err := GenerateToken()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if !VerifyToken(tok.Plain, tok.Hash) {
			b.Fatal("token does not verify")
		}
	}
}

// FuzzParseToken checks that any text either parses into a prefix of the
// token and its hash, or is rejected with ErrBadToken, never panicking.
func FuzzParseToken(f *testing.F) {
	tok, err := GenerateToken()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(tok.Plain)
	f.Add("")
	f.Add("cc_")
	f.Add(TokenMarker + strings.Repeat("\xff", 43))
	f.Fuzz(func(t *testing.T, s string) {
		prefix, hash, err := ParseToken(s)
		if err != nil {
			if VerifyToken(s, HashToken(s)) {
				t.Fatalf("VerifyToken accepted %q that ParseToken rejects", s)
			}
			return
		}
		if !strings.HasPrefix(s, TokenMarker+prefix) || hash != HashToken(s) || !VerifyToken(s, hash) {
			t.Fatalf("ParseToken(%q) = %q, %q", s, prefix, hash)
		}
	})
}

// FuzzNormalizeEmail checks that an accepted address is lower-case,
// trimmed, made of valid UTF-8 only, and stable.
func FuzzNormalizeEmail(f *testing.F) {
	for _, s := range []string{"Ada@Example.org", " a@b ", "@", "a@@b", "\x00@x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := NormalizeEmail(s)
		if err != nil {
			return
		}
		again, err := NormalizeEmail(e)
		if err != nil || again != e || strings.Count(e, "@") != 1 || strings.TrimSpace(e) != e {
			t.Fatalf("NormalizeEmail(%q) = %q, then %q, %v", s, e, again, err)
		}
		if !utf8.ValidString(s) || !utf8.ValidString(e) {
			t.Fatalf("NormalizeEmail accepted %q (as %q) with invalid UTF-8", s, e)
		}
	})
}

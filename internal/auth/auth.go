// Package auth holds what collabcheck knows about who is acting: tenants,
// users and their roles, password hashing (argon2id) and API tokens. It is
// pure: it reads no database and keeps no state, so the store and the HTTP
// layer can share it. Tokens are shown to their owner once and kept only as
// SHA-256 hashes; every secret comparison is constant-time.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/alexedwards/argon2id"
)

// Role is what a user may do within their tenant.
type Role string

// The roles. A researcher proposes collaborations, an officer assesses and
// decides them, an adviser (in an adviser tenant) advises on referred
// cases, and an admin manages users and policy as well as doing an
// officer's work.
const (
	Researcher Role = "researcher"
	Officer    Role = "officer"
	Adviser    Role = "adviser"
	Admin      Role = "admin"
)

// Roles lists every role in a fixed order, for help texts and validation.
var Roles = []Role{Researcher, Officer, Adviser, Admin}

// ErrBadRole is returned (wrapped) for text that names no role.
var ErrBadRole = errors.New("unknown role")

// ParseRole returns the role named by s (case-insensitive, surrounding
// spaces ignored), or an error wrapping ErrBadRole.
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	if r.Valid() {
		return r, nil
	}
	return "", fmt.Errorf("%w %q (want one of %s)", ErrBadRole, s, joinRoles())
}

func joinRoles() string {
	names := make([]string, len(Roles))
	for i, r := range Roles {
		names[i] = string(r)
	}
	return strings.Join(names, ", ")
}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool {
	switch r {
	case Researcher, Officer, Adviser, Admin:
		return true
	}
	return false
}

// Permission names something a role may be allowed to do; the HTTP layer
// checks one per endpoint so that forbidden roles get 403.
type Permission string

// The permissions the roles are granted.
const (
	// ProposeCase is creating and editing one's own draft cases.
	ProposeCase Permission = "case:propose"
	// ReviewCase is reviewing, assigning, deciding and referring cases.
	ReviewCase Permission = "case:review"
	// AdviseCase is commenting on cases referred to one's tenant.
	AdviseCase Permission = "case:advise"
	// ManageUsers is adding users and tokens and changing policy.
	ManageUsers Permission = "users:manage"
)

// grants says which role holds which permission. Admins can do everything
// in their tenant except advise, which belongs to adviser tenants.
var grants = map[Role]map[Permission]bool{
	Researcher: {ProposeCase: true},
	Officer:    {ProposeCase: true, ReviewCase: true},
	Adviser:    {AdviseCase: true},
	Admin:      {ProposeCase: true, ReviewCase: true, ManageUsers: true},
}

// Can reports whether role r holds permission p. An invalid role holds
// none.
func (r Role) Can(p Permission) bool { return grants[r][p] }

// TenantKind says what sort of body a tenant is.
type TenantKind string

// The tenant kinds: a research organisation (a university's research
// office), a national advice team that cases are referred to, or a company.
const (
	Organisation TenantKind = "organisation"
	AdviserTeam  TenantKind = "adviser"
	Company      TenantKind = "company"
)

// ParseTenantKind returns the kind named by s (case-insensitive); an empty
// s means Organisation.
func ParseTenantKind(s string) (TenantKind, error) {
	k := TenantKind(strings.ToLower(strings.TrimSpace(s)))
	if k == "" {
		return Organisation, nil
	}
	if k.Valid() {
		return k, nil
	}
	return "", fmt.Errorf("unknown tenant kind %q (want organisation, adviser or company)", s)
}

// Valid reports whether k is one of the tenant kinds.
func (k TenantKind) Valid() bool {
	return k == Organisation || k == AdviserTeam || k == Company
}

// Tenant is one organisation using a deployment; all its data is visible
// only to its own users (and, for referred cases, to the adviser tenant).
type Tenant struct {
	ID        int64      `json:"id"`
	Name      string     `json:"name"`
	Kind      TenantKind `json:"kind"`
	CreatedAt time.Time  `json:"created_at"`
}

// User is a person who signs in to one tenant. PasswordHash is an argon2id
// PHC string and is never serialised.
type User struct {
	ID           int64     `json:"id"`
	TenantID     int64     `json:"tenant_id"`
	Email        string    `json:"email"`
	Name         string    `json:"name"`
	Role         Role      `json:"role"`
	PasswordHash string    `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
}

// APIToken is the stored record of an API token: its public prefix, the
// SHA-256 of the whole token, and a label. The token itself is never kept.
type APIToken struct {
	ID        int64      `json:"id"`
	TenantID  int64      `json:"tenant_id"`
	UserID    int64      `json:"user_id"`
	Name      string     `json:"name"`
	Prefix    string     `json:"prefix"`
	Hash      string     `json:"-"`
	CreatedAt time.Time  `json:"created_at"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
}

// NormalizeEmail trims and lower-cases an address, so that sign-in does not
// depend on how it was typed, and checks that it looks like one address.
func NormalizeEmail(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", fmt.Errorf("invalid email address %q: not valid UTF-8", s)
	}
	e := strings.ToLower(strings.TrimSpace(s))
	at := strings.IndexByte(e, '@')
	if at <= 0 || at != strings.LastIndexByte(e, '@') || at == len(e)-1 || strings.ContainsAny(e, " \t\r\n<>,;\x00") || len(e) > 254 {
		return "", fmt.Errorf("invalid email address %q", s)
	}
	return e, nil
}

// PasswordParams are the argon2id parameters for new hashes: 64 MiB of
// memory, 3 passes and 2 lanes, a 16-byte salt and a 32-byte key. This is
// above the OWASP minimum (19 MiB, 2 passes) and costs roughly 100 ms per
// hash on a server core. They are stored in each hash, so raising them
// later does not invalidate existing passwords.
var PasswordParams = &argon2id.Params{
	Memory:      64 * 1024,
	Iterations:  3,
	Parallelism: 2,
	SaltLength:  16,
	KeyLength:   32,
}

// MinPasswordLength is the shortest password HashPassword accepts.
const MinPasswordLength = 12

// maxPasswordLength caps the input to the hash, so a huge request body
// cannot be made into a slow hash.
const maxPasswordLength = 1024

// HashPassword returns the argon2id PHC string for password.
func HashPassword(password string) (string, error) {
	if n := len([]rune(password)); n < MinPasswordLength {
		return "", fmt.Errorf("password too short: %d characters, need at least %d", n, MinPasswordLength)
	}
	if len(password) > maxPasswordLength {
		return "", fmt.Errorf("password too long: %d bytes, at most %d", len(password), maxPasswordLength)
	}
	h, err := argon2id.CreateHash(password, PasswordParams)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return h, nil
}

// VerifyPassword reports whether password matches the argon2id hash, in
// constant time. It returns an error only for a hash that is not an
// argon2id PHC string.
func VerifyPassword(password, hash string) (bool, error) {
	if len(password) > maxPasswordLength {
		return false, nil
	}
	ok, err := argon2id.ComparePasswordAndHash(password, hash)
	if err != nil {
		return false, fmt.Errorf("verify password: stored hash: %w", err)
	}
	return ok, nil
}

// GeneratePassword returns a random one-time password: 18 random bytes in
// URL-safe base64 (24 characters, 144 bits).
func GeneratePassword() (string, error) {
	b := make([]byte, 18)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("generate password: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// TokenMarker starts every API token, so a leaked one is recognisable (and
// secret scanners can find it).
const TokenMarker = "cc_"

// PrefixLength is how many characters of a token's random part are its
// public prefix, the key the store looks it up by (48 bits).
const PrefixLength = 8

// tokenBytes is the size of a token's random part.
const tokenBytes = 32

var tokenEncoding = base64.RawURLEncoding

// tokenLength is the full length of a token: marker plus encoded secret.
var tokenLength = len(TokenMarker) + tokenEncoding.EncodedLen(tokenBytes)

// NewToken is a freshly generated API token. Plain is shown to the user
// once; Prefix and Hash are what the store keeps.
type NewToken struct {
	Plain  string
	Prefix string
	Hash   string
}

// GenerateToken makes a new API token from 32 random bytes. The bytes
// are drawn again when the encoded token would start with "-": its
// prefix, typed after "users revoke", would read as a flag.
func GenerateToken() (NewToken, error) {
	b := make([]byte, tokenBytes)
	var body string
	for body == "" || body[0] == '-' {
		if _, err := rand.Read(b); err != nil {
			return NewToken{}, fmt.Errorf("generate token: %w", err)
		}
		body = tokenEncoding.EncodeToString(b)
	}
	plain := TokenMarker + body
	prefix, hash, err := ParseToken(plain)
	if err != nil {
		return NewToken{}, err // cannot happen: we just built it
	}
	return NewToken{Plain: plain, Prefix: prefix, Hash: hash}, nil
}

// ErrBadToken is returned (wrapped) for text that is not an API token.
var ErrBadToken = errors.New("malformed API token")

// ParseToken checks that plain has the shape of an API token and returns
// its lookup prefix and the hex SHA-256 of the whole token.
func ParseToken(plain string) (prefix, hash string, err error) {
	if len(plain) != tokenLength || !strings.HasPrefix(plain, TokenMarker) {
		return "", "", fmt.Errorf("%w: want %q followed by %d characters", ErrBadToken, TokenMarker, tokenLength-len(TokenMarker))
	}
	body := plain[len(TokenMarker):]
	raw, err := tokenEncoding.DecodeString(body)
	if err != nil || len(raw) != tokenBytes {
		return "", "", fmt.Errorf("%w: not URL-safe base64", ErrBadToken)
	}
	return body[:PrefixLength], HashToken(plain), nil
}

// HashToken returns the hex SHA-256 of a token, the form the store keeps.
func HashToken(plain string) string {
	sum := sha256.Sum256([]byte(plain))
	return hex.EncodeToString(sum[:])
}

// VerifyToken reports whether plain is a well-formed token whose hash is
// storedHash, comparing the hashes in constant time.
func VerifyToken(plain, storedHash string) bool {
	_, h, err := ParseToken(plain)
	if err != nil {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(h), []byte(storedHash)) == 1
}

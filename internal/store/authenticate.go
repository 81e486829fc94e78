package store

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/collabcheck/collabcheck/internal/auth"
)

// ErrUnauthenticated is returned (wrapped) when credentials do not
// identify a user: an unknown email, a wrong password, or a token that is
// malformed, unknown, revoked or does not match its hash. The error does
// not say which, so callers can answer 401 without helping a guesser.
var ErrUnauthenticated = errors.New("invalid credentials")

// dummyHash is verified against when the email is unknown, so that a
// sign-in attempt takes as long whether or not the address has an
// account. It is made once, with the current parameters.
var dummyHash = sync.OnceValues(func() (string, error) {
	return auth.HashPassword("collabcheck-no-such-user-password")
})

// AuthenticatePassword returns the user with the email when password is
// theirs, or an error wrapping ErrUnauthenticated. Other errors are the
// store's.
func AuthenticatePassword(ctx context.Context, a Accounts, email, password string) (auth.User, error) {
	u, err := a.UserByEmail(ctx, email)
	switch {
	case errors.Is(err, ErrNotFound):
		if h, herr := dummyHash(); herr == nil {
			auth.VerifyPassword(password, h) // spend the same time; the result is irrelevant
		}
		return auth.User{}, fmt.Errorf("sign in: %w", ErrUnauthenticated)
	case err != nil:
		return auth.User{}, fmt.Errorf("sign in: %w", err)
	}
	ok, err := auth.VerifyPassword(password, u.PasswordHash)
	if err != nil {
		return auth.User{}, fmt.Errorf("sign in %s: %w", u.Email, err)
	}
	if !ok {
		return auth.User{}, fmt.Errorf("sign in: %w", ErrUnauthenticated)
	}
	return u, nil
}

// AuthenticateToken returns the user and token record for an API token
// when it is well formed, unrevoked and matches its stored hash (compared
// in constant time), or an error wrapping ErrUnauthenticated.
func AuthenticateToken(ctx context.Context, a Accounts, plain string) (auth.User, auth.APIToken, error) {
	prefix, _, err := auth.ParseToken(plain)
	if err != nil {
		return auth.User{}, auth.APIToken{}, fmt.Errorf("API token: %w", ErrUnauthenticated)
	}
	k, u, err := a.TokenByPrefix(ctx, prefix)
	switch {
	case errors.Is(err, ErrNotFound):
		return auth.User{}, auth.APIToken{}, fmt.Errorf("API token: %w", ErrUnauthenticated)
	case err != nil:
		return auth.User{}, auth.APIToken{}, fmt.Errorf("API token: %w", err)
	}
	if !auth.VerifyToken(plain, k.Hash) {
		return auth.User{}, auth.APIToken{}, fmt.Errorf("API token: %w", ErrUnauthenticated)
	}
	return u, k, nil
}

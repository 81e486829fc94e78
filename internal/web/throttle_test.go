package web

import (
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"
)

func TestSignInThrottle(t *testing.T) {
	var l signInThrottle
	const home, away = "192.0.2.1", "198.51.100.7"
	t0 := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	for i := range MaxSignInFailures {
		if w := l.wait("A@x.example", away, t0.Add(time.Duration(i)*time.Second)); w != 0 {
			t.Fatalf("refused after %d failures", i)
		}
		l.fail(" a@X.example ", away, t0.Add(time.Duration(i)*time.Second))
	}
	now := t0.Add(MaxSignInFailures * time.Second)
	if w := l.wait("a@x.example", away, now); w != SignInWindow-MaxSignInFailures*time.Second {
		t.Errorf("wait %v after %d failures", w, MaxSignInFailures)
	}
	if w := l.wait("b@x.example", away, now); w != 0 {
		t.Errorf("another email is refused: %v", w)
	}
	// Failures from one address do not lock the user out elsewhere.
	if w := l.wait("a@x.example", home, now); w != 0 {
		t.Errorf("the email is refused from another address: %v", w)
	}
	// Once the oldest failure leaves the window, one more attempt is let
	// through.
	if w := l.wait("a@x.example", away, t0.Add(SignInWindow)); w != 0 {
		t.Errorf("still refused after the window: %v", w)
	}
	l.succeed("a@x.example", away)
	if w := l.wait("a@x.example", away, now); w != 0 {
		t.Errorf("refused after a success: %v", w)
	}
	// Guessing from many addresses is bounded per email.
	var m signInThrottle
	for i := range MaxSignInFailuresAnyClient {
		m.fail("c@x.example", fmt.Sprintf("203.0.113.%d", i), t0)
	}
	if w := m.wait("c@x.example", home, t0.Add(time.Second)); w != SignInWindow-time.Second {
		t.Errorf("after %d failures from as many addresses, wait %v", MaxSignInFailuresAnyClient, w)
	}
}

func TestClientKey(t *testing.T) {
	for in, want := range map[string]string{"192.0.2.1:5555": "192.0.2.1", "[2001:db8::1]:443": "2001:db8::1", "pipe": "pipe"} {
		if got := clientKey(in); got != want {
			t.Errorf("clientKey(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSignInThrottledOverHTTP checks repeated wrong passwords lock the
// email out with 429 and Retry-After, even for the right password, while
// other emails sign in.
func TestSignInThrottledOverHTTP(t *testing.T) {
	e := newEnv(t, false, nil)
	w := newWorld(t, e, newSchemaChecker(t))
	throttleSignIn(t, w)
	want(t, w.call(t, as{}, http.MethodPost, "/api/v1/sessions", jsonOf(map[string]string{"email": "a.admin@alpha-mail.example", "password": testPassword})), 200)
}

// throttleSignIn fails sign-in for a.researcher until it is refused, and
// checks the refusal.
func throttleSignIn(t *testing.T, w *world) {
	t.Helper()
	for range MaxSignInFailures {
		want(t, w.call(t, as{}, http.MethodPost, "/api/v1/sessions", jsonOf(map[string]string{"email": "a.researcher@alpha-mail.example", "password": "not it, not it"})), 401)
	}
	x := w.call(t, as{}, http.MethodPost, "/api/v1/sessions", jsonOf(map[string]string{"email": "A.Researcher@alpha-mail.example", "password": testPassword}))
	want(t, x, 429)
	if s, err := strconv.Atoi(x.resp.Header.Get("Retry-After")); err != nil || s <= 0 || s > int(SignInWindow.Seconds())+1 {
		t.Errorf("Retry-After %q", x.resp.Header.Get("Retry-After"))
	}
}

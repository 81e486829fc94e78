package web

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

func TestSignInThrottle(t *testing.T) {
	var l signInThrottle
	t0 := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	for i := range MaxSignInFailures {
		if w := l.wait("A@x.example", t0.Add(time.Duration(i)*time.Second)); w != 0 {
			t.Fatalf("refused after %d failures", i)
		}
		l.fail(" a@X.example ", t0.Add(time.Duration(i)*time.Second))
	}
	now := t0.Add(MaxSignInFailures * time.Second)
	if w := l.wait("a@x.example", now); w != SignInWindow-MaxSignInFailures*time.Second {
		t.Errorf("wait %v after %d failures", w, MaxSignInFailures)
	}
	if w := l.wait("b@x.example", now); w != 0 {
		t.Errorf("another email is refused: %v", w)
	}
	// Once the oldest failure leaves the window, one more attempt is let
	// through.
	if w := l.wait("a@x.example", t0.Add(SignInWindow)); w != 0 {
		t.Errorf("still refused after the window: %v", w)
	}
	l.succeed("a@x.example")
	if w := l.wait("a@x.example", now); w != 0 {
		t.Errorf("refused after a success: %v", w)
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

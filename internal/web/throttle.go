package web

import (
	"strings"
	"sync"
	"time"
)

// Sign-in throttling: after MaxSignInFailures wrong passwords for one
// email within SignInWindow, further attempts for that email are refused
// with 429 until the oldest failure leaves the window. Unknown emails are
// counted the same way, so the answer says nothing about which exist.
const (
	MaxSignInFailures = 10
	SignInWindow      = 15 * time.Minute
	// maxThrottled bounds the emails tracked at once, so that guessing
	// many addresses cannot grow memory without end.
	maxThrottled = 100000
)

// signInThrottle counts recent sign-in failures per email.
type signInThrottle struct {
	mu    sync.Mutex
	fails map[string][]time.Time
}

func throttleKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// recent returns the failures of key still inside the window at now.
func (l *signInThrottle) recent(key string, now time.Time) []time.Time {
	fs := l.fails[key]
	i := 0
	for i < len(fs) && now.Sub(fs[i]) >= SignInWindow {
		i++
	}
	return fs[i:]
}

// wait reports how long sign-in for email is refused (0: not refused).
func (l *signInThrottle) wait(email string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	fs := l.recent(throttleKey(email), now)
	if len(fs) < MaxSignInFailures {
		return 0
	}
	return SignInWindow - now.Sub(fs[len(fs)-MaxSignInFailures])
}

// fail records a failed sign-in for email at now.
func (l *signInThrottle) fail(email string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.fails == nil {
		l.fails = map[string][]time.Time{}
	}
	key := throttleKey(email)
	if _, ok := l.fails[key]; !ok && len(l.fails) >= maxThrottled {
		for k := range l.fails {
			if len(l.recent(k, now)) == 0 {
				delete(l.fails, k)
			}
		}
		if len(l.fails) >= maxThrottled {
			clear(l.fails) // under a flood of distinct emails, forget rather than grow
		}
	}
	fs := append(l.recent(key, now), now)
	if len(fs) > MaxSignInFailures {
		fs = fs[len(fs)-MaxSignInFailures:]
	}
	l.fails[key] = fs
}

// succeed forgets the failures of email.
func (l *signInThrottle) succeed(email string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.fails, throttleKey(email))
}

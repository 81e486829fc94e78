package web

import (
	"net"
	"strings"
	"sync"
	"time"
)

// Sign-in throttling: after MaxSignInFailures wrong passwords for one
// email from one client address within SignInWindow, further attempts for
// that email from that address are refused with 429 until the oldest
// failure leaves the window. Someone who knows a user's email can then
// lock out only their own address, not the user; to bound guessing from
// many addresses, MaxSignInFailuresAnyClient failures for one email from
// any addresses refuse it everywhere. Unknown emails are counted the same
// way, so the answer says nothing about which exist. Behind a reverse
// proxy every client has the proxy's address, and the limits act per
// email.
const (
	MaxSignInFailures          = 10
	MaxSignInFailuresAnyClient = 50
	SignInWindow               = 15 * time.Minute
	// maxThrottled bounds the keys tracked at once, so that guessing
	// many addresses cannot grow memory without end.
	maxThrottled = 100000
)

// signInThrottle counts recent sign-in failures per email and client
// address, and per email.
type signInThrottle struct {
	mu       sync.Mutex
	byClient failures // email + "\x00" + client address
	byEmail  failures
}

// failures holds the recent failure times of each key, oldest first.
type failures map[string][]time.Time

func throttleKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// clientKey is the host of a request's remote address.
func clientKey(remoteAddr string) string {
	if host, _, err := net.SplitHostPort(remoteAddr); err == nil {
		return host
	}
	return remoteAddr
}

// recent returns the failures of key still inside the window at now.
func (f failures) recent(key string, now time.Time) []time.Time {
	fs := f[key]
	i := 0
	for i < len(fs) && now.Sub(fs[i]) >= SignInWindow {
		i++
	}
	return fs[i:]
}

// wait reports how long key is refused at now with limit failures
// allowed in the window (0: not refused).
func (f failures) wait(key string, limit int, now time.Time) time.Duration {
	fs := f.recent(key, now)
	if len(fs) < limit {
		return 0
	}
	return SignInWindow - now.Sub(fs[len(fs)-limit])
}

// add records a failure of key at now, keeping at most limit.
func (f failures) add(key string, limit int, now time.Time) {
	if _, ok := f[key]; !ok && len(f) >= maxThrottled {
		for k := range f {
			if len(f.recent(k, now)) == 0 {
				delete(f, k)
			}
		}
		if len(f) >= maxThrottled {
			clear(f) // under a flood of distinct keys, forget rather than grow
		}
	}
	fs := append(f.recent(key, now), now)
	if len(fs) > limit {
		fs = fs[len(fs)-limit:]
	}
	f[key] = fs
}

// wait reports how long sign-in for email from client is refused (0: not
// refused).
func (l *signInThrottle) wait(email, client string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	e := throttleKey(email)
	return max(l.byClient.wait(e+"\x00"+client, MaxSignInFailures, now), l.byEmail.wait(e, MaxSignInFailuresAnyClient, now))
}

// fail records a failed sign-in for email from client at now.
func (l *signInThrottle) fail(email, client string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.byClient == nil {
		l.byClient, l.byEmail = failures{}, failures{}
	}
	e := throttleKey(email)
	l.byClient.add(e+"\x00"+client, MaxSignInFailures, now)
	l.byEmail.add(e, MaxSignInFailuresAnyClient, now)
}

// succeed forgets the failures of email from client; those from other
// addresses still count against the email.
func (l *signInThrottle) succeed(email, client string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.byClient, throttleKey(email)+"\x00"+client)
}

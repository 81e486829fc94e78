package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"github.com/collabcheck/collabcheck/internal/store"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the server's log writes and the
// test's reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// post sends a JSON body and returns the status and body.
func post(t *testing.T, url, body string) (int, string) {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// waitFor polls until cond holds or the deadline passes. It bounds waiting
// for the server; it does not measure speed.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestServeLifecycle(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cc.db")
	addr := freeAddr(t)
	base := "http://" + addr
	ctx, cancel := context.WithCancel(context.Background())
	logs := &syncBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- runContext(ctx, []string{"--db", db, "serve", "--addr", addr, "--reload", "100ms"}, strings.NewReader(""), io.Discard, logs)
	}()
	waitFor(t, "the server to listen", func() bool { c, _ := get(t, base+"/healthz"); return c == http.StatusOK })
	if code, body := get(t, base+"/readyz"); code != http.StatusServiceUnavailable {
		t.Fatalf("readyz with no list = %d %s, want 503", code, body)
	}
	if _, errs, code := cli(t, db, "", "lists", "import", "--format", "aspi", filepath.Join(fixtures, "aspi", "tracker.json")); code != 0 {
		t.Fatal(errs)
	}
	waitFor(t, "the new list to be loaded", func() bool { c, _ := get(t, base+"/readyz"); return c == http.StatusOK })
	code, body := get(t, base+"/api/v1/screen?name=Example+Inst+Technol")
	if code != http.StatusOK {
		t.Fatalf("screen = %d %s", code, body)
	}
	var res struct {
		Query   string `json:"query"`
		Matches []struct {
			List  string `json:"list"`
			Match bool   `json:"match"`
		} `json:"matches"`
	}
	if err := json.Unmarshal([]byte(body), &res); err != nil || len(res.Matches) == 0 || !res.Matches[0].Match {
		t.Fatalf("screen body %s (%v)", body, err)
	}
	// The HTTP answer has the shape of one line of `screen --json`.
	out, _, _ := cli(t, db, "Example Inst Technol\n", "screen", "--json")
	var line map[string]any
	var api map[string]any
	_ = json.Unmarshal([]byte(out), &line)
	_ = json.Unmarshal([]byte(body), &api)
	if fmt.Sprint(line["matches"]) != fmt.Sprint(api["matches"]) {
		t.Errorf("CLI and API disagree:\ncli %v\napi %v", line["matches"], api["matches"])
	}

	serveRegistryAndClassify(t, db, base)
	pw := checkFirstAdmin(t, db, logs.String())
	serveSignedIn(t, base, pw)

	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("serve exited %d; logs:\n%s", code, logs.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not shut down")
	}
	if !strings.Contains(logs.String(), "shutting down") {
		t.Errorf("no shutdown log: %s", logs.String())
	}
}

// serveRegistryAndClassify checks the running server answers the registry
// endpoints with 503 until a registry is imported, picks up an import made
// by another process, and answers resolve and classify exactly as the CLI's
// --json lines do.
func serveRegistryAndClassify(t *testing.T, db, base string) {
	t.Helper()
	const affiliation = "School of Astronautics, Songbei University of Technology, Harbin 150001, China"
	body := `{"affiliations": [` + strconvQuote(affiliation) + `]}`
	if code, b := post(t, base+"/api/v1/resolve", body); code != http.StatusServiceUnavailable || !strings.Contains(b, "no registry imported") {
		t.Fatalf("resolve before a registry import = %d %s, want 503", code, b)
	}
	if _, errs, code := cli(t, db, "", "registry", "import", registryFixture); code != 0 {
		t.Fatal(errs)
	}
	var code int
	var got string
	waitFor(t, "the registry to be loaded", func() bool { code, got = post(t, base+"/api/v1/resolve", body); return code == http.StatusOK })
	var api struct {
		Results []json.RawMessage `json:"results"`
	}
	if err := json.Unmarshal([]byte(got), &api); err != nil || len(api.Results) != 1 {
		t.Fatalf("resolve body %s (%v)", got, err)
	}
	var res struct {
		Orgs []struct {
			ID string `json:"id"`
		} `json:"orgs"`
	}
	if err := json.Unmarshal(api.Results[0], &res); err != nil || len(res.Orgs) != 1 || res.Orgs[0].ID != "https://ror.org/04m2vdh58" {
		t.Errorf("resolved %s (%v)", api.Results[0], err)
	}
	// The HTTP result is one line of `resolve --json`.
	out, errs, c := cli(t, db, affiliation+"\n", "resolve", "--json")
	if c != 0 {
		t.Fatal(errs)
	}
	if strings.TrimSpace(out) != string(api.Results[0]) {
		t.Errorf("CLI and API disagree:\ncli %s\napi %s", out, api.Results[0])
	}
	if code, b := get(t, base+"/api/v1/orgs/https://ror.org/04m2vdh58"); code != http.StatusOK || !strings.Contains(b, `"parents":[{"id":"https://ror.org/03xk7pq21"`) {
		t.Errorf("org = %d %s", code, b)
	}

	const doc = `{"id": "p1", "title": "Quantum key distribution over satellite links", "abstract": "Entanglement-based quantum cryptography between a ground station and a low Earth orbit satellite."}`
	code, got = post(t, base+"/api/v1/classify", doc)
	if code != http.StatusOK || !strings.Contains(got, `"id":"quantum"`) {
		t.Fatalf("classify = %d %s", code, got)
	}
	out, errs, c = cli(t, db, doc+"\n", "classify", "--json")
	if c != 0 {
		t.Fatal(errs)
	}
	if strings.TrimSpace(out) != strings.TrimSpace(got) {
		t.Errorf("CLI and API disagree:\ncli %s\napi %s", out, got)
	}
}

func strconvQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// checkFirstAdmin checks that serve created the first admin on the fresh
// database and that the password it printed signs in.
func checkFirstAdmin(t *testing.T, db, logs string) string {
	t.Helper()
	const marker = "one-time password: "
	i := strings.Index(logs, marker)
	if i < 0 || !strings.Contains(logs, "created the first admin admin@localhost") {
		t.Fatalf("serve did not announce the first admin:\n%s", logs)
	}
	pw := strings.Fields(logs[i+len(marker):])[0]
	ctx := context.Background()
	st, err := openStore(ctx, &globals{db: db})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	acc, err := store.AccountsOf(st)
	if err != nil {
		t.Fatal(err)
	}
	u, err := store.AuthenticatePassword(ctx, acc, "admin@localhost", pw)
	if err != nil || u.Role != "admin" {
		t.Fatalf("printed password does not sign in as admin: %v %+v", err, u)
	}
	if _, err := store.AuthenticatePassword(ctx, acc, "admin@localhost", pw+"x"); err == nil {
		t.Fatal("a wrong password signed in")
	}
	return pw
}

// signIn signs in over HTTP and returns the session cookie.
func signIn(t *testing.T, base, email, password string) *http.Cookie {
	t.Helper()
	resp, err := http.Post(base+"/api/v1/sessions", "application/json", strings.NewReader(`{"email":`+strconvQuote(email)+`,"password":`+strconvQuote(password)+`}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("sign in as %s = %d %s", email, resp.StatusCode, b)
	}
	for _, c := range resp.Cookies() {
		if c.Name == "collabcheck_session" {
			return &http.Cookie{Name: c.Name, Value: c.Value}
		}
	}
	t.Fatalf("sign in set no session cookie: %v", resp.Cookies())
	return nil
}

// getWith sends a GET with a session cookie (nil: none).
func getWith(t *testing.T, url string, c *http.Cookie) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c != nil {
		req.AddCookie(c)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// serveSignedIn checks the first admin signs in over HTTP as an operator
// of the deployment (the bootstrap tenant), who may verify the audit
// trail, and that the signed-in routes refuse anonymous callers.
func serveSignedIn(t *testing.T, base, pw string) {
	t.Helper()
	if code, b := get(t, base+"/api/v1/cases"); code != http.StatusUnauthorized {
		t.Fatalf("cases without sign-in = %d %s", code, b)
	}
	c := signIn(t, base, "admin@localhost", pw)
	code, b := getWith(t, base+"/api/v1/me", c)
	var me struct {
		Operator bool `json:"operator"`
		Tenant   struct {
			Name string `json:"name"`
		} `json:"tenant"`
	}
	if err := json.Unmarshal([]byte(b), &me); code != http.StatusOK || err != nil || !me.Operator || me.Tenant.Name != "default" {
		t.Fatalf("me = %d %s", code, b)
	}
	if code, b := getWith(t, base+"/api/v1/audit/verify", c); code != http.StatusOK || !strings.Contains(b, `"ok":true`) {
		t.Errorf("audit verify = %d %s", code, b)
	}
}

// TestServePrivate checks --private (and COLLABCHECK_PRIVATE) closes the
// reference routes to anonymous callers while the probes stay open, and
// that a COLLABCHECK_PRIVATE that is not a boolean stops serve.
func TestServePrivate(t *testing.T) {
	for _, viaEnv := range []bool{false, true} {
		t.Run(fmt.Sprintf("env=%v", viaEnv), func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "cc.db")
			addr := freeAddr(t)
			base := "http://" + addr
			args := []string{"--db", db, "serve", "--addr", addr}
			if viaEnv {
				t.Setenv("COLLABCHECK_PRIVATE", "true")
			} else {
				args = append(args, "--private")
			}
			ctx, cancel := context.WithCancel(context.Background())
			logs := &syncBuffer{}
			done := make(chan int, 1)
			go func() { done <- runContext(ctx, args, strings.NewReader(""), io.Discard, logs) }()
			waitFor(t, "the server to listen", func() bool { c, _ := get(t, base+"/healthz"); return c == http.StatusOK })
			if code, b := get(t, base+"/api/v1/taxonomy"); code != http.StatusUnauthorized {
				t.Errorf("taxonomy without sign-in on a private server = %d %.200s", code, b)
			}
			i := strings.Index(logs.String(), "one-time password: ")
			if i < 0 {
				t.Fatalf("no first admin: %s", logs.String())
			}
			pw := strings.Fields(logs.String()[i+len("one-time password: "):])[0]
			c := signIn(t, base, "admin@localhost", pw)
			if code, b := getWith(t, base+"/api/v1/taxonomy", c); code != http.StatusOK {
				t.Errorf("taxonomy signed in = %d %.200s", code, b)
			}
			cancel()
			if code := <-done; code != 0 {
				t.Fatalf("serve exited %d: %s", code, logs.String())
			}
		})
	}
	t.Setenv("COLLABCHECK_PRIVATE", "yes please")
	errs := &syncBuffer{}
	if code := runContext(context.Background(), []string{"--db", filepath.Join(t.TempDir(), "cc.db"), "serve", "--addr", freeAddr(t)}, strings.NewReader(""), io.Discard, errs); code != 2 ||
		!strings.Contains(errs.String(), "COLLABCHECK_PRIVATE") {
		t.Errorf("serve with COLLABCHECK_PRIVATE=\"yes please\" exited %d: %s", code, errs.String())
	}
}

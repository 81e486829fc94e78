package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
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

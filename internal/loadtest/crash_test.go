package loadtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/collabcheck/collabcheck/internal/store/postgres/pgtest"
)

// buildBinary compiles collabcheck into a test's temporary folder, so the
// crash test kills a real server process. The build cache makes the
// second build a link.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "collabcheck")
	out, err := exec.Command("go", "build", "-o", bin, "../../cmd/collabcheck").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// server is a collabcheck serve child process.
type server struct {
	cmd  *exec.Cmd
	url  string
	logs *bytes.Buffer
}

func startServer(t *testing.T, bin, dsn string) *server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	s := &server{url: "http://" + addr, logs: &bytes.Buffer{}}
	s.cmd = exec.Command(bin, "--db", dsn, "serve", "--addr", addr, "--log-level", "warn")
	s.cmd.Stdout, s.cmd.Stderr = s.logs, s.logs
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.cmd.Process.Kill(); _ = s.cmd.Wait() })
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(s.url + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("server on %s not ready within 60 s; logs:\n%s", addr, s.logs)
	return nil
}

// acked is what the server acknowledged before it was killed.
type acked struct {
	mu       sync.Mutex
	cases    []int64
	comments map[int64][]string
}

// write sends one authenticated request and reports the status (0 when
// the request failed, as it does once the server is gone).
func write(hc *http.Client, url, token, method string, body []byte, out any) int {
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		return 0
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0 // a cut-off answer is not an acknowledgement
	}
	if out != nil && json.Unmarshal(b, out) != nil {
		return 0
	}
	return resp.StatusCode
}

// crashAndRecover runs writers against a server process, SIGKILLs it in
// the middle of their writes, restarts it on the same database and checks
// that every acknowledged case and comment is there and that the audit
// chain verifies.
func crashAndRecover(t *testing.T, dsn string) {
	bin := buildBinary(t)
	e := newEnv(t, dsn, 4) // creates the lists, tenant and tokens, then is left alone
	e.st.Close()
	srv := startServer(t, bin, dsn)
	a := &acked{comments: map[int64][]string{}}
	hc := &http.Client{Timeout: 10 * time.Second}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < 16; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			token := e.tokens[w%len(e.tokens)]
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				var c struct {
					ID int64 `json:"id"`
				}
				if write(hc, srv.url+"/api/v1/cases", token, http.MethodPost, proposal, &c) != http.StatusCreated || c.ID == 0 {
					continue
				}
				a.mu.Lock()
				a.cases = append(a.cases, c.ID)
				a.mu.Unlock()
				text := fmt.Sprintf("writer %d note %d", w, i)
				body, _ := json.Marshal(map[string]string{"text": text})
				if write(hc, fmt.Sprintf("%s/api/v1/cases/%d/comments", srv.url, c.ID), token, http.MethodPost, body, nil) == http.StatusOK {
					a.mu.Lock()
					a.comments[c.ID] = append(a.comments[c.ID], text)
					a.mu.Unlock()
				}
			}
		}(w)
	}
	// Kill once writes are flowing, while they are in flight.
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		a.mu.Lock()
		n := len(a.cases)
		a.mu.Unlock()
		if n >= 40 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d cases acknowledged in 60 s; logs:\n%s", n, srv.logs)
		}
	}
	if err := srv.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = srv.cmd.Wait()
	close(stop)
	wg.Wait()

	again := startServer(t, bin, dsn)
	token := e.tokens[0]
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, id := range a.cases {
		var c struct {
			ID       int64 `json:"id"`
			Comments []struct {
				Text string `json:"text"`
			} `json:"comments"`
		}
		if st := write(hc, fmt.Sprintf("%s/api/v1/cases/%d", again.url, id), token, http.MethodGet, nil, &c); st != http.StatusOK {
			t.Fatalf("acknowledged case %d lost after the crash: status %d", id, st)
		}
		have := map[string]bool{}
		for _, cm := range c.Comments {
			have[cm.Text] = true
		}
		for _, want := range a.comments[id] {
			if !have[want] {
				t.Fatalf("acknowledged comment %q on case %d lost after the crash", want, id)
			}
		}
	}
	out, err := exec.Command(bin, "--db", dsn, "audit", "verify").CombinedOutput()
	if err != nil {
		t.Fatalf("audit verify after the crash: %v\n%s", err, out)
	}
	t.Logf("%d acknowledged cases and %d comments survived the kill; %s", len(a.cases), countComments(a.comments), strings.TrimSpace(string(out)))
}

func countComments(m map[int64][]string) int {
	n := 0
	for _, v := range m {
		n += len(v)
	}
	return n
}

func TestCrashSafetySQLite(t *testing.T) {
	crashAndRecover(t, filepath.Join(t.TempDir(), "crash.db"))
}

func TestCrashSafetyPostgres(t *testing.T) {
	crashAndRecover(t, pgtest.Database(t))
}

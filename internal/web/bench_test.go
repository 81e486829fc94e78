package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/synth"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// benchEntities is the synthetic list size; COLLABCHECK_BENCH_N overrides
// the default of 100,000 entities.
func benchEntities() int {
	if s := os.Getenv("COLLABCHECK_BENCH_N"); s != "" {
		if n, err := strconv.Atoi(s); err == nil && n > 0 {
			return n
		}
	}
	return 100_000
}

// benchNames mixes the traffic a screening service sees: listed names as
// written, lower-case affiliation strings around them, single typos, and
// names that are not listed at all.
func benchNames(ents []watchlist.Entity, n int) []string {
	r := rand.New(rand.NewPCG(7, 7))
	out := make([]string, 0, n)
	for len(out) < n {
		name := ents[r.IntN(len(ents))].Names[0].Value
		switch r.IntN(4) {
		case 0:
			out = append(out, name)
		case 1:
			out = append(out, strings.ToLower(name)+", Dept Phys, Beijing 100190, Peoples R China")
		case 2:
			rs := []rune(name)
			i := 1 + r.IntN(len(rs)-2)
			out = append(out, string(rs[:i])+string(rs[i+1:]))
		default:
			out = append(out, "Northbridge Analytics Consulting Partners")
		}
	}
	return out
}

// BenchmarkHTTPScreen measures screening throughput over real HTTP on
// loopback: a server built by New over a SQLite store holding a synthetic
// list (imported with ImportList and loaded with Reload, as `collabcheck
// serve` does), and keep-alive clients in the same process, so client and
// server share the CPUs. Run it with
//
//	GOMAXPROCS=2 go test ./internal/web -run '^$' -bench 'HTTPScreen/GET' -benchtime 10000x
//
// (add COLLABCHECK_BENCH_N=1000000 for a million-entity list). It reports
// requests per second (req/s); the batch sub-benchmark, of 100 names per
// request, also reports names per second.
func BenchmarkHTTPScreen(b *testing.B) {
	n := benchEntities()
	ents := synth.Generate(n, 1, synth.DefaultParts())
	e := newEnv(b, false, nil)
	e.load(store.ListImport{List: "synthetic", Format: "synthetic", Source: "synth.Generate", Entities: ents})
	if ix, _ := e.svc.Index().Len(); ix != n {
		b.Fatalf("index holds %d entities, want %d", ix, n)
	}
	names := benchNames(ents, 8192)
	targets := make([]string, len(names))
	for i, name := range names {
		targets[i] = e.srv.URL + "/api/v1/screen?" + url.Values{"name": {name}}.Encode()
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256, DisableCompression: true}}
	b.Cleanup(client.CloseIdleConnections)

	b.Run("GET", func(b *testing.B) {
		b.SetParallelism(4) // several requests in flight per CPU, as behind a load balancer
		var next atomic.Uint64
		b.ReportAllocs()
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				i := next.Add(1)
				if err := fetch(client, http.MethodGet, targets[i%uint64(len(targets))], nil); err != nil {
					b.Error(err)
					return
				}
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
	})

	// The same traffic to /healthz: the ceiling the HTTP stack, middleware
	// and client allow on this machine, without any screening.
	b.Run("GET-healthz", func(b *testing.B) {
		b.SetParallelism(4)
		b.ReportAllocs()
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := fetch(client, http.MethodGet, e.srv.URL+"/healthz", nil); err != nil {
					b.Error(err)
					return
				}
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
	})

	b.Run("POST-batch-100", func(b *testing.B) {
		const size = 100
		bodies := make([][]byte, len(names)/size)
		for i := range bodies {
			bodies[i] = jsonBody(map[string]any{"names": names[i*size : (i+1)*size]})
		}
		var next atomic.Uint64
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				i := next.Add(1)
				if err := fetch(client, http.MethodPost, e.srv.URL+"/api/v1/screen", bodies[i%uint64(len(bodies))]); err != nil {
					b.Error(err)
					return
				}
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
		b.ReportMetric(float64(b.N*size)/b.Elapsed().Seconds(), "names/s")
	})
}

// fetch sends one request and drains the answer, so the connection is
// reused; anything but 200 is an error.
func fetch(c *http.Client, method, target string, body []byte) error {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, target, rd)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK || n == 0 {
		return fmt.Errorf("%s %.80s: status %d, %d bytes", method, target, resp.StatusCode, n)
	}
	return nil
}

// BenchmarkHTTPClassify measures classification throughput over real HTTP
// on loopback: batches of MaxDocuments short abstracts per request, posted
// by parallel keep-alive clients. It reports documents per second, to set
// against the classifier's own rate (techarea's BenchmarkClassify) and
// see what JSON and HTTP cost on top.
func BenchmarkHTTPClassify(b *testing.B) {
	e := newEnv(b, false, nil)
	docs := make([]classifyDocument, MaxDocuments)
	for i := range docs {
		docs[i] = []classifyDocument{quantumDoc, climateDoc, mathsDoc}[i%3]
		docs[i].ID = strconv.Itoa(i)
	}
	body := documentsOf(docs...)
	client := e.srv.Client()
	client.Transport.(*http.Transport).MaxIdleConnsPerHost = 64
	var failed atomic.Int64
	b.SetBytes(int64(len(body)))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			resp, err := client.Post(e.srv.URL+"/api/v1/classify", "application/json", bytes.NewReader(body))
			if err != nil {
				failed.Add(1)
				continue
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				failed.Add(1)
			}
		}
	})
	b.StopTimer()
	if n := failed.Load(); n > 0 {
		b.Fatalf("%d requests failed", n)
	}
	b.ReportMetric(float64(b.N*MaxDocuments)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkHTTPCaseCycle measures one case from proposal to decision over
// loopback HTTP on SQLite, as an officer with an API token: create
// (assessment included), submit, review and decide, each one request.
func BenchmarkHTTPCaseCycle(b *testing.B) {
	e := newEnv(b, true, nil)
	w := newWorld(b, e, nil)
	officer := as{who: "a.officer"}
	prop := jsonOf(proposal("Alpha benchmark collaboration"))
	decide := jsonOf(map[string]string{"outcome": "proceed_with_mitigations", "rationale": "benchmark"})
	b.ResetTimer()
	for b.Loop() {
		x := w.call(b, officer, http.MethodPost, "/api/v1/cases", prop)
		want(b, x, http.StatusCreated)
		var c struct {
			ID int64 `json:"id"`
		}
		if err := json.Unmarshal(x.body, &c); err != nil {
			b.Fatal(err)
		}
		base := fmt.Sprintf("/api/v1/cases/%d", c.ID)
		want(b, w.call(b, officer, http.MethodPost, base+"/submit", nil), http.StatusOK)
		want(b, w.call(b, officer, http.MethodPost, base+"/review", nil), http.StatusOK)
		want(b, w.call(b, officer, http.MethodPost, base+"/decision", decide), http.StatusOK)
	}
}

// BenchmarkHTTPAuth measures an authenticated read (GET /api/v1/me) with
// an API token and with a session cookie: the cost of authentication on
// every signed-in request.
func BenchmarkHTTPAuth(b *testing.B) {
	e := newEnv(b, false, nil)
	w := newWorld(b, e, nil)
	x := w.call(b, as{}, http.MethodPost, "/api/v1/sessions", jsonOf(map[string]string{"email": "a.officer@alpha-mail.example", "password": testPassword}))
	want(b, x, http.StatusOK)
	cookie := &http.Cookie{Name: SessionCookie, Value: x.resp.Cookies()[0].Value}
	for _, c := range []struct {
		name string
		who  as
	}{{"token", as{who: "a.officer"}}, {"session", as{cookie: cookie}}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				want(b, w.call(b, c.who, http.MethodGet, "/api/v1/me", nil), http.StatusOK)
			}
		})
	}
}

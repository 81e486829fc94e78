// Package loadtest drives collabcheck's HTTP API the way a busy research
// office does: many clients at once, each creating a case from a proposal,
// submitting it, taking it into review, commenting and deciding it. It
// counts every request, error and latency, so a test (or an operator
// against their own deployment) can check that sustained concurrent
// casework finishes without errors and see the throughput.
//
// It only talks HTTP; the caller starts the server and provides API tokens.
package loadtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Config says what to run.
type Config struct {
	// BaseURL is the server's root, such as http://127.0.0.1:8080.
	BaseURL string
	// Tokens are API tokens of users who may create and decide cases
	// (officers); client i uses Tokens[i % len(Tokens)].
	Tokens []string
	// Clients is how many clients run at once.
	Clients int
	// Duration is how long clients start new cycles; a cycle under way
	// when it ends is finished.
	Duration time.Duration
	// Proposal is the collaboration (JSON) every case is created from.
	Proposal json.RawMessage
	// HTTPClient is used for requests; nil means a client with a 30 s
	// timeout and enough idle connections for every client.
	HTTPClient *http.Client
}

// Op names one kind of request in a cycle.
type Op string

// The requests of one cycle, in order.
const (
	OpCreate  Op = "create"
	OpSubmit  Op = "submit"
	OpReview  Op = "review"
	OpComment Op = "comment"
	OpDecide  Op = "decide"
)

// Ops lists the requests of a cycle in order.
var Ops = []Op{OpCreate, OpSubmit, OpReview, OpComment, OpDecide}

// Report is what a run did.
type Report struct {
	Clients  int           `json:"clients"`
	Elapsed  time.Duration `json:"elapsed"`
	Cycles   int64         `json:"cycles"`
	Requests int64         `json:"requests"`
	Errors   int64         `json:"errors"`
	// FirstErrors holds up to ten error messages, to say what went wrong.
	FirstErrors []string `json:"first_errors,omitempty"`
	// CaseIDs are the ids of every case a cycle completed (decided), so a
	// caller can check each against the database.
	CaseIDs []int64 `json:"-"`
	// Latency per operation, 50th and 99th percentiles.
	Latency map[Op]Percentiles `json:"latency"`
}

// Percentiles of one operation's latency.
type Percentiles struct {
	P50 time.Duration `json:"p50"`
	P99 time.Duration `json:"p99"`
	N   int           `json:"n"`
}

// RequestsPerSecond is the request throughput.
func (r Report) RequestsPerSecond() float64 { return float64(r.Requests) / r.Elapsed.Seconds() }

// CyclesPerSecond is how many cases were created, reviewed and decided
// per second.
func (r Report) CyclesPerSecond() float64 { return float64(r.Cycles) / r.Elapsed.Seconds() }

// String summarises the report in one paragraph.
func (r Report) String() string {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%d clients, %s: %d cases decided (%.1f/s), %d requests (%.0f req/s), %d errors",
		r.Clients, r.Elapsed.Round(time.Millisecond), r.Cycles, r.CyclesPerSecond(), r.Requests, r.RequestsPerSecond(), r.Errors)
	for _, op := range Ops {
		if p, ok := r.Latency[op]; ok {
			fmt.Fprintf(&b, "; %s p50 %s p99 %s", op, p.P50.Round(100*time.Microsecond), p.P99.Round(100*time.Microsecond))
		}
	}
	return b.String()
}

// Run runs cfg.Clients clients for cfg.Duration and reports. It returns an
// error only for a configuration it cannot run; request failures are
// counted in the report.
func Run(ctx context.Context, cfg Config) (Report, error) {
	switch {
	case cfg.BaseURL == "":
		return Report{}, errors.New("loadtest: BaseURL is required")
	case len(cfg.Tokens) == 0:
		return Report{}, errors.New("loadtest: at least one API token is required")
	case cfg.Clients <= 0 || cfg.Duration <= 0:
		return Report{}, fmt.Errorf("loadtest: %d clients for %s: both must be positive", cfg.Clients, cfg.Duration)
	case !json.Valid(cfg.Proposal):
		return Report{}, errors.New("loadtest: Proposal is not valid JSON")
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: cfg.Clients, MaxIdleConns: cfg.Clients}}
	}
	r := &run{cfg: cfg, hc: hc, lat: map[Op][]time.Duration{}}
	start := time.Now()
	deadline := start.Add(cfg.Duration)
	var wg sync.WaitGroup
	for i := 0; i < cfg.Clients; i++ {
		wg.Add(1)
		go func(token string) {
			defer wg.Done()
			c := client{run: r, token: token}
			for time.Now().Before(deadline) && ctx.Err() == nil {
				if id, ok := c.cycle(ctx); ok {
					r.done(id)
				}
			}
		}(cfg.Tokens[i%len(cfg.Tokens)])
	}
	wg.Wait()
	rep := Report{Clients: cfg.Clients, Elapsed: time.Since(start), Cycles: int64(len(r.ids)), Requests: r.requests.Load(),
		Errors: r.errors.Load(), FirstErrors: r.firstErrors, CaseIDs: r.ids, Latency: map[Op]Percentiles{}}
	for op, ds := range r.lat {
		slices.Sort(ds)
		rep.Latency[op] = Percentiles{P50: ds[len(ds)/2], P99: ds[min(len(ds)-1, len(ds)*99/100)], N: len(ds)}
	}
	return rep, nil
}

// run is the shared state of one Run.
type run struct {
	cfg      Config
	hc       *http.Client
	requests atomic.Int64
	errors   atomic.Int64

	mu          sync.Mutex
	lat         map[Op][]time.Duration
	firstErrors []string
	ids         []int64
}

func (r *run) done(id int64) {
	r.mu.Lock()
	r.ids = append(r.ids, id)
	r.mu.Unlock()
}

func (r *run) fail(op Op, err error) {
	r.errors.Add(1)
	r.mu.Lock()
	if len(r.firstErrors) < 10 {
		r.firstErrors = append(r.firstErrors, fmt.Sprintf("%s: %v", op, err))
	}
	r.mu.Unlock()
}

type client struct {
	*run
	token string
}

// cycle takes one case from proposal to decision. It stops at the first
// failed request (counted) and reports whether the case was decided.
func (c client) cycle(ctx context.Context) (int64, bool) {
	var created struct {
		ID int64 `json:"id"`
	}
	if !c.do(ctx, OpCreate, http.MethodPost, "/api/v1/cases", c.cfg.Proposal, http.StatusCreated, &created) {
		return 0, false
	}
	if created.ID == 0 {
		c.fail(OpCreate, errors.New("the created case has no id"))
		return 0, false
	}
	base := fmt.Sprintf("/api/v1/cases/%d", created.ID)
	steps := []struct {
		op   Op
		path string
		body string
		want int
	}{
		{OpSubmit, base + "/submit", `{}`, http.StatusOK},
		{OpReview, base + "/review", `{}`, http.StatusOK},
		{OpComment, base + "/comments", `{"text":"Checked the partner and the data plan."}`, http.StatusOK},
		{OpDecide, base + "/decision", `{"outcome":"proceed_with_mitigations","rationale":"Mitigations agreed with the researcher."}`, http.StatusOK},
	}
	for _, s := range steps {
		if !c.do(ctx, s.op, http.MethodPost, s.path, []byte(s.body), s.want, nil) {
			return 0, false
		}
	}
	return created.ID, true
}

// do sends one request and checks its status; out, when set, receives the
// JSON answer.
func (c client) do(ctx context.Context, op Op, method, path string, body []byte, want int, out any) bool {
	req, err := http.NewRequestWithContext(ctx, method, c.cfg.BaseURL+path, bytes.NewReader(body))
	if err != nil {
		c.fail(op, err)
		return false
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	start := time.Now()
	resp, err := c.hc.Do(req)
	c.requests.Add(1)
	if err != nil {
		if ctx.Err() == nil {
			c.fail(op, err)
		}
		return false
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	resp.Body.Close()
	d := time.Since(start)
	c.mu.Lock()
	c.lat[op] = append(c.lat[op], d)
	c.mu.Unlock()
	switch {
	case err != nil:
		c.fail(op, fmt.Errorf("%s %s: read the answer: %w", method, path, err))
		return false
	case resp.StatusCode != want:
		c.fail(op, fmt.Errorf("%s %s: status %d, want %d: %.300s", method, path, resp.StatusCode, want, b))
		return false
	case out != nil:
		if err := json.Unmarshal(b, out); err != nil {
			c.fail(op, fmt.Errorf("%s %s: answer is not JSON: %w", method, path, err))
			return false
		}
	}
	return true
}

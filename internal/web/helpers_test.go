package web

import (
	"bytes"
	"context"
	"encoding/json"
	"github.com/collabcheck/collabcheck/internal/registry/rordump"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/collabcheck/collabcheck/internal/registry"
	"github.com/collabcheck/collabcheck/internal/resolving"
	"github.com/collabcheck/collabcheck/internal/screening"
	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/store/sqlite"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// Hand-written fixture lists: invented records about publicly known
// institutions, in the shape the list readers produce.
var (
	defenceList = store.ListImport{
		List: "test_defence", Format: "aspi", Source: "fixture",
		Now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC),
		Entities: []watchlist.Entity{
			{
				SourceID: "3e1f5c9a-0000-4000-8000-000000000001", Kind: watchlist.KindOrganization,
				Names: []watchlist.Name{
					{Value: "Harbin Institute of Technology", Kind: watchlist.NamePrimary},
					{Value: "哈尔滨工业大学", Lang: "zh", Kind: watchlist.NameAlias},
					{Value: "HIT", Kind: watchlist.NameAcronym},
				},
				Countries:   []string{"cn"},
				Addresses:   []watchlist.Address{{City: "Harbin", Country: "cn"}},
				Memberships: []watchlist.Membership{{List: "Test Defence Tracker", Program: "very high risk", Reason: "defence research", SourceURL: "https://example.org/tracker/hit"}},
				Remarks:     []string{"One of the Seven Sons of National Defence."},
				Attributes:  map[string][]string{"supervising_agency": {"MIIT"}},
			},
			{
				SourceID: "3e1f5c9a-0000-4000-8000-000000000002", Kind: watchlist.KindOrganization,
				Names:     []watchlist.Name{{Value: "State Key Laboratory of Robotics and System", Kind: watchlist.NamePrimary}},
				Countries: []string{"cn"},
				Relations: []watchlist.Relation{{Type: watchlist.RelParent, Target: "3e1f5c9a-0000-4000-8000-000000000001", Role: "major defence laboratory"}},
			},
			{
				SourceID: "3e1f5c9a-0000-4000-8000-000000000003", Kind: watchlist.KindOrganization,
				Names: []watchlist.Name{
					{Value: "National University of Defense Technology", Kind: watchlist.NamePrimary},
					{Value: "国防科技大学", Lang: "zh", Kind: watchlist.NameAlias},
					{Value: "NUDT", Kind: watchlist.NameAcronym},
				},
				Countries:   []string{"cn"},
				Memberships: []watchlist.Membership{{List: "Test Defence Tracker", Program: "very high risk"}},
			},
		},
	}
	sanctionsList = store.ListImport{
		List: "test:sanctions", Format: "ftm", Source: "fixture",
		Now: time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC),
		Entities: []watchlist.Entity{
			{
				SourceID: "NK-a1/b2:c3", Kind: watchlist.KindPerson,
				Names:       []watchlist.Name{{Value: "Ivan Sergeyevich Petrov", Kind: watchlist.NamePrimary}},
				Countries:   []string{"ru"},
				Identifiers: []watchlist.Identifier{{Scheme: "passport", Value: "X0000001"}},
				Memberships: []watchlist.Membership{{List: "Test Sanctions", Program: "TEST-EO", ListedOn: "2022-02-24"}},
			},
			{
				SourceID: "org-42", Kind: watchlist.KindOrganization,
				Names:     []watchlist.Name{{Value: "Novosibirsk Radar Instruments Design Bureau JSC", Kind: watchlist.NamePrimary}},
				Countries: []string{"ru"},
			},
		},
	}
)

// ROR ids of the registry fixture. They have the shape of ROR ids but are
// invented.
const (
	rorHIT     = "https://ror.org/02hjt4x21"
	rorSchool  = "https://ror.org/03sch7a55"
	rorRetired = "https://ror.org/00rdr3k19"
	rorWessex  = "https://ror.org/05wcr8n67"
	rorUnknown = "https://ror.org/09zzzzz99"
)

// registryFixture is a hand-written registry: a listed university (in
// defenceList) with a school under it, the retired record it succeeds,
// and an unlisted institute in another country.
var registryFixture = []registry.Org{
	{
		ID: rorHIT, Country: "cn", CountryName: "China", City: "Harbin", Types: []string{"education"}, Status: registry.StatusActive, Established: 1920,
		Names: []registry.Name{
			{Value: "Harbin Institute of Technology", Types: []string{registry.NameDisplay, registry.NameLabel}, Lang: "en"},
			{Value: "哈尔滨工业大学", Types: []string{registry.NameLabel}, Lang: "zh"},
			{Value: "HIT", Types: []string{registry.NameAcronym}},
		},
		Relationships: []registry.Relationship{
			{Type: registry.RelChild, ID: rorSchool, Label: "Harbin Institute of Technology School of Astronautics"},
			{Type: registry.RelPredecessor, ID: rorRetired, Label: "Harbin Radar Research Institute"},
		},
		Domains: []string{"hit.edu.cn"}, Links: []string{"https://www.hit.edu.cn"},
		ExternalIDs: []registry.ExternalID{{Type: "wikidata", All: []string{"Q000001"}, Preferred: "Q000001"}},
	},
	{
		ID: rorSchool, Country: "cn", CountryName: "China", City: "Harbin", Types: []string{"education"}, Status: registry.StatusActive,
		Names: []registry.Name{
			{Value: "Harbin Institute of Technology School of Astronautics", Types: []string{registry.NameDisplay, registry.NameLabel}, Lang: "en"},
			{Value: "哈尔滨工业大学航天学院", Types: []string{registry.NameLabel}, Lang: "zh"},
		},
		Relationships: []registry.Relationship{{Type: registry.RelParent, ID: rorHIT, Label: "Harbin Institute of Technology"}},
	},
	{
		ID: rorRetired, Country: "cn", Status: registry.StatusInactive,
		Names:         []registry.Name{{Value: "Harbin Radar Research Institute", Types: []string{registry.NameDisplay}}},
		Relationships: []registry.Relationship{{Type: registry.RelSuccessor, ID: rorHIT}},
	},
	{
		ID: rorWessex, Country: "gb", CountryName: "United Kingdom", City: "Exeter", Types: []string{"nonprofit"}, Status: registry.StatusActive,
		Names: []registry.Name{
			{Value: "Wessex Institute for Climate Research", Types: []string{registry.NameDisplay, registry.NameLabel}, Lang: "en"},
			{Value: "WICR", Types: []string{registry.NameAcronym}},
		},
	},
}

// envOption adjusts the Config a test server is built with.
type envOption func(*Config)

// testEnv is a real API server on loopback over a real SQLite file.
type testEnv struct {
	t      testing.TB
	srv    *httptest.Server
	api    *server
	svc    *screening.Service
	res    *resolving.Service
	st     store.Store
	logBuf *syncBuffer
	reg    *prometheus.Registry
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// newEnv starts a server; with load, the fixture lists and registry are
// imported and loaded first. wrap, when set, wraps the store the
// screening service sees; the registry is always read from the store
// itself.
func newEnv(t testing.TB, load bool, wrap func(store.Store) store.Store, opts ...envOption) *testEnv {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "collabcheck.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return newEnvOn(t, st, load, wrap, opts...)
}

// newEnvOn is newEnv over an opened store, which the test closes. The
// server gets the store's accounts and casework, as serve gives them, with
// "default" as the operator tenant.
func newEnvOn(t testing.TB, st store.Store, load bool, wrap func(store.Store) store.Store, opts ...envOption) *testEnv {
	t.Helper()
	e := &testEnv{t: t, st: st, logBuf: &syncBuffer{}, reg: prometheus.NewRegistry()}
	var s store.Store = st
	if wrap != nil {
		s = wrap(st)
	}
	e.svc = screening.New(s)
	reg, err := store.RegistryOf(st)
	if err != nil {
		t.Fatal(err)
	}
	e.res = resolving.New(reg, e.svc)
	if load {
		e.load(defenceList, sanctionsList)
		e.loadRegistry(registryFixture)
	}
	cfg := Config{
		Service:        e.svc,
		Resolving:      e.res,
		Logger:         slog.New(slog.NewJSONHandler(e.logBuf, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Registerer:     e.reg,
		OperatorTenant: "default",
	}
	if acc, err := store.AccountsOf(st); err == nil {
		cw, err := store.CaseworkOf(st)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Accounts, cfg.Casework = acc, cw
	}
	for _, o := range opts {
		o(&cfg)
	}
	h, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	e.api = h.(*server)
	e.srv = httptest.NewServer(h)
	// Never follow redirects: the API answers every request itself, and a
	// redirect must show up as the status it is.
	e.srv.Client().CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	t.Cleanup(e.srv.Close)
	return e
}

// load imports lists into the store and reloads the index.
func (e *testEnv) load(lists ...store.ListImport) {
	e.t.Helper()
	ctx := context.Background()
	for _, l := range lists {
		if _, _, err := e.st.ImportList(ctx, l); err != nil {
			e.t.Fatalf("import %s: %v", l.List, err)
		}
	}
	if err := e.svc.Reload(ctx); err != nil {
		e.t.Fatal(err)
	}
}

// loadRegistry imports orgs as a registry version and reloads the
// resolver.
func (e *testEnv) loadRegistry(orgs []registry.Org) {
	e.t.Helper()
	ctx := context.Background()
	reg, err := store.RegistryOf(e.st)
	if err != nil {
		e.t.Fatal(err)
	}
	_, _, err = reg.ImportRegistry(ctx, store.RegistryImport{
		Source: "fixture",
		Now:    time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC),
		Orgs: func(yield func(registry.Org) error) (rordump.Info, error) {
			for _, o := range orgs {
				if err := yield(o); err != nil {
					return rordump.Info{}, err
				}
			}
			return rordump.Info{SchemaVersion: "2.1"}, nil
		},
	})
	if err != nil {
		e.t.Fatalf("import registry: %v", err)
	}
	if err := e.res.Reload(ctx); err != nil {
		e.t.Fatal(err)
	}
}

// exchange is one request and its answer.
type exchange struct {
	req    *http.Request
	resp   *http.Response
	body   []byte
	status int
}

// do sends a request; rawTarget, when it holds a '?' or '%', is sent
// verbatim as the request target so that invalid escapes reach the server.
func (e *testEnv) do(method, target, contentType string, body []byte) exchange {
	e.t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, e.srv.URL+"/", rd)
	if err != nil {
		e.t.Fatal(err)
	}
	// Set the target verbatim: the client must not re-encode bad bytes.
	path, rawQuery, _ := strings.Cut(target, "?")
	req.URL.Opaque = path
	req.URL.RawQuery = rawQuery
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatalf("%s %s: read body: %v", method, target, err)
	}
	// The request the server saw, for route resolution in the tests.
	sreq := httptest.NewRequest(method, target, nil)
	return exchange{req: sreq, resp: resp, body: b, status: resp.StatusCode}
}

func (e *testEnv) get(target string) exchange { return e.do(http.MethodGet, target, "", nil) }

// decode unmarshals an exchange's body, failing the test on bad JSON.
func decode[T any](t *testing.T, x exchange) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(x.body, &v); err != nil {
		t.Fatalf("%s %s: body is not the JSON expected (%v): %s", x.req.Method, x.req.URL, err, x.body)
	}
	return v
}

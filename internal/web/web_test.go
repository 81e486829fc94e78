package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/collabcheck/collabcheck/internal/match"
	"github.com/collabcheck/collabcheck/internal/screening"
	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

const (
	hitID  = "3e1f5c9a-0000-4000-8000-000000000001"
	labID  = "3e1f5c9a-0000-4000-8000-000000000002"
	nudtID = "3e1f5c9a-0000-4000-8000-000000000003"
)

// apiCase is one request of the conformance table and what must come back.
type apiCase struct {
	name    string
	env     string // "loaded", "empty" (no list, no registry), "noresolver" (Config.Resolving nil) or "failing" (store faults)
	method  string
	target  string
	ctype   string
	body    []byte
	chunked bool
	fault   int32 // for the "failing" env: which fault to inject
	status  int
	// field, for problems, is a parameter, pointer or header that the
	// problem's errors must name.
	field string
	// check makes content assertions on a happy answer.
	check func(t *testing.T, e *testEnv, x exchange)
}

func q(params ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(params); i += 2 {
		v.Add(params[i], params[i+1])
	}
	return v.Encode()
}

func jsonBody(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

func batchOf(n int, name string) []byte {
	names := make([]string, n)
	for i := range names {
		names[i] = name
	}
	return jsonBody(map[string]any{"names": names})
}

// happyCases answer 200 (or the documented status for the state the
// server is in) with content the checks inspect.
func happyCases() []apiCase {
	return []apiCase{
		{name: "screen exact name", target: "/api/v1/screen?" + q("name", "Harbin Institute of Technology"), status: 200,
			check: func(t *testing.T, e *testEnv, x exchange) {
				r := decode[screening.Result](t, x)
				if r.Query != "Harbin Institute of Technology" || len(r.Matches) == 0 {
					t.Fatalf("result %+v", r)
				}
				m := r.Matches[0]
				if m.List != "test_defence" || m.SourceID != hitID || !m.Match || m.Score < match.DefaultThreshold {
					t.Errorf("top match %+v", m)
				}
				if len(m.Explanation) == 0 || len(m.Memberships) == 0 || m.Memberships[0].SourceURL == "" {
					t.Errorf("top match lacks its explanation or membership: %+v", m)
				}
				// Exactly one line of `collabcheck screen --json`: the same
				// bytes as encoding the service's own result.
				want, err := e.svc.Screen("Harbin Institute of Technology", match.Options{})
				if err != nil {
					t.Fatal(err)
				}
				var buf bytes.Buffer
				enc := json.NewEncoder(&buf)
				enc.SetEscapeHTML(false)
				if err := enc.Encode(want); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(buf.Bytes(), x.body) {
					t.Errorf("answer differs from the screen --json line:\n got %s\nwant %s", x.body, buf.Bytes())
				}
			}},
		{name: "screen Web of Science abbreviation with country", target: "/api/v1/screen?" + q("name", "Harbin Inst Technol, Sch Astronaut, Harbin 150001", "country", "CN", "limit", "2"), status: 200,
			check: func(t *testing.T, e *testEnv, x exchange) {
				r := decode[screening.Result](t, x)
				if len(r.Matches) == 0 || len(r.Matches) > 2 || r.Matches[0].SourceID != hitID || !r.Matches[0].Match {
					t.Errorf("result %+v", r)
				}
			}},
		{name: "screen Chinese script", target: "/api/v1/screen?" + q("name", "国防科技大学"), status: 200,
			check: func(t *testing.T, e *testEnv, x exchange) {
				r := decode[screening.Result](t, x)
				if len(r.Matches) == 0 || r.Matches[0].SourceID != nudtID || !r.Matches[0].Match {
					t.Errorf("result %+v", r)
				}
			}},
		{name: "screen laboratory reports its listed parent", target: "/api/v1/screen?" + q("name", "State Key Laboratory of Robotics and System"), status: 200,
			check: func(t *testing.T, e *testEnv, x exchange) {
				r := decode[screening.Result](t, x)
				if len(r.Matches) == 0 || r.Matches[0].SourceID != labID {
					t.Fatalf("result %+v", r)
				}
				via := r.Matches[0].Via
				if len(via) == 0 || via[0].SourceID != hitID || via[0].Relation != "parent" {
					t.Errorf("via = %+v, want the parent %s", via, hitID)
				}
			}},
		{name: "screen by type person", target: "/api/v1/screen?" + q("name", "Ivan Petrov", "type", "person", "limit", "10"), status: 200,
			check: func(t *testing.T, e *testEnv, x exchange) {
				r := decode[screening.Result](t, x)
				if len(r.Matches) == 0 || r.Matches[0].SourceID != "NK-a1/b2:c3" {
					t.Fatalf("result %+v", r)
				}
				for _, m := range r.Matches {
					if m.Kind != watchlist.KindPerson {
						t.Errorf("type=person answered a %s: %+v", m.Kind, m)
					}
				}
			}},
		{name: "screen threshold decides match", target: "/api/v1/screen?" + q("name", "Harbin Inst Technol", "threshold", "1", "limit", "100"), status: 200,
			check: func(t *testing.T, e *testEnv, x exchange) {
				r := decode[screening.Result](t, x)
				if len(r.Matches) == 0 {
					t.Fatal("no candidates")
				}
				for _, m := range r.Matches {
					if m.Match != (m.Score >= 1) {
						t.Errorf("threshold 1: score %v reported match=%v", m.Score, m.Match)
					}
				}
			}},
		{name: "screen unlisted name", target: "/api/v1/screen?" + q("name", "Northbridge Analytics Consulting Partners"), status: 200,
			check: func(t *testing.T, e *testEnv, x exchange) {
				r := decode[screening.Result](t, x)
				if r.Matches == nil {
					t.Error("matches is null, want an array")
				}
				for _, m := range r.Matches {
					if m.Match {
						t.Errorf("unlisted name matched %+v", m)
					}
				}
			}},
		{name: "HEAD screen", method: http.MethodHead, target: "/api/v1/screen?" + q("name", "NUDT"), status: 200},
		{name: "batch in input order", method: http.MethodPost, target: "/api/v1/screen", ctype: "application/json; charset=utf-8",
			body: jsonBody(map[string]any{
				"names": []any{"Natl Univ Def Technol", map[string]string{"name": "哈尔滨工业大学航天学院", "country": "China"}, "Northbridge Analytics Consulting Partners", "Harbin Institute of Technology"},
				"limit": 3, "threshold": 0.8,
			}), status: 200,
			check: func(t *testing.T, e *testEnv, x exchange) {
				r := decode[batchResponse](t, x)
				wantQ := []string{"Natl Univ Def Technol", "哈尔滨工业大学航天学院", "Northbridge Analytics Consulting Partners", "Harbin Institute of Technology"}
				wantTop := []string{nudtID, hitID, "", hitID}
				if len(r.Results) != len(wantQ) {
					t.Fatalf("%d results, want %d", len(r.Results), len(wantQ))
				}
				for i, res := range r.Results {
					if res.Query != wantQ[i] {
						t.Errorf("result %d query %q, want %q", i, res.Query, wantQ[i])
					}
					if len(res.Matches) > 3 {
						t.Errorf("result %d has %d matches over limit 3", i, len(res.Matches))
					}
					hit := len(res.Matches) > 0 && res.Matches[0].Match
					if wantTop[i] == "" && hit || wantTop[i] != "" && (!hit || res.Matches[0].SourceID != wantTop[i]) {
						t.Errorf("result %d: %+v, want top hit %q", i, res.Matches, wantTop[i])
					}
				}
			}},
		{name: "batch of the maximum size", method: http.MethodPost, target: "/api/v1/screen", body: batchOf(MaxBatch, "Natl Univ Def Technol"), status: 200,
			check: func(t *testing.T, e *testEnv, x exchange) {
				r := decode[batchResponse](t, x)
				if len(r.Results) != MaxBatch || r.Results[MaxBatch-1].Matches[0].SourceID != nudtID {
					t.Errorf("%d results", len(r.Results))
				}
			}},
		{name: "entity", target: "/api/v1/entities/test_defence:" + hitID, status: 200,
			check: func(t *testing.T, e *testEnv, x exchange) {
				r := decode[entityResponse](t, x)
				if r.ID != "test_defence:"+hitID || r.List != "test_defence" || r.Version.Number != 1 || !r.Version.Active || r.Version.EntityCount != 3 {
					t.Errorf("entity answer %+v", r)
				}
				want := defenceList.Entities[0]
				if r.Entity.SourceID != want.SourceID || len(r.Entity.Names) != 3 || r.Entity.Names[1].Value != "哈尔滨工业大学" ||
					r.Entity.Attributes["supervising_agency"][0] != "MIIT" || r.Entity.Remarks[0] != want.Remarks[0] {
					t.Errorf("entity %+v, want %+v", r.Entity, want)
				}
			}},
		{name: "entity id with slash and colons in a list name with a colon", target: "/api/v1/entities/test:sanctions:NK-a1/b2:c3", status: 200,
			check: func(t *testing.T, e *testEnv, x exchange) {
				r := decode[entityResponse](t, x)
				if r.List != "test:sanctions" || r.Entity.SourceID != "NK-a1/b2:c3" || r.Entity.Identifiers[0].Value != "X0000001" {
					t.Errorf("entity answer %+v", r)
				}
			}},
		{name: "entity id percent-encoded", target: "/api/v1/entities/test%3Asanctions%3ANK-a1%2Fb2%3Ac3", status: 200,
			check: func(t *testing.T, e *testEnv, x exchange) {
				r := decode[entityResponse](t, x)
				if r.ID != "test:sanctions:NK-a1/b2:c3" {
					t.Errorf("entity answer %+v", r)
				}
			}},
		{name: "lists", target: "/api/v1/lists", status: 200,
			check: func(t *testing.T, e *testEnv, x exchange) {
				r := decode[listsResponse](t, x)
				if len(r.Lists) != 2 || r.Lists[0].List != "test:sanctions" || r.Lists[1].List != "test_defence" {
					t.Fatalf("lists %+v", r.Lists)
				}
				for _, l := range r.Lists {
					if !l.Indexed || !l.Active || l.ContentHash == "" || l.ImportedAt.IsZero() {
						t.Errorf("list %+v", l)
					}
				}
				if !r.Index.Ready || !r.Index.Current || r.Index.Entities != 5 || r.Index.Names < 5 {
					t.Errorf("index %+v", r.Index)
				}
			}},
		{name: "match abbreviation pair", target: "/api/v1/match?" + q("a", "Natl Univ Def Technol", "b", "National University of Defense Technology", "type", "organization"), status: 200,
			check: func(t *testing.T, e *testEnv, x exchange) {
				r := decode[pairResponse](t, x)
				if !r.Match || r.A != "Natl Univ Def Technol" || len(r.Explanation) == 0 {
					t.Errorf("pair %+v", r)
				}
			}},
		{name: "match look-alike pair", target: "/api/v1/match?" + q("a", "Chongqing Medical University", "b", "Chongqing University", "threshold", "0.8"), status: 200,
			check: func(t *testing.T, e *testEnv, x exchange) {
				r := decode[pairResponse](t, x)
				if r.Match {
					t.Errorf("look-alikes matched: %+v", r)
				}
				want, _ := match.Pair("Chongqing Medical University", "Chongqing University", "", 0.8)
				if r.Score != want.Score {
					t.Errorf("score %v, engine says %v", r.Score, want.Score)
				}
			}},
		{name: "match without lists", env: "empty", target: "/api/v1/match?" + q("a", "Ivan Petrov", "b", "Petrov Ivan", "type", "person"), status: 200,
			check: func(t *testing.T, e *testEnv, x exchange) {
				if r := decode[pairResponse](t, x); !r.Match {
					t.Errorf("pair %+v", r)
				}
			}},
		{name: "openapi", target: "/api/v1/openapi.json", status: 200,
			check: func(t *testing.T, e *testEnv, x exchange) {
				if !bytes.Equal(x.body, openapiJSON) {
					t.Error("served document differs from the embedded one")
				}
			}},
		{name: "healthz", target: "/healthz", status: 200,
			check: func(t *testing.T, e *testEnv, x exchange) {
				if r := decode[health](t, x); r.Status != "ok" {
					t.Errorf("healthz %+v", r)
				}
			}},
		{name: "healthz ignores the query", target: "/healthz?probe=1&probe=2", status: 200},
		{name: "healthz without lists", env: "empty", target: "/healthz", status: 200},
		{name: "readyz", target: "/readyz", status: 200,
			check: func(t *testing.T, e *testEnv, x exchange) {
				r := decode[health](t, x)
				if r.Status != "ready" || r.Entities != 5 || !slices.Equal(r.Lists, []string{"test:sanctions", "test_defence"}) {
					t.Errorf("readyz %+v", r)
				}
			}},
		{name: "readyz without lists", env: "empty", target: "/readyz", status: 503, field: "-",
			check: func(t *testing.T, e *testEnv, x exchange) {
				if p := decode[Problem](t, x); !strings.Contains(p.Detail, "no list loaded") || x.resp.Header.Get("Retry-After") == "" {
					t.Errorf("problem %+v", p)
				}
			}},
		{name: "screen without lists", env: "empty", target: "/api/v1/screen?" + q("name", "Harbin Institute of Technology"), status: 503, field: "-"},
		{name: "batch without lists", env: "empty", method: http.MethodPost, target: "/api/v1/screen", body: batchOf(2, "NUDT"), status: 503, field: "-"},
		{name: "lists without lists", env: "empty", target: "/api/v1/lists", status: 200,
			check: func(t *testing.T, e *testEnv, x exchange) {
				r := decode[listsResponse](t, x)
				if len(r.Lists) != 0 || r.Lists == nil || r.Index.Ready || !r.Index.Current {
					t.Errorf("lists %+v", r)
				}
			}},
		{name: "metrics", target: "/metrics", status: 200,
			check: func(t *testing.T, e *testEnv, x exchange) {
				if !strings.HasPrefix(x.resp.Header.Get("Content-Type"), "text/plain") {
					t.Errorf("content type %q", x.resp.Header.Get("Content-Type"))
				}
				for _, want := range []string{"collabcheck_index_entities 5", "collabcheck_index_lists 2", "collabcheck_http_requests_total", "collabcheck_screens_total"} {
					if !bytes.Contains(x.body, []byte(want)) {
						t.Errorf("metrics lack %q", want)
					}
				}
			}},
		{name: "store failure is a 500 problem", env: "failing", fault: faultListsError, target: "/api/v1/lists", status: 500, field: "-"},
		{name: "panic is recovered as a 500 problem", env: "failing", fault: faultPanic, target: "/api/v1/entities/test_defence:" + hitID, status: 500, field: "-"},
	}
}

// badCases must each answer the given 4xx with a problem naming field.
func badCases() []apiCase {
	long := strings.Repeat("a", match.MaxQueryBytes+1)
	huge := strings.Repeat("Harbin Institute of Technology ", 100<<10/31)
	post := func(name string, body string, field string) apiCase {
		return apiCase{name: name, method: http.MethodPost, target: "/api/v1/screen", body: []byte(body), status: 400, field: field}
	}
	return []apiCase{
		{name: "missing name", target: "/api/v1/screen", status: 400, field: "name"},
		{name: "empty name", target: "/api/v1/screen?name=", status: 400, field: "name"},
		{name: "blank name", target: "/api/v1/screen?name=%20%20%09", status: 400, field: "name"},
		{name: "punctuation-only name", target: "/api/v1/screen?name=%2C%2C%3B", status: 400, field: "name"},
		{name: "invalid UTF-8 name", target: "/api/v1/screen?name=Harbin%FF%FE", status: 400, field: "name"},
		{name: "overlong UTF-8 encoding", target: "/api/v1/screen?name=%C0%AF", status: 400, field: "name"},
		{name: "name one byte over the limit", target: "/api/v1/screen?" + q("name", long), status: 400, field: "name"},
		{name: "100 kB name", target: "/api/v1/screen?" + q("name", huge), status: 400, field: "name"},
		{name: "name given twice", target: "/api/v1/screen?name=a&name=b", status: 400, field: "name"},
		{name: "unknown parameter", target: "/api/v1/screen?name=NUDT&nmae=x", status: 400, field: "nmae"},
		{name: "invalid UTF-8 parameter name", target: "/api/v1/screen?name=NUDT&%FF=1", status: 400},
		{name: "malformed query string", target: "/api/v1/screen?name=%zz", status: 400},
		{name: "limit zero", target: "/api/v1/screen?name=NUDT&limit=0", status: 400, field: "limit"},
		{name: "limit negative", target: "/api/v1/screen?name=NUDT&limit=-3", status: 400, field: "limit"},
		{name: "limit over 100", target: "/api/v1/screen?name=NUDT&limit=101", status: 400, field: "limit"},
		{name: "limit not a number", target: "/api/v1/screen?name=NUDT&limit=five", status: 400, field: "limit"},
		{name: "limit fractional", target: "/api/v1/screen?name=NUDT&limit=1.5", status: 400, field: "limit"},
		{name: "limit huge", target: "/api/v1/screen?name=NUDT&limit=99999999999999999999999", status: 400, field: "limit"},
		{name: "limit invalid UTF-8", target: "/api/v1/screen?name=NUDT&limit=%FF", status: 400, field: "limit"},
		{name: "threshold zero", target: "/api/v1/screen?name=NUDT&threshold=0", status: 400, field: "threshold"},
		{name: "threshold over 1", target: "/api/v1/screen?name=NUDT&threshold=1.01", status: 400, field: "threshold"},
		{name: "threshold negative", target: "/api/v1/screen?name=NUDT&threshold=-0.5", status: 400, field: "threshold"},
		{name: "threshold NaN", target: "/api/v1/screen?name=NUDT&threshold=NaN", status: 400, field: "threshold"},
		{name: "threshold infinite", target: "/api/v1/screen?name=NUDT&threshold=Inf", status: 400, field: "threshold"},
		{name: "threshold not a number", target: "/api/v1/screen?name=NUDT&threshold=high", status: 400, field: "threshold"},
		{name: "unknown type", target: "/api/v1/screen?name=NUDT&type=ship", status: 400, field: "type"},
		{name: "unknown country", target: "/api/v1/screen?name=NUDT&country=Atlantis", status: 400, field: "country"},
		{name: "bad input wins over not ready", env: "empty", target: "/api/v1/screen?name=", status: 400, field: "name"},

		post("malformed JSON", `{"names": [`, "#"),
		post("JSON syntax error", `{"names": ["a",]}`, "#"),
		post("trailing data", `{"names": ["NUDT"]} {}`, "#"),
		post("empty body", ``, "#"),
		post("array body", `["NUDT"]`, "#"),
		post("unknown field", `{"names": ["NUDT"], "lmit": 3}`, "#/lmit"),
		post("unknown field in a name object", `{"names": ["NUDT", {"name": "HIT", "colour": "red"}]}`, "#/names/1/colour"),
		post("names missing", `{}`, "#/names"),
		post("names null", `{"names": null}`, "#/names"),
		post("names empty", `{"names": []}`, "#/names"),
		post("names not an array", `{"names": "NUDT"}`, "#/names"),
		post("empty name in a batch", `{"names": ["NUDT", ""]}`, "#/names/1"),
		post("empty name object", `{"names": [{"name": ""}]}`, "#/names/0/name"),
		post("name object without name", `{"names": [{"country": "CN"}]}`, "#/names/0/name"),
		post("name of the wrong type", `{"names": ["NUDT", 5]}`, "#/names/1"),
		post("name too long in a batch", `{"names": ["`+long+`"]}`, "#/names/0"),
		post("name escaped to invalid UTF-16", `{"names": ["\ud800"]}`, "#/names/0"),
		post("limit zero in a batch", `{"names": ["NUDT"], "limit": 0}`, "#/limit"),
		post("limit over 100 in a batch", `{"names": ["NUDT"], "limit": 1000}`, "#/limit"),
		post("limit fractional in a batch", `{"names": ["NUDT"], "limit": 2.5}`, "#/limit"),
		post("limit as a string in a batch", `{"names": ["NUDT"], "limit": "3"}`, "#/limit"),
		post("threshold zero in a batch", `{"names": ["NUDT"], "threshold": 0}`, "#/threshold"),
		post("threshold over 1 in a batch", `{"names": ["NUDT"], "threshold": 1.5}`, "#/threshold"),
		post("unknown type in a batch", `{"names": ["NUDT"], "type": "ship"}`, "#/type"),
		post("unknown country in a batch item", `{"names": [{"name": "NUDT", "country": "Atlantis"}]}`, "#/names/0/country"),
		{name: "invalid UTF-8 in a JSON body", method: http.MethodPost, target: "/api/v1/screen", body: []byte("{\"names\": [\"Harbin\xff\"]}"), status: 400, field: "#"},
		{name: "batch over 1000 names", method: http.MethodPost, target: "/api/v1/screen", body: batchOf(MaxBatch+1, "NUDT"), status: 400, field: "#/names"},
		{name: "query parameter on POST", method: http.MethodPost, target: "/api/v1/screen?name=NUDT", body: batchOf(1, "NUDT"), status: 400, field: "name"},
		{name: "body over the limit", method: http.MethodPost, target: "/api/v1/screen", body: batchOf(MaxBatch, strings.Repeat("x", 6000)), status: 413, field: "#"},
		{name: "chunked body over the limit", method: http.MethodPost, target: "/api/v1/screen", body: batchOf(MaxBatch, strings.Repeat("x", 6000)), chunked: true, status: 413, field: "#"},
		{name: "body not JSON", method: http.MethodPost, target: "/api/v1/screen", ctype: "text/plain", body: []byte("NUDT"), status: 415, field: "Content-Type"},

		{name: "entity id without a list", target: "/api/v1/entities/" + hitID, status: 400, field: "id"},
		{name: "entity id empty", target: "/api/v1/entities/", status: 400, field: "id"},
		{name: "entity id with an empty source id", target: "/api/v1/entities/test_defence:", status: 400, field: "id"},
		{name: "entity id invalid UTF-8", target: "/api/v1/entities/test_defence:%FF", status: 400, field: "id"},
		{name: "entity with a query parameter", target: "/api/v1/entities/test_defence:" + hitID + "?full=1", status: 400, field: "full"},
		{name: "unknown entity", target: "/api/v1/entities/test_defence:no-such-id", status: 404, field: "id"},
		{name: "unknown list", target: "/api/v1/entities/no_such_list:" + hitID, status: 404, field: "id"},

		{name: "lists with a parameter", target: "/api/v1/lists?all=1", status: 400, field: "all"},
		{name: "openapi with a parameter", target: "/api/v1/openapi.json?v=2", status: 400, field: "v"},

		{name: "match missing both names", target: "/api/v1/match", status: 400, field: "a"},
		{name: "match missing b", target: "/api/v1/match?a=NUDT", status: 400, field: "b"},
		{name: "match empty a", target: "/api/v1/match?a=&b=NUDT", status: 400, field: "a"},
		{name: "match invalid UTF-8", target: "/api/v1/match?a=NUDT&b=%FF", status: 400, field: "b"},
		{name: "match name too long", target: "/api/v1/match?" + q("a", "NUDT", "b", long), status: 400, field: "b"},
		{name: "match vessel type", target: "/api/v1/match?a=x&b=y&type=vessel", status: 400, field: "type"},
		{name: "match threshold over 1", target: "/api/v1/match?a=x&b=y&threshold=2", status: 400, field: "threshold"},
		{name: "match unknown parameter", target: "/api/v1/match?a=x&b=y&limit=3", status: 400, field: "limit"},

		{name: "unknown API route", target: "/api/v1/screens", status: 404},
		{name: "unknown route", target: "/administrator", status: 404},
		{name: "under the root", target: "/index.php", status: 404},
		{name: "DELETE screen", method: http.MethodDelete, target: "/api/v1/screen", status: 405},
		{name: "PUT lists", method: http.MethodPut, target: "/api/v1/lists", body: []byte("{}"), status: 405},
		{name: "POST healthz", method: http.MethodPost, target: "/healthz", status: 405},
		{name: "odd method", method: "BREW", target: "/api/v1/match", status: 405},
	}
}

// Faults a failingStore can be set to, so the tests can see how the API
// answers server faults.
const (
	faultNone       = iota
	faultListsError // Lists returns an error
	faultPanic      // Entity panics
)

// failingStore wraps a store and faults on purpose.
type failingStore struct {
	store.Store
	fault atomic.Int32
}

func (f *failingStore) Lists(ctx context.Context) ([]watchlist.Version, error) {
	if f.fault.Load() == faultListsError {
		return nil, errors.New("disk on fire")
	}
	return f.Store.Lists(ctx)
}

func (f *failingStore) Entity(ctx context.Context, list, id string) (watchlist.Entity, watchlist.Version, error) {
	if f.fault.Load() == faultPanic {
		panic("store: corrupted row")
	}
	return f.Store.Entity(ctx, list, id)
}

// TestAPIConformance sends every case of both tables to real servers,
// checks status, headers and content, validates every body against the
// schema the OpenAPI document gives for that operation and status, and
// finally checks that every status the document promises for an
// operation was actually produced.
func TestAPIConformance(t *testing.T) {
	var failing *failingStore
	envs := map[string]*testEnv{
		"loaded": newEnv(t, true, nil),
		"empty":  newEnv(t, false, nil),
		// Loaded, but the server runs without a resolving service.
		"noresolver": newEnv(t, true, nil, func(c *Config) { c.Resolving = nil }),
		"failing": newEnv(t, true, func(s store.Store) store.Store {
			failing = &failingStore{Store: s}
			return failing
		}),
	}
	checker := newSchemaChecker(t)
	observed := map[string]map[int]bool{}
	sawDefault := false
	var cases []apiCase
	for _, cs := range [][]apiCase{happyCases(), badCases(), registryHappyCases(), registryBadCases(), classifyHappyCases(), classifyBadCases()} {
		cases = append(cases, cs...)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.env == "" {
				c.env = "loaded"
			}
			if c.method == "" {
				c.method = http.MethodGet
			}
			e := envs[c.env]
			e.t = t
			failing.fault.Store(c.fault)
			var x exchange
			if c.chunked {
				x = e.doChunked(c.method, c.target, c.body)
			} else {
				x = e.do(c.method, c.target, c.ctype, c.body)
			}
			if x.status != c.status {
				t.Fatalf("%s %s: status %d, want %d; body %.400s", c.method, c.target, x.status, c.status, x.body)
			}
			checkSecurityHeaders(t, x)
			if x.resp.Header.Get("X-Request-Id") == "" {
				t.Error("no X-Request-Id")
			}
			if c.method == http.MethodHead {
				if len(x.body) != 0 {
					t.Errorf("HEAD answered a body of %d bytes", len(x.body))
				}
				return
			}
			mt := strings.TrimSpace(strings.Split(x.resp.Header.Get("Content-Type"), ";")[0])
			if x.status >= 400 {
				checkProblem(t, c, x, mt)
			}
			_, pattern := e.api.mux.Handler(x.req)
			rt := e.api.byPattern[pattern]
			if rt == nil {
				if x.status != 404 && x.status != 405 {
					t.Errorf("unrouted request answered %d", x.status)
				}
				if x.status == 405 {
					checkAllow(t, e, c, x)
				}
				return
			}
			path, method := docPath(rt.Path), strings.ToLower(rt.Method)
			ptr, explicit, err := checker.responseSchema(path, method, x.status, mt)
			if err != nil {
				t.Fatal(err)
			}
			if !explicit && x.status != 500 {
				t.Errorf("%s %s answered %d, which the OpenAPI document does not list", method, path, x.status)
			}
			if !explicit {
				sawDefault = true
			}
			if mt != "text/plain" {
				if err := checker.validate(ptr, x.body); err != nil {
					t.Errorf("%s %s %d: body does not match the documented schema: %v\nbody: %.600s", method, path, x.status, err, x.body)
				}
			}
			key := method + " " + path
			if observed[key] == nil {
				observed[key] = map[int]bool{}
			}
			observed[key][x.status] = true
			if c.check != nil {
				c.check(t, e, x)
			}
		})
	}
	t.Run("casework", func(t *testing.T) { caseworkConformance(t, checker, observed) })
	for op, codes := range checker.doc.documentedStatuses() {
		for _, code := range codes {
			if !observed[op][code] {
				t.Errorf("%s documents status %d, but no test produced it", op, code)
			}
		}
	}
	if !sawDefault {
		t.Error("no case produced an unexpected-failure (default) response")
	}
	// The panic was logged with its stack, under the request id.
	if logs := envs["failing"].logBuf.String(); !strings.Contains(logs, "panic serving request") || !strings.Contains(logs, "corrupted row") {
		t.Errorf("panic not logged: %s", logs)
	}
}

// doChunked sends a body without a Content-Length, so the server cannot
// refuse it up front and must stop reading at the limit.
func (e *testEnv) doChunked(method, target string, body []byte) exchange {
	e.t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+target, struct{ *bytes.Reader }{bytes.NewReader(body)})
	if err != nil {
		e.t.Fatal(err)
	}
	req.ContentLength = -1
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(resp.Body); err != nil {
		e.t.Fatal(err)
	}
	if len(resp.TransferEncoding) == 0 && resp.Request.ContentLength != -1 {
		e.t.Fatalf("request was not sent chunked")
	}
	return exchange{req: mustRequest(method, target), resp: resp, body: buf.Bytes(), status: resp.StatusCode}
}

func mustRequest(method, target string) *http.Request {
	r, err := http.NewRequest(method, target, nil)
	if err != nil {
		panic(err)
	}
	return r
}

func checkSecurityHeaders(t *testing.T, x exchange) {
	t.Helper()
	for h, want := range map[string]string{
		"X-Content-Type-Options": "nosniff",
		"X-Frame-Options":        "DENY",
		"Referrer-Policy":        "no-referrer",
	} {
		if got := x.resp.Header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
	if csp := x.resp.Header.Get("Content-Security-Policy"); !strings.HasPrefix(csp, "default-src 'none'") {
		t.Errorf("Content-Security-Policy = %q", csp)
	}
}

// checkProblem checks an error answer is a well-formed problem that names
// the field at fault.
func checkProblem(t *testing.T, c apiCase, x exchange, mt string) {
	t.Helper()
	if mt != "application/problem+json" {
		t.Fatalf("error answered as %q, want application/problem+json: %s", mt, x.body)
	}
	var p Problem
	dec := json.NewDecoder(bytes.NewReader(x.body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		t.Fatalf("problem does not decode: %v: %s", err, x.body)
	}
	if p.Status != x.status || p.Title != http.StatusText(x.status) || !strings.HasPrefix(p.Type, "urn:collabcheck:problem:") || p.Detail == "" || p.Instance == "" {
		t.Errorf("problem %+v for status %d", p, x.status)
	}
	if p.RequestID != x.resp.Header.Get("X-Request-Id") {
		t.Errorf("problem request id %q, header %q", p.RequestID, x.resp.Header.Get("X-Request-Id"))
	}
	if x.status == 400 && len(p.Errors) == 0 {
		t.Errorf("400 problem lists no errors: %+v", p)
	}
	if c.field == "" || c.field == "-" {
		return
	}
	var named []string
	for _, fe := range p.Errors {
		named = append(named, fe.Parameter+fe.Pointer+fe.Header)
		if fe.Detail == "" {
			t.Errorf("field error without detail: %+v", fe)
		}
	}
	if !slices.Contains(named, c.field) {
		t.Errorf("problem names %q, want %q: %s", named, c.field, x.body)
	}
}

func checkAllow(t *testing.T, e *testEnv, c apiCase, x exchange) {
	t.Helper()
	allow := x.resp.Header.Get("Allow")
	if allow == "" {
		t.Fatal("405 without Allow")
	}
	for _, m := range strings.Split(allow, ", ") {
		r := mustRequest(m, c.target)
		if _, p := e.api.mux.Handler(r); e.api.byPattern[p] == nil {
			t.Errorf("Allow lists %s, which %s does not answer", m, c.target)
		}
	}
	if strings.Contains(allow, c.method) {
		t.Errorf("Allow %q lists the refused method %s", allow, c.method)
	}
}

// TestIndexCurrency checks /api/v1/lists says when the in-memory index
// lags behind the store, and /readyz flips to 200 once lists load.
func TestIndexCurrency(t *testing.T) {
	e := newEnv(t, false, nil)
	if x := e.get("/readyz"); x.status != 503 {
		t.Fatalf("readyz before any list: %d", x.status)
	}
	// Imported but not yet loaded: still not ready, and not current.
	if _, _, err := e.st.ImportList(context.Background(), defenceList); err != nil {
		t.Fatal(err)
	}
	if x := e.get("/readyz"); x.status != 503 {
		t.Fatalf("readyz before reload: %d", x.status)
	}
	r := decode[listsResponse](t, e.get("/api/v1/lists"))
	if len(r.Lists) != 1 || r.Lists[0].Indexed || r.Index.Current || r.Index.Ready {
		t.Fatalf("before reload: %+v", r)
	}
	if err := e.svc.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	if x := e.get("/readyz"); x.status != 200 {
		t.Fatalf("readyz after reload: %d %s", x.status, x.body)
	}
	r = decode[listsResponse](t, e.get("/api/v1/lists"))
	if !r.Lists[0].Indexed || !r.Index.Current || !r.Index.Ready || r.Index.Entities != 3 {
		t.Fatalf("after reload: %+v", r)
	}
	// A new version in the store makes the index stale until reloaded.
	next := defenceList
	next.Entities = defenceList.Entities[:2]
	next.Now = next.Now.AddDate(0, 1, 0)
	if _, _, err := e.st.ImportList(context.Background(), next); err != nil {
		t.Fatal(err)
	}
	r = decode[listsResponse](t, e.get("/api/v1/lists"))
	if r.Lists[0].Version.Number != 2 || r.Lists[0].Indexed || r.Index.Current {
		t.Fatalf("after a new import: %+v", r)
	}
	if x := e.get("/api/v1/entities/test_defence:" + nudtID); x.status != 404 {
		t.Errorf("entity removed in the active version: %d", x.status)
	}
}

// TestMetricsCount checks requests and screens are counted by route and
// code, with no label taken from client input.
func TestMetricsCount(t *testing.T) {
	e := newEnv(t, true, nil)
	e.get("/api/v1/screen?" + q("name", "Harbin Institute of Technology"))
	e.get("/api/v1/screen?" + q("name", "Northbridge Analytics Consulting Partners"))
	e.get("/api/v1/screen?limit=0")
	e.do(http.MethodPost, "/api/v1/screen", "", batchOf(3, "National University of Defense Technology"))
	e.get("/no/such/path/" + strings.Repeat("x", 50))
	e.do("BREW", "/healthz", "", nil)
	body := string(e.get("/metrics").body)
	for _, want := range []string{
		`collabcheck_http_requests_total{code="200",method="GET",route="/api/v1/screen"} 2`,
		`collabcheck_http_requests_total{code="400",method="GET",route="/api/v1/screen"} 1`,
		`collabcheck_http_requests_total{code="200",method="POST",route="/api/v1/screen"} 1`,
		`collabcheck_http_requests_total{code="404",method="GET",route="unmatched"} 1`,
		`collabcheck_http_requests_total{code="405",method="other",route="unmatched"} 1`,
		`collabcheck_screens_total{endpoint="single",result="hit"} 1`,
		`collabcheck_screens_total{endpoint="single",result="no_hit"} 1`,
		`collabcheck_screens_total{endpoint="batch",result="hit"} 3`,
		`collabcheck_http_request_duration_seconds_count{method="GET",route="/api/v1/screen"} 3`,
		`collabcheck_index_entities 5`,
	} {
		if !strings.Contains(body, want+"\n") {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(body, "/no/such/path") || strings.Contains(body, "BREW") {
		t.Error("client input leaked into metric labels")
	}
}

// TestLogsOmitQueries checks requests are logged with their id and status
// but without the screened names, which may be personal data.
func TestLogsOmitQueries(t *testing.T) {
	e := newEnv(t, true, nil)
	x := e.get("/api/v1/screen?" + q("name", "Ivan Sergeyevich Petrov", "limit", "0"))
	if x.status != 400 {
		t.Fatalf("status %d", x.status)
	}
	e.get("/api/v1/screen?" + q("name", "Ivan Sergeyevich Petrov"))
	logs := e.logBuf.String()
	if strings.Contains(logs, "Petrov") {
		t.Errorf("a screened name reached the log: %s", logs)
	}
	var entry map[string]any
	for _, line := range strings.Split(strings.TrimSpace(logs), "\n") {
		if err := json.Unmarshal([]byte(line), &entry); err != nil {
			t.Fatalf("log line is not JSON: %s", line)
		}
		if entry["request_id"] == x.resp.Header.Get("X-Request-Id") {
			break
		}
		entry = nil
	}
	if entry == nil || entry["status"] != float64(400) || entry["route"] != "/api/v1/screen" || entry["level"] != "INFO" {
		t.Errorf("no log entry for the 400 request: %v\n%s", entry, logs)
	}
}

func TestNewRequiresService(t *testing.T) {
	if _, err := New(Config{}); err == nil {
		t.Error("New without a service succeeded")
	}
	e := newEnv(t, false, nil)
	if _, err := New(Config{Service: e.svc, Registerer: e.reg}); err == nil {
		t.Error("registering the metrics twice on one registry succeeded")
	}
}

func TestHTTPServerTimeouts(t *testing.T) {
	s := HTTPServer("127.0.0.1:0", http.NotFoundHandler(), nil)
	if s.ReadHeaderTimeout <= 0 || s.ReadTimeout <= 0 || s.WriteTimeout <= 0 || s.IdleTimeout <= 0 {
		t.Errorf("server without timeouts: %+v", s)
	}
	if s.MaxHeaderBytes < match.MaxQueryBytes*4 {
		t.Errorf("MaxHeaderBytes %d cannot carry a percent-encoded name of %d bytes", s.MaxHeaderBytes, match.MaxQueryBytes)
	}
}

func TestSanitize(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"limit", "limit"},
		{"\xff", `"\xff"`},
		{strings.Repeat("é", 40), strings.Repeat("é", 32) + "…"},
	} {
		if got := sanitize(c.in); got != c.want {
			t.Errorf("sanitize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

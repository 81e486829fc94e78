package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/collabcheck/collabcheck/internal/match"
	"github.com/collabcheck/collabcheck/internal/registry"
	"github.com/collabcheck/collabcheck/internal/resolving"
	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

func affiliationsOf(n int, s string) []byte {
	a := make([]string, n)
	for i := range a {
		a[i] = s
	}
	return jsonBody(map[string]any{"affiliations": a})
}

// hasHit reports whether hits name the listed entity id, and if via is
// set, reach it through that registry parent.
func hasHit(hits []match.Match, id, via string) bool {
	for _, h := range hits {
		if h.SourceID != id {
			continue
		}
		if via == "" {
			return true
		}
		if len(h.Via) > 0 && h.Via[0].SourceID == via && h.Via[0].Relation == "parent" {
			return true
		}
	}
	return false
}

func orgIDs(r resolving.Result) []string {
	var ids []string
	for _, o := range r.Orgs {
		ids = append(ids, o.ID)
	}
	return ids
}

// checkNoRegistry checks a 503 says what to do about it.
func checkNoRegistry(t *testing.T, e *testEnv, x exchange) {
	t.Helper()
	p := decode[Problem](t, x)
	if !strings.Contains(p.Detail, "no registry imported") || p.Type != typeNotReady || x.resp.Header.Get("Retry-After") == "" {
		t.Errorf("problem %+v, Retry-After %q", p, x.resp.Header.Get("Retry-After"))
	}
}

// checkOrgView checks GET /api/v1/orgs/{id} answered the organisation id.
func checkOrgView(id string) func(t *testing.T, e *testEnv, x exchange) {
	return func(t *testing.T, e *testEnv, x exchange) {
		v := decode[resolving.OrgView](t, x)
		if v.Org.ID != id {
			t.Errorf("org %q, want %q", v.Org.ID, id)
		}
	}
}

// registryHappyCases cover the registry routes answering as documented,
// including 503 before a registry is imported ("empty") and when the
// server runs without a resolver ("noresolver").
func registryHappyCases() []apiCase {
	inputs := []string{
		"Sch Astronaut, Harbin Inst Technol, Harbin 150001, Peoples R China",
		"Harbin Radar Research Institute",
		"Wessex Inst Climate Res, Exeter, UK; 哈尔滨工业大学",
		"Grocery Store of Nowhere",
	}
	post := func(body []byte) apiCase {
		return apiCase{method: http.MethodPost, target: "/api/v1/resolve", body: body}
	}
	cases := []apiCase{
		{name: "resolve in input order", method: http.MethodPost, target: "/api/v1/resolve", ctype: "application/json; charset=utf-8",
			body: jsonBody(map[string]any{"affiliations": inputs}), status: 200,
			check: func(t *testing.T, e *testEnv, x exchange) {
				r := decode[resolveResponse](t, x)
				if len(r.Results) != len(inputs) {
					t.Fatalf("%d results, want %d", len(r.Results), len(inputs))
				}
				for i, res := range r.Results {
					if res.Input != inputs[i] || res.Orgs == nil || res.Hits == nil {
						t.Errorf("result %d: %+v", i, res)
					}
				}
				// The school is the most specific organisation; its listed
				// parent is a hit.
				if got := orgIDs(r.Results[0]); !slices.Equal(got, []string{rorSchool}) || !hasHit(r.Results[0].Hits, hitID, "") {
					t.Errorf("school: orgs %v hits %+v", got, r.Results[0].Hits)
				}
				if len(r.Results[0].Orgs[0].Explanation) == 0 {
					t.Error("school chosen without an explanation")
				}
				// A retired record resolves to its successor.
				if got := orgIDs(r.Results[1]); !slices.Equal(got, []string{rorHIT}) || r.Results[1].Orgs[0].Via != rorRetired {
					t.Errorf("retired: %+v", r.Results[1].Orgs)
				}
				// Two parties, one in Chinese script.
				if got := orgIDs(r.Results[2]); len(got) != 2 || !slices.Contains(got, rorWessex) || !slices.Contains(got, rorHIT) {
					t.Errorf("two parties: orgs %v", got)
				}
				if len(r.Results[3].Orgs) != 0 || len(r.Results[3].Hits) != 0 {
					t.Errorf("unknown organisation resolved: %+v", r.Results[3])
				}
				// Each result is exactly one line of `collabcheck resolve --json`.
				var raw struct{ Results []json.RawMessage }
				if err := json.Unmarshal(x.body, &raw); err != nil {
					t.Fatal(err)
				}
				for i, in := range inputs {
					want, err := e.res.Resolve(in)
					if err != nil {
						t.Fatal(err)
					}
					var buf bytes.Buffer
					enc := json.NewEncoder(&buf)
					enc.SetEscapeHTML(false)
					if err := enc.Encode(want); err != nil {
						t.Fatal(err)
					}
					if !bytes.Equal(bytes.TrimSpace(buf.Bytes()), raw.Results[i]) {
						t.Errorf("result %d differs from the resolve --json line:\n got %s\nwant %s", i, raw.Results[i], buf.Bytes())
					}
				}
			}},
		{name: "resolve Chinese script", method: http.MethodPost, target: "/api/v1/resolve", body: jsonBody(map[string]any{"affiliations": []string{"哈尔滨工业大学航天学院"}}), status: 200,
			check: func(t *testing.T, e *testEnv, x exchange) {
				r := decode[resolveResponse](t, x)
				if got := orgIDs(r.Results[0]); !slices.Equal(got, []string{rorSchool}) {
					t.Errorf("orgs %v", got)
				}
			}},
		{name: "resolve a batch of the maximum size", method: http.MethodPost, target: "/api/v1/resolve", body: affiliationsOf(MaxBatch, "Harbin Inst Technol"), status: 200,
			check: func(t *testing.T, e *testEnv, x exchange) {
				r := decode[resolveResponse](t, x)
				if len(r.Results) != MaxBatch || !slices.Equal(orgIDs(r.Results[MaxBatch-1]), []string{rorHIT}) {
					t.Errorf("%d results, last %+v", len(r.Results), r.Results[len(r.Results)-1])
				}
			}},

		{name: "org by ROR URL with raw slashes", target: "/api/v1/orgs/" + rorSchool, status: 200,
			check: func(t *testing.T, e *testEnv, x exchange) {
				v := decode[resolving.OrgView](t, x)
				if v.Org.ID != rorSchool || len(v.Org.Names) != 2 || v.Org.Names[1].Lang != "zh" {
					t.Errorf("org %+v", v.Org)
				}
				if len(v.Parents) != 1 || v.Parents[0].ID != rorHIT || v.Parents[0].Name != "Harbin Institute of Technology" || len(v.Children) != 0 {
					t.Errorf("parents %+v children %+v", v.Parents, v.Children)
				}
				if !hasHit(v.Hits, hitID, rorHIT) {
					t.Errorf("hits lack the listed parent: %+v", v.Hits)
				}
			}},
		{name: "org by percent-encoded ROR URL", target: "/api/v1/orgs/https%3A%2F%2Fror.org%2F02hjt4x21", status: 200,
			check: func(t *testing.T, e *testEnv, x exchange) {
				v := decode[resolving.OrgView](t, x)
				if v.Org.ID != rorHIT || v.Org.Established != 1920 || len(v.Parents) != 0 || len(v.Children) != 1 || v.Children[0].ID != rorSchool {
					t.Errorf("org %+v parents %+v children %+v", v.Org, v.Parents, v.Children)
				}
				if !hasHit(v.ListLinks, hitID, "") || !hasHit(v.Hits, hitID, "") {
					t.Errorf("list links %+v hits %+v", v.ListLinks, v.Hits)
				}
			}},
		{name: "org without the scheme", target: "/api/v1/orgs/ror.org/02hjt4x21", status: 200, check: checkOrgView(rorHIT)},
		{name: "org bare id in capitals", target: "/api/v1/orgs/02HJT4X21", status: 200, check: checkOrgView(rorHIT)},
		{name: "org URL with the double slash merged by a proxy", target: "/api/v1/orgs/https:/ror.org/02hjt4x21", status: 200, check: checkOrgView(rorHIT)},
		{name: "org retired record", target: "/api/v1/orgs/00rdr3k19", status: 200,
			check: func(t *testing.T, e *testEnv, x exchange) {
				v := decode[resolving.OrgView](t, x)
				if v.Org.Status != "inactive" || len(v.Org.Relationships) != 1 || v.Org.Relationships[0].ID != rorHIT {
					t.Errorf("org %+v", v.Org)
				}
			}},
		{name: "org unlisted", target: "/api/v1/orgs/" + rorWessex, status: 200,
			check: func(t *testing.T, e *testEnv, x exchange) {
				v := decode[resolving.OrgView](t, x)
				if v.ListLinks == nil || v.Hits == nil || len(v.ListLinks)+len(v.Hits) != 0 {
					t.Errorf("unlisted organisation: links %+v hits %+v", v.ListLinks, v.Hits)
				}
			}},
		{name: "HEAD org", method: http.MethodHead, target: "/api/v1/orgs/02hjt4x21", status: 200},

		{name: "orgs search abbreviation", target: "/api/v1/orgs?" + q("q", "Harbin Inst Technol", "limit", "2"), status: 200,
			check: func(t *testing.T, e *testEnv, x exchange) {
				r := decode[orgSearchResponse](t, x)
				if r.Query != "Harbin Inst Technol" || len(r.Results) == 0 || len(r.Results) > 2 {
					t.Fatalf("search %+v", r)
				}
				top := r.Results[0]
				if top.ID != rorHIT || top.Name != "Harbin Institute of Technology" || top.Country != "cn" || !top.Match || len(top.Explanation) == 0 {
					t.Errorf("top %+v", top)
				}
				for _, h := range r.Results {
					if h.Match != (h.Score >= match.DefaultThreshold) {
						t.Errorf("score %v reported match=%v", h.Score, h.Match)
					}
				}
			}},
		{name: "orgs search Chinese script", target: "/api/v1/orgs?" + q("q", "哈尔滨工业大学"), status: 200,
			check: func(t *testing.T, e *testEnv, x exchange) {
				r := decode[orgSearchResponse](t, x)
				if len(r.Results) == 0 || r.Results[0].ID != rorHIT || !r.Results[0].Match {
					t.Errorf("search %+v", r)
				}
			}},
		{name: "orgs search finds nothing", target: "/api/v1/orgs?" + q("q", "Grocery Store of Nowhere"), status: 200,
			check: func(t *testing.T, e *testEnv, x exchange) {
				r := decode[orgSearchResponse](t, x)
				if r.Results == nil {
					t.Fatal("results is null, want an array")
				}
				for _, h := range r.Results {
					if h.Match {
						t.Errorf("unknown name matched %+v", h)
					}
				}
			}},
	}
	for _, env := range []string{"empty", "noresolver"} {
		r := post(affiliationsOf(2, "Harbin Inst Technol"))
		r.name, r.env, r.status, r.field, r.check = "resolve with "+env, env, 503, "-", checkNoRegistry
		cases = append(cases,
			r,
			apiCase{name: "org with " + env, env: env, target: "/api/v1/orgs/02hjt4x21", status: 503, field: "-", check: checkNoRegistry},
			apiCase{name: "orgs search with " + env, env: env, target: "/api/v1/orgs?q=HIT", status: 503, field: "-", check: checkNoRegistry},
			apiCase{name: "bad affiliation wins over no registry with " + env, env: env, method: http.MethodPost, target: "/api/v1/resolve", body: []byte(`{"affiliations": [""]}`), status: 400, field: "#/affiliations/0"},
			apiCase{name: "malformed id wins over no registry with " + env, env: env, target: "/api/v1/orgs/not-an-id", status: 400, field: "id"},
			apiCase{name: "empty query wins over no registry with " + env, env: env, target: "/api/v1/orgs?q=", status: 400, field: "q"},
		)
	}
	return cases
}

// registryBadCases must each answer the given 4xx with a problem naming
// field.
func registryBadCases() []apiCase {
	long := strings.Repeat("a", match.MaxQueryBytes+1)
	post := func(name, body, field string) apiCase {
		return apiCase{name: "resolve: " + name, method: http.MethodPost, target: "/api/v1/resolve", body: []byte(body), status: 400, field: field}
	}
	return []apiCase{
		post("malformed JSON", `{"affiliations": [`, "#"),
		post("empty body", ``, "#"),
		post("array body", `["Harbin Inst Technol"]`, "#"),
		post("trailing data", `{"affiliations": ["HIT"]} []`, "#"),
		post("unknown field", `{"affiliations": ["HIT"], "limit": 3}`, "#/limit"),
		post("affiliations missing", `{}`, "#/affiliations"),
		post("affiliations null", `{"affiliations": null}`, "#/affiliations"),
		post("affiliations empty", `{"affiliations": []}`, "#/affiliations"),
		post("affiliations not an array", `{"affiliations": "HIT"}`, "#/affiliations"),
		post("affiliation of the wrong type", `{"affiliations": ["HIT", 5]}`, "#/affiliations/1"),
		post("affiliation as an object", `{"affiliations": [{"name": "HIT"}]}`, "#/affiliations/0"),
		post("empty affiliation", `{"affiliations": ["HIT", ""]}`, "#/affiliations/1"),
		post("blank affiliation", `{"affiliations": [" \t "]}`, "#/affiliations/0"),
		post("punctuation-only affiliation", `{"affiliations": [",;,"]}`, "#/affiliations/0"),
		post("affiliation too long", `{"affiliations": ["`+long+`"]}`, "#/affiliations/0"),
		post("affiliation escaped to invalid UTF-16", `{"affiliations": ["\ud800"]}`, "#/affiliations/0"),
		{name: "resolve: invalid UTF-8", method: http.MethodPost, target: "/api/v1/resolve", body: []byte("{\"affiliations\": [\"Harbin\xff\"]}"), status: 400, field: "#"},
		{name: "resolve: over 1000 affiliations", method: http.MethodPost, target: "/api/v1/resolve", body: affiliationsOf(MaxBatch+1, "HIT"), status: 400, field: "#/affiliations"},
		{name: "resolve: query parameter", method: http.MethodPost, target: "/api/v1/resolve?limit=3", body: affiliationsOf(1, "HIT"), status: 400, field: "limit"},
		{name: "resolve: body over the limit", method: http.MethodPost, target: "/api/v1/resolve", body: affiliationsOf(MaxBatch, strings.Repeat("x", 6000)), status: 413, field: "#"},
		{name: "resolve: chunked body over the limit", method: http.MethodPost, target: "/api/v1/resolve", body: affiliationsOf(MaxBatch, strings.Repeat("x", 6000)), chunked: true, status: 413, field: "#"},
		{name: "resolve: body not JSON", method: http.MethodPost, target: "/api/v1/resolve", ctype: "text/plain", body: []byte("Harbin Inst Technol"), status: 415, field: "Content-Type"},
		{name: "resolve: GET", target: "/api/v1/resolve", status: 405},

		{name: "org: malformed id", target: "/api/v1/orgs/not-a-ror-id", status: 400, field: "id"},
		{name: "org: id with a letter ROR never uses", target: "/api/v1/orgs/02hit4x21", status: 400, field: "id"},
		{name: "org: id on another host", target: "/api/v1/orgs/https://example.org/02hjt4x21", status: 400, field: "id"},
		{name: "org: id too short", target: "/api/v1/orgs/02hjt4x2", status: 400, field: "id"},
		{name: "org: empty id", target: "/api/v1/orgs/", status: 400, field: "id"},
		{name: "org: invalid UTF-8 id", target: "/api/v1/orgs/02hjt4x2%FF", status: 400, field: "id"},
		{name: "org: 100 kB id", target: "/api/v1/orgs/" + strings.Repeat("0", 100<<10), status: 400, field: "id"},
		{name: "org: unknown id", target: "/api/v1/orgs/" + rorUnknown, status: 404, field: "id"},
		{name: "org: query parameter", target: "/api/v1/orgs/02hjt4x21?full=1", status: 400, field: "full"},
		{name: "org: DELETE", method: http.MethodDelete, target: "/api/v1/orgs/02hjt4x21", status: 405},

		{name: "orgs: q missing", target: "/api/v1/orgs", status: 400, field: "q"},
		{name: "orgs: q empty", target: "/api/v1/orgs?q=", status: 400, field: "q"},
		{name: "orgs: q punctuation only", target: "/api/v1/orgs?q=%2C%3B", status: 400, field: "q"},
		{name: "orgs: q invalid UTF-8", target: "/api/v1/orgs?q=Harbin%FF", status: 400, field: "q"},
		{name: "orgs: q too long", target: "/api/v1/orgs?" + q("q", long), status: 400, field: "q"},
		{name: "orgs: q given twice", target: "/api/v1/orgs?q=a&q=b", status: 400, field: "q"},
		{name: "orgs: limit zero", target: "/api/v1/orgs?q=HIT&limit=0", status: 400, field: "limit"},
		{name: "orgs: limit over 100", target: "/api/v1/orgs?q=HIT&limit=101", status: 400, field: "limit"},
		{name: "orgs: unknown parameter", target: "/api/v1/orgs?name=HIT", status: 400, field: "name"},
		{name: "orgs: POST", method: http.MethodPost, target: "/api/v1/orgs", body: []byte(`{}`), status: 405},
	}
}

// TestTailSlashesKept checks an id with a double slash reaches the
// handler as written, instead of being redirected to a cleaned path that
// names something else, for every route ending in a wildcard.
func TestTailSlashesKept(t *testing.T) {
	e := newEnv(t, true, nil)
	for _, target := range []string{"/api/v1/orgs/https://ror.org/02hjt4x21", "/api/v1/entities/test_defence:a//b"} {
		x := e.get(target)
		if x.status/100 == 3 {
			t.Errorf("%s redirected to %s", target, x.resp.Header.Get("Location"))
		}
	}
	x := e.get("/api/v1/entities/test_defence:a//b")
	p := decode[Problem](t, x)
	if x.status != 404 || !strings.Contains(p.Detail, `"a//b"`) {
		t.Errorf("entity id with // answered %d %s", x.status, x.body)
	}
}

// A string that names a record the resolver replaces (a retired record by
// its successor, a university's medical school by the university) has the
// list hits of the record it named as well as the chosen organisation's.
func TestHitsOfRecordNamed(t *testing.T) {
	const (
		uni     = "https://ror.org/04sms0a11"
		school  = "https://ror.org/04sms0m22"
		retired = "https://ror.org/04sms0r33"
	)
	e := newEnv(t, false, nil)
	e.load(store.ListImport{
		List: "test:watch", Format: "ftm", Source: "fixture", Now: time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC),
		Entities: []watchlist.Entity{
			{SourceID: "w-1", Kind: watchlist.KindOrganization, Countries: []string{"us"},
				Names: []watchlist.Name{{Value: "Southmere State University School of Medicine", Kind: watchlist.NamePrimary}}},
			{SourceID: "w-2", Kind: watchlist.KindOrganization, Countries: []string{"us"},
				Names: []watchlist.Name{{Value: "Southmere Propulsion Works", Kind: watchlist.NamePrimary}}},
		},
	})
	named := func(id, status, name string, rel ...registry.Relationship) registry.Org {
		return registry.Org{ID: id, Country: "us", City: "Southmere", Types: []string{"education"}, Status: status, Relationships: rel,
			Names: []registry.Name{{Value: name, Types: []string{registry.NameDisplay, registry.NameLabel}, Lang: "en"}}}
	}
	e.loadRegistry([]registry.Org{
		named(uni, registry.StatusActive, "Southmere State University",
			registry.Relationship{Type: registry.RelChild, ID: school}, registry.Relationship{Type: registry.RelPredecessor, ID: retired}),
		named(school, registry.StatusActive, "Southmere State University School of Medicine", registry.Relationship{Type: registry.RelParent, ID: uni}),
		named(retired, registry.StatusInactive, "Southmere Propulsion Works", registry.Relationship{Type: registry.RelSuccessor, ID: uni}),
	})
	for _, c := range []struct{ input, via, hit string }{
		{"Department of Surgery, Southmere State University School of Medicine", school, "w-1"},
		{"Southmere Propulsion Works", retired, "w-2"},
	} {
		r, err := e.res.Resolve(c.input)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Orgs) != 1 || r.Orgs[0].ID != uni || r.Orgs[0].Via != c.via || !hasHit(r.Hits, c.hit, "") {
			t.Errorf("%q: orgs %+v hits %+v, want the university via %s with hit %s", c.input, r.Orgs, r.Hits, c.via, c.hit)
		}
	}
}

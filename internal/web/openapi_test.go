package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// openAPIDoc is the parts of the OpenAPI document the tests read.
type openAPIDoc struct {
	OpenAPI    string                                 `json:"openapi"`
	Paths      map[string]map[string]openAPIOperation `json:"paths"`
	Components struct {
		Parameters map[string]openAPIParameter `json:"parameters"`
		Responses  map[string]openAPIResponse  `json:"responses"`
	} `json:"components"`
}

type openAPIOperation struct {
	OperationID string                     `json:"operationId"`
	Parameters  []openAPIParameter         `json:"parameters"`
	Responses   map[string]openAPIResponse `json:"responses"`
	RequestBody *openAPIRequestBody        `json:"requestBody"`
	Security    *[]map[string][]string     `json:"security"`
}

type openAPIRequestBody struct {
	Content map[string]json.RawMessage `json:"content"`
}

type openAPIParameter struct {
	Ref  string `json:"$ref"`
	Name string `json:"name"`
	In   string `json:"in"`
}

type openAPIResponse struct {
	Ref     string                     `json:"$ref"`
	Content map[string]json.RawMessage `json:"content"`
}

func loadOpenAPI(t *testing.T) openAPIDoc {
	t.Helper()
	var d openAPIDoc
	dec := json.NewDecoder(bytes.NewReader(openapiJSON))
	if err := dec.Decode(&d); err != nil {
		t.Fatalf("openapi.json is not valid JSON: %v", err)
	}
	return d
}

// docPath turns a ServeMux path pattern into an OpenAPI path template.
func docPath(muxPath string) string { return strings.ReplaceAll(muxPath, "...}", "}") }

var pathParamRE = regexp.MustCompile(`\{([a-zA-Z_]+)(\.\.\.)?\}`)

// params resolves an operation's parameters, following $refs.
func (d openAPIDoc) params(t *testing.T, op openAPIOperation) (query, path []string) {
	t.Helper()
	for _, p := range op.Parameters {
		if p.Ref != "" {
			name := strings.TrimPrefix(p.Ref, "#/components/parameters/")
			var ok bool
			if p, ok = d.Components.Parameters[name]; !ok {
				t.Fatalf("operation %s refers to undefined parameter %s", op.OperationID, name)
			}
		}
		switch p.In {
		case "query":
			query = append(query, p.Name)
		case "path":
			path = append(path, p.Name)
		default:
			t.Errorf("operation %s: parameter %s in %q is not something the API reads", op.OperationID, p.Name, p.In)
		}
	}
	sort.Strings(query)
	sort.Strings(path)
	return query, path
}

// TestOpenAPIMatchesRoutes checks the document declares OpenAPI 3.1, and
// that its operations and their parameters are exactly the route table's.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	d := loadOpenAPI(t)
	if !regexp.MustCompile(`^3\.1\.\d+$`).MatchString(d.OpenAPI) {
		t.Fatalf("openapi = %q, want 3.1.x", d.OpenAPI)
	}
	env := newEnv(t, false, nil)
	inTable := map[string]bool{}
	apiRoutes := 0
	for _, rt := range env.api.routes {
		if rt.Page {
			continue // the HTML pages are not part of the API
		}
		apiRoutes++
		p, m := docPath(rt.Path), strings.ToLower(rt.Method)
		inTable[m+" "+p] = true
		op, ok := d.Paths[p][m]
		if !ok {
			t.Errorf("route %s %s is not in the OpenAPI document", rt.Method, rt.Path)
			continue
		}
		if op.OperationID == "" {
			t.Errorf("%s %s has no operationId", m, p)
		}
		q, path := d.params(t, op)
		want := slices.Clone(rt.Params)
		sort.Strings(want)
		if !rt.Strict && len(q) > 0 {
			t.Errorf("%s %s documents query parameters %v but the route ignores the query", m, p, q)
		}
		if rt.Strict && !slices.Equal(q, want) {
			t.Errorf("%s %s: documented query parameters %v, route accepts %v", m, p, q, want)
		}
		var wantPath []string
		for _, mm := range pathParamRE.FindAllStringSubmatch(rt.Path, -1) {
			wantPath = append(wantPath, mm[1])
		}
		sort.Strings(wantPath)
		if !slices.Equal(path, wantPath) {
			t.Errorf("%s %s: documented path parameters %v, pattern has %v", m, p, path, wantPath)
		}
		success := false
		for code := range op.Responses {
			success = success || (len(code) == 3 && code[0] == '2')
		}
		if !success {
			t.Errorf("%s %s documents no 2xx response", m, p)
		}
		// The security requirement says what the access rule is: none for
		// public routes, bearer or cookie otherwise (a reference route
		// lists the anonymous {} too, since it is open unless private).
		switch {
		case op.Security == nil:
			t.Errorf("%s %s does not state its security requirement", m, p)
		case rt.Access == public && len(*op.Security) != 0:
			t.Errorf("%s %s is public but documents security %v", m, p, *op.Security)
		case rt.Access != public && !slices.ContainsFunc(*op.Security, func(r map[string][]string) bool { _, ok := r["bearer"]; return ok }):
			t.Errorf("%s %s needs credentials but documents security %v", m, p, *op.Security)
		}
		if rt.Access == signedIn {
			if _, ok := op.Responses["401"]; !ok {
				t.Errorf("%s %s needs sign-in but documents no 401", m, p)
			}
		}
		if rt.Perm != "" || rt.Operator {
			if _, ok := op.Responses["403"]; !ok {
				t.Errorf("%s %s needs a permission but documents no 403", m, p)
			}
		}
		bodiless := strings.HasSuffix(rt.Path, "/submit") || strings.HasSuffix(rt.Path, "/review") ||
			strings.HasSuffix(rt.Path, "/close") || strings.HasSuffix(rt.Path, "/reassess")
		if (rt.Method == http.MethodPost || rt.Method == http.MethodPut) && op.RequestBody == nil && !bodiless {
			t.Errorf("%s %s documents no request body", m, p)
		}
		if _, ok := op.Responses["default"]; !ok {
			t.Errorf("%s %s documents no default (unexpected failure) response", m, p)
		}
	}
	for p, ops := range d.Paths {
		for m := range ops {
			if !inTable[m+" "+p] {
				t.Errorf("the OpenAPI document describes %s %s, which no route serves", strings.ToUpper(m), p)
			}
		}
	}
	if len(inTable) != apiRoutes {
		t.Errorf("route table has duplicate entries: %d routes, %d distinct", apiRoutes, len(inTable))
	}
}

// schemaChecker validates response bodies against the schemas the
// OpenAPI document gives for them.
type schemaChecker struct {
	doc      openAPIDoc
	compiler *jsonschema.Compiler
	mu       sync.Mutex
	cache    map[string]*jsonschema.Schema
}

func newSchemaChecker(t *testing.T) *schemaChecker {
	t.Helper()
	raw, err := jsonschema.UnmarshalJSON(bytes.NewReader(openapiJSON))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	if err := c.AddResource("mem://openapi.json", raw); err != nil {
		t.Fatal(err)
	}
	return &schemaChecker{doc: loadOpenAPI(t), compiler: c, cache: map[string]*jsonschema.Schema{}}
}

func pointerEscape(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// responseSchema finds where the document describes the answer to an
// operation with a status and media type, as a JSON pointer, and whether
// the status is documented explicitly (not just as default).
func (c *schemaChecker) responseSchema(path, method string, status int, mediaType string) (ptr string, explicit bool, err error) {
	op, ok := c.doc.Paths[path][method]
	if !ok {
		return "", false, fmt.Errorf("no operation %s %s", method, path)
	}
	code := strconv.Itoa(status)
	resp, ok := op.Responses[code]
	explicit = ok
	if !ok {
		code = "default"
		resp = op.Responses[code]
	}
	base := "#/paths/" + pointerEscape(path) + "/" + method + "/responses/" + code
	if resp.Ref != "" {
		name := strings.TrimPrefix(resp.Ref, "#/components/responses/")
		resp = c.doc.Components.Responses[name]
		base = "#/components/responses/" + pointerEscape(name)
	}
	if _, ok := resp.Content[mediaType]; !ok {
		var have []string
		for k := range resp.Content {
			have = append(have, k)
		}
		return "", explicit, fmt.Errorf("%s %s %s is documented as %v, answered %s", method, path, code, have, mediaType)
	}
	return base + "/content/" + pointerEscape(mediaType) + "/schema", explicit, nil
}

// requestSchema finds where the document describes an operation's
// request body in a media type, as a JSON pointer.
func (c *schemaChecker) requestSchema(path, method, mediaType string) (string, error) {
	op, ok := c.doc.Paths[path][method]
	if !ok {
		return "", fmt.Errorf("no operation %s %s", method, path)
	}
	if op.RequestBody == nil {
		return "", fmt.Errorf("%s %s documents no request body", method, path)
	}
	if _, ok := op.RequestBody.Content[mediaType]; !ok {
		return "", fmt.Errorf("%s %s documents no %s request body", method, path, mediaType)
	}
	return "#/paths/" + pointerEscape(path) + "/" + method + "/requestBody/content/" + pointerEscape(mediaType) + "/schema", nil
}

// validate checks body against the schema at ptr.
func (c *schemaChecker) validate(ptr string, body []byte) error {
	c.mu.Lock()
	s, ok := c.cache[ptr]
	if !ok {
		var err error
		s, err = c.compiler.Compile("mem://openapi.json" + ptr)
		if err != nil {
			c.mu.Unlock()
			return fmt.Errorf("compile schema %s: %w", ptr, err)
		}
		c.cache[ptr] = s
	}
	c.mu.Unlock()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("body is not JSON: %w", err)
	}
	return s.Validate(inst)
}

// documentedStatuses lists every numeric status each operation documents,
// keyed by "get /path".
func (d openAPIDoc) documentedStatuses() map[string][]int {
	out := map[string][]int{}
	for p, ops := range d.Paths {
		for m, op := range ops {
			for code := range op.Responses {
				if n, err := strconv.Atoi(code); err == nil {
					out[m+" "+p] = append(out[m+" "+p], n)
				}
			}
		}
	}
	return out
}

func TestSchemaCheckerRejectsWrongShapes(t *testing.T) {
	// The conformance test relies on the checker; make sure it can fail.
	c := newSchemaChecker(t)
	ptr, _, err := c.responseSchema("/api/v1/screen", "get", http.StatusOK, "application/json")
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{
		`{"query": "x"}`,
		`{"query": "x", "matches": [], "extra": 1}`,
		`{"query": "x", "matches": [{"list": "l"}]}`,
	} {
		if err := c.validate(ptr, []byte(bad)); err == nil {
			t.Errorf("schema accepted %s", bad)
		}
	}
	if err := c.validate(ptr, []byte(`{"query": "x", "matches": []}`)); err != nil {
		t.Errorf("schema rejected a valid result: %v", err)
	}
	if _, _, err := c.responseSchema("/api/v1/screen", "get", http.StatusBadRequest, "application/json"); err == nil {
		t.Error("a problem answered as application/json was not caught")
	}
}

package web

import (
	"bytes"
	"fmt"
	"net/http"
	"runtime/debug"
	"strconv"
	"sync"
	"unicode/utf8"

	gojson "github.com/goccy/go-json"
)

// Problem types. They are URNs: stable identifiers a client can switch on,
// each described in the OpenAPI document's Problem schema.
const (
	typeInvalid          = "urn:collabcheck:problem:invalid-request"
	typeNotFound         = "urn:collabcheck:problem:not-found"
	typeMethodNotAllowed = "urn:collabcheck:problem:method-not-allowed"
	typeTooLarge         = "urn:collabcheck:problem:body-too-large"
	typeMediaType        = "urn:collabcheck:problem:unsupported-media-type"
	typeNotReady         = "urn:collabcheck:problem:not-ready"
	typeInternal         = "urn:collabcheck:problem:internal"
	typeUnauthenticated  = "urn:collabcheck:problem:unauthenticated"
	typeForbidden        = "urn:collabcheck:problem:forbidden"
	typeCrossOrigin      = "urn:collabcheck:problem:cross-origin"
	typeConflict         = "urn:collabcheck:problem:conflict"
	typeNoCasework       = "urn:collabcheck:problem:no-casework"
	typeTooManyAttempts  = "urn:collabcheck:problem:too-many-attempts"
)

// Problem is an RFC 9457 problem document, the body of every error
// response. Errors names each parameter or field at fault, so a client can
// point its user at it.
type Problem struct {
	Type      string       `json:"type"`
	Title     string       `json:"title"`
	Status    int          `json:"status"`
	Detail    string       `json:"detail,omitempty"`
	Instance  string       `json:"instance,omitempty"`
	RequestID string       `json:"request_id,omitempty"`
	Errors    []FieldError `json:"errors,omitempty"`
}

// FieldError is one fault in a request. At most one of Parameter (a query
// or path parameter), Pointer (an RFC 6901 JSON pointer into the request
// body, as a URI fragment "#/names/3/name") or Header is set; none is set
// only when the whole query string is malformed. Line is the 1-based line
// of the body the fault is on, when the body is a proposal or policy
// document (JSON or YAML) whose lines an author edits.
type FieldError struct {
	Detail    string `json:"detail"`
	Parameter string `json:"parameter,omitempty"`
	Pointer   string `json:"pointer,omitempty"`
	Header    string `json:"header,omitempty"`
	Line      int    `json:"line,omitempty"`
}

// Error makes *Problem an error, so handlers can return it.
func (p *Problem) Error() string {
	return fmt.Sprintf("%d %s: %s", p.Status, p.Title, p.Detail)
}

// badRequest returns a 400 problem listing errs, with a detail summing
// them up.
func badRequest(errs ...FieldError) *Problem {
	detail := "the request is invalid"
	if len(errs) == 1 {
		detail = errs[0].Detail
	} else if len(errs) > 1 {
		detail = strconv.Itoa(len(errs)) + " problems with the request; see errors"
	}
	return &Problem{Type: typeInvalid, Status: http.StatusBadRequest, Detail: detail, Errors: errs}
}

// paramError names a bad query or path parameter.
func paramError(name, format string, args ...any) FieldError {
	return FieldError{Parameter: name, Detail: fmt.Sprintf("parameter %q: ", name) + fmt.Sprintf(format, args...)}
}

// bodyError names a bad part of the JSON body by its pointer, which starts
// with "#".
func bodyError(pointer, format string, args ...any) FieldError {
	return FieldError{Pointer: pointer, Detail: fmt.Sprintf("body %s: ", pointer) + fmt.Sprintf(format, args...)}
}

// writeProblem writes p as application/problem+json, filling in the title,
// instance and request id.
func (s *server) writeProblem(w http.ResponseWriter, r *http.Request, p *Problem) {
	if p.Title == "" {
		p.Title = http.StatusText(p.Status)
	}
	if p.Instance == "" {
		p.Instance = r.URL.EscapedPath()
	}
	p.RequestID = w.Header().Get("X-Request-Id")
	if p.Status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "10")
	}
	writeBody(w, p.Status, "application/problem+json", p)
}

// writeJSON writes v as application/json with the given status.
func (s *server) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	writeBody(w, status, "application/json", v)
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// writeBody encodes v in full before writing, so that an encoding failure
// can still be answered with a clean 500 instead of half a document.
//
// It encodes with github.com/goccy/go-json, which writes the same bytes as
// encoding/json (TestEncodingMatchesStdlib holds it to that, so a GET
// screen stays exactly one line of `screen --json`) in a fraction of the
// time; at thousands of screens per second the standard encoder was a
// tenth of the server's CPU.
func writeBody(w http.ResponseWriter, status int, contentType string, v any) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= 1<<20 {
			bufPool.Put(buf)
		}
	}()
	enc := gojson.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// Only non-finite numbers can get here; it is the server's fault.
		panic(fmt.Sprintf("encode %T response: %v", v, err))
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// sanitize makes client-given text safe to echo in a detail or a log line:
// valid UTF-8, and at most 64 bytes.
func sanitize(s string) string {
	const max = 64
	if !utf8.ValidString(s) {
		s = fmt.Sprintf("%q", s)
	}
	if len(s) > max {
		cut := max
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

func stack() string { return string(debug.Stack()) }

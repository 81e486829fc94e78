// Package strictdoc decodes YAML or JSON documents written by people
// (proposals, policies, questionnaires, answer sets, deals) onto Go values
// by their json tags, strictly: unknown fields, wrong kinds of value,
// aliases, duplicate keys and invalid enumerated values are problems, each
// with its path and line, and decoding goes on after each one so an author
// sees them all at once. It is pure (no I/O) so the core packages can use it.
package strictdoc

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Problem is one thing wrong with a document: where it is (a path such as
// "partners[1].country" and its 1-based line) and what.
type Problem struct {
	Path string `json:"path,omitempty"`
	Line int    `json:"line,omitempty"`
	Msg  string `json:"message"`
}

func (p Problem) String() string {
	var b strings.Builder
	if p.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", p.Line)
	}
	if p.Path != "" {
		b.WriteString(p.Path)
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// ParseError lists every problem found in one file, so an author fixes them
// all in one pass instead of one per run.
type ParseError struct {
	File     string    `json:"file"`
	Problems []Problem `json:"problems"`
	// More counts problems beyond MaxProblems that were found but not
	// kept, so a hostile file cannot make the report unbounded.
	More int `json:"more,omitempty"`
}

// MaxProblems is how many problems one ParseError keeps. A real file has a
// handful; a file with thousands is the wrong file, and listing the first
// hundred says so.
const MaxProblems = 100

func (e *ParseError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d problem", e.File, len(e.Problems))
	if len(e.Problems) != 1 {
		b.WriteString("s")
	}
	if e.More > 0 {
		fmt.Fprintf(&b, " (%d more not shown)", e.More)
	}
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

// Checker is implemented by enumerated types, so the Decoder reports an
// invalid value with its path and line.
type Checker interface{ Check() error }

// Decoder maps a YAML node tree onto Go values by their json tags. It is
// strict: unknown fields, wrong kinds of value, aliases and duplicate keys
// are problems, and it goes on after each one so all are reported.
type Decoder struct {
	probs []Problem
	more  int // problems found beyond MaxProblems
	lines map[string]int
	// Noun names a struct's fields in "unknown X" messages ("fact" for
	// policy conditions); the default is "field".
	Noun map[reflect.Type]string
}

// NewDecoder returns an empty Decoder.
func NewDecoder() *Decoder { return &Decoder{lines: map[string]int{}, Noun: map[reflect.Type]string{}} }

// Addf records a problem at path and line.
func (d *Decoder) Addf(path string, line int, format string, args ...any) {
	if len(d.probs) >= MaxProblems {
		d.more++
		return
	}
	d.probs = append(d.probs, Problem{Path: path, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// ProblemAt records a problem found after decoding, taking the line from
// the path or its nearest ancestor that has one.
func (d *Decoder) ProblemAt(path, format string, args ...any) {
	if len(d.probs) >= MaxProblems {
		d.more++
		return
	}
	for _, p := range d.probs {
		if p.Path == "" || path == "" {
			continue
		}
		if p.Path == path || strings.HasPrefix(path, p.Path+".") || strings.HasPrefix(path, p.Path+"[") {
			return // the Decoder already reported this value
		}
	}
	d.Addf(path, d.LineOf(path), format, args...)
}

// Parse reads data (JSON when LooksLikeJSON says so, else YAML; at most
// maxBytes) and decodes it into the value v points to. Syntax problems
// come back at once as a *ParseError naming file; decoding problems are
// recorded in d, so the caller can add its own checks and then call Err.
func (d *Decoder) Parse(file string, data []byte, maxBytes int, v any) error {
	root, probs := ParseNode(data, maxBytes, LooksLikeJSON(file, data))
	if probs != nil {
		return &ParseError{File: file, Problems: probs}
	}
	d.Decode(root, reflect.ValueOf(v).Elem(), "")
	return nil
}

// Problems returns the problems recorded so far.
func (d *Decoder) Problems() []Problem { return d.probs }

// Failed reports whether any problem was found.
func (d *Decoder) Failed() bool { return len(d.probs) > 0 }

// Err returns the problems as a *ParseError for file, or nil.
func (d *Decoder) Err(file string) error {
	if !d.Failed() {
		return nil
	}
	return &ParseError{File: file, Problems: d.probs, More: d.more}
}

// LineOf returns the line of path, or of its nearest ancestor that has one.
func (d *Decoder) LineOf(path string) int {
	for p := path; ; {
		if l, ok := d.lines[p]; ok {
			return l
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			return d.lines[""]
		}
		p = p[:i]
	}
}

// Join appends a field name to a path ("partners[1]" + "name").
func Join(path, field string) string {
	if path == "" {
		return field
	}
	return path + "." + field
}

// jsonFields maps a struct's json names to field indexes.
func jsonFields(t reflect.Type) (map[string]int, []string) {
	m := map[string]int{}
	var names []string
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		m[name] = i
		names = append(names, name)
	}
	sort.Strings(names)
	return m, names
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return "null"
		case "!!int", "!!float":
			return "a number"
		case "!!bool":
			return "a boolean"
		}
		return "a string"
	}
	return "something else"
}

var checkerType = reflect.TypeFor[Checker]()

// Decode fills v from n, recording problems under path.
func (d *Decoder) Decode(n *yaml.Node, v reflect.Value, path string) {
	d.lines[path] = n.Line
	if n.Kind == yaml.AliasNode {
		d.Addf(path, n.Line, "YAML aliases (*name) are not allowed; write the value out")
		return
	}
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return // absent: leave the zero value
	}
	switch v.Kind() {
	case reflect.Pointer:
		nv := reflect.New(v.Type().Elem())
		before := len(d.probs)
		d.Decode(n, nv.Elem(), path)
		if len(d.probs) == before {
			v.Set(nv)
		}
		return
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			d.Addf(path, n.Line, "want a mapping, got %s", kindName(n))
			return
		}
		fields, names := jsonFields(v.Type())
		seen := map[string]int{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				d.Addf(path, k.Line, "a key must be a plain string, got %s", kindName(k))
				continue
			}
			if prev, dup := seen[k.Value]; dup {
				d.Addf(Join(path, k.Value), k.Line, "duplicate key (first at line %d)", prev)
				continue
			}
			seen[k.Value] = k.Line
			idx, ok := fields[k.Value]
			if !ok {
				Noun := d.Noun[v.Type()]
				if Noun == "" {
					Noun = "field"
				}
				d.Addf(Join(path, k.Value), k.Line, "unknown %s %q (known: %s)", Noun, k.Value, strings.Join(names, ", "))
				continue
			}
			d.Decode(val, v.Field(idx), Join(path, k.Value))
		}
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			d.Addf(path, n.Line, "want a mapping, got %s", kindName(n))
			return
		}
		if v.Type().Key().Kind() != reflect.String {
			d.Addf(path, n.Line, "internal: cannot decode into %s", v.Type())
			return
		}
		m := reflect.MakeMapWithSize(v.Type(), len(n.Content)/2)
		seen := map[string]int{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				d.Addf(path, k.Line, "a key must be a plain string, got %s", kindName(k))
				continue
			}
			if prev, dup := seen[k.Value]; dup {
				d.Addf(Join(path, k.Value), k.Line, "duplicate key (first at line %d)", prev)
				continue
			}
			seen[k.Value] = k.Line
			ev := reflect.New(v.Type().Elem()).Elem()
			d.Decode(val, ev, Join(path, k.Value))
			m.SetMapIndex(reflect.ValueOf(k.Value).Convert(v.Type().Key()), ev)
		}
		v.Set(m)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.Addf(path, n.Line, "want a list, got %s", kindName(n))
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, c := range n.Content {
			d.Decode(c, s.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
		v.Set(s)
	case reflect.String:
		if n.Kind != yaml.ScalarNode || (n.ShortTag() != "!!str" && n.ShortTag() != "!!timestamp") {
			d.Addf(path, n.Line, "want a string, got %s (quote it if it is meant as text)", kindName(n))
			return
		}
		v.SetString(n.Value)
	case reflect.Int, reflect.Int64, reflect.Int32:
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" {
			d.Addf(path, n.Line, "want a whole number, got %s", kindName(n))
			return
		}
		i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64)
		if err != nil || v.OverflowInt(i) {
			d.Addf(path, n.Line, "number %q out of range", n.Value)
			return
		}
		v.SetInt(i)
	case reflect.Float64:
		tag := n.ShortTag()
		if n.Kind != yaml.ScalarNode || (tag != "!!int" && tag != "!!float") {
			d.Addf(path, n.Line, "want a number, got %s", kindName(n))
			return
		}
		var f float64
		if err := n.Decode(&f); err != nil {
			d.Addf(path, n.Line, "invalid number %q", n.Value)
			return
		}
		v.SetFloat(f)
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" {
			d.Addf(path, n.Line, "want true or false, got %s", kindName(n))
			return
		}
		var b bool
		_ = n.Decode(&b)
		v.SetBool(b)
	default:
		d.Addf(path, n.Line, "internal: cannot decode into %s", v.Type())
		return
	}
	if v.Type().Implements(checkerType) {
		if err := v.Interface().(Checker).Check(); err != nil {
			d.Addf(path, n.Line, "%v", err)
		}
	}
}

// ParseNode turns the bytes of a YAML or JSON document into a node tree,
// or into problems naming the line. JSON is read with encoding/json (so
// tabs and every JSON escape work), YAML with yaml.v3; both yield the same
// tree so one strict Decoder serves both.
func ParseNode(data []byte, maxBytes int, isJSON bool) (*yaml.Node, []Problem) {
	if len(data) > maxBytes {
		return nil, []Problem{{Msg: fmt.Sprintf("file is %d bytes, larger than the limit of %d", len(data), maxBytes)}}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, []Problem{{Msg: "file is empty"}}
	}
	if !utf8.Valid(data) {
		off := firstInvalidUTF8(data)
		return nil, []Problem{{Line: lineAt(data, off), Msg: fmt.Sprintf("invalid UTF-8 at byte %d", off)}}
	}
	var root *yaml.Node
	if isJSON {
		n, err := jsonNode(data)
		if err != nil {
			return nil, []Problem{jsonProblem(data, err)}
		}
		root = n
	} else {
		n, probs := yamlNode(data)
		if probs != nil {
			return nil, probs
		}
		root = n
	}
	if root.Kind != yaml.MappingNode {
		return nil, []Problem{{Line: max(root.Line, 1), Msg: fmt.Sprintf("want a mapping of fields at the top level, got %s", kindName(root))}}
	}
	return root, nil
}

// yamlNode parses exactly one YAML document.
func yamlNode(data []byte) (*yaml.Node, []Problem) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		return nil, []Problem{yamlProblem(err)}
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, []Problem{{Line: extra.Line, Msg: "more than one YAML document; put one document per file"}}
	} else if !errors.Is(err, io.EOF) {
		return nil, []Problem{yamlProblem(err)}
	}
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		return doc.Content[0], nil
	}
	return &doc, nil
}

// LooksLikeJSON says whether a file is JSON: by its extension, else by its
// first non-space byte.
func LooksLikeJSON(name string, data []byte) bool {
	lower := strings.ToLower(name)
	if strings.HasSuffix(lower, ".json") {
		return true
	}
	if strings.HasSuffix(lower, ".yaml") || strings.HasSuffix(lower, ".yml") {
		return false
	}
	t := bytes.TrimLeft(data, " \t\r\n\ufeff")
	return len(t) > 0 && (t[0] == '{' || t[0] == '[')
}

// yamlProblem turns a yaml.v3 syntax error into a problem, moving its
// "line N:" into the Line field.
func yamlProblem(err error) Problem {
	line := yamlErrorLine(err)
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.TrimPrefix(msg, fmt.Sprintf("line %d: ", line))
	return Problem{Line: line, Msg: "YAML syntax: " + msg}
}

func yamlErrorLine(err error) int {
	msg := err.Error()
	if i := strings.Index(msg, "line "); i >= 0 {
		rest := msg[i+5:]
		j := 0
		for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
			j++
		}
		if n, err := strconv.Atoi(rest[:j]); err == nil {
			return n
		}
	}
	return 0
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// lineAt is the 1-based line holding byte offset off.
func lineAt(data []byte, off int) int {
	if off > len(data) {
		off = len(data)
	}
	return bytes.Count(data[:off], []byte("\n")) + 1
}

func jsonProblem(data []byte, err error) Problem {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return Problem{Line: lineAt(data, int(se.Offset)), Msg: "JSON syntax: " + se.Error()}
	}
	var pe *jsonPosError
	if errors.As(err, &pe) {
		return Problem{Line: lineAt(data, int(pe.off)), Msg: "JSON: " + pe.msg}
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return Problem{Line: lineAt(data, len(data)), Msg: "JSON syntax: unexpected end of file"}
	}
	return Problem{Msg: "JSON: " + err.Error()}
}

type jsonPosError struct {
	off int64
	msg string
}

func (e *jsonPosError) Error() string { return e.msg }

// maxJSONDepth bounds nesting so a hostile file cannot exhaust the stack.
const maxJSONDepth = 64

// jsonNode reads one JSON value into a YAML node tree with line numbers.
func jsonNode(data []byte) (*yaml.Node, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	n, err := jsonValue(dec, data, 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, &jsonPosError{off: dec.InputOffset(), msg: "more than one JSON value in the file"}
	}
	return n, nil
}

func jsonValue(dec *json.Decoder, data []byte, depth int) (*yaml.Node, error) {
	if depth > maxJSONDepth {
		return nil, &jsonPosError{off: dec.InputOffset(), msg: fmt.Sprintf("nested more than %d levels deep", maxJSONDepth)}
	}
	start := dec.InputOffset()
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	// InputOffset is the end of the previous token; skip the separators
	// to find the line where this one starts.
	line := lineAt(data, int(skipJSONSpace(data, start)))
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: line}
			for dec.More() {
				kstart := dec.InputOffset()
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k, _ := kt.(string)
				kn := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k, Line: lineAt(data, int(skipJSONSpace(data, kstart)))}
				v, err := jsonValue(dec, data, depth+1)
				if err != nil {
					return nil, err
				}
				n.Content = append(n.Content, kn, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return n, nil
		case '[':
			n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: line}
			for dec.More() {
				v, err := jsonValue(dec, data, depth+1)
				if err != nil {
					return nil, err
				}
				n.Content = append(n.Content, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return n, nil
		}
		return nil, &jsonPosError{off: start, msg: fmt.Sprintf("unexpected %q", t)}
	case string:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: t, Line: line}, nil
	case json.Number:
		tag := "!!float"
		if _, err := t.Int64(); err == nil {
			tag = "!!int"
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: t.String(), Line: line}, nil
	case bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(t), Line: line}, nil
	case nil:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null", Line: line}, nil
	}
	return nil, &jsonPosError{off: start, msg: "unexpected token"}
}

func skipJSONSpace(data []byte, off int64) int64 {
	for off < int64(len(data)) {
		switch data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
			continue
		}
		break
	}
	return off
}

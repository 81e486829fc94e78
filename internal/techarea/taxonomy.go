package techarea

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

//go:embed taxonomy.yaml
var defaultTaxonomyYAML []byte

// DefaultTaxonomyName is the name the embedded taxonomy carries in errors and
// in Taxonomy.Sources.
const DefaultTaxonomyName = "taxonomy.yaml (embedded)"

// MaxTaxonomyBytes bounds a taxonomy or override file, so a wrong path (a
// database dump, a video) fails fast with a clear error.
const MaxTaxonomyBytes = 4 << 20

// Kind says whether a label is a sensitive technology area (more scrutiny)
// or a field of opportunity (cooperation is wanted).
type Kind string

// The two kinds of label.
const (
	Sensitive   Kind = "sensitive"
	Opportunity Kind = "opportunity"
)

// Role says how a phrase counts as evidence.
type Role string

// Phrase roles.
const (
	// RoleCore phrases are about the technology itself and always count.
	RoleCore Role = "core"
	// RoleMethod phrases often name a tool used in other research
	// ("machine learning"); they are discounted when another label is
	// clearly the subject of the text.
	RoleMethod Role = "method"
	// RoleBlock phrases are false friends ("nuclear receptor"): they score
	// nothing and stop the shorter phrases inside them from firing.
	RoleBlock Role = "block"
)

// Taxonomy is the merged vocabulary: the official lists it cites, the
// export-control categories and ATAS subject codes it refers to, and the
// areas with their weighted phrases. Use Default, Parse or WithOverride to
// get a validated one; a Taxonomy is not modified after it is built.
type Taxonomy struct {
	Version        string
	Lists          []List
	ExportControls []ExportControl
	ATAS           ATAS
	Areas          []Area
	// Contexts are discipline signals (economics, pure mathematics, law,
	// history...) that say what kind of text is being read, so that the
	// vocabulary of a sensitive area used in another discipline (robots in
	// a labour-economics paper, encryption in a legal analysis) is damped.
	Contexts []Context
	// Sources names the files merged into this taxonomy, base first.
	Sources []string
}

// ContextEffect says what a context does to sensitive-area evidence.
type ContextEffect string

// Context effects.
const (
	// EffectDamp contexts are disciplines outside every sensitive area:
	// when one dominates the text, sensitive-area evidence is damped.
	EffectDamp ContextEffect = "damp"
	// EffectSupport contexts are cues of a technical contribution
	// (a prototype, a measurement, a testbed); they stand against damping.
	EffectSupport ContextEffect = "support"
)

// Context is a discipline or register recognised from cue phrases. It is
// never a label of its own; it changes how much sensitive-area evidence
// counts, and the classifier reports it with its evidence.
type Context struct {
	ID          string        `json:"id"`
	Effect      ContextEffect `json:"effect"`
	Name        string        `json:"name"`
	Description string        `json:"description,omitempty"`
	Terms       []Term        `json:"terms"`
}

// List is an official list that areas cite.
type List struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Reference string `json:"reference,omitempty"`
}

// ExportControl is a control-list category (a dual-use category or the
// Military List) that areas may fall under.
type ExportControl struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Reference string `json:"reference,omitempty"`
}

// ATAS describes the Academic Technology Approval Scheme subjects, by HECoS
// CAH3 code, that areas relate to.
type ATAS struct {
	Reference string     `json:"reference,omitempty"`
	Note      string     `json:"note,omitempty"`
	Codes     []ATASCode `json:"codes"`
}

// ATASCode is one CAH3 subject code and its name.
type ATASCode struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Area is one label: a sensitive technology area or a field of opportunity.
type Area struct {
	ID          string      `json:"id"`
	Kind        Kind        `json:"kind"`
	Name        string      `json:"name"`
	Description string      `json:"description,omitempty"`
	Lists       []ListEntry `json:"lists"`
	// ExportControls are ExportControl ids this area may fall under.
	ExportControls []string `json:"export_controls"`
	// ATAS are CAH3 codes of ATAS subjects this area relates to.
	ATAS []string `json:"atas"`
	// Threshold is the score at which the label is assigned; 0 means
	// DefaultThreshold.
	Threshold   float64  `json:"threshold,omitempty"`
	Terms       []Term   `json:"terms"`
	Mitigations []string `json:"mitigations"`
}

// ListEntry says that an official list includes an area, under the list's
// own name for it.
type ListEntry struct {
	List string `json:"list"`
	Name string `json:"name"`
}

// Term is a weighted phrase.
type Term struct {
	Phrase        string  `json:"phrase"`
	Weight        float64 `json:"weight"`
	Role          Role    `json:"role"`
	Note          string  `json:"note,omitempty"`
	CaseSensitive bool    `json:"case_sensitive,omitempty"`
}

// RequiredAreas are the label ids the default taxonomy must define; other
// packages and the API contract refer to them.
var requiredAreas = map[string]Kind{
	"advanced_materials": Sensitive, "robotics_autonomy": Sensitive, "artificial_intelligence": Sensitive,
	"computing_hardware": Sensitive, "communications": Sensitive, "cryptography_cyber": Sensitive,
	"data_infrastructure": Sensitive, "energy": Sensitive, "civil_nuclear": Sensitive, "quantum": Sensitive,
	"space_satellite": Sensitive, "sensing_surveillance": Sensitive, "synthetic_biology": Sensitive,
	"human_machine": Sensitive, "defence_military": Sensitive, "marine": Sensitive,
	"climate_environment": Opportunity, "planetary_astronomy": Opportunity, "health": Opportunity, "agrifood": Opportunity,
}

// RequiredAreaIDs returns the ids the default taxonomy always defines,
// sorted, with their kinds.
func RequiredAreaIDs() map[string]Kind {
	out := make(map[string]Kind, len(requiredAreas))
	for k, v := range requiredAreas {
		out[k] = v
	}
	return out
}

// ValidationError reports one problem in a taxonomy file, with the file name
// and the line, so an author can fix an override without guessing.
type ValidationError struct {
	File string
	Line int
	Msg  string
}

func (e *ValidationError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s line %d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Default parses the embedded taxonomy. It returns an error only if the
// binary was built with a broken taxonomy, which the package tests prevent.
func Default() (*Taxonomy, error) {
	return Parse(DefaultTaxonomyName, defaultTaxonomyYAML)
}

// DefaultYAML returns a copy of the embedded taxonomy file, for
// `GET /api/v1/taxonomy`-style publication and as a template for overrides.
func DefaultYAML() []byte {
	return bytes.Clone(defaultTaxonomyYAML)
}

// Parse reads a complete taxonomy file. name is used in errors. All problems
// found are returned together (joined), each as a *ValidationError.
func Parse(name string, data []byte) (*Taxonomy, error) {
	f, err := parseFile(name, data, nil)
	if err != nil {
		return nil, err
	}
	t := &Taxonomy{Version: f.version, Sources: []string{name}}
	t.Lists = f.lists
	t.ExportControls = f.controls
	t.ATAS = ATAS{Reference: f.atas.Reference, Note: f.atas.Note, Codes: f.atas.Codes}
	for _, a := range f.areas {
		if !a.has["kind"] {
			return nil, &ValidationError{name, a.line, fmt.Sprintf("area %q: kind is required", a.area.ID)}
		}
		if a.area.Name == "" {
			return nil, &ValidationError{name, a.line, fmt.Sprintf("area %q: name is required", a.area.ID)}
		}
		t.Areas = append(t.Areas, a.area)
	}
	t.Contexts = f.contexts
	return t, nil
}

// ReadOverride reads an override file from r (at most MaxTaxonomyBytes) and
// merges it into t; see WithOverride.
func (t *Taxonomy) ReadOverride(name string, r io.Reader) (*Taxonomy, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxTaxonomyBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return t.WithOverride(name, data)
}

// WithOverride merges an organisation's override file into t and returns
// the merged taxonomy; t itself is never changed, so when the override is
// bad the caller keeps using t.
//
// The override has the same shape as the default file and needs a version.
// Lists, export controls and ATAS codes are added or replaced by id. An area
// with a new id is added (it needs kind, name and terms). An area with an
// existing id is extended: given scalar fields (name, description, kind,
// threshold) replace the old ones; lists, export_controls, atas and
// mitigations are appended without duplicates; terms are merged by phrase,
// so a phrase already present takes the override's weight, role and note
// (weight 0 with role block disables it). With `mode: replace` the area is
// replaced whole. Contexts are added or replaced whole by id.
func (t *Taxonomy) WithOverride(name string, data []byte) (*Taxonomy, error) {
	if t == nil {
		return nil, errors.New("techarea: WithOverride on a nil taxonomy")
	}
	f, err := parseFile(name, data, t)
	if err != nil {
		return nil, err
	}
	out := &Taxonomy{
		Version: t.Version + "+" + f.version,
		Lists:   mergeByID(t.Lists, f.lists, func(l List) string { return l.ID }),
		ExportControls: mergeByID(t.ExportControls, f.controls,
			func(c ExportControl) string { return c.ID }),
		ATAS: ATAS{
			Reference: firstNonEmpty(f.atas.Reference, t.ATAS.Reference),
			Note:      firstNonEmpty(f.atas.Note, t.ATAS.Note),
			Codes:     mergeByID(t.ATAS.Codes, f.atas.Codes, func(c ATASCode) string { return c.Code }),
		},
		Contexts: mergeByID(t.Contexts, f.contexts, func(x Context) string { return x.ID }),
		Sources:  append(append([]string(nil), t.Sources...), name),
	}
	index := make(map[string]int, len(t.Areas))
	for i, a := range t.Areas {
		out.Areas = append(out.Areas, cloneArea(a))
		index[a.ID] = i
	}
	for _, fa := range f.areas {
		i, ok := index[fa.area.ID]
		if !ok {
			if !fa.has["kind"] || fa.area.Name == "" || len(fa.area.Terms) == 0 {
				return nil, &ValidationError{name, fa.line, fmt.Sprintf("new area %q needs kind, name and terms", fa.area.ID)}
			}
			index[fa.area.ID] = len(out.Areas)
			out.Areas = append(out.Areas, fa.area)
			continue
		}
		if fa.mode == "replace" {
			if !fa.has["kind"] || fa.area.Name == "" || len(fa.area.Terms) == 0 {
				return nil, &ValidationError{name, fa.line, fmt.Sprintf("area %q with mode replace needs kind, name and terms", fa.area.ID)}
			}
			if want, req := requiredAreas[fa.area.ID]; req && fa.area.Kind != want {
				return nil, &ValidationError{name, fa.line, fmt.Sprintf("area %q must keep kind %s", fa.area.ID, want)}
			}
			out.Areas[i] = fa.area
			continue
		}
		out.Areas[i] = extendArea(out.Areas[i], fa)
		if want, req := requiredAreas[fa.area.ID]; req && out.Areas[i].Kind != want {
			return nil, &ValidationError{name, fa.line, fmt.Sprintf("area %q must keep kind %s", fa.area.ID, want)}
		}
	}
	return out, nil
}

// Area returns the area with the given id.
func (t *Taxonomy) Area(id string) (Area, bool) {
	for _, a := range t.Areas {
		if a.ID == id {
			return a, true
		}
	}
	return Area{}, false
}

// ExportControl returns the export-control category with the given id.
func (t *Taxonomy) ExportControl(id string) (ExportControl, bool) {
	for _, c := range t.ExportControls {
		if c.ID == id {
			return c, true
		}
	}
	return ExportControl{}, false
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func mergeByID[T any](base, add []T, id func(T) string) []T {
	out := append([]T(nil), base...)
	pos := make(map[string]int, len(out))
	for i, v := range out {
		pos[id(v)] = i
	}
	for _, v := range add {
		if i, ok := pos[id(v)]; ok {
			out[i] = v
			continue
		}
		pos[id(v)] = len(out)
		out = append(out, v)
	}
	return out
}

func cloneArea(a Area) Area {
	a.Lists = append([]ListEntry(nil), a.Lists...)
	a.ExportControls = append([]string(nil), a.ExportControls...)
	a.ATAS = append([]string(nil), a.ATAS...)
	a.Terms = append([]Term(nil), a.Terms...)
	a.Mitigations = append([]string(nil), a.Mitigations...)
	return a
}

func appendNew(dst []string, add []string) []string {
	seen := make(map[string]bool, len(dst))
	for _, s := range dst {
		seen[s] = true
	}
	for _, s := range add {
		if !seen[s] {
			seen[s] = true
			dst = append(dst, s)
		}
	}
	return dst
}

func extendArea(a Area, fa fileArea) Area {
	o := fa.area
	if fa.has["kind"] {
		a.Kind = o.Kind
	}
	if o.Name != "" {
		a.Name = o.Name
	}
	if o.Description != "" {
		a.Description = o.Description
	}
	if fa.has["threshold"] {
		a.Threshold = o.Threshold
	}
	for _, l := range o.Lists {
		dup := false
		for _, x := range a.Lists {
			dup = dup || x == l
		}
		if !dup {
			a.Lists = append(a.Lists, l)
		}
	}
	a.ExportControls = appendNew(a.ExportControls, o.ExportControls)
	a.ATAS = appendNew(a.ATAS, o.ATAS)
	a.Mitigations = appendNew(a.Mitigations, o.Mitigations)
	pos := make(map[string]int, len(a.Terms))
	for i, tm := range a.Terms {
		toks, _ := compilePhrase(tm.Phrase, tm.CaseSensitive)
		pos[phraseKey(toks, tm.CaseSensitive)] = i
	}
	for _, tm := range o.Terms {
		toks, _ := compilePhrase(tm.Phrase, tm.CaseSensitive)
		k := phraseKey(toks, tm.CaseSensitive)
		if i, ok := pos[k]; ok {
			a.Terms[i] = tm
			continue
		}
		pos[k] = len(a.Terms)
		a.Terms = append(a.Terms, tm)
	}
	return a
}

// ---------------------------------------------------------------- parsing

// parsedFile is a validated taxonomy or override file before merging.
type parsedFile struct {
	version  string
	lists    []List
	controls []ExportControl
	atas     ATAS
	areas    []fileArea
	contexts []Context
}

// fileArea is one area as written in a file, with what was given.
type fileArea struct {
	area Area
	line int
	mode string
	has  map[string]bool
}

var (
	areaIDPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{1,63}$`)
	cah3Pattern   = regexp.MustCompile(`^CAH[0-9]{2}-[0-9]{2}-[0-9]{2}$`)
	refIDPattern  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`)
)

// collector gathers validation errors so an author sees every problem at
// once; it stops after a bound to keep messages readable.
type collector struct {
	file string
	errs []error
}

func (c *collector) add(line int, format string, args ...any) {
	if len(c.errs) < 5000 {
		c.errs = append(c.errs, &ValidationError{c.file, line, fmt.Sprintf(format, args...)})
	}
}

func (c *collector) err() error { return errors.Join(c.errs...) }

// parseFile decodes and validates one file. With base nil it is a complete
// taxonomy (every required area present); otherwise it is an override whose
// references may also point into base.
func parseFile(name string, data []byte, base *Taxonomy) (*parsedFile, error) {
	if len(data) > MaxTaxonomyBytes {
		return nil, &ValidationError{File: name, Msg: fmt.Sprintf("file is larger than %d bytes", MaxTaxonomyBytes)}
	}
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:firstInvalidUTF8(data)], []byte("\n"))
		return nil, &ValidationError{name, line, "file is not valid UTF-8"}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &ValidationError{File: name, Msg: "file is empty"}
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		return nil, &ValidationError{File: name, Line: yamlErrorLine(err), Msg: "invalid YAML: " + strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err != io.EOF {
		return nil, &ValidationError{File: name, Line: extra.Line, Msg: "only one YAML document is allowed"}
	}
	if len(doc.Content) == 0 {
		return nil, &ValidationError{File: name, Msg: "file is empty"}
	}
	c := &collector{file: name}
	root := doc.Content[0]
	top := mappingFields(c, root, "taxonomy", "version", "lists", "export_controls", "atas", "areas", "contexts")
	if top == nil {
		return nil, c.err()
	}
	f := &parsedFile{}
	if n := top["version"]; n == nil {
		c.add(root.Line, "version is required")
	} else if f.version = scalar(c, n, "version"); f.version == "" {
		c.add(n.Line, "version must not be empty")
	}

	knownList := map[string]bool{}
	knownControl := map[string]bool{}
	knownCode := map[string]bool{}
	if base != nil {
		for _, l := range base.Lists {
			knownList[l.ID] = true
		}
		for _, x := range base.ExportControls {
			knownControl[x.ID] = true
		}
		for _, x := range base.ATAS.Codes {
			knownCode[x.Code] = true
		}
	}
	seen := map[string]int{}
	for _, n := range sequence(c, top["lists"], "lists") {
		m := mappingFields(c, n, "list", "id", "name", "reference")
		if m == nil {
			continue
		}
		l := List{ID: scalar(c, m["id"], "id"), Name: scalar(c, m["name"], "name"), Reference: scalar(c, m["reference"], "reference")}
		checkRef(c, n.Line, "list", l.ID, l.Name, seen)
		knownList[l.ID] = true
		f.lists = append(f.lists, l)
	}
	seen = map[string]int{}
	for _, n := range sequence(c, top["export_controls"], "export_controls") {
		m := mappingFields(c, n, "export control", "id", "name", "reference")
		if m == nil {
			continue
		}
		x := ExportControl{ID: scalar(c, m["id"], "id"), Name: scalar(c, m["name"], "name"), Reference: scalar(c, m["reference"], "reference")}
		checkRef(c, n.Line, "export control", x.ID, x.Name, seen)
		knownControl[x.ID] = true
		f.controls = append(f.controls, x)
	}
	if n := top["atas"]; n != nil {
		m := mappingFields(c, n, "atas", "reference", "note", "codes")
		if m != nil {
			f.atas.Reference = scalar(c, m["reference"], "reference")
			f.atas.Note = scalar(c, m["note"], "note")
			seen = map[string]int{}
			for _, cn := range sequence(c, m["codes"], "codes") {
				cm := mappingFields(c, cn, "atas code", "code", "name")
				if cm == nil {
					continue
				}
				code := ATASCode{Code: scalar(c, cm["code"], "code"), Name: scalar(c, cm["name"], "name")}
				if !cah3Pattern.MatchString(code.Code) {
					c.add(cn.Line, "ATAS code %q is not a CAH3 code like CAH07-01-01", code.Code)
				}
				if prev, dup := seen[code.Code]; dup {
					c.add(cn.Line, "ATAS code %q is already defined on line %d", code.Code, prev)
				}
				seen[code.Code] = cn.Line
				knownCode[code.Code] = true
				f.atas.Codes = append(f.atas.Codes, code)
			}
		}
	}
	seen = map[string]int{}
	for _, n := range sequence(c, top["areas"], "areas") {
		a, ok := parseArea(c, n, knownList, knownControl, knownCode)
		if !ok {
			continue
		}
		if prev, dup := seen[a.area.ID]; dup {
			c.add(n.Line, "area %q is already defined on line %d", a.area.ID, prev)
			continue
		}
		seen[a.area.ID] = n.Line
		f.areas = append(f.areas, a)
	}
	seenCtx := map[string]int{}
	for _, n := range sequence(c, top["contexts"], "contexts") {
		x, ok := parseContext(c, n)
		if !ok {
			continue
		}
		if prev, dup := seenCtx[x.ID]; dup {
			c.add(n.Line, "context %q is already defined on line %d", x.ID, prev)
			continue
		}
		seenCtx[x.ID] = n.Line
		f.contexts = append(f.contexts, x)
	}
	if base == nil {
		for id, kind := range requiredAreas {
			line, ok := seen[id]
			if !ok {
				c.add(0, "required area %q is missing", id)
				continue
			}
			for _, a := range f.areas {
				if a.area.ID == id && a.area.Kind != kind {
					c.add(line, "area %q must have kind %s", id, kind)
				}
			}
		}
		if len(f.areas) == 0 {
			c.add(root.Line, "a taxonomy needs areas")
		}
	}
	if err := c.err(); err != nil {
		return nil, err
	}
	return f, nil
}

func checkRef(c *collector, line int, what, id, name string, seen map[string]int) {
	if !refIDPattern.MatchString(id) {
		c.add(line, "%s id %q must be 1-64 letters, digits, '.', '_' or '-'", what, id)
	}
	if name == "" {
		c.add(line, "%s %q needs a name", what, id)
	}
	if prev, dup := seen[id]; dup {
		c.add(line, "%s %q is already defined on line %d", what, id, prev)
	}
	seen[id] = line
}

func parseArea(c *collector, n *yaml.Node, knownList, knownControl, knownCode map[string]bool) (fileArea, bool) {
	m := mappingFields(c, n, "area", "id", "kind", "name", "description", "lists", "export_controls", "atas", "threshold", "terms", "mitigations", "mode")
	if m == nil {
		return fileArea{}, false
	}
	fa := fileArea{line: n.Line, has: map[string]bool{}}
	for k := range m {
		fa.has[k] = true
	}
	a := &fa.area
	a.ID = scalar(c, m["id"], "id")
	if !areaIDPattern.MatchString(a.ID) {
		c.add(n.Line, "area id %q must be lower_snake_case (letters, digits, '_'), 2-64 characters", a.ID)
		return fileArea{}, false
	}
	if kn := m["kind"]; kn != nil {
		a.Kind = Kind(scalar(c, kn, "kind"))
		if a.Kind != Sensitive && a.Kind != Opportunity {
			c.add(kn.Line, "area %q: kind %q must be sensitive or opportunity", a.ID, a.Kind)
		}
	}
	a.Name = scalar(c, m["name"], "name")
	a.Description = scalar(c, m["description"], "description")
	if mn := m["mode"]; mn != nil {
		fa.mode = scalar(c, mn, "mode")
		if fa.mode != "extend" && fa.mode != "replace" {
			c.add(mn.Line, "area %q: mode %q must be extend or replace", a.ID, fa.mode)
		}
	}
	if tn := m["threshold"]; tn != nil {
		v, ok := number(c, tn, "threshold")
		if ok && (v < 0 || v >= 1) {
			c.add(tn.Line, "area %q: threshold %v must be in [0, 1)", a.ID, v)
		}
		a.Threshold = v
	}
	for _, ln := range sequence(c, m["lists"], "lists") {
		lm := mappingFields(c, ln, "list entry", "list", "name")
		if lm == nil {
			continue
		}
		e := ListEntry{List: scalar(c, lm["list"], "list"), Name: scalar(c, lm["name"], "name")}
		if !knownList[e.List] {
			c.add(ln.Line, "area %q: unknown list %q (define it under lists)", a.ID, e.List)
		}
		if e.Name == "" {
			c.add(ln.Line, "area %q: list %q needs the list's own name for the area", a.ID, e.List)
		}
		a.Lists = append(a.Lists, e)
	}
	for _, en := range sequence(c, m["export_controls"], "export_controls") {
		id := scalar(c, en, "export control")
		if !knownControl[id] {
			c.add(en.Line, "area %q: unknown export control %q (define it under export_controls)", a.ID, id)
		}
		a.ExportControls = append(a.ExportControls, id)
	}
	for _, en := range sequence(c, m["atas"], "atas") {
		code := scalar(c, en, "atas code")
		if !knownCode[code] {
			c.add(en.Line, "area %q: unknown ATAS code %q (define it under atas.codes)", a.ID, code)
		}
		a.ATAS = append(a.ATAS, code)
	}
	for _, mn := range sequence(c, m["mitigations"], "mitigations") {
		s := scalar(c, mn, "mitigation")
		if strings.TrimSpace(s) == "" {
			c.add(mn.Line, "area %q: empty mitigation", a.ID)
			continue
		}
		a.Mitigations = append(a.Mitigations, s)
	}
	a.Terms = parseTerms(c, m["terms"], "area", a.ID, true)
	return fa, true
}

// parseTerms reads the term groups of an area or context (what names it in
// messages). Method roles are allowed only where allowMethod is set.
func parseTerms(c *collector, n *yaml.Node, what, id string, allowMethod bool) []Term {
	var terms []Term
	phrases := map[string]int{}
	for _, gn := range sequence(c, n, "terms") {
		gm := mappingFields(c, gn, "term group", "weight", "role", "note", "case_sensitive", "phrases")
		if gm == nil {
			continue
		}
		wn := gm["weight"]
		if wn == nil {
			c.add(gn.Line, "%s %q: term group needs a weight", what, id)
			continue
		}
		w, ok := number(c, wn, "weight")
		if !ok {
			continue
		}
		if w < -5 || w > 5 {
			c.add(wn.Line, "%s %q: weight %v must be between -5 and 5", what, id, w)
		}
		role := RoleCore
		if rn := gm["role"]; rn != nil {
			role = Role(scalar(c, rn, "role"))
			switch role {
			case RoleCore:
			case RoleMethod:
				if !allowMethod {
					c.add(rn.Line, "%s %q: role %q must be core or block", what, id, role)
				}
			case RoleBlock:
				if w != 0 {
					c.add(wn.Line, "%s %q: block phrases must have weight 0", what, id)
				}
			default:
				c.add(rn.Line, "%s %q: role %q must be core, method or block", what, id, role)
			}
		}
		cs := false
		if cn := gm["case_sensitive"]; cn != nil {
			if cn.Kind != yaml.ScalarNode || (cn.Value != "true" && cn.Value != "false") {
				c.add(cn.Line, "%s %q: case_sensitive must be true or false", what, id)
			}
			cs = cn.Value == "true"
		}
		note := scalar(c, gm["note"], "note")
		pn := gm["phrases"]
		if pn == nil {
			c.add(gn.Line, "%s %q: term group needs phrases", what, id)
			continue
		}
		list := sequence(c, pn, "phrases")
		if len(list) == 0 && pn.Kind == yaml.SequenceNode {
			c.add(pn.Line, "%s %q: term group has no phrases", what, id)
		}
		for _, p := range list {
			phrase := scalar(c, p, "phrase")
			toks, problem := compilePhrase(phrase, cs)
			if problem != "" {
				c.add(p.Line, "%s %q: phrase %q: %s", what, id, phrase, problem)
				continue
			}
			key := phraseKey(toks, cs)
			if prev, dup := phrases[key]; dup {
				c.add(p.Line, "%s %q: phrase %q repeats the phrase on line %d (plurals and case are folded)", what, id, phrase, prev)
				continue
			}
			phrases[key] = p.Line
			terms = append(terms, Term{Phrase: phrase, Weight: w, Role: role, Note: note, CaseSensitive: cs})
		}
	}
	return terms
}

// parseContext reads one discipline context.
func parseContext(c *collector, n *yaml.Node) (Context, bool) {
	m := mappingFields(c, n, "context", "id", "effect", "name", "description", "terms")
	if m == nil {
		return Context{}, false
	}
	x := Context{ID: scalar(c, m["id"], "id")}
	if !areaIDPattern.MatchString(x.ID) {
		c.add(n.Line, "context id %q must be lower_snake_case (letters, digits, '_'), 2-64 characters", x.ID)
		return Context{}, false
	}
	x.Name = scalar(c, m["name"], "name")
	if x.Name == "" {
		c.add(n.Line, "context %q needs a name", x.ID)
	}
	x.Description = scalar(c, m["description"], "description")
	if en := m["effect"]; en == nil {
		c.add(n.Line, "context %q needs an effect (damp or support)", x.ID)
	} else {
		x.Effect = ContextEffect(scalar(c, en, "effect"))
		if x.Effect != EffectDamp && x.Effect != EffectSupport {
			c.add(en.Line, "context %q: effect %q must be damp or support", x.ID, x.Effect)
		}
	}
	x.Terms = parseTerms(c, m["terms"], "context", x.ID, false)
	if len(x.Terms) == 0 {
		c.add(n.Line, "context %q needs terms", x.ID)
	}
	for _, tm := range x.Terms {
		if tm.Weight < 0 {
			c.add(n.Line, "context %q: phrase %q: weights must not be negative", x.ID, tm.Phrase)
		}
	}
	return x, true
}

// mappingFields checks that n is a mapping with only the allowed keys and
// returns its values by key; it reports unknown and repeated keys with their
// lines, so a typo such as "wieght" is caught instead of silently ignored.
func mappingFields(c *collector, n *yaml.Node, what string, allowed ...string) map[string]*yaml.Node {
	if n.Kind != yaml.MappingNode {
		c.add(n.Line, "%s must be a mapping (key: value), not %s", what, nodeKind(n))
		return nil
	}
	out := make(map[string]*yaml.Node, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		ok := false
		for _, a := range allowed {
			ok = ok || k.Value == a
		}
		if !ok {
			c.add(k.Line, "unknown key %q in %s (allowed: %s)", k.Value, what, strings.Join(allowed, ", "))
			continue
		}
		if _, dup := out[k.Value]; dup {
			c.add(k.Line, "key %q repeated in %s", k.Value, what)
			continue
		}
		out[k.Value] = v
	}
	return out
}

func sequence(c *collector, n *yaml.Node, what string) []*yaml.Node {
	if n == nil {
		return nil
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		c.add(n.Line, "%s must be a list, not %s", what, nodeKind(n))
		return nil
	}
	return n.Content
}

func scalar(c *collector, n *yaml.Node, what string) string {
	if n == nil {
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		c.add(n.Line, "%s must be a single value, not %s", what, nodeKind(n))
		return ""
	}
	if n.Tag == "!!null" {
		return ""
	}
	return n.Value
}

func number(c *collector, n *yaml.Node, what string) (float64, bool) {
	var v float64
	if n.Kind != yaml.ScalarNode || n.Decode(&v) != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		c.add(n.Line, "%s must be a finite number, not %q", what, n.Value)
		return 0, false
	}
	return v, true
}

func nodeKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	case yaml.DocumentNode:
		return "a document"
	}
	return fmt.Sprintf("the value %q", n.Value)
}

var yamlLine = regexp.MustCompile(`line ([0-9]+)`)

// yamlErrorLine extracts the line number from a YAML syntax error.
func yamlErrorLine(err error) int {
	m := yamlLine.FindStringSubmatch(err.Error())
	if m == nil {
		return 0
	}
	var n int
	fmt.Sscanf(m[1], "%d", &n)
	return n
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

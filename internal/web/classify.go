package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strings"

	"github.com/collabcheck/collabcheck/internal/techarea"
)

// classifyRequest is the body of POST /api/v1/classify: either one
// document (id, title, abstract) or "documents", a batch of them. The
// pointers tell "absent" from "empty", so mixing the two forms is caught.
type classifyRequest struct {
	ID        *string         `json:"id"`
	Title     *string         `json:"title"`
	Abstract  *string         `json:"abstract"`
	Documents json.RawMessage `json:"documents"`
}

// classifyDocument is one document of a batch.
type classifyDocument struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Abstract string `json:"abstract"`
}

// classifyResponse is the answer to a batch POST /api/v1/classify: one
// classification per document, in input order.
type classifyResponse struct {
	Results []techarea.Output `json:"results"`
}

// classify answers POST /api/v1/classify. One document is answered with
// one object in the shape of a line of `collabcheck classify --json`; a
// batch with {"results": [...]} of the same objects. Every document is
// checked before any is classified, and a batch with a bad document is
// rejected whole with every fault listed.
func (s *server) classify(w http.ResponseWriter, r *http.Request, _ query) error {
	body, p := readJSONBody(w, r, fmt.Sprintf("at most %d documents per batch, %d bytes of text each", MaxDocuments, MaxDocumentBytes))
	if p != nil {
		return p
	}
	var req classifyRequest
	if p := decodeStrict(body, &req); p != nil {
		return p
	}
	if req.Documents == nil {
		doc := classifyDocument{ID: deref(req.ID), Title: deref(req.Title), Abstract: deref(req.Abstract)}
		if errs := checkDocument(doc, "#"); len(errs) > 0 {
			return badRequest(errs...)
		}
		res, err := s.clf.Classify(techarea.Document{ID: doc.ID, Title: doc.Title, Abstract: doc.Abstract})
		if err != nil {
			return classifyError(err, "#")
		}
		s.writeJSON(w, r, http.StatusOK, res.Output())
		return nil
	}
	docs, errs := parseDocuments(req)
	if len(errs) > 0 {
		return badRequest(errs...)
	}
	results := make([]techarea.Output, len(docs))
	errsAt := make([]error, len(docs))
	parallel(len(docs), func(i int) {
		d := docs[i]
		res, err := s.clf.Classify(techarea.Document{ID: d.ID, Title: d.Title, Abstract: d.Abstract})
		results[i], errsAt[i] = res.Output(), err
	})
	for i, err := range errsAt {
		if err != nil {
			return classifyError(err, fmt.Sprintf("#/documents/%d", i))
		}
	}
	s.writeJSON(w, r, http.StatusOK, classifyResponse{Results: results})
	return nil
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// parseDocuments reads and checks the "documents" of a batch.
func parseDocuments(req classifyRequest) ([]classifyDocument, []FieldError) {
	var errs []FieldError
	for _, f := range []struct {
		name string
		v    *string
	}{{"id", req.ID}, {"title", req.Title}, {"abstract", req.Abstract}} {
		if f.v != nil {
			errs = append(errs, bodyError("#/"+f.name, "give either one document (id, title, abstract) or \"documents\", not both"))
		}
	}
	var raws []json.RawMessage
	t := bytes.TrimSpace(req.Documents)
	if len(t) == 0 || t[0] != '[' || json.Unmarshal(t, &raws) != nil {
		return nil, append(errs, bodyError("#/documents", "must be an array of 1 to %d documents {\"id\", \"title\", \"abstract\"}", MaxDocuments))
	}
	switch n := len(raws); {
	case n == 0:
		return nil, append(errs, bodyError("#/documents", "is empty: give 1 to %d documents", MaxDocuments))
	case n > MaxDocuments:
		return nil, append(errs, bodyError("#/documents", "holds %d documents; a batch holds at most %d, so split it", n, MaxDocuments))
	}
	docs := make([]classifyDocument, len(raws))
	for i, raw := range raws {
		ptr := fmt.Sprintf("#/documents/%d", i)
		t := bytes.TrimLeft(raw, " \t\r\n")
		if len(t) == 0 || t[0] != '{' {
			errs = append(errs, bodyError(ptr, "must be an object {\"id\", \"title\", \"abstract\"}"))
			continue
		}
		if p := decodeStrict(t, &docs[i]); p != nil {
			e := p.Errors[0]
			e.Pointer = ptr + strings.TrimPrefix(e.Pointer, "#")
			e.Detail = fmt.Sprintf("body %s: %s", e.Pointer, strings.TrimPrefix(e.Detail, "body "+p.Errors[0].Pointer+": "))
			errs = append(errs, e)
			continue
		}
		errs = append(errs, checkDocument(docs[i], ptr)...)
	}
	return docs, errs
}

// checkDocument applies the API's limits to one document; ptr points at
// it in the body.
func checkDocument(d classifyDocument, ptr string) []FieldError {
	var errs []FieldError
	sub := func(f string) string { return strings.TrimSuffix(ptr, "/") + "/" + f }
	if len(d.ID) > maxDocIDBytes {
		errs = append(errs, bodyError(sub("id"), "is %d bytes long; the limit is %d bytes", len(d.ID), maxDocIDBytes))
	}
	switch n := len(d.Title) + len(d.Abstract); {
	case n > MaxDocumentBytes:
		errs = append(errs, bodyError(ptr, "title and abstract hold %d bytes; the limit is %d bytes per document", n, MaxDocumentBytes))
	case strings.TrimSpace(d.Title) == "" && strings.TrimSpace(d.Abstract) == "":
		errs = append(errs, bodyError(ptr, "has no text: title and abstract are both empty"))
	}
	return errs
}

// classifyError turns a classifier error into a problem: input faults the
// checks above missed are 400s naming the document, anything else is the
// server's.
func classifyError(err error, ptr string) error {
	switch {
	case errors.Is(err, techarea.ErrEmpty):
		return badRequest(bodyError(ptr, "has no text: title and abstract are both empty"))
	case errors.Is(err, techarea.ErrInvalidUTF8):
		return badRequest(bodyError(ptr, "%s", sanitize(err.Error())))
	}
	return fmt.Errorf("classify document %s: %w", ptr, err)
}

// taxonomyResponse is the answer to GET /api/v1/taxonomy: the taxonomy in
// force, with sensitive areas and opportunity fields apart as in a
// classification.
type taxonomyResponse struct {
	Version          string                   `json:"version"`
	Sources          []string                 `json:"sources"`
	DefaultThreshold float64                  `json:"default_threshold"`
	Lists            []techarea.List          `json:"lists"`
	ExportControls   []techarea.ExportControl `json:"export_controls"`
	ATAS             techarea.ATAS            `json:"atas"`
	Areas            []taxonomyArea           `json:"areas"`
	Fields           []taxonomyArea           `json:"fields"`
}

// taxonomyArea is one area or field of the taxonomy as the API shows it:
// with the threshold in force (never 0) and empty lists as [] not null.
type taxonomyArea struct {
	ID             string               `json:"id"`
	Kind           techarea.Kind        `json:"kind"`
	Name           string               `json:"name"`
	Description    string               `json:"description"`
	Lists          []techarea.ListEntry `json:"lists"`
	ExportControls []string             `json:"export_controls"`
	ATAS           []string             `json:"atas"`
	Threshold      float64              `json:"threshold"`
	Terms          []techarea.Term      `json:"terms"`
	Mitigations    []string             `json:"mitigations"`
}

// newTaxonomyResponse builds the taxonomy answer once; a taxonomy is never
// modified after it is built.
func newTaxonomyResponse(t *techarea.Taxonomy) taxonomyResponse {
	out := taxonomyResponse{
		Version: t.Version, Sources: []string{}, DefaultThreshold: techarea.DefaultThreshold,
		Lists: nonNil(t.Lists), ExportControls: nonNil(t.ExportControls), ATAS: t.ATAS,
		Areas: []taxonomyArea{}, Fields: []taxonomyArea{},
	}
	out.ATAS.Codes = nonNil(out.ATAS.Codes)
	for _, src := range t.Sources {
		// Only the file name: a server's paths are none of a client's business.
		out.Sources = append(out.Sources, filepath.Base(src))
	}
	for _, a := range t.Areas {
		v := taxonomyArea{ID: a.ID, Kind: a.Kind, Name: a.Name, Description: a.Description,
			Lists: nonNil(a.Lists), ExportControls: nonNil(a.ExportControls), ATAS: nonNil(a.ATAS),
			Threshold: a.Threshold, Terms: nonNil(slices.Clone(a.Terms)), Mitigations: nonNil(a.Mitigations)}
		if v.Threshold == 0 {
			v.Threshold = techarea.DefaultThreshold
		}
		for i := range v.Terms {
			if v.Terms[i].Role == "" {
				v.Terms[i].Role = techarea.RoleCore
			}
		}
		if a.Kind == techarea.Sensitive {
			out.Areas = append(out.Areas, v)
		} else {
			out.Fields = append(out.Fields, v)
		}
	}
	return out
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// taxonomy answers GET /api/v1/taxonomy.
func (s *server) taxonomy(w http.ResponseWriter, r *http.Request, _ query) error {
	s.writeJSON(w, r, http.StatusOK, s.tax)
	return nil
}

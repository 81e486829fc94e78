package sources

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// walkJSONArray streams a JSON document that is an object holding one
// array of records under field: each element is handed to each with its
// 1-based record number and starting line, every other top-level field to
// top. Errors name the file, the record and the line; a document without
// the field is an error too.
func walkJSONArray(name string, data []byte, field string,
	top func(key string, raw json.RawMessage) error,
	each func(n, line int, raw json.RawMessage) error) error {
	if err := checkUTF8(name, data); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	n := 0
	// Lines are counted incrementally: records only move forward.
	lastOff, lastLine := int64(0), 1
	lineOf := func(off int64) int {
		if off < lastOff {
			return lineAt(data, off)
		}
		if off > int64(len(data)) {
			off = int64(len(data))
		}
		lastLine += bytes.Count(data[lastOff:off], []byte("\n"))
		lastOff = off
		return lastLine
	}
	fail := func(err error) error {
		return &ParseError{Path: name, Record: n, Line: lineOf(dec.InputOffset()), Err: err}
	}
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		if err == nil {
			err = fmt.Errorf("want a JSON object holding a %q array", field)
		}
		return fail(err)
	}
	found := false
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return fail(err)
		}
		key, _ := kt.(string)
		if key != field {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return fail(fmt.Errorf("field %q: %w", key, err))
			}
			if top != nil {
				if err := top(key, raw); err != nil {
					return fail(fmt.Errorf("field %q: %w", key, err))
				}
			}
			continue
		}
		found = true
		if t, err := dec.Token(); err != nil || t != json.Delim('[') {
			if err == nil {
				err = fmt.Errorf("%q is not an array", field)
			}
			return fail(err)
		}
		for dec.More() {
			n++
			// InputOffset is just past the previous token (a comma or the
			// opening bracket); the record starts after white space.
			off := dec.InputOffset()
			for off < int64(len(data)) && (data[off] == ',' || data[off] == ' ' || data[off] == '\n' || data[off] == '\r' || data[off] == '\t') {
				off++
			}
			line := lineOf(off)
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return fail(err)
			}
			if err := each(n, line, raw); err != nil {
				var pe *ParseError
				if errors.As(err, &pe) {
					return err
				}
				return &ParseError{Path: name, Record: n, Line: line, Err: err}
			}
		}
		if _, err := dec.Token(); err != nil {
			return fail(err)
		}
	}
	if _, err := dec.Token(); err != nil {
		return fail(err)
	}
	if !found {
		return fail(fmt.Errorf("no %q array", field))
	}
	return nil
}

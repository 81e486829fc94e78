// Package backend holds the logic the store backends share so that SQLite
// and PostgreSQL behave identically: how an entity becomes a row, how a
// content hash is derived when none is given, and how Diff picks its two
// versions.
package backend

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/collabcheck/collabcheck/internal/store"
	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// Row is an entity as it is written to list_entities.
type Row struct {
	SourceID    string
	Kind        string
	PrimaryName string
	Hash        string // equals watchlist.Entity.Hash
	Body        []byte // the entity as JSON
}

// Encode turns an entity into its row. It marshals the entity once and
// hashes those bytes, which is what watchlist.Entity.Hash does.
func Encode(e *watchlist.Entity) (Row, error) {
	b, err := json.Marshal(e)
	if err != nil {
		return Row{}, fmt.Errorf("encode entity %q: %w", e.SourceID, err)
	}
	sum := sha256.Sum256(b)
	return Row{
		SourceID:    e.SourceID,
		Kind:        string(e.Kind),
		PrimaryName: e.PrimaryName(),
		Hash:        hex.EncodeToString(sum[:]),
		Body:        b,
	}, nil
}

// Decode parses a stored entity body; list and version name it in errors.
func Decode(body []byte, list string, version int) (watchlist.Entity, error) {
	var e watchlist.Entity
	if err := json.Unmarshal(body, &e); err != nil {
		return e, fmt.Errorf("decode entity of list %q version %d: %w", list, version, err)
	}
	return e, nil
}

// Prepare validates an import and fills in its defaults: the content hash
// (derived from the entities' hashes when empty) and the time (now,
// truncated to microseconds in UTC, which both databases keep exactly).
func Prepare(in store.ListImport) (store.ListImport, error) {
	if err := in.Validate(); err != nil {
		return in, err
	}
	if in.Now.IsZero() {
		in.Now = time.Now()
	}
	in.Now = in.Now.UTC().Truncate(time.Microsecond)
	if in.ContentHash == "" {
		h := sha256.New()
		for i := range in.Entities {
			h.Write([]byte(in.Entities[i].Hash()))
		}
		in.ContentHash = "entities:" + hex.EncodeToString(h.Sum(nil))
	}
	return in, nil
}

// DiffVersions picks the version numbers Diff compares, following the
// Store.Diff rules: to <= 0 is the active version, from <= 0 the version
// before to (0, meaning an empty list, when to is the first). versions must
// be one list's versions oldest first.
func DiffVersions(list string, versions []watchlist.Version, from, to int) (int, int, error) {
	if len(versions) == 0 {
		return 0, 0, fmt.Errorf("list %q: %w", list, store.ErrNotFound)
	}
	has := func(n int) bool {
		for _, v := range versions {
			if v.Number == n {
				return true
			}
		}
		return false
	}
	if to <= 0 {
		for _, v := range versions {
			if v.Active {
				to = v.Number
			}
		}
		if to <= 0 {
			return 0, 0, fmt.Errorf("list %q has no active version: %w", list, store.ErrNotFound)
		}
	} else if !has(to) {
		return 0, 0, fmt.Errorf("list %q version %d: %w", list, to, store.ErrNotFound)
	}
	if from <= 0 {
		from = 0
		for _, v := range versions {
			if v.Number < to && v.Number > from {
				from = v.Number
			}
		}
	} else if !has(from) {
		return 0, 0, fmt.Errorf("list %q version %d: %w", list, from, store.ErrNotFound)
	}
	return from, to, nil
}

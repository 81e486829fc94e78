// Package store defines how collabcheck keeps its state: the Store
// interface, the types it takes and returns, and the errors callers test
// for. It imports no database driver. The backends live in the sub-packages
// sqlite (embedded, the default) and postgres (multi-user deployments); both
// run the same migrations and pass the same conformance suite in storetest.
// Package open picks a backend from a --db value.
package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/collabcheck/collabcheck/internal/watchlist"
)

// ErrNotFound is returned (wrapped) when a list, version or entity asked for
// does not exist, so callers can answer 404 rather than 500.
var ErrNotFound = errors.New("not found")

// ErrInvalid is returned (wrapped) when input is rejected before anything
// is written: an import with an empty list name, no entities, a record
// without a source id, a duplicate source id or text that is not valid
// UTF-8; a case, account, portfolio run or delivery claim whose fields are
// wrong. The wrapping message says what and where. Callers map it to a
// client error.
var ErrInvalid = errors.New("invalid input")

// ProgressInterval is how many entities an import writes between two calls
// of ListImport.Progress.
const ProgressInterval = 10000

// Store keeps watch lists as immutable, versioned imports. Implementations
// are safe for concurrent use; readers never see a half-written version.
type Store interface {
	// ImportList stores in.Entities as a new immutable version of the list
	// in.List in one transaction, and makes it the active version only at
	// commit. If in.ContentHash equals the active version's hash it writes
	// nothing and returns the active version with created=false. On any
	// error nothing is written and the previous version stays active.
	ImportList(ctx context.Context, in ListImport) (v watchlist.Version, created bool, err error)
	// Lists returns the active version of every list, sorted by list name.
	Lists(ctx context.Context) ([]watchlist.Version, error)
	// Versions returns every version of one list, oldest first, or
	// ErrNotFound when the list does not exist.
	Versions(ctx context.Context, list string) ([]watchlist.Version, error)
	// ActiveEntities calls fn for every entity of every active version, list
	// by list in name order and within a list in source id order. It reads
	// one consistent snapshot and streams rows, so it can feed a match index
	// of millions of entities without holding them all twice. An error from
	// fn stops the walk and is returned.
	ActiveEntities(ctx context.Context, fn func(list string, v watchlist.Version, e watchlist.Entity) error) error
	// Entities returns the entities of one version (version <= 0 means the
	// active one) sorted by source id, or ErrNotFound.
	Entities(ctx context.Context, list string, version int) ([]watchlist.Entity, error)
	// Entity returns the entity with the given source id from the list's
	// active version, with that version, or ErrNotFound.
	Entity(ctx context.Context, list, sourceID string) (watchlist.Entity, watchlist.Version, error)
	// Diff compares two versions of a list with watchlist.Compare. to <= 0
	// means the active version; from <= 0 means the version before to (or
	// an empty list when to is the first version, so everything is added).
	Diff(ctx context.Context, list string, from, to int) (watchlist.Diff, error)
	// RemoveList deletes the list and all its versions, or returns
	// ErrNotFound when it does not exist.
	RemoveList(ctx context.Context, list string) error
	// Close releases the database handles.
	Close() error
}

// ListImport is one list file, already parsed, to be stored as a version.
type ListImport struct {
	// List names the list ("us-csl", "uk-sanctions"); it is the key that
	// versions hang off.
	List string
	// Format names the reader that parsed the file ("csl-csv", "ftm-json").
	Format string
	// Source says where the file came from (a path or URL).
	Source string
	// ContentHash identifies the content; re-importing the same hash is a
	// no-op. When empty, a hash of the entities (in order) is used.
	ContentHash string
	// Entities are the parsed records; SourceIDs must be unique.
	Entities []watchlist.Entity
	// Now is the import time, stored with microsecond precision in UTC.
	// The zero value means the current time.
	Now time.Time
	// Progress, when set, is called with the number of entities written so
	// far about every ProgressInterval entities (backends write in batches,
	// so the counts need not be exact multiples) and once more when all are
	// written, always while the transaction is still open. It may be called
	// from another goroutine and must not write to the same store.
	Progress func(written int)
}

// Validate checks everything about an import that can be checked without a
// database, so that a bad file is rejected before a transaction starts. Its
// errors wrap ErrInvalid and name the record by index and source id.
func (in *ListImport) Validate() error {
	if strings.TrimSpace(in.List) == "" {
		return fmt.Errorf("%w: empty list name", ErrInvalid)
	}
	for _, f := range []struct{ name, v string }{{"list name", in.List}, {"format", in.Format}, {"source", in.Source}, {"content hash", in.ContentHash}} {
		if err := checkText(f.v); err != nil {
			return fmt.Errorf("%w: list %q: %s %w", ErrInvalid, in.List, f.name, err)
		}
	}
	if len(in.Entities) == 0 {
		return fmt.Errorf("%w: list %q: no entities (refusing to replace the active version with an empty list)", ErrInvalid, in.List)
	}
	seen := make(map[string]int, len(in.Entities))
	for i := range in.Entities {
		e := &in.Entities[i]
		if e.SourceID == "" {
			return fmt.Errorf("%w: list %q record %d: empty source id", ErrInvalid, in.List, i+1)
		}
		for _, f := range []struct{ name, v string }{{"source id", e.SourceID}, {"kind", string(e.Kind)}, {"primary name", e.PrimaryName()}} {
			if err := checkText(f.v); err != nil {
				return fmt.Errorf("%w: list %q record %d (source id %q): %s %w", ErrInvalid, in.List, i+1, e.SourceID, f.name, err)
			}
		}
		if j, dup := seen[e.SourceID]; dup {
			return fmt.Errorf("%w: list %q record %d: source id %q duplicates record %d", ErrInvalid, in.List, i+1, e.SourceID, j)
		}
		seen[e.SourceID] = i + 1
	}
	return nil
}

// checkText rejects strings that some databases cannot store in a text
// column: invalid UTF-8 and NUL characters.
func checkText(s string) error {
	if !utf8.ValidString(s) {
		return errors.New("is not valid UTF-8")
	}
	if strings.IndexByte(s, 0) >= 0 {
		return errors.New("contains a NUL character")
	}
	return nil
}

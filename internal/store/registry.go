package store

import (
	"context"
	"fmt"
	"github.com/collabcheck/collabcheck/internal/registry/rordump"
	"time"

	"github.com/collabcheck/collabcheck/internal/registry"
)

// Registry keeps the organisation registry (ROR) as immutable, versioned
// imports, the way Store keeps watch lists: one version is active, an
// import builds a new version in one transaction and activates it only at
// commit, and a failed import leaves the previous version active.
//
// It is a separate interface so that Store does not grow for every caller.
// Both backends (sqlite and postgres) implement it; get it from an opened
// Store with RegistryOf.
type Registry interface {
	// ImportRegistry stores the organisations in.Orgs yields as a new
	// version and activates it. When in.ContentHash is set and equals the
	// active version's hash, nothing is read or written and the active
	// version is returned with created=false; when it is empty, the hash
	// is learnt while the organisations stream (see RegistryImport.Orgs)
	// and compared at the end, with the same result. Organisations are written as they are
	// yielded, so the whole registry is never held in memory. On any error
	// (from in.Orgs, a record failing registry.Org.Validate, a duplicate
	// id, no organisations at all, the database, a cancelled ctx) nothing
	// is kept and the previous version stays active.
	ImportRegistry(ctx context.Context, in RegistryImport) (v registry.Version, created bool, err error)
	// RegistryVersions returns every registry version, oldest first, with
	// the active one marked; none (and no error) before the first import.
	RegistryVersions(ctx context.Context) ([]registry.Version, error)
	// Org returns the organisation with the given ROR id from the active
	// version. id may be written in any form registry.NormalizeID accepts
	// ("https://ror.org/05abc1234", "ror.org/05abc1234", "05abc1234"). It
	// returns an error wrapping registry.ErrBadID for text that is not a
	// ROR id, and ErrNotFound when no registry is loaded or the active
	// version has no such organisation.
	Org(ctx context.Context, id string) (registry.Org, error)
	// ActiveOrgs calls fn for every organisation of the active version in
	// id order, from one consistent snapshot, streaming rows so that an
	// index of the full registry can be built without a second copy. It
	// returns the version read, or ErrNotFound when no registry is loaded.
	// An error from fn stops the walk and is returned.
	ActiveOrgs(ctx context.Context, fn func(registry.Org) error) (registry.Version, error)
}

// RegistryImport is one registry dump to be stored as a version.
type RegistryImport struct {
	// Source says where the dump came from (a path or URL).
	Source string
	// ContentHash identifies the content, known before reading
	// (rordump.HashFile); when it equals the active version's hash the
	// import is a no-op that reads nothing. It may be empty: see Orgs.
	ContentHash string
	// Orgs streams the organisations: it calls yield once per organisation
	// and returns the first error yield returns (or its own), with what
	// it learnt of the dump. rordump.Read fits as it is:
	//
	//	Orgs: func(yield func(registry.Org) error) (rordump.Info, error) {
	//		return rordump.Read(path, yield, nil)
	//	}
	//
	// The version records Info.SchemaVersion. When ContentHash is set and
	// Info.ContentHash differs, the file changed while it was read and the
	// import fails. When ContentHash is empty, Info.ContentHash is used,
	// or when that is empty too, a hash of the organisations in order; it
	// is compared with the active version's once all are read, and an
	// import of the active content keeps nothing and reports created=false.
	Orgs func(yield func(registry.Org) error) (rordump.Info, error)
	// Now is the import time, stored with microsecond precision in UTC.
	// The zero value means the current time.
	Now time.Time
	// Progress, when set, is called with the number of organisations
	// written so far about every ProgressInterval organisations and once
	// when all are written, while the transaction is still open. It must
	// not write to the same store.
	Progress func(written int)
}

// Validate checks what can be checked before a transaction starts. Its
// errors wrap ErrInvalid.
func (in *RegistryImport) Validate() error {
	if in.Orgs == nil {
		return fmt.Errorf("%w: registry import from %q: no organisations to read (Orgs is nil)", ErrInvalid, in.Source)
	}
	for _, f := range []struct{ name, v string }{{"source", in.Source}, {"content hash", in.ContentHash}} {
		if err := checkText(f.v); err != nil {
			return fmt.Errorf("%w: registry import: %s %w", ErrInvalid, f.name, err)
		}
	}
	return nil
}

// RegistryOf returns the Registry side of an opened store: every backend
// in this module has one. It fails only for a Store implementation that
// does not keep a registry.
func RegistryOf(s Store) (Registry, error) {
	r, ok := s.(Registry)
	if !ok {
		return nil, fmt.Errorf("store %T does not keep an organisation registry", s)
	}
	return r, nil
}

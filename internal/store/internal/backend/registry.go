package backend

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"github.com/collabcheck/collabcheck/internal/registry/rordump"
	"hash"
	"time"

	gojson "github.com/goccy/go-json"

	"github.com/collabcheck/collabcheck/internal/registry"
	"github.com/collabcheck/collabcheck/internal/store"
)

// OrgRow is an organisation as it is written to registry_orgs.
type OrgRow struct {
	ID      string // the full ROR id
	Name    string // the display name
	Country string
	Status  string
	Body    []byte // the registry.Org as JSON
}

// DecodeOrg parses a stored organisation body; version names it in errors.
// It uses goccy/go-json for the same reason Decode does: ActiveOrgs
// decodes the whole registry to build the resolver's index.
func DecodeOrg(body []byte, version int) (registry.Org, error) {
	var o registry.Org
	if err := gojson.Unmarshal(body, &o); err != nil {
		return o, fmt.Errorf("decode organisation of registry version %d: %w", version, err)
	}
	return o, nil
}

// PrepareRegistry validates a registry import and fills in its time (now
// when zero, truncated to microseconds in UTC, which both databases keep
// exactly).
func PrepareRegistry(in store.RegistryImport) (store.RegistryImport, error) {
	if err := in.Validate(); err != nil {
		return in, err
	}
	if in.Now.IsZero() {
		in.Now = time.Now()
	}
	in.Now = in.Now.UTC().Truncate(time.Microsecond)
	return in, nil
}

// OrgFeed turns the organisations of one import into rows: it validates
// each, rejects repeated ids, encodes it, counts it and, when the import
// has no content hash, hashes it. Backends call Row for every yielded
// organisation and the rest once all are written.
type OrgFeed struct {
	seen map[string]int
	n    int
	h    hash.Hash // nil when the import gave its content hash
}

// NewOrgFeed starts a feed for in.
func NewOrgFeed(in store.RegistryImport) *OrgFeed {
	f := &OrgFeed{seen: make(map[string]int, 1<<16)}
	if in.ContentHash == "" {
		f.h = sha256.New()
	}
	return f
}

// Row checks and encodes the next organisation. Its errors wrap
// store.ErrInvalid and name the record by number and id.
func (f *OrgFeed) Row(o *registry.Org) (OrgRow, error) {
	n := f.n + 1
	if err := o.Validate(); err != nil {
		if o.ID == "" {
			return OrgRow{}, fmt.Errorf("%w: record %d: %w", store.ErrInvalid, n, err)
		}
		return OrgRow{}, fmt.Errorf("%w: record %d (%s): %w", store.ErrInvalid, n, o.ID, err)
	}
	if first, dup := f.seen[o.ID]; dup {
		return OrgRow{}, fmt.Errorf("%w: record %d (%s): id repeats record %d", store.ErrInvalid, n, o.ID, first)
	}
	b, err := json.Marshal(o)
	if err != nil {
		return OrgRow{}, fmt.Errorf("record %d (%s): encode: %w", n, o.ID, err)
	}
	f.seen[o.ID] = n
	f.n = n
	if f.h != nil {
		f.h.Write(b)
		f.h.Write([]byte{'\n'})
	}
	return OrgRow{ID: o.ID, Name: o.DisplayName(), Country: o.Country, Status: o.Status, Body: b}, nil
}

// Count returns how many organisations Row has accepted.
func (f *OrgFeed) Count() int { return f.n }

// Finish checks the end of an import whose in.Orgs returned info: that it
// held organisations, that the reader counted as many as were written and
// read the content it was announced as. It returns the version's content
// hash: the import's own, else the reader's, else one derived from the rows.
func (f *OrgFeed) Finish(in store.RegistryImport, info rordump.Info) (string, error) {
	if f.n == 0 {
		return "", fmt.Errorf("%w: registry import from %q holds no organisations (refusing to replace the active registry with an empty one)", store.ErrInvalid, in.Source)
	}
	if info.Records != 0 && info.Records != f.n {
		return "", fmt.Errorf("registry import from %q: the reader counted %d records but %d were written", in.Source, info.Records, f.n)
	}
	switch {
	case in.ContentHash != "" && info.ContentHash != "" && info.ContentHash != in.ContentHash:
		return "", fmt.Errorf("registry import from %q: content hash %s when read, %s before: the file changed during the import", in.Source, info.ContentHash, in.ContentHash)
	case in.ContentHash != "":
		return in.ContentHash, nil
	case info.ContentHash != "":
		return info.ContentHash, nil
	}
	return "orgs:" + hex.EncodeToString(f.h.Sum(nil)), nil
}

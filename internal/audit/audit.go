// Package audit defines collabcheck's audit trail: an append-only log in
// which every entry carries the SHA-256 of its own content and of the
// entry before it. Editing, deleting or reordering any stored entry breaks
// the chain at that point, which Verifier reports with the sequence number.
//
// The package is pure: it computes and checks hashes and never stores
// anything. The store appends entries inside the same transaction as the
// change they record, so a change and its record commit or fail together.
package audit

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Event is what a writer records: who did what to which subject, with the
// details as a JSON object. The store turns it into an Entry by giving it
// the next sequence number, the time and the chain hashes.
type Event struct {
	// TenantID is the tenant whose data changed; 0 means a deployment-wide
	// change (a list import, a new tenant).
	TenantID int64
	// Actor names who made the change: "user:12 officer@example.ac.uk",
	// "cli", "system".
	Actor string
	// Action is a dotted verb ("case.create", "case.decide",
	// "list.import", "user.create", "policy.set").
	Action string
	// Subject is the changed thing as kind:id ("case:12", "list:us-csl",
	// "user:3", "tenant:2", "policy:2").
	Subject string
	// Detail is what changed. It is marshalled to JSON once, when the
	// entry is sealed, and those exact bytes are hashed and stored.
	Detail any
}

// Entry is one sealed record of the trail.
type Entry struct {
	Seq      int64     `json:"seq"`
	At       time.Time `json:"at"`
	TenantID int64     `json:"tenant_id,omitempty"`
	Actor    string    `json:"actor"`
	Action   string    `json:"action"`
	Subject  string    `json:"subject"`
	// Detail is a JSON object (or null). Stores must keep these bytes
	// exactly (a text column, not a re-formatting JSON type), because the
	// hash covers them.
	Detail json.RawMessage `json:"detail"`
	// Prev is the previous entry's Hash; the first entry has "".
	Prev string `json:"prev"`
	// Hash is the hex SHA-256 of this entry's fields and Prev.
	Hash string `json:"hash"`
}

// Seal makes the entry that follows the one with sequence number prevSeq
// and hash prevHash (0 and "" for the first entry). at is truncated to
// microseconds in UTC, the precision both stores keep, so a stored entry
// hashes the same when read back.
func Seal(prevSeq int64, prevHash string, at time.Time, ev Event) (Entry, error) {
	if ev.Action == "" || ev.Subject == "" {
		return Entry{}, fmt.Errorf("audit: event %q on %q: action and subject are required", ev.Action, ev.Subject)
	}
	if ev.Actor == "" {
		ev.Actor = "system"
	}
	detail := json.RawMessage("null")
	if ev.Detail != nil {
		b, err := json.Marshal(ev.Detail)
		if err != nil {
			return Entry{}, fmt.Errorf("audit: event %s on %s: encode detail: %w", ev.Action, ev.Subject, err)
		}
		detail = b
	}
	e := Entry{
		Seq:      prevSeq + 1,
		At:       at.UTC().Truncate(time.Microsecond),
		TenantID: ev.TenantID,
		Actor:    ev.Actor,
		Action:   ev.Action,
		Subject:  ev.Subject,
		Detail:   detail,
		Prev:     prevHash,
	}
	e.Hash = e.ComputeHash()
	return e, nil
}

// ComputeHash returns the hex SHA-256 over every field but Hash. Each field
// is length-prefixed, so no two different entries encode alike.
func (e Entry) ComputeHash() string {
	var buf bytes.Buffer
	field := func(s string) {
		var n [binary.MaxVarintLen64]byte
		buf.Write(n[:binary.PutUvarint(n[:], uint64(len(s)))])
		buf.WriteString(s)
	}
	field("collabcheck-audit-v1")
	field(strconv.FormatInt(e.Seq, 10))
	field(e.At.UTC().Format(time.RFC3339Nano))
	field(strconv.FormatInt(e.TenantID, 10))
	field(e.Actor)
	field(e.Action)
	field(e.Subject)
	field(string(e.Detail))
	field(e.Prev)
	sum := sha256.Sum256(buf.Bytes())
	return hex.EncodeToString(sum[:])
}

// ErrBroken is wrapped by every error Verifier reports, so callers can
// tell a broken chain from a failure to read it.
var ErrBroken = errors.New("audit chain broken")

// Verifier checks a trail entry by entry, in sequence order. The zero
// value expects the first entry.
type Verifier struct {
	n    int64
	seq  int64
	hash string
}

// Next checks e against the entries seen so far: its sequence number must
// follow the previous one (a gap means a deleted entry), its Prev must be
// the previous entry's hash (a mismatch means an entry was removed or
// reordered) and its Hash must match its content (a mismatch means it was
// edited). The first error wraps ErrBroken and names the entry.
func (v *Verifier) Next(e Entry) error {
	switch {
	case e.Seq != v.seq+1:
		return fmt.Errorf("%w at entry %d: expected sequence number %d (entries missing or reordered)", ErrBroken, e.Seq, v.seq+1)
	case e.Prev != v.hash:
		return fmt.Errorf("%w at entry %d: it does not follow entry %d (previous hash %.12s…, recorded %.12s…)", ErrBroken, e.Seq, v.seq, v.hash, e.Prev)
	case e.ComputeHash() != e.Hash:
		return fmt.Errorf("%w at entry %d (%s %s by %s): its content does not match its hash (edited)", ErrBroken, e.Seq, e.Action, e.Subject, e.Actor)
	}
	v.n++
	v.seq, v.hash = e.Seq, e.Hash
	return nil
}

// Head returns how many entries were verified and the last one's sequence
// number and hash. Recording the head outside the database (a ticket, a
// log) lets a later `audit verify --head` detect entries cut off the end,
// which no chain can detect by itself.
func (v *Verifier) Head() (count, seq int64, hash string) { return v.n, v.seq, v.hash }

package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Feeds keeps, per configured list source (a feed: an official URL that a
// list is downloaded from), what the last fetches found: when one was last
// tried and last succeeded, the HTTP validators to make the next one
// conditional, the checksum of the content, and the last error with a count
// of consecutive failures. `collabcheck lists update`, the scheduler in
// serve, `lists ls`, /readyz and the metrics all read it, so a failing
// source is visible wherever the lists are.
//
// The two writes are separate so that concurrent updaters (several app
// servers) never lose a failure: RecordFeedFailure increments the counter
// in the database rather than writing back a value read earlier.
//
// Get it from an opened Store with FeedsOf.
type Feeds interface {
	// FeedState returns the state of one source, or ErrNotFound when it
	// was never fetched.
	FeedState(ctx context.Context, source string) (FeedState, error)
	// FeedStates returns the state of every source ever fetched, sorted by
	// source name.
	FeedStates(ctx context.Context) ([]FeedState, error)
	// RecordFeedSuccess stores a successful fetch of s.Source at at: it
	// replaces the validators, checksum, files and list version with s's,
	// sets the last attempt and last success to at, clears the last error
	// and resets the consecutive failures to 0. The other fields of s are
	// ignored.
	RecordFeedSuccess(ctx context.Context, s FeedState, at time.Time) error
	// RecordFeedFailure stores a failed fetch of source at at: it sets the
	// last attempt and the last error (msg) and adds one to the
	// consecutive failures, keeping the validators, checksum and last
	// success of the previous successful fetch (so the next fetch is still
	// conditional on the version that stays active).
	RecordFeedFailure(ctx context.Context, source string, at time.Time, msg string) error
}

// FeedState is what the store keeps about one list source.
type FeedState struct {
	// Source names the source; it is also the list's name in the store.
	Source string `json:"source"`
	// LastAttempt is when a fetch was last tried; zero before the first.
	LastAttempt time.Time `json:"last_attempt,omitzero"`
	// LastSuccess is when a fetch last succeeded (whether or not the
	// content had changed); zero if none ever did.
	LastSuccess time.Time `json:"last_success,omitzero"`
	// ETag and LastModified are the validators the server sent with the
	// content last fetched successfully, sent back as If-None-Match and
	// If-Modified-Since. They are empty for sources of several files,
	// whose validators are per file (Files).
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
	// Checksum is the hex SHA-256 of the content last fetched (for several
	// files, the combined hash sources.List.ContentHash describes), which
	// is the content hash of the list version it became.
	Checksum string `json:"checksum,omitempty"`
	// Files are the validators and checksum of each file of a source made
	// of several files (the OFAC CSV set); nil for one-file sources.
	Files []FeedFile `json:"files,omitempty"`
	// Version is the list version number the last successful fetch
	// produced or found unchanged; 0 before the first.
	Version int `json:"version,omitempty"`
	// LastError says why the last attempt failed; empty when it succeeded.
	LastError string `json:"last_error,omitempty"`
	// ConsecutiveFailures counts the failed attempts since the last
	// success.
	ConsecutiveFailures int `json:"consecutive_failures"`
}

// FeedFile is one file of a source made of several files.
type FeedFile struct {
	Name         string `json:"name"`
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
	Checksum     string `json:"checksum,omitempty"`
}

// MaxFeedErrorBytes bounds the stored last error; longer messages are cut
// (at a rune boundary) with a marker, so a server that answers with a huge
// body cannot bloat the table.
const MaxFeedErrorBytes = 2000

// Validate checks a state before a success is recorded. Its errors wrap
// ErrInvalid.
func (s *FeedState) Validate() error {
	if strings.TrimSpace(s.Source) == "" {
		return fmt.Errorf("%w: feed state: empty source name", ErrInvalid)
	}
	fields := []struct{ name, v string }{{"source", s.Source}, {"etag", s.ETag}, {"last-modified", s.LastModified}, {"checksum", s.Checksum}}
	for _, f := range s.Files {
		fields = append(fields, struct{ name, v string }{"file name", f.Name}, struct{ name, v string }{"file etag", f.ETag},
			struct{ name, v string }{"file last-modified", f.LastModified}, struct{ name, v string }{"file checksum", f.Checksum})
	}
	for _, f := range fields {
		if err := checkText(f.v); err != nil {
			return fmt.Errorf("%w: feed state of %q: %s %w", ErrInvalid, s.Source, f.name, err)
		}
	}
	if s.Version < 0 {
		return fmt.Errorf("%w: feed state of %q: negative version %d", ErrInvalid, s.Source, s.Version)
	}
	return nil
}

// CleanFeedError makes an error message storable: invalid UTF-8 and NUL
// characters (a server's bytes can end up in a message) are replaced, and
// the message is cut to MaxFeedErrorBytes.
func CleanFeedError(msg string) string {
	msg = strings.ToValidUTF8(msg, "\uFFFD")
	msg = strings.ReplaceAll(msg, "\x00", "\uFFFD")
	if len(msg) <= MaxFeedErrorBytes {
		return msg
	}
	const marker = " …(cut)"
	cut := MaxFeedErrorBytes - len(marker)
	for cut > 0 && !isRuneStart(msg[cut]) {
		cut--
	}
	return msg[:cut] + marker
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// CheckFeedFailure validates the arguments of RecordFeedFailure; backends
// call it before writing. Its errors wrap ErrInvalid.
func CheckFeedFailure(source, msg string) error {
	if strings.TrimSpace(source) == "" {
		return fmt.Errorf("%w: feed failure: empty source name", ErrInvalid)
	}
	if err := checkText(source); err != nil {
		return fmt.Errorf("%w: feed failure: source %w", ErrInvalid, err)
	}
	if err := checkText(msg); err != nil {
		return fmt.Errorf("%w: feed failure of %q: message %w (clean it with CleanFeedError)", ErrInvalid, source, err)
	}
	return nil
}

// FeedsOf returns the Feeds side of an opened store: every backend in this
// module has one. It fails only for a Store implementation that keeps no
// feed state.
func FeedsOf(s Store) (Feeds, error) {
	f, ok := s.(Feeds)
	if !ok {
		return nil, fmt.Errorf("store %T does not keep list feed state", s)
	}
	return f, nil
}

// EncodeFeedFiles is how backends store FeedState.Files in one text
// column: "" for none, else a JSON array.
func EncodeFeedFiles(files []FeedFile) (string, error) {
	if len(files) == 0 {
		return "", nil
	}
	b, err := json.Marshal(files)
	if err != nil {
		return "", fmt.Errorf("encode feed files: %w", err)
	}
	return string(b), nil
}

// DecodeFeedFiles reverses EncodeFeedFiles; source names the state in
// errors.
func DecodeFeedFiles(source, s string) ([]FeedFile, error) {
	if s == "" {
		return nil, nil
	}
	var files []FeedFile
	if err := json.Unmarshal([]byte(s), &files); err != nil {
		return nil, fmt.Errorf("feed state of %q: bad files column: %w", source, err)
	}
	return files, nil
}

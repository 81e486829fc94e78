package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/collabcheck/collabcheck/internal/store"
)

var _ store.Feeds = (*Store)(nil)

const feedCols = `source, last_attempt, last_success, etag, last_modified, checksum, files, list_version, last_error, consecutive_failures`

func scanFeedState(row scanner) (store.FeedState, error) {
	var f store.FeedState
	var attempt, success sql.NullString
	var files string
	if err := row.Scan(&f.Source, &attempt, &success, &f.ETag, &f.LastModified, &f.Checksum, &files, &f.Version, &f.LastError, &f.ConsecutiveFailures); err != nil {
		return f, err
	}
	var err error
	if f.LastAttempt, err = feedTime(f.Source, "last_attempt", attempt); err != nil {
		return f, err
	}
	if f.LastSuccess, err = feedTime(f.Source, "last_success", success); err != nil {
		return f, err
	}
	f.Files, err = store.DecodeFeedFiles(f.Source, files)
	return f, err
}

// feedTime parses a nullable time column; NULL is the zero time.
func feedTime(source, col string, v sql.NullString) (time.Time, error) {
	if !v.Valid {
		return time.Time{}, nil
	}
	t, err := time.Parse(timeFormat, v.String)
	if err != nil {
		return t, fmt.Errorf("feed state of %q: bad %s %q: %w", source, col, v.String, err)
	}
	return t, nil
}

func feedTimeText(t time.Time) string { return t.UTC().Truncate(time.Microsecond).Format(timeFormat) }

// FeedState implements store.Feeds.
func (s *Store) FeedState(ctx context.Context, source string) (store.FeedState, error) {
	f, err := scanFeedState(s.r.QueryRowContext(ctx, `SELECT `+feedCols+` FROM feed_state WHERE source = ?`, source))
	if errors.Is(err, sql.ErrNoRows) {
		return f, fmt.Errorf("feed state of %q: %w", source, store.ErrNotFound)
	}
	if err != nil {
		return f, fmt.Errorf("read feed state of %q: %w", source, err)
	}
	return f, nil
}

// FeedStates implements store.Feeds.
func (s *Store) FeedStates(ctx context.Context) ([]store.FeedState, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+feedCols+` FROM feed_state ORDER BY source`)
	if err != nil {
		return nil, fmt.Errorf("read feed states: %w", err)
	}
	defer rows.Close()
	var out []store.FeedState
	for rows.Next() {
		f, err := scanFeedState(rows)
		if err != nil {
			return nil, fmt.Errorf("read feed states: %w", err)
		}
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read feed states: %w", err)
	}
	return out, nil
}

// RecordFeedSuccess implements store.Feeds.
func (s *Store) RecordFeedSuccess(ctx context.Context, f store.FeedState, at time.Time) error {
	if err := f.Validate(); err != nil {
		return err
	}
	files, err := store.EncodeFeedFiles(f.Files)
	if err != nil {
		return err
	}
	ts := feedTimeText(at)
	_, err = s.w.ExecContext(ctx, `INSERT INTO feed_state (`+feedCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', 0)
		ON CONFLICT (source) DO UPDATE SET last_attempt = excluded.last_attempt, last_success = excluded.last_success,
			etag = excluded.etag, last_modified = excluded.last_modified, checksum = excluded.checksum, files = excluded.files,
			list_version = excluded.list_version, last_error = '', consecutive_failures = 0`,
		f.Source, ts, ts, f.ETag, f.LastModified, f.Checksum, files, f.Version)
	if err != nil {
		return fmt.Errorf("record feed success of %q: %w", f.Source, err)
	}
	return nil
}

// RecordFeedFailure implements store.Feeds.
func (s *Store) RecordFeedFailure(ctx context.Context, source string, at time.Time, msg string) error {
	if err := store.CheckFeedFailure(source, msg); err != nil {
		return err
	}
	_, err := s.w.ExecContext(ctx, `INSERT INTO feed_state (source, last_attempt, last_error, consecutive_failures) VALUES (?, ?, ?, 1)
		ON CONFLICT (source) DO UPDATE SET last_attempt = excluded.last_attempt, last_error = excluded.last_error,
			consecutive_failures = feed_state.consecutive_failures + 1`,
		source, feedTimeText(at), msg)
	if err != nil {
		return fmt.Errorf("record feed failure of %q: %w", source, err)
	}
	return nil
}

package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/collabcheck/collabcheck/internal/store"
)

var _ store.Feeds = (*Store)(nil)

const feedCols = `source, last_attempt, last_success, etag, last_modified, checksum, files, list_version, last_error, consecutive_failures`

func scanFeedState(row pgx.Row) (store.FeedState, error) {
	var f store.FeedState
	var attempt, success *time.Time
	var files string
	var version, failures int32
	if err := row.Scan(&f.Source, &attempt, &success, &f.ETag, &f.LastModified, &f.Checksum, &files, &version, &f.LastError, &failures); err != nil {
		return f, err
	}
	if attempt != nil {
		f.LastAttempt = attempt.UTC()
	}
	if success != nil {
		f.LastSuccess = success.UTC()
	}
	f.Version, f.ConsecutiveFailures = int(version), int(failures)
	var err error
	f.Files, err = store.DecodeFeedFiles(f.Source, files)
	return f, err
}

// FeedState implements store.Feeds.
func (s *Store) FeedState(ctx context.Context, source string) (store.FeedState, error) {
	f, err := scanFeedState(s.pool.QueryRow(ctx, `SELECT `+feedCols+` FROM feed_state WHERE source = $1`, source))
	if errors.Is(err, pgx.ErrNoRows) {
		return f, fmt.Errorf("feed state of %q: %w", source, store.ErrNotFound)
	}
	if err != nil {
		return f, fmt.Errorf("read feed state of %q: %w", source, err)
	}
	return f, nil
}

// FeedStates implements store.Feeds.
func (s *Store) FeedStates(ctx context.Context) ([]store.FeedState, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+feedCols+` FROM feed_state ORDER BY source`)
	if err != nil {
		return nil, fmt.Errorf("read feed states: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.FeedState, error) { return scanFeedState(r) })
	if err != nil {
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
	at = at.UTC().Truncate(time.Microsecond)
	_, err = s.pool.Exec(ctx, `INSERT INTO feed_state (`+feedCols+`) VALUES ($1, $2, $2, $3, $4, $5, $6, $7, '', 0)
		ON CONFLICT (source) DO UPDATE SET last_attempt = excluded.last_attempt, last_success = excluded.last_success,
			etag = excluded.etag, last_modified = excluded.last_modified, checksum = excluded.checksum, files = excluded.files,
			list_version = excluded.list_version, last_error = '', consecutive_failures = 0`,
		f.Source, at, f.ETag, f.LastModified, f.Checksum, files, f.Version)
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
	_, err := s.pool.Exec(ctx, `INSERT INTO feed_state (source, last_attempt, last_error, consecutive_failures) VALUES ($1, $2, $3, 1)
		ON CONFLICT (source) DO UPDATE SET last_attempt = excluded.last_attempt, last_error = excluded.last_error,
			consecutive_failures = feed_state.consecutive_failures + 1`,
		source, at.UTC().Truncate(time.Microsecond), msg)
	if err != nil {
		return fmt.Errorf("record feed failure of %q: %w", source, err)
	}
	return nil
}

-- List feeds: per configured list source (an official download URL), what
-- the last fetches found, so the next fetch is conditional and a failing
-- source is visible. files holds, for sources of several files (the OFAC
-- CSV set), a JSON array of each file's validators and checksum; it is ''
-- for one-file sources. last_attempt and last_success are NULL until the
-- first attempt and the first success.
CREATE TABLE feed_state (
    source               TEXT {{BYTEWISE}} PRIMARY KEY,
    last_attempt         {{TIMESTAMP}},
    last_success         {{TIMESTAMP}},
    etag                 TEXT NOT NULL DEFAULT '',
    last_modified        TEXT NOT NULL DEFAULT '',
    checksum             TEXT NOT NULL DEFAULT '',
    files                TEXT NOT NULL DEFAULT '',
    list_version         INTEGER NOT NULL DEFAULT 0,
    last_error           TEXT NOT NULL DEFAULT '',
    consecutive_failures INTEGER NOT NULL DEFAULT 0
);

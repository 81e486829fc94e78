-- Watch lists: every import of a list is an immutable version; lists points
-- at the active one, so switching versions is one row update at commit.
CREATE TABLE list_versions (
    id           {{ID}},
    list         TEXT {{BYTEWISE}} NOT NULL,
    number       INTEGER NOT NULL,
    format       TEXT NOT NULL,
    source       TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    imported_at  {{TIMESTAMP}} NOT NULL,
    entity_count INTEGER NOT NULL,
    UNIQUE (list, number)
);

CREATE TABLE lists (
    name              TEXT {{BYTEWISE}} PRIMARY KEY,
    active_version_id BIGINT NOT NULL REFERENCES list_versions (id)
);

-- One row per entity per version. body is the watchlist.Entity as JSON; the
-- other columns are copies of its fields for lookups and diffs. version_id
-- has no foreign key on purpose: checking one per row more than halved the
-- speed of bulk imports, and the stores write entities only in the
-- transaction that creates their version and delete them with it.
CREATE TABLE list_entities (
    version_id   BIGINT NOT NULL,
    source_id    TEXT {{BYTEWISE}} NOT NULL,
    kind         TEXT NOT NULL,
    primary_name TEXT NOT NULL,
    entity_hash  TEXT NOT NULL,
    body         TEXT NOT NULL
);

CREATE UNIQUE INDEX list_entities_version_source ON list_entities (version_id, source_id);

-- Organisation registry (ROR): every import of a dump is an immutable
-- version; registry_active points at the active one, so switching versions
-- is one row update at commit. There is one registry, hence one row.
CREATE TABLE registry_versions (
    id             {{ID}},
    number         INTEGER NOT NULL UNIQUE,
    source         TEXT NOT NULL,
    content_hash   TEXT NOT NULL,
    schema_version TEXT NOT NULL,
    imported_at    {{TIMESTAMP}} NOT NULL,
    org_count      INTEGER NOT NULL
);

CREATE TABLE registry_active (
    singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
    version_id BIGINT NOT NULL REFERENCES registry_versions (id)
);

-- One row per organisation per version. body is the registry.Org as JSON;
-- ror_id (the full https://ror.org/ id), name (the display name), country
-- and status are copies for lookups. As with list_entities, version_id has
-- no foreign key so bulk imports stay fast; rows are written only in the
-- transaction that creates their version.
CREATE TABLE registry_orgs (
    version_id BIGINT NOT NULL,
    ror_id     TEXT {{BYTEWISE}} NOT NULL,
    name       TEXT NOT NULL,
    country    TEXT NOT NULL,
    status     TEXT NOT NULL,
    body       TEXT NOT NULL
);

CREATE UNIQUE INDEX registry_orgs_version_id ON registry_orgs (version_id, ror_id);

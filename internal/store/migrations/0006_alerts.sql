-- Alerts: what continuous monitoring found when the lists changed (a new
-- listing of a case's partner, a changed one, a removed one), linked to the
-- case and scoped to its tenant. dedupe_key is unique, so re-running a
-- re-screen (a retried job, a second server) raises nothing twice. programs
-- and previous_programs are JSON arrays.
CREATE TABLE alerts (
    id                {{ID}},
    tenant_id         BIGINT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    case_id           BIGINT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    kind              TEXT NOT NULL,
    list              TEXT {{BYTEWISE}} NOT NULL,
    source_id         TEXT {{BYTEWISE}} NOT NULL,
    name              TEXT NOT NULL DEFAULT '',
    party             TEXT NOT NULL DEFAULT '',
    programs          TEXT NOT NULL DEFAULT '[]',
    previous_programs TEXT NOT NULL DEFAULT '[]',
    list_version      INTEGER NOT NULL DEFAULT 0,
    dedupe_key        TEXT {{BYTEWISE}} NOT NULL UNIQUE,
    detail            TEXT NOT NULL DEFAULT '',
    created_at        {{TIMESTAMP}} NOT NULL,
    acked_at          {{TIMESTAMP}},
    acked_by          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX alerts_tenant ON alerts (tenant_id, id);
CREATE INDEX alerts_case ON alerts (case_id, id);

-- Where a tenant's alerts are delivered: one webhook (URL and the HMAC
-- secret that signs each body) and one email channel (comma-separated
-- addresses in target, no secret).
CREATE TABLE alert_channels (
    tenant_id  BIGINT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
    channel    TEXT NOT NULL,
    target     TEXT NOT NULL,
    secret     TEXT NOT NULL DEFAULT '',
    updated_at {{TIMESTAMP}} NOT NULL,
    PRIMARY KEY (tenant_id, channel)
);

-- The outbox: one row per alert and channel, written in the alert's
-- transaction. Dispatchers lease due rows (lease_owner, lease_until), try
-- them, and record success (delivered_at) or the error and the next attempt.
CREATE TABLE alert_deliveries (
    id           {{ID}},
    alert_id     BIGINT NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
    tenant_id    BIGINT NOT NULL,
    channel      TEXT NOT NULL,
    target       TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    next_attempt {{TIMESTAMP}} NOT NULL,
    lease_owner  TEXT NOT NULL DEFAULT '',
    lease_until  {{TIMESTAMP}},
    delivered_at {{TIMESTAMP}},
    last_error   TEXT NOT NULL DEFAULT '',
    UNIQUE (alert_id, channel)
);
CREATE INDEX alert_deliveries_due ON alert_deliveries (delivered_at, next_attempt);

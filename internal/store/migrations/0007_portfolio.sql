-- Portfolio screening: one row per import run of a publication file, the
-- chunks of input records each run has finished (so an interrupted run
-- resumes after its last saved chunk), and the findings: authors of works
-- whose affiliation resolves to an organisation with list hits. summary,
-- hits, areas, fields and coauthors are JSON text.
CREATE TABLE portfolio_runs (
    id          {{ID}},
    tenant_id   BIGINT NOT NULL REFERENCES tenants (id),
    source      TEXT NOT NULL,
    format      TEXT NOT NULL,
    chunk_size  INTEGER NOT NULL,
    state       TEXT NOT NULL,
    started_at  {{TIMESTAMP}} NOT NULL,
    finished_at {{TIMESTAMP}},
    summary     TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX portfolio_runs_tenant ON portfolio_runs (tenant_id, id);

CREATE TABLE portfolio_chunks (
    run_id  BIGINT NOT NULL REFERENCES portfolio_runs (id) ON DELETE CASCADE,
    chunk   INTEGER NOT NULL,
    records BIGINT NOT NULL,
    PRIMARY KEY (run_id, chunk)
);

CREATE TABLE portfolio_findings (
    id              {{ID}},
    run_id          BIGINT NOT NULL REFERENCES portfolio_runs (id) ON DELETE CASCADE,
    tenant_id       BIGINT NOT NULL REFERENCES tenants (id),
    chunk           INTEGER NOT NULL,
    line            BIGINT NOT NULL,
    work_id         TEXT NOT NULL,
    title           TEXT NOT NULL,
    year            INTEGER NOT NULL,
    person          TEXT NOT NULL,
    department      TEXT NOT NULL,
    affiliation     TEXT NOT NULL,
    partner_id      TEXT NOT NULL,
    partner_name    TEXT NOT NULL,
    partner_country TEXT NOT NULL,
    hits            TEXT NOT NULL,
    areas           TEXT NOT NULL,
    fields          TEXT NOT NULL,
    coauthors       TEXT NOT NULL
);
CREATE INDEX portfolio_findings_run ON portfolio_findings (run_id, id);

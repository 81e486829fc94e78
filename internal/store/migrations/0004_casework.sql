-- Casework: cases, tenants' policy overrides, sign-in sessions and the
-- audit trail.
--
-- A case is kept whole as the JSON of cases.Case in body; the other columns
-- are copies of its summary (cases.Case.Summarise) so lists filter and sort
-- without decoding bodies. referred_to is the adviser tenant the case was
-- referred to, which may also read it. version counts stored changes.
CREATE TABLE cases (
    id                {{ID}},
    tenant_id         BIGINT NOT NULL REFERENCES tenants (id),
    referred_to       BIGINT REFERENCES tenants (id),
    state             TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'in_review', 'referred', 'decided', 'closed')),
    title             TEXT NOT NULL,
    risk              TEXT NOT NULL,
    recommended       TEXT NOT NULL,
    decided_outcome   TEXT NOT NULL,
    partner_countries TEXT NOT NULL,
    created_by        BIGINT NOT NULL,
    assignee_id       BIGINT,
    version           INTEGER NOT NULL,
    created_at        {{TIMESTAMP}} NOT NULL,
    updated_at        {{TIMESTAMP}} NOT NULL,
    body              TEXT NOT NULL
);

-- Lists read a tenant's own cases and those referred to it newest first
-- (updated_at, then id), each from its index, and merge the two.
CREATE INDEX cases_tenant_updated ON cases (tenant_id, updated_at, id);
CREATE INDEX cases_referred_updated ON cases (referred_to, updated_at, id);
CREATE INDEX cases_tenant_state ON cases (tenant_id, state, updated_at, id);
CREATE INDEX cases_referred_state ON cases (referred_to, state, updated_at, id);

-- A tenant's policy override (YAML, validated before it is stored); no row
-- means the embedded default policy.
CREATE TABLE tenant_policies (
    tenant_id  BIGINT PRIMARY KEY REFERENCES tenants (id),
    version    TEXT NOT NULL,
    source     TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at {{TIMESTAMP}} NOT NULL
);

-- Browser sessions, by the SHA-256 of the cookie value. The (user_id,
-- tenant_id) key refuses a session pairing a user with another tenant.
CREATE TABLE sessions (
    hash       TEXT {{BYTEWISE}} PRIMARY KEY,
    tenant_id  BIGINT NOT NULL,
    user_id    BIGINT NOT NULL,
    created_at {{TIMESTAMP}} NOT NULL,
    expires_at {{TIMESTAMP}} NOT NULL,
    FOREIGN KEY (user_id, tenant_id) REFERENCES users (id, tenant_id)
);

CREATE INDEX sessions_expiry ON sessions (expires_at);

-- The hash-chained audit trail (package audit). seq is given by the store,
-- one after the chain head, while appends are serialised, so the chain
-- never forks. tenant_id 0 marks a deployment-wide change; it has no
-- foreign key so the trail outlives anything it mentions. detail is TEXT,
-- not a JSON type, because the hash covers its exact bytes.
CREATE TABLE audit_log (
    seq       BIGINT PRIMARY KEY,
    at        {{TIMESTAMP}} NOT NULL,
    tenant_id BIGINT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    subject   TEXT {{BYTEWISE}} NOT NULL,
    detail    TEXT NOT NULL,
    prev      TEXT NOT NULL,
    hash      TEXT NOT NULL
);

CREATE INDEX audit_log_subject ON audit_log (subject, seq);
CREATE INDEX audit_log_tenant ON audit_log (tenant_id, seq);

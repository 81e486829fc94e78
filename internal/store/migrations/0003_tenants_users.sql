-- Tenants, their users and the users' API tokens. Every row below tenants
-- carries tenant_id, so each query can be scoped to one tenant. Emails are
-- stored lower-cased and are unique across the deployment, because signing
-- in starts from the email alone. Tokens keep only the SHA-256 of the
-- token; prefix is its public lookup key. The (id, tenant_id) key on
-- users lets rows that point at a user also name its tenant, and the
-- database refuses a pair that does not belong together.
CREATE TABLE tenants (
    id         {{ID}},
    name       TEXT {{BYTEWISE}} NOT NULL UNIQUE,
    kind       TEXT NOT NULL CHECK (kind IN ('organisation', 'adviser', 'company')),
    created_at {{TIMESTAMP}} NOT NULL
);

CREATE TABLE users (
    id            {{ID}},
    tenant_id     BIGINT NOT NULL REFERENCES tenants (id),
    email         TEXT {{BYTEWISE}} NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('researcher', 'officer', 'adviser', 'admin')),
    password_hash TEXT NOT NULL,
    created_at    {{TIMESTAMP}} NOT NULL,
    UNIQUE (id, tenant_id)
);

CREATE INDEX users_tenant ON users (tenant_id, email);

CREATE TABLE api_tokens (
    id         {{ID}},
    tenant_id  BIGINT NOT NULL REFERENCES tenants (id),
    user_id    BIGINT NOT NULL,
    name       TEXT NOT NULL,
    prefix     TEXT {{BYTEWISE}} NOT NULL UNIQUE,
    hash       TEXT NOT NULL,
    created_at {{TIMESTAMP}} NOT NULL,
    revoked_at {{TIMESTAMP}},
    FOREIGN KEY (user_id, tenant_id) REFERENCES users (id, tenant_id)
);

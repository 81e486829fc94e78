-- Secure-innovation self-reviews a tenant (usually a company) has taken.
-- Each row keeps the answer set as given and the scored review (both
-- JSON), the questionnaire version they answer, and who saved it when, so
-- re-taking the review shows progress against the last stored one.
CREATE TABLE reviews (
    id                    {{ID}},
    tenant_id             BIGINT NOT NULL REFERENCES tenants (id),
    questionnaire_version TEXT NOT NULL,
    company               TEXT NOT NULL DEFAULT '',
    overall               INTEGER NOT NULL,
    answers               TEXT NOT NULL,
    result                TEXT NOT NULL,
    created_by            TEXT NOT NULL DEFAULT '',
    created_at            {{TIMESTAMP}} NOT NULL
);
CREATE INDEX reviews_tenant ON reviews (tenant_id, id);

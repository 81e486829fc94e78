-- Portfolio chunk claims: several worker processes share one portfolio run
-- by claiming its chunks. A claim row names the worker holding the chunk
-- and until when (its lease); a worker that dies loses its chunks when the
-- lease ends, and another claims them. A chunk is done when its
-- portfolio_chunks row exists (written once, with its findings, in one
-- transaction), so a chunk claimed twice is still saved once.
CREATE TABLE portfolio_claims (
    run_id      BIGINT NOT NULL REFERENCES portfolio_runs (id) ON DELETE CASCADE,
    chunk       INTEGER NOT NULL,
    claimed_by  TEXT NOT NULL,
    lease_until {{TIMESTAMP}} NOT NULL,
    claims      INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (run_id, chunk)
);

-- What each saved chunk counted (works, strings, findings, labels; JSON)
-- and which worker saved it, so a run shared by workers sums its summary
-- from its chunks.
ALTER TABLE portfolio_chunks ADD COLUMN stats TEXT NOT NULL DEFAULT '{}';
ALTER TABLE portfolio_chunks ADD COLUMN saved_by TEXT NOT NULL DEFAULT '';

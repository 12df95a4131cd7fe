-- newshound schema: immediate alerts, outbox retries with backoff, story lookups.
-- Migrations are append-only: never edit a released one.

-- 'digest' for a scheduled digest, 'alert' for an immediate alert; both go to the
-- recipients of the digest named in `digest`.
ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'digest';
-- After a failed send, when the background retry may try again (exponential backoff).
-- A scheduled or manual digest run retries regardless.
ALTER TABLE outbox ADD COLUMN next_attempt_at TEXT;

-- Which match an immediate alert of which digest told. `outbox_id` is NULL when no alert was
-- needed because the digest's readers had already been told the story (an earlier alert or
-- digest of the same cluster): the match is settled as far as alerts go.
CREATE TABLE alerts (
    digest TEXT NOT NULL,
    match_id INTEGER NOT NULL REFERENCES matches(id),
    outbox_id INTEGER REFERENCES outbox(id),
    PRIMARY KEY (digest, match_id)
);

-- "Was this story told before?" walks a cluster's entries and their claims.
CREATE INDEX IF NOT EXISTS entries_cluster ON entries(cluster_id);
CREATE INDEX IF NOT EXISTS matches_matched_at ON matches(matched_at);

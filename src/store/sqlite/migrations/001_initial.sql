-- newshound schema, version 1. Migrations are append-only: never edit a released one.
CREATE TABLE feeds (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    url TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    last_poll_at TEXT,
    last_success_at TEXT,
    last_error TEXT,
    last_error_at TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    next_poll_at TEXT,
    items_seen INTEGER NOT NULL DEFAULT 0
);

-- One row per entry ever seen; `key` is the stable entry key (canonical link, GUID or hash).
-- A row is written only once the entry is fully processed, together with its article and
-- matches, so a crash mid-way leaves the entry unseen and it is processed again.
CREATE TABLE entries (
    id INTEGER PRIMARY KEY,
    feed_id INTEGER NOT NULL REFERENCES feeds(id),
    key TEXT NOT NULL UNIQUE,
    link TEXT,
    title TEXT NOT NULL,
    published_at TEXT,
    seen_at TEXT NOT NULL,
    -- 'page' when the article page was extracted, 'feed' when the feed's own text was used
    text_source TEXT NOT NULL,
    text_error TEXT,
    text_len INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    cluster_id INTEGER NOT NULL
);
CREATE INDEX entries_seen_at ON entries(seen_at);

CREATE TABLE matches (
    id INTEGER PRIMARY KEY,
    entry_id INTEGER NOT NULL REFERENCES entries(id),
    watchlist TEXT NOT NULL,
    score REAL NOT NULL,
    terms TEXT NOT NULL,
    snippet TEXT NOT NULL,
    matched_at TEXT NOT NULL,
    UNIQUE (entry_id, watchlist)
);

-- A message built for a digest, written before it is sent, so a crash or a mail-server
-- outage resends exactly these bytes (same Message-ID) and loses nothing.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    digest TEXT NOT NULL,
    message_id TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    subject TEXT NOT NULL,
    message BLOB NOT NULL,
    -- JSON {"from": ..., "to": [...]}: the SMTP envelope to resend the same bytes
    envelope TEXT NOT NULL,
    story_count INTEGER NOT NULL,
    sent_at TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);

-- Which digest claimed which match; a match is in at most one message per digest.
CREATE TABLE deliveries (
    digest TEXT NOT NULL,
    match_id INTEGER NOT NULL REFERENCES matches(id),
    outbox_id INTEGER NOT NULL REFERENCES outbox(id),
    PRIMARY KEY (digest, match_id)
);

CREATE TABLE digest_runs (
    digest TEXT PRIMARY KEY,
    last_run_at TEXT NOT NULL
);

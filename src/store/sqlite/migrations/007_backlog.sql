-- Entries a poll found but left for later polls (`max_articles_per_poll`): they wait here, in
-- the order found, and later polls take them first, so a feed of 300,000 items is parsed and
-- checked once, not again on every poll, and entries wait even behind a 304, an unchanged
-- body, or a feed that dropped them meanwhile. Written and cleared in the transactions that
-- record polls; an entry leaves when it is recorded (by any feed).
CREATE TABLE backlog (
    id INTEGER PRIMARY KEY,
    feed_id INTEGER NOT NULL REFERENCES feeds(id),
    key TEXT NOT NULL UNIQUE,
    link TEXT,
    title TEXT NOT NULL,
    published_at TEXT,
    summary TEXT NOT NULL,
    found_at TEXT NOT NULL
);
CREATE INDEX backlog_feed ON backlog(feed_id, id);

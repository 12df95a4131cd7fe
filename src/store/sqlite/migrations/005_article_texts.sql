-- The extracted text of each article, kept for `[storage] keep_text_days` so that
-- `newshound watch backtest` can re-run changed watchlists over what was already read.
-- Written in the transaction that records its entry; pruned by `stored_at`.
CREATE TABLE article_texts (
    entry_id INTEGER PRIMARY KEY REFERENCES entries(id),
    text TEXT NOT NULL,
    stored_at TEXT NOT NULL
);
CREATE INDEX article_texts_stored_at ON article_texts(stored_at);

-- Why each match matched: `marks` are the byte ranges [[start, end], ...] of `snippet` that
-- hold matched words (what a digest shows in bold); `explanation` is JSON
-- {"clauses": [...], "snippets": [{"text", "marks"}, ...]}.
ALTER TABLE matches ADD COLUMN marks TEXT NOT NULL DEFAULT '[]';
ALTER TABLE matches ADD COLUMN explanation TEXT NOT NULL DEFAULT '{}';

-- Polite polling: where a permanently moved feed now lives, and when a failing feed may be
-- tried again (backoff and Retry-After).
ALTER TABLE feeds ADD COLUMN current_url TEXT;
ALTER TABLE feeds ADD COLUMN retry_at TEXT;
ALTER TABLE feeds ADD COLUMN failing_since TEXT;

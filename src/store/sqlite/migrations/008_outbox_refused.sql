-- A message the mail server refused for good (a 5xx about the message or its recipients,
-- e.g. 554): it is not retried, later messages of its digest go on, and `newshound outbox`
-- and the next digest's footer list it. `newshound outbox retry` clears it to try again.
ALTER TABLE outbox ADD COLUMN failed_at TEXT;

-- The SHA-256 of the last feed body that was fully processed, so a server that sends the same
-- bytes again without validators (no ETag, no Last-Modified) costs no parsing. Stored and
-- cleared exactly like the validators.
ALTER TABLE feeds ADD COLUMN body_hash TEXT;

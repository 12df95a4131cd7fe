-- Delivery channels beyond email (issue 17): each outbox row is one message for one channel.
-- `channel` names the [[channel]] it goes through; 'email' is the digest's own mail, which
-- every row written before this migration is. For email, `message` stays the RFC 5322 bytes
-- and `envelope` the SMTP envelope; for another channel `message` is the payload rendered for
-- it and `envelope` the recipient (a URL, topic, chat or room).
ALTER TABLE outbox ADD COLUMN channel TEXT NOT NULL DEFAULT 'email';
-- Stored once when the message is queued and sent with every attempt (Idempotency-Key header,
-- Matrix txnId), so a retry after a crash between the service's acceptance and the record
-- is the same message to a receiver that de-duplicates. For email the Message-ID is the key.
ALTER TABLE outbox ADD COLUMN idempotency_key TEXT;
UPDATE outbox SET idempotency_key = message_id;
-- Parts of a split message (Telegram's 4,096-character limit) the service already accepted:
-- a retry resumes after them instead of repeating them.
ALTER TABLE outbox ADD COLUMN parts_sent INTEGER NOT NULL DEFAULT 0;

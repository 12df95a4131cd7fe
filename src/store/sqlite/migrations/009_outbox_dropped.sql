-- A message an operator gave up on (`newshound outbox drop ID`): it is never sent or retried,
-- and it stays in the outbox, listed as dropped, so giving up is recorded rather than silent.
-- A dropped message also has failed_at set, so every query of what waits leaves it out.
ALTER TABLE outbox ADD COLUMN dropped_at TEXT;

-- Leases: which node polls a feed this tick, until when (see the SQLite migration 011).
ALTER TABLE feeds ADD COLUMN lease_owner TEXT;
ALTER TABLE feeds ADD COLUMN lease_until TIMESTAMPTZ;

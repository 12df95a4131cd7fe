-- Leases (issue 16): several `newshound run` processes on one database share the polling.
-- Before a scheduled poll a process takes the feed's lease until `lease_until`; another
-- process whose timer fires meanwhile leaves the feed alone. A process that dies holds its
-- leases only until they expire. `lease_owner` names the process (`[storage] node`).
ALTER TABLE feeds ADD COLUMN lease_owner TEXT;
ALTER TABLE feeds ADD COLUMN lease_until TEXT;

-- A leaders' notice or drift alert is decided (sent = 0), sent with a nonce made from that
-- decision, then marked sent = 1: a process that dies in between sends it again, and Discord drops
-- the repeat. Rows from before were told already.
ALTER TABLE notices ADD COLUMN sent INTEGER NOT NULL DEFAULT 1;
ALTER TABLE drift_alerts ADD COLUMN sent INTEGER NOT NULL DEFAULT 1;
ALTER TABLE drift_alerts ADD COLUMN text TEXT;

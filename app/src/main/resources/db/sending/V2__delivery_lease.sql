-- Several senders on one database (PostgreSQL) must not attempt the same delivery at once: a
-- sender claims a delivery by setting lease_holder (its own random token) and lease_until (when
-- the claim expires, so a crashed sender's claim ends by itself), in one conditional UPDATE, and
-- clears both when it stores the attempt's result. Kept in step with db/sending-postgresql.
ALTER TABLE deliveries ADD COLUMN lease_holder TEXT;
ALTER TABLE deliveries ADD COLUMN lease_until TEXT;
CREATE INDEX deliveries_due ON deliveries (state, next_attempt);

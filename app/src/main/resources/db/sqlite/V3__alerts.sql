-- Alert state (docs/alerts.md), SQLite. The PostgreSQL twin is db/postgresql/V3__alerts.sql;
-- keep both in step.

-- One row per time a condition held: opened when it starts, cleared when it no longer holds.
-- At most one open row per (domain, kind, subject), so a condition that persists is announced
-- once; after it cleared, a return opens a new row and is announced again.
CREATE TABLE alert (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  domain TEXT NOT NULL,
  kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  message TEXT NOT NULL,
  opened_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  cleared_at INTEGER
);
CREATE UNIQUE INDEX alert_open ON alert (domain, kind, subject) WHERE cleared_at IS NULL;
CREATE INDEX alert_opened ON alert (opened_at);

-- The outbox: one row per message and channel, retried with back-off until delivered or given
-- up. Intake never waits for it.
CREATE TABLE alert_delivery (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  alert_id INTEGER REFERENCES alert (id),
  channel TEXT NOT NULL,
  title TEXT NOT NULL,
  body_text TEXT NOT NULL,
  body_json TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at INTEGER,
  delivered_at INTEGER,
  last_error TEXT
);
CREATE INDEX alert_delivery_due ON alert_delivery (next_attempt_at);

-- The daily digest: one row per UTC day it was sent for, so it goes out once per day.
CREATE TABLE alert_digest (
  day TEXT PRIMARY KEY,
  sent_at INTEGER NOT NULL
);

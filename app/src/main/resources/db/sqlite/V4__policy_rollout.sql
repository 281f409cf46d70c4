-- Hosted policies over time, their retirement (RFC 8461 §8.3) and the monitoring checks, SQLite.
-- The PostgreSQL twin is db/postgresql/V4__policy_rollout.sql; keep both in step. Times are epoch
-- milliseconds.

-- Every version of a hosted domain's policy: the text served, its id, when serve first served it
-- and when another version replaced it (retired NULL: served now). published: when its id was
-- written to DNS by a dynamic update (NULL: not by us).
CREATE TABLE hosted_policy_version (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  domain TEXT NOT NULL,
  policy_id TEXT NOT NULL,
  mode TEXT NOT NULL,
  max_age INTEGER NOT NULL,
  policy_text TEXT NOT NULL,
  first_served INTEGER NOT NULL,
  retired INTEGER,
  published INTEGER
);
CREATE INDEX hosted_policy_version_domain ON hosted_policy_version (domain, first_served);

-- A domain leaving MTA-STS (RFC 8461 §8.3): mode none served from started, its records and policy
-- removed at remove_at (removed: when that was done).
CREATE TABLE policy_retirement (
  domain TEXT PRIMARY KEY,
  none_id TEXT NOT NULL,
  started INTEGER NOT NULL,
  remove_at INTEGER NOT NULL,
  removed INTEGER
);

-- What each scheduled check of a hosted domain found: the check's status, the alert codes raised
-- (JSON array) and the check's whole JSON.
CREATE TABLE monitor_check (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  domain TEXT NOT NULL,
  checked_at INTEGER NOT NULL,
  status TEXT NOT NULL,
  alerts TEXT NOT NULL,
  report_json TEXT NOT NULL
);
CREATE INDEX monitor_check_domain ON monitor_check (domain, checked_at);

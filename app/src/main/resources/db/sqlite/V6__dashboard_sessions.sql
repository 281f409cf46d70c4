-- The dashboard's login sessions (docs/serve.md), SQLite, so that they survive a restart of serve.
-- The PostgreSQL twin is db/postgresql/V6__dashboard_sessions.sql; keep both in step. Times are
-- epoch milliseconds.

-- id_hash: the SHA-256 (hex) of the session cookie's value; the value itself is never stored, so
-- that reading this table logs nobody in. csrf: the session's synchronizer token. expires_at: when
-- it ends unless used before (the earlier of last_seen + the idle limit and created + the lifetime).
CREATE TABLE dashboard_session (
  id_hash TEXT PRIMARY KEY,
  csrf TEXT NOT NULL,
  created INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX dashboard_session_expires ON dashboard_session (expires_at);
CREATE INDEX dashboard_session_created ON dashboard_session (created);

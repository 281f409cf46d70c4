-- The sending side of TLS-RPT (RFC 8460) on PostgreSQL (tlsrpt_reporting.database): the tables of
-- db/sending (SQLite) in this dialect, kept in step with it. Its own Flyway history table
-- (sending_schema_history), so that it can share a database and schema with serve's report store,
-- whose table names it does not use. Times and days are ISO-8601 text, as in SQLite, so that the
-- same SQL runs on both.

-- Sessions per UTC day, recipient policy domain and policy (its canonical form, see CanonicalPolicy).
CREATE TABLE policy_counts (
  day TEXT NOT NULL,
  policy_domain TEXT NOT NULL,
  policy TEXT NOT NULL,
  successful BIGINT NOT NULL DEFAULT 0,
  failed BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (day, policy_domain, policy)
);

-- Failed sessions per identical failure detail (its canonical form) of one policy_counts row.
CREATE TABLE failure_counts (
  day TEXT NOT NULL,
  policy_domain TEXT NOT NULL,
  policy TEXT NOT NULL,
  detail TEXT NOT NULL,
  sessions BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (day, policy_domain, policy, detail)
);

-- One report delivery per (day, policy domain, rua URI): its state and its retry schedule.
CREATE TABLE deliveries (
  day TEXT NOT NULL,
  policy_domain TEXT NOT NULL,
  rua TEXT NOT NULL,
  report_id TEXT NOT NULL,
  state TEXT NOT NULL,            -- pending | delivered | failed | refused | suppressed
  attempts INTEGER NOT NULL DEFAULT 0,
  first_attempt TEXT,
  next_attempt TEXT NOT NULL,
  last_result TEXT,
  PRIMARY KEY (day, policy_domain, rua)
);

-- Every attempt, in order: the delivery log.
CREATE TABLE delivery_log (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at TEXT NOT NULL,
  day TEXT NOT NULL,
  policy_domain TEXT NOT NULL,
  rua TEXT NOT NULL,
  report_id TEXT NOT NULL,
  outcome TEXT NOT NULL,          -- delivered | failed | refused | suppressed
  detail TEXT NOT NULL
);

-- rua URIs never sent to: manual entries (tlsrpt_reporting.suppress) are not stored here;
-- these are the ones whose deliveries failed suppress_after_failures days in a row.
CREATE TABLE suppressions (
  rua TEXT PRIMARY KEY,
  since TEXT NOT NULL,
  reason TEXT NOT NULL
);

-- Days whose deliveries the daemon has planned (records looked up, send times drawn).
CREATE TABLE planned_days (
  day TEXT PRIMARY KEY,
  planned_at TEXT NOT NULL
);

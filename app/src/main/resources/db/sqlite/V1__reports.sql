-- TLS reports received (RFC 8460), SQLite. The PostgreSQL twin is db/postgresql/V1__reports.sql;
-- keep both in step.

-- The report as it arrived, gzip-compressed, and the claim that de-duplicates it: a report is
-- stored once per (organization, report_id) of its JSON (RFC 8460 §4.4; an email's Subject
-- Report-ID is not used, Google's differs), and once per exact content.
CREATE TABLE raw_report (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  organization TEXT NOT NULL,
  report_id TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  source TEXT NOT NULL,
  source_detail TEXT,
  received_at INTEGER NOT NULL,
  raw_size INTEGER NOT NULL,
  raw_gzip BLOB,
  warnings TEXT,
  dkim_result TEXT,
  dkim_domain TEXT,
  dkim_aligned INTEGER,
  CONSTRAINT raw_report_key UNIQUE (organization, report_id),
  CONSTRAINT raw_report_hash UNIQUE (content_hash)
);
CREATE INDEX raw_report_received ON raw_report (received_at);

-- One row per configured domain the report speaks about.
CREATE TABLE report (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  raw_id INTEGER NOT NULL REFERENCES raw_report (id),
  domain TEXT NOT NULL,
  organization TEXT NOT NULL,
  report_id TEXT NOT NULL,
  start_at INTEGER NOT NULL,
  end_at INTEGER NOT NULL,
  day TEXT NOT NULL,
  contact TEXT,
  successful INTEGER NOT NULL,
  failed INTEGER NOT NULL,
  CONSTRAINT report_raw_domain UNIQUE (raw_id, domain)
);
CREATE INDEX report_domain_day ON report (domain, day);

CREATE TABLE policy (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  report_row INTEGER NOT NULL REFERENCES report (id),
  position INTEGER NOT NULL,
  policy_type TEXT NOT NULL,
  policy_domain TEXT,
  policy_strings TEXT NOT NULL,
  mx_hosts TEXT NOT NULL,
  successful INTEGER NOT NULL,
  failed INTEGER NOT NULL
);
CREATE INDEX policy_report ON policy (report_row);

CREATE TABLE failure_detail (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  policy_row INTEGER NOT NULL REFERENCES policy (id),
  result_type TEXT NOT NULL,
  sending_mta_ip TEXT,
  receiving_mx_hostname TEXT,
  receiving_mx_helo TEXT,
  receiving_ip TEXT,
  failed_session_count INTEGER NOT NULL,
  additional_information TEXT,
  failure_reason_code TEXT
);
CREATE INDEX failure_detail_policy ON failure_detail (policy_row);

-- Daily roll-ups, maintained in the transaction that stores the report; the summary reads only
-- these (and report for the count), never failure_detail. day is the UTC date of the report's
-- date-range start.
CREATE TABLE daily_sessions (
  domain TEXT NOT NULL,
  day TEXT NOT NULL,
  organization TEXT NOT NULL,
  policy_type TEXT NOT NULL,
  successful INTEGER NOT NULL,
  failed INTEGER NOT NULL,
  PRIMARY KEY (domain, day, organization, policy_type)
);

CREATE TABLE daily_failures (
  domain TEXT NOT NULL,
  day TEXT NOT NULL,
  organization TEXT NOT NULL,
  policy_type TEXT NOT NULL,
  mx_host TEXT NOT NULL,
  result_type TEXT NOT NULL,
  failed INTEGER NOT NULL,
  PRIMARY KEY (domain, day, organization, policy_type, mx_host, result_type)
);

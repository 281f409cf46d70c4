-- Roll-ups for the dashboard's queries (domain page, report list), so that none of them scans
-- failure_detail. SQLite; the PostgreSQL twin is db/postgresql/V2__dashboard_rollups.sql, keep
-- both in step. Maintained in the transaction that stores a report (ReportRows); backfilled here
-- from the rows already stored. day is the UTC date of the report's date-range start.

-- The policies senders applied, as they saw them (RFC 8460 §4.3 policy-string), per day and
-- sending organisation. policy_key identifies one policy text of one type (the text itself here;
-- an md5 in PostgreSQL, whose index entries are limited in size).
CREATE TABLE daily_policies (
  domain TEXT NOT NULL,
  day TEXT NOT NULL,
  organization TEXT NOT NULL,
  policy_type TEXT NOT NULL,
  policy_strings TEXT NOT NULL,
  policy_key TEXT GENERATED ALWAYS AS (policy_type || char(10) || policy_strings) VIRTUAL,
  successful INTEGER NOT NULL,
  failed INTEGER NOT NULL
);
CREATE UNIQUE INDEX daily_policies_key ON daily_policies (domain, day, organization, policy_key);

INSERT INTO daily_policies (domain, day, organization, policy_type, policy_strings, successful,
    failed)
  SELECT r.domain, r.day, r.organization, p.policy_type, p.policy_strings, SUM(p.successful),
      SUM(p.failed)
  FROM policy p JOIN report r ON r.id = p.report_row
  GROUP BY r.domain, r.day, r.organization, p.policy_type, p.policy_strings;

-- Failed sessions per sending MTA address (RFC 8460 §4.3 sending-mta-ip; '' when absent).
CREATE TABLE daily_sending_ips (
  domain TEXT NOT NULL,
  day TEXT NOT NULL,
  sending_ip TEXT NOT NULL,
  result_type TEXT NOT NULL,
  failed INTEGER NOT NULL,
  PRIMARY KEY (domain, day, sending_ip, result_type)
);

INSERT INTO daily_sending_ips (domain, day, sending_ip, result_type, failed)
  SELECT r.domain, r.day, COALESCE(f.sending_mta_ip, ''), f.result_type,
      SUM(f.failed_session_count)
  FROM failure_detail f JOIN policy p ON p.id = f.policy_row JOIN report r ON r.id = p.report_row
  GROUP BY r.domain, r.day, COALESCE(f.sending_mta_ip, ''), f.result_type;

-- Monthly twins of daily_failures and daily_sending_ips: a period's whole months are read here and
-- only its partial months' days from the daily tables, so an all-time page sums a few rows per
-- month instead of one per day (docs/benchmarks.md, "Dashboard queries"). month is YYYY-MM.
CREATE TABLE monthly_failures (
  domain TEXT NOT NULL,
  month TEXT NOT NULL,
  organization TEXT NOT NULL,
  mx_host TEXT NOT NULL,
  result_type TEXT NOT NULL,
  failed INTEGER NOT NULL,
  PRIMARY KEY (domain, month, organization, mx_host, result_type)
);

INSERT INTO monthly_failures (domain, month, organization, mx_host, result_type, failed)
  SELECT domain, substr(day, 1, 7), organization, mx_host, result_type, SUM(failed)
  FROM daily_failures GROUP BY domain, substr(day, 1, 7), organization, mx_host, result_type;

CREATE TABLE monthly_sending_ips (
  domain TEXT NOT NULL,
  month TEXT NOT NULL,
  sending_ip TEXT NOT NULL,
  result_type TEXT NOT NULL,
  failed INTEGER NOT NULL,
  PRIMARY KEY (domain, month, sending_ip, result_type)
);

INSERT INTO monthly_sending_ips (domain, month, sending_ip, result_type, failed)
  SELECT domain, substr(day, 1, 7), sending_ip, result_type, SUM(failed)
  FROM daily_sending_ips GROUP BY domain, substr(day, 1, 7), sending_ip, result_type;

-- The result types each stored report names, for the report list's result-type filter.
CREATE TABLE report_result_types (
  report_row INTEGER NOT NULL REFERENCES report (id),
  result_type TEXT NOT NULL,
  domain TEXT NOT NULL,
  day TEXT NOT NULL,
  failed INTEGER NOT NULL,
  PRIMARY KEY (report_row, result_type)
);
CREATE INDEX report_result_types_filter ON report_result_types (result_type, domain, day);

INSERT INTO report_result_types (report_row, result_type, domain, day, failed)
  SELECT r.id, f.result_type, r.domain, r.day, SUM(f.failed_session_count)
  FROM failure_detail f JOIN policy p ON p.id = f.policy_row JOIN report r ON r.id = p.report_row
  GROUP BY r.id, f.result_type, r.domain, r.day;

-- The report list, newest first, by organisation and overall.
CREATE INDEX report_organization_day ON report (organization, day);
CREATE INDEX report_day ON report (day);

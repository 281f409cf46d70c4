package dev.mtasts.app.store;

import dev.mtasts.core.tlsrpt.FailureDetails;
import dev.mtasts.core.tlsrpt.PolicyResult;
import dev.mtasts.core.tlsrpt.Report;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * Writes one submission inside the caller's transaction: the raw report (the de-duplicating claim),
 * then per domain the report row, its policies and failure details, and the daily roll-ups. The
 * same SQL runs on SQLite and PostgreSQL.
 */
final class ReportRows {

  // ON CONFLICT without a target covers both unique constraints: (organization, report_id) and
  // content_hash. On PostgreSQL a concurrent insert of the same key waits for the other
  // transaction and then does nothing, so two processes never store one report twice.
  private static final String INSERT_RAW =
      "INSERT INTO raw_report (organization, report_id, content_hash, source, source_detail,"
          + " received_at, raw_size, raw_gzip, warnings, dkim_result, dkim_domain, dkim_aligned)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id";

  private static final String INSERT_REPORT =
      "INSERT INTO report (raw_id, domain, organization, report_id, start_at, end_at, day,"
          + " contact, successful, failed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";

  private static final String INSERT_POLICY =
      "INSERT INTO policy (report_row, position, policy_type, policy_domain, policy_strings,"
          + " mx_hosts, successful, failed) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";

  private static final String INSERT_FAILURE =
      "INSERT INTO failure_detail (policy_row, result_type, sending_mta_ip,"
          + " receiving_mx_hostname, receiving_mx_helo, receiving_ip, failed_session_count,"
          + " additional_information, failure_reason_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private static final String UPSERT_SESSIONS =
      "INSERT INTO daily_sessions (domain, day, organization, policy_type, successful, failed)"
          + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (domain, day, organization, policy_type)"
          + " DO UPDATE SET successful = daily_sessions.successful + excluded.successful,"
          + " failed = daily_sessions.failed + excluded.failed";

  private static final String UPSERT_FAILURES =
      "INSERT INTO daily_failures (domain, day, organization, policy_type, mx_host, result_type,"
          + " failed) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (domain, day, organization,"
          + " policy_type, mx_host, result_type)"
          + " DO UPDATE SET failed = daily_failures.failed + excluded.failed";

  private static final String UPSERT_POLICIES =
      "INSERT INTO daily_policies (domain, day, organization, policy_type, policy_strings,"
          + " successful, failed) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (domain, day,"
          + " organization, policy_key) DO UPDATE SET"
          + " successful = daily_policies.successful + excluded.successful,"
          + " failed = daily_policies.failed + excluded.failed";

  private static final String UPSERT_SENDING_IPS =
      "INSERT INTO daily_sending_ips (domain, day, sending_ip, result_type, failed)"
          + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (domain, day, sending_ip, result_type)"
          + " DO UPDATE SET failed = daily_sending_ips.failed + excluded.failed";

  private static final String UPSERT_MONTHLY_FAILURES =
      "INSERT INTO monthly_failures (domain, month, organization, mx_host, result_type, failed)"
          + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (domain, month, organization, mx_host,"
          + " result_type) DO UPDATE SET failed = monthly_failures.failed + excluded.failed";

  private static final String UPSERT_MONTHLY_SENDING_IPS =
      "INSERT INTO monthly_sending_ips (domain, month, sending_ip, result_type, failed)"
          + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (domain, month, sending_ip, result_type)"
          + " DO UPDATE SET failed = monthly_sending_ips.failed + excluded.failed";

  private static final String INSERT_RESULT_TYPES =
      "INSERT INTO report_result_types (report_row, result_type, domain, day, failed)"
          + " VALUES (?, ?, ?, ?, ?)";

  /** A roll-up row's key; sorted, so every transaction locks roll-up rows in the same order. */
  private record SessionKey(String domain, String day, String organization, String policyType)
      implements Comparable<SessionKey> {
    @Override
    public int compareTo(SessionKey o) {
      return (domain + '\0' + day + '\0' + organization + '\0' + policyType)
          .compareTo(o.domain + '\0' + o.day + '\0' + o.organization + '\0' + o.policyType);
    }
  }

  private record FailureKey(SessionKey session, String mxHost, String resultType)
      implements Comparable<FailureKey> {
    @Override
    public int compareTo(FailureKey o) {
      int c = session.compareTo(o.session);
      if (c != 0) {
        return c;
      }
      c = mxHost.compareTo(o.mxHost);
      return c != 0 ? c : resultType.compareTo(o.resultType);
    }
  }

  private record PolicyKey(SessionKey session, String policyStrings)
      implements Comparable<PolicyKey> {
    @Override
    public int compareTo(PolicyKey o) {
      int c = session.compareTo(o.session);
      return c != 0 ? c : policyStrings.compareTo(o.policyStrings);
    }
  }

  private record SendingIpKey(String domain, String day, String sendingIp, String resultType)
      implements Comparable<SendingIpKey> {
    @Override
    public int compareTo(SendingIpKey o) {
      return (domain + '\0' + day + '\0' + sendingIp + '\0' + resultType)
          .compareTo(o.domain + '\0' + o.day + '\0' + o.sendingIp + '\0' + o.resultType);
    }
  }

  private ReportRows() {}

  /** The UTC day a report counts for in roll-ups and summaries: its date-range start. */
  static String day(Report report) {
    return LocalDate.ofInstant(report.start(), ZoneOffset.UTC).toString();
  }

  /** Writes {@code s}; does not commit. */
  static StoreResult write(Connection c, Submission s) throws SQLException {
    Optional<Long> rawId = insertRaw(c, s);
    if (rawId.isEmpty()) {
      return StoreResult.DUPLICATE;
    }
    Report report = s.report();
    String day = day(report);
    Map<SessionKey, long[]> sessions = new TreeMap<>();
    Map<FailureKey, Long> failures = new TreeMap<>();
    Map<PolicyKey, long[]> policies = new TreeMap<>();
    Map<SendingIpKey, Long> sendingIps = new TreeMap<>();
    for (Map.Entry<String, List<PolicyResult>> e : s.byDomain().entrySet()) {
      String domain = e.getKey();
      long reportRow = insertReport(c, rawId.get(), domain, report, e.getValue(), day);
      int position = 0;
      Map<String, Long> resultTypes = new TreeMap<>();
      for (PolicyResult p : e.getValue()) {
        long policyRow = insertPolicy(c, reportRow, position++, p);
        insertFailures(c, policyRow, p.failureDetails());
        SessionKey key =
            new SessionKey(domain, day, report.organizationName(), p.policy().policyType().value());
        long[] counts = sessions.computeIfAbsent(key, k -> new long[2]);
        counts[0] += p.summary().totalSuccessfulSessionCount();
        counts[1] += p.summary().totalFailureSessionCount();
        long[] seen =
            policies.computeIfAbsent(new PolicyKey(key, policyStrings(p)), k -> new long[2]);
        seen[0] += p.summary().totalSuccessfulSessionCount();
        seen[1] += p.summary().totalFailureSessionCount();
        for (FailureDetails f : p.failureDetails()) {
          String type = f.resultType().value();
          failures.merge(new FailureKey(key, mxHost(f), type), f.failedSessionCount(), Long::sum);
          sendingIps.merge(
              new SendingIpKey(domain, day, f.sendingMtaIp().orElse(""), type),
              f.failedSessionCount(),
              Long::sum);
          resultTypes.merge(type, f.failedSessionCount(), Long::sum);
        }
      }
      insertResultTypes(c, reportRow, domain, day, resultTypes);
    }
    upsertSessions(c, sessions);
    upsertFailures(c, failures);
    upsertPolicies(c, policies);
    upsertSendingIps(c, UPSERT_SENDING_IPS, sendingIps);
    upsertMonthlyFailures(c, failures);
    Map<SendingIpKey, Long> monthlyIps = new TreeMap<>();
    sendingIps.forEach(
        (k, n) ->
            monthlyIps.merge(
                new SendingIpKey(k.domain(), month(k.day()), k.sendingIp(), k.resultType()),
                n,
                Long::sum));
    upsertSendingIps(c, UPSERT_MONTHLY_SENDING_IPS, monthlyIps);
    return StoreResult.STORED;
  }

  /** The MX host a failure is rolled up under: its name (lower case, no trailing dot), or "". */
  static String mxHost(FailureDetails f) {
    String host = f.receivingMxHostname().orElse("").strip().toLowerCase(Locale.ROOT);
    return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
  }

  private static Optional<Long> insertRaw(Connection c, Submission s) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT_RAW)) {
      ps.setString(1, s.report().organizationName());
      ps.setString(2, s.report().reportId());
      ps.setString(3, s.contentHash());
      ps.setString(4, s.source());
      ps.setString(5, s.sourceDetail().orElse(null));
      ps.setLong(6, s.receivedAt().toEpochMilli());
      ps.setLong(7, s.raw().length);
      ps.setBytes(8, gzip(s.raw()));
      ps.setString(9, s.warnings().isEmpty() ? null : String.join(",", s.warnings()));
      ps.setString(10, s.dkim().map(DkimVerdict::result).orElse(null));
      ps.setString(11, s.dkim().flatMap(DkimVerdict::signingDomain).orElse(null));
      Optional<Boolean> aligned = s.dkim().flatMap(DkimVerdict::alignedWithFrom);
      if (aligned.isPresent()) {
        ps.setBoolean(12, aligned.get());
      } else {
        ps.setNull(12, Types.BOOLEAN);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
      }
    }
  }

  private static long insertReport(
      Connection c, long rawId, String domain, Report r, List<PolicyResult> policies, String day)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT_REPORT)) {
      ps.setLong(1, rawId);
      ps.setString(2, domain);
      ps.setString(3, r.organizationName());
      ps.setString(4, r.reportId());
      ps.setLong(5, r.start().toEpochMilli());
      ps.setLong(6, r.end().toEpochMilli());
      ps.setString(7, day);
      ps.setString(8, r.contactInfo().orElse(null));
      ps.setLong(
          9, policies.stream().mapToLong(p -> p.summary().totalSuccessfulSessionCount()).sum());
      ps.setLong(
          10, policies.stream().mapToLong(p -> p.summary().totalFailureSessionCount()).sum());
      return returnedId(ps);
    }
  }

  private static long insertPolicy(Connection c, long reportRow, int position, PolicyResult p)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT_POLICY)) {
      ps.setLong(1, reportRow);
      ps.setInt(2, position);
      ps.setString(3, p.policy().policyType().value());
      ps.setString(4, p.policy().policyDomain().orElse(null));
      ps.setString(5, policyStrings(p));
      ps.setString(6, String.join("\n", p.policy().mxHost()));
      ps.setLong(7, p.summary().totalSuccessfulSessionCount());
      ps.setLong(8, p.summary().totalFailureSessionCount());
      return returnedId(ps);
    }
  }

  private static void insertFailures(Connection c, long policyRow, List<FailureDetails> failures)
      throws SQLException {
    if (failures.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(INSERT_FAILURE)) {
      for (FailureDetails f : failures) {
        ps.setLong(1, policyRow);
        ps.setString(2, f.resultType().value());
        ps.setString(3, f.sendingMtaIp().orElse(null));
        ps.setString(4, f.receivingMxHostname().orElse(null));
        ps.setString(5, f.receivingMxHelo().orElse(null));
        ps.setString(6, f.receivingIp().orElse(null));
        ps.setLong(7, f.failedSessionCount());
        ps.setString(8, f.additionalInformation().orElse(null));
        ps.setString(9, f.failureReasonCode().orElse(null));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static void upsertSessions(Connection c, Map<SessionKey, long[]> sessions)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(UPSERT_SESSIONS)) {
      for (Map.Entry<SessionKey, long[]> e : sessions.entrySet()) {
        SessionKey k = e.getKey();
        ps.setString(1, k.domain());
        ps.setString(2, k.day());
        ps.setString(3, k.organization());
        ps.setString(4, k.policyType());
        ps.setLong(5, e.getValue()[0]);
        ps.setLong(6, e.getValue()[1]);
        ps.addBatch();
      }
      ps.executeBatch(); // one round trip on PostgreSQL, in key order
    }
  }

  private static void upsertFailures(Connection c, Map<FailureKey, Long> failures)
      throws SQLException {
    if (failures.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(UPSERT_FAILURES)) {
      for (Map.Entry<FailureKey, Long> e : failures.entrySet()) {
        FailureKey k = e.getKey();
        ps.setString(1, k.session().domain());
        ps.setString(2, k.session().day());
        ps.setString(3, k.session().organization());
        ps.setString(4, k.session().policyType());
        ps.setString(5, k.mxHost());
        ps.setString(6, k.resultType());
        ps.setLong(7, e.getValue());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** The policy-string lines as stored: joined by line feeds. */
  private static String policyStrings(PolicyResult p) {
    return String.join("\n", p.policy().policyString());
  }

  private static void insertResultTypes(
      Connection c, long reportRow, String domain, String day, Map<String, Long> types)
      throws SQLException {
    if (types.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(INSERT_RESULT_TYPES)) {
      for (Map.Entry<String, Long> e : types.entrySet()) {
        ps.setLong(1, reportRow);
        ps.setString(2, e.getKey());
        ps.setString(3, domain);
        ps.setString(4, day);
        ps.setLong(5, e.getValue());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static void upsertPolicies(Connection c, Map<PolicyKey, long[]> policies)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(UPSERT_POLICIES)) {
      for (Map.Entry<PolicyKey, long[]> e : policies.entrySet()) {
        SessionKey k = e.getKey().session();
        ps.setString(1, k.domain());
        ps.setString(2, k.day());
        ps.setString(3, k.organization());
        ps.setString(4, k.policyType());
        ps.setString(5, e.getKey().policyStrings());
        ps.setLong(6, e.getValue()[0]);
        ps.setLong(7, e.getValue()[1]);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** The month (YYYY-MM) of a day (YYYY-MM-DD), as the monthly roll-ups key it. */
  static String month(String day) {
    return day.substring(0, 7);
  }

  private static void upsertMonthlyFailures(Connection c, Map<FailureKey, Long> failures)
      throws SQLException {
    Map<List<String>, Long> monthly = new TreeMap<>(ReportRows::compareKeys);
    failures.forEach(
        (k, n) ->
            monthly.merge(
                List.of(
                    k.session().domain(),
                    month(k.session().day()),
                    k.session().organization(),
                    k.mxHost(),
                    k.resultType()),
                n,
                Long::sum));
    if (monthly.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(UPSERT_MONTHLY_FAILURES)) {
      for (Map.Entry<List<String>, Long> e : monthly.entrySet()) {
        for (int i = 0; i < 5; i++) {
          ps.setString(i + 1, e.getKey().get(i));
        }
        ps.setLong(6, e.getValue());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static int compareKeys(List<String> a, List<String> b) {
    for (int i = 0; i < a.size(); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static void upsertSendingIps(Connection c, String sql, Map<SendingIpKey, Long> ips)
      throws SQLException {
    if (ips.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (Map.Entry<SendingIpKey, Long> e : ips.entrySet()) {
        SendingIpKey k = e.getKey();
        ps.setString(1, k.domain());
        ps.setString(2, k.day());
        ps.setString(3, k.sendingIp());
        ps.setString(4, k.resultType());
        ps.setLong(5, e.getValue());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static long returnedId(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("INSERT ... RETURNING id returned no row");
      }
      return rs.getLong(1);
    }
  }

  private static byte[] gzip(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 3 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen in memory
    }
    return out.toByteArray();
  }
}

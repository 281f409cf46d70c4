package dev.mtasts.app.readiness;

import dev.mtasts.core.tlsrpt.PolicyType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads a domain's sessions and failures per policy type from the store's daily roll-ups (never the
 * failure details): the dashboard's breakdowns do not tell policy types apart, which the verdict
 * must (RFC 8460 §4.4). The same SQL runs on SQLite and PostgreSQL.
 */
final class EvidenceQuery {

  /** The result type shown for failed sessions a report counts without failure details. */
  static final String NO_DETAILS = "(no details)";

  private static final String SESSIONS =
      "SELECT organization, policy_type, SUM(successful), SUM(failed) FROM daily_sessions"
          + " WHERE domain = ? AND day >= ? AND day <= ? GROUP BY organization, policy_type";
  private static final String DAYS =
      "SELECT COUNT(DISTINCT day) FROM daily_sessions WHERE domain = ? AND day >= ? AND day <= ?";
  private static final String FAILURES =
      "SELECT organization, policy_type, mx_host, result_type, SUM(failed) FROM daily_failures"
          + " WHERE domain = ? AND day >= ? AND day <= ?"
          + " GROUP BY organization, policy_type, mx_host, result_type";

  /** Counts of one sender while they are summed up. */
  private static final class SenderCounts {
    long sessions;
    long failed;
    long stsSessions;
    long stsFailed;
    long stsDetailed;
    long blocked;
  }

  private static final class MxCounts {
    long failed;
    long blocked;
  }

  private record TypeKey(String policyType, String resultType) implements Comparable<TypeKey> {
    @Override
    public int compareTo(TypeKey o) {
      int c = policyType.compareTo(o.policyType);
      return c != 0 ? c : resultType.compareTo(o.resultType);
    }
  }

  private EvidenceQuery() {}

  /**
   * @param policyMx the {@code mx} patterns of the current MTA-STS policy senders reported
   */
  static Evidence read(
      Connection c,
      String domain,
      LocalDate from,
      LocalDate to,
      List<String> policyMx,
      Optional<List<String>> hostedMx)
      throws SQLException {
    Map<String, SenderCounts> senders = new TreeMap<>();
    try (PreparedStatement ps = prepare(c, SESSIONS, domain, from, to);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        SenderCounts s = senders.computeIfAbsent(rs.getString(1), k -> new SenderCounts());
        long successful = rs.getLong(3);
        long failed = rs.getLong(4);
        s.sessions += successful + failed;
        s.failed += failed;
        if (isSts(rs.getString(2))) {
          s.stsSessions += successful + failed;
          s.stsFailed += failed;
        }
      }
    }
    int days;
    try (PreparedStatement ps = prepare(c, DAYS, domain, from, to);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      days = rs.getInt(1);
    }
    Map<String, MxCounts> mxHosts = new TreeMap<>();
    Map<TypeKey, Long> byType = new TreeMap<>();
    try (PreparedStatement ps = prepare(c, FAILURES, domain, from, to);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String policyType = rs.getString(2);
        String host = rs.getString(3);
        String resultType = rs.getString(4);
        long failed = rs.getLong(5);
        EnforceEffect effect = EnforceEffect.of(policyType, resultType);
        byType.merge(new TypeKey(policyType, resultType), failed, Long::sum);
        SenderCounts s = senders.computeIfAbsent(rs.getString(1), k -> new SenderCounts());
        if (isSts(policyType)) {
          s.stsDetailed += failed;
          s.blocked += effect.blocks() ? failed : 0;
        }
        if (!host.isEmpty()) {
          MxCounts m = mxHosts.computeIfAbsent(host, k -> new MxCounts());
          m.failed += failed;
          m.blocked += isSts(policyType) && effect.blocks() ? failed : 0;
        }
      }
    }
    return evidence(from, to, days, senders, mxHosts, byType, policyMx, hostedMx);
  }

  private static Evidence evidence(
      LocalDate from,
      LocalDate to,
      int days,
      Map<String, SenderCounts> senders,
      Map<String, MxCounts> mxHosts,
      Map<TypeKey, Long> byType,
      List<String> policyMx,
      Optional<List<String>> hostedMx) {
    List<Evidence.Sender> senderRows = new ArrayList<>();
    long sessions = 0;
    long failed = 0;
    long stsSessions = 0;
    long blocked = 0;
    long undetailed = 0;
    for (Map.Entry<String, SenderCounts> e : senders.entrySet()) {
      SenderCounts s = e.getValue();
      // failed sessions a report counts without details: unknown, so counted as blocked
      long missing = Math.max(0, s.stsFailed - s.stsDetailed);
      long senderBlocked = Math.min(s.stsSessions, s.blocked + missing);
      undetailed += missing;
      senderRows.add(
          new Evidence.Sender(e.getKey(), s.sessions, s.failed, s.stsSessions, senderBlocked));
      sessions += s.sessions;
      failed += s.failed;
      stsSessions += s.stsSessions;
      blocked += senderBlocked;
    }
    List<Evidence.Failures> typeRows = new ArrayList<>();
    byType.forEach(
        (k, n) ->
            typeRows.add(
                new Evidence.Failures(
                    k.policyType(),
                    k.resultType(),
                    n,
                    EnforceEffect.of(k.policyType(), k.resultType()))));
    if (undetailed > 0) {
      typeRows.add(
          new Evidence.Failures(
              PolicyType.STS.value(), NO_DETAILS, undetailed, EnforceEffect.UNKNOWN));
    }
    List<Evidence.MxHost> mxRows = new ArrayList<>();
    mxHosts.forEach(
        (host, m) ->
            mxRows.add(
                new Evidence.MxHost(
                    host,
                    m.failed,
                    m.blocked,
                    PolicyMx.covers(policyMx, host),
                    hostedMx.map(patterns -> PolicyMx.covers(patterns, host)))));
    return new Evidence(
        from,
        to,
        days,
        senders.size(),
        sessions,
        failed,
        stsSessions,
        blocked,
        senderRows,
        mxRows,
        typeRows,
        policyMx,
        hostedMx);
  }

  private static boolean isSts(String policyType) {
    return PolicyType.STS.value().equalsIgnoreCase(policyType);
  }

  private static PreparedStatement prepare(
      Connection c, String sql, String domain, LocalDate from, LocalDate to) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    ps.setString(1, domain);
    ps.setString(2, from.toString());
    ps.setString(3, to.toString());
    return ps;
  }
}

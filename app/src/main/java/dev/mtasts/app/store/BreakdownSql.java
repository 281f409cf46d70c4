package dev.mtasts.app.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A domain's failed sessions broken down by result type, sending organisation, receiving MX host
 * and sending IP, from the roll-ups (never failure_detail): daily_sessions, and monthly_failures
 * and monthly_sending_ips for a period's whole months with daily_failures and daily_sending_ips for
 * its other days. Largest first, then by key.
 */
final class BreakdownSql {

  /** The failures of a period: whole months from monthly_failures, other days daily. */
  static final String FAILURES =
      MonthSplit.union(
          "organization, mx_host, result_type, failed", "monthly_failures", "daily_failures");

  private BreakdownSql() {}

  static List<FailureGroup> byResultType(Connection c, String domain, Period period)
      throws SQLException {
    return groups(
        c,
        "SELECT result_type, result_type, SUM(failed) FROM " + FAILURES + " GROUP BY result_type",
        domain,
        period);
  }

  static List<FailureGroup> byMxHost(Connection c, String domain, Period period)
      throws SQLException {
    return groups(
        c,
        "SELECT mx_host, result_type, SUM(failed) FROM "
            + FAILURES
            + " GROUP BY mx_host, result_type",
        domain,
        period);
  }

  static List<FailureGroup> bySendingIp(Connection c, String domain, Period period)
      throws SQLException {
    return groups(
        c,
        "SELECT sending_ip, result_type, SUM(failed) FROM "
            + MonthSplit.union(
                "sending_ip, result_type, failed", "monthly_sending_ips", "daily_sending_ips")
            + " GROUP BY sending_ip, result_type",
        domain,
        period);
  }

  static List<OrganizationSessions> byOrganization(Connection c, String domain, Period period)
      throws SQLException {
    Map<String, Map<String, Long>> types =
        keyed(
            c,
            "SELECT organization, result_type, SUM(failed) FROM "
                + FAILURES
                + " GROUP BY organization, result_type",
            domain,
            period);
    List<OrganizationSessions> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT organization, SUM(successful), SUM(failed) FROM daily_sessions"
                + " WHERE domain = ? AND day >= ? AND day <= ? GROUP BY organization")) {
      Reads.bind(ps, domain, period);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String org = rs.getString(1);
          out.add(
              new OrganizationSessions(
                  org, rs.getLong(2), rs.getLong(3), types.getOrDefault(org, Map.of())));
        }
      }
    }
    out.sort(
        Comparator.comparingLong(OrganizationSessions::failed)
            .reversed()
            .thenComparing(OrganizationSessions::organization));
    return out;
  }

  /** Rows of (group, result type, failed) folded into groups, largest first. */
  private static List<FailureGroup> groups(Connection c, String sql, String domain, Period period)
      throws SQLException {
    List<FailureGroup> out = new ArrayList<>();
    keyed(c, sql, domain, period)
        .forEach(
            (key, types) ->
                out.add(
                    new FailureGroup(
                        key, types.values().stream().mapToLong(Long::longValue).sum(), types)));
    out.sort(
        Comparator.comparingLong(FailureGroup::failed).reversed().thenComparing(FailureGroup::key));
    return out;
  }

  private static Map<String, Map<String, Long>> keyed(
      Connection c, String sql, String domain, Period period) throws SQLException {
    Map<String, Map<String, Long>> out = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      new MonthSplit(period).bind(ps, domain);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
              .merge(rs.getString(2), rs.getLong(3), Long::sum);
        }
      }
    }
    return out;
  }
}

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
 * and sending IP, from the daily_failures, daily_sessions and daily_sending_ips roll-ups (never
 * failure_detail). Largest first, then by key.
 */
final class BreakdownSql {

  private BreakdownSql() {}

  static List<FailureGroup> byResultType(Connection c, String domain, Period period)
      throws SQLException {
    return groups(
        c,
        "SELECT result_type, result_type, SUM(failed) FROM daily_failures"
            + " WHERE domain = ? AND day >= ? AND day <= ? GROUP BY result_type",
        domain,
        period);
  }

  static List<FailureGroup> byMxHost(Connection c, String domain, Period period)
      throws SQLException {
    return groups(
        c,
        "SELECT mx_host, result_type, SUM(failed) FROM daily_failures"
            + " WHERE domain = ? AND day >= ? AND day <= ? GROUP BY mx_host, result_type",
        domain,
        period);
  }

  static List<FailureGroup> bySendingIp(Connection c, String domain, Period period)
      throws SQLException {
    return groups(
        c,
        "SELECT sending_ip, result_type, SUM(failed) FROM daily_sending_ips"
            + " WHERE domain = ? AND day >= ? AND day <= ? GROUP BY sending_ip, result_type",
        domain,
        period);
  }

  static List<OrganizationSessions> byOrganization(Connection c, String domain, Period period)
      throws SQLException {
    Map<String, Map<String, Long>> types =
        keyed(
            c,
            "SELECT organization, result_type, SUM(failed) FROM daily_failures"
                + " WHERE domain = ? AND day >= ? AND day <= ?"
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
      Reads.bind(ps, domain, period);
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

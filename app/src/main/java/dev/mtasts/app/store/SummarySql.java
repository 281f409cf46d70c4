package dev.mtasts.app.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The domain list and a domain's totals, from the roll-ups and the report index only. */
final class SummarySql {

  private SummarySql() {}

  static List<DomainListing> domains(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT domain, MIN(day), MAX(day), SUM(successful), SUM(failed)"
                    + " FROM daily_sessions GROUP BY domain ORDER BY domain");
        ResultSet rs = ps.executeQuery()) {
      List<DomainListing> out = new ArrayList<>();
      while (rs.next()) {
        out.add(
            new DomainListing(
                rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5)));
      }
      return out;
    }
  }

  static boolean hasDomain(Connection c, String domain) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM daily_sessions WHERE domain = ? LIMIT 1")) {
      ps.setString(1, domain);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  static long reportCount(Connection c, String domain, Period period) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT COUNT(*) FROM report WHERE domain = ? AND day >= ? AND day <= ?")) {
      Reads.bind(ps, domain, period);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  static DomainSummary summary(Connection c, String domain, Period period) throws SQLException {
    long reports = reportCount(c, domain, period);
    Map<String, DomainSummary.Sessions> byOrg = new HashMap<>();
    long successful = 0;
    long failed = 0;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT organization, SUM(successful), SUM(failed) FROM daily_sessions"
                + " WHERE domain = ? AND day >= ? AND day <= ? GROUP BY organization")) {
      Reads.bind(ps, domain, period);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          byOrg.put(rs.getString(1), new DomainSummary.Sessions(rs.getLong(2), rs.getLong(3)));
          successful += rs.getLong(2);
          failed += rs.getLong(3);
        }
      }
    }
    Map<String, Long> byType = new HashMap<>();
    for (FailureGroup g : BreakdownSql.byResultType(c, domain, period)) {
      byType.put(g.key(), g.failed());
    }
    return new DomainSummary(domain, reports, successful, failed, byType, byOrg);
  }
}

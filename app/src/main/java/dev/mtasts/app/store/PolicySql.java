package dev.mtasts.app.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** The policies senders applied, from the daily_policies roll-up. */
final class PolicySql {

  private PolicySql() {}

  /** One policy text as one organisation applied it within a period. */
  record Applied(
      String policyType,
      String policyStrings,
      String organization,
      LocalDate firstDay,
      LocalDate lastDay,
      long successful,
      long failed) {}

  static List<Applied> applied(Connection c, String domain, Period period) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT policy_type, MIN(policy_strings), organization, MIN(day), MAX(day),"
                + " SUM(successful), SUM(failed) FROM daily_policies"
                + " WHERE domain = ? AND day >= ? AND day <= ?"
                + " GROUP BY policy_type, policy_key, organization")) {
      Reads.bind(ps, domain, period);
      try (ResultSet rs = ps.executeQuery()) {
        List<Applied> out = new ArrayList<>();
        while (rs.next()) {
          out.add(
              new Applied(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  LocalDate.parse(rs.getString(4)),
                  LocalDate.parse(rs.getString(5)),
                  rs.getLong(6),
                  rs.getLong(7)));
        }
        return out;
      }
    }
  }

  /** The sts modes senders applied on {@code day}, sorted; unreadable policies are left out. */
  static List<String> stsModes(Connection c, String domain, LocalDate day) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT DISTINCT policy_strings FROM daily_policies"
                + " WHERE domain = ? AND day = ? AND policy_type = 'sts'")) {
      ps.setString(1, domain);
      ps.setString(2, day.toString());
      try (ResultSet rs = ps.executeQuery()) {
        TreeSet<String> modes = new TreeSet<>();
        while (rs.next()) {
          PolicyLines.of("sts", rs.getString(1)).mode().ifPresent(modes::add);
        }
        return List.copyOf(modes);
      }
    }
  }

  /** The last day with a report for {@code domain}. */
  static Optional<LocalDate> lastDay(Connection c, String domain) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT MAX(day) FROM daily_sessions WHERE domain = ?")) {
      ps.setString(1, domain);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return Optional.ofNullable(rs.getString(1)).map(LocalDate::parse);
      }
    }
  }
}

package dev.mtasts.app.alert;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rules of {@link AlertConfig.Rules} over a domain's daily roll-ups (never the failure
 * details). A window of N days is the reports whose date range starts from N days before today up
 * to today (UTC), so yesterday's reports count with N = 1.
 */
final class RuleEvaluator {

  private final AlertConfig.Rules rules;

  RuleEvaluator(AlertConfig.Rules rules) {
    this.rules = rules;
  }

  /** The kinds of alert the enabled rules raise. */
  Set<String> kinds() {
    Set<String> kinds = new LinkedHashSet<>();
    rules.failureRate().ifPresent(r -> kinds.add(Alert.FAILURE_RATE));
    rules.newResultType().ifPresent(r -> kinds.add(Alert.NEW_RESULT_TYPE));
    rules
        .newFailingSender()
        .ifPresent(
            r -> {
              kinds.add(Alert.NEW_FAILING_ORGANIZATION);
              kinds.add(Alert.NEW_FAILING_MX);
            });
    rules.reportsMissing().ifPresent(r -> kinds.add(Alert.REPORTS_MISSING));
    return kinds;
  }

  /** The conditions that hold for {@code domain} today. */
  List<Alert> evaluate(Connection c, String domain, LocalDate today) throws SQLException {
    List<Alert> out = new ArrayList<>();
    if (rules.failureRate().isPresent()) {
      failureRate(c, domain, today, rules.failureRate().get(), out);
    }
    if (rules.newResultType().isPresent()) {
      AlertConfig.Novelty n = rules.newResultType().get();
      novel(c, domain, today, n, "result_type", Alert.NEW_RESULT_TYPE, "result type", out);
    }
    if (rules.newFailingSender().isPresent()) {
      AlertConfig.Novelty n = rules.newFailingSender().get();
      novel(c, domain, today, n, "organization", Alert.NEW_FAILING_ORGANIZATION, "sender", out);
      novel(c, domain, today, n, "mx_host", Alert.NEW_FAILING_MX, "MX host", out);
    }
    if (rules.reportsMissing().isPresent()) {
      reportsMissing(c, domain, today, rules.reportsMissing().get(), out);
    }
    return out;
  }

  private static void failureRate(
      Connection c, String domain, LocalDate today, AlertConfig.FailureRate r, List<Alert> out)
      throws SQLException {
    LocalDate from = today.minusDays(r.windowDays());
    Totals t = totals(c, domain, from, today);
    long sessions = t.successful + t.failed;
    if (sessions < r.minSessions() || sessions == 0) {
      return;
    }
    double rate = (double) t.failed / sessions;
    if (rate <= r.threshold()) {
      return;
    }
    Map<String, Long> top = new LinkedHashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT result_type, SUM(failed) FROM daily_failures WHERE domain = ? AND day >= ?"
                + " AND day <= ? GROUP BY result_type ORDER BY SUM(failed) DESC, result_type")) {
      bind(ps, domain, from, today);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next() && top.size() < 3) {
          top.put(rs.getString(1), rs.getLong(2));
        }
      }
    }
    out.add(
        new Alert(
            Alert.FAILURE_RATE,
            domain,
            "",
            t.failed
                + " of "
                + sessions
                + " TLS sessions ("
                + percent(rate)
                + ") failed in the reports of "
                + from
                + " to "
                + today
                + ", over the threshold of "
                + percent(r.threshold())
                + (top.isEmpty()
                    ? ""
                    : "; most failures: "
                        + top.entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue())
                            .collect(Collectors.joining(", ")))));
  }

  /** Values of {@code column} failing in the window that did not fail in the history before. */
  private static void novel(
      Connection c,
      String domain,
      LocalDate today,
      AlertConfig.Novelty n,
      String column,
      String kind,
      String what,
      List<Alert> out)
      throws SQLException {
    LocalDate windowFrom = today.minusDays(n.windowDays());
    LocalDate historyTo = windowFrom.minusDays(1);
    LocalDate historyFrom = historyTo.minusDays(n.historyDays() - 1L);
    if (totals(c, domain, historyFrom, historyTo).days == 0) {
      return; // nothing to be new against: a domain's first reports are not news
    }
    Map<String, Long> recent = failing(c, column, domain, windowFrom, today);
    Set<String> before = failing(c, column, domain, historyFrom, historyTo).keySet();
    for (Map.Entry<String, Long> e : recent.entrySet()) {
      if (!before.contains(e.getKey())) {
        out.add(
            new Alert(
                kind,
                domain,
                e.getKey(),
                "new failing "
                    + what
                    + " "
                    + e.getKey()
                    + ": "
                    + e.getValue()
                    + " failed sessions in the reports of "
                    + windowFrom
                    + " to "
                    + today
                    + ", none in the "
                    + n.historyDays()
                    + " days before"));
      }
    }
  }

  private static void reportsMissing(
      Connection c, String domain, LocalDate today, AlertConfig.ReportsMissing r, List<Alert> out)
      throws SQLException {
    LocalDate windowFrom = today.minusDays(r.days());
    LocalDate historyTo = windowFrom.minusDays(1);
    LocalDate historyFrom = historyTo.minusDays(r.historyDays() - 1L);
    if (totals(c, domain, windowFrom, today).days > 0) {
      return;
    }
    int historyDays = totals(c, domain, historyFrom, historyTo).days;
    if (historyDays >= r.minHistoryDays()) {
      out.add(
          new Alert(
              Alert.REPORTS_MISSING,
              domain,
              "",
              "no reports for "
                  + windowFrom
                  + " to "
                  + today
                  + ", where reports came on "
                  + historyDays
                  + " of the "
                  + r.historyDays()
                  + " days before; check the _smtp._tls record and the intake"));
    }
  }

  private record Totals(long successful, long failed, int days) {}

  private static Totals totals(Connection c, String domain, LocalDate from, LocalDate to)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT SUM(successful), SUM(failed), COUNT(DISTINCT day) FROM daily_sessions"
                + " WHERE domain = ? AND day >= ? AND day <= ?")) {
      bind(ps, domain, from, to);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new Totals(rs.getLong(1), rs.getLong(2), rs.getInt(3));
      }
    }
  }

  private static Map<String, Long> failing(
      Connection c, String column, String domain, LocalDate from, LocalDate to)
      throws SQLException {
    // column is one of three fixed names, never input
    Map<String, Long> out = new LinkedHashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + column
                + ", SUM(failed) FROM daily_failures WHERE domain = ? AND day >= ? AND day <= ?"
                + " AND failed > 0 AND "
                + column
                + " <> '' GROUP BY "
                + column
                + " ORDER BY "
                + column)) {
      bind(ps, domain, from, to);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getLong(2));
        }
      }
    }
    return out;
  }

  private static void bind(PreparedStatement ps, String domain, LocalDate from, LocalDate to)
      throws SQLException {
    ps.setString(1, domain);
    ps.setString(2, from.toString());
    ps.setString(3, to.toString());
  }

  static String percent(double rate) {
    return String.format(Locale.ROOT, "%.2f%%", rate * 100);
  }

  /** For the digest: {@code [successful, failed]} of the reports of one day, per domain. */
  static Map<String, long[]> day(Connection c, LocalDate day) throws SQLException {
    Map<String, long[]> out = new java.util.TreeMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT domain, SUM(successful), SUM(failed) FROM daily_sessions WHERE day = ?"
                + " GROUP BY domain")) {
      ps.setString(1, day.toString());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
        }
      }
    }
    return out;
  }
}

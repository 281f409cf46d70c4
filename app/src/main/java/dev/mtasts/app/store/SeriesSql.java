package dev.mtasts.app.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** A domain's sessions per day, from the daily_sessions roll-up. */
final class SeriesSql {

  private SeriesSql() {}

  /** The days of {@code period} with reports, oldest first. */
  static List<DailySessions> series(Connection c, String domain, Period period)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT day, SUM(successful), SUM(failed) FROM daily_sessions"
                + " WHERE domain = ? AND day >= ? AND day <= ? GROUP BY day ORDER BY day")) {
      Reads.bind(ps, domain, period);
      try (ResultSet rs = ps.executeQuery()) {
        List<DailySessions> out = new ArrayList<>();
        while (rs.next()) {
          out.add(
              new DailySessions(LocalDate.parse(rs.getString(1)), rs.getLong(2), rs.getLong(3)));
        }
        return out;
      }
    }
  }

  /** Every day from {@code from} to {@code to}, days without reports as zeros. */
  static List<DailySessions> filled(List<DailySessions> series, LocalDate from, LocalDate to) {
    List<DailySessions> out = new ArrayList<>();
    int i = 0;
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      while (i < series.size() && series.get(i).day().isBefore(d)) {
        i++;
      }
      out.add(
          i < series.size() && series.get(i).day().equals(d)
              ? series.get(i)
              : new DailySessions(d, 0, 0));
    }
    return out;
  }

  /** The sum of a series. */
  static DomainSummary.Sessions total(List<DailySessions> series) {
    return new DomainSummary.Sessions(
        series.stream().mapToLong(DailySessions::successful).sum(),
        series.stream().mapToLong(DailySessions::failed).sum());
  }
}

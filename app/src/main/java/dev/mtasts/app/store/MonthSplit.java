package dev.mtasts.app.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;

/**
 * A period cut into the whole months the monthly roll-ups answer and the days before and after them
 * that only the daily roll-ups can: {@code head} days, {@code months}, {@code tail} days. An empty
 * range has its lower bound above its upper one, so it matches nothing.
 */
final class MonthSplit {

  private static final LocalDate OPEN_FROM = LocalDate.of(0, 1, 1);
  private static final LocalDate OPEN_TO = LocalDate.of(9999, 12, 31);

  final String headLo;
  final String headHi;
  final String monthLo;
  final String monthHi;
  final String tailLo;
  final String tailHi;

  MonthSplit(Period period) {
    LocalDate lo = period.from().orElse(OPEN_FROM);
    LocalDate hi = period.to().orElse(OPEN_TO);
    LocalDate firstFull = lo.getDayOfMonth() == 1 ? lo : lo.withDayOfMonth(1).plusMonths(1);
    LocalDate lastFull =
        hi.equals(YearMonth.from(hi).atEndOfMonth()) ? hi : hi.withDayOfMonth(1).minusDays(1);
    if (firstFull.isAfter(lastFull)) {
      String[] head = range(lo, hi);
      headLo = head[0];
      headHi = head[1];
      monthLo = EMPTY[0];
      monthHi = EMPTY[1];
      tailLo = EMPTY[0];
      tailHi = EMPTY[1];
    } else {
      String[] head = range(lo, firstFull.minusDays(1));
      String[] tail = range(lastFull.plusDays(1), hi);
      headLo = head[0];
      headHi = head[1];
      monthLo = day(firstFull).substring(0, 7);
      monthHi = day(lastFull).substring(0, 7);
      tailLo = tail[0];
      tailHi = tail[1];
    }
  }

  /** A range that matches nothing: its lower bound sorts above its upper one. */
  private static final String[] EMPTY = {"1", "0"};

  /** The bounds of the days {@code from}..{@code to}, or {@link #EMPTY}. */
  private static String[] range(LocalDate from, LocalDate to) {
    return from.isAfter(to) ? EMPTY : new String[] {day(from), day(to)};
  }

  /** The day as stored: YYYY-MM-DD, also for year 0. */
  private static String day(LocalDate d) {
    return String.format(
        java.util.Locale.ROOT, "%04d-%02d-%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth());
  }

  /**
   * {@code SELECT columns FROM} the monthly table for the whole months, then the daily table for
   * the head and tail days, as one row source; bind with {@link #bind}.
   */
  static String union(String columns, String monthly, String daily) {
    return "(SELECT "
        + columns
        + " FROM "
        + monthly
        + " WHERE domain = ? AND month >= ? AND month <= ? UNION ALL SELECT "
        + columns
        + " FROM "
        + daily
        + " WHERE domain = ? AND day >= ? AND day <= ? UNION ALL SELECT "
        + columns
        + " FROM "
        + daily
        + " WHERE domain = ? AND day >= ? AND day <= ?) AS rows_in_period";
  }

  /** Binds the nine parameters of {@link #union} from parameter 1. */
  void bind(PreparedStatement ps, String domain) throws SQLException {
    String[] values = {domain, monthLo, monthHi, domain, headLo, headHi, domain, tailLo, tailHi};
    for (int i = 0; i < values.length; i++) {
      ps.setString(i + 1, values[i]);
    }
  }
}

package dev.mtasts.app.web;

import dev.mtasts.app.store.Period;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.eclipse.jetty.util.Fields;

/**
 * The period of a page from its query: {@code from} and {@code to} (YYYY-MM-DD, UTC days, both
 * inclusive, either may be left out) or {@code last=N} (the last N days, today included). Neither:
 * all time.
 */
final class PeriodParam {

  /** The longest {@code last=N}: ten years. */
  private static final int MAX_DAYS = 3660;

  private PeriodParam() {}

  /** Thrown for a query that names no valid period; the message says why. */
  static final class BadPeriod extends Exception {
    private static final long serialVersionUID = 1L;

    BadPeriod(String message) {
      super(message);
    }
  }

  static Period parse(Fields query, LocalDate today) throws BadPeriod {
    String last = query.getValue("last");
    if (last != null && !last.isEmpty()) {
      int days;
      try {
        days = Integer.parseInt(last);
      } catch (NumberFormatException e) {
        throw new BadPeriod("last is a number of days, not " + last);
      }
      if (days < 1 || days > MAX_DAYS) {
        throw new BadPeriod("last is 1.." + MAX_DAYS + " days, not " + days);
      }
      return lastDays(days, today);
    }
    try {
      return new Period(day(query.getValue("from")), day(query.getValue("to")));
    } catch (DateTimeParseException e) {
      throw new BadPeriod("from and to are days written YYYY-MM-DD");
    } catch (IllegalArgumentException e) {
      throw new BadPeriod(e.getMessage());
    }
  }

  static Period lastDays(int days, LocalDate today) {
    return Period.of(today.minusDays(days - 1L), today);
  }

  private static Optional<LocalDate> day(String value) {
    return value == null || value.isBlank()
        ? Optional.empty()
        : Optional.of(LocalDate.parse(value.strip()));
  }

  /** The period in words. */
  static String words(Period p) {
    if (p.from().isEmpty() && p.to().isEmpty()) {
      return "all time";
    }
    if (p.to().isEmpty()) {
      return "from " + p.from().get();
    }
    if (p.from().isEmpty()) {
      return "until " + p.to().get();
    }
    return p.from().get().equals(p.to().get())
        ? p.from().get().toString()
        : p.from().get() + " to " + p.to().get();
  }

  /** The period as query parameters ({@code from=...&to=...}), empty for all time. */
  static String query(Period p) {
    StringBuilder q = new StringBuilder();
    p.from().ifPresent(d -> q.append("from=").append(d));
    p.to()
        .ifPresent(
            d -> {
              if (!q.isEmpty()) {
                q.append('&');
              }
              q.append("to=").append(d);
            });
    return q.toString();
  }
}

package dev.mtasts.app.store;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * A range of UTC days, both bounds inclusive; an absent bound is open (no bounds: all time). A
 * report counts for the day its date-range starts (RFC 8460 §4.4 {@code start-datetime}).
 */
public record Period(Optional<LocalDate> from, Optional<LocalDate> to) {

  /** Every day. */
  public static final Period ALL = new Period(Optional.empty(), Optional.empty());

  private static final String NO_FROM = "0000-01-01";
  private static final String NO_TO = "9999-12-31";

  /**
   * @throws IllegalArgumentException when {@code from} is after {@code to}
   */
  public Period {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
      throw new IllegalArgumentException(
          "from " + from.get() + " is after to " + to.get() + " (both days are inclusive)");
    }
  }

  public static Period of(LocalDate from, LocalDate to) {
    return new Period(Optional.of(from), Optional.of(to));
  }

  /** The lower bound as the stored day text. */
  String lo() {
    return from.map(LocalDate::toString).orElse(NO_FROM);
  }

  /** The upper bound as the stored day text. */
  String hi() {
    return to.map(LocalDate::toString).orElse(NO_TO);
  }
}

package dev.mtasts.core.tlsrpt;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Internal: the {@code date-range} of a report (RFC 8460 §4.4), RFC 3339 date-times. */
final class ReportDates {

  private ReportDates() {}

  /**
   * An RFC 3339 date-time; without a zone it is read as UTC, with a warning. Null after an error.
   */
  static Instant date(Problems problems, JsonValue value, ReportPath path, String key) {
    String text = MemberChecks.requiredString(problems, value, path, key);
    if (text == null) {
      return null;
    }
    Instant plain = plainUtc(text);
    if (plain != null) {
      return plain;
    }
    try {
      return OffsetDateTime.parse(
              text.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
          .toInstant();
    } catch (DateTimeParseException withZone) {
      try {
        Instant instant =
            LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                .toInstant(ZoneOffset.UTC);
        problems.warn(
            "REPORT_DATE_WITHOUT_ZONE",
            path + key + " \"" + text + "\" has no time zone; read as UTC");
        return instant;
      } catch (DateTimeParseException withoutZone) {
        problems.error(
            "REPORT_INVALID_DATE", path + key + " \"" + text + "\" is not an RFC 3339 date-time");
        return null;
      }
    }
  }

  /** The range of two dates read (either may be null after an error). */
  static void checkRange(Problems problems, Instant start, Instant end) {
    if (start == null || end == null) {
      return;
    }
    if (start.isAfter(end)) {
      problems.error("REPORT_DATE_RANGE_INVERTED", "start-datetime " + start + " is after " + end);
    } else if (end.isAfter(start)
        && LocalTime.ofInstant(end, ZoneOffset.UTC).equals(LocalTime.MIDNIGHT)) {
      // RFC 8460 §4.1: a day is 00:00-24:00; senders write 24:00 as the next day's 00:00:00Z
      problems.warn(
          "REPORT_END_NEXT_DAY",
          "end-datetime " + end + " is the next day's 00:00:00Z rather than 23:59:59Z");
    }
  }

  /**
   * The form every real sender writes, {@code 2024-09-13T00:00:00Z}, read without a {@link
   * DateTimeFormatter} (the costliest step of reading a small report); null for any other form,
   * which the formatter then reads. Out-of-range fields are null too, as the formatter rejects
   * them.
   */
  private static Instant plainUtc(String text) {
    if (text.length() != 20
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || (text.charAt(10) != 'T' && text.charAt(10) != 't')
        || text.charAt(13) != ':'
        || text.charAt(16) != ':'
        || (text.charAt(19) != 'Z' && text.charAt(19) != 'z')) {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    if ((year | month | day | hour | minute | second) < 0) {
      return null;
    }
    try {
      return LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return null; // e.g. February 30: the formatter reports it
    }
  }

  /** The decimal number in {@code text[from, from + count)}, or -1 if any is not a digit. */
  private static int digits(String text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}

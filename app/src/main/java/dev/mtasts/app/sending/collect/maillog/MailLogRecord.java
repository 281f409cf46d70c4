package dev.mtasts.app.sending.collect.maillog;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One mail log record of a Postfix program: when, which program ({@code postfix/smtp}, or {@code
 * postfix-INSTANCE/smtp}), its process id, and the message.
 */
record MailLogRecord(Instant at, String program, long pid, String message) {

  /**
   * {@code TIMESTAMP HOST PROGRAM[PID]: MESSAGE}, where TIMESTAMP is RFC 3339 (rsyslog's default on
   * Debian 12, {@code journalctl -o short-iso}) or the traditional {@code Mmm dd hh:mm:ss}
   * (Postfix's own {@code maillog_file}, older syslogs), which has no year and no zone.
   */
  private static final Pattern LINE =
      Pattern.compile(
          "^(?<time>\\d{4}-\\d\\d-\\d\\dT\\S+|[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d)"
              + " \\S+ (?<program>[^\\s\\[]+)\\[(?<pid>\\d{1,10})\\]: (?<message>.*)$");

  private static final DateTimeFormatter ISO_WITHOUT_COLON =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss[.SSSSSS][.SSS]xx", Locale.ROOT);

  /**
   * Reads a syslog line; empty when it is not one of a program with a pid. A traditional time stamp
   * is read in {@code zone}, in the year that puts it nearest before {@code now} (a log read on 1
   * January may still hold 31 December).
   */
  static Optional<MailLogRecord> parse(String line, ZoneId zone, Instant now) {
    Matcher m = LINE.matcher(line);
    if (!m.matches()) {
      return Optional.empty();
    }
    Optional<Instant> at = time(m.group("time"), zone, now);
    if (at.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new MailLogRecord(
            at.get(), m.group("program"), Long.parseLong(m.group("pid")), m.group("message")));
  }

  private static Optional<Instant> time(String text, ZoneId zone, Instant now) {
    try {
      if (Character.isDigit(text.charAt(0))) {
        try {
          return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
          return Optional.of(OffsetDateTime.parse(text, ISO_WITHOUT_COLON).toInstant());
        }
      }
      DateTimeFormatter traditional =
          new DateTimeFormatterBuilder()
              .appendPattern("MMM ppd HH:mm:ss")
              .parseDefaulting(ChronoField.YEAR, ZonedDateTime.ofInstant(now, zone).getYear())
              .toFormatter(Locale.ROOT);
      ZonedDateTime candidate = LocalDateTime.parse(text, traditional).atZone(zone);
      if (candidate.toInstant().isAfter(now.plusSeconds(86_400))) {
        candidate = candidate.minusYears(1);
      }
      return Optional.of(candidate.toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether the program is a Postfix SMTP client ({@code postfix/smtp}, {@code postfix-x/smtp}).
   */
  boolean fromSmtpClient() {
    return program.endsWith("/smtp") && program.startsWith("postfix");
  }
}

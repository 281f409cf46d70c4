package dev.mtasts.app.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of the report list: a report as stored for one policy domain.
 *
 * @param id the stored report's id (for its detail and raw report)
 * @param reportId the report-id the sender gave (RFC 8460 §4.4)
 * @param start the date-range start
 * @param end the date-range end
 * @param day the UTC day of {@code start}, the day it counts for
 * @param receivedAt when it arrived
 * @param source {@code https}, {@code smtp}, {@code imap} or {@code import}
 * @param dkimResult the DKIM verdict of the carrying mail, when it came by mail
 */
public record ReportListing(
    long id,
    String domain,
    String organization,
    String reportId,
    Instant start,
    Instant end,
    LocalDate day,
    long successful,
    long failed,
    Instant receivedAt,
    String source,
    Optional<String> dkimResult) {

  public ReportListing {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(organization, "organization");
    Objects.requireNonNull(reportId, "reportId");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(day, "day");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(dkimResult, "dkimResult");
  }
}

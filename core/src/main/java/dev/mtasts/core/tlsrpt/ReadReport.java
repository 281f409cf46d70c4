package dev.mtasts.core.tlsrpt;

import java.util.Objects;
import java.util.Optional;

/**
 * A report as read by {@link ReportReader}, with the email it came in when it came by mail.
 *
 * @param report the report
 * @param email the carrying email's metadata, absent for JSON, gzip or zip input
 */
public record ReadReport(Report report, Optional<EmailEnvelope> email) {

  public ReadReport {
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(email, "email");
  }
}

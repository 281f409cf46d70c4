package dev.mtasts.core.tlsrpt;

import java.util.Objects;
import java.util.Optional;

/**
 * What the email that carried a report said about it (RFC 8460 §5.3), for an intake to index; the
 * report itself stays authoritative (RFC 8460 §5.6).
 *
 * @param reportDomain the {@code TLS-Report-Domain} header
 * @param reportSubmitter the {@code TLS-Report-Submitter} header
 * @param subject the decoded, unfolded {@code Subject}
 * @param subjectReportId the {@code Report-ID:} of the subject, without angle brackets
 * @param attachmentName the report part's file name (RFC 8460 §5.1), when it had one
 */
public record EmailEnvelope(
    Optional<String> reportDomain,
    Optional<String> reportSubmitter,
    Optional<String> subject,
    Optional<String> subjectReportId,
    Optional<String> attachmentName) {

  public EmailEnvelope {
    Objects.requireNonNull(reportDomain, "reportDomain");
    Objects.requireNonNull(reportSubmitter, "reportSubmitter");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(subjectReportId, "subjectReportId");
    Objects.requireNonNull(attachmentName, "attachmentName");
  }
}

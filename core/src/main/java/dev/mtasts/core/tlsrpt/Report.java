package dev.mtasts.core.tlsrpt;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One aggregate TLS report (RFC 8460 §4.4), with the values the sender meant.
 *
 * @param organizationName {@code organization-name}
 * @param start {@code date-range.start-datetime}
 * @param end {@code date-range.end-datetime}
 * @param contactInfo {@code contact-info}, absent when the sender left it out or null
 * @param reportId {@code report-id}
 * @param policies {@code policies}, one entry per applied policy
 */
public record Report(
    String organizationName,
    Instant start,
    Instant end,
    Optional<String> contactInfo,
    String reportId,
    List<PolicyResult> policies) {

  public Report {
    Objects.requireNonNull(organizationName, "organizationName");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(contactInfo, "contactInfo");
    Objects.requireNonNull(reportId, "reportId");
    policies = List.copyOf(policies);
  }

  /** Successful sessions over all policies, saturating at {@link Long#MAX_VALUE}. */
  public long totalSuccessful() {
    return policies.stream()
        .mapToLong(p -> p.summary().totalSuccessfulSessionCount())
        .reduce(0, SessionCounts::add);
  }

  /** Failed sessions over all policies, saturating at {@link Long#MAX_VALUE}. */
  public long totalFailed() {
    return policies.stream()
        .mapToLong(p -> p.summary().totalFailureSessionCount())
        .reduce(0, SessionCounts::add);
  }
}

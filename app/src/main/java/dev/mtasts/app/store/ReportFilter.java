package dev.mtasts.app.store;

import java.util.Objects;
import java.util.Optional;

/**
 * Which reports the report list shows; every present criterion must hold.
 *
 * @param domain the policy domain (A-label, lower case)
 * @param organization the sending organisation, exactly as reported
 * @param resultType reports with at least one failure detail of this RFC 8460 §4.3 result type
 * @param period the days the reports' date ranges start on
 */
public record ReportFilter(
    Optional<String> domain,
    Optional<String> organization,
    Optional<String> resultType,
    Period period) {

  /** Every report. */
  public static final ReportFilter ALL =
      new ReportFilter(Optional.empty(), Optional.empty(), Optional.empty(), Period.ALL);

  public ReportFilter {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(organization, "organization");
    Objects.requireNonNull(resultType, "resultType");
    Objects.requireNonNull(period, "period");
  }
}

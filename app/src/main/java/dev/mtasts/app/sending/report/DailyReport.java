package dev.mtasts.app.sending.report;

import dev.mtasts.app.sending.ReportingConfig;
import dev.mtasts.core.tlsrpt.PolicyResult;
import dev.mtasts.core.tlsrpt.Report;
import dev.mtasts.core.tlsrpt.ReportFileName;
import dev.mtasts.core.tlsrpt.ReportWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * One recipient policy domain's report for one UTC day (RFC 8460 §4.4), with what delivery needs:
 * the gzip bytes (§5.2) and the §5.1 file name.
 *
 * @param day the UTC day reported on
 * @param policyDomain the policy domain (an A-label)
 * @param submitter our domain ({@code TLS-Report-Submitter}, §5.3)
 * @param report the report
 */
public record DailyReport(LocalDate day, String policyDomain, String submitter, Report report) {

  /**
   * The day's report for {@code policyDomain}: {@code date-range} from 00:00:00Z to 23:59:59Z of
   * the day (RFC 8460 §4.1: reports cover a UTC day), organisation and contact from the config, and
   * the stable {@link #reportId}.
   */
  public static DailyReport of(
      LocalDate day, String policyDomain, List<PolicyResult> results, ReportingConfig config) {
    Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant end = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(1);
    Report report =
        new Report(
            config.organizationName(),
            start,
            end,
            config.contactInfo(),
            reportId(day, policyDomain, config.submitter()),
            results);
    return new DailyReport(day, policyDomain, config.submitter(), report);
  }

  /**
   * The report-id: one per (day, policy domain, submitter) and the same every time it is built, so
   * that a resend is a duplicate at the receiver (RFC 8460 §4.4, §5.3). It is {@code
   * YYYY-MM-DD.POLICY-DOMAIN@SUBMITTER}, which is also a valid {@code id-left "@" id-right} of the
   * §5.3 Subject.
   */
  public static String reportId(LocalDate day, String policyDomain, String submitter) {
    return day + "." + policyDomain + "@" + submitter;
  }

  /** The report gzip-compressed, strict RFC 8460 JSON (§5.2). */
  public byte[] gzip() {
    return ReportWriter.toGzip(report);
  }

  /** The §5.1 file name of the compressed report. */
  public String fileName() {
    return ReportFileName.gzip(submitter, policyDomain, report.start(), report.end());
  }

  /** Whether any session failed on that day. */
  public boolean hasFailures() {
    return report.totalFailed() > 0;
  }
}

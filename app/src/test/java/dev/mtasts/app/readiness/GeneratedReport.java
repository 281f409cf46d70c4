package dev.mtasts.app.readiness;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A generated RFC 8460 report with one policy: the organisation, day, domain, policy type and mode,
 * the {@code mx} lines, the successful sessions and the failure details. Immutable; each {@code
 * with} returns a copy.
 */
public record GeneratedReport(
    String organization,
    String reportId,
    LocalDate day,
    String domain,
    String policyType,
    String mode,
    List<String> mx,
    long successful,
    List<Failure> failures,
    long undetailedFailures) {

  /** One failure detail. */
  public record Failure(String resultType, String mxHost, long count) {}

  /** An sts report in testing mode with {@code mx: mx1.DOMAIN}, without failures. */
  public static GeneratedReport sts(
      String organization, String reportId, LocalDate day, String domain, long successful) {
    return new GeneratedReport(
        organization,
        reportId,
        day,
        domain,
        "sts",
        "testing",
        List.of("mx1." + domain),
        successful,
        List.of(),
        0);
  }

  public GeneratedReport failing(String resultType, String mxHost, long count) {
    List<Failure> f = new ArrayList<>(failures);
    f.add(new Failure(resultType, mxHost, count));
    return new GeneratedReport(
        organization,
        reportId,
        day,
        domain,
        policyType,
        mode,
        mx,
        successful,
        f,
        undetailedFailures);
  }

  public GeneratedReport withPolicyType(String type) {
    return new GeneratedReport(
        organization,
        reportId,
        day,
        domain,
        type,
        mode,
        mx,
        successful,
        failures,
        undetailedFailures);
  }

  public GeneratedReport withMx(String... patterns) {
    return new GeneratedReport(
        organization,
        reportId,
        day,
        domain,
        policyType,
        mode,
        List.of(patterns),
        successful,
        failures,
        undetailedFailures);
  }

  /** Failed sessions the summary counts but no failure detail explains. */
  public GeneratedReport withUndetailedFailures(long n) {
    return new GeneratedReport(
        organization, reportId, day, domain, policyType, mode, mx, successful, failures, n);
  }

  public String json() {
    long failed = failures.stream().mapToLong(Failure::count).sum() + undetailedFailures;
    String details =
        failures.stream()
            .map(
                f ->
                    "{\"result-type\":\""
                        + f.resultType()
                        + "\",\"sending-mta-ip\":\"192.0.2.7\",\"receiving-mx-hostname\":\""
                        + f.mxHost()
                        + "\",\"failed-session-count\":"
                        + f.count()
                        + "}")
            .collect(Collectors.joining(","));
    String policy =
        policyType.equals("sts")
            ? "\"policy-string\":["
                + "\"version: STSv1\",\"mode: "
                + mode
                + "\","
                + mx.stream().map(m -> "\"mx: " + m + "\"").collect(Collectors.joining(","))
                + ",\"max_age: 86400\"],\"mx-host\":["
                + mx.stream().map(m -> "\"" + m + "\"").collect(Collectors.joining(","))
                + "],"
            : "";
    return "{\"organization-name\":\""
        + organization
        + "\",\"date-range\":{\"start-datetime\":\""
        + day
        + "T00:00:00Z\",\"end-datetime\":\""
        + day
        + "T23:59:59Z\"},\"contact-info\":\"tlsrpt@"
        + organization.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "-")
        + ".example\",\"report-id\":\""
        + reportId
        + "\",\"policies\":[{\"policy\":{\"policy-type\":\""
        + policyType
        + "\","
        + policy
        + "\"policy-domain\":\""
        + domain
        + "\"},\"summary\":{\"total-successful-session-count\":"
        + successful
        + ",\"total-failure-session-count\":"
        + failed
        + "},\"failure-details\":["
        + details
        + "]}]}";
  }
}

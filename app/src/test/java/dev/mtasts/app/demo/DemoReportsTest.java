package dev.mtasts.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.lab.BulkDomains;
import dev.mtasts.app.lab.Scenario;
import dev.mtasts.app.lab.Scenarios;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.tlsrpt.FailureDetails;
import dev.mtasts.core.tlsrpt.PolicyResult;
import dev.mtasts.core.tlsrpt.PolicyType;
import dev.mtasts.core.tlsrpt.ReadReport;
import dev.mtasts.core.tlsrpt.Report;
import dev.mtasts.core.tlsrpt.ReportReader;
import dev.mtasts.core.tlsrpt.ReportWriter;
import dev.mtasts.core.tlsrpt.ResultType;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DemoReportsTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 12, 3);
  private static final List<Scenario> SCENARIOS =
      Scenarios.all().stream().filter(s -> !BulkDomains.isGenerated(s.domain())).toList();

  private static List<Report> generate(long seed, int days) {
    return new DemoReports(SCENARIOS, host -> Optional.of("127.0.0.9"), seed)
        .forDaysBefore(TODAY, days);
  }

  private static List<Report> about(List<Report> reports, String domain) {
    return reports.stream()
        .filter(r -> r.policies().getFirst().policy().policyDomain().equals(Optional.of(domain)))
        .toList();
  }

  @Test
  void everyReportIsReadBackStrictlyWithoutAWarning() {
    ReportReader reader = new ReportReader();
    for (Report report : generate(1, 3)) {
      ParseResult<ReadReport> read = reader.read(ReportWriter.toGzip(report));
      assertThat(read).as(report.reportId()).isInstanceOf(ParseResult.Ok.class);
      assertThat(read.warnings()).as(report.reportId()).isEmpty();
      assertThat(((ParseResult.Ok<ReadReport>) read).value().report()).isEqualTo(report);
    }
  }

  @Test
  void failureDetailsAddUpToEachSummaryAndEveryDayIsAWholeUtcDay() {
    for (Report report : generate(2, 5)) {
      assertThat(report.end().getEpochSecond() - report.start().getEpochSecond()).isEqualTo(86_399);
      assertThat(report.start().atZone(ZoneOffset.UTC).toLocalTime().toSecondOfDay()).isZero();
      for (PolicyResult p : report.policies()) {
        long details =
            p.failureDetails().stream().mapToLong(FailureDetails::failedSessionCount).sum();
        assertThat(details).as(report.reportId()).isEqualTo(p.summary().totalFailureSessionCount());
      }
    }
  }

  @Test
  void theDaysAreTheOnesBeforeTodayAndNoneOfToday() {
    List<Report> reports = generate(3, 30);
    Set<LocalDate> days =
        reports.stream()
            .map(r -> r.start().atZone(ZoneOffset.UTC).toLocalDate())
            .collect(Collectors.toSet());
    assertThat(days).hasSize(30).contains(TODAY.minusDays(30), TODAY.minusDays(1));
    assertThat(days).doesNotContain(TODAY, TODAY.minusDays(31));
  }

  @Test
  void theSameSeedGivesTheSameReportsAndAnotherSeedOtherNumbers() {
    assertThat(generate(7, 4)).isEqualTo(generate(7, 4));
    assertThat(generate(7, 4)).isNotEqualTo(generate(8, 4));
  }

  @Test
  void reportIdsAreUniquePerSender() {
    List<Report> reports = generate(4, 30);
    long distinct =
        reports.stream().map(r -> r.organizationName() + "|" + r.reportId()).distinct().count();
    assertThat(distinct).isEqualTo(reports.size());
  }

  @Test
  void anExpiredMxCertificateFailsEverySessionAsCertificateExpired() {
    List<Report> reports = about(generate(5, 10), "mx-cert-expired.test");
    assertThat(reports).isNotEmpty();
    for (Report r : reports) {
      assertThat(r.totalSuccessful()).isZero();
      assertThat(r.totalFailed()).isPositive();
      assertThat(r.policies().getFirst().failureDetails())
          .allSatisfy(
              f -> {
                assertThat(f.resultType()).isEqualTo(ResultType.CERTIFICATE_EXPIRED);
                assertThat(f.receivingMxHostname()).contains("mx1.mx-cert-expired.test");
                assertThat(f.receivingIp()).contains("127.0.0.9");
              });
    }
  }

  @Test
  void anMxOutsideThePolicyFailsOnlyItsShare() {
    for (Report r : about(generate(6, 10), "mx-mismatch.test")) {
      assertThat(r.totalSuccessful()).isGreaterThan(r.totalFailed());
      assertThat(r.policies().getFirst().failureDetails())
          .extracting(f -> f.receivingMxHostname().orElseThrow())
          .containsOnly("mx2.mx-mismatch.test");
    }
  }

  @Test
  void aPolicyThatCannotBeFetchedIsAFewFailuresBesideSessionsWithoutPolicy() {
    for (Report r : about(generate(7, 10), "policy-404.test")) {
      assertThat(r.policies()).hasSize(1);
      PolicyResult entry = r.policies().getFirst();
      assertThat(entry.policy().policyType()).isEqualTo(PolicyType.NO_POLICY_FOUND);
      assertThat(entry.failureDetails())
          .extracting(FailureDetails::resultType)
          .containsOnly(ResultType.STS_POLICY_FETCH_ERROR);
      assertThat(entry.summary().totalFailureSessionCount()).isBetween(1L, 3L);
      assertThat(entry.summary().totalSuccessfulSessionCount()).isPositive();
    }
  }

  @Test
  void eachPolicyDefectHasItsResultType() {
    List<Report> reports = generate(8, 5);
    assertThat(resultTypes(about(reports, "policy-html.test")))
        .containsOnly(ResultType.STS_POLICY_INVALID);
    assertThat(resultTypes(about(reports, "policy-syntax.test")))
        .containsOnly(ResultType.STS_POLICY_INVALID);
    assertThat(resultTypes(about(reports, "policy-cert-expired.test")))
        .containsOnly(ResultType.STS_WEBPKI_INVALID);
    assertThat(resultTypes(about(reports, "mx-no-starttls.test")))
        .containsOnly(ResultType.STARTTLS_NOT_SUPPORTED);
    assertThat(resultTypes(about(reports, "mx-cert-untrusted.test")))
        .containsOnly(ResultType.CERTIFICATE_NOT_TRUSTED);
    assertThat(resultTypes(about(reports, "mx-cert-wrongname.test")))
        .containsOnly(ResultType.CERTIFICATE_HOST_MISMATCH);
  }

  @Test
  void healthyAndPolicylessDomainsHaveNoFailures() {
    List<Report> reports = generate(9, 10);
    for (String domain :
        List.of(
            "good.test",
            "testing.test",
            "wildcard.test",
            "blank-line.test",
            "none.test",
            "no-sts.test")) {
      assertThat(about(reports, domain)).as(domain).isNotEmpty();
      assertThat(about(reports, domain))
          .as(domain)
          .allSatisfy(r -> assertThat(r.totalFailed()).isZero());
    }
    assertThat(about(reports, "no-sts.test"))
        .allSatisfy(
            r ->
                assertThat(r.policies().getFirst().policy().policyType())
                    .isEqualTo(PolicyType.NO_POLICY_FOUND));
  }

  @Test
  void anUnreachableMxProducesNoReports() {
    assertThat(about(generate(10, 10), "mx-unreachable.test")).isEmpty();
  }

  @Test
  void oneSenderKeepsApplyingTheReplacedPolicyOfGoodTest() {
    List<Report> reports = about(generate(11, 30), DemoReports.CHANGED_DOMAIN);
    LocalDate change = TODAY.minusDays(DemoReports.POLICY_CHANGE_DAYS_AGO);
    String stale = Sender.ALL.getLast().organization();
    for (Report r : reports) {
      List<String> lines = r.policies().getFirst().policy().policyString();
      boolean afterChange = !r.start().atZone(ZoneOffset.UTC).toLocalDate().isBefore(change);
      boolean old = lines.contains("mode: testing");
      assertThat(old)
          .as(r.organizationName() + " " + r.start())
          .isEqualTo(!afterChange || r.organizationName().equals(stale));
      assertThat(lines).contains(old ? "max_age: 86400" : "mx: mx2.good.test");
    }
    assertThat(reports).anyMatch(r -> r.organizationName().equals(stale));
  }

  private static Set<ResultType> resultTypes(List<Report> reports) {
    assertThat(reports).isNotEmpty();
    return reports.stream()
        .flatMap(r -> r.policies().stream())
        .flatMap(p -> p.failureDetails().stream())
        .map(FailureDetails::resultType)
        .collect(Collectors.toSet());
  }
}

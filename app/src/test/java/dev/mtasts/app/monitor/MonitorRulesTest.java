package dev.mtasts.app.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.alert.Alert;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.check.AddressReport;
import dev.mtasts.core.check.CertificateFacts;
import dev.mtasts.core.check.DomainReport;
import dev.mtasts.core.check.DomainStatus;
import dev.mtasts.core.check.Finding;
import dev.mtasts.core.check.FindingCode;
import dev.mtasts.core.check.MxReport;
import dev.mtasts.core.policy.Policy;
import dev.mtasts.core.tls.CertificateAssessment.Validity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rules on check results the lab cannot produce: dates near the 14-day edge, DNS failure. */
class MonitorRulesTest {

  static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
  static final String ENFORCE =
      "version: STSv1\r\nmode: enforce\r\nmx: mx1.example.org\r\nmax_age: 604800\r\n";

  static ServedPolicy served(String text) {
    return new ServedPolicy(
        "example.org", "id1", ((ParseResult.Ok<Policy>) Policy.parse(text)).value());
  }

  static CertificateFacts certificate(Instant notAfter) {
    return new CertificateFacts(
        "CN=x", "CN=ca", List.of("x"), notAfter, 0, Validity.VALID, true, true);
  }

  static MxReport mx(String host, Instant notAfter) {
    return new MxReport(
        host,
        10,
        List.of(
            new AddressReport(
                "192.0.2.1",
                true,
                true,
                Optional.of("TLSv1.3"),
                Optional.empty(),
                Optional.of(certificate(notAfter)),
                Optional.empty(),
                Optional.empty())),
        List.of());
  }

  static DomainReport report(
      Optional<String> id, Optional<CertificateFacts> policyCert, List<MxReport> mx, Finding... f) {
    return new DomainReport(
        "example.org", DomainStatus.PASS, id, Optional.empty(), policyCert, mx, List.of(f), NOW);
  }

  @Test
  void certificateFifteenDaysAwayIsQuietThirteenDaysAwayIsRaised() {
    ServedPolicy served = served(ENFORCE);
    Instant later = NOW.plus(Duration.ofDays(15));
    assertThat(
            MonitorRules.alerts(
                report(
                    Optional.of("id1"),
                    Optional.of(certificate(later)),
                    List.of(mx("mx1.example.org", later))),
                served,
                NOW))
        .isEmpty();
    Instant soon = NOW.plus(Duration.ofDays(13));
    List<Alert> alerts =
        MonitorRules.alerts(
            report(
                Optional.of("id1"),
                Optional.of(certificate(soon)),
                List.of(mx("mx1.example.org", soon))),
            served,
            NOW);
    assertThat(alerts)
        .extracting(Alert::subject)
        .containsExactly("mx1.example.org", "mta-sts.example.org");
    assertThat(alerts.getFirst().message()).contains("expires on 2026-12-16 (in 13 days)");
  }

  @Test
  void dnsServerFailureRaisesNothing() {
    DomainReport failed =
        report(
            Optional.empty(),
            Optional.empty(),
            List.of(),
            Finding.of(FindingCode.DNS_RESOLVER_FAILED, "example.org", "no answer"),
            Finding.of(FindingCode.TLSRPT_RECORD_MISSING, "_smtp._tls.example.org", "none"));
    assertThat(MonitorRules.conclusive(failed)).isFalse();
    assertThat(MonitorRules.alerts(failed, served(ENFORCE), NOW)).isEmpty();
  }

  @Test
  void unreadableStsRecordIsNotCalledStaleButAMissingOneIs() {
    Instant far = NOW.plus(Duration.ofDays(90));
    assertThat(
            MonitorRules.alerts(
                report(
                    Optional.empty(),
                    Optional.empty(),
                    List.of(mx("mx1.example.org", far)),
                    Finding.of(
                        FindingCode.STS_RECORD_DNS_ERROR, "_mta-sts.example.org", "SERVFAIL")),
                served(ENFORCE),
                NOW))
        .isEmpty();
    assertThat(
            MonitorRules.alerts(
                report(Optional.empty(), Optional.empty(), List.of(mx("mx1.example.org", far))),
                served(ENFORCE),
                NOW))
        .singleElement()
        .satisfies(a -> assertThat(a.message()).contains("has no valid STSv1 record"));
  }

  @Test
  void uncoveredMxDoesNotMatterInModeNone() {
    Instant far = NOW.plus(Duration.ofDays(90));
    DomainReport report =
        report(Optional.of("id1"), Optional.empty(), List.of(mx("mx9.example.org", far)));
    assertThat(MonitorRules.alerts(report, served(ENFORCE), NOW))
        .extracting(Alert::kind)
        .containsExactly(MonitorRules.MX_NOT_COVERED);
    assertThat(
            MonitorRules.alerts(
                report, served("version: STSv1\r\nmode: none\r\nmax_age: 86400\r\n"), NOW))
        .isEmpty();
  }
}

package dev.mtasts.app.readiness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.intake.Attribution;
import dev.mtasts.app.intake.DkimPolicy;
import dev.mtasts.app.intake.IntakeMetrics;
import dev.mtasts.app.intake.IntakePipeline;
import dev.mtasts.app.intake.Outcome;
import dev.mtasts.app.intake.Receipt;
import dev.mtasts.app.intake.Source;
import dev.mtasts.app.intake.TestReports;
import dev.mtasts.app.store.DomainListing;
import dev.mtasts.app.store.ReportStore;
import dev.mtasts.app.store.StoreLocation;
import dev.mtasts.core.dkim.DkimVerifier;
import dev.mtasts.core.dns.InMemoryResolver;
import dev.mtasts.core.tlsrpt.ReportReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verdict over a real SQLite store fed through the real intake: generated reports for ready,
 * each not-ready reason and each not-enough-data reason, and the real corpus.
 */
class ReadinessTest {

  static final String DOMAIN = "example.org";
  static final LocalDate TODAY = LocalDate.of(2026, 7, 31);
  static final List<String> SENDERS = List.of("Google Inc.", "Microsoft Corporation", "Yahoo");

  @TempDir Path dir;
  private ReportStore store;
  private IntakePipeline pipeline;
  private final AtomicInteger ids = new AtomicInteger();

  @BeforeEach
  void open() {
    store = ReportStore.open(StoreLocation.inDataDirectory(dir));
    pipeline =
        new IntakePipeline(
            new ReportReader(),
            Attribution.acceptAll(),
            store,
            new IntakeMetrics(new SimpleMeterRegistry()),
            new DkimPolicy(
                DkimPolicy.Mode.PREFER,
                new DkimVerifier(InMemoryResolver.builder().build(), Clock.systemUTC())));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private void store(GeneratedReport r) {
    store(r.json());
  }

  private void store(String json) {
    Outcome o =
        pipeline.accept(
            Receipt.of(json.getBytes(StandardCharsets.UTF_8), Source.of(Source.IMPORT, "test")));
    assertThat(o).isInstanceOf(Outcome.Stored.class);
  }

  private GeneratedReport report(String org, LocalDate day, long successful) {
    return GeneratedReport.sts(org, "r" + ids.incrementAndGet(), day, DOMAIN, successful);
  }

  /** 20 days of clean reports from three senders, 50 sessions each: 3000 sessions. */
  private void healthy() {
    for (int d = 1; d <= 20; d++) {
      for (String org : SENDERS) {
        store(report(org, TODAY.minusDays(d), 50));
      }
    }
  }

  private Readiness assess() {
    return assess(domain -> Optional.empty());
  }

  private Readiness assess(java.util.function.Function<String, Optional<List<String>>> hosted) {
    Clock clock = Clock.fixed(TODAY.atTime(12, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
    return new ReadinessService(store, Thresholds.DEFAULT, hosted, clock).assess(DOMAIN);
  }

  private static List<String> codes(Readiness r) {
    return r.reasons().stream().map(Reason::code).toList();
  }

  @Test
  void cleanReportsFromEnoughSendersOnEnoughDaysAreReady() {
    healthy();
    Readiness r = assess();
    assertThat(r.verdict()).isEqualTo(Verdict.READY);
    assertThat(r.reasons()).isEmpty();
    Evidence e = r.evidence();
    assertThat(e.days()).isEqualTo(20);
    assertThat(e.senders()).isEqualTo(3);
    assertThat(e.sessions()).isEqualTo(3000);
    assertThat(e.stsSessions()).isEqualTo(3000);
    assertThat(e.blocked()).isZero();
    assertThat(e.policyMx()).containsExactly("mx1.example.org");
    assertThat(e.from()).isEqualTo(TODAY.minusDays(30));
  }

  @Test
  void failuresEnforceDoesNotCauseLeaveTheDomainReady() {
    healthy();
    // a DANE failure (another policy type) and an unreachable policy host: enforce changes
    // nothing for them (RFC 8461 §2, §3.3)
    store(
        report("Google Inc.", TODAY.minusDays(2), 10)
            .withPolicyType("tlsa")
            .failing("tlsa-invalid", "mx1.example.org", 40));
    store(
        report("Yahoo", TODAY.minusDays(3), 10)
            .failing("sts-policy-fetch-error", "mx1.example.org", 30)
            .failing("sts-webpki-invalid", "mx1.example.org", 5));
    Readiness r = assess();
    assertThat(r.verdict()).isEqualTo(Verdict.READY);
    assertThat(r.evidence().failed()).isEqualTo(75);
    assertThat(r.evidence().blocked()).isZero();
    assertThat(r.evidence().byResultType())
        .extracting(Evidence.Failures::resultType, Evidence.Failures::effect)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                "sts-policy-fetch-error", EnforceEffect.POLICY_NOT_APPLIED),
            org.assertj.core.groups.Tuple.tuple(
                "sts-webpki-invalid", EnforceEffect.POLICY_NOT_APPLIED),
            org.assertj.core.groups.Tuple.tuple("tlsa-invalid", EnforceEffect.NOT_STS));
  }

  @Test
  void certificateFailuresOverTheRateAreNotReady() {
    healthy();
    for (String org : SENDERS) {
      store(
          report(org, TODAY.minusDays(4), 0).failing("certificate-expired", "mx1.example.org", 9));
    }
    Readiness r = assess();
    assertThat(r.verdict()).isEqualTo(Verdict.NOT_READY);
    assertThat(codes(r)).containsExactly(Reason.FAILURE_RATE);
    assertThat(r.evidence().blocked()).isEqualTo(27);
    assertThat(r.reasons().getFirst().message())
        .contains("27 of 3027")
        .contains("certificate-expired 27");
    assertThat(r.evidence().byMxHost())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.host()).isEqualTo("mx1.example.org");
              assertThat(m.blocked()).isEqualTo(27);
              assertThat(m.covered()).isTrue();
            });
  }

  @Test
  void oneSenderFailingIsNotReadyEvenWhenTheOverallRateIsLow() {
    healthy();
    store(
        report("Small Mail", TODAY.minusDays(1), 2)
            .failing("starttls-not-supported", "mx1.example.org", 1));
    Readiness r = assess();
    assertThat(r.verdict()).isEqualTo(Verdict.NOT_READY);
    assertThat(codes(r)).containsExactly(Reason.SENDER_FAILURE_RATE);
    assertThat(r.reasons().getFirst().subject()).isEqualTo("Small Mail");
    assertThat(r.evidence().blockedRate()).isLessThan(Thresholds.DEFAULT.maxFailureRate());
  }

  @Test
  void anMxHostThePolicyDoesNotMatchIsNotReady() {
    healthy();
    // senders met mx2 (a DANE failure there, not caused by STS), but the policy lists mx1 only
    store(
        report("Google Inc.", TODAY.minusDays(1), 5)
            .withPolicyType("tlsa")
            .failing("dnssec-invalid", "MX2.example.org.", 1));
    Readiness r = assess();
    assertThat(r.verdict()).isEqualTo(Verdict.NOT_READY);
    assertThat(codes(r)).containsExactly(Reason.MX_NOT_COVERED);
    assertThat(r.reasons().getFirst().subject()).isEqualTo("mx2.example.org");
    assertThat(r.evidence().byMxHost())
        .singleElement()
        .extracting(Evidence.MxHost::covered)
        .isEqualTo(false);
  }

  @Test
  void aWildcardMxLineCoversTheHostsBelowIt() {
    for (int d = 1; d <= 20; d++) {
      for (String org : SENDERS) {
        store(report(org, TODAY.minusDays(d), 50).withMx("*.example.org"));
      }
    }
    store(
        report("Google Inc.", TODAY.minusDays(1), 5)
            .withMx("*.example.org")
            .withPolicyType("tlsa")
            .failing("dnssec-invalid", "mx2.example.org", 1));
    assertThat(assess().verdict()).isEqualTo(Verdict.READY);
  }

  @Test
  void theHostedPolicyIsWhatIsCheckedWhenServeHostsOne() {
    healthy();
    store(
        report("Google Inc.", TODAY.minusDays(1), 5)
            .withPolicyType("tlsa")
            .failing("dnssec-invalid", "mx1.example.org", 1));
    Readiness r = assess(d -> Optional.of(List.of("mail.example.org")));
    assertThat(r.verdict()).isEqualTo(Verdict.NOT_READY);
    assertThat(codes(r)).containsExactly(Reason.MX_NOT_COVERED);
    assertThat(r.reasons().getFirst().message()).contains("hosted");
    Evidence.MxHost m = r.evidence().byMxHost().getFirst();
    assertThat(m.covered()).isTrue();
    assertThat(m.coveredByHosted()).contains(false);
  }

  @Test
  void anUnknownResultTypeIsCountedAsBlocked() {
    healthy();
    store(
        report("Google Inc.", TODAY.minusDays(1), 0)
            .failing("quantum-decoherence", "mx1.example.org", 20));
    Readiness r = assess();
    assertThat(r.verdict()).isEqualTo(Verdict.NOT_READY);
    assertThat(codes(r)).contains(Reason.FAILURE_RATE);
    assertThat(r.evidence().byResultType())
        .singleElement()
        .extracting(Evidence.Failures::effect)
        .isEqualTo(EnforceEffect.UNKNOWN);
  }

  @Test
  void failuresWithoutDetailsAreCountedAsBlocked() {
    healthy();
    store(report("Google Inc.", TODAY.minusDays(1), 0).withUndetailedFailures(20));
    Readiness r = assess();
    assertThat(r.verdict()).isEqualTo(Verdict.NOT_READY);
    assertThat(r.evidence().blocked()).isEqualTo(20);
    assertThat(r.evidence().byResultType())
        .singleElement()
        .extracting(Evidence.Failures::resultType)
        .isEqualTo(EvidenceQuery.NO_DETAILS);
  }

  @Test
  void reportsOnTooFewDaysAreNotEnoughData() {
    for (int d = 1; d <= 5; d++) {
      for (String org : SENDERS) {
        store(report(org, TODAY.minusDays(d), 100));
      }
    }
    Readiness r = assess();
    assertThat(r.verdict()).isEqualTo(Verdict.NOT_ENOUGH_DATA);
    assertThat(codes(r)).containsExactly(Reason.FEW_DAYS);
  }

  @Test
  void oneSenderIsNotEnoughData() {
    for (int d = 1; d <= 20; d++) {
      store(report("Google Inc.", TODAY.minusDays(d), 100));
    }
    Readiness r = assess();
    assertThat(r.verdict()).isEqualTo(Verdict.NOT_ENOUGH_DATA);
    assertThat(codes(r)).containsExactly(Reason.FEW_SENDERS);
  }

  @Test
  void tooFewMtaStsSessionsAreNotEnoughData() {
    for (int d = 1; d <= 20; d++) {
      for (String org : SENDERS) {
        store(report(org, TODAY.minusDays(d), 1));
        store(report(org, TODAY.minusDays(d), 100).withPolicyType("no-policy-found"));
      }
    }
    Readiness r = assess();
    assertThat(r.verdict()).isEqualTo(Verdict.NOT_ENOUGH_DATA);
    assertThat(codes(r)).containsExactly(Reason.FEW_SESSIONS);
    assertThat(r.evidence().sessions()).isEqualTo(6060);
    assertThat(r.evidence().stsSessions()).isEqualTo(60);
  }

  @Test
  void noReportsAtAllIsNotEnoughDataForEveryReason() {
    Readiness r = assess();
    assertThat(r.verdict()).isEqualTo(Verdict.NOT_ENOUGH_DATA);
    assertThat(codes(r)).containsExactly(Reason.FEW_DAYS, Reason.FEW_SENDERS, Reason.FEW_SESSIONS);
  }

  @Test
  void reportsOlderThanTheWindowDoNotCount() {
    for (int d = 31; d <= 60; d++) {
      for (String org : SENDERS) {
        store(report(org, TODAY.minusDays(d), 50));
      }
    }
    Readiness r = assess();
    assertThat(r.verdict()).isEqualTo(Verdict.NOT_ENOUGH_DATA);
    assertThat(r.evidence().sessions()).isZero();
  }

  @Test
  void failuresSeenInLittleDataAreNotReadyRatherThanNotEnoughData() {
    store(
        report("Google Inc.", TODAY.minusDays(1), 5)
            .failing("certificate-not-trusted", "mx1.example.org", 5));
    Readiness r = assess();
    assertThat(r.verdict()).isEqualTo(Verdict.NOT_READY);
    assertThat(codes(r))
        .containsExactly(
            Reason.FAILURE_RATE,
            Reason.SENDER_FAILURE_RATE,
            Reason.FEW_DAYS,
            Reason.FEW_SENDERS,
            Reason.FEW_SESSIONS);
  }

  @Test
  void theCorpusIsNeverReadyAndItsEvidenceAddsUpToTheStoredTotals() {
    for (String name : TestReports.CORPUS) {
      pipeline.accept(Receipt.of(TestReports.corpus(name), Source.of(Source.IMPORT, name)));
    }
    List<DomainListing> domains = store.domains();
    assertThat(domains).isNotEmpty();
    for (DomainListing d : domains) {
      LocalDate last = LocalDate.parse(d.lastDay());
      Clock clock = Clock.fixed(last.atTime(12, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
      Thresholds wide = new Thresholds(366, 14, 2, 100, 0.001, 0.01);
      Readiness r =
          new ReadinessService(store, wide, x -> Optional.empty(), clock).assess(d.domain());
      assertThat(r.verdict()).as(d.domain()).isNotEqualTo(Verdict.READY);
      if (LocalDate.parse(d.firstDay()).isAfter(last.minusDays(367))) {
        assertThat(r.evidence().sessions()).as(d.domain()).isEqualTo(d.successful() + d.failed());
      }
      assertThat(r.reasons()).as(d.domain()).isNotEmpty();
      assertThat(ReadinessJson.write(r)).contains("\"domain\":\"" + d.domain() + "\"");
    }
  }

  @Test
  void thresholdsOutsideTheirRangeAreRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new Thresholds(30, 40, 2, 100, 0.001, 0.01))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new Thresholds(30, 14, 2, 100, 1.5, 0.01))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new Thresholds(30, 14, 0, 100, 0.001, 0.01))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

package dev.mtasts.app.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.intake.Attribution;
import dev.mtasts.app.intake.DkimPolicy;
import dev.mtasts.app.intake.IntakeMetrics;
import dev.mtasts.app.intake.IntakePipeline;
import dev.mtasts.app.intake.Outcome;
import dev.mtasts.app.intake.Receipt;
import dev.mtasts.app.intake.Source;
import dev.mtasts.app.readiness.GeneratedReport;
import dev.mtasts.app.store.ReportStore;
import dev.mtasts.app.store.StoreLocation;
import dev.mtasts.core.dkim.DkimVerifier;
import dev.mtasts.core.dns.InMemoryResolver;
import dev.mtasts.core.tls.TrustAnchors;
import dev.mtasts.core.tlsrpt.ReportReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each rule over a real store, with a clock the test moves; no channels. */
class AlertRulesTest {

  private static final String DOMAIN = "example.org";
  private static final LocalDate START = LocalDate.of(2026, 6, 1);

  /** A clock the test sets. */
  static final class TestClock extends Clock {
    volatile Instant now;

    TestClock(LocalDate day) {
      set(day);
    }

    void set(LocalDate day) {
      now = day.atTime(12, 0).toInstant(ZoneOffset.UTC);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @TempDir Path dir;
  private ReportStore store;
  private IntakePipeline pipeline;
  private AlertService alerts;
  private final TestClock clock = new TestClock(START);
  private int ids;

  @BeforeEach
  void open() throws Exception {
    store = ReportStore.open(StoreLocation.inDataDirectory(dir));
    pipeline =
        new IntakePipeline(
            new ReportReader(),
            Attribution.acceptAll(),
            store,
            new IntakeMetrics(new SimpleMeterRegistry()),
            new DkimPolicy(
                DkimPolicy.Mode.OFF,
                new DkimVerifier(InMemoryResolver.builder().build(), Clock.systemUTC())));
    AlertConfig config =
        new AlertConfig(
            Duration.ofHours(1),
            Duration.ofHours(1),
            AlertDispatcher.Retry.DEFAULT,
            AlertConfig.Rules.DEFAULT,
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    alerts = AlertService.start(store, Optional.of(config), TrustAnchors.jdkDefault(), clock);
  }

  @AfterEach
  void close() {
    alerts.close();
    store.close();
  }

  private void store(GeneratedReport r) {
    Outcome o =
        pipeline.accept(
            Receipt.of(r.json().getBytes(StandardCharsets.UTF_8), Source.of(Source.IMPORT, "t")));
    assertThat(o).isInstanceOf(Outcome.Stored.class);
  }

  private GeneratedReport report(String org, LocalDate day, long successful) {
    return GeneratedReport.sts(org, "r" + ids++, day, DOMAIN, successful);
  }

  /** Clean reports from Google on each of the {@code days} days before {@code day}. */
  private void history(LocalDate day, int days) {
    for (int d = 1; d <= days; d++) {
      store(report("Google Inc.", day.minusDays(d), 100));
    }
  }

  /** The open alerts at {@code day} after evaluating, as "kind subject". */
  private List<String> openAt(LocalDate day) {
    clock.set(day);
    alerts.evaluate(DOMAIN);
    return alerts.dispatcher().open(DOMAIN).stream()
        .map(a -> (a.kind() + " " + a.subject()).strip())
        .toList();
  }

  @Test
  void aFirstReportWithFailuresRaisesOnlyTheRateNotNovelty() {
    // a domain's first reports: nothing is new against nothing
    store(
        report("Google Inc.", START.minusDays(1), 10)
            .failing("certificate-expired", "mx1.example.org", 10));
    assertThat(openAt(START)).containsExactly("failure-rate");
  }

  @Test
  void aNewResultTypeSenderAndMxHostAreRaisedAndClearAfterTheWindow() {
    LocalDate today = START.plusDays(20);
    history(today, 15);
    store(
        report("Google Inc.", today.minusDays(10), 100)
            .failing("certificate-expired", "mx1.example.org", 1));
    assertThat(openAt(today)).isEmpty(); // an old failure in the history is not new

    store(
        report("Mail.ru", today.minusDays(1), 1000)
            .failing("starttls-not-supported", "mx2.example.org", 3));
    assertThat(openAt(today))
        .containsExactlyInAnyOrder(
            "new-result-type starttls-not-supported",
            "new-failing-organization Mail.ru",
            "new-failing-mx mx2.example.org");

    // four days on, the failure is outside the 2-day window: the conditions cleared (and no
    // report came since, which is a condition of its own)
    assertThat(openAt(today.plusDays(4))).containsExactly("reports-missing");
  }

  @Test
  void aFailureKnownFromTheHistoryIsNotNew() {
    LocalDate today = START.plusDays(20);
    history(today.minusDays(3), 15);
    store(
        report("Yahoo", today.minusDays(12), 100)
            .failing("validation-failure", "mx1.example.org", 2));
    store(
        report("Yahoo", today.minusDays(1), 100)
            .failing("validation-failure", "mx1.example.org", 2));
    assertThat(openAt(today)).isEmpty();
  }

  @Test
  void reportsStoppingAfterARegularHistoryAreRaised() {
    LocalDate today = START.plusDays(30);
    history(today.minusDays(4), 10); // reports up to 5 days ago, none since
    assertThat(openAt(today)).containsExactly("reports-missing");
    store(report("Google Inc.", today.minusDays(1), 100));
    assertThat(openAt(today)).isEmpty();
  }

  @Test
  void aShortOrOldHistoryDoesNotMakeReportsMissing() {
    LocalDate today = START.plusDays(90);
    history(today.minusDays(4), 5); // 5 days of history: fewer than min_history_days 7
    assertThat(openAt(today)).isEmpty();
    assertThat(openAt(today.plusDays(60))).isEmpty(); // long gone: outside the history
  }

  @Test
  void theRateNeedsEnoughSessionsAndMustExceedTheThreshold() {
    store(
        report("Google Inc.", START.minusDays(1), 5)
            .failing("certificate-expired", "mx1.example.org", 4));
    assertThat(openAt(START)).isEmpty(); // 9 sessions: under min_sessions 10
    store(report("Yahoo", START.minusDays(1), 100));
    assertThat(openAt(START)).isEmpty(); // 4 of 109: under 5%
    store(
        report("Yahoo", START.minusDays(1), 0)
            .failing("certificate-expired", "mx1.example.org", 2));
    assertThat(openAt(START)).containsExactly("failure-rate"); // 6 of 111: 5.4%
  }

  @Test
  void raisingTwiceAnnouncesOnceAndAfterClearingAgain() {
    AlertDispatcher d = alerts.dispatcher();
    Alert a = new Alert("policy-unreachable", DOMAIN, "mta-sts.example.org", "no answer");
    assertThat(d.raise(a)).isTrue();
    assertThat(d.raise(a)).isFalse();
    assertThat(d.raise(new Alert("policy-unreachable", DOMAIN, "other", "x"))).isTrue();
    assertThat(d.clear("policy-unreachable", DOMAIN, "mta-sts.example.org")).isTrue();
    assertThat(d.clear("policy-unreachable", DOMAIN, "mta-sts.example.org")).isFalse();
    assertThat(d.raise(a)).isTrue();
    // rule evaluation leaves alerts of kinds it does not own alone
    assertThat(openAt(START))
        .containsExactly("policy-unreachable other", "policy-unreachable mta-sts.example.org");
  }
}

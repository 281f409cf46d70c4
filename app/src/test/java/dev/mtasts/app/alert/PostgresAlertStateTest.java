package dev.mtasts.app.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.intake.Attribution;
import dev.mtasts.app.intake.DkimPolicy;
import dev.mtasts.app.intake.IntakeMetrics;
import dev.mtasts.app.intake.IntakePipeline;
import dev.mtasts.app.intake.Receipt;
import dev.mtasts.app.intake.Source;
import dev.mtasts.app.readiness.GeneratedReport;
import dev.mtasts.app.readiness.Readiness;
import dev.mtasts.app.readiness.ReadinessService;
import dev.mtasts.app.readiness.Thresholds;
import dev.mtasts.app.readiness.Verdict;
import dev.mtasts.app.store.ReportStore;
import dev.mtasts.app.store.StoreLocation;
import dev.mtasts.app.testing.TestPostgres;
import dev.mtasts.core.dkim.DkimVerifier;
import dev.mtasts.core.dns.InMemoryResolver;
import dev.mtasts.core.tlsrpt.ReportReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Alert state and the readiness queries on the real PostgreSQL (V3 and the same SQL). */
class PostgresAlertStateTest {

  @Test
  void twoProcessesRaisingTheSameConditionAnnounceItOnce() throws Exception {
    StoreLocation location = StoreLocation.ofUrl(TestPostgres.freshSchemaUrl());
    try (ReportStore a = ReportStore.open(location);
        ReportStore b = ReportStore.open(location);
        AlertDispatcher first =
            new AlertDispatcher(a, List.of(), AlertDispatcher.Retry.DEFAULT, Clock.systemUTC());
        AlertDispatcher second =
            new AlertDispatcher(b, List.of(), AlertDispatcher.Retry.DEFAULT, Clock.systemUTC())) {
      Alert alert = new Alert(Alert.FAILURE_RATE, "example.org", "", "over");
      List<Future<Boolean>> raised = new ArrayList<>();
      try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
        for (int i = 0; i < 40; i++) {
          AlertDispatcher d = i % 2 == 0 ? first : second;
          raised.add(pool.submit(() -> d.raise(alert)));
        }
      }
      int opened = 0;
      for (Future<Boolean> f : raised) {
        opened += f.get() ? 1 : 0;
      }
      assertThat(opened).isEqualTo(1);
      assertThat(second.open("example.org")).containsExactly(alert);
      assertThat(first.clear(Alert.FAILURE_RATE, "example.org", "")).isTrue();
      assertThat(second.raise(alert)).isTrue();
    }
  }

  @Test
  void readinessReadsTheSameEvidenceFromPostgres() {
    StoreLocation location = StoreLocation.ofUrl(TestPostgres.freshSchemaUrl());
    try (ReportStore store = ReportStore.open(location)) {
      IntakePipeline pipeline =
          new IntakePipeline(
              new ReportReader(),
              Attribution.acceptAll(),
              store,
              new IntakeMetrics(new SimpleMeterRegistry()),
              new DkimPolicy(
                  DkimPolicy.Mode.OFF,
                  new DkimVerifier(InMemoryResolver.builder().build(), Clock.systemUTC())));
      LocalDate today = LocalDate.now(ZoneOffset.UTC);
      int id = 0;
      for (int d = 1; d <= 15; d++) {
        for (String org : List.of("Google Inc.", "Yahoo")) {
          GeneratedReport r =
              GeneratedReport.sts(org, "p" + id++, today.minusDays(d), "example.org", 100);
          if (d == 3) {
            r = r.failing("certificate-host-mismatch", "mx1.example.org", 10);
          }
          pipeline.accept(
              Receipt.of(r.json().getBytes(StandardCharsets.UTF_8), Source.of(Source.IMPORT, "t")));
        }
      }
      Readiness r = new ReadinessService(store, Thresholds.DEFAULT).assess("example.org");
      assertThat(r.verdict()).isEqualTo(Verdict.NOT_READY);
      assertThat(r.evidence().days()).isEqualTo(15);
      assertThat(r.evidence().senders()).isEqualTo(2);
      assertThat(r.evidence().blocked()).isEqualTo(20);
      assertThat(r.evidence().policyMx()).containsExactly("mx1.example.org");
    }
  }
}

package dev.mtasts.app.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.store.DomainSummary;
import dev.mtasts.app.store.ReportStore;
import dev.mtasts.app.store.StoreLocation;
import dev.mtasts.app.testing.TestPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PostgresIntakeTest extends IntakeContract {

  @Override
  protected StoreLocation freshLocation() {
    return StoreLocation.ofUrl(TestPostgres.freshSchemaUrl());
  }

  /**
   * Two stores with their own pools and writers (as two serve processes) take the same reports at
   * once: each is stored exactly once, and the roll-ups count it once.
   */
  @Test
  void twoInstancesIngestingTheSameReportsLoseNothingAndDoubleNothing() throws Exception {
    ReportStore other = open(location);
    IntakePipeline first = pipeline(store, Attribution.acceptAll());
    IntakePipeline second = pipeline(other, Attribution.acceptAll());
    int reports = 300;
    List<Future<Outcome>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
      for (int i = 0; i < reports; i++) {
        byte[] b =
            utf8(
                TestReports.json(
                    "Org " + (i % 3),
                    "twin-" + i,
                    "2026-06-0" + (1 + i % 5),
                    "d" + (i % 4) + ".example",
                    2,
                    Map.of("certificate-expired", 1L, "starttls-not-supported", 2L)));
        futures.add(pool.submit(() -> accept(first, b)));
        futures.add(pool.submit(() -> accept(second, b)));
      }
    }
    int stored = 0;
    for (Future<Outcome> f : futures) {
      Outcome o = f.get();
      assertThat(o).isInstanceOfAny(Outcome.Stored.class, Outcome.Duplicate.class);
      stored += o instanceof Outcome.Stored ? 1 : 0;
    }
    assertThat(stored).isEqualTo(reports);
    long total = 0;
    for (int d = 0; d < 4; d++) {
      DomainSummary s = other.summary("d" + d + ".example", Optional.empty(), Optional.empty());
      assertThat(s.successful()).isEqualTo(2 * s.reports());
      assertThat(s.failed()).isEqualTo(3 * s.reports());
      assertThat(s.byResultType())
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  "certificate-expired", s.reports(), "starttls-not-supported", 2 * s.reports()));
      total += s.reports();
    }
    assertThat(total).isEqualTo(reports);
  }
}

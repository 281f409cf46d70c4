package dev.mtasts.app.sending.aggregate;

import static dev.mtasts.app.sending.SendingFixtures.failure;
import static dev.mtasts.app.sending.SendingFixtures.sts;
import static dev.mtasts.app.sending.SendingFixtures.success;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.sending.SendingDatabase;
import dev.mtasts.app.sending.SendingStore;
import dev.mtasts.core.tlsrpt.FailureDetails;
import dev.mtasts.core.tlsrpt.PolicyDetails;
import dev.mtasts.core.tlsrpt.PolicyResult;
import dev.mtasts.core.tlsrpt.PolicyType;
import dev.mtasts.core.tlsrpt.ResultType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(SendingStore.class)
class AggregatorTest {

  @Parameter SendingStore store;

  private static final LocalDate DAY = LocalDate.parse("2026-11-30");
  private static final Instant NOON = Instant.parse("2026-11-30T12:00:00Z");

  @TempDir Path dir;
  private SendingDatabase database;
  private Aggregator aggregator;

  @BeforeEach
  void open() {
    database = SendingDatabase.open(store.fresh(dir));
    aggregator = new Aggregator(database, Duration.ofHours(1));
  }

  @AfterEach
  void close() {
    aggregator.close();
    database.close();
  }

  @Test
  void countsEqualWhatWasFedAndIdenticalDetailsAreSummed() throws Exception {
    PolicyDetails policy = sts("example.com");
    for (int i = 0; i < 7; i++) {
      aggregator.record(success(NOON, "example.com", policy));
    }
    for (int i = 0; i < 3; i++) {
      aggregator.record(
          failure(NOON, "example.com", policy, ResultType.CERTIFICATE_EXPIRED, "mx1.example.com"));
    }
    aggregator.record(
        failure(NOON, "example.com", policy, ResultType.STARTTLS_NOT_SUPPORTED, "mx1.example.com"));
    aggregator.flush();

    List<PolicyResult> results = new DayCounts(database).results(DAY, "example.com");
    assertThat(results).hasSize(1);
    PolicyResult r = results.getFirst();
    assertThat(r.summary().totalSuccessfulSessionCount()).isEqualTo(7);
    assertThat(r.summary().totalFailureSessionCount()).isEqualTo(4);
    assertThat(r.failureDetails())
        .extracting(FailureDetails::resultType, FailureDetails::failedSessionCount)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(ResultType.CERTIFICATE_EXPIRED, 3L),
            org.assertj.core.groups.Tuple.tuple(ResultType.STARTTLS_NOT_SUPPORTED, 1L));
    assertThat(r.policy().policyDomain()).contains("example.com");
  }

  @Test
  void lineOrderCaseAndSpacingDoNotSplitAPolicy() throws Exception {
    aggregator.record(success(NOON, "example.com", sts("example.com")));
    aggregator.record(
        success(
            NOON,
            "example.com",
            new PolicyDetails(
                PolicyType.STS,
                List.of(
                    "max_age:86400", "mx: mx1.example.com ", "mode: enforce", "", "version: STSv1"),
                Optional.of("example.com"),
                List.of("MX1.example.com."))));
    aggregator.flush();

    List<PolicyResult> results = new DayCounts(database).results(DAY, "example.com");
    assertThat(results).hasSize(1);
    assertThat(results.getFirst().summary().totalSuccessfulSessionCount()).isEqualTo(2);
    assertThat(results.getFirst().policy().policyString())
        .containsExactly(
            "version: STSv1", "mode: enforce", "mx: mx1.example.com", "max_age: 86400");
  }

  @Test
  void differentPoliciesDaysAndDomainsAreKeptApart() throws Exception {
    aggregator.record(success(NOON, "example.com", sts("example.com")));
    aggregator.record(
        success(
            NOON,
            "example.com",
            sts(
                "example.com",
                "version: STSv1",
                "mode: testing",
                "mx: mx1.example.com",
                "max_age: 86400")));
    aggregator.record(
        success(Instant.parse("2026-11-30T23:59:59Z"), "example.org", sts("example.org")));
    aggregator.record(
        success(Instant.parse("2026-12-01T00:00:00Z"), "example.com", sts("example.com")));
    aggregator.flush();

    DayCounts counts = new DayCounts(database);
    assertThat(counts.policyDomains(DAY)).containsExactly("example.com", "example.org");
    assertThat(counts.results(DAY, "example.com")).hasSize(2);
    assertThat(counts.policyDomains(DAY.plusDays(1))).containsExactly("example.com");
    assertThat(counts.policyDomains(DAY.minusDays(1))).isEmpty();
  }

  @Test
  void flushesAddToWhatIsStored() throws Exception {
    aggregator.record(success(NOON, "example.com", sts("example.com")));
    aggregator.flush();
    aggregator.record(success(NOON, "example.com", sts("example.com")));
    aggregator.flush();
    aggregator.flush();
    assertThat(
            new DayCounts(database)
                .results(DAY, "example.com")
                .getFirst()
                .summary()
                .totalSuccessfulSessionCount())
        .isEqualTo(2);
  }

  @Test
  void aFailedWriteKeepsTheCountsForTheNextFlush() throws Exception {
    aggregator.record(success(NOON, "example.com", sts("example.com")));
    sql("ALTER TABLE policy_counts RENAME TO moved_away");
    org.assertj.core.api.Assertions.assertThatThrownBy(aggregator::flush)
        .isInstanceOf(java.sql.SQLException.class);
    sql("ALTER TABLE moved_away RENAME TO policy_counts");
    aggregator.record(success(NOON, "example.com", sts("example.com")));
    aggregator.flush();
    assertThat(
            new DayCounts(database)
                .results(DAY, "example.com")
                .getFirst()
                .summary()
                .totalSuccessfulSessionCount())
        .isEqualTo(2);
  }

  private void sql(String statement) throws java.sql.SQLException {
    try (java.sql.Connection c = database.connection();
        java.sql.Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  @Test
  void manyThreadsCountExactlyAndRecordStaysFast() throws Exception {
    int threads = 4;
    int each = 25_000;
    PolicyDetails policy = sts("example.com");
    List<Thread> workers = new ArrayList<>();
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      int id = t;
      workers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int i = 0; i < each; i++) {
                      if (i % 10 == 0) {
                        aggregator.record(
                            failure(
                                NOON,
                                "d" + (i % 50) + ".example",
                                policy,
                                ResultType.CERTIFICATE_EXPIRED,
                                "mx" + id + ".example"));
                      } else {
                        aggregator.record(success(NOON, "d" + (i % 50) + ".example", policy));
                      }
                    }
                  }));
    }
    for (Thread w : workers) {
      w.join();
    }
    double perSecond = threads * each / ((System.nanoTime() - start) / 1e9);
    long flushStart = System.nanoTime();
    aggregator.flush();
    System.out.printf(
        "recorded %,.0f results/s; flush of %d keys took %d ms%n",
        perSecond, 50 * (threads + 1), (System.nanoTime() - flushStart) / 1_000_000);

    long successful = 0;
    long failed = 0;
    DayCounts counts = new DayCounts(database);
    for (String domain : counts.policyDomains(DAY)) {
      for (PolicyResult r : counts.results(DAY, domain)) {
        successful += r.summary().totalSuccessfulSessionCount();
        failed += r.failureDetails().stream().mapToLong(FailureDetails::failedSessionCount).sum();
      }
    }
    assertThat(successful + failed).isEqualTo((long) threads * each);
    assertThat(failed).isEqualTo(threads * each / 10);
    assertThat(perSecond).as("results recorded per second").isGreaterThan(20_000);
  }
}

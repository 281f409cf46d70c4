package dev.mtasts.app.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.testing.TestPostgres;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The policy history, retirements and checks, in SQLite and in the real PostgreSQL. */
class RolloutStoreTest {

  @TempDir static Path dir;

  static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

  static Stream<Supplier<StoreLocation>> stores() {
    return Stream.of(
        () -> new StoreLocation.Sqlite(dir.resolve("rollout-" + System.nanoTime() + ".db")),
        () -> StoreLocation.ofUrl(TestPostgres.freshSchemaUrl()));
  }

  static PolicyVersion version(String id, Instant at) {
    return new PolicyVersion(
        "example.org",
        id,
        "testing",
        86_400,
        "version: STSv1\r\n",
        at,
        Optional.empty(),
        Optional.empty());
  }

  @ParameterizedTest
  @MethodSource("stores")
  void historyKeepsEveryVersionAndRetiresThePreviousOne(Supplier<StoreLocation> location) {
    StoreLocation where = location.get();
    try (ReportStore reports = ReportStore.open(where)) {
      RolloutStore store = new RolloutStore(reports);
      assertThat(store.served(version("a", T0))).isTrue();
      assertThat(store.served(version("a", T0.plusSeconds(60)))).isFalse();
      assertThat(store.served(version("b", T0.plusSeconds(3600)))).isTrue();
      store.published("example.org", "b", T0.plusSeconds(3601));
      store.published("example.org", "a", T0.plusSeconds(3602)); // retired: not marked
    }
    try (ReportStore reports = ReportStore.open(where)) {
      RolloutStore store = new RolloutStore(reports);
      List<PolicyVersion> history = store.history("example.org");
      assertThat(history).extracting(PolicyVersion::id).containsExactly("a", "b");
      assertThat(history.getFirst().retired()).contains(T0.plusSeconds(3600));
      assertThat(history.getFirst().published()).isEmpty();
      assertThat(history.getLast().retired()).isEmpty();
      assertThat(history.getLast().published()).contains(T0.plusSeconds(3601));
      assertThat(store.current("example.org")).map(PolicyVersion::id).contains("b");
      assertThat(store.current("other.org")).isEmpty();
      assertThat(store.history("other.org")).isEmpty();
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  void retirementSurvivesReopeningUntilRemoved(Supplier<StoreLocation> location) {
    StoreLocation where = location.get();
    Retirement retirement =
        new Retirement(
            "example.org", "none1", T0, T0.plusSeconds(604_800), Optional.empty(), false);
    try (ReportStore reports = ReportStore.open(where)) {
      RolloutStore store = new RolloutStore(reports);
      store.served(version("a", T0.minusSeconds(60)));
      store.retire(retirement);
      store.retire(retirement); // run again: still one
    }
    try (ReportStore reports = ReportStore.open(where)) {
      RolloutStore store = new RolloutStore(reports);
      assertThat(store.openRetirements()).containsExactly(retirement);
      assertThat(retirement.removalDue(T0.plusSeconds(604_799))).isFalse();
      assertThat(retirement.removalDue(T0.plusSeconds(604_800))).isTrue();
      store.removed("example.org", T0.plusSeconds(604_800));
      assertThat(store.openRetirements()).isEmpty();
      assertThat(store.retirement("example.org").orElseThrow().removed())
          .contains(T0.plusSeconds(604_800));
      assertThat(store.current("example.org")).isEmpty();
      assertThat(store.history("example.org")).hasSize(1);
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  void checksComeBackNewestFirst(Supplier<StoreLocation> location) {
    try (ReportStore reports = ReportStore.open(location.get())) {
      RolloutStore store = new RolloutStore(reports);
      store.checked(new MonitorCheck("example.org", T0, "pass", List.of(), "{}"));
      store.checked(
          new MonitorCheck(
              "example.org",
              T0.plusSeconds(21_600),
              "fail",
              List.of("MX_NOT_COVERED", "STS_ID_STALE"),
              "{\"status\":\"fail\"}"));
      store.checked(new MonitorCheck("other.org", T0, "pass", List.of(), "{}"));
      List<MonitorCheck> checks = store.checks("example.org", 10);
      assertThat(checks).extracting(MonitorCheck::status).containsExactly("fail", "pass");
      assertThat(checks.getFirst().alerts()).containsExactly("MX_NOT_COVERED", "STS_ID_STALE");
      assertThat(store.checks("example.org", 1)).hasSize(1);
    }
  }
}

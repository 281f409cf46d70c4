package dev.mtasts.app.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.cli.CliRun;
import dev.mtasts.app.cli.ExitCodes;
import dev.mtasts.app.store.PolicyVersion;
import dev.mtasts.app.store.ReportStore;
import dev.mtasts.app.store.Retirement;
import dev.mtasts.app.store.RolloutStore;
import dev.mtasts.app.store.StoreLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code policy history} through the real CLI, on a store filled as serve fills it: every version
 * with its times, a retirement's steps done and due, a domain gone from the config, and the
 * refusals.
 */
class PolicyHistoryCommandTest {

  static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
  static final Instant T1 = Instant.parse("2026-11-08T10:00:00Z");
  static final Instant T2 = Instant.parse("2026-11-20T10:00:00Z");

  @TempDir Path dir;
  Path config;

  @BeforeEach
  void writeConfig() throws IOException {
    config = dir.resolve("serve.yml");
    Files.writeString(
        config,
        """
        data: data
        policy_host:
          listen: 127.0.0.1:0
          domains:
            a.test:
              mode: none
              max_age: 86400
              certificate: {cert: a.pem, key: a.key}
            fresh.test:
              mx: [mx1.fresh.test]
              certificate: {cert: f.pem, key: f.key}
        """);
  }

  private void store(java.util.function.Consumer<RolloutStore> fill) {
    try (ReportStore reports =
        ReportStore.open(new StoreLocation.Sqlite(dir.resolve("data").resolve("mtasts.db")))) {
      fill.accept(new RolloutStore(reports));
    }
  }

  private static PolicyVersion version(
      String domain, String id, String mode, long maxAge, Instant at) {
    return new PolicyVersion(
        domain,
        id,
        mode,
        maxAge,
        "version: STSv1\r\nmode: " + mode + "\r\nmax_age: " + maxAge + "\r\n",
        at,
        Optional.empty(),
        Optional.empty());
  }

  /** a.test: testing, then enforce (published), then none under a retirement. */
  private void retiringHistory() {
    store(
        s -> {
          s.served(version("a.test", "testing1", "testing", 86_400, T0));
          s.published("a.test", "testing1", T0.plusSeconds(12));
          s.served(version("a.test", "enforce1", "enforce", 604_800, T1));
          s.published("a.test", "enforce1", T1.plusSeconds(11));
          s.served(version("a.test", "none1", "none", 86_400, T2));
          s.retire(
              new Retirement(
                  "a.test", "none1", T2, T2.plusSeconds(604_800), Optional.empty(), false));
          s.served(version("other.test", "otherid", "enforce", 604_800, T0));
        });
  }

  private CliRun history(String domain, String... more) {
    String[] args = new String[4 + more.length];
    args[0] = "policy";
    args[1] = "history";
    args[2] = domain;
    args[3] = "--config=" + config;
    System.arraycopy(more, 0, args, 4, more.length);
    return CliRun.run(args);
  }

  @Test
  void textShowsEveryVersionAndTheRetirementSteps() {
    retiringHistory();
    CliRun run = history("a.test");
    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out().replaceAll(" {2,}", "  "))
        .contains("Policies serve served for a.test, oldest first")
        .containsSubsequence(
            "2026-11-01T10:00:00Z  2026-11-08T10:00:00Z  2026-11-09T10:00:00Z  2026-11-01T10:00:12Z"
                + "  testing  86400  testing1",
            "2026-11-08T10:00:00Z  2026-11-20T10:00:00Z  2026-11-27T10:00:00Z  2026-11-08T10:00:11Z"
                + "  enforce  604800  enforce1",
            "2026-11-20T10:00:00Z  (served now)",
            "none  86400  none1",
            "Retirement (RFC 8461 §8.3), started 2026-11-20T10:00:00Z:",
            "1. done 2026-11-20T10:00:00Z  serve mode: none with id none1",
            "2. not recorded  publish id none1 in _mta-sts.a.test",
            "3. due  2026-11-27T10:00:00Z  remove _mta-sts.a.test TXT")
        .doesNotContain("otherid", "no longer in the config");
  }

  @Test
  void jsonHasTheVersionsAndTheStepsWithTheirTimes() {
    retiringHistory();
    CliRun run = history("A.Test.", "--json");
    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out().lines()).hasSize(1);
    JsonNode o = JsonMapper.builder().build().readTree(run.out());
    assertThat(o.get("domain").asString()).isEqualTo("a.test");
    assertThat(o.get("hosted").asBoolean()).isTrue();
    assertThat(o.get("currentId").asString()).isEqualTo("none1");
    assertThat(o.get("versions")).hasSize(3);
    JsonNode first = o.get("versions").get(0);
    assertThat(first.get("id").asString()).isEqualTo("testing1");
    assertThat(first.get("mode").asString()).isEqualTo("testing");
    assertThat(first.get("maxAge").asLong()).isEqualTo(86_400);
    assertThat(first.get("firstServed").asString()).isEqualTo("2026-11-01T10:00:00Z");
    assertThat(first.get("retired").asString()).isEqualTo("2026-11-08T10:00:00Z");
    assertThat(first.get("cachedUntil").asString()).isEqualTo("2026-11-09T10:00:00Z");
    assertThat(first.get("published").asString()).isEqualTo("2026-11-01T10:00:12Z");
    assertThat(first.get("policy").asString()).startsWith("version: STSv1\r\n");
    assertThat(o.get("versions").get(2).get("retired").isNull()).isTrue();
    assertThat(o.get("versions").get(2).get("published").isNull()).isTrue();
    JsonNode r = o.get("retirement");
    assertThat(r.get("noneId").asString()).isEqualTo("none1");
    assertThat(r.get("removeAt").asString()).isEqualTo("2026-11-27T10:00:00Z");
    assertThat(r.get("removed").isNull()).isTrue();
    assertThat(r.get("keepConfig").asBoolean()).isFalse();
    assertThat(r.get("steps")).hasSize(3);
    assertThat(r.get("steps").get(0).get("done").asBoolean()).isTrue();
    assertThat(r.get("steps").get(1).get("done").asBoolean()).isFalse();
    assertThat(r.get("steps").get(1).get("at").isNull()).isTrue();
    assertThat(r.get("steps").get(2).get("done").asBoolean()).isFalse();
    assertThat(r.get("steps").get(2).get("at").asString()).isEqualTo("2026-11-27T10:00:00Z");
  }

  @Test
  void completedRetirementOfADomainGoneFromTheConfigIsStillShown() throws IOException {
    retiringHistory();
    store(
        s -> {
          s.published("a.test", "none1", T2.plusSeconds(10));
          s.removed("a.test", T2.plusSeconds(604_800));
        });
    Files.writeString(
        config, Files.readString(config).replaceAll("(?s)    a\\.test:.*?(?=    fresh)", ""));
    CliRun run = history("a.test");
    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out())
        .contains("(no longer in the config)")
        .contains("2. done 2026-11-20T10:00:10Z  publish id none1")
        .contains("3. done 2026-11-27T10:00:00Z  remove _mta-sts.a.test TXT")
        .doesNotContain("(served now)", "due ");
    JsonNode o = JsonMapper.builder().build().readTree(history("a.test", "--json").out());
    assertThat(o.get("hosted").asBoolean()).isFalse();
    assertThat(o.get("currentId").isNull()).isTrue();
    assertThat(o.get("retirement").get("removed").asString()).isEqualTo("2026-11-27T10:00:00Z");
  }

  @Test
  void hostedDomainWithoutHistorySaysSo() {
    CliRun run = history("fresh.test");
    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).contains("(none)", "No retirement started");
    JsonNode o = JsonMapper.builder().build().readTree(history("fresh.test", "--json").out());
    assertThat(o.get("versions")).isEmpty();
    assertThat(o.get("retirement").isNull()).isTrue();
    assertThat(o.get("currentId").isNull()).isTrue();
  }

  @Test
  void domainNeitherHostedNorInTheStoreIsRefused() {
    retiringHistory();
    CliRun run = history("unknown.test");
    assertThat(run.exit()).isEqualTo(ExitCodes.TOOL_ERROR);
    assertThat(run.err()).contains("does not host unknown.test", "no history");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void notADomainIsRefused() {
    CliRun run = history("not a domain");
    assertThat(run.exit()).isEqualTo(ExitCodes.TOOL_ERROR);
    assertThat(run.err()).contains("is not a domain name");
  }

  @Test
  void unreadableOrInvalidConfigIsRefused() throws IOException {
    config = dir.resolve("missing.yml");
    assertThat(history("a.test").exit()).isEqualTo(ExitCodes.TOOL_ERROR);
    config = Files.writeString(dir.resolve("bad.yml"), "policy_host: {listen: nowhere}\n");
    CliRun run = history("a.test");
    assertThat(run.exit()).isEqualTo(ExitCodes.TOOL_ERROR);
    assertThat(run.err()).contains("bad.yml");
  }

  @Test
  void unavailableStoreIsRefused() throws IOException {
    Files.writeString(
        config,
        Files.readString(config)
            .replace(
                "data: data",
                "database: jdbc:postgresql://127.0.0.1:1/mtasts?user=mtasts&connectTimeout=1"));
    CliRun run = history("a.test");
    assertThat(run.exit()).isEqualTo(ExitCodes.TOOL_ERROR);
    assertThat(run.err()).contains("the store");
  }

  @Test
  void needsTheConfig() {
    assertThat(CliRun.run("policy", "history", "a.test").exit()).isEqualTo(ExitCodes.TOOL_ERROR);
  }
}

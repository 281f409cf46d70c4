package dev.mtasts.app.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.cli.CliRun;
import dev.mtasts.app.cli.ExitCodes;
import dev.mtasts.app.serve.ServeConfig;
import dev.mtasts.app.serve.ServeConfigReader;
import dev.mtasts.app.store.PolicyVersion;
import dev.mtasts.app.store.ReportStore;
import dev.mtasts.app.store.Retirement;
import dev.mtasts.app.store.RolloutStore;
import dev.mtasts.core.testing.SettableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code policy retire --keep-config}: when the retirement completes, serve leaves the domain's
 * block in the config file (a file config management owns) and neither publishes nor monitors the
 * domain again; without it, the block is removed as before.
 */
class RetireKeepConfigTest {

  static final Instant T0 = Instant.parse("2026-12-03T12:00:00Z");

  @TempDir Path dir;
  Path config;

  /** The config file as retire left it. */
  String afterRetire;

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
              mode: testing   # managed by ansible
              mx: [mx1.a.test]
              certificate: {cert: a.pem, key: a.key}
            b.test:
              mx: [mx1.b.test]
              certificate: {cert: b.pem, key: b.key}
        """);
  }

  private ServeConfig read() throws IOException {
    return ServeConfigReader.read(Files.readString(config), dir).orThrow();
  }

  private static InetSocketAddress nobody() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort());
    }
  }

  /**
   * Retires a.test through the CLI, then lets serve's rollout run at {@code at} (the clock) on the
   * file as it is after each round.
   */
  private Retirement retireAndRunAt(boolean keep, Instant... rounds) throws IOException {
    CliRun run =
        keep
            ? CliRun.run(
                "policy", "retire", "a.test", "--config", config.toString(), "--keep-config")
            : CliRun.run("policy", "retire", "a.test", "--config", config.toString());
    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
    afterRetire = Files.readString(config);
    InetSocketAddress nobody = nobody();
    SettableClock clock = new SettableClock(T0);
    ServeConfig cfg = read();
    try (ReportStore reports = ReportStore.open(cfg.storeLocation())) {
      RolloutStore store = new RolloutStore(reports);
      Retirement started = store.retirement("a.test").orElseThrow();
      // dated from T0, as if retire had run then
      store.retire(
          new Retirement(
              "a.test",
              started.noneId(),
              T0,
              T0.plus(Duration.ofDays(1)),
              Optional.empty(),
              started.keepConfig()));
      for (Instant at : rounds) {
        clock.set(at);
        ServeConfig now = read();
        try (RolloutService rollout =
            new RolloutService(
                () -> now.policyHost().orElseThrow(),
                new ServedPolicyProbe(() -> nobody, clock),
                store,
                Optional.of(config),
                clock)) {
          rollout.runOnce();
        }
      }
      return store.retirement("a.test").orElseThrow();
    }
  }

  @Test
  void keptConfigIsLeftByteForByteWhenTheRetirementCompletes() throws IOException {
    Retirement r = retireAndRunAt(true, T0, T0.plus(Duration.ofDays(1)));
    assertThat(Files.readString(config)).isEqualTo(afterRetire);
    assertThat(r.keepConfig()).isTrue();
    assertThat(r.removed()).contains(T0.plus(Duration.ofDays(1)));
    assertThat(afterRetire).contains("a.test:", "mode: none", "max_age: 86400", "b.test:");
    assertThat(read().policyHost().orElseThrow().domain("a.test")).isPresent();
  }

  @Test
  void withoutKeepConfigTheBlockIsRemoved() throws IOException {
    Retirement r = retireAndRunAt(false, T0, T0.plus(Duration.ofDays(1)));
    assertThat(r.keepConfig()).isFalse();
    assertThat(r.removed()).isPresent();
    assertThat(Files.readString(config)).doesNotContain("a.test:").contains("b.test:");
  }

  @Test
  void keptConfigIsNotTouchedBeforeTheRetirementIsDue() throws IOException {
    Retirement r = retireAndRunAt(true, T0, T0.plus(Duration.ofDays(1)).minusSeconds(1));
    assertThat(r.removed()).isEmpty();
    assertThat(Files.readString(config)).contains("a.test:");
  }

  @Test
  void afterTheRetirementTheKeptDomainIsNeitherRecordedNorRemovedAgain() throws IOException {
    Retirement r =
        retireAndRunAt(
            true,
            T0,
            T0.plus(Duration.ofDays(1)),
            T0.plus(Duration.ofDays(2)),
            T0.plus(Duration.ofDays(3)));
    String file = Files.readString(config);
    assertThat(r.removed()).contains(T0.plus(Duration.ofDays(1)));
    assertThat(file).isEqualTo(afterRetire);
    try (ReportStore reports = ReportStore.open(read().storeLocation())) {
      RolloutStore store = new RolloutStore(reports);
      // the none version was retired with the record and no version was added since
      assertThat(store.current("a.test")).isEmpty();
      assertThat(store.history("a.test")).extracting(PolicyVersion::mode).containsExactly("none");
    }
  }

  @Test
  void settingAnotherModeInTheKeptBlockBringsTheDomainBack() throws IOException {
    retireAndRunAt(true, T0, T0.plus(Duration.ofDays(1)));
    Files.writeString(config, Files.readString(config).replace("mode: none", "mode: testing"));
    ServeConfig cfg = read();
    SettableClock clock = new SettableClock(T0.plus(Duration.ofDays(2)));
    InetSocketAddress nobody = nobody();
    try (ReportStore reports = ReportStore.open(cfg.storeLocation());
        RolloutService rollout =
            new RolloutService(
                () -> cfg.policyHost().orElseThrow(),
                new ServedPolicyProbe(() -> nobody, clock),
                new RolloutStore(reports),
                Optional.of(config),
                clock)) {
      rollout.runOnce();
      RolloutStore store = new RolloutStore(reports);
      assertThat(store.retirement("a.test")).isEmpty();
      assertThat(store.current("a.test")).map(PolicyVersion::mode).contains("testing");
    }
  }

  @Test
  void retireRunAgainWithKeepConfigSwitchesARetirementUnderWay() throws IOException {
    assertThat(CliRun.run("policy", "retire", "a.test", "--config", config.toString()).exit())
        .isEqualTo(ExitCodes.OK);
    CliRun plain = CliRun.run("policy", "retire", "a.test", "--config", config.toString());
    assertThat(plain.out())
        .contains("is leaving MTA-STS", "serve removes policy_host.domains.a.test");
    CliRun keep =
        CliRun.run("policy", "retire", "a.test", "--config", config.toString(), "--keep-config");
    assertThat(keep.exit()).isEqualTo(ExitCodes.OK);
    assertThat(keep.out()).contains("stays in", "--keep-config");
    // run again without the flag: still kept (the flag is not switched off by omission)
    CliRun again = CliRun.run("policy", "retire", "a.test", "--config", config.toString());
    assertThat(again.out()).contains("stays in");
    try (ReportStore reports = ReportStore.open(read().storeLocation())) {
      assertThat(new RolloutStore(reports).retirement("a.test").orElseThrow().keepConfig())
          .isTrue();
    }
  }

  @Test
  void keepConfigOnADomainTheConfigDoesNotHostIsRefused() throws IOException {
    String before = Files.readString(config);
    CliRun run =
        CliRun.run("policy", "retire", "c.test", "--config", config.toString(), "--keep-config");
    assertThat(run.exit()).isEqualTo(ExitCodes.TOOL_ERROR);
    assertThat(run.err()).contains("does not host c.test");
    assertThat(Files.readString(config)).isEqualTo(before);
  }
}

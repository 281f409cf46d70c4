package dev.mtasts.app.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.cli.CliRun;
import dev.mtasts.app.cli.ExitCodes;
import dev.mtasts.app.lab.Lab;
import dev.mtasts.app.lab.LabOptions;
import dev.mtasts.app.store.ReportStore;
import dev.mtasts.app.store.Retirement;
import dev.mtasts.app.store.RolloutStore;
import dev.mtasts.app.store.StoreLocation;
import dev.mtasts.core.ParseResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code policy records}, {@code promote} and {@code retire} through the real CLI, with the lab as
 * the live world: promote refuses for a domain whose MX certificate has expired and switches
 * good.test to enforce; retire plans §8.3 from the history and starts it.
 */
class RolloutCommandsLabTest {

  @TempDir static Path labDir;
  static Lab lab;
  @TempDir Path dir;
  Path config;

  static final String CONFIG =
      """
      data: %s
      policy_host:
        listen: 127.0.0.1:0
        domains:
          good.test:
            mode: testing   # first testing (RFC 8461 §5)
            mx: [mx1.good.test, mx2.good.test]
            tlsrpt_rua: [mailto:tlsrpt@good.test]
            certificate: {cert: good.pem, key: good.key}
          mx-cert-expired.test:
            mode: testing
            mx: [mx1.mx-cert-expired.test]
            certificate: {cert: e.pem, key: e.key}
          partly.test:
            mx: [mx1.good.test]
            certificate: {cert: p.pem, key: p.key}
      """;

  @BeforeAll
  static void startLab() throws IOException {
    lab = Lab.start(LabOptions.ephemeral(labDir));
  }

  @AfterAll
  static void stopLab() {
    if (lab != null) {
      lab.close();
    }
  }

  @BeforeEach
  void writeConfig() throws IOException {
    config = dir.resolve("serve.yml");
    Files.writeString(config, CONFIG.formatted(dir.resolve("data")));
  }

  static CliRun promote(Path config, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "policy",
                "promote",
                "--config",
                config.toString(),
                "--dns",
                lab.dnsAddress().getHostString() + ":" + lab.dnsAddress().getPort(),
                "--ca-file",
                lab.caFile().toString(),
                "--https-port",
                Integer.toString(lab.httpsPort()),
                "--smtp-port",
                Integer.toString(lab.smtpPort()),
                "--timeout",
                "5",
                "--allow-private-addresses"));
    args.addAll(List.of(more));
    return CliRun.run(args.toArray(String[]::new));
  }

  private ConfigFile file() {
    return ((ParseResult.Ok<ConfigFile>) ConfigFile.read(config)).value();
  }

  @Test
  void recordsPrintTheServedIdAndTheTlsRptRecord() {
    String id = file().hosted("good.test").orElseThrow().hostedPolicy().id();
    CliRun run = CliRun.run("policy", "records", "good.test", "--config", config.toString());
    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out())
        .contains("_mta-sts.good.test. 3600 IN TXT \"v=STSv1; id=" + id + ";\"")
        .contains("_smtp._tls.good.test. 3600 IN TXT \"v=TLSRPTv1; rua=mailto:tlsrpt@good.test\"")
        .contains("paste the TXT records");
    CliRun json =
        CliRun.run("policy", "records", "GOOD.test.", "--config", config.toString(), "--json");
    JsonNode object = JsonMapper.builder().build().readTree(json.out());
    assertThat(object.get("policyId").asString()).isEqualTo(id);
    assertThat(object.get("records")).hasSize(2);
    assertThat(object.get("dnsUpdate").isNull()).isTrue();
  }

  @Test
  void recordsRefuseADomainTheConfigDoesNotHost() {
    CliRun run = CliRun.run("policy", "records", "other.test", "--config", config.toString());
    assertThat(run.exit()).isEqualTo(ExitCodes.TOOL_ERROR);
    assertThat(run.err()).contains("does not host other.test");
    assertThat(CliRun.run("policy", "records", "x", "--config", "/nonexistent.yml").exit())
        .isEqualTo(ExitCodes.TOOL_ERROR);
  }

  @Test
  void promoteRefusesWhenAnMxCertificateHasExpired() throws IOException {
    String before = Files.readString(config);
    CliRun run = promote(config, "mx-cert-expired.test");
    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCodes.PROBLEMS);
    assertThat(run.out())
        .contains("MX mx1.mx-cert-expired.test (preference 10): covered by the policy")
        .contains("certificate expired");
    assertThat(run.err()).contains("refused", "--force");
    assertThat(Files.readString(config)).isEqualTo(before);
  }

  @Test
  void promoteRefusesWhenAnMxIsNotCovered() throws IOException {
    Files.writeString(
        config,
        Files.readString(config)
            .replace("mx: [mx1.good.test, mx2.good.test]", "mx: [mx1.good.test]"));
    String before = Files.readString(config);
    CliRun run = promote(config, "good.test");
    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCodes.PROBLEMS);
    assertThat(run.out())
        .contains("MX mx2.good.test (preference 20): NOT covered by any mx pattern")
        .contains("mx2.good.test matches no mx pattern (mx1.good.test)");
    assertThat(Files.readString(config)).isEqualTo(before);
  }

  @Test
  void promoteRefusesADomainWithoutMailHosts() {
    // partly.test is not in the lab's DNS: no MX host to judge
    CliRun run = promote(config, "partly.test");
    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCodes.PROBLEMS);
    assertThat(run.out()).contains("partly.test has no MX host to check");
  }

  @Test
  void promoteSwitchesGoodTestToEnforceChangingOnlyItsModeLine() throws IOException {
    String before = Files.readString(config);
    CliRun run = promote(config, "good.test");
    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out())
        .contains("MX mx1.good.test (preference 10): covered by the policy")
        .contains("MX mx2.good.test (preference 20): covered by the policy")
        .contains("TLS reports: none stored")
        .contains("Promoted");
    assertThat(Files.readString(config))
        .isEqualTo(
            before.replace(
                "    mode: testing   # first testing", "    mode: enforce # first testing"));
    assertThat(file().hosted("good.test").orElseThrow().policy().maxAge()).isEqualTo(604_800);
    CliRun again = promote(config, "good.test");
    assertThat(again.exit()).isEqualTo(ExitCodes.OK);
    assertThat(again.out()).contains("enforce mode already");
  }

  @Test
  void promoteTakesTheLabFromTheConfigLikeServesMonitoring() throws IOException {
    String lab =
        "dns: %s:%d\nca_file: %s\nhttps_port: %d\nsmtp_port: %d\n"
            .formatted(
                RolloutCommandsLabTest.lab.dnsAddress().getHostString(),
                RolloutCommandsLabTest.lab.dnsAddress().getPort(),
                RolloutCommandsLabTest.lab.caFile(),
                RolloutCommandsLabTest.lab.httpsPort(),
                RolloutCommandsLabTest.lab.smtpPort());
    Files.writeString(config, lab + "allow_private_addresses: true\n" + Files.readString(config));
    CliRun run =
        CliRun.run("policy", "promote", "good.test", "--config", config.toString(), "--timeout=5");
    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out())
        .contains("MX mx2.good.test (preference 20): covered by the policy")
        .contains("STARTTLS, TLSv1.3, certificate valid until")
        .contains(", trusted, name matches")
        .doesNotContain("unreachable now");
  }

  @Test
  void promoteWithoutTheLabsRootRefuses() throws IOException {
    // the lab's DNS and ports, but neither ca_file nor --ca-file: its certificates are untrusted
    String lab =
        "dns: %s:%d\nhttps_port: %d\nsmtp_port: %d\nallow_private_addresses: true\n"
            .formatted(
                RolloutCommandsLabTest.lab.dnsAddress().getHostString(),
                RolloutCommandsLabTest.lab.dnsAddress().getPort(),
                RolloutCommandsLabTest.lab.httpsPort(),
                RolloutCommandsLabTest.lab.smtpPort());
    Files.writeString(config, lab + Files.readString(config));
    String before = Files.readString(config);
    CliRun run =
        CliRun.run("policy", "promote", "good.test", "--config", config.toString(), "--timeout=5");
    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCodes.PROBLEMS);
    assertThat(run.out()).contains("UNTRUSTED").doesNotContain("unreachable now");
    assertThat(Files.readString(config)).isEqualTo(before);
  }

  @Test
  void forcePromotesDespiteTheEvidence() {
    CliRun run = promote(config, "mx-cert-expired.test", "--force");
    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.err()).contains("--force");
    assertThat(file().hosted("mx-cert-expired.test").orElseThrow().policy().mode().token())
        .isEqualTo("enforce");
  }

  @Test
  void retirePrintsThePlanAndStartsIt() {
    Instant before = Instant.now().minusSeconds(1);
    CliRun run = CliRun.run("policy", "retire", "good.test", "--config", config.toString());
    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).contains("RFC 8461 §8.3", "serve mode: none", "remove the _mta-sts");
    var none = file().hosted("good.test").orElseThrow();
    assertThat(none.policy().mode().token()).isEqualTo("none");
    assertThat(none.policy().maxAge()).isEqualTo(86_400);
    assertThat(run.out()).contains(none.hostedPolicy().id());
    try (ReportStore reports =
        ReportStore.open(new StoreLocation.Sqlite(dir.resolve("data").resolve("mtasts.db")))) {
      Retirement r = new RolloutStore(reports).retirement("good.test").orElseThrow();
      assertThat(r.noneId()).isEqualTo(none.hostedPolicy().id());
      // the testing policy's max_age (a day, the default) from now
      assertThat(Duration.between(r.started(), r.removeAt())).isEqualTo(Duration.ofDays(1));
      assertThat(r.started()).isAfter(before);
      assertThat(run.out()).contains(r.removeAt().toString());
    }
    CliRun again = CliRun.run("policy", "retire", "good.test", "--config", config.toString());
    assertThat(again.exit()).isEqualTo(ExitCodes.OK);
    assertThat(again.out()).contains("is leaving MTA-STS");
  }
}

package dev.mtasts.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.readiness.GeneratedReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code report readiness}: exit codes, text tables and JSON, over reports stored by import. */
class ReportReadinessCommandTest {

  @TempDir Path dir;

  private String data() {
    return dir.resolve("data").toString();
  }

  /** Imports reports of the 20 days before today from three senders, plus {@code extra}. */
  private void importReports(List<GeneratedReport> extra) throws IOException {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    List<String> args = new ArrayList<>(List.of("report", "import", "--data", data()));
    int n = 0;
    List<GeneratedReport> all = new ArrayList<>(extra);
    for (int d = 1; d <= 20; d++) {
      for (String org : List.of("Google Inc.", "Microsoft Corporation", "Yahoo")) {
        all.add(
            GeneratedReport.sts(
                org, "c" + d + org.charAt(0), today.minusDays(d), "example.org", 50));
      }
    }
    for (GeneratedReport r : all) {
      Path f = dir.resolve("r" + n++ + ".json");
      Files.writeString(f, r.json(), StandardCharsets.UTF_8);
      args.add(f.toString());
    }
    CliRun imported = CliRun.run(args.toArray(String[]::new));
    assertThat(imported.exit()).as(imported.err()).isZero();
  }

  @Test
  void readyIsExitZeroWithTheEvidenceTables() throws IOException {
    importReports(List.of());
    CliRun run = CliRun.run("report", "readiness", "--data", data(), "example.org");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .startsWith("example.org: ready\n")
        .contains("days with reports")
        .contains("By sender")
        .contains("Microsoft Corporation")
        .contains("mx lines senders reported: mx1.example.org");
  }

  @Test
  void notReadyIsExitOneAndNamesEachReason() throws IOException {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    importReports(
        List.of(
            GeneratedReport.sts("Google Inc.", "bad1", today.minusDays(1), "example.org", 0)
                .failing("certificate-expired", "mx1.example.org", 40),
            GeneratedReport.sts("Yahoo", "bad2", today.minusDays(1), "example.org", 0)
                .withPolicyType("tlsa")
                .failing("tlsa-invalid", "mx9.example.org", 1)));
    CliRun run = CliRun.run("report", "readiness", "--data", data(), "example.org");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out())
        .startsWith("example.org: not ready\n")
        .contains("READINESS_FAILURE_RATE (not ready)")
        .contains("READINESS_SENDER_FAILURE_RATE (not ready)")
        .contains(
            "READINESS_MX_NOT_COVERED (not ready): senders delivered to MX host mx9.example.org")
        .contains("deferred under enforce; bounced if it persists")
        .contains("not caused by the MTA-STS mode");
  }

  @Test
  void notEnoughDataIsExitOneAndJsonHasTheVerdict() throws IOException {
    // the name is normalised as everywhere (docs/domain-names.md)
    CliRun run = CliRun.run("report", "readiness", "--data", data(), "--json", "Example.ORG.");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out())
        .startsWith("{\"domain\":\"example.org\",\"verdict\":\"not enough data\",\"ready\":false,")
        .contains("\"code\":\"READINESS_FEW_DAYS\"")
        .contains("\"hosted_mx\":null");
  }

  @Test
  void thresholdsComeFromTheConfig() throws IOException {
    importReports(List.of());
    Path config = dir.resolve("serve.yml");
    Files.writeString(config, "data: data\nreadiness:\n  min_days: 25\n  window_days: 40\n");
    CliRun run = CliRun.run("report", "readiness", "--config", config.toString(), "example.org");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).contains("READINESS_FEW_DAYS").contains(">= 25");
  }

  @Test
  void aDomainTheConfigHostsIsJudgedByItsHostedMxLines() throws IOException {
    importReports(
        List.of(
            GeneratedReport.sts(
                    "Google Inc.",
                    "m1",
                    LocalDate.now(ZoneOffset.UTC).minusDays(1),
                    "example.org",
                    0)
                .failing("certificate-expired", "mx1.example.org", 1)));
    assertThat(CliRun.run("report", "readiness", "--data", data(), "example.org").exit()).isZero();
    Path config = dir.resolve("serve.yml");
    Files.writeString(
        config,
        "data: data\npolicy_host:\n  domains:\n    example.org:\n      mx: [mx2.example.org]\n"
            + "      certificate: {cert: c.pem, key: c.key}\n");
    CliRun run =
        CliRun.run("report", "readiness", "--config", config.toString(), "--json", "example.org");
    assertThat(run.exit()).as(run.err()).isEqualTo(1);
    assertThat(run.out())
        .contains("\"code\":\"READINESS_MX_NOT_COVERED\"")
        .contains("\"hosted_mx\":[\"mx2.example.org\"]");
  }

  @Test
  void usageErrorsAreExitTwo() throws IOException {
    assertThat(CliRun.run("report", "readiness", "--data", data()).exit()).isEqualTo(2);
    assertThat(CliRun.run("report", "readiness", "--data", data(), "not a domain").exit())
        .isEqualTo(2);
    Path config = dir.resolve("bad.yml");
    Files.writeString(config, "readiness:\n  min_dayz: 3\n");
    CliRun bad = CliRun.run("report", "readiness", "--config", config.toString(), "example.org");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("unknown key 'readiness.min_dayz'").contains("line 2");
  }

  @Test
  void anUnreachableDatabaseIsExit75() {
    CliRun run =
        CliRun.run(
            "report",
            "readiness",
            "--database",
            "jdbc:postgresql://127.0.0.1:1/mtasts?user=mtasts&connectTimeout=2",
            "example.org");
    assertThat(run.exit()).isEqualTo(75);
    assertThat(run.err()).contains("the store is unavailable");
  }
}

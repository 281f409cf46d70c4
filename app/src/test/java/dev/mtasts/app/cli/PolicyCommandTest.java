package dev.mtasts.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyCommandTest {
  @TempDir Path dir;

  private String policy() throws IOException {
    Path path = dir.resolve("mta-sts.txt");
    Files.writeString(path, ValidateCommandTest.RFC_POLICY);
    return path.toString();
  }

  @Test
  void allHostsMatch() throws IOException {
    CliRun run = CliRun.run("policy", "match", policy(), "mail.example.com", "MX1.example.net.");
    assertThat(run.exit()).isZero();
    assertThat(run.out().lines())
        .containsExactly("mail.example.com: match", "MX1.example.net.: match");
  }

  // RFC 8461 §4.1: "*.example.net" matches one label only
  @Test
  void anyMismatchExitsOne() throws IOException {
    CliRun run =
        CliRun.run(
            "policy",
            "match",
            "--json",
            policy(),
            "mx1.example.net",
            "a.b.example.net",
            "example.net");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out().lines())
        .containsExactly(
            "{\"host\":\"mx1.example.net\",\"match\":true}",
            "{\"host\":\"a.b.example.net\",\"match\":false}",
            "{\"host\":\"example.net\",\"match\":false}");
  }

  @Test
  void readsThePolicyFromStandardInput() {
    CliRun run =
        CliRun.runWithStdin(
            ValidateCommandTest.RFC_POLICY, "policy", "match", "-", "backupmx.example.com");
    assertThat(run.exit()).isZero();
    assertThat(run.out().lines()).containsExactly("backupmx.example.com: match");
  }

  @Test
  void invalidPolicyExitsTwo() throws IOException {
    Path path = dir.resolve("bad.txt");
    Files.writeString(path, "version: STSv1\nmode: enforce\nmax_age: 1\n");
    CliRun run = CliRun.run("policy", "match", path.toString(), "mail.example.com");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("invalid policy", "POLICY_MX_MISSING");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void unreadablePolicyExitsTwo() {
    CliRun run =
        CliRun.run("policy", "match", dir.resolve("none.txt").toString(), "mail.example.com");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("none.txt: no such file");
  }

  @Test
  void hostsAreRequired() throws IOException {
    assertThat(CliRun.run("policy", "match", policy()).exit()).isEqualTo(2);
  }
}

package dev.mtasts.app.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Usage errors of {@code check}: each is exit 2 with a message, before any network use. */
class CheckCommandTest {

  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "check|no domain given",
        "check --dns 192.0.2.1:99999 example.com|--dns",
        "check --dns dns.example.com example.com|--dns",
        "check --ca-file /nonexistent/ca.pem example.com|--ca-file",
        "check --concurrency 0 example.com|--concurrency",
        "check --deadline 0 example.com|--deadline",
        "check --json --format csv example.com|contradicts",
        "check --format xml example.com|xml",
        "check --dnssec maybe example.com|--dnssec",
      })
  void usageErrors(String command, String named) {
    CliRun run = CliRun.run(command.split(" "));
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains(named);
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aFileThatIsNotPemIsRefused() throws Exception {
    Path notPem = Files.writeString(dir.resolve("ca.pem"), "hello\n");
    CliRun run = CliRun.run("check", "--ca-file", notPem.toString(), "example.com");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--ca-file", "ca.pem");
  }

  @Test
  void csvFieldsFollowRfc4180() {
    assertThat(Csv.field("plain")).isEqualTo("plain");
    assertThat(Csv.field("a,b")).isEqualTo("\"a,b\"");
    assertThat(Csv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(Csv.field("two\nlines")).isEqualTo("\"two\nlines\"");
  }
}

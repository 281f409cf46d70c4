package dev.mtasts.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command names a file it cannot read with the reason, in the same words ("PATH: no such
 * file", "PATH: is a directory"), never with the path twice.
 */
class UnreadableFilesTest {

  private static final String NL = System.lineSeparator();

  @TempDir Path dir;

  private String missing() {
    return dir.resolve("x.yml").toString();
  }

  @Test
  void validateAndPolicyMatchAndReportParse() {
    assertThat(CliRun.run("validate", "policy", missing()).err())
        .isEqualTo(missing() + ": no such file" + NL);
    assertThat(CliRun.run("validate", "sts-record", dir.toString()).err())
        .isEqualTo(dir + ": is a directory" + NL);
    assertThat(CliRun.run("policy", "match", dir.toString(), "mx.example.org").err())
        .isEqualTo(dir + ": is a directory" + NL);
    assertThat(CliRun.run("report", "parse", dir.toString()).err())
        .isEqualTo(dir + ": is a directory" + NL);
  }

  @Test
  void jsonOutputCarriesTheReasonWithTheInput() {
    CliRun validate = CliRun.run("validate", "--json", "policy", dir.toString());
    CliRun report = CliRun.run("report", "parse", "--json", missing());

    assertThat(validate.exit()).isEqualTo(2);
    assertThat(validate.out())
        .isEqualTo(
            "{\"input\":\""
                + dir
                + "\",\"valid\":false,\"errors\":[{\"code\":\"INPUT_UNREADABLE\","
                + "\"message\":\"cannot read: is a directory\"}],\"warnings\":[]}"
                + NL);
    assertThat(report.exit()).isEqualTo(2);
    assertThat(report.out())
        .isEqualTo(
            "{\"input\":\""
                + missing()
                + "\",\"ok\":false,\"error\":{\"code\":\"INPUT_UNREADABLE\","
                + "\"message\":\"cannot read: no such file\"}}"
                + NL);
  }

  @Test
  void checkInputAndCaFile() {
    CliRun input = CliRun.run("check", "--input", missing());
    CliRun caFile = CliRun.run("check", "--ca-file", dir.toString(), "example.org");

    assertThat(input.exit()).isEqualTo(2);
    assertThat(input.err()).isEqualTo("mtasts check: --input " + missing() + ": no such file" + NL);
    assertThat(caFile.exit()).isEqualTo(2);
    assertThat(caFile.err()).contains(dir + ": is a directory").doesNotContain("cannot be read");
  }

  @Test
  void queryConfig() throws IOException {
    Path unreadable = Files.createDirectory(dir.resolve("conf.yml"));
    CliRun missingConfig = CliRun.run("query", "--config", missing(), "example.org");
    CliRun directory = CliRun.run("query", "--config", unreadable.toString(), "example.org");

    assertThat(missingConfig.exit()).isEqualTo(2);
    assertThat(missingConfig.err()).isEqualTo("mtasts query: " + missing() + ": no such file" + NL);
    assertThat(directory.err()).isEqualTo("mtasts query: " + unreadable + ": is a directory" + NL);
  }
}

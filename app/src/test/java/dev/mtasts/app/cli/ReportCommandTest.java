package dev.mtasts.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code report parse} per docs/cli.md: text and JSON Lines output, exit codes. */
class ReportCommandTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path dir;

  record Run(int exit, String out, String err) {
    List<JsonNode> lines() {
      return out.lines().map(JSON::readTree).toList();
    }
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private Path file(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  private static final String REPORT =
      """
      {"organization-name":"Org","date-range":{"start-datetime":"2024-01-01T00:00:00Z",
      "end-datetime":"2024-01-01T23:59:59Z"},"contact-info":"r@org.example","report-id":"id-1",
      "policies":[{"policy":{"policy-type":"sts","policy-string":["version: STSv1"],
      "policy-domain":"d.example","mx-host":["mx.d.example"]},"summary":{
      "total-successful-session-count":5,"total-failure-session-count":3},"failure-details":[
      {"result-type":"certificate-expired","sending-mta-ip":"192.0.2.1",
      "receiving-mx-hostname":"mx.d.example","failed-session-count":1},
      {"result-type":"certificate-expired","sending-mta-ip":"192.0.2.2",
      "receiving-mx-hostname":"mx.d.example","failed-session-count":2}]}]}""";

  @Test
  void jsonLineCarriesTheCanonicalReport() throws IOException {
    Path report = file("r.json", REPORT.replace("\"mx-host\"", "\"mx-host-pattern\""));

    Run run = run("report", "parse", "--json", report.toString());

    assertThat(run.exit()).isZero();
    JsonNode line = run.lines().getFirst();
    assertThat(line.propertyNames()).containsExactly("input", "ok", "report", "warnings");
    assertThat(line.get("input").stringValue()).isEqualTo(report.toString());
    assertThat(line.get("ok").booleanValue()).isTrue();
    assertThat(line.at("/report/date-range/start-datetime").stringValue())
        .isEqualTo("2024-01-01T00:00:00Z");
    assertThat(line.at("/report/policies/0/policy/mx-host/0").stringValue())
        .isEqualTo("mx.d.example");
    assertThat(line.at("/report/policies/0/summary/total-failure-session-count").longValue())
        .isEqualTo(3);
    assertThat(line.at("/warnings/0/code").stringValue()).isEqualTo("REPORT_PROSE_KEY_NAME");
    assertThat(line.at("/warnings/0").propertyNames()).containsExactly("code", "message");
  }

  @Test
  void invalidReportIsExitOneWithAnErrorLine() throws IOException {
    Path bad = file("bad.json", "{\"report-id\":7}");
    Path good = file("good.json", REPORT);

    Run run = run("report", "parse", "--json", good.toString(), bad.toString());

    assertThat(run.exit()).isEqualTo(1);
    List<JsonNode> lines = run.lines();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1).propertyNames()).containsExactly("input", "ok", "error");
    assertThat(lines.get(1).get("ok").booleanValue()).isFalse();
    assertThat(lines.get(1).at("/error/code").stringValue()).isEqualTo("REPORT_MISSING_FIELD");
    assertThat(lines.get(1).at("/error/message").stringValue()).contains("REPORT_WRONG_TYPE");
    assertThat(lines.get(1).at("/error").propertyNames()).containsExactly("code", "message");
  }

  @Test
  void unreadableFileIsExitTwo() {
    Run run = run("report", "parse", dir.resolve("missing.json").toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("missing.json: no such file");
  }

  @Test
  void unreadableFileWinsOverAnInvalidOne() throws IOException {
    Path bad = file("bad.json", "not json");

    Run run = run("report", "parse", "--json", bad.toString(), "no-such-file");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.lines().get(1).at("/error/code").stringValue()).isEqualTo("INPUT_UNREADABLE");
    assertThat(run.lines().get(1).get("input").stringValue()).isEqualTo("no-such-file");
  }

  @Test
  void textSummaryGroupsFailuresByResultType() throws IOException {
    Path report = file("r.json", REPORT);

    Run run = run("report", "parse", report.toString());

    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .contains(": TLS report from Org")
        .contains("report-id: id-1")
        .contains("period:    2024-01-01T00:00:00Z to 2024-01-01T23:59:59Z")
        .contains("policy 1: sts d.example: 5 successful, 3 failed")
        .contains("    certificate-expired: 3");
  }

  @Test
  void textNamesTheErrors() throws IOException {
    Path bad = file("bad.eml", "Subject: hello\r\n\r\njust mail\r\n");

    Run run = run("report", "parse", bad.toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).contains("not a valid TLS report").contains("error REPORT_NOT_A_REPORT");
  }

  @Test
  void missingInputIsAUsageError() {
    assertThat(run("report", "parse").exit()).isEqualTo(2);
  }
}

package dev.mtasts.app.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.cli.CliRun;
import dev.mtasts.app.cli.ExitCodes;
import dev.mtasts.app.lab.Lab;
import dev.mtasts.app.lab.LabOptions;
import dev.mtasts.app.lab.Scenario;
import dev.mtasts.app.lab.Scenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every lab scenario through the real CLI path: {@code mtasts check} with the lab's DNS server
 * (DnsjavaResolver), its CA as {@code --ca-file} and its ports. Each scenario must report its
 * expected code and no error or warning it does not imply; good.test and the other healthy setups
 * must pass.
 */
class CheckLabTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir static Path dir;
  static Lab lab;
  static Map<String, JsonNode> reports = new HashMap<>();
  static int exitOfAll;

  @BeforeAll
  static void start() throws Exception {
    lab = Lab.start(LabOptions.ephemeral(dir));
    List<String> args = new ArrayList<>(List.of("--json", "--concurrency", "8"));
    Scenarios.all().forEach(s -> args.add(s.domain()));
    CliRun run = check(args.toArray(String[]::new));
    exitOfAll = run.exit();
    for (String line : run.out().lines().toList()) {
      JsonNode report = JSON.readTree(line);
      reports.put(report.get("domain").asString(), report);
    }
  }

  @AfterAll
  static void stop() {
    lab.close();
  }

  static CliRun check(String... args) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "check",
                "--dns",
                lab.dnsAddress().getHostString() + ":" + lab.dnsAddress().getPort(),
                "--ca-file",
                lab.caFile().toString(),
                "--https-port",
                Integer.toString(lab.httpsPort()),
                "--smtp-port",
                Integer.toString(lab.smtpPort()),
                "--timeout",
                "5"));
    all.addAll(List.of(args));
    return CliRun.run(all.toArray(String[]::new));
  }

  static Stream<Scenario> scenarios() {
    return Scenarios.all().stream();
  }

  private static List<JsonNode> findings(JsonNode report) {
    List<JsonNode> findings = new ArrayList<>();
    report.get("findings").forEach(findings::add);
    return findings;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void everyScenarioReportsItsCodeAndNothingItDoesNotImply(Scenario scenario) {
    JsonNode report = reports.get(scenario.domain());
    assertThat(report).as("a report for %s", scenario.domain()).isNotNull();
    List<JsonNode> findings = findings(report);
    List<String> unexpected =
        findings.stream()
            .filter(f -> !f.get("severity").asString().equals("info"))
            .map(f -> f.get("code").asString())
            .filter(code -> scenario.expectedCode().map(e -> !e.equals(code)).orElse(true))
            .toList();
    assertThat(unexpected)
        .as("errors and warnings of %s: %s", scenario.domain(), findings)
        .isEmpty();
    scenario
        .expectedCode()
        .ifPresentOrElse(
            code ->
                assertThat(findings)
                    .as("findings of %s", scenario.domain())
                    .anyMatch(f -> f.get("code").asString().equals(code)),
            () -> assertThat(report.get("status").asString()).isEqualTo("pass"));
  }

  @Test
  void goodTestPassesWithItsFacts() {
    JsonNode good = reports.get("good.test");
    assertThat(good.get("status").asString()).isEqualTo("pass");
    assertThat(good.get("policy").get("mode").asString()).isEqualTo("enforce");
    JsonNode mx = good.get("mx").get(0);
    assertThat(mx.get("host").asString()).isEqualTo("mx1.good.test");
    assertThat(mx.get("preference").asInt()).isEqualTo(10);
    assertThat(mx.get("starttls").asBoolean()).isTrue();
    assertThat(mx.get("tlsVersion").asString()).isEqualTo("TLSv1.3");
    assertThat(mx.get("certificate").get("trusted").asBoolean()).isTrue();
    assertThat(mx.get("certificate").get("dnsNames").get(0).asString()).isEqualTo("mx1.good.test");
  }

  /** A U-label name is checked as its A-label; the input stays as given, the text shows both. */
  @Test
  void aUnicodeNameIsCheckedAsItsALabel() {
    CliRun json = check("--json", "ex\u00e4mple.test");
    CliRun text = check("ex\u00e4mple.test");

    assertThat(json.exit()).as(json.err()).isNotEqualTo(ExitCodes.TOOL_ERROR);
    JsonNode report = JSON.readTree(json.out());
    assertThat(report.get("domain").asString()).as(json.out()).isEqualTo("xn--exmple-cua.test");
    assertThat(report.get("input").asString()).isEqualTo("ex\u00e4mple.test");
    assertThat(findings(report))
        .as("looked up as the A-label")
        .anyMatch(
            f ->
                f.get("code").asString().equals("STS_RECORD_MISSING")
                    && f.get("subject").asString().equals("_mta-sts.xn--exmple-cua.test"));
    assertThat(json.out().replace("\"input\":\"ex\u00e4mple.test\"", "")).doesNotContain("\u00e4");
    assertThat(text.out()).startsWith("xn--exmple-cua.test (ex\u00e4mple.test)\n");
  }

  @Test
  void onlyErrorsFailTheRun() {
    assertThat(exitOfAll).isEqualTo(1);
    assertThat(check("good.test", "testing.test", "no-sts.test").exit()).isZero();
    assertThat(check("good.test", "mx-old-tls.test").exit()).isEqualTo(1);
  }

  @Test
  void findingsCarryTheirRfc8460ResultType() {
    JsonNode finding =
        findings(reports.get("mx-cert-wrongname.test")).stream()
            .filter(f -> f.get("code").asString().equals("MX_CERT_NAME_MISMATCH"))
            .findFirst()
            .orElseThrow();
    assertThat(finding.get("tlsrptResultType").asString()).isEqualTo("certificate-host-mismatch");
    assertThat(finding.get("subject").asString()).startsWith("mx1.mx-cert-wrongname.test [127.");
    assertThat(finding.get("message").asString()).contains("Fix: ");
  }

  // ---- text

  @Test
  void textIsGroupedByStepWithAStatusLineAndNoColourOffATerminal() {
    CliRun run = check("policy-syntax.test");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out())
        .contains(
            "policy-syntax.test\n  Records\n",
            "\n  Reporting\n",
            "\n  Policy (mta-sts.policy-syntax.test)\n")
        .contains("ERROR POLICY_SYNTAX [mta-sts.policy-syntax.test]\n      Line 2")
        .contains("  MX mx1.policy-syntax.test (preference 10)")
        .contains("Status: fail (1 error")
        .doesNotContain("\u001b[");
  }

  @Test
  void aBlankLineIsASyntaxErrorForTheOwnerAlthoughSendersApplyThePolicy() {
    List<JsonNode> syntax =
        findings(reports.get("blank-line.test")).stream()
            .filter(f -> f.get("code").asString().equals("POLICY_SYNTAX"))
            .toList();
    assertThat(syntax).hasSize(1);
    assertThat(syntax.getFirst().get("severity").asString()).isEqualTo("error");
    assertThat(syntax.getFirst().get("message").asString())
        .contains("Line 5", "blank line", "many senders skip it", "POLICY_BLANK_LINE");
    assertThat(reports.get("blank-line.test").get("status").asString()).isEqualTo("fail");
  }

  @Test
  void mxFindingsAppearUnderTheirHost() {
    CliRun run = check("mx-no-starttls.test");
    String out = run.out();
    int section = out.indexOf("  MX mx1.mx-no-starttls.test");
    assertThat(section).isPositive();
    assertThat(out.indexOf("ERROR MX_STARTTLS_MISSING")).isGreaterThan(section);
  }

  // ---- CSV

  @Test
  void csvHasAHeaderAndOneQuotedRowPerFinding() {
    CliRun run = check("--format", "csv", "short-max-age.test", "good.test");
    List<String> lines = run.out().lines().toList();
    assertThat(lines.getFirst()).isEqualTo(Csv.HEADER);
    assertThat(lines)
        .anyMatch(
            l ->
                l.startsWith(
                    "short-max-age.test,warn,POLICY_MAX_AGE_SHORT,warning,mta-sts.short-max-age.test,,\""));
    assertThat(lines)
        .anyMatch(l -> l.startsWith("good.test,pass,DNSSEC_UNSIGNED,info,good.test,,"));
    assertThat(lines.stream().filter(l -> l.equals(Csv.HEADER))).hasSize(1);
  }

  @Test
  void dnssecOffMakesNoClaimAboutSigning() {
    CliRun trusted = check("--format", "csv", "good.test");
    CliRun off = check("--format", "csv", "--dnssec", "off", "good.test");
    assertThat(trusted.out()).contains("DNSSEC_UNSIGNED");
    assertThat(off.out()).doesNotContain("DNSSEC_");
    assertThat(off.exit()).isZero();
  }

  // ---- input and names

  @Test
  void inputFileWithCommentsAndBlankLines() throws Exception {
    Path input = dir.resolve("domains.txt");
    Files.writeString(input, "# lab domains\n\ngood.test   # the healthy one\n  NONE.TEST.\n");
    CliRun run = check("--json", "--input", input.toString());
    List<String> domains =
        run.out().lines().map(l -> JSON.readTree(l).get("domain").asString()).sorted().toList();
    assertThat(domains).containsExactly("good.test", "none.test");
    assertThat(run.out()).contains("\"domain\":\"none.test\",\"input\":\"NONE.TEST.\"");
    assertThat(run.exit()).isZero();
  }

  @Test
  void anInvalidNameIsAUsageErrorForThatNameOnly() {
    CliRun run = check("--json", "bad..name", "good.test");
    assertThat(run.exit()).isEqualTo(2);
    List<JsonNode> lines = run.out().lines().map(JSON::readTree).toList();
    assertThat(lines).hasSize(2);
    JsonNode invalid =
        lines.stream()
            .filter(l -> l.get("status").asString().equals("invalid"))
            .findFirst()
            .orElseThrow();
    assertThat(invalid.get("input").asString()).isEqualTo("bad..name");
    assertThat(invalid.get("error").get("code").asString()).isEqualTo("DOMAIN_INVALID");
  }

  @Test
  void unreadableInputIsAUsageError() {
    CliRun run = check("--input", dir.resolve("missing.txt").toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--input", "missing.txt");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void deadlineNamesTheStepThatRanOutOfTime() {
    CliRun run = check("--json", "--deadline", "0.001", "good.test");
    JsonNode report = JSON.readTree(run.out().strip());
    assertThat(findings(report)).anyMatch(f -> f.get("code").asString().equals("CHECK_DEADLINE"));
    assertThat(run.exit()).isEqualTo(1);
  }
}

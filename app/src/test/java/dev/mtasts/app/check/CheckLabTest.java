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
                "5",
                "--allow-private-addresses"));
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

  /** Without the flag the lab's loopback hosts are still probed, and each address is reported. */
  @Test
  void withoutAllowPrivateAddressesEveryLoopbackAddressIsAWarning() {
    CliRun run =
        CliRun.run(
            "check",
            "--json",
            "--dns",
            lab.dnsAddress().getHostString() + ":" + lab.dnsAddress().getPort(),
            "--ca-file",
            lab.caFile().toString(),
            "--https-port",
            Integer.toString(lab.httpsPort()),
            "--smtp-port",
            Integer.toString(lab.smtpPort()),
            "good.test");
    JsonNode report = JSON.readTree(run.out());
    List<JsonNode> findings =
        findings(report).stream()
            .filter(f -> !f.get("severity").asString().equals("info"))
            .toList();
    assertThat(findings).isNotEmpty();
    assertThat(findings)
        .allSatisfy(
            f -> {
              assertThat(f.get("code").asString()).isEqualTo("ADDRESS_NOT_PUBLIC");
              assertThat(f.get("severity").asString()).isEqualTo("warning");
            });
    assertThat(findings)
        .extracting(f -> f.get("subject").asString())
        .anyMatch(s -> s.startsWith("mta-sts.good.test ["))
        .anyMatch(s -> s.startsWith("mx1.good.test ["));
    assertThat(report.get("status").asString()).isEqualTo("warn");
    assertThat(report.get("policy").get("mode").asString()).isEqualTo("enforce");
    assertThat(run.exit()).isZero();
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
    assertThat(mx.get("certificate").get("chainTrusted").asBoolean()).isTrue();
    assertThat(mx.get("certificate").get("validity").asString()).isEqualTo("valid");
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

  /**
   * Senders read past a blank line (this tool's resolver with Leniency.SENDER, and
   * postfix-mta-sts-resolver), so it is a warning that says so, and the policy is applied.
   */
  @Test
  void aBlankLineIsAWarningThatSaysSendersReadPastIt() {
    JsonNode report = reports.get("blank-line.test");
    List<JsonNode> syntax =
        findings(report).stream()
            .filter(f -> f.get("code").asString().equals("POLICY_SYNTAX"))
            .toList();
    assertThat(syntax).hasSize(1);
    assertThat(syntax.getFirst().get("severity").asString()).isEqualTo("warning");
    assertThat(syntax.getFirst().get("message").asString())
        .startsWith(
            "Line 5, column 1 of the policy: blank line: the policy grammar has none (RFC 8461"
                + " §3.2) (POLICY_BLANK_LINE). Common senders (postfix-mta-sts-resolver, this"
                + " tool's resolver) read past this deviation and apply the policy;")
        .doesNotContain("Senders discard");
    assertThat(report.get("status").asString()).isEqualTo("warn");
    assertThat(report.get("policy").get("mode").asString()).isEqualTo("enforce");
  }

  // ---- message texts (issue 14): every lab finding reads as a sentence, once

  static Stream<String> scenarioDomains() {
    return Scenarios.all().stream().map(Scenario::domain);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarioDomains")
  void everyMessageSaysEachThingOnceInSentences(String domain) {
    for (JsonNode finding : findings(reports.get(domain))) {
      String message = finding.get("message").asString();
      assertThat(message.split(" ")[0])
          .as("the first word of %s", message)
          .matches("[A-Z0-9_].*|[a-z0-9-]+(\\.[a-z0-9-]+)+|https://.*");
      assertThat(message).doesNotContain("Fix: Fix", ".test./", ".test.]", "./TXT", "[/127");
      java.util.regex.Matcher citation =
          java.util.regex.Pattern.compile("RFC \\d+ §[\\d.]*\\d").matcher(message);
      List<String> cited = new ArrayList<>();
      while (citation.find()) {
        cited.add(citation.group());
      }
      assertThat(cited).as("citations in %s", message).doesNotHaveDuplicates();
      List<String> sentences = List.of(message.split("(?<=\\.) "));
      assertThat(sentences).as("sentences of %s", message).doesNotHaveDuplicates();
    }
  }

  private static String message(String domain, String code) {
    return findings(reports.get(domain)).stream()
        .filter(f -> f.get("code").asString().equals(code))
        .findFirst()
        .orElseThrow()
        .get("message")
        .asString();
  }

  @Test
  void theRedirectAndTheSizeAreExplainedOnce() {
    assertThat(message("policy-redirect.test", "POLICY_REDIRECT"))
        .containsOnlyOnce("follow redirects")
        .contains("has no policy");
    assertThat(message("policy-huge.test", "POLICY_TOO_LARGE")).containsOnlyOnce("§3.3");
    assertThat(message("policy-404.test", "POLICY_HTTP_STATUS"))
        .contains("only 200 is valid. A sender that gets any other status has no policy")
        .doesNotContain("accept only HTTP 200");
    assertThat(message("policy-html.test", "POLICY_CONTENT_TYPE"))
        .containsOnlyOnce("served as text/plain");
  }

  @Test
  void anExpiredCertificateIsNamedOnceAndItsChainCalledTrustedApartFromTheDates() {
    assertThat(message("policy-cert-expired.test", "POLICY_CERT_EXPIRED"))
        .startsWith("The certificate CN=mta-sts.policy-cert-expired.test expired at ")
        .containsOnlyOnce("CN=mta-sts.policy-cert-expired.test");
    JsonNode cert = reports.get("mx-cert-expired.test").get("mx").get(0).get("certificate");
    assertThat(cert.get("validity").asString()).isEqualTo("expired");
    assertThat(cert.get("chainTrusted").asBoolean()).isTrue();
    assertThat(cert.has("trusted")).as("the old, misread field").isFalse();
    assertThat(cert.get("daysLeft").asLong()).isNegative();
    assertThat(check("mx-cert-expired.test").out())
        .containsPattern("EXPIRED at [0-9T:-]+Z, \\d+ days ago; chain trusted; name matches");
  }

  @Test
  void mxUnreachableNamesTheProbedPortAndThePortSendersUse() {
    assertThat(message("mx-unreachable.test", "MX_UNREACHABLE"))
        .contains("port " + lab.smtpPort() + ": ")
        .contains("(the port this check was told to probe; senders use port 25)")
        .contains("Senders deliver to port 25 of each MX address");
  }

  @Test
  void tlsRptMessagesAreSentences() {
    assertThat(message("no-tlsrpt.test", "TLSRPT_RECORD_MISSING"))
        .startsWith(
            "The TLS-RPT record at _smtp._tls.no-tlsrpt.test: no TXT record starts with"
                + " v=TLSRPTv1 (found no TXT records).");
    assertThat(message("bad-tlsrpt.test", "TLSRPT_RUA_UNSUPPORTED"))
        .startsWith("The TLS-RPT record at _smtp._tls.bad-tlsrpt.test");
  }

  @Test
  void danePresenceSaysWhetherDaneSendersUseTheRecords() {
    assertThat(message("dane.test", "DANE_TLSA_PRESENT"))
        .contains("the answer was not DNSSEC-authenticated, so DANE senders ignore them")
        .contains("DANE senders use TLSA records only from a DNSSEC-signed zone")
        .doesNotContain("instead of MTA-STS for this host");
  }

  @Test
  void anUnsignedZoneIsWhatTheParentsDsAnswerShows() {
    assertThat(message("good.test", "DNSSEC_UNSIGNED"))
        .startsWith(
            "No answer for good.test was DNSSEC-authenticated, and the parent zone publishes no DS"
                + " record for it: the zone is not signed.");
  }

  @Test
  void aStepNotCheckedDoesNotClaimNoProblems() {
    String out = check("no-sts.test").out();
    int policy = out.indexOf("  Policy (mta-sts.no-sts.test)\n");
    String section = out.substring(policy, out.indexOf("\n  MX ", policy));
    assertThat(section).contains("not checked: no v=STSv1 record").doesNotContain("no problems");
  }

  /**
   * The lab's DNS server refuses the root DNSKEY question that --dnssec validate starts with: the
   * check blames its DNS path (exit 2), not the domain's records.
   */
  @Test
  void aDnsServerRefusingDnssecQuestionsIsReportedAsTheChecksProblem() {
    CliRun json = check("--json", "--dnssec", "validate", "good.test");
    CliRun text = check("--dnssec", "validate", "good.test");

    assertThat(json.exit()).isEqualTo(2);
    JsonNode report = JSON.readTree(json.out().strip());
    assertThat(report.get("status").asString()).isEqualTo("invalid");
    assertThat(report.get("error").get("code").asString()).isEqualTo("DNS_RESOLVER_FAILED");
    assertThat(report.get("error").get("message").asString())
        .contains("answered REFUSED to . DNSKEY, asked to validate DNSSEC")
        .contains("Fix: Check --dns");
    assertThat(json.out()).doesNotContain("SPF_MISSING", "TLSRPT_RECORD_MISSING");
    assertThat(text.exit()).isEqualTo(2);
    assertThat(text.out()).startsWith("good.test\n  ERROR DNS_RESOLVER_FAILED: Every DNS question");
  }

  // ---- several domains in text: input order, then a summary

  @Test
  void textKeepsTheInputOrderAndEndsWithASummary() {
    // The invalid name is done at once, good.test (two MX hosts, TLS) last: as they complete,
    // the order would be about reversed.
    List<String> domains =
        List.of("good.test", "mx-unreachable.test", "no-tlsrpt.test", "bad..name");
    CliRun run = check(domains.toArray(String[]::new));
    String out = run.out();
    int previous = -1;
    for (String domain : domains) {
      int at = out.indexOf(domain + "\n");
      assertThat(at).as("%s after the one before it in%n%s", domain, out).isGreaterThan(previous);
      previous = at;
    }
    String summary = out.substring(out.indexOf("Summary: 4 domains"));
    assertThat(summary)
        .startsWith("Summary: 4 domains, 1 fail, 1 invalid, 1 pass, 1 warn\n")
        .containsPattern("\n  mx-unreachable\\.test +fail +1 error, 0 warnings\n")
        .containsPattern("\n  bad\\.\\.name +invalid +DOMAIN_INVALID\n");
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

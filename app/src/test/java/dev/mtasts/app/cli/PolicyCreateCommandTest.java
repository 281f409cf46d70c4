package dev.mtasts.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.core.policy.Mode;
import dev.mtasts.core.policy.Policy;
import dev.mtasts.core.publish.Publication;
import dev.mtasts.core.testing.ZoneServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** {@code policy create}: a policy the strict parser accepts and the records that announce it. */
class PolicyCreateCommandTest {

  private static final String ZONE =
      """
      $TTL 300
      @ IN SOA ns.example.test. hostmaster.example.test. 1 3600 600 86400 300
      @ IN NS ns
      ns IN A 127.0.0.1
      @ IN MX 20 MX2.example.test.
      @ IN MX 10 mx1.example.test.
      nullmx IN MX 0 .
      nomx IN A 127.0.0.1
      """;

  /** {@code policy create ARGS...} asking the test zone's DNS server for MX records. */
  private static CliRun createWithZone(String... args) throws IOException {
    try (ZoneServer dns = ZoneServer.serving(ZoneServer.zone("example.test", ZONE))) {
      List<String> all = new ArrayList<>(List.of("policy", "create"));
      all.addAll(List.of(args));
      all.addAll(List.of("--dns", "127.0.0.1:" + dns.address().getPort()));
      return CliRun.run(all.toArray(String[]::new));
    }
  }

  /** {@code policy create} for example.org with one MX host, and these options. */
  private static CliRun createForExampleOrg(String... options) {
    List<String> all =
        new ArrayList<>(
            List.of("policy", "create", "--domain", "example.org", "--mx", "mx.example.org"));
    all.addAll(List.of(options));
    return CliRun.run(all.toArray(String[]::new));
  }

  private static Policy policyIn(String json) {
    JsonNode object = ProblemOutput.JSON.readTree(json);
    return Policy.parse(object.get("policy").asString()).orThrow();
  }

  @Test
  void writesThePolicyAndRecordsFromTheOptions() throws IOException {
    CliRun run =
        createWithZone(
            "--domain",
            "Example.TEST.",
            "--mode",
            "enforce",
            "--mx",
            "mx1.example.test",
            "--mx",
            "mx2.example.test",
            "--mx",
            "*.backup.example.test",
            "--rua",
            "mailto:tlsrpt@example.test",
            "--id",
            "2026A",
            "--policy-host",
            "sts.example.net",
            "--json");

    assertThat(run.exit()).as(run.err()).isZero();
    Policy policy = policyIn(run.out());
    assertThat(policy.mode()).isEqualTo(Mode.ENFORCE);
    assertThat(policy.maxAge()).isEqualTo(PolicyCreateCommand.ENFORCE_MAX_AGE);
    assertThat(policy.mx())
        .extracting(Object::toString)
        .containsExactly("mx1.example.test", "mx2.example.test", "*.backup.example.test");
    JsonNode object = ProblemOutput.JSON.readTree(run.out());
    assertThat(object.get("records").findValuesAsString("zoneLine"))
        .containsExactly(
            "_mta-sts.example.test. 3600 IN TXT \"v=STSv1; id=2026A;\"",
            "_smtp._tls.example.test. 3600 IN TXT \"v=TLSRPTv1; rua=mailto:tlsrpt@example.test\"",
            "mta-sts.example.test. 3600 IN CNAME sts.example.net.");
    assertThat(object.has("warnings")).isFalse();
    assertThat(run.err()).isEmpty();
  }

  @Test
  void withoutMxTheLiveMxHostsInPreferenceOrder() throws IOException {
    CliRun run = createWithZone("--domain", "example.test", "--json");

    assertThat(run.exit()).as(run.err()).isZero();
    Policy policy = policyIn(run.out());
    assertThat(policy.mode()).isEqualTo(Mode.TESTING);
    assertThat(policy.maxAge()).isEqualTo(PolicyCreateCommand.TESTING_MAX_AGE);
    assertThat(policy.mx())
        .extracting(Object::toString)
        .containsExactly("mx1.example.test", "mx2.example.test");
  }

  @Test
  void theTextFormIsThePolicyFileThenZoneLines() {
    CliRun run = createForExampleOrg("--id", "7");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .startsWith(
            "; the policy file, to serve at https://mta-sts.example.org/.well-known/mta-sts.txt,"
                + " is the 4 lines between the blank lines below\n\n"
                + "version: STSv1\nmode: testing\nmx: mx.example.org\nmax_age: 86400\n\n")
        .contains("_mta-sts.example.org. 3600 IN TXT \"v=STSv1; id=7;\"\n")
        .contains("; mta-sts.example.org. needs an A/AAAA record or a CNAME");
  }

  /** What a person copies: the paragraph (lines between blank lines) that holds the policy. */
  @Test
  void thePrintedPolicyParagraphIsExactlyThePolicy() {
    CliRun run = createForExampleOrg("--mode", "testing", "--mx", "*.mail.example.org");

    String paragraph =
        java.util.Arrays.stream(run.out().split("\n\n"))
            .filter(p -> p.contains("version: STSv1"))
            .findFirst()
            .orElseThrow();
    var parsed = Policy.parse(paragraph + "\n");
    assertThat(parsed.errors()).isEmpty();
    assertThat(parsed.warnings()).isEmpty();
    assertThat(parsed.orThrow().mx())
        .extracting(Object::toString)
        .containsExactly("mx.example.org", "*.mail.example.org");
  }

  // ---- enforce mode must not lose mail (the zone's live MX hosts: mx1, MX2.example.test)

  @Test
  void enforceIsRefusedWhenALiveMxHostIsNotCovered() throws IOException {
    CliRun run =
        createWithZone("--domain", "example.test", "--mode", "enforce", "--mx", "mx1.example.test");

    assertThat(run.exit()).isEqualTo(ExitCodes.PROBLEMS);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .startsWith(
            "mtasts policy create: the live MX host mx2.example.test of example.test matches no"
                + " --mx pattern: in enforce mode senders would refuse to deliver to it")
        .contains("senders would refuse to deliver to it (RFC 8461 §4.1)", "--force")
        .doesNotContain("mx1.example.test match");
  }

  @Test
  void forceWritesAnUncoveringPolicyWithAWarning() throws IOException {
    CliRun text =
        createWithZone(
            "--domain", "example.test", "--mode", "enforce", "--mx", "mx1.example.test", "--force");
    CliRun json =
        createWithZone(
            "--domain",
            "example.test",
            "--mode",
            "enforce",
            "--mx",
            "mx1.example.test",
            "--force",
            "--json");

    assertThat(text.exit()).as(text.err()).isZero();
    assertThat(text.err()).startsWith("mtasts policy create: warning: the live MX host mx2.");
    assertThat(text.out()).contains("mode: enforce\nmx: mx1.example.test\n");
    assertThat(json.exit()).isZero();
    assertThat(json.err()).isEmpty();
    assertThat(ProblemOutput.JSON.readTree(json.out()).get("warnings").findValuesAsString("code"))
        .containsExactly("POLICY_CREATE_MX_NOT_COVERED");
  }

  @ParameterizedTest
  @ValueSource(strings = {"*.example.test", "MX2.example.test,mx1.example.test"})
  void enforceCoveringEveryLiveMxHostIsWrittenWithoutAWord(String patterns) throws IOException {
    List<String> args = new ArrayList<>(List.of("--domain", "example.test", "--mode", "enforce"));
    for (String pattern : patterns.split(",")) {
      args.addAll(List.of("--mx", pattern));
    }
    CliRun run = createWithZone(args.toArray(String[]::new));

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
  }

  @Test
  void enforceWithMaxAgeZeroIsRefusedAndAShortOneWarned() throws IOException {
    CliRun zero = createWithZone("--domain", "example.test", "--mode", "enforce", "--max-age", "0");
    CliRun forced =
        createWithZone(
            "--domain", "example.test", "--mode", "enforce", "--max-age", "0", "--force");
    CliRun hour =
        createWithZone("--domain", "example.test", "--mode", "enforce", "--max-age", "3600");

    assertThat(zero.exit()).isEqualTo(ExitCodes.PROBLEMS);
    assertThat(zero.out()).isEmpty();
    assertThat(zero.err()).contains("--max-age 0", "protects nothing", "--force");
    assertThat(forced.exit()).isZero();
    assertThat(forced.err()).contains("warning: --max-age 0");
    assertThat(hour.exit()).as(hour.err()).isZero();
    assertThat(hour.err())
        .isEqualTo(
            "mtasts policy create: warning: --max-age 3600 in enforce mode is under a week: an"
                + " attacker need only wait that long after a sender's fetch (RFC 8461 §3.2"
                + " expects weeks)\n");
  }

  @Test
  void testingModeNeitherLooksUpNorWarns() throws IOException {
    // A silent DNS server would stall a lookup: testing mode loses no mail, so it asks nothing.
    try (ZoneServer dns = ZoneServer.silent()) {
      CliRun run =
          CliRun.run(
              "policy",
              "create",
              "--domain",
              "example.test",
              "--mx",
              "mx1.example.test",
              "--max-age",
              "0",
              "--timeout",
              "5",
              "--dns",
              "127.0.0.1:" + dns.address().getPort());

      assertThat(run.exit()).as(run.err()).isZero();
      assertThat(run.err()).isEmpty();
    }
  }

  @Test
  void enforceWithUnreadableMxIsAToolErrorUnlessForced() throws IOException {
    try (ZoneServer dns = ZoneServer.silent()) {
      List<String> args =
          List.of(
              "policy",
              "create",
              "--domain",
              "example.test",
              "--mode",
              "enforce",
              "--mx",
              "mx1.example.test",
              "--timeout",
              "0.5",
              "--dns",
              "127.0.0.1:" + dns.address().getPort());
      CliRun refused = CliRun.run(args.toArray(String[]::new));
      List<String> forcedArgs = new ArrayList<>(args);
      forcedArgs.add("--force");
      CliRun forced = CliRun.run(forcedArgs.toArray(String[]::new));

      assertThat(refused.exit()).isEqualTo(ExitCodes.TOOL_ERROR);
      assertThat(refused.err()).contains("cannot be read", "covers every mail host", "--force");
      assertThat(forced.exit()).isZero();
      assertThat(forced.err()).contains("warning: the MX records of example.test cannot be read");
    }
  }

  @Test
  void writesThePolicyFileAsServedWhenAsked(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("mta-sts.txt");
    Files.writeString(file, "an older policy");

    CliRun run = createForExampleOrg("--policy-out", file.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(Files.readString(file))
        .isEqualTo("version: STSv1\r\nmode: testing\r\nmx: mx.example.org\r\nmax_age: 86400\r\n");
    assertThat(Policy.parse(Files.readString(file)).isOk()).isTrue();
    assertThat(run.out())
        .startsWith("; policy written to " + file)
        .doesNotContain("version: STSv1");
    try (var left = Files.list(dir)) {
      assertThat(left).containsExactly(file);
    }
  }

  @Test
  void anUnwritablePolicyFileIsAnErrorAndNothingIsPrinted(@TempDir Path dir) {
    CliRun run = createForExampleOrg("--policy-out", dir.resolve("missing/mta-sts.txt").toString());

    assertThat(run.exit()).isEqualTo(ExitCodes.TOOL_ERROR);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("--policy-out");
  }

  @Test
  void modeNoneNeedsNoMx() {
    CliRun run =
        CliRun.run("policy", "create", "--domain", "example.org", "--mode", "none", "--json");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(policyIn(run.out()).mx()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"nullmx.example.test", "nomx.example.test", "absent.example.test"})
  void aDomainWithoutMailHostsHasAProblem(String domain) throws IOException {
    CliRun run = createWithZone("--domain", domain);

    assertThat(run.exit()).isEqualTo(ExitCodes.PROBLEMS);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains(domain).containsAnyOf("null MX", "no MX records");
  }

  @Test
  void anUnansweredMxQuestionIsAnErrorNotAnEmptyPolicy() throws IOException {
    try (ZoneServer dns = ZoneServer.silent()) {
      CliRun run =
          CliRun.run(
              "policy",
              "create",
              "--domain",
              "example.test",
              "--timeout",
              "0.5",
              "--dns",
              "127.0.0.1:" + dns.address().getPort());

      assertThat(run.exit()).isEqualTo(ExitCodes.TOOL_ERROR);
      assertThat(run.err()).contains("cannot be read");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--mode=reject",
        "--max-age=31557601",
        "--max-age=-1",
        "--id=has-dash",
        "--id=123456789012345678901234567890123",
        "--mx=mx..example.org",
        "--mx=*.*.example.org",
        "--mx=m\u00fcnchen.example",
        "--rua=ftp://example.org/reports",
        "--rua=tlsrpt@example.org",
        "--ttl=-5"
      })
  void refusesWhatTheRfcsDoNotAllow(String option) {
    CliRun run = createForExampleOrg(option);

    assertThat(run.exit()).as(run.out()).isEqualTo(ExitCodes.TOOL_ERROR);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("mtasts policy create: ");
  }

  @Test
  void aUnicodeDomainIsWrittenAsItsALabelWithANote() {
    CliRun run =
        CliRun.run(
            "policy",
            "create",
            "--domain",
            "ex\u00e4mple.test",
            "--mx",
            "mx.example.org",
            "--id",
            "1");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err())
        .isEqualTo(
            "mtasts policy create: note: --domain ex\u00e4mple.test is written as"
                + " xn--exmple-cua.test"
                + System.lineSeparator());
    assertThat(run.out())
        .contains("_mta-sts.xn--exmple-cua.test. 3600 IN TXT \"v=STSv1; id=1;\"")
        .doesNotContain("\u00e4");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "*.example.org",
        "exa mple.org",
        "",
        "-example.org",
        "under_score.example.org",
        "xn--zz.example",
        "ex\u00e4 mple.test",
        "org"
      })
  void refusesAnInvalidDomain(String domain) {
    CliRun run = CliRun.run("policy", "create", "--domain", domain, "--mx", "mx.example.org");

    assertThat(run.exit()).isEqualTo(ExitCodes.TOOL_ERROR);
    assertThat(run.err()).contains("--domain");
  }

  @Test
  void withoutAnIdTheIdIsTheUtcSecond() {
    long before = Long.parseLong(Publication.freshId(Instant.now()));
    CliRun run = CliRun.run("policy", "create", "--domain", "a.org", "--mx", "m.a.org", "--json");
    long after = Long.parseLong(Publication.freshId(Instant.now()));

    String value =
        ProblemOutput.JSON.readTree(run.out()).get("records").get(0).get("value").asString();
    long id = Long.parseLong(value.replaceAll("^v=STSv1; id=(\\d{14});$", "$1"));
    assertThat(id).isBetween(before, after);
  }
}

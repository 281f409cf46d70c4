package dev.mtasts.app.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.cli.CliRun;
import dev.mtasts.app.cli.ExitCodes;
import dev.mtasts.app.lab.Lab;
import dev.mtasts.app.lab.LabOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code mtasts query} against the lab: the policy the daemon would apply, and its reply. */
class QueryCommandTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir static Path dir;
  static Lab lab;

  @BeforeAll
  static void start() throws Exception {
    lab = Lab.start(LabOptions.ephemeral(dir));
  }

  @AfterAll
  static void stop() {
    lab.close();
  }

  private static CliRun query(String domain, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "query",
                domain,
                "--ca-file",
                lab.caFile().toString(),
                "--https-port",
                Integer.toString(lab.httpsPort()),
                "--allow-private-addresses"));
    args.addAll(List.of(more));
    return CliRun.run(args.toArray(String[]::new));
  }

  /** The lab's policy hosts are on loopback: without the flag, query refuses to fetch. */
  @Test
  void withoutAllowPrivateAddressesNoPolicyIsFetchedFromLoopback() {
    List<String> args =
        List.of(
            "query",
            "good.test",
            "--dns",
            dns(),
            "--ca-file",
            lab.caFile().toString(),
            "--https-port",
            Integer.toString(lab.httpsPort()),
            "--json");
    CliRun run = CliRun.run(args.toArray(String[]::new));

    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.PROBLEMS);
    assertThat(run.out()).contains("ADDRESS_NOT_PUBLIC").contains("loopback");
    assertThat(run.out()).doesNotContain("OK secure");
  }

  @Test
  void aGoodDomainGetsItsPolicyAndASecureReply() {
    CliRun run = query("good.test", "--dns", dns(), "--json");

    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
    JsonNode result = JSON.readTree(run.out());
    assertThat(result.get("result").asString()).isEqualTo("policy");
    assertThat(result.get("mode").asString()).isEqualTo("enforce");
    assertThat(result.get("reply").asString()).startsWith("OK secure match=");
    assertThat(result.has("warnings")).isFalse();
  }

  /** The daemon applies a policy with blank lines; query says what the owner should fix. */
  @Test
  void deviationsTheDaemonReadsPastAreShownAsWarnings() {
    CliRun json = query("blank-line.test", "--dns", dns(), "--json");
    CliRun text = query("blank-line.test", "--dns", dns());

    assertThat(json.exit()).as(json.err()).isEqualTo(ExitCodes.OK);
    JsonNode result = JSON.readTree(json.out());
    assertThat(result.get("reply").asString()).startsWith("OK secure match=");
    assertThat(result.get("warnings")).isNotEmpty();
    assertThat(result.get("warnings").get(0).get("code").asString()).startsWith("POLICY_");
    assertThat(result.get("warnings").get(0).get("line").asInt()).isPositive();
    assertThat(text.out())
        .contains("\nwarnings:")
        .contains("\n  " + result.get("warnings").get(0).get("code").asString() + " (line ");
  }

  @Test
  void aDomainWithoutMtaStsHasNoPolicy() {
    CliRun run = query("no-sts.test", "--dns", dns(), "--json");

    assertThat(run.exit()).isEqualTo(ExitCodes.PROBLEMS);
    assertThat(JSON.readTree(run.out()).get("result").asString()).isEqualTo("none");
  }

  /**
   * With no policy known yet (query starts without a cache), a failed discovery means none: MTA-STS
   * is trust on first use (RFC 8461 §5), so the sender delivers as without MTA-STS; the reason
   * names the failure.
   */
  @Test
  void anUnreachableDnsServerWithNothingCachedMeansNoPolicy() {
    CliRun run = query("good.test", "--dns", "127.0.0.1:1", "--timeout", "1", "--json");

    assertThat(run.exit()).isEqualTo(ExitCodes.PROBLEMS);
    JsonNode result = JSON.readTree(run.out());
    assertThat(result.get("result").asString()).isEqualTo("none");
    assertThat(result.get("reason").asString()).contains("_mta-sts.good.test", "127.0.0.1:1");
    assertThat(result.get("reply").asString()).isEqualTo("NOTFOUND ");
  }

  private static String dns() {
    return lab.dnsAddress().getHostString() + ":" + lab.dnsAddress().getPort();
  }
}

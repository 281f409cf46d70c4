package dev.mtasts.app.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.cli.CliRun;
import dev.mtasts.core.testing.KnotServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
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
 * {@code mtasts check} of every lab scenario with {@code --dns} pointed at Knot DNS serving the
 * lab's zone (HTTPS and SMTP still the lab's) reports the same status and the same finding codes as
 * with the lab's own DNS server.
 */
class LabChecksOnKnotTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir static Path dir;
  static Lab lab;
  static KnotServer knot;
  static Map<String, Outcome> viaLab;
  static Map<String, Outcome> viaKnot;

  /** What a check says about one domain: its status and every finding code, sorted. */
  record Outcome(String status, List<String> codes) {}

  @BeforeAll
  static void start() throws IOException {
    KnotServer.assumeAvailable();
    lab = Lab.start(LabOptions.ephemeral(dir));
    knot = KnotServer.serve(World.ZONE, lab.zoneText());
    viaLab = checkAll(lab.dnsAddress());
    viaKnot = checkAll(knot.address());
  }

  @AfterAll
  static void stop() throws IOException {
    if (knot != null) {
      knot.close();
    }
    if (lab != null) {
      lab.close();
    }
  }

  private static Map<String, Outcome> checkAll(InetSocketAddress dns) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "check",
                "--json",
                "--concurrency",
                "8",
                "--timeout",
                "5",
                "--dns",
                dns.getHostString() + ":" + dns.getPort(),
                "--ca-file",
                lab.caFile().toString(),
                "--https-port",
                Integer.toString(lab.httpsPort()),
                "--smtp-port",
                Integer.toString(lab.smtpPort()),
                "--allow-private-addresses"));
    args.addAll(lab.domains());
    CliRun run = CliRun.run(args.toArray(String[]::new));
    Map<String, Outcome> outcomes = new TreeMap<>();
    for (String line : run.out().lines().toList()) {
      JsonNode report = JSON.readTree(line);
      TreeSet<String> codes = new TreeSet<>();
      report.get("findings").forEach(f -> codes.add(f.get("code").asString()));
      outcomes.put(
          report.get("domain").asString(),
          new Outcome(report.get("status").asString(), List.copyOf(codes)));
    }
    return outcomes;
  }

  static Stream<String> domains() {
    return Scenarios.all().stream().map(Scenario::domain);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("domains")
  void sameStatusAndCodesThroughKnot(String domain) {
    assertThat(viaKnot.get(domain)).as(domain + " via knot").isNotNull();
    assertThat(viaKnot.get(domain)).as(domain).isEqualTo(viaLab.get(domain));
    Scenarios.find(domain)
        .orElseThrow()
        .expectedCode()
        .ifPresent(code -> assertThat(viaKnot.get(domain).codes()).as(domain).contains(code));
  }

  @Test
  void everyScenarioWasChecked() {
    assertThat(viaKnot.keySet()).containsExactlyInAnyOrderElementsOf(lab.domains());
    assertThat(viaKnot.get("good.test").status()).isEqualTo("pass");
  }
}

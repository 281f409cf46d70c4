package dev.mtasts.app.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mtasts.app.alert.WebhookReceiver;
import dev.mtasts.app.hosting.HostedDomain;
import dev.mtasts.app.hosting.HostedDomains;
import dev.mtasts.app.lab.Lab;
import dev.mtasts.app.lab.LabOptions;
import dev.mtasts.app.lab.Scenario;
import dev.mtasts.app.lab.Scenarios;
import dev.mtasts.app.lab.ca.CertificateKind;
import dev.mtasts.app.resolver.SystemdNotifier;
import dev.mtasts.app.serve.ServeConfig;
import dev.mtasts.app.serve.ServeConfigReader;
import dev.mtasts.app.serve.ServeService;
import dev.mtasts.app.store.MonitorCheck;
import dev.mtasts.app.store.ReportStore;
import dev.mtasts.app.store.RolloutStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real {@code serve}, started from a config file, monitoring the domains it hosts against the
 * lab: the lab's DNS, CA and ports come from the config's {@code dns}, {@code ca_file}, {@code
 * https_port}, {@code smtp_port} and {@code allow_private_addresses}, as an operator would write
 * them. Its first scheduled check (a minute after the start) raises the expired MX certificate of
 * mx-cert-expired.test and the MX of mx-mismatch.test the policy does not cover as alerts through a
 * webhook on loopback, and nothing for good.test. The lab publishes, for each domain, the id of the
 * policy serve serves (what serve's own publishing would have done).
 */
class ServeMonitorLabTest {

  @TempDir static Path dir;
  static Lab lab;
  static ServeService serve;
  static WebhookReceiver webhook;
  static final JsonMapper JSON = JsonMapper.builder().build();

  static final String CONFIG =
      """
      data: data
      dns: %s
      ca_file: %s
      https_port: %d
      smtp_port: %d
      allow_private_addresses: true
      http: {listen: 127.0.0.1:0}
      alerts:
        interval: 86400
        channels:
          webhook: {url: "%s", secret_file: webhook.secret}
      policy_host:
        listen: 127.0.0.1:0
        monitor_interval: 60
        domains:
          good.test:
            mode: enforce
            mx: [mx1.good.test, mx2.good.test]
            certificate: {cert: good.test.pem, key: good.test.key}
          mx-cert-expired.test:
            mode: testing
            mx: [mx1.mx-cert-expired.test]
            certificate: {cert: mx-cert-expired.test.pem, key: mx-cert-expired.test.key}
          mx-mismatch.test:
            mode: testing
            mx: [mx1.mx-mismatch.test]
            certificate: {cert: mx-mismatch.test.pem, key: mx-mismatch.test.key}
      """;

  @BeforeAll
  static void start() throws Exception {
    webhook = new WebhookReceiver();
    Files.writeString(dir.resolve("webhook.secret"), "s3cret-s3cret-s3cret\n");
    HostedDomains certificates = new HostedDomains(dir);
    for (String d : List.of("good.test", "mx-cert-expired.test", "mx-mismatch.test")) {
      certificates.issue(d, CertificateKind.VALID);
    }
    // the ids serve will serve (they do not depend on the lab's addresses)
    Map<String, String> ids =
        read(CONFIG.formatted("127.0.0.1:53", dir.resolve("ca.pem"), 443, 25, webhook.url()))
            .policyHost()
            .orElseThrow()
            .domains()
            .stream()
            .collect(Collectors.toMap(HostedDomain::domain, d -> d.hostedPolicy().id()));
    List<Scenario> world =
        Scenarios.all().stream()
            .map(
                s ->
                    ids.containsKey(s.domain())
                        ? new Scenario(
                            s.domain(),
                            s.defect(),
                            s.expectedCode(),
                            s.setup().withStsRecords("v=STSv1; id=" + ids.get(s.domain()) + ";"))
                        : s)
            .toList();
    LabOptions ephemeral = LabOptions.ephemeral(dir.resolve("lab"));
    lab =
        Lab.start(
            new LabOptions(
                ephemeral.dir(), 0, 0, 0, ephemeral.idleTimeout(), ephemeral.clock(), world));
    Path file =
        Files.writeString(
            dir.resolve("serve.yml"),
            CONFIG.formatted(
                lab.dnsAddress().getHostString() + ":" + lab.dnsAddress().getPort(),
                lab.caFile(),
                lab.httpsPort(),
                lab.smtpPort(),
                webhook.url()));
    serve =
        ServeService.start(
            read(Files.readString(file)),
            "token-0123456789abcdef",
            SystemdNotifier.fromEnvironment(),
            Optional.of(file));
  }

  static ServeConfig read(String yaml) {
    return ServeConfigReader.read(yaml, dir).orThrow();
  }

  @AfterAll
  static void stop() {
    if (serve != null) {
      serve.close();
    }
    if (lab != null) {
      lab.close();
    }
    if (webhook != null) {
      webhook.close();
    }
  }

  /** The alerts the webhook got, as "kind domain subject". */
  static List<String> alerts() {
    return webhook.received().stream()
        .map(r -> JSON.readTree(r.text()).get("event"))
        .filter(e -> e.get("type").asString().equals("alert"))
        .map(
            e ->
                e.get("kind").asString()
                    + " "
                    + e.get("domain").asString()
                    + " "
                    + e.get("subject").asString())
        .toList();
  }

  static MonitorCheck lastCheck(String domain) {
    try (ReportStore reports = ReportStore.open(read(readConfig()).storeLocation())) {
      List<MonitorCheck> checks = new RolloutStore(reports).checks(domain, 1);
      return checks.isEmpty() ? null : checks.getFirst();
    }
  }

  static String readConfig() {
    try {
      return Files.readString(dir.resolve("serve.yml"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void theFirstScheduledCheckRaisesEachDefectThroughTheWebhookAndNothingForGoodTest() {
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(2))
        .until(() -> alerts().size() >= 2);
    await().atMost(Duration.ofSeconds(60)).until(() -> lastCheck("good.test") != null);
    assertThat(alerts())
        .containsExactlyInAnyOrder(
            "certificate-expiring mx-cert-expired.test mx1.mx-cert-expired.test",
            "mx-not-covered mx-mismatch.test mx2.mx-mismatch.test");
    assertThat(alerts()).noneMatch(a -> a.contains(" good.test "));
    JsonNode expired =
        webhook.received().stream()
            .map(r -> JSON.readTree(r.text()).get("event"))
            .filter(e -> e.get("kind").asString().equals("certificate-expiring"))
            .findFirst()
            .orElseThrow();
    assertThat(expired.get("message").asString()).contains("expired on");
    // allow_private_addresses honoured: the lab's loopback hosts are no ADDRESS_NOT_PUBLIC warning
    MonitorCheck good = lastCheck("good.test");
    assertThat(good.status()).isEqualTo("pass");
    assertThat(good.alerts()).isEmpty();
    assertThat(good.reportJson()).doesNotContain("ADDRESS_NOT_PUBLIC");
    assertThat(lastCheck("mx-cert-expired.test").reportJson()).contains("MX_CERT_EXPIRED");
  }
}

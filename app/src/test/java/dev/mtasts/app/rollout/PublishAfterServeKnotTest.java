package dev.mtasts.app.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mtasts.app.hosting.HostedDomain;
import dev.mtasts.app.hosting.PemCertificates;
import dev.mtasts.app.hosting.PolicyHosting;
import dev.mtasts.app.lab.ca.CertificateKind;
import dev.mtasts.app.lab.ca.IssuedCertificate;
import dev.mtasts.app.lab.ca.LabCa;
import dev.mtasts.app.resolver.SystemdNotifier;
import dev.mtasts.app.serve.ServeConfig;
import dev.mtasts.app.serve.ServeConfigReader;
import dev.mtasts.app.serve.ServeService;
import dev.mtasts.app.store.PolicyVersion;
import dev.mtasts.app.store.ReportStore;
import dev.mtasts.app.store.Retirement;
import dev.mtasts.app.store.RolloutStore;
import dev.mtasts.app.store.StoreLocation;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.dns.DnsOptions;
import dev.mtasts.core.dns.DnsStatus;
import dev.mtasts.core.dns.DnsjavaResolver;
import dev.mtasts.core.fetch.FetchSettings;
import dev.mtasts.core.fetch.PolicyFetchResult;
import dev.mtasts.core.fetch.PolicyFetcher;
import dev.mtasts.core.testing.KnotServer;
import dev.mtasts.core.testing.SettableClock;
import dev.mtasts.core.tls.TrustAnchors;
import java.io.IOException;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue's "done when": a policy change reaches a real Knot DNS by RFC 2136 update with the new
 * id only after serve's own listener serves the new policy; a retirement's last step removes the
 * record when its date comes (a settable clock) and takes the domain out of the config.
 */
class PublishAfterServeKnotTest {

  static final String DOMAIN = "example.test";
  static final String SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I=";
  static final String ZONE =
      """
      $ORIGIN example.test.
      $TTL 60
      @ SOA ns.example.test. hostmaster.example.test. 1 3600 600 86400 60
      @ NS ns.example.test.
      ns A 127.0.0.1
      _mta-sts TXT "v=STSv1; id=before;"
      """;

  @TempDir Path dir;
  KnotServer knot;
  DnsjavaResolver dns;
  LabCa ca;
  Path config;
  ServeService service;

  @BeforeEach
  void start() throws IOException {
    KnotServer.assumeAvailable();
    knot =
        KnotServer.serveUpdatable(
            DOMAIN, ZONE, new KnotServer.UpdateKey("mtasts-update", "hmac-sha256", SECRET));
    dns =
        new DnsjavaResolver(
            DnsOptions.defaults().withServer(knot.address()).withTimeout(Duration.ofSeconds(2)));
    ca = LabCa.create(Clock.systemUTC());
    writePem(ca.issue("mta-sts." + DOMAIN, CertificateKind.VALID));
    Files.writeString(dir.resolve("tsig.key"), SECRET + "\n");
    config = dir.resolve("serve.yml");
    Files.writeString(config, yaml(knot.address().getPort()));
  }

  @AfterEach
  void stop() throws IOException {
    if (service != null) {
      service.close();
    }
    if (knot != null) {
      knot.close();
    }
  }

  private String yaml(int dnsPort) {
    return """
        data: data
        http: {listen: 127.0.0.1:0}
        policy_host:
          listen: 127.0.0.1:0
          monitor_interval: 0
          domains:
            example.test:
              mode: testing
              mx: [mx1.example.test]
              tlsrpt_rua: [mailto:tlsrpt@example.test]
              certificate: {cert: c.pem, key: c.key}
              dns_update:
                server: 127.0.0.1:%d
                ttl: 60
                tsig: {name: mtasts-update, secret_file: tsig.key}
        """
        .formatted(dnsPort);
  }

  private void writePem(IssuedCertificate c) throws IOException {
    Files.writeString(dir.resolve("c.pem"), LabCa.pem(c.chain()));
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(new JcaPKCS8Generator(c.key(), null));
    }
    Files.writeString(dir.resolve("c.key"), out.toString());
  }

  private ConfigFile file() {
    return ((ParseResult.Ok<ConfigFile>) ConfigFile.read(config)).value();
  }

  private Optional<String> publishedId() {
    List<String> txt = dns.txt("_mta-sts." + DOMAIN).records();
    return txt.size() == 1 ? Optional.of(txt.getFirst()) : Optional.empty();
  }

  /** The policy the listener serves now, fetched as a sender would, trusting the test CA. */
  private Optional<String> served(InetSocketAddress listener) {
    PolicyFetcher fetcher =
        new PolicyFetcher(
            FetchSettings.defaults().withPort(listener.getPort()).withPrivateAddresses(true),
            TrustAnchors.of(List.of(ca.root())),
            Clock.systemUTC());
    return fetcher.fetch(DOMAIN, List.of(listener.getAddress()))
            instanceof PolicyFetchResult.Fetched f
        ? Optional.of(f.body())
        : Optional.empty();
  }

  @Test
  void aChangedPolicyIsPublishedOnlyAfterTheListenerServesIt() throws Exception {
    service =
        ServeService.start(
            ServeConfigReader.read(Files.readString(config), dir).orThrow(),
            "token-0123456789abcdef",
            SystemdNotifier.fromEnvironment(),
            Optional.of(config));
    InetSocketAddress listener = service.policyHostAddress().orElseThrow();
    HostedDomain testing = file().hosted(DOMAIN).orElseThrow();
    String first = "v=STSv1; id=" + testing.hostedPolicy().id() + ";";
    await().atMost(Duration.ofSeconds(30)).until(() -> publishedId().equals(Optional.of(first)));
    assertThat(dns.txt("_smtp._tls." + DOMAIN).records())
        .containsExactly("v=TLSRPTv1; rua=mailto:tlsrpt@example.test");

    ConfigFile enforcing =
        ((ParseResult.Ok<ConfigFile>) file().withDomainValues(DOMAIN, Map.of("mode", "enforce")))
            .value();
    HostedDomain enforce = enforcing.hosted(DOMAIN).orElseThrow();
    String second = "v=STSv1; id=" + enforce.hostedPolicy().id() + ";";
    assertThat(second).isNotEqualTo(first);
    enforcing.write();

    // Every time Knot is seen with the new id, the listener asked right after serves the new
    // policy; and the listener is seen serving it no later than Knot is seen with its id.
    Instant deadline = Instant.now().plusSeconds(60);
    Instant firstServed = null;
    Instant firstPublished = null;
    int sawNewIdServed = 0;
    while (Instant.now().isBefore(deadline) && sawNewIdServed < 5) {
      Optional<String> id = publishedId();
      Optional<String> policy = served(listener);
      Instant now = Instant.now();
      if (policy.equals(Optional.of(enforce.hostedPolicy().text())) && firstServed == null) {
        firstServed = now;
      }
      if (id.equals(Optional.of(second))) {
        if (firstPublished == null) {
          firstPublished = now;
        }
        assertThat(policy)
            .as("served when the new id is published")
            .contains(enforce.hostedPolicy().text());
        sawNewIdServed++;
      } else {
        assertThat(id).contains(first);
      }
      Thread.sleep(20);
    }
    assertThat(firstPublished).as("the new id reached Knot").isNotNull();
    assertThat(firstServed).isNotNull().isBeforeOrEqualTo(firstPublished);

    try (ReportStore reports =
        ReportStore.open(new StoreLocation.Sqlite(dir.resolve("data").resolve("mtasts.db")))) {
      List<PolicyVersion> history = new RolloutStore(reports).history(DOMAIN);
      assertThat(history).extracting(PolicyVersion::mode).containsExactly("testing", "enforce");
      assertThat(history.getFirst().retired()).isPresent();
      assertThat(history.getLast().published()).isPresent();
      assertThat(history.getLast().published().get())
          .isAfterOrEqualTo(history.getLast().firstServed());
    }
  }

  @Test
  void nothingIsPublishedWhileTheListenerDoesNotServeThePolicy() throws Exception {
    ServeConfig cfg = ServeConfigReader.read(Files.readString(config), dir).orThrow();
    InetSocketAddress nobody;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      nobody = new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort());
    }
    try (ReportStore reports = ReportStore.open(cfg.storeLocation());
        RolloutService rollout =
            new RolloutService(
                () -> cfg.policyHost().orElseThrow(),
                new ServedPolicyProbe(() -> nobody, Clock.systemUTC()),
                new RolloutStore(reports),
                Optional.of(config),
                Clock.systemUTC())) {
      rollout.runOnce();
      assertThat(publishedId()).contains("v=STSv1; id=before;");
      assertThat(new RolloutStore(reports).current(DOMAIN).orElseThrow().published()).isEmpty();
    }
  }

  @Test
  void retirementRemovesTheRecordWhenDueAndTakesTheDomainOutOfTheConfig() throws Exception {
    ConfigFile none =
        ((ParseResult.Ok<ConfigFile>)
                file().withDomainValues(DOMAIN, Map.of("mode", "none", "max_age", "86400")))
            .value();
    none.write();
    String noneId = none.hosted(DOMAIN).orElseThrow().hostedPolicy().id();
    Instant t0 = Instant.parse("2026-12-03T12:00:00Z");
    SettableClock clock = new SettableClock(t0);
    try (ReportStore reports = ReportStore.open(none.config().storeLocation());
        PolicyHosting hosting =
            PolicyHosting.start(none.config().policyHost().orElseThrow(), new PemCertificates());
        RolloutService rollout =
            new RolloutService(
                hosting::config,
                new ServedPolicyProbe(hosting::address, clock),
                new RolloutStore(reports),
                Optional.of(config),
                clock)) {
      RolloutStore store = new RolloutStore(reports);
      store.retire(
          new Retirement(DOMAIN, noneId, t0, t0.plus(Duration.ofDays(7)), Optional.empty(), false));

      rollout.runOnce(); // §8.3 steps 1 and 2: none served, its id published
      assertThat(publishedId()).contains("v=STSv1; id=" + noneId + ";");

      clock.set(t0.plus(Duration.ofDays(7)).minusSeconds(1));
      rollout.runOnce(); // not due yet
      assertThat(publishedId()).contains("v=STSv1; id=" + noneId + ";");
      assertThat(Files.readString(config)).contains("example.test:");

      clock.set(t0.plus(Duration.ofDays(7)));
      rollout.runOnce(); // step 3
      assertThat(dns.txt("_mta-sts." + DOMAIN).status()).isEqualTo(DnsStatus.NXDOMAIN);
      assertThat(store.retirement(DOMAIN).orElseThrow().removed())
          .contains(t0.plus(Duration.ofDays(7)));
      assertThat(Files.readString(config)).doesNotContain("example.test:").contains("policy_host:");
      assertThat(ServeConfigReader.read(Files.readString(config), dir))
          .isInstanceOf(ParseResult.Ok.class);
    }
  }

  @Test
  void aRetirementIsCalledOffWhenTheModeIsNoLongerNone() throws Exception {
    ServeConfig cfg = ServeConfigReader.read(Files.readString(config), dir).orThrow();
    InetSocketAddress nobody;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      nobody = new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort());
    }
    Instant t0 = Instant.parse("2026-12-03T12:00:00Z");
    SettableClock clock = new SettableClock(t0.plus(Duration.ofDays(30)));
    try (ReportStore reports = ReportStore.open(cfg.storeLocation());
        RolloutService rollout =
            new RolloutService(
                () -> cfg.policyHost().orElseThrow(),
                new ServedPolicyProbe(() -> nobody, clock),
                new RolloutStore(reports),
                Optional.of(config),
                clock)) {
      RolloutStore store = new RolloutStore(reports);
      store.retire(
          new Retirement(
              DOMAIN, "noneid", t0, t0.plus(Duration.ofDays(1)), Optional.empty(), false));
      rollout
          .runOnce(); // mode testing in the config, removal long due: called off, not carried out
      assertThat(store.retirement(DOMAIN)).isEmpty();
      assertThat(Files.readString(config)).contains("example.test:");
      assertThat(publishedId()).contains("v=STSv1; id=before;");
    }
  }
}

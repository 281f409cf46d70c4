package dev.mtasts.app.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtasts.app.cli.ExitCodes;
import dev.mtasts.app.cli.Main;
import dev.mtasts.core.dns.DnsOptions;
import dev.mtasts.core.dns.DnsjavaResolver;
import dev.mtasts.core.dns.MxRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A lab with 1,000 generated domains starts in reasonable time and serves each of them. */
class BulkDomainsTest {

  private static final int COUNT = 1000;
  private static final Duration SLOW_BANNER = Duration.ofMillis(400);

  /** Generous for a shared two-core machine; on a laptop the start takes a few seconds. */
  private static final Duration START_BUDGET = Duration.ofSeconds(60);

  @TempDir static Path dir;
  static Lab lab;
  static Duration startTime;
  static DnsjavaResolver dns;
  static SSLContext trustLab;

  @BeforeAll
  static void start() throws Exception {
    long begin = System.nanoTime();
    lab = Lab.start(LabOptions.ephemeral(dir).withBulkDomains(COUNT).withSlowBanner(SLOW_BANNER));
    startTime = Duration.ofNanos(System.nanoTime() - begin);
    System.out.println("lab with " + COUNT + " bulk domains started in " + startTime);
    dns = new DnsjavaResolver(DnsOptions.defaults().withServer(lab.dnsAddress()));
    trustLab = Clients.tls(lab.caCertificate());
  }

  @AfterAll
  static void stop() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void thousandDomainsStartInReasonableTime() {
    assertThat(startTime).isLessThan(START_BUDGET);
  }

  @Test
  void domainsFollowTheScenariosInOrder() {
    List<String> domains = lab.domains();
    int scenarios = Scenarios.all().size();
    assertThat(domains).hasSize(scenarios + COUNT + BulkDomains.SLOW_COUNT);
    assertThat(domains.subList(0, scenarios))
        .containsExactlyElementsOf(Scenarios.all().stream().map(Scenario::domain).toList());
    assertThat(domains.get(scenarios)).isEqualTo("bulk-0001.test");
    assertThat(domains.get(scenarios + COUNT - 1)).isEqualTo("bulk-1000.test");
    assertThat(domains.subList(scenarios + COUNT, domains.size()))
        .containsExactly("slow-01.test", "slow-02.test", "slow-03.test");
    assertThat(domains).doesNotHaveDuplicates();
  }

  @Test
  void everyHostHasItsOwnLoopbackAddress() {
    Set<InetAddress> seen = new HashSet<>();
    for (String domain : lab.domains()) {
      if (BulkDomains.isGenerated(domain)) {
        for (String host : List.of("mta-sts." + domain, "mx1." + domain)) {
          InetAddress address = lab.address(host).orElseThrow();
          assertThat(address.isLoopbackAddress()).as(host).isTrue();
          assertThat(seen.add(address)).as(host + " " + address).isTrue();
        }
      }
    }
    assertThat(seen).hasSize(2 * (COUNT + BulkDomains.SLOW_COUNT));
  }

  /** Samples on both sides of the 254th host, where addresses move from 127.0.X.N to 127.X.Y.Z. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "bulk-0001.test",
        "bulk-0228.test",
        "bulk-0229.test",
        "bulk-1000.test",
        "slow-03.test"
      })
  void dnsPublishesAHealthyDomain(String domain) {
    assertThat(dns.txt("_mta-sts." + domain).records())
        .containsExactly("v=STSv1; id=" + Setup.POLICY_ID + ";");
    assertThat(dns.txt("_smtp._tls." + domain).records())
        .containsExactly("v=TLSRPTv1; rua=mailto:tlsrpt@" + domain);
    assertThat(dns.txt(domain).records()).containsExactly("v=spf1 mx -all");
    assertThat(dns.txt("_dmarc." + domain).records())
        .containsExactly("v=DMARC1; p=reject; rua=mailto:dmarc@" + domain);
    assertThat(dns.mx(domain).records()).containsExactly(new MxRecord(10, "mx1." + domain));
    assertThat(dns.addresses("mx1." + domain).records())
        .containsExactly(lab.address("mx1." + domain).orElseThrow());
    assertThat(dns.addresses("mta-sts." + domain).records())
        .containsExactly(lab.address("mta-sts." + domain).orElseThrow());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bulk-0001.test", "bulk-0300.test", "bulk-1000.test"})
  void policyHostServesAnEnforcePolicyWithAVerifiedCertificate(String domain) throws IOException {
    String host = "mta-sts." + domain;
    try (SSLSocket socket =
        Clients.handshake(
            trustLab,
            Clients.connect(lab.address(host).orElseThrow(), lab.httpsPort()),
            host,
            true)) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET /.well-known/mta-sts.txt HTTP/1.1\r\nHost: "
                  + host
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readNBytes(10_000), StandardCharsets.UTF_8);
      assertThat(response)
          .startsWith("HTTP/1.1 200 ")
          .contains("mode: enforce\r\nmx: mx1." + domain + "\r\nmax_age: 604800\r\n");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bulk-0002.test", "bulk-0999.test"})
  void mxGreetsAtOnceAndStartsTlsWithAVerifiedCertificate(String domain) throws IOException {
    String host = "mx1." + domain;
    long begin = System.nanoTime();
    try (Clients.Smtp smtp =
        new Clients.Smtp(Clients.connect(lab.address(host).orElseThrow(), lab.smtpPort()))) {
      assertThat(smtp.reply()).startsWith("220 " + host);
      assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(SLOW_BANNER);
      assertThat(smtp.send("EHLO client.test")).contains("STARTTLS");
      assertThat(smtp.send("STARTTLS")).startsWith("220");
      smtp.startTls(trustLab, host, true);
      assertThat(smtp.send("EHLO client.test")).startsWith("250");
    }
  }

  @Test
  void slowMxAcceptsAtOnceButGreetsOnlyAfterTheDelay() throws IOException {
    String host = "mx1.slow-01.test";
    long begin = System.nanoTime();
    try (Clients.Smtp smtp =
        new Clients.Smtp(Clients.connect(lab.address(host).orElseThrow(), lab.smtpPort()))) {
      Duration connected = Duration.ofNanos(System.nanoTime() - begin);
      assertThat(connected).isLessThan(SLOW_BANNER);
      assertThat(smtp.reply()).startsWith("220 " + host);
      assertThat(Duration.ofNanos(System.nanoTime() - begin)).isGreaterThanOrEqualTo(SLOW_BANNER);
      assertThat(smtp.send("EHLO client.test")).contains("STARTTLS");
      assertThat(smtp.send("STARTTLS")).startsWith("220");
      smtp.startTls(trustLab, host, true);
    }
  }

  @Test
  void countOutOfRangeIsRefused() {
    assertThatThrownBy(() -> BulkDomains.generate(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BulkDomains.generate(BulkDomains.MAX_COUNT + 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(BulkDomains.generate(0)).isEmpty();
  }

  @Test
  void generatedNamesAreRecognisedAndScenarioNamesAreNot() {
    assertThat(BulkDomains.isGenerated("bulk-0042.test")).isTrue();
    assertThat(BulkDomains.isGenerated("slow-02.test")).isTrue();
    assertThat(BulkDomains.isGenerated("good.test")).isFalse();
    assertThat(BulkDomains.isGenerated("bulk-42.test")).isFalse();
    assertThat(BulkDomains.isGenerated("xbulk-0042.test")).isFalse();
  }

  @Test
  void labCommandServesBulkDomains() throws Exception {
    Path zone = dir.resolve("bulk.zone");

    int exit = lab("--bulk", "2", "--zone-file", zone.toString(), "--zone-only");

    assertThat(exit).isZero();
    assertThat(zone)
        .content()
        .contains("_mta-sts.bulk-0002.test.", "mx1.slow-03.test.", "good.test.")
        .doesNotContain("bulk-0003.test");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"--bulk=-1", "--bulk=10000", "--slow-banner=-1"})
  void labCommandRefusesOutOfRangeCounts(String option) {
    assertThat(lab(option, "--zone-file", dir.resolve("x.zone").toString(), "--zone-only"))
        .isEqualTo(ExitCodes.TOOL_ERROR);
  }

  private static int lab(String... options) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "lab",
                "--dir",
                dir.resolve("cli").toString(),
                "--dns-port",
                "0",
                "--https-port",
                "0",
                "--smtp-port",
                "0"));
    args.addAll(List.of(options));
    return Main.run(args.toArray(String[]::new));
  }
}

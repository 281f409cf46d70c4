package dev.mtasts.core.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.core.testing.ZoneServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link DnsjavaResolver} against an in-process authoritative server on loopback. */
class DnsjavaResolverTest {

  static final String TLSA_HEX = "8cb0fc6c527506a053f4f14c8464bebbd6dede2738d11468dd953d7d6a3021f1";

  static final String BIG_STRING = "x".repeat(200);

  static final String EXAMPLE_ZONE =
      """
      $TTL 300
      @ IN SOA ns.example.test. hostmaster.example.test. 1 3600 600 86400 300
      @ IN NS ns
      ns IN A 127.0.0.1
      @ IN MX 20 mx2.example.test.
      @ IN MX 10 MX1.Example.Test.
      mx1 IN A 127.0.0.2
      mx1 IN AAAA ::1
      mx1 IN A 127.0.0.3
      _25._tcp.mx1 IN TLSA 3 1 1 %s
      mx2 IN AAAA ::2
      nullmx IN MX 0 .
      _mta-sts IN TXT "v=STSv1; id=20240101"
      _smtp._tls IN TXT "v=TLSRPTv1; rua=mailto:tlsrpt@example.test"
      multi IN TXT "v=STSv1; " "id=" "2024"
      two IN TXT "first"
      two IN TXT "second"
      utf8 IN TXT "caf\\195\\169"
      badbytes IN TXT "a\\255b"
      _mta-sts.cname IN CNAME _mta-sts.target
      _mta-sts.target IN TXT "v=STSv1; id=viacname"
      chain1 IN CNAME chain2
      chain2 IN CNAME chain3
      chain3 IN TXT "end of chain"
      loop1 IN CNAME loop2
      loop2 IN CNAME loop1
      dangling IN CNAME nowhere.example.test.
      outside IN CNAME _mta-sts.other.test.
      leaf.empty IN TXT "below an empty non-terminal"
      long1 IN CNAME long2
      long2 IN CNAME long3
      long3 IN CNAME long4
      long4 IN CNAME long5
      long5 IN CNAME long6
      long6 IN CNAME long7
      long7 IN CNAME long8
      long8 IN CNAME long9
      long9 IN CNAME long10
      long10 IN TXT "too far"
      %s
      """
          .formatted(TLSA_HEX, bigTxtSet());

  static final String OTHER_ZONE =
      """
      $TTL 300
      @ IN SOA ns.other.test. hostmaster.other.test. 1 3600 600 86400 300
      @ IN NS ns.example.test.
      _mta-sts IN TXT "v=STSv1; id=other"
      """;

  static ZoneServer server;
  static DnsjavaResolver dns;

  static String bigTxtSet() {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      lines.append("big IN TXT \"").append(i).append(BIG_STRING).append("\"\n");
    }
    return lines.toString();
  }

  @BeforeAll
  static void start() throws Exception {
    server =
        ZoneServer.serving(
            ZoneServer.zone("example.test", EXAMPLE_ZONE),
            ZoneServer.zone("other.test", OTHER_ZONE));
    server.failWithServfail("broken.example.test");
    dns = new DnsjavaResolver(options(server));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  static DnsOptions options(ZoneServer zoneServer) {
    return DnsOptions.defaults()
        .withServer(zoneServer.address())
        .withTimeout(Duration.ofMillis(500))
        .withRetries(1);
  }

  static Stream<Arguments> txtFound() {
    return Stream.of(
        Arguments.of("_mta-sts.example.test", List.of("v=STSv1; id=20240101")),
        Arguments.of("_MTA-STS.Example.Test.", List.of("v=STSv1; id=20240101")),
        Arguments.of("multi.example.test", List.of("v=STSv1; id=2024")),
        Arguments.of("utf8.example.test", List.of("café")),
        Arguments.of("badbytes.example.test", List.of("a\uFFFDb")),
        Arguments.of("_mta-sts.cname.example.test", List.of("v=STSv1; id=viacname")),
        Arguments.of("chain1.example.test", List.of("end of chain")),
        Arguments.of("outside.example.test", List.of("v=STSv1; id=other")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void txtFound(String name, List<String> expected) {
    DnsAnswer<String> answer = dns.txt(name);

    assertThat(answer.status()).as(answer.detail()).isEqualTo(DnsStatus.OK);
    assertThat(answer.records()).containsExactlyElementsOf(expected);
    assertThat(answer.dnssec()).isEqualTo(DnssecStatus.INDETERMINATE);
  }

  @Test
  void everyRecordOfASetIsReturned() {
    assertThat(dns.txt("two.example.test").records()).containsExactlyInAnyOrder("first", "second");
  }

  static Stream<Arguments> txtNotFound() {
    return Stream.of(
        Arguments.of("nothing.example.test", DnsStatus.NXDOMAIN),
        Arguments.of("mx1.example.test", DnsStatus.NODATA),
        Arguments.of("empty.example.test", DnsStatus.NODATA),
        Arguments.of("dangling.example.test", DnsStatus.NXDOMAIN),
        Arguments.of("loop1.example.test", DnsStatus.SERVFAIL),
        Arguments.of("long1.example.test", DnsStatus.SERVFAIL),
        Arguments.of("broken.example.test", DnsStatus.SERVFAIL),
        Arguments.of("not-served.invalid", DnsStatus.SERVFAIL),
        Arguments.of("bad..name", DnsStatus.ERROR),
        Arguments.of("x".repeat(64) + ".example.test", DnsStatus.ERROR));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource
  void txtNotFound(String name, DnsStatus expected) {
    DnsAnswer<String> answer = dns.txt(name);

    assertThat(answer.status()).as(answer.detail()).isEqualTo(expected);
    assertThat(answer.records()).isEmpty();
    assertThat(answer.detail()).isNotBlank();
  }

  @Test
  void aLoopIsNamedInTheDetail() {
    assertThat(dns.txt("loop1.example.test").detail()).contains("CNAME loop");
  }

  @Test
  void aTruncatedUdpAnswerIsAskedAgainOverTcp() {
    int tcpBefore = server.tcpQuestions();

    DnsAnswer<String> answer = dns.txt("big.example.test");

    assertThat(answer.status()).isEqualTo(DnsStatus.OK);
    assertThat(answer.records()).hasSize(12).allMatch(r -> r.endsWith(BIG_STRING));
    assertThat(server.tcpQuestions()).isGreaterThan(tcpBefore);
  }

  @Test
  void smallAnswersStayOnUdp() {
    int tcpBefore = server.tcpQuestions();

    dns.txt("_mta-sts.example.test");

    assertThat(server.tcpQuestions()).isEqualTo(tcpBefore);
  }

  @Test
  void mxAsPublishedLowerCasedWithoutTheDot() {
    DnsAnswer<MxRecord> answer = dns.mx("example.test");

    assertThat(answer.status()).isEqualTo(DnsStatus.OK);
    assertThat(answer.records())
        .containsExactlyInAnyOrder(
            new MxRecord(10, "mx1.example.test"), new MxRecord(20, "mx2.example.test"));
  }

  @Test
  void nullMx() {
    DnsAnswer<MxRecord> answer = dns.mx("nullmx.example.test");

    assertThat(answer.records()).containsExactly(new MxRecord(0, ""));
    assertThat(answer.records().getFirst().isNullMx()).isTrue();
  }

  @Test
  void mxOfANameWithoutMxIsNodata() {
    assertThat(dns.mx("mx1.example.test").status()).isEqualTo(DnsStatus.NODATA);
  }

  @Test
  void addressesIpv4First() throws Exception {
    DnsAnswer<InetAddress> answer = dns.addresses("mx1.example.test");

    assertThat(answer.status()).isEqualTo(DnsStatus.OK);
    assertThat(answer.records()).hasSize(3);
    assertThat(answer.records().subList(0, 2))
        .containsExactlyInAnyOrder(
            InetAddress.getByName("127.0.0.2"), InetAddress.getByName("127.0.0.3"));
    assertThat(answer.records().get(2)).isEqualTo(InetAddress.getByName("::1"));
  }

  @Test
  void addressesOfAnIpv6OnlyHost() throws Exception {
    assertThat(dns.addresses("mx2.example.test").records())
        .containsExactly(InetAddress.getByName("::2"));
  }

  @Test
  void addressesAbsent() {
    assertThat(dns.addresses("_mta-sts.example.test").status()).isEqualTo(DnsStatus.NODATA);
    assertThat(dns.addresses("nothing.example.test").status()).isEqualTo(DnsStatus.NXDOMAIN);
    assertThat(dns.addresses("broken.example.test").status()).isEqualTo(DnsStatus.SERVFAIL);
  }

  @Test
  void tlsa() {
    DnsAnswer<TlsaRecord> answer = dns.tlsa("_25._tcp.mx1.example.test");

    assertThat(answer.records())
        .containsExactly(new TlsaRecord(3, 1, 1, HexFormat.of().parseHex(TLSA_HEX)));
    assertThat(dns.tlsa("_25._tcp.mx2.example.test").status()).isEqualTo(DnsStatus.NXDOMAIN);
  }

  @Test
  void aServerThatNeverAnswersTimesOutWithinTheBound() throws Exception {
    try (ZoneServer silent = ZoneServer.silent()) {
      DnsjavaResolver slow =
          new DnsjavaResolver(
              DnsOptions.defaults()
                  .withServer(silent.address())
                  .withTimeout(Duration.ofMillis(200))
                  .withRetries(1));
      long start = System.nanoTime();

      DnsAnswer<String> answer = slow.txt("_mta-sts.example.test");

      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(answer.status()).as(answer.detail()).isEqualTo(DnsStatus.TIMEOUT);
      assertThat(took).isBetween(Duration.ofMillis(400), Duration.ofMillis(1000));
      assertThat(silent.udpQuestions()).isEqualTo(2);
    }
  }

  @Test
  void aClosedPortIsAnError() throws Exception {
    InetSocketAddress closed;
    try (ZoneServer gone = ZoneServer.silent()) {
      closed = gone.address();
    }
    DnsjavaResolver nobody =
        new DnsjavaResolver(
            DnsOptions.defaults().withServer(closed).withTimeout(Duration.ofMillis(300)));

    DnsAnswer<String> answer = nobody.txt("_mta-sts.example.test");

    assertThat(answer.status()).isEqualTo(DnsStatus.ERROR);
    assertThat(answer.detail()).contains("PortUnreachable");
  }

  @Test
  void trustedAdBitGivesSecureAndItsAbsenceInsecure() throws Exception {
    try (ZoneServer validating =
        ZoneServer.serving(ZoneServer.zone("example.test", EXAMPLE_ZONE))) {
      DnsjavaResolver trusting =
          new DnsjavaResolver(options(validating).withDnssec(DnssecMode.TRUST_AD));

      assertThat(trusting.txt("_mta-sts.example.test").dnssec()).isEqualTo(DnssecStatus.INSECURE);
      validating.setAuthenticatedData(true);
      assertThat(trusting.txt("_mta-sts.example.test").dnssec()).isEqualTo(DnssecStatus.SECURE);
      assertThat(trusting.txt("nothing.example.test").dnssec()).isEqualTo(DnssecStatus.SECURE);
    }
  }

  @Test
  void servfailWithDnssecBogusExtendedErrorIsBogusOnlyWhenTrusted() throws Exception {
    try (ZoneServer validating =
        ZoneServer.serving(ZoneServer.zone("example.test", EXAMPLE_ZONE))) {
      validating.failAsBogus("_mta-sts.example.test");
      DnsjavaResolver trusting =
          new DnsjavaResolver(options(validating).withDnssec(DnssecMode.TRUST_AD));
      DnsjavaResolver ignoring = new DnsjavaResolver(options(validating));

      DnsAnswer<String> trusted = trusting.txt("_mta-sts.example.test");
      assertThat(trusted.status()).isEqualTo(DnsStatus.BOGUS);
      assertThat(trusted.dnssec()).isEqualTo(DnssecStatus.BOGUS);
      assertThat(ignoring.txt("_mta-sts.example.test").status()).isEqualTo(DnsStatus.SERVFAIL);
    }
  }

  @Test
  void manyConcurrentLookupsOnVirtualThreads() throws Exception {
    List<Future<DnsAnswer<String>>> answers = new ArrayList<>();
    try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 300; i++) {
        String name = i % 2 == 0 ? "_mta-sts.cname.example.test" : "nothing" + i + ".example.test";
        answers.add(executor.submit(() -> dns.txt(name)));
      }
    }
    for (int i = 0; i < answers.size(); i++) {
      DnsAnswer<String> answer = answers.get(i).get();
      if (i % 2 == 0) {
        assertThat(answer.records()).containsExactly("v=STSv1; id=viacname");
      } else {
        assertThat(answer.status()).isEqualTo(DnsStatus.NXDOMAIN);
      }
    }
  }
}

package dev.mtasts.core.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.core.testing.KnotServer;
import dev.mtasts.core.testing.KnotServer.KnotZone;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link DnsjavaResolver} against a real authoritative server, Knot DNS: the same questions as
 * {@link DnsjavaResolverTest}, plus DNSSEC validation of a zone knot signs itself.
 */
class KnotResolverTest {

  static final String SIGNED_ZONE =
      """
      $TTL 300
      @ IN SOA ns.signed.test. hostmaster.signed.test. 1 3600 600 86400 300
      @ IN NS ns
      ns IN A 127.0.0.1
      @ IN MX 10 mx.signed.test.
      mx IN A 127.0.0.1
      _25._tcp.mx IN TLSA 3 1 1 %s
      _mta-sts IN TXT "v=STSv1; id=signed"
      _mta-sts.alias IN CNAME _mta-sts
      unsigned IN NS ns.unsigned
      ns.unsigned IN A 127.0.0.1
      """
          .formatted(DnsjavaResolverTest.TLSA_HEX);

  static final String UNSIGNED_CHILD_ZONE =
      """
      $TTL 300
      @ IN SOA ns.unsigned.signed.test. hostmaster.signed.test. 1 3600 600 86400 300
      @ IN NS ns
      ns IN A 127.0.0.1
      _mta-sts IN TXT "v=STSv1; id=unsigned"
      """;

  static KnotServer knot;
  static DnsjavaResolver dns;
  static DnsOptions validating;

  @BeforeAll
  static void start() throws Exception {
    KnotServer.assumeAvailable();
    knot =
        KnotServer.start(
            List.of(
                KnotZone.plain("example.test", DnsjavaResolverTest.EXAMPLE_ZONE),
                KnotZone.plain("other.test", DnsjavaResolverTest.OTHER_ZONE),
                KnotZone.signed("signed.test", SIGNED_ZONE),
                KnotZone.plain("unsigned.signed.test", UNSIGNED_CHILD_ZONE)));
    DnsOptions options =
        DnsOptions.defaults()
            .withServer(knot.address())
            .withTimeout(Duration.ofSeconds(2))
            .withRetries(1);
    dns = new DnsjavaResolver(options);
    validating =
        options.withDnssec(DnssecMode.VALIDATE).withTrustAnchors(knot.trustAnchor("signed.test"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (knot != null) {
      knot.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.mtasts.core.dns.DnsjavaResolverTest#txtFound")
  void txtFound(String name, List<String> expected) {
    DnsAnswer<String> answer = dns.txt(name);

    assertThat(answer.status()).as(answer.detail()).isEqualTo(DnsStatus.OK);
    assertThat(answer.records()).containsExactlyElementsOf(expected);
  }

  static Stream<Arguments> txtNotFound() {
    return Stream.of(
        Arguments.of("nothing.example.test", DnsStatus.NXDOMAIN),
        Arguments.of("mx1.example.test", DnsStatus.NODATA),
        Arguments.of("empty.example.test", DnsStatus.NODATA),
        Arguments.of("dangling.example.test", DnsStatus.NXDOMAIN),
        Arguments.of("loop1.example.test", DnsStatus.SERVFAIL),
        Arguments.of("long1.example.test", DnsStatus.SERVFAIL),
        Arguments.of("not-served.invalid", DnsStatus.SERVFAIL));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource
  void txtNotFound(String name, DnsStatus expected) {
    DnsAnswer<String> answer = dns.txt(name);

    assertThat(answer.status()).as(answer.detail()).isEqualTo(expected);
    assertThat(answer.records()).isEmpty();
  }

  @Test
  void aTxtSetTooBigForUdpArrivesOverTcp() {
    DnsAnswer<String> answer = dns.txt("big.example.test");

    assertThat(answer.records())
        .hasSize(12)
        .allMatch(r -> r.endsWith(DnsjavaResolverTest.BIG_STRING));
    assertThat(answer.records().stream().mapToInt(String::length).sum()).isGreaterThan(1232);
  }

  @Test
  void mxAndNullMx() {
    assertThat(dns.mx("example.test").records())
        .containsExactlyInAnyOrder(
            new MxRecord(10, "mx1.example.test"), new MxRecord(20, "mx2.example.test"));
    assertThat(dns.mx("nullmx.example.test").records()).containsExactly(new MxRecord(0, ""));
  }

  @Test
  void addressesAndTlsa() throws Exception {
    assertThat(dns.addresses("mx1.example.test").records().getLast())
        .isEqualTo(InetAddress.getByName("::1"));
    assertThat(dns.tlsa("_25._tcp.mx1.example.test").records())
        .containsExactly(
            new TlsaRecord(3, 1, 1, HexFormat.of().parseHex(DnsjavaResolverTest.TLSA_HEX)));
  }

  @Test
  void signedAnswersAreSecure() {
    DnsjavaResolver validator = new DnsjavaResolver(validating);

    assertSecure(validator.txt("_mta-sts.signed.test"), List.of("v=STSv1; id=signed"));
    assertSecure(validator.txt("_mta-sts.alias.signed.test"), List.of("v=STSv1; id=signed"));
    assertSecure(validator.mx("signed.test"), List.of(new MxRecord(10, "mx.signed.test")));
    assertThat(validator.tlsa("_25._tcp.mx.signed.test").dnssec()).isEqualTo(DnssecStatus.SECURE);
  }

  @Test
  void signedDenialsAreSecure() {
    DnsjavaResolver validator = new DnsjavaResolver(validating);

    DnsAnswer<String> nxdomain = validator.txt("nothing.signed.test");
    DnsAnswer<TlsaRecord> nodata = validator.tlsa("mx.signed.test");

    assertThat(nxdomain.status()).as(nxdomain.detail()).isEqualTo(DnsStatus.NXDOMAIN);
    assertThat(nxdomain.dnssec()).isEqualTo(DnssecStatus.SECURE);
    assertThat(nodata.status()).as(nodata.detail()).isEqualTo(DnsStatus.NODATA);
    assertThat(nodata.dnssec()).isEqualTo(DnssecStatus.SECURE);
  }

  @Test
  void anUnsignedDelegationIsInsecure() {
    DnsAnswer<String> answer = new DnsjavaResolver(validating).txt("_mta-sts.unsigned.signed.test");

    assertThat(answer.status()).as(answer.detail()).isEqualTo(DnsStatus.OK);
    assertThat(answer.records()).containsExactly("v=STSv1; id=unsigned");
    assertThat(answer.dnssec()).isEqualTo(DnssecStatus.INSECURE);
  }

  @Test
  void expiredSignaturesAreBogus() {
    Clock later = Clock.offset(Clock.systemUTC(), Duration.ofDays(60));
    DnsAnswer<String> answer =
        new DnsjavaResolver(validating.withClock(later)).txt("_mta-sts.signed.test");

    assertBogus(answer);
  }

  @Test
  void keysThatDoNotMatchTheTrustAnchorAreBogus() {
    String wrongDs = "signed.test. IN DS 12345 13 2 " + "00".repeat(32) + "\n";
    DnsAnswer<String> answer =
        new DnsjavaResolver(validating.withTrustAnchors(wrongDs)).txt("_mta-sts.signed.test");

    assertBogus(answer);
  }

  private static <T> void assertSecure(DnsAnswer<T> answer, List<T> expected) {
    assertThat(answer.status()).as(answer.detail()).isEqualTo(DnsStatus.OK);
    assertThat(answer.records()).containsExactlyElementsOf(expected);
    assertThat(answer.dnssec()).isEqualTo(DnssecStatus.SECURE);
  }

  private static void assertBogus(DnsAnswer<String> answer) {
    assertThat(answer.status()).as(answer.detail()).isEqualTo(DnsStatus.BOGUS);
    assertThat(answer.dnssec()).isEqualTo(DnssecStatus.BOGUS);
    assertThat(answer.records()).isEmpty();
    assertThat(answer.failed()).isTrue();
  }
}

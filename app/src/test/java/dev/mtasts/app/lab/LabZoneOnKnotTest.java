package dev.mtasts.app.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.core.dns.DnsAnswer;
import dev.mtasts.core.dns.DnsOptions;
import dev.mtasts.core.dns.DnsStatus;
import dev.mtasts.core.dns.DnsjavaResolver;
import dev.mtasts.core.dns.MxRecord;
import dev.mtasts.core.testing.KnotServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The lab's zone served by a real authoritative server, Knot DNS, on loopback: every question the
 * DNS client can ask about every name in the zone gets the same answer through knot as through the
 * lab's own DNS server. Proves the zone text loads in a real server and the client copes with real
 * server behaviour: truncation and TCP retry, multi-string TXT, CNAME, NXDOMAIN versus NODATA.
 *
 * <p>The client offers EDNS with 1232 bytes, so the lab's answers (the largest, good.test's apex
 * TXT, is about 600 bytes) all fit in UDP; knotd cannot be told to offer less than 1220. To see the
 * client fall back to TCP against knot, knot also serves one RRset that no lab scenario has:
 * {@value #BIG_NAME}, over 1232 bytes.
 */
class LabZoneOnKnotTest {

  /** Served by knot only: a TXT RRset too large for a 1232-byte EDNS UDP answer. */
  static final String BIG_NAME = "big-txt.good.test";

  /** Six character-strings of 255 bytes (RFC 1035 §3.3.14): 1530 bytes of TXT data. */
  static final String BIG_TEXT = "x".repeat(6 * 255);

  @TempDir static Path dir;
  static Lab lab;
  static KnotServer knot;
  static DnsjavaResolver viaLab;
  static DnsjavaResolver viaKnot;

  @BeforeAll
  static void start() throws IOException {
    KnotServer.assumeAvailable();
    lab = Lab.start(LabOptions.ephemeral(dir));
    knot =
        KnotServer.serve(
            World.ZONE,
            lab.zoneText() + World.txt(World.name(BIG_NAME + "."), BIG_TEXT).toString() + "\n");
    viaLab = resolver(lab.dnsAddress());
    viaKnot = resolver(knot.address());
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

  private static DnsjavaResolver resolver(InetSocketAddress server) {
    return new DnsjavaResolver(
        DnsOptions.defaults().withServer(server).withTimeout(Duration.ofSeconds(2)));
  }

  /**
   * Every owner name in the zone, every empty non-terminal above one (RFC 8020), and a name under
   * each that does not exist.
   */
  static Stream<String> names() {
    Set<String> names = new LinkedHashSet<>();
    // Runs after start(): JUnit asks for a parameterized test's arguments when it runs it.
    for (Record record : lab.zone().records()) {
      Name name = record.getName();
      while (name.labels() > 2) {
        names.add(name.toString());
        name = new Name(name, 1);
      }
      names.add("absent." + record.getName());
    }
    return names.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void knotAnswersAsTheLab(String name) {
    assertSameAnswer(name, r -> r.txt(name));
    assertSameAnswer(name, r -> r.mx(name));
    assertSameAnswer(name, r -> r.addresses(name));
    assertSameAnswer(name, r -> r.tlsa(name));
  }

  private static void assertSameAnswer(
      String name, Function<DnsjavaResolver, DnsAnswer<?>> question) {
    DnsAnswer<?> lab = question.apply(viaLab);
    DnsAnswer<?> real = question.apply(viaKnot);
    assertThat(real.status())
        .as(name + " status (knot: " + real.detail() + ")")
        .isEqualTo(lab.status());
    assertThat(real.failed()).as(name + " " + real.detail()).isFalse();
    assertThat(new ArrayList<Object>(real.records()))
        .as(name + " records")
        .containsExactlyInAnyOrderElementsOf(lab.records());
  }

  // ---- the behaviours the comparison must have covered, asserted outright

  @Test
  void apexTxtOfGoodTestIsTruncatedWithoutEdns() throws IOException {
    SimpleResolver classic = new SimpleResolver(knot.address());
    classic.setEDNS(-1); // dnsjava offers EDNS by default; -1 leaves the OPT record out
    classic.setIgnoreTruncation(true);
    assertThat(udp(classic, "good.test").getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(viaKnot.txt("good.test").records())
        .hasSize(1 + Scenarios.find("good.test").orElseThrow().setup().apexTxt().size())
        .contains("v=spf1 mx -all", "MS=ms48213907");
  }

  @Test
  void answerOverTheEdnsSizeIsTruncatedOverUdpAndFetchedOverTcp() throws IOException {
    SimpleResolver edns = new SimpleResolver(knot.address());
    edns.setEDNS(0, 1232, 0, List.of());
    edns.setIgnoreTruncation(true);
    assertThat(udp(edns, BIG_NAME).getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(viaKnot.txt(BIG_NAME).records()).containsExactly(BIG_TEXT);
  }

  private static Message udp(SimpleResolver resolver, String name) throws IOException {
    resolver.setTimeout(Duration.ofSeconds(2));
    return resolver.send(
        Message.newQuery(Record.newRecord(Name.fromString(name + "."), Type.TXT, DClass.IN)));
  }

  @Test
  void multiStringTxtComesBackJoined() {
    DnsAnswer<String> dkim = viaKnot.txt("lab._domainkey.good.test");
    assertThat(dkim.records()).singleElement().asString().startsWith("v=DKIM1; k=rsa; p=");
    assertThat(dkim.records().getFirst().length()).isGreaterThan(255);
    assertThat(dkim.records())
        .containsExactlyElementsOf(viaLab.txt("lab._domainkey.good.test").records());
  }

  @Test
  void stsRecordBehindCnameIsFollowed() {
    assertThat(viaKnot.txt("_mta-sts.cname-record.test").records())
        .containsExactly("v=STSv1; id=" + Setup.POLICY_ID + ";");
  }

  @Test
  void missingNameIsNxdomainAndMissingTypeIsNodata() {
    assertThat(viaKnot.txt("_mta-sts.no-sts.test").status()).isEqualTo(DnsStatus.NXDOMAIN);
    assertThat(viaKnot.tlsa("good.test").status()).isEqualTo(DnsStatus.NODATA);
    assertThat(viaKnot.txt("_tls.good.test").status()).isEqualTo(DnsStatus.NODATA);
  }

  @Test
  void mxAndTlsaAsPublished() {
    assertThat(viaKnot.mx("good.test").records())
        .containsExactlyInAnyOrder(
            new MxRecord(10, "mx1.good.test"), new MxRecord(20, "mx2.good.test"));
    assertThat(viaKnot.tlsa("_25._tcp.mx1.dane.test").records())
        .hasSize(1)
        .containsExactlyElementsOf(viaLab.tlsa("_25._tcp.mx1.dane.test").records());
  }
}

package dev.mtasts.app.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.lab.ca.LabCa;
import dev.mtasts.app.lab.dns.Responder;
import java.io.IOException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The lab's DNS answers, wire in and wire out, without a network. */
class ResponderTest {

  private static final Responder RESPONDER =
      new Responder(World.build(Scenarios.all(), LabCa.create(Clock.systemUTC())).zone());

  static Stream<Arguments> answers() {
    return Stream.of(
        Arguments.of("good.test", Type.MX, Rcode.NOERROR, 2),
        Arguments.of("_mta-sts.good.test", Type.TXT, Rcode.NOERROR, 1),
        Arguments.of("_mta-sts.multi-record.test", Type.TXT, Rcode.NOERROR, 2),
        Arguments.of("_mta-sts.cname-record.test", Type.TXT, Rcode.NOERROR, 2), // CNAME + TXT
        Arguments.of("_mta-sts.no-sts.test", Type.TXT, Rcode.NXDOMAIN, 0),
        Arguments.of("mta-sts.no-policy-host.test", Type.A, Rcode.NXDOMAIN, 0),
        Arguments.of("mta-sts.good.test", Type.AAAA, Rcode.NOERROR, 0), // NODATA
        Arguments.of("_tcp.mx1.dane.test", Type.TXT, Rcode.NOERROR, 0), // empty non-terminal
        Arguments.of("_25._tcp.mx1.dane.test", Type.TLSA, Rcode.NOERROR, 1),
        Arguments.of("_smtp._tls.no-tlsrpt.test", Type.TXT, Rcode.NXDOMAIN, 0),
        Arguments.of("nothing.test", Type.A, Rcode.NXDOMAIN, 0),
        Arguments.of("test", Type.SOA, Rcode.NOERROR, 1),
        Arguments.of("example.com", Type.A, Rcode.REFUSED, 0));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("answers")
  void answers(String name, int type, int rcode, int answerCount) throws IOException {
    Message response = ask(query(name, type), true);

    assertThat(Rcode.string(response.getRcode())).isEqualTo(Rcode.string(rcode));
    assertThat(response.getSection(Section.ANSWER)).hasSize(answerCount);
    assertThat(response.getHeader().getFlag(Flags.AA)).isEqualTo(rcode != Rcode.REFUSED);
    if (answerCount == 0 && rcode != Rcode.REFUSED) {
      // RFC 2308 §3: negative answers carry the SOA.
      assertThat(response.getSection(Section.AUTHORITY))
          .singleElement()
          .extracting(Record::getType)
          .isEqualTo(Type.SOA);
    }
  }

  @Test
  void bigAnswerIsTruncatedOverUdpWithoutEdns() throws IOException {
    Message udp = ask(query("good.test", Type.TXT), true);
    Message tcp = ask(query("good.test", Type.TXT), false);

    assertThat(udp.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(udp.toWire().length).isLessThanOrEqualTo(512);
    assertThat(tcp.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(tcp.getSection(Section.ANSWER)).hasSize(9);
    assertThat(tcp.toWire().length).isGreaterThan(512);
  }

  @Test
  void ednsRaisesTheUdpLimit() throws IOException {
    Message query = query("good.test", Type.TXT);
    query.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);

    Message response = ask(query, true);

    assertThat(response.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(response.getSection(Section.ANSWER)).hasSize(9);
    assertThat(response.getOPT()).isNotNull();
  }

  @Test
  void longTxtIsSplitIntoCharacterStrings() throws IOException {
    Message response = ask(query("lab._domainkey.good.test", Type.TXT), true);

    var txt = (org.xbill.DNS.TXTRecord) response.getSection(Section.ANSWER).getFirst();
    assertThat(txt.getStrings()).hasSizeGreaterThan(1).allMatch(s -> s.length() <= 255);
    assertThat(String.join("", txt.getStrings())).startsWith("v=DKIM1; k=rsa; p=");
  }

  static List<String> garbage() {
    return List.of(
        "12340000ffff", // a header cut short after 6 bytes
        "1234010000010000000000000377777700", // question without type and class
        "123401000001000000000000c00c00010001", // a compression pointer to itself
        "1234010000050000000000000000010001"); // five questions announced, one root half-there
  }

  @ParameterizedTest
  @MethodSource("garbage")
  void garbageGetsFormerrWithItsId(String hex) throws IOException {
    byte[] wire = HexFormat.of().parseHex(hex + "00".repeat(Math.max(0, 12 - hex.length() / 2)));

    Message response = new Message(RESPONDER.udp(wire).orElseThrow());

    assertThat(response.getHeader().getID()).isEqualTo(0x1234);
    assertThat(response.getHeader().getFlag(Flags.QR)).isTrue();
    assertThat(Rcode.string(response.getRcode())).isEqualTo("FORMERR");
  }

  @Test
  void tooShortForAHeaderIsDropped() {
    assertThat(RESPONDER.udp(new byte[] {0x12, 0x34, 0x01})).isEmpty();
    assertThat(RESPONDER.tcp(new byte[0])).isEmpty();
  }

  @Test
  void responsesAreNeverAnswered() throws IOException {
    Message response = query("good.test", Type.MX);
    response.getHeader().setFlag(Flags.QR);

    assertThat(RESPONDER.udp(response.toWire())).isEmpty();
  }

  @Test
  void otherOpcodesAreNotImplemented() throws IOException {
    Message notify = query("good.test", Type.SOA);
    notify.getHeader().setOpcode(Opcode.NOTIFY);

    assertThat(Rcode.string(ask(notify, true).getRcode())).isEqualTo("NOTIMP");
  }

  @Test
  void otherClassesAreRefused() throws IOException {
    Message chaos =
        Message.newQuery(Record.newRecord(Name.fromString("version.bind."), Type.TXT, DClass.CH));

    assertThat(Rcode.string(ask(chaos, true).getRcode())).isEqualTo("REFUSED");
  }

  private static Message query(String name, int type) throws IOException {
    return Message.newQuery(Record.newRecord(Name.fromString(name + "."), type, DClass.IN));
  }

  private static Message ask(Message query, boolean udp) throws IOException {
    byte[] wire = query.toWire();
    return new Message((udp ? RESPONDER.udp(wire) : RESPONDER.tcp(wire)).orElseThrow());
  }
}

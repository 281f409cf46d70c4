package dev.mtasts.app.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.mtasts.app.lab.smtp.ReceivedMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Starts the lab on free ports and checks, with plain clients, that each defect is really there.
 */
class LabTest {

  @TempDir static Path dir;
  static Lab lab;
  static SSLContext trustLab;
  static SSLContext trustAll;

  @BeforeAll
  static void start() throws Exception {
    lab = Lab.start(LabOptions.ephemeral(dir));
    trustLab = Clients.tls(lab.caCertificate());
    trustAll = Clients.tls(null);
  }

  @AfterAll
  static void stop() {
    lab.close();
  }

  /** The printed options work as they are: the lab's hosts are on loopback addresses. */
  @Test
  void clientOptionsAllowTheLabsLoopbackAddresses() {
    assertThat(lab.clientOptions())
        .startsWith("--dns 127.0.0.1:" + lab.dnsAddress().getPort() + " --ca-file ")
        .endsWith(
            " --https-port "
                + lab.httpsPort()
                + " --smtp-port "
                + lab.smtpPort()
                + " --allow-private-addresses");
  }

  // ---- DNS

  static Stream<Arguments> stsRecords() {
    return Stream.of(
        Arguments.of("good.test", List.of("v=STSv1; id=20250101T000000;")),
        Arguments.of("no-sts.test", List.of()),
        Arguments.of(
            "multi-record.test",
            List.of("v=STSv1; id=20250101T000000;", "v=STSv1; id=20240101T000000;")),
        Arguments.of("bad-record.test", List.of("v=STSv1; id=bad-id!")),
        Arguments.of("cname-record.test", List.of("v=STSv1; id=20250101T000000;")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stsRecords")
  void stsRecordsAsTheScenarioSays(String domain, List<String> expected) throws IOException {
    assertThat(txt("_mta-sts." + domain)).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void everyDomainHasSpfDmarcAndMxButTlsRptOnlyWhereExpected() throws IOException {
    for (Scenario scenario : lab.scenarios()) {
      String domain = scenario.domain();
      assertThat(txt(domain)).as(domain).contains("v=spf1 mx -all");
      assertThat(txt("_dmarc." + domain))
          .as(domain)
          .singleElement()
          .asString()
          .startsWith("v=DMARC1;");
      assertThat(Clients.query(lab, domain, Type.MX, false).getSection(Section.ANSWER))
          .as(domain)
          .hasSize(scenario.setup().mx().size());
      List<String> tlsrpt = txt("_smtp._tls." + domain);
      switch (domain) {
        case "no-tlsrpt.test" -> assertThat(tlsrpt).isEmpty();
        case "bad-tlsrpt.test" ->
            assertThat(tlsrpt).containsExactly("v=TLSRPTv1; rua=ftp://x.test/");
        default ->
            assertThat(tlsrpt)
                .as(domain)
                .containsExactly("v=TLSRPTv1; rua=mailto:tlsrpt@" + domain);
      }
    }
  }

  @Test
  void policyHostExistsExceptWhereTheScenarioRemovesIt() throws IOException {
    for (Scenario scenario : lab.scenarios()) {
      Message answer = Clients.query(lab, scenario.policyHost(), Type.A, false);
      boolean expected =
          !scenario.domain().equals("no-policy-host.test")
              && !scenario.domain().equals("no-sts.test");
      assertThat(answer.getSection(Section.ANSWER)).as(scenario.domain()).hasSize(expected ? 1 : 0);
      assertThat(answer.getRcode()).isEqualTo(expected ? Rcode.NOERROR : Rcode.NXDOMAIN);
    }
  }

  @Test
  void bigAnswerTruncatesOnUdpAndComesWholeOverTcp() throws IOException {
    byte[] query =
        Message.newQuery(
                org.xbill.DNS.Record.newRecord(
                    org.xbill.DNS.Name.fromString("good.test."), Type.TXT, org.xbill.DNS.DClass.IN))
            .toWire();
    Message udp = new Message(udpExchange(query));

    assertThat(udp.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(Clients.query(lab, "good.test", Type.TXT, true).getSection(Section.ANSWER))
        .hasSize(9);
  }

  @Test
  void garbageGetsFormerrOverTheWire() throws IOException {
    byte[] garbage = "\u0042\u0042 this is not DNS at all".getBytes(StandardCharsets.ISO_8859_1);

    Message response = new Message(udpExchange(garbage));

    assertThat(response.getHeader().getID()).isEqualTo(0x4242);
    assertThat(response.getRcode()).isEqualTo(Rcode.FORMERR);
    assertThat(Clients.query(lab, "good.test", Type.MX, false).getRcode()).isEqualTo(Rcode.NOERROR);
  }

  @Test
  void zoneTextIsAMasterFile() {
    assertThat(lab.zoneText())
        .startsWith("; the mtasts lab world\n$ORIGIN test.\n$TTL 300\n")
        .contains("_mta-sts.good.test.\t300\tIN\tTXT \"v=STSv1; id=20250101T000000;\"\n")
        .contains("good.test.\t300\tIN\tTXT \"MS=ms48213907\"\n")
        .containsPattern(
            "lab\\._domainkey\\.good\\.test\\.\t300\tIN\tTXT \"v=DKIM1; [^\"]+\" \"[^\"]+\"\n")
        .containsPattern(
            "_25\\._tcp\\.mx1\\.dane\\.test\\.\\s+300\\s+IN\\s+TLSA\\s+3 1 1 [0-9A-F]{64}\n");
  }

  // ---- HTTPS

  static Stream<Arguments> policyResponses() {
    return Stream.of(
        Arguments.of(
            "good.test",
            200,
            "text/plain",
            "mode: enforce\r\nmx: mx1.good.test\r\nmx: mx2.good.test\r\nmax_age: 604800"),
        Arguments.of("testing.test", 200, "text/plain", "mode: testing\r\n"),
        Arguments.of("none.test", 200, "text/plain", "mode: none\r\n"),
        Arguments.of("policy-syntax.test", 200, "text/plain", "mode: enforcing\r\n"),
        Arguments.of("short-max-age.test", 200, "text/plain", "max_age: 3600\r\n"),
        Arguments.of(
            "mx-mismatch.test",
            200,
            "text/plain",
            "mode: enforce\r\nmx: mx1.mx-mismatch.test\r\nmax_age"),
        Arguments.of("wildcard.test", 200, "text/plain", "mx: *.mail.wildcard.test\r\n"),
        Arguments.of("blank-line.test", 200, "text/plain", "max_age: 604800\r\n\r\n"),
        Arguments.of("policy-404.test", 404, "text/plain", ""),
        Arguments.of("policy-redirect.test", 301, "text/plain", ""),
        Arguments.of("policy-html.test", 200, "text/html", "version: STSv1\r\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("policyResponses")
  void policyHostsAnswerAsTheScenarioSays(String domain, int status, String type, String bodyPart)
      throws IOException {
    String response = fetchPolicy(domain, trustLab, true);

    assertThat(response).startsWith("HTTP/1.1 " + status + " ");
    assertThat(response).containsIgnoringCase("Content-type: " + type);
    assertThat(response).contains(bodyPart);
    if (status == 301) {
      assertThat(response)
          .contains("Location: https://www.policy-redirect.test/.well-known/mta-sts.txt");
    }
  }

  @Test
  void hugePolicyIs70KiB() throws IOException {
    String response = fetchPolicy("policy-huge.test", trustLab, true);

    assertThat(response).containsIgnoringCase("Content-length: 71680");
    assertThat(response.substring(response.indexOf("\r\n\r\n") + 4)).hasSize(70 * 1024);
  }

  static Stream<Arguments> badPolicyCertificates() {
    return Stream.of(
        Arguments.of("policy-cert-expired.test", "validity check failed"),
        Arguments.of("policy-cert-wrongname.test", "No subject alternative DNS name"),
        Arguments.of("policy-cert-untrusted.test", "unable to find valid certification path"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badPolicyCertificates")
  void badPolicyCertificatesFailVerificationForTheirOneReason(String domain, String reason)
      throws IOException {
    assertThatThrownBy(() -> fetchPolicy(domain, trustLab, true))
        .isInstanceOf(SSLHandshakeException.class)
        .hasStackTraceContaining(reason);
    // Past verification the host serves a good policy: the certificate is its only defect.
    assertThat(fetchPolicy(domain, trustAll, false))
        .startsWith("HTTP/1.1 200 ")
        .contains("mode: enforce");
  }

  @Test
  void certificatesHaveExactlyTheirDefect() throws Exception {
    Instant now = Instant.now();
    X509Certificate expired = policyCertificate("policy-cert-expired.test");
    X509Certificate wrongName = policyCertificate("policy-cert-wrongname.test");
    X509Certificate selfSigned = policyCertificate("policy-cert-untrusted.test");
    X509Certificate good = policyCertificate("good.test");

    assertThat(expired.getNotAfter()).isBefore(Date.from(now));
    expired.verify(lab.caCertificate().getPublicKey());
    assertThat(wrongName.getSubjectAlternativeNames())
        .extracting(l -> (Object) l.get(1))
        .containsExactly((Object) "wrong-name.invalid");
    wrongName.checkValidity();
    selfSigned.verify(selfSigned.getPublicKey());
    selfSigned.checkValidity();
    assertThat(good.getSubjectAlternativeNames())
        .extracting(l -> (Object) l.get(1))
        .containsExactly((Object) "mta-sts.good.test");
    assertThat(good.getNotAfter()).isAfter(Date.from(now.plus(java.time.Duration.ofDays(364))));
  }

  // ---- SMTP

  @Test
  void goodMxOffersStartTlsWithAVerifiedCertificateAndAcceptsMail() throws IOException {
    try (Clients.Smtp smtp = smtp("mx1.good.test")) {
      assertThat(smtp.reply()).startsWith("220 mx1.good.test ");
      assertThat(smtp.send("EHLO client.test"))
          .containsPattern("(?m)^250[- ]STARTTLS$")
          .startsWith("250-mx1.good.test");
      assertThat(smtp.send("STARTTLS")).startsWith("220 ");
      SSLSocket tls = smtp.startTls(trustLab, "mx1.good.test", true);
      assertThat(tls.getSession().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
      assertThat(smtp.send("EHLO client.test")).doesNotContain("STARTTLS");
      assertThat(smtp.send("MAIL FROM:<sender@client.test>")).startsWith("250 ");
      assertThat(smtp.send("RCPT TO:<postmaster@good.test>")).startsWith("250 ");
      assertThat(smtp.send("DATA")).startsWith("354 ");
      assertThat(smtp.send("Subject: hello\r\n\r\n..dot-stuffed line\r\nlast\r\n."))
          .startsWith("250 ");
      assertThat(smtp.send("QUIT")).startsWith("221 ");
    }
    ReceivedMessage message =
        lab.receivedMail().stream()
            .filter(m -> m.recipients().contains("postmaster@good.test"))
            .findFirst()
            .orElseThrow();
    assertThat(message.starttls()).isTrue();
    assertThat(message.tlsProtocol()).isIn("TLSv1.3", "TLSv1.2");
    assertThat(message.mxHost()).isEqualTo("mx1.good.test");
    assertThat(message.mailFrom()).isEqualTo("sender@client.test");
    assertThat(message.text()).isEqualTo("Subject: hello\r\n\r\n.dot-stuffed line\r\nlast\r\n");
    assertThat(Files.readString(dir.resolve("mail/good.test.mbox")))
        .contains("by mx1.good.test (mtasts lab) with ESMTPS (" + message.tlsProtocol());
  }

  @Test
  void commandsOutOfOrderOrTooLongAreRefused() throws IOException {
    try (Clients.Smtp smtp = smtp("mx2.good.test")) {
      smtp.reply();
      assertThat(smtp.send("MAIL FROM:<a@b.test>")).startsWith("503 ");
      assertThat(smtp.send("EHLO client.test")).startsWith("250");
      assertThat(smtp.send("RCPT TO:<a@good.test>")).startsWith("503 ");
      assertThat(smtp.send("DATA")).startsWith("503 ");
      assertThat(smtp.send("MAIL FROM:a@b.test")).startsWith("501 ");
      assertThat(smtp.send("X".repeat(5000))).startsWith("500 5.5.2 Line too long");
      assertThat(smtp.send("NOOP")).startsWith("250 ");
      assertThat(smtp.send("RSET")).startsWith("250 ");
      assertThat(smtp.send("BDAT 10")).startsWith("500 ");
    }
  }

  @Test
  void plaintextBytesSentWithStartTlsAreDiscarded() throws IOException {
    try (Clients.Smtp smtp = smtp("mx2.good.test")) {
      smtp.reply();
      smtp.send("EHLO client.test");
      // RFC 3207 §6 / CVE-2011-0411: a command injected after STARTTLS must not run inside TLS.
      smtp.raw("STARTTLS\r\nRSET\r\n");
      assertThat(smtp.reply()).startsWith("220 ");
      smtp.startTls(trustLab, "mx2.good.test", true);
      assertThat(smtp.send("NOOP")).startsWith("250 2.0.0 OK");
    }
  }

  @Test
  void noStartTlsMxNeverOffersIt() throws IOException {
    try (Clients.Smtp smtp = smtp("mx1.mx-no-starttls.test")) {
      smtp.reply();
      assertThat(smtp.send("EHLO client.test")).startsWith("250").doesNotContain("STARTTLS");
      assertThat(smtp.send("STARTTLS")).startsWith("502 ");
      assertThat(smtp.send("MAIL FROM:<a@client.test>")).startsWith("250 ");
    }
  }

  @Test
  void oldTlsMxSpeaksOnlyTls11AndOlder() throws IOException {
    assumeThat(lab.oldTlsEnabled()).as("this JVM loaded its TLS classes before the lab").isTrue();
    try (Clients.Smtp smtp = smtp("mx1.mx-old-tls.test")) {
      smtp.reply();
      assertThat(smtp.send("EHLO client.test")).contains("STARTTLS");
      smtp.send("STARTTLS");
      SSLSocket tls =
          smtp.startTls(
              trustLab, "mx1.mx-old-tls.test", true, "TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1");
      assertThat(tls.getSession().getProtocol()).isEqualTo("TLSv1.1");
    }
    try (Clients.Smtp smtp = smtp("mx1.mx-old-tls.test")) {
      smtp.reply();
      smtp.send("EHLO client.test");
      smtp.send("STARTTLS");
      assertThatThrownBy(
              () -> smtp.startTls(trustLab, "mx1.mx-old-tls.test", true, "TLSv1.3", "TLSv1.2"))
          .isInstanceOf(SSLHandshakeException.class);
    }
  }

  static Stream<Arguments> badMxCertificates() {
    return Stream.of(
        Arguments.of("mx1.mx-cert-expired.test", "validity check failed"),
        Arguments.of("mx1.mx-cert-wrongname.test", "No subject alternative DNS name"),
        Arguments.of("mx1.mx-cert-untrusted.test", "unable to find valid certification path"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badMxCertificates")
  void badMxCertificatesFailVerificationForTheirOneReason(String host, String reason)
      throws IOException {
    try (Clients.Smtp smtp = smtp(host)) {
      smtp.reply();
      smtp.send("EHLO client.test");
      assertThat(smtp.send("STARTTLS")).startsWith("220 ");
      assertThatThrownBy(() -> smtp.startTls(trustLab, host, true))
          .isInstanceOf(SSLHandshakeException.class)
          .hasStackTraceContaining(reason);
    }
    try (Clients.Smtp smtp = smtp(host)) {
      smtp.reply();
      smtp.send("EHLO client.test");
      smtp.send("STARTTLS");
      assertThat(smtp.startTls(trustAll, host, false).getSession().getProtocol())
          .isIn("TLSv1.3", "TLSv1.2");
    }
  }

  @Test
  void unreachableMxHasAnAddressWhereNothingListens() throws IOException {
    Message answer = Clients.query(lab, "mx1.mx-unreachable.test", Type.A, false);
    InetAddress address =
        ((org.xbill.DNS.ARecord) answer.getSection(Section.ANSWER).getFirst()).getAddress();

    assertThat(address.isLoopbackAddress()).isTrue();
    assertThatThrownBy(() -> Clients.connect(address, lab.smtpPort()).close())
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void daneTlsaMatchesTheMxKey() throws Exception {
    Message answer = Clients.query(lab, "_25._tcp.mx1.dane.test", Type.TLSA, false);
    var tlsa = (org.xbill.DNS.TLSARecord) answer.getSection(Section.ANSWER).getFirst();
    X509Certificate presented;
    try (Clients.Smtp smtp = smtp("mx1.dane.test")) {
      smtp.reply();
      smtp.send("EHLO client.test");
      smtp.send("STARTTLS");
      presented =
          (X509Certificate)
              smtp.startTls(trustLab, "mx1.dane.test", true).getSession().getPeerCertificates()[0];
    }
    byte[] digest =
        java.security.MessageDigest.getInstance("SHA-256")
            .digest(presented.getPublicKey().getEncoded());

    assertThat(tlsa.getCertificateUsage()).isEqualTo(3);
    assertThat(tlsa.getSelector()).isEqualTo(1);
    assertThat(tlsa.getMatchingType()).isEqualTo(1);
    assertThat(tlsa.getCertificateAssociationData()).isEqualTo(digest);
  }

  // ---- helpers

  private static List<String> txt(String name) throws IOException {
    return Clients.query(lab, name, Type.TXT, true).getSection(Section.ANSWER).stream()
        .filter(TXTRecord.class::isInstance)
        .map(r -> String.join("", ((TXTRecord) r).getStrings()))
        .toList();
  }

  private static InetAddress resolve(String host) throws IOException {
    Message answer = Clients.query(lab, host, Type.A, false);
    return ((org.xbill.DNS.ARecord) answer.getSection(Section.ANSWER).getFirst()).getAddress();
  }

  private static Clients.Smtp smtp(String host) throws IOException {
    return new Clients.Smtp(Clients.connect(resolve(host), lab.smtpPort()));
  }

  private static String fetchPolicy(String domain, SSLContext context, boolean verify)
      throws IOException {
    String host = "mta-sts." + domain;
    try (SSLSocket socket =
        Clients.handshake(context, Clients.connect(resolve(host), lab.httpsPort()), host, verify)) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET /.well-known/mta-sts.txt HTTP/1.1\r\nHost: "
                  + host
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readNBytes(200_000), StandardCharsets.UTF_8);
    }
  }

  private static X509Certificate policyCertificate(String domain) throws IOException {
    String host = "mta-sts." + domain;
    try (SSLSocket socket =
        Clients.handshake(trustAll, Clients.connect(resolve(host), lab.httpsPort()), host, false)) {
      return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }
  }

  private static byte[] udpExchange(byte[] query) throws IOException {
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout(5_000);
      socket.send(new DatagramPacket(query, query.length, lab.dnsAddress()));
      DatagramPacket packet = new DatagramPacket(new byte[4096], 4096);
      socket.receive(packet);
      return java.util.Arrays.copyOf(packet.getData(), packet.getLength());
    }
  }
}

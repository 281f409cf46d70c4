package dev.mtasts.core.probe;

import static dev.mtasts.core.testing.LoopbackServer.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.core.probe.ProbeError.Code;
import dev.mtasts.core.testing.LoopbackServer;
import dev.mtasts.core.testing.TestCertificates;
import dev.mtasts.core.testing.TestCertificates.Authority;
import dev.mtasts.core.testing.TestCertificates.Leaf;
import dev.mtasts.core.tls.CertificateAssessment.Trust;
import dev.mtasts.core.tls.CertificateAssessment.Validity;
import dev.mtasts.core.tls.CertificateNames.NameMatch;
import dev.mtasts.core.tls.TrustAnchors;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The probe against scripted SMTP servers on loopback. */
class SmtpProbeTest {

  private static final Instant NOW = Instant.now();
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String MX = "mx.example.com";
  private static final Authority ROOT = TestCertificates.rootCa("Probe Root", NOW);
  private static final SSLContext GOOD = ROOT.issue(MX).serverContext();
  private static final TrustAnchors ANCHORS = TrustAnchors.of(List.of(ROOT.certificate()));
  private static final ProbeSettings SETTINGS =
      ProbeSettings.defaults("probe.test")
          .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(8));
  private static final String EHLO_WITH_STARTTLS =
      "250-mx.example.com\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-STARTTLS\r\n250 8BITMIME\r\n";

  private LoopbackServer server;
  private final List<String> commands = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
      assertThat(server.errors()).isEmpty();
    }
  }

  private ProbeResult probe(ProbeSettings settings) {
    return new SmtpProbe(settings.withPort(server.port()), ANCHORS, CLOCK)
        .probe(MX, server.address());
  }

  private ProbeResult probe() {
    return probe(SETTINGS);
  }

  /**
   * A scripted SMTP server: sends {@code greeting}, answers EHLO with {@code ehlo}, STARTTLS with
   * {@code starttls} (and, on 220, a TLS handshake with {@code context} limited to {@code
   * protocols}), QUIT with 221, anything else with 500.
   */
  private void smtp(
      String greeting, String ehlo, String starttls, SSLContext context, String... protocols)
      throws Exception {
    server =
        LoopbackServer.start(
            socket -> {
              Socket current = socket;
              InputStream in = current.getInputStream();
              OutputStream out = current.getOutputStream();
              out.write(ascii(greeting));
              for (String line = LoopbackServer.readLine(in);
                  line != null;
                  line = LoopbackServer.readLine(in)) {
                commands.add(line);
                String verb = line.split(" ")[0].toUpperCase(java.util.Locale.ROOT);
                switch (verb) {
                  case "EHLO" -> out.write(ascii(ehlo));
                  case "STARTTLS" -> {
                    out.write(ascii(starttls));
                    out.flush();
                    if (starttls.startsWith("220")) {
                      try {
                        SSLSocket tls = LoopbackServer.serverTls(current, context, protocols);
                        current = tls;
                        in = tls.getInputStream();
                        out = tls.getOutputStream();
                      } catch (javax.net.ssl.SSLException | java.net.SocketException e) {
                        return; // the client refused our TLS: part of the scenario
                      }
                    }
                  }
                  case "QUIT" -> {
                    out.write(ascii("221 bye\r\n"));
                    out.flush();
                    return;
                  }
                  default -> out.write(ascii("500 unknown\r\n"));
                }
                out.flush();
              }
            });
  }

  private void smtpGood(SSLContext context) throws Exception {
    smtp("220 mx.example.com ESMTP\r\n", EHLO_WITH_STARTTLS, "220 go ahead\r\n", context);
  }

  @Test
  void negotiatesModernTlsAndAssessesTheCertificate() throws Exception {
    smtpGood(GOOD);
    ProbeResult r = probe();
    assertThat(r.connected()).isTrue();
    assertThat(r.greeting().orElseThrow().code()).isEqualTo(220);
    assertThat(r.ehloOk()).isTrue();
    assertThat(r.extensions()).containsExactly("PIPELINING", "SIZE", "STARTTLS", "8BITMIME");
    assertThat(r.starttlsOffered()).isTrue();
    assertThat(r.error()).isEmpty();
    assertThat(r.tls())
        .isInstanceOfSatisfying(
            TlsOutcome.Negotiated.class,
            n -> {
              assertThat(n.session().protocol()).isIn("TLSv1.3", "TLSv1.2");
              assertThat(n.session().certificate().acceptable()).isTrue();
            });
    assertThat(commands).containsExactly("EHLO probe.test", "STARTTLS", "QUIT");
    assertThat(r.totalTime()).isGreaterThanOrEqualTo(r.connectTime());
  }

  @Test
  void multiLineGreeting() throws Exception {
    smtp(
        "220-mx.example.com ESMTP\r\n220-no UCE\r\n220 welcome\r\n",
        EHLO_WITH_STARTTLS,
        "220 go\r\n",
        GOOD);
    ProbeResult r = probe();
    assertThat(r.greeting().orElseThrow().lines())
        .containsExactly("mx.example.com ESMTP", "no UCE", "welcome");
    assertThat(r.tls()).isInstanceOf(TlsOutcome.Negotiated.class);
  }

  @Test
  void expiredWrongNameUntrustedCertificateIsReportedNotRefused() throws Exception {
    smtpGood(
        TestCertificates.selfSigned(Leaf.forNames("other.example.net").expiredAt(NOW), NOW)
            .serverContext());
    ProbeResult r = probe();
    var cert = ((TlsOutcome.Negotiated) r.tls()).session().certificate();
    assertThat(cert.trust()).isEqualTo(Trust.SELF_SIGNED);
    assertThat(cert.validity()).isEqualTo(Validity.EXPIRED);
    assertThat(cert.nameMatch()).isEqualTo(NameMatch.NONE);
  }

  @Test
  void noStarttls() throws Exception {
    smtp("220 mx ESMTP\r\n", "250-mx.example.com\r\n250 8BITMIME\r\n", "", GOOD);
    ProbeResult r = probe();
    assertThat(r.ehloOk()).isTrue();
    assertThat(r.starttlsOffered()).isFalse();
    assertThat(r.tls()).isInstanceOf(TlsOutcome.NotAttempted.class);
    assertThat(r.error()).isEmpty();
    assertThat(commands).containsExactly("EHLO probe.test", "QUIT");
  }

  @Test
  void starttlsRefused() throws Exception {
    smtp("220 mx ESMTP\r\n", EHLO_WITH_STARTTLS, "454 4.7.0 TLS not available\r\n", GOOD);
    ProbeResult r = probe();
    assertThat(r.starttlsOffered()).isTrue();
    assertThat(r.starttlsReply().orElseThrow().code()).isEqualTo(454);
    assertThat(r.error().orElseThrow().code()).isEqualTo(Code.STARTTLS_REFUSED);
    assertThat(r.tls()).isInstanceOf(TlsOutcome.NotAttempted.class);
  }

  // TLS 1.0/1.1 are allowed in this JVM by LegacyTlsForTests, before any TLS use.
  @Test
  void serverSpeakingOnlyTls10IsToldApart() throws Exception {
    SSLContext legacy = ROOT.issue(Leaf.forNames(MX).withRsaKey()).serverContext();
    smtp("220 mx ESMTP\r\n", EHLO_WITH_STARTTLS, "220 go\r\n", legacy, "TLSv1", "TLSv1.1");
    ProbeResult r = probe();
    assertThat(r.error().orElseThrow().code()).isEqualTo(Code.TLS_FAILED);
    assertThat(r.tls())
        .isInstanceOfSatisfying(
            TlsOutcome.Failed.class,
            f -> {
              assertThat(f.oldTlsOnly()).isTrue();
              assertThat(f.oldProtocol()).hasValue("TLSv1.1");
            });
  }

  @Test
  void handshakeFailureThatIsNotOldTls() throws Exception {
    // The "TLS" after STARTTLS is plain text: both handshakes fail.
    server =
        LoopbackServer.start(
            socket -> {
              InputStream in = socket.getInputStream();
              OutputStream out = socket.getOutputStream();
              out.write(ascii("220 mx ESMTP\r\n"));
              for (String line = LoopbackServer.readLine(in);
                  line != null;
                  line = LoopbackServer.readLine(in)) {
                if (line.startsWith("EHLO")) {
                  out.write(ascii(EHLO_WITH_STARTTLS));
                } else if (line.equals("STARTTLS")) {
                  out.write(ascii("220 go\r\n500 this is not TLS\r\n"));
                  out.flush();
                  socket.shutdownOutput();
                  return;
                }
              }
            });
    ProbeResult r = probe();
    assertThat(r.tls())
        .isInstanceOfSatisfying(TlsOutcome.Failed.class, f -> assertThat(f.oldTlsOnly()).isFalse());
    assertThat(r.error().orElseThrow().code()).isEqualTo(Code.TLS_FAILED);
  }

  @Test
  void tricklingHandshakeHitsTheTotalTimeout() throws Exception {
    // After STARTTLS the server announces a 16 KiB handshake record and sends it a byte at a time,
    // each byte well within the read timeout: only the total time limit can end it.
    server =
        LoopbackServer.start(
            socket -> {
              InputStream in = socket.getInputStream();
              OutputStream out = socket.getOutputStream();
              out.write(ascii("220 mx ESMTP\r\n"));
              for (String line = LoopbackServer.readLine(in);
                  line != null;
                  line = LoopbackServer.readLine(in)) {
                if (line.startsWith("EHLO")) {
                  out.write(ascii(EHLO_WITH_STARTTLS));
                } else if (line.equals("STARTTLS")) {
                  out.write(ascii("220 go\r\n"));
                  out.flush();
                  in.read(new byte[4096]); // the ClientHello
                  out.write(new byte[] {0x16, 0x03, 0x03, 0x40, 0x00});
                  try {
                    for (int i = 0; i < 200; i++) {
                      out.write(0x02);
                      out.flush();
                      Thread.sleep(100); // the server's pace is the subject of this test
                    }
                  } catch (java.net.SocketException clientGaveUp) {
                    // Expected: the client closes the connection at its deadline.
                  }
                  return;
                }
              }
            });
    ProbeSettings tight =
        SETTINGS.withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(3));
    long start = System.nanoTime();
    ProbeResult r = probe(tight);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(4500));
    assertThat(r.error().orElseThrow().code()).isEqualTo(Code.TIMEOUT);
    assertThat(r.tls()).isInstanceOf(TlsOutcome.Failed.class);
  }

  @Test
  void garbageGreeting() throws Exception {
    smtp("SSH-2.0-OpenSSH_9.6\r\n", "", "", GOOD);
    ProbeResult r = probe();
    assertThat(r.connected()).isTrue();
    assertThat(r.greeting()).isEmpty();
    assertThat(r.error().orElseThrow().code()).isEqualTo(Code.PROTOCOL_ERROR);
    assertThat(r.error().orElseThrow().detail()).contains("SSH-2.0");
  }

  @Test
  void greetingRefused() throws Exception {
    smtp("554 5.3.2 no service for you\r\n", "", "", GOOD);
    ProbeResult r = probe();
    assertThat(r.greeting().orElseThrow().code()).isEqualTo(554);
    assertThat(r.error().orElseThrow().code()).isEqualTo(Code.GREETING_REFUSED);
    assertThat(r.ehlo()).isEmpty();
  }

  @Test
  void ehloRefused() throws Exception {
    smtp("220 mx\r\n", "502 5.5.1 EHLO not implemented\r\n", "", GOOD);
    ProbeResult r = probe();
    assertThat(r.ehloOk()).isFalse();
    assertThat(r.error().orElseThrow().code()).isEqualTo(Code.EHLO_REFUSED);
  }

  @Test
  void serverClosesAfterGreeting() throws Exception {
    server = LoopbackServer.start(socket -> socket.getOutputStream().write(ascii("220 mx\r\n")));
    ProbeResult r = probe();
    assertThat(r.greeting()).isPresent();
    assertThat(r.error().orElseThrow().code()).isEqualTo(Code.CLOSED);
  }

  @Test
  void serverClosesMidLine() throws Exception {
    server = LoopbackServer.start(socket -> socket.getOutputStream().write(ascii("220-mx")));
    assertThat(probe().error().orElseThrow().code()).isEqualTo(Code.CLOSED);
  }

  @Test
  void silentServerTimesOut() throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    server = LoopbackServer.start(socket -> done.await(10, TimeUnit.SECONDS));
    ProbeSettings quick =
        SETTINGS.withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(400), Duration.ofSeconds(5));
    long start = System.nanoTime();
    ProbeResult r = probe(quick);
    done.countDown();
    assertThat(r.error().orElseThrow().code()).isEqualTo(Code.TIMEOUT);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void endlessReplyIsCut() throws Exception {
    server =
        LoopbackServer.start(
            socket -> {
              OutputStream out = socket.getOutputStream();
              try {
                for (int i = 0; i < 10_000; i++) {
                  out.write(ascii("220-still greeting you\r\n"));
                }
              } catch (java.net.SocketException clientGaveUp) {
                // Expected: the client stops reading at its limit.
              }
            });
    ProbeResult r = probe();
    assertThat(r.error().orElseThrow().code()).isEqualTo(Code.PROTOCOL_ERROR);
  }

  @Test
  void nothingListening() throws Exception {
    server = LoopbackServer.start(socket -> {});
    int port = server.port();
    server.close();
    server = null;
    ProbeResult r =
        new SmtpProbe(SETTINGS.withPort(port), ANCHORS, CLOCK)
            .probe(MX, InetAddress.getLoopbackAddress());
    assertThat(r.connected()).isFalse();
    assertThat(r.error().orElseThrow().code()).isEqualTo(Code.UNREACHABLE);
  }
}

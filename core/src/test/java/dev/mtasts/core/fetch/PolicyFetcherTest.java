package dev.mtasts.core.fetch;

import static dev.mtasts.core.testing.LoopbackServer.ascii;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtasts.core.fetch.PolicyFetchResult.Failed;
import dev.mtasts.core.fetch.PolicyFetchResult.Fetched;
import dev.mtasts.core.testing.LoopbackServer;
import dev.mtasts.core.testing.TestCertificates;
import dev.mtasts.core.testing.TestCertificates.Authority;
import dev.mtasts.core.testing.TestCertificates.Issued;
import dev.mtasts.core.testing.TestCertificates.Leaf;
import dev.mtasts.core.tls.CertificateAssessment.Trust;
import dev.mtasts.core.tls.CertificateAssessment.Validity;
import dev.mtasts.core.tls.CertificateNames.NameMatch;
import dev.mtasts.core.tls.TrustAnchors;
import java.io.OutputStream;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fetcher against scripted HTTPS servers on loopback: one test per fact it must report. */
class PolicyFetcherTest {

  private static final Instant NOW = Instant.now();
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String DOMAIN = "example.com";
  private static final String HOST = "mta-sts.example.com";
  private static final String POLICY =
      "version: STSv1\r\nmode: enforce\r\nmx: mx.example.com\r\nmax_age: 86400\r\n";

  private static final Authority ROOT = TestCertificates.rootCa("Fetch Root", NOW);
  private static final Authority CA = ROOT.intermediate("Fetch Intermediate");
  private static final SSLContext GOOD = CA.issue(HOST).serverContext();
  private static final TrustAnchors ANCHORS = TrustAnchors.of(List.of(ROOT.certificate()));

  private static final FetchSettings FAST =
      FetchSettings.defaults()
          .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5))
          .withPrivateAddresses(true);

  private LoopbackServer server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
      assertThat(server.errors()).isEmpty();
    }
  }

  /** Fetches from the loopback server: private addresses allowed, as for labs and tests. */
  private PolicyFetchResult fetch(FetchSettings settings, List<InetAddress> addresses) {
    return new PolicyFetcher(
            settings.withPort(server.port()).withPrivateAddresses(true), ANCHORS, CLOCK)
        .fetch(DOMAIN, addresses);
  }

  private PolicyFetchResult fetch() {
    return fetch(FAST, List.of(server.address()));
  }

  /**
   * An HTTPS server presenting {@code context} that answers every request with {@code response}.
   */
  private void serve(SSLContext context, String response) throws Exception {
    server =
        LoopbackServer.start(
            socket -> {
              SSLSocket tls = LoopbackServer.serverTls(socket, context);
              LoopbackServer.readHead(tls.getInputStream());
              OutputStream out = tls.getOutputStream();
              out.write(ascii(response));
              out.flush();
            });
  }

  private static String ok(String contentType, String body) {
    return "HTTP/1.1 200 OK\r\nContent-Type: "
        + contentType
        + "\r\nContent-Length: "
        + body.length()
        + "\r\n\r\n"
        + body;
  }

  private static Failed failed(PolicyFetchResult result, FetchFailure expected) {
    assertThat(result).isInstanceOf(Failed.class);
    Failed failed = (Failed) result;
    assertThat(failed.failure()).as(failed.detail()).isEqualTo(expected);
    assertThat(failed.acceptableForSender()).isFalse();
    return failed;
  }

  // ---- what a sender accepts

  @Test
  void fetchesThePolicyWithSniHostHeaderAndModernTls() throws Exception {
    AtomicReference<String> sni = new AtomicReference<>();
    AtomicReference<String> request = new AtomicReference<>();
    server =
        LoopbackServer.start(
            socket -> {
              SSLSocket tls = LoopbackServer.serverTls(socket, GOOD);
              var names = ((ExtendedSSLSession) tls.getSession()).getRequestedServerNames();
              sni.set(((SNIHostName) names.getFirst()).getAsciiName());
              request.set(LoopbackServer.readHead(tls.getInputStream()));
              tls.getOutputStream().write(ascii(ok("text/plain; charset=utf-8", POLICY)));
            });
    PolicyFetchResult result = fetch();
    assertThat(result).isInstanceOf(Fetched.class);
    Fetched fetched = (Fetched) result;
    assertThat(fetched.body()).isEqualTo(POLICY);
    assertThat(fetched.acceptableForSender()).isTrue();
    assertThat(fetched.session().protocol()).isIn("TLSv1.3", "TLSv1.2");
    assertThat(fetched.session().cipherSuite()).isNotBlank();
    assertThat(fetched.session().chain()).hasSize(2);
    assertThat(fetched.address()).isEqualTo(server.address());
    assertThat(sni.get()).isEqualTo(HOST);
    assertThat(request.get())
        .startsWith("GET /.well-known/mta-sts.txt HTTP/1.1\r\n")
        .contains("Host: " + HOST + ":" + server.port() + "\r\n")
        .contains("Connection: close\r\n");
  }

  @Test
  void chunkedBody() throws Exception {
    String half = POLICY.substring(0, 20);
    String rest = POLICY.substring(20);
    serve(
        GOOD,
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
            + Integer.toHexString(half.length())
            + "\r\n"
            + half
            + "\r\n"
            + Integer.toHexString(rest.length())
            + ";ext=1\r\n"
            + rest
            + "\r\n0\r\n\r\n");
    assertThat(fetch())
        .isInstanceOfSatisfying(Fetched.class, f -> assertThat(f.body()).isEqualTo(POLICY));
  }

  @Test
  void bodyUntilCloseWithoutLength() throws Exception {
    serve(GOOD, "HTTP/1.0 200 OK\r\nContent-Type: TEXT/PLAIN\r\n\r\n" + POLICY);
    assertThat(fetch())
        .isInstanceOfSatisfying(Fetched.class, f -> assertThat(f.body()).isEqualTo(POLICY));
  }

  @Test
  void secondAddressIsTriedWhenTheFirstRefuses() throws Exception {
    serve(GOOD, ok("text/plain", POLICY));
    InetAddress closed = InetAddress.getByName("127.0.0.2"); // nothing listens there
    PolicyFetchResult result = fetch(FAST, List.of(closed, server.address()));
    assertThat(result).isInstanceOf(Fetched.class);
    assertThat(result.failedAddresses())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.address()).isEqualTo(closed);
              assertThat(a.failure()).isEqualTo(FetchFailure.UNREACHABLE);
            });
  }

  @Test
  void staleCrossSignInTheBundleDoesNotSpoilAValidHost() throws Exception {
    // Like Let's Encrypt's chain to the expired DST Root CA X3: sent, but not on the built path.
    Authority oldRoot = TestCertificates.rootCa("Old Root", NOW.minus(Duration.ofDays(3000)));
    X509Certificate staleCrossSign =
        ROOT.crossSignedBy(
            oldRoot, NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofHours(1)));
    Issued good = CA.issue(HOST);
    List<X509Certificate> bundle = new ArrayList<>(good.chain());
    bundle.add(staleCrossSign);
    serve(
        new Issued(good.certificate(), good.key(), bundle).serverContext(),
        ok("text/plain", POLICY));
    PolicyFetchResult result = fetch();
    assertThat(result).isInstanceOf(Fetched.class);
    assertThat(result.tls().orElseThrow().chain()).hasSize(3);
    assertThat(result.acceptableForSender()).isTrue();
  }

  // ---- certificate problems: the sender's fetch refuses, the diagnosis reports them as facts

  /**
   * Like {@link #serve} but tolerates a client that leaves after the handshake; the request head
   * received (empty when none) is returned.
   */
  private AtomicReference<String> serveRecording(SSLContext context) throws Exception {
    AtomicReference<String> request = new AtomicReference<>("");
    server =
        LoopbackServer.start(
            socket -> {
              SSLSocket tls = LoopbackServer.serverTls(socket, context);
              String head = LoopbackServer.readHead(tls.getInputStream());
              request.set(head);
              if (!head.isEmpty()) {
                tls.getOutputStream().write(ascii(ok("text/plain", POLICY)));
              }
            });
    return request;
  }

  private Failed refusedBeforeTheRequest(AtomicReference<String> request, FetchFailure expected) {
    Failed f = failed(fetch(), expected);
    assertThat(f.tls()).isPresent();
    assertThat(f.detail()).contains("RFC 8461 §3.3");
    assertThat(request.get()).as("no request over a refused certificate").isEmpty();
    return f;
  }

  private Fetched diagnosed() {
    PolicyFetchResult result =
        new PolicyFetcher(FAST.withPort(server.port()), ANCHORS, CLOCK)
            .fetchForDiagnosis(DOMAIN, List.of(server.address()));
    assertThat(result).isInstanceOf(Fetched.class);
    Fetched f = (Fetched) result;
    assertThat(f.body()).isEqualTo(POLICY);
    assertThat(f.acceptableForSender()).isFalse();
    return f;
  }

  @Test
  void expiredCertificateIsRefused() throws Exception {
    var request = serveRecording(CA.issue(Leaf.forNames(HOST).expiredAt(NOW)).serverContext());
    Failed f = refusedBeforeTheRequest(request, FetchFailure.CERTIFICATE_EXPIRED);
    assertThat(f.detail()).contains("expired at");
  }

  @Test
  void expiredCertificateStillYieldsTheBodyForDiagnosis() throws Exception {
    serveRecording(CA.issue(Leaf.forNames(HOST).expiredAt(NOW)).serverContext());
    assertThat(diagnosed().session().certificate().validity()).isEqualTo(Validity.EXPIRED);
  }

  @Test
  void selfSignedCertificateIsRefused() throws Exception {
    var request = serveRecording(TestCertificates.selfSigned(HOST).serverContext());
    Failed f = refusedBeforeTheRequest(request, FetchFailure.CERTIFICATE_UNTRUSTED);
    assertThat(f.detail()).contains("self-signed");
  }

  @Test
  void selfSignedCertificateForDiagnosis() throws Exception {
    serveRecording(TestCertificates.selfSigned(HOST).serverContext());
    assertThat(diagnosed().session().certificate().trust()).isEqualTo(Trust.SELF_SIGNED);
  }

  @Test
  void missingIntermediateIsRefused() throws Exception {
    var request = serveRecording(CA.issue(HOST).withoutIntermediates().serverContext());
    refusedBeforeTheRequest(request, FetchFailure.CERTIFICATE_UNTRUSTED);
  }

  @Test
  void missingIntermediateForDiagnosis() throws Exception {
    serveRecording(CA.issue(HOST).withoutIntermediates().serverContext());
    assertThat(diagnosed().session().certificate().trust()).isEqualTo(Trust.UNKNOWN_ISSUER);
  }

  @Test
  void wrongNameIsRefused() throws Exception {
    var request = serveRecording(CA.issue("www.example.com").serverContext());
    Failed f = refusedBeforeTheRequest(request, FetchFailure.CERTIFICATE_NAME_MISMATCH);
    assertThat(f.detail()).contains("www.example.com").contains(HOST);
  }

  @Test
  void commonNameOnlyIsRefused() throws Exception {
    var request = serveRecording(CA.issue(Leaf.commonNameOnly(HOST)).serverContext());
    refusedBeforeTheRequest(request, FetchFailure.CERTIFICATE_NAME_MISMATCH);
  }

  @Test
  void clientAuthCertificateIsRefused() throws Exception {
    var request =
        serveRecording(
            CA.issue(
                    Leaf.forNames(HOST)
                        .withExtendedKeyUsage(
                            org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_clientAuth))
                .serverContext());
    refusedBeforeTheRequest(request, FetchFailure.CERTIFICATE_UNTRUSTED);
  }

  @Test
  void wrongNameForDiagnosis() throws Exception {
    serveRecording(CA.issue("www.example.com").serverContext());
    Fetched f = diagnosed();
    assertThat(f.session().certificate().nameMatch()).isEqualTo(NameMatch.NONE);
    assertThat(f.session().certificate().trusted()).isTrue();
  }

  // ---- HTTP refusals (RFC 8461 §3.3, §3.2)

  @Test
  void redirectIsNotFollowed() throws Exception {
    serve(
        GOOD,
        "HTTP/1.1 301 Moved Permanently\r\nLocation: https://www.example.com/mta-sts.txt\r\n"
            + "Content-Length: 0\r\n\r\n");
    Failed f = failed(fetch(), FetchFailure.HTTP_REDIRECT);
    assertThat(f.head().flatMap(ResponseHead::location))
        .hasValue("https://www.example.com/mta-sts.txt");
    assertThat(f.detail()).contains("https://www.example.com/mta-sts.txt");
    assertThat(f.tls()).isPresent();
  }

  @Test
  void notFound() throws Exception {
    serve(GOOD, "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found");
    Failed f = failed(fetch(), FetchFailure.HTTP_STATUS);
    assertThat(f.head().map(ResponseHead::status)).hasValue(404);
  }

  @Test
  void htmlIsRefused() throws Exception {
    serve(GOOD, ok("text/html; charset=utf-8", POLICY));
    Failed f = failed(fetch(), FetchFailure.CONTENT_TYPE);
    assertThat(f.detail()).contains("text/html");
  }

  @Test
  void missingContentTypeIsRefused() throws Exception {
    serve(GOOD, "HTTP/1.1 200 OK\r\nContent-Length: " + POLICY.length() + "\r\n\r\n" + POLICY);
    failed(fetch(), FetchFailure.CONTENT_TYPE);
  }

  @Test
  void seventyKilobytesWithContentLength() throws Exception {
    serve(GOOD, ok("text/plain", "a".repeat(70 * 1024)));
    failed(fetch(), FetchFailure.TOO_LARGE);
  }

  @Test
  void seventyKilobytesUntilClose() throws Exception {
    serve(GOOD, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n" + "a".repeat(70 * 1024));
    failed(fetch(), FetchFailure.TOO_LARGE);
  }

  @Test
  void seventyKilobytesChunked() throws Exception {
    String chunk = "a".repeat(10 * 1024);
    String chunked = ("2800\r\n" + chunk + "\r\n").repeat(7) + "0\r\n\r\n";
    serve(
        GOOD,
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
            + chunked);
    failed(fetch(), FetchFailure.TOO_LARGE);
  }

  @Test
  void invalidUtf8() throws Exception {
    serve(GOOD, ok("text/plain", "version: STSv1\r\nmode: \u00ff\u00fe\r\n"));
    failed(fetch(), FetchFailure.BODY_NOT_UTF8);
  }

  // ---- broken servers

  @Test
  void serverClosesMidHeaders() throws Exception {
    serve(GOOD, "HTTP/1.1 200 OK\r\nContent-Type: text/pl");
    Failed f = failed(fetch(), FetchFailure.MALFORMED_RESPONSE);
    assertThat(f.detail()).contains("closed");
  }

  @Test
  void bodyShorterThanContentLength() throws Exception {
    serve(GOOD, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 500\r\n\r\nshort");
    failed(fetch(), FetchFailure.MALFORMED_RESPONSE);
  }

  @Test
  void garbageInsteadOfHttp() throws Exception {
    serve(GOOD, "SSH-2.0-OpenSSH_9.6\r\n");
    failed(fetch(), FetchFailure.MALFORMED_RESPONSE);
  }

  @Test
  void serverThatNeverAnswersHitsTheReadTimeout() throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    server =
        LoopbackServer.start(
            socket -> {
              SSLSocket tls = LoopbackServer.serverTls(socket, GOOD);
              LoopbackServer.readHead(tls.getInputStream());
              done.await(10, TimeUnit.SECONDS);
            });
    FetchSettings shortRead =
        FetchSettings.defaults()
            .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofSeconds(10));
    long start = System.nanoTime();
    Failed f = failed(fetch(shortRead, List.of(server.address())), FetchFailure.TIMEOUT);
    done.countDown();
    assertThat(f.detail()).contains("response");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(f.tls()).isPresent();
  }

  @Test
  void tricklingServerHitsTheTotalTimeout() throws Exception {
    server =
        LoopbackServer.start(
            socket -> {
              SSLSocket tls = LoopbackServer.serverTls(socket, GOOD);
              LoopbackServer.readHead(tls.getInputStream());
              OutputStream out = tls.getOutputStream();
              try {
                for (byte b : ascii("HTTP/1.1 200 OK\r\nX-Slow: " + "x".repeat(1000))) {
                  out.write(b);
                  out.flush();
                  Thread.sleep(100); // the server's pace is the subject of this test
                }
              } catch (java.net.SocketException clientGaveUp) {
                // Expected: the client closes the connection at its deadline.
              }
            });
    FetchSettings tight =
        FetchSettings.defaults()
            .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(1000), Duration.ofMillis(2000));
    long start = System.nanoTime();
    failed(fetch(tight, List.of(server.address())), FetchFailure.TIMEOUT);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void tricklingHandshakeHitsTheTotalTimeout() throws Exception {
    // The daemon's settings: the zone timeout for connect, each read and the whole fetch.
    FetchSettings daemon =
        FetchSettings.defaults()
            .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2));
    server =
        LoopbackServer.start(
            socket -> {
              socket.getInputStream().read(new byte[4096]); // the ClientHello
              OutputStream out = socket.getOutputStream();
              // A handshake record header announcing 16 KiB, then its body a byte at a time.
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
            });
    long start = System.nanoTime();
    Failed f = failed(fetch(daemon, List.of(server.address())), FetchFailure.TIMEOUT);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(3500));
    assertThat(f.detail()).contains("handshake");
    assertThat(f.tls()).isEmpty();
  }

  @Test
  void silentTcpServerTimesOutInTheHandshake() throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    server = LoopbackServer.start(socket -> done.await(10, TimeUnit.SECONDS));
    FetchSettings shortRead =
        FetchSettings.defaults()
            .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(500), Duration.ofSeconds(10));
    Failed f = failed(fetch(shortRead, List.of(server.address())), FetchFailure.TIMEOUT);
    done.countDown();
    assertThat(f.detail()).contains("handshake");
    assertThat(f.tls()).isEmpty();
  }

  @Test
  void plainHttpServerFailsTheHandshake() throws Exception {
    server =
        LoopbackServer.start(
            socket -> {
              socket.getOutputStream().write(ascii("HTTP/1.1 400 Bad Request\r\n\r\n"));
              socket.shutdownOutput();
            });
    failed(fetch(), FetchFailure.TLS_HANDSHAKE_FAILED);
  }

  @Test
  void serverSpeakingOnlyTls11FailsTheHandshake() throws Exception {
    // TLS 1.1 is allowed in this JVM (LegacyTlsForTests): only the fetcher's own choice refuses it.
    SSLContext legacy = CA.issue(Leaf.forNames(HOST).withRsaKey()).serverContext();
    server =
        LoopbackServer.start(
            socket -> {
              try {
                LoopbackServer.serverTls(socket, legacy, "TLSv1.1");
              } catch (javax.net.ssl.SSLException expected) {
                // The client offers TLS 1.2+ only: the server's handshake fails too.
              }
            });
    failed(fetch(), FetchFailure.TLS_HANDSHAKE_FAILED);
  }

  @Test
  void nothingListening() throws Exception {
    serve(GOOD, "");
    int port = server.port();
    server.close();
    server = null;
    PolicyFetchResult result =
        new PolicyFetcher(FAST.withPort(port), ANCHORS, CLOCK)
            .fetch(
                DOMAIN,
                List.of(InetAddress.getLoopbackAddress(), InetAddress.getByName("127.0.0.3")));
    Failed f = failed(result, FetchFailure.UNREACHABLE);
    assertThat(f.failedAddresses()).hasSize(2);
    assertThat(f.address()).isEmpty();
  }

  @Test
  void noAddresses() {
    PolicyFetchResult result = new PolicyFetcher(FAST, ANCHORS, CLOCK).fetch(DOMAIN, List.of());
    failed(result, FetchFailure.NO_ADDRESSES);
  }

  @Test
  void policyHostIsDerivedFromTheDomain() {
    assertThat(PolicyFetcher.policyHost("Example.COM.")).isEqualTo("mta-sts.example.com");
    assertThat(PolicyFetcher.policyHost("B\u00fccher.example"))
        .isEqualTo("mta-sts.xn--bcher-kva.example");
    assertThatThrownBy(() -> PolicyFetcher.policyHost("example..com"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- addresses senders on the internet cannot reach (SSRF)

  @Test
  void loopbackPolicyHostIsNotFetchedByDefault() throws Exception {
    java.util.concurrent.atomic.AtomicInteger connections =
        new java.util.concurrent.atomic.AtomicInteger();
    server = LoopbackServer.start(socket -> connections.incrementAndGet());
    PolicyFetchResult result =
        new PolicyFetcher(FetchSettings.defaults().withPort(server.port()), ANCHORS, CLOCK)
            .fetch(DOMAIN, List.of(server.address()));
    Failed f = failed(result, FetchFailure.ADDRESS_NOT_PUBLIC);
    assertThat(f.detail()).contains("127.0.0.1").contains("loopback");
    assertThat(f.failedAddresses())
        .singleElement()
        .satisfies(a -> assertThat(a.failure()).isEqualTo(FetchFailure.ADDRESS_NOT_PUBLIC));
    assertThat(connections.get()).as("no connection to a loopback address").isZero();
  }

  @Test
  void diagnosisRespectsTheAddressSettingToo() throws Exception {
    serve(GOOD, ok("text/plain", POLICY));
    PolicyFetchResult result =
        new PolicyFetcher(FetchSettings.defaults().withPort(server.port()), ANCHORS, CLOCK)
            .fetchForDiagnosis(DOMAIN, List.of(server.address()));
    failed(result, FetchFailure.ADDRESS_NOT_PUBLIC);
  }

  @Test
  void everyNonPublicFormIsRefused() throws Exception {
    PolicyFetcher fetcher = new PolicyFetcher(FAST.withPrivateAddresses(false), ANCHORS, CLOCK);
    for (String literal :
        List.of(
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "100.64.0.1",
            "169.254.169.254",
            "0.0.0.0",
            "224.0.0.1",
            "255.255.255.255",
            "::1",
            "::",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "ff02::1",
            "::ffff:10.0.0.1",
            "64:ff9b::7f00:1",
            "2002:c0a8:101::1")) {
      PolicyFetchResult result = fetcher.fetch(DOMAIN, List.of(InetAddress.getByName(literal)));
      assertThat(result)
          .as(literal)
          .isInstanceOfSatisfying(
              Failed.class,
              f -> assertThat(f.failure()).isEqualTo(FetchFailure.ADDRESS_NOT_PUBLIC));
    }
  }

  @Test
  void ipv4MappedIpv6LoopbackIsRefused() throws Exception {
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    mapped[12] = 127;
    mapped[15] = 1;
    InetAddress address = java.net.Inet6Address.getByAddress(null, mapped, -1);
    assertThat(PublicAddresses.whyNotPublic(address)).get().asString().contains("loopback");
  }

  @Test
  void publicAddressesArePublic() throws Exception {
    for (String literal :
        List.of("8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2a00:1450:4001::1")) {
      assertThat(PublicAddresses.isPublic(InetAddress.getByName(literal))).as(literal).isTrue();
    }
  }

  @Test
  void everyAddressIsJudgedBeforeAnyIsTried() throws Exception {
    // 192.0.2.1 is documentation space: skipped without a connection attempt, like 10.0.0.1.
    PolicyFetcher fetcher = new PolicyFetcher(FAST.withPrivateAddresses(false), ANCHORS, CLOCK);
    PolicyFetchResult result =
        fetcher.fetch(
            DOMAIN, List.of(InetAddress.getByName("10.0.0.1"), InetAddress.getByName("192.0.2.1")));
    Failed f = failed(result, FetchFailure.ADDRESS_NOT_PUBLIC);
    assertThat(f.failedAddresses()).hasSize(2);
  }
}

package dev.mtasts.app.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mtasts.app.acme.AcmeFailure.Code;
import dev.mtasts.app.hosting.CertificateSource;
import dev.mtasts.app.hosting.HostedDomain;
import dev.mtasts.app.hosting.PolicyHostConfig;
import dev.mtasts.app.hosting.PolicyHosting;
import dev.mtasts.app.lab.dns.DnsServer;
import dev.mtasts.app.lab.dns.Zone;
import dev.mtasts.core.policy.Mode;
import dev.mtasts.core.policy.MxPattern;
import dev.mtasts.core.policy.Policy;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shredzone.acme4j.util.CSRBuilder;
import org.shredzone.acme4j.util.CertificateUtils;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/**
 * Certificates through ACME from a real pebble: issued by TLS-ALPN-01 on the policy listener and by
 * HTTP-01 on the plain listener, served, kept across a restart, renewed and swapped under an open
 * keep-alive connection; failures (challenge, server down, bad directory) back off while the
 * certificate in service keeps serving.
 */
class AcmePebbleTest {

  private static final String HOST = "mta-sts.example.test";

  /** Resolves to an address nothing listens on: every validation of it fails. */
  private static final String UNREACHABLE_HOST = "mta-sts.elsewhere.test";

  private static final String POLICY = "/.well-known/mta-sts.txt";

  private static final Policy POLICY_BODY =
      new Policy(Mode.TESTING, List.of(new MxPattern("mx.example.test")), 86_400, List.of());

  private static final Backoff FAST = new Backoff(Duration.ofMillis(300), Duration.ofSeconds(2));

  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();
  private DnsServer dns;
  private PolicyHosting hosting;
  private int tlsPort;
  private int httpPort;
  private final TlsAlpnChallenges tlsAlpn = new TlsAlpnChallenges();
  private final HttpChallenges http = new HttpChallenges();

  @BeforeEach
  void setUp() throws Exception {
    Pebble.assumeInstalled();
    dns = DnsServer.start(zone(), InetAddress.getLoopbackAddress(), 0, Duration.ofSeconds(5));
    open.add(dns);
    tlsPort = Pebble.freePort();
    httpPort = Pebble.freePort();
  }

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }

  @Test
  void tlsAlpn01CertificateIsServedAndReusedAfterRestart() throws Exception {
    Pebble pebble = pebble(Optional.empty());
    HostedDomain domain = domain(pebble);
    AcmeCertificates acme = serve(domain, ChallengeType.TLS_ALPN_01, Optional.of(tlsAlpn));

    BigInteger issued = awaitServedSerial(pebble.issuingRoot(), Optional.empty());
    try (TlsClient client = client(pebble.issuingRoot())) {
      assertThat(client.get(POLICY)).startsWith("HTTP/1.1 200").contains("version: STSv1");
    }
    assertThat(acme.state(HOST).orElseThrow().failuresInRow()).isZero();
    Path acmeDir = dir.resolve("data/acme");
    assertThat(Files.getPosixFilePermissions(acmeDir))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    try (var files = Files.walk(acmeDir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.getPosixFilePermissions(file))
            .as(file.toString())
            .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      }
    }
    acme.close();
    hosting.close();

    // A restart serves the stored certificate and obtains none: it is far from due.
    AcmeCertificates restarted = serve(domain, ChallengeType.TLS_ALPN_01, Optional.of(tlsAlpn));
    try (TlsClient client = client(pebble.issuingRoot())) {
      assertThat(client.serial()).isEqualTo(issued);
    }
    assertThat(restarted.state(HOST).orElseThrow().nextAttempt())
        .isAfter(Instant.now().plus(Duration.ofDays(365)));
  }

  @Test
  void http01CertificateIsServed() throws Exception {
    Pebble pebble = pebble(Optional.empty());
    keep(AcmeHttpListener.start(new InetSocketAddress("127.0.0.1", httpPort), http));
    // Nothing answers acme-tls/1 here: only HTTP-01 can succeed.
    serve(domain(pebble), ChallengeType.HTTP_01, Optional.empty());

    awaitServedSerial(pebble.issuingRoot(), Optional.empty());
  }

  @Test
  void renewedCertificateIsSwappedWhileKeepAliveConnectionHolds() throws Exception {
    // 15-second certificates: renewal is due 5 seconds before expiry (a third of the lifetime).
    Pebble pebble = pebble(Optional.of(Duration.ofSeconds(15)));
    serve(domain(pebble), ChallengeType.TLS_ALPN_01, Optional.of(tlsAlpn));
    X509Certificate root = pebble.issuingRoot();
    BigInteger first = awaitServedSerial(root, Optional.empty());

    try (TlsClient held = client(root)) {
      assertThat(held.serial()).isEqualTo(first);
      assertThat(held.get(POLICY)).startsWith("HTTP/1.1 200");
      BigInteger renewed = awaitServedSerial(root, Optional.of(first));
      assertThat(renewed).isNotEqualTo(first);
      // the connection opened before the swap keeps working, with the certificate it began with
      assertThat(held.get(POLICY)).startsWith("HTTP/1.1 200");
      assertThat(held.serial()).isEqualTo(first);
    }
  }

  @Test
  void failedChallengeIsRetriedWithBackoffAndNothingIsServed() throws Exception {
    Pebble pebble = pebble(Optional.empty());
    HostedDomain elsewhere = new HostedDomain("elsewhere.test", POLICY_BODY, pebble.settings());
    List<String> installed = new ArrayList<>();
    AcmeCertificates acme = manager(ChallengeType.TLS_ALPN_01);
    acme.load(List.of(elsewhere));
    keep(PolicyHosting.start(config(elsewhere), acme, Optional.of(tlsAlpn)));
    acme.start(() -> installed.add("changed"));

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> acme.state(UNREACHABLE_HOST).orElseThrow().failuresInRow() >= 2);
    AcmeCertificates.State state = acme.state(UNREACHABLE_HOST).orElseThrow();
    assertThat(state.lastFailure().orElseThrow()).startsWith("ACME_CHALLENGE_FAILED");
    assertThat(state.current()).isEmpty();
    assertThat(installed).isEmpty();
    assertThat(tlsAlpn.find(UNREACHABLE_HOST)).as("disarmed after the attempt").isEmpty();
  }

  @Test
  void acmeServerDownBacksOffWhileTheOldCertificateKeepsServing() throws Exception {
    Pebble pebble = pebble(Optional.of(Duration.ofSeconds(15)));
    AcmeCertificates acme = serve(domain(pebble), ChallengeType.TLS_ALPN_01, Optional.of(tlsAlpn));
    X509Certificate root = pebble.issuingRoot();
    BigInteger served = awaitServedSerial(root, Optional.empty());
    pebble.close();

    // renewal comes due ~10 s after issuance; every attempt then finds no server
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> acme.state(HOST).orElseThrow().failuresInRow() >= 3);
    Instant third = Instant.now();
    AcmeCertificates.State state = acme.state(HOST).orElseThrow();
    assertThat(state.lastFailure().orElseThrow()).startsWith("ACME_SERVER_UNREACHABLE");
    assertThat(state.current().orElseThrow().leaf().getSerialNumber()).isEqualTo(served);
    Thread.sleep(3000);
    // 300 ms doubling, capped at 2 s, with jitter down to half: at most 4 more attempts in 3 s
    assertThat(acme.state(HOST).orElseThrow().failuresInRow()).isBetween(3, 7);
    assertThat(acme.state(HOST).orElseThrow().nextAttempt()).isAfter(third);
    try (TlsClient client = new TlsClient(tlsPort, HOST, root, List.of("http/1.1"))) {
      assertThat(client.serial()).isEqualTo(served);
    }
  }

  @Test
  void badDirectoriesFailWithTheirCodes() throws Exception {
    Pebble pebble = pebble(Optional.empty());
    AcmeIssuer issuer = issuer();
    Path caFile = pebble.settings().caFile().orElseThrow();

    assertThatThrownBy(
            () ->
                issuer.obtain(
                    HOST,
                    new CertificateSource.Acme(
                        URI.create("ftp://localhost/dir"), Optional.empty(), Optional.empty()),
                    ChallengeType.TLS_ALPN_01))
        .isInstanceOfSatisfying(
            AcmeFailure.class, f -> assertThat(f.code()).isEqualTo(Code.ACME_DIRECTORY_INVALID));
    URI notADirectory = pebble.directory().resolve("/no-such-directory");
    assertThatThrownBy(
            () ->
                issuer.obtain(
                    HOST,
                    new CertificateSource.Acme(
                        notADirectory, Optional.empty(), Optional.of(caFile)),
                    ChallengeType.TLS_ALPN_01))
        .isInstanceOfSatisfying(
            AcmeFailure.class,
            f -> assertThat(f.code()).isIn(Code.ACME_SERVER_ERROR, Code.ACME_SERVER_UNREACHABLE));
    // without ca_file the JDK's trust store does not know pebble's certificate
    assertThatThrownBy(
            () ->
                issuer.obtain(
                    HOST,
                    new CertificateSource.Acme(
                        pebble.directory(), Optional.empty(), Optional.empty()),
                    ChallengeType.TLS_ALPN_01))
        .isInstanceOfSatisfying(
            AcmeFailure.class, f -> assertThat(f.code()).isEqualTo(Code.ACME_SERVER_UNREACHABLE));
    Path notPem = Files.writeString(dir.resolve("not.pem"), "no certificate here");
    assertThatThrownBy(
            () ->
                issuer.obtain(
                    HOST,
                    new CertificateSource.Acme(
                        pebble.directory(), Optional.empty(), Optional.of(notPem)),
                    ChallengeType.TLS_ALPN_01))
        .isInstanceOfSatisfying(
            AcmeFailure.class, f -> assertThat(f.code()).isEqualTo(Code.ACME_DIRECTORY_INVALID));
    assertThat(new AcmeStorage(dir.resolve("data")).certificate(HOST)).isEmpty();
  }

  @Test
  void storedCertificateExpiringSoonIsServedThenRenewedAtStart() throws Exception {
    Pebble pebble = pebble(Optional.empty());
    // a 90-day certificate with a day left, from another CA, as a previous run left it
    KeyPair rootKey = KeyPairs.rsa2048(); // acme4j signs its test certificates SHA256withRSA
    Instant now = Instant.now();
    X509Certificate oldRoot =
        CertificateUtils.createTestRootCertificate(
            "CN=old root",
            now.minus(Duration.ofDays(365)),
            now.plus(Duration.ofDays(365)),
            rootKey);
    KeyPair key = KeyPairs.p256();
    CSRBuilder csr = new CSRBuilder();
    csr.addDomain(HOST);
    csr.sign(key);
    X509Certificate expiring =
        CertificateUtils.createTestCertificate(
            csr.getCSR(),
            now.minus(Duration.ofDays(89)),
            now.plus(Duration.ofDays(1)),
            oldRoot,
            rootKey.getPrivate());
    AcmeStorage storage = new AcmeStorage(dir.resolve("data"));
    storage.saveCertificate(HOST, key, List.of(expiring, oldRoot));
    HostedDomain domain = domain(pebble);
    AcmeCertificates acme = manager(ChallengeType.TLS_ALPN_01);
    acme.load(List.of(domain));
    // served from the start, though due
    assertThat(acme.current(domain).orElseThrow().leaf()).isEqualTo(expiring);
    assertThat(acme.state(HOST).orElseThrow().nextAttempt()).isBefore(Instant.now());
    hosting = keep(PolicyHosting.start(config(domain), acme, Optional.of(tlsAlpn)));
    acme.start(hosting::reloadCertificates);

    BigInteger renewed = awaitServedSerial(pebble.issuingRoot(), Optional.empty());
    assertThat(renewed).isNotEqualTo(expiring.getSerialNumber());
    assertThat(storage.certificate(HOST).orElseThrow().leaf().getSerialNumber()).isEqualTo(renewed);
  }

  // --- fixture

  private Pebble pebble(Optional<Duration> validity) throws Exception {
    return keep(Pebble.start(dir, httpPort, tlsPort, dns.address(), validity));
  }

  private AcmeIssuer issuer() {
    return new AcmeIssuer(
        new AcmeStorage(dir.resolve("data")), tlsAlpn, http, Duration.ofSeconds(30));
  }

  private AcmeCertificates manager(ChallengeType type) {
    return keep(
        new AcmeCertificates(
            issuer(), new AcmeStorage(dir.resolve("data")), type, FAST, Clock.systemUTC()));
  }

  /** As serve does it: stored certificates, then the listener, then issuance and renewal. */
  private AcmeCertificates serve(
      HostedDomain domain, ChallengeType type, Optional<TlsAlpnChallenges> answering)
      throws Exception {
    AcmeCertificates acme = manager(type);
    acme.load(List.of(domain));
    hosting = keep(PolicyHosting.start(config(domain), acme, answering));
    acme.start(hosting::reloadCertificates);
    return acme;
  }

  private HostedDomain domain(Pebble pebble) {
    return new HostedDomain("example.test", POLICY_BODY, pebble.settings());
  }

  private PolicyHostConfig config(HostedDomain domain) {
    return new PolicyHostConfig(new InetSocketAddress("127.0.0.1", tlsPort), List.of(domain));
  }

  private TlsClient client(X509Certificate root) throws Exception {
    return new TlsClient(tlsPort, HOST, root, List.of("http/1.1"));
  }

  /**
   * Waits until a new handshake sees a certificate chaining to {@code root}, other than {@code
   * old}.
   */
  private BigInteger awaitServedSerial(X509Certificate root, Optional<BigInteger> old) {
    BigInteger[] seen = new BigInteger[1];
    await()
        .atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(
            () -> {
              try (TlsClient client = client(root)) {
                seen[0] = client.serial();
              }
              return old.map(o -> !o.equals(seen[0])).orElse(true);
            });
    return seen[0];
  }

  private <T extends AutoCloseable> T keep(T closeable) {
    open.add(closeable);
    return closeable;
  }

  static Zone zone() throws Exception {
    Name apex = Name.fromString("test.");
    SOARecord soa =
        new SOARecord(
            apex,
            DClass.IN,
            60,
            Name.fromString("ns.test."),
            Name.fromString("hostmaster.test."),
            1,
            3600,
            600,
            86_400,
            60);
    List<Record> records =
        List.of(
            new ARecord(
                Name.fromString(HOST + "."), DClass.IN, 60, InetAddress.getByName("127.0.0.1")),
            new ARecord(
                Name.fromString(UNREACHABLE_HOST + "."),
                DClass.IN,
                60,
                InetAddress.getByName("127.0.0.2")));
    return new Zone(soa, records);
  }
}

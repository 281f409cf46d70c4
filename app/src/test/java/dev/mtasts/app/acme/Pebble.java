package dev.mtasts.app.acme;

import dev.mtasts.app.hosting.CertificateSource;
import dev.mtasts.app.lab.ca.CertificateKind;
import dev.mtasts.app.lab.ca.IssuedCertificate;
import dev.mtasts.app.lab.ca.LabCa;
import dev.mtasts.app.testing.RequiredService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real ACME server for tests: Debian's {@code pebble} on loopback, validating challenges for real
 * (no PEBBLE_VA_ALWAYS_VALID) against {@code httpPort} and {@code tlsPort} on the addresses that
 * {@code dnsServer} gives, without its artificial sleeps. Its own HTTPS certificate comes from a
 * lab CA, whose PEM is {@link #caFile}: the ca_file of the settings that talk to it.
 */
final class Pebble implements AutoCloseable {

  static final Path BINARY = Path.of("/usr/bin/pebble");

  private final Process process;
  private final int port;
  private final int managementPort;
  private final Path caFile;
  private final SSLContext trustingLabCa;

  private Pebble(Process process, int port, int managementPort, Path caFile, SSLContext trust) {
    this.process = process;
    this.port = port;
    this.managementPort = managementPort;
    this.caFile = caFile;
    this.trustingLabCa = trust;
  }

  /** Skips (or fails, when services are required) without the pebble binary. */
  static void assumeInstalled() {
    RequiredService.assume(Files.isExecutable(BINARY), "pebble (" + BINARY + ")");
  }

  /**
   * Starts pebble in {@code dir}: issued certificates last {@code validity} (pebble's default is
   * five years when it is absent).
   */
  static Pebble start(
      Path dir, int httpPort, int tlsPort, InetSocketAddress dnsServer, Optional<Duration> validity)
      throws Exception {
    LabCa ca = LabCa.create(Clock.systemUTC());
    IssuedCertificate own = ca.issue("localhost", CertificateKind.VALID);
    Path cert = Files.writeString(dir.resolve("pebble-cert.pem"), LabCa.pem(own.chain()));
    Path key = dir.resolve("pebble-key.pem");
    // PKCS#8, which Go's TLS reads (the PEM writer's EC form is one it does not)
    Files.writeString(
        key,
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(own.key().getEncoded())
            + "\n-----END PRIVATE KEY-----\n");
    Path caFile = Files.writeString(dir.resolve("pebble-ca.pem"), ca.rootPem());
    int port = freePort();
    int managementPort = freePort();
    String config =
        """
        {"pebble": {
          "listenAddress": "127.0.0.1:%d",
          "managementListenAddress": "127.0.0.1:%d",
          "certificate": "%s",
          "privateKey": "%s",
          "httpPort": %d,
          "tlsPort": %d,
          "ocspResponderURL": "",
          "externalAccountBindingRequired": false,
          "certificateValidityPeriod": %d
        }}
        """
            .formatted(
                port,
                managementPort,
                cert,
                key,
                httpPort,
                tlsPort,
                validity.map(Duration::toSeconds).orElse(0L));
    Path configFile = Files.writeString(dir.resolve("pebble-config.json"), config);
    ProcessBuilder builder =
        new ProcessBuilder(
                BINARY.toString(),
                "-config",
                configFile.toString(),
                "-dnsserver",
                "127.0.0.1:" + dnsServer.getPort())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("pebble.log").toFile());
    builder.environment().put("PEBBLE_VA_NOSLEEP", "1");
    // every order validates its challenges anew, so each renewal proves the challenge answered
    builder.environment().put("PEBBLE_AUTHZREUSE", "0");
    builder.environment().put("PEBBLE_WFE_NONCEREJECT", "0");
    Process process = builder.start();
    Pebble pebble = new Pebble(process, port, managementPort, caFile, trusting(ca.root()));
    pebble.awaitListening(dir.resolve("pebble.log"));
    return pebble;
  }

  /** The ACME directory URL. */
  URI directory() {
    return URI.create("https://localhost:" + port + "/dir");
  }

  /** Settings that talk to this pebble, trusting its certificate through ca_file. */
  CertificateSource.Acme settings() {
    return new CertificateSource.Acme(
        directory(), Optional.of("hostmaster@example.test"), Optional.of(caFile));
  }

  /** The root that signs what this pebble issues (made anew at each start). */
  X509Certificate issuingRoot() throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(trustingLabCa).build();
    HttpResponse<byte[]> response =
        client.send(
            HttpRequest.newBuilder(URI.create("https://localhost:" + managementPort + "/roots/0"))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(response.body()));
  }

  /** A free loopback port (bound and released). */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private void awaitListening(Path log) throws Exception {
    Instant deadline = Instant.now().plusSeconds(20);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("pebble exited: " + Files.readString(log));
      }
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("pebble did not listen: " + Files.readString(log));
  }

  private static SSLContext trusting(X509Certificate root) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("root", root);
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }
}

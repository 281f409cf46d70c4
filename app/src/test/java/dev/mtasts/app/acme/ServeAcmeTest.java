package dev.mtasts.app.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mtasts.app.lab.dns.DnsServer;
import dev.mtasts.app.resolver.SystemdNotifier;
import dev.mtasts.app.serve.ServeConfigReader;
import dev.mtasts.app.serve.ServeService;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} with an {@code acme:} domain: the certificate comes from a real pebble, by
 * TLS-ALPN-01 on {@code policy_host.listen}, or by HTTP-01 on {@code policy_host.acme_http_listen}
 * when that is set, and is served with the policy.
 */
class ServeAcmeTest {

  private static final String HOST = "mta-sts.example.test";

  @TempDir Path dir;
  private ServeService service;
  private Pebble pebble;
  private DnsServer dns;

  @AfterEach
  void stop() throws Exception {
    if (service != null) {
      service.close();
    }
    if (pebble != null) {
      pebble.close();
    }
    if (dns != null) {
      dns.close();
    }
  }

  private String yaml(int tlsPort, Optional<Integer> httpPort) {
    return """
        data: data
        http: {listen: 127.0.0.1:0}
        policy_host:
          listen: 127.0.0.1:%d
        %s
          domains:
            example.test:
              mx: [mx.example.test]
              acme: {directory: "%s", email: hostmaster@example.test, ca_file: pebble-ca.pem}
        """
        .formatted(
            tlsPort,
            httpPort.map(p -> "  acme_http_listen: 127.0.0.1:" + p).orElse(""),
            pebble.directory());
  }

  @Test
  void tlsAlpn01OnThePolicyListener() throws Exception {
    servePolicyWithAcme(false);
  }

  @Test
  void http01OnTheAcmeHttpListener() throws Exception {
    servePolicyWithAcme(true);
  }

  @Test
  void acmeHttpListenMustBeAnAddress() {
    String bad =
        """
        policy_host:
          listen: 127.0.0.1:0
          acme_http_listen: port-eighty
          domains: {}
        """;
    assertThatThrownBy(() -> ServeConfigReader.read(bad, dir).orThrow())
        .hasMessageContaining("acme_http_listen must be IP:PORT");
  }

  @Test
  void acmeHttpListenIsOffByDefault() throws Exception {
    String none =
        """
        policy_host:
          listen: 127.0.0.1:0
          domains: {}
        """;
    assertThat(
            ServeConfigReader.read(none, dir).orThrow().policyHost().orElseThrow().acmeHttpListen())
        .isEmpty();
  }

  private void servePolicyWithAcme(boolean http01) throws Exception {
    Pebble.assumeInstalled();
    dns =
        DnsServer.start(
            AcmePebbleTest.zone(), InetAddress.getLoopbackAddress(), 0, Duration.ofSeconds(5));
    int tlsPort = Pebble.freePort();
    int httpPort = Pebble.freePort();
    pebble = Pebble.start(dir, httpPort, tlsPort, dns.address(), Optional.empty());
    Path file =
        Files.writeString(
            dir.resolve("serve.yml"),
            yaml(tlsPort, http01 ? Optional.of(httpPort) : Optional.empty()));
    service =
        ServeService.start(
            ServeConfigReader.read(Files.readString(file), dir).orThrow(),
            "token-0123456789abcdef",
            SystemdNotifier.fromEnvironment(),
            Optional.of(file));
    InetSocketAddress address = service.policyHostAddress().orElseThrow();
    assertThat(address.getPort()).isEqualTo(tlsPort);

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .until(
            () -> {
              try (TlsClient client =
                  new TlsClient(tlsPort, HOST, pebble.issuingRoot(), List.of("http/1.1"))) {
                return client.get("/.well-known/mta-sts.txt").contains("mx: mx.example.test");
              }
            });
    assertThat(Files.exists(dir.resolve("data/acme/" + HOST + "/chain.pem"))).isTrue();
  }
}

package dev.mtasts.app.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtasts.app.hosting.CertificateSource;
import dev.mtasts.app.hosting.HostedDomain;
import dev.mtasts.app.hosting.PolicyHostConfig;
import dev.mtasts.app.hosting.PolicyHosting;
import dev.mtasts.app.hosting.ServedCertificate;
import dev.mtasts.app.lab.ca.CertificateKind;
import dev.mtasts.app.lab.ca.IssuedCertificate;
import dev.mtasts.app.lab.ca.LabCa;
import dev.mtasts.core.policy.Mode;
import dev.mtasts.core.policy.MxPattern;
import dev.mtasts.core.policy.Policy;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.Identifier;
import org.shredzone.acme4j.util.CertificateUtils;

/**
 * TLS-ALPN-01 on the policy listener (RFC 8737 §3), without an ACME server: which certificate each
 * kind of handshake gets.
 */
class AcmeKeyManagerTest {

  private static final String HOST = "mta-sts.example.org";

  private final TlsAlpnChallenges challenges = new TlsAlpnChallenges();
  private final LabCa ca = LabCa.create(Clock.systemUTC());
  private PolicyHosting listener;
  private IssuedCertificate served;
  private TlsAlpnChallenges.Response validation;

  @BeforeEach
  void setUp() throws Exception {
    served = ca.issue(HOST, CertificateKind.VALID);
    HostedDomain domain =
        new HostedDomain(
            "example.org",
            new Policy(Mode.TESTING, List.of(new MxPattern("mx.example.org")), 86_400, List.of()),
            new CertificateSource.Acme(
                URI.create("https://acme.invalid/dir"), Optional.empty(), Optional.empty()));
    listener =
        PolicyHosting.start(
            new PolicyHostConfig(new InetSocketAddress("127.0.0.1", 0), List.of(domain)),
            d -> Optional.of(new ServedCertificate(served.key(), served.chain())),
            Optional.of(challenges));
    KeyPair key = KeyPairs.rsa2048();
    X509Certificate certificate =
        CertificateUtils.createTlsAlpn01Certificate(key, Identifier.dns(HOST), new byte[32]);
    validation = new TlsAlpnChallenges.Response(key, certificate);
  }

  @AfterEach
  void tearDown() throws Exception {
    listener.close();
  }

  @Test
  void ordinaryHandshakeGetsTheServedCertificateWhileAChallengeIsPending() throws Exception {
    challenges.arm(HOST, validation);
    for (String protocol : List.of("h2", "http/1.1")) {
      try (SSLSocket socket = handshake(HOST, protocol)) {
        assertThat(leaf(socket)).isEqualTo(served.leaf());
        assertThat(socket.getApplicationProtocol()).isEqualTo(protocol);
      }
    }
  }

  @Test
  void clientOfferingHttpAndAcmeTlsGetsHttp() throws Exception {
    challenges.arm(HOST, validation);
    try (SSLSocket socket = handshake(HOST, "http/1.1", TlsAlpnChallenges.ACME_TLS_1)) {
      assertThat(leaf(socket)).isEqualTo(served.leaf());
      assertThat(socket.getApplicationProtocol()).isEqualTo("http/1.1");
    }
  }

  @Test
  void acmeTlsHandshakeGetsTheValidationCertificateAndIsClosed() throws Exception {
    challenges.arm(HOST, validation);
    try (SSLSocket socket = handshake(HOST, TlsAlpnChallenges.ACME_TLS_1)) {
      assertThat(leaf(socket)).isEqualTo(validation.certificate());
      assertThat(socket.getApplicationProtocol()).isEqualTo(TlsAlpnChallenges.ACME_TLS_1);
      // RFC 8737 §3: no data after the handshake
      assertThat(socket.getInputStream().read()).isEqualTo(-1);
    }
  }

  @Test
  void acmeTlsHandshakeWithoutPendingChallengeGetsNoCertificate() {
    assertThatThrownBy(() -> handshake(HOST, TlsAlpnChallenges.ACME_TLS_1).close())
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void acmeTlsHandshakeForAnotherHostGetsNoCertificate() {
    challenges.arm("mta-sts.other.example", validation);
    assertThatThrownBy(() -> handshake(HOST, TlsAlpnChallenges.ACME_TLS_1).close())
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void acmeTlsHandshakeAfterDisarmGetsNoCertificate() {
    challenges.arm(HOST, validation);
    challenges.disarm(HOST);
    assertThatThrownBy(() -> handshake(HOST, TlsAlpnChallenges.ACME_TLS_1).close())
        .isInstanceOf(SSLHandshakeException.class);
  }

  private static X509Certificate leaf(SSLSocket socket) throws Exception {
    return (X509Certificate) socket.getSession().getPeerCertificates()[0];
  }

  /** A handshake naming {@code host} and offering {@code protocols}; trusts anything. */
  private SSLSocket handshake(String host, String... protocols) throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {new TrustingAll()}, null);
    Socket plain = new Socket("127.0.0.1", listener.address().getPort());
    SSLSocket socket =
        (SSLSocket)
            context
                .getSocketFactory()
                .createSocket(plain, host, listener.address().getPort(), true);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setServerNames(List.of(new SNIHostName(host)));
    parameters.setApplicationProtocols(protocols);
    socket.setSSLParameters(parameters);
    socket.setSoTimeout(5000);
    socket.startHandshake();
    return socket;
  }

  /** The validation certificate is self-signed: what it is, not who signed it, is under test. */
  private static final class TrustingAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}

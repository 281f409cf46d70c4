package dev.mtasts.app.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtasts.app.lab.ca.CertificateKind;
import dev.mtasts.app.lab.ca.IssuedCertificate;
import dev.mtasts.app.lab.ca.LabCa;
import java.net.Socket;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
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
  private TestPolicyListener listener;
  private IssuedCertificate served;
  private TlsAlpnChallenges.Response validation;

  @BeforeEach
  void setUp() throws Exception {
    listener = new TestPolicyListener(0, challenges);
    served = ca.issue(HOST, CertificateKind.VALID);
    listener.install(HOST, new IssuedChain(served.key(), served.chain()));
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
    try (SSLSocket socket = handshake(HOST, "http/1.1")) {
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

  /** A handshake naming {@code host} and offering only {@code protocol}; trusts anything. */
  private SSLSocket handshake(String host, String protocol) throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {new TrustingAll()}, null);
    Socket plain = new Socket("127.0.0.1", listener.port());
    SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket(plain, host, listener.port(), true);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setServerNames(List.of(new SNIHostName(host)));
    parameters.setApplicationProtocols(new String[] {protocol});
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

package dev.mtasts.core.tls;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * What one completed TLS handshake showed.
 *
 * @param protocol the negotiated version, e.g. {@code TLSv1.3}
 * @param cipherSuite the negotiated cipher suite
 * @param chain the certificates the server presented, leaf first
 * @param certificate the assessment of {@code chain} for the expected host
 */
public record TlsSessionFacts(
    String protocol,
    String cipherSuite,
    List<X509Certificate> chain,
    CertificateAssessment certificate) {

  public TlsSessionFacts {
    chain = List.copyOf(chain);
  }

  /** The facts of a socket's completed handshake, the chain assessed for {@code expectedHost}. */
  public static TlsSessionFacts of(
      SSLSocket socket, String expectedHost, TrustAnchors anchors, Clock clock) throws IOException {
    SSLSession session = socket.getSession();
    List<X509Certificate> chain =
        Arrays.stream(session.getPeerCertificates())
            .filter(X509Certificate.class::isInstance)
            .map(X509Certificate.class::cast)
            .toList();
    if (chain.isEmpty()) {
      throw new IOException("the server presented no X.509 certificate");
    }
    return new TlsSessionFacts(
        session.getProtocol(),
        session.getCipherSuite(),
        chain,
        CertificateAssessor.assess(
            chain,
            expectedHost,
            anchors,
            clock,
            CertificateAssessor.KeyExchange.of(session.getCipherSuite())));
  }
}

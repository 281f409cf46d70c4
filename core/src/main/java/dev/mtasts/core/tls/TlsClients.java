package dev.mtasts.core.tls;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Security;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Client TLS sockets for diagnosis: they accept any certificate so the handshake completes and the
 * chain can be judged by {@link CertificateAssessor} afterwards, problem by problem. Never use them
 * to send anything that needs protection: they only fetch public policies and probe servers.
 */
public final class TlsClients {

  private static final String DISABLED_ALGORITHMS = "jdk.tls.disabledAlgorithms";

  private TlsClients() {}

  /** Which protocol versions the client offers. */
  public enum Versions {
    /** RFC 8461 §7.2 and RFC 8996: TLS 1.2 or newer. */
    MODERN("TLSv1.3", "TLSv1.2"),
    /** Diagnostic only: does the server speak nothing newer than TLS 1.0/1.1? */
    LEGACY_DIAGNOSTIC("TLSv1.1", "TLSv1");

    private final String[] protocols;

    Versions(String... protocols) {
      this.protocols = protocols;
    }

    public List<String> protocols() {
      return List.of(protocols);
    }
  }

  /**
   * Layers TLS over a connected socket and completes the handshake.
   *
   * @param plain a connected socket (closed together with the returned one)
   * @param sniHost the server name to send (SNI, RFC 6066 §3); omitted when it is not a valid DNS
   *     host name (e.g. an address literal)
   * @throws IOException when the handshake fails or times out (the socket's read timeout applies)
   */
  public static SSLSocket handshake(Socket plain, String sniHost, Versions versions)
      throws IOException {
    if (versions == Versions.LEGACY_DIAGNOSTIC) {
      allowLegacyProtocols();
    }
    SSLSocket socket =
        (SSLSocket)
            context()
                .getSocketFactory()
                .createSocket(plain, sniHost, plain.getPort(), /* autoClose= */ true);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setProtocols(versions.protocols);
    parameters.setEndpointIdentificationAlgorithm(null); // names are judged by CertificateNames
    try {
      parameters.setServerNames(List.of(new SNIHostName(sniHost)));
    } catch (IllegalArgumentException notAHostName) {
      parameters.setServerNames(List.of());
    }
    socket.setSSLParameters(parameters);
    socket.startHandshake();
    return socket;
  }

  /**
   * Lifts the JDK's process-wide ban on TLS 1.0 and 1.1 ({@code jdk.tls.disabledAlgorithms}, RFC
   * 8996) so the diagnostic handshake can tell "speaks only old TLS" from other failures, and so
   * the lab can run an MX that speaks nothing newer. Removes only what those versions need: the
   * protocol names and SHA-1 handshake signatures (their ECDSA/RSA key exchange signs with SHA-1).
   * The JDK offers no per-context switch: the property is read when TLS is first used, so a process
   * calls this before its first handshake. {@link Versions#MODERN} sockets and every server that
   * sets its protocols explicitly still offer TLS 1.2+ only.
   *
   * @return whether TLS 1.0/1.1 are now usable in this process
   */
  public static synchronized boolean allowLegacyProtocols() {
    String current = Security.getProperty(DISABLED_ALGORITHMS);
    if (current != null) {
      String lifted =
          Arrays.stream(current.split(","))
              .map(String::strip)
              .filter(entry -> !LEGACY_ENTRIES.contains(entry))
              .collect(Collectors.joining(", "));
      if (!lifted.equals(current)) {
        Security.setProperty(DISABLED_ALGORITHMS, lifted);
      }
    }
    return legacyProtocolsUsable();
  }

  /** The entries of {@code jdk.tls.disabledAlgorithms} that keep TLS 1.0/1.1 from working. */
  private static final java.util.Set<String> LEGACY_ENTRIES =
      java.util.Set.of(
          "TLSv1",
          "TLSv1.1",
          "rsa_pkcs1_sha1 usage HandshakeSignature",
          "ecdsa_sha1 usage HandshakeSignature");

  /**
   * True when this process can still offer TLS 1.0/1.1, i.e. {@link #allowLegacyProtocols()} ran
   * before the first TLS use; otherwise the old-TLS diagnosis cannot tell anything.
   */
  public static boolean legacyProtocolsUsable() {
    try {
      return List.of(context().getDefaultSSLParameters().getProtocols()).contains("TLSv1.1");
    } catch (IOException e) {
      return false;
    }
  }

  private static SSLContext context() throws IOException {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new AcceptAll()}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("TLS is not available in this JDK: " + e.getMessage(), e);
    }
  }

  /**
   * Accepts every server chain: judging it is {@link CertificateAssessor}'s job. Extends {@link
   * X509ExtendedTrustManager} so the JDK adds no checks of its own (a plain {@code
   * X509TrustManager} gets wrapped with algorithm-constraint checks that would end the handshake).
   */
  private static final class AcceptAll extends X509ExtendedTrustManager {
    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
      // Accepted on purpose; see the class comment.
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
      // Accepted on purpose; see the class comment.
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
      // Accepted on purpose; see the class comment.
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("client side only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}

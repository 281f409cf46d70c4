package dev.mtasts.app.acme;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The policy listener's key manager with TLS-ALPN-01 (RFC 8737 §3) built in: a handshake that
 * negotiated {@code acme-tls/1} gets the validation certificate of the host it names by SNI, while
 * that host's challenge is pending, and no certificate at all otherwise; every other handshake gets
 * what {@code delegate} chooses. The JDK settles ALPN while reading the ClientHello, before it asks
 * for a certificate, so the negotiated protocol is known here.
 */
public final class AcmeKeyManager extends X509ExtendedKeyManager {

  private static final String ALIAS_PREFIX = "acme-tls-alpn-01:";

  private final X509ExtendedKeyManager delegate;
  private final TlsAlpnChallenges challenges;

  public AcmeKeyManager(X509ExtendedKeyManager delegate, TlsAlpnChallenges challenges) {
    this.delegate = delegate;
    this.challenges = challenges;
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    if (TlsAlpnChallenges.ACME_TLS_1.equals(engine.getHandshakeApplicationProtocol())) {
      // RFC 8737 §3: the validation certificate, or nothing: never the ordinary one.
      return requestedHost(engine.getHandshakeSession())
          .filter(host -> challenges.find(host).isPresent())
          .filter(host -> keyType.equals(challengeKeyType(host)))
          .map(host -> ALIAS_PREFIX + host)
          .orElse(null);
    }
    return delegate.chooseEngineServerAlias(keyType, issuers, engine);
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return delegate.chooseServerAlias(keyType, issuers, socket);
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    if (alias != null && alias.startsWith(ALIAS_PREFIX)) {
      return challenges
          .find(alias.substring(ALIAS_PREFIX.length()))
          .map(r -> new X509Certificate[] {r.certificate()})
          .orElse(null);
    }
    return delegate.getCertificateChain(alias);
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    if (alias != null && alias.startsWith(ALIAS_PREFIX)) {
      return challenges
          .find(alias.substring(ALIAS_PREFIX.length()))
          .map(r -> r.key().getPrivate())
          .orElse(null);
    }
    return delegate.getPrivateKey(alias);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return delegate.getServerAliases(keyType, issuers);
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return delegate.getClientAliases(keyType, issuers);
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return delegate.chooseClientAlias(keyType, issuers, socket);
  }

  @Override
  public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
    return delegate.chooseEngineClientAlias(keyType, issuers, engine);
  }

  private String challengeKeyType(String host) {
    return challenges.find(host).map(r -> r.key().getPublic().getAlgorithm()).orElse("");
  }

  /** RFC 8737 §3: the host is the SNI name; a handshake without one cannot be a validation. */
  static Optional<String> requestedHost(SSLSession session) {
    if (session instanceof ExtendedSSLSession extended) {
      for (SNIServerName name : extended.getRequestedServerNames()) {
        if (name instanceof SNIHostName host) {
          return Optional.of(host.getAsciiName());
        }
      }
    }
    return Optional.empty();
  }
}

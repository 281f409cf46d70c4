package dev.mtasts.app.acme;

import javax.net.ssl.X509ExtendedKeyManager;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Jetty's server TLS factory whose SNI key manager has TLS-ALPN-01 in front ({@link
 * AcmeKeyManager}); each reload of the key store wraps the new key manager the same way.
 */
public final class AcmeSslContextFactory extends SslContextFactory.Server {

  private final TlsAlpnChallenges challenges;

  public AcmeSslContextFactory(TlsAlpnChallenges challenges) {
    this.challenges = challenges;
  }

  @Override
  protected X509ExtendedKeyManager newSniX509ExtendedKeyManager(X509ExtendedKeyManager manager) {
    return new AcmeKeyManager(super.newSniX509ExtendedKeyManager(manager), challenges);
  }
}

package dev.mtasts.app.lab.ca;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/** Server-side TLS contexts that present one issued certificate. */
public final class ServerContexts {

  private static final String ALIAS = "host";

  private ServerContexts() {}

  /** A TLS context whose key manager always presents {@code certificate}. */
  public static SSLContext of(IssuedCertificate certificate) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[] {new SingleKey(certificate)}, null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a TLS context for " + certificate.host(), e);
    }
  }

  /**
   * A key manager holding one key in memory. (A PKCS12 key store would do, but it encrypts and
   * decrypts the key with PBKDF2 on the way in: seconds for the lab's fifty hosts.)
   */
  private static final class SingleKey extends X509ExtendedKeyManager {
    private final IssuedCertificate certificate;

    SingleKey(IssuedCertificate certificate) {
      this.certificate = certificate;
    }

    private String aliasFor(String keyType) {
      return certificate.key().getAlgorithm().equals(keyType) ? ALIAS : null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return aliasFor(keyType);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      return aliasFor(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return aliasFor(keyType) == null ? null : new String[] {ALIAS};
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
      return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return ALIAS.equals(alias) ? certificate.chain().toArray(X509Certificate[]::new) : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return ALIAS.equals(alias) ? certificate.key() : null;
    }
  }
}

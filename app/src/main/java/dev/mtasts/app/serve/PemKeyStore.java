package dev.mtasts.app.serve;

import dev.mtasts.app.hosting.PemCertificates;
import dev.mtasts.app.hosting.ServedCertificate;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;

/**
 * A key store from PEM files as certbot and most CAs write them: the certificate chain (leaf first)
 * and the private key (PKCS#8 {@code PRIVATE KEY}, or {@code RSA}/{@code EC PRIVATE KEY}).
 */
final class PemKeyStore {

  /** The in-memory store's password; it never leaves this process. */
  static final char[] PASSWORD = "mtasts".toCharArray();

  private PemKeyStore() {}

  static KeyStore load(Path chainFile, Path keyFile) throws IOException, GeneralSecurityException {
    ServedCertificate served = PemCertificates.read(chainFile, keyFile);
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("serve", served.key(), PASSWORD, served.chain().toArray(Certificate[]::new));
    return store;
  }
}

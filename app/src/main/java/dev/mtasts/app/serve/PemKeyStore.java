package dev.mtasts.app.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * A key store from PEM files as certbot and most CAs write them: the certificate chain (leaf first)
 * and the private key (PKCS#8 {@code PRIVATE KEY}, or {@code RSA}/{@code EC PRIVATE KEY}).
 */
final class PemKeyStore {

  /** The in-memory store's password; it never leaves this process. */
  static final char[] PASSWORD = "mtasts".toCharArray();

  private PemKeyStore() {}

  static KeyStore load(Path chainFile, Path keyFile) throws IOException, GeneralSecurityException {
    Collection<? extends Certificate> chain;
    try (InputStream in = Files.newInputStream(chainFile)) {
      chain = CertificateFactory.getInstance("X.509").generateCertificates(in);
    }
    if (chain.isEmpty()) {
      throw new GeneralSecurityException(chainFile + " holds no certificate");
    }
    PrivateKey key;
    try (Reader r = Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII);
        PEMParser pem = new PEMParser(r)) {
      Object o = pem.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      key =
          switch (o) {
            case PrivateKeyInfo info -> converter.getPrivateKey(info);
            case PEMKeyPair pair -> converter.getKeyPair(pair).getPrivate();
            case null, default ->
                throw new GeneralSecurityException(
                    keyFile + " holds no unencrypted private key in PEM");
          };
    }
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("serve", key, PASSWORD, chain.toArray(Certificate[]::new));
    return store;
  }
}

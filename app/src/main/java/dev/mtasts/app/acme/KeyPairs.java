package dev.mtasts.app.acme;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/**
 * New key pairs from the JDK's own providers (acme4j's helper needs BouncyCastle registered as a
 * provider, which this process does not do).
 */
final class KeyPairs {

  private KeyPairs() {}

  static KeyPair p256() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK makes P-256 keys", e);
    }
  }

  /** For the TLS-ALPN-01 validation certificate, which acme4j signs SHA256withRSA. */
  static KeyPair rsa2048() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK makes RSA keys", e);
    }
  }
}

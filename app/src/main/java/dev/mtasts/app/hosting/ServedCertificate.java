package dev.mtasts.app.hosting;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A certificate chain and its private key, as the listener presents them.
 *
 * @param key the leaf's private key
 * @param chain the leaf first, then its issuers
 */
public record ServedCertificate(PrivateKey key, List<X509Certificate> chain) {

  public ServedCertificate {
    Objects.requireNonNull(key, "key");
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("a chain of at least the leaf");
    }
  }

  /** The end-entity certificate. */
  public X509Certificate leaf() {
    return chain.getFirst();
  }

  /** The leaf's serial number in hex, as logs and {@code openssl x509 -serial} show it. */
  public String serial() {
    return leaf().getSerialNumber().toString(16).toUpperCase(java.util.Locale.ROOT);
  }

  /** The end of the leaf's validity. */
  public Instant notAfter() {
    return leaf().getNotAfter().toInstant();
  }

  /** For logs: {@code serial 1A2B, expires 2027-01-01T00:00:00Z}. */
  public String describe() {
    return "serial " + serial() + ", expires " + notAfter();
  }
}

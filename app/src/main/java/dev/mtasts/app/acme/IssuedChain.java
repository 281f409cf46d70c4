package dev.mtasts.app.acme;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A certificate chain (leaf first) and the private key of its leaf, as an ACME server issued it.
 */
public record IssuedChain(PrivateKey key, List<X509Certificate> chain) {

  public IssuedChain {
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("an empty certificate chain");
    }
  }

  /** The end-entity certificate. */
  public X509Certificate leaf() {
    return chain.getFirst();
  }
}

package dev.mtasts.app.lab.ca;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A host certificate with its key and the chain a server presents.
 *
 * @param host the host the certificate was made for (not necessarily the name it holds)
 * @param kind what is right or wrong with it
 * @param key the private key
 * @param chain the leaf first, then its issuer when it has one
 */
public record IssuedCertificate(
    String host, CertificateKind kind, PrivateKey key, List<X509Certificate> chain) {

  public IssuedCertificate {
    chain = List.copyOf(chain);
  }

  /** The end-entity certificate. */
  public X509Certificate leaf() {
    return chain.getFirst();
  }
}

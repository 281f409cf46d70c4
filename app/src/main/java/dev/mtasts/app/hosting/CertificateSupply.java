package dev.mtasts.app.hosting;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Optional;

/**
 * The seam between the policy listener and where certificates come from: the listener asks for each
 * hosted domain's certificate at start and at every reload. {@link PemCertificates} reads {@link
 * CertificateSource.PemFiles}; an ACME supply answers for {@link CertificateSource.Acme} and calls
 * {@code PolicyHosting.reloadCertificates()} when it has a new certificate.
 */
@FunctionalInterface
public interface CertificateSupply {

  /**
   * The certificate {@code domain}'s policy host presents now; empty when there is none yet (the
   * domain's handshakes fail until there is one).
   *
   * @throws IOException when a file cannot be read
   * @throws GeneralSecurityException when what was read is not a usable certificate and key
   */
  Optional<ServedCertificate> current(HostedDomain domain)
      throws IOException, GeneralSecurityException;
}

package dev.mtasts.app.hosting;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a hosted domain's certificate for {@code mta-sts.<domain>} comes from: PEM files the
 * operator renews ({@code certificate: {cert, key}}), or an ACME server ({@code acme: {directory,
 * email, ca_file}}).
 */
public sealed interface CertificateSource {

  /** The files whose change means the certificate must be read again. */
  List<Path> files();

  /**
   * PEM files as certbot and most CAs write them.
   *
   * @param cert the certificate chain, leaf first
   * @param key the unencrypted private key (PKCS#8, RSA or EC)
   */
  record PemFiles(Path cert, Path key) implements CertificateSource {
    public PemFiles {
      Objects.requireNonNull(cert, "cert");
      Objects.requireNonNull(key, "key");
    }

    @Override
    public List<Path> files() {
      return List.of(cert, key);
    }
  }

  /**
   * A certificate obtained and renewed through ACME (RFC 8555).
   *
   * @param directory the ACME server's directory URL (https)
   * @param email the account contact, if any
   * @param caFile roots to trust for a private ACME server, if any
   */
  record Acme(URI directory, Optional<String> email, Optional<Path> caFile)
      implements CertificateSource {
    public Acme {
      Objects.requireNonNull(directory, "directory");
      Objects.requireNonNull(email, "email");
      Objects.requireNonNull(caFile, "caFile");
    }

    @Override
    public List<Path> files() {
      return caFile.map(List::of).orElse(List.of());
    }
  }
}

package dev.mtasts.app.acme;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one hosted domain's certificate comes from: an ACME directory, the contact address of the
 * account, and the CA that signs the ACME server's own HTTPS certificate when it is a private one.
 *
 * @param directory the ACME directory URL (RFC 8555 §7.1.1)
 * @param email the account's contact, {@code mailto:} (RFC 8555 §7.3), if any
 * @param caFile PEM certificates trusted for talking to this directory only; absent means the JDK's
 *     default trust store
 */
public record AcmeSettings(URI directory, Optional<String> email, Optional<Path> caFile) {

  public AcmeSettings {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(caFile, "caFile");
  }
}

package dev.mtasts.app.lab.smtp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * What one MX host is: its name, and what it offers for STARTTLS.
 *
 * @param name the host name it greets with
 * @param tls the context for STARTTLS; empty when it does not offer STARTTLS
 * @param protocols the TLS protocols it enables after STARTTLS
 */
public record SmtpHost(String name, Optional<SSLContext> tls, List<String> protocols) {

  /** The protocols a current MX enables. */
  public static final List<String> MODERN_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  public SmtpHost {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(tls, "tls");
    protocols = List.copyOf(protocols);
  }
}

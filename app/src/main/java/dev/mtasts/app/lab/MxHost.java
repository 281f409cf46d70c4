package dev.mtasts.app.lab;

import dev.mtasts.app.lab.ca.CertificateKind;
import java.util.Objects;

/**
 * One MX host of a scenario domain.
 *
 * @param name the exchange's host name
 * @param preference the MX preference (RFC 5321 §5.1)
 * @param smtp how it speaks SMTP
 * @param certificate the certificate it presents after STARTTLS
 * @param tlsa whether {@code _25._tcp.<name>} holds a TLSA 3 1 1 record for its key (RFC 7672)
 */
public record MxHost(
    String name, int preference, SmtpBehaviour smtp, CertificateKind certificate, boolean tlsa) {

  public MxHost {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(smtp, "smtp");
    Objects.requireNonNull(certificate, "certificate");
  }

  /** A healthy MX: STARTTLS with a valid certificate, no TLSA. */
  public static MxHost valid(String name, int preference) {
    return new MxHost(name, preference, SmtpBehaviour.STARTTLS, CertificateKind.VALID, false);
  }
}

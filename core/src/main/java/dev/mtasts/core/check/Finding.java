package dev.mtasts.core.check;

import java.util.Objects;
import java.util.Optional;

/**
 * One problem (or fact) found by a check.
 *
 * @param code the stable code
 * @param severity usually the code's default; some codes depend on the policy mode
 * @param subject what it concerns: the domain, a record name, a host, or {@code host [address]}
 * @param message what is wrong here, why it matters and how to fix it
 */
public record Finding(FindingCode code, Severity severity, String subject, String message) {

  public Finding {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(message, "message");
  }

  /**
   * A finding with the code's default severity; the message is the specific detail followed by the
   * code's explanation and remedy.
   */
  public static Finding of(FindingCode code, String subject, String detail) {
    return new Finding(code, code.defaultSeverity(), subject, code.message(detail));
  }

  /**
   * A warning for a deviation that common senders read past: the detail, then the code's {@link
   * FindingCode#toleratedWhy} and remedy.
   */
  public static Finding tolerated(FindingCode code, String subject, String detail) {
    return new Finding(code, Severity.WARNING, subject, code.toleratedMessage(detail));
  }

  /** The same finding with another severity (e.g. POLICY_MX_MISMATCH in testing mode). */
  public Finding withSeverity(Severity other) {
    return new Finding(code, other, subject, message);
  }

  /** The RFC 8460 §4.3 result type a sender would report for this problem, where one applies. */
  public Optional<String> tlsrptResultType() {
    return code.tlsrptResultType();
  }
}

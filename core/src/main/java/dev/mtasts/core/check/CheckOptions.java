package dev.mtasts.core.check;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link DomainChecker} judges and how long it may take.
 *
 * @param deadline the most one domain's check may take, all steps together; past it the report
 *     holds what was found plus a {@link FindingCode#CHECK_DEADLINE} finding naming the step
 * @param expiryWarning a certificate that stops being valid within this window gets {@link
 *     FindingCode#MX_CERT_EXPIRING_SOON} (docs/check-findings.md: 14 days)
 */
public record CheckOptions(Duration deadline, Duration expiryWarning) {

  public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(2);
  public static final Duration DEFAULT_EXPIRY_WARNING = Duration.ofDays(14);

  public CheckOptions {
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(expiryWarning, "expiryWarning");
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("deadline must be positive: " + deadline);
    }
    if (expiryWarning.isNegative()) {
      throw new IllegalArgumentException("expiryWarning must not be negative: " + expiryWarning);
    }
  }

  /** Two minutes per domain, a warning 14 days before a certificate expires. */
  public static CheckOptions defaults() {
    return new CheckOptions(DEFAULT_DEADLINE, DEFAULT_EXPIRY_WARNING);
  }

  public CheckOptions withDeadline(Duration value) {
    return new CheckOptions(value, expiryWarning);
  }
}

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
 * @param allowPrivateAddresses whether loopback, private and link-local addresses of the policy
 *     host and MX hosts are fine (labs, tests, internal mail systems); when false each one gets
 *     {@link FindingCode#ADDRESS_NOT_PUBLIC} (it is probed all the same)
 */
public record CheckOptions(
    Duration deadline, Duration expiryWarning, boolean allowPrivateAddresses) {

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

  /**
   * Two minutes per domain, a warning 14 days before a certificate expires, non-public addresses
   * reported.
   */
  public static CheckOptions defaults() {
    return new CheckOptions(DEFAULT_DEADLINE, DEFAULT_EXPIRY_WARNING, false);
  }

  public CheckOptions withDeadline(Duration value) {
    return new CheckOptions(value, expiryWarning, allowPrivateAddresses);
  }

  public CheckOptions withPrivateAddresses(boolean allowed) {
    return new CheckOptions(deadline, expiryWarning, allowed);
  }
}

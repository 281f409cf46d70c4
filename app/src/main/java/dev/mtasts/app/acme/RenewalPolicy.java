package dev.mtasts.app.acme;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/**
 * When a certificate is renewed: once less than a third of its lifetime, or less than 30 days,
 * remains, whichever of the two is the shorter time. A 90-day certificate is renewed 30 days before
 * it expires, a one-year certificate 30 days before, a 6-day certificate 2 days before (never "at
 * once, always", which taking the longer of the two would mean for short-lived certificates).
 */
public final class RenewalPolicy {

  /** The most time left at which renewal starts. */
  public static final Duration MAX_MARGIN = Duration.ofDays(30);

  private RenewalPolicy() {}

  /** The instant from which {@code leaf} is due for renewal. */
  public static Instant renewAt(X509Certificate leaf) {
    Instant notBefore = leaf.getNotBefore().toInstant();
    Instant notAfter = leaf.getNotAfter().toInstant();
    Duration third = Duration.between(notBefore, notAfter).dividedBy(3);
    Duration margin = third.compareTo(MAX_MARGIN) < 0 ? third : MAX_MARGIN;
    return notAfter.minus(margin);
  }
}

package dev.mtasts.app.acme;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How long to wait after the n-th failure in a row: {@code base × 2^(n-1)}, at most {@code cap},
 * then "equal jitter" (a uniform draw between half of it and all of it), so that several domains
 * failing together do not retry in step. A server's Retry-After is honoured when it is later.
 *
 * @param base the wait after the first failure
 * @param cap the longest wait
 */
public record Backoff(Duration base, Duration cap) {

  /**
   * Production: 5 minutes after the first failure, doubling up to 12 hours. Let's Encrypt allows 5
   * failed validations per hostname an hour; this makes at most 3 in the first hour.
   */
  public static final Backoff DEFAULT = new Backoff(Duration.ofMinutes(5), Duration.ofHours(12));

  public Backoff {
    if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("need 0 < base <= cap, got " + base + " and " + cap);
    }
  }

  /** The wait after {@code failures} failures in a row (1 for the first). */
  public Duration delay(int failures, RandomGenerator random) {
    int doublings = Math.min(Math.max(failures, 1) - 1, 30);
    Duration exponential = base.multipliedBy(1L << doublings);
    Duration capped = exponential.compareTo(cap) > 0 ? cap : exponential;
    long half = capped.toMillis() / 2;
    return Duration.ofMillis(half + random.nextLong(capped.toMillis() - half + 1));
  }

  /** The wait after {@code failures} failures, but not before the server's {@code retryAfter}. */
  public Duration delay(
      int failures, Optional<Instant> retryAfter, Instant now, RandomGenerator random) {
    Duration own = delay(failures, random);
    Duration server = retryAfter.map(at -> Duration.between(now, at)).orElse(Duration.ZERO);
    return server.compareTo(own) > 0 ? server : own;
  }
}

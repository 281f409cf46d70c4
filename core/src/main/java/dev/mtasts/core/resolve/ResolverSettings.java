package dev.mtasts.core.resolve;

import java.time.Duration;
import java.util.Objects;

/**
 * Timing of a {@link PolicyResolver}.
 *
 * @param cacheGrace a cached policy checked this recently is applied without asking DNS again (the
 *     incumbent's {@code cache_grace})
 * @param renewBefore a policy whose {@code max_age} ends within this, and within half its {@code
 *     max_age}, is fetched again even when its id is unchanged, so a refresh before expiry extends
 *     it (RFC 8461 §3.3: refresh before expiry)
 * @param firstBackoff the wait before retrying after the first failed refresh; doubled per further
 *     failure
 * @param maxBackoff the longest wait between refresh attempts
 * @param negativeCapacity how many domains without a policy are remembered (for {@code cacheGrace})
 */
public record ResolverSettings(
    Duration cacheGrace,
    Duration renewBefore,
    Duration firstBackoff,
    Duration maxBackoff,
    int negativeCapacity) {

  public ResolverSettings {
    Objects.requireNonNull(cacheGrace, "cacheGrace");
    Objects.requireNonNull(renewBefore, "renewBefore");
    Objects.requireNonNull(firstBackoff, "firstBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (cacheGrace.isNegative()
        || renewBefore.isNegative()
        || firstBackoff.isNegative()
        || maxBackoff.compareTo(firstBackoff) < 0) {
      throw new IllegalArgumentException("negative duration or maxBackoff < firstBackoff");
    }
    if (negativeCapacity < 0) {
      throw new IllegalArgumentException("negativeCapacity < 0");
    }
  }

  /** 60 s grace (the incumbent's), renew within a day, backoff 1 min doubling to 1 h. */
  public static ResolverSettings defaults() {
    return new ResolverSettings(
        Duration.ofSeconds(60),
        Duration.ofDays(1),
        Duration.ofMinutes(1),
        Duration.ofHours(1),
        10_000);
  }

  public ResolverSettings withCacheGrace(Duration grace) {
    return new ResolverSettings(grace, renewBefore, firstBackoff, maxBackoff, negativeCapacity);
  }

  public ResolverSettings withRenewBefore(Duration renew) {
    return new ResolverSettings(cacheGrace, renew, firstBackoff, maxBackoff, negativeCapacity);
  }

  /** The wait after {@code failures} consecutive failures (1 = the first). */
  Duration backoffAfter(int failures) {
    Duration wait = firstBackoff;
    for (int i = 1; i < failures && wait.compareTo(maxBackoff) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }
}

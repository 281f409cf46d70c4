package dev.mtasts.app.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lockout after repeated bad tokens, per client address. The {@link #FREE_FAILURES}th bad token
 * in a row locks the address out for {@link #FIRST_LOCK}; each further one doubles the delay, up to
 * {@link #MAX_LOCK}. While locked, a login is refused without looking at the token, so guessing
 * gets no answers. A good token clears the address's record; a record without a failure for {@link
 * #MAX_LOCK} is forgotten.
 */
public final class LoginThrottle {

  static final int FREE_FAILURES = 5;
  static final Duration FIRST_LOCK = Duration.ofSeconds(30);
  static final Duration MAX_LOCK = Duration.ofHours(1);

  /** Above this many addresses, forgotten ones are purged. */
  private static final int PURGE_ABOVE = 10_000;

  private record Failures(int count, Instant last, Instant lockedUntil) {}

  private final Map<String, Failures> byAddress = new ConcurrentHashMap<>();
  private final Clock clock;

  public LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  /** How long {@code address} is still locked out; empty when it may try. */
  public Optional<Duration> lockedFor(String address) {
    Failures f = byAddress.get(address);
    Instant now = clock.instant();
    if (f == null || !now.isBefore(f.lockedUntil())) {
      return Optional.empty();
    }
    return Optional.of(Duration.between(now, f.lockedUntil()));
  }

  /**
   * Records a bad token from {@code address}.
   *
   * @return the number of bad tokens so far and the lockout it now has (zero: none)
   */
  public Failure failed(String address) {
    Instant now = clock.instant();
    if (byAddress.size() > PURGE_ABOVE) {
      byAddress.values().removeIf(f -> forgotten(f, now));
    }
    Failures f =
        byAddress.compute(
            address,
            (a, old) -> {
              int count = old == null || forgotten(old, now) ? 1 : old.count() + 1;
              return new Failures(count, now, now.plus(lock(count)));
            });
    return new Failure(f.count(), lock(f.count()));
  }

  /** A good token: the address starts afresh. */
  public void succeeded(String address) {
    byAddress.remove(address);
  }

  /**
   * One bad token's consequence.
   *
   * @param count bad tokens from the address since its last good one
   * @param lock how long it is now locked out (zero: not locked)
   */
  public record Failure(int count, Duration lock) {}

  static Duration lock(int failures) {
    if (failures < FREE_FAILURES) {
      return Duration.ZERO;
    }
    int doublings = Math.min(failures - FREE_FAILURES, 20);
    Duration lock = FIRST_LOCK.multipliedBy(1L << doublings);
    return lock.compareTo(MAX_LOCK) > 0 ? MAX_LOCK : lock;
  }

  private static boolean forgotten(Failures f, Instant now) {
    return !now.isBefore(f.last().plus(MAX_LOCK)) && !now.isBefore(f.lockedUntil());
  }
}

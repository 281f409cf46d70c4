package dev.mtasts.app.rollout;

import dev.mtasts.app.store.PolicyVersion;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Plans RFC 8461 §8.3: the time to remove the record and the policy is when every policy served
 * before may have expired from senders' caches. That is the current policy's max_age from now (it
 * is served until now), or later: an older version served with a greater max_age may outlive it
 * (§8.3 step 3, "overlapping policy caches"), so the whole history counts.
 */
public final class RetirePlanner {

  /** The none policy's max_age: a day, as RFC 8461 §8.3 step 1 suggests. */
  public static final long NONE_MAX_AGE = 86_400;

  private final Clock clock;

  public RetirePlanner(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The plan, starting now.
   *
   * @param current the policy served now (which may not be in {@code history} yet)
   * @param history every version served before, as the store keeps it
   */
  public RetirePlan plan(PolicyVersion current, List<PolicyVersion> history) {
    Instant now = clock.instant();
    // a cached none policy makes senders enforce nothing (§5): only the others must expire
    PolicyVersion lasting =
        Stream.concat(Stream.of(current), history.stream().filter(v -> !v.mode().equals("none")))
            .max(Comparator.comparing((PolicyVersion v) -> v.cachedUntil(now)))
            .orElseThrow();
    return new RetirePlan(
        current.domain(), now, lasting.cachedUntil(now), lasting.id(), NONE_MAX_AGE);
  }
}

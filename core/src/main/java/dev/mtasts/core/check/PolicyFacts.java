package dev.mtasts.core.check;

import dev.mtasts.core.policy.Mode;
import dev.mtasts.core.policy.MxPattern;
import dev.mtasts.core.policy.Policy;
import java.util.List;
import java.util.Objects;

/**
 * The facts of a policy that was fetched and parsed (RFC 8461 §3.2).
 *
 * @param mode the mode
 * @param mx the {@code mx} patterns as written
 * @param maxAge the cache lifetime in seconds
 */
public record PolicyFacts(Mode mode, List<String> mx, long maxAge) {

  public PolicyFacts {
    Objects.requireNonNull(mode, "mode");
    mx = List.copyOf(mx);
  }

  public static PolicyFacts of(Policy policy) {
    return new PolicyFacts(
        policy.mode(), policy.mx().stream().map(MxPattern::pattern).toList(), policy.maxAge());
  }
}

package dev.mtasts.core.resolve;

import dev.mtasts.core.policy.Policy;
import java.util.Objects;

/** What a sender should apply for one policy domain right now (RFC 8461 §5). */
public sealed interface PolicyResolution {

  /**
   * No policy applies: the domain publishes no usable {@code _mta-sts} record, or its policy could
   * not be fetched and nothing usable is cached (RFC 8461 §3.3: deliver as though the domain had
   * not implemented MTA-STS).
   *
   * @param reason what was found, for logs and {@code mtasts query}
   */
  record NoPolicy(String reason) implements PolicyResolution {
    public NoPolicy {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * A policy applies.
   *
   * @param policy the parsed policy
   * @param cached the cache entry it came from or was stored as
   * @param fromCache whether it was answered from the cache (no fetch this time)
   * @param stale whether the last refresh of this policy failed (RFC 8461 §3.3: a usable cached
   *     policy is applied while refreshing fails)
   */
  record Found(Policy policy, CachedPolicy cached, boolean fromCache, boolean stale)
      implements PolicyResolution {
    public Found {
      Objects.requireNonNull(policy, "policy");
      Objects.requireNonNull(cached, "cached");
    }
  }

  /**
   * The answer cannot be known now and guessing "no policy" could downgrade: the policy cache could
   * not be read and no live policy could be had (DNS shows none, or it or the fetch failed), so a
   * cached {@code enforce} policy may exist (RFC 8461 §10.2: a record removed, or an answer forged,
   * does not end a cached policy).
   *
   * @param reason what failed
   */
  record TemporaryFailure(String reason) implements PolicyResolution {
    public TemporaryFailure {
      Objects.requireNonNull(reason, "reason");
    }
  }
}

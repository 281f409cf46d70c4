package dev.mtasts.core.resolve;

import java.time.Duration;

/**
 * Every {@link PolicyResolverTest} case again, with the resolver reading through a {@link
 * MemoizingPolicyCache} whose memory never times out within a test: refresh, expiry, a changed TXT
 * id, failures keeping the cached policy and an unreadable store must all give the same answers as
 * without the front, so in-process consistency comes from writing through, not from the TTL.
 */
class PolicyResolverFrontCacheTest extends PolicyResolverTest {

  @Override
  PolicyCache front(PolicyCache store) {
    return new MemoizingPolicyCache(store, clock, Duration.ofDays(30), 100);
  }
}

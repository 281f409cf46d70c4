package dev.mtasts.core.testing;

import dev.mtasts.core.resolve.CachedPolicy;
import dev.mtasts.core.resolve.PolicyCache;
import dev.mtasts.core.resolve.PolicyCacheException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A policy store that is down: every call fails with CACHE_UNAVAILABLE. */
public final class BrokenPolicyCache implements PolicyCache {
  private static PolicyCacheException down() {
    return new PolicyCacheException(PolicyCacheException.Code.CACHE_UNAVAILABLE, "down", null);
  }

  @Override
  public Optional<CachedPolicy> get(String domain) {
    throw down();
  }

  @Override
  public boolean put(CachedPolicy policy) {
    throw down();
  }

  @Override
  public boolean delete(String domain) {
    throw down();
  }

  @Override
  public List<CachedPolicy> checkedBefore(Instant checkedBefore, int limit) {
    throw down();
  }

  @Override
  public void close() {}
}

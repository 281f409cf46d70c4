package dev.mtasts.app.resolver.cache;

import dev.mtasts.app.resolver.CacheSettings;
import dev.mtasts.core.resolve.InMemoryPolicyCache;
import dev.mtasts.core.resolve.PolicyCache;

/** Builds the policy cache a {@code cache} section names. */
public final class PolicyCaches {

  private PolicyCaches() {}

  /** Opens the store; throws {@link dev.mtasts.core.resolve.PolicyCacheException} if it cannot. */
  public static PolicyCache open(CacheSettings settings) {
    return switch (settings) {
      case CacheSettings.Internal i -> new InMemoryPolicyCache(i.cacheSize());
      case CacheSettings.Sqlite s -> SqlitePolicyCache.open(s.filename(), s.threads(), s.timeout());
      case CacheSettings.Postgres p -> PostgresPolicyCache.open(p.dsn(), p.timeout());
      case CacheSettings.Redis r ->
          RedisPolicyCache.open(
              r.url(),
              r.connectTimeout(),
              r.socketTimeout(),
              r.maxConnections().orElse(0),
              RedisPolicyCache.DEFAULT_PREFIX);
    };
  }
}

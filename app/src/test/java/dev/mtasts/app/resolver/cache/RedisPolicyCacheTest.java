package dev.mtasts.app.resolver.cache;

import dev.mtasts.core.resolve.PolicyCache;
import dev.mtasts.core.resolve.PolicyCacheContract;
import dev.mtasts.core.resolve.PolicyCacheException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import redis.clients.jedis.JedisPooled;

class RedisPolicyCacheTest extends PolicyCacheContract {

  private final String prefix = "mtasts-test-" + UUID.randomUUID() + ":";

  @Override
  protected PolicyCache newEmptyCache() {
    try {
      return RedisPolicyCache.open(
          Services.REDIS_URL, Duration.ofSeconds(1), Duration.ofSeconds(2), 8, prefix);
    } catch (PolicyCacheException e) {
      Services.unavailable("Redis", e);
      throw e;
    }
  }

  @AfterEach
  void removeKeys() {
    try (JedisPooled r = new JedisPooled(java.net.URI.create(Services.REDIS_URL))) {
      for (String k : r.keys(prefix + "*")) {
        r.del(k);
      }
    } catch (RuntimeException e) {
      // server absent: nothing to clean
    }
  }
}

package dev.mtasts.app.resolver.cache;

import dev.mtasts.core.resolve.CachedPolicy;
import dev.mtasts.core.resolve.PolicyCache;
import dev.mtasts.core.resolve.PolicyCacheException;
import dev.mtasts.core.resolve.RefreshState;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The policy cache in Redis: a hash {@code <prefix>policy:<domain>} per domain and a sorted set
 * {@code <prefix>checked} of domains by last check, for proactive refresh. A Lua script makes the
 * "newer check wins" write atomic.
 */
public final class RedisPolicyCache implements PolicyCache {

  /** Our key prefix: the incumbent uses bare domain names and {@code _metadata}. */
  public static final String DEFAULT_PREFIX = "mtasts:";

  private static final String PUT_SCRIPT =
      """
      local cur = redis.call('HGET', KEYS[1], 'last_checked')
      if cur and tonumber(cur) > tonumber(ARGV[5]) then return 0 end
      redis.call('HSET', KEYS[1], 'policy_id', ARGV[1], 'policy_text', ARGV[2],
        'fetched_at', ARGV[3], 'expires_at', ARGV[4], 'last_checked', ARGV[5],
        'failures', ARGV[6], 'next_attempt', ARGV[7])
      redis.call('ZADD', KEYS[2], ARGV[5], ARGV[8])
      return 1
      """;

  private final JedisPooled redis;
  private final String prefix;

  private RedisPolicyCache(JedisPooled redis, String prefix) {
    this.redis = redis;
    this.prefix = prefix;
  }

  /**
   * Connects to {@code url} ({@code redis://[user:pass@]host[:port][/db]}).
   *
   * @param maxConnections pool size, or 0 for the client's default
   */
  public static RedisPolicyCache open(
      String url,
      Duration connectTimeout,
      Duration socketTimeout,
      int maxConnections,
      String prefix) {
    GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
    if (maxConnections > 0) {
      pool.setMaxTotal(maxConnections);
    }
    pool.setMaxWait(socketTimeout);
    JedisPooled redis =
        new JedisPooled(
            pool, URI.create(url), (int) connectTimeout.toMillis(), (int) socketTimeout.toMillis());
    RedisPolicyCache cache = new RedisPolicyCache(redis, prefix);
    cache.call(redis::ping);
    return cache;
  }

  private String key(String domain) {
    return prefix + "policy:" + domain;
  }

  private String checkedKey() {
    return prefix + "checked";
  }

  private <T> T call(java.util.function.Supplier<T> op) {
    try {
      return op.get();
    } catch (JedisException e) {
      throw new PolicyCacheException(
          PolicyCacheException.Code.CACHE_UNAVAILABLE, "redis: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<CachedPolicy> get(String domain) {
    Map<String, String> h = call(() -> redis.hgetAll(key(domain)));
    return h.isEmpty() ? Optional.empty() : Optional.of(fromHash(domain, h));
  }

  @Override
  public boolean put(CachedPolicy p) {
    Object r =
        call(
            () ->
                redis.eval(
                    PUT_SCRIPT,
                    List.of(key(p.domain()), checkedKey()),
                    List.of(
                        p.policyId(),
                        p.policyText(),
                        Long.toString(p.fetchedAt().toEpochMilli()),
                        Long.toString(p.expiresAt().toEpochMilli()),
                        Long.toString(p.refresh().lastChecked().toEpochMilli()),
                        Integer.toString(p.refresh().consecutiveFailures()),
                        Long.toString(p.refresh().nextAttempt().toEpochMilli()),
                        p.domain())));
    return Long.valueOf(1).equals(r);
  }

  @Override
  public boolean delete(String domain) {
    return call(
        () -> {
          redis.zrem(checkedKey(), domain);
          return redis.del(key(domain)) > 0;
        });
  }

  @Override
  public List<CachedPolicy> checkedBefore(Instant checkedBefore, int limit) {
    List<String> domains =
        call(
            () ->
                redis.zrangeByScore(
                    checkedKey(), "-inf", "(" + checkedBefore.toEpochMilli(), 0, limit));
    List<CachedPolicy> out = new ArrayList<>();
    for (String d : domains) {
      get(d).ifPresent(out::add);
    }
    return out;
  }

  private static CachedPolicy fromHash(String domain, Map<String, String> h) {
    try {
      return new CachedPolicy(
          domain,
          h.get("policy_id"),
          h.get("policy_text"),
          Instant.ofEpochMilli(Long.parseLong(h.get("fetched_at"))),
          Instant.ofEpochMilli(Long.parseLong(h.get("expires_at"))),
          new RefreshState(
              Instant.ofEpochMilli(Long.parseLong(h.get("last_checked"))),
              Integer.parseInt(h.get("failures")),
              Instant.ofEpochMilli(Long.parseLong(h.get("next_attempt")))));
    } catch (RuntimeException e) {
      throw new PolicyCacheException(
          PolicyCacheException.Code.CACHE_CORRUPT_ENTRY, "bad entry for " + domain, e);
    }
  }

  @Override
  public void close() {
    redis.close();
  }
}

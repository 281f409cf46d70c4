package dev.mtasts.app.resolver;

import dev.mtasts.app.socketmap.Lookup;
import dev.mtasts.app.socketmap.Reply;
import dev.mtasts.app.socketmap.SocketmapRequest;
import dev.mtasts.core.resolve.CachedPolicy;
import dev.mtasts.core.resolve.PolicyCache;
import dev.mtasts.core.resolve.PolicyCacheException;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers lookups from the policy cache alone, without fetching: a domain with a cached policy that
 * has not expired (RFC 8461 §5.1) gets that policy, anything else {@code NOTFOUND} (Postfix then
 * applies its default TLS policy), exactly what the incumbent answers when a fetch fails. The
 * fetching lookup replaces this once DNS and HTTPS fetch are wired.
 */
public final class CachedPolicyLookup implements Lookup {

  private static final Logger LOG = LoggerFactory.getLogger(CachedPolicyLookup.class);

  private final PolicyCache cache;
  private final ResolverConfig config;
  private final ResolverMetrics metrics;
  private final Clock clock;

  public CachedPolicyLookup(
      PolicyCache cache, ResolverConfig config, ResolverMetrics metrics, Clock clock) {
    this.cache = cache;
    this.config = config;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public Reply lookup(SocketmapRequest request) {
    Optional<String> domain = NextHop.policyDomain(request.key());
    if (domain.isEmpty()) {
      return Reply.NOT_FOUND;
    }
    Optional<CachedPolicy> cached;
    try {
      cached = cache.get(domain.get());
    } catch (PolicyCacheException e) {
      LOG.warn("cache read for {} failed: {}", domain.get(), e.getMessage());
      metrics.cacheError();
      return Reply.NOT_FOUND;
    }
    if (cached.isEmpty() || !cached.get().usableAt(clock.instant())) {
      metrics.cacheMiss();
      return Reply.NOT_FOUND;
    }
    metrics.cacheHit();
    return PostfixPolicyReply.from(cached.get().policyText(), config.zone(request.name()));
  }
}

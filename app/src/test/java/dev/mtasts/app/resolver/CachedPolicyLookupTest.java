package dev.mtasts.app.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.socketmap.Reply;
import dev.mtasts.app.socketmap.SocketmapRequest;
import dev.mtasts.core.resolve.CachedPolicy;
import dev.mtasts.core.resolve.InMemoryPolicyCache;
import dev.mtasts.core.resolve.PolicyCache;
import dev.mtasts.core.resolve.PolicyCacheException;
import dev.mtasts.core.resolve.RefreshState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CachedPolicyLookupTest {

  private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
  private static final String ENFORCE =
      "version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: 86400\n";
  private static final String TESTING = ENFORCE.replace("enforce", "testing");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ResolverMetrics metrics = new ResolverMetrics(registry);
  private final InMemoryPolicyCache cache = new InMemoryPolicyCache(10);
  private final ResolverConfig config =
      ResolverConfigReader.read("zones:\n  strict:\n    strict_testing: true\n", 1).orThrow();

  private CachedPolicyLookup lookupAt(Instant now, PolicyCache c) {
    return new CachedPolicyLookup(c, config, metrics, Clock.fixed(now, ZoneOffset.UTC));
  }

  private void cache(String domain, String text) {
    cache.put(
        new CachedPolicy(
            domain, "id1", text, T0, T0.plusSeconds(86400), RefreshState.checkedAt(T0)));
  }

  private double cacheCount(String result) {
    return registry.get("mtasts.resolver.cache").tag("result", result).counter().count();
  }

  @Test
  void cachedEnforcePolicyIsServedUntilItExpires() {
    cache("example.com", ENFORCE);
    Reply ok = new Reply.Ok("secure match=mx.example.com servername=hostname");
    var req = new SocketmapRequest("postfix", "Example.com.");
    assertThat(lookupAt(T0.plusSeconds(86399), cache).lookup(req)).isEqualTo(ok);
    assertThat(lookupAt(T0.plusSeconds(86400), cache).lookup(req)).isEqualTo(Reply.NOT_FOUND);
    assertThat(cacheCount("hit")).isEqualTo(1);
    assertThat(cacheCount("miss")).isEqualTo(1);
  }

  @Test
  void zoneIsChosenByMapName() {
    cache("example.com", TESTING);
    assertThat(lookupAt(T0, cache).lookup(new SocketmapRequest("postfix", "example.com")))
        .isEqualTo(Reply.NOT_FOUND);
    assertThat(lookupAt(T0, cache).lookup(new SocketmapRequest("strict", "example.com")))
        .isInstanceOf(Reply.Ok.class);
  }

  @Test
  void unknownDomainParentProbeAndIpAreNotFound() {
    cache("example.com", ENFORCE);
    for (String key : List.of("other.example", ".example.com", "[192.0.2.1]:25")) {
      assertThat(lookupAt(T0, cache).lookup(new SocketmapRequest("postfix", key)))
          .isEqualTo(Reply.NOT_FOUND);
    }
  }

  @Test
  void brokenCacheIsNotFoundAndCounted() {
    PolicyCache broken =
        new PolicyCache() {
          @Override
          public Optional<CachedPolicy> get(String domain) {
            throw new PolicyCacheException(
                PolicyCacheException.Code.CACHE_UNAVAILABLE, "down", null);
          }

          @Override
          public boolean put(CachedPolicy policy) {
            return false;
          }

          @Override
          public boolean delete(String domain) {
            return false;
          }

          @Override
          public List<CachedPolicy> checkedBefore(Instant checkedBefore, int limit) {
            return List.of();
          }

          @Override
          public void close() {}
        };
    assertThat(lookupAt(T0, broken).lookup(new SocketmapRequest("postfix", "example.com")))
        .isEqualTo(Reply.NOT_FOUND);
    assertThat(cacheCount("error")).isEqualTo(1);
  }
}

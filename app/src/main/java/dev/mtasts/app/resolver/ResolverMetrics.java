package dev.mtasts.app.resolver;

import dev.mtasts.app.socketmap.Reply;
import dev.mtasts.app.socketmap.SocketmapObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The daemon's Prometheus metrics: {@code mtasts_resolver_lookups_total{result}}, {@code
 * mtasts_resolver_cache_total{result=hit|miss|error}}, {@code mtasts_resolver_fetch_errors_total},
 * {@code mtasts_resolver_protocol_violations_total{code}} and the {@code
 * mtasts_resolver_request_seconds} histogram.
 */
public final class ResolverMetrics implements SocketmapObserver {

  private final MeterRegistry registry;
  private final Map<String, Counter> lookups = new ConcurrentHashMap<>();
  private final Counter hits;
  private final Counter misses;
  private final Counter cacheErrors;
  private final Counter fetchErrors;
  private final Timer latency;

  public ResolverMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.hits = cacheCounter("hit");
    this.misses = cacheCounter("miss");
    this.cacheErrors = cacheCounter("error");
    this.fetchErrors =
        Counter.builder("mtasts.resolver.fetch.errors")
            .description("Policy fetches (DNS or HTTPS) that failed")
            .register(registry);
    this.latency =
        Timer.builder("mtasts.resolver.request")
            .description("Time to answer one socketmap request")
            .publishPercentileHistogram()
            .register(registry);
  }

  private Counter cacheCounter(String result) {
    return Counter.builder("mtasts.resolver.cache")
        .description("Policy cache reads by result")
        .tag("result", result)
        .register(registry);
  }

  @Override
  public void served(Reply reply, long nanos) {
    lookups
        .computeIfAbsent(
            reply.status(),
            s ->
                Counter.builder("mtasts.resolver.lookups")
                    .description("Socketmap lookups answered, by reply")
                    .tag("result", s)
                    .register(registry))
        .increment();
    latency.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void protocolViolation(String code) {
    Counter.builder("mtasts.resolver.protocol.violations")
        .description("Connections closed for breaking the socketmap protocol")
        .tag("code", code)
        .register(registry)
        .increment();
  }

  void cacheHit() {
    hits.increment();
  }

  void cacheMiss() {
    misses.increment();
  }

  void cacheError() {
    cacheErrors.increment();
  }

  /** Counts a failed policy fetch; called by the fetching lookup. */
  public void fetchFailed() {
    fetchErrors.increment();
  }
}

package dev.mtasts.app.resolver;

import dev.mtasts.app.socketmap.Reply;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The daemon's Prometheus metrics, created only when {@code metrics.listen} is set (otherwise no
 * metrics class is loaded at all): {@code mtasts_resolver_lookups_total{result}}, {@code
 * mtasts_resolver_cache_total{result=hit|miss|error}}, {@code mtasts_resolver_fetch_errors_total},
 * {@code mtasts_resolver_protocol_violations_total{code}} and the {@code
 * mtasts_resolver_request_seconds} histogram.
 */
final class PrometheusResolverMetrics implements ResolverMetrics {

  private final PrometheusMeterRegistry registry;
  private final Map<String, Counter> lookups = new ConcurrentHashMap<>();
  private final Counter hits;
  private final Counter misses;
  private final Counter cacheErrors;
  private final Counter fetchErrors;
  private final Timer latency;

  PrometheusResolverMetrics() {
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
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

  /** The metrics in Prometheus text format, for {@code GET /metrics}. */
  String scrape() {
    return registry.scrape();
  }

  @Override
  public void cacheHit() {
    hits.increment();
  }

  @Override
  public void cacheMiss() {
    misses.increment();
  }

  @Override
  public void cacheError() {
    cacheErrors.increment();
  }

  @Override
  public void fetchFailed() {
    fetchErrors.increment();
  }
}

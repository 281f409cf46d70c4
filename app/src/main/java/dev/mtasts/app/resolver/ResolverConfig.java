package dev.mtasts.app.resolver;

import dev.mtasts.app.sending.ReportingConfig;
import dev.mtasts.app.socketmap.Endpoint;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything in {@code mta-sts-daemon.yml}, defaults applied as the incumbent applies them, plus
 * our own keys ({@code idle_timeout}, {@code socket_owner}, {@code metrics}).
 *
 * @param endpoint {@code path}/{@code mode}/{@code socket_owner} or {@code host}/{@code
 *     port}/{@code reuse_port}
 * @param cacheGrace {@code cache_grace}: a cached policy checked this recently is used without a
 *     new DNS lookup
 * @param metricsListen {@code metrics.listen}: where {@code /metrics} is served, if anywhere
 * @param fetch our {@code mtasts:} section (extra CA file, DNS servers, HTTPS port, DNSSEC)
 * @param dane our {@code dane.mode}: what to answer where DANE applies
 * @param limits our {@code mtasts.max_connections} and {@code mtasts.max_lookups}
 * @param reporting our {@code tlsrpt_reporting:} section (sending TLS reports), when present
 */
public record ResolverConfig(
    Endpoint endpoint,
    Duration cacheGrace,
    Duration shutdownTimeout,
    Duration idleTimeout,
    ProactiveFetching proactive,
    CacheSettings cache,
    ZoneSettings defaultZone,
    Map<String, ZoneSettings> zones,
    Optional<InetSocketAddress> metricsListen,
    FetchOptions fetch,
    DaneMode dane,
    Limits limits,
    Optional<ReportingConfig> reporting) {

  public ResolverConfig {
    Objects.requireNonNull(endpoint, "endpoint");
    zones = Map.copyOf(zones);
    Objects.requireNonNull(fetch, "fetch");
    Objects.requireNonNull(dane, "dane");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(reporting, "reporting");
  }

  /**
   * How much the daemon takes on at once.
   *
   * @param maxConnections socketmap connections open at once; at the limit accepting pauses
   * @param maxLookups lookups waiting for the network or the cache's store at once (beyond, {@code
   *     TEMP}), and, separately, refreshes running beside cached answers (beyond, started later)
   */
  public record Limits(int maxConnections, int maxLookups) {}

  /** The zone for socketmap name {@code name}: its own section, else {@code default_zone}. */
  public ZoneSettings zone(String name) {
    return zones.getOrDefault(name, defaultZone);
  }

  /** The same config with another {@code mtasts:} section. */
  public ResolverConfig withFetch(FetchOptions newFetch) {
    return new ResolverConfig(
        endpoint,
        cacheGrace,
        shutdownTimeout,
        idleTimeout,
        proactive,
        cache,
        defaultZone,
        zones,
        metricsListen,
        newFetch,
        dane,
        limits,
        reporting);
  }

  /** The same config with proactive refresh off (one-shot queries). */
  public ResolverConfig withoutProactiveFetching() {
    ProactiveFetching off =
        new ProactiveFetching(
            false, proactive.interval(), proactive.concurrencyLimit(), proactive.graceRatio());
    return new ResolverConfig(
        endpoint,
        cacheGrace,
        shutdownTimeout,
        idleTimeout,
        off,
        cache,
        defaultZone,
        zones,
        metricsListen,
        fetch,
        dane,
        limits,
        reporting);
  }
}

package dev.mtasts.app.resolver;

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
    Optional<InetSocketAddress> metricsListen) {

  public ResolverConfig {
    Objects.requireNonNull(endpoint, "endpoint");
    zones = Map.copyOf(zones);
  }

  /** The zone for socketmap name {@code name}: its own section, else {@code default_zone}. */
  public ZoneSettings zone(String name) {
    return zones.getOrDefault(name, defaultZone);
  }
}

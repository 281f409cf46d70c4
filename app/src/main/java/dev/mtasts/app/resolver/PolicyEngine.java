package dev.mtasts.app.resolver;

import dev.mtasts.app.socketmap.Lookup;
import dev.mtasts.core.dns.DnsResolver;
import dev.mtasts.core.dns.DnssecMode;
import dev.mtasts.core.fetch.FetchSettings;
import dev.mtasts.core.fetch.PolicyFetcher;
import dev.mtasts.core.resolve.DanePrecedence;
import dev.mtasts.core.resolve.MemoizingPolicyCache;
import dev.mtasts.core.resolve.PolicyCache;
import dev.mtasts.core.resolve.PolicyResolver;
import dev.mtasts.core.resolve.ProactiveRefresher;
import dev.mtasts.core.resolve.RefreshObserver;
import dev.mtasts.core.resolve.ResolverSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.random.RandomGenerator;

/**
 * The policy logic as the config asks for it: one {@link PolicyResolver} per zone (each zone has
 * its own {@code timeout}, as in the incumbent) over one cache, the DANE check, and proactive
 * refresh when {@code proactive_policy_fetching.enabled}.
 */
public final class PolicyEngine implements AutoCloseable {

  /**
   * How long a cache read is trusted in memory: every write of this process updates the memory at
   * once, so this only bounds how late a write by another daemon sharing the store is seen.
   */
  static final Duration FRONT_CACHE_TTL = Duration.ofSeconds(1);

  private static final int FRONT_CACHE_CAPACITY = 100_000;

  private final PolicyLookup lookup;
  private final PolicyResolver defaultResolver;
  private final Map<String, PolicyResolver> zones;
  private final Optional<ProactiveRefresher> refresher;
  private final PolicyCache cache;

  private PolicyEngine(
      PolicyLookup lookup,
      PolicyResolver defaultResolver,
      Map<String, PolicyResolver> zones,
      Optional<ProactiveRefresher> refresher,
      PolicyCache cache) {
    this.lookup = lookup;
    this.defaultResolver = defaultResolver;
    this.zones = Map.copyOf(zones);
    this.refresher = refresher;
    this.cache = cache;
  }

  /**
   * The policy cache every zone answers from (through its in-memory front): which policy each
   * domain's mail gets, for the mail log reader's TLS reports.
   */
  public PolicyCache cache() {
    return cache;
  }

  /** The resolver behind socketmap name {@code zone}. */
  PolicyResolver resolver(String zone) {
    return zones.getOrDefault(zone, defaultResolver);
  }

  /**
   * Builds the engine over {@code store} (left open by {@link #close}); proactive refresh, if
   * enabled, starts at once. All resolvers and the refresher share one in-memory front of the
   * store, so a lookup answered from the cache reads no database.
   */
  public static PolicyEngine start(
      ResolverConfig config, PolicySources sources, PolicyCache store, ResolverMetrics metrics) {
    return start(config, sources, store, metrics, true, RefreshObserver.NONE);
  }

  /**
   * As {@link #start}, telling {@code reports} about every published policy that could not be had
   * (RFC 8460 §4.3.2.2), for the TLS reports this sender sends.
   */
  public static PolicyEngine start(
      ResolverConfig config,
      PolicySources sources,
      PolicyCache store,
      ResolverMetrics metrics,
      RefreshObserver reports) {
    return start(config, sources, store, metrics, true, reports);
  }

  /**
   * As {@link #start}; {@code logDeviations} false for {@code query}, which shows a policy's RFC
   * 8461 §3.2 deviations in its output.
   */
  static PolicyEngine start(
      ResolverConfig config,
      PolicySources sources,
      PolicyCache store,
      ResolverMetrics metrics,
      boolean logDeviations,
      RefreshObserver reports) {
    RefreshObserver observer = new FetchObserver(metrics, logDeviations, reports);
    PolicyCache cache =
        new MemoizingPolicyCache(store, sources.clock(), FRONT_CACHE_TTL, FRONT_CACHE_CAPACITY);
    ResolverSettings settings = ResolverSettings.defaults().withCacheGrace(config.cacheGrace());
    if (config.proactive().enabled()) {
      // Renew a policy that would expire before the next round: proactive refresh keeps it alive.
      settings = settings.withRenewBefore(config.proactive().interval().multipliedBy(2));
    }
    Executor background = boundedBackground(config.limits().maxLookups());
    PolicyResolver defaultResolver =
        resolver(
            config, sources, cache, settings, config.defaultZone().timeout(), observer, background);
    Map<String, PolicyResolver> zones = new HashMap<>();
    ResolverSettings zoneSettings = settings;
    config
        .zones()
        .forEach(
            (name, zone) ->
                zones.put(
                    name,
                    resolver(
                        config,
                        sources,
                        cache,
                        zoneSettings,
                        zone.timeout(),
                        observer,
                        background)));
    Optional<DanePrecedence> dane =
        !daneCanApply(config)
            ? Optional.empty()
            : Optional.of(
                new DanePrecedence(
                    sources.dns().apply(config.defaultZone().timeout()),
                    sources.clock(),
                    max(config.cacheGrace(), Duration.ofSeconds(60))));
    PolicyLookup lookup = new PolicyLookup(config, defaultResolver, zones, dane, metrics);
    Optional<ProactiveRefresher> refresher = Optional.empty();
    if (config.proactive().enabled()) {
      ProactiveRefresher r =
          new ProactiveRefresher(
              defaultResolver,
              cache,
              sources.clock(),
              config.proactive().interval(),
              config.proactive().concurrencyLimit(),
              config.proactive().graceRatio(),
              RandomGenerator.getDefault());
      r.start();
      refresher = Optional.of(r);
    }
    return new PolicyEngine(lookup, defaultResolver, zones, refresher, cache);
  }

  /**
   * DANE needs DNSSEC-secure answers (RFC 7672 §2.2); with {@code mtasts.dnssec: off} none is, so
   * the MX and TLSA questions would cost every enforce domain a lookup and change nothing. They are
   * skipped (the config reader warns when the file asks for DANE without DNSSEC).
   */
  private static boolean daneCanApply(ResolverConfig config) {
    return config.dane() != DaneMode.IGNORE && config.fetch().dnssec() != DnssecMode.OFF;
  }

  private static PolicyResolver resolver(
      ResolverConfig config,
      PolicySources sources,
      PolicyCache cache,
      ResolverSettings settings,
      Duration timeout,
      RefreshObserver observer,
      Executor background) {
    DnsResolver dns = sources.dns().apply(timeout);
    // The incumbent's zone timeout bounds the whole HTTPS fetch (aiohttp total timeout).
    FetchSettings fetch =
        FetchSettings.defaults()
            .withPort(config.fetch().httpsPort())
            .withTimeouts(timeout, timeout, timeout)
            .withPrivateAddresses(config.fetch().allowPrivateAddresses());
    return new PolicyResolver(
        dns,
        new PolicyFetcher(fetch, sources.anchors(), sources.clock()),
        cache,
        sources.clock(),
        settings,
        observer,
        background);
  }

  /**
   * Runs each refresh a lookup starts beside its answer on a virtual thread of its own, at most
   * {@code limit} at a time; beyond that it refuses, and a later lookup starts the refresh again.
   */
  static Executor boundedBackground(int limit) {
    Semaphore slots = new Semaphore(limit);
    return task -> {
      if (!slots.tryAcquire()) {
        throw new RejectedExecutionException("more than " + limit + " refreshes running");
      }
      try {
        Thread.ofVirtual()
            .name("mtasts-refresh")
            .start(
                () -> {
                  try {
                    task.run();
                  } finally {
                    slots.release();
                  }
                });
      } catch (RuntimeException | Error e) {
        slots.release();
        throw e;
      }
    };
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** The socketmap lookup. */
  public Lookup lookup() {
    return lookup;
  }

  /** The lookup with its reply logic, for {@code mtasts query}. */
  PolicyLookup policyLookup() {
    return lookup;
  }

  @Override
  public void close() {
    refresher.ifPresent(ProactiveRefresher::close);
  }
}

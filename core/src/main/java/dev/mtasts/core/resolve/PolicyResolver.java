package dev.mtasts.core.resolve;

import dev.mtasts.core.ParseResult;
import dev.mtasts.core.dns.DnsAnswer;
import dev.mtasts.core.dns.DnsResolver;
import dev.mtasts.core.domain.Domain;
import dev.mtasts.core.fetch.PolicyFetchResult;
import dev.mtasts.core.fetch.PolicyFetcher;
import dev.mtasts.core.policy.Leniency;
import dev.mtasts.core.policy.Mode;
import dev.mtasts.core.policy.Policy;
import dev.mtasts.core.policy.StsRecord;
import dev.mtasts.core.policy.StsRecordSelection;
import dev.mtasts.core.tlsrpt.ResultType;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sender's policy logic of RFC 8461 §3 and §5: discover the {@code _mta-sts} record, compare
 * its id with the cached policy's, fetch and parse a new policy only when the id changed or the
 * cached one is due for renewal (read as senders read it, {@link Leniency#SENDER}; the text is
 * cached as fetched), cache it for {@code max_age}, and keep applying a cached policy while
 * refreshing fails until it expires. Failed refreshes back off exponentially ({@link
 * RefreshState}). A lookup never waits on the network while a usable cached policy exists: it is
 * answered from the cache and the refresh runs beside it. One refresh per domain at a time.
 * Thread-safe.
 */
public final class PolicyResolver {

  private static final System.Logger LOG = System.getLogger(PolicyResolver.class.getName());

  private final DnsResolver dns;
  private final PolicyFetcher fetcher;
  private final PolicyCache cache;
  private final Clock clock;
  private final ResolverSettings settings;
  private final RefreshObserver observer;
  private final Executor background;
  private final Set<String> refreshing = ConcurrentHashMap.newKeySet();
  private final Map<String, CompletableFuture<PolicyResolution>> inFlight =
      new ConcurrentHashMap<>();
  private final Map<String, Absence> absent = new ConcurrentHashMap<>();
  private final Map<String, ParsedText> parsed = new ConcurrentHashMap<>();
  private final AtomicLong lastCacheReadWarning = new AtomicLong();

  private static final long CACHE_WARNING_INTERVAL_NANOS = 60_000_000_000L;

  /** A domain found without a policy, remembered until {@code until}. */
  private record Absence(String reason, Instant until) {}

  /** The parse of a cached policy text, kept so the hot path does not parse again. */
  private record ParsedText(String text, Policy policy) {}

  /** What the {@code _mta-sts} TXT lookup found (RFC 8461 §3.1). */
  private sealed interface Discovery {
    record Published(String id) implements Discovery {}

    record Unpublished(String reason) implements Discovery {}

    record Failed(String reason) implements Discovery {}
  }

  /**
   * @param background runs the refreshes that lookups start beside their answer; it may refuse one
   *     ({@link RejectedExecutionException}) to bound them, and a later lookup starts it again
   */
  public PolicyResolver(
      DnsResolver dns,
      PolicyFetcher fetcher,
      PolicyCache cache,
      Clock clock,
      ResolverSettings settings,
      RefreshObserver observer,
      Executor background) {
    this.dns = Objects.requireNonNull(dns, "dns");
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.observer = Objects.requireNonNull(observer, "observer");
    this.background = Objects.requireNonNull(background, "background");
  }

  /**
   * The policy to apply to mail for {@code domain} (a {@link Domain} in either form: case, a
   * trailing dot and U-labels do not matter; anything else throws IllegalArgumentException). A
   * usable cached policy is answered without network; once {@code cacheGrace} has passed (and no
   * backoff holds it back) a refresh starts beside the answer. Only a domain without a usable
   * cached policy waits for DNS and HTTPS.
   */
  public PolicyResolution resolve(String domain) {
    String name = normalize(domain);
    Optional<CachedPolicy> cached;
    try {
      cached = cache.get(name);
    } catch (PolicyCacheException e) {
      cacheReadFailed(name, e);
      return coalesced(name, true);
    }
    return withoutNetwork(name, cached, clock.instant()).orElseGet(() -> coalesced(name, false));
  }

  /**
   * What {@link #resolve} would answer, when that needs neither the network nor a read of the
   * cache's store: the cache remembers the domain's entry and the entry (or a remembered absence)
   * decides; a refresh due starts beside the answer, as in {@link #resolve}. Empty otherwise, and
   * then nothing has changed.
   */
  public Optional<PolicyResolution> resolveFromMemory(String domain) {
    String name = normalize(domain);
    return cache
        .remembered(name)
        .flatMap(remembered -> withoutNetwork(name, remembered.entry(), clock.instant()));
  }

  /**
   * RFC 8461 §5.1: a usable cached policy (refreshed beside the answer once cache_grace has passed
   * and no backoff holds it back); a remembered absence.
   */
  private Optional<PolicyResolution> withoutNetwork(
      String name, Optional<CachedPolicy> cached, Instant now) {
    if (cached.isPresent() && cached.get().usableAt(now)) {
      RefreshState refresh = cached.get().refresh();
      boolean fresh = refresh.lastChecked().plus(settings.cacheGrace()).isAfter(now);
      boolean backingOff = refresh.consecutiveFailures() > 0 && refresh.nextAttempt().isAfter(now);
      Optional<Policy> policy = parse(cached.get());
      if (policy.isPresent()) {
        if (!fresh && !backingOff) {
          refreshBeside(name);
        }
        return Optional.of(
            new PolicyResolution.Found(
                policy.get(), cached.get(), true, refresh.consecutiveFailures() > 0));
      }
    } else if (cached.isEmpty()) {
      Absence known = absent.get(name);
      if (known != null && known.until().isAfter(now)) {
        return Optional.of(new PolicyResolution.NoPolicy(known.reason()));
      }
    }
    return Optional.empty();
  }

  /**
   * Checks {@code domain} against DNS now, ignoring {@code cacheGrace} but honouring a backoff: the
   * step of proactive refresh (RFC 8461 §3.3: refresh cached policies before they expire).
   */
  public PolicyResolution refresh(String domain) {
    return coalesced(normalize(domain), false);
  }

  /** Starts a refresh of {@code domain} in the background unless one is running already. */
  private void refreshBeside(String domain) {
    if (!refreshing.add(domain)) {
      return;
    }
    try {
      background.execute(
          () -> {
            try {
              coalesced(domain, false);
            } catch (RuntimeException e) {
              LOG.log(System.Logger.Level.WARNING, "refreshing " + domain + " failed", e);
            } finally {
              refreshing.remove(domain);
            }
          });
    } catch (RejectedExecutionException e) {
      // Too many refreshes running: a later lookup starts this one again.
      refreshing.remove(domain);
    }
  }

  /** One refresh per domain at a time; callers arriving meanwhile get the same result. */
  private PolicyResolution coalesced(String domain, boolean cacheBroken) {
    CompletableFuture<PolicyResolution> mine = new CompletableFuture<>();
    CompletableFuture<PolicyResolution> running = inFlight.putIfAbsent(domain, mine);
    if (running != null) {
      return running.join();
    }
    try {
      PolicyResolution result = check(domain, cacheBroken);
      mine.complete(result);
      return result;
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inFlight.remove(domain, mine);
    }
  }

  private PolicyResolution check(String domain, boolean cacheBrokenBefore) {
    Instant now = clock.instant();
    boolean cacheBroken = cacheBrokenBefore;
    Optional<CachedPolicy> usable = Optional.empty();
    if (!cacheBroken) {
      try {
        usable = cache.get(domain).filter(c -> c.usableAt(now) && parse(c).isPresent());
      } catch (PolicyCacheException e) {
        cacheReadFailed(domain, e);
        cacheBroken = true;
      }
    }
    if (usable.isPresent()) {
      RefreshState refresh = usable.get().refresh();
      if (refresh.consecutiveFailures() > 0 && refresh.nextAttempt().isAfter(now)) {
        return found(usable.get(), true, true);
      }
    }
    Discovery discovery = discover(domain);
    return switch (discovery) {
      case Discovery.Published(String id) -> published(domain, id, usable, cacheBroken, now);
      case Discovery.Unpublished(String reason) -> {
        // RFC 8461 §8.3, §10.2: removing the record does not remove a cached policy; it is
        // applied until it expires ("mode: none" is the way to withdraw).
        if (usable.isPresent()) {
          yield refreshFailed(usable.get(), reason, now);
        }
        // Without the cache, a missing, doubled or invalid record may hide a cached policy: one
        // forged DNS answer during a store outage must not downgrade the domain.
        if (cacheBroken) {
          yield new PolicyResolution.TemporaryFailure(
              "policy cache unavailable, and DNS shows no policy: " + reason);
        }
        remember(domain, reason, now.plus(settings.cacheGrace()));
        yield new PolicyResolution.NoPolicy(reason);
      }
      // Without the cache and without DNS nothing says there is no policy; a TEMP costs little, as
      // the MX lookup is likely failing too.
      case Discovery.Failed(String reason) -> unavailable(domain, reason, usable, cacheBroken, now);
    };
  }

  /** RFC 8461 §3.1, §5.1: a record is published with {@code id}; fetch when it is new to us. */
  private PolicyResolution published(
      String domain, String id, Optional<CachedPolicy> usable, boolean cacheBroken, Instant now) {
    if (usable.isPresent()
        && usable.get().policyId().equals(id)
        && !renewalDue(usable.get(), now)) {
      CachedPolicy checked = usable.get().withRefresh(RefreshState.checkedAt(now));
      store(checked);
      return found(checked, true, false);
    }
    Fetch fetch = fetch(domain);
    if (fetch instanceof Fetch.Failed(String reason, ResultType type, String code)) {
      observer.policyUnavailable(domain, type, code, usable.map(CachedPolicy::policyText));
      return unavailable(domain, reason, usable, cacheBroken, now);
    }
    Fetch.Fetched fetched = (Fetch.Fetched) fetch;
    CachedPolicy entry =
        new CachedPolicy(
            domain,
            id,
            fetched.text(),
            now,
            now.plusSeconds(fetched.policy().maxAge()),
            RefreshState.checkedAt(now));
    parsed.put(domain, new ParsedText(fetched.text(), fetched.policy()));
    store(entry);
    absent.remove(domain);
    return new PolicyResolution.Found(fetched.policy(), entry, false, false);
  }

  /**
   * RFC 8461 §3.3: refresh before expiry. A policy is fetched again, even with an unchanged id,
   * once less than {@code renewBefore} and less than half its {@code max_age} remain: a policy
   * whose {@code max_age} is at most the renewal window is renewed halfway through its life, not on
   * every check.
   */
  private boolean renewalDue(CachedPolicy entry, Instant now) {
    Duration halfLife = Duration.between(entry.fetchedAt(), entry.expiresAt()).dividedBy(2);
    return !entry.expiresAt().isAfter(now.plus(min(settings.renewBefore(), halfLife)));
  }

  /**
   * No live policy could be had (RFC 8461 §3.3): a usable cached one is applied; otherwise the
   * domain is treated as having none, unless the cache could not be read while a record says a
   * policy exists (or DNS cannot say it does not), where a cached {@code enforce} policy may be
   * hiding.
   */
  private PolicyResolution unavailable(
      String domain,
      String reason,
      Optional<CachedPolicy> usable,
      boolean policyMayBeCached,
      Instant now) {
    observer.refreshFailed(domain, reason);
    if (usable.isPresent()) {
      return refreshFailed(usable.get(), reason, now);
    }
    if (policyMayBeCached) {
      return new PolicyResolution.TemporaryFailure(
          "policy cache unavailable and no live policy: " + reason);
    }
    remember(domain, reason, now.plus(min(settings.cacheGrace(), settings.backoffAfter(1))));
    return new PolicyResolution.NoPolicy(reason);
  }

  private PolicyResolution refreshFailed(CachedPolicy cached, String reason, Instant now) {
    RefreshState previous = cached.refresh();
    RefreshState failed =
        previous.failedAt(now, settings.backoffAfter(previous.consecutiveFailures() + 1));
    CachedPolicy updated = cached.withRefresh(failed);
    store(updated);
    Optional<Policy> policy = parse(updated);
    // RFC 8461 §3.3: alert administrators when refreshing fails, unless the mode is "none".
    if (policy.isPresent() && policy.get().mode() != Mode.NONE) {
      LOG.log(
          System.Logger.Level.WARNING,
          "refreshing the policy of {0} failed ({1} in a row), applying the cached one until {2}:"
              + " {3}",
          cached.domain(),
          failed.consecutiveFailures(),
          cached.expiresAt(),
          reason);
    }
    return found(updated, true, true);
  }

  private PolicyResolution found(CachedPolicy entry, boolean fromCache, boolean stale) {
    return new PolicyResolution.Found(parse(entry).orElseThrow(), entry, fromCache, stale);
  }

  private Discovery discover(String domain) {
    DnsAnswer<String> txt = dns.txt("_mta-sts." + domain);
    if (txt.failed()) {
      return new Discovery.Failed(
          "TXT _mta-sts." + domain + ": " + txt.status() + " " + txt.detail());
    }
    return switch (StsRecord.select(txt.records())) {
      case StsRecordSelection.None none ->
          new Discovery.Unpublished("no v=STSv1 TXT record at _mta-sts." + domain);
      case StsRecordSelection.Multiple multiple ->
          new Discovery.Unpublished(
              multiple.records().size() + " v=STSv1 TXT records at _mta-sts." + domain);
      case StsRecordSelection.One one ->
          switch (one.result()) {
            case ParseResult.Ok<StsRecord> ok -> new Discovery.Published(ok.value().id());
            case ParseResult.Err<StsRecord> err ->
                new Discovery.Unpublished(
                    "invalid TXT record at _mta-sts." + domain + ": " + err.errors().getFirst());
          };
    };
  }

  /** The outcome of fetching and parsing the policy (RFC 8461 §3.2, §3.3). */
  private sealed interface Fetch {
    record Fetched(String text, Policy policy) implements Fetch {}

    /** RFC 8460 §4.3.2.2: {@code type} and {@code code} say why, for TLS reports. */
    record Failed(String reason, ResultType type, String code) implements Fetch {}
  }

  private Fetch fetch(String domain) {
    String host = PolicyFetcher.policyHost(domain);
    DnsAnswer<InetAddress> addresses = dns.addresses(host);
    if (!addresses.found()) {
      return new Fetch.Failed(
          "no address for " + host + ": " + addresses.status() + " " + addresses.detail(),
          ResultType.STS_POLICY_FETCH_ERROR,
          "NO_ADDRESSES");
    }
    PolicyFetchResult result = fetcher.fetch(domain, addresses.records());
    if (result instanceof PolicyFetchResult.Failed failed) {
      return new Fetch.Failed(
          "fetching https://"
              + host
              + PolicyFetcher.POLICY_PATH
              + ": "
              + failed.failure()
              + " "
              + failed.detail(),
          switch (failed.failure()) {
            // RFC 8461 §3.3: the policy host's certificate must be valid for it (Web PKI).
            case CERTIFICATE_UNTRUSTED, CERTIFICATE_EXPIRED, CERTIFICATE_NAME_MISMATCH ->
                ResultType.STS_WEBPKI_INVALID;
            default -> ResultType.STS_POLICY_FETCH_ERROR;
          },
          failed.failure().name());
    }
    // RFC 8461 §3.3: fetch refuses a certificate that is untrusted, expired or misnamed.
    PolicyFetchResult.Fetched fetched = (PolicyFetchResult.Fetched) result;
    return switch (Policy.parse(fetched.body(), Leniency.SENDER)) {
      case ParseResult.Ok<Policy> ok -> {
        if (!ok.warnings().isEmpty()) {
          observer.deviationsTolerated(domain, host, ok.warnings());
        }
        yield new Fetch.Fetched(fetched.body(), ok.value());
      }
      case ParseResult.Err<Policy> err ->
          new Fetch.Failed(
              "invalid policy from " + host + ": " + err.errors().getFirst(),
              ResultType.STS_POLICY_INVALID,
              err.errors().getFirst().code());
    };
  }

  private Optional<Policy> parse(CachedPolicy entry) {
    ParsedText known = parsed.get(entry.domain());
    if (known != null && known.text().equals(entry.policyText())) {
      return Optional.of(known.policy());
    }
    // Warnings were logged when the text was fetched.
    if (Policy.parse(entry.policyText(), Leniency.SENDER) instanceof ParseResult.Ok<Policy> ok) {
      if (parsed.size() >= settings.negativeCapacity()) {
        parsed.clear();
      }
      parsed.put(entry.domain(), new ParsedText(entry.policyText(), ok.value()));
      return Optional.of(ok.value());
    }
    return Optional.empty();
  }

  /** Logs an unreadable cache, at most once a minute: a broken store fails every lookup. */
  private void cacheReadFailed(String domain, PolicyCacheException e) {
    long now = System.nanoTime();
    long last = lastCacheReadWarning.get();
    if ((last == 0 || now - last >= CACHE_WARNING_INTERVAL_NANOS)
        && lastCacheReadWarning.compareAndSet(last, now)) {
      LOG.log(
          System.Logger.Level.WARNING,
          "reading the cached policy of {0} failed ({1}); answering as if nothing were cached"
              + " (further failures within a minute are not logged)",
          domain,
          e.getMessage());
    }
  }

  private void store(CachedPolicy entry) {
    try {
      cache.put(entry);
    } catch (PolicyCacheException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "storing the policy of {0} failed: {1}",
          entry.domain(),
          e.getMessage());
    }
  }

  private void remember(String domain, String reason, Instant until) {
    if (settings.negativeCapacity() == 0) {
      return;
    }
    if (absent.size() >= settings.negativeCapacity()) {
      Instant now = clock.instant();
      absent.values().removeIf(a -> !a.until().isAfter(now));
      if (absent.size() >= settings.negativeCapacity()) {
        absent.clear();
      }
    }
    absent.put(domain, new Absence(reason, until));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /**
   * The cache key and DNS name of {@code domain}: its {@link Domain} A-label form.
   *
   * @throws IllegalArgumentException if {@code domain} is not a host name (a caller's error: the
   *     daemon passes only next hops that are)
   */
  static String normalize(String domain) {
    return Domain.of(domain.strip()).ascii();
  }
}

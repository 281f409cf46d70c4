package dev.mtasts.core.resolve;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * Refreshes cached policies before they expire (RFC 8461 §3.3: "MTAs SHOULD proactively refresh
 * cached policies before they expire; a suggested refresh frequency is once per day"), as the
 * incumbent's {@code proactive_policy_fetching}: every {@code interval}, each usable entry last
 * checked more than {@code interval / graceRatio} ago is checked again, at most {@code
 * concurrencyLimit} at a time. The work list comes from the cache ({@link
 * PolicyCache#checkedBefore}), so with a persistent cache a restart resumes where it stopped.
 * Rounds are spread by a random jitter of up to a tenth of the interval so that many senders do not
 * hit policy hosts at the same moment.
 */
public final class ProactiveRefresher implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(ProactiveRefresher.class.getName());
  private static final int BATCH = 1000;

  private final PolicyResolver resolver;
  private final PolicyCache cache;
  private final Clock clock;
  private final Duration interval;
  private final int concurrencyLimit;
  private final double graceRatio;
  private final RandomGenerator random;
  private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
  private volatile Thread scheduler;

  public ProactiveRefresher(
      PolicyResolver resolver,
      PolicyCache cache,
      Clock clock,
      Duration interval,
      int concurrencyLimit,
      double graceRatio,
      RandomGenerator random) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.interval = Objects.requireNonNull(interval, "interval");
    this.random = Objects.requireNonNull(random, "random");
    if (interval.isNegative() || interval.isZero() || concurrencyLimit < 1 || !(graceRatio > 0)) {
      throw new IllegalArgumentException("interval, concurrencyLimit and graceRatio must be > 0");
    }
    this.concurrencyLimit = concurrencyLimit;
    this.graceRatio = graceRatio;
  }

  /**
   * One round: checks every usable entry last checked before {@code now - interval / graceRatio}
   * and not waiting out a backoff. Returns how many domains were checked.
   */
  public int runOnce() throws InterruptedException {
    Instant now = clock.instant();
    Instant cutoff = now.minusMillis((long) (interval.toMillis() / graceRatio));
    Set<String> seen = new HashSet<>();
    Semaphore slots = new Semaphore(concurrencyLimit);
    int checked = 0;
    while (true) {
      List<CachedPolicy> batch;
      int limit = seen.size() + BATCH;
      try {
        batch = cache.checkedBefore(cutoff, limit);
      } catch (PolicyCacheException e) {
        LOG.log(System.Logger.Level.WARNING, "proactive refresh: cache scan failed: {0}", e);
        break;
      }
      List<CachedPolicy> fresh = batch.stream().filter(p -> seen.add(p.domain())).toList();
      if (fresh.isEmpty()) {
        break;
      }
      for (CachedPolicy entry : fresh) {
        RefreshState refresh = entry.refresh();
        // Expired entries wait for their next use; entries backing off wait for their retry time.
        if (!entry.usableAt(now)
            || (refresh.consecutiveFailures() > 0 && refresh.nextAttempt().isAfter(now))) {
          continue;
        }
        slots.acquire();
        checked++;
        workers.execute(
            () -> {
              try {
                resolver.refresh(entry.domain());
              } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "refreshing " + entry.domain() + " failed", e);
              } finally {
                slots.release();
              }
            });
      }
      if (batch.size() < limit) {
        break;
      }
    }
    slots.acquire(concurrencyLimit);
    slots.release(concurrencyLimit);
    return checked;
  }

  /** Starts rounds in the background: the first after a short jitter, then every interval. */
  public synchronized void start() {
    if (scheduler != null) {
      throw new IllegalStateException("already started");
    }
    scheduler =
        Thread.ofPlatform()
            .daemon()
            .name("mtasts-proactive-refresh")
            .start(
                () -> {
                  try {
                    Thread.sleep(jitter(Duration.ofSeconds(60)));
                    while (!Thread.currentThread().isInterrupted()) {
                      int n = runOnce();
                      LOG.log(
                          System.Logger.Level.INFO, "proactive refresh checked {0} policies", n);
                      Thread.sleep(interval.toMillis() + jitter(interval.dividedBy(10)));
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
  }

  private long jitter(Duration upTo) {
    long bound = Math.max(1, Math.min(upTo.toMillis(), interval.toMillis() / 10 + 1));
    return random.nextLong(bound);
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.interrupt();
    }
    workers.shutdownNow();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

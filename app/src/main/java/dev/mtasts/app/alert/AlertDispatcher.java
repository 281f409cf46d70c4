package dev.mtasts.app.alert;

import dev.mtasts.app.store.ReportStore;
import dev.mtasts.app.store.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way into the alert channels, for the rules here and for any other component: {@link
 * #raise} announces a condition once when it starts (to every configured channel, through the
 * outbox in the store), {@link #clear} ends it so that a return is announced again. Delivery runs
 * on its own thread, is retried with back-off and logged, and never blocks the caller beyond one
 * small transaction. Thread-safe.
 */
public final class AlertDispatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AlertDispatcher.class);

  /** Outbox rows handled per round. */
  private static final int BATCH = 50;

  /** How long one attempt may take before another process may try the same row. */
  private static final Duration LEASE = Duration.ofMinutes(2);

  /**
   * How failed deliveries are retried: after {@code first}, doubling up to {@code max}, at most
   * {@code attempts} attempts in all; then the message is given up (logged).
   */
  public record Retry(Duration first, Duration max, int attempts) {
    public static final Retry DEFAULT = new Retry(Duration.ofSeconds(30), Duration.ofHours(1), 12);

    public Retry {
      if (first.isNegative() || first.isZero() || max.compareTo(first) < 0 || attempts < 1) {
        throw new IllegalArgumentException("need 0 < first <= max and attempts >= 1");
      }
    }

    /** The wait after the {@code attempt}-th failed attempt (1-based). */
    Duration after(int attempt) {
      Duration d = first;
      for (int i = 1; i < attempt && d.compareTo(max) < 0; i++) {
        d = d.multipliedBy(2);
      }
      return d.compareTo(max) > 0 ? max : d;
    }
  }

  private final ReportStore store;
  private final Map<String, AlertChannel> channels;
  private final Retry retry;
  private final Clock clock;
  private final ScheduledExecutorService worker;

  /**
   * Starts the delivery thread; due messages are also looked for every {@code retry.first()}.
   *
   * @param channels where alerts go; none: state is kept, nothing is sent
   */
  public AlertDispatcher(ReportStore store, List<AlertChannel> channels, Retry retry, Clock clock) {
    this.store = store;
    this.channels =
        channels.stream().collect(Collectors.toUnmodifiableMap(AlertChannel::name, c -> c));
    this.retry = retry;
    this.clock = clock;
    this.worker =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("alert-delivery").daemon(true).unstarted(r));
    long period = retry.first().toMillis();
    worker.scheduleWithFixedDelay(this::deliverDueLogged, period, period, TimeUnit.MILLISECONDS);
  }

  /** The configured channel names. */
  public Set<String> channels() {
    return channels.keySet();
  }

  /**
   * Records that the condition holds. When it was not open, it is opened and a notification to
   * every channel is put in the outbox and delivered soon.
   *
   * @return whether the condition started now (and is being announced)
   * @throws StoreUnavailableException when the state cannot be written
   */
  public boolean raise(Alert alert) {
    Objects.requireNonNull(alert, "alert");
    Instant now = clock.instant();
    boolean opened =
        store.write(
            c -> {
              Optional<Long> id = AlertState.open(c, alert, now);
              if (id.isPresent()) {
                Notification n = Notifications.of(alert, now);
                for (String channel : channels.keySet()) {
                  AlertState.enqueue(c, id.get(), channel, n, now);
                }
              }
              return id.isPresent();
            });
    if (opened) {
      LOG.info(
          "alert {} {} {}: {}", alert.kind(), alert.domain(), alert.subject(), alert.message());
      wake();
    }
    return opened;
  }

  /**
   * Records that the condition no longer holds; when it returns, it is announced again.
   *
   * @return whether it was open
   */
  public boolean clear(String kind, String domain, String subject) {
    Instant now = clock.instant();
    boolean cleared = store.write(c -> AlertState.clear(c, kind, domain, subject, now));
    if (cleared) {
      LOG.info("alert {} {} {} cleared", kind, domain, subject);
    }
    return cleared;
  }

  /**
   * Makes the open alerts of {@code kinds} for {@code domain} exactly {@code current}: raises the
   * new ones and clears those no longer present.
   */
  public void reconcile(String domain, Set<String> kinds, Collection<Alert> current) {
    Set<String> holding = new HashSet<>();
    for (Alert a : current) {
      raise(a);
      holding.add(a.kind() + '\0' + a.subject());
    }
    for (AlertState.Open open : openAlerts(domain)) {
      Alert a = open.alert();
      if (kinds.contains(a.kind()) && !holding.contains(a.kind() + '\0' + a.subject())) {
        clear(a.kind(), a.domain(), a.subject());
      }
    }
  }

  /** The open alerts of {@code domain}, oldest first. */
  public List<Alert> open(String domain) {
    return openAlerts(domain).stream().map(AlertState.Open::alert).toList();
  }

  List<AlertState.Open> openAlerts(String domain) {
    return store.read(c -> AlertState.open(c, domain));
  }

  /** Delivers what is due soon, on the delivery thread. */
  void wake() {
    try {
      worker.execute(this::deliverDueLogged);
    } catch (RejectedExecutionException e) {
      // closing: what is in the outbox goes out at the next start
    }
  }

  private void deliverDueLogged() {
    try {
      deliverDue();
    } catch (StoreUnavailableException e) {
      LOG.warn("alert delivery: {}", e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("alert delivery failed", e);
    }
  }

  /** Delivers what is due now; the number delivered. */
  int deliverDue() {
    int delivered = 0;
    List<AlertState.Delivery> due;
    do {
      Instant now = clock.instant();
      due = store.read(c -> AlertState.due(c, now, BATCH));
      for (AlertState.Delivery d : due) {
        if (store.write(c -> AlertState.claim(c, d.id(), now, now.plus(LEASE)))) {
          delivered += attempt(d) ? 1 : 0;
        }
      }
    } while (due.size() == BATCH);
    return delivered;
  }

  private boolean attempt(AlertState.Delivery d) {
    int attempt = d.attempts() + 1;
    AlertChannel channel = channels.get(d.channel());
    String error;
    if (channel == null) {
      error = "channel " + d.channel() + " is no longer configured";
      LOG.warn("alert delivery {}: {}; given up", d.id(), error);
      settle(d, false, Optional.empty(), error);
      return false;
    }
    try {
      channel.deliver(d.notification());
      settle(d, true, Optional.empty(), null);
      LOG.info("alert delivered by {}: {}", d.channel(), d.notification().title());
      return true;
    } catch (AlertChannel.DeliveryException e) {
      error = e.getMessage();
    } catch (RuntimeException e) {
      error = e.toString();
    }
    if (attempt >= retry.attempts()) {
      LOG.error(
          "alert delivery by {} failed {} times, given up: {} ({})",
          d.channel(),
          attempt,
          error,
          d.notification().title());
      settle(d, false, Optional.empty(), error);
    } else {
      Duration wait = retry.after(attempt);
      LOG.warn(
          "alert delivery by {} failed (attempt {}), retrying in {} s: {}",
          d.channel(),
          attempt,
          wait.toSeconds(),
          error);
      settle(d, false, Optional.of(clock.instant().plus(wait)), error);
    }
    return false;
  }

  private void settle(
      AlertState.Delivery d, boolean delivered, Optional<Instant> next, String error) {
    Instant now = clock.instant();
    store.write(
        c -> {
          AlertState.settle(c, d.id(), delivered, next, error, now);
          return null;
        });
  }

  /** Stops the delivery thread; what is still in the outbox is sent after the next start. */
  @Override
  public void close() {
    worker.shutdownNow();
    try {
      worker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

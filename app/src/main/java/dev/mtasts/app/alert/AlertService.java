package dev.mtasts.app.alert;

import dev.mtasts.app.relay.RelayClient;
import dev.mtasts.app.store.DomainListing;
import dev.mtasts.app.store.ReportStore;
import dev.mtasts.app.store.StoreUnavailableException;
import dev.mtasts.core.tls.TrustAnchors;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerts of a running {@code serve}: the rules, evaluated for the domains of stored reports a
 * debounce after they were stored and for every domain on a schedule; the daily digest; and the
 * {@link AlertDispatcher} every component raises alerts through. Without an {@code alerts} section
 * no rule runs and no channel is configured, but {@link #dispatcher()} still keeps alert state.
 */
public final class AlertService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AlertService.class);

  /** For connecting to the mail relay and for each read and write. */
  private static final Duration MAIL_TIMEOUT = Duration.ofSeconds(30);

  private final ReportStore store;
  private final Optional<AlertConfig> config;
  private final RuleEvaluator rules;
  private final AlertDispatcher dispatcher;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final Set<String> pending = new TreeSet<>();
  private boolean evaluationScheduled;

  private AlertService(
      ReportStore store, Optional<AlertConfig> config, AlertDispatcher dispatcher, Clock clock) {
    this.store = store;
    this.config = config;
    this.rules =
        new RuleEvaluator(
            config
                .map(AlertConfig::rules)
                .orElse(
                    new AlertConfig.Rules(
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty())));
    this.dispatcher = dispatcher;
    this.clock = clock;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("alert-rules").daemon(true).unstarted(r));
  }

  /**
   * Builds the channels and starts the schedules.
   *
   * @param anchors the roots the mail relay's certificate must chain to
   * @throws IOException when the webhook's secret file cannot be read
   */
  public static AlertService start(
      ReportStore store, Optional<AlertConfig> config, TrustAnchors anchors, Clock clock)
      throws IOException {
    List<AlertChannel> channels = new ArrayList<>();
    if (config.isPresent()) {
      if (config.get().webhook().isPresent()) {
        channels.add(WebhookChannel.of(config.get().webhook().get(), clock));
      }
      config
          .get()
          .email()
          .ifPresent(
              e ->
                  channels.add(
                      new EmailChannel(
                          e,
                          new RelayClient(
                              e.relay(), anchors, e.from().replaceFirst(".*@", ""), MAIL_TIMEOUT),
                          clock)));
    }
    AlertDispatcher.Retry retry =
        config.map(AlertConfig::retry).orElse(AlertDispatcher.Retry.DEFAULT);
    AlertService service =
        new AlertService(store, config, new AlertDispatcher(store, channels, retry, clock), clock);
    config.ifPresent(service::schedule);
    return service;
  }

  private void schedule(AlertConfig c) {
    long interval = c.interval().toMillis();
    scheduler.scheduleWithFixedDelay(
        this::evaluateAllLogged, interval, interval, TimeUnit.MILLISECONDS);
    if (c.digest().isPresent()) {
      scheduler.scheduleWithFixedDelay(this::digestLogged, 0, 60, TimeUnit.SECONDS);
    }
  }

  /** Where alerts are raised and cleared. */
  public AlertDispatcher dispatcher() {
    return dispatcher;
  }

  /**
   * Reports for {@code domains} were stored: their rules are evaluated after the debounce, together
   * with whatever else is stored meanwhile. Returns at once.
   */
  public void stored(Collection<String> domains) {
    if (config.isEmpty() || domains.isEmpty()) {
      return;
    }
    synchronized (pending) {
      pending.addAll(domains);
      if (evaluationScheduled) {
        return;
      }
      evaluationScheduled = true;
    }
    try {
      scheduler.schedule(
          this::evaluatePending, config.get().debounce().toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // stopping: the scheduled evaluation after the next start covers these reports
    }
  }

  private void evaluatePending() {
    List<String> domains;
    synchronized (pending) {
      domains = List.copyOf(pending);
      pending.clear();
      evaluationScheduled = false;
    }
    for (String domain : domains) {
      evaluateLogged(domain);
    }
  }

  private void evaluateAllLogged() {
    try {
      for (DomainListing d : store.domains()) {
        evaluateLogged(d.domain());
      }
    } catch (StoreUnavailableException e) {
      LOG.warn("alert rules: {}", e.getMessage());
    }
  }

  private void evaluateLogged(String domain) {
    try {
      evaluate(domain);
    } catch (StoreUnavailableException e) {
      LOG.warn("alert rules for {}: {}", domain, e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("alert rules for {} failed", domain, e);
    }
  }

  /** Evaluates the rules for {@code domain} now: raises what holds, clears what no longer does. */
  public void evaluate(String domain) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    List<Alert> holding = store.read(c -> rules.evaluate(c, domain, today));
    dispatcher.reconcile(domain, rules.kinds(), holding);
  }

  private void digestLogged() {
    try {
      digestIfDue();
    } catch (StoreUnavailableException e) {
      LOG.warn("alert digest: {}", e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("alert digest failed", e);
    }
  }

  /** Sends today's digest when its hour has come and it was not sent yet; whether it was sent. */
  boolean digestIfDue() {
    Optional<AlertConfig.Digest> digest = config.flatMap(AlertConfig::digest);
    Instant now = clock.instant();
    ZonedDateTime utc = now.atZone(ZoneOffset.UTC);
    if (digest.isEmpty() || utc.getHour() < digest.get().hour()) {
      return false;
    }
    boolean sent =
        store.write(
            c -> {
              if (!AlertState.claimDigest(c, utc.toLocalDate().toString(), now)) {
                return false;
              }
              Notification n = Digest.build(c, now);
              for (String channel : dispatcher.channels()) {
                AlertState.enqueue(c, null, channel, n, now);
              }
              return true;
            });
    if (sent) {
      LOG.info("alert digest for {} queued", utc.toLocalDate().minusDays(1));
      dispatcher.wake();
    }
    return sent;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    dispatcher.close();
  }
}

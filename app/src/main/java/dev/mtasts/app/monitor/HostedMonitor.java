package dev.mtasts.app.monitor;

import dev.mtasts.app.alert.Alert;
import dev.mtasts.app.alert.AlertDispatcher;
import dev.mtasts.app.check.ReportJson;
import dev.mtasts.app.store.MonitorCheck;
import dev.mtasts.app.store.RolloutStore;
import dev.mtasts.app.store.StoreUnavailableException;
import dev.mtasts.core.check.DomainChecker;
import dev.mtasts.core.check.DomainReport;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code check} on every hosted domain on a schedule, keeps each result in the store and makes
 * the domain's open monitoring alerts exactly what the latest check shows ({@link MonitorRules}),
 * through the alert channels.
 */
public final class HostedMonitor implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HostedMonitor.class);

  private final DomainChecker checker;
  private final Supplier<List<ServedPolicy>> hosted;
  private final RolloutStore store;
  private final AlertDispatcher alerts;
  private final Clock clock;
  private final ScheduledExecutorService schedule;

  public HostedMonitor(
      DomainChecker checker,
      Supplier<List<ServedPolicy>> hosted,
      RolloutStore store,
      AlertDispatcher alerts,
      Clock clock) {
    this.checker = Objects.requireNonNull(checker, "checker");
    this.hosted = Objects.requireNonNull(hosted, "hosted");
    this.store = Objects.requireNonNull(store, "store");
    this.alerts = Objects.requireNonNull(alerts, "alerts");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.schedule =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("serve-monitor").daemon(true).unstarted(r));
  }

  /** Checks now and then every {@code interval}, the first one after {@code firstDelay}. */
  public void start(Duration firstDelay, Duration interval) {
    schedule.scheduleWithFixedDelay(
        this::runLogged, firstDelay.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Checks every hosted domain once, in turn, and returns what was kept. */
  public List<MonitorCheck> runOnce() {
    List<MonitorCheck> done = new ArrayList<>();
    for (ServedPolicy served : hosted.get()) {
      DomainReport report = checker.check(served.domain());
      List<Alert> found = MonitorRules.alerts(report, served, clock.instant());
      MonitorCheck check =
          new MonitorCheck(
              served.domain(),
              report.checkedAt(),
              report.status().token(),
              found.stream().map(a -> a.kind() + " " + a.subject()).toList(),
              ReportJson.line(ReportJson.of(served.domain(), report)));
      store.checked(check);
      if (MonitorRules.conclusive(report)) {
        alerts.reconcile(served.domain(), MonitorRules.KINDS, found);
      } else {
        LOG.warn(
            "monitor: the check of {} could not ask DNS; its alerts stay as they were",
            served.domain());
      }
      LOG.info(
          "monitor: {} {}{}",
          served.domain(),
          check.status(),
          found.isEmpty() ? "" : ", alerts: " + String.join("; ", check.alerts()));
      done.add(check);
    }
    return done;
  }

  private void runLogged() {
    try {
      runOnce();
    } catch (StoreUnavailableException e) {
      LOG.warn("monitor: {}", e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("monitor: the scheduled check failed", e);
    }
  }

  @Override
  public void close() {
    schedule.shutdownNow();
  }
}

package dev.mtasts.app.rollout;

import dev.mtasts.app.alert.AlertDispatcher;
import dev.mtasts.app.check.Checkers;
import dev.mtasts.app.hosting.PolicyHosting;
import dev.mtasts.app.monitor.HostedMonitor;
import dev.mtasts.app.monitor.ServedPolicy;
import dev.mtasts.app.store.ReportStore;
import dev.mtasts.app.store.RolloutStore;
import dev.mtasts.core.check.CheckOptions;
import dev.mtasts.core.dns.DnssecMode;
import dev.mtasts.core.fetch.FetchSettings;
import dev.mtasts.core.probe.ProbeSettings;
import dev.mtasts.core.tls.TrustAnchors;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The rollout and the monitoring of the domains serve hosts, started with the policy listener:
 * {@link RolloutService} every {@link RolloutService#DEFAULT_ROUND}, {@link HostedMonitor} every
 * {@code policy_host.monitor_interval} (first a minute after the start).
 */
public final class HostedRollout implements AutoCloseable {

  /** The first monitoring check waits this long: serve's own publishing goes first. */
  static final Duration FIRST_CHECK = Duration.ofMinutes(1);

  private final RolloutService rollout;
  private final Optional<HostedMonitor> monitor;

  private HostedRollout(RolloutService rollout, Optional<HostedMonitor> monitor) {
    this.rollout = rollout;
    this.monitor = monitor;
  }

  /**
   * @param dns the DNS server of the config ({@code dns}); empty: the system's
   * @param configFile the file serve reloads; empty without one
   */
  public static HostedRollout start(
      PolicyHosting hosting,
      ReportStore reports,
      AlertDispatcher alerts,
      Optional<InetSocketAddress> dns,
      Optional<Path> configFile,
      Clock clock) {
    RolloutStore store = new RolloutStore(reports);
    RolloutService rollout =
        new RolloutService(
            hosting::config,
            new ServedPolicyProbe(hosting::address, clock),
            store,
            configFile,
            clock);
    rollout.start(RolloutService.DEFAULT_ROUND);
    Duration interval = hosting.config().monitorInterval();
    Optional<HostedMonitor> monitor = Optional.empty();
    if (!interval.isZero()) {
      Duration timeout = Duration.ofSeconds(10);
      HostedMonitor m =
          new HostedMonitor(
              new Checkers(
                      dns,
                      DnssecMode.TRUST_AD,
                      TrustAnchors.jdkDefault(),
                      FetchSettings.DEFAULT_PORT,
                      ProbeSettings.DEFAULT_PORT,
                      timeout,
                      CheckOptions.DEFAULT_DEADLINE,
                      false)
                  .checker(clock),
              () ->
                  hosting.config().domains().stream()
                      .filter(d -> store.retirement(d.domain()).flatMap(r -> r.removed()).isEmpty())
                      .map(d -> new ServedPolicy(d.domain(), d.hostedPolicy().id(), d.policy()))
                      .toList(),
              store,
              alerts,
              clock);
      m.start(FIRST_CHECK, interval);
      monitor = Optional.of(m);
    }
    return new HostedRollout(rollout, monitor);
  }

  @Override
  public void close() {
    monitor.ifPresent(HostedMonitor::close);
    rollout.close();
  }
}

package dev.mtasts.app.rollout;

import dev.mtasts.app.alert.AlertDispatcher;
import dev.mtasts.app.check.Checkers;
import dev.mtasts.app.hosting.PolicyHosting;
import dev.mtasts.app.listen.CannotStartException;
import dev.mtasts.app.monitor.HostedMonitor;
import dev.mtasts.app.monitor.ServedPolicy;
import dev.mtasts.app.serve.ServeConfig;
import dev.mtasts.app.store.ReportStore;
import dev.mtasts.app.store.RolloutStore;
import dev.mtasts.core.ParseResult;
import dev.mtasts.core.check.CheckOptions;
import dev.mtasts.core.dns.DnssecMode;
import dev.mtasts.core.tls.TrustAnchors;
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

  /** Per network step of a monitoring check, as {@code check}'s default. */
  static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);

  private final RolloutService rollout;
  private final Optional<HostedMonitor> monitor;

  private HostedRollout(RolloutService rollout, Optional<HostedMonitor> monitor) {
    this.rollout = rollout;
    this.monitor = monitor;
  }

  /**
   * @param checks the checker of the monitoring ({@link #monitorCheckers})
   * @param configFile the file serve reloads; empty without one
   */
  public static HostedRollout start(
      PolicyHosting hosting,
      ReportStore reports,
      AlertDispatcher alerts,
      Checkers checks,
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
      HostedMonitor m =
          new HostedMonitor(
              checks.checker(clock),
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

  /**
   * The monitoring's checker, as {@code check} runs it with the config's {@code dns}, {@code
   * ca_file} (besides the JDK's roots), {@code https_port}, {@code smtp_port} and {@code
   * allow_private_addresses}.
   *
   * @throws CannotStartException when {@code ca_file} cannot be read
   */
  public static Checkers monitorCheckers(ServeConfig config) {
    ServeConfig.Outbound outbound = config.outbound();
    TrustAnchors anchors = TrustAnchors.jdkDefault();
    if (outbound.caFile().isPresent()) {
      ParseResult<TrustAnchors> read = TrustAnchors.jdkDefaultPlus(outbound.caFile().get());
      if (!(read instanceof ParseResult.Ok<TrustAnchors> ok)) {
        throw new CannotStartException("ca_file " + read.errors().getFirst().message(), null);
      }
      anchors = ok.value();
    }
    return new Checkers(
        config.dns(),
        DnssecMode.TRUST_AD,
        anchors,
        outbound.httpsPort(),
        outbound.smtpPort(),
        CHECK_TIMEOUT,
        CheckOptions.DEFAULT_DEADLINE,
        config.allowPrivateAddresses());
  }

  @Override
  public void close() {
    monitor.ifPresent(HostedMonitor::close);
    rollout.close();
  }
}

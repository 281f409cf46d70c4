package dev.mtasts.app.resolver;

import dev.mtasts.core.Problem;
import dev.mtasts.core.resolve.RefreshObserver;
import dev.mtasts.core.tlsrpt.ResultType;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the daemon does with refresh events: failures count in the metrics, and a policy applied
 * despite RFC 8461 §3.2 deviations is logged once per fetch so the operator can tell its owner.
 * {@code query} shows the deviations in its own output, so it does not log them too.
 */
final class FetchObserver implements RefreshObserver {

  private static final Logger LOG = LoggerFactory.getLogger(FetchObserver.class);

  private final ResolverMetrics metrics;
  private final boolean logDeviations;
  private final RefreshObserver reports;

  /**
   * @param reports hears the policies that could not be had, for the TLS reports we send
   */
  FetchObserver(ResolverMetrics metrics, boolean logDeviations, RefreshObserver reports) {
    this.metrics = metrics;
    this.logDeviations = logDeviations;
    this.reports = reports;
  }

  @Override
  public void policyUnavailable(
      String domain, ResultType type, String reasonCode, Optional<String> applied) {
    reports.policyUnavailable(domain, type, reasonCode, applied);
  }

  @Override
  public void refreshFailed(String domain, String reason) {
    metrics.fetchFailed();
  }

  @Override
  public void deviationsTolerated(String domain, String host, List<Problem> deviations) {
    if (logDeviations) {
      LOG.warn(
          "the policy of {} from {} deviates from RFC 8461 §3.2 and is applied as read; its owner"
              + " should fix it: {}",
          domain,
          host,
          String.join("; ", deviations.stream().map(Problem::toString).toList()));
    }
  }
}

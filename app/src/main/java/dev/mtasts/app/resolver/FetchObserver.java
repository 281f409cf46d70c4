package dev.mtasts.app.resolver;

import dev.mtasts.core.Problem;
import dev.mtasts.core.resolve.RefreshObserver;
import java.util.List;
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

  FetchObserver(ResolverMetrics metrics, boolean logDeviations) {
    this.metrics = metrics;
    this.logDeviations = logDeviations;
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

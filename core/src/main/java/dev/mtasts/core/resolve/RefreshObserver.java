package dev.mtasts.core.resolve;

import dev.mtasts.core.Problem;
import java.util.List;

/**
 * Hears about failed policy refreshes (RFC 8461 §3.3) and tolerated deviations, for metrics, logs
 * and alerts.
 */
@FunctionalInterface
public interface RefreshObserver {

  /**
   * Discovering or fetching the policy of {@code domain} failed (DNS or HTTPS), whether or not a
   * cached policy is applied meanwhile. Called once per attempt; must be cheap and never throw.
   */
  void refreshFailed(String domain, String reason);

  /**
   * The policy of {@code domain} fetched from {@code host} is applied despite deviations from RFC
   * 8461 §3.2 that senders read past ({@code Leniency.SENDER}): the domain's owner should fix them.
   * Called once per fetch, not per lookup; must be cheap and never throw.
   */
  default void deviationsTolerated(String domain, String host, List<Problem> deviations) {}

  /** Hears nothing. */
  RefreshObserver NONE = (domain, reason) -> {};
}

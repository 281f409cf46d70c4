package dev.mtasts.core.resolve;

/** Hears about failed policy refreshes, for metrics and alerts (RFC 8461 §3.3). */
@FunctionalInterface
public interface RefreshObserver {

  /**
   * Discovering or fetching the policy of {@code domain} failed (DNS or HTTPS), whether or not a
   * cached policy is applied meanwhile. Called once per attempt; must be cheap and never throw.
   */
  void refreshFailed(String domain, String reason);

  /** Hears nothing. */
  RefreshObserver NONE = (domain, reason) -> {};
}

package dev.mtasts.core.resolve;

import dev.mtasts.core.Problem;
import dev.mtasts.core.tlsrpt.ResultType;
import java.util.List;
import java.util.Optional;

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

  /**
   * A published policy of {@code domain} could not be had (RFC 8460 §4.3.2.2): {@code type} is
   * {@code sts-policy-fetch-error} (the policy host unknown, unreachable, or its answer unusable),
   * {@code sts-webpki-invalid} (its certificate untrusted, expired or for another name) or {@code
   * sts-policy-invalid} (the policy does not parse). Called once per attempt, beside {@link
   * #refreshFailed}; must be cheap and never throw.
   *
   * @param reasonCode the stable code of the cause (a {@code FetchFailure} or a policy error code)
   * @param applied the text of the cached policy applied meanwhile, if any
   */
  default void policyUnavailable(
      String domain, ResultType type, String reasonCode, Optional<String> applied) {}

  /** Hears nothing. */
  RefreshObserver NONE = (domain, reason) -> {};
}

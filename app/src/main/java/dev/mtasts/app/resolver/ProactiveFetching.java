package dev.mtasts.app.resolver;

import java.time.Duration;

/**
 * The {@code proactive_policy_fetching} section: refreshing cached policies in the background (RFC
 * 8461 §5.1 recommends refreshing before expiry).
 *
 * @param interval how often a refresh round runs
 * @param concurrencyLimit most domains refreshed at once
 * @param graceRatio a domain checked less than {@code interval / graceRatio} ago is skipped
 */
public record ProactiveFetching(
    boolean enabled, Duration interval, int concurrencyLimit, double graceRatio) {

  public static final ProactiveFetching DEFAULT =
      new ProactiveFetching(false, Duration.ofSeconds(86400), 100, 2.0);
}

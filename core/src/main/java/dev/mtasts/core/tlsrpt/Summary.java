package dev.mtasts.core.tlsrpt;

/**
 * The {@code summary} of a report entry (RFC 8460 §4.2).
 *
 * @param totalSuccessfulSessionCount {@code total-successful-session-count}
 * @param totalFailureSessionCount {@code total-failure-session-count}
 */
public record Summary(long totalSuccessfulSessionCount, long totalFailureSessionCount) {

  public Summary {
    if (totalSuccessfulSessionCount < 0 || totalFailureSessionCount < 0) {
      throw new IllegalArgumentException("session counts are not negative");
    }
  }
}

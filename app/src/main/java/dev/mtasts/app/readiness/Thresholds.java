package dev.mtasts.app.readiness;

/**
 * What the verdict requires (the {@code readiness} section of the serve config,
 * docs/configuration.md).
 *
 * @param windowDays the reports whose date range starts within the last this many days count
 * @param minDays reports on at least this many distinct days
 * @param minSenders from at least this many distinct sending organisations
 * @param minSessions at least this many sessions under an MTA-STS policy
 * @param maxFailureRate at most this share of MTA-STS sessions fails in a way enforce would block
 * @param maxSenderFailureRate the same for each sending organisation on its own
 */
public record Thresholds(
    int windowDays,
    int minDays,
    int minSenders,
    long minSessions,
    double maxFailureRate,
    double maxSenderFailureRate) {

  public static final Thresholds DEFAULT = new Thresholds(30, 14, 2, 100, 0.001, 0.01);

  public Thresholds {
    if (windowDays < 1 || minDays < 1 || minDays > windowDays + 1) {
      throw new IllegalArgumentException("need 1 <= min_days <= window_days + 1");
    }
    if (minSenders < 1 || minSessions < 1) {
      throw new IllegalArgumentException("min_senders and min_sessions must be at least 1");
    }
    if (!(maxFailureRate >= 0 && maxFailureRate < 1)
        || !(maxSenderFailureRate >= 0 && maxSenderFailureRate < 1)) {
      throw new IllegalArgumentException("failure rates must be within 0 (inclusive) and 1");
    }
  }
}

package dev.mtasts.core.resolve;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When a cached policy was last checked against DNS and the policy host, and how refreshing it has
 * been failing (RFC 8461 §5.1: a sender should refresh a cached policy before it expires and keeps
 * using it while refreshing fails).
 *
 * @param lastChecked when the sender last looked for a newer policy (successfully or not)
 * @param consecutiveFailures refresh attempts that failed in a row since the last success
 * @param nextAttempt the earliest instant the next refresh should be tried (backoff)
 */
public record RefreshState(Instant lastChecked, int consecutiveFailures, Instant nextAttempt) {

  public RefreshState {
    Objects.requireNonNull(lastChecked, "lastChecked");
    Objects.requireNonNull(nextAttempt, "nextAttempt");
    if (consecutiveFailures < 0) {
      throw new IllegalArgumentException("consecutiveFailures < 0: " + consecutiveFailures);
    }
    if (nextAttempt.isBefore(lastChecked)) {
      throw new IllegalArgumentException("nextAttempt before lastChecked");
    }
  }

  /** The state right after a successful check at {@code at}: no failures, no backoff. */
  public static RefreshState checkedAt(Instant at) {
    return new RefreshState(at, 0, at);
  }

  /** The state after one more failed refresh at {@code at}, to be retried after {@code backoff}. */
  public RefreshState failedAt(Instant at, Duration backoff) {
    if (backoff.isNegative()) {
      throw new IllegalArgumentException("negative backoff: " + backoff);
    }
    return new RefreshState(at, consecutiveFailures + 1, at.plus(backoff));
  }
}

package dev.mtasts.core.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CachedPolicyTest {

  private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");

  private static CachedPolicy make(String domain, Instant fetched, Instant expires) {
    return new CachedPolicy(
        domain, "id", "version: STSv1\n", fetched, expires, RefreshState.checkedAt(fetched));
  }

  @Test
  void usableUntilMaxAgeEndsExclusive() {
    CachedPolicy p = make("example.com", T0, T0.plusSeconds(86400));
    assertThat(p.usableAt(T0)).isTrue();
    assertThat(p.usableAt(T0.plusSeconds(86399))).isTrue();
    assertThat(p.usableAt(T0.plusSeconds(86400))).isFalse();
  }

  @Test
  void maxAgeZeroIsNeverUsable() {
    // RFC 8461 §3.2 allows max_age 0: the policy expires at once.
    assertThat(make("example.com", T0, T0).usableAt(T0)).isFalse();
  }

  @Test
  void rejectsUpperCaseDomain() {
    assertThatThrownBy(() -> make("Example.com", T0, T0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsTrailingDot() {
    assertThatThrownBy(() -> make("example.com.", T0, T0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsEmptyDomain() {
    assertThatThrownBy(() -> make("", T0, T0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsExpiryBeforeFetch() {
    assertThatThrownBy(() -> make("example.com", T0, T0.minusSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void failedRefreshCountsAndBacksOff() {
    RefreshState s =
        RefreshState.checkedAt(T0)
            .failedAt(T0.plusSeconds(10), Duration.ofMinutes(1))
            .failedAt(T0.plusSeconds(80), Duration.ofMinutes(2));
    assertThat(s.consecutiveFailures()).isEqualTo(2);
    assertThat(s.lastChecked()).isEqualTo(T0.plusSeconds(80));
    assertThat(s.nextAttempt()).isEqualTo(T0.plusSeconds(200));
  }

  @Test
  void refreshStateRejectsNegativeFailuresAndBackwardsBackoff() {
    assertThatThrownBy(() -> new RefreshState(T0, -1, T0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RefreshState(T0, 0, T0.minusSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RefreshState.checkedAt(T0).failedAt(T0, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

package dev.mtasts.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

  private final MutableClock clock = new MutableClock();
  private final LoginThrottle throttle = new LoginThrottle(clock);

  @Test
  void theLockStartsAtTheFifthBadTokenAndDoublesUpToAnHour() {
    for (int i = 1; i < LoginThrottle.FREE_FAILURES; i++) {
      assertThat(throttle.failed("192.0.2.1").lock()).isZero();
      assertThat(throttle.lockedFor("192.0.2.1")).isEmpty();
    }
    assertThat(throttle.failed("192.0.2.1").lock()).isEqualTo(Duration.ofSeconds(30));
    assertThat(throttle.lockedFor("192.0.2.1")).hasValue(Duration.ofSeconds(30));
    assertThat(throttle.lockedFor("192.0.2.2")).isEmpty(); // per address
    clock.advance(Duration.ofSeconds(30));
    assertThat(throttle.lockedFor("192.0.2.1")).isEmpty();
    assertThat(throttle.failed("192.0.2.1").lock()).isEqualTo(Duration.ofSeconds(60));
    assertThat(LoginThrottle.lock(11)).isEqualTo(Duration.ofSeconds(30 * 64));
    assertThat(LoginThrottle.lock(12)).isEqualTo(Duration.ofHours(1));
    assertThat(LoginThrottle.lock(1000)).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void aGoodTokenOrAnHourWithoutFailuresStartsAfresh() {
    for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
      throttle.failed("192.0.2.1");
    }
    throttle.succeeded("192.0.2.1");
    assertThat(throttle.lockedFor("192.0.2.1")).isEmpty();
    assertThat(throttle.failed("192.0.2.1").count()).isEqualTo(1);
    clock.advance(Duration.ofHours(1));
    assertThat(throttle.failed("192.0.2.1").count()).isEqualTo(1);
    clock.advance(Duration.ofMinutes(59));
    assertThat(throttle.failed("192.0.2.1").count()).isEqualTo(2);
  }

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-07-01T12:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}

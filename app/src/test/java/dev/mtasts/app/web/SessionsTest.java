package dev.mtasts.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SessionsTest {

  private final LoginThrottleTest.MutableClock clock = new LoginThrottleTest.MutableClock();
  private final Sessions sessions = new Sessions(clock);

  @Test
  void aSessionEndsWhenIdleTooLong() {
    Sessions.Session s = sessions.create();
    clock.advance(Sessions.IDLE.minusSeconds(1));
    assertThat(sessions.find(s.id())).isPresent();
    clock.advance(Sessions.IDLE.minusSeconds(1)); // touched just before: still alive
    assertThat(sessions.find(s.id())).isPresent();
    clock.advance(Sessions.IDLE);
    assertThat(sessions.find(s.id())).isEmpty();
  }

  @Test
  void aSessionEndsAtItsLifetimeEvenWhenUsed() {
    Sessions.Session s = sessions.create();
    for (Duration used = Duration.ZERO;
        used.compareTo(Sessions.LIFETIME.minusHours(1)) < 0;
        used = used.plusHours(1)) {
      clock.advance(Duration.ofHours(1));
      assertThat(sessions.find(s.id())).isPresent();
    }
    clock.advance(Duration.ofHours(1));
    assertThat(sessions.find(s.id())).isEmpty();
  }

  @Test
  void logoutEndsOnlyThatSessionAndIdsAndTokensAreRandom() {
    Sessions.Session a = sessions.create();
    Sessions.Session b = sessions.create();
    assertThat(a.id()).isNotEqualTo(b.id()).hasSize(43);
    assertThat(a.csrf()).isNotEqualTo(a.id()).isNotEqualTo(b.csrf());
    sessions.end(a);
    assertThat(sessions.find(a.id())).isEmpty();
    assertThat(sessions.find(b.id())).isPresent();
    assertThat(sessions.find("")).isEmpty();
  }

  @Test
  void tooManySessionsDropTheOldest() {
    Sessions.Session first = sessions.create();
    for (int i = 1; i < Sessions.MAX_SESSIONS; i++) {
      clock.advance(Duration.ofMillis(1));
      sessions.create();
    }
    assertThat(sessions.find(first.id())).isPresent();
    clock.advance(Duration.ofMillis(1));
    sessions.create();
    assertThat(sessions.find(first.id())).isEmpty();
  }
}

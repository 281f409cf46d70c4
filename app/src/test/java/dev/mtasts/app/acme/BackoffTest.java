package dev.mtasts.app.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final RandomGenerator random = new SplittableRandom(42);
  private final Backoff production = Backoff.DEFAULT;

  @Test
  void eachFailureDoublesTheWaitWithJitterDownToHalf() {
    for (int failures = 1; failures <= 6; failures++) {
      Duration full = Duration.ofMinutes(5).multipliedBy(1L << (failures - 1));
      for (int draw = 0; draw < 200; draw++) {
        assertThat(production.delay(failures, random)).isBetween(full.dividedBy(2), full);
      }
    }
  }

  @Test
  void waitIsCappedAtTwelveHoursHoweverManyFailures() {
    for (int failures : new int[] {9, 10, 40, Integer.MAX_VALUE}) {
      assertThat(production.delay(failures, random))
          .isBetween(Duration.ofHours(6), Duration.ofHours(12));
    }
  }

  @Test
  void jitterSpreadsRetries() {
    long distinct =
        java.util.stream.IntStream.range(0, 50)
            .mapToObj(i -> production.delay(3, random))
            .distinct()
            .count();
    assertThat(distinct).isGreaterThan(40);
  }

  @Test
  void firstRetryNeverComesSoonerThanTwoAndAHalfMinutes() {
    for (int draw = 0; draw < 500; draw++) {
      assertThat(production.delay(1, random)).isGreaterThanOrEqualTo(Duration.ofSeconds(150));
    }
  }

  @Test
  void laterRetryAfterFromTheServerWins() {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    Optional<Instant> retryAfter = Optional.of(now.plus(Duration.ofHours(3)));
    assertThat(production.delay(1, retryAfter, now, random)).isEqualTo(Duration.ofHours(3));
    // a Retry-After sooner than our own wait does not shorten it
    assertThat(production.delay(1, Optional.of(now.plusSeconds(1)), now, random))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(150));
  }

  @Test
  void nonsensicalSettingsAreRefused() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofHours(2), Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

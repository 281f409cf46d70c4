package dev.mtasts.app.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.store.PolicyVersion;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** RFC 8461 §8.3: when the record and the policy may go, from the history, on a fixed clock. */
class RetirePlannerTest {

  static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
  static final RetirePlanner PLANNER = new RetirePlanner(Clock.fixed(NOW, ZoneOffset.UTC));
  static final long WEEK = 604_800;
  static final long DAY = 86_400;

  static PolicyVersion version(String id, String mode, long maxAge, Instant from, Instant to) {
    return new PolicyVersion(
        "example.org", id, mode, maxAge, "text", from, Optional.ofNullable(to), Optional.empty());
  }

  static PolicyVersion current(long maxAge) {
    return version("cur", "enforce", maxAge, NOW.minusSeconds(30 * DAY), null);
  }

  @Test
  void withoutHistoryTheCurrentMaxAgeFromNowDecides() {
    RetirePlan plan = PLANNER.plan(current(WEEK), List.of());
    assertThat(plan.start()).isEqualTo(NOW);
    assertThat(plan.removeAt()).isEqualTo(Instant.parse("2026-12-10T12:00:00Z"));
    assertThat(plan.decidedBy()).isEqualTo("cur");
    assertThat(plan.noneMaxAge()).isEqualTo(DAY);
  }

  @Test
  void anOlderPolicyWithALongerMaxAgeOutlivesTheCurrentOne() {
    // served until two days ago with a year's max_age: cached until a year after that
    PolicyVersion old =
        version(
            "old", "enforce", 31_557_600, NOW.minusSeconds(60 * DAY), NOW.minusSeconds(2 * DAY));
    RetirePlan plan = PLANNER.plan(current(WEEK), List.of(old, current(WEEK)));
    assertThat(plan.removeAt()).isEqualTo(NOW.minusSeconds(2 * DAY).plusSeconds(31_557_600));
    assertThat(plan.decidedBy()).isEqualTo("old");
  }

  @Test
  void anOlderPolicyLongExpiredDoesNotDelay() {
    PolicyVersion old =
        version("old", "testing", DAY, NOW.minusSeconds(90 * DAY), NOW.minusSeconds(60 * DAY));
    assertThat(PLANNER.plan(current(WEEK), List.of(old)).removeAt())
        .isEqualTo(NOW.plusSeconds(WEEK));
  }

  @Test
  void earlierNonePoliciesDoNotCount() {
    PolicyVersion none =
        version("n", "none", 31_557_600, NOW.minusSeconds(10 * DAY), NOW.minusSeconds(9 * DAY));
    assertThat(PLANNER.plan(current(DAY), List.of(none)).removeAt())
        .isEqualTo(NOW.plusSeconds(DAY));
  }

  @Test
  void theStepsSayTheirDates() {
    List<RetirePlan.Step> steps = PLANNER.plan(current(WEEK), List.of()).steps();
    assertThat(steps)
        .extracting(RetirePlan.Step::at)
        .containsExactly(NOW, NOW, NOW.plusSeconds(WEEK));
    assertThat(steps.getFirst().what()).contains("mode: none", "max_age 86400");
    assertThat(steps.getLast().what()).contains("remove the _mta-sts.example.org TXT record");
  }
}

package dev.mtasts.app.readiness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtasts.app.store.PolicySeen;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyMxTest {

  private static PolicySeen seen(
      String type, boolean current, List<String> lines, List<String> mx) {
    LocalDate day = LocalDate.of(2026, 7, 1);
    return new PolicySeen(
        type, lines, Optional.empty(), mx, Optional.empty(), day, day, current, List.of());
  }

  @Test
  void theCurrentStsPolicyGivesItsMxLines() {
    assertThat(
            PolicyMx.patterns(
                List.of(
                    seen("sts", false, List.of(), List.of("old.example.org")),
                    seen("tlsa", true, List.of(), List.of("x.example.org")),
                    seen(
                        "sts", true, List.of(), List.of("MX1.example.org", "*.mail.example.org")))))
        .containsExactly("mx1.example.org", "*.mail.example.org");
  }

  @Test
  void linesThatAreNoWholePolicyStillGiveTheirMxLines() {
    assertThat(
            PolicyMx.patterns(
                List.of(
                    seen(
                        "sts",
                        true,
                        List.of("mode: testing", "mx: mx1.example.org", "MX : mx2.example.org"),
                        List.of()))))
        .containsExactly("mx1.example.org", "mx2.example.org");
  }

  @Test
  void invalidPatternsAndNoStsPolicyGiveNothing() {
    assertThat(
            PolicyMx.patterns(
                List.of(
                    seen(
                        "sts", true, List.of("mx: not a host", "mx: *.*.example.org"), List.of()))))
        .isEmpty();
    assertThat(PolicyMx.patterns(List.of())).isEmpty();
    assertThat(PolicyMx.patterns(List.of(seen("no-policy-found", true, List.of(), List.of()))))
        .isEmpty();
  }

  @Test
  void coverageIsRfc8461MatchingWithOneLabelWildcards() {
    List<String> patterns = List.of("*.example.org");
    assertThat(PolicyMx.covers(patterns, "mx.example.org")).isTrue();
    assertThat(PolicyMx.covers(patterns, "a.b.example.org")).isFalse();
    assertThat(PolicyMx.covers(patterns, "example.org")).isFalse();
    assertThat(PolicyMx.covers(List.of(), "mx.example.org")).isFalse();
  }
}

package dev.mtasts.app.readiness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyMxTest {

  @Test
  void aWholePolicyGivesItsMxLinesAndMxHostAddsToThem() {
    assertThat(
            PolicyMx.patterns(
                "version: STSv1\nmode: testing\nmx: MX1.example.org\nmx: *.mail.example.org\nmax_age: 86400",
                "mx1.example.org\nbackup.example.net"))
        .containsExactly("mx1.example.org", "*.mail.example.org", "backup.example.net");
  }

  @Test
  void linesThatAreNoWholePolicyStillGiveTheirMxLines() {
    assertThat(PolicyMx.patterns("mode: testing\nmx: mx1.example.org\nMX : mx2.example.org", ""))
        .containsExactly("mx1.example.org", "mx2.example.org");
  }

  @Test
  void invalidPatternsAndEmptyInputGiveNothing() {
    assertThat(PolicyMx.patterns("mx: not a host\nmx: *.*.example.org", "exa mple.org")).isEmpty();
    assertThat(PolicyMx.patterns("", "")).isEmpty();
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

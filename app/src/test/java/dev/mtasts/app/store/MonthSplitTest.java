package dev.mtasts.app.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MonthSplitTest {

  private static List<String> split(String from, String to) {
    MonthSplit s =
        new MonthSplit(
            new Period(
                Optional.ofNullable(from).map(LocalDate::parse),
                Optional.ofNullable(to).map(LocalDate::parse)));
    return List.of(s.headLo, s.headHi, s.monthLo, s.monthHi, s.tailLo, s.tailHi);
  }

  @Test
  void allTimeIsMonthsOnly() {
    assertThat(split(null, null)).containsExactly("1", "0", "0000-01", "9999-12", "1", "0");
  }

  @Test
  void partialMonthsAreDays() {
    assertThat(split("2026-01-15", "2026-03-10"))
        .containsExactly(
            "2026-01-15", "2026-01-31", "2026-02", "2026-02", "2026-03-01", "2026-03-10");
  }

  @Test
  void wholeMonthsHaveNoDays() {
    assertThat(split("2026-02-01", "2026-02-28"))
        .containsExactly("1", "0", "2026-02", "2026-02", "1", "0");
  }

  @Test
  void withinOneMonthIsDaysOnly() {
    assertThat(split("2026-02-02", "2026-02-27"))
        .containsExactly("2026-02-02", "2026-02-27", "1", "0", "1", "0");
    assertThat(split("2026-02-10", "2026-03-05"))
        .containsExactly("2026-02-10", "2026-03-05", "1", "0", "1", "0");
  }

  @Test
  void anOpenBoundEndsOrStartsWithWholeMonths() {
    assertThat(split("2026-02-10", null))
        .containsExactly("2026-02-10", "2026-02-28", "2026-03", "9999-12", "1", "0");
    assertThat(split(null, "2026-02-10"))
        .containsExactly("1", "0", "0000-01", "2026-01", "2026-02-01", "2026-02-10");
  }
}

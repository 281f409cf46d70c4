package dev.mtasts.app.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;

/** Input order holds finished reports back, and frees a slot only once a report is printed. */
class OutputOrderTest {

  private final List<Integer> printed = new ArrayList<>();
  private final Semaphore slots = new Semaphore(0);

  private Runnable print(int n) {
    return () -> printed.add(n);
  }

  @Test
  void inInputOrderALaterReportWaitsForTheOnesBeforeIt() {
    OutputOrder order = new OutputOrder(true, slots);

    order.done(2, print(2));
    order.done(1, print(1));
    assertThat(printed).isEmpty();
    assertThat(slots.availablePermits()).as("held reports keep their slots").isZero();

    order.done(0, print(0));
    assertThat(printed).containsExactly(0, 1, 2);
    assertThat(slots.availablePermits()).isEqualTo(3);

    order.done(4, print(4));
    assertThat(printed).containsExactly(0, 1, 2);
    order.done(3, print(3));
    assertThat(printed).containsExactly(0, 1, 2, 3, 4);
    assertThat(slots.availablePermits()).isEqualTo(5);
  }

  @Test
  void asTheyCompleteEachIsPrintedAtOnce() {
    OutputOrder order = new OutputOrder(false, slots);

    order.done(2, print(2));
    order.done(0, print(0));

    assertThat(printed).containsExactly(2, 0);
    assertThat(slots.availablePermits()).isEqualTo(2);
  }
}

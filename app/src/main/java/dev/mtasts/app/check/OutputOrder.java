package dev.mtasts.app.check;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * Hands each domain's output to the printer, either as it completes or in input order, and frees
 * the domain's slot once its output is printed. In input order a finished report waits for the ones
 * before it; since a slot stays taken until then, at most {@code --concurrency} reports are ever
 * held, however many domains there are.
 */
final class OutputOrder {

  private final boolean inputOrder;
  private final Semaphore slots;
  private final Map<Long, Runnable> waiting = new HashMap<>();
  private long next;

  /**
   * @param inputOrder print in the order the domains were given, not as they complete
   * @param slots released once per printed output
   */
  OutputOrder(boolean inputOrder, Semaphore slots) {
    this.inputOrder = inputOrder;
    this.slots = slots;
  }

  /** The output of the {@code index}-th domain (from 0) is ready: print it now or when due. */
  synchronized void done(long index, Runnable print) {
    if (!inputOrder) {
      print.run();
      slots.release();
      return;
    }
    waiting.put(index, print);
    for (Runnable due = waiting.remove(next); due != null; due = waiting.remove(next)) {
      due.run();
      next++;
      slots.release();
    }
  }
}

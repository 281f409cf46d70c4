package dev.mtasts.core.tlsrpt;

/**
 * Internal: how many bytes gzip and zip may still inflate to while reading one input. An email's
 * report parts share one budget, so a message of many bombs costs no more than one bomb.
 */
final class InflationBudget {

  private final long limit;
  private long remaining;

  InflationBudget(long limit) {
    this.limit = limit;
    this.remaining = limit;
  }

  long limit() {
    return limit;
  }

  long remaining() {
    return remaining;
  }

  boolean spent() {
    return remaining <= 0;
  }

  void spend(long bytes) {
    remaining = Math.max(0, remaining - bytes);
  }

  void spendAll() {
    remaining = 0;
  }
}

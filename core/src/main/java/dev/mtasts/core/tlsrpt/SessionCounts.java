package dev.mtasts.core.tlsrpt;

/**
 * Sums of session counts. Each count is a non-negative {@code long} a sender wrote (RFC 8460 §4.4),
 * so a hostile report can make any sum exceed {@link Long#MAX_VALUE}; sums saturate there instead
 * of wrapping to a negative number. A saturated sum reads "at least 9223372036854775807".
 */
public final class SessionCounts {

  private SessionCounts() {}

  /** {@code a + b} for non-negative counts, or {@link Long#MAX_VALUE} when that overflows. */
  public static long add(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }
}

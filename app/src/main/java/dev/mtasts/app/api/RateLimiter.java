package dev.mtasts.app.api;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per client address: {@code burst} requests at once, then {@code perSecond}. Idle
 * clients are forgotten once many are known, so memory stays bounded.
 */
public final class RateLimiter {

  private static final int FORGET_ABOVE = 10_000;

  private final double perSecond;
  private final int burst;
  private final LongSupplier nanos;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  private static final class Bucket {
    double tokens;
    long updated;

    Bucket(double tokens, long updated) {
      this.tokens = tokens;
      this.updated = updated;
    }
  }

  /**
   * @param perSecond sustained requests per second per client; 0 disables limiting
   * @param burst requests a client may make at once
   */
  public RateLimiter(double perSecond, int burst, LongSupplier nanos) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.nanos = nanos;
  }

  /** Takes one token for {@code client}; false when the client is over its rate. */
  public boolean tryAcquire(String client) {
    if (perSecond <= 0) {
      return true;
    }
    long now = nanos.getAsLong();
    if (buckets.size() > FORGET_ABOVE) {
      forgetFull(now);
    }
    Bucket b = buckets.computeIfAbsent(client, c -> new Bucket(burst, now));
    synchronized (b) {
      refill(b, now);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return true;
      }
      return false;
    }
  }

  private void refill(Bucket b, long now) {
    b.tokens = Math.min(burst, b.tokens + (now - b.updated) / 1e9 * perSecond);
    b.updated = now;
  }

  private void forgetFull(long now) {
    buckets
        .entrySet()
        .removeIf(
            e -> {
              synchronized (e.getValue()) {
                refill(e.getValue(), now);
                return e.getValue().tokens >= burst;
              }
            });
  }
}

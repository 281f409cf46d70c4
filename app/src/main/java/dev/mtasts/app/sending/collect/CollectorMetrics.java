package dev.mtasts.app.sending.collect;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The collection's Prometheus metrics: {@code mtasts_tlsrpt_datagrams_total{outcome=counted|
 * invalid}}, {@code mtasts_tlsrpt_invalid_datagrams_total{reason}} and {@code
 * mtasts_tlsrpt_handshakes_total{source=datagram|resolver,result=success|failure}}.
 */
public final class CollectorMetrics {

  private final MeterRegistry registry;
  private final Counter counted;
  private final Counter invalid;
  private final Map<String, Counter> byKey = new ConcurrentHashMap<>();

  public CollectorMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.counted = datagrams("counted");
    this.invalid = datagrams("invalid");
  }

  private Counter datagrams(String outcome) {
    return Counter.builder("mtasts.tlsrpt.datagrams")
        .description("libtlsrpt datagrams received, by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }

  void datagramCounted() {
    counted.increment();
  }

  void datagramInvalid(String reason) {
    invalid.increment();
    byKey
        .computeIfAbsent(
            "invalid/" + reason,
            k ->
                Counter.builder("mtasts.tlsrpt.invalid.datagrams")
                    .description("Invalid libtlsrpt datagrams, kept for inspection, by reason")
                    .tag("reason", reason)
                    .register(registry))
        .increment();
  }

  void handshake(String source, boolean successful) {
    String result = successful ? "success" : "failure";
    byKey
        .computeIfAbsent(
            source + "/" + result,
            k ->
                Counter.builder("mtasts.tlsrpt.handshakes")
                    .description("Handshake results collected, by source and result")
                    .tag("source", source)
                    .tag("result", result)
                    .register(registry))
        .increment();
  }

  /** Datagrams counted so far. */
  public long datagramsCounted() {
    return (long) counted.count();
  }

  /** Invalid datagrams so far. */
  public long datagramsInvalid() {
    return (long) invalid.count();
  }
}

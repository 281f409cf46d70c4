package dev.mtasts.bench.collect;

import dev.mtasts.app.sending.collect.DatagramCollector;
import dev.mtasts.app.sending.collect.MicrometerCollectorMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.LongAdder;

/**
 * The datagram collector in a process of its own, with a sink that only counts (the aggregation
 * store is measured on its own). Prints {@code ready}; then, for every line read from standard
 * input, {@code {"datagrams":N,"invalid":N,"handshakes":N}}; ends at end of input.
 *
 * <pre>CollectorProcess SOCKET WORK_DIR</pre>
 */
public final class CollectorProcess {

  private CollectorProcess() {}

  public static void main(String[] args) throws Exception {
    LongAdder handshakes = new LongAdder();
    MicrometerCollectorMetrics metrics = new MicrometerCollectorMetrics(new SimpleMeterRegistry());
    try (DatagramCollector collector =
        DatagramCollector.start(
            Path.of(args[0]),
            result -> handshakes.increment(),
            Path.of(args[1]).resolve("invalid"),
            100,
            metrics,
            Clock.systemUTC())) {
      System.out.println("ready " + collector.socket());
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      while (in.readLine() != null) {
        System.out.printf(
            "{\"datagrams\":%d,\"invalid\":%d,\"handshakes\":%d}%n",
            metrics.datagramsCounted(), metrics.datagramsInvalid(), handshakes.sum());
      }
    }
  }
}

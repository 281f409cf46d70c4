package dev.mtasts.bench.report;

import dev.mtasts.core.tlsrpt.ReportReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.json.JsonMapper;

/**
 * The report reader's speed as a share of bare Jackson's {@code readTree} on the same bytes, for a
 * shared machine whose speed drifts by more than the difference measured: JMH runs one benchmark
 * after the other, so a ratio of two JMH rows compares two stretches of time. Here the two
 * alternate in short batches in one JVM after a warm-up, each batch timed in thread CPU time, and
 * the medians are compared. Run with {@code bench/run ratio [rounds] [batch milliseconds]}.
 */
public final class ReportReadRatio {

  private static final int WARM_UP_SECONDS = 5;
  private static final int WARM_UP_ROUNDS = 20;

  /** The last result read, kept where the JIT cannot drop the reading. */
  private static Object lastRead;

  private ReportReadRatio() {}

  /** One way of reading the report bytes. */
  private interface Read {
    Object bytes(byte[] json);
  }

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    long batchMillis = args.length > 1 ? Long.parseLong(args[1]) : 20;
    ReportReader reader = new ReportReader();
    JsonMapper jackson = JsonMapper.builder().build();
    System.out.printf(
        Locale.ROOT, "%-8s %12s %12s %8s %8s%n", "size", "reader", "readTree", "ratio", "IQR");
    for (ReportSize size : ReportSize.values()) {
      byte[] json = ReportSamples.json(size);
      if (!reader.read(json).isOk()) {
        throw new IllegalStateException("the sample report does not read: " + reader.read(json));
      }
      List<Read> reads = List.of(reader::read, jackson::readTree);
      for (int warmUp = 0; warmUp < WARM_UP_SECONDS; warmUp++) {
        for (Read read : reads) {
          long end = System.nanoTime() + 500_000_000L;
          while (System.nanoTime() < end) {
            cpuNanos(read, json, 100);
          }
        }
      }
      int batch = batchSize(reads, json, batchMillis);
      long[][] nanos = new long[reads.size()][rounds];
      for (int round = -WARM_UP_ROUNDS; round < rounds; round++) {
        for (int which = 0; which < reads.size(); which++) {
          long spent = cpuNanos(reads.get(which), json, batch);
          if (round >= 0) {
            nanos[which][round] = spent;
          }
        }
      }
      double[] ratios = new double[rounds];
      for (int round = 0; round < rounds; round++) {
        ratios[round] = (double) nanos[1][round] / nanos[0][round];
      }
      Arrays.sort(ratios);
      System.out.printf(
          Locale.ROOT,
          "%-8s %9.2f µs %9.2f µs %7.1f%% %3.0f–%2.0f%%%n",
          size.name().toLowerCase(Locale.ROOT),
          median(nanos[0]) / batch / 1000,
          median(nanos[1]) / batch / 1000,
          100 * ratios[rounds / 2],
          100 * ratios[rounds / 4],
          100 * ratios[rounds * 3 / 4]);
    }
  }

  /** Operations per batch so that one batch of the reader takes about {@code millis}. */
  private static int batchSize(List<Read> reads, byte[] json, long millis) {
    int batch = 1;
    while (cpuNanos(reads.getFirst(), json, batch) < millis * 1_000_000 && batch < 1 << 24) {
      batch *= 2;
    }
    return batch;
  }

  private static long cpuNanos(Read read, byte[] json, int times) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long start = threads.getCurrentThreadCpuTime();
    for (int i = 0; i < times; i++) {
      lastRead = read.bytes(json);
    }
    return threads.getCurrentThreadCpuTime() - start;
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}

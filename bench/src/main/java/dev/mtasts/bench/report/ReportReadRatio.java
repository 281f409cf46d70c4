package dev.mtasts.bench.report;

import dev.mtasts.core.tlsrpt.ReportReader;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import tools.jackson.databind.json.JsonMapper;

/**
 * The report reader's speed as a share of bare Jackson's {@code readTree} on the same bytes, for a
 * shared machine whose speed drifts by more than the difference measured. JMH runs one benchmark
 * after the other, so a ratio of two JMH rows compares two stretches of time; timing both in one
 * JVM instead lets each skew the other's JIT profile of the shared parser. Here each runs in a JVM
 * of its own, as in JMH, warmed up, and the two take turns: short batches, alternately, each timed
 * in its own thread's CPU time; the ratio of every pair of batches is taken, and their median
 * given, with the middle half of them. Run with {@code bench/run ratio [rounds] [batch ms]}.
 */
public final class ReportReadRatio {

  private static final long WARM_UP_NANOS = 8_000_000_000L;
  private static final String WORKER = "--worker";

  /** The last result read, kept where the JIT cannot drop the reading. */
  private static Object lastRead;

  private ReportReadRatio() {}

  /** One way of reading the report bytes. */
  private interface Read {
    Object bytes(byte[] json);
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length == 4 && args[0].equals(WORKER)) {
      work(args[1], args[2], ReportSize.valueOf(args[3]));
      return;
    }
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    long batchMillis = args.length > 1 ? Long.parseLong(args[1]) : 20;
    System.out.printf(
        Locale.ROOT, "%-14s %12s %12s %8s %8s%n", "report", "reader", "readTree", "ratio", "IQR");
    for (String form : List.of("json", "gzip")) {
      for (ReportSize size : ReportSize.values()) {
        compare(form, size, rounds, batchMillis);
      }
    }
  }

  /** The reader and the tree on one report in one form, taking turns: one line of the table. */
  private static void compare(String form, ReportSize size, int rounds, long batchMillis)
      throws IOException, InterruptedException {
    try (Worker reader = Worker.start(form, "reader", size);
        Worker tree = Worker.start(form, "tree", size)) {
      int batch = (int) Math.max(1, batchMillis * 1_000_000 * 1000 / reader.run(1000));
      long[] readerNanos = new long[rounds];
      long[] treeNanos = new long[rounds];
      double[] ratios = new double[rounds];
      for (int round = 0; round < rounds; round++) {
        readerNanos[round] = reader.run(batch);
        treeNanos[round] = tree.run(batch);
        ratios[round] = (double) treeNanos[round] / readerNanos[round];
      }
      Arrays.sort(ratios);
      System.out.printf(
          Locale.ROOT,
          "%-14s %9.2f µs %9.2f µs %7.1f%% %3.0f–%2.0f%%%n",
          size.name().toLowerCase(Locale.ROOT) + " " + form,
          median(readerNanos) / batch / 1000,
          median(treeNanos) / batch / 1000,
          100 * ratios[rounds / 2],
          100 * ratios[rounds / 4],
          100 * ratios[rounds * 3 / 4]);
    }
  }

  /**
   * A JVM reading the report one way: after its warm-up, each line {@code N} it is sent makes it
   * read N times and answer with the thread CPU nanoseconds that took.
   */
  private static void work(String form, String way, ReportSize size) throws IOException {
    byte[] json =
        form.equals("gzip")
            ? ReportSamples.gzip(ReportSamples.json(size))
            : ReportSamples.json(size);
    ReportReader reader = new ReportReader();
    if (!reader.read(json).isOk()) {
      throw new IllegalStateException("the sample report does not read: " + reader.read(json));
    }
    JsonMapper jackson = JsonMapper.builder().build();
    Read read =
        switch (form + " " + way) {
          case "json reader", "gzip reader" -> reader::read;
          case "json tree" -> jackson::readTree;
          case "gzip tree" -> gzip -> gunzipTree(jackson, gzip);
          default -> throw new IllegalArgumentException(form + " " + way);
        };
    long end = System.nanoTime() + WARM_UP_NANOS;
    while (System.nanoTime() < end) {
      cpuNanos(read, json, 100);
    }
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
    PrintStream out = System.out;
    out.println("ready");
    out.flush();
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      out.println(cpuNanos(read, json, Integer.parseInt(line.strip())));
      out.flush();
    }
  }

  /** What {@code ReportReadBench.gzipJacksonTree} does: inflate as a stream into readTree. */
  private static Object gunzipTree(JsonMapper jackson, byte[] gzip) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip), 8192)) {
      return jackson.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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

  /** A worker JVM started from this one's java and class path. */
  private record Worker(Process process, BufferedReader answers, PrintStream orders)
      implements AutoCloseable {

    static Worker start(String form, String way, ReportSize size) throws IOException {
      List<String> command = new ArrayList<>();
      command.add(ProcessHandle.current().info().command().orElse("java"));
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(ReportReadRatio.class.getName());
      command.add(WORKER);
      command.add(form);
      command.add(way);
      command.add(size.name());
      Process process =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      Worker worker =
          new Worker(
              process,
              new BufferedReader(
                  new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII)),
              new PrintStream(process.getOutputStream(), true, StandardCharsets.US_ASCII));
      String ready = worker.answers.readLine();
      if (!"ready".equals(ready)) {
        throw new IllegalStateException("the " + way + " worker did not start: " + ready);
      }
      return worker;
    }

    /** Thread CPU nanoseconds of {@code times} reads. */
    long run(int times) {
      orders.println(times);
      try {
        String answer = answers.readLine();
        if (answer == null) {
          throw new IllegalStateException("the worker ended");
        }
        return Long.parseLong(answer);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() throws InterruptedException {
      orders.close();
      process.waitFor();
    }
  }
}

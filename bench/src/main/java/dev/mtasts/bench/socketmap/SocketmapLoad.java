package dev.mtasts.bench.socketmap;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Opens N connections to a socketmap server and sends lookups for a bounded time (and at most a
 * bounded count), each connection sending {@code --pipeline} requests before reading their replies.
 * Reports lookups per second and latency percentiles (HdrHistogram). Refuses any target that is not
 * on loopback or a UNIX socket.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.mtasts.bench.socketmap.SocketmapLoad \
 *   --target 127.0.0.1:8461 --connections 1,16,128 --duration 10 --keys example.com
 * </pre>
 */
public final class SocketmapLoad {

  record Options(
      SocketAddress target,
      List<Integer> connections,
      double durationSeconds,
      double warmupSeconds,
      long maxRequests,
      int pipeline,
      String name,
      List<String> keys,
      Client client) {}

  /**
   * How connections are driven: a blocking thread each (as Postfix's smtp processes each hold their
   * own connection), or all from one event loop (as wrk does), which keeps the load generator's own
   * scheduling out of the latencies on a machine with few cores.
   */
  enum Client {
    THREADS,
    LOOP
  }

  record Result(
      int connections, long requests, long errors, double seconds, Histogram latencyNanos) {
    double perSecond() {
      return requests / seconds;
    }
  }

  public static void main(String[] args) throws Exception {
    Options o;
    try {
      o = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("SocketmapLoad: " + e.getMessage());
      System.err.println(
          "usage: --target HOST:PORT|--unix PATH [--connections 1,16,128] [--duration S]"
              + " [--warmup S] [--max-requests N] [--pipeline D] [--name postfix]"
              + " [--client threads|loop] --keys K1,K2");
      System.exit(2);
      return;
    }
    PrintStream out = System.out;
    out.printf(
        "target=%s client=%s pipeline=%d keys=%s duration=%.0fs warmup=%.0fs%n",
        o.target(),
        o.client().name().toLowerCase(java.util.Locale.ROOT),
        o.pipeline(),
        o.keys().size() <= 3 ? o.keys() : o.keys().size() + " keys from " + o.keys().getFirst(),
        o.durationSeconds(),
        o.warmupSeconds());
    out.println(
        "| connections | lookups | errors | lookups/s | p50 µs | p99 µs | p99.9 µs | max µs |");
    out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (int n : o.connections()) {
      if (o.warmupSeconds() > 0) {
        run(o, n, o.warmupSeconds());
      }
      Result r = run(o, n, o.durationSeconds());
      Histogram h = r.latencyNanos();
      out.printf(
          "| %d | %d | %d | %.0f | %.0f | %.0f | %.0f | %.0f |%n",
          n,
          r.requests(),
          r.errors(),
          r.perSecond(),
          h.getValueAtPercentile(50) / 1e3,
          h.getValueAtPercentile(99) / 1e3,
          h.getValueAtPercentile(99.9) / 1e3,
          h.getMaxValue() / 1e3);
    }
  }

  static Options parse(String[] args) {
    SocketAddress target = null;
    List<Integer> conns = List.of(1, 16, 128);
    double duration = 10;
    double warmup = 2;
    long max = Long.MAX_VALUE;
    int pipeline = 1;
    String name = "postfix";
    List<String> keys = List.of();
    Client client = Client.THREADS;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(a + " needs a value");
      }
      String v = args[++i];
      switch (a) {
        case "--target" -> target = loopback(v);
        case "--unix" -> target = UnixDomainSocketAddress.of(Path.of(v));
        case "--connections" ->
            conns = java.util.Arrays.stream(v.split(",")).map(Integer::parseInt).toList();
        case "--duration" -> duration = Double.parseDouble(v);
        case "--warmup" -> warmup = Double.parseDouble(v);
        case "--max-requests" -> max = Long.parseLong(v);
        case "--pipeline" -> pipeline = Integer.parseInt(v);
        case "--name" -> name = v;
        case "--keys" -> keys = List.of(v.split(","));
        case "--client" -> client = client(v);
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    if (target == null || keys.isEmpty()) {
      throw new IllegalArgumentException("--target or --unix, and --keys, are required");
    }
    if (duration <= 0 || duration > 600 || pipeline < 1 || pipeline > 1000) {
      throw new IllegalArgumentException("duration must be 0..600 s and pipeline 1..1000");
    }
    return new Options(target, conns, duration, warmup, max, pipeline, name, keys, client);
  }

  private static Client client(String v) {
    return switch (v) {
      case "threads" -> Client.THREADS;
      case "loop" -> Client.LOOP;
      default -> throw new IllegalArgumentException("--client must be threads or loop");
    };
  }

  /** Only loopback: this tool must never send traffic anywhere else. */
  static InetSocketAddress loopback(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon < 1) {
      throw new IllegalArgumentException("--target must be HOST:PORT");
    }
    String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
    try {
      InetAddress addr = InetAddress.getByName(host);
      if (!addr.isLoopbackAddress()) {
        throw new IllegalArgumentException("refusing non-loopback target " + addr);
      }
      return new InetSocketAddress(addr, Integer.parseInt(hostPort.substring(colon + 1)));
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException("unknown host " + host, e);
    }
  }

  static Result run(Options o, int connections, double seconds) throws Exception {
    return o.client() == Client.LOOP
        ? EventLoopClient.run(o, connections, seconds)
        : runThreads(o, connections, seconds);
  }

  private static Result runThreads(Options o, int connections, double seconds) throws Exception {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    AtomicLong budget = new AtomicLong(o.maxRequests());
    CountDownLatch start = new CountDownLatch(1);
    List<Worker> workers = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      Worker w = new Worker(o, i, deadline, budget, start);
      workers.add(w);
      Thread t = Thread.ofPlatform().name("load-" + i).start(w);
      threads.add(t);
    }
    long t0 = System.nanoTime();
    start.countDown();
    for (Thread t : threads) {
      t.join();
    }
    double elapsed = (System.nanoTime() - t0) / 1e9;
    Histogram all = new Histogram(60_000_000_000L, 3);
    long requests = 0;
    long errors = 0;
    for (Worker w : workers) {
      if (w.failure != null) {
        throw new IOException("connection failed: " + w.failure, w.failure);
      }
      all.add(w.histogram);
      requests += w.requests;
      errors += w.errors;
    }
    return new Result(connections, requests, errors, elapsed, all);
  }

  /** One connection's loop. */
  static final class Worker implements Runnable {
    final Histogram histogram = new Histogram(60_000_000_000L, 3);
    long requests;
    long errors;
    Exception failure;

    private final Replies replyCounter = new Replies();
    private final Options o;
    private final int index;
    private final long deadline;
    private final AtomicLong budget;
    private final CountDownLatch start;

    Worker(Options o, int index, long deadline, AtomicLong budget, CountDownLatch start) {
      this.o = o;
      this.index = index;
      this.deadline = deadline;
      this.budget = budget;
      this.start = start;
    }

    @Override
    public void run() {
      try (SocketChannel ch = Requests.open(o.target())) {
        start.await();
        ByteBuffer in = ByteBuffer.allocate(1 << 16);
        int k = index;
        while (System.nanoTime() < deadline && budget.addAndGet(-o.pipeline()) >= 0) {
          ByteBuffer out = Requests.batch(o, k);
          k += o.pipeline();
          long sent = System.nanoTime();
          while (out.hasRemaining()) {
            ch.write(out);
          }
          int pending = o.pipeline();
          while (pending > 0) {
            int replies = readReplies(ch, in, replyCounter);
            long now = System.nanoTime();
            for (int i = 0; i < replies; i++) {
              histogram.recordValue(Math.min(now - sent, histogram.getHighestTrackableValue()));
            }
            pending -= replies;
            requests += replies;
          }
        }
        errors = replyCounter.errors();
      } catch (Exception e) {
        failure = e;
      }
    }

    /** Reads until at least one full reply is buffered; returns how many were consumed. */
    private static int readReplies(SocketChannel ch, ByteBuffer in, Replies replies)
        throws IOException {
      while (true) {
        if (ch.read(in) < 0) {
          throw new IOException("server closed the connection");
        }
        int count = replies.consume(in);
        if (count > 0) {
          return count;
        }
      }
    }
  }
}

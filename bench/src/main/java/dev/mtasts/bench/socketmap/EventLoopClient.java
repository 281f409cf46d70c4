package dev.mtasts.bench.socketmap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * All connections driven from one thread with a selector: each connection keeps {@code --pipeline}
 * requests outstanding, and sends its next batch as soon as the last reply of the previous one is
 * in. Latency is from the batch's send to the reply's arrival, as in the thread client.
 */
final class EventLoopClient {

  private EventLoopClient() {}

  static SocketmapLoad.Result run(SocketmapLoad.Options o, int connections, double seconds)
      throws IOException {
    Histogram latency = new Histogram(60_000_000_000L, 3);
    Replies replies = new Replies();
    long budget = o.maxRequests();
    long requests = 0;
    try (Selector selector = Selector.open()) {
      List<Connection> all = new ArrayList<>();
      try {
        for (int i = 0; i < connections; i++) {
          SocketChannel ch = Requests.open(o.target());
          ch.configureBlocking(false);
          Connection c = new Connection(ch, i);
          ch.register(selector, SelectionKey.OP_READ, c);
          all.add(c);
        }
        long t0 = System.nanoTime();
        long deadline = t0 + (long) (seconds * 1e9);
        int outstanding = 0;
        for (Connection c : all) {
          if (budget >= o.pipeline()) {
            budget -= o.pipeline();
            c.send(o);
            outstanding++;
          }
        }
        while (outstanding > 0) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            break;
          }
          selector.select(Math.max(1, left / 1_000_000));
          for (SelectionKey key : selector.selectedKeys()) {
            Connection c = (Connection) key.attachment();
            int n = c.receive(replies);
            long now = System.nanoTime();
            for (int i = 0; i < n; i++) {
              latency.recordValue(Math.min(now - c.sent, latency.getHighestTrackableValue()));
            }
            requests += n;
            c.pending -= n;
            if (c.pending == 0) {
              outstanding--;
              if (now < deadline && budget >= o.pipeline()) {
                budget -= o.pipeline();
                c.send(o);
                outstanding++;
              }
            }
          }
          selector.selectedKeys().clear();
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        return new SocketmapLoad.Result(connections, requests, replies.errors(), elapsed, latency);
      } finally {
        for (Connection c : all) {
          c.channel.close();
        }
      }
    }
  }

  /** One connection's state. */
  private static final class Connection {
    final SocketChannel channel;
    final ByteBuffer in = ByteBuffer.allocate(1 << 16);
    int nextKey;
    int pending;
    long sent;

    Connection(SocketChannel channel, int firstKey) {
      this.channel = channel;
      this.nextKey = firstKey;
    }

    /**
     * Sends the next batch; a batch is small enough for an empty socket buffer, but a partial write
     * is finished by spinning rather than lost.
     */
    void send(SocketmapLoad.Options o) throws IOException {
      ByteBuffer out = Requests.batch(o, nextKey);
      nextKey += o.pipeline();
      sent = System.nanoTime();
      while (out.hasRemaining()) {
        channel.write(out);
      }
      pending = o.pipeline();
    }

    int receive(Replies replies) throws IOException {
      if (channel.read(in) < 0) {
        throw new IOException("server closed the connection");
      }
      return replies.consume(in);
    }
  }
}

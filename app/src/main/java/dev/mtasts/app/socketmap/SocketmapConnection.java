package dev.mtasts.app.socketmap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: reads netstrings (any number per read, or one across many reads), answers
 * each in order, writes the replies of one read together, and closes on a framing error, on end of
 * stream, when idle, or when the server drains.
 */
final class SocketmapConnection implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(SocketmapConnection.class);

  /** Length digits, colon and comma around the largest payload. */
  private static final int FRAMING = 12;

  private final SocketChannel channel;
  private final int maxRequest;
  private final Lookup lookup;
  private final SocketmapObserver observer;
  private final Consumer<SocketmapConnection> onClose;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final String peer;

  // Guarded by this: whether a request is being answered, whether the server wants us gone.
  private boolean busy;
  private boolean draining;
  private volatile long lastActivity = System.nanoTime();

  SocketmapConnection(
      SocketChannel channel,
      int maxRequest,
      Lookup lookup,
      SocketmapObserver observer,
      Consumer<SocketmapConnection> onClose) {
    this.channel = channel;
    this.maxRequest = maxRequest;
    this.lookup = lookup;
    this.observer = observer;
    this.onClose = onClose;
    this.peer = describe(channel);
  }

  @Override
  public void run() {
    // Direct buffers: the socket reads and writes them without a copy.
    ByteBuffer in = ByteBuffer.allocateDirect(maxRequest + FRAMING);
    ReplyBuffer out = new ReplyBuffer();
    try {
      while (true) {
        int n = channel.read(in);
        if (n < 0) {
          LOG.debug("{} closed the connection", peer);
          return;
        }
        if (!beginWork()) {
          return;
        }
        lastActivity = System.nanoTime();
        in.flip();
        String violation = answerAll(in, out);
        in.compact();
        out.writeTo(channel);
        if (violation != null) {
          return;
        }
        if (!endWork()) {
          return;
        }
      }
    } catch (IOException e) {
      LOG.debug("{}: {}", peer, e.toString());
    } finally {
      forceClose();
    }
  }

  /** Answers every complete request in {@code in}; returns the violation code if any. */
  private String answerAll(ByteBuffer in, ReplyBuffer out) {
    while (true) {
      Netstring.Decoded d = Netstring.decode(in, maxRequest);
      switch (d) {
        case Netstring.Decoded.Incomplete i -> {
          return null;
        }
        case Netstring.Decoded.Malformed m -> {
          LOG.warn("closing connection from {}: {}: {}", peer, m.code(), m.message());
          observer.protocolViolation(m.code());
          return m.code();
        }
        case Netstring.Decoded.Frame f -> {
          long start = System.nanoTime();
          Reply reply = SocketmapServer.answer(f.payload(), lookup);
          out.add(reply);
          observer.served(reply, System.nanoTime() - start);
        }
      }
    }
  }

  private synchronized boolean beginWork() {
    if (draining) {
      return false;
    }
    busy = true;
    return true;
  }

  private synchronized boolean endWork() {
    busy = false;
    return !draining;
  }

  /** Server shutdown: close now if nothing is in flight, else after the current replies. */
  void drain() {
    synchronized (this) {
      draining = true;
      if (busy) {
        return;
      }
    }
    forceClose();
  }

  /** Closes the connection if no request arrived since {@code sinceNanos}. */
  void closeIfIdleSince(long sinceNanos) {
    synchronized (this) {
      if (busy || lastActivity - sinceNanos > 0) {
        return;
      }
    }
    LOG.debug("closing idle connection from {}", peer);
    forceClose();
  }

  void forceClose() {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("closing {}: {}", peer, e.toString());
    }
    if (closed.getCount() > 0) {
      closed.countDown();
      onClose.accept(this);
    }
  }

  boolean awaitClosed(Duration timeout) {
    try {
      return closed.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String describe(SocketChannel ch) {
    try {
      Object remote = ch.getRemoteAddress();
      return remote == null || remote.toString().isEmpty() ? "unix client" : remote.toString();
    } catch (IOException e) {
      return "client";
    }
  }

  /**
   * Replies gathered from one read, written in as few writes as the socket allows. The encoding of
   * the last reply is kept: a connection usually gets the same (remembered) reply object again.
   */
  private static final class ReplyBuffer {
    private ByteBuffer buf = ByteBuffer.allocateDirect(4096);
    private Reply lastReply;
    private byte[] lastEncoded;

    void add(Reply reply) {
      if (reply != lastReply) {
        lastEncoded = reply.encoded();
        lastReply = reply;
      }
      byte[] bytes = lastEncoded;
      if (buf.remaining() < bytes.length) {
        ByteBuffer bigger =
            ByteBuffer.allocateDirect(Math.max(buf.capacity() * 2, buf.position() + bytes.length));
        buf.flip();
        bigger.put(buf);
        buf = bigger;
      }
      buf.put(bytes);
    }

    void writeTo(SocketChannel ch) throws IOException {
      buf.flip();
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      buf.clear();
    }
  }
}

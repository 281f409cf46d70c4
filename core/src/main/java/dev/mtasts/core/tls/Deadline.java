package dev.mtasts.core.tls;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A total time budget for one conversation with a server (connect, handshake, every read), on top
 * of the per-read timeout: a server that trickles one byte a second never trips a read timeout, but
 * it trips this. Measured on the monotonic clock.
 *
 * <p>Read timeouts alone cannot bound a TLS handshake: the JDK reads the handshake through the
 * socket's own stream, so a server that sends one byte just before each read timeout holds it for
 * as long as it likes. {@link #closeWhenSpent(Socket)} closes the socket when the budget is spent,
 * which ends any blocked connect, handshake, read or write.
 */
public final class Deadline {

  /** One daemon thread closes the sockets of spent deadlines; cancelled watches leave its queue. */
  private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

  private final long endNanos;

  private Deadline(long endNanos) {
    this.endNanos = endNanos;
  }

  public static Deadline after(Duration budget) {
    return new Deadline(System.nanoTime() + budget.toNanos());
  }

  public Duration remaining() {
    return Duration.ofNanos(Math.max(0, endNanos - System.nanoTime()));
  }

  /** Whether the budget is spent. */
  public boolean spent() {
    return endNanos - System.nanoTime() <= 0;
  }

  /**
   * Closes {@code socket} when the budget is spent, unless the returned watch is closed first.
   * Whatever the socket is blocked in then fails with an {@link IOException}; callers tell a spent
   * budget from other failures with {@link #spent()}.
   */
  public Watch closeWhenSpent(Socket socket) {
    ScheduledFuture<?> closing =
        WATCHDOG.schedule(
            () -> closeQuietly(socket),
            Math.max(0, endNanos - System.nanoTime()),
            TimeUnit.NANOSECONDS);
    return () -> closing.cancel(false);
  }

  /** The end of a {@link #closeWhenSpent(Socket)} watch; closing it keeps the socket open. */
  @FunctionalInterface
  public interface Watch extends Closeable {
    @Override
    void close();
  }

  /**
   * The timeout in milliseconds for the next blocking step: {@code cap} or what is left, whichever
   * is shorter (at least 1 ms, since 0 means "forever" to sockets).
   *
   * @throws SocketTimeoutException when the budget is spent
   */
  public int nextTimeoutMillis(Duration cap) throws SocketTimeoutException {
    long left = remaining().toMillis();
    if (left <= 0) {
      throw new SocketTimeoutException("total time limit reached");
    }
    return (int) Math.max(1, Math.min(Math.min(cap.toMillis(), left), Integer.MAX_VALUE));
  }

  /** {@code in} with the socket's read timeout set before every read from this deadline. */
  public InputStream guard(Socket socket, InputStream in, Duration readTimeout) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        socket.setSoTimeout(nextTimeoutMillis(readTimeout));
        return super.read();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        socket.setSoTimeout(nextTimeoutMillis(readTimeout));
        return super.read(b, off, len);
      }
    };
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // The socket is being abandoned; a failed close changes nothing.
    }
  }

  private static ScheduledThreadPoolExecutor watchdog() {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, "mtasts-deadline");
              thread.setDaemon(true);
              return thread;
            });
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }
}

package dev.mtasts.core.tls;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A total time budget for one conversation with a server (connect, handshake, every read), on top
 * of the per-read timeout: a server that trickles one byte a second never trips a read timeout, but
 * it trips this. Measured on the monotonic clock.
 */
public final class Deadline {

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
}

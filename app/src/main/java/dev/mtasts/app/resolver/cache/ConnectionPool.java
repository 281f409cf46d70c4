package dev.mtasts.app.resolver.cache;

import dev.mtasts.core.resolve.PolicyCacheException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/** A fixed set of JDBC connections, borrowed with a timeout; a broken one is replaced. */
final class ConnectionPool implements AutoCloseable {

  /** Opens one connection (and prepares it). */
  interface Opener {
    Connection open() throws SQLException;
  }

  /** Work done on a borrowed connection. */
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private final BlockingQueue<Connection> idle;
  private final List<Connection> all = new ArrayList<>();
  private final Opener opener;
  private final Duration timeout;
  private volatile boolean closed;

  ConnectionPool(int size, Opener opener, Duration timeout) throws SQLException {
    this.idle = new ArrayBlockingQueue<>(size);
    this.opener = opener;
    this.timeout = timeout;
    for (int i = 0; i < size; i++) {
      Connection c = opener.open();
      all.add(c);
      idle.add(c);
    }
  }

  <T> T with(Work<T> work) {
    if (closed) {
      throw new IllegalStateException("cache is closed");
    }
    Connection c;
    try {
      c = idle.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PolicyCacheException(PolicyCacheException.Code.CACHE_UNAVAILABLE, "interrupted", e);
    }
    if (c == null) {
      throw new PolicyCacheException(
          PolicyCacheException.Code.CACHE_UNAVAILABLE,
          "no database connection within " + timeout,
          null);
    }
    try {
      T result = work.run(c);
      idle.add(c);
      return result;
    } catch (SQLException e) {
      idle.add(replace(c));
      throw new PolicyCacheException(
          PolicyCacheException.Code.CACHE_UNAVAILABLE, e.getMessage(), e);
    }
  }

  private Connection replace(Connection broken) {
    try {
      if (broken.isValid(1)) {
        return broken;
      }
    } catch (SQLException e) {
      // fall through to reopen
    }
    try {
      broken.close();
      Connection fresh = opener.open();
      synchronized (all) {
        all.remove(broken);
        all.add(fresh);
      }
      return fresh;
    } catch (SQLException e) {
      return broken; // try again on next use
    }
  }

  @Override
  public void close() {
    closed = true;
    synchronized (all) {
      for (Connection c : all) {
        try {
          c.close();
        } catch (SQLException e) {
          // closing anyway
        }
      }
    }
  }
}

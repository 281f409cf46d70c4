package dev.mtasts.app.resolver.cache;

import dev.mtasts.core.resolve.PolicyCacheException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The policy cache in a SQLite file: write-ahead log so readers never block the writer, {@code
 * synchronous=NORMAL} as the incumbent uses, one writer connection, {@code threads} readers, and
 * {@code timeout} both for a free connection and as SQLite's busy timeout.
 */
public final class SqlitePolicyCache extends JdbcPolicyCache {

  private SqlitePolicyCache(ConnectionPool readers, ConnectionPool writer) {
    super(readers, writer);
  }

  /** Opens (creating if needed) the database at {@code filename}. */
  public static SqlitePolicyCache open(String filename, int threads, Duration timeout) {
    String url = "jdbc:sqlite:" + filename;
    ConnectionPool.Opener opener =
        () -> {
          Connection c = DriverManager.getConnection(url);
          try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=" + timeout.toMillis());
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=NORMAL");
          }
          return c;
        };
    try {
      ConnectionPool writer = new ConnectionPool(1, opener, timeout);
      try {
        return new SqlitePolicyCache(new ConnectionPool(threads, opener, timeout), writer);
      } catch (SQLException | RuntimeException e) {
        writer.close();
        throw e;
      }
    } catch (SQLException e) {
      throw new PolicyCacheException(
          PolicyCacheException.Code.CACHE_UNAVAILABLE,
          "cannot open " + filename + ": " + e.getMessage(),
          e);
    }
  }
}

package dev.mtasts.app.sending;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The sending side's own SQLite database, {@code tlsrpt_reporting.data/sending.db}: collected
 * counts, deliveries, the delivery log and suppressions, migrated by Flyway from {@code
 * db/sending}. A database of its own rather than tables in serve's report store, because the
 * collecting process is usually the resolver, which has no report store, and the two stores hold
 * opposite sides of RFC 8460 (what we send, what we receive). Write-ahead log, so the sender's
 * reads never wait for the aggregation's writes.
 */
public final class SendingDatabase implements AutoCloseable {

  private final HikariDataSource pool;

  private SendingDatabase(HikariDataSource pool) {
    this.pool = pool;
  }

  /**
   * Opens (creating it and its directory when missing) and migrates the database in {@code file}.
   *
   * @throws SendingStoreException when it cannot be created, opened or migrated
   */
  public static SendingDatabase open(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new SendingStoreException("cannot create the directory of " + file, e);
    }
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl("jdbc:sqlite:" + file);
    c.setMaximumPoolSize(3);
    c.setMinimumIdle(1);
    c.setPoolName("mtasts-sending");
    c.addDataSourceProperty("journal_mode", "WAL");
    c.addDataSourceProperty("synchronous", "NORMAL");
    c.addDataSourceProperty("busy_timeout", "10000");
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(c);
    } catch (HikariPool.PoolInitializationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new SendingStoreException("cannot open " + file + ": " + cause.getMessage(), e);
    }
    try {
      Flyway.configure()
          .dataSource(pool)
          .locations("classpath:db/sending")
          .loggers("slf4j")
          .load()
          .migrate();
    } catch (FlywayException e) {
      pool.close();
      throw new SendingStoreException("cannot migrate " + file + ": " + e.getMessage(), e);
    }
    return new SendingDatabase(pool);
  }

  /** A connection from the pool; the caller closes it. */
  public Connection connection() throws SQLException {
    return pool.getConnection();
  }

  @Override
  public void close() {
    pool.close();
  }
}

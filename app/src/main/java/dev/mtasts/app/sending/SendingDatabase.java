package dev.mtasts.app.sending;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.mtasts.app.store.StoreLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The sending side's own database: collected counts, deliveries, the delivery log and suppressions.
 * By default SQLite, {@code tlsrpt_reporting.data/sending.db}, migrated by Flyway from {@code
 * db/sending}; or PostgreSQL ({@code tlsrpt_reporting.database}), migrated from {@code
 * db/sending-postgresql} with its own history table ({@value #POSTGRES_HISTORY}), so that it can
 * share a database with serve's report store and with other sending processes. The same SQL runs on
 * both (upserts, conditional updates): see {@code Aggregator} and {@code Deliveries} for why
 * several processes on one PostgreSQL count exactly and deliver once.
 *
 * <p>A store of its own rather than tables in serve's report store, because the collecting process
 * is usually the resolver, which has no report store, and the two stores hold opposite sides of RFC
 * 8460 (what we send, what we receive). SQLite runs with a write-ahead log, so the sender's reads
 * never wait for the aggregation's writes.
 */
public final class SendingDatabase implements AutoCloseable {

  /** Flyway's history table of the sending migrations on PostgreSQL. */
  static final String POSTGRES_HISTORY = "sending_schema_history";

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final HikariDataSource pool;

  private SendingDatabase(HikariDataSource pool) {
    this.pool = pool;
  }

  /** Opens the SQLite database in {@code file}, as {@link #open(StoreLocation)}. */
  public static SendingDatabase open(Path file) {
    return open(new StoreLocation.Sqlite(file));
  }

  /**
   * Opens (creating a SQLite file and its directory when missing) and migrates the database.
   *
   * @throws SendingStoreException when it cannot be created, opened or migrated
   */
  public static SendingDatabase open(StoreLocation location) {
    return switch (location) {
      case StoreLocation.Sqlite sqlite -> openSqlite(sqlite.file());
      case StoreLocation.Postgres postgres -> openPostgres(postgres);
    };
  }

  private static SendingDatabase openSqlite(Path file) {
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
    c.addDataSourceProperty("journal_mode", "WAL");
    c.addDataSourceProperty("synchronous", "NORMAL");
    c.addDataSourceProperty("busy_timeout", "10000");
    // SQLite's default history table: the one files made before PostgreSQL support already have
    return open(c, file.toString(), "db/sending", "flyway_schema_history");
  }

  private static SendingDatabase openPostgres(StoreLocation.Postgres location) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(location.jdbcUrl());
    c.setMaximumPoolSize(4);
    c.setMinimumIdle(1);
    // the URL may carry credentials: errors name the location's redacted form
    return open(c, location.toString(), "db/sending-postgresql", POSTGRES_HISTORY);
  }

  private static SendingDatabase open(
      HikariConfig c, String name, String migrations, String historyTable) {
    c.setPoolName("mtasts-sending");
    c.setConnectionTimeout(CONNECT_TIMEOUT.toMillis());
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(c);
    } catch (HikariPool.PoolInitializationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new SendingStoreException("cannot open " + name + ": " + cause.getMessage(), e);
    }
    try {
      Flyway.configure()
          .dataSource(pool)
          .locations("classpath:" + migrations)
          .table(historyTable)
          // a schema already holding serve's tables (or another's) is no reason to stop
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .loggers("slf4j")
          .load()
          .migrate();
    } catch (FlywayException e) {
      pool.close();
      throw new SendingStoreException("cannot migrate " + name + ": " + e.getMessage(), e);
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

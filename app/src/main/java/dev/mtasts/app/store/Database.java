package dev.mtasts.app.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The connection pools of one store and its schema, migrated by Flyway at open ({@code db/sqlite},
 * {@code db/postgresql}).
 *
 * <p>SQLite: write-ahead log, so readers never block the writer; {@code synchronous=FULL}, so a
 * commit is on disk (the WAL is synced) before it returns and an acknowledged report survives power
 * loss, not only a crash of the process ({@code NORMAL} would lose the last commits on power loss).
 * One writer connection: SQLite has one writer at a time anyway, and {@link GroupCommit} turns many
 * reports into one transaction, so one sync serves many acknowledgements.
 *
 * <p>PostgreSQL: one pool; its default {@code synchronous_commit=on} syncs each commit, and several
 * writer threads let the server's own group commit combine them.
 */
final class Database implements AutoCloseable {

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  final HikariDataSource writer;
  final HikariDataSource readers;
  final int writerThreads;

  private Database(HikariDataSource writer, HikariDataSource readers, int writerThreads) {
    this.writer = writer;
    this.readers = readers;
    this.writerThreads = writerThreads;
  }

  static Database open(StoreLocation location) {
    return switch (location) {
      case StoreLocation.Sqlite sqlite -> openSqlite(sqlite.file());
      case StoreLocation.Postgres pg -> openPostgres(pg.jdbcUrl());
    };
  }

  private static Database openSqlite(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new StoreUnavailableException("cannot create the directory of " + file, e);
    }
    String url = "jdbc:sqlite:" + file;
    HikariDataSource writer = pool("mtasts-sqlite-writer", sqliteConfig(url, 1));
    try {
      migrate(writer, "db/sqlite");
      return new Database(writer, pool("mtasts-sqlite-readers", sqliteConfig(url, 4)), 1);
    } catch (RuntimeException e) {
      writer.close();
      throw e;
    }
  }

  private static HikariConfig sqliteConfig(String url, int size) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(url);
    c.setMaximumPoolSize(size);
    c.setMinimumIdle(size);
    c.setConnectionTimeout(CONNECT_TIMEOUT.toMillis());
    c.addDataSourceProperty("journal_mode", "WAL");
    c.addDataSourceProperty("synchronous", "FULL");
    c.addDataSourceProperty("busy_timeout", String.valueOf(CONNECT_TIMEOUT.toMillis()));
    c.addDataSourceProperty("foreign_keys", "true");
    return c;
  }

  private static Database openPostgres(String url) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(url);
    c.setMaximumPoolSize(12);
    c.setMinimumIdle(2);
    c.setConnectionTimeout(CONNECT_TIMEOUT.toMillis());
    HikariDataSource pool = pool("mtasts-postgres", c);
    try {
      migrate(pool, "db/postgresql");
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    return new Database(pool, pool, 8);
  }

  private static HikariDataSource pool(String name, HikariConfig c) {
    c.setPoolName(name);
    try {
      return new HikariDataSource(c);
    } catch (HikariPool.PoolInitializationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new StoreUnavailableException("cannot open the store: " + cause.getMessage(), e);
    }
  }

  private static void migrate(HikariDataSource ds, String location) {
    try {
      Flyway.configure()
          .dataSource(ds)
          .locations("classpath:" + location)
          // the sending store (db/sending-postgresql, its own history) may have been there first
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .loggers("slf4j")
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw new StoreUnavailableException("cannot migrate the store: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (readers != writer) {
      readers.close();
    }
    writer.close();
  }
}

package dev.mtasts.app.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The report store every intake source writes to and the API reads from: SQLite in the data
 * directory, or PostgreSQL shared by several processes. Thread-safe.
 */
public final class ReportStore implements AutoCloseable {

  /** How long a caller waits for its report's commit before answering "try again later". */
  public static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(30);

  private final Database database;
  private final GroupCommit writer;
  private final StoreLocation location;
  private final ReportQueries queries;

  private ReportStore(Database database, StoreLocation location) {
    this.database = database;
    this.location = location;
    this.writer = new GroupCommit(database.writer, database.writerThreads);
    this.queries = queries(Clock.systemUTC());
  }

  /**
   * Opens the store, creating or migrating its schema.
   *
   * @throws StoreUnavailableException when the database cannot be reached or migrated
   */
  public static ReportStore open(StoreLocation location) {
    return new ReportStore(Database.open(location), location);
  }

  public StoreLocation location() {
    return location;
  }

  /**
   * Stores a submission durably and returns once it is committed.
   *
   * @throws StoreUnavailableException temporary: nothing was acknowledged, retry later
   * @throws StoreRejectedException the database refuses the report's values for good
   */
  public StoreResult store(Submission s) {
    return writer.store(s, COMMIT_TIMEOUT);
  }

  /** Every domain with reports, in order. */
  public List<DomainListing> domains() {
    return queries.domains();
  }

  /**
   * A domain's totals for the reports whose date-range starts within {@code from}..{@code to} (UTC
   * days, both inclusive; absent bounds are open). Reads only the roll-ups and the report index,
   * never the failure details.
   */
  public DomainSummary summary(String domain, Optional<LocalDate> from, Optional<LocalDate> to) {
    return queries.summary(domain, new Period(from, to));
  }

  /** The dashboard's queries, relative to today by the system clock (UTC). */
  public ReportQueries queries() {
    return queries;
  }

  /** The dashboard's queries, relative to today by {@code clock}. */
  public ReportQueries queries(Clock clock) {
    return new ReportQueries(new Reads(database.readers), clock);
  }

  /**
   * Drops the raw bytes of reports received before {@code cutoff}; the normalised rows and the
   * de-duplication key stay, so a late repeat is still recognised.
   *
   * @return how many raw reports were dropped
   */
  public int dropRawBefore(Instant cutoff) {
    try (Connection c = database.writer.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE raw_report SET raw_gzip = NULL"
                  + " WHERE received_at < ? AND raw_gzip IS NOT NULL")) {
        ps.setLong(1, cutoff.toEpochMilli());
        int n = ps.executeUpdate();
        c.commit();
        return n;
      }
    } catch (SQLException e) {
      throw new StoreUnavailableException("cannot apply retention: " + e.getMessage(), e);
    }
  }

  /** Whether the database answers (for {@code /healthz}). */
  public boolean isHealthy() {
    try (Connection c = database.readers.getConnection()) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  /** SQL run on one connection of the store (the same SQL must run on SQLite and PostgreSQL). */
  @FunctionalInterface
  public interface Query<T> {
    T run(Connection c) throws SQLException;
  }

  /**
   * Runs read-only SQL on a reader connection.
   *
   * @throws StoreUnavailableException when the database cannot be read
   */
  public <T> T read(Query<T> q) {
    return new Reads(database.readers).read(q::run);
  }

  /**
   * Runs SQL in one transaction on a writer connection, outside the report writer's group commit
   * (for small state such as alerts); commits when {@code q} returns, rolls back when it throws.
   *
   * @throws StoreUnavailableException when the database cannot be written
   */
  public <T> T write(Query<T> q) {
    try (Connection c = database.writer.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = q.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreUnavailableException("cannot write the store: " + e.getMessage(), e);
    }
  }

  /** Commits what is waiting, then closes the pools. */
  @Override
  public void close() {
    writer.close();
    database.close();
  }
}

package dev.mtasts.app.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Running a read on a connection of the readers' pool; a failing database is unavailable. */
final class Reads {

  interface Query<T> {
    T run(Connection c) throws SQLException;
  }

  private final DataSource readers;

  Reads(DataSource readers) {
    this.readers = readers;
  }

  <T> T read(Query<T> q) {
    try (Connection c = readers.getConnection()) {
      return q.run(c);
    } catch (SQLException e) {
      throw new StoreUnavailableException("cannot read the store: " + e.getMessage(), e);
    }
  }

  /** Binds domain, then the period's lower and upper day, from parameter 1. */
  static void bind(PreparedStatement ps, String domain, Period period) throws SQLException {
    ps.setString(1, domain);
    ps.setString(2, period.lo());
    ps.setString(3, period.hi());
  }
}

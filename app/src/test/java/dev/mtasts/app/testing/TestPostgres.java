package dev.mtasts.app.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The real PostgreSQL of scripts/services.sh (127.0.0.1:5432, database and user {@code mtasts},
 * trust), with a fresh schema for each caller, so runs never see each other's rows. Skips the test
 * when PostgreSQL is absent, or fails it under MTASTS_REQUIRE_SERVICES=1.
 */
public final class TestPostgres {

  private static final String BASE = "jdbc:postgresql://127.0.0.1:5432/mtasts?user=mtasts";

  private TestPostgres() {}

  /** A JDBC URL whose connections use a new, empty schema. */
  public static String freshSchemaUrl() {
    String schema =
        "t_"
            + Long.toHexString(System.currentTimeMillis())
            + "_"
            + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 20));
    try (Connection c = DriverManager.getConnection(BASE + "&connectTimeout=3");
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      RequiredService.assume(false, "PostgreSQL on 127.0.0.1:5432 (" + e.getMessage() + ")");
    }
    return BASE + "&currentSchema=" + schema;
  }
}

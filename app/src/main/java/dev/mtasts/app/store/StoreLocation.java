package dev.mtasts.app.store;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where reports are kept: an embedded SQLite file, or a PostgreSQL database shared by processes.
 */
public sealed interface StoreLocation {

  /** The SQLite file in {@code data} (the default store of {@code serve} and {@code report}). */
  static StoreLocation inDataDirectory(Path data) {
    return new Sqlite(data.resolve("mtasts.db"));
  }

  /**
   * The store a {@code database:} setting names: a {@code jdbc:postgresql:} URL, or {@code
   * jdbc:sqlite:FILE}.
   *
   * @throws IllegalArgumentException for any other URL
   */
  static StoreLocation ofUrl(String url) {
    if (url.startsWith("jdbc:postgresql:")) {
      return new Postgres(url);
    }
    if (url.startsWith("jdbc:sqlite:") && url.length() > "jdbc:sqlite:".length()) {
      return new Sqlite(Path.of(url.substring("jdbc:sqlite:".length())));
    }
    throw new IllegalArgumentException(
        "database must be a jdbc:postgresql://HOST/DB URL or jdbc:sqlite:FILE");
  }

  /** A SQLite database file (created with its directory when missing). */
  record Sqlite(Path file) implements StoreLocation {
    public Sqlite {
      Objects.requireNonNull(file, "file");
    }
  }

  /** A PostgreSQL database by JDBC URL; the URL may carry credentials, so it is never logged. */
  record Postgres(String jdbcUrl) implements StoreLocation {
    public Postgres {
      Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    }

    @Override
    public String toString() {
      int query = jdbcUrl.indexOf('?');
      return "Postgres[" + (query < 0 ? jdbcUrl : jdbcUrl.substring(0, query)) + "]";
    }
  }
}
